"""``toolkit jd new|build|lint`` from the command line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.test_cli import run


@pytest.mark.parametrize(
    ("role", "level"), [("medical-records-specialist", "senior"), ("medical-coder", "coder")]
)
def test_new_then_lint_then_build(tmp_path: Path, role: str, level: str) -> None:
    jd = tmp_path / "jd.yaml"
    made = run(
        "jd",
        "new",
        "--role",
        role,
        "--level",
        level,
        "--org",
        "examples/orgs/lakeshore.yaml",
        "-o",
        str(jd),
        columns=200,
    )
    assert made.returncode == 0, made.stderr
    linted = run("jd", "lint", str(jd), columns=200)
    assert "jd lint:" in linted.stdout
    built = run(
        "jd",
        "build",
        str(jd),
        "-f",
        "html,pdf,docx,md,json",
        "-o",
        str(tmp_path / "out"),
        columns=200,
    )
    assert built.returncode == 0, built.stderr
    html = next((tmp_path / "out").rglob("*.html")).read_text()
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert script is not None
    data = json.loads(script.group(1))
    assert data["@type"] == "JobPosting"
    assert data["occupationalCategory"].startswith("29-2072")
    for key in ("title", "description", "datePosted", "hiringOrganization"):
        assert data[key]
    assert "jobLocation" in data or data.get("jobLocationType") == "TELECOMMUTE"


def test_lint_fails_on_errors(tmp_path: Path) -> None:
    jd = tmp_path / "jd.yaml"
    assert (
        run(
            "jd", "new", "--role", "medical-records-specialist", "--level", "junior", "-o", str(jd)
        ).returncode
        == 0
    )
    text = jd.read_text()
    text = re.sub(r"(?ms)^pay:.*?(?=^\S)", "", text)  # drop the pay range
    text = re.sub(r"(?m)^eeo_statement:.*$", "", text)
    text = text.replace("organization:\n", "organization:\n  eeo_statement: null\n", 1)
    jd.write_text(text)
    linted = run("jd", "lint", str(jd), columns=220)
    assert linted.returncode == 1, linted.stdout + linted.stderr
    assert "error" in linted.stdout
