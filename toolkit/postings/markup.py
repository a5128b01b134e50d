"""HTML markup to blocks: the posting's text on a saved page, or the text of an HTML field.

A saved page is parsed by lxml (libxml2's HTML parser, which the toolkit already has through
python-docx). Nothing is fetched (no network, no DTD: the HTML parser reads no external
entities, and the toolkit never resolves a URL), nothing is run, and the page's own encoding
declaration is ignored: the text was decoded already. The steps, each linear in the page:

1. **Parse.** libxml2 stops at an element nested deeper than 256; such a page (broken or
   hostile) is read again after :func:`_flatten` has turned it into lines of text, without
   the hidden and chrome elements, so nothing past that point is lost.
2. **Walk** the tree once into a flat list of :class:`_Node` in document order, marking what a
   reader never sees (scripts, styles, templates, ``hidden``, ``display: none``, classes such
   as ``sr-only``) and, on a page, the chrome: navigation, asides, forms (a form that wraps
   the whole page, as ASP.NET's do, is kept), buttons, labels, dialogs, page headers and
   footers outside ``<main>`` and ``<article>``, ARIA landmarks of the site (banner,
   navigation, complementary, contentinfo, search), and elements whose class or id names
   cookies, sharing, similar or related jobs, breadcrumbs, menus, sidebars, widgets, maps,
   comments or printing.
3. **Choose the posting** (:func:`_choose_root`): an element whose class, id or test hook
   says job description or posting; else ``<main>`` (or ``role=main``); else the largest
   ``<article>``; else the densest block, scored as Readability does (paragraph text given to
   the parent in full and to the grandparent by half, less its link share). A candidate must
   hold a quarter of the page's text. The posting starts at its title when the title (the
   ``<h1>``, or an element whose class says title) comes before it or opens it, so the
   header facts between them (employer, place, pay) are kept.
4. **Drop** link-dense blocks (two links or more making half the text), sections under a
   heading such as "Similar jobs" or "Share this job", and a footer run at the posting's end
   (small print after a row of links).
5. **Emit** headings, list items and paragraphs as :data:`~toolkit.postings.raw.Block`
   (table cells joined with ``|``, ``<br>`` a line break, ``<pre>`` kept line by line),
   stopping at :data:`~toolkit.postings.raw.MAX_TEXT_CHARS`.

An HTML field (a JSON-LD description) is read the same way without steps 3 and 4: it has no
chrome to remove. Both the HTML page reader (:mod:`toolkit.postings.html`) and the JSON-LD
reader build on this module.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Final

from toolkit.postings.raw import MAX_TEXT_CHARS, Block, _error

log = logging.getLogger("toolkit")

# fmt: off
_HEADINGS: Final = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_BLOCKS: Final = _HEADINGS | frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
    "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
    "header", "hgroup", "html", "legend", "li", "main", "menu", "nav", "ol", "p", "pre",
    "section", "summary", "table", "tbody", "tfoot", "thead", "tr", "ul",
})
_NEVER_SHOWN: Final = frozenset({
    "audio", "canvas", "datalist", "embed", "head", "iframe", "map", "math", "meta", "noembed",
    "noframes", "noscript", "object", "script", "style", "svg", "template", "title", "video",
})
"""Elements whose content a reader never sees as text of the page."""
_FIELD_CHROME: Final = frozenset({
    "aside", "button", "dialog", "form", "nav", "select", "textarea",
})
"""Dropped from an HTML field too (the reader of old dropped them everywhere)."""
_PAGE_CHROME: Final = _FIELD_CHROME | frozenset({
    "input", "label", "meter", "optgroup", "option", "output", "progress",
})
_CHROME_ROLES: Final = frozenset({
    "alertdialog", "banner", "button", "complementary", "contentinfo", "dialog", "menu",
    "menubar", "navigation", "search", "toolbar",
})
_CHROME_WORDS: Final = frozenset({
    "advert", "advertisement", "ads", "breadcrumb", "breadcrumbs", "btn", "button", "colophon",
    "comment", "comments", "consent", "cookie", "cookies", "gdpr", "mapbox",
    "masthead", "menu", "modal", "nav", "navbar", "navigation", "newsletter", "pager",
    "pagination", "popup", "print", "recommend", "recommendations", "recommended", "related",
    "report", "search", "searchbar", "share", "sharing", "sidebar", "similar", "skip", "social",
    "subscribe", "toolbar", "topbar", "widget", "widgets",
})
"""Words in a class, id or test hook that name page chrome (``jn-share-fb``, ``similarJobs``)."""
_HIDDEN_CLASSES: Final = frozenset({
    "d-none", "hidden", "hide", "invisible", "is-hidden", "screen-reader-text", "sr-only",
    "u-hidden", "visually-hidden", "visuallyhidden",
})
"""Whole class names that conventionally hide an element (Bootstrap, WordPress, Tailwind)."""
_VOID: Final = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
})
# fmt: on
_HINT_ATTRIBUTES: Final = (
    "id",
    "class",
    "data-automation-id",
    "data-qa",
    "data-testid",
    "itemprop",
)
_NO_DISPLAY = re.compile(r"display\s*+:\s*+none|visibility\s*+:\s*+hidden", re.I)
_EMPTY_CELLS = re.compile(r"\|(?:\s*+\|)++")
_WORD = re.compile(r"[A-Z]?[a-z]++|[A-Z]++(?![a-z])|\d++")
"""The words of a class name: ``jobPostingDescription`` -> job, Posting, Description."""
_POSTING_HINT = re.compile(
    r"(?:jobs?|postings?|vacanc(?:y|ies)|positions?|careers?|requisitions?)[-_ ]*+"
    r"(?:description|desc|details?|body|content|text|summary|info|posting|view|ad(?![a-z]))"
    r"|jobposting|itemprop:description"
)
"""A hint (class, id, test hook, microdata) joined lower-case: a job description or posting."""
_TITLE_HINT = re.compile(r"title|headline")
_CHROME_HEADING = re.compile(
    r"^(?:(?:similar|related|recommended|more|other)\b.{0,30}?\b(?:jobs?|positions?|"
    r"openings?|roles?|vacancies|careers?|posts?|opportunities)\b|share\b|report\b|"
    r"people (?:also )?(?:viewed|searched)|you (?:may|might) (?:also )?(?:like|be interested)|"
    r"jobs? (?:you may|for you)|recently viewed)",
    re.I,
)
"""A heading that opens chrome: "Similar jobs", "Share this job", "People also viewed"."""
_SURROGATE = re.compile("[\ud800-\udfff]")
_NO_WORDS: Final[frozenset[str]] = frozenset()

MAX_DEPTH: Final = 256
"""libxml2 stops reading at an element nested deeper than this (without its "huge" option,
which only moves the limit to 2048 and lifts the size limits)."""
_MIN_SHARE: Final = 0.25
"""A candidate for the posting holds at least this share of the page's text."""


