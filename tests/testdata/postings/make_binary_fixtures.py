"""Build the binary posting fixtures from the text kept in this script.

    .venv/bin/python tests/testdata/postings/make_binary_fixtures.py

writes, beside this script:

* ``32_senior_clinical_coder_nhs.docx``: a Word posting (python-docx) with Word headings
  ("Title", "Heading 1", "Heading 2"), "List Bullet" paragraphs and a person specification
  table of Essential and Desirable criteria;
* ``33_federal_contractor_mrt.pdf``: a PDF posting (WeasyPrint, from simple HTML) with
  headings, bullets and an EEO paragraph.

Both postings are fictional. Each file's label is its ``NN_name.expected.yaml``. The files
are built with fixed metadata dates so that a rebuild changes as little as possible;
:func:`plain_text` gives a posting's text for checking a label against it.
"""

from __future__ import annotations

import datetime as _dt
import html
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
FIXED_DATE = _dt.datetime(2026, 1, 5, 9, 0, 0, tzinfo=_dt.UTC)

Block = tuple[str, Any]
"""One block of a posting, as below."""

# A posting is a list of blocks:
#   ("title", text)         the job title (Word "Title" style / <h1>)
#   ("h1", text) ("h2", text)
#   ("p", text)             a paragraph
#   ("ul", [item, ...])     a bulleted list
#   ("table", [[cell, ...], ...])   the first row is the header row; a cell may hold several
#                                   criteria separated by "\n", one paragraph each

SENIOR_CODER: list[Block] = [
    ("title", "Senior Clinical Coder"),
    ("p", "Westmarch Valley Hospitals NHS Foundation Trust"),
    ("p", "Calderbrook General Hospital, Calderbrook"),
    ("p", "Band 5 | £29,970 to £36,483 per annum | Permanent | Full time, 37.5 hours a week"),
    ("p", "Hybrid working: two days a week on site after training"),
    ("p", "Closing date: 8 March 2026 | Job reference: 291-HI-2604"),
    ("h1", "Job overview"),
    (
        "p",
        "The Clinical Coding Department codes around 14,000 inpatient and day case episodes "
        "a month for Calderbrook General and Ashwell Community Hospital. We are looking for "
        "an experienced, accredited clinical coder to take a lead role on the specialty team "
        "for general surgery and urology, support trainee coders and help the department "
        "meet its audit and Payment by Results targets.",
    ),
    ("h1", "Main duties of the job"),
    (
        "ul",
        [
            "Code complex inpatient and day case episodes using ICD-10 and OPCS-4 in line "
            "with the National Clinical Coding Standards.",
            "Act as the first point of contact for coding queries from the specialty team.",
            "Mentor and check the work of trainee and Band 4 clinical coders.",
            "Carry out validation of coded data against case notes and resolve HRG "
            "grouping errors before the monthly freeze.",
            "Meet clinicians to validate coded data and improve the documentation of "
            "co-morbidities.",
            "Take part in the annual Data Security and Protection Toolkit clinical coding audit.",
        ],
    ),
    ("h1", "Person specification"),
    ("h2", "Criteria for the post"),
    (
        "table",
        [
            ["Area", "Essential", "Desirable"],
            [
                "Qualifications",
                "National Clinical Coding Qualification (NCCQ) / Accredited Clinical Coder",
                "Degree in a health-related subject or equivalent experience",
            ],
            [
                "Experience",
                "At least 3 years of experience coding inpatient episodes in an NHS acute "
                "trust\nExperience of coding general surgery or urology",
                "Experience of delivering coding training to new staff",
            ],
            [
                "Knowledge",
                "Thorough knowledge of the ICD-10 and OPCS-4 classifications and the National "
                "Clinical Coding Standards",
                "Knowledge of Payment by Results and HRG4+ grouping",
            ],
            [
                "Skills",
                "Proficient in the use of encoder software and a patient administration "
                "system\nGood working knowledge of Microsoft Excel",
                "",
            ],
            [
                "Personal qualities",
                "Able to work accurately to deadlines while under pressure",
                "Willing to work towards the Approved Clinical Coding Auditor qualification",
            ],
        ],
    ),
    (
        "p",
        "Westmarch Valley Hospitals NHS Foundation Trust welcomes applications from people of "
        "all backgrounds and is a Disability Confident employer. For an informal discussion "
        "please call [phone] or write to jobs@example.org.",
    ),
]

FEDERAL_MRT: list[Block] = [
    ("title", "Medical Records Technician"),
    ("p", "Ironwood Federal Health Services, LLC"),
    ("p", "Location: Bison Springs Outpatient Clinic, Bison Springs, SD"),
    ("p", "Pay Range: $21.50 - $27.00 hourly"),
    ("p", "Employment Type: Full-time, on-site, Monday through Friday"),
    ("p", "Job Number: IFHS-0711"),
    ("h2", "Position Overview"),
    (
        "p",
        "Ironwood Federal Health Services supports federal health agencies with health "
        "information, coding and revenue cycle staff. Under a contract with a federal "
        "outpatient clinic, we are hiring a Medical Records Technician to maintain and "
        "release patient records for a clinic that serves about 9,000 veterans and their "
        "families. This position is covered by the Service Contract Act.",
    ),
    ("h2", "Duties and Responsibilities"),
    (
        "ul",
        [
            "Scan, index and quality-check paper documents into the electronic health record.",
            "Process requests for copies of records under the Privacy Act and HIPAA, "
            "including requests from patients, attorneys and other agencies.",
            "Track incomplete records and notify providers of unsigned documents.",
            "Correct registration and demographic errors and report possible duplicate records.",
            "Prepare records for audits and for the contracting officer's representative.",
        ],
    ),
    ("h2", "Minimum Requirements"),
    (
        "ul",
        [
            "High school diploma or GED",
            "2 years of experience in medical records, health information or medical coding",
            "Active RHIT, CCA or CPC certification",
            "Knowledge of the Privacy Act and HIPAA",
            "Proficiency with Microsoft Office (Word, Excel, Outlook)",
            "U.S. citizenship and the ability to obtain and maintain a Public Trust clearance",
            "Must pass a pre-employment drug screen",
        ],
    ),
    ("h2", "Preferred Qualifications"),
    (
        "ul",
        [
            "Associate degree in Health Information Technology",
            "Experience with Oracle Health (Cerner) in a federal setting",
            "Prior military or federal healthcare experience",
        ],
    ),
    ("h2", "Equal Employment Opportunity"),
    (
        "p",
        "Ironwood Federal Health Services, LLC is an Equal Opportunity Employer and a federal "
        "contractor. All qualified applicants will receive consideration for employment "
        "without regard to race, color, religion, sex, sexual orientation, gender identity, "
        "national origin, disability or status as a protected veteran. If you need a "
        "reasonable accommodation to apply, contact jobs@example.org.",
    ),
]

