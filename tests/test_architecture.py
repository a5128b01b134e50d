"""The package's shape: layers that only point down, and no import cycles.

The layer order below is the one docs/architecture.md draws. A module may import from its
own layer or any layer below it; imports inside ``if TYPE_CHECKING:`` count for the layers
(a lower layer should not even name a higher one's types) but not for cycles (they never
run). Imports inside functions count for both: a cycle hidden in a function is still one.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "toolkit"

LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("api", ("toolkit",)),
    ("app", ("toolkit.cli", "toolkit.studio", "toolkit.__main__")),
    ("services", ("toolkit.batch", "toolkit.starters")),
    ("pipeline", ("toolkit.pipeline",)),
    ("formats", ("toolkit.formats",)),
    ("documents", ("toolkit.documents",)),
    ("match", ("toolkit.matching", "toolkit.postings", "toolkit.jd")),
    ("roles", ("toolkit.roles",)),
    ("load", ("toolkit.load", "toolkit.interop", "toolkit.i18n")),
    ("models", ("toolkit.models", "toolkit.privacy")),
    (
        "base",
        (
            "toolkit.errors",
            "toolkit.output",
            "toolkit.images",
            "toolkit.lazy",
            "toolkit.collector",
            "toolkit.recent",
            "toolkit._version",
        ),
    ),
)
"""Top to bottom. The package's ``__init__`` (the public API) is on top of everything."""


@dataclass(frozen=True)
class Import:
    source: str
    target: str
    line: int
    typing_only: bool


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def _resolve(name: str) -> str | None:
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imports(module: str, path: Path) -> Iterator[Import]:
    tree = ast.parse(path.read_text("utf-8"))

    def visit(node: ast.AST, typing_only: bool) -> Iterator[Import]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                yield from visit(child, True)
                continue
            if isinstance(child, ast.Import):
                for alias in child.names:
                    target = _resolve(alias.name)
                    if alias.name.startswith("toolkit") and target:
                        yield Import(module, target, child.lineno, typing_only)
            elif isinstance(child, ast.ImportFrom) and child.level == 0 and child.module:
                if not child.module.startswith("toolkit"):
                    continue
                for alias in child.names:
                    full = f"{child.module}.{alias.name}"
                    target = full if full in MODULES else _resolve(child.module)
                    if target:
                        yield Import(module, target, child.lineno, typing_only)
            yield from visit(child, typing_only)

    yield from visit(tree, False)


IMPORTS = [i for m, p in sorted(MODULES.items()) for i in _imports(m, p) if i.target != m]


def layer_of(module: str) -> int:
    """The index of ``module``'s layer (0 is the top)."""
    best: tuple[int, int] | None = None  # (length of the matching prefix, layer)
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            inside = module == prefix or module.startswith(prefix + ".")
            if inside and (best is None or len(prefix) > best[0]):
                best = (len(prefix), index)
    if best is None:
        raise AssertionError(f"{module} is in no layer: add it to LAYERS (and the docs)")
    return best[1]


def test_every_module_has_a_layer() -> None:
    for module in MODULES:
        layer_of(module)


def test_imports_point_down() -> None:
    upward = [
        f"{i.source}:{i.line} imports {i.target} "
        f"({LAYERS[layer_of(i.source)][0]} -> {LAYERS[layer_of(i.target)][0]})"
        for i in IMPORTS
        if layer_of(i.target) < layer_of(i.source)
    ]
    assert not upward, "imports from a lower layer to a higher one:\n" + "\n".join(upward)


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            connect(node)
    return found


def test_no_import_cycles() -> None:
    edges: dict[str, set[str]] = {}
    for i in IMPORTS:
        if not i.typing_only:
            edges.setdefault(i.source, set()).add(i.target)
    cycles = _cycles(edges)
    assert not cycles, "import cycles:\n" + "\n".join(" <-> ".join(c) for c in cycles)


@pytest.mark.parametrize(
    ("edges", "expected"),
    [
        ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
        ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c"]]),
    ],
)
def test_the_cycle_finder_finds_cycles(
    edges: dict[str, set[str]], expected: list[list[str]]
) -> None:
    assert _cycles(edges) == expected


def test_the_layer_check_sees_an_upward_import() -> None:
    assert layer_of("toolkit.models.profile") > layer_of("toolkit.formats.pdf")
    assert layer_of("toolkit.documents.kinds") > layer_of("toolkit.pipeline")
    assert layer_of("toolkit") == 0


# --- imports inside functions ----------------------------------------------------------------

LAZY_BY_DESIGN = ("toolkit", "toolkit.cli", "toolkit.studio")
"""Where imports inside functions are the rule, not the exception: the package's ``__init__``
loads a public name on first use, and the CLI and the studio import inside each command."""

LAZY_MARK = "# lazy:"


def _lazy_by_design(module: str) -> bool:
    return module == "toolkit" or any(
        module == prefix or module.startswith(prefix + ".") for prefix in LAZY_BY_DESIGN[1:]
    )


def _function_imports(path: Path) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every ``import`` inside a function (a method, a nested function) of the file."""

    def visit(node: ast.AST, in_function: bool) -> Iterator[ast.Import | ast.ImportFrom]:
        for child in ast.iter_child_nodes(node):
            if in_function and isinstance(child, ast.Import | ast.ImportFrom):
                yield child
            inside = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            yield from visit(child, inside)

    yield from visit(ast.parse(path.read_text("utf-8")), False)


def _says_why(lines: list[str], node: ast.Import | ast.ImportFrom) -> bool:
    """A ``# lazy:`` comment on the import's own lines, or in the comment block just above."""
    end = node.end_lineno or node.lineno
    if any(LAZY_MARK in line for line in lines[node.lineno - 1 : end]):
        return True
    above = node.lineno - 2
    while above >= 0 and lines[above].lstrip().startswith("#"):
        if lines[above].lstrip().startswith(LAZY_MARK):
            return True
        above -= 1
    return False


