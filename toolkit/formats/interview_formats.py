"""The interview practice sheet in PDF, HTML, DOCX and Markdown.

HTML comes from ``templates/_base/interview.html.j2`` (themable like every document) and the
PDF is laid out from that HTML. The DOCX follows the same order with Word's own styles:
the name in ``Title``, the sheet's heading in ``Subtitle``, each question in ``Heading 1``,
what is said about it in normal paragraphs, tips in ``List Bullet``, and ruled empty
paragraphs where the printed sheet has boxes for notes. Its core properties name the person,
never a tool, and its bytes depend on nothing but the sheet.
"""

from __future__ import annotations

from typing import Any

from toolkit.documents.interview import InterviewSheet, SheetQuestion
from toolkit.errors import UserError
from toolkit.models.options import ThemeOptions

INTERVIEW_FORMATS = ("pdf", "html", "docx", "md")
"""The formats :func:`render_interview` writes."""


def render_interview(sheet: InterviewSheet, fmt: str) -> bytes:
    """Render the sheet as ``pdf``, ``html``, ``docx`` or ``md``.

    Raises:
        UserError: for an unknown format.
        TemplateError: when the HTML template is broken.
        RenderError: when WeasyPrint or python-docx fails.
    """
    if fmt == "md":
        return interview_markdown(sheet).encode()
    if fmt == "docx":
        return interview_docx(sheet)
    if fmt in ("html", "pdf"):
        html = interview_html(sheet)
        if fmt == "html":
            return html.encode()
        from toolkit.formats.pdf import render_pdf

        return render_pdf(html, sheet.meta)
    raise UserError(
        f"unknown interview sheet format '{fmt}'; formats: {', '.join(INTERVIEW_FORMATS)}"
    )


def interview_html(sheet: InterviewSheet) -> str:
    """The sheet as a standalone HTML page, styled by its theme."""
    from toolkit.formats.html import render_template

    return render_template(
        "interview.html.j2",
        sheet.to_data(),
        theme=sheet.theme,
        options=ThemeOptions(),
        lang=sheet.lang,
        page_size=sheet.page_size,
    )


# --- Markdown --------------------------------------------------------------------------------


def _md_question(n: int, q: SheetQuestion, with_tips: bool) -> list[str]:
    from toolkit.formats.text import md_escape as e

    skills = e(", ".join(q.skills))
    out = [
        f"## {n}. {e(q.text)}",
        "",
        f"*{e(q.kind.capitalize())}* · {skills} · chosen because it {e(q.reason_chosen)}",
        "",
        f"**Why they ask:** {e(q.why)}",
        "",
        f"**What a strong answer shows:** {e(q.strong_answer)}",
        "",
    ]
    if with_tips and q.tips:
        out += ["**Tips:**", "", *(f"- {e(tip)}" for tip in q.tips), ""]
    out.append("**Your answer (STAR)**")
    out.append("")
    star = q.star
    if star.example:
        line = f"From your profile: {e(star.example.where)}"
        line += "".join(f". Also fits: “{e(o.text)}” ({e(o.where)})" for o in star.others)
        out += [line, ""]
    elif star.note:
        out += [f"*{e(star.note)}*", ""]
    for step in star.steps:
        out.append(f"- **{e(step.label)}:** {e(step.prompt)}")
        if step.seed:
            out.append(f"  > {e(step.seed)}")
        out.append("  " + "\n  ".join(["_" * 60] * step.note_lines))
    out.append("")
    return out


def interview_markdown(sheet: InterviewSheet) -> str:
    """The sheet as Markdown (tips only in the tips variant); every text is escaped."""
    from toolkit.formats.text import md_escape as e

    out = [f"# {e(sheet.heading)}", "", f"**{e(sheet.person.name)}**"]
    if sheet.person.headline:
        out[-1] += f" — {e(sheet.person.headline)}"
    count = len(sheet.questions)
    out += [
        "",
        f"{e(sheet.role)}, level *{e(sheet.level)}*: {count} questions to practise aloud.",
        "",
    ]
    for n, q in enumerate(sheet.questions, 1):
        out += _md_question(n, q, sheet.with_tips)
    if sheet.questions_to_ask:
        out += ["## Questions to ask them", ""]
        for n, a in enumerate(sheet.questions_to_ask, 1):
            out += [f"{n}. {e(a.text)}", f"   *{e(a.why)}*"]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


