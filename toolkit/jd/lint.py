"""Check a job description for gaps, legal risks and wording that narrows the applicant pool.

:func:`lint_jd` checks a :class:`~toolkit.models.jd.JobDescription` in memory and returns
:class:`~toolkit.errors.Issue` records (severity ``error`` or ``warning``, the field path,
the offending word or value, and a hint with a concrete fix). :func:`lint_jd_file` loads a
YAML or JSON file and adds the line and column of every finding.

Word lists, laws and thresholds live in ``toolkit/jd/data/`` with their sources, so they
can be checked and updated without touching the code:

``pay_transparency.yaml``
    Dated US state pay-transparency laws (code, law, effective date, employer-size
    threshold, source, where to verify).
``gender_coded.yaml``
    The masculine- and feminine-coded word stems of Gaucher, Friesen & Kay (2011),
    neutral replacements, and the balance margin (as Gender Decoder).
``age_coded.yaml``
    Age-coded phrases (ADEA, EEOC guidance), exclusionary phrases ("native English
    speaker") and the ADA "with or without reasonable accommodation" check.
``hype.yaml``
    Hype and culture clichés (after Joblint) with plain alternatives.
``rules.yaml``
    Thresholds: pay-range width, required-qualification count, entry levels, reading
    grade and length.

``placeholders.yaml`` (read by :mod:`toolkit.jd.publish`)
    Placeholders ("Your Organization", "[…]", "TBD", "XX") and drafting notes.

The rules:

0. **Ready to publish** — each placeholder left in any field is an error with its fix; an
   on-site or hybrid job without a location is an error (applicants, job boards and
   Google's job search need one); a remote job that does not say where hires may live, no
   ``how_to_apply`` and a pay note that is a drafting note ("adjust to your local market")
   are warnings. ``jd build`` warns about the same things (:mod:`toolkit.jd.publish`).
1. **Pay** — no pay range is an error. When the job's ``location.region`` or one of its
   ``remote_regions`` is a state with a pay-transparency law in force, a finding names
   the law: an error when the employer is covered (``organization.employees`` at or above
   the law's threshold, or a law that covers every employer), a warning when the size is
   unknown ("likely applies") or below the threshold ("may not apply"). A nationwide remote
   role counts as reachable from every such state. A law not yet in force gets a
   warning. With a range: only one end given in such a state, a range wider than 60% of
   its minimum, a minimum above the maximum, or ``pay.estimate`` still true are flagged
   (a build leaves an estimate out, so it is an error where a law in force requires a range
   from this employer).
2. **EEO and accommodation** — no EEO statement (on the job or the organization) is an
   error; no accommodation statement is a warning.
3. **Inclusive wording** — each gender-coded word (warning, with a neutral word where one
   helps) and one summary of the masculine/feminine balance; he/him/his/she/her pronouns
   ("use they or you"); age-coded phrases; "native English speaker"; "must be able to
   stand/walk/lift" without "with or without reasonable accommodation".
4. **Hype** — rockstar, ninja, guru, "hit the ground running", "fast-paced", "we're a
   family", hustle and the like, each with a plain alternative.
5. **Required qualifications** — more than 8 is a warning: move some to preferred.
6. **Degree inflation** — an entry level (junior, specialist, coder-trainee, coder) that
   requires a bachelor's or master's degree is a warning.
7. **Reading grade** — the Flesch-Kincaid grade of the summary, responsibilities and
   qualifications above 12 is a warning.
8. **Length** — under 150 words or over 900 words is a warning.

Also: no closing date is fine.

Library code: nothing here prints or logs.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Any

from toolkit.errors import Issue, Severity
from toolkit.jd.publish import apply_issues, location_issues, pay_note_issues, placeholder_issues
from toolkit.load.profile import locate, validate_document
from toolkit.load.sources import PathT, decode, load_shipped, parse_text, read_bytes
from toolkit.models.jd import JobDescription

__all__ = [
    "flesch_kincaid_grade",
    "lint_jd",
    "lint_jd_file",
    "syllables",
]

# --- data ------------------------------------------------------------------------------------


def _load(name: str) -> dict[str, Any]:
    text = files("toolkit").joinpath(f"jd/data/{name}").read_text("utf-8")
    data = load_shipped(text)
    if not isinstance(data, dict):  # pragma: no cover - packaging error
        raise TypeError(f"toolkit/jd/data/{name} is not a mapping")
    return data


@dataclass(frozen=True, slots=True)
class Law:
    """A pay-transparency law, as written in ``pay_transparency.yaml``."""

    code: str
    name: str
    aliases: tuple[str, ...]
    law: str
    effective: date
    min_employees: int
    source: str
    verify_at: str
    note: str | None = None

    @property
    def title(self) -> str:
        """``Colorado's Equal Pay for Equal Work Act (...)``."""
        return f"{self.name}'s {self.law}"

    def matches(self, place: str) -> bool:
        """Whether a region or remote-region name means this state."""
        key = _norm_place(place)
        return key in {self.code.lower(), self.name.lower(), *self.aliases}


