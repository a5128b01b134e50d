"""A theme is data for Word too: the ``word:`` section of theme.yaml, and a user's theme folder.

Every Word document (resume, letter, interview sheet, job description) takes its look from
the theme's ``theme.yaml``; a folder with a ``theme.yaml`` and a ``theme.css`` is a theme,
with no Python. DOCX files are read back with python-docx and compared by style, not bytes.
"""

from __future__ import annotations

import io
import shutil
import textwrap
from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.document import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

import toolkit
import toolkit.formats.docx.builder as docx_module
from toolkit.documents.interview import InterviewSheet, interview_sheet
from toolkit.documents.letter import build_letter
from toolkit.errors import InputError, NotFoundError
from toolkit.formats.docx.builder import render_docx
from toolkit.formats.docx.interview import interview_docx
from toolkit.formats.docx.jd import jd_docx
from toolkit.formats.docx.letter import render_letter_docx
from toolkit.formats.themes import (
    MAX_THEME_BYTES,
    WordLook,
    load_theme,
    resolved_options,
    stylesheet_prelude,
    templates_root,
    theme_names,
)
from toolkit.jd import load_org, scaffold_jd
from toolkit.models.jd import JobDescription
from toolkit.models.options import DocumentOptions
from toolkit.models.posting import JobPosting
from toolkit.models.profile import Profile
from toolkit.pipeline import build_context
from toolkit.roles import load_pack

ROOT = Path(__file__).resolve().parents[1]
DAY = date(2026, 3, 3)
STOCK_BLUE = (RGBColor(0x4F, 0x81, 0xBD), RGBColor(0x36, 0x5F, 0x91), RGBColor(0x17, 0x36, 0x5D))
"""The colours of python-docx's default template: headings, Heading 1, Title."""

# A theme as a person would write one: no Python, a distinctive look.
THEME_YAML = """\
description: Claret, a user's own theme.
font_files:
  - {family: Gentium Plus, weight: 400, style: normal, file: GentiumPlus-Regular.ttf}
defaults:
  accent_color: "#7B1E3A"
  font_family: Gentium Plus
  base_size: 11
  margin: 21
  line_height: 1.4
  section_gap: 1.5
word:
  text_color: "202020"
  muted_color: "5A4A4A"
  name_accent: true
  heading_em: 1.4
  heading_accent: true
  heading_caps: false
  heading_tracking_em: 0
  heading_rule_pt: 1.5
"""
ACCENT = RGBColor(0x7B, 0x1E, 0x3A)
FONT = "Gentium Plus"
HEADING_SIZE = Pt(round(11 * 1.4 * 2) / 2)


def render_jd(
    jd: JobDescription,
    fmt: str,
    *,
    theme: str = "modern",
    letterhead: Path | None = None,
    today: date | None = None,
) -> bytes:
    """The job description in one format, as ``toolkit.render`` makes it."""
    return toolkit.render(jd, "jd", fmt, theme=theme, word_template=letterhead, document_date=today)


@pytest.fixture
def claret(tmp_path: Path) -> Path:
    folder = tmp_path / "claret"
    folder.mkdir()
    (folder / "theme.yaml").write_text(THEME_YAML, "utf-8")
    (folder / "theme.css").write_text("h2 { color: var(--accent); }\n", "utf-8")
    (folder / "GentiumPlus-Regular.ttf").write_bytes(b"\x00\x01\x00\x00" + b"\x00" * 64)
    return folder


@pytest.fixture(scope="module")
def profile() -> Profile:
    return toolkit.load_profile(ROOT / "examples" / "mid-rhit.yaml")


@pytest.fixture(scope="module")
def job() -> JobPosting:
    return toolkit.load_job(ROOT / "examples" / "posting-him-coding-tech.txt")


@pytest.fixture(scope="module")
def jd() -> JobDescription:
    org = load_org(ROOT / "examples" / "orgs" / "lakeshore.yaml")
    return scaffold_jd(load_pack("medical-records-specialist"), "specialist", org, today=DAY)


def _sheet(profile: Profile, job: JobPosting, theme: str, page_size: str = "a4") -> InterviewSheet:
    options = DocumentOptions(theme=theme, page_size=page_size, document_date=DAY)
    return interview_sheet(profile, job=job, count=3, seed=2, with_tips=True, options=options)


def _open(data: bytes) -> Document:
    return docx.Document(io.BytesIO(data))


def _default_rpr(document: Document) -> Any:
    return document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")


