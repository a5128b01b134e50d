"""Tailoring is never worse than the untailored resume.

Over every example profile and every example and fixture posting: each role leads with a
relevant, strong bullet (and never a bullet proving nothing above the person's own first),
the summary variant is one written for the posting's kind of role, the tailored resume takes
no more pages than the untailored one, and ``--explain`` names only what changed.
"""

from __future__ import annotations

import functools
import io
import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

import toolkit
from toolkit.documents.context import DocumentContext
from toolkit.documents.kinds import make_context
from toolkit.documents.resume import fit_tailored
from toolkit.formats import Settings, pdf
from toolkit.matching.tailor import (
    Tailoring,
    about_managing,
    posting_manages,
    strength,
    tailor,
)
from toolkit.models.options import DocumentOptions
from toolkit.models.posting import JobPosting
from toolkit.models.profile import Profile
from toolkit.models.rolepack import RolePack
from toolkit.models.select import select
from toolkit.postings.extract import choose_pack, extract
from toolkit.roles import load_pack, pack_for, pack_ids

ROOT = Path(__file__).resolve().parent.parent
DAY = date(2026, 11, 27)
PROFILES = sorted((ROOT / "examples").glob("*.yaml"))
POSTINGS = sorted((ROOT / "examples").glob("posting-*.txt")) + sorted(
    p for p in (ROOT / "tests" / "testdata" / "postings").glob("*") if p.suffix in (".txt", ".md")
)
OPTIONS = DocumentOptions(document_date=DAY)


@functools.cache
def _packs() -> list[RolePack]:
    return [load_pack(p) for p in pack_ids()]


@functools.cache
def read_job(path: Path) -> JobPosting:
    text = path.read_text()
    return extract(text, choose_pack(text, _packs()))


@functools.cache
def read_profile(path: Path) -> Profile:
    return toolkit.load_profile(path)


@functools.cache
def tailored(profile_path: Path, posting: Path) -> Tailoring:
    """Tailoring as a resume does it: of the selected profile."""
    job = read_job(posting)
    return tailor(select(read_profile(profile_path)), job, pack_for(None, job))


def _roles(doc: DocumentContext) -> dict[str, tuple[str, ...]]:
    """Each role's bullets as the resume shows them, by 'title, employer'."""
    return {
        f"{item.title}, {item.subtitle}": item.bullets
        for section in doc.sections
        if section.id in ("experience", "volunteer")
        for item in section.items
    }


pairs = pytest.mark.parametrize(
    ("profile_path", "posting"),
    [(p, j) for p in PROFILES for j in POSTINGS],
    ids=lambda p: p.stem,
)


# --- the lead bullets -------------------------------------------------------------------------


@pairs
def test_each_role_leads_with_a_relevant_strong_bullet(profile_path: Path, posting: Path) -> None:
    result = tailored(profile_path, posting)
    relevance = result.relevance
    original = select(read_profile(profile_path))
    shown = select(result.profile, include_private=True)  # as the resume orders them
    for before, after in zip(original.experience, shown.experience, strict=True):
        if not before.highlights:
            continue
        own = [h.text for h in before.highlights]
        now = [h.text for h in after.highlights]
        assert sorted(now) == sorted(own)  # the same bullets, only ordered
        first, lead = own[0], now[0]
        # a bullet proving nothing the posting asks never moves above the person's first
        for text in now[: now.index(first)]:
            assert relevance[text] > 0, (before.title, text)
        if relevance[first] > 0:
            assert relevance[lead] > 0, (before.title, lead)
        # a bullet with neither a number nor a result does not lead one with both that is
        # about as relevant (four fifths or more)
        if strength(lead) == 0:
            for text in now[1:]:
                close = relevance[text] >= 0.8 * relevance[lead]
                assert not (strength(text) == 1 and close and relevance[text] > 0), (lead, text)
        # bullets proving nothing keep the person's order among themselves
        idle = [t for t in now if relevance[t] == 0]
        assert idle == [t for t in own if relevance[t] == 0]


