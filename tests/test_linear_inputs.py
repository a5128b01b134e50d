"""Reading a posting or a LinkedIn export takes time in proportion to its size, not more.

A hostile review found inputs on which reading went quadratic: one long run of spaces in a
bullet (a 190 KB posting took 267 s), many short lines, markup nested or never closed, a
JSON-LD posting with thousands of places, a PDF text layer of wrapped lines, a LinkedIn export
with thousands of skills (20,000 took 81 s). Each growth test reads an input of size N and of
2N (best of 3 runs each, interleaved) and checks that doubling the input at most about doubles
the time: a quadratic step shows as 4x whatever the machine's speed. Each input is read often
enough that the small one takes about 0.1-0.3 s. ``TOOLKIT_LINEAR_SCALE`` (default 1) scales
N, e.g. 0.1 to watch slow code fail quickly.

The stress tests (``make stress``) read each kind at its full size (1 MB of posting, a 1 MB
export) in bounded time.
"""

from __future__ import annotations

import contextlib
import csv
import gc
import io
import json
import logging
import math
import os
import time
import zipfile
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import pytest
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

import toolkit
from toolkit.errors import InputError
from toolkit.interop.linkedin import read_linkedin
from toolkit.postings.extract import job_from_raw
from toolkit.postings.readers import read_posting, read_posting_text

SCALE = float(os.environ.get("TOOLKIT_LINEAR_SCALE", "1"))
GROWTH_LIMIT = 3.0
"""Doubling the input may take at most this many times as long (linear is 2, quadratic 4)."""
TARGET = 0.15
"""Seconds the small input's reading is repeated to (so that timer noise is small)."""
STRESS_SECONDS = 10.0
MB = 1_000_000
LINKEDIN = Path(__file__).parent / "testdata" / "linkedin"
TODAY = date(2025, 6, 1)

T = TypeVar("T")


@pytest.fixture(autouse=True)
def _quiet() -> Iterator[None]:
    """The readers warn when they cut a long posting; thousands of warnings are noise here."""
    logging.disable(logging.WARNING)
    yield
    logging.disable(logging.NOTSET)


def _run(read: Callable[[T], object], item: T, times: int) -> float:
    """CPU seconds this thread spends reading ``item`` ``times`` times (other processes on a
    busy machine, a parallel test run, do not count), without the garbage collector: its
    passes over every live object come more often as the input grows, which is not the
    reader's."""
    gc.collect()
    gc.disable()
    try:
        started = time.thread_time()
        for _ in range(times):
            read(item)
        return time.thread_time() - started
    finally:
        gc.enable()


def _growth(read: Callable[[T], object], make: Callable[[int], T], n: int) -> tuple[float, float]:
    """Seconds to read ``make(n)`` and ``make(2 n)``: the best of 3, interleaved."""
    n = max(1, round(n * SCALE))
    small, large = make(n), make(2 * n)
    read(small)  # warms the caches (role packs, compiled patterns)
    once = _run(read, small, 1)
    times = max(1, math.ceil(TARGET / max(once, 1e-4)))
    best_small = best_large = math.inf
    for _ in range(3):
        best_small = min(best_small, _run(read, small, times))
        best_large = min(best_large, _run(read, large, times))
    return best_small / times, best_large / times


def assert_linear(read: Callable[[T], object], make: Callable[[int], T], n: int) -> None:
    small, large = _growth(read, make, n)
    if large / small >= GROWTH_LIMIT:  # once more before failing: a busy machine is noisy
        small2, large2 = _growth(read, make, n)
        small, large = min(small, small2), min(large, large2)
    assert large / small < GROWTH_LIMIT, (
        f"doubling the input took {large / small:.1f}x as long "
        f"({small:.3f} s -> {large:.3f} s): slower than linear"
    )


def load(text: str) -> object:
    with contextlib.suppress(InputError):  # "no text" is fine: the time is what counts
        return toolkit.load_job(text)
    return None


# --- postings -------------------------------------------------------------------------------

HEAD = "Records Clerk\n\nRequirements:\n"


def spaces(n: int) -> str:
    """(a) Runs of spaces inside bullets: the review's case, and one after a number of years."""
    return HEAD + "- HIPAA" + " " * n + "x\n" + "- 5" + " " * n + "x\n"


