"""The interview practice sheet: questions chosen for a level and a posting, with STAR outlines.

**The level** is the one the posting hires at (:func:`choose_level`): its title's rank word,
its pay grade or the years it asks for (:func:`~toolkit.matching.facts.level_for_posting`),
else any years it mentions, else the pack's plain level (the one titled like the pack). The
applicant's own years of experience decide only when there is no posting, so a career
changer with years in another field is not asked supervisor questions.

**The set** mixes two pools, taken in turn so neither crowds out the other:

- *what the posting stresses*: questions on skills the posting asks for, scored by the
  requirements naming them (required qualifications weigh 2, preferred ones and duties 1,
  summed over the requirements, at most 4 a skill), plus half a point for each skill the level
  expects and half a point for each asked skill the profile shows;
- *the applicant's weak spots*: questions on skills named by requirements the match marks
  missing or partial, where the profile does not show the skill (2 when it does not name it,
  1.5 when a summary or headline only mentions it) or shows it but not the years an
  experience requirement asks (1), on top of the same relevance.

Without a posting the pools are the level's expected skills the profile shows, and those it
does not. Scores are rounded to half points, so questions of about the same worth tie; ``seed``
shuffles the ties reproducibly (``random.Random(seed)``), and without a seed the pack's own
order breaks them. The pool whose turn it is gives its best question of a kind not yet taken
this round (behavioral, technical, compliance, situational, leadership), else of a kind still
under its share of the set; the level's other questions fill in only when both pools are spent.

Each question says why it was asked in a whole sentence ("Asked because the posting requires
medical terminology, which your profile does not show yet."), naming a product or system only
when the posting or the profile names it; ``reason_chosen`` keeps the same reason as a phrase
for "chosen because it ...". Each question also gets a STAR outline from the
profile: the Situation is the description of the job (or project) the example comes from,
the Action a bullet that fits the question, the Result another bullet of the same job with an
outcome or a number. A step no profile line fits is left blank for the applicant; no line is
ever quoted twice, and every quote is verbatim.
"""

from __future__ import annotations

import logging
import math
import random
import re
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field

from toolkit.documents.context import Document
from toolkit.documents.page import Page, Request, prepare
from toolkit.documents.wording import with_the
from toolkit.matching.evidence import DIRECT, Line, find, profile_lines, shadows
from toolkit.matching.facts import level_for_posting, vocabulary, years_of_experience
from toolkit.matching.match import TRAINING_RECEIVED, match_profile, shows_doing
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
"""Profile bullets quoted per question in the Action and Result at most."""

MAX_TO_ASK = 5
"""Questions to ask the interviewer, at most."""

MAX_NAMES = 3
"""Skills a reason names at most; more are counted ("and two more")."""

ANSWER_LINES: dict[str, int] = {"Situation": 1, "Task": 1, "Action": 3, "Result": 2}
"""Writing lines per STAR step: seven a question, room for a two-minute answer."""

Standing = Literal["shown", "mentioned", "missing"]
"""How a profile stands on a skill: a bullet or listed skill shows it, a summary only
mentions it, or it is not there."""

Gap = Literal["missing", "mentioned", "experience"]
"""Why a skill the posting asks for is a weak spot: the profile does not name it, only
mentions it, or shows it without the years an experience requirement asks."""

LevelBasis = Literal["chosen", "posting", "posting-years", "posting-plain", "profile"]
"""Where the sheet's level came from (see :func:`choose_level`)."""

LEVEL_BASIS_WORDS: dict[str, str] = {
    "chosen": "the level you chose",
    "posting": "the level the posting hires at",
    "posting-years": "from the years of experience the posting mentions",
    "posting-plain": "the posting names no rank, pay grade or years",
    "profile": "from your years of experience; give a posting to match its level",
}
"""How the sheet says where its level came from."""


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
    """One step of a STAR outline: a prompt, a seed (or none) and lines for the answer."""

    label: Literal["Situation", "Task", "Action", "Result"]
    prompt: str
    seed: str | None = None
    """A line of the profile, verbatim: the description of the job for the Situation, a
    bullet for the Action and the Result; None leaves the step for the applicant."""
    note_lines: int = 2
    """How many empty lines to leave for the handwritten answer to this step."""


