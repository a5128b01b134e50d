"""Job descriptions for recruiters, and the organization file they share."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from toolkit.models.common import (
    LongText,
    Model,
    PartialDate,
    SchemaVersion,
    ShortText,
    Text,
    Url,
)
from toolkit.models.profile import Location

WorkMode = Literal["on-site", "hybrid", "remote"]
EmploymentType = Literal[
    "full-time", "part-time", "contract", "temporary", "per-diem", "internship"
]


class PayRange(Model):
    """The pay offered."""

    min: float | None = Field(default=None, ge=0)
    max: float | None = Field(default=None, ge=0)
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] = "USD"
    period: Literal["year", "month", "week", "day", "hour"] = "year"
    estimate: bool = False
    """True while the range is the role pack's estimate, still to adjust to the local market."""
    note: Text | None = None


class Organization(Model):
    """An employer, reused across its job descriptions (``--org ORG.yaml``)."""

    schema_version: SchemaVersion = 1
    name: ShortText = Field(min_length=1)
    url: Url | None = None
    logo: Url | None = None
    about: LongText | None = None
    benefits: list[Text] = Field(default_factory=list)
    eeo_statement: LongText | None = None
    accommodation_statement: LongText | None = None
    location: Location | None = None
    employees: int | None = Field(default=None, ge=1)
    """Headcount, for pay-transparency laws whose reach depends on employer size."""


class JobDescription(Model):
    """A complete job description."""

    schema_version: SchemaVersion = 1
    title: ShortText = Field(min_length=1)
    role: str | None = None
    """The role pack it came from, e.g. ``medical-records-specialist``."""
    level: str | None = None
    department: ShortText | None = None
    organization: Organization
    location: Location | None = None
    work_mode: WorkMode = "on-site"
    remote_regions: list[ShortText] = Field(default_factory=list)
    """Where a remote hire may live (country or state names)."""
    employment_type: EmploymentType = "full-time"
    flsa_status: Literal["exempt", "non-exempt"] | None = None
    pay: PayRange | None = None
    summary: LongText
    responsibilities: list[Text] = Field(min_length=1)
    required_qualifications: list[Text] = Field(default_factory=list)
    preferred_qualifications: list[Text] = Field(default_factory=list)
    education: LongText | None = None
    years_experience: Annotated[int, Field(ge=0, le=40)] | None = None
    credentials_required: list[ShortText] = Field(default_factory=list)
    credentials_preferred: list[ShortText] = Field(default_factory=list)
    systems: list[ShortText] = Field(default_factory=list)
    physical_demands: list[Text] = Field(default_factory=list)
    schedule: Text | None = None
    benefits: list[Text] = Field(default_factory=list)
    """Benefits of this job; the organization's are added after them."""
    eeo_statement: LongText | None = None
    """Defaults to the organization's."""
    accommodation_statement: LongText | None = None
    how_to_apply: LongText | None = None
    date_posted: PartialDate | None = None
    closing_date: PartialDate | None = None
    occupational_category: Annotated[str, Field(pattern=r"^\d{2}-\d{4}(\.\d{2})?$")] | None = None
    """The O*NET-SOC code, e.g. ``29-2072.00``."""
