"""Read a cover letter as a hiring manager would, and say what to fix.

Findings (warnings, each with what to do): a phrase of five or more words said twice; a
quoted bullet that does not show what the letter says it answers; the employer or the job
title the posting states missing from the letter; more than one page; generic filler that
any applicant could write. Run after ``toolkit letter`` and by ``toolkit check --job``.
"""

from __future__ import annotations

import re
from collections import Counter

from toolkit.documents.letter import LetterContext
from toolkit.errors import Issue
from toolkit.matching.match import shows_doing
from toolkit.models.posting import JobPosting

REPEAT_WORDS = 5
"""A phrase this long said twice reads as assembled."""

_FILLER = (
    "team player",
    "hard-working",
    "hard working",
    "hardworking",
    "go-getter",
    "think outside the box",
    "results-driven",
    "results driven",
    "detail-oriented professional",
    "passionate about",
    "perfect fit",
    "ideal candidate",
    "matches what this role requires",
    "your posting asks for",
    "you are also looking for",
    "to whom it may concern",
    "i believe i would be",
    "dynamic",
    "synergy",
)
"""Phrases any applicant could write about anything (lower case)."""


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'\u2019-]+", text.casefold())


def repeated_phrases(paragraphs: tuple[str, ...], *, exclude: tuple[str, ...] = ()) -> list[str]:
    """Phrases of :data:`REPEAT_WORDS` words or more the letter says more than once (the
    employer's and the role's names, which a letter may well repeat, aside)."""
    text = " ".join(paragraphs)
    for name in exclude:
        if name:
            text = re.sub(re.escape(name), " ", text, flags=re.I)
    words = _words(text)
    grams = Counter(
        tuple(words[i : i + REPEAT_WORDS]) for i in range(len(words) - REPEAT_WORDS + 1)
    )
    found = [" ".join(g) for g, n in grams.items() if n > 1]
    # one finding per run: drop the phrases that overlap an earlier one
    out: list[str] = []
    for phrase in found:
        if not any(phrase.split()[:-1] == kept.split()[1:] or phrase in kept for kept in out):
            out.append(phrase)
    return out


def check_letter(
    ctx: LetterContext, job: JobPosting | None = None, pages: int | None = None
) -> list[Issue]:
    """What a careful reader would flag in this letter, each with a fix."""
    issues: list[Issue] = []
    body = "\n".join(ctx.paragraphs)
    folded = body.casefold()

    def flag(message: str, hint: str, path: tuple[str | int, ...] = ()) -> None:
        issues.append(Issue(message, path=path, hint=hint, severity="warning"))

    names = tuple(ctx.employers) + ((job.employer or "", job.title or "") if job else ())
    for phrase in repeated_phrases(ctx.paragraphs, exclude=names):
        flag(
            f"the letter says '{phrase}' more than once",
            "say it once, or word the second time differently",
        )
    for bullet, asks, matched in ctx.claims:
        words = matched.split()
        words[-1] = words[-1].removesuffix("s") if len(words[-1]) > 4 else words[-1]
        spaced = r"[\s-]+".join(re.escape(w) for w in words) + r"(?:e?s)?"  # either number
        named = re.search(rf"(?<!\w){spaced}", bullet, re.I) if matched else None
        if named is None or not shows_doing(bullet, matched):
            flag(
                f"'{_short(bullet)}' is offered for {asks}, but does not show it",
                "choose a bullet that shows it, or leave it out of the letter",
            )
    if job is not None:
        if job.employer and job.employer.casefold() not in folded:
            flag(
                f"the letter does not name the employer ({job.employer})",
                "name the employer in the opening, or set 'company:' in the letter file",
            )
        if job.title and job.title.casefold() not in folded:
            flag(
                f"the letter does not name the job title ({job.title})",
                "name the role in the opening",
            )
        if not job.title:
            flag(
                "the posting's job title was not read, so the letter names no role",
                "paste the posting with its title line, or write the role in a paragraph "
                "of the letter file",
            )
    if pages is not None and pages > 1:
        flag(
            f"the letter runs to {pages} pages",
            "shorten your own paragraphs in the letter file; a cover letter is one page",
        )
    for phrase in _FILLER:
        if re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", folded):
            flag(
                f"'{phrase}' is filler any applicant could write",
                "replace it with something you did, with its number and where",
            )
    return issues


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "…"