def _font(document: Document, style_name: str) -> str | None:
    """The Latin font a style's text is set in: its own, its base styles', else the default."""
    style: Any = document.styles[style_name]
    while style is not None:
        if style.font.name:
            return str(style.font.name)
        style = style.base_style
    fonts = _default_rpr(document).find(qn("w:rFonts"))
    if fonts is None or fonts.get(qn("w:asciiTheme")) is not None:
        return None  # a theme font (Calibri in python-docx's template)
    return str(fonts.get(qn("w:ascii")))


def _heading(document: Document) -> Any:
    return document.styles["Heading 1"]


def _assert_claret(document: Document) -> None:
    heading = _heading(document)
    assert heading.font.color.rgb == ACCENT
    assert heading.font.size == HEADING_SIZE
    assert not heading.font.all_caps
    assert _font(document, "Heading 1") == FONT
    assert _font(document, "Normal") == FONT
    assert document.styles["Normal"].font.color.rgb == RGBColor(0x20, 0x20, 0x20)
    assert document.styles["Title"].font.color.rgb == ACCENT
    border = heading.element.pPr.find(f"{qn('w:pBdr')}/{qn('w:bottom')}")
    assert border is not None
    assert border.get(qn("w:color")) == "7B1E3A"
    assert border.get(qn("w:sz")) == "12"  # 1.5 pt in eighths
    assert abs(int(document.sections[0].left_margin or 0) - int(Mm(21))) <= int(Mm(0.1))


# --- the word: section --------------------------------------------------------------------


def test_looks_are_data_not_python() -> None:
    assert not hasattr(docx_module, "_LOOKS")
    assert not hasattr(docx_module, "_Look")


def test_every_builtin_theme_has_a_valid_word_look() -> None:
    for name in theme_names():
        assert isinstance(load_theme(name).word, WordLook)
    # plain writes its look out in full, and it is the default a theme without word: gets
    assert load_theme("plain").word == WordLook()
    modern = load_theme("modern").word
    assert (modern.heading_accent, modern.heading_caps, modern.text_color) == (
        True,
        False,
        "1D232A",
    )
    assert load_theme("compact").word.dates_beside_title


def test_builtin_themes_stay_cached() -> None:
    assert load_theme("modern") is load_theme("modern")
    assert load_theme("modern").builtin
    assert load_theme("modern").folder == templates_root() / "modern"


def test_a_theme_without_word_looks_plain(tmp_path: Path) -> None:
    (tmp_path / "theme.yaml").write_text(
        "description: Bare.\ndefaults:\n  font_family: Carlito\n", "utf-8"
    )
    theme = load_theme("modern", tmp_path)
    assert theme.word == WordLook()
    assert theme.name == tmp_path.name
    assert not theme.builtin
    # the options it leaves out are plain's, so no stylesheet value is missing
    plain = load_theme("plain").defaults
    assert theme.defaults == plain.model_copy(update={"font_family": "Carlito"})
    assert "None" not in stylesheet_prelude(theme, resolved_options(theme), "a4")


# --- a user's theme folder --------------------------------------------------------------------


def test_user_theme_is_read_from_its_folder(claret: Path) -> None:
    theme = load_theme("plain", claret)
    assert theme.name == "claret"
    assert theme.folder == claret.resolve()
    assert theme.word.heading_em == 1.4
    assert theme.word.muted_color == "5A4A4A"
    assert theme.font_path(theme.font_files[0]) == claret / "GentiumPlus-Regular.ttf"


def test_user_theme_drives_the_resume_docx(claret: Path, profile: Profile) -> None:
    ctx = build_context(profile, "resume", DocumentOptions(theme="plain", document_date=DAY))
    document = _open(render_docx(ctx, theme_folder=claret))
    _assert_claret(document)
    assert _heading(document).font.color.rgb not in STOCK_BLUE
    # the built-in theme the context names is not used
    assert render_docx(ctx) != render_docx(ctx, theme_folder=claret)


def test_user_theme_drives_the_letter_docx(claret: Path, profile: Profile, job: JobPosting) -> None:
    letter = build_letter(profile, job, document_options=DocumentOptions(document_date=DAY))
    document = _open(render_letter_docx(letter, theme_folder=claret))
    _assert_claret(document)


def test_user_theme_drives_the_interview_docx(
    claret: Path, profile: Profile, job: JobPosting
) -> None:
    document = _open(interview_docx(_sheet(profile, job, "plain"), theme_folder=claret))
    _assert_claret(document)


