"""Run a render in a worker process with wall-clock, CPU and memory limits.

A stranger's profile or template can make a layout engine run for minutes or take
gigabytes (a nested SVG, a huge table, ten thousand bullets). :func:`run_limited` runs one
call in a fresh process started with the ``spawn`` method (WeasyPrint's native libraries do
not survive ``fork``), caps its address space and CPU time where the system allows
(``resource`` on Linux and other Unixes), stops it when the wall-clock limit passes, and
turns every way it can end into a :class:`LimitError` or the call's own error. The calling
process is untouched, so the next render works.

Example::

    from toolkit import Limits, render

    pdf = render(profile, "resume", "pdf", limits=Limits(timeout=30))
"""

from __future__ import annotations

import io
import logging
import math
import os
import pickle
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from toolkit.errors import RenderError, ToolkitError

log = logging.getLogger("toolkit")

T = TypeVar("T")


_OWN_MODULES = ("toolkit.errors", "toolkit.pipeline.limits")
"""Modules whose classes a worker's answer may hold."""


@dataclass(frozen=True)
class Limits:
    """How much one render may take.

    Attributes:
        timeout: wall-clock seconds, including the worker's start (about a second).
        cpu_seconds: CPU seconds of the worker; ``None`` means the timeout, rounded up.
        memory_mb: the worker's address-space cap in MiB (Unix only).
    """

    timeout: float = 60.0
    cpu_seconds: float | None = None
    memory_mb: int = 1024

    def __post_init__(self) -> None:
        if not self.timeout > 0:
            raise ValueError("timeout must be more than 0 seconds")
        if self.cpu_seconds is not None and not self.cpu_seconds > 0:
            raise ValueError("cpu_seconds must be more than 0")
        if self.memory_mb < 256:
            raise ValueError("memory_mb must be at least 256 (the engines alone need ~300 MiB)")


class LimitError(RenderError):
    """A render went over one of its :class:`Limits` and was stopped."""

    def __init__(self, message: str, *, limit: str) -> None:
        self.limit = limit
        """Which limit: ``timeout``, ``cpu`` or ``memory`` (or ``crash``)."""
        super().__init__(message)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_limit_error, (str(self), self.limit))


def _limit_error(message: str, limit: str) -> LimitError:
    return LimitError(message, limit=limit)


