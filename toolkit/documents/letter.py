"""Build a cover letter's context from a profile, a posting and the letter file.

The letter says nothing the profile does not. Its sentences are composed from phrase
tables we write per language and tone (``toolkit/locales/letters.yaml``); the person's own
bullets are the evidence, quoted as written (in English folded into our sentence from their
verb on: "At Riverbend, I process about 1,100 requests …").

Order of the body: an opening that names the role, the employer and where the posting was
seen, and one line on who the applicant is (headline, current job, strongest credential); one
or two paragraphs built around the posting's requirements the applicant meets best, grouped
by theme, each bullet introduced by where it was done (never the same employer twice in a
row in the same words); the letter file's own paragraphs; a closing with how to reach the
applicant. A weak match says less: one paragraph, no claim of fit. Without a posting, the
body quotes the highest-priority bullets. The letter fits one page: while it would not, the
lowest-ranked bullet is left out.

Letters are written in the profile's language when we have phrases for it (English,
French, German, Spanish); otherwise in English, left to right, and the build says so.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from importlib.resources import files
from typing import Any, ClassVar

from toolkit.documents.context import Document
from toolkit.documents.page import Request, prepare
from toolkit.documents.wording import with_the
from toolkit.load.sources import load_shipped
from toolkit.matching.evidence import find, profile_lines
from toolkit.matching.match import TRAINING_RECEIVED, MatchItem, match_profile, shows_doing
from toolkit.matching.tailor import strength
from toolkit.models.letter import LetterOptions, Tone
from toolkit.models.options import DocumentOptions
from toolkit.models.posting import JobPosting
from toolkit.models.profile import Profile
from toolkit.models.rolepack import RolePack, System
from toolkit.roles import load_pack

log = logging.getLogger("toolkit")

MAX_BULLETS = 3
"""The most bullets a letter quotes."""
WEAK = 45
"""Below this match score the letter quotes one bullet and claims no fit."""
LETTER_LANGUAGES = ("en", "fr", "de", "es")
"""Languages with phrase tables of their own."""

# Requirements a bullet cannot honestly answer: a credential or a degree is shown by the
# resume itself, not by a sentence of work.
_SKIP_KINDS = frozenset({"credential", "education", "language", "licence", "condition"})
_CREDENTIAL_WORDS = re.compile(r"\b(certified|certification|credential|licen[cs]ed?)\b", re.I)
# First words after which "I ..." would not read as a sentence.
_NOT_VERBS = frozenset(
    {"a", "an", "the", "over", "top", "more", "most", "one", "two", "first", "member", "part"}
)
_FRAMES = {
    "compliance": "knowledge",
    "guidelines": "knowledge",
    "code-sets": "knowledge",
    "clinical": "knowledge",
    "systems": "system",
    "communication": "quality",
    "leadership": "leadership",
}
"""How the letter frames what the posting asks, by the role pack's category of the term."""


@functools.cache
def _tables() -> dict[str, dict[str, dict[str, Any]]]:
    text = files("toolkit").joinpath("locales/letters.yaml").read_text("utf-8")
    data: dict[str, dict[str, dict[str, Any]]] = load_shipped(text)
    return data


@dataclass(frozen=True)
class Phrases:
    """One language's and tone's letter sentences, each variant used once per letter
    where the table has enough."""

    language: str
    tone: Tone
    used: dict[str, int] = field(default_factory=dict)

    def get(self, key: str, **values: Any) -> str:
        table = _tables()[self.language]
        raw = table[self.tone].get(key, table["any"].get(key))
        if raw is None:
            raise KeyError(f"{self.language}/{self.tone}: {key}")
        variants = raw if isinstance(raw, list) else [raw]
        n = self.used.get(key, 0)
        self.used[key] = n + 1
        return str(variants[n % len(variants)]).format(**values)

    def has(self, key: str) -> bool:
        table = _tables()[self.language]
        return key in table[self.tone] or key in table["any"]


