"""The hostile-input matrix: every input class of SECURITY.md, every document kind and format.

Each case is one hostile profile. A case either fails to load with a located
:class:`~toolkit.InputError` (refused before any document exists, so kind and format do not
matter), or loads and is rendered as every kind x format, each output checked for the
properties that keep its reader safe: no live markup, link or Word element made from a value,
no embedded or fetched file, no request to the canary server, no template code run.

``make test`` runs a representative slice (every case once, every class, kind and format at
least once); ``make stress`` runs the whole matrix (``--stress -m stress``).

Classes covered here: syntax and encoding, silent type changes, hostile strings, structural
bombs, CSS breakouts in render options, and of hostile images the photo field's values and a
very tall image under the pixel cap. Hostile Jinja templates, Word templates, photos and
output paths have their own tests in test_render_safety.py, test_render_docx.py,
test_photo.py and test_output.py.
"""

from __future__ import annotations

import html
import io
import json
import re
import struct
import time
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from pypdf import PdfReader

import toolkit
from tests.conftest import canary_server
from toolkit import InputError, ToolkitError, UserError
from toolkit.load.sources import MAX_BYTES, MAX_DEPTH

KINDS = ("resume", "letter", "interview")
FORMATS = ("pdf", "docx", "html", "md", "txt")
DAY = "2026-01-15"
MARK = "PWNED"
"""Every injection carries this word, so a live heading, link or field made of it shows."""
PASSWD = "root:x:0:0"
SSTI = "7777777"
"""What ``{{ 7*'7' }}`` gives when a template engine evaluates it."""
BULLET = "Processed 45 release of information requests a day under HIPAA"
"""A bullet that matches the role pack, so letters and interview sheets quote it."""
SAFE_SCHEMES = ("http://", "https://", "mailto:", "tel:", "#")
SHORT = 300  # ShortText's length cap
MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|])")


# --- the cases ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One hostile profile.

    Attributes:
        id: the test id.
        cls: the SECURITY.md class it belongs to.
        make: canary URL -> the profile, as text (parsed) or bytes (written to a file, loaded).
        format: ``yaml`` or ``json``.
        error: for a refused input, a fragment of the located issue's message.
        keep: texts that must arrive in the profile and the text outputs exactly as written.
        shown: a value that must appear as text (escaped) in the resume's HTML and DOCX.
        located: whether the error must carry a line, a column and a hint (file-level
            refusals name the file only).
        stress: a refused case slow enough to run only under ``--stress``.
    """

    id: str
    cls: str
    make: Callable[[str], str | bytes]
    format: str = "json"
    error: str | None = None
    keep: tuple[str, ...] = ()
    shown: str | None = None
    located: bool = True
    stress: bool = False


def profile_doc(value: str, *, name: str | None = None, **more: Any) -> dict[str, Any]:
    """A profile with ``value`` in every kind of text field a document prints."""
    short = value if len(value) <= SHORT else value[:SHORT]
    return {
        "basics": {
            "name": name if name is not None else short,
            "headline": short,
            "email": "ada@example.com",
            "summary": value,
            "location": {"city": short},
            "links": [{"label": short, "url": "https://ada.example.org"}],
            **more,
        },
        "experience": [
            {
                "employer": short,
                "title": short,
                "start": "2019-03",
                "highlights": [
                    f"{BULLET} {value}"[:5000],
                    value,
                    "Cut the chart deficiency backlog from 900 to 150 charts.",
                ],
            }
        ],
        "skills": [{"name": short, "keywords": [short, "HIPAA", "Release of information"]}],
        "preferences": {"section_titles": {"skills": short}},
    }


def hostile(value: str, **more: Any) -> Callable[[str], str]:
    """``make`` for a hostile value in every field (``{url}`` is the canary's address)."""

    def make(url: str) -> str:
        filled = {k: v.replace("{url}", url) if isinstance(v, str) else v for k, v in more.items()}
        return json.dumps(profile_doc(value.replace("{url}", url), **filled))

    return make


def text(source: str) -> Callable[[str], str]:
    return lambda url: source


def file_bytes(data: bytes | Callable[[], bytes]) -> Callable[[str], bytes]:
    return lambda url: data() if callable(data) else data


TYPE_CHANGES = """\
basics:
  name: NO
  headline: 01234
  summary: 1:30
  location: {city: 3.10}
experience:
  - employer: 0x1F
    title: 1e3
    start: 2019-03
    highlights:
      - yes
      - Processed 45 release of information requests a day under HIPAA
skills:
  - name: off
    keywords: [NO, 01234, '1:30', 3.10, .inf, HIPAA]
"""

ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]\n"
    for i in range(8)
)

