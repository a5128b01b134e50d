"""Section titles the person wrote, checked against the document's language.

A translated document takes its headings from the phrase tables
(``toolkit/locales/messages.yaml``), but a custom section's title and
``preferences.section_titles`` are the person's own words and stay as written: an English
"Memberships" in a German resume. This module notices such a title and warns, with the
place to translate it.

The language of a short title is told in two ways, both cautious (a title it cannot place
passes): by script (Latin letters in a Korean document, Hangul in an English one), and, in
the same script, by words that belong to another language's headings and to none of the
document's language's (``Publications`` is French as well as English, so it passes in a
French resume and is flagged in a German one).
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from collections.abc import Iterable

from babel import Locale
from babel.core import get_global

from toolkit.documents.context import Section
from toolkit.i18n import Localizer, get_localizer, translated_languages
from toolkit.models.profile import BUILTIN_SECTIONS, Profile

log = logging.getLogger("toolkit")

_SCRIPTS = {
    "Latn": ("LATIN",),
    "Cyrl": ("CYRILLIC",),
    "Grek": ("GREEK",),
    "Arab": ("ARABIC",),
    "Hebr": ("HEBREW",),
    "Hans": ("CJK",),
    "Hant": ("CJK",),
    "Jpan": ("CJK", "HIRAGANA", "KATAKANA"),
    "Kore": ("HANGUL", "CJK"),
    "Deva": ("DEVANAGARI",),
    "Beng": ("BENGALI",),
    "Taml": ("TAMIL",),
    "Thai": ("THAI",),
    "Geor": ("GEORGIAN",),
    "Armn": ("ARMENIAN",),
    "Ethi": ("ETHIOPIC",),
}
"""ISO 15924 script codes (as Babel gives them) and the first word of the Unicode names of
their letters."""

_SCRIPT_NAMES = {"CJK": "Han", "HIRAGANA": "kana", "KATAKANA": "kana"}

_ENGLISH_WORDS = frozenset(
    {
        "about",
        "accomplishments",
        "achievements",
        "activities",
        "additional",
        "affiliations",
        "and",
        "associations",
        "awards",
        "career",
        "certificates",
        "certifications",
        "clinical",
        "committees",
        "community",
        "competencies",
        "continuing",
        "core",
        "courses",
        "coursework",
        "credentials",
        "details",
        "education",
        "employment",
        "experience",
        "for",
        "history",
        "hobbies",
        "honors",
        "honours",
        "interests",
        "involvement",
        "key",
        "languages",
        "licenses",
        "licences",
        "memberships",
        "military",
        "objective",
        "of",
        "other",
        "patents",
        "personal",
        "presentations",
        "professional",
        "profile",
        "projects",
        "publications",
        "qualifications",
        "references",
        "relevant",
        "research",
        "selected",
        "skills",
        "speaking",
        "summary",
        "systems",
        "teaching",
        "technical",
        "the",
        "volunteer",
        "volunteering",
        "with",
        "work",
    }
)
"""English words of resume headings beyond the phrase table's own (English is what a
title the person wrote most often stays in). Words German, French or Spanish headings
borrow as they are (Tools, Training, Software, Highlights) are left out."""

_WORD = re.compile(r"[^\W\d_]+")


def _script(ch: str) -> str:
    """The first word of the character's Unicode name: ``LATIN``, ``CJK``, ``HANGUL`` ..."""
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0].split("-", 1)[0]


def _expected_scripts(loc: Localizer) -> tuple[str, ...]:
    """The scripts the document's language is written in, or () when not known."""
    code = loc.babel.script
    if code is None:
        likely = get_global("likely_subtags")
        full = likely.get(f"{loc.language}_{loc.territory}") or likely.get(loc.language, "")
        parts = str(full).split("_")
        code = parts[1] if len(parts) > 1 else None
    return _SCRIPTS.get(code or "", ())


def _language_name(language: str) -> str:
    return str(Locale.parse(language).get_display_name("en"))