@dataclass(frozen=True, slots=True)
class Phrase:
    """A phrase pattern with a label and a suggested replacement."""

    pattern: re.Pattern[str]
    label: str
    suggestion: str
    why: str | None = None


@dataclass(frozen=True, slots=True)
class GenderWords:
    """The coded word stems and their suggestions."""

    citation: str
    masculine: tuple[str, ...]
    feminine: tuple[str, ...]
    suggestions: dict[str, str]
    strong_margin: int

    def coding(self, word: str) -> str | None:
        """``"masculine"``, ``"feminine"`` or ``None`` for a lower-case word."""
        for side, stems in (("masculine", self.masculine), ("feminine", self.feminine)):
            for stem in stems:
                if stem.endswith("*"):
                    if word.startswith(stem[:-1]):
                        return side
                elif word in (stem, stem + "s"):
                    return side
        return None


def _norm_place(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower())


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


@functools.cache
def laws() -> tuple[Law, ...]:
    """The pay-transparency laws in ``pay_transparency.yaml``."""
    return tuple(
        Law(
            code=str(j["code"]),
            name=str(j["name"]),
            aliases=tuple(_norm_place(str(a)) for a in j.get("aliases") or ()),
            law=str(j["law"]),
            effective=_as_date(j["effective"]),
            min_employees=int(j["min_employees"]),
            source=str(j["source"]),
            verify_at=str(j["verify_at"]),
            note=str(j["note"]) if j.get("note") else None,
        )
        for j in _load("pay_transparency.yaml")["jurisdictions"]
    )


@functools.cache
def _pay_meta() -> tuple[str, frozenset[str]]:
    data = _load("pay_transparency.yaml")
    nationwide = frozenset(_norm_place(str(x)) for x in data.get("remote_nationwide") or ())
    return str(data["verify_note"]).strip(), nationwide


@functools.cache
def gender_words() -> GenderWords:
    """The gender-coded word lists in ``gender_coded.yaml``."""
    data = _load("gender_coded.yaml")
    return GenderWords(
        citation=" ".join(str(data["citation"]).split()),
        masculine=tuple(str(s).lower() for s in data["masculine"]),
        feminine=tuple(str(s).lower() for s in data["feminine"]),
        suggestions={str(k).lower(): str(v) for k, v in (data.get("suggestions") or {}).items()},
        strong_margin=int(data["balance"]["strong_margin"]),
    )


def _phrases(entries: list[dict[str, Any]]) -> tuple[Phrase, ...]:
    return tuple(
        Phrase(
            pattern=re.compile(rf"(?<![\w-])(?:{e['pattern']})(?![\w-])", re.IGNORECASE),
            label=str(e["label"]),
            suggestion=str(e["suggestion"]),
            why=str(e["why"]) if e.get("why") else None,
        )
        for e in entries
    )


@functools.cache
def _age_data() -> dict[str, Any]:
    return _load("age_coded.yaml")


