"""How well the posting reader reads postings of every shape we know, against our labels.

Each ``tests/testdata/postings/NN_name.<ext>`` (text, Markdown, HTML, JSON-LD, job-schema JSON,
DOCX, PDF) has a hand-written ``NN_name.expected.yaml`` (the format: ``LABELS.md`` there): the
header fields as stated, every requirement statement with its importance and kind, the credential
groups, the number of duties and the pack terms. :mod:`tests.posting_scores` scores a reading
against them; this module adds the credential groups and the floors.

The floors in :data:`FLOORS` are what the reader meets now; :data:`GOALS` are the issue's
targets (title and employer right in 95% of the postings that state them, location and pay in
90%, no wrong value in more than 2%, requirement precision 90% and recall 85%, no junk). When a
score falls below its floor, fix the reader, do not lower the floor. To see the whole table::

    python -m tests.test_extraction_quality          # with every fixture's problems
"""

from __future__ import annotations

import functools
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

import pytest
import yaml

from tests.posting_scores import (
    HEADER_FIELDS,
    Scored,
    content_words,
    ratio,
    score,
    table,
    totals,
)
from toolkit.models.posting import RequirementKind

FIXTURES = Path(__file__).resolve().parent / "testdata" / "postings"
HELD_OUT = Path(__file__).resolve().parent / "testdata" / "postings_holdout"
"""Twelve more postings, written and labelled after the reader by someone who had not seen its
rules (first run: requirement precision 80%, recall 82%); measured with the others since."""
SUFFIXES = (".txt", ".md", ".html", ".json", ".jsonld", ".docx", ".pdf")

GOALS: dict[str, float] = {
    "title right": 0.95,
    "employer right": 0.95,
    "location right": 0.90,
    "pay right": 0.90,
    "requirement precision": 0.90,
    "requirement recall": 0.85,
}
"""The issue's targets (wrong values: at most 2% per field; junk requirements: none)."""
WRONG_GOAL = 0.02

FLOORS: dict[str, float] = {
    "title right": 0.95,
    "employer right": 0.95,
    "location right": 0.92,
    "pay right": 0.95,
    "work_mode right": 0.90,
    "employment_type right": 0.93,
    "grade right": 0.80,
    "closing_date right": 0.92,
    "requirement precision": 0.96,
    "requirement recall": 0.96,
    "importance right": 0.95,
    "kind right": 0.95,
    "credential recall": 0.95,
    "credential precision": 0.88,
}
"""What the reader meets on our fixtures now (a floor, not the goal)."""
WRONG_FLOOR = 0.03
"""No field may be wrong in more postings than this share (the goal is 2%: one posting in 36
is 2.8%)."""


def fixture_paths(*roots: Path) -> list[Path]:
    """Every posting that has an ``.expected.yaml`` beside it (ours and the held-out ones)."""
    return sorted(
        p
        for root in roots or (FIXTURES, HELD_OUT)
        for p in root.iterdir()
        if p.suffix in SUFFIXES and _expected_path(p).is_file()
    )


def _expected_path(posting: Path) -> Path:
    return posting.with_name(posting.stem + ".expected.yaml")


def load_expected(posting: Path) -> dict[str, Any]:
    """The hand-written labels of a posting."""
    data: dict[str, Any] = yaml.safe_load(_expected_path(posting).read_text(encoding="utf-8"))
    return data


def posting_text(posting: Path) -> str:
    """The posting's text as the reader sees it (for checking labels against it)."""
    from toolkit.postings.readers import read_posting

    return read_posting(posting).text


CredentialGroup = tuple[frozenset[str], str | None]


@dataclass
class Result:
    """A fixture scored: fields and statements (:class:`Scored`) plus credential groups."""

    scored: Scored
    cred_expected: list[CredentialGroup]
    cred_found: list[CredentialGroup]

    @property
    def cred_matched(self) -> int:
        return len(set(self.cred_expected) & set(self.cred_found))

    def problems(self) -> list[str]:
        out = self.scored.problems()
        exp, got = set(self.cred_expected), set(self.cred_found)
        out += [f"missed credential group {sorted(i)} ({m})" for i, m in exp - got]
        out += [f"extra credential group {sorted(i)} ({m})" for i, m in got - exp]
        return out


def _found_credentials(job: Any) -> list[CredentialGroup]:
    """The credential groups of ``job``, each with the importance of its statement."""
    out: list[CredentialGroup] = []
    for req in job.requirements:
        for group in req.credentials:
            item = (frozenset(group), req.importance)
            if item not in out:
                out.append(item)
    for group in job.credentials:
        if not any(ids == frozenset(group) for ids, _ in out):
            out.append((frozenset(group), None))
    return out