def short_lines(n: int) -> str:
    """(b) Many short lines, which the extractor joins into one wrapped sentence."""
    return "Records Clerk\n\n" + "a\n" * n


def spaced_words(n: int) -> str:
    """(c) A long single line of words."""
    return "Records Clerk\n\n" + "Charts and records " * n + "\n"


def joined_words(n: int) -> str:
    """(c) A long single line of words joined by hyphens and dots, under a title (where the
    employer's name would be: a city pattern tried every capital of it to the word's end)."""
    return "Records Clerk\n\n" + "Health-Records.Clerk-" * n + "\n"


def jsonld(description: str, **fields: Any) -> str:
    posting = {"@type": "JobPosting", "title": "Records Clerk", "description": description}
    return json.dumps(posting | fields)


def jsonld_text(n: int) -> str:
    """(d) A JSON-LD posting with a huge plain-text description."""
    return jsonld("HIPAA required. Scan and index charts.\n" * n)


def jsonld_html(n: int) -> str:
    """(d) A huge HTML description with marked sections never closed (html.parser searched
    the rest of the text for the end of each one)."""
    return jsonld("<ul><li>Scan charts</li></ul>" + "<![CDATA[ x > <![if y > " * n)


def jsonld_places(n: int) -> str:
    """(d) A posting with thousands of places (each was looked up in a list of the others)."""
    return jsonld("HIPAA required.", jobLocation=[f"Dayton {i}, OH" for i in range(n)])


def markdown_quotes(n: int) -> str:
    """(e) Markdown quoted ``n`` levels deep (each level was cut off with a copy of the rest)."""
    return "# Records Clerk\n\n" + ("> " * n + "- Scan charts\n") * 10


def markdown_inline(n: int) -> str:
    """(e) A long Markdown paragraph of emphasis, code, links and markers never closed."""
    return "# Records Clerk\n\n" + "*a **b** `c` [d](e) _f ``g [h]( **i " * n + "\n"


def html_deep(n: int) -> str:
    """(e) HTML nested ``n`` deep, with list items, and a table inside."""
    return (
        "<html><body><h1>Records Clerk</h1>"
        + "<div><section>" * n
        + "<ul>"
        + "<li>Scan charts</li>" * n
        + "</ul><table>"
        + "<tr><td>HIPAA</td><td>Essential</td></tr>" * n
        + "</table></body></html>"
    )


def html_unclosed(n: int) -> str:
    """(e) HTML with marked sections and tags never closed."""
    return "<html><body><h1>Records Clerk</h1>" + "<![CDATA[ x > <![if y > <p <p " * n


POSTINGS: dict[str, tuple[Callable[[int], str], int]] = {
    "a-spaces": (spaces, 45_000),
    "b-short-lines": (short_lines, 15_000),
    "c-spaced-words": (spaced_words, 3_000),
    "c-joined-words": (joined_words, 4_000),
    "d-jsonld-text": (jsonld_text, 1_500),
    "d-jsonld-html": (jsonld_html, 20_000),
    "d-jsonld-places": (jsonld_places, 8_000),
    "e-markdown-quotes": (markdown_quotes, 20_000),
    "e-markdown-inline": (markdown_inline, 1_000),
    "e-html-deep": (html_deep, 1_000),
    "e-html-unclosed": (html_unclosed, 15_000),
}
"""Each input kind, and its N (the small input)."""


@pytest.mark.slow
@pytest.mark.parametrize("case", POSTINGS)
def test_reading_a_posting_grows_linearly(case: str) -> None:
    make, n = POSTINGS[case]
    assert_linear(load, make, n)


def pdf(n: int) -> bytes:
    """A PDF whose text layer is ``n`` lines, each a word hyphenated at its end (each line
    was added to a growing string, and the whole of it searched again, once per line)."""
    writer = PdfWriter()
    page = writer.add_blank_page(612, 792)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    fonts = DictionaryObject({NameObject("/F1"): font})
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): fonts})
    content = DecodedStreamObject()
    lines = b"(charts and records hyph-) '\n" * n
    content.set_data(b"BT /F1 10 Tf 12 TL 72 720 Td (Records Clerk) Tj\n" + lines + b"ET")
    page.replace_contents(content)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.slow
def test_reading_a_pdf_grows_linearly(tmp_path: Path) -> None:
    def make(n: int) -> Path:
        path = tmp_path / f"posting-{n}.pdf"
        path.write_bytes(pdf(n))
        return path

    assert_linear(lambda path: job_from_raw(read_posting(path)), make, 1_000)