UTF8_PROFILE = json.dumps(profile_doc("Zoë Brontë — naïve café"), ensure_ascii=False)

RENDERED = [
    # hostile strings: markup that would be live in HTML, PDF, Markdown or Word
    Case("html-script", "hostile strings", hostile(f"<script>alert('{MARK}')</script>"),
         shown="<script>alert("),
    Case("html-img-canary", "hostile strings", hostile(f'<img src="{{url}}/{MARK}.png"> x'),
         shown="<img src="),
    Case("html-attachment-passwd", "hostile strings",
         hostile(f'<link rel="attachment" href="file:///etc/passwd">{MARK}'
                 f'<a rel="attachment" href="file:///etc/passwd">{MARK}</a>'),
         shown='<link rel="attachment"'),
    Case("html-attribute-breakout", "hostile strings",
         hostile(f"\"'><svg onload=alert(1)><iframe src=\"{{url}}/f\">{MARK}"),
         shown="<svg onload="),
    Case("css-breakout", "hostile strings",
         hostile(f"</style><style>@import url({{url}}/x.css); body{{background:url("
                 f"file:///etc/passwd)}}</style> red}} p{{content:url({{url}}/c)}} {MARK}"),
         shown="</style><style>"),
    Case("md-javascript-link", "hostile strings",
         hostile(f"[{MARK}](javascript:alert(1)) <javascript:alert(2)>")),
    Case("md-image-autolink", "hostile strings",
         hostile(f"![{MARK}]({{url}}/md.png) <{{url}}/auto> [{MARK}]: {{url}}/ref")),
    Case("md-heading", "hostile strings", hostile(f"# {MARK} heading")),
    Case("md-table", "hostile strings", hostile(f"| {MARK} | b |\n|---|---|\n| c | d |")),
    Case("md-html-block", "hostile strings",
         hostile(f"<details open><summary>{MARK}</summary></details>\n\n<div>{MARK}</div>")),
    Case("jinja-in-values", "hostile strings",
         hostile("{{ 7*7 }} {{ 7*'7' }} {% raw %}" + MARK + "{% endraw %} "
                 "{{ lipsum.__globals__['os'].popen('id').read() }} {# c #}"),
         keep=("{{ 7*7 }}",)),
    Case("wordml-injection", "hostile strings",
         hostile(f"</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>{MARK}</w:t></w:r>"
                 "<w:fldSimple w:instr=' INCLUDETEXT \"file:///etc/passwd\" '/><w:r><w:t>"),
         shown="</w:t></w:r><w:r>"),
    Case("zero-width-and-isolates", "hostile strings",
         hostile(f"P\u200bW\u200cN\u200dE\u2060D \u2066isolated\u2069 \u200fmark\ufeff {MARK}")),
    Case("long-word", "hostile strings", hostile("W" * 4900)),
    Case("emoji-and-combining", "hostile strings",
         hostile("Zoë 👩🏽‍⚕️ 👨‍👩‍👧‍👦 🇺🇸 Z̷̢͉a̸l̶g̵o̴ e\u0301\u0301\u0301 \U0001f600")),
    Case("right-to-left", "hostile strings",
         hostile("\u05d3\u05e0\u05d4 \u05db\u05d4\u05df \u0645\u0631\u062d\u0628\u0627 ICD-10")),
    Case("link-url-breakout", "hostile strings",
         hostile("Ada", website="https://ada.example.org/)[x](javascript:alert(1)")),
    Case("link-url-quote", "hostile strings",
         hostile("Ada", website="https://ada.example.org/\"onmouseover=\"alert(1)")),
    Case("newlines-in-short-fields", "hostile strings",
         hostile(f"line one\n# {MARK}\n- item\n\n1. list\n---\n> quote")),
    # hostile images: a photo path is kept as data and never read
    Case("photo-path-outside", "hostile images",
         hostile("Ada", name="Ada Lovelace", photo="../../../../../../etc/passwd.png")),
    # silent type changes: YAML 1.1 would turn these into booleans and numbers
    Case("yaml-type-changes", "silent type changes", text(TYPE_CHANGES), format="yaml",
         keep=("NO", "01234", "1:30", "3.10", "0x1F", "1e3", "yes", "off", ".inf")),
    # encoding: a UTF-8 file, with or without a BOM, is read as written
    Case("utf8-bom-file", "syntax and encoding",
         file_bytes(b"\xef\xbb\xbf" + UTF8_PROFILE.encode()), keep=("Zoë Brontë",)),
    Case("utf8-file", "syntax and encoding", file_bytes(UTF8_PROFILE.encode()),
         keep=("naïve café",)),
]  # fmt: skip

