r"""A posting's header fields, right or empty: title, grade, employer, location, work mode,
employment type, pay and closing date, each with where it was read.

The sources are tried from the most to the least trustworthy: the structured data a reader
found (JSON-LD, job-schema JSON), a labelled line ("Location: Leeds, MA"), the short lines
above the body (a job board prints title, employer and place there), and last a sentence that
states it in so many words ("Acme Clinic is an equal opportunity employer"). A value that does
not look like what it should be (a title without a job noun, a place that is not a place) is
left out: the letter can say "the position" but cannot unsay a wrong employer.

Every pattern runs on one line at a time and is linear on hostile input: quantifiers over
spaces are possessive or start where a run of spaces does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Final

from toolkit.models.posting import EmploymentType, Found, PayRange

# --- labelled lines ---------------------------------------------------------------------------

LABEL_NAME: Final = r"[A-Za-z][A-Za-z &/'().#-]{1,40}?"
"""A field label's name as a posting writes it before a colon ("Job Type", "FLSA Status",
"Pay (hourly)"); the one pattern for labelled lines here and in :mod:`sections`."""
_LABEL = re.compile(rf"^[^\S\n]*+({LABEL_NAME})[^\S\n]*+[:\uff1a][^\S\n]*+(.*)$")
"""``Label: value`` (also with the value on the next line, handled by the caller)."""

LABELS: Final[dict[str, str]] = {
    **dict.fromkeys(
        [
            "job title",
            "position title",
            "position",
            "title",
            "role",
            "job",
            "title of post",
            "post",
        ],
        "title",
    ),
    **dict.fromkeys(
        [
            "company",
            "employer",
            "organization",
            "organisation",
            "hiring organization",
            "hiring organisation",
            "hiring company",
            "employer name",
            "agency",
            "trust",
            "practice",
        ],
        "employer",
    ),
    **dict.fromkeys(
        [
            "location",
            "locations",
            "job location",
            "work location",
            "primary location",
            "site",
            "base",
            "based at",
            "duty location",
            "place of work",
            "address",
            "job locations",
        ],
        "location",
    ),
    **dict.fromkeys(
        [
            "salary",
            "pay",
            "pay range",
            "salary range",
            "compensation",
            "wage",
            "rate",
            "hourly rate",
            "pay rate",
            "base pay",
            "base salary",
            "salary scale",
        ],
        "pay",
    ),
    **dict.fromkeys(
        [
            "employment type",
            "job type",
            "work schedule",
            "schedule",
            "working pattern",
            "contract",
            "contract type",
            "position type",
            "type",
            "hours",
            "ft/pt",
            "status",
            "appointment type",
        ],
        "employment",
    ),
    **dict.fromkeys(
        [
            "closing date",
            "close date",
            "closing",
            "closes",
            "apply by",
            "deadline",
            "application deadline",
            "open & closing dates",
            "open and closing dates",
            "posting end date",
            "valid through",
            "posting closes",
            "applications close",
            "application closing date",
            "apply before",
        ],
        "closing",
    ),
    **dict.fromkeys(["grade", "band", "pay scale & grade", "pay grade", "pay band"], "grade"),
    **dict.fromkeys(
        ["remote", "remote job", "work mode", "workplace type", "work arrangement", "telework"],
        "mode",
    ),
}
"""Label (lower case) -> the field it states."""


@dataclass(frozen=True)
class Line:
    """A line of the posting the header reader may use."""

    number: int
    text: str
    category: str
    """The segment category of the line (``header``, ``metadata``, ``apply`` …)."""


def labelled(lines: Sequence[Line]) -> dict[str, list[tuple[str, Line]]]:
    """Field -> the values labelled lines give it, in posting order (contacts left out)."""
    out: dict[str, list[tuple[str, Line]]] = {}
    for index, line in enumerate(lines):
        if line.category == "apply":
            continue  # "Job title: Outpatient Manager" of a contact person
        found = _LABEL.match(line.text.lstrip("-* "))
        if not found:
            continue
        label = " ".join(found.group(1).lower().split())
        field = LABELS.get(label)
        if field is None:
            continue
        value = found.group(2).strip()
        if (not value or _LOCATION_PREFIX.fullmatch(value)) and index + 1 < len(lines):
            value = lines[index + 1].text.strip()  # "Location:" with the value below it
        if value:
            out.setdefault(field, []).append((value.strip(" *_"), line))
    return out


# --- titles -----------------------------------------------------------------------------------

JOB_NOUNS: Final = frozenset(
    """
    abstractor administrator adviser advisor agent aide analyst apprentice archivist assistant
    abstracter associate auditor biller clerk coder consultant controller coordinator
    co-ordinator developer director educator engineer executive facilitator guide handler
    informaticist inspector intern lead leader librarian liaison manager navigator nurse officer
    operative planner practitioner processor receptionist recorder registrar representative
    reviewer scheduler scientist scribe secretary specialist summariser summarizer supervisor
    team-leader technician technologist trainee transcriber transcriptionist worker
    """.split()  # noqa: SIM905
)
"""Nouns that end or head a job title: a title without one is a sentence or a heading."""

_LEVEL = r"(?:[IVX]{1,4}|\d{1,2}|[A-C])"
GRADE = re.compile(
    r"(?:\b(?:Band|AfC Band)\s*+\d[a-d]?\b(?:\s*+(?:-|to|/)\s*+\d[a-d]?\b)?"
    r"|\bG[SW][- ]?\d{1,4}(?:[- ]\d{1,2})?(?:\s*+(?:-|to|/)\s*+\d{1,2})?\b"
    r"|\bGrade\s*+\d{1,2}(?:\s*+(?:-|to)\s*+\d{1,2})?\b)",
    re.IGNORECASE,
)
"""A pay grade: ``Band 4``, ``Band 8a``, ``GS-7``, ``GS 4 - 6``, ``GS-0675-07``, ``Grade 4 to
7``."""
_TITLE_NOISE = re.compile(
    r"(?<!\s)\s*+(?:\((?:hybrid|remote|on[- ]?site|full[- ]time|part[- ]time|per diem|prn|bank|"
    r"fixed[- ]term|permanent|temporary|contract)[^)]{0,20}\)"
    r"|\bjob in\b.*$|[-\u2013\u2014|]\s*+(?:based|located)\b.*$"
    r"|[-\u2013\u2014|]\s*+(?:remote|hybrid|on[- ]?site)\b.*$)",
    re.IGNORECASE,
)
_MARKETING = re.compile(
    r"(?:\bwe(?:'re| are)\b|\bhiring\b|\bjoin\b|\byou\b|\byour\b|\bour\b|\bopportunity\b|"
    r"\bcareer\b|\bapply (?:now|today|here|online)\b|[!?]|\*\*\*)",
    re.IGNORECASE,
)


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z][A-Za-z'-]*", text)


def has_job_noun(text: str) -> bool:
    """Whether a job noun stands in ``text`` ("Medical Records Technician (ROI)")."""
    return any(
        w.lower() in JOB_NOUNS
        or (w.lower().rstrip("s") in JOB_NOUNS and w.lower() not in ORG_WORDS)
        for w in _words(text)
    )


def clean_title(text: str) -> tuple[str | None, str | None]:
    """A title line without its labels, grade, mode or place: ``(title, grade)``.

    ``None`` for the title when what is left does not read as a job title.
    """
    text = " ".join(text.replace("\u00a0", " ").split()).strip(" *#_-\u2013\u2014:")
    found = _LABEL.match(text)
    if found and LABELS.get(found.group(1).strip().lower()) == "title":
        text = found.group(2).strip()
    grade_match = GRADE.search(text)
    grade = None
    if grade_match:
        grade = " ".join(grade_match.group(0).split())
        text = (text[: grade_match.start()] + text[grade_match.end() :]).strip()
    text = _TITLE_NOISE.sub("", text)
    text = re.sub(
        r"\s++(?:with|plus|\+)\s++[^,]*?(?:premium|bonus|%|\u00a3|\$|allowance|salary).*$",
        "",
        text,
        flags=re.IGNORECASE,
    )
    text = re.sub(r"\(\s*+\)", "", text)
    text = " ".join(text.split()).strip(" ,;:|-\u2013\u2014")
    if not text or len(text) > 90 or len(text.split()) > 12:
        return None, grade
    if _MARKETING.search(text) or text.endswith("."):
        return None, grade
    if not has_job_noun(text):
        return None, grade
    return text, grade


_TITLE_SEPARATOR = re.compile(r"\s++[-\u2013\u2014|\u00b7]\s*+|\s++at\s++")


def split_title_employer(text: str) -> tuple[str, str | None]:
    """``Records Clerk - Acme Clinic`` / ``Coder at Acme`` / ``Coder | Acme`` -> both parts,
    when the first part is a title and the second a name (an organisation's, or a site's:
    ``Clerk -Kitson Hall Torbay Hospital``; the caller tells them apart)."""
    found = _TITLE_SEPARATOR.search(text)
    if not found:
        return text, None
    head, tail = text[: found.start()], text[found.end() :]
    tail = _TITLE_SEPARATOR.split(tail)[0].strip()
    tail = _TITLE_NOISE.sub("", tail).strip()
    at = found.group(0).strip() == "at"
    if (
        has_job_noun(head)
        and tail
        and not re.match(r"(?i:based|located|in|at|near)\b", tail)
        and (is_org(tail) or (at and looks_like_name(tail)))
        and not has_job_noun(tail)
        and place_in(tail) is None
    ):
        return head.strip(), tail
    return text, None


# --- employers ----------------------------------------------------------------------------------

ORG_WORDS: Final = frozenset(
    """
    agency associates authority board care center centre clinic clinics college company corp
    corporation council county department division foundation group health healthcare hospital
    hospitals inc infirmary institute lab laboratories llc llp ltd limited medical medicine
    ministry network nhs office partners partnership pharmacy physicians plc practice services
    solutions surgery system systems trust university va
    """.split()  # noqa: SIM905
)
"""Words of organisation names: a header line holding one is taken as the employer."""
_SMALL_WORDS: Final = frozenset(
    {"of", "and", "the", "for", "&", "at", "in", "de", "la", "du", "-", "\u2013", "on", "upon"}
)
NOT_A_NAME: Final = frozenset(
    """
    about apply description details overview save share summary job show more less easy new
    promoted posted reposted actively recruiting applicants
    """.split()  # noqa: SIM905
)


def looks_like_name(line: str) -> bool:
    """A name, not a sentence: a few capitalised words, no sentence end, no label."""
    line = line.strip()
    words = [w for w in line.split() if w.casefold() not in _SMALL_WORDS]
    if not words or len(words) > 9 or ":" in line or line.endswith((".", "!", "?", ",")):
        return False
    if any(sum(c.isdigit() for c in w) >= 3 for w in words):
        return False  # "Vacancy No. CBTD-12801510" is a reference, not a name
    if words[0].casefold().strip(",.") in NOT_A_NAME:
        return False
    capitalised = sum(1 for w in words if w[0].isupper() or w[0].isdigit() or w[0] in "(&'")
    return capitalised == len(words)


def is_org(line: str) -> bool:
    """A name with an organisation word (``Riverbend Health``, ``Department of Veterans
    Affairs``, ``Siri InfoSolutions Inc``), not a department's ("Medical Records")."""
    words = [w.lower().strip(",.()") for w in line.split()]
    return (
        looks_like_name(line)
        and any(w in ORG_WORDS for w in words)
        and not any(w in _DEPARTMENT_WORDS for w in words)
    )


