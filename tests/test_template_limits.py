"""A user's templates folder cannot crash, exhaust or leak through a render.

Each finding of the hostile review of user HTML templates and theme files, reproduced with
a small folder of its own through ``toolkit.render(profile, kind, fmt, user_templates=…)``:

1. whatever a template raises comes out as a ``TemplateError`` naming the template and line;
2. ``theme.css`` (and every stylesheet of the folder) is read as a template is: size cap,
   UTF-8, no links;
3. the sandbox refuses a value, a macro's output or a page past its caps before building it;
4. links in PDFs and HTML keep http, https, mailto, tel and ``#anchor`` only, and no path
   of the machine reaches the PDF;
5. a letter's placeholder is its name alone (no format spec, no conversion).
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
import subprocess
import sys
import textwrap
import time
import tracemalloc
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import tinyhtml5  # type: ignore[import-untyped]
from pypdf import PdfReader

import toolkit
from toolkit import InputError, TemplateError
from toolkit.documents.context import Meta
from toolkit.formats.pdf import render_pdf
from toolkit.formats.themes import templates_root
from toolkit.load.letter import load_letter_options

PROFILE = "basics:\n  name: Ada Lovelace\n  email: ada@example.com\n  phone: '+1 555 0100'\n"
FAST = 1.0
"""CPU seconds of the rendering thread (a busy machine does not count): every refusal
below comes well within this."""
PEAK_MIB = 40
"""What one refused render may allocate at its peak (the bombs took 100 MiB to 5 GiB)."""


@pytest.fixture(scope="module")
def ada() -> toolkit.Profile:
    return toolkit.parse_profile(PROFILE)


def _timed(call: Callable[[], Any]) -> tuple[BaseException | None, float]:
    started = time.thread_time()
    try:
        call()
    except Exception as exc:
        return exc, time.thread_time() - started
    return None, time.thread_time() - started


def _peak_mib(call: Callable[[], Any]) -> float:
    """The most memory Python held at once during ``call`` (MiB), errors ignored."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        with contextlib.suppress(Exception):
            call()
        return tracemalloc.get_traced_memory()[1] / (1 << 20)
    finally:
        tracemalloc.stop()


def _folder(tmp_path: Path, template: str, name: str = "resume.html.j2") -> Path:
    folder = tmp_path / "mine"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(template, "utf-8")
    return folder


# --- 1. every exception a template raises is a located TemplateError -----------------------

RAISING = [
    pytest.param("{{ 1/0 }}", "ZeroDivisionError", id="division-by-zero"),
    pytest.param("{{ '%(x)s' % {} }}", "KeyError", id="missing-key-percent"),
    pytest.param("{{ '{x}'.format() }}", "KeyError", id="missing-key-format"),
    pytest.param("{{ {}['x'] }}", "does not exist", id="missing-key-subscript"),
    pytest.param("{{ 1 + 'a' }}", "TypeError", id="type-error"),
    pytest.param("{{ 'a' < 1 }}", "TypeError", id="comparison"),
    pytest.param("{{ 2.0 ** 10000 }}", "OverflowError", id="float-overflow"),
    pytest.param("{{ range(10**9)|list }}", "Range too big", id="huge-range"),
    pytest.param("{{ [1, 'a']|sort }}", "TypeError", id="filter-type-error"),
    pytest.param("{{ none|length }}", "TypeError", id="filter-on-none"),
    pytest.param("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "too deeply", id="recursion"),
]


@pytest.mark.parametrize(("source", "message"), RAISING)
def test_anything_a_template_raises_is_a_template_error(
    ada: toolkit.Profile, tmp_path: Path, source: str, message: str
) -> None:
    folder = _folder(tmp_path, "<html>\n<body>\n" + source + "\n</body></html>")
    error, took = _timed(lambda: toolkit.render(ada, "resume", "html", user_templates=folder))
    assert isinstance(error, TemplateError), repr(error)
    assert error.template == "resume.html.j2"
    assert error.line == 3
    assert message in str(error)
    assert str(error).startswith("resume.html.j2:3: ")
    assert took < FAST


def test_an_error_in_an_imported_macro_names_that_file(
    ada: toolkit.Profile, tmp_path: Path
) -> None:
    folder = _folder(tmp_path, "{% import 'lib.html.j2' as lib %}\n<p>{{ lib.broken(0) }}</p>")
    (folder / "lib.html.j2").write_text(
        "{% macro broken(n) %}\n\n{{ 10 // n }}\n{% endmacro %}", "utf-8"
    )
    for fmt in ("html", "pdf"):
        with pytest.raises(TemplateError, match="ZeroDivisionError") as caught:
            toolkit.render(ada, "resume", fmt, user_templates=folder)
        assert (caught.value.template, caught.value.line) == ("lib.html.j2", 3)


# --- 2. stylesheets of the folder are read as templates are ----------------------------------


@pytest.mark.parametrize("name", ["theme.css", "base.css"])
def test_a_stylesheet_that_is_not_utf8_is_a_located_error(
    ada: toolkit.Profile, tmp_path: Path, name: str
) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / name).write_bytes(b"h2 { color: #AB0000; }\n/* caf\xe9 */\n")
    for fmt in ("html", "pdf"):
        error, took = _timed(lambda f=fmt: toolkit.render(ada, "resume", f, user_templates=folder))
        assert isinstance(error, TemplateError), repr(error)
        assert (error.template, error.line) == (name, 2)
        assert "not UTF-8" in str(error)
        assert took < FAST