def test_imports_inside_functions_say_why() -> None:
    """Outside the CLI, the studio and the package's ``__init__``, imports sit at the top of
    the module. One that must stay inside a function (a heavy engine kept off the fast paths,
    an optional extra, a platform's own module) says why in a ``# lazy:`` comment, on its
    line or in the comment just above it, e.g.::

        import docx  # lazy: python-docx and lxml (~30 ms) only for the read-back

    Standard-library imports are held to the same rule rather than exempted: the few that
    stay inside a function do so for a reason worth writing down (``resource`` is Unix-only,
    ``multiprocessing.forkserver`` and ``concurrent.futures.process`` cost a few ms that
    most callers never need), and any other is cheap enough to sit at the top.
    """
    unexplained = []
    for module, path in sorted(MODULES.items()):
        if _lazy_by_design(module):
            continue
        lines = path.read_text("utf-8").splitlines()
        for node in _function_imports(path):
            if not _says_why(lines, node):
                where = path.relative_to(PACKAGE.parent)
                unexplained.append(f"{where}:{node.lineno}: {ast.unparse(node)}")
    assert not unexplained, (
        "imports inside functions: move them to the top of the module, or say why they must "
        f"stay lazy with a '{LAZY_MARK} …' comment:\n" + "\n".join(unexplained)
    )


def test_the_lazy_import_check_sees_a_bare_one(tmp_path: Path) -> None:
    source = tmp_path / "sample.py"
    source.write_text(
        "import json\n"
        "def a():\n    import csv\n"
        "def b():\n    import docx  # lazy: an engine\n"
        "def c():\n    # lazy: an engine,\n    # over two lines\n    import pypdf\n"
        "class D:\n    def e(self):\n        def f():\n            from x import (\n"
        "                y,  # lazy: nested, on a later line\n            )\n"
        "def g():\n    # a comment that is not the reason\n    import lxml\n",
        encoding="utf-8",
    )
    lines = source.read_text("utf-8").splitlines()
    found = {node.lineno: _says_why(lines, node) for node in _function_imports(source)}
    assert found == {3: False, 5: True, 9: True, 13: True, 18: False}
    assert _lazy_by_design("toolkit")
    assert _lazy_by_design("toolkit.cli.documents")
    assert _lazy_by_design("toolkit.studio")
    assert not _lazy_by_design("toolkit.pipeline")
    assert not _lazy_by_design("toolkit.clinic")


ENGINES = ("weasyprint", "docx", "pypdf", "pypdfium2", "PIL", "lxml", "docxtpl")
"""The heavy engines (and their parsers): each costs tens to hundreds of milliseconds."""

FAST_PATHS = {
    "toolkit --help": "import toolkit.cli",
    "loading a profile": (
        "from toolkit.load.profile import parse_profile\n"
        "parse_profile('basics:\\n  name: Ann Example\\n  email: ann@example.org\\n')"
    ),
    "reading a text posting": (
        "from toolkit.postings.extract import load_job\n"
        "load_job('Medical Coder\\n\\nRequirements\\n- CPC certification\\n')"
    ),
    "rendering Markdown": (
        "import toolkit.load.profile, toolkit.pipeline\n"
        "profile = toolkit.load.profile.parse_profile('basics:\\n  name: Ann Example\\n')\n"
        "toolkit.pipeline.render(profile, 'resume', 'md')"
    ),
}
"""What must start without the engines, as code run in a fresh interpreter."""


def test_a_resume_loads_no_other_kind() -> None:
    # each kind's builder loads when that kind is first made: a resume without a posting
    # imports neither the other kinds' modules nor matching
    others = (
        "toolkit.documents.letter",
        "toolkit.documents.interview",
        "toolkit.documents.gap",
        "toolkit.documents.match",
        "toolkit.documents.jd",
        "toolkit.matching.tailor",
        "toolkit.matching.match",
    )
    loaded = _loaded_after(FAST_PATHS["rendering Markdown"], others)
    assert loaded == "", f"a resume loads {loaded}"


def _loaded_after(code: str, modules: tuple[str, ...]) -> str:
    """Which of ``modules`` a fresh interpreter has imported after running ``code``."""
    code += f"\nimport sys\nprint(*[m for m in {modules!r} if m in sys.modules])"
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=PACKAGE.parent,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.mark.parametrize("path", list(FAST_PATHS))
def test_the_fast_paths_load_no_engine(path: str) -> None:
    loaded = _loaded_after(FAST_PATHS[path], ENGINES)
    assert loaded == "", f"{path} loads {loaded}"


def test_no_import_cycles_between_packages() -> None:
    """``toolkit.load`` and ``toolkit.interop`` (say) must not need each other either."""

    def package(module: str) -> str:
        return ".".join(module.split(".")[:2])

    edges: dict[str, set[str]] = {}
    for i in IMPORTS:
        if not i.typing_only and package(i.source) != package(i.target):
            edges.setdefault(package(i.source), set()).add(package(i.target))
    cycles = _cycles(edges)
    assert not cycles, "package cycles:\n" + "\n".join(" <-> ".join(c) for c in cycles)