_DEPARTMENT_WORDS: Final = frozenset(
    "records coding information documentation management team unit desk registry department".split()  # noqa: SIM905
)


_EMPLOYER_SENTENCES = (
    re.compile(
        r"^(?:At\s++)?(?P<name>[A-Z][\w.&'\u2019-]*+(?:\s++(?:[A-Z][\w.&'\u2019-]*+|of|and|&|"
        r"the|for|de|upon|on)){0,8})(?:,\s++(?:Inc|LLC|Ltd|PLLC|P\.?C)\.?)?,?\s++(?:is|are)\s++"
        r"(?:an?\s++)?(?:proud(?:ly)?\s++)?"
        r"(?:(?:to be\s++)?an?\s++)?(?i:equal\s++(?:employment\s++)?opportunit)",
    ),
    re.compile(
        r"^(?:Here\s++)?(?:At|Join)\s++(?P<name>[A-Z][\w.&'\u2019-]*+(?:\s++(?:[A-Z][\w.&'\u2019-]*+|"
        r"of|and|&|the|for|upon|on)){0,8}),?\s++(?:we|our|you)\b"
    ),
    re.compile(
        r"^(?P<name>[A-Z][\w.&'\u2019-]*+(?:\s++(?:[A-Z][\w.&'\u2019-]*+|of|and|&|the|for|"
        r"upon|on)){0,8})\s++(?:is|are)\s++(?:currently\s++)?(?:seeking|looking for|hiring|"
        r"recruiting)\b"
    ),
    re.compile(
        r"^(?:About|Working (?:at|for)|Why (?:join|work (?:at|for)))\s++"
        r"(?P<name>[A-Z][\w.&'\u2019-]*+"
        r"(?:\s++(?:[A-Z][\w.&'\u2019-]*+|of|and|&|the|for|upon|on)){0,8})[?:]?$"
    ),
)
_NOT_EMPLOYERS: Final = frozenset(
    {"we", "the company", "the trust", "our company", "this organization", "the organisation"}
)


