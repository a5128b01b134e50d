"""The DOCX renderer and user .docx templates: structure, look, metadata, safety.

DOCX output is compared by extracted text and structure (read back with python-docx),
never by bytes, except where identical bytes are the point.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.util
import io
import re
import zipfile
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Inches, Length, Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

import toolkit
from toolkit.documents.context import Contact, DocumentContext, Item, Section
from toolkit.errors import RenderError, TemplateError
from toolkit.formats.docx.builder import render_docx
from toolkit.formats.docx.template import MAX_ENTRIES, check_template_zip, render_docx_template
from toolkit.formats.html import render_html
from toolkit.formats.themes import load_theme
from toolkit.i18n import get_localizer
from toolkit.models.options import DocumentOptions, ThemeOptions
from toolkit.pipeline import build_context

from .conftest import FULL_YAML

THEMES = ("plain", "modern", "compact")
PAGE_SIZES = ("a4", "letter")
DATE = dt.date(2025, 1, 2)
EXAMPLES = Path(__file__).parent.parent / "examples"

# Sections FULL_YAML lacks, so that every layout and every optional part of an entry shows.
EXTRA_YAML = """\
projects:
  - name: Deficiency dashboard
    entity: Miami Valley Community Hospital
    roles: [Lead]
    url: https://example.org/dashboard
    description: A weekly view of open chart deficiencies by provider.
    start: 2022-01
    end: 2022-06
    keywords: [Excel, Power BI]
    highlights:
      - "Flagged <overdue> charts & cut follow-up time by 40%."
awards:
  - title: Employee of the Month
    awarder: Miami Valley Community Hospital
    date: 2022-09
    summary: For the backlog project.
interests:
  - name: Data quality
    keywords: [Audits, Dashboards]
custom:
  - id: memberships
    title: Memberships
    entries:
      - title: AHIMA
        subtitle: Member
        date: 2019-01
