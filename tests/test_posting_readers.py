"""Posting readers: every format gives the same plain text, and junk gives a located error.

Fixtures live in ``tests/testdata/test_posting_readers/``: one fictional posting (a Release of
Information Specialist at a fictional hospital) written as text, Markdown, HTML, JSON-LD and
JSON Resume job-schema, plus the job-schema's official sample (MIT, see ``SOURCE.txt``). The
Word and PDF versions are built here, with python-docx and WeasyPrint.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
import shutil
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
import weasyprint
from pypdf import PdfWriter

from toolkit.errors import InputError, NotFoundError
from toolkit.postings.readers import RawPosting, read_posting, read_posting_text

DATA = Path(__file__).parent / "testdata" / "test_posting_readers"

INTRO = (
    "Lakeshore Valley Hospital is looking for a Release of Information Specialist to answer "
    "requests for patient records quickly and within the law."
)
RESPONSIBILITIES = [
    "Process release-of-information requests from patients, attorneys and insurers",
    "Verify patient authorizations against HIPAA requirements",
    "Log every disclosure in the tracking system",
    "Answer subpoenas and court orders with the legal team",
]
REQUIRED = [
    "High school diploma or equivalent",
    "Two years of experience in a medical records office",
    "Working knowledge of HIPAA privacy rules",
]
PREFERRED = [
    "RHIT credential",
    "Experience with the Epic ROI module",
    "Typing speed of 45 words per minute",
]
PAY = "$48,000\u2013$55,000 per year"  # an en dash, as postings write it
HEADINGS = ("Responsibilities", "Required qualifications", "Preferred qualifications")
OUTLINE = [
    "Responsibilities",
    *(f"- {b}" for b in RESPONSIBILITIES),
    "Required qualifications",
    *(f"- {b}" for b in REQUIRED),
    "Preferred qualifications",
    *(f"- {b}" for b in PREFERRED),
]


def lines(text: str) -> list[str]:
    """The non-empty lines, whitespace collapsed."""
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def outline(text: str) -> list[str]:
    """The headings and bullets of a posting text, in order (a heading's colon dropped)."""
    out = []
    for line in lines(text):
        if line.rstrip(":") in HEADINGS:
            out.append(line.rstrip(":"))
        elif line.startswith("- "):
            out.append(line)
    return out


# --- building the Word and PDF versions -----------------------------------------------------


def build_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("Release of Information Specialist", style="Title")
    table = document.add_table(rows=2, cols=2)
    for row, (label, value) in zip(
        table.rows,
        [("Location", "Millbrook, OH (remote within Ohio)"), ("Pay", PAY)],
        strict=True,
    ):
        row.cells[0].text, row.cells[1].text = label, value
    intro = document.add_paragraph("Lakeshore Valley Hospital is looking for a ")
    intro.add_run("Release of Information Specialist").bold = True
    intro.add_run(INTRO.split("Specialist", 1)[1])
    document.add_heading("Responsibilities", level=2)
    document.add_paragraph(f"•\t{RESPONSIBILITIES[0]}")  # a bullet typed by hand
    for item in RESPONSIBILITIES[1:]:
        document.add_paragraph(item, style="List Bullet")
    document.add_heading("Required qualifications", level=2)
    for item in REQUIRED:
        document.add_paragraph(item, style="List Number")
    document.add_heading("Preferred qualifications", level=2)
    for item in PREFERRED:
        document.add_paragraph(item, style="List Bullet 2")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


PDF_HTML = """<!doctype html>
<html lang="en"><head><style>
  body {{ font-family: sans-serif; font-size: 11pt }}
  li {{ list-style-position: inside }}  /* outside markers land after the page's text */
  .narrow {{ width: 7em; hyphens: auto }}
</style></head><body>
<h1>Release of Information Specialist</h1>
<p>Lakeshore Valley Hospital (fictional), Millbrook, OH. Pay: {pay}.</p>
<p>{intro}</p>
<h2>Responsibilities</h2>
<ul>{responsibilities}</ul>
<h2>Required qualifications</h2>
<ol>{required}</ol>
<h2>Preferred qualifications</h2>
<ul>{preferred}</ul>
{extra}
</body></html>
"""


def build_pdf(extra: str = "", long_first_bullet: bool = False) -> bytes:
    items = list(RESPONSIBILITIES)
    if long_first_bullet:
        items[0] += " within the timelines that the hospital's disclosure policy and state law set"

    def li(values: list[str]) -> str:
        return "".join(f"<li>{v}</li>" for v in values)

    html = PDF_HTML.format(
        intro=INTRO,
        pay=PAY,
        responsibilities=li(items),
        required=li(REQUIRED),
        preferred=li(PREFERRED),
        extra=extra,
    )
    pdf: bytes = weasyprint.HTML(string=html).write_pdf()
    return pdf


@pytest.fixture(scope="module")
def docx_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("docx") / "posting.docx"
    path.write_bytes(build_docx())
    return path


@pytest.fixture(scope="module")
def pdf_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "posting.pdf"
    path.write_bytes(build_pdf())
    return path


# --- one posting, every format --------------------------------------------------------------

TEXT_FIXTURES = {
    "posting.txt": "text",
    "posting.md": "markdown",
    "posting.html": "html",
    "posting_app.html": "html",
    "posting.jsonld": "jsonld",
}


@pytest.mark.parametrize(("name", "fmt"), TEXT_FIXTURES.items())
def test_every_text_format_gives_the_same_headings_and_bullets(name: str, fmt: str) -> None:
    posting = read_posting(DATA / name)
    assert posting.format == fmt
    assert posting.source == str(DATA / name)
    assert outline(posting.text) == OUTLINE
    assert INTRO in lines(posting.text)


def test_word_file_gives_the_same_headings_and_bullets(docx_file: Path) -> None:
    posting = read_posting(docx_file)
    assert posting.format == "docx"
    assert outline(posting.text) == OUTLINE
    text = lines(posting.text)
    assert text[0] == "Release of Information Specialist"
    assert f"Pay | {PAY}" in text  # a table row, cells joined
    assert INTRO in text  # runs of one paragraph joined


def test_pdf_gives_the_same_headings_and_bullets(pdf_file: Path) -> None:
    posting = read_posting(pdf_file)
    assert posting.format == "pdf"
    assert outline(posting.text) == OUTLINE
    assert INTRO in lines(posting.text)  # wrapped lines joined


def test_pdf_joins_a_wrapped_bullet_and_a_hyphenated_word(tmp_path: Path) -> None:
    extra = (
        '<p class="narrow">Supports coding and follow-up with clinicians and administrators.</p>'
    )
    path = tmp_path / "posting.pdf"
    path.write_bytes(build_pdf(extra, long_first_bullet=True))
    text = lines(read_posting(path).text)
    assert text[text.index("Responsibilities") + 1] == (
        f"- {RESPONSIBILITIES[0]} within the timelines that the hospital's disclosure policy "
        "and state law set"
    )
    narrow = next(line for line in text if line.startswith("Supports"))
    assert narrow == "Supports coding and follow-up with clinicians and administrators."


def test_pdf_glyphs_on_their_own_lines_and_page_furniture(tmp_path: Path) -> None:
    html = (
        "<html><head><style>"
        "@page { size: A6; @top-center { content: 'Lakeshore Valley Careers' }"
        " @bottom-center { content: 'Page ' counter(page) ' of ' counter(pages) } }"
        'ul { list-style: none } li::before { content: "\\2022"; display: block }'
        "</style></head><body><p>Duties</p><ul><li>Scan charts</li><li>Index records</li></ul>"
        '<p style="break-before: page">Benefits</p><ul><li>Paid time off</li></ul></body></html>'
    )
    path = tmp_path / "posting.pdf"
    path.write_bytes(weasyprint.HTML(string=html).write_pdf())
    assert lines(read_posting(path).text) == [
        "Duties",
        "- Scan charts",
        "- Index records",
        "Benefits",
        "- Paid time off",
    ]


def test_the_same_posting_in_memory_matches_the_file() -> None:
    for name, fmt in TEXT_FIXTURES.items():
        text = (DATA / name).read_text(encoding="utf-8")
        assert read_posting_text(text).text == read_posting(DATA / name).text, name
        assert read_posting_text(text, format=fmt).format == fmt


# --- structured hints -----------------------------------------------------------------------

LAKESHORE = {
    "title": "Release of Information Specialist",
    "employer": "Lakeshore Valley Hospital",
    "location": "Millbrook, OH, US",
    "pay_text": "USD 48,000\u201355,000 per YEAR",
    "date_posted": "2025-03-03",
    "url": "https://careers.example.org/jobs/roi-specialist",
}


def hints(posting: RawPosting) -> dict[str, str | None]:
    keys = ("title", "employer", "location", "work_mode", "pay_text", "date_posted", "url")
    return {key: getattr(posting, key) for key in keys}


def test_json_ld_alone() -> None:
    posting = read_posting(DATA / "posting.jsonld")
    assert hints(posting) == {**LAKESHORE, "work_mode": "remote"}  # jobLocationType TELECOMMUTE
    assert posting.employment_type == "FULL_TIME"
    # "qualifications" repeats lines of the description: they are not added twice
    assert "Qualifications" not in lines(posting.text)


def test_json_ld_in_an_html_page_whose_body_is_chrome(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="toolkit"):
        posting = read_posting(DATA / "posting_app.html")
    assert hints(posting) == {**LAKESHORE, "work_mode": None}
    assert posting.format == "html"
    for chrome in ("Loading", "Sign in", "JavaScript", "Powered by"):
        assert chrome not in posting.text  # the description replaced the app shell
    assert "JSON-LD block was skipped" in caplog.text  # the broken one, located
    assert "posting_app.html (JSON-LD):1:" in caplog.text


def test_json_ld_in_a_page_that_shows_the_posting_keeps_the_page_text(tmp_path: Path) -> None:
    json_ld = (DATA / "posting.jsonld").read_text(encoding="utf-8")
    page = (DATA / "posting.html").read_text(encoding="utf-8")
    page = page.replace("</head>", f'<script type="application/ld+json">{json_ld}</script></head>')
    path = tmp_path / "posting.html"
    path.write_text(page, encoding="utf-8")
    posting = read_posting(path)
    assert posting.text == read_posting(DATA / "posting.html").text  # the body, with pay line
    assert hints(posting) == {**LAKESHORE, "work_mode": "remote"}


def test_json_ld_in_a_graph_adds_its_lists_under_headings() -> None:
    posting = read_posting(DATA / "posting_graph.json")
    assert hints(posting) == {
        "title": "Release of Information Specialist (Evenings)",
        "employer": "Lakeshore Valley Hospital & Clinics",  # entities decoded
        "location": "Ohio, Indiana",  # applicantLocationRequirements
        "work_mode": "remote",
        "pay_text": "USD 23.50 per HOUR",
        "date_posted": "2025-03-10",
        "url": None,
    }
    assert lines(posting.text) == [
        "Lakeshore Valley Hospital is looking for an evening Release of Information Specialist.",
        "The shift runs 3 pm to 11:30 pm.",
        "Qualifications",
        "- Working knowledge of HIPAA privacy rules",
        "- Typing speed of 45 words per minute",
        "Responsibilities",
        "- Process release-of-information requests",
        "- Log every disclosure",
        "Skills",
        "- Release of information",
        "- HIPAA",
        "Education",
        "- high school",
        "Experience",
        "- 2 years of experience",
    ]


def test_json_ld_pay_forms() -> None:
    def pay(base: str) -> str | None:
        text = f'{{"@type": "JobPosting", "description": "x", "baseSalary": {base}}}'
        return read_posting_text(text).pay_text

    assert pay('{"currency": "EUR", "value": 52000, "unitText": "YEAR"}') == "EUR 52,000 per YEAR"
    assert pay('{"currency": "USD", "value": {"minValue": "21.5"}}') == "from USD 21.50"
    assert pay('{"value": {"maxValue": 30, "unitText": "HOUR"}}') == "up to 30 per HOUR"
    assert pay('{"value": {"minValue": 40000, "maxValue": 40000}}') == "40,000"
    assert pay('"competitive"') == "competitive"
    assert pay("{}") is None


def test_job_schema_posting() -> None:
    posting = read_posting(DATA / "posting.job.json")
    assert posting.format == "jobschema"
    assert hints(posting) == {
        "title": "Release of Information Specialist",
        "employer": "Lakeshore Valley Hospital",
        "location": "Millbrook, OH, US",
        "work_mode": "remote",  # "remote": "Full"
        "pay_text": PAY,  # a free-text salary is kept as written
        "date_posted": "2025-03",
        "url": "https://careers.example.org/jobs/roi-specialist",
    }
    assert lines(posting.text) == [
        INTRO,
        "Responsibilities",
        *(f"- {b}" for b in RESPONSIBILITIES),
        "Qualifications",
        *(f"- {b}" for b in REQUIRED),
        "- RHIT credential (preferred)",
        "Skills",
        "- Release of information (Intermediate): HIPAA, Epic ROI",
        "Experience",
        "- Junior",
    ]


def test_job_schema_official_sample() -> None:
    posting = read_posting(DATA / "sample.job.json")
    assert posting.format == "jobschema"
    assert hints(posting) == {
        "title": "Web Developer",
        "employer": "Microsoft",
        "location": "Berlin, DE",  # city, region (same as the city) and country
        "work_mode": "hybrid",
        "pay_text": "100,000",
        "date_posted": "2024-07",
        "url": "http://example.com/jobs/web-developer",
    }
    text = lines(posting.text)
    assert text[text.index("Responsibilities") + 1] == "- Develop and maintain web applications"
    assert text[text.index("Qualifications") + 2] == "- 3+ years of experience in web development"
    assert "- Web Development (Master): HTML, CSS, JavaScript, React, Node.js" in text
    assert text[-2:] == ["Experience", "- Mid-level"]


@pytest.mark.parametrize(("remote", "mode"), [("None", "on-site"), ("hybrid", "hybrid")])
def test_job_schema_remote_values(remote: str, mode: str) -> None:
    text = f'{{"title": "Coder", "skills": ["ICD-10-CM"], "remote": "{remote}"}}'
    assert read_posting_text(text).work_mode == mode


# --- the details of each format -------------------------------------------------------------


def test_markdown_emphasis_links_and_markup_are_stripped() -> None:
    posting = read_posting_text(
        "Intro with **bold**, *italic*, _under_, ~~gone~~, `code`, ![logo](x.png) and "
        '[a link](https://example.org/a "title"), <https://example.org/b>, <em>tag</em> '
        "and snake_case \\*stars\\* &amp; 5 * 3.\n\n"
        "1. **Bold item**\n"
        "2) [Linked item](https://example.org)\n"
        "- [ ] task item\n"
        "  that wraps\n",
        format="markdown",
    )
    assert lines(posting.text) == [
        "Intro with bold, italic, under, gone, code, logo and a link, https://example.org/b, "
        "tag and snake_case *stars* & 5 * 3.",
        "- Bold item",
        "- Linked item",
        "- task item that wraps",
    ]


def test_markdown_is_detected_by_content() -> None:
    posting = read_posting_text("## Duties\n\n* Scan charts\n* Index records\n")
    assert posting.format == "markdown"
    assert posting.text == "Duties\n- Scan charts\n- Index records"


def test_html_drops_scripts_styles_navigation_and_chrome() -> None:
    posting = read_posting(DATA / "posting.html")
    for chrome in (
        "tracker",
        "Injected",
        "color",
        "Careers |",
        "Sign in",
        "All jobs",
        "Benefits",
        "Similar jobs",
        "Coding Specialist",
        "Apply now",
        "Email",
        "cookies",
        "Privacy",
        "requisition",
    ):
        assert chrome not in posting.text, chrome
    text = lines(posting.text)
    assert text[:3] == [
        "Release of Information Specialist",  # the article's own header is kept
        "Lakeshore Valley Hospital (fictional) — Millbrook, OH (remote within Ohio)",
        f"Pay: {PAY}",  # entities decoded, <br> a line break
    ]
    assert posting.url == "https://careers.example.org/jobs/roi-specialist"
    assert posting.title is None  # no structured data: no guessing


def test_html_tables_and_preformatted_text() -> None:
    posting = read_posting_text(
        "<html><body><table><tr><th>Shift</th><th></th><td>Days</td></tr>"
        "<tr><td>Pay</td><td>$23/hour</td></tr></table>"
        "<pre>Line one\nLine   two</pre><p>Tom &amp; Jerry&#39;s</p></body></html>"
    )
    assert posting.format == "html"
    assert lines(posting.text) == [
        "Shift | Days",
        "Pay | $23/hour",
        "Line one",
        "Line two",
        "Tom & Jerry's",
    ]


def test_run_together_bullets_are_split() -> None:
    posting = read_posting_text(
        "We are growing. Duties: • Scan charts • Index records •Answer phones when needed "
        "Preferred Qualifications: • RHIT • Epic ROI\n"
        "Required ▪ High school diploma ▪ Two years\n"
        "Dayton, OH · Full-time\n"
    )
    assert lines(posting.text) == [
        "We are growing.",
        "Duties:",
        "- Scan charts",
        "- Index records",
        "- Answer phones when needed",
        "Preferred Qualifications:",  # a heading run into the last bullet
        "- RHIT",
        "- Epic ROI",
        "Required",
        "- High school diploma",
        "- Two years",
        "Dayton, OH · Full-time",  # a middle dot between words is a separator, not a bullet
    ]


def test_plain_text_bullet_glyphs_are_normalised() -> None:
    text = "\n".join(
        [
            "• bullet",
            "  · middle dot",
            "▪ square",
            "◦ circle",
            "● black circle",
            "* star",
            "\u2013 en dash",
            "— em dash",
            "o letter o",
            "1. number dot",
            "12) number paren",
            "a) letter paren",
            "\uf0b7 pasted from Word",
            "Heading stays",
            "1.5 years stays",
            "-dash without space stays",
        ]
    )
    assert lines(read_posting_text(text, format="text").text) == [
        "- bullet",
        "- middle dot",
        "- square",
        "- circle",
        "- black circle",
        "- star",
        "- en dash",
        "- em dash",
        "- letter o",
        "- number dot",
        "- number paren",
        "- letter paren",
        "- pasted from Word",
        "Heading stays",
        "1.5 years stays",
        "-dash without space stays",
    ]


def test_plain_text_keeps_its_lines() -> None:
    posting = read_posting_text("\ufeffTitle\n\n\n\nA paragraph\nthat wraps.\n\n", source="a.txt")
    assert posting.text == "Title\n\nA paragraph\nthat wraps."
    assert posting.format == "text"
    assert posting.source == "a.txt"


def test_word_headings_tables_and_numbering(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("1. Duties", level=1)  # a heading is never a bullet
    document.add_paragraph("Scan charts", style="List Paragraph")
    paragraph = document.add_paragraph("Line one")
    paragraph.add_run().add_break()
    paragraph.add_run("Line two")
    table = document.add_table(rows=1, cols=1)  # a one-column layout table
    cell = table.rows[0].cells[0]
    cell.text = "Inside the layout table"
    cell.add_paragraph("Nested bullet", style="List Bullet")
    path = tmp_path / "posting.docx"
    document.save(str(path))
    assert lines(read_posting(path).text) == [
        "1. Duties",
        "- Scan charts",
        "Line one",
        "Line two",
        "Inside the layout table",
        "- Nested bullet",
    ]


# --- detection by content -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "fmt"),
    [
        ("posting.jsonld", "jsonld"),
        ("posting_graph.json", "jsonld"),
        ("sample.job.json", "jobschema"),
        ("posting.html", "html"),
        ("posting.md", "markdown"),
        ("posting.txt", "text"),
    ],
)
def test_format_is_sniffed_without_an_extension(fixture: str, fmt: str, tmp_path: Path) -> None:
    path = tmp_path / "posting"
    shutil.copy(DATA / fixture, path)
    assert read_posting(path).format == fmt


def test_word_and_pdf_are_sniffed_without_an_extension(
    docx_file: Path, pdf_file: Path, tmp_path: Path
) -> None:
    for source, fmt in ((docx_file, "docx"), (pdf_file, "pdf")):
        path = tmp_path / f"download-{fmt}.bin"
        shutil.copy(source, path)
        posting = read_posting(path)
        assert posting.format == fmt
        assert outline(posting.text) == OUTLINE


def test_a_bracket_at_the_start_of_plain_text_is_not_json() -> None:
    assert read_posting_text("[Remote] Coder\nWork from home.").format == "text"


def test_unknown_format_name_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="read_posting"):
        read_posting_text("x", format="pdf")
    with pytest.raises(ValueError, match="unknown posting format"):
        read_posting_text("x", format="yaml")


