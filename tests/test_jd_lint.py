"""The job-description linter: one passing and one failing example per rule, and positions."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from toolkit.errors import Issue
from toolkit.jd.lint import (
    flesch_kincaid_grade,
    gender_words,
    laws,
    lint_jd,
    lint_jd_file,
    syllables,
)
from toolkit.models.jd import JobDescription

TODAY = date(2025, 11, 1)

EEO = (
    "Riverside Clinic is an equal opportunity employer. We consider all qualified applicants "
    "without regard to race, color, religion, sex, national origin, age, disability or "
    "veteran status."
)


def base() -> dict[str, Any]:
    """A clean job description: no errors, no warnings."""
    return {
        "title": "Medical Records Specialist",
        "level": "specialist",
        "organization": {
            "name": "Riverside Clinic",
            "employees": 120,
            "eeo_statement": EEO,
            "accommodation_statement": (
                "If you need an accommodation to apply, email jobs@riverside.example.org."
            ),
        },
        "location": {"city": "Dayton", "region": "OH", "country_code": "US"},
        "pay": {"min": 42000, "max": 52000, "period": "year"},
        "summary": (
            "Riverside Clinic is hiring a medical records specialist for our Dayton office. "
            "You will keep patient charts complete, accurate and private. You will work "
            "with nurses, doctors and the billing team."
        ),
        "responsibilities": [
            "Review charts for missing signatures and dates.",
            "Scan and index paper records into the electronic health record.",
            "Answer requests for records from patients, insurers and other clinics.",
            "Follow privacy rules when you release information.",
            "Keep the release log up to date.",
        ],
        "required_qualifications": [
            "High school diploma or equivalent.",
            "One year of work in a medical office or records room.",
            "Accurate typing and careful attention to detail.",
        ],
        "preferred_qualifications": ["RHIT or CCA credential.", "Experience with Epic."],
        "schedule": "Monday to Friday, 8 am to 4:30 pm.",
        "benefits": [
            "Health, dental and vision plans.",
            "Paid time off from day one.",
            "A 401(k) plan with a match.",
        ],
        "how_to_apply": (
            "Apply at jobs.riverside.example.org with your resume. We reply to every "
            "applicant within two weeks."
        ),
    }


def make(**changes: Any) -> JobDescription:
    """The clean job description with some fields replaced (``None`` removes a field)."""
    data = base()
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return JobDescription.model_validate(data)


def org(**changes: Any) -> dict[str, Any]:
    """The clean organization with some fields replaced (``None`` removes a field)."""
    data: dict[str, Any] = dict(base()["organization"])
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def lint(jd: JobDescription) -> list[Issue]:
    return lint_jd(jd, today=TODAY)


def having(issues: list[Issue], text: str) -> list[Issue]:
    return [i for i in issues if text in i.message]


def with_responsibility(text: str) -> JobDescription:
    return make(responsibilities=[*base()["responsibilities"], text])


# --- the baseline ---------------------------------------------------------------------------


def test_clean_baseline_has_no_findings() -> None:
    assert lint(make()) == []


def test_every_finding_has_a_hint_and_severity() -> None:
    jd = make(pay=None, eeo_statement=None, organization=org(eeo_statement=None))
    issues = lint(jd)
    assert issues
    for issue in issues:
        assert issue.severity in ("error", "warning")
        assert issue.hint
        assert issue.file is None
        assert issue.line is None


# --- rule 0: ready to publish --------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "path", "found"),
    [
        (
            {"organization": org(name="Your Organization")},
            ("organization", "name"),
            "Your Organization",
        ),
        (
            {"how_to_apply": "Apply at [careers page link]."},
            ("how_to_apply",),
            "[careers page link]",
        ),
        (
            {"responsibilities": ["[…]", *base()["responsibilities"]]},
            ("responsibilities", 0),
            "[…]",
        ),
        ({"schedule": "Shifts TBD."}, ("schedule",), "TBD"),
        (
            {"required_qualifications": ["XX years in a records room."]},
            ("required_qualifications", 0),
            "XX",
        ),
        (
            {"pay": {"min": 42000, "max": 52000, "note": "Plus a $X,XXX sign-on bonus."}},
            ("pay", "note"),
            "XXX",
        ),
    ],
    ids=["your-organization", "brackets", "ellipsis", "tbd", "xx", "xxx"],
)
def test_placeholder_is_an_error(
    changes: dict[str, Any], path: tuple[Any, ...], found: str
) -> None:
    [issue] = having(lint(make(**changes)), "placeholder")
    assert issue.severity == "error"
    assert issue.path == path
    assert issue.value == found
    assert found in issue.message
    assert issue.hint
    assert "in place of" in issue.hint or "organization.name" in issue.hint


def test_your_organization_hint_names_the_org_file() -> None:
    [issue] = having(lint(make(organization=org(name="Your Organization"))), "placeholder")
    assert "--org" in (issue.hint or "")


@pytest.mark.parametrize(
    "text",
    [
        "See [our benefits](https://riverside.example.org/benefits).",  # a Markdown link
        "Use Epic, Xerox scanners and ICD-10-CM; a 401(k) and 12 days of PTO.",
        "A TBDS-certified trainer is a plus.",
    ],
)
def test_not_a_placeholder(text: str) -> None:
    assert not having(lint(with_responsibility(text)), "placeholder")


def test_missing_location_is_an_error() -> None:
    [issue] = having(lint(make(location=None)), "no location")
    assert issue.severity == "error"
    assert issue.path == ("location",)
    assert "city:" in (issue.hint or "")
    assert "--org" in (issue.hint or "")
    hybrid = make(location=None, work_mode="hybrid")
    assert having(lint(hybrid), "no location")


def test_the_organizations_location_is_enough() -> None:
    place = {"city": "Dayton", "region": "OH", "country_code": "US"}
    assert not having(lint(make(location=None, organization=org(location=place))), "location")


def test_remote_job_says_where_hires_may_live() -> None:
    [issue] = having(lint(make(location=None, work_mode="remote")), "where hires may live")
    assert issue.severity == "warning"
    assert issue.path == ("remote_regions",)
    assert "remote_regions" in (issue.hint or "")
    assert not having(
        lint(make(location=None, work_mode="remote", remote_regions=["Ohio"])), "live"
    )


def test_drafting_pay_note_is_flagged() -> None:
    note = (
        "Estimate from the career guide's US median for this level, plus or minus 15%: "
        "adjust to your local market"
    )
    [issue] = having(lint(make(pay={"min": 42000, "max": 52000, "note": note})), "drafting note")
    assert issue.path == ("pay", "note")
    assert "delete 'note:'" in (issue.hint or "")
    assert not having(lint(make(pay={"min": 1, "max": 2, "note": "Plus shift pay."})), "drafting")


# --- rule 1: pay ----------------------------------------------------------------------------


def test_missing_pay_is_an_error() -> None:
    issues = lint(make(pay=None))
    [issue] = having(issues, "no pay range")
    assert issue.severity == "error"
    assert issue.path == ("pay",)


def test_pay_transparency_colorado_names_the_law() -> None:
    jd = make(pay=None, location={"city": "Denver", "region": "CO", "country_code": "US"})
    issues = lint(jd)
    [law] = having(issues, "Colorado")
    assert law.severity == "error"
    assert "Equal Pay for Equal Work Act" in law.message
    assert law.path == ("location", "region")
    assert law.value == "CO"
    assert "verify" not in law.message
    assert "Colorado Department of Labor" in (law.hint or "")


def test_pay_transparency_state_name_matches_too() -> None:
    jd = make(pay=None, location={"city": "Denver", "region": "Colorado"})
    assert having(lint(jd), "Equal Pay for Equal Work Act")


def test_state_without_a_law_is_not_mentioned() -> None:
    issues = lint(make(pay=None))  # Ohio
    assert having(issues, "no pay range")
    assert not [i for i in issues if "law" in i.message.lower() or "transparency" in i.message]


def test_pay_given_in_colorado_is_fine() -> None:
    jd = make(location={"city": "Denver", "region": "CO", "country_code": "US"})
    assert lint(jd) == []


def test_employer_size_at_or_above_threshold_is_an_error() -> None:
    jd = make(pay=None, location={"region": "CA"}, organization=org(employees=15))
    [law] = having(lint(jd), "SB 1162")
    assert law.severity == "error"
    assert "15+" in law.message


def test_employer_size_below_threshold_may_not_apply() -> None:
    jd = make(pay=None, location={"region": "CA"}, organization=org(employees=10))
    [law] = having(lint(jd), "SB 1162")
    assert law.severity == "warning"
    assert "may not apply" in law.message
    assert "10" in law.message


def test_employer_size_unknown_likely_applies() -> None:
    jd = make(pay=None, location={"region": "WA"}, organization=org(employees=None))
    [law] = having(lint(jd), "SB 5761")
    assert law.severity == "warning"
    assert "likely applies" in law.message
    assert "employees" in (law.hint or "")


def test_law_not_yet_in_force_is_a_warning() -> None:
    jd = make(pay=None, location={"region": "MA"})
    [law] = having(lint_jd(jd, today=date(2025, 1, 1)), "Massachusetts")
    assert law.severity == "warning"
    assert "takes effect on 2025-10-29" in law.message
    [in_force] = having(lint_jd(jd, today=date(2025, 11, 1)), "Massachusetts")
    assert in_force.severity == "error"


def test_remote_region_in_a_law_state() -> None:
    jd = make(pay=None, work_mode="remote", location=None, remote_regions=["Ohio", "New York"])
    [law] = having(lint(jd), "New York Labor Law")
    assert law.path == ("remote_regions", 1)


def test_nationwide_remote_without_pay() -> None:
    jd = make(pay=None, work_mode="remote", location=None, remote_regions=["United States"])
    [issue] = having(lint(jd), "US-wide remote")
    assert issue.severity == "error"
    assert "CO" in issue.message


def test_one_end_of_the_range_in_a_law_state() -> None:
    jd = make(pay={"min": 42000}, location={"region": "CO"})
    [issue] = having(lint(jd), "only one end")
    assert issue.severity == "warning"


def test_wide_pay_range() -> None:
    assert not having(lint(make(pay={"min": 40000, "max": 64000})), "too wide")
    [issue] = having(lint(make(pay={"min": 40000, "max": 70000})), "too wide")
    assert issue.severity == "warning"
    assert issue.value == "40000-70000"


def test_min_above_max() -> None:
    [issue] = having(lint(make(pay={"min": 60000, "max": 50000})), "above the maximum")
    assert issue.severity == "error"


def test_pay_estimate() -> None:
    [issue] = having(lint(make(pay={"min": 42000, "max": 52000, "estimate": True})), "estimate")
    assert issue.path == ("pay", "estimate")
    assert issue.severity == "warning"
    assert "jd build leaves it out" in issue.message
    assert "adjust the estimate to your market" in (issue.hint or "")


def test_pay_estimate_where_a_law_requires_pay_is_an_error() -> None:
    # a build leaves the estimate out, and Colorado's law covers every employer
    jd = make(
        pay={"min": 42000, "max": 52000, "estimate": True},
        location={"city": "Denver", "region": "CO", "country_code": "US"},
    )
    [issue] = having(lint(jd), "estimate")
    assert issue.severity == "error"
    assert "CO require a pay range" in issue.message


def test_laws_data_is_dated_and_sourced() -> None:
    codes = {law.code for law in laws()}
    assert {"CO", "CA", "WA", "NY", "IL", "MD", "MN", "NJ", "VT", "MA", "HI", "DC"} <= codes
    for law in laws():
        assert law.source
        assert law.verify_at
        assert law.effective.year >= 2021
    co = next(law for law in laws() if law.code == "CO")
    assert (co.effective, co.min_employees) == (date(2021, 1, 1), 1)


def test_dc_aliases_match() -> None:
    jd = make(pay=None, location={"region": "Washington, D.C."})
    assert having(lint(jd), "District of Columbia")


# --- rule 2: statements ---------------------------------------------------------------------


def test_eeo_statement_on_the_job_is_enough() -> None:
    jd = make(eeo_statement=EEO, organization=org(eeo_statement=None))
    assert not having(lint(jd), "EEO")


def test_missing_eeo_statement_is_an_error() -> None:
    [issue] = having(lint(make(organization=org(eeo_statement=None))), "EEO")
    assert issue.severity == "error"
    assert issue.path == ("eeo_statement",)


def test_missing_accommodation_statement_is_a_warning() -> None:
    jd = make(organization=org(accommodation_statement=None))
    [issue] = having(lint(jd), "accommodation statement")
    assert issue.severity == "warning"


def test_missing_how_to_apply_is_a_warning_and_closing_date_is_not_needed() -> None:
    issues = lint(make(how_to_apply=None))
    [issue] = having(issues, "how to apply")
    assert issue.severity == "warning"
    assert issue.path == ("how_to_apply",)
    assert "add 'how_to_apply:'" in (issue.hint or "")
    assert not having(issues, "closing")


# --- rule 3: inclusive wording --------------------------------------------------------------


def test_gender_coded_word_with_replacement() -> None:
    issues = lint(with_responsibility("Thrive in a competitive team."))
    [word] = having(issues, "masculine-coded wording")
    assert word.value == "competitive"
    assert word.path == ("responsibilities", 5)
    assert "motivated" in (word.hint or "")


def test_dominant_suggests_leading() -> None:
    [word] = having(lint(make(summary="We are the dominant clinic in town.")), "dominant")
    assert "leading" in (word.hint or "")


def test_gender_balance_summary() -> None:
    masc = lint(with_responsibility("Be assertive, decisive and competitive."))
    [summary] = having(masc, "overall the wording")
    assert summary.value == "masculine-coded"
    assert "3 masculine-coded, 0 feminine-coded" in summary.message
    assert "Gaucher" in summary.message

    strong = lint(
        with_responsibility("Be cheerful, warm, loyal, polite and gentle with compassion.")
    )
    [summary] = having(strong, "overall the wording")
    assert summary.value == "strongly feminine-coded"

    even = lint(with_responsibility("Be assertive and polite."))
    [summary] = having(even, "overall the wording")
    assert summary.value == "neutral"


def test_no_coded_words_no_summary() -> None:
    assert not having(lint(make()), "overall the wording")


def test_gender_stems_follow_the_paper() -> None:
    words = gender_words()
    assert words.coding("leadership") == "masculine"
    assert words.coding("supportive") == "feminine"
    assert words.coding("self-reliant") == "masculine"
    assert words.coding("kind") == "feminine"
    assert words.coding("kindle") is None
    assert words.coding("chart") is None


def test_gendered_pronouns() -> None:
    issues = lint(with_responsibility("He or she will file his or her reports."))
    [issue] = having(issues, "gendered pronoun")
    assert issue.value == "he, her, his, she"
    assert "they or you" in (issue.hint or "")
    assert not having(lint(with_responsibility("The other clinics share them.")), "pronoun")


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Join our young and dynamic team.", "young and dynamic"),
        ("You are a digital native.", "digital native"),
        ("Recent graduates welcome.", "recent graduate"),
        ("We want a high-energy person.", "high-energy"),
        ("Bring an energetic attitude.", "energetic"),
        ("Fresh talent wanted.", "fresh"),
        ("Overqualified applicants will not be considered.", "overqualified"),
        ("5+ years maximum.", "maximum years"),
        ("No more than 3 years of experience.", "maximum years"),
    ],
)
def test_age_coded_phrases(text: str, label: str) -> None:
    [issue] = having(lint(with_responsibility(text)), "age-coded")
    assert label in issue.message
    assert issue.hint
    assert issue.hint.startswith("try:")


def test_minimum_years_is_not_age_coded() -> None:
    assert not having(lint(with_responsibility("At least 2 years of experience.")), "age")


def test_native_english_speaker() -> None:
    [issue] = having(lint(with_responsibility("Native English speaker.")), "excludes")
    assert "fluent in English" in (issue.hint or "")
    assert not having(lint(with_responsibility("Fluent in English.")), "excludes")


def test_physical_demand_needs_accommodation_wording() -> None:
    bare = make(physical_demands=["Must be able to stand for long periods."])
    [issue] = having(lint(bare), "reasonable accommodation")
    assert issue.path == ("physical_demands", 0)
    ok = make(
        physical_demands=[
            "Must be able to stand for long periods, with or without reasonable accommodation."
        ]
    )
    assert not having(lint(ok), "reasonable accommodation")


# --- rule 4: hype ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("We need a coding rockstar.", "rockstar"),
        ("Be a records ninja.", "ninja"),
        ("Our Epic guru will train you.", "guru"),
        ("Work hard, play hard.", "work hard play hard"),
        ("Hit the ground running.", "hit the ground running"),
        ("A fast-paced office.", "fast-paced"),
        ("We're a family here.", "family"),
        ("We love hustle.", "hustle"),
    ],
)
def test_hype(text: str, label: str) -> None:
    [issue] = having(lint(with_responsibility(text)), "is hype")
    assert f"({label})" in issue.message
    assert issue.severity == "warning"
    assert issue.hint
    assert issue.hint.startswith("try:")


def test_family_medicine_is_not_hype() -> None:
    assert not having(lint(with_responsibility("Index family medicine records.")), "hype")


# --- rule 5: required qualifications ---------------------------------------------------------


def test_required_qualification_count() -> None:
    eight = [f"Skill number {n}." for n in range(8)]
    assert not having(lint(make(required_qualifications=eight)), "required qualifications")
    [issue] = having(
        lint(make(required_qualifications=[*eight, "One more."])), "required qualifications"
    )
    assert issue.value == "9"
    assert "preferred_qualifications" in (issue.hint or "")


# --- rule 6: degree inflation ---------------------------------------------------------------


def test_bachelors_required_at_entry_level() -> None:
    quals = [*base()["required_qualifications"], "Bachelor's degree in health information."]
    [issue] = having(lint(make(required_qualifications=quals)), "is required for")
    assert issue.path == ("required_qualifications", 3)
    assert "associate degree" in (issue.hint or "")


def test_bachelors_at_senior_level_or_preferred_is_fine() -> None:
    quals = [*base()["required_qualifications"], "Bachelor's degree in health information."]
    assert not having(lint(make(level="manager", required_qualifications=quals)), "degree")
    pref = make(education="A bachelor's degree is preferred.")
    assert not having(lint(pref), "is required for")


def test_education_text_requiring_a_masters() -> None:
    jd = make(level="coder", education="A master's degree is required.")
    [issue] = having(lint(jd), "is required for")
    assert issue.path == ("education",)


def test_master_patient_index_is_not_a_degree() -> None:
    quals = [*base()["required_qualifications"], "Keep the master patient index clean."]
    assert not having(lint(make(required_qualifications=quals)), "is required for")


# --- rule 7: reading grade ------------------------------------------------------------------


def test_syllables() -> None:
    assert syllables("cat") == 1
    assert syllables("table") == 2
    assert syllables("make") == 1
    assert syllables("education") == 4
    assert syllables("responsibilities") == 6


def test_flesch_kincaid_grade() -> None:
    assert flesch_kincaid_grade([]) is None
    simple = flesch_kincaid_grade(["The cat sat on the mat."])
    assert simple is not None
    assert simple < 2


def test_reading_grade_too_high() -> None:
    dense = (
        "The incumbent facilitates comprehensive interdisciplinary documentation "
        "improvement initiatives, operationalizing organizational accountability "
        "frameworks and institutional regulatory compliance methodologies across "
        "heterogeneous administrative environments."
    )
    [issue] = having(lint(make(summary=dense)), "reading grade")
    assert issue.severity == "warning"
    assert issue.value is not None
    assert float(issue.value) > 12
    assert not having(lint(make()), "reading grade")


# --- rule 8: length -------------------------------------------------------------------------


def test_too_short() -> None:
    jd = make(
        summary="Records job.",
        responsibilities=["File charts."],
        required_qualifications=[],
        preferred_qualifications=[],
        benefits=[],
        schedule=None,
        organization=org(eeo_statement="We are an equal opportunity employer."),
    )
    [issue] = having(lint(jd), "too thin")
    assert issue.severity == "warning"


def test_too_long() -> None:
    many = ["Review charts for missing signatures and dates each morning."] * 100
    [issue] = having(lint(make(responsibilities=many)), "too long")
    assert issue.value is not None
    assert int(issue.value) > 900


# --- the file entry point -------------------------------------------------------------------


JD_YAML = textwrap.dedent(
    """\
    title: Medical Records Specialist
    level: specialist
    organization:
      name: Riverside Clinic
      employees: 120
      eeo_statement: We are an equal opportunity employer.
      accommodation_statement: Email jobs@riverside.example.org for an accommodation.
    location:
      city: Denver
      region: CO
      country_code: US
    summary: >-
      Riverside Clinic is hiring a medical records specialist. You will keep patient
      charts complete, accurate and private.
    responsibilities:
      - Review charts for missing signatures and dates.
      - Be the records rockstar of our office.
      - Answer requests for records from patients and insurers.
    how_to_apply: Apply at jobs.riverside.example.org.
    """
)


def test_lint_jd_file_locates_findings(tmp_path: Path) -> None:
    path = tmp_path / "jd.yaml"
    path.write_text(JD_YAML, encoding="utf-8")
    jd, issues = lint_jd_file(path, today=TODAY)
    assert jd.title == "Medical Records Specialist"
    [hype] = having(issues, "rockstar")
    assert hype.file == str(path)
    assert (hype.line, hype.column) == (17, 5)
    assert hype.path == ("responsibilities", 1)
    [law] = having(issues, "Equal Pay for Equal Work Act")
    assert law.severity == "error"
    assert law.line == 10
    [no_pay] = having(issues, "no pay range")
    assert no_pay.line == 1  # the field is absent: the document's start
    assert all(i.line is not None for i in issues)
    assert [i.line or 0 for i in issues] == sorted(i.line or 0 for i in issues)
    assert "rockstar" in str(hype)
    assert f"{path}:17:5" in str(hype)


def test_lint_jd_file_locates_placeholders(tmp_path: Path) -> None:
    path = tmp_path / "jd.yaml"
    text = JD_YAML.replace("name: Riverside Clinic", "name: Your Organization").replace(
        "how_to_apply: Apply at jobs.riverside.example.org.", "how_to_apply: TBD"
    )
    path.write_text(text, encoding="utf-8")
    _, issues = lint_jd_file(path, today=TODAY)
    [org_name, tbd] = having(issues, "placeholder")
    assert (org_name.line, org_name.column, org_name.field) == (4, 9, "organization.name")
    assert (tbd.line, tbd.field) == (19, "how_to_apply")
    assert all(i.severity == "error" for i in (org_name, tbd))
