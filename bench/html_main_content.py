"""Which reader finds a saved page's posting best: the toolkit's, or a boilerplate remover.

Usage::

    python bench/html_main_content.py [--lib-python PATH] [--old-markup FILE] [--repeat N]
                                      [--pages DIR] [--detail]

Each reader reads the labelled pages of ``tests/testdata/html_pages/`` (``NN_name.html`` with
``NN_name.expected.yaml``: ``content`` lines a reader should keep, ``chrome`` text it must
not) and is scored on **content recall** (the share of content lines kept) and **chrome
precision** (the share of chrome lines absent), with its time per page and on three hostile
pages of about 1 MB (tags never closed, ``<p `` runs that never end a tag, elements nested
100,000 deep). Readers:

- ``toolkit``: :func:`toolkit.postings.markup._parse_html` (the page's body text; the HTML
  reader's JSON-LD choice left out, as the other readers have none), and ``toolkit, full
  reader``: :func:`toolkit.postings.readers.read_posting_text`.
- ``old toolkit``: with ``--old-markup FILE``, an earlier ``markup.py`` (e.g. ``git show
  HEAD~1:toolkit/postings/markup.py > /tmp/old_markup.py``).
- ``lxml, whole body``: every visible text of the body, nothing removed but scripts and
  styles: what there is to remove.
- ``trafilatura`` (defaults, and ``favor_recall``), ``justext`` (English stop words; with
  its defaults and with settings for short paragraphs) and ``readability-lxml``: run by
  ``--lib-python``, a scratch venv (e.g. ``python3 -m venv /tmp/htmlbench &&
  /tmp/htmlbench/bin/pip install trafilatura justext readability-lxml``), never the
  project's. A library that is not installed there is skipped, with
  a note. The table also gives each library's installed size with its dependencies.

Every reader runs in its own process (one per hostile page too, with a time limit), so a
reader that hangs costs only its own cells. Nothing is fetched: the pages are local strings.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import json
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "testdata" / "html_pages"
HOSTILE_SECONDS = 60.0

HOSTILE: dict[str, Callable[[], str]] = {
    "unclosed 1 MB": lambda: "<div><p><li><b><i>x " * 45_000,
    "<p runs 1 MB": lambda: "<p " * 340_000,
    "nested 100k": lambda: "<div>" * 100_000 + "<p>Coder</p>" + "</div>" * 100_000,
}
"""Pages on which a parser can go quadratic, or deeper than it can follow."""

PROJECT_READERS = ("toolkit", "toolkit, full reader", "old toolkit", "lxml, whole body")
LIBRARY_READERS = {
    "trafilatura": "trafilatura",
    "trafilatura, favor_recall": "trafilatura",
    "justext": "jusText",
    "justext, short paragraphs": "jusText",
    "readability-lxml": "readability-lxml",
}
"""Reader -> the distribution it needs (for its size)."""


# --- the readers (run inside a worker process) ----------------------------------------------


def _lines_of_html(fragment: str) -> str:
    """Text of an HTML fragment (a library's output), a line per block, with lxml."""
    import lxml.html

    if not fragment.strip():
        return ""
    root = lxml.html.fromstring(fragment)
    for element in root.iter("br", "p", "div", "li", "h1", "h2", "h3", "h4", "tr", "td"):
        element.tail = "\n" + (element.tail or "")
    return str(root.text_content())


def _make_reader(name: str, old_markup: str | None) -> Callable[[str], str]:
    if name == "toolkit":
        from toolkit.postings.markup import _parse_html
        from toolkit.postings.raw import _render

        return lambda page: "\n".join(_render(_parse_html(page, None).blocks))
    if name == "toolkit, full reader":
        from toolkit.errors import InputError
        from toolkit.postings.readers import read_posting_text

        def full(page: str) -> str:
            try:
                return read_posting_text(page, format="html").text
            except InputError:
                return ""

        return full
    if name == "old toolkit":
        if not old_markup:
            raise ImportError("no --old-markup file given")
        from toolkit.postings.raw import _render

        spec = importlib.util.spec_from_file_location("old_markup", old_markup)
        if spec is None or spec.loader is None:
            raise ImportError(f"cannot load {old_markup}")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return lambda page: "\n".join(_render(module._parse_html(page, None).blocks))
    if name == "lxml, whole body":
        import lxml.html

        def whole(page: str) -> str:
            parser = lxml.html.HTMLParser(no_network=True, remove_comments=True)
            root = lxml.html.document_fromstring(page.encode("utf-8"), parser=parser)
            for element in root.iter("script", "style", "head"):
                element.drop_tree()
            return _lines_of_html(lxml.html.tostring(root, encoding="unicode"))

        return whole
    if name.startswith("trafilatura"):
        import trafilatura

        recall = name.endswith("favor_recall")

        def traf(page: str) -> str:
            found = trafilatura.extract(
                page, include_tables=True, include_comments=False, favor_recall=recall
            )
            return found or ""

        return traf
    if name.startswith("justext"):
        import justext

        stoplist = justext.get_stoplist("English")
        # its defaults want paragraphs of 200 characters; a posting's lines are shorter
        short = (
            {"length_low": 10, "length_high": 50, "stopwords_low": 0.1, "stopwords_high": 0.2}
            if name.endswith("short paragraphs")
            else {}
        )

        def just(page: str) -> str:
            paragraphs = justext.justext(page.encode("utf-8"), stoplist, encoding="utf-8", **short)
            return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)

        return just
    if name == "readability-lxml":
        from readability import Document

        return lambda page: _lines_of_html(Document(page).summary(html_partial=True))
    raise ImportError(f"unknown reader {name}")


