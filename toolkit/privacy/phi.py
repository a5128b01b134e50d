"""Patient data (protected health information) in what a person writes about their work.

People in health information describe work done on patients' records, and a bullet can
carry a real patient's details without its writer noticing. Putting them in an application
is a privacy breach (and costs the job). :func:`find_phi` looks for the shapes people write:

- record numbers with their value: ``MRN 00482913``, ``chart #55120``, ``patient ID 48213``;
- dates of birth: ``DOB 3/14/1962``, ``date of birth: March 14, 1962``, ``born on 14 May 1970``;
- Social Security numbers, whole or in part: ``123-45-6789``, ``SSN ending 6789``;
- a name next to a date: ``John Carter, 04/12/1961``;
- a patient named: ``patient Maria Gomez``, ``pt. J.D.``;
- a person's name next to a condition, test result, diagnosis or treatment: ``Mr. Lee's
  diabetes``, ``dialysis for Mr. Lopez``, ``chemotherapy for Jane Doe``, ``Jane Doe
  (diabetic)``, ``Jane Doe, who has COPD``, ``diagnosed Jane Doe with …``.

What is left alone: identifiers named without a value ("verified DOB and MRN before every
release"), health words with nobody named ("coded 200 diabetes encounters a week"), doctors
(``Dr. Patel's oncology team``: a provider, not a patient) and organisations or systems
(``Riverbend Regional's cancer center``, ``Epic Beacon (oncology)``).

:func:`phi_findings` walks every text of a profile (or of a letter file) and returns a
warning with a fix for each text that holds any of these; the commands that make documents
show them, and refuse to write with ``--strict``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from pydantic import BaseModel

from toolkit.errors import InputError, Issue

PathT = tuple[str | int, ...]
Locate = Callable[[PathT], Issue]

HINT = (
    "never put patient details in an application: describe the work (volumes, results) "
    "without identifying anyone"
)

_UP = "A-ZÀ-ÖØ-Þ"
_LO = "a-zß-öø-ÿ"
_CAP = rf"[{_UP}][{_LO}]+(?:[{_UP}][{_LO}]+)?(?:[-'\u2019][{_UP}][{_LO}]+)*"
"""A capitalised name: Lee, McDonald, O'Neil, Smith-Jones, José (not the 's of a possessive)."""
_INITIAL = rf"[{_UP}]\."
_HONORIFIC = r"\b(?:Mr|Mrs|Ms|Miss|Mx)\b\.?"
"""Not Dr: a doctor named next to a condition is a provider, not a patient."""
_HON_NAME = rf"{_HONORIFIC}\s+(?:{_CAP}(?:\s+{_CAP})?|{_INITIAL}(?:\s?{_INITIAL})*)"
_FULL_NAME = rf"\b{_CAP}(?:\s+{_INITIAL})?(?:\s+{_CAP}){{1,2}}"
_INITIALS = rf"\b{_INITIAL}\s?{_INITIAL}(?:\s?{_INITIAL})?"

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_DATE = (
    rf"(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-](?:\d{{4}}|\d{{2}})\b|(?:19|20)\d{{2}}-\d{{2}}-\d{{2}}\b|"
    rf"{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{{2}}\b|"
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\.?,?\s+(?:19|20)\d{{2}}\b)"
)
"""A whole date (a year alone is no date of birth)."""

_HEALTH_TERMS = (
    # conditions
    r"diabet\w*|cancer\w*|carcinoma\w*|tumou?rs?|leuk[a]?emia|lymphoma|melanoma|hepatitis|"
    r"cirrhosis|copd|asthma\w*|hypertensi\w*|heart (?:attack|failure|disease)|cardiac arrest|"
    r"stroke|seizures?|epilep\w*|dementia|alzheimer\w*|parkinson\w*|depressi\w*|anxiety|"
    r"schizophreni\w*|bipolar|psychos[ie]s|psychiatric|mental[- ]health|suicid\w*|pregnan\w*|"
    r"miscarriage|abortion|overdos\w*|addict\w*|substance (?:use|abuse)|alcoholi\w*|opioid\w*|"
    r"covid(?:-19)?|influenza|pneumonia|sepsis|tuberculosis|infections?|infected|syphilis|"
    r"gonorrh\w*|chlamydia|herpes|fractured?|amputat\w*|injur(?:y|ies|ed)|wounds?|obes\w*|"
    r"autis\w*|disorders?|syndrome|diseases?|illness\w*|hiv-?positive|asthmatic|epileptic|"
    # diagnoses and results
    r"diagnos\w*|prognos\w*|biops(?:y|ies)|lab (?:results?|work|values?)|test results?|"
    r"screening results?|mammogram|x-?rays?|mri|ct scan|ultrasound|h?ba1c|a1c|glucose|"
    r"blood (?:sugar|pressure|work|tests?)|cholesterol|viral load|"
    r"(?:tested )?(?:positive|negative) (?:for|tests?|results?)|tested (?:positive|negative)|"
    # treatments
    r"chemo\w*|radiation|dialysis|surgery|surgical|transplant\w*|prescri\w*|medications?|"
    r"insulin|methadone|rehab\w*|therap(?:y|ies)|treat(?:ment|ments|ed|ing)|admitted|"
    r"hospitali[sz]\w*|post-?op\w*|pre-?op\w*"
)
_HEALTH = rf"(?:(?i:\b(?:{_HEALTH_TERMS})\b)|\b(?:HIV\+?|AIDS|STIs?|STDs?|TB|ADHD|PTSD|Dx|Rx)\b)"
_HEALTH_RE = re.compile(_HEALTH)

_NOT_PERSON_WORDS = """
    hospital hospitals medical medicine center centre centers clinic clinics health healthcare
    regional memorial general community university college school county state city valley
    group partners associates systems system services service solutions inc llc corp company
    foundation institute network department dept unit ward office society association council
    board agency care practice physicians orthopedic orthopedics spine saint st mercy kaiser
    mayo children's women's veterans va cancer heart
    epic cerner meditech allscripts athena athenahealth eclinicalworks nextgen mychart beacon
    cadence prelude resolute hyperspace optum excel word outlook sharepoint teams salesforce
    cardiology oncology radiology pathology pediatrics surgery emergency neurology psychiatry
    dermatology obstetrics gynecology urology nephrology hematology endocrinology oncology
    release information records record coding coder coders specialist technician manager
    director supervisor analyst assistant clerk team staff committee program project award
    quality compliance privacy security integrity identity access registration financial
    patient patients experience safety data management revenue cycle claims billing audit
    review throughput flow intake portal relations satisfaction advocate advocacy navigator
    representative coordinator liaison education engagement scheduling transport family
    families visits charts chart requests request files accounts account scheduling portal
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday
    icd cpt hcpcs hipaa him roi mpi ehr emr