def letter_language(language: str) -> str:
    """The language a letter is written in for a profile's language (English when we have
    no phrases for it)."""
    return language if language in LETTER_LANGUAGES else "en"


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
    claims: tuple[tuple[str, str, str], ...] = ()
    """Each quoted bullet, what the posting asks that it answers, and the words of the bullet
    that show it (for the letter check)."""
    employers: tuple[str, ...] = ()
    """The applicant's employers (names a letter may repeat)."""
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
    """A bullet of the profile, where it was done, and what of the posting it answers."""

    text: str
    employer: str
    job: int
    """The index of its job in the profile."""
    current: bool
    terms: tuple[tuple[str, str], ...] = ()
    """What the posting asks that this bullet shows: (the role pack's name, its frame)."""
    start: str = ""
    """When its job started (to say "before that" only of an earlier job)."""
    matched: str = ""
    """The words of the bullet that name what it answers."""

    @property
    def frame(self) -> str:
        """How the letter frames what this bullet answers (its first term's)."""
        return self.terms[0][1] if self.terms else "practice"


# --- choosing the evidence --------------------------------------------------------------------


def _term_name(pack: RolePack, term: str) -> str:
    """A term's name as it reads inside a sentence: "release of information (ROI)", but
    "Epic" and "HIPAA Privacy Rule" keep their capitals."""
    item = pack.skill_or_system(term)
    name = item.name
    first = name.split()[0]
    if isinstance(item, System) or not first[:1].isupper() or first[1:] != first[1:].lower():
        return name
    return name[0].lower() + name[1:]


def _frame(pack: RolePack, term: str) -> str:
    item = pack.skill_or_system(term)
    return "system" if isinstance(item, System) else _FRAMES.get(item.category, "practice")


def _ranked_quotes(
    profile: Profile, job: JobPosting, pack: RolePack, today: date
) -> tuple[list[_Quote], int]:
    """Bullets proving the posting's met requirements, best first (one per bullet), and the
    match score."""
    match = match_profile(profile, job, pack, today, include_private=True)  # selected already
    bullets = [line for line in profile_lines(profile) if _is_work_bullet(line.path)]
    core = set(job.keywords[:3])  # the terms the posting names most
    items = sorted(
        (
            (n, item)
            for n, item in enumerate(match.items)
            if item.status == "met"
            and item.requirement.kind not in _SKIP_KINDS
            and item.requirement.terms
            and not _CREDENTIAL_WORDS.search(item.requirement.text)
        ),
        key=lambda pair: (
            -len(set(pair[1].requirement.terms) & core),  # what the job is about first
            pair[1].requirement.importance != "required",
            pair[1].requirement.kind == "responsibility",
            -pair[1].score,
            pair[0],
        ),
    )
    seen: set[str] = set()
    quotes: list[_Quote] = []
    for _, item in items:
        quote = _quote_for(item, profile, pack, bullets, seen)
        if quote is not None:
            seen.add(quote.text)
            quotes.append(quote)
    return quotes, match.score


def _quote_for(
    item: MatchItem, profile: Profile, pack: RolePack, bullets: list[Any], seen: set[str]
) -> _Quote | None:
    """The work bullet that shows this requirement best: the match's own evidence, else
    the strongest bullet naming one of its terms and showing the person doing it."""
    candidates = []
    if item.evidence is not None and _is_work_bullet(item.evidence.path):
        candidates.append(item.evidence)
    others = []
    for term in item.requirement.terms:
        spellings = pack.skill_or_system(term).spellings()
        others += [
            ev.line
            for ev in find(bullets, spellings)
            if shows_doing(ev.line.text, ev.matched, proper=_frame(pack, term) == "system")
        ]
    candidates += sorted(others, key=lambda line: -strength(line.text))
    for line in candidates:
        if line.text in seen or TRAINING_RECEIVED.search(line.text):
            continue
        hits = {  # the terms this bullet names, each by words that show it being done
            term: found[0].matched
            for term in item.requirement.terms
            if (found := find([line], pack.skill_or_system(term).spellings()))
            and shows_doing(line.text, found[0].matched)
        }
        named = list(hits)
        if not named:
            continue
        n = int(line.path[1])
        role = profile.experience[n]
        terms = tuple(dict.fromkeys((_term_name(pack, t), _frame(pack, t)) for t in named))
        return _Quote(
            line.text, role.employer, n, bool(role.current), terms, role.start or "", hits[named[0]]
        )
    return None


