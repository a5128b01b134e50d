"""The application packet, and letters and interview sheets through the CLI and render()."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

import toolkit
from tests.test_cli import ROOT, run

DAY = date(2026, 11, 27)


@pytest.fixture(scope="module")
def packet_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    result = run(
        "packet",
        "examples/mid-rhit.yaml",
        "examples/posting-roi-specialist.txt",
        "--letter",
        "examples/letters/roi-specialist.yaml",
        "-o",
        str(out),
        "--date",
        "2026-11-27",
        columns=200,
    )
    assert result.returncode == 0, result.stderr
    (folder,) = (out / "marcus-t-bell" / "packets").iterdir()
    return folder


def test_packet_holds_every_document_and_a_manifest(packet_dir: Path) -> None:
    names = sorted(p.name for p in packet_dir.iterdir() if not p.name.startswith("."))
    assert names == [
        "cover-letter.docx",
        "cover-letter.pdf",
        "interview.docx",
        "interview.pdf",
        "manifest.json",
        "match.html",
        "match.md",
        "resume.docx",
        "resume.pdf",
    ]
    manifest = json.loads((packet_dir / "manifest.json").read_text())
    assert manifest["id"] == packet_dir.name
    assert manifest["id"].startswith("2026-11-27-lakeshore-valley-medical-center-release")
    assert manifest["company"] == "Lakeshore Valley Medical Center"
    assert manifest["role"] == "Release of Information Specialist"
    assert manifest["status"] == "draft"
    assert manifest["toolkit_version"] == toolkit.__version__
    profile_hash = manifest["inputs"]["profile"]["sha256"]
    import hashlib

    expected = hashlib.sha256((ROOT / "examples" / "mid-rhit.yaml").read_bytes()).hexdigest()
    assert profile_hash == expected
    assert manifest["outputs"] == [n for n in names if n != "manifest.json"]
    assert len(PdfReader(str(packet_dir / "cover-letter.pdf")).pages) == 1
    assert len(PdfReader(str(packet_dir / "resume.pdf")).pages) <= 2
    assert any("bullets reordered" in c for c in manifest["tailoring"])


def test_packets_list_and_status(packet_dir: Path) -> None:
    out = packet_dir.parent.parent.parent
    listed = run("packets", "list", str(out), columns=250)
    assert listed.returncode == 0, listed.stderr
    assert "Lakeshore Valley Medical Center" in listed.stdout
    assert "draft" in listed.stdout
    changed = run("packets", "status", packet_dir.name[:20], "applied", "-o", str(out))
    assert changed.returncode == 0, changed.stderr
    manifest = json.loads((packet_dir / "manifest.json").read_text())
    assert manifest["status"] == "applied"
    assert [h["status"] for h in manifest["history"]] == ["draft", "applied"]
    bad = run("packets", "status", packet_dir.name, "hired", "-o", str(out))
    assert bad.returncode == 1
    assert "unknown status 'hired'" in bad.stderr


def test_letter_and_interview_are_kinds_of_render() -> None:
    profile = toolkit.load_profile(ROOT / "examples" / "mid-rhit.yaml")
    job = toolkit.load_job(ROOT / "examples" / "posting-roi-specialist.txt")
    letter = toolkit.render(profile, "letter", "txt", job=job, document_date=DAY).decode()
    assert "Release of Information Specialist" in letter
    sheet = toolkit.render(
        profile, "interview", "md", job=job, document_date=DAY, kind_options={"count": 4, "seed": 7}
    ).decode()
    assert sheet.count("\n## ") >= 4
    again = toolkit.render(
        profile, "interview", "md", job=job, document_date=DAY, kind_options={"count": 4, "seed": 7}
    ).decode()
    assert again == sheet


def test_letter_and_interview_commands(tmp_path: Path) -> None:
    letter = run(
        "letter",
        "examples/entry-career-changer.yaml",
        "--job",
        "examples/posting-roi-specialist.txt",
        "-f",
        "pdf,md",
        "-o",
        str(tmp_path),
    )
    assert letter.returncode == 0, letter.stderr
    sheet = run(
        "interview",
        "examples/senior-supervisor.yaml",
        "--role",
        "medical-records-specialist",
        "--level",
        "supervisor",
        "--count",
        "5",
        "--seed",
        "3",
        "--tips",
        "-f",
        "md",
        "-o",
        str(tmp_path),
    )
    assert sheet.returncode == 0, sheet.stderr
    folder = tmp_path / "angela-kowalczyk"
    assert (folder / "interview-practice-with-tips.md").read_text().count("\n## ") >= 5
