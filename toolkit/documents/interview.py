"""The interview practice sheet: questions chosen for a level and a posting, with STAR outlines.

Questions come from the role pack. Those written for the level are scored by

- **relevance**: the skills a question probes that the posting asks for (required
  qualifications weigh 2, preferred ones and duties 1), plus half a point for each skill the
  level expects; without a posting, one point for each skill the profile shows and one for
  each skill the level expects;
- **weakness**: weak and missing areas get probing questions: a skill the posting asks for
  in a requirement the match found partial or missing earns 2 when the profile does not name
  it, 1.5 when the profile only mentions it (in a summary or headline) and 0.5 when it shows
  it; without a posting, the skills the level expects are measured the same way.

Scores are rounded to half points, so questions of about the same worth tie; ``seed``
shuffles the ties reproducibly (``random.Random(seed)``), and without a seed the pack's own
order breaks them. The set is then taken round-robin across the kinds (behavioral,
technical, compliance, situational, leadership), the best question of each kind per round,
so it stays balanced.

Each question gets a STAR outline seeded with the profile bullets that name its skills,
quoted verbatim with the job they come from; when none fits, the outline says so.
"""

from __future__ import annotations

import logging
import random
import re
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field

from toolkit.documents.context import Document
from toolkit.documents.page import Page, Request, prepare
from toolkit.matching.evidence import DIRECT, Line, find, profile_lines, shadows
from toolkit.matching.facts import level_for_posting, vocabulary, years_of_experience
from toolkit.matching.match import match_profile
from toolkit.models.common import Model
from toolkit.models.options import DocumentOptions
from toolkit.models.posting import JobPosting
from toolkit.models.profile import Profile
from toolkit.models.rolepack import Level, Question, RolePack, Skill, System
from toolkit.roles import pack_for

log = logging.getLogger("toolkit")

KINDS: tuple[str, ...] = ("behavioral", "technical", "compliance", "situational", "leadership")
"""Question kinds, in the order they are taken when their best questions tie."""

NO_EXAMPLE = (
    "No bullet in your profile fits — think of an example, or say how you would approach it."
)
"""What a STAR outline says when no profile bullet names the question's skills."""

MAX_SEEDS = 2
"""Profile bullets quoted per question at most."""

MAX_TO_ASK = 5
"""Questions to ask the interviewer, at most."""

Standing = Literal["shown", "mentioned", "missing"]
"""How a profile stands on a skill: a bullet or listed skill shows it, a summary only
mentions it, or it is not there."""


@dataclass(frozen=True)
class StarSeed:
    """A profile bullet quoted verbatim as the seed of an answer."""

    text: str
    """The bullet, exactly as the profile has it."""
    where: str
    """The job it comes from, e.g. ``Health Information Technician II, Riverbend``."""
    title: str | None = None
    employer: str | None = None


@dataclass(frozen=True)
class StarStep:
    """One step of a STAR outline: a prompt, a seed (or none) and lines for notes."""

    label: Literal["Situation", "Task", "Action", "Result"]
    prompt: str
    seed: str | None = None
    """A profile bullet, verbatim (Action and Result only)."""
    note_lines: int = 2
    """How many empty lines to leave for handwritten notes."""


@dataclass(frozen=True)
class StarOutline:
    """A Situation / Task / Action / Result outline for one question."""

    steps: tuple[StarStep, ...]
    example: StarSeed | None = None
    """The bullet the outline is seeded with, or None when no bullet fits."""
    others: tuple[StarSeed, ...] = ()
    """Other bullets that could serve as the example."""
    note: str | None = None
    """Said when no bullet fits (see :data:`NO_EXAMPLE`)."""


@dataclass(frozen=True)
class SheetQuestion:
    """One question of the sheet, with the reason it was chosen and its outline."""

    id: str
    text: str
    kind: str
    why: str
    strong_answer: str
    tips: tuple[str, ...]
    """Shown only when the sheet is made ``with_tips``."""
    skills: tuple[str, ...]
    """The names of the skills it probes."""
    reason_chosen: str
    star: StarOutline
    score: float = 0.0


