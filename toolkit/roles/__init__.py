"""Role packs: finding, loading and validating them, with errors located in their files.

Built-in packs live in ``toolkit/roles/packs/<id>/``; a user adds their own by passing a
folder (``--packs DIR`` on the command line, ``extra=[...]`` here) or setting
``TOOLKIT_ROLE_PACKS`` to folders separated by ``:``. A pack folder holds ``pack.yaml`` and
any number of other ``*.yaml`` files; their top-level keys together make one pack.
"""

from __future__ import annotations

import dataclasses
import functools
import os
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from toolkit.errors import InputError, Issue, NotFoundError
from toolkit.load.profile import issues_from_validation
from toolkit.load.sources import Located, Pos, decode, parse_yaml, read_bytes
from toolkit.models.posting import JobPosting
from toolkit.models.rolepack import RolePack

BUILTIN_PACKS = Path(__file__).parent / "packs"
MAX_PACK_FILES = 50
DEFAULT_ROLE = "medical-records-specialist"
"""The pack of documents made without a posting or a role (the toolkit's first domain)."""


def _search_folders(extra: Sequence[Path] = ()) -> list[Path]:
    env = [Path(p) for p in os.environ.get("TOOLKIT_ROLE_PACKS", "").split(os.pathsep) if p]
    return [*extra, *env, BUILTIN_PACKS]


def _pack_dirs(folder: Path) -> list[Path]:
    """The pack folders directly in ``folder`` (or ``folder`` itself if it is a pack)."""
    if (folder / "pack.yaml").is_file():
        return [folder]
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if (p / "pack.yaml").is_file())


def find_pack(pack_id_or_path: str | Path, extra: Sequence[Path] = ()) -> Path:
    """The folder of a pack, given its id or a path to it.

    Raises:
        NotFoundError: listing the packs that exist.
    """
    candidate = Path(pack_id_or_path)
    if candidate.is_dir() and (candidate / "pack.yaml").is_file():
        return candidate
    for folder in _search_folders(extra):
        for pack_dir in _pack_dirs(folder):
            if pack_dir.name == str(pack_id_or_path):
                return pack_dir
    known = ", ".join(pack_ids(extra)) or "none"
    raise NotFoundError(f"no role pack '{pack_id_or_path}'; packs: {known}")


def pack_ids(extra: Sequence[Path] = ()) -> list[str]:
    """The ids of every pack that can be found (user packs first, then the built-in ones)."""
    seen: dict[str, None] = {}
    for folder in _search_folders(extra):
        for pack_dir in _pack_dirs(folder):
            seen.setdefault(pack_dir.name, None)
    return list(seen)


def read_pack_folder(folder: Path) -> RolePack:
    """Load and validate the pack in ``folder``.

    Raises:
        InputError: every problem found, each with its file, line and column.
    """
    if not (folder / "pack.yaml").is_file():
        raise NotFoundError(f"{folder}: not a role pack (no pack.yaml in it)")
    files = sorted(folder.glob("*.yaml"), key=lambda p: (p.name != "pack.yaml", p.name))
    if len(files) > MAX_PACK_FILES:
        raise InputError(
            [Issue(f"a pack holds at most {MAX_PACK_FILES} YAML files", file=str(folder))],
            str(folder),
        )
    merged: dict[str, object] = {}
    owner: dict[str, str] = {}
    values: dict[tuple[str | int, ...], Pos] = {}
    keys: dict[tuple[str | int, ...], Pos] = {}
    problems: list[Issue] = []
    shipped = folder.resolve().parent == BUILTIN_PACKS.resolve()
    for path in files:
        source = str(path)
        try:
            doc = parse_yaml(decode(read_bytes(path, source), source), source, shipped=shipped)
        except InputError as exc:
            problems += exc.issues
            continue
        if not isinstance(doc.data, dict):
            problems.append(
                Issue(
                    "a pack file holds a mapping of top-level keys",
                    file=source,
                    line=1,
                    column=1,
                    hint="e.g. 'skills:' followed by a list",
                )
            )
            continue
        for key, value in doc.data.items():
            if key in merged:
                pos = doc.keys.get((key,))
                problems.append(
                    Issue(
                        f"'{key}' is already given in {Path(owner[key]).name}",
                        path=(key,),
                        file=source,
                        line=pos.line if pos else None,
                        column=pos.column if pos else None,
                        hint="keep each top-level key in one file",
                    )
                )
                continue
            merged[key] = value
            owner[key] = source
        for p, pos in doc.values.items():
            if p and p[0] in merged and owner.get(str(p[0])) == source:
                values[p] = pos
        for p, pos in doc.keys.items():
            if p and owner.get(str(p[0])) == source:
                keys[p] = pos
    if problems:
        raise InputError(problems, str(folder))
    located = Located(merged, str(folder / "pack.yaml"), values, keys)
    try:
        return RolePack.model_validate(merged)
    except ValidationError as exc:
        issues = issues_from_validation(exc, located, RolePack)
        fixed = [
            dataclasses.replace(i, file=owner.get(str(i.path[0]), i.file) if i.path else i.file)
            for i in issues
        ]
        raise InputError(fixed, str(folder)) from None


@functools.cache
def _cached(folder: Path, stamp: tuple[float, ...]) -> RolePack:
    del stamp  # part of the cache key: a changed file is read again
    return read_pack_folder(folder)


def load_pack(pack_id_or_path: str | Path, extra: Sequence[Path] = ()) -> RolePack:
    """A validated role pack by id (``medical-records-specialist``) or folder path.

    Raises:
        NotFoundError: when no such pack exists.
        InputError: when the pack's files have problems (each located).
    """
    folder = find_pack(pack_id_or_path, extra).resolve()
    stamp = tuple(p.stat().st_mtime for p in sorted(folder.glob("*.yaml")))
    return _cached(folder, stamp)


def pack_for(
    role: str | Path | None = None, job: JobPosting | None = None, extra: Sequence[Path] = ()
) -> RolePack:
    """The pack a document uses: ``role`` when given, else the posting's, else
    :data:`DEFAULT_ROLE`."""
    return load_pack(role or (job.role if job else None) or DEFAULT_ROLE, extra)


def pay_estimate(pack: RolePack, level_id: str) -> tuple[int, int, str] | None:
    """The level's pay estimate: median ± the pack's band, rounded to 500; None without pay."""
    pay = pack.level(level_id).pay
    if pay is None:
        return None
    band = pack.pay_band_percent / 100

    def round_to(value: float) -> int:
        return int(round(value / 500) * 500)

    return round_to(pay.median * (1 - band)), round_to(pay.median * (1 + band)), pay.currency


__all__ = [
    "BUILTIN_PACKS",
    "DEFAULT_ROLE",
    "find_pack",
    "load_pack",
    "pack_for",
    "pack_ids",
    "pay_estimate",
    "read_pack_folder",
]
