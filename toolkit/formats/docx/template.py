"""A user's own Word template with Jinja placeholders, filled through docxtpl, safely.

The template is a ``.docx`` with ``{{ person.name }}`` placeholders and docxtpl's paragraph
tags (``{%p for s in sections %}`` … ``{%p endfor %}``). It may come from a stranger, so:

* the zip is checked before anything opens it: at most 2,000 entries, 50 MiB unpacked,
  a compression ratio of at most 100 for any part over 1 MiB, no encrypted entries and no
  macros (``vbaProject.bin``, macro-enabled content types);
* so is the work docxtpl would do (:func:`check_template_work`): its pre-processing of the
  Word XML uses regular expressions that take time quadratic in the number of tag marks
  when they are dense or unclosed (a 37 KB template of 100,000 ``{`` took three minutes,
  then crashed Jinja's parser); the XML it reads, the number of tag marks, and the distance
  from each tag's start to its end are bounded, and a template over a bound is refused at
  once, naming the part and paragraph;
* Jinja runs in an :class:`~jinja2.sandbox.ImmutableSandboxedEnvironment` with autoescape
  on and :class:`~jinja2.StrictUndefined`, on plain data only (:meth:`Document.to_data`),
  with a cap on the size of what it writes, so a value like ``Tom & Jerry <3`` arrives
  intact and can never turn into WordprocessingML;
* fields that pull in outside content (``INCLUDETEXT``, ``INCLUDEPICTURE``, ``DDE`` …) are
  refused; the output is then cleaned by allow-list (``clean_package`` in
  :mod:`toolkit.formats.docx.builder`): only the parts, relationships and elements of a
  plain document stay, so embedded objects, altChunk, custom XML, comments, the thumbnail
  and custom properties go; tracked changes are accepted (deleted text and authors gone),
  hidden text is removed, document variables and mail-merge settings go, fields other than
  page numbers and dates become plain text, and hyperlinks are kept to http(s) and mailto
  addresses only;
* the template's own core properties are blanked before Jinja sees them;
* the core properties are the document's own, exactly as
  :func:`toolkit.formats.docx.builder.render_docx` sets them, and the zip is written with
  fixed timestamps.

A sandbox does not bound CPU time: an app that renders templates from strangers should run
this in a worker process with time and memory limits.
"""

from __future__ import annotations

import bisect
import html
import io
import logging
import posixpath
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2
from docx.opc.oxml import serialize_part_xml
from docx.oxml import parse_xml
from jinja2.sandbox import ImmutableSandboxedEnvironment

from toolkit.documents.context import Document
from toolkit.errors import TemplateError, ToolkitError
from toolkit.formats.docx.builder import (
    clean_package,
    docx_bytes,
    hyperlink_target,
    link_scheme,
    part_xml,
    set_core_properties,
)

log = logging.getLogger("toolkit")

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

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
MAX_TEMPLATE_XML = 2 * 1024 * 1024
"""The most Word XML docxtpl may read (body, headers, footers, and footnotes once per
section, as it reads them): about a second of its work."""
MAX_TAG_MARKS = 2000
"""The most tag marks (``{{``, ``}}``, ``{%``, ``%}``, ``{#``, ``#}``) in one part: 1,000 tags."""
MAX_TAG_SPAN = 20_000
"""How far, in characters of Word XML, the end of a tag may be from its start (a tag split
over many runs of text is longer in XML than it looks)."""

TEMPLATE_LINK_SCHEMES = frozenset({"http", "https", "mailto"})
"""Hyperlink schemes a rendered template may keep."""

