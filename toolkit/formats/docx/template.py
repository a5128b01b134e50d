"""A user's own Word template with Jinja placeholders, filled through docxtpl, safely.

The template is a ``.docx`` with ``{{ person.name }}`` placeholders and docxtpl's paragraph
tags (``{%p for s in sections %}`` … ``{%p endfor %}``). It may come from a stranger, so:

* the zip is checked before anything opens it: at most 2,000 entries, 50 MiB unpacked,
  a compression ratio of at most 100 for any part over 1 MiB, no encrypted entries and no
  macros (``vbaProject.bin``, macro-enabled content types);
* Jinja runs in an :class:`~jinja2.sandbox.ImmutableSandboxedEnvironment` with autoescape
  on and :class:`~jinja2.StrictUndefined`, on plain data only (:meth:`Document.to_data`),
  with a cap on the size of what it writes, so a value like ``Tom & Jerry <3`` arrives
  intact and can never turn into WordprocessingML;
* the output loses what should not travel: external relationships other than http(s) and
  mailto hyperlinks, the thumbnail, comments, custom properties and custom XML; fields that
  pull in outside content (``INCLUDETEXT``, ``INCLUDEPICTURE``, ``DDE`` …) are refused;
* the core properties are the document's own, exactly as
  :func:`toolkit.formats.docx.builder.render_docx` sets them, and the zip is written with
  fixed timestamps.

A sandbox does not bound CPU time: an app that renders templates from strangers should run
this in a worker process with time and memory limits.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from toolkit.documents.context import Document
from toolkit.errors import TemplateError, ToolkitError
from toolkit.formats.docx.builder import (
    clean_package,
    docx_bytes,
    link_scheme,
    part_xml,
    set_core_properties,
)

log = logging.getLogger("toolkit")

MAX_TEMPLATE_BYTES = 50 * 1024 * 1024
"""The largest template file accepted."""
MAX_ENTRIES = 2000
"""The most zip entries a template may have."""
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
"""The most a template may hold once unpacked."""
MAX_RATIO = 100
"""The highest compression ratio allowed for a part over :data:`RATIO_FROM_BYTES`."""
RATIO_FROM_BYTES = 1024 * 1024
MAX_OUTPUT_CHARS = 20 * 1024 * 1024
"""The most characters the template may write into one part."""
MAX_REPEAT = 100_000
"""The longest string or list that ``*`` may build inside a template."""

TEMPLATE_LINK_SCHEMES = frozenset({"http", "https", "mailto"})
"""Hyperlink schemes a rendered template may keep."""

_MACRO_NAMES = re.compile(r"(?:^|/)(?:vbaProject\.bin|vbaData\.xml)$", re.IGNORECASE)
_MACRO_TYPES = re.compile(rb"macroEnabled|vbaProject|vbaData|ms-office\.activeX", re.IGNORECASE)
_OUTSIDE_FIELDS = re.compile(
    r"^\s*(INCLUDETEXT|INCLUDEPICTURE|INCLUDE|IMPORT|DDE|DDEAUTO|LINK|DATABASE|RD)\b",
    re.IGNORECASE,
)
_FIELD_TOKENS = re.compile(r'"[^"]*"|\S+')


def render_docx_template(
    template: Path | bytes, ctx: Document, *, name: str | None = None
) -> bytes:
    """Fill a user's ``.docx`` template with a document context.

    Args:
        template: the template file, or its bytes.
        ctx: the document context; the template sees ``ctx.to_data()`` (``person``,
            ``sections``, ``meta``, ``labels`` …) and nothing else.
        name: how to call the template in error messages (default: the file name).

    Returns:
        The filled ``.docx`` as bytes.

    Raises:
        TemplateError: when the template is not a Word document, is too big, carries macros,
            has a Jinja syntax error, uses a value that does not exist, tries something the
            sandbox refuses, or writes a field that would pull in outside content.
    """
    label = name or (template.name if isinstance(template, Path) else "template.docx")
    data = _read(template, label)
    check_template_zip(data, label)
    # lazy: docxtpl only for a Word letterhead (kept with the engines, though it adds only
    # ~1 ms once python-docx is loaded)
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(io.BytesIO(data))
    try:
        tpl.init_docx()
    except Exception as exc:  # a hostile file can break python-docx in many ways
        raise TemplateError(
            f"this is not a Word document python-docx can open: {exc}", template=label
        ) from exc
    try:
        tpl.render(ctx.to_data(), jinja_env=_environment(), autoescape=True)
    except ToolkitError:
        raise
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(_describe(exc, exc.message or "syntax error"), template=label) from exc
    except jinja2.UndefinedError as exc:
        message = f"{exc.message} (the template uses a value that does not exist)"
        raise TemplateError(_describe(exc, message), template=label) from exc
    except jinja2.exceptions.SecurityError as exc:
        raise TemplateError(
            _describe(exc, f"refused by the sandbox: {exc}"), template=label
        ) from exc
    except jinja2.TemplateError as exc:
        raise TemplateError(_describe(exc, str(exc)), template=label) from exc
    except (ArithmeticError, LookupError, TypeError, ValueError, AttributeError) as exc:
        raise TemplateError(
            f"the template failed while being filled in: {type(exc).__name__}: {exc}",
            template=label,
        ) from exc
    except Exception as exc:  # lxml's errors: the filled template is broken XML
        if type(exc).__module__.startswith("lxml"):
            raise TemplateError(
                f"the filled template is not valid Word XML: {exc}", template=label
            ) from exc
        raise
    document = tpl.docx
    _refuse_outside_fields(document, label)
    removed = clean_package(document, TEMPLATE_LINK_SCHEMES)
    if removed:
        log.info("%s: removed from the output: %s", label, "; ".join(removed))
    set_core_properties(document, ctx.meta)
    return docx_bytes(document)


def _read(template: Path | bytes, label: str) -> bytes:
    if isinstance(template, bytes | bytearray):
        data = bytes(template)
    else:
        if template.is_symlink() or not template.is_file():
            raise TemplateError("not a regular file", template=label)
        with template.open("rb") as handle:
            data = handle.read(MAX_TEMPLATE_BYTES + 1)
    if len(data) > MAX_TEMPLATE_BYTES:
        raise TemplateError("the template is larger than 50 MiB", template=label)
    return data


def check_template_zip(data: bytes, name: str = "template.docx") -> None:
    """Refuse a template whose zip could exhaust memory or carries macros.

    Checked from the zip's directory, before any part is decompressed: the number of
    entries, the total unpacked size, the compression ratio of large parts, encrypted or
    duplicate entries, macro parts and macro-enabled content types.

    Raises:
        TemplateError: naming what is wrong.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise TemplateError(
            "this is not a Word document (.docx): it is not a zip file", template=name
        ) from exc
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ENTRIES:
            raise TemplateError(
                f"the template has {len(infos)} zip entries; at most {MAX_ENTRIES} are allowed",
                template=name,
            )
        names = [i.filename for i in infos]
        if len(set(names)) != len(names):
            raise TemplateError("the template's zip lists a part twice", template=name)
        total = sum(i.file_size for i in infos)
        if total > MAX_UNPACKED_BYTES:
            raise TemplateError(
                f"the template unpacks to {total / 1048576:.0f} MiB; at most "
                f"{MAX_UNPACKED_BYTES // 1048576} MiB is allowed (a zip bomb?)",
                template=name,
            )
        for info in infos:
            if info.flag_bits & 0x1:
                raise TemplateError(f"{info.filename} is encrypted", template=name)
            if info.file_size > RATIO_FROM_BYTES:
                ratio = info.file_size / max(info.compress_size, 1)
                if ratio > MAX_RATIO:
                    raise TemplateError(
                        f"{info.filename} is compressed {ratio:.0f} to 1; at most {MAX_RATIO} "
                        "to 1 is allowed for large parts (a zip bomb?)",
                        template=name,
                    )
            if _MACRO_NAMES.search(info.filename):
                raise TemplateError(
                    f"the template carries macros ({info.filename}); save it as a "
                    "macro-free Word document (.docx)",
                    template=name,
                )
        if "[Content_Types].xml" not in names:
            raise TemplateError(
                "this is not a Word document: no [Content_Types].xml", template=name
            )
        types = archive.read("[Content_Types].xml")
        if _MACRO_TYPES.search(types):
            raise TemplateError(
                "the template is macro-enabled (.docm/.dotm) or holds ActiveX controls; "
                "save it as a macro-free Word document (.docx)",
                template=name,
            )


