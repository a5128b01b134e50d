"""The start-up shortcuts give exactly what the plain paths give, and step aside when their
assumptions do not hold.

Each shortcut (WeasyPrint's libraries from one ``ldconfig -p``, fontTools imported at first
use, libyaml for a user's file, compiled templates and Pydantic validators kept between
runs) is compared with ``TOOLKIT_NO_SHORTCUTS=1``, and each is made to fail or not apply to
show the plain path is taken and still renders. WeasyPrint is imported once per process, so
those checks run in fresh interpreters. Speed is the bench's business, not these tests'.
"""

from __future__ import annotations

import ctypes.util
import json
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from toolkit.errors import InputError
from toolkit.formats import html, native
from toolkit.load import sources
from toolkit.load.profile import parse_profile
from toolkit.models import cache

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "mid-rhit.yaml"

# Renders the example resume in a fresh interpreter, after running SETUP, and prints what
# came out and which paths were taken.
SCRIPT = textwrap.dedent(
    """\
    import hashlib, json, os, sys
    from datetime import date
    from pathlib import Path
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")  # as the command line does
    from toolkit.formats import native
    from toolkit.models import prebuilt
    {setup}
    import toolkit
    profile = toolkit.load_profile({profile!r})
    data = toolkit.render(profile, "resume", "pdf", document_date=date(2026, 11, 27))
    report = native.report()
    libraries = sorted(
        {{line.split()[-1] for line in open("/proc/self/maps") if ".so" in line}}
    )
    native_libraries = [p for p in libraries if "python3" not in p and ".cpython-" not in p]
    Path({out!r}).write_bytes(data)
    print(json.dumps({{
        "libraries": report.libraries,
        "font_tools": report.font_tools,
        "cffi_types": report.cffi_types,
        "cffi_declarations": report.cffi_declarations,
        "stylesheets": report.stylesheets,
        "pycparser_ran": "pycparser.c_parser" in sys.modules,
        "answered": report.answered,
        "deferred": report.deferred,
        "validators": prebuilt.taken(),
        "native": native_libraries,
        "subset_loaded": "fontTools.subset.cff" in sys.modules,
        "profile": hashlib.sha256(profile.model_dump_json().encode()).hexdigest(),
    }}))
    """
)


def _last_json(code: str, env: dict[str, str]) -> dict[str, Any]:
    """Run ``code`` in a fresh interpreter and return the JSON object its last line prints."""
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _run(
    tmp_path: Path, name: str, *, setup: str = "", plain: bool = False, profile: Path = EXAMPLE
) -> tuple[bytes, dict[str, Any]]:
    out = tmp_path / f"{name}.pdf"
    env = {**os.environ, cache.CACHE_ENV: str(tmp_path / "cache")}
    env.pop("TOOLKIT_NO_SHORTCUTS", None)
    if plain:
        env["TOOLKIT_NO_SHORTCUTS"] = "1"
    report = _last_json(SCRIPT.format(setup=setup, profile=str(profile), out=str(out)), env)
    return out.read_bytes(), report


@pytest.fixture(scope="module")
def plain_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, dict[str, Any]]:
    """The example resume made with every shortcut turned off."""
    return _run(tmp_path_factory.mktemp("plain"), "plain", plain=True)


