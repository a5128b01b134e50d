"""Read JSON Resume (https://jsonresume.org/schema) into our profile, with no loss.

(Writing a profile back as JSON Resume is :mod:`toolkit.interop.jsonresume`'s, from the
same field tables.)

Every field of the JSON Resume schema has a place in :class:`~toolkit.models.Profile`, and
the fields JSON Resume lacks (a credential's id, expiry and status, licences, tags,
preferences …) are written as extension properties, which the schema allows, and read back.

Import is forgiving where the meaning is unambiguous, and says what it changed:

- legacy keys of older files (``company``, ``website``, ``picture``, ``gpa``) are understood;
- empty strings carry no information and are treated as absent; an entry whose every field
  is blank (a template's placeholder) is left out;
- dates are rewritten into ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` when only one reading is
  possible (``2019-3``, ``March 2019``, ``Mar-2022``, ``2019-03-01T00:00:00``, ``24-06-2022``);
  ``08-12-2020`` (August or December?) is left for validation to report;
- an end date of ``present``, ``current``, ``now`` … means the entry is current, which JSON
  Resume writes by leaving ``endDate`` out;
- a country name (``India``, ``Venezuela``) or alpha-3 code becomes its ISO 3166-1 alpha-2 code;
- a placeholder such as ``Upon request`` in a phone, email or link is left out;
- a link written ``github: https://…`` keeps the link; a social profile's non-web link
  (``skype:…``) is left out and the username kept.

Each change is reported as a warning :class:`~toolkit.errors.Issue` with the JSON Resume path,
so the loader can point at the original line. Anything else that is wrong (an invalid email,
a date with two readings) is left as written for validation to report, located.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from babel import Locale
from babel.core import get_global
from pydantic_core import PydanticCustomError

from toolkit.errors import Issue
from toolkit.load.sources import PathT
from toolkit.models.common import check_partial_date

JSONRESUME_SCHEMA_URL = (
    "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"
)

# JSON Resume section -> (our section, {their key: our key}). The first key listed for an
# our-key is the one written on export; later ones are legacy spellings read on import.
_SECTIONS: dict[str, tuple[str, dict[str, str]]] = {
    "work": (
        "experience",
        {
            "name": "employer",
            "company": "employer",
            "position": "title",
            "location": "location",
            "url": "url",
            "website": "url",
            "description": "description",
            "startDate": "start",
            "endDate": "end",
            "summary": "summary",
            "highlights": "highlights",
        },
    ),
    "volunteer": (
        "volunteer",
        {
            "organization": "organization",
            "position": "position",
            "url": "url",
            "website": "url",
            "startDate": "start",
            "endDate": "end",
            "summary": "summary",
            "highlights": "highlights",
            "location": "location",
        },
    ),
    "education": (
        "education",
        {
            "institution": "institution",
            "url": "url",
            "website": "url",
            "area": "area",
            "studyType": "degree",
            "startDate": "start",
            "endDate": "end",
            "score": "score",
            "gpa": "score",
            "courses": "courses",
            "location": "location",
            "summary": "summary",
            "highlights": "highlights",
        },
    ),
    "awards": (
        "awards",
        {
            "title": "title",
            "date": "date",
            "awarder": "awarder",
            "summary": "summary",
            "url": "url",
            "website": "url",
        },
    ),
    "certificates": (
        "credentials",
        {
            "name": "name",
            "date": "earned",
            "url": "url",
            "website": "url",
            "issuer": "issuer",
            "credentialId": "credential_id",
            "expires": "expires",
            "status": "status",
            "summary": "summary",
        },
    ),
    "publications": (
        "publications",
        {
            "name": "name",
            "publisher": "publisher",
            "releaseDate": "date",
            "url": "url",
            "website": "url",
            "summary": "summary",
        },
    ),
    "skills": ("skills", {"name": "name", "level": "level", "keywords": "keywords"}),
    "languages": ("languages", {"language": "language", "fluency": "fluency"}),
    "interests": ("interests", {"name": "name", "keywords": "keywords"}),
    "references": (
        "references",
        {
            "name": "name",
            "reference": "reference",
            "relationship": "relationship",
            "email": "email",
            "phone": "phone",
        },
    ),
    "projects": (
        "projects",
        {
            "name": "name",
            "description": "description",
            "highlights": "highlights",
            "keywords": "keywords",
            "startDate": "start",
            "endDate": "end",
            "url": "url",
            "website": "url",
            "roles": "roles",
            "entity": "entity",
            "type": "type",
        },
    ),
}

_BASICS: dict[str, str] = {
    "name": "name",
    "label": "headline",
    "image": "image",
    "picture": "image",
    "email": "email",
    "phone": "phone",
    "url": "website",
    "website": "website",
    "summary": "summary",
    "location": "location",
    "profiles": "profiles",
    # extensions
    "summaries": "summaries",
    "photo": "photo",
    "links": "links",
}
_LOCATION: dict[str, str] = {
    "address": "address",
    "postalCode": "postal_code",
    "city": "city",
    "countryCode": "country_code",
    "region": "region",
}
_PROFILE: dict[str, str] = {"network": "network", "username": "username", "url": "url"}
_META: dict[str, str] = {
    "canonical": "canonical",
    "version": "version",
    "lastModified": "last_modified",
}
# Selection fields every entry of ours may carry, written under the same names.
_SELECT: dict[str, str] = {"tags": "tags", "priority": "priority", "private": "private"}
# Top-level sections of ours that JSON Resume lacks, carried as extensions unchanged.
_PASSTHROUGH = ("licences", "custom", "preferences")
_IGNORED_TOP = ("$schema",)
# Extras of highlights (tags, priority, private), parallel to the list of highlight texts.
_HIGHLIGHT_META = "highlightMeta"

# Our field names by what their values must look like, for the forgiving reading on import.
_DATE_FIELDS = frozenset({"start", "end", "date", "earned", "expires"})
_LINK_FIELDS = frozenset({"url", "website", "image", "canonical"})
_TEXT_LISTS = frozenset({"keywords", "courses", "roles"})


def _empty(value: Any) -> bool:
    """Whether a value carries no information: null, blank text, or containers of those."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return True
    if isinstance(value, list):
        return all(_empty(v) for v in value)
    if isinstance(value, dict):
        return all(_empty(v) for v in value.values())
    return False


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p.title() for p in rest)