# --- DOCX ------------------------------------------------------------------------------------


def interview_docx(sheet: InterviewSheet) -> bytes:
    """The sheet as a Word document (same bytes for the same sheet).

    Raises:
        RenderError: when python-docx refuses the content.
    """

    from toolkit.formats.docx import build_docx

    return build_docx(lambda document: _DocxWriter(document, sheet).write(), sheet.meta)


def add_paragraph(document: Any, text: str = "", style: str | None = None) -> Any:
    from toolkit.formats.docx import add_paragraph as add

    return add(document, text, style)


class _DocxWriter:
    """Writes one sheet into a fresh python-docx document."""

    def __init__(self, document: Any, sheet: InterviewSheet) -> None:
        self.doc = document
        self.sheet = sheet

    def write(self) -> None:
        from docx.shared import Inches, Mm, Pt

        section = self.doc.sections[0]
        if self.sheet.page_size == "letter":
            section.page_width, section.page_height = Inches(8.5), Inches(11)
        else:
            section.page_width, section.page_height = Mm(210), Mm(297)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Mm(18))
        normal = self.doc.styles["Normal"]
        normal.font.name = "Liberation Sans"
        normal.font.size = Pt(10.5)
        normal.paragraph_format.space_after = Pt(3)

        sheet = self.sheet
        add_paragraph(self.doc, sheet.person.name, style="Title")
        add_paragraph(self.doc, sheet.heading, style="Subtitle")
        if sheet.person.headline:
            add_paragraph(self.doc, sheet.person.headline)
        add_paragraph(
            self.doc,
            f"{sheet.role}, level {sheet.level}: {len(sheet.questions)} questions to practise "
            "aloud. Write your answer in the spaces, then say it in under two minutes.",
        )
        for n, q in enumerate(sheet.questions, 1):
            self.question(n, q)
        if sheet.questions_to_ask:
            add_paragraph(self.doc, "Questions to ask them", style="Heading 1")
            for a in sheet.questions_to_ask:
                paragraph = add_paragraph(self.doc, style="List Number")
                paragraph.add_run(a.text)
                paragraph.add_run(" — " + a.why).italic = True

    def labelled(self, label: str, text: str) -> Any:
        paragraph = add_paragraph(self.doc)
        paragraph.add_run(label + " ").bold = True
        paragraph.add_run(text)
        paragraph.paragraph_format.keep_with_next = True
        return paragraph

    def note_lines(self, count: int) -> None:
        from toolkit.formats.docx import _border

        for _ in range(count):
            paragraph = add_paragraph(self.doc)
            ppr = paragraph._p.get_or_add_pPr()
            _border(ppr, 0.5, "999999", 1)
            paragraph.paragraph_format.keep_with_next = True

    def question(self, n: int, q: SheetQuestion) -> None:
        heading = add_paragraph(self.doc, f"{n}. {q.text}", style="Heading 1")
        heading.paragraph_format.page_break_before = False
        meta = add_paragraph(self.doc)
        meta.add_run(
            f"{q.kind.capitalize()} · {', '.join(q.skills)} · chosen because it {q.reason_chosen}"
        ).italic = True
        meta.paragraph_format.keep_with_next = True
        self.labelled("Why they ask:", q.why)
        self.labelled("What a strong answer shows:", q.strong_answer)
        if self.sheet.with_tips and q.tips:
            self.labelled("Tips:", "")
            for tip in q.tips:
                add_paragraph(
                    self.doc, tip, style="List Bullet"
                ).paragraph_format.keep_with_next = True
        star = q.star
        self.labelled("Your answer (STAR)", "")
        if star.example:
            others = "".join(f". Also fits: “{o.text}” ({o.where})" for o in star.others)
            add_paragraph(
                self.doc, f"From your profile: {star.example.where}{others}"
            ).paragraph_format.keep_with_next = True
        elif star.note:
            add_paragraph(self.doc).add_run(star.note).italic = True
        for step in star.steps:
            self.labelled(f"{step.label}:", step.prompt)
            if step.seed:
                seed = add_paragraph(self.doc)
                seed.add_run(f"“{step.seed}”").italic = True
                seed.paragraph_format.keep_with_next = True
            self.note_lines(step.note_lines)
        # the question is kept on one page; it need not be kept with the next one
        self.doc.paragraphs[-1].paragraph_format.keep_with_next = False
