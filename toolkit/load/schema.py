"""The JSON Schema of the profile, for editors (autocompletion) and other validators."""

from __future__ import annotations

import ast
import inspect
import itertools
import textwrap
from typing import Any

from pydantic import BaseModel

from toolkit._version import __version__
from toolkit.models.profile import Profile


def profile_json_schema() -> dict[str, Any]:
    """The profile's JSON Schema (draft 2020-12), with a title and the toolkit version."""
    schema = Profile.model_json_schema(mode="validation", by_alias=True)
    _describe(schema, Profile)
    for name, sub in schema.get("$defs", {}).items():
        model = _models(Profile).get(name)
        if model is not None:
            _describe(sub, model)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:applykit:profile:{__version__}",
        **schema,
        "title": "Profile",
        "description": "A job-application profile for the toolkit "
        "(applykit). One file from which every document is made.",
    }


def _models(root: type[BaseModel]) -> dict[str, type[BaseModel]]:
    """Every model reachable from ``root``'s fields, by class name (the schema's ``$defs``)."""
    found: dict[str, type[BaseModel]] = {}

    def visit(tp: Any) -> None:
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            if tp.__name__ in found:
                return
            found[tp.__name__] = tp
            for field in tp.model_fields.values():
                visit(field.annotation)
        for arg in getattr(tp, "__args__", ()) or ():
            visit(arg)
        for meta in getattr(tp, "__metadata__", ()) or ():
            visit(meta)

    visit(root)
    return found


def _describe(schema: dict[str, Any], model: type[BaseModel]) -> None:
    """Set each property's ``description`` from the attribute docstring under its field."""
    docs: dict[str, str] = {}
    for cls in reversed(model.__mro__):
        if isinstance(cls, type) and issubclass(cls, BaseModel) and cls is not BaseModel:
            docs.update(_attribute_docstrings(cls))
    properties = schema.get("properties", {})
    for name, field in model.model_fields.items():
        key = field.alias or name
        if name in docs and key in properties and "description" not in properties[key]:
            properties[key]["description"] = docs[name]


def _attribute_docstrings(cls: type) -> dict[str, str]:
    """``{field: docstring}`` for the string literals right under annotated fields."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    except (OSError, TypeError, SyntaxError):
        return {}
    body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
    out: dict[str, str] = {}
    for node, following in itertools.pairwise(body):
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            out[node.target.id] = inspect.cleandoc(following.value.value)
    return out