def measure_fixture(posting: Path) -> Result:
    """Read one posting and score it against its labels."""
    from toolkit.postings.extract import load_job

    expected = load_expected(posting)
    creds = [(frozenset(g["any_of"]), g["importance"]) for g in expected.get("credentials") or []]
    try:
        job = load_job(posting, role=expected.get("role"))
    except Exception as exc:  # a crash is a result too: report it, do not stop the run
        return Result(Scored(posting.name, error=f"{type(exc).__name__}: {exc}"), creds, [])
    return Result(score(posting.name, expected, job), creds, _found_credentials(job))


def measure(*roots: Path) -> dict[str, Any]:
    """Score every fixture: ``{"fixtures": [Result …], "counts": {name: (num, den)}}``."""
    results = [measure_fixture(p) for p in fixture_paths(*roots)]
    counts = totals([r.scored for r in results])
    counts["credential recall"] = (
        sum(r.cred_matched for r in results),
        sum(len(r.cred_expected) for r in results),
    )
    counts["credential precision"] = (
        sum(r.cred_matched for r in results),
        sum(len(r.cred_found) for r in results),
    )
    return {"fixtures": results, "counts": counts}


def report(measured: dict[str, Any], *, details: bool = True) -> str:
    """The table, the totals against floors and goals, and (with ``details``) every problem."""
    results: list[Result] = measured["fixtures"]
    lines = [table([r.scored for r in results]), ""]
    for name, pair in measured["counts"].items():
        if name in FLOORS or name in GOALS:
            lines.append(
                f"{name:<24} {ratio(pair):6.1%}  floor {FLOORS.get(name, 0):.0%}"
                + (f"  goal {GOALS[name]:.0%}" if name in GOALS else "")
            )
    if details:
        for r in results:
            problems = r.problems()
            if problems:
                lines += ["", f"== {r.scored.name}", *(f"   {p}" for p in problems)]
    return "\n".join(lines)


@functools.cache
def _measured() -> dict[str, Any]:
    return measure()


def _all_pack_vocab() -> tuple[dict[str, dict[str, list[str]]], dict[str, dict[str, list[str]]]]:
    """Per pack: term id -> spellings, credential id -> spellings (abbreviation first)."""
    from toolkit.models.rolepack import Skill, System
    from toolkit.roles import load_pack

    terms: dict[str, dict[str, list[str]]] = {}
    creds: dict[str, dict[str, list[str]]] = {}
    for role in ("medical-records-specialist", "medical-coder"):
        pack = load_pack(role)
        terms[role] = {}
        items: list[Skill | System] = [*pack.skills, *pack.systems]
        for item in items:
            plain = re.sub(r"\s*\(.*?\)", "", item.name)
            inner = re.findall(r"\((.*?)\)", item.name)
            terms[role][item.id] = [
                item.name,
                plain,
                *inner,
                *item.aliases,
                item.id.replace("-", " "),
            ]
        creds[role] = {c.id: [c.abbreviation, c.name, *c.aliases] for c in pack.credentials}
    return terms, creds


def _names(text: str, spelling: str, *, case: bool = False) -> bool:
    """Whether ``text`` writes ``spelling`` as whole words (hyphens and slashes as spaces)."""

    def flat(t: str) -> str:
        return re.sub(r"[-\u2013/]", " ", t)

    pattern = r"(?<![\w])" + re.escape(flat(spelling)) + r"(?![\w])"
    return re.search(pattern, flat(text), 0 if case else re.IGNORECASE) is not None


KINDS = tuple(k for k in get_args(RequirementKind) if k not in ("qualification", "responsibility"))
"""The kinds a label may give (the reader's fallback and duties are not labels)."""
HEADER_KEYS = {
    "title", "grade", "employer", "location", "work_mode", "employment_type", "pay",
    "closing_date", "years", "credentials", "requirements", "responsibilities", "terms",
}  # fmt: skip


@pytest.mark.parametrize("posting", fixture_paths(), ids=lambda p: p.stem)
def test_fixture_is_well_formed(posting: Path) -> None:
    """The labels are complete and name only what the posting and the packs hold."""
    text = posting_text(posting)
    expected = load_expected(posting)
    assert set(expected) >= HEADER_KEYS, f"missing keys {HEADER_KEYS - set(expected)}"
    assert 100 <= len(text.split()) <= 800, f"{len(text.split())} words"
    assert expected["work_mode"] in ("remote", "hybrid", "on-site", None)
    if expected["pay"] is not None:
        assert expected["pay"]["period"] in ("year", "month", "week", "day", "hour")
    terms, creds = _all_pack_vocab()
    role = expected.get("role")
    roles = [role] if role else list(terms)
    for group in expected["credentials"] or []:
        assert group["importance"] in ("required", "preferred")
        for cid in group["any_of"]:
            spellings = next((creds[r][cid] for r in roles if cid in creds[r]), None)
            assert spellings is not None, f"unknown credential id {cid}"
            assert _names(text, spellings[0], case=True) or any(
                _names(text, s) for s in spellings[1:]
            ), f"credential {cid} is not named in the posting"
    posting_words = content_words(text)
    for req in expected["requirements"]:
        assert req["importance"] in ("required", "preferred")
        assert req["kind"] in KINDS, req
        missing = content_words(req["text"]) - posting_words
        assert not missing, f"requirement words not in the posting: {missing} ({req['text']!r})"