@dataclass(frozen=True)
class AskQuestion:
    """A question for the candidate to ask the interviewer."""

    text: str
    why: str


@dataclass(frozen=True)
class InterviewSheet(Document):
    """The whole practice sheet, as plain data every format renders."""

    role: str = ""
    role_id: str = ""
    level: str = ""
    level_id: str = ""
    job_title: str | None = None
    employer: str | None = None
    questions: tuple[SheetQuestion, ...] = ()
    questions_to_ask: tuple[AskQuestion, ...] = ()
    with_tips: bool = False
    seed: int | None = None
    kind: ClassVar[str] = "interview"

    @property
    def heading(self) -> str:
        """``Interview practice — <job title, employer or the level>``."""
        return f"Interview practice — {self.target}"

    @property
    def target(self) -> str:
        """What the sheet prepares for: the job (at its employer) or the level."""
        if self.job_title and self.employer:
            return f"{self.job_title}, {self.employer}"
        return self.job_title or self.level

    def to_data(self) -> dict[str, Any]:
        """Plain dicts and lists (for JSON and templates); tips only in the tips variant."""
        data = super().to_data()
        data["heading"] = self.heading
        data["target"] = self.target
        if not self.with_tips:
            for question in data["questions"]:
                question["tips"] = []
        return data


class InterviewOptions(Model):
    """Options of the practice sheet."""

    role: str | None = None
    """A role pack id; by default the posting's pack, else the default pack."""
    level: str | None = None
    """A level id of the pack; by default the posting's level, else the profile's years."""
    count: Annotated[int, Field(ge=0, le=60)] = 10
    """How many questions."""
    seed: int | None = None
    """Shuffles questions of equal score reproducibly."""
    with_tips: bool = False
    """Show each question's tips."""


# --- standing of the profile on each skill ---------------------------------------------------


def _spellings(pack: RolePack, item_id: str) -> list[str]:
    """A skill's spellings and those of the narrower items that prove it."""
    item = pack.skill_or_system(item_id)
    spellings = item.spellings()
    narrower: list[Skill | System] = [*pack.skills, *pack.systems]
    for other in narrower:
        if item_id in other.satisfies:
            spellings += other.spellings()
    return spellings


class _Profiler:
    """Looks skills up in one profile's lines, once each."""

    def __init__(self, profile: Profile, pack: RolePack) -> None:
        self.pack = pack
        self.lines = profile_lines(profile)
        self.words = vocabulary(pack)
        self.bullets = [ln for ln in self.lines if ln.kind == "highlight"]
        self._standing: dict[str, Standing] = {}
        self._bullets: dict[str, list[Line]] = {}

    def standing(self, item_id: str) -> Standing:
        if item_id not in self._standing:
            spellings = _spellings(self.pack, item_id)
            evidence = find(self.lines, spellings, shadows(spellings, self.words))
            if any(e.line.strength >= DIRECT for e in evidence):
                self._standing[item_id] = "shown"
            else:
                self._standing[item_id] = "mentioned" if evidence else "missing"
        return self._standing[item_id]

    def bullets_naming(self, item_id: str) -> list[Line]:
        if item_id not in self._bullets:
            spellings = _spellings(self.pack, item_id)
            found = find(self.bullets, spellings, shadows(spellings, self.words))
            self._bullets[item_id] = [e.line for e in found]
        return self._bullets[item_id]


# --- scoring ---------------------------------------------------------------------------------


@dataclass
class _Scored:
    question: Question
    score: float
    reason: str


_WEAK_BONUS: dict[Standing, float] = {"missing": 2.0, "mentioned": 1.5, "shown": 0.5}
_STANDING_WORDS: dict[Standing, tuple[str, str]] = {
    "missing": ("which is not in your profile", "which are not in your profile"),
    "mentioned": ("which your profile only mentions", "which your profile only mentions"),
    "shown": (
        "where the posting's requirement is only partly met",
        "where the posting's requirements are only partly met",
    ),
}


def _probes(pack: RolePack, ids: list[str], standing: Standing) -> str:
    return f"probes {_names(pack, ids)}, {_STANDING_WORDS[standing][len(ids) > 1]}"


