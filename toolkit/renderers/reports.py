"""Reports (the skills gap, and later the match report) in HTML, PDF, Markdown and JSON."""

from __future__ import annotations

import json

from toolkit.documents.gap import GapReport
from toolkit.errors import UserError
from toolkit.models.options import ThemeOptions

REPORT_FORMATS = ("html", "pdf", "md", "json")


def gap_markdown(report: GapReport) -> str:
    """The gap report as Markdown."""
    out = [
        f"# {report.person}: readiness for {report.level}",
        "",
        f"{report.role}, level *{report.level}* ({report.level_years}).",
        "",
        f"**Readiness {report.score}/100 ({report.verdict})** — skills {report.parts['skills']}%, "
        f"credentials {report.parts['credentials']}%, experience {report.parts['experience']}%; "
        f"{report.counts['met']} met, {report.counts['partial']} partial, "
        f"{report.counts['missing']} missing.",
        "",
        "## Next steps",
        "",
    ]
    out += [f"{n}. **{s.title}.** {s.detail}" for n, s in enumerate(report.next_steps, 1)]
    out += ["", "## Credentials", ""]
    if report.credentials:
        out += ["| credential | need | status | in your profile |", "|---|---|---|---|"]
        for c in report.credentials:
            shown = "; ".join(c.evidence) + (f" ({c.note})" if c.note else "")
            out.append(f"| {c.name} | {c.need} | {c.status} | {shown or '—'} |")
    else:
        out.append("This level asks for no credential.")
    out += ["", "## Skills and systems", "", "| skill | status | evidence |", "|---|---|---|"]
    for s in report.skills:
        shown = " · ".join(s.evidence) or "not in your profile — add it only if true"
        out.append(f"| {s.name} | {s.status} | {shown.replace('|', '/')} |")
    e = report.experience
    out.append(f"| {e.name} | {e.status} | {''.join(e.evidence)} ({e.note}) |")
    if report.attribution:
        out += ["", "---", "", *report.attribution]
    return "\n".join(out) + "\n"


def render_gap(
    report: GapReport, fmt: str, *, theme: str = "modern", page_size: str = "letter"
) -> bytes:
    """Render the gap report to ``html``, ``pdf``, ``md`` or ``json``."""
    if fmt == "json":
        return (json.dumps(report.to_data(), indent=2, ensure_ascii=False) + "\n").encode()
    if fmt == "md":
        return gap_markdown(report).encode()
    if fmt in ("html", "pdf"):
        from toolkit.renderers.html import render_template

        html = render_template(
            "gap.html.j2",
            {**report.to_data(), "theme": theme},
            theme=theme,
            options=ThemeOptions(),
            lang=report.meta.lang,
            page_size=page_size,
        )
        if fmt == "html":
            return html.encode()
        from toolkit.renderers.pdf import render_pdf

        return render_pdf(html, report.meta)
    raise UserError(f"unknown report format '{fmt}'; formats: {', '.join(REPORT_FORMATS)}")
