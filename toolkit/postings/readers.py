"""Read a job posting, whatever shape it came in, into one plain-text form plus hints.

Postings arrive as plain text, Markdown, a saved HTML page, a Word file, a PDF, a JSON
Resume ``job-schema`` file, or schema.org ``JobPosting`` JSON-LD (alone, or inside an HTML
page). :func:`read_posting` and :func:`read_posting_text` turn each into a
:class:`RawPosting`: the text with one line per heading, paragraph or bullet (bullets as
``- item``, no markup) and, when the input carries structured data, the title, employer,
location, work mode, pay, date and web address it states.

Nothing here touches the network or runs anything from the input: HTML goes through the
standard library's parser (scripts are never run, nothing is fetched), a PDF through pypdf's
text layer, a Word file through python-docx after its zip has been checked for bombs. Every
input is size-capped, text must be UTF-8, and a problem becomes an
:class:`~toolkit.errors.InputError` whose issue says where and what to do, never a traceback.
"""

from __future__ import annotations

import html
import io
import logging
import math
import re
import stat
import zipfile
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, replace
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from toolkit.errors import InputError, Issue, NotFoundError
from toolkit.load.sources import decode, parse_json, read_bytes

if TYPE_CHECKING:
    from docx.oxml.xmlchemy import BaseOxmlElement as _Element

__all__ = [
    "FORMATS",
    "MAX_BYTES",
    "MAX_PDF_PAGES",
    "MAX_TEXT_CHARS",
    "RawPosting",
    "read_posting",
    "read_posting_text",
]

log = logging.getLogger("toolkit")

MAX_BYTES: Final = 2 * 1024 * 1024
"""The largest posting file read (2 MiB; a posting is a few KiB, a saved page a few hundred)."""
MAX_TEXT_CHARS: Final = 200_000
"""The longest posting text kept; longer text is cut (at a line end when there is one), and a
warning is logged."""
MAX_PDF_PAGES: Final = 50
"""The most pages a PDF posting may have."""
MAX_ZIP_ENTRIES: Final = 2_000
MAX_ZIP_TOTAL: Final = 50 * 1024 * 1024
MAX_ZIP_RATIO: Final = 100
ZIP_RATIO_FROM: Final = 1024 * 1024
"""Parts larger than this (uncompressed) must not be compressed more than ``MAX_ZIP_RATIO``."""

FORMATS: Final = ("text", "markdown", "html", "docx", "pdf", "jsonld", "jobschema")
"""The values :attr:`RawPosting.format` takes."""

Block = tuple[str, str]
"""``(kind, text)`` with kind ``h`` (heading), ``li`` (bullet) or ``p`` (paragraph)."""


@dataclass(frozen=True)
class RawPosting:
    """A posting as plain text, plus what its structured data (if any) states.

    Attributes:
        text: one line per heading, paragraph or bullet; bullets as ``- item``; no markup.
        format: what it was read from: ``text``, ``markdown``, ``html``, ``docx``, ``pdf``,
            ``jsonld`` or ``jobschema``.
        source: the file name as given, or the name passed to :func:`read_posting_text`.
        title: the job title.
        employer: the hiring organisation.
        location: e.g. ``Dayton, OH, US``; several places are joined with ``; ``.
        work_mode: ``remote``, ``hybrid`` or ``on-site`` when the structured data says so.
        pay_text: the pay as stated, e.g. ``USD 48,000-55,000 per YEAR`` (with an en dash).
        date_posted: the date as written in the data.
        url: the posting's address (JSON-LD ``url``, job-schema ``meta.canonical``, or an
            HTML page's canonical link).
        employment_type: e.g. ``FULL_TIME`` or ``Full-time``, as written.
    """

    text: str
    format: str
    source: str | None
    title: str | None = None
    employer: str | None = None
    location: str | None = None
    work_mode: str | None = None
    pay_text: str | None = None
    date_posted: str | None = None
    url: str | None = None
    employment_type: str | None = None


@dataclass
class _Hints:
    title: str | None = None
    employer: str | None = None
    location: str | None = None
    work_mode: str | None = None
    pay_text: str | None = None
    date_posted: str | None = None
    url: str | None = None
    employment_type: str | None = None


# --- public API -----------------------------------------------------------------------------


def read_posting(path: str | Path, *, max_bytes: int = MAX_BYTES) -> RawPosting:
    """Read a posting file of any supported kind.

    The kind comes from the extension (``.txt .text .md .markdown .html .htm .docx .pdf
    .json .jsonld``), else from the content.

    Args:
        path: the file.
        max_bytes: refuse files larger than this.

    Returns:
        The posting as plain text plus any structured hints.

    Raises:
        NotFoundError: the file does not exist (or is a folder).
        InputError: the file is too large, not UTF-8, malformed, encrypted, a zip bomb,
            of an unsupported kind, or holds no text.
    """
    p = Path(path)
    source = str(path)
    raw = _read_file(p, source, max_bytes)
    suffix = p.suffix.lower()
    kind = _EXTENSIONS.get(suffix)
    if kind is None and suffix in _UNSUPPORTED:
        raise _error(f"{suffix} files are not supported", source, hint=_UNSUPPORTED[suffix])
    if kind is None:
        kind = _sniff_bytes(raw, source)
    if kind == "pdf":
        return _read_pdf(raw, source)
    if kind == "docx":
        return _read_docx(raw, source)
    _refuse_binary(raw, source)
    return _read_text(decode(raw, source), kind, source)


def read_posting_text(text: str, *, format: str = "auto", source: str | None = None) -> RawPosting:
    """Read a posting held in memory.

    Args:
        text: the posting (a leading BOM is dropped).
        format: ``auto`` (by ``source``'s extension, else by content), ``text``,
            ``markdown``, ``html``, ``json`` (JSON-LD or job-schema, by content), ``jsonld``
            or ``jobschema``.
        source: a name for messages and for :attr:`RawPosting.source`.

    Raises:
        ValueError: ``format`` is not one of the above (DOCX and PDF need
            :func:`read_posting`).
        InputError: the text is too long, malformed or empty.
    """
    if format not in _TEXT_FORMATS:
        raise ValueError(
            f"unknown posting format {format!r}; use one of {', '.join(_TEXT_FORMATS)}"
            + (" (read .docx and .pdf files with read_posting)" if format in FORMATS else "")
        )
    if len(text) > MAX_BYTES:
        raise _error(
            f"the text is longer than {MAX_BYTES // 1024} Ki characters",
            source,
            hint="a posting is a few pages at most; check the right text was passed",
        )
    kind = format
    if kind == "auto" and source:
        kind = _EXTENSIONS.get(Path(source).suffix.lower(), "auto")
        if kind in ("docx", "pdf"):
            kind = "auto"
    return _read_text(text.removeprefix("\ufeff"), kind, source)


