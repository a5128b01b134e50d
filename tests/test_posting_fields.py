"""The posting reader as a user sees it: header fields, where each was found, what each line
is, and what each requirement asks for.

Every posting here is fictional and written inline (fictional employers, ``example.org``
addresses, 01632 telephone numbers). Each test states what the reader does.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest

from toolkit.models.posting import JobPosting, Requirement
from toolkit.postings.extract import load_job
from toolkit.postings.header import pay_in

RECORDS = "medical-records-specialist"


def read(text: str, **kwargs: Any) -> JobPosting:
    """The posting read from its (dedented) text."""
    return load_job(textwrap.dedent(text), **kwargs)


def requirement(job: JobPosting, start: str) -> Requirement:
    """The one requirement whose text starts with ``start``."""
    found = [r for r in job.requirements if r.text.startswith(start)]
    assert len(found) == 1, [r.text for r in job.requirements]
    return found[0]


def category(job: JobPosting, text: str) -> str:
    """The category of the one segment whose text is ``text``."""
    found = [s.category for s in job.segments if s.text == text]
    assert len(found) == 1, [(s.text, s.category) for s in job.segments]
    return found[0]


def requirement_texts(job: JobPosting) -> list[str]:
    return [r.text for r in job.qualifications]


@pytest.fixture
def jsonld_posting(tmp_path: Path) -> Path:
    """A schema.org JobPosting with an hourly pay range in decimals."""
    path = tmp_path / "posting.jsonld"
    data = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": "Medical Records Technician",
        "description": "<p>Keep patient records complete.</p>"
        "<h3>Requirements</h3><ul><li>High school diploma or GED</li></ul>",
        "hiringOrganization": {"@type": "Organization", "name": "Harbourview Health"},
        "jobLocation": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": "Dayton",
                "addressRegion": "OH",
                "addressCountry": "US",
            },
        },
        "baseSalary": {
            "@type": "MonetaryAmount",
            "currency": "USD",
            "value": {
                "@type": "QuantitativeValue",
                "minValue": 24.5,
                "maxValue": 31.75,
                "unitText": "HOUR",
            },
        },
    }
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


# --- pay --------------------------------------------------------------------------------------

PAY_POSTING = """\
Medical Records Clerk
Pinecrest Medical Group

{pay}

Responsibilities
- File and retrieve patient charts
"""


@pytest.mark.parametrize(
    ("line", "low", "high", "currency", "period"),
    [
        ("Salary: $46,949 to - $61,031 per year", 46949, 61031, "USD", "year"),
        ("Pay: CA$29.10-$36.40 per hour", 29.10, 36.40, "CAD", "hour"),
        ("Salary: £25,147 to £27,596 a year per annum, pro rata", 25147, 27596, "GBP", "year"),
        ("Salary: €32,000 - €38,000", 32000, 38000, "EUR", "year"),
        ("Pay: $32 \u2013 $35/Hr", 32, 35, "USD", "hour"),
        ("Rate: $38/hr W2", 38, 38, "USD", "hour"),
        ("Compensation: $125,000 \u2014 $205,100 USD", 125000, 205100, "USD", "year"),
    ],
)
def test_pay_range_is_read(line: str, low: float, high: float, currency: str, period: str) -> None:
    pay = read(PAY_POSTING.format(pay=line)).pay
    assert pay is not None
    assert (pay.min, pay.max, pay.currency, pay.period) == (
        pytest.approx(low),
        pytest.approx(high),
        currency,
        period,
    )


@pytest.mark.parametrize(
    ("line", "pro_rata"),
    [
        ("Salary: £25,147 to £27,596 a year per annum, pro rata", True),
        ("Salary: £25,147 to £27,596 a year", False),
    ],
)
def test_pro_rata_is_noticed(line: str, pro_rata: bool) -> None:
    pay = read(PAY_POSTING.format(pay=line)).pay
    assert pay is not None
    assert pay.pro_rata is pro_rata


def test_pay_in_uses_the_default_currency_only_for_a_bare_dollar() -> None:
    bare = pay_in("$24.00 - $27.50 per hour", default_currency="CAD")
    marked = pay_in("US$24.00 - US$27.50 per hour", default_currency="CAD")
    assert bare is not None
    assert marked is not None
    assert (bare.currency, marked.currency) == ("CAD", "USD")


def test_structured_pay_keeps_its_decimals(jsonld_posting: Path) -> None:
    pay = load_job(jsonld_posting).pay
    assert pay is not None
    assert (pay.min, pay.max, pay.currency, pay.period) == (24.5, 31.75, "USD", "hour")


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        pytest.param("Salary: $20 - $24 per hour\n$1,500 sign-on bonus for new hires", (20, 24)),
        pytest.param("$1,500 sign-on bonus for new hires\nSalary: $20 - $24 per hour", (20, 24)),
        pytest.param("We offer a $1,500 sign-on bonus!", None),
        pytest.param(
            "Pay: $22.50 per hour plus a $1,500 sign-on bonus",
            (22.5, 22.5),
        ),
    ],
)
def test_sign_on_bonus_is_not_the_pay(lines: str, expected: tuple[float, float] | None) -> None:
    pay = read(PAY_POSTING.format(pay=lines)).pay
    got = (pay.min, pay.max) if pay else None
    assert got == expected


ONTARIO_POSTING = """\
Health Records Clerk
Maplebrook Clinic
{place}

