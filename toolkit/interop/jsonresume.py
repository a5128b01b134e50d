"""JSON Resume (https://jsonresume.org/schema) to and from our profile, with no loss.

Every field of the JSON Resume schema has a place in :class:`~toolkit.models.Profile`, and
the fields JSON Resume lacks (a credential's id, expiry and status, licences, tags,
preferences …) are written as extension properties, which the schema allows, and read back.
Legacy keys of older JSON Resume files (``company``, ``website``, ``picture``, ``gpa``) are
understood. Empty strings are treated as absent.
"""

from __future__ import annotations

import re
from typing import Any

from toolkit.errors import Issue
from toolkit.models.profile import Profile
from toolkit.sources import PathT

JSONRESUME_SCHEMA_URL = (
    "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"
)

# JSON Resume section -> (our section, {their key: our key}). The first key listed for an
# our-key is the one written on export; later ones are legacy spellings read on import.
_SECTIONS: dict[str, tuple[str, dict[str, str]]] = {
    "work": (
        "experience",
        {
            "name": "employer", "company": "employer", "position": "title",
            "location": "location", "url": "url", "website": "url",
            "description": "description", "startDate": "start", "endDate": "end",
            "summary": "summary", "highlights": "highlights",
        },
    ),
    "volunteer": (
        "volunteer",
        {
            "organization": "organization", "position": "position", "url": "url",
            "website": "url", "startDate": "start", "endDate": "end", "summary": "summary",
            "highlights": "highlights", "location": "location",
        },
    ),
    "education": (
        "education",
        {
            "institution": "institution", "url": "url", "area": "area",
            "studyType": "degree", "startDate": "start", "endDate": "end", "score": "score",
            "gpa": "score", "courses": "courses", "location": "location",
            "summary": "summary", "highlights": "highlights",
        },
    ),
    "awards": (
        "awards",
        {"title": "title", "date": "date", "awarder": "awarder", "summary": "summary",
         "url": "url"},
    ),
    "certificates": (
        "credentials",
        {
            "name": "name", "date": "earned", "url": "url", "issuer": "issuer",
            "credentialId": "credential_id", "expires": "expires", "status": "status",
            "summary": "summary",
        },
    ),
    "publications": (
        "publications",
        {"name": "name", "publisher": "publisher", "releaseDate": "date", "url": "url",
         "website": "url", "summary": "summary"},
    ),
    "skills": ("skills", {"name": "name", "level": "level", "keywords": "keywords"}),
    "languages": ("languages", {"language": "language", "fluency": "fluency"}),
    "interests": ("interests", {"name": "name", "keywords": "keywords"}),
    "references": (
        "references",
        {"name": "name", "reference": "reference", "relationship": "relationship",
         "email": "email", "phone": "phone"},
    ),
    "projects": (
        "projects",
        {
            "name": "name", "description": "description", "highlights": "highlights",
            "keywords": "keywords", "startDate": "start", "endDate": "end", "url": "url",
            "roles": "roles", "entity": "entity", "type": "type",
        },
    ),
}

_BASICS: dict[str, str] = {
    "name": "name", "label": "headline", "image": "image", "picture": "image",
    "email": "email", "phone": "phone", "url": "website", "website": "website",
    "summary": "summary", "location": "location", "profiles": "profiles",
    # extensions
    "summaries": "summaries", "photo": "photo", "links": "links",
}
_LOCATION: dict[str, str] = {
    "address": "address", "postalCode": "postal_code", "city": "city",
    "countryCode": "country_code", "region": "region",
}
_PROFILE: dict[str, str] = {"network": "network", "username": "username", "url": "url"}
_META: dict[str, str] = {"canonical": "canonical", "version": "version",
                         "lastModified": "last_modified"}
# Selection fields every entry of ours may carry, written under the same names.
_SELECT: dict[str, str] = {"tags": "tags", "priority": "priority", "private": "private"}
# Top-level sections of ours that JSON Resume lacks, carried as extensions unchanged.
_PASSTHROUGH = ("licences", "custom", "preferences")
_IGNORED_TOP = ("$schema",)

_SUB: dict[tuple[str, str], dict[str, str]] = {
    ("basics", "location"): _LOCATION,
}


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p.title() for p in rest)


# --- import ---------------------------------------------------------------------------------


def _convert_entry(
    item: Any, table: dict[str, str], their: PathT, notes: list[Issue]
) -> Any:
    if not isinstance(item, dict):
        return item  # validation reports the wrong type at this place
    out: dict[str, Any] = {}
    meta = item.get("highlightMeta")
    for key, value in item.items():
        if key == "highlightMeta":
            continue
        ours = table.get(key) or _SELECT.get(key)
        if ours is None:
            notes.append(Issue(f"'{key}' is not part of the profile format and was left out",
                               path=(*their, key), severity="warning",
                               hint="move what matters into summary or highlights"))
            continue
        if _empty(value):
            continue
        if ours in out:
            notes.append(Issue(f"'{key}' repeats another field here and was left out",
                               path=(*their, key), severity="warning"))
            continue
        if ours == "highlights" and isinstance(meta, list) and isinstance(value, list):
            value = [
                {"text": text, **extra} if isinstance(extra, dict) and extra else text
                for text, extra in zip(value, meta + [None] * len(value), strict=False)
            ]
        out[ours] = value
    return out