"""


def _profile(extra: str = EXTRA_YAML, **replace: str) -> toolkit.Profile:
    text = FULL_YAML
    for old, new in replace.items():
        text = text.replace(old, new)
    head, _, prefs = text.partition("preferences:")
    return toolkit.parse_profile(head + extra + "preferences:" + prefs)


def _ctx(
    theme: str = "plain",
    page_size: str | None = "a4",
    locale: str | None = None,
    profile: toolkit.Profile | None = None,
    **theme_options: Any,
) -> DocumentContext:
    options = DocumentOptions(
        theme=theme,
        page_size=page_size,
        locale=locale,
        document_date=DATE,
        theme_options=ThemeOptions(**theme_options),
    )
    return build_context(profile or _profile(), "resume", options)


def _open(data: bytes) -> Document:
    return docx.Document(io.BytesIO(data))


def _with_person(ctx: DocumentContext, person: Any) -> DocumentContext:
    """``ctx`` about ``person`` (on its page, where the context has one)."""
    if hasattr(ctx, "with_page"):
        with_page: Callable[..., DocumentContext] = ctx.with_page
        return with_page(person=person)
    return dataclasses.replace(ctx, person=person)


def _style(paragraph: Paragraph) -> str:
    return paragraph.style.name if paragraph.style is not None else ""


def _listing(document: Document) -> list[tuple[str, str]]:
    return [(_style(p), p.text) for p in document.paragraphs]


def _close(a: Length | int | None, b: Length | int, tolerance: Length = Mm(0.1)) -> bool:
    return a is not None and abs(int(a) - int(b)) <= int(tolerance)


# --- text of the HTML ---------------------------------------------------------------------


class _HtmlBlocks(HTMLParser):
    """The HTML body as blocks ``(tag, list class, text)`` and as one stream of text."""

    BLOCKS = frozenset({"h1", "h2", "h3", "p", "li"})

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[tuple[str, str, str]] = []
        self.text: list[str] = []
        self._open: list[list[str]] = []
        self._lists: list[str] = []
        self._body = False
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = dict(attrs).get("class") or ""
        if tag == "body":
            self._body = True
        elif tag in ("style", "script", "title"):
            self._skip += 1
        elif tag == "ul":
            self._lists.append(classes)
        if tag in self.BLOCKS:
            self._open.append([tag, self._lists[-1] if tag == "li" else classes, ""])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "title"):
            self._skip -= 1
        elif tag == "ul":
            self._lists.pop()
        if tag in self.BLOCKS and self._open:
            name, classes, text = self._open.pop()
            self.blocks.append((name, classes, " ".join(text.split())))

    def handle_data(self, data: str) -> None:
        if not self._body or self._skip:
            return
        self.text.append(data)
        if self._open:
            self._open[-1][2] += data


def _html(ctx: DocumentContext) -> _HtmlBlocks:
    parser = _HtmlBlocks()
    parser.feed(render_html(ctx))
    return parser


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


# --- structure and order ------------------------------------------------------------------


@pytest.mark.parametrize("page_size", PAGE_SIZES)
@pytest.mark.parametrize("theme", THEMES)
def test_structure_follows_the_html(theme: str, page_size: str) -> None:
    ctx = _ctx(theme, page_size)
    document = _open(render_docx(ctx))
    listing = _listing(document)
    html = _html(ctx)

    assert listing[0] == ("Title", ctx.person.name)
    assert listing[1] == ("Subtitle", ctx.person.headline)
    assert [t for s, t in listing if s == "Title"] == [ctx.person.name]

    h1 = [t for s, t in listing if s == "Heading 1"]
    assert h1 == [s.title for s in ctx.sections]
    assert h1 == [text for tag, _, text in html.blocks if tag == "h2"]

    # compact puts the dates on the title line, after a tab to the right margin
    h2 = [t.split("\t")[0] for s, t in listing if s == "Heading 2"]
    entries = [i for s in ctx.sections if s.layout == "entries" for i in s.items]
    assert len(h2) == len(entries)
    assert h2 == [text for tag, _, text in html.blocks if tag == "h3"]

    bullets = [t for s, t in listing if s == "List Bullet"]
    assert bullets == [i for e in entries for i in e.bullets]
    assert bullets == [text for tag, cls, text in html.blocks if tag == "li" and cls == "bullets"]

    # every word of the HTML, in the same order (separators are not words)
    docx_words = _words(" ".join(t for _, t in listing))
    assert docx_words == _words(" ".join(html.text))
    assert not document.tables
    assert b"<w:tbl" not in zipfile.ZipFile(io.BytesIO(render_docx(ctx))).read("word/document.xml")


def test_headings_and_bullets_use_word_styles() -> None:
    ctx = _ctx()
    document = _open(render_docx(ctx))
    styles = {s for s, _ in _listing(document)}
    assert styles <= {"Title", "Subtitle", "Normal", "Heading 1", "Heading 2", "List Bullet"} | {
        "Entry Meta"
    }
    heading = document.styles["Heading 1"]
    assert heading.paragraph_format.keep_with_next
    assert document.styles["Heading 2"].paragraph_format.keep_with_next
    assert document.styles["List Bullet"].paragraph_format.keep_together
    # the bullet style is tied to a bullet list level
    assert document.styles["List Bullet"].element.pPr.numPr is not None
    # the dates line keeps the entry head together
    meta = [p for p in document.paragraphs if p.text.startswith("Mar 2021")]
    assert meta
    assert _style(meta[0]) == "Entry Meta"
    assert meta[0].paragraph_format.keep_with_next


def test_layout_separators_match_the_macros() -> None:
    ctx = _ctx()
    texts = [t for _, t in _listing(_open(render_docx(ctx)))]
    # entries: "Title, Org" then "Dates · Location"
    assert "Release of Information Specialist, Miami Valley Community Hospital" in texts
    assert "Mar 2021 \u2013 Present · Dayton, OH" in texts
    # compact: "Title, Org · Dates · detail · detail"
    assert "RHIT, AHIMA · Apr 2019 · ID 1234567 · expires Apr 2027" in texts
    # compact with a summary
    award = "Employee of the Month, Miami Valley Community Hospital · Sep 2022"
    assert f"{award} — For the backlog project." in texts
    # skills: "Title: a, b, c"
    assert "Health information: Release of information, ICD-10-CM, HIPAA" in texts
    # inline: "Title (level)"
    assert "Spanish (Professional working)" in texts
    # entries keywords line
    assert "Excel, Power BI" in texts
    # text that looks like markup stays text
    assert "Flagged <overdue> charts & cut follow-up time by 40%." in texts


def test_compact_puts_dates_on_the_title_line() -> None:
    document = _open(render_docx(_ctx("compact")))
    heads = [p for p in document.paragraphs if _style(p) == "Heading 2"]
    assert heads[0].text == (
        "Release of Information Specialist, Miami Valley Community Hospital"
        "\tMar 2021 \u2013 Present · Dayton, OH"
    )
    stops = document.styles["Heading 2"].paragraph_format.tab_stops
    assert len(stops) == 1
    assert _close(stops[0].position, Mm(210 - 2 * 16), Mm(0.2))


def test_golden_listing(golden: Callable[[str, str], None]) -> None:
    listing = _listing(_open(render_docx(_ctx("plain", "letter"))))
    golden("full-plain-letter.txt", "".join(f"{s:<12}| {t}\n" for s, t in listing))


@pytest.mark.parametrize("example", ["entry-career-changer", "mid-rhit", "senior-supervisor"])
def test_examples_follow_the_html(example: str) -> None:
    profile = toolkit.load_profile(EXAMPLES / f"{example}.yaml")
    ctx = build_context(profile, "resume", DocumentOptions(document_date=DATE))
    listing = _listing(_open(render_docx(ctx)))
    html = _html(ctx)
    assert [t for s, t in listing if s == "Heading 1"] == [
        text for tag, _, text in html.blocks if tag == "h2"
    ]
    assert _words(" ".join(t for _, t in listing)) == _words(" ".join(html.text))


# --- the look -----------------------------------------------------------------------------


@pytest.mark.parametrize("page_size", PAGE_SIZES)
@pytest.mark.parametrize("theme", THEMES)
def test_page_and_type_follow_the_theme(theme: str, page_size: str) -> None:
    document = _open(render_docx(_ctx(theme, page_size)))
    defaults = load_theme(theme).defaults
    section = document.sections[0]
    width, height = (Mm(210), Mm(297)) if page_size == "a4" else (Inches(8.5), Inches(11))
    assert _close(section.page_width, width)
    assert _close(section.page_height, height)
    for margin in (
        section.top_margin,
        section.bottom_margin,
        section.left_margin,
        section.right_margin,
    ):
        assert _close(margin, Mm(defaults.margin or 0))

    rpr = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    fonts = rpr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:ascii")) == defaults.font_family
    assert fonts.get(qn("w:asciiTheme")) is None  # a theme font would win over ours
    assert rpr.find(qn("w:sz")).get(qn("w:val")) == str(round((defaults.base_size or 0) * 2))

    # the look is the word: section of the theme's theme.yaml
    look = load_theme(theme).word
    accent = RGBColor.from_string((defaults.accent_color or "").lstrip("#").upper())
    assert document.styles["Normal"].font.color.rgb == RGBColor.from_string(look.text_color)
    heading = document.styles["Heading 1"]
    if look.heading_accent:
        assert heading.font.color.rgb == accent
    assert bool(heading.font.all_caps) == look.heading_caps
    assert heading.font.size == Pt(round((defaults.base_size or 0) * look.heading_em * 2) / 2)
    assert heading.paragraph_format.space_before == Pt(
        round((defaults.base_size or 0) * (defaults.section_gap or 0), 2)
    )
    title = document.styles["Title"]
    assert title.font.bold
    if look.name_accent:
        assert title.font.color.rgb == accent


def test_theme_options_override_the_defaults() -> None:
    ctx = _ctx("modern", accent_color="#AA0000", base_size=12, margin=20, font_family="Carlito")
    document = _open(render_docx(ctx))
    assert _close(document.sections[0].left_margin, Mm(20))
    assert document.styles["Heading 1"].font.color.rgb == RGBColor(0xAA, 0, 0)
    rpr = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    assert rpr.find(qn("w:rFonts")).get(qn("w:ascii")) == "Carlito"
    assert rpr.find(qn("w:sz")).get(qn("w:val")) == "24"


def test_page_numbers_in_the_footer_but_not_on_the_first_page() -> None:
    data = render_docx(_ctx())
    document = _open(data)
    section = document.sections[0]
    assert section.different_first_page_header_footer
    assert section.footer.paragraphs[0].text.startswith("Maria Lopez · Page ")
    assert section.first_page_footer.paragraphs[0].text == ""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        footers = b"".join(archive.read(n) for n in archive.namelist() if "footer" in n)
    assert b'w:instr=" PAGE "' in footers
    assert b'w:instr=" NUMPAGES "' in footers


# --- links --------------------------------------------------------------------------------


def test_contacts_are_real_hyperlinks() -> None:
    ctx = _ctx()
    document = _open(render_docx(ctx))
    contact = document.paragraphs[2]
    assert _style(contact) == "Normal"
    expected = [c.href for c in ctx.person.contacts if c.href]
    assert [h.address for h in contact.hyperlinks] == expected
    assert expected[:2] == ["mailto:maria.lopez@example.com", "tel:+15550100142"]
    assert [h.text for h in contact.hyperlinks] == [c.text for c in ctx.person.contacts if c.href]
    rels = [r for r in document.part.rels.values() if r.reltype == RT.HYPERLINK]
    assert rels
    assert all(r.is_external for r in rels)
    # an entry with a URL links its title
    project = next(p for p in document.paragraphs if p.text.startswith("Deficiency dashboard"))
    assert [h.address for h in project.hyperlinks] == ["https://example.org/dashboard"]
    assert project.hyperlinks[0].text == "Deficiency dashboard"


def test_only_safe_schemes_become_links() -> None:
    ctx = _ctx()
    contacts = (
        Contact("website", "evil", "javascript:alert(1)"),
        Contact("link", "local", "file:///etc/passwd"),
        Contact("website", "fine", "https://example.org/"),
    )
    ctx = _with_person(ctx, dataclasses.replace(ctx.person, contacts=contacts))
    data = render_docx(ctx)
    document = _open(data)
    assert [h.address for h in document.paragraphs[2].hyperlinks] == ["https://example.org/"]
    assert "evil" in document.paragraphs[2].text
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        everything = b"".join(archive.read(n) for n in archive.namelist())
    assert b"javascript:" not in everything
    assert b"file:" not in everything


# --- metadata and package -----------------------------------------------------------------


def test_core_properties_are_the_persons() -> None:
    ctx = _ctx()
    props = _open(render_docx(ctx)).core_properties
    assert props.author == "Maria Lopez"
    assert props.last_modified_by == "Maria Lopez"
    assert props.title == ctx.meta.title == "Maria Lopez — Resume"
    assert props.subject == "Registered Health Information Technician"
    assert props.language == "en-US"
    assert props.keywords.startswith("Release of information, ICD-10-CM, HIPAA")
    assert props.revision == 1
    midnight = dt.datetime(2025, 1, 2, tzinfo=dt.UTC)
    assert props.created == midnight
    assert props.modified == midnight
    assert props.comments == ""
    assert props.category == ""
    assert props.last_printed is None


def test_long_keywords_are_cut_to_what_word_allows() -> None:
    profile = toolkit.load_profile(EXAMPLES / "senior-supervisor.yaml")
    ctx = build_context(profile, "resume", DocumentOptions(document_date=DATE))
    assert len(", ".join(ctx.meta.keywords)) > 255
    keywords = _open(render_docx(ctx)).core_properties.keywords
    assert 0 < len(keywords) <= 255
    assert ", ".join(ctx.meta.keywords).startswith(keywords)


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {n: archive.read(n) for n in archive.namelist()}


def _assert_clean(data: bytes) -> None:
    parts = _parts(data)
    for name, blob in parts.items():
        assert b"python-docx" not in blob.lower(), name
        assert b"Macintosh" not in blob, name
        assert b"2013-12-23" not in blob, name
    names = set(parts)
    assert not any("thumbnail" in n for n in names)
    assert "docProps/custom.xml" not in names
    assert not any(n.startswith("customXml/") for n in names)
    assert not any("comments" in n.lower() or n.endswith("people.xml") for n in names)
    for name in ("[Content_Types].xml", "_rels/.rels"):
        assert b"thumbnail" not in parts[name]
        assert b"custom-properties" not in parts[name]


@pytest.mark.parametrize("theme", THEMES)
def test_no_trace_of_the_tool_or_its_template(theme: str) -> None:
    _assert_clean(render_docx(_ctx(theme)))


def test_same_input_gives_the_same_bytes() -> None:
    first = render_docx(_ctx("modern"))
    assert render_docx(_ctx("modern")) == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        infos = archive.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    later = build_context(
        _profile(),
        "resume",
        DocumentOptions(theme="modern", page_size="a4", document_date=dt.date(2025, 1, 3)),
    )
    assert render_docx(later) != first


def test_broken_text_is_a_render_error() -> None:
    ctx = _ctx()
    section = Section("x", "Bad", "entries", (Item(title="bell \x07 here"),))
    ctx = dataclasses.replace(ctx, sections=(section,))
    with pytest.raises(RenderError) as info:
        render_docx(ctx)
    assert info.value.fmt == "docx"


# --- languages ----------------------------------------------------------------------------

HEBREW_YAML = """\
basics:
  name: דוד כהן
  headline: מנהל רשומות רפואיות
  email: david@example.com
  phone: +972 3 555 0100
  summary: מנהל רשומות רפואיות עם עשר שנות ניסיון.
