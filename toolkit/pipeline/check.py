"""``toolkit check``: does the resume survive an applicant-tracking parser, and does it read well?

For a profile, the resume is rendered and three kinds of finding come back, each an
:class:`~toolkit.errors.Issue` with a fix and, where the profile has one, a line:

- **read-back** (errors): the resume is rendered to PDF and DOCX and read back as a parser
  would; the name, contact details, employers, titles and dates must come back intact
  (right-to-left text, which a parser reads in visual order, is compared word by word);
- **the page** (warnings): a last page under a quarter full, characters the fonts cannot
  show (they print as empty boxes), a bullet whose last line holds a single word;
- **content** (warnings): missing contact details, bullets without a result or number,
  overlong bullets, the same opening verb again and again, gaps and overlaps between jobs,
  section headings a parser will not recognise, an expired credential on the page, and
  text that looks like patient data (:mod:`toolkit.privacy.phi`).

For a finished resume (a PDF or a Word file), :func:`read_resume` reads it as a parser
would and reports what it found (name, contacts, headings, jobs) and what gets in the way:
no text layer, text in images or text boxes, columns, contact details only in a page header,
icon-font characters, missing glyphs, a runt last page, lone-word lines.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import logging
import re
import statistics
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Literal

from toolkit.documents.context import DocumentContext
from toolkit.errors import InputError, Issue, Severity
from toolkit.load.sources import PathT
from toolkit.matching.evidence import EXAMPLE_MARK as EXAMPLE
from toolkit.matching.evidence import all_lines
from toolkit.models.common import date_end, date_start
from toolkit.models.options import DocumentOptions
from toolkit.models.profile import Profile
from toolkit.pipeline import build_context, render_context
from toolkit.pipeline.fit import RUNT_FILL
from toolkit.privacy.phi import excerpt, excerpt_end, phi_findings, phi_texts

__all__ = [
    "KNOWN_HEADINGS",
    "Job",
    "Reading",
    "audit",
    "lint",
    "page_findings",
    "phi_findings",
    "read_back",
    "read_resume",
    "resume_file_kind",
]

Locate = Callable[[PathT], Issue]

MAX_BULLET_CHARS = 220
GAP_MONTHS = 6
MAX_RESUME_BYTES = 20 * 1024 * 1024
"""The largest PDF or Word file ``check`` reads."""
MAX_RESUME_PAGES = 20
"""The most pages of a PDF that are read (a resume has a few)."""
# Headings applicant-tracking systems map to their fields, in the languages we translate.
KNOWN_HEADINGS = {
    "summary",
    "profile",
    "professional summary",
    "objective",
    "experience",
    "work experience",
    "professional experience",
    "employment",
    "employment history",
    "work history",
    "education",
    "certifications",
    "certificates",
    "licenses",
    "licences",
    "licenses and certifications",
    "licences and certifications",
    "credentials",
    "skills",
    "technical skills",
    "core skills",
    "key skills",
    "projects",
    "volunteer work",
    "volunteering",
    "volunteer experience",
    "awards",
    "honors",
    "honours",
    "publications",
    "languages",
    "interests",
    "references",
    "training",
    "professional development",
    "memberships",
    "professional memberships",
    "affiliations",
    "professional affiliations",
    "expérience professionnelle",
    "formation",
    "compétences",
    "langues",
    "profil",
    "berufserfahrung",
    "ausbildung",
    "kenntnisse",
    "sprachen",
    "experiencia profesional",
    "formación",
    "competencias",
    "idiomas",
    "perfil",
}
_EXPERIENCE_HEADINGS = {
    "experience",
    "work experience",
    "professional experience",
    "employment",
    "employment history",
    "work history",
    "expérience professionnelle",
    "berufserfahrung",
    "experiencia profesional",
}


def _squash(text: str) -> str:
    text = re.sub(r"-\s*\n\s*", "-", text)
    return re.sub(r"\s+", " ", text).strip().casefold()


def _no_locate(path: PathT) -> Issue:
    return Issue("", path=path)


def _whole(locate: Locate) -> Issue:
    """Where a finding about the whole document stands: the file, no line."""
    return replace(locate(()), path=(), line=None, column=None)


def _at(
    where: Issue, message: str, hint: str, severity: Severity = "warning", value: str | None = None
) -> Issue:
    return replace(where, message=message, hint=hint, severity=severity, value=value)


def _texts(profile: Profile) -> list[tuple[PathT, str]]:
    """Every text of the profile that reaches the page, with its field path."""
    b = profile.basics
    head: list[tuple[PathT, str]] = [(("basics", "name"), b.name)]
    head += [((("basics", f)), getattr(b, f)) for f in ("email", "phone") if getattr(b, f)]
    return head + list(phi_texts(profile))


# --- read-back ------------------------------------------------------------------------------


def _pdf_text(pdf: bytes) -> str:
    from pypdf import PdfReader  # lazy: pypdf (~55 ms) only for the read-back

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _docx_text(data: bytes) -> str:
    import docx  # lazy: python-docx and lxml (~30 ms) only for the read-back

    document = docx.Document(io.BytesIO(data))
    return "\n".join(p.text for p in document.paragraphs)


def _facts(profile: Profile, ctx: DocumentContext) -> list[tuple[str, str, PathT]]:
    """``(what, text, path)`` that a parser must find: name, contacts, employers, titles, dates."""
    b = profile.basics
    facts: list[tuple[str, str, PathT]] = [("name", b.name, ("basics", "name"))]
    if b.email:
        facts.append(("email", b.email, ("basics", "email")))
    if b.phone:
        facts.append(("phone", b.phone, ("basics", "phone")))
    experience = next((s for s in ctx.sections if s.id == "experience"), None)
    if experience is not None:
        shown = {(i.title, i.subtitle): i for i in experience.items}
        for n, job in enumerate(profile.experience):
            item = shown.get((job.title, job.employer))
            if item is None:
                continue  # left out of this variant on purpose
            facts.append(("employer", job.employer, ("experience", n, "employer")))
            facts.append(("title", job.title, ("experience", n, "title")))
            if item.dates:
                facts.append(("dates", item.dates, ("experience", n, "start")))
    return facts


_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_WORD = re.compile(r"[^\W_]+")


def _reads_back(fact: str, text: str, lines: list[str]) -> bool:
    """Whether ``fact`` comes back from the extracted ``text`` (squashed) and its ``lines``.

    A parser reads right-to-left text (Arabic, Hebrew) in visual order: a date written
    "month year - until now" comes back as "until now - year month", the same words on one
    line in another order (and a space between two runs of different direction may go).
    Such a fact reads back when every one of its words stands on one line.
    """
    if _squash(fact) in text:
        return True
    if not _RTL.search(fact):
        return False
    words = [w.casefold() for w in _WORD.findall(fact)]
    return any(all(w in line.casefold() for w in words) for line in lines)


def read_back(
    profile: Profile, ctx: DocumentContext, files: dict[str, bytes], locate: Locate = _no_locate
) -> list[Issue]:
    """Check that each fact comes back from each rendered file (``{"pdf": …, "docx": …}``)."""
    readers = {"pdf": _pdf_text, "docx": _docx_text}
    found: list[Issue] = []
    plain = ctx.theme == "plain"
    for fmt, data in files.items():
        raw = readers[fmt](data)
        text, lines = _squash(raw), raw.splitlines()
        for what, fact, path in _facts(profile, ctx):
            if _reads_back(fact, text, lines):
                continue
            hint = (
                "avoid unusual characters here (symbols, letters the theme's font lacks); "
                "copy the text out of the file to see what a parser gets"
                if plain
                else "avoid unusual characters here; if it persists, try the plain theme"
            )
            found.append(
                _at(
                    locate(path),
                    f"the {fmt.upper()} does not give back the {what} intact",
                    hint,
                    "error",
                    fact,
                )
            )
    return found


# --- the laid-out page: lines, fill, fonts ---------------------------------------------------


@dataclass(frozen=True)
class TextLine:
    """A run of text on a PDF page, with its box in points (origin at the bottom left)."""

    page: int
    """1-based."""
    left: float
    bottom: float
    right: float
    top: float
    text: str

    @property
    def height(self) -> float:
        return self.top - self.bottom

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class PageLayout:
    """One page of a PDF as a parser sees it: runs of text, lines, pictures."""

    number: int
    width: float
    height: float
    runs: list[TextLine] = field(default_factory=list)
    lines: list[TextLine] = field(default_factory=list)
    images: list[tuple[float, float, float, float]] = field(default_factory=list)
    chars: int = 0


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]")
_BULLET_GLYPH = re.compile(r"^[•▪▫◦‣∙●○■□◆◇►▶➢➤✓✔\u2013\u2014*·-]\s*")
_PAGE_NUMBER = re.compile(r"(?:page\s*)?\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?", re.IGNORECASE)
_RUN_GAP = 24.0
"""Runs on one baseline further apart than this (points) are separate lines (columns, a
date set flush right)."""


def _join_runs(page: int, runs: list[TextLine]) -> TextLine:
    """One line of runs; its left edge is where its text starts, after any bullet glyph set
    apart (so a bullet's first line lines up with the lines it wraps to)."""
    runs = sorted(runs, key=lambda r: r.left)
    text = runs[0].text
    for before, run in itertools.pairwise(runs):
        # runs that touch continue a word ("II" + ", "); a gap of a space's width is one
        tall = max(before.height, run.height)
        apart = run.left - before.right > 0.2 * tall and not run.text.startswith(
            (",", ".", ";", ":", ")")
        )
        text += (" " if apart else "") + run.text
    text = re.sub(r"\s+", " ", text).strip()
    starts = [r for r in runs if not _BULLET_GLYPH.fullmatch(r.text.strip() + " ")]
    return TextLine(
        page,
        (starts or runs)[0].left,
        min(r.bottom for r in runs),
        max(r.right for r in runs),
        max(r.top for r in runs),
        text,
    )


def _same_row(row: list[TextLine], run: TextLine) -> bool:
    """Whether ``run`` stands on the row's line: their boxes overlap by half the smaller
    height (a comma's box is short and sits low; the next line's box does not overlap)."""
    bottom = min(r.bottom for r in row)
    top = max(r.top for r in row)
    overlap = min(top, run.top) - max(bottom, run.bottom)
    return overlap >= 0.5 * min(top - bottom, run.height)


def _lines_of(page: int, runs: list[TextLine]) -> list[TextLine]:
    """Runs that share a line and touch, joined into lines, top to bottom."""
    rows: list[list[TextLine]] = []
    for run in sorted(runs, key=lambda r: (-r.top, r.left)):
        for row in reversed(rows[-4:]):
            if _same_row(row, run):
                row.append(run)
                break
        else:
            rows.append([run])
    rows.sort(key=lambda row: -max(r.middle for r in row))
    lines: list[TextLine] = []
    for row in rows:
        group: list[TextLine] = []
        for run in sorted(row, key=lambda r: r.left):
            if group and run.left - max(r.right for r in group) > _RUN_GAP:
                lines.append(_join_runs(page, group))
                group = []
            group.append(run)
        lines.append(_join_runs(page, group))
    # row by row from the top, left to right within a row (a date set flush right stays
    # on its job's line, after the title)
    return [line for line in lines if line.text]


def read_layout(pdf: bytes, source: str | None = None) -> list[PageLayout]:
    """The pages of a PDF: runs of text and lines with their boxes, and the pictures.

    Raises:
        InputError: for a file that is not a readable PDF, or is password-protected.
    """
    import pypdfium2  # lazy: pypdfium2 (~15 ms) only to lay a PDF's text out
    import pypdfium2.raw as pdfium_c  # lazy: with pypdfium2

    try:
        document = pypdfium2.PdfDocument(pdf)
    except pypdfium2.PdfiumError as exc:
        protected = "password" in str(exc).lower()
        raise InputError(
            [
                Issue(
                    "the PDF is password-protected: a parser cannot open it"
                    if protected
                    else f"this is not a readable PDF ({exc})",
                    file=source,
                    hint="save or print it to PDF again, without a password",
                )
            ],
            source,
        ) from None
    pages: list[PageLayout] = []
    try:
        for index in range(min(len(document), MAX_RESUME_PAGES)):
            page = document[index]
            width, height = page.get_size()
            layout = PageLayout(index + 1, width, height)
            textpage = page.get_textpage()
            layout.chars = textpage.count_chars()
            for n in range(textpage.count_rects()):
                left, bottom, right, top = textpage.get_rect(n)
                text = _CONTROL.sub("", textpage.get_text_bounded(left, bottom, right, top))
                text = text.replace("\r", " ").replace("\n", " ")
                if text.strip():
                    layout.runs.append(TextLine(index + 1, left, bottom, right, top, text))
            layout.lines = _lines_of(index + 1, layout.runs)
            for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3):
                x0, y0, x1, y1 = obj.get_bounds()
                layout.images.append((x0, y0, x1, y1))
            pages.append(layout)
    finally:
        document.close()
    return pages


