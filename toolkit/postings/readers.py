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

This module sniffs the format and hands the input to the reader that owns it:
:mod:`~toolkit.postings.text` (plain text and Markdown), :mod:`~toolkit.postings.html`
(saved pages, read into blocks by :mod:`~toolkit.postings.markup`),
:mod:`~toolkit.postings.jsonld` (JSON-LD and job-schema), :mod:`~toolkit.postings.docx` and
:mod:`~toolkit.postings.pdf`; all of them finish their lines through
:mod:`~toolkit.postings.raw`.
"""

from __future__ import annotations

import re
import stat
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Final

from toolkit.errors import InputError, NotFoundError
from toolkit.load.sources import decode, read_bytes
from toolkit.postings.docx import _read_docx
from toolkit.postings.html import _read_html
from toolkit.postings.jsonld import _read_json
from toolkit.postings.pdf import MAX_PDF_PAGES, _read_pdf
from toolkit.postings.raw import _SUPPORTED_HINT, FORMATS, MAX_TEXT_CHARS, RawPosting, _error
from toolkit.postings.text import _read_markdown, _read_plain

__all__ = [
    "FORMATS",
    "MAX_BYTES",
    "MAX_PDF_PAGES",
    "MAX_TEXT_CHARS",
    "RawPosting",
    "read_posting",
    "read_posting_text",
]

MAX_BYTES: Final = 2 * 1024 * 1024
"""The largest posting file read (2 MiB; a posting is a few KiB, a saved page a few hundred)."""


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
    if kind in _FILE_READERS:
        return _FILE_READERS[kind](raw, source)
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
_FILE_READERS: Final[dict[str, Callable[[bytes, str], RawPosting]]] = {
    "pdf": _read_pdf,
    "docx": _read_docx,
}
_TEXT_READERS: Final[dict[str, Callable[[str, str | None], RawPosting]]] = {
    "text": _read_plain,
    "markdown": _read_markdown,
    "html": _read_html,
}
"""Readers by kind; any other kind (``json``, ``jsonld``, ``jobschema``) is read as JSON."""


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
    reader = _TEXT_READERS.get(kind)
    if reader is not None:
        return reader(text, source)
    return _read_json(text, kind, source)
