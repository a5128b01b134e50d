"""Word templates and letterheads from strangers: the output keeps only what a plain document
needs, and a template that would make docxtpl work for minutes is refused at once.

Every template here is built in the test (python-docx, then its XML and zip edited directly),
filled through the real entry points (a ``resume.docx`` or ``letter.docx`` in the templates
folder, a job description's letterhead) and the output zip is checked part by part.
"""

from __future__ import annotations

import io
import random
import re
import time
import zipfile
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.shared import Mm
from lxml import etree
from PIL import Image

import toolkit
from toolkit.errors import TemplateError
from toolkit.formats.docx.builder import LINK_SCHEMES, clean_package, docx_bytes
from toolkit.jd import scaffold_jd
from toolkit.models.jd import JobDescription
from toolkit.roles import load_pack

pytest.importorskip("docxtpl")

ROOT = Path(__file__).resolve().parent.parent
DAY = date(2026, 3, 3)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
OFFICE_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
DOC_RELS = "word/_rels/document.xml.rels"
DRAWING_NS = (
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"'
)
WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."

ENTRIES = ("resume", "letter", "jd")
TAG = {"resume": "{{ person.name }}", "letter": "{{ person.name }}", "jd": "{{ title }}"}
FILLED = {
    "resume": "Marcus T. Bell",
    "letter": "Marcus T. Bell",
    "jd": "Medical Records Specialist",
}

# What a plain document is made of (the allow-lists, as the output must show them).
ALLOWED_TYPES = {
    WML + "document.main+xml",
    WML + "styles+xml",
    "application/vnd.ms-word.stylesWithEffects+xml",
    WML + "numbering+xml",
    WML + "settings+xml",
    WML + "webSettings+xml",
    WML + "fontTable+xml",
    WML + "header+xml",
    WML + "footer+xml",
    WML + "footnotes+xml",
    WML + "endnotes+xml",
    "application/vnd.openxmlformats-officedocument.theme+xml",
    "application/vnd.openxmlformats-package.core-properties+xml",
    "application/vnd.openxmlformats-officedocument.extended-properties+xml",
    "application/vnd.openxmlformats-package.relationships+xml",
    "image/png",
    "image/jpeg",
}
ALLOWED_RELS = {
    OFFICE_RT + "officeDocument",
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
    OFFICE_RT + "extended-properties",
    OFFICE_RT + "styles",
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
    OFFICE_RT + "numbering",
    OFFICE_RT + "settings",
    OFFICE_RT + "webSettings",
    OFFICE_RT + "fontTable",
    OFFICE_RT + "theme",
    OFFICE_RT + "header",
    OFFICE_RT + "footer",
    OFFICE_RT + "footnotes",
    OFFICE_RT + "endnotes",
    OFFICE_RT + "image",
    OFFICE_RT + "hyperlink",
}
# Elements that must never reach a recipient, whatever part they are in.
FORBIDDEN_ELEMENTS = {
    "altChunk",
    "object",
    "OLEObject",
    "control",
    "ins",
    "del",
    "moveFrom",
    "moveTo",
    "moveFromRangeStart",
    "moveFromRangeEnd",
    "moveToRangeStart",
    "moveToRangeEnd",
    "delText",
    "delInstrText",
    "rPrChange",
    "pPrChange",
    "sectPrChange",
    "tblPrChange",
    "trPrChange",
    "tcPrChange",
    "numberingChange",
    "vanish",
    "specVanish",
    "webHidden",
    "docVars",
    "docVar",
    "attachedTemplate",
    "mailMerge",
    "trackRevisions",
    "commentRangeStart",
    "commentRangeEnd",
    "commentReference",
    "subDoc",
    "embedRegular",
}
LINK_PREFIXES = ("http:", "https:", "mailto:", "tel:")


# --- the documents under test ---------------------------------------------------------------


@pytest.fixture(scope="module")
def profile() -> toolkit.Profile:
    return toolkit.load_profile(ROOT / "examples" / "mid-rhit.yaml")


@pytest.fixture(scope="module")
def jd() -> JobDescription:
    return scaffold_jd(load_pack("medical-records-specialist"), "specialist", today=DAY)


Fill = Callable[[bytes], bytes]


@pytest.fixture(params=ENTRIES)
def entry(request: pytest.FixtureRequest) -> str:
    param: str = request.param
    return param


@pytest.fixture
def fill(entry: str, tmp_path: Path, profile: toolkit.Profile, jd: JobDescription) -> Fill:
    """Fill a template the way a user does: a ``<kind>.docx`` in ``--templates``, or a
    job description's ``--letterhead``."""
    counter = iter(range(1000))

    def run(template: bytes) -> bytes:
        folder = tmp_path / f"templates{next(counter)}"
        folder.mkdir()
        if entry == "jd":
            path = folder / "letterhead.docx"
            path.write_bytes(template)
            return toolkit.render(jd, "jd", "docx", word_template=path, document_date=DAY)
        (folder / f"{entry}.docx").write_bytes(template)
        return toolkit.render(profile, entry, "docx", user_templates=folder, document_date=DAY)

    return run