REFUSED = [
    # hostile strings refused at the model boundary, located at their field
    Case("nul-char-json", "hostile strings", hostile("Ada\x00"), error="U+0000"),
    Case("nul-char-yaml", "hostile strings", text('basics:\n  name: "Ada\\0"\n'),
         format="yaml", error="U+0000"),
    Case("escape-char", "hostile strings", hostile("Ada\x1b[31m"), error="U+001B"),
    Case("vertical-tab", "hostile strings", hostile("A\x0bda"), error="U+000B"),
    Case("lone-surrogate-json", "hostile strings",
         text('{"basics": {"name": "Ada \\ud800"}}'), error="surrogate"),
    Case("bidi-override", "hostile strings", hostile("Ada \u202egpj.exe"), error="U+202E"),
    Case("long-word-10k", "hostile strings", hostile("W" * 10_000), error="too long"),
    Case("javascript-website", "hostile strings",
         hostile("Ada", website="javascript:alert(1)"), error="javascript: links are refused"),
    Case("file-website", "hostile strings",
         hostile("Ada", website="file:///etc/passwd"), error="file: links are refused"),
    Case("photo-url", "hostile images",
         hostile("Ada", photo="{url}/me.png"), error="not a link"),
    Case("photo-not-image", "hostile images",
         hostile("Ada", photo="/etc/passwd"), error="not a link"),
    Case("theme-path", "hostile strings",
         text("basics: {name: A}\npreferences:\n  theme: ../../etc\n"),
         format="yaml", error="expected form"),
    # silent type changes that cannot stay text: a located error, never a None name
    Case("yaml-tilde-name", "silent type changes", text("basics:\n  name: ~\n"),
         format="yaml", error="required"),
    Case("yaml-null-name", "silent type changes", text("basics:\n  name: null\n"),
         format="yaml", error="required"),
    Case("json-null-name", "silent type changes", text('{"basics": {"name": null}}'),
         error="required"),
    Case("yaml-null-keyword", "silent type changes",
         text("basics: {name: A}\nskills:\n  - name: S\n    keywords: [~]\n"),
         format="yaml", error="expected text"),
    Case("json-nan", "syntax and encoding",
         text('{"basics": {"name": "A", "headline": NaN}}'), error="NaN"),
    Case("json-huge-number", "syntax and encoding",
         text('{"basics": {"name": "A", "headline": 1e999}}'), error="number is too"),
    Case("yaml-python-tag", "syntax and encoding",
         text("basics:\n  name: !!python/object/apply:os.system [id]\n"),
         format="yaml", error="tags"),
    Case("yaml-syntax", "syntax and encoding", text("basics:\n\tname: A\n"),
         format="yaml", error="YAML syntax error"),
    Case("json-syntax", "syntax and encoding", text('{"basics": {"name": "A",}}'),
         error="expected a quoted key"),
    # structural bombs
    Case("alias-bomb", "structural bombs", text(ALIAS_BOMB), format="yaml", error="anchors"),
    Case("deep-nesting-yaml", "structural bombs",
         text("basics: " + "[" * (MAX_DEPTH + 50) + "]" * (MAX_DEPTH + 50) + "\n"),
         format="yaml", error="nests deeper"),
    Case("deep-nesting-json", "structural bombs",
         text('{"basics": ' + "[" * 5000 + "]" * 5000 + "}"), error="nests deeper"),
    Case("many-nodes", "structural bombs",
         text("basics: {name: Ada}\ninterests:\n" + "  - {name: x}\n" * 60_000),
         format="yaml", error="more than", stress=True),
    Case("many-keys", "structural bombs",
         text(json.dumps({"basics": {"name": "A", **{f"k{i}": 1 for i in range(5000)}}})),
         error="unknown field"),
    Case("duplicate-keys-yaml", "structural bombs",
         text("basics:\n  name: Ada\n  name: Eve\n"), format="yaml", error="twice"),
    Case("duplicate-keys-json", "structural bombs",
         text('{"basics": {"name": "Ada", "name": "Eve"}}'), error="twice"),
    Case("huge-file", "structural bombs",
         file_bytes(lambda: b'{"basics": {"name": "A", "summary": "' + b"x" * MAX_BYTES + b'"}}'),
         error="larger than", located=False),
    # encoding
    Case("utf16-bom-file", "syntax and encoding",
         file_bytes(UTF8_PROFILE.encode("utf-16")), error="UTF-16", located=False),
    Case("utf16-no-bom-file", "syntax and encoding",
         file_bytes(UTF8_PROFILE.encode("utf-16-le")), error="", located=False),
    Case("utf32-bom-file", "syntax and encoding",
         file_bytes(UTF8_PROFILE.encode("utf-32")), error="", located=False),
    Case("latin1-file", "syntax and encoding",
         file_bytes("basics:\n  name: Zoë Brontë\n".encode("latin-1")), format="yaml",
         error="not UTF-8"),
    Case("bom-then-latin1-file", "syntax and encoding",
         file_bytes(b"\xef\xbb\xbfbasics:\n  name: Zo\xeb\n"), format="yaml",
         error="not UTF-8"),
    Case("binary-file", "syntax and encoding",
         file_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4), error="", located=False),
]  # fmt: skip

