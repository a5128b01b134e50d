"""DOCX through python-docx: Word's own styles, the theme's look, clean metadata, stable bytes.

The document reads the same :class:`~toolkit.documents.context.DocumentContext` as the HTML
and follows ``templates/_base/macros.html.j2`` paragraph for paragraph: the name in
``Title``, the headline in ``Subtitle``, sections in ``Heading 1``, entry title lines in
``Heading 2``, bullets in ``List Bullet``, and the dates, details and keywords of an entry
in a small ``Entry Meta`` style. No tables are used for layout, so applicant-tracking
parsers and screen readers see one column of text in reading order.

The look comes from the theme: the validated options (font, size, accent colour, margins,
line height, section gap) and the ``word:`` section of its ``theme.yaml``, which says what
its CSS does (capitals, rules, a centred header …), so a theme, built-in or a user's own
folder, is data and needs no Python. :class:`ThemedDocument` sets a document up in that
look; the letter, the interview sheet and the job description use it too. The PDF's break
rules become ``keep_with_next`` on headings and entry heads and ``keep_together`` on every
bullet.

The package is cleaned for the people who receive it: the person is the author, the
document date is the creation date, and nothing of python-docx's default template is left
(no tool name, 2013 date, thumbnail, bibliography part or custom properties). Cleaning
works by allow-list (:func:`clean_package`): only the parts, relationships and XML elements
of a plain document stay, so a user's Word template loses embedded objects, altChunk,
tracked changes, hidden text, document variables and the like; the toolkit's own documents
hold none of it and pass through unchanged. The zip is written with fixed timestamps in a
fixed order, so the same input and date give the same bytes.

The helpers :func:`clean_package`, :func:`set_core_properties`, :func:`docx_bytes`,
:func:`part_xml` and :func:`hyperlink_target` are shared with
:mod:`toolkit.formats.docx.template`.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import re
import weakref
import zipfile
from collections.abc import Callable, Collection, Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.opc.part import Part, XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Inches, Length, Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph

from toolkit.documents.context import DocumentContext, Item, Meta, Person, Section
from toolkit.errors import RenderError, ToolkitError
from toolkit.formats.themes import Theme, WordLook, load_theme, resolved_options
from toolkit.i18n import get_localizer
from toolkit.images import BadImage, check_image
from toolkit.models.options import ThemeOptions

LINK_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto", "tel"})
"""URL schemes that become clickable links in a generated document."""

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
"""The timestamp of every zip entry (the earliest a zip can hold)."""

# --- fonts, colours and the order of XML elements ----------------------------------------

# Word offers no font of the theme on a machine that lacks it; these entries of the font
# table let it pick a metric-compatible or at least a similar sans-serif face instead.
_FONT_HINTS: dict[str, tuple[str, str]] = {
    "Liberation Sans": ("Arial", "020B0604020202020204"),
    "Carlito": ("Calibri", "020F0502020204030204"),
    "Open Sans": ("Segoe UI", "020B0606030504020204"),
}

_FOOTER_COLOR = "555555"
_FOOTER_PT = 8.0
_MUTED_STYLE = "Entry Meta"
_LRM, _RLM = "\u200e", "\u200f"
_CONTACT_SEP = "\u00a0\u00a0·\u00a0 "  # "  ·  " as in base.css; lines break after the dot

# Scripts written right to left: Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan, Mandaic and
# their presentation forms. A run holding one of them is marked w:rtl, as Word does.
_RTL_CHARS = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_SPACE = re.compile(r"[ \t\n\r\f]+")

# Child order of w:rPr and w:pPr (ECMA-376); Word refuses elements out of order.
_RPR_ORDER = (
    "w:rStyle",
    "w:rFonts",
    "w:b",
    "w:bCs",
    "w:i",
    "w:iCs",
    "w:caps",
    "w:smallCaps",
    "w:strike",
    "w:dstrike",
    "w:outline",
    "w:shadow",
    "w:emboss",
    "w:imprint",
    "w:noProof",
    "w:snapToGrid",
    "w:vanish",
    "w:webHidden",
    "w:color",
    "w:spacing",
    "w:w",
    "w:kern",
    "w:position",
    "w:sz",
    "w:szCs",
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
)
_PPR_ORDER = (
    "w:pStyle",
    "w:keepNext",
    "w:keepLines",
    "w:pageBreakBefore",
    "w:framePr",
    "w:widowControl",
    "w:numPr",
    "w:suppressLineNumbers",
    "w:pBdr",
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
_SECTPR_TAIL = ("w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange")


# --- public entry point ---------------------------------------------------------------------


def render_docx(ctx: DocumentContext, *, theme_folder: Path | None = None) -> bytes:
    """Render a document context to a Word document.

    Args:
        ctx: the document context (the same one the HTML and PDF are made from).
        theme_folder: a user's templates folder; when it holds a ``theme.yaml``, that theme
            is used instead of ``ctx.theme`` (see :func:`~toolkit.formats.themes.load_theme`).

    Returns:
        The ``.docx`` file as bytes; the same context always gives the same bytes.

    Raises:
        NotFoundError: for an unknown theme.
        InputError: for a user's theme.yaml with problems.
        RenderError: when python-docx refuses the content.
    """
    theme = load_theme(ctx.theme, theme_folder)
    options = ThemeOptions.model_validate(ctx.theme_options)
    return build_docx(lambda document: _Builder(document, ctx, theme, options).build(), ctx.meta)


def build_docx(fill: Callable[[Document], object], meta: Meta) -> bytes:
    """A new Word document filled by ``fill``, cleaned, with ``meta`` as its core properties.

    The one way every renderer (resume, letter, interview sheet, job description) finishes a
    DOCX: external links limited to :data:`LINK_SCHEMES`, the person as author, stable bytes.

    Raises:
        RenderError: when python-docx refuses the content.
    """
    try:
        document = docx.Document()
        fill(document)
        clean_package(document, LINK_SCHEMES)
        set_core_properties(document, meta)
        return docx_bytes(document)
    except ToolkitError:
        raise
    except (ValueError, TypeError, KeyError, UnicodeError) as exc:
        raise RenderError(f"python-docx could not build the document: {exc}", fmt="docx") from exc


def add_paragraph(document: Document, text: str = "", style: str | None = None) -> Paragraph:
    """``document.add_paragraph(text, style)``, with the style id looked up once per document.

    python-docx resolves a style name by scanning every style for each paragraph, which made
    that lookup most of the time of a Word resume (and quadratic in long documents).
    """
    paragraph = document.add_paragraph(text)
    if style is None:
        return paragraph
    cache = _STYLE_IDS.get(document.part)
    if cache is None or style not in cache:
        default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
        cache = {
            s.name: (None if default is not None and s.style_id == default.style_id else s.style_id)
            for s in document.styles
            if s.type == WD_STYLE_TYPE.PARAGRAPH and s.name
        }
        _STYLE_IDS[document.part] = cache
    if style not in cache:
        paragraph.style = style  # python-docx's own error for an unknown style
    elif cache[style] is not None:  # the default style is left implicit, as python-docx does
        paragraph._p.style = cache[style]
    return paragraph


_STYLE_IDS: weakref.WeakKeyDictionary[Any, dict[str, str | None]] = weakref.WeakKeyDictionary()


# --- building the document ------------------------------------------------------------------


class ThemedDocument:
    """A python-docx document in a theme's look: page, fonts, sizes, colours and styles.

    The look is the theme's validated options (font, size, accent colour, margins, line
    height, section gap) and its ``word:`` section (:class:`~toolkit.formats.themes.WordLook`).
    The resume, the letter, the interview sheet and the job description all set their
    document up through it, so documents sent together look like one set. Paragraphs are
    then written with :meth:`paragraph` and :meth:`run` in Word's own styles.

    Args:
        document: a fresh python-docx document.
        theme: the theme (see :func:`~toolkit.formats.themes.load_theme`).
        options: options laid over the theme's defaults.
        page_size: ``a4`` or ``letter``.
        lang: the document's language tag.
        rtl: whether the document runs right to left.
        look: a look other than the theme's own ``word:`` (a document may adapt it).
    """

    def __init__(
        self,
        document: Document,
        theme: Theme,
        options: ThemeOptions | None = None,
        *,
        page_size: str,
        lang: str,
        rtl: bool = False,
        look: WordLook | None = None,
    ) -> None:
        resolved = resolved_options(theme, options)
        self.doc = document
        self.theme = theme
        self.look = theme.word if look is None else look
        self.page_size = page_size
        self.lang = lang
        self.rtl = rtl
        self.base = float(resolved.base_size or 10.5)
        self.font = resolved.font_family or "Liberation Sans"
        self.accent = (resolved.accent_color or "#000000").lstrip("#").upper()
        self.margin = float(resolved.margin or 18)
        self.line_height = float(resolved.line_height or 1.3)
        self.section_gap = float(resolved.section_gap or 1.0)

    # sizes ------------------------------------------------------------------------------

    def em(self, value: float) -> Length:
        """``value`` em of the base size, as a length."""
        return Pt(round(self.base * value, 2))

    # the look ---------------------------------------------------------------------------

    def setup(self) -> None:
        """Page, styles, bullets, settings and font table in the theme's look."""
        self.setup_page()
        self.setup_styles()
        self.setup_numbering()
        self.setup_settings()
        self.setup_fonts()

    def setup_page(self) -> None:
        section = self.doc.sections[0]
        if self.page_size == "letter":
            section.page_width, section.page_height = Inches(8.5), Inches(11)
        else:
            section.page_width, section.page_height = Mm(210), Mm(297)
        margin = Mm(self.margin)
        section.top_margin = section.bottom_margin = margin
        section.left_margin = section.right_margin = margin
        section.header_distance = section.footer_distance = Mm(max(self.margin / 2 - 1.5, 4))
        section.gutter = Mm(0)
        if self.rtl:
            sect_pr = section._sectPr
            bidi = OxmlElement("w:bidi")
            for tag in _SECTPR_TAIL:
                found = sect_pr.find(qn(tag))
                if found is not None:
                    found.addprevious(bidi)
                    break
            else:
                sect_pr.append(bidi)

    def setup_styles(self) -> None:
        look, styles, lang = self.look, self.doc.styles, self.lang
        # document defaults: font, size and language for every style, Word's own included
        defaults = styles.element.find(qn("w:docDefaults"))
        assert defaults is not None
        rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        assert rpr is not None
        self.fonts(rpr)
        _put(rpr, _RPR_ORDER, "w:sz", {"w:val": str(round(self.base * 2))})
        _put(rpr, _RPR_ORDER, "w:szCs", {"w:val": str(round(self.base * 2))})
        lang_attrs = {"w:val": lang}
        if self.rtl:
            lang_attrs["w:bidi"] = lang
        if lang.split("-")[0] in ("zh", "ja", "ko"):
            lang_attrs["w:eastAsia"] = lang
        _put(rpr, _RPR_ORDER, "w:lang", lang_attrs)
        ppr = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}")
        assert ppr is not None
        _put(ppr, _PPR_ORDER, "w:spacing", {"w:before": "0", "w:after": "0"})

        normal = self.style("Normal")
        normal.font.color.rgb = RGBColor.from_string(look.text_color)
        normal.paragraph_format.widow_control = True
        self.spacing(normal, 1.0, self.line_height)
        if self.rtl:
            _put(normal.element.get_or_add_pPr(), _PPR_ORDER, "w:bidi", {})

        title = self.style("Title", keep=())
        self.type(title, look.name_em, bold=True, color=self.accent if look.name_accent else None)
        self.spacing(title, look.name_em, 1.1)
        title.paragraph_format.keep_with_next = True

        subtitle = self.style("Subtitle", keep=())
        self.type(subtitle, 1.15, color=look.muted_color if look.headline_muted else None)
        self.spacing(subtitle, 1.15, self.line_height, before=self.em(0.15))
        subtitle.paragraph_format.keep_with_next = True
        for centred in (title, subtitle):
            if look.header_centered:
                centred.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

        h1 = self.style("Heading 1")
        self.type(
            h1, look.heading_em, bold=True, color=self.accent if look.heading_accent else None
        )
        self.spacing(
            h1,
            look.heading_em,
            self.line_height,
            before=self.em(self.section_gap),
            after=Pt(round(self.base * look.heading_em * look.heading_after_em, 2)),
        )
        h1.paragraph_format.keep_with_next = True
        h1.paragraph_format.keep_together = True
        h1_rpr = h1.element.get_or_add_rPr()
        if look.heading_caps:
            h1.font.all_caps = True
        if look.heading_tracking_em:
            twips = round(self.base * look.heading_em * look.heading_tracking_em * 20)
            _put(h1_rpr, _RPR_ORDER, "w:spacing", {"w:val": str(twips)})
        if look.heading_rule_pt:
            gap = round(self.base * look.heading_em * look.heading_rule_gap_em)
            _border(h1.element.get_or_add_pPr(), look.heading_rule_pt, self.accent, gap)

        h2 = self.style("Heading 2")
        self.type(h2, 1.0, bold=True)
        self.spacing(h2, 1.0, self.line_height, before=self.em(look.entry_gap_em))
        h2.paragraph_format.keep_with_next = True
        h2.paragraph_format.keep_together = True
        if look.dates_beside_title and not self.rtl:
            width = self.doc.sections[0].page_width
            assert width is not None
            h2.paragraph_format.tab_stops.add_tab_stop(
                Length(width - 2 * Mm(self.margin)), WD_TAB_ALIGNMENT.RIGHT
            )

        bullet = self.style("List Bullet", keep=("w:numPr",))
        self.spacing(bullet, 1.0, self.line_height, before=self.em(look.bullet_gap_em))
        bullet.paragraph_format.keep_together = True

        meta = styles.add_style(_MUTED_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        assert isinstance(meta, ParagraphStyle)
        meta.base_style = normal
        meta.quick_style = True
        meta.font.color.rgb = RGBColor.from_string(look.muted_color)

        footer = self.style("Footer", keep=())
        self.type(footer, _FOOTER_PT / self.base, color=_FOOTER_COLOR)

    def style(self, name: str, keep: Iterable[str] = ("w:outlineLvl",)) -> ParagraphStyle:
        """A paragraph style of the template, stripped of its own look (``keep``: what stays)."""
        style = self.doc.styles[name]
        assert isinstance(style, ParagraphStyle)
        element = style.element
        if name != "Normal":
            rpr = element.find(qn("w:rPr"))
            if rpr is not None:
                element.remove(rpr)
            ppr = element.find(qn("w:pPr"))
            if ppr is not None:
                keep_tags = {qn(t) for t in keep}
                for child in list(ppr):
                    if child.tag not in keep_tags:
                        ppr.remove(child)
        return style

    def fonts(self, rpr: Any) -> None:
        """Point ``w:rFonts`` of ``rpr`` at the theme font (theme-font links removed)."""
        attrs = {"w:ascii": self.font, "w:hAnsi": self.font, "w:cs": self.font}
        old = rpr.find(qn("w:rFonts"))
        if old is not None and old.get(qn("w:eastAsiaTheme")):
            attrs["w:eastAsiaTheme"] = old.get(qn("w:eastAsiaTheme"))
        _put(rpr, _RPR_ORDER, "w:rFonts", attrs)

    def type(
        self, style: ParagraphStyle, em: float, *, bold: bool = False, color: str | None = None
    ) -> None:
        """Size, weight and colour of a style, for Latin and complex scripts alike."""
        rpr = style.element.get_or_add_rPr()
        half_points = str(round(self.base * em * 2))
        _put(rpr, _RPR_ORDER, "w:sz", {"w:val": half_points})
        _put(rpr, _RPR_ORDER, "w:szCs", {"w:val": half_points})
        if bold:
            _put(rpr, _RPR_ORDER, "w:b", {})
            _put(rpr, _RPR_ORDER, "w:bCs", {})
        if color:
            style.font.color.rgb = RGBColor.from_string(color)

    def spacing(
        self,
        style: ParagraphStyle,
        em: float,
        line_height: float,
        *,
        before: Length | None = None,
        after: Length | None = None,
    ) -> None:
        """Line spacing as CSS does it (a multiple of the font size), and the space around."""
        fmt = style.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
        fmt.line_spacing = Pt(round(self.base * em * line_height, 2))
        fmt.space_before = before if before is not None else Pt(0)
        fmt.space_after = after if after is not None else Pt(0)

    def setup_numbering(self) -> None:
        """The List Bullet level: a round bullet in the theme font, indented as in the PDF."""
        numbering = self.doc.part.numbering_part.element
        left = round(self.base * 1.2 * 20)
        hanging = round(self.base * 0.8 * 20)
        for abstract in numbering.findall(qn("w:abstractNum")):
            lvl = abstract.find(qn("w:lvl"))
            pstyle = None if lvl is None else lvl.find(qn("w:pStyle"))
            if lvl is None or pstyle is None or pstyle.get(qn("w:val")) != "ListBullet":
                continue
            lvl_text = lvl.find(qn("w:lvlText"))
            if lvl_text is not None:
                lvl_text.set(qn("w:val"), "•")
            for old in lvl.findall(qn("w:pPr")) + lvl.findall(qn("w:rPr")):
                lvl.remove(old)
            ppr = OxmlElement("w:pPr")
            tabs = OxmlElement("w:tabs")
            tabs.append(OxmlElement("w:tab", {qn("w:val"): "num", qn("w:pos"): str(left)}))
            ppr.append(tabs)
            ppr.append(
                OxmlElement("w:ind", {qn("w:left"): str(left), qn("w:hanging"): str(hanging)})
            )
            lvl.append(ppr)
            rpr = OxmlElement("w:rPr")
            rpr.append(
                OxmlElement(
                    "w:rFonts",
                    {qn("w:ascii"): self.font, qn("w:hAnsi"): self.font, qn("w:hint"): "default"},
                )
            )
            if self.look.bullet_accent:
                rpr.append(OxmlElement("w:color", {qn("w:val"): self.accent}))
            lvl.append(rpr)

    def setup_settings(self) -> None:
        """Document settings: the language of the theme fonts; no preview picture."""
        settings = self.doc.settings.element
        for tag in ("w:savePreviewPicture", "w:attachedTemplate"):
            for old in settings.findall(qn(tag)):
                settings.remove(old)
        lang = settings.find(qn("w:themeFontLang"))
        if lang is not None:
            lang.set(qn("w:val"), self.lang)
            if self.rtl:
                lang.set(qn("w:bidi"), self.lang)

    def setup_fonts(self) -> None:
        """Tell Word what the theme font looks like, so it can stand in a similar one."""
        hint = _FONT_HINTS.get(self.font)
        part = _part_with_reltype(self.doc.part, RT.FONT_TABLE)
        if hint is None or part is None:
            return
        alt, panose = hint
        root = part_xml(part)
        if root is None:
            return
        font = OxmlElement("w:font", {qn("w:name"): self.font})
        font.append(OxmlElement("w:altName", {qn("w:val"): alt}))
        font.append(OxmlElement("w:panose1", {qn("w:val"): panose}))
        font.append(OxmlElement("w:charset", {qn("w:val"): "00"}))
        font.append(OxmlElement("w:family", {qn("w:val"): "swiss"}))
        font.append(OxmlElement("w:pitch", {qn("w:val"): "variable"}))
        root.append(font)
        store_part_xml(part, root)

    # content --------------------------------------------------------------------------------

    def paragraph(self, style: str, before: Length | None = None) -> Paragraph:
        paragraph = add_paragraph(self.doc, style=style)
        if before is not None:
            paragraph.paragraph_format.space_before = before
        return paragraph

    def run(
        self,
        paragraph: Paragraph,
        text: str,
        *,
        bold: bool | None = None,
        color: str | None = None,
        href: str | None = None,
    ) -> None:
        """Add ``text`` (whitespace collapsed as in HTML), as a link when ``href`` allows."""
        text = _SPACE.sub(" ", text)
        if not text:
            return
        run = paragraph.add_run(text)
        if bold is not None:
            run.bold = bold
            _put(run._r.get_or_add_rPr(), _RPR_ORDER, "w:bCs", {} if bold else {"w:val": "0"})
        if color:
            run.font.color.rgb = RGBColor.from_string(color)
        if _RTL_CHARS.search(text):
            _put(run._r.get_or_add_rPr(), _RPR_ORDER, "w:rtl", {})
        if href and link_scheme(href) in LINK_SCHEMES:
            r_id = paragraph.part.relate_to(href, RT.HYPERLINK, is_external=True)
            link = OxmlElement("w:hyperlink", {qn("r:id"): r_id})
            run._r.addprevious(link)
            link.append(run._r)

    def write_header(self, person: Person) -> None:
        """The name, headline and contact line at the top, as ``macros.html.j2`` has them."""
        look = self.look
        last = self.paragraph("Title")
        if person.photo:
            _float_photo(last, person.photo, f"Photo: {person.name.strip()}", rtl=self.rtl)
        self.run(last, person.name.strip())
        if person.headline:
            last = self.paragraph("Subtitle")
            self.run(last, person.headline.strip())
        if person.contacts:
            last = self.paragraph("Normal", before=self.em(0.4))
            last.paragraph_format.keep_with_next = True
            if look.header_centered:
                last.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for n, contact in enumerate(person.contacts):
                text = contact.text.strip()
                sep = _CONTACT_SEP if n else ""
                if self.rtl:
                    # Marks keep the items in right-to-left order and a phone number in its
                    # own order: strong R around the separator, strong L before a Latin item.
                    sep = f"{_RLM}{sep}{_RLM}" if sep else ""
                    sep += "" if _RTL_CHARS.search(text) else _LRM
                self.run(last, sep, color=look.muted_color)
                self.run(last, text, href=contact.href)
        if look.header_rule_pt:
            gap = round(self.base * 0.6)
            _border(last._p.get_or_add_pPr(), look.header_rule_pt, self.accent, gap)

    def write_footer(self, name: str | None = None) -> None:
        """``Name · Page 2 of 3`` at the foot of every page but the first, as in the PDF
        (which sets the name at the other corner), so a loose page still says whose it is."""
        section = self.doc.sections[0]
        section.different_first_page_header_footer = True
        section.first_page_footer.is_linked_to_previous = False
        label = get_localizer(self.lang).raw("document.page")
        # Bottom right, as in the PDF. In a right-to-left document that is where a
        # right-to-left label starts; a label in a left-to-right language (the English
        # fallback) gets a left-to-right paragraph, or "Page 2 of 3" would come out reordered.
        style = self.doc.styles["Footer"]
        assert isinstance(style, ParagraphStyle)
        if not self.rtl:
            style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif not _RTL_CHARS.search(label):
            _put(style.element.get_or_add_pPr(), _PPR_ORDER, "w:bidi", {"w:val": "0"})
            style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        head, _, tail = label.partition("{page}")
        middle, _, end = tail.partition("{pages}")
        paragraph = section.footer.paragraphs[0]
        paragraph.style = style
        if name:
            paragraph.add_run(name)
            paragraph.add_run(" · ")
        for text, field in ((head, "PAGE"), (middle, "NUMPAGES"), (end, None)):
            if text:
                paragraph.add_run(text)
            if field:
                simple = OxmlElement("w:fldSimple", {qn("w:instr"): f" {field} "})
                result = OxmlElement("w:r")
                result_text = OxmlElement("w:t")
                result_text.text = "1"
                result.append(result_text)
                simple.append(result)
                paragraph._p.append(simple)

    def rule_under(self, paragraph: Paragraph, width_pt: float, color: str, space_pt: int) -> None:
        """A rule under ``paragraph`` (``color``: six hex digits), ``space_pt`` below its text."""
        _border(paragraph._p.get_or_add_pPr(), width_pt, color, space_pt)


def setup_document(
    document: Document,
    theme: Theme,
    options: ThemeOptions | None = None,
    *,
    page_size: str,
    lang: str,
    rtl: bool = False,
    look: WordLook | None = None,
) -> ThemedDocument:
    """Set ``document`` up in ``theme``'s look (see :class:`ThemedDocument`) and return it,
    ready for paragraphs."""
    themed = ThemedDocument(
        document, theme, options, page_size=page_size, lang=lang, rtl=rtl, look=look
    )
    themed.setup()
    return themed


class _Builder(ThemedDocument):
    """Writes one resume context into a fresh python-docx document."""

    def __init__(
        self,
        document: Document,
        ctx: DocumentContext,
        theme: Theme,
        options: ThemeOptions | None = None,
    ) -> None:
        super().__init__(
            document, theme, options, page_size=ctx.page_size, lang=ctx.meta.lang, rtl=ctx.rtl
        )
        self.ctx = ctx

    def build(self) -> None:
        self.setup()
        self.write_header(self.ctx.person)
        for section in self.ctx.sections:
            self.write_section(section)
        self.write_footer(self.ctx.person.name)

    def write_section(self, section: Section) -> None:
        heading = self.paragraph("Heading 1")
        self.run(heading, section.title.strip())
        layout = section.layout
        if layout == "text":
            if section.text:
                self.run(self.paragraph("Normal"), section.text.strip())
        elif layout == "entries":
            for n, item in enumerate(section.items):
                self.write_entry(item, first=n == 0)
        elif layout == "compact":
            for n, item in enumerate(section.items):
                self.write_compact(item, before=None if n == 0 else self.em(0.15))
        elif layout == "skills":
            for n, item in enumerate(section.items):
                p = self.paragraph("Normal", before=None if n == 0 else self.em(0.15))
                p.paragraph_format.keep_together = True
                self.run(p, item.title, bold=True)
                if item.subtitle:
                    self.run(p, f" ({item.subtitle})")
                if item.keywords:
                    self.run(p, ": ")
                    self.run(p, ", ".join(item.keywords), color=self.look.muted_color)
        elif layout == "inline":
            p = self.paragraph("Normal")
            for n, item in enumerate(section.items):
                if n:
                    self.run(p, " · ")
                self.run(p, item.title, bold=True)
                if item.subtitle:
                    self.run(p, f" ({item.subtitle})")

    def write_entry(self, item: Item, *, first: bool) -> None:
        look = self.look
        head = self.paragraph("Heading 2", before=Pt(0) if first else None)
        self.run(head, item.title, href=item.url)
        if item.subtitle:
            self.run(head, self.ctx.page.comma)  # the heading's weight, as in the HTML
            self.run(head, item.subtitle, bold=False)
        when = " · ".join(p for p in (item.dates, item.location) if p)
        if when and look.dates_beside_title and not self.rtl:
            head.add_run("\t")  # to the right-aligned tab stop of Heading 2
            self.run(head, when, bold=False, color=look.muted_color)
        elif when:
            p = self.paragraph(_MUTED_STYLE)
            p.paragraph_format.keep_with_next = True  # the entry head stays together
            self.run(p, when)
        if item.details:
            self.run(self.paragraph(_MUTED_STYLE), " · ".join(item.details))
        if item.summary:
            self.run(self.paragraph("Normal", before=self.em(0.15)), item.summary.strip())
        for n, bullet in enumerate(item.bullets):
            p = self.paragraph(
                "List Bullet", before=self.em(look.bullets_gap_em) if n == 0 else None
            )
            self.run(p, bullet.strip())
        if item.keywords:
            self.run(self.paragraph(_MUTED_STYLE), ", ".join(item.keywords))

    def write_compact(self, item: Item, before: Length | None) -> None:
        p = self.paragraph("Normal", before=before)
        p.paragraph_format.keep_together = True
        self.run(p, item.title, bold=True, href=item.url)
        if item.subtitle:
            self.run(p, self.ctx.page.comma)
            self.run(p, item.subtitle)
        if item.dates:
            self.run(p, " · ")
            self.run(p, item.dates)
        for detail in item.details:
            self.run(p, " · ")
            self.run(p, detail)
        if item.summary:
            self.run(p, " — ")
            self.run(p, item.summary)


# --- XML helpers ------------------------------------------------------------------------------


_ANCHOR = (
    '<wp:anchor xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
    ' distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="1"'
    ' behindDoc="0" locked="0" layoutInCell="1" allowOverlap="0">'
    '<wp:simplePos x="0" y="0"/>'
    '<wp:positionH relativeFrom="margin"><wp:align>{side}</wp:align></wp:positionH>'
    '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
    "</wp:anchor>"
)


def _float_photo(paragraph: Paragraph, data_url: str, alt: str, *, rtl: bool) -> None:
    """Put the photo at the top corner of the page, with the header text flowing beside it.

    python-docx only makes inline pictures; the inline is turned into an anchored one
    (square wrapping, aligned to the margin), which keeps the name and contacts as plain
    paragraphs that applicant-tracking systems read.
    """
    jpeg = base64.b64decode(data_url.split(",", 1)[1])
    shape = paragraph.add_run().add_picture(io.BytesIO(jpeg), width=Inches(1))
    inline = shape._inline
    anchor = parse_xml(_ANCHOR.format(side="left" if rtl else "right"))
    extent = inline.find(qn("wp:extent"))
    doc_pr = inline.find(qn("wp:docPr"))
    frame = inline.find(qn("wp:cNvGraphicFramePr"))
    graphic = inline.find(qn("a:graphic"))
    anchor.append(extent)
    anchor.append(OxmlElement("wp:effectExtent", {"l": "0", "t": "0", "r": "0", "b": "0"}))
    anchor.append(OxmlElement("wp:wrapSquare", {"wrapText": "bothSides"}))
    doc_pr.set("name", "Photo")
    doc_pr.set("descr", alt)
    anchor.append(doc_pr)
    anchor.append(frame if frame is not None else OxmlElement("wp:cNvGraphicFramePr"))
    anchor.append(graphic)
    inline.getparent().replace(inline, anchor)


def _put(parent: Any, order: tuple[str, ...], tag: str, attrs: dict[str, str]) -> Any:
    """Replace the ``tag`` child of ``parent`` with a new one, at its place in ``order``."""
    for old in parent.findall(qn(tag)):
        parent.remove(old)
    element = OxmlElement(tag, {qn(k): v for k, v in attrs.items()})
    for successor in order[order.index(tag) + 1 :]:
        found = parent.find(qn(successor))
        if found is not None:
            found.addprevious(element)
            return element
    parent.append(element)
    return element


def _border(ppr: Any, width_pt: float, color: str, space_pt: int) -> None:
    """A rule under a paragraph (``w:pBdr``), ``width_pt`` thick, ``space_pt`` below the text."""
    bdr = _put(ppr, _PPR_ORDER, "w:pBdr", {})
    size = max(2, min(96, round(width_pt * 8)))  # eighths of a point
    bdr.append(
        OxmlElement(
            "w:bottom",
            {
                qn("w:val"): "single",
                qn("w:sz"): str(size),
                qn("w:space"): str(max(0, min(31, space_pt))),
                qn("w:color"): color,
            },
        )
    )


def link_scheme(url: str) -> str:
    """The scheme of a URL in lower case (``""`` when there is none or it does not parse)."""
    try:
        return urlsplit(url).scheme.lower()
    except ValueError:
        return ""


def _part_with_reltype(source: Any, reltype: str) -> Part | None:
    for rel in source.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            part: Part = rel.target_part
            return part
    return None


def part_xml(part: Part) -> Any:
    """The root element of an XML part, else ``None``.

    For python-docx's own parts (document, styles, settings …) this is the live element;
    for the others it is parsed from the part's bytes (no entities, no network) and has to
    be written back with :func:`store_part_xml` after a change.
    """
    if isinstance(part, XmlPart):
        return part.element
    content_type = part.content_type or ""
    if not (content_type.endswith("+xml") or content_type.endswith("/xml")):
        return None
    try:
        return parse_xml(part.blob)
    except Exception:  # a broken part is left as it is
        return None


def store_part_xml(part: Part, root: Any) -> None:
    """Write back an element got from :func:`_xml_of`."""
    if not isinstance(part, XmlPart):
        part._blob = serialize_part_xml(root)


# --- cleaning the package: allow-lists ------------------------------------------------------
#
# A document travels to strangers, and a user's Word template may come from one: what the
# output holds is what a plain document needs, listed here, and nothing else. Parts are kept
# by the relationship that reaches them (and the content type at its end), elements by their
# namespace and name; tracked changes are accepted, hidden text is removed, and fields other
# than page numbers and dates are turned into their plain text.

_NS_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_NS_V = "urn:schemas-microsoft-com:vml"
_NS_O = "urn:schemas-microsoft-com:office:office"
_NS_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_W = "{" + _NS_W + "}"
_R_NS = "{" + _NS_R + "}"
_O = "{" + _NS_O + "}"
_V = "{" + _NS_V + "}"
_A = "{" + _NS_A + "}"

_OFFICE = "application/vnd.openxmlformats-officedocument."
_WML = _OFFICE + "wordprocessingml."
_MAIN_TYPE = _WML + "document.main+xml"
_CORE_TYPE = "application/vnd.openxmlformats-package.core-properties+xml"
_APP_TYPE = _OFFICE + "extended-properties+xml"
_IMAGE_TYPES: dict[str, str] = {"image/png": "PNG", "image/jpeg": "JPEG"}
"""Pictures kept (content type: format), each checked as :func:`toolkit.images.check_image`
does: a readable header of that format, at most 8 MiB and 25 megapixels."""
_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"

_STORY_RELS: dict[str, frozenset[str]] = {
    RT.IMAGE: frozenset(_IMAGE_TYPES),
    RT.HYPERLINK: frozenset(),  # external, with an allowed scheme
}
KEEP_RELATIONSHIPS: dict[str, dict[str, frozenset[str]]] = {
    "": {  # the package itself
        RT.OFFICE_DOCUMENT: frozenset({_MAIN_TYPE}),
        RT.CORE_PROPERTIES: frozenset({_CORE_TYPE}),
        RT.EXTENDED_PROPERTIES: frozenset({_APP_TYPE}),
    },
    _MAIN_TYPE: {
        RT.STYLES: frozenset({_WML + "styles+xml"}),
        _STYLES_WITH_EFFECTS: frozenset({"application/vnd.ms-word.stylesWithEffects+xml"}),
        RT.NUMBERING: frozenset({_WML + "numbering+xml"}),
        RT.SETTINGS: frozenset({_WML + "settings+xml"}),
        RT.WEB_SETTINGS: frozenset({_WML + "webSettings+xml"}),
        RT.FONT_TABLE: frozenset({_WML + "fontTable+xml"}),
        RT.THEME: frozenset({_OFFICE + "theme+xml"}),
        RT.HEADER: frozenset({_WML + "header+xml"}),
        RT.FOOTER: frozenset({_WML + "footer+xml"}),
        RT.FOOTNOTES: frozenset({_WML + "footnotes+xml"}),
        RT.ENDNOTES: frozenset({_WML + "endnotes+xml"}),
        **_STORY_RELS,
    },
    _WML + "header+xml": _STORY_RELS,
    _WML + "footer+xml": _STORY_RELS,
    _WML + "footnotes+xml": _STORY_RELS,
    _WML + "endnotes+xml": _STORY_RELS,
    _WML + "numbering+xml": {RT.IMAGE: frozenset(_IMAGE_TYPES)},  # picture bullets
    _OFFICE + "theme+xml": {RT.IMAGE: frozenset(_IMAGE_TYPES)},  # picture fills
}
"""What each kind of part may point to (by the content type of the part, ``""`` for the
package): relationship type -> the content types its target may have. Everything else is
dropped with its relationship, and what referred to it is taken out of the XML: embedded
objects and packages, altChunk, ActiveX, custom XML, macros, the glossary, comments, people,
fonts, the thumbnail, custom properties, attached templates, charts, diagrams, media."""

_REFERENCED_RELS = frozenset({RT.IMAGE, RT.HYPERLINK, RT.HEADER, RT.FOOTER})
"""Relationships that exist for the XML that points at them: dropped when nothing does."""


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Elements of WordprocessingML kept, by name (ECMA-376 part 1, §17): the text, its formatting,
# tables, sections, headers and footers, notes, lists, styles, fonts, the settings of a plain
# document, content controls, bookmarks, pictures and fields (which are then checked).
# Not here, so removed with what they hold: tracked deletions and property changes, hidden-text
# marks, altChunk, embedded objects and controls, sub-documents, comments, permissions, custom
# XML data binding, document variables, mail merge, protection, revision tracking, attached
# templates and schemas, embedded fonts, frame sets, form-field data and field data.
_W_ELEMENTS = _names(
    """
    document body background p pPr r rPr t tab br cr sym noBreakHyphen softHyphen
    dayShort monthShort yearShort dayLong monthLong yearLong footnoteRef endnoteRef separator
    continuationSeparator pgNum ptab lastRenderedPageBreak fldChar instrText fldSimple hyperlink
    bookmarkStart bookmarkEnd proofErr footnoteReference endnoteReference drawing pict
    txbxContent ruby rubyPr rubyAlign hps hpsRaise hpsBaseText lid rt rubyBase dir bdo
    sdt sdtPr sdtEndPr sdtContent alias tag id lock placeholder docPart showingPlcHdr temporary
    label tabIndex equation comboBox listItem date dateFormat storeMappedDataAs calendar
    docPartObj docPartList docPartGallery docPartCategory docPartUnique dropDownList picture
    richText text citation group bibliography
    tbl tblPr tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize
    tblW jc tblCellSpacing tblInd tblBorders top left start bottom right end insideH insideV
    tl2br tr2bl shd tblLayout tblCellMar tblLook tblCaption tblDescription tblGrid gridCol
    tr trPr cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight tblHeader
    hidden tc tcPr tcW gridSpan hMerge vMerge tcBorders noWrap tcMar textDirection tcFitText
    vAlign hideMark headers tblPrEx tblStylePr
    pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr ilvl numId
    suppressLineNumbers pBdr between bar tabs suppressAutoHyphens kinsoku wordWrap
    overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid spacing
    ind contextualSpacing mirrorIndents suppressOverlap textAlignment textboxTightWrap
    outlineLvl
    rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint
    noProof color w kern position sz szCs highlight u effect bdr fitText vertAlign rtl cs em
    lang eastAsianLayout oMath
    sectPr headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc
    pgBorders lnNumType pgNumType cols col formProt noEndnote titlePg rtlGutter docGrid
    pos numFmt numStart numRestart
    hdr ftr footnotes footnote endnotes endnote
    styles docDefaults rPrDefault pPrDefault latentStyles lsdException style name aliases
    basedOn next link autoRedefine uiPriority semiHidden unhideWhenUsed qFormat locked
    personal personalCompose personalReply rsid
    numbering numPicBullet abstractNum nsid multiLevelType tmpl styleLink numStyleLink lvl
    start lvlRestart isLgl suff lvlText lvlPicBulletId legacy lvlJc num abstractNumId
    lvlOverride startOverride numIdMacAtCleanup
    fonts font altName panose1 charset family notTrueType pitch sig
    settings view zoom removePersonalInformation removeDateAndTime doNotDisplayPageBoundaries
    displayBackgroundShape printPostScriptOverText printFractionalCharacterWidth
    printFormsData embedSystemFonts saveSubsetFonts saveFormsData mirrorMargins
    alignBordersAndEdges bordersDoNotSurroundHeader bordersDoNotSurroundFooter gutterAtTop
    hideSpellingErrors hideGrammaticalErrors activeWritingStyle proofState formsDesign
    stylePaneFormatFilter stylePaneSortMethod documentType doNotTrackMoves
    doNotTrackFormatting autoFormatOverride styleLockTheme styleLockQFSet defaultTabStop
    autoHyphenation consecutiveHyphenLimit hyphenationZone doNotHyphenateCaps showEnvelope
    summaryLength clickAndTypeStyle defaultTableStyle evenAndOddHeaders bookFoldRevPrinting
    bookFoldPrinting bookFoldPrintingSheets drawingGridHorizontalSpacing
    drawingGridVerticalSpacing displayHorizontalDrawingGridEvery
    displayVerticalDrawingGridEvery doNotUseMarginsForDrawingGridOrigin
    drawingGridHorizontalOrigin drawingGridVerticalOrigin doNotShadeFormData
    noPunctuationKerning characterSpacingControl printTwoOnOne strictFirstAndLastChars
    noLineBreaksAfter noLineBreaksBefore doNotValidateAgainstSchema saveInvalidXml
    ignoreMixedContent alwaysShowPlaceholderText doNotDemarcateInvalidXml saveXmlDataOnly
    showXMLTags alwaysMergeEmptyNamespace hdrShapeDefaults shapeDefaults compat
    compatSetting rsids rsidRoot themeFontLang clrSchemeMapping doNotIncludeSubdocsInStats
    doNotAutoCompressPictures forceUpgrade captions caption autoCaptions autoCaption
    readModeInkLockDown doNotEmbedSmartTags decimalSymbol listSeparator
    useSingleBorderforContiguousCells wpJustification noTabHangInd noLeading spaceForUL
    noColumnBalance balanceSingleByteDoubleByteWidth noExtraLineSpacing
    doNotLeaveBackslashAlone ulTrailSpace doNotExpandShiftReturn spacingInWholePoints
    lineWrapLikeWord6 printBodyTextBeforeHeader printColBlack wpSpaceWidth
    showBreaksInFrames subFontBySize suppressBottomSpacing suppressTopSpacing
    suppressSpacingAtTopOfPage suppressTopSpacingWP suppressSpBfAfterPgBrk
    swapBordersFacingPages convMailMergeEsc truncateFontHeightsLikeWP6 mwSmallCaps
    usePrinterMetrics doNotSuppressParagraphBorders wrapTrailSpaces footnoteLayoutLikeWW8
    shapeLayoutLikeWW8 alignTablesRowByRow forgetLastTabAlignment adjustLineHeightInTable
    autoSpaceLikeWord95 noSpaceRaiseLower doNotUseHTMLParagraphAutoSpacing
    layoutRawTableWidth layoutTableRowsApart useWord97LineBreakRules doNotBreakWrappedTables
    doNotSnapToGridInCell selectFldWithFirstOrLastChar applyBreakingRules
    doNotWrapTextWithPunct doNotUseEastAsianBreakRules useWord2002TableStyleRules
    growAutofit useFELayout useNormalStyleForList doNotUseIndentAsNumberingTabStop
    useAltKinsokuLineBreakRules allowSpaceOfSameStyleInTable doNotSuppressIndentation
    doNotAutofitConstrainedTables autofitToFirstFixedWidthCell underlineTabInNumList
    displayHangulFixedWidth splitPgBreakAndParaMark doNotVertAlignCellWithSp
    doNotBreakConstrainedForcedTable doNotVertAlignInTxbx useAnsiKerningPairs
    cachedColBalance
    webSettings divs div blockQuote bodyDiv marLeft marRight marTop marBottom divBdr divsChild
    encoding optimizeForBrowser relyOnVML allowPNG doNotRelyOnCSS doNotSaveAsSingleFile
    doNotOrganizeInFolder doNotUseLongFileNames pixelsPerInch targetScreenSz
    saveSmartTagsAsXml
    """
)
_V_ELEMENTS = _names(
    """
    shape shapetype imagedata textbox stroke fill path formulas f handles h rect roundrect
    line polyline oval arc curve group image shadow textpath background
    """
)
_O_ELEMENTS = _names(
    """
    shapedefaults shapelayout idmap regrouptable entry rules r proxy lock colormru colormenu
    extrusion skew callout fill top bottom left right column
    """
)
_MC_ELEMENTS = frozenset({"AlternateContent", "Choice", "Fallback"})
_A_REFUSED = frozenset({"videoFile", "audioFile", "wavAudioFile", "quickTimeFile", "audioCd"})
KEEP_ELEMENTS: dict[str, frozenset[str] | None] = {
    _NS_W: _W_ELEMENTS,
    _NS_V: _V_ELEMENTS,
    _NS_O: _O_ELEMENTS,
    _NS_MC: _MC_ELEMENTS,
    _NS_A: None,
    "http://schemas.openxmlformats.org/drawingml/2006/picture": None,
    "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing": None,
    "http://schemas.openxmlformats.org/officeDocument/2006/math": None,
    "http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing": None,
    "http://schemas.microsoft.com/office/word/2010/wordprocessingShape": None,
    "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup": None,
    "http://schemas.microsoft.com/office/drawing/2010/main": None,
    "http://schemas.microsoft.com/office/word/2010/wordml": None,
    "http://schemas.microsoft.com/office/word/2012/wordml": None,
    "http://schemas.microsoft.com/office/word/2015/wordml/symex": None,
    "urn:schemas-microsoft-com:office:word": None,
}
"""Elements kept in the XML parts, by namespace: a set of names, or ``None`` for all of the
namespace (DrawingML, pictures, math, Word's 2010-2015 extensions, VML wrapping), except
DrawingML's sound and video. Elements of other namespaces are removed with their content."""

_UNWRAP = frozenset({_W + "ins", _W + "moveTo", _W + "customXml", _W + "smartTag"})
"""Kept for what they hold, not themselves: insertions and moves are accepted, custom XML
and smart tags are plain text again."""
_MARK_PARENTS = frozenset({_W + t for t in ("rPr", "trPr", "tcPr", "numPr", "pPr")})
_HIDDEN_MARKS = (_W + "vanish", _W + "specVanish", _W + "webHidden")
_PICTURE_DATA = frozenset({_A + "blip", _V + "imagedata"})
_PICTURE_CONTAINERS = (_W + "drawing", _W + "pict")
_VML_LINK_ATTRS = ("href", "target", "src", _O + "href", _O + "althref")
_GRAPHICS = frozenset(
    {
        "http://schemas.openxmlformats.org/drawingml/2006/picture",
        "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
        "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",
    }
)
"""What a DrawingML graphic may be: a picture, a shape or a group (no chart, diagram, ink)."""

KEEP_FIELDS = frozenset({"PAGE", "NUMPAGES", "SECTIONPAGES", "SECTION", "DATE", "TIME"})
"""Fields kept working (with ``HYPERLINK`` to an allowed address); the others are replaced
by what they showed."""
_INFO_FIELDS = _names(
    """
    AUTHOR COMMENTS CREATEDATE DOCPROPERTY DOCVARIABLE EDITTIME FILENAME FILESIZE INFO KEYWORDS
    LASTSAVEDBY NUMCHARS NUMWORDS PRINTDATE REVNUM SAVEDATE SUBJECT TEMPLATE TITLE USERADDRESS
    USERINITIALS USERNAME
    """
)
"""Fields that show the template's own metadata: removed together with what they showed."""
_FIELD_TOKENS = re.compile(r'"[^"]*"|\S+')
_TRUE_OFF = frozenset({"0", "false", "off"})

_APP_XML = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'docPropsVTypes"><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>'
    b"<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    b"<HyperlinksChanged>false</HyperlinksChanged></Properties>"
)


