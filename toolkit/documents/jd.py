"""The job description as a document: its sections in order, its facts and its metadata.

Every format follows one order of sections (:func:`jd_sections`); the HTML carries the
schema.org ``JobPosting`` JSON-LD. The organization is the document's author, the posting
date dates it, and its words are US English.

What is built is what applicants read: a pay range still marked as the role pack's estimate
and a drafting note are left out (:func:`toolkit.jd.publish.published_pay`), and building
warns about every placeholder, a missing location or how to apply
(:func:`toolkit.jd.publish.warn_unpublishable`), so nothing of a draft is published silently.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar

from toolkit.documents.context import Document, Meta
from toolkit.documents.page import REPORT_THEME, Request
from toolkit.jd.jsonld import (
    all_benefits,
    job_location,
    jobposting_jsonld,
    jobschema_json,
    pay_text,
)
from toolkit.jd.publish import published_pay, warn_unpublishable
from toolkit.models.common import Model, date_start, link_href
from toolkit.models.jd import JobDescription

DEFAULT_THEME = REPORT_THEME
"""A job description's theme unless the options name another."""

KEEP_ITEMS = 8
"""A section with at most this many list items (and one paragraph) is kept on one page."""

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
    """A short emphasised remark for applicants (never a drafting note)."""

    @property
    def keep(self) -> bool:
        """Whether the section is short enough to keep whole on one page (its list never
        leaves one item alone on the next page)."""
        return len(self.items) <= KEEP_ITEMS and len(self.paragraphs) <= 1

    def to_data(self) -> dict[str, Any]:
        """The section as plain data."""
        return {
            "id": self.id,
            "title": self.title,
            "paragraphs": list(self.paragraphs),
            "items": list(self.items),
            "note": self.note,
            "keep": self.keep,
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
    # as the qualifications: required and preferred under their own headings, so no item
    # repeats "Required:" or "Preferred:"
    if jd.credentials_required:
        out.append(
            JDSection(
                "credentials-required",
                "Required credentials",
                items=list(jd.credentials_required),
            )
        )
    if jd.credentials_preferred:
        out.append(
            JDSection(
                "credentials-preferred",
                "Preferred credentials",
                items=list(jd.credentials_preferred),
            )
        )
    if jd.systems:
        out.append(JDSection("systems", "Systems", items=list(jd.systems)))
    if jd.physical_demands:
        out.append(JDSection("physical", "Physical demands", items=list(jd.physical_demands)))
    if jd.schedule:
        out.append(JDSection("schedule", "Schedule", paragraphs=[jd.schedule]))
    pay = published_pay(jd)
    if pay is not None and pay_text(pay):
        paragraphs = [pay_text(pay)]
        if pay.note:
            paragraphs.append(pay.note)
        out.append(JDSection("pay", "Pay", paragraphs=paragraphs))
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


def jd_date(jd: JobDescription, today: date) -> date:
    """The document date: the posting date when the job description has one."""
    return date_start(jd.date_posted) if jd.date_posted else today


def jd_data(jd: JobDescription, meta: Meta) -> dict[str, Any]:
    """Plain data for templates (HTML and Word letterheads) describing the job."""
    org = jd.organization
    pay = published_pay(jd)
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
        "pay": pay_text(pay) if pay else None,
        "pay_estimate": False,  # an estimate is never published (kept for letterheads)
        "pay_note": pay.note if pay else None,
        "benefits": all_benefits(jd),
        "how_to_apply": jd.how_to_apply,
        "eeo_statement": eeo,
        "accommodation_statement": accommodation,
        "date_posted": jd.date_posted,
        "closing_date": jd.closing_date,
        "occupational_category": jd.occupational_category,
        "sections": sections,
    }


@dataclass(frozen=True)
class JobDescriptionDoc(Document):
    """A job description, ready for every format."""

    jd: JobDescription | None = None
    sections: tuple[JDSection, ...] = ()
    facts: tuple[str, ...] = ()
    jsonld: dict[str, Any] = field(default_factory=dict)
    """The schema.org JobPosting, as data (the HTML writes it into a script element)."""
    kind: ClassVar[str] = "jd"

    @property
    def job(self) -> JobDescription:
        assert self.jd is not None, "a job description document is built with its job"
        return self.jd

    def to_data(self) -> dict[str, Any]:
        """What templates (HTML and Word letterheads) receive."""
        return {**jd_data(self.job, self.meta), "theme": self.theme, "jsonld": self.jsonld}

    def to_json(self) -> dict[str, Any]:
        """The job in the job-schema JSON shape."""
        return jobschema_json(self.job)


class JobDescriptionOptions(Model):
    """A job description has no options of its own (the page's options set its look)."""


def jd_context(
    request: Request[JobDescription], options: JobDescriptionOptions
) -> JobDescriptionDoc:
    """The job description's document from a prepared request; every placeholder, a missing
    location or how to apply, and what is left out of a draft's pay is logged as a warning."""
    jd = request.subject
    warn_unpublishable(jd)
    day = jd_date(jd, request.when)
    meta = Meta(
        title=f"{jd.title} — {jd.organization.name}",
        author=jd.organization.name,
        lang=request.page.lang,
        date=day.isoformat(),
        subject=f"Job description: {jd.title}",
        keywords=tuple(jd.systems[:8]),
    )
    return JobDescriptionDoc(
        dataclasses.replace(request.page, meta=meta),
        jd=jd,
        sections=tuple(jd_sections(jd)),
        facts=tuple(jd_facts(jd)),
        jsonld=jobposting_jsonld(jd, today=request.when),
    )
