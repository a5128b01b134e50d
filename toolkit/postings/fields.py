"""Read a posting's header fields from its segmented pieces: each field from the most
trustworthy source that states it, with where it came from.

See :mod:`toolkit.postings.header` for what each field may look like; this module decides
which line states it. Structured data first, then a labelled line, then the lines above the
body, then a sentence that says it in so many words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from toolkit.models.posting import EmploymentType, Found, PayRange
from toolkit.models.profile import Location
from toolkit.postings import header as h
from toolkit.postings.raw import RawPosting
from toolkit.postings.sections import Piece

_CURRENCY_OF_COUNTRY = {"CA": "CAD", "AU": "AUD", "NZ": "NZD"}
_DAY_FIRST = {"GB", "IE", "AU", "NZ"}


@dataclass
class Fields:
    """The header fields found, and where each came from."""

    title: str | None = None
    grade: str | None = None
    employer: str | None = None
    location: str | None = None
    work_mode: str | None = None
    employment_type: EmploymentType | None = None
    pay: PayRange | None = None
    closing_date: date | None = None
    place: Location | None = None
    found: dict[str, Found] = field(default_factory=dict)

    def set(self, name: str, value: Any, source: str, text: str, line: int | None) -> None:
        """Fill ``name`` unless a better source already did."""
        if value is None or getattr(self, name) is not None:
            return
        setattr(self, name, value)
        self.found[name] = h.found(source, text, line)


_TITLE_IN_SENTENCE = re.compile(
    r"\b(?i:the (?:position|post|role|vacancy) of|(?:join|joining) (?:us|our team) as an?|"
    r"as (?:an?|our)(?: new)?|(?:seeking|recruit(?:ing)?|looking for|hiring|appoint)"
    r"(?: an?| two| several| a number of)?(?:,?\s++(?:experienced|enthusiastic|motivated|"
    r"dedicated|new|full[- ]time|part[- ]time|permanent|highly|skilled|organised|organized|"
    r"friendly|reliable)){0,3})\s++"
    r"(?P<t>[A-Z][\w&/'-]*+(?:\s++(?:[A-Z(][\w&/()'-]*+|of|and|&)){0,7})"
)


def _title_from_sentence(text: str, *, strong: bool = False) -> str | None:
    """The job title a sentence names; with ``strong``, only after "the position / post / role
    of" (which names it outright, where "As a …" may use another name for it)."""
    for found in _TITLE_IN_SENTENCE.finditer(text):
        if strong and not re.match(r"(?i:the (?:position|post|role|vacancy) of)", found.group(0)):
            continue
        words = found.group("t").split()
        # cut after the last job noun (and a level after it: "Coder II")
        last = max((i for i, w in enumerate(words) if h.has_job_noun(w.strip("(),"))), default=None)
        if last is None:
            continue
        end = last + 1
        if end < len(words) and re.fullmatch(r"[IVX]{1,4}|\d", words[end]):
            end += 1
        title = " ".join(words[:end]).strip("(),")
        if title.endswith("s") and title.split()[-1].lower().rstrip("s") in h.JOB_NOUNS:
            title = title[:-1]
        cleaned, _ = h.clean_title(title)
        if cleaned:
            return cleaned
    return None


def _joined_title(lines: list[Piece]) -> tuple[str, int] | None:
    """A title wrapped over two header lines ("Release of Information" / "Specialist")."""
    if len(lines) < 2:
        return None
    first, second = lines[0].text.strip(), lines[1].text.strip()
    words = second.split()
    if (
        1 <= len(words) <= 3
        and h.has_job_noun(second)
        and not h.is_org(second)
        and h.place_in(second) is None
        and (not h.has_job_noun(first) or re.search(r"(?:\bof|\band|&|-|/)$", first))
    ):
        return f"{first} {second}", 2
    return None


