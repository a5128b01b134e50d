"""Read YAML and JSON into plain data plus the position of every node, refusing what is unsafe.

YAML here never changes a value behind the writer's back: every scalar stays text
(``NO``, ``01234``, ``1:30`` and ``3.10`` arrive as written) and the models decide what a
field means. Anchors, aliases, custom tags, duplicate keys and complex keys are refused,
and size, depth and node count are capped. JSON refuses duplicate keys and ``NaN``.

Both parsers return a :class:`Located` document: the data, and for each field path the
line and column of its key and of its value, so any later error can point at the file.
"""

from __future__ import annotations

import bisect
import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from toolkit.errors import InputError, Issue, NotFoundError

PathT = tuple[str | int, ...]
Format = Literal["yaml", "json"]

MAX_BYTES = 2 * 1024 * 1024
"""The largest input file read (2 MiB: a long CV is under 100 KiB)."""
MAX_DEPTH = 40
MAX_NODES = 50_000
"""Values in one profile; a real one has a few thousand, and refusing takes ~1.7 s at most."""


@dataclass(frozen=True, slots=True)
class Pos:
    """A 1-based line and column."""

    line: int
    column: int


@dataclass
class Located:
    """Parsed data and where each part of it stands in the source text."""

    data: Any
    source: str | None
    values: dict[PathT, Pos] = field(default_factory=dict)
    keys: dict[PathT, Pos] = field(default_factory=dict)

    def position(self, path: PathT, *, key: bool = False) -> Pos | None:
        """The position of ``path``, or of its nearest located ancestor."""
        table = self.keys if key else self.values
        if path in table:
            return table[path]
        for cut in range(len(path) - 1, -1, -1):
            prefix = path[:cut]
            if prefix in self.values:
                return self.values[prefix]
        return None


def _issue(
    message: str,
    source: str | None,
    pos: Pos | None = None,
    hint: str | None = None,
    path: PathT = (),
) -> Issue:
    return Issue(
        message,
        path=path,
        file=source,
        line=pos.line if pos else None,
        column=pos.column if pos else None,
        hint=hint,
    )


# --- bytes -> text --------------------------------------------------------------------------


def _other_unicode(raw: bytes) -> str | None:
    """``UTF-16``/``UTF-32`` when the bytes are plainly one of them (BOM or NUL pattern)."""
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    head = raw[:64]
    zeros = head.count(0) / max(len(head), 1)
    if len(head) < 8 or zeros < 0.4:
        return None
    # ASCII text: three NULs in four bytes in UTF-32, one in two in UTF-16
    return f"UTF-{32 if zeros >= 0.7 else 16} (without a byte-order mark)"