_NHS_TRUST = re.compile(
    r"(?P<name>(?:[A-Z][\w'\u2019&-]*+\s++(?:(?:and|&|of|the)\s++)?){1,8}NHS\s++"
    r"(?:Foundation\s++)?Trust)"
)
"""An NHS trust's name in a sentence ("Hampshire Hospitals NHS Foundation Trust")."""


def trust_in(text: str) -> str | None:
    """The first NHS trust a sentence names (an NHS advert's employer)."""
    found = _NHS_TRUST.search(text)
    if not found:
        return None
    words = found.group("name").split()
    while words and words[0].lower() in ("the", "at", "here", "on", "join", "and", "of"):
        words = words[1:]
    return " ".join(words) if len(words) >= 3 else None


_SITE_CUE = re.compile(
    r"\b(?:based|located|situated|work(?:ing)?|post is)\s++(?:at|in|within|from)\b|\bat our\b",
    re.IGNORECASE,
)
_SITE_NAME = re.compile(
    r"(?:VA\s++)?(?:[A-Z][\w'\u2019-]*+\s++){0,4}(?i:hospital|infirmary|healthcare system|"
    r"health care system|medical cent(?:er|re)|health cent(?:er|re))\b"
    r"(?:,\s*+[A-Z][A-Za-z]++(?:\s++[A-Z][A-Za-z]++)?)?"
)


