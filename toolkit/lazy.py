"""Names imported at their first use, for tables of handlers by kind.

A table such as the document kinds or the Word writers names each handler as
``"module:name"``; :func:`resolve` imports it when it is first asked for. So a resume never
imports the letter's, the interview's or the reports' modules, whose patterns and tables cost
start-up time, and a new entry needs no import at the table's top.
"""

from __future__ import annotations

import functools
import importlib
from typing import Any


@functools.cache
def resolve(path: str) -> Any:
    """The object at ``"package.module:name"``, imported on the first call (then cached)."""
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)