# --- refusing junk --------------------------------------------------------------------------


def only_issue(exc: pytest.ExceptionInfo[InputError]) -> tuple[str, int | None, int | None]:
    [issue] = exc.value.issues
    assert issue.hint
    return issue.message, issue.line, issue.column


def test_latin1_text_gets_a_located_not_utf8_error(tmp_path: Path) -> None:
    path = tmp_path / "posting.txt"
    path.write_bytes("Title\nMédical records clerk\n".encode("latin-1"))
    with pytest.raises(InputError) as exc:
        read_posting(path)
    message, line, column = only_issue(exc)
    assert "not UTF-8" in message
    assert (line, column) == (2, 2)
    assert exc.value.issues[0].file == str(path)


def test_utf8_with_a_bom_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "posting.md"
    path.write_bytes("\ufeff# Médical coder\n".encode())
    assert read_posting(path).text == "Médical coder"


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ('{\n  "@type": "JobPosting",\n  "title": "Coder",\n}', (4, 1)),
        ('{"title": "a", "title": "b", "skills": []}', (1, 16)),
        ("[\n  {'@type': 'JobPosting'}\n]", (2, 4)),
    ],
)
def test_broken_json_gets_a_located_error(
    text: str, where: tuple[int, int], tmp_path: Path
) -> None:
    path = tmp_path / "posting.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_posting(path)
    assert (exc.value.issues[-1].line, exc.value.issues[-1].column) == where
    assert exc.value.issues[-1].file == str(path)


