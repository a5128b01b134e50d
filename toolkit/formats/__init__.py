"""Output formats: one module per format, each turning any kind's context into bytes.

:data:`FORMATS` is the only place that maps a format's name to its renderer; a format
module serves every kind that declares it (see :mod:`toolkit.documents.kinds`). HTML, PDF,
PNG and JSON are the same for every kind (a kind's template, its JSON data); Markdown,
plain text and Word have a writer per kind inside their module.

Heavy engines (WeasyPrint, python-docx, pypdfium2) are imported by the format modules, so
this registry imports each module only when its format is asked for: ``toolkit --help``
and a Markdown render never load WeasyPrint.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from toolkit.errors import UserError
from toolkit.formats.settings import Settings

if TYPE_CHECKING:
    from toolkit.documents.context import Document

Renderer = Callable[["Document", Settings], bytes]

FORMATS: dict[str, str] = {
    "pdf": "toolkit.formats.pdf",
    "docx": "toolkit.formats.docx",
    "html": "toolkit.formats.html",
    "md": "toolkit.formats.md",
    "txt": "toolkit.formats.txt",
    "json": "toolkit.formats.json",
    "png": "toolkit.formats.png",
}
"""Every format, by name: the module whose ``render(doc, settings)`` makes it."""


def renderer(fmt: str) -> Renderer:
    """The renderer of ``fmt``.

    Raises:
        UserError: for an unknown format, listing the formats.
    """
    module = FORMATS.get(fmt)
    if module is None:
        raise UserError(f"unknown format '{fmt}'; formats: {', '.join(FORMATS)}")
    render: Renderer = importlib.import_module(module).render
    return render


def render(doc: Document, fmt: str, settings: Settings | None = None) -> bytes:
    """``doc`` in ``fmt``, as bytes (text formats in UTF-8).

    Raises:
        UserError: for a format that ``doc``'s kind does not come in.
    """
    # lazy: the kinds registry loads every kind's builder and babel (~80 ms), which importing
    # this package (and so toolkit.formats.themes for `toolkit themes`) would otherwise pay
    from toolkit.documents.kinds import check_formats, get_kind

    check_formats(get_kind(doc.kind), [fmt])
    return renderer(fmt)(doc, settings or Settings())


__all__ = ["FORMATS", "Settings", "render", "renderer"]