# The representative slice `make test` runs: every case once, every class, kind and format
# at least once, the URL-bearing cases as PDF (where WeasyPrint would fetch).
SLICE: dict[str, tuple[tuple[str, str], ...]] = {
    "html-script": (("resume", "html"), ("interview", "html")),
    "html-img-canary": (("resume", "pdf"), ("letter", "html"), ("interview", "pdf")),
    "html-attachment-passwd": (("letter", "pdf"),),
    "html-attribute-breakout": (("resume", "html"),),
    "css-breakout": (("resume", "pdf"),),
    "md-javascript-link": (("resume", "md"), ("letter", "md"), ("interview", "md")),
    "md-image-autolink": (("resume", "md"),),
    "md-heading": (("letter", "md"),),
    "md-table": (("resume", "md"),),
    "md-html-block": (("resume", "md"),),
    "jinja-in-values": (("resume", "html"), ("letter", "txt"), ("interview", "docx")),
    "wordml-injection": (("resume", "docx"), ("letter", "docx")),
    "zero-width-and-isolates": (("resume", "txt"),),
    "long-word": (("resume", "docx"),),
    "emoji-and-combining": (("letter", "html"),),
    "right-to-left": (("interview", "html"),),
    "link-url-breakout": (("resume", "md"),),
    "link-url-quote": (("resume", "html"),),
    "newlines-in-short-fields": (("resume", "txt"),),
    "photo-path-outside": (("resume", "html"),),
    "yaml-type-changes": (("resume", "txt"), ("interview", "txt")),
    "utf8-bom-file": (("resume", "md"),),
    "utf8-file": (("letter", "txt"),),
}


def _matrix() -> list[Any]:
    params = []
    for case in RENDERED:
        for kind in KINDS:
            for fmt in FORMATS:
                marks: list[Any] = []
                if (kind, fmt) not in SLICE.get(case.id, ()):
                    marks.append(pytest.mark.stress)
                param_id = f"{case.id}-{kind}-{fmt}"
                params.append(pytest.param(case, kind, fmt, marks=marks, id=param_id))
    return params


# --- the canary ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def _canary_server() -> Iterator[tuple[str, list[str]]]:
    """conftest's canary, once per module: its shutdown costs half a second per test."""
    with canary_server() as served:
        yield served


@pytest.fixture
def canary(_canary_server: tuple[str, list[str]]) -> tuple[str, list[str]]:
    """An HTTP server on 127.0.0.1 that records every request, emptied for each test."""
    _canary_server[1].clear()
    return _canary_server


# --- loading and rendering ----------------------------------------------------------------------

_CACHE: dict[tuple[str, str | bytes], toolkit.Profile] = {}


def load(case: Case, url: str, folder: Path) -> toolkit.Profile:
    """A case's profile: text through parse_profile, bytes through a file; cached."""
    source = case.make(url)
    key = (case.id, source)
    if key not in _CACHE:
        if isinstance(source, bytes):
            path = folder / f"{case.id}.{case.format}"
            path.write_bytes(source)
            _CACHE[key] = toolkit.load_profile(path)
        else:
            name = f"{case.id}.{case.format}"
            _CACHE[key] = toolkit.parse_profile(source, case.format, source=name)  # type: ignore[arg-type]
    return _CACHE[key]


