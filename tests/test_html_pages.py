"""Saved HTML pages: the posting is found among the page's chrome, and hostile pages are safe.

The labelled pages live in ``tests/testdata/html_pages/``: ten fictional postings in the shapes
real saved pages take (a careers site, a job board of nested divs, an applicant-tracking
system's page, a table layout, tags never closed, ``<br><br>`` paragraphs, a sidebar that
repeats the posting, JSON-LD in the head, hidden junk, a blog). Beside each,
``NN_name.expected.yaml`` lists ``content`` (text a reader keeps) and ``chrome`` (text that
must not appear). ``bench/html_main_content.py`` scores other readers on the same labels.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable
from pathlib import Path

import lxml.html
import pytest
import yaml

from toolkit.errors import InputError
from toolkit.postings.markup import MAX_DEPTH, _parse_html, _rich_blocks
from toolkit.postings.raw import MAX_TEXT_CHARS
from toolkit.postings.readers import read_posting, read_posting_text

PAGES = Path(__file__).parent / "testdata" / "html_pages"
PAGE_FILES = sorted(PAGES.glob("*.html"))
CPU_SECONDS = 10.0
"""CPU time (this thread's) that reading a 1 MB page may take: linear reading takes well
under a second, a quadratic one minutes."""


def normal(text: str) -> str:
    return " ".join(text.split())


def labels(page: Path) -> dict[str, list[str]]:
    data = yaml.safe_load(page.with_suffix(".expected.yaml").read_text(encoding="utf-8"))
    assert set(data) == {"content", "chrome"}, page.name
    return {key: [normal(str(item)) for item in data[key]] for key in data}


def cpu_seconds(read: Callable[[], object]) -> float:
    """This thread's CPU time for ``read()`` (other processes on a busy machine do not count)."""
    started = time.thread_time()
    with contextlib.suppress(InputError):  # "no text" is fine where only the time counts
        read()
    return time.thread_time() - started


def read_html(page: str) -> str:
    return read_posting_text(page, format="html").text


# --- the labelled pages ---------------------------------------------------------------------


def test_there_are_ten_labelled_pages() -> None:
    assert len(PAGE_FILES) == 10
    assert all(p.with_suffix(".expected.yaml").is_file() for p in PAGE_FILES)


@pytest.mark.parametrize("page", PAGE_FILES, ids=lambda p: p.stem)
def test_every_label_is_on_its_page(page: Path) -> None:
    """A label that is not on the page (a typo, a page edited later) would test nothing."""
    root = lxml.html.document_fromstring(page.read_bytes())
    for element in root.iter():
        element.tail = " " + (element.tail or "")  # blocks run together in text_content()
    buttons = [str(e.get("value")) for e in root.iter("input") if e.get("value")]
    everything = normal(" ".join([root.text_content(), *buttons]))
    found = labels(page)
    assert found["content"], page.name
    assert found["chrome"], page.name
    for label in found["content"] + found["chrome"]:
        assert label in everything, f"{page.name}: {label!r} is not on the page"


def test_the_posting_is_found_on_every_page() -> None:
    """Content recall of at least 0.95 over the set, and no chrome on any page."""
    kept = wanted = chrome_found = 0
    report: list[str] = []
    for page in PAGE_FILES:
        text = normal(read_posting(page).text)
        found = labels(page)
        missing = [c for c in found["content"] if c not in text]
        chrome = [c for c in found["chrome"] if c in text]
        kept += len(found["content"]) - len(missing)
        wanted += len(found["content"])
        chrome_found += len(chrome)
        if missing or chrome:
            report.append(f"{page.name}: missing {missing}, chrome {chrome}")
    recall = kept / wanted
    summary = f"content recall {recall:.2f}, chrome found {chrome_found}:\n" + "\n".join(report)
    assert recall >= 0.95, summary
    assert chrome_found == 0, summary


def test_the_page_structure_survives() -> None:
    """Headings, bullets and table rows come through as lines, in the page's order."""
    lines = read_posting(PAGES / "04_table_layout.html").text.splitlines()
    assert lines[:2] == [
        "Health Information Technician",
        "Department: | Health Information Services",
    ]
    assert "- Associate degree in Health Information Technology" in lines
    unclosed = read_posting(PAGES / "05_unclosed_tags.html").text.splitlines()
    duties = unclosed.index("Duties include:")
    assert unclosed[duties + 1].startswith("- Maintain inpatient and residential charts")


def test_json_ld_and_canonical_link_are_read_from_the_head() -> None:
    posting = read_posting(PAGES / "08_jsonld_in_head.html")
    assert posting.title == "Inpatient Coder II"
    assert posting.employer == "Harborview Coding Partners"
    assert posting.url == "https://boards.hireflow.example.com/harborviewcoding/jobs/5531207"
    assert posting.text.startswith("Inpatient Coder II\n")  # the page shows it: its text stays


def test_a_field_keeps_its_links() -> None:
    """An HTML field (a JSON-LD description) has no chrome: a list of links is content."""
    blocks = _rich_blocks(
        '<p>Systems:</p><ul><li><a href="/epic">Epic</a></li><li><a href="/3m">3M 360</a></li>'
        '<li><a href="/x">Cerner</a></li></ul><nav>Menu</nav><p hidden>secret</p>'
    )
    assert blocks == [("p", "Systems:"), ("li", "Epic"), ("li", "3M 360"), ("li", "Cerner")]


def test_a_form_that_wraps_the_page_is_not_chrome() -> None:
    page = (
        '<html><body><form id="aspnetForm"><div class="menu"><a href="/">Home</a></div>'
        "<h1>Coder</h1><p>Code outpatient charts, with accuracy, speed and care.</p>"
        '<form action="/alerts"><label>Email</label><button>Subscribe</button></form>'
        "</form></body></html>"
    )
    assert read_html(page).splitlines() == [
        "Coder",
        "Code outpatient charts, with accuracy, speed and care.",
    ]


def test_the_page_encoding_declaration_is_ignored() -> None:
    page = '<html><head><meta charset="iso-8859-1"></head><body><p>Café coder ✓</p></body></html>'
    assert read_html(page) == "Café coder ✓"


# --- hostile pages --------------------------------------------------------------------------


def test_nesting_100k_deep_is_read_flat_in_linear_time(caplog: pytest.LogCaptureFixture) -> None:
    deep = 100_000
    page = (
        "<div>" * deep
        + "<h2>Coder</h2><ul><li>Scan charts<li>Index records</ul>"
        + '<div hidden>secret one</div><p style="display: none">secret two</p>'
        + "<script>var secret = 3;</script><style>p{}</style><!-- secret four -->"
        + "<p>After</p>"
        + "</div>" * deep
    )
    with caplog.at_level(logging.WARNING, logger="toolkit"):
        assert cpu_seconds(lambda: read_html(page)) < CPU_SECONDS
        text = read_html(page)
    assert text.splitlines() == ["Coder", "- Scan charts", "- Index records", "After"]
    assert f"deeper than {MAX_DEPTH}" in caplog.text


def test_a_page_just_deeper_than_the_parser_keeps_hidden_text_hidden() -> None:
    page = (
        "<div>" * (MAX_DEPTH + 10)
        + "<p>Shown<p hidden>secret<p>Also shown</p>"
        + '<div class="sr-only">secret</div><div aria-hidden="true">secret</div>'
        + "<template><p>secret</p></template><noscript>secret</noscript>"
        + "<textarea><p>secret</p></textarea><title>secret</title><nav>secret</nav>"
    )
    text = read_html(page)
    assert text.splitlines() == ["Shown", "Also shown"]


def test_a_page_read_flat_keeps_what_follows_hidden_empty_elements() -> None:
    page = (
        "<div>" * (MAX_DEPTH + 10)
        + '<form><input type="hidden" name="v"><input style="display:none"><img hidden>'
        + "<br hidden><p>Coder</p><hr><p>Clerk</p></form>"
    )
    assert read_html(page).splitlines() == ["Coder", "Clerk"]


@pytest.mark.parametrize("junk", ["<!--<p>x", "<!x", "<p ", "<script>x", "<div hidden>x"])
def test_a_page_read_flat_stays_linear_on_broken_markup(junk: str) -> None:
    page = "<div>" * (MAX_DEPTH + 10) + "<p>Coder</p>" + junk * (900_000 // len(junk))
    assert cpu_seconds(lambda: read_html(page)) < CPU_SECONDS
    assert read_html(page).startswith("Coder")


def test_a_megabyte_of_unclosed_tags_is_read_in_linear_time() -> None:
    page = "<div><p><li><b><i>x " * 45_000
    assert len(page) > 800_000
    assert cpu_seconds(lambda: read_html(page)) < CPU_SECONDS
    text = read_html(page)
    assert text.startswith("- x\n- x\n")
    assert len(text) <= MAX_TEXT_CHARS


@pytest.mark.parametrize(
    "junk",
    ["<p ", '<p a="', "<p a='x' ", "</p", "<!x", "<!--<p", "<![CDATA[ x > <![if y > <p <p "],
)
def test_a_megabyte_of_broken_markup_is_read_in_linear_time(junk: str) -> None:
    page = "<h1>Coder</h1>" + junk * (1_000_000 // len(junk))
    assert cpu_seconds(lambda: read_html(page)) < CPU_SECONDS


def test_a_tag_never_ended_hides_the_rest_as_a_browser_does() -> None:
    with pytest.raises(InputError, match="no text"):
        read_posting_text("<p " * 340_000, format="html")
    assert read_posting_text("<p>Coder</p><p a=1 <b>x</b>", format="html").text == "Coder\nx"


def test_a_huge_attribute_value_is_read() -> None:
    page = f'<p title="{"x" * 1_200_000}">Coder</p><p class="{"y " * 400_000}">Clerk</p>'
    assert cpu_seconds(lambda: _parse_html(page, None)) < CPU_SECONDS
    assert read_html(page) == "Coder\nClerk"


def test_the_text_is_capped() -> None:
    page = "<html><body>" + "<p>Scan and index charts every day.</p>" * 20_000 + "</body></html>"
    blocks = _parse_html(page, None).blocks
    assert sum(len(text) + 1 for _, text in blocks) <= MAX_TEXT_CHARS + 100
    assert len(read_html(page)) <= MAX_TEXT_CHARS


def test_odd_characters_do_not_break_the_parser() -> None:
    page = "<p>Coder\x00 \ud800 \x0b\x1b caf\u00e9</p><p>\ufeffClerk</p>"
    assert normal(read_html(page)) == "Coder\ufffd \ufffd caf\u00e9 Clerk"


def test_entities_are_not_expanded_and_files_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-MARKER", encoding="utf-8")
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10 if i else "lol"}">' for i in range(10))
    page = (
        f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "{secret.as_uri()}">{laughs}]>'
        "<html><body><p>Coder &xxe; &l9; &amp; &copy;</p></body></html>"
    )
    text = read_html(page)
    assert "TOP-SECRET-MARKER" not in text
    assert "lol" not in text
    assert "Coder &xxe; &l9; & ©" in text  # unknown entities stay as written, as in a browser


def test_nothing_is_fetched(canary: tuple[str, list[str]], tmp_path: Path) -> None:
    url, hits = canary
    page = (
        f'<?xml version="1.0"?><?xml-stylesheet type="text/xsl" href="{url}/style.xsl"?>'
        f'<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "{url}/strict.dtd" '
        f'[<!ENTITY remote SYSTEM "{url}/entity"><!ENTITY % pe SYSTEM "{url}/pe"> %pe;]>'
        f'<html xmlns:xi="http://www.w3.org/2001/XInclude"><head><base href="{url}/">'
        f'<link rel="stylesheet" href="{url}/a.css"><link rel="canonical" href="{url}/job">'
        f'<script src="{url}/b.js"></script><meta http-equiv="refresh" content="0;url={url}/r">'
        f'</head><body><xi:include href="{url}/include.xml"/><img src="{url}/c.png">'
        f'<iframe src="{url}/d"></iframe><object data="{url}/e"></object>'
        f'<svg><image href="{url}/f.png"/></svg><video src="{url}/g"></video>'
        f'<p style="background: url({url}/h)">Coder &remote;</p><a href="relative">Apply</a>'
        "</body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    posting = read_posting(path)
    assert "Coder" in posting.text
    assert posting.url == f"{url}/job"  # the canonical link is read, never resolved
    deep = "<div>" * (MAX_DEPTH + 1) + page  # the flat reading fetches nothing either
    read_posting_text(deep, format="html")
    assert hits == []
