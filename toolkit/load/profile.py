"""Load profiles (and later other documents) from files or text, with every problem located.

The flow is ``bytes -> text -> Located data -> model``. Pydantic's errors are rewritten
through a small table into plain English and mapped back to the line and column of the
offending key or value, so a person can fix everything in one pass.
"""

from __future__ import annotations

import contextlib
import dataclasses
import difflib
import functools
import logging
import os
import re
import types
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Generic, Literal, TypeVar

import pydantic
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from toolkit.errors import InputError, Issue, UserError, expect
from toolkit.images import MAX_BYTES
from toolkit.load.sources import Located, PathT, decode, parse_text, read_bytes
from toolkit.models.profile import Profile, profile_warnings

log = logging.getLogger("toolkit")

M = TypeVar("M", bound=BaseModel)
ProfileFormat = Literal["auto", "yaml", "json", "jsonresume"]


@dataclass(frozen=True)
class Loaded(Generic[M]):
    """A validated document with the warnings found while loading it."""

    value: M
    source: str | None
    format: str
    """``yaml``, ``json``, ``jsonresume`` or ``linkedin``."""
    warnings: list[Issue] = field(default_factory=list)
    located: Located | None = field(default=None, repr=False, compare=False)
    """Where each field stands in the source, keyed by the model's field paths."""

    def position(self, path: PathT) -> Issue:
        """An empty issue carrying the file, line and column of ``path`` (for later checks)."""
        pos = self.located.position(path) if self.located else None
        return Issue(
            "",
            path=path,
            file=self.source,
            line=pos.line if pos else None,
            column=pos.column if pos else None,
        )


# --- Pydantic errors -> plain English -------------------------------------------------------

_MESSAGES: dict[str, str | Callable[[Any], str]] = {
    "missing": "this field is required",
    "extra_forbidden": lambda e: f"unknown field '{e['loc'][-1]}'",
    "string_type": "expected text",
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "int_from_float": "expected a whole number",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "list_type": "expected a list",
    "dict_type": "expected a mapping of fields",
    "model_type": "expected a mapping of fields",
    "model_attributes_type": "expected a mapping of fields",
    "string_too_short": "must not be empty",
    "string_too_long": lambda e: f"is too long (at most {e['ctx']['max_length']} characters)",
    "too_long": lambda e: f"has too many items (at most {e['ctx']['max_length']})",
    "too_short": lambda e: f"needs at least {e['ctx']['min_length']} item(s)",
    "greater_than_equal": lambda e: f"must be at least {e['ctx']['ge']}",
    "less_than_equal": lambda e: f"must be at most {e['ctx']['le']}",
    "literal_error": lambda e: f"must be one of: {e['ctx']['expected'].replace(chr(39), '')}",
    "string_pattern_mismatch": "is not in the expected form",
    "string_unicode": "contains a broken character (a lone UTF-16 surrogate)",
}

_HINTS_BY_FIELD: dict[str, str] = {
    "tags": "tags are single words: letters, digits and _ . + - (e.g. roi, coding)",
    "country_code": "use the two-letter ISO code in capitals, e.g. US, GB, FR",
    "locale": "use a language tag such as en-US, en-GB, fr-FR or de-DE",
    "theme": "theme names are lower-case words; `toolkit themes` lists them",
    "page_size": "use a4 or letter",
    "status": "use active, eligible, in progress or expired",
    "schema_version": "this toolkit reads schema_version 1",
    "id": "ids are lower-case words with - or _, e.g. memberships",
    "section_order": "use section names such as experience, education, credentials, skills",
    "hidden_sections": "use section names such as experience, education, credentials, skills",
    "summaries": "variant names are lower-case words, e.g. coding or roi",
}