def test_a_stylesheet_over_the_template_cap_is_refused(
    ada: toolkit.Profile, tmp_path: Path
) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "theme.css").write_text("p { color: red; }\n" * 20_000, "utf-8")  # 360 KB
    error, took = _timed(lambda: toolkit.render(ada, "resume", "html", user_templates=folder))
    assert isinstance(error, TemplateError), repr(error)
    assert error.template == "theme.css"
    assert "larger than 256 KiB" in str(error)
    assert took < FAST


def test_a_linked_stylesheet_is_not_followed(ada: toolkit.Profile, tmp_path: Path) -> None:
    outside = tmp_path / "outside.css"
    outside.write_text("h1 { content: 'SECRET-OUTSIDE'; }", "utf-8")
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "theme.css").symlink_to(outside)
    html = toolkit.render(ada, "resume", "html", user_templates=folder).decode()
    assert "SECRET-OUTSIDE" not in html
    assert '<h1 class="name">Ada Lovelace</h1>' in html  # the built-in theme.css instead


def test_stylesheets_the_pdf_engine_fetches_are_checked_too(
    ada: toolkit.Profile, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "big.css").write_text("p { color: red; }\n" * 20_000, "utf-8")
    (folder / "latin1.css").write_bytes(b"/* caf\xe9 */ p { color: red; }")
    (tmp_path / "outside.css").write_text("p { color: red; }", "utf-8")
    (folder / "link.css").symlink_to(tmp_path / "outside.css")
    links = "".join(
        f'<link rel="stylesheet" href="{(folder / n).as_uri()}">'
        for n in ("big.css", "latin1.css", "link.css")
    )
    (folder / "resume.html.j2").write_text(
        f"<html><head>{links}</head><body><p>{{{{ person.name }}}}</p></body></html>", "utf-8"
    )
    with caplog.at_level(logging.WARNING, logger="toolkit"):
        pdf = toolkit.render(ada, "resume", "pdf", user_templates=folder)
    assert pdf.startswith(b"%PDF-")
    blocked = " ".join(r.getMessage() for r in caplog.records)
    assert "larger than 256 KiB" in blocked
    assert "not UTF-8" in blocked
    assert "a link" in blocked


# --- 3. the sandbox refuses what would pass its caps, before building it --------------------