def test_a_weak_bullet_does_not_displace_a_strong_first_bullet() -> None:
    # the career changer's "Completed annual HIPAA training with no audit findings; redirected
    # walk-in requests to the ROI desk" names ROI and audits without doing either
    result = tailored(ROOT / "examples" / "entry-career-changer.yaml", POSTINGS[1])
    assert POSTINGS[1].name == "posting-roi-specialist.txt"
    first = result.profile.experience[0].highlights[0].text
    assert first.startswith("Registered 45-60 patients a day in Epic Prelude")


def test_a_relevant_result_leads_a_role() -> None:
    result = tailored(ROOT / "examples" / "senior-supervisor.yaml", POSTINGS[1])
    lead = result.profile.experience[0].highlights[0].text
    assert lead.startswith("Run a monthly ROI quality audit")  # ROI, with a number and a result
    assert strength(lead) == 1


def test_a_soft_skill_does_not_lift_other_work_above_the_postings_own() -> None:
    """For a release-of-information posting, the disclosure review, the ROI training and the
    subpoena backlog come before a coding bullet that shows only "careful work" (its audit
    accuracy): a soft skill every bullet with a number shows counts a third of a requirement."""
    result = tailored(ROOT / "examples" / "mid-rhit.yaml", POSTINGS[1])
    bullets = [h.text for h in result.profile.experience[0].highlights]
    coding = next(i for i, b in enumerate(bullets) if b.startswith("Assign ICD-10-CM codes"))
    for work in ("Reviewed 2,300 disclosures", "Train new ROI staff", "Cut the subpoena"):
        assert next(i for i, b in enumerate(bullets) if b.startswith(work)) < coding, work


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Cut average ROI turnaround from 11.6 to 4.1 days within a year.", 1.0),
        ("Supervise nine ROI, scanning and MPI staff across two sites.", 0.5),
        ("Coded encounters in ICD-9-CM and then ICD-10-CM for the 2015 transition.", 0.0),
        ("Answered questions on 42 CFR Part 2 records.", 0.0),
        ("Kept delinquent records under the 5% threshold.", 1.0),
        ("Improved the scanning workflow for the clinic.", 0.5),
    ],
)
def test_strength_is_a_number_and_a_result(text: str, expected: float) -> None:
    assert strength(text) == expected


# --- the summary ------------------------------------------------------------------------------


@pairs
def test_the_summary_variant_fits_the_postings_kind_of_role(
    profile_path: Path, posting: Path
) -> None:
    result = tailored(profile_path, posting)
    profile = read_profile(profile_path)
    if result.summary_variant is None:
        assert result.profile.basics.summary == profile.basics.summary
        return
    text = profile.basics.summaries[result.summary_variant]
    assert result.profile.basics.summary == text
    job = read_job(posting)
    manages = posting_manages(job, pack_for(None, job))
    if manages is not None:
        assert about_managing(result.summary_variant, text) == manages, job.title


def test_a_supervisor_summary_is_not_picked_for_a_specialist_posting() -> None:
    senior = ROOT / "examples" / "senior-supervisor.yaml"
    for posting in POSTINGS:
        job = read_job(posting)
        if job.title and "supervisor" not in job.title.lower():
            assert tailored(senior, posting).summary_variant != "supervisor", job.title


def _profile_with(summaries: dict[str, str], summary: str) -> Profile:
    return Profile.model_validate(
        {
            "basics": {"name": "Test Person", "summary": summary, "summaries": summaries},
            "experience": [
                {
                    "employer": "Hospital",
                    "title": "ROI Specialist",
                    "start": "2020-01",
                    "highlights": ["Processed 900 release-of-information requests a month."],
                }
            ],
        }
    )


SPECIALIST = "Release of Information Specialist\nRequirements\n- 2 years of ROI experience\n"
SUPERVISOR = "Release of Information Supervisor\nRequirements\n- 2 years of ROI experience\n"


@pytest.mark.parametrize(
    ("posting", "expected"),
    [(SPECIALIST, "roi"), (SUPERVISOR, "supervisor")],
)
def test_the_variant_follows_the_postings_level(posting: str, expected: str) -> None:
    profile = _profile_with(
        {
            "supervisor": "HIM supervisor who runs a release of information team.",
            "roi": "Specialist who processes release of information requests.",
        },
        "Health information professional.",
    )
    job = toolkit.load_job(posting)
    assert tailor(profile, job, pack_for(None, job)).summary_variant == expected