def _base(entry: str, *paragraphs: str, header: bool = False) -> bytes:
    """A python-docx template with the entry's placeholder first (and a header, if asked)."""
    document = docx.Document()
    document.add_paragraph(TAG[entry])
    for text in paragraphs:
        document.add_paragraph(text)
    if header:
        document.sections[0].header.paragraphs[0].text = "Letterhead " + TAG[entry]
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, blob in parts.items():
            archive.writestr(name, blob)
    return out.getvalue()


def _edit(
    data: bytes,
    *,
    body: str = "",
    settings: str = "",
    styles: str = "",
    header: str = "",
    parts: dict[str, tuple[str, bytes]] | None = None,
    rels: list[tuple[str, str, str, str, bool]] | None = None,
) -> bytes:
    """A copy of a template with XML put in and parts added.

    ``body`` goes before the body's ``w:sectPr``; ``settings`` and ``styles`` at the end of
    their parts; ``header`` at the end of the first header; ``parts`` are ``{name: (content
    type, bytes)}``; ``rels`` are ``(rels part, id, type, target, external)``.
    """
    entries = _parts(data)
    doc = entries["word/document.xml"].decode()
    if body:
        at = doc.rindex("<w:sectPr")
        doc = doc[:at] + body + doc[at:]
    entries["word/document.xml"] = doc.encode()
    if settings:
        entries["word/settings.xml"] = entries["word/settings.xml"].replace(
            b"</w:settings>", settings.encode() + b"</w:settings>"
        )
    if styles:
        entries["word/styles.xml"] = entries["word/styles.xml"].replace(
            b"</w:styles>", styles.encode() + b"</w:styles>"
        )
    if header:
        name = min(n for n in entries if re.fullmatch(r"word/header\d*\.xml", n))
        entries[name] = entries[name].replace(b"</w:hdr>", header.encode() + b"</w:hdr>")
    types = entries["[Content_Types].xml"].decode()
    for name, (content_type, blob) in (parts or {}).items():
        entries[name] = blob
        types = types.replace(
            "</Types>", f'<Override PartName="/{name}" ContentType="{content_type}"/></Types>'
        )
    entries["[Content_Types].xml"] = types.encode()
    for rels_name, r_id, reltype, target, external in rels or []:
        xml = entries.get(rels_name, f'<Relationships xmlns="{PKG_RELS}"></Relationships>'.encode())
        mode = ' TargetMode="External"' if external else ""
        rel = f'<Relationship Id="{r_id}" Type="{reltype}" Target="{target}"{mode}/>'
        entries[rels_name] = xml.replace(b"</Relationships>", rel.encode() + b"</Relationships>")
    return _zip(entries)