POSTINGS: dict[str, list[Block]] = {
    "32_senior_clinical_coder_nhs": SENIOR_CODER,
    "33_federal_contractor_mrt": FEDERAL_MRT,
}


def plain_text(stem: str) -> str:
    """The posting's text, one line per paragraph, bullet or table cell paragraph."""
    lines: list[str] = []
    for kind, value in POSTINGS[stem]:
        if kind == "ul":
            lines.extend(f"- {item}" for item in value)
        elif kind == "table":
            for row in value:
                lines.append(" | ".join(c.replace("\n", " / ") for c in row))
        else:
            lines.append(str(value))
    return "\n".join(lines)


def build_docx(stem: str, path: Path) -> None:
    from docx import Document

    doc = Document()
    props = doc.core_properties
    props.author = "Recruitment"
    props.title = "Job description and person specification"
    props.created = props.modified = FIXED_DATE.replace(tzinfo=None)
    props.last_modified_by = "Recruitment"
    props.revision = 1
    for kind, value in POSTINGS[stem]:
        if kind == "title":
            doc.add_heading(str(value), level=0)
        elif kind == "h1":
            doc.add_heading(str(value), level=1)
        elif kind == "h2":
            doc.add_heading(str(value), level=2)
        elif kind == "p":
            doc.add_paragraph(str(value))
        elif kind == "ul":
            for item in value:
                doc.add_paragraph(item, style="List Bullet")
        elif kind == "table":
            rows: list[list[str]] = value
            table = doc.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, text in enumerate(row):
                    cell = table.cell(r, c)
                    parts = text.split("\n")
                    cell.text = parts[0]
                    for extra in parts[1:]:
                        cell.add_paragraph(extra)
                    if r == 0:
                        for run in cell.paragraphs[0].runs:
                            run.bold = True
    doc.save(str(path))
    _fix_zip_dates(path)


def _fix_zip_dates(path: Path) -> None:
    """Rewrite the package with one fixed date on every member, so a rebuild is identical."""
    import zipfile

    with zipfile.ZipFile(path) as src:
        members = [(info, src.read(info)) for info in src.infolist()]
    stamp = FIXED_DATE.timetuple()[:6]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in members:
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            out.writestr(fixed, data)


def _html(stem: str) -> str:
    body: list[str] = []
    title = ""
    for kind, value in POSTINGS[stem]:
        if kind == "title":
            title = str(value)
            body.append(f"<h1>{html.escape(title)}</h1>")
        elif kind in ("h1", "h2"):
            body.append(f"<h2>{html.escape(str(value))}</h2>")
        elif kind == "p":
            body.append(f"<p>{html.escape(str(value))}</p>")
        elif kind == "ul":
            # the bullet is text, as in a PDF saved from Word, so that it stays beside its
            # item in the text layer (a CSS list marker is drawn apart from it)
            items = "".join(f"<li>\u2022\u00a0{html.escape(i)}</li>" for i in value)
            body.append(f"<ul>{items}</ul>")
        elif kind == "table":
            rows = value
            out = []
            for r, row in enumerate(rows):
                tag = "th" if r == 0 else "td"
                cells = "".join(
                    f"<{tag}>{'<br>'.join(html.escape(p) for p in c.split(chr(10)))}</{tag}>"
                    for c in row
                )
                out.append(f"<tr>{cells}</tr>")
            body.append(f"<table>{''.join(out)}</table>")
    created = FIXED_DATE.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title>"
        f"<meta name='dcterms.created' content='{created}'>"
        f"<meta name='dcterms.modified' content='{created}'>"
        "<meta name='author' content='Talent Acquisition'>"
        "<style>@page { size: Letter; margin: 2cm } "
        "body { font-family: sans-serif; font-size: 10.5pt; line-height: 1.35 } "
        "h1 { font-size: 18pt } h2 { font-size: 12.5pt; margin-top: 1.1em } "
        "ul { list-style: none; padding-left: 1.4em } "
        "li { margin-bottom: 0.2em; text-indent: -0.9em }</style></head><body>"
        + "".join(body)
        + "</body></html>"
    )


def build_pdf(stem: str, path: Path) -> None:
    from weasyprint import HTML

    HTML(string=_html(stem)).write_pdf(str(path))


def main() -> int:
    build_docx("32_senior_clinical_coder_nhs", HERE / "32_senior_clinical_coder_nhs.docx")
    build_pdf("33_federal_contractor_mrt", HERE / "33_federal_contractor_mrt.pdf")
    for stem in POSTINGS:
        print(f"{stem}: {len(plain_text(stem).split())} words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