def _furniture(pages: list[PageLayout]) -> set[tuple[int, str]]:
    """Running headers and footers and page numbers: ``(page, text)`` to leave out.

    A page number is furniture wherever it stands; a footer is the lowest row of a page,
    in its bottom tenth and apart from the text above (a gap of a few lines); a header is
    the highest row of a later page, in its top tenth and apart from the text below.
    """
    out: set[tuple[int, str]] = set()
    for page in pages:
        lines = [x for x in page.lines if not _PAGE_NUMBER.fullmatch(x.text.strip())]
        out |= {(page.number, x.text) for x in page.lines if x not in lines}
        if len(lines) < 2:
            continue
        tall = statistics.median(line.height for line in lines)
        low = min(x.bottom for x in lines)
        foot = [x for x in lines if x.bottom <= low + tall]  # the lowest row
        rest = [x for x in lines if x not in foot]
        if (
            rest
            and max(x.top for x in foot) < 0.1 * page.height
            and min(x.bottom for x in rest) - max(x.top for x in foot) > 2.5 * tall
        ):
            out |= {(page.number, x.text) for x in foot}
            lines = rest
        if page.number == 1 or len(lines) < 2:
            continue
        high = max(x.top for x in lines)
        head = [x for x in lines if x.top >= high - tall]  # the highest row
        rest = [x for x in lines if x not in head]
        if (
            rest
            and min(x.bottom for x in head) > 0.9 * page.height
            and min(x.bottom for x in head) - max(x.top for x in rest) > 2.5 * tall
        ):
            out |= {(page.number, x.text) for x in head}
    return out


