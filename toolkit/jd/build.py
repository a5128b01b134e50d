"""A job description rendered as HTML, PDF, DOCX, Markdown or JSON, or into a Word letterhead.

Every format follows one order of sections (:func:`jd_sections`). The HTML comes from
``templates/_base/jd.html.j2`` with the theme's stylesheet and carries the schema.org
``JobPosting`` JSON-LD in a ``<script type="application/ld+json">``; the PDF is laid out
from that HTML. The DOCX uses Word's own styles (``Title``, ``Subtitle``, ``Heading 1``,
``List Bullet``) and names the organization as its author, never a tool. A letterhead is
the organization's own ``.docx`` with Jinja placeholders, filled safely by
:func:`toolkit.formats.docx_template.render_docx_template`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import markupsafe

from toolkit.documents.context import Meta
from toolkit.errors import UserError
from toolkit.jd.jsonld import (
    all_benefits,
    job_location,
    jobposting_jsonld,
    jobschema_json,
    pay_text,
)
from toolkit.models.common import date_start, link_href
from toolkit.models.jd import JobDescription
from toolkit.models.options import ThemeOptions

if TYPE_CHECKING:
    from toolkit.documents.context import DocumentContext

JD_FORMATS = ("html", "pdf", "docx", "md", "json")
"""The formats :func:`render_jd` writes."""

LANG = "en-US"
PAGE_SIZE = "letter"
ESTIMATE_LABEL = "Estimate — to be adjusted"
_ORDERED = re.compile(r"^\d+[.)](\s|$)")

_WORK_MODES = {"on-site": "On-site", "hybrid": "Hybrid", "remote": "Remote"}
_EMPLOYMENT = {
    "full-time": "Full-time",
    "part-time": "Part-time",
    "contract": "Contract",
    "temporary": "Temporary",
    "per-diem": "Per diem",
    "internship": "Internship",
}


@dataclass(frozen=True)
class JDSection:
    """One section of a rendered job description."""

    id: str
    title: str
    paragraphs: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    note: str | None = None
    """A short emphasised remark, e.g. that the pay is an estimate."""

    def to_data(self) -> dict[str, Any]:
        """The section as plain data."""
        return {
            "id": self.id,
            "title": self.title,
            "paragraphs": list(self.paragraphs),
            "items": list(self.items),
            "note": self.note,
        }


def jd_facts(jd: JobDescription) -> list[str]:
    """The line under the title: place, work mode, employment type, department."""
    facts = []
    location = job_location(jd)
    if location and location.one_line():
        facts.append(location.one_line())
    mode = _WORK_MODES[jd.work_mode]
    if jd.work_mode == "remote" and jd.remote_regions:
        mode += f" ({', '.join(jd.remote_regions)})"
    facts += [mode, _EMPLOYMENT[jd.employment_type]]
    if jd.department:
        facts.append(jd.department)
    if jd.flsa_status:
        facts.append(jd.flsa_status.capitalize())
    return facts


def jd_sections(jd: JobDescription) -> list[JDSection]:
    """The sections in order, leaving out those with nothing to show."""
    org = jd.organization
    out: list[JDSection] = []
    if org.about:
        out.append(JDSection("about", "About us", paragraphs=[org.about]))
    out.append(JDSection("role", "The role", paragraphs=[jd.summary]))
    out.append(JDSection("responsibilities", "Responsibilities", items=list(jd.responsibilities)))
    if jd.required_qualifications:
        out.append(
            JDSection("required", "Required qualifications", items=list(jd.required_qualifications))
        )
    if jd.preferred_qualifications:
        out.append(
            JDSection(
                "preferred", "Preferred qualifications", items=list(jd.preferred_qualifications)
            )
        )
    experience: list[str] = []
    if jd.years_experience:
        plural = "year" if jd.years_experience == 1 else "years"
        experience.append(f"At least {jd.years_experience} {plural} of related experience.")
    elif jd.years_experience == 0:
        experience.append("No previous experience required; training is provided.")
    if jd.education or experience:
        out.append(
            JDSection(
                "education",
                "Education and experience",
                paragraphs=[jd.education] if jd.education else [],
                items=experience,
            )
        )
    credentials = [
        *(f"Required: {c}" for c in jd.credentials_required),
        *(f"Preferred: {c}" for c in jd.credentials_preferred),
    ]
    if credentials:
        out.append(JDSection("credentials", "Credentials", items=credentials))
    if jd.systems:
        out.append(JDSection("systems", "Systems", items=list(jd.systems)))
    if jd.physical_demands:
        out.append(JDSection("physical", "Physical demands", items=list(jd.physical_demands)))
    if jd.schedule:
        out.append(JDSection("schedule", "Schedule", paragraphs=[jd.schedule]))
    if jd.pay and pay_text(jd.pay):
        paragraphs = [pay_text(jd.pay)]
        if jd.pay.note:
            paragraphs.append(jd.pay.note)
        out.append(
            JDSection(
                "pay",
                "Pay",
                paragraphs=paragraphs,
                note=ESTIMATE_LABEL if jd.pay.estimate else None,
            )
        )
    benefits = all_benefits(jd)
    if benefits:
        out.append(JDSection("benefits", "Benefits", items=benefits))
    if jd.how_to_apply:
        out.append(JDSection("apply", "How to apply", paragraphs=[jd.how_to_apply]))
    eeo = [
        s
        for s in (
            jd.eeo_statement or org.eeo_statement,
            jd.accommodation_statement or org.accommodation_statement,
        )
        if s
    ]
    if eeo:
        out.append(JDSection("eeo", "EEO statement", paragraphs=eeo))
    return out


def jd_meta(jd: JobDescription, *, today: date | None = None) -> Meta:
    """Document metadata: the organization is the author; the posting date dates the file."""
    day = date_start(jd.date_posted) if jd.date_posted else (today or date.today())
    return Meta(
        title=f"{jd.title} — {jd.organization.name}",
        author=jd.organization.name,
        lang=LANG,
        date=day.isoformat(),
        subject=f"Job description: {jd.title}",
        keywords=tuple(jd.systems[:8]),
    )


def jsonld_script(data: dict[str, Any]) -> markupsafe.Markup:
    """JSON for a ``<script>`` element: ``</`` written ``<\\/`` and ``<!--`` broken up."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    text = text.replace("</", "<\\/").replace("<!--", "<\\u0021--")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return markupsafe.Markup(text)


