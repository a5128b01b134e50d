"""The user's cache folder, for work a later run can reuse (compiled templates, validators).

What is kept here is code a later run loads (Jinja's compiled templates, Pydantic's
validators), so a folder is used only when no one else can write to it: it is created
``0700``, and taken only if it is a real folder (not a link) owned by this user that no
group or other user may write to or read. Anything that goes wrong (no home, a read-only
disk, a folder someone else made) makes :func:`cache_folder` return None and the caller
does the work itself, as it would with ``TOOLKIT_NO_SHORTCUTS`` set. Entries are named by a
hash of everything they depend on and written atomically, so concurrent runs never read a
half-written or stale entry.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from toolkit._version import __version__

CACHE_ENV = "TOOLKIT_CACHE_DIR"
"""A folder to keep the cache in instead of ``$XDG_CACHE_HOME/applykit`` (``~/.cache``)."""


def _private(path: Path) -> bool:
    """True when ``path`` is a real folder of this user's that no one else may write or read."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        return False
    return stat.S_IMODE(info.st_mode) & 0o077 == 0


def cache_folder(kind: str) -> Path | None:
    """``<cache>/applykit/<kind>``, made private if new; None where no safe folder can be had
    (or ``TOOLKIT_NO_SHORTCUTS`` is set)."""
    if os.environ.get("TOOLKIT_NO_SHORTCUTS", "") not in ("", "0") or not hasattr(os, "getuid"):
        return None
    root = os.environ.get(CACHE_ENV)
    if root:
        base = Path(root)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        if xdg and Path(xdg).is_absolute():
            home = Path(xdg)
        else:
            try:
                home = Path.home() / ".cache"
            except RuntimeError:  # no home folder
                return None
        base = home / "applykit"
    folder = base / f"{kind}-{__version__}"
    try:
        base.mkdir(mode=0o700, parents=True, exist_ok=True)
        folder.mkdir(mode=0o700, exist_ok=True)
    except OSError:
        return None
    return folder if _private(base) and _private(folder) else None


MAX_ENTRIES = 400
"""Entries one folder keeps; past that the oldest half go (an edited template or model makes
new entries, and the old ones are never read again)."""


def _prune(folder: Path) -> None:
    with contextlib.suppress(OSError):
        entries = [e for e in os.scandir(folder) if e.is_file(follow_symlinks=False)]
        if len(entries) <= MAX_ENTRIES:
            return
        entries.sort(key=lambda e: e.stat(follow_symlinks=False).st_mtime)
        for entry in entries[: len(entries) // 2]:
            with contextlib.suppress(OSError):
                Path(entry.path).unlink()


def write_entry(folder: Path, name: str, data: bytes) -> None:
    """Write ``folder/name`` atomically (a temporary file renamed over it); a failure (a full
    disk, a folder removed meanwhile) is ignored: the entry is made again next time."""
    _prune(folder)
    try:
        fd, name_of_tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    except OSError:
        return
    tmp = Path(name_of_tmp)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        tmp.replace(folder / name)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()


def read_entry(folder: Path, name: str) -> bytes | None:
    """The bytes of ``folder/name`` when it is a regular file of this user's; else None."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(folder / name, flags)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid():
            return None
        return fh.read()