# --- forgiving readings of dates, countries and links ---------------------------------------

_MONTH_NAMES = (
    "january february march april may june july august september october november december"
)
_MONTHS: dict[str, int] = {
    **{name: number for number, name in enumerate(_MONTH_NAMES.split(), start=1)},
    **{name[:3]: number for number, name in enumerate(_MONTH_NAMES.split(), start=1)},
    "sept": 9,
}

_CANONICAL_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_ISO_DATETIME = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
    r"(?:Z|[+-]\d{2}(?::?\d{2})?)?$",
    re.IGNORECASE,
)
_YEAR_FIRST = re.compile(r"^(\d{4})([-/.])(\d{1,2})(?:\2(\d{1,2}))?$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})[-/.](\d{4})$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})([-/.])(\d{1,2})\2(\d{4})$")
_ORDINAL = r"(?:st|nd|rd|th)?"
_NAMED = [
    # March 2019, Mar-2022, Mar. 2019, March, 2019
    (re.compile(r"^([a-z]{3,9})\.?[\s,/-]*(\d{4})$"), ("month", "year")),
    # March 3, 2019 / Mar 3rd 2019
    (
        re.compile(rf"^([a-z]{{3,9}})\.?\s+(\d{{1,2}}){_ORDINAL},?\s+(\d{{4}})$"),
        ("month", "day", "year"),
    ),
    # 3 March 2019 / 03-Mar-2019 / 3rd of March, 2019
    (
        re.compile(
            rf"^(\d{{1,2}}){_ORDINAL}(?:\s+of)?[\s/.-]+([a-z]{{3,9}})\.?[\s,/.-]+(\d{{4}})$"
        ),
        ("day", "month", "year"),
    ),
    # 2019 March / 2019-Mar
    (re.compile(r"^(\d{4})[\s/.-]+([a-z]{3,9})\.?$"), ("year", "month")),
]
# What people write in an end date to say "still going on"; JSON Resume leaves endDate out.
_CURRENT_WORDS = frozenset(
    {
        "present",
        "current",
        "currently",
        "now",
        "ongoing",
        "on going",
        "today",
        "to date",
        "till date",
        "till now",
        "until now",
        "to present",
        "to now",
    }
)


