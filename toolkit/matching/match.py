"""Match a profile to a posting: for each requirement, the best proof the profile holds.

Each requirement gets a status, a score in [0, 1], the profile line that proves it, and a
reason in words:

- **credential**: met by an active credential of the group (any alternative), partial when
  it is in progress, exam-eligible or expired;
- **experience**: met when the profile's years reach what is asked, partial when they reach
  half;
- **education**: met when a school entry names the same level (diploma, associate,
  bachelor, master), partial for a related certificate;
- **skill, qualification, duty**: the share of the pack terms it names that the profile shows
  in a bullet, a listed skill, a title or a credential (a summary mention counts half); a
  statement naming no pack term is compared word by word with the profile's lines.

Status: met at a score of 0.75 or more, partial from 0.35, else missing ("not in your
profile — add it only if true"). The overall score is 100 times the weighted mean of the scores:
required qualifications weigh 3, preferred ones 1, duties 1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from toolkit.errors import expect
from toolkit.matching.evidence import Line, find, normalise, profile_lines, shadows
from toolkit.matching.facts import credential_status, vocabulary, years_of_experience
from toolkit.models.posting import JobPosting, Requirement
from toolkit.models.profile import Profile
from toolkit.models.rolepack import RolePack, Skill, System
from toolkit.models.select import select

Status = Literal["met", "partial", "missing"]
WEIGHTS = {
    ("required", False): 3.0,
    ("preferred", False): 1.0,
    ("required", True): 1.0,
    ("preferred", True): 1.0,
}
MET, PARTIAL = 0.75, 0.35
_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "or",
        "the",
        "of",
        "to",
        "in",
        "for",
        "with",
        "on",
        "at",
        "by",
        "as",
        "is",
        "are",
        "be",
        "from",
        "your",
        "you",
        "our",
        "we",
        "will",
        "this",
        "that",
        "their",
        "its",
        "it",
        "any",
        "all",
        "other",
        "such",
        "into",
        "per",
        "within",
        "across",
        "using",
        "use",
        "able",
        "ability",
        "experience",
        "knowledge",
        "skills",
        "skill",
        "work",
        "working",
        "strong",
        "good",
        "excellent",
        "including",
        "include",
        "required",
        "preferred",
        "must",
        "plus",
        "years",
        "year",
        "least",
        "minimum",
    ]
)


@dataclass(frozen=True)
class MatchItem:
    """One requirement and how the profile meets it."""

    requirement: Requirement
    status: Status
    score: float
    evidence: Line | None
    reason: str


@dataclass(frozen=True)
class Match:
    """Every requirement with its evidence, and the overall score."""

    job: JobPosting
    items: list[MatchItem]
    score: int
    counts: dict[str, int] = field(default_factory=dict)
    profile: Profile | None = field(default=None, repr=False, compare=False)
    """The profile matched (its evidence paths are shown as paths in its file)."""

    def for_requirement(self, req_id: str) -> MatchItem:
        """The item of one requirement."""
        return next(i for i in self.items if i.requirement.id == req_id)

    def _file_path(self, path: tuple[str | int, ...]) -> tuple[str | int, ...]:
        return self.profile.file_path(path) if self.profile is not None else path

    def to_data(self) -> dict[str, Any]:
        """Plain data (JSON); evidence paths point at the profile file's lines."""
        return {
            "score": self.score,
            "counts": self.counts,
            "job": self.job.model_dump(mode="json", exclude={"text", "segments"}),
            "items": [
                {
                    "requirement": i.requirement.model_dump(mode="json"),
                    "status": i.status,
                    "score": round(i.score, 2),
                    "evidence": None
                    if i.evidence is None
                    else {
                        "text": i.evidence.text,
                        "where": i.evidence.where,
                        "path": list(self._file_path(i.evidence.path)),
                    },
                    "reason": i.reason,
                }
                for i in self.items
            ],
        }


def _words(text: str) -> set[str]:
    return {w for w in normalise(text).split() if w not in _STOP and len(w) > 2}


def _degree_level(text: str) -> int | None:
    low = text.lower()
    for level, pattern in (
        (4, r"\b(master|mba|msc|m\.s\.)"),
        (
            3,
            r"\bbachelor|\bb\.?s\.?\b|"
            r"\bbsc\b|\bba\b",
        ),
        (2, r"\bassociate|\baas\b|\ba\.a\.s"),
        (1, r"\bdiploma|\bged\b|high school|certificate"),
    ):
        if re.search(pattern, low):
            return level
    return None


def _status(score: float) -> Status:
    return "met" if score >= MET else "partial" if score >= PARTIAL else "missing"


def _credential_item(
    req: Requirement, profile: Profile, pack: RolePack, words: list[str]
) -> tuple[float, Line | None, str]:
    lines = {line.path: line for line in profile_lines(profile)}
    best: tuple[float, Line | None, str] = (0.0, None, "")
    for group in req.credentials:
        for cred_id in group:
            info = pack.credential(cred_id)
            status, note, cred = credential_status(info, list(profile.credentials), words)
            if cred is None:
                continue
            n = profile.credentials.index(cred)
            line = lines.get(("credentials", n, "name"))
            value = 1.0 if status == "met" else 0.5
            reason = (
                f"you hold {info.abbreviation}"
                if status == "met"
                else f"{info.abbreviation} is {note}"
            )
            if value > best[0]:
                best = (value, line, reason)
    if best[1] is None:
        names = " or ".join(pack.credential(c).abbreviation for g in req.credentials for c in g)
        return 0.0, None, f"{names} is not in your profile"
    return best


