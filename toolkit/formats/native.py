"""Import WeasyPrint without the start-up work a render never needs.

A plain ``import weasyprint`` costs a cold ``toolkit resume`` about half a second, and most
of it is not rendering:

- **Finding the native libraries.** WeasyPrint tries up to six names for each of its seven
  libraries (Pango, HarfBuzz, Fontconfig …); cffi hands every name it cannot open directly
  to :func:`ctypes.util.find_library`, which on Linux runs ``ldconfig -p`` and then, for a
  name ldconfig does not know, ``gcc`` and ``ld``: about 22 runs of external programs,
  200 ms. While WeasyPrint is imported here, ``find_library`` is answered from one run of
  ``ldconfig -p`` (the same command and the same pattern as the standard library's), and a
  name that ldconfig does not know is answered "not found" without running ``gcc`` or
  ``ld`` only when no file called ``lib<name>.*`` lies in any folder they search; otherwise
  the real ``find_library`` answers it. The same names resolve, so the same libraries load.
- **fontTools' subsetter and variable-font instancer** (about 150 ms of imports). WeasyPrint
  imports both at start-up but calls them only without HarfBuzz's subsetter or for a
  variable font. ``fontTools.subset`` is imported lazily (:class:`importlib.util.LazyLoader`:
  the real module runs at its first use) and ``instantiateVariableFont`` is a stand-in that
  imports the real function at its first call.

- **cffi's type parser.** Each new type string WeasyPrint hands to ``ffi.new`` or
  ``ffi.cast`` (``char[]``, ``PangoFcFontMap *``, ``hb_codepoint_t[46]`` …) makes cffi run
  pycparser over every typedef of the library again: about 2 ms each, 30 ms in a first
  render. A typedef or primitive name with pointers or one array dimension is built as
  cffi's parser builds it (:func:`simple_type`); anything else goes to the parser.
- **cffi's parse of WeasyPrint's C declarations** (16 KB of them, 20 ms, and 10 ms to import
  pycparser). The parser's result is kept in the user's private cache folder and read back
  (with an unpickler that admits only cffi's type classes); pycparser is imported lazily, so
  a render whose types :func:`simple_type` builds never runs it.
- **WeasyPrint's user-agent stylesheets** (23 KB of CSS parsed while ``weasyprint.html`` is
  imported, 25-30 ms). Each parsed stylesheet is kept the same way, its compiled selectors
  written as the Python source cssselect2 compiled them from; reading one back admits only
  WeasyPrint's stylesheet classes and tinycss2's nodes, and compiles the selectors again only
  when each is an expression of the shape cssselect2 makes.

All reach into how WeasyPrint, cffi, cssselect2 and the standard library behave, so they are
taken only for the versions read and tested (:data:`TESTED_WEASYPRINT`, :data:`TESTED_PYTHON`,
:data:`TESTED_CFFI`, :data:`TESTED_CSSSELECT2`); for any
other version, on other systems, when ``TOOLKIT_NO_SHORTCUTS`` is set, or if anything in
them fails, WeasyPrint is imported plainly: an upgrade can make a render slower, never break
it. :func:`report` says what was taken and why not.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import importlib
import importlib.util
import os
import re
import struct
import subprocess
import sys
import threading
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from toolkit import collector

DISABLE_ENV = "TOOLKIT_NO_SHORTCUTS"
"""Set (to anything but ``""`` or ``0``) to take every plain path: no start-up shortcut."""

TESTED_WEASYPRINT = (70,)
"""WeasyPrint major versions whose start-up (``text/ffi.py``, ``pdf/fonts.py``) was read."""

TESTED_PYTHON = ((3, 11), (3, 12), (3, 13))
"""Pythons whose Linux ``ctypes.util.find_library`` was read (ldconfig, then gcc, then ld)."""

_LOCK = threading.Lock()

FindLibrary = Callable[[str], "str | None"]


def _untested(name: str, version: str, tested: tuple[str, ...]) -> str | None:
    """Why a dependency's version rules a shortcut out (its major.minor is not one of
    ``tested``), or None when it is tested."""
    if ".".join(version.split(".")[:2]) in tested:
        return None
    return f"{name} {version} is not a tested version"


def _first_reason(*reasons: str | None) -> str | None:
    """The first of ``reasons`` that is given: why a shortcut does not apply."""
    return next((why for why in reasons if why is not None), None)


def shortcuts_disabled() -> bool:
    """True when ``TOOLKIT_NO_SHORTCUTS`` asks for the plain paths."""
    return os.environ.get(DISABLE_ENV, "") not in ("", "0")


@dataclass
class Report:
    """What :func:`import_weasyprint` did (for tests and the bench)."""

    imported: bool = False
    libraries: str = "not imported yet"
    """``shortcut``, or ``plain: <why>``."""
    font_tools: str = "not imported yet"
    cffi_types: str = "not imported yet"
    """Whether cffi's simple type strings are answered without its C parser."""
    cffi_declarations: str = "not imported yet"
    """``kept`` (read from the cache), ``parsed and kept``, or ``plain: <why>``."""
    stylesheets: str = "not imported yet"
    """For each user-agent stylesheet: ``kept``, ``parsed and kept``, or ``plain: <why>``."""
    answered: dict[str, str | None] = field(default_factory=dict)
    """Each name the shortcut answered itself, with its answer."""
    deferred: list[str] = field(default_factory=list)
    """Names the shortcut passed to the real ``find_library``."""