@dataclass
class _Page:
    """What a page gives: its blocks of text, its JSON-LD scripts, its canonical link."""

    blocks: list[Block] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)
    canonical: str | None = None


@dataclass(slots=True)
class _Node:
    """One element, in document order. ``end`` is the index of its last descendant."""

    tag: str
    parent: int
    text: str
    tail: str
    end: int = 0
    hidden: bool = False  # never shown: skipped with its subtree, in every mode
    chrome: bool = False  # page chrome: skipped with its subtree on a page
    link: bool = False
    landmark: str = ""  # "main" (<main>, role=main) or "article"
    hint: int = 0  # 2: names a job description or posting; 1: names a title
    size: int = 0  # characters of text inside (no spaces), once measured
    linked: int = 0  # of which inside links
    links: int = 0
    own: int = 0  # characters of its own text (not in a block inside it)
    own_linked: int = 0
    own_links: int = 0
    score: float = 0.0


def _parse_html(text: str, source: str | None, *, page: bool = True) -> _Page:
    """Read HTML into blocks; a page (``page=True``) loses its chrome to its posting.

    Raises:
        InputError: libxml2 could not read the markup at all.
    """
    from lxml import etree  # type: ignore[import-untyped]  # lazy: lxml costs ~45 ms at start-up

    text = _SURROGATE.sub("\ufffd", text)  # a lone surrogate cannot be encoded
    result = _Page()
    try:
        root, deep = _parse_tree(etree, text)
        if root is None:
            return result
        for script in root.iter("script"):  # in the head, before any deep nesting
            kind = str(script.get("type") or "").split(";")[0].strip().lower()
            if kind == "application/ld+json":
                result.scripts.append(str(script.text or ""))
        for link in root.iter("link"):
            if "canonical" in str(link.get("rel") or "").lower().split():
                result.canonical = str(link.get("href") or "").strip() or None
                break
        if deep:
            log.warning(
                "%s: the page nests elements deeper than %d; it was read as plain lines",
                source or "input",
                MAX_DEPTH,
            )
            root, _ = _parse_tree(etree, _flatten(text))
            if root is None:
                return result
    except (etree.LxmlError, ValueError) as exc:
        raise _error(
            f"the HTML could not be read ({exc})", source, hint="save the page again"
        ) from None
    nodes = _walk(root, page=page)
    if not nodes:
        return result
    start = root_index = 0
    if page:
        _measure(nodes)
        root_index = _choose_root(nodes)
        start = _title_start(nodes, root_index)
        _drop_clutter(nodes, start, root_index)
    result.blocks = _emit(nodes, start, root_index)
    return result


