"""Reports and job descriptions fit for publishing.

* A built job description holds no drafting note and no placeholder, in any format; a
  placeholder left in the file is warned about when it is built, never published silently.
* Its lists keep together: a short list never leaves one item alone on the next page.
* The match and gap reports keep their columns readable when a requirement or a profile
  line holds a long unbreakable token, and no evidence cell says a thing twice ("not in your
  profile" twice, or "RHIT: RHIT").
"""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import toolkit
from toolkit.documents.jd import KEEP_ITEMS, jd_sections
from toolkit.formats import render as render_format
from toolkit.jd import load_org, scaffold_jd
from toolkit.jd.publish import placeholders, publishing_issues
from toolkit.models.jd import JobDescription, Organization
from toolkit.models.options import DocumentOptions
from toolkit.models.profile import Profile
from toolkit.pipeline import make
from toolkit.roles import load_pack

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2025, 3, 14)
JD_FORMATS = ("html", "pdf", "docx", "md", "json")
DRAFTING = ("Estimate", "estimate", "adjust to your local market", "local market", "to be adjusted")
OLD_NOTE = (
    "Estimate from the career guide's US median for this level, plus or minus 15%: "
    "adjust to your local market"
)
TOKEN = "ROIX" + "".join(chr(65 + (7 * i) % 26) for i in range(116))
"""120 characters with no place to break."""


# --- helpers ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def org() -> Organization:
    return load_org(ROOT / "examples" / "orgs" / "lakeshore.yaml")


def jd_text(jd: JobDescription, fmt: str) -> str:
    """Everything a reader of the built file sees (the DOCX's properties included)."""
    data = toolkit.render(jd, "jd", fmt, document_date=TODAY)
    if fmt == "pdf":
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        return "\n".join(page.extract_text() for page in reader.pages)
    if fmt == "docx":
        import docx

        document = docx.Document(io.BytesIO(data))
        props = document.core_properties
        return "\n".join(
            [p.text for p in document.paragraphs] + [props.title or "", props.subject or ""]
        )
    if fmt == "html":  # the page and its JSON-LD; not the style sheet
        return re.sub(r"<style>.*?</style>", "", data.decode(), flags=re.DOTALL)
    return data.decode()


