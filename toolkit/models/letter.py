"""The letter file: who a cover letter goes to, its tone, and paragraphs of the person's own.

A letter file is optional YAML next to a profile::

    hiring_manager: Dana Rivera
    company: Lakeshore Valley Medical Center
    company_address: [1200 Lakeshore Drive NE, "Grand Rapids, MI 49503"]
    advertised_in: your careers site
    tone: warm
    paragraphs:
      - I would be glad to bring this work to {company}.

A custom paragraph may name ``{role}``, ``{company}``, ``{hiring_manager}`` and
``{my_name}``; ``{{`` and ``}}`` write a literal brace. A placeholder is its name alone: a
format spec or conversion (``{company:>40}``, ``{company!r}``) is refused, since a width
there would pad the letter with as many spaces as it says. An unknown placeholder, or one
with a spec, is an error when the file is loaded; a known one whose value is nowhere to be
found (``{company}`` with no company in the file or the posting) is an error when the
letter is built. Both name the paragraph's line.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import Literal

from pydantic import Field, PrivateAttr

from toolkit.errors import InputError, Issue
from toolkit.models.common import LongText, Model, ShortText

Tone = Literal["formal", "warm", "concise"]

PLACEHOLDERS: tuple[str, ...] = ("role", "company", "hiring_manager", "my_name")
"""The names a custom paragraph may use in braces."""


class Recipient(Model):
    """The person the letter is addressed to."""

    name: ShortText | None = None
    title: ShortText | None = None
    """Their job title, e.g. ``HIM Manager``."""


class LetterOptions(Model):
    """What a letter file says: the addressee, the tone and the person's own paragraphs."""

    recipient: Recipient = Field(default_factory=Recipient)
    hiring_manager: ShortText | None = None
    """The name to greet, as it should be written (``Dana Rivera`` or ``Ms. Rivera``)."""
    company: ShortText | None = None
    """The employer; by default the posting's."""
    company_address: list[ShortText] = Field(default_factory=list)
    """Address lines, in the order they are printed."""
    advertised_in: ShortText | None = None
    """Where the posting was seen, e.g. ``your careers site`` or ``in the Grand Rapids Press``."""
    tone: Tone = "formal"
    paragraphs: list[LongText] = Field(default_factory=list)
    """Paragraphs added after the evidence, with ``{placeholders}`` filled."""
    closing: ShortText | None = None
    """The word before the signature; by default one that suits the tone."""
    signature: ShortText | None = None
    """The name under the letter; by default the profile's name."""
    role: ShortText | None = None
    """The role pack to read the posting with (e.g. ``medical-coder``); by default the
    posting's own."""

    _source: str | None = PrivateAttr(default=None)
    _paragraph_lines: tuple[tuple[int | None, int | None], ...] = PrivateAttr(default=())

    def located(
        self, source: str | None, lines: tuple[tuple[int | None, int | None], ...]
    ) -> LetterOptions:
        """A copy that remembers the file and the line and column of each paragraph."""
        copy = self.model_copy()
        copy._source = source
        copy._paragraph_lines = lines
        return copy

    def paragraph_issue(self, index: int, message: str, hint: str | None = None) -> Issue:
        """An issue about paragraph ``index``, located when the options came from a file."""
        line, column = (
            self._paragraph_lines[index] if index < len(self._paragraph_lines) else (None, None)
        )
        return Issue(
            message,
            path=("paragraphs", index),
            file=self._source,
            line=line,
            column=column,
            value=_short(self.paragraphs[index]),
            hint=hint,
        )

    def fill_paragraphs(self, values: Mapping[str, str | None]) -> tuple[str, ...]:
        """The custom paragraphs with their placeholders filled.

        Raises:
            InputError: naming every paragraph that uses an unknown placeholder or one
                whose value is unknown.
        """
        issues = placeholder_issues(self)
        out: list[str] = []
        for n, text in enumerate(self.paragraphs):
            names = _placeholders(text)
            if names is None:
                continue  # already reported
            empty = [name for name in names if name in PLACEHOLDERS and not values.get(name)]
            for name in dict.fromkeys(empty):
                issues.append(
                    self.paragraph_issue(
                        n,
                        f"the placeholder {{{name}}} has no value",
                        _EMPTY_HINTS.get(name),
                    )
                )
            if not empty and len(issues) == 0:
                out.append(text.format_map({k: v or "" for k, v in values.items()}))
        if issues:
            raise InputError(issues, self._source)
        return tuple(out)


_EMPTY_HINTS = {
    "company": "write 'company:' in the letter file, or give a posting that names the employer",
    "role": "give a posting with a job title, or write the role in the paragraph",
    "hiring_manager": "write 'hiring_manager:' in the letter file, or leave the placeholder out",
    "my_name": "give your name in the profile's basics",
}


def _short(text: str) -> str:
    return f"'{text}'" if len(text) <= 60 else f"'{text[:56]}…'"


def _fields(text: str) -> list[tuple[str, str, str | None]] | None:
    """Each placeholder in ``text`` as (name, format spec, conversion), or ``None`` when its
    braces do not parse."""
    try:
        return [
            (name, spec or "", conversion)
            for _, name, spec, conversion in string.Formatter().parse(text)
            if name is not None
        ]
    except ValueError:
        return None


def _placeholders(text: str) -> list[str] | None:
    """The placeholder names in ``text``, or ``None`` when its braces do not parse."""
    fields = _fields(text)
    return None if fields is None else [name for name, _, _ in fields]


def _written(name: str, spec: str, conversion: str | None) -> str:
    """A placeholder as the paragraph writes it, shortened when long."""
    shown = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
    return (shown if len(shown) <= 40 else shown[:38] + "…") + "}"


def placeholder_issues(options: LetterOptions) -> list[Issue]:
    """An issue for each paragraph with an unknown placeholder or unbalanced braces."""
    issues: list[Issue] = []
    known = ", ".join("{" + p + "}" for p in PLACEHOLDERS)
    for n, text in enumerate(options.paragraphs):
        fields = _fields(text)
        if fields is None:
            issues.append(
                options.paragraph_issue(
                    n, "a brace is not closed", "write {{ and }} for a literal brace"
                )
            )
            continue
        for name, spec, conversion in dict.fromkeys(fields):
            if spec or conversion is not None:
                issues.append(
                    options.paragraph_issue(
                        n,
                        f"the placeholder {_written(name, spec, conversion)} has a format "
                        "spec or conversion; a placeholder is its name alone",
                        f"write {{{name}}}, or {{{{ and }}}} for a literal brace",
                    )
                )
        for name in dict.fromkeys(name for name, _, _ in fields):
            if name not in PLACEHOLDERS:
                shown = "{" + name + "}" if name else "{}"
                issues.append(
                    options.paragraph_issue(
                        n, f"unknown placeholder {shown}", f"use one of {known}"
                    )
                )
    return issues
