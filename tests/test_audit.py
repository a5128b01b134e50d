"""``toolkit check``: read-back of the rendered files and the content lint."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import toolkit
from tests.test_cli import run
from toolkit.models.options import DocumentOptions
from toolkit.pipeline import build_context, render_context
from toolkit.pipeline.check import audit, lint, read_back

DAY = date(2026, 11, 27)

WEAK = """\
basics:
  name: Pat Weak
experience:
  - employer: Alpha Clinic
    title: Clerk
    start: 2018-01
    end: 2019-01
    highlights:
      - >-
        Handled records for the clinic and did many other things that were assigned to me by
        the office manager, which included filing, scanning, answering phones, helping
        patients at the window, and covering for the front desk whenever anyone was away.
      - Handled phones.
      - Handled scanning of 300 charts a week.
  - employer: Beta Hospital
    title: Records Assistant
    start: 2021-03
    highlights:
      - Indexed 500 documents a day.
custom:
  - id: stuff
    title: Things I Like
    entries: [{title: Chess}]
"""


def findings(text: str) -> list[toolkit.Issue]:
    profile = toolkit.parse_profile(text)
    ctx = build_context(profile, "resume", DocumentOptions())
    return lint(profile, ctx, today=DAY)


def test_lint_finds_each_kind_of_weakness() -> None:
    messages = [i.message for i in findings(WEAK)]
    assert "no email in basics" in messages
    assert "no phone in basics" in messages
    assert "no location in basics" in messages
    assert "no summary" in messages
    assert any(m.startswith("this bullet is long") for m in messages)
    assert sum(m == "this bullet has no number or measurable result" for m in messages) == 2
    assert "3 bullets start with 'handled'" in messages
    assert "a gap of 26 months before this job" in messages
    assert "parsers may not recognise the heading 'Things I Like'" in messages
    assert all(i.hint for i in findings(WEAK))


def test_a_strong_profile_has_few_findings(full_yaml: str) -> None:
    messages = [i.message for i in findings(full_yaml)]
    assert not any("basics" in m for m in messages)
    assert not any("gap" in m or "overlap" in m for m in messages)


def test_overlapping_jobs_are_noted() -> None:
    text = (
        "basics: {name: A, email: a@example.com, phone: '555 0100 123', location: {city: X}}\n"
        "experience:\n  - {employer: E1, title: T, start: 2020-01, end: 2022-06}\n"
        "  - {employer: E2, title: T, start: 2021-01, end: 2023-01}\n"
    )
    assert any("overlaps the one before by 17 months" in i.message for i in findings(text))


def test_findings_carry_profile_lines(write) -> None:  # type: ignore[no-untyped-def]
    path = write("weak.yaml", WEAK)
    loaded = toolkit.read_profile(path)
    found = audit(loaded.value, locate=loaded.position, today=DAY)
    by_message = {i.message: i for i in found}
    assert by_message["3 bullets start with 'handled'"].line == 9
    assert by_message["a gap of 26 months before this job"].line == 17
    assert by_message["parsers may not recognise the heading 'Things I Like'"].line == 22
    assert all(i.file == str(path) for i in found)
    assert not [i for i in found if i.severity == "error"]  # the rendered files read back


def test_read_back_catches_a_lost_fact(full_yaml: str) -> None:
    profile = toolkit.parse_profile(full_yaml)
    ctx = build_context(profile, "resume", DocumentOptions())
    pdf = render_context(ctx, "pdf")
    assert read_back(profile, ctx, {"pdf": pdf}) == []
    lossy = profile.model_copy(
        update={"basics": profile.basics.model_copy(update={"email": "someone.else@example.com"})}
    )
    lost = read_back(lossy, ctx, {"pdf": pdf})  # the PDF still holds the old address
    assert [(i.severity, i.field) for i in lost] == [("error", "basics.email")]


@pytest.mark.parametrize(
    "example", ["mid-rhit.yaml", "senior-supervisor.yaml", "entry-career-changer.yaml"]
)
def test_cli_check_on_the_examples(example: str) -> None:
    result = run("check", f"examples/{example}", columns=160)
    assert result.returncode == 0, result.stderr
    assert "a parser reads back every name, contact, employer, title and date" in result.stdout


def test_cli_check_exits_1_when_a_parser_would_lose_something(tmp_path: Path) -> None:
    # U+E000 is a private-use character no font draws: the PDF cannot give the name back.
    (tmp_path / "p.yaml").write_text('basics:\n  name: "Pat \\ue000 Lost"\n')
    result = run("check", str(tmp_path / "p.yaml"), columns=160)
    assert result.returncode == 1
    assert "does not give back the name" in result.stderr


@pytest.mark.parametrize(
    ("bullet", "what"),
    [
        ("Corrected the chart for MRN 00482913 after a misfile.", "a medical record number"),
        (
            "Released records for John Carter, 04/12/1961, to his attorney.",
            "a name next to a date of birth",
        ),
        ("Verified DOB: 3/14/1962 before release.", "a date of birth"),
        (
            "Helped patient Maria Gomez with her diabetes records.",
            "a patient's name next to health information",
        ),
        ("Fixed SSN 123-45-6789 on an intake form.", "what looks like a Social Security number"),
    ],
)
def test_phi_lint_flags_patient_data(bullet: str, what: str) -> None:
    from toolkit.pipeline.check import phi_findings

    profile = toolkit.parse_profile(
        "basics: {name: A}\nexperience:\n  - employer: E\n    title: T\n    highlights:\n"
        f"      - {bullet!r}\n".replace("'", '"')
    )
    (issue,) = phi_findings(profile)
    assert issue.message == f"this looks like {what}"
    assert issue.field == "experience[0].highlights[0]"


@pytest.mark.parametrize(
    "bullet",
    [
        "Registered 60 patients a day with insurance verification in Epic.",
        "Merged 4,800 duplicate patient records in the MPI.",
        "Cut patient portal access requests with a new workflow.",
        "Answered 2,300 requests from 2021-03-01 to 2022-05-31.",
    ],
)
def test_phi_lint_leaves_ordinary_bullets_alone(bullet: str) -> None:
    from toolkit.pipeline.check import phi_findings

    profile = toolkit.parse_profile(
        "basics: {name: A}\nexperience:\n  - employer: E\n    title: T\n    highlights:\n"
        f"      - {bullet!r}\n".replace("'", '"')
    )
    assert phi_findings(profile) == []
