"""The console script's quick exit: same output and exit codes, nothing left unflushed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _toolkit(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "toolkit", *args], cwd=ROOT, capture_output=True, text=True
    )


@pytest.mark.parametrize(
    ("args", "code", "stream", "text"),
    [
        (("validate", "examples/mid-rhit.yaml"), 0, "stdout", "valid: Marcus T. Bell"),
        (("validate", "no-such-file.yaml"), 1, "stderr", "no such file"),
        (("validate",), 2, "stderr", "Usage: toolkit validate"),
        (("--version",), 0, "stdout", "toolkit "),
        (("schema",), 0, "stdout", '"title": "Profile"'),
    ],
)
def test_exit_codes_and_output_survive_the_quick_exit(
    args: tuple[str, ...], code: int, stream: str, text: str
) -> None:
    done = _toolkit(*args)
    assert done.returncode == code, done.stderr
    assert text in getattr(done, stream)


def test_a_closed_pipe_is_not_a_traceback() -> None:
    """`toolkit schema | head -1`: the reader goes away; no Python traceback follows."""
    shell = f"{sys.executable} -m toolkit schema | head -1"
    done = subprocess.run(shell, shell=True, cwd=ROOT, capture_output=True, text=True)
    assert done.stdout.strip() == "{"
    assert "Traceback" not in done.stderr
