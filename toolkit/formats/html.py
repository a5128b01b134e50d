"""HTML through Jinja: autoescaped, strict, and sandboxed when a user brings templates.

Templates are found in this order: the user's ``--templates`` folder, the theme's folder,
then ``templates/_base/``. A same-named file earlier in the list wins, so a user can
replace one macro file or stylesheet and keep the rest. Templates and stylesheets are read
by content through :class:`SafeLoader` (no symlinks, nothing outside the folders, a size
cap, strict UTF-8), and they only ever receive plain data.

With a user's folder in play every template runs in :class:`BoundedSandbox`: Jinja's
immutable sandbox, plus caps on what a template may build (one string, one list, the page
and the whole render), checked before the value is built wherever its size is known in
advance. Whatever a template raises comes out as a :class:`~toolkit.errors.TemplateError`
naming the template and, when Jinja knows it, the line; and the links of its HTML keep
only the schemes a document needs (:func:`safe_links`).
"""

from __future__ import annotations

import codecs
import contextlib
import contextvars
import functools
import hashlib
import html as html_entities
import json
import os
import re
import stat
import sys
import traceback
import types
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sized
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import jinja2
import jinja2.bccache
import markupsafe
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame, optimizeconst
from jinja2.environment import TemplateModule
from jinja2.exceptions import SecurityError
from jinja2.filters import make_attrgetter
from jinja2.runtime import Context, markup_join
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedFormatter
from jinja2.utils import Namespace
from markupsafe import EscapeFormatter

from toolkit.documents.context import Document
from toolkit.errors import NotFoundError, TemplateError
from toolkit.formats.settings import Settings
from toolkit.formats.themes import load_theme, resolved_options, stylesheet_prelude, templates_root
from toolkit.i18n import get_localizer
from toolkit.models.cache import cache_folder, read_entry, write_entry
from toolkit.models.options import ThemeOptions

T = TypeVar("T")

MAX_TEMPLATE_BYTES = 256 * 1024
"""The largest template or stylesheet read from a templates folder."""
MAX_TEXT = 1 << 20
"""The longest string a user template may build, in characters: one value, or the output
of one macro, block or ``{% set %}`` (the built-in pages are under 50,000; a photo is under
400,000)."""
MAX_ITEMS = 100_000
"""The most items one list, tuple or dict built by a user template may hold (as many as
Jinja's sandbox lets ``range`` make)."""
MAX_OUTPUT = 4 << 20
"""The longest page a user template may render, in characters."""
MAX_BUILT = 64 << 20
"""All one render of user templates may build: characters, plus 8 for each list item."""
MAX_PIECES = 1 << 20
"""The most pieces one macro, block or page may be written in."""
MAX_INT_BITS = 1 << 14
"""The largest integer a user template may compute (about 4,900 digits)."""

_BUILT: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar(
    "toolkit_template_built", default=None
)
"""What the current render of user templates has built so far (a one-item list)."""


class SafeLoader(jinja2.BaseLoader):
    """Load templates from folders by name, refusing links, ``..`` and oversized files."""

    def __init__(self, folders: list[Path]) -> None:
        self.folders = [f.resolve() for f in folders]
        self.served: dict[str, str] = {}
        """The name of each file served, by its path (to name templates in errors)."""

    def find(self, name: str) -> Path | None:
        """The first file called ``name`` in the search folders."""
        parts = Path(name).parts
        if not name or Path(name).is_absolute() or ".." in parts:
            return None
        for folder in self.folders:
            candidate = folder / name
            if candidate.is_symlink() or not candidate.is_file():
                continue
            if not candidate.resolve().is_relative_to(folder):
                continue
            return candidate
        return None

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        path = self.find(template)
        if path is None:
            raise jinja2.TemplateNotFound(template)
        source = read_text_file(path, template, "template")
        mtime = path.stat().st_mtime
        self.served[str(path)] = template
        return source, str(path), lambda: path.stat().st_mtime == mtime

    def read(self, name: str, what: str) -> str | None:
        """The text of the first file called ``name``, read as a template is; ``None`` when
        no folder has it."""
        path = self.find(name)
        return None if path is None else read_text_file(path, name, what)


