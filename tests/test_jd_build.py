"""Job descriptions: scaffolding from role packs, the YAML round trip, JSON-LD and every format."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import toolkit
from toolkit.errors import InputError, NotFoundError, UserError
from toolkit.formats.html import jsonld_script
from toolkit.jd import (
    check_jsonld,
    jd_to_yaml,
    jobposting_jsonld,
    jobschema_json,
    load_jd,
    load_org,
    scaffold_jd,
)
from toolkit.models.jd import JobDescription, Organization
from toolkit.models.profile import Location
from toolkit.models.rolepack import RolePack
from toolkit.roles import load_pack

ROOT = Path(__file__).resolve().parent.parent
ORG_FILE = ROOT / "examples" / "orgs/lakeshore.yaml"
TESTDATA = Path(__file__).parent / "testdata" / "test_jd_build"
TODAY = date(2025, 3, 14)
PACKS = ("medical-records-specialist", "medical-coder")


def render_jd(
    jd: JobDescription,
    fmt: str,
    *,
    theme: str = "modern",
    letterhead: Path | None = None,
    today: date | None = None,
) -> bytes:
    """The job description in one format, as ``toolkit.render`` makes it."""
    return toolkit.render(jd, "jd", fmt, theme=theme, word_template=letterhead, document_date=today)


@pytest.fixture(scope="module")
def packs() -> dict[str, RolePack]:
    return {pack_id: load_pack(pack_id) for pack_id in PACKS}


@pytest.fixture(scope="module")
def org() -> Organization:
    return load_org(ORG_FILE)


@pytest.fixture(scope="module")
def jd(packs: dict[str, RolePack], org: Organization) -> JobDescription:
    return scaffold_jd(packs["medical-records-specialist"], "specialist", org, today=TODAY)


@pytest.fixture(scope="module")
def finished(jd: JobDescription) -> JobDescription:
    """The scaffold as a recruiter finishes it: pay adjusted, how to apply written."""
    assert jd.pay is not None
    return jd.model_copy(
        update={
            "pay": jd.pay.model_copy(update={"estimate": False}),
            "how_to_apply": "Apply at lakeshore.example.org/careers with your resume.",
        }
    )


def _script_jsonld(html: str) -> Any:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert match, "no JSON-LD script in the HTML"
    return json.loads(match.group(1))


# --- scaffold -------------------------------------------------------------------------------


def _levels() -> list[tuple[str, str]]:
    return [(pack_id, lv.id) for pack_id in PACKS for lv in load_pack(pack_id).levels]


@pytest.mark.parametrize(("pack_id", "level_id"), _levels())
def test_scaffold_every_level(packs: dict[str, RolePack], pack_id: str, level_id: str) -> None:
    pack = packs[pack_id]
    jd = scaffold_jd(pack, level_id, today=TODAY)
    assert JobDescription.model_validate(jd.model_dump()) == jd
    assert jd.organization.name == "Your Organization"
    assert jd.role == pack_id
    assert jd.level == level_id
    assert jd.responsibilities
    assert jd.required_qualifications
    assert jd.summary
    assert jd.title
    assert jd.occupational_category == "29-2072.00"
    assert jd.date_posted == "2025-03-14"
    assert jd.eeo_statement
    assert "equal opportunity" in jd.eeo_statement
    preset = next(p for p in pack.jd_presets if p.level == level_id)
    assert jd.responsibilities == preset.duties
    assert jd.years_experience == preset.years.min
    if pack.level(level_id).pay is not None:
        assert jd.pay is not None
        assert jd.pay.estimate
        assert jd.pay.min is not None
        assert jd.pay.max is not None
        assert jd.pay.min < jd.pay.max
        assert jd.pay.note is None  # the estimate is explained in the YAML, never published
        assert "plus or minus about 15%" in jd_to_yaml(jd)
        html = render_jd(jd, "html").decode()
        assert "<h2>Pay</h2>" not in html  # an estimate is left out of what is built
        assert "Estimate" not in html
        assert "local market" not in html
    else:
        assert jd.pay is None
    for text in jd.credentials_required + jd.credentials_preferred:
        assert "(" in text or " or " in text or text.isupper(), text


def test_scaffold_credentials_and_systems(packs: dict[str, RolePack]) -> None:
    pack = packs["medical-records-specialist"]
    jd = scaffold_jd(pack, "specialist", today=TODAY)
    assert "RHIT (Registered Health Information Technician)" in jd.credentials_preferred
    assert "Epic" in jd.systems
    coder = scaffold_jd(packs["medical-coder"], "coder-trainee", today=TODAY)
    assert "CCA or CPC-A" in coder.credentials_preferred


def test_scaffold_pay_matches_estimate(packs: dict[str, RolePack]) -> None:
    from toolkit.roles import pay_estimate

    pack = packs["medical-records-specialist"]
    jd = scaffold_jd(pack, "senior", today=TODAY)
    low, high, currency = pay_estimate(pack, "senior") or (0, 0, "")
    assert jd.pay is not None
    assert (jd.pay.min, jd.pay.max, jd.pay.currency) == (low, high, currency)


def test_scaffold_unknown_level(packs: dict[str, RolePack]) -> None:
    with pytest.raises(NotFoundError, match="no level 'wizard'"):
        scaffold_jd(packs["medical-coder"], "wizard")


def test_scaffold_with_org(jd: JobDescription, org: Organization) -> None:
    assert jd.organization == org
    assert jd.location == org.location
    assert jd.eeo_statement == org.eeo_statement
    assert jd.accommodation_statement == org.accommodation_statement


# --- files ----------------------------------------------------------------------------------


def test_org_example(org: Organization) -> None:
    assert org.name == "Lakeshore Regional Medical Center"
    assert org.url == "https://lakeshore.example.org"
    assert org.employees == 2400
    assert org.benefits
    assert org.about
    assert org.eeo_statement
    assert org.accommodation_statement
    assert org.location is not None
    assert org.location.city


@pytest.mark.parametrize(("pack_id", "level_id"), _levels())
def test_yaml_round_trip(
    packs: dict[str, RolePack], org: Organization, tmp_path: Path, pack_id: str, level_id: str
) -> None:
    jd = scaffold_jd(packs[pack_id], level_id, org, today=TODAY)
    text = jd_to_yaml(jd)
    assert text.startswith("# Job description")
    if jd.pay:
        assert "PAY IS AN ESTIMATE" in text
    path = tmp_path / "jd.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_jd(path) == jd


def test_yaml_round_trip_edited(jd: JobDescription, tmp_path: Path) -> None:
    edited = jd.model_copy(
        update={"schedule": "Monday to Friday, 8:00 to 4:30", "closing_date": "2025-04"}
    )
    path = tmp_path / "jd.yaml"
    path.write_text(jd_to_yaml(edited), encoding="utf-8")
    assert load_jd(path) == edited


def test_load_jd_locates_errors(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "title: Coder\norganization:\n  name: X\nsummary: s\nresponsibilities: []\n"
        "work_mode: mars\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        load_jd(path)
    lines = {issue.line for issue in info.value.issues}
    assert 5 in lines
    assert 6 in lines
    assert all(issue.file == str(path) for issue in info.value.issues)


def test_load_org_locates_errors(tmp_path: Path) -> None:
    path = tmp_path / "org.yaml"
    path.write_text("name: Acme\nemployes: 3\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_org(path)
    issue = info.value.issues[0]
    assert issue.line == 2
    assert issue.hint
    assert "employees" in issue.hint


# --- JSON-LD ---------------------------------------------------------------------------------


def test_jsonld_in_html(finished: JobDescription) -> None:
    jd = finished
    html = render_jd(jd, "html").decode()
    data = _script_jsonld(html)
    assert data == jobposting_jsonld(jd)
    assert check_jsonld(data) == []
    assert data["@context"] == "https://schema.org/"
    assert data["@type"] == "JobPosting"
    assert data["title"] == "Medical Records Specialist"
    assert data["datePosted"] == "2025-03-14"
    assert data["hiringOrganization"]["name"] == "Lakeshore Regional Medical Center"
    assert data["hiringOrganization"]["sameAs"] == "https://lakeshore.example.org"
    address = data["jobLocation"]["address"]
    assert address["@type"] == "PostalAddress"
    assert address["addressLocality"] == "Cleveland"
    assert address["addressRegion"] == "OH"
    assert address["postalCode"] == "44114"
    assert address["addressCountry"] == "US"
    assert data["occupationalCategory"] == "29-2072.00"
    assert data["employmentType"] == "FULL_TIME"
    salary = data["baseSalary"]
    assert salary["@type"] == "MonetaryAmount"
    assert salary["currency"] == "USD"
    assert salary["value"]["unitText"] == "YEAR"
    assert salary["value"]["minValue"] < salary["value"]["maxValue"]
    assert data["experienceRequirements"]["monthsOfExperience"] == 24
    assert data["directApply"] is False
    assert "<li>" in data["description"]


def test_jsonld_leaves_out_an_estimate(jd: JobDescription) -> None:
    assert jd.pay is not None
    assert jd.pay.estimate
    assert "baseSalary" not in jobposting_jsonld(jd)


def test_jsonld_without_pay_has_no_salary(packs: dict[str, RolePack]) -> None:
    jd = scaffold_jd(packs["medical-coder"], "coder", today=TODAY)
    assert "baseSalary" not in jobposting_jsonld(jd)


def test_jsonld_remote(jd: JobDescription) -> None:
    remote = jd.model_copy(update={"work_mode": "remote", "remote_regions": ["Ohio", "USA"]})
    data = jobposting_jsonld(remote)
    assert data["jobLocationType"] == "TELECOMMUTE"
    assert "jobLocation" not in data
    assert data["applicantLocationRequirements"] == [
        {"@type": "State", "name": "Ohio"},
        {"@type": "Country", "name": "USA"},
    ]
    assert check_jsonld(data) == []
    # without regions, the location's country is used
    fallback = jobposting_jsonld(jd.model_copy(update={"work_mode": "remote"}))
    assert fallback["applicantLocationRequirements"] == [
        {"@type": "Country", "name": "United States"}
    ]


def test_check_jsonld_flags_missing_location(packs: dict[str, RolePack]) -> None:
    jd = scaffold_jd(packs["medical-coder"], "coder", today=TODAY)  # no org, no location
    data = jobposting_jsonld(jd)
    problems = check_jsonld(data)
    assert any("jobLocation is missing" in p for p in problems)
    remote = jobposting_jsonld(jd.model_copy(update={"work_mode": "remote"}))
    assert any("applicantLocationRequirements" in p for p in check_jsonld(remote))
    assert check_jsonld({}) == [
        "@type is not JobPosting",
        "title is missing",
        "description is missing",
        "datePosted is missing",
        "hiringOrganization.name is missing",
        "jobLocation is missing (give an address, or mark the job remote with "
        "jobLocationType TELECOMMUTE)",
    ]


def test_jsonld_script_escaping(jd: JobDescription) -> None:
    hostile = jd.model_copy(
        update={"title": "Coder </script><script>alert(1)</script> <!-- x", "department": "A&B"}
    )
    html = render_jd(hostile, "html").decode()
    assert html.count("</script>") == 1  # only the JSON-LD element's own end tag
    assert "<!--" not in html
    assert "<\\/script>" in html
    data = _script_jsonld(html)
    assert data["title"] == hostile.title
    assert str(jsonld_script({"a": "</x>"})) == '{\n  "a": "<\\/x>"\n}'


# --- formats ---------------------------------------------------------------------------------


def test_html_sections(finished: JobDescription) -> None:
    html = render_jd(finished, "html", theme="plain").decode()
    for heading in (
        "About us",
        "The role",
        "Responsibilities",
        "Required qualifications",
        "Preferred qualifications",
        "Education and experience",
        "Preferred credentials",
        "Systems",
        "Physical demands",
        "Pay",
        "Benefits",
        "How to apply",
        "EEO statement",
    ):
        assert f"<h2>{heading}</h2>" in html
    assert "<h2>Required credentials</h2>" not in html  # the level asks for none
    assert "Preferred: " not in html  # the heading says it once
    assert "Lakeshore Regional Medical Center" in html
    assert '<h1 class="name">Medical Records Specialist</h1>' in html


def test_html_optional_sections(jd: JobDescription) -> None:
    more = jd.model_copy(
        update={"schedule": "Days, Monday to Friday", "how_to_apply": "Apply at our site."}
    )
    html = render_jd(more, "html").decode()
    assert "<h2>Schedule</h2>" in html
    assert "<h2>How to apply</h2>" in html


def test_pdf(jd: JobDescription) -> None:
    from pypdf import PdfReader

    pdf = render_jd(jd, "pdf")
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Medical Records Specialist" in text
    assert "Responsibilities" in text
    assert reader.metadata is not None
    assert reader.metadata.author == "Lakeshore Regional Medical Center"


def test_docx(jd: JobDescription) -> None:
    import docx

    document = docx.Document(io.BytesIO(render_jd(jd, "docx")))
    styles = [(p.style.name if p.style else "", p.text) for p in document.paragraphs]
    assert ("Title", "Medical Records Specialist") in styles
    headings = [text for style, text in styles if style == "Heading 1"]
    assert headings[:3] == ["About us", "The role", "Responsibilities"]
    assert "EEO statement" in headings
    bullets = [text for style, text in styles if style == "List Bullet"]
    for duty in jd.responsibilities:
        assert duty in bullets
    props = document.core_properties
    assert props.author == "Lakeshore Regional Medical Center"
    assert props.last_modified_by == "Lakeshore Regional Medical Center"
    assert "toolkit" not in (props.comments or "").lower()
    assert render_jd(jd, "docx") == render_jd(jd, "docx")


def _letterhead(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("{{ organization.name }}: {{ title }}")
    document.add_paragraph("{%p for r in responsibilities %}")
    document.add_paragraph("{{ r }}", style="List Bullet")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{{ pay }}")
    document.save(str(path))
    return path


def test_letterhead(jd: JobDescription, tmp_path: Path) -> None:
    import docx

    letterhead = _letterhead(tmp_path / "letterhead.docx")
    hostile = jd.model_copy(update={"responsibilities": ["Tom & Jerry <3", *jd.responsibilities]})
    out = render_jd(hostile, "docx", letterhead=letterhead)
    document = docx.Document(io.BytesIO(out))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Lakeshore Regional Medical Center: Medical Records Specialist"
    bullets = [p.text for p in document.paragraphs if p.style and p.style.name == "List Bullet"]
    assert bullets == hostile.responsibilities
    assert "Tom & Jerry <3" in texts
    assert not any("{%" in t or "{{" in t for t in texts)
    assert document.core_properties.author == "Lakeshore Regional Medical Center"


def test_letterhead_needs_docx(jd: JobDescription, tmp_path: Path) -> None:
    with pytest.raises(UserError):
        render_jd(jd, "pdf", letterhead=_letterhead(tmp_path / "l.docx"))


def test_unknown_format(jd: JobDescription) -> None:
    with pytest.raises(UserError, match="unknown format 'rtf' for job descriptions"):
        render_jd(jd, "rtf")


def test_markdown(jd: JobDescription, finished: JobDescription) -> None:
    md = render_jd(jd, "md").decode()
    assert md.startswith("# Medical Records Specialist\n")
    assert "## Responsibilities" in md
    assert f"- {jd.responsibilities[1]}" in md
    assert "Estimate" not in md
    assert "## Pay" not in md
    assert "- 403(b) retirement plan" in md
    assert "## Pay\n\n$39,000\u2013$53,000 a year\n" in render_jd(finished, "md").decode()


def test_json_job_schema(jd: JobDescription, finished: JobDescription) -> None:
    assert "salary" not in jobschema_json(jd)  # still the estimate
    jd = finished
    data = json.loads(render_jd(jd, "json"))
    assert data == jobschema_json(jd)
    assert data["title"] == "Medical Records Specialist"
    assert data["company"] == "Lakeshore Regional Medical Center"
    assert data["type"] == "Full-time"
    assert data["remote"] == "None"
    assert data["location"]["city"] == "Cleveland"
    assert data["responsibilities"] == jd.responsibilities
    assert data["salary"] == "$39,000\u2013$53,000 a year"
    schema_path = TESTDATA / "jsonresume_job-schema.json"
    if not schema_path.exists():
        pytest.skip("no copy of the JSON Resume job schema")
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    remote = jobschema_json(jd.model_copy(update={"work_mode": "remote", "location": None}))
    jsonschema.validate(remote, schema)
    assert remote["remote"] == "Full"


def test_remote_facts_and_location(jd: JobDescription) -> None:
    remote = jd.model_copy(
        update={
            "work_mode": "remote",
            "remote_regions": ["Ohio"],
            "location": Location(city="Akron", region="OH", country_code="US"),
        }
    )
    html = render_jd(remote, "html").decode()
    assert "Remote (Ohio)" in html
    assert _script_jsonld(html)["jobLocationType"] == "TELECOMMUTE"
