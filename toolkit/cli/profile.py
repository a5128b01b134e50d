"""``toolkit validate``, ``toolkit init`` and ``toolkit schema``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from toolkit.cli import console

FileArg = Annotated[Path, typer.Argument(help="A profile: YAML, JSON or JSON Resume.")]


def validate(
    files: Annotated[
        list[Path],
        typer.Argument(help="Profiles to check (YAML, JSON or JSON Resume).", show_default=False),
    ],
) -> None:
    """Check profiles and print every problem with its line, or a one-line summary."""
    from toolkit.errors import InputError, NotFoundError
    from toolkit.loading import read_profile

    failed = 0
    for path in files:
        try:
            loaded = read_profile(path)
        except InputError as exc:
            failed += 1
            console.print_issues(exc.issues, exc.source)
            continue
        except NotFoundError as exc:
            failed += 1
            console.print_error(exc)
            continue
        note = " (JSON Resume)" if loaded.format == "jsonresume" else ""
        console.out.print(f"valid: {loaded.value.summary_line()}{note}  [dim]{path}[/]")
        if loaded.warnings:
            console.print_issues(loaded.warnings, loaded.source)
    if failed:
        raise typer.Exit(1)


def init(
    path: Annotated[Path, typer.Argument(help="Where to write the starter profile.")] = Path(
        "profile.yaml"
    ),
    schema_file: Annotated[
        bool,
        typer.Option(
            "--schema/--no-schema",
            help="Also write profile.schema.json beside it, for editor autocompletion.",
        ),
    ] = True,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Write a commented starter profile that validates as written."""
    from importlib.resources import files as package_files

    from toolkit.output import publish

    starter = package_files("toolkit").joinpath("starters/profile.yaml").read_bytes()
    folder = path.parent
    outputs = {path.name: starter}
    if schema_file:
        outputs["profile.schema.json"] = _schema_bytes()
    else:
        starter = b"\n".join(starter.split(b"\n")[1:])
        outputs[path.name] = starter
    written = publish(folder, outputs, force=force)
    console.out.print(
        f"wrote {', '.join(str(p.relative_to(folder.resolve())) for p in written)} in {folder}"
    )
    console.out.print(f"next: edit {path}, then run [bold]toolkit validate {path}[/]")


def _schema_bytes() -> bytes:
    from toolkit.dumping import to_json
    from toolkit.schema import profile_json_schema

    return to_json(profile_json_schema()).encode()


def schema(
    out: Annotated[
        Path | None, typer.Option("-o", "--out", help="Write the schema to this file.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Print (or write) the JSON Schema of the profile format, for editors and validators."""
    data = _schema_bytes()
    if out is None:
        console.out.file.write(data.decode())
        return
    from toolkit.output import write_file

    write_file(out, data, force=force)
    console.out.print(f"wrote {out}")
