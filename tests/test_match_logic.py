"""The matcher's judgment on small cases a recruiter would call at once: which role pack a
posting is read with, what a credential proves, when study stands in for experience, where
the work was done, and what the match warns about."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import toolkit
from toolkit.matching.match import match_profile
from toolkit.postings.extract import extract, fit_pack
from toolkit.roles import load_pack, pack_ids

ROOT = Path(__file__).resolve().parent.parent
DAY = date(2026, 12, 1)
PACKS = [load_pack(p) for p in pack_ids()]
RECORDS = load_pack("medical-records-specialist")
CODER = load_pack("medical-coder")


def _profile(body: str) -> toolkit.Profile:
    return toolkit.parse_profile("schema_version: 1\nbasics:\n  name: Ada Lowe\n" + body)


def _one(requirement: str, profile: toolkit.Profile, pack: object = RECORDS) -> object:
    job = extract(f"Requirements\n- {requirement}\n", pack)  # type: ignore[arg-type]
    result = match_profile(profile, job, pack, today=DAY)  # type: ignore[arg-type]
    assert len(result.items) == 1, [i.requirement.text for i in result.items]
    return result.items[0]


@pytest.mark.parametrize(
    ("title", "pack_id"),
    [
        ("Clinical Coding Officer", "medical-coder"),  # UK title: the head word decides
        ("Senior Clinical Coder", "medical-coder"),
        ("Health Information Technician - Outpatient Coding", "medical-coder"),
        ("Medical Records Technician (Coder)", "medical-coder"),
        ("Medical Records Technician (ROI)", "medical-records-specialist"),
        ("Data Administrator - Medical Records", "medical-records-specialist"),
        ("Medical Records Manager", "medical-records-specialist"),
        ("Health Records Contact Centre Clerk", "medical-records-specialist"),
    ],
)
def test_the_title_chooses_the_pack(title: str, pack_id: str) -> None:
    text = f"{title}\nRequirements\n- High school diploma\n- Good communication skills\n"
    pack, fit = fit_pack(text, PACKS, title=title)
    assert (pack.id, fit) == (pack_id, "title")


def test_another_profession_fits_no_pack_and_is_matched_word_by_word() -> None:
    posting = ROOT / "tests" / "testdata" / "matching" / "postings" / "senior-software-engineer.txt"
    job = toolkit.load_job(posting)
    assert job.role_fit == "none"
    profile = toolkit.load_profile(ROOT / "examples" / "mid-rhit.yaml")
    result = match_profile(profile, job, load_pack(job.role or ""), today=DAY)
    assert result.score <= 15
    assert any("no role pack fits this posting" in w for w in result.warnings)
    assert all("shows" not in i.reason for i in result.items)  # no pack term was used


def test_two_packs_fitting_equally_is_said() -> None:
    twin = RECORDS.model_copy(update={"id": "records-twin"})
    text = (ROOT / "examples" / "posting-roi-specialist.txt").read_text()
    pack, fit = fit_pack(text, [RECORDS, twin], title="Release of Information Specialist")
    assert fit == "tie"
    job = extract(text, pack).model_copy(update={"role_fit": "tie"})
    profile = toolkit.load_profile(ROOT / "examples" / "mid-rhit.yaml")
    warnings = match_profile(profile, job, pack, today=DAY).warnings
    assert any("more than one role pack" in w and "--role" in w for w in warnings)


CCA = """credentials:
  - name: Certified Coding Associate (CCA)
    status: {status}
"""


def test_a_held_credential_shows_the_knowledge_its_exam_covers() -> None:
    item = _one("Knowledge of medical terminology", _profile(CCA.format(status="active")))
    assert item.status == "met"  # type: ignore[attr-defined]
    assert "your CCA covers it" in item.reason  # type: ignore[attr-defined]
    assert item.evidence.text == "Certified Coding Associate (CCA)"  # type: ignore[attr-defined]


def test_a_credential_is_no_evidence_of_doing_the_work_or_while_only_eligible() -> None:
    doing = _one(
        "Experience using medical terminology daily", _profile(CCA.format(status="active"))
    )
    assert doing.status == "missing"  # type: ignore[attr-defined]
    eligible = _one("Knowledge of medical terminology", _profile(CCA.format(status="eligible")))
    assert eligible.status == "missing"  # type: ignore[attr-defined]


def test_study_offered_in_place_of_experience_is_not_required() -> None:
    text = (
        "Successful completion of a full 4-year course of study leading to a bachelor's degree "
        "may be substituted for specialized experience"
    )
    item = _one(text, _profile("experience: []\n"))
    assert item.requirement.importance == "preferred"  # type: ignore[attr-defined]
    assert "not required" in item.reason  # type: ignore[attr-defined]


CLINIC = """experience:
  - employer: Maple Street Family Practice
    title: Medical Records Coordinator
    start: 2021-05
    end: 2024-08
    highlights:
      - Managed the practice's chart requests, scanning and record retention.