BOMBS = [
    pytest.param("{{ 'x'|center(10**8) }}", id="center-filter"),
    pytest.param("{{ '%100000000s' % 'x' }}", id="percent-width"),
    pytest.param("{{ '%.100000000f' % 1.5 }}", id="percent-precision"),
    pytest.param("{{ '%100000000s'|format('x') }}", id="format-filter"),
    pytest.param("{{ '{:>100000000}'.format('x') }}", id="str-format-width"),
    pytest.param("{{ '{:{}}'.format('x', 10**8) }}", id="str-format-nested-width"),
    pytest.param("{{ 'x' * 10**8 }}", id="string-repetition"),
    pytest.param("{{ (['x'] * 10**7)|length }}", id="list-repetition"),
    pytest.param("{{ 'x'.ljust(10**8) }}", id="ljust"),
    pytest.param("{{ 'x'.rjust(10**8) }}", id="rjust"),
    pytest.param("{{ 'x'.center(10**8) }}", id="str-center"),
    pytest.param("{{ '1'.zfill(10**8) }}", id="zfill"),
    pytest.param("{{ 'a\tb'.expandtabs(10**8) }}", id="expandtabs"),
    pytest.param("{{ ('a' * 1000).replace('a', 'b' * 100000) }}", id="str-replace"),
    pytest.param("{{ ('a' * 1000)|replace('a', 'b' * 100000) }}", id="replace-filter"),
    pytest.param("{{ ','.join(['x' * 1000000] * 100) }}", id="str-join"),
    pytest.param("{{ (['ab' * 500000] * 100)|join }}", id="join-filter"),
    pytest.param("{{ 'x'|indent(10**8, true) }}", id="indent-width"),
    pytest.param("{{ ('x\\n' * 100000)|indent('y' * 1000) }}", id="indent-string"),
    pytest.param("{{ ('x ' * 400000)|wordwrap(1, wrapstring='y' * 1000) }}", id="wordwrap"),
    pytest.param("{{ ('a.com ' * 100000)|urlize(target='t' * 1000) }}", id="urlize"),
    pytest.param("{{ [1]|batch(10**7, 'x')|list }}", id="batch-fill"),
    pytest.param("{{ range(10)|slice(2000000)|list|length }}", id="slice-count"),
    pytest.param("{{ {'a': 1}|tojson(indent=10**8) }}", id="tojson-indent"),
    pytest.param("{{ 10 ** (10 ** 7) }}", id="integer-power"),
    pytest.param("{{ lipsum(10**5) }}", id="lipsum"),
    pytest.param(
        "{% set a = ['x' * 100000] * 10 %}{% set b = [a] * 10 %}{% set c = [b] * 10 %}{{ c }}",
        id="printing-a-shared-list",
    ),
    pytest.param(
        "{% set ns = namespace(s='x') %}{% for i in range(27) %}"
        "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}",
        id="doubling-with-tilde",
    ),
    pytest.param(
        "{% set ns = namespace(s='x') %}{% for i in range(27) %}"
        "{% set ns.s = ns.s + ns.s %}{% endfor %}{{ ns.s|length }}",
        id="doubling-with-plus",
    ),
    pytest.param(
        "{% set ns = namespace(l=[]) %}{% for i in range(100) %}"
        "{% set ns.l = ns.l + [('x' * 1000000) ~ i] %}{% endfor %}{{ ns.l|length }}",
        id="keeping-values-in-a-namespace",
    ),
    pytest.param(
        "{% macro f() %}{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}{% endmacro %}"
        "{{ f()|length }}",
        id="macro-output",
    ),
    pytest.param(
        "".join(f"{{% set a{i} = ('x' * 1000000) ~ {i} %}}" for i in range(100)),
        id="many-values",
    ),
]


@pytest.mark.parametrize("bomb", BOMBS)
def test_the_sandbox_refuses_before_building(
    ada: toolkit.Profile, tmp_path: Path, bomb: str
) -> None:
    folder = _folder(tmp_path, "<p>\n" + bomb + "\n</p>")
    toolkit.render(ada, "resume", "html", user_templates=_folder(tmp_path / "warm", "<p/>"))
    error, took = _timed(lambda: toolkit.render(ada, "resume", "html", user_templates=folder))
    assert isinstance(error, TemplateError), repr(error)
    assert error.template == "resume.html.j2"
    assert error.line == 2
    assert "lipsum" in str(error) if "lipsum" in bomb else "refused by the sandbox" in str(error)
    assert took < FAST
    peak = _peak_mib(lambda: toolkit.render(ada, "resume", "html", user_templates=folder))
    assert peak < PEAK_MIB, f"{peak:.0f} MiB"