def _is_work_bullet(path: tuple[str | int, ...]) -> bool:
    return len(path) == 4 and path[0] == "experience" and path[2] == "highlights"


def _top_bullets(profile: Profile) -> list[_Quote]:
    """The profile's highest-priority work bullets (recent jobs first on a tie)."""
    found: list[tuple[tuple[int, int, int, int], _Quote]] = []
    for n, job in enumerate(profile.experience):
        for k, bullet in enumerate(job.highlights):
            key = (-bullet.priority, -job.priority, n, k)
            quote = _Quote(bullet.text, job.employer, n, bool(job.current), (), job.start or "")
            found.append((key, quote))
    return [quote for _, quote in sorted(found, key=lambda f: f[0])]


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


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _a(phrase: str) -> str:
    """``a`` or ``an`` before an English phrase ("an RHIT", "a Registered …")."""
    word = phrase.split(" ", 1)[0]
    if word.isupper() and len(word) > 1:
        vowel_sound = word[0] in "AEFHILMNORSX"
    else:
        vowel_sound = word[:1].lower() in "aeio" or word.lower().startswith(("hour", "honest"))
    return ("an " if vowel_sound else "a ") + phrase


_GOING_ON = ("cite.same", "cite.again", "cite.current_again")
"""Cites that say the work went on where the letter already was ("I also …")."""


def _cite(
    phrases: Phrases,
    quote: _Quote,
    previous: list[_Quote],
    *,
    starts_paragraph: bool = False,
    introduced: str | None = None,
    after: str | None = None,
) -> tuple[str, str]:
    """One bullet with where it was done, and the phrase it took: worded so that no employer
    is named twice in a row and openings vary; a paragraph never opens on "there" or "also"
    alone, "before that" is said only of an earlier job, and two sentences in a row never
    both go on with "also" (``after`` is the phrase the sentence before took)."""
    key = _cite_key(phrases, quote, previous, starts_paragraph, introduced)
    if key in _GOING_ON and after in _GOING_ON and phrases.has(f"{key}_next"):
        key = f"{key}_next"
    values = {
        "employer": quote.employer,
        "clause": _sentence(_lower_first(quote.text)),
        "bullet": _sentence(quote.text),
    }
    return key, phrases.get(key, **values)


def _cite_key(
    phrases: Phrases,
    quote: _Quote,
    previous: list[_Quote],
    starts_paragraph: bool,
    introduced: str | None,
) -> str:
    last = previous[-1] if previous else None
    first_word = quote.text.split(" ", 1)[0].lower()
    english = phrases.language == "en"
    verb = english and first_word not in _NOT_VERBS and first_word[:1].isalpha()
    if english and not verb:
        return "cite.plain"
    if last is not None and last.job == quote.job and not starts_paragraph:
        return "cite.same"
    if any(q.job == quote.job for q in previous):
        known = quote.employer == introduced and quote.current
        return "cite.current_again" if known else "cite.again"
    if any(q.employer == quote.employer for q in previous):  # another role, same employer
        return "cite.again"
    if quote.current and quote.employer == introduced:  # the opening named it already
        return "cite.current_known"
    if quote.current:
        return "cite.current_first"
    if last is not None and quote.start and last.start and quote.start < last.start:
        return "cite.before"
    return "cite.past_first"


def _frame_sentence(phrases: Phrases, group: list[_Quote]) -> str | None:
    """What the posting asks, in words that fit the kind of thing asked (English only: the
    role packs name terms in English)."""
    frame = group[0].frame
    key = f"frame.{frame}"
    if not phrases.has(key):
        return None
    names = list(dict.fromkeys(with_the(n) for q in group for n, f in q.terms if f == frame))[:2]
    if any(" and " in n for n in names):  # "subpoena and court order processing" alone
        names = names[:1]
    terms = _join(names)
    if not phrases.get(key, terms="", Terms="", are=""):  # a tone without topic sentences
        return None
    plural = len(names) > 1
    text = phrases.get(key, terms=terms, Terms=_upper_first(terms), are="are" if plural else "is")
    return text