def _png(color: tuple[int, int, int] = (200, 30, 30), size: tuple[int, int] = (40, 20)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def _picture(r_id: str, *, link: str = "") -> str:
    """An inline DrawingML picture whose blip is the relationship ``r_id``."""
    blip = f'r:embed="{r_id}"' if not link else f'r:link="{link}"'
    return (
        '<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
        '<wp:extent cx="381000" cy="190500"/><wp:docPr id="77" name="Logo"/>'
        f"<a:graphic {DRAWING_NS}><a:graphicData "
        'uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>'
        '<pic:nvPicPr><pic:cNvPr id="0" name="logo.png"/><pic:cNvPicPr/></pic:nvPicPr>'
        f"<pic:blipFill><a:blip {blip}/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>"
        '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="381000" cy="190500"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>'
        "</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
    )


# --- what every output must look like ---------------------------------------------------------


def _content_types(parts: dict[str, bytes]) -> dict[str, str]:
    root = etree.fromstring(parts["[Content_Types].xml"])
    defaults = {
        d.get("Extension").lower(): d.get("ContentType") for d in root.iter(f"{{{CT_NS}}}Default")
    }
    overrides = {
        o.get("PartName").lstrip("/"): o.get("ContentType")
        for o in root.iter(f"{{{CT_NS}}}Override")
    }
    return {
        name: overrides.get(name) or defaults.get(name.rsplit(".", 1)[-1].lower(), "?")
        for name in parts
        if name != "[Content_Types].xml"
    }


def _xml_parts(parts: dict[str, bytes]) -> Iterator[tuple[str, Any]]:
    for name, blob in parts.items():
        if name.endswith((".xml", ".rels")):
            yield name, etree.fromstring(blob)


def _text(data: bytes) -> str:
    """The visible text of the body, the headers and the footers."""
    document = docx.Document(io.BytesIO(data))
    chunks = [p.text for p in document.paragraphs]
    for table in document.tables:
        chunks += [cell.text for row in table.rows for cell in row.cells]
    for section in document.sections:
        chunks += [p.text for p in section.header.paragraphs]
        chunks += [p.text for p in section.footer.paragraphs]
    return "\n".join(chunks)


def assert_plain(data: bytes) -> dict[str, bytes]:
    """Only allowed parts, relationships and links; none of the forbidden elements."""
    parts = _parts(data)
    for name, content_type in _content_types(parts).items():
        assert content_type in ALLOWED_TYPES, (name, content_type)
    for name, root in _xml_parts(parts):
        if name.endswith(".rels"):
            for rel in root:
                assert rel.get("Type") in ALLOWED_RELS, (name, rel.get("Type"))
                if rel.get("TargetMode") == "External":
                    assert rel.get("Type").endswith("/hyperlink"), (name, rel.attrib)
                    assert rel.get("Target").lower().startswith(LINK_PREFIXES), rel.attrib
            continue
        for element in root.iter():
            if isinstance(element.tag, str):
                local = etree.QName(element).localname
                assert local not in FORBIDDEN_ELEMENTS, (name, element.tag)
    return parts


def assert_nowhere(parts: dict[str, bytes], *needles: str) -> None:
    for name, blob in parts.items():
        for needle in needles:
            assert needle.encode() not in blob, (name, needle)


# --- altChunk -----------------------------------------------------------------------------


def test_altchunk_html_with_remote_and_unc_images_is_dropped(
    entry: str, fill: Fill, canary: tuple[str, list[str]]
) -> None:
    url, hits = canary
    html = (
        "<html><body><p>ALTCHUNK-SECRET words</p>"
        f'<img src="{url}/altchunk.png"><img src="\\\\127.0.0.1\\share\\unc-image.png">'
        "</body></html>"
    )
    template = _edit(
        _base(entry),
        body='<w:altChunk r:id="rIdAlt1"/>',
        parts={"word/afchunk1.htm": ("text/html", html.encode())},
        rels=[(DOC_RELS, "rIdAlt1", OFFICE_RT + "aFChunk", "afchunk1.htm", False)],
    )
    out = fill(template)
    parts = assert_plain(out)
    assert not any(n.endswith((".htm", ".html", ".mht")) for n in parts)
    assert_nowhere(parts, "ALTCHUNK-SECRET", "127.0.0.1", "unc-image", "aFChunk", "altChunk")
    assert FILLED[entry] in _text(out)
    assert hits == []


# --- embedded OLE objects and packages ------------------------------------------------------

OLE_BODY = (
    '<w:p><w:r><w:object w:dxaOrig="1520" w:dyaOrig="960">'
    '<v:shape id="_x0000_i1025" type="#_x0000_t75" style="width:76pt;height:48pt" o:ole="">'
    '<v:imagedata r:id="rIdOleIcon" o:title=""/></v:shape>'
    '<o:OLEObject Type="Embed" ProgID="Package" ShapeID="_x0000_i1025" DrawAspect="Icon" '
    'ObjectID="_1700000001" r:id="rIdOle"/></w:object></w:r></w:p>'
    '<w:p><w:r><w:object w:dxaOrig="1520" w:dyaOrig="960">'
    '<o:OLEObject Type="Embed" ProgID="Word.Document.12" ShapeID="_x0000_i1026" '
    'DrawAspect="Content" ObjectID="_1700000002" r:id="rIdPkg"/></w:object></w:r></w:p>'
    '<w:p><w:r><w:pict><v:shape id="loose"><o:OLEObject Type="Link" ProgID="Excel.Sheet.12" '
    'r:id="rIdOle"/></v:shape></w:pict></w:r></w:p>'
)


def test_embedded_ole_objects_and_packages_are_dropped(entry: str, fill: Fill) -> None:
    inner = _base(entry, "EMBEDDED-DOCX-SECRET")
    template = _edit(
        _base(entry),
        body=OLE_BODY,
        parts={
            "word/embeddings/oleObject1.bin": (
                "application/vnd.openxmlformats-officedocument.oleObject",
                b"\xd0\xcf\x11\xe0OLE-PAYLOAD-SECRET" + b"\0" * 512,
            ),
            "word/embeddings/Microsoft_Word_Document1.docx": (
                WML + "document",
                inner,
            ),
            "word/media/oleicon1.png": ("image/png", _png()),
        },
        rels=[
            (DOC_RELS, "rIdOle", OFFICE_RT + "oleObject", "embeddings/oleObject1.bin", False),
            (
                DOC_RELS,
                "rIdPkg",
                OFFICE_RT + "package",
                "embeddings/Microsoft_Word_Document1.docx",
                False,
            ),
            (DOC_RELS, "rIdOleIcon", OFFICE_RT + "image", "media/oleicon1.png", False),
        ],
    )
    out = fill(template)
    parts = assert_plain(out)
    assert not any("embeddings/" in n for n in parts)
    assert not any(n.startswith("word/media/") for n in parts)  # the icon went with it
    assert_nowhere(parts, "OLE-PAYLOAD-SECRET", "EMBEDDED-DOCX-SECRET", "OLEObject", "oleObject")
    assert FILLED[entry] in _text(out)


# --- tracked changes ------------------------------------------------------------------------

WHEN = 'w:date="2024-05-01T10:00:00Z"'
TRACKED_BODY = (
    f'<w:p><w:pPr><w:pPrChange w:id="10" w:author="Para Pat" {WHEN}><w:pPr>'
    '<w:jc w:val="center"/></w:pPr></w:pPrChange></w:pPr>'
    '<w:r><w:t xml:space="preserve">kept words </w:t></w:r>'
    f'<w:ins w:id="11" w:author="Insider Ian" {WHEN}><w:r><w:t xml:space="preserve">'
    "inserted words </w:t></w:r></w:ins>"
    f'<w:del w:id="12" w:author="Deleter Dee" {WHEN}><w:r><w:delText>'
    "salary was 38000</w:delText></w:r></w:del>"
    f'<w:r><w:rPr><w:b/><w:rPrChange w:id="13" w:author="Format Fay" {WHEN}><w:rPr/>'
    "</w:rPrChange></w:rPr><w:t>bold words</w:t></w:r></w:p>"
    f'<w:p><w:moveFromRangeStart w:id="14" w:author="Mover Mo" {WHEN} w:name="move1"/>'
    f'<w:moveFrom w:id="15" w:author="Mover Mo" {WHEN}><w:r><w:t>moved away text</w:t></w:r>'
    '</w:moveFrom><w:moveFromRangeEnd w:id="14"/></w:p>'
    f'<w:p><w:moveToRangeStart w:id="16" w:author="Mover Mo" {WHEN} w:name="move1"/>'
    f'<w:moveTo w:id="17" w:author="Mover Mo" {WHEN}><w:r><w:t>moved here text</w:t></w:r>'
    '</w:moveTo><w:moveToRangeEnd w:id="16"/></w:p>'
    f'<w:p><w:pPr><w:rPr><w:del w:id="18" w:author="Mark Del" {WHEN}/></w:rPr></w:pPr>'
    f'<w:del w:id="19" w:author="Deleter Dee" {WHEN}><w:r><w:delInstrText> AUTHOR '
    "</w:delInstrText></w:r></w:del></w:p>"
    '<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="3000"/>'
    "</w:tblGrid>"
    f'<w:tr><w:trPr><w:del w:id="20" w:author="Row Remover" {WHEN}/></w:trPr><w:tc><w:tcPr>'
    '<w:tcW w:w="3000" w:type="dxa"/></w:tcPr><w:p>'
    f'<w:del w:id="21" w:author="Row Remover" {WHEN}><w:r><w:delText>deleted row text'
    "</w:delText></w:r></w:del></w:p></w:tc></w:tr>"
    '<w:tr><w:tc><w:tcPr><w:tcW w:w="3000" w:type="dxa"/></w:tcPr><w:p><w:r><w:t>'
    "table words</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
)
AUTHORS = ("Para Pat", "Insider Ian", "Deleter Dee", "Format Fay", "Mover Mo", "Mark Del")


def test_tracked_changes_are_accepted_and_their_authors_dropped(entry: str, fill: Fill) -> None:
    template = _edit(
        _base(entry, header=True),
        body=TRACKED_BODY,
        header=(
            f'<w:p><w:ins w:id="30" w:author="Header Hal" {WHEN}><w:r><w:t>header insert</w:t>'
            f'</w:r></w:ins><w:del w:id="31" w:author="Header Hal" {WHEN}><w:r><w:delText>'
            "header deletion</w:delText></w:r></w:del></w:p>"
        ),
        settings="<w:trackRevisions/>",
    )
    out = fill(template)
    parts = assert_plain(out)
    text = _text(out)
    for kept in ("kept words", "inserted words", "bold words", "moved here text", "table words"):
        assert kept in text
    assert "header insert" in text
    assert_nowhere(
        parts,
        *AUTHORS,
        "Header Hal",
        "Row Remover",
        "salary was 38000",
        "moved away text",
        "deleted row text",
        "header deletion",
        "AUTHOR",
        "2024-05-01",
    )
    document = docx.Document(io.BytesIO(out))
    assert len(document.tables[0].rows) == 1  # the deleted row went with its deletion


# --- hidden text -----------------------------------------------------------------------------

HIDDEN_STYLES = (
    '<w:style w:type="character" w:customStyle="1" w:styleId="Sneaky"><w:name w:val="Sneaky"/>'
    "<w:rPr><w:vanish/></w:rPr></w:style>"
    '<w:style w:type="character" w:customStyle="1" w:styleId="SneakyChild">'
    '<w:name w:val="Sneaky Child"/><w:basedOn w:val="Sneaky"/><w:rPr><w:i/></w:rPr></w:style>'
    '<w:style w:type="paragraph" w:customStyle="1" w:styleId="HiddenPara">'
    '<w:name w:val="Hidden Para"/><w:rPr><w:vanish/></w:rPr></w:style>'
)
HIDDEN_BODY = (
    '<w:p><w:r><w:t xml:space="preserve">visible words </w:t></w:r>'
    "<w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden vanish words</w:t></w:r>"
    '<w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t xml:space="preserve"> shown despite vanish off'
    "</w:t></w:r></w:p>"
    "<w:p><w:r><w:rPr><w:specVanish/></w:rPr><w:t>hidden specvanish words</w:t></w:r>"
    "<w:r><w:rPr><w:webHidden/></w:rPr><w:t>hidden webhidden words</w:t></w:r>"
    "<w:r><w:t>second line</w:t></w:r></w:p>"
    '<w:p><w:r><w:rPr><w:rStyle w:val="SneakyChild"/></w:rPr><w:t>hidden by style words</w:t>'
    "</w:r></w:p>"
    '<w:p><w:pPr><w:pStyle w:val="HiddenPara"/></w:pPr><w:r><w:t>hidden paragraph words</w:t>'
    '</w:r><w:r><w:rPr><w:vanish w:val="false"/></w:rPr><w:t>unhidden in a hidden paragraph'
    "</w:t></w:r></w:p>"
    "<w:p><w:pPr><w:rPr><w:vanish/></w:rPr></w:pPr><w:r><w:t>mark hidden only</w:t></w:r></w:p>"
)
HIDDEN = (
    "hidden vanish words",
    "hidden specvanish words",
    "hidden webhidden words",
    "hidden by style words",
    "hidden paragraph words",
)


def test_hidden_text_does_not_travel(entry: str, fill: Fill) -> None:
    template = _edit(
        _base(entry, header=True),
        body=HIDDEN_BODY,
        styles=HIDDEN_STYLES,
        header="<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden header words</w:t></w:r></w:p>",
    )
    out = fill(template)
    parts = assert_plain(out)
    assert_nowhere(parts, *HIDDEN, "hidden header words")
    text = _text(out)
    for shown in (
        "visible words",
        "shown despite vanish off",
        "second line",
        "unhidden in a hidden paragraph",
        "mark hidden only",
    ):
        assert shown in text


# --- document variables and other settings ---------------------------------------------------

DOCVAR_SETTINGS = (
    '<w:docVars><w:docVar w:name="SalaryBand" w:val="band 7 pays SALARY-BAND-SECRET"/>'
    "</w:docVars>"
    '<w:mailMerge><w:mainDocumentType w:val="formLetters"/><w:dataType w:val="odbc"/>'
    '<w:connectString w:val="Data Source=C:\\Users\\hr\\candidates.xlsx"/>'
    '<w:query w:val="SELECT * FROM `Sheet1$`"/></w:mailMerge>'
    '<w:documentProtection w:edit="readOnly" w:enforcement="1" w:hashValue="c2VjcmV0aGFzaA=="/>'
    '<w:attachedTemplate r:id="rIdTpl"/><w:updateFields w:val="true"/>'
)
DOCVAR_FIELD = (
    '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">'
    ' DOCVARIABLE SalaryBand </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/>'
    "</w:r><w:r><w:t>band 7 pays SALARY-BAND-SECRET</w:t></w:r>"
    '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    "</w:p>"
)


def test_document_variables_and_mail_merge_settings_are_dropped(entry: str, fill: Fill) -> None:
    template = _edit(
        _base(entry),
        body=DOCVAR_FIELD,
        settings=DOCVAR_SETTINGS,
        rels=[
            (
                "word/_rels/settings.xml.rels",
                "rIdTpl",
                OFFICE_RT + "attachedTemplate",
                "file:///C:/Users/hr/Templates/Normal.dotm",
                True,
            )
        ],
    )
    out = fill(template)
    parts = assert_plain(out)
    assert_nowhere(
        parts,
        "SalaryBand",
        "SALARY-BAND-SECRET",
        "candidates.xlsx",
        "Sheet1",
        "DOCVARIABLE",
        "documentProtection",
        "c2VjcmV0aGFzaA",
        "Normal.dotm",
        "updateFields",
    )
    assert FILLED[entry] in _text(out)


# --- fields ----------------------------------------------------------------------------------


def _field(code: str, result: str) -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {code} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r><w:t>{result}</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


FIELDS_BODY = (
    "<w:p>"
    + _field("NUMPAGES", "3")
    + '<w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
    + _field("DATE \\@ &quot;d MMMM yyyy&quot;", "1 May 2024")
    + "</w:p><w:p>"
    + _field("USERNAME", "jdoe-recruiter")
    + '<w:fldSimple w:instr=" AUTHOR "><w:r><w:t>Jane Recruiter</w:t></w:r></w:fldSimple>'
    + _field("FILENAME \\p", "C:\\Users\\jdoe\\secret-plans.docx")
    + "</w:p><w:p>"
    + _field("MACROBUTTON Evil Click here", "")
    + _field("QUOTE &quot;quoted words&quot;", "quoted words")
    + _field("HYPERLINK &quot;https://example.org/jobs&quot;", "our jobs")
    + "</w:p>"
)


def test_only_page_and_date_fields_stay(entry: str, fill: Fill) -> None:
    out = fill(_edit(_base(entry), body=FIELDS_BODY))
    parts = assert_plain(out)
    codes: list[str] = []
    for name, root in _xml_parts(parts):
        if name.endswith(".rels"):
            continue
        codes += [(e.text or "").strip() for e in root.iter(f"{{{W}}}instrText")]
        codes += [(e.get(f"{{{W}}}instr") or "").strip() for e in root.iter(f"{{{W}}}fldSimple")]
    words = sorted(c.split()[0] for c in codes)
    assert words == ["DATE", "HYPERLINK", "NUMPAGES", "PAGE"]
    assert_nowhere(parts, "jdoe", "Jane Recruiter", "secret-plans", "MACROBUTTON", "Evil")
    text = _text(out)
    assert "quoted words" in text  # an unlinked field keeps what it showed
    assert "our jobs" in text


# --- parts and relationships ----------------------------------------------------------------


def test_only_the_parts_a_plain_document_needs_stay(
    entry: str, fill: Fill, canary: tuple[str, list[str]]
) -> None:
    url, hits = canary
    glossary = _parts(_base(entry, "GLOSSARY-SECRET"))["word/document.xml"].replace(
        b"w:document", b"w:glossaryDocument"
    )
    body = (
        '<w:p><w:r><w:t xml:space="preserve">see </w:t></w:r>'
        '<w:hyperlink r:id="rIdWeb"><w:r><w:t>the web</w:t></w:r></w:hyperlink>'
        '<w:hyperlink r:id="rIdJs"><w:r><w:t xml:space="preserve"> and a script</w:t></w:r>'
        "</w:hyperlink></w:p>"
        f"<w:p>{_picture('', link='rIdLinked')}{_picture('rIdFake')}{_picture('rIdEmf')}</w:p>"
        f'<w:p><w:r><w:pict><v:shape id="s1" href="{url}/vml-href" style="width:10pt">'
        f'<v:imagedata r:id="rIdLogo" o:href="file:///C:/Users/jdoe/logo.png" '
        f'src="{url}/vml-src"/></v:shape></w:pict></w:r></w:p>'
        '<w:p><w:customXml w:uri="urn:x" w:element="secret"><w:r><w:t>custom xml words</w:t>'
        "</w:r></w:customXml></w:p>"
    )
    template = _edit(
        _base(entry),
        body=body,
        parts={
            "word/glossary/document.xml": (WML + "document.glossary+xml", glossary),
            "word/people.xml": (
                WML + "people+xml",
                b'<w15:people xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml">'
                b'<w15:person w15:author="PEOPLE-SECRET"/></w15:people>',
            ),
            "word/evil.bin": ("application/x-evil", b"EVIL-PART-SECRET"),
            "word/media/logo.png": ("image/png", _png()),
            "word/media/fake.png": ("image/png", b"<svg>not a png at all FAKE-PNG-SECRET</svg>"),
            "word/media/vector.emf": ("image/x-emf", b" EMF-SECRET" + b"\0" * 64),
        },
        rels=[
            (DOC_RELS, "rIdGloss", OFFICE_RT + "glossaryDocument", "glossary/document.xml", False),
            (
                DOC_RELS,
                "rIdPeople",
                "http://schemas.microsoft.com/office/2011/relationships/people",
                "people.xml",
                False,
            ),
            (DOC_RELS, "rIdEvil", "http://example.invalid/relationships/evil", "evil.bin", False),
            (DOC_RELS, "rIdLogo", OFFICE_RT + "image", "media/logo.png", False),
            (DOC_RELS, "rIdFake", OFFICE_RT + "image", "media/fake.png", False),
            (DOC_RELS, "rIdEmf", OFFICE_RT + "image", "media/vector.emf", False),
            (DOC_RELS, "rIdWeb", OFFICE_RT + "hyperlink", "https://example.org/", True),
            (DOC_RELS, "rIdJs", OFFICE_RT + "hyperlink", "javascript:alert(1)", True),
            (DOC_RELS, "rIdLinked", OFFICE_RT + "image", f"{url}/linked.png", True),
        ],
    )
    out = fill(template)
    parts = assert_plain(out)
    assert_nowhere(
        parts,
        "GLOSSARY-SECRET",
        "PEOPLE-SECRET",
        "EVIL-PART-SECRET",
        "FAKE-PNG-SECRET",
        "EMF-SECRET",
        "javascript",
        "127.0.0.1",
        "jdoe",
        "urn:x",
    )
    media = [n for n in parts if n.startswith("word/media/")]
    assert len(media) == 1  # the real PNG, still shown by the VML picture
    assert parts[media[0]] == _png()
    document = docx.Document(io.BytesIO(out))
    links = [h.address for p in document.paragraphs for h in p.hyperlinks]
    assert links == ["https://example.org/"]
    text = _text(out)
    assert "see the web and a script" in text  # a refused link keeps its words
    assert "custom xml words" in text
    assert hits == []


# --- a normal letterhead still fills --------------------------------------------------------


LOOPS = {
    "resume": ("sections", "{{ r.title }}"),
    "letter": ("paragraphs", "{{ r }}"),
    "jd": ("responsibilities", "{{ r }}"),
}


def _letterhead(entry: str) -> bytes:
    """A letterhead as a designer makes it: a logo and a link in the header, the page number
    in the footer, a table and a loop."""
    document = docx.Document()
    loop, item = LOOPS[entry]
    document.add_paragraph(TAG[entry], style="Title")
    document.add_paragraph(f"{{%p for r in {loop} %}}")
    document.add_paragraph(item, style="List Bullet")
    document.add_paragraph("{%p endfor %}")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Reference"
    table.rows[0].cells[1].text = TAG[entry]
    section = document.sections[0]
    section.header.paragraphs[0].add_run().add_picture(io.BytesIO(_png()), width=Mm(20))
    section.header.add_paragraph("Lakeshore Regional · ")
    footer = section.footer.paragraphs[0]
    footer.add_run("Page ")
    footer._p.append(
        etree.fromstring(
            f'<w:fldSimple xmlns:w="{W}" w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
        )
    )
    out = io.BytesIO()
    document.save(out)
    header_rels = next(
        n for n in _parts(out.getvalue()) if re.fullmatch(r"word/_rels/header\d*\.xml\.rels", n)
    )
    return _edit(
        out.getvalue(),
        header=(
            '<w:p><w:hyperlink r:id="rIdSite"><w:r><w:t>lakeshore.example.org</w:t></w:r>'
            "</w:hyperlink></w:p>"
        ),
        rels=[(header_rels, "rIdSite", OFFICE_RT + "hyperlink", "https://example.org/", True)],
    )


def test_a_normal_letterhead_still_fills(entry: str, fill: Fill, jd: JobDescription) -> None:
    out = fill(_letterhead(entry))
    parts = assert_plain(out)
    document = docx.Document(io.BytesIO(out))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == FILLED[entry]
    bullets = [p.text for p in document.paragraphs if p.style and p.style.name == "List Bullet"]
    if entry == "jd":
        assert bullets == jd.responsibilities
    else:
        assert bullets
        assert all(bullets)
    assert document.tables[0].rows[0].cells[1].text == FILLED[entry]
    header = document.sections[0].header
    assert any(r.reltype.endswith("/image") for r in header.part.rels.values())
    assert [n for n in parts if n.startswith("word/media/")]
    assert "lakeshore.example.org" in "".join(p.text for p in header.paragraphs)
    external = [r.target_ref for r in header.part.rels.values() if r.is_external]
    assert external == ["https://example.org/"]
    footer = b"".join(v for n, v in parts.items() if re.fullmatch(r"word/footer\d*\.xml", n))
    assert b'w:instr=" PAGE "' in footer


# --- the toolkit's own documents -----------------------------------------------------------


@pytest.mark.parametrize("theme", ["plain", "modern", "compact"])
@pytest.mark.parametrize("kind", ["resume", "letter", "interview", "jd", "photo"])
def test_the_toolkits_own_documents_pass_through_unchanged(
    kind: str, theme: str, profile: toolkit.Profile, jd: JobDescription, tmp_path: Path
) -> None:
    """Everything the built-in writers put in a Word file is on the allow-lists: cleaning
    their output again removes nothing and gives the same bytes."""
    if kind == "jd":
        data = toolkit.render(jd, "jd", "docx", theme=theme, document_date=DAY)
    elif kind == "photo":
        Image.new("RGB", (300, 400), (180, 200, 220)).save(tmp_path / "me.jpg")
        (tmp_path / "profile.yaml").write_text(
            "basics:\n  name: Dana Reyes\n  photo: me.jpg\n  website: https://example.org/\n"
        )
        with_photo = toolkit.load_profile(tmp_path / "profile.yaml")
        data = toolkit.render(with_photo, "resume", "docx", theme=theme, document_date=DAY)
        assert any(n.startswith("word/media/") for n in _parts(data))
    else:
        data = toolkit.render(profile, kind, "docx", theme=theme, document_date=DAY)
    document = docx.Document(io.BytesIO(data))
    assert clean_package(document, LINK_SCHEMES) == []
    assert docx_bytes(document) == data
    assert_plain(data)


# --- bounded work ------------------------------------------------------------------------------

PATHOLOGICAL = {
    "a run of braces": "{" * 100_000,
    "a run of '{%'": "{%" * 50_000,
    "open tags": "{{ " * 30_000,
    "'-%}' with no text after": "-%}" * 30_000,
    "'{{r ' tags": "{{r " * 25_000,
}


@pytest.mark.parametrize("text", PATHOLOGICAL.values(), ids=list(PATHOLOGICAL))
def test_a_template_that_would_take_minutes_is_refused_at_once(
    entry: str, fill: Fill, text: str
) -> None:
    template = _base(entry, "Dear reader,", text)
    assert len(template) < 40_000  # a 37 KB file: docxtpl took minutes on these
    fill(_base(entry))  # the kind's own work, done once, is not what is timed
    start = time.thread_time()
    with pytest.raises(TemplateError) as info:
        fill(template)
    elapsed = time.thread_time() - start
    assert elapsed < 0.5, f"took {elapsed:.2f}s"
    message = str(info.value)
    assert info.value.template == ("letterhead.docx" if entry == "jd" else f"{entry}.docx")
    assert "word/document.xml, paragraph 3" in message, message
    assert text[:12] in message  # the start of the paragraph, to find it


def _long_letter(paragraphs: int) -> str:
    """Body XML of ordinary paragraphs of random words (a zip does not squeeze them away)."""
    rng = random.Random(7)
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = ["".join(rng.choices(letters, k=rng.randint(2, 9))) for _ in range(3000)]
    return "".join(
        f"<w:p><w:r><w:t>{' '.join(rng.choices(words, k=12))}</w:t></w:r></w:p>"
        for _ in range(paragraphs)
    )


def test_an_unclosed_tag_ahead_of_a_long_document_is_refused_at_once(
    entry: str, fill: Fill
) -> None:
    # 1,000 marks only, but each scanned to the end of 0.6 MB of XML: 9 s in docxtpl
    template = _edit(_base(entry, "Dear reader,", "{" * 1000), body=_long_letter(5500))
    fill(_base(entry))  # the kind's own work, done once, is not what is timed
    start = time.thread_time()
    with pytest.raises(TemplateError, match="never closed") as info:
        fill(template)
    assert time.thread_time() - start < 0.5
    assert "word/document.xml, paragraph 3" in str(info.value)


@pytest.mark.parametrize("typed", [True, False], ids=["header", "header-without-its-type"])
def test_the_bound_covers_headers(entry: str, fill: Fill, typed: bool) -> None:
    template = _edit(
        _base(entry, header=True), header="<w:p><w:r><w:t>" + "{%" * 50_000 + "</w:t></w:r></w:p>"
    )
    if not typed:  # docxtpl fills what the document relates to as a header, whatever its type
        parts = _parts(template)
        parts["[Content_Types].xml"] = re.sub(
            rb'<Override PartName="/word/header\d*\.xml"[^>]*/>', b"", parts["[Content_Types].xml"]
        )
        template = _zip(parts)
    fill(_base(entry))  # the kind's own work, done once, is not what is timed
    start = time.thread_time()
    with pytest.raises(TemplateError, match=r"word/header\d*\.xml, paragraph 2"):
        fill(template)
    assert time.thread_time() - start < 0.5


def test_deep_nesting_is_a_template_error(entry: str, fill: Fill) -> None:
    template = _base(entry, "{{ " + "[" * 3000 + "]" * 3000 + " }}")
    with pytest.raises(TemplateError, match="deep"):
        fill(template)


def test_a_large_but_reasonable_template_still_fills(entry: str, fill: Fill) -> None:
    tag = "title" if entry == "jd" else "person.name"
    paragraphs = [f"Paragraph {n}: {{{{ {tag} }}}}" for n in range(400)]
    start = time.thread_time()
    out = fill(_base(entry, *paragraphs))
    assert time.thread_time() - start < 10
    assert _text(out).count(FILLED[entry]) == 401
