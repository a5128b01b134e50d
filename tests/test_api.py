"""The library surface: ``toolkit.__all__`` is complete and every name imports."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import toolkit


def test_every_name_in_all_imports() -> None:
    for name in toolkit.__all__:
        assert getattr(toolkit, name) is not None, name


def test_all_matches_the_type_checking_imports() -> None:
    """Every name imported for type checkers in __init__.py is exported, and vice versa."""
    tree = ast.parse(Path(toolkit.__file__).read_text())
    imported: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            for stmt in node.body:
                assert isinstance(stmt, ast.ImportFrom)
                imported |= {alias.name for alias in stmt.names}
    assert imported | {"__version__"} == set(toolkit.__all__)


def test_public_models_and_errors_are_exported() -> None:
    import toolkit.errors
    import toolkit.models

    for module in (toolkit.models, toolkit.errors):
        public = {
            n
            for n, v in vars(module).items()
            if not n.startswith("_")
            and getattr(v, "__module__", "").startswith(module.__name__)
            and isinstance(v, type)
        }
        missing = public - set(toolkit.__all__)
        assert not missing, f"{module.__name__} defines public names not exported: {missing}"


def test_unknown_attribute_raises() -> None:
    import pytest

    with pytest.raises(AttributeError):
        toolkit.no_such_thing  # noqa: B018


def test_library_code_never_prints() -> None:
    root = Path(toolkit.__file__).parent
    offenders = []
    for path in root.rglob("*.py"):
        if "cli" in path.relative_to(root).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("print", "exit"):
                offenders.append(f"{path.name}:{node.lineno}")
            if (
                isinstance(node, ast.Attribute)
                and node.attr == "exit"
                and getattr(node.value, "id", "") == "sys"
            ):
                offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []


def test_modules_import_cleanly() -> None:
    for name in (
        "toolkit.load.profile",
        "toolkit.load.sources",
        "toolkit.output",
        "toolkit.load.schema",
        "toolkit.interop.jsonresume",
        "toolkit.load.jsonresume",
        "toolkit.interop.linkedin",
        "toolkit.cli",
    ):
        importlib.import_module(name)


def test_all_lists_exactly_the_lazy_exports() -> None:
    assert set(toolkit.__all__) == set(toolkit._EXPORTS) | {"__version__"}