# --- files and sniffing ---------------------------------------------------------------------

_TEXT_FORMATS: Final = ("auto", "text", "markdown", "html", "json", "jsonld", "jobschema")
_EXTENSIONS: Final = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".pdf": "pdf",
    ".json": "json",
    ".jsonld": "json",
}
_UNSUPPORTED: Final = {
    ".doc": "save it as .docx (Word: File > Save As > Word Document)",
    ".rtf": "save it as .docx or as plain text (.txt)",
    ".odt": "save it as .docx (LibreOffice: File > Save As > Word 2007-365)",
    ".pages": "export it as .docx or PDF",
    ".png": "this is a picture; copy the posting's text into a .txt file",
    ".jpg": "this is a picture; copy the posting's text into a .txt file",
    ".jpeg": "this is a picture; copy the posting's text into a .txt file",
}
_SUPPORTED_HINT: Final = (
    "save the posting as text (.txt), Markdown, HTML, .docx, PDF or JSON (.json, .jsonld)"
)


def _error(
    message: str,
    source: str | None,
    *,
    line: int | None = None,
    column: int | None = None,
    hint: str | None = None,
) -> InputError:
    issue = Issue(message, file=source, line=line, column=column, hint=hint)
    return InputError([issue], source)


def _read_file(p: Path, source: str, max_bytes: int) -> bytes:
    try:
        mode = p.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        raise NotFoundError(f"{source}: no such file") from None
    except OSError as exc:
        raise _error(f"the file cannot be read ({exc.strerror or exc})", source) from None
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        # A FIFO or device could block or never end.
        raise _error("this is not a regular file", source, hint="pass the posting file itself")
    try:
        return read_bytes(p, source, max_bytes)
    except InputError as exc:  # the size cap: its hint speaks of profiles
        issues = [
            replace(i, hint="a posting is a few pages; check you picked the right file")
            for i in exc.issues
        ]
        raise InputError(issues, exc.source) from None
    except OSError as exc:
        raise _error(f"the file cannot be read ({exc.strerror or exc})", source) from None


def _sniff_bytes(raw: bytes, source: str) -> str:
    """The kind of a file with no known extension: pdf, docx, or auto (text of some kind)."""
    if b"%PDF-" in raw[:1024]:
        return "pdf"
    if raw.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "docx"  # _check_zip refuses a zip that is not a Word file
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise _error(
            "this is an old Word (.doc) file or a password-protected Office file",
            source,
            hint="save it as .docx without a password",
        )
    return "auto"


def _refuse_binary(raw: bytes, source: str) -> None:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return  # decode() names the encoding
    head = raw[:8192]
    controls = sum(1 for b in head if b < 32 and b not in b"\t\n\r\f")
    if b"\x00" in head or (head and controls / len(head) > 0.05):
        raise _error("this looks like a binary file, not a posting", source, hint=_SUPPORTED_HINT)


_MD_HINT = re.compile(
    r"^#{1,6}[ \t]+\S|\[[^\[\]\n]+\]\([^()\s]+\)|(\*\*|__)[^\s*_][^\n]*?\1|^```|^[^\n]+\n=+[ \t]*$",
    re.MULTILINE,
)
_HTML_START = re.compile(r"<(?:p|div|body|head|ul|ol|li|h[1-6]|table|br|section|article)\b", re.I)


def _sniff_text(text: str) -> str:
    head = text.lstrip()[:4096]
    low = head.lower()
    if head.startswith("{") or re.match(r"\[\s*[\[{\"\]]", head):
        return "json"
    if low.startswith(("<!doctype", "<html", "<!--", "<?xml")) or (
        low.startswith("<") and _HTML_START.search(low)
    ):
        return "html"
    if _MD_HINT.search(text[:100_000]):
        return "markdown"
    return "text"


def _read_text(text: str, kind: str, source: str | None) -> RawPosting:
    if kind == "auto":
        kind = _sniff_text(text)
    if kind == "text":
        return _finish(_text_lines(text), "text", source, keep_blank=True)
    if kind == "markdown":
        return _finish(_render(_markdown_blocks(text)), "markdown", source)
    if kind == "html":
        return _read_html(text, source)
    return _read_json(text, kind, source)


# --- output ---------------------------------------------------------------------------------

_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _clean(line: str) -> str:
    """Drop invisible and control characters; a lone surrogate becomes U+FFFD."""
    line = _INVISIBLE.sub("", line)
    line = _CONTROL.sub(" ", line)
    return _SURROGATE.sub("\ufffd", line)


def _finish(
    lines: Iterable[str],
    fmt: str,
    source: str | None,
    hints: _Hints | None = None,
    *,
    keep_blank: bool = False,
) -> RawPosting:
    out: list[str] = []
    size = 0
    for raw in lines:
        line = _clean(raw).rstrip()
        if not line.strip():
            if keep_blank and out and out[-1]:
                out.append("")
            continue
        if size + len(line) >= MAX_TEXT_CHARS:
            if not out:  # one enormous line: keep its start rather than nothing
                out.append(line[:MAX_TEXT_CHARS])
            log.warning(
                "%s: the posting text was cut at %d characters", source or "input", MAX_TEXT_CHARS
            )
            break
        size += len(line) + 1
        out.append(line)
    while out and not out[-1]:
        out.pop()
    if not out:
        raise _error(
            "the posting holds no text",
            source,
            hint=(
                "a scanned PDF has no text layer: copy the text into a .txt file"
                if fmt == "pdf"
                else "check the file is the posting and not an empty page"
            ),
        )
    return RawPosting("\n".join(out), fmt, source, **asdict(hints or _Hints()))


# --- plain text and bullets -----------------------------------------------------------------

