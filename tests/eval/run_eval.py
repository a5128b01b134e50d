"""``make eval``: run the toolkit over the real-world corpus in ``../shared/eval``.

The corpus lives outside the repository (real people's files may not be copied in), so this
is not part of the test suite: it skips, with exit code 0, when the folder is absent. Set
``EVAL_DIR`` to use another corpus folder (the one holding ``jsonresume/``).

Each section is a function ``eval_<section>(root) -> Summary``; :func:`main` runs them all.
A file that fails with located errors is acceptable behaviour on junk input; a crash (any
other exception) or a round trip that changes the profile fails the eval (exit code 1).

Run it from the project root: ``python -m tests.eval.run_eval [--verbose]``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import toolkit
from toolkit.interop.jsonresume import profile_to_jsonresume

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_EVAL_DIR = PROJECT_ROOT.parent / "shared" / "eval"


@dataclass
class Summary:
    """Counts of one eval section (or of all of them, added together)."""

    imported: int = 0
    located: int = 0
    """Files refused with located errors (acceptable on junk input)."""
    crashed: int = 0
    mismatched: int = 0
    """Files whose round trip gave a different result."""
    unlocated: int = 0
    """Errors without a line number (reported, not fatal)."""
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether the eval passes: nothing crashed and every round trip held."""
        return not self.crashed and not self.mismatched

    def __add__(self, other: Summary) -> Summary:
        return Summary(
            self.imported + other.imported,
            self.located + other.located,
            self.crashed + other.crashed,
            self.mismatched + other.mismatched,
            self.unlocated + other.unlocated,
            self.failures + other.failures,
        )

    def line(self, section: str) -> str:
        """The closing line of a section."""
        files = self.imported + self.located + self.crashed
        text = (
            f"{section}: {files} files: {self.imported} imported, {self.located} failed "
            f"with located errors, {self.crashed} crashed, {self.mismatched} round-trip "
            "mismatches"
        )
        if self.unlocated:
            text += f", {self.unlocated} errors without a line"
        return text


def _differences(before: Any, after: Any, path: str = "") -> list[str]:
    """Field paths where two plain-data trees differ."""
    if isinstance(before, dict) and isinstance(after, dict):
        out: list[str] = []
        for key in sorted(set(before) | set(after), key=str):
            out += _differences(before.get(key), after.get(key), f"{path}.{key}".lstrip("."))
        return out
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        return [
            d
            for i, (b, a) in enumerate(zip(before, after, strict=True))
            for d in _differences(b, a, f"{path}[{i}]")
        ]
    return [] if before == after else [path or "<root>"]


def _round_trip(profile: toolkit.Profile) -> list[str]:
    """Export as JSON Resume (private entries kept), import again; the paths that changed."""
    exported = profile_to_jsonresume(profile, include_private=True)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "round-trip.resume.json"
        path.write_text(json.dumps(exported, ensure_ascii=False, indent=2), encoding="utf-8")
        again = toolkit.read_profile(path).value
    if again == profile:
        return []
    return _differences(profile.model_dump(mode="json"), again.model_dump(mode="json")) or [
        "<equal data, unequal models>"
    ]


def eval_jsonresume(root: Path, *, verbose: bool = False) -> Summary:
    """Import every ``root/jsonresume/*.json`` and check that each one round-trips.

    Args:
        root: the eval corpus folder (``../shared/eval``).
        verbose: also print the warnings of files that import.
    """
    summary = Summary()
    for path in sorted((root / "jsonresume").glob("*.json")):
        name = path.name
        try:
            loaded = toolkit.read_profile(path)
        except toolkit.InputError as exc:
            summary.located += 1
            errors = exc.errors
            print(f"fail {name}  {len(errors)} located errors")
            for issue in exc.issues:
                print(f"       {issue}")
            unlocated = sum(1 for issue in errors if issue.line is None)
            summary.unlocated += unlocated
            continue
        except toolkit.NotFoundError as exc:
            summary.located += 1
            print(f"fail {name}  {exc}")
            continue
        except Exception:
            summary.crashed += 1
            summary.failures.append(name)
            print(f"CRASH {name}")
            print(traceback.format_exc().rstrip())
            continue
        summary.imported += 1
        profile = loaded.value
        print(f"ok   {name}  {profile.summary_line()}  ({len(loaded.warnings)} warnings)")
        if verbose:
            for issue in loaded.warnings:
                print(f"       {issue}")
        try:
            changed = _round_trip(profile)
        except Exception:
            summary.crashed += 1
            summary.failures.append(name)
            print(f"CRASH {name}  in the round trip")
            print(traceback.format_exc().rstrip())
            continue
        if changed:
            summary.mismatched += 1
            summary.failures.append(name)
            print(f"MISMATCH {name}  JSON Resume round trip changed: {', '.join(changed)}")
        try:
            problems = _render_and_read_back(profile)
        except Exception:
            summary.crashed += 1
            summary.failures.append(name)
            print(f"CRASH {name}  while rendering the resume")
            print(traceback.format_exc().rstrip())
            continue
        if problems:
            summary.mismatched += 1
            summary.failures.append(name)
            for problem in problems:
                print(f"LOST {name}  {problem}")
    return summary


