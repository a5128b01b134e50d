"""The one URL fetcher every WeasyPrint object gets: theme files and ``data:`` URLs, nothing else.

WeasyPrint fetches from many HTML and CSS constructs (images, stylesheets, ``@import``,
fonts, attachments, ``<object>``, ``<base href>`` …). The same :class:`SafeFetcher` is
passed to ``HTML``, every ``CSS`` and every ``Attachment`` so none of them reaches the
network or a file outside the allowed folders. A file is read as a template is: never
through a link, and a stylesheet at most as large as a template and in UTF-8.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

from toolkit.formats.html import MAX_TEMPLATE_BYTES
from toolkit.images import BadImage, check_image

log = logging.getLogger("toolkit")

MAX_RESOURCE_BYTES = 8 * 1024 * 1024
_TYPES = {
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".css": "text/css",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}


_DATA_TYPES = frozenset({"text/css", "font/ttf", "font/otf", "font/woff", "font/woff2"})


class BlockedResource(ValueError):
    """A resource the fetcher refused (WeasyPrint logs it and renders without it)."""


class SafeFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint has no type hints
    """Serve ``data:`` URLs and regular files inside ``roots``; refuse everything else.

    Args:
        roots: folders whose files may be read (resolved; links leading out are refused).
    """

    def __init__(self, roots: list[Path]) -> None:
        super().__init__(timeout=5, allowed_protocols={"file", "data"}, allow_redirects=False)
        self.roots = [r.resolve() for r in roots]
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            if len(url) > MAX_RESOURCE_BYTES * 2:
                return self._refuse(url, "data URL too large")
            response = super().fetch(url, headers)
            kind = response.content_type
            if kind == "image/svg+xml" or not (kind.startswith("image/") or kind in _DATA_TYPES):
                return self._refuse(url, f"{kind} is not loaded from data URLs")
            body = response.read()
            if kind.startswith("image/"):
                self._check_image(url, body)
            return URLFetcherResponse(url, body, {"Content-Type": kind})
        if scheme != "file":
            return self._refuse(url, "only the theme's own files may be loaded")
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            return self._refuse(url, "remote file URL")
        path = Path(url2pathname(unquote(parts.path)))
        if path.is_symlink():
            return self._refuse(url, "a link")
        try:
            resolved = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return self._refuse(url, "no such file")
        if not any(resolved.is_relative_to(root) for root in self.roots):
            return self._refuse(url, "outside the theme folders")
        if not resolved.is_file():
            return self._refuse(url, "not a regular file")
        kind = _TYPES.get(resolved.suffix.lower())
        if kind is None:
            return self._refuse(url, "not a font, stylesheet or image")
        cap = MAX_TEMPLATE_BYTES if kind == "text/css" else MAX_RESOURCE_BYTES
        if resolved.stat().st_size > cap:
            return self._refuse(url, f"larger than {cap // 1024} KiB")
        with resolved.open("rb") as fh:
            body = fh.read(cap + 1)
        if len(body) > cap:
            return self._refuse(url, f"larger than {cap // 1024} KiB")
        if kind.startswith("image/"):
            self._check_image(url, body)
        if kind == "text/css":
            try:
                body.decode("utf-8")
            except UnicodeDecodeError:
                return self._refuse(url, "a stylesheet that is not UTF-8")
        return URLFetcherResponse(url, body, {"Content-Type": kind})

    def _check_image(self, url: str, body: bytes) -> None:
        """Refuse an image that is unreadable or too large, before anything decodes it."""
        try:
            check_image(body)
        except BadImage as exc:
            self._refuse(url, str(exc))

    def _refuse(self, url: str, why: str) -> URLFetcherResponse:
        shown = url if len(url) < 120 else url[:117] + "..."
        self.refused.append(shown)
        log.warning("blocked a resource in the document (%s): %s", why, shown)
        raise BlockedResource(f"{why}: {shown}")
