"""Interview sheets worth printing: what a person holding one would notice.

Checked over every example profile x every posting (the examples' and the posting readers'
plain-text cases): the level is the one the posting hires at, whoever applies; the set mixes
what the posting stresses with the applicant's weak spots; each question says why it is asked
in a whole, grammatical sentence; a STAR outline never quotes one line twice; nothing in the
sheet (a number, an employer, a credential, a system) comes from anywhere but the profile, the
posting or the role pack's own questions; and the PDF leaves no page but the last a third
empty, with lines enough to write an answer on.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import toolkit
from toolkit.documents.interview import (
    InterviewSheet,
    SheetQuestion,
    interview_sheet,
    outcome_strength,
    plain_level,
)
from toolkit.formats import render as render_format
from toolkit.matching.evidence import profile_lines
from toolkit.matching.facts import level_for_posting, years_of_experience
from toolkit.models.options import DocumentOptions
from toolkit.models.posting import JobPosting
from toolkit.models.profile import Profile
from toolkit.models.rolepack import RolePack
from toolkit.roles import load_pack, pack_for

ROOT = Path(__file__).resolve().parents[1]
DAY = date(2026, 3, 1)
OPTIONS = DocumentOptions(document_date=DAY)
PROFILES = sorted((ROOT / "examples").glob("*.yaml"))
POSTINGS = sorted((ROOT / "examples").glob("posting-*.txt")) + sorted(
    (ROOT / "tests" / "testdata" / "postings").glob("*.txt")
)
MOST_BLANK = 0.30
"""The most of a page's writing area a sheet may leave empty (its last page aside)."""


@pytest.fixture(scope="module")
def profiles() -> dict[str, Profile]:
    return {p.stem: toolkit.load_profile(p) for p in PROFILES}


@pytest.fixture(scope="module")
def jobs() -> dict[str, JobPosting]:
    return {p.name: toolkit.load_job(p) for p in POSTINGS}


@pytest.fixture(scope="module")
def sheets(
    profiles: dict[str, Profile], jobs: dict[str, JobPosting]
) -> dict[tuple[str, str], InterviewSheet]:
    return {
        (who, posting): interview_sheet(profile, job=job, seed=1, options=OPTIONS)
        for who, profile in profiles.items()
        for posting, job in jobs.items()
    }


def _pack(job: JobPosting) -> RolePack:
    return pack_for(None, job, ())


# --- 1. the level and the role come from the posting -----------------------------------------


def test_every_example_is_covered(sheets: dict[tuple[str, str], InterviewSheet]) -> None:
    assert len(PROFILES) >= 3
    assert len(POSTINGS) >= 20
    assert all(sheet.questions for sheet in sheets.values())


@pytest.mark.parametrize("posting", [p.name for p in POSTINGS])
def test_the_level_is_the_postings_whoever_applies(
    sheets: dict[tuple[str, str], InterviewSheet], jobs: dict[str, JobPosting], posting: str
) -> None:
    """An entry-level career changer and a supervisor practise for the same job alike."""
    job = jobs[posting]
    pack = _pack(job)
    levels = {sheets[who, posting].level_id for who in (p.stem for p in PROFILES)}
    assert len(levels) == 1, levels
    said = level_for_posting(pack, job)
    if said is not None:
        assert levels == {said.id}
    for who in (p.stem for p in PROFILES):
        assert sheets[who, posting].role_id == pack.id
        assert sheets[who, posting].level_basis


def test_a_career_changer_is_not_asked_supervisor_questions(
    profiles: dict[str, Profile], jobs: dict[str, JobPosting]
) -> None:
    changer = profiles["entry-career-changer"]
    job = jobs["posting-roi-specialist.txt"]
    pack = _pack(job)
    by_years = max(
        (lv for lv in pack.levels if lv.years.min <= years_of_experience(changer, DAY)),
        key=lambda lv: lv.years.min,
    )
    assert by_years.years.min >= 4  # what the old sheets chose from total years in other work
    sheet = interview_sheet(changer, job=job, options=OPTIONS)
    assert sheet.level_id == pack.levels[0].id
    assert sheet.level_basis == "the level the posting hires at"
    by_id = {q.id: q for q in pack.questions}
    assert all(sheet.level_id in by_id[q.id].levels for q in sheet.questions)


