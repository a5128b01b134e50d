"""What every library entry point raises: its documented ToolkitError types, never a raw
Python exception, for wrong argument types, file-system clashes and odd files; and
``hide_values`` keeps every name the submitted text wrote out of the messages."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import pytest

import toolkit
from toolkit.errors import ArgumentError

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def profile() -> toolkit.Profile:
    return toolkit.parse_profile("basics: {name: Ann Lee}\n", "yaml")


CALLS: dict[str, Any] = {
    "render, job as text": lambda p: toolkit.render(p, "resume", "md", job="Records Clerk"),
    "render, options as a dict": lambda p: toolkit.render(p, "resume", "md", options={}),
    "render, templates as a number": lambda p: toolkit.render(p, "resume", "md", user_templates=3),
    "build, formats as one string": lambda p: toolkit.build(p, "resume", "md"),
    "build, out as a number": lambda p: toolkit.build(p, "resume", ["md"], out=3),
    "load_profile, a number": lambda p: toolkit.load_profile(3),
    "read_profile, None": lambda p: toolkit.read_profile(None),
    "parse_profile, bytes": lambda p: toolkit.parse_profile(b"basics: {name: A}"),
    "parse_profile, None": lambda p: toolkit.parse_profile(None),
    "match_profile, job as text": lambda p: toolkit.match_profile(p, "job", None),
    "publish, files as a list": lambda p: toolkit.publish(Path("x"), ["a.txt"]),
    "publish, text instead of bytes": lambda p: toolkit.publish(Path("x"), {"a.txt": "a"}),
}


@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS.keys())
def test_wrong_argument_types_are_argument_errors(profile: toolkit.Profile, call: Any) -> None:
    with pytest.raises(ArgumentError) as caught:
        call(profile)
    assert isinstance(caught.value, TypeError)  # callers that catch TypeError still do
    assert isinstance(caught.value, toolkit.ToolkitError)
    assert " takes " in str(caught.value)


def test_str_paths_are_taken_too(profile: toolkit.Profile, tmp_path: Path) -> None:
    result = toolkit.build(profile, "resume", ["md"], out=str(tmp_path))
    assert result.paths[0].is_file()
    assert toolkit.load_profile(str(ROOT / "examples" / "mid-rhit.yaml")).basics.name


def test_an_output_folder_that_is_a_file_is_an_output_error(
    profile: toolkit.Profile, tmp_path: Path
) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(toolkit.OutputError, match="cannot"):
        toolkit.build(profile, "resume", ["md"], out=blocker)
    with pytest.raises(toolkit.OutputError, match="cannot"):
        toolkit.publish(blocker / "sub", {"a.md": b"x"})


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a Unix thing")
def test_a_named_pipe_is_refused_at_once(tmp_path: Path) -> None:
    """Opening a pipe for reading waits for a writer: it used to block forever."""
    fifo = tmp_path / "profile.yaml"
    os.mkfifo(fifo)
    outcome: list[BaseException] = []

    def load() -> None:
        try:
            toolkit.load_profile(fifo)
        except BaseException as exc:
            outcome.append(exc)

    worker = threading.Thread(target=load, daemon=True)
    worker.start()
    worker.join(5)
    assert not worker.is_alive(), "load_profile blocked on a named pipe"
    assert isinstance(outcome[0], toolkit.NotFoundError)
    assert "not a regular file" in str(outcome[0])


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(toolkit.NotFoundError, match="is a folder"):
        toolkit.load_profile(tmp_path)


def test_parse_profile_has_the_file_size_cap() -> None:
    text = "basics: {name: A}\n# " + "x" * (3 * 1024 * 1024) + "\n"
    with pytest.raises(toolkit.InputError, match="larger than"):
        toolkit.parse_profile(text, "yaml")


SECRET = "PATIENTJONES"


@pytest.mark.parametrize(
    "text",
    [
        f"basics: {{name: A, {SECRET}: 1}}\n",
        f"{SECRET}: 1\nbasics: {{name: A}}\n",
        f"basics: &{SECRET} {{name: A}}\nother: *{SECRET}\n",
        f"basics: !{SECRET} {{name: A}}\n",
        f"basics:\n  {SECRET}: A\n  {SECRET}: B\n",
        f"experience:\n  - employer: A\n    title: B\n    {SECRET}: 3\n",
    ],
    ids=["unknown key", "unknown top key", "anchor and alias", "tag", "duplicate", "nested"],
)
def test_hide_values_hides_keys_anchors_and_tags(text: str) -> None:
    with pytest.raises(toolkit.InputError) as caught:
        toolkit.parse_profile(text, "yaml", hide_values=True)
    shown = str(caught.value) + repr([(i.message, i.field, i.hint) for i in caught.value.issues])
    assert SECRET not in shown
    assert all(i.line for i in caught.value.issues)  # still located
    with pytest.raises(toolkit.InputError) as plain:
        toolkit.parse_profile(text, "yaml")
    assert SECRET in str(plain.value)  # without hide_values, the name helps the author
