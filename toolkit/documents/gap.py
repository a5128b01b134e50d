"""The skills-gap report: a profile measured against one level of a role pack.

For each skill and system the level expects, each credential it asks for, and its years of
experience, the report gives a status with the profile's own evidence:

- **met**: a bullet, a listed skill, a job title or an active credential shows it;
- **partial**: only a summary, a headline or a course mentions it, or the credential is
  in progress, exam-eligible or expired;
- **missing**: nothing in the profile names it (never filled in: add it only if true).

Readiness (0-100) is ``100 * (0.60 * skills + 0.25 * credentials + 0.15 * experience)``:

- skills = (met + partial / 2) / skills expected;
- credentials = weighted share of credential needs met (required and one-of groups weigh 1,
  preferred ½; partial counts half); 1 when the level asks for none;
- experience = years of experience / the level's minimum, at most 1 (1 when the minimum is 0).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from toolkit.documents.context import Meta
from toolkit.matching.evidence import DIRECT, Evidence, find, mentions, profile_lines, shadows
from toolkit.models.common import date_end, date_start
from toolkit.models.profile import Credential, Profile
from toolkit.models.rolepack import CredentialInfo, Level, RolePack, Skill, System

Status = Literal["met", "partial", "missing"]
WEIGHTS = {"skills": 0.60, "credentials": 0.25, "experience": 0.15}


@dataclass(frozen=True)
class GapItem:
    """One thing the level expects, and how the profile stands on it."""

    kind: Literal["skill", "system", "credential", "experience"]
    id: str
    name: str
    status: Status
    need: Literal["expected", "required", "preferred", "one of"] = "expected"
    evidence: tuple[str, ...] = ()
    """Profile lines that show it, as ``where: text``."""
    note: str | None = None


@dataclass(frozen=True)
class NextStep:
    """A concrete thing to do next."""

    title: str
    detail: str


@dataclass(frozen=True)
class GapReport:
    """The whole report, as plain data every format renders."""

    person: str
    role: str
    role_id: str
    level: str
    level_id: str
    level_years: str
    years: float
    score: int
    verdict: str
    parts: dict[str, int]
    skills: tuple[GapItem, ...]
    credentials: tuple[GapItem, ...]
    experience: GapItem
    next_steps: tuple[NextStep, ...]
    attribution: tuple[str, ...]
    meta: Meta
    counts: dict[str, int] = field(default_factory=dict)

    def to_data(self) -> dict[str, Any]:
        """Plain dicts and lists (for JSON and templates)."""
        import dataclasses

        return dataclasses.asdict(self)


def years_of_experience(profile: Profile, today: date) -> float:
    """Years worked, counting overlapping jobs once (entries without a start are skipped)."""
    spans = sorted(
        (date_start(job.start), today if job.current else date_end(job.end or job.start))
        for job in profile.experience
        if job.start
    )
    total = 0
    current_start: date | None = None
    current_end: date | None = None
    for start, end in spans:
        end = min(end, today)
        if current_end is None or start > current_end:
            if current_start is not None and current_end is not None:
                total += (current_end - current_start).days
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    if current_start is not None and current_end is not None:
        total += (current_end - current_start).days
    return round(max(total, 0) / 365.25, 1)


def _quote(e: Evidence) -> str:
    text = e.line.text if len(e.line.text) <= 110 else e.line.text[:107] + "..."
    return (
        f"{e.line.where}: {text}" if e.line.kind != "skill" else f"skills ({e.line.where}): {text}"
    )


_VOCABULARIES: dict[int, tuple[RolePack, list[str]]] = {}


def vocabulary(pack: RolePack) -> list[str]:
    """Every spelling a pack knows: skills, systems and credentials (cached per pack)."""
    cached = _VOCABULARIES.get(id(pack))
    if cached is not None and cached[0] is pack:
        return cached[1]
    words: list[str] = []
    for skill in pack.skills:
        words += skill.spellings()
    for system in pack.systems:
        words += system.spellings()
    for cred in pack.credentials:
        words += cred.spellings()
    _VOCABULARIES[id(pack)] = (pack, words)
    return words


def _skill_item(pack: RolePack, item_id: str, lines: list[Any], words: list[str]) -> GapItem:
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
    shown = tuple(_quote(e) for e in (direct or evidence)[:2])
    return GapItem(kind, item.id, item.name, status, "expected", shown)


def credential_status(
    info: CredentialInfo, held: list[Credential], words: list[str]
) -> tuple[Status, str | None, Credential | None]:
    """How a profile holds one credential: (status, note, the credential entry or None).

    ``words`` is the pack's :func:`vocabulary`, so a longer credential (CCS-P) never counts
    for a shorter one (CCS).
    """
    spellings = info.spellings()
    hide = shadows(spellings, words)
    for cred in held:
        if mentions(cred.name, spellings, hide):
            if cred.status == "active":
                return "met", None, cred
            note = {
                "in progress": "in progress",
                "eligible": "exam-eligible",
                "expired": "expired: renew it",
            }[cred.status]
            return "partial", note, cred
    return "missing", None, None


def _credential_items(pack: RolePack, level: Level, profile: Profile) -> list[GapItem]:
    out: list[GapItem] = []
    held = list(profile.credentials)
    words = vocabulary(pack)

    def item(cred_id: str, need: Literal["required", "preferred", "one of"]) -> GapItem:
        info = pack.credential(cred_id)
        status, note, cred = credential_status(info, held, words)
        evidence = (f"credentials: {cred.name}",) if cred else ()
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
                f"{names}. Not in your profile: if you have done the work, add a bullet that shows "
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
) -> GapReport:
    """Measure ``profile`` against ``level_id`` of ``pack``.

    Raises:
        KeyError: for an unknown level (the CLI turns it into a message listing the levels).
    """
    level = pack.level(level_id)
    when = document_date or today()
    lines = profile_lines(profile)
    words = vocabulary(pack)
    skills = [_skill_item(pack, sid, lines, words) for sid in level.skills]
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
    return GapReport(
        person=name,
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
        meta=Meta(
            title=f"{name} — readiness for {level.title}",
            author=name,
            lang="en-US",
            date=when.isoformat(),
            subject=f"{pack.title}: skills gap",
        ),
        counts=counts,
    )
