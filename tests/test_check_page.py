"""``toolkit check`` that sees the page: the laid-out resume, and finished PDF and Word files.

Each page finding (a runt last page, an expired credential on the page, characters the
fonts cannot show, a bullet that ends in a line of one word) appears on a profile made to
have it, and on the example profiles only where an independent reading of the PDF (pypdf's
text lines) shows it is there.
"""

from __future__ import annotations

import io
import json
import re
import textwrap
from datetime import date
from pathlib import Path

import pytest

import toolkit
from tests.test_cli import run
from toolkit.models.options import DocumentOptions
from toolkit.pipeline import build_context, render_context
from toolkit.pipeline.check import audit, lint, read_resume

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
DAY = date(2026, 12, 7)


def _profile(bullets: list[str], extra: str = "") -> str:
    items = "".join(f"      - {json.dumps(b)}\n" for b in bullets)
    return (
        "basics:\n  name: Pat Example\n  email: pat@example.com\n  phone: '555 010 0199'\n"
        "  location: {city: Dayton, region: OH}\n  summary: Five years in release of information.\n"
        "experience:\n  - employer: Riverbend Clinic\n    title: ROI Specialist\n"
        "    start: 2021-01\n    highlights:\n" + items + extra
    )


def _audit(text: str, **options: object) -> list[toolkit.Issue]:
    profile = toolkit.parse_profile(text)
    return audit(profile, DocumentOptions(**options) if options else None, today=DAY)


def _pdf_lines(pdf: bytes) -> list[list[str]]:
    """Each page's text lines as pypdf reads them (a reader independent of the check's)."""
    from pypdf import PdfReader

    return [
        [line.strip() for line in (page.extract_text() or "").splitlines() if line.strip()]
        for page in PdfReader(io.BytesIO(pdf)).pages
    ]


def _messages(found: list[toolkit.Issue], part: str) -> list[toolkit.Issue]:
    return [i for i in found if part in i.message]


# --- the content lint --------------------------------------------------------------------------


def test_zero_is_a_number() -> None:
    text = _profile(
        [
            "Built legal-hold workflows in Epic before go-live, so zero holds were lost.",
            "Handled phones for the front desk.",
        ]
    )
    profile = toolkit.parse_profile(text)
    found = lint(profile, build_context(profile, "resume", DocumentOptions()), today=DAY)
    flagged = [i.field for i in _messages(found, "no number or measurable result")]
    assert flagged == ["experience[0].highlights[1]"]


def test_an_excerpt_ends_on_a_whole_word() -> None:
    bullet = "Answered requests from workers' compensation carriers and attorneys every week"
    profile = toolkit.parse_profile(_profile([bullet]))
    found = lint(profile, build_context(profile, "resume", DocumentOptions()), today=DAY)
    (issue,) = _messages(found, "no number")
    assert issue.value is not None
    assert issue.value.endswith("…")
    kept = issue.value[:-1]
    assert bullet.startswith(kept)
    assert bullet[len(kept)] == " "  # cut between two words, not inside one


@pytest.mark.parametrize("locale", ["ar-AE", "he-IL"])
@pytest.mark.parametrize("example", ["mid-rhit.yaml", "senior-supervisor.yaml"])
def test_localized_dates_read_back(example: str, locale: str) -> None:
    profile = toolkit.load_profile(ROOT / "examples" / example)
    found = audit(profile, DocumentOptions(locale=locale), today=DAY)
    assert [i for i in found if i.severity == "error"] == []


@pytest.mark.parametrize(
    ("locale", "name", "employer"),
    [("ar-AE", "ليلى حداد", "مستشفى دبي"), ("he-IL", "נועה כהן", "בית החולים הדסה")],
)
def test_right_to_left_names_and_employers_read_back(locale: str, name: str, employer: str) -> None:
    text = _profile(["Processed 1,100 requests a month."])
    text = text.replace("Pat Example", name).replace("Riverbend Clinic", employer)
    found = _audit(text, locale=locale)
    assert [i for i in found if i.severity == "error"] == []