# --- Jinja ------------------------------------------------------------------------------------


class _OutputTooLarge(jinja2.TemplateError):
    """The template wrote more than :data:`MAX_OUTPUT_CHARS`."""


class _CappedTemplate(jinja2.Template):
    """A template whose output is cut off (with an error) at :data:`MAX_OUTPUT_CHARS`."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        parts: list[str] = []
        size = 0
        for chunk in self.generate(*args, **kwargs):
            size += len(chunk)
            if size > MAX_OUTPUT_CHARS:
                raise _OutputTooLarge(
                    f"the template writes more than {MAX_OUTPUT_CHARS // 1048576}M characters"
                )
            parts.append(chunk)
        return "".join(parts)


class _Sandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, where ``'x' * 10**9`` and ``9 ** 9 ** 9`` are refused too."""

    intercepted_binops = frozenset({"*", "**"})
    template_class = _CappedTemplate

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for seq, count in ((left, right), (right, left)):
                if (
                    isinstance(seq, str | list | tuple)
                    and isinstance(count, int)
                    and len(seq) * count > MAX_REPEAT
                ):
                    raise jinja2.exceptions.SecurityError(
                        "the template builds a string or list that is too long"
                    )
        if operator == "**" and isinstance(right, int) and abs(right) > 100:
            raise jinja2.exceptions.SecurityError("the template raises a number to a huge power")
        return super().call_binop(context, operator, left, right)


