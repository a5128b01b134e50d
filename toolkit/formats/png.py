"""PNG previews of a PDF's pages (pypdfium2), for a look before opening the file."""

from __future__ import annotations

import io

from toolkit.documents.context import Document
from toolkit.errors import RenderError
from toolkit.formats.settings import Settings


def pdf_to_pngs(pdf: bytes, *, dpi: int = 100) -> list[bytes]:
    """One PNG per page of ``pdf``, rendered at ``dpi``.

    Raises:
        RenderError: if the PDF cannot be rasterised.
    """
    import pypdfium2  # lazy: pypdfium2 (~15 ms) when a page is rasterised

    try:
        document = pypdfium2.PdfDocument(pdf)
        images = []
        try:
            for page in document:
                bitmap = page.render(scale=dpi / 72)
                buffer = io.BytesIO()
                bitmap.to_pil().save(buffer, format="PNG", optimize=True)
                images.append(buffer.getvalue())
        finally:
            document.close()
    except pypdfium2.PdfiumError as exc:
        raise RenderError(str(exc), fmt="png") from exc
    return images


def render_pages(doc: Document, settings: Settings) -> list[bytes]:
    """One PNG per page of ``doc``'s PDF."""
    # lazy: the PDF format (jinja2, WeasyPrint), only to lay the document out; the pipeline
    # imports this module for pdf_to_pngs, which takes PDF bytes it already has
    from toolkit.formats import pdf

    return pdf_to_pngs(pdf.render(doc, settings))


def render(doc: Document, settings: Settings) -> bytes:
    """The first page of ``doc`` as PNG (``build`` writes every page)."""
    return render_pages(doc, settings)[0]