def test_ties_keep_the_default_summary() -> None:
    profile = _profile_with(
        {"other": "Specialist in release of information."},
        "Specialist in release of information requests.",
    )
    job = toolkit.load_job(SPECIALIST)
    result = tailor(profile, job, pack_for(None, job))
    assert result.summary_variant is None
    assert result.profile.basics.summary == profile.basics.summary
    assert not any(c.startswith("summary") for c in result.changes)


# --- --explain --------------------------------------------------------------------------------


@pairs
def test_explain_names_exactly_what_changed(profile_path: Path, posting: Path) -> None:
    profile = read_profile(profile_path)
    job = read_job(posting)
    plain, none = make_context(profile, "resume", OPTIONS)
    doc, changes = make_context(profile, "resume", OPTIONS, job=job)
    assert none == []
    assert isinstance(plain, DocumentContext)
    assert isinstance(doc, DocumentContext)
    before, after = _roles(plain), _roles(doc)
    moved = {role for role in before if before[role] != after[role]}
    noted = {c.split(": bullets reordered")[0] for c in changes if ": bullets reordered" in c}
    assert noted == moved
    for note in changes:  # the place a note names holds the bullet it quotes
        found = re.match(r"(.+): bullets reordered, (\w+) now '(.+?)(?:\.\.\.)?'", note)
        if found:
            role, place, quoted = found.groups()
            at = 0 if place == "first" else int(re.sub(r"\D", "", place)) - 1
            assert after[role][at].startswith(quoted)
            assert after[role][:at] == before[role][:at]

    def section(d: DocumentContext, sid: str) -> object:
        return next(((s.text, s.items) for s in d.sections if s.id == sid), None)

    assert any(c.startswith("summary") for c in changes) == (
        section(plain, "summary") != section(doc, "summary")
    )
    assert any(c.startswith("skills") for c in changes) == (
        section(plain, "skills") != section(doc, "skills")
    )


def test_explain_prints_nothing_when_nothing_changed(tmp_path: Path) -> None:
    from tests.test_cli import run

    result = run(
        "resume",
        "examples/senior-supervisor.yaml",
        "--job",
        "tests/testdata/postings/09_cancer_registrar.txt",
        "--explain",
        "-f",
        "md",
        "-o",
        str(tmp_path),
        columns=200,
    )
    assert result.returncode == 0, result.stderr
    assert "tailored to Cancer Registrar" in result.stdout
    assert "tailor:" not in result.stdout


def test_explain_names_only_roles_whose_order_changed(tmp_path: Path) -> None:
    from tests.test_cli import run

    result = run(
        "resume",
        "examples/mid-rhit.yaml",
        "--job",
        "tests/testdata/postings/21_cancer_registrar_overview.txt",
        "--explain",
        "-f",
        "md",
        "-o",
        str(tmp_path),
        columns=300,
    )
    assert result.returncode == 0, result.stderr
    notes = [line for line in result.stdout.splitlines() if line.startswith("tailor:")]
    assert len(notes) == 1
    assert notes[0].startswith(
        "tailor: Health Information Technician, Cedar Valley Orthopedic & Spine: bullets "
        "reordered, first now 'Supported coders by abstracting ICD-10-CM"
    )


# --- pages ------------------------------------------------------------------------------------


@functools.cache
def _pages(profile_path: Path, posting: Path | None) -> int:
    job = read_job(posting) if posting else None
    data = toolkit.render(read_profile(profile_path), "resume", "pdf", job=job, document_date=DAY)
    return len(PdfReader(io.BytesIO(data)).pages)


@pytest.mark.slow
@pairs
def test_a_tailored_resume_takes_no_more_pages(profile_path: Path, posting: Path) -> None:
    assert _pages(profile_path, posting) <= _pages(profile_path, None)


def _count(doc: DocumentContext) -> int:
    return pdf.pages(doc, Settings())