def _names(pack: RolePack, ids: list[str]) -> str:
    names = [pack.skill_or_system(i).name for i in ids]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _score_with_job(
    q: Question, level: Level, weights: dict[str, float], weak: set[str], prof: _Profiler
) -> _Scored:
    pack = prof.pack
    relevance = sum(weights.get(s, 0.0) for s in q.skills)
    relevance += 0.5 * sum(1 for s in q.skills if s in level.skills)
    weak_skills = [s for s in q.skills if s in weak]
    weakness = sum(_WEAK_BONUS[prof.standing(s)] for s in weak_skills)
    if weak_skills:
        worst = max(weak_skills, key=lambda s: _WEAK_BONUS[prof.standing(s)])
        same = [s for s in weak_skills if prof.standing(s) == prof.standing(worst)]
        reason = _probes(pack, same, prof.standing(worst))
    else:
        asked = [s for s in q.skills if s in weights]
        if asked:
            verb = "requires" if any(weights[s] >= 2 for s in asked) else "asks for"
            reason = f"covers {_names(pack, asked)}, which the posting {verb}"
        else:
            reason = f"rounds out the set with a {q.kind} question for the {level.title} level"
    return _Scored(q, relevance + weakness, reason)


def _score_without_job(q: Question, level: Level, prof: _Profiler) -> _Scored:
    pack = prof.pack
    expected = [s for s in q.skills if s in level.skills]
    shown = [s for s in q.skills if prof.standing(s) == "shown"]
    weak = [s for s in expected if prof.standing(s) != "shown"]
    relevance = float(len(shown) + len(expected))
    weakness = sum(_WEAK_BONUS[prof.standing(s)] for s in weak)
    if weak:
        missing = [s for s in weak if prof.standing(s) == "missing"]
        reason = _probes(pack, missing or weak, "missing" if missing else "mentioned")
    elif expected:
        reason = f"covers {_names(pack, expected)}, which the {level.title} level expects"
    elif shown:
        reason = f"builds on {_names(pack, shown)}, which your profile shows"
    else:
        reason = f"rounds out the set with a {q.kind} question for the {level.title} level"
    return _Scored(q, relevance + weakness, reason)


def _posting_weights(job: JobPosting) -> dict[str, float]:
    """Each term the posting names, weighed by the most important requirement naming it."""
    weights: dict[str, float] = {}
    for req in job.requirements:
        heavy = req.importance == "required" and req.kind != "responsibility"
        weight = 2.0 if heavy else 1.0
        for term in req.terms:
            weights[term] = max(weights.get(term, 0.0), weight)
    return weights


def _round_robin(scored: list[_Scored], count: int) -> list[_Scored]:
    """Take ``count`` questions, each round the best remaining question of every kind."""
    queues: dict[str, list[_Scored]] = {kind: [] for kind in KINDS}
    for item in scored:  # already in order, best first
        queues.setdefault(item.question.kind, []).append(item)
    taken: list[_Scored] = []
    while len(taken) < count and any(queues.values()):
        heads = [(kind, q[0]) for kind, q in queues.items() if q]
        order = {kind: n for n, kind in enumerate(queues)}
        heads.sort(key=lambda h: (-h[1].score, order[h[0]]))
        for kind, item in heads:
            if len(taken) >= count:
                break
            taken.append(item)
            queues[kind].pop(0)
    return taken


# --- STAR outlines ---------------------------------------------------------------------------


def _seed(line: Line, profile: Profile) -> StarSeed:
    title = employer = None
    if line.path[0] == "experience" and isinstance(line.path[1], int):
        job = profile.experience[line.path[1]]
        title, employer = job.title, job.employer
    return StarSeed(line.text, line.where, title, employer)


_WORD = re.compile(r"[a-z0-9]+")
_COMMON = frozenset(
    {
        "about",
        "after",
        "again",
        "also",
        "and",
        "any",
        "are",
        "because",
        "been",
        "before",
        "being",
        "both",
        "but",
        "can",
        "could",
        "did",
        "does",
        "doing",
        "done",
        "each",
        "from",
        "had",
        "has",
        "have",
        "how",
        "into",
        "its",
        "more",
        "most",
        "not",
        "other",
        "our",
        "over",
        "own",
        "same",
        "should",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "under",
        "very",
        "was",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "tell",
        "time",
        "describe",
        "walk",
        "give",
        "example",
    }
)
OVERLAP_ALONE = 4
"""Shared word stems that make a bullet fit a question even when it names none of its skills."""