_GLYPHS: Final = "-*•·▪◦●■□‣▸►▹\u2013\u2014\u2212∙\u2043➢➤✓✔\uf0a7\uf0b7\uf0d8\uf076\uf0fc"
"""Bullet glyphs: hyphen, asterisk, bullets, squares, arrows, en and em dash, minus, check
marks, and the private-use bullets that Word's Symbol and Wingdings fonts leave in pasted text."""
_BULLET = re.compile(
    r"^\s*(?:[" + re.escape(_GLYPHS) + r"]|o(?=\s)|\(?\d{1,2}[.)]|\(?[A-Za-z]\))\s+(?=\S)"
)
_INLINE_BULLET = re.compile(r"(?<!\s)\s+[•▪◦●■‣\uf0b7]\s*")
# (?<!\s): a match starts only where a run of spaces does, so long runs stay linear
_GLYPH_ONLY = re.compile(r"[" + re.escape(_GLYPHS) + r"o]|\d{1,2}[.)]")


_TRAILING_LABEL = re.compile(
    r"^(.*?\S)\s+([A-Z][\w'\u2019/&-]*(?:\s+(?:[A-Z][\w'\u2019/&-]*|and|of|&)){0,4}:)$"
)
"""A heading run into the end of a line: ``… when needed Qualifications:``."""


def _split_inline(line: str) -> list[str]:
    """Split run-together bullets: ``Duties: • a • b`` -> ``Duties:``, ``- a``, ``- b``.

    A heading run into the end of a piece (``• last duty Qualifications: • first one``)
    gets a line of its own.
    """
    parts = _INLINE_BULLET.split(line)
    if len(parts) == 1:
        return [line]
    out: list[str] = []
    for i, part in enumerate(parts):
        part = part.strip()
        if not part:
            continue
        m = _TRAILING_LABEL.match(part)
        body, label = (m.group(1), m.group(2)) if m else (part, None)
        out.append(body if i == 0 else "- " + body)
        if label:
            out.append(label)
    return out


def _bulletize(line: str) -> str:
    """``• item``, ``* item``, ``1. item``, ``a) item`` … -> ``- item``."""
    m = _BULLET.match(line)
    return "- " + line[m.end() :].strip() if m else line


def _text_lines(text: str) -> Iterator[str]:
    for line in text.splitlines():
        for part in _split_inline(line):
            yield _bulletize(part)


def _render(blocks: Iterable[Block]) -> Iterator[str]:
    for kind, text in blocks:
        text = " ".join(text.split())
        if not text:
            continue
        if kind == "h":
            yield text
        elif kind == "li":
            yield "- " + _BULLET.sub("", text, count=1)
        else:
            for part in _split_inline(text):
                yield _bulletize(part).strip()


# --- Markdown -------------------------------------------------------------------------------

_MD_FENCE = re.compile(r"^(`{3,}|~{3,})")
_MD_ATX = re.compile(r"^#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_MD_SETEXT = re.compile(r"^(?:=+|-+)[ \t]*$")
_MD_RULE = re.compile(r"^(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_MD_ITEM = re.compile(r"^(?:[*+\-•▪◦●‣]|\d{1,9}[.)])[ \t]+(.*)$")
_MD_TASK = re.compile(r"^\[[ xX]\][ \t]+")
_MD_REFDEF = re.compile(r"^\[[^\]]+\]:\s*\S+")
_MD_TABLE_RULE = re.compile(r"^\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?$")


def _markdown_blocks(text: str) -> list[Block]:
    """Markdown -> blocks: headings, list items, paragraphs (soft-wrapped lines joined)."""
    blocks: list[Block] = []
    para: list[str] = []
    kind = "p"
    fence: str | None = None

    def flush() -> None:
        nonlocal kind
        if para:
            blocks.append((kind, _md_inline(" ".join(para))))
            para.clear()
        kind = "p"

    for raw in _drop_comments(text).splitlines():
        stripped = " ".join(raw.split())  # one space between words keeps the patterns linear
        if fence is not None:
            if stripped.startswith(fence):
                fence = None
            elif stripped:
                blocks.append(("p", stripped))
            continue
        while stripped.startswith(">"):
            stripped = stripped[1:].lstrip()
        if m := _MD_FENCE.match(stripped):
            flush()
            fence = m.group(1)[:3]
            continue
        if not stripped:
            flush()
            continue
        if m := _MD_ATX.match(stripped):
            flush()
            blocks.append(("h", _md_inline(m.group(1) or "")))
            continue
        if para and kind == "p" and _MD_SETEXT.match(stripped):
            blocks.append(("h", _md_inline(" ".join(para))))
            para.clear()
            continue
        if _MD_RULE.match(stripped) or _MD_SETEXT.match(stripped) or _MD_REFDEF.match(stripped):
            flush()
            continue
        if m := _MD_ITEM.match(stripped):
            flush()
            kind = "li"
            para.append(_MD_TASK.sub("", m.group(1)))
        elif stripped.startswith("|"):
            flush()
            if not _MD_TABLE_RULE.match(stripped):
                cells = [c.strip() for c in stripped.strip("|").split("|")]
                blocks.append(("p", " | ".join(_md_inline(c) for c in cells if c)))
            continue
        else:
            if para and kind == "p" and stripped.startswith(("**", "__")):
                flush()  # a bold label starts a line of its own ("**Pay:** …")
            para.append(stripped)
        if raw.endswith("  ") or stripped.endswith("\\"):  # a hard line break
            if para[-1].endswith("\\"):
                para[-1] = para[-1][:-1]
            flush()
    flush()
    return blocks


def _drop_comments(text: str) -> str:
    """Remove ``<!-- … -->`` comments (by search, not a regex, so that junk stays linear)."""
    out: list[str] = []
    at = 0
    while (start := text.find("<!--", at)) != -1:
        end = text.find("-->", start + 4)
        if end == -1:
            break
        out.append(text[at:start])
        at = end + 3
    out.append(text[at:])
    return "".join(out)


# Every pattern below stops at the next delimiter ([^*]+?, [^`]+ …) rather than scanning on
# (.+?), so that text with many unclosed markers is read in linear time.
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!~|<>])")
_MD_CODE = re.compile(r"(`{1,3})([^`]+)\1")
_MD_DEST = r"\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)"
_MD_IMAGE = re.compile(r"!\[([^\[\]]*)\]" + _MD_DEST)
_MD_LINK = re.compile(r"\[([^\[\]]*)\]" + _MD_DEST)
_MD_REFLINK = re.compile(r"\[([^\[\]]+)\]\[[^\[\]]*\]")
_MD_AUTOLINK = re.compile(r"<((?:https?|mailto):[^<>\s]+)>")
_MD_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_MD_EMPHASIS = (
    re.compile(r"\*\*\*(?=\S)([^*]+?)(?<=\S)\*\*\*"),
    re.compile(r"___(?=\S)([^_]+?)(?<=\S)___"),
    re.compile(r"\*\*(?=\S)([^*]+?)(?<=\S)\*\*"),
    re.compile(r"__(?=\S)([^_]+?)(?<=\S)__"),
    re.compile(r"~~(?=\S)([^~]+?)(?<=\S)~~"),
    re.compile(r"(?<![*\w])\*(?=[^\s*])([^*]+?)(?<=[^\s*])\*(?![*\w])"),
    re.compile(r"(?<![_\w])_(?=[^\s_])([^_]+?)(?<=[^\s_])_(?![_\w])"),
)