@functools.cache
def _vocabularies() -> dict[str, frozenset[str]]:
    """The words of each translated language's headings, by language (``en``, ``fr`` ...)."""
    keys = [f"section.{s}" for s in BUILTIN_SECTIONS] + ["date.present", "document.resume"]
    words: dict[str, set[str]] = {"en": set(_ENGLISH_WORDS)}
    for tag in translated_languages():
        loc = get_localizer(tag)
        found = words.setdefault(loc.language, set())
        for key in keys:
            found.update(w for w in _WORD.findall(loc.raw(key).casefold()) if len(w) > 2)
    return {language: frozenset(found) for language, found in words.items()}


def _is_han(word: str) -> bool:
    return all(_script(ch) == "CJK" for ch in word)


def title_language(title: str, loc: Localizer) -> str | None:
    """What ``title`` seems written in when that is not the document's language: a
    language (``English``) or a script (``Latin script``); None when it fits, or when
    it cannot be told.

    Args:
        title: a section title the person wrote.
        loc: the document's locale.
    """
    expected = _expected_scripts(loc)
    # acronyms (ICD-10, EHR) read the same in any language
    words = [w for w in _WORD.findall(title) if not (w.isupper() and _script(w[0]) == "LATIN")]
    scripts = {_script(ch) for w in words for ch in w}
    if expected and scripts and not scripts & set(expected):
        if scripts <= {"HIRAGANA", "KATAKANA", "CJK"} and scripts - {"CJK"}:
            return "Japanese"
        if scripts <= {"HANGUL", "CJK"} and "HANGUL" in scripts:
            return "Korean"
        guess = _guess_by_words(words, loc.language)
        if guess is not None:
            return guess
        names = sorted({_SCRIPT_NAMES.get(s, s.capitalize()) for s in scripts})
        return " and ".join(names) + " script"
    return _guess_by_words(words, loc.language)


def _guess_by_words(words: list[str], language: str) -> str | None:
    """The language whose heading words the title uses, when the document's language
    has none of them; English first when several languages share the words."""
    vocabularies = _vocabularies()
    # Han words are Chinese and Japanese alike (資格), so they tell nothing
    tokens = {w.casefold() for w in words if not _is_han(w)}
    if not tokens or tokens & vocabularies.get(language, frozenset()):
        return None
    hits = {lang: len(tokens & v) for lang, v in vocabularies.items() if lang != language}
    best = max(hits.values(), default=0)
    if best == 0:
        return None
    if hits.get("en") == best:
        return _language_name("en")
    return _language_name(min(lang for lang, n in hits.items() if n == best))


def untranslated_titles(profile: Profile, sections: Iterable[Section], loc: Localizer) -> list[str]:
    """A warning for each section title the person wrote (``preferences.section_titles``
    or a custom section's title) that seems to be in another language than the document,
    each logged to the ``toolkit`` logger too.

    Args:
        profile: the profile the sections were built from.
        sections: the document's sections.
        loc: the document's locale.

    Returns:
        The warnings, each with a hint where to translate the title.
    """
    custom = {c.id: (n, c.title) for n, c in enumerate(profile.custom)}
    own = profile.preferences.section_titles
    warnings = []
    for section in sections:
        if own.get(section.id) == section.title:
            where = f"preferences.section_titles.{section.id}"
        elif section.id in custom and custom[section.id][1] == section.title:
            where = f"custom[{custom[section.id][0]}].title"
        else:
            continue  # a heading from the phrase table: already in the document's language
        found = title_language(section.title, loc)
        if found is None:
            continue
        document = _language_name(loc.language)
        message = (
            f"the section title '{section.title}' ({where}) seems to be in {found}, "
            f"but the document is in {document} ({loc.tag}); translate it, e.g. "
            f"preferences: {{section_titles: {{{section.id}: <the title in {document}>}}}}"
        )
        log.warning("%s", message)
        warnings.append(message)
    return warnings