def _body(pages: list[PageLayout]) -> list[list[TextLine]]:
    """Each page's lines without running headers, footers and page numbers."""
    skip = _furniture(pages)
    return [[line for line in p.lines if (p.number, line.text) not in skip] for p in pages]


def last_page_fill(pages: list[PageLayout]) -> float | None:
    """How full the last page is, as a share of the text height of the fullest page
    (``None`` for a single page)."""
    body = _body(pages)
    if len(body) < 2 or not any(body[:-1]):
        return None
    top = max(line.top for lines in body for line in lines)
    bottom = min(line.bottom for lines in body[:-1] for line in lines)
    if top - bottom <= 0:
        return None
    if not body[-1]:
        return 0.0
    return min(1.0, max(0.0, (top - min(line.bottom for line in body[-1])) / (top - bottom)))


_NOT_PROSE = re.compile(r"[/@]|[^\W\d_]\.[^\W\d_]|^[A-Z0-9]+(?:-[A-Z0-9]+)+\W*$")


@dataclass(frozen=True)
class LoneWord:
    """A paragraph's last line that holds one word, and the line before it."""

    page: int
    word: str
    before: str


def lone_word_lines(pages: list[PageLayout]) -> list[LoneWord]:
    """Lines that hold the last word of a wrapped paragraph or bullet, and nothing else."""
    body = _body(pages)
    lines = [line for page in body for line in page]
    if not lines:
        return []
    right = max(line.right for line in lines)
    found = []
    for page in body:
        if not page:
            continue
        tall = statistics.median(line.height for line in page)
        for before, line, after in zip(page, page[1:], [*page[2:], None], strict=False):
            words = line.text.split()
            if len(words) != 1 or not any(ch.isalnum() for ch in words[0]):
                continue
            if _NOT_PROSE.search(words[0]):
                continue  # a link, an address or an id wrapped: not a paragraph's end
            if _BULLET_GLYPH.match(line.text) or abs(line.left - before.left) > 3:
                continue
            if not 0 < before.bottom - line.bottom <= 1.9 * tall:
                continue  # not the line right under the one before
            if before.right < right - 0.15 * (right - before.left):
                continue  # the line before did not run to the margin: no wrap
            if before.text.rstrip().endswith((".", ":", "!", "?")) or len(before.text) < 30:
                continue
            goes_on = (
                after is not None
                and abs(after.left - line.left) <= 3
                and 0 < line.bottom - after.bottom <= 1.9 * tall
                and not line.text.rstrip().endswith((".", "!", "?"))
            )
            if not goes_on:
                found.append(LoneWord(line.page, words[0], before.text))
    return found


# -- glyphs the fonts lack --


_MAX_CODES = 200_000
"""The most character codes read from one font's maps (a font has at most 65,536 glyphs)."""
_CMAP_PAIR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_CMAP_RANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])")


def _to_unicode(data: bytes) -> dict[int, str]:
    """The code -> text map of a ToUnicode CMap (``bfchar`` and ``bfrange`` blocks)."""
    out: dict[int, str] = {}

    def text(hexa: bytes) -> str:
        return bytes.fromhex(hexa.decode()).decode("utf-16-be", "replace")

    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for code, dst in _CMAP_PAIR.findall(block):
            out[int(code, 16)] = text(dst)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, dst in _CMAP_RANGE.findall(block):
            start, end = int(lo, 16), int(hi, 16)
            if end - start > 0xFFFF or len(out) > _MAX_CODES:
                continue
            if dst.startswith(b"["):
                for n, item in enumerate(re.findall(rb"<([0-9A-Fa-f]+)>", dst)):
                    out[start + n] = text(item)
            else:
                first = text(dst[1:-1])
                for n in range(end - start + 1):
                    out[start + n] = first[:-1] + chr(ord(first[-1]) + n) if first else ""
    return out


_CID_CHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*(\d+)")
_CID_RANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\d+)")


def _code_to_cid(data: bytes) -> dict[int, int]:
    """The code -> CID map of an embedded encoding CMap (``cidchar`` and ``cidrange``)."""
    out: dict[int, int] = {}
    for block in re.findall(rb"begincidchar(.*?)endcidchar", data, re.S):
        for code, cid in _CID_CHAR.findall(block):
            out[int(code, 16)] = int(cid)
    for block in re.findall(rb"begincidrange(.*?)endcidrange", data, re.S):
        for lo, hi, cid in _CID_RANGE.findall(block):
            start, end = int(lo, 16), int(hi, 16)
            if end - start <= 0xFFFF and len(out) <= _MAX_CODES:
                out.update({start + n: int(cid) + n for n in range(end - start + 1)})
    return out


def _fonts_of(resources: Any, depth: int = 0) -> Iterator[Any]:
    """The font dictionaries of a page's resources and of the forms it draws."""
    if resources is None or depth > 3:
        return
    resources = resources.get_object()
    fonts = resources.get("/Font")
    if fonts is not None:
        for ref in fonts.get_object().values():
            yield ref.get_object()
    xobjects = resources.get("/XObject")
    if xobjects is not None:
        for ref in xobjects.get_object().values():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Form":
                yield from _fonts_of(obj.get("/Resources"), depth + 1)


def _shown(ch: str) -> bool:
    """A character that needs ink (not a space, a joiner or a combining mark): letters,
    digits, punctuation, symbols and private-use characters (icon fonts)."""
    category = unicodedata.category(ch)
    return category[0] in "LNPS" or category == "Co"


@contextlib.contextmanager
def _quiet(name: str) -> Iterator[None]:
    """Keep a library's warnings about a file's oddities off the terminal for a moment."""
    logger = logging.getLogger(name)
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _missing_in_font(font: Any) -> set[str]:
    """Characters a Type 0 (composite) font maps to no glyph, or to an empty or .notdef one."""
    # lazy: fontTools (WeasyPrint's) only for this check
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    if font.get("/Subtype") != "/Type0" or "/ToUnicode" not in font:
        return set()
    descendant = font["/DescendantFonts"][0].get_object()
    descriptor = descendant.get("/FontDescriptor")
    program = None
    if descriptor is not None:
        descriptor = descriptor.get_object()
        program = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
    if program is None:
        return set()  # not embedded: the reader's own font draws it
    codes = _to_unicode(font["/ToUnicode"].get_object().get_data())
    encoding = font.get("/Encoding")
    cids: dict[int, int] | None = None  # Identity-H: a code is its CID
    if encoding is not None and not isinstance(encoding.get_object(), str):
        cids = _code_to_cid(encoding.get_object().get_data())
    gid_map = descendant.get("/CIDToGIDMap")
    gids: bytes | None = None
    if gid_map is not None and not isinstance(gid_map.get_object(), str):
        gids = gid_map.get_object().get_data()
    try:
        tt = TTFont(io.BytesIO(program.get_object().get_data()), lazy=True)
        count = tt["maxp"].numGlyphs
        with _quiet("fontTools"):  # it logs odd dates in a font's header
            glyf = tt.get("glyf")
        order = tt.getGlyphOrder()
    except Exception:  # a font fontTools cannot read: no verdict on it
        return set()
    missing: set[str] = set()
    for code, text in codes.items():
        shown = [ch for ch in text if _shown(ch)]
        if not shown:
            continue
        cid = code if cids is None else cids.get(code, 0)
        gid = cid
        if gids is not None:
            gid = (
                int.from_bytes(gids[2 * cid : 2 * cid + 2], "big")
                if 2 * cid + 2 <= len(gids)
                else 0
            )
        if gid == 0 or gid >= count:
            missing.update(shown)
        elif glyf is not None:
            try:
                empty = glyf[order[gid]].numberOfContours == 0
            except Exception:
                empty = False
            if empty:
                missing.update(shown)
    return missing


