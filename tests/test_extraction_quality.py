"""How well the job-posting extractor reads hand-written postings of every common shape.

Each ``tests/testdata/postings/NN_name.(txt|md)`` has a ``NN_name.expected.yaml`` written by
hand: the credential groups the posting asks for, every requirement statement a recruiter
would list (not the duties) with its importance, and the header fields. :func:`measure` loads
every posting with :func:`toolkit.load_job` and scores the output against them:

* credential groups: a found group matches an expected one when the set of ids and the
  importance are both equal; precision and recall over all fixtures together;
* requirement statements (``job.qualifications``): matched one-to-one, greedily, when the
  Jaccard overlap of their content words is at least :data:`MATCH_THRESHOLD`; precision,
  recall, and the share of matched statements whose importance is right;
* title, employer, pay and years (exact-ish), plus location, work mode, pack terms and the
  number of duties, which are reported but have no floor.

The floors in :data:`FLOORS` are what the extractor should meet. When it falls below one, do
not lower the floor: fix the extractor or report the failing fixtures (the assertion message
lists what was missed). To see the whole table::

    python -m tests.test_extraction_quality
    pytest tests/test_extraction_quality.py -s       # the table without the details
"""

from __future__ import annotations

import functools
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

FIXTURES = Path(__file__).resolve().parent / "testdata" / "postings"

MATCH_THRESHOLD = 0.5
"""Jaccard overlap of content words at or above which two requirement statements match."""

FLOORS: dict[str, float] = {
    "credential_recall": 0.9,
    "credential_precision": 0.85,
    "requirement_recall": 0.75,
    "requirement_precision": 0.7,
    "importance_accuracy": 0.85,
    "title": 0.8,
    "employer": 0.8,
    "pay": 0.8,
    "years": 0.8,
}

FIELDS = ("title", "employer", "pay", "years", "location", "work_mode")
"""Header fields checked per fixture; only those in :data:`FLOORS` are asserted."""

# --- comparing statements -------------------------------------------------------------------

_FUNCTION_WORDS = (
    "a an and are as at be been being by can for from has have in into is it its of on or our "
    "such that the their this to we who will with within you your yours than then there these "
    "those which would should able also any all per etc e g ie i"
)
_IMPORTANCE_CUES = (  # the importance is scored on its own
    "required require requires requirement preferred prefer preference preferably must "
    "essential desirable desired plus strongly highly ideally nice bonus asset minimum least"
)
_STOPWORDS = frozenset(f"{_FUNCTION_WORDS} {_IMPORTANCE_CUES}".split())
_NUMBER_WORDS = {
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
}


def _norm_word(word: str) -> str:
    word = _NUMBER_WORDS.get(word, word)
    if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return word


def content_words(text: str) -> frozenset[str]:
    """The words of a statement that carry its meaning: lower case, no punctuation, no
    function words or importance cues, number words as digits, plural ``s`` dropped."""
    words = re.split(r"[^0-9a-z]+", text.lower().replace("'", ""))
    return frozenset(_norm_word(w) for w in words if w and w not in _STOPWORDS)


def jaccard(a: str, b: str) -> float:
    """Overlap of the content words of two statements (0 when either has none)."""
    wa, wb = content_words(a), content_words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / len(wa | wb)


def match_statements(expected: list[str], found: list[str]) -> list[tuple[int, int, float]]:
    """One-to-one greedy matching, best overlap first: ``(expected index, found index, score)``."""
    pairs = sorted(
        (
            (score, i, j)
            for i, e in enumerate(expected)
            for j, f in enumerate(found)
            if (score := jaccard(e, f)) >= MATCH_THRESHOLD
        ),
        key=lambda p: (-p[0], p[1], p[2]),
    )
    used_e: set[int] = set()
    used_f: set[int] = set()
    out: list[tuple[int, int, float]] = []
    for score, i, j in pairs:
        if i in used_e or j in used_f:
            continue
        used_e.add(i)
        used_f.add(j)
        out.append((i, j, score))
    return sorted(out)


