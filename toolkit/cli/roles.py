"""``toolkit roles list|show`` and ``toolkit gap``: what the packs know, and where you stand."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from toolkit.cli import console
from toolkit.cli.documents import Templates

roles_app = typer.Typer(
    help="Role packs: levels, skills, credentials, questions.", no_args_is_help=True
)

Packs = Annotated[
    list[Path] | None,
    typer.Option("--packs", help="A folder of your own role packs (or one pack); may be repeated."),
]


def _level_or_exit(pack: object, level: str) -> None:
    from toolkit.errors import NotFoundError
    from toolkit.models.rolepack import RolePack

    assert isinstance(pack, RolePack)
    if level not in {lv.id for lv in pack.levels}:
        raise NotFoundError(
            f"no level '{level}' in {pack.id}; levels: {', '.join(lv.id for lv in pack.levels)}"
        )


@roles_app.command("list")
def roles_list(packs: Packs = None) -> None:
    """List the role packs (a pack that cannot be read is listed with its problems)."""
    from rich.table import Table

    from toolkit.errors import InputError
    from toolkit.roles import load_pack, pack_ids

    table = Table(header_style="bold", box=None)
    table.add_column("id", no_wrap=True)
    for column in ("title", "levels", "skills", "credentials", "questions"):
        table.add_column(column)
    broken = []
    for pack_id in pack_ids(packs or []):
        try:
            pack = load_pack(pack_id, packs or [])
        except InputError as exc:
            broken.append(exc)
            table.add_row(
                pack_id, console.styled("[red]cannot be read: {} problem(s)[/]", len(exc.errors))
            )
            continue
        table.add_row(
            pack.id,
            pack.title,
            str(len(pack.levels)),
            str(len(pack.skills) + len(pack.systems)),
            str(len(pack.credentials)),
            str(len(pack.questions)),
        )
    console.out.print(table)
    for problem in broken:
        console.print_issues(problem.issues, problem.source)
    if broken:
        raise typer.Exit(1)


@roles_app.command("show")
def roles_show(
    pack_id: Annotated[str, typer.Argument(metavar="ID", help="A pack id (see `roles list`).")],
    level: Annotated[str | None, typer.Option("--level", help="Show one level in detail.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the pack as JSON.")] = False,
    packs: Packs = None,
) -> None:
    """Show a role pack: its levels, skills, credentials and sources."""
    from rich.table import Table

    from toolkit.load.dump import to_json
    from toolkit.roles import load_pack

    pack = load_pack(pack_id, packs or [])
    if level:
        _level_or_exit(pack, level)
    if as_json:
        data = pack.model_dump(mode="json")
        if level:
            data["levels"] = [lv for lv in data["levels"] if lv["id"] == level]
            data["questions"] = [q for q in data["questions"] if level in q["levels"]]
        data["attribution"] = pack.attribution()
        console.out.file.write(to_json(data))
        return
    out = console.out
    onet = f", O*NET {pack.onet_code}" if pack.onet_code else ""
    out.print(console.styled("[bold]{}[/] ({}{})", pack.title, pack.id, onet))
    out.print(pack.summary)
    if pack.alternate_titles:
        also = ", ".join(pack.alternate_titles[:12])
        out.print(console.styled("[dim]also called:[/] {}", also))
    if level is None:
        has_pay = any(lv.pay for lv in pack.levels)
        table = Table(header_style="bold", box=None, title="levels", title_justify="left")
        table.add_column("id", no_wrap=True)
        for column in (
            "title",
            "years",
            *(["median pay"] if has_pay else []),
            "credentials (required; preferred)",
        ):
            table.add_column(column)

        def abbr(ids: list[str]) -> str:
            return "/".join(pack.credential(c).abbreviation for c in ids)

        for lv in pack.levels:
            needs = lv.credentials
            required = [abbr([c]) for c in needs.required] + [abbr(g) for g in needs.any_of]
            preferred = [abbr([c]) for c in needs.preferred] + [
                abbr(g) for g in needs.preferred_any_of
            ]
            creds = ", ".join(required) or "—"
            if preferred:
                creds += "; " + ", ".join(preferred)
            row = [lv.id, lv.title, lv.years.text()]
            if has_pay:
                row.append(f"{lv.pay.median:,} {lv.pay.currency}" if lv.pay else "—")
            table.add_row(*row, creds)
        out.print(table)
        out.print(
            f"{len(pack.skills)} skills, {len(pack.systems)} systems, "
            f"{len(pack.credentials)} credentials, {len(pack.questions)} interview "
            f"questions, {len(pack.jd_presets)} job-description presets"
        )
        if pack.related_roles:
            out.print(
                "related roles: "
                + ", ".join(f"{r.title} ({r.relation})" for r in pack.related_roles)
            )
    else:
        lv = pack.level(level)
        out.print(console.styled("\n[bold]{}[/] — {}", lv.title, lv.years.text()))
        out.print(lv.summary)
        out.print(console.styled("[bold]duties[/]"))
        for duty in lv.duties:
            out.print(f"  - {duty}")
        if lv.focus:
            out.print(console.styled("[bold]focus to grow[/]"))
            for item in lv.focus:
                out.print(f"  - {item}")
        names = [pack.skill_or_system(s).name for s in lv.skills]
        out.print(console.styled("[bold]skills[/] {}", ", ".join(names)))
        needs = lv.credentials
        if needs.required or needs.preferred or needs.any_of or needs.preferred_any_of:
            parts = []
            if needs.required:
                parts.append(
                    "required " + ", ".join(pack.credential(c).abbreviation for c in needs.required)
                )
            for group in needs.any_of:
                parts.append("one of " + " / ".join(pack.credential(c).abbreviation for c in group))
            if needs.preferred:
                parts.append(
                    "preferred "
                    + ", ".join(pack.credential(c).abbreviation for c in needs.preferred)
                )
            out.print(console.styled("[bold]credentials[/] {}", "; ".join(parts)))
        if lv.education:
            out.print(console.styled("[bold]education[/] {}", lv.education))
        from toolkit.roles import pay_estimate

        estimate = pay_estimate(pack, level)
        if estimate and lv.pay:
            low, high, currency = estimate
            out.print(
                console.styled(
                    "[bold]pay[/] {}",
                    f"median {lv.pay.median:,} {currency} a {lv.pay.period} ({lv.pay.source}); "
                    f"estimate {low:,} to {high:,}, to adjust to your market",
                )
            )
        count = sum(1 for q in pack.questions if level in q.levels)
        out.print(f"{count} interview questions suit this level")
    for note in pack.attribution():
        out.print(console.styled("[dim]{}[/]", note))


def gap(
    profile: Annotated[Path, typer.Argument(help="A profile (YAML, JSON or JSON Resume).")],
    role: Annotated[
        str, typer.Option("--role", help="A role pack id, e.g. medical-records-specialist.")
    ],
    level: Annotated[str, typer.Option("--level", help="A level of the pack, e.g. senior.")],
    formats: Annotated[
        str | None,
        typer.Option(
            "-f",
            "--format",
            help="Also write the report: comma-separated html, pdf, md, json, png.",
        ),
    ] = None,
    out: Annotated[Path, typer.Option("-o", "--out", help="Output folder.")] = Path("output"),
    doc_date: Annotated[str | None, typer.Option("--date", help="Report date, YYYY-MM-DD.")] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace files not written by the toolkit.")
    ] = False,
    packs: Packs = None,
    templates: Templates = None,
) -> None:
    """Measure a profile against a level: met, partial and missing skills and credentials."""
    from rich.table import Table
    from rich.text import Text

    from toolkit.cli.documents import _parse_date, _split
    from toolkit.documents.gap import GapReport
    from toolkit.documents.kinds import check_formats, get_kind
    from toolkit.formats import Settings
    from toolkit.load.profile import read_profile
    from toolkit.models.options import DocumentOptions
    from toolkit.output import person_folder, publish
    from toolkit.pipeline import make, render_made
    from toolkit.roles import load_pack

    wanted = _split(formats)
    check_formats(get_kind("gap"), wanted)
    pack = load_pack(role, packs or [])
    _level_or_exit(pack, level)
    loaded = read_profile(profile)
    made = make(
        loaded.value,
        "gap",
        DocumentOptions(document_date=_parse_date(doc_date)),
        kind_options={"role": role, "level": level},
        packs=packs or [],
        settings=Settings(user_templates=templates),
    )
    report = made.doc
    assert isinstance(report, GapReport)
    style = {"met": "green", "partial": "yellow", "missing": "red"}
    o = console.out
    o.print(
        console.styled(
            "[bold]{}[/] against [bold]{}[/] ({}), {}",
            report.person.name,
            report.level,
            report.level_years,
            report.role,
        )
    )
    parts = report.parts
    o.print(
        console.styled(
            "readiness [bold]{}/100[/] ({}): skills {}%, credentials {}%, "
            "experience {}% ({} years)",
            report.score,
            report.verdict,
            parts["skills"],
            parts["credentials"],
            parts["experience"],
            f"{report.years:g}",
        )
    )
    table = Table(header_style="bold", box=None, expand=False)
    table.add_column("")
    table.add_column("status")
    table.add_column("evidence in your profile", overflow="fold", max_width=90)
    for item in [*report.credentials, *report.skills, report.experience]:
        label = item.name + (f" ({item.need})" if item.kind == "credential" else "")
        evidence = "; ".join(item.evidence) or "not in your profile — add it only if true"
        if item.note:
            evidence += f" ({item.note})"
        table.add_row(label, Text(item.status, style=style[item.status]), evidence)
    o.print(table)
    o.print(console.styled("[bold]next steps[/]"))
    for n, step in enumerate(report.next_steps, 1):
        o.print(console.styled("  {}. [bold]{}.[/] {}", n, step.title, step.detail))
    for note in report.attribution:
        o.print(console.styled("[dim]{}[/]", note))
    if wanted:
        files = render_made(made, wanted, Settings(user_templates=templates))
        for path in publish(person_folder(out, report.person.name), files, force=force):
            o.print(f"wrote {path}")
