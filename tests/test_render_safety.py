"""User templates and fetching: sandboxed, plain data only, and nothing leaves the machine."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

import toolkit
from toolkit import TemplateError
from toolkit.pipeline import render

PROFILE = "basics:\n  name: Ada Lovelace\n  email: ada@example.com\n"


@pytest.fixture
def ada() -> toolkit.Profile:
    return toolkit.parse_profile(PROFILE)


def test_user_template_overrides_one_file_and_keeps_the_rest(ada, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "theme.css").write_text("h2 { color: #AB0000; }\n")
    html = render(ada, "resume", "html", user_templates=tmp_path).decode()
    assert "#AB0000" in html
    assert '<h1 class="name">Ada Lovelace</h1>' in html  # the built-in structure is kept


def test_user_templates_get_plain_data_and_escaping(ada, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "resume.html.j2").write_text(
        "<p>{{ person.name }}</p><p>{{ person.contacts[0].href }}</p>{{ meta | tojson }}"
    )
    p = toolkit.parse_profile("basics:\n  name: Tom & Jerry <3\n  email: tj@example.com\n")
    html = render(p, "resume", "html", user_templates=tmp_path).decode()
    assert "<p>Tom &amp; Jerry &lt;3</p>" in html
    assert "<p>mailto:tj@example.com</p>" in html
    del ada


@pytest.mark.parametrize(
    "payload",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ person.__class__ }}{{ cycler.__init__.__globals__ }}",
        "{{ meta.items.__self__ }}",
        "{% set x = meta.update({'title': 'changed'}) %}{{ meta.title }}",
        "{{ lipsum.__globals__['os'].system('id') }}",
    ],
)
def test_sandbox_blocks_code_in_user_templates(ada, tmp_path: Path, payload: str) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "resume.html.j2").write_text(payload)
    with pytest.raises(TemplateError):
        render(ada, "resume", "html", user_templates=tmp_path)


def test_template_errors_name_the_template_and_line(ada, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "resume.html.j2").write_text("<p>\n{{ person.name }\n</p>")
    with pytest.raises(TemplateError) as exc:
        render(ada, "resume", "html", user_templates=tmp_path)
    assert exc.value.line == 2
    assert "resume.html.j2" in str(exc.value)
    (tmp_path / "resume.html.j2").write_text("{{ person.nickname }}")
    with pytest.raises(TemplateError, match="does not exist"):
        render(ada, "resume", "html", user_templates=tmp_path)


def test_symlinked_templates_are_not_followed(ada, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    user = tmp_path / "mine"
    user.mkdir()
    (user / "resume.html.j2").write_text("{% include 'leak.html.j2' %}")
    (user / "leak.html.j2").symlink_to(secret)
    with pytest.raises(TemplateError):
        render(ada, "resume", "html", user_templates=user)


def test_missing_templates_folder_is_a_clear_error(ada, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(toolkit.NotFoundError, match="no such templates folder"):
        render(ada, "resume", "html", user_templates=tmp_path / "nope")


HOSTILE = [
    '<link rel="stylesheet" href="{url}/link.css">',
    "<style>@import url({url}/import.css);</style>",
    '<p style="background: url({url}/inline.png)">x</p>',
    '<img src="{url}/img.png">',
    '<object data="{url}/object.svg"></object>',
    '<embed src="{url}/embed.svg">',
    '<svg><image href="{url}/svg.png" width="10" height="10"/></svg>',
    "<style>@font-face {{ font-family: X; src: url({url}/font.ttf); }}"
    " p {{ font-family: X }}</style>",
    "<style>li {{ list-style-image: url({url}/list.png) }}</style><ul><li>x</li></ul>",
    "<style>p::before {{ content: url({url}/content.png) }}</style><p>x</p>",
    '<base href="{url}/"><img src="relative.png">',
    '<link rel="attachment" href="{url}/attach.txt">',
    '<a rel="attachment" href="{url}/attach2.txt">x</a>',
]


def test_no_request_leaves_the_machine(ada, tmp_path: Path, canary) -> None:  # type: ignore[no-untyped-def]
    url, hits = canary
    body = "\n".join(h.format(url=url) for h in HOSTILE)
    (tmp_path / "resume.html.j2").write_text(
        "<html><head><style>{{ css }}</style></head><body>" + body + "</body></html>"
    )
    pdf = render(ada, "resume", "pdf", user_templates=tmp_path)
    assert hits == []
    assert pdf.startswith(b"%PDF")


@pytest.mark.parametrize(
    "snippet",
    [
        '<link rel="attachment" href="file:///etc/passwd">',
        '<img src="file:///etc/passwd">',
        "<style>@import url(file:///etc/passwd);</style>",
        '<a rel="attachment" href="../../../../../../etc/hostname">x</a>',
    ],
)
def test_local_files_are_never_embedded(ada, tmp_path: Path, snippet: str) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "resume.html.j2").write_text(
        "<html><body><p>{{ person.name }}</p>" + snippet + "</body></html>"
    )
    pdf = render(ada, "resume", "pdf", user_templates=tmp_path)
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert "/EmbeddedFiles" not in (root.get("/Names") or {})
    assert b"root:" not in pdf


def test_fonts_of_the_theme_are_still_loaded(ada) -> None:  # type: ignore[no-untyped-def]
    pdf = render(ada, "resume", "pdf", theme="modern")
    fonts = {
        str(f.get_object()["/BaseFont"])
        for page in PdfReader(io.BytesIO(pdf)).pages
        for f in page["/Resources"]["/Font"].values()
    }
    assert any("Open-Sans" in f or "OpenSans" in f for f in fonts), fonts
