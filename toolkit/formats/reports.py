"""Reports (the skills gap and the match with a posting) in HTML, PDF, Markdown and JSON."""

from __future__ import annotations

import json
from typing import Any

from toolkit.documents.gap import GapReport
from toolkit.errors import UserError
from toolkit.matching.match import Match
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
        from toolkit.formats.html import render_template

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
        from toolkit.formats.pdf import render_pdf

        return render_pdf(html, report.meta)
    raise UserError(f"unknown report format '{fmt}'; formats: {', '.join(REPORT_FORMATS)}")


def _match_groups(data: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    items = data["items"]
    return {
        "required": [
            i
            for i in items
            if i["requirement"]["kind"] != "responsibility"
            and i["requirement"]["importance"] == "required"
        ],
        "preferred": [
            i
            for i in items
            if i["requirement"]["kind"] != "responsibility"
            and i["requirement"]["importance"] == "preferred"
        ],
        "duties": [i for i in items if i["requirement"]["kind"] == "responsibility"],
    }


def match_markdown(match: Match, person: str) -> str:
    """The match report as Markdown."""
    data = match.to_data()
    job = data["job"]
    head = " at ".join(filter(None, [job.get("title"), job.get("employer")])) or "the posting"
    c = data["counts"]
    out = [
        f"# {person}: match with {head}",
        "",
        f"**Match {data['score']}/100** — {c['met']} met, {c['partial']} partial, "
        f"{c['missing']} missing.",
        "",
    ]
    for title, items in (
        ("Required", "required"),
        ("Preferred", "preferred"),
        ("Duties", "duties"),
    ):
        group = _match_groups(data)[items]
        if not group:
            continue
        out += [
            f"## {title}",
            "",
            "| the posting asks | status | in your profile |",
            "|---|---|---|",
        ]
        for i in group:
            evidence = i["evidence"]
            shown = f"{evidence['where']}: {evidence['text']} — " if evidence else ""
            shown += i["reason"]
            if i["status"] == "missing":
                shown += " (not in your profile: add it only if true)"
            text = i["requirement"]["text"].replace("|", "/")
            out.append(f"| {text} | {i['status']} | {shown.replace('|', '/')} |")
        out.append("")
    return "\n".join(out)


def render_match(
    match: Match,
    fmt: str,
    *,
    person: str,
    document_date: str,
    theme: str = "modern",
    page_size: str = "letter",
) -> bytes:
    """Render the match report to ``html``, ``pdf``, ``md`` or ``json``."""
    if fmt == "json":
        return (json.dumps(match.to_data(), indent=2, ensure_ascii=False) + "\n").encode()
    if fmt == "md":
        return match_markdown(match, person).encode()
    if fmt in ("html", "pdf"):
        from toolkit.documents.context import Meta
        from toolkit.formats.html import render_template

        data = match.to_data()
        job = data["job"]
        title = f"{person} — match with {job.get('title') or 'the posting'}"
        html = render_template(
            "match.html.j2",
            {
                **data,
                **_match_groups(data),
                "person": person,
                "job_title": job.get("title") or "the posting",
                "employer": job.get("employer"),
                "title": title,
                "date": document_date,
                "theme": theme,
            },
            theme=theme,
            options=ThemeOptions(),
            lang="en-US",
            page_size=page_size,
        )
        if fmt == "html":
            return html.encode()
        from toolkit.formats.pdf import render_pdf

        return render_pdf(html, Meta(title=title, author=person, lang="en-US", date=document_date))
    raise UserError(f"unknown report format '{fmt}'; formats: {', '.join(REPORT_FORMATS)}")