def _stems(text: str) -> set[str]:
    """Content words cut to five letters, so "trained" and "training" meet."""
    return {w[:5] for w in _WORD.findall(text.casefold()) if len(w) > 2 and w not in _COMMON}


def _star(q: Question, profile: Profile, prof: _Profiler) -> StarOutline:
    """The outline, seeded with the bullets that fit the question best.

    A bullet fits when it names one of the question's skills, or shares at least
    :data:`OVERLAP_ALONE` word stems with it; the more skills and shared words, the better.
    """
    wanted = _stems(" ".join([q.text, *(prof.pack.skill_or_system(s).name for s in q.skills)]))
    skill_hits: dict[tuple[Any, ...], int] = {}
    for skill in q.skills:
        for line in prof.bullets_naming(skill):
            skill_hits[line.path] = skill_hits.get(line.path, 0) + 1
    fits: list[tuple[int, int, int, Line]] = []
    for n, line in enumerate(prof.bullets):
        hits = skill_hits.get(line.path, 0)
        overlap = len(wanted & _stems(line.text))
        if hits or overlap >= OVERLAP_ALONE:
            fits.append((hits, overlap, n, line))
    ranked = [f[3] for f in sorted(fits, key=lambda f: (-(2 * f[0] + f[1]), f[2]))]
    seeds = [_seed(line, profile) for line in ranked[:MAX_SEEDS]]
    example = seeds[0] if seeds else None
    if example is None:
        return StarOutline(
            steps=(
                StarStep("Situation", "Where were you, and what was going on?", None, 2),
                StarStep("Task", "What was yours to do, and why did it matter?", None, 2),
                StarStep("Action", "What did you do, step by step?", None, 3),
                StarStep("Result", "What came of it? Give a number if you can.", None, 3),
            ),
            note=NO_EXAMPLE,
        )
    # the job the bullet comes from is the context, shown above the steps
    return StarOutline(
        steps=(
            StarStep("Situation", "Where were you, and what was going on?", None, 2),
            StarStep("Task", "What was yours to do, and why did it matter?", None, 2),
            StarStep("Action", "What did you do? Your bullet:", example.text, 2),
            StarStep("Result", "What came of it? The numbers in your bullet:", example.text, 2),
        ),
        example=example,
        others=tuple(seeds[1:]),
    )


# --- the sheet -------------------------------------------------------------------------------


def infer_level(pack: RolePack, years: float) -> Level:
    """The highest level whose minimum years the profile reaches (the first level if none)."""
    chosen = pack.levels[0]
    for level in pack.levels:
        if level.years.min <= years:
            chosen = level
    return chosen


_WS = re.compile(r"\s+")


def interview_sheet(
    profile: Profile,
    *,
    job: JobPosting | None = None,
    role: str | None = None,
    level: str | None = None,
    count: int = 10,
    seed: int | None = None,
    with_tips: bool = False,
    options: DocumentOptions | None = None,
) -> InterviewSheet:
    """The practice sheet for ``profile``: a shortcut for
    ``interview_context(prepare(profile, options, job=job), InterviewOptions(...))``."""
    request = prepare(profile, options, job=job)
    opts = InterviewOptions(role=role, level=level, count=count, seed=seed, with_tips=with_tips)
    return interview_context(request, opts)


def interview_context(request: Request[Profile], options: InterviewOptions) -> InterviewSheet:
    """The practice sheet from a prepared request (its profile already selected): questions
    from ``options.role``'s pack, else the posting's, else the default pack."""
    return build_interview_sheet(
        request.subject,
        pack_for(options.role, request.job, request.packs),
        job=request.job,
        level=options.level,
        count=options.count,
        seed=options.seed,
        with_tips=options.with_tips,
        page=request.page,
    )