_REPORT = Report()


def report() -> Report:
    """What the WeasyPrint import of this process took: the shortcuts, or the plain path."""
    return _REPORT


# --- the version check ---------------------------------------------------------------------


_VERSION_LINE = re.compile(r"""^VERSION = __version__ = ['"](\d+)\.""", re.MULTILINE)


def _weasyprint_major() -> int | None:
    """WeasyPrint's major version as its ``__init__.py`` declares it, read without importing
    it (importing it is what the shortcuts are for)."""
    spec = importlib.util.find_spec("weasyprint")
    if spec is None or spec.origin is None:
        return None
    try:
        head = Path(spec.origin).read_text("utf-8", errors="replace")[:4096]
    except OSError:
        return None
    found = _VERSION_LINE.search(head)
    return int(found.group(1)) if found else None


def _why_not() -> str | None:
    """Why the shortcuts do not apply here, or None when they do."""
    if shortcuts_disabled():
        return f"{DISABLE_ENV} is set"
    if sys.platform != "linux":
        return f"not tested on {sys.platform}"
    if sys.version_info[:2] not in TESTED_PYTHON:
        return f"not tested on Python {sys.version_info[0]}.{sys.version_info[1]}"
    major = _weasyprint_major()
    if major not in TESTED_WEASYPRINT:
        return f"not tested with WeasyPrint {major}"
    return None


# --- native libraries: find_library from one ldconfig run ----------------------------------


def _abi_type() -> str:
    """The ABI tag ``ctypes.util`` looks for in ``ldconfig -p`` (``libc6,x86-64`` …)."""
    machine = os.uname().machine + ("-32" if struct.calcsize("l") == 4 else "-64")
    return {
        "x86_64-64": "libc6,x86-64",
        "ppc64-64": "libc6,64bit",
        "sparc64-64": "libc6,64bit",
        "s390x-64": "libc6,64bit",
        "ia64-64": "libc6,IA-64",
    }.get(machine, "libc6")


def _ldconfig_cache() -> bytes | None:
    """``ldconfig -p``, run as ``ctypes.util`` runs it; None if it cannot run."""
    try:
        done = subprocess.run(
            ["/sbin/ldconfig", "-p"],
            stdin=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            env={"LC_ALL": "C", "LANG": "C"},
            check=False,
        )
    except OSError:
        return None
    return done.stdout if done.returncode == 0 and done.stdout else None


def _search_folders() -> list[Path]:
    """Every folder ``gcc -l`` and ``ld -l`` look in on a Debian- or Fedora-like system."""
    multiarch = getattr(sys.implementation, "_multiarch", "") or ""
    roots = ["/lib", "/lib64", "/usr/lib", "/usr/lib64", "/usr/local/lib", "/usr/local/lib64"]
    folders = [Path(r) for r in roots]
    if multiarch:
        folders += [Path(r) / multiarch for r in roots]
        folders += [Path("/usr") / multiarch / "lib", Path("/usr") / multiarch / "lib64"]
        gcc = Path("/usr/lib/gcc") / multiarch
        with contextlib.suppress(OSError):
            folders += sorted(p for p in gcc.iterdir() if p.is_dir())
    for variable in ("LD_LIBRARY_PATH", "LIBRARY_PATH"):
        folders += [Path(d) for d in os.environ.get(variable, "").split(":") if d]
    return folders


