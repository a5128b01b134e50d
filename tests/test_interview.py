"""The interview practice sheet: choosing questions, STAR outlines and every format."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

import toolkit
from toolkit.documents.interview import (
    NO_EXAMPLE,
    InterviewSheet,
    build_interview_sheet,
    interview_sheet,
    outcome_strength,
    plain_level,
)
from toolkit.formats import render as render_format
from toolkit.matching.evidence import profile_lines
from toolkit.matching.facts import years_of_experience
from toolkit.models.posting import JobPosting, Requirement
from toolkit.models.profile import Profile
from toolkit.models.rolepack import RolePack
from toolkit.roles import load_pack

ROOT = Path(__file__).resolve().parents[1]
DAY = date(2026, 3, 1)


@pytest.fixture(scope="module")
def profile() -> Profile:
    return toolkit.load_profile(ROOT / "examples" / "mid-rhit.yaml")


@pytest.fixture(scope="module")
def job() -> JobPosting:
    return toolkit.load_job(ROOT / "examples" / "posting-him-coding-tech.txt")


@pytest.fixture(scope="module")
def pack(job: JobPosting) -> RolePack:
    assert job.role
    return load_pack(job.role)


@pytest.fixture(scope="module")
def sheet(profile: Profile, pack: RolePack, job: JobPosting) -> InterviewSheet:
    return build_interview_sheet(profile, pack, job=job, seed=7, document_date=DAY)


def _ids(sheet: InterviewSheet) -> tuple[str, ...]:
    return tuple(q.id for q in sheet.questions)


@pytest.mark.parametrize("count", [0, 1, 4, 10])
def test_count_is_respected(profile: Profile, pack: RolePack, job: JobPosting, count: int) -> None:
    sheet = build_interview_sheet(profile, pack, job=job, count=count, document_date=DAY)
    assert len(sheet.questions) == count


def test_count_is_capped_by_the_level(profile: Profile, pack: RolePack) -> None:
    level = pack.levels[0]
    available = sum(1 for q in pack.questions if level.id in q.levels)
    sheet = build_interview_sheet(profile, pack, level=level.id, count=500, document_date=DAY)
    assert len(sheet.questions) == available


def test_same_seed_gives_the_same_sheet(profile: Profile, pack: RolePack, job: JobPosting) -> None:
    first = build_interview_sheet(profile, pack, job=job, seed=3, document_date=DAY)
    second = build_interview_sheet(profile, pack, job=job, seed=3, document_date=DAY)
    assert first == second
    assert first.to_data() == second.to_data()


def test_different_seeds_can_give_different_selections(profile: Profile) -> None:
    pack = load_pack("medical-records-specialist")
    selections = {
        _ids(build_interview_sheet(profile, pack, level="specialist", seed=s, count=6))
        for s in range(8)
    }
    assert len(selections) > 1


def test_questions_suit_the_level(sheet: InterviewSheet, pack: RolePack) -> None:
    by_id = {q.id: q for q in pack.questions}
    assert sheet.questions
    for q in sheet.questions:
        assert sheet.level_id in by_id[q.id].levels


def test_explicit_level_is_used(profile: Profile, pack: RolePack, job: JobPosting) -> None:
    level = pack.levels[0]
    sheet = build_interview_sheet(profile, pack, job=job, level=level.id, document_date=DAY)
    assert sheet.level_id == level.id
    assert sheet.level == level.title


def test_unknown_level_raises(profile: Profile, pack: RolePack) -> None:
    with pytest.raises(KeyError):
        build_interview_sheet(profile, pack, level="no-such-level")


def test_no_question_is_repeated(sheet: InterviewSheet) -> None:
    assert len(set(_ids(sheet))) == len(sheet.questions)


def test_kinds_are_mixed(sheet: InterviewSheet) -> None:
    assert len({q.kind for q in sheet.questions}) >= 3


def test_a_question_probing_a_missing_skill_is_included(profile: Profile, pack: RolePack) -> None:
    level = plain_level(pack)  # a posting that names no rank, grade or years hires here
    lines = " ".join(line.text for line in profile_lines(profile)).casefold()
    # a skill the level's questions probe that the profile never names
    skill = next(
        s
        for q in pack.questions
        if level.id in q.levels
        for s in q.skills
        if not any(sp.casefold() in lines for sp in pack.skill_or_system(s).spellings())
    )
    name = pack.skill_or_system(skill).name
    job = JobPosting(
        title="Coder",
        requirements=[
            Requirement(
                id="r1",
                text=f"{name} required",
                kind="skill",
                importance="required",
                terms=[skill],
            )
        ],
        text=f"{name} required",
    )
    sheet = build_interview_sheet(profile, pack, job=job, count=3, document_date=DAY)
    assert sheet.level_id == level.id
    probing = [q for q in sheet.questions if name in q.skills]
    assert probing
    said = name[0].lower() + name[1:] if name[1:2].islower() else name
    assert probing[0].focus == "gap"
    assert probing[0].reason == (
        f"Asked because the posting requires {said}, which your profile does not show yet."
    )
    assert probing[0].reason_chosen == (
        f"probes {said}, which the posting requires and your profile does not show yet"
    )


def test_star_seeds_are_verbatim_profile_lines(sheet: InterviewSheet, profile: Profile) -> None:
    bullets = {line.text for line in profile_lines(profile) if line.kind == "highlight"}
    settings = {job.description for job in profile.experience if job.description}
    seeded = 0
    for q in sheet.questions:
        star = q.star
        steps = {s.label: s for s in star.steps}
        assert list(steps) == ["Situation", "Task", "Action", "Result"]
        assert steps["Task"].seed is None  # what was theirs to do is the applicant's to say
        if star.example is None:
            assert star.note == NO_EXAMPLE
            assert all(s.seed is None for s in star.steps)
            continue
        seeded += 1
        assert star.example.text in bullets
        assert star.example.employer
        assert star.example.employer in star.example.where
        assert star.example.text in (steps["Action"].seed, steps["Result"].seed)
        for label in ("Action", "Result"):
            assert steps[label].seed is None or steps[label].seed in bullets
        assert steps["Situation"].seed is None or steps["Situation"].seed in settings
        quoted = [s.seed for s in star.steps if s.seed]
        assert len(quoted) == len(set(quoted))
        for other in star.others:
            assert other.text in bullets
            assert other.text not in quoted
    assert seeded


def test_action_and_result_quote_different_lines_of_one_story() -> None:
    """The Result states an outcome (a figure or a change) and comes from the same job as
    the Action; the two are never the same bullet."""
    job = toolkit.load_job(ROOT / "examples" / "posting-roi-specialist.txt")
    both = 0
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        person = toolkit.load_profile(path)
        where = {h.text: j.employer for j in person.experience for h in j.highlights}
        for q in interview_sheet(person, job=job, count=20, seed=7).questions:
            steps = {s.label: s.seed for s in q.star.steps}
            action, result = steps["Action"], steps["Result"]
            if result:
                assert outcome_strength(result) > 0
            if action and result:
                both += 1
                assert action != result
                assert where.get(action) == where.get(result)
    assert both


def test_a_single_fitting_bullet_with_a_figure_is_the_result(pack: RolePack) -> None:
    profile = toolkit.parse_profile(
        "basics: {name: Ana Ruiz}\n"
        "experience:\n"
        "  - employer: Lakeside Clinic\n"
        "    title: Coder\n"
        "    description: Six-provider family practice\n"
        "    start: 2023-01\n"
        "    highlights:\n"
        "      - Cut the coding backlog from 300 to 40 encounters by coding ICD-10-CM daily.\n",
        "yaml",
    )
    sheet = build_interview_sheet(profile, pack, level="coder", count=40, document_date=DAY)
    seeded = [q for q in sheet.questions if q.star.example]
    assert seeded
    for q in seeded:
        steps = {s.label: s for s in q.star.steps}
        assert steps["Result"].seed == profile.experience[0].highlights[0].text
        assert steps["Action"].seed is None
        assert steps["Action"].prompt == "What did you do, step by step?"
        assert steps["Situation"].seed == "Six-provider family practice"


def test_reasons_are_given(sheet: InterviewSheet) -> None:
    assert all(q.reason_chosen for q in sheet.questions)


def test_without_a_job_the_level_is_inferred_from_years(profile: Profile) -> None:
    pack = load_pack("medical-records-specialist")
    years = years_of_experience(profile, DAY)
    sheet = build_interview_sheet(profile, pack, document_date=DAY)
    expected = max((lv for lv in pack.levels if lv.years.min <= years), key=lambda lv: lv.years.min)
    assert sheet.level_id == expected.id
    assert sheet.job_title is None
    assert sheet.heading == f"Interview practice — {expected.title}"
    assert len(sheet.questions) == 10


def test_questions_to_ask_suit_the_level(sheet: InterviewSheet, pack: RolePack) -> None:
    assert 0 < len(sheet.questions_to_ask) <= 5
    texts = {c.text: c for c in pack.questions_to_ask}
    for a in sheet.questions_to_ask:
        levels = texts[a.text].levels
        assert not levels or sheet.level_id in levels


def test_tips_only_in_the_tips_variant(profile: Profile, pack: RolePack, job: JobPosting) -> None:
    plain = build_interview_sheet(profile, pack, job=job, seed=1, document_date=DAY)
    tipped = build_interview_sheet(
        profile, pack, job=job, seed=1, with_tips=True, document_date=DAY
    )
    tips = [t for q in tipped.questions for t in q.tips]
    assert tips
    assert all(not q["tips"] for q in plain.to_data()["questions"])
    for fmt in ("html", "md"):
        without = render_format(plain, fmt).decode()
        with_ = render_format(tipped, fmt).decode()
        assert tips[0] not in without
        assert tips[0] in with_


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_pdf_has_every_question(sheet: InterviewSheet) -> None:
    data = render_format(sheet, "pdf")
    assert data.startswith(b"%PDF")
    text = _pdf_text(data)
    for q in sheet.questions:
        assert " ".join(q.text.split()) in text
    assert sheet.person.name in text
    assert b"WeasyPrint" not in data


def test_html_gives_each_answer_its_lines(sheet: InterviewSheet) -> None:
    """Seven ruled lines a question; the page may turn between a question's parts (so no
    question is kept whole at the cost of a third of a page), never inside the answer."""
    html = render_format(sheet, "html").decode()
    assert html.count('class="question"') == len(sheet.questions)
    assert html.count('class="iq-line"') == 7 * len(sheet.questions)
    assert "article.question { break-inside: avoid" not in html
    assert ".question .iq-answer { margin-top: 0.45em; break-inside: avoid; }" in html
    for q in sheet.questions:
        assert q.reason in html
    assert "chosen because it" not in html
    assert "Interview practice" in html


def test_docx_headings_and_properties(profile: Profile, pack: RolePack, job: JobPosting) -> None:
    import docx

    sheet = build_interview_sheet(profile, pack, job=job, seed=2, with_tips=True, document_date=DAY)
    data = render_format(sheet, "docx")
    assert data == render_format(sheet, "docx")
    document = docx.Document(io.BytesIO(data))
    styles = [(p.style.name if p.style else "", p.text) for p in document.paragraphs]
    assert styles[0] == ("Title", sheet.person.name)
    headings = [t for s, t in styles if s == "Heading 1"]
    assert headings[: len(sheet.questions)] == [
        f"{n}. {q.text}" for n, q in enumerate(sheet.questions, 1)
    ]
    bullets = {t for s, t in styles if s == "List Bullet"}
    assert {t for q in sheet.questions for t in q.tips} <= bullets
    props = document.core_properties
    assert props.author == sheet.person.name
    assert props.last_modified_by == sheet.person.name
    app = zipfile.ZipFile(io.BytesIO(data))
    blob = b"".join(app.read(n) for n in app.namelist() if n.endswith(".xml"))
    assert b"python-docx" not in blob


def test_markdown(sheet: InterviewSheet) -> None:
    md = render_format(sheet, "md").decode()
    assert md.startswith(f"# {sheet.heading}\n")
    for n, q in enumerate(sheet.questions, 1):
        assert f"## {n}. {q.text}" in md
    assert "## Questions to ask them" in md


def test_unknown_format(sheet: InterviewSheet) -> None:
    with pytest.raises(toolkit.UserError):
        render_format(sheet, "rtf")


def test_golden_markdown(
    profile: Profile, pack: RolePack, job: JobPosting, golden: Callable[[str, str], None]
) -> None:
    sheet = build_interview_sheet(profile, pack, job=job, seed=7, count=4, document_date=DAY)
    golden("sheet.md", render_format(sheet, "md").decode())


def test_render_takes_the_theme_and_page_size_of_its_options(profile: Profile) -> None:
    from pypdf import PdfReader

    plain = toolkit.render(profile, "interview", "html", document_date=DAY).decode()
    modern = toolkit.render(
        profile, "interview", "html", theme="modern", page_size="a4", document_date=DAY
    ).decode()
    assert "size: letter" in plain
    assert "size: a4" in modern.lower()
    assert '"Open Sans"' in modern
    assert '"Open Sans"' not in plain
    pdf = toolkit.render(profile, "interview", "pdf", page_size="a4", document_date=DAY)
    width = float(PdfReader(io.BytesIO(pdf)).pages[0].mediabox.width)
    assert round(width) == 595  # A4, not Letter's 612


def test_a_batchs_options_reach_its_interview_sheets(tmp_path: Path) -> None:
    from toolkit.batch import SerialExecutor, run_batch

    manifest = tmp_path / "batch.yaml"
    manifest.write_text(
        f"profiles: [{ROOT / 'examples' / 'mid-rhit.yaml'}]\nkinds: [interview]\n"
        "formats: [html]\nout: out\noptions: {theme: modern, page_size: a4, "
        "document_date: 2026-03-01}\n",
        encoding="utf-8",
    )
    report = run_batch(manifest, executor=SerialExecutor())
    assert report.totals["ok"] == 1
    written = Path(report.items[0].outputs[0]).read_bytes()
    assert written == toolkit.render(
        toolkit.load_profile(ROOT / "examples" / "mid-rhit.yaml"),
        "interview",
        "html",
        theme="modern",
        page_size="a4",
        document_date=DAY,
    )


@pytest.mark.parametrize(
    ("title", "years", "level"),
    [
        ("Senior Medical Coder", None, "senior-coder"),
        ("Coding Apprentice", None, "coder-trainee"),
        ("Coding Supervisor", None, "coding-supervisor"),
        ("Medical Coder", 5, "coding-auditor"),
        ("Medical Coder", 1, "coder"),
        ("Medical Coder", None, None),
    ],
)
def test_the_level_comes_from_the_posting(title: str, years: int | None, level: str | None) -> None:
    from toolkit.matching.facts import level_for_posting
    from toolkit.roles import load_pack

    asked = f"- {years} years of outpatient coding experience\n" if years else "- CPC required\n"
    job = toolkit.load_job(f"{title}\nAcme Clinic\n\nRequirements\n{asked}")
    found = level_for_posting(load_pack("medical-coder"), job)
    assert (found.id if found else None) == level
