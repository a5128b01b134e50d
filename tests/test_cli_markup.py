"""Text from a profile or a posting is printed as written: Rich markup in it is never read.

A posting may hold ``[/]`` (which used to crash ``match`` and ``packet``, and then every run
of ``packets list`` in that folder) or ``[link=...]`` (which became a clickable terminal
link); a profile may hold ``[conceal]`` (hidden text). On a colour terminal, none of them
may turn into an escape sequence, and all of them must show as typed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

HOSTILE_NAME = "Ann [link=http://127.0.0.1:9/x]Lee[/link] [conceal]hidden[/conceal] [/]"
PROFILE = textwrap.dedent(
    """\
    basics:
      name: "{name}"
      headline: "Records [bold]clerk[/bold] [/]"
    experience:
      - employer: "Lakeside [/] Hospital"
        title: "Release of information specialist [link=http://127.0.0.1:9/y]x[/link]"
        start: 2020-01
        highlights:
          - "Processed release of information requests in Epic [/] under HIPAA."
    skills:
      - name: Systems
        keywords: [Epic, HIPAA]
    """
).format(name=HOSTILE_NAME)
POSTING = textwrap.dedent(
    """\
    Records Clerk [/] [link=http://127.0.0.1:9/z]apply[/link]
    Lakeside [bold]General[/]

    Requirements:
    - Release of information [/] experience
    - Knowledge of HIPAA [conceal]secret[/conceal]
    """
)


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """As a person on a colour terminal would run it."""
    env = {**os.environ, "COLUMNS": "200", "TERM": "xterm-256color", "FORCE_COLOR": "1"}
    env.pop("NO_COLOR", None)
    return subprocess.run(
        [sys.executable, "-m", "toolkit", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    here = tmp_path_factory.mktemp("markup")
    (here / "profile.yaml").write_text(PROFILE, "utf-8")
    (here / "posting.txt").write_text(POSTING, "utf-8")
    return here


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "profile.yaml"],
        ["match", "profile.yaml", "posting.txt"],
        ["gap", "profile.yaml", "--role", "medical-records-specialist", "--level", "junior"],
        ["packet", "profile.yaml", "posting.txt", "-o", "out", "--date", "2026-03-03"],
        ["letter", "profile.yaml", "--job", "posting.txt", "-f", "md", "-o", "out"],
    ],
    ids=lambda a: a[0],
)
def test_markup_in_files_is_printed_as_written(folder: Path, args: list[str]) -> None:
    result = run(*args, cwd=folder)
    assert result.returncode == 0, result.stderr
    shown = result.stdout + result.stderr
    assert "\x1b]8;" not in shown  # no terminal hyperlink
    assert "\x1b[8m" not in shown  # no concealed text
    assert "internal error" not in shown
    if args[0] in ("validate", "match"):
        assert "[link=http://127.0.0.1:9/x]Lee[/link]" in shown
        assert "[conceal]hidden[/conceal]" in shown


def test_packets_list_reads_a_hostile_title_back(folder: Path) -> None:
    made = run(
        "packet", "profile.yaml", "posting.txt", "-o", "list", "--date", "2026-03-03", cwd=folder
    )
    assert made.returncode == 0, made.stderr
    for _ in range(2):  # it used to crash on every run after the first
        listed = run("packets", "list", "list", cwd=folder)
        assert listed.returncode == 0, listed.stderr
        assert "Records Clerk [/]" in listed.stdout
        assert "\x1b]8;" not in listed.stdout