def missing_glyphs(pdf: bytes) -> dict[str, list[int]]:
    """Characters the PDF's embedded fonts cannot draw (they print as empty boxes, "tofu"),
    each with the pages it stands on."""
    from pypdf import PdfReader  # lazy: pypdf (~55 ms) only for the checks

    found: dict[str, list[int]] = {}
    try:
        reader = PdfReader(io.BytesIO(pdf))
        for number, page in enumerate(reader.pages[:MAX_RESUME_PAGES], start=1):
            for font in _fonts_of(page.get("/Resources")):
                try:
                    lacking = _missing_in_font(font)
                except Exception:  # a broken font dictionary: no verdict on it
                    continue
                for ch in lacking:
                    pages = found.setdefault(ch, [])
                    if number not in pages:
                        pages.append(number)
    except Exception:  # pypdf raises many kinds on broken files; the layout reader reports
        return {}
    return found


def _codepoint(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X}" + (f" {name.lower()}" if name else "")


def _private_use(ch: str) -> bool:
    return unicodedata.category(ch) == "Co"


def _tofu_hint(ch: str) -> str:
    if _private_use(ch):
        return (
            "it is a private-use character (an icon from a symbol font): delete it, or write "
            "the word it stands for"
        )
    return (
        "replace it with a common character, or install a font that has it (the PDF falls "
        "back to the fonts installed on this computer)"
    )


# -- findings on a laid-out resume made from a profile --


def _ends_with(text: str, before: str, word: str) -> bool:
    """Whether ``text`` ends with the last words of the line ``before`` and then ``word``
    (or with the two joined, where ``before`` broke the word with a hyphen)."""
    whole = _squash(text)
    last = before.split()[-5:]
    if before.endswith("-") and last:
        return whole.endswith(_squash(" ".join([*last[:-1], last[-1][:-1] + word])))
    return whole.endswith(_squash(" ".join([*last, word])))


def page_findings(
    profile: Profile,
    ctx: DocumentContext,
    pdf: bytes,
    locate: Locate = _no_locate,
    *,
    pages: list[PageLayout] | None = None,
) -> list[Issue]:
    """What the laid-out resume shows: a runt last page, missing glyphs, lone-word lines."""
    pages = pages if pages is not None else read_layout(pdf)
    found: list[Issue] = []
    fill = last_page_fill(pages)
    if fill is not None and fill < RUNT_FILL:
        n = len(pages)
        found.append(
            _at(
                _whole(locate),
                f"the last page is only {round(fill * 100)}% full: a runt page",
                f"make it {n - 1} page{'s' if n > 2 else ''}: `toolkit resume --max-pages "
                f"{n - 1}` tightens the layout (add --drop-bullets to leave out the least "
                "important bullets), or cut a few bullets yourself",
            )
        )
    texts = _texts(profile)
    for ch, on in sorted(missing_glyphs(pdf).items()):
        path = next((p for p, t in texts if ch in t), None)
        found.append(
            _at(
                locate(path) if path else _whole(locate),
                f"the fonts cannot show '{ch}' ({_codepoint(ch)}): it prints as an empty box "
                f"on page {', '.join(map(str, on))}",
                _tofu_hint(ch),
            )
        )
    for lone in lone_word_lines(pages):
        match = next(((p, t) for p, t in texts if _ends_with(t, lone.before, lone.word)), None)
        if match is None:
            continue
        path, text = match
        bullet = "highlights" in path
        found.append(
            _at(
                locate(path),
                f"the last line of this {'bullet' if bullet else 'paragraph'} holds one word "
                f"('{lone.word}', page {lone.page})",
                f"cut about {len(lone.word) + 2} characters (or add a few words) so it does "
                "not end on a line of its own",
                value=excerpt_end(text),
            )
        )
    return found


# --- content --------------------------------------------------------------------------------


def _example_findings(profile: Profile, locate: Locate) -> list[Issue]:
    """Example text from a role-aware starter that was never replaced."""
    texts = [(line.path, line.text) for line in all_lines(profile)]
    texts += [
        (("experience", n, "employer"), job.employer) for n, job in enumerate(profile.experience)
    ]
    texts += [
        (("education", n, "institution"), ed.institution) for n, ed in enumerate(profile.education)
    ]
    return [
        _at(
            locate(path),
            "example text from the starter profile is still here",
            "replace it with your own facts, or delete it",
            "error",
        )
        for path, text in texts
        if EXAMPLE in text
    ]


def _contact_findings(profile: Profile, locate: Locate) -> list[Issue]:
    b = profile.basics
    out = []
    for field_name, why in (
        ("email", "recruiters reply by email"),
        ("phone", "many recruiters call first"),
        ("location", "parsers and recruiters filter by location; a city and region is enough"),
    ):
        if getattr(b, field_name) is None:
            out.append(_at(locate(("basics",)), f"no {field_name} in basics", f"add it: {why}"))
    return out


_NUMBER = re.compile(
    r"\d|\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|"
    r"fifty|sixty|seventy|eighty|ninety|twice|half|double|triple|dozens?|hundreds?|"
    r"thousands?|millions?|billions?)\b",
    re.IGNORECASE,
)
"""A number or a measure: digits, or a number word ("zero holds lost" is a result)."""


def _bullet_findings(profile: Profile, locate: Locate) -> list[Issue]:
    out: list[Issue] = []
    openers: Counter[str] = Counter()
    first_at: dict[str, PathT] = {}
    for n, job in enumerate(profile.experience):
        for k, h in enumerate(job.highlights):
            path: PathT = ("experience", n, "highlights", k)
            if len(h.text) > MAX_BULLET_CHARS:
                out.append(
                    _at(
                        locate(path),
                        f"this bullet is long ({len(h.text)} characters)",
                        f"keep bullets under {MAX_BULLET_CHARS} characters: one action "
                        "and its result",
                    )
                )
            if not _NUMBER.search(h.text):
                out.append(
                    _at(
                        locate(path),
                        "this bullet has no number or measurable result",
                        "add how many, how fast, how much or how often, if you know it",
                        value=excerpt(h.text),
                    )
                )
            verb = h.text.split()[0].casefold().strip(",.;:") if h.text.split() else ""
            if verb:
                openers[verb] += 1
                first_at.setdefault(verb, path)
    for verb, count in openers.items():
        if count >= 3:
            out.append(
                _at(
                    locate(first_at[verb]),
                    f"{count} bullets start with '{verb}'",
                    "vary the opening verbs (processed, reduced, trained, audited …)",
                )
            )
    return out