def _render_and_read_back(profile: toolkit.Profile) -> list[str]:
    """Render the resume in every format; what a parser cannot read back from PDF and DOCX."""
    from toolkit.pipeline import render_context
    from toolkit.pipeline.check import read_back

    ctx = toolkit.build_context(profile, "resume")
    files = {fmt: render_context(ctx, fmt) for fmt in ("pdf", "docx", "html", "md", "txt")}
    lost = read_back(profile, ctx, {"pdf": files["pdf"], "docx": files["docx"]})
    return [f"{issue.message}: {issue.value}" for issue in lost]


def _eval_root() -> Path:
    env = os.environ.get("EVAL_DIR")
    return Path(env) if env else DEFAULT_EVAL_DIR


def main(argv: list[str] | None = None) -> int:
    """Run every eval section and return the exit code (1 on a crash or a mismatch)."""
    parser = argparse.ArgumentParser(prog="python -m tests.eval.run_eval", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="list warnings too")
    args = parser.parse_args(argv)
    root = _eval_root()
    if not root.is_dir():
        where = "../shared/eval" if "EVAL_DIR" not in os.environ else str(root)
        print(f"eval: {where} not found, skipped")
        return 0
    total = Summary()
    sections = [("jsonresume", eval_jsonresume)]
    for section, run in sections:
        if not (root / section).is_dir():
            print(f"eval {section}: {root / section} not found, skipped")
            continue
        print(f"== {section}")
        summary = run(root, verbose=args.verbose)
        print(summary.line(f"eval {section}"))
        total += summary
    failed = not total.ok
    if (root / "postings").is_dir():
        from tests.eval.postings_eval import eval_postings

        print("== postings")
        result = eval_postings(root, verbose=args.verbose)
        if not result.get("ok", True):
            failed = True
            total.failures.extend(str(f) for f in result.get("failures", []))
        from tests.eval.tailoring_eval import eval_tailoring

        print("== tailoring (never adds a claim)")
        tailoring = eval_tailoring(root)
        if not tailoring["ok"]:
            failed = True
            total.failures.extend(tailoring["failures"])
    print("== matching (our labelled sets: tests/testdata/matching)")
    from tests.matching_scores import report

    text, _ = report()
    print(text if args.verbose else text.split("\n\n")[-1])
    if (root / "postings").is_dir():
        print("== matching the real postings (example profiles)")
        print(_real_posting_scores(root))
    if failed:
        print(f"eval FAILED: {', '.join(total.failures)}")
        return 1
    return 0


def _real_posting_scores(root: Path) -> str:
    """Each example profile's match score on each real posting (the corpus's text only)."""
    from tests.eval.postings_eval import posting_text
    from toolkit.matching.match import match_profile
    from toolkit.roles import load_pack

    profiles = sorted((PROJECT_ROOT / "examples").glob("*.yaml"))
    loaded = [(p.stem, toolkit.load_profile(p)) for p in profiles]
    lines = [f"{'posting':<40}" + "".join(f"  {name[:18]:>18}" for name, _ in loaded)]
    for path in sorted((root / "postings").glob("*.txt")):
        job = toolkit.load_job(posting_text(path.read_text(encoding="utf-8")))
        pack = load_pack(job.role or "medical-records-specialist")
        scores = [match_profile(prof, job, pack).score for _, prof in loaded]
        lines.append(f"{path.stem[:40]:<40}" + "".join(f"  {s:>18}" for s in scores))
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