def test_the_page_itself_is_capped(ada: toolkit.Profile, tmp_path: Path) -> None:
    folder = _folder(tmp_path, "{% for i in range(10000) %}{{ 'x' * 10000 }}{% endfor %}")
    error, took = _timed(lambda: toolkit.render(ada, "resume", "html", user_templates=folder))
    assert isinstance(error, TemplateError), repr(error)
    assert error.template == "resume.html.j2"
    assert "the page would be longer than" in str(error)
    assert took < FAST
    peak = _peak_mib(lambda: toolkit.render(ada, "resume", "html", user_templates=folder))
    assert peak < PEAK_MIB, f"{peak:.0f} MiB"


def test_the_process_does_not_grow_with_the_bombs(tmp_path: Path) -> None:
    """Resident memory, measured by the system in a fresh process, for every bomb in turn."""
    sources = [p.values[0] for p in BOMBS]
    for n, source in enumerate(["<p>{{ person.name }}</p>", *sources]):
        _folder(tmp_path / str(n), str(source))
    script = textwrap.dedent(
        f"""
        import resource
        from pathlib import Path
        import toolkit
        profile = toolkit.parse_profile({PROFILE!r})
        root = Path({str(tmp_path)!r})
        toolkit.render(profile, "resume", "html", user_templates=root / "0" / "mine")
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        refused = 0
        for n in range(1, {len(sources) + 1}):
            try:
                toolkit.render(profile, "resume", "html", user_templates=root / str(n) / "mine")
            except toolkit.TemplateError:
                refused += 1
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(refused, before, after)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300, check=True
    )
    refused, before, after = map(int, done.stdout.split())
    assert refused == len(sources)
    assert (after - before) / 1024 < 64, f"grew {(after - before) / 1024:.0f} MiB"


def test_ordinary_templates_are_not_refused(ada: toolkit.Profile, tmp_path: Path) -> None:
    """What documents do stays allowed: loops, macros, namespaces, joins, formats, JSON."""
    folder = _folder(
        tmp_path,
        textwrap.dedent(
            """\
            {% macro item(text) %}<li>{{ text|title }}</li>{% endmacro %}
            {% set ns = namespace(count=0, names=[]) %}
            <ul>{% for i in range(2000) %}{{ item('entry ' ~ i) }}
            {% set ns.count = ns.count + 1 %}{% set ns.names = ns.names + [i] %}{% endfor %}</ul>
            <p>{{ ns.count }} {{ ns.names|length }} {{ '%05.1f|%-6s|' % (3.14159, 'ab') }}
            {{ '{:>8}|{:,}'.format('x', 1234567) }} {{ ['a', 'b']|join(', ') }}
            {{ ('x' * 100000)|length }} {{ person|tojson|length > 10 }}
            {{ range(100000)|list|length }} {{ ('word ' * 20000)|wordwrap(60)|length > 0 }}
            {{ css|length > 1000 }}</p>
            """
        ),
    )
    html = toolkit.render(ada, "resume", "html", user_templates=folder).decode()
    assert "<li>Entry 1999</li>" in html
    assert "2000 2000 003.1|ab    |" in html
    assert "       x|1,234,567" in html


def test_the_built_in_templates_render_the_same_in_the_sandbox(
    ada: toolkit.Profile, tmp_path: Path
) -> None:
    """A folder that overrides nothing: every built-in template runs sandboxed and capped,
    and the HTML is byte for byte the same."""
    empty = tmp_path / "empty"
    empty.mkdir()
    profile = toolkit.load_profile(Path(__file__).parents[1] / "examples/mid-rhit.yaml")
    for kind in ("resume", "letter", "interview"):
        plain = toolkit.render(profile, kind, "html", document_date="2026-03-03")
        boxed = toolkit.render(
            profile, kind, "html", document_date="2026-03-03", user_templates=empty
        )
        assert boxed == plain, kind
    del ada


# --- 4. links: only http, https, mailto, tel and #anchor; no path of the machine ---------------

BAD_LINKS = [
    "javascript:alert(1)",
    " JaVa&#x09;ScRiPt:alert(2)",
    "&#106;avascript:alert(3)",
    "file://fileserver/share/cv.pdf",
    "file:///etc/passwd",
    "\\\\fileserver\\share\\cv.pdf",
    "//fileserver/share/cv.pdf",
    "relative/page.html",
    "../../../etc/hostname",
    "data:text/html,<script>alert(4)</script>",
    "vbscript:msgbox(5)",
    "",
]
GOOD_LINKS = ["https://example.com/cv", "http://example.org/", "mailto:ada@example.com"]
GOOD_LINKS += ["tel:+15550100", "#skills"]


def _link_template() -> str:
    bad = "".join(f'<p><a href="{u}">bad link {n}</a></p>' for n, u in enumerate(BAD_LINKS))
    good = "".join(f'<p><a href="{u}">good link {n}</a></p>' for n, u in enumerate(GOOD_LINKS))
    return f'<html><body><h2 id="skills">Skills</h2>{bad}{good}</body></html>'


def _inflated(pdf: bytes) -> bytes:
    """The file's bytes, then every compressed stream inflated."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.DOTALL):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(parts)


def _link_targets(pdf: bytes) -> list[str]:
    targets = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            action = annotation.get("/A")
            if action is not None:
                targets.append(str(action.get_object()["/URI"]))
            else:
                targets.append("#" + str(annotation["/Dest"]))
    return targets


def _assert_safe_pdf(pdf: bytes, *folders: Path) -> None:
    targets = _link_targets(pdf)
    assert sorted(targets) == sorted(GOOD_LINKS), targets
    everything = _inflated(pdf)
    for folder in folders:
        for form in {str(folder), folder.as_uri(), str(folder.resolve())}:
            assert form.encode() not in everything, form
    for word in (b"file:", b"javascript", b"JaVa", b"vbscript", b"fileserver"):
        assert word not in everything, word
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "bad link 0" in text  # the text stays
    assert f"bad link {len(BAD_LINKS) - 1}" in text


def test_a_pdf_keeps_only_safe_links_and_no_path(ada: toolkit.Profile, tmp_path: Path) -> None:
    folder = _folder(tmp_path, _link_template())
    pdf = toolkit.render(ada, "resume", "pdf", user_templates=folder)
    _assert_safe_pdf(pdf, folder, templates_root(), Path.cwd())


def test_the_pdf_engine_drops_unsafe_links_by_itself(tmp_path: Path) -> None:
    """The same HTML straight to the PDF writer (not through the HTML format's clean-up):
    WeasyPrint resolves the relative links against the templates folder, and the writer
    drops them with the others."""
    meta = Meta(title="Links", author="Ada Lovelace", lang="en", date="2026-03-03")
    pdf = render_pdf(_link_template(), meta, extra_roots=[tmp_path])
    _assert_safe_pdf(pdf, tmp_path, templates_root(), Path.cwd())


def _html_links(html: str) -> list[tuple[str, str, str]]:
    """Every URL attribute as an HTML5 parser reads it: (tag, attribute, value)."""
    found = []
    for element in tinyhtml5.parse(html).iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.rpartition("}")[2]
        for key, value in element.attrib.items():
            name = key.rpartition("}")[2]
            if name in {"href", "src", "action", "formaction", "srcset", "data", "poster"}:
                found.append((tag, name, value))
            if name == "http-equiv":
                found.append((tag, name, value))
    return found


HIDDEN = [
    "<a title='x href=' href=\"javascript:alert(6)\">quote trick</a>",
    '<!--x--!><a href="javascript:alert(7)">after a comment</a>',
    "<a\nhref\n=\njavascript:alert(8)>newlines</a>",
    '<a/href="javascript:alert(9)">slash</a>',
    '<A HREF="javascript:alert(10)">upper case</A>',
    '<svg><a xlink:href="javascript:alert(11)"><text>svg</text></a></svg>',
    '<img src="file:///etc/passwd" alt="a file">',
    '<img src="\\\\fileserver\\share\\x.png" alt="unc">',
    '<img srcset="https://example.com/a.png 1x, file://fileserver/b.png 2x" alt="srcset">',
    '<iframe src="javascript:alert(12)"></iframe>',
    '<form action="javascript:alert(13)"><button formaction="file:///x">b</button></form>',
    '<meta http-equiv="refresh" content="0; url=file://fileserver/share">',
    '<object data="file:///etc/passwd"></object>',
]


def test_the_html_of_a_user_template_keeps_only_safe_links(
    ada: toolkit.Profile, tmp_path: Path
) -> None:
    photo = "data:image/png;base64,iVBORw0KGgo="
    source = _link_template().replace(
        "</body>", "".join(HIDDEN) + f'<img src="{photo}" alt="photo"></body>'
    )
    folder = _folder(tmp_path, source)
    html = toolkit.render(ada, "resume", "html", user_templates=folder).decode()
    links = _html_links(html)
    assert sorted(v for _, n, v in links if n == "href") == sorted(GOOD_LINKS)
    assert [v for _, n, v in links if n == "src"] == [photo]
    assert {n for _, n, _ in links} == {"href", "src"}
    for text in ("bad link 0", "quote trick", "after a comment", "newlines", "svg", "slash"):
        assert text in html  # the text stays


@pytest.mark.parametrize(
    "markup",
    [
        pytest.param(
            '<svg><style><a href="javascript:alert(1)">x</a></style></svg>', id="svg-style"
        ),
        pytest.param(
            '<svg><![CDATA[ > <x title="]]><a href="javascript:alert(1)">"]]></svg>',
            id="svg-cdata",
        ),
        pytest.param(
            "<script><!--<script></script><x title='</script><a href=javascript:alert(1)>'>",
            id="script-double-escape",
        ),
    ],
)
def test_html_that_hides_a_link_from_the_clean_up_is_refused(
    ada: toolkit.Profile, tmp_path: Path, markup: str
) -> None:
    """Markup an HTML5 parser reads differently from the quick clean-up (in SVG a <style>
    holds markup and CDATA is text; a script can hide a script end): the check after the
    clean-up (that parser) finds the link, and the render is refused rather than shipped."""
    folder = _folder(tmp_path, markup)
    error, took = _timed(lambda: toolkit.render(ada, "resume", "html", user_templates=folder))
    assert isinstance(error, TemplateError), repr(error)
    assert "could not remove" in str(error)
    assert took < FAST


def test_the_clean_up_leaves_a_clean_page_as_it_is(ada: toolkit.Profile, tmp_path: Path) -> None:
    """A page with only allowed links comes out of the clean-up unchanged (its cost is a
    benchmark's business, not a timed test's)."""
    from toolkit.formats.html import safe_links

    profile = toolkit.load_profile(Path(__file__).parents[1] / "examples/mid-rhit.yaml")
    html = toolkit.render(profile, "interview", "html", document_date="2026-03-03").decode()
    assert safe_links(html) == html
    del ada, tmp_path


# --- 5. a letter's placeholder is its name alone -------------------------------------------


@pytest.mark.parametrize(
    "placeholder", ["{company:>400000000}", "{company!r}", "{company:{role}}", "{my_name:.5}"]
)
def test_a_placeholder_with_a_format_spec_is_refused_at_load_time(
    tmp_path: Path, placeholder: str
) -> None:
    path = tmp_path / "letter.yaml"
    path.write_text(
        "company: Acme\nparagraphs:\n  - I would like to join {company}.\n"
        f"  - 'Padded: {placeholder}.'\n",
        "utf-8",
    )
    error, took = _timed(lambda: load_letter_options(path))
    assert isinstance(error, InputError), repr(error)
    (issue,) = error.issues
    assert issue.path == ("paragraphs", 1)
    assert issue.line == 4
    assert issue.file == str(path)
    assert "format spec or conversion" in issue.message
    assert took < FAST


def test_a_placeholder_with_a_format_spec_is_refused_when_rendering(
    ada: toolkit.Profile,
) -> None:
    options = {"company": "Acme", "paragraphs": ["Hello {company:>400000000}."]}
    error, took = _timed(lambda: toolkit.render(ada, "letter", "html", kind_options=options))
    assert isinstance(error, InputError), repr(error)
    assert "{company:>400000000}" in str(error)
    assert took < FAST
    peak = _peak_mib(lambda: toolkit.render(ada, "letter", "html", kind_options=options))
    assert peak < PEAK_MIB, f"{peak:.0f} MiB"
    # plain placeholders and literal braces still work
    fine = {"company": "Acme", "paragraphs": ["Hello {company} {{and braces}}."]}
    assert (
        "Hello Acme {and braces}."
        in toolkit.render(ada, "letter", "html", kind_options=fine).decode()
    )