def _timeline_findings(profile: Profile, today: date, locate: Locate) -> list[Issue]:
    spans = []
    for n, job in enumerate(profile.experience):
        if job.start is None:
            continue
        end = today if job.current else date_end(job.end or job.start)
        spans.append((date_start(job.start), end, n))
    spans.sort()
    out: list[Issue] = []
    for (_, e1, n1), (s2, e2, n2) in itertools.pairwise(spans):
        months = (s2.year - e1.year) * 12 + (s2.month - e1.month)
        if months > GAP_MONTHS:
            out.append(
                _at(
                    locate(("experience", n2, "start")),
                    f"a gap of {months} months before this job",
                    "if it was study, caring, volunteering or a career break, say so briefly "
                    "(a line in the summary or a custom section): explained gaps raise fewer "
                    "questions",
                )
            )
        elif s2 < e1 and min(e1, e2) > s2:
            overlap = (min(e1, e2).year - s2.year) * 12 + (min(e1, e2).month - s2.month)
            if overlap >= 2 and not (
                profile.experience[n1].current and profile.experience[n2].current
            ):
                out.append(
                    _at(
                        locate(("experience", n2, "start")),
                        f"this job overlaps the one before by {overlap} months",
                        "fine for part-time or concurrent roles; otherwise check the dates",
                    )
                )
    return out


def _heading_findings(profile: Profile, ctx: DocumentContext, locate: Locate) -> list[Issue]:
    out = []
    custom_ids = {c.id: i for i, c in enumerate(profile.custom)}
    for section in ctx.sections:
        if section.title.casefold() in KNOWN_HEADINGS:
            continue
        if section.id in profile.preferences.section_titles:
            path: PathT = ("preferences", "section_titles", section.id)
        elif section.id in custom_ids:
            path = ("custom", custom_ids[section.id], "title")
        else:
            continue
        out.append(
            _at(
                locate(path),
                f"parsers may not recognise the heading '{section.title}'",
                "use a common heading such as Experience, Education, Certifications, "
                "Skills or Professional Memberships",
            )
        )
    return out


def _credential_findings(
    profile: Profile, ctx: DocumentContext, today: date, locate: Locate
) -> list[Issue]:
    """Credentials on the page that have expired (by their status or their date)."""
    out = []
    for section in ("credentials", "licences"):
        shown = next((s for s in ctx.sections if s.id == section), None)
        if shown is None:
            continue
        titles = {item.title for item in shown.items}
        for n, cred in enumerate(getattr(profile, section)):
            if cred.name not in titles:
                continue  # left out of this resume
            lapsed = cred.expires is not None and date_end(cred.expires) < today
            if cred.status != "expired" and not lapsed:
                continue
            when = f" on {cred.expires}" if lapsed else ""
            out.append(
                _at(
                    locate((section, n, "expires" if lapsed else "status")),
                    f"the resume shows '{cred.name}', which expired{when}",
                    "renew it and update 'expires'; until then leave it off this resume "
                    "(private: true) or keep it only where the posting asks for it, marked "
                    "expired, so no one reads it as current",
                )
            )
    return out


def lint(
    profile: Profile,
    ctx: DocumentContext,
    *,
    today: date | None = None,
    locate: Locate = _no_locate,
) -> list[Issue]:
    """The content findings (warnings), each with a fix."""
    today = today or date.today()
    found = (
        _example_findings(profile, locate)
        + phi_findings(profile, locate)
        + _contact_findings(profile, locate)
    )
    if not profile.basics.summary and not profile.basics.summaries:
        found.append(
            _at(
                locate(("basics",)),
                "no summary",
                "two or three sentences on what you do best help a reader start",
            )
        )
    found += _bullet_findings(profile, locate)
    found += _timeline_findings(profile, today, locate)
    found += _heading_findings(profile, ctx, locate)
    found += _credential_findings(profile, ctx, today, locate)
    return found


def audit(
    profile: Profile,
    options: DocumentOptions | None = None,
    *,
    locate: Locate = _no_locate,
    today: date | None = None,
) -> list[Issue]:
    """Render the resume, read it back, look at its pages, and lint its content.

    Returns:
        Errors (something a parser would lose) and warnings (the page, content to improve),
        sorted by line.
    """
    ctx = build_context(profile, "resume", options)
    assert isinstance(ctx, DocumentContext)
    files = {fmt: render_context(ctx, fmt) for fmt in ("pdf", "docx")}
    found = read_back(profile, ctx, files, locate)
    found += page_findings(profile, ctx, files["pdf"], locate)
    found += lint(profile, ctx, today=today, locate=locate)
    return sorted(found, key=lambda i: (i.severity != "error", i.line or 0, i.column or 0))


# --- a finished resume (PDF or Word), read as a parser would --------------------------------

FileKind = Literal["pdf", "docx"]


@dataclass(frozen=True)
class Job:
    """A job a parser finds: the dates, and the title and employer it takes them with."""

    title: str | None
    employer: str | None
    dates: str


@dataclass
class Reading:
    """What a parser reads from a resume file, and what gets in its way."""

    source: str
    format: FileKind
    pages: int | None
    """``None`` for a Word file (Word lays the pages out when it opens it)."""
    name: str | None = None
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    jobs: list[Job] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    text: str = ""

    @property
    def errors(self) -> list[Issue]:
        """What a parser would lose."""
        return [i for i in self.issues if i.severity == "error"]


_PDF_MAGIC = b"%PDF-"
_ZIP_MAGIC = b"PK\x03\x04"
_OTHER_FILES = {
    b"\xd0\xcf\x11\xe0": "an old Word (.doc) file",
    b"{\\rtf": "a Rich Text (.rtf) file",
    b"\x89PNG": "an image (PNG)",
    b"\xff\xd8\xff": "an image (JPEG)",
    b"GIF8": "an image (GIF)",
    b"II*\x00": "an image (TIFF)",
    b"MM\x00*": "an image (TIFF)",
}
_OTHER_SUFFIXES = {
    ".doc": "an old Word (.doc) file",
    ".rtf": "a Rich Text (.rtf) file",
    ".odt": "an OpenDocument (.odt) file",
    ".pages": "a Pages file",
    ".png": "an image (PNG)",
    ".jpg": "an image (JPEG)",
    ".jpeg": "an image (JPEG)",
    ".gif": "an image (GIF)",
    ".tif": "an image (TIFF)",
    ".tiff": "an image (TIFF)",
}
_TAKES = (
    "check takes a profile (YAML, JSON or JSON Resume), or a resume as PDF or Word (.docx) to "
    "read as a parser would"
)