def pdf_pages(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


@pytest.fixture
def warnings_logged() -> Iterator[list[str]]:
    """The messages the toolkit logs at warning level (the CLI prints them on stderr)."""
    logger = logging.getLogger("toolkit")
    seen: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.WARNING:
                seen.append(record.getMessage())

    handler = Keep()
    logger.addHandler(handler)
    try:
        yield seen
    finally:
        logger.removeHandler(handler)


def _levels() -> list[tuple[str, str]]:
    return [
        (pack_id, level.id)
        for pack_id in ("medical-records-specialist", "medical-coder")
        for level in load_pack(pack_id).levels
    ]


# --- job descriptions: nothing of a draft is published ----------------------------------------


@pytest.mark.parametrize("fmt", JD_FORMATS)
@pytest.mark.parametrize(("pack_id", "level_id"), _levels()[::3])
def test_built_jd_has_no_drafting_note_or_placeholder(
    org: Organization, pack_id: str, level_id: str, fmt: str
) -> None:
    jd = scaffold_jd(load_pack(pack_id), level_id, org, today=TODAY)
    text = jd_text(jd, fmt)
    for note in DRAFTING:
        assert note not in text, note
    for kind in placeholders():
        assert not kind.pattern.search(text), kind.label
    assert "Lakeshore Regional Medical Center" in text


@pytest.mark.parametrize("fmt", JD_FORMATS)
def test_an_adjusted_pay_is_published_without_its_drafting_note(
    org: Organization, fmt: str
) -> None:
    """An older file: the estimate adjusted, the scaffold's note still under it."""
    jd = scaffold_jd(load_pack("medical-records-specialist"), "senior", org, today=TODAY)
    assert jd.pay is not None
    jd = jd.model_copy(
        update={"pay": jd.pay.model_copy(update={"estimate": False, "note": OLD_NOTE})}
    )
    text = jd_text(jd, fmt)
    for note in DRAFTING:
        assert note not in text, note
    if fmt == "json":
        assert json.loads(text)["salary"].endswith("a year")
    else:
        assert f"${jd.pay.min:,.0f}" in text


def test_placeholders_are_warned_about_when_built(warnings_logged: list[str]) -> None:
    jd = scaffold_jd(load_pack("medical-coder"), "coder", today=TODAY)  # no --org
    jd = jd.model_copy(
        update={"schedule": "TBD", "responsibilities": ["[…]", *jd.responsibilities]}
    )
    toolkit.render(jd, "jd", "md", document_date=TODAY)
    said = "\n".join(warnings_logged)
    for found in ("'Your Organization'", "'TBD'", "'[…]'", "no location", "how to apply"):
        assert found in said, found
    assert all("not ready to publish" in w for w in warnings_logged)


def test_a_finished_jd_builds_without_warnings(
    org: Organization, warnings_logged: list[str]
) -> None:
    jd = scaffold_jd(load_pack("medical-records-specialist"), "specialist", org, today=TODAY)
    assert jd.pay is not None
    jd = jd.model_copy(
        update={
            "pay": jd.pay.model_copy(update={"estimate": False}),
            "how_to_apply": "Apply at lakeshore.example.org/careers with your resume.",
        }
    )
    assert publishing_issues(jd) == []
    toolkit.render(jd, "jd", "html", document_date=TODAY)
    assert warnings_logged == []


# --- job descriptions: lists keep together ------------------------------------------------------


def _page_of(pages: list[str], text: str) -> int:
    found = [n for n, page in enumerate(pages) if text in page]
    assert found, text
    return found[0]


@pytest.mark.parametrize(("pack_id", "level_id"), _levels())
def test_jd_lists_never_leave_one_item_alone(
    org: Organization, pack_id: str, level_id: str
) -> None:
    jd = scaffold_jd(load_pack(pack_id), level_id, org, today=TODAY)
    pages = pdf_pages(toolkit.render(jd, "jd", "pdf", document_date=TODAY))
    for section in jd_sections(jd):
        if not section.items:
            continue
        # the first words of each item (a PDF line may end before the item does)
        at = [_page_of(pages, " ".join(item.split()[:4])) for item in section.items]
        if len(section.items) <= KEEP_ITEMS:
            assert len(set(at)) == 1, (section.title, at)
        for page in set(at):
            assert at.count(page) >= 2 or len(at) == 1, (section.title, at)


def test_the_credentials_list_that_broke_stays_whole(org: Organization) -> None:
    """The list users saw split: three preferred credentials, the third alone on page 2."""
    jd = scaffold_jd(load_pack("medical-records-specialist"), "specialist", org, today=TODAY)
    pages = pdf_pages(toolkit.render(jd, "jd", "pdf", document_date=TODAY))
    heading = _page_of(pages, "Preferred credentials")
    for credential in jd.credentials_preferred:
        assert _page_of(pages, credential) == heading, credential


def test_docx_lists_keep_with_next(org: Organization) -> None:
    import docx

    jd = scaffold_jd(load_pack("medical-records-specialist"), "specialist", org, today=TODAY)
    document = docx.Document(io.BytesIO(toolkit.render(jd, "jd", "docx", document_date=TODAY)))
    paragraphs = document.paragraphs
    start = next(n for n, p in enumerate(paragraphs) if p.text == "Preferred credentials")
    block = paragraphs[start : start + 1 + len(jd.credentials_preferred)]
    assert [p.text for p in block[1:]] == jd.credentials_preferred
    assert all(p.paragraph_format.keep_with_next for p in block[:-1])


# --- reports: long tokens wrap inside their cells ----------------------------------------------

LONG_POSTING = f"""\
Release of Information Specialist
Riverbend Clinic
Dayton, OH | Full time

Requirements
- Experience with the {TOKEN} interface for release of information requests.
- Two years of release of information experience in a hospital.
- Knowledge of HIPAA privacy rules.
"""

LONG_PROFILE = f"""\
basics:
  name: Token Tester
experience:
  - employer: Miami Valley Hospital
    title: Release of Information Specialist
    start: 2021-03
    highlights:
      - Processed 45 release of information requests a day through the {TOKEN} interface.
      - Checked every disclosure against HIPAA privacy rules before release.
"""


@pytest.fixture(scope="module")
def long_report() -> Any:
    profile = toolkit.parse_profile(LONG_PROFILE)
    job = toolkit.load_job(LONG_POSTING)
    return make(profile, "match", DocumentOptions(document_date=TODAY), job=job).doc


def _lines(pdf: bytes) -> list[tuple[int, float, float, str]]:
    """Every line of text in the PDF as (page, x, y, text)."""
    from pypdf import PdfReader

    out: list[tuple[int, float, float, str]] = []
    for n, page in enumerate(PdfReader(io.BytesIO(pdf)).pages):

        def visit(text: str, cm: Any, tm: Any, font: Any, size: Any, n: int = n) -> None:
            if text.strip():
                x = cm[4] + tm[4] * cm[0]
                y = cm[5] + tm[5] * cm[3]
                out.append((n, round(x, 1), round(y, 1), text.strip()))

        page.extract_text(visitor_text=visit)
    return out


def test_match_report_table_is_fixed_and_wraps(long_report: Any) -> None:
    html = render_format(long_report, "html").decode()
    assert "table-layout: fixed" in html
    assert "overflow-wrap: anywhere" in html
    assert '<col class="col-asks">' in html
    assert TOKEN in html


def test_match_report_evidence_column_stays_readable(long_report: Any) -> None:
    pdf = render_format(long_report, "pdf")
    lines = _lines(pdf)
    assert 1 <= max(page for page, *_ in lines) + 1 <= 2
    header = [x for _, x, _, text in lines if text == "in your profile"]
    assert header, "no evidence column header"
    column = min(header)
    text_width = 612 - 2 * 48  # US letter less the theme's margins (about 48pt)
    assert 612 - 48 - column >= 0.35 * text_width, "the evidence column is squeezed"
    evidence = [
        text for _, x, _, text in lines if abs(x - column) < 2 and text != "in your profile"
    ]
    assert len(evidence) >= 4
    one_word = [text for text in evidence if len(text.split()) == 1 and len(text) < 15]
    assert len(one_word) <= len(evidence) // 5, one_word  # not one word a line
    # the token is broken inside its cells, in the requirement and in the evidence alike
    pieces = [text for *_, text in lines if TOKEN[10:30] in text or TOKEN[-20:] in text]
    assert len(pieces) >= 2
    assert not any(TOKEN[:70] in text for *_, text in lines)


def test_gap_report_table_is_fixed() -> None:
    profile = toolkit.parse_profile(LONG_PROFILE)
    report = make(
        profile,
        "gap",
        DocumentOptions(document_date=TODAY),
        kind_options={"role": "medical-records-specialist", "level": "specialist"},
    ).doc
    html = render_format(report, "html").decode()
    assert "table-layout: fixed" in html
    assert TOKEN[:40] in html  # (evidence is cut at 110 characters)
    assert len(pdf_pages(render_format(report, "pdf"))) <= 3


# --- reports: each cell says a thing once ------------------------------------------------------

BARE_CREDENTIALS = """\
basics:
  name: Bare Credentials
credentials:
  - name: RHIT
  - name: CCA
skills:
  - name: Release of information
    keywords: [Release of information, HIPAA]
experience:
  - employer: Riverbend Clinic
    title: Medical Records Clerk
    start: 2022-01
    highlights:
      - Answered 30 release of information requests a day.
"""


def _profiles() -> list[Profile]:
    return [
        *(toolkit.load_profile(path) for path in sorted((ROOT / "examples").glob("*.yaml"))),
        toolkit.parse_profile(BARE_CREDENTIALS),
    ]


def _postings() -> list[Path]:
    postings = ROOT / "tests" / "testdata" / "postings"
    return [
        *sorted((ROOT / "examples").glob("posting-*.txt")),
        *(
            postings / name
            for name in ("01_roi_specialist_hospital.txt", "09_cancer_registrar.txt")
        ),
        *(postings / name for name in ("16_nhs_jobs_health_records.txt",)),
    ]


def _html_cells(html: str) -> list[str]:
    cells = re.findall(r'<td class="evidence">(.*?)</td>', html, re.DOTALL)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cell)).strip() for cell in cells]


