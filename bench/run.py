"""``make bench``: how long the common operations take on this machine (medians of several runs).

A first cut of the benchmark suite: start-up and validation as whole processes (cold), and
matching and rendering in one process (warm). Run it on a quiet machine and compare medians.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROFILE = ROOT / "examples" / "mid-rhit.yaml"
POSTING = ROOT / "examples" / "posting-roi-specialist.txt"


def median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def cold(*args: str) -> Callable[[], object]:
    return lambda: subprocess.run(
        [sys.executable, "-m", "toolkit", *args], cwd=ROOT, capture_output=True, check=True
    )


def main() -> None:
    import toolkit
    from toolkit.matching.match import match_profile
    from toolkit.roles import load_pack

    rows = [
        ("toolkit --help (cold process)", median_ms(cold("--help"), 5)),
        ("toolkit validate example (cold process)", median_ms(cold("validate", str(PROFILE)), 5)),
    ]
    profile = toolkit.load_profile(PROFILE)
    job = toolkit.load_job(POSTING)
    pack = load_pack(job.role or "medical-records-specialist")
    match_profile(profile, job, pack)
    rows.append(
        (
            "match one profile to one posting (warm)",
            median_ms(lambda: match_profile(profile, job, pack), 20),
        )
    )
    rows.append(
        ("read and extract one posting (warm)", median_ms(lambda: toolkit.load_job(POSTING), 5))
    )
    toolkit.render(profile, "resume", "pdf")
    rows.append(
        ("resume to PDF (warm)", median_ms(lambda: toolkit.render(profile, "resume", "pdf"), 5))
    )
    for fmt in ("docx", "html", "md", "txt"):
        rows.append(
            (
                f"resume to {fmt.upper()} (warm)",
                median_ms(lambda f=fmt: toolkit.render(profile, "resume", f), 5),
            )
        )
    width = max(len(name) for name, _ in rows)
    print(f"{'operation'.ljust(width)}  median ms")
    for name, ms in rows:
        print(f"{name.ljust(width)}  {ms:9.1f}")


if __name__ == "__main__":
    main()