def clean_package(document: Document, link_schemes: Collection[str] = LINK_SCHEMES) -> list[str]:
    """Keep only what a plain document needs; strip what should not travel to a stranger.

    * parts: only those :data:`KEEP_RELATIONSHIPS` lists, reached from the package through
      relationships it lists, with the content types it lists; PNG and JPEG pictures only,
      each checked (format, size, pixels) from its header; hyperlinks only to an external
      address whose scheme is in ``link_schemes``. What pointed at a dropped part is taken out
      of the XML (a refused hyperlink keeps its text, a refused picture goes entirely).
    * elements: only those :data:`KEEP_ELEMENTS` lists. Tracked changes are accepted
      (insertions and moves kept as plain text; deletions, moved-away text and property
      changes dropped, with their authors); hidden text (``vanish``, ``specVanish``,
      ``webHidden``, directly or by a style) is removed, and the marks that hide anything go;
      fields other than :data:`KEEP_FIELDS` become the text they showed (fields showing the
      template's own metadata go with it); VML loses its link and path attributes.
    * the extended properties (``app.xml``: application, company, manager, template) are
      replaced by a neutral set; the core properties are left to :func:`set_core_properties`.

    A document made by the toolkit's own writers holds nothing of this, and comes out
    byte for byte as it went in.

    Returns:
        A short description of each thing removed, for logs and tests.
    """
    removed: list[str] = []
    parts = _keep_parts(document, link_schemes, removed)
    hidden = _HiddenStyles(document)
    schemes = tuple(sorted(link_schemes))
    for part in parts:
        if (part.content_type or "") in (_CORE_TYPE, _APP_TYPE):
            continue
        key = _blob_key(part, schemes)
        if key is not None and key in _CLEAN_BLOBS:
            continue
        root = part_xml(part)
        if root is None:
            continue
        cleaner = _XmlCleaner(part, root, link_schemes, hidden)
        if cleaner.clean():
            store_part_xml(part, root)
        elif key is not None and next(root.iter(_W + "r"), None) is None:
            _remember_clean(key)
        removed += [f"{part.partname}: {what}" for what in cleaner.removed]
        for r_id, rel in list(part.rels.items()):
            if rel.reltype in _REFERENCED_RELS and r_id not in cleaner.used:
                _drop_rel(part.rels, r_id)
                removed.append(f"{part.partname}: unused {rel.reltype.rsplit('/', 1)[-1]}")
    return removed