Pay: $24.00 - $27.50 per hour

Responsibilities
- File and retrieve patient charts
"""


@pytest.mark.parametrize(
    ("place", "currency"),
    [
        ("Ottawa, ON", "CAD"),
        ("Toronto, Ontario", "CAD"),
        ("Location: Hamilton, ON", "CAD"),
        ("Location: Kingston, Ontario, Canada", "CAD"),
        ("The clinic is located in Sudbury, Ontario and serves the whole district.", "CAD"),
        pytest.param(
            "Location: Ontario",
            "CAD",
        ),
        ("Ontario, CA", "USD"),  # the city in California
        ("Dayton, OH", "USD"),
    ],
)
def test_bare_dollar_takes_the_currency_of_the_place(place: str, currency: str) -> None:
    pay = read(ONTARIO_POSTING.format(place=place)).pay
    assert pay is not None
    assert pay.currency == currency


# --- title and grade --------------------------------------------------------------------------


@pytest.mark.parametrize("label", ["Job title:", "Job Title:", "JOB TITLE:"])
def test_job_title_label_is_stripped(label: str) -> None:
    job = read(
        f"""\
        {label} Medical Records Technician
        Employer: Harbourview Health
        Location: Dayton, OH

        Responsibilities
        - Scan and index paper records into the EHR
        """
    )
    assert job.title == "Medical Records Technician"


def test_labelled_lines_of_a_markdown_posting_stay_apart() -> None:
    job = read(
        """\
        **Job title:** Medical Records Technician
        Employer: Harbourview Health
        Location: Dayton, OH

        ## Responsibilities
        - Scan and index paper records into the EHR
        """
    )
    assert (job.title, job.employer, job.location) == (
        "Medical Records Technician",
        "Harbourview Health",
        "Dayton, OH",
    )


@pytest.mark.parametrize(
    ("line", "title", "grade"),
    [
        ("Clinical Coder - Band 4", "Clinical Coder", "Band 4"),
        ("Clinical Coder (Band 4)", "Clinical Coder", "Band 4"),
        ("Medical Records Technician GS-7", "Medical Records Technician", "GS-7"),
        ("Medical Records Technician - GS-7", "Medical Records Technician", "GS-7"),
    ],
)
def test_grade_is_kept_apart_from_the_title(line: str, title: str, grade: str) -> None:
    job = read(f"{line}\nWestmoor Community Hospital\n\nDuties\n- Code inpatient episodes\n")
    assert (job.title, job.grade) == (title, grade)


def test_title_wrapped_over_two_lines_is_joined() -> None:
    job = read(
        """\
        Release of Information
        Specialist
        Lakeview Regional Hospital
        Dayton, OH

        Responsibilities
        - Process requests for patient records
        """
    )
    assert job.title == "Release of Information Specialist"


CONTACT_BLOCK = """
For further details / informal visits contact:
Name: Jane Fictional
Job title: Health Records Manager
Email address: jane.fictional@example.org
"""


@pytest.mark.parametrize(
    ("top", "title"),
    [
        ("Medical Secretary\nWestmoor Community Hospital\n", "Medical Secretary"),
        ("", None),
    ],
    ids=["with-title", "without-title"],
)
def test_contact_persons_job_title_is_never_the_title(top: str, title: str | None) -> None:
    job = load_job(
        f"{top}\nJob summary\n"
        "The outpatient team needs someone to type clinic letters and keep appointment lists.\n"
        "\nPerson specification\n- GCSE English and Maths at grade C or above\n" + CONTACT_BLOCK
    )
    assert job.title == title


def test_marketing_first_line_is_not_the_title() -> None:
    job = read(
        """\
        We're hiring! Join our amazing team
        Patient Access Representative
        Sunnyvale Family Clinic
        Dayton, OH

        Responsibilities
        - Register patients and verify insurance
        """
    )
    assert job.title == "Patient Access Representative"


RUN_ON = (
    "Records Clerk - Acme Clinic (Hybrid) About the job Acme Clinic needs a records clerk to "
    "keep patient files in order for the whole practice.What you will do:Scan and index "
    "incoming paper records into the EHR.Requirements:High school diploma or GED.\n"
)


@pytest.mark.parametrize(
    ("field", "value"),
    [("title", "Records Clerk"), ("employer", "Acme Clinic"), ("work_mode", "hybrid")],
)
def test_run_on_paste_gives_its_header_fields(field: str, value: str) -> None:
    assert getattr(load_job(RUN_ON), field) == value


def test_run_on_paste_keeps_its_duties() -> None:
    duties = [r.text for r in load_job(RUN_ON).responsibilities]
    assert any(d.startswith("Scan and index incoming paper records") for d in duties), duties


# --- employer and location --------------------------------------------------------------------


@pytest.mark.parametrize(
    "chrome",
    [
        "Save",
        "Apply",
        "Show more",
        "Save\nApply\nShow more",
        pytest.param("Apply now"),
    ],
)
def test_job_board_chrome_does_not_hide_the_employer(chrome: str) -> None:
    job = load_job(
        f"Medical Records Specialist\n{chrome}\nBrightwater Health\nDayton, OH\n\n"
        "Responsibilities\n- Maintain patient records in the EHR\n"
    )
    assert (job.employer, job.location) == ("Brightwater Health", "Dayton, OH")


@pytest.mark.parametrize("chrome", ["Save", "Apply", "Show more", "Save\nApply\nShow more"])
def test_job_board_chrome_is_not_the_employer(chrome: str) -> None:
    job = load_job(
        f"Medical Records Specialist\n{chrome}\nDayton, OH\n\n"
        "Responsibilities\n- Maintain patient records in the EHR\n"
    )
    assert job.employer is None


@pytest.mark.parametrize(
    ("sentence", "employer"),
    [
        (
            "Brightwater Family Health is an equal opportunity employer.",
            "Brightwater Family Health",
        ),
        (
            "Brightwater Family Health is an Equal Opportunity Employer.",
            "Brightwater Family Health",
        ),
        (
            "Brightwater Family Health is proud to be an equal opportunity employer.",
            "Brightwater Family Health",
        ),
        pytest.param(
            "Brightwater Family Health, Inc. is an equal opportunity employer.",
            "Brightwater Family Health",
        ),
    ],
)
def test_employer_is_read_from_an_equal_opportunity_sentence(sentence: str, employer: str) -> None:
    job = load_job(
        "Medical Records Specialist\n\nResponsibilities\n"
        f"- Maintain patient records in the EHR\n\n{sentence}\n"
    )
    assert (job.employer or "").removesuffix(", Inc.") == employer  # either spelling will do
    assert job.found["employer"].source == "sentence"


def test_location_prefix_of_a_vacancy_count_is_dropped() -> None:
    job = read(
        """\
        Medical Records Technician
        Department of Veterans Affairs
        Location: 1 vacancy in the following location:
        Garner, NC

        Duties
        - Maintain patient records
        """
    )
    assert job.location == "Garner, NC"


def test_requirement_sentence_is_not_the_location() -> None:
    job = read(
        """\
        Medical Secretary
        Westmoor Community Hospital

        Person specification
        - Experience of working in an NHS hospital
        """
    )
    assert job.location is None


# --- where each field was found ---------------------------------------------------------------


def test_labelled_location_is_found_on_its_label() -> None:
    job = read(
        """\
        Medical Records Specialist
        Location: Dayton, OH

        Responsibilities
        - Maintain patient records
        """
    )
    found = job.found["location"]
    assert (found.source, found.text, found.line) == ("label", "Location: Dayton, OH", 2)


def test_structured_title_is_found_in_structured_data(jsonld_posting: Path) -> None:
    job = load_job(jsonld_posting)
    assert job.title == "Medical Records Technician"
    assert job.found["title"].source == "structured"


# --- segments ---------------------------------------------------------------------------------

USAJOBS_LINES = [
    "Drug test: No",
    "Relocation expenses reimbursed: No",
    "Announcement number: CBSW-12345678-26-AB",
]


@pytest.mark.parametrize("line", USAJOBS_LINES)
@pytest.mark.parametrize("layout", ["inline", "label-above-value"])
def test_usajobs_metadata_lines_are_never_requirements(line: str, layout: str) -> None:
    rows = (
        USAJOBS_LINES
        if layout == "inline"
        else [part for row in USAJOBS_LINES for part in row.split(": ")]
    )
    job = load_job(
        "Medical Records Technician (Coder)\nDepartment of Veterans Affairs\n\n"
        "Requirements\nConditions of Employment\n"
        "You must be a U.S. citizen to apply for this job.\n"
        + "\n".join(rows)
        + "\n\nQualifications\n"
        "You must have one year of specialized experience equivalent to GS-6.\n"
    )
    assert category(job, line) == "metadata"
    assert not any("Drug test" in t or "Announcement" in t for t in requirement_texts(job))


SEGMENTS_POSTING = """\
Medical Records Clerk
Pinecrest Medical Group
Dayton, OH

