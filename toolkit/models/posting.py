"""A job posting, read from any of the shapes postings come in, and what it asks for."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from toolkit.models.common import Model

Importance = Literal["required", "preferred"]
RequirementKind = Literal[
    "credential", "experience", "education", "skill", "qualification", "responsibility"
]


class PayRange(Model):
    """Pay as the posting states it."""

    min: float | None = None
    max: float | None = None
    currency: str = "USD"
    period: Literal["year", "month", "week", "day", "hour"] | None = None
    text: str
    """The pay as written, e.g. "$48,000 - $55,000 per year"."""


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


class JobPosting(Model):
    """A posting read into one shape, whatever it came as."""

    title: str | None = None
    employer: str | None = None
    location: str | None = None
    work_mode: Literal["on-site", "hybrid", "remote"] | None = None
    pay: PayRange | None = None
    role: str | None = None
    """The role pack used to read it."""
    requirements: list[Requirement] = Field(default_factory=list)
    """What it asks of a candidate and what the job involves, in posting order."""
    credentials: list[list[str]] = Field(default_factory=list)
    """Every credential group asked for, required ones first."""
    keywords: list[str] = Field(default_factory=list)
    """Pack terms (ids) the posting names anywhere, most frequent first."""
    phrases: list[str] = Field(default_factory=list)
    """Other notable terms (acronyms, capitalised phrases) not in the role pack."""
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