@pytest.mark.slow
def test_the_shortcuts_make_the_same_pdf_as_the_plain_path(
    tmp_path: Path, plain_run: tuple[bytes, dict[str, Any]]
) -> None:
    plain_pdf, plain = plain_run
    assert plain["libraries"].startswith("plain: TOOLKIT_NO_SHORTCUTS")
    assert set(plain["validators"].values()) == {"plain: TOOLKIT_NO_SHORTCUTS is set"}
    assert "Profile" in plain["validators"]
    assert not list((tmp_path / "cache").glob("*/*"))  # nothing kept on the plain path
    # first run: builds and keeps the validators and compiled templates; second: reuses them
    first_pdf, first = _run(tmp_path, "first")
    second_pdf, second = _run(tmp_path, "second")
    assert first_pdf == plain_pdf
    assert second_pdf == plain_pdf
    for run in (first, second):
        assert run["libraries"] == "shortcut"
        assert run["font_tools"] == "shortcut"
        assert run["cffi_types"] == "shortcut"
        assert not run["subset_loaded"]  # HarfBuzz subsets: fontTools' subsetter never ran
        assert run["native"] == plain["native"]  # the same libraries, from the same files
        assert run["profile"] == plain["profile"]
    # the profile's, the options' and the theme's models
    assert set(first["validators"]) == set(second["validators"]) == set(plain["validators"])
    assert set(first["validators"].values()) == {"built and kept"}
    assert set(second["validators"].values()) == {"prebuilt"}
    # WeasyPrint's C declarations: parsed once, then read back; pycparser then never runs
    assert (first["cffi_declarations"], second["cffi_declarations"]) == ("parsed and kept", "kept")
    assert first["pycparser_ran"]
    assert not second["pycparser_ran"]
    assert plain["cffi_declarations"].startswith("plain: TOOLKIT_NO_SHORTCUTS")
    # and its three user-agent stylesheets
    assert first["stylesheets"] == ", ".join(["parsed and kept"] * 3)
    assert second["stylesheets"] == "kept, kept, kept"
    # the names WeasyPrint tries resolve as the standard library resolves them
    for name, answer in second["answered"].items():
        assert answer == ctypes.util.find_library(name), name
    kept = sorted(p.parent.name.split("-")[0] for p in (tmp_path / "cache").glob("*/*"))
    assert "templates" in kept
    assert "validators" in kept
    assert "cffi" in kept
    assert "stylesheets" in kept