class LibraryResolver:
    """``ctypes.util.find_library`` for Linux, answered from one ``ldconfig -p``.

    A name ldconfig's cache resolves gets the same answer the standard library's first step
    gives (the same pattern over the same output). A name it does not resolve is answered
    ``None`` at once when no file ``lib<name>.*`` lies in any folder ``gcc``/``ld`` would
    search, since their answers are made from such a file; otherwise the real
    ``find_library`` answers it.
    """

    def __init__(self, cache: bytes, real: FindLibrary, folders: list[Path] | None = None):
        self.cache = cache
        self.real = real
        self.abi = _abi_type()
        self._folders = folders
        self._names: set[str] | None = None
        self.answered: dict[str, str | None] = {}
        self.deferred: list[str] = []

    def _files(self) -> set[str]:
        if self._names is None:
            names: set[str] = set()
            for folder in self._folders if self._folders is not None else _search_folders():
                with contextlib.suppress(OSError):
                    names.update(entry.name for entry in folder.iterdir())
            self._names = names
        return self._names

    def __call__(self, name: str) -> str | None:
        # the pattern of ctypes.util._findSoname_ldconfig
        pattern = os.fsencode(rf"\s+(lib{re.escape(name)}\.[^\s]+)\s+\({self.abi}")
        found = re.search(pattern, self.cache)
        if found:
            answer: str | None = os.fsdecode(found.group(1))
        elif any(f.startswith(f"lib{name}.") for f in self._files()):
            self.deferred.append(name)
            return self.real(name)
        else:
            answer = None
        self.answered[name] = answer
        return answer


@contextlib.contextmanager
def _resolving_libraries() -> Iterator[LibraryResolver | None]:
    """While the block runs, ``find_library`` is a :class:`LibraryResolver` (when ldconfig
    runs here; otherwise nothing changes and the block gets None)."""
    cache = _ldconfig_cache()
    if cache is None:
        yield None
        return
    real = ctypes.util.find_library
    resolver = LibraryResolver(cache, real)
    ctypes.util.find_library = resolver
    try:
        yield resolver
    finally:
        ctypes.util.find_library = real


# --- fontTools: imported at first use ------------------------------------------------------

_INSTANCER = "fontTools.varLib.instancer"
_SUBSET = "fontTools.subset"


def _instantiate_variable_font(*args: Any, **kwargs: Any) -> Any:
    """fontTools' ``instantiateVariableFont``, imported at its first call."""
    real = importlib.import_module(_INSTANCER).instantiateVariableFont
    return real(*args, **kwargs)


def _lazy_module(name: str) -> types.ModuleType | None:
    """``name`` as a module that runs at its first use, or None if it cannot be found.

    It is set on its parent package too: ``from package import name`` then takes it as it
    is, where the import system would otherwise look at its ``__spec__`` (a use) first.
    """
    parent_name, _, child = name.rpartition(".")
    parent = importlib.import_module(parent_name) if parent_name else None
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        return None
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    if parent is not None:
        setattr(parent, child, module)
    return module


@contextlib.contextmanager
def _deferred_font_tools() -> Iterator[str]:
    """While the block runs, importing ``fontTools.subset`` gives a lazily run module and
    ``fontTools.varLib.instancer`` a stand-in carrying :func:`_instantiate_variable_font`;
    the stand-in leaves ``sys.modules`` afterwards, so any later import gets the real one."""
    if _SUBSET in sys.modules or _INSTANCER in sys.modules:
        yield "plain: fontTools was already imported"
        return
    stand_in = types.ModuleType(_INSTANCER)
    stand_in.instantiateVariableFont = _instantiate_variable_font  # type: ignore[attr-defined]
    sys.modules[_INSTANCER] = stand_in
    try:
        lazy = _lazy_module(_SUBSET)
        yield "shortcut" if lazy is not None else "plain: fontTools.subset not found"
    finally:
        if sys.modules.get(_INSTANCER) is stand_in:
            del sys.modules[_INSTANCER]


# --- cffi: the simple type names WeasyPrint asks for, without the C parser ------------------

KEPT_FORMAT = "1"
"""The layout of what the shortcuts keep in the cache (part of every entry's name): changing
how an entry is written changes this, so an older entry is never read as a newer one."""

TESTED_CFFI = ("2.1",)
"""cffi versions (major.minor) whose type parsing (``cparser.Parser._get_type_and_quals``)
was read for :func:`simple_type`."""

_SIMPLE_TYPE = re.compile(r"^\s*([A-Za-z_]\w*(?: [A-Za-z_]\w*)?)\s*(\**)\s*(?:\[(\d*)\])?\s*$")
"""``name``, ``name *``, ``name **``, ``name[]``, ``name[46]``: what WeasyPrint passes to
``ffi.new`` and ``ffi.cast`` (``char[]``, ``PangoFcFontMap *``, ``hb_codepoint_t[46]`` …)."""