@pytest.mark.slow
def test_many_short_lines_are_read_quickly() -> None:
    """95,000 short lines took 19 s; only the terms the posting names are looked for in each."""
    started = time.perf_counter()
    load(short_lines(95_000))
    assert time.perf_counter() - started < 10


# --- LinkedIn -------------------------------------------------------------------------------


def export(target: Path, *, skills: int = 0, positions: int = 0, spaces: int = 0) -> Path:
    """LinkedIn's export (the fixture's CSVs) with ``skills`` skills and ``positions`` more
    jobs; with ``spaces``, a job description and the websites cell hold a run of that many."""
    files = {p.name: p.read_text(encoding="utf-8-sig") for p in LINKEDIN.glob("*.csv")}
    files["Skills.csv"] += "".join(f"Skill {i}\n" for i in range(skills))
    files["Positions.csv"] += "".join(
        f'Employer {i},Clerk {i},"• Scanned charts {i}\n• Indexed records",Springfield,'
        "Jan 2019,Dec 2020\n"
        for i in range(positions)
    )
    if spaces:
        run = " " * spaces
        files["Positions.csv"] += (
            f'Records Office,Clerk,"• Scanned charts{run}and records{run}",Springfield,2019,\n'
        )
        rows = list(csv.reader(io.StringIO(files["Profile.csv"])))
        rows[1][rows[0].index("Websites")] = f"[PORTFOLIO{run}x,COMPANY:https://a.example{run}]"
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        files["Profile.csv"] = out.getvalue()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in sorted(files.items()):
            zf.writestr(name, content)
    return target


def read_export(path: Path) -> object:
    with contextlib.suppress(InputError):  # more than 200 skills is refused: after reading
        return read_linkedin(path, today=TODAY)
    return None


EXPORTS: dict[str, tuple[str, int]] = {
    "f-skills": ("skills", 20_000),  # each was looked up in a list of all the others
    "f-positions": ("positions", 3_000),
    "f-spaces": ("spaces", 20_000),  # a bullet and a website label before a run of spaces
}


@pytest.mark.slow
@pytest.mark.parametrize("case", EXPORTS)
def test_reading_a_linkedin_export_grows_linearly(case: str, tmp_path: Path) -> None:
    """(f) Many skills, many positions, long runs of spaces."""
    field, n = EXPORTS[case]

    def make(k: int) -> Path:
        return export(tmp_path / f"export-{k}.zip", **{field: k})

    assert_linear(read_export, make, n)


def test_skills_keep_their_first_spelling_and_order(tmp_path: Path) -> None:
    skills = "Name\nHIPAA\nEpic\nhipaa\nICD-10-CM\nEPIC\n\nicd-10-cm\nChart Analysis\n"
    files = {p.name: p.read_bytes() for p in LINKEDIN.glob("*.csv")}
    files["Skills.csv"] = skills.encode()
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as zf:
        for name, content in files.items():
            zf.writestr(name, content)
    profile = read_linkedin(path, today=TODAY).value
    assert [(g.name, g.keywords) for g in profile.skills] == [
        ("Skills", ["HIPAA", "Epic", "ICD-10-CM", "Chart Analysis"])
    ]


# --- the full size --------------------------------------------------------------------------


def full_size(make: Callable[[int], str]) -> str:
    """``make``'s input at about 1 MB."""
    n = 1
    while len(make(n)) < MB:
        n *= 2
    low, high = n // 2, n
    while high - low > 1:
        mid = (low + high) // 2
        low, high = (mid, high) if len(make(mid)) < MB else (low, mid)
    return make(high)


