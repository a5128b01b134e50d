"""What runs in a worker: one item of a batch, from input bytes to output bytes.

A :class:`Task` carries the bytes of its input files (profile, photo, posting, letter file)
and plain options, never a path to read or a folder to write: a worker on another machine
needs no shared file system. :func:`render_task` writes the inputs into a private
temporary folder (so every loader and its checks work as for ``toolkit resume``), renders
every format, and returns the files as bytes in a :class:`TaskResult`. The coordinator
publishes them; a worker never writes output.

Errors never leave :func:`render_task` as exceptions: a problem with the item's input or an
engine failure becomes a failed result with a message, so one bad item never stops a batch.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from toolkit._version import __version__
from toolkit.errors import InputError, ToolkitError
from toolkit.load.letter import load_letter_options
from toolkit.load.profile import read_profile
from toolkit.output import inside
from toolkit.pipeline import render_files

if TYPE_CHECKING:
    from toolkit.models.letter import LetterOptions
    from toolkit.models.options import DocumentOptions
    from toolkit.models.posting import JobPosting
    from toolkit.models.profile import Profile


@dataclass(frozen=True)
class InputFile:
    """An input file travelling with a task: its name as the user gave it, and its bytes."""

    name: str
    """A relative path; the profile's photo keeps its path relative to the profile."""
    data: bytes

    @functools.cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class Task:
    """One item of a batch, as plain picklable data."""

    id: str
    kind: str
    formats: tuple[str, ...]
    options: DocumentOptions
    profile: InputFile
    attachments: tuple[InputFile, ...] = ()
    """Files the profile refers to (its photo), named relative to the profile's folder."""
    posting: InputFile | None = None
    letter: InputFile | None = None
    interview: dict[str, Any] = field(default_factory=dict)
    """``level``, ``count``, ``seed``, ``tips`` of the interview sheet."""


@dataclass(frozen=True)
class TaskResult:
    """What a worker sends back: the files, or why there are none."""

    id: str
    files: dict[str, bytes]
    person: str | None
    """The profile's name (the coordinator puts the files in the person's folder)."""
    seconds: float
    error: str | None = None
    issues: tuple[dict[str, Any], ...] = ()
    """For an input error: each problem with file, line, column, field, message and hint."""
    warnings: tuple[str, ...] = ()
    version: str = __version__
    """The toolkit version that rendered the item (workers must match the coordinator)."""


