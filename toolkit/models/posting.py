"""A job posting, read from any of the shapes postings come in, and what it asks for."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from toolkit.models.common import Model
from toolkit.models.profile import Location

Importance = Literal["required", "preferred"]
RequirementKind = Literal[
    "credential",
    "education",
    "experience",
    "skill",
    "quality",
    "licence",
    "language",
    "condition",
    "qualification",
    "responsibility",
]
"""What a statement asks for. ``responsibility`` is a duty of the job (not asked of the
candidate); ``condition`` is another condition of employment (citizenship, a background check,
lifting, shifts); ``qualification`` is what fits none of the others."""
EmploymentType = Literal["full-time", "part-time", "contract", "temporary", "per-diem", "bank"]
FieldSource = Literal["structured", "label", "header", "sentence"]
"""Where a header field was read: the posting's structured data (JSON-LD, job-schema JSON), a
labelled line ("Location: Leeds, MA"), the lines above the posting's body, or a sentence."""
Category = Literal[
    "header",
    "company",
    "duty",
    "requirement",
    "benefit",
    "legal",
    "apply",
    "metadata",
    "other",
]
"""What a line or sentence of a posting is: see :class:`Segment`."""


class PayRange(Model):
    """Pay as the posting states it."""

    min: float | None = None
    max: float | None = None
    currency: str = "USD"
    period: Literal["year", "month", "week", "day", "hour"] | None = None
    text: str
    """The pay as written, e.g. "$48,000 - $55,000 per year"."""
    pro_rata: bool = False
    """The figures are for full-time hours and paid in proportion ("pro rata")."""


class Found(Model):
    """Where a header field was read, so a document can decide whether to use it."""

    source: FieldSource
    text: str
    """The text it was read from, as written (the label's line, the sentence …)."""
    line: int | None = None
    """1-based line in the posting text (None for structured data)."""


class Segment(Model):
    """One line or sentence of a posting and what it is.

    ``header`` (title, employer, place), ``company`` (about the organisation), ``duty``,
    ``requirement``, ``benefit`` (pay, benefits, schedule), ``legal`` (equal opportunity,
    privacy, accommodation), ``apply`` (how to apply, contacts), ``metadata`` (a job board's
    field: value lines), ``other``. Only duties and requirements feed matching.
    """

    text: str
    category: Category
    line: int
    section: str | None = None
    """The heading it stood under, as written."""


class Requirement(Model):
    """One thing the posting asks for (or, for responsibilities, one duty)."""

    id: str
    """``r1``, ``r2`` … in posting order."""
    text: str
    kind: RequirementKind
    importance: Importance
    section: str | None = None
    """The heading it stood under, as written."""
    line: int | None = None
    """1-based line in the posting text."""
    terms: list[str] = Field(default_factory=list)
    """Ids of the role pack's skills and systems it names."""
    keywords: list[str] = Field(default_factory=list)
    """The spellings found, as written in the posting."""
    credentials: list[list[str]] = Field(default_factory=list)
    """Credential ids it asks for; each inner list is a set of alternatives ("CCS or CPC")."""
    years: float | None = None
    """Years of experience asked for, when stated."""
    field: str | None = None
    """What the experience or education is in ("inpatient coding", "Health Information
    Management"), as written."""
    named: list[str] = Field(default_factory=list)
    """Credentials named, as written, the role pack's or not ("CHIM", "NVQ Level 3")."""
    all_of: bool = False
    """The credentials are all asked for ("RHIT and CCS"), not alternatives."""
    or_equivalent: bool = False
    """"or equivalent (experience)" is accepted instead."""
    eligible: bool = False
    """Being eligible for the credential is enough."""
    within_months: int | None = None
    """The credential may be obtained within this many months of hire."""


class JobPosting(Model):
    """A posting read into one shape, whatever it came as."""

    title: str | None = None
    grade: str | None = None
    """A pay grade or band stated with the title ("Band 4", "GS 5-7")."""
    employer: str | None = None
    location: str | None = None
    """The place of work as the posting writes it ("Garner, NC", "St Aldhelm's Hospital,
    Bridgemouth")."""
    place: Location | None = None
    """The same place in parts: city, region and country (what is clear of them)."""
    work_mode: Literal["on-site", "hybrid", "remote"] | None = None
    employment_type: EmploymentType | None = None
    pay: PayRange | None = None
    closing_date: date | None = None
    found: dict[str, Found] = Field(default_factory=dict)
    """Where each header field above was read, by field name."""
    role: str | None = None
    """The role pack used to read it."""
    role_fit: Literal["given", "title", "terms", "tie", "none"] = "given"
    """How the pack was chosen: given by the caller, by the posting's title, by the terms it
    names, on a tie between packs, or ``none`` when no pack fits (another profession)."""
    requirements: list[Requirement] = Field(default_factory=list)
    """What it asks of a candidate and what the job involves, in posting order."""
    credentials: list[list[str]] = Field(default_factory=list)
    """Every credential group asked for, required ones first."""
    keywords: list[str] = Field(default_factory=list)
    """Pack terms (ids) the posting names anywhere, most frequent first."""
    phrases: list[str] = Field(default_factory=list)
    """Other notable terms (acronyms, capitalised phrases) not in the role pack."""
    segments: list[Segment] = Field(default_factory=list)
    """Every line or sentence of the posting and what it is, in posting order."""
    text: str
    """The posting as plain text."""
    source: str | None = None
    format: str = "text"
    """What it was read from: text, markdown, html, docx, pdf, jsonld, jobschema."""

    @property
    def qualifications(self) -> list[Requirement]:
        """The requirements that are not duties."""
        return [r for r in self.requirements if r.kind != "responsibility"]

    @property
    def responsibilities(self) -> list[Requirement]:
        """The duties."""
        return [r for r in self.requirements if r.kind == "responsibility"]