def _md_cells(md: str) -> list[str]:
    return [
        row.rstrip(" |").rsplit(" | ", 1)[-1].replace("\\", "")
        for row in md.splitlines()
        if row.startswith("| ") and not row.startswith("|---")
    ]


def said_twice(cell: str) -> list[str]:
    """What a cell says twice: the missing wording, or a place that repeats its line."""
    found = [
        phrase
        for phrase in ("not in your profile", "add it only if true")
        if cell.count(phrase) > 1
    ]
    for m in re.finditer(r"(?:^|[·;—(] ?)([^:·;—()]{2,}?): ", cell):
        label = m.group(1).strip()
        if cell[m.end() :].startswith(label):
            found.append(f"{label}: {label}")
    return found


def test_said_twice_catches_what_users_saw() -> None:
    assert said_twice("RHIT: RHIT")
    assert said_twice(
        "HCC risk adjustment not in your profile — not in your profile: add it only if true"
    )
    assert not said_twice("Coder, X: Coded 80 charts — not in your profile — add it only if true")


@pytest.mark.parametrize("posting", _postings(), ids=lambda p: p.stem)
def test_match_report_cells_say_each_thing_once(posting: Path) -> None:
    job = toolkit.load_job(posting)
    for profile in _profiles():
        report = make(profile, "match", DocumentOptions(document_date=TODAY), job=job).doc
        html = render_format(report, "html").decode()
        md = render_format(report, "md").decode()
        cells = _html_cells(html) + _md_cells(md)
        assert cells
        for cell in cells:
            assert not said_twice(cell), (profile.basics.name, cell)


