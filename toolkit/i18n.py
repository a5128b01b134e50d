"""Locales: fixed phrases in the document's language, dates through Babel, page size by country.

Phrases live in ``toolkit/locales/messages.yaml``: a language (``fr``) and, where needed, a
regional variant (``en-GB``) that lists only what differs. An unknown language falls back
to English phrases while dates and numbers still follow the locale.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from importlib.resources import files
from typing import Literal

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton
from babel.lists import format_list

from toolkit.errors import UserError
from toolkit.load.sources import load_shipped
from toolkit.models.common import parse_partial_date

PageSize = Literal["a4", "letter"]

# Countries where Letter paper is the norm; everyone else uses A4.
LETTER_TERRITORIES = frozenset({"US", "CA", "MX", "PH", "CL", "CO"})
DEFAULT_LOCALE = "en-US"


@functools.cache
def _messages() -> dict[str, dict[str, str]]:
    text = files("toolkit").joinpath("locales/messages.yaml").read_text("utf-8")
    data: dict[str, dict[str, str]] = load_shipped(text)
    return data


def translated_languages() -> list[str]:
    """The languages and variants with phrases of their own, e.g. ``["de", "en", "en-GB"]``."""
    return sorted(_messages())


@dataclass(frozen=True)
class Localizer:
    """Phrases, dates and direction for one locale."""

    tag: str
    """The BCP 47 tag, e.g. ``en-GB``."""
    babel: Locale

    @property
    def language(self) -> str:
        """The language subtag, e.g. ``en``."""
        return str(self.babel.language)

    @property
    def territory(self) -> str | None:
        """The country, e.g. ``GB``, when the tag names one."""
        return self.babel.territory

    @property
    def rtl(self) -> bool:
        """Whether the script runs right to left."""
        return bool(self.babel.character_order == "right-to-left")

    def default_page_size(self) -> PageSize:
        """Letter in the US, Canada, Mexico, the Philippines, Chile and Colombia; else A4."""
        return "letter" if self.territory in LETTER_TERRITORIES else "a4"

    def raw(self, key: str) -> str:
        """The phrase ``key`` with its ``{placeholders}`` left in."""
        table = _messages()
        for name in (self.tag, self.language, "en"):
            phrases = table.get(name)
            if phrases and key in phrases:
                return phrases[key]
        raise KeyError(key)

    def text(self, key: str, **values: object) -> str:
        """The phrase ``key`` in this locale, with ``{placeholders}`` filled."""
        return self.raw(key).format(**values)

    def partial_date(self, value: str) -> str:
        """``2021-03`` as ``Mar 2021`` (``mars 2021``, ``März 2021`` …); ``present`` too."""
        if value == "present":
            return self.text("date.present")
        year, month, day = parse_partial_date(value)
        when = date(year, month or 1, day or 1)
        if month is None:
            return format_skeleton("y", when, locale=self.babel)
        if day is None:
            return format_skeleton("yMMM", when, locale=self.babel)
        return format_date(when, "medium", locale=self.babel)

    def date_range(self, start: str | None, end: str | None, *, open_ended: bool) -> str | None:
        """``Mar 2021 - Present`` (with the locale's dash); one side alone if only one is known."""
        if start is None and end is None:
            return None
        end_text = self.partial_date(end) if end else None
        if end_text is None and open_ended and start is not None:
            end_text = self.text("date.present")
        if start is None:
            return end_text
        start_text = self.partial_date(start)
        if end_text is None or end_text == start_text:
            return start_text
        return self.text("date.range", start=start_text, end=end_text)

    def long_date(self, when: date) -> str:
        """A full date for letters and metadata, e.g. ``27 November 2026``."""
        return format_date(when, "long", locale=self.babel)

    def join(self, items: list[str]) -> str:
        """Items joined the way the language lists them (``a, b and c`` in English)."""
        return format_list(items, style="standard", locale=self.babel) if items else ""


@functools.cache
def get_localizer(tag: str | None) -> Localizer:
    """The :class:`Localizer` for a BCP 47 tag such as ``fr-FR`` (default ``en-US``).

    Raises:
        UserError: if Babel does not know the locale.
    """
    tag = (tag or DEFAULT_LOCALE).replace("_", "-")
    try:
        babel = Locale.parse(tag, sep="-")
    except (UnknownLocaleError, ValueError):
        raise UserError(
            f"unknown locale '{tag}'; use a tag such as en-US, en-GB, fr-FR, de-DE or es-ES"
        ) from None
    return Localizer(tag, babel)