def simple_type(parser: Any, cdecl: str) -> Any | None:
    """The cffi model type of ``cdecl`` when it is a declared typedef or a primitive with
    pointers or one array dimension, built as cffi's parser builds it; None for anything else
    (the parser then reads it). cffi parses each new type string with pycparser, re-reading
    every typedef of the library: about 2 ms a string, 30 ms over a first render."""
    from cffi import model  # type: ignore[import-untyped]  # lazy: cffi, loaded with WeasyPrint
    from cffi.commontypes import resolve_common_type  # type: ignore[import-untyped]  # lazy: as above

    match = _SIMPLE_TYPE.match(cdecl)
    if match is None:
        return None
    name, stars, length = match.groups()
    declared = parser._declarations.get("typedef " + name)
    if declared is not None:
        tp, quals = declared
    elif name in model.PrimitiveType.ALL_PRIMITIVE_TYPES and name != "void":
        tp, quals = resolve_common_type(parser, name)
    else:
        return None
    for _ in stars:
        if isinstance(tp, model.RawFunctionType):
            return None  # a function pointer: the parser knows its ways
        tp, quals = model.PointerType(tp, quals), 0
    if length is not None:
        tp = model.ArrayType(tp, int(length) if length else None)
    return tp


def _fast_type_parsing(ffi: Any) -> str:
    """Answer ``ffi``'s simple type strings with :func:`simple_type` (the parser reads the
    rest). Returns what was done, for :func:`report`."""
    import cffi  # lazy: loaded with WeasyPrint already

    untested = _untested("cffi", cffi.__version__, TESTED_CFFI)
    if untested is not None:
        return f"plain: {untested}"
    parser: Any = getattr(ffi, "_parser", None)
    real = getattr(parser, "parse_type", None)
    if real is None or not hasattr(parser, "_declarations"):
        return "plain: cffi's parser is not as read"

    def parse_type(cdecl: str) -> Any:
        try:
            fast = simple_type(parser, cdecl)
        except Exception:  # anything unforeseen: the parser decides
            fast = None
        return fast if fast is not None else real(cdecl)

    parser.parse_type = parse_type
    return "shortcut"


# --- cffi: WeasyPrint's C declarations, parsed once and kept --------------------------------

_PARSER_STATE = (
    "_declarations",
    "_int_constants",
    "_anonymous_counter",
    "_included_declarations",
    "_uses_new_feature",
)
"""What ``cffi.cparser.Parser.parse`` leaves on the parser (the rest is reset after each
parse or is a cache of the syntax tree, gone with it)."""
_STATE_TYPES: tuple[type | tuple[type, ...], ...] = (dict, dict, int, set, (str, type(None)))


def _pycparser_stamps() -> list[str] | None:
    """The name, size and time of each of pycparser's files (a parse depends on its
    version); None if it cannot be found. Call before pycparser is imported: asking a lazily
    imported module for its spec runs it."""
    spec = importlib.util.find_spec("pycparser")
    if spec is None or spec.origin is None:
        return None
    stamps = []
    for path in sorted(Path(spec.origin).parent.glob("*.py")):
        info = path.stat()
        stamps.append(f"{path.name}:{info.st_size}:{info.st_mtime_ns}")
    return stamps


def _declarations_entry(csource: str, stamps: list[str]) -> str:
    """The cache entry's name for ``csource``: a digest of it and of everything its parse
    depends on (cffi, pycparser's files, Python)."""
    import hashlib  # lazy: only the declaration cache digests

    import cffi  # lazy: loaded with WeasyPrint

    digest = hashlib.sha256()
    for part in (KEPT_FORMAT, cffi.__version__, sys.version, *stamps, csource):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return f"declarations-{digest.hexdigest()[:40]}.pickle"


def _read_declarations(data: bytes) -> tuple[Any, ...]:
    """The parser state pickled in ``data``; only cffi's type classes may be named in it
    (anything else, such as a function to call, is refused), so a tampered entry cannot
    run code. Raises on anything unexpected."""
    import io  # lazy: only the declaration cache reads
    import pickle  # lazy: as above

    from cffi import model  # lazy: loaded with WeasyPrint

    class TypesOnly(pickle.Unpickler):
        def find_class(self, module: str, name: str) -> Any:
            found = getattr(model, name, None) if module == "cffi.model" else None
            if isinstance(found, type) and issubclass(found, model.BaseTypeByIdentity):
                return found
            raise pickle.UnpicklingError(f"{module}.{name} is not a cffi type")

    state = TypesOnly(io.BytesIO(data)).load()
    if not isinstance(state, tuple) or len(state) != len(_PARSER_STATE):
        raise ValueError("not a parser state")
    for value, kind in zip(state, _STATE_TYPES, strict=True):
        if not isinstance(value, kind):
            raise ValueError("not a parser state")
    return state


