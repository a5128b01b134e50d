"""Load a letter file (YAML): the addressee, the tone and the person's own paragraphs."""

from __future__ import annotations

from pathlib import Path

from toolkit.errors import InputError
from toolkit.load.profile import validate_document
from toolkit.load.sources import decode, parse_yaml, read_bytes
from toolkit.models.letter import LetterOptions, placeholder_issues


def load_letter_options(path: str | Path) -> LetterOptions:
    """Load and check a letter file.

    Raises:
        InputError: every problem at once (fields, unknown placeholders), each located.
        NotFoundError: if the file does not exist.
    """
    source = str(path)
    text = decode(read_bytes(Path(path), source), source)
    doc = parse_yaml(text, source)
    options = validate_document(doc, LetterOptions)
    lines: list[tuple[int | None, int | None]] = []
    for n in range(len(options.paragraphs)):
        pos = doc.position(("paragraphs", n))
        lines.append((pos.line, pos.column) if pos else (None, None))
    options = options.located(source, tuple(lines))
    issues = placeholder_issues(options)
    if issues:
        raise InputError(issues, source)
    return options
