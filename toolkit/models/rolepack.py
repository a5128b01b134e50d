"""Role packs: what the toolkit knows about one job family, as data anyone can extend.

A pack is a folder of YAML files (``pack.yaml`` plus, optionally, ``skills.yaml``,
``credentials.yaml``, ``questions.yaml`` …); their top-level keys together make one
:class:`RolePack`. Every id a pack refers to (a skill, credential, system or level) must exist
in it; :meth:`RolePack.model_post_init` checks that, with the path of each bad reference.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from toolkit.models.common import LongText, Model, SchemaVersion, ShortText, Text, Url

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9.+-]{0,59}$")]

_PARENTHESIS = re.compile(r"^(.*?)\s*\(([^()]+)\)\s*$")


def name_spellings(name: str, *more: str) -> list[str]:
    """A name, its forms without and inside a closing parenthesis, then ``more``.

    "Release of information (ROI)" is also written "Release of information" and "ROI".
    """
    out = [name]
    match = _PARENTHESIS.match(name)
    if match:
        out += [match.group(1), match.group(2)]
    out += more
    return list(dict.fromkeys(s for s in out if s.strip()))


"""A lower-case id: letters, digits and ``. + -`` (e.g. ``icd-10-cm``, ``rhit``)."""


class Source(Model):
    """Where a pack's facts come from, with the attribution a licence asks for."""

    name: ShortText
    url: Url | None = None
    licence: ShortText | None = None
    attribution: LongText | None = None
    """The text to show wherever the data is shown (e.g. O*NET's CC BY 4.0 notice)."""
    used_for: ShortText | None = None


class YearsRange(Model):
    """Years of experience, e.g. 2 to 4 (``max`` left out: "or more")."""

    min: int = Field(ge=0, le=60)
    max: int | None = Field(default=None, ge=0, le=60)

    @model_validator(mode="after")
    def _ordered(self) -> YearsRange:
        if self.max is not None and self.max < self.min:
            raise PydanticCustomError(
                "range_order",
                "max ({max}) is below min ({min})",
                {"max": self.max, "min": self.min, "at": ("max",), "value": str(self.max)},
            )
        return self

    def text(self) -> str:
        """``2-4 years`` or ``15+ years``."""
        return f"{self.min}+ years" if self.max is None else f"{self.min}-{self.max} years"


class Pay(Model):
    """Pay for a level, from a named source."""

    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] = "USD"
    period: Literal["year", "hour"] = "year"
    median: int = Field(gt=0)
    average: int | None = Field(default=None, gt=0)
    source: ShortText
    """Where the figures come from, e.g. "Career guide, US data"."""


class CredentialNeeds(Model):
    """Credentials a level or a job asks for."""

    required: list[Id] = Field(default_factory=list)
    preferred: list[Id] = Field(default_factory=list)
    any_of: list[list[Id]] = Field(default_factory=list)
    """Required groups where one of several will do, e.g. ``[[cca, ccs, rhit]]``."""
    preferred_any_of: list[list[Id]] = Field(default_factory=list)
    """Preferred groups where one of several will do, e.g. ``[[cca, cpc-a]]``."""


class Level(Model):
    """One career level, in order from the first job up."""

    id: Id
    title: ShortText
    years: YearsRange
    summary: LongText
    duties: list[Text] = Field(min_length=1)
    focus: list[Text] = Field(default_factory=list)
    """What to work on at this level to grow into the next."""
    skills: list[Id] = Field(default_factory=list)
    """Skill and system ids expected at this level."""
    credentials: CredentialNeeds = Field(default_factory=CredentialNeeds)
    education: LongText | None = None
    pay: Pay | None = None


class Category(Model):
    """A group of skills, e.g. coding, compliance, systems."""

    id: Id
    name: ShortText


class Skill(Model):
    """One skill with the other ways postings and profiles write it."""

    id: Id
    name: ShortText
    category: Id
    aliases: list[ShortText] = Field(default_factory=list)
    """Synonyms and spellings matched case-insensitively, e.g. ``ROI`` for release of
    information, ``ICD10`` for ICD-10-CM."""
    description: LongText | None = None
    satisfies: list[Id] = Field(default_factory=list)
    """Broader skills this one proves, e.g. ``computer-assisted-coding`` proves ``encoders``."""

    def spellings(self) -> list[str]:
        """Every way to write it: the name (with and without its parenthesis) and aliases."""
        return name_spellings(self.name, *self.aliases)


class System(Model):
    """Software the job uses (EHRs, encoders, document imaging …)."""

    id: Id
    name: ShortText
    category: Id
    aliases: list[ShortText] = Field(default_factory=list)
    vendor: ShortText | None = None
    description: LongText | None = None
    satisfies: list[Id] = Field(default_factory=list)
    """Broader skills this system proves, e.g. ``epic`` proves ``ehr``."""

    def spellings(self) -> list[str]:
        """Every way to write it: the name (with and without its parenthesis) and aliases."""
        return name_spellings(self.name, *self.aliases)


