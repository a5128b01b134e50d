"""Tailor a profile to a posting by choosing and ordering what it already says.

Tailoring never writes a word of its own: it picks the summary variant that fits the
posting's role and level best, orders each role's bullets and the skills by how much of the
posting they prove, and raises the priority of relevant bullets so that fitting to a page
budget leaves out the least relevant ones first. Every employer, title, date, skill,
credential and number in a tailored resume comes from the profile as written.

It is never worse than the untailored resume:

- a role's lead bullets are the most relevant *and* strongest: relevance to the posting
  first, but of bullets about as relevant (four fifths as relevant or more, or within half
  a preferred requirement) the one with a number and a result leads; a bullet that proves
  nothing the posting asks never moves above the person's own first bullet, and a barely
  relevant one without a result does not displace a strong first bullet;
- a summary variant about managing (its key or text names a supervisor or manager role) is
  only picked for a posting that hires one, and a specialist variant only for one that does
  not; of variants about as relevant as the default summary, the default stays;
- :attr:`Tailoring.changes` lists only what changed against the untailored resume.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from toolkit.matching.evidence import mentions, shadows
from toolkit.matching.facts import level_for_posting, vocabulary
from toolkit.matching.match import shows_doing
from toolkit.models.posting import JobPosting, Requirement
from toolkit.models.profile import Experience, Highlight, Profile, Volunteer
from toolkit.models.rolepack import RolePack, Skill, System

_WEIGHT = {"required": 3.0, "preferred": 1.0}
_TITLE_WEIGHT = 3.0
"""What naming the posting's title terms counts for in a summary (a required item's weight):
the title says what the job is."""

_SOFT_SHARE = 1 / 3
"""What a requirement of soft skills only ("careful, consistent work": attention to detail)
counts for in a bullet, against one of the posting's work: nearly every bullet with a number
shows care, and it should not put a coding bullet above a disclosure review for an ROI job."""
_SOFT = "communication"
"""The role packs' category of soft skills."""
SIMILAR = 0.5
"""Relevance closer than this (half a preferred requirement) is about the same."""
_STRONG_SHARE = 0.5
"""How much more a bullet with a number and a result counts (half again, and half a
preferred requirement): a weaker bullet must be clearly more relevant to lead it."""
_CLOSE = 0.15
"""Lead scores within a sixth (or half a preferred requirement) of the best are about the
same: the person's order decides. Less than the strong share, so a bullet with a number and a
result always leads a bare one that is at most a quarter more relevant."""

# --- how strong a bullet is: a number and a result --------------------------------------------

_NOT_QUANTITIES = re.compile(
    r"\b[a-z]+(?:[-/][a-z]+)*-\d[\w.-]*"  # ICD-10-CM, COVID-19, GS-5
    r"|\b(?:part|level|band|title|grade|tier|phase|section|step|version|gs)\s*\d+[a-z]?\b"
    r"|\b\d+\s*cfr\b"  # 42 CFR Part 2
    r"|\b(?:19|20)\d\d\b",  # a year says when, not how much
    re.IGNORECASE,
)
_QUANTITY = re.compile(
    r"\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    r"thirty|forty|fifty|hundreds?|thousands?|millions?|dozens?|half|zero|doubled?|tripled?|"
    r"halved)\b",
    re.IGNORECASE,
)
_RESULT = re.compile(
    r"\b(?:cut|cutting|reduc\w*|lower\w*|rais\w*|increas\w*|improv\w*|lift\w*|sav(?:e|ed|es|ing)|"
    r"freed|freeing|grew|grow\w*|boost\w*|eliminat\w*|achiev\w*|exceed\w*|recover\w*|"
    r"prevent\w*|shorten\w*|doubl\w*|tripl\w*|halv\w*|hold(?:ing)?|held|kept|keeping|"
    r"accuracy|turnaround|backlog|rate|zero|instead of|approved|adopted)\b"
    r"|\bfrom\s+\S+\s+(?:\S+\s+)?to\s+\S*\d"  # "from 11.6 to 4.1 days"
    r"|\b(?:by|under|below|above|within)\s+\$?\d"  # "by 27%", "under 0.5% errors"
    r"|\bfound\s+\$",  # money recovered
    re.IGNORECASE,
)


