"""Eval section ``postings``: read the real postings in ``../shared/eval/postings`` with
:func:`toolkit.load_job` and score the reading against our labels.

Each corpus file starts with metadata lines ``KEY: value`` (SOURCE, LICENCE, TITLE,
EMPLOYER, …) closed by a line of ``=`` characters; the posting text follows (the corpus's own
notes in it, "[EXCERPT ENDS HERE …]", are left out). ``*_PARTIAL.txt`` files hold only the
opening of a posting. The files are not copied into the repository: ``posting_labels.yaml``
beside this module holds our labels only (format: ``tests/testdata/postings/LABELS.md``).

The section prints, per posting and in total, header-field accuracy and requirement precision
and recall (:mod:`tests.posting_scores`), and checks the credentials a posting states: every
credential abbreviation of the built-in role packs written in the text should turn up in the
reader's credential groups. A toolkit error is a refusal; any other exception is a crash,
which fails the eval.

Run alone from the project root: ``python -m tests.eval.postings_eval [--verbose]``.
"""

from __future__ import annotations

import argparse
import functools
import os
import re
import sys
import traceback
from pathlib import Path
from typing import Any

import toolkit

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_EVAL_DIR = PROJECT_ROOT.parent / "shared" / "eval"
BUILT_IN_PACKS = ("medical-records-specialist", "medical-coder")

_RULE = re.compile(r"^={5,}\s*$")
_META = re.compile(r"^([A-Z][A-Z _/-]*[A-Z]):\s?(.*)$")


def _load_job() -> Any:
    """``toolkit.load_job`` (or, until it is exported, the extractor module's)."""
    try:
        return toolkit.load_job
    except AttributeError:
        from toolkit.postings.extract import load_job

        return load_job


def split_header(text: str) -> tuple[dict[str, str], str]:
    """The metadata of a corpus file and the posting text after the ``=====`` line.

    A file without the closing line is all posting. The keys are the header's, upper case
    (``TITLE``, ``EMPLOYER`` …); a line holding two pairs (``DATE POSTED: … VALID THROUGH:
    …``) is kept whole under its first key.
    """
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if _RULE.match(line):
            meta: dict[str, str] = {}
            for head in lines[:index]:
                found = _META.match(head.strip())
                if found:
                    meta.setdefault(found.group(1), found.group(2).strip())
            return meta, "\n".join(lines[index + 1 :]).strip("\n") + "\n"
    return {}, text


@functools.cache
def _abbreviations() -> dict[str, dict[str, str]]:
    """Per built-in pack: each credential abbreviation (and alias) as written -> credential id."""
    from toolkit.roles import load_pack

    out: dict[str, dict[str, str]] = {}
    for role in BUILT_IN_PACKS:
        spellings: dict[str, str] = {}
        for cred in load_pack(role).credentials:
            spellings[cred.abbreviation] = cred.id
            for alias in cred.aliases:
                spellings.setdefault(alias, cred.id)
        out[role] = spellings
    return out


def stated_abbreviations(text: str) -> list[str]:
    """The credential abbreviations of the built-in packs that the text writes, in order of
    first appearance: whole words, exact case. Longer abbreviations are taken first, so
    ``CCS-P`` is not also a ``CCS`` and ``CPC-A`` not a ``CPC``; ``CoC`` is not ``COC``."""
    abbreviations = sorted(
        {abbr for role in BUILT_IN_PACKS for abbr in _pack_abbreviations(role)},
        key=lambda a: (-len(a), a),
    )
    found: dict[str, int] = {}
    for abbr in abbreviations:
        pattern = re.compile(r"(?<![A-Za-z0-9])" + re.escape(abbr) + r"(?![A-Za-z0-9])")
        for match in pattern.finditer(text):
            found.setdefault(abbr, match.start())
        # hide it from the shorter abbreviations it contains
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)
    return sorted(found, key=found.__getitem__)


@functools.cache
def _pack_abbreviations(role: str) -> tuple[str, ...]:
    from toolkit.roles import load_pack

    return tuple(cred.abbreviation for cred in load_pack(role).credentials)


def _credential_id(abbr: str, role: str | None) -> str:
    """The id an abbreviation stands for in the pack the posting was read with (an alias there
    counts: the medical-records pack reads ``CPC-A`` as ``cpc``), else in any built-in pack."""
    spellings = _abbreviations()
    order = [role] if role in spellings else []
    order += [r for r in BUILT_IN_PACKS if r != role]
    for pack in order:
        if abbr in spellings[pack]:
            return spellings[pack][abbr]
    return abbr.lower()


LABELS = Path(__file__).resolve().parent / "posting_labels.yaml"
"""Our hand-written labels of the corpus postings (labels only; the texts stay in the corpus)."""