# Parts python-docx keeps as bytes (the styles with effects, the theme, the font table …)
# that cleaning left as they were, by content type and digest: the same bytes need no second
# look. Only parts without relationships or runs, whose cleaning depends on nothing else.
_CLEAN_BLOBS: dict[tuple[str, bytes, tuple[str, ...]], None] = {}
_CLEAN_BLOBS_MAX = 64


def _blob_key(part: Part, schemes: tuple[str, ...]) -> tuple[str, bytes, tuple[str, ...]] | None:
    content_type = part.content_type or ""
    if isinstance(part, XmlPart) or part.rels or not content_type.endswith("xml"):
        return None
    return (content_type, hashlib.sha256(part.blob).digest(), schemes)


def _remember_clean(key: tuple[str, bytes, tuple[str, ...]]) -> None:
    if len(_CLEAN_BLOBS) >= _CLEAN_BLOBS_MAX:
        _CLEAN_BLOBS.clear()
    _CLEAN_BLOBS[key] = None


def _keep_parts(
    document: Document, link_schemes: Collection[str], removed: list[str]
) -> list[Part]:
    """Walk the relationships from the package, dropping those not allowed; the parts kept."""
    package = document.part.package
    kept: list[Part] = []
    seen: set[int] = set()
    checked_images: dict[int, str] = {}
    queue: list[Any] = [package]
    while queue:
        source = queue.pop(0)
        is_package = source is package
        allowed = KEEP_RELATIONSHIPS.get("" if is_package else source.content_type or "", {})
        where = "package" if is_package else str(source.partname)
        for r_id, rel in list(source.rels.items()):
            refusal = _refusal(rel, allowed, link_schemes, checked_images)
            if refusal and is_package and rel.reltype == RT.OFFICE_DOCUMENT:
                refusal = ""  # python-docx has checked the main document when opening it
            if refusal:
                removed.append(f"{where}: {refusal}")
                _drop_rel(source.rels, r_id)
                continue
            if rel.is_external:
                continue
            target = rel.target_part
            if id(target) not in seen:
                seen.add(id(target))
                kept.append(target)
                queue.append(target)
                if is_package and rel.reltype == RT.EXTENDED_PROPERTIES:
                    _set_blob(target, _APP_XML)
    return kept