def strength(text: str) -> float:
    """How strong a bullet reads, 0 to 1: half for a number (a count, a rate, money; not a
    code like ICD-10 or a year), half for a result (cut, raised, kept under, from X to Y)."""
    counted = _QUANTITY.search(_NOT_QUANTITIES.sub(" ", text)) is not None
    return 0.5 * counted + 0.5 * (_RESULT.search(text) is not None)


# --- what a summary is about: managing or the specialist work --------------------------------

_MANAGING = re.compile(
    r"\b(?:supervisor|supervisory|manager|director|head of|team lead(?:er)?)\b", re.IGNORECASE
)
"""A manager's title ("management" alone is also a field: health information management)."""
_MANAGING_KEY = re.compile(
    r"(?:^|[-_])(?:supervisor|supervision|supervisory|manager|management|mgmt|director|lead|"
    r"leader|leadership|head)(?:$|[-_])"
)
_SENTENCE_END = re.compile(r"[.!?:;](?:\s|$)")


def about_managing(key: str | None, text: str) -> bool:
    """Whether a summary presents the person for a supervisor or manager role: its key says
    so (``supervisor``, ``management``), its first sentence names the role ("HIM supervisor
    who builds teams …"), or it asks for one ("Ready for an HIM manager role")."""
    if key and _MANAGING_KEY.search(key.lower()):
        return True
    first = _SENTENCE_END.split(text, maxsplit=1)[0]
    if _MANAGING.search(first):
        return True
    return (
        re.search(
            r"\b(?:supervisor|supervisory|manager|management|director|leadership)\s+"
            r"(?:role|position|post|job|opportunit)",
            text,
            re.IGNORECASE,
        )
        is not None
    )


_TOP_TITLE = re.compile(
    r"\b(?:director|head of|manager|supervisor|supervisory|team lead(?:er)?|lead)\b", re.IGNORECASE
)


def posting_manages(job: JobPosting, pack: RolePack) -> bool | None:
    """Whether a posting hires a supervisor or manager: its title's rank word when it has a
    title, else the level its grade or the years it asks stand for
    (:func:`~toolkit.matching.facts.level_for_posting`); None when it says neither."""
    if job.title:
        return _TOP_TITLE.search(job.title) is not None
    level = level_for_posting(pack, job)
    return None if level is None else _TOP_TITLE.search(level.title) is not None


# --- relevance --------------------------------------------------------------------------------


@dataclass
class Tailoring:
    """A tailored profile and what changed against the original."""

    profile: Profile
    changes: list[str] = field(default_factory=list)
    """What changed against the untailored resume, one line each (``--explain``); empty when
    nothing did."""
    summary_variant: str | None = None
    """The key of the summary variant picked, or None when the summary is unchanged."""
    relevance: dict[str, float] = field(default_factory=dict)
    """How much of the posting each bullet of a role proves (0: nothing), by its text."""


class _Scorer:
    """Relevance of a line of text to the posting's requirements."""

    def __init__(self, job: JobPosting, pack: RolePack) -> None:
        words = vocabulary(pack)
        items: list[Skill | System] = [*pack.skills, *pack.systems]
        self.spellings: dict[str, tuple[list[str], tuple[str, ...]]] = {}
        for item in items:
            names = item.spellings()
            for other in items:
                if item.id in other.satisfies:
                    names += other.spellings()
            self.spellings[item.id] = (names, shadows(names, words))
        # a system named as a proper noun keeps its capital ("an epic conversion" is not Epic)
        self.proper = {
            s.casefold()
            for system in pack.systems
            if system.name[:1].isupper()
            for s in system.spellings()
            if s[:1].isupper()
        }
        # terms of another pack (the posting was read with a different one) are skipped, and
        # so are the conditions of the job ("a HIPAA-compliant home workspace"): to confirm,
        # not to prove
        self.requirements: list[Requirement] = [
            r.model_copy(update={"terms": [t for t in r.terms if t in self.spellings]})
            for r in job.requirements
            if r.kind != "condition" and any(t in self.spellings for t in r.terms)
        ]
        self.names = {i.id: i.name for i in items}
        self.soft = {s.id for s in pack.skills if s.category == _SOFT}
        self.title_terms = [t for t in self.spellings if self.proves(job.title or "", t)]
        self._cache: dict[str, tuple[float, list[str]]] = {}

    def proves(self, text: str, term: str) -> bool:
        """Whether ``text`` names ``term`` and shows the work ("no audit findings", "trained
        by", "redirected requests to the ROI desk" name a term without doing it)."""
        names, hide = self.spellings[term]
        matched = mentions(text, names, hide)
        if matched is None:
            return False
        return shows_doing(text, matched, proper=matched.casefold() in self.proper)

    def score(self, text: str) -> tuple[float, list[str]]:
        """(relevance, the names of the posting's terms the text proves)."""
        if text in self._cache:
            return self._cache[text]
        total = 0.0
        proved: dict[str, None] = {}
        known: dict[str, bool] = {}
        for req in self.requirements:
            weight = 1.0 if req.kind == "responsibility" else _WEIGHT[req.importance]
            if all(term in self.soft for term in req.terms):
                weight *= _SOFT_SHARE
            hits = 0
            for term in req.terms:
                if term not in known:
                    known[term] = self.proves(text, term)
                if known[term]:
                    hits += 1
                    proved[self.names[term]] = None
            total += weight * hits / len(req.terms)
        self._cache[text] = (total, list(proved))
        return self._cache[text]

    def title_score(self, text: str) -> float:
        """How much of what the posting's title names ``text`` shows (0 to the weight)."""
        if not self.title_terms:
            return 0.0
        named = sum(1 for t in self.title_terms if self.proves(text, t))
        return _TITLE_WEIGHT * named / len(self.title_terms)


