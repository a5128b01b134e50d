"""Python's cycle collector during a one-shot command's start-up.

A cold ``toolkit resume`` imports about 600 modules (ours, Pydantic, Jinja, WeasyPrint …)
before it lays out a page. Every few thousand new objects Python's cycle collector runs,
and its full passes walk every object made so far: during start-up, when nearly every
object lives until the process ends, that is about 60 ms (a tenth of the whole command)
spent finding nothing to free.

So the console script pauses collection (:func:`pause`) and the work resumes it
(:func:`resume`): once WeasyPrint is imported (the last and largest import, just before the
first layout, whose boxes do form cycles), and at the start of any command that keeps
running (``--watch``, ``serve``, ``batch``). Resuming first freezes what start-up made
(:func:`gc.freeze`): those objects are never walked again, which also keeps later full
passes short. A command that never lays out a page (Markdown, Word, a match report) runs
without collection to its end: what it makes is bounded by the input limits and freed at
exit.

A library caller never pauses, so for them both calls do nothing.
"""

from __future__ import annotations

import gc
import threading

_LOCK = threading.Lock()
_paused = False


def pause() -> None:
    """Stop cycle collection until :func:`resume` (only if it is running now)."""
    global _paused
    with _LOCK:
        if gc.isenabled():
            gc.disable()
            _paused = True


def resume() -> None:
    """Freeze what was made so far and collect again, if :func:`pause` stopped collection."""
    global _paused
    with _LOCK:
        if _paused:
            gc.freeze()
            gc.enable()
            _paused = False


def paused() -> bool:
    """True between :func:`pause` and :func:`resume`."""
    return _paused
