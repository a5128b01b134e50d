"""Plain-text and Markdown postings.

Plain text keeps its lines (run-together bullets split, every bullet glyph as ``- item``).
Markdown is read into blocks: ATX and setext headings, list items (task boxes dropped),
paragraphs with their soft-wrapped lines joined, table rows as ``a | b``; inline markup
(emphasis, code, links, images, tags) is stripped to its text. Every pattern is written to
run in linear time on hostile input.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from toolkit.postings.raw import (
    Block,
    RawPosting,
    _bulletize,
    _finish,
    _render,
    _split_inline,
)


def _read_plain(text: str, source: str | None) -> RawPosting:
    return _finish(_text_lines(text), "text", source, keep_blank=True)


def _read_markdown(text: str, source: str | None) -> RawPosting:
    return _finish(_render(_iter_markdown_blocks(text)), "markdown", source)


def _text_lines(text: str) -> Iterator[str]:
    for line in text.splitlines():
        if line.isspace():
            yield ""  # a blank line, however long: nothing to split or bulletize
            continue
        for part in _split_inline(line):
            yield _bulletize(part)


# --- Markdown -------------------------------------------------------------------------------

_MD_FENCE = re.compile(r"^(`{3,}|~{3,})")
_MD_ATX = re.compile(r"^#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_MD_SETEXT = re.compile(r"^(?:=+|-+)[ \t]*$")
_MD_RULE = re.compile(r"^(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_MD_ITEM = re.compile(r"^(?:[*+\-•▪◦●‣]|\d{1,9}[.)])[ \t]+(.*)$")
_MD_TASK = re.compile(r"^\[[ xX]\][ \t]+")
_MD_REFDEF = re.compile(r"^\[[^\]]+\]:\s*\S+")
_MD_TABLE_RULE = re.compile(r"^\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?$")


def _markdown_blocks(text: str) -> list[Block]:
    """Markdown -> blocks: headings, list items, paragraphs (soft-wrapped lines joined)."""
    return list(_iter_markdown_blocks(text))


def _iter_markdown_blocks(text: str) -> Iterator[Block]:
    """The blocks of :func:`_markdown_blocks` as they are made, so that reading stops (and
    the rest of a huge file is never looked at) once the posting text is long enough."""
    blocks: list[Block] = []
    para: list[str] = []
    kind = "p"
    fence: str | None = None

    def flush() -> None:
        nonlocal kind
        if para:
            blocks.append((kind, _md_inline(" ".join(para))))
            para.clear()
        kind = "p"

    for raw in _drop_comments(text).splitlines():
        if blocks:  # what the line before made
            yield from blocks
            blocks.clear()
        stripped = " ".join(raw.split())  # one space between words keeps the patterns linear
        if fence is not None:
            if stripped.startswith(fence):
                fence = None
            elif stripped:
                blocks.append(("p", stripped))
            continue
        if stripped.startswith(">"):  # a quote, however deep (one slice, not one per level)
            stripped = stripped.lstrip("> ")
        if m := _MD_FENCE.match(stripped):
            flush()
            fence = m.group(1)[:3]
            continue
        if not stripped:
            flush()
            continue
        if m := _MD_ATX.match(stripped):
            flush()
            blocks.append(("h", _md_inline(m.group(1) or "")))
            continue
        if para and kind == "p" and _MD_SETEXT.match(stripped):
            blocks.append(("h", _md_inline(" ".join(para))))
            para.clear()
            continue
        if _MD_RULE.match(stripped) or _MD_SETEXT.match(stripped) or _MD_REFDEF.match(stripped):
            flush()
            continue
        if m := _MD_ITEM.match(stripped):
            flush()
            kind = "li"
            para.append(_MD_TASK.sub("", m.group(1)))
        elif stripped.startswith("|"):
            flush()
            if not _MD_TABLE_RULE.match(stripped):
                cells = [c.strip() for c in stripped.strip("|").split("|")]
                blocks.append(("p", " | ".join(_md_inline(c) for c in cells if c)))
            continue
        else:
            if para and kind == "p" and stripped.startswith(("**", "__")):
                flush()  # a bold label starts a line of its own ("**Pay:** …")
            para.append(stripped)
        if raw.endswith("  ") or stripped.endswith("\\"):  # a hard line break
            if para[-1].endswith("\\"):
                para[-1] = para[-1][:-1]
            flush()
    flush()
    yield from blocks


def _drop_comments(text: str) -> str:
    """Remove ``<!-- … -->`` comments (by search, not a regex, so that junk stays linear)."""
    out: list[str] = []
    at = 0
    while (start := text.find("<!--", at)) != -1:
        end = text.find("-->", start + 4)
        if end == -1:
            break
        out.append(text[at:start])
        at = end + 3
    out.append(text[at:])
    return "".join(out)


# Every pattern below stops at the next delimiter ([^*]+?, [^`]+ …) rather than scanning on
# (.+?), so that text with many unclosed markers is read in linear time.
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!~|<>])")
_MD_CODE = re.compile(r"(`{1,3})([^`]+)\1")
_MD_DEST = r"\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)"
_MD_IMAGE = re.compile(r"!\[([^\[\]]*)\]" + _MD_DEST)
_MD_LINK = re.compile(r"\[([^\[\]]*)\]" + _MD_DEST)
_MD_REFLINK = re.compile(r"\[([^\[\]]+)\]\[[^\[\]]*\]")
_MD_AUTOLINK = re.compile(r"<((?:https?|mailto):[^<>\s]+)>")
_MD_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_MD_EMPHASIS = (
    re.compile(r"\*\*\*(?=\S)([^*]+?)(?<=\S)\*\*\*"),
    re.compile(r"___(?=\S)([^_]+?)(?<=\S)___"),
    re.compile(r"\*\*(?=\S)([^*]+?)(?<=\S)\*\*"),
    re.compile(r"__(?=\S)([^_]+?)(?<=\S)__"),
    re.compile(r"~~(?=\S)([^~]+?)(?<=\S)~~"),
    re.compile(r"(?<![*\w])\*(?=[^\s*])([^*]+?)(?<=[^\s*])\*(?![*\w])"),
    re.compile(r"(?<![_\w])_(?=[^\s_])([^_]+?)(?<=[^\s_])_(?![_\w])"),
)


def _md_inline(text: str) -> str:
    """Strip inline Markdown: emphasis, code, links and images (keeping their text), tags."""
    kept: list[str] = []

    def keep(s: str) -> str:
        kept.append(s)
        return f"\x00{len(kept) - 1}\x00"

    text = text.replace("\x00", "")
    text = _MD_ESCAPE.sub(lambda m: keep(m.group(1)), text)
    text = _MD_CODE.sub(lambda m: keep(m.group(2).strip()), text)
    text = _MD_AUTOLINK.sub(lambda m: keep(m.group(1)), text)
    text = _MD_IMAGE.sub(r"\1", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_REFLINK.sub(r"\1", text)
    text = html.unescape(_MD_TAG.sub("", text))
    for _ in range(3):  # nested emphasis: ***a** b*, _**a**_
        before = text
        for pattern in _MD_EMPHASIS:
            text = pattern.sub(r"\1", text)
        if text == before:
            break
    text = re.sub("\x00(\\d+)\x00", lambda m: kept[int(m.group(1))], text)
    return " ".join(text.split())