def resume_file_kind(suffix: str, head: bytes) -> FileKind | None:
    """``pdf`` or ``docx`` for a finished resume, ``None`` for a profile (or anything else
    read as text), from the file's name suffix and its first bytes.

    Raises:
        InputError: for a document of a kind ``check`` does not read (.doc, .odt, an image).
    """
    suffix = suffix.lower()
    if suffix == ".pdf" or head.startswith(_PDF_MAGIC):
        return "pdf"
    if suffix == ".docx":
        return "docx"
    if suffix in (".yaml", ".yml", ".json"):
        return None
    other = _OTHER_SUFFIXES.get(suffix) or next(
        (what for magic, what in _OTHER_FILES.items() if head.startswith(magic)), None
    )
    if other is None and head.startswith(_ZIP_MAGIC):
        if b"[Content_Types].xml" in head or b"word/" in head:
            return "docx"
        other = "an OpenDocument file" if b"opendocument" in head else "a zip file"
    if other is None:
        return None
    image = other.startswith("an image")
    raise InputError(
        [
            Issue(
                f"this is {other}: " + _TAKES,
                hint="a parser reads no words from a picture: check the PDF or Word file you "
                "send instead"
                if image
                else "save it as PDF or .docx and check that",
            )
        ]
    )


# -- recognising what a parser looks for --

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
_PHONE = re.compile(
    r"(?<![\w/])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{2,12}(?:[\s.-]\d{2,12}){0,5}(?![\w/])"
)
_LINK = re.compile(
    r"(?<![@\w.])(?:https?://\S+|www\.\S+|"
    r"[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|io|dev|me|info|co|us|uk|ca|de|fr|es|eu)(?:/[^\s,;)]*)?)",
    re.IGNORECASE,
)
_MON = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_POINT = (
    rf"(?:{_MON}\.?\s+(?:\d{{1,2}},?\s+)?(?:19|20)\d{{2}}|\d{{1,2}}\.?\s+{_MON}\.?\s+(?:19|20)\d{{2}}|"
    r"\d{1,2}/(?:\d{1,2}/)?(?:19|20)\d{2}|(?:19|20)\d{2}(?:-\d{2}(?:-\d{2})?)?)"
)
_DATE_RANGE = re.compile(
    rf"\b{_POINT}\s*(?:\u2013|\u2014|-|to|until)\s*(?:{_POINT}|present|current|now|today|"
    r"aujourd'hui|heute|actualidad|presente)\b",
    re.IGNORECASE,
)
_LOCATION_ONLY = re.compile(r"^[A-Z][\w .'-]*,\s*[A-Z]{2}$|^(?:remote|hybrid|on-?site)$", re.I)
_ORG_WORDS = re.compile(
    r"\b(?:hospital|medical|center|centre|clinic|health|healthcare|regional|memorial|"
    r"university|college|school|inc|llc|ltd|corp|company|group|partners|associates|systems|"
    r"services|solutions|foundation|institute|county|department|bank|hotel|inn|suites|"
    r"restaurant|store|agency|gmbh|s\.a\.)\b",
    re.IGNORECASE,
)
_NAME_LINE = re.compile(
    r"^[^\W\d_][^\W\d_.'\u2019-]*\.?(?:[ '\u2019-][^\W\d_][^\W\d_.'\u2019-]*\.?){1,4}$"
)


def _heading_of(line: str) -> str | None:
    key = re.sub(r"\s+", " ", line.strip().rstrip(":").strip()).casefold()
    return key if key in KNOWN_HEADINGS else None


def _find_name(lines: list[str]) -> str | None:
    """The name: a short line of two to five capitalised words near the top."""
    for line in lines[:6]:
        text = line.strip()
        if _heading_of(text) or text.casefold() in {"resume", "résumé", "curriculum vitae", "cv"}:
            continue
        words = text.split()
        if (
            _NAME_LINE.match(text)
            and len(text) <= 60
            and all(w[0].isupper() for w in words if w[0].isalpha())
        ):
            return text
    return None


_TITLE_WORDS = re.compile(
    r"\b(?:specialist|technician|technologist|clerk|coder|manager|supervisor|director|"
    r"analyst|assistant|coordinator|representative|associate|intern|lead|engineer|nurse|"
    r"officer|administrator|developer|designer|consultant|teacher|agent|cashier|"
    r"receptionist|scheduler|auditor|abstractor|registrar|volunteer|founder|owner|"
    r"president|head|chief|executive|accountant|writer|editor|scientist|researcher|"
    r"architect|therapist|aide|worker|trainee|apprentice|advisor|adviser)s?\b",
    re.IGNORECASE,
)


_PUNCT = " |\u00b7\u2022,\u2013\u2014-"


def _split_header(text: str) -> tuple[str | None, str | None]:
    """``(title, employer)`` from a line such as ``Coder II, Riverbend Medical Center``."""
    text = text.strip(_PUNCT)
    for sep in (" | ", " · ", " \u2014 ", " \u2013 ", " - ", " at ", ", "):
        if sep in text:
            first, rest = text.split(sep, 1)
            second = re.split(r" \| | · | \u2014 | \u2013 |, ", rest)[0]
            first, second = first.strip(), second.strip()
            employer_first = (
                _ORG_WORDS.search(first)
                and not _TITLE_WORDS.search(first)
                and _TITLE_WORDS.search(second)
            )
            return (second, first) if employer_first else (first, second)
    return (text or None), None


def _sections(lines: list[str]) -> list[tuple[str | None, int, int]]:
    """``(heading, first line, end)`` of each part of the text; the part before the first
    heading has none."""
    starts = [(n, _heading_of(line)) for n, line in enumerate(lines) if _heading_of(line)]
    bounds = [(None, 0), *[(h, n) for n, h in starts]]
    return [
        (heading, start, nxt[1] if nxt else len(lines))
        for (heading, start), nxt in itertools.zip_longest(bounds, bounds[1:])
    ]


_NOT_JOBS = {"education", "formation", "ausbildung", "formación", "training"}


_TRAILING_PLACE = re.compile(
    r"(?:\s*[\u00b7|,\u2013\u2014-]\s*|\s+)(?:[A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,3},\s*[A-Z]{2}|"
    r"remote|hybrid|on-?site)$",
    re.IGNORECASE,
)


def _jobs(lines: list[str]) -> list[Job]:
    """Dated entries under an experience heading (anywhere but education, without one)."""
    parts = _sections(lines)
    wanted = [p for p in parts if p[0] in _EXPERIENCE_HEADINGS]
    if not wanted:
        wanted = [p for p in parts if p[0] not in _NOT_JOBS]
    jobs = []
    for _, start, end in wanted:
        for n in range(start, end):
            found = _DATE_RANGE.search(lines[n])
            if not found:
                continue
            rest = lines[n][: found.start()] + " \u00b7 " + lines[n][found.end() :]
            rest = _TRAILING_PLACE.sub("", re.sub(r"\s+", " ", rest).strip(_PUNCT)).strip(_PUNCT)
            words = [w for w in rest.split() if any(ch.isalpha() for ch in w)]
            if len(words) < 2 or _LOCATION_ONLY.match(rest):
                previous = lines[n - 1] if n - 1 > start else ""
                rest = "" if _heading_of(previous) else _TRAILING_PLACE.sub("", previous)
            title, employer = _split_header(rest) if rest else (None, None)
            jobs.append(Job(title, employer, found.group(0)))
    return jobs


_YEARS = re.compile(r"(?:(?:19|20)\d{2}\D*)+")


