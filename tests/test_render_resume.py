"""Resumes in every theme, format and page size, read back as a person or a parser would."""

from __future__ import annotations

import functools
import io
import itertools
import re
import zlib
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader

import toolkit
from tests.test_scripts import drawn_glyphs, need_cjk_font, unreal_glyphs
from toolkit.formats.themes import templates_root, theme_names
from toolkit.models.options import DocumentOptions, ThemeOptions
from toolkit.pipeline import build, build_context, render, render_context

ROOT = Path(__file__).resolve().parent.parent
DAY = date(2026, 11, 27)
THEMES = ("plain", "modern", "compact")
MID = ROOT / "examples" / "mid-rhit.yaml"


@functools.cache
def profile(path: Path = MID) -> toolkit.Profile:
    return toolkit.load_profile(path)


@functools.cache
def pdf_of(theme: str, page: str, path: Path = MID) -> bytes:
    return render(profile(path), "resume", "pdf", theme=theme, page_size=page, document_date=DAY)


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def squash(text: str) -> str:
    """One space between words; a line broken after a hyphen joins up again."""
    return re.sub(r"\s+", " ", re.sub(r"-\n\s*", "-", text)).strip()


def expected_sequence(p: toolkit.Profile) -> list[str]:
    """What must appear, in this order: name, headings, employers, dates, bullets."""
    ctx = build_context(p, "resume", DocumentOptions(document_date=DAY))
    seq = [ctx.person.name]
    for section in ctx.sections:
        seq.append(section.title)
        for item in section.items:
            seq.append(item.title)
            if item.subtitle:
                seq.append(item.subtitle)
            if item.dates:
                seq.append(item.dates)
            seq.extend(item.bullets)
    return seq


def assert_in_order(haystack: str, needles: list[str]) -> None:
    text = squash(haystack).lower()
    at = 0
    for needle in needles:
        found = text.find(squash(needle).lower(), at)
        assert found >= 0, f"{needle!r} missing or out of order after position {at}"
        at = found + 1


def test_themes_are_listed_with_plain_first() -> None:
    assert theme_names()[0] == "plain"
    assert set(THEMES) <= set(theme_names())


# --- PDF ------------------------------------------------------------------------------------


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize(("page", "width"), [("a4", 595), ("letter", 612)])
def test_pdf_reads_back_in_order_on_the_right_paper(theme: str, page: str, width: int) -> None:
    pdf = pdf_of(theme, page)
    reader = PdfReader(io.BytesIO(pdf))
    assert 1 <= len(reader.pages) <= 3
    assert round(float(reader.pages[0].mediabox.width)) == width
    text = pdf_text(pdf)
    assert_in_order(text, expected_sequence(profile()))
    assert not re.search("[\ufb00-\ufb06]", text), "ligature glyphs in the text layer"


def test_pdf_metadata_tags_and_no_tool_or_path() -> None:
    pdf = pdf_of("plain", "letter")
    reader = PdfReader(io.BytesIO(pdf))
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Marcus T. Bell — Resume"
    assert meta.author == "Marcus T. Bell"
    assert meta.get("/CreationDate") == "D:20261127000000Z"
    assert "/Producer" not in meta
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-US"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    raw = pdf + b"".join(_inflate_streams(pdf))
    assert str(templates_root()).encode() not in raw
    assert b"file:" not in raw
    assert b"WeasyPrint" not in raw


def _inflate_streams(pdf: bytes) -> list[bytes]:
    out = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            out.append(zlib.decompress(match.group(1)))
        except zlib.error:
            out.append(match.group(1))
    return out


def test_same_input_and_date_give_identical_bytes() -> None:
    p = profile()
    first = render(p, "resume", "pdf", document_date=DAY)
    assert render(p, "resume", "pdf", document_date=DAY) == first
    later = render(p, "resume", "pdf", document_date=date(2027, 1, 5))
    assert later != first
    assert PdfReader(io.BytesIO(later)).metadata.get("/CreationDate") == "D:20270105000000Z"


def test_headings_are_never_alone_at_the_foot_of_a_page() -> None:
    pdf = pdf_of("plain", "letter", ROOT / "examples" / "senior-supervisor.yaml")
    ctx = build_context(
        profile(ROOT / "examples" / "senior-supervisor.yaml"),
        "resume",
        DocumentOptions(document_date=DAY),
    )
    titles = {s.title for s in ctx.sections}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        lines = [line.strip() for line in page.extract_text().splitlines() if line.strip()]
        lines = [line for line in lines if not line.startswith("Page ")]
        assert lines[-1] not in titles, f"page ends with the heading {lines[-1]!r}"


