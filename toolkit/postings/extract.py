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

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.matching.evidence import mentions, normalise, shadows
from toolkit.matching.facts import vocabulary
from toolkit.models.posting import Importance, JobPosting, PayRange, Requirement
from toolkit.models.rolepack import RolePack, Skill, System
from toolkit.postings.readers import read_posting, read_posting_text
from toolkit.roles import load_pack, pack_ids

if TYPE_CHECKING:
    from toolkit.postings.raw import RawPosting

Section = str  # "required" | "preferred" | "qualifications" | "responsibilities" | "other"

_HEADINGS: list[tuple[str, Section]] = [
    # order matters: the first phrase found in a heading decides
    (
        r"\b(preferred|desirable|desired|nice to have|bonus|a plus|advantageous|ideal(ly)?)\b",
        "preferred",
    ),
    (
        r"\b(responsibilit|duties|what you('| wi)ll do|what you will be doing|key tasks|"
        r"day[- ]to[- ]day|in this role|your role|job duties|major duties|"
        r"what (?:the|a|an|you|our) [a-z ]{0,30}(?:does|do)\b|"
        r"essential functions)",
        "responsibilities",
    ),
    (
        r"\b(required|requirements|minimum|must have|basic qualifications|essential|"
        r"what you bring|what we('re| are) looking for|who you are|about you|"
        r"specialized experience|qualifications|knowledge,? skills|skills|experience|education|"
        r"conditions of employment|"
        r"person specification|eligibility|criteria|competenc)",
        "required",
    ),
    (
        r"\b(about (us|the company|the team|our)|who we are|benefits|perks|pay|salary|"
        r"compensation|how to apply|equal (employment )?opportunit|eeo|schedule|hours|"
        r"conditions of employment|location|closing|additional information|why join|"
        r"our (mission|values)|summary|overview|job details|contact)",
        "other",
    ),
]
_HEADING_RES = [(re.compile(p, re.IGNORECASE), kind) for p, kind in _HEADINGS]

