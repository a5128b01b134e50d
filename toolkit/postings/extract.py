r"""Read what a posting asks for: sections, bullets, required vs preferred, credentials, years.

Postings come in a few shapes: headed sections with bullets (Requirements, Qualifications,
Preferred, Responsibilities …), UK person specifications with Essential and Desirable
criteria, federal "Specialized Experience" paragraphs, and text whose bullets were lost. The
extractor walks the lines, keeps track of the section it is in, splits paragraphs into
statements, and classifies each one. Terms and credentials are found through the role pack's
taxonomy, with every alias, the longer spelling winning (``CCS-P`` is not ``CCS``).

Every step is linear in the posting's length: the patterns cannot backtrack over a run of spaces
(a quantifier over spaces is possessive, ``\s*+``, or a match starts only where the run does),
lines are joined from lists rather than by adding to a growing string, and only the terms the
whole posting names are looked for in each of its lines.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

from toolkit.matching.evidence import mentions, normalise, shadows
from toolkit.matching.facts import vocabulary
from toolkit.models.posting import JobPosting, Requirement, Segment
from toolkit.models.rolepack import RolePack, Skill, System
from toolkit.postings.fields import Fields, read_fields
from toolkit.postings.raw import RawPosting
from toolkit.postings.readers import read_posting, read_posting_text
from toolkit.postings.sections import Piece, segment
from toolkit.postings.statements import structure
from toolkit.roles import load_pack, pack_ids

# --- terms and credentials ------------------------------------------------------------------


@dataclass(frozen=True)
class _Vocabulary:
    terms: list[tuple[str, list[str], tuple[str, ...]]]
    """(id, spellings, longer spellings to hide) for skills and systems."""
    credentials: list[tuple[str, list[str], tuple[str, ...]]]

    @classmethod
    def of(cls, pack: RolePack) -> _Vocabulary:
        cached = _CACHE.get(id(pack))
        if cached is not None and cached[0] is pack:
            return cached[1]
        made = cls._make(pack)
        _CACHE[id(pack)] = (pack, made)
        return made

    @classmethod
    def _make(cls, pack: RolePack) -> _Vocabulary:
        words = vocabulary(pack)
        terms = []
        items: list[Skill | System] = [*pack.skills, *pack.systems]
        for item in items:
            spellings = item.spellings()
            terms.append((item.id, spellings, shadows(spellings, words)))
        creds = []
        for cred in pack.credentials:
            spellings = cred.spellings()
            creds.append((cred.id, spellings, shadows(spellings, words)))
        return cls(terms, creds)

    def named_in(self, text: str) -> _Vocabulary:
        """The terms and credentials that some part of ``text`` may name; the others cannot.

        :func:`mentions` finds a spelling in a line only where the line's folded form holds
        the folded spelling (less a plural ``s`` at most): so it holds the folded spelling
        less its last character, and so does the folded form of the whole text, which holds
        the folded form of every line and statement of it. The lines of a posting are then
        looked through for these few terms, not for the pack's hundreds.
        """
        spaced, joined = normalise(text), normalise(text.replace("-", ""))

        def named(spellings: list[str]) -> bool:
            stems = (normalise(s).strip()[:-1] for s in spellings)
            return any(stem in spaced or stem in joined for stem in stems)

        return _Vocabulary(
            [t for t in self.terms if named(t[1])], [c for c in self.credentials if named(c[1])]
        )


_CACHE: dict[int, tuple[RolePack, _Vocabulary]] = {}


def _find_terms(text: str, vocab: _Vocabulary) -> tuple[list[str], list[str]]:
    ids, spellings = [], []
    for item_id, words, hide in vocab.terms:
        found = mentions(text, words, hide)
        if found is not None:
            ids.append(item_id)
            spellings.append(found)
    return ids, spellings


_NAME_AND_ABBREVIATION = re.compile(
    r"\b(?:[A-Z][a-z]++[ \t]++(?:(?:of|in|and)[ \t]++)?){1,6}\(([A-Z][A-Z0-9-]{1,6})\)"
)
"""A credential's name followed by its abbreviation in brackets: one mention, not two."""


def _credential_named(text: str, words: list[str], hide: tuple[str, ...]) -> str | None:
    """The spelling of a credential the text names, an abbreviation only in its own case
    ("CoC standards" is not the COC credential)."""
    found = mentions(text, words, hide)
    if (
        found is not None
        and found.isupper()
        and len(found) <= 6
        and not re.search(r"(?<![A-Za-z0-9])" + re.escape(found) + r"(?![a-z0-9])", text)
    ):
        return None
    return found