@functools.cache
def age_phrases() -> tuple[Phrase, ...]:
    """Age-coded phrases from ``age_coded.yaml``."""
    return _phrases(_age_data()["age_coded"])


@functools.cache
def exclusionary_phrases() -> tuple[Phrase, ...]:
    """Exclusionary phrases from ``age_coded.yaml``."""
    return _phrases(_age_data()["exclusionary"])


@functools.cache
def _physical() -> tuple[re.Pattern[str], re.Pattern[str], str]:
    data = _age_data()["physical"]
    return (
        re.compile(rf"\b(?:{data['pattern']})\b", re.IGNORECASE),
        re.compile(str(data["accommodation"]), re.IGNORECASE),
        str(data["suggestion"]),
    )


@functools.cache
def hype_phrases() -> tuple[Phrase, ...]:
    """Hype phrases from ``hype.yaml``."""
    return _phrases(_load("hype.yaml")["hype"])


@functools.cache
def _rules() -> dict[str, Any]:
    return _load("rules.yaml")


# --- text helpers ----------------------------------------------------------------------------

_WORD = re.compile(r"[A-Za-z]+(?:['\u2019-][A-Za-z]+)*")
_PRONOUN = re.compile(r"\b(he|him|his|himself|she|her|hers|herself)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")
_VOWELS = re.compile(r"[aeiouy]+")


def syllables(word: str) -> int:
    """Estimate the syllables in an English word (vowel groups, less a silent final e)."""
    total = 0
    for part in re.split(r"[-'\u2019]", word.lower()):
        part = re.sub(r"[^a-z]", "", part)
        if not part:
            continue
        count = len(_VOWELS.findall(part))
        if count > 1 and part.endswith("e") and not part.endswith(("le", "ee", "ye")):
            count -= 1
        if count > 1 and part.endswith("ed") and not part.endswith(("ted", "ded")):
            count -= 1
        if (
            count > 1
            and part.endswith("es")
            and not part.endswith(("ces", "ses", "zes", "ges", "ies"))
        ):
            count -= 1
        total += max(count, 1)
    return max(total, 1)


def flesch_kincaid_grade(texts: list[str]) -> float | None:
    """The Flesch-Kincaid grade of some texts; each text is at least one sentence.

    ``0.39 * words/sentences + 11.8 * syllables/words - 15.59`` (Kincaid et al., 1975).
    ``None`` when there are no words.
    """
    words = 0
    sentences = 0
    syll = 0
    for text in texts:
        found = _WORD.findall(text)
        if not found:
            continue
        words += len(found)
        syll += sum(syllables(w) for w in found)
        ends = len(_SENTENCE_END.findall(text.strip()))
        if not text.strip().endswith((".", "!", "?")):
            ends += 1
        sentences += max(ends, 1)
    if not words:
        return None
    return 0.39 * words / sentences + 11.8 * syll / words - 15.59


def _word_count(text: str) -> int:
    return len(_WORD.findall(text))


def _prose(jd: JobDescription) -> Iterator[tuple[PathT, str]]:
    """Every free-text field a reader sees, with its path (legal statements excluded)."""
    yield ("title",), jd.title
    yield ("summary",), jd.summary
    for name in (
        "responsibilities",
        "required_qualifications",
        "preferred_qualifications",
        "physical_demands",
        "benefits",
    ):
        for i, text in enumerate(getattr(jd, name)):
            yield (name, i), text
    for name in ("education", "schedule", "how_to_apply"):
        value = getattr(jd, name)
        if value:
            yield (name,), value
    org = jd.organization
    if org.about:
        yield ("organization", "about"), org.about
    for i, text in enumerate(org.benefits):
        yield ("organization", "benefits", i), text


def _issue(
    message: str,
    path: PathT,
    hint: str,
    *,
    value: str | None = None,
    severity: Severity = "warning",
) -> Issue:
    return Issue(message, path=path, value=value, hint=hint, severity=severity)


# --- rule 1: pay -----------------------------------------------------------------------------


