"""PNG previews of a PDF's pages (pypdfium2), for a look before opening the file."""

from __future__ import annotations

import io

from toolkit.errors import RenderError


def pdf_to_pngs(pdf: bytes, *, dpi: int = 100) -> list[bytes]:
    """One PNG per page of ``pdf``, rendered at ``dpi``.

    Raises:
        RenderError: if the PDF cannot be rasterised.
    """
    import pypdfium2

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