def render(profile: toolkit.Profile, kind: str, fmt: str) -> bytes:
    """A resume as is; a general letter (it quotes the summary and the top bullets) addressed
    with the profile's own headline; an interview sheet (it quotes the profile's bullets).

    No posting: load_job takes seconds, and tailoring would only leave values out."""
    if kind == "letter":
        from toolkit.models.letter import LetterOptions

        value = profile.basics.headline or "Dana Rivera"
        letter = LetterOptions(hiring_manager=value, company=value, company_address=[value])
        return toolkit.render(profile, kind, fmt, document_date=DAY, kind_options=letter)
    if kind == "interview":
        return toolkit.render(
            profile, kind, fmt, document_date=DAY, kind_options={"count": 3, "seed": 1}
        )
    return toolkit.render(profile, kind, fmt, document_date=DAY)


# --- what a safe output looks like, per format --------------------------------------------------


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text of <style> elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.styles: list[str] = []
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._open:
            while self._open and self._open.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self._open and self._open[-1] == "style":
            self.styles.append(data)


LIVE_TAGS = {
    "script", "iframe", "object", "embed", "base", "svg", "image", "img", "form", "input",
    "link", "frame", "frameset", "applet", "audio", "video", "source", "table", "details",
}  # fmt: skip
LINK_ATTRS = {"href", "src", "action", "data", "formaction", "xlink:href", "background"}


def check_html(page: str, url: str, *, what: str = "html") -> _Tags:
    """No element, attribute, link or style made from a value; nothing to fetch."""
    parser = _Tags()
    parser.feed(page)
    parser.close()
    for tag, attrs in parser.tags:
        assert tag not in LIVE_TAGS, f"{what}: live <{tag} {attrs}>"
        for name, raw in attrs:
            value = (raw or "").strip()
            assert not name.startswith("on"), f"{what}: event attribute {name}={value!r}"
            if name in LINK_ATTRS:
                assert url not in value, f"{what}: <{tag} {name}={value!r}> points at the canary"
                assert value.lower().startswith(SAFE_SCHEMES), f"{what}: <{tag} {name}={value!r}>"
                assert MARK not in value, f"{what}: <{tag} {name}={value!r}> made from a value"
            if name == "style":
                assert "url(" not in value.lower(), f"{what}: style={value!r}"
            if tag == "meta" and name == "http-equiv":
                assert value.lower() != "refresh", what
    for style in parser.styles:
        assert url not in style, f"{what}: the stylesheet points at the canary"
        assert "file:" not in style.lower(), f"{what}: the stylesheet names a file: URL"
        assert "javascript:" not in style.lower(), what
        assert MARK not in style, f"{what}: a value reached the stylesheet"
    return parser


def check_markdown(source: str, url: str) -> None:
    """Read by a CommonMark reader that trusts every link, nothing made of a value is live."""
    markdown_it = pytest.importorskip("markdown_it")
    reader = markdown_it.MarkdownIt("commonmark", {"html": True}).enable("table")
    reader.validateLink = lambda link: True  # see what a lax Markdown viewer would link
    page = reader.render(source)
    check_html(page, url, what="md")
    # headings: the name (h1), section titles and entries; none starts with a value's "#"
    for match in re.finditer(r"<h([1-6])>(.*?)</h\1>", page, re.S):
        assert not match.group(2).startswith(MARK), f"md: a heading made from a value: {match[0]}"


def check_pdf(data: bytes, url: str) -> str:
    """No attachment, no file:/javascript: link or action, no local file's text."""
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    names = root.get("/Names")
    names = names.get_object() if names is not None else {}
    assert "/EmbeddedFiles" not in names, "pdf: an embedded file"
    assert "/JavaScript" not in names, "pdf: document JavaScript"
    assert "/OpenAction" not in root, "pdf: an automatic action"
    assert "/AA" not in root, "pdf: an automatic action"
    found = []
    for page in reader.pages:
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            assert annot.get("/Subtype") != "/FileAttachment", "pdf: an attached file"
            action = annot.get("/A")
            if action is None:
                continue
            action = action.get_object()
            assert action.get("/S") in ("/URI", "/GoTo"), f"pdf: action {action.get('/S')}"
            uri = str(action.get("/URI", ""))
            assert not uri.lower().startswith(("file:", "javascript:", "data:")), uri
            assert url not in uri, f"pdf: a link to the canary made from a value: {uri}"
            assert MARK not in uri, f"pdf: a link made from a value: {uri}"
        found.append(page.extract_text() or "")
    return "\n".join(found)


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FORBIDDEN_W = {"vanish", "fldSimple", "instrText", "fldChar", "altChunk", "object"}