def _md_inline(text: str) -> str:
    """Strip inline Markdown: emphasis, code, links and images (keeping their text), tags."""
    kept: list[str] = []

    def keep(s: str) -> str:
        kept.append(s)
        return f"\x00{len(kept) - 1}\x00"

    text = text.replace("\x00", "")
    text = _MD_ESCAPE.sub(lambda m: keep(m.group(1)), text)
    text = _MD_CODE.sub(lambda m: keep(m.group(2).strip()), text)
    text = _MD_AUTOLINK.sub(lambda m: keep(m.group(1)), text)
    text = _MD_IMAGE.sub(r"\1", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_REFLINK.sub(r"\1", text)
    text = html.unescape(_MD_TAG.sub("", text))
    for _ in range(3):  # nested emphasis: ***a** b*, _**a**_
        before = text
        for pattern in _MD_EMPHASIS:
            text = pattern.sub(r"\1", text)
        if text == before:
            break
    text = re.sub("\x00(\\d+)\x00", lambda m: kept[int(m.group(1))], text)
    return " ".join(text.split())


# --- HTML -----------------------------------------------------------------------------------

_HEADINGS: Final = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# fmt: off
_BLOCKS: Final = _HEADINGS | frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
    "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
    "header", "hgroup", "html", "legend", "li", "main", "menu", "nav", "ol", "p", "pre",
    "section", "summary", "table", "tbody", "tfoot", "thead", "tr", "ul",
})
_HIDDEN: Final = frozenset({
    "aside", "button", "canvas", "dialog", "form", "head", "iframe", "math", "nav", "noscript",
    "object", "script", "select", "style", "svg", "template", "textarea",
})
_VOID: Final = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
})
# fmt: on
_NO_DISPLAY = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


class _HtmlText(HTMLParser):
    """Collect an HTML page's visible text as blocks, and its JSON-LD scripts.

    Scripts, styles, navigation, page headers and footers (those outside ``<article>`` and
    ``<main>``), asides, forms and hidden elements are dropped. The parser never fetches
    or runs anything.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.scripts: list[str] = []
        self.canonical: str | None = None
        self._parts: list[str] = []
        self._script: list[str] | None = None
        self._stack: list[tuple[str, bool]] = []
        self._open: dict[str, int] = {}
        self._skip = 0
        self._heading = 0
        self._pre = 0
        self._cells = 0
        self._bullet = False
        self._size = 0
        self._full = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "link" and "canonical" in a.get("rel", "").lower().split():
            self.canonical = self.canonical or a.get("href", "").strip() or None
        if tag == "script":
            kind = a.get("type", "").split(";")[0].strip().lower()
            self._script = [] if kind == "application/ld+json" else None
        if tag in _VOID:
            if tag in ("br", "hr") and not self._skip:
                self._flush()
            return
        in_article = self._open.get("article", 0) + self._open.get("main", 0) > 0
        hide = (
            tag in _HIDDEN
            or (tag in ("header", "footer") and not in_article)
            or "hidden" in a
            or (a.get("aria-hidden", "").lower() == "true" and tag not in _BLOCKS)
            or bool(_NO_DISPLAY.search(a.get("style", "")))
        )
        if not self._skip and tag in _BLOCKS:
            self._flush()
        self._stack.append((tag, hide))
        self._open[tag] = self._open.get(tag, 0) + 1
        self._skip += hide
        if tag in _HEADINGS:
            self._heading += 1
        elif tag == "pre":
            self._pre += 1
        if self._skip:
            return
        if tag == "li":
            self._bullet = True
        elif tag == "tr":
            self._cells = 0
        elif tag in ("td", "th"):
            if self._cells:
                self._parts.append(" | ")
            self._cells += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None
        if tag == "br" and not self._skip:
            self._flush()
        if tag in _VOID or not self._open.get(tag):
            return
        if not self._skip and tag in _BLOCKS:
            self._flush()
        while self._stack:  # pop to the matching tag, closing what was left open
            name, hide = self._stack.pop()
            self._open[name] -= 1
            self._skip -= hide
            if name in _HEADINGS:
                self._heading -= 1
            elif name == "pre":
                self._pre -= 1
            if name == tag:
                break
        if tag in ("tr", "table"):
            self._cells = 0

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)
            return
        if self._skip or self._full:
            return
        if self._pre:
            *lines, last = data.split("\n")
            for line in lines:
                self._parts.append(line)
                self._flush()
            self._parts.append(last)
        else:
            self._parts.append(data)

    def close(self) -> None:
        super().close()
        self._flush()

    def _flush(self) -> None:
        if not self._parts:
            return
        text = " ".join("".join(self._parts).split())
        self._parts.clear()
        if "|" in text and self._cells:
            text = re.sub(r"\|(?:\s*\|)+", "|", text).strip(" |")
        if not text:
            return
        kind = "li" if self._bullet else "h" if self._heading else "p"
        self._bullet = False
        self.blocks.append((kind, text))
        self._size += len(text) + 1
        self._full = self._size > MAX_TEXT_CHARS


class _Ahead:
    """The next match of a pattern at or after a position, for positions that only grow.

    Each stretch of the text is searched once, however many times it is asked about.
    """

    def __init__(self, text: str, pattern: re.Pattern[str]) -> None:
        self.text = text
        self.pattern = pattern
        self.match: re.Match[str] | None = None
        self.exhausted = False

    def next(self, start: int) -> re.Match[str] | None:
        if self.exhausted:
            return None
        if self.match is None or self.match.start() < start:
            self.match = self.pattern.search(self.text, start)
            self.exhausted = self.match is None
        return self.match


_TAG_START = re.compile(r"<[A-Za-z/!?]")
_RAW_TEXT_TAG = re.compile(r"<(script|style)\b", re.I)


def _defuse_html(text: str) -> str:
    """Escape each ``<`` that opens a tag never closed before the next tag opens.

    html.parser (before the 2025 security releases of Python) takes quadratic time over
    runs of unclosed tags such as ``<p <p <p``: a 2 MiB page of them would never finish.
    Such a ``<`` is text to a browser anyway. Comments and script or style contents are
    skipped whole, as the parser reads them.
    """
    closing = _Ahead(text, re.compile(">"))
    comment_end = _Ahead(text, re.compile(r"--\s*>"))
    raw_end = {
        "script": _Ahead(text, re.compile(r"</script", re.I)),
        "style": _Ahead(text, re.compile(r"</style", re.I)),
    }
    out: list[str] = []
    done = at = 0
    while (m := _TAG_START.search(text, at)) is not None:
        at = m.start()
        if text.startswith("<!--", at):
            end = comment_end.next(at + 4)
            if end is not None:
                at = end.end()
                continue
        else:
            gt = closing.next(at + 1)
            if gt is not None and not _TAG_START.search(text, at + 1, gt.start()):
                raw = _RAW_TEXT_TAG.match(text, at)
                at = gt.end()
                if raw is not None:
                    close = raw_end[raw.group(1).lower()].next(at)
                    at = close.start() if close is not None else len(text)
                continue
        out.append(text[done:at])
        out.append("&lt;")
        done = at = at + 1
    out.append(text[done:])
    return "".join(out)


def _parse_html(text: str, source: str | None) -> _HtmlText:
    parser = _HtmlText()
    try:
        parser.feed(_defuse_html(text))
        parser.close()
    except (AssertionError, ValueError, IndexError) as exc:  # html.parser on odd markup
        raise _error(
            f"the HTML could not be read ({exc})", source, hint="save the page again"
        ) from None
    return parser


_HTML_TAG = re.compile(
    r"<(?:p|div|br|li|ul|ol|h[1-6]|strong|b|em|i|u|span|table|tr|section)\b[^<>]*>", re.I
)


def _rich_blocks(text: str) -> list[Block]:
    """Blocks from a field that holds either HTML (as JSON-LD descriptions do) or text."""
    if not _HTML_TAG.search(text):
        unescaped = html.unescape(text)
        if unescaped == text or not _HTML_TAG.search(unescaped):
            return [("p", line) for line in text.splitlines()]
        text = unescaped  # HTML escaped twice, as some job boards publish it
    return _parse_html(text, None).blocks


def _key(line: str) -> str:
    """A line's identity for comparing texts: no bullet, case, spacing or end punctuation."""
    if line.startswith("- "):
        line = line[2:]
    return " ".join(line.casefold().split()).rstrip(".:;")


