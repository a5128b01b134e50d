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
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str)


def profile_to_yaml(profile: Profile, *, header: str | None = None) -> str:
    """The profile as YAML that :func:`toolkit.load_profile` reads back unchanged."""
    data = dump_plain(profile)
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
