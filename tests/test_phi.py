"""Patient data (PHI) is flagged wherever documents are made, and ``--strict`` refuses it.

The detector (:mod:`toolkit.privacy.phi`) is one implementation used by ``check``,
``resume``, ``letter``, ``interview``, ``packet`` and the studio.
"""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import pytest

import toolkit
from tests.test_cli import run
from toolkit.errors import InputError
from toolkit.privacy import find_phi, phi_findings

ROOT = Path(__file__).resolve().parent.parent
POSTING = ROOT / "examples" / "posting-roi-specialist.txt"

FLAGGED = [
    # record numbers, dates of birth, Social Security numbers
    ("Corrected the chart for MRN 00482913 after a misfile.", "a medical record number"),
    ("Fixed chart #551208 for a misfiled consent form.", "a medical record number"),
    ("Verified DOB: 3/14/1962 before the release.", "a date of birth"),
    ("Fixed a duplicate born on March 14, 1962 in the MPI.", "a date of birth"),
    ("Corrected SSN 123-45-6789 on an intake form.", "what looks like a Social Security number"),
    ("Corrected SSN ending 6789 on 12 intake forms.", "part of a Social Security number"),
    ("Released records for John Carter, 04/12/1961, to his attorney.", "a name next to a date"),
    # a patient named
    ("Helped patient Maria Gomez book a follow-up visit.", "a patient's name"),
    ("Abstracted the record of patient Robert Hall after his stroke.", "a patient's name next to"),
    ("Merged the records of pt. J.D. after her HIV test.", "a patient's name next to"),
    # a person's name next to a condition, a test result, a diagnosis or a treatment
    ("Flagged Mr. Lee's diabetes follow-up for the coding team.", "a person's name next to"),
    ("Requested Jane Doe's lab results from the outside clinic.", "a person's name next to"),
    ("Scheduled dialysis for Mr. Lopez three times a week.", "a person's name next to"),
    ("Coordinated chemotherapy for Jane Doe across two sites.", "a person's name next to"),
    ("Released the chart of Jane Doe (diabetic) to her new clinic.", "a person's name next to"),
    ("Logged Jane Doe (HIV+) into the state registry.", "a person's name next to"),
    ("Tracked Ana Ruiz, who has COPD, through 3 readmissions.", "a person's name next to"),
    ("Filed the biopsy results for Mrs. Green within 24 hours.", "a person's name next to"),
    ("Diagnosed Tom Baker with hypertension during the pilot.", "a person's name next to"),
    ("Mr. Lee, a patient with diabetes, asked for his chart.", "a person's name next to"),
]

GENERIC = [
    "Verified patient identity with two identifiers before every release.",
    "Checked date of birth and address before creating any chart.",
    "Matched name, DOB and MRN on 4,800 duplicate records in the MPI.",
    "Built a match-scoring sheet (name, DOB, SSN last four, address) for duplicates.",
    "Registered 60 patients a day with insurance verification in Epic.",
    "Cut patient portal access requests with a new workflow.",
    "Coded diabetes and hypertension encounters with 96% accuracy.",
    "Worked with Dr. Patel's oncology team to close 200 deficiencies.",
    "Supported Riverbend Regional's cancer center with ROI for 40 clinics.",
    "Built order sets in Epic Beacon (oncology) for 12 clinics.",
    "Patient Access Representative at Mercy Hospital, 2019 to 2021.",
    "Served on the Patient Safety Committee for 2 years.",
    "Ran weekly dialysis reports for Dana Rivera, the HIM manager.",
    "Trained Jane Doe and Sam Lee on Epic Chart Completion in 3 weeks.",
    "Reviewed 120 charts of diabetic patients a month for HCC capture.",
    "Answered 2,300 requests from 2021-03-01 to 2022-05-31.",
    "Reported to Mr. Allen, Director of HIM, on the chemotherapy billing audit.",
    "Covered for Ms. Rivera, the ROI lead, during the cancer registry audit.",
]


def _profile(*bullets: str) -> str:
    lines = "".join(f"      - {json.dumps(b)}\n" for b in bullets)
    return (
        "basics:\n  name: Pat Example\n  email: pat@example.com\n"
        "experience:\n  - employer: Riverbend Clinic\n    title: ROI Specialist\n"
        "    start: 2021-01\n    highlights:\n" + lines
    )


@pytest.mark.parametrize(("text", "what"), FLAGGED)
def test_each_shape_of_patient_data_is_flagged(text: str, what: str) -> None:
    (found,) = phi_findings(toolkit.parse_profile(_profile(text)))
    assert what in found.message
    assert found.field == "experience[0].highlights[0]"
    assert found.severity == "warning"
    assert "without identifying anyone" in (found.hint or "")
    assert found.value is not None
    assert found.value.strip("…") in text  # the words matched, whole


@pytest.mark.parametrize("text", GENERIC)
def test_generic_wording_about_identifiers_is_not_flagged(text: str) -> None:
    assert find_phi(text) == []


def test_the_example_profiles_hold_no_patient_data() -> None:
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        assert phi_findings(toolkit.load_profile(path)) == [], path.name