@pytest.mark.parametrize(
    ("title", "level"),
    [("Coding Supervisor", "coding-supervisor"), ("Apprentice Medical Coder", "coder-trainee")],
)
def test_a_rank_in_the_title_decides_for_everyone(
    profiles: dict[str, Profile], title: str, level: str
) -> None:
    job = toolkit.load_job(f"{title}\nAcme Clinic\n\nRequirements\n- CPC required\n")
    for profile in profiles.values():
        assert interview_sheet(profile, job=job, options=OPTIONS).level_id == level


def test_a_posting_that_names_no_level_gets_the_plain_one(
    profiles: dict[str, Profile],
) -> None:
    """No rank word, pay grade or years: the pack's own job, not the applicant's years."""
    job = toolkit.load_job("Medical Coder\nAcme Clinic\n\nRequirements\n- CPC required\n")
    pack = load_pack("medical-coder")
    assert level_for_posting(pack, job) is None
    for profile in profiles.values():
        sheet = interview_sheet(profile, job=job, options=OPTIONS)
        assert sheet.level_id == plain_level(pack).id == "coder"
        assert sheet.level_basis == "the posting names no rank, pay grade or years"


def test_without_a_posting_the_applicants_years_decide(profiles: dict[str, Profile]) -> None:
    pack = load_pack("medical-records-specialist")
    chosen = {
        who: interview_sheet(profile, options=OPTIONS).level_id for who, profile in profiles.items()
    }
    order = [lv.id for lv in pack.levels]
    assert order.index(chosen["senior-supervisor"]) > order.index(chosen["mid-rhit"])
    sheet = interview_sheet(profiles["mid-rhit"], options=OPTIONS)
    assert sheet.level_basis.startswith("from your years of experience")


# --- 2. what the posting stresses, mixed with the weak spots ---------------------------------


@pytest.mark.parametrize("posting", ["posting-roi-specialist.txt", "posting-him-coding-tech.txt"])
@pytest.mark.parametrize("who", [p.stem for p in PROFILES])
def test_the_set_mixes_the_postings_stress_with_weak_spots(
    profiles: dict[str, Profile], jobs: dict[str, JobPosting], who: str, posting: str
) -> None:
    profile, job = profiles[who], jobs[posting]
    available = Counter(
        q.focus for q in interview_sheet(profile, job=job, count=60, options=OPTIONS).questions
    )
    sheet = interview_sheet(profile, job=job, count=10, options=OPTIONS)
    taken = Counter(q.focus for q in sheet.questions)
    assert available["stressed"]  # the examples have both
    assert available["gap"]
    for focus in ("stressed", "gap"):
        assert taken[focus] >= min(3, available[focus]), (focus, taken, available)
    assert len({q.kind for q in sheet.questions}) >= 3


def test_a_weak_spot_is_a_requirement_the_match_finds_wanting(
    profiles: dict[str, Profile], jobs: dict[str, JobPosting]
) -> None:
    from toolkit.matching.match import match_profile

    profile, job = profiles["entry-career-changer"], jobs["posting-roi-specialist.txt"]
    pack = _pack(job)
    match = match_profile(profile, job, pack, today=DAY)
    wanting = {
        pack.skill_or_system(t).name
        for item in match.items
        if item.status != "met"
        for t in item.requirement.terms
    }
    sheet = interview_sheet(profile, job=job, options=OPTIONS)
    gaps = [q for q in sheet.questions if q.focus == "gap"]
    assert gaps
    for q in gaps:
        assert set(q.skills) & wanting, q.id


# --- 3. reasons in whole, grammatical sentences -----------------------------------------------

_PROBLEMS: list[tuple[str, re.Pattern[str]]] = [
    ("'it' before a noun phrase", re.compile(r"\bit (?:the|a|an|which|your)\b")),
    ("a word twice", re.compile(r"\b(\w+) \1\b", re.IGNORECASE)),
    ("'a' before a vowel", re.compile(r"\ba [aeiou]", re.IGNORECASE)),
    ("'an' before a consonant", re.compile(r"\ban [b-df-hj-np-tv-z]", re.IGNORECASE)),
    ("empty list item", re.compile(r",\s*,|\band and\b|, and$|,\.")),
    ("two spaces", re.compile(r"  ")),
    ("a placeholder", re.compile(r"[{}]|\bNone\b")),
    ("old wording", re.compile(r"\bis not in your profile|\bchosen because\b")),
]


