"""Pydantic validators built once and kept between runs, for a short ``toolkit validate``.

The models are built on first use (``defer_build``); building :class:`~toolkit.models.Profile`
(its core schema, then its validator and serializer) costs a cold run about 35 ms, the
options and theme models a resume needs another 10, and the import of Pydantic's plugin
loader 15 more. :class:`~toolkit.models.common.Model` builds through :func:`rebuild`, which
keeps what a build makes (``SchemaValidator`` and ``SchemaSerializer`` pickle as their core
schema, and load back in about a millisecond) in the user's private cache folder
(:func:`~toolkit.models.cache.cache_folder`), and a later run installs it on the class as
Pydantic's own build would have.

The entry is named by a hash of everything the schema can depend on: the versions of
Python, pydantic and pydantic-core, the model's name, and the size and modification time of
every toolkit module loaded when it is built (the model's module and everything it took
its types, validators and limits from). Installing it on the class sets what Pydantic's
``complete_model_class`` sets, so it is taken only for the Pydantic versions read
(:data:`TESTED_PYDANTIC`), for models without computed or deprecated fields, and with
Pydantic's plugins turned off (as the command line does: a prebuilt validator would bypass
them); otherwise, with ``TOOLKIT_NO_SHORTCUTS`` set, or if anything fails, the model is
built by Pydantic at first use as usual.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import pydantic
import pydantic_core
from pydantic import BaseModel

from toolkit.models.cache import cache_folder, read_entry, write_entry

TESTED_PYDANTIC = ((2, 14),)
"""Pydantic minor versions whose ``complete_model_class`` sets what :func:`_install` sets."""

_LOCK = threading.RLock()
_taken: dict[str, str] = {}
"""For each model built here: ``prebuilt``, ``built and kept`` or ``plain: <why>``."""


def taken() -> dict[str, str]:
    """What :func:`rebuild` did for each model (for tests and the bench)."""
    return dict(_taken)


def _plugins_off() -> bool:
    return os.environ.get("PYDANTIC_DISABLE_PLUGINS", "").lower() in ("__all__", "1", "true")


def _why_not(model: type[BaseModel]) -> str | None:
    if os.environ.get("TOOLKIT_NO_SHORTCUTS", "") not in ("", "0"):
        return "TOOLKIT_NO_SHORTCUTS is set"
    version = tuple(int(p) for p in pydantic.VERSION.split(".")[:2])
    if version not in TESTED_PYDANTIC:
        return f"not tested with pydantic {pydantic.VERSION}"
    if not _plugins_off():
        return "Pydantic's plugins are on"
    if not model.__pydantic_fields_complete__:
        return "its fields are not complete"
    if model.__pydantic_decorators__.computed_fields:
        return "it has computed fields"
    if any(f.deprecated for f in model.__pydantic_fields__.values()):
        return "it has deprecated fields"
    return None


def _key(model: type[BaseModel]) -> str:
    """A hash of everything ``model``'s schema can depend on (see the module's docstring)."""
    stamps: list[tuple[str, tuple[int, int] | None]] = []
    for name, module in sorted(sys.modules.items()):
        if not (name == "toolkit" or name.startswith("toolkit.")):
            continue
        path = getattr(module, "__file__", None)
        if path is None:
            continue
        try:
            info = Path(path).stat()
        except OSError:
            stamps.append((name, None))
            continue
        stamps.append((name, (info.st_size, info.st_mtime_ns)))
    facts = (
        sys.version,
        pydantic.VERSION,
        pydantic_core.__version__,
        model.__module__,
        model.__qualname__,
        stamps,
    )
    return hashlib.sha256(repr(facts).encode()).hexdigest()[:32]


def _install(model: type[BaseModel], schema: Any, validator: Any, serializer: Any) -> None:
    """Set on ``model`` what Pydantic's ``complete_model_class`` sets after building."""
    from pydantic._internal._signature import (  # lazy: Pydantic internals, known versions
        generate_pydantic_signature,
    )
    from pydantic._internal._utils import LazyClassAttribute  # lazy: as above

    if not isinstance(validator, pydantic_core.SchemaValidator) or not isinstance(
        serializer, pydantic_core.SchemaSerializer
    ):
        raise TypeError("not a validator and serializer")
    config = model.model_config
    model.__pydantic_computed_fields__ = {}
    model.__pydantic_core_schema__ = schema
    model.__pydantic_validator__ = validator
    model.__pydantic_serializer__ = serializer
    model.__signature__ = LazyClassAttribute(
        "__signature__",
        partial(
            generate_pydantic_signature,
            init=model.__init__,
            fields=model.__pydantic_fields__,
            validate_by_alias=config.get("validate_by_alias", True),
            extra=config.get("extra"),
        ),
    )
    model.__pydantic_complete__ = True
    model.__pydantic_on_complete__()


def _install_kept(model: type[BaseModel]) -> bool:
    """Install ``model``'s kept build, if the cache has one that loads; True if it did."""
    why = _why_not(model)
    folder = cache_folder("validators") if why is None else None
    if folder is None:
        _taken[model.__qualname__] = f"plain: {why or 'no private cache folder'}"
        return False
    data = read_entry(folder, _entry(model))
    if data is None:
        return False
    try:
        _install(model, *pickle.loads(data))
    except Exception:  # a damaged or foreign entry: Pydantic builds it instead
        model.__pydantic_complete__ = False
        return False
    _taken[model.__qualname__] = "prebuilt"
    return True


def _entry(model: type[BaseModel]) -> str:
    return f"{model.__qualname__}-{_key(model)}.pickle"


def _keep(model: type[BaseModel]) -> None:
    """Keep ``model``'s fresh build for the next run (when the shortcut applies)."""
    if _why_not(model) is not None:
        return
    folder = cache_folder("validators")
    if folder is None:
        return
    try:
        kept = pickle.dumps(
            (
                model.__pydantic_core_schema__,
                model.__pydantic_validator__,
                model.__pydantic_serializer__,
            ),
            protocol=pickle.HIGHEST_PROTOCOL,
        )
    except Exception:  # something in the schema does not pickle: built every run
        _taken[model.__qualname__] = "plain: its schema does not pickle"
        return
    write_entry(folder, _entry(model), kept)
    _taken[model.__qualname__] = "built and kept"


def rebuild(model: type[BaseModel], build: Callable[[], bool | None], force: bool) -> bool | None:
    """``model.model_rebuild``: the kept build when the cache has it, else ``build()`` (Pydantic's
    own), kept for the next run. Never fails where Pydantic's build would not."""
    if force or model.__pydantic_complete__:
        return build()
    with _LOCK:
        if model.__pydantic_complete__:
            return None
        if _install_kept(model):
            return None
        done = build()
        if model.__pydantic_complete__:
            _keep(model)
        return done


def ensure_built(model: type[BaseModel]) -> None:
    """Make ``model`` ready to validate (from the cache when it holds it)."""
    if not model.__pydantic_complete__:
        model.model_rebuild()