def _places(jd: JobDescription) -> tuple[list[str], bool]:
    """The job's US places (region and remote regions), and whether remote is nationwide."""
    _, nationwide_names = _pay_meta()
    places: list[str] = []
    if jd.location and jd.location.region and jd.location.country_code in (None, "US"):
        places.append(jd.location.region)
    nationwide = False
    if jd.work_mode != "on-site":
        for region in jd.remote_regions:
            if _norm_place(region) in nationwide_names:
                nationwide = True
            else:
                places.append(region)
    return places, nationwide


def _pay_laws(jd: JobDescription) -> tuple[list[Law], bool]:
    places, nationwide = _places(jd)
    if nationwide:
        return list(laws()), True
    return [law for law in laws() if any(law.matches(p) for p in places)], False


def _law_path(jd: JobDescription, law: Law) -> PathT:
    if jd.location and jd.location.region and law.matches(jd.location.region):
        return ("location", "region")
    for i, region in enumerate(jd.remote_regions):
        if law.matches(region):
            return ("remote_regions", i)
    return ("remote_regions",)


def _check_pay(jd: JobDescription, today: date) -> list[Issue]:
    out: list[Issue] = []
    pay = jd.pay
    has_pay = pay is not None and (pay.min is not None or pay.max is not None)
    verify_note, _ = _pay_meta()
    found, nationwide = _pay_laws(jd)
    in_force = [law for law in found if law.effective <= today]
    coming = [law for law in found if law.effective > today]
    employees = jd.organization.employees

    if not has_pay:
        out.append(
            _issue(
                "no pay range",
                ("pay",),
                "add 'pay:' with 'min:', 'max:' and 'period:'; applicants skip postings "
                "without pay, and several US states require it",
                severity="error",
            )
        )
        if nationwide and in_force:
            names = ", ".join(law.code for law in in_force)
            out.append(
                _issue(
                    "a US-wide remote job can be filled from states whose pay-transparency "
                    f"laws require a pay range in the posting ({names})",
                    ("remote_regions",),
                    f"add a pay range, or list the states you hire in. {verify_note}",
                    value=", ".join(jd.remote_regions),
                    severity="error",
                )
            )
        else:
            for law in in_force:
                out.append(_law_issue(jd, law, employees, verify_note))
    elif pay is not None and (pay.min is None or pay.max is None):
        for law in in_force:
            if employees is None or employees >= law.min_employees:
                out.append(
                    _issue(
                        f"{law.title} asks for a pay range; only one end is given",
                        ("pay",),
                        f"give both 'min:' and 'max:' (a good-faith range). {verify_note}",
                        value=law.code,
                    )
                )
    if not nationwide:
        for law in coming:
            out.append(
                _issue(
                    f"{law.title} takes effect on {law.effective.isoformat()}; it will require "
                    "a pay range in postings",
                    _law_path(jd, law),
                    f"plan to post pay from that date. Check: {law.verify_at}",
                    value=law.code,
                )
            )

    if pay is not None and pay.min is not None and pay.max is not None:
        if pay.min > pay.max:
            out.append(
                _issue(
                    "the pay minimum is above the maximum",
                    ("pay",),
                    "swap 'min:' and 'max:'",
                    value=f"{pay.min:g}-{pay.max:g}",
                    severity="error",
                )
            )
        else:
            limit = float(_rules()["pay"]["max_width"])
            if pay.min > 0 and (pay.max - pay.min) / pay.min > limit:
                width = (pay.max - pay.min) / pay.min
                out.append(
                    _issue(
                        f"the pay range is too wide to inform (max is {width:.0%} above min; "
                        f"keep it within {limit:.0%})",
                        ("pay",),
                        f"narrow it to what you expect to pay, e.g. {pay.min:g}-"
                        f"{pay.min * (1 + limit):g}, or post separate levels",
                        value=f"{pay.min:g}-{pay.max:g}",
                    )
                )
    if pay is not None and pay.estimate and has_pay:
        covered = [
            law.code
            for law in in_force
            if law.min_employees <= 1 or (employees is not None and employees >= law.min_employees)
        ]
        message = "the pay range is still the role pack's estimate: jd build leaves it out"
        if covered:
            message += f", and {', '.join(covered)} require a pay range in the posting"
        out.append(
            _issue(
                message,
                ("pay", "estimate"),
                "adjust the estimate to your market and pay bands, then set 'estimate: false'",
                value="true",
                severity="error" if covered else "warning",
            )
        )
    out += pay_note_issues(jd)
    return out


