"""Run a batch: plan the items, skip the unchanged ones, render the rest, publish, report.

The coordinator (this module) reads the input files, hashes each item, hands the items that
changed to an :class:`~toolkit.batch.executors.Executor`, and writes what comes back with
:func:`toolkit.output.publish` into ``<out>/<person-slug>/[<posting-slug>/]``. It is the
only place that writes, whichever executor rendered the files.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from toolkit._version import __version__
from toolkit.batch.executors import Executor, choose_executor
from toolkit.batch.manifest import Item, Manifest, expand, load_manifest
from toolkit.batch.state import BatchState, task_hash
from toolkit.batch.worker import InputFile, Task, TaskResult, render_task
from toolkit.errors import ToolkitError
from toolkit.images import MAX_BYTES
from toolkit.load.sources import decode, parse_text, read_bytes
from toolkit.output import person_folder, publish, subfolder, write_file

Status = Literal["ok", "skipped", "failed"]


@dataclass
class ItemReport:
    """How one item of a batch went."""

    id: str
    profile: str
    posting: str | None
    kind: str
    status: Status
    seconds: float = 0.0
    """Time spent rendering it (in the worker); 0 when skipped."""
    outputs: list[str] = field(default_factory=list)
    error: str | None = None
    issues: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    hash: str | None = None


@dataclass
class BatchReport:
    """What a batch did, item by item, with totals (``to_json`` for ``--report``)."""

    manifest: str
    out: str
    executor: str
    workers: int
    items: list[ItemReport] = field(default_factory=list)
    wall_seconds: float = 0.0

    @property
    def totals(self) -> dict[str, int]:
        """How many items are ``ok``, ``skipped`` and ``failed``, and in all."""
        counts = {"ok": 0, "skipped": 0, "failed": 0}
        for item in self.items:
            counts[item.status] += 1
        return {**counts, "total": len(self.items)}

    @property
    def failed(self) -> list[ItemReport]:
        return [i for i in self.items if i.status == "failed"]

    def to_json(self) -> dict[str, Any]:
        """The report as JSON-ready data."""
        return {
            "toolkit_version": __version__,
            "manifest": self.manifest,
            "out": self.out,
            "executor": self.executor,
            "workers": self.workers,
            "wall_seconds": round(self.wall_seconds, 3),
            "totals": self.totals,
            "items": [
                {
                    "id": i.id,
                    "profile": i.profile,
                    "posting": i.posting,
                    "kind": i.kind,
                    "status": i.status,
                    "seconds": round(i.seconds, 3),
                    "outputs": i.outputs,
                    "error": i.error,
                    "issues": i.issues,
                    "warnings": i.warnings,
                    "hash": i.hash,
                }
                for i in self.items
            ],
        }


_COST = {"interview": 2.0, "resume": 0.7, "letter": 0.3}
"""Rough seconds per format of each kind, to start the slow items first on a first run."""

Progress = Callable[[int, int, ItemReport | None], None]
"""Called with ``(done, total, item)``: once with ``(0, total, None)`` before the first item,
then after every item (skipped ones included)."""


@dataclass
class _Planned:
    item: Item
    task: Task | None
    digest: str | None
    error: str | None = None


def run_batch(
    manifest: str | Path | Manifest,
    *,
    executor: Executor | None = None,
    force: bool = False,
    out: Path | None = None,
    progress: Progress | None = None,
) -> BatchReport:
    """Render every item of a batch manifest; a failed item never stops the others.

    Args:
        manifest: the manifest file, or one read with :func:`load_manifest`.
        executor: where items run; by default a process per core (see
            :func:`~toolkit.batch.executors.choose_executor`).
        force: render every item again, and replace files the toolkit did not write.
        out: an output folder that replaces the manifest's ``out``.
        progress: called as items finish (see :data:`Progress`).

    Returns:
        The report: each item's status (``ok``, ``skipped``, ``failed``), outputs and errors.

    Raises:
        InputError: for a manifest with problems (nothing is rendered).
    """
    started = time.perf_counter()
    if executor is None:
        executor = choose_executor()
    executor.start()  # workers warm up while the inputs are read and hashed
    if not isinstance(manifest, Manifest):
        manifest = load_manifest(manifest, out=out)
    elif out is not None:
        manifest = Manifest(
            manifest.path, manifest.spec, manifest.profiles, manifest.postings, manifest.letter, out
        )
    manifest.out.mkdir(parents=True, exist_ok=True)
    state = BatchState(manifest.out)
    planned = _plan(manifest)
    report = BatchReport(
        manifest=str(manifest.path),
        out=str(manifest.out),
        executor=executor.name,
        workers=executor.workers,
    )
    total = len(planned)
    results: dict[str, ItemReport] = {}

    def finish(entry: ItemReport) -> None:
        results[entry.id] = entry
        if progress is not None:
            progress(len(results), total, entry)

    if progress is not None:
        progress(0, total, None)
    todo: list[Task] = []
    by_id: dict[str, _Planned] = {}
    claimed: dict[Path, str] = {}  # output file -> its item: two items never share a file
    for plan in planned:
        by_id[plan.item.id] = plan
        if plan.task is None:
            finish(_report(plan, "failed", error=plan.error))
        elif not force and plan.digest and state.is_current(plan.item.id, plan.digest):
            outputs = state.outputs(plan.item.id)
            root = manifest.out.resolve()
            claimed.update({root / p.relative_to(manifest.out): plan.item.id for p in outputs})
            finish(_report(plan, "skipped", outputs=[str(p) for p in outputs]))
        else:
            todo.append(plan.task)
    # longest first: a slow item started last would leave the other workers idle at the end
    todo.sort(key=lambda t: state.seconds(t.id) or _COST[t.kind] * len(t.formats), reverse=True)
    for task, outcome in executor.map_unordered(render_task, todo):
        plan = by_id[task.id]
        if isinstance(outcome, BaseException):
            state.forget(task.id)
            finish(_report(plan, "failed", error=_infrastructure(outcome)))
            continue
        finish(_publish(manifest, plan, outcome, state, claimed, force))
    report.items = [results[p.item.id] for p in planned]
    report.wall_seconds = time.perf_counter() - started
    return report


def _report(plan: _Planned, status: Status, **fields: Any) -> ItemReport:
    item = plan.item
    return ItemReport(
        id=item.id,
        profile=item.profile_label,
        posting=item.posting_label,
        kind=item.kind,
        status=status,
        hash=plan.digest,
        **fields,
    )


def _infrastructure(exc: BaseException) -> str:
    # lazy: concurrent.futures.process (~4 ms) is loaded already when the batch ran on
    # processes, the only way to get this error; other batches need not pay for it
    from concurrent.futures.process import BrokenProcessPool

    if isinstance(exc, BrokenProcessPool):
        return "the worker process died (out of memory, or killed); run the batch again"
    return f"the item could not be run: {type(exc).__name__}: {exc}"


def _publish(
    manifest: Manifest,
    plan: _Planned,
    result: TaskResult,
    state: BatchState,
    claimed: dict[Path, str],
    force: bool,
) -> ItemReport:
    warnings = list(result.warnings)
    if result.error is not None:
        state.forget(plan.item.id)
        return _report(
            plan,
            "failed",
            seconds=result.seconds,
            error=result.error,
            issues=list(result.issues),
            warnings=warnings,
        )
    try:
        if result.version != __version__:
            raise ToolkitError(
                f"the worker runs toolkit {result.version}, this machine {__version__}; "
                "install the same version on every worker"
            )
        folder = person_folder(manifest.out, result.person or "profile")
        if plan.item.posting_slug:
            folder = subfolder(folder, plan.item.posting_slug)
        targets = {folder / name: data for name, data in result.files.items()}
        for target in targets:
            other = claimed.get(target)
            if other is not None:
                raise ToolkitError(
                    f"{target} is also an output of {other}; two profiles with the same name "
                    "need separate batches (or output folders)"
                )
        paths = publish(folder, result.files, force=force)
    except ToolkitError as exc:
        state.forget(plan.item.id)
        return _report(plan, "failed", seconds=result.seconds, error=str(exc), warnings=warnings)
    claimed.update(dict.fromkeys(targets, plan.item.id))
    if plan.digest is not None:
        state.record(plan.item.id, plan.digest, targets, result.seconds)
    root = manifest.out.resolve()
    outputs = [str(manifest.out / p.relative_to(root)) for p in paths]
    return _report(plan, "ok", seconds=result.seconds, outputs=outputs, warnings=warnings)


def _plan(manifest: Manifest) -> list[_Planned]:
    """Each item with its task (input bytes attached) and hash, or why it cannot run."""
    spec = manifest.spec
    # the date is fixed here, once, so every item (and every worker's clock) agrees and
    # the hash changes when "today" does
    options = spec.options.model_copy(
        update={"document_date": spec.options.document_date or date.today()}
    )
    inputs: dict[Path, InputFile | str] = {}

    def read(path: Path) -> InputFile | str:
        if path not in inputs:
            inputs[path] = _read_input(path, manifest.label(path))
        return inputs[path]

    photos: dict[Path, tuple[InputFile, ...]] = {}
    letter = read(manifest.letter) if manifest.letter else None
    planned = []
    for item in expand(manifest):
        parts = [read(item.profile), read(item.posting) if item.posting else None]
        if item.kind == "letter":
            parts.append(letter)
        error = next((p for p in parts if isinstance(p, str)), None)
        if error is not None:
            planned.append(_Planned(item, None, None, error))
            continue
        profile = read(item.profile)
        assert isinstance(profile, InputFile)
        if item.profile not in photos:
            photos[item.profile] = _attachments(item.profile, profile.data)
        posting = read(item.posting) if item.posting else None
        task = Task(
            id=item.id,
            kind=item.kind,
            formats=spec.formats_of(item.kind),
            options=options,
            profile=profile,
            attachments=photos[item.profile],
            posting=posting if isinstance(posting, InputFile) else None,
            letter=letter if item.kind == "letter" and isinstance(letter, InputFile) else None,
            interview=spec.interview.model_dump() if item.kind == "interview" else {},
        )
        planned.append(_Planned(item, task, task_hash(task)))
    return planned


def _read_input(path: Path, label: str) -> InputFile | str:
    """The file's bytes, or the error message that fails every item needing it."""
    try:
        return InputFile(label, read_bytes(path, label))
    except ToolkitError as exc:
        return str(exc)
    except OSError as exc:
        return f"{label}: cannot be read ({exc.strerror or exc})"