@dataclass(frozen=True)
class StarOutline:
    """A Situation / Task / Action / Result outline for one question."""

    steps: tuple[StarStep, ...]
    example: StarSeed | None = None
    """The bullet the outline is built on (the Action's, else the Result's), or None when no
    bullet fits."""
    others: tuple[StarSeed, ...] = ()
    """Other bullets that could serve as the example (never one the steps quote)."""
    note: str | None = None
    """Said when no bullet fits (see :data:`NO_EXAMPLE`)."""

    @property
    def answer_lines(self) -> int:
        """Writing lines for the whole answer."""
        return sum(step.note_lines for step in self.steps)


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
    """Why it was chosen, to follow "chosen because it": ``probes medical terminology, which
    the posting requires and your profile does not show yet``."""
    star: StarOutline
    score: float = 0.0
    reason: str = ""
    """Why it was chosen, as a whole sentence: ``Asked because the posting requires medical
    terminology, which your profile does not show yet.``"""
    focus: Literal["stressed", "gap", "level"] = "level"
    """What it practises: what the posting (without one, the level) stresses and the profile
    shows, a weak spot, or the level's ground."""


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
    level_basis: str = ""
    """Where the level came from, in words (see :data:`LEVEL_BASIS_WORDS`)."""
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
        for question, q in zip(data["questions"], self.questions, strict=True):
            question["star"]["answer_lines"] = q.star.answer_lines
            if not self.with_tips:
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
            evidence = [
                e
                for e in find(self.lines, spellings, shadows(spellings, self.words))
                if shows_doing(e.line.text, e.matched) and not TRAINING_RECEIVED.search(e.line.text)
            ]
            if any(e.line.strength >= DIRECT for e in evidence):
                self._standing[item_id] = "shown"
            else:
                self._standing[item_id] = "mentioned" if evidence else "missing"
        return self._standing[item_id]

    def bullets_naming(self, item_id: str) -> list[Line]:
        if item_id not in self._bullets:
            spellings = _spellings(self.pack, item_id)
            found = find(self.bullets, spellings, shadows(spellings, self.words))
            self._bullets[item_id] = [  # lines that show the person doing it, not training
                e.line  # received or work passed on ("redirected requests to the ROI desk")
                for e in found
                if shows_doing(e.line.text, e.matched) and not TRAINING_RECEIVED.search(e.line.text)
            ]
        return self._bullets[item_id]


_PASSED_ON = re.compile(r"\b(?:redirected|referred|forwarded|routed)\b", re.I)


# --- reasons, in whole sentences ---------------------------------------------------------------

_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_ACRONYM = re.compile(r"^\(?[A-Z0-9][A-Z0-9/&.-]*\)?[,;:]?$")


def _in_sentence(item: Skill | System) -> str:
    """A skill's name as it reads inside a sentence: "Medical terminology" becomes "medical
    terminology", "Encoder software" "encoder software"; products, acronyms and names with
    other capitals ("Epic", "HIPAA Privacy Rule", "Joint Commission standards") keep theirs."""
    name = item.name
    first, *rest = name.split()
    if isinstance(item, System) and not rest:  # "Epic", "Cerner": a product's name
        return name
    titled = first[:1].isupper() and first[1:] == first[1:].lower() and first.isalpha()
    proper = any(w[:1].isupper() and not _ACRONYM.match(w) for w in rest)
    return name[:1].lower() + name[1:] if titled and not proper else name