def test_user_theme_drives_the_jd_docx(claret: Path, jd: JobDescription) -> None:
    doc = toolkit.build_context(jd, "jd", DocumentOptions(document_date=DAY))
    document = _open(jd_docx(doc, theme_folder=claret))
    _assert_claret(document)


def test_a_folder_without_theme_yaml_keeps_the_named_theme(tmp_path: Path) -> None:
    (tmp_path / "resume.html.j2").write_text("<p>mine</p>", "utf-8")
    assert load_theme("compact", tmp_path) is load_theme("compact")


def test_a_missing_folder_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError):
        load_theme("plain", tmp_path / "nowhere")


def test_a_copy_of_a_builtin_theme_gives_the_same_docx(tmp_path: Path, profile: Profile) -> None:
    folder = tmp_path / "modern"
    folder.mkdir()
    for name in ("theme.yaml", "theme.css"):
        shutil.copy(templates_root() / "modern" / name, folder / name)
    copy = load_theme("plain", folder)
    assert copy.word == load_theme("modern").word
    assert copy.font_path(copy.font_files[0]) == templates_root() / "fonts" / "OpenSans-Regular.ttf"
    ctx = build_context(profile, "resume", DocumentOptions(theme="modern", document_date=DAY))
    assert render_docx(ctx, theme_folder=folder) == render_docx(ctx)


# --- errors in a user's theme.yaml ---------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "field", "words"),
    [
        ('  heading_color: "7B1E3A"', "word.heading_color", "did you mean"),
        ('  text_color: "#202020"', "word.text_color", "six hex digits"),
        ("  heading_em: 9", "word.heading_em", "at most 2.5"),
        ("  heading_caps: maybe", "word.heading_caps", "true or false"),
    ],
)
def test_a_bad_word_value_names_the_file_and_field(
    tmp_path: Path, line: str, field: str, words: str
) -> None:
    text = textwrap.dedent(
        """\
        description: Broken.
        defaults:
          font_family: Carlito
        word:
          name_accent: true
        """
    )
    path = tmp_path / "theme.yaml"
    path.write_text(text + line + "\n", "utf-8")
    with pytest.raises(InputError) as info:
        load_theme("plain", tmp_path)
    [issue] = info.value.errors
    assert issue.file == str(path)
    assert issue.field == field
    assert issue.line == 6
    message = str(info.value)
    assert str(path) in message
    assert field in message
    assert words in message


def test_a_missing_font_file_is_located(claret: Path) -> None:
    (claret / "GentiumPlus-Regular.ttf").unlink()
    with pytest.raises(InputError) as info:
        load_theme("plain", claret)
    [issue] = info.value.errors
    assert issue.field == "font_files[0].file"
    assert issue.line == 3
    assert "GentiumPlus-Regular.ttf" in issue.message


def test_theme_yaml_must_be_a_mapping(tmp_path: Path) -> None:
    (tmp_path / "theme.yaml").write_text("- a list\n", "utf-8")
    with pytest.raises(InputError, match="not a mapping"):
        load_theme("plain", tmp_path)