experience:
  - employer: בית החולים
    title: מנהל רשומות
    start: 2019-01
    highlights:
      - ניהלתי צוות של שמונה עובדים.
preferences:
  locale: he-IL
"""


def test_right_to_left_sets_bidi() -> None:
    ctx = build_context(
        toolkit.parse_profile(HEBREW_YAML), "resume", DocumentOptions(document_date=DATE)
    )
    assert ctx.rtl
    data = render_docx(ctx)
    document = _open(data)
    assert document.styles["Normal"].element.pPr.find(qn("w:bidi")) is not None
    assert document.sections[0]._sectPr.find(qn("w:bidi")) is not None
    rpr = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    lang = rpr.find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "he-IL"
    assert lang.get(qn("w:bidi")) == "he-IL"
    name_run = document.paragraphs[0].runs[0]
    rpr = name_run._r.rPr
    assert rpr is not None
    assert rpr.find(qn("w:rtl")) is not None
    assert document.core_properties.language == "he-IL"
    # the Hebrew page label runs right to left like the rest of the page
    footer = document.styles["Footer"].element.pPr
    assert footer is None or footer.find(qn("w:bidi")) is None
    assert "עמוד" in document.sections[0].footer.paragraphs[0].text
    # the contact line keeps its order with direction marks; links stay clean
    contact = document.paragraphs[2]
    assert [h.text for h in contact.hyperlinks] == ["david@example.com", "+972 3 555 0100"]
    assert _words(contact.text) == ["david", "example", "com", "972", "3", "555", "0100"]


def test_left_to_right_has_no_bidi() -> None:
    document = _open(render_docx(_ctx()))
    assert document.styles["Normal"].element.pPr.find(qn("w:bidi")) is None
    assert document.sections[0]._sectPr.find(qn("w:bidi")) is None


def test_french_locale_gives_french_headings() -> None:
    ctx = _ctx(locale="fr-FR")
    document = _open(render_docx(ctx))
    loc = get_localizer("fr-FR")
    headings = [p.text for p in document.paragraphs if _style(p) == "Heading 1"]
    assert loc.text("section.experience") in headings
    assert loc.text("section.education") in headings
    assert "Experience" not in headings
    assert document.core_properties.language == "fr-FR"
    assert document.sections[0].footer.paragraphs[0].text.startswith("Maria Lopez · Page ")
    assert " sur " in document.sections[0].footer.paragraphs[0].text


# --- user templates -----------------------------------------------------------------------

needs_docxtpl = pytest.mark.skipif(
    importlib.util.find_spec("docxtpl") is None, reason="docxtpl is not installed"
)
TRICKY_NAME = "Tom & Jerry <3 Smith"


def _template(*paragraphs: str, setup: Callable[[Document], None] | None = None) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if setup:
        setup(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _with_entries(data: bytes, extra: dict[str, bytes], types: bytes | None = None) -> bytes:
    """A copy of a zip with entries added (and the content types replaced)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            blob = source.read(info)
            if types is not None and info.filename == "[Content_Types].xml":
                blob = types
            target.writestr(info, blob)
        for name, blob in extra.items():
            target.writestr(name, blob, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


@pytest.fixture
def tricky_ctx() -> DocumentContext:
    return _ctx(profile=_profile(**{"name: Maria Lopez": f"name: {TRICKY_NAME}"}))


LOOP = ("Name: {{ person.name }}", "{%p for s in sections %}", "{{ s.title }}", "{%p endfor %}")


@needs_docxtpl
def test_template_is_filled_and_escaped(tricky_ctx: DocumentContext) -> None:
    data = render_docx_template(_template(*LOOP), tricky_ctx)
    document = _open(data)
    texts = [p.text for p in document.paragraphs]
    assert texts == [f"Name: {TRICKY_NAME}", *[s.title for s in tricky_ctx.sections]]
    assert document.core_properties.author == TRICKY_NAME
    assert document.core_properties.created == dt.datetime(2025, 1, 2, tzinfo=dt.UTC)
    _assert_clean(data)
    assert render_docx_template(_template(*LOOP), tricky_ctx) == data


@needs_docxtpl
def test_template_from_a_path(tmp_path: Path, tricky_ctx: DocumentContext) -> None:
    path = tmp_path / "mine.docx"
    path.write_bytes(_template("{{ person.headline }}"))
    document = _open(render_docx_template(path, tricky_ctx))
    assert document.paragraphs[0].text == "Registered Health Information Technician"


@needs_docxtpl
def test_values_cannot_inject_markup_or_jinja(tricky_ctx: DocumentContext) -> None:
    sneaky = '</w:t></w:r><w:r><w:t>injected</w:t></w:r><w:r><w:t>{{ 7 * 7 }}"'
    person = dataclasses.replace(tricky_ctx.person, headline=sneaky)
    ctx = _with_person(tricky_ctx, person)
    document = _open(render_docx_template(_template("{{ person.headline }}"), ctx))
    assert document.paragraphs[0].text == sneaky
    assert len(document.paragraphs[0].runs) == 1


@needs_docxtpl
@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("{{ ''.__class__.__mro__ }}", "sandbox"),
        ("{{ person.__class__ }}", "sandbox"),
        ("{{ cycler.__init__.__globals__ }}", "sandbox"),
        ("{{ 'x' * 100000000 }}", "too long"),
        ("{{ labels.update(email='x') }}", "sandbox"),
        ("{{ person.nickname }}", "does not exist"),
        ("{{ nope }}", "does not exist"),
        ("{{ person.name ", "near"),
        ("{% for s in sections %}{{ s.title }}", "endfor"),
        ("{{ person.name + 1 }}", "TypeError"),
    ],
)
def test_template_errors(tricky_ctx: DocumentContext, text: str, words: str) -> None:
    with pytest.raises(TemplateError) as info:
        render_docx_template(_template(text), tricky_ctx, name="mine.docx")
    assert words in str(info.value)
    assert info.value.template == "mine.docx"