def read_text_file(path: Path, name: str, what: str = "template") -> str:
    """The text of a template or stylesheet: a regular file (a link is refused even when it
    appears between the check and the read), at most :data:`MAX_TEMPLATE_BYTES`, strict
    UTF-8 (a byte-order mark is dropped).

    Raises:
        TemplateError: naming the file (and the line of a byte that is not UTF-8).
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise TemplateError(
            f"the {what} cannot be read ({exc.strerror or exc})", template=name
        ) from None
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise TemplateError(f"the {what} is not a regular file", template=name)
        raw = fh.read(MAX_TEMPLATE_BYTES + 1)
    if len(raw) > MAX_TEMPLATE_BYTES:
        raise TemplateError(
            f"the {what} is larger than {MAX_TEMPLATE_BYTES // 1024} KiB", template=name
        )
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TemplateError(
            f"the {what} is not UTF-8 text (byte 0x{raw[exc.start]:02X} cannot start or "
            "continue a UTF-8 character); save it as UTF-8",
            template=name,
            line=raw.count(b"\n", 0, exc.start) + 1,
        ) from None


def search_folders(theme: str, user_templates: Path | None) -> list[Path]:
    """The folders templates are looked up in, most specific first."""
    folders = [templates_root() / theme, templates_root() / "_base"]
    if user_templates is not None:
        if not user_templates.is_dir():
            raise NotFoundError(f"{user_templates}: no such templates folder")
        folders.insert(0, user_templates)
    return folders


def emphasize(text: str, terms: Any) -> markupsafe.Markup:
    """Escape ``text``, set each of ``terms`` in ``<strong>`` where it occurs as words, and
    keep codes and identifiers whole (see :func:`keep`)."""
    escaped = str(markupsafe.escape(text))
    words = sorted({str(t) for t in terms or () if str(t).strip()}, key=len, reverse=True)
    if words:
        pattern = re.compile(
            r"(?<![\w&])("
            + "|".join(re.escape(str(markupsafe.escape(w))) for w in words)
            + r")(?![\w])",
            re.IGNORECASE,
        )
        escaped = pattern.sub(r'<strong class="match">\1</strong>', escaped)
    return markupsafe.Markup(_unbroken(escaped))


_CODE = re.compile(
    r"(?<![\w&;#-])(?=[\w/-]*(?:\d|[A-Z]{2}|[A-Z]/[A-Z]))[A-Za-z0-9]+(?:[-/][A-Za-z0-9]+)+"
    r"(?![\w-])"
)
"""A code or an identifier a line must not break inside: ICD-10-CM, MS-DRG, RRMC-ROI-0417,
E/M, 45-60 (a lower-case compound such as release-of-information may break)."""
_TAG = re.compile(r"(<[^>]*>)")


def _unbroken(escaped: str) -> str:
    """``escaped`` HTML with each code in its text (never inside a tag) kept on one line."""
    parts = _TAG.split(escaped)
    for n in range(0, len(parts), 2):
        parts[n] = _CODE.sub(r'<span class="nobr">\g<0></span>', parts[n])
    return "".join(parts)


def keep(text: str) -> markupsafe.Markup:
    """Escape ``text`` and keep its codes and identifiers whole ("ID RRMC-ROI-0417")."""
    return markupsafe.Markup(_unbroken(str(markupsafe.escape(text))))


def column_width(*texts: str | None) -> str:
    """The width, in em, that the longest of ``texts`` takes on one line, a little
    generously (a wide character counts double): what the date and place column reserves
    beside an entry's title, so the title wraps before it (laying the column out as a grid
    or flex box would cost a third of the layout)."""
    widths = [
        sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.58 for ch in text)
        for text in texts
        if text
    ]
    return f"{max(widths, default=0) + 0.4:.1f}em"


def jsonld_script(data: Any) -> markupsafe.Markup:
    """JSON for a ``<script>`` element: ``</`` written ``<\\/`` and ``<!--`` broken up."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    text = text.replace("</", "<\\/").replace("<!--", "<\\u0021--")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return markupsafe.Markup(text)


# --- the bounded sandbox ----------------------------------------------------------------------


def _refuse(message: str) -> NoReturn:
    raise SecurityError(message)


def _check_length(what: str, size: int, cap: int = MAX_TEXT) -> None:
    if size > cap:
        _refuse(f"{what} would be longer than {cap:,} characters")


def _check_count(what: str, count: int) -> None:
    if count > MAX_ITEMS:
        _refuse(f"{what} would hold more than {MAX_ITEMS:,} items")


def _charge(units: int) -> None:
    """Count ``units`` against what the current render may build in all."""
    spent = _BUILT.get()
    if spent is not None:
        spent[0] += units
        if spent[0] > MAX_BUILT:
            _refuse(f"the templates build more than {MAX_BUILT >> 20} Mi characters in all")


def _built(value: T) -> T:
    """``value``, once checked against the caps and counted (a template just built it)."""
    if isinstance(value, str | bytes):
        _check_length("a value", len(value))
        _charge(len(value))
    elif isinstance(value, list | tuple | dict | set | frozenset):
        _check_count("a value", len(value))
        _charge(8 * len(value))
    return value


_CONTAINERS: tuple[type, ...] = (
    list,
    tuple,
    set,
    frozenset,
    type({}.keys()),
    type({}.values()),
    type({}.items()),
)
_END = object()


def _children(item: object) -> Iterator[object] | None:
    if isinstance(item, dict):
        return (part for pair in item.items() for part in pair)
    if isinstance(item, Namespace):
        attrs: dict[str, object] = object.__getattribute__(item, "_Namespace__attrs")
        return (part for pair in attrs.items() for part in pair)
    if isinstance(item, _CONTAINERS):
        contents: Iterable[object] = item  # type: ignore[assignment]  # a tuple of types
        return iter(contents)
    return None


def _size_hint(value: object, limit: int = MAX_TEXT, indent: int = 0) -> int:
    """About how many characters ``str(value)`` (or its JSON, indented by ``indent``) has:
    exact for a string, within a small factor for other values, and never counted far
    past ``limit`` (a shared or cyclic structure is walked only until then)."""
    if isinstance(value, str | bytes):
        return len(value)
    total = 0
    stack: list[tuple[Iterator[object], int]] = [(iter((value,)), 0)]
    while stack and total <= limit:
        items, depth = stack[-1]
        item = next(items, _END)
        if item is _END:
            stack.pop()
            continue
        total += 2 + indent * depth
        if isinstance(item, str | bytes):
            total += len(item)
        elif isinstance(item, bool) or item is None:
            total += 5
        elif isinstance(item, int):
            total += item.bit_length() // 3 + 1
        elif isinstance(item, float):
            total += 24
        elif isinstance(item, TemplateModule):
            total += sum(map(len, getattr(item, "_body_stream", ())))
        else:
            children = _children(item)
            if children is None:
                total += 64
            else:
                stack.append((children, depth + 1))
    return total


def _check_text(value: object, what: str, indent: int = 0) -> None:
    """Refuse a value whose text would be longer than :data:`MAX_TEXT`."""
    _check_length(what, _size_hint(value, indent=indent))


def _escaped_len(text: object) -> int:
    """The length of ``escape(text)``, counted without building it."""
    if isinstance(text, markupsafe.Markup):
        return len(text)
    if not isinstance(text, str):
        return 5 * _size_hint(text)
    quotes = text.count("&") + text.count('"') + text.count("'")
    return len(text) + 4 * quotes + 3 * (text.count("<") + text.count(">"))


def _take(items: Iterable[Any], what: str) -> list[Any]:
    """``items`` as a list, refused once it passes :data:`MAX_ITEMS`."""
    if isinstance(items, Sized):
        _check_count(what, len(items))
    out: list[Any] = []
    for item in items:
        out.append(item)
        if len(out) > MAX_ITEMS:
            _check_count(what, len(out))
    return out


def _bounded_iter(items: Iterator[Any]) -> Iterator[Any]:
    """``items``, refused once it has given :data:`MAX_ITEMS`."""
    for count, item in enumerate(items, 1):
        if count > MAX_ITEMS:
            _check_count("a sequence", count)
        yield item