SETUPS = {
    "weasyprint-version": (
        "native.TESTED_WEASYPRINT = ()",
        "plain: not tested with WeasyPrint",
        "plain: not tested with WeasyPrint",
    ),
    "python-version": (
        "native.TESTED_PYTHON = ()",
        "plain: not tested on Python",
        "plain: not tested on Python",
    ),
    "no-ldconfig": (
        "native._ldconfig_cache = lambda: None",
        "plain: ldconfig -p did not run",
        "shortcut",
    ),
    "shortcut-fails": (
        "def broken(name):\n    raise RuntimeError('no')\nnative._lazy_module = broken",
        "plain: the shortcut failed (RuntimeError: no)",
        "plain: the shortcut failed (RuntimeError: no)",
    ),
    "cffi-version": (
        "native.TESTED_CFFI = ()",
        "shortcut",
        "shortcut",
    ),
    "weasyprint-imported-first": (
        "import weasyprint",
        "plain: WeasyPrint was imported before",
        "plain: WeasyPrint was imported before",
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", list(SETUPS))
def test_the_plain_import_is_taken_when_a_shortcut_does_not_apply(
    case: str, tmp_path: Path, plain_run: tuple[bytes, dict[str, Any]]
) -> None:
    setup, libraries, font_tools = SETUPS[case]
    pdf, run = _run(tmp_path, case, setup=setup)
    assert run["libraries"].startswith(libraries)
    assert run["font_tools"].startswith(font_tools)
    assert pdf == plain_run[0]
    assert run["native"] == plain_run[1]["native"]


@pytest.mark.slow
def test_validators_fall_back_to_pydantic_when_they_cannot_be_prebuilt(
    tmp_path: Path, plain_run: tuple[bytes, dict[str, Any]]
) -> None:
    _, untested = _run(tmp_path, "untested", setup="prebuilt.TESTED_PYDANTIC = ()")
    assert untested["validators"]["Profile"].startswith("plain: not tested with pydantic")
    plugins = "os.environ['PYDANTIC_DISABLE_PLUGINS'] = ''"
    _, with_plugins = _run(tmp_path, "plugins", setup=plugins)
    assert set(with_plugins["validators"].values()) == {"plain: Pydantic's plugins are on"}
    _run(tmp_path, "keep")
    for entry in (tmp_path / "cache").glob("validators-*/*.pickle"):
        entry.write_bytes(b"not a pickle")  # a damaged entry is built again
    pdf, damaged = _run(tmp_path, "damaged")
    assert set(damaged["validators"].values()) == {"built and kept"}
    assert damaged["profile"] == plain_run[1]["profile"]
    assert pdf == plain_run[0]


BROKEN_PROFILE = textwrap.dedent(
    """\
    basics:
      name: ""
      email: not-an-address
      website: javascript:alert(1)
    experience:
      - title: Coder
        organization: X
        start: 2021-13
    skills: [ {name: a} ]
    """
)


def test_a_prebuilt_validator_reports_the_same_problems(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN_PROFILE, encoding="utf-8")
    code = textwrap.dedent(
        f"""\
        import json, os
        os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"
        from toolkit.errors import InputError
        from toolkit.models import prebuilt
        from toolkit.load.profile import read_profile
        try:
            read_profile({str(path)!r})
        except InputError as exc:
            issues = [(i.message, i.line, i.column, list(i.path), i.hint) for i in exc.issues]
        print(json.dumps([issues, prebuilt.taken()]))
        """
    )
    seen = []
    for plain in (True, False, False):
        env = {**os.environ, cache.CACHE_ENV: str(tmp_path / "cache")}
        env.pop("TOOLKIT_NO_SHORTCUTS", None)
        if plain:
            env["TOOLKIT_NO_SHORTCUTS"] = "1"
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
        )
        seen.append(json.loads(done.stdout))
    assert [s[1]["Profile"] for s in seen] == [
        "plain: TOOLKIT_NO_SHORTCUTS is set",
        "built and kept",
        "prebuilt",
    ]
    assert seen[0][0]
    assert seen[0][0] == seen[1][0] == seen[2][0]


# --- finding the native libraries ------------------------------------------------------------


def test_the_resolver_answers_as_find_library_does() -> None:
    if sys.platform != "linux":
        pytest.skip("the shortcut is for Linux")
    cache_text = native._ldconfig_cache()
    if cache_text is None:
        pytest.skip("ldconfig -p does not run here")
    resolver = native.LibraryResolver(cache_text, ctypes.util.find_library)
    for name in ("c", "m", "gobject-2.0", "harfbuzz", "libharfbuzz-0", "no-such-library-x"):
        assert resolver(name) == ctypes.util.find_library(name), name


def test_a_name_the_resolver_cannot_rule_out_goes_to_find_library(tmp_path: Path) -> None:
    (tmp_path / "libfoo-1.0.so.0").write_bytes(b"")
    asked: list[str] = []

    def real(name: str) -> str | None:
        asked.append(name)
        return "libfoo-1.0.so.0"

    fake_cache = b"\tlibbar.so.2 (libc6,x86-64) => /usr/lib/libbar.so.2\n"
    resolver = native.LibraryResolver(fake_cache, real, folders=[tmp_path])
    resolver.abi = "libc6,x86-64"
    assert resolver("bar") == "libbar.so.2"  # from ldconfig's cache
    assert resolver("baz") is None  # no such file anywhere: no program run
    assert asked == []
    assert resolver("foo-1.0") == "libfoo-1.0.so.0"  # a file that gcc or ld might find
    assert asked == ["foo-1.0"]
    assert resolver.deferred == ["foo-1.0"]


def test_the_shortcuts_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOOLKIT_NO_SHORTCUTS", "1")
    assert native._why_not() == "TOOLKIT_NO_SHORTCUTS is set"
    assert cache.cache_folder("templates") is None
    assert not sources._reads_the_same("basics:\n  name: A\n")
    monkeypatch.setenv("TOOLKIT_NO_SHORTCUTS", "0")
    assert sources._reads_the_same("basics:\n  name: A\n")


# --- YAML: libyaml only where it reads as the pure-Python parser does ------------------------

PROFILES = sorted(
    [*(ROOT / "examples").glob("*.yaml"), *(ROOT / "tests" / "testdata").rglob("*.yaml")]
)


@pytest.mark.parametrize("path", PROFILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_users_files_read_the_same_with_libyaml(path: Path) -> None:
    text = path.read_text("utf-8")
    pure = sources._YamlBuilder(text, "p.yaml", fast=False)
    expected = pure.build()
    if pure.issues:  # refused either way, in the pure parser's words
        with pytest.raises(InputError) as caught:
            sources.parse_yaml(text, "p.yaml")
        assert caught.value.issues[0].message == pure.issues[0].message
        return
    got = sources.parse_yaml(text, "p.yaml")
    assert (got.data, got.values, got.keys) == (expected.data, expected.values, expected.keys)


@pytest.mark.parametrize(
    "text",
    [
        "name: A\t\n",  # libyaml takes a tab after a value
        "? name\n: A\n",  # an explicit key
        "- ? a\n",
        "pay: {min: , max: 38}\n",  # an empty value in a flow mapping
        "%YAML 1.1\n---\nname: A\n",  # a directive
        "name: A\ufeffB\n",  # a byte-order mark inside the text
    ],
)
def test_texts_libyaml_reads_differently_take_the_pure_parser(text: str) -> None:
    assert not sources._reads_the_same(text)


def test_a_users_file_takes_libyaml_when_it_is_safe(monkeypatch: pytest.MonkeyPatch) -> None:
    if sources._FAST_LOADER is None:
        pytest.skip("PyYAML was built without libyaml")
    seen: list[bool] = []
    real = sources._YamlBuilder.__init__

    def spy(self: Any, text: str, source: str | None, *, fast: bool = False) -> None:
        seen.append(fast)
        real(self, text, source, fast=fast)

    monkeypatch.setattr(sources._YamlBuilder, "__init__", spy)
    text = EXAMPLE.read_text("utf-8")
    assert sources._reads_the_same(text)
    parse_profile(text)
    assert seen == [True]
    seen.clear()
    with pytest.raises(InputError, match="found character"):
        parse_profile("basics:\n  name: A\t\n")
    assert seen == [False]
    seen.clear()
    with pytest.raises(InputError) as caught:  # a syntax error: said by the pure parser
        parse_profile("basics:\n  name: A\n bad: 2\n")
    assert seen == [True, False]
    assert "expected <block end>" in caught.value.issues[0].message


# --- compiled templates and the cache folder ---------------------------------------------------


def _fresh_environments() -> None:
    html._environment.cache_clear()
    html._compiled_templates.cache_clear()


def test_compiled_templates_give_the_same_html(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import date

    import toolkit
    from toolkit.models.options import DocumentOptions

    profile = toolkit.load_profile(EXAMPLE)
    options = DocumentOptions(document_date=date(2026, 11, 27))

    def page() -> str:
        _fresh_environments()
        return html.render_html(toolkit.build_context(profile, "resume", options))

    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path))
    monkeypatch.setenv("TOOLKIT_NO_SHORTCUTS", "1")
    try:
        plain = page()
        assert not list(tmp_path.rglob("*.jinja"))
        monkeypatch.delenv("TOOLKIT_NO_SHORTCUTS")
        assert page() == plain  # compiles, and keeps the code
        entries = list(tmp_path.rglob("*.jinja"))
        assert entries
        assert page() == plain  # from the kept code
        for entry in entries:
            assert stat.S_IMODE(entry.stat().st_mode) & 0o077 == 0
            entry.write_bytes(b"damaged")
        assert page() == plain  # a damaged entry is compiled again
    finally:
        _fresh_environments()


def test_user_templates_never_use_compiled_code(tmp_path: Path) -> None:
    sandboxed = html.environment("modern", tmp_path)
    assert sandboxed.bytecode_cache is None


def test_the_cache_folder_is_private_or_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not hasattr(os, "getuid"):
        pytest.skip("POSIX only")
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "c"))
    folder = cache.cache_folder("templates")
    assert folder is not None
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    cache.write_entry(folder, "x", b"data")
    assert cache.read_entry(folder, "x") == b"data"
    folder.chmod(0o777)  # others may write: not used
    assert cache.cache_folder("templates") is None
    folder.chmod(0o700)
    (folder / "link").symlink_to(folder / "x")
    assert cache.read_entry(folder, "link") is None  # a link is not followed
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "file"))
    (tmp_path / "file").write_text("not a folder")
    assert cache.cache_folder("templates") is None