def site_in(text: str) -> str | None:
    """The place of work a sentence names after "based at", "located at", "at our" …"""
    for cue in _SITE_CUE.finditer(text):
        found = _SITE_NAME.search(text, cue.end(), cue.end() + 130)
        if found is None:
            continue
        name = found.group(0).strip(" ,")
        words = name.split(",")[0].split()
        proper = [w for w in words[:-1] if w[0].isupper() and w not in ("NHS", "The", "Our")]
        if words[-1][0].isupper() and proper:  # "Lister Hospital", not "an NHS hospital"
            return name
    return None


def employer_from_sentence(text: str) -> str | None:
    """The employer a sentence names: "X is an equal opportunity employer", "X is seeking",
    an "About X" heading."""
    for pattern in _EMPLOYER_SENTENCES:
        found = pattern.match(text.strip())
        if found:
            name = found.group("name").strip()
            if (
                name.casefold() not in _NOT_EMPLOYERS
                and looks_like_name(name)
                and not has_job_noun(name)
                and name.split()[0].casefold() not in {"the", "this", "our", "we", "you", "it"}
            ):
                return name
    return None


# --- places -------------------------------------------------------------------------------------

US_STATES: Final = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon",
    "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
    "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia",
    "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
    "PR": "Puerto Rico",
}  # fmt: skip
CA_PROVINCES: Final = {
    "AB": "Alberta", "BC": "British Columbia", "MB": "Manitoba", "NB": "New Brunswick",
    "NL": "Newfoundland and Labrador", "NS": "Nova Scotia", "NT": "Northwest Territories",
    "NU": "Nunavut", "ON": "Ontario", "PE": "Prince Edward Island", "QC": "Quebec",
    "SK": "Saskatchewan", "YT": "Yukon",
}  # fmt: skip
AU_STATES: Final = {
    "NSW": "New South Wales", "VIC": "Victoria", "QLD": "Queensland", "WA": "Western Australia",
    "SA": "South Australia", "TAS": "Tasmania", "ACT": "Australian Capital Territory",
    "NT": "Northern Territory",
}  # fmt: skip
_REGION_NAMES: Final = {
    name.lower(): code
    for table, code in ((US_STATES, "US"), (CA_PROVINCES, "CA"), (AU_STATES, "AU"))
    for name in table.values()
}
_PLACE_WORD = r"[A-Z][A-Za-z.'\u2019-]*+"
_CITY_REGION = re.compile(
    rf"\b(?P<city>{_PLACE_WORD}(?:[ -]{_PLACE_WORD}){{0,3}}),\s*+(?P<region>[A-Z]{{2,3}}\b|"
    rf"{_PLACE_WORD}(?: {_PLACE_WORD}){{0,2}})(?:\s++\d{{5}}(?:-\d{{4}})?)?"
)
_CITY_REGION_AT = re.compile(rf"(?={_CITY_REGION.pattern})")
"""Every city-and-region a line holds, overlapping (``4410 Quarry Road, Stonebridge, KY``)."""
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b")
_COUNTRIES: Final = {
    "united states": "US", "usa": "US", "us": "US", "u.s.": "US", "canada": "CA",
    "united kingdom": "GB", "uk": "GB", "england": "GB", "scotland": "GB", "wales": "GB",
    "northern ireland": "GB", "ireland": "IE", "australia": "AU", "new zealand": "NZ",
}  # fmt: skip
_LOCATION_PREFIX = re.compile(
    r"^(?:\d+\s++vacanc(?:y|ies)\s++in\s++the\s++following\s++locations?\s*+:?\s*+"
    r"|(?:multiple|several)\s++locations?\s*+:?\s*+)",
    re.IGNORECASE,
)


