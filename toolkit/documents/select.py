"""Pick the entries and highlights of one variant from a master profile.

Rules, applied to every entry of every section and to every highlight:

- ``private: true`` is left out unless private content is asked for;
- anything carrying an excluded tag is left out;
- when tags are asked for, a *tagged* item stays only if it shares one of them; untagged
  items always stay, so a person tags only what is specific to one kind of application.

Highlights are then ordered by ``priority`` (higher first; ties keep the file's order).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from toolkit.models.common import Selectable
from toolkit.models.profile import BUILTIN_SECTIONS, Profile

S = TypeVar("S", bound=Selectable)

# Every list of entries in a profile: the built-in sections (the summary is text) and custom.
_SECTIONS = (*(s for s in BUILTIN_SECTIONS if s != "summary"), "custom")


def keeps(
    item: Selectable, *, tags: Sequence[str], exclude: Sequence[str], include_private: bool
) -> bool:
    """Whether one entry or highlight belongs in the variant."""
    if item.private and not include_private:
        return False
    if exclude and any(t in exclude for t in item.tags):
        return False
    return not (tags and item.tags and not any(t in tags for t in item.tags))


def _filter(items: Iterable[S], **rules: Any) -> list[S]:
    return [i for i in items if keeps(i, **rules)]


def _by_priority(items: list[S]) -> list[S]:
    return sorted(items, key=lambda i: -i.priority)


def select(
    profile: Profile,
    *,
    tags: Sequence[str] = (),
    exclude: Sequence[str] = (),
    include_private: bool = False,
) -> Profile:
    """A copy of ``profile`` holding only what this variant shows.

    Args:
        profile: the master profile.
        tags: keep tagged items only when they carry one of these.
        exclude: drop items carrying any of these.
        include_private: keep items marked private.
    """
    rules = {"tags": list(tags), "exclude": list(exclude), "include_private": include_private}
    update: dict[str, Any] = {}
    for name in _SECTIONS:
        entries = []
        for entry in _filter(getattr(profile, name), **rules):
            changes: dict[str, Any] = {}
            if "highlights" in type(entry).model_fields:
                changes["highlights"] = _by_priority(_filter(entry.highlights, **rules))
            if name == "custom":
                changes["entries"] = _filter(entry.entries, **rules)
            entries.append(entry.model_copy(update=changes) if changes else entry)
        update[name] = entries
    return profile.model_copy(update=update)