def decode(raw: bytes, source: str | None) -> str:
    """Strict UTF-8 (a UTF-8 BOM is dropped); other encodings get a located error."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    else:
        other = _other_unicode(raw)
        if other:
            raise InputError(
                [
                    _issue(
                        f"the file is {other}, not UTF-8",
                        source,
                        Pos(1, 1),
                        "save it as UTF-8 (most editors offer this under 'Save as' or 'Encoding')",
                    )
                ],
                source,
            )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        line_start = before[before.rfind(b"\n") + 1 :]
        column = len(line_start.decode("utf-8", "replace")) + 1  # characters, not bytes
        byte = raw[exc.start]
        raise InputError(
            [
                _issue(
                    f"the file is not UTF-8 (byte 0x{byte:02X} cannot start or continue "
                    "a UTF-8 character)",
                    source,
                    Pos(line, column),
                    "save the file as UTF-8; it was probably written as Latin-1 or Windows-1252",
                )
            ],
            source,
        ) from None


def read_bytes(path: Path, source: str | None = None, max_bytes: int = MAX_BYTES) -> bytes:
    """Read a file, refusing one larger than ``max_bytes`` before reading it whole."""
    src = source or str(path)
    try:
        # O_NONBLOCK: opening a named pipe (or a device) must not wait for a writer
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise NotFoundError(f"{src}: no such file") from None
    except IsADirectoryError:
        raise NotFoundError(f"{src}: is a folder, not a file") from None
    except PermissionError:
        raise NotFoundError(f"{src}: permission denied") from None
    except OSError as exc:
        raise NotFoundError(f"{src}: cannot be read ({exc.strerror or exc})") from None
    kind = os.fstat(fd).st_mode
    if not stat.S_ISREG(kind):
        os.close(fd)
        if stat.S_ISDIR(kind):
            raise NotFoundError(f"{src}: is a folder, not a file")
        raise NotFoundError(f"{src}: is not a regular file (a pipe, socket or device); give a file")
    with os.fdopen(fd, "rb") as fh:
        raw = fh.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise InputError(
            [
                _issue(
                    f"the file is larger than {max_bytes // 1024} KiB",
                    src,
                    None,
                    "a profile is plain text and much smaller; check you picked the right file",
                )
            ],
            src,
        )
    return raw


# --- YAML -----------------------------------------------------------------------------------

_NULLS = {"", "~", "null", "Null", "NULL"}
# Characters YAML does not allow in a stream (printable set of YAML 1.1, plus surrogates).
_YAML_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"
)
_ALLOWED_TAGS = {
    None,
    "!",
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


_FAST_LOADER: Any = getattr(yaml, "CSafeLoader", None)
"""libyaml's parser, when PyYAML was built with it (its wheels are): about 30 times faster
than the pure-Python one. It reads the files the toolkit ships, which tests show it reads
exactly as the pure-Python parser does, and a user's file only when :func:`_reads_the_same`
finds none of the constructs on which the two differ; a syntax error is always explained by
the pure-Python parser, so a profile reads the same on a machine without libyaml."""

# Where libyaml and the pure-Python parser part ways (tests/test_yaml_engines.py and
# tests/test_startup.py hold each case): libyaml takes a tab after a value, which the
# pure-Python parser refuses; it places explicit ``?`` keys, the empty value of a flow
# mapping (``{a: , b: 1}``), a directive line (``%TAG``) and a byte-order mark inside the text
# one column or line elsewhere.
_NOT_FOR_LIBYAML = re.compile(r"[\t\ufeff{]|^%|(?:^|[\s\[,])\?(?:[\s]|$)", re.MULTILINE)


def _reads_the_same(text: str) -> bool:
    """True when libyaml reads ``text`` exactly as the pure-Python parser does: it holds none
    of the constructs on which they differ (a shortcut: ``TOOLKIT_NO_SHORTCUTS`` turns it
    off)."""
    if os.environ.get("TOOLKIT_NO_SHORTCUTS", "") not in ("", "0"):
        return False
    return _NOT_FOR_LIBYAML.search(text) is None


def load_shipped(text: str) -> Any:
    """Plain ``yaml.safe_load`` for data files the toolkit ships (locales, themes, JD data),
    with libyaml's parser when PyYAML has it."""
    return yaml.load(text, Loader=_FAST_LOADER or yaml.SafeLoader)