def _grammar_problems(q: SheetQuestion, pack: RolePack) -> list[str]:
    sentence = q.reason
    found = [name for name, pattern in _PROBLEMS if pattern.search(sentence)]
    if not re.fullmatch(r"Asked (?:because|to) [^.]+(?:\.[^ .][^.]*)*\.", sentence):
        found.append("not one sentence starting 'Asked because' or 'Asked to'")
    fragment = f"chosen because it {q.reason_chosen}"
    found += [f"fragment: {name}" for name, pattern in _PROBLEMS[:5] if pattern.search(fragment)]
    if not re.match(r"(?:probes|covers|builds on|rounds out) ", q.reason_chosen):
        found.append("fragment does not follow 'it'")
    # singular and plural agree with the names listed
    if "strongest areas" in sentence and " and " not in sentence.split("stresses")[-1]:
        found.append("'areas' for one skill")
    # a common noun keeps no capital inside a sentence ("the posting requires Medical ...")
    for skill in pack.skills:
        first, *rest = skill.name.split()
        common = first.istitle() and first.isalpha() and not any(w[:1].isupper() for w in rest)
        if common and re.search(rf"(?<=\w )(?<!Asked ){re.escape(skill.name)}\b", sentence):
            found.append(f"capital inside the sentence: {skill.name}")
    return found


def test_every_reason_is_a_grammatical_sentence(
    sheets: dict[tuple[str, str], InterviewSheet], jobs: dict[str, JobPosting]
) -> None:
    problems: list[str] = []
    for (who, posting), sheet in sheets.items():
        pack = _pack(jobs[posting])
        for q in sheet.questions:
            problems += [f"{who} x {posting}: {p}: {q.reason}" for p in _grammar_problems(q, pack)]
    assert not problems, "\n".join(problems[:20])


def test_reasons_without_a_posting_are_sentences_too(profiles: dict[str, Profile]) -> None:
    for profile in profiles.values():
        sheet = interview_sheet(profile, options=OPTIONS)
        pack = load_pack(sheet.role_id)
        for q in sheet.questions:
            assert not _grammar_problems(q, pack), q.reason


def test_reasons_name_what_the_posting_stresses_and_what_is_missing(
    profiles: dict[str, Profile], jobs: dict[str, JobPosting]
) -> None:
    sheet = interview_sheet(
        profiles["entry-career-changer"], job=jobs["posting-roi-specialist.txt"], options=OPTIONS
    )
    reasons = [q.reason for q in sheet.questions]
    assert any(
        re.fullmatch(
            r"Asked because the posting (?:requires|stresses|asks for) [^.]+, "
            r"which your profile does not show yet\.",
            r,
        )
        for r in reasons
    ), reasons
    # routing walk-in requests to the ROI desk and HIPAA training are no strength in ROI
    assert not any("strongest" in r for r in reasons), reasons
    strong = interview_sheet(
        profiles["mid-rhit"], job=jobs["posting-roi-specialist.txt"], options=OPTIONS
    )
    assert any(
        re.fullmatch(r"Asked because the posting stresses [^.]+, your strongest area\.", q.reason)
        for q in strong.questions
    ), [q.reason for q in strong.questions]


@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_the_printed_reason_is_the_sentence(
    sheets: dict[tuple[str, str], InterviewSheet], fmt: str
) -> None:
    sheet = sheets["mid-rhit", "posting-roi-specialist.txt"]
    data = render_format(sheet, fmt)
    if fmt == "docx":
        import docx

        text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    else:
        import html as html_lib

        text = html_lib.unescape(data.decode())
    assert "chosen because it" not in text
    for q in sheet.questions:
        assert q.reason in text


# --- 4. STAR outlines ---------------------------------------------------------------------------


def _profile_texts(profile: Profile) -> set[str]:
    texts = {line.text for line in profile_lines(profile)}
    for job in profile.experience:
        texts |= {t for t in (job.description, job.summary) if t}
    texts |= {p.description for p in profile.projects if p.description}
    texts |= {e.summary for e in profile.education if e.summary}
    texts |= {v.summary for v in profile.volunteer if v.summary}
    return texts


