"""The ``toolkit`` command: the only place that prints or exits.

Commands import what they need inside their bodies, so ``toolkit --help`` and
``toolkit validate`` start without loading the PDF or Word engines.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from toolkit import collector
from toolkit._version import __version__
from toolkit.cli import console
from toolkit.cli.applications import interview, letter, packet, packets_app
from toolkit.cli.batch import batch
from toolkit.cli.documents import check, resume, themes
from toolkit.cli.interop import export_app, import_app
from toolkit.cli.jd import jd_app
from toolkit.cli.matching import match
from toolkit.cli.profile import init, schema, validate
from toolkit.cli.roles import gap, roles_app
from toolkit.cli.studio import serve

app = typer.Typer(
    name="toolkit",
    help="Job-application documents from one profile file.",
    no_args_is_help=True,
    add_completion=False,
    # Plain help: typer's rich help imports rich's Markdown and traceback renderers, which
    # costs a fifth of a second at every `--help`.
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"toolkit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
) -> None:
    """Make resumes, cover letters, interview sheets and job descriptions from one profile.

    Exit codes: 0 done, 1 a problem with your input or a failed check, 2 a usage error.
    """
    console.state.debug = debug
    console.setup_logging()


app.command(no_args_is_help=True)(resume)
app.command(no_args_is_help=True)(check)
app.command(no_args_is_help=True)(match)
app.command(no_args_is_help=True)(letter)
app.command(no_args_is_help=True)(interview)
app.command(no_args_is_help=True)(packet)
app.command(no_args_is_help=True)(batch)
app.add_typer(packets_app, name="packets")
app.add_typer(jd_app, name="jd")
app.command(no_args_is_help=True)(validate)
app.command()(init)
app.command()(schema)
app.command()(themes)
app.command(no_args_is_help=True)(gap)
app.add_typer(roles_app, name="roles")
app.add_typer(import_app, name="import")
app.add_typer(export_app, name="export")
app.command()(serve)


def main(argv: list[str] | None = None) -> None:
    """Run the command line (the ``toolkit`` console script); always exits."""
    import os

    from toolkit.errors import ToolkitError

    # Pydantic looks for plugins by scanning every installed package's entry points, on
    # every run; the command line uses none.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

    args = sys.argv[1:] if argv is None else argv
    try:
        _app_for(args)(args=args, prog_name="toolkit")  # handles --help, usage errors (2), Exit
    except ToolkitError as exc:
        console.print_error(exc)
        if console.state.debug:
            raise
        sys.exit(1)
    except KeyboardInterrupt:
        console.err.print("interrupted")
        sys.exit(130)
    except Exception as exc:
        if console.state.debug:
            raise
        console.err.print(
            console.styled("[bold red]internal error:[/] {}: {}", type(exc).__name__, exc)
        )
        console.err.print("run again with --debug for the traceback, and please report it")
        sys.exit(3)


def _app_for(args: list[str]) -> typer.Typer:
    """The application with only the command ``args`` name, or all of it.

    Typer makes Click's command and option objects for every command at each run (about
    17 ms for all of ours) and a run uses one. The root options take no value, so the first
    argument that is not an option names the command; when it names exactly one, a copy of
    the application holding just that command (or sub-application) runs it: its parsing,
    help and errors are that command's own. Anything else (no command, a misspelt one,
    whose suggestions need every name) runs the whole application.
    """
    import copy

    from typer.main import get_command_name

    name = next((a for a in args if not a.startswith("-")), None)
    if name is None:
        return app
    commands = [
        c
        for c in app.registered_commands
        if (c.name or (c.callback and get_command_name(c.callback.__name__))) == name
    ]
    groups = [g for g in app.registered_groups if g.name == name]
    if len(commands) + len(groups) != 1:
        return app
    one = copy.copy(app)
    one.registered_commands = commands
    one.registered_groups = groups
    return one


# Modules whose clean-up runs while the interpreter shuts down (worker processes, event
# loops): with any of them loaded, the exit is the normal one. WeasyPrint's temporary font
# folders are removed by exit handlers (toolkit.formats.pdf), which the quick exit runs.
_NEEDS_TEARDOWN = ("multiprocessing", "concurrent.futures", "asyncio")


def run() -> None:
    """The console script: :func:`main`, then a quick exit when nothing needs tearing down.

    Tearing the interpreter down (collecting every module and object) costs about 80 ms,
    a fifth of a ``toolkit validate``. When no loaded module relies on it and no other
    thread runs, the streams and logging are flushed, exit handlers run, and the process
    ends at once; otherwise it exits normally.
    """
    collector.pause()  # start-up makes objects that live to the end: see toolkit.collector
    try:
        main()
        code: str | int | None = 0
    except SystemExit as exc:
        code = exc.code
    import threading

    if any(name in sys.modules for name in _NEEDS_TEARDOWN) or threading.active_count() > 1:
        sys.exit(code)
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:
        print(code, file=sys.stderr)
        status = 1
    import atexit
    import logging
    import os

    logging.shutdown()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more to write
            status = status or 1
    os._exit(status)