@pytest.mark.parametrize(
    ("role", "level"),
    [("medical-records-specialist", "specialist"), ("medical-coder", "senior-coder")],
)
def test_gap_report_cells_say_each_thing_once(role: str, level: str) -> None:
    for profile in _profiles():
        report = make(
            profile,
            "gap",
            DocumentOptions(document_date=TODAY),
            kind_options={"role": role, "level": level},
        ).doc
        html = render_format(report, "html").decode()
        md = render_format(report, "md").decode()
        for cell in _html_cells(html) + _md_cells(md):
            assert not said_twice(cell), (profile.basics.name, cell)


def test_a_bare_credential_is_spelled_out_once() -> None:
    profile = toolkit.parse_profile(BARE_CREDENTIALS)
    full = "Registered Health Information Technician (RHIT)"
    gap = make(
        profile,
        "gap",
        DocumentOptions(document_date=TODAY),
        kind_options={"role": "medical-records-specialist", "level": "specialist"},
    ).doc
    job = toolkit.load_job(ROOT / "examples" / "posting-roi-specialist.txt")
    match = make(profile, "match", DocumentOptions(document_date=TODAY), job=job).doc
    for report in (gap, match):
        for fmt in ("html", "md"):
            text = render_format(report, fmt).decode().replace("\\", "")
            assert "RHIT: RHIT" not in text
            assert "credentials: " not in text
            cells = _html_cells(text) if fmt == "html" else _md_cells(text)
            assert any(cell.startswith(full) for cell in cells), (report.kind, fmt)
            assert all(cell.count(full) <= 1 for cell in cells)
