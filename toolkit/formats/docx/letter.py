"""The cover letter in Word, under the resume's header and in its themed styles.

The letter is set up like the resume (:class:`~toolkit.formats.docx.builder.ThemedDocument`:
page, styles, header and clean metadata), so a letter and a resume sent together look like
one set.
"""

from __future__ import annotations

from pathlib import Path

import docx

from toolkit.documents.letter import LetterContext
from toolkit.formats.docx.builder import ThemedDocument, build_docx
from toolkit.formats.themes import load_theme
from toolkit.models.options import ThemeOptions


class _LetterBuilder(ThemedDocument):
    """The letter under the resume's header, in the resume's themed Word styles."""

    def __init__(
        self,
        document: docx.document.Document,
        letter: LetterContext,
        *,
        theme_folder: Path | None = None,
    ) -> None:
        super().__init__(
            document,
            load_theme(letter.theme, theme_folder),
            ThemeOptions.model_validate(letter.theme_options),
            page_size=letter.page_size,
            lang=letter.meta.lang,
            rtl=letter.rtl,
        )
        self.letter = letter

    def build(self) -> None:
        self.setup()
        letter = self.letter
        self.write_header(letter.person)
        self.run(self.paragraph("Normal", before=self.em(2.2)), letter.date_text)
        for n, line in enumerate(letter.recipient_lines):
            self.run(self.paragraph("Normal", before=self.em(1.4) if n == 0 else None), line)
        self.run(self.paragraph("Normal", before=self.em(1.6)), letter.salutation)
        for text in letter.paragraphs:
            self.run(self.paragraph("Normal", before=self.em(0.85)), text)
        closing = self.paragraph("Normal", before=self.em(1.6))
        closing.paragraph_format.keep_with_next = True
        self.run(closing, letter.closing)
        self.run(self.paragraph("Normal", before=self.em(2.6)), letter.signature, bold=True)


def render_letter_docx(ctx: LetterContext, *, theme_folder: Path | None = None) -> bytes:
    """The letter as a Word document in the resume's styles, the person as its author.

    Args:
        ctx: the letter's context.
        theme_folder: a user's templates folder; its ``theme.yaml``, when it has one, is the
            theme (see :func:`~toolkit.formats.themes.load_theme`).

    Raises:
        InputError: for a user's theme.yaml with problems.
        RenderError: when python-docx refuses the content.
    """
    return build_docx(
        lambda document: _LetterBuilder(document, ctx, theme_folder=theme_folder).build(),
        ctx.meta,
    )