# --- the same content in every format -------------------------------------------------------


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "title", "head"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "title", "head"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


@pytest.mark.parametrize("fmt", ["html", "md", "txt"])
def test_text_formats_carry_the_same_entries_in_order(fmt: str) -> None:
    data = render(profile(), "resume", fmt, document_date=DAY).decode()
    text = html_text(data) if fmt == "html" else data
    if fmt == "md":
        text = text.replace("\\", "")
    expected = expected_sequence(profile())
    if fmt == "txt":
        expected = [
            e.upper()
            if e
            in {s.title for s in build_context(profile(), "resume", DocumentOptions()).sections}
            else e
            for e in expected
        ]
        expected[0] = expected[0].upper()
    assert_in_order(text, expected)


def test_plain_text_has_no_markup_and_wraps() -> None:
    text = render(profile(), "resume", "txt", document_date=DAY).decode()
    assert not re.search(r"[<>*#_`\[\]]", text)
    assert max(len(line) for line in text.splitlines()) <= 78
    assert "  - Process about 1,100 release-of-information requests" in text


@pytest.mark.parametrize("name", ["mid-rhit", "senior-supervisor", "entry-career-changer"])
def test_plain_text_breaks_a_line_between_parts_not_inside_one(name: str) -> None:
    """A credential's "ID 5550193", a date or a place is never split over two lines: a line
    of parts joined by " · " breaks between them."""
    p = toolkit.load_profile(Path(__file__).resolve().parent.parent / "examples" / f"{name}.yaml")
    text = render(p, "resume", "txt", document_date=DAY).decode()
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 78
    assert "\u00a0" not in text
    for line, after in itertools.pairwise(lines):
        assert not re.search(r"(?:^|· )(?:ID|No\.)$", line.rstrip()), (line, after)
        assert not re.search(r"· (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)$", line)


def test_a_letters_contact_line_breaks_between_contacts() -> None:
    """The plain-text letter wraps its contact line as the resume does: a phone number that
    reaches past the line's end goes whole to the next line."""
    email = "a" * 56 + "@example.com"  # the phone's "(515)" ends at column 76, its number past 78
    p = toolkit.parse_profile(
        f"basics:\n  name: Ada Lovelace\n  email: {email}\n  phone: '(515) 555-0162'\n"
        "experience:\n  - {employer: Clinic, title: Clerk, highlights: ['Filed 40 charts.']}\n"
    )
    lines = render(p, "letter", "txt", document_date=DAY).decode().splitlines()
    assert max(len(line) for line in lines) <= 78
    assert any(line.strip() == "(515) 555-0162" for line in lines), lines[:4]


def test_markdown_escapes_and_links() -> None:
    p = toolkit.parse_profile(
        "basics:\n  name: Ada *Star* Lovelace\n  website: https://ada.example.org\n"
        "experience:\n  - {employer: '#1 Clinic', title: Clerk, highlights: ['- dash start']}\n"
    )
    md = render(p, "resume", "md").decode()
    assert md.startswith("# Ada \\*Star\\* Lovelace\n")
    assert "[ada.example.org](https://ada.example.org)" in md
    assert "### Clerk, \\#1 Clinic" in md
    assert "- \\- dash start" in md


def test_golden_html(golden, full_yaml: str) -> None:  # type: ignore[no-untyped-def]
    p = toolkit.parse_profile(full_yaml)
    html = render(p, "resume", "html", document_date=DAY).decode()
    body = html[html.index("<body") :]  # the stylesheet is tested through the PDF
    golden("resume_plain.html", body)