_HINTS_BY_TYPE: dict[str, str] = {
    "missing": "add it",
    "string_type": "put the value in quotes",
    "list_type": "write one '- item' per line under the field",
    "dict_type": "write the fields indented under this one",
    "model_type": "write the fields indented under this one",
    "bool_parsing": "write true or false",
    "int_parsing": "write a number such as 0, 5 or -3",
    "date_format": "e.g. 2021, 2021-03 or 2021-03-15 (for a current job, leave 'end' out "
    "or write present)",
    "date_order": "swap the two dates or correct the year",
    "date_month": "months are 01 to 12, e.g. 2021-03",
    "date_day": "check the day of the month",
    "date_range": "check the year",
    "string_unicode": "retype the text around it; it was probably cut from a longer text",
    "url_scheme": "only web links are allowed",
    "url_invalid": "write the full address, e.g. https://www.linkedin.com/in/your-name",
    "url_space": "remove the spaces",
    "email_invalid": "check for a missing @ or a typo in the domain",
    "phone_invalid": "write digits with spaces, dashes, dots or brackets, e.g. +1 (555) 010-0199",
    "text_control_char": "delete the invisible character (often pasted from a PDF or Word)",
    "text_bidi_override": "remove it; right-to-left text needs no override characters",
    "alias_clash": "keep the spelling on one item only; a narrower skill can list the broader "
    "one under satisfies",
    "photo_path": "give a path relative to the profile file, e.g. photo.jpg",
    "unknown_section": "",
    "string_too_long": "shorten it",
    "too_long": "split or shorten the list",
}


def _message(err: ErrorDetails) -> str:
    entry = _MESSAGES.get(err["type"])
    if entry is None:
        return str(err["msg"])
    return entry(err) if callable(entry) else entry


def _short_value(value: Any) -> str | None:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 60 else text[:57] + "…'"