def _refusal(
    rel: Any,
    allowed: dict[str, frozenset[str]],
    link_schemes: Collection[str],
    checked_images: dict[int, str],
) -> str:
    """Why a relationship goes ("" when it stays)."""
    what = rel.reltype.rsplit("/", 1)[-1]
    if rel.reltype not in allowed:
        target = f" {rel.target_ref}" if rel.is_external else ""
        return f"{what}{target}"
    if rel.reltype == RT.HYPERLINK:
        if not rel.is_external:
            return "hyperlink inside the package"
        if link_scheme(rel.target_ref) not in link_schemes:
            return f"hyperlink {rel.target_ref}"
        return ""
    if rel.is_external:
        return f"{what} {rel.target_ref} (outside the document)"
    target = rel.target_part
    content_type = target.content_type or ""
    if content_type not in allowed[rel.reltype]:
        return f"{what} {target.partname} ({content_type})"
    if rel.reltype == RT.IMAGE:
        if id(target) not in checked_images:
            checked_images[id(target)] = _image_problem(target.blob, _IMAGE_TYPES[content_type])
        problem = checked_images[id(target)]
        if problem:
            return f"{what} {target.partname} ({problem})"
    return ""


def _image_problem(data: bytes, expected: str) -> str:
    """What is wrong with a picture ("" when nothing is)."""
    try:
        fmt, _, _ = check_image(data)
    except BadImage as exc:
        return str(exc)
    return "" if fmt == expected else f"a {fmt} image said to be {expected}"


