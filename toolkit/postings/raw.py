r"""What every posting reader shares: :class:`RawPosting`, the line finishing, bullets, errors.

A reader turns its format into lines (or into :data:`Block` s that :func:`_render` turns into
lines) and hands them to :func:`_finish`, which drops invisible, bidirectional and control
characters (from the hints too), caps the length, and builds the :class:`RawPosting` with the
hints the structured data gave. Bullets in any of their glyphs (``•``, ``1.``, ``a)``, Word's
private-use symbols …) become ``- item`` here, and :func:`_error` builds the located
:class:`~toolkit.errors.InputError` every reader raises.

Every pattern here runs in linear time on hostile input (a line of 100,000 spaces, a long run
of words): a quantifier over spaces is possessive (``\s++``) or starts only where a run of
spaces does (``(?<!\s)``), so no run is scanned again from each of its positions.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from typing import Final

from toolkit.errors import InputError, Issue

log = logging.getLogger("toolkit")

MAX_TEXT_CHARS: Final = 200_000
"""The longest posting text kept; longer text is cut (at a line end when there is one), and a
warning is logged."""

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
        valid_through: the closing date as written in the data.
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
    valid_through: str | None = None


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
    valid_through: str | None = None


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


# --- output ---------------------------------------------------------------------------------

_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb"
    "\U0001d173-\U0001d17a\U000e0000-\U000e007f\U000e0100-\U000e01ef]"
)
"""Characters that show nothing but can hide, join or reorder text: the soft hyphen, zero-width
spaces and joiners, the bidirectional marks, embeddings, overrides and isolates (U+200E,
U+200F, U+061C, U+202A-U+202E, U+2066-U+2069: U+202E before ``gpj.exe`` shows ``exe.jpg``), the
invisible operators and deprecated format controls (U+2060-U+206F), the byte-order mark,
interlinear annotation marks, Hangul and Mongolian fillers, variation selectors, and the tag
characters (U+E0000-U+E007F) that can carry a whole hidden sentence."""
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
    stated = {
        k: _clean(v) if isinstance(v, str) else v for k, v in asdict(hints or _Hints()).items()
    }
    return RawPosting("\n".join(out), fmt, source, **stated)


# --- bullets --------------------------------------------------------------------------------

_GLYPHS: Final = "-*•·▪◦●■□‣▸►▹\u2013\u2014\u2212∙\u2043➢➤✓✔\uf0a7\uf0b7\uf0d8\uf076\uf0fc"
"""Bullet glyphs: hyphen, asterisk, bullets, squares, arrows, en and em dash, minus, check
marks, and the private-use bullets that Word's Symbol and Wingdings fonts leave in pasted text."""
_BULLET = re.compile(
    r"^\s*+(?:[" + re.escape(_GLYPHS) + r"]|o(?=\s)|\(?\d{1,2}[.)]|\(?[A-Za-z]\))\s++(?=\S)"
)
# possessive: a bullet is never a space, and (?=\S) needs the whole run of spaces taken
_INLINE_BULLET = re.compile(r"(?<!\s)\s++[•▪◦●■‣\uf0b7]\s*+")
# (?<!\s): a match starts only where a run of spaces does, so long runs stay linear
_GLYPH_ONLY = re.compile(r"[" + re.escape(_GLYPHS) + r"o]|\d{1,2}[.)]")


_TRAILING_LABEL = re.compile(
    r"^(.*?\S)\s++([A-Z][\w'\u2019/&-]*+(?:\s++(?:[A-Z][\w'\u2019/&-]*+|and|of|&)){0,4}:)$"
)
"""A heading run into the end of a line: ``… when needed Qualifications:``. Each run of spaces
and each word is taken whole (possessive: what follows a space run is a letter, what follows a
word is a space or the colon), so every end tried for the first group costs a few words."""


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


def _key(line: str) -> str:
    """A line's identity for comparing texts: no bullet, case, spacing or end punctuation."""
    if line.startswith("- "):
        line = line[2:]
    return " ".join(line.casefold().split()).rstrip(".:;")