# --- locales, paper and scripts -------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "heading", "month", "page"),
    [
        ("en-US", "Experience", "Mar 2021", "letter"),
        ("en-GB", "Experience", "Mar 2021", "a4"),
        ("fr-FR", "Expérience professionnelle", "mars 2021", "a4"),
        ("de-DE", "Berufserfahrung", "März 2021", "a4"),
        ("es-ES", "Experiencia profesional", "mar 2021", "a4"),
        ("en-CA", "Experience", "Mar 2021", "letter"),
        ("es-MX", "Experiencia profesional", "mar 2021", "letter"),
        ("zh-CN", "工作经历", "2021年3月", "a4"),
        ("ja-JP", "職務経歴", "2021年3月", "a4"),
        ("ko-KR", "경력", "2021년 3월", "a4"),
    ],
)
def test_locales(full_yaml: str, locale: str, heading: str, month: str, page: str) -> None:
    ctx = build_context(
        toolkit.parse_profile(full_yaml),
        "resume",
        DocumentOptions(locale=locale, document_date=DAY),
    )
    assert ctx.page_size == page
    titles = [s.title for s in ctx.sections]
    assert heading in titles
    experience = next(s for s in ctx.sections if s.id == "experience")
    assert experience.items[0].dates is not None
    assert experience.items[0].dates.startswith(month)
    assert ctx.meta.lang == locale


def test_explicit_page_size_beats_the_locale(full_yaml: str) -> None:
    ctx = build_context(
        toolkit.parse_profile(full_yaml), "resume", DocumentOptions(locale="en-US", page_size="a4")
    )
    assert ctx.page_size == "a4"


@pytest.mark.parametrize(
    ("name", "locale"),
    [
        ("Zoë Núñez-Brontë", "fr-FR"),
        ("Анна Петрова", "ru-RU"),
        ("李小龍", "zh-CN"),
        ("山田 花子", "ja-JP"),
        ("김민준", "ko-KR"),
        ("דנה כהן", "he-IL"),
        ("ليلى حداد", "ar-EG"),
    ],
)
def test_scripts_render_with_real_glyphs(name: str, locale: str) -> None:
    """Every glyph of the name, in every theme, is a real glyph of a font that has the
    character (never .notdef); tests/test_scripts.py reads whole resumes and bold faces."""
    if any(ord(ch) >= 0x2E80 for ch in name):
        need_cjk_font()
    p = toolkit.parse_profile(f"basics:\n  name: {name}\n  headline: ICD-10-CM\n")
    for theme in THEMES:
        pdf = render(p, "resume", "pdf", theme=theme, locale=locale, document_date=DAY)
        assert not unreal_glyphs(pdf), theme
        drawn = {ch for g in drawn_glyphs(pdf) for ch in g.text}
        assert not set(name) - drawn - {" "}, theme


def test_a_glyph_no_font_has_is_detected() -> None:
    p = toolkit.parse_profile('basics:\n  name: "A \U00013000 B"\n')
    pdf = render(p, "resume", "pdf")
    assert any("U+13000" in bad for bad in unreal_glyphs(pdf))  # the check above can fail


@pytest.mark.parametrize("locale", ["he-IL", "ar-EG"])
def test_right_to_left_documents(locale: str) -> None:
    p = toolkit.parse_profile("basics:\n  name: דנה כהן\n  phone: +972 3 555 0100\n")
    html = render(p, "resume", "html", locale=locale).decode()
    assert f'<html lang="{locale}" dir="rtl">' in html
    # numbers and addresses keep their own left-to-right order inside the page
    assert '<span class="ltr" dir="ltr"><a href="tel:+97235550100">+972 3 555 0100</a>' in html
    ctx = build_context(p, "resume", DocumentOptions(locale=locale))
    assert ctx.meta.title.split(" — ")[1] in ("קורות חיים", "السيرة الذاتية")


# --- theme options are data, never CSS ------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("accent_color", "red} body{background:url(file:///etc/shadow)"),
        ("accent_color", "#12345"),
        ("font_family", 'Arial"; src: url(http://127.0.0.1/x)'),
        ("base_size", "11pt"),
        ("margin", 200),
    ],
)
def test_theme_options_are_validated(field: str, value: object) -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        ThemeOptions.model_validate({field: value})


def test_accent_colour_reaches_the_stylesheet() -> None:
    html = render(
        profile(),
        "resume",
        "html",
        theme="modern",
        theme_options=ThemeOptions(accent_color="#AA3300"),
    ).decode()
    assert "--accent: #AA3300" in html


# --- variants from one master profile -------------------------------------------------------


