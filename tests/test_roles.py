"""Role packs: loading with located errors, the shipped packs, roles commands, gap and init."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

import toolkit
from tests.test_cli import run
from toolkit import InputError
from toolkit.documents.gap import build_gap_report
from toolkit.formats import render as render_format
from toolkit.matching.facts import years_of_experience
from toolkit.roles import BUILTIN_PACKS, load_pack, pack_ids, read_pack_folder

MINI = Path(__file__).parent / "testdata" / "roles" / "mini-pack"
DAY = date(2026, 11, 27)


@pytest.fixture
def mini_copy(tmp_path: Path) -> Path:
    target = tmp_path / "mini-pack"
    shutil.copytree(MINI, target)
    return target


# --- loading --------------------------------------------------------------------------------


def test_a_pack_is_several_files_merged() -> None:
    pack = read_pack_folder(MINI)
    assert [lv.id for lv in pack.levels] == ["junior", "senior"]
    assert pack.skill_or_system("epic").name == "Epic"
    assert pack.credential("rhit").issuer == "AHIMA"
    assert pack.questions[0].id == "beh-backlog"


@pytest.mark.parametrize(
    ("file", "old", "new", "fragment", "field"),
    [
        (
            "questions.yaml",
            "skills: [release-of-information]",
            "skills: [roi-work]",
            "there is no skill or system 'roi-work'",
            "questions[0].skills[0]",
        ),
        (
            "pack.yaml",
            "credentials: {preferred: [cca]}",
            "credentials: {preferred: [ccx]}",
            "there is no credential 'ccx'",
            "levels[0].credentials.preferred[0]",
        ),
        (
            "skills.yaml",
            "aliases: [Epic Systems, EpicCare]",
            "aliases: [Epic Systems, ROI]",
            "'ROI' already names 'release-of-information'",
            "systems[0].aliases[1]",
        ),
        ("pack.yaml", "years: {min: 4, max: 7}", "years: {min: 0, max: 7}", None, None),
        (
            "skills.yaml",
            "{id: icd-10-cm,",
            "{id: release-of-information,",
            "the id 'release-of-information' is used twice",
            "skills[1].id",
        ),
        (
            "pack.yaml",
            "  - level: junior",
            "  - level: middle",
            "there is no level 'middle'",
            "jd_presets[0].level",
        ),
    ],
)
def test_broken_packs_get_located_errors(
    mini_copy: Path, file: str, old: str, new: str, fragment: str | None, field: str | None
) -> None:
    path = mini_copy / file
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    if fragment is None:  # a change that is still valid (levels may share a minimum)
        read_pack_folder(mini_copy)
        return
    with pytest.raises(InputError) as exc:
        read_pack_folder(mini_copy)
    (issue,) = exc.value.errors
    assert fragment in issue.message
    assert issue.field == field
    assert issue.file == str(path)
    assert issue.line is not None
    assert text.replace(old, new, 1).splitlines()[issue.line - 1].strip()


def test_levels_must_go_up(mini_copy: Path) -> None:
    path = mini_copy / "pack.yaml"
    path.write_text(path.read_text().replace("years: {min: 0, max: 2}", "years: {min: 5, max: 9}"))
    with pytest.raises(InputError) as exc:
        read_pack_folder(mini_copy)
    assert "levels go from the first job up" in exc.value.errors[0].message


def test_a_key_in_two_files_is_refused(mini_copy: Path) -> None:
    (mini_copy / "zz-more.yaml").write_text("questions: []\n")
    with pytest.raises(InputError) as exc:
        read_pack_folder(mini_copy)
    (issue,) = exc.value.errors
    assert issue.message == "'questions' is already given in questions.yaml"
    assert issue.file == str(mini_copy / "zz-more.yaml")
    assert issue.line == 1


def test_user_packs_are_found_by_folder_and_env(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(MINI, tmp_path / "packs" / "mini-pack")
    assert "mini-pack" in pack_ids([tmp_path / "packs"])
    monkeypatch.setenv("TOOLKIT_ROLE_PACKS", str(tmp_path / "packs"))
    assert load_pack("mini-pack").id == "mini-pack"
    with pytest.raises(toolkit.NotFoundError, match="no role pack 'nope'; packs: mini-pack"):
        load_pack("nope")


# --- the shipped packs ----------------------------------------------------------------------

SHIPPED = sorted(p.name for p in BUILTIN_PACKS.iterdir() if (p / "pack.yaml").is_file())


@pytest.mark.parametrize("pack_id", SHIPPED)
def test_every_shipped_pack_validates(pack_id: str) -> None:
    pack = load_pack(pack_id)
    assert pack.attribution(), "a pack names its sources"
    assert [lv.years.min for lv in pack.levels] == sorted(lv.years.min for lv in pack.levels)
    assert {p.level for p in pack.jd_presets} == {lv.id for lv in pack.levels}


def test_medical_records_pack_has_what_the_role_needs() -> None:
    pack = load_pack("medical-records-specialist")
    assert [lv.id for lv in pack.levels] == [
        "junior",
        "specialist",
        "senior",
        "supervisor",
        "manager",
        "director",
    ]
    medians = [lv.pay.median for lv in pack.levels if lv.pay]
    assert medians == [38000, 46000, 55000, 63000, 75000, 92000]
    assert len(pack.skills) + len(pack.systems) >= 60
    abbreviations = {c.abbreviation for c in pack.credentials}
    assert {
        "RHIT",
        "RHIA",
        "CCA",
        "CCS",
        "CCS-P",
        "CPC",
        "CRC",
        "CDIP",
        "CHDA",
        "CHPS",
        "CTR",
        "CMAA",
        "CEHRS",
    } <= abbreviations
    assert len(pack.questions) >= 100
    assert {q.kind for q in pack.questions} == {
        "behavioral",
        "technical",
        "compliance",
        "situational",
        "leadership",
    }
    assert len(pack.questions_to_ask) >= 10
    assert any("CC BY 4.0" in (s.licence or "") and "O*NET" in s.name for s in pack.sources)
    related = {r.id for r in pack.related_roles}
    assert {
        "medical-records-clerk",
        "roi-specialist",
        "health-records-technician",
        "medical-records-administrator",
    } <= related

    def spellings(item_id: str) -> set[str]:
        item = pack.skill_or_system(item_id)
        return {a.casefold() for a in [item.name, *item.aliases]}

    assert {"icd-10", "icd10"} <= spellings("icd-10-cm")
    assert "roi" in spellings("release-of-information")
    assert {"emr", "electronic health record"} <= spellings("ehr")
    assert "oracle health" in spellings("cerner")
    assert "epic systems" in spellings("epic")


def test_no_cpt_descriptors_are_shipped() -> None:
    """Five-digit CPT codes with their descriptions are AMA copyright: none in any pack."""
    import re

    for path in BUILTIN_PACKS.rglob("*.yaml"):
        assert not re.search(r"\b\d{4}[0-9F]\b\s*[-:\u2013]\s*[A-Z][a-z]", path.read_text()), path


# --- commands -------------------------------------------------------------------------------


def test_roles_list_and_show() -> None:
    listed = run("roles", "list", columns=160)
    assert listed.returncode == 0, listed.stderr
    assert "medical-records-specialist" in listed.stdout
    shown = run("roles", "show", "medical-records-specialist", columns=160)
    assert shown.returncode == 0, shown.stderr
    assert "Director of Medical Records" in shown.stdout
    assert "O*NET" in shown.stdout  # the CC BY 4.0 attribution
    level = run("roles", "show", "medical-records-specialist", "--level", "senior", columns=160)
    assert "estimate" in level.stdout
    assert "to adjust to your market" in level.stdout


def test_roles_show_json() -> None:
    result = run("roles", "show", "medical-records-specialist", "--json")
    data = json.loads(result.stdout)
    assert {"levels", "skills", "credentials", "questions", "attribution"} <= set(data)
    one = json.loads(
        run("roles", "show", "medical-records-specialist", "--level", "junior", "--json").stdout
    )
    assert [lv["id"] for lv in one["levels"]] == ["junior"]
    assert all("junior" in q["levels"] for q in one["questions"])


def test_unknown_pack_or_level_is_a_user_error() -> None:
    result = run("roles", "show", "astronaut")
    assert result.returncode == 1
    assert "no role pack 'astronaut'" in result.stderr
    result = run("roles", "show", "medical-records-specialist", "--level", "emperor")
    assert result.returncode == 1
    assert "levels: junior, specialist, senior" in result.stderr


# --- gap report -----------------------------------------------------------------------------

PROFILE = """\
basics:
  name: Gap Tester
  summary: Knows HIPAA and wants to learn ICD-10 coding.