def _parse_tree(etree: Any, text: str) -> tuple[Any, bool]:
    """The tree of ``text`` (None when empty), and whether libxml2 stopped before its end."""
    parser = etree.HTMLParser(
        encoding="utf-8",  # the text was decoded already: a <meta charset> changes nothing
        no_network=True,
        remove_comments=True,
        remove_pis=True,
        huge_tree=False,  # keeps the depth limit, so every walk of the tree stays short
        default_doctype=False,
        collect_ids=False,
    )
    root = etree.fromstring(text.encode("utf-8"), parser)
    stopped = any(error.level_name == "FATAL" for error in parser.error_log)
    return root, stopped


# --- 2. the walk ----------------------------------------------------------------------------


def _attribute(attributes: Any, name: str) -> str:
    value = attributes.get(name)
    return value if isinstance(value, str) else ""


def _words(attributes: Any) -> tuple[frozenset[str], str]:
    """The lower-case words of an element's class, id and test hooks, and the hooks joined."""
    words: set[str] = set()
    hints: list[str] = []
    for name in _HINT_ATTRIBUTES:
        value = _attribute(attributes, name)
        if not value:
            continue
        for item in value.split():
            if ":" in item:  # a Tailwind variant (print:hidden, md:flex) says nothing here
                continue
            hints.append(item.lower())
            words.update(w.lower() for w in _WORD.findall(item))
        if name == "itemprop":
            hints.append("itemprop:" + value.lower())
    if _attribute(attributes, "itemtype").lower().endswith("jobposting"):
        hints.append("jobposting")
    return frozenset(words), " ".join(hints)


def _is_hidden(attributes: Any, tag: str) -> bool:
    """Whether an element with these attributes is hidden (its tag aside)."""
    if attributes.get("hidden") is not None:
        return True
    if _attribute(attributes, "aria-hidden").lower() == "true" and tag not in _BLOCKS:
        return True  # an icon; a block marked so is often shown (a visible duplicate)
    if tag == "dialog" and attributes.get("open") is None:
        return True
    if _NO_DISPLAY.search(_attribute(attributes, "style")):
        return True
    return not _HIDDEN_CLASSES.isdisjoint(_attribute(attributes, "class").lower().split())


def _walk(root: Any, *, page: bool) -> list[_Node]:
    """The elements in document order, with what a reader never sees marked.

    A hidden element keeps no descendants (they are never read). On a page, chrome is marked
    by tag, ARIA role, and the words of its class and id; a form that holds the page's
    ``<main>``, ``<article>`` or ``<h1>``, or half its elements, is a page wrapper and kept.
    """
    nodes: list[_Node] = []
    stack: list[tuple[Any, int]] = [(root, -1)]  # (element, parent); (None, index) leaves
    landmarks = 0  # <main> and <article> elements open
    forms: list[int] = []
    while stack:
        element, parent = stack.pop()
        if element is None:
            nodes[parent].end = len(nodes) - 1
            landmarks -= nodes[parent].landmark != ""
            continue
        tag = element.tag
        if not isinstance(tag, str):  # not an element (the parser drops comments already)
            continue
        tag = tag.lower()
        index = len(nodes)
        node = _Node(tag, parent, element.text or "", element.tail or "", end=index)
        nodes.append(node)
        attributes = element.attrib
        if tag in _NEVER_SHOWN or ((attributes or tag == "dialog") and _is_hidden(attributes, tag)):
            node.hidden = True
            continue
        role, words, hints = "", _NO_WORDS, ""
        if attributes:
            role = _attribute(attributes, "role").lower()
            node.link = tag == "a" and attributes.get("href") is not None
            words, hints = _words(attributes)
            if _POSTING_HINT.search(hints):
                node.hint = 2
            elif _TITLE_HINT.search(hints) and "site" not in words:
                node.hint = 1
        if tag in ("main", "article") or role == "main":
            node.landmark = "article" if tag == "article" else "main"
            landmarks += 1
        if page:
            node.chrome = (
                tag in _PAGE_CHROME
                or role in _CHROME_ROLES
                or (tag in ("header", "footer") and not landmarks)
                or not _CHROME_WORDS.isdisjoint(words)
            )
            if tag == "form":
                forms.append(index)
        elif tag in _FIELD_CHROME:
            node.chrome = True
        stack.append((None, index))
        stack.extend((child, index) for child in reversed(list(element)))
    if forms:
        _keep_wrapping_forms(nodes, forms)
    return nodes


