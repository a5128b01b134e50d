"""Score the matcher against our labels: evidence cases and candidate rankings.

``tests/testdata/matching/evidence_cases.yaml`` (and ``holdout_cases.yaml``, written later by
someone who had not seen the matcher) pairs one requirement with a small profile and
says which profile lines are evidence for it, which only look like it, and the status a
recruiter would give. ``tests/testdata/matching/ranking.yaml`` lists, per posting, candidates in
the order a recruiter would shortlist them, and postings of other professions on which every
listed profile must score low. Shared by ``tests/test_match_quality.py`` and ``make eval``.

Evidence is scored as a recruiter reads the match: the line the matcher shows for a
requirement is *right* when it is one of the labelled evidence lines, *wrong* when it is not
(a trap or an unrelated line). Evidence precision is right / shown; recall is right / cases
that have evidence. A *wrong met* is a requirement shown as met that the labels call missing.
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
MATCHING = ROOT / "tests" / "testdata" / "matching"
TODAY = date(2026, 12, 1)
UNRELATED_CEILING = 15


@functools.cache
def _packs() -> tuple[Any, ...]:
    from toolkit.roles import load_pack, pack_ids

    return tuple(load_pack(p) for p in pack_ids())


def load_cases(path: Path = MATCHING / "evidence_cases.yaml") -> list[dict[str, Any]]:
    """The evidence cases."""
    data: list[dict[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


@dataclass
class CaseResult:
    """One evidence case as the matcher saw it."""

    id: str
    expected: str
    status: str
    evidence: str | None
    right: bool | None
    """None when no evidence line was shown."""
    has_evidence: bool
    reason: str = ""


def run_case(case: dict[str, Any]) -> CaseResult:
    """Match one case's profile against its one requirement."""
    import toolkit
    from toolkit.matching.match import match_profile
    from toolkit.postings.extract import choose_pack, extract

    req = case["requirement"]
    profile = toolkit.parse_profile(case["profile"])
    text = f"Requirements\n- {req['text']}\n"
    pack = choose_pack(req["text"] + "\n" + case["profile"], list(_packs()))
    job = extract(text, pack)
    reqs = [r for r in job.requirements if r.kind != "responsibility"]
    if not reqs:
        return CaseResult(case["id"], case["expected_status"], "unread", None, None, False)
    first = reqs[0].model_copy(update={"kind": req["kind"], "importance": req["importance"]})
    job = job.model_copy(update={"requirements": [first]})
    result = match_profile(profile, job, pack, today=TODAY)
    evidence_labels = case.get("evidence") or []
    if not result.items:  # a condition: to confirm, never evidence
        return CaseResult(
            case["id"], case["expected_status"], "condition", None, None, bool(evidence_labels)
        )
    item = result.items[0]
    shown = item.evidence.text if item.evidence is not None else None
    right = None if shown is None else any(e in shown or shown in e for e in evidence_labels)
    return CaseResult(
        case["id"],
        case["expected_status"],
        item.status,
        shown,
        right,
        bool(evidence_labels),
        item.reason,
    )


def evidence_totals(results: list[CaseResult]) -> dict[str, tuple[int, int]]:
    """Evidence precision and recall, status agreement, wrong "met"s."""
    shown = [r for r in results if r.right is not None]
    return {
        "evidence precision": (sum(1 for r in shown if r.right), len(shown)),
        "evidence recall": (
            sum(1 for r in results if r.has_evidence and r.right),
            sum(1 for r in results if r.has_evidence),
        ),
        "status agreement": (sum(1 for r in results if r.status == r.expected), len(results)),
        "wrong met": (
            sum(1 for r in results if r.status == "met" and r.expected == "missing"),
            sum(1 for r in results if r.expected == "missing"),
        ),
    }


@dataclass
class GroupResult:
    """One ranking group: each profile's score, in the labelled order."""

    posting: str
    scores: list[tuple[str, int]]
    unrelated: bool
    pairs: tuple[int, int] = (0, 0)
    """(pairs ranked right, pairs)."""
    problems: list[str] = field(default_factory=list)


def _profile_path(name: str) -> Path:
    return ROOT / name if name.startswith("examples/") else MATCHING / name


def run_group(group: dict[str, Any]) -> GroupResult:
    """Score every profile of a group on its posting."""
    import toolkit
    from toolkit.matching.match import match_profile
    from toolkit.roles import load_pack

    posting = ROOT / group["posting"] if not group["posting"].startswith("/") else group["posting"]
    job = toolkit.load_job(Path(posting))
    pack = load_pack(job.role or "medical-records-specialist")
    unrelated = bool(group.get("unrelated"))
    names = group["profiles"] if unrelated else group["ranking"]
    scores = []
    for name in names:
        profile = toolkit.load_profile(_profile_path(name))
        scores.append((name, match_profile(profile, job, pack, today=TODAY).score))
    result = GroupResult(group["posting"], scores, unrelated)
    if unrelated:
        high = [(n, s) for n, s in scores if s > UNRELATED_CEILING]
        result.pairs = (len(scores) - len(high), len(scores))
        result.problems = [f"{n} scores {s} on an unrelated posting" for n, s in high]
        return result
    right = 0
    total = 0
    for (a, sa), (b, sb) in itertools.combinations(scores, 2):
        total += 1
        if sa > sb:
            right += 1
        else:
            result.problems.append(f"{a} ({sa}) should outrank {b} ({sb})")
    result.pairs = (right, total)
    return result


def ranking_totals(results: list[GroupResult]) -> dict[str, tuple[int, int]]:
    """Pairwise ranking accuracy, and unrelated postings kept low."""
    ranked = [r for r in results if not r.unrelated]
    unrelated = [r for r in results if r.unrelated]
    return {
        "ranking pairs right": (sum(r.pairs[0] for r in ranked), sum(r.pairs[1] for r in ranked)),
        "unrelated kept low": (
            sum(r.pairs[0] for r in unrelated),
            sum(r.pairs[1] for r in unrelated),
        ),
    }


def load_groups(path: Path = MATCHING / "ranking.yaml") -> list[dict[str, Any]]:
    """The ranking groups."""
    data: list[dict[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


HOLDOUT = MATCHING / "holdout_cases.yaml"
"""30 evidence cases written by someone who had not seen the matcher's rules, after them."""


def report() -> tuple[str, dict[str, tuple[int, int]]]:
    """Every problem, then the totals (the held-out cases' as ``held out: …``)."""
    cases = [run_case(c) for c in load_cases()]
    held = [run_case(c) for c in load_cases(HOLDOUT)]
    groups = [run_group(g) for g in load_groups()]
    lines: list[str] = []
    for r in [*cases, *held]:
        if r.status != r.expected or r.right is False:
            shown = f"; shows {r.evidence!r}" if r.evidence else ""
            verdict = "" if r.right is not False else " WRONG EVIDENCE"
            lines.append(f"case {r.id}: {r.status}, expected {r.expected}{verdict}{shown}")
    for g in groups:
        lines += [f"{Path(g.posting).name}: {p}" for p in g.problems]
    totals = {
        **evidence_totals(cases),
        **ranking_totals(groups),
        **{f"held out: {k}": v for k, v in evidence_totals(held).items()},
    }
    lines.append("")
    for name, (num, den) in totals.items():
        lines.append(f"{name:<32} {num:>4}/{den:<4} {num / den if den else 1:7.1%}")
    return "\n".join(lines), totals


if __name__ == "__main__":
    print(report()[0])
