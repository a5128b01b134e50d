"""Options of a render: theme and its settings, page, locale, selection and the document date.

Theme settings end up in CSS, so each one is checked by a strict pattern or range here:
no value can close a rule or call ``url()``.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field

from toolkit.models.common import Model, Tag

HexColor = Annotated[str, Field(pattern=r"^#[0-9A-Fa-f]{6}$")]
"""A colour as ``#RRGGBB``."""

FontName = Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9 -]{0,39}$")]
"""A font family name: letters, digits, spaces and dashes only."""

ThemeName = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]{0,39}$")]


class ThemeOptions(Model):
    """Settings a theme exposes; a theme gives defaults and the bounds fitting may use."""

    accent_color: HexColor | None = None
    """Headings and rules, e.g. ``#1F5F8B``."""
    font_family: FontName | None = None
    """A font the theme bundles or the system has, e.g. ``Source Sans 3``."""
    base_size: Annotated[float, Field(ge=7.5, le=14)] | None = None
    """Body text size in points."""
    margin: Annotated[float, Field(ge=6, le=40)] | None = None
    """Page margin in millimetres."""
    line_height: Annotated[float, Field(ge=1.0, le=2.0)] | None = None
    """Line spacing as a multiple of the font size."""
    section_gap: Annotated[float, Field(ge=0, le=3)] | None = None
    """Space above each section heading, in multiples of the line."""
    date_column: bool | None = None
    """Dates and place right-aligned beside each entry's title (as RenderCV's classic theme
    sets them), rather than on a line of their own under it."""


class DocumentOptions(Model):
    """How to make one document from a profile (defaults come from the profile's preferences)."""

    theme: ThemeName | None = None
    theme_options: ThemeOptions = Field(default_factory=ThemeOptions)
    page_size: Literal["a4", "letter"] | None = None
    locale: Annotated[str, Field(pattern=r"^[a-zA-Z]{2,3}([-_][A-Za-z0-9]{2,8})*$")] | None = None
    tags: list[Tag] = Field(default_factory=list)
    """Keep tagged entries and highlights only when they carry one of these tags."""
    exclude_tags: list[Tag] = Field(default_factory=list)
    """Drop entries and highlights that carry any of these tags."""
    include_private: bool = False
    """Keep what the profile marks ``private: true``."""
    document_date: date | None = None
    """The date shown in documents and metadata (default: today)."""
    max_pages: Annotated[int, Field(ge=1, le=10)] | None = None
    """Fit the document to this many pages."""
    allow_dropping: bool = False
    """When fitting, also leave out the lowest-priority bullets."""
    emphasize: bool = False
    """When tailoring to a posting, set the posting's terms in bold where the resume has them."""
    photo: bool = True
    """Show the profile's photo (when it has one) in the PDF, HTML and DOCX resume."""