def lines_of(make: Callable[[int], str], n: int) -> str:
    """About 1 MB of ``make(n)``'s last line, repeated: a line longer than the 200,000
    characters a posting keeps is dropped before extraction, so the hostile lines are kept
    shorter, and there are many of them."""
    head, _, line = make(n).rstrip("\n").rpartition("\n")
    return head + "\n" + (line + "\n") * (MB // (len(line) + 1))


FULL_SIZE: dict[str, Callable[[], str]] = {
    "a-spaces": lambda: HEAD + ("- HIPAA" + " " * 20_000 + "x\n- 5" + " " * 20_000 + "x\n") * 25,
    "c-spaced-words": lambda: lines_of(spaced_words, 1_000),
    "c-joined-words": lambda: lines_of(joined_words, 1_000),
    "d-jsonld-places": lambda: jsonld(
        "HIPAA required.", jobLocation=[f"Records Office {i}, Dayton, OH" for i in range(30_000)]
    ),  # fewer, longer places: the JSON reader refuses more than 50,000 values
}
"""The 1 MB inputs that are not just ``make`` at 1 MB."""


@pytest.mark.stress
@pytest.mark.parametrize("case", POSTINGS)
def test_a_one_megabyte_posting_is_read_in_bounded_time(case: str) -> None:
    text = FULL_SIZE[case]() if case in FULL_SIZE else full_size(POSTINGS[case][0])
    assert 0.9 * MB < len(text) < 1.2 * MB
    load("Records Clerk\n\nHIPAA\n")  # the role packs are read once, not timed
    started = time.perf_counter()
    job = load(text)
    assert time.perf_counter() - started < STRESS_SECONDS
    assert job is not None  # read, not refused


@pytest.mark.stress
def test_a_one_megabyte_linkedin_export_is_read_in_bounded_time(tmp_path: Path) -> None:
    # spaces: two runs in a cell stay under the 131,072 characters Python's csv reads
    path = export(tmp_path / "export.zip", skills=350_000, positions=12_000, spaces=60_000)
    assert 0.8 * MB < path.stat().st_size < 1.6 * MB
    started = time.perf_counter()
    with pytest.raises(InputError) as refused:
        read_linkedin(path, today=TODAY)
    assert time.perf_counter() - started < STRESS_SECONDS
    # read to the end: only the model's caps refuse it (more than 200 skills and jobs)
    assert all(i.message.startswith("has too many items") for i in refused.value.errors)


# --- bidirectional and invisible characters -------------------------------------------------

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
HIDDEN = BIDI + "\u2060\u2062\ufff9\U000e0041\U000e0042\ufe0f"


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        (
            "Records \u202eClerk\u202c\n\nRequirements:\n- \u2066HIPAA\u2069 training"
            " \u202dre\u200fquired\n- Two \u2067years\u2069 of ex\U000e0041perience\n",
            "text",
        ),
        (
            "# Records \u202eClerk\u202c\n\n## Requirements\n\n- \u2066HIPAA\u2069 training"
            " \u202dre\u200fquired\n- Two \u2067years\u2069 of ex\U000e0041perience\n",
            "markdown",
        ),
        (
            "<html><body><h1>Records &#x202E;Clerk\u202c</h1><h2>Requirements</h2><ul>"
            "<li>\u2066HIPAA\u2069 training \u202dre\u200fquired</li>"
            "<li>Two \u2067years\u2069 of ex\U000e0041perience</li></ul></body></html>",
            "html",
        ),
        (
            jsonld(
                "<h2>Requirements</h2><ul><li>\u2066HIPAA\u2069 training \u202dre\u200fquired"
                "</li><li>Two \u2067years\u2069 of ex\U000e0041perience</li></ul>",
                title="Records \u202eClerk\u202c",
                hiringOrganization={"name": "Lake\u202eshore\u202c Hospital"},
            ),
            "jsonld",
        ),
    ],
    ids=["text", "markdown", "html", "jsonld"],
)
def test_bidi_overrides_are_gone_from_a_read_posting(text: str, fmt: str) -> None:
    raw = read_posting_text(text, format=fmt)
    job = job_from_raw(raw)
    assert job.title == "Records Clerk"
    texts = [r.text for r in job.requirements]
    assert texts == ["HIPAA training required", "Two years of experience"]
    for value in [raw.text, job.text, job.title, job.employer or "", *texts]:
        assert not set(value) & set(HIDDEN), repr(value)
    if fmt == "jsonld":
        assert job.employer == "Lakeshore Hospital"


def test_invisible_characters_that_hide_text_are_dropped() -> None:
    hidden = "\ufff9 ch\u2062arts\ufffa\ufffb \U000e0068\U000e0069"  # an annotation, tag letters
    text = f"Records Clerk\n\n- Sc\u2060an{hidden}\u2764\ufe0f\n"
    assert read_posting_text(text).text.splitlines()[-1] == "- Scan charts \u2764"