def country_of(place: str) -> str | None:
    """The country code a place names (``Garner, NC`` -> ``US``), when it is clear."""
    for found in _CITY_REGION_AT.finditer(place):
        region = found.group("region")
        if region in US_STATES and region not in ("ON",):
            return "US"
        if region in CA_PROVINCES:
            return "CA"
        if region in AU_STATES:
            return "AU"
        code = _REGION_NAMES.get(region.lower())
        if code:
            return code
    for part in place.split(","):
        code = _REGION_NAMES.get(part.strip().lower())
        if code:
            return code  # "Ontario", "Toronto, Ontario"
    lowered = place.lower()
    for name, code in _COUNTRIES.items():
        if re.search(rf"(?<![a-z]){re.escape(name)}(?![a-z])", lowered):
            return code
    if _POSTCODE.search(place):
        return "GB"
    return None


def place_parts(
    location: str, *, country: str | None = None
) -> tuple[str | None, str | None, str | None]:
    """``(city, region, country code)`` of a location as written, as far as they are clear:
    ``Garner, NC`` -> Garner, NC, US; ``Toronto, Ontario`` -> Toronto, Ontario, CA;
    ``St Aldhelm's Hospital, Bridgemouth`` (in a posting paid in pounds) -> Bridgemouth, -, GB."""
    country = country_of(location) or country
    for found in _CITY_REGION_AT.finditer(location):
        region = found.group("region")
        if (
            region in US_STATES
            or region in CA_PROVINCES
            or region in AU_STATES
            or (region.lower() in _REGION_NAMES)
        ):
            return found.group("city"), region, country
    parts = [_POSTCODE.sub("", p).strip() for p in location.split(",")]
    parts = [
        p
        for p in parts
        if p
        and p.lower().rstrip(".") not in _COUNTRIES
        and p not in ("US", "GB", "CA", "AU", "IE", "NZ")
        and not re.search(r"(?i:hospital|infirmary|centre|center|campus|road|street|clinic)", p)
    ]
    if len(parts) == 1 and parts[0].lower() in _REGION_NAMES:
        return None, parts[0], country
    if parts:
        return parts[0], parts[1] if len(parts) > 1 else None, country
    return None, None, country


def clean_location(value: str) -> str | None:
    """A labelled location without its prefix; None for "Remote" alone or a non-place."""
    value = _LOCATION_PREFIX.sub("", " ".join(value.split())).strip(" .;")
    value = re.sub(
        r"\s*+\([^()]{0,80}\b(?:is|are|must|live|based|reside|within|near)\b[^()]*\)", "", value
    )
    value = re.sub(r"\s*+\((?:hybrid|remote|on[- ]?site)[^)]{0,20}\)", "", value, flags=re.I)
    bare = value.lower().strip(" ()")
    country = re.fullmatch(
        r"(?:100%\s*+)?(?:fully\s++)?remote\s*+[-(,]?\s*+(us|usa|united states|uk|united kingdom|"
        r"canada|ireland|australia)\)?",
        bare,
    )
    if country:  # "Remote - United States": the country is the place
        return value[value.lower().rindex(country.group(1)) :][: len(country.group(1))]
    if not value or re.fullmatch(
        r"in[- ]person|on[- ]?site|in[- ]office|office[- ]based|hybrid(?:[^a-z].*)?|"
        r"(?:100%\s*+)?(?:fully\s++)?remote(?:\s*+[-(,]?\s*+(?:nationwide|anywhere)\)?)?|"
        r"anywhere|various|multiple|tbd|n/?a|negotiable",
        bare,
    ):
        return None
    value = re.sub(
        r"^(?:remote|hybrid)\s*+[-/,|]\s*+|\s*+[-/,|]\s*+(?:remote|hybrid)$", "", value, flags=re.I
    )
    if len(value) > 120 or value.endswith(("!", "?")):
        return None
    return value or None


def place_in(line: str) -> str | None:
    """A place a short header line names: ``Dayton, OH``, ``Bedford MK42 9DJ``, ``Ontario``."""
    if len(line) > 120:
        return None
    for found in _CITY_REGION_AT.finditer(line):
        region = found.group("region")
        if (
            region in US_STATES
            or region in CA_PROVINCES
            or region in AU_STATES
            or region.lower() in _REGION_NAMES
            or region.lower() in _COUNTRIES
        ):
            start = found.start()
            return line[start:].split(" \u00b7 ")[0].split(" (")[0].strip(" .;,") or None
    if _POSTCODE.search(line) and looks_like_name(line.replace(",", "")):
        return line.strip()
    return None