def test_star_outlines_never_quote_a_line_twice(
    sheets: dict[tuple[str, str], InterviewSheet], profiles: dict[str, Profile]
) -> None:
    both = 0
    for (who, _), sheet in sheets.items():
        profile = profiles[who]
        texts = _profile_texts(profile)
        employer_of = {h.text: j.employer for j in profile.experience for h in j.highlights}
        for q in sheet.questions:
            steps = {s.label: s.seed for s in q.star.steps}
            quoted = [s for s in steps.values() if s]
            assert len(quoted) == len(set(quoted)), q.id
            assert all(s in texts for s in quoted), q.id  # verbatim
            assert steps["Task"] is None
            action, result = steps["Action"], steps["Result"]
            if result:
                assert outcome_strength(result), result
            if action and result:
                both += 1
                assert employer_of.get(action) == employer_of.get(result)
            assert not {o.text for o in q.star.others} & set(quoted)
    assert both


def test_every_answer_has_room_to_write(sheets: dict[tuple[str, str], InterviewSheet]) -> None:
    for sheet in sheets.values():
        for q in sheet.questions:
            assert 6 <= q.star.answer_lines <= 8


# --- 5. nothing made up ---------------------------------------------------------------------

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def _numbers(text: str) -> set[str]:
    return {n.rstrip(".,") for n in _NUMBER.findall(text)}


def _pack_text(pack: RolePack) -> str:
    parts: list[Any] = [pack.title]
    for q in pack.questions:
        parts += [q.text, q.why, q.strong_answer, *q.tips]
    parts += [f"{c.text} {c.why}" for c in pack.questions_to_ask]
    parts += [lv.title for lv in pack.levels]
    parts += [s.name for s in [*pack.skills, *pack.systems]]
    return "\n".join(str(p) for p in parts)


def _generated(sheet: InterviewSheet) -> str:
    """What the toolkit wrote for this person, the pack's own questions and advice aside."""
    parts = [sheet.heading, sheet.level, sheet.level_basis]
    for q in sheet.questions:
        parts += [q.reason, q.reason_chosen, *(s.seed or "" for s in q.star.steps)]
        parts += [s.prompt for s in q.star.steps]
        if q.star.example:
            parts.append(q.star.example.where)
        parts += [f"{o.text} {o.where}" for o in q.star.others]
    return "\n".join(parts)


def test_no_number_employer_credential_or_system_is_made_up(
    sheets: dict[tuple[str, str], InterviewSheet],
    profiles: dict[str, Profile],
    jobs: dict[str, JobPosting],
) -> None:
    profile_source = {p.stem: p.read_text(encoding="utf-8") for p in PROFILES}
    posting_source = {p.name: p.read_text(encoding="utf-8") for p in POSTINGS}
    employers = {j.employer for p in profiles.values() for j in p.experience}
    employers |= {j.employer for j in jobs.values() if j.employer}
    problems: list[str] = []
    for (who, posting), sheet in sheets.items():
        job, pack = jobs[posting], _pack(jobs[posting])
        allowed = "\n".join([profile_source[who], posting_source[posting], _pack_text(pack)])
        text = render_format(sheet, "md").decode()
        text = re.sub(r"(?m)^(?:## |\s*)\d+\. ", "", text)  # the sheet's own numbering
        made_up = _numbers(text) - _numbers(allowed)
        problems += [f"{who} x {posting}: number {n}" for n in sorted(made_up)]
        own = {j.employer for j in profiles[who].experience} | {job.employer}
        problems += [
            f"{who} x {posting}: employer {e}"
            for e in employers - own
            if e and e in text and e not in allowed
        ]
        written = _generated(sheet).casefold()
        source = f"{profile_source[who]}\n{posting_source[posting]}".casefold()
        for cred in pack.credentials:
            for name in filter(None, {cred.name, cred.abbreviation}):
                if re.search(rf"\b{re.escape(name.casefold())}\b", written) and (
                    name.casefold() not in source
                ):
                    problems.append(f"{who} x {posting}: credential {name}")
        for system in pack.systems:
            if re.search(rf"\b{re.escape(system.name.casefold())}\b", written) and not any(
                s.casefold() in source for s in system.spellings()
            ):
                problems.append(f"{who} x {posting}: system {system.name}")
    assert not problems, "\n".join(problems[:20])


