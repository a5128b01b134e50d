"""``toolkit letter``, ``toolkit interview``, ``toolkit packet`` and ``toolkit packets``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from toolkit.cli import console
from toolkit.cli.documents import (
    ExcludeTags,
    Locale,
    Page,
    Private,
    Strict,
    Tags,
    Templates,
    Timeout,
)

packets_app = typer.Typer(
    help="Application packets: list them, record their status.", no_args_is_help=True
)

ProfileArg = Annotated[Path, typer.Argument(help="A profile (YAML, JSON or JSON Resume).")]
JobOpt = Annotated[Path | None, typer.Option("--job", help="A job posting to write for.")]
Out = Annotated[
    Path, typer.Option("-o", "--out", help="Output folder; files go to OUT/<your-name>/.")
]
Force = Annotated[
    bool,
    typer.Option(
        "--force", help="Replace files the toolkit did not write, or that were edited since."
    ),
]
DocDate = Annotated[str | None, typer.Option("--date", help="The document date, YYYY-MM-DD.")]
Formats = Annotated[str | None, typer.Option("-f", "--format", help="Comma-separated formats.")]


def page_options(
    theme: str | None,
    doc_date: str | None,
    page: str | None,
    locale: str | None,
    tags: str | None,
    exclude_tags: str | None,
    include_private: bool,
) -> Any:
    """The page options every document command takes, as :class:`DocumentOptions`."""
    from toolkit.cli.documents import _parse_date, _split
    from toolkit.pipeline import document_options

    return document_options(  # a bad value is a located error, not a traceback
        None,
        {
            "theme": theme,
            "document_date": _parse_date(doc_date),
            "page_size": page.lower() if page else None,
            "locale": locale,
            "tags": _split(tags) or None,
            "exclude_tags": _split(exclude_tags) or None,
            "include_private": include_private or None,
        },
    )


def letter(
    profile: ProfileArg,
    job: JobOpt = None,
    letter_file: Annotated[
        Path | None,
        typer.Option(
            "--letter", help="A letter file: recipient, hiring manager, tone, own paragraphs."
        ),
    ] = None,
    formats: Formats = None,
    theme: Annotated[
        str | None, typer.Option("--theme", help="A theme (see `toolkit themes`).")
    ] = None,
    out: Out = Path("output"),
    doc_date: DocDate = None,
    force: Force = False,
    timeout: Timeout = None,
    templates: Templates = None,
    page: Page = None,
    locale: Locale = None,
    tags: Tags = None,
    exclude_tags: ExcludeTags = None,
    include_private: Private = False,
    strict: Strict = False,
) -> None:
    """Write a cover letter in the resume's design, from your profile and the posting."""
    from toolkit.cli.documents import write_document
    from toolkit.load.profile import read_profile
    from toolkit.postings.extract import load_job

    loaded = read_profile(profile)
    posting = load_job(job) if job else None
    options = None
    if letter_file is not None:
        from toolkit.load.letter import load_letter_options

        options = load_letter_options(letter_file)
    doc = page_options(theme, doc_date, page, locale, tags, exclude_tags, include_private)
    write_document(
        loaded.value,
        "letter",
        formats,
        doc,
        out=out,
        force=force,
        job=posting,
        kind_options=options,
        timeout=timeout,
        user_templates=templates,
        strict=strict,
        locate=loaded.position,
        source=loaded.source,
    )


