"""PDF through WeasyPrint, from the same HTML the HTML format gives, with safe fetching.

The PDF is tagged (PDF/UA-1), so screen readers and applicant-tracking parsers read it in
order; its metadata (title, author, language, dates) comes from the document context; it
names no tool and holds no local path. Its links are http, https, mailto and tel links and
``#anchor`` links only: any other (``javascript:``, ``file:``, a UNC path, or a relative
link, which WeasyPrint resolves against the templates folder) loses its link annotation and
keeps its text.
"""

from __future__ import annotations

import atexit
import ctypes.util
import hashlib
import io
import logging
import re
import shutil
import threading
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.documents.context import Document, Meta
from toolkit.errors import RenderError
from toolkit.formats import native
from toolkit.formats.html import allowed_link, html_of
from toolkit.formats.settings import Settings
from toolkit.formats.themes import templates_root
from toolkit.recent import Recent

log = logging.getLogger("toolkit")

# WeasyPrint's layout shares font caches between calls; serialise renders within a process
# so threads of a calling app never interleave inside it.
_LOCK = threading.Lock()
_SLOW_PATH_WARNED = False
_BUILTIN_FONTS: Any = None
_XMP_PRODUCER = re.compile(rb'<rdf:Description rdf:about="" pdf:Producer="[^"]*"\s*/>')


def _warn_if_slow_path() -> None:
    """Warn once when HarfBuzz's subsetter is missing: WeasyPrint then runs much slower."""
    global _SLOW_PATH_WARNED
    if _SLOW_PATH_WARNED:
        return
    _SLOW_PATH_WARNED = True
    if ctypes.util.find_library("harfbuzz-subset") is None:
        log.warning(
            "the system library libharfbuzz-subset0 is missing, so PDFs render several times "
            "slower; install it (Debian/Ubuntu: apt-get install libharfbuzz-subset0)"
        )


def _finisher(meta_date: str) -> Any:
    def finish(document: Any, pdf: Any) -> None:
        import pydyf  # lazy: WeasyPrint's PDF writer, loaded with it at the first layout

        # No tool name in the file: the document is the person's own.
        pdf.info.pop("Producer", None)
        pdf.info.pop("Creator", None)
        for obj in pdf.objects:
            if isinstance(obj, pydyf.Stream) and obj.extra.get("Type") == "/Metadata":
                obj.stream = [_XMP_PRODUCER.sub(b"", part) for part in obj.stream]
        stamp = "D:" + meta_date.replace("-", "") + "000000Z"
        pdf.info["CreationDate"] = pydyf.String(stamp)
        pdf.info["ModDate"] = pydyf.String(stamp)

    return finish


def _fonts(extra_roots: list[Path] | None) -> Any:
    """The font configuration: one kept for the built-in templates (their fonts are loaded
    once per process, not once per document), a fresh one for user templates, so fonts one
    caller's template declares never reach another caller's documents. Call under _LOCK."""
    global _BUILTIN_FONTS
    native.import_weasyprint()
    from weasyprint.text.fonts import FontConfiguration  # lazy: WeasyPrint (imported above)

    if extra_roots:
        config = FontConfiguration()
        # its folder (made when a font is added) goes when the configuration is collected,
        # and at exit at the latest: the command line ends without tearing the interpreter
        # down. Only a weak reference is held, so a long-running app keeps no configuration.
        atexit.register(_remove_if_alive, weakref.ref(config))
        return config
    if _BUILTIN_FONTS is None:
        _BUILTIN_FONTS = FontConfiguration()
        # WeasyPrint removes the configuration's folder of font files when the object is
        # collected; a process that ends without tearing the interpreter down (the command
        # line's quick exit) still runs exit handlers, so the folder goes then too
        atexit.register(_remove_font_folder, _BUILTIN_FONTS)
    return _BUILTIN_FONTS


def _remove_if_alive(ref: Any) -> None:
    config = ref()
    if config is not None:
        _remove_font_folder(config)