def _read_html(text: str, source: str | None) -> RawPosting:
    parser = _parse_html(text, source)
    body = list(_render(parser.blocks))
    posting: dict[str, Any] | None = None
    for script in parser.scripts:
        script = re.sub(r"^\s*(?:<!--|//\s*<!\[CDATA\[)|(?:-->|//\s*\]\]>)\s*$", "", script)
        try:
            data = parse_json(script.strip(), f"{source or 'input'} (JSON-LD)").data
        except InputError as exc:
            log.warning("%s: a JSON-LD block was skipped: %s", source or "input", exc.issues[-1])
            continue
        posting = _find_jobposting(data)
        if posting is not None:
            break
    if posting is None:
        return _finish(body, "html", source, _Hints(url=parser.canonical))
    hints, description, sections = _jobposting_parts(posting)
    hints.url = hints.url or parser.canonical
    lines = body if _body_carries(body, description) else description
    return _finish(lines + _section_lines(sections, lines), "html", source, hints)


def _body_carries(body: list[str], description: list[str]) -> bool:
    """Whether the page body holds the posting (not mostly page chrome around it)."""
    if not description:
        return True
    if not body:
        return False
    keys = {_key(line) for line in body}
    found = sum(_key(line) in keys for line in description) / len(description)
    described = sum(map(len, description))
    return found >= 0.8 and described >= 0.5 * sum(map(len, body))


# --- JSON: schema.org JobPosting and JSON Resume job-schema ---------------------------------


def _read_json(text: str, kind: str, source: str | None) -> RawPosting:
    doc = parse_json(text, source)
    data = doc.data
    if kind in ("json", "jsonld"):
        posting = _find_jobposting(data)
        if posting is not None:
            hints, description, sections = _jobposting_parts(posting)
            lines = description + _section_lines(sections, description)
            return _finish(lines, "jsonld", source, hints)
    if isinstance(data, dict) and (kind == "jobschema" or (kind == "json" and _is_jobschema(data))):
        return _read_jobschema(data, source)
    if kind == "jsonld":
        message = 'no schema.org JobPosting ("@type": "JobPosting") in the JSON'
        hint = "check the file is the posting's JSON-LD"
    elif kind == "jobschema":
        message, hint = "a JSON Resume job is an object", "wrap the fields in { }"
    else:
        message = "the JSON is neither a schema.org JobPosting nor a JSON Resume job"
        hint = (
            "this is a JSON Resume résumé, not a posting"
            if isinstance(data, dict) and "basics" in data
            else 'a JobPosting has "@type": "JobPosting"; a JSON Resume job has "title" '
            'and "responsibilities", "qualifications" or "skills"'
        )
    raise _error(message, source, line=1, column=1, hint=hint)


def _is_jobposting(node: dict[str, Any]) -> bool:
    types = node.get("@type")
    for t in types if isinstance(types, list) else [types]:
        if isinstance(t, str) and re.split(r"[/:#]", t)[-1] == "JobPosting":
            return True
    return False


def _find_jobposting(data: Any) -> dict[str, Any] | None:
    """The first JobPosting, breadth first: alone, in a list, or inside ``@graph``."""
    queue: deque[Any] = deque([data])
    while queue:
        node = queue.popleft()
        if isinstance(node, dict):
            if _is_jobposting(node):
                return node
            queue.extend(node.values())
        elif isinstance(node, list):
            queue.extend(node)
    return None


