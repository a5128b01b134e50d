"""Every document names the person (or organization) as author, and no tool or local path."""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

import toolkit
from toolkit.formats.themes import templates_root

ROOT = Path(__file__).resolve().parent.parent
DAY = date(2026, 11, 27)
FORBIDDEN = [
    b"WeasyPrint",
    b"python-docx",
    b"docxtpl",
    str(templates_root()).encode(),
    str(Path.home()).encode() + b"/",
    b"file://",
]


def _inflated(pdf: bytes) -> bytes:
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            parts.append(match.group(1))
    return b"".join(parts)


@pytest.fixture(scope="module")
def documents() -> dict[str, bytes]:
    profile = toolkit.load_profile(ROOT / "examples" / "mid-rhit.yaml")
    job = toolkit.load_job(ROOT / "examples" / "posting-roi-specialist.txt")
    out: dict[str, bytes] = {}
    for kind in ("resume", "letter", "interview"):
        for fmt in ("pdf", "docx"):
            options = {"count": 3} if kind == "interview" else None
            out[f"{kind}.{fmt}"] = toolkit.render(
                profile, kind, fmt, job=job, document_date=DAY, kind_options=options
            )
    return out


@pytest.mark.parametrize("name", ["resume.pdf", "letter.pdf", "interview.pdf"])
def test_pdf_metadata(documents: dict[str, bytes], name: str) -> None:
    pdf = documents[name]
    meta = PdfReader(io.BytesIO(pdf)).metadata
    assert meta is not None
    assert meta.author == "Marcus T. Bell"
    assert "/Producer" not in meta
    assert "/Creator" not in meta
    raw = _inflated(pdf)
    for word in FORBIDDEN:
        assert word not in raw, word


@pytest.mark.parametrize("name", ["resume.docx", "letter.docx", "interview.docx"])
def test_docx_metadata(documents: dict[str, bytes], name: str) -> None:
    import docx

    data = documents[name]
    props = docx.Document(io.BytesIO(data)).core_properties
    assert props.author == "Marcus T. Bell"
    assert props.last_modified_by == "Marcus T. Bell"
    assert props.created is not None
    assert props.created.date() == DAY
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert not any("thumbnail" in n for n in archive.namelist())
    assert not any(n.startswith("docProps/custom") for n in archive.namelist())
    for part in archive.namelist():
        body = archive.read(part)
        for word in FORBIDDEN:
            assert word not in body, (part, word)


def test_private_entries_stay_out_of_every_document() -> None:
    profile = toolkit.load_profile(ROOT / "examples" / "senior-supervisor.yaml")
    private = [r.name for r in profile.references if r.private]
    assert private
    for kind, fmt in (("resume", "txt"), ("letter", "txt"), ("interview", "md")):
        options = {"count": 3} if kind == "interview" else None
        text = toolkit.render(profile, kind, fmt, document_date=DAY, kind_options=options).decode()
        assert not any(name in text for name in private), kind