def test_fitting_a_tailored_resume_leaves_out_the_least_relevant_bullets() -> None:
    # the senior example's tailored resume ran a bullet onto a third page
    senior, posting = ROOT / "examples" / "senior-supervisor.yaml", POSTINGS[1]
    job = read_job(posting)
    plain = make_context(read_profile(senior), "resume", OPTIONS)[0]
    doc = make_context(read_profile(senior), "resume", OPTIONS, job=job)[0]
    assert isinstance(plain, DocumentContext)
    assert isinstance(doc, DocumentContext)
    budget = _count(plain)
    fitted, pages, left_out = fit_tailored(doc, _count, budget)
    assert pages <= budget
    assert pages == _count(fitted)
    assert len(left_out) <= 2  # a stray bullet or two, never a section's worth
    before, after = _roles(doc), _roles(fitted)
    relevance = tailored(senior, posting).relevance
    volunteer = {
        f"{i.title}, {i.subtitle}" for s in doc.sections if s.id == "volunteer" for i in s.items
    }
    for role, bullets in before.items():
        if role not in after:  # a supplementary entry may go whole, a job never
            assert role in volunteer
            continue
        assert after[role][0] == bullets[0]  # no role loses its lead
        gone = [b for b in bullets if b not in after[role]]
        kept = [b for b in after[role] if b in relevance]
        for text in gone:  # what went proves no more of the posting than what stayed
            if text in relevance and kept:
                assert relevance[text] <= max(relevance[k] for k in kept)
    assert all(n.startswith("left out: ") for n in left_out)


def _bullets(doc: DocumentContext) -> int:
    return sum(len(item.bullets) for section in doc.sections for item in section.items)


@pytest.mark.parametrize(
    ("spare", "budget", "left_out", "pages"),
    [
        (1, 3, 1, 2),  # one bullet spilled onto page 3: it goes, though 3 pages are allowed
        (2, 3, 2, 2),  # two bullets: both go
        (3, 3, 0, 3),  # three: a page worth keeping
        (3, 2, 3, 2),  # over the budget: the fewest that fit
    ],
)
def test_fitting_leaves_out_the_fewest_bullets(
    spare: int, budget: int, left_out: int, pages: int
) -> None:
    # a resume whose two pages hold all its bullets but ``spare`` of them (with no
    # supplementary sections, whose entries would go whole before a bullet)
    senior = read_profile(ROOT / "examples" / "senior-supervisor.yaml")
    senior = senior.model_copy(update={"volunteer": [], "awards": [], "custom": []})
    doc = make_context(senior, "resume", OPTIONS, job=read_job(POSTINGS[1]))[0]
    assert isinstance(doc, DocumentContext)
    two_pages = _bullets(doc) - spare

    def count(d: DocumentContext) -> int:
        return 3 if _bullets(d) > two_pages else 2 if _bullets(d) > two_pages // 2 else 1

    fitted, fitted_pages, notes = fit_tailored(doc, count, budget)
    assert (len(notes), fitted_pages) == (left_out, pages)
    assert _bullets(fitted) == _bullets(doc) - left_out


def test_a_resume_within_its_budget_keeps_every_bullet() -> None:
    mid, posting = ROOT / "examples" / "mid-rhit.yaml", POSTINGS[0]
    doc = make_context(read_profile(mid), "resume", OPTIONS, job=read_job(posting))[0]
    assert isinstance(doc, DocumentContext)
    pages = _count(doc)
    fitted, fitted_pages, left_out = fit_tailored(doc, _count, pages, stray=0)
    assert (fitted, fitted_pages, left_out) == (doc, pages, [])


def test_a_tailored_resume_is_fitted_to_the_untailored_page_count(tmp_path: Path) -> None:
    # the senior example's tailored resume once ran a bullet onto a page of its own
    senior = ROOT / "examples" / "senior-supervisor.yaml"
    result = toolkit.build(
        read_profile(senior),
        "resume",
        ["pdf"],
        out=tmp_path,
        job=read_job(POSTINGS[1]),
        document_date=DAY,
    )
    assert result.pages is not None  # laid out and fitted, though no --max-pages was given
    assert result.pages <= _pages(senior, None)
    written = next(p for p in result.paths if p.suffix == ".pdf")
    assert len(PdfReader(written).pages) == result.pages
    assert sum(n.startswith("left out") for n in result.notes) <= 2
