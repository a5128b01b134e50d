"""JSON postings: schema.org ``JobPosting`` (JSON-LD) and JSON Resume ``job-schema``.

A JobPosting is found breadth first (alone, in a list, or in ``@graph``) and read into hints
(title, employer, places, remote work, pay as ``USD 48,000-55,000 per YEAR`` with an en dash,
date, address, employment type), the description's lines (HTML or text) and its list-valued
sections (qualifications, responsibilities, skills, education, experience), added under
headings when the description does not already carry them. A job-schema file gives the same
from its own fields. The HTML page reader uses these functions for a page's embedded JSON-LD.
"""

from __future__ import annotations

import html
import math
import re
from collections import deque
from collections.abc import Iterable
from typing import Any, Final

from toolkit.load.sources import parse_json
from toolkit.postings.markup import _rich_blocks
from toolkit.postings.raw import (
    RawPosting,
    _clean,
    _error,
    _finish,
    _Hints,
    _key,
    _render,
    log,
)


def _read_json(text: str, kind: str, source: str | None) -> RawPosting:
    doc = parse_json(text, source)
    data = doc.data
    if kind in ("json", "jsonld"):
        posting = _find_jobposting(data)
        if posting is not None:
            hints, description, sections = _jobposting_parts(posting)
            lines = description + _section_lines(sections, description)
            return _finish(lines, "jsonld", source, hints)
    if isinstance(data, dict) and (kind == "jobschema" or (kind == "json" and _is_jobschema(data))):
        return _read_jobschema(data, source)
    if kind == "jsonld":
        message = 'no schema.org JobPosting ("@type": "JobPosting") in the JSON'
        hint = "check the file is the posting's JSON-LD"
    elif kind == "jobschema":
        message, hint = "a JSON Resume job is an object", "wrap the fields in { }"
    else:
        message = "the JSON is neither a schema.org JobPosting nor a JSON Resume job"
        hint = (
            "this is a JSON Resume résumé, not a posting"
            if isinstance(data, dict) and "basics" in data
            else 'a JobPosting has "@type": "JobPosting"; a JSON Resume job has "title" '
            'and "responsibilities", "qualifications" or "skills"'
        )
    raise _error(message, source, line=1, column=1, hint=hint)


def _is_jobposting(node: dict[str, Any]) -> bool:
    types = node.get("@type")
    for t in types if isinstance(types, list) else [types]:
        if isinstance(t, str) and re.split(r"[/:#]", t)[-1] == "JobPosting":
            return True
    return False


def _find_jobposting(data: Any) -> dict[str, Any] | None:
    """The first JobPosting, breadth first: alone, in a list, or inside ``@graph``."""
    queue: deque[Any] = deque([data])
    while queue:
        node = queue.popleft()
        if isinstance(node, dict):
            if _is_jobposting(node):
                return node
            queue.extend(node.values())
        elif isinstance(node, list):
            queue.extend(node)
    return None


_JOBSCHEMA_KEYS: Final = ("skills", "responsibilities", "qualifications", "company")


def _is_jobschema(data: dict[str, Any]) -> bool:
    return isinstance(data.get("title"), str) and any(k in data for k in _JOBSCHEMA_KEYS)


def _text(value: Any, *, unescape: bool = False) -> str | None:
    """A scalar (or the first of a list of them) as one tidy line, or ``None``."""
    if isinstance(value, list):
        return next((t for v in value if (t := _text(v, unescape=unescape))), None)
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return _number(value)
    if not isinstance(value, str):
        return None
    if unescape:
        value = html.unescape(value)
    return " ".join(_clean(value).split()) or None


def _number(value: float) -> str:
    if not math.isfinite(value):
        return str(value)
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}"