def _contacts(text: str) -> tuple[list[str], list[str], list[str]]:
    """The email addresses, phone numbers and web links in ``text``."""
    emails = list(dict.fromkeys(_EMAIL.findall(text)))
    phones = []
    for m in _PHONE.finditer(text):
        number = m.group(0).strip()
        digits = re.sub(r"\D", "", number)
        grouped = number.startswith(("+", "(")) or re.search(r"\d[\s.-]\d", number)
        if 9 <= len(digits) <= 15 and grouped and not _YEARS.fullmatch(number):
            phones.append(number)
    links = [
        link.rstrip(".,;")
        for link in _LINK.findall(text)
        if not any(link.casefold() in e.casefold() for e in emails)
    ]
    return emails, list(dict.fromkeys(phones)), list(dict.fromkeys(links))


def _read_text(reading: Reading, lines: list[str]) -> None:
    """Fill in what a parser finds in the text's lines."""
    reading.text = "\n".join(lines)
    reading.name = _find_name(lines)
    reading.emails, reading.phones, reading.links = _contacts(reading.text)
    reading.headings = list(
        dict.fromkeys(line.strip().rstrip(":").strip() for line in lines if _heading_of(line))
    )
    reading.jobs = _jobs(lines)


def _issue(
    source: str, message: str, hint: str, severity: Severity = "warning", value: str | None = None
) -> Issue:
    return Issue(message, file=source, hint=hint, severity=severity, value=value)


def _what_is_missing(reading: Reading) -> list[Issue]:
    src = reading.source
    out: list[Issue] = []
    if not reading.text.strip():
        return out
    if reading.name is None:
        out.append(
            _issue(
                src,
                "a parser finds no name at the top",
                "put your name alone on the first line, in plain text",
            )
        )
    if not reading.emails and not reading.phones:
        out.append(
            _issue(
                src,
                "a parser finds no email address and no phone number",
                "type them in the body under your name (not in a picture or the page header)",
                "error",
            )
        )
    elif not reading.emails:
        out.append(_issue(src, "a parser finds no email address", "add it under your name"))
    elif not reading.phones:
        out.append(_issue(src, "a parser finds no phone number", "add it under your name"))
    keys = {h.casefold() for h in reading.headings}
    if not keys & _EXPERIENCE_HEADINGS:
        out.append(
            _issue(
                src,
                "a parser finds no experience heading",
                "head the jobs 'Experience' or 'Work Experience', on a line of its own",
            )
        )
    if not reading.jobs:
        out.append(
            _issue(
                src,
                "a parser finds no dated jobs",
                "give each job its dates as 'Jan 2020 \u2013 Present' or '01/2020 \u2013 03/2023', "
                "next to the title and employer",
            )
        )
    return out


def _icon_findings(reading: Reading) -> list[Issue]:
    icons = sorted({ch for ch in reading.text if _private_use(ch)})
    if not icons:
        return []
    return [
        _issue(
            reading.source,
            f"{len(icons)} icon-font character(s) ({', '.join(_codepoint(c) for c in icons[:3])}): "
            "a parser reads them as junk",
            "write 'Email', 'Phone', 'LinkedIn' instead of icons, or leave the icons out",
        )
    ]


def _columns(page: PageLayout) -> bool:
    """Whether the page's text stands in two or more columns side by side."""
    runs = [r for r in page.runs if len(r.text.strip()) > 1]
    if len(runs) < 10:
        return False
    left = min(r.left for r in runs)
    right = max(r.right for r in runs)
    width = right - left
    for step in range(20, 81, 2):
        x = left + width * step / 100
        if any(r.left < x < r.right for r in runs):
            continue
        # no line crosses x (a page in one column has lines that run across it), text
        # stands on both sides of it, line after line, and the lines on the right start
        # at one edge: a column, not dates and places set flush right
        right_side = [r for r in runs if r.left >= x]
        before = {round(r.middle) for r in runs if r.right <= x}
        after = {round(r.middle) for r in right_side}
        if len(before) < 5 or len(after) < 5:
            continue
        edge = statistics.median(r.left for r in right_side)
        if sum(abs(r.left - edge) <= 2 for r in right_side) >= 0.6 * len(right_side):
            return True
    return False


def _ends_prose(word: str) -> bool:
    """A word that ends a sentence or a phrase: lower case, a number, or closing punctuation."""
    return word[0].islower() or word[0].isdigit() or word.endswith((".", "!", "?", ";", ")", "%"))


def _pdf_findings(reading: Reading, pages: list[PageLayout], pdf: bytes) -> list[Issue]:
    src = reading.source
    out: list[Issue] = []
    if not any(p.chars for p in pages):
        pictures = sum(len(p.images) for p in pages)
        out.append(
            _issue(
                src,
                "the PDF has no text layer"
                + (" (its pages are pictures)" if pictures else "")
                + ": a parser reads nothing",
                "export the resume from your word processor (File > Save as PDF) instead of "
                "scanning or printing it to an image",
                "error",
            )
        )
        return out
    for page in pages:
        area = page.width * page.height
        big = [
            (x1 - x0) * (y1 - y0)
            for x0, y0, x1, y1 in page.images
            if (x1 - x0) * (y1 - y0) > 0.1 * area
            or ((x1 - x0) > 0.4 * page.width and (x1 - x0) > 3 * (y1 - y0))
        ]
        if big:
            out.append(
                _issue(
                    src,
                    f"page {page.number} has {len(big)} large picture(s): any words in them "
                    "(a banner, skill bars, a logo with your name) are lost to a parser",
                    "type such text instead; a parser reads only the text layer",
                )
            )
        if page.chars < 40 and page.images:
            out.append(
                _issue(
                    src,
                    f"page {page.number} is a picture with almost no text",
                    "export that page from your word processor, not as a scan or an image",
                )
            )
        if _columns(page):
            out.append(
                _issue(
                    src,
                    f"page {page.number} is laid out in columns: a parser may read across them "
                    "and mix the lines",
                    "use one column; put dates and places on the line of the job they belong to",
                )
            )
    fill = last_page_fill(pages)
    if fill is not None and fill < RUNT_FILL:
        out.append(
            _issue(
                src,
                f"the last page is only {round(fill * 100)}% full: a runt page",
                f"fit it to {len(pages) - 1} page(s): tighten spacing or cut a few bullets",
            )
        )
    for ch, on in sorted(missing_glyphs(pdf).items()):
        out.append(
            _issue(
                src,
                f"the fonts cannot show '{ch}' ({_codepoint(ch)}): it prints as an empty box "
                f"on page {', '.join(map(str, on))}",
                _tofu_hint(ch),
            )
        )
    for lone in lone_word_lines(pages):
        if not _ends_prose(lone.word):
            continue  # "College" under "Scioto Technical": a wrapped name, not a sentence's end
        out.append(
            _issue(
                src,
                f"a paragraph or bullet ends in a line of one word ('{lone.word}', page "
                f"{lone.page})",
                f"cut about {len(lone.word) + 2} characters (or add a few words) so it does "
                "not end on a line of its own",
                value=excerpt_end(f"{lone.before} {lone.word}"),
            )
        )
    return out


