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
    from toolkit.load.profile import read_profile

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
        summary = loaded.value.summary_line()
        console.out.print(console.styled("valid: {}{}  [dim]{}[/]", summary, note, path))
        if loaded.warnings:
            console.print_issues(loaded.warnings, loaded.source)
    if failed:
        raise typer.Exit(1)


def init(
    path: Annotated[
        Path | None,
        typer.Argument(help="Where to write the starter profile (default profile.yaml)."),
    ] = None,
    out: Annotated[Path | None, typer.Option("-o", "--out", help="Same as PATH.")] = None,
    schema_file: Annotated[
        bool,
        typer.Option(
            "--schema/--no-schema",
            help="Also write profile.schema.json beside it, for editor autocompletion.",
        ),
    ] = True,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    role: Annotated[
        str | None,
        typer.Option(
            "--role", help="Shape the starter for a role pack (see `toolkit roles list`)."
        ),
    ] = None,
    level: Annotated[
        str | None, typer.Option("--level", help="With --role: the level, e.g. junior or senior.")
    ] = None,
) -> None:
    """Write a commented starter profile that validates as written."""
    from importlib.resources import files as package_files

    from toolkit.output import publish

    if path is not None and out is not None and path != out:
        raise typer.BadParameter("give the file once, as PATH or with -o", param_hint="-o")
    target = path or out or Path("profile.yaml")
    if role is not None or level is not None:
        starter = _role_starter(role, level)
    else:
        starter = package_files("toolkit").joinpath("starters/profile.yaml").read_text("utf-8")
    outputs = {}
    if schema_file:
        outputs["profile.schema.json"] = _schema_bytes()
    else:  # no schema file beside it: drop the editor line that points at one
        starter = starter.split("\n", 2)[2]
    outputs = {target.name: starter.encode(), **outputs}
    written = publish(target.parent, outputs, force=force)
    for p in written:
        console.out.print(f"wrote {target.parent / p.name}")
    console.out.print(
        console.styled("next: edit {}, then run [bold]toolkit validate {}[/]", target, target)
    )


def _role_starter(role: str | None, level: str | None) -> str:
    from toolkit.errors import NotFoundError
    from toolkit.roles import load_pack
    from toolkit.starters.role import role_starter

    if role is None or level is None:
        raise typer.BadParameter("give --role and --level together", param_hint="--role")
    pack = load_pack(role)
    if level not in {lv.id for lv in pack.levels}:
        raise NotFoundError(
            f"no level '{level}' in {pack.id}; levels: {', '.join(lv.id for lv in pack.levels)}"
        )
    return role_starter(pack, level)


def _schema_bytes() -> bytes:
    from toolkit.load.dump import to_json
    from toolkit.load.schema import profile_json_schema

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
