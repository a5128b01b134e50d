"""Render worker processes that start warm.

A render worker started the usual way (``spawn``) pays for a new interpreter, the engines'
imports (WeasyPrint alone takes most of a second), the role packs and a first layout before
its first document: 1.5-2 s each, on every core at once. On Linux, :func:`context` instead
forks workers from a server process that did all of that once: the server imports
:mod:`toolkit.batch.preload`, which renders a small document in every engine, then forks each
worker already warm, in a few milliseconds. The server is single-threaded when it forks, so
this is safe where forking the app's own, possibly threaded, process would not be.

:func:`start` launches the server and returns at once, so its warm-up runs while the caller
does other work (a batch reads and hashes its inputs meanwhile). The server stays until the
process that started it exits. Elsewhere (macOS, Windows) workers are spawned and warm up
on their first document.

``toolkit batch`` and :class:`toolkit.RenderPool` use these workers.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import select
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.context import BaseContext
from typing import Any

from toolkit.load.profile import parse_profile
from toolkit.pipeline import render
from toolkit.roles import load_pack, pack_ids

PRELOAD = "toolkit.batch.preload"


def available_cpus() -> int:
    """The cores this process may run on: fewer than the machine has under ``taskset`` or a
    container's CPU set, which ``os.cpu_count()`` does not see."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def warm_start_available() -> bool:
    """Whether workers are forked from a warmed server here: on Linux. macOS has a fork
    server too, but some of its system libraries are not safe to use after ``fork`` (which
    is why Python spawns there by default), and Windows has none."""
    return sys.platform.startswith("linux") and "forkserver" in (
        multiprocessing.get_all_start_methods()
    )


def context() -> BaseContext:
    """The multiprocessing context for render workers: the warm fork server, else ``spawn``.

    Adds :data:`PRELOAD` to the fork server's preload modules (keeping any the app set);
    a server the app had already started keeps its own list, and its workers warm up on
    their first document.
    """
    if not warm_start_available():
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    from multiprocessing import forkserver  # lazy: Unix-only machinery (~4 ms), warm start only

    server = forkserver._forkserver  # the server every forkserver context shares
    # the list has no public getter; the standard library starts it as ["__main__"]
    preload = list(getattr(server, "_preload_modules", ["__main__"]))
    if PRELOAD not in preload:
        ctx.set_forkserver_preload([*preload, PRELOAD])
    return ctx


def process_pool(workers: int, **options: Any) -> ProcessPoolExecutor:
    """A pool of render workers: warm (see :func:`context`), each ending when the process
    that made the pool is gone (killed with ``kill -9``, it cannot stop them itself)."""
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context(),
        initializer=exit_with,
        initargs=(os.getpid(),),
        **options,
    )


def exit_with(owner: int) -> None:
    """End this worker as soon as process ``owner`` exits, whatever the way.

    A worker waits on queues its owner also holds open in itself, so it would never see the
    owner go; nor would the fork server's resource tracker. A daemon thread waits on the
    owner (a pidfd where the system has one, else a check each second) and ends the worker.
    """
    if owner == os.getpid():  # a thread pool, or a worker run in the owner itself
        return
    threading.Thread(target=_watch, args=(owner,), name="exit-with-owner", daemon=True).start()


def _watch(owner: int) -> None:
    try:
        fd = os.pidfd_open(owner)
    except (AttributeError, OSError):  # no pidfd here (macOS, old Linux): check each second
        while _alive(owner):
            time.sleep(1)
    else:
        select.select([fd], [], [])  # readable once the process has exited
    os._exit(1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, as another user: not our owner any more
        return False
    return True


def start() -> None:
    """Launch the warm fork server now, without waiting for it (a no-op where there is none
    or it is running)."""
    ctx = context()
    if ctx.get_start_method() == "forkserver":
        from multiprocessing import forkserver  # lazy: Unix-only machinery (~4 ms), warm start only

        forkserver.ensure_running()


def warm_up() -> None:
    """Import the engines and render a small document in each, so the first real one is as
    fast as the rest. Never raises: a worker that could not warm up renders cold."""
    with contextlib.suppress(Exception):  # the real documents will report a real problem
        _warm_up()


_SAMPLE = """\
basics:
  name: Warm Up
  email: warm.up@example.org
  summary: Release of information and record keeping.
experience:
  - employer: Example Clinic
    title: Health Information Technician
    start: 2020-01
    highlights:
      - Processed release-of-information requests under HIPAA.
      - Coded outpatient encounters in ICD-10-CM.
skills:
  - name: Records
    keywords: [ICD-10-CM, Epic, HIPAA]
"""


def _warm_up() -> None:
    # lazy: the posting readers (~12 ms) load in the fork server that warms up, not in every
    # process that imports the batch package (`toolkit packets`, a batch's coordinator)
    from toolkit.postings.extract import _Vocabulary

    for pack_id in pack_ids():  # reading a posting chooses among all of them
        _Vocabulary.of(load_pack(pack_id))
    profile = parse_profile(_SAMPLE, format="yaml")
    for fmt in ("pdf", "docx", "html", "md"):
        render(profile, "resume", fmt)
    render(profile, "letter", "pdf")
