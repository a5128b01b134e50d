"""``toolkit resume`` and ``toolkit themes`` from the command line."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

from tests.test_cli import ROOT, run


def test_resume_writes_formats_into_the_person_folder(profile_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run(
        "resume",
        str(profile_file),
        "-f",
        "pdf,md,txt",
        "-o",
        str(out),
        "--date",
        "2026-11-27",
        "--theme",
        "modern",
        "--page",
        "a4",
    )
    assert result.returncode == 0, result.stderr
    folder = out / "maria-lopez"
    assert sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) == [
        "resume.md",
        "resume.pdf",
        "resume.txt",
    ]
    assert f"wrote {folder.resolve() / 'resume.pdf'}" in result.stdout
    again = run("resume", str(profile_file), "-f", "md", "-o", str(out))
    assert again.returncode == 0, again.stderr  # its own files are replaced


def test_resume_refuses_to_clobber_an_edited_file(profile_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("resume", str(profile_file), "-f", "md", "-o", str(out)).returncode == 0
    md = out / "maria-lopez" / "resume.md"
    md.write_text("my own edits\n")
    result = run("resume", str(profile_file), "-f", "md", "-o", str(out))
    assert result.returncode == 1
    assert "changed since" in result.stderr
    assert md.read_text() == "my own edits\n"
    assert run("resume", str(profile_file), "-f", "md", "-o", str(out), "--force").returncode == 0


def test_resume_accepts_json_resume_directly(tmp_path: Path) -> None:
    sample = ROOT / "tests" / "testdata" / "jsonresume" / "sample.resume.json"
    result = run("resume", str(sample), "-f", "txt", "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "RICHARD HENDRIKS" in (tmp_path / "richard-hendriks" / "resume.txt").read_text()


def test_resume_bad_inputs_are_user_errors(profile_file: Path, tmp_path: Path) -> None:
    bad_format = run("resume", str(profile_file), "-f", "pdf,odt", "-o", str(tmp_path))
    assert bad_format.returncode == 1
    assert "unknown format 'odt'" in bad_format.stderr
    bad_theme = run("resume", str(profile_file), "--theme", "nope", "-o", str(tmp_path))
    assert bad_theme.returncode == 1
    assert "no theme called 'nope'" in bad_theme.stderr
    bad_date = run("resume", str(profile_file), "--date", "27/11/2026", "-o", str(tmp_path))
    assert bad_date.returncode == 2
    bad_locale = run(
        "resume", str(profile_file), "--locale", "xx-QQ", "-f", "md", "-o", str(tmp_path)
    )
    assert bad_locale.returncode == 1
    assert "unknown locale" in bad_locale.stderr
    for result in (bad_format, bad_theme, bad_date, bad_locale):
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "maria-lopez").exists()  # nothing half-written


def test_max_pages_reports_what_it_changed(tmp_path: Path) -> None:
    senior = ROOT / "examples" / "senior-supervisor.yaml"
    result = run(
        "resume",
        str(senior),
        "-f",
        "pdf",
        "-o",
        str(tmp_path),
        "--max-pages",
        "1",
        "--drop-bullets",
    )
    assert result.returncode == 0, result.stderr
    assert "fit: font size" in result.stdout
    assert "fit: left out:" in result.stdout
    assert "1 page" in result.stdout


def test_themes_lists_each_with_a_description() -> None:
    result = run("themes")
    assert result.returncode == 0
    lines = [
        line.split()[0]
        for line in result.stdout.splitlines()[1:]
        if line.strip() and not line.startswith(" " * 5)
    ]
    assert lines[:3] == ["plain", "compact", "modern"]


def test_watch_renders_again_after_a_change(profile_file: Path, tmp_path: Path) -> None:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "toolkit",
            "resume",
            str(profile_file),
            "-f",
            "md",
            "-o",
            str(tmp_path / "out"),
            "--watch",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        cwd=ROOT,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(x) for x in proc.stdout or []], daemon=True).start()

    def wait_for(fragment: str, timeout: float = 30, poke: Path | None = None) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if poke is not None:  # the watcher starts just after it says so: poke until seen
                poke.write_text(poke.read_text())
            try:
                if fragment in lines.get(timeout=1):
                    return
            except queue.Empty:
                continue
        raise AssertionError(f"never printed {fragment!r}")

    try:
        wait_for("watching")
        text = profile_file.read_text().replace("Maria Lopez", "Maria Lopez-Ortiz")
        profile_file.write_text(text)
        wait_for("changed: profile.yaml", poke=profile_file)
        wait_for("wrote")
        # saved again as it is (until the watcher has seen it): nothing to render
        wait_for("unchanged: profile.yaml (not rendered again)", poke=profile_file)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        if proc.stdout is not None:
            proc.stdout.close()
    assert (tmp_path / "out" / "maria-lopez-ortiz" / "resume.md").exists()
