"""Render a cover letter's context: HTML, PDF, DOCX, Markdown and plain text.

Every format draws from the same :class:`~toolkit.documents.letter.LetterContext`, so each
carries the same paragraphs in the same order. The PDF is laid out from the HTML; the DOCX
reuses the resume's Word builder for its page, styles, header and clean metadata, so a
letter and a resume sent together look like one set.
"""

from __future__ import annotations

import textwrap

import docx

from toolkit.documents.context import DocumentContext
from toolkit.documents.letter import LetterContext
from toolkit.formats.docx import _LOOKS, _Builder, build_docx
from toolkit.formats.html import render_template
from toolkit.formats.themes import load_theme, resolved_options
from toolkit.models.options import ThemeOptions

FORMATS: tuple[str, ...] = ("pdf", "html", "docx", "md", "txt")
"""The formats :func:`render_letter` makes."""

WRAP = 78
"""The width plain text is wrapped at."""


def render_letter_html(ctx: LetterContext) -> str:
    """The letter as a standalone HTML page (the theme's stylesheet inlined).

    Raises:
        TemplateError: when the template is missing or broken.
    """
    return render_template(
        "letter.html.j2",
        ctx.to_data(),
        theme=ctx.theme,
        options=ThemeOptions.model_validate(ctx.theme_options),
        lang=ctx.lang,
        page_size=ctx.page_size,
    )


def letter_pages(ctx: LetterContext) -> int:
    """How many pages the letter's PDF would have."""
    from toolkit.formats.pdf import count_pages

    return count_pages(render_letter_html(ctx))


def render_letter(ctx: LetterContext, fmt: str) -> bytes:
    """Render a letter to one format.

    Args:
        ctx: the letter's context.
        fmt: ``pdf``, ``html``, ``docx``, ``md`` or ``txt``.

    Returns:
        The file's bytes (text formats in UTF-8).

    Raises:
        ValueError: for an unknown format.
        TemplateError: when the HTML template is missing or broken.
        RenderError: when WeasyPrint or python-docx fails.
    """
    if fmt == "html":
        return render_letter_html(ctx).encode()
    if fmt == "pdf":
        from toolkit.formats.pdf import render_pdf

        return render_pdf(render_letter_html(ctx), ctx.meta)
    if fmt == "docx":
        return render_letter_docx(ctx)
    if fmt == "md":
        return letter_markdown(ctx).encode()
    if fmt == "txt":
        return letter_text(ctx).encode()
    raise ValueError(f"unknown letter format {fmt!r}; use one of {', '.join(FORMATS)}")


# --- Word -------------------------------------------------------------------------------------


class _LetterBuilder(_Builder):
    """The resume's Word builder, writing a letter's body under the same header."""

    def __init__(self, document: docx.document.Document, letter: LetterContext) -> None:
        adapter = DocumentContext(
            kind="letter",
            person=letter.person,
            sections=(),
            meta=letter.meta,
            page_size=letter.page_size,
            rtl=letter.rtl,
            theme=letter.theme,
            theme_options=letter.theme_options,
        )
        theme = load_theme(letter.theme)
        options = resolved_options(theme, ThemeOptions.model_validate(letter.theme_options))
        super().__init__(document, adapter, options, _LOOKS.get(letter.theme, _LOOKS["plain"]))
        self.letter = letter

    def build(self) -> None:
        self.setup_page()
        self.setup_styles()
        self.setup_numbering()
        self.setup_settings()
        self.setup_fonts()
        self.write_header()
        letter = self.letter
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


def render_letter_docx(ctx: LetterContext) -> bytes:
    """The letter as a Word document in the resume's styles, the person as its author.

    Raises:
        RenderError: when python-docx refuses the content.
    """
    return build_docx(lambda document: _LetterBuilder(document, ctx).build(), ctx.meta)


# --- Markdown and plain text ------------------------------------------------------------------


def _contact_line(ctx: LetterContext) -> str:
    return " · ".join(c.text for c in ctx.person.contacts)


def letter_markdown(ctx: LetterContext) -> str:
    from toolkit.formats.text import md_escape

    """The letter in Markdown: the name as a heading, then the letter as paragraphs."""
    out = [f"# {md_escape(ctx.person.name)}", ""]
    if ctx.person.headline:
        out += [md_escape(ctx.person.headline), ""]
    if ctx.person.contacts:
        out += [md_escape(_contact_line(ctx)), ""]
    out += [md_escape(ctx.date_text), ""]
    if ctx.recipient_lines:
        # two trailing spaces: a line break inside one paragraph
        out += [*(md_escape(line) + "  " for line in ctx.recipient_lines[:-1])]
        out += [md_escape(ctx.recipient_lines[-1]), ""]
    out += [md_escape(ctx.salutation), ""]
    for text in ctx.paragraphs:
        out += [md_escape(text), ""]
    out += [md_escape(ctx.closing) + "  ", md_escape(ctx.signature)]
    return "\n".join(out) + "\n"


def letter_text(ctx: LetterContext, wrap: int = WRAP) -> str:
    """The letter as plain text, paragraphs wrapped at ``wrap`` columns (0: unwrapped)."""

    def para(text: str) -> list[str]:
        if not wrap:
            return [text]
        return textwrap.wrap(text, wrap, break_long_words=False, break_on_hyphens=False)

    out = [ctx.person.name]
    if ctx.person.headline:
        out += para(ctx.person.headline)
    if ctx.person.contacts:
        out += para(_contact_line(ctx))
    out += ["", ctx.date_text, ""]
    if ctx.recipient_lines:
        out += [*ctx.recipient_lines, ""]
    out += [ctx.salutation, ""]
    for text in ctx.paragraphs:
        out += [*para(text), ""]
    out += [ctx.closing, "", ctx.signature]
    return "\n".join(out) + "\n"