def test_a_huge_theme_yaml_is_refused_before_reading(tmp_path: Path) -> None:
    (tmp_path / "theme.yaml").write_text("# x\n" * (MAX_THEME_BYTES // 4 + 1), "utf-8")
    with pytest.raises(InputError, match="larger than"):
        load_theme("plain", tmp_path)


def test_yaml_tricks_are_refused(tmp_path: Path) -> None:
    (tmp_path / "theme.yaml").write_text(
        "description: &d x\ndefaults: {font_family: *d}\n", "utf-8"
    )
    with pytest.raises(InputError):
        load_theme("plain", tmp_path)


# --- links out of the folder ---------------------------------------------------------------


def test_a_linked_theme_yaml_is_refused(tmp_path: Path, claret: Path) -> None:
    folder = tmp_path / "linked"
    folder.mkdir()
    try:
        (folder / "theme.yaml").symlink_to(claret / "theme.yaml")
    except OSError:
        pytest.skip("symbolic links are not available")
    with pytest.raises(InputError, match="link"):
        load_theme("plain", folder)


def test_a_font_linked_from_outside_is_not_followed(tmp_path: Path, claret: Path) -> None:
    outside = tmp_path / "outside.ttf"
    outside.write_bytes(b"\x00\x01\x00\x00")
    font = claret / "GentiumPlus-Regular.ttf"
    font.unlink()
    try:
        font.symlink_to(outside)
    except OSError:
        pytest.skip("symbolic links are not available")
    with pytest.raises(InputError, match=r"GentiumPlus-Regular\.ttf"):
        load_theme("plain", claret)


def test_a_linked_fonts_folder_is_not_followed(tmp_path: Path, claret: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "GentiumPlus-Regular.ttf").write_bytes(b"\x00\x01\x00\x00")
    (claret / "GentiumPlus-Regular.ttf").unlink()
    try:
        (claret / "fonts").symlink_to(outside, target_is_directory=True)
    except OSError:
        pytest.skip("symbolic links are not available")
    with pytest.raises(InputError, match=r"GentiumPlus-Regular\.ttf"):
        load_theme("plain", claret)


# --- interview sheet and job description follow the theme -----------------------------------


def _assert_modern(document: Document) -> None:
    modern = load_theme("modern")
    accent = RGBColor.from_string((modern.defaults.accent_color or "").lstrip("#"))
    heading = _heading(document)
    assert modern.word.heading_accent
    assert heading.font.color.rgb == accent
    assert heading.font.color.rgb not in STOCK_BLUE
    assert heading.font.size == Pt(
        round((modern.defaults.base_size or 0) * modern.word.heading_em * 2) / 2
    )
    assert _font(document, "Heading 1") == modern.defaults.font_family == "Open Sans"
    assert _font(document, "Title") == "Open Sans"
    assert document.styles["Title"].font.color.rgb == accent  # name_accent
    assert document.styles["Normal"].font.color.rgb == RGBColor.from_string(modern.word.text_color)
    assert _font(document, "Normal") == "Open Sans"  # not the template's theme font, Calibri


def test_interview_docx_follows_the_modern_theme(profile: Profile, job: JobPosting) -> None:
    sheet = _sheet(profile, job, "modern", "a4")
    document = _open(interview_docx(sheet))
    _assert_modern(document)
    section = document.sections[0]
    assert abs(int(section.page_width or 0) - int(Mm(210))) <= int(Mm(0.1))
    margin = load_theme("modern").defaults.margin or 0
    assert abs(int(section.left_margin or 0) - int(Mm(margin))) <= int(Mm(0.1))
    lang = _default_rpr(document).find(qn("w:lang"))
    assert lang.get(qn("w:val")) == sheet.lang


def test_interview_docx_reads_as_a_sheet(profile: Profile, job: JobPosting) -> None:
    """What a person sees: the same paragraphs in the same order, questions in sentence case."""
    sheet = _sheet(profile, job, "plain")
    document = _open(interview_docx(sheet))
    listing = [(p.style.name if p.style else "", p.text) for p in document.paragraphs]
    assert listing[0] == ("Title", sheet.person.name)
    assert listing[1] == ("Subtitle", sheet.heading)
    headings = [t for s, t in listing if s == "Heading 1"]
    assert headings == [f"{n}. {q.text}" for n, q in enumerate(sheet.questions, 1)] + (
        ["Questions to ask them"] if sheet.questions_to_ask else []
    )
    # plain's section titles are capitals; a question is a sentence and keeps its case
    assert load_theme("plain").word.heading_caps
    assert not _heading(document).font.all_caps
    assert _font(document, "Heading 1") == "Liberation Sans"
    tips = {t for s, t in listing if s == "List Bullet"}
    assert {t for q in sheet.questions for t in q.tips} <= tips


def test_jd_docx_follows_the_modern_theme(jd: JobDescription) -> None:
    document = _open(render_jd(jd, "docx", theme="modern", today=DAY))
    _assert_modern(document)
    section = document.sections[0]
    assert abs(int(section.page_width or 0) - int(Mm(215.9))) <= int(Mm(0.1))  # US letter


@pytest.mark.parametrize("theme", ["plain", "compact"])
def test_jd_docx_takes_the_theme_it_is_given(jd: JobDescription, theme: str) -> None:
    document = _open(render_jd(jd, "docx", theme=theme, today=DAY))
    chosen = load_theme(theme)
    assert _font(document, "Heading 1") == chosen.defaults.font_family
    assert bool(_heading(document).font.all_caps) == chosen.word.heading_caps
    assert render_jd(jd, "docx", theme=theme, today=DAY) == render_jd(
        jd, "docx", theme=theme, today=DAY
    )
