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
    # a scaffold's pay is an estimate: said in the YAML, never in what is built
    estimate = "PAY IS AN ESTIMATE" in jd.read_text()
    for path in (tmp_path / "out").rglob("*"):
        if path.suffix in (".html", ".md", ".json"):
            text = path.read_text()
            for note in ("Estimate", "estimate", "local market", "Your Organization"):
                assert note not in text, (path.name, note)
    assert "not ready to publish" in built.stderr  # no how to apply
    assert ("(pay.estimate)" in built.stderr) == estimate


def test_without_org_lint_fails_and_build_warns(tmp_path: Path) -> None:
    jd = tmp_path / "jd.yaml"
    made = run("jd", "new", "--role", "medical-coder", "--level", "coder", "-o", str(jd))
    assert made.returncode == 0, made.stderr
    linted = run("jd", "lint", str(jd), columns=220)
    assert linted.returncode == 1, linted.stdout + linted.stderr
    printed = linted.stdout + linted.stderr
    for finding in ("'Your Organization'", "no location", "how to apply"):
        assert finding in printed, finding
    built = run("jd", "build", str(jd), "-f", "html", "-o", str(tmp_path / "out"), columns=220)
    assert built.returncode == 0, built.stderr
    warnings = [line for line in built.stderr.splitlines() if "not ready to publish" in line]
    assert len(warnings) == 3, built.stderr
    assert "Your Organization" in warnings[0]
    assert "(location)" in warnings[1]
    assert "(how_to_apply)" in warnings[2]


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
