"""The wheel ships everything it needs and works from a fresh virtualenv in another folder."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(dist),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (found,) = dist.glob("applykit-*.whl")
    return found


def test_wheel_contains_package_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "toolkit/py.typed",
        "toolkit/starters/profile.yaml",
        "toolkit/__main__.py",
        "toolkit/cli/__init__.py",
    ):
        assert required in names, required
    assert any(n.startswith("toolkit/templates/") for n in names)
    assert not any(n.startswith(("tests/", "examples/")) for n in names)
    metadata = next(n for n in names if n.endswith("METADATA"))
    text = zipfile.ZipFile(wheel).read(metadata).decode()
    assert "Name: applykit" in text
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "toolkit = toolkit.cli:run" in zipfile.ZipFile(wheel).read(entry_points).decode()


@pytest.mark.slow
def test_wheel_installs_and_runs_from_another_folder(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    py = env_dir / "bin" / "python"
    site = subprocess.run(
        [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # Reuse the dependencies already installed here instead of downloading them again;
    # a plain path line in a .pth file does not run the editable install's own hooks.
    Path(site, "reuse-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(py),
            "install",
            "--no-deps",
            "--no-index",
            "-q",
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    exe = env_dir / "bin" / "toolkit"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*args], capture_output=True, text=True, cwd=work, env=env, timeout=120, check=False
        )

    where = run(str(py), "-c", "import toolkit; print(toolkit.__file__)")
    assert where.stdout.startswith(str(env_dir)), where.stdout + where.stderr
    version = run(str(exe), "--version")
    assert version.returncode == 0, version.stderr
    assert version.stdout.startswith("toolkit ")
    assert run(str(exe), "init").returncode == 0
    checked = run(str(exe), "validate", "profile.yaml")
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith("valid: Your Name")
    as_module = run(str(py), "-m", "toolkit", "validate", "profile.yaml")
    assert as_module.returncode == 0, as_module.stderr
    roles = run(str(exe), "roles", "list")
    assert "medical-records-specialist" in roles.stdout, roles.stderr
    resume = run(str(exe), "resume", "profile.yaml", "-f", "pdf,md")
    assert resume.returncode == 0, resume.stderr
    assert (work / "output" / "your-name" / "resume.pdf").read_bytes().startswith(b"%PDF")
