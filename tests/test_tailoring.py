"""Matching and tailoring: evidence for each requirement, and never a fabricated claim."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import toolkit
from tests.eval.tailoring_eval import added_claims
from toolkit.matching.match import match_profile
from toolkit.matching.tailor import tailor
from toolkit.models.posting import Requirement
from toolkit.pipeline import render
from toolkit.postings.extract import choose_pack, extract
from toolkit.roles import load_pack, pack_ids

ROOT = Path(__file__).resolve().parent.parent
DAY = date(2026, 11, 27)
PROFILES = sorted((ROOT / "examples").glob("*.yaml"))
POSTINGS = sorted((ROOT / "examples").glob("posting-*.txt")) + sorted(
    p for p in (ROOT / "tests" / "testdata" / "postings").glob("*") if p.suffix in (".txt", ".md")
)
PACKS = [load_pack(p) for p in pack_ids()]


def read_job(path: Path) -> toolkit.models.posting.JobPosting:  # type: ignore[name-defined]
    text = path.read_text()
    return extract(text, choose_pack(text, PACKS))


@pytest.mark.parametrize("posting", POSTINGS, ids=lambda p: p.name)
@pytest.mark.parametrize("profile_path", PROFILES, ids=lambda p: p.name)
def test_tailoring_never_adds_anything(profile_path: Path, posting: Path) -> None:
    # the same jobs, titles, dates, employers, bullets, skills, credentials and education,
    # a summary of the profile's own, and no number the profile does not hold
    profile = toolkit.load_profile(profile_path)
    assert added_claims(profile, read_job(posting), today=DAY) == []


def test_tailoring_within_a_page_budget_only_leaves_out(tmp_path: Path) -> None:
    profile = toolkit.load_profile(ROOT / "examples" / "senior-supervisor.yaml")
    job = read_job(ROOT / "examples" / "posting-roi-specialist.txt")
    result = toolkit.build(
        profile, "resume", ["pdf", "md"], out=tmp_path, job=job, max_pages=1, document_date=DAY
    )
    assert result.pages == 1
    md = next(p for p in result.paths if p.suffix == ".md").read_text().replace("\\", "")
    original = render(profile, "resume", "md", include_private=True).decode().replace("\\", "")
    for line in md.splitlines():
        if line.startswith("- ") and not line.startswith("- **"):  # bullets, not skill lines
            assert line in original, line
    assert any(n.startswith("left out") for n in result.notes)
    assert any("bullets reordered" in n for n in result.notes)


def test_tailoring_picks_the_summary_variant_and_leads_with_relevant_bullets() -> None:
    profile = toolkit.load_profile(ROOT / "examples" / "mid-rhit.yaml")
    roi_job = read_job(ROOT / "examples" / "posting-roi-specialist.txt")
    coding_job = read_job(ROOT / "examples" / "posting-him-coding-tech.txt")
    roi = tailor(profile, roi_job, load_pack(roi_job.role or ""))
    coding = tailor(profile, coding_job, load_pack(coding_job.role or ""))
    assert roi.summary_variant == "roi"
    assert coding.summary_variant == "coding"
    assert "ROI" in roi.profile.experience[0].highlights[0].text
    assert "ICD-10-CM" in coding.profile.experience[0].highlights[0].text


def test_match_gives_evidence_and_a_reason_for_each_requirement() -> None:
    profile = toolkit.load_profile(ROOT / "examples" / "mid-rhit.yaml")
    job = read_job(ROOT / "examples" / "posting-him-coding-tech.txt")
    pack = load_pack(job.role or "")
    result = match_profile(profile, job, pack, today=DAY)
    by_text = {i.requirement.text: i for i in result.items}
    cred = next(i for t, i in by_text.items() if t.startswith("CCA or CCS or RHIT"))
    assert cred.status == "met"
    assert cred.evidence is not None
    assert cred.evidence.kind == "credential"
    crc = next(i for t, i in by_text.items() if "CRC" in t)
    assert crc.status == "missing"  # neither the credential nor HCC work is in the profile
    assert crc.evidence is None
    assert all(i.reason for i in result.items)
    assert 0 <= result.score <= 100
    # every requirement is an item, but conditions of employment, which are to confirm
    assert sum(result.counts.values()) + len(result.conditions) == len(job.requirements)
    assert all(c.kind == "condition" for c in result.conditions)


def test_the_match_score_follows_its_formula() -> None:
    from toolkit.matching.facts import vocabulary
    from toolkit.matching.match import _degree_level, depth_bonus

    profile = toolkit.load_profile(ROOT / "examples" / "entry-career-changer.yaml")
    job = read_job(ROOT / "examples" / "posting-roi-specialist.txt")
    result = match_profile(profile, job, load_pack(job.role or ""), today=DAY)

    def weight(req: Requirement) -> int:  # anyone may have a diploma or a quality: weight 1
        generic = req.kind == "quality" or (
            req.kind == "education" and _degree_level(req.text) == 1
        )
        if req.kind == "responsibility" or generic:
            return 1
        return 5 if req.kind == "experience" and req.years else 3  # years asked: screened first

    required = [
        (weight(i.requirement), i.score)
        for i in result.items
        if i.requirement.importance == "required" or i.requirement.kind == "responsibility"
    ]
    preferred = [
        i.score
        for i in result.items
        if i.requirement.importance == "preferred" and i.requirement.kind != "responsibility"
    ]
    r = sum(w * s for w, s in required) / sum(w for w, _ in required)
    value = 0.85 * r + 0.15 * sum(preferred) / len(preferred) if preferred else r
    base = round(100 * value)
    pack = load_pack(job.role or "")
    bonus = depth_bonus(profile, job, pack, vocabulary(pack), DAY)  # years in the work itself
    assert 0 <= bonus <= 5
    assert result.score == min(100, round(base + bonus * base / 100))


def test_meeting_everything_required_scores_85_or_more_whatever_is_preferred() -> None:
    from toolkit.matching.match import MatchItem, overall_score
    from toolkit.models.posting import Requirement

    def item(importance: str, score: float) -> MatchItem:
        req = Requirement(id="r", text="x", kind="skill", importance=importance)  # type: ignore[arg-type]
        return MatchItem(req, "met" if score else "missing", score, None, "")

    strong = [item("required", 1.0)] * 4 + [item("preferred", 0.0)] * 6
    weak = [item("required", 0.3)] * 4 + [item("preferred", 1.0)] * 6
    assert overall_score(strong)[0] >= 85
    assert overall_score(weak)[0] < overall_score(strong)[0]
    assert overall_score([item("required", 1.0)])[1]  # one requirement read: a warning


def test_extraction_of_the_example_postings() -> None:
    pack = load_pack("medical-records-specialist")
    coding = extract((ROOT / "examples" / "posting-him-coding-tech.txt").read_text(), pack)
    assert coding.title == "Health Information Technician - Outpatient Coding"
    assert coding.employer == "Blue Ridge Community Health Partners"
    assert coding.location == "Asheville, NC"
    assert coding.work_mode == "hybrid"
    assert coding.pay is not None
    assert (coding.pay.min, coding.pay.max, coding.pay.period) == (23.0, 30.5, "hour")
    assert coding.credentials[0] == ["cca", "ccs", "rhit"]
    first = next(r for r in coding.requirements if r.credentials)
    assert first.importance == "required"
    crc = next(r for r in coding.requirements if r.credentials == [["crc"]])
    assert crc.importance == "preferred"
    years = next(r for r in coding.requirements if r.kind == "experience")
    assert years.years == 1
    assert "icd-10-cm" in coding.keywords[:5]
    roi = extract((ROOT / "examples" / "posting-roi-specialist.txt").read_text(), pack)
    assert roi.credentials == [["rhit"]]
    assert next(r for r in roi.requirements if r.credentials).importance == "preferred"
    assert sum(1 for r in roi.requirements if r.kind == "responsibility") >= 6


@pytest.mark.parametrize(
    ("text", "groups"),
    [
        ("RHIT or RHIA required.", [["rhit", "rhia"]]),
        ("Active CCS, CPC, or RHIT credential.", [["ccs", "cpc", "rhit"]]),
        ("RHIT and CCS required.", [["rhit"], ["ccs"]]),
        ("CCS-P preferred; CCS considered.", [["ccs-p"], ["ccs"]]),
        ("Must hold the Certified Coding Specialist (CCS) credential.", [["ccs"]]),
    ],
)
def test_credential_alternatives(text: str, groups: list[list[str]]) -> None:
    job = extract(f"Requirements\n- {text}\n", load_pack("medical-records-specialist"))
    assert job.credentials == groups


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("2+ years of HIM experience", 2),
        ("Two years of ROI experience", 2),
        ("3-5 years in health information", 3),
        ("at least one (1) year of experience", 1),
    ],
)
def test_years_of_experience(text: str, years: float) -> None:
    job = extract(f"Requirements\n- {text}\n", load_pack("medical-records-specialist"))
    assert job.requirements[0].years == years


def test_uk_person_specification_essential_and_desirable() -> None:
    text = (
        "Health Records Officer\nPerson Specification\n"
        "Criteria | Essential/Desirable | Assessed by\n"
        "Good standard of education, GCSE English and Maths | Essential | Application\n"
        "Experience of working with health records | Essential | Interview\n"
        "Knowledge of the Data Protection Act | Desirable | Interview\n"
        "Experience with Epic | Desirable | Interview\n"
    )
    job = extract(text, load_pack("medical-records-specialist"))
    found = {(r.text, r.importance) for r in job.requirements}
    assert ("Good standard of education, GCSE English and Maths", "required") in found
    assert ("Knowledge of the Data Protection Act", "preferred") in found
    assert ("Experience with Epic", "preferred") in found


def test_run_together_bullets_are_split() -> None:
    text = (
        "Qualifications: RHIT required • 2 years of release of information experience • "
        "Epic experience preferred • Strong knowledge of HIPAA"
    )
    job = extract(text, load_pack("medical-records-specialist"))
    texts = [r.text for r in job.requirements]
    assert texts == [
        "RHIT required",
        "2 years of release of information experience",
        "Epic experience preferred",
        "Strong knowledge of HIPAA",
    ]
    assert [r.importance for r in job.requirements] == [
        "required",
        "required",
        "preferred",
        "required",
    ]


def test_emphasis_bolds_the_postings_terms_and_stays_escaped() -> None:
    from toolkit.formats.html import emphasize

    profile = toolkit.load_profile(ROOT / "examples" / "mid-rhit.yaml")
    job = read_job(ROOT / "examples" / "posting-roi-specialist.txt")
    html = render(profile, "resume", "html", job=job, emphasize=True).decode()
    assert '<strong class="match">Epic ROI</strong>' in html
    plain = render(profile, "resume", "html", job=job).decode()
    assert '<strong class="match">' not in plain
    md = render(profile, "resume", "md", job=job, emphasize=True).decode()
    assert "**Epic ROI**" in md
    marked = emphasize("<b>Tom & Jerry</b> use Epic & HIPAA", ["Epic", "HIPAA", "Tom & Jerry"])
    assert str(marked) == (
        '&lt;b&gt;<strong class="match">Tom &amp; Jerry</strong>&lt;/b&gt; use '
        '<strong class="match">Epic</strong> &amp; <strong class="match">HIPAA</strong>'
    )


def test_cli_match_and_tailored_resume(tmp_path: Path) -> None:
    from tests.test_cli import run

    result = run(
        "match",
        "examples/mid-rhit.yaml",
        "examples/posting-him-coding-tech.txt",
        "-f",
        "html,json",
        "-o",
        str(tmp_path),
        columns=180,
    )
    assert result.returncode == 0, result.stderr
    assert "match " in result.stdout
    assert "/100" in result.stdout
    folder = tmp_path / "marcus-t-bell"
    html = next(folder.glob("match-*.html")).read_text()
    assert "<svg" in html
    assert "<script" not in html
    tailored = run(
        "resume",
        "examples/mid-rhit.yaml",
        "--job",
        "examples/posting-him-coding-tech.txt",
        "--explain",
        "-f",
        "txt",
        "-o",
        str(tmp_path),
        columns=180,
    )
    assert tailored.returncode == 0, tailored.stderr
    assert "tailored to Health Information Technician - Outpatient Coding" in tailored.stdout
    assert "tailor: summary: the 'coding' variant" in tailored.stdout
    text = (folder / "resume.txt").read_text()
    assert "RHIT and CCA with outpatient ICD-10-CM coding support" in text


def test_load_job_says_when_a_posting_file_is_missing() -> None:
    with pytest.raises(toolkit.NotFoundError, match="no such file"):
        toolkit.load_job("no-such-posting.pdf")
    assert toolkit.load_job("Requirements\n- RHIT required\n").credentials == [["rhit"]]
