"""Load (make stress): many documents from many callers, the same bytes, flat memory.

The library renders :data:`N_DOCS` documents of mixed kinds and formats, once for
:data:`N_THREADS` threads of one calling process and once for :data:`N_PROCESSES` worker
processes started with ``spawn`` (WeasyPrint's native libraries do not survive ``fork``).
Every document must render without an error, with exactly the bytes a single-threaded render
of the same input and document date gave, and the resident memory after all documents must
be within :data:`RSS_TOLERANCE` of what it was after the first tenth (after a warm-up that
renders each distinct document once, so first-use imports, fonts and caches are not counted
as growth).

Run with ``pytest -p no:xdist --stress -m stress tests/test_load.py -s`` to see the summary.
"""

from __future__ import annotations

import gc
import hashlib
import itertools
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

import pytest

import toolkit

N_DOCS = 500
"""Documents rendered by each of the two runs (threads, processes)."""
N_THREADS = 8
N_PROCESSES = 4
EARLY_FRACTION = 10
"""Memory is first read after 1/EARLY_FRACTION of the documents (50 of 500)."""
RSS_TOLERANCE = 1.10
"""RSS at the end may be at most this multiple of RSS at the early reading."""
DOCUMENT_DATE = date(2026, 1, 15)
INTERVIEW_EXTRA: dict[str, Any] = {"seed": 1, "count": 3}
"""A seeded sheet (deterministic); three questions keep its PDF near a resume's cost."""

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
PROFILES = ("entry-career-changer", "mid-rhit", "senior-supervisor")
POSTING = "posting-roi-specialist.txt"
FORMATS_BY_KIND: dict[str, tuple[str, ...]] = {
    "resume": ("pdf", "docx", "html", "md", "txt"),
    "letter": ("pdf", "docx", "html", "md", "txt"),
    "interview": ("pdf", "docx", "html", "md"),  # an interview sheet has no txt format
}
_STATUS = Path("/proc/self/status")

pytestmark = pytest.mark.skipif(
    not _STATUS.exists(), reason="reads resident memory from /proc/self/status (Linux)"
)


class Doc(NamedTuple):
    """One distinct document: which profile, kind and format, tailored to the posting or not."""

    profile: str
    kind: str
    fmt: str
    tailored: bool


def distinct_docs() -> list[Doc]:
    """Each kind in each of its formats, general and tailored: 28 distinct documents.

    The three profiles take turns, so each kind and format is rendered from two different
    profiles and each profile gets every kind. Consecutive documents differ in format, so
    any stretch of the cycle mixes PDF and Word documents with the cheap text formats.
    """
    combos = [(kind, fmt) for kind, fmts in FORMATS_BY_KIND.items() for fmt in fmts]
    return [
        Doc(PROFILES[(i + 2 * tailored) % len(PROFILES)], kind, fmt, tailored)
        for tailored in (False, True)
        for i, (kind, fmt) in enumerate(combos)
    ]


def workload(n: int) -> list[Doc]:
    """``n`` documents cycling through :func:`distinct_docs`."""
    return list(itertools.islice(itertools.cycle(distinct_docs()), n))


class Inputs:
    """The parsed example profiles and posting, and a renderer of one :class:`Doc`."""

    def __init__(self) -> None:
        self.profiles = {name: toolkit.load_profile(EXAMPLES / f"{name}.yaml") for name in PROFILES}
        self.posting = toolkit.load_job(EXAMPLES / POSTING)

    def render(self, doc: Doc) -> bytes:
        return toolkit.render(
            self.profiles[doc.profile],
            doc.kind,
            doc.fmt,
            job=self.posting if doc.tailored else None,
            extra=dict(INTERVIEW_EXTRA) if doc.kind == "interview" else None,
            document_date=DOCUMENT_DATE,
        )


def rss_kib() -> int:
    """This process's resident set size in KiB, after a full garbage collection."""
    gc.collect()
    for line in _STATUS.read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS line in /proc/self/status")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _mib(kib: int) -> str:
    return f"{kib / 1024:.1f} MiB"


@pytest.fixture(scope="module")
def reference() -> dict[Doc, str]:
    """The SHA-256 of each distinct document rendered once, single-threaded.

    This is also the warm-up of this process: every code path, font and cache the load runs
    use has been touched once before memory is measured.
    """
    inputs = Inputs()
    started = time.perf_counter()
    out = {doc: sha256(inputs.render(doc)) for doc in distinct_docs()}
    elapsed = time.perf_counter() - started
    print(f"\n[load] reference: {len(out)} distinct documents in {elapsed:.1f} s, single-threaded")
    return out