@pytest.mark.parametrize(
    ("text", "fmt", "hint"),
    [
        ('{"@type": "Organization", "name": "X"}', "auto", "JobPosting"),
        ('{"basics": {"name": "Ada"}, "work": []}', "json", "résumé"),
        ('{"title": "Coder"}', "jsonld", "JSON-LD"),
        ('["a list"]', "jobschema", "{ }"),
    ],
)
def test_json_that_is_not_a_posting_is_refused(text: str, fmt: str, hint: str) -> None:
    with pytest.raises(InputError) as exc:
        read_posting_text(text, format=fmt, source="job.json")
    [issue] = exc.value.issues
    assert (issue.file, issue.line, issue.column) == ("job.json", 1, 1)
    assert hint in (issue.hint or "")


def test_encrypted_pdf_is_refused(tmp_path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("secret", algorithm="RC4-128")
    path = tmp_path / "posting.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    with pytest.raises(InputError) as exc:
        read_posting(path)
    message, _, _ = only_issue(exc)
    assert "encrypted" in message


def test_a_pdf_without_text_is_refused(tmp_path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    path = tmp_path / "scan.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    with pytest.raises(InputError, match="no text") as exc:
        read_posting(path)
    assert "scanned" in (exc.value.issues[0].hint or "")


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: zip_bytes({"word/document.xml": b"<w/>", "bomb.bin": bytes(60 << 20)}), "MiB"),
        (lambda: zip_bytes({"word/document.xml": bytes(2 << 20)}), "compressed"),
        (lambda: zip_bytes({f"x/{i}": b"" for i in range(2_001)}), "parts"),
        (lambda: zip_bytes({"xl/workbook.xml": b"<x/>"}), "not a Word document"),
        (lambda: b"PK\x03\x04 not really a zip", "not a readable .docx"),
    ],
)
def test_zip_bombs_and_other_zips_are_refused(
    make: Callable[[], bytes], message: str, tmp_path: Path
) -> None:
    path = tmp_path / "posting.docx"
    path.write_bytes(make())
    assert path.stat().st_size < 2 << 20  # small on disk: the size cap is not what stops it
    with pytest.raises(InputError, match=message):
        read_posting(path)