def _drop_rel(rels: Any, r_id: str) -> None:
    del rels[r_id]
    rels._target_parts_by_rId.pop(r_id, None)


def _set_blob(part: Part, data: bytes) -> None:
    if isinstance(part, XmlPart):
        part._element = parse_xml(data)
    else:
        part._blob = data


def _referring(root: Any) -> list[Any]:
    """The elements of a part that carry a relationship id (``r:id``, ``r:embed``, VML's
    ``o:relid`` …)."""
    if isinstance(root, BaseOxmlElement):  # python-docx's xpath() knows the r: prefix
        attrs = root.xpath("//@r:*")
    else:
        attrs = root.xpath("//@r:*", namespaces={"r": _NS_R})
    found: dict[Any, None] = {attr.getparent(): None for attr in attrs}
    for element in root.iter(_V + "*", _O + "*"):
        if _O + "relid" in element.attrib:
            found[element] = None
    return list(found)


def _rel_attrs(element: Any) -> Iterator[tuple[str, str]]:
    for key, value in element.attrib.items():
        if key.startswith(_R_NS) or key == _O + "relid":
            yield key, value


_KEPT_TAGS = frozenset(
    "{" + namespace + "}" + name
    for namespace, names in KEEP_ELEMENTS.items()
    if names is not None
    for name in names
)
_KEPT_NAMESPACES = tuple("{" + ns + "}" for ns, names in KEEP_ELEMENTS.items() if names is None)
_A_REFUSED_TAGS = frozenset(_A + name for name in _A_REFUSED)


