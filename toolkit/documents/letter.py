"""Build a cover letter's context from a profile, a posting and the letter file.

The letter says nothing the profile does not: the paragraphs about the person's work quote
the profile's own bullets word for word (only the first letter's case may change), and
only the connecting sentences around them are ours. The tone changes those sentences and
nothing else.

Order of the body: an opening that names the role and the employer; one or two paragraphs
with the bullets that prove the posting's strongest met requirements (required ones first,
at most :data:`MAX_BULLETS` bullets); the letter file's own paragraphs; a closing. Without a
posting the body opens in general terms, quotes the profile's summary and its
highest-priority bullets. The letter fits one page: while it would not, the lowest-ranked
bullet is left out.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar

from toolkit.documents.context import Document
from toolkit.documents.page import Request, prepare
from toolkit.matching.evidence import find, profile_lines
from toolkit.matching.match import WEIGHTS, match_profile
from toolkit.models.letter import LetterOptions, Tone
from toolkit.models.options import DocumentOptions
from toolkit.models.posting import JobPosting
from toolkit.models.profile import Profile
from toolkit.models.rolepack import RolePack
from toolkit.roles import load_pack

log = logging.getLogger("toolkit")

MAX_BULLETS = 4
"""The most bullets a letter quotes."""

_CLOSINGS: dict[Tone, str] = {
    "formal": "Sincerely,",
    "warm": "Warm regards,",
    "concise": "Best regards,",
}
# Requirements a bullet cannot honestly answer: a credential or a degree is shown by the
# resume itself, not by a sentence of work.
_SKIP_KINDS = frozenset({"credential", "education"})
_CREDENTIAL_WORDS = re.compile(r"\b(certified|certification|credential|licen[cs]ed?)\b", re.I)
# First words after which "I ..." would not read as a sentence.
_NOT_VERBS = frozenset({"a", "an", "the", "over", "top", "more", "most", "one", "two"})


@dataclass(frozen=True)
class LetterContext(Document):
    """A cover letter: who it goes to, its paragraphs and its sign-off (text, no markup)."""

    recipient_lines: tuple[str, ...] = ()
    salutation: str = ""
    paragraphs: tuple[str, ...] = ()
    closing: str = ""
    signature: str = ""
    quoted: tuple[str, ...] = ()
    """The profile bullets the letter quotes, best first."""
    body: _Body | None = field(default=None, repr=False, compare=False)
    """The parts the paragraphs were made of (for :func:`shorten`)."""
    kind: ClassVar[str] = "letter"

    def content(self) -> dict[str, Any]:
        data = super().content()
        del data["body"]
        return data

    @property
    def date_text(self) -> str:
        """The document date in the locale's long form, e.g. ``March 3, 2026``."""
        return self.page.date_text


@dataclass(frozen=True)
class _Quote:
    """A bullet of the profile and the words that introduce it."""

    text: str
    employer: str
    ask: str | None
    """What the posting asks for, in the posting's pack terms, or ``None``."""


# --- choosing the evidence --------------------------------------------------------------------


def _term_name(pack: RolePack, term: str) -> str:
    item = pack.skill_or_system(term)
    name = item.name
    first = name.split()[0]
    is_system = item in pack.systems
    if not is_system and first[1:] == first[1:].lower() and first[:1].isupper():
        return name[0].lower() + name[1:]
    return name


def _ranked_quotes(profile: Profile, job: JobPosting, pack: RolePack, today: date) -> list[_Quote]:
    """Bullets proving the posting's met requirements, best first (one per bullet)."""
    match = match_profile(profile, job, pack, today, include_private=True)  # selected already
    bullets = [line for line in profile_lines(profile) if _is_work_bullet(line.path)]
    ranked = sorted(
        (
            (n, item)
            for n, item in enumerate(match.items)
            if item.status == "met"
            and item.requirement.kind not in _SKIP_KINDS
            and item.requirement.terms
            and not _CREDENTIAL_WORDS.search(item.requirement.text)
        ),
        key=lambda pair: (
            pair[1].requirement.importance != "required",
            -WEIGHTS[
                (pair[1].requirement.importance, pair[1].requirement.kind == "responsibility")
            ],
            -pair[1].score,
            pair[0],
        ),
    )
    seen: set[str] = set()
    quotes: list[_Quote] = []
    for _, item in ranked:
        # The match's own evidence first, then any bullet that names one of the terms.
        candidates = []
        if item.evidence is not None and _is_work_bullet(item.evidence.path):
            candidates.append(item.evidence)
        for term in item.requirement.terms:
            spellings = pack.skill_or_system(term).spellings()
            candidates.extend(ev.line for ev in find(bullets, spellings))
        for line in candidates:
            if line.text in seen:
                continue
            named = [
                _term_name(pack, term)
                for term in item.requirement.terms
                if find([line], pack.skill_or_system(term).spellings())
            ]
            if not named:
                continue
            seen.add(line.text)
            employer = profile.experience[int(line.path[1])].employer
            quotes.append(_Quote(line.text, employer, _join(list(dict.fromkeys(named)))))
            break
    return quotes