experience:
  - employer: A Clinic
    title: Records Clerk
    start: 2021-01
    end: 2022-12
    highlights:
      - Processed 40 release-of-information requests a day in Epic.
  - employer: B Hospital
    title: ROI Specialist
    start: 2022-06
    end: 2023-06
credentials:
  - {name: Certified Coding Associate (CCA), status: in progress}
"""


def test_gap_statuses_evidence_and_score() -> None:
    pack = read_pack_folder(MINI)
    report = build_gap_report(toolkit.parse_profile(PROFILE), pack, "senior", document_date=DAY)
    status = {s.id: s.status for s in report.skills}
    assert status == {
        "release-of-information": "met",  # a bullet shows it
        "icd-10-cm": "partial",  # only the summary mentions it
        "hipaa-privacy-rule": "partial",
        "team-supervision": "missing",
        "epic": "met",
    }
    roi = next(s for s in report.skills if s.id == "release-of-information")
    assert roi.evidence[0].startswith("Records Clerk, A Clinic: Processed 40")
    creds = {c.id: (c.status, c.need) for c in report.credentials}
    assert creds == {"rhit": ("missing", "required"), "cca+rhit": ("partial", "one of")}
    assert report.years == 2.5  # 2021-01 .. 2023-06, overlap counted once
    assert report.experience.status == "partial"
    skills = (2 + 0.5 * 2) / 5
    credentials = (0 + 0.5) / 2
    experience = 2.5 / 4
    assert report.score == round(100 * (0.6 * skills + 0.25 * credentials + 0.15 * experience))
    titles = [s.title for s in report.next_steps]
    assert titles[0] == "Earn RHIT (required)"
    assert "accredited associate program" in report.next_steps[0].detail
    assert any("Team supervision" in s.detail for s in report.next_steps)
    assert not any("Gap Tester" in s.detail for s in report.next_steps)


def test_years_of_experience_counts_current_jobs_to_today() -> None:
    profile = toolkit.parse_profile(
        "basics: {name: A}\nexperience: [{employer: E, title: T, start: 2020-11}]\n"
    )
    assert years_of_experience(profile, date(2026, 11, 1)) == 6.0


@pytest.mark.parametrize("fmt", ["html", "md", "json", "pdf"])
def test_gap_report_formats(fmt: str) -> None:
    report = build_gap_report(
        toolkit.parse_profile(PROFILE), read_pack_folder(MINI), "senior", document_date=DAY
    )
    data = render_format(report, fmt)
    if fmt == "html":
        html = data.decode()
        assert "<svg" in html
        assert "<script" not in html
        assert 'aria-label="Readiness' in html
        assert "not in your profile — add it only if true" in html
    elif fmt == "json":
        parsed = json.loads(data)
        assert parsed["score"] == report.score
        assert parsed["skills"][0]["status"] == "met"
    elif fmt == "md":
        assert data.decode().startswith("# Gap Tester: readiness for Senior Records Tester")
    else:
        assert data.startswith(b"%PDF")


def test_gap_command_prints_and_writes(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text(PROFILE)
    result = run(
        "gap",
        str(profile),
        "--role",
        str(MINI),
        "--level",
        "senior",
        "-f",
        "html,md",
        "-o",
        str(tmp_path / "out"),
        columns=160,
    )
    assert result.returncode == 0, result.stderr
    assert "readiness" in result.stdout
    assert "Earn RHIT (required)" in result.stdout
    written = sorted(p.name for p in (tmp_path / "out" / "gap-tester").glob("gap-*"))
    assert written == ["gap-mini-pack-senior.html", "gap-mini-pack-senior.md"]


def test_gap_on_an_example_profile() -> None:
    result = run(
        "gap",
        "examples/mid-rhit.yaml",
        "--role",
        "medical-records-specialist",
        "--level",
        "senior",
        columns=160,
    )
    assert result.returncode == 0, result.stderr
    assert "readiness" in result.stdout
    assert "O*NET" in result.stdout


# --- role-aware starter ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "level", ["junior", "specialist", "senior", "supervisor", "manager", "director"]
)
def test_init_for_a_role_validates_and_marks_examples(tmp_path: Path, level: str) -> None:
    result = run("init", "--role", "medical-records-specialist", "--level", level, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "profile.yaml").read_text()
    assert "[EXAMPLE - replace]" in text
    checked = run("validate", "profile.yaml", cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    audit = run("check", "profile.yaml", cwd=tmp_path, columns=200)
    assert audit.returncode == 1  # the examples are still there
    assert "example text from the starter profile is still here" in audit.stderr


def test_init_role_needs_both_options(tmp_path: Path) -> None:
    result = run("init", "--role", "medical-records-specialist", cwd=tmp_path)
    assert result.returncode == 2
    assert "give --role and --level together" in result.stderr


def test_a_longer_term_does_not_count_for_a_shorter_one() -> None:
    from toolkit.matching.evidence import mentions, shadows

    words = ["CCS", "CCS-P", "ICD-10", "ICD-10-PCS", "HIPAA", "HIPAA Security"]
    assert mentions("Earned the CCS-P in 2020", ["CCS"], shadows(["CCS"], words)) is None
    assert mentions("CCS and CCS-P", ["CCS"], shadows(["CCS"], words)) == "CCS"
    assert mentions("ICD-10-PCS for inpatients", ["ICD-10"], shadows(["ICD-10"], words)) is None
    assert mentions("icd 10 cm", ["ICD-10"], shadows(["ICD-10"], words)) == "ICD-10"
    assert mentions("Trained staff on HIPAA security", ["HIPAA"], shadows(["HIPAA"], words)) is None


def test_a_full_credential_name_counts_only_for_itself() -> None:
    from toolkit.matching.facts import credential_status, vocabulary

    pack = load_pack("medical-coder")
    held = list(
        toolkit.parse_profile(
            "basics: {name: A}\ncredentials:\n"
            "  - {name: 'Certified Coding Specialist - Physician-based (CCS-P)'}\n"
        ).credentials
    )
    words = vocabulary(pack)
    assert credential_status(pack.credential("ccs-p"), held, words)[0] == "met"
    assert credential_status(pack.credential("ccs"), held, words)[0] == "missing"


def test_a_system_proves_the_broader_skill_it_satisfies(mini_copy: Path) -> None:
    path = mini_copy / "skills.yaml"
    text = (
        path.read_text()
        .replace(
            "  - {id: team-supervision,",
            "  - {id: ehr, name: EHR work, category: systems, aliases: [EMR]}\n"
            "  - {id: team-supervision,",
        )
        .replace(
            "category: systems, aliases: [Epic Systems, EpicCare]}",
            "category: systems, aliases: [Epic Systems, EpicCare], satisfies: [ehr]}",
        )
    )
    path.write_text(text)
    (mini_copy / "pack.yaml").write_text(
        (mini_copy / "pack.yaml")
        .read_text()
        .replace(
            "skills: [release-of-information, hipaa-privacy-rule, epic]",
            "skills: [release-of-information, hipaa-privacy-rule, ehr]",
        )
    )
    pack = read_pack_folder(mini_copy)
    report = build_gap_report(toolkit.parse_profile(PROFILE), pack, "junior", document_date=DAY)
    ehr = next(s for s in report.skills if s.id == "ehr")
    assert ehr.status == "met"
    assert "Epic" in ehr.evidence[0]


def test_preferred_one_of_groups(mini_copy: Path) -> None:
    path = mini_copy / "pack.yaml"
    path.write_text(
        path.read_text().replace(
            "credentials: {preferred: [cca]}", "credentials: {preferred_any_of: [[cca, rhit]]}"
        )
    )
    pack = read_pack_folder(mini_copy)
    profile = toolkit.parse_profile("basics: {name: A}\ncredentials: [{name: RHIT}]\n")
    report = build_gap_report(profile, pack, "junior", document_date=DAY)
    assert [(c.name, c.need, c.status) for c in report.credentials] == [
        ("CCA or RHIT", "preferred", "met")
    ]
    assert report.parts["credentials"] == 100


def test_example_text_is_never_evidence(tmp_path: Path) -> None:
    from toolkit.starters.role import role_starter

    pack = load_pack("medical-records-specialist")
    text = role_starter(pack, "specialist", today=DAY)
    profile = toolkit.parse_profile(text)
    report = build_gap_report(profile, pack, "specialist", document_date=DAY)
    assert all(not e for s in report.skills for e in s.evidence if "EXAMPLE" in e)
    assert report.counts["met"] == 0
    assert 2.5 <= report.years <= 3.5  # the example jobs span the level's typical years


def test_a_folder_without_pack_yaml_says_so(tmp_path: Path) -> None:
    with pytest.raises(toolkit.NotFoundError, match="not a role pack"):
        read_pack_folder(tmp_path)


def test_dashes_of_every_kind_match() -> None:
    from toolkit.matching.evidence import mentions

    assert mentions("ICD\u201310\u2013CM coding", ["ICD-10-CM"]) == "ICD-10-CM"
    assert mentions("MPI clean-up project", ["MPI cleanup"]) == "MPI cleanup"
