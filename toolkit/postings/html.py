"""Saved HTML pages: the page's visible text, or its JSON-LD JobPosting when that is fuller.

The page is read into blocks by :mod:`toolkit.postings.markup`. When it embeds a schema.org
JobPosting, its hints are taken, its description stands in for the body unless the body already
carries it (a page that is mostly chrome around the posting loses to the data), and its
list-valued sections the text lacks are added under headings.
"""

from __future__ import annotations

import re
from typing import Any

from toolkit.errors import InputError
from toolkit.load.sources import parse_json
from toolkit.postings.jsonld import _find_jobposting, _jobposting_parts, _section_lines
from toolkit.postings.markup import _parse_html
from toolkit.postings.raw import RawPosting, _finish, _Hints, _key, _render, log

_SCRIPT_WRAPPER = re.compile(r"^\s*+(?:<!--|//\s*+<!\[CDATA\[)|(?:-->|//\s*+\]\]>)\s*+$")
"""The ``<!--`` or ``//<![CDATA[`` that old pages wrap a script in (possessive: linear)."""


def _read_html(text: str, source: str | None) -> RawPosting:
    parser = _parse_html(text, source)
    body = list(_render(parser.blocks))
    posting: dict[str, Any] | None = None
    for script in parser.scripts:
        script = _SCRIPT_WRAPPER.sub("", script)
        try:
            data = parse_json(script.strip(), f"{source or 'input'} (JSON-LD)").data
        except InputError as exc:
            log.warning("%s: a JSON-LD block was skipped: %s", source or "input", exc.issues[-1])
            continue
        posting = _find_jobposting(data)
        if posting is not None:
            break
    if posting is None:
        return _finish(body, "html", source, _Hints(url=parser.canonical))
    hints, description, sections = _jobposting_parts(posting)
    hints.url = hints.url or parser.canonical
    lines = body if _body_carries(body, description) else description
    return _finish(lines + _section_lines(sections, lines), "html", source, hints)


def _body_carries(body: list[str], description: list[str]) -> bool:
    """Whether the page body holds the posting (not mostly page chrome around it)."""
    if not description:
        return True
    if not body:
        return False
    keys = {_key(line) for line in body}
    found = sum(_key(line) in keys for line in description) / len(description)
    described = sum(map(len, description))
    return found >= 0.8 and described >= 0.5 * sum(map(len, body))