def _element_kept(tag: Any) -> bool:
    """Whether :data:`KEEP_ELEMENTS` lists an element (by its ``{namespace}name`` tag)."""
    if tag in _KEPT_TAGS:
        return True
    return isinstance(tag, str) and tag.startswith(_KEPT_NAMESPACES) and tag not in _A_REFUSED_TAGS


# --- hidden text ---------------------------------------------------------------------------


def _hidden_value(rpr: Any) -> bool | None:
    """Whether run properties hide text (``None``: they do not say)."""
    if rpr is None:
        return None
    said: bool | None = None
    for mark in rpr:
        if mark.tag in _HIDDEN_MARKS:
            on = (mark.get(_W + "val") or "true").lower() not in _TRUE_OFF
            if on:
                return True
            said = False
    return said


class _HiddenStyles:
    """Which styles hide text, as their ``w:rPr`` (and those they are based on) say."""

    def __init__(self, document: Document) -> None:
        self.by_id: dict[str, bool | None] = {}
        self.default_paragraph: str | None = None
        self.default: bool | None = None
        self.any = False
        """Whether any style or the document defaults hide text."""
        part = _part_with_reltype(document.part, RT.STYLES)
        root = None if part is None else part_xml(part)
        if root is None or next(root.iter(*_HIDDEN_MARKS), None) is None:
            return
        styles = {s.get(_W + "styleId"): s for s in root.iter(_W + "style")}
        for style_id, style in styles.items():
            if style.get(_W + "type") == "paragraph" and (
                style.get(_W + "default") or ""
            ).lower() in ("1", "true", "on"):
                self.default_paragraph = style_id
        for style_id in styles:
            self._resolve(styles, style_id)
        defaults = root.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr")
        self.default = _hidden_value(defaults)
        self.any = bool(self.default) or any(self.by_id.values())

    def _resolve(self, styles: dict[str, Any], style_id: str) -> None:
        """Whether a style hides text, through the styles it is based on (each looked at
        once, whatever the length of the chains)."""
        path: dict[str, None] = {}
        value: bool | None = None
        current: str | None = style_id
        while current is not None and current in styles and current not in self.by_id:
            if current in path:  # a loop of basedOn
                break
            path[current] = None
            style = styles[current]
            value = _hidden_value(style.find(_W + "rPr"))
            if value is not None:
                break
            based = style.find(_W + "basedOn")
            current = None if based is None else based.get(_W + "val")
        else:
            if current is not None and current in self.by_id:
                value = self.by_id[current]
        for seen in path:
            self.by_id[seen] = value

    def hides(self, run: Any) -> bool:
        """Whether a run's text is hidden, by its own properties or by a style."""
        rpr = run.find(_W + "rPr")
        value = _hidden_value(rpr)
        if value is None and rpr is not None:
            rstyle = rpr.find(_W + "rStyle")
            if rstyle is not None:
                value = self.by_id.get(rstyle.get(_W + "val"))
        if value is None:
            paragraph = next(run.iterancestors(_W + "p"), None)
            style_id = self.default_paragraph
            if paragraph is not None:
                pstyle = paragraph.find(f"{_W}pPr/{_W}pStyle")
                if pstyle is not None:
                    style_id = pstyle.get(_W + "val")
            if style_id is not None:
                value = self.by_id.get(style_id)
        if value is None:
            value = self.default
        return bool(value)


