"""Page economy: a resume made for paper never ends on a nearly empty page without trying to
avoid it and, when it cannot, saying why. Read back from the PDF as a recruiter sees it."""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

import toolkit
from toolkit.documents.context import DocumentContext, Item, Section
from toolkit.documents.resume import leave_out_one
from toolkit.formats import pdf as pdf_format
from toolkit.pipeline.check import last_page_fill, read_layout
from toolkit.pipeline.fit import RUNT_FILL, save_last_page

ROOT = Path(__file__).resolve().parent.parent
PROFILES = [p for p in sorted((ROOT / "examples").glob("*.yaml")) if "letter" not in p.name]
POSTINGS = sorted((ROOT / "examples").glob("posting-*.txt"))
FIXTURE_POSTINGS = sorted((ROOT / "tests" / "testdata" / "postings").glob("*.txt"))
THEMES = ("plain", "modern", "compact")
DAY = date(2026, 12, 1)
WHY = "the last page is only"


def _render(
    caplog: pytest.LogCaptureFixture, profile_path: Path, job: Path | None = None, **options: str
) -> tuple[bytes, list[str]]:
    profile = toolkit.load_profile(profile_path)
    posting = toolkit.load_job(job) if job else None
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="toolkit"):
        pdf = toolkit.render(profile, "resume", "pdf", job=posting, document_date=DAY, **options)
    return pdf, [r.getMessage() for r in caplog.records]


def _assert_no_silent_runt(pdf: bytes, messages: list[str]) -> None:
    fill = last_page_fill(read_layout(pdf))
    if fill is not None and fill < RUNT_FILL:
        # allowed only when the user is told why, and what would help
        assert any(WHY in m and "--max-pages" in m for m in messages), (fill, messages)


@pytest.mark.parametrize("page_size", ["letter", "a4"])
@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("profile_path", PROFILES, ids=lambda p: p.stem)
def test_no_example_ends_on_a_nearly_empty_page(
    caplog: pytest.LogCaptureFixture, profile_path: Path, theme: str, page_size: str
) -> None:
    pdf, messages = _render(caplog, profile_path, theme=theme, page_size=page_size)
    _assert_no_silent_runt(pdf, messages)


@pytest.mark.parametrize("posting", POSTINGS, ids=lambda p: p.stem)
@pytest.mark.parametrize("profile_path", PROFILES, ids=lambda p: p.stem)
def test_no_tailored_example_ends_on_a_nearly_empty_page(
    caplog: pytest.LogCaptureFixture, profile_path: Path, posting: Path
) -> None:
    # one theme and page size per pair here (the whole matrix runs under make stress)
    n = PROFILES.index(profile_path) + POSTINGS.index(posting)
    theme, size = THEMES[n % 3], ("letter", "a4")[n % 2]
    pdf, messages = _render(caplog, profile_path, posting, theme=theme, page_size=size)
    _assert_no_silent_runt(pdf, messages)