def _attachments(profile: Path, data: bytes) -> tuple[InputFile, ...]:
    """The photo a profile names, when it is a file inside the profile's folder.

    The worker checks it again, as ``toolkit resume`` does; a photo that is missing or
    outside the folder is left behind, and the worker reports the profile's error.
    """
    if b"photo" not in data:  # most profiles have none: no need to parse them here
        return ()
    try:
        doc = parse_text(decode(data, str(profile)), "auto", str(profile))
    except ToolkitError:
        return ()
    basics = doc.data.get("basics") if isinstance(doc.data, dict) else None
    name = basics.get("photo") if isinstance(basics, dict) else None
    if not isinstance(name, str) or not name.strip():
        return ()
    root = profile.parent.resolve()
    try:
        target = (root / name).resolve(strict=True)
    except (OSError, RuntimeError):
        return ()
    relative = Path(os.path.normpath(name))
    if not target.is_relative_to(root) or not target.is_file() or ".." in relative.parts:
        return ()
    with target.open("rb") as fh:
        photo = fh.read(MAX_BYTES + 1)
    return (InputFile(relative.as_posix(), photo),)


def write_report(report: BatchReport, path: Path) -> Path:
    """Write the JSON report (atomically, like every other output)."""
    text = json.dumps(report.to_json(), indent=2, ensure_ascii=False) + "\n"
    return write_file(path, text.encode(), force=True)