@needs_docxtpl
def test_huge_output_is_refused(tricky_ctx: DocumentContext) -> None:
    loop = "{% for a in range(3000) %}{% for b in range(3000) %}xxxx{% endfor %}{% endfor %}"
    with pytest.raises(TemplateError, match="more than"):
        render_docx_template(_template(loop), tricky_ctx)


@needs_docxtpl
def test_macros_are_refused(tricky_ctx: DocumentContext) -> None:
    base = _template("{{ person.name }}")
    with pytest.raises(TemplateError, match="macros"):
        render_docx_template(_with_entries(base, {"word/vbaProject.bin": b"\0" * 64}), tricky_ctx)
    with zipfile.ZipFile(io.BytesIO(base)) as archive:
        types = archive.read("[Content_Types].xml")
    docm = types.replace(
        b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml"
    )
    with pytest.raises(TemplateError, match="macro"):
        render_docx_template(_with_entries(base, {}, types=docm), tricky_ctx)


def test_zip_bombs_are_refused() -> None:
    base = _template("x")
    with pytest.raises(TemplateError, match="compressed"):
        check_template_zip(_with_entries(base, {"word/media/zeros.bin": b"\0" * (2 << 20)}))
    # 51 parts of 1 MiB that hardly compress: no ratio problem, too big in total
    chunk = bytes(range(256)) * 4096
    big = _with_entries(base, {f"word/media/{n}.bin": chunk for n in range(51)})
    with pytest.raises(TemplateError, match="MiB"):
        check_template_zip(big)
    with pytest.raises(TemplateError, match="entries"):
        check_template_zip(
            _with_entries(base, {f"word/media/{n}.txt": b"" for n in range(MAX_ENTRIES)})
        )


