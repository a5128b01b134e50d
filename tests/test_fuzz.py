"""Property tests: any YAML/JSON tree and any text in any field give the toolkit's own errors
or a document, never another exception. Bounded so `make test` stays quick."""

from __future__ import annotations

import contextlib
import json
import os
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import toolkit
from toolkit.errors import ToolkitError

SCALE = int(os.environ.get("TOOLKIT_FUZZ_SCALE", "1"))  # make stress raises this
FAST = settings(
    max_examples=60 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
)
trees = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(max_size=12), children, max_size=4),
    ),
    max_leaves=25,
)
keys = st.sampled_from(
    [
        "basics",
        "experience",
        "education",
        "skills",
        "credentials",
        "preferences",
        "work",
        "name",
        "highlights",
        "start",
        "end",
        "tags",
    ]
)
profile_like = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(keys, children, max_size=4)
    ),
    max_leaves=30,
)


def _load(text: str, fmt: str) -> None:
    with contextlib.suppress(ToolkitError):
        toolkit.parse_profile(text, format=fmt)  # type: ignore[arg-type]


@FAST
@given(trees)
def test_any_json_tree_loads_or_is_refused(tree: Any) -> None:
    _load(json.dumps(tree), "json")


@FAST
@given(profile_like)
def test_any_profile_shaped_yaml_loads_or_is_refused(tree: Any) -> None:
    _load(yaml.safe_dump(tree, allow_unicode=True), "yaml")


@FAST
@given(st.text(max_size=400))
def test_any_text_as_yaml_or_json(text: str) -> None:
    _load(text, "yaml")
    _load(text, "json")


@settings(max_examples=25 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(min_size=1, max_size=60), st.text(max_size=120), st.text(max_size=120))
def test_any_unicode_in_fields_renders_every_text_format(
    name: str, headline: str, bullet: str
) -> None:
    data = {
        "basics": {"name": name, "headline": headline},
        "experience": [{"employer": "E", "title": "T", "highlights": [bullet or "x"]}],
    }
    try:
        profile = toolkit.Profile.model_validate(data)
    except ValueError:
        return  # refused by the model: a located error in real use
    for fmt in ("html", "md", "txt", "docx"):
        with contextlib.suppress(ToolkitError):
            assert toolkit.render(profile, "resume", fmt)


@FAST
@given(
    st.from_regex(r"[A-Za-z0-9.+_'-]{1,20}@[A-Za-z0-9.-]{1,20}\.[A-Za-z0-9]{1,6}", fullmatch=True)
)
def test_the_email_fast_path_never_accepts_what_email_validator_refuses(address: str) -> None:
    """Everyday addresses skip email-validator's import; the shortcut must not be looser."""
    from email_validator import EmailNotValidError, validate_email

    from toolkit.models.common import _plainly_valid

    if _plainly_valid(address):
        try:
            validate_email(address, check_deliverability=False)
        except EmailNotValidError as exc:  # pragma: no cover - the failure this test looks for
            raise AssertionError(f"{address!r} passed the fast path: {exc}") from None