def _law_issue(jd: JobDescription, law: Law, employees: int | None, verify_note: str) -> Issue:
    path = _law_path(jd, law)
    since = f"in force since {law.effective.isoformat()}"
    reach = f"employers with {law.min_employees}+ employee{'s' if law.min_employees != 1 else ''}"
    check = f"Check the current law: {law.verify_at} (source: {law.source})."
    if law.min_employees <= 1 or (employees is not None and employees >= law.min_employees):
        return _issue(
            f"{law.title} requires a pay range in job postings ({since}; covers {reach})",
            path,
            f"add 'pay:' with 'min:' and 'max:'. {check}",
            value=law.code,
            severity="error",
        )
    if employees is None:
        return _issue(
            f"{law.title} likely applies and requires a pay range in job postings "
            f"({since}; covers {reach})",
            path,
            f"add a pay range, and set 'organization.employees' to check the threshold. {check}",
            value=law.code,
        )
    return _issue(
        f"{law.title} may not apply: it covers {reach} and the organization has {employees}",
        path,
        f"posting pay is still good practice; confirm how the law counts employees. {check}",
        value=law.code,
    )


# --- rule 2: EEO and accommodation ----------------------------------------------------------


def _check_statements(jd: JobDescription) -> list[Issue]:
    out: list[Issue] = []
    org = jd.organization
    if not (jd.eeo_statement or org.eeo_statement):
        out.append(
            _issue(
                "no equal employment opportunity (EEO) statement",
                ("eeo_statement",),
                "add 'eeo_statement:' here or to the organization, e.g. 'We are an equal "
                "opportunity employer. All qualified applicants will receive consideration "
                "without regard to race, color, religion, sex, sexual orientation, gender "
                "identity, national origin, age, disability or veteran status.'",
                severity="error",
            )
        )
    if not (jd.accommodation_statement or org.accommodation_statement):
        out.append(
            _issue(
                "no accommodation statement",
                ("accommodation_statement",),
                "add 'accommodation_statement:', e.g. 'If you need a reasonable accommodation "
                "to apply, contact careers@example.org.'",
            )
        )
    out += apply_issues(jd)
    return out


# --- rule 3: inclusive wording ---------------------------------------------------------------


def _check_gender(jd: JobDescription) -> list[Issue]:
    words = gender_words()
    out: list[Issue] = []
    counts = {"masculine": 0, "feminine": 0}
    for path, text in _prose(jd):
        seen: set[str] = set()
        for token in _WORD.findall(text):
            word = token.lower().replace("\u2019", "'")
            side = words.coding(word)
            if side is None and "-" in word:
                side = next((s for s in map(words.coding, word.split("-")) if s is not None), None)
            if side is None:
                continue
            counts[side] += 1
            if word in seen:
                continue
            seen.add(word)
            suggestion = words.suggestions.get(word)
            hint = (
                f"try '{suggestion}'"
                if suggestion
                else "keep it if it names the task itself; otherwise use a neutral word and "
                "balance masculine- and feminine-coded wording"
            )
            out.append(_issue(f"'{token}' is {side}-coded wording", path, hint, value=token))
        pronouns = sorted({m.group(1).lower() for m in _PRONOUN.finditer(text)})
        if pronouns:
            out.append(
                _issue(
                    f"gendered pronoun{'s' if len(pronouns) > 1 else ''}: {', '.join(pronouns)}",
                    path,
                    "use they or you, e.g. 'you will review charts' instead of 'he will "
                    "review charts'",
                    value=", ".join(pronouns),
                )
            )
    masc, fem = counts["masculine"], counts["feminine"]
    if masc or fem:
        score = fem - masc
        margin = words.strong_margin
        if score == 0:
            verdict = "neutral"
        elif score > 0:
            verdict = "strongly feminine-coded" if score > margin else "feminine-coded"
        else:
            verdict = "strongly masculine-coded" if -score > margin else "masculine-coded"
        hint = (
            "balanced; no change needed"
            if verdict == "neutral"
            else "balance the wording with neutral or opposite-coded words"
        )
        out.append(
            _issue(
                f"overall the wording is {verdict} ({masc} masculine-coded, "
                f"{fem} feminine-coded words; word lists from {words.citation})",
                (),
                hint,
                value=verdict,
            )
        )
    return out


