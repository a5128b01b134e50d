"""``toolkit jd new|build|lint``: job descriptions for recruiters."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from toolkit.cli import console
from toolkit.cli.documents import Templates

jd_app = typer.Typer(
    help="Job descriptions: scaffold from a level, build, lint.", no_args_is_help=True
)


@jd_app.command("new")
def jd_new(
    role: Annotated[str, typer.Option("--role", help="A role pack id.")],
    level: Annotated[str, typer.Option("--level", help="A level of the pack.")],
    org: Annotated[
        Path | None,
        typer.Option("--org", help="An organization file (name, about, benefits, EEO text)."),
    ] = None,
    out: Annotated[Path, typer.Option("-o", "--out", help="The JD file to write.")] = Path(
        "jd.yaml"
    ),
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Scaffold a complete, editable job description from the level's preset."""
    from toolkit.cli.roles import _level_or_exit
    from toolkit.jd.scaffold import jd_to_yaml, load_org, scaffold_jd
    from toolkit.output import write_file
    from toolkit.roles import load_pack

    pack = load_pack(role)
    _level_or_exit(pack, level)
    organization = load_org(org) if org else None
    jd = scaffold_jd(pack, level, organization)
    write_file(out, jd_to_yaml(jd).encode(), force=force)
    console.out.print(f"wrote {out}: {jd.title} ({pack.id}, {level})")
    if jd.pay is not None and jd.pay.estimate:
        console.out.print(
            console.styled(
                "[yellow]note:[/] the pay range is an estimate from the guide's US "
                "median: adjust it to your market before posting"
            )
        )
    console.out.print(
        console.styled("next: edit {}, then run [bold]toolkit jd lint {}[/]", out, out)
    )


@jd_app.command("build")
def jd_build(
    jd_file: Annotated[Path, typer.Argument(metavar="JD.yaml", help="A job description.")],
    formats: Annotated[
        str | None,
        typer.Option(
            "-f",
            "--format",
            help="Comma-separated: html, pdf, docx, md, json, png [default: docx,pdf,html].",
        ),
    ] = None,
    letterhead: Annotated[
        Path | None,
        typer.Option("--letterhead", help="Your own Word file with placeholders, for the DOCX."),
    ] = None,
    theme: Annotated[str, typer.Option("--theme", help="A theme.")] = "modern",
    out: Annotated[Path, typer.Option("-o", "--out", help="Output folder.")] = Path("output"),
    force: Annotated[
        bool, typer.Option("--force", help="Replace files not written by the toolkit.")
    ] = False,
    templates: Templates = None,
) -> None:
    """Render a job description (the HTML embeds schema.org JobPosting JSON-LD)."""
    from toolkit.cli.documents import write_document
    from toolkit.jd.scaffold import load_jd
    from toolkit.models.options import DocumentOptions
    from toolkit.pipeline import destination

    jd = load_jd(jd_file)
    write_document(
        jd,
        "jd",
        formats,
        DocumentOptions(theme=theme),
        out=out,
        force=force,
        word_template=letterhead,
        user_templates=templates,
        folder=destination(out, jd),
    )


@jd_app.command("lint")
def jd_lint(
    jd_file: Annotated[Path, typer.Argument(metavar="JD.yaml", help="A job description.")],
) -> None:
    """Check pay transparency, EEO, gender- and age-coded words, hype, length and more.

    Exits 1 when it finds errors, so a pipeline can fail on them.
    """
    from toolkit.jd.lint import lint_jd_file

    _, found = lint_jd_file(jd_file)
    errors = sum(1 for i in found if i.severity == "error")
    if found:
        console.print_issues(found, str(jd_file))
    console.out.print(f"jd lint: {errors} error(s), {len(found) - errors} warning(s)")
    if errors:
        raise typer.Exit(1)