def _norm_text(text: str | None) -> str:
    return " ".join(re.split(r"[^0-9a-z]+", (text or "").lower())).strip()


def close_text(expected: str | None, found: str | None) -> bool:
    """Exact-ish: equal after normalising case and punctuation, or one holds the other and the
    shorter has at least half the words of the longer."""
    e, f = _norm_text(expected), _norm_text(found)
    if not e or not f:
        return e == f
    if e == f:
        return True
    short, long_ = sorted((e, f), key=len)
    return f" {short} " in f" {long_} " and len(short.split()) * 2 >= len(long_.split())


def close_pay(expected: dict[str, Any] | None, found: Any) -> bool:
    """Same min, max and period (and currency, when the expectation names one)."""
    if expected is None or found is None:
        return expected is None and found is None

    def same(a: float | None, b: float | None) -> bool:
        return (a is None and b is None) or (
            a is not None and b is not None and abs(float(a) - float(b)) < 0.01
        )

    return (
        same(expected.get("min"), found.min)
        and same(expected.get("max"), found.max)
        and expected.get("period") == found.period
        and ("currency" not in expected or expected["currency"] == found.currency)
    )


def _pay_text(pay: Any) -> str:
    if pay is None:
        return "None"
    if isinstance(pay, dict):
        return f"{pay.get('min')}-{pay.get('max')}/{pay.get('period')} {pay.get('currency', '')}"
    return f"{pay.min}-{pay.max}/{pay.period} {pay.currency}"


# --- fixtures -------------------------------------------------------------------------------


def fixture_paths(root: Path = FIXTURES) -> list[Path]:
    """Every posting that has an ``.expected.yaml`` beside it."""
    return sorted(
        p for p in root.iterdir() if p.suffix in (".txt", ".md") and _expected_path(p).is_file()
    )


def _expected_path(posting: Path) -> Path:
    return posting.with_name(posting.stem + ".expected.yaml")


def load_expected(posting: Path) -> dict[str, Any]:
    """The hand-written expectation of a posting."""
    data: dict[str, Any] = yaml.safe_load(_expected_path(posting).read_text(encoding="utf-8"))
    return data


# --- measuring ------------------------------------------------------------------------------

CredentialGroup = tuple[frozenset[str], str | None]


@dataclass
class FixtureResult:
    """What the extractor got right and wrong on one fixture."""

    name: str
    role: str | None = None
    error: str | None = None
    cred_expected: list[CredentialGroup] = field(default_factory=list)
    cred_found: list[CredentialGroup] = field(default_factory=list)
    req_expected: list[tuple[str, str]] = field(default_factory=list)
    req_found: list[tuple[str, str]] = field(default_factory=list)
    req_matches: list[tuple[int, int, float]] = field(default_factory=list)
    fields: dict[str, tuple[bool, str, str]] = field(default_factory=dict)
    """field -> (ok, expected as text, found as text)."""
    terms_expected: list[str] = field(default_factory=list)
    terms_found: list[str] = field(default_factory=list)
    responsibilities: tuple[int, int] = (0, 0)
    """(expected, found)."""

    @property
    def cred_matched(self) -> int:
        return len(set(self.cred_expected) & set(self.cred_found))

    @property
    def importance_right(self) -> int:
        return sum(
            1 for i, j, _ in self.req_matches if self.req_expected[i][1] == self.req_found[j][1]
        )

    def problems(self) -> list[str]:
        """What went wrong, one line each, for the report and assertion messages."""
        if self.error:
            return [f"CRASH: {self.error}"]
        out: list[str] = []
        exp, got = set(self.cred_expected), set(self.cred_found)
        for ids, imp in self.cred_expected:
            if (ids, imp) not in got:
                out.append(f"missed credential group {sorted(ids)} ({imp})")
        for ids, imp in self.cred_found:
            if (ids, imp) not in exp:
                out.append(f"extra credential group {sorted(ids)} ({imp})")
        matched_e = {i for i, _, _ in self.req_matches}
        matched_f = {j for _, j, _ in self.req_matches}
        for i, (text, imp) in enumerate(self.req_expected):
            if i not in matched_e:
                out.append(f"missed requirement ({imp}): {text!r}")
        for j, (text, imp) in enumerate(self.req_found):
            if j not in matched_f:
                out.append(f"extra requirement ({imp}): {text!r}")
        for i, j, _ in self.req_matches:
            if self.req_expected[i][1] != self.req_found[j][1]:
                out.append(
                    f"importance {self.req_found[j][1]}, expected {self.req_expected[i][1]}: "
                    f"{self.req_found[j][0]!r}"
                )
        for name, (ok, want, got_text) in self.fields.items():
            if not ok:
                out.append(f"{name}: expected {want!r}, found {got_text!r}")
        missing_terms = [t for t in self.terms_expected if t not in self.terms_found]
        if missing_terms:
            out.append(f"terms not found: {', '.join(missing_terms)}")
        exp_r, got_r = self.responsibilities
        if exp_r != got_r:
            out.append(f"responsibilities: expected {exp_r}, found {got_r}")
        return out


