"""HTML markup to blocks: the visible text of a page or of an HTML-valued field.

:class:`_HtmlText` walks the markup with the standard library's parser (nothing is fetched
or run), keeping headings, list items and paragraphs and dropping scripts, styles,
navigation, page chrome and hidden elements; it also collects the page's JSON-LD scripts and
canonical link. :func:`_defuse_html` first escapes the unclosed ``<`` runs on which older
parsers take quadratic time. Both the HTML page reader (:mod:`toolkit.postings.html`) and the
JSON-LD reader (whose descriptions are often HTML) build on this module.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import Final

from toolkit.postings.raw import MAX_TEXT_CHARS, Block, _error

_HEADINGS: Final = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# fmt: off
_BLOCKS: Final = _HEADINGS | frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
    "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
    "header", "hgroup", "html", "legend", "li", "main", "menu", "nav", "ol", "p", "pre",
    "section", "summary", "table", "tbody", "tfoot", "thead", "tr", "ul",
})
_HIDDEN: Final = frozenset({
    "aside", "button", "canvas", "dialog", "form", "head", "iframe", "math", "nav", "noscript",
    "object", "script", "select", "style", "svg", "template", "textarea",
})
_VOID: Final = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
})
# fmt: on
_NO_DISPLAY = re.compile(r"display\s*+:\s*+none|visibility\s*+:\s*+hidden", re.I)
_EMPTY_CELLS = re.compile(r"\|(?:\s*+\|)++")


class _HtmlText(HTMLParser):
    """Collect an HTML page's visible text as blocks, and its JSON-LD scripts.

    Scripts, styles, navigation, page headers and footers (those outside ``<article>`` and
    ``<main>``), asides, forms and hidden elements are dropped. The parser never fetches
    or runs anything.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.scripts: list[str] = []
        self.canonical: str | None = None
        self._parts: list[str] = []
        self._script: list[str] | None = None
        self._stack: list[tuple[str, bool]] = []
        self._open: dict[str, int] = {}
        self._skip = 0
        self._heading = 0
        self._pre = 0
        self._cells = 0
        self._bullet = False
        self._size = 0
        self._full = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "link" and "canonical" in a.get("rel", "").lower().split():
            self.canonical = self.canonical or a.get("href", "").strip() or None
        if tag == "script":
            kind = a.get("type", "").split(";")[0].strip().lower()
            self._script = [] if kind == "application/ld+json" else None
        if tag in _VOID:
            if tag in ("br", "hr") and not self._skip:
                self._flush()
            return
        in_article = self._open.get("article", 0) + self._open.get("main", 0) > 0
        hide = (
            tag in _HIDDEN
            or (tag in ("header", "footer") and not in_article)
            or "hidden" in a
            or (a.get("aria-hidden", "").lower() == "true" and tag not in _BLOCKS)
            or bool(_NO_DISPLAY.search(a.get("style", "")))
        )
        if not self._skip and tag in _BLOCKS:
            self._flush()
        self._stack.append((tag, hide))
        self._open[tag] = self._open.get(tag, 0) + 1
        self._skip += hide
        if tag in _HEADINGS:
            self._heading += 1
        elif tag == "pre":
            self._pre += 1
        if self._skip:
            return
        if tag == "li":
            self._bullet = True
        elif tag == "tr":
            self._cells = 0
        elif tag in ("td", "th"):
            if self._cells:
                self._parts.append(" | ")
            self._cells += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None
        if tag == "br" and not self._skip:
            self._flush()
        if tag in _VOID or not self._open.get(tag):
            return
        if not self._skip and tag in _BLOCKS:
            self._flush()
        while self._stack:  # pop to the matching tag, closing what was left open
            name, hide = self._stack.pop()
            self._open[name] -= 1
            self._skip -= hide
            if name in _HEADINGS:
                self._heading -= 1
            elif name == "pre":
                self._pre -= 1
            if name == tag:
                break
        if tag in ("tr", "table"):
            self._cells = 0

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)
            return
        if self._skip or self._full:
            return
        if self._pre:
            *lines, last = data.split("\n")
            for line in lines:
                self._parts.append(line)
                self._flush()
            self._parts.append(last)
        else:
            self._parts.append(data)

    def close(self) -> None:
        super().close()
        self._flush()

    def _flush(self) -> None:
        if not self._parts:
            return
        text = " ".join("".join(self._parts).split())
        self._parts.clear()
        if "|" in text and self._cells:
            text = _EMPTY_CELLS.sub("|", text).strip(" |")
        if not text:
            return
        kind = "li" if self._bullet else "h" if self._heading else "p"
        self._bullet = False
        self.blocks.append((kind, text))
        self._size += len(text) + 1
        self._full = self._size > MAX_TEXT_CHARS