class _YamlBuilder:
    """Build plain data from PyYAML's event stream, recording marks and refusing what is unsafe."""

    def __init__(self, text: str, source: str | None, *, fast: bool = False) -> None:
        self.loader = (_FAST_LOADER if fast and _FAST_LOADER else yaml.SafeLoader)(text)
        self.text = text
        self.source = source
        self.doc = Located(None, source)
        self.issues: list[Issue] = []
        self.nodes = 0
        self.syntax_error = False

    def _pos(self, mark: Any) -> Pos:
        return Pos(mark.line + 1, mark.column + 1)

    def _line_before(self, mark: Any) -> str:
        """The text of the mark's line before the mark."""
        if mark is None:
            return ""
        lines = self.text.splitlines()
        return lines[mark.line][: mark.column] if mark.line < len(lines) else ""

    def _refuse(self, message: str, event: Any, hint: str, path: PathT) -> None:
        self.issues.append(_issue(message, self.source, self._pos(event.start_mark), hint, path))

    def build(self) -> Located:
        try:
            self.loader.get_event()  # StreamStart
            if self.loader.check_event(yaml.StreamEndEvent):
                self.doc.data = None
                return self.doc
            self.loader.get_event()  # DocumentStart
            self.doc.data = self._node((), 0)
            self.loader.get_event()  # DocumentEnd
            if not self.loader.check_event(yaml.StreamEndEvent):
                event = self.loader.peek_event()
                self._refuse(
                    "the file holds more than one YAML document",
                    event,
                    "remove the '---' line and everything after it, or split the file",
                    (),
                )
        except yaml.MarkedYAMLError as exc:
            self.syntax_error = True
            mark = exc.problem_mark or exc.context_mark
            problem = exc.problem or exc.context or "YAML syntax error"
            self.issues.append(
                _issue(
                    f"YAML syntax error: {problem}",
                    self.source,
                    self._pos(mark) if mark else None,
                    _yaml_hint(problem, self._line_before(mark)),
                )
            )
        except yaml.YAMLError as exc:  # reader errors: control characters in the stream
            self.syntax_error = True
            self.issues.append(
                _issue(
                    f"YAML error: {exc}",
                    self.source,
                    None,
                    "remove invisible control characters from the file",
                )
            )
        except _TooBig as exc:
            self.issues.append(_issue(str(exc), self.source, exc.pos, _SIMPLER))
        finally:
            self.loader.dispose()
        return self.doc

    def _node(self, path: PathT, depth: int) -> Any:
        event = self.loader.get_event()
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _TooBig(f"the file has more than {MAX_NODES} values", self._pos(event.start_mark))
        if depth > MAX_DEPTH:
            raise _TooBig(
                f"the file nests deeper than {MAX_DEPTH} levels", self._pos(event.start_mark)
            )
        self.doc.values.setdefault(path, self._pos(event.start_mark))
        if isinstance(event, yaml.AliasEvent):
            self._refuse(
                f"YAML aliases (*{event.anchor}) are not allowed",
                event,
                "write the value out in full instead of referring to an anchor",
                path,
            )
            return None
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            self._refuse(
                f"YAML anchors (&{anchor}) are not allowed",
                event,
                "remove the '&' anchor; write repeated values out in full",
                path,
            )
        tag = getattr(event, "tag", None)
        if tag not in _ALLOWED_TAGS:
            self._refuse(
                f"YAML tags ({tag}) are not allowed",
                event,
                "remove the '!'-tag; values are read as plain text",
                path,
            )
        if isinstance(event, yaml.ScalarEvent):
            plain = not event.style and tag is None  # libyaml's plain style is "", PyYAML's None
            if plain and event.value in _NULLS:
                return None
            return event.value
        if isinstance(event, yaml.SequenceStartEvent):
            items: list[Any] = []
            while not self.loader.check_event(yaml.SequenceEndEvent):
                items.append(self._node((*path, len(items)), depth + 1))
            self.loader.get_event()
            return items
        if isinstance(event, yaml.MappingStartEvent):
            mapping: dict[str, Any] = {}
            while not self.loader.check_event(yaml.MappingEndEvent):
                key_event = self.loader.peek_event()
                key_pos = self._pos(key_event.start_mark)
                if not isinstance(key_event, yaml.ScalarEvent):
                    self._refuse(
                        "a key must be a plain name, not a list or mapping",
                        key_event,
                        "use a simple word as the key",
                        path,
                    )
                    self._node((*path, "?"), depth + 1)
                    self._node((*path, "?"), depth + 1)
                    continue
                key = self._node((*path, "?key"), depth + 1)
                if key is None:
                    self._refuse(
                        "a key is empty", key_event, "write the field name before ':'", path
                    )
                    self._node((*path, "?"), depth + 1)
                    continue
                if key in mapping:
                    first = self.doc.keys.get((*path, key))
                    where = f" (first at line {first.line})" if first else ""
                    self._refuse(
                        f"the key '{key}' appears twice in this mapping{where}",
                        key_event,
                        "keep one of the two; YAML would silently drop one",
                        (*path, key),
                    )
                    self._node((*path, "?dup"), depth + 1)
                    continue
                self.doc.keys[(*path, key)] = key_pos
                mapping[key] = self._node((*path, key), depth + 1)
            self.loader.get_event()
            return mapping
        raise yaml.YAMLError(f"unexpected {type(event).__name__}")  # pragma: no cover


class _TooBig(Exception):
    def __init__(self, message: str, pos: Pos) -> None:
        super().__init__(message)
        self.pos = pos


def _yaml_hint(problem: str, before: str = "") -> str:
    if "tab" in problem or "'\\t'" in problem:
        if before.strip():  # after a value, not in the indentation
            return "remove the tab after the value (use spaces)"
        return "indent with spaces, not tabs"
    if "mapping values are not allowed" in problem:
        return "put text that contains ': ' in quotes"
    if "could not find expected ':'" in problem:
        return "each field is 'name: value'; check the line above for a missing ':' or quote"
    if "expected <block end>" in problem:
        return "check the indentation: items of one list or mapping must line up"
    return "check the quoting and indentation around this line"