def _installed_size(distribution: str) -> tuple[float, list[str]]:
    """Megabytes on disk of a distribution and its installed dependencies, and their names."""
    seen: dict[str, float] = {}
    todo = [distribution]
    while todo:
        name = todo.pop()
        key = name.lower().replace("_", "-")
        if key in seen:
            continue
        try:
            dist = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            continue
        size = 0
        for file in dist.files or []:
            path = Path(str(file.locate()))
            if path.is_file():
                size += path.stat().st_size
        seen[key] = size / 1e6
        for requirement in dist.requires or []:
            if "extra ==" in requirement:
                continue
            match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement)
            if match:
                todo.append(match.group())
    deps = sorted(k for k in seen if k != distribution.lower().replace("_", "-"))
    return sum(seen.values()), deps


def _worker(args: argparse.Namespace) -> None:
    try:
        read = _make_reader(args.worker, args.old_markup)
    except ImportError as exc:
        print(json.dumps({"skipped": f"not installed here ({exc})"}))
        return
    if args.hostile:
        page = HOSTILE[args.hostile]()
        started = time.perf_counter()
        text = read(page)
        print(json.dumps({"seconds": time.perf_counter() - started, "chars": len(text)}))
        return
    pages = json.loads(Path(args.input).read_text(encoding="utf-8"))
    texts: dict[str, str] = {}
    ms: dict[str, float] = {}
    for name, page in pages.items():
        read(page)  # warm: imports, caches
        best = float("inf")
        for _ in range(args.repeat):
            started = time.perf_counter()
            texts[name] = read(page)
            best = min(best, time.perf_counter() - started)
        ms[name] = 1000 * best
    result: dict[str, Any] = {"texts": texts, "ms": ms}
    distribution = LIBRARY_READERS.get(args.worker)
    if distribution:
        result["size"] = _installed_size(distribution)
    print(json.dumps(result))


# --- scoring (the main process) -------------------------------------------------------------


def _normal(text: str) -> str:
    return " ".join(text.split())


def _labels(page: Path) -> dict[str, list[str]]:
    """``content`` and ``chrome`` lists of a page's labels (a flat YAML of two lists)."""
    labels: dict[str, list[str]] = {"content": [], "chrome": []}
    key = None
    for line in page.with_suffix(".expected.yaml").read_text(encoding="utf-8").splitlines():
        if re.match(r"^(content|chrome):\s*$", line):
            key = line.split(":")[0]
        elif key and line.startswith("  - "):
            value = line[4:].strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            labels[key].append(value)
    return labels


