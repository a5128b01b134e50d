"""Writing files safely: slugs that stay inside the output folder, atomic writes, and a manifest.

Every file the toolkit writes goes through :func:`publish`. It writes each file to a
temporary file in the same folder, flushes it to disk, then renames all of them into place
together, so a crash never leaves a half-written file and a set of formats appears at once.
A small manifest (``.toolkit-manifest.json``) records what the toolkit wrote, so a re-run
replaces its own files but never a file it did not write (or one edited since) unless
``force`` is given.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import tempfile
import threading
import unicodedata
from collections.abc import Iterator, Mapping
from pathlib import Path

from toolkit.errors import OutputError, expect

MANIFEST = ".toolkit-manifest.json"
_MAX_NAME_BYTES = 120
_WINDOWS_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(1, 10)),
    *(f"lpt{i}" for i in range(1, 10)),
}


def slugify(text: str, *, fallback: str = "document") -> str:
    """A file-name-safe slug: ASCII letters, digits and dashes, at most 120 bytes.

    ``"Zoë O'Brien-Núñez"`` becomes ``"zoe-obrien-nunez"``; names in other scripts keep
    their letters (``"Анна Петрова"`` stays readable) but never path separators or dots
    that could climb out of a folder.
    """
    norm = unicodedata.normalize("NFKD", text)
    ascii_only = norm.encode("ascii", "ignore").decode()
    base = (
        ascii_only if re.search(r"[A-Za-z0-9]", ascii_only) else unicodedata.normalize("NFC", text)
    )
    base = re.sub("['\u2019]", "", base.lower())  # apostrophes join: O'Brien -> obrien
    slug = re.sub(r"[^\w]+", "-", base, flags=re.UNICODE).strip("-_")
    slug = re.sub(r"-{2,}", "-", slug)
    while len(slug.encode()) > _MAX_NAME_BYTES:
        slug = slug[:-1]
    slug = slug.strip("-_")
    if not slug or slug in _WINDOWS_RESERVED:
        slug = f"{slug}-{fallback}" if slug else fallback
    return slug


def inside(folder: Path, name: str) -> Path:
    """``folder / name``, refusing any name that would land outside ``folder``.

    Raises:
        OutputError: for absolute names, ``..`` parts, or links that lead out.
    """
    if not name or Path(name).is_absolute() or ".." in Path(name).parts or "\0" in name:
        raise OutputError(f"refused to write '{name}': not a plain file name")
    root = folder.resolve()
    target = (root / name).resolve()
    if not target.is_relative_to(root) or target == root:
        raise OutputError(f"refused to write '{name}': it would land outside {folder}")
    return root / name


def subfolder(folder: Path, *names: str) -> Path:
    """``folder / names[0] / names[1] …``, refusing a link or a name that leads out of
    ``folder`` (a linked ``packets`` folder is not written through).

    Raises:
        OutputError: for an unsafe name, or a path that would land outside ``folder``.
    """
    return inside(folder, "/".join(names))


def person_folder(out: Path, person_name: str) -> Path:
    """The folder a person's documents go to: ``<out>/<person-slug>/``, theirs alone.

    Two names can give one slug ("Ann Lee" and "Ann. Lee"); the folder remembers whose it
    is (in its manifest), and another person's documents go to the next free
    ``<slug>-2``, ``<slug>-3`` … instead of replacing the first person's files.

    Raises:
        OutputError: for an unsafe folder, or when 99 people share one slug.
    """
    base = slugify(person_name, fallback="profile")
    for n in range(1, 100):
        folder = inside(out, base if n == 1 else f"{base}-{n}")
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot make {folder}: {exc.strerror or exc}") from None
        with _folder_lock(folder):
            manifest = _read_manifest_data(folder)
            owner = manifest.get("person")
            if owner is None or owner == person_name:
                if owner is None:
                    _write_manifest(folder, {**manifest, "person": person_name})
                return folder
    raise OutputError(f"99 people in {out} share the folder name '{base}'; use another output")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_sha256(path: Path) -> str | None:
    try:
        with path.open("rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None


def _read_manifest_data(folder: Path) -> dict[str, object]:
    """The folder's manifest: ``files`` (name -> SHA-256) and ``person`` (whose folder)."""
    try:
        data = json.loads((folder / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _read_manifest(folder: Path) -> dict[str, str]:
    files = _read_manifest_data(folder).get("files", {})
    return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}


def _write_manifest(folder: Path, data: Mapping[str, object]) -> None:
    """Replace the manifest atomically (call under the folder's lock)."""
    record = dict(data)
    files = record.get("files")
    if isinstance(files, dict):
        record["files"] = dict(sorted(files.items()))
    text = json.dumps(record, indent=2, ensure_ascii=False) + "\n"
    _stage(folder, MANIFEST, text.encode()).replace(folder / MANIFEST)


def file_mode(*, private: bool = False) -> int:
    """The mode of a new file: what the user's umask allows (as ``open`` would give),
    or ``0600`` for a private one."""
    return 0o600 if private else 0o666 & ~_umask()


def _umask() -> int:
    """The process's umask, read without changing it where the system allows."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    with _UMASK_LOCK:  # elsewhere: set and restore it, one thread at a time
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


_UMASK_LOCK = threading.Lock()


def _stage(folder: Path, name: str, data: bytes, *, private: bool = False) -> Path:
    """Write ``data`` to a temporary file in ``folder`` and flush it to disk."""
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    path = Path(tmp)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        path.chmod(file_mode(private=private))
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


@contextlib.contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """Serialise publishers of one folder (two runs writing at once never interleave)."""
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _remove_stale_temporaries(folder: Path, names: Mapping[str, bytes]) -> None:
    """Delete temporary files a killed run left for these names (safe: we hold the lock)."""
    for name in [*names, MANIFEST]:
        for stale in folder.glob(f".{_glob_escape(name)}.*.tmp"):
            if stale.is_file() and not stale.is_symlink():
                stale.unlink(missing_ok=True)


def _glob_escape(name: str) -> str:
    """``name`` with glob's special characters made literal."""
    return re.sub(r"([*?\[])", r"[\1]", name)


def publish(
    folder: Path, files: Mapping[str, bytes], *, force: bool = False, private: bool = False
) -> list[Path]:
    """Write a set of files into ``folder`` together: all of them, or none.

    Args:
        folder: the output folder (created if missing).
        files: file name (no folders) -> content.
        force: replace files the toolkit did not write, or that were edited since.
        private: write the files ``0600`` (otherwise the user's umask decides, as for any
            file they create).

    Returns:
        The paths written, in the order given.

    Raises:
        OutputError: for an unsafe name, a file the toolkit would clobber without ``force``,
            or a folder that cannot be made or written (a file in the way, no permission).
        ArgumentError: for arguments of the wrong type.
    """
    folder = Path(folder) if isinstance(folder, str) else folder
    expect("folder", folder, Path)
    expect("files", files, Mapping)
    for name, data in files.items():
        expect(f"files[{name!r}]", data, bytes)
    try:
        return _publish(folder, files, force=force, private=private)
    except OSError as exc:
        where = exc.filename or folder
        raise OutputError(f"cannot write in {where}: {exc.strerror or exc}") from None


def _publish(folder: Path, files: Mapping[str, bytes], *, force: bool, private: bool) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    targets = {name: inside(folder, name) for name in files}
    with _folder_lock(folder):
        _remove_stale_temporaries(folder, files)
        manifest = _read_manifest(folder)
        for name, target in targets.items():
            if target.is_symlink():
                raise OutputError(f"refused to write {target}: it is a symbolic link")
            if target.exists() and not force:
                recorded = manifest.get(name)
                if recorded is None:
                    raise OutputError(
                        f"{target} exists and was not written by the toolkit; "
                        "use --force to replace it, or choose another output"
                    )
                if recorded != _file_sha256(target):
                    raise OutputError(
                        f"{target} was changed since the toolkit wrote it; "
                        "use --force to replace it, or choose another output"
                    )
        staged: dict[str, Path] = {}
        try:
            for name, data in files.items():
                staged[name] = _stage(folder, name, data, private=private)
        except BaseException:
            for tmp_path in staged.values():
                tmp_path.unlink(missing_ok=True)
            raise
        for name, tmp_path in staged.items():
            tmp_path.replace(targets[name])
            manifest[name] = _sha256(files[name])
        _write_manifest(folder, {**_read_manifest_data(folder), "files": manifest})
    return [targets[name] for name in files]


def write_file(path: Path, data: bytes, *, force: bool = False, private: bool = False) -> Path:
    """Write one file (e.g. ``init``'s profile or an export) with :func:`publish`'s rules."""
    folder = path.parent if str(path.parent) else Path()
    return publish(folder, {path.name: data}, force=force, private=private)[0]