def _credential_groups(text: str, vocab: _Vocabulary) -> list[list[str]]:
    """Credential ids in reading order, grouped where the posting offers alternatives."""
    text = _NAME_AND_ABBREVIATION.sub(r"\1", text)  # "Registered … Administrator (RHIA)" -> RHIA
    folded = normalise(text)
    hits: list[tuple[int, int, str]] = []
    for cred_id, words, hide in vocab.credentials:
        found = _credential_named(text, words, hide)
        if found is None:
            continue
        visible = folded
        for longer in hide:  # blank the longer terms out, keeping every position
            visible = re.sub(
                r"(?<![a-z0-9])" + re.escape(normalise(longer).strip()) + r"(?![a-z0-9])",
                lambda m: " " * len(m.group()),
                visible,
            )
        match = re.search(
            r"(?<![a-z0-9])" + re.escape(normalise(found).strip()) + r"(?![a-z0-9])", visible
        )
        start = match.start() if match else len(folded)
        hits.append((start, start + len(normalise(found).strip()), cred_id))
    hits.sort()
    groups: list[list[str]] = []
    previous_end: int | None = None
    for start, end, cred_id in hits:
        between = folded[previous_end:start] if previous_end is not None else ""
        alternative = previous_end is not None and (
            _ALTERNATIVES.fullmatch(between) is not None
            or (" or " in between and len(between) < 40)
        )
        if groups and alternative:
            if cred_id not in groups[-1]:
                groups[-1].append(cred_id)
        else:
            groups.append([cred_id])
        previous_end = end
    return groups


_ALTERNATIVES = re.compile(r"\s*+(?:or|either|and/or|/|,)?(?:\s*+(?:or|,))*+\s*+")
"""What stands between two credentials that are alternatives: ``or``, ``either``, commas."""


# --- the whole posting ----------------------------------------------------------------------


RoleFit = Literal["given", "title", "terms", "tie", "none"]


def choose_pack(text: str, packs: Sequence[RolePack], *, title: str | None = None) -> RolePack:
    """The pack that fits the posting best (see :func:`fit_pack`)."""
    return fit_pack(text, packs, title=title)[0]


def fit_pack(
    text: str, packs: Sequence[RolePack], *, title: str | None = None
) -> tuple[RolePack, RoleFit]:
    """The pack that fits the posting best, and how it was chosen.

    The title decides first: a pack whose title or alternate titles hold the title's head
    word ("Clinical Coding *Officer*" is a coding job, "Medical Records Technician (*Coder*)"
    too) or share its telling words. Then the terms and credentials the posting names, then,
    on a tie, how often it uses the words of the pack's own title. ``"tie"`` says two packs
    fitted equally before that last step; ``"none"`` that no pack fits (another profession:
    its requirements are best compared word by word).
    """
    folded = normalise(text)
    known = {_head_word(t) for pack in packs for t in _titles(pack)}
    head = next((h for h in _head_words(title) if h in known), None) if title else None

    def named(pack: RolePack) -> int:
        vocab = _Vocabulary.of(pack)
        return len(_find_terms(text, vocab)[0]) + 2 * sum(
            1 for _, words, hide in vocab.credentials if _credential_named(text, words, hide)
        )

    shares = _title_shares(tuple(packs))

    def by_title(pack: RolePack) -> float:
        if not title:
            return 0
        wanted = _title_words(title)
        overlap = max(
            sum(shares[w][pack.id] for w in wanted & _title_words(t)) for t in _titles(pack)
        )
        heads = head is not None and any(head == _head_word(t) for t in _titles(pack))
        return 3 * overlap + (6 if heads else 0)

    scores = {pack.id: (by_title(pack), named(pack)) for pack in packs}

    def score(pack: RolePack) -> tuple[float, int]:
        fits_title, names = scores[pack.id]
        own_words = sum(folded.count(f" {w}") for w in _title_words(pack.title))
        return fits_title + names, own_words

    ranked = sorted(packs, key=score, reverse=True)
    best = ranked[0]
    fits_title, names = scores[best.id]
    if names <= 2 and fits_title < 3:  # neither its terms nor its title are the role's
        return best, "none"
    if len(ranked) > 1 and score(ranked[1])[0] == score(best)[0]:
        return best, "tie"
    return best, "title" if fits_title > max(scores[p.id][0] for p in ranked[1:]) else "terms"


@functools.lru_cache(maxsize=4096)
def _head_words(title: str) -> tuple[str, ...]:
    """A title's head words, the most telling first: the last telling word of a bracket
    ("Medical Records Technician (Coder)"), of the parts after a dash ("Health Information
    Technician - Outpatient Coding"), then of the part before them ("Coder II - Per Diem")."""
    bracket = re.findall(r"\(([^)]*)\)", title)
    parts = re.split(r"\s[-\u2013\u2014|:]\s|,", re.sub(r"\([^)]*\)", " ", title))
    heads = []
    for part in [*bracket, *parts[1:], parts[0]]:
        words = [w for w in normalise(part).split() if w not in _TITLE_FILLER and not w.isdigit()]
        if words:
            heads.append(next(iter(_title_words(words[-1])), ""))
    return tuple(h for h in heads if h)


