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
_SOFT_HYPHEN_END = re.compile("\u00ad[ \t]*+$", re.M)
_PAGE_NUMBER = re.compile(r"(?:page\s++)?\d{1,3}(?:\s*+(?:of|/)\s*+\d{1,3})?", re.I)
_LETTERS = re.compile(r"[^\W\d_]++")
_LETTERS_BEFORE_HYPHEN = re.compile(r"(?<![^\W\d_])([^\W\d_]++)-\Z")
"""The word a line ends in before its hyphen; it starts only where a run of letters does, so
the search is linear."""
_TAIL: Final = 200
"""How much of a line's end is looked at to join the next one: a word is shorter than this,
so a "word" of more letters may be judged by its last 200 only."""


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
    # Each output line is kept as its pieces and joined once (adding to a growing string
    # would copy it for every wrapped line), and only its last _TAIL characters are looked at.
    out: list[list[str]] = []
    tail = ""
    for line in lines:
        if tail.endswith("-") and len(tail) > 1 and tail[-2].isalnum() and line[0].isalnum():
            head = _LETTERS_BEFORE_HYPHEN.search(tail)
            start = _LETTERS.match(line)
            if head and start and (head.group(1) + start.group(0)).islower():
                out[-1][-1] = out[-1][-1][:-1]  # a word hyphenated at the line end
                tail = tail[:-1]
            out[-1].append(line)  # else a hyphenated name across lines: ICD- / 10-CM
            tail += line
        elif tail and line[0].islower() and not _BULLET.match(line):
            out[-1] += (" ", line)  # a wrapped line
            tail += " " + line
        else:
            out.append([line])
            tail = line
        tail = tail[-_TAIL:]
    return list(_render(("p", "".join(pieces)) for pieces in out))