_LOCATED_IN = re.compile(
    rf"\b(?:(?:located|based)\s++(?:in|at)|in)\s++(?:the\s++)?(?P<place>{_PLACE_WORD}"
    rf"(?:\s++{_PLACE_WORD}){{0,3}},?\s++(?:[A-Z]{{2}}\b|{_PLACE_WORD}(?:\s++{_PLACE_WORD})?))"
)


def place_from_sentence(text: str) -> str | None:
    """ "located in Leeds, MA" / "based in Leeds Massachusetts" -> the place, when its region
    is a known one."""
    for found in _LOCATED_IN.finditer(text):
        place = found.group("place")
        last = place.replace(",", " ").split()[-1]
        region = place.split(",")[-1].strip() if "," in place else ""
        if found.group(0).lower().startswith("in") and not (
            region in US_STATES or region in CA_PROVINCES or region.lower() in _REGION_NAMES
        ):
            continue  # a bare "in" needs "Dayton, OH" or "Halloway Springs, Colorado"
        if region.lower() in _REGION_NAMES:
            return place
        if last in US_STATES or last in CA_PROVINCES or last.lower() in _REGION_NAMES:
            return place
    return None


# --- work mode and employment type --------------------------------------------------------------


_PART_REMOTE = re.compile(
    r"\b(?:up to |\d |one |two |three |four )?(?:days?|times) (?:a|per|each) week (?:from home|"
    r"at home|remotely|remote|working from home|in the office|on[- ]?site)|"
    r"telework eligible:\s*+yes\b(?!\s*+-\s*+ad ?hoc)(?![^.]{0,20}ad ?hoc)|"
    r"\b(?:work|working) (?:from|at) home (?:for )?(?:up to )?(?:\w+ )?days? (?:a|per|each) week"
)
"""Part of the week at home: ``up to two days a week from home``, ``Telework eligible: Yes``."""
_HYBRID = re.compile(
    r"\bhybrid\b(?=\s*+(?:$|[),.;:/|(\u2013-]|working|work\b|role|position|schedule|model|remote|"
    r"on[- ]?site|arrangement|basis|opportunity|after|once|with))"
)
"""Hybrid as a work mode ("Hybrid - two days on site"), not "Hybrid Title 38"."""


_NOT_REMOTE = re.compile(
    r"\b(?:remote|telework)[^:\n]{0,25}:\s*+no\b|\bnot\s++(?:a\s++)?remote\b|"
    r"\b(?:remote|home) (?:working|work) is not (?:available|possible|an option|offered)|"
    r"\bno (?:remote|home) (?:working|work)\b"
)


def work_mode_in(text: str) -> str | None:
    """``remote``, ``hybrid`` or ``on-site`` as a line states it (negations respected)."""
    low = text.lower()
    if _NOT_REMOTE.search(low):
        low = _NOT_REMOTE.sub(" ", low)
        if not re.search(r"\bhybrid\b|\bremote\b", low):
            return "on-site" if re.search(r"\bremote[^:\n]{0,25}:\s*+no\b", text.lower()) else None
    if _HYBRID.search(low) or _PART_REMOTE.search(low):
        return "hybrid"
    if re.search(
        r"\b(?:fully remote|100%\s*+remote|remote (?:position|role|job|opportunity|work)|"
        r"work from home|work-from-home|wfh|remote\s*+\((?:us|usa|uk|canada)|"
        r"location\s*+:\s*+remote|remote\s*+$|^remote\b)",
        low,
    ):
        return "remote"
    if re.search(r"\b(?:on[- ]?site|in[- ]person|office[- ]based)\b", low):
        return "on-site"
    return None


_EMPLOYMENT: Final[list[tuple[re.Pattern[str], EmploymentType]]] = [
    (re.compile(r"\bper[- ]diem\b|\bprn\b", re.I), "per-diem"),
    (re.compile(r"\bbank\b(?!\s++(?:holiday|account|details|statement))", re.I), "bank"),
    (re.compile(r"\bpart[- ]?time\b", re.I), "part-time"),
    (re.compile(r"\b(?:temporary|fixed[- ]term|seasonal)\b", re.I), "temporary"),
    (
        re.compile(r"\b(?:contract(?:or)?|contract[- ]to[- ]hire|1099|w-?2 contract)\b", re.I),
        "contract",
    ),
    (re.compile(r"\bfull[- ]?time\b", re.I), "full-time"),
]