"""
_NOT_PERSON = frozenset(_NOT_PERSON_WORDS.split())
"""Capitalised words that are not names: organisations, systems, departments, job words."""

_WORK_NOUN_WORDS = """
    report reports queries query requests request templates template workflows workflow
    dashboards dashboard summaries summary audits audit training trainings codes coding
    abstracts abstracting registry registries charts chart records record data program
    programs project projects team teams staff clinic clinics unit units department
"""
_WORK_NOUNS = frozenset(_WORK_NOUN_WORDS.split())
"""Words between a health term and "for <name>" that make the name a colleague or client
("dialysis reports for Dana Rivera"), not a patient."""

_RECORD_RE = re.compile(
    r"(?:\bMRN\b|\b[Mm]edical [Rr]ecord\s*(?:[Nn]umber|[Nn]o\.?|#)|"
    r"\b(?:[Rr]ecord|[Cc]hart|[Aa]ccount|[Aa]cct\.?|[Pp]atient|[Mm]ember|[Ee]ncounter|"
    r"[Pp]olicy|[Cc]ase)\s*(?:ID\b|[Nn]umber\b|[Nn]o\.|#)|\b(?:MBI|HICN)\b|"
    r"\bMedica(?:re|id)\s+(?:ID|[Nn]umber)\b)"
    r"\s*[:#]?\s*(?:(?:is|was|of)\s+)?#?\s*[A-Z]{0,3}-?\d(?:-?\d){4,}"
)
_DOB_RE = re.compile(
    rf"\b(?:DOB|D\.O\.B\.?|[Dd]ate [Oo]f [Bb]irth|[Bb]irth ?[Dd]ate|[Bb]orn(?: on)?)"
    rf"\s*[:\-]?\s*(?:(?:was|is|of)\s+)?{_DATE}"
)
_SSN_RE = re.compile(r"\b\d{3}-\d{2}-\d{4}\b")
_SSN_PART_RE = re.compile(
    r"\b(?:SSN|[Ss]ocial [Ss]ecurity (?:[Nn]umber|#))\s*"
    r"(?:ending(?:\s+in)?|last\s+(?:four|4)(?:\s+digits)?)?\s*[:#]?\s*\d{4}\b"
)
_NAME_DATE_RE = re.compile(rf"(?P<name>{_HON_NAME}|{_FULL_NAME}),?\s+\(?{_DATE}")
_PATIENT_RE = re.compile(
    rf"\b(?P<word>[Pp]atient|[Pp]t\.)\s+(?P<name>{_HON_NAME}|{_INITIALS}|"
    rf"{_CAP}(?:\s+{_INITIAL})?(?:\s+{_CAP}){{0,2}})"
)
_POSSESSIVE_RE = re.compile(
    rf"(?P<name>{_HON_NAME}|{_FULL_NAME})['\u2019]s\s+(?:[\w-]+\s+){{0,3}}?(?P<health>{_HEALTH})"
)
_HONORIFIC_RE = re.compile(rf"(?P<name>{_HON_NAME})")
_COLLEAGUE_RE = re.compile(
    r",?\s+(?:the\s+|our\s+|my\s+)?(?:[\w&-]+\s+){0,3}?(?i:director|manager|supervisor|chief|"
    r"head|lead|officer|coordinator|physician|nurse|doctor|administrator|president|vp|"
    r"specialist|analyst|clerk|coder|educator|trainer|mentor|preceptor)s?\b"
)
_FOR_NAME_RE = re.compile(
    rf"(?P<health>{_HEALTH})(?:\s+(?P<between>[\w-]+))?\s+for\s+(?P<name>{_FULL_NAME})"
)
_PAREN_RE = re.compile(rf"(?P<name>{_HON_NAME}|{_FULL_NAME})\s*\((?P<inside>[^()]{{1,60}})\)")
_PAREN_HEALTH_RE = re.compile(rf"{_HEALTH}|[+]|\b(?i:positive|negative)\b")
_NAME_WITH_RE = re.compile(
    rf"(?P<name>{_FULL_NAME}),?\s+(?:(?:a|an)\s+\d{{1,3}}[- ]year[- ]old\s+)?"
    rf"(?:who\s+(?:has|had|was|is)|with|was|is|has|had|tested|diagnosed|being treated)\b"
    rf"(?:\s+[\w-]+){{0,3}}?\s+(?P<health>{_HEALTH})"
)
_ACTED_ON_RE = re.compile(
    rf"\b(?i:diagnosed|treated|tested|screened|admitted|prescribed|vaccinated|operated on)\s+"
    rf"(?P<name>{_HON_NAME}|{_FULL_NAME})"
)
_SENTENCE_END = re.compile(
    r"(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bMx)(?<!\bDr)(?<!\bSt)(?<!\bPt)(?<!\bpt)"
    rf"(?<![{_UP}])[.!?;](?=\s|$)"
)

NAME_AND_HEALTH = "a person's name next to health information"
PATIENT_AND_HEALTH = "a patient's name next to health information"


@dataclass(frozen=True, slots=True)
class PhiMatch:
    """One piece of text that looks like patient data.

    Attributes:
        what: what it looks like, e.g. ``a medical record number``.
        start: where the match starts in the text.
        end: where it ends.
    """

    what: str
    start: int
    end: int


def _person(name: str) -> bool:
    """Whether a run of capitalised words can be a person's name (no organisation words)."""
    words = [w.strip(".").casefold() for w in name.split()]
    if words and words[0] in {"mr", "mrs", "ms", "miss", "mx"}:
        return True
    return not any(w in _NOT_PERSON or w.endswith("'s") for w in words)


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the sentence around ``text[start:end]``."""
    before = 0
    for mark in _SENTENCE_END.finditer(text, 0, start):
        before = mark.end()
    after = _SENTENCE_END.search(text, end)
    return before, after.end() if after else len(text)


def _title_case(text: str) -> bool:
    words = [w for w in re.findall(r"[^\W\d_]+", text) if len(w) > 3]
    return bool(words) and sum(w[0].isupper() for w in words) / len(words) >= 0.6


def _health_near(text: str, start: int, end: int) -> re.Match[str] | None:
    lo, hi = _sentence(text, start, end)
    for found in _HEALTH_RE.finditer(text, lo, hi):
        if found.end() <= start or found.start() >= end:
            return found
    return None


def _shapes(text: str) -> Iterator[PhiMatch]:
    """Every match of every shape, in no particular order (overlaps included)."""
    for regex, what in (
        (_RECORD_RE, "a medical record number"),
        (_DOB_RE, "a date of birth"),
        (_SSN_RE, "what looks like a Social Security number"),
        (_SSN_PART_RE, "what looks like part of a Social Security number"),
    ):
        for m in regex.finditer(text):
            yield PhiMatch(what, m.start(), m.end())
    for m in _NAME_DATE_RE.finditer(text):
        if _person(m["name"]):
            yield PhiMatch("a name next to a date of birth", m.start(), m.end())
    for m in _PATIENT_RE.finditer(text):
        first = m["name"].split()[0].strip(".").casefold()
        if first in _NOT_PERSON or (m["word"][0].isupper() and _title_case(text)):
            continue  # "Patient Access Representative", "Patient Safety Committee"
        health = _health_near(text, m.start(), m.end())
        what = PATIENT_AND_HEALTH if health else "a patient's name"
        yield _spanning(what, m, health)
    for m in _POSSESSIVE_RE.finditer(text):
        if _person(m["name"]):
            yield PhiMatch(NAME_AND_HEALTH, m.start(), m.end())
    for m in _HONORIFIC_RE.finditer(text):
        if _COLLEAGUE_RE.match(text, m.end()):
            continue  # "Mr. Allen, Director of HIM, …": a colleague, named by their job
        health = _health_near(text, m.start(), m.end())
        if health:
            yield _spanning(NAME_AND_HEALTH, m, health)
    for m in _FOR_NAME_RE.finditer(text):
        between = (m["between"] or "").casefold()
        if _person(m["name"]) and between not in _WORK_NOUNS:
            yield PhiMatch(NAME_AND_HEALTH, m.start(), m.end())
    for m in _PAREN_RE.finditer(text):
        if _person(m["name"]) and _PAREN_HEALTH_RE.search(m["inside"]):
            yield PhiMatch(NAME_AND_HEALTH, m.start(), m.end())
    for m in _NAME_WITH_RE.finditer(text):
        if _person(m["name"]):
            yield PhiMatch(NAME_AND_HEALTH, m.start(), m.end())
    for m in _ACTED_ON_RE.finditer(text):
        if _person(m["name"]):
            yield PhiMatch(NAME_AND_HEALTH, m.start(), m.end())


def _spanning(what: str, m: re.Match[str], other: re.Match[str] | None) -> PhiMatch:
    if other is None:
        return PhiMatch(what, m.start(), m.end())
    return PhiMatch(what, min(m.start(), other.start()), max(m.end(), other.end()))


_ORDER = (
    "a medical record number",
    "a date of birth",
    "what looks like a Social Security number",
    "what looks like part of a Social Security number",
    PATIENT_AND_HEALTH,
    NAME_AND_HEALTH,
    "a name next to a date of birth",
    "a patient's name",
)
"""When matches overlap, the one named first wins (the most specific finding)."""


def find_phi(text: str) -> list[PhiMatch]:
    """The pieces of ``text`` that look like patient data, in the order they stand.

    Overlapping matches are merged into the most specific one.
    """
    found = sorted(_shapes(text), key=lambda m: (_ORDER.index(m.what), m.start))
    kept: list[PhiMatch] = []
    for match in found:
        if not any(match.start < k.end and k.start < match.end for k in kept):
            kept.append(match)
    return sorted(kept, key=lambda m: m.start)


_SKIPPED_FIELDS = frozenset(
    {
        "email",
        "phone",
        "url",
        "website",
        "image",
        "photo",
        "username",
        "network",
        "tags",
        "id",
        "country_code",
        "start",
        "end",
        "earned",
        "expires",
        "date",
        "release_date",
        "schema_version",
        "preferences",
        "meta",
        "credential_id",
        "number",
    }
)
"""Fields that hold no prose: contact details, links, dates, ids, settings."""


def phi_texts(model: BaseModel, path: PathT = ()) -> Iterator[tuple[PathT, str]]:
    """Every prose text of ``model`` (a profile, a letter file) with its field path.

    A bullet written as ``{text: …, tags: …}`` is reported at the bullet's own path, as
    bullets written as plain text are. The person's own name is left out.
    """
    for name in type(model).model_fields:
        if name in _SKIPPED_FIELDS or (path == ("basics",) and name == "name"):
            continue
        yield from _texts_in(getattr(model, name), (*path, name))


def _texts_in(value: Any, path: PathT) -> Iterator[tuple[PathT, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, BaseModel):
        fields = type(value).model_fields
        if "text" in fields and isinstance(value.text, str):  # type: ignore[attr-defined]
            yield path, value.text  # type: ignore[attr-defined]
        for name in fields:
            if name != "text" and name not in _SKIPPED_FIELDS:
                yield from _texts_in(getattr(value, name), (*path, name))
    elif isinstance(value, list | tuple):
        for n, item in enumerate(value):
            yield from _texts_in(item, (*path, n))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts_in(item, (*path, str(key)))


def excerpt(text: str, start: int = 0, end: int | None = None, limit: int = 60) -> str:
    """``text[start:end]`` widened to whole words and cut at a word boundary near ``limit``
    characters, with ``…`` where something was cut."""
    end = len(text) if end is None else end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    piece = text[start:end]
    cut = len(piece) > limit
    if cut:
        space = piece.rfind(" ", 0, limit)
        piece = piece[: space if space > limit // 2 else limit].rstrip(" ,;:")
    head = "…" if start > 0 else ""
    tail = "…" if cut or end < len(text) else ""
    return head + piece + tail


def excerpt_end(text: str, limit: int = 50) -> str:
    """The end of ``text``: its last whole words within ``limit`` characters, after ``…``."""
    if len(text) <= limit:
        return text
    start = len(text) - limit
    space = text.find(" ", start)
    return "…" + text[space + 1 if 0 <= space < len(text) - 1 else start :]


def _no_locate(path: PathT) -> Issue:
    return Issue("", path=path)


def _located(locate: Locate, path: PathT) -> Issue:
    """``locate(path)``, or the nearest enclosing field that has a line (a bullet written as
    a mapping has none of its own for ``text``)."""
    where = locate(path)
    cut = len(path)
    while where.line is None and cut > 1:
        cut -= 1
        parent = locate(path[:cut])
        if parent.line is not None:
            return replace(where, file=parent.file, line=parent.line, column=parent.column)
    return where


def phi_findings(model: BaseModel, locate: Locate = _no_locate) -> list[Issue]:
    """A warning for each text of ``model`` that looks like patient data: a record number,
    a date of birth, a patient's name, a name next to a condition or treatment.

    Args:
        model: a :class:`~toolkit.models.profile.Profile` or a letter file's options.
        locate: gives the file, line and column of a field path (see
            :meth:`toolkit.load.profile.Loaded.position`).

    Returns:
        One warning per text (its first match), each with the matched words and a fix.
    """
    found: list[Issue] = []
    for path, text in phi_texts(model):
        matches = find_phi(text)
        if not matches:
            continue
        first = matches[0]
        more = f" (and {len(matches) - 1} more)" if len(matches) > 1 else ""
        found.append(
            replace(
                _located(locate, path),
                path=path,
                message=f"this looks like {first.what}{more}",
                hint=HINT,
                severity="warning",
                value=excerpt(text, first.start, first.end, limit=50),
            )
        )
    return found


def _letter_locate(letter: BaseModel) -> Locate:
    """Where a letter file's fields stand: its paragraphs know their lines."""
    paragraph_issue = getattr(letter, "paragraph_issue", None)
    paragraphs = getattr(letter, "paragraphs", [])
    source = paragraph_issue(0, "").file if paragraph_issue and paragraphs else None

    def locate(path: PathT) -> Issue:
        if paragraph_issue and len(path) == 2 and path[0] == "paragraphs":
            where: Issue = paragraph_issue(int(path[1]), "")
            return replace(where, value=None)
        return Issue("", path=path, file=source)

    return locate


def phi_report(
    profile: BaseModel, *, letter: BaseModel | None = None, locate: Locate | None = None
) -> list[Issue]:
    """The patient-data warnings of a profile and, when given, of a letter file: what every
    command that makes a document shows before it writes anything.

    Args:
        profile: the profile.
        letter: a letter file's options (its own paragraphs are printed in the letter).
        locate: gives the profile's fields their lines (see :func:`phi_findings`).
    """
    found = phi_findings(profile, locate or _no_locate)
    if letter is not None:
        found += phi_findings(letter, _letter_locate(letter))
    return found


def phi_error(found: list[Issue], source: str | None = None) -> InputError:
    """``found`` as an error: what ``--strict`` raises, before anything is written."""
    hint = HINT + "; with --strict nothing is written until it is gone"
    return InputError([replace(i, severity="error", hint=hint) for i in found], source)