# --- bullets ----------------------------------------------------------------------------------


def _lead_score(relevance: float, strong: float) -> float:
    """What orders a role's bullets: relevance, raised by half and by half a preferred
    requirement for a bullet with a number and a result, so that of two bullets about as
    relevant the stronger leads. A bullet proving nothing scores 0."""
    if relevance <= 0:
        return 0.0
    return relevance * (1 + _STRONG_SHARE * strong) + SIMILAR * strong


def _bump(relevance: float) -> int:
    """How much a bullet's priority rises for its relevance (so fitting leaves out the least
    relevant first): at least 1 for any relevance, at most 50."""
    return 0 if relevance <= 0 else max(1, min(50, round(relevance * 10)))


def own_order(highlights: Sequence[Highlight]) -> list[Highlight]:
    """A role's bullets as the untailored resume shows them: by priority, ties in file order."""
    return sorted(highlights, key=lambda h: -h.priority)


def order_highlights(
    highlights: Sequence[Highlight], scorer: _Scorer
) -> tuple[list[Highlight], dict[str, float]]:
    """A role's bullets for the posting, with priorities that keep that order when the
    profile is selected again, and each bullet's relevance."""
    own = own_order(highlights)
    if not own:
        return [], {}
    scored = []
    relevance: dict[str, float] = {}
    for position, h in enumerate(own):
        value = scorer.score(h.text)[0]
        relevance[h.text] = value
        strong = strength(h.text)
        lead = _lead_score(value, strong)
        if position == 0 and value <= 0:
            # the person's own first bullet keeps its place unless something relevant is
            # clearly stronger (a bullet about as strong proving a little does not do)
            lead = SIMILAR * strong
        scored.append((lead, position, h, value))
    # the most relevant and strongest first; of bullets scoring about the same as the best
    # left (within a sixth, or half a preferred requirement), the person's own order decides
    ordered = []
    while scored:
        best = max(s[0] for s in scored)
        floor = best - max(SIMILAR, _CLOSE * best)
        pick = min((s for s in scored if s[0] >= floor), key=lambda s: s[1])
        scored.remove(pick)
        ordered.append(pick)
    # priorities: raised by relevance, then raised further where needed so that none is
    # below a bullet placed after it (selection orders by priority, ties in this order)
    wanted = [max(-100, min(100, h.priority + _bump(value))) for _, _, h, value in ordered]
    for i in range(len(wanted) - 2, -1, -1):
        wanted[i] = max(wanted[i], wanted[i + 1])
    out = [
        s[2].model_copy(update={"priority": p}) if p != s[2].priority else s[2]
        for s, p in zip(ordered, wanted, strict=True)
    ]
    return out, relevance


def _role_name(entry: Experience | Volunteer) -> str:
    if isinstance(entry, Experience):
        return f"{entry.title}, {entry.employer}"
    return ", ".join(filter(None, [entry.position, entry.organization]))


