"""Find what a profile says about a term: every line that names it, with where it stands.

A profile is flattened into :class:`Line` objects (a bullet, a skill, a credential, a summary
…), each with its field path and how strong a proof it is: a bullet or a listed skill proves
more than a mention in the summary. :func:`find` looks a term up by all its spellings.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from toolkit.load.sources import PathT
from toolkit.models.profile import Profile

DIRECT = 1.0
"""A bullet, a listed skill, a credential, a job title: the profile shows it."""
MENTION = 0.5
"""A summary, a headline, a course: the profile only says it."""


@dataclass(frozen=True)
class Line:
    """One piece of text in a profile."""

    path: PathT
    text: str
    kind: str
    """``highlight``, ``skill``, ``credential``, ``title``, ``summary``, ``education`` …"""
    where: str
    """A label a person recognises, e.g. ``Health Information Technician II, Riverbend``."""
    strength: float


@dataclass(frozen=True)
class Evidence:
    """A line that names a term."""

    line: Line
    matched: str
    """The spelling that matched."""


EXAMPLE_MARK = "[EXAMPLE - replace]"
"""The marker of example text in role-aware starters: never evidence of anything."""


def profile_lines(profile: Profile) -> list[Line]:
    """Every line of a profile that can prove something (example text left out)."""
    return [line for line in all_lines(profile) if EXAMPLE_MARK not in line.text]


def all_lines(profile: Profile) -> list[Line]:
    """Every line of a profile, example text included."""
    out: list[Line] = []
    b = profile.basics
    if b.headline:
        out.append(Line(("basics", "headline"), b.headline, "headline", "headline", MENTION))
    if b.summary:
        out.append(Line(("basics", "summary"), b.summary, "summary", "summary", MENTION))
    for key, text in b.summaries.items():
        out.append(Line(("basics", "summaries", key), text, "summary", f"summary ({key})", MENTION))
    for n, job in enumerate(profile.experience):
        label = f"{job.title}, {job.employer}"
        out.append(Line(("experience", n, "title"), job.title, "title", label, DIRECT))
        for k, h in enumerate(job.highlights):
            out.append(Line(("experience", n, "highlights", k), h.text, "highlight", label, DIRECT))
        if job.summary:
            out.append(Line(("experience", n, "summary"), job.summary, "summary", label, DIRECT))
    for n, group in enumerate(profile.skills):
        for k, keyword in enumerate(group.keywords):
            out.append(Line(("skills", n, "keywords", k), keyword, "skill", group.name, DIRECT))
        if not group.keywords:
            out.append(Line(("skills", n, "name"), group.name, "skill", "skills", DIRECT))
    for n, cred in enumerate(profile.credentials):
        out.append(Line(("credentials", n, "name"), cred.name, "credential", cred.name, DIRECT))
    for n, lic in enumerate(profile.licences):
        out.append(Line(("licences", n, "name"), lic.name, "credential", lic.name, DIRECT))
    for n, ed in enumerate(profile.education):
        label = ed.institution
        for field in ("degree", "area"):
            value = getattr(ed, field)
            if value:
                out.append(Line(("education", n, field), value, "education", label, DIRECT))
        for k, course in enumerate(ed.courses):
            out.append(Line(("education", n, "courses", k), course, "course", label, MENTION))
        for k, h in enumerate(ed.highlights):
            out.append(Line(("education", n, "highlights", k), h.text, "highlight", label, DIRECT))
    for n, project in enumerate(profile.projects):
        label = project.name
        if project.description:
            out.append(
                Line(("projects", n, "description"), project.description, "project", label, DIRECT)
            )
        for k, h in enumerate(project.highlights):
            out.append(Line(("projects", n, "highlights", k), h.text, "highlight", label, DIRECT))
        for k, keyword in enumerate(project.keywords):
            out.append(Line(("projects", n, "keywords", k), keyword, "skill", label, DIRECT))
    for n, vol in enumerate(profile.volunteer):
        label = vol.organization
        for k, h in enumerate(vol.highlights):
            out.append(Line(("volunteer", n, "highlights", k), h.text, "highlight", label, DIRECT))
    for n, section in enumerate(profile.custom):
        for m, entry in enumerate(section.entries):
            out.append(
                Line(
                    ("custom", n, "entries", m, "title"),
                    entry.title,
                    "custom",
                    section.title,
                    MENTION,
                )
            )
            for k, h in enumerate(entry.highlights):
                out.append(
                    Line(
                        ("custom", n, "entries", m, "highlights", k),
                        h.text,
                        "highlight",
                        section.title,
                        DIRECT,
                    )
                )
    return out


_FOLD = re.compile(r"[\s\-\u2010-\u2015_/.,;:()\[\]]+")


def normalise(text: str) -> str:
    """Lower case with punctuation and runs of space folded to one space."""
    return " " + _FOLD.sub(" ", text.casefold()).strip() + " "


@functools.lru_cache(maxsize=4096)
def _core(spelling: str) -> tuple[str, bool]:
    """The folded words a match must contain, and whether the last word may take a plural."""
    words = normalise(spelling).strip().split(" ")
    last = words[-1]
    if len(last) > 4 and last.isalpha():
        if last.endswith("s") and not last.endswith(("ss", "is", "us")):
            words[-1] = last[:-1]
        return " ".join(words), True
    return " ".join(words), False


@functools.lru_cache(maxsize=4096)
def _pattern(spelling: str) -> re.Pattern[str]:
    """Whole words, with a plural or singular last word: "subpoenas" finds "subpoena"."""
    core, plural = _core(spelling)
    tail = "(?:s|es)?" if plural else ""
    return re.compile(r"(?<![a-z0-9])" + re.escape(core) + tail + r"(?![a-z0-9])")


@functools.lru_cache(maxsize=1024)
def _forms(text: str) -> tuple[str, str]:
    """``text`` folded as written and with hyphens removed ("clean-up" -> "cleanup")."""
    return normalise(text), normalise(text.replace("-", ""))


def shadows(spellings: Iterable[str], vocabulary: Iterable[str]) -> tuple[str, ...]:
    """The longer terms of ``vocabulary`` that contain one of ``spellings`` as whole words.

    ``CCS`` lies inside ``CCS-P`` and ``ICD-10`` inside ``ICD-10-PCS``: a text naming only the
    longer term does not name the shorter one, so those are removed before looking.
    """
    return _shadows(tuple(spellings), tuple(vocabulary))


@functools.lru_cache(maxsize=16384)
def _shadows(spellings: tuple[str, ...], vocabulary: tuple[str, ...]) -> tuple[str, ...]:
    own = {normalise(s).strip() for s in spellings if s.strip()}
    terms, folded, joined, starts = _vocabulary_index(vocabulary)
    # a match contains the spelling's folded words: find the terms holding them as plain
    # text first, then run the patterns on those few
    hits: set[int] = set()
    for spelling in own:
        core = _core(spelling)[0]
        at = joined.find(core)
        while at != -1:
            hits.add(bisect.bisect_right(starts, at) - 1)
            at = joined.find(core, at + 1)
    return tuple(
        terms[k]
        for k in sorted(hits)
        if folded[k].strip() not in own
        and any(_core(s)[0] in folded[k] and _pattern(s).search(folded[k]) for s in own)
    )


@functools.lru_cache(maxsize=8)
def _vocabulary_index(
    vocabulary: tuple[str, ...],
) -> tuple[list[str], list[str], str, list[int]]:
    """A pack's distinct terms, their folded forms, those forms joined by newlines (which no
    folded form holds), and where each starts in the joined text. A pack asks ~200 times."""
    terms = list(dict.fromkeys(vocabulary))
    folded = [normalise(t) for t in terms]
    starts = list(itertools.accumulate((len(f) + 1 for f in folded[:-1]), initial=0))
    return terms, folded, "\n".join(folded), starts


def mentions(text: str, spellings: Iterable[str], hide: Sequence[str] = ()) -> str | None:
    """The first spelling that ``text`` contains as whole words, or None.

    Args:
        text: where to look.
        spellings: the term's spellings.
        hide: longer terms to blank out first (see :func:`shadows`).
    """
    # "clean-up" should match "cleanup" as well as "clean up": look in both forms, hiding the
    # longer terms in the same form
    spaced, joined = _forms(text)
    # a match contains the spelling's folded words: most terms are ruled out by a plain
    # substring test before any pattern runs
    candidates = [
        s for s in spellings if s.strip() and (_core(s)[0] in spaced or _core(s)[0] in joined)
    ]
    if not candidates:
        return None
    for longer in hide:
        spaced = _pattern(longer).sub(" | ", spaced)
        joined = _pattern(longer.replace("-", "")).sub(" | ", joined)
    for spelling in candidates:
        if _pattern(spelling).search(spaced) or _pattern(spelling).search(joined):
            return spelling
    return None


def find(
    lines: Sequence[Line], spellings: Sequence[str], hide: Sequence[str] = ()
) -> list[Evidence]:
    """Every line naming the term, strongest first (ties in profile order)."""
    found = []
    for line in lines:
        matched = mentions(line.text, spellings, hide)
        if matched is not None:
            found.append(Evidence(line, matched))
    return sorted(found, key=lambda e: -e.line.strength)