_JOBSCHEMA_KEYS: Final = ("skills", "responsibilities", "qualifications", "company")


def _is_jobschema(data: dict[str, Any]) -> bool:
    return isinstance(data.get("title"), str) and any(k in data for k in _JOBSCHEMA_KEYS)


def _text(value: Any, *, unescape: bool = False) -> str | None:
    """A scalar (or the first of a list of them) as one tidy line, or ``None``."""
    if isinstance(value, list):
        return next((t for v in value if (t := _text(v, unescape=unescape))), None)
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return _number(value)
    if not isinstance(value, str):
        return None
    if unescape:
        value = html.unescape(value)
    return " ".join(_clean(value).split()) or None


def _number(value: float) -> str:
    if not math.isfinite(value):
        return str(value)
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}"


def _amount(value: Any) -> str | None:
    if isinstance(value, str):
        try:
            return _number(float(value.replace(",", "").strip()))
        except ValueError:
            return _text(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _number(value)
    return None


def _name(value: Any) -> str | None:
    """An organisation, country or term: its ``name``, or the text itself."""
    if isinstance(value, list):
        return next((n for v in value if (n := _name(v))), None)
    if isinstance(value, dict):
        return _text(value.get("name"), unescape=True)
    return _text(value, unescape=True)


def _join_place(parts: Iterable[str | None]) -> str | None:
    out: list[str] = []
    for part in parts:
        if part and (not out or out[-1].casefold() != part.casefold()):
            out.append(part)
    return ", ".join(out) or None


def _place(value: Any) -> str | None:
    if not isinstance(value, dict):
        return _text(value, unescape=True)
    address = value.get("address")
    if isinstance(address, dict):
        text = _join_place(
            [
                _text(address.get("addressLocality"), unescape=True),
                _text(address.get("addressRegion"), unescape=True),
                _name(address.get("addressCountry")),
            ]
        )
        if text:
            return text
    elif (text := _text(address, unescape=True)) is not None:
        return text
    return _text(value.get("name"), unescape=True)


def _places(value: Any) -> str | None:
    seen: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        text = _place(item)
        if text and text not in seen:
            seen.append(text)
    return "; ".join(seen) or None


def _pay(value: Any, currency: str | None = None) -> str | None:
    """``USD 48,000-55,000 per YEAR`` (en dash) from a schema.org MonetaryAmount or a number."""
    if isinstance(value, list):
        return next((p for v in value if (p := _pay(v, currency))), None)
    unit: str | None = None
    low = high = exact = None
    if isinstance(value, dict):
        currency = _text(value.get("currency")) or currency
        unit = _text(value.get("unitText"))
        inner = value.get("value")
        if isinstance(inner, dict):
            unit = _text(inner.get("unitText")) or unit
            low, high, exact = inner.get("minValue"), inner.get("maxValue"), inner.get("value")
        else:
            low, high, exact = value.get("minValue"), value.get("maxValue"), inner
    else:
        exact = value
    lo, hi, ex = _amount(low), _amount(high), _amount(exact)
    if lo and hi:
        amount = lo if lo == hi else f"{lo}\u2013{hi}"  # an en dash
    elif ex or lo or hi:
        amount = ex or (f"from {lo}" if lo else f"up to {hi}")
    else:
        return None
    text = " ".join(p for p in (currency, amount) if p)
    text = re.sub(r"^(\S+) (from|up to) ", r"\2 \1 ", text)  # "from USD 48,000"
    return f"{text} per {unit}" if unit else text


def _jobposting_parts(
    posting: dict[str, Any],
) -> tuple[_Hints, list[str], list[tuple[str, list[str]]]]:
    """Hints, description lines, and the list-valued sections of a schema.org JobPosting."""
    location_type = posting.get("jobLocationType")
    types = location_type if isinstance(location_type, list) else [location_type]
    remote = any(isinstance(t, str) and t.strip().upper() == "TELECOMMUTE" for t in types)
    employment = posting.get("employmentType")
    hints = _Hints(
        title=_text(posting.get("title"), unescape=True)
        or _text(posting.get("name"), unescape=True),
        employer=_name(posting.get("hiringOrganization")),
        location=_places(posting.get("jobLocation"))
        or _names(posting.get("applicantLocationRequirements")),
        work_mode="remote" if remote else None,
        pay_text=_pay(posting.get("baseSalary"), _text(posting.get("salaryCurrency"))),
        date_posted=_text(posting.get("datePosted")),
        url=_text(posting.get("url")),
        employment_type=", ".join(
            t for e in (employment if isinstance(employment, list) else [employment])
            if (t := _text(e))
        )
        or None,
    )  # fmt: skip
    description = posting.get("description")
    lines = list(_render(_rich_blocks(description))) if isinstance(description, str) else []
    sections = [
        (heading, _items(posting.get(key)))
        for key, heading in (
            ("qualifications", "Qualifications"),
            ("responsibilities", "Responsibilities"),
            ("skills", "Skills"),
            ("educationRequirements", "Education"),
            ("experienceRequirements", "Experience"),
        )
    ]
    return hints, lines, sections


def _names(value: Any) -> str | None:
    names: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        name = _name(item)
        if name and name not in names:
            names.append(name)
    return ", ".join(names) or None


def _items(value: Any, depth: int = 0) -> list[str]:
    """List entries from a string (text or HTML), a list, or schema.org objects."""
    if depth > 5 or value is None or isinstance(value, bool):
        return []
    if isinstance(value, str):
        blocks = [b for b in _rich_blocks(value) if b[0] != "h"]
        return [line.removeprefix("- ") for line in _render(blocks)]
    if isinstance(value, list):
        return [item for v in value for item in _items(v, depth + 1)]
    if isinstance(value, dict):
        item = _thing(value)
        return [item] if item else []
    text = _text(value)
    return [text] if text else []


def _thing(value: dict[str, Any]) -> str | None:
    """One schema.org requirement object (credential, experience, term) as a line."""
    parts: list[str] = []
    months = value.get("monthsOfExperience")
    if isinstance(months, int | float) and not isinstance(months, bool) and months > 0:
        years = months / 12
        parts.append(
            f"{_number(years)} years of experience"
            if float(years).is_integer()
            else f"{_number(months)} months of experience"
        )
    for key in ("name", "credentialCategory", "educationalLevel", "description", "text"):
        if (text := _text(value.get(key), unescape=True)) is not None:
            parts.append(text)
            break
    return "; ".join(parts) or None


def _section_lines(sections: list[tuple[str, list[str]]], existing: list[str]) -> list[str]:
    """Headed ``- `` lines for section items the text does not already carry."""
    seen = {_key(line) for line in existing}
    out: list[str] = []
    for heading, items in sections:
        new = [i for i in items if _key(i) not in seen]
        if new:
            out.append(heading)
            out.extend("- " + i for i in new)
            seen.update(_key(i) for i in new)
    return out


_REMOTE: Final = {"full": "remote", "hybrid": "hybrid", "none": "on-site"}


def _read_jobschema(data: dict[str, Any], source: str | None) -> RawPosting:
    location = data.get("location")
    place = None
    if isinstance(location, dict):
        place = _join_place(
            [_text(location.get(k)) for k in ("city", "region", "countryCode")]
        ) or _text(str(location.get("address") or "").replace("\n", ", "))
    elif isinstance(location, str):
        place = _text(location)
    remote = data.get("remote")
    meta = data.get("meta")
    hints = _Hints(
        title=_text(data.get("title")),
        employer=_text(data.get("company")),
        location=place,
        work_mode=_REMOTE.get(remote.strip().casefold()) if isinstance(remote, str) else None,
        pay_text=_salary(data.get("salary")),
        date_posted=_text(data.get("date")),
        url=_text(meta.get("canonical")) if isinstance(meta, dict) else None,
        employment_type=_text(data.get("type")),
    )
    if isinstance(remote, str) and hints.work_mode is None:
        log.warning("%s: unknown job-schema remote value %r", source or "input", remote)
    description = data.get("description")
    lines = list(_render(_rich_blocks(description))) if isinstance(description, str) else []
    sections = [
        ("Responsibilities", _items(data.get("responsibilities"))),
        ("Qualifications", _items(data.get("qualifications"))),
        ("Skills", _skills(data.get("skills"))),
        ("Experience", _items(data.get("experience"))),
    ]
    return _finish(lines + _section_lines(sections, lines), "jobschema", source, hints)


def _salary(value: Any) -> str | None:
    text = _text(value)
    if text and re.fullmatch(r"\d{4,}", text):
        return f"{int(text):,}"
    return text


def _skills(value: Any) -> list[str]:
    """``Web Development (Master): HTML, CSS`` from job-schema skill objects."""
    out: list[str] = []
    for skill in value if isinstance(value, list) else [value]:
        if not isinstance(skill, dict):
            out.extend(_items(skill))
            continue
        name, level = _text(skill.get("name")), _text(skill.get("level"))
        keywords = ", ".join(_items(skill.get("keywords")))
        label = f"{name} ({level})" if name and level else name or level
        line = f"{label}: {keywords}" if label and keywords else label or keywords
        if line:
            out.append(line)
    return out


# --- DOCX -----------------------------------------------------------------------------------

_W: Final = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK: Final = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _check_zip(raw: bytes, source: str) -> None:
    """Refuse a zip that is not a Word file, or that would unpack to far more than it is."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise _error(
            f"this is not a readable .docx file ({exc})",
            source,
            hint="open it in Word and save it again as .docx",
        ) from None
    if len(entries) > MAX_ZIP_ENTRIES:
        raise _error(
            f"the .docx holds {len(entries)} parts (at most {MAX_ZIP_ENTRIES} are read)",
            source,
            hint="this is not an ordinary Word file; save the posting again from Word",
        )
    total = sum(e.file_size for e in entries)
    if total > MAX_ZIP_TOTAL:
        raise _error(
            f"the .docx unpacks to {total // (1024 * 1024)} MiB "
            f"(at most {MAX_ZIP_TOTAL // (1024 * 1024)} MiB are read)",
            source,
            hint="this is not an ordinary Word file; save the posting again from Word",
        )
    for entry in entries:
        if entry.file_size > ZIP_RATIO_FROM and entry.file_size > MAX_ZIP_RATIO * max(
            entry.compress_size, 1
        ):
            raise _error(
                f"the .docx part {entry.filename!r} is compressed "
                f"{entry.file_size // max(entry.compress_size, 1)} times over",
                source,
                hint="this looks like a zip bomb, not a Word file",
            )
    if "word/document.xml" not in {e.filename for e in entries}:
        raise _error(
            "this zip file is not a Word document (it has no word/document.xml)",
            source,
            hint=_SUPPORTED_HINT,
        )


def _read_docx(raw: bytes, source: str) -> RawPosting:
    _check_zip(raw, source)
    import docx  # heavy: only when a Word file is read

    try:
        document = docx.Document(io.BytesIO(raw))
        styles = _docx_styles(document.styles.element)
        blocks: list[Block] = []
        _docx_walk(document.element.body, styles, blocks)
    except InputError:
        raise
    except Exception as exc:  # python-docx and lxml raise many kinds on broken files
        raise _error(
            f"the Word file cannot be read ({type(exc).__name__}: {exc})",
            source,
            hint="open it in Word and save it again as .docx",
        ) from None
    return _finish(_render(blocks), "docx", source)


def _docx_styles(root: _Element) -> dict[str, tuple[str, bool]]:
    """Style id -> (kind ``h``/``li``/``p``, whether it is numbered), following ``basedOn``."""
    raw: dict[str, tuple[str, str | None, bool]] = {}
    for style in root.iter(_W + "style"):
        style_id = style.get(_W + "styleId")
        if not style_id:
            continue
        name_el = style.find(_W + "name")
        name = (name_el.get(_W + "val") or "") if name_el is not None else ""
        based = style.find(_W + "basedOn")
        num = style.find(f"{_W}pPr/{_W}numPr/{_W}numId")
        numbered = num is not None and num.get(_W + "val") not in (None, "0")
        raw[style_id] = (name, based.get(_W + "val") if based is not None else None, numbered)

    def resolve(style_id: str) -> tuple[str, bool]:
        name, based, numbered = raw[style_id]
        low = name.casefold()
        kind = (
            "h"
            if low.startswith("heading") or low in ("title", "subtitle")
            else "li"
            if low.startswith("list")
            else "p"
        )
        for _ in range(10):  # a basedOn chain; bounded against cycles
            if numbered or based not in raw:
                break
            _, based, numbered = raw[based]
        return kind, numbered

    return {style_id: resolve(style_id) for style_id in raw}


def _docx_walk(parent: _Element, styles: dict[str, tuple[str, bool]], out: list[Block]) -> None:
    for child in parent:
        tag = child.tag
        if tag == _W + "p":
            _docx_paragraph(child, styles, out)
        elif tag == _W + "tbl":
            _docx_table(child, styles, out)
        elif tag in (_W + "sdt", _W + "sdtContent", _W + "customXml", _W + "ins"):
            _docx_walk(child, styles, out)


def _docx_paragraph(p: _Element, styles: dict[str, tuple[str, bool]], out: list[Block]) -> None:
    parts: list[str] = []
    _docx_text(p, parts)
    text = "".join(parts)
    if not text.strip():
        return
    style = p.find(f"{_W}pPr/{_W}pStyle")
    style_id = (style.get(_W + "val") or "") if style is not None else ""
    kind, numbered = styles.get(style_id, ("p", False))
    num = p.find(f"{_W}pPr/{_W}numPr/{_W}numId")
    if num is not None:
        numbered = num.get(_W + "val") not in (None, "0")
    if kind != "h" and (kind == "li" or numbered):
        out.append(("li", " ".join(text.split())))
        return
    out.extend((kind, line) for line in text.split("\n"))


def _docx_text(el: _Element, parts: list[str]) -> None:
    for child in el:
        tag = child.tag
        if tag == _W + "t":
            parts.append(child.text or "")
        elif tag == _W + "tab":
            parts.append(" ")
        elif tag in (_W + "br", _W + "cr"):
            parts.append("\n")
        elif tag == _W + "noBreakHyphen":
            parts.append("-")
        elif tag not in (_W + "pPr", _W + "rPr", _W + "del", _W + "txbxContent", _MC_FALLBACK):
            _docx_text(child, parts)


def _docx_table(tbl: _Element, styles: dict[str, tuple[str, bool]], out: list[Block]) -> None:
    for row in tbl.iter(_W + "tr"):
        if row.getparent() is not tbl:
            continue  # a nested table's row: read with its own table
        cells = [c for c in row if c.tag == _W + "tc"]
        filled = [c for c in cells if "".join(c.itertext()).strip()]
        if len(filled) <= 1:
            for cell in filled:  # a layout table: read the cell as the page
                _docx_walk(cell, styles, out)
            continue
        texts = []
        for cell in filled:
            blocks: list[Block] = []
            _docx_walk(cell, styles, blocks)
            texts.append(" ".join(" ".join(t.split()) for _, t in blocks))
        out.append(("p", " | ".join(t for t in texts if t)))


# --- PDF ------------------------------------------------------------------------------------

_PDF_CHARS: Final = str.maketrans(
    {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "\u2010": "-"}
)
"""Ligatures spelled out; the typographic hyphen that hyphenation leaves at a line end
becomes ``-`` (as does a soft hyphen there) so that the broken word can be joined."""
_SOFT_HYPHEN_END = re.compile("\u00ad[ \t]*$", re.M)
_PAGE_NUMBER = re.compile(r"(?:page\s+)?\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?", re.I)


def _read_pdf(raw: bytes, source: str) -> RawPosting:
    from pypdf import PdfReader  # heavy: only when a PDF is read

    try:
        reader = PdfReader(io.BytesIO(raw))
        encrypted = reader.is_encrypted
    except Exception as exc:  # pypdf raises many kinds on broken files
        raise _error(
            f"this is not a readable PDF ({type(exc).__name__}: {exc})",
            source,
            hint="open it and save or print it to PDF again",
        ) from None
    if encrypted:
        raise _error(
            "the PDF is encrypted (password-protected)",
            source,
            hint="open it and print it to a new PDF, or copy the posting's text into a .txt file",
        )
    try:
        count = len(reader.pages)
        if count > MAX_PDF_PAGES:
            raise _error(
                f"the PDF has {count} pages (at most {MAX_PDF_PAGES} are read)",
                source,
                hint="a posting is a few pages; check you picked the right file",
            )
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except Exception as exc:
        raise _error(
            f"the PDF's text cannot be read ({type(exc).__name__}: {exc})",
            source,
            hint="open it and print it to a new PDF, or copy the text into a .txt file",
        ) from None
    return _finish(_pdf_lines(pages), "pdf", source)


def _pdf_lines(pages: list[str]) -> list[str]:
    """Rebuild lines from a PDF's text layer: orphan bullet glyphs, wraps, hyphens, furniture."""
    split = [
        [
            line.strip()
            for line in _clean(_SOFT_HYPHEN_END.sub("-", page.translate(_PDF_CHARS))).splitlines()
        ]
        for page in pages
    ]
    split = [[line for line in page if line and not _PAGE_NUMBER.fullmatch(line)] for page in split]
    if len(split) > 1:  # a running header or footer repeats on every page
        for _ in range(2):
            for end in (0, -1):
                if all(split) and len({page[end] for page in split}) == 1:
                    for page in split:
                        del page[end]
    lines: list[str] = []
    for page in split:
        pending = 0  # bullet glyphs that stood alone on their lines, waiting for their text
        for line in page:
            if _GLYPH_ONLY.fullmatch(line):
                pending += 1
                continue
            if pending and _BULLET.match(line):
                pending -= 1  # the glyph doubled: it stood alone and before its text
            elif pending and not line[0].islower():
                line = "- " + line
                pending -= 1
            lines.append(line)
        # glyphs left at the end of a page were drawn apart from their text: drop them
    out: list[str] = []
    for line in lines:
        prev = out[-1] if out else ""
        if prev.endswith("-") and len(prev) > 1 and prev[-2].isalnum() and line[0].isalnum():
            head = re.search(r"([^\W\d_]+)-$", prev)
            tail = re.match(r"[^\W\d_]+", line)
            if head and tail and (head.group(1) + tail.group(0)).islower():
                out[-1] = prev[:-1] + line  # a word hyphenated at the line end
            else:
                out[-1] = prev + line  # a hyphenated name across lines: ICD- / 10-CM
        elif prev and line[0].islower() and not _BULLET.match(line):
            out[-1] = prev + " " + line  # a wrapped line
        else:
            out.append(line)
    return list(_render(("p", line) for line in out))
