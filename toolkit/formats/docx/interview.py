"""The interview practice sheet in Word, in the sheet's theme.

The DOCX follows the HTML sheet's order with Word's own styles, set up in the sheet's theme
like the resume's: the name in ``Title``, the sheet's heading in ``Subtitle``, each question
in ``Heading 1``, what is said about it in normal paragraphs, tips in ``List Bullet``, and
ruled empty paragraphs where the printed sheet has lines for the answer. Its core properties
name the person, never a tool, and its bytes depend on nothing but the sheet.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import RGBColor

from toolkit.documents.interview import InterviewSheet, SheetQuestion
from toolkit.formats.docx.builder import add_paragraph as add
from toolkit.formats.docx.builder import build_docx, setup_document
from toolkit.formats.themes import Theme, load_theme


def interview_docx(sheet: InterviewSheet, *, theme_folder: Path | None = None) -> bytes:
    """The sheet as a Word document in its theme's look (same bytes for the same sheet).

    Args:
        sheet: the practice sheet (its ``theme``, ``page_size`` and ``lang`` set the look).
        theme_folder: a user's templates folder; its ``theme.yaml``, when it has one, is the
            theme (see :func:`~toolkit.formats.themes.load_theme`).

    Raises:
        NotFoundError: for an unknown theme.
        InputError: for a user's theme.yaml with problems.
        RenderError: when python-docx refuses the content.
    """
    theme = load_theme(sheet.theme, theme_folder)
    return build_docx(lambda document: _DocxWriter(document, sheet, theme).write(), sheet.meta)


def add_paragraph(document: Any, text: str = "", style: str | None = None) -> Any:
    return add(document, text, style)


class _DocxWriter:
    """Writes one sheet into a fresh python-docx document, set up in the sheet's theme.

    The page, fonts, sizes, colours and the Title, Subtitle, Heading 1 and List Bullet styles
    are the resume's (:func:`~toolkit.formats.docx.builder.setup_document`), with one change: a
    question is a sentence, so the theme's capitals and letter spacing, made for short section
    titles, are left out of Heading 1. The space between paragraphs follows the HTML sheet.
    """

    def __init__(self, document: Any, sheet: InterviewSheet, theme: Theme) -> None:
        self.doc = document
        self.sheet = sheet
        look = theme.word.model_copy(update={"heading_caps": False, "heading_tracking_em": 0.0})
        self.themed = setup_document(
            document, theme, page_size=sheet.page_size, lang=sheet.lang, look=look
        )
        self.em = self.themed.em
        self.muted = self.themed.look.muted_color

    def paragraph(self, text: str = "", style: str | None = None, before: float = 0) -> Any:
        """A paragraph of ``text``, ``before`` em below the one above (beyond its style's)."""
        paragraph = add_paragraph(self.doc, text, style)
        if before:
            paragraph.paragraph_format.space_before = self.em(before)
        return paragraph

    def write(self) -> None:
        sheet = self.sheet
        self.paragraph(sheet.person.name, style="Title")
        self.paragraph(sheet.heading, style="Subtitle")
        if sheet.person.headline:
            self.paragraph(sheet.person.headline, before=0.15)
        basis = f" ({sheet.level_basis})" if sheet.level_basis else ""
        self.paragraph(
            f"{sheet.role}, level {sheet.level}{basis}: {len(sheet.questions)} questions to "
            "practise aloud. Write each answer on its lines, then say it in under two minutes.",
            before=0.4,
        )
        for n, q in enumerate(sheet.questions, 1):
            self.question(n, q)
        if sheet.questions_to_ask:
            self.paragraph("Questions to ask them", style="Heading 1")
            for a in sheet.questions_to_ask:
                paragraph = self.paragraph(style="List Number", before=0.35)
                paragraph.add_run(a.text)
                why = paragraph.add_run(" — " + a.why)
                why.italic = True
                why.font.color.rgb = RGBColor.from_string(self.muted)

    def labelled(self, label: str, text: str, keep: bool = True) -> Any:
        paragraph = self.paragraph(before=0.3)
        paragraph.add_run(label + " ").bold = True
        paragraph.add_run(text)
        paragraph.paragraph_format.keep_with_next = keep
        return paragraph

    def note_lines(self, count: int) -> None:
        """``count`` ruled empty lines, kept together, spaced for handwriting like the
        printed sheet's (about 0.28 in)."""
        for _ in range(count):
            paragraph = self.paragraph(before=0.9)
            self.themed.rule_under(paragraph, 0.5, "999999", 1)
            # Word and LibreOffice draw one border round paragraphs whose borders match, so
            # a bottom rule alone would rule only the last line: rule between them too
            border = paragraph._p.pPr.find(qn("w:pBdr"))
            bottom = border.find(qn("w:bottom"))
            between = OxmlElement("w:between", {k: v for k, v in bottom.attrib.items()})
            bottom.addnext(between)
            paragraph.paragraph_format.keep_with_next = True
        self.doc.paragraphs[-1].paragraph_format.keep_with_next = False

    def question(self, n: int, q: SheetQuestion) -> None:
        """One question in the HTML sheet's parts: the question with why it was asked (kept
        with the first line of the brief), the brief, the STAR outline in two halves
        (Situation and Task, Action and Result) and the lines for the answer, kept whole. A
        page may turn between the parts, never inside one."""
        heading = self.paragraph(f"{n}. {q.text}", style="Heading 1")
        heading.paragraph_format.page_break_before = False
        heading.paragraph_format.keep_with_next = True
        meta = self.paragraph(before=0.15)
        kind = meta.add_run(f"{q.kind.capitalize()} · {', '.join(q.skills)}")
        kind.italic = True
        kind.font.color.rgb = RGBColor.from_string(self.muted)
        meta.paragraph_format.keep_with_next = True
        if q.reason:
            self.paragraph(before=0.05).add_run(q.reason).italic = True
            self.doc.paragraphs[-1].paragraph_format.keep_with_next = True
        self.labelled("Why they ask.", q.why)
        tips = self.sheet.with_tips and bool(q.tips)
        self.labelled("What a strong answer shows.", q.strong_answer, keep=tips)
        if tips:
            self.labelled("Tips.", "")
            for tip in q.tips:
                self.paragraph(tip, style="List Bullet").paragraph_format.keep_with_next = True
            self.doc.paragraphs[-1].paragraph_format.keep_with_next = False
        star = q.star
        self.labelled("Plan your answer (STAR)", "")
        if star.example:
            others = "".join(f". Also fits: “{o.text}” ({o.where})" for o in star.others)
            self.paragraph(
                f"From your profile: {star.example.where}{others}", before=0.05
            ).paragraph_format.keep_with_next = True
        elif star.note:
            note = self.paragraph(before=0.05)
            note.add_run(star.note).italic = True
            note.paragraph_format.keep_with_next = True
        for step in star.steps:
            self.labelled(f"{step.label}.", step.prompt)
            if step.seed:
                seed = self.paragraph(before=0.05)
                seed.add_run(f"“{step.seed}”").italic = True
                seed.paragraph_format.keep_with_next = True
            if step.label in ("Task", "Result"):  # the outline turns a page in halves only
                self.doc.paragraphs[-1].paragraph_format.keep_with_next = False
        self.labelled("Your answer, in your words", "")
        self.note_lines(star.answer_lines)