_MACRO_NAMES = re.compile(r"(?:^|/)(?:vbaProject\.bin|vbaData\.xml)$", re.IGNORECASE)
_MACRO_TYPES = re.compile(rb"macroEnabled|vbaProject|vbaData|ms-office\.activeX", re.IGNORECASE)
_OUTSIDE_FIELDS = re.compile(
    r"^\s*(INCLUDETEXT|INCLUDEPICTURE|INCLUDE|IMPORT|DDE|DDEAUTO|LINK|DATABASE|RD)\b",
    re.IGNORECASE,
)
_TAG_MARKS = re.compile(r"(?=(\{[{%#]|[}%#]\}))")
_CLOSERS = {"{{": "}}", "{%": "%}", "{#": "#}"}
_TEXT_AFTER = re.compile(r"<w:t[ >]|\{%|\{\{")
_PARAGRAPH = re.compile(r"<w:p[ >]")
_XML_TAG = re.compile(r"<[^>]*>")
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_OFFICE_DOCUMENT = _RT + "officeDocument"
_HEADERS_FOOTERS = {_RT + "header", _RT + "footer"}
_FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


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
    check_template_work(data, label)
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
    _blank_core_properties(tpl.docx)
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
    except RecursionError as exc:
        raise TemplateError(
            "the template nests too deeply (brackets or tags inside one another)",
            template=label,
        ) from exc
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