"""


def test_experience_in_another_setting_is_partial_with_the_reason() -> None:
    item = _one("2 years of medical records experience in an acute care hospital", _profile(CLINIC))
    assert item.status == "partial"  # type: ignore[attr-defined]
    assert "none of it in an acute care hospital" in item.reason  # type: ignore[attr-defined]
    hospital = CLINIC.replace("Maple Street Family Practice", "Maple Street Hospital")
    assert (
        _one(
            "2 years of medical records experience in an acute care hospital", _profile(hospital)
        ).status
        == "met"
    )  # type: ignore[attr-defined]


def test_either_of_two_fields_offered_will_do() -> None:
    registration = """experience:
  - employer: Saguaro Family Health Center
    title: Patient Registration Representative
    start: 2022-01
    end: 2025-01
    highlights:
      - Registered 50 patients a day and kept their demographics and insurance accurate.
"""
    text = (
        "At least one year's experience of working in a GP surgery or another healthcare "
        "administration role"
    )
    item = _one(text, _profile(registration))
    assert item.status == "met", item.reason  # type: ignore[attr-defined]


SCHOOL = """education:
  - institution: Western Plains State University
    degree: {degree}
    area: Health Information Management
    end: 2021-12
"""


def test_an_unfinished_degree_is_partial() -> None:
    asked = "Bachelor's degree in Health Information Management"
    done = _one(asked, _profile(SCHOOL.format(degree="Bachelor of Science")))
    assert done.status == "met"  # type: ignore[attr-defined]
    unfinished = _one(asked, _profile(SCHOOL.format(degree="Bachelor of Science (not completed)")))
    assert unfinished.status == "partial"  # type: ignore[attr-defined]
    assert "not finished" in unfinished.reason  # type: ignore[attr-defined]


def test_a_related_programme_of_the_role_is_partial_and_another_field_is_not() -> None:
    asked = "Associate degree in Health Information Technology"
    coding = """education:
  - institution: Prairie State College
    degree: Certificate of Completion
    area: Medical Coding
    end: 2023-12
"""
    item = _one(asked, _profile(coding), CODER)
    assert item.status == "partial"  # type: ignore[attr-defined]
    assert "related programme" in item.reason  # type: ignore[attr-defined]
    other = coding.replace("Medical Coding", "Hospitality Management")
    assert _one(asked, _profile(other), CODER).status == "missing"  # type: ignore[attr-defined]


def test_work_passed_on_or_received_is_not_the_work() -> None:
    routed = """experience:
  - employer: Saguaro Family Health Center
    title: Patient Registration Representative
    start: 2022-09
    end: 2026-06
    highlights:
      - Flagged and routed suspected duplicate patient records to HIM each week.
      - Mentored by the HIM educator through a 90-day onboarding.
"""
    dup = _one("Experience resolving duplicate patient records", _profile(routed))
    assert dup.status == "partial"  # type: ignore[attr-defined]
    assert "passed on to others" in dup.reason  # type: ignore[attr-defined]
    training = _one("Experience training new staff", _profile(routed))
    assert training.status == "missing"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("grade", "level_id"),
    [("Band 3", "junior"), ("Band 5", "senior"), ("Band 8a", "manager"), ("GS 5-7", "junior")],
)
def test_the_pay_grade_sets_the_level_hired_at(grade: str, level_id: str) -> None:
    from toolkit.matching.facts import level_for_posting

    job = extract(
        "Health Records Officer\nRequirements\n- 5 years of records experience\n", RECORDS
    )
    level = level_for_posting(
        RECORDS, job.model_copy(update={"title": "Health Records Officer", "grade": grade})
    )
    assert level is not None
    assert level.id == level_id


def test_a_credential_outside_the_pack_is_found_by_its_name_or_abbreviation() -> None:
    asked = "Certified Release of Information Specialist (CRIS) credential"
    held = _profile("credentials:\n  - name: CRIS\n")
    item = _one(asked, held)
    assert item.status == "met"  # type: ignore[attr-defined]
    assert "Certified Release of Information Specialist" in item.reason  # type: ignore[attr-defined]
    missing = _one(asked, _profile("credentials:\n  - name: RHIT\n"))
    assert "Certified Release of Information Specialist (CRIS)" in missing.reason  # type: ignore[attr-defined]