@pytest.mark.slow
def test_an_untested_cffi_takes_its_own_parser_and_renders_the_same(
    tmp_path: Path, plain_run: tuple[bytes, dict[str, Any]]
) -> None:
    pdf, run = _run(tmp_path, "cffi", setup="native.TESTED_CFFI = ()")
    assert run["cffi_types"].startswith("plain: cffi ")
    assert run["cffi_declarations"].startswith("plain: cffi ")
    assert not list((tmp_path / "cache").glob("cffi-*/*"))
    assert pdf == plain_run[0]


@pytest.mark.slow
def test_an_untested_cssselect2_parses_the_stylesheets_and_renders_the_same(
    tmp_path: Path, plain_run: tuple[bytes, dict[str, Any]]
) -> None:
    pdf, run = _run(tmp_path, "cssselect2", setup="native.TESTED_CSSSELECT2 = ()")
    assert run["stylesheets"].startswith("plain: cssselect2 ")
    assert not list((tmp_path / "cache").glob("stylesheets-*/*"))
    assert pdf == plain_run[0]


# Imports WeasyPrint in a fresh interpreter with the cache in CACHE and prints what its
# user-agent stylesheets came from and (with compare) whether each is, selector by selector
# (the compiled code, specificity, order, pseudo-element, declarations) and in its page
# rules, layers and counter styles, what a fresh parse of the same text makes.
STYLESHEETS = textwrap.dedent(
    """\
    import json
    from toolkit.formats import native
    native.import_weasyprint()
    from weasyprint import CSS, html
    from weasyprint.css.counters import CounterStyle

    def code_key(code):  # what a function does, not where its source stood
        consts = [code_key(c) if hasattr(c, "co_code") else repr(c) for c in code.co_consts]
        return [code.co_code.hex(), consts, code.co_names, code.co_varnames]

    def entries(sheet):
        out = []
        for table in native._selector_entries(sheet.matcher):
            for test, *rest in table:
                out.append([code_key(test.__code__), repr(rest)])
        return out

    def describe(sheet):
        return [entries(sheet), repr(sheet.page_rules), repr(sheet.layers), sheet.base_url]

    same = None
    if {compare}:
        counters = CounterStyle()
        fresh = [
            CSS(string=html.UA, counter_style=counters),
            CSS(string=html.UA_FORM, counter_style=counters),
            CSS(string=html.PH),
        ]
        kept = [html.UA_STYLESHEET, html.UA_FORM_STYLESHEET, html.PH_STYLESHEET]
        same = [describe(a) == describe(b) for a, b in zip(kept, fresh)] + [
            repr(sorted(counters.items())) == repr(sorted(html.UA_COUNTER_STYLE.items())),
            len(entries(kept[0])) > 100,
        ]
    print(json.dumps({{"kept": native.report().stylesheets, "same": same}}))
    """
)