def read_fields(pieces: list[Piece], raw: RawPosting) -> Fields:
    """The header fields of a segmented posting (``raw`` gives the structured hints)."""
    out = Fields()
    top = [p for p in pieces if p.category == "header"][:12]
    lines = [
        h.Line(p.line, p.text, "apply" if p.section == "apply" else p.category) for p in pieces
    ]
    labels = h.labelled(lines)

    # structured data
    if raw.title:
        title, grade = h.clean_title(raw.title)
        out.set("title", title or " ".join(raw.title.split()), "structured", raw.title, None)
        out.set("grade", grade, "structured", raw.title, None)
    if raw.employer:
        out.set("employer", " ".join(raw.employer.split()), "structured", raw.employer, None)
    if raw.location:
        out.set("location", h.clean_location(raw.location), "structured", raw.location, None)
    if raw.work_mode:
        out.set("work_mode", raw.work_mode, "structured", raw.work_mode, None)
    if raw.employment_type:
        out.set(
            "employment_type",
            h.employment_in(raw.employment_type.replace("_", " "), labelled_value=True),
            "structured",
            raw.employment_type,
            None,
        )

    # labelled lines
    for value, line in labels.get("title", []):
        title, grade = h.clean_title(value)
        out.set("title", title, "label", line.text, line.number)
        out.set("grade", grade, "label", line.text, line.number)
    for value, line in labels.get("employer", []):
        if h.looks_like_name(value) and not h.has_job_noun(value):
            out.set("employer", value, "label", line.text, line.number)
    for value, line in labels.get("location", []):
        place = h.clean_location(value)
        out.set("location", place, "label", line.text, line.number)
        if place is None:
            out.set("work_mode", h.work_mode_in(value), "label", line.text, line.number)
    for _, line in labels.get("mode", []):
        out.set("work_mode", h.work_mode_in(line.text), "label", line.text, line.number)
    for value, line in labels.get("employment", []):
        out.set(
            "employment_type",
            h.employment_in(value, labelled_value=True),
            "label",
            line.text,
            line.number,
        )
    for value, line in labels.get("grade", []):
        grade_match = h.GRADE.search(value) or h.GRADE.search(line.text)
        if grade_match:
            out.set(
                "grade", " ".join(grade_match.group(0).split()), "label", line.text, line.number
            )

    # the lines above the body
    title_at = title_start = 0  # the title's last and first header line
    joined = _joined_title(top)
    if joined and out.title is None:
        title, grade = h.clean_title(joined[0])
        if title:
            out.set("title", title, "header", joined[0], top[0].line)
            title_at = 1
    for index, piece in enumerate(top[:3]):
        if out.title is not None:
            break
        text, employer = h.split_title_employer(_title_part(piece.text))
        title, grade = h.clean_title(text)
        if title:
            out.set("title", title, "header", piece.text, piece.line)
            out.set("grade", grade, "header", piece.text, piece.line)
            if employer and _SITE_LINE.fullmatch(employer):
                out.set("location", employer, "header", piece.text, piece.line)
            elif employer and h.place_in(employer) is None:
                out.set("employer", employer, "header", piece.text, piece.line)
            title_at = title_start = index
    for piece in top:
        text = piece.text
        if out.grade is None and (found := h.GRADE.search(text)) and len(text) < 60:
            out.set("grade", " ".join(found.group(0).split()), "header", text, piece.line)
        for part in re.split(r"\s++[\u00b7|]\s++|\s++[-\u2013\u2014]\s++", text):
            if len(part) > 80:
                continue
            out.set("location", h.place_in(part), "header", text, piece.line)
            out.set("work_mode", h.work_mode_in(part), "header", text, piece.line)
            out.set(
                "employment_type",
                h.employment_in(part, labelled_value=True),
                "header",
                text,
                piece.line,
            )
    if out.employer is None and out.title is not None and title_start > 0:
        for piece in top[:title_start]:  # LinkedIn prints the company above the title
            company = piece.text.strip()
            if (
                (h.is_org(company) or (h.looks_like_name(company) and len(company.split()) >= 2))
                and h.place_in(company) is None
                and not h.has_job_noun(company)
            ):
                out.set("employer", company, "header", piece.text, piece.line)
                break
    if out.employer is None:
        named = _header_employer(top, title_at)
        if named is not None:
            out.set("employer", named[0], "header", named[1].text, named[1].line)
    for piece in top[title_at + 1 :]:
        text = piece.text.strip()
        if (
            out.location is None
            and _SITE_LINE.fullmatch(text)
            and text != out.employer
            and (out.employer is not None or "," in text)
        ):
            out.set("location", text, "header", text, piece.line)

    for piece in top:
        found_unlabelled = _UNLABELLED_EMPLOYER.search(piece.text)
        if out.employer is None and found_unlabelled and h.is_org(found_unlabelled.group("name")):
            out.set("employer", found_unlabelled.group("name"), "header", piece.text, piece.line)
    employer_found = out.found.get("employer")
    if out.location is None and employer_found is not None and employer_found.source == "header":
        after = [p for p in top if p.line > (employer_found.line or 0)]
        for piece in after[:2]:
            text = piece.text.strip()
            if (
                h.looks_like_name(text.replace(",", " "))
                and _SITE.search(text)
                and not _DEPARTMENT.search(text)
                and h.pay_in(text) is None
                and not h.has_job_noun(text)
                and not h.GRADE.search(text)
            ):
                out.set("location", text, "header", text, piece.line)
                break

    # sentences and headings
    for piece in pieces:
        if out.employer is not None:
            break
        for text in (piece.text, piece.heading or ""):
            if (
                piece.category in ("legal", "company", "other", "header", "duty", "requirement")
                or text == piece.heading
            ):
                name = h.employer_from_sentence(text)
                if name:
                    out.set("employer", name, "sentence", text, piece.line)
                    break
    for piece in pieces:
        if out.employer is not None:
            break
        if piece.category not in ("apply", "legal"):
            out.set("employer", h.trust_in(piece.text), "sentence", piece.text, piece.line)
    for strong in (True, False):
        for piece in pieces:
            if out.title is not None:
                break
            if piece.category != "legal":
                title = _title_from_sentence(piece.text, strong=strong)
                out.set("title", title, "sentence", piece.text, piece.line)
    for piece in pieces:
        if out.location is not None:
            break
        if piece.category in ("other", "company", "header", "duty", "benefit"):
            place = h.place_from_sentence(piece.text) or h.site_in(piece.text)
            out.set("location", place, "sentence", piece.text, piece.line)
            if place and re.search(r"(?i:health ?care system|health system)$", place):
                out.set("employer", place, "sentence", piece.text, piece.line)  # a VA system
    for piece in pieces:
        if piece.category in ("metadata", "header") and len(piece.text) < 120:
            out.set("work_mode", h.work_mode_in(piece.text), "label", piece.text, piece.line)
    if out.work_mode in ("remote", "on-site") and any(
        h.work_mode_in(p.text) == "hybrid" for p in pieces if p.category not in ("legal", "apply")
    ):
        out.work_mode = "hybrid"  # "Remote or home working … up to three days a week from home"
    for modes in (("hybrid",), ("remote",), ("on-site",)):
        for piece in pieces:
            if out.work_mode is not None:
                break
            if piece.category in ("legal", "apply", "requirement", "duty"):
                continue
            mode = h.work_mode_in(piece.text)
            if mode in modes:
                out.set("work_mode", mode, "sentence", piece.text, piece.line)
    if out.employment_type is None:
        for piece in pieces:
            if piece.category in ("legal", "apply", "requirement"):
                continue
            kind = _employment_sentence(piece.text)
            if kind:
                out.set("employment_type", kind, "sentence", piece.text, piece.line)
                break

    for piece in pieces:
        if out.employment_type is not None:
            break
        if piece.category in ("metadata", "header", "benefit", "other"):
            kind = h.employment_from_hours(piece.text)
            out.set("employment_type", kind, "sentence", piece.text, piece.line)

    # pay, in the currency of the place when a "$" does not say which
    country = h.country_of(out.location) if out.location else None
    default = _CURRENCY_OF_COUNTRY.get(country or "", "USD")
    if raw.pay_text:
        out.set(
            "pay",
            h.pay_in(raw.pay_text, default_currency=default),
            "structured",
            raw.pay_text,
            None,
        )
    for _, line in labels.get("pay", []):
        out.set(
            "pay", h.pay_in(line.text, default_currency=default), "label", line.text, line.number
        )
    for piece in top:
        out.set(
            "pay", h.pay_in(piece.text, default_currency=default), "header", piece.text, piece.line
        )
    for piece in pieces:
        if out.pay is not None:
            break
        if piece.category in ("benefit", "metadata", "other", "header", "company"):
            out.set(
                "pay",
                h.pay_in(piece.text, default_currency=default),
                "sentence",
                piece.text,
                piece.line,
            )
    if (
        out.pay is not None
        and out.grade is None
        and (found := h.GRADE.search(out.found["pay"].text))
    ):
        out.set(
            "grade",
            " ".join(found.group(0).split()),
            out.found["pay"].source,
            out.found["pay"].text,
            out.found["pay"].line,
        )

    if out.location is not None:
        currency_country = {"GBP": "GB", "CAD": "CA", "AUD": "AU", "NZD": "NZ"}
        hint = currency_country.get(out.pay.currency) if out.pay is not None else None
        city, region, code = h.place_parts(out.location, country=hint)
        if city or region or code:
            out.place = Location(city=city, region=region, country_code=code)

    # the closing date
    day_first = country in _DAY_FIRST or (
        out.pay is not None and out.pay.currency in ("GBP", "EUR")
    )
    if raw.valid_through:
        out.set(
            "closing_date", h.iso_date(raw.valid_through), "structured", raw.valid_through, None
        )
    for value, line in labels.get("closing", []):
        dates = h.dates_in(value, day_first=day_first)
        if dates:
            out.set("closing_date", dates[-1], "label", line.text, line.number)
    for piece in pieces:
        if out.closing_date is not None:
            break
        found_close = _CLOSING.search(piece.text)
        if found_close:
            dates = h.dates_in(
                piece.text[found_close.end() : found_close.end() + 60], day_first=day_first
            )
            if dates:
                out.set("closing_date", dates[0], "sentence", piece.text, piece.line)
    return out