def test_enough_fixtures_in_every_shape() -> None:
    paths = fixture_paths(FIXTURES)
    assert len(paths) >= 30
    assert len(fixture_paths(HELD_OUT)) >= 12
    assert {p.suffix for p in paths} == set(SUFFIXES)


def test_no_fixture_crashes() -> None:
    crashed = [
        f"{r.scored.name}: {r.scored.error}" for r in _measured()["fixtures"] if r.scored.error
    ]
    assert not crashed, "\n".join(crashed)


def _problems(word: str) -> str:
    lines = []
    for r in _measured()["fixtures"]:
        relevant = [p for p in r.problems() if word in p or p.startswith("CRASH")]
        if relevant:
            lines += [f"{r.scored.name}:", *(f"  {p}" for p in relevant)]
    return "\n".join(lines)


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_floor(name: str) -> None:
    pair = _measured()["counts"][name]
    word = name.split()[0].replace("_", " ") if "requirement" not in name else "requirement"
    if name.startswith(
        (
            "title",
            "employer",
            "location",
            "pay",
            "work_mode",
            "employment_type",
            "grade",
            "closing_date",
        )
    ):
        word = name.split()[0] + " "
    assert ratio(pair) >= FLOORS[name], f"{name} {pair}: floor {FLOORS[name]}\n" + _problems(word)


@pytest.mark.parametrize("field", HEADER_FIELDS)
def test_few_wrong_values(field: str) -> None:
    """Empty is better than wrong: a wrong employer ends up in the letter's greeting."""
    pair = _measured()["counts"][f"{field} wrong"]
    assert ratio(pair) <= WRONG_FLOOR, f"{field} wrong in {pair}\n" + _problems(f"{field} wrong")


def test_no_junk_among_requirements() -> None:
    """Metadata, pay, benefits, legal notices and contacts are never requirements."""
    junk = [(r.scored.name, j) for r in _measured()["fixtures"] for j in r.scored.junk]
    assert not junk, junk


def test_print_report() -> None:
    """Prints the table (visible with ``pytest -s``); never fails on its own."""
    print()
    print(report(_measured(), details=False))


def main() -> int:
    """Print the table and every fixture's problems; exit 1 when a floor is not met."""
    measured = measure()
    print(report(measured))
    below = [n for n, floor in FLOORS.items() if ratio(measured["counts"][n]) < floor]
    return 1 if below or measured["counts"]["crashes"][0] else 0


if __name__ == "__main__":
    sys.exit(main())


@pytest.mark.parametrize("second_line", ["Description", "Job Description:", "Per Diem", "Share"])
def test_a_job_boards_label_under_the_title_is_not_the_employer(second_line: str) -> None:
    # a cover letter addressed to "Description" is worse than one with no employer
    from toolkit.postings.extract import extract
    from toolkit.roles import pack_for

    text = (
        f"Coding Specialist II\n{second_line}\nPay: $30 - $40 an hour\n\n"
        "What you will do\n- Abstract and code inpatient charts in ICD-10-CM.\n"
    )
    assert extract(text, pack_for()).employer is None
    named = text.replace(second_line, "Riverside Community Clinic", 1)
    assert extract(named, pack_for()).employer == "Riverside Community Clinic"


@pytest.mark.parametrize(
    ("after_title", "employer"),
    [
        ("County Health Department\nPublic Health Services", "County Health Department"),
        ("We are hiring a coder to join our team.", None),
        ("Grade: Band 5", None),
        ("Summary", None),
        ("- Code outpatient charts", None),
    ],
)
def test_the_employer_after_a_blank_line_under_the_title(
    after_title: str, employer: str | None
) -> None:
    from toolkit.postings.extract import extract
    from toolkit.roles import pack_for

    text = (
        f"Release of Information Specialist\n\n{after_title}\n\nDuties\n"
        "- Process requests for health records under HIPAA.\n"
    )
    assert extract(text, pack_for()).employer == employer