def test_claims_about_the_profile_follow_the_match(
    sheets: dict[tuple[str, str], InterviewSheet],
) -> None:
    """A reason says the profile lacks a skill only for a weak spot, and that it shows one
    only for what the posting stresses."""
    for sheet in sheets.values():
        for q in sheet.questions:
            if "does not show yet" in q.reason or "more experience" in q.reason:
                assert q.focus == "gap", q.reason
            if q.reason.endswith(("which your profile shows.", "your strongest area.")):
                assert q.focus == "stressed", q.reason


# --- 6. the printed sheet ---------------------------------------------------------------------


def _marks(page: Any) -> list[tuple[float, float]]:
    """The vertical extent (points from the page's foot) of each run of text and each
    rectangle painted on ``page``; of a border drawn as a ring (two rectangles filled
    even-odd), only its painted sides, and nothing of a rectangle that only clips."""
    marks: list[tuple[float, float]] = []
    path: list[tuple[float, float]] = []  # the rectangles since the last paint

    def visit(op: bytes, args: list[Any], cm: list[float], tm: list[float]) -> None:
        if op == b"re" and len(args) == 4:
            x, y, _, h = (float(a) for a in args)
            ys = [cm[1] * x + cm[3] * v + cm[5] for v in (y, y + h)]
            path.append((min(ys), max(ys)))
            return
        if op in (b"f*", b"B*", b"b*") and len(path) == 2:
            (outer_low, outer_high), (inner_low, inner_high) = sorted(
                path, key=lambda r: r[0] - r[1]
            )
            marks.extend(
                band
                for band in ((inner_high, outer_high), (outer_low, inner_low))
                if band[1] - band[0] > 0.01
            )
        elif op in (b"f", b"F", b"f*", b"S", b"s", b"B", b"B*", b"b", b"b*"):
            marks.extend(path)
        elif op in (b"Tj", b"TJ"):
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            marks.append((y, y + abs(tm[3] * cm[3])))
        path.clear()

    page.extract_text(visitor_operand_before=visit)
    return marks


def blank_shares(pdf: bytes, margin_pt: float) -> list[float]:
    """The share of each page's writing area left empty below its last text or box."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    shares = []
    for page in reader.pages:
        height = float(page.mediabox.height)
        body = [low for low, _ in _marks(page) if low >= margin_pt - 1]  # the footer aside
        lowest = min(body, default=height - margin_pt)
        shares.append(max(0.0, lowest - margin_pt) / (height - 2 * margin_pt))
    return shares


@pytest.mark.parametrize(
    ("who", "posting", "tips"),
    [
        ("mid-rhit", "posting-roi-specialist.txt", False),
        ("entry-career-changer", "posting-him-coding-tech.txt", False),
        ("senior-supervisor", "posting-roi-specialist.txt", True),
    ],
)
def test_no_page_but_the_last_is_a_third_empty(
    profiles: dict[str, Profile], jobs: dict[str, JobPosting], who: str, posting: str, tips: bool
) -> None:
    from toolkit.formats.themes import load_theme

    sheet = interview_sheet(
        profiles[who], job=jobs[posting], seed=1, with_tips=tips, options=OPTIONS
    )
    pdf = render_format(sheet, "pdf")
    margin = (load_theme(sheet.theme).defaults.margin or 18) * 72 / 25.4
    shares = blank_shares(pdf, margin)
    assert len(shares) >= 3
    assert len(shares) <= len(sheet.questions)  # no longer a page a question
    too_empty = [f"page {n}: {s:.0%}" for n, s in enumerate(shares[:-1], 1) if s > MOST_BLANK]
    assert not too_empty, too_empty


def test_the_pdf_has_seven_writing_lines_a_question(
    sheets: dict[tuple[str, str], InterviewSheet],
) -> None:
    sheet = sheets["mid-rhit", "posting-roi-specialist.txt"]
    html = render_format(sheet, "html").decode()
    boxes = html.split('class="iq-lines"')[1:]
    assert len(boxes) == len(sheet.questions)
    assert all(box.split("</div>\n")[0].count('class="iq-line"') == 7 for box in boxes)