@contextlib.contextmanager
def _kept_declarations() -> Iterator[list[str]]:
    """While the block runs, a new FFI's first ``cdef`` (WeasyPrint's 16 KB of C
    declarations) is answered from the user's cache when an entry for the same source and
    versions is there, and parsed and kept otherwise; pycparser is then imported only if
    something asks for it. Parsing costs about 20 ms and importing pycparser 10 ms.

    The block gets a list that says, once the import is over, what happened."""
    import cffi  # lazy: the import WeasyPrint makes first (it does not load pycparser)

    from toolkit.models import cache  # lazy: only the declaration cache needs the folder

    outcome: list[str] = []
    folder = cache.cache_folder("cffi")
    stamps = _pycparser_stamps() if "pycparser" not in sys.modules else None
    why = _first_reason(
        _untested("cffi", cffi.__version__, TESTED_CFFI),
        "no private cache folder" if folder is None else None,
        "pycparser was imported already, or is not found" if stamps is None else None,
    )
    # (testing the folder and the stamps again only narrows their types for the checker)
    if why is not None or folder is None or stamps is None:
        outcome.append(f"plain: {why}")
        yield outcome
        return
    # pycparser, run at its first use. cffi's parser module looks for ``cffi._pycparser``
    # (where a copy of pycparser bundled with cffi would be) before ``import pycparser``;
    # the import statement would touch the module (its spec) and so run it, taking an
    # attribute does not.
    lazy = _lazy_module("pycparser")
    bundled = hasattr(cffi, "_pycparser")
    if lazy is not None and not bundled:
        cffi._pycparser = lazy
    original = cffi.FFI.cdef

    def cdef(
        self: Any, csource: Any, override: bool = False, packed: bool = False, pack: Any = None
    ) -> None:
        fresh = type(self) is cffi.FFI and not self._cdefsources
        name = _declarations_entry(csource, stamps) if isinstance(csource, str) and fresh else None
        if name is None or override or packed or pack is not None:
            original(self, csource, override=override, packed=packed, pack=pack)
            return
        data = cache.read_entry(folder, name)
        if data is not None:
            try:
                state = _read_declarations(data)
            except Exception:  # a damaged or foreign entry: parse, and keep the parse
                pass
            else:
                with self._lock:
                    self._cdef_version = object()
                    for attribute, value in zip(_PARSER_STATE, state, strict=True):
                        setattr(self._parser, attribute, value)
                    self._cdefsources.append(csource)
                outcome.append("kept")
                return
        built = len(self._cached_btypes)
        original(self, csource)
        if len(self._cached_btypes) == built:  # the parse built no C types: plain data
            import pickle  # lazy: only a new entry is written

            state = tuple(getattr(self._parser, a) for a in _PARSER_STATE)
            cache.write_entry(folder, name, pickle.dumps(state, protocol=5))
            outcome.append("parsed and kept")
        else:
            outcome.append("plain: the declarations need C types built as they are read")

    cffi.FFI.cdef = cdef
    try:
        yield outcome
    finally:
        cffi.FFI.cdef = original
        if lazy is not None and not bundled:
            del cffi._pycparser


# --- WeasyPrint's own stylesheets, parsed once and kept -----------------------------------

TESTED_CSSSELECT2 = ("0.10",)
"""cssselect2 versions (major.minor) whose compiled selectors (``CompiledSelector``: a
``lambda el: …`` made by ``eval`` of generated source, with three helper names in its
globals) and ``Matcher`` entries were read for :func:`_kept_stylesheets`."""
_SELECTOR_GLOBALS = ("split_whitespace", "ascii_lower", "urlparse")
"""The names ``cssselect2.compiler`` gives a compiled selector's source to run with."""
_STYLESHEET_CLASSES = {
    ("weasyprint", "CSS"),
    ("weasyprint.css", "PageSelectorType"),
    ("weasyprint.css.properties", "Dimension"),
    ("weasyprint.css.counters", "CounterStyle"),
    ("cssselect2", "Matcher"),
    (__name__, "SelectorSource"),
}
"""What a kept stylesheet may name, besides tinycss2's syntax nodes."""


_SELECTOR_BUILTINS = ("any", "all", "next", "len", "divmod", "list")
"""The built-in functions cssselect2's compiled selectors call (``:nth-child`` and kin)."""
_SELECTOR_KEYWORDS = ("lambda", "and", "or", "not", "in", "is", "for", "if", "else", "None")
_SELECTOR_STRING = re.compile(r"'(?:[^'\\\n]|\\.)*'" r'|"(?:[^"\\\n]|\\.)*"')
_SELECTOR_WORD = re.compile(r"(\.\s*)?\b([A-Za-z_]\w*)")
_SELECTOR_TARGETS = re.compile(r"\bfor\s+([\w\s,()]+?)\s+in\b")