def test_findings_carry_the_line_of_the_text(tmp_path: Path) -> None:
    text = textwrap.dedent(
        """\
        basics:
          name: Pat Example
          summary: Five years in release of information.
        experience:
          - employer: Riverbend Clinic
            title: ROI Specialist
            highlights:
              - Processed 1,100 requests a month.
              - text: Scheduled dialysis for Mr. Lopez three times a week.
                tags: [roi]
        volunteer:
          - organization: Food Bank
            summary: Drove Mrs. Green to her chemotherapy every Friday.
        """
    )
    (tmp_path / "p.yaml").write_text(text)
    loaded = toolkit.read_profile(tmp_path / "p.yaml")
    found = phi_findings(loaded.value, loaded.position)
    assert [(i.field, i.line) for i in found] == [
        ("experience[0].highlights[1]", 9),
        ("volunteer[0].summary", 13),
    ]


# --- every command that makes a document ------------------------------------------------------

PHI_PROFILE = _profile(
    "Corrected the chart for MRN 00482913 after a misfile.",
    "Processed 1,100 release-of-information requests a month.",
)


@pytest.fixture
def phi_file(tmp_path: Path) -> Path:
    path = tmp_path / "profile.yaml"
    path.write_text(PHI_PROFILE)
    return path


COMMANDS = {
    "resume": ["resume", "{profile}", "-f", "md"],
    "letter": ["letter", "{profile}", "--job", str(POSTING), "-f", "md"],
    "interview": ["interview", "{profile}", "--job", str(POSTING), "-f", "md"],
    "packet": ["packet", "{profile}", str(POSTING)],
}


@pytest.mark.parametrize("command", list(COMMANDS))
def test_each_command_shows_the_warning_and_still_writes(
    command: str, phi_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    args = [a.format(profile=phi_file) for a in COMMANDS[command]]
    result = run(*args, "-o", str(out), columns=400)
    assert result.returncode == 0, result.stderr
    assert "this looks like a medical record number" in result.stderr
    assert "MRN 00482913" in result.stderr
    assert "9:9" in result.stderr  # the bullet's line and column in the profile
    assert any(p.is_file() for p in out.rglob("*"))


@pytest.mark.parametrize("command", list(COMMANDS))
def test_strict_refuses_and_writes_nothing(command: str, phi_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = [a.format(profile=phi_file) for a in COMMANDS[command]]
    result = run(*args, "-o", str(out), "--strict", columns=400)
    assert result.returncode == 1
    assert "this looks like a medical record number" in result.stderr
    assert "with --strict nothing is written" in result.stderr
    assert not out.exists() or not any(p.is_file() for p in out.rglob("*"))


def test_strict_passes_a_clean_profile(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text(_profile("Processed 1,100 requests a month."))
    result = run(
        "resume", str(tmp_path / "p.yaml"), "-f", "md", "-o", str(tmp_path / "o"), "--strict"
    )
    assert result.returncode == 0, result.stderr
    assert "looks like" not in result.stderr


def test_the_letter_files_own_paragraphs_are_checked(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text(_profile("Processed 1,100 requests a month."))
    (tmp_path / "letter.yaml").write_text(
        "paragraphs:\n  - I once helped patient Maria Gomez with her diabetes records.\n"
    )
    args = ["letter", str(tmp_path / "p.yaml"), "--job", str(POSTING), "-f", "md"]
    args += ["--letter", str(tmp_path / "letter.yaml"), "-o", str(tmp_path / "o")]
    result = run(*args, columns=400)
    assert result.returncode == 0, result.stderr
    assert "a patient's name next to health information" in result.stderr
    assert "letter.yaml:2:5" in result.stderr
    assert run(*args, "--strict", columns=400).returncode == 1


def test_build_packet_reports_and_strict_raises(tmp_path: Path) -> None:
    from toolkit.batch.packet import build_packet
    from toolkit.postings.extract import load_job

    profile = toolkit.parse_profile(PHI_PROFILE)
    job = load_job(POSTING)
    with pytest.raises(InputError) as caught:
        build_packet(profile, job, out=tmp_path, strict=True, formats=("html",))
    assert "medical record number" in caught.value.issues[0].message
    assert not any(p.is_file() for p in tmp_path.rglob("*"))
    packet = build_packet(profile, job, out=tmp_path, formats=("html",))
    assert [i.message for i in packet.warnings] == ["this looks like a medical record number"]


def test_the_studio_shows_the_warning_on_its_line() -> None:
    from toolkit.studio.work import check_text

    checked = check_text(PHI_PROFILE, "profile.yaml")
    assert checked.profile is not None
    (issue,) = [i for i in checked.issues if "medical record" in i.message]
    assert (issue.severity, issue.line) == ("warning", 9)


def test_check_shows_it_too(phi_file: Path) -> None:
    result = run("check", str(phi_file), columns=400)
    assert "this looks like a medical record number" in result.stderr


def test_a_batch_warns_once_per_profile(tmp_path: Path) -> None:
    (tmp_path / "profile.yaml").write_text(PHI_PROFILE)
    shutil.copy(POSTING, tmp_path / "posting.txt")
    (tmp_path / "batch.yaml").write_text(
        "profiles: [profile.yaml]\npostings: [posting.txt]\nkinds: [resume, letter]\n"
        "formats: [md]\nout: out\n"
    )
    result = run("batch", str(tmp_path / "batch.yaml"), "-j", "1", "-q", columns=400)
    assert result.returncode == 0, result.stderr
    # two items of one profile: the warning is said once, with the file it is about
    assert result.stderr.count("this looks like a medical record number") == 1
    assert "profile.yaml: experience[0].highlights[0]" in result.stderr
    assert any(p.suffix == ".md" for p in (tmp_path / "out").rglob("*"))