def build_interview_sheet(
    profile: Profile,
    pack: RolePack,
    *,
    job: JobPosting | None = None,
    level: str | None = None,
    count: int = 10,
    seed: int | None = None,
    with_tips: bool = False,
    document_date: date | None = None,
    page: Page | None = None,
) -> InterviewSheet:
    """Choose ``count`` practice questions for ``profile`` and outline an answer to each.

    Args:
        profile: the candidate.
        pack: the role pack the questions come from.
        job: the posting, when there is one: its requirements and the profile's match with
            them steer the choice.
        level: a level id of ``pack``; by default the highest level the profile's years of
            experience reach.
        count: how many questions to choose (fewer when the level has fewer).
        seed: shuffles questions of equal score reproducibly; None keeps the pack's order.
        with_tips: show each question's tips.
        document_date: the date of the sheet (today by default); years are counted to it.
        page: the prepared page (see :func:`toolkit.documents.page.prepare`); by default
            one is prepared from ``profile`` with the default options. The sheet's words
            are English, so its language stays ``en-US``.

    Returns:
        The sheet, ready for :func:`toolkit.formats.render`.

    Raises:
        KeyError: for a level id the pack does not have.
        ValueError: for a negative ``count``.
    """
    if count < 0:
        raise ValueError(f"count must be 0 or more, not {count}")
    if page is None:  # prepare it here, so private and tagged content stays out
        request = prepare(profile, DocumentOptions(document_date=document_date))
        page, profile = request.page, request.subject
    when = document_date or date.fromisoformat(page.meta.date)
    years = years_of_experience(profile, when)
    # the level the posting hires at, when it says; else the one the profile's years reach
    from_posting = level_for_posting(pack, job) if job is not None and not level else None
    chosen_level = pack.level(level) if level else from_posting or infer_level(pack, years)
    prof = _Profiler(profile, pack)
    candidates = [q for q in pack.questions if chosen_level.id in q.levels]
    if not candidates:
        log.warning("the pack %s has no interview questions for %s", pack.id, chosen_level.id)
    if seed is not None:
        random.Random(seed).shuffle(candidates)
    if job is not None:
        weights = _posting_weights(job)
        # the profile was selected by prepare(): keep what the options asked for
        match = match_profile(profile, job, pack, today=when, include_private=True)
        weak = {t for item in match.items if item.status != "met" for t in item.requirement.terms}
        scored = [_score_with_job(q, chosen_level, weights, weak, prof) for q in candidates]
    else:
        scored = [_score_without_job(q, chosen_level, prof) for q in candidates]
    for item in scored:
        item.score = round(item.score * 2) / 2
    scored.sort(key=lambda s: -s.score)  # stable: ties keep the shuffled (or pack) order
    picked = _round_robin(scored, count)
    questions = tuple(
        SheetQuestion(
            id=s.question.id,
            text=_WS.sub(" ", s.question.text).strip(),
            kind=s.question.kind,
            why=s.question.why,
            strong_answer=s.question.strong_answer,
            tips=tuple(s.question.tips),
            skills=tuple(pack.skill_or_system(i).name for i in s.question.skills),
            reason_chosen=s.reason,
            star=_star(s.question, profile, prof),
            score=s.score,
        )
        for s in picked
    )
    to_ask = tuple(
        AskQuestion(c.text, c.why)
        for c in pack.questions_to_ask
        if not c.levels or chosen_level.id in c.levels
    )[:MAX_TO_ASK]
    name = profile.basics.name
    job_title = job.title if job else None
    employer = job.employer if job else None
    target = f"{job_title}, {employer}" if job_title and employer else job_title
    page = page.titled(
        f"{name} — interview practice for {target or chosen_level.title}",
        subject=f"{pack.title}: interview practice",
    )
    return InterviewSheet(
        page.in_english(),  # the questions and prompts are English
        role=pack.title,
        role_id=pack.id,
        level=chosen_level.title,
        level_id=chosen_level.id,
        job_title=job_title,
        employer=employer,
        questions=questions,
        questions_to_ask=to_ask,
        with_tips=with_tips,
        seed=seed,
    )