def _why_different(doc: Doc, got: str, want: str, fresh: dict[Doc, str]) -> str:
    """Why a document's SHA-256 ``got`` is not the reference's ``want``: one fresh render decides.

    Other people's edits to templates or code during a long run change the output too; this
    tells that apart from output that depends on concurrency or is not deterministic.
    """
    if doc not in fresh:
        fresh[doc] = sha256(Inputs().render(doc))
    if fresh[doc] == want:
        return "bytes differ, though a single-threaded render still gives the reference"
    if fresh[doc] == got:
        return "bytes differ; a fresh render gives them too: templates or code changed meanwhile"
    return "bytes differ, and a fresh render gives a third result: not deterministic"


def _problems(results: list[tuple[Doc, str | BaseException]], want: dict[Doc, str]) -> list[str]:
    """Each error, and each document whose SHA-256 is not the reference's (the first explained)."""
    out = []
    fresh: dict[Doc, str] = {}
    for i, (doc, got) in enumerate(results):
        if isinstance(got, BaseException):
            out.append(f"#{i} {doc}: {type(got).__name__}: {got}")
        elif got != want[doc]:
            why = _why_different(doc, got, want[doc], fresh) if len(out) < 5 else "bytes differ"
            out.append(f"#{i} {doc}: {why}")
    return out


@pytest.mark.stress
def test_threads_render_identical_bytes_with_flat_memory(reference: dict[Doc, str]) -> None:
    """8 threads of one app render 500 mixed documents: no error, same bytes, flat RSS.

    The documents go to the pool in two batches (the first tenth, then the rest), so the
    memory readings are taken with no render in flight.
    """
    inputs = Inputs()
    docs = workload(N_DOCS)
    early = N_DOCS // EARLY_FRACTION

    def run(pool: ThreadPoolExecutor, batch: list[Doc]) -> list[tuple[Doc, str | BaseException]]:
        futures = [(doc, pool.submit(lambda d: sha256(inputs.render(d)), doc)) for doc in batch]
        results: list[tuple[Doc, str | BaseException]] = []
        for doc, future in futures:
            try:
                results.append((doc, future.result()))
            except Exception as exc:  # collect every failure, report them together
                results.append((doc, exc))
        return results

    started = time.perf_counter()
    with ThreadPoolExecutor(N_THREADS, thread_name_prefix="load") as pool:
        results = run(pool, docs[:early])
        rss_early = rss_kib()
        results += run(pool, docs[early:])
        elapsed = time.perf_counter() - started
        rss_end = rss_kib()

    print(
        f"[load] threads: {N_DOCS} documents, {N_THREADS} threads, {elapsed:.1f} s "
        f"({N_DOCS / elapsed:.2f} docs/s); RSS after {early}: {_mib(rss_early)}, "
        f"after {N_DOCS}: {_mib(rss_end)} ({rss_end / rss_early - 1:+.1%})"
    )
    problems = _problems(results, reference)
    assert not problems, f"{len(problems)} of {N_DOCS} documents failed:\n" + "\n".join(
        problems[:20]
    )
    assert rss_end <= rss_early * RSS_TOLERANCE, (
        f"memory grew from {_mib(rss_early)} after {early} documents to {_mib(rss_end)} "
        f"after {N_DOCS} (more than {RSS_TOLERANCE - 1:.0%})"
    )


# --- worker processes ---------------------------------------------------------------------
# Module-level state and functions, so a spawned worker can import them as tests.test_load.


class _Worker:
    inputs: Inputs
    expected: dict[Doc, str]
    checkpoint: int
    barrier: Any
    done = 0
    rss_early: int | None = None
    problems: list[str]


_WORKER = _Worker()


def _init_worker(expected: dict[Doc, str], checkpoint: int, barrier: Any) -> None:
    """Load the inputs and warm up: render each distinct document once, checking its hash."""
    _WORKER.inputs = Inputs()
    _WORKER.expected = expected
    _WORKER.checkpoint = checkpoint
    _WORKER.barrier = barrier
    _WORKER.problems = []
    for doc in distinct_docs():
        try:
            got = sha256(_WORKER.inputs.render(doc))
        except Exception as exc:  # reported by _worker_report, not a broken pool
            _WORKER.problems.append(f"warm-up {doc}: {type(exc).__name__}: {exc}")
            continue
        if got != expected[doc]:
            _WORKER.problems.append(f"warm-up {doc}: bytes differ from the reference")