def _read_pdf(data: bytes, source: str) -> Reading:
    pages = read_layout(data, source)
    reading = Reading(source, "pdf", len(pages))
    lines = [line.text for lines in _body(pages) for line in lines]
    _read_text(reading, lines)
    reading.issues = _pdf_findings(reading, pages, data)
    return reading


# -- Word --

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_V = "{urn:schemas-microsoft-com:vml}"
MAX_ZIP_ENTRIES = 2_000
MAX_ZIP_TOTAL = 100 * 1024 * 1024
MAX_ZIP_RATIO = 100


def _check_zip(data: bytes, source: str) -> None:
    """Refuse a zip that is not a Word file, or that would unpack to far more than it is."""

    def refuse(message: str, hint: str) -> InputError:
        return InputError([Issue(message, file=source, hint=hint)], source)

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise refuse(
            f"this is not a readable .docx file ({exc})",
            "open it in Word and save it again as .docx",
        ) from None
    total = sum(e.file_size for e in entries)
    bomb = any(
        e.file_size > 1024 * 1024 and e.file_size > MAX_ZIP_RATIO * max(e.compress_size, 1)
        for e in entries
    )
    if len(entries) > MAX_ZIP_ENTRIES or total > MAX_ZIP_TOTAL or bomb:
        raise refuse(
            "this .docx would unpack to far more than a resume",
            "this is not an ordinary Word file; save the resume again from Word",
        )
    if "word/document.xml" not in {e.filename for e in entries}:
        raise refuse(
            "this zip file is not a Word document (it has no word/document.xml)",
            "save the resume from Word as .docx",
        )


def _paragraph_text(p: Any) -> str:
    """A paragraph's text, as a parser reads it: runs, tabs and breaks (text boxes and
    deleted text left out)."""
    parts = []
    for node in p.iter(_W + "t", _W + "tab", _W + "br", _W + "cr"):
        if any(a.tag == _W + "txbxContent" for a in node.iterancestors()):
            continue
        if node.tag == _W + "t":
            parts.append(node.text or "")
        else:
            parts.append("\t" if node.tag == _W + "tab" else "\n")
    return "".join(parts)


def _blocks(parent: Any, tables: list[Any]) -> Iterator[str]:
    """The body's paragraphs in reading order; a table is read row by row, cell by cell."""
    for child in parent.iterchildren():
        if child.tag == _W + "p":
            yield from _paragraph_text(child).split("\n")
        elif child.tag == _W + "tbl":
            tables.append(child)
            for row in child.iterchildren(_W + "tr"):
                for cell in row.iterchildren(_W + "tc"):
                    yield from _blocks(cell, tables)
        elif child.tag in (_W + "sdt", _W + "customXml", _W + "smartTag"):
            content = child.find(_W + "sdtContent")
            yield from _blocks(content if content is not None else child, tables)


def _layout_table(table: Any) -> bool:
    """A table used to set text side by side: two or more cells of a row hold paragraphs."""
    for row in table.iterchildren(_W + "tr"):
        full = 0
        for cell in row.iterchildren(_W + "tc"):
            paragraphs = [p for p in cell.iter(_W + "p") if _paragraph_text(p).strip()]
            if len(paragraphs) >= 3 or sum(len(_paragraph_text(p)) for p in paragraphs) > 150:
                full += 1
        if full >= 2:
            return True
    return False


def _read_docx(data: bytes, source: str) -> Reading:
    _check_zip(data, source)
    import docx  # lazy: python-docx and lxml (~30 ms) only for a Word file

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on broken files
        raise InputError(
            [
                Issue(
                    f"this .docx cannot be read ({type(exc).__name__})",
                    file=source,
                    hint="open it in Word and save it again as .docx",
                )
            ],
            source,
        ) from None
    body = document.element.body
    tables: list[Any] = []
    lines = [line for line in _blocks(body, tables) if line.strip()]
    reading = Reading(source, "docx", None)
    _read_text(reading, lines)
    src = source
    out: list[Issue] = []
    if not lines:
        out.append(
            _issue(
                src,
                "the Word file holds no text a parser can read",
                "type the resume as text; pictures and text boxes are not read",
                "error",
            )
        )
    boxes = [
        "".join(t.text or "" for t in box.iter(_W + "t"))
        for box in body.iter(_W + "txbxContent", _V + "textbox")
    ]
    boxes = [b for b in dict.fromkeys(boxes) if b.strip()]
    if boxes:
        out.append(
            _issue(
                src,
                f"{len(boxes)} text box(es): many parsers skip text in text boxes",
                "move their text into ordinary paragraphs",
                value=excerpt(boxes[0], limit=50),
            )
        )
    if any(_layout_table(t) for t in tables):
        out.append(
            _issue(
                src,
                "the page is laid out with a table in columns: a parser reads it row by "
                "row and may mix the columns' lines",
                "use one column of ordinary paragraphs",
            )
        )
    if any(int(c.get(_W + "num", "1") or 1) > 1 for c in body.iter(_W + "cols")):
        out.append(
            _issue(
                src, "the page is set in columns: a parser may read across them", "use one column"
            )
        )
    size = next(iter(body.iter(_W + "pgSz")), None)
    page_area = (
        int(size.get(_W + "w", 12240)) * int(size.get(_W + "h", 15840)) * (914400 / 1440) ** 2
        if size is not None
        else 12240 * 15840 * (914400 / 1440) ** 2
    )
    pictures = [int(e.get("cx", 0)) * int(e.get("cy", 0)) for e in body.iter(_WP + "extent")]
    big = [a for a in pictures if a > 0.1 * page_area]
    if big:
        out.append(
            _issue(
                src,
                f"{len(big)} large picture(s): any words in them are lost to a parser",
                "type such text instead of pictures of it",
            )
        )
    furniture = []
    for section in document.sections:
        for part in (
            section.header,
            section.footer,
            section.first_page_header,
            section.first_page_footer,
        ):
            if part.is_linked_to_previous:
                continue
            furniture += [p.text for p in part.paragraphs]
            furniture += [c.text for t in part.tables for row in t.rows for c in row.cells]
    emails, phones, _ = _contacts("\n".join(furniture))
    only_there = [e for e in emails if e not in reading.emails] + [
        p for p in phones if p not in reading.phones
    ]
    if only_there:
        out.append(
            _issue(
                src,
                "contact details stand only in the page header or footer: many parsers skip those",
                "put them in the body, under your name",
                "warning",
                ", ".join(only_there),
            )
        )
    reading.issues = out
    return reading


def read_resume(data: bytes, kind: FileKind, source: str = "resume") -> Reading:
    """Read a finished resume as an applicant-tracking parser would.

    Args:
        data: the file's bytes.
        kind: ``pdf`` or ``docx`` (see :func:`resume_file_kind`).
        source: the file name shown in messages.

    Returns:
        What a parser finds (name, contacts, headings, dated jobs) and the problems it
        meets, each with a fix; errors are what it would lose.

    Raises:
        InputError: for a file that cannot be read as that kind at all.
    """
    reading = _read_pdf(data, source) if kind == "pdf" else _read_docx(data, source)
    reading.issues = _what_is_missing(reading) + reading.issues + _icon_findings(reading)
    reading.issues.sort(key=lambda i: i.severity != "error")
    return reading