def _keep_wrapping_forms(nodes: list[_Node], forms: list[int]) -> None:
    """A form around the page's content (ASP.NET wraps every page in one) is not chrome."""
    before = [0]  # how many <main>, <article> and <h1> come before each node
    for node in nodes:
        before.append(before[-1] + (node.landmark != "" or node.tag == "h1"))
    for index in forms:
        node = nodes[index]
        inside = node.end - index
        if 2 * inside >= len(nodes) or before[node.end + 1] > before[index + 1]:
            node.chrome = False


# --- measuring ------------------------------------------------------------------------------


def _weight(text: str) -> int:
    """Characters that count as text: no spaces."""
    return sum(map(len, text.split())) if text else 0


def _skipped(node: _Node) -> bool:
    return node.hidden or node.chrome


def _visit(nodes: list[_Node], start: int, stop: int) -> Iterator[tuple[int, bool]]:
    """``(index, entering)`` over the shown nodes from ``start`` to ``stop``, in order.

    A node is left (``entering`` false) after its last descendant, and its tail comes next.
    A skipped node is not entered, but its tail is read: it is reported once as a leaving,
    with ``-index - 1``.
    """
    open_nodes: list[int] = []
    i = start
    while i <= stop:
        while open_nodes and nodes[open_nodes[-1]].end < i:
            yield open_nodes.pop(), False
        node = nodes[i]
        if _skipped(node):
            yield -i - 1, False
            i = node.end + 1
            continue
        open_nodes.append(i)
        yield i, True
        i += 1
    while open_nodes:
        yield open_nodes.pop(), False


def _measure(nodes: list[_Node]) -> None:
    """Each shown node's text size, link text and links, and Readability's score.

    Readability scores each paragraph (the text of one block) of 25 characters or more as
    1, plus 1 a comma, plus 1 a hundred characters (3 at most), and gives the score to the
    paragraph's parent in full and to its grandparent by half.
    """
    commas: dict[int, int] = {}
    starts = [0] * len(nodes)
    total = 0
    links: list[int] = []
    blocks: list[int] = []

    def add(text: str) -> None:
        nonlocal total
        weight = _weight(text)
        if not weight:
            return
        total += weight
        owner = blocks[-1] if blocks else 0
        nodes[owner].own += weight
        commas[owner] = commas.get(owner, 0) + text.count(",")
        if links:
            nodes[links[-1]].linked += weight
            nodes[owner].own_linked += weight

    for index, entering in _visit(nodes, 0, nodes[0].end):
        if index < 0:
            add(nodes[-index - 1].tail)
            continue
        node = nodes[index]
        if entering:
            starts[index] = total
            if node.tag in _BLOCKS or node.tag in ("td", "th"):
                blocks.append(index)
            if node.link:
                links.append(index)
                nodes[blocks[-1] if blocks else 0].own_links += 1
            add(node.text)
            continue
        if blocks and blocks[-1] == index:
            blocks.pop()
        if links and links[-1] == index:
            links.pop()
        node.size = total - starts[index]
        if node.parent >= 0:
            up = nodes[node.parent]
            up.linked += node.linked
            up.links += node.links + node.link
        add(node.tail)
    for owner, count in commas.items():
        chars = nodes[owner].own
        if chars < 25:
            continue
        score = 1 + count + min(chars / 100, 3)
        parent = nodes[owner].parent
        if parent >= 0:
            nodes[parent].score += score
            if nodes[parent].parent >= 0:
                nodes[nodes[parent].parent].score += score / 2