class _Records(logging.Handler):
    """Keep the worker's log records to replay in the caller's process."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg = record.getMessage()
        record.args = None
        record.exc_info = None
        self.records.append(record)


class _Answer(pickle.Unpickler):
    """Read the worker's answer, allowing only plain data, log records and our errors.

    The worker may run a stranger's template; if it were ever subverted, its answer must
    not be able to name arbitrary callables in this process.
    """

    _ALLOWED = frozenset(
        {("copyreg", "_reconstructor"), ("builtins", "object"), ("logging", "LogRecord")}
    )

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in self._ALLOWED or module in (
            "toolkit.errors",
            "toolkit.pipeline.limits",
        ):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"the render worker answered with {module}.{name}")


def _apply_limits(limits: Limits) -> None:
    try:
        import resource  # lazy: Unix only, and only in the worker process
    except ImportError:  # Windows: only the wall-clock limit applies
        return
    memory = limits.memory_mb * 1024 * 1024
    cpu = math.ceil(limits.cpu_seconds or limits.timeout)
    for which, value in ((resource.RLIMIT_AS, memory), (resource.RLIMIT_CPU, cpu)):
        _soft, hard = resource.getrlimit(which)
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)
        resource.setrlimit(which, (value, hard))


def _worker() -> None:
    """The worker process (``python -m toolkit.pipeline.limits``): read the call from stdin, apply
    the limits, run it, and write ``(status, payload, log records)`` to stdout."""
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # a library that prints cannot corrupt the answer
    limits, func, args, kwargs = pickle.loads(sys.stdin.buffer.read())
    handler = _Records()
    logger = logging.getLogger("toolkit")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    try:
        _apply_limits(limits)
        result: tuple[str, Any] = ("ok", func(*args, **kwargs))
    except MemoryError:
        result = ("error", LimitError(_memory_message(limits), limit="memory"))
    except ToolkitError as exc:
        result = ("error", exc)
    except Exception as exc:  # the engines' own failures: say what, not a traceback
        result = ("error", RenderError(f"{type(exc).__name__}: {exc}"))
    try:
        payload = pickle.dumps((*result, handler.records))
    except Exception:  # an error that does not pickle still reaches the caller as text
        error = result[1] if result[0] == "error" else RuntimeError("result does not pickle")
        payload = pickle.dumps(("error", RenderError(str(error)), []))
    out.write(payload)
    out.close()


def _memory_message(limits: Limits) -> str:
    return (
        f"the render needed more than {limits.memory_mb} MiB of memory and was stopped; "
        "the profile or template is too large or hostile (or raise the memory limit)"
    )


def run_limited(func: Callable[..., T], /, *args: Any, limits: Limits, **kwargs: Any) -> T:
    """Call ``func(*args, **kwargs)`` in a new worker process within ``limits``.

    The worker is a fresh interpreter (``python -m toolkit.pipeline.limits``), not a fork and not
    ``multiprocessing``, so it works from any script, thread or web server without a
    ``__main__`` guard. ``func`` and its arguments must pickle (module-level functions,
    models, paths, bytes).

    Raises:
        LimitError: the worker went over a limit, or died; the caller's process is unharmed.
        ToolkitError: whatever the call itself raised on purpose.
    """
    request = pickle.dumps((limits, func, args, kwargs))
    env = dict(os.environ)
    here = str(Path(__file__).resolve().parents[2])  # so the worker imports this toolkit
    env["PYTHONPATH"] = os.pathsep.join(p for p in (here, env.get("PYTHONPATH")) if p)
    started = time.monotonic()
    with subprocess.Popen(
        [sys.executable, "-m", "toolkit.pipeline.limits"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    ) as process:
        try:
            data, errors = process.communicate(request, timeout=limits.timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            raise _why_it_died(None, limits, limits.timeout, timed_out=True) from None
    elapsed = time.monotonic() - started
    if process.returncode != 0 or not data:
        tail = errors.decode("utf-8", "replace").strip().splitlines()[-1:] if errors else []
        if tail:
            log.debug("render worker said: %s", tail[0])
        raise _why_it_died(process.returncode, limits, elapsed, timed_out=False)
    status, payload, records = _Answer(io.BytesIO(data)).load()
    for record in records:
        log.handle(record)
    if status == "error":
        raise payload
    return payload  # type: ignore[no-any-return]


def _why_it_died(code: int | None, limits: Limits, elapsed: float, *, timed_out: bool) -> Exception:
    if timed_out:
        return LimitError(
            f"the render took longer than {limits.timeout:g} s and was stopped; "
            "the profile or template is too large or hostile (or raise the time limit)",
            limit="timeout",
        )
    xcpu = getattr(signal, "SIGXCPU", None)
    if xcpu is not None and code == -xcpu:
        cpu = limits.cpu_seconds or limits.timeout
        return LimitError(
            f"the render used more than {cpu:g} s of CPU and was stopped", limit="cpu"
        )
    if code is not None and code < 0:
        # the address-space cap makes native code fail to allocate, which ends this way
        name = signal.Signals(-code).name
        return LimitError(f"{_memory_message(limits)} (the worker ended by {name})", limit="memory")
    return LimitError(
        f"the render worker ended unexpectedly (exit code {code}) after {elapsed:.1f} s",
        limit="crash",
    )


if __name__ == "__main__":
    # run the worker from the imported module, so what it pickles names toolkit.pipeline.limits
    from toolkit.pipeline.limits import _worker as worker

    worker()
