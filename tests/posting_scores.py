"""Score what the posting reader found against hand-written labels.

Shared by the test suite (our own fixtures in ``tests/testdata/postings``) and ``make eval``
(the real postings of ``../shared/eval/postings``, labelled in ``tests/eval/posting_labels.yaml``).
The label format is ``tests/testdata/postings/LABELS.md``.

Header fields are scored as a recruiter would: a field the posting states is *right*, *empty*
(not found) or *wrong*; a field it does not state is right when nothing is found and wrong
when something is. Requirement statements are matched one-to-one, greedily, when the Jaccard
overlap of their content words is at least :data:`MATCH_THRESHOLD`; precision, recall, and
among matched statements the share whose importance and kind are right. A found requirement
that matches no label and reads as job-board metadata, pay, benefits or a legal notice is
*junk*: the goal is zero.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

MATCH_THRESHOLD = 0.5
"""Jaccard overlap of content words at or above which two requirement statements match."""

HEADER_FIELDS = (
    "title",
    "grade",
    "employer",
    "location",
    "work_mode",
    "employment_type",
    "pay",
    "closing_date",
)

_FUNCTION_WORDS = (
    "a an and are as at be been being by can for from has have in into is it its of on or our "
    "such that the their this to we who will with within you your yours than then there these "
    "those which would should able also any all per etc e g ie i"
)
_IMPORTANCE_CUES = (
    "required require requires requirement preferred prefer preference preferably must "
    "essential desirable desired plus strongly highly ideally nice bonus asset minimum least"
)
_STOPWORDS = frozenset(f"{_FUNCTION_WORDS} {_IMPORTANCE_CUES}".split())
_NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10",
}  # fmt: skip

JUNK = re.compile(
    r"equal (?:employment )?opportunit|without regard|affirmative action|drug test\s*:|"
    r"relocation expenses|announcement number|control number|telework eligible|"
    r"security clearance|bargaining unit|financial disclosure|promotion potential|"
    r"appointment type|401\s*\(?k|paid time off|\bpto\b|dental|pension|annual leave|"
    r"privacy (?:policy|notice)|personal data|recruitment agenc|salary\s*:|pay range|"
    r"benefits (?:include|package)|informal visits|for further details|\[email removed\]|"
    r"\[phone removed\]|we thank all applicants|only those selected|career ladder",
    re.IGNORECASE,
)
"""What a requirement must never be: metadata, pay and benefits, legal notices, contacts."""


def _norm_word(word: str) -> str:
    word = _NUMBER_WORDS.get(word, word)
    if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return word


def content_words(text: str) -> frozenset[str]:
    """The words of a statement that carry its meaning."""
    words = re.split(r"[^0-9a-z]+", text.lower().replace("'", "").replace("\u2019", ""))
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
    text = (text or "").lower().replace("\u2019", "'")
    return " ".join(re.split(r"[^0-9a-z]+", text)).strip()


def close_text(expected: str | None, found: str | None) -> bool:
    """Equal after normalising case and punctuation, or one holds the other and the shorter
    has at least half the words of the longer."""
    e, f = _norm_text(expected), _norm_text(found)
    if not e or not f:
        return e == f
    if e == f:
        return True
    short, long_ = sorted((e, f), key=len)
    return f" {short} " in f" {long_} " and len(short.split()) * 2 >= len(long_.split())


def same_place(expected: str | None, found: str | None) -> bool:
    """The same place: one holds the other's first part (the city or site) as whole words."""
    if close_text(expected, found):
        return True
    e, f = _norm_text(expected), _norm_text(found)
    if not e or not f:
        return False
    e_city = _norm_text((expected or "").split(",")[0])
    f_city = _norm_text((found or "").split(",")[0])
    return bool(e_city and f_city) and (f" {e_city} " in f" {f} " or f" {f_city} " in f" {e} ")


def _amount(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) < 0.01