class _Collect(logging.Handler):
    """Keep the ``toolkit`` log messages of one thread (Dask runs several tasks per process)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.thread = threading.get_ident()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:
            self.messages.append(record.getMessage())


def render_task(task: Task) -> TaskResult:
    """Render every format of one item; never raises for a problem with the item."""
    started = time.perf_counter()
    handler = _Collect()
    logger = logging.getLogger("toolkit")
    logger.addHandler(handler)
    person = None
    try:
        with tempfile.TemporaryDirectory(prefix="toolkit-batch-") as tmp:
            folder = Path(tmp)
            try:
                profile = _profile(task, folder)
                person = profile.basics.name
                _warn_of_patient_data(task, profile, folder)
                files = _render(task, profile, folder)
            except ToolkitError as exc:
                return _failed(task, exc, folder, person, started, handler.messages)
            except Exception as exc:  # an engine's own failure: say what, not a traceback
                message = f"internal error: {type(exc).__name__}: {exc}"
                return _failed(task, message, folder, person, started, handler.messages)
    finally:
        logger.removeHandler(handler)
    return TaskResult(
        task.id,
        files,
        person,
        time.perf_counter() - started,
        warnings=tuple(_plain(m, folder, task) for m in handler.messages),
    )


def _write(folder: Path, file: InputFile) -> Path:
    target = inside(folder, file.name)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(file.data)
    return target


def _profile(task: Task, folder: Path) -> Profile:
    key = (task.profile.name, task.profile.sha256, tuple(a.sha256 for a in task.attachments))
    cached = _PROFILES.get(key)
    if cached is not None:
        return cached
    # the profile and its photo keep their relative layout, so the photo checks still apply
    home = folder / "profile"
    home.mkdir()
    path = _write(home, InputFile(Path(task.profile.name).name, task.profile.data))
    for attachment in task.attachments:
        _write(home, attachment)
    loaded = read_profile(path)
    for warning in loaded.warnings:
        logging.getLogger("toolkit").warning("%s", warning)
    return _remember(_PROFILES, key, loaded.value)


def _posting(file: InputFile, folder: Path) -> JobPosting:
    key = (file.name, file.sha256)
    cached = _POSTINGS.get(key)
    if cached is not None:
        return cached
    # lazy: the posting readers (html.parser, zipfile: ~12 ms) only where an item has a
    # posting, not in a batch's coordinator or `toolkit packets`, which import this module too
    from toolkit.postings.extract import load_job

    home = folder / "posting"
    home.mkdir()
    job = load_job(_write(home, InputFile(Path(file.name).name, file.data)))
    return _remember(_POSTINGS, key, job.model_copy(update={"source": file.name}))


def _letter(file: InputFile, folder: Path) -> LetterOptions:
    home = folder / "letter"
    home.mkdir(exist_ok=True)
    return load_letter_options(_write(home, InputFile(Path(file.name).name, file.data)))


V = TypeVar("V")

# Parsed inputs by content: a worker renders several kinds of the same profile and posting,
# and reading a posting (choosing its role pack) costs more than rendering a letter.
_PROFILES: dict[tuple[Any, ...], Profile] = {}
_POSTINGS: dict[tuple[Any, ...], JobPosting] = {}
_CACHE_SIZE = 32
_cache_lock = threading.Lock()


def _remember(cache: dict[tuple[Any, ...], V], key: tuple[Any, ...], value: V) -> V:
    with _cache_lock:
        while len(cache) >= _CACHE_SIZE:
            cache.pop(next(iter(cache)))
        cache[key] = value
    return value


def _warn_of_patient_data(task: Task, profile: Profile, folder: Path) -> None:
    """What looks like patient data in the profile (or the item's letter file), as the
    item's warnings: a batch shows them as ``toolkit resume`` does."""
    from toolkit.privacy import phi_report  # lazy: the patterns, only once a profile is read

    letter = _letter(task.letter, folder) if task.kind == "letter" and task.letter else None
    for issue in phi_report(profile, letter=letter):
        field = f"{issue.field}: " if issue.field else ""
        logging.getLogger("toolkit").warning("%s%s (%s)", field, issue.message, issue.hint)


def _render(task: Task, profile: Profile, folder: Path) -> dict[str, bytes]:
    job = _posting(task.posting, folder) if task.posting else None
    kind_options: Any = None
    if task.kind == "letter" and task.letter:
        kind_options = _letter(task.letter, folder)
    elif task.kind == "interview":
        settings = dict(task.interview)
        settings["with_tips"] = bool(settings.pop("tips", False))
        kind_options = settings
    files, _changes, _pages = render_files(
        profile, task.kind, task.formats, task.options, job=job, kind_options=kind_options
    )
    return files


def _plain(text: str, folder: Path, task: Task) -> str:
    """``text`` with the private folder's paths replaced by the names the user gave."""
    for sub, file in (
        ("profile", task.profile),
        ("posting", task.posting),
        ("letter", task.letter),
    ):
        if file is not None:
            text = text.replace(str(folder / sub / Path(file.name).name), file.name)
    for real in {str(folder), str(folder.resolve())}:
        text = text.replace(real + "/profile/", "").replace(real, "")
    return text


def _failed(
    task: Task,
    error: Exception | str,
    folder: Path,
    person: str | None,
    started: float,
    warnings: list[str],
) -> TaskResult:
    issues: tuple[dict[str, Any], ...] = ()
    if isinstance(error, InputError):
        issues = tuple(
            {
                "file": _plain(i.file, folder, task) if i.file else None,
                "line": i.line,
                "column": i.column,
                "field": i.field or None,
                "message": i.message,
                "value": i.value,
                "hint": i.hint,
                "severity": i.severity,
            }
            for i in error.issues
        )
    return TaskResult(
        task.id,
        {},
        person,
        time.perf_counter() - started,
        error=_plain(str(error), folder, task),
        issues=issues,
        warnings=tuple(_plain(m, folder, task) for m in warnings),
    )