def _link_share(node: _Node) -> float:
    return node.linked / node.size if node.size else 0.0


def _inner_text(nodes: list[_Node], index: int) -> str:
    """The text of a node and its shown descendants, spaces collapsed."""
    parts: list[str] = []
    for i, entering in _visit(nodes, index, nodes[index].end):
        if i < 0:
            parts.append(nodes[-i - 1].tail)
        elif entering:
            parts.append(nodes[i].text)
        elif i != index:
            parts.append(nodes[i].tail)
    return " ".join("".join(parts).split())


# --- 3. choosing the posting ----------------------------------------------------------------


def _shown(nodes: list[_Node], index: int) -> bool:
    """Whether neither the node nor any of its ancestors is skipped."""
    while index >= 0:
        if _skipped(nodes[index]):
            return False
        index = nodes[index].parent
    return True


def _choose_root(nodes: list[_Node]) -> int:
    """The element that holds the posting on a page (the page itself when nothing does).

    A hinted element, ``<main>`` or ``<article>`` gives way to the densest block when that
    lies outside it and holds more text (the hint named a box of facts, not the posting).
    """
    total = nodes[0].size
    if not total:
        return 0
    enough = _MIN_SHARE * total
    # at most four unrelated nodes hold a quarter of the text each: few, with their ancestors
    shown = [i for i, node in enumerate(nodes) if node.size >= enough and _shown(nodes, i)]
    densest, best = 0, 0.0
    for i in shown:
        score = nodes[i].score * (1 - _link_share(nodes[i]))
        if score > best:
            densest, best = i, score
    for found in (
        [i for i in shown if nodes[i].hint == 2],
        [i for i in shown if nodes[i].landmark == "main"],
        [i for i in shown if nodes[i].landmark == "article"],
    ):
        if found:
            root = max(found, key=lambda i: (nodes[i].size, -i))
            outside = not root <= densest <= nodes[root].end
            if outside and not densest <= root <= nodes[densest].end:
                return densest if nodes[densest].size > nodes[root].size else root
            return root
    return densest


def _title_start(nodes: list[_Node], root: int) -> int:
    """Where the posting starts: at its title when that opens it or comes before it.

    The title is the first ``<h1>`` in the posting, else the last one before it, else an
    element whose class or id says title, found the same way. A title that follows more than
    a fifth of the posting's text is a section heading, not the title.
    """
    end = nodes[root].end
    for wanted in ("h1", None):
        before = None
        for i in range(end + 1):
            node = nodes[i]
            found = node.tag == "h1" if wanted else node.hint == 1
            if not found or not node.size or not _shown(nodes, i):
                continue
            if i > root:
                if _text_between(nodes, root, i) <= 0.2 * nodes[root].size:
                    return i
                break
            if node.end < root:
                before = i
        if before is not None:
            return before
    return root


def _text_between(nodes: list[_Node], start: int, stop: int) -> int:
    """How much shown text lies from the start of node ``start`` to the start of ``stop``."""
    size = 0
    for index, entering in _visit(nodes, start, stop - 1):
        if index < 0:
            size += _weight(nodes[-index - 1].tail)
        elif entering:
            size += _weight(nodes[index].text)
        elif nodes[index].end < stop:
            size += _weight(nodes[index].tail)
    return size


# --- 4. clutter inside the posting ----------------------------------------------------------


def _drop_clutter(nodes: list[_Node], start: int, root: int) -> None:
    """Mark link-dense blocks, chrome sections and a closing footer run as chrome."""
    keep = set()  # the posting's node, its start, and their ancestors: never clutter
    for index in (start, root):
        while index >= 0:
            keep.add(index)
            index = nodes[index].parent
    link_dense: set[int] = set()
    i = start
    while i <= nodes[root].end:
        node = nodes[i]
        if _skipped(node):
            i = node.end + 1
            continue
        if i not in keep and _link_dense(node, nodes[root].size):
            node.chrome = True
            link_dense.add(i)
            i = node.end + 1
            continue
        if node.tag in _HEADINGS and _CHROME_HEADING.match(_inner_text(nodes, i)):
            _drop_section(nodes, i, keep)
            i = node.end + 1
            continue
        i += 1
    _drop_footer_run(nodes, root, link_dense)