def _check_selector_sources(sources: list[str]) -> None:
    """Raise unless each source is a selector as cssselect2 compiles one: ``lambda el: …``
    (one lambda) whose names are the element, its helpers, a few built-ins and loop
    variables, and whose attributes have no underscore (nothing reaches past the element).
    Read as words outside string literals: checking every expression's syntax tree would
    cost as much as the parse the cache saves."""
    if not all(source.startswith("lambda el: ") for source in sources):
        raise ValueError("not a compiled selector")
    text = _SELECTOR_STRING.sub("''", "\n".join(sources))
    if text.count("lambda") != len(sources):
        raise ValueError("a nested function in a compiled selector")
    loops = {w for found in _SELECTOR_TARGETS.findall(text) for w in re.findall(r"\w+", found)}
    known = {"el", *_SELECTOR_GLOBALS, *_SELECTOR_BUILTINS, *_SELECTOR_KEYWORDS, *loops}
    for dot, word in _SELECTOR_WORD.findall(text):
        if word.startswith("_") or (not dot and word not in known):
            raise ValueError(f"{word!r} in a compiled selector")


class SelectorSource(str):
    """A compiled selector's Python source, standing in for its function in a kept entry."""

    __slots__ = ()


def _selector_entries(matcher: Any) -> Iterator[list[Any]]:
    """Each list of ``(test, specificity, order, pseudo-element, payload)`` entries."""
    for table in (
        matcher.id_selectors,
        matcher.class_selectors,
        matcher.lower_local_name_selectors,
        matcher.namespace_selectors,
    ):
        yield from table.values()
    yield matcher.lang_attr_selectors
    yield matcher.other_selectors


def _dump_stylesheet(sheet: Any, added: dict[str, Any], sources: dict[int, str]) -> bytes:
    """``sheet`` and the counter styles its parse added, pickled with each selector function
    written as its source. Raises if anything else in them is a function."""
    import io  # lazy: only a new entry is written
    import pickle  # lazy: as above

    class WithSources(pickle.Pickler):
        def reducer_override(self, obj: Any) -> Any:
            if isinstance(obj, types.FunctionType):
                return (SelectorSource, (sources[id(obj)],))  # KeyError: not a selector
            return NotImplemented

    out = io.BytesIO()
    WithSources(out, protocol=5).dump((sheet, added))
    return out.getvalue()


def _read_stylesheet(data: bytes, css_class: type) -> tuple[Any, dict[str, Any]]:
    """A kept stylesheet and its counter styles, its selectors compiled again from their
    source as cssselect2 compiles them. Only WeasyPrint's stylesheet classes, tinycss2's
    syntax nodes and :class:`SelectorSource` may be named (a tampered entry can call
    nothing else); and a selector's source must be the one expression cssselect2 makes."""
    import builtins  # lazy: only the stylesheet cache reads
    import io  # lazy: as above
    import pickle  # lazy: as above

    import tinycss2.ast  # type: ignore[import-untyped]  # lazy: loaded with WeasyPrint
    from cssselect2 import compiler  # type: ignore[import-untyped]  # lazy: as above

    class StylesheetsOnly(pickle.Unpickler):
        def find_class(self, module: str, name: str) -> Any:
            if (module, name) == ("weasyprint", "CSS"):
                return css_class  # while weasyprint.html runs, the package's CSS is a stand-in
            if (module, name) in _STYLESHEET_CLASSES or (
                module == "tinycss2.ast"
                and isinstance(getattr(tinycss2.ast, name, None), type)
                and issubclass(getattr(tinycss2.ast, name), tinycss2.ast.Node)
            ):
                return super().find_class(module, name)
            raise pickle.UnpicklingError(f"{module}.{name} may not be in a kept stylesheet")

    sheet, added = StylesheetsOnly(io.BytesIO(data)).load()
    scope = {name: getattr(compiler, name) for name in _SELECTOR_GLOBALS}
    scope["__builtins__"] = {name: getattr(builtins, name) for name in _SELECTOR_BUILTINS}
    tables = list(_selector_entries(sheet.matcher))
    sources = list(dict.fromkeys(entry[0] for entries in tables for entry in entries))
    if not all(isinstance(source, SelectorSource) for source in sources):
        raise ValueError("a selector without its source")
    _check_selector_sources(sources)
    # one compilation for all of them (each on its own costs more than the parse saved)
    tests = eval("(" + ",\n".join(sources) + ",)", scope, {}) if sources else ()
    compiled = dict(zip(sources, tests, strict=True))
    for entries in tables:
        entries[:] = [(compiled[entry[0]], *entry[1:]) for entry in entries]
    if not isinstance(added, dict):
        raise ValueError("not a kept stylesheet")
    return sheet, added


