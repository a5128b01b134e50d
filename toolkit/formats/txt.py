"""Plain text, for pasting into application forms: no markup at all.

Headings in capitals with a rule, ``-`` bullets with a hanging indent, lines wrapped at
78 columns (``wrap=0`` leaves paragraphs on one line, for forms that reflow). Each kind
that comes in plain text has its writer in :data:`WRITERS`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from toolkit.documents.context import Document, DocumentContext
from toolkit.formats.settings import Settings
from toolkit.formats.text import _compact_line, _inline, _skills_line, _title_line, _when_where

if TYPE_CHECKING:  # the letter's module loads when a letter is made
    from toolkit.documents.letter import LetterContext

WRAP = 78
"""The width plain text is wrapped at."""


# --- the resume -----------------------------------------------------------------------------


_GLUE = "\u00a0"
"""Holds two words together while wrapping (textwrap breaks only at ASCII spaces); the
written text has plain spaces."""
_PART = " · "
_SHORT_PART = 30
"""A part of a ``·``-separated line up to this long stays on one line ("ID RRMC-ROI-0417",
"Nov 2021", "Columbus, OH"): a line breaks between parts, not inside one."""


def _para(text: str, width: int, indent: str = "", hanging: str = "") -> list[str]:
    if width <= 0:
        return [indent + text]
    if _PART in text:
        text = _PART.join(
            part.replace(" ", _GLUE) if len(part) <= _SHORT_PART else part
            for part in text.split(_PART)
        )
    lines = textwrap.wrap(
        text,
        width=width,
        initial_indent=indent,
        subsequent_indent=hanging or indent,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [indent]
    return [line.replace(_GLUE, " ") for line in lines]


def resume_text(ctx: DocumentContext, *, wrap: int = WRAP) -> str:
    """The document as plain text: no markup, wrapped at ``wrap`` columns (0: no wrapping)."""
    out: list[str] = [ctx.person.name.upper()]
    if ctx.person.headline:
        out += _para(ctx.person.headline, wrap)
    if ctx.person.contacts:
        out += _para(" · ".join(c.text for c in ctx.person.contacts), wrap)
    for section in ctx.sections:
        title = section.title.upper()
        out += ["", title, "-" * len(title)]
        if section.layout == "text" and section.text:
            out += _para(section.text, wrap)
        elif section.layout == "entries":
            for n, item in enumerate(section.items):
                if n:
                    out.append("")
                out += _para(_title_line(item, ctx.page.comma), wrap)
                when = _when_where(item)
                if when:
                    out += _para(when, wrap)
                if item.details:
                    out += _para(" · ".join(item.details), wrap)
                if item.url:
                    out += _para(item.url, wrap)
                if item.summary:
                    out += _para(item.summary, wrap)
                for bullet in item.bullets:
                    out += _para(bullet, wrap, indent="  - ", hanging="    ")
                if item.keywords:
                    out += _para(", ".join(item.keywords), wrap)
        elif section.layout == "compact":
            for item in section.items:
                out += _para(_compact_line(item, ctx.page.comma), wrap, indent="- ", hanging="  ")
        elif section.layout == "skills":
            for item in section.items:
                out += _para(_skills_line(item), wrap, indent="- ", hanging="  ")
        elif section.layout == "inline":
            out += _para(_inline(section), wrap)
    return "\n".join(out).rstrip("\n") + "\n"


# --- the cover letter ---


def letter_text(ctx: LetterContext, wrap: int = WRAP) -> str:
    """The letter as plain text, paragraphs wrapped at ``wrap`` columns (0: unwrapped), as
    the resume's are (the contact line breaks between contacts, not inside one)."""

    def para(text: str) -> list[str]:
        return _para(text, wrap) if text else []

    out = [ctx.person.name]
    if ctx.person.headline:
        out += para(ctx.person.headline)
    if ctx.person.contacts:
        out += para(ctx.page.contact_line)
    out += ["", ctx.date_text, ""]
    if ctx.recipient_lines:
        out += [*ctx.recipient_lines, ""]
    out += [ctx.salutation, ""]
    for text in ctx.paragraphs:
        out += [*para(text), ""]
    out += [ctx.closing, "", ctx.signature]
    return "\n".join(out) + "\n"


WRITERS: dict[str, Callable[[Any], str]] = {"resume": resume_text, "letter": letter_text}
"""The plain-text writer of each kind that comes in plain text."""


def render(doc: Document, settings: Settings) -> bytes:
    """``doc`` as plain text, in UTF-8."""
    return WRITERS[doc.kind](doc).encode()