def _head_word(title: str) -> str | None:
    """The head word of one of a pack's own titles (see :func:`_head_words`)."""
    return next(iter(_head_words(title)), None)


_TITLE_FILLER: Final = frozenset(
    {
        "senior",
        "junior",
        "lead",
        "assistant",
        "associate",
        "officer",
        "specialist",
        "technician",
        "clerk",
        "ii",
        "iii",
        "iv",
        "i",
        "trainee",
        "apprentice",
        "principal",
        "staff",
        "of",
        "and",
        "the",
    }
)


def _title_words(title: str) -> set[str]:
    """A job title's telling words, each cut to its stem ("Coder" and "Coding": "cod")."""
    words = set(normalise(title).split()) - _TITLE_FILLER
    return {re.sub(r"(?:ing|ers?|s)$", "", w) if len(w) > 4 else w for w in words}


def _titles(pack: RolePack) -> list[str]:
    """The pack's titles: its own, the names employers use, and its levels'."""
    return [pack.title, *pack.alternate_titles, *(level.title for level in pack.levels)]


_SHARES: dict[tuple[str, ...], dict[str, dict[str, float]]] = {}


def _title_shares(packs: tuple[RolePack, ...]) -> dict[str, dict[str, float]]:
    """For each title word, the share of the packs' titles holding it that are each pack's:
    "records" tells a records job from a coding one better than "medical" does."""
    key = tuple(p.id for p in packs)
    if key not in _SHARES:
        counts: dict[str, dict[str, int]] = {}
        for pack in packs:
            for title in _titles(pack):
                for word in _title_words(title):
                    counts.setdefault(word, {}).setdefault(pack.id, 0)
                    counts[word][pack.id] += 1
        _SHARES[key] = {
            word: defaultdict(float, {pid: n / sum(by.values()) for pid, n in by.items()})
            for word, by in counts.items()
        }
    return defaultdict(lambda: defaultdict(float), _SHARES[key])


_BRANDS: Final = frozenset(
    """
    eclinicalworks powerchart healthstream mckesson athenaone athenahealth athenaclinicals
    nextgen allscripts iknowmed oncoemr linkedin infosolutions onbase hyperspace meditech medway
    quadramed healthport ciox datavant mrocorp paypal workday jobvite icims youtube
    smartrecruiters ziprecruiter greenhouse jobscore careerbuilder glassdoor myhealth
    """.split()  # noqa: SIM905
)
"""Names written with a capital inside (``PowerChart``): never split as two glued words."""


def _protected(vocab: _Vocabulary) -> frozenset[str]:
    words = {
        w.casefold()
        for _, spellings, _ in [*vocab.terms, *vocab.credentials]
        for spelling in spellings
        for w in spelling.split()
    }
    return frozenset(words) | _BRANDS