@pytest.mark.stress
@pytest.mark.parametrize("posting", POSTINGS + FIXTURE_POSTINGS, ids=lambda p: p.stem)
@pytest.mark.parametrize("profile_path", PROFILES, ids=lambda p: p.stem)
def test_no_tailored_resume_ends_on_a_nearly_empty_page_in_any_theme(
    caplog: pytest.LogCaptureFixture, profile_path: Path, posting: Path
) -> None:
    # every posting; the theme and page size turn with the pair, so each profile meets
    # every theme on both sizes
    n = PROFILES.index(profile_path) + (POSTINGS + FIXTURE_POSTINGS).index(posting)
    theme, size = THEMES[n % 3], ("letter", "a4")[(n // 3) % 2]
    pdf, messages = _render(caplog, profile_path, posting, theme=theme, page_size=size)
    _assert_no_silent_runt(pdf, messages)


def test_a_runt_page_is_saved_by_tightening_and_the_user_is_told(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # the senior example on US letter in plain spills a few lines onto a third page
    senior = ROOT / "examples" / "senior-supervisor.yaml"
    pdf, messages = _render(caplog, senior, theme="plain", page_size="letter")
    pages = read_layout(pdf)
    assert len(pages) == 2
    assert any("2 pages instead of 3" in m and "last page was only" in m for m in messages)
    # the layout was tightened, nothing was left out
    text = "\n".join(line.text for page in pages for line in page.lines)
    for bullet in ("Processed release-of-information requests", "Member since 2012"):
        assert bullet in text


def test_an_early_career_gets_one_page_when_tightening_fits(
    caplog: pytest.LogCaptureFixture,
) -> None:
    entry = ROOT / "examples" / "entry-career-changer.yaml"
    pdf, messages = _render(caplog, entry, theme="plain", page_size="letter")
    assert len(read_layout(pdf)) == 1
    assert any("early career" in m for m in messages)
    # a Markdown render has no pages: nothing is laid out, nothing changes
    profile = toolkit.load_profile(entry)
    md = toolkit.render(profile, "resume", "md", document_date=DAY).decode()
    assert "Spent a 60-hour externship" in md


def test_a_longer_career_keeps_a_well_filled_second_page(
    caplog: pytest.LogCaptureFixture,
) -> None:
    senior = ROOT / "examples" / "senior-supervisor.yaml"
    pdf, messages = _render(caplog, senior, theme="modern", page_size="a4")
    pages = read_layout(pdf)
    assert len(pages) == 2
    assert (last_page_fill(pages) or 0) > 0.5
    assert not any("instead of" in m for m in messages)


def test_markdown_alone_lays_nothing_out(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("a Markdown resume has no pages to lay out")

    monkeypatch.setattr(pdf_format, "lay_out", refuse)
    profile = toolkit.load_profile(ROOT / "examples" / "senior-supervisor.yaml")
    assert toolkit.render(profile, "resume", "md", document_date=DAY).startswith(b"# ")


def test_the_pdf_written_after_fitting_is_the_same_as_a_fresh_one() -> None:
    # fitting keeps its layouts so that writing the chosen one does not lay it out again;
    # the file must not differ from one laid out from scratch
    profile = toolkit.load_profile(ROOT / "examples" / "mid-rhit.yaml")
    fitted = toolkit.render(profile, "resume", "pdf", document_date=DAY, theme="compact")
    pdf_format._LAID.clear()
    again = toolkit.render(profile, "resume", "pdf", document_date=DAY, theme="compact")
    assert fitted == again


# -- the decisions, on made-up layouts ----------------------------------------------------


@dataclass(frozen=True)
class FakeLaid:
    pages: int
    last_fill: float


def _resume(*sections: Section) -> DocumentContext:
    profile = toolkit.load_profile(ROOT / "examples" / "mid-rhit.yaml")
    ctx = toolkit.build_context(profile, "resume")
    assert isinstance(ctx, DocumentContext)
    return dataclasses.replace(ctx, sections=sections) if sections else ctx


def test_a_runt_that_tightening_cannot_save_stays_and_says_why(
    caplog: pytest.LogCaptureFixture,
) -> None:
    ctx = _resume()

    def lay_out(_: object) -> FakeLaid:
        return FakeLaid(3, 0.1)  # however tight, still three pages

    with caplog.at_level(logging.INFO, logger="toolkit"):
        result = save_last_page(ctx, lay_out)
    assert result.ctx is ctx
    assert result.pages == 3
    assert result.changes == []
    warning = next(r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)
    assert "only 10% full" in warning
    assert "--max-pages 2" in warning
    assert "--drop-bullets" in warning


def test_a_runt_is_saved_by_leaving_out_only_when_allowed() -> None:
    ctx = _resume()
    bullets = sum(len(i.bullets) for s in ctx.sections for i in s.items)

    def lay_out(doc: object) -> FakeLaid:  # only content decides: two fewer bullets fit
        assert isinstance(doc, DocumentContext)
        n = sum(len(i.bullets) for s in doc.sections for i in s.items)
        return FakeLaid(2, 0.1) if n > bullets - 2 else FakeLaid(1, 0.98)

    kept = save_last_page(ctx, lay_out, shorten=leave_out_one)
    assert kept.pages == 2
    assert kept.ctx is ctx
    saved = save_last_page(ctx, lay_out, shorten=leave_out_one, allow_dropping=True)
    assert saved.pages == 1
    assert [c for c in saved.changes if c.startswith("left out")]


def test_a_well_filled_last_page_is_left_alone() -> None:
    ctx = _resume()
    calls: list[object] = []

    def lay_out(doc: object) -> FakeLaid:
        calls.append(doc)
        return FakeLaid(2, 0.6)

    result = save_last_page(ctx, lay_out, shorten=leave_out_one, allow_dropping=True)
    assert result.ctx is ctx
    assert result.changes == []
    assert len(calls) == 1
    # an early career with a second page fuller than tightening could gain: not tried
    calls.clear()
    early = save_last_page(ctx, lay_out, shorten=leave_out_one, allow_dropping=True, one_page=True)
    assert early.ctx is ctx
    assert len(calls) == 1


def test_an_early_career_tries_one_page_by_tightening_alone() -> None:
    ctx = _resume()
    tried: list[int] = []

    def lay_out(doc: object) -> FakeLaid:
        assert isinstance(doc, DocumentContext)
        tried.append(sum(len(i.bullets) for s in doc.sections for i in s.items))
        return FakeLaid(2, 0.4)  # nothing brings it to one page

    early = save_last_page(ctx, lay_out, shorten=leave_out_one, allow_dropping=True, one_page=True)
    assert early.ctx is ctx
    assert early.pages == 2
    assert len(tried) == 2  # the layout, then one at the theme's tightest: that says no
    assert len(set(tried)) == 1  # never with a bullet left out


# -- what leaving out takes first -----------------------------------------------------------


def _item(
    title: str, bullets: tuple[str, ...] = (), prios: tuple[int, ...] = (), p: int = 0
) -> Item:
    return Item(title=title, bullets=bullets, bullet_priorities=prios, priority=p)


def test_leaving_out_takes_a_membership_before_a_bullet_of_the_same_priority() -> None:
    ctx = _resume(
        Section(
            "experience",
            "Experience",
            "entries",
            (_item("Coder", ("Coded 40 charts a day", "Kept a 97% audit score"), (0, 0)),),
        ),
        Section("memberships", "Memberships", "entries", (_item("AHIMA"), _item("State HIMA"))),
    )
    shorter, note = leave_out_one(ctx) or (ctx, "")
    assert note == "left out: 'State HIMA' (Memberships)"
    shorter, note = leave_out_one(shorter) or (ctx, "")
    assert note == "left out: 'AHIMA' (Memberships)"
    assert [s.id for s in shorter.sections] == ["experience"]  # the empty section went
    shorter, note = leave_out_one(shorter) or (ctx, "")
    assert note == "left out: 'Kept a 97% audit score' (Coder)"
    assert leave_out_one(shorter) is None  # a job keeps its last bullet


def test_leaving_out_follows_priority_across_sections() -> None:
    ctx = _resume(
        Section(
            "experience",
            "Experience",
            "entries",
            (_item("Coder", ("Top result", "Minor chore"), (5, -2)),),
        ),
        Section("awards", "Awards", "compact", (_item("Leader of the Quarter", p=3),)),
    )
    _, note = leave_out_one(ctx) or (ctx, "")
    assert note == "left out: 'Minor chore' (Coder)"  # priority -2 goes before an award at 3


def test_a_course_list_goes_before_a_bullet_and_the_school_stays() -> None:
    school = Item(
        title="AAS, Health Information Technology",
        subtitle="Scioto Technical College",
        details=("GPA 3.7", "Courses: ICD-10-CM Coding I and II, Legal Aspects of HIM"),
        spare_details=1,
    )
    ctx = _resume(
        Section(
            "experience",
            "Experience",
            "entries",
            (_item("Coder", ("Coded 40 charts a day", "Kept a 97% audit score"), (0, 0)),),
        ),
        Section("education", "Education", "entries", (school,)),
    )
    shorter, note = leave_out_one(ctx) or (ctx, "")
    assert note.startswith("left out: 'Courses: ICD-10-CM Coding I and II")
    (kept,) = shorter.sections[1].items
    assert kept.details == ("GPA 3.7",)  # the grade and the school stay
    _, note = leave_out_one(shorter) or (ctx, "")
    assert note == "left out: 'Kept a 97% audit score' (Coder)"


def test_the_example_course_list_is_marked_as_spare() -> None:
    profile = toolkit.load_profile(ROOT / "examples" / "mid-rhit.yaml")
    ctx = toolkit.build_context(profile, "resume")
    assert isinstance(ctx, DocumentContext)
    (education,) = [s for s in ctx.sections if s.id == "education"]
    school = education.items[0]
    assert school.spare_details == 1
    assert school.details[-1].startswith("Courses: ")
