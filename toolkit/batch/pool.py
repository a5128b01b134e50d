"""A pool of render worker processes for apps that render many documents.

WeasyPrint keeps some native memory for every page it lays out (about 40-70 KiB per
resume PDF with WeasyPrint 70, measured by ``make stress``), so a process that renders
thousands of PDFs grows without end. :class:`RenderPool` renders in worker processes and
replaces each worker after ``recycle_after`` documents, the way web servers recycle
workers: the app's own process never loads the engines, and the workers' memory stays
bounded. Workers are forked warm from a server that loaded the engines once (see
:mod:`toolkit.batch.workers`), so a replacement starts in milliseconds; the app's own process is
never forked. Its methods are safe to call from many threads at once.

Example::

    import toolkit

    with toolkit.RenderPool(workers=2) as pool:
        pdf = pool.render(profile, "resume", "pdf")

As with any ``spawn`` or ``forkserver`` pool, a script that creates one must guard its
entry point with ``if __name__ == "__main__":``.
"""

from __future__ import annotations

from concurrent.futures import Future
from types import TracebackType
from typing import Any

from toolkit.batch import workers as warm
from toolkit.pipeline import render


class RenderPool:
    """Render in ``workers`` processes, each replaced after ``recycle_after`` documents.

    Args:
        workers: how many worker processes (default: one per core this process may use).
        recycle_after: documents a worker renders before a fresh one takes its place.
    """

    def __init__(self, workers: int | None = None, *, recycle_after: int = 200) -> None:
        if recycle_after < 1:
            raise ValueError("recycle_after must be at least 1")
        self.workers = workers or warm.available_cpus()
        self._executor = warm.process_pool(self.workers, max_tasks_per_child=recycle_after)

    def submit(self, *args: Any, **kwargs: Any) -> Future[bytes]:
        """Start :func:`toolkit.render` with these arguments in a worker; a future of the bytes."""
        return self._executor.submit(render, *args, **kwargs)

    def render(self, *args: Any, **kwargs: Any) -> bytes:
        """:func:`toolkit.render` in a worker: same arguments, same bytes, same errors."""
        return self.submit(*args, **kwargs).result()

    def close(self) -> None:
        """Wait for the documents in progress, then stop the workers."""
        self._executor.shutdown(wait=True)

    def __enter__(self) -> RenderPool:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