def _find_phrases(text: str, phrases: tuple[Phrase, ...]) -> Iterator[tuple[Phrase, str]]:
    """Matches of the first-listed phrase wherever two overlap."""
    taken: list[tuple[int, int]] = []
    for phrase in phrases:
        for m in phrase.pattern.finditer(text):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            taken.append((m.start(), m.end()))
            yield phrase, m.group(0)


def _check_phrases(jd: JobDescription) -> list[Issue]:
    out: list[Issue] = []
    physical, accommodation, physical_hint = _physical()
    for path, text in _prose(jd):
        for phrase, found in _find_phrases(text, age_phrases()):
            out.append(
                _issue(
                    f"'{found}' is age-coded ({phrase.label})",
                    path,
                    f"try: {phrase.suggestion}",
                    value=found,
                )
            )
        for phrase, found in _find_phrases(text, exclusionary_phrases()):
            out.append(
                _issue(
                    f"'{found}' excludes qualified applicants ({phrase.label}). "
                    f"{phrase.why or ''}".strip(),
                    path,
                    f"write '{phrase.suggestion}'",
                    value=found,
                )
            )
        m = physical.search(text)
        if m and not accommodation.search(text):
            out.append(
                _issue(
                    f"'{m.group(0)}' without 'with or without reasonable accommodation'",
                    path,
                    physical_hint,
                    value=m.group(0),
                )
            )
        for phrase, found in _find_phrases(text, hype_phrases()):
            out.append(
                _issue(
                    f"'{found}' is hype ({phrase.label}). {phrase.why or ''}".strip(),
                    path,
                    f"try: {phrase.suggestion}",
                    value=found,
                )
            )
    return out


# --- rules 5-8 -------------------------------------------------------------------------------

_DEGREE_WORDS = re.compile(
    r"\b(?:bachelor(?:['\u2019]?s)?|baccalaureate|master['\u2019]s|masters?\s+(?:degree|of\s+\w+))"
    r"(?:\s+degree)?",
    re.IGNORECASE,
)
_DEGREE_ABBR = re.compile(r"(?<![\w.])(?:BS|BA|MS|MBA|B\.S\.|B\.A\.|M\.S\.)(?![\w])")
_REQUIRED = re.compile(r"\b(?:required|requires|require|must)\b", re.IGNORECASE)
_PREFERRED = re.compile(r"\b(?:preferred|a plus|desirable|or equivalent)\b", re.IGNORECASE)


def _asks_for_degree(text: str, *, needs_required: bool) -> str | None:
    """The bachelor's or master's degree a text requires, or ``None``."""
    m = _DEGREE_WORDS.search(text) or _DEGREE_ABBR.search(text)
    if m is None or _PREFERRED.search(text):
        return None
    if needs_required and not _REQUIRED.search(text):
        return None
    return m.group(0)


