"""The job description in Word: Word's own styles in the theme's look.

The organization is the author; nothing of a tool is left in the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from toolkit.documents.jd import JobDescriptionDoc
from toolkit.formats.docx.builder import add_paragraph, build_docx, setup_document
from toolkit.formats.themes import load_theme


def jd_docx(doc: JobDescriptionDoc, *, theme_folder: Path | None = None) -> bytes:
    """The job description as a Word document with Word's own styles, in ``theme``'s look.

    The page, fonts, sizes, colours and heading styles are set up as the resume's are
    (:func:`toolkit.formats.docx.setup_document`), on US letter paper in US English.

    Args:
        doc: the job description's document (its theme, page size and language set the look).
        theme_folder: a user's templates folder; its ``theme.yaml``, when it has one, is the
            theme (see :func:`~toolkit.formats.themes.load_theme`).

    Raises:
        NotFoundError: for an unknown theme.
        InputError: for a user's theme.yaml with problems.
        RenderError: when python-docx refuses the content.
    """
    jd = doc.job
    chosen = load_theme(doc.theme, theme_folder)

    def fill(document: Any) -> None:
        themed = setup_document(document, chosen, page_size=doc.page_size, lang=doc.lang)
        add_paragraph(document, jd.title, style="Title")
        add_paragraph(document, " · ".join([jd.organization.name, *doc.facts]), style="Subtitle")
        for part in doc.sections:
            heading = add_paragraph(document, part.title, style="Heading 1")
            heading.paragraph_format.keep_with_next = True
            block = []
            if part.note:
                note = add_paragraph(document)
                note.add_run(part.note).italic = True
                block.append(note)
            for n, paragraph in enumerate(part.paragraphs):
                added = add_paragraph(document, paragraph)
                if n or part.note:  # as the HTML: space between paragraphs of a section
                    added.paragraph_format.space_before = themed.em(0.35)
                block.append(added)
            items = []
            for n, item in enumerate(part.items):
                added = add_paragraph(document, item, style="List Bullet")
                if n == 0 and (part.paragraphs or part.note):
                    added.paragraph_format.space_before = themed.em(0.35)
                items.append(added)
            _keep_together(block, items, whole=part.keep)

    return build_docx(fill, doc.meta)


def _keep_together(block: list[Any], items: list[Any], *, whole: bool) -> None:
    """As the HTML: a short section on one page with its heading; a long list breaks with
    at least two items on each side, so one item never sits alone on the next page."""
    for paragraph in block[:-1] if not items else block:
        paragraph.paragraph_format.keep_with_next = True
    last = len(items) - 1
    for n, paragraph in enumerate(items[:-1]):
        if whole or n == 0 or n == last - 1:
            paragraph.paragraph_format.keep_with_next = True