class CredentialInfo(Model):
    """A certification: who grants it and what earning it takes."""

    id: Id
    abbreviation: ShortText
    name: ShortText
    issuer: ShortText
    aliases: list[ShortText] = Field(default_factory=list)
    requirements: LongText
    """Eligibility and exam, in a sentence or two."""
    renewal: LongText | None = None
    url: Url | None = None
    skills: list[Id] = Field(default_factory=list)

    def spellings(self) -> list[str]:
        """The abbreviation, the full name (with and without parenthesis) and aliases."""
        return name_spellings(self.abbreviation, *name_spellings(self.name), *self.aliases)


class Responsibility(Model):
    """A typical duty, with the skills it draws on."""

    id: Id
    text: LongText
    skills: list[Id] = Field(default_factory=list)


QuestionKind = Literal["behavioral", "technical", "compliance", "situational", "leadership"]


class Question(Model):
    """An interview question, written for this pack."""

    id: Id
    text: LongText
    kind: QuestionKind
    why: LongText
    """Why interviewers ask it."""
    strong_answer: LongText
    """What a strong answer shows."""
    tips: list[Text] = Field(default_factory=list)
    skills: list[Id] = Field(min_length=1)
    levels: list[Id] = Field(min_length=1)


class CandidateQuestion(Model):
    """A good question for the candidate to ask the interviewer."""

    id: Id
    text: LongText
    why: LongText
    levels: list[Id] = Field(default_factory=list)


class JDPreset(Model):
    """A job-description starting point for one level."""

    level: Id
    title: ShortText
    summary: LongText
    duties: list[Text] = Field(min_length=1)
    required: list[Text] = Field(min_length=1)
    preferred: list[Text] = Field(default_factory=list)
    education: LongText
    years: YearsRange
    credentials: CredentialNeeds = Field(default_factory=CredentialNeeds)
    systems: list[Id] = Field(default_factory=list)
    physical_demands: list[Text] = Field(default_factory=list)


class RelatedRole(Model):
    """A neighbouring role, as a variant of this pack or a pack of its own."""

    id: Id
    title: ShortText
    relation: Literal["variant", "specialisation", "next-step", "adjacent"]
    summary: LongText
    alternate_titles: list[ShortText] = Field(default_factory=list)
    skills: list[Id] = Field(default_factory=list)
    """The skills that set it apart, from this pack's taxonomy."""
    levels: list[Id] = Field(default_factory=list)
    pack: Id | None = None
    """The id of its own pack, when it has one."""


class RolePack(Model):
    """Everything the toolkit knows about one role."""

    schema_version: SchemaVersion = 1
    id: Id
    title: ShortText
    summary: LongText
    onet_code: Annotated[str, Field(pattern=r"^\d{2}-\d{4}\.\d{2}$")] | None = None
    alternate_titles: list[ShortText] = Field(default_factory=list)
    fields_of_study: list[ShortText] = Field(default_factory=list)
    """Programmes that prepare for the role ("Health Information Technology"): a school entry
    in one of them is related study for a requirement that names another."""
    pay_band_percent: int = Field(default=15, ge=0, le=50)
    """Half-width of the pay estimate around a level's median, in percent."""
    sources: list[Source] = Field(min_length=1)
    levels: list[Level] = Field(min_length=1)
    categories: list[Category] = Field(min_length=1)
    skills: list[Skill] = Field(min_length=1)
    systems: list[System] = Field(default_factory=list)
    credentials: list[CredentialInfo] = Field(default_factory=list)
    responsibilities: list[Responsibility] = Field(default_factory=list)
    questions: list[Question] = Field(default_factory=list)
    questions_to_ask: list[CandidateQuestion] = Field(default_factory=list)
    jd_presets: list[JDPreset] = Field(default_factory=list)
    related_roles: list[RelatedRole] = Field(default_factory=list)

    @model_validator(mode="after")
    def _references_resolve(self) -> RolePack:
        _check_references(self)
        return self

    # --- look-ups ---------------------------------------------------------------------------

    def level(self, level_id: str) -> Level:
        """The level with this id (KeyError if none)."""
        for level in self.levels:
            if level.id == level_id:
                return level
        raise KeyError(level_id)

    def skill_or_system(self, item_id: str) -> Skill | System:
        """The skill or system with this id (KeyError if none)."""
        for skill in self.skills:
            if skill.id == item_id:
                return skill
        for system in self.systems:
            if system.id == item_id:
                return system
        raise KeyError(item_id)

    def credential(self, credential_id: str) -> CredentialInfo:
        """The credential with this id (KeyError if none)."""
        for cred in self.credentials:
            if cred.id == credential_id:
                return cred
        raise KeyError(credential_id)

    def attribution(self) -> list[str]:
        """The attribution notices the pack's sources ask to be shown."""
        return [s.attribution for s in self.sources if s.attribution]


def _bad(kind: str, value: str, at: tuple[str | int, ...], known: set[str]) -> PydanticCustomError:
    return PydanticCustomError(
        "unknown_reference",
        "there is no {kind} '{value}' in this pack",
        {"kind": kind, "value": value, "at": at, "choices": ", ".join(sorted(known)[:12])},
    )


