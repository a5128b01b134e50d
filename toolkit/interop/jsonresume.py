"""Export a profile as a JSON Resume document, for JSON Resume's themes and tools.

The field tables are the reader's (:mod:`toolkit.load.jsonresume`), so what is written
reads back as the same profile.
"""

from __future__ import annotations

from typing import Any

from toolkit.load.jsonresume import (
    _BASICS,
    _HIGHLIGHT_META,
    _LOCATION,
    _META,
    _PASSTHROUGH,
    _PROFILE,
    _SECTIONS,
    JSONRESUME_SCHEMA_URL,
    _camel,
)
from toolkit.models.profile import Profile


def _export_entry(entry: dict[str, Any], table: dict[str, str]) -> dict[str, Any]:
    reverse: dict[str, str] = {}
    for theirs, ours in table.items():
        reverse.setdefault(ours, theirs)
    out: dict[str, Any] = {}
    for key, value in entry.items():
        if key == "end" and value == "present":
            continue  # JSON Resume marks a current entry by leaving endDate out
        if key == "highlights":
            texts = [h["text"] if isinstance(h, dict) else h for h in value]
            extras = [
                {k: v for k, v in h.items() if k != "text"} if isinstance(h, dict) else {}
                for h in value
            ]
            out[reverse.get("highlights", "highlights")] = texts
            if any(extras):
                out[_HIGHLIGHT_META] = extras
            continue
        out[reverse.get(key, _camel(key))] = value
    return out


def _drop_private(value: Any) -> Any:
    if isinstance(value, list):
        return [
            _drop_private(v)
            for v in value
            if not (isinstance(v, dict) and v.get("private") is True)
        ]
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
        extension properties so :func:`jsonresume_to_data` restores the same profile. An
        ``end: present`` is written as no ``endDate`` (the schema's way), and so reads back
        as no end, which means the same.
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
