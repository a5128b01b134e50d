"""Load (make stress): many documents from many callers, the same bytes, flat memory.

The library renders :data:`N_DOCS` documents of mixed kinds and formats, once for
:data:`N_THREADS` threads of one calling process and once spread over :data:`N_PROCESSES`
worker processes (forked warm from the fork server of :mod:`toolkit.batch.workers`), both
through :class:`toolkit.RenderPool`. Every document must render without an
error, with exactly the bytes a single-threaded render of the same input and document date
gave, and resident memory after all documents must be within :data:`RSS_TOLERANCE` of what
it was after the first tenth: the calling process's own, and each worker's (workers are
replaced after :data:`RECYCLE_AFTER` documents, because WeasyPrint 70 keeps some native
memory for every layout; rendering in the calling process itself grows by about 20% over
500 documents).

Run with ``pytest -p no:xdist --stress -m stress tests/test_load.py -s`` to see the summary.
"""

from __future__ import annotations

import gc
import hashlib
import itertools
import os
import time
from concurrent.futures import ThreadPoolExecutor
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
RECYCLE_AFTER = 100
"""Documents a pool worker renders before a fresh one replaces it."""
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
            kind_options=dict(INTERVIEW_EXTRA) if doc.kind == "interview" else None,
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


def _children_rss_kib() -> dict[int, int]:
    """The resident memory of this process's descendants, by pid: the pool's workers, which
    its fork server forks, and the fork server itself."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue  # a process that just ended
    mine = {os.getpid()}
    grew = True
    while grew:
        found = {pid for pid, parent in parents.items() if parent in mine} - mine
        mine |= found
        grew = bool(found)
    mine.discard(os.getpid())
    out = {}
    for pid in mine:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                out[pid] = int(line.split()[1])
    return out


def _load_run(label: str, callers: int, workers: int, reference: dict[Doc, str]) -> None:
    """``callers`` threads render the workload through one pool of ``workers`` processes."""
    inputs = Inputs()
    docs = workload(N_DOCS)
    early = N_DOCS // EARLY_FRACTION

    def render(pool: toolkit.RenderPool, doc: Doc) -> str:
        return sha256(
            pool.render(
                inputs.profiles[doc.profile],
                doc.kind,
                doc.fmt,
                job=inputs.posting if doc.tailored else None,
                kind_options=dict(INTERVIEW_EXTRA) if doc.kind == "interview" else None,
                document_date=DOCUMENT_DATE,
            )
        )

    def run(threads: ThreadPoolExecutor, pool: toolkit.RenderPool, batch: list[Doc]) -> Any:
        futures = [(doc, threads.submit(render, pool, doc)) for doc in batch]
        results: list[tuple[Doc, str | BaseException]] = []
        for doc, future in futures:
            try:
                results.append((doc, future.result()))
            except Exception as exc:  # collect every failure, report them together
                results.append((doc, exc))
        return results

    with (
        toolkit.RenderPool(workers, recycle_after=RECYCLE_AFTER) as pool,
        ThreadPoolExecutor(callers, thread_name_prefix="load") as threads,
    ):
        run(threads, pool, distinct_docs())  # warm-up: the workers import and load fonts
        started = time.perf_counter()
        results = run(threads, pool, docs[:early])
        own_early, workers_early = rss_kib(), _children_rss_kib()
        results += run(threads, pool, docs[early:])
        elapsed = time.perf_counter() - started
        own_end, workers_end = rss_kib(), _children_rss_kib()

    biggest_early = max(workers_early.values())
    print(
        f"[load] {label}: {N_DOCS} documents, {callers} calling threads, {workers} workers, "
        f"{elapsed:.1f} s ({N_DOCS / elapsed:.2f} docs/s); calling process RSS after {early}: "
        f"{_mib(own_early)}, after {N_DOCS}: {_mib(own_end)} ({own_end / own_early - 1:+.1%}); "
        f"largest worker after {early}: {_mib(biggest_early)}, after {N_DOCS}: "
        f"{_mib(max(workers_end.values()))}"
    )
    problems = _problems(results, reference)
    assert not problems, f"{len(problems)} of {N_DOCS} documents failed:\n" + "\n".join(
        problems[:20]
    )
    assert own_end <= own_early * RSS_TOLERANCE, (
        f"the calling process grew from {_mib(own_early)} to {_mib(own_end)}"
    )
    grew = {pid: kib for pid, kib in workers_end.items() if kib > biggest_early * RSS_TOLERANCE}
    assert not grew, f"workers grew past {_mib(biggest_early)} + 10%: {grew}"


@pytest.mark.stress
def test_threads_render_identical_bytes_with_flat_memory(reference: dict[Doc, str]) -> None:
    """8 threads of one app render 500 mixed documents: no error, same bytes, flat RSS."""
    _load_run("threads", N_THREADS, 2, reference)


@pytest.mark.stress
def test_worker_processes_render_identical_bytes_with_flat_memory(
    reference: dict[Doc, str],
) -> None:
    """500 mixed documents spread over 4 worker processes: no error, same bytes, flat RSS.

    The workers' fork server is a fresh interpreter with a hash seed of its own, so this
    also catches output that depends on set or dict iteration order.
    """
    _load_run("processes", N_PROCESSES, N_PROCESSES, reference)