def _check_references(pack: RolePack) -> None:
    """Raise at the first id that is duplicated or does not resolve, with its path."""
    for name in (
        "levels",
        "categories",
        "skills",
        "systems",
        "credentials",
        "responsibilities",
        "questions",
        "questions_to_ask",
        "related_roles",
    ):
        seen: set[str] = set()
        for i, item in enumerate(getattr(pack, name)):
            if item.id in seen:
                raise PydanticCustomError(
                    "duplicate_id",
                    "the id '{value}' is used twice in {name}",
                    {"value": item.id, "name": name, "at": (name, i, "id")},
                )
            seen.add(item.id)
    skill_ids = {s.id for s in pack.skills}
    system_ids = {s.id for s in pack.systems}
    if skill_ids & system_ids:
        clash = sorted(skill_ids & system_ids)[0]
        i = next(n for n, s in enumerate(pack.systems) if s.id == clash)
        raise PydanticCustomError(
            "duplicate_id",
            "'{value}' is both a skill and a system",
            {"value": clash, "at": ("systems", i, "id")},
        )
    probe = skill_ids | system_ids
    levels = {lv.id for lv in pack.levels}
    creds = {c.id for c in pack.credentials}
    categories = {c.id for c in pack.categories}
    for name in ("skills", "systems"):
        for i, item in enumerate(getattr(pack, name)):
            if item.category not in categories:
                raise _bad("category", item.category, (name, i, "category"), categories)
            for k, target in enumerate(item.satisfies):
                if target not in skill_ids | system_ids or target == item.id:
                    raise _bad(
                        "other skill or system",
                        target,
                        (name, i, "satisfies", k),
                        skill_ids | system_ids,
                    )

    def check_list(
        values: list[str], known: set[str], kind: str, at: tuple[str | int, ...]
    ) -> None:
        for k, value in enumerate(values):
            if value not in known:
                raise _bad(kind, value, (*at, k), known)

    def check_needs(needs: CredentialNeeds, at: tuple[str | int, ...]) -> None:
        check_list(needs.required, creds, "credential", (*at, "required"))
        check_list(needs.preferred, creds, "credential", (*at, "preferred"))
        for g, group in enumerate(needs.any_of):
            check_list(group, creds, "credential", (*at, "any_of", g))
        for g, group in enumerate(needs.preferred_any_of):
            check_list(group, creds, "credential", (*at, "preferred_any_of", g))

    previous_min = -1
    for i, level in enumerate(pack.levels):
        if level.years.min < previous_min:
            raise PydanticCustomError(
                "level_order",
                "levels go from the first job up: '{value}' starts at fewer "
                "years than the level before it",
                {"value": level.id, "at": ("levels", i, "years", "min")},
            )
        previous_min = level.years.min
        check_list(level.skills, probe, "skill or system", ("levels", i, "skills"))
        check_needs(level.credentials, ("levels", i, "credentials"))
    for i, cred in enumerate(pack.credentials):
        check_list(cred.skills, probe, "skill or system", ("credentials", i, "skills"))
    for i, duty in enumerate(pack.responsibilities):
        check_list(duty.skills, probe, "skill or system", ("responsibilities", i, "skills"))
    for i, q in enumerate(pack.questions):
        check_list(q.skills, probe, "skill or system", ("questions", i, "skills"))
        check_list(q.levels, levels, "level", ("questions", i, "levels"))
    for i, cq in enumerate(pack.questions_to_ask):
        check_list(cq.levels, levels, "level", ("questions_to_ask", i, "levels"))
    for i, preset in enumerate(pack.jd_presets):
        if preset.level not in levels:
            raise _bad("level", preset.level, ("jd_presets", i, "level"), levels)
        check_needs(preset.credentials, ("jd_presets", i, "credentials"))
        check_list(preset.systems, system_ids, "system", ("jd_presets", i, "systems"))
    for i, role in enumerate(pack.related_roles):
        check_list(role.skills, probe, "skill or system", ("related_roles", i, "skills"))
        check_list(role.levels, levels, "level", ("related_roles", i, "levels"))
    # a spelling must not name two things
    owner: dict[str, str] = {}
    for name in ("skills", "systems", "credentials"):
        for i, item in enumerate(getattr(pack, name)):
            spellings: list[tuple[str, tuple[str | int, ...]]] = [(item.name, (name, i, "name"))]
            if name == "credentials":
                spellings.append((item.abbreviation, (name, i, "abbreviation")))
            spellings += [(alias, (name, i, "aliases", k)) for k, alias in enumerate(item.aliases)]
            for spelling, at in spellings:
                key = spelling.casefold()
                if key in owner and owner[key] != item.id:
                    raise PydanticCustomError(
                        "alias_clash",
                        "'{value}' already names '{other}'",
                        {"value": spelling, "other": owner[key], "at": at},
                    )
                owner[key] = item.id