Responsibilities
- File and retrieve patient charts

Requirements
- No experience necessary
- High school diploma or GED
- Ability to apply HIPAA minimum-necessary rules to every request

Benefits include medical, dental and vision coverage from day one.

Pinecrest Medical Group is an equal opportunity employer and does not discriminate on the \
basis of race, religion or disability.
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Pinecrest Medical Group is an equal opportunity employer and does not discriminate "
            "on the basis of race, religion or disability.",
            "legal",
        ),
        ("Benefits include medical, dental and vision coverage from day one.", "benefit"),
        ("Ability to apply HIPAA minimum-necessary rules to every request", "requirement"),
        ("High school diploma or GED", "requirement"),
    ],
)
def test_segment_category(text: str, expected: str) -> None:
    assert category(load_job(SEGMENTS_POSTING), text) == expected


def test_no_experience_necessary_is_not_a_requirement() -> None:
    job = load_job(SEGMENTS_POSTING)
    assert category(job, "No experience necessary") != "requirement"
    assert "No experience necessary" not in requirement_texts(job)


def test_trailing_contact_block_keeps_the_prose_requirements_before_it() -> None:
    job = read(
        """\
        Clinical Coder
        Westmoor Community Hospital
        Band 4

        Job summary
        The clinical coding team codes every inpatient episode at Westmoor.

        Person specification
        Applicants must hold the National Clinical Coding Qualification or be working towards it. You will need a sound knowledge of medical terminology and anatomy. Experience of using OPCS-4 and ICD-10 is essential.
        For further details / informal visits contact:
        Name: Jane Fictional
        Job title: Health Records Manager
        Email address: jane.fictional@example.org
        Telephone number: 01632 960000
        """  # noqa: E501 (a posting's paragraph is one long line)
    )
    assert requirement_texts(job) == [
        "Applicants must hold the National Clinical Coding Qualification or be working towards it.",
        "You will need a sound knowledge of medical terminology and anatomy.",
        "Experience of using OPCS-4 and ICD-10 is essential.",
    ]


