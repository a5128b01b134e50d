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
    """Every profile x kind x format x (general, tailored): 84 distinct documents.

    Ordered so that consecutive documents differ in kind and format, so any run of the
    cycle mixes cheap text formats with PDF and Word documents.
    """
    combos = [(kind, fmt) for kind, fmts in FORMATS_BY_KIND.items() for fmt in fmts]
    docs = []
    for tailored in (False, True):
        for profile in PROFILES:
            docs.extend(Doc(profile, kind, fmt, tailored) for kind, fmt in combos)
    # interleave: the i-th document of every (profile, tailored) block, then the next i
    block = len(combos)
    return [docs[b * block + i] for i in range(block) for b in range(len(docs) // block)]


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
def reference() -> dict[Doc, bytes]:
    """Each distinct document rendered once, single-threaded: the expected bytes.

    This is also the warm-up of this process: every code path, font and cache the load runs
    use has been touched once before memory is measured.
    """
    inputs = Inputs()
    started = time.perf_counter()
    out = {doc: inputs.render(doc) for doc in distinct_docs()}
    elapsed = time.perf_counter() - started
    print(f"\n[load] reference: {len(out)} distinct documents in {elapsed:.1f} s, single-threaded")
    return out


def _problems(
    results: list[tuple[Doc, bytes | BaseException]], want: dict[Doc, bytes]
) -> list[str]:
    """What went wrong: each error, and each document whose bytes differ from the reference."""
    out = []
    for i, (doc, got) in enumerate(results):
        if isinstance(got, BaseException):
            out.append(f"#{i} {doc}: {type(got).__name__}: {got}")
        elif got != want[doc]:
            out.append(f"#{i} {doc}: {len(got)} bytes differ from the reference {len(want[doc])}")
    return out


@pytest.mark.stress
def test_threads_render_identical_bytes_with_flat_memory(reference: dict[Doc, bytes]) -> None:
    """8 threads of one app render 500 mixed documents: no error, same bytes, flat RSS.

    The documents go to the pool in two batches (the first tenth, then the rest), so the
    memory readings are taken with no render in flight.
    """
    inputs = Inputs()
    docs = workload(N_DOCS)
    early = N_DOCS // EARLY_FRACTION

    def run(pool: ThreadPoolExecutor, batch: list[Doc]) -> list[tuple[Doc, bytes | BaseException]]:
        futures = [(doc, pool.submit(inputs.render, doc)) for doc in batch]
        results: list[tuple[Doc, bytes | BaseException]] = []
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
        f"({N_DOCS / elapsed:.1f} docs/s); RSS after {early}: {_mib(rss_early)}, "
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
            _WORKER.problems.append(f"pid {os.getpid()} warm-up {doc}: {type(exc).__name__}: {exc}")
            continue
        if got != expected[doc]:
            _WORKER.problems.append(f"pid {os.getpid()} warm-up {doc}: bytes differ")


def _worker_render(doc: Doc) -> tuple[int, str]:
    """Render one document in a worker; return the worker's pid and the bytes' SHA-256.

    After its ``checkpoint``-th document the worker reads its own RSS (no render in flight:
    a worker runs one task at a time).
    """
    digest = sha256(_WORKER.inputs.render(doc))
    _WORKER.done += 1
    if _WORKER.done == _WORKER.checkpoint:
        _WORKER.rss_early = rss_kib()
    return os.getpid(), digest


def _worker_report(_: int) -> tuple[int, int, int | None, int, list[str]]:
    """The worker's ``(pid, documents rendered, early RSS, RSS now, warm-up problems)``.

    Waits at a barrier of all workers after reading, so each worker answers exactly one of
    the report tasks.
    """
    rss_end = rss_kib()
    _WORKER.barrier.wait(timeout=120)
    return os.getpid(), _WORKER.done, _WORKER.rss_early, rss_end, _WORKER.problems


@pytest.mark.stress
def test_spawned_processes_render_identical_bytes_with_flat_memory(
    reference: dict[Doc, bytes],
) -> None:
    """4 spawned worker processes render 500 mixed documents: no error, same bytes, flat RSS.

    Each worker warms up on every distinct document (checking those bytes too), reads its
    RSS after 1/10 of its share of the load and again at the end; each must stay flat.
    Spawned workers have their own hash seeds, so this also catches output that depends on
    set or dict iteration order.
    """
    expected = {doc: sha256(data) for doc, data in reference.items()}
    docs = workload(N_DOCS)
    checkpoint = max(1, N_DOCS // N_PROCESSES // EARLY_FRACTION)
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(N_PROCESSES)

    started = time.perf_counter()
    with ProcessPoolExecutor(
        N_PROCESSES,
        mp_context=context,
        initializer=_init_worker,
        initargs=(expected, checkpoint, barrier),
    ) as pool:
        futures = [(doc, pool.submit(_worker_render, doc)) for doc in docs]
        problems = []
        for i, (doc, future) in enumerate(futures):
            try:
                _, digest = future.result()
            except Exception as exc:  # collect every failure, report them together
                problems.append(f"#{i} {doc}: {type(exc).__name__}: {exc}")
                continue
            if digest != expected[doc]:
                problems.append(f"#{i} {doc}: bytes differ from the reference")
        elapsed = time.perf_counter() - started
        reports = list(pool.map(_worker_report, range(N_PROCESSES)))

    assert len({pid for pid, *_ in reports}) == N_PROCESSES, "a worker answered twice"
    print(
        f"[load] processes: {N_DOCS} documents, {N_PROCESSES} spawned workers, {elapsed:.1f} s "
        f"including start-up and warm-up ({N_DOCS / elapsed:.1f} docs/s)"
    )
    grew = []
    for pid, done, rss_early, rss_end, warm_up_problems in reports:
        problems += warm_up_problems
        if rss_early is None:
            grew.append(f"pid {pid} rendered only {done} documents, fewer than {checkpoint}")
            continue
        print(
            f"[load]   pid {pid}: {done} documents; RSS after {checkpoint}: {_mib(rss_early)}, "
            f"after {done}: {_mib(rss_end)} ({rss_end / rss_early - 1:+.1%})"
        )
        if rss_end > rss_early * RSS_TOLERANCE:
            grew.append(
                f"pid {pid}: from {_mib(rss_early)} after {checkpoint} documents "
                f"to {_mib(rss_end)} after {done}"
            )
    assert not problems, f"{len(problems)} documents failed:\n" + "\n".join(problems[:20])
    assert sum(done for _, done, *_ in reports) == N_DOCS
    assert not grew, f"memory grew more than {RSS_TOLERANCE - 1:.0%}:\n" + "\n".join(grew)
