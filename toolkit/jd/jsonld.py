"""A job description as structured data: schema.org ``JobPosting`` and the JSON Resume job form.

:func:`jobposting_jsonld` gives the JSON-LD that search engines read from a careers page
(Google's job search asks for ``title``, ``description``, ``datePosted``,
``hiringOrganization`` and a location); :func:`check_jsonld` lists what is missing, offline.
:func:`jobschema_json` gives the same job in JSON Resume's ``job-schema`` form. Both carry
the pay a built job description shows (:func:`~toolkit.jd.publish.published_pay`): never a
range still marked as an estimate.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from html import escape
from typing import Any

from toolkit.jd.publish import published_pay
from toolkit.models.common import date_end, date_start, link_href
from toolkit.models.jd import JobDescription, PayRange
from toolkit.models.profile import Location

EMPLOYMENT_TYPES = {
    "full-time": "FULL_TIME",
    "part-time": "PART_TIME",
    "contract": "CONTRACTOR",
    "temporary": "TEMPORARY",
    "per-diem": "PER_DIEM",
    "internship": "INTERN",
}
"""Our employment types as schema.org / Google ``employmentType`` values."""

UNIT_TEXT = {"year": "YEAR", "month": "MONTH", "week": "WEEK", "day": "DAY", "hour": "HOUR"}
"""Pay periods as ``QuantitativeValue.unitText`` values."""

_COUNTRIES = {
    "US": "United States",
    "CA": "Canada",
    "GB": "United Kingdom",
    "IE": "Ireland",
    "AU": "Australia",
    "NZ": "New Zealand",
    "IN": "India",
    "PH": "Philippines",
    "DE": "Germany",
    "FR": "France",
}
_COUNTRY_NAMES = (
    {n.casefold() for n in _COUNTRIES.values()}
    | {c.casefold() for c in _COUNTRIES}
    | {"usa", "united states of america", "uk", "england", "scotland", "wales"}
)

_JOB_TYPES = {
    "full-time": "Full-time",
    "part-time": "Part-time",
    "contract": "Contract",
    "temporary": "Temporary",
    "per-diem": "Per diem",
    "internship": "Internship",
}
_REMOTE = {"remote": "Full", "hybrid": "Hybrid", "on-site": "None"}
_PERIOD_WORDS = {
    "year": "a year",
    "month": "a month",
    "week": "a week",
    "day": "a day",
    "hour": "an hour",
}


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def pay_text(pay: PayRange) -> str:
    """``$38,500-$52,000 a year`` with an en dash (``EUR 38,500-52,000`` in other currencies)."""

    def amount(value: float) -> str:
        text = f"{_number(value):,}" if float(value).is_integer() else f"{value:,.2f}"
        return f"${text}" if pay.currency == "USD" else text

    if pay.min is not None and pay.max is not None and pay.min != pay.max:
        figure = f"{amount(pay.min)}\u2013{amount(pay.max)}"
    elif pay.min is not None:
        figure = amount(pay.min) if pay.max is not None else f"from {amount(pay.min)}"
    elif pay.max is not None:
        figure = f"up to {amount(pay.max)}"
    else:
        return ""
    prefix = "" if pay.currency == "USD" else f"{pay.currency} "
    return f"{prefix}{figure} {_PERIOD_WORDS[pay.period]}"


def job_location(jd: JobDescription) -> Location | None:
    """Where the job is: its own location, else the organization's."""
    return jd.location or jd.organization.location


def _description_html(jd: JobDescription) -> str:
    """The job as simple HTML, the form ``JobPosting.description`` expects."""
    out = [f"<p>{escape(jd.summary)}</p>"]

    def block(heading: str, items: list[str]) -> None:
        if items:
            lis = "".join(f"<li>{escape(i)}</li>" for i in items)
            out.append(f"<h3>{escape(heading)}</h3><ul>{lis}</ul>")

    block("Responsibilities", jd.responsibilities)
    block("Required qualifications", jd.required_qualifications)
    block("Preferred qualifications", jd.preferred_qualifications)
    if jd.education:
        out.append(f"<h3>Education</h3><p>{escape(jd.education)}</p>")
    block(
        "Credentials",
        [*jd.credentials_required, *(f"{c} (preferred)" for c in jd.credentials_preferred)],
    )
    block("Systems", jd.systems)
    block("Physical demands", jd.physical_demands)
    if jd.schedule:
        out.append(f"<h3>Schedule</h3><p>{escape(jd.schedule)}</p>")
    block("Benefits", all_benefits(jd))
    if jd.how_to_apply:
        out.append(f"<h3>How to apply</h3><p>{escape(jd.how_to_apply)}</p>")
    eeo = jd.eeo_statement or jd.organization.eeo_statement
    if eeo:
        out.append(f"<p>{escape(eeo)}</p>")
    return "".join(out)