def _stylesheets(cache_dir: Path, compare: bool = False) -> dict[str, Any]:
    env = {**os.environ, cache.CACHE_ENV: str(cache_dir)}
    return _last_json(STYLESHEETS.format(compare=compare), env)


@pytest.mark.slow
def test_kept_stylesheets_are_what_weasyprint_parses(tmp_path: Path) -> None:
    assert _stylesheets(tmp_path)["kept"] == "parsed and kept, parsed and kept, parsed and kept"
    second = _stylesheets(tmp_path, compare=True)
    assert second["kept"] == "kept, kept, kept"
    assert second["same"] == [True] * 5


@pytest.mark.slow
def test_a_tampered_stylesheet_entry_runs_nothing_and_is_parsed_over(tmp_path: Path) -> None:
    import pickle

    assert _stylesheets(tmp_path)["kept"].startswith("parsed and kept")
    entries = sorted((tmp_path).glob("stylesheets-*/*.pickle"), key=lambda p: p.stat().st_size)
    flag = tmp_path / "planted-code-ran"
    entries[-1].write_bytes(pickle.dumps((_Planted(flag), {})))
    again = _stylesheets(tmp_path)
    assert again["kept"] == "parsed and kept, kept, kept"  # the big one refused and parsed
    assert not flag.exists()


