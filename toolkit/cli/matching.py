"""``toolkit match``: a posting's requirements next to the profile lines that prove them."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from toolkit.cli import console
from toolkit.cli.documents import Templates


def match(
    profile: Annotated[Path, typer.Argument(help="A profile (YAML, JSON or JSON Resume).")],
    posting: Annotated[
        Path,
        typer.Argument(
            help="A job posting: .txt, .md, .html, .docx, .pdf, or JSON (schema.org or JSON "
            "Resume job)."
        ),
    ],
    formats: Annotated[
        str | None,
        typer.Option(
            "-f",
            "--format",
            help="Also write the report: comma-separated html, pdf, md, json, png.",
        ),
    ] = None,
    out: Annotated[Path, typer.Option("-o", "--out", help="Output folder.")] = Path("output"),
    role: Annotated[
        str | None,
        typer.Option(
            "--role", help="The role pack to read the posting with [default: the best fit]."
        ),
    ] = None,
    doc_date: Annotated[str | None, typer.Option("--date", help="Report date, YYYY-MM-DD.")] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace files not written by the toolkit.")
    ] = False,
    templates: Templates = None,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            help="Say why each line was taken as evidence: the role pack's term it shows, or "
            "the words it shares.",
        ),
    ] = False,
) -> None:
    """Match a profile to a posting: each requirement, its status and the evidence.

    Met: your profile shows it. Partial: it shows part of it, and the reason says which
    part is missing (fewer years than asked or not in the setting asked, a credential in
    progress, eligible or expired, one of two credentials asked together, a lower or
    unfinished degree, a course or externship rather than a job, a summary mention).
    Missing: not in your profile; add it only if it is true. The score is
    100 x (0.85 R + 0.15 P): R the weighted share of the required items met (a partial item
    counts its score, about half; years of experience weigh 5, a diploma, a personal quality
    and a duty 1, the rest 3), P the share of the preferred ones; so meeting everything
    required scores 85 or more. Up to 5 points more for years in the posting's own work.
    Conditions of the job (checks, lifting, where to live) are listed to confirm, not
    scored. When no role pack fits the posting, it is compared word by word and says so.
    """
    from rich.table import Table
    from rich.text import Text

    from toolkit.cli.documents import _parse_date, _split
    from toolkit.documents.kinds import check_formats, get_kind
    from toolkit.formats import Settings
    from toolkit.load.profile import read_profile
    from toolkit.models.options import DocumentOptions
    from toolkit.output import person_folder, publish, slugify
    from toolkit.pipeline import make, render_made
    from toolkit.postings.extract import load_job
    from toolkit.roles import pack_for

    wanted = _split(formats)
    check_formats(get_kind("match"), wanted)
    loaded = read_profile(profile)
    job = load_job(posting, role=role)
    pack = pack_for(None, job)
    when = _parse_date(doc_date) or date.today()
    settings = Settings(user_templates=templates)
    made = make(
        loaded.value, "match", DocumentOptions(document_date=when), job=job, settings=settings
    )
    result = made.doc.result  # type: ignore[attr-defined]
    o = console.out
    head = " at ".join(filter(None, [job.title, job.employer])) or str(posting)
    name = loaded.value.basics.name
    o.print(console.styled("[bold]{}[/] and [bold]{}[/] (read with {})", name, head, pack.id))
    c = result.counts
    o.print(
        console.styled(
            "match [bold]{}/100[/]: {} met, {} partial, {} missing",
            result.score,
            c["met"],
            c["partial"],
            c["missing"],
        )
    )
    style = {"met": "green", "partial": "yellow", "missing": "red"}
    table = Table(header_style="bold", box=None)
    table.add_column("", no_wrap=True)
    table.add_column("the posting asks", overflow="fold", max_width=60)
    table.add_column("status", no_wrap=True)
    table.add_column("evidence in your profile", overflow="fold", max_width=70)
    order = {"required": 0, "preferred": 1}
    for item in sorted(
        result.items,
        key=lambda i: (
            2 if i.requirement.kind == "responsibility" else order[i.requirement.importance]
        ),
    ):
        req = item.requirement
        need = "duty" if req.kind == "responsibility" else req.importance
        evidence = ""
        if item.evidence is not None:
            where, text = item.evidence.where, item.evidence.text
            evidence = text if where == text else f"{where}: {text}"
        if item.status == "partial" and req.kind == "credential":
            evidence = item.reason  # "CCA is exam-eligible"
        if len(evidence) > 120:
            evidence = evidence[:117] + "..."
        if item.status == "missing":
            evidence = "not in your profile — add it only if true"
            if req.kind == "credential" and "to earn" in item.reason:
                evidence += "; " + item.reason.split("; ", 1)[1]  # what earning it takes
        status = Text(item.status, style=style[item.status])
        table.add_row(need, req.text, status, evidence)
    o.print(table)
    if explain:
        o.print(
            'why ("shows": a term of the role pack the line names, in any of its spellings; '
            '"shares the words": words in common, partial at most unless most are shared):'
        )
        for item in result.items:
            o.print(
                console.styled(
                    "  {} {}: {}", item.requirement.id, item.status, item.reason or "no reason"
                )
            )
    if result.conditions:
        o.print("to confirm (conditions of the job, not scored):")
        for req in result.conditions:
            o.print(console.styled("  - {}", req.text))
    for warning in result.warnings:
        o.print(console.styled("[yellow]note:[/] {}", warning))
    if wanted:
        name = loaded.value.basics.name
        stem = f"match-{slugify(job.title or posting.stem)}"
        files = render_made(made, wanted, settings, stem=stem)
        for path in publish(person_folder(out, name), files, force=force):
            o.print(f"wrote {path}")