def _amount(value: Any) -> str | None:
    if isinstance(value, str):
        try:
            return _number(float(value.replace(",", "").strip()))
        except ValueError:
            return _text(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _number(value)
    return None


def _name(value: Any) -> str | None:
    """An organisation, country or term: its ``name``, or the text itself."""
    if isinstance(value, list):
        return next((n for v in value if (n := _name(v))), None)
    if isinstance(value, dict):
        return _text(value.get("name"), unescape=True)
    return _text(value, unescape=True)


def _join_place(parts: Iterable[str | None]) -> str | None:
    out: list[str] = []
    for part in parts:
        if part and (not out or out[-1].casefold() != part.casefold()):
            out.append(part)
    return ", ".join(out) or None


def _place(value: Any) -> str | None:
    if not isinstance(value, dict):
        return _text(value, unescape=True)
    address = value.get("address")
    if isinstance(address, dict):
        text = _join_place(
            [
                _text(address.get("addressLocality"), unescape=True),
                _text(address.get("addressRegion"), unescape=True),
                _name(address.get("addressCountry")),
            ]
        )
        if text:
            return text
    elif (text := _text(address, unescape=True)) is not None:
        return text
    return _text(value.get("name"), unescape=True)


def _places(value: Any) -> str | None:
    seen: dict[str, None] = {}  # distinct places in order: a set, not a list, to look in
    for item in value if isinstance(value, list) else [value]:
        text = _place(item)
        if text:
            seen.setdefault(text)
    return "; ".join(seen) or None


def _pay(value: Any, currency: str | None = None) -> str | None:
    """``USD 48,000-55,000 per YEAR`` (en dash) from a schema.org MonetaryAmount or a number."""
    if isinstance(value, list):
        return next((p for v in value if (p := _pay(v, currency))), None)
    unit: str | None = None
    low = high = exact = None
    if isinstance(value, dict):
        currency = _text(value.get("currency")) or currency
        unit = _text(value.get("unitText"))
        inner = value.get("value")
        if isinstance(inner, dict):
            unit = _text(inner.get("unitText")) or unit
            low, high, exact = inner.get("minValue"), inner.get("maxValue"), inner.get("value")
        else:
            low, high, exact = value.get("minValue"), value.get("maxValue"), inner
    else:
        exact = value
    lo, hi, ex = _amount(low), _amount(high), _amount(exact)
    if lo and hi:
        amount = lo if lo == hi else f"{lo}\u2013{hi}"  # an en dash
    elif ex or lo or hi:
        amount = ex or (f"from {lo}" if lo else f"up to {hi}")
    else:
        return None
    text = " ".join(p for p in (currency, amount) if p)
    text = re.sub(r"^(\S++) (from|up to) ", r"\2 \1 ", text)  # "from USD 48,000"
    return f"{text} per {unit}" if unit else text


def _jobposting_parts(
    posting: dict[str, Any],
) -> tuple[_Hints, list[str], list[tuple[str, list[str]]]]:
    """Hints, description lines, and the list-valued sections of a schema.org JobPosting."""
    location_type = posting.get("jobLocationType")
    types = location_type if isinstance(location_type, list) else [location_type]
    remote = any(isinstance(t, str) and t.strip().upper() == "TELECOMMUTE" for t in types)
    employment = posting.get("employmentType")
    hints = _Hints(
        title=_text(posting.get("title"), unescape=True)
        or _text(posting.get("name"), unescape=True),
        employer=_name(posting.get("hiringOrganization")),
        location=_places(posting.get("jobLocation"))
        or _names(posting.get("applicantLocationRequirements")),
        work_mode="remote" if remote else None,
        pay_text=_pay(posting.get("baseSalary"), _text(posting.get("salaryCurrency"))),
        date_posted=_text(posting.get("datePosted")),
        valid_through=_text(posting.get("validThrough")),
        url=_text(posting.get("url")),
        employment_type=", ".join(
            t for e in (employment if isinstance(employment, list) else [employment])
            if (t := _text(e))
        )
        or None,
    )  # fmt: skip
    description = posting.get("description")
    lines = list(_render(_rich_blocks(description))) if isinstance(description, str) else []
    sections = [
        (heading, _items(posting.get(key)))
        for key, heading in (
            ("qualifications", "Qualifications"),
            ("responsibilities", "Responsibilities"),
            ("skills", "Skills"),
            ("educationRequirements", "Education"),
            ("experienceRequirements", "Experience"),
        )
    ]
    return hints, lines, sections


def _names(value: Any) -> str | None:
    names: dict[str, None] = {}  # distinct names in order
    for item in value if isinstance(value, list) else [value]:
        name = _name(item)
        if name:
            names.setdefault(name)
    return ", ".join(names) or None


def _items(value: Any, depth: int = 0) -> list[str]:
    """List entries from a string (text or HTML), a list, or schema.org objects."""
    if depth > 5 or value is None or isinstance(value, bool):
        return []
    if isinstance(value, str):
        blocks = [b for b in _rich_blocks(value) if b[0] != "h"]
        return [line.removeprefix("- ") for line in _render(blocks)]
    if isinstance(value, list):
        return [item for v in value for item in _items(v, depth + 1)]
    if isinstance(value, dict):
        item = _thing(value)
        return [item] if item else []
    text = _text(value)
    return [text] if text else []


def _thing(value: dict[str, Any]) -> str | None:
    """One schema.org requirement object (credential, experience, term) as a line."""
    parts: list[str] = []
    months = value.get("monthsOfExperience")
    if isinstance(months, int | float) and not isinstance(months, bool) and months > 0:
        years = months / 12
        parts.append(
            f"{_number(years)} years of experience"
            if float(years).is_integer()
            else f"{_number(months)} months of experience"
        )
    for key in ("name", "credentialCategory", "educationalLevel", "description", "text"):
        if (text := _text(value.get(key), unescape=True)) is not None:
            parts.append(text)
            break
    return "; ".join(parts) or None


def _section_lines(sections: list[tuple[str, list[str]]], existing: list[str]) -> list[str]:
    """Headed ``- `` lines for section items the text does not already carry."""
    seen = {_key(line) for line in existing}
    out: list[str] = []
    for heading, items in sections:
        new = [i for i in items if _key(i) not in seen]
        if new:
            out.append(heading)
            out.extend("- " + i for i in new)
            seen.update(_key(i) for i in new)
    return out


_REMOTE: Final = {"full": "remote", "hybrid": "hybrid", "none": "on-site"}


def _read_jobschema(data: dict[str, Any], source: str | None) -> RawPosting:
    location = data.get("location")
    place = None
    if isinstance(location, dict):
        place = _join_place(
            [_text(location.get(k)) for k in ("city", "region", "countryCode")]
        ) or _text(str(location.get("address") or "").replace("\n", ", "))
    elif isinstance(location, str):
        place = _text(location)
    remote = data.get("remote")
    meta = data.get("meta")
    hints = _Hints(
        title=_text(data.get("title")),
        employer=_text(data.get("company")),
        location=place,
        work_mode=_REMOTE.get(remote.strip().casefold()) if isinstance(remote, str) else None,
        pay_text=_salary(data.get("salary")),
        date_posted=_text(data.get("date")),
        url=_text(meta.get("canonical")) if isinstance(meta, dict) else None,
        employment_type=_text(data.get("type")),
    )
    if isinstance(remote, str) and hints.work_mode is None:
        log.warning("%s: unknown job-schema remote value %r", source or "input", remote)
    description = data.get("description")
    lines = list(_render(_rich_blocks(description))) if isinstance(description, str) else []
    sections = [
        ("Responsibilities", _items(data.get("responsibilities"))),
        ("Qualifications", _items(data.get("qualifications"))),
        ("Skills", _skills(data.get("skills"))),
        ("Experience", _items(data.get("experience"))),
    ]
    return _finish(lines + _section_lines(sections, lines), "jobschema", source, hints)


def _salary(value: Any) -> str | None:
    text = _text(value)
    if text and re.fullmatch(r"\d{4,}", text):
        return f"{int(text):,}"
    return text


def _skills(value: Any) -> list[str]:
    """``Web Development (Master): HTML, CSS`` from job-schema skill objects."""
    out: list[str] = []
    for skill in value if isinstance(value, list) else [value]:
        if not isinstance(skill, dict):
            out.extend(_items(skill))
            continue
        name, level = _text(skill.get("name")), _text(skill.get("level"))
        keywords = ", ".join(_items(skill.get("keywords")))
        label = f"{name} ({level})" if name and level else name or level
        line = f"{label}: {keywords}" if label and keywords else label or keywords
        if line:
            out.append(line)
    return out