def _remove_font_folder(config: Any) -> None:
    folder = getattr(config, "_folder", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        # nothing left for WeasyPrint's own clean-up, which may run at interpreter teardown,
        # when the standard library it calls is gone
        config._folder = None


def _document(html: str, extra_roots: list[Path] | None) -> Any:
    """Lay out the HTML with the restricted fetcher (WeasyPrint's Document). Call under _LOCK."""
    # lazy: WeasyPrint loads at the first layout, not when this module is imported (tests
    # and bench/breakdown.py import it to reach its helpers), and through the shortcuts
    native.import_weasyprint()
    from weasyprint import HTML  # lazy: as above

    from toolkit.formats.fetch import SafeFetcher  # lazy: imports WeasyPrint at its top

    fetcher = SafeFetcher([templates_root(), *(extra_roots or [])])
    base_url = templates_root().as_uri() + "/"
    fonts = _fonts(extra_roots)
    sheets: list[Any] = []
    if not extra_roots:
        html, sheets = _theme_stylesheet(html, fonts, fetcher, base_url)
    page = HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    return page.render(font_config=fonts, stylesheets=sheets)


_THEME_STYLE = re.compile(r"<style>\n(.*?)\n</style>", re.DOTALL)
"""The theme's stylesheet as the built-in templates write it into the head."""
_SHEETS: Recent[str, Any] = Recent(keep=16)
"""Parsed theme stylesheets by their text (see _theme_stylesheet)."""


def _theme_stylesheet(html: str, fonts: Any, fetcher: Any, base_url: str) -> tuple[str, list[Any]]:
    """The HTML without its theme stylesheet, and that stylesheet parsed: once per process
    for each theme and settings, not once per document (7 ms of a 140 ms resume).

    Only for the built-in templates, whose fonts live in the configuration kept for the
    process (the stylesheet's ``@font-face`` rules add them to it as it is parsed). WeasyPrint
    takes a parsed stylesheet as a user stylesheet, not an author's; with no other author or
    user stylesheet, its rules rank against the browser's own as they did, and the PDF is
    byte for byte the same (tests/test_page_layout.py). Call under _LOCK.
    """
    from weasyprint import CSS  # lazy: WeasyPrint, imported by the caller

    found = _THEME_STYLE.search(html)
    if found is None:
        return html, []
    text = found.group(1)
    sheet = _SHEETS.get(text)
    if sheet is None:
        css = CSS(
            string=text,
            base_url=base_url,
            url_fetcher=fetcher,
            media_type="print",
            font_config=fonts,
        )
        sheet = _SHEETS.put(text, css)
    return html[: found.start()] + html[found.end() :], [sheet]


def _drop_unsafe_links(document: Any) -> None:
    """Keep only the links a reader may follow (see :func:`~toolkit.formats.html.allowed_link`)
    and internal ones; attachments stay (the fetcher has vetted them, and the PDF names
    them by their file name alone)."""
    for page in document.pages:
        page.links[:] = [
            link for link in page.links if link[0] != "external" or allowed_link(link[1])
        ]


@dataclass(frozen=True)
class Layout:
    """What laying a document out showed: its pages, and how full the last one is."""

    pages: int
    last_fill: float
    """The share of the last page's text area that holds content (0 to 1)."""


# The last few documents laid out to count their pages, by their HTML, so that fitting does
# not lay the same HTML out twice and writing the chosen one to a PDF right after (the usual
# order: fit, then render) reuses its layout. A write takes its document out; a long-running
# app holds no more than four.
_LAID: Recent[tuple[str, tuple[str, ...]], Any] = Recent(keep=4)
# let them go before the interpreter tears modules down: a kept document holds its font
# configuration, whose clean-up needs the standard library still in place
atexit.register(_LAID.clear)


def _key(html: str, extra_roots: list[Path] | None) -> tuple[str, tuple[str, ...]]:
    digest = hashlib.sha256(html.encode()).hexdigest()
    return digest, tuple(str(root) for root in extra_roots or ())


def _last_fill(document: Any) -> float:
    """How far down the last page's text area its content reaches (running headers and
    footers in the page margins left out)."""
    from weasyprint.formatting_structure.boxes import (  # lazy: WeasyPrint, laid out already
        LineBox,
        MarginBox,
        ReplacedBox,
    )

    page = document.pages[-1]._page_box
    top, height = page.content_box_y(), page.height
    bottom = top
    for child in page.children:
        if isinstance(child, MarginBox):
            continue
        for box in child.descendants():
            if isinstance(box, LineBox | ReplacedBox):
                bottom = max(bottom, box.position_y + box.margin_height())
    return 0.0 if height <= 0 else min(1.0, max(0.0, (bottom - top) / height))


def lay_out(html: str, *, extra_roots: list[Path] | None = None) -> Layout:
    """Lay ``html`` out (no PDF is written): its page count and last page's fill."""
    _warn_if_slow_path()
    key = _key(html, extra_roots)
    try:
        with _LOCK:
            document = _LAID.get(key)
            if document is None:
                document = _LAID.put(key, _document(html, extra_roots))
            return Layout(len(document.pages), _last_fill(document))
    except Exception as exc:
        raise RenderError(f"{type(exc).__name__}: {exc}", fmt="pdf") from exc


def count_pages(html: str, *, extra_roots: list[Path] | None = None) -> int:
    """How many pages ``html`` lays out to (no PDF is written)."""
    return lay_out(html, extra_roots=extra_roots).pages


def _laid_out(html: str, extra_roots: list[Path] | None) -> Any:
    """The document laid out for ``html``: the one kept by :func:`lay_out` (taken, so it is
    written once), else a new layout. Call under _LOCK."""
    document = _LAID.pop(_key(html, extra_roots))
    return document if document is not None else _document(html, extra_roots)


def render_pdf(html: str, meta: Meta, *, extra_roots: list[Path] | None = None) -> bytes:
    """Lay out ``html`` and return the PDF bytes.

    Args:
        html: the document's HTML (from :func:`toolkit.formats.html.render_html`).
        meta: the document's metadata (its date stamps the file).
        extra_roots: more folders the fetcher may read from (e.g. user templates).

    Raises:
        RenderError: if WeasyPrint fails.
    """
    _warn_if_slow_path()
    try:
        with _LOCK:
            document = _laid_out(html, extra_roots)
            _drop_unsafe_links(document)
            out = io.BytesIO()
            document.write_pdf(
                out,
                pdf_variant="pdf/ua-1",
                pdf_identifier=_identifier(html),
                finisher=_finisher(meta.date),
            )
    except Exception as exc:  # WeasyPrint raises many kinds; say which format failed
        raise RenderError(f"{type(exc).__name__}: {exc}", fmt="pdf") from exc
    return out.getvalue()


def _identifier(html: str) -> bytes:
    """A stable file identifier: the same input gives the same bytes."""
    return hashlib.md5(html.encode(), usedforsecurity=False).hexdigest().encode()


def render(doc: Document, settings: Settings) -> bytes:
    """``doc`` as a tagged PDF, laid out from its HTML."""
    return render_pdf(html_of(doc, settings), doc.meta, extra_roots=settings.extra_roots)


def pages(doc: Document, settings: Settings) -> int:
    """How many pages ``doc``'s PDF has (laid out, not written)."""
    return layout(doc, settings).pages


def layout(doc: Document, settings: Settings) -> Layout:
    """How ``doc``'s PDF lays out (not written): its pages and how full the last one is."""
    return lay_out(html_of(doc, settings), extra_roots=settings.extra_roots)