def _short(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def _reorder_note(
    where: str, before: list[Highlight], after: list[Highlight], scorer: _Scorer
) -> str | None:
    """What ``--explain`` says about one role: None when its order did not change; else the
    first place that changed, the bullet now there and the posting's terms it shows."""
    at = next(
        (i for i, (a, b) in enumerate(zip(after, before, strict=True)) if a.text != b.text), None
    )
    if at is None:
        return None
    place = "first" if at == 0 else _ordinal(at + 1)
    note = f"{where}: bullets reordered, {place} now '{_short(after[at].text)}'"
    shown = scorer.score(after[at].text)[1]
    return note + (f" (shows {', '.join(shown[:4])})" if shown else "")


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# --- the summary ------------------------------------------------------------------------------


def _pick_summary(
    profile: Profile, job: JobPosting, pack: RolePack, scorer: _Scorer
) -> tuple[str, str] | None:
    """The summary variant (key, text) for the posting, or None to keep the default.

    Only variants of the posting's kind of role are candidates (about managing for a
    supervisor or manager posting, about the work itself for any other); of those, the one
    that names most of what the posting asks and its title, when that is clearly more than
    the default summary does.
    """
    basics = profile.basics
    if not basics.summaries:
        return None
    manages = posting_manages(job, pack)

    def score(key: str | None, text: str) -> float:
        own = f"{key} {text}" if key else text  # a key like "roi" names the work too
        return scorer.score(text)[0] + scorer.title_score(own)

    fits = [
        (key, text)
        for key, text in basics.summaries.items()
        if manages is None or about_managing(key, text) == manages
    ]
    if not fits:
        return None
    best = max(fits, key=lambda c: score(*c))  # ties: the first written
    default = score(None, basics.summary) if basics.summary else 0.0
    return best if score(*best) >= default + SIMILAR else None


# --- tailoring --------------------------------------------------------------------------------


def tailor(profile: Profile, job: JobPosting, pack: RolePack) -> Tailoring:
    """Choose and order the profile's own content for ``job``; add nothing.

    Args:
        profile: the (selected) profile.
        job: the posting.
        pack: the role pack the posting was read with.

    Returns:
        The tailored profile, the changes against the untailored resume (none when nothing
        changed), the summary variant picked and each bullet's relevance.
    """
    scorer = _Scorer(job, pack)
    changes: list[str] = []
    update: dict[str, object] = {}
    relevance: dict[str, float] = {}

    variant: str | None = None
    picked = _pick_summary(profile, job, pack, scorer)
    if picked is not None and picked[1] != profile.basics.summary:
        variant = picked[0]
        update["basics"] = profile.basics.model_copy(update={"summary": picked[1]})
        role = "supervisor or manager" if about_managing(*picked) else "specialist"
        changes.append(
            f"summary: the '{variant}' variant, which names more of the posting "
            f"(written for a {role} role)"
        )

    # bullets, role by role (jobs, then unpaid roles)
    roles: dict[str, list[object]] = {"experience": [], "volunteer": []}
    for section, entries in (("experience", profile.experience), ("volunteer", profile.volunteer)):
        for entry in entries:
            ordered, values = order_highlights(entry.highlights, scorer)
            relevance.update(values)
            note = _reorder_note(_role_name(entry), own_order(entry.highlights), ordered, scorer)
            if note:
                changes.append(note)
            roles[section].append(entry.model_copy(update={"highlights": ordered}))
    update.update(roles)

    # skills: groups and keywords that the posting asks for first
    groups = []
    moved = []
    for group in profile.skills:
        keyed = [(scorer.score(k)[0], i, k) for i, k in enumerate(group.keywords)]
        keywords = [k for _, _, k in sorted(keyed, key=lambda x: (-x[0], x[1]))]
        if keywords != list(group.keywords):
            moved.append(group.name)
        value = sum(s for s, _, _ in keyed) + scorer.score(group.name)[0]
        groups.append((value, group.model_copy(update={"keywords": keywords})))
    ordered_groups = [g for _, g in sorted(groups, key=lambda x: -x[0])]
    if [g.name for g in ordered_groups] != [g.name for g in profile.skills]:
        changes.append(
            "skills: groups reordered, first now "
            + ", ".join(f"'{g.name}'" for g in ordered_groups[:2])
        )
    if moved:
        changes.append("skills: matched keywords first in " + ", ".join(f"'{m}'" for m in moved))
    update["skills"] = ordered_groups
    return Tailoring(profile.model_copy(update=update), changes, variant, relevance)


__all__ = ["SIMILAR", "Tailoring", "about_managing", "posting_manages", "strength", "tailor"]