@needs_docxtpl
def test_not_a_docx_is_refused(tricky_ctx: DocumentContext) -> None:
    with pytest.raises(TemplateError, match="not a zip"):
        render_docx_template(b"%PDF-1.7 not a docx", tricky_ctx)
    with pytest.raises(TemplateError, match="Word document"):
        render_docx_template(_make_zip({"hello.txt": b"hi"}), tricky_ctx)
    types_only = _make_zip({"[Content_Types].xml": b"<Types/>"})
    with pytest.raises(TemplateError, match="python-docx can open"):
        render_docx_template(types_only, tricky_ctx)


def _make_zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, blob in entries.items():
            archive.writestr(name, blob)
    return out.getvalue()


def _hostile(document: Document) -> None:
    """Comments, an attached template, links to files and the web, custom properties."""
    paragraph = document.paragraphs[0]
    document.add_comment(paragraph.runs, text="internal note", author="Evil Person")
    part = document.part
    for target, text in (("https://example.org/", "web"), ("file:///etc/passwd", "file")):
        r_id = part.relate_to(target, RT.HYPERLINK, is_external=True)
        link = docx.oxml.OxmlElement("w:hyperlink", {qn("r:id"): r_id})
        run = docx.oxml.OxmlElement("w:r")
        t = docx.oxml.OxmlElement("w:t")
        t.text = text
        run.append(t)
        link.append(run)
        document.add_paragraph()._p.append(link)
    settings = document.part.part_related_by(RT.SETTINGS)
    r_id = settings.relate_to("file:///tmp/evil.dotm", ATTACHED_TEMPLATE, is_external=True)
    document.settings.element.append(
        docx.oxml.OxmlElement("w:attachedTemplate", {qn("r:id"): r_id})
    )
    document.core_properties.author = "Evil Person"
    document.core_properties.comments = "made with python-docx"