def same_pay(expected: dict[str, Any], found: Any) -> bool:
    """Same min, max, period and currency (a single figure may be min = max or max empty)."""
    exp_max = expected.get("max")
    if exp_max is None:
        exp_max = expected.get("min")
    found_max = found.max if found.max is not None else found.min
    return (
        _amount(expected.get("min"), found.min)
        and _amount(exp_max, found_max)
        and expected.get("period") == found.period
        and expected.get("currency", "USD") == found.currency
    )


def _field_value(job: Any, name: str) -> Any:
    return getattr(job, name, None)


def field_verdict(name: str, expected: Any, found: Any) -> str:
    """``right``, ``empty`` (stated, not found), ``wrong``, or ``right`` for an unstated field
    left empty."""
    if expected is None:
        return "right" if found is None else "wrong"
    if found is None:
        return "empty"
    if name == "pay":
        return "right" if same_pay(expected, found) else "wrong"
    if name == "location":
        return "right" if same_place(str(expected), str(found)) else "wrong"
    if name == "closing_date":
        want = expected if isinstance(expected, date) else date.fromisoformat(str(expected))
        return "right" if want == found else "wrong"
    if name in ("work_mode", "employment_type"):
        return "right" if str(expected) == str(found) else "wrong"
    if name == "grade":
        return (
            "right"
            if _norm_text(str(expected)).replace(" ", "") == _norm_text(str(found)).replace(" ", "")
            else "wrong"
        )
    return "right" if close_text(str(expected), str(found)) else "wrong"


def show(value: Any) -> str:
    """A field's value for a report line."""
    if value is None:
        return "None"
    if isinstance(value, dict):
        currency = value.get("currency", "USD")
        return f"{value.get('min')}-{value.get('max')} {currency}/{value.get('period')}"
    if hasattr(value, "min") and hasattr(value, "currency"):
        return f"{value.min}-{value.max} {value.currency}/{value.period}"
    return str(value)


@dataclass
class Scored:
    """One posting scored against its labels."""

    name: str
    error: str | None = None
    fields: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    """field -> (verdict, expected, found)."""
    req_expected: list[dict[str, Any]] = field(default_factory=list)
    req_found: list[tuple[str, str, str]] = field(default_factory=list)
    """(text, importance, kind) of each found requirement."""
    matches: list[tuple[int, int, float]] = field(default_factory=list)
    duties: tuple[int, int] = (0, 0)

    @property
    def importance_right(self) -> int:
        return sum(
            1
            for i, j, _ in self.matches
            if self.req_expected[i]["importance"] == self.req_found[j][1]
        )

    @property
    def kind_right(self) -> int:
        return sum(
            1
            for i, j, _ in self.matches
            if self.req_expected[i].get("kind") == self.req_found[j][2]
        )

    @property
    def junk(self) -> list[str]:
        matched = {j for _, j, _ in self.matches}
        return [
            text
            for j, (text, _, _) in enumerate(self.req_found)
            if j not in matched and JUNK.search(text)
        ]

    def problems(self) -> list[str]:
        """What went wrong, one line each."""
        if self.error:
            return [f"CRASH: {self.error}"]
        out: list[str] = []
        for name, (verdict, want, got) in self.fields.items():
            if verdict != "right":
                out.append(f"{name} {verdict}: expected {want!r}, found {got!r}")
        matched_e = {i for i, _, _ in self.matches}
        matched_f = {j for _, j, _ in self.matches}
        for i, req in enumerate(self.req_expected):
            if i not in matched_e:
                out.append(f"missed requirement ({req['importance']}): {req['text']!r}")
        for j, (text, importance, _) in enumerate(self.req_found):
            if j not in matched_f:
                out.append(f"extra requirement ({importance}): {text!r}")
        for i, j, _ in self.matches:
            want = self.req_expected[i]
            text, importance, kind = self.req_found[j]
            if want["importance"] != importance:
                out.append(f"importance {importance}, expected {want['importance']}: {text!r}")
            if want.get("kind") and want["kind"] != kind:
                out.append(f"kind {kind}, expected {want['kind']}: {text!r}")
        return out