def jd_data(jd: JobDescription, *, today: date | None = None) -> dict[str, Any]:
    """Plain data for templates (HTML and Word letterheads) describing the job."""
    org = jd.organization
    meta = jd_meta(jd, today=today)
    sections = [s.to_data() for s in jd_sections(jd)]
    location = job_location(jd)
    eeo = jd.eeo_statement or org.eeo_statement
    accommodation = jd.accommodation_statement or org.accommodation_statement
    return {
        "kind": "jd",
        "meta": {
            "title": meta.title,
            "author": meta.author,
            "lang": meta.lang,
            "date": meta.date,
            "subject": meta.subject,
        },
        "title": jd.title,
        "organization": {
            "name": org.name,
            "url": link_href(org.url) if org.url else None,
            "url_text": org.url,
            "logo": org.logo,
            "about": org.about,
        },
        "department": jd.department,
        "location": location.one_line() if location else None,
        "work_mode": _WORK_MODES[jd.work_mode],
        "employment_type": _EMPLOYMENT[jd.employment_type],
        "facts": jd_facts(jd),
        "summary": jd.summary,
        "responsibilities": list(jd.responsibilities),
        "required_qualifications": list(jd.required_qualifications),
        "preferred_qualifications": list(jd.preferred_qualifications),
        "education": jd.education,
        "years_experience": jd.years_experience,
        "credentials_required": list(jd.credentials_required),
        "credentials_preferred": list(jd.credentials_preferred),
        "systems": list(jd.systems),
        "physical_demands": list(jd.physical_demands),
        "schedule": jd.schedule,
        "pay": pay_text(jd.pay) if jd.pay else None,
        "pay_estimate": bool(jd.pay and jd.pay.estimate),
        "pay_note": jd.pay.note if jd.pay else None,
        "benefits": all_benefits(jd),
        "how_to_apply": jd.how_to_apply,
        "eeo_statement": eeo,
        "accommodation_statement": accommodation,
        "date_posted": jd.date_posted,
        "closing_date": jd.closing_date,
        "occupational_category": jd.occupational_category,
        "sections": sections,
    }


# --- formats ---------------------------------------------------------------------------------


def jd_html(jd: JobDescription, *, theme: str = "modern", today: date | None = None) -> str:
    """The job description as a standalone HTML page with its JSON-LD."""
    from toolkit.formats.html import render_template

    data = jd_data(jd, today=today)
    data["theme"] = theme
    data["jsonld"] = jsonld_script(jobposting_jsonld(jd, today=today))
    return render_template(
        "jd.html.j2",
        data,
        theme=theme,
        options=ThemeOptions(),
        lang=LANG,
        page_size=PAGE_SIZE,
    )