def _join(items: list[str], language: str = "en") -> str:
    if len(items) <= 1:
        return "".join(items)
    last = {"fr": " et ", "de": " und ", "es": " y "}.get(language, " and ")
    return ", ".join(items[:-1]) + last + items[-1]


def _evidence_paragraphs(
    phrases: Phrases, quotes: list[_Quote], mode: str, introduced: str | None = None
) -> list[str]:
    """The body: quotes grouped by what they answer (at most two paragraphs), each opened by
    what the posting asks; a weak match gets one paragraph and no claim of fit."""
    if not quotes:
        return []
    if mode == "general":
        return [" ".join([phrases.get("lead.general"), *_cites(phrases, quotes, introduced)])]
    if mode in ("weak", "unmatched"):
        lead = phrases.get("lead.weak" if mode == "weak" else "lead.other")
        return [" ".join([lead, *_cites(phrases, quotes[:1], introduced)])]
    groups: dict[str, list[_Quote]] = {}
    for quote in _two_themes(quotes):
        groups.setdefault(quote.frame, []).append(quote)
    ordered = list(groups.values())
    out: list[str] = []
    previous: list[_Quote] = []
    key: str | None = None
    for n, group in enumerate(ordered):
        sentences = []
        frame = _frame_sentence(phrases, group)
        if frame is not None:
            sentences.append(frame)
        elif n == 0:
            sentences.append(phrases.get("lead.strong"))
        for k, quote in enumerate(group):
            key, text = _cite(
                phrases, quote, previous, starts_paragraph=k == 0, introduced=introduced, after=key
            )
            sentences.append(text)
            previous.append(quote)
        out.append(" ".join(sentences))
    return out


def _two_themes(quotes: list[_Quote]) -> list[_Quote]:
    """The quotes of the two best themes (a paragraph each), best first."""
    frames: list[str] = []
    kept = []
    for quote in quotes:
        if quote.frame in frames or len(frames) < 2:
            frames += [] if quote.frame in frames else [quote.frame]
            kept.append(quote)
    return kept


def _cites(phrases: Phrases, quotes: list[_Quote], introduced: str | None) -> list[str]:
    previous: list[_Quote] = []
    out = []
    key: str | None = None
    for k, quote in enumerate(quotes):
        key, text = _cite(
            phrases, quote, previous, starts_paragraph=k == 0, introduced=introduced, after=key
        )
        out.append(text)
        previous.append(quote)
    return out


def _headline(profile: Profile) -> str | None:
    """The headline's first part ("Registered Health Information Technician (RHIT)" of
    "… | ROI & Coding Support")."""
    headline = profile.basics.headline
    if not headline:
        return None
    first = re.split(r"\s+[|\u00b7\u2022\u2013\u2014/]\s+|\s+-\s+", headline)[0]
    first = re.sub(r"\s*\((?![A-Z][\w-]*\))[^)]*\)", "", first)  # "(entry level)", not "(RHIT)"
    return first.strip() or None


def _strongest_credential(profile: Profile, already: str) -> str | None:
    """The first active credential the headline does not already name, by its abbreviation
    when it has one in brackets ("CCA"), else its name."""
    for cred in profile.credentials:
        if cred.status != "active":
            continue
        short = re.search(r"\(([A-Z][\w-]{1,9})\)", cred.name)
        name = short.group(1) if short else cred.name
        if not short and not re.search(r"certif|credential|licen", name, re.I):
            name += " certificate"
        if name.casefold() not in already.casefold() and cred.name.casefold() not in (
            already.casefold()
        ):
            return name
    return None