@contextlib.contextmanager
def _recording_selector_sources(sources: dict[int, str]) -> Iterator[None]:
    """While the block runs, each selector cssselect2 compiles leaves its source in
    ``sources`` (by its function's id; the functions live on in the stylesheet)."""
    import builtins  # lazy: only a parse that is kept records

    from cssselect2 import compiler  # lazy: loaded with WeasyPrint

    def recording_eval(source: str, *scopes: Any) -> Any:
        made = builtins.eval(source, *scopes)
        sources[id(made)] = source
        return made

    compiler.eval = recording_eval  # shadows the builtin in that module
    try:
        yield
    finally:
        del compiler.eval


def _stylesheet_entry(text: str) -> str:
    import hashlib  # lazy: only the stylesheet cache digests

    import cssselect2  # lazy: loaded with WeasyPrint
    import tinycss2  # lazy: as above

    digest = hashlib.sha256()
    versions = (_weasyprint_version(), cssselect2.__version__, tinycss2.__version__, sys.version)
    for part in (KEPT_FORMAT, *versions):
        digest.update(part.encode() + b"\0")
    digest.update(text.encode("utf-8", "surrogatepass"))
    return f"stylesheet-{digest.hexdigest()[:40]}.pickle"


def _weasyprint_version() -> str:
    module = sys.modules.get("weasyprint")
    return str(getattr(module, "__version__", "")) if module is not None else ""


class _StylesheetLoader:
    """Runs ``weasyprint.html`` (which parses WeasyPrint's three user-agent stylesheets as it
    is imported) with ``CSS`` answered by ``make``; everything else is the real loader's."""

    def __init__(self, real: Any, make: Callable[..., Any]) -> None:
        self.real = real
        self.make = make

    def create_module(self, spec: Any) -> Any:
        return self.real.create_module(spec)

    def exec_module(self, module: types.ModuleType) -> None:
        package: Any = sys.modules["weasyprint"]
        real_css = package.CSS

        def css(*args: Any, **kwargs: Any) -> Any:
            return self.make(real_css, *args, **kwargs)

        package.CSS = css  # html.py takes it with ``from . import CSS``
        try:
            self.real.exec_module(module)
        finally:
            package.CSS = real_css
            if module.__dict__.get("CSS") is css:
                module.__dict__["CSS"] = real_css  # later uses (linked sheets) get the real one

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


class _StylesheetFinder:
    """Finds ``weasyprint.html`` as the path finder does, with :class:`_StylesheetLoader`."""

    def __init__(self, make: Callable[..., Any]) -> None:
        self.make = make

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
        if fullname != "weasyprint.html":
            return None
        import importlib.machinery  # lazy: loaded by the import system already

        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or not isinstance(spec.loader, importlib.machinery.SourceFileLoader):
            return None
        spec.loader = cast(Any, _StylesheetLoader(spec.loader, self.make))
        return spec


