"""``toolkit import …`` and ``toolkit export …``: other formats in and out."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from toolkit.cli import console

import_app = typer.Typer(help="Make a profile from another format.", no_args_is_help=True)
export_app = typer.Typer(help="Write a profile in another format.", no_args_is_help=True)

OutFile = Annotated[Path, typer.Option("-o", "--out", help="The profile file to write.")]
Force = Annotated[bool, typer.Option("--force", help="Replace an existing file.")]


def _write_profile(profile: object, out: Path, header: str, force: bool) -> None:
    from toolkit.load.dump import profile_to_yaml, to_json
    from toolkit.models.profile import Profile
    from toolkit.output import write_file

    assert isinstance(profile, Profile)
    if out.suffix.lower() == ".json":
        data = profile.model_dump(mode="json", exclude_defaults=True, by_alias=True)
        text = to_json({"schema_version": 1, **data})
    else:
        text = profile_to_yaml(profile, header=header)
    write_file(out, text.encode(), force=force)
    console.out.print(f"wrote {out}: {profile.summary_line()}")


@import_app.command("jsonresume")
def import_jsonresume(
    source: Annotated[Path, typer.Argument(help="A JSON Resume file (resume.json).")],
    out: OutFile = Path("profile.yaml"),
    force: Force = False,
) -> None:
    """Convert a JSON Resume file into a profile (legacy keys are understood)."""
    from toolkit.load.profile import read_profile

    loaded = read_profile(source, format="jsonresume")
    if loaded.warnings:
        console.print_issues(loaded.warnings, loaded.source)
    _write_profile(
        loaded.value,
        out,
        f"Imported from {source.name} (JSON Resume).\nCheck it with: toolkit validate " + out.name,
        force,
    )


@import_app.command("linkedin")
def import_linkedin(
    archive: Annotated[
        Path,
        typer.Argument(
            help="LinkedIn's 'Download your data' archive (.zip), or the folder it unpacks to."
        ),
    ],
    out: OutFile = Path("profile.yaml"),
    force: Force = False,
) -> None:
    """Convert LinkedIn's data export (Profile, Positions, Education, Skills, …) to a profile."""
    from toolkit.interop.linkedin import read_linkedin

    loaded = read_linkedin(archive)
    if loaded.warnings:
        console.print_issues(loaded.warnings, loaded.source)
    _write_profile(
        loaded.value,
        out,
        f"Imported from the LinkedIn export {archive.name}.\n"
        "LinkedIn keeps no bullets: split job descriptions into highlights.\n"
        "Check it with: toolkit validate " + out.name,
        force,
    )


@export_app.command("jsonresume")
def export_jsonresume(
    profile: Annotated[Path, typer.Argument(help="A profile (YAML, JSON or JSON Resume).")],
    out: Annotated[
        Path | None, typer.Option("-o", "--out", help="The JSON file to write (default: print it).")
    ] = None,
    include_private: Annotated[
        bool, typer.Option("--include-private", help="Keep entries marked private: true.")
    ] = False,
    force: Force = False,
) -> None:
    """Write a profile as JSON Resume; fields JSON Resume lacks are kept as extensions."""
    from toolkit.interop.jsonresume import profile_to_jsonresume
    from toolkit.load.dump import to_json
    from toolkit.load.profile import load_profile
    from toolkit.output import write_file

    data = to_json(profile_to_jsonresume(load_profile(profile), include_private=include_private))
    if out is None:
        console.out.file.write(data)
        return
    write_file(out, data.encode(), force=force)
    console.out.print(f"wrote {out}")