def test_broken_word_xml_is_an_input_error(tmp_path: Path) -> None:
    good = zipfile.ZipFile(io.BytesIO(build_docx()))
    entries = {name: good.read(name) for name in good.namelist()}
    entries["word/document.xml"] = b"<w:document><unclosed>"
    path = tmp_path / "posting.docx"
    path.write_bytes(zip_bytes(entries))
    with pytest.raises(InputError, match="cannot be read"):
        read_posting(path)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("posting.bin", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "binary"),
        ("posting", bytes(range(256)) * 4, "binary"),
        ("posting.txt", b"Title\x00\x01\x02", "binary"),
        ("posting.pdf", b"%PDF-1.7\n garbage", "not a readable PDF"),
        ("posting.pdf", b"plain words", "not a readable PDF"),
        ("posting.doc", b"\xd0\xcf\x11\xe0" + bytes(100), ".doc files are not supported"),
        ("posting", b"\xd0\xcf\x11\xe0" + bytes(100), "old Word"),
        ("posting.md", b"", "no text"),
        ("posting.html", b"<html><nav>Menu</nav><script>x()</script></html>", "no text"),
        ("posting.txt", "Coder".encode("utf-16"), "UTF-16"),
    ],
)
def test_junk_is_an_input_error(name: str, data: bytes, message: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError, match=message) as exc:
        read_posting(path)
    assert all(issue.file == str(path) for issue in exc.value.issues)