def all_benefits(jd: JobDescription) -> list[str]:
    """The job's benefits, then the organization's, without repeats."""
    return list(dict.fromkeys([*jd.benefits, *jd.organization.benefits]))


def _address(location: Location) -> dict[str, Any]:
    address: dict[str, Any] = {"@type": "PostalAddress"}
    for key, value in (
        ("streetAddress", location.address),
        ("addressLocality", location.city),
        ("addressRegion", location.region),
        ("postalCode", location.postal_code),
        ("addressCountry", location.country_code),
    ):
        if value:
            address[key] = value
    return address


def _applicant_regions(jd: JobDescription) -> list[dict[str, str]]:
    regions = [
        {"@type": "Country" if r.casefold() in _COUNTRY_NAMES else "State", "name": r}
        for r in jd.remote_regions
    ]
    if not regions:
        location = job_location(jd)
        if location and location.country_code:
            name = _COUNTRIES.get(location.country_code, location.country_code)
            regions = [{"@type": "Country", "name": name}]
    return regions


def _salary(pay: PayRange) -> dict[str, Any] | None:
    value: dict[str, Any] = {"@type": "QuantitativeValue", "unitText": UNIT_TEXT[pay.period]}
    if pay.min is not None and pay.max is not None and pay.min != pay.max:
        value["minValue"] = _number(pay.min)
        value["maxValue"] = _number(pay.max)
    elif pay.min is not None or pay.max is not None:
        only = pay.min if pay.min is not None else pay.max
        assert only is not None
        value["value"] = _number(only)
    else:
        return None
    return {"@type": "MonetaryAmount", "currency": pay.currency, "value": value}


def jobposting_jsonld(jd: JobDescription, *, today: date | None = None) -> dict[str, Any]:
    """The job as a schema.org ``JobPosting`` (JSON-LD, plain data).

    Args:
        jd: the job description.
        today: ``datePosted`` when the job description has no ``date_posted``.
    """
    org = jd.organization
    hiring: dict[str, Any] = {"@type": "Organization", "name": org.name}
    if org.url:
        hiring["sameAs"] = link_href(org.url)
    if org.logo:
        hiring["logo"] = link_href(org.logo)
    posted = date_start(jd.date_posted) if jd.date_posted else (today or date.today())
    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": jd.title,
        "description": _description_html(jd),
        "datePosted": posted.isoformat(),
    }
    if jd.closing_date:
        data["validThrough"] = date_end(jd.closing_date).isoformat() + "T23:59:59"
    data["hiringOrganization"] = hiring
    location = job_location(jd)
    if jd.work_mode == "remote":
        data["jobLocationType"] = "TELECOMMUTE"
        regions = _applicant_regions(jd)
        if regions:
            data["applicantLocationRequirements"] = regions
    elif location is not None:
        data["jobLocation"] = {"@type": "Place", "address": _address(location)}
    data["employmentType"] = EMPLOYMENT_TYPES[jd.employment_type]
    pay = published_pay(jd)  # never the role pack's estimate
    if pay:
        salary = _salary(pay)
        if salary:
            data["baseSalary"] = salary
    if jd.occupational_category:
        data["occupationalCategory"] = jd.occupational_category
    if jd.occupational_category and jd.occupational_category[:2] in ("29", "31"):
        data["industry"] = "Health care"
    if jd.department:
        data["employmentUnit"] = {"@type": "Organization", "name": jd.department}
    if jd.required_qualifications:
        data["qualifications"] = "\n".join(jd.required_qualifications)
    data["responsibilities"] = "\n".join(jd.responsibilities)
    if jd.education:
        data["educationRequirements"] = jd.education
    if jd.years_experience:
        data["experienceRequirements"] = {
            "@type": "OccupationalExperienceRequirements",
            "monthsOfExperience": jd.years_experience * 12,
        }
    skills = [*jd.systems, *jd.credentials_required]
    if skills:
        data["skills"] = ", ".join(skills)
    benefits = all_benefits(jd)
    if benefits:
        data["jobBenefits"] = "\n".join(benefits)
    if jd.physical_demands:
        data["physicalRequirement"] = "\n".join(jd.physical_demands)
    data["directApply"] = False
    return data


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def check_jsonld(data: Mapping[str, Any]) -> list[str]:
    """The problems of a ``JobPosting`` against Google's required properties (no network).

    Returns:
        One sentence per problem; empty when the posting has everything required.
    """
    problems: list[str] = []
    if data.get("@type") != "JobPosting":
        problems.append("@type is not JobPosting")
    for key in ("title", "description", "datePosted"):
        if not _text(data.get(key)):
            problems.append(f"{key} is missing")
    if _text(data.get("datePosted")):
        try:
            date.fromisoformat(str(data["datePosted"])[:10])
        except ValueError:
            problems.append("datePosted is not an ISO 8601 date")
    hiring = data.get("hiringOrganization")
    if not isinstance(hiring, Mapping) or not _text(hiring.get("name")):
        problems.append("hiringOrganization.name is missing")
    remote = data.get("jobLocationType") == "TELECOMMUTE"
    location = data.get("jobLocation")
    places = location if isinstance(location, list) else [location] if location else []
    has_place = any(
        isinstance(p, Mapping)
        and isinstance(p.get("address"), Mapping)
        and any(
            _text(p["address"].get(k))
            for k in ("streetAddress", "addressLocality", "addressRegion", "addressCountry")
        )
        for p in places
    )
    regions = data.get("applicantLocationRequirements")
    has_regions = isinstance(regions, list) and any(
        isinstance(r, Mapping) and _text(r.get("name")) for r in regions
    )
    if places and not has_place:
        problems.append("jobLocation has no address")
    if not has_place and not remote:
        problems.append(
            "jobLocation is missing (give an address, or mark the job remote with "
            "jobLocationType TELECOMMUTE)"
        )
    if remote and not has_place and not has_regions:
        problems.append(
            "applicantLocationRequirements is missing: a remote job must say which "
            "countries or states it hires in"
        )
    salary = data.get("baseSalary")
    if salary is not None and not (
        isinstance(salary, Mapping)
        and _text(salary.get("currency"))
        and isinstance(salary.get("value"), Mapping)
    ):
        problems.append("baseSalary needs a currency and a value")
    return problems


