"""The profile: everything a person states about themselves, from which every document is made.

One profile serves every application: entries and highlights carry ``tags``, a ``priority``
and ``private``, and :class:`Preferences` sets the order, titles and visibility of sections.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, PrivateAttr, model_validator
from pydantic_core import PydanticCustomError

from toolkit.errors import Issue, UserError
from toolkit.images import BadImage, clean_photo
from toolkit.models.common import (
    Email,
    EndDate,
    LongText,
    Model,
    PartialDate,
    Phone,
    SchemaVersion,
    Selectable,
    ShortText,
    Url,
    date_end,
    date_sort_key,
    date_start,
)

SCHEMA_VERSION: Literal[1] = 1

# --- pieces ---------------------------------------------------------------------------------


def _highlight_from_text(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value


class Highlight(Selectable):
    """One bullet. Write it as plain text, or as a mapping to tag or rank it."""

    text: LongText = Field(min_length=1)
    """What you did and what came of it, e.g. "Cut the release-of-information backlog by 40%"."""


HighlightItem = Annotated[
    Highlight, BeforeValidator(_highlight_from_text, json_schema_input_type=str | Highlight)
]


class Location(Model):
    """Where a person or a job is."""

    address: ShortText | None = None
    postal_code: ShortText | None = None
    city: ShortText | None = None
    region: ShortText | None = None
    """State, province or county."""
    country_code: Annotated[str, Field(pattern=r"^[A-Z]{2}$")] | None = None
    """ISO 3166-1 alpha-2 code, e.g. ``US``, ``GB``, ``FR``."""

    def one_line(self) -> str:
        """``City, Region`` (or whatever parts are known)."""
        return ", ".join(p for p in (self.city, self.region) if p) or (self.country_code or "")


class Link(Model):
    """A labelled link shown with the contact details, e.g. a portfolio."""

    label: ShortText = Field(min_length=1)
    url: Url


class SocialProfile(Model):
    """An account on a network, e.g. LinkedIn."""

    network: ShortText = Field(min_length=1)
    username: ShortText | None = None
    url: Url | None = None


_PHOTO = re.compile(r"^(?![A-Za-z][A-Za-z0-9+.-]*:)[^\0]+\.(?:jpe?g|png|webp)$", re.IGNORECASE)


def _check_photo(value: str) -> str:
    if not _PHOTO.match(value):
        raise PydanticCustomError(
            "photo_path", "a photo is a .jpg, .png or .webp file path, not a link"
        )
    return value


class Basics(Model):
    """Who you are and how to reach you."""

    name: ShortText = Field(min_length=1)
    headline: ShortText | None = None
    """A short professional title, e.g. "Registered Health Information Technician"."""
    email: Email | None = None
    phone: Phone | None = None
    """Kept exactly as written: formats differ by country."""
    website: Url | None = None
    image: Url | None = None
    """A link to a photo, as JSON Resume files carry; never fetched (use ``photo``)."""
    location: Location | None = None
    links: list[Link] = Field(default_factory=list, max_length=20)
    profiles: list[SocialProfile] = Field(default_factory=list, max_length=20)
    summary: LongText | None = None
    """The default summary."""
    summaries: dict[Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")], LongText] = Field(
        default_factory=dict, max_length=20
    )
    """Named variants of the summary (e.g. ``coding``, ``roi``); tailoring may pick one."""
    photo: Annotated[str, Field(max_length=500), AfterValidator(_check_photo)] | None = None
    """Path to a photo, relative to the profile file. Many employers prefer none."""


class Dated(Selectable):
    """An entry with a start and an optional end (a missing end means it is current)."""

    start: PartialDate | None = None
    end: EndDate | None = None

    @model_validator(mode="after")
    def _end_after_start(self) -> Dated:
        ends = self.end if self.end != "present" else None
        if self.start and ends and date_end(ends) < date_start(self.start):
            raise PydanticCustomError(
                "date_order",
                "it ends ({end}) before it starts ({start})",
                {"end": self.end, "start": self.start, "at": ("end",), "value": self.end},
            )
        return self

    @property
    def current(self) -> bool:
        """Whether the entry is still going on."""
        return self.end is None or self.end == "present"

    def sort_key(self) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
        """Most recent first when sorted in reverse."""
        return (date_sort_key(self.end, open_end=True), date_sort_key(self.start))


# --- sections -------------------------------------------------------------------------------


class Experience(Dated):
    """A job."""

    employer: ShortText = Field(min_length=1)
    title: ShortText = Field(min_length=1)
    location: ShortText | None = None
    url: Url | None = None
    description: LongText | None = None
    """What the employer is, e.g. "340-bed community hospital"."""
    summary: LongText | None = None
    highlights: list[HighlightItem] = Field(default_factory=list, max_length=100)


class Education(Dated):
    """A school, degree or programme. An ``end`` in the future is an expected graduation."""

    institution: ShortText = Field(min_length=1)
    area: ShortText | None = None
    """Field of study, e.g. "Health Information Technology"."""
    degree: ShortText | None = None
    """Kind of study, e.g. "Associate of Applied Science"."""
    location: ShortText | None = None
    url: Url | None = None
    score: ShortText | None = None
    """Grade or GPA, as you would write it."""
    courses: list[ShortText] = Field(default_factory=list, max_length=60)
    summary: LongText | None = None
    highlights: list[HighlightItem] = Field(default_factory=list, max_length=100)


CredentialStatus = Literal["active", "eligible", "in progress", "expired"]


def _normalise_status(value: Any) -> Any:
    if isinstance(value, str):
        return re.sub(r"[\s_-]+", " ", value.strip().lower())
    return value


Status = Annotated[CredentialStatus, BeforeValidator(_normalise_status)]


class _Earned(Selectable):
    name: ShortText = Field(min_length=1)
    earned: PartialDate | None = None
    expires: PartialDate | None = None
    """May lie in the future."""
    status: Status = "active"
    """``active``, ``eligible`` (may sit the exam), ``in progress`` or ``expired``."""

    @model_validator(mode="after")
    def _expiry_after_earned(self) -> _Earned:
        if self.earned and self.expires and date_end(self.expires) < date_start(self.earned):
            raise PydanticCustomError(
                "date_order",
                "it expires ({end}) before it was earned ({start})",
                {
                    "end": self.expires,
                    "start": self.earned,
                    "at": ("expires",),
                    "value": self.expires,
                },
            )
        return self


class Credential(_Earned):
    """A certification such as RHIT, CCA or CPC."""

    issuer: ShortText | None = None
    credential_id: ShortText | None = None
    url: Url | None = None
    summary: LongText | None = None


class Licence(_Earned):
    """A licence granted by an authority, e.g. a state licence."""

    authority: ShortText | None = None
    number: ShortText | None = None
    region: ShortText | None = None
    url: Url | None = None


class SkillGroup(Selectable):
    """A group of skills, e.g. "Coding" with ICD-10-CM and CPT."""

    name: ShortText = Field(min_length=1)
    level: ShortText | None = None
    keywords: list[ShortText] = Field(default_factory=list, max_length=200)


class Project(Dated):
    """A project, inside a job or outside one."""

    name: ShortText = Field(min_length=1)
    description: LongText | None = None
    highlights: list[HighlightItem] = Field(default_factory=list, max_length=100)
    keywords: list[ShortText] = Field(default_factory=list, max_length=100)
    url: Url | None = None
    roles: list[ShortText] = Field(default_factory=list, max_length=20)
    entity: ShortText | None = None
    """The organisation the project was for."""
    type: ShortText | None = None


class Volunteer(Dated):
    """Unpaid work."""

    organization: ShortText = Field(min_length=1)
    position: ShortText | None = None
    location: ShortText | None = None
    url: Url | None = None
    summary: LongText | None = None
    highlights: list[HighlightItem] = Field(default_factory=list, max_length=100)


class Award(Selectable):
    """An award or honour."""

    title: ShortText = Field(min_length=1)
    date: PartialDate | None = None
    awarder: ShortText | None = None
    summary: LongText | None = None
    url: Url | None = None


class Publication(Selectable):
    """Something published."""

    name: ShortText = Field(min_length=1)
    publisher: ShortText | None = None
    date: PartialDate | None = None
    url: Url | None = None
    summary: LongText | None = None


class Language(Selectable):
    """A language and how well you use it."""

    language: ShortText = Field(min_length=1)
    fluency: ShortText | None = None
    """E.g. "Native", "Professional working", or a CEFR level such as "C1"."""


class Interest(Selectable):
    """An interest."""

    name: ShortText = Field(min_length=1)
    keywords: list[ShortText] = Field(default_factory=list, max_length=50)


class Reference(Selectable):
    """A referee. Add ``private: true`` to keep contact details out of documents."""

    name: ShortText = Field(min_length=1)
    reference: LongText | None = None
    """What they said, or how they know you."""
    relationship: ShortText | None = None
    email: Email | None = None
    phone: Phone | None = None


class CustomEntry(Selectable):
    """An entry of a custom section."""

    title: ShortText = Field(min_length=1)
    subtitle: ShortText | None = None
    location: ShortText | None = None
    date: PartialDate | None = None
    url: Url | None = None
    summary: LongText | None = None
    highlights: list[HighlightItem] = Field(default_factory=list, max_length=100)


SectionId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]{0,39}$")]


class CustomSection(Selectable):
    """A section of your own, e.g. "Systems" or "Memberships"."""

    id: SectionId
    """Used in ``preferences.section_order``; e.g. ``memberships``."""
    title: ShortText = Field(min_length=1)
    entries: list[CustomEntry] = Field(default_factory=list, max_length=100)


BUILTIN_SECTIONS: tuple[str, ...] = (
    "summary",
    "experience",
    "education",
    "credentials",
    "licences",
    "skills",
    "projects",
    "volunteer",
    "awards",
    "publications",
    "languages",
    "interests",
    "references",
)

_LOCALE = r"^[a-z]{2,3}(?:[-_][A-Z][a-z]{3})?(?:[-_](?:[A-Z]{2}|\d{3}))?$"


class Preferences(Model):
    """How documents are made from this profile, unless a command says otherwise."""

    locale: Annotated[str, Field(pattern=_LOCALE)] | None = None
    """Language and region of documents, e.g. ``en-US``, ``en-GB``, ``fr-FR``."""
    page_size: Annotated[Literal["a4", "letter"], BeforeValidator(_normalise_status)] | None = None
    """``a4`` or ``letter``; by default it follows the locale's country."""
    theme: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]{0,39}$")] | None = None
    section_order: list[SectionId] = Field(default_factory=list, max_length=40)
    """Sections in the order they should appear; unlisted ones follow in the usual order."""
    section_titles: dict[SectionId, ShortText] = Field(default_factory=dict, max_length=40)
    """Your own heading for a section, e.g. ``credentials: Certifications``."""
    hidden_sections: list[SectionId] = Field(default_factory=list, max_length=40)


