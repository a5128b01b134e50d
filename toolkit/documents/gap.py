"""The skills-gap report: a profile measured against one level of a role pack.

For each skill and system the level expects, each credential it asks for, and its years of
experience, the report gives a status with the profile's own evidence:

- **met**: a bullet, a listed skill, a job title or an active credential shows it;
- **partial**: only a summary, a headline or a course mentions it, or the credential is
  in progress, exam-eligible or expired;
- **missing**: nothing in the profile names it (never filled in: add it only if true).

Both reports (this one and the match report) show evidence the same way, with the helpers
below: a profile line as ``where: text``, or the text alone when the place says nothing more
("Registered Health Information Technician (RHIT)", never "RHIT: RHIT"), a credential
written as its bare abbreviation spelled out from the role pack, and each cell saying a
thing once (:data:`NOT_IN_PROFILE`, :func:`missing_note`).

Readiness (0-100) is ``100 * (0.60 * skills + 0.25 * credentials + 0.15 * experience)``:

- skills = (met + partial / 2) / skills expected;
- credentials = weighted share of credential needs met (required and one-of groups weigh 1,
  preferred ½; partial counts half); 1 when the level asks for none;
- experience = years of experience / the level's minimum, at most 1 (1 when the minimum is 0).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar, Literal

from toolkit.documents.context import Document
from toolkit.documents.page import REPORT_THEME, Request, prepare
from toolkit.errors import NotFoundError
from toolkit.matching.evidence import DIRECT, Evidence, find, profile_lines, shadows
from toolkit.matching.facts import Status, credential_status, vocabulary, years_of_experience
from toolkit.models.common import Model
from toolkit.models.options import DocumentOptions
from toolkit.models.profile import Profile
from toolkit.models.rolepack import Level, RolePack, Skill, System
from toolkit.roles import load_pack

DEFAULT_THEME = REPORT_THEME
"""Reports use the modern theme unless the options name another."""

WEIGHTS = {"skills": 0.60, "credentials": 0.25, "experience": 0.15}

NOT_IN_PROFILE = "not in your profile — add it only if true"
"""What a report says of an item nothing in the profile shows."""


@dataclass(frozen=True)
class GapItem:
    """One thing the level expects, and how the profile stands on it."""

    kind: Literal["skill", "system", "credential", "experience"]
    id: str
    name: str
    status: Status
    need: Literal["expected", "required", "preferred", "one of"] = "expected"
    evidence: tuple[str, ...] = ()
    """Profile lines that show it, as ``where: text`` (see :func:`evidence_label`)."""
    note: str | None = None

    @property
    def shown(self) -> str:
        """The evidence cell: the lines that show it, then the note, each said once."""
        lines = " · ".join(self.evidence)
        if not lines:
            return self.note or NOT_IN_PROFILE
        return f"{lines} — {self.note}" if self.note else lines

    def to_data(self) -> dict[str, Any]:
        """The item as plain data, with its evidence cell as ``shown``."""
        return {**dataclasses.asdict(self), "shown": self.shown}


@dataclass(frozen=True)
class NextStep:
    """A concrete thing to do next."""

    title: str
    detail: str


@dataclass(frozen=True)
class GapReport(Document):
    """The whole report, as plain data every format renders."""

    role: str = ""
    role_id: str = ""
    level: str = ""
    level_id: str = ""
    level_years: str = ""
    years: float = 0.0
    score: int = 0
    verdict: str = ""
    parts: dict[str, int] = field(default_factory=dict)
    skills: tuple[GapItem, ...] = ()
    credentials: tuple[GapItem, ...] = ()
    experience: GapItem = GapItem("experience", "experience", "Experience", "missing")
    next_steps: tuple[NextStep, ...] = ()
    attribution: tuple[str, ...] = ()
    counts: dict[str, int] = field(default_factory=dict)
    kind: ClassVar[str] = "gap"

    def to_json(self) -> dict[str, Any]:
        """The report as JSON data: the person's name, every finding, the metadata."""
        content = self.content()
        head = {"person": self.person.name}
        tail = {"meta": dataclasses.asdict(self.meta), "counts": content.pop("counts")}
        return {**head, **content, **tail}

    def to_data(self) -> dict[str, Any]:
        """What the HTML template receives: the JSON data, each item's evidence cell
        (``shown``) and the theme."""
        cells = {
            "skills": [i.to_data() for i in self.skills],
            "credentials": [i.to_data() for i in self.credentials],
            "experience": self.experience.to_data(),
        }
        return {**self.to_json(), **cells, "theme": self.theme}