def _link_dense(node: _Node, posting: int) -> bool:
    """Two links or more, making half the text: of the whole node, or of its own text when
    it is small beside the posting (a row of links with small print nested in it)."""
    if node.links >= 2 and 2 * node.linked >= node.size:
        return True
    return node.own_links >= 2 and 2 * node.own_linked >= node.own and 5 * node.size < posting


def _children(nodes: list[_Node], parent: int) -> list[int]:
    children = []
    i = parent + 1
    while i <= nodes[parent].end:
        children.append(i)
        i = nodes[i].end + 1
    return children


def _drop_section(nodes: list[_Node], heading: int, keep: set[int]) -> None:
    """Drop a chrome heading with what it heads: the box it opens, or else its following
    siblings up to the next heading of its rank or higher."""
    node = nodes[heading]
    siblings = [i for i in _children(nodes, node.parent) if not _skipped(nodes[i])]
    if node.parent not in keep and siblings[0] == heading:
        nodes[node.parent].chrome = True
        return
    node.chrome = True
    for sibling in siblings:
        if sibling <= heading:
            continue
        if nodes[sibling].tag in _HEADINGS and nodes[sibling].tag <= node.tag:
            break
        if sibling not in keep:
            nodes[sibling].chrome = True


def _drop_footer_run(nodes: list[_Node], root: int, link_dense: set[int]) -> None:
    """Drop small print after the posting's last row of links ("Best viewed at 800x600")."""
    children = [i for i in _children(nodes, root) if not _skipped(nodes[i]) or i in link_dense]
    run: list[int] = []
    for i in reversed(children):
        if i not in link_dense and (nodes[i].size >= 150 or nodes[i].tag in _HEADINGS):
            break
        run.append(i)
    dense = [i for i in run if i in link_dense]
    if dense and len(run) < len(children):
        for i in run:
            if i > min(dense):
                nodes[i].chrome = True


# --- 5. emitting blocks ---------------------------------------------------------------------