def jobschema_json(jd: JobDescription) -> dict[str, Any]:
    """The job in JSON Resume's ``job-schema`` form (plain data)."""
    data: dict[str, Any] = {
        "title": jd.title,
        "company": jd.organization.name,
        "type": _JOB_TYPES[jd.employment_type],
    }
    if jd.date_posted:
        data["date"] = jd.date_posted
    data["description"] = jd.summary
    location = job_location(jd)
    if location:
        loc = {
            key: value
            for key, value in (
                ("address", location.address),
                ("postalCode", location.postal_code),
                ("city", location.city),
                ("countryCode", location.country_code),
                ("region", location.region),
            )
            if value
        }
        if loc:
            data["location"] = loc
    data["remote"] = _REMOTE[jd.work_mode]
    pay = published_pay(jd)
    if pay:
        text = pay_text(pay)
        if text:
            data["salary"] = text
    experience = []
    if jd.level:
        experience.append(jd.level.replace("-", " ").capitalize())
    if jd.years_experience is not None:
        experience.append(f"{jd.years_experience}+ years")
    if experience:
        data["experience"] = ", ".join(experience)
    data["responsibilities"] = list(jd.responsibilities)
    qualifications = [
        *jd.required_qualifications,
        *(f"Preferred: {q}" for q in jd.preferred_qualifications),
    ]
    if jd.education:
        qualifications.append(f"Education: {jd.education}")
    if qualifications:
        data["qualifications"] = qualifications
    skills: list[dict[str, Any]] = []
    if jd.systems:
        skills.append({"name": "Systems", "level": "Working knowledge", "keywords": jd.systems})
    if jd.credentials_required:
        skills.append(
            {"name": "Credentials", "level": "Required", "keywords": jd.credentials_required}
        )
    if jd.credentials_preferred:
        skills.append(
            {"name": "Credentials", "level": "Preferred", "keywords": jd.credentials_preferred}
        )
    if skills:
        data["skills"] = skills
    meta: dict[str, Any] = {"version": "v1.0.0"}
    if jd.date_posted and len(jd.date_posted) == 10:
        meta["lastModified"] = f"{jd.date_posted}T00:00:00"
    if jd.occupational_category:
        meta["occupationalCategory"] = jd.occupational_category
    data["meta"] = meta
    return data