class GapOptions(Model):
    """Which level of which role the profile is measured against."""

    role: str
    """A role pack id, e.g. ``medical-records-specialist``."""
    level: str
    """A level id of the pack, e.g. ``senior``."""


_ADVICE = "add it only if true"
_FOLD = re.compile(r"[^0-9a-z]+")


def _folded(text: str) -> str:
    return _FOLD.sub(" ", text.casefold()).strip()


def credential_names(pack: RolePack) -> dict[str, str]:
    """Each way of writing a pack credential briefly (abbreviation, id, alias), folded, to
    its full form: ``rhit`` -> ``Registered Health Information Technician (RHIT)``."""
    names: dict[str, str] = {}
    for cred in pack.credentials:
        full = (
            cred.name
            if _folded(cred.name) == _folded(cred.abbreviation)
            else f"{cred.name} ({cred.abbreviation})"
        )
        for short in (cred.abbreviation, cred.id, *cred.aliases):
            names.setdefault(_folded(short), full)
    return names


def spell_out(text: str, names: dict[str, str]) -> str:
    """``text`` in full when it is only a credential's short form (``RHIT``), else as is."""
    return names.get(_folded(text), text)


def evidence_label(where: str, text: str) -> str:
    """A profile line with its place, said once.

    ``where: text`` in general; the text alone when the place repeats it (a credential is
    its own place); the place alone when the text is part of it (a job title under
    ``Title, Employer``).
    """
    w, t = _folded(where), _folded(text)
    if not w or w == t:
        return text
    if t and f" {t} " in f" {w} ":
        return where
    return f"{where}: {text}"


_TO_EARN = re.compile(
    r"^(?P<name>.+?) is not in your profile; to earn (?P<what>[^:]+): (?P<how>.+)$"
)


def missing_note(reason: str) -> str:
    """The reason a requirement is missing, with the advice to add it only if true, each said
    once: a reason that already says so is kept, one that only says the profile has nothing
    (``no line of your profile says this``) becomes :data:`NOT_IN_PROFILE`, and one that
    says what earning a credential takes needs no more (two such credentials are named
    together: "RHIT and CTR are not in your profile. To earn RHIT: … To earn CTR: …")."""
    text = reason.strip()
    if not text or text == "no line of your profile says this":
        return NOT_IN_PROFILE
    parts = [
        _TO_EARN.match(part)
        for part in re.split(r"; (?=[^;]+? is not in your profile; to earn )", text)
    ]
    if len(parts) > 1 and all(parts):
        named = [m.group("name") for m in parts if m]
        names = (", and " if any(" or " in n for n in named) else " and ").join(named)
        ways = " ".join(
            f"To earn {m.group('what')}: {m.group('how').rstrip(' ;.')}." for m in parts if m
        )
        return f"{names} are not in your profile. {ways}"
    if _ADVICE in text or "to earn " in text:
        return text
    return f"{text} — {_ADVICE}"


def _quote(e: Evidence, names: dict[str, str]) -> str:
    text = spell_out(e.line.text, names)
    text = text if len(text) <= 110 else text[:107] + "..."
    if e.line.kind == "skill":
        group = e.line.where
        where = "skills" if _folded(group) in ("skills", _folded(text)) else f"skills ({group})"
        return evidence_label(where, text)
    return evidence_label(spell_out(e.line.where, names), text)