def _date_text(year: int, month: int | None = None, day: int | None = None) -> str | None:
    """``YYYY[-MM[-DD]]`` if that is a real calendar date in range, else ``None``."""
    text = f"{year:04d}"
    if month is not None:
        text += f"-{month:02d}"
        if day is not None:
            text += f"-{day:02d}"
    try:
        return check_partial_date(text)
    except PydanticCustomError:
        return None


def date_readings(text: str) -> list[str] | None:
    """The real dates that a day-month-year or month-day-year text can mean.

    ``24-06-2022`` has one reading, ``08-12-2020`` two (8 December or August 12); ``-``,
    ``/`` and ``.`` separate the parts.

    Returns:
        The readings in order (none if neither order is a real date), or ``None`` if the
        text is not of that form.
    """
    m = _DAY_MONTH_YEAR.match(text.strip())
    if not m:
        return None
    first, second, year = int(m.group(1)), int(m.group(3)), int(m.group(4))
    readings = (_date_text(year, second, first), _date_text(year, first, second))
    return sorted({r for r in readings if r is not None})


def read_loose_date(text: str) -> str | None:
    """Read a date written another way into ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

    Only forms with a single reading are accepted: year first with any separator, an ISO
    date-time, a month name (English) with a year, a month and a year, or day, month and year
    in either order when only one order gives a real date.

    Returns:
        The date in our form, or ``None`` when the text is not such a date, could be read
        two ways (``08-12-2020``), or names no real day (``2019-02-30``).
    """
    value = text.strip()
    m = _ISO_DATETIME.match(value)
    if m:
        return _date_text(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _YEAR_FIRST.match(value)
    if m:
        day = int(m.group(4)) if m.group(4) else None
        return _date_text(int(m.group(1)), int(m.group(3)), day)
    m = _MONTH_YEAR.match(value)
    if m:
        return _date_text(int(m.group(2)), int(m.group(1)))
    readings = date_readings(value)
    if readings is not None:
        return readings[0] if len(readings) == 1 else None
    lowered = value.lower()
    for pattern, order in _NAMED:
        m = pattern.match(lowered)
        if not m:
            continue
        parts = dict(zip(order, m.groups(), strict=True))
        month = _MONTHS.get(parts["month"])
        if month is None:
            return None
        day = int(parts["day"]) if "day" in parts else None
        return _date_text(int(parts["year"]), month, day)
    return None


# Territories that are not countries (unknown region, EU, eurozone, UN, outlying Oceania).
_NOT_COUNTRIES = frozenset({"ZZ", "EU", "EZ", "UN", "QO"})
# Locales whose country names are understood, beside ISO alpha-2 and alpha-3 codes.
_NAME_LOCALES = ("en", "fr", "es", "de", "it", "pt", "nl")
_COUNTRY_ALIASES: dict[str, str] = {
    "usa": "US",
    "us": "US",
    "united states of america": "US",
    "america": "US",
    "uk": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "czech republic": "CZ",
    "russian federation": "RU",
    "republic of korea": "KR",
    "korea": "KR",
    "holland": "NL",
    "turkey": "TR",
    "uae": "AE",
    "hong kong": "HK",
    "macau": "MO",
    "macao": "MO",
    "ivory coast": "CI",
    "palestine": "PS",
    "vatican": "VA",
}
# Names that more than one country goes by (Congo: CG or CD).
_AMBIGUOUS_NAMES = frozenset({"congo"})


def _fold(text: str) -> str:
    """Lower-case, without accents, punctuation or a leading "the", spaces collapsed."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    plain = re.sub(r"[^\w]+", " ", plain).strip()
    return re.sub(r"^the ", "", plain)


@cache
def _country_table() -> dict[str, str]:
    """Folded country names and codes -> ISO 3166-1 alpha-2 (names shared by two dropped)."""
    codes = {
        code
        for code in map(str, Locale("en").territories)
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
    }
    table: dict[str, str] = {}
    clashes: set[str] = set()
    for locale in _NAME_LOCALES:
        for key_code, name in Locale(locale).territories.items():
            code = str(key_code)
            if code not in codes:
                continue
            key = _fold(name)
            if table.get(key, code) != code:
                clashes.add(key)
            table[key] = code
    for alias, targets in get_global("territory_aliases").items():
        if len(alias) == 3 and alias.isalpha() and len(targets) == 1 and targets[0] in codes:
            table.setdefault(alias.lower(), targets[0])
    for key in clashes | _AMBIGUOUS_NAMES:
        table.pop(key, None)
    table.update({code.lower(): code for code in codes})
    table.update(_COUNTRY_ALIASES)
    return table


def read_country_code(text: str) -> str | None:
    """The ISO 3166-1 alpha-2 code for a country code, alpha-3 code or country name.

    Names are understood in English and a few other European languages (``India``,
    ``Venezuela``, ``España``, ``Deutschland``), with or without accents.

    Returns:
        The two capital letters, or ``None`` if the text names no country.
    """
    return _country_table().get(_fold(text))


_PLACEHOLDERS = frozenset(
    {
        "",
        "na",
        "none",
        "nil",
        "null",
        "tbd",
        "tba",
        "todo",
        "xxx",
        "unknown",
        "notapplicable",
        "notavailable",
        "uponrequest",
        "onrequest",
        "availableonrequest",
        "availableuponrequest",
        "provideduponrequest",
        "providedonrequest",
        "onrequestonly",
    }
)
_LABELLED_LINK = re.compile(r"^[^\s:/]{1,40}\s*:\s+(https?://\S+)$", re.IGNORECASE)
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):(?!\d+(?:[/?#]|$))", re.IGNORECASE)


def _placeholder(text: str) -> bool:
    """Text that stands in for a value: ``Upon request``, ``N/A``, ``-``, ``TBD`` …"""
    return re.sub(r"[\W_]+", "", text.casefold()) in _PLACEHOLDERS


# --- import ---------------------------------------------------------------------------------

_DROP = object()
"""Returned by a field reader when the value is left out."""


@dataclass
class JsonResumeImport:
    """A JSON Resume document converted into our profile's plain data.

    Attributes:
        data: the converted data; validate it with :class:`~toolkit.models.Profile`.
        notes: warnings, with JSON Resume paths, for every field left out or rewritten.
        removed: for each JSON Resume list path, the indices of the items left out (blank
            placeholders), which shift the items after them.
        skipped: JSON Resume paths whose value was not carried over (blank, unknown, or a
            repeat of another spelling of the same field).
    """

    data: Any
    notes: list[Issue] = field(default_factory=list)
    removed: dict[PathT, list[int]] = field(default_factory=dict)
    skipped: set[PathT] = field(default_factory=set)

    def our_path(self, their: PathT) -> PathT | None:
        """Map a JSON Resume path to our path, exactly: items left out shift the rest.

        Unlike the module-level :func:`our_path`, this knows which list items this document
        lost (so ``work[2]`` after a blank ``work[1]`` is ``experience[1]``) and which of two
        spellings of a field supplied the value.
        """
        adjusted: list[str | int] = []
        for depth, part in enumerate(their):
            if their[: depth + 1] in self.skipped:
                return None
            if isinstance(part, int):
                gone = self.removed.get(their[:depth], [])
                part -= sum(1 for index in gone if index < part)
            adjusted.append(part)
        return _map_path(tuple(adjusted))


class _Importer:
    """Convert one JSON Resume document, collecting notes and what was left out."""

    def __init__(self, hide_values: bool) -> None:
        self.hide_values = hide_values
        self.result = JsonResumeImport(None)

    # notes

    def note(
        self, message: str, path: PathT, *, value: Any = None, hint: str | None = None
    ) -> None:
        shown = None if self.hide_values or value is None else f"'{value}'"
        self.result.notes.append(
            Issue(message, path=path, value=shown, hint=hint, severity="warning")
        )

    def reveal(self, text: str, instead: str) -> str:
        """``text`` (made from the input) in a message, or ``instead`` when values are hidden."""
        return instead if self.hide_values else text

    def skip(self, path: PathT) -> object:
        self.result.skipped.add(path)
        return _DROP

    def remove(self, list_path: PathT, index: int) -> None:
        self.result.removed.setdefault(list_path, []).append(index)
        self.result.skipped.add((*list_path, index))

    # document

    def convert(self, data: Any) -> JsonResumeImport:
        if not isinstance(data, dict):
            self.result.data = data  # validation reports that it is not a mapping
            return self.result
        out: dict[str, Any] = {"schema_version": 1}
        for key, value in data.items():
            if key in _IGNORED_TOP or _empty(value):
                self.skip((key,))
                continue
            if key == "basics":
                out["basics"] = self.entry(value, _BASICS, ("basics",), select=False)
            elif key == "meta":
                meta = self.optional(value, _META, ("meta",))
                if meta is not _DROP:
                    out["meta"] = meta
            elif key in _SECTIONS:
                ours, table = _SECTIONS[key]
                out[ours] = self.entries(value, table, (key,))
            elif key in _PASSTHROUGH:
                out[key] = value
            else:
                self.skip((key,))
                self.note(
                    f"the section '{key}' is not part of the profile format and was left out",
                    (key,),
                    hint="add it as a custom section if you need it",
                )
        out.setdefault("basics", {})
        self.result.data = out
        return self.result

    def entries(
        self, items: Any, table: dict[str, str], their: PathT, *, select: bool = True
    ) -> Any:
        """A list of entries, without the blank placeholders."""
        if not isinstance(items, list):
            return items  # validation reports the wrong type at this place
        out = []
        for i, item in enumerate(items):
            if _empty(item):
                self.remove(their, i)
                self.note("an empty entry (every field blank) was left out", (*their, i))
                continue
            out.append(self.entry(item, table, (*their, i), select=select))
        return out

    def entry(self, item: Any, table: dict[str, str], their: PathT, *, select: bool = True) -> Any:
        """One mapping: keys renamed, blank fields dropped, values read forgivingly."""
        if not isinstance(item, dict):
            return item  # validation reports the wrong type at this place
        out: dict[str, Any] = {}
        meta = item.get(_HIGHLIGHT_META)
        for key, value in item.items():
            path = (*their, key)
            if key == _HIGHLIGHT_META and "highlights" in table.values():
                continue
            ours = table.get(key) or (_SELECT.get(key) if select else None)
            if _empty(value):
                self.skip(path)
                continue
            if ours is None:
                self.skip(path)
                self.note(
                    f"'{key}' is not part of the profile format and was left out",
                    path,
                    hint=None
                    if their == ("meta",)
                    else "move what matters into summary or highlights",
                )
                continue
            if ours in out:
                self.skip(path)
                self.note(f"'{key}' repeats another field here and was left out", path)
                continue
            value = self.value(ours, value, path, their, meta)
            if value is not _DROP:
                out[ours] = value
        return out

    def optional(self, item: Any, table: dict[str, str], their: PathT) -> Any:
        """A mapping that may be absent (``meta``, a location): left out if nothing is kept.

        Keeping an empty one would make the profile differ from its own JSON Resume export,
        which writes nothing for it.
        """
        converted = self.entry(item, table, their, select=False)
        return self.skip(their) if converted == {} else converted

    def value(self, ours: str, value: Any, path: PathT, their: PathT, meta: Any) -> Any:
        """Read one field by what it holds."""
        if their == ("basics",) and ours == "location":
            return self.optional(value, _LOCATION, path)
        if their == ("basics",) and ours == "profiles":
            return self.entries(value, _PROFILE, path, select=False)
        if ours == "highlights":
            return self.highlights(value, meta, path)
        if ours in _TEXT_LISTS:
            return self.texts(value, path)
        if not isinstance(value, str):
            return value
        if ours in _DATE_FIELDS:
            return self.date(value, path, end=ours == "end")
        if ours in _LINK_FIELDS:
            return self.link(value, path, social=len(their) == 3 and their[1] == "profiles")
        if ours in ("email", "phone"):
            return self.contact(ours, value, path)
        if ours == "country_code":
            return self.country(value, path)
        return value

    def texts(self, value: Any, path: PathT) -> Any:
        """A list of short texts without the blank ones."""
        if not isinstance(value, list):
            return value
        kept = []
        for i, text in enumerate(value):
            if _empty(text):
                self.remove(path, i)
            else:
                kept.append(text)
        return kept

    def highlights(self, value: Any, meta: Any, path: PathT) -> Any:
        """Highlight texts joined with their ``highlightMeta`` extras; blank ones left out."""
        if not isinstance(value, list):
            return value
        extras = meta if isinstance(meta, list) else []
        kept: list[Any] = []
        for i, text in enumerate(value):
            if _empty(text):
                self.remove(path, i)
                self.remove((*path[:-1], _HIGHLIGHT_META), i)  # its extras go with it
                continue
            extra = extras[i] if i < len(extras) else None
            kept.append({**extra, "text": text} if isinstance(extra, dict) and extra else text)
        return kept

    def date(self, value: str, path: PathT, *, end: bool) -> Any:
        text = value.strip()
        if end and re.sub(r"[\s.]+", " ", text.lower()).strip() in _CURRENT_WORDS:
            if text.lower() != "present":
                self.note(
                    "the end date was read as present: the entry is current",
                    path,
                    value=text,
                    hint="JSON Resume leaves endDate out for a current entry",
                )
            return self.skip(path)
        if _CANONICAL_DATE.match(text):
            return value  # validation checks that the month and day exist
        read = read_loose_date(text)
        if read is None:
            readings = date_readings(text) or []
            if len(readings) > 1:  # validation reports the error; this says why
                self.note(
                    f"this date could mean {self.reveal(' or '.join(readings), 'two days')}",
                    path,
                    value=text,
                    hint="write the one you mean as YYYY-MM-DD",
                )
            return value  # validation reports it, located, with the original text
        self.note(
            f"the date was rewritten {self.reveal('as ' + read, 'in the YYYY-MM-DD form')}",
            path,
            value=text,
            hint="write dates as YYYY, YYYY-MM or YYYY-MM-DD",
        )
        return read

    def link(self, value: str, path: PathT, *, social: bool) -> Any:
        text = value.strip()
        if _placeholder(text):
            self.note("a placeholder, not a link, was left out", path, value=text)
            return self.skip(path)
        labelled = _LABELLED_LINK.match(text)
        if labelled:
            self.note(
                "the label before the link was removed",
                path,
                value=text,
                hint="write only the address",
            )
            return labelled.group(1)
        scheme = _SCHEME.match(text)
        if social and scheme and scheme.group(1).lower() not in ("http", "https"):
            self.note(
                f"a {scheme.group(1).lower()}: link is not a web link and was left out",
                path,
                hint="profiles keep web links only; the username is kept",
            )
            return self.skip(path)
        return value

    def contact(self, kind: str, value: str, path: PathT) -> Any:
        text = value.strip()
        if _placeholder(text):
            what = "an email address" if kind == "email" else "a phone number"
            self.note(
                f"a placeholder, not {what}, was left out",
                path,
                value=text,
                hint="add the real one if documents should show it",
            )
            return self.skip(path)
        if kind == "email" and text.lower().startswith("mailto:"):
            self.note("'mailto:' was removed from the email address", path)
            return text[len("mailto:") :]
        return value

    def country(self, value: str, path: PathT) -> Any:
        text = value.strip()
        if re.fullmatch(r"[A-Z]{2}", text) and text != "UK":  # UK: ISO reserves it for GB
            return value  # already a code; no need to load the country names
        code = read_country_code(text)
        if _placeholder(text):
            self.note("a placeholder, not a country, was left out", path, value=text)
            return self.skip(path)
        if code is None:
            return value  # validation reports it, located
        self.note(
            f"the country was rewritten as its ISO code{self.reveal(' ' + code, '')}",
            path,
            value=text,
            hint="countryCode holds the two-letter ISO 3166-1 code",
        )
        return code


def import_jsonresume(data: Any, *, hide_values: bool = False) -> JsonResumeImport:
    """Convert a parsed JSON Resume document into our profile's plain data.

    Args:
        data: the parsed JSON (normally a mapping; anything else is passed on for
            validation to report).
        hide_values: keep input values out of the notes (for strangers' data).

    Returns:
        The converted data, the notes, and an exact path map back to the JSON Resume file
        (:meth:`JsonResumeImport.our_path`).
    """
    return _Importer(hide_values).convert(data)


def jsonresume_to_data(data: Any, *, hide_values: bool = False) -> tuple[Any, list[Issue]]:
    """Convert a parsed JSON Resume document into our profile's plain data.

    Returns:
        ``(data, notes)``: the converted data (validate it with ``Profile``; positions map
        through :func:`our_path`) and warnings, with JSON Resume paths, for fields left out
        or rewritten.
    """
    result = import_jsonresume(data, hide_values=hide_values)
    return result.data, result.notes


def our_path(their: PathT) -> PathT | None:
    """Map a JSON Resume field path to the matching path in our profile (None if dropped).

    This mapping knows the document's structure, not the document: where a blank list item
    was left out, items after it move up by one, which only
    :meth:`JsonResumeImport.our_path` accounts for.
    """
    return _map_path(their)


def _map_path(their: PathT) -> PathT | None:
    if not their:
        return ()
    head, rest = their[0], their[1:]
    if head == "basics":
        if not rest:
            return ("basics",)
        key = rest[0]
        ours = _BASICS.get(str(key))
        if ours is None:
            return None
        if ours == "location" and len(rest) > 1:
            sub = _LOCATION.get(str(rest[1]))
            return ("basics", "location", sub, *rest[2:]) if sub else None
        if ours == "profiles" and len(rest) > 2:
            sub = _PROFILE.get(str(rest[2]))
            return ("basics", "profiles", rest[1], sub, *rest[3:]) if sub else None
        return ("basics", ours, *rest[1:])
    if head == "meta":
        if len(rest) >= 1:
            sub = _META.get(str(rest[0]))
            return ("meta", sub, *rest[1:]) if sub else None
        return ("meta",)
    if head in _SECTIONS:
        ours, table = _SECTIONS[str(head)]
        if len(rest) < 2:
            return (ours, *rest)
        if rest[1] == _HIGHLIGHT_META and "highlights" in table.values():
            # highlightMeta[i].tags describes highlights[i]; highlightMeta[i] itself does not
            # stand where the highlight's text stands.
            return (ours, rest[0], "highlights", *rest[2:]) if len(rest) > 3 else None
        name = table.get(str(rest[1])) or _SELECT.get(str(rest[1]))
        return (ours, rest[0], name, *rest[2:]) if name else None
    if head in _PASSTHROUGH:
        return their
    return None
