"""The small kept-by-key store behind the PDF format's layouts and stylesheets and the
studio's documents and frames: it holds at most its share, leaving out the least used."""

from __future__ import annotations

from toolkit.recent import Recent


def test_the_least_recently_used_goes_first() -> None:
    kept: Recent[str, int] = Recent(keep=2)
    kept.put("a", 1)
    kept.put("b", 2)
    assert kept.get("a") == 1  # now the most recently used
    kept.put("c", 3)
    assert list(kept) == ["a", "c"]
    assert kept.get("b") is None
    assert len(kept) == 2


def test_a_taken_value_is_gone_and_clear_empties() -> None:
    kept: Recent[str, int] = Recent(keep=4)
    assert kept.put("a", 1) == 1
    assert kept.pop("a") == 1
    assert kept.pop("a") is None
    kept.put("b", 2)
    kept.clear()
    assert kept.values() == []