def parse_yaml(text: str, source: str | None = None, *, shipped: bool = False) -> Located:
    """Parse YAML text safely into plain data with positions.

    Args:
        shipped: the text is a file the toolkit ships; read it with libyaml when PyYAML has
            it (see :data:`_FAST_LOADER`). Other text is read with libyaml when it holds
            nothing on which the two parsers differ; a syntax error is always reported in
            the pure-Python parser's words.

    Raises:
        InputError: on syntax errors or refused constructs (every one found).
    """
    bad = _YAML_FORBIDDEN.search(text)
    if bad:  # PyYAML's reader refuses these before parsing, without a line: say where
        before = text[: bad.start()]
        line = before.count("\n") + 1
        column = bad.start() - (before.rfind("\n") + 1) + 1
        raise InputError(
            [
                _issue(
                    f"the file contains the invisible control character U+{ord(bad.group()):04X}",
                    source,
                    Pos(line, column),
                    "delete it (it often comes from text pasted out of a PDF or Word)",
                )
            ],
            source,
        )
    fast = _FAST_LOADER is not None and (shipped or _reads_the_same(text))
    builder = _YamlBuilder(text, source, fast=fast)
    doc = builder.build()
    if builder.syntax_error and fast:  # say it in the words the hints expect
        builder = _YamlBuilder(text, source, fast=False)
        doc = builder.build()
    if builder.issues:
        raise InputError(builder.issues, source)
    return doc


# --- JSON -----------------------------------------------------------------------------------

_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")
_WS = re.compile(r"[ \t\n\r]*")


_SIMPLER = "a profile is far smaller; simplify the file"


class _JsonError(Exception):
    def __init__(self, message: str, offset: int, hint: str | None = None) -> None:
        super().__init__(message)
        self.offset = offset
        self.hint = hint