def _worker_render(doc: Doc) -> str:
    """Render one document in a worker and return the SHA-256 of its bytes.

    After its ``checkpoint``-th document the worker reads its own RSS (no render in flight:
    a worker runs one task at a time).
    """
    digest = sha256(_WORKER.inputs.render(doc))
    _WORKER.done += 1
    if _WORKER.done == _WORKER.checkpoint:
        _WORKER.rss_early = rss_kib()
    return digest


class _Report(NamedTuple):
    pid: int
    done: int
    rss_early: int | None
    rss_now: int
    problems: list[str]


def _worker_report(_: int) -> _Report:
    """What the worker did so far, and its RSS now.

    Waits at a barrier of all workers after reading, so each worker answers exactly one of
    a batch of :data:`N_PROCESSES` report tasks (and all of them have started and warmed up).
    """
    rss_now = rss_kib()
    _WORKER.barrier.wait(timeout=600)
    return _Report(os.getpid(), _WORKER.done, _WORKER.rss_early, rss_now, _WORKER.problems)


@pytest.mark.stress
def test_spawned_processes_render_identical_bytes_with_flat_memory(
    reference: dict[Doc, str],
) -> None:
    """4 spawned worker processes render 500 mixed documents: no error, same bytes, flat RSS.

    Each worker warms up on every distinct document (checking those bytes too), then reads
    its RSS after 1/10 of its share of the load and again at the end; each must stay flat.
    Spawned workers have their own hash seeds, so this also catches output that depends on
    set or dict iteration order.
    """
    docs = workload(N_DOCS)
    checkpoint = max(1, N_DOCS // N_PROCESSES // EARLY_FRACTION)
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(N_PROCESSES)

    started = time.perf_counter()
    with ProcessPoolExecutor(
        N_PROCESSES,
        mp_context=context,
        initializer=_init_worker,
        initargs=(reference, checkpoint, barrier),
    ) as pool:
        ready = list(pool.map(_worker_report, range(N_PROCESSES)))
        warm_up = time.perf_counter() - started
        started = time.perf_counter()
        futures = [(doc, pool.submit(_worker_render, doc)) for doc in docs]
        results: list[tuple[Doc, str | BaseException]] = []
        for doc, future in futures:
            try:
                results.append((doc, future.result()))
            except Exception as exc:  # collect every failure, report them together
                results.append((doc, exc))
        elapsed = time.perf_counter() - started
        reports = list(pool.map(_worker_report, range(N_PROCESSES)))

    print(
        f"[load] processes: {N_PROCESSES} spawned workers started and warmed up in "
        f"{warm_up:.1f} s; {N_DOCS} documents in {elapsed:.1f} s ({N_DOCS / elapsed:.2f} docs/s)"
    )
    problems = [f"pid {r.pid} {p}" for r in ready for p in r.problems]
    problems += _problems(results, reference)
    assert not problems, f"{len(problems)} documents failed:\n" + "\n".join(problems[:20])
    assert len({r.pid for r in reports}) == N_PROCESSES, "a worker answered twice"
    assert sum(r.done for r in reports) == N_DOCS
    grew = []
    warmed = {r.pid: r.rss_now for r in ready}
    for r in sorted(reports):
        if r.rss_early is None:
            grew.append(f"pid {r.pid} rendered only {r.done} documents, fewer than {checkpoint}")
            continue
        print(
            f"[load]   pid {r.pid}: {r.done} documents; RSS after warm-up "
            f"{_mib(warmed[r.pid])}, after {checkpoint}: {_mib(r.rss_early)}, after {r.done}: "
            f"{_mib(r.rss_now)} ({r.rss_now / r.rss_early - 1:+.1%})"
        )
        if r.rss_now > r.rss_early * RSS_TOLERANCE:
            grew.append(
                f"pid {r.pid}: from {_mib(r.rss_early)} after {checkpoint} documents "
                f"to {_mib(r.rss_now)} after {r.done}"
            )
    assert not grew, f"memory grew more than {RSS_TOLERANCE - 1:.0%}:\n" + "\n".join(grew)