def _unwrap(tp: Any) -> list[Any]:
    """The concrete types inside Optional/Union/Annotated/list/dict annotations."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for a in typing.get_args(tp) for t in _unwrap(a)]
    return [tp]


def _model_at(model: type[BaseModel], path: PathT) -> type[BaseModel] | None:
    """The model class that owns the mapping at ``path``, for "did you mean" hints."""
    current: Any = model
    for part in path:
        candidates = _unwrap(current)
        nxt = None
        for cand in candidates:
            origin = typing.get_origin(cand)
            if isinstance(part, int) and origin is list:
                nxt = typing.get_args(cand)[0]
            elif isinstance(part, str) and origin is dict:
                nxt = typing.get_args(cand)[1]
            elif isinstance(part, str) and isinstance(cand, type) and issubclass(cand, BaseModel):
                info = cand.model_fields.get(part)
                if info is not None:
                    nxt = info.annotation
            if nxt is not None:
                break
        if nxt is None:
            return None
        current = nxt
    for cand in _unwrap(current):
        if isinstance(cand, type) and issubclass(cand, BaseModel):
            return cand
    return None


def _field_names(model: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]


def issues_from_validation(
    exc: ValidationError,
    doc: Located,
    model: type[BaseModel],
    *,
    hide_values: bool = False,
    map_path: Callable[[PathT], PathT] | None = None,
) -> list[Issue]:
    """Turn a Pydantic ``ValidationError`` into located, plain-English issues.

    Args:
        exc: the error raised by ``model.model_validate``.
        doc: the parsed document, for positions.
        model: the model validated, for field-name suggestions.
        hide_values: leave the offending values out (for strangers' data).
        map_path: translates a model path into the document's own path (for imported formats).
    """
    issues: list[Issue] = []
    for err in exc.errors(include_url=False):
        loc: list[str | int] = list(err["loc"])
        on_key = False
        # Pydantic ends the path of a dict key's error with "[key]"; a key someone wrote as
        # "[key]" is a key like any other (an unknown field, say)
        if loc and loc[-1] == "[key]" and err["type"] != "extra_forbidden":
            loc.pop()
            on_key = True
        ctx = err.get("ctx") or {}
        at = ctx.get("at")
        if at:
            loc.extend(at)
        path = tuple(loc)
        kind = err["type"]
        message = _message(err)
        hint = _HINTS_BY_TYPE.get(kind, "")
        last = next((p for p in reversed(path) if isinstance(p, str)), "")
        if kind == "string_pattern_mismatch" and last in _HINTS_BY_FIELD:
            hint = _HINTS_BY_FIELD[last]
        if kind == "missing" and last:
            hint = f"add '{last}:' here"
        if kind == "extra_forbidden":
            owner = _model_at(model, path[:-1])
            names = _field_names(owner) if owner else []
            close = difflib.get_close_matches(str(path[-1]), names, n=1, cutoff=0.6)
            hint = (
                f"did you mean '{close[0]}'?"
                if close
                else f"allowed here: {', '.join(n for n in names if not n.startswith('$'))}"
            )
            on_key = True
        if kind == "unknown_section":
            hint = f"known sections: {ctx.get('choices', '')}"
        doc_path = map_path(path) if map_path else path
        pos = doc.position(doc_path, key=on_key or kind in ("missing",))
        if kind == "missing":
            pos = doc.position(doc_path[:-1])
        value = None
        if not hide_values and kind not in ("missing", "extra_forbidden"):
            value = _short_value(ctx["value"] if "value" in ctx else err.get("input"))
        if hide_values and kind == "email_invalid":
            message = "this is not a valid email address"
        issues.append(
            Issue(
                message,
                path=path,
                file=doc.source,
                line=pos.line if pos else None,
                column=pos.column if pos else None,
                value=value,
                hint=hint or None,
            )
        )
    return issues


def locate(
    issues: list[Issue], doc: Located | None, map_path: Callable[[PathT], PathT] | None = None
) -> list[Issue]:
    """Add file, line and column to issues that only have a field path."""
    if doc is None:
        return issues
    out = []
    for issue in issues:
        pos = doc.position(map_path(issue.path) if map_path else issue.path)
        out.append(
            dataclasses.replace(
                issue,
                file=doc.source,
                line=pos.line if pos else None,
                column=pos.column if pos else None,
            )
        )
    return out


def _sorted(issues: list[Issue]) -> list[Issue]:
    return sorted(issues, key=lambda i: (i.line or 0, i.column or 0))


def validate_document(
    doc: Located,
    model: type[M],
    *,
    hide_values: bool = False,
    map_path: Callable[[PathT], PathT] | None = None,
) -> M:
    """Validate parsed data against ``model``, raising every problem at once."""
    if not isinstance(doc.data, dict):
        what = "empty" if doc.data is None else f"a {type(doc.data).__name__}"
        raise InputError(
            [
                Issue(
                    f"the file is {what}, not a mapping of fields",
                    file=doc.source,
                    line=1,
                    column=1,
                    hint="start with 'basics:' (run `toolkit init` for a starter file)",
                )
            ],
            doc.source,
        )
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        raise InputError(
            _sorted(
                issues_from_validation(exc, doc, model, hide_values=hide_values, map_path=map_path)
            ),
            doc.source,
        ) from None


# --- profiles -------------------------------------------------------------------------------


def is_jsonresume(data: Any) -> bool:
    """Whether parsed data looks like a JSON Resume document rather than our profile.

    Only keys that our format does not have count as evidence: ``work`` and
    ``certificates`` at the top, ``label``, ``url`` and ``picture`` in ``basics``, or a
    ``$schema`` that names JSON Resume.
    """
    if not isinstance(data, dict):
        return False
    if "schema_version" in data or "experience" in data or "credentials" in data:
        return False
    if "jsonresume" in str(data.get("$schema", "")).lower():
        return True
    if "work" in data or "certificates" in data:
        return True
    basics = data.get("basics")
    return isinstance(basics, dict) and any(k in basics for k in ("label", "url", "picture"))


def _hide(issues: list[Issue], hide_values: bool) -> list[Issue]:
    return [_hidden(i) for i in issues] if hide_values else issues


_NAMED = re.compile(r" ?\([&*!][^)]*\)")  # "(&anchor)", "(*alias)", "(!tag)"


def _hidden(issue: Issue) -> Issue:
    """``issue`` without anything the submitted text wrote: no value, and no name of an
    unknown key, anchor, alias or tag (a key can hold data too); line and column stay."""
    message = _NAMED.sub("", issue.message)
    if message.startswith("unknown field '"):
        message = "unknown field"
    elif message.startswith("the key '"):
        message = "a key" + message[message.index("'", len("the key '")) + 1 :]
    names = _schema_names()
    path = tuple(p if isinstance(p, int) or p in names else "…" for p in issue.path)
    return dataclasses.replace(issue, message=message, path=path, value=None)


@functools.cache
def _schema_names() -> frozenset[str]:
    """Every field name of the profile's models (what a path may show of itself)."""
    names: set[str] = set()
    todo: list[Any] = [Profile]
    seen: set[Any] = set()
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            names.add(name)
            names.update(a for a in (info.alias,) if a)
            for arg in _types_in(info.annotation):
                if isinstance(arg, type) and issubclass(arg, pydantic.BaseModel):
                    todo.append(arg)
    return frozenset(names)


def _types_in(annotation: Any) -> list[Any]:
    found = [annotation]
    for arg in typing.get_args(annotation):
        found += _types_in(arg)
    return found


@contextlib.contextmanager
def _hiding(hide_values: bool) -> Iterator[None]:
    """Re-raise an :class:`InputError` with its issues hidden when asked."""
    try:
        yield
    except InputError as exc:
        if not hide_values:
            raise
        raise InputError(_hide(list(exc.issues), True), exc.source) from None


def _profile_from_located(
    doc: Located, fmt: ProfileFormat, *, hide_values: bool, today: date | None
) -> Loaded[Profile]:
    if fmt == "jsonresume" or (fmt in ("auto", "json") and is_jsonresume(doc.data)):
        return _profile_from_jsonresume(doc, hide_values=hide_values, today=today)
    profile = validate_document(doc, Profile, hide_values=hide_values)
    warnings = _hide(locate(profile_warnings(profile, today), doc), hide_values)
    return Loaded(profile, doc.source, "yaml" if fmt == "auto" else fmt, warnings, doc)


def _profile_from_jsonresume(
    doc: Located, *, hide_values: bool, today: date | None
) -> Loaded[Profile]:
    """Convert, validate, and report every issue with JSON Resume's own field names."""
    # lazy: the JSON Resume converter (~5 ms, and babel) only for a JSON Resume file;
    # loading a profile of our own (`toolkit validate`) needs neither
    from toolkit.load.jsonresume import import_jsonresume

    result = import_jsonresume(doc.data, hide_values=hide_values)
    converted = result.data
    notes = _hide(locate(result.notes, doc), hide_values)
    theirs: dict[PathT, PathT] = {}
    for their in doc.values:
        ours = result.our_path(their)
        if ours is not None:
            theirs.setdefault(ours, their)

    def their_path(path: PathT) -> PathT:
        for cut in range(len(path), 0, -1):
            if path[:cut] in theirs:
                return theirs[path[:cut]] + path[cut:]
        return path

    mapped = Located(
        converted,
        doc.source,
        {ours: doc.values[their] for ours, their in theirs.items()},
        {ours: doc.keys[their] for ours, their in theirs.items() if their in doc.keys},
    )
    try:
        profile = validate_document(mapped, Profile, hide_values=hide_values)
    except InputError as exc:
        errors = [dataclasses.replace(i, path=their_path(i.path)) for i in exc.issues]
        raise InputError(_sorted(errors + notes), doc.source) from None
    warnings = notes + [
        dataclasses.replace(w, path=their_path(w.path))
        for w in _hide(locate(profile_warnings(profile, today), mapped), hide_values)
    ]
    return Loaded(profile, doc.source, "jsonresume", warnings, mapped)


def _syntax(format: ProfileFormat) -> Literal["auto", "yaml", "json"]:
    if format == "jsonresume":
        return "json"
    return format


def read_profile(
    path: str | Path,
    *,
    format: ProfileFormat = "auto",
    hide_values: bool = False,
    today: date | None = None,
) -> Loaded[Profile]:
    """Load and validate a profile file, returning it with its warnings.

    Args:
        path: a YAML, JSON or JSON Resume file.
        format: ``auto`` picks by extension, then by content; JSON Resume is detected.
        hide_values: keep input values out of error messages (for strangers' data).
        today: the date used for "in the future" and "expired" warnings.

    Raises:
        InputError: with every problem found, each located.
        NotFoundError: if the file does not exist, or is not a regular file.
        ArgumentError: if ``path`` is not a path.
    """
    expect("path", path, str, os.PathLike)
    p = Path(path)
    source = str(path)
    with _hiding(hide_values):
        text = decode(read_bytes(p, source), source)
        doc = parse_text(text, _syntax(format), source)
        loaded = _profile_from_located(doc, format, hide_values=hide_values, today=today)
    if loaded.value.basics.photo:
        loaded = _attach_photo(loaded, p.parent, hide_values=hide_values)
    return loaded


def _attach_photo(loaded: Loaded[Profile], folder: Path, *, hide_values: bool) -> Loaded[Profile]:
    """The profile with the photo ``basics.photo`` names, read from beside the profile file.

    A missing photo is a warning (a profile copied without its photo still makes documents);
    a photo that is not an image, too large, or outside the folder is an error.

    The photo must be a regular file inside the profile's folder (links leading out are
    refused): a stranger's profile cannot pull another file on the machine into a document.
    """
    profile = loaded.value
    name = profile.basics.photo or ""
    at = loaded.position(("basics", "photo"))

    def fail(message: str, hint: str) -> InputError:
        value = None if hide_values else repr(name)
        issue = dataclasses.replace(at, message=message, value=value, hint=hint)
        return InputError([issue], loaded.source)

    root = folder.resolve()
    try:
        target = (root / name).resolve(strict=True)
    except (OSError, RuntimeError):
        missing = fail(
            "no such photo file; the documents are made without a photo",
            "put the photo next to the profile file, or remove basics.photo",
        ).issues[0]
        warning = dataclasses.replace(missing, severity="warning")
        return dataclasses.replace(loaded, warnings=[*loaded.warnings, warning])
    if not target.is_relative_to(root):
        raise fail(
            "the photo is outside the profile's folder",
            "copy the photo into the folder that holds the profile",
        )
    if not target.is_file():
        raise fail("the photo is not a regular file", "give the path of a .jpg or .png file")
    with target.open("rb") as fh:
        data = fh.read(MAX_BYTES + 1)
    try:
        return dataclasses.replace(loaded, value=profile.with_photo(data))
    except UserError as exc:
        reason = str(exc).removeprefix("basics.photo: ")
        raise fail(reason, "use a JPEG or PNG photo of at most a few megapixels") from None


def load_profile(path: str | Path, **options: Any) -> Profile:
    """Load and validate a profile file (YAML, JSON or JSON Resume).

    Warnings (a start date in the future, an expired credential marked active) are logged
    to the ``toolkit`` logger; use :func:`read_profile` to get them as data.

    Raises:
        InputError: with every problem found, each with file, line, column and a hint.
        NotFoundError: if the file does not exist, or is not a regular file.
        ArgumentError: if ``path`` is not a path.
    """
    loaded = read_profile(path, **options)
    for warning in loaded.warnings:
        log.warning("%s", warning)
    return loaded.value


def parse_profile(
    text: str,
    format: ProfileFormat = "auto",
    *,
    source: str | None = None,
    hide_values: bool = False,
    today: date | None = None,
) -> Profile:
    """Validate a profile given as text (for apps that hold it in memory).

    Args:
        text: YAML, JSON or JSON Resume text.
        format: ``auto`` (JSON if it starts with ``{``, else YAML), ``yaml``, ``json``
            or ``jsonresume``.
        source: a name to use in error messages.

    Raises:
        InputError: with every problem found, each located (a text over 2 MiB is one).
        ArgumentError: if ``text`` is not a ``str``.
    """
    expect("text", text, str)
    with _hiding(hide_values):
        doc = parse_text(text.removeprefix("\ufeff"), _syntax(format), source)
        loaded = _profile_from_located(doc, format, hide_values=hide_values, today=today)
    for warning in loaded.warnings:
        log.warning("%s", warning)
    if loaded.value.basics.photo:
        log.warning(
            "basics.photo: the photo is left out: a profile given as text has no folder to "
            "read it from (attach it with profile.with_photo(data))"
        )
    return loaded.value