_BULLET = re.compile(r"^\s*+(?:[-*•·▪◦●‣\u2013\u2014]|\d{1,2}[.)]|[a-z][.)])\s+")
_PREFERRED_CUE = re.compile(
    r"\b(preferred|preferably|desirable|desired|a plus|nice to have|ideally|bonus|"
    r"advantageous|is an asset|would be an advantage)\b",
    re.IGNORECASE,
)
_REQUIRED_CUE = re.compile(r"\b(required|must|essential|mandatory|minimum)\b", re.IGNORECASE)
_REQUIREMENT_CUE = re.compile(
    r"\b(must|required|requires|preferred|experience|knowledge of|ability to|proficien|"
    r"certif|credential|degree|diploma|ged|associate|bachelor|years?|familiar|skills? in|"
    r"eligible)\b",
    re.IGNORECASE,
)
_EDUCATION = re.compile(
    r"\b(degree|diploma|ged|associate'?s?|bachelor'?s?|master'?s?|certificate program|"
    r"graduat|coursework|a-levels?|gcse|nvq|education)\b",
    re.IGNORECASE,
)
_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_YEARS = re.compile(
    r"\b(\d{1,2}(?:\.\d)?|one|two|three|four|five|six|seven|eight|nine|ten)\s*+(?:\+\s*+)?"
    r"(?:(?:-|\u2013|to|or)\s*+(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)"
    r"\s*+(?:\+\s*+)?)?"
    r"(?:\(\d+\)\s*+)?(?:full[- ]time\s++)?(?:years?|yrs?)\b",
    re.IGNORECASE,
)
r"""``3+ years``, ``two to four years``, ``5 (five) years``. ``\s*\+?\s*`` would be two runs
of spaces in a row: ``5`` and 20,000 spaces took seconds, trying every split of the run. Each
run is taken whole instead (possessive), as what follows it is never a space."""
_BOILERPLATE = re.compile(
    r"\b(equal opportunity|equal employment|affirmative action|\beoe\b|we offer|"
    r"benefits include|reasonable accommodation|apply (now|online|today)|to apply|"
    r"drug[- ]free workplace|e-verify)",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.;!?])\s++(?=[A-Z(])")
_INLINE_DOT = re.compile(r"(?<!\s)\s++[•·▪◦●]\s+")
r"""A bullet dot inside a paragraph. It starts only where a run of spaces does and takes the run
whole: ``\s+[•…]`` alone tried the rest of a long run from each of its spaces (quadratic)."""


@dataclass(frozen=True)
class _Statement:
    text: str
    line: int
    section: Section | None
    heading: str | None
    bullet: bool


_NOT_A_HEADING = re.compile(r"\((?:required|preferred)\)|\d", re.IGNORECASE)


def _classify_heading(line: str) -> Section | None:
    """The kind of section a line heads, or None if it is not a heading."""
    text = line.strip().strip("*#_ ").rstrip(":").strip()
    if not text or len(text) > 70 or _BULLET.match(line) or "|" in text or "\t" in text:
        return None
    if _NOT_A_HEADING.search(text):
        return None  # "Medical records: 1 year (Required)" is a requirement, not a heading
    words = text.split()
    looks_like = (
        line.rstrip().endswith(":")
        or text.isupper()
        or (len(words) <= 7 and not text.endswith((".", ",", ";")))
    )
    if not looks_like:
        return None
    for pattern, kind in _HEADING_RES:
        if pattern.search(text):
            return kind
    return None


def _split_cells(line: str) -> list[str]:
    if "|" in line:
        return [c.strip() for c in line.split("|")]
    if "\t" in line:
        return [c.strip() for c in line.split("\t")]
    return [line]


_INLINE_HEADING = re.compile(
    r"(?<=\S)[ \t]+((?:Key |Required |Preferred |Minimum |Additional |Desired )?"
    r"(?:Responsibilities|Qualifications|Requirements|Duties|Skills|Nice to have|"
    r"What you(?:'ll| will) do|What you bring)\s*+:)"
)


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """Lines with hard-wrapped continuations joined to the bullet or sentence they continue."""
    text = _INLINE_HEADING.sub(r"\n\1", text)
    # each logical line as its pieces, joined once at the end: adding every continuation to a
    # growing string copied it once per line (quadratic over thousands of wrapped lines)
    out: list[tuple[int, list[str]]] = []
    previous_raw = ""
    previous_heading: Section | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            previous_raw = ""
            out.append((number, [""]))
            continue
        heading = _classify_heading(raw)  # once a line: it is the next line's previous_raw
        continues = (
            bool(out)
            and bool(previous_raw)
            and not _BULLET.match(raw)
            and previous_heading is None
            and heading is None
            and "|" not in raw
            and (
                (line[0].islower() and not previous_raw.rstrip().endswith((".", "!", "?", ":")))
                or (raw[:1].isspace() and not previous_raw.rstrip().endswith((".", "!", "?")))
                or _JOINING_END.search(previous_raw.rstrip()) is not None
            )
        )
        if continues:
            out[-1][1].extend((" ", line))
        else:
            out.append((number, [raw]))
        previous_raw, previous_heading = raw, heading
    return [(number, "".join(pieces)) for number, pieces in out]


_JOINING_END = re.compile(r"(?:,|\b(?:or|and|the|of|a|an|to|in|with))\Z")
"""A line ending in a comma or a joining word goes on in the next one."""


def _statements(text: str) -> list[_Statement]:
    """Walk the posting's lines: track the section, split bullets and sentences."""
    out: list[_Statement] = []
    section: Section | None = None
    heading: str | None = None
    for number, raw in _logical_lines(text):
        line = raw.strip()
        if not line:
            continue
        # a heading with text after it on the same line ("Essential: RHIT")
        lead = re.match(r"^([A-Za-z][A-Za-z '/&-]{2,40}):\s+(\S.*)$", line)
        kind = _classify_heading(line)
        if kind is not None:
            section, heading = kind, line.rstrip(":").strip("*#_ ")
            continue
        if lead and _classify_heading(lead.group(1) + ":") is not None:
            label = lead.group(1)
            inline_kind = _classify_heading(label + ":")
            line = lead.group(2)
            if inline_kind in ("preferred", "required", "responsibilities"):
                out.extend(_pieces(line, number, inline_kind, label))
                continue
        cells = _split_cells(line)
        if len(cells) > 1:
            # a table row: "criterion | Essential | Application form"
            marks = [c.casefold() for c in cells[1:]]
            if any("essential" in m and "desirable" in m for m in marks):
                continue  # the table's header row
            if not any(marks) and cells[0].isupper():
                section, heading = "required", cells[0]
                continue  # a group label inside the table ("QUALIFICATIONS")
            row_kind = section
            if any(m.startswith(("desirable", "preferred", "d")) and len(m) < 12 for m in marks):
                row_kind = "preferred"
            elif any(m.startswith(("essential", "required", "e")) and len(m) < 12 for m in marks):
                row_kind = "required"
            if cells[0] and row_kind is not None:
                out.extend(_pieces(cells[0], number, row_kind, heading))
            continue
        out.extend(_pieces(line, number, section, heading))
    return out


def _pieces(
    line: str, number: int, section: Section | None, heading: str | None
) -> list[_Statement]:
    """One bullet is one statement; a paragraph is split into sentences and inline bullets."""
    bullet = bool(_BULLET.match(line))
    body = _BULLET.sub("", line, count=1).strip()
    parts = [p.strip() for p in _INLINE_DOT.split(body) if p.strip()]
    if len(parts) > 1:
        return [_Statement(p, number, section, heading, True) for p in parts]
    if bullet or len(body) < 160:
        return [_Statement(body, number, section, heading, bullet)]
    return [
        _Statement(s.strip(), number, section, heading, False)
        for s in _SENTENCE.split(body)
        if s.strip()
    ]


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


def _credential_groups(text: str, vocab: _Vocabulary) -> list[list[str]]:
    """Credential ids in reading order, grouped where the posting offers alternatives."""
    folded = normalise(text)
    hits: list[tuple[int, int, str]] = []
    for cred_id, words, hide in vocab.credentials:
        found = mentions(text, words, hide)
        if found is None:
            continue
        if (
            found.isupper()
            and len(found) <= 6
            and not re.search(r"(?<![A-Za-z0-9])" + re.escape(found) + r"(?![a-z0-9])", text)
        ):
            continue  # "CoC standards" is not the COC credential: abbreviations keep their case
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


def _years(text: str) -> float | None:
    match = _YEARS.search(text)
    if not match:
        return None
    first = match.group(1).lower()
    return float(_NUMBER_WORDS.get(first, first)) if first in _NUMBER_WORDS else float(first)


# --- header fields --------------------------------------------------------------------------

_PAY = re.compile(
    r"(?P<cur>[$£€])\s?(?P<min>\d[\d,]*(?:\.\d{1,2})?)\s*(?P<k1>[kK])?"
    r"(?:\s*(?:-|\u2013|\u2014|to)\s*[$£€]?\s?(?P<max>\d[\d,]*(?:\.\d{1,2})?)\s*(?P<k2>[kK])?)?"
    r"(?:\s*(?:per|an?|/)\s*(?P<period>year|annum|yr|hour|hr|month|week|day))?"
    r"|(?P<cur2>USD|GBP|EUR)\s?(?P<min2>\d[\d,]*)\s*(?:-|\u2013|to)\s*(?P<max2>\d[\d,]*)",
    re.IGNORECASE,
)
_PERIODS = {
    "year": "year",
    "annum": "year",
    "yr": "year",
    "hour": "hour",
    "hr": "hour",
    "month": "month",
    "week": "week",
    "day": "day",
}
_CURRENCIES = {"$": "USD", "£": "GBP", "€": "EUR", "USD": "USD", "GBP": "GBP", "EUR": "EUR"}


def _pay(text: str) -> PayRange | None:
    for match in _PAY.finditer(text):
        g = match.groupdict()
        low_text = g.get("min") or g.get("min2")
        if not low_text:
            continue
        low = float(low_text.replace(",", "")) * (1000 if g.get("k1") else 1)
        high_text = g.get("max") or g.get("max2")
        high = (
            float(high_text.replace(",", "")) * (1000 if g.get("k2") or g.get("k1") else 1)
            if high_text
            else None
        )
        period = _PERIODS.get((g.get("period") or "").lower())
        tail = text[match.end() : match.end() + 40].lower()
        if period is None:
            if re.search(r"\b(hourly|an hour|per hour|/hr|/hour)\b", tail):
                period = "hour"
            elif re.search(r"\b(annual|annually|a year|per year|per annum|yearly)\b", tail):
                period = "year"
        if period is None and low >= 1000:
            period = "year"
        if low < 5 and period is None:
            continue  # "$1" in prose
        currency = _CURRENCIES.get(g.get("cur") or g.get("cur2") or "$", "USD")
        return PayRange(
            min=low,
            max=high,
            currency=currency,
            period=period,
            text=match.group(0).strip(),
        )
    return None


def _field(text: str, labels: Sequence[str]) -> str | None:
    # [^\S\n]: the spaces before the label stay on its line. With \s* a match could start on
    # any blank line above, and each of a run of blank lines scanned the rest of the run; the
    # label and its value are the same either way.
    for label in labels:
        match = re.search(
            rf"^[^\S\n]*+{label}\s*+[:\-]\s*(.+)$", text, re.IGNORECASE | re.MULTILINE
        )
        if match:
            return match.group(1).strip()
    return None


def _work_mode(text: str) -> str | None:
    low = re.sub(r"(remote|telework)[^:\n]{0,30}:\s*+no\b", " ", text.lower())
    if re.search(r"\bhybrid\b", low):
        return "hybrid"
    if re.search(r"\b(fully remote|100% remote|remote position|work from home|remote\b)", low):
        return "remote"
    if re.search(r"\b(on[- ]?site|in[- ]person|in office)\b", low):
        return "on-site"
    return None


_CITY = re.compile(r"\b([A-Z][A-Za-z.'-]+(?: [A-Z][A-Za-z.'-]+){0,3}, (?:[A-Z]{2}\b|[A-Z][a-z]+))")
"""``Dayton, OH``. Run on header lines only (100 characters at most): a match may start at each
capital of ``A.A.A.…`` and read on to the word's end, quadratic in a long word."""


def _header(text: str) -> list[str]:
    """The short lines before the first heading: title, employer, location as postings print."""
    lines: list[str] = []
    for raw in text.splitlines():
        line = raw.strip().strip("#*_ ")
        if not line:
            if lines:
                break
            continue
        if _classify_heading(raw) is not None or len(line) > 100 or _BULLET.match(raw):
            break
        lines.append(line)
        if len(lines) == 4:
            break
    return lines


def _title(text: str) -> str | None:
    labelled = _field(text, ["job title", "title", "position", "role"])
    if labelled:
        return labelled
    header = _header(text)
    return header[0] if header else None


_NOT_AN_EMPLOYER = frozenset(
    {
        "about",
        "about the job",
        "about the role",
        "apply",
        "apply now",
        "description",
        "details",
        "full time",
        "full-time",
        "job description",
        "job details",
        "job summary",
        "overview",
        "part time",
        "part-time",
        "per diem",
        "position summary",
        "save",
        "share",
        "summary",
    }
)
"""Words a job board prints under the title that are not the employer's name."""


def _employer(text: str) -> str | None:
    labelled = _field(
        text,
        ["company", "employer", "organization", "organisation", "hiring organization", "hospital"],
    )
    if labelled:
        return labelled
    header = _header(text)
    if len(header) >= 2:
        return header[1] if _could_be_employer(header[1]) else None
    if len(header) == 1:  # the title, a blank line, then maybe the employer (USAJOBS prints so)
        lines = text.splitlines()
        title_at = next(i for i, line in enumerate(lines) if line.strip())
        line = next((line for line in lines[title_at + 1 : title_at + 3] if line.strip()), "")
        candidate = line.strip().strip("#*_ ")
        if (
            candidate
            and _classify_heading(line) is None
            and not _BULLET.match(line)
            and _could_be_employer(candidate)
            and _looks_like_a_name(candidate)
        ):
            return candidate
    return None


def _could_be_employer(line: str) -> bool:
    return (
        len(line) <= 70  # first: the patterns below are for short lines
        and not _CITY.search(line)
        and not _PAY.search(line)
        and line.strip(" :.").casefold() not in _NOT_AN_EMPLOYER
    )


_SMALL_WORDS = frozenset({"of", "and", "the", "for", "&", "at", "in", "de", "-", "\u2013"})


def _looks_like_a_name(line: str) -> bool:
    """A name, not a sentence: a few words, capitalised, without a sentence's end."""
    words = [w for w in line.split() if w.casefold() not in _SMALL_WORDS]
    if not words or len(words) > 8 or ":" in line or line.rstrip().endswith((".", "!", "?", ",")):
        return False  # "Grade: Band 7" is a label and its value
    capitalised = sum(1 for w in words if w[0].isupper() or w[0].isdigit())
    return capitalised == len(words)


def _location(text: str) -> str | None:
    labelled = _field(text, ["location", "job location", "work location", "site"])
    if labelled:
        return labelled
    for line in _header(text)[1:]:
        match = _CITY.search(line)
        if match:
            return match.group(1)
    return None


# --- the whole posting ----------------------------------------------------------------------


def choose_pack(text: str, packs: Sequence[RolePack]) -> RolePack:
    """The pack whose terms and credentials the posting names most."""

    def score(pack: RolePack) -> int:
        vocab = _Vocabulary.of(pack)
        return len(_find_terms(text, vocab)[0]) + 2 * sum(
            1 for _, words, hide in vocab.credentials if mentions(text, words, hide)
        )

    return max(packs, key=score)


def extract(
    text: str,
    pack: RolePack,
    *,
    title: str | None = None,
    employer: str | None = None,
    location: str | None = None,
    work_mode: str | None = None,
    pay_text: str | None = None,
    source: str | None = None,
    format: str = "text",
) -> JobPosting:
    """Turn posting text into a :class:`JobPosting`, using ``pack`` for terms and credentials."""
    everything = _Vocabulary.of(pack)
    vocab = everything.named_in(text)  # what the posting may name: looked for in each line
    requirements: list[Requirement] = []
    statements = _statements(text)
    structured = any(s.section is not None for s in statements)
    for statement in statements:
        body = statement.text.strip(" -\u2013\u2014").strip()
        if len(body) < 4:
            continue
        section = statement.section
        if section == "other" or _BOILERPLATE.search(body):
            continue
        # prose before the first heading: only clear requirement sentences
        if (
            section is None
            and structured
            and not statement.bullet
            and not (
                (_REQUIREMENT_CUE.search(body) and _REQUIRED_CUE.search(body))
                or _PREFERRED_CUE.search(body)
            )
        ):
            continue
        if section is None and not structured and not _REQUIREMENT_CUE.search(body):
            continue
        terms, spellings = _find_terms(body, vocab)
        groups = _credential_groups(body, vocab)
        years = _years(body)
        if section == "responsibilities":
            kind = "responsibility"
        elif groups:
            kind = "credential"
        elif years is not None and re.search(r"experience|years", body, re.IGNORECASE):
            kind = "experience"
        elif _EDUCATION.search(body):
            kind = "education"
        elif terms:
            kind = "skill"
        else:
            kind = "qualification"
        importance: Importance = "preferred" if section == "preferred" else "required"
        if kind != "responsibility":
            if _PREFERRED_CUE.search(body) and not re.search(r"\brequired\b", body, re.I):
                importance = "preferred"
            elif section == "preferred" and _REQUIRED_CUE.search(body):
                importance = "required"
        requirements.append(
            Requirement(
                id=f"r{len(requirements) + 1}",
                text=body,
                kind=kind,
                importance=importance,
                section=statement.heading,
                line=statement.line,
                terms=terms,
                keywords=spellings,
                credentials=groups,
                years=years,
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
    for line in text.splitlines():
        counts.update(_find_terms(line, vocab)[0])
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
    pay = _pay(pay_text) if pay_text else _pay(text)
    return JobPosting(
        title=title or _title(text),
        employer=employer or _employer(text),
        location=location or _location(text),
        work_mode=work_mode or _work_mode(text),
        pay=pay,
        role=pack.id,
        requirements=requirements,
        credentials=credential_groups,
        keywords=[k for k, _ in counts.most_common()],
        phrases=phrases[:30],
        text=text,
        source=source,
        format=format,
    )


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
        and (Path(posting).suffix.lower() in _POSTING_SUFFIXES or Path(posting).exists())
    )
    raw = read_posting(posting) if looks_like_path else read_posting_text(str(posting))
    return job_from_raw(raw, role=role, packs=packs)


def job_from_raw(
    raw: RawPosting, *, role: str | None = None, packs: Sequence[Path] = ()
) -> JobPosting:
    """A posting a reader has read, extracted with ``role``'s pack (or the one it names most)."""
    if role is not None:
        pack = load_pack(role, packs)
    else:
        pack = choose_pack(raw.text, [load_pack(p, packs) for p in pack_ids(packs)])
    return extract(
        raw.text,
        pack,
        title=raw.title,
        employer=raw.employer,
        location=raw.location,
        work_mode=raw.work_mode,
        pay_text=raw.pay_text,
        source=raw.source,
        format=raw.format,
    )