_UNLABELLED_EMPLOYER = re.compile(
    r"\b(?:Department|Agency|Employer|Organi[sz]ation)\s++(?!of\b)(?P<name>[A-Z][\w&'-]*+"
    r"(?:\s++(?:[A-Z][\w&'-]*+|of|and|&)){1,6})\s*+$"
)
"""A job board's header row without colons: ``Vacancy No. 123 Department Veterans Health
Administration``."""


def _title_part(line: str) -> str:
    """The part of a ``REMOTE | Inpatient Coder | 13-Week Contract`` line that is the title."""
    parts = [p.strip() for p in re.split(r"\s++[|\u00b7]\s++", line) if p.strip()]
    if len(parts) > 1:
        for part in parts:
            if h.clean_title(part)[0]:
                return part
    return line


def _header_employer(top: list[Piece], title_at: int) -> tuple[str, Piece] | None:
    """The employer among the lines under the title: an organisation's name, or a name on the
    line right under it (``Acme Clinic · Boise, ID (Hybrid)``, ``Acme Clinic - Boise, ID``)."""
    for index, piece in enumerate(top):
        if index <= title_at:
            continue
        name = re.split(r"\s*+[\u00b7|]\s*+|\s++[-\u2013\u2014]\s++", piece.text.strip())[0]
        if (
            not name
            or h.place_in(name) is not None
            or h.pay_in(name) is not None
            or h.has_job_noun(name)
            or h.employment_in(name, labelled_value=True) is not None
            or h.work_mode_in(name) is not None
            or h.GRADE.search(name)
            or (_SITE_LINE.fullmatch(name) and "," in name)
        ):
            continue
        if h.is_org(name) or (
            index == title_at + 1 and h.looks_like_name(name) and len(name.split()) >= 2
        ):
            return name, piece
    return None


