"""Write a profile back out as readable YAML or JSON."""

from __future__ import annotations

import json
from typing import Any

import yaml

from toolkit.models.common import dump_plain
from toolkit.models.profile import Profile


class _Dumper(yaml.SafeDumper):
    """Block style, long text folded as ``|`` blocks, keys in the model's order."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    if len(value) > 90 and value == value.strip() and "  " not in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=">")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str)


# Keys written after the others in each mapping, in this order: what an entry is comes first,
# then when, then the long text, then the selection fields.
_LATE = (
    "start",
    "end",
    "earned",
    "expires",
    "status",
    "summary",
    "description",
    "highlights",
    "keywords",
    "courses",
    "entries",
    "tags",
    "priority",
    "private",
)


def _tidy(value: Any) -> Any:
    """Readable order, and highlights that carry nothing but text written as plain strings."""
    if isinstance(value, list):
        return [_tidy(v) for v in value]
    if not isinstance(value, dict):
        return value
    if set(value) == {"text"}:
        return value["text"]
    early = [k for k in value if k not in _LATE]
    late = [k for k in _LATE if k in value]
    return {k: _tidy(value[k]) for k in early + late}


def profile_to_yaml(profile: Profile, *, header: str | None = None) -> str:
    """The profile as YAML that :func:`toolkit.load_profile` reads back unchanged."""
    data = _tidy(dump_plain(profile))
    data.pop("$schema", None)
    data = {"schema_version": profile.schema_version, **data}
    body = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )
    lead = "".join(f"# {line}\n" if line else "#\n" for line in (header or "").splitlines())
    return lead + body


def to_json(data: Any) -> str:
    """Pretty, stable JSON with a final newline."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
