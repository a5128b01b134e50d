"""Tailor a profile to a posting by choosing and ordering what it already says.

Tailoring never writes a word of its own: it picks the summary variant that fits the
posting best, orders each job's bullets and the skills by how much of the posting they
prove, and raises the priority of relevant bullets so that fitting to a page budget leaves
out the least relevant ones first. Every employer, title, date, skill, credential and number
in a tailored resume comes from the profile as written.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from toolkit.matching.evidence import mentions, shadows
from toolkit.matching.facts import vocabulary
from toolkit.models.posting import JobPosting, Requirement
from toolkit.models.profile import Highlight, Profile
from toolkit.models.rolepack import RolePack, Skill, System

_WEIGHT = {"required": 3.0, "preferred": 1.0}


@dataclass
class Tailoring:
    """A tailored profile and what changed against the original."""

    profile: Profile
    changes: list[str] = field(default_factory=list)
    summary_variant: str | None = None


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
        # terms of another pack (the posting was read with a different one) are skipped
        self.requirements: list[Requirement] = [
            r.model_copy(update={"terms": [t for t in r.terms if t in self.spellings]})
            for r in job.requirements
            if any(t in self.spellings for t in r.terms)
        ]
        self.names = {i.id: i.name for i in items}

    def score(self, text: str) -> tuple[float, list[str]]:
        """(relevance, the names of the posting's terms the text proves)."""
        total = 0.0
        proved: dict[str, None] = {}
        cache: dict[str, bool] = {}
        for req in self.requirements:
            weight = 1.0 if req.kind == "responsibility" else _WEIGHT[req.importance]
            hits = 0
            for term in req.terms:
                if term not in cache:
                    names, hide = self.spellings[term]
                    cache[term] = mentions(text, names, hide) is not None
                if cache[term]:
                    hits += 1
                    proved[self.names[term]] = None
            total += weight * hits / len(req.terms)
        return total, list(proved)


def _order_highlights(
    highlights: list[Highlight], scorer: _Scorer
) -> tuple[list[Highlight], list[str]]:
    scored = []
    for index, h in enumerate(highlights):
        relevance, proved = scorer.score(h.text)
        scored.append((relevance, h.priority, -index, h, proved))
    ordered = sorted(scored, key=lambda s: (-s[0], -s[1], -s[2]))
    out = []
    proved_all: dict[str, None] = {}
    for relevance, _, _, h, proved in ordered:
        bump = min(50, round(relevance * 5))
        out.append(h.model_copy(update={"priority": max(-100, min(100, h.priority + bump))}))
        proved_all.update(dict.fromkeys(proved))
    return out, list(proved_all)


def tailor(profile: Profile, job: JobPosting, pack: RolePack) -> Tailoring:
    """Choose and order the profile's own content for ``job``; add nothing."""
    scorer = _Scorer(job, pack)
    changes: list[str] = []
    update: dict[str, object] = {}

    # the summary: the variant that proves most of the posting
    basics = profile.basics
    candidates: list[tuple[str | None, str]] = []
    if basics.summary:
        candidates.append((None, basics.summary))
    candidates += list(basics.summaries.items())
    variant: str | None = None
    if len(candidates) > 1:
        best = max(candidates, key=lambda c: scorer.score(c[1])[0])
        if best[0] is not None and scorer.score(best[1])[0] > scorer.score(basics.summary or "")[0]:
            variant = best[0]
            update["basics"] = basics.model_copy(update={"summary": best[1]})
            changes.append(f"summary: the '{variant}' variant, which names more of the posting")

    # bullets, job by job
    jobs = []
    for job_entry in profile.experience:
        ordered, proved = _order_highlights(list(job_entry.highlights), scorer)
        if [h.text for h in ordered] != [h.text for h in job_entry.highlights]:
            lead = ordered[0].text
            short = lead if len(lead) <= 70 else lead[:67] + "..."
            note = (
                f"{job_entry.title}, {job_entry.employer}: bullets reordered, first now '{short}'"
            )
            if proved:
                note += f" (shows {', '.join(proved[:4])})"
            changes.append(note)
        jobs.append(job_entry.model_copy(update={"highlights": ordered}))
    update["experience"] = jobs

    # skills: groups and keywords that the posting asks for first
    groups = []
    moved = []
    for group in profile.skills:
        keyed = [(scorer.score(k)[0], i, k) for i, k in enumerate(group.keywords)]
        keywords = [k for _, _, k in sorted(keyed, key=lambda x: (-x[0], x[1]))]
        if keywords != list(group.keywords):
            moved.append(group.name)
        relevance = sum(s for s, _, _ in keyed) + scorer.score(group.name)[0]
        groups.append((relevance, group.model_copy(update={"keywords": keywords})))
    ordered_groups = [g for _, g in sorted(groups, key=lambda x: -x[0])]
    if [g.name for g in ordered_groups] != [g.name for g in profile.skills]:
        changes.append(
            "skills: groups reordered, first now "
            + ", ".join(f"'{g.name}'" for g in ordered_groups[:2])
        )
    if moved:
        changes.append("skills: matched keywords first in " + ", ".join(f"'{m}'" for m in moved))
    update["skills"] = ordered_groups
    return Tailoring(profile.model_copy(update=update), changes, variant)


__all__ = ["Tailoring", "tailor"]