def _skill_item(
    pack: RolePack, item_id: str, lines: list[Any], words: list[str], names: dict[str, str]
) -> GapItem:
    item = pack.skill_or_system(item_id)
    kind: Literal["skill", "system"] = "system" if item in pack.systems else "skill"
    spellings = item.spellings()
    # a narrower item that proves this one counts too (Epic proves EHR work)
    narrower: list[Skill | System] = [*pack.skills, *pack.systems]
    for other in narrower:
        if item_id in other.satisfies:
            spellings += other.spellings()
    evidence = find(lines, spellings, shadows(spellings, words))
    direct = [e for e in evidence if e.line.strength >= DIRECT]
    status: Status = "met" if direct else "partial" if evidence else "missing"
    shown = tuple(dict.fromkeys(_quote(e, names) for e in (direct or evidence)[:2]))
    return GapItem(kind, item.id, item.name, status, "expected", shown)


def _credential_items(pack: RolePack, level: Level, profile: Profile) -> list[GapItem]:
    out: list[GapItem] = []
    held = list(profile.credentials)
    words = vocabulary(pack)
    names = credential_names(pack)

    def item(cred_id: str, need: Literal["required", "preferred", "one of"]) -> GapItem:
        info = pack.credential(cred_id)
        status, note, cred = credential_status(info, held, words)
        # the table is the credentials: the line shows the credential itself, in full
        evidence = (spell_out(cred.name, names),) if cred else ()
        return GapItem(
            "credential",
            info.id,
            f"{info.abbreviation} ({info.name})",
            status,
            need,
            evidence,
            note,
        )

    def group_item(group: list[str], need: Literal["one of", "preferred"]) -> GapItem:
        """One line for a group where any credential will do: the best one held counts."""
        best = max(
            (item(c, need) for c in group),
            key=lambda i: {"met": 2, "partial": 1, "missing": 0}[i.status],
        )
        names = " or ".join(pack.credential(c).abbreviation for c in group)
        return GapItem(
            "credential", "+".join(group), names, best.status, need, best.evidence, best.note
        )

    needs = level.credentials
    out += [item(c, "required") for c in needs.required]
    out += [group_item(g, "one of") for g in needs.any_of]
    out += [item(c, "preferred") for c in needs.preferred]
    out += [group_item(g, "preferred") for g in needs.preferred_any_of]
    return out


def _ratio(items: list[GapItem] | tuple[GapItem, ...]) -> float:
    if not items:
        return 1.0
    value = {"met": 1.0, "partial": 0.5, "missing": 0.0}
    weights = [0.5 if i.need == "preferred" else 1.0 for i in items]
    return sum(w * value[i.status] for w, i in zip(weights, items, strict=True)) / sum(weights)


def _next_steps(
    pack: RolePack, level: Level, skills: list[GapItem], creds: list[GapItem], years: float
) -> list[NextStep]:
    steps: list[NextStep] = []
    for c in creds:
        if c.status == "met" or c.need == "preferred":
            continue
        ids = c.id.split("+")
        infos = [pack.credential(i) for i in ids]
        if c.note == "expired: renew it":
            steps.append(NextStep(f"Renew {c.name}", infos[0].renewal or infos[0].requirements))
            continue
        title = (
            "Earn "
            + " or ".join(i.abbreviation for i in infos)
            + (" (required)" if c.need == "required" else "")
        )
        steps.append(
            NextStep(title, " ".join(f"{i.abbreviation}: {i.requirements}" for i in infos))
        )
    missing = [s for s in skills if s.status == "missing"]
    partial = [s for s in skills if s.status == "partial"]
    if missing:
        names = ", ".join(s.name for s in missing[:6])
        steps.append(
            NextStep(
                f"Show {len(missing)} expected skill{'s' if len(missing) != 1 else ''} "
                "your profile does not name",
                f"{names}. If you have done the work, add a bullet that shows "
                "it; if not, these are the skills to build next.",
            )
        )
    if partial:
        names = ", ".join(s.name for s in partial[:6])
        steps.append(
            NextStep(
                "Back up what your summary only mentions",
                f"{names}: add a bullet with what you did and what came of it.",
            )
        )
    if level.years.min and years < level.years.min:
        steps.append(
            NextStep(
                "Build experience",
                f"This level usually asks for {level.years.text()}; your profile shows {years:g}.",
            )
        )
    for c in creds:
        if c.need == "preferred" and c.status != "met":
            infos = [pack.credential(i) for i in c.id.split("+")]
            steps.append(
                NextStep(
                    "Consider " + " or ".join(i.abbreviation for i in infos) + " (preferred)",
                    " ".join(f"{i.abbreviation}: {i.requirements}" for i in infos)
                    if len(infos) > 1
                    else infos[0].requirements,
                )
            )
    for focus in level.focus[:2]:
        steps.append(NextStep("Focus for this level", focus))
    return steps