def _found_credentials(job: Any) -> list[CredentialGroup]:
    """The credential groups of ``job.credentials``, each with the importance of the
    statement it came from (None when no statement carries it)."""
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


def _found_years(job: Any) -> float | None:
    """The experience floor: the largest years figure among the required statements."""
    years = [
        r.years for r in job.qualifications if r.importance == "required" and r.years is not None
    ]
    return max(years) if years else None


def _pack_term_ids(role: str | None) -> set[str] | None:
    if role is None:
        return None
    from toolkit.roles import load_pack

    pack = load_pack(role)
    return {s.id for s in pack.skills} | {s.id for s in pack.systems}


def measure_fixture(posting: Path) -> FixtureResult:
    """Load one posting and compare it with its expectation."""
    load_job = _load_job()
    assert load_job is not None, "toolkit.load_job is not available"
    expected = load_expected(posting)
    result = FixtureResult(posting.name)
    result.cred_expected = [
        (frozenset(g["any_of"]), g["importance"]) for g in expected.get("credentials") or []
    ]
    result.req_expected = [(r["text"], r["importance"]) for r in expected["requirements"]]
    try:
        job = load_job(posting, role=expected.get("role"))
    except Exception as exc:  # a crash is a result too: report it, do not stop the run
        result.error = f"{type(exc).__name__}: {exc}"
        return result
    result.role = job.role
    result.cred_found = _found_credentials(job)
    result.req_found = [(r.text, r.importance) for r in job.qualifications]
    result.req_matches = match_statements(
        [t for t, _ in result.req_expected], [t for t, _ in result.req_found]
    )
    years = _found_years(job)
    result.fields = {
        "title": (
            close_text(expected["title"], job.title),
            expected["title"],
            str(job.title),
        ),
        "employer": (
            close_text(expected["employer"], job.employer),
            expected["employer"],
            str(job.employer),
        ),
        "pay": (
            close_pay(expected["pay"], job.pay),
            _pay_text(expected["pay"]),
            _pay_text(job.pay),
        ),
        "years": (
            (expected["years"] is None and years is None)
            or (
                years is not None
                and expected["years"] is not None
                and abs(float(expected["years"]) - years) < 0.01
            ),
            str(expected["years"]),
            str(years),
        ),
        "location": (
            close_text(expected["location"], job.location),
            str(expected["location"]),
            str(job.location),
        ),
        "work_mode": (
            expected["work_mode"] == job.work_mode,
            str(expected["work_mode"]),
            str(job.work_mode),
        ),
    }
    known = _pack_term_ids(job.role)
    result.terms_expected = [t for t in expected.get("terms") or [] if known is None or t in known]
    result.terms_found = list(job.keywords)
    result.responsibilities = (expected.get("responsibilities") or 0, len(job.responsibilities))
    return result


def _ratio(num: int, den: int) -> float:
    return num / den if den else 1.0