def check_docx(data: bytes, url: str) -> str:
    """A valid package: well-formed XML parts, no element or relationship from a value."""
    import docx

    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None
    safe = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    for name in archive.namelist():
        if not name.endswith((".xml", ".rels")):
            continue
        body = archive.read(name)
        assert b"<!DOCTYPE" not in body, name
        assert b"<!ENTITY" not in body, name
        part = etree.fromstring(body, safe)  # well-formed, or this raises
        if name.endswith(".rels"):
            for rel in part:
                target = rel.get("Target", "")
                if rel.get("TargetMode") == "External":
                    assert target.lower().startswith(SAFE_SCHEMES), (name, target)
                    assert url not in target, (name, target)
                    assert MARK not in target, (name, target)
    docx.Document(io.BytesIO(data))  # python-docx opens it
    document = etree.fromstring(archive.read("word/document.xml"), safe)
    found = {el.tag.removeprefix(W) for el in document.iter() if isinstance(el.tag, str)}
    assert not (found & FORBIDDEN_W), f"docx: {found & FORBIDDEN_W} in the body"
    return "".join(el.text or "" for el in document.iter(f"{W}t"))


def check_text(data: bytes) -> str:
    decoded = data.decode("utf-8")  # strict
    bad = re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e]", decoded)
    assert bad is None, f"a control or override character: {bad.group()!r}"
    return decoded


# --- the matrix ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("case", "kind", "fmt"), _matrix())
def test_hostile_value_gives_a_safe_document(
    case: Case, kind: str, fmt: str, canary: tuple[str, list[str]], tmp_path: Path
) -> None:
    url, hits = canary
    profile = load(case, url, tmp_path)
    dumped = profile.model_dump_json()
    for kept in case.keep:
        assert json.dumps(kept, ensure_ascii=False)[1:-1] in dumped, (
            f"{kept!r} changed while loading"
        )
    if kind == "interview" and fmt == "txt":
        # the sheet has no plain-text form: a clear error, not a crash
        with pytest.raises(UserError, match="unknown format 'txt' for interview practice sheets"):
            render(profile, kind, fmt)
        assert hits == []
        return
    data = render(profile, kind, fmt)
    assert hits == [], f"the renderer sent requests: {hits}"
    if fmt == "pdf":
        shown = check_pdf(data, url)
    elif fmt == "docx":
        shown = check_docx(data, url)
        if case.shown and kind == "resume":
            assert case.shown in shown, "the value is not kept as text in document.xml"
    else:
        shown = check_text(data)
        if fmt == "html":
            check_html(shown, url)
            if case.shown and kind == "resume":
                assert case.shown not in shown, "the value is in the page unescaped"
                assert case.shown in html.unescape(shown), "the value is not shown as text"
        elif fmt == "md":
            check_markdown(shown, url)
        if kind == "resume":
            for kept in case.keep:
                written = MD_SPECIAL.sub(r"\\\1", kept) if fmt == "md" else kept
                assert written in shown, f"{kept!r} is not in the {fmt} as written"
    assert PASSWD not in shown, "local file content in the document"
    assert SSTI not in shown, "a template expression in a value was evaluated"
    if case.id == "jinja-in-values" and fmt in ("txt", "html", "docx"):
        assert "{{ 7*7 }}" in shown.replace("&#39;", "'")


def load_source(case: Case, source: str | bytes, path: Path) -> toolkit.Profile:
    if isinstance(source, bytes):
        path.write_bytes(source)
        return toolkit.load_profile(path)
    return toolkit.parse_profile(source, case.format, source=path.name)  # type: ignore[arg-type]


def _refused() -> list[Any]:
    params = []
    for case in REFUSED:
        marks: list[Any] = [pytest.mark.stress] if case.stress else []
        params.append(pytest.param(case, marks=marks, id=case.id))
    return params