@contextlib.contextmanager
def _kept_stylesheets() -> Iterator[list[str]]:
    """While WeasyPrint is imported, its user-agent stylesheets (HTML's defaults, form
    controls, presentational hints: 23 KB of CSS that ``weasyprint.html`` parses as it is
    imported, about 30 ms) are read from the user's cache when an entry for the same text
    and versions is there, and parsed and kept otherwise. A kept stylesheet is the parsed
    ``CSS`` object itself, pickled with each compiled selector written as the source
    cssselect2 compiled it from (and compiled from it again when read).

    The block gets a list that says, once the import is over, what happened to each."""
    import cssselect2  # lazy: imported by WeasyPrint first anyway; cheap

    from toolkit.models import cache  # lazy: only the stylesheet cache needs the folder

    outcome: list[str] = []
    folder = cache.cache_folder("stylesheets")
    why = _first_reason(
        _untested("cssselect2", cssselect2.__version__, TESTED_CSSSELECT2),
        "no private cache folder" if folder is None else None,
        "weasyprint.html was imported already" if "weasyprint.html" in sys.modules else None,
    )
    if why is not None or folder is None:  # (the folder's test only narrows its type)
        outcome.append(f"plain: {why}")
        yield outcome
        return

    def make(real: Any, *args: Any, **kwargs: Any) -> Any:
        text = kwargs.get("string")
        if args or not isinstance(text, str) or set(kwargs) - {"string", "counter_style"}:
            return real(*args, **kwargs)
        counters = kwargs.get("counter_style")
        name = _stylesheet_entry(text)
        data = cache.read_entry(folder, name)
        if data is not None:
            try:
                sheet, added = _read_stylesheet(data, real)
            except Exception:  # a damaged or foreign entry: parse, and keep the parse
                pass
            else:
                if counters is not None:
                    counters.update(added)
                outcome.append("kept")
                return sheet
        before = dict(counters) if counters is not None else {}
        sources: dict[int, str] = {}
        with _recording_selector_sources(sources):
            sheet = real(*args, **kwargs)
        after = dict(counters) if counters is not None else {}
        added = {k: v for k, v in after.items() if before.get(k) is not v}
        package: Any = sys.modules["weasyprint"]
        stand_in, package.CSS = package.CSS, real  # pickled by name: the name must be the class
        try:
            cache.write_entry(folder, name, _dump_stylesheet(sheet, added, sources))
            outcome.append("parsed and kept")
        except Exception as exc:  # something in it is not plain data: use it, keep nothing
            outcome.append(f"plain: not kept ({type(exc).__name__})")
        finally:
            package.CSS = stand_in
        return sheet

    finder = _StylesheetFinder(make)
    sys.meta_path.insert(0, finder)
    try:
        yield outcome
    finally:
        with contextlib.suppress(ValueError):
            sys.meta_path.remove(finder)


# --- the import ----------------------------------------------------------------------------


def _import_plainly(why: str) -> types.ModuleType:
    module = importlib.import_module("weasyprint")  # the engine, the plain way
    _REPORT.imported = True
    _REPORT.libraries = _REPORT.font_tools = _REPORT.cffi_types = f"plain: {why}"
    _REPORT.cffi_declarations = _REPORT.stylesheets = f"plain: {why}"
    return module


def import_weasyprint() -> types.ModuleType:
    """Import WeasyPrint once, with the start-up shortcuts where they apply.

    Returns the ``weasyprint`` module. Safe to call from any thread and any number of times.
    Start-up ends here: a cycle collection paused by the console script resumes
    (:mod:`toolkit.collector`).
    """
    module = _import_weasyprint()
    collector.resume()
    return module


def _import_weasyprint() -> types.ModuleType:
    done = sys.modules.get("weasyprint")
    if done is not None and _REPORT.imported:
        return done
    with _LOCK:
        if "weasyprint" in sys.modules:
            if not _REPORT.imported:
                _import_plainly("WeasyPrint was imported before the toolkit asked for it")
            return sys.modules["weasyprint"]
        why = _why_not()
        if why is not None:
            return _import_plainly(why)
        before = set(sys.modules)
        try:
            with (
                _resolving_libraries() as resolver,
                _deferred_font_tools() as font_tools,
                _kept_declarations() as declarations,
                _kept_stylesheets() as stylesheets,
            ):
                # the engine, while the shortcuts are in place; and WeasyPrint's PDF fonts
                # module, whose fontTools imports the shortcut is for
                module = importlib.import_module("weasyprint")
                importlib.import_module("weasyprint.pdf.fonts")
        except Exception as exc:  # anything unforeseen: forget the attempt, import plainly
            for name in set(sys.modules) - before:
                parent_name, _, child = name.rpartition(".")
                parent = sys.modules.get(parent_name) if parent_name in before else None
                if parent is not None and getattr(parent, child, None) is sys.modules[name]:
                    delattr(parent, child)  # e.g. the lazy fontTools.subset on fontTools
                del sys.modules[name]
            return _import_plainly(f"the shortcut failed ({type(exc).__name__}: {exc})")
        _REPORT.imported = True
        _REPORT.font_tools = font_tools
        _REPORT.cffi_declarations = ", ".join(declarations) or "plain: no declarations"
        _REPORT.stylesheets = ", ".join(stylesheets) or "plain: not parsed at import"
        try:
            _REPORT.cffi_types = _fast_type_parsing(sys.modules["weasyprint.text.ffi"].ffi)
        except Exception as exc:  # never a reason not to render
            _REPORT.cffi_types = f"plain: {type(exc).__name__}: {exc}"
        if resolver is None:
            _REPORT.libraries = "plain: ldconfig -p did not run"
        else:
            _REPORT.libraries = "shortcut"
            _REPORT.answered = dict(resolver.answered)
            _REPORT.deferred = list(resolver.deferred)
        return module