def measure(root: Path = FIXTURES) -> dict[str, Any]:
    """Score the extractor on every fixture.

    Returns ``{"fixtures": [FixtureResult …], "scores": {name: ratio}, "counts": {name:
    (numerator, denominator)}}``, the scores micro-averaged over all fixtures.
    """
    results = [measure_fixture(p) for p in fixture_paths(root)]
    ok = [r for r in results if not r.error]
    counts: dict[str, tuple[int, int]] = {
        "credential_recall": (
            sum(r.cred_matched for r in results),
            sum(len(r.cred_expected) for r in results),
        ),
        "credential_precision": (
            sum(r.cred_matched for r in ok),
            sum(len(r.cred_found) for r in ok),
        ),
        "requirement_recall": (
            sum(len(r.req_matches) for r in results),
            sum(len(r.req_expected) for r in results),
        ),
        "requirement_precision": (
            sum(len(r.req_matches) for r in ok),
            sum(len(r.req_found) for r in ok),
        ),
        "importance_accuracy": (
            sum(r.importance_right for r in ok),
            sum(len(r.req_matches) for r in ok),
        ),
        "terms_recall": (
            sum(len(set(r.terms_expected) & set(r.terms_found)) for r in ok),
            sum(len(r.terms_expected) for r in results),
        ),
        "responsibilities_exact": (
            sum(1 for r in ok if r.responsibilities[0] == r.responsibilities[1]),
            len(results),
        ),
    }
    for name in FIELDS:
        counts[name] = (sum(1 for r in ok if r.fields[name][0]), len(results))
    counts["crashes"] = (len(results) - len(ok), len(results))
    scores = {name: _ratio(*c) for name, c in counts.items()}
    return {"fixtures": results, "scores": scores, "counts": counts}


def report(measured: dict[str, Any], *, details: bool = True) -> str:
    """The summary table (and, with ``details``, each fixture's problems) as text."""
    results: list[FixtureResult] = measured["fixtures"]
    width = max([len(r.name) for r in results] + [7])
    head = (
        f"{'fixture':<{width}}  {'role':<5} {'cred P':>6} {'cred R':>6} {'req P':>6} "
        f"{'req R':>6} {'imp':>6} {'terms':>6} {'duty':>5}  fields"
    )
    lines = [head, "-" * len(head)]
    for r in results:
        if r.error:
            lines.append(f"{r.name:<{width}}  CRASH {r.error}")
            continue
        role = "coder" if r.role == "medical-coder" else "mrs"
        bad = [name for name in FIELDS if not r.fields[name][0]]
        terms_hit = len(set(r.terms_expected) & set(r.terms_found))
        lines.append(
            f"{r.name:<{width}}  {role:<5} "
            f"{f'{r.cred_matched}/{len(r.cred_found)}':>6} "
            f"{f'{r.cred_matched}/{len(r.cred_expected)}':>6} "
            f"{f'{len(r.req_matches)}/{len(r.req_found)}':>6} "
            f"{f'{len(r.req_matches)}/{len(r.req_expected)}':>6} "
            f"{f'{r.importance_right}/{len(r.req_matches)}':>6} "
            f"{f'{terms_hit}/{len(r.terms_expected)}':>6} "
            f"{f'{r.responsibilities[1]}/{r.responsibilities[0]}':>5}  "
            + ("ok" if not bad else "wrong: " + ", ".join(bad))
        )
    lines.append("")
    for name, (num, den) in measured["counts"].items():
        floor = FLOORS.get(name)
        ratio = measured["scores"][name]
        verdict = ""
        if floor is not None:
            verdict = f"   floor {floor:.2f}  " + ("ok" if ratio >= floor else "BELOW")
        lines.append(f"{name:<24} {num:>4}/{den:<4} {ratio:6.2f}{verdict}")
    if details:
        for r in results:
            problems = r.problems()
            if problems:
                lines.append("")
                lines.append(f"== {r.name} ({r.role})")
                lines += [f"   {p}" for p in problems]
    return "\n".join(lines)


# --- tests ----------------------------------------------------------------------------------


def _load_job() -> Any:
    """``toolkit.load_job`` (or, until it is exported, the extractor module's), else None."""
    try:
        import toolkit

        return toolkit.load_job
    except (ImportError, AttributeError):
        pass
    try:
        from toolkit.postings.extract import load_job

        return load_job
    except (ImportError, AttributeError):
        return None