# --- fields ----------------------------------------------------------------------------------


def field_name(code: str) -> str:
    """The name of a field from its code (``" PAGE \\* MERGEFORMAT "`` -> ``PAGE``)."""
    tokens = _FIELD_TOKENS.findall(code)
    return tokens[0].upper() if tokens else ""


def hyperlink_target(code: str) -> str:
    """The address of a ``HYPERLINK`` field ("" for other fields and in-document links)."""
    tokens = _FIELD_TOKENS.findall(code)
    if not tokens or tokens[0].upper() != "HYPERLINK":
        return ""
    skip = False
    for token in tokens[1:]:
        if skip:
            skip = False
        elif token.startswith("\\"):
            skip = token.lower() in ("\\l", "\\o", "\\t")  # switches with an argument
        else:
            return str(token).strip('"')
    return ""


def _field_kept(code: str, link_schemes: Collection[str]) -> bool:
    name = field_name(code)
    if name == "HYPERLINK":
        target = hyperlink_target(code)
        return not target or link_scheme(target) in link_schemes
    return name in KEEP_FIELDS


class _Field:
    """A field written with ``w:fldChar`` marks, found in a part: its marks, its code, and
    where what it shows starts and ends among the run contents of the part."""

    def __init__(self, begin: Any) -> None:
        self.marks: list[Any] = [begin]
        self.code: list[str] = []
        self.result_from = -1
        self.result_to = -1


# --- the XML of one part -------------------------------------------------------------------