ATTACHED_TEMPLATE = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"
)
CUSTOM_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"'
    b' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b'<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="Secret">'
    b"<vt:lpwstr>payroll</vt:lpwstr></property></Properties>"
)


def _add_custom_properties(data: bytes) -> bytes:
    parts = _parts(data)
    rels = parts["_rels/.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>',
    )
    types = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/docProps/custom.xml" ContentType="application/vnd.'
        b'openxmlformats-officedocument.custom-properties+xml"/></Types>',
    )
    parts.update({"_rels/.rels": rels, "[Content_Types].xml": types})
    parts["docProps/custom.xml"] = CUSTOM_XML
    return _make_zip(parts)


@needs_docxtpl
def test_output_is_stripped(tricky_ctx: DocumentContext) -> None:
    template = _add_custom_properties(_template("{{ person.name }}", setup=_hostile))
    assert b"custom.xml" in template
    data = render_docx_template(template, tricky_ctx)
    _assert_clean(data)
    parts = _parts(data)
    everything = b"".join(parts.values())
    for needle in (b"Evil Person", b"internal note", b"file:", b"payroll", b"attachedTemplate"):
        assert needle not in everything
    assert b"commentRangeStart" not in parts["word/document.xml"]
    document = _open(data)
    texts = [p.text for p in document.paragraphs]
    assert texts == [TRICKY_NAME, "web", "file"]  # a refused link keeps its text
    assert [h.address for p in document.paragraphs for h in p.hyperlinks] == [
        "https://example.org/"
    ]
    external = [
        r
        for part in document.part.package.iter_parts()
        for r in part.rels.values()
        if r.is_external
    ]
    assert [r.target_ref for r in external] == ["https://example.org/"]
    assert document.core_properties.author == TRICKY_NAME
    assert document.core_properties.comments == ""