class Meta(Model):
    """Where the profile came from (kept for JSON Resume round trips)."""

    canonical: Url | None = None
    version: ShortText | None = None
    last_modified: ShortText | None = None


class Profile(Model):
    """A person's whole career record: the single source of every document."""

    schema_: str | None = Field(default=None, alias="$schema", exclude=True)
    """The JSON Schema this file follows (for editors); ignored by the toolkit."""
    schema_version: SchemaVersion = SCHEMA_VERSION
    """The version of this format; currently 1."""
    basics: Basics
    experience: list[Experience] = Field(default_factory=list, max_length=200)
    education: list[Education] = Field(default_factory=list, max_length=50)
    credentials: list[Credential] = Field(default_factory=list, max_length=100)
    licences: list[Licence] = Field(default_factory=list, max_length=50)
    skills: list[SkillGroup] = Field(default_factory=list, max_length=100)
    projects: list[Project] = Field(default_factory=list, max_length=100)
    volunteer: list[Volunteer] = Field(default_factory=list, max_length=100)
    awards: list[Award] = Field(default_factory=list, max_length=100)
    publications: list[Publication] = Field(default_factory=list, max_length=200)
    languages: list[Language] = Field(default_factory=list, max_length=50)
    interests: list[Interest] = Field(default_factory=list, max_length=50)
    references: list[Reference] = Field(default_factory=list, max_length=50)
    custom: list[CustomSection] = Field(default_factory=list, max_length=20)
    preferences: Preferences = Field(default_factory=Preferences)
    meta: Meta | None = None
    _photo: bytes | None = PrivateAttr(default=None)
    _origins: dict[tuple[str | int, ...], tuple[str | int, ...]] = PrivateAttr(default_factory=dict)

    def file_path(self, path: tuple[str | int, ...]) -> tuple[str | int, ...]:
        """Where the item at ``path`` of this profile stands in the profile's file.

        A profile selected for one variant (private and tagged items left out, highlights
        ordered by priority) remembers where its items came from; for any other profile
        the path is its own.
        """
        for cut in range(len(path), 0, -1):
            origin = self._origins.get(path[:cut])
            if origin is not None:
                return (*origin, *path[cut:])
        return path

    @property
    def photo_jpeg(self) -> bytes | None:
        """The photo, re-encoded as a small JPEG with no EXIF, when one was attached.

        :func:`~toolkit.load_profile` attaches the file ``basics.photo`` names; apps that
        hold a profile in memory use :meth:`with_photo`.
        """
        return self._photo

    def with_photo(self, data: bytes | None) -> Profile:
        """A copy with ``data`` (JPEG, PNG or WebP bytes) as the photo, cleaned of all
        metadata and scaled down; ``None`` removes the photo.

        Raises:
            UserError: the bytes are not a usable image (unreadable, over 25 megapixels…).
        """
        copy = self.model_copy()
        try:
            copy._photo = clean_photo(data) if data is not None else None
        except BadImage as exc:
            raise UserError(f"basics.photo: {exc}") from None
        return copy

    @model_validator(mode="after")
    def _known_sections(self) -> Profile:
        known = set(BUILTIN_SECTIONS) | {c.id for c in self.custom}
        prefs = self.preferences
        for name, values in (
            ("section_order", prefs.section_order),
            ("hidden_sections", prefs.hidden_sections),
            ("section_titles", list(prefs.section_titles)),
        ):
            for i, value in enumerate(values):
                if value not in known:
                    at: tuple[str | int, ...] = ("preferences", name)
                    at += (value,) if name == "section_titles" else (i,)
                    raise PydanticCustomError(
                        "unknown_section",
                        "there is no section called '{value}'",
                        {"value": value, "at": at, "choices": ", ".join(sorted(known))},
                    )
        ids = [c.id for c in self.custom]
        for i, cid in enumerate(ids):
            if cid in BUILTIN_SECTIONS or cid in ids[:i]:
                raise PydanticCustomError(
                    "duplicate_section",
                    "the section id '{value}' is already used",
                    {"value": cid, "at": ("custom", i, "id")},
                )
        return self

    def summary_line(self) -> str:
        """A one-line description, e.g. ``Jane Doe — 3 jobs, 2 credentials``."""

        def count(n: int, one: str, many: str) -> str:
            return f"{n} {one if n == 1 else many}"

        parts = [count(len(self.experience), "job", "jobs")]
        if self.credentials:
            parts.append(count(len(self.credentials), "credential", "credentials"))
        if self.education:
            parts.append(count(len(self.education), "school", "schools"))
        skills = sum(len(g.keywords) or 1 for g in self.skills)
        if skills:
            parts.append(count(skills, "skill", "skills"))
        return f"{self.basics.name} — {', '.join(parts)}"