def score(name: str, labels: dict[str, Any], job: Any) -> Scored:
    """Score one posting's reading (``job``: a :class:`~toolkit.models.posting.JobPosting`)."""
    result = Scored(name)
    for field_name in HEADER_FIELDS:
        if field_name not in labels:
            continue
        expected = labels[field_name]
        found = _field_value(job, field_name)
        result.fields[field_name] = (
            field_verdict(field_name, expected, found),
            show(expected),
            show(found),
        )
    result.req_expected = list(labels.get("requirements") or [])
    result.req_found = [(r.text, r.importance, r.kind) for r in job.qualifications]
    result.matches = match_statements(
        [r["text"] for r in result.req_expected], [t for t, _, _ in result.req_found]
    )
    result.duties = (labels.get("responsibilities") or 0, len(job.responsibilities))
    return result


def totals(results: list[Scored]) -> dict[str, tuple[int, int]]:
    """Counts over a set: per field ``right/stated`` and ``wrong/postings``, requirement
    precision and recall, importance and kind accuracy, junk, crashes."""
    ok = [r for r in results if not r.error]
    out: dict[str, tuple[int, int]] = {}
    for name in HEADER_FIELDS:
        stated = [r for r in results if name in r.fields and r.fields[name][1] != "None"]
        scored = [r for r in results if name in r.fields]
        out[f"{name} right"] = (
            sum(1 for r in stated if r.fields[name][0] == "right"),
            len(stated),
        )
        out[f"{name} wrong"] = (
            sum(1 for r in scored if r.fields[name][0] == "wrong"),
            len(scored),
        )
    out["requirement precision"] = (
        sum(len(r.matches) for r in ok),
        sum(len(r.req_found) for r in ok),
    )
    out["requirement recall"] = (
        sum(len(r.matches) for r in results),
        sum(len(r.req_expected) for r in results),
    )
    out["importance right"] = (sum(r.importance_right for r in ok), sum(len(r.matches) for r in ok))
    out["kind right"] = (sum(r.kind_right for r in ok), sum(len(r.matches) for r in ok))
    out["junk requirements"] = (sum(len(r.junk) for r in ok), sum(len(r.req_found) for r in ok))
    out["crashes"] = (len(results) - len(ok), len(results))
    return out


def ratio(pair: tuple[int, int]) -> float:
    """``num / den`` (1.0 for an empty set)."""
    num, den = pair
    return num / den if den else 1.0


def table(results: list[Scored]) -> str:
    """Per posting: fields right, wrong and empty; requirement P and R; then the totals."""
    width = max([len(r.name) for r in results] + [7])
    head = f"{'posting':<{width}}  {'fields':>7} {'wrong':>5} {'req P':>7} {'req R':>7}  problems"
    lines = [head, "-" * len(head)]
    for r in results:
        if r.error:
            lines.append(f"{r.name:<{width}}  CRASH {r.error}")
            continue
        right = sum(1 for v, _, _ in r.fields.values() if v == "right")
        wrong = sum(1 for v, _, _ in r.fields.values() if v == "wrong")
        bad = [f"{n} {v}" for n, (v, _, _) in r.fields.items() if v != "right"]
        lines.append(
            f"{r.name:<{width}}  {f'{right}/{len(r.fields)}':>7} {wrong:>5} "
            f"{f'{len(r.matches)}/{len(r.req_found)}':>7} "
            f"{f'{len(r.matches)}/{len(r.req_expected)}':>7}  {', '.join(bad)}"
        )
    lines.append("")
    for name, pair in totals(results).items():
        lines.append(f"{name:<24} {pair[0]:>4}/{pair[1]:<4} {ratio(pair):6.1%}")
    return "\n".join(lines)