class _XmlCleaner:
    """Cleans the XML of one part in place; :meth:`clean` says whether anything changed."""

    def __init__(
        self, part: Part, root: Any, link_schemes: Collection[str], hidden: _HiddenStyles
    ) -> None:
        self.part = part
        self.root = root
        self.link_schemes = link_schemes
        self.hidden = hidden
        self.removed: list[str] = []
        self.touched_runs: list[Any] = []
        self.changed = False
        self.used: set[str] = set()

    def clean(self) -> bool:
        self.accept_changes()
        self.unlink_fields()
        self.remove_hidden_runs()
        self.keep_allowed()
        self.fix_references()
        self.remove_empty_runs()
        return self.changed

    # helpers ------------------------------------------------------------------------------

    def remove(self, element: Any, why: str | None = None) -> None:
        parent = element.getparent()
        if parent is None:
            return
        if parent.tag == _W + "r":
            self.touched_runs.append(parent)
        parent.remove(element)
        self.changed = True
        if why is not None:
            self.removed.append(why)

    def unwrap(self, element: Any) -> None:
        parent = element.getparent()
        if parent is None:
            return
        for child in list(element):
            if child.tag in (_W + "customXmlPr", _W + "smartTagPr"):
                continue
            element.addprevious(child)
        parent.remove(element)
        self.changed = True

    @staticmethod
    def _name(tag: str) -> str:
        namespace, _, local = tag[1:].partition("}")
        prefix = {_NS_W: "w", _NS_V: "v", _NS_O: "o", _NS_A: "a", _NS_MC: "mc"}.get(namespace)
        return f"{prefix}:{local}" if prefix else local

    # steps ----------------------------------------------------------------------------------

    def accept_changes(self) -> None:
        """Tracked changes accepted: deletions and moved-away text go (deleted table rows
        too), insertions and moves become plain content. Property changes and the marks
        left in properties go with the elements that are not allowed."""
        deleted = 0
        for element in list(self.root.iter(_W + "del", _W + "moveFrom")):
            parent = element.getparent()
            if parent is None:
                continue
            if parent.tag == _W + "trPr":
                row = parent.getparent()
                if row is not None and row.getparent() is not None:
                    self.remove(row)
                    deleted += 1
            elif parent.tag not in _MARK_PARENTS:
                self.remove(element)
                deleted += 1
        if deleted:
            self.removed.append(f"{deleted} tracked deletion{'s' if deleted > 1 else ''}")
        for element in list(self.root.iter(*_UNWRAP)):
            parent = element.getparent()
            if parent is not None and parent.tag not in _MARK_PARENTS:
                self.unwrap(element)

    def unlink_fields(self) -> None:
        """Fields other than page numbers, dates and allowed links become plain text."""
        notes: dict[str, int] = {}
        for simple in list(self.root.iter(_W + "fldSimple")):
            code = simple.get(_W + "instr") or ""
            if _field_kept(code, self.link_schemes):
                continue
            name = field_name(code) or "empty"
            if name in _INFO_FIELDS:
                self.remove(simple)
                note = f"{name} field and what it showed"
            else:
                self.unwrap(simple)
                note = f"{name} field (its text kept)"
            notes[note] = notes.get(note, 0) + 1
        if next(self.root.iter(_W + "fldChar"), None) is not None:
            self.unlink_complex_fields(notes)
        self.removed += [note if n == 1 else f"{n} x {note}" for note, n in notes.items()]

    def unlink_complex_fields(self, notes: dict[str, int]) -> None:
        """:meth:`unlink_fields` for fields written with ``w:fldChar`` marks."""
        fields: list[_Field] = []
        stack: list[_Field] = []
        shown: list[Any] = []  # what runs show (text, tabs, pictures …), in order
        for run in list(self.root.iter(_W + "r")):
            for child in run:
                tag = child.tag
                if tag == _W + "fldChar":
                    kind = child.get(_W + "fldCharType")
                    if kind == "begin":
                        stack.append(_Field(child))
                        fields.append(stack[-1])
                    elif stack:
                        stack[-1].marks.append(child)
                        if kind == "separate":
                            stack[-1].result_from = len(shown)
                        elif kind == "end":
                            stack.pop().result_to = len(shown)
                elif tag == _W + "instrText":
                    if stack:
                        stack[-1].marks.append(child)
                        stack[-1].code.append(child.text or "")
                elif tag != _W + "rPr":
                    shown.append(child)
        spans: list[tuple[int, int]] = []
        for field in fields:
            code = "".join(field.code)
            if field.result_to >= 0 and _field_kept(code, self.link_schemes):
                continue
            name = field_name(code) or "empty"
            for mark in field.marks:
                self.remove(mark)
            if name in _INFO_FIELDS:
                if field.result_from >= 0:
                    end = field.result_to if field.result_to >= 0 else len(shown)
                    spans.append((field.result_from, end))
                note = f"{name} field and what it showed"
            else:
                note = f"{name} field (its text kept)"
            notes[note] = notes.get(note, 0) + 1
        reach = 0  # fields inside fields: each shown element goes once
        for start, end in sorted(spans):
            for element in shown[max(start, reach) : end]:
                self.remove(element)
            reach = max(reach, end)

    def remove_hidden_runs(self) -> None:
        """The text of hidden runs goes (field marks stay, so fields stay whole)."""
        if not self.hidden.any and next(self.root.iter(*_HIDDEN_MARKS), None) is None:
            return
        count = 0
        for run in list(self.root.iter(_W + "r")):
            if not self.hidden.hides(run):
                continue
            for child in list(run):
                if child.tag not in (_W + "rPr", _W + "fldChar", _W + "instrText"):
                    self.remove(child)
            self.touched_runs.append(run)
            count += 1
        if count:
            self.removed.append(f"{count} hidden run{'s' if count > 1 else ''}")

    def keep_allowed(self) -> None:
        """Remove every element (with its content) that :data:`KEEP_ELEMENTS` does not list."""
        refused = [e for e in self.root.iter() if not _element_kept(e.tag)]
        if not refused:
            return
        within = set(refused)
        counts: dict[str, int] = {}
        for element in reversed(refused):  # the innermost first: each removal is one step
            parent = element.getparent()
            if parent not in within:  # not counted when it goes with its parent
                tag = element.tag
                name = self._name(tag) if isinstance(tag, str) else "XML comment"
                counts[name] = counts.get(name, 0) + 1
            self.remove(element)
            if parent is not None and parent.tag == _A + "ext" and not len(parent):
                self.remove(parent)
        self.removed += [f"{n} {name}" for name, n in sorted(counts.items())]

    def fix_references(self) -> None:
        """Take out what points at a dropped relationship; VML keeps no address of its own.

        Sets :attr:`used`: the relationship ids the part still refers to."""
        for element in list(self.root.iter(_V + "*", _O + "*")):
            for attr in _VML_LINK_ATTRS:
                if attr in element.attrib:
                    del element.attrib[attr]
                    self.changed = True
        rels = self.part.rels
        referring = _referring(self.root)
        touched = False
        for element in referring:
            if not self.attached(element):
                continue  # gone with a picture removed in this loop
            dangling = [key for key, value in _rel_attrs(element) if value not in rels]
            if not dangling:
                continue
            touched = True
            if element.tag == _W + "hyperlink":
                for key in dangling:
                    del element.attrib[key]
                self.unwrap(element)  # the words stay, the link goes
            elif element.tag in _PICTURE_DATA:
                for key in dangling:
                    del element.attrib[key]
                self.changed = True
                if not any(True for _ in _rel_attrs(element)):
                    container = next(element.iterancestors(*_PICTURE_CONTAINERS), None)
                    self.remove(element if container is None else container, "a picture")
            else:
                self.remove(element, f"a reference ({self._name(element.tag)})")
        for data in list(self.root.iter(_A + "graphicData")):
            if data.get("uri") not in _GRAPHICS:
                container = next(data.iterancestors(_W + "drawing"), None)
                self.remove(data if container is None else container, "a chart or diagram")
                touched = True
        if touched:
            referring = _referring(self.root)
        self.used = {value for element in referring for _, value in _rel_attrs(element)}

    def attached(self, element: Any) -> bool:
        """Whether an element is still in the part (not removed with an ancestor)."""
        return element is self.root or any(a is self.root for a in element.iterancestors())

    def remove_empty_runs(self) -> None:
        """Runs this cleaning emptied go too."""
        for run in self.touched_runs:
            if run.getparent() is not None and all(c.tag == _W + "rPr" for c in run):
                self.remove(run)


# --- metadata and bytes -------------------------------------------------------------------


def _limit(text: str, limit: int = 255) -> str:
    """Core properties hold at most 255 characters; cut at a word where possible."""
    text = _SPACE.sub(" ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;") + "…"


def set_core_properties(document: Document, meta: Meta) -> None:
    """Replace the core properties with the document's own: nothing else survives.

    The person is the author and last editor; created and modified are the document date
    at 00:00 UTC; revision 1; no comments, category, status or tool name.

    Raises:
        RenderError: if ``meta.date`` is not an ISO date.
    """
    try:
        day = dt.date.fromisoformat(meta.date)
    except ValueError as exc:
        raise RenderError(f"the document date {meta.date!r} is not a date", fmt="docx") from exc
    when = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    props = document.core_properties
    element = props._element
    for child in list(element):
        element.remove(child)
    props.title = _limit(meta.title)
    props.author = _limit(meta.author)
    props.last_modified_by = _limit(meta.author)
    props.language = meta.lang
    if meta.subject:
        props.subject = _limit(meta.subject)
    if meta.keywords:
        kept: list[str] = []
        for keyword in meta.keywords:
            if len(", ".join([*kept, keyword])) > 255:
                break
            kept.append(keyword)
        if kept:
            props.keywords = ", ".join(kept)
    props.revision = 1
    props.created = when
    props.modified = when


def docx_bytes(document: Document) -> bytes:
    """Save a document as a zip that depends on nothing but its content.

    Entries get a fixed timestamp and attributes, in a fixed order (``[Content_Types].xml``
    and the package relationships first, as Office writes them).
    """
    raw = io.BytesIO()
    document.save(raw)
    return normalize_zip(raw.getvalue())


def normalize_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps and a stable entry order."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = {name: source.read(name) for name in source.namelist()}
    order = sorted(entries, key=lambda n: (n != "[Content_Types].xml", n != "_rels/.rels", n))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, entries[name], compresslevel=9)
    return out.getvalue()