def profile_warnings(profile: Profile, today: date | None = None) -> list[Issue]:
    """Things that are allowed but probably wrong: a start in the future, an expired "active".

    Args:
        profile: a validated profile.
        today: the reference date (default: today).

    Returns:
        Warnings with field paths; :func:`toolkit.load.profile.locate` adds lines and columns.
    """
    today = today or date.today()
    found: list[Issue] = []
    dated: list[tuple[str, list[Any]]] = [
        ("experience", profile.experience),
        ("volunteer", profile.volunteer),
        ("projects", profile.projects),
    ]
    for section, entries in dated:
        for i, entry in enumerate(entries):
            if entry.start and date_start(entry.start) > today:
                found.append(
                    Issue(
                        "the start date is in the future",
                        path=(section, i, "start"),
                        value=entry.start,
                        hint="check the year; leave it in only for a job you have accepted",
                        severity="warning",
                    )
                )
    for section, creds in (("credentials", profile.credentials), ("licences", profile.licences)):
        for i, cred in enumerate(creds):
            if cred.status == "active" and cred.expires and date_end(cred.expires) < today:
                found.append(
                    Issue(
                        f"'{cred.name}' is marked active but expired on {cred.expires}",
                        path=(section, i, "status"),
                        value=cred.status,
                        hint="renew it and update 'expires', or set status: expired",
                        severity="warning",
                    )
                )
    return found