def _md_escape(text: str) -> str:
    """Keep a line from being read as Markdown markup or HTML."""
    text = text.replace("\\", "\\\\").replace("<", "&lt;")
    for ch in "*_`[]":
        text = text.replace(ch, "\\" + ch)
    if text[:1] in ("#", ">", "+", "-") or _ORDERED.match(text):
        text = "\\" + text
    return text


def jd_markdown(jd: JobDescription) -> str:
    """The job description as Markdown."""
    out = [f"# {_md_escape(jd.title)}", "", f"**{_md_escape(jd.organization.name)}**"]
    facts = jd_facts(jd)
    if facts:
        out[-1] += " · " + " · ".join(_md_escape(f) for f in facts)
    out.append("")
    for section in jd_sections(jd):
        out += [f"## {section.title}", ""]
        if section.note:
            out += [f"*{section.note}*", ""]
        for paragraph in section.paragraphs:
            out += [_md_escape(paragraph), ""]
        if section.items:
            out += [f"- {_md_escape(item)}" for item in section.items]
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def jd_docx(jd: JobDescription, *, today: date | None = None) -> bytes:
    """The job description as a Word document with Word's own styles.

    Raises:
        RenderError: when python-docx refuses the content.
    """
    from docx.shared import Inches

    from toolkit.formats.docx import add_paragraph, build_docx

    def fill(document: Any) -> None:
        section = document.sections[0]
        section.page_width, section.page_height = Inches(8.5), Inches(11)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Inches(0.8))
        add_paragraph(document, jd.title, style="Title")
        add_paragraph(document, " · ".join([jd.organization.name, *jd_facts(jd)]), style="Subtitle")
        for part in jd_sections(jd):
            add_paragraph(document, part.title, style="Heading 1")
            if part.note:
                add_paragraph(document).add_run(part.note).italic = True
            for paragraph in part.paragraphs:
                add_paragraph(document, paragraph)
            for item in part.items:
                add_paragraph(document, item, style="List Bullet")

    return build_docx(fill, jd_meta(jd, today=today))


@dataclass(frozen=True)
class JDTemplateContext:
    """What a Word letterhead receives: the job as plain data, and the file's metadata."""

    data: dict[str, Any]
    meta: Meta

    def to_data(self) -> dict[str, Any]:
        """The job as plain dicts, lists and strings (see :func:`jd_data`)."""
        return dict(self.data)


def jd_letterhead(
    jd: JobDescription, letterhead: Path | bytes, *, today: date | None = None
) -> bytes:
    """The job description filled into the organization's own Word letterhead.

    The letterhead sees :func:`jd_data`: ``title``, ``organization.name``, ``summary``,
    ``responsibilities`` (a list: ``{%p for r in responsibilities %}`` … ``{%p endfor %}``),
    ``sections`` and the rest, every value escaped.

    Raises:
        TemplateError: when the letterhead is unsafe, broken or uses a missing value.
    """
    from toolkit.formats.docx_template import render_docx_template

    ctx = JDTemplateContext(jd_data(jd, today=today), jd_meta(jd, today=today))
    # render_docx_template only calls ctx.to_data() and reads ctx.meta.
    return render_docx_template(letterhead, cast("DocumentContext", ctx))


def render_jd(
    jd: JobDescription,
    fmt: str,
    *,
    theme: str = "modern",
    letterhead: Path | None = None,
    today: date | None = None,
) -> bytes:
    """Render a job description as ``html``, ``pdf``, ``docx``, ``md`` or ``json``.

    Args:
        jd: the job description.
        fmt: one of :data:`JD_FORMATS`.
        theme: the HTML/PDF theme.
        letterhead: a ``.docx`` with Jinja placeholders to fill instead of the plain Word
            layout (``docx`` only).
        today: the date used when the job description has no ``date_posted``.

    Raises:
        UserError: for an unknown format, or a letterhead with a format other than docx.
        TemplateError: when a template or the letterhead is broken.
        RenderError: when WeasyPrint or python-docx fails.
    """
    if letterhead is not None and fmt != "docx":
        raise UserError("a letterhead is a Word file: use it with the docx format")
    if fmt == "json":
        return (json.dumps(jobschema_json(jd), indent=2, ensure_ascii=False) + "\n").encode()
    if fmt == "md":
        return jd_markdown(jd).encode()
    if fmt == "docx":
        if letterhead is not None:
            return jd_letterhead(jd, letterhead, today=today)
        return jd_docx(jd, today=today)
    if fmt in ("html", "pdf"):
        html = jd_html(jd, theme=theme, today=today)
        if fmt == "html":
            return html.encode()
        from toolkit.formats.pdf import render_pdf

        return render_pdf(html, jd_meta(jd, today=today))
    raise UserError(f"unknown job description format '{fmt}'; formats: {', '.join(JD_FORMATS)}")