def employment_in(text: str, *, labelled_value: bool = False) -> EmploymentType | None:
    """The employment type a value or title states (``Full time`` -> ``full-time``)."""
    text = re.sub(r"\bpermanent\s++contract\b", "permanent", text, flags=re.I)
    for pattern, kind in _EMPLOYMENT:
        if kind == "bank" and not labelled_value:
            continue  # "bank" in prose is a bank, not an NHS bank post
        if (
            kind == "contract"
            and not labelled_value
            and not re.search(r"\bcontract\b\s*+[-(]", text, re.I)
        ):
            continue
        if pattern.search(text):
            return kind
    return None


def employment_from_hours(text: str) -> EmploymentType | None:
    """Full or part time from the hours a week a line states (37.5 hours: full time)."""
    hours = re.search(r"\b(\d{2}(?:\.\d)?)\s*+hours?\s++(?:per|a|each)\s++week\b", text, re.I)
    if hours is None:
        return None
    return "full-time" if float(hours.group(1)) >= 35 else "part-time"


# --- pay ------------------------------------------------------------------------------------------

_CURRENCY_MARKS: Final = {
    "ca$": "CAD", "c$": "CAD", "cad": "CAD", "cdn$": "CAD", "a$": "AUD", "au$": "AUD",
    "aud": "AUD", "nz$": "NZD", "nzd": "NZD", "us$": "USD", "usd": "USD", "$": "USD",
    "£": "GBP", "gbp": "GBP", "€": "EUR", "eur": "EUR",
}  # fmt: skip
_AMOUNT = r"\d{1,3}(?:,\d{3})++(?:\.\d{1,2})?|\d++(?:\.\d{1,2})?"
_CUR = r"CA\$|C\$|CDN\$|A\$|AU\$|NZ\$|US\$|\$|£|€|(?:CAD|AUD|NZD|USD|GBP|EUR)\s?\$?"
_PER = r"(?:\s*+/\s*+(?:hr|hour|h|yr|year|annum)\b)?"
_PAY = re.compile(
    rf"(?P<cur>{_CUR})\s?(?P<min>{_AMOUNT})\s?(?P<k1>[kK]\b)?{_PER}"
    rf"(?:\s*+(?:-|\u2013|\u2014|to|and)\s*+(?:-\s*+)?(?:{_CUR})?\s?(?P<max>{_AMOUNT})\s?"
    rf"(?P<k2>[kK]\b)?)?"
    rf"(?:\s*+(?P<code>CAD|AUD|NZD|USD|GBP|EUR)\b)?",
)
"""``$46,949 to - $61,031``, ``CA$29.10-$36.40``, ``USD 24.50\u201331.75``, ``£25,147 to
£27,596``."""
_PERIOD = re.compile(
    r"^[\s,+]*+(?:(?:plus|\+)\s++[a-z ]{0,30}?\s*+)?(?:(?:per|an?|/|each)\s*+"
    r"(?P<unit>year|annum|yr|hour|hr|h\b|month|mo\b|week|wk|day)|(?P<adverb>hourly|annually|"
    r"yearly|monthly|weekly|daily|pa\b|p\.a\.|ph\b|p/h))",
    re.IGNORECASE,
)
_PERIODS: Final = {
    "year": "year", "annum": "year", "yr": "year", "annually": "year", "yearly": "year",
    "pa": "year", "p.a.": "year", "hour": "hour", "hr": "hour", "h": "hour", "hourly": "hour",
    "ph": "hour", "p/h": "hour", "month": "month", "mo": "month", "monthly": "month",
    "week": "week", "wk": "week", "weekly": "week", "day": "day", "daily": "day",
}  # fmt: skip
_UP_TO = re.compile(
    rf"[^$\u00a3\u20ac.;]{{0,40}}?\b(?:up to|rising to|to a maximum of|maximum of)\s*+(?:{_CUR})\s?"
    rf"(?P<max>{_AMOUNT})"
)
"""``$18 an hour and goes up to $21 an hour``: the top of a range said in words."""
_NOT_PAY = re.compile(
    r"\b(?:bonus|sign[- ]on|signing|relocation|stipend|allowance|reimburse|match|referral|"
    r"tuition|deductible|per mile|mileage)\b",
    re.IGNORECASE,
)


