"""Batches: many profiles x postings x document kinds x formats from one manifest.

::

    from toolkit.batch import ProcessExecutor, run_batch

    report = run_batch("batch.yaml", executor=ProcessExecutor(jobs=4))
    print(report.totals)            # {'ok': 22, 'skipped': 0, 'failed': 2, 'total': 24}

The coordinator reads the inputs and hashes every item; unchanged items are skipped; the
others run on an :class:`Executor` (this process, a local process pool, or a Dask cluster)
as plain data (input bytes in, output bytes back), and the coordinator alone writes the
files. See ``docs/batch.md``.
"""

from __future__ import annotations

from toolkit.batch.executors import (
    DaskExecutor,
    Executor,
    ProcessExecutor,
    SerialExecutor,
    choose_executor,
)
from toolkit.batch.manifest import BatchManifest, Item, Manifest, expand, load_manifest
from toolkit.batch.runner import BatchReport, ItemReport, Progress, run_batch, write_report
from toolkit.batch.state import STATE_FILE
from toolkit.batch.worker import InputFile, Task, TaskResult, render_task

__all__ = [
    "STATE_FILE",
    "BatchManifest",
    "BatchReport",
    "DaskExecutor",
    "Executor",
    "InputFile",
    "Item",
    "ItemReport",
    "Manifest",
    "ProcessExecutor",
    "Progress",
    "SerialExecutor",
    "Task",
    "TaskResult",
    "choose_executor",
    "expand",
    "load_manifest",
    "render_task",
    "run_batch",
    "write_report",
]
