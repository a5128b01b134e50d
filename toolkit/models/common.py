"""Field types shared by every model: safe text, links, partial dates and the base model.

Every string a person writes passes through :data:`Text`, which refuses the characters that
break Word files or hide what a document says (XML-invalid control characters, lone
surrogates, bidirectional overrides) while keeping the marks that Hebrew and Arabic need.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from toolkit.models import prebuilt

# Control characters XML 1.0 forbids (tab, newline and carriage return are allowed),
# the non-characters U+FFFE/U+FFFF, and lone UTF-16 surrogates.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Bidi embeddings and overrides (U+202A-U+202E) can make a document read differently from
# what it stores. Marks (U+200E/U+200F, U+061C) and isolates (U+2066-U+2069) stay allowed.
_BIDI_OVERRIDE = re.compile("[\u202a-\u202e]")


def check_text(value: str) -> str:
    """Refuse characters that corrupt DOCX/PDF output or disguise text."""
    bad = _XML_INVALID.search(value)
    if bad:
        raise PydanticCustomError(
            "text_control_char",
            "contains the invisible control character U+{code} at position {pos}",
            {"code": f"{ord(bad.group()):04X}", "pos": bad.start() + 1},
        )
    bad = _BIDI_OVERRIDE.search(value)
    if bad:
        raise PydanticCustomError(
            "text_bidi_override",
            "contains the bidirectional override U+{code} at position {pos}",
            {"code": f"{ord(bad.group()):04X}", "pos": bad.start() + 1},
        )
    return value


Text = Annotated[str, AfterValidator(check_text)]
"""Any free text a person writes."""

ShortText = Annotated[str, Field(max_length=300), AfterValidator(check_text)]
"""A name, title or label: one line, of reasonable length."""

LongText = Annotated[str, Field(max_length=5000), AfterValidator(check_text)]
"""A summary or a bullet."""

Tag = Annotated[
    str,
    Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.+-]{0,39}$"),
]
"""A selection tag: letters, digits and ``_ . + -``, e.g. ``roi`` or ``coding``."""

# --- links ----------------------------------------------------------------------------------

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_HOSTLIKE = re.compile(r"^(?:www\.)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?::\d+)?(?:[/?#]\S*)?$")
_HTTP_URL = re.compile(r"^https?://[^\s/?#@]+(?::\d+)?(?:[/?#]\S*)?$", re.IGNORECASE)


def check_url(value: str) -> str:
    """Accept http(s) links, and bare ``example.org/path`` links kept as written."""
    check_text(value)
    if any(ch.isspace() for ch in value):
        raise PydanticCustomError("url_space", "a link cannot contain spaces")
    scheme = _SCHEME.match(value)
    if scheme and not value.lower().startswith(("http://", "https://")):
        if scheme.group(1).lower() == "localhost" or value[scheme.end() :].isdigit():
            pass  # "host:port" is not a scheme; checked below as a bare host
        else:
            raise PydanticCustomError(
                "url_scheme",
                "links must start with https:// or http:// ({scheme}: links are refused)",
                {"scheme": scheme.group(1).lower()},
            )
    if value.lower().startswith(("http://", "https://")):
        if not _HTTP_URL.match(value):
            raise PydanticCustomError("url_invalid", "this is not a valid web address")
    elif not _HOSTLIKE.match(value):
        raise PydanticCustomError("url_invalid", "this is not a valid web address")
    return value


Url = Annotated[
    str,
    Field(max_length=2000),
    AfterValidator(check_url),
    WithJsonSchema({"type": "string", "format": "uri", "maxLength": 2000}),
]
"""A web link: ``https://…``, ``http://…`` or a bare ``example.org/…`` (kept as written)."""


def link_href(url: str) -> str:
    """The clickable form of a :data:`Url`: bare host links get ``https://``."""
    return url if url.lower().startswith(("http://", "https://")) else f"https://{url}"


# The everyday shape of an address (ASCII dot-atom, ordinary host names) is checked here;
# anything else (quoted parts, international names, odd domains) goes to email-validator,
# whose import compiles large Unicode tables and costs start-up time.
_PLAIN_EMAIL = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+([A-Za-z]{2,63})"
)
_SPECIAL_USE_TLDS = frozenset({"arpa", "invalid", "local", "localhost", "onion", "test"})


def _plainly_valid(value: str) -> bool:
    found = _PLAIN_EMAIL.fullmatch(value)
    return (
        found is not None
        and len(value) <= 254
        and len(value.split("@", 1)[0]) <= 64
        and "--" not in value.split("@", 1)[1]  # "ab--" labels are reserved (Punycode)
        and found.group(1).lower() not in _SPECIAL_USE_TLDS
    )


def check_email(value: str) -> str:
    """Validate an address's syntax (no DNS look-up); keep it as written."""
    check_text(value)
    if _plainly_valid(value):
        return value
    # lazy: email_validator (~16 ms) only for an address the quick check cannot pass
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError as exc:
        raise PydanticCustomError(
            "email_invalid", "this is not a valid email address: {reason}", {"reason": str(exc)}
        ) from None
    return value


Email = Annotated[
    str,
    Field(max_length=254),
    AfterValidator(check_email),
    WithJsonSchema({"type": "string", "format": "email", "maxLength": 254}),
]

_PHONE = re.compile(
    r"^\+?[\d\s().\-/]*\d[\d\s().\-/]*(?:\s*(?:ext\.?|x|#)\s*\d{1,6})?$", re.IGNORECASE
)