def _environment() -> jinja2.Environment:
    return _Sandbox(autoescape=True, undefined=jinja2.StrictUndefined)


def _describe(exc: Exception, message: str) -> str:
    """The message, with the template text near the problem when docxtpl recorded it."""
    lines: list[str] = list(getattr(exc, "docx_context", None) or [])
    lineno = getattr(exc, "lineno", None)
    if lines and isinstance(lineno, int):
        first = max(lineno - 4, 0)
        index = lineno - 1 - first
        near = lines[index] if 0 <= index < len(lines) else ""
        near = " ".join(near.split())
        if near:
            if len(near) > 80:
                near = near[:77] + "…"
            return f"{message} (near: {near!r})"
    return message


# --- fields -----------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _field_codes(root: Any) -> Iterator[str]:
    """Every field code in a part, with codes split over several runs put back together."""
    for element in root.iter(f"{_W}fldSimple"):
        yield element.get(f"{_W}instr") or ""
    stack: list[list[str]] = []
    for element in root.iter(f"{_W}fldChar", f"{_W}instrText"):
        if element.tag == f"{_W}instrText":
            if stack:
                stack[-1].append(element.text or "")
            continue
        kind = element.get(f"{_W}fldCharType")
        if kind == "begin":
            stack.append([])
        elif kind == "end" and stack:
            yield "".join(stack.pop())


def _hyperlink_target(code: str) -> str:
    """The address of a ``HYPERLINK`` field ("" for other fields and in-document links)."""
    tokens = _FIELD_TOKENS.findall(code)
    if not tokens or tokens[0].upper() != "HYPERLINK":
        return ""
    skip = False
    for token in tokens[1:]:
        if skip:
            skip = False
        elif token.startswith("\\"):
            skip = token.lower() in ("\\l", "\\o", "\\t")  # switches with an argument
        else:
            return str(token).strip('"')
    return ""


def _refuse_outside_fields(document: Any, label: str) -> None:
    """Fields that fetch files or talk to other programs have no place in a resume."""
    for part in document.part.package.iter_parts():
        root = part_xml(part)
        if root is None:
            continue
        for code in _field_codes(root):
            outside = _OUTSIDE_FIELDS.match(code)
            if outside:
                raise TemplateError(
                    f"the template has a {outside.group(1).upper()} field, which pulls in "
                    "outside content; remove it",
                    template=label,
                )
            target = _hyperlink_target(code)
            if target and link_scheme(target) not in TEMPLATE_LINK_SCHEMES:
                raise TemplateError(
                    f"the template has a HYPERLINK field to {target[:60]!r}; only http, "
                    "https and mailto links are kept",
                    template=label,
                )