def _is_work_bullet(path: tuple[str | int, ...]) -> bool:
    return len(path) == 4 and path[0] == "experience" and path[2] == "highlights"


def _top_bullets(profile: Profile) -> list[_Quote]:
    """The profile's highest-priority work bullets (recent jobs first on a tie)."""
    found: list[tuple[tuple[int, int, int, int], _Quote]] = []
    for n, job in enumerate(profile.experience):
        for k, bullet in enumerate(job.highlights):
            key = (-bullet.priority, -job.priority, n, k)
            found.append((key, _Quote(bullet.text, job.employer, None)))
    return [quote for _, quote in sorted(found, key=lambda f: f[0])]


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# --- the sentences ---------------------------------------------------------------------------


def _lower_first(text: str) -> str:
    """``Process about …`` as ``process about …``; an acronym or a name keeps its case."""
    first = text.split(" ", 1)[0]
    if first[:1].isupper() and first[1:] == first[1:].lower():
        return text[0].lower() + text[1:]
    return text


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text[-1:] in ".!?" else text + "."


_ASKS: dict[Tone, tuple[str, ...]] = {
    "formal": (
        "Your posting asks for {ask}.",
        "You are also looking for {ask}.",
        "The posting also mentions {ask}.",
        "You list {ask} as well.",
    ),
    "warm": (
        "I noticed you are looking for {ask}.",
        "You also mention {ask}.",
        "I was pleased to see {ask} on your list too.",
        "You also ask for {ask}.",
    ),
    "concise": (
        "You ask for {ask}.",
        "You also ask for {ask}.",
        "You also list {ask}.",
        "Also {ask}.",
    ),
}


def _quote_sentence(quote: _Quote, tone: Tone, n: int | None) -> str:
    """Our words around one bullet, the bullet itself kept verbatim but for its first letter.

    ``n`` is the bullet's place in the letter (for varied wording), ``None`` to quote it
    without naming what the posting asks.
    """
    first = quote.text.split(" ", 1)[0].lower()
    if first in _NOT_VERBS:
        body = f"At {quote.employer}: {_sentence(quote.text)}"
    else:
        body = f"At {quote.employer} I {_sentence(_lower_first(quote.text))}"
    if n is None or not quote.ask:
        return body
    asks = _ASKS[tone]
    return f"{asks[n % len(asks)].format(ask=quote.ask)} {body}"


def _advertised(where: str | None) -> str | None:
    if not where:
        return None
    first = where.split(" ", 1)[0].lower()
    return where if first in {"in", "on", "at", "through", "via", "from"} else f"on {where}"


def _opening(tone: Tone, role: str | None, company: str | None, advertised: str | None) -> str:
    position = f"the {role} position" if role else "a position"
    at = f" at {company}" if company else ""
    where = f", as advertised {advertised}" if advertised else ""
    if tone == "warm":
        seen = f" {advertised}" if advertised else ""
        if role:
            return (
                f"I was glad to see the {role} opening{at}{seen}, and I would love to be "
                "considered for it. The role is close to the work I care about most."
            )
        return (
            f"I would love to be considered for a role{at}. The work your team does is "
            "close to the work I care about most."
        )
    if tone == "concise":
        return f"I am applying for {position}{at}{where}."
    return (
        f"I am writing to apply for {position}{at}{where}. "
        "I would welcome the opportunity to bring my experience to your team."
    )


def _evidence_paragraphs(quotes: list[_Quote], tone: Tone, general: bool) -> list[str]:
    if not quotes:
        return []
    lead = {
        "formal": "My recent work matches what this role requires.",
        "warm": "Here is some of the work I am proudest of.",
        "concise": "Relevant work:",
    }[tone]
    if general:
        lead = {
            "formal": "Some of my recent work:",
            "warm": "A few things I am proud of:",
            "concise": "Recent work:",
        }[tone]
    sentences = [_quote_sentence(q, tone, None if general else n) for n, q in enumerate(quotes)]
    if len(sentences) <= 2:
        return [" ".join([lead, *sentences])]
    cut = (len(sentences) + 1) // 2
    return [" ".join([lead, *sentences[:cut]]), " ".join(sentences[cut:])]


def _summary_paragraph(profile: Profile, tone: Tone) -> str | None:
    summary = profile.basics.summary
    if not summary:
        return None
    lead = {"formal": "In brief:", "warm": "A little about me:", "concise": "In brief:"}[tone]
    return f"{lead} {_sentence(summary)}"


