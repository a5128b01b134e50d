"""Printing for the command line: Rich consoles, the issue table, logging to stderr."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from toolkit.errors import InputError, Issue, ToolkitError

# No markup is read from what is printed: a posting or a profile may hold "[/]" or
# "[link=...]", and it must print as written. Our own styles go through styled().
out = Console(highlight=False, soft_wrap=True, markup=False)
err = Console(stderr=True, highlight=False, markup=False)


def styled(template: str, *values: object) -> Text:
    """``template`` (our own Rich markup, with ``{}`` places) filled with ``values``, each
    escaped: a value from someone's file is printed as written, never read as markup."""
    return Text.from_markup(template.format(*(escape(str(v)) for v in values)))


@dataclass
class _State:
    debug: bool = False


state = _State()


class _RichHandler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        label = "warning" if record.levelno >= logging.WARNING else "note"
        style = "yellow" if record.levelno >= logging.WARNING else "dim"
        err.print(Text.assemble((f"{label}: ", style), record.getMessage()), soft_wrap=True)


@contextmanager
def collected_logging() -> Iterator[None]:
    """Print no log messages for a while: a batch collects each item's warnings and shows
    them in its summary, once each (rendering here would also print them as they come)."""
    logger = logging.getLogger("toolkit")
    held = [h for h in logger.handlers if isinstance(h, _RichHandler)]
    for handler in held:
        logger.removeHandler(handler)
    try:
        yield
    finally:
        for handler in held:
            logger.addHandler(handler)


def setup_logging() -> None:
    """Send the toolkit's warnings to stderr (debug messages with --debug)."""
    logger = logging.getLogger("toolkit")
    if not any(isinstance(h, _RichHandler) for h in logger.handlers):
        logger.addHandler(_RichHandler())
    logger.setLevel(logging.DEBUG if state.debug else logging.INFO)
    logger.propagate = False


def _where(issue: Issue, source: str | None) -> str:
    """``line:column``, prefixed by the file when it is not the one in the table's title."""
    parts = []
    if issue.file and issue.file != source:
        inner = source and issue.file.startswith(source + ":")
        parts.append(issue.file[len(source) + 1 :] if source and inner else issue.file)
    if issue.line is not None:
        parts.append(str(issue.line))
        if issue.column is not None:
            parts.append(str(issue.column))
    return ":".join(parts) or "—"


def issue_table(issues: list[Issue], title: str | None = None, source: str | None = None) -> Table:
    """A table of issues: where, field, problem (with the value) and what to do."""
    table = Table(
        title=title, title_justify="left", show_lines=False, expand=False, header_style="bold"
    )
    table.add_column("where", no_wrap=True)
    table.add_column("field", overflow="fold")
    table.add_column("problem", overflow="fold", ratio=3)
    table.add_column("what to do", overflow="fold", ratio=2)
    for issue in issues:
        where = _where(issue, source)
        problem = Text(issue.message, style="red" if issue.severity == "error" else "yellow")
        if issue.severity == "warning":
            problem = Text.assemble(("warning: ", "yellow"), issue.message)
        if issue.value is not None:
            problem.append(f"\ngot {issue.value}", style="dim")
        table.add_row(where, issue.field or "—", problem, issue.hint or "")
    return table


def print_issues(issues: list[Issue], source: str | None) -> None:
    """Print issues of one file as a table on stderr."""
    errors = sum(1 for i in issues if i.severity == "error")
    warnings = len(issues) - errors
    counts = []
    if errors:
        counts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        counts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    title = f"{source or 'input'}: {', '.join(counts)}"
    widest = max((len(_where(i, source)) for i in issues), default=0)
    if widest + 50 > err.width:  # a table this narrow folds every cell to a letter a line
        err.print(Text(title, style="bold"), soft_wrap=True)
        for issue in issues:
            err.print(_issue_text(issue, source), soft_wrap=True)
        return
    err.print(issue_table(issues, title=title, source=source))


def _issue_text(issue: Issue, source: str | None) -> Text:
    """One issue as a few indented lines, for a terminal too narrow for the table."""
    colour = "red" if issue.severity == "error" else "yellow"
    out = Text(_where(issue, source), style="bold")
    if issue.field:
        out.append(f"  {issue.field}", style="cyan")
    out.append("\n  ")
    if issue.severity == "warning":
        out.append("warning: ", style="yellow")
    out.append(issue.message, style=colour)
    if issue.value is not None:
        out.append(f"\n  got {issue.value}", style="dim")
    if issue.hint:
        out.append(f"\n  what to do: {issue.hint}")
    return out


def print_error(exc: ToolkitError) -> None:
    """Print any toolkit error the way a person can act on it."""
    if isinstance(exc, InputError):
        print_issues(exc.issues, exc.source)
    else:
        err.print(Text.assemble(("error: ", "bold red"), str(exc)), soft_wrap=True)
