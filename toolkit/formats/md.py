"""Markdown (CommonMark), for pasting into forms and sites that take it: every kind.

Every text from a profile or a posting is escaped, so nothing in it becomes a link, an
image or HTML. Each kind has its writer in :data:`WRITERS`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from toolkit.documents.context import Document, DocumentContext
from toolkit.formats.settings import Settings
from toolkit.formats.text import (
    _compact_line,
    _inline,
    _md_url,
    _when_where,
    md_escape,
)
from toolkit.formats.text import md_escape as e

if TYPE_CHECKING:  # each kind's module loads when that kind is made, not with this writer
    from toolkit.documents.gap import GapReport
    from toolkit.documents.interview import InterviewSheet, SheetQuestion
    from toolkit.documents.jd import JobDescriptionDoc
    from toolkit.documents.letter import LetterContext
    from toolkit.documents.match import MatchReport

# --- the resume -----------------------------------------------------------------------------------


def _md_emph(text: str, terms: tuple[str, ...]) -> str:
    """Escaped Markdown with each of ``terms`` in bold where it occurs as words."""
    out = md_escape(text)
    for term in sorted(terms, key=len, reverse=True):
        out = re.sub(
            r"(?<![\w*])(" + re.escape(md_escape(term)) + r")(?![\w*])",
            r"**\1**",
            out,
            flags=re.IGNORECASE,
        )
    return out


def resume_markdown(ctx: DocumentContext) -> str:
    """The document as Markdown (CommonMark), with links kept."""
    out: list[str] = [f"# {md_escape(ctx.person.name)}", ""]
    if ctx.person.headline:
        out += [md_escape(ctx.person.headline), ""]
    if ctx.person.contacts:
        contacts = [
            f"[{md_escape(c.text)}]({_md_url(c.href)})"
            if c.href and c.kind not in ("phone",)
            else md_escape(c.text)
            for c in ctx.person.contacts
        ]
        out += [" · ".join(contacts), ""]
    for section in ctx.sections:
        out += [f"## {md_escape(section.title)}", ""]
        if section.layout == "text" and section.text:
            out += [_md_emph(section.text, ctx.emphasis), ""]
        elif section.layout == "entries":
            for item in section.items:
                title = (
                    f"[{md_escape(item.title)}]({_md_url(item.url)})"
                    if item.url
                    else md_escape(item.title)
                )
                head = title + (
                    f"{ctx.page.comma}{md_escape(item.subtitle)}" if item.subtitle else ""
                )
                out += [f"### {head}", ""]
                when = _when_where(item)
                if when:
                    out += [f"*{md_escape(when)}*", ""]
                if item.details:
                    out += [md_escape(" · ".join(item.details)), ""]
                if item.summary:
                    out += [md_escape(item.summary), ""]
                if item.bullets:
                    out += [f"- {_md_emph(b, ctx.emphasis)}" for b in item.bullets] + [""]
                if item.keywords:
                    out += [md_escape(", ".join(item.keywords)), ""]
        elif section.layout == "compact":
            out += [f"- {md_escape(_compact_line(i, ctx.page.comma))}" for i in section.items]
            out += [""]
        elif section.layout == "skills":
            for item in section.items:
                head = md_escape(item.title) + (
                    f" ({md_escape(item.subtitle)})" if item.subtitle else ""
                )
                tail = f": {md_escape(', '.join(item.keywords))}" if item.keywords else ""
                out.append(f"- **{head}**{tail}")
            out.append("")
        elif section.layout == "inline":
            out += [md_escape(_inline(section)), ""]
    return "\n".join(out).rstrip("\n") + "\n"


# --- the cover letter -----------------------------------------------------------------------------


def letter_markdown(ctx: LetterContext) -> str:
    """The letter in Markdown: the name as a heading, then the letter as paragraphs."""
    out = [f"# {md_escape(ctx.person.name)}", ""]
    if ctx.person.headline:
        out += [md_escape(ctx.person.headline), ""]
    if ctx.person.contacts:
        out += [md_escape(ctx.page.contact_line), ""]
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


# --- the interview practice sheet -----------------------------------------------------------------


def _md_question(n: int, q: SheetQuestion, with_tips: bool) -> list[str]:
    skills = e(", ".join(q.skills))
    out = [
        f"## {n}. {e(q.text)}",
        "",
        f"*{e(q.kind.capitalize())}* · {skills}",
        "",
        e(q.reason or f"Chosen because it {q.reason_chosen}."),
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
    out += ["", "Your answer:", "", *(["_" * 60 + "  "] * star.answer_lines)]
    out.append("")
    return out


def interview_markdown(sheet: InterviewSheet) -> str:
    """The sheet as Markdown (tips only in the tips variant); every text is escaped."""
    out = [f"# {e(sheet.heading)}", "", f"**{e(sheet.person.name)}**"]
    if sheet.person.headline:
        out[-1] += f" — {e(sheet.person.headline)}"
    count = len(sheet.questions)
    out += [
        "",
        f"{e(sheet.role)}, level *{e(sheet.level)}*"
        + (f" ({e(sheet.level_basis)})" if sheet.level_basis else "")
        + f": {count} questions to practise aloud.",
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


# --- reports --------------------------------------------------------------------------------------


def _cell(text: str) -> str:
    """Text for one table cell: escaped (``|`` included), on one line."""
    return md_escape(" ".join(text.split())) or "—"


def gap_markdown(report: GapReport) -> str:
    """The gap report as Markdown."""
    out = [
        f"# {e(report.person.name)}: readiness for {e(report.level)}",
        "",
        f"{e(report.role)}, level *{e(report.level)}* ({e(report.level_years)}).",
        "",
        f"**Readiness {report.score}/100 ({report.verdict})** — skills {report.parts['skills']}%, "
        f"credentials {report.parts['credentials']}%, experience {report.parts['experience']}%; "
        f"{report.counts['met']} met, {report.counts['partial']} partial, "
        f"{report.counts['missing']} missing.",
        "",
        "## Next steps",
        "",
    ]
    out += [f"{n}. **{e(s.title)}.** {e(s.detail)}" for n, s in enumerate(report.next_steps, 1)]
    out += ["", "## Credentials", ""]
    if report.credentials:
        out += ["| credential | need | status | in your profile |", "|---|---|---|---|"]
        for c in report.credentials:
            out.append(f"| {_cell(c.name)} | {c.need} | {c.status} | {_cell(c.shown)} |")
    else:
        out.append("This level asks for no credential.")
    out += ["", "## Skills and systems", "", "| skill | status | evidence |", "|---|---|---|"]
    for s in (*report.skills, report.experience):
        out.append(f"| {_cell(s.name)} | {s.status} | {_cell(s.shown)} |")
    if report.attribution:
        out += ["", "---", "", *(e(a) for a in report.attribution)]
    return "\n".join(out) + "\n"


def match_markdown(report: MatchReport) -> str:
    """The match report as Markdown: each evidence cell as the HTML shows it."""
    person = report.person.name
    data = report.result.to_data()
    job = data["job"]
    head = " at ".join(filter(None, [job.get("title"), job.get("employer")])) or "the posting"
    c = data["counts"]
    out = [
        f"# {e(person)}: match with {e(head)}",
        "",
        f"**Match {data['score']}/100** — {c['met']} met, {c['partial']} partial, "
        f"{c['missing']} missing.",
        "",
    ]
    groups = report.groups()
    for title, key in (("Required", "required"), ("Preferred", "preferred"), ("Duties", "duties")):
        if not groups[key]:
            continue
        out += [
            f"## {title}",
            "",
            "| the posting asks | status | in your profile |",
            "|---|---|---|",
        ]
        for i in groups[key]:
            shown = f"{i['shown']} — {i['note']}" if i["shown"] else i["note"]
            out.append(f"| {_cell(i['requirement']['text'])} | {i['status']} | {_cell(shown)} |")
        out.append("")
    return "\n".join(out)


# --- the job description --------------------------------------------------------------------------
# (its own, older escaping: a line is kept from being read as markup or HTML)

_ORDERED = re.compile(r"^\d+[.)](\s|$)")


def _jd_escape(text: str) -> str:
    """Keep a line from being read as Markdown markup or HTML."""
    text = text.replace("\\", "\\\\").replace("<", "&lt;")
    for ch in "*_`[]":
        text = text.replace(ch, "\\" + ch)
    if text[:1] in ("#", ">", "+", "-") or _ORDERED.match(text):
        text = "\\" + text
    return text


def jd_markdown(doc: JobDescriptionDoc) -> str:
    """The job description as Markdown."""
    jd = doc.job
    out = [f"# {_jd_escape(jd.title)}", "", f"**{_jd_escape(jd.organization.name)}**"]
    facts = doc.facts
    if facts:
        out[-1] += " · " + " · ".join(_jd_escape(f) for f in facts)
    out.append("")
    for section in doc.sections:
        out += [f"## {section.title}", ""]
        if section.note:
            out += [f"*{section.note}*", ""]
        for paragraph in section.paragraphs:
            out += [_jd_escape(paragraph), ""]
        if section.items:
            out += [f"- {_jd_escape(item)}" for item in section.items]
            out.append("")
    return "\n".join(out).rstrip() + "\n"


WRITERS: dict[str, Callable[[Any], str]] = {
    "resume": resume_markdown,
    "letter": letter_markdown,
    "interview": interview_markdown,
    "gap": gap_markdown,
    "match": match_markdown,
    "jd": jd_markdown,
}
"""The Markdown writer of each kind that comes in Markdown."""


def render(doc: Document, settings: Settings) -> bytes:
    """``doc`` as Markdown, in UTF-8."""
    return WRITERS[doc.kind](doc).encode()
