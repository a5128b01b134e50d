"""Where a batch's items run: in this process, in a pool of processes, or on a Dask cluster.

An :class:`Executor` runs one function over many tasks and yields each task with its result
as soon as it is done, in any order. The function is a module-level function and the
tasks are plain picklable data, so the same batch runs on any executor:

- :class:`SerialExecutor`: one after another in this process (``-j 1``).
- :class:`ProcessExecutor`: a pool of worker processes, one per core by default, reused
  across items. Workers are forked warm from a server that loaded the engines once (see
  :mod:`toolkit.batch.workers`; spawned on macOS and Windows).
- :class:`DaskExecutor`: the workers of a Dask ``distributed`` cluster (an optional extra,
  ``pip install 'applykit[distributed]'``).

An executor yields an exception instead of a result when running the task itself failed
(a worker process died, a cluster lost a worker); the batch records it and goes on.
"""

from __future__ import annotations

import uuid
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from types import TracebackType
from typing import Any, TypeVar

from toolkit.batch import workers as warm
from toolkit.errors import UserError

T = TypeVar("T")
R = TypeVar("R")


class Executor(ABC):
    """Runs a function over tasks, yielding ``(task, result or exception)`` as each is done."""

    name: str = "executor"

    @property
    @abstractmethod
    def workers(self) -> int:
        """How many tasks run at once."""

    @abstractmethod
    def map_unordered(
        self, fn: Callable[[T], R], tasks: Sequence[T]
    ) -> Iterator[tuple[T, R | BaseException]]:
        """Run ``fn`` on every task; yield each task with its result in completion order."""

    def start(self) -> None:  # noqa: B027 - most executors have nothing to start
        """Get ready to run tasks without waiting (start workers); the batch calls this
        before it reads its inputs, so the two overlap."""

    def close(self) -> None:  # noqa: B027 - most executors hold nothing between batches
        """Release what the executor holds (processes, connections)."""

    def __enter__(self) -> Executor:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class SerialExecutor(Executor):
    """Every task in this process, one after another (no start-up cost; ``-j 1``)."""

    name = "serial"

    @property
    def workers(self) -> int:
        return 1

    def map_unordered(
        self, fn: Callable[[T], R], tasks: Sequence[T]
    ) -> Iterator[tuple[T, R | BaseException]]:
        for task in tasks:
            try:
                result: R | BaseException = fn(task)
            except Exception as exc:
                result = exc
            yield task, result


class ProcessExecutor(Executor):
    """A pool of worker processes on this machine, reused across items.

    Args:
        jobs: how many processes; by default one per core this process may use.
    """

    name = "processes"

    def __init__(self, jobs: int | None = None) -> None:
        if jobs is not None and jobs < 1:
            raise ValueError("jobs must be at least 1")
        self.jobs = jobs or warm.available_cpus()

    @property
    def workers(self) -> int:
        return self.jobs

    def start(self) -> None:
        warm.start()

    def map_unordered(
        self, fn: Callable[[T], R], tasks: Sequence[T]
    ) -> Iterator[tuple[T, R | BaseException]]:
        # lazy: the process-pool machinery (concurrent.futures.process with multiprocessing's
        # connections and queues, ~4 ms) only for a batch that runs on processes

        if not tasks:
            return
        pool = warm.process_pool(min(self.jobs, len(tasks)))
        try:
            pending: dict[Future[R], T] = {pool.submit(fn, task): task for task in tasks}
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    task = pending.pop(future)
                    error = future.exception()
                    yield task, (error if error is not None else future.result())
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


class DaskExecutor(Executor):
    """The workers of a Dask ``distributed`` cluster.

    Tasks travel to the workers with their input bytes and results come back with the
    output bytes, so workers need the same toolkit version but none of the files.

    Args:
        address: the scheduler, e.g. ``tcp://10.0.0.5:8786``.
        client: an existing ``distributed.Client`` to use instead (it is not closed).
        timeout: seconds to wait for the scheduler.

    Raises:
        UserError: when ``distributed`` is not installed or the scheduler cannot be reached.
    """

    name = "dask"

    def __init__(
        self, address: str | None = None, *, client: Any = None, timeout: float = 10
    ) -> None:
        if client is None and address is None:
            raise ValueError("give a scheduler address or a client")
        distributed = _import_distributed()
        self.address = address or str(client.scheduler.address)
        self._own = client is None
        if client is None:
            try:
                client = distributed.Client(address, timeout=timeout, set_as_default=False)
            except (OSError, TimeoutError) as exc:
                raise UserError(
                    f"cannot reach the Dask scheduler at {address}: {exc}; is `dask scheduler` "
                    "running there, and the port open?"
                ) from None
        self.client: Any = client

    @property
    def workers(self) -> int:
        return int(sum(self.client.nthreads().values()))

    def map_unordered(
        self, fn: Callable[[T], R], tasks: Sequence[T]
    ) -> Iterator[tuple[T, R | BaseException]]:
        as_completed = _import_distributed().as_completed
        if not tasks:
            return
        run = uuid.uuid4().hex[:12]
        futures = {
            self.client.submit(fn, task, key=f"toolkit-batch-{run}-{n}", pure=False): task
            for n, task in enumerate(tasks)
        }
        try:
            for future in as_completed(list(futures), loop=self.client.loop):
                task = futures[future]
                try:
                    result: R | BaseException = future.result()
                except Exception as exc:
                    result = exc
                future.release()
                yield task, result
        finally:
            self.client.cancel(list(futures))

    def close(self) -> None:
        if self._own:
            self.client.close()


def _import_distributed() -> Any:
    try:
        import distributed  # lazy: an optional extra (applykit[distributed]), ~190 ms
    except ImportError:
        raise UserError(
            "running a batch on a Dask cluster needs the distributed package: "
            "pip install 'applykit[distributed]'"
        ) from None
    return distributed


def choose_executor(jobs: int | None = None, scheduler: str | None = None) -> Executor:
    """The executor of the command line: Dask with a scheduler, else a process per core
    (or ``jobs`` processes); one job renders in this process."""
    if scheduler:
        return DaskExecutor(scheduler)
    jobs = jobs or warm.available_cpus()
    if jobs == 1:
        return SerialExecutor()
    return ProcessExecutor(jobs)