def join_words(words: list[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``; ``A and B, and C`` when a name has an "and" of its
    own, so the list still reads as three things."""
    if len(words) <= 1:
        return "".join(words)
    last = ", and " if any(" and " in w for w in words[:-1]) else " and "
    return ", ".join(words[:-1]) + last + words[-1]


def _names(pack: RolePack, ids: list[str]) -> str:
    """The skills' names joined as in a sentence; past :data:`MAX_NAMES`, the rest counted."""
    names = list(dict.fromkeys(with_the(_in_sentence(pack.skill_or_system(i))) for i in ids))
    if len(names) > MAX_NAMES:
        more = len(names) - MAX_NAMES + 1
        word = _NUMBER_WORDS[more] if more < len(_NUMBER_WORDS) else str(more)
        names = [*names[: MAX_NAMES - 1], f"{word} more"]
    return join_words(names)


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


@dataclass(frozen=True)
class _Reason:
    """Why a question is asked: a whole sentence and the fragment that follows "chosen
    because it" (the Markdown sheet's wording)."""

    sentence: str
    fragment: str


_GAP_WORDS: dict[Gap, str] = {
    "missing": "which your profile does not show yet",
    "mentioned": "which your profile mentions but no bullet shows yet",
    "experience": "",  # worded apart: the skill is shown, the years are not
}


def _gap_reason(names: str, verb: str, gap: Gap) -> _Reason:
    if gap == "experience":
        return _Reason(
            f"Asked because the posting {verb} more experience with {names} than your "
            "profile shows yet.",
            f"probes {names}, where the posting {verb} more experience than your profile shows yet",
        )
    said = _GAP_WORDS[gap]
    tail = said.removeprefix("which ")
    return _Reason(
        f"Asked because the posting {verb} {names}, {said}.",
        f"probes {names}, which the posting {verb} and {tail}",
    )


def _filler_reason(q: Question, level: Level) -> _Reason:
    what = f"{_article(q.kind)} {q.kind} question for the {level.title} level"
    return _Reason(f"Asked to round out the set with {what}.", f"rounds out the set with {what}")


def _level_reason(names: str, level: Level, standing: Standing | None) -> _Reason:
    expects = f"the {level.title} level expects"
    if standing is None:
        return _Reason(f"Asked because {expects} {names}.", f"covers {names}, which {expects}")
    if standing == "shown":
        return _Reason(
            f"Asked because {expects} {names}, which your profile shows.",
            f"covers {names}, which {expects} and your profile shows",
        )
    gap: Gap = "missing" if standing == "missing" else "mentioned"
    said = _GAP_WORDS[gap]
    return _Reason(
        f"Asked because {expects} {names}, {said}.",
        f"probes {names}, which {expects} and {said.removeprefix('which ')}",
    )


# --- what the posting stresses, and the weak spots ---------------------------------------------


@dataclass
class _Posting:
    """What a posting asks of one profile: weights, verbs and weak spots by skill id."""

    weights: dict[str, float]
    """Summed over the requirements naming the skill (see the module docstring)."""
    named: dict[str, int]
    """How many requirements name the skill."""
    required: set[str]
    """Skills a required qualification names."""
    weak: dict[str, Gap]
    strongest: set[str]
    """The skills the profile shows most (in the most bullets, at least two)."""

    def verb(self, ids: list[str]) -> str:
        if any(self.named.get(i, 0) >= 2 for i in ids):
            return "stresses"
        return "requires" if any(i in self.required for i in ids) else "asks for"


_GAP_ORDER: dict[Gap, int] = {"missing": 0, "mentioned": 1, "experience": 2}
_GAP_BONUS: dict[Gap, float] = {"missing": 2.0, "mentioned": 1.5, "experience": 1.0}
_LEVEL_BONUS: dict[Standing, float] = {"missing": 2.0, "mentioned": 1.5, "shown": 0.0}


def _read_posting(job: JobPosting, profile: Profile, prof: _Profiler, today: date) -> _Posting:
    weights: dict[str, float] = {}
    named: dict[str, int] = {}
    required: set[str] = set()
    for req in job.requirements:
        heavy = req.importance == "required" and req.kind != "responsibility"
        for term in dict.fromkeys(req.terms):
            weights[term] = min(4.0, weights.get(term, 0.0) + (2.0 if heavy else 1.0))
            named[term] = named.get(term, 0) + 1
            if req.importance == "required":
                required.add(term)
    # the profile was selected by prepare(): keep what the options asked for
    match = match_profile(profile, job, prof.pack, today=today, include_private=True)
    weak: dict[str, Gap] = {}
    for item in match.items:
        if item.status == "met":
            continue
        for term in item.requirement.terms:
            standing = prof.standing(term)
            gap: Gap | None = None
            if standing != "shown":
                gap = standing
            elif item.requirement.kind == "experience":
                gap = "experience"
            if gap and (term not in weak or _GAP_ORDER[gap] < _GAP_ORDER[weak[term]]):
                weak[term] = gap
    shown = {t: len(prof.bullets_naming(t)) for t in weights if t not in weak}
    shown = {t: n for t, n in shown.items() if prof.standing(t) == "shown"}
    most = max(shown.values(), default=0)
    strongest = {t for t, n in shown.items() if n >= max(2, (most + 1) // 2)}  # shown most
    return _Posting(weights, named, required, weak, strongest)


@dataclass
class _Candidate:
    """A question with its score in each pool (None: not in that pool) and the reason it
    would be asked from there."""

    question: Question
    order: int
    stressed: tuple[float, _Reason] | None = None
    gap: tuple[float, _Reason] | None = None
    level: tuple[float, _Reason] | None = None


def _half(score: float) -> float:
    return round(score * 2) / 2


def _nameable(ids: list[str], prof: _Profiler, asked: dict[str, float] | None = None) -> list[str]:
    """The skills a reason may name: a product or system only when the posting asks for it or
    the profile names it, so the sheet brings in no system from elsewhere."""
    return [
        i
        for i in ids
        if isinstance(prof.pack.skill_or_system(i), Skill)
        or i in (asked or {})
        or prof.standing(i) != "missing"
    ]


def _with_job(q: Question, n: int, level: Level, post: _Posting, prof: _Profiler) -> _Candidate:
    pack = prof.pack
    relevance = sum(post.weights.get(s, 0.0) for s in q.skills)
    relevance += 0.5 * sum(1 for s in q.skills if s in level.skills)
    cand = _Candidate(q, n)
    weak = [s for s in q.skills if s in post.weak]
    if weak:
        worst = min(_GAP_ORDER[post.weak[s]] for s in weak)
        same = [s for s in weak if _GAP_ORDER[post.weak[s]] == worst]
        score = relevance + sum(_GAP_BONUS[post.weak[s]] for s in weak)
        reason = _gap_reason(_names(pack, same), post.verb(same), post.weak[same[0]])
        cand.gap = (_half(score), reason)
    asked = [s for s in q.skills if s in post.weights and s not in post.weak]
    if asked:
        shown = [s for s in asked if prof.standing(s) == "shown"]
        score = relevance + 0.5 * len(shown)
        names = _names(pack, shown or asked)
        verb = post.verb(shown or asked)
        best = [s for s in shown if s in post.strongest]
        if best:
            names, verb = _names(pack, best), post.verb(best)
            area = "area" if len(best) == 1 else "areas"
            reason = _Reason(
                f"Asked because the posting {verb} {names}, your strongest {area}.",
                f"covers {names}, which the posting {verb} and your profile shows most",
            )
        elif shown:
            reason = _Reason(
                f"Asked because the posting {verb} {names}, which your profile shows.",
                f"covers {names}, which the posting {verb} and your profile shows",
            )
        else:
            reason = _Reason(
                f"Asked because the posting {verb} {names}.",
                f"covers {names}, which the posting {verb}",
            )
        cand.stressed = (_half(score), reason)
    expected = _nameable([s for s in q.skills if s in level.skills], prof, post.weights)
    cand.level = (
        _half(relevance),
        _level_reason(_names(pack, expected), level, None)
        if expected
        else _filler_reason(q, level),
    )
    return cand


def _without_job(q: Question, n: int, level: Level, prof: _Profiler) -> _Candidate:
    pack = prof.pack
    expected = _nameable([s for s in q.skills if s in level.skills], prof)
    shown = [s for s in q.skills if prof.standing(s) == "shown"]
    relevance = float(len(shown) + len(expected))
    cand = _Candidate(q, n)
    weak = [s for s in expected if prof.standing(s) != "shown"]
    if weak:
        missing = [s for s in weak if prof.standing(s) == "missing"]
        score = relevance + sum(_LEVEL_BONUS[prof.standing(s)] for s in weak)
        standing: Standing = "missing" if missing else "mentioned"
        cand.gap = (_half(score), _level_reason(_names(pack, missing or weak), level, standing))
    strong = [s for s in expected if prof.standing(s) == "shown"]
    if strong:
        reason = _level_reason(_names(pack, strong), level, "shown")
        cand.stressed = (_half(relevance + 0.5 * len(strong)), reason)
    if shown:
        names = _names(pack, shown)
        reason = _Reason(
            f"Asked because your profile shows {names}: be ready to back it with an example.",
            f"builds on {names}, which your profile shows",
        )
    else:
        reason = _filler_reason(q, level)
    cand.level = (_half(relevance), reason)
    return cand


Pool = Literal["stressed", "gap", "level"]
_TURNS: tuple[Pool, Pool] = ("stressed", "gap")


def _in_pool(cand: _Candidate, pool: Pool) -> tuple[float, _Reason] | None:
    return {"stressed": cand.stressed, "gap": cand.gap, "level": cand.level}[pool]


def _pick(cands: list[_Candidate], count: int) -> list[tuple[_Candidate, Pool]]:
    """``count`` questions, taken in turn from what the posting stresses and from the weak
    spots (then from the level's ground), no kind more than its share."""
    kinds = {c.question.kind for c in cands}
    cap = math.ceil(count / len(kinds)) if kinds else 0
    taken: dict[str, int] = {}
    chosen: list[tuple[_Candidate, Pool]] = []
    left = list(cands)

    def best_in(pool: Pool, limit: int) -> _Candidate | None:
        scored = [
            (found[0], c)
            for c in left
            if (found := _in_pool(c, pool)) is not None and taken.get(c.question.kind, 0) < limit
        ]
        if not scored:
            return None
        return min(scored, key=lambda s: (-s[0], taken.get(s[1].question.kind, 0), s[1].order))[1]

    while len(chosen) < count and left:
        wanted = _TURNS[len(chosen) % 2]
        other = _TURNS[(len(chosen) + 1) % 2]
        this_round = len(chosen) // len(kinds) + 1  # each kind once a round, while it can
        # the pool whose turn it is (a kind not yet taken this round first), else the other,
        # each kind within its share; the level's ground only when both are spent; past a
        # kind's share only when nothing else is left
        order: list[tuple[Pool, int]] = [
            (wanted, this_round),
            (wanted, cap),
            (other, this_round),
            (other, cap),
            ("level", this_round),
            ("level", cap),
            ("level", count),
        ]
        pick = next(
            ((cand, pool) for pool, limit in order if (cand := best_in(pool, limit)) is not None),
            None,
        )
        if pick is None:
            break
        chosen.append(pick)
        left.remove(pick[0])
        taken[pick[0].question.kind] = taken.get(pick[0].question.kind, 0) + 1
    return chosen


# --- STAR outlines ---------------------------------------------------------------------------


def _seed(line: Line, profile: Profile) -> StarSeed:
    title = employer = None
    if line.path[0] == "experience" and isinstance(line.path[1], int):
        job = profile.experience[line.path[1]]
        title, employer = job.title, job.employer
    return StarSeed(line.text, line.where, title, employer)


def _setting(line: Line, profile: Profile) -> str | None:
    """The profile's own description of where a bullet's work happened: its job's
    description (else summary), its project's description, its school's or volunteer
    role's summary."""
    section, n = line.path[0], line.path[1]
    if not isinstance(n, int):
        return None
    if section == "experience":
        job = profile.experience[n]
        return job.description or job.summary
    if section == "projects":
        return profile.projects[n].description
    if section == "education":
        return profile.education[n].summary
    if section == "volunteer":
        return profile.volunteer[n].summary
    return None


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
        "for",
    }
)
OVERLAP_ALONE = 4
"""Shared word stems that make a bullet fit a question even when it names none of its skills."""


def _stems(text: str) -> set[str]:
    """Content words cut to five letters, so "trained" and "training" meet."""
    return {w[:5] for w in _WORD.findall(text.casefold()) if len(w) > 2 and w not in _COMMON}


# a figure that is not part of a code's name ("ICD-10-CM") or a year ("in 2025")
_FIGURE = re.compile(r"(?<![\w-])(?!(?:19|20)\d\d\b)\d[\d,.]*(?:\s?%|\+)?(?![\w-])")
_CHANGE = re.compile(r"%|\bfrom\b[^.;]{1,40}?\bto\b|\bzero\b|\bno reportable\b")
_OUTCOME_WORDS = re.compile(
    r"\b(?:cut|cutting|reduc\w*|drop\w*|lower\w*|rais\w*|improv\w*|increas\w*|decreas\w*|"
    r"sav(?:e|ed|ing)|faster|fewer|cleared|eliminat\w*|achiev\w*|award\w*|recogni[sz]ed|"
    r"promoted|accuracy|passed|bringing|brought|without)\b",
    re.IGNORECASE,
)


def outcome_strength(text: str) -> int:
    """How plainly a line states a result: 2 for a change or a rate ("from 9% to 3.5%",
    "zero incidents"), 1 for a figure or an outcome word, 0 for neither."""
    figure = bool(_FIGURE.search(text))
    if figure and (_CHANGE.search(text) or _OUTCOME_WORDS.search(text)):
        return 2
    return 1 if figure or _OUTCOME_WORDS.search(text) else 0


_PROMPTS: dict[str, tuple[str, str]] = {
    # (with a line of the profile, without one)
    "Situation": (
        "Where were you, and what was going on? Your profile describes the place:",
        "Where were you, and what was going on?",
    ),
    "Task": ("", "What was yours to do, and why did it matter?"),
    "Action": (
        "What did you do? Start from this line of your profile:",
        "What did you do, step by step?",
    ),
    "Result": (
        "What came of it? Your profile records:",
        "What came of it? Give a number if you can.",
    ),
}


def _step(label: Literal["Situation", "Task", "Action", "Result"], seed: str | None) -> StarStep:
    with_seed, without = _PROMPTS[label]
    return StarStep(label, with_seed if seed else without, seed, ANSWER_LINES[label])


def _star(q: Question, profile: Profile, prof: _Profiler) -> StarOutline:
    """The outline, built on the bullets that fit the question best.

    A bullet fits when it names one of the question's skills, or shares at least
    :data:`OVERLAP_ALONE` word stems with it; the more skills and shared words, the better.
    The best bullet's job (or project) is the story: its description is the Situation; of the
    fitting bullets from there, the one that fits and states an outcome best (a change, a
    rate, a figure) is the Result and the best-fitting other one the Action. A step no line
    is left for is left blank for the applicant.
    """
    wanted = _stems(" ".join([q.text, *(prof.pack.skill_or_system(s).name for s in q.skills)]))
    skill_hits: dict[tuple[Any, ...], int] = {}
    for skill in q.skills:
        for line in prof.bullets_naming(skill):
            skill_hits[line.path] = skill_hits.get(line.path, 0) + 1
    fits: list[tuple[int, int, int, Line]] = []
    for n, line in enumerate(prof.bullets):
        if TRAINING_RECEIVED.search(line.text) or _PASSED_ON.search(line.text):
            continue  # training received, requests sent elsewhere: no story of doing it
        hits = skill_hits.get(line.path, 0)
        overlap = len(wanted & _stems(line.text))
        if hits or overlap >= OVERLAP_ALONE:
            fits.append((hits, overlap, n, line))
    fit = {f[3].path: 2 * f[0] + f[1] for f in fits}
    ranked = [f[3] for f in sorted(fits, key=lambda f: (-fit[f[3].path], f[2]))]
    if not ranked:
        return StarOutline(
            steps=tuple(_step(label, None) for label in ANSWER_LINES),  # type: ignore[arg-type]
            note=NO_EXAMPLE,
        )
    # the story: the job (or project) whose fitting lines tell the most, an Action and a Result
    groups: dict[tuple[Any, ...], list[Line]] = {}
    for line in ranked:
        groups.setdefault(line.path[:2], []).append(line)

    def worth(lines: list[Line]) -> float:
        second = fit[lines[1].path] / 2 if len(lines) > 1 else 0.0
        return fit[lines[0].path] + second + max(outcome_strength(ln.text) for ln in lines)

    story = max(groups.values(), key=worth)  # the first of the best: the best line's job
    # the Result: the line that fits and states an outcome best (the first of the best); the
    # Action: the best-fitting other line. A line alone is the Result only when it states a
    # change or a rate, not just a count ("about 180 encounters a week" is what was done).
    result: Line | None = max(story, key=lambda ln: fit[ln.path] + 2 * outcome_strength(ln.text))
    if result is not None and outcome_strength(result.text) < (1 if len(story) > 1 else 2):
        result = None
    action = next((ln for ln in story if ln is not result), None)
    used = [ln for ln in (action, result) if ln is not None]
    setting = _setting(used[0], profile)
    if setting and any(setting.strip() == ln.text.strip() for ln in used):
        setting = None
    # another story to tell, offered only when a step is left blank
    others = [_seed(ln, profile) for ln in ranked if ln not in used][: MAX_SEEDS - len(used)]
    return StarOutline(
        steps=(
            _step("Situation", setting),
            _step("Task", None),
            _step("Action", action.text if action else None),
            _step("Result", result.text if result else None),
        ),
        example=_seed(used[0], profile),
        others=tuple(others),
    )


# --- the sheet -------------------------------------------------------------------------------


def infer_level(pack: RolePack, years: float) -> Level:
    """The highest level whose minimum years ``years`` reach (the first level if none)."""
    chosen = pack.levels[0]
    for level in pack.levels:
        if level.years.min <= years:
            chosen = level
    return chosen


def plain_level(pack: RolePack) -> Level:
    """The pack's own job without a rank word: the level titled like the pack, else the
    first level past the entry one."""
    for level in pack.levels:
        if level.title.casefold() == pack.title.casefold():
            return level
    return next((lv for lv in pack.levels if lv.years.min > 0), pack.levels[0])


def choose_level(
    pack: RolePack, job: JobPosting | None, years: float, level: str | None = None
) -> tuple[Level, LevelBasis]:
    """The level to practise for, and where it came from.

    ``level`` when given; else, with a posting, the level it hires at (its title's rank word,
    pay grade or the years it requires, see
    :func:`~toolkit.matching.facts.level_for_posting`), else any years it mentions, else the
    pack's :func:`plain_level`; without a posting, the highest level the applicant's ``years``
    reach.

    Raises:
        KeyError: for a level id the pack does not have.
    """
    if level:
        return pack.level(level), "chosen"
    if job is None:
        return infer_level(pack, years), "profile"
    found = level_for_posting(pack, job)
    if found is not None:
        return found, "posting"
    mentioned = [r.years for r in job.requirements if r.years]
    if mentioned:
        return infer_level(pack, max(mentioned)), "posting-years"
    return plain_level(pack), "posting-plain"


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
        job: the posting, when there is one: the level it hires at, what it stresses and
            the profile's weak spots against it steer the choice.
        level: a level id of ``pack``; by default the posting's level (see
            :func:`choose_level`), and without a posting the highest level the profile's
            years of experience reach.
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
    chosen_level, basis = choose_level(pack, job, years, level)
    prof = _Profiler(profile, pack)
    questions_for_level = [q for q in pack.questions if chosen_level.id in q.levels]
    if not questions_for_level:
        log.warning("the pack %s has no interview questions for %s", pack.id, chosen_level.id)
    if seed is not None:
        random.Random(seed).shuffle(questions_for_level)
    if job is not None:
        post = _read_posting(job, profile, prof, when)
        cands = [
            _with_job(q, n, chosen_level, post, prof) for n, q in enumerate(questions_for_level)
        ]
    else:
        cands = [_without_job(q, n, chosen_level, prof) for n, q in enumerate(questions_for_level)]
    questions: list[SheetQuestion] = []
    for cand, pool in _pick(cands, count):
        q = cand.question
        score, reason = _in_pool(cand, pool) or (0.0, _filler_reason(q, chosen_level))
        questions.append(
            SheetQuestion(
                id=q.id,
                text=_WS.sub(" ", q.text).strip(),
                kind=q.kind,
                why=q.why,
                strong_answer=q.strong_answer,
                tips=tuple(q.tips),
                skills=tuple(pack.skill_or_system(i).name for i in q.skills),
                reason_chosen=reason.fragment,
                star=_star(q, profile, prof),
                score=score,
                reason=reason.sentence,
                focus=pool,
            )
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
        questions=tuple(questions),
        questions_to_ask=to_ask,
        with_tips=with_tips,
        seed=seed,
        level_basis=LEVEL_BASIS_WORDS[basis],
    )