def _closing_paragraph(tone: Tone, company: str | None) -> str:
    them = company or "your team"
    return {
        "formal": (
            "Thank you for considering my application. I would welcome the opportunity to "
            f"discuss how I can contribute to {them}."
        ),
        "warm": (
            "Thank you for reading my letter. I would love to talk with you about the role "
            f"and how I could help {them}."
        ),
        "concise": "Thank you for your time. I would be glad to talk at your convenience.",
    }[tone]


def salutation(hiring_manager: str | None, company: str | None) -> str:
    """``Dear Dana Rivera,`` (the name as given), else ``Dear Acme hiring team,``."""
    if hiring_manager:
        return f"Dear {hiring_manager},"
    if company:
        return f"Dear {company} hiring team,"
    return "Dear hiring team,"


# --- the context ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Body:
    """The parts a letter's paragraphs are made of, so fitting can quote one bullet fewer."""

    opening: str
    summary: str | None
    quotes: tuple[_Quote, ...]
    general: bool
    tone: Tone
    custom: tuple[str, ...]
    closing: str

    def paragraphs(self) -> tuple[str, ...]:
        body = [self.opening]
        if self.summary:
            body.append(self.summary)
        body += _evidence_paragraphs(list(self.quotes), self.tone, self.general)
        body += self.custom
        body.append(self.closing)
        return tuple(body)


def _with_body(ctx: LetterContext, body: _Body) -> LetterContext:
    return dataclasses.replace(
        ctx, paragraphs=body.paragraphs(), quoted=tuple(q.text for q in body.quotes), body=body
    )


def shorten(ctx: LetterContext) -> tuple[LetterContext, str] | None:
    """The letter with its lowest-ranked quoted bullet left out (for fitting one page)."""
    body = ctx.body
    if body is None or not body.quotes:
        return None
    dropped = body.quotes[-1]
    shorter = _with_body(ctx, dataclasses.replace(body, quotes=body.quotes[:-1]))
    return shorter, f"left out: {dropped.text}"


def build_letter(
    profile: Profile,
    job: JobPosting | None = None,
    options: LetterOptions | None = None,
    *,
    document_options: DocumentOptions | None = None,
    pack: RolePack | None = None,
    today: Callable[[], date] = date.today,
) -> LetterContext:
    """The cover letter's context (not yet fitted to a page; the pipeline does that).

    A shortcut for ``letter_context(prepare(profile, document_options, job=job), ...)``.
    """
    request = prepare(profile, document_options, job=job, today=today)
    return letter_context(request, options or LetterOptions(), pack=pack)


def letter_context(
    request: Request[Profile], options: LetterOptions, *, pack: RolePack | None = None
) -> LetterContext:
    """The cover letter's context from a prepared request (its profile already selected).

    Args:
        request: the page, the selected profile, the posting (``None``: a general letter).
        options: the letter file; its ``role`` names the pack to match the posting with.
        pack: the role pack, when the caller holds one; by default the letter's ``role``,
            else the posting's own pack.

    Raises:
        InputError: when a custom paragraph's placeholder has no value (located).
        NotFoundError: for an unknown role pack.
    """
    chosen = request.subject
    job = request.job
    tone = options.tone
    name = chosen.basics.name
    role = job.title if job else None
    company = options.company or (job.employer if job else None)
    manager = options.hiring_manager or options.recipient.name

    custom = options.fill_paragraphs(
        {"role": role, "company": company, "hiring_manager": manager, "my_name": name}
    )

    quotes: list[_Quote]
    general = job is None
    if job is not None:
        if pack is None and (options.role or job.role):
            pack = load_pack(options.role or job.role or "", request.packs)
        quotes = _ranked_quotes(chosen, job, pack, request.when) if pack is not None else []
        if not quotes:
            log.info("no met requirement has a bullet to quote; the letter quotes top bullets")
            general = True
    if general:
        quotes = _top_bullets(chosen)
    quotes = quotes[:MAX_BULLETS] if job is not None else quotes[: MAX_BULLETS - 1]

    recipient = [options.hiring_manager or options.recipient.name, options.recipient.title]
    recipient += [company, *options.company_address]
    page = request.page.titled(
        f"{name} — Cover letter" + (f" — {role}" if role else ""),
        subject=f"{role} at {company}" if role and company else role or company,
    )
    body = _Body(
        opening=_opening(tone, role, company, _advertised(options.advertised_in)),
        summary=_summary_paragraph(chosen, tone) if (job is None or general) else None,
        quotes=tuple(quotes),
        general=general,
        tone=tone,
        custom=tuple(custom),
        closing=_closing_paragraph(tone, company),
    )
    letter = LetterContext(
        page,
        recipient_lines=tuple(line for line in recipient if line),
        salutation=salutation(manager, company),
        closing=options.closing or _CLOSINGS[tone],
        signature=options.signature or name,
    )
    return _with_body(letter, body)