def test_only_selectors_as_cssselect2_compiles_them_are_read_back() -> None:
    """A kept selector is code; one that names anything but the element, its helpers, a few
    built-ins and loop variables, or reaches an attribute with an underscore, is refused."""
    fine = [
        "lambda el: (el.local_name == 'a') and ('href' in el.etree_element.attrib)",
        "lambda el: any(ancestor.local_name == 'ul' for ancestor in el.ancestors)",
        "lambda el: el.etree_element.get('type', \"\").lower() == '_x'",
        "lambda el: next(el.previous_siblings, None) is None",
    ]
    native._check_selector_sources(fine)
    for bad in [
        "lambda el: open('/tmp/x', 'w')",
        "lambda el: __import__('os').system('true')",
        "lambda el: el.__class__",
        "lambda el: el.etree_element._children",
        "lambda el: (lambda: exec('1'))()",
        "lambda el: 'a' and eval('1')",
        "lambda x: True",
    ]:
        with pytest.raises(ValueError, match="compiled selector"):
            native._check_selector_sources([*fine, bad])


@pytest.mark.slow
def test_pycparser_imported_first_takes_the_parser_and_renders_the_same(
    tmp_path: Path, plain_run: tuple[bytes, dict[str, Any]]
) -> None:
    """The declarations are kept only where pycparser is not loaded yet (its lazy import is
    part of the gain); otherwise cffi parses as it always does."""
    pdf, run = _run(tmp_path, "pycparser", setup="import pycparser")
    assert run["cffi_declarations"] == "plain: pycparser was imported already, or is not found"
    assert run["stylesheets"] == "parsed and kept, parsed and kept, parsed and kept"
    assert pdf == plain_run[0]


# Imports WeasyPrint in a fresh interpreter with the cache in CACHE and prints what its C
# declarations came from, whether pycparser ran, and (with compare) whether the parser's
# declarations are, type by type and field by field, what a fresh parse of the same source
# makes.
DECLARATIONS = textwrap.dedent(
    """    import json, sys
    from toolkit.formats import native
    native.import_weasyprint()
    from weasyprint.text.ffi import ffi
    ran = "pycparser.c_parser" in sys.modules

    def describe(value, seen):
        if isinstance(value, (list, tuple)):
            return [describe(v, seen) for v in value]
        if type(value).__module__ == "cffi.model":
            if id(value) in seen:
                return ["seen", value._get_c_name()]
            seen.add(id(value))
            fields = sorted(vars(value).items())
            return [type(value).__name__, {{k: describe(v, seen) for k, v in fields}}]
        return repr(value)

    same = None
    if {compare}:
        import cffi
        fresh = cffi.FFI()
        fresh.cdef(ffi._cdefsources[0])
        ours, theirs = ffi._parser, fresh._parser
        same = all(
            describe(getattr(ours, a), set()) == describe(getattr(theirs, a), set())
            for a in native._PARSER_STATE
        ) and sorted(ours._declarations) == sorted(theirs._declarations)
    print(json.dumps({{"kept": native.report().cffi_declarations, "ran": ran, "same": same}}))
    """
)


def _declarations(cache_dir: Path, compare: bool = False) -> dict[str, Any]:
    env = {**os.environ, cache.CACHE_ENV: str(cache_dir)}
    return _last_json(DECLARATIONS.format(compare=compare), env)


@pytest.mark.slow
def test_kept_declarations_are_what_cffis_parser_makes(tmp_path: Path) -> None:
    assert _declarations(tmp_path)["kept"] == "parsed and kept"
    second = _declarations(tmp_path, compare=True)
    assert second["kept"] == "kept"
    assert second["same"] is True


class _Planted:
    """Pickles as a call to a function that leaves a file behind."""

    def __init__(self, flag: Path) -> None:
        self.flag = flag

    def __reduce__(self) -> tuple[Any, ...]:
        return (Path.touch, (self.flag,))


@pytest.mark.slow
def test_a_tampered_declarations_entry_runs_nothing_and_is_parsed_over(tmp_path: Path) -> None:
    import pickle

    assert _declarations(tmp_path)["kept"] == "parsed and kept"
    (entry,) = (tmp_path).glob("cffi-*/declarations-*.pickle")
    flag = tmp_path / "planted-code-ran"
    entry.write_bytes(pickle.dumps(({}, {}, 0, set(), _Planted(flag))))
    again = _declarations(tmp_path)
    assert again["kept"] == "parsed and kept"  # refused, parsed, and the entry written anew
    assert not flag.exists()
    assert _declarations(tmp_path)["kept"] == "kept"


