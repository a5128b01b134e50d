"""Pick the entries and highlights of one variant from a master profile.

Rules, applied to every selectable item at every level (entries of every section, custom
sections, their entries, and the highlights of any of them):

- ``private: true`` is left out unless private content is asked for;
- anything carrying an excluded tag is left out;
- when tags are asked for, a *tagged* item stays only if it shares one of them; untagged
  items always stay, so a person tags only what is specific to one kind of application.

Highlights are then ordered by ``priority`` (higher first; ties keep the file's order).

This is the one privacy filter: :func:`toolkit.documents.page.prepare` runs it for every
document kind, and matching only ever sees what it returns. The selected profile remembers
where each kept item stands in the file (:meth:`Profile.file_path`), so evidence can point
at the person's own lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel

from toolkit.models.common import Selectable
from toolkit.models.profile import BUILTIN_SECTIONS, Profile

Path = tuple[str | int, ...]

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


class _Selector:
    def __init__(self, tags: Sequence[str], exclude: Sequence[str], include_private: bool):
        self.rules: dict[str, Any] = {
            "tags": list(tags),
            "exclude": list(exclude),
            "include_private": include_private,
        }
        self.origins: dict[Path, Path] = {}

    def items(self, items: list[Any], new: Path, old: Path) -> list[Any]:
        """The kept items of a list, each with its own lists selected in turn."""
        kept = [(n, i) for n, i in enumerate(items) if keeps(i, **self.rules)]
        if new[-1] == "highlights":  # stable: ties keep the file's order
            kept.sort(key=lambda pair: -pair[1].priority)
        out = []
        for k, (n, item) in enumerate(kept):
            self.origins[(*new, k)] = (*old, n)
            out.append(self.entry(item, (*new, k), (*old, n)))
        return out

    def entry(self, item: BaseModel, new: Path, old: Path) -> Any:
        """``item`` with every list of selectable things inside it selected."""
        changes: dict[str, Any] = {}
        for name in type(item).model_fields:
            value = getattr(item, name)
            if isinstance(value, list) and value and isinstance(value[0], Selectable):
                changes[name] = self.items(value, (*new, name), (*old, name))
        return item.model_copy(update=changes) if changes else item


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
    selector = _Selector(tags, exclude, include_private)
    update = {name: selector.items(getattr(profile, name), (name,), (name,)) for name in _SECTIONS}
    chosen = profile.model_copy(update=update)
    # a profile selected twice still points at the master's lines
    chosen._origins = {new: profile.file_path(old) for new, old in selector.origins.items()}
    return chosen
