"""A profile's photo: shown in PDF, HTML and DOCX, re-encoded with no EXIF; bad or
far-away photos are located errors; oversized images never get decoded."""

from __future__ import annotations

import base64
import io
import logging
import re
import time
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

import toolkit
from toolkit.images import MAX_PIXELS

GPS = {1: "N", 2: (41.0, 52.0, 12.5), 3: "W", 4: (87.0, 37.0, 40.2)}


def _phone_photo(path: Path, size: tuple[int, int] = (1200, 1600)) -> None:
    """A JPEG like a phone's: camera make, GPS position and an orientation tag."""
    image = Image.new("RGB", size, (180, 200, 220))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x0110] = "SecretPhone 12"
    exif[0x8825] = GPS
    exif[0x0112] = 6  # "rotate 90° to show upright"
    image.save(path, exif=exif.tobytes(), comment=b"taken at home")


def _profile(folder: Path, photo: str = "me.jpg") -> Path:
    path = folder / "profile.yaml"
    path.write_text(
        f"basics:\n  name: Dana Reyes\n  photo: {photo}\n"
        "experience:\n  - employer: Clinic\n    title: Clerk\n    highlights: [Filed charts.]\n"
    )
    return path


def _no_metadata(jpeg: bytes) -> None:
    assert jpeg.startswith(b"\xff\xd8")
    for marker in (b"Exif", b"PhoneMaker", b"SecretPhone", b"taken at home", b"http://ns.adobe"):
        assert marker not in jpeg
    with Image.open(io.BytesIO(jpeg)) as image:
        assert not image.getexif()
        assert max(image.size) <= 600


@pytest.fixture
def with_photo(tmp_path: Path) -> toolkit.Profile:
    _phone_photo(tmp_path / "me.jpg")
    return toolkit.load_profile(_profile(tmp_path))


def test_photo_is_upright_small_and_has_no_exif(with_photo: toolkit.Profile) -> None:
    jpeg = with_photo.photo_jpeg
    assert jpeg is not None
    _no_metadata(jpeg)
    with Image.open(io.BytesIO(jpeg)) as image:
        assert image.width > image.height  # the orientation tag was applied, then dropped


def test_pdf_embeds_the_clean_photo(with_photo: toolkit.Profile) -> None:
    pdf = PdfReader(io.BytesIO(toolkit.render(with_photo, "resume", "pdf")))
    images = [img for page in pdf.pages for img in page.images]
    assert len(images) == 1
    _no_metadata(images[0].data)


def test_docx_embeds_the_clean_photo_with_alt_text(with_photo: toolkit.Profile) -> None:
    data = toolkit.render(with_photo, "resume", "docx")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        media = [n for n in archive.namelist() if n.startswith("word/media/")]
        assert len(media) == 1
        _no_metadata(archive.read(media[0]))
        body = archive.read("word/document.xml").decode()
    assert 'descr="Photo: Dana Reyes"' in body
    assert "<wp:anchor" in body  # beside the name, not a line of its own
    assert "Dana Reyes" in body


def test_html_carries_the_photo_inline(with_photo: toolkit.Profile) -> None:
    html = toolkit.render(with_photo, "resume", "html").decode()
    found = re.search(
        r'<img class="photo" src="data:image/jpeg;base64,([^"]+)" alt="([^"]+)"', html
    )
    assert found
    assert "Dana Reyes" in found.group(2)
    _no_metadata(base64.b64decode(found.group(1)))


def test_photo_can_be_left_out(with_photo: toolkit.Profile) -> None:
    assert 'class="photo"' not in toolkit.render(with_photo, "resume", "html", photo=False).decode()
    pdf = PdfReader(io.BytesIO(toolkit.render(with_photo, "resume", "pdf", photo=False)))
    assert not pdf.pages[0].images


def test_text_formats_never_mention_the_photo(with_photo: toolkit.Profile) -> None:
    for fmt in ("md", "txt"):
        text = toolkit.render(with_photo, "resume", fmt).decode()
        assert "me.jpg" not in text
        assert "base64" not in text


