"""The package's shape: layers that only point down, and no import cycles.

The layer order below is the one docs/architecture.md draws. A module may import from its
own layer or any layer below it; imports inside ``if TYPE_CHECKING:`` count for the layers
(a lower layer should not even name a higher one's types) but not for cycles (they never
run). Imports inside functions count for both: a cycle hidden in a function is still one.
"""

from __future__ import annotations

import ast
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
    ("models", ("toolkit.models",)),
    ("base", ("toolkit.errors", "toolkit.output", "toolkit.images", "toolkit._version")),
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
