"""Killing the command at any moment never leaves a partial or corrupt file behind."""

from __future__ import annotations

import hashlib
import io
import os
import random
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("TOOLKIT_KILL_RUNS", "6"))  # make stress raises this


def _check_folder(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_dir():
            continue
        assert not path.name.endswith(".tmp") or path.name.startswith("."), path
        if path.name.startswith(".") and path.name.endswith(".tmp"):
            continue  # a temporary file of the killed run: never a final name
        data = path.read_bytes()
        if path.suffix == ".pdf":
            assert len(PdfReader(io.BytesIO(data)).pages) >= 1
        elif path.suffix == ".docx":
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                assert archive.testzip() is None
        elif path.suffix in (".md", ".txt", ".html"):
            data.decode("utf-8")


@pytest.mark.slow
def test_sigkill_at_random_moments(tmp_path: Path) -> None:
    rng = random.Random(20261127)
    out = tmp_path / "out"
    for _ in range(RUNS):
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "toolkit",
                "resume",
                "examples/senior-supervisor.yaml",
                "-f",
                "pdf,docx,md,txt,html",
                "-o",
                str(out),
                "--force",
            ],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.3, 3.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        if out.exists():
            _check_folder(out)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "toolkit",
            "resume",
            "examples/senior-supervisor.yaml",
            "-f",
            "pdf,docx",
            "-o",
            str(out),
            "--force",
        ],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    _check_folder(out)


@pytest.mark.slow
def test_two_runs_into_one_folder_at_once(tmp_path: Path) -> None:
    """Two commands writing the same person's files at the same moment: both finish, and
    the folder holds one run's complete set (every file parses, the manifest matches)."""
    import json

    out = tmp_path / "out"
    runs = [
        subprocess.Popen(
            [
                *(sys.executable, "-m", "toolkit", "resume", "examples/senior-supervisor.yaml"),
                *("-f", "pdf,docx,md", "-o", str(out), "--force", "--theme", theme),
            ],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for theme in ("plain", "modern")
    ]
    for run in runs:
        _, err = run.communicate(timeout=120)
        assert run.returncode == 0, err.decode()
    _check_folder(out)
    (folder,) = [p for p in out.iterdir() if p.is_dir()]
    manifest = json.loads((folder / ".toolkit-manifest.json").read_text())
    assert set(manifest["files"]) == {"resume.pdf", "resume.docx", "resume.md"}
    for name, digest in manifest["files"].items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name