def _check_degree(jd: JobDescription) -> list[Issue]:
    entry = {str(x).lower() for x in _rules()["degree"]["entry_levels"]}
    if not jd.level or jd.level.lower() not in entry:
        return []
    hits: list[tuple[PathT, str]] = []
    for i, text in enumerate(jd.required_qualifications):
        found = _asks_for_degree(text, needs_required=False)
        if found:
            hits.append((("required_qualifications", i), found))
    if jd.education:
        found = _asks_for_degree(jd.education, needs_required=True)
        if found:
            hits.append((("education",), found))
    return [
        _issue(
            f"a {found} is required for a {jd.level}-level role",
            path,
            "the usual entry path is a certificate or an associate degree; a required "
            "bachelor's or master's narrows the pool. Move it to preferred, or write "
            "'associate degree or certificate in health information, or equivalent experience'",
            value=found,
        )
        for path, found in hits
    ]


def _check_counts(jd: JobDescription) -> list[Issue]:
    out: list[Issue] = []
    rules = _rules()
    most = int(rules["required_qualifications"]["max"])
    count = len(jd.required_qualifications)
    if count > most:
        out.append(
            _issue(
                f"{count} required qualifications (more than {most}) deter applicants who "
                "meet most of them",
                ("required_qualifications",),
                f"keep the {most} or fewer that are truly needed on day one and move the rest "
                "to 'preferred_qualifications'",
                value=str(count),
            )
        )
    texts = [
        jd.summary,
        *jd.responsibilities,
        *jd.required_qualifications,
        *jd.preferred_qualifications,
    ]
    grade = flesch_kincaid_grade(texts)
    top = float(rules["reading"]["max_grade"])
    if grade is not None and grade > top:
        out.append(
            _issue(
                f"the reading grade is {grade:.1f} (Flesch-Kincaid; aim for {top:g} or lower)",
                ("summary",),
                "use shorter sentences and plainer words, e.g. 'use' for 'utilize', "
                "'help' for 'facilitate'",
                value=f"{grade:.1f}",
            )
        )
    total = sum(_word_count(text) for _, text in _prose(jd))
    for statement in (
        jd.eeo_statement or jd.organization.eeo_statement,
        jd.accommodation_statement or jd.organization.accommodation_statement,
    ):
        total += _word_count(statement or "")
    low = int(rules["length"]["min_words"])
    high = int(rules["length"]["max_words"])
    if total < low:
        out.append(
            _issue(
                f"the job description is too thin ({total} words; aim for {low} or more)",
                (),
                "add what a typical day looks like, the team, the schedule and the benefits",
                value=str(total),
            )
        )
    elif total > high:
        out.append(
            _issue(
                f"the job description is too long for job boards ({total} words; keep it "
                f"under {high})",
                (),
                "cut repeated duties and boilerplate; link to the full benefits page instead",
                value=str(total),
            )
        )
    return out


# --- entry points ----------------------------------------------------------------------------


def lint_jd(jd: JobDescription, *, today: date | None = None) -> list[Issue]:
    """Check a job description; every finding has a field path, a hint and a severity.

    Args:
        jd: the job description.
        today: the date that decides which pay-transparency laws are in force
            (default: today).

    Returns:
        The findings in rule order: placeholders and location, pay, statements, wording,
        hype, counts. Issues carry no file or line; :func:`lint_jd_file` adds them.
    """
    when = today or date.today()
    return [
        *placeholder_issues(jd),
        *location_issues(jd),
        *_check_pay(jd, when),
        *_check_statements(jd),
        *_check_gender(jd),
        *_check_phrases(jd),
        *_check_degree(jd),
        *_check_counts(jd),
    ]


def lint_jd_file(
    path: str | Path, *, today: date | None = None
) -> tuple[JobDescription, list[Issue]]:
    """Load a job-description file (YAML or JSON) and check it.

    Returns:
        The job description and its findings, each with file, line and column, sorted by
        position.

    Raises:
        InputError: if the file is not a valid job description (every problem, located).
        NotFoundError: if the file does not exist.
    """
    p = Path(path)
    src = str(path)
    doc = parse_text(decode(read_bytes(p, src), src), "auto", src)
    jd = validate_document(doc, JobDescription)
    found = locate(lint_jd(jd, today=today), doc)
    return jd, sorted(found, key=lambda i: (i.line or 0, i.column or 0))