def jsonresume_to_data(data: dict[str, Any]) -> tuple[dict[str, Any], list[Issue]]:
    """Convert a parsed JSON Resume document into our profile's plain data.

    Returns:
        ``(data, notes)``: the converted data (validate it with ``Profile``; positions map
        through :func:`our_path`) and warnings, with JSON Resume paths, for fields left out.
    """
    notes: list[Issue] = []
    out: dict[str, Any] = {"schema_version": 1}
    for key, value in data.items():
        if key in _IGNORED_TOP or _empty(value):
            continue
        if key == "basics" and isinstance(value, dict):
            basics = _convert_entry(value, _BASICS, ("basics",), notes)
            loc = basics.get("location")
            if isinstance(loc, dict):
                basics["location"] = _convert_entry(loc, _LOCATION, ("basics", "location"),
                                                    notes)
            profiles = basics.get("profiles")
            if isinstance(profiles, list):
                basics["profiles"] = [
                    _convert_entry(p, _PROFILE, ("basics", "profiles", i), notes)
                    for i, p in enumerate(profiles)
                ]
            out["basics"] = basics
        elif key == "meta" and isinstance(value, dict):
            out["meta"] = {
                _META[k]: v for k, v in value.items() if k in _META and not _empty(v)
            }
            for k in value:
                if k not in _META:
                    notes.append(Issue(f"'{k}' is not part of the profile format and was "
                                       "left out", path=("meta", k), severity="warning"))
        elif key in _SECTIONS:
            ours, table = _SECTIONS[key]
            out[ours] = (
                [_convert_entry(item, table, (key, i), notes) for i, item in enumerate(value)]
                if isinstance(value, list) else value
            )
        elif key in _PASSTHROUGH:
            out[key] = value
        else:
            notes.append(Issue(f"the section '{key}' is not part of the profile format and "
                               "was left out", path=(key,), severity="warning",
                               hint="add it as a custom section if you need it"))
    if "basics" not in out:
        out["basics"] = {}
    return out, notes


def our_path(their: PathT) -> PathT | None:
    """Map a JSON Resume field path to the matching path in our profile (None if dropped)."""
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
            return ("meta", sub) if sub else None
        return ("meta",)
    if head in _SECTIONS:
        ours, table = _SECTIONS[str(head)]
        if len(rest) < 2:
            return (ours, *rest)
        field = table.get(str(rest[1])) or _SELECT.get(str(rest[1]))
        return (ours, rest[0], field, *rest[2:]) if field else None
    if head in _PASSTHROUGH:
        return their
    return None


# --- export ---------------------------------------------------------------------------------


def _export_entry(entry: dict[str, Any], table: dict[str, str]) -> dict[str, Any]:
    reverse: dict[str, str] = {}
    for theirs, ours in table.items():
        reverse.setdefault(ours, theirs)
    out: dict[str, Any] = {}
    for key, value in entry.items():
        if key == "highlights":
            texts = [h["text"] if isinstance(h, dict) else h for h in value]
            extras = [
                {k: v for k, v in h.items() if k != "text"} if isinstance(h, dict) else {}
                for h in value
            ]
            out[reverse.get("highlights", "highlights")] = texts
            if any(extras):
                out["highlightMeta"] = extras
            continue
        out[reverse.get(key, _camel(key))] = value
    return out


def _drop_private(value: Any) -> Any:
    if isinstance(value, list):
        return [_drop_private(v) for v in value
                if not (isinstance(v, dict) and v.get("private") is True)]
    if isinstance(value, dict):
        return {k: _drop_private(v) for k, v in value.items()}
    return value


def profile_to_jsonresume(profile: Profile, *, include_private: bool = False) -> dict[str, Any]:
    """Write a profile as a JSON Resume document.

    Args:
        profile: the profile.
        include_private: keep entries marked ``private: true`` (left out by default, as
            JSON Resume files are often published).

    Returns:
        A dict that validates against the JSON Resume schema; our extra fields are kept as
        extension properties so :func:`jsonresume_to_data` restores the same profile.
    """
    data = profile.model_dump(mode="json", exclude_defaults=True, by_alias=True)
    data.pop("$schema", None)
    data.pop("schema_version", None)
    if not include_private:
        data = _drop_private(data)
    out: dict[str, Any] = {"$schema": JSONRESUME_SCHEMA_URL}
    basics = dict(data.pop("basics"))
    if "location" in basics:
        basics["location"] = _export_entry(basics["location"], _LOCATION)
    if "profiles" in basics:
        basics["profiles"] = [_export_entry(p, _PROFILE) for p in basics["profiles"]]
    out["basics"] = _export_entry(basics, _BASICS)
    for theirs, (ours, table) in _SECTIONS.items():
        if ours in data:
            out[theirs] = [_export_entry(e, table) for e in data.pop(ours)]
    if "meta" in data:
        out["meta"] = _export_entry(data.pop("meta"), _META)
    for key in _PASSTHROUGH:
        if key in data:
            out[key] = data.pop(key)
    assert not data, f"unexported profile fields: {sorted(data)}"  # a new field needs a mapping
    return out