def build_gap_report(
    profile: Profile,
    pack: RolePack,
    level_id: str,
    *,
    today: Callable[[], date] = date.today,
    document_date: date | None = None,
    options: DocumentOptions | None = None,
) -> GapReport:
    """Measure ``profile`` against ``level_id`` of ``pack`` (a shortcut for
    :func:`gap_context` with a prepared request).

    Raises:
        KeyError: for an unknown level (the CLI turns it into a message listing the levels).
    """
    opts = options or DocumentOptions()
    if document_date is not None:
        opts = opts.model_copy(update={"document_date": document_date})
    request = prepare(profile, opts, default_theme=DEFAULT_THEME, today=today)
    return measure(request, pack, level_id)


def gap_context(request: Request[Profile], options: GapOptions) -> GapReport:
    """The gap report from a prepared request (its profile already selected).

    Raises:
        NotFoundError: for an unknown role pack or level.
    """
    pack = load_pack(options.role, request.packs)
    if options.level not in [lv.id for lv in pack.levels]:
        levels = ", ".join(lv.id for lv in pack.levels)
        raise NotFoundError(f"no level '{options.level}' in {pack.id}; levels: {levels}")
    return measure(request, pack, options.level)


def measure(request: Request[Profile], pack: RolePack, level_id: str) -> GapReport:
    """Measure the request's (selected) profile against ``level_id`` of ``pack``."""
    profile = request.subject
    level = pack.level(level_id)
    when = request.when
    lines = profile_lines(profile)
    words = vocabulary(pack)
    names = credential_names(pack)
    skills = [_skill_item(pack, sid, lines, words, names) for sid in level.skills]
    creds = _credential_items(pack, level, profile)
    years = years_of_experience(profile, when)
    need = level.years.min
    exp_ratio = 1.0 if need == 0 else min(years / need, 1.0)
    exp_status: Status = "met" if exp_ratio >= 1 else "partial" if years > 0 else "missing"
    experience = GapItem(
        "experience",
        "years",
        "Years of experience",
        exp_status,
        "expected",
        (f"{years:g} years in your profile",),
        f"level: {level.years.text()}",
    )
    parts = {
        "skills": _ratio(skills),
        "credentials": _ratio(creds),
        "experience": exp_ratio,
    }
    score = round(100 * sum(WEIGHTS[k] * v for k, v in parts.items()))
    verdict = "ready" if score >= 80 else "nearly ready" if score >= 60 else "building toward"
    counts = {
        status: sum(1 for i in [*skills, *creds] if i.status == status)
        for status in ("met", "partial", "missing")
    }
    name = profile.basics.name
    page = request.page.titled(
        f"{name} — readiness for {level.title}", subject=f"{pack.title}: skills gap"
    )
    return GapReport(
        page.in_english(),
        role=pack.title,
        role_id=pack.id,
        level=level.title,
        level_id=level.id,
        level_years=level.years.text(),
        years=years,
        score=score,
        verdict=verdict,
        parts={k: round(100 * v) for k, v in parts.items()},
        skills=tuple(skills),
        credentials=tuple(creds),
        experience=experience,
        next_steps=tuple(_next_steps(pack, level, skills, creds, years)),
        attribution=tuple(pack.attribution()),
        counts=counts,
    )