def test_missing_file_and_folder_are_not_found(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="no such file"):
        read_posting(tmp_path / "nowhere.pdf")
    with pytest.raises(NotFoundError, match="no such file"):
        read_posting(tmp_path / "nowhere.txt" / "below")
    with pytest.raises(NotFoundError, match="folder"):
        read_posting(tmp_path)


def test_size_cap(tmp_path: Path) -> None:
    path = tmp_path / "posting.txt"
    path.write_text("Coder\n" * 400, encoding="utf-8")
    with pytest.raises(InputError, match="larger than 1 KiB") as exc:
        read_posting(path, max_bytes=1024)
    assert "posting" in (exc.value.issues[0].hint or "")
    with pytest.raises(InputError, match="longer than"):
        read_posting_text("x" * (2 * 1024 * 1024 + 1))


def test_output_is_capped_and_cleaned(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="toolkit"):
        posting = read_posting_text(("Scan charts\u200b and\x07 index \ud800\n") * 20_000)
    assert len(posting.text) <= 200_000
    assert "was cut" in caplog.text
    assert posting.text.splitlines()[0] == "Scan charts and  index \ufffd"


def test_deeply_nested_html_and_unclosed_tags_are_fine() -> None:
    page = "<div>" * 5_000 + "<p>Coder" + "<p>" * 5_000 + "</div>" * 5_000
    assert read_posting_text(page, format="html").text.startswith("Coder")
    assert read_posting_text("<p>Coder <p a=1 <b>x</b>", format="html").text == (
        "Coder\nx"  # as a browser reads it: a <p> tag with an attribute named "<b"
    )