_SITE_LINE = re.compile(
    r"[A-Z][\w'\u2019 .&-]*?\b(?:hospital|infirmary|centre|center|campus|health centre|"
    r"surgery|medical centre)(?:,\s*+[A-Z][\w'\u2019 .-]+){0,2}"
    r"(?:\s++[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2})?",
    re.IGNORECASE,
)
"""A place of work under the title: ``St Aldhelm's Hospital, Bridgemouth``."""
_SITE = re.compile(
    r"\b(?:hospital|infirmary|centre|center|campus|site|road|street|house|clinic|surgery|"
    r"health cent(?:re|er)|park)\b|,\s*+[A-Z][a-z]+",
    re.IGNORECASE,
)
_DEPARTMENT = re.compile(
    r"\b(?:department|division|directorate|service|services|team|unit|office of|management)\b",
    re.IGNORECASE,
)
_CLOSING = re.compile(
    r"\b(?:clos(?:ing|e)\s*+date|applications?\s++(?:will\s++)?close|closes?(?:\s++on)?|apply\s++by|"
    r"deadline(?:\s++for\s++applications)?)\b\s*+(?:is|:|on)?",
    re.IGNORECASE,
)
_EMPLOYMENT_SENTENCE = re.compile(
    r"\b(?:(?:this|the) (?:is an? )?(?:position|role|post|job|vacancy|opportunity) is (?:an? )?|"
    r"this is an? )(?P<kind>full[- ]time|part[- ]time|per diem|temporary|fixed[- ]term|contract)\b"
    r"|\b(?P<kind2>full[- ]time|part[- ]time|per diem|temporary|fixed[- ]term) "
    r"(?:position|role|post|job|vacancy|opportunity|contract)\b"
    r"|\b(?P<hours>\d{2}(?:\.\d)?) hours (?:per|a|each) week\b",
    re.IGNORECASE,
)


def _employment_sentence(text: str) -> EmploymentType | None:
    found = _EMPLOYMENT_SENTENCE.search(text)
    if not found:
        return None
    if found.group("hours"):
        return "full-time" if float(found.group("hours")) >= 35 else "part-time"
    return h.employment_in(found.group("kind") or found.group("kind2") or "", labelled_value=True)