def _identity(phrases: Phrases, profile: Profile) -> tuple[str, str | None] | None:
    """One line on who the applicant is (headline, current or latest job, a credential),
    and the employer it names."""
    headline = _headline(profile)
    jobs = sorted(profile.experience, key=lambda j: (not j.current, -(int((j.start or "0")[:4]))))
    job = jobs[0] if jobs else None
    values: dict[str, Any] = {}
    if headline:
        values |= {"headline": headline, "a_headline": _a(headline)}
    if job is not None:
        values |= {"title": job.title, "a_title": _a(job.title), "employer": job.employer}
    said, held = (headline or "").casefold(), (job.title if job else "").casefold()
    same = bool(said and held and (held in said or said in held))
    if same and job is not None and job.current:  # "an HIM Supervisor, working as HIM Supervisor …"
        key = "identity.headline_at"
    elif headline and job is not None:
        key = "identity.headline_current" if job.current else "identity.headline_past"
    elif headline:
        key = "identity.headline"
    elif job is not None:
        key = "identity.current" if job.current else "identity.past"
    else:
        return None
    text = phrases.get(key, **values)
    credential = _strongest_credential(profile, text)
    if credential:
        text += " " + phrases.get("identity.credential", credential=credential)
    named = job.employer if job is not None and job.employer in text else None
    return text, named


def _opening(phrases: Phrases, role: str | None, company: str | None, where: str | None) -> str:
    advertised = phrases.get("advertised", where=where) if where else ""
    key = (
        "opening.role_company"
        if role and company
        else "opening.role"
        if role
        else "opening.company"
        if company
        else "opening.none"
    )
    return phrases.get(key, role=role, company=company, advertised=advertised)


def _advertised(where: str | None) -> str | None:
    if not where:
        return None
    first = where.split(" ", 1)[0].lower()
    prepositions = {"in", "on", "at", "through", "via", "from", "sur", "dans", "auf", "bei", "en"}
    return where if first in prepositions else f"on {where}"


def _contact(profile: Profile, language: str) -> str | None:
    b = profile.basics
    both = {"fr": " ou ", "de": " oder ", "es": " o "}.get(language, " or ")
    reach = [v for v in (b.phone, b.email) if v]
    return both.join(reach) if reach else None


def _closing_paragraph(phrases: Phrases, profile: Profile, company: str | None) -> str:
    contact = _contact(profile, phrases.language)
    them = company or {"fr": "votre équipe", "de": "Ihr Team", "es": "su equipo"}.get(
        phrases.language, "your team"
    )
    if contact:
        return phrases.get("closing.contact", company=them, contact=contact)
    return phrases.get("closing.none", company=them)


def salutation(hiring_manager: str | None, company: str | None, language: str = "en") -> str:
    """The greeting in the letter's language: ``Dear Dana Rivera,`` (the name as given),
    ``Dear Acme hiring team,``, ``Dear hiring manager,``; ``Sehr geehrte Frau Weber,``,
    ``Madame, Monsieur,``, ``Estimada Sra. Ruiz:``."""
    phrases = Phrases(letter_language(language), "formal")
    if hiring_manager:
        name = hiring_manager.strip()
        if phrases.language == "de":
            if name.startswith("Frau "):
                return f"Sehr geehrte {name},"
            if name.startswith("Herr "):
                return f"Sehr geehrter {name},"
        if phrases.language == "fr":
            for title in ("Madame", "Monsieur"):
                if name.startswith(title + " ") or name == title:
                    return f"{title},"
        if phrases.language == "es":
            if name.startswith(("Sra.", "Sra ", "Señora")):
                return f"Estimada {name}:"
            if name.startswith(("Sr.", "Sr ", "Señor")):
                return f"Estimado {name}:"
        return phrases.get("salutation.named", name=name)
    if company:
        return phrases.get("salutation.team", company=company)
    return phrases.get("salutation.none")


