"""Where one cold resume PDF spends its time; run by ``bench/run.py`` as a fresh process.

Usage: ``python bench/breakdown.py PROFILE [WARM_RUNS]``. Times, in this order and in one
process, the stages of ``toolkit resume PROFILE -f pdf``: our command-line imports
(``toolkit.cli``), the pipeline's and renderers' imports, loading the profile, building the
resume and its HTML, WeasyPrint's import, WeasyPrint's layout and PDF writing; then
WARM_RUNS more renders of the same document, stage by stage, for the warm breakdown.
Prints one JSON object (milliseconds):
``{"cold": {stage: ms}, "warm": {stage: [ms, ...]}, "pages": n, "shortcuts": {...}}``;
with ``TOOLKIT_NO_SHORTCUTS=1`` in the environment, the same stages without the start-up
shortcuts (the "before" column of the bench's breakdown).
"""

from __future__ import annotations

import io
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

_T0 = time.perf_counter()


def _lap(times: dict[str, float], stage: str, since: float) -> float:
    now = time.perf_counter()
    times[stage] = 1000 * (now - since)
    return now


def _layout_and_write() -> tuple[Any, Any]:
    """The toolkit's own layout and writing steps when it has them, else WeasyPrint's."""
    try:
        from toolkit.formats import pdf

        document_of = pdf._document
        finisher, identifier = pdf._finisher, pdf._identifier

        def layout(html: str) -> Any:
            return document_of(html, None)

        def write(document: Any, html: str, date: str) -> bytes:
            out = io.BytesIO()
            document.write_pdf(
                out,
                pdf_variant="pdf/ua-1",
                pdf_identifier=identifier(html),
                finisher=finisher(date),
            )
            return out.getvalue()

    except (ImportError, AttributeError):  # the renderer changed: time WeasyPrint plainly
        from weasyprint import HTML

        from toolkit.formats.themes import templates_root

        def layout(html: str) -> Any:
            return HTML(string=html, base_url=templates_root().as_uri() + "/").render()

        def write(document: Any, html: str, date: str) -> bytes:
            return bytes(document.write_pdf())

    return layout, write


def _import_weasyprint() -> None:
    """WeasyPrint's import as the toolkit makes it (with its start-up shortcuts), or plainly."""
    try:
        from toolkit.formats import native
    except ImportError:
        import weasyprint  # noqa: F401
    else:
        native.import_weasyprint()


def _shortcuts() -> dict[str, Any]:
    """What the start-up shortcuts did in this process, where the toolkit reports it."""
    out: dict[str, Any] = {}
    try:
        from toolkit.formats import native

        report = native.report()
        out["libraries"], out["font_tools"] = report.libraries, report.font_tools
        for name in ("cffi_types", "cffi_declarations", "stylesheets"):
            if hasattr(report, name):
                out[name] = getattr(report, name)
    except ImportError:
        pass
    try:
        from toolkit.models import prebuilt

        out["validators"] = prebuilt.taken()
    except ImportError:
        pass
    return out


def main() -> None:
    profile_path = Path(sys.argv[1])
    warm_runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    # as the command line does: Pydantic's plugins are looked up by scanning every
    # installed package's entry points, and the toolkit uses none
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    cold: dict[str, float] = {}
    t = _T0
    try:  # as the console script does: no cycle collection until WeasyPrint is imported
        from toolkit import collector

        collector.pause()
    except ImportError:
        pass
    # what `toolkit ...` imports before doing anything
    import toolkit.cli

    t = _lap(cold, "our imports (toolkit.cli)", t)
    import toolkit
    from toolkit.formats.html import render_html
    from toolkit.pipeline import build_context

    t = _lap(cold, "pipeline, documents, HTML renderer imports", t)
    profile = toolkit.load_profile(profile_path)
    t = _lap(cold, "load + validate profile", t)
    ctx = build_context(profile, "resume")
    html = render_html(ctx)
    t = _lap(cold, "resume context + HTML (Jinja)", t)
    _import_weasyprint()

    layout, write = _layout_and_write()
    t = _lap(cold, "WeasyPrint import", t)
    document = layout(html)
    t = _lap(cold, "layout (WeasyPrint, first)", t)
    data = write(document, html, ctx.meta.date)
    t = _lap(cold, "PDF writing (first)", t)
    assert data.startswith(b"%PDF"), "not a PDF"
    pages = len(document.pages)

    warm: dict[str, list[float]] = {}
    for _ in range(warm_runs):
        laps: dict[str, float] = {}
        t = time.perf_counter()
        ctx = build_context(profile, "resume")
        html = render_html(ctx)
        t = _lap(laps, "resume context + HTML (Jinja)", t)
        document = layout(html)
        t = _lap(laps, "layout (WeasyPrint)", t)
        write(document, html, ctx.meta.date)
        _lap(laps, "PDF writing", t)
        for stage, ms in laps.items():
            warm.setdefault(stage, []).append(ms)
    print(json.dumps({"cold": cold, "warm": warm, "pages": pages, "shortcuts": _shortcuts()}))


if __name__ == "__main__":
    main()
