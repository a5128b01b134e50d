"""Renders in a worker process with time, CPU and memory limits: bombs end cleanly."""

from __future__ import annotations

import io
import json
import logging
import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

import pytest

import toolkit
from toolkit.pipeline.limits import LimitError, Limits, _Answer

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "mid-rhit.yaml"


def _svg_bomb(levels: int = 12) -> str:
    """A 3 KB SVG whose nested <use> elements ask for 10**11 rectangles."""
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        ' width="100" height="100"><defs><rect id="l0" width="1" height="1"/>'
    ]
    for i in range(1, levels):
        uses = "".join(f'<use xlink:href="#l{i - 1}"/>' for _ in range(10))
        parts.append(f'<g id="l{i}">{uses}</g>')
    parts.append(f'</defs><use xlink:href="#l{levels - 1}"/></svg>')
    return "".join(parts)


@pytest.fixture(scope="module")
def profile() -> toolkit.Profile:
    return toolkit.load_profile(EXAMPLE)


@pytest.fixture
def svg_bomb(tmp_path: Path) -> Path:
    folder = tmp_path / "bomb"
    folder.mkdir()
    page = f"<html><body><p>{{{{ person.name }}}}</p>{_svg_bomb()}</body></html>"
    (folder / "resume.html.j2").write_text(page)
    return folder


def test_a_limited_render_gives_the_same_bytes(profile: toolkit.Profile) -> None:
    for fmt in ("pdf", "docx"):
        limited = toolkit.render(
            profile, "resume", fmt, document_date="2026-01-15", limits=Limits(timeout=60)
        )
        assert limited == toolkit.render(profile, "resume", fmt, document_date="2026-01-15")


def test_nested_svg_bomb_stops_at_the_time_limit(profile: toolkit.Profile, svg_bomb: Path) -> None:
    started = time.monotonic()
    with pytest.raises(LimitError, match="longer than 4 s") as caught:
        toolkit.render(profile, "resume", "pdf", user_templates=svg_bomb, limits=Limits(timeout=4))
    assert caught.value.limit == "timeout"
    assert time.monotonic() - started < 8
    # the calling process is unharmed: the next render works
    assert toolkit.render(profile, "resume", "pdf").startswith(b"%PDF-")


def test_cpu_limit_stops_a_busy_render(profile: toolkit.Profile, svg_bomb: Path) -> None:
    with pytest.raises(LimitError, match="CPU") as caught:
        toolkit.render(
            profile,
            "resume",
            "pdf",
            user_templates=svg_bomb,
            limits=Limits(timeout=60, cpu_seconds=2),
        )
    assert caught.value.limit == "cpu"


def allocate_800_mb() -> int:
    """What a runaway engine does (a template can no longer: the sandbox caps it)."""
    return len(b"x" * (800 * 1024 * 1024))


def test_memory_limit_stops_a_render_that_allocates(profile: toolkit.Profile) -> None:
    from toolkit.pipeline.limits import run_limited

    with pytest.raises(LimitError, match="512 MiB") as caught:
        run_limited(allocate_800_mb, limits=Limits(timeout=60, memory_mb=512))
    assert caught.value.limit == "memory"
    assert toolkit.render(profile, "resume", "html")


def test_a_template_that_would_allocate_800_mb_is_refused_by_the_sandbox(
    profile: toolkit.Profile, tmp_path: Path
) -> None:
    (tmp_path / "resume.html.j2").write_text('{% set x = "ab" * 400000000 %}{{ x|length }}')
    with pytest.raises(toolkit.TemplateError, match="refused by the sandbox"):
        toolkit.render(profile, "resume", "html", user_templates=tmp_path)


def test_ten_thousand_bullets_end_within_the_limit(profile: toolkit.Profile) -> None:
    jobs = [
        {
            "employer": f"Hospital {i}",
            "title": "Records clerk",
            "highlights": [f"Indexed {j} charts in the EHR queue." for j in range(100)],
        }
        for i in range(100)
    ]
    bulk = toolkit.parse_profile(json.dumps({"basics": {"name": "B"}, "experience": jobs}))
    started = time.monotonic()
    with pytest.raises(LimitError):
        toolkit.render(bulk, "resume", "pdf", limits=Limits(timeout=5))
    assert time.monotonic() - started < 9
    assert toolkit.render(profile, "resume", "pdf").startswith(b"%PDF-")


def test_the_calls_own_errors_and_warnings_come_back(
    profile: toolkit.Profile, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with pytest.raises(toolkit.NotFoundError, match="no theme called 'nope'"):
        toolkit.render(profile, "resume", "pdf", theme="nope", limits=Limits(timeout=60))
    (tmp_path / "resume.html.j2").write_text('<img src="file:///etc/hostname">{{ person.name }}')
    with caplog.at_level(logging.WARNING, logger="toolkit"):
        pdf = toolkit.render(
            profile, "resume", "pdf", user_templates=tmp_path, limits=Limits(timeout=60)
        )
    assert pdf.startswith(b"%PDF-")
    assert any("blocked a resource" in r.getMessage() for r in caplog.records)


def test_build_with_limits_writes_every_format(profile: toolkit.Profile, tmp_path: Path) -> None:
    result = toolkit.build(
        profile, formats=("pdf", "docx", "md"), out=tmp_path, limits=Limits(timeout=60)
    )
    assert sorted(p.suffix for p in result.paths) == [".docx", ".md", ".pdf"]


def test_cli_timeout_stops_the_render_and_writes_nothing(svg_bomb: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "toolkit",
            "resume",
            str(EXAMPLE),
            "--templates",
            str(svg_bomb),
            "--timeout",
            "3",
            "-f",
            "pdf,docx",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert run.returncode == 1
    assert "longer than 3 s" in run.stderr
    assert not [p for p in out.rglob("*") if p.is_file()]  # rglob of a missing folder: none


def test_a_subverted_worker_cannot_name_a_callable() -> None:
    answer = pickle.dumps(("ok", os.system, []))
    with pytest.raises(pickle.UnpicklingError, match=r"answered with (posix|os)\.system"):
        _Answer(io.BytesIO(answer)).load()


def test_limits_refuse_nonsense() -> None:
    with pytest.raises(ValueError, match="timeout"):
        Limits(timeout=0)
    with pytest.raises(ValueError, match="memory"):
        Limits(memory_mb=10)