# --- the context ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Body:
    """The parts a letter's paragraphs are made of, so fitting can quote one bullet fewer."""

    opening: str
    quotes: tuple[_Quote, ...]
    mode: str
    """``strong``; ``weak`` (a low match: one bullet, no claim of fit); ``unmatched`` (a
    posting nothing of the profile answers: one bullet, said to be other work); or
    ``general`` (no posting)."""
    language: str
    tone: Tone
    custom: tuple[str, ...]
    closing: str
    introduced: str | None = None
    """The employer the opening already named (the first bullet from it does not again)."""

    def paragraphs(self) -> tuple[str, ...]:
        phrases = Phrases(self.language, self.tone)
        body = [self.opening]
        body += _evidence_paragraphs(phrases, list(self.quotes), self.mode, self.introduced)
        body += self.custom
        body.append(self.closing)
        return tuple(body)


def _with_body(ctx: LetterContext, body: _Body) -> LetterContext:
    quotes = body.quotes[:1] if body.mode in ("weak", "unmatched") else body.quotes
    return dataclasses.replace(
        ctx,
        paragraphs=body.paragraphs(),
        quoted=tuple(q.text for q in quotes),
        claims=tuple(
            (q.text, _join([name for name, _ in q.terms]), q.matched) for q in quotes if q.terms
        ),
        body=body,
    )


def shorten(ctx: LetterContext) -> tuple[LetterContext, str] | None:
    """The letter with its lowest-ranked quoted bullet left out (for fitting one page)."""
    body = ctx.body
    if body is None or len(body.quotes) <= (1 if body.mode in ("weak", "unmatched") else 0):
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
            else the posting's own.

    Raises:
        InputError: when a custom paragraph's placeholder has no value (located).
        NotFoundError: for an unknown role pack.
    """
    chosen = request.subject
    job = request.job
    page = request.page
    language = letter_language(request.localizer.language)
    if language != request.localizer.language:
        log.warning(
            "the letter is in English: there are no letter phrases for '%s' yet (%s)",
            request.localizer.language,
            ", ".join(LETTER_LANGUAGES),
        )
        page = page.in_english()
    phrases = Phrases(language, options.tone)
    name = chosen.basics.name
    role = job.title if job else None
    company = options.company or (job.employer if job else None)
    manager = options.hiring_manager or options.recipient.name

    custom = options.fill_paragraphs(
        {"role": role, "company": company, "hiring_manager": manager, "my_name": name}
    )

    quotes: list[_Quote] = []
    mode = "general" if job is None else "strong"
    if job is not None:
        if pack is None and (options.role or job.role):
            pack = load_pack(options.role or job.role or "", request.packs)
        score = 0
        if pack is not None:
            quotes, score = _ranked_quotes(chosen, job, pack, request.when)
        if not quotes and score >= WEAK:  # met by credentials and skills, not by a bullet
            log.info("no met requirement has a bullet to quote; the letter quotes top bullets")
            mode = "general"
        elif not quotes:
            log.info("no met requirement has a bullet to quote; the letter says less")
            mode = "unmatched"
            quotes = _top_bullets(chosen)[:1]
        elif score < WEAK:
            mode = "weak"
    if mode == "general":
        quotes = _top_bullets(chosen)[: MAX_BULLETS - 1]
    quotes = _two_themes(quotes)[:MAX_BULLETS]

    recipient = [options.hiring_manager or options.recipient.name, options.recipient.title]
    recipient += [company, *options.company_address]
    page = page.titled(
        f"{name} — Cover letter" + (f" — {role}" if role else ""),
        subject=f"{role} at {company}" if role and company else role or company,
    )
    opening = (
        _opening(phrases, role, company, _advertised(options.advertised_in))
        if job is not None
        else phrases.get("opening.general")
    )
    identity = _identity(phrases, chosen)
    body = _Body(
        opening=f"{opening} {identity[0]}" if identity else opening,
        introduced=identity[1] if identity else None,
        quotes=tuple(quotes),
        mode=mode,
        language=language,
        tone=options.tone,
        custom=tuple(custom),
        closing=_closing_paragraph(phrases, chosen, company),
    )
    letter = LetterContext(
        page,
        recipient_lines=tuple(line for line in recipient if line),
        salutation=salutation(manager, company, language),
        closing=options.closing or phrases.get("closing.word"),
        signature=options.signature or name,
        employers=tuple(dict.fromkeys(job.employer for job in chosen.experience)),
    )
    return _with_body(letter, body)
