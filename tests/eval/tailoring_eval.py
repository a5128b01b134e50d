"""``make eval``: tailoring every example profile to every real posting adds nothing."""

from __future__ import annotations

import re
import traceback
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import toolkit
from toolkit.formats.txt import resume_text as render_text
from toolkit.matching.tailor import tailor
from toolkit.models.options import DocumentOptions
from toolkit.models.posting import JobPosting
from toolkit.pipeline import build_context
from toolkit.roles import pack_for

EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples"


def _numbers(text: str) -> Counter[str]:
    return Counter(re.findall(r"\d[\d,.%]*\d|\d", text))


def _posting_text(path: Path) -> str:
    lines = path.read_text("utf-8").splitlines()
    for i, line in enumerate(lines):
        if line.strip() and set(line.strip()) == {"="}:
            return "\n".join(lines[i + 1 :])
    return "\n".join(lines)


def added_claims(
    profile: toolkit.Profile, job: JobPosting, *, today: date | None = None
) -> list[str]:
    """What ``profile`` tailored to ``job`` claims that the profile does not (empty when
    nothing): the rule that tailoring chooses and orders, never adds. tests/test_tailoring.py
    runs it on the examples and the test postings, ``make eval`` on real postings."""
    result = tailor(profile, job, pack_for(None, job))
    t = result.profile
    problems = []
    if [(j.employer, j.title, j.start, j.end) for j in t.experience] != [
        (j.employer, j.title, j.start, j.end) for j in profile.experience
    ]:
        problems.append("jobs changed")
    for a, b in zip(profile.experience, t.experience, strict=True):
        if sorted(h.text for h in a.highlights) != sorted(h.text for h in b.highlights):
            problems.append(f"bullets of {a.employer} changed")
    if sorted((g.name, tuple(sorted(g.keywords))) for g in t.skills) != sorted(
        (g.name, tuple(sorted(g.keywords))) for g in profile.skills
    ):
        problems.append("skills changed")
    if t.credentials != profile.credentials or t.education != profile.education:
        problems.append("credentials or education changed")
    if t.basics.summary not in {profile.basics.summary, *profile.basics.summaries.values()}:
        problems.append("summary is not one of the profile's")
    everything = render_text(
        build_context(
            profile, "resume", DocumentOptions(include_private=True, document_date=today)
        ),
        wrap=0,
    ) + "\n".join(profile.basics.summaries.values())
    text_out = render_text(build_context(t, "resume", DocumentOptions(document_date=today)), wrap=0)
    extra = _numbers(text_out) - _numbers(everything)
    if extra:
        problems.append(f"numbers not in the profile: {dict(extra)}")
    return problems


def check(profile: toolkit.Profile, text: str) -> list[str]:
    """:func:`added_claims` for a posting's text."""
    return added_claims(profile, toolkit.load_job(text))


def eval_tailoring(root: Path) -> dict[str, Any]:
    """Tailor each example profile to each posting in ``root/postings``; print any claim added."""
    profiles = [toolkit.load_profile(p) for p in sorted(EXAMPLES.glob("*.yaml"))]
    pairs = failures = crashes = 0
    for path in sorted((root / "postings").glob("*.txt")):
        text = _posting_text(path)
        for profile in profiles:
            pairs += 1
            try:
                problems = check(profile, text)
            except toolkit.ToolkitError as exc:
                problems = [f"refused: {exc}"]
            except Exception:
                crashes += 1
                print(f"CRASH {path.name} x {profile.basics.name}")
                print(traceback.format_exc().rstrip())
                continue
            if problems:
                failures += 1
                print(f"ADDED {path.name} x {profile.basics.name}: {'; '.join(problems)}")
    print(
        f"eval tailoring: {pairs} profile x posting pairs, {failures} added a claim, "
        f"{crashes} crashed"
    )
    return {
        "ok": failures == 0 and crashes == 0,
        "failures": [] if failures == 0 and crashes == 0 else ["tailoring"],
    }