def _run(python: str, args: list[str], timeout: float) -> dict[str, Any]:
    try:
        done = subprocess.run(
            [python, __file__, *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=ROOT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"timeout": timeout}
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "?"}
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lib-python", default=sys.executable, help="python with the libraries")
    parser.add_argument("--old-markup", help="an earlier toolkit/postings/markup.py to compare")
    parser.add_argument("--repeat", type=int, default=5, help="runs per page (the best counts)")
    parser.add_argument("--detail", action="store_true", help="list every miss, page by page")
    parser.add_argument("--pages", type=Path, default=PAGES, help="a folder of labelled pages")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--input", help=argparse.SUPPRESS)
    parser.add_argument("--hostile", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        _worker(args)
        return

    pages = sorted(args.pages.glob("*.html"))
    labels = {p.name: _labels(p) for p in pages}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as f:
        json.dump({p.name: p.read_text(encoding="utf-8") for p in pages}, f)
        corpus = f.name
    extra = ["--old-markup", args.old_markup] if args.old_markup else []
    rows: list[str] = []
    notes: list[str] = []
    details: list[str] = []
    for reader in (*PROJECT_READERS, *LIBRARY_READERS):
        python = sys.executable if reader in PROJECT_READERS else args.lib_python
        common = ["--worker", reader, *extra]
        result = _run(python, [*common, "--input", corpus, "--repeat", str(args.repeat)], 600)
        if "skipped" in result or "error" in result or "timeout" in result:
            notes.append(f"{reader}: skipped, {result.get('skipped') or result}")
            continue
        kept = found = clean = junk = 0
        full_pages = clean_pages = 0
        for name, text in result["texts"].items():
            normal = _normal(text)
            missing = [c for c in labels[name]["content"] if _normal(c) not in normal]
            present = [c for c in labels[name]["chrome"] if _normal(c) in normal]
            kept += len(labels[name]["content"]) - len(missing)
            found += len(labels[name]["content"])
            junk += len(present)
            clean += len(labels[name]["chrome"])
            full_pages += not missing
            clean_pages += not present
            if args.detail and (missing or present):
                details.append(f"- {reader} / {name}: missing {missing}; chrome {present}")
        hostile = []
        for case in HOSTILE:
            timed = _run(python, [*common, "--hostile", case], HOSTILE_SECONDS)
            if "seconds" in timed:
                hostile.append(f"{timed['seconds']:.2f} s ({timed['chars']:,} chars)")
            elif "timeout" in timed:
                hostile.append(f"> {HOSTILE_SECONDS:.0f} s")
            else:
                hostile.append(f"error: {timed.get('error')}"[:60])
        ms = sorted(result["ms"].values())
        size = result.get("size")
        footprint = f"{size[0]:.1f} MB, {len(size[1])} deps" if size else "(project)"
        rows.append(
            f"| {reader} | {kept / found:.2f} | {1 - junk / clean:.2f} | {full_pages}/{len(pages)} "
            f"| {clean_pages}/{len(pages)} | {sum(ms) / len(ms):.1f} | "
            + " | ".join(hostile)
            + f" | {footprint} |"
        )
        if size:
            notes.append(f"{reader}: {size[0]:.1f} MB with {', '.join(size[1]) or 'no deps'}")
    Path(corpus).unlink()
    print(
        "| reader | content recall | chrome precision | pages all content | pages no chrome "
        "| ms/page | " + " | ".join(HOSTILE) + " | installed |"
    )
    print("|---" * (7 + len(HOSTILE)) + "|")
    print("\n".join(rows))
    for note in notes:
        print(f"\n- {note}", end="")
    print()
    if details:
        print("\n" + "\n".join(details))


if __name__ == "__main__":
    main()
