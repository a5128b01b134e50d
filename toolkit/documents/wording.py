"""Small pieces of English wording the documents share (the letter and the interview sheet)."""

from __future__ import annotations

_TAKES_THE = frozenset({"rule", "act", "standard", "guidelines", "reporting"})


def with_the(name: str) -> str:
    """A rule, an act, a standard or a set of guidelines takes "the": "the HIPAA Privacy
    Rule", "the minimum necessary standard" ("HIPAA Privacy Rule" alone reads as a label,
    not a sentence); any other name is returned as it is."""
    last = name.split(" (")[0].split()[-1].lower()
    return f"the {name}" if last in _TAKES_THE else name