class _Emitter:
    """Collects the text of shown nodes into blocks, broken where a browser breaks lines."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.parts: list[str] = []
        self.heading = 0
        self.pre = 0
        self.cells = 0
        self.bullet = False
        self.size = 0

    def data(self, text: str) -> None:
        if not text:
            return
        if self.pre:
            *lines, last = text.split("\n")
            for line in lines:
                self.parts.append(line)
                self.flush()
            self.parts.append(last)
        else:
            self.parts.append(text)

    def flush(self) -> None:
        if not self.parts:
            return
        text = " ".join("".join(self.parts).split())
        self.parts.clear()
        if "|" in text and self.cells:
            text = _EMPTY_CELLS.sub("|", text).strip(" |")
        if not text:
            return
        kind = "li" if self.bullet else "h" if self.heading else "p"
        self.bullet = False
        self.blocks.append((kind, text))
        self.size += len(text) + 1

    def enter(self, tag: str) -> None:
        if tag in _BLOCKS or tag in ("br", "hr"):
            self.flush()
        if tag in _HEADINGS:
            self.heading += 1
        elif tag == "pre":
            self.pre += 1
        elif tag == "li":
            self.bullet = True
        elif tag == "tr":
            self.cells = 0
        elif tag in ("td", "th"):
            if self.cells:
                self.parts.append(" | ")
            self.cells += 1

    def leave(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.flush()
        if tag in _HEADINGS:
            self.heading -= 1
        elif tag == "pre":
            self.pre -= 1
        elif tag in ("tr", "table"):
            self.cells = 0


def _emit(nodes: list[_Node], start: int, root: int) -> list[Block]:
    """The blocks from the start of node ``start`` to the end of node ``root``."""
    out = _Emitter()
    ancestors = []
    index = nodes[start].parent
    while index >= 0:
        ancestors.append(nodes[index].tag)
        index = nodes[index].parent
    for tag in reversed(ancestors):  # the start may sit in a heading, a list item, a <pre>
        if tag in _HEADINGS or tag in ("pre", "li"):
            out.enter(tag)
    for index, entering in _visit(nodes, start, nodes[root].end):
        if out.size > MAX_TEXT_CHARS:
            break
        if index < 0:
            out.data(nodes[-index - 1].tail)
        elif entering:
            out.enter(nodes[index].tag)
            out.data(nodes[index].text)
        else:
            out.leave(nodes[index].tag)
            if not index <= root <= nodes[index].end:  # a tail inside the posting
                out.data(nodes[index].tail)
    out.flush()
    return out.blocks


# --- pages nested too deep ------------------------------------------------------------------

_MARKUP = re.compile(r"<(?:!|\?|/?[A-Za-z])")
_TAG = re.compile(r"<(/?)([A-Za-z][^\s/>]*+)((?:[^>\"']++|\"[^\"]*+\"|'[^']*+')*+)>")
"""A start or end tag; quoted attribute values may hold ``>``. No match: the tag runs to the
end of the page (a quote or the ``>`` never comes), and a browser shows nothing of the rest."""
_HIDING = re.compile(
    r"""(?:^|\s)(?:hidden|aria-hidden\s*+=\s*+["']?true)(?=[\s=/"']|$)"""
    r"""|display\s*+:\s*+none|visibility\s*+:\s*+hidden"""
    r"""|class\s*+=\s*+["']?(?:[^"'>]*?\s)??(?:"""
    + "|".join(map(re.escape, sorted(_HIDDEN_CLASSES)))
    + r""")(?=[\s"'>]|$)""",
    re.I,
)
_RAW_TEXT: Final = frozenset(
    {"iframe", "noembed", "noframes", "script", "style", "textarea", "title", "xmp"}
)
"""Elements whose content is text up to their end tag, never markup."""
_FLAT_SKIPPED: Final = (_NEVER_SHOWN | _PAGE_CHROME) - {"form", "head", "map"}
"""Elements dropped with their content from a page read flat: not a form (ASP.NET wraps the
page in one), and not elements whose end tag pages often leave out."""
_ENDS_ITSELF: Final = frozenset({"dd", "dt", "li", "option", "p", "td", "th", "tr"})
"""Elements that a start tag of their own kind closes."""


def _flatten(text: str) -> str:
    """The page as lines: block tags become ``<br>``, list items a bullet, other tags nothing.

    For a page nested deeper than libxml2 reads. Hidden and chrome elements, scripts, styles
    and comments are dropped with their content (one never closed drops the rest of the page:
    the safe side). The text is scanned once, forward.
    """
    out: list[str] = []
    skip_name, skip_depth = "", 0
    raw_ends: dict[str, re.Pattern[str]] = {}
    at = 0
    broken = True  # no text since the last line break
    while (m := _MARKUP.search(text, at)) is not None:
        if not skip_depth and m.start() > at:
            out.append(text[at : m.start()])
            broken = broken and out[-1].isspace()
        at = m.start()
        if text.startswith(("<!", "<?"), at):  # a comment, doctype or marked section
            comment = text.startswith("<!--", at)
            end = text.find("-->", at + 4) + 3 if comment else text.find(">", at + 2) + 1
            if end < 3:
                return "".join(out)  # never closed: the rest is inside it, as in a browser
            at = end
            continue
        tag = _TAG.match(text, at)
        if tag is None:
            return "".join(out)  # a tag open to the end: the rest is inside it
        at = tag.end()
        closing, name = tag.group(1) == "/", tag.group(2).lower()
        if name in _RAW_TEXT and not closing:
            pattern = raw_ends.setdefault(name, re.compile("</" + name, re.I))
            found = pattern.search(text, at)
            if found is None:
                return "".join(out)
            at = found.start()
            continue
        if skip_depth:
            if name != skip_name or name in _VOID:
                continue
            if closing:
                skip_depth -= 1
            elif name in _ENDS_ITSELF and skip_depth == 1:
                skip_depth = 0
                at = tag.start()  # the hidden one ends here: read this tag again
            else:
                skip_depth += 1
            continue
        if name in _VOID:  # no content to skip, and no end tag to end a skip
            if name in ("br", "hr") and not broken:
                out.append("<br>")
                broken = True
            continue
        if not closing and (name in _FLAT_SKIPPED or _HIDING.search(tag.group(3))):
            skip_name, skip_depth = name, 1
            continue
        if not broken and (name in _BLOCKS or name in ("td", "th")):
            out.append("<br>")
            broken = True
        if name == "li" and not closing:
            out.append("\u2022 ")
            broken = False
    if not skip_depth:
        out.append(text[at:])
    return "".join(out)


# --- HTML in a field ------------------------------------------------------------------------

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
    return _parse_html(text, None, page=False).blocks