@pytest.mark.parametrize("heading", ["Summary", "Overview"])
def test_requirements_under_a_summary_heading_are_found(heading: str) -> None:
    job = load_job(
        f"Medical Records Clerk\nPinecrest Medical Group\n\n{heading}\n"
        "Candidates must have a high school diploma.\n"
        "Applicants must be able to type 40 words per minute.\n"
    )
    assert requirement_texts(job) == [
        "Candidates must have a high school diploma.",
        "Applicants must be able to type 40 words per minute.",
    ]


def test_sentence_starting_with_a_figure_is_a_statement_of_its_own() -> None:
    job = load_job(
        "Medical Records Clerk\nPinecrest Medical Group\n\nAbout the role\n"
        "We scan and file charts for four clinics. "
        "2 years of experience in a medical records office is essential.\n"
    )
    assert requirement_texts(job) == [
        "2 years of experience in a medical records office is essential."
    ]


# --- requirements -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        pytest.param(
            "Candidates must have 2 years of experience in a medical records office.",
        ),
        "Candidates must have 2 years experience in a medical records office.",
        "Candidates must have 2 years of medical records office experience.",
        "You will need at least two years' experience in a medical records office.",
    ],
)
def test_years_of_experience_in_prose(sentence: str) -> None:
    job = load_job(
        "Medical Records Clerk\nPinecrest Medical Group\n\nAbout the role\n"
        f"{sentence} The team works weekdays only.\n"
    )
    req = requirement(job, sentence[:20])
    assert (req.kind, req.years) == ("experience", 2)
    assert req.field is not None
    assert req.field.removeprefix("a ") == "medical records office"