_DIGITS = re.compile(r"\d+")


def _number(text: str, start: int) -> tuple[int, int]:
    """The decimal number at ``text[start:]`` and where it ends (0 when there is none)."""
    match = _DIGITS.match(text, start)
    if match is None:
        return 0, start
    if len(match.group()) > 9:
        _refuse(f"a width or precision of {len(match.group())} digits")
    return int(match.group()), match.end()


def _percent_size(fmt: str, args: Any, escaped: bool) -> int:
    """How long ``fmt % args`` can be: the text, each width and precision, each value."""
    values = args if isinstance(args, tuple) else (args,)
    mapping = args if hasattr(args, "__getitem__") and not isinstance(args, tuple | str) else None
    factor = 5 if escaped else 1
    seen: dict[int, int] = {}
    position = 0
    total = 0
    i, n = 0, len(fmt)

    def next_value() -> Any:
        nonlocal position
        position += 1
        return values[position - 1] if position <= len(values) else None

    def size_of(value: Any, conversion: str) -> int:
        if isinstance(value, float) and conversion in "fF":
            return 330  # '%f' % 1e308 writes all 309 digits
        key = id(value)
        if key not in seen:
            seen[key] = _size_hint(value)
        return seen[key] * factor

    while True:
        j = fmt.find("%", i)
        if j < 0 or j + 1 >= n:
            total += n - i
            break
        total += j - i
        i = j + 1
        key = None
        if fmt[i] == "(":
            depth, k = 1, i + 1
            while k < n and depth:
                depth += {"(": 1, ")": -1}.get(fmt[k], 0)
                k += 1
            key, i = fmt[i + 1 : k - 1], k
        while i < n and fmt[i] in "-+ #0":
            i += 1
        if i < n and fmt[i] == "*":
            star, i = next_value(), i + 1
            width = star if isinstance(star, int) else 0
        else:
            width, i = _number(fmt, i)
        precision = 0
        if i < n and fmt[i] == ".":
            if i + 1 < n and fmt[i + 1] == "*":
                star, i = next_value(), i + 2
                precision = star if isinstance(star, int) else 0
            else:
                precision, i = _number(fmt, i + 1)
        while i < n and fmt[i] in "hlL":
            i += 1
        conversion = fmt[i] if i < n else ""
        i += 1
        _check_length("a '%' format", max(width, precision))
        if conversion == "%":
            total += 1 + width
            continue
        if key is not None:
            try:
                value = mapping[key] if mapping is not None else None
            except Exception:
                value = None
        else:
            value = next_value()
        total += width + precision + size_of(value, conversion)
        _check_length("a '%' format", total)
    return total


class _BoundedFormatter(SandboxedFormatter):
    """``str.format`` for user templates: each field's width and precision, and the text
    built so far, checked before the field is formatted."""

    _built = 0

    def vformat(self, format_string: str, args: Any, kwargs: Any) -> str:
        self._built = 0
        return super().vformat(format_string, args, kwargs)

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        if conversion is not None:
            _check_text(value, "a '{}' format field")
        return super().convert_field(value, conversion)

    def format_field(self, value: Any, format_spec: str) -> Any:
        widths = 0
        for digits in _DIGITS.findall(format_spec):
            if len(digits) > 9:
                _refuse(f"a width or precision of {len(digits)} digits")
            widths += int(digits)
        _check_length("a '{}' format", self._built + widths + _size_hint(value))
        text = super().format_field(value, format_spec)
        self._built += len(text)
        _check_length("a '{}' format", self._built)
        return text


class _BoundedEscapeFormatter(_BoundedFormatter, EscapeFormatter):
    pass


def _param(args: tuple[Any, ...], kwargs: Mapping[str, Any], index: int, name: str) -> Any:
    return args[index] if len(args) > index else kwargs.get(name)


def _width(value: Any) -> int:
    if isinstance(value, str):
        return len(value)
    return value if isinstance(value, int) else 0


def _str_method(owner: str | bytes, name: str, args: tuple[Any, ...], kwargs: Any) -> Any:
    """Check a call of a string method before it runs; return its arguments (``join``'s
    iterable read into a list, so it is read once)."""
    n = len(owner)
    escape = isinstance(owner, markupsafe.Markup)
    what = f"{type(owner).__name__}.{name}()"
    if name in ("center", "ljust", "rjust", "zfill"):
        _check_length(what, _width(_param(args, kwargs, 0, "width")))
    elif name == "expandtabs":
        tabs = owner.count(b"\t") if isinstance(owner, bytes) else owner.count("\t")
        size = _param(args, kwargs, 0, "tabsize")
        _check_length(what, n + tabs * (8 if size is None else _width(size)))
    elif name == "replace" and len(args) >= 2:
        old, new = args[0], args[1]
        if escape:
            old, new = markupsafe.escape(old), markupsafe.escape(new)
        kind = bytes if isinstance(owner, bytes) else str
        if not (isinstance(old, kind) and isinstance(new, kind)):
            return args  # str and bytes mixed: the call itself says so
        text = owner.decode("latin-1") if isinstance(owner, bytes) else owner
        old = old.decode("latin-1") if isinstance(old, bytes) else str(old)
        hits = text.count(old) if old else n + 1
        limit = args[2] if len(args) > 2 else kwargs.get("count", -1)
        if isinstance(limit, int) and limit >= 0:
            hits = min(hits, limit)
        _check_length(what, n + hits * max(0, len(new) - len(old)))
    elif name == "join" and args:
        items = _take(args[0], what)
        measure = _escaped_len if escape else _size_hint
        _check_length(what, sum(map(measure, items)) + n * max(0, len(items) - 1))
        return (items, *args[1:])
    elif name in ("split", "rsplit", "splitlines") and n > MAX_ITEMS:
        text = owner if isinstance(owner, str) else owner.decode("latin-1")
        sep = _param(args, kwargs, 0, "sep") if name != "splitlines" else None
        if name == "splitlines":
            pieces = _count(_LINE_BREAKS, text) + 1
        elif isinstance(sep, str | bytes) and sep:
            pieces = text.count(sep if isinstance(sep, str) else sep.decode("latin-1")) + 1
        else:
            pieces = _count(_WORDS, text)
        most = _param(args, kwargs, 1, "maxsplit")
        if name != "splitlines" and isinstance(most, int) and most >= 0:
            pieces = min(pieces, most + 1)
        _check_count(what, pieces)
    elif name in ("translate", "maketrans"):
        _refuse(f"{what} is not available in templates")
    elif name in ("encode", "hex"):
        _check_length(what, 4 * n)
    return args


