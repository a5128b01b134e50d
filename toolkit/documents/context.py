"""The document context: the plain content every renderer draws from.

HTML (and so PDF), DOCX, Markdown and plain text all render the same context, so every
format carries the same entries in the same order. The context holds text, never markup.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal

Layout = Literal["text", "entries", "compact", "skills", "inline"]


@dataclass(frozen=True)
class Contact:
    """One contact detail in the header."""

    kind: Literal["email", "phone", "location", "website", "link", "profile"]
    text: str
    href: str | None = None
    label: str | None = None
    """A label for screen readers and plain text, e.g. ``LinkedIn``."""


@dataclass(frozen=True)
class Item:
    """One entry of a section: a job, a school, a credential, a skill group …"""

    title: str
    subtitle: str | None = None
    location: str | None = None
    dates: str | None = None
    url: str | None = None
    summary: str | None = None
    bullets: tuple[str, ...] = ()
    details: tuple[str, ...] = ()
    """Short facts shown after the title line, e.g. ``ID 1234567``, ``expires Apr 2027``."""
    keywords: tuple[str, ...] = ()
    priority: int = 0
    bullet_priorities: tuple[int, ...] = ()


@dataclass(frozen=True)
class Section:
    """A titled section."""

    id: str
    title: str
    layout: Layout
    items: tuple[Item, ...] = ()
    text: str | None = None


@dataclass(frozen=True)
class Person:
    """Who the document is about."""

    name: str
    headline: str | None = None
    contacts: tuple[Contact, ...] = ()
    photo: str | None = None
    """The photo as a ``data:image/jpeg;base64,...`` URL (re-encoded, with no EXIF)."""


@dataclass(frozen=True)
class Meta:
    """Document metadata: for the PDF info dictionary, DOCX core properties and HTML head."""

    title: str
    author: str
    lang: str
    date: str
    """ISO date of the document (``YYYY-MM-DD``)."""
    subject: str | None = None
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class DocumentContext:
    """Everything a renderer needs for one document."""

    kind: str
    person: Person
    sections: tuple[Section, ...]
    meta: Meta
    page_size: Literal["a4", "letter"]
    rtl: bool = False
    labels: dict[str, str] = field(default_factory=dict)
    theme: str = "plain"
    theme_options: dict[str, Any] = field(default_factory=dict)
    emphasis: tuple[str, ...] = ()
    """Words to set in bold where they occur (a posting's terms the profile shows)."""

    def to_data(self) -> dict[str, Any]:
        """The context as plain dicts, lists and strings (what user templates receive)."""
        return dataclasses.asdict(self)