# WeasyPrint's type strings (from a render and from its sources), and shapes left to cffi
CFFI_TYPES = [
    "PangoFcFontMap *",
    "FcChar8 **",
    "char[]",
    "char[4]",
    "PangoRectangle *",
    "PangoLogAttr[]",
    "unsigned int *",
    "hb_tag_t[100]",
    "hb_codepoint_t[46]",
    "int *",
    "double *",
    "PangoLayoutIter *",
    "hb_blob_t *",
]
LEFT_TO_CFFI = ["void *", "struct _not_declared *", "int (*)(int)", "char[2][3]", "unknown_t *"]


def test_simple_type_names_build_what_cffis_parser_builds() -> None:
    native.import_weasyprint()
    from weasyprint.text.ffi import ffi

    parser = ffi._parser
    real = type(parser).parse_type.__get__(parser)  # the parser's own, not the shortcut
    for cdecl in CFFI_TYPES:
        fast = native.simple_type(parser, cdecl)
        assert fast is not None, cdecl
        assert fast == real(cdecl), cdecl
    for cdecl in LEFT_TO_CFFI:
        assert native.simple_type(parser, cdecl) is None, cdecl


# --- the cycle collector during start-up ------------------------------------------------------

# Runs the console script's entry (toolkit.cli.run) with ARGS in a fresh interpreter and, from
# an exit handler (run's quick exit calls them), prints the collector's state at the end.
CONSOLE = textwrap.dedent(
    """\
    import atexit, gc, json, sys
    atexit.register(lambda: print(json.dumps(
        {{"enabled": gc.isenabled(), "frozen": gc.get_freeze_count()}}
    )))
    sys.argv = ["toolkit", *{args!r}]
    from toolkit.cli import run
    run()
    """
)


def _console(*args: str) -> dict[str, Any]:
    return _last_json(CONSOLE.format(args=list(args)), {**os.environ, "NO_COLOR": "1"})


@pytest.mark.slow
def test_the_console_script_collects_again_once_it_lays_out_pages(tmp_path: Path) -> None:
    """Paused for start-up, collection is back (with start-up's objects frozen) by the time
    a PDF's pages are laid out, and the PDF is the one the library makes with collection
    running all along."""
    out = tmp_path / "out"
    state = _console("resume", str(EXAMPLE), "-f", "pdf", "--out", str(out))
    assert state["enabled"] is True
    assert state["frozen"] > 10_000  # start-up's objects, never walked again

    import toolkit

    made = next(out.rglob("resume.pdf")).read_bytes()
    profile = toolkit.load_profile(EXAMPLE)
    expected = toolkit.render(profile, "resume", "pdf")
    assert made == expected


def test_a_command_that_lays_out_nothing_runs_without_collection(tmp_path: Path) -> None:
    state = _console("resume", str(EXAMPLE), "-f", "md", "--out", str(tmp_path / "o"))
    assert state == {"enabled": False, "frozen": 0}


def test_a_long_running_command_collects_from_its_start(tmp_path: Path) -> None:
    """A batch (like --watch and serve) runs long: collection resumes before its work."""
    (tmp_path / "batch.yaml").write_text(
        f"profiles: [{EXAMPLE}]\nkinds: [resume]\nformats: [md]\n", encoding="utf-8"
    )
    state = _console("batch", str(tmp_path / "batch.yaml"), "--out", str(tmp_path / "o"))
    assert state["enabled"] is True


def test_a_library_caller_is_never_paused() -> None:
    """pause() is the console script's; for an app importing the package, resume() (called
    by the PDF format) neither freezes its objects nor turns collection on or off."""
    import gc

    from toolkit import collector

    before = gc.get_freeze_count()
    assert gc.isenabled()
    assert not collector.paused()
    native.import_weasyprint()
    collector.resume()
    assert gc.isenabled()
    assert gc.get_freeze_count() == before
