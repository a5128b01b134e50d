"""Word (DOCX) for every kind: the built-in layout in the theme's styles, or the user's own
Word template (a ``<kind>.docx`` in their templates folder, or a letterhead) filled safely.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from toolkit.documents.context import Document
from toolkit.formats.settings import Settings
from toolkit.lazy import resolve

WRITERS: dict[str, str] = {
    "resume": "toolkit.formats.docx.builder:render_docx",
    "letter": "toolkit.formats.docx.letter:render_letter_docx",
    "interview": "toolkit.formats.docx.interview:interview_docx",
    "jd": "toolkit.formats.docx.jd:jd_docx",
}
"""The built-in Word layout of each kind that comes in Word, as ``module:function``
(imported when that kind is first written: a resume loads no other kind's writer)."""


def word_template(doc: Document, settings: Settings) -> Path | None:
    """The user's Word template for ``doc``, if there is one."""
    if settings.word_template is not None:
        return settings.word_template
    if settings.user_templates is not None:
        candidate = settings.user_templates / f"{doc.kind}.docx"
        if candidate.is_file():
            return candidate
    return None


def render(doc: Document, settings: Settings) -> bytes:
    """``doc`` as a Word document."""
    template = word_template(doc, settings)
    if template is not None:
        # lazy: docxtpl and its sandbox, only for a user's own Word template
        from toolkit.formats.docx.template import render_docx_template

        return render_docx_template(template, doc)
    writer: Callable[..., bytes] = resolve(WRITERS[doc.kind])
    return writer(doc, theme_folder=settings.user_templates)
