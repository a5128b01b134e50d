"""``toolkit batch``: many profiles x postings x kinds x formats from one manifest."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from toolkit import collector
from toolkit.cli import console

if TYPE_CHECKING:
    from rich.progress import Progress

    from toolkit.batch import BatchReport, ItemReport


def batch(
    manifest: Annotated[
        Path, typer.Argument(help="The batch manifest (YAML): profiles, postings, kinds, formats.")
    ],
    jobs: Annotated[
        int | None,
        typer.Option(
            "-j",
            "--jobs",
            min=1,
            help="Worker processes on this machine [default: one per core]; 1 renders here.",
            show_default=False,
        ),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Run on a Dask cluster, e.g. tcp://10.0.0.5:8786 "
            "(pip install 'applykit[distributed]').",
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("-o", "--out", help="Output folder [default: the manifest's out]."),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Render every item again (not only changed ones), replacing files the "
            "toolkit did not write.",
        ),
    ] = False,
    report: Annotated[
        Path | None, typer.Option("--report", help="Write a JSON report of every item here.")
    ] = None,
    quiet: Annotated[
        bool, typer.Option("-q", "--quiet", help="No progress bar; only the summary.")
    ] = False,
) -> None:
    """Render a batch: every profile x posting x kind, in every format, resumably.

    Items whose inputs and options are unchanged since the last run are skipped. A failed
    item is reported and the others go on; the exit code is 1 when any item failed.
    """
    from toolkit.batch import choose_executor, load_manifest, run_batch, write_report

    collector.resume()  # a batch runs long: collect cycles (before any worker starts)
    if jobs is not None and scheduler:
        raise typer.BadParameter("give --jobs or --scheduler, not both", param_hint="--jobs")
    with choose_executor(jobs, scheduler) as executor:
        executor.start()  # local workers warm up while the manifest is read
        loaded = load_manifest(manifest, out=out)
        where = f"Dask at {scheduler}" if scheduler else f"{executor.workers} process(es)"
        if executor.workers == 1 and not scheduler:
            where = "this process"
        with _progress(quiet) as bar:
            task_id = bar.add_task("rendering", total=None)

            def advance(done: int, total: int, item: ItemReport | None) -> None:
                bar.update(task_id, completed=done, total=total)
                if item is not None and item.status == "failed" and not bar.disable:
                    bar.console.print(console.styled("[red]failed[/] {}", item.id), soft_wrap=True)

            console.err.print(console.styled("[dim]batch {} on {}[/]", manifest, where))
            with console.collected_logging():
                result = run_batch(loaded, executor=executor, force=force, progress=advance)
    _summary(result)
    if report is not None:
        path = write_report(result, report)
        console.out.print(f"report: {path}")
    if result.failed:
        raise typer.Exit(1)


def _progress(quiet: bool) -> Progress:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("eta"),
        TimeRemainingColumn(),
        console=console.err,
        disable=quiet or not console.err.is_terminal,
        transient=False,
    )


_MAX_WARNINGS = 20


def _summary(result: BatchReport) -> None:
    from rich.table import Table

    totals = result.totals
    failed = result.failed
    if failed:
        table = Table(title="failed items", title_justify="left", header_style="bold")
        table.add_column("item", overflow="fold")
        table.add_column("error", overflow="fold", ratio=3)
        for item in failed:
            table.add_row(item.id, item.error or "")
        console.err.print(table)
    # each warning once, with the profile it is about (the same profile warns in every item)
    said: dict[tuple[str, str], None] = {}
    for item in result.items:
        for warning in item.warnings:
            said.setdefault((item.profile, warning), None)
    for profile, warning in list(said)[:_MAX_WARNINGS]:
        console.err.print(console.styled("[yellow]warning:[/] {}: {}", profile, warning))
    if len(said) > _MAX_WARNINGS:
        more = len(said) - _MAX_WARNINGS
        console.err.print(f"... and {more} more warning(s): see --report for every item's")
    parts = [f"{totals['ok']} rendered", f"{totals['skipped']} unchanged (skipped)"]
    if totals["failed"]:
        parts.append("[red]" + f"{totals['failed']} failed" + "[/]")
    workers = f"{result.workers} worker{'s' if result.workers != 1 else ''}"
    console.out.print(
        console.styled(
            "batch: " + ", ".join(parts) + " of {} in {} s ({}, {}); output in {}",
            totals["total"],
            f"{result.wall_seconds:.1f}",
            result.executor,
            workers,
            result.out,
        )
    )