_skip_without_extractor = pytest.mark.skipif(
    _load_job() is None, reason="toolkit.load_job is not available yet"
)


def needs_extractor(test: Any) -> Any:
    """Skipped until the extractor exists; slow (every fixture is read once, ~20 s)."""
    return pytest.mark.slow(_skip_without_extractor(test))


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


def _flat(text: str) -> str:
    return re.sub(r"[-\u2013/]", " ", text)


def _names(text: str, spelling: str, *, case: bool = False) -> bool:
    """Whether ``text`` writes ``spelling`` as whole words (hyphens and slashes as spaces)."""
    flat = _flat
    pattern = r"(?<![\w])" + re.escape(flat(spelling)) + r"(?![\w])"
    return re.search(pattern, flat(text), 0 if case else re.IGNORECASE) is not None


@pytest.mark.parametrize("posting", fixture_paths(), ids=lambda p: p.stem)
def test_fixture_is_well_formed(posting: Path) -> None:
    """The expectation is complete and names only things the posting and the packs hold."""
    text = posting.read_text(encoding="utf-8")
    expected = load_expected(posting)
    assert set(expected) >= {
        "title",
        "employer",
        "location",
        "work_mode",
        "pay",
        "credentials",
        "years",
        "requirements",
        "responsibilities",
        "terms",
    }, "expectation keys"
    assert 150 <= len(text.split()) <= 400, f"{len(text.split())} words"
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
    for term in expected["terms"] or []:
        spellings = next((terms[r][term] for r in roles if term in terms[r]), None)
        assert spellings is not None, f"unknown term id {term}"
        assert any(_names(text, s) for s in spellings), f"term {term} is not named in the posting"
    posting_words = content_words(text)
    for req in expected["requirements"]:
        assert req["importance"] in ("required", "preferred")
        missing = content_words(req["text"]) - posting_words
        assert not missing, f"requirement words not in the posting: {missing} ({req['text']!r})"


def test_enough_fixtures() -> None:
    assert len(fixture_paths()) >= 10


def _floor_message(name: str, problems_filter: str) -> str:
    measured = _measured()
    lines = [
        f"{name} = {measured['scores'][name]:.3f} "
        f"({measured['counts'][name][0]}/{measured['counts'][name][1]}), floor {FLOORS[name]}"
    ]
    for r in measured["fixtures"]:
        relevant = [p for p in r.problems() if problems_filter in p or p.startswith("CRASH")]
        if relevant:
            lines.append(f"{r.name}:")
            lines += [f"  {p}" for p in relevant]
    return "\n".join(lines)


@needs_extractor
def test_no_fixture_crashes() -> None:
    crashed = [f"{r.name}: {r.error}" for r in _measured()["fixtures"] if r.error]
    assert not crashed, "\n".join(crashed)


@needs_extractor
@pytest.mark.parametrize(
    ("score", "problems"),
    [
        ("credential_recall", "missed credential"),
        ("credential_precision", "extra credential"),
        ("requirement_recall", "missed requirement"),
        ("requirement_precision", "extra requirement"),
        ("importance_accuracy", "importance "),
        ("title", "title:"),
        ("employer", "employer:"),
        ("pay", "pay:"),
        ("years", "years:"),
    ],
)
def test_floor(score: str, problems: str) -> None:
    assert _measured()["scores"][score] >= FLOORS[score], _floor_message(score, problems)


@needs_extractor
def test_print_report() -> None:
    """Prints the table (visible with ``pytest -s``); never fails on its own."""
    print()
    print(report(_measured(), details=False))


def main() -> int:
    """Print the table and every fixture's problems; exit 1 when a floor is not met."""
    if _load_job() is None:
        print("toolkit.load_job is not available yet")
        return 1
    measured = measure()
    print(report(measured))
    below = [name for name, floor in FLOORS.items() if measured["scores"][name] < floor]
    crashed = measured["counts"]["crashes"][0]
    return 1 if below or crashed else 0


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