def test_tags_select_entries_and_bullets() -> None:
    p = profile()
    coding = build_context(p, "resume", DocumentOptions(tags=["coding"]))
    roi = build_context(p, "resume", DocumentOptions(exclude_tags=["coding"]))
    coding_bullets = [b for s in coding.sections for i in s.items for b in i.bullets]
    roi_bullets = [b for s in roi.sections for i in s.items for b in i.bullets]
    assert any("ICD-10-CM codes" in b for b in coding_bullets)
    assert not any("ICD-10-CM codes" in b for b in roi_bullets)
    assert not any("subpoena" in b.lower() for b in coding_bullets)


def test_private_entries_need_include_private() -> None:
    p = toolkit.parse_profile(
        "basics: {name: A}\nreferences:\n  - {name: Dr. Private, private: true}\n"
        "  - {name: Ms. Public}\n"
    )
    shown = render(p, "resume", "md").decode()
    assert "Ms. Public" in shown
    assert "Dr. Private" not in shown
    assert "Dr. Private" in render(p, "resume", "md", include_private=True).decode()


def test_preferences_order_rename_and_hide_sections(full_yaml: str) -> None:
    text = full_yaml.replace(
        "section_order: [summary, experience, credentials, education, skills]",
        "section_order: [skills, experience]\n  hidden_sections: [languages]",
    )
    ctx = build_context(toolkit.parse_profile(text), "resume", DocumentOptions())
    ids = [s.id for s in ctx.sections]
    assert ids[:2] == ["skills", "experience"]
    assert "languages" not in ids
    assert next(s for s in ctx.sections if s.id == "credentials").title == "Certifications"


def test_bullets_follow_priority(full_yaml: str) -> None:
    ctx = build_context(toolkit.parse_profile(full_yaml), "resume", DocumentOptions())
    first_job = next(s for s in ctx.sections if s.id == "experience").items[0]
    assert first_job.bullets[0].startswith("Cut the chart deficiency backlog")  # priority 2


# --- fitting to pages -----------------------------------------------------------------------


def test_max_pages_tightens_then_drops_only_when_allowed(tmp_path: Path) -> None:
    senior = profile(ROOT / "examples" / "senior-supervisor.yaml")
    tight = build(senior, "resume", ["pdf"], out=tmp_path / "a", max_pages=1)
    assert tight.pages is not None
    assert tight.pages > 1  # cannot fit by layout alone …
    assert tight.warnings  # … and says so
    # it writes the most readable layout that takes as few pages as the tightest would,
    # not the tightest: the type keeps its size
    assert not any("font size" in n for n in tight.notes)
    assert not any(n.startswith("left out") for n in tight.notes)
    squeezed = build(
        senior,
        "resume",
        ["pdf"],
        out=tmp_path / "c",
        theme_options={"base_size": 9.5, "margin": 12, "line_height": 1.15, "section_gap": 0.6},
    )
    pdf = next(p for p in squeezed.paths if p.suffix == ".pdf").read_bytes()
    assert len(PdfReader(io.BytesIO(pdf)).pages) == tight.pages  # the tightest saves no page
    dropped = build(
        senior, "resume", ["pdf", "md"], out=tmp_path / "b", max_pages=1, allow_dropping=True
    )
    assert dropped.pages == 1
    assert not dropped.warnings
    left_out = [n for n in dropped.notes if n.startswith("left out")]
    assert left_out
    pdf = next(p for p in dropped.paths if p.suffix == ".pdf").read_bytes()
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    md = next(p for p in dropped.paths if p.suffix == ".md").read_text()
    first_dropped = left_out[0].split("'")[1].removesuffix("...")
    assert first_dropped not in md  # every format carries the fitted content


def test_max_pages_changes_nothing_when_it_already_fits(tmp_path: Path) -> None:
    result = build(profile(), "resume", ["pdf"], out=tmp_path, max_pages=3)
    assert result.notes == []
    assert result.pages is not None
    assert result.pages <= 3


# --- writing --------------------------------------------------------------------------------


def test_build_publishes_all_formats_in_the_person_folder(tmp_path: Path) -> None:
    result = build(
        profile(), "resume", ["pdf", "html", "md", "txt", "png"], out=tmp_path, document_date=DAY
    )
    names = sorted(p.name for p in result.paths)
    assert names[:4] == ["resume-page1.png", "resume-page2.png", "resume.html", "resume.md"]
    assert all(p.parent == (tmp_path / "marcus-t-bell").resolve() for p in result.paths)
    png = next(p for p in result.paths if p.suffix == ".png").read_bytes()
    assert png.startswith(b"\x89PNG")
    again = build(profile(), "resume", ["pdf"], out=tmp_path, document_date=DAY)
    assert again.paths[0].name == "resume.pdf"