_WORDS = re.compile(r"\S+")
_LINE_BREAKS = re.compile("\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def _count(pattern: re.Pattern[str], text: str) -> int:
    """How many times ``pattern`` matches ``text`` (nothing is built)."""
    return sum(1 for _ in pattern.finditer(text))


def _check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse an operation whose result would pass the caps, before it is computed."""
    if operator == "*":
        for seq, times in ((left, right), (right, left)):
            if isinstance(times, int) and isinstance(seq, str | bytes):
                _check_length("a repeated string", len(seq) * max(times, 0))
            elif isinstance(times, int) and isinstance(seq, list | tuple):
                _check_count("a repeated list", len(seq) * max(times, 0))
        ints = isinstance(left, int) and isinstance(right, int)
        if ints and left.bit_length() + right.bit_length() > MAX_INT_BITS:
            _refuse(f"a product of more than {MAX_INT_BITS:,} bits")
    elif operator == "**":
        ints = isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1
        if ints and left.bit_length() * right > MAX_INT_BITS:
            _refuse(f"a power of more than {MAX_INT_BITS:,} bits")
    elif operator == "+":
        if isinstance(left, str) and isinstance(right, str):
            left_markup = isinstance(left, markupsafe.Markup)
            if left_markup != isinstance(right, markupsafe.Markup):
                _check_length("a sum of strings", _escaped_len(left) + _escaped_len(right))
            else:
                _check_length("a sum of strings", len(left) + len(right))
        elif isinstance(left, bytes) and isinstance(right, bytes):
            _check_length("a sum of strings", len(left) + len(right))
        elif isinstance(left, list | tuple) and isinstance(right, list | tuple):
            _check_count("a sum of lists", len(left) + len(right))
    elif operator == "%":
        if isinstance(left, bytes):
            _refuse("'%' formatting of bytes is not available in templates")
        if isinstance(left, str):
            _percent_size(left, right, isinstance(left, markupsafe.Markup))


# Checks run before a filter, by the filter's name: (value, args, kwargs, what Jinja passes
# first, or None) -> a replacement value, or None to keep it.
FilterCheck = Callable[[Any, tuple[Any, ...], Mapping[str, Any], Any], Any]
_BREAKS = re.compile(r"[\s-]")


def _filter_center(value: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any], _: Any) -> None:
    width = _param(args, kwargs, 0, "width")
    _check_length("center", max(_size_hint(value), _width(80 if width is None else width)))


def _filter_indent(value: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any], _: Any) -> None:
    width = _param(args, kwargs, 0, "width")
    width = _width(4 if width is None else width)
    _check_length("indent", width)
    size = _size_hint(value)
    lines = value.count("\n") + 1 if isinstance(value, str) else size + 1
    _check_length("indent", size + lines * width)


def _filter_wordwrap(value: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any], _: Any) -> None:
    width = _param(args, kwargs, 0, "width")
    width = max(_width(79 if width is None else width), 1)
    wrap = _param(args, kwargs, 2, "wrapstring")
    size = _size_hint(value)
    text = value if isinstance(value, str) else ""
    breaks = len(text) - len(_BREAKS.sub("", text)) if text else size
    lines = min(size + 1, size // width + breaks + 1)
    _check_length("wordwrap", size + lines * (len(wrap) if isinstance(wrap, str) else 1))


def _filter_replace(value: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any], ctx: Any) -> None:
    old, new = _param(args, kwargs, 0, "old"), _param(args, kwargs, 1, "new")
    count = _param(args, kwargs, 2, "count")
    if ctx.autoescape:
        if (hasattr(old, "__html__") or hasattr(new, "__html__")) and not hasattr(
            value, "__html__"
        ):
            value = markupsafe.escape(value)
        else:
            value = markupsafe.soft_str(value)
    else:
        value = str(value)
    if isinstance(value, markupsafe.Markup):
        old, new = markupsafe.escape(old), markupsafe.escape(new)
    else:
        old, new = str(old), str(new)
    hits = value.count(old) if old else len(value) + 1
    if isinstance(count, int) and count >= 0:
        hits = min(hits, count)
    _check_length("replace", len(value) + hits * max(0, len(new) - len(old)))


def _filter_format(value: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any], _: Any) -> None:
    _check_text(value, "format")
    text = markupsafe.soft_str(value)
    _percent_size(text, dict(kwargs) or args, isinstance(text, markupsafe.Markup))


def _filter_join(value: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any], ctx: Any) -> Any:
    items = _take(value, "join")
    sep = _param(args, kwargs, 0, "d")
    sep = "" if sep is None else sep
    attribute = _param(args, kwargs, 1, "attribute")
    shown = items
    if attribute is not None:
        shown = list(map(make_attrgetter(ctx.environment, attribute), items))
    escape = ctx.autoescape and (
        hasattr(sep, "__html__") or any(hasattr(i, "__html__") for i in shown)
    )
    measure = _escaped_len if escape else _size_hint
    size = sum(map(measure, shown)) + measure(str(sep)) * max(0, len(shown) - 1)
    _check_length("join", size)
    return items


def _filter_sum(value: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any], ctx: Any) -> Any:
    items = _take(value, "sum")
    attribute = _param(args, kwargs, 0, "attribute")
    start = _param(args, kwargs, 1, "start")
    shown = items
    if attribute is not None:
        shown = list(map(make_attrgetter(ctx, attribute), items))
    sized = [x for x in (start, *shown) if isinstance(x, list | tuple | str | bytes)]
    _check_count("sum", sum(map(len, sized)))
    return items


def _filter_count(name: str, index: int, param: str) -> FilterCheck:
    def check(value: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any], _: Any) -> None:
        _check_count(name, _width(_param(args, kwargs, index, param)))

    return check


def _filter_list(value: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any], _: Any) -> None:
    if isinstance(value, Sized):
        _check_count("list", len(value))


def _filter_json(indent: int) -> FilterCheck:
    def check(value: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any], _: Any) -> None:
        step = _param(args, kwargs, 0, "indent") if indent < 0 else indent
        step = _width(step)
        if step > 16:
            _refuse("an indent of more than 16 in JSON")
        _check_text(value, "the JSON", indent=step)

    return check


def _filter_urlize(value: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any], _: Any) -> None:
    _check_text(value, "urlize")
    text = str(value)
    extra = 64
    for index, name in ((2, "target"), (3, "rel")):
        given = _param(args, kwargs, index, name)
        extra += _size_hint(given) if given is not None else 0
    _check_length("urlize", _escaped_len(text) + len(text) + _count(_WORDS, text) * extra)


def _filter_escape(value: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any], _: Any) -> None:
    _check_length("escape", _escaped_len(value))


def _filter_text(value: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any], _: Any) -> None:
    _check_text(value, "a filter's text")


def _filter_emphasize(value: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any], _: Any) -> None:
    _check_text(value, "emphasize")
    _check_length("the terms to emphasize", _size_hint(_param(args, kwargs, 0, "terms")), 1 << 16)


_FILTER_CHECKS: dict[str, FilterCheck] = {
    "center": _filter_center,
    "indent": _filter_indent,
    "wordwrap": _filter_wordwrap,
    "replace": _filter_replace,
    "format": _filter_format,
    "join": _filter_join,
    "sum": _filter_sum,
    "batch": _filter_count("batch", 0, "linecount"),
    "slice": _filter_count("slice", 0, "slices"),
    "list": _filter_list,
    "tojson": _filter_json(-1),
    "jsonld_script": _filter_json(2),
    "pprint": _filter_json(1),
    "urlize": _filter_urlize,
    "e": _filter_escape,
    "escape": _filter_escape,
    "forceescape": _filter_escape,
    "emphasize": _filter_emphasize,
    "keep": _filter_text,
    **{
        name: _filter_text
        for name in (
            "capitalize",
            "lower",
            "upper",
            "title",
            "trim",
            "striptags",
            "truncate",
            "wordcount",
            "string",
            "urlencode",
            "safe",
            "xmlattr",
        )
    },
}


def _bounded_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """``func`` with its own check before it runs and the caps on what it returns."""
    check = _FILTER_CHECKS.get(name)
    skip = 0 if getattr(func, "jinja_pass_arg", None) is None else 1

    @functools.wraps(func)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        if check is not None and len(args) > skip:
            first = args[0] if skip else None
            replaced = check(args[skip], args[skip + 1 :], kwargs, first)
            if replaced is not None:
                args = (*args[:skip], replaced, *args[skip + 1 :])
        result = func(*args, **kwargs)
        if isinstance(result, Iterator):
            return _bounded_iter(result)
        return _built(result)

    return bounded


def _finalize(value: Any) -> Any:
    """Every ``{{ value }}``: a value that is not text must not print longer than the cap."""
    if not isinstance(value, str):
        _check_text(value, "a value written out")
    return value


class _BoundedNamespace(Namespace):
    """``namespace()``, whose values (the one thing a loop can keep) stay under the cap."""

    def __setitem__(self, name: str, value: Any) -> None:
        _check_text(value, "a namespace value")
        super().__setitem__(name, value)


class _Buffer(list[str]):
    """The output of a macro, block or ``{% set %}`` while it is written: capped as it grows."""

    __slots__ = ("_size",)

    def __init__(self) -> None:
        super().__init__()
        self._size = 0

    def _grow(self, size: int, count: int) -> None:
        self._size += size
        _check_length("the output of a macro or block", self._size)
        if len(self) + count > MAX_PIECES:
            _refuse(f"the output of a macro or block is written in more than {MAX_PIECES:,} pieces")

    def append(self, piece: str, /) -> None:
        self._grow(len(piece), 1)
        super().append(piece)

    def extend(self, pieces: Iterable[str], /) -> None:
        added = tuple(pieces)
        self._grow(sum(map(len, added)), len(added))
        super().extend(added)


class _BoundedCodeGenerator(CodeGenerator):
    """Jinja's code generator with two changes: a macro's or block's output is collected in a
    :class:`_Buffer`, and ``a ~ b`` is checked before it is joined."""

    def buffer(self, frame: Frame) -> None:
        frame.buffer = self.temporary_identifier()
        self.writeline(f"{frame.buffer} = environment.new_buffer()")

    @optimizeconst
    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        if frame.eval_ctx.volatile:
            func_name = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            func_name = "markup_join"
        else:
            func_name = "str_join"
        self.write(f"environment.checked_join({func_name}, (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, with caps on what a user template may build.

    One string (a value, or the output of a macro, block or ``{% set %}``) holds at most
    :data:`MAX_TEXT` characters, one list, tuple or dict at most :data:`MAX_ITEMS` items,
    the page at most :data:`MAX_OUTPUT` characters, an integer at most
    :data:`MAX_INT_BITS` bits, and one render builds at most :data:`MAX_BUILT` in all.
    Operators, calls, filters, ``~``, ``str.format`` and ``%`` are checked before they
    build their result wherever its size is known in advance (repetition, widths, padding,
    joins, replacements, counts); the filters that re-encode a value (escaping, JSON,
    ``pprint``, ``urlencode``) have their input checked, and their result once built (at
    most a dozen times the input). A refusal raises Jinja's ``SecurityError``.
    ``lipsum`` is gone from the globals, and ``namespace`` keeps its values under the cap.
    """

    intercepted_binops = frozenset({"+", "-", "*", "/", "//", "%", "**"})
    code_generator_class = _BoundedCodeGenerator

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(finalize=_finalize, **kwargs)
        self.globals.pop("lipsum", None)
        self.globals["namespace"] = _BoundedNamespace

    def bound_filters(self) -> None:
        """Put every filter (the ones added since included) under the caps."""
        self.filters = {name: _bounded_filter(name, f) for name, f in self.filters.items()}

    def new_buffer(self) -> _Buffer:
        """Where the compiled templates collect a macro's or block's output."""
        return _Buffer()

    def concat(self, pieces: Iterable[str]) -> str:
        """Join output: a macro's or block's (a list) or the page (a generator), capped."""
        page = not isinstance(pieces, list)
        cap, what = (MAX_OUTPUT, "the page") if page else (MAX_TEXT, "the output of a block")
        kept: list[str] = []
        size = 0
        for piece in pieces:
            size += len(piece)
            kept.append(piece)
            _check_length(what, size, cap)
            if len(kept) > MAX_PIECES:
                _refuse(f"{what} is written in more than {MAX_PIECES:,} pieces")
        _charge(size)
        return "".join(kept)

    def checked_join(self, join: Callable[[Iterable[Any]], str], parts: tuple[Any, ...]) -> str:
        """``a ~ b ~ …``, checked before it is joined."""
        escape = join is markup_join and any(hasattr(p, "__html__") for p in parts)
        measure = _escaped_len if escape else _size_hint
        _check_length("a '~' join", sum(map(measure, parts)))
        return _built(join(parts))

    def call(self, context: Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        owner = getattr(obj, "__self__", None)
        if isinstance(owner, str | bytes):
            args = _str_method(owner, getattr(obj, "__name__", ""), args, kwargs)
        return _built(super().call(context, obj, *args, **kwargs))

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        _check_binop(operator, left, right)
        return _built(self.binop_table[operator](left, right))

    def getitem(self, obj: Any, argument: Any) -> Any:
        value = super().getitem(obj, argument)
        return _built(value) if isinstance(argument, slice) else value

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """``str.format`` and ``format_map`` through :class:`_BoundedFormatter`."""
        if not isinstance(value, types.MethodType | types.BuiltinMethodType):
            return None
        if value.__name__ not in ("format", "format_map"):
            return None
        owner = value.__self__
        if not isinstance(owner, str):
            return None
        kind = type(owner)
        is_map = value.__name__ == "format_map"
        formatter: _BoundedFormatter
        if isinstance(owner, markupsafe.Markup):
            formatter = _BoundedEscapeFormatter(self, escape=owner.escape)
        else:
            formatter = _BoundedFormatter(self)

        def wrapper(*args: Any, **kwargs: Any) -> str:
            if is_map:
                if kwargs:
                    raise TypeError("format_map() takes no keyword arguments")
                if len(args) != 1:
                    raise TypeError(f"format_map() takes exactly one argument ({len(args)} given)")
                kwargs, args = args[0], ()
            return kind(formatter.vformat(owner, args, kwargs))

        return functools.update_wrapper(wrapper, value)


class CompiledTemplates(jinja2.BytecodeCache):
    """The built-in templates, compiled, kept between runs in the user's cache folder.

    An entry is named by a hash of everything its code depends on: Jinja's and Python's
    versions, how the environment compiles (:data:`_COMPILE_SETTINGS`), the template's name
    and path, and its source. An edited template is a new entry, never a stale one, and two
    runs writing the same entry write the same bytes (atomically: see
    :func:`~toolkit.models.cache.write_entry`). The folder is private to the user
    (:func:`~toolkit.models.cache.cache_folder`); a failure to read or write it only means the
    template is compiled again. Only the plain environment of the built-in templates keeps
    its code here, never the sandbox that runs a user's templates.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get_bucket(
        self, environment: jinja2.Environment, name: str, filename: str | None, source: str
    ) -> jinja2.bccache.Bucket:
        key = hashlib.sha256(
            repr((_COMPILE_SETTINGS, sys.version, name, filename, source)).encode()
        ).hexdigest()
        bucket = jinja2.bccache.Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = read_entry(self.folder, f"{bucket.key}.jinja")
        if data is not None:
            with contextlib.suppress(Exception):  # a damaged entry: compile again
                bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        write_entry(self.folder, f"{bucket.key}.jinja", bucket.bytecode_to_string())


_ENVIRONMENT_SETTINGS: dict[str, Any] = {
    "autoescape": True,
    "undefined": jinja2.StrictUndefined,
    "trim_blocks": False,
    "lstrip_blocks": False,
    "keep_trailing_newline": True,
}
_COMPILE_SETTINGS = (
    jinja2.__version__,
    "jinja2.Environment",
    tuple(sorted((k, getattr(v, "__qualname__", v)) for k, v in _ENVIRONMENT_SETTINGS.items())),
)
"""What the compiled code of the plain environment depends on, besides the template."""


@functools.cache
def _compiled_templates() -> CompiledTemplates | None:
    folder = cache_folder("templates")
    return CompiledTemplates(folder) if folder is not None else None


@functools.cache
def _environment(folders: tuple[Path, ...], sandboxed: bool) -> jinja2.Environment:
    cls = BoundedSandbox if sandboxed else jinja2.Environment
    env = cls(
        loader=SafeLoader(list(folders)),
        **_ENVIRONMENT_SETTINGS,
        auto_reload=sandboxed,
        # compiled templates from earlier runs: the built-in ones only (never the sandbox)
        bytecode_cache=None if sandboxed else _compiled_templates(),
    )
    env.filters["emphasize"] = emphasize
    env.filters["keep"] = keep
    env.filters["jsonld_script"] = jsonld_script
    env.globals["column_width"] = column_width
    if isinstance(env, BoundedSandbox):
        env.bound_filters()
    return env


def environment(theme: str, user_templates: Path | None = None) -> jinja2.Environment:
    """The Jinja environment for a theme (sandboxed whenever user templates are in play)."""
    folders = tuple(search_folders(theme, user_templates))
    return _environment(folders, user_templates is not None)


def stylesheet(
    env: jinja2.Environment,
    theme_name: str,
    options: ThemeOptions,
    *,
    lang: str,
    page_size: str,
    user_templates: Path | None = None,
) -> str:
    """The whole stylesheet: generated prelude, then ``base.css``, then ``theme.css``.

    A ``user_templates`` folder with a ``theme.yaml`` is the theme (fonts, defaults). Each
    stylesheet is read as a template is (:func:`read_text_file`).

    Raises:
        TemplateError: for a stylesheet that is a link, too large or not UTF-8.
    """
    theme = load_theme(theme_name, user_templates)
    resolved = resolved_options(theme, options)
    page_label = get_localizer(lang).raw("document.page")
    parts = [stylesheet_prelude(theme, resolved, page_size, page_label)]
    loader = env.loader
    assert isinstance(loader, SafeLoader)
    for name in ("base.css", "theme.css"):
        text = loader.read(name, "stylesheet")
        if text is not None:
            parts.append(text)
    return "\n".join(parts)


def _located(exc: BaseException, env: jinja2.Environment, name: str) -> tuple[str, int | None]:
    """The template and line a runtime error was raised at, from the traceback Jinja
    rewrote (the innermost template frame); ``name`` and no line when there is none."""
    loader = env.loader
    served = loader.served if isinstance(loader, SafeLoader) else {}
    where: tuple[str, int | None] = (name, None)
    for frame, line in traceback.walk_tb(exc.__traceback__):
        found = served.get(frame.f_code.co_filename)
        if found is not None:
            where = (found, line)
    return where


def _describe(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "macros or loops call themselves too deeply (RecursionError)"
    if isinstance(exc, MemoryError):
        return "the template ran out of memory (MemoryError)"
    text = str(exc)
    if len(text) > 200:
        text = text[:197] + "..."
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def render_template(
    name: str,
    data: dict[str, Any],
    *,
    theme: str,
    options: ThemeOptions,
    lang: str,
    page_size: str,
    user_templates: Path | None = None,
) -> str:
    """Render template ``name`` with plain ``data`` and the theme's stylesheet as ``css``.

    Raises:
        TemplateError: when a template is missing, broken, or uses a missing value; and,
            with user templates, for anything a template raises (a division by zero, a
            type error, a call past the sandbox's caps …), naming the template and line.
    """
    env = environment(theme, user_templates)
    sandboxed = isinstance(env, BoundedSandbox)
    css = stylesheet(
        env, theme, options, lang=lang, page_size=page_size, user_templates=user_templates
    )
    data = {
        **data,
        "css": markupsafe.Markup(css),
        "accent": resolved_options(load_theme(theme, user_templates), options).accent_color,
    }
    budget = _BUILT.set([0]) if sandboxed else None
    try:
        return env.get_template(name).render(data)
    except TemplateError:
        raise
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(
            exc.message or "syntax error", template=exc.name or name, line=exc.lineno
        ) from exc
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"template not found: {exc.name}", template=name) from exc
    except jinja2.UndefinedError as exc:
        where, line = _located(exc, env, name)
        raise TemplateError(
            f"{exc.message} (the template uses a value that does not exist)",
            template=where,
            line=line,
        ) from exc
    except SecurityError as exc:
        where, line = _located(exc, env, name)
        raise TemplateError(f"refused by the sandbox: {exc}", template=where, line=line) from exc
    except Exception as exc:
        if not sandboxed:
            raise
        where, line = _located(exc, env, name)
        raise TemplateError(_describe(exc), template=where, line=line) from exc
    finally:
        if budget is not None:
            _BUILT.reset(budget)


# --- links in the HTML of user templates ------------------------------------------------------

_LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_FETCH_SCHEMES = frozenset({"http", "https"})
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_DATA_IMAGE = re.compile(r"data:image/(?:png|jpeg|jpg|gif|webp)\s*[;,]", re.IGNORECASE)
_TAB_NEWLINE = re.compile(r"[\t\n\r]")
_C0_SPACE = "".join(map(chr, range(0x21)))

_LINK_ATTRS = frozenset({"href", "action", "formaction", "cite", "longdesc"})
"""Attributes a reader follows: they keep http, https, mailto, tel and ``#anchor``."""
_FETCH_ATTRS = frozenset(
    {"src", "poster", "background", "data", "codebase", "lowsrc", "dynsrc", "manifest"}
    | {"icon", "profile", "classid"}
)
"""Attributes a browser loads: they keep http, https, raster ``data:image`` and ``#id``."""
_LIST_ATTRS = frozenset({"srcset", "imagesrcset", "ping", "archive"})
"""Attributes holding several URLs: never kept (a document needs none)."""
_FETCH_HREF_TAGS = frozenset({"link", "image", "feimage", "use", "script"})
"""Elements whose ``href`` is loaded rather than followed."""
_RAW_TEXT = frozenset(
    {"script", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "textarea", "title"}
)
_SPACE = " \t\n\f\r"


def _scheme(url: str) -> tuple[str, str]:
    """``url`` as a browser reads it (no tab or newline, no leading or trailing controls)
    and its scheme in lower case ('' when relative)."""
    url = _TAB_NEWLINE.sub("", url).strip(_C0_SPACE)
    match = _SCHEME.match(url)
    return url, match.group(1).lower() if match else ""


def allowed_link(url: str) -> bool:
    """Whether a link may stay in a document: an ``http``, ``https``, ``mailto`` or ``tel``
    URL, or an ``#anchor`` in the document itself. Anything else (``javascript:``,
    ``file:``, UNC paths, relative paths, which resolve on the machine) is dropped."""
    url, scheme = _scheme(url)
    return url.startswith("#") or scheme in _LINK_SCHEMES


def _allowed_attribute(tag: str, attribute: str, value: str) -> bool:
    attribute = attribute.rpartition(":")[2]  # xlink:href is href
    if attribute in _LIST_ATTRS:
        return False
    fetched = attribute in _FETCH_ATTRS or (attribute == "href" and tag in _FETCH_HREF_TAGS)
    if not fetched:
        return attribute not in _LINK_ATTRS or allowed_link(value)
    url, scheme = _scheme(value)
    return url.startswith("#") or scheme in _FETCH_SCHEMES or bool(_DATA_IMAGE.match(url))


def _is_refresh(tag: str, attribute: str, value: str) -> bool:
    return tag == "meta" and attribute == "http-equiv" and value.strip().lower() == "refresh"


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i] in _SPACE:
        i += 1
    return i


def _start_tag(text: str, i: int) -> tuple[str, list[tuple[str, int, int, str]], int]:
    """The tag starting at ``text[i]`` (just after ``<``), as HTML5 tokenizes it: its name,
    its attributes (name, start, end, value) and where it ends."""
    n = len(text)
    start = i
    while i < n and text[i] not in _SPACE + "/>":
        i += 1
    tag = text[start:i].lower()
    attributes: list[tuple[str, int, int, str]] = []
    while i < n:
        while i < n and (text[i] in _SPACE or text[i] == "/"):
            i += 1
        if i >= n or text[i] == ">":
            return tag, attributes, i + 1
        first = i
        i += 1  # an attribute name may start with '='
        while i < n and text[i] not in _SPACE + "/>=":
            i += 1
        name = text[first:i].lower()
        i = _skip_space(text, i)
        value = ""
        if i < n and text[i] == "=":
            i = _skip_space(text, i + 1)
            if i < n and text[i] in "\"'":
                close = text.find(text[i], i + 1)
                close = n if close < 0 else close
                value, i = text[i + 1 : close], close + 1
            else:
                begin = i
                while i < n and text[i] not in _SPACE + ">":
                    i += 1
                value = text[begin:i]
        attributes.append((name, first, i, html_entities.unescape(value)))
    return tag, attributes, n


def _comment_end(text: str, i: int) -> int:
    """Where the comment whose body starts at ``text[i]`` ends (HTML5 rules)."""
    if text.startswith(">", i):
        return i + 1
    if text.startswith("->", i):
        return i + 2
    ends = [k for k in (text.find("-->", i), text.find("--!>", i)) if k >= 0]
    if not ends:
        return len(text)
    k = min(ends)
    return k + (3 if text.startswith("-->", k) else 4)


def _strip_links(text: str) -> str:
    """``text`` with each URL attribute a document must not keep removed from its tag."""
    cuts: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while True:
        i = text.find("<", i)
        if i < 0 or i + 1 >= n:
            break
        following = text[i + 1]
        if text.startswith("<!--", i):
            i = _comment_end(text, i + 4)
        elif following.isascii() and following.isalpha():
            tag, attributes, i = _start_tag(text, i + 1)
            for name, start, end, value in attributes:
                if _is_refresh(tag, name, value) or not _allowed_attribute(tag, name, value):
                    while text[start - 1] in _SPACE:  # the space before it goes too
                        start -= 1
                    cuts.append((start, end))
            if tag == "plaintext":
                break
            if tag in _RAW_TEXT:
                end_tag = re.compile(rf"</{tag}[{_SPACE}/>]", re.IGNORECASE).search(text, i)
                i = n if end_tag is None else end_tag.start()
        elif following == "/" and i + 2 < n and text[i + 2].isascii() and text[i + 2].isalpha():
            i = _start_tag(text, i + 2)[2]  # an end tag: its attributes mean nothing
        elif following in "!?/":
            close = text.find(">", i)
            i = n if close < 0 else close + 1
        else:
            i += 1
    if not cuts:
        return text
    out, last = [], 0
    for start, end in cuts:
        out.append(text[last:start])
        last = end
    out.append(text[last:])
    return "".join(out)


def _first_bad_link(text: str) -> str | None:
    """The first URL attribute a document must not keep, as the HTML5 parser the PDF engine
    uses reads ``text`` (``<tag attribute="value">``); ``None`` when there is none."""
    import tinyhtml5  # type: ignore[import-untyped]  # lazy: WeasyPrint's HTML parser, only for the HTML of user templates

    for element in tinyhtml5.parse(text).iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.rpartition("}")[2].lower()
        for key, value in element.attrib.items():
            name = key.rpartition("}")[2].lower()
            if _is_refresh(tag, name, value) or not _allowed_attribute(tag, name, value):
                shown = value if len(value) <= 60 else value[:57] + "..."
                return f'<{tag} {name}="{shown}">'
    return None


def safe_links(text: str, template: str | None = None) -> str:
    """The HTML of user templates with only the links a document needs.

    A link (``href``, ``action`` …) stays when it is ``http``, ``https``, ``mailto``,
    ``tel`` or an ``#anchor``; a loaded resource (``src``, an SVG ``<image href>`` …) when
    it is ``http``, ``https``, a raster ``data:image`` or an ``#id``. Any other is removed
    from its tag (the text stays), and so is a ``<meta http-equiv="refresh">``. The result
    is then read again by an HTML5 parser; markup that still carries such a link there is
    refused.

    Raises:
        TemplateError: when a disallowed link survives (markup written to hide one).
    """
    cleaned = _strip_links(text)
    bad = _first_bad_link(cleaned)
    if bad is not None:
        raise TemplateError(
            f"the page keeps a link the toolkit could not remove: {bad}; write links as "
            "plain <a href> with http, https, mailto or tel",
            template=template,
        )
    return cleaned


def html_of(doc: Document, settings: Settings | None = None) -> str:
    """``doc`` as a standalone HTML page: its kind's template, the theme's stylesheet inlined.

    Raises:
        TemplateError: when a template is missing, broken, or uses a missing value.
    """
    settings = settings or Settings()
    return render_template(
        f"{doc.kind}.html.j2",
        doc.to_data(),
        theme=doc.theme,
        options=ThemeOptions.model_validate(doc.theme_options),
        lang=doc.meta.lang,
        page_size=doc.page_size,
        user_templates=settings.user_templates,
    )


def render_html(ctx: Document, *, user_templates: Path | None = None) -> str:
    """``ctx`` as a standalone HTML page (see :func:`html_of`)."""
    return html_of(ctx, Settings(user_templates=user_templates))


def render(doc: Document, settings: Settings) -> bytes:
    """``doc`` as HTML, in UTF-8; with user templates, with only safe links
    (:func:`safe_links`)."""
    text = html_of(doc, settings)
    if settings.user_templates is not None:
        text = safe_links(text, f"{doc.kind}.html.j2")
    return text.encode()