def pay_in(text: str, *, default_currency: str = "USD") -> PayRange | None:
    """The first pay range a line states, with its currency and period.

    A figure next to "bonus", "allowance", "tuition" … is not pay. Without a stated period,
    a figure under 300 is hourly and one of 10,000 or more is yearly.
    """
    if len(text) > 2000:
        text = text[:2000]
    for found in _PAY.finditer(text):
        g = found.groupdict()
        after = re.split(r"[$\u00a3\u20ac]", text[found.end() : found.end() + 40])[0][:30]
        before = re.split(r"[$\u00a3\u20ac]", text[max(0, found.start() - 30) : found.start()])[-1]
        if _NOT_PAY.search(after) or _NOT_PAY.search(before) or re.match(r"\s*+%", after):
            continue
        low = float(g["min"].replace(",", "")) * (1000 if g["k1"] else 1)
        high = (
            float(g["max"].replace(",", "")) * (1000 if g["k2"] or g["k1"] else 1)
            if g["max"]
            else None
        )
        mark = (g["cur"] or "").lower().replace(" ", "").rstrip("$") or "$"
        if mark in ("ca", "c", "cdn", "a", "au", "nz", "us"):
            mark += "$"
        currency = _CURRENCY_MARKS.get(mark, default_currency)
        if g["code"]:
            currency = g["code"].upper()
        if mark == "$":
            currency = g["code"].upper() if g["code"] else default_currency
        period_match = _PERIOD.match(after)
        period = None
        end = found.end()
        if period_match:
            unit = (period_match.group("unit") or period_match.group("adverb") or "").lower()
            period = _PERIODS.get(unit.rstrip("."), _PERIODS.get(unit))
            end += period_match.end()
        if period is None:
            if low < 300:
                period = "hour"
            elif low >= 10000:
                period = "year"
        if low < 5 or (high is not None and high < low):
            continue
        rest = text[end : end + 60].lower()
        pro_rata = "pro rata" in rest or "pro-rata" in rest
        if high is None:
            upper = _UP_TO.match(text, end)
            if upper and float(upper.group("max").replace(",", "")) > low:
                high = float(upper.group("max").replace(",", ""))
        return PayRange(
            min=low,
            max=high if high is not None else low,
            currency=currency,
            period=period,
            text=text[found.start() : end].strip(" ,"),
            pro_rata=pro_rata,
        )
    return None


# --- dates ----------------------------------------------------------------------------------------

_MONTHS: Final = {
    m.lower(): i
    for i, names in enumerate(
        [
            ("January", "Jan"), ("February", "Feb"), ("March", "Mar"), ("April", "Apr"),
            ("May", "May"), ("June", "Jun"), ("July", "Jul"), ("August", "Aug"),
            ("September", "Sep", "Sept"), ("October", "Oct"), ("November", "Nov"),
            ("December", "Dec"),
        ],
        start=1,
    )
    for m in names
}  # fmt: skip
_DATE_PATTERNS = (
    re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b"),
    re.compile(
        r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s++(?P<mon>[A-Za-z]{3,9})\.?,?\s++(?P<y>\d{4})\b"
    ),
    re.compile(
        r"\b(?P<mon>[A-Za-z]{3,9})\.?\s++(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s++(?P<y>\d{4})\b"
    ),
    re.compile(r"\b(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>\d{4}|\d{2})\b"),
)


def dates_in(text: str, *, day_first: bool) -> list[date]:
    """Every date a line writes, in order (``15 January 2027``, ``04/21/2025`` …)."""
    out: list[tuple[int, date]] = []
    for pattern in _DATE_PATTERNS:
        for found in pattern.finditer(text):
            g = found.groupdict()
            try:
                year = int(g["y"])
                year += 2000 if year < 100 else 0
                if g.get("mon") is not None:
                    month = _MONTHS.get(g["mon"].lower())
                    if month is None:
                        continue
                    day = int(g["d"])
                elif g.get("a") is not None:
                    a, b = int(g["a"]), int(g["b"])
                    day, month = (a, b) if (day_first and b <= 12) or a > 12 else (b, a)
                else:
                    month, day = int(g["m"]), int(g["d"])
                out.append((found.start(), date(year, month, day)))
            except ValueError:
                continue
    return [d for _, d in sorted(out)]


def iso_date(text: str) -> date | None:
    """A structured date (``2026-11-06T23:59:59+0000``, ``2026-11-06``)."""
    try:
        return datetime.fromisoformat(text.strip().replace("Z", "+00:00")[:25]).date()
    except ValueError:
        found = dates_in(text, day_first=False)
        return found[0] if found else None


def found(source: str, text: str, line: int | None = None) -> Found:
    """A :class:`Found` (short texts kept whole, long ones cut)."""
    text = " ".join(text.split())
    return Found(source=source, text=text[:200], line=line)