def test_field_of_experience_stops_before_is_essential() -> None:
    job = load_job(
        "Medical Records Clerk\nPinecrest Medical Group\n\nRequirements\n"
        "- Experience in a medical records office is essential\n"
    )
    assert requirement(job, "Experience in").field == "a medical records office"


def test_semicolon_qualifications_line_gives_one_statement_each() -> None:
    job = read(
        """\
        Medical Secretary
        Westmoor Community Hospital

        Qualifications: GCSE Maths and English (grade 4/C or above); NVQ Level 3 in Business Administration or equivalent experience; ECDL desirable
        """  # noqa: E501 (one line, as the posting writes it)
    )
    assert [(r.text, r.importance, r.or_equivalent) for r in job.qualifications] == [
        ("GCSE Maths and English (grade 4/C or above)", "required", False),
        ("NVQ Level 3 in Business Administration or equivalent experience", "required", True),
        ("ECDL desirable", "preferred", False),
    ]


def read_requirement(bullet: str) -> Requirement:
    """The requirement one bullet of a records posting gives."""
    job = load_job(
        "Cancer Registrar\nLakeview Regional Hospital\nDayton, OH\n\n"
        f"Requirements\n- High school diploma or GED\n- {bullet}\n",
        role=RECORDS,
    )
    return requirement(job, bullet)


def test_credentials_joined_by_or_are_one_group_of_alternatives() -> None:
    req = read_requirement("RHIT or RHIA or CCS required")
    assert (req.credentials, req.all_of) == ([["rhit", "rhia", "ccs"]], False)


def test_credentials_joined_by_and_are_all_asked_for() -> None:
    req = read_requirement("RHIT and CCS required")
    assert (req.credentials, req.all_of) == ([["rhit"], ["ccs"]], True)


