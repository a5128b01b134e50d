"""Word (.docx) postings.

The zip is checked first (a Word file at all, not a bomb: part count, unpacked size,
compression ratio), then python-docx opens it and the body's XML is walked directly:
paragraphs by style (headings, list and numbered items), tables (a layout table's cells read
as the page, a data table's row as ``a | b``), content controls and tracked insertions;
deleted text and text boxes are skipped.
"""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING, Final

from toolkit.errors import InputError
from toolkit.postings.raw import _SUPPORTED_HINT, Block, RawPosting, _error, _finish, _render

if TYPE_CHECKING:
    from docx.oxml.xmlchemy import BaseOxmlElement as _Element

MAX_ZIP_ENTRIES: Final = 2_000
MAX_ZIP_TOTAL: Final = 50 * 1024 * 1024
MAX_ZIP_RATIO: Final = 100
ZIP_RATIO_FROM: Final = 1024 * 1024
"""Parts larger than this (uncompressed) must not be compressed more than ``MAX_ZIP_RATIO``."""

_W: Final = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK: Final = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _check_zip(raw: bytes, source: str) -> None:
    """Refuse a zip that is not a Word file, or that would unpack to far more than it is."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise _error(
            f"this is not a readable .docx file ({exc})",
            source,
            hint="open it in Word and save it again as .docx",
        ) from None
    if len(entries) > MAX_ZIP_ENTRIES:
        raise _error(
            f"the .docx holds {len(entries)} parts (at most {MAX_ZIP_ENTRIES} are read)",
            source,
            hint="this is not an ordinary Word file; save the posting again from Word",
        )
    total = sum(e.file_size for e in entries)
    if total > MAX_ZIP_TOTAL:
        raise _error(
            f"the .docx unpacks to {total // (1024 * 1024)} MiB "
            f"(at most {MAX_ZIP_TOTAL // (1024 * 1024)} MiB are read)",
            source,
            hint="this is not an ordinary Word file; save the posting again from Word",
        )
    for entry in entries:
        if entry.file_size > ZIP_RATIO_FROM and entry.file_size > MAX_ZIP_RATIO * max(
            entry.compress_size, 1
        ):
            raise _error(
                f"the .docx part {entry.filename!r} is compressed "
                f"{entry.file_size // max(entry.compress_size, 1)} times over",
                source,
                hint="this looks like a zip bomb, not a Word file",
            )
    if "word/document.xml" not in {e.filename for e in entries}:
        raise _error(
            "this zip file is not a Word document (it has no word/document.xml)",
            source,
            hint=_SUPPORTED_HINT,
        )


def _read_docx(raw: bytes, source: str) -> RawPosting:
    _check_zip(raw, source)
    import docx  # lazy: python-docx (with lxml) costs 55 ms at start-up

    try:
        document = docx.Document(io.BytesIO(raw))
        styles = _docx_styles(document.styles.element)
        blocks: list[Block] = []
        _docx_walk(document.element.body, styles, blocks)
    except InputError:
        raise
    except Exception as exc:  # python-docx and lxml raise many kinds on broken files
        raise _error(
            f"the Word file cannot be read ({type(exc).__name__}: {exc})",
            source,
            hint="open it in Word and save it again as .docx",
        ) from None
    return _finish(_render(blocks), "docx", source)


def _docx_styles(root: _Element) -> dict[str, tuple[str, bool]]:
    """Style id -> (kind ``h``/``li``/``p``, whether it is numbered), following ``basedOn``."""
    raw: dict[str, tuple[str, str | None, bool]] = {}
    for style in root.iter(_W + "style"):
        style_id = style.get(_W + "styleId")
        if not style_id:
            continue
        name_el = style.find(_W + "name")
        name = (name_el.get(_W + "val") or "") if name_el is not None else ""
        based = style.find(_W + "basedOn")
        num = style.find(f"{_W}pPr/{_W}numPr/{_W}numId")
        numbered = num is not None and num.get(_W + "val") not in (None, "0")
        raw[style_id] = (name, based.get(_W + "val") if based is not None else None, numbered)

    def resolve(style_id: str) -> tuple[str, bool]:
        name, based, numbered = raw[style_id]
        low = name.casefold()
        kind = (
            "h"
            if low.startswith("heading") or low in ("title", "subtitle")
            else "li"
            if low.startswith("list")
            else "p"
        )
        for _ in range(10):  # a basedOn chain; bounded against cycles
            if numbered or based not in raw:
                break
            _, based, numbered = raw[based]
        return kind, numbered

    return {style_id: resolve(style_id) for style_id in raw}


def _has_text(el: _Element) -> bool:
    """Whether any text under ``el`` is more than spaces (stopping at the first that is)."""
    return any(not text.isspace() for text in el.itertext() if text)


def _docx_walk(parent: _Element, styles: dict[str, tuple[str, bool]], out: list[Block]) -> None:
    for child in parent:
        tag = child.tag
        if tag == _W + "p":
            _docx_paragraph(child, styles, out)
        elif tag == _W + "tbl":
            _docx_table(child, styles, out)
        elif tag in (_W + "sdt", _W + "sdtContent", _W + "customXml", _W + "ins"):
            _docx_walk(child, styles, out)


def _docx_paragraph(p: _Element, styles: dict[str, tuple[str, bool]], out: list[Block]) -> None:
    parts: list[str] = []
    _docx_text(p, parts)
    text = "".join(parts)
    if not text.strip():
        return
    style = p.find(f"{_W}pPr/{_W}pStyle")
    style_id = (style.get(_W + "val") or "") if style is not None else ""
    kind, numbered = styles.get(style_id, ("p", False))
    num = p.find(f"{_W}pPr/{_W}numPr/{_W}numId")
    if num is not None:
        numbered = num.get(_W + "val") not in (None, "0")
    if kind != "h" and (kind == "li" or numbered):
        out.append(("li", " ".join(text.split())))
        return
    out.extend((kind, line) for line in text.split("\n"))


def _docx_text(el: _Element, parts: list[str]) -> None:
    for child in el:
        tag = child.tag
        if tag == _W + "t":
            parts.append(child.text or "")
        elif tag == _W + "tab":
            parts.append(" ")
        elif tag in (_W + "br", _W + "cr"):
            parts.append("\n")
        elif tag == _W + "noBreakHyphen":
            parts.append("-")
        elif tag not in (_W + "pPr", _W + "rPr", _W + "del", _W + "txbxContent", _MC_FALLBACK):
            _docx_text(child, parts)


def _docx_table(tbl: _Element, styles: dict[str, tuple[str, bool]], out: list[Block]) -> None:
    # The table's own rows only (a nested table's are read with it), and a cell's text only
    # until some is found: iterating every row below, or joining all the text below each cell,
    # read a table nested n deep n times (libxml2's depth limit of 256 bounds n to about 80).
    for row in tbl:
        if row.tag != _W + "tr":
            continue
        cells = [c for c in row if c.tag == _W + "tc"]
        filled = [c for c in cells if _has_text(c)]
        if len(filled) <= 1:
            for cell in filled:  # a layout table: read the cell as the page
                _docx_walk(cell, styles, out)
            continue
        texts = []
        for cell in filled:
            blocks: list[Block] = []
            _docx_walk(cell, styles, blocks)
            # a cell's paragraphs stay apart: each criterion of a person specification is one
            texts.append(" \u2022 ".join(" ".join(t.split()) for _, t in blocks if t.strip()))
        out.append(("p", " | ".join(t for t in texts if t)))
