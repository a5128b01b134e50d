"""JSON: the data of a report or a job description, for other programs."""

from __future__ import annotations

import json

from toolkit.documents.context import Document
from toolkit.errors import UserError
from toolkit.formats.settings import Settings


def render(doc: Document, settings: Settings) -> bytes:
    """``doc``'s JSON data, indented, in UTF-8.

    Raises:
        UserError: for a kind that has no JSON form.
    """
    to_json = getattr(doc, "to_json", None)
    if to_json is None:
        raise UserError(f"a {doc.kind} has no JSON form")
    return (json.dumps(to_json(), indent=2, ensure_ascii=False) + "\n").encode()