def test_eligible_for_the_credential_within_months_of_hire() -> None:
    req = read_requirement(
        "CTR required or eligible to sit for the CTR exam within 12 months of hire"
    )
    assert (req.kind, req.credentials, req.eligible, req.within_months) == (
        "credential",
        [["ctr"]],
        True,
        12,
    )


@pytest.mark.parametrize(
    ("bullet", "name"),
    [
        ("CHIM certification", "CHIM"),
        ("NVQ Level 3 in Business Administration", "NVQ Level 3"),
    ],
)
def test_credential_outside_the_pack_is_named(bullet: str, name: str) -> None:
    req = read_requirement(bullet)
    assert req.kind == "credential"
    assert name in req.named


@pytest.mark.parametrize(
    ("bullet", "kind"),
    [
        ("Full UK driving licence", "licence"),
        ("Fluent in English and French", "language"),
        ("Must be able to lift 25 lbs", "condition"),
        ("Excellent attention to detail", "quality"),
    ],
)
def test_statement_kind(bullet: str, kind: str) -> None:
    assert read_requirement(bullet).kind == kind


@pytest.mark.parametrize(
    "bullet",
    [
        "Epic experience preferred",
        "Epic experience (preferred)",
        "Knowledge of ICD-10-CM, preferred",
        pytest.param(
            "RHIT credential preferred but not required",
        ),
    ],
)
def test_preferred_inside_a_bullet_makes_it_preferred(bullet: str) -> None:
    job = load_job(
        "Medical Records Clerk\nPinecrest Medical Group\n\nRequirements\n"
        f"- High school diploma or GED\n- {bullet}\n- Typing at 40 words per minute\n"
    )
    assert [r.importance for r in job.qualifications] == ["required", "preferred", "required"]


PERSON_SPEC_ROWS = [
    ("GCSE English and Maths at grade C or above", "Essential"),
    ("RSA Level 3 audio typing", "Desirable"),
    ("Excellent communication skills", "Essential"),
]


@pytest.mark.parametrize("layout", ["pipes", "markdown"])
def test_person_specification_table_gives_required_and_preferred(layout: str) -> None:
    if layout == "pipes":
        table = ["Criteria | Essential / Desirable"] + [f"{c} | {m}" for c, m in PERSON_SPEC_ROWS]
    else:
        table = ["| Criteria | Essential / Desirable |", "|---|---|"] + [
            f"| {c} | {m} |" for c, m in PERSON_SPEC_ROWS
        ]
    job = load_job(
        "Medical Secretary\nWestmoor Community Hospital\n\nPerson specification\n"
        + "\n".join(table)
        + "\n"
    )
    assert [(r.text, r.importance) for r in job.qualifications] == [
        ("GCSE English and Maths at grade C or above", "required"),
        ("RSA Level 3 audio typing", "preferred"),
        ("Excellent communication skills", "required"),
    ]


@pytest.mark.parametrize(
    ("line", "city", "region", "country"),
    [
        ("Location: Garner, NC", "Garner", "NC", "US"),
        ("Location: Toronto, Ontario", "Toronto", "Ontario", "CA"),
        (
            "Location: Ellerby Vale, North Yorkshire, United Kingdom",
            "Ellerby Vale",
            "North Yorkshire",
            "GB",
        ),
        ("Location: Remote - United States", None, None, "US"),
    ],
)
def test_the_place_of_work_in_parts(
    line: str, city: str | None, region: str | None, country: str
) -> None:
    job = load_job(f"Medical Records Clerk\nBrightwater Health\n{line}\n\nDuties\n- Scan charts.\n")
    assert job.place is not None
    assert (job.place.city, job.place.region, job.place.country_code) == (city, region, country)


def test_remote_alone_is_a_work_mode_not_a_place() -> None:
    job = load_job(
        "Medical Coder\nBrightwater Health\nLocation: Remote\n\nDuties\n- Code charts.\n"
    )
    assert job.location is None
    assert job.place is None
    assert job.work_mode == "remote"