@pytest.mark.parametrize(
    ("photo", "message"),
    [
        ("../outside.jpg", "outside the profile's folder"),
        ("link.jpg", "outside the profile's folder"),
        ("notes.jpg", "not a readable JPEG, PNG or WebP"),
    ],
)
def test_bad_photos_are_located_errors(tmp_path: Path, photo: str, message: str) -> None:
    folder = tmp_path / "profile"
    folder.mkdir()
    _phone_photo(tmp_path / "outside.jpg")
    (folder / "link.jpg").symlink_to(tmp_path / "outside.jpg")
    (folder / "notes.jpg").write_text("root:x:0:0:root:/root:/bin/bash\n")
    with pytest.raises(toolkit.InputError) as caught:
        toolkit.load_profile(_profile(folder, photo))
    issue = caught.value.issues[0]
    assert message in issue.message
    assert (issue.field, issue.line, issue.column) == ("basics.photo", 3, 10)
    assert issue.hint


def test_a_missing_photo_is_a_warning_and_the_documents_have_none(tmp_path: Path) -> None:
    loaded = toolkit.read_profile(_profile(tmp_path, "missing.jpg"))
    (warning,) = loaded.warnings
    assert "no such photo file" in warning.message
    assert (warning.field, warning.line, warning.severity) == ("basics.photo", 3, "warning")
    assert loaded.value.photo_jpeg is None
    assert 'class="photo"' not in toolkit.render(loaded.value, "resume", "html").decode()


def test_a_hundred_megapixel_photo_is_refused_before_decoding(tmp_path: Path) -> None:
    Image.new("1", (10_000, 10_000)).save(tmp_path / "me.png")  # 100 MP in a small file
    assert (tmp_path / "me.png").stat().st_size < 2_000_000
    started = time.monotonic()
    with pytest.raises(toolkit.InputError, match="100 megapixels") as caught:
        toolkit.load_profile(_profile(tmp_path, "me.png"))
    assert time.monotonic() - started < 2
    assert caught.value.issues[0].field == "basics.photo"
    assert MAX_PIXELS < 10_000 * 10_000


def test_with_photo_for_apps_holding_bytes(tmp_path: Path) -> None:
    _phone_photo(tmp_path / "me.jpg")
    profile = toolkit.parse_profile("basics:\n  name: Dana Reyes\n")
    attached = profile.with_photo((tmp_path / "me.jpg").read_bytes())
    assert profile.photo_jpeg is None
    assert attached.photo_jpeg is not None
    _no_metadata(attached.photo_jpeg)
    with pytest.raises(toolkit.UserError, match=r"basics\.photo: .*not a readable"):
        profile.with_photo(b"GIF89a not really")


def test_a_profile_from_text_says_its_photo_is_left_out(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="toolkit"):
        profile = toolkit.parse_profile("basics:\n  name: Dana Reyes\n  photo: me.jpg\n")
        html = toolkit.render(profile, "resume", "html").decode()
    assert 'class="photo"' not in html
    assert any("photo is left out" in r.getMessage() for r in caplog.records)


def test_template_images_are_size_checked_and_svg_data_refused(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """User templates may use their own images, within the same limits as photos."""
    profile = toolkit.parse_profile("basics:\n  name: Dana Reyes\n")
    Image.new("1", (10_000, 10_000)).save(tmp_path / "huge.png")
    Image.new("RGB", (40, 40), "red").save(tmp_path / "logo.png")
    svg = base64.b64encode(b'<svg xmlns="http://www.w3.org/2000/svg"/>').decode()
    (tmp_path / "resume.html.j2").write_text(
        f'<img src="{tmp_path.as_uri()}/huge.png"><img src="{tmp_path.as_uri()}/logo.png">'
        f'<img src="data:image/svg+xml;base64,{svg}">{{{{ person.name }}}}'
    )
    with caplog.at_level(logging.WARNING, logger="toolkit"):
        pdf = toolkit.render(profile, "resume", "pdf", user_templates=tmp_path)
    warnings = " ".join(r.getMessage() for r in caplog.records)
    assert "100 megapixels" in warnings
    assert "image/svg+xml is not loaded" in warnings
    images = PdfReader(io.BytesIO(pdf)).pages[0].images
    assert [img.image.size for img in images] == [(40, 40)]