def check_template_work(data: bytes, name: str = "template.docx") -> None:
    """Refuse a template that would make docxtpl work for minutes, before it sees it.

    docxtpl prepares the XML of the body, headers, footers and footnotes with regular
    expressions; some scan from each tag mark to the end of the tag, or to the end of the
    part when there is none, so dense or unclosed marks cost time quadratic in their number
    (a 37 KB template holding 100,000 ``{`` took three minutes). Bounded here, on the XML
    as docxtpl reads it: :data:`MAX_TEMPLATE_XML` characters in all, :data:`MAX_TAG_MARKS`
    tag marks in a part, every ``{{``/``{%``/``{#`` closed within :data:`MAX_TAG_SPAN`
    characters, and the scans from each ``-%}`` to the text it joins at most
    4 x :data:`MAX_TEMPLATE_XML` characters in all.

    Raises:
        TemplateError: saying what is wrong, in which part and paragraph, and the start of
            the paragraph's text.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise TemplateError("this is not a Word document (.docx)", template=name) from exc
    with archive:
        filled = _filled_parts(archive)
        infos = {info.filename: info for info in archive.infolist()}
        total = sum(infos[part].file_size for part, _ in filled)
        if total > MAX_TEMPLATE_XML:
            raise TemplateError(_too_much_xml(total), template=name)
        sections = 1
        texts: list[tuple[str, str, str]] = []
        for part, how in filled:
            try:
                root = parse_xml(archive.read(part))
            except Exception as exc:  # lxml's errors for broken XML
                raise TemplateError(f"{part} is not valid XML: {exc}", template=name) from exc
            if how == "body":
                body = root.find(f"{_W}body")
                root = root if body is None else body
                sections = max(1, sum(1 for _ in root.iter(f"{_W}sectPr")))
            texts.append((part, how, serialize_part_xml(root).decode("utf-8")))
    read = sum(len(text) * (sections if how == "notes" else 1) for _, how, text in texts)
    if read > MAX_TEMPLATE_XML:
        raise TemplateError(_too_much_xml(read), template=name)
    for part, _, text in texts:
        problem = _tag_problem(text)
        if problem:
            at, what = problem
            raise TemplateError(f"{what} ({_where(text, part, at)})", template=name)


def _filled_parts(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """The parts docxtpl fills, found as it finds them, and how (``body``, ``part`` or
    ``notes``): the main document, the headers and footers it relates to (whatever their
    content type), and every part with the content type of footnotes."""
    names = set(archive.namelist())
    found: list[tuple[str, str]] = []
    main = next(iter(_targets(archive, "", {_OFFICE_DOCUMENT})), None)
    if main is not None and main in names:
        found.append((main, "body"))
        found += [(part, "part") for part in _targets(archive, main, _HEADERS_FOOTERS)]
    try:
        types = parse_xml(archive.read("[Content_Types].xml"))
    except Exception:  # python-docx will say the document is broken
        return found
    defaults = {
        (d.get("Extension") or "").lower(): d.get("ContentType") or ""
        for d in types.iter(f"{_CT_NS}Default")
    }
    overrides = {
        (o.get("PartName") or "").lstrip("/").lower(): o.get("ContentType") or ""
        for o in types.iter(f"{_CT_NS}Override")
    }
    for part in sorted(names):
        suffix = PurePosixPath(part).suffix.lstrip(".").lower()
        if (overrides.get(part.lower()) or defaults.get(suffix, "")) == _FOOTNOTES_TYPE:
            found.append((part, "notes"))
    return [(part, how) for part, how in dict.fromkeys(found) if part in names]


def _targets(archive: zipfile.ZipFile, source: str, reltypes: set[str]) -> list[str]:
    """The parts ``source`` (``""``: the package) relates to with one of ``reltypes``."""
    folder, _, base = source.rpartition("/")
    rels_name = f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"
    try:
        rels = parse_xml(archive.read(rels_name))
    except Exception:  # no relationships, or broken ones python-docx will refuse
        return []
    found: list[str] = []
    for rel in rels.iter(f"{_RELS_NS}Relationship"):
        if rel.get("Type") not in reltypes or rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target") or ""
        path = target.lstrip("/") if target.startswith("/") else f"{folder}/{target}"
        found.append(posixpath.normpath(path).lstrip("/"))
    return found


def _too_much_xml(size: int) -> str:
    return (
        f"the template has {size / 1048576:.1f} MiB of Word XML to fill; at most "
        f"{MAX_TEMPLATE_XML / 1048576:.0f} MiB is allowed (remove pictures drawn as shapes, "
        "long tables or repeated sections, or split the template)"
    )


def _tag_problem(text: str) -> tuple[int, str] | None:
    """Where the tag marks of a part's XML would make docxtpl slow, and why."""
    marks = [(m.start(), m.group(1)) for m in _TAG_MARKS.finditer(text)]
    if len(marks) > MAX_TAG_MARKS:
        return marks[MAX_TAG_MARKS][0], (
            f"more than {MAX_TAG_MARKS:,} tag marks ('{{{{', '{{%', '}}}}', '%}}' …) in one "
            f"part, where {MAX_TAG_MARKS // 2:,} tags at most are allowed: a run of '{{' or '%'?"
        )
    closers: dict[str, list[int]] = {closer: [] for closer in _CLOSERS.values()}
    for at, mark in marks:
        if mark in closers:
            closers[mark].append(at)
    for at, mark in marks:
        closer = _CLOSERS.get(mark)
        if closer is None:
            continue
        ends = closers[closer]
        index = bisect.bisect_left(ends, at + 2)
        if index == len(ends):
            return at, f"a '{mark}' is never closed by '{closer}'"
        if ends[index] - at > MAX_TAG_SPAN:
            return at, (
                f"a '{mark}' is not closed by '{closer}' within {MAX_TAG_SPAN:,} characters "
                "of Word XML: a tag left open, or split over too much formatting?"
            )
    budget = 4 * MAX_TEMPLATE_XML  # docxtpl scans from each '-%}' to the next text
    start = 0
    while (at := text.find("-%}", start)) != -1:
        after = _TEXT_AFTER.search(text, at + 3, at + 3 + budget)
        budget -= (len(text) if after is None else after.start()) - at
        if budget < 0:
            return at, "too many '-%}' with no text after them to join: remove the '-'"
        start = at + 3
    return None


def _where(text: str, part: str, at: int) -> str:
    """``in word/document.xml, paragraph 3, near: 'the start of its text…'``."""
    starts = [m.start() for m in _PARAGRAPH.finditer(text, 0, at + 1)]
    if not starts:
        return f"in {part}"
    end = text.find("</w:p>", starts[-1])
    end = len(text) if end == -1 else end
    words = html.unescape(_XML_TAG.sub("", text[starts[-1] : min(end, starts[-1] + 4000)]))
    words = " ".join(words.split())
    if len(words) > 40:
        words = words[:40] + "…"
    return f"in {part}, paragraph {len(starts)}, near: {words!r}"


def _blank_core_properties(document: Any) -> None:
    """docxtpl fills the template's own title, subject … with Jinja too; they are replaced
    by the document's own afterwards, so Jinja gets nothing there to work on."""
    props = document.core_properties
    for prop in ("author", "comments", "identifier", "language", "subject", "title"):
        setattr(props, prop, "")


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
            target = hyperlink_target(code)
            if target and link_scheme(target) not in TEMPLATE_LINK_SCHEMES:
                raise TemplateError(
                    f"the template has a HYPERLINK field to {target[:60]!r}; only http, "
                    "https and mailto links are kept",
                    template=label,
                )