def test_render_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    ctx = build_context(profile(), "resume", DocumentOptions())
    assert render_context(ctx, "md").startswith(b"# Marcus T. Bell")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("theme", THEMES)
def test_no_bullet_is_split_across_pages(theme: str) -> None:
    path = ROOT / "examples" / "senior-supervisor.yaml"
    pdf = pdf_of(theme, "letter", path)
    pages = [squash(p.extract_text()).lower() for p in PdfReader(io.BytesIO(pdf)).pages]
    assert len(pages) > 1
    ctx = build_context(profile(path), "resume", DocumentOptions())
    for section in ctx.sections:
        for item in section.items:
            for bullet in item.bullets:
                wanted = squash(bullet).lower()
                assert any(wanted in page for page in pages), f"split: {bullet[:50]}"


def docx_text(data: bytes) -> str:
    import docx

    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("page", ["a4", "letter"])
@pytest.mark.parametrize("fmt", ["pdf", "docx", "html", "md", "txt"])
def test_every_theme_format_and_page_size(theme: str, page: str, fmt: str) -> None:
    if fmt == "pdf":
        data = pdf_of(theme, page)
    else:
        data = render(profile(), "resume", fmt, theme=theme, page_size=page, document_date=DAY)
    text = {
        "pdf": pdf_text,
        "docx": docx_text,
        "html": lambda d: html_text(d.decode()),
        "md": lambda d: d.decode().replace("\\", ""),
        "txt": lambda d: d.decode(),
    }[fmt](data)
    titles = [s.title for s in build_context(profile(), "resume", DocumentOptions()).sections]
    entries = [
        x
        for s in build_context(profile(), "resume", DocumentOptions(document_date=DAY)).sections
        for i in s.items
        for x in (i.title, *i.bullets)
    ]
    if fmt == "txt":
        titles = [t.upper() for t in titles]
    assert_in_order(text, titles)
    assert_in_order(text, entries)
    if fmt == "html":
        assert f"size: {'A4' if page == 'a4' else 'letter'}" in data.decode()


def test_pdf_docx_and_markdown_agree_entry_by_entry() -> None:
    p = profile(ROOT / "examples" / "senior-supervisor.yaml")
    expected = expected_sequence(p)
    pdf = render(p, "resume", "pdf", document_date=DAY)
    docx_data = render(p, "resume", "docx", document_date=DAY)
    md = render(p, "resume", "md", document_date=DAY).decode().replace("\\", "")
    for text in (pdf_text(pdf), docx_text(docx_data), md):
        assert_in_order(text, expected)


def test_a_word_template_in_the_templates_folder_is_used(tmp_path: Path) -> None:
    import docx

    template = docx.Document()
    template.add_paragraph("{{ person.name }} — {{ meta.title }}")
    template.save(str(tmp_path / "resume.docx"))
    p = toolkit.parse_profile("basics:\n  name: Tom & Jerry <3 Smith\n")
    data = render(p, "resume", "docx", user_templates=tmp_path, document_date=DAY)
    assert docx_text(data).startswith("Tom & Jerry <3 Smith — Tom & Jerry <3 Smith — Resume")


@pytest.mark.parametrize("present", [False, True])
def test_a_missing_harfbuzz_subsetter_is_said_once(
    present: bool, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import ctypes.util

    from toolkit.formats import pdf

    real = ctypes.util.find_library
    monkeypatch.setattr(
        ctypes.util,
        "find_library",
        lambda name: (real(name) if present else None) if name == "harfbuzz-subset" else real(name),
    )
    monkeypatch.setattr(pdf, "_SLOW_PATH_WARNED", False)
    if present and real("harfbuzz-subset") is None:
        pytest.skip("libharfbuzz-subset0 is not installed here (make sysdeps installs it)")
    with caplog.at_level("WARNING", logger="toolkit"):
        for _ in range(2):
            render(profile(), "resume", "pdf")
    said = [r.getMessage() for r in caplog.records if "libharfbuzz-subset0" in r.getMessage()]
    if present:
        assert said == []
    else:
        assert len(said) == 1
        assert "apt-get install libharfbuzz-subset0" in said[0]