@pytest.mark.parametrize(
    ("junk", "fmt"),
    [
        ("<p ", "html"),  # quadratic in html.parser before Python's 2025 security releases
        ('<p a="', "html"),
        ("<!x", "html"),
        ("</p", "html"),
        ("<!--<p", "html"),
        ("[", "markdown"),
        ("[a](", "markdown"),
        ("**a ", "markdown"),
        ("*a ", "markdown"),
        ("``a`", "markdown"),
        ("<!--", "markdown"),
        ("<http:x", "markdown"),
        ("x" + " " * 50 + "• ", "text"),
    ],
)
def test_hostile_input_is_read_in_linear_time(junk: str, fmt: str) -> None:
    text = junk * (300_000 // len(junk))
    started = time.perf_counter()
    with contextlib.suppress(InputError):  # "no text" is fine: the time is what counts
        read_posting_text(text, format=fmt)
    assert time.perf_counter() - started < 5  # quadratic would be minutes


# --- nothing leaves the machine -------------------------------------------------------------


def test_reading_fetches_nothing(canary: tuple[str, list[str]], tmp_path: Path) -> None:
    url, hits = canary
    page = (
        f'<html><head><link rel="stylesheet" href="{url}/a.css"><base href="{url}/">'
        f'<script src="{url}/b.js"></script><style>@import "{url}/c.css";</style>'
        f'<script type="application/ld+json">{{"@context": "{url}/ctx", "@type": "JobPosting",'
        f'"description": "<img src=\\"{url}/d.png\\"><p>Coder</p>"}}</script></head>'
        f'<body><img src="{url}/e.png"><iframe src="{url}/f"></iframe>'
        f'<object data="{url}/g"></object><p style="background:url({url}/h)">Hi</p></body></html>'
    )
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    read_posting(path)
    md = f"![x]({url}/i.png) [link]({url}/j)\n\n<img src='{url}/k.png'>"
    read_posting_text(md, format="markdown")
    assert hits == []


def test_the_public_names() -> None:
    import toolkit.postings.readers as readers

    assert set(readers.__all__) >= {"RawPosting", "read_posting", "read_posting_text"}
    assert re.fullmatch(r"[a-z]+", readers.FORMATS[0])