def _experience_item(req: Requirement, years: float) -> tuple[float, str]:
    wanted = req.years or 0
    if wanted <= 0:
        return 1.0, "no length of experience stated"
    ratio = min(years / wanted, 1.0)
    score = 1.0 if ratio >= 1 else 0.5 if ratio >= 0.5 else ratio
    return score, f"{years:g} years in your profile against {wanted:g} asked"


def _education_item(req: Requirement, profile: Profile) -> tuple[float, Line | None, str]:
    wanted = _degree_level(req.text)
    lines = [line for line in profile_lines(profile) if line.path[0] == "education"]
    best: tuple[float, Line | None, str] = (0.0, None, "no matching education in your profile")
    for n, school in enumerate(profile.education):
        level = _degree_level(
            " ".join(filter(None, [school.degree, school.area, school.institution]))
        )
        line = next((ln for ln in lines if ln.path[:2] == ("education", n)), None)
        if wanted is None or level is None:
            overlap = _words(req.text) & _words(
                " ".join(filter(None, [school.degree, school.area]))
            )
            if overlap:
                best = max(best, (0.75, line, "related study"), key=lambda b: b[0])
            continue
        if level >= wanted:
            return 1.0, line, "your education meets the level asked"
        best = max(best, (0.5, line, "a lower level of study than asked"), key=lambda b: b[0])
    if wanted == 1 and profile.experience and best[0] == 0:
        # a diploma is implied by any post-secondary entry; otherwise say it is not shown
        return 0.0, None, "not shown in your profile (add your diploma if you have one)"
    return best


def _terms_item(
    req: Requirement, pack: RolePack, lines: list[Line], words: list[str]
) -> tuple[float, Line | None, str]:
    if req.terms:
        found: list[tuple[str, Line, float]] = []
        missing: list[str] = []
        for term in req.terms:
            item = pack.skill_or_system(term)
            spellings = item.spellings()
            narrower: list[Skill | System] = [*pack.skills, *pack.systems]
            for other in narrower:
                if term in other.satisfies:
                    spellings += other.spellings()
            evidence = find(lines, spellings, shadows(spellings, words))
            if evidence:
                found.append((item.name, evidence[0].line, evidence[0].line.strength))
            else:
                missing.append(item.name)
        if not found:
            return 0.0, None, f"{', '.join(missing)} not in your profile"
        score = sum(s for _, _, s in found) / len(req.terms)
        best_line = max(found, key=lambda f: f[2])[1]
        reason = "shows " + ", ".join(n for n, _, _ in found)
        if missing:
            reason += "; not shown: " + ", ".join(missing)
        return score, best_line, reason
    if re.search(r"\b(certified|certification|credential|licen[cs]ed?)\b", req.text, re.I):
        # a credential the pack does not know: only the profile's credentials can prove it
        lines = [line for line in lines if line.kind == "credential"]
    wanted = _words(req.text)
    if not wanted:
        return 0.0, None, "nothing to compare"
    best: tuple[float, Line | None] = (0.0, None)
    for line in lines:
        overlap = len(wanted & _words(line.text)) / len(wanted)
        score = overlap * line.strength
        if score > best[0]:
            best = (score, line)
    if best[1] is None or best[0] < 0.2:
        return 0.0, None, "no line of your profile says this"
    shared = sorted(wanted & _words(best[1].text))
    return min(best[0] * 1.5, 1.0), best[1], "shares " + ", ".join(shared[:6])


def match_profile(
    profile: Profile,
    job: JobPosting,
    pack: RolePack,
    today: date | None = None,
    *,
    include_private: bool = False,
) -> Match:
    """Match every requirement of ``job`` with the profile's best evidence.

    Args:
        profile: the profile; what it marks ``private`` is no evidence unless
            ``include_private`` (the documents pass a profile already selected for them).
        job: the posting (from :func:`toolkit.load_job`).
        pack: the role pack to read it with (:func:`toolkit.roles.pack_for`).
        today: the date years of experience are counted to.

    Raises:
        ArgumentError: for arguments of the wrong type.
    """
    expect("profile", profile, Profile)
    expect("job", job, JobPosting)
    expect("pack", pack, RolePack)
    if not include_private:
        profile = select(profile)
    today = today or date.today()
    lines = profile_lines(profile)
    words = vocabulary(pack)
    years = years_of_experience(profile, today)
    items: list[MatchItem] = []
    for req in job.requirements:
        evidence: Line | None = None
        if req.kind == "credential" and req.credentials:
            score, evidence, reason = _credential_item(req, profile, pack, words)
        elif req.kind == "experience":
            score, reason = _experience_item(req, years)
            terms_score, evidence, terms_reason = _terms_item(req, pack, lines, words)
            if req.terms:
                score = min(score, max(terms_score, 0.5 if score >= 1 else terms_score))
                reason += "; " + terms_reason
        elif req.kind == "education":
            score, evidence, reason = _education_item(req, profile)
        else:
            score, evidence, reason = _terms_item(req, pack, lines, words)
        items.append(MatchItem(req, _status(score), score, evidence, reason))
    total = sum(
        WEIGHTS[(i.requirement.importance, i.requirement.kind == "responsibility")] for i in items
    )
    got = sum(
        WEIGHTS[(i.requirement.importance, i.requirement.kind == "responsibility")] * i.score
        for i in items
    )
    score = round(100 * got / total) if total else 0
    counts = {s: sum(1 for i in items if i.status == s) for s in ("met", "partial", "missing")}
    return Match(job, items, score, counts, profile)
