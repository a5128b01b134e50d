"""What must never break on the page, read back from the PDF text layer as a recruiter's
eye (or a parser) meets it: no line starts with a separator, codes, identifiers and dates
stay whole, continuation pages carry the person's name, and the date column sits beside
the title."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

import toolkit

ROOT = Path(__file__).resolve().parent.parent
PROFILES = [p for p in sorted((ROOT / "examples").glob("*.yaml")) if "letter" not in p.name]
THEMES = ("plain", "modern", "compact")
DAY = date(2026, 12, 1)
MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"


def _lines(pdf: bytes) -> list[list[str]]:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return [[ln.strip() for ln in p.extract_text().splitlines() if ln.strip()] for p in pages]


def _problems(pages: list[list[str]]) -> list[str]:
    out = []
    for page in pages:
        for n, line in enumerate(page):
            if line[:1] in "·|":  # a list's bullet marker (•) is no separator
                out.append(f"starts with a separator: {line!r}")
            if re.search(r"\b[A-Z0-9]+(?:-[A-Z0-9]+)*-$", line):
                out.append(f"a code broken at a hyphen: {line!r}")
            split_date = n + 1 < len(page) and re.match(r"\d{4}\b", page[n + 1])
            if re.search(rf"\b(?:{MONTHS})$", line) and split_date:
                out.append(f"a date split over two lines: {line!r}")
    return out


@pytest.mark.parametrize("page_size", ["letter", "a4"])
@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("profile_path", PROFILES, ids=lambda p: p.stem)
def test_nothing_breaks_where_it_must_not(profile_path: Path, theme: str, page_size: str) -> None:
    profile = toolkit.load_profile(profile_path)
    pdf = toolkit.render(profile, "resume", "pdf", theme=theme, page_size=page_size)
    pages = _lines(pdf)
    assert _problems(pages) == []
    for page in pages[1:]:  # "Name, page n of N" on every continuation page
        assert any(profile.basics.name in line for line in page[-3:]), page[-3:]


def test_a_long_contact_line_wraps_between_items_with_no_separator_first() -> None:
    text = (ROOT / "examples" / "mid-rhit.yaml").read_text(encoding="utf-8")
    profile = toolkit.parse_profile(text)
    links = [*profile.basics.links] * 3  # a contact line that must wrap twice
    wide = profile.model_copy(update={"basics": profile.basics.model_copy(update={"links": links})})
    for theme in THEMES:
        header = _lines(toolkit.render(wide, "resume", "pdf", theme=theme))[0][:6]
        assert not [line for line in header if line[:1] in "·|"], header


def test_a_contact_longer_than_a_line_breaks_inside_and_loses_nothing() -> None:
    text = (ROOT / "examples" / "mid-rhit.yaml").read_text(encoding="utf-8")
    path = "/".join(["health-information-management-process-guides"] * 4)
    long_url = f"https://marcusbell.example.com/{path}"
    profile = toolkit.parse_profile(
        text.replace("https://marcusbell.example.com/him-guides", long_url)
    )
    for theme in THEMES:
        header = _lines(toolkit.render(profile, "resume", "pdf", theme=theme))[0][:8]
        # the address (shown without its scheme) comes back whole, over as many lines as it needs
        assert long_url.removeprefix("https://") in "".join(header), header
        assert not [line for line in header if line[:1] in "·|"], header


def test_the_letter_and_the_interview_sheet_keep_to_the_same_rules() -> None:
    profile = toolkit.load_profile(ROOT / "examples" / "mid-rhit.yaml")
    job = toolkit.load_job(ROOT / "examples" / "posting-roi-specialist.txt")
    for kind in ("letter", "interview"):
        pages = _lines(toolkit.render(profile, kind, "pdf", job=job))
        assert _problems(pages) == [], kind


def _placed(pdf: bytes) -> list[tuple[str, float]]:
    """Each run of text on the first page with its height on the page."""
    runs: list[tuple[str, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text.strip():
            runs.append((text, round(cm[5] + tm[5] * cm[3], 1)))

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return runs


def test_dates_stand_beside_the_title_and_can_go_under_it() -> None:
    profile = toolkit.load_profile(ROOT / "examples" / "mid-rhit.yaml")
    for theme in THEMES:
        runs = _placed(toolkit.render(profile, "resume", "pdf", theme=theme))
        title = next(y for text, y in runs if "Riverbend Regional" in text)
        when = next(y for text, y in runs if "Feb 2024" in text)
        assert abs(title - when) < 2, theme  # one baseline
    under = _placed(
        toolkit.render(
            profile, "resume", "pdf", theme="plain", theme_options={"date_column": False}
        )
    )
    title = next(y for text, y in under if "Riverbend Regional" in text)
    when = next(y for text, y in under if "Feb 2024" in text)
    assert title - when > 5  # on a line of its own, below


@pytest.mark.parametrize("theme", THEMES)
def test_a_long_name_steps_down_in_size_to_stay_on_one_line(theme: str) -> None:
    text = (ROOT / "examples" / "mid-rhit.yaml").read_text(encoding="utf-8")
    name = "Maximiliana Alexandra Fitzgerald-Okonkwo de la Cruz"
    profile = toolkit.parse_profile(text.replace("Marcus T. Bell", name, 1))
    assert profile.basics.name == name
    first = _lines(toolkit.render(profile, "resume", "pdf", theme=theme))[0]
    assert first[0] == name


def test_a_letter_reads_at_a_letters_measure() -> None:
    profile = toolkit.load_profile(ROOT / "examples" / "senior-supervisor.yaml")
    job = toolkit.load_job(ROOT / "examples" / "posting-roi-specialist.txt")
    pages = _lines(toolkit.render(profile, "letter", "pdf", job=job, document_date=DAY))
    body = [line for line in pages[0] if len(line.split()) > 6]  # running text, not the header
    assert body
    assert max(len(line) for line in body) <= 85
    assert sum(len(line) for line in body) / len(body) >= 55


def test_a_word_resume_names_the_person_at_the_foot_of_continuation_pages() -> None:
    from docx import Document as WordDocument

    profile = toolkit.load_profile(ROOT / "examples" / "senior-supervisor.yaml")
    word = WordDocument(io.BytesIO(toolkit.render(profile, "resume", "docx", document_date=DAY)))
    section = word.sections[0]
    assert section.different_first_page_header_footer  # the first page shows the header
    footer = " ".join(p.text for p in section.footer.paragraphs)
    assert footer.startswith(f"{profile.basics.name} · Page ")


@pytest.mark.parametrize("theme", THEMES)
def test_the_text_layer_reads_name_headline_and_contacts_first(theme: str) -> None:
    # a clipped box is painted after the page's flow; the header must still be read first
    profile = toolkit.load_profile(ROOT / "examples" / "mid-rhit.yaml")
    first = _lines(toolkit.render(profile, "resume", "pdf", theme=theme))[0]
    assert first[0] == profile.basics.name
    assert "marcus.bell@example.com" in " ".join(first[1:4])


@pytest.mark.parametrize("theme", ["plain", "modern", "compact"])
def test_the_theme_stylesheet_parsed_once_makes_the_same_pdf(
    theme: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The built-in templates' stylesheet is parsed once per process and handed to WeasyPrint
    apart from the page; every kind's PDF is byte for byte the one WeasyPrint makes from the
    stylesheet in the page."""
    from toolkit.formats import pdf

    profile = toolkit.load_profile(ROOT / "examples" / "senior-supervisor.yaml")
    when = date(2026, 3, 2)
    kinds = ("resume", "letter", "interview")
    pdf._SHEETS.clear()
    kept = {k: toolkit.render(profile, k, "pdf", theme=theme, document_date=when) for k in kinds}
    assert len(pdf._SHEETS) >= len(kinds)  # one per kind's page (and per layout fitting tried)
    sheets = {id(sheet) for sheet in pdf._SHEETS.values()}
    pdf._LAID.clear()
    again = toolkit.render(profile, "resume", "pdf", theme=theme, document_date=when)
    assert again == kept["resume"]
    assert {id(sheet) for sheet in pdf._SHEETS.values()} == sheets  # reused, not parsed again
    pdf._LAID.clear()
    monkeypatch.setattr(pdf, "_theme_stylesheet", lambda html, *args: (html, []))
    for kind in kinds:
        assert toolkit.render(profile, kind, "pdf", theme=theme, document_date=when) == kept[kind]