def extract(
    text: str,
    pack: RolePack,
    *,
    raw: RawPosting | None = None,
    source: str | None = None,
    format: str = "text",
    pieces: list[Piece] | None = None,
    fields: Fields | None = None,
) -> JobPosting:
    """Turn posting text into a :class:`JobPosting`, using ``pack`` for terms and credentials.

    Args:
        text: the posting as plain text (one line per heading, paragraph or bullet).
        pack: the role pack whose terms and credentials are looked for.
        raw: what a reader found besides the text (structured title, pay …), if any.
        source: the file name, for the record.
        format: what the text was read from.
        pieces: the text already segmented (:func:`~toolkit.postings.sections.segment`), and
        fields: its header fields already read, when choosing the pack needed them.
    """
    raw = raw or RawPosting(text, format, source)
    everything = _Vocabulary.of(pack)
    vocab = everything.named_in(text)  # what the posting may name: looked for in each line
    if pieces is None:
        pieces = segment(text, _protected(everything))
    requirements: list[Requirement] = []
    for piece in pieces:
        if piece.category not in ("requirement", "duty"):
            continue
        body = piece.text.strip(" -\u2013\u2014*").strip()
        if len(body) < 4 or not re.search(r"[A-Za-z]{2}", body):
            continue
        terms, spellings = _find_terms(body, vocab)
        groups = _credential_groups(body, vocab)
        if piece.category == "duty":
            requirements.append(
                Requirement(
                    id=f"r{len(requirements) + 1}",
                    text=body,
                    kind="responsibility",
                    importance=piece.importance,
                    section=piece.heading,
                    line=piece.line,
                    terms=terms,
                    keywords=spellings,
                )
            )
            continue
        pack_names = _credential_spellings(body, vocab)
        shape = structure(body, credential_groups=groups, pack_names=pack_names, terms=len(terms))
        requirements.append(
            Requirement(
                id=f"r{len(requirements) + 1}",
                text=body,
                kind=shape.kind,
                importance=piece.importance,
                section=piece.heading,
                line=piece.line,
                terms=terms,
                keywords=spellings,
                credentials=groups,
                years=shape.years if shape.kind in ("experience", "credential") else None,
                field=shape.field,
                named=list(shape.named),
                all_of=shape.all_of,
                or_equivalent=shape.or_equivalent,
                eligible=shape.eligible,
                within_months=shape.within_months,
            )
        )
    credential_groups: list[list[str]] = []
    seen: set[tuple[str, ...]] = set()  # a set to look in: a list took a pass per group
    for importance in ("required", "preferred"):
        for req in requirements:
            if req.importance == importance:
                for group in req.credentials:
                    if tuple(group) not in seen:
                        seen.add(tuple(group))
                        credential_groups.append(group)
    counts: Counter[str] = Counter()
    for piece in pieces:
        if piece.category in ("requirement", "duty", "header", "other", "company"):
            counts.update(_find_terms(piece.text, vocab)[0])
    known = {
        normalise(w).strip()
        for _, words, _ in [*everything.terms, *everything.credentials]
        for w in words
    }
    phrases = sorted(
        {
            a
            for a in re.findall(r"\b[A-Z][A-Z0-9]{1,5}\b", text)
            if normalise(a).strip() not in known
        }
    )
    fields = fields or read_fields(pieces, raw)
    return JobPosting(
        title=fields.title,
        grade=fields.grade,
        employer=fields.employer,
        location=fields.location,
        place=fields.place,
        work_mode=fields.work_mode,
        employment_type=fields.employment_type,
        pay=fields.pay,
        closing_date=fields.closing_date,
        found=fields.found,
        role=pack.id,
        requirements=requirements,
        credentials=credential_groups,
        keywords=[k for k, _ in counts.most_common()],
        phrases=phrases[:30],
        segments=[
            Segment(text=p.text, category=p.category, line=p.line, section=p.heading)
            for p in pieces
        ],
        text=text,
        source=source or raw.source,
        format=format if raw is None else raw.format,
    )


def _credential_spellings(text: str, vocab: _Vocabulary) -> list[str]:
    """The pack credential spellings a statement uses, as written."""
    out = []
    for _, words, hide in vocab.credentials:
        found = _credential_named(text, words, hide)
        if found is not None:
            out.append(found)
    return out


_POSTING_SUFFIXES = {
    ".txt",
    ".text",
    ".md",
    ".markdown",
    ".html",
    ".htm",
    ".docx",
    ".pdf",
    ".json",
    ".jsonld",
}


def load_job(
    posting: str | Path,
    *,
    role: str | None = None,
    packs: Sequence[Path] = (),
) -> JobPosting:
    """Read a posting (a file in any supported format, or its text) into a :class:`JobPosting`.

    Args:
        posting: a path to a .txt, .md, .html, .docx, .pdf, .json or .jsonld file, or the
            posting's text itself.
        role: the role pack to read it with; by default the pack it names most.
        packs: extra folders of role packs.

    Raises:
        NotFoundError: for a missing file or unknown role.
        InputError: for a file that cannot be read (located).
    """
    looks_like_path = isinstance(posting, Path) or (
        "\n" not in posting
        and len(posting) < 4096
        and (Path(posting).suffix.lower() in _POSTING_SUFFIXES or _exists(posting))
    )
    raw = read_posting(posting) if looks_like_path else read_posting_text(str(posting))
    return job_from_raw(raw, role=role, packs=packs)


def _exists(name: str) -> bool:
    """Whether ``name`` is an existing file (a pasted one-line posting is too long to be one)."""
    try:
        return Path(name).exists()
    except (OSError, ValueError):
        return False


def job_from_raw(
    raw: RawPosting, *, role: str | None = None, packs: Sequence[Path] = ()
) -> JobPosting:
    """A posting a reader has read, extracted with ``role``'s pack (or the one it names most)."""
    if role is not None:
        pack = load_pack(role, packs)
        return extract(raw.text, pack, raw=raw, source=raw.source, format=raw.format)
    # the title helps choose the pack: the text is segmented once, sparing every pack's names
    candidates = [load_pack(p, packs) for p in pack_ids(packs)]
    protected = frozenset().union(*(_protected(_Vocabulary.of(c)) for c in candidates))
    pieces = segment(raw.text, protected)
    fields = read_fields(pieces, raw)
    pack, fit = fit_pack(raw.text, candidates, title=raw.title or fields.title)
    job = extract(
        raw.text, pack, raw=raw, source=raw.source, format=raw.format, pieces=pieces, fields=fields
    )
    return job.model_copy(update={"role_fit": fit})
