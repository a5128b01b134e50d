"""What the Markdown and plain-text formats share: escaping, and the lines of a resume entry."""

from __future__ import annotations

import re
from urllib.parse import quote

from toolkit.documents.context import Item, Section

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|])")


def md_escape(text: str) -> str:
    """Escape what Markdown would read as markup; a leading ``-``/``+``/``1.`` too."""
    out = _MD_SPECIAL.sub(r"\\\1", text)
    return re.sub(r"^(\s*)([-+]|\d+\.)(\s)", r"\1\\\2\3", out)


def _md_url(url: str) -> str:
    """A link target that cannot end the link early: brackets, spaces and the like encoded."""
    return quote(url, safe=":/?#@!$&'*+,;=%~-._")


def _title_line(item: Item, sep: str = ", ") -> str:
    return item.title + (f"{sep}{item.subtitle}" if item.subtitle else "")


def _when_where(item: Item) -> str | None:
    parts = [p for p in (item.dates, item.location) if p]
    return " · ".join(parts) or None


def _compact_line(item: Item, comma: str = ", ") -> str:
    parts = [_title_line(item, comma)]
    if item.dates:
        parts.append(item.dates)
    parts.extend(item.details)
    line = " · ".join(parts)
    return line + (f" — {item.summary}" if item.summary else "")


def _skills_line(item: Item) -> str:
    head = item.title + (f" ({item.subtitle})" if item.subtitle else "")
    return head + (f": {', '.join(item.keywords)}" if item.keywords else "")


def _inline(section: Section) -> str:
    return " · ".join(i.title + (f" ({i.subtitle})" if i.subtitle else "") for i in section.items)