@needs_docxtpl
def test_fields_that_fetch_are_refused(tricky_ctx: DocumentContext) -> None:
    def include_picture(document: Document) -> None:
        field = docx.oxml.OxmlElement(
            "w:fldSimple", {qn("w:instr"): ' INCLUDEPICTURE "http://example.org/x.png" \\d '}
        )
        document.paragraphs[0]._p.append(field)

    with pytest.raises(TemplateError, match="INCLUDEPICTURE"):
        render_docx_template(_template("{{ person.name }}", setup=include_picture), tricky_ctx)

    def split_field(document: Document) -> None:
        p = document.paragraphs[0]._p
        pieces = [("begin", None), (None, " HYPERLINK "), (None, '"file:///etc/passwd" ')]
        pieces += [("end", None)]
        for kind, code in pieces:
            run = docx.oxml.OxmlElement("w:r")
            if kind:
                run.append(docx.oxml.OxmlElement("w:fldChar", {qn("w:fldCharType"): kind}))
            else:
                instr = docx.oxml.OxmlElement("w:instrText")
                instr.text = code
                run.append(instr)
            p.append(run)

    with pytest.raises(TemplateError, match="HYPERLINK"):
        render_docx_template(_template("{{ person.name }}", setup=split_field), tricky_ctx)