# --- an expired credential on the page ---------------------------------------------------------

CREDENTIALS = """\
credentials:
  - name: Registered Health Information Technician (RHIT)
    earned: 2019-04
  - name: Basic Life Support (BLS)
    earned: 2020-02
    expires: 2022-02
  - name: Certified Coding Associate (CCA)
    earned: 2016-01
    status: expired
  - name: Certified Tumor Registrar (CTR)
    earned: 2015-01
    expires: 2018-01
    private: true
"""


def test_an_expired_credential_on_the_page_is_flagged(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text(_profile(["Processed 1,100 requests."], CREDENTIALS))
    loaded = toolkit.read_profile(tmp_path / "p.yaml", today=DAY)
    found = audit(loaded.value, locate=loaded.position, today=DAY)
    expired = {(i.field, i.line) for i in _messages(found, "which expired")}
    assert expired == {("credentials[1].expires", 18), ("credentials[2].status", 21)}
    result = run("check", str(tmp_path / "p.yaml"), columns=400)
    assert "the resume shows 'Basic Life Support (BLS)', which expired on 2022-02" in result.stderr
    assert "'Basic Life Support (BLS)' is marked active" not in result.stderr  # said once
    assert "the resume shows 'Certified Tumor Registrar" not in result.stderr  # private


@pytest.mark.parametrize("example", ["mid-rhit.yaml", "senior-supervisor.yaml"])
def test_examples_with_current_credentials_have_no_expired_finding(example: str) -> None:
    profile = toolkit.load_profile(ROOT / "examples" / example)
    assert _messages(audit(profile, today=DAY), "expired") == []


# --- characters the fonts cannot show ---------------------------------------------------------


def test_a_character_no_font_has_is_flagged_on_its_bullet() -> None:
    # U+E000 is a private-use character: no installed font draws it
    found = _audit(_profile(["Processed 1,100 requests.", "Scanned 300 charts \ue000 a week."]))
    (tofu,) = _messages(found, "the fonts cannot show")
    assert "U+E000" in tofu.message
    assert "empty box" in tofu.message
    assert tofu.field == "experience[0].highlights[1]"
    assert tofu.hint is not None
    assert "private-use" in tofu.hint


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_examples_have_no_missing_glyphs(example: Path) -> None:
    profile = toolkit.load_profile(example)
    assert _messages(audit(profile, today=DAY), "cannot show") == []


# --- lone-word lines ---------------------------------------------------------------------------

_WORDS = (
    "reviewed indexed scanned released audited merged corrected routed logged traced "
    "queried abstracted verified prepared updated filed retrieved tracked balanced closed "
    "answered trained coded sorted"
)
WORDS = _WORDS.split()


def _lone_truth(pdf: bytes, words: set[str]) -> set[str]:
    """The words that stand alone on a pypdf text line."""
    return {line for page in _pdf_lines(pdf) for line in page if line in words}


def test_bullets_ending_in_a_line_of_one_word_are_flagged() -> None:
    # bullets of every length from one line to two: some end with one word on a line
    bullets = [" ".join(WORDS[: 8 + k % 16]) + f" batch{k}." for k in range(26)]
    text = _profile(bullets)
    profile = toolkit.parse_profile(text)
    pdf = render_context(build_context(profile, "resume", DocumentOptions()), "pdf")
    truth = _lone_truth(pdf, {f"batch{k}." for k in range(26)})
    assert truth, "the fixture should have lone words"
    found = _messages(_audit(text), "holds one word")
    assert {re.search(r"'([^']+)'", i.message)[1] for i in found} == truth  # type: ignore[index]
    assert all(i.field.startswith("experience[0].highlights[") for i in found)
    assert all("characters" in (i.hint or "") for i in found)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_examples_get_lone_word_findings_only_where_pypdf_sees_them(example: Path) -> None:
    profile = toolkit.load_profile(example)
    ctx = build_context(profile, "resume", DocumentOptions())
    pdf = render_context(ctx, "pdf")
    bullet_ends = {b.split()[-1] for s in ctx.sections for i in s.items for b in i.bullets}
    truth = _lone_truth(pdf, bullet_ends)
    found = {
        re.search(r"'([^']+)'", i.message)[1]  # type: ignore[index]
        for i in _messages(audit(profile, today=DAY), "holds one word")
        if "bullet" in i.message
    }
    assert found == truth


# --- a runt last page --------------------------------------------------------------------------


def _bullets(n: int) -> list[str]:
    return [f"Processed {k + 1} release requests." for k in range(n)]


def test_a_runt_last_page_is_flagged_and_a_full_one_is_not() -> None:
    # find how many one-line bullets spill onto page 2, then keep only two of them there
    many = _bullets(60)
    pdf = render_context(
        build_context(toolkit.parse_profile(_profile(many)), "resume", DocumentOptions()), "pdf"
    )
    pages = _pdf_lines(pdf)
    assert len(pages) >= 2
    on_last = sum(line.startswith("Processed") for line in pages[-1])
    runt = _profile(_bullets(60 - on_last + 2))
    (found,) = _messages(_audit(runt), "runt page")
    assert "the last page is only" in found.message
    assert found.hint is not None
    assert f"--max-pages {len(pages) - 1}" in found.hint
    full = _profile(_bullets(60 - on_last + 25))
    assert _messages(_audit(full), "runt page") == []


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_examples_get_a_runt_finding_only_when_the_last_page_is_short(example: Path) -> None:
    profile = toolkit.load_profile(example)
    pdf = render_context(build_context(profile, "resume", DocumentOptions()), "pdf")
    pages = _pdf_lines(pdf)
    runt = bool(_messages(audit(profile, today=DAY), "runt page"))
    if len(pages) == 1:
        assert not runt
        return
    share = len(pages[-1]) / max(len(p) for p in pages[:-1])
    if share < 0.15:
        assert runt
    if share > 0.35:
        assert not runt


# --- a finished PDF or Word file, read as a parser would ---------------------------------------


@pytest.fixture(scope="module")
def mid_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("files")
    profile = toolkit.load_profile(ROOT / "examples" / "mid-rhit.yaml")
    out = {}
    for fmt in ("pdf", "docx"):
        out[fmt] = folder / f"resume.{fmt}"
        out[fmt].write_bytes(toolkit.render(profile, "resume", fmt))
    return out


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_check_reads_a_pdf_or_docx_as_a_parser_would(fmt: str, mid_files: dict[str, Path]) -> None:
    reading = read_resume(mid_files[fmt].read_bytes(), fmt, "resume")  # type: ignore[arg-type]
    assert reading.name == "Marcus T. Bell"
    assert reading.emails == ["marcus.bell@example.com"]
    assert reading.phones == ["(614) 555-0128"]
    assert {h.casefold() for h in reading.headings} >= {"summary", "experience", "education"}
    employers = " ".join(j.employer or "" for j in reading.jobs)
    assert "Northgate Community Hospital" in employers
    assert "Cedar Valley Orthopedic & Spine" in employers
    assert {j.dates for j in reading.jobs} >= {
        "May 2022 \u2013 Jan 2024",
        "Jun 2021 \u2013 Apr 2022",
    }
    assert reading.errors == []

    result = run("check", str(mid_files[fmt]), columns=400)
    assert result.returncode == 0, result.stderr
    assert f"what a parser reads from {mid_files[fmt]} ({fmt.upper()}" in result.stdout
    assert "Marcus T. Bell" in result.stdout
    assert "Medical Records Clerk · Northgate Community Hospital" in result.stdout
    assert "UTF-8" not in result.stderr


def test_a_pdf_without_a_text_layer_is_an_error(tmp_path: Path) -> None:
    from PIL import Image, ImageDraw

    scan = Image.new("RGB", (850, 1100), "white")
    ImageDraw.Draw(scan).rectangle((80, 80, 700, 140), fill="black")
    scan.save(tmp_path / "scan.pdf")
    result = run("check", str(tmp_path / "scan.pdf"), columns=400)
    assert result.returncode == 1
    assert "the PDF has no text layer" in result.stderr
    assert "Save as PDF" in result.stderr


def test_columns_and_big_pictures_in_a_pdf_are_found(tmp_path: Path) -> None:
    from weasyprint import HTML

    para = "<p>Processed 1,100 release-of-information requests a month in Epic.</p>" * 12
    html = (
        "<html><body style='font: 10pt sans-serif'><h1>Pat Example</h1>"
        "<p>pat@example.com · 555 010 0199</p><h2>Experience</h2>"
        f"<div style='column-count: 2'>{para}{para}</div></body></html>"
    )
    (tmp_path / "cols.pdf").write_bytes(HTML(string=html).write_pdf())
    result = run("check", str(tmp_path / "cols.pdf"), columns=400)
    assert "laid out in columns" in result.stderr
    assert "Pat Example" in result.stdout


def test_word_problems_a_parser_meets_are_found(tmp_path: Path) -> None:
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "pat@example.com | 555 010 0199"
    document.add_paragraph("Pat Example")
    document.add_paragraph("\uf0e0 Dayton, OH")
    document.add_paragraph("Experience")
    table = document.add_table(rows=1, cols=2)
    for cell in table.rows[0].cells:
        for k in range(4):
            cell.add_paragraph(f"Processed {k + 1},100 requests a month in Epic.")
    box = (
        '<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:v="urn:schemas-microsoft-com:vml"><w:r><w:pict><v:shape><v:textbox>'
        "<w:txbxContent><w:p><w:r><w:t>Skills: Epic, ICD-10-CM</w:t></w:r></w:p>"
        "</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>"
    )
    document.element.body.append(parse_xml(box))
    document.save(tmp_path / "resume.docx")
    reading = read_resume((tmp_path / "resume.docx").read_bytes(), "docx", "resume.docx")
    messages = " | ".join(i.message for i in reading.issues)
    assert "contact details stand only in the page header or footer" in messages
    assert "a table in columns" in messages
    assert "text box" in messages
    assert "icon-font character" in messages
    assert "no email address and no phone number" in messages  # the header is skipped
    assert reading.errors
    assert run("check", str(tmp_path / "resume.docx")).returncode == 1


@pytest.mark.parametrize(
    ("name", "data", "what"),
    [
        ("resume.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "old Word (.doc)"),
        ("resume.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "an image"),
        ("resume", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "old Word (.doc)"),
    ],
)
def test_other_documents_get_a_plain_answer(
    name: str, data: bytes, what: str, tmp_path: Path
) -> None:
    (tmp_path / name).write_bytes(data)
    result = run("check", str(tmp_path / name), columns=400)
    assert result.returncode == 1
    assert what in result.stderr
    assert "or a resume as PDF or Word" in result.stderr
    assert "UTF-8" not in result.stderr


def test_profile_options_are_refused_with_a_pdf(mid_files: dict[str, Path]) -> None:
    result = run("check", str(mid_files["pdf"]), "--theme", "modern")
    assert result.returncode == 2
    assert "--theme applies when checking a profile" in result.stderr


def test_a_profile_saved_as_latin_1_still_gets_the_encoding_message(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_bytes("basics:\n  name: José\n".encode("latin-1"))
    result = run("check", str(tmp_path / "p.yaml"))
    assert result.returncode == 1
    assert "not UTF-8" in result.stderr


def test_check_on_a_profile_prints_page_findings(tmp_path: Path) -> None:
    text = textwrap.dedent(
        """\
        basics:
          name: Pat Example
          email: pat@example.com
          phone: '555 010 0199'
          location: {city: Dayton, region: OH}
          summary: Five years in release of information.
        experience:
          - employer: Riverbend Clinic
            title: ROI Specialist
            start: 2021-01
            highlights:
              - Scanned 300 charts \ue000 a week.
        """
    )
    (tmp_path / "p.yaml").write_text(text)
    result = run("check", str(tmp_path / "p.yaml"), columns=400)
    assert "the fonts cannot show" in result.stderr
    assert "12:9" in result.stderr
