"""RenderPool: renders in recycled worker processes give the same bytes and the same errors."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import toolkit
from toolkit.errors import InputError

pytestmark = pytest.mark.slow

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "mid-rhit.yaml"


def test_pool_renders_the_same_bytes_from_many_threads() -> None:
    profile = toolkit.load_profile(EXAMPLE)
    jobs = [(kind, fmt) for kind in ("resume", "letter") for fmt in ("pdf", "docx", "md")]
    want = {job: toolkit.render(profile, *job, document_date="2026-01-15") for job in jobs}
    with toolkit.RenderPool(workers=2, recycle_after=3) as pool, ThreadPoolExecutor(4) as threads:
        got = list(
            threads.map(
                lambda job: pool.render(profile, *job, document_date="2026-01-15"), jobs * 2
            )
        )
    assert got == [want[job] for job in jobs * 2]


def test_pool_raises_the_toolkits_own_errors() -> None:
    profile = toolkit.parse_profile("basics: {name: Ada}\n")
    with toolkit.RenderPool(workers=1) as pool:
        with pytest.raises(InputError) as caught:
            pool.render(profile, "resume", "pdf", page_size="a3")
        assert caught.value.issues[0].field == "page_size"
        with pytest.raises(toolkit.NotFoundError, match="no theme called 'nope'"):
            pool.render(profile, "resume", "html", theme="nope")


def test_recycle_after_must_be_positive() -> None:
    with pytest.raises(ValueError, match="recycle_after"):
        toolkit.RenderPool(recycle_after=0)