_CORPUS_NOTE = re.compile(r"^\[EXCERPT ENDS HERE.*$|\s*\[sic[^\]]*\]|\[\.\.\.\]", re.MULTILINE)
"""The corpus's own notes inside a posting text (where an excerpt ends, "[sic]" remarks)."""


def posting_text(text: str) -> str:
    """The posting of a corpus file: after the metadata, without the corpus's notes."""
    _, body = split_header(text)
    return _CORPUS_NOTE.sub("", body)


def load_labels(path: Path = LABELS) -> dict[str, Any]:
    """File name -> labels (``{}`` when the file is absent)."""
    import yaml

    if not path.is_file():
        return {}
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return data


def eval_postings(root: Path, *, verbose: bool = False) -> dict[str, Any]:
    """Read every ``root/postings/*.txt`` and score the reading against our labels.

    Prints, per posting, the header fields right and wrong and requirement precision and
    recall (with ``verbose``, every problem), then the totals: per field, right among the
    postings that state it and wrong among all; requirement precision and recall; importance
    and kind accuracy; junk requirements (metadata, pay, benefits, legal notices).

    Returns:
        ``files``, ``loaded``, ``refused``, ``crashed``, ``failures`` (crashed files),
        ``totals`` (name -> (numerator, denominator)), ``stated`` and ``stated_found``
        (credential abbreviations written and found) and ``ok`` (nothing crashed).
    """
    from tests.posting_scores import Scored, score, table, totals

    labels = load_labels()
    counts: dict[str, Any] = {
        "files": 0, "loaded": 0, "refused": 0, "crashed": 0, "failures": [],
        "stated": 0, "stated_found": 0,
    }  # fmt: skip
    load_job = _load_job()
    results: list[Scored] = []
    for path in sorted((root / "postings").glob("*.txt")):
        counts["files"] += 1
        name = path.name
        text = posting_text(path.read_text(encoding="utf-8"))
        try:
            job = load_job(text)
        except toolkit.ToolkitError as exc:
            counts["refused"] += 1
            print(f"fail {name}  {exc}")
            continue
        except Exception:
            counts["crashed"] += 1
            counts["failures"].append(name)
            print(f"CRASH {name}")
            print(traceback.format_exc().rstrip())
            results.append(Scored(name, error="crash"))
            continue
        counts["loaded"] += 1
        stated = stated_abbreviations(text)
        got = {cid for group in job.credentials for cid in group}
        found = [a for a in stated if _credential_id(a, job.role) in got]
        counts["stated"] += len(stated)
        counts["stated_found"] += len(found)
        if name in labels:
            results.append(score(name, labels[name], job))
        else:
            print(f"note {name}: no labels in {LABELS.name}")
    print(table(results))
    if verbose:
        for result in results:
            problems = result.problems()
            if problems:
                print(f"== {result.name}")
                for problem in problems:
                    print(f"   {problem}")
    counts["totals"] = totals(results)
    counts["ok"] = not counts["crashed"]
    print(summary_line(counts))
    return counts


def summary_line(counts: dict[str, Any]) -> str:
    """The closing line of the section."""
    t = counts.get("totals", {})

    def pct(name: str) -> str:
        num, den = t.get(name, (0, 0))
        return f"{num}/{den}"

    return (
        f"eval postings: {counts['files']} files: {counts['loaded']} read, "
        f"{counts['refused']} refused, {counts['crashed']} crashed; "
        f"title {pct('title right')} right ({pct('title wrong')} wrong), "
        f"employer {pct('employer right')} ({pct('employer wrong')} wrong), "
        f"location {pct('location right')} ({pct('location wrong')} wrong), "
        f"pay {pct('pay right')} ({pct('pay wrong')} wrong); "
        f"requirements precision {pct('requirement precision')}, "
        f"recall {pct('requirement recall')}, junk {pct('junk requirements')}; "
        f"stated credentials found: {counts['stated_found']} of {counts['stated']}"
    )


def main(argv: list[str] | None = None) -> int:
    """Run the section alone; exit code 1 when a posting crashed the extractor."""
    parser = argparse.ArgumentParser(prog="python -m tests.eval.postings_eval", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="list every requirement")
    args = parser.parse_args(argv)
    env = os.environ.get("EVAL_DIR")
    root = Path(env) if env else DEFAULT_EVAL_DIR
    if not (root / "postings").is_dir():
        print(f"eval postings: {root / 'postings'} not found, skipped")
        return 0
    counts = eval_postings(root, verbose=args.verbose)
    if not counts["ok"]:
        print(f"eval FAILED: {', '.join(counts['failures'])}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
