"""What a requirement statement asks for: its kind, the years and the field of experience or
education, and its credential logic.

A statement's kind is one of credential, education, experience, skill, quality (a personal
quality or way of working), licence (to drive), language, condition (of employment: citizenship,
a background check, lifting, shifts) or, when none fits, qualification. Credentials are found
as the posting writes them, the role pack's or not ("CHIM", "NVQ Level 3", "CCDS"), with their
logic: alternatives ("RHIT or RHIA"), all of them ("RHIT and CCS"), "or equivalent",
"eligible for" and "within 12 months of hire".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

_NUMBER_WORDS: Final = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "twelve": 12, "eighteen": 18, "twenty-four": 24,
}  # fmt: skip
_NUMBER = r"\d{1,2}(?:\.\d)?|one|two|three|four|five|six|seven|eight|nine|ten"
YEARS = re.compile(
    rf"\b(?P<n>{_NUMBER})\s*+(?:\+\s*+)?(?:(?:-|\u2013|to|or)\s*+(?:{_NUMBER})\s*+(?:\+\s*+)?)?"
    rf"(?:\(\d+\)\s*+)?(?:\+\s*+)?(?:full[- ]time\s++)?(?:years?|yrs?)\b",
    re.IGNORECASE,
)
r"""``3+ years``, ``two to four years``, ``three (5) years`` (the words win), ``1 yr``."""
_MONTHS_EXPERIENCE = re.compile(
    rf"\b(?P<n>{_NUMBER}|twelve|eighteen)\s*+(?:\(\d+\)\s*+)?months?\b", re.I
)

_LICENCE = re.compile(
    r"driving licen[cs]e|driver'?s'? licen[cs]e|\bdriver\b|use of a (?:car|vehicle)|access to a "
    r"(?:car|vehicle)|own (?:car|transport)|reliable transportation|ability to drive|able to drive",
    re.I,
)
_LANGUAGE = re.compile(
    r"\b(?:fluen(?:t|cy)|bilingual|native speaker|(?:written and spoken|spoken and written) "
    r"(?:english|french|spanish|welsh)|proficien\w* in (?:(?:written|spoken|both)(?: and "
    r"(?:written|spoken))? )?(?:english|french|spanish|"
    r"welsh|mandarin|cantonese|arabic|polish|punjabi|urdu|portuguese)|(?:speak|read|write)\w* "
    r"(?:and (?:read|write) )?(?:english|french|spanish|welsh)|(?:english|french|spanish|welsh)"
    r" (?:language|and (?:english|french|spanish))|\bwelsh language\b|\bfrench\b|\bspanish\b)",
    re.I,
)
_CREDENTIAL = re.compile(
    r"\b(?:certif(?:ied|ication|icate)s?\b(?! (?:program|iv|iii|ii|in)\b)|credential(?:ed|s)?|"
    r"registered (?:health|nurse)|registration (?:with|as)|licensed|licensure|"
    r"(?:rn|lpn|nursing|professional) licen[cs]e|accredited (?:clinical )?coder|accreditation as|"
    r"eligible (?:for|to sit)|sit for the|exam within|\bbelt\b)",
    re.I,
)
_CREDENTIAL_ABBREVIATION = re.compile(
    r"\b(?:NVQ|QCF|NCCQ|ACC|CHIM|CCDS|CTR|RHI[AT]|CCS(?:-P)?|CPC(?:-A)?|CCA|CDIP|COC|CIC|CRC|CPMA|"
    r"CHDA|CHPS|CMAA|CEHRS|CHAA|CHAP|CRCR|RN)\b"
)
"""Credential abbreviations, as written: "CoC standards" is not the COC credential."""
_EDUCATION = re.compile(
    r"\b(?:degree|diploma|\bged\b|associate'?s?(?: of| in| degree)|bachelor'?s?|master'?s?|"
    r"high school|secondary school|gcses?|(?-i:A)[- ]?levels?|(?-i:O)[- ]levels?|coursework|"
    r"course work|"
    r"semester hours|certificate (?:program|iv|iii|ii|in)|graduat(?:e|ion) (?:of|from)|"
    r"education (?:in|to|at)|educated to|college|university|btec|hnd|hnc|pharm\.? ?d)\b",
    re.I,
)
_EXPERIENCE = re.compile(r"\bexperience[ds]?\b|\bbackground in\b|\btrack record\b", re.I)
_CONDITION = re.compile(
    r"\bcitizen(?:ship)?\b|background (?:check|investigation|screening)|drug (?:screen|test)|"
    r"\blift(?:ing)?\b|\bcarry\b|\bstand(?:ing)?\b|on (?:your|their) feet|physically|physical "
    r"(?:demands|requirements)|\bresid(?:e|ency|ent)\b|\blive (?:in|within)\b|weekends?|"
    r"\bnights?\b|on[- ]call|\bovertime\b|\btravel\b|available to work|availability|"
    r"immuni[sz]ation|vaccinat|right to work|\bdbs\b|disclosure and barring|working with "
    r"children|security clearance|selective service|must be (?:at least )?18|\brota\b|"
    r"shifts?\b|flexib(?:le|ility) (?:with|around|to work) (?:hours|shifts|schedule)|"
    r"home office|secure (?:home|internet)|internet connection|pass (?:a|an|the)|"
    r"open to (?:current|all)|status candidates|eligible to work|sponsorship|"
    r"attend (?:the|a|all) (?:\w+ )?(?:course|training)|ongoing requirement|heavy",
    re.I,
)
_QUALITY = re.compile(
    r"attention to detail|detail[- ]oriented|accura(?:te|cy)\b(?!.*\b(?:typing|keyboard))|"
    r"team (?:player|work|worker)|teamwork|communicat|interpersonal|organi[sz](?:ed|ational|ation)|"
    r"flexib|reliab|dependab|motivat|enthusias|friendly|positive|calm|confiden|professional"
    r"(?:ism| manner| attitude)|initiative|independent(?:ly)?|under pressure|prioriti|"
    r"time management|self[- ]starter|discretion|integrity|empath|customer (?:service|focus)|"
    r"problem[- ]solv|work (?:well|effectively|on your own|alone)|multi-?task|punctual|"
    r"approachable|adaptab|resilien|compassion|courteous|tact|deadlines|conscientious|"
    r"willing(?:ness)? to learn|eager|helpful|patient(?: and|,)|polite|concentrat|"
    r"presentation skills|leadership|able to work|ability to work|listen",
    re.I,
)
_SKILL = re.compile(
    r"knowledge|understanding of|familiar|proficien|competen|skills? (?:in|with|using)|"
    r"\btyping\b|\bwpm\b|words per minute|keyboard|microsoft|\bms office\b|\bexcel\b|\bword\b|"
    r"outlook|computer|software|\bsystems?\b|terminology|anatomy|physiology|\bicd\b|icd-?\d+|"
    r"\bcpt\b|hcpcs|\bopcs\b|hipaa|coding|\bit skills\b|data entry|epic|cerner|meditech|"
    r"database|data bases|\bpas\b|encoder|\bdrg\b|regulations|guidelines|policies|"
    r"legislation|confidentiality|information governance|\bgdpr\b|use of|\bable to use\b|"
    r"literacy|numeracy|maths|math\b|accurate typing|\bit\b",
    re.I,
)
_NOT_CREDENTIALS: Final = frozenset(
    """
    HIM EHR EMR ICD CPT HIPAA ROI MS US USA UK NHS IT PAS GCSE OPCS HCPCS DRG MS-DRG PHI DBS GS
    RN LPN AA AS BS BA MBA PCS CM CDI HIT MRT VA VHA EEO ADA PTO FTE W2 W-2 OR AND PRN IDN GED
    ECDL PC OCR QA MPI RTT PACS AHIMA AAPC NCRA CHIMA ACDIS IBM CD II III IV API
    """.split()  # noqa: SIM905
)
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{1,5}(?:-[A-Z]{1,2})?\b")
_NAMED = re.compile(
    r"\bNVQ\s++(?:Level\s++)?\d\b|\bQCF\s++Level\s++\d\b|\bRN licen[cs]e\b|"
    r"\bCertificate\s++(?:IV|III|II)\b[^.;,]{0,40}|\bAccredited Clinical Coder\b|"
    r"\b(?:Registered|Certified) [A-Z][a-z]+(?: (?:(?:of|in|and|for) )?[A-Z][a-z]+){0,4}\b"
    r"(?: \([A-Z][A-Za-z-]{1,8}\))?",  # "Certified Release of Information Specialist (CRIS)"
)
_WITHIN = re.compile(
    rf"\bwithin\s++(?P<n>{_NUMBER}|twelve|eighteen|twenty-four|\d{{1,2}})\s*+(?:\(\d+\)\s*+)?"
    r"(?P<unit>months?|years?)\s++(?:of|from|after)\s++(?:hire|start|employment|appointment|"
    r"joining|the start date|date of hire)",
    re.I,
)


@dataclass(frozen=True)
class Structure:
    """What a statement asks for, beyond its text."""

    kind: str
    years: float | None = None
    field: str | None = None
    named: tuple[str, ...] = ()
    all_of: bool = False
    or_equivalent: bool = False
    eligible: bool = False
    within_months: int | None = None


def _number(text: str) -> float:
    text = text.lower()
    return float(_NUMBER_WORDS[text]) if text in _NUMBER_WORDS else float(text)


def years_in(text: str) -> float | None:
    """Years of experience a statement asks for ("three (5) years" reads the word)."""
    found = YEARS.search(text)
    if found:
        return _number(found.group("n"))
    months = _MONTHS_EXPERIENCE.search(text)
    if months and _EXPERIENCE.search(text):
        return round(_number(months.group("n")) / 12, 2)
    return None


_FIELD_AFTER = re.compile(
    r"\bexperience[ds]?\s++(?:of\s++|in\s++|with\s++|working\s++(?:in|with|as)\s++|as\s++(?:an?\s++)?"
    r"|using\s++|(?=[a-z]+ing\s))(?P<f>[^.;:()]{3,80}?)(?=\s*+(?:[.;:(]|,\s++(?:or|and|including|preferably|"
    r"preferred|required)\b|(?:is|are)\s++(?:required|preferred|essential|desirable|a plus)|"
    r"(?:required|preferred|desirable|essential)\b|$))",
    re.I,
)
_FIELD_BEFORE = re.compile(
    r"\b(?:years?|yrs?)\b\s*+(?:\(\d+\)\s*+)?(?:of\s++)?(?:recent\s++|progressive\s++|"
    r"professional\s++|relevant\s++|hands-on\s++|direct\s++|speciali[sz]ed\s++|qualifying\s++)?"
    r"(?P<f>[a-z][\w /&,-]{2,60}?)\s++"
    r"experience\b",
    re.I,
)
_EDU_FIELD = re.compile(
    r"\b(?:degree|diploma|certificate|qualification|associate'?s?|bachelor'?s?|education|"
    r"coursework)\s++(?:degree\s++)?(?:of\s++(?:applied\s++)?(?:science|arts)\s++)?in\s++"
    r"(?P<f>[^.;:(]{3,80}?)(?=\s*+(?:[.;:(]|,\s++|"
    r"\s++(?:or|from|required|preferred)\b|$))",
    re.I,
)


_NO_FIELD = frozenset(
    "work the of specialized specialised qualifying relevant related similar previous prior "  # noqa: SIM905
    "professional recent progressive direct general".split()
)
"""Words before "experience" that say what kind of experience, not what it is in."""


def field_of(text: str, kind: str) -> str | None:
    """What the experience or education is in, as written."""
    if kind == "education":
        found = _EDU_FIELD.search(text)
        return found.group("f").strip() if found else None
    if kind not in ("experience", "credential"):
        return None
    found = _FIELD_BEFORE.search(text)
    if found:
        field = found.group("f").strip()
        field = re.sub(r"^(?:work|working)$", "", field).strip()
        if field and field.lower() not in _NO_FIELD:
            return field
    found = _FIELD_AFTER.search(text)
    if found:
        return found.group("f").strip(" ,")
    return None


def named_credentials(text: str, pack_names: list[str]) -> list[str]:
    """The credentials a statement names, as written: the pack's spellings it uses, then other
    credential-like abbreviations and names ("CHIM", "NVQ Level 3", "RN license")."""
    out: list[str] = []
    seen: set[str] = set()

    def add(name: str) -> None:
        key = name.casefold()
        if key not in seen and not any(key in s for s in seen):
            seen.add(key)
            out.append(name)

    for name in pack_names:
        add(name)
    for found in _NAMED.finditer(text):
        add(found.group(0).strip())
    if _is_credential(text):
        for found in _ACRONYM.finditer(text):
            word = found.group(0)
            if word not in _NOT_CREDENTIALS and not word.isdigit() and len(word) >= 3:
                add(word)
    positions = {name: text.find(name) for name in out}
    return sorted(out, key=lambda n: positions[n] if positions[n] >= 0 else len(text))


_STRONG_CONDITION = re.compile(
    r"(?:criminal record|police|vulnerable sector|background|garda|dbs|suitability)\b[^.]{0,20}"
    r"(?:check|vetting|investigation|screen)|\bvetting\b|probationary period|\bclose vision\b|"
    r"willing(?:ness)? to (?:attend|travel|work (?:nights|weekends|shifts|overtime))|"
    r"(?:home|private|quiet)[^.]{0,30}(?:workspace|office|space)|internet connection|"
    r"\bmust (?:reside|live)\b|citizenship|right to work|eligible to work|"
    r"lift(?:ing)? (?:up to )?\d",
    re.IGNORECASE,
)
_STRONG_QUALITY = re.compile(
    r"self[- ]motivated|eye for detail|attention to detail|logical approach|\bprioriti[sz]e|"
    r"organi[sz]e (?:work|your)|organi[sz]ed\b|\benthusias|\bmotivated\b|calm\b|"
    r"willing(?:ness)? to (?:learn|accept|work towards)|interested in|determination|efficien|"
    r"manage a busy workload|own initiative|team player|flexible (?:approach|attitude)|"
    r"friendly|approachable|reliable|dependable",
    re.IGNORECASE,
)
_TRAINING = re.compile(
    r"(?:training|education(?:al)?|standards) (?:course|program(?:me)?)|completed the [^.]{0,60}"
    r"course|tertiary qualification|\btraining in\b|qualification in\b",
    re.IGNORECASE,
)


def kind_of(text: str, *, credential_groups: int, terms: int) -> str:
    """The kind of a requirement statement (skill when nothing tells)."""
    if _LICENCE.search(text) and not re.search(
        r"\b(?:rn|nursing|professional)\s++licen", text, re.I
    ):
        return "licence"
    if credential_groups or (_is_credential(text) and not _EDUCATION.search(text)):
        return "credential"
    if _LANGUAGE.search(text):
        return "language"
    if _STRONG_CONDITION.search(text):
        return "condition"
    if _EDUCATION.search(text) or _TRAINING.search(text):
        return "education"
    if _EXPERIENCE.search(text) or YEARS.search(text):
        return "experience"
    if _STRONG_QUALITY.search(text):
        return "quality"
    if _CONDITION.search(text):
        return "condition"
    if terms or _SKILL.search(text) or re.search(r"\bskills?\b|communicat", text, re.I):
        return "skill"
    if _is_credential(text):
        return "credential"
    if _QUALITY.search(text):
        return "quality"
    return "skill"


def _is_credential(text: str) -> bool:
    """A credential's words (any case) or a known abbreviation (as written: "CoC" is not)."""
    return bool(_CREDENTIAL.search(text) or _CREDENTIAL_ABBREVIATION.search(text))


def structure(
    text: str, *, credential_groups: list[list[str]], pack_names: list[str], terms: int
) -> Structure:
    """The :class:`Structure` of a requirement statement."""
    kind = kind_of(text, credential_groups=len(credential_groups), terms=terms)
    named = named_credentials(text, pack_names) if kind == "credential" else []
    within = _WITHIN.search(text)
    months = None
    if within:
        months = int(
            _number(within.group("n")) * (12 if within.group("unit").startswith("y") else 1)
        )
    and_joined = len(credential_groups) > 1 or (
        len(named) > 1
        and re.search(r"\b(?:and|plus|as well as)\b", text)
        and " or " not in text.lower()
    )
    return Structure(
        kind=kind,
        years=years_in(text),
        field=field_of(text, kind),
        named=tuple(named),
        all_of=bool(and_joined),
        or_equivalent=re.search(r"\bor (?:an? )?(?:\w+ )?equivalent\b", text, re.I) is not None,
        eligible=re.search(r"\beligib(?:le|ility)\b", text, re.I) is not None
        and kind == "credential",
        within_months=months,
    )