class _Ahead:
    """The next match of a pattern at or after a position, for positions that only grow.

    Each stretch of the text is searched once, however many times it is asked about.
    """

    def __init__(self, text: str, pattern: re.Pattern[str]) -> None:
        self.text = text
        self.pattern = pattern
        self.match: re.Match[str] | None = None
        self.exhausted = False

    def next(self, start: int) -> re.Match[str] | None:
        if self.exhausted:
            return None
        if self.match is None or self.match.start() < start:
            self.match = self.pattern.search(self.text, start)
            self.exhausted = self.match is None
        return self.match


_TAG_START = re.compile(r"<[A-Za-z/!?]")
_RAW_TEXT_TAG = re.compile(r"<(script|style)\b", re.I)
_SECTION_NAME = re.compile(r"[a-zA-Z][-_.a-zA-Z0-9]*+")
"""The keyword of a marked section (``<![CDATA[``, ``<![if …]>``), as html.parser reads it."""
_SECTIONS = frozenset({"temp", "cdata", "ignore", "include", "rcdata"})
"""Marked sections that html.parser ends at ``]]>``; ``if``, ``else`` and ``endif`` (Word's
HTML) end at ``]>``."""


def _defuse_html(text: str) -> str:
    """Escape each ``<`` that opens a tag never closed before the next tag opens.

    html.parser (before the 2025 security releases of Python) takes quadratic time over
    runs of unclosed tags such as ``<p <p <p``: a 2 MiB page of them would never finish.
    Such a ``<`` is text to a browser anyway. Comments, marked sections (``<![CDATA[ … ]]>``)
    and script or style contents are skipped whole, as the parser reads them; a comment or
    marked section that is never closed is escaped too (the parser would search the rest of
    the page for its end once per such opening).
    """
    closing = _Ahead(text, re.compile(">"))
    comment_end = _Ahead(text, re.compile(r"--\s*+>"))
    section_end = {
        "]]>": _Ahead(text, re.compile(r"]\s*+]\s*+>")),
        "]>": _Ahead(text, re.compile(r"]\s*+>")),
    }
    raw_end = {
        "script": _Ahead(text, re.compile(r"</script", re.I)),
        "style": _Ahead(text, re.compile(r"</style", re.I)),
    }
    out: list[str] = []
    done = at = 0
    while (m := _TAG_START.search(text, at)) is not None:
        at = m.start()
        name = _SECTION_NAME.match(text, at + 3) if text.startswith("<![", at) else None
        keyword = name.group().lower() if name else ""
        if text.startswith("<!--", at):
            end = comment_end.next(at + 4)
            if end is not None:
                at = end.end()
                continue
        elif keyword in _SECTIONS or keyword in ("if", "else", "endif"):
            end = section_end["]]>" if keyword in _SECTIONS else "]>"].next(at + 3)
            if end is not None:
                at = end.end()
                continue
        else:
            gt = closing.next(at + 1)
            if gt is not None and not _TAG_START.search(text, at + 1, gt.start()):
                raw = _RAW_TEXT_TAG.match(text, at)
                at = gt.end()
                if raw is not None:
                    close = raw_end[raw.group(1).lower()].next(at)
                    at = close.start() if close is not None else len(text)
                continue
        out.append(text[done:at])
        out.append("&lt;")
        done = at = at + 1
    out.append(text[done:])
    return "".join(out)


def _parse_html(text: str, source: str | None) -> _HtmlText:
    parser = _HtmlText()
    try:
        parser.feed(_defuse_html(text))
        parser.close()
    except (AssertionError, ValueError, IndexError) as exc:  # html.parser on odd markup
        raise _error(
            f"the HTML could not be read ({exc})", source, hint="save the page again"
        ) from None
    return parser


_HTML_TAG = re.compile(
    r"<(?:p|div|br|li|ul|ol|h[1-6]|strong|b|em|i|u|span|table|tr|section)\b[^<>]*>", re.I
)


def _rich_blocks(text: str) -> list[Block]:
    """Blocks from a field that holds either HTML (as JSON-LD descriptions do) or text."""
    if not _HTML_TAG.search(text):
        unescaped = html.unescape(text)
        if unescaped == text or not _HTML_TAG.search(unescaped):
            return [("p", line) for line in text.splitlines()]
        text = unescaped  # HTML escaped twice, as some job boards publish it
    return _parse_html(text, None).blocks