class _JsonParser:
    """A small recursive-descent JSON parser that records where every value and key starts."""

    def __init__(self, text: str, source: str | None) -> None:
        self.text = text
        self.doc = Located(None, source)
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.nodes = 0
        self.issues: list[Issue] = []

    def pos(self, offset: int) -> Pos:
        line = bisect.bisect_right(self.line_starts, offset) - 1
        return Pos(line + 1, offset - self.line_starts[line] + 1)

    def skip(self, i: int) -> int:
        return _WS.match(self.text, i).end()  # type: ignore[union-attr]

    def parse(self) -> Located:
        i = self.skip(0)
        self.doc.data, i = self.value(i, (), 0)
        i = self.skip(i)
        if i != len(self.text):
            raise _JsonError("extra text after the JSON value", i, "remove it")
        return self.doc

    def value(self, i: int, path: PathT, depth: int) -> tuple[Any, int]:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _JsonError(f"the file has more than {MAX_NODES} values", i, _SIMPLER)
        if depth > MAX_DEPTH:
            raise _JsonError(f"the file nests deeper than {MAX_DEPTH} levels", i, _SIMPLER)
        self.doc.values.setdefault(path, self.pos(i))
        if i >= len(self.text):
            raise _JsonError("the file ends too early", i, "a bracket or quote is missing")
        ch = self.text[i]
        if ch == "{":
            return self.obj(i + 1, path, depth)
        if ch == "[":
            return self.arr(i + 1, path, depth)
        if ch == '"':
            return self.string(i)
        for word, val in (("true", True), ("false", False), ("null", None)):
            if self.text.startswith(word, i):
                return val, i + len(word)
        for word in ("NaN", "Infinity", "-Infinity"):
            if self.text.startswith(word, i):
                raise _JsonError(f"{word} is not valid JSON", i, "write the number as text")
        m = _NUMBER.match(self.text, i)
        if m:
            num = m.group()
            if len(num) > 100:
                raise _JsonError("the number is too long", i, "write it as text in quotes")
            value: float | int = float(num) if any(c in num for c in ".eE") else int(num)
            if value in (float("inf"), float("-inf")):
                raise _JsonError("the number is too large", i, "write it as text in quotes")
            return value, m.end()
        raise _JsonError(f"unexpected character {ch!r}", i, _json_hint(ch))

    def string(self, i: int) -> tuple[str, int]:
        try:
            return json.decoder.scanstring(self.text, i + 1, True)  # type: ignore[attr-defined,no-any-return]
        except json.JSONDecodeError as exc:
            raise _JsonError(exc.msg.lower(), exc.pos, "check the quotes and backslashes") from None

    def obj(self, i: int, path: PathT, depth: int) -> tuple[dict[str, Any], int]:
        out: dict[str, Any] = {}
        i = self.skip(i)
        if self.text.startswith("}", i):
            return out, i + 1
        while True:
            i = self.skip(i)
            if not self.text.startswith('"', i):
                raise _JsonError(
                    "expected a quoted key",
                    i,
                    "keys are in double quotes; a trailing comma is not allowed",
                )
            key_at = i
            key, i = self.string(i)
            i = self.skip(i)
            if not self.text.startswith(":", i):
                raise _JsonError("expected ':' after the key", i, 'write it as "key": value')
            value, i = self.value(self.skip(i + 1), (*path, key), depth + 1)
            if key in out:
                first = self.doc.keys[(*path, key)]
                self.issues.append(
                    _issue(
                        f"the key '{key}' appears twice in this object "
                        f"(first at line {first.line})",
                        self.doc.source,
                        self.pos(key_at),
                        "keep one of the two; JSON readers silently drop one",
                        (*path, key),
                    )
                )
            else:
                self.doc.keys[(*path, key)] = self.pos(key_at)
                out[key] = value
            i = self.skip(i)
            if self.text.startswith(",", i):
                i += 1
                continue
            if self.text.startswith("}", i):
                return out, i + 1
            raise _JsonError("expected ',' or '}'", i, "a comma may be missing")

    def arr(self, i: int, path: PathT, depth: int) -> tuple[list[Any], int]:
        out: list[Any] = []
        i = self.skip(i)
        if self.text.startswith("]", i):
            return out, i + 1
        while True:
            value, i = self.value(self.skip(i), (*path, len(out)), depth + 1)
            out.append(value)
            i = self.skip(i)
            if self.text.startswith(",", i):
                i += 1
                continue
            if self.text.startswith("]", i):
                return out, i + 1
            raise _JsonError("expected ',' or ']'", i, "a comma may be missing")


def _json_hint(ch: str) -> str:
    if ch == "'":
        return "JSON needs double quotes"
    if ch in "}]":
        return "remove the trailing comma before it"
    if ch == "/":
        return "JSON has no comments"
    return "check the JSON syntax here"


def parse_json(text: str, source: str | None = None) -> Located:
    """Parse JSON text into plain data with positions, refusing duplicate keys and NaN.

    Raises:
        InputError: on syntax errors, duplicate keys, or limits exceeded.
    """
    parser = _JsonParser(text, source)
    try:
        doc = parser.parse()
    except _JsonError as exc:
        raise InputError(
            [
                *parser.issues,
                _issue(f"JSON syntax error: {exc}", source, parser.pos(exc.offset), exc.hint),
            ],
            source,
        ) from None
    if parser.issues:
        raise InputError(parser.issues, source)
    return doc


def sniff_format(text: str, name: str | None = None) -> Format:
    """Pick the parser: by file extension, else JSON when the text starts with ``{``."""
    if name:
        suffix = Path(name).suffix.lower()
        if suffix == ".json":
            return "json"
        if suffix in (".yaml", ".yml"):
            return "yaml"
    return "json" if text.lstrip().startswith(("{", "[")) else "yaml"


def parse_text(
    text: str, fmt: Format | Literal["auto"] = "auto", source: str | None = None
) -> Located:
    """Parse YAML or JSON text (``auto``: by the source's extension, else by content).

    Raises:
        InputError: for a syntax error (located), or a text over :data:`MAX_BYTES`.
    """
    if len(text) > MAX_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise InputError(
            [
                _issue(
                    f"the text is larger than {MAX_BYTES // 1024} KiB",
                    source,
                    None,
                    "a profile is plain text and much smaller; check you gave the right text",
                )
            ],
            source or "<input>",
        )
    if fmt == "auto":
        fmt = sniff_format(text, source)
    return parse_json(text, source) if fmt == "json" else parse_yaml(text, source)
