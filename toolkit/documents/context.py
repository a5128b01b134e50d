"""The document context: the plain content every renderer draws from.

HTML (and so PDF), DOCX, Markdown and plain text all render the same context, so every
format carries the same entries in the same order. The context holds text, never markup.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Self

if TYPE_CHECKING:
    from toolkit.documents.page import Page

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
    spare_details: int = 0
    """How many of the last ``details`` may go when space runs out (a school's course list)."""


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
class Document:
    """What every kind's context is: a :class:`~toolkit.documents.page.Page` and its content.

    Subclasses add the content of their kind and set :attr:`kind`. The read-only properties
    below reach into the page, so a renderer reads ``ctx.theme`` whatever the kind.
    """

    page: Page
    kind: ClassVar[str] = "document"

    @property
    def person(self) -> Person:
        return self.page.person

    @property
    def meta(self) -> Meta:
        return self.page.meta

    @property
    def theme(self) -> str:
        return self.page.theme

    @property
    def theme_options(self) -> dict[str, Any]:
        return self.page.theme_options

    @property
    def page_size(self) -> Literal["a4", "letter"]:
        return self.page.page_size

    @property
    def lang(self) -> str:
        return self.page.lang

    @property
    def rtl(self) -> bool:
        return self.page.rtl

    @property
    def labels(self) -> dict[str, str]:
        return self.page.labels

    def with_page(self, **changes: Any) -> Self:
        """A copy with some fields of the page changed (fitting changes theme options)."""
        return dataclasses.replace(self, page=dataclasses.replace(self.page, **changes))

    def content(self) -> dict[str, Any]:
        """The kind's own fields as plain data (the page left out)."""
        data = dataclasses.asdict(self)
        del data["page"]
        return data

    def to_data(self) -> dict[str, Any]:
        """Plain dicts, lists and strings: what templates receive (page fields at the top)."""
        return {**self.page.to_data(), "kind": self.kind, **self.content()}


@dataclass(frozen=True)
class DocumentContext(Document):
    """The resume: its sections, and the words to set in bold."""

    sections: tuple[Section, ...] = ()
    emphasis: tuple[str, ...] = ()
    """Words to set in bold where they occur (a posting's terms the profile shows)."""
    kind: ClassVar[str] = "resume"


ResumeContext = DocumentContext