@pytest.mark.parametrize("case", _refused())
def test_hostile_input_is_refused_with_a_location(case: Case, tmp_path: Path) -> None:
    """Refused while loading, before any kind or format exists: one test per case covers all."""
    source = case.make("http://127.0.0.1:9")
    path = tmp_path / f"{case.id}.{case.format}"
    started = time.process_time()
    with pytest.raises(InputError) as exc:
        load_source(case, source, path)
    assert time.process_time() - started < 5, "refusing took too long"
    issue = exc.value.errors[0]
    assert case.error is not None
    assert case.error in issue.message, issue
    assert issue.file in (str(path), path.name), issue
    if case.located:
        assert issue.line is not None, issue
        assert issue.column is not None, issue
        assert issue.hint, issue


@pytest.mark.parametrize("kind", KINDS)
def test_all_hostile_strings_in_one_profile(
    kind: str, canary: tuple[str, list[str]], tmp_path: Path
) -> None:
    """Every hostile string at once, as bullets: a quick guard in the cheap formats."""
    url, hits = canary
    values = [
        json.loads(c.make(url))["basics"]["summary"]  # type: ignore[arg-type]
        for c in RENDERED
        if c.cls == "hostile strings" and c.format == "json"
    ]
    doc = profile_doc("Ada", name="Ada Lovelace")
    doc["experience"][0]["highlights"] = [f"{BULLET} {v}"[:5000] for v in values]
    profile = toolkit.parse_profile(json.dumps(doc), "json")
    check_html(check_text(render(profile, kind, "html")), url)
    check_docx(render(profile, kind, "docx"), url)
    assert hits == []


# --- render options: CSS breakouts through the API ----------------------------------------------

HOSTILE_OPTIONS = [
    pytest.param(
        {"theme_options": {"accent_color": "red} body{background:url({url}/a)}"}}, id="accent"
    ),
    pytest.param({"theme_options": {"font_family": 'X"; src: url({url}/f.ttf)'}}, id="font"),
    pytest.param({"theme": "../../../../etc"}, id="theme-path"),
]


@pytest.mark.parametrize("options", HOSTILE_OPTIONS)
def test_hostile_render_options_fetch_nothing(
    options: dict[str, Any], canary: tuple[str, list[str]]
) -> None:
    """A CSS breakout in a theme option or a path as a theme is refused; nothing is fetched."""
    url, hits = canary
    options = json.loads(json.dumps(options).replace("{url}", url))
    profile = toolkit.parse_profile("basics: {name: Ada}\n")
    with pytest.raises(ToolkitError):
        toolkit.render(profile, "resume", "pdf", **options)
    assert hits == []


@pytest.mark.parametrize("options", HOSTILE_OPTIONS)
def test_hostile_render_options_are_a_user_error(options: dict[str, Any]) -> None:
    profile = toolkit.parse_profile("basics: {name: Ada}\n")
    with pytest.raises(UserError):
        toolkit.render(profile, "resume", "html", **options)


# --- hostile images -----------------------------------------------------------------------------


def _png(width: int, height: int) -> bytes:
    """A 1-bit PNG of ``width`` x ``height`` black pixels, a few kilobytes compressed."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + body))
        return struct.pack(">I", len(body)) + kind + body + crc

    row = b"\x00" + bytes((width + 7) // 8)
    idat = zlib.compress(row * height, 9)
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def test_tall_image_under_the_pixel_cap_in_a_templates_folder(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A 32 KB PNG of 1 x 24 million pixels (under the megapixel cap; decoding it took 8 s
    and 640 MB) next to a user template: refused from its header, the page renders without
    it. test_photo.py covers images over the cap and SVG."""
    (tmp_path / "bomb.png").write_bytes(_png(1, 24_000_000))
    assert (tmp_path / "bomb.png").stat().st_size < 4 * 1024 * 1024
    (tmp_path / "resume.html.j2").write_text(
        '<html><body><p>{{ person.name }}</p><img src="BOMB" width="10"></body></html>'
    )
    template = tmp_path / "resume.html.j2"
    template.write_text(template.read_text().replace("BOMB", (tmp_path / "bomb.png").as_uri()))
    profile = toolkit.parse_profile("basics: {name: Ada}\n")
    with caplog.at_level("WARNING", logger="toolkit"):
        pdf = toolkit.render(profile, "resume", "pdf", user_templates=tmp_path)
    assert pdf.startswith(b"%PDF")
    assert any("no side may be longer than 20,000 pixels" in r.getMessage() for r in caplog.records)
