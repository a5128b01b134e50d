"""PDF postings, read from the text layer.

pypdf extracts each page's text; the lines are then rebuilt: ligatures spelled out, page
numbers and running headers and footers dropped, bullet glyphs that stood on lines of their
own rejoined to their text, wrapped lines and words hyphenated at a line end joined. A
scanned PDF has no text layer and gives "the posting holds no text".
"""

from __future__ import annotations

import io
import re
from typing import Final

from toolkit.errors import InputError
from toolkit.postings.raw import _BULLET, _GLYPH_ONLY, RawPosting, _clean, _error, _finish, _render

MAX_PDF_PAGES: Final = 50
"""The most pages a PDF posting may have."""

_PDF_CHARS: Final = str.maketrans(
    {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "\u2010": "-"}
)
"""Ligatures spelled out; the typographic hyphen that hyphenation leaves at a line end
becomes ``-`` (as does a soft hyphen there) so that the broken word can be joined."""
_SOFT_HYPHEN_END = re.compile("\u00ad[ \t]*$", re.M)
_PAGE_NUMBER = re.compile(r"(?:page\s+)?\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?", re.I)


def _read_pdf(raw: bytes, source: str) -> RawPosting:
    from pypdf import PdfReader  # lazy: pypdf costs 80 ms at start-up

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