def check_phone(value: str) -> str:
    """Keep a phone number as written; only check it looks like one."""
    check_text(value)
    digits = sum(ch.isdigit() for ch in value)
    if not _PHONE.match(value) or not 5 <= digits <= 20:
        raise PydanticCustomError(
            "phone_invalid",
            "this does not look like a phone number",
        )
    return value


Phone = Annotated[str, Field(max_length=40), AfterValidator(check_phone)]

# --- dates ----------------------------------------------------------------------------------

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse_partial_date(value: str) -> tuple[int, int | None, int | None]:
    """Split ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` into its parts.

    Raises:
        ValueError: if the text is not such a date.
    """
    m = _DATE.match(value)
    if not m:
        raise ValueError(value)
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) else None
    return year, month, day


def check_partial_date(value: str) -> str:
    """A real calendar date, precise to the year, month or day."""
    try:
        year, month, day = parse_partial_date(value)
    except ValueError:
        raise PydanticCustomError(
            "date_format", "dates are written YYYY, YYYY-MM or YYYY-MM-DD"
        ) from None
    if not 1900 <= year <= 2200:
        raise PydanticCustomError("date_range", "the year {year} is out of range", {"year": year})
    if month is not None and not 1 <= month <= 12:
        raise PydanticCustomError("date_month", "there is no month {month}", {"month": month})
    if day is not None and month is not None:
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise PydanticCustomError(
                "date_day", "{month} has no day {day}", {"month": value[:7], "day": day}
            )
    return value


_PARTIAL_DATE_SCHEMA = {
    "type": "string",
    "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
    "examples": ["2021", "2021-03", "2021-03-15"],
}

PartialDate = Annotated[
    str, AfterValidator(check_partial_date), WithJsonSchema(_PARTIAL_DATE_SCHEMA)
]
"""A date known to the year, month or day: ``2021``, ``2021-03``, ``2021-03-15``."""


def check_end_date(value: str) -> str:
    """An end date, or ``present`` for something still going on."""
    if value.strip().lower() == "present":
        return "present"
    return check_partial_date(value)


EndDate = Annotated[
    str,
    AfterValidator(check_end_date),
    WithJsonSchema({"anyOf": [_PARTIAL_DATE_SCHEMA, {"const": "present"}]}),
]
"""An end date or ``present``; leaving it out also means the entry is current."""


def date_sort_key(value: str | None, *, open_end: bool = False) -> tuple[int, int, int]:
    """A key that orders partial dates; a missing or ``present`` end sorts last."""
    if value is None or value == "present":
        return (9999, 12, 31) if open_end else (0, 0, 0)
    year, month, day = parse_partial_date(value)
    return (year, month or (12 if open_end else 1), day or (31 if open_end else 1))


def date_start(value: str) -> date:
    """The first day a partial date can mean."""
    year, month, day = parse_partial_date(value)
    return date(year, month or 1, day or 1)


def date_end(value: str) -> date:
    """The last day a partial date can mean."""
    year, month, day = parse_partial_date(value)
    month = month or 12
    return date(year, month, day or calendar.monthrange(year, month)[1])


def _int_text(value: Any) -> Any:
    return int(value) if isinstance(value, str) and value.strip().isdigit() else value


SchemaVersion = Annotated[Literal[1], BeforeValidator(_int_text)]
"""The version of a file format; YAML gives ``1`` as text, which counts."""


# --- base models ----------------------------------------------------------------------------


class Model(BaseModel):
    """Strict, frozen base: unknown fields are errors, whitespace is trimmed.

    A key written with no value (``highlights:`` and nothing after it) counts as absent,
    so an emptied list or an unfinished optional field is not an error.
    """

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
        coerce_numbers_to_str=True,
        populate_by_name=True,
        # Validators are built on first use, not at import, and attribute docstrings are read
        # only when the JSON Schema is made (toolkit.load.schema): start-up stays short.
        defer_build=True,
    )

    @classmethod
    def model_rebuild(
        cls,
        *,
        force: bool = False,
        raise_errors: bool = True,
        _parent_namespace_depth: int = 2,
        _types_namespace: Any = None,
    ) -> bool | None:
        """Pydantic's build, or the one an earlier run kept (:mod:`toolkit.models.prebuilt`)."""

        def build() -> bool | None:
            return super(Model, cls).model_rebuild(
                force=force,
                raise_errors=raise_errors,
                _parent_namespace_depth=_parent_namespace_depth + 3,  # build, rebuild and this
                _types_namespace=_types_namespace,
            )

        return prebuilt.rebuild(cls, build, force)

    @model_validator(mode="before")
    @classmethod
    def _empty_is_absent(cls, data: Any) -> Any:
        if isinstance(data, dict) and None in data.values():
            return {k: v for k, v in data.items() if v is not None}
        return data


class Selectable(Model):
    """What every entry and highlight may carry, so variants can select from one profile."""

    tags: list[Tag] = Field(default_factory=list, max_length=30)
    """Labels used by ``--tags`` / ``--exclude-tags`` to pick entries for a variant."""
    priority: int = Field(default=0, ge=-100, le=100)
    """Higher comes first and is dropped last when space runs out (default 0)."""
    private: bool = False
    """Left out of every document unless ``--include-private`` is given."""


def dump_plain(model: BaseModel) -> dict[str, Any]:
    """A model as plain JSON-able data without defaults, for writing back to a file."""
    return model.model_dump(mode="json", exclude_defaults=True, by_alias=True)