def interview(
    profile: ProfileArg,
    job: JobOpt = None,
    role: Annotated[str | None, typer.Option("--role", help="A role pack id.")] = None,
    level: Annotated[
        str | None,
        typer.Option(
            "--level",
            help="A level of the pack [default: the level the posting hires at; without a "
            "posting, from your years].",
        ),
    ] = None,
    count: Annotated[int, typer.Option("--count", min=1, max=60, help="How many questions.")] = 10,
    seed: Annotated[
        int | None, typer.Option("--seed", help="The same seed gives the same set.")
    ] = None,
    tips: Annotated[bool, typer.Option("--tips", help="Include answer tips.")] = False,
    formats: Formats = None,
    out: Out = Path("output"),
    doc_date: DocDate = None,
    force: Force = False,
    timeout: Timeout = None,
    templates: Templates = None,
    theme: Annotated[
        str | None, typer.Option("--theme", help="A theme (see `toolkit themes`).")
    ] = None,
    page: Page = None,
    locale: Locale = None,
    tags: Tags = None,
    exclude_tags: ExcludeTags = None,
    include_private: Private = False,
    strict: Strict = False,
) -> None:
    """Make an interview practice sheet: likely questions, with STAR outlines from your profile."""
    from toolkit.cli.documents import write_document
    from toolkit.load.profile import read_profile
    from toolkit.postings.extract import load_job

    loaded = read_profile(profile)
    posting = load_job(job, role=role) if job else None
    write_document(
        loaded.value,
        "interview",
        formats,
        page_options(theme, doc_date, page, locale, tags, exclude_tags, include_private),
        out=out,
        force=force,
        job=posting,
        kind_options={
            "role": role,
            "level": level,
            "count": count,
            "seed": seed,
            "with_tips": tips,
        },
        timeout=timeout,
        user_templates=templates,
        strict=strict,
        locate=loaded.position,
        source=loaded.source,
    )


def packet(
    profile: ProfileArg,
    posting: Annotated[Path, typer.Argument(help="The job posting.")],
    letter_file: Annotated[Path | None, typer.Option("--letter", help="A letter file.")] = None,
    out: Out = Path("output"),
    doc_date: DocDate = None,
    max_pages: Annotated[
        int, typer.Option("--max-pages", min=1, max=10, help="Page budget of the resume.")
    ] = 2,
    theme: Annotated[str | None, typer.Option("--theme", help="A theme.")] = None,
    force: Force = False,
    strict: Strict = False,
) -> None:
    """Everything for one job in one folder: tailored resume, letter, interview sheet, match."""
    from toolkit.batch.packet import build_packet
    from toolkit.cli.documents import _parse_date
    from toolkit.load.profile import read_profile
    from toolkit.postings.extract import load_job

    loaded = read_profile(profile)
    job = load_job(posting)
    result = build_packet(
        loaded.value,
        job,
        out=out,
        profile_path=profile,
        posting_path=posting,
        letter_path=letter_file,
        document_date=_parse_date(doc_date),
        max_pages=max_pages,
        theme=theme,
        force=force,
        strict=strict,
        locate=loaded.position,
    )
    if result.warnings:
        console.print_issues(result.warnings, loaded.source)
    console.out.print(
        console.styled(
            "packet [bold]{}[/] ({}, {}; match {}/100)",
            result.id,
            result.company or "?",
            result.role or "?",
            result.score,
        )
    )
    for name in result.files:
        console.out.print(f"  {result.folder / name}")
    console.out.print(f"  {result.folder / 'manifest.json'}")


@packets_app.command("list")
def packets_list(
    folder: Annotated[Path, typer.Argument(help="The output folder.")] = Path("output"),
) -> None:
    """List the packets made: company, role, date, status."""
    from rich.table import Table

    from toolkit.batch.packet import list_packets

    found = list_packets(folder)
    if not found:
        console.out.print(f"no packets in {folder}")
        return
    table = Table(header_style="bold", box=None)
    for column in ("id", "company", "role", "created", "match", "status"):
        table.add_column(column, overflow="fold")
    for p in found:
        table.add_row(
            p.id,
            p.company or "—",
            p.role or "—",
            p.created,
            "—" if p.score is None else f"{p.score}",
            p.status,
        )
    console.out.print(table)


@packets_app.command("status")
def packets_status(
    packet_id: Annotated[str, typer.Argument(metavar="ID", help="A packet id (or its start).")],
    status: Annotated[
        str, typer.Argument(help="applied, interview, offer, rejected, withdrawn or draft.")
    ],
    folder: Annotated[Path, typer.Option("-o", "--out", help="The output folder.")] = Path(
        "output"
    ),
) -> None:
    """Record where an application stands."""
    from toolkit.batch.packet import set_status

    updated = set_status(packet_id, status, out=folder)
    console.out.print(f"{updated.id}: {updated.status}")
