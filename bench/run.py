"""``make bench``: start-up, rendering, matching and a batch, side by side with RenderCV.

Every comparison runs its two commands in turn, A B A B …, and reports each one's median and
the median of the per-pair ratios A/B: on a shared, noisy 2-core machine only paired ratios
are worth quoting. Cold rows time a whole process from outside (start to exit); warm rows time
a call inside one long-lived process. RenderCV (never a dependency) is run from the throwaway
venv ``make bench`` builds (see ``bench/rendercv_side.py``) on the same resume content, and its
warm renders come from a long-lived driver process (``bench/rendercv_driver.py``) that
renders when told to, so both warm series are measured in the same minutes, alternating.

Writes the tables to standard output and ``output/bench.md``, every raw time to
``output/bench.json``. ``--quick`` runs fewer repetitions (for trying the script out).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import rendercv_side

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
PROFILE = ROOT / "examples" / "mid-rhit.yaml"
PROFILES = sorted((ROOT / "examples").glob("*.yaml"))
POSTINGS = [
    ROOT / "examples" / "posting-roi-specialist.txt",
    ROOT / "examples" / "posting-him-coding-tech.txt",
]
LETTER = ROOT / "examples" / "letters" / "roi-specialist.yaml"
PY = Path(sys.executable)
TOOLKIT = PY.parent / "toolkit"
FORMATS = ("pdf", "docx", "html", "md", "txt")
PACKET_FORMATS = ("pdf", "docx", "html", "md")  # what every kind of a packet comes in
BATCH_SIZE = 200
LARGE_BATCH_SIZE = 1000  # the scale the pool is for: a career service's term of documents
DASH = "\u2013"  # en dash, for ranges in the tables

Timer = Callable[[], float]  # one run; returns its seconds


@dataclass
class Row:
    """One line of the table: A's runs, and B's and the pair ratios when compared."""

    section: str
    name: str
    a_label: str
    a: list[float]
    b_label: str | None = None
    b: list[float] = field(default_factory=list)
    note: str = ""
    count: int = 1  # documents per run (for the batch's documents per second)
    ceilings: list[float] = field(default_factory=list)  # batch rows: the machine's, per pair
    a_cpu: list[float] = field(default_factory=list)  # cold rows: CPU seconds of each run
    b_cpu: list[float] = field(default_factory=list)

    @property
    def cpu_ratios(self) -> list[float]:
        return [x / y for x, y in zip(self.a_cpu, self.b_cpu, strict=False) if y > 0]

    @property
    def ratios(self) -> list[float]:
        return [x / y for x, y in zip(self.a, self.b, strict=False) if y > 0]

    def summary(self) -> dict[str, Any]:
        out: dict[str, Any] = {"a_median_ms": ms(self.a), "runs": len(self.a)}
        if self.b:
            out["b_median_ms"] = ms(self.b)
            out["ratio_median"] = statistics.median(self.ratios)
            out["ratio_min"], out["ratio_max"] = min(self.ratios), max(self.ratios)
        if self.a_cpu:
            out["a_cpu_median_ms"] = ms(self.a_cpu)
        if self.cpu_ratios:
            out["cpu_ratio_median"] = statistics.median(self.cpu_ratios)
        return out


def ms(values: list[float]) -> float:
    return 1000 * statistics.median(values) if values else float("nan")


def fmt_ms(values: list[float]) -> str:
    if not values:
        return DASH
    med = ms(values)
    text = (
        f"{med / 1000:.2f} s"
        if med >= 10_000
        else f"{med:.0f} ms"
        if med >= 10
        else f"{med:.1f} ms"
    )
    if len(values) > 1:
        lo, hi = 1000 * min(values), 1000 * max(values)
        text += f" ({lo:.0f}{DASH}{hi:.0f})" if hi >= 10 else f" ({lo:.1f}{DASH}{hi:.1f})"
    return text


def paired(
    a: Timer, b: Timer | None, runs: int, warmup: int = 1
) -> tuple[list[float], list[float]]:
    """Run A B A B … ``runs`` times after ``warmup`` uncounted pairs; return both series."""
    for _ in range(warmup):
        a()
        if b is not None:
            b()
    ta: list[float] = []
    tb: list[float] = []
    for _ in range(runs):
        ta.append(a())
        if b is not None:
            tb.append(b())
    return ta, tb


def in_process(fn: Callable[[], object]) -> Timer:
    """Time ``fn`` in this process, from a start with no layout kept by an earlier call (the
    PDF format keeps its last few layouts so that fitting and writing share one; a render
    timed after another of the same document would otherwise only write)."""
    from toolkit.formats import pdf

    def run() -> float:
        pdf._LAID.clear()
        start = time.perf_counter()
        fn()
        return time.perf_counter() - start

    return run


class Process:
    """A whole process, start to exit, its output thrown away; a failure stops the bench.

    Calling it runs the command once and returns the wall seconds; ``cpu`` collects each
    run's user + system seconds (the kernel's accounting of the finished child), which the
    machine's noise moves less than the wall clock.
    """

    def __init__(self, cmd: list[str], *, cwd: Path = ROOT, env: dict[str, str] | None = None):
        self.cmd, self.cwd, self.env = cmd, cwd, env
        self.cpu: list[float] = []

    def __call__(self) -> float:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(
            self.cmd,
            cwd=self.cwd,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        elapsed = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode != 0:
            tail = done.stderr.decode(errors="replace").strip()[-2000:]
            raise RuntimeError(f"{' '.join(self.cmd)} exited {done.returncode}: {tail}")
        self.cpu.append(
            after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime,
        )
        return elapsed


def process(cmd: list[str], *, cwd: Path = ROOT, env: dict[str, str] | None = None) -> Process:
    return Process(cmd, cwd=cwd, env=env)


_T0 = time.perf_counter()


def say(text: str) -> None:
    print(f"[{time.perf_counter() - _T0:5.0f} s] {text}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------
# RenderCV


class RenderCV:
    """RenderCV's command line (cold) and a driver process rendering through its API (warm)."""

    def __init__(self, work: Path, profile_data: dict[str, Any]) -> None:
        self.python, self.cli, self.version = rendercv_side.find_rendercv()
        self.available = self.python is not None
        self.work = work
        self.input = rendercv_side.write_rendercv_input(profile_data, work / "Marcus_CV.yaml")
        self.env = rendercv_side.rendercv_env()
        # RenderCV's command line asks PyPI for its latest version on every run (a network
        # round trip that has nothing to do with rendering and that this machine may not
        # make). A proxy on a closed loopback port makes that check fail at once, so the
        # cold figure is RenderCV's own work.
        self.env["https_proxy"] = self.env["HTTPS_PROXY"] = "http://127.0.0.1:9"
        self.driver: subprocess.Popen[str] | None = None

    def cold_cmd(self) -> list[str]:
        assert self.cli is not None
        return [
            str(self.cli),
            "render",
            str(self.input),
            "--dont-generate-png",
            "--dont-generate-markdown",
            "--dont-generate-html",
            "--output-folder-name",
            str(self.work / "cold-out"),
        ]

    def check_cold(self) -> Path:
        """One CLI render, checked: a PDF of the content, made offline."""
        done = subprocess.run(
            self.cold_cmd(), cwd=self.work, env=self.env, capture_output=True, text=True
        )
        pdfs = sorted((self.work / "cold-out").glob("*.pdf"))
        if done.returncode != 0 or not pdfs:
            raise RuntimeError(
                f"rendercv render failed ({done.returncode}): "
                f"{done.stdout[-1500:]} {done.stderr[-1500:]}"
            )
        return pdfs[0]

    @contextlib.contextmanager
    def warm_driver(self) -> Iterator[Timer]:
        assert self.python is not None
        self.driver = subprocess.Popen(
            [
                str(self.python),
                str(BENCH / "rendercv_driver.py"),
                str(self.input),
                str(self.work / "warm-out"),
            ],
            cwd=self.work,
            env=self.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            bufsize=1,
        )
        driver = self.driver
        assert driver.stdin is not None
        assert driver.stdout is not None
        ready = driver.stdout.readline()
        if not ready.startswith("ready"):
            driver.kill()
            raise RuntimeError(f"the RenderCV driver did not start: {ready!r}")

        def render() -> float:
            assert driver.stdin is not None
            assert driver.stdout is not None
            driver.stdin.write("render\n")
            driver.stdin.flush()
            answer = driver.stdout.readline().strip()
            try:
                return float(answer) / 1000
            except ValueError:
                raise RuntimeError(f"RenderCV driver: {answer or 'no answer'}") from None

        try:
            yield render
        finally:
            with contextlib.suppress(Exception):
                assert driver.stdin is not None
                driver.stdin.write("quit\n")
                driver.stdin.close()
            try:
                driver.wait(timeout=10)
            except subprocess.TimeoutExpired:
                driver.kill()
                driver.wait()


# ---------------------------------------------------------------------------------------
# the batch of 200


def batch_available() -> bool:
    probe = subprocess.run([str(TOOLKIT), "batch", "--help"], capture_output=True, cwd=ROOT)
    return probe.returncode == 0


def batch_inputs(work: Path, copies: int = 10) -> tuple[list[Path], list[str]]:
    """``copies`` profiles (the examples, copied under new names) x 2 postings x 2 kinds x
    5 formats: 200 documents for 10 copies."""
    folder = work / "profiles"
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for i in range(copies):
        source = PROFILES[i % len(PROFILES)]
        text = source.read_text(encoding="utf-8")
        # a person of their own each, so every copy is its own set of documents
        text = re.sub(r"(?m)^(  name: )(.+)$", rf"\g<1>\g<2> {i + 1}", text, count=1)
        copy = folder / f"{source.stem}-{i + 1}.yaml"
        copy.write_text(text, encoding="utf-8")
        made.append(copy)
    return made, ["resume", "letter"]


def batch_manifest(work: Path, profiles: list[Path], kinds: list[str]) -> Path:
    manifest = {
        "profiles": [str(p) for p in profiles],
        "postings": [str(p) for p in POSTINGS],
        "kinds": kinds,
        "formats": list(FORMATS),
        "out": str(work / "batch-out"),
    }
    path = work / "batch.yaml"
    path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")  # JSON is YAML
    return path


_SPIN = "s = 0\nfor i in range(6_000_000): s += i * i % 7\n"


def calibrate(rows: dict[str, Row]) -> float:
    """What two cores give right now: the same CPU-bound Python work twice, one process after
    the other (A) and two processes at once (B). A/B is the most any 2-process run can gain
    in these minutes (2.0 on an idle machine with two real cores)."""
    cmd = [str(PY), "-c", _SPIN]
    start = time.perf_counter()
    for _ in range(2):
        subprocess.run(cmd, check=True)
    serial = time.perf_counter() - start
    start = time.perf_counter()
    running = [subprocess.Popen(cmd) for _ in range(2)]
    for proc in running:
        proc.wait()
    parallel = time.perf_counter() - start
    row = rows.setdefault(
        "machine",
        Row(
            "batch",
            "the machine itself: CPU-bound Python, twice one after another vs two processes "
            "at once (run before each batch pair; the ceiling for -j 1 / -j 2)",
            "one after another",
            [],
            "two at once",
        ),
    )
    row.a.append(serial)
    row.b.append(parallel)
    return serial / parallel


def batch_cli(work: Path, documents: int, jobs: int | None = None) -> Timer:
    """``toolkit batch`` of ``documents`` (a multiple of 20) with ``--force``, so every run
    renders everything (whole process; ``jobs`` workers, by default one per core)."""
    profiles, kinds = batch_inputs(work, documents // 20)
    manifest = batch_manifest(work, profiles, kinds)
    cmd = [str(TOOLKIT), "batch", str(manifest), "--quiet", "--force"]
    cmd += ["--report", str(work / "batch-report.json")]
    if jobs is not None:
        cmd += ["--jobs", str(jobs)]

    def run() -> float:
        start = time.perf_counter()
        done = subprocess.run(
            cmd, cwd=work, capture_output=True, text=True, stdin=subprocess.DEVNULL
        )
        elapsed = time.perf_counter() - start
        if done.returncode != 0:
            tail = (done.stderr or done.stdout)[-800:]
            raise RuntimeError(f"toolkit batch exited {done.returncode}: {tail}")
        written = sum(1 for p in (work / "batch-out").rglob("*") if p.suffix.lstrip(".") in FORMATS)
        if written < documents:
            raise RuntimeError(f"toolkit batch wrote {written} documents, not {documents}")
        return elapsed

    return run


def run_batch_in_process(work: Path) -> float:
    """The same 200 items rendered one after another in this process, files written."""
    import toolkit

    profiles, kinds = batch_inputs(work)
    out = work / "inproc-out"
    start = time.perf_counter()
    jobs = [toolkit.load_job(p) for p in POSTINGS]
    done = 0
    for path in profiles:
        profile = toolkit.load_profile(path)
        folder = out / path.stem
        folder.mkdir(parents=True, exist_ok=True)
        for j, job in enumerate(jobs):
            for kind in kinds:
                for fmt in FORMATS:
                    data = toolkit.render(profile, kind, fmt, job=job)
                    (folder / f"{kind}-{j}.{fmt}").write_bytes(data)
                    done += 1
    elapsed = time.perf_counter() - start
    assert done == BATCH_SIZE, done
    return elapsed


# ---------------------------------------------------------------------------------------
# the cold-PDF breakdown


def importtime_top(limit: int = 14) -> list[tuple[str, float]]:
    """Import time of one cold PDF (``-X importtime``), self time summed by top-level package."""
    done = subprocess.run(
        [str(PY), "-X", "importtime", str(BENCH / "breakdown.py"), str(PROFILE), "0"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    totals: dict[str, float] = {}
    for line in done.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+)\s+\|\s+\d+\s+\|\s*(\S+)", line)
        if match:
            top = match.group(2).split(".")[0]
            totals[top] = totals.get(top, 0.0) + int(match.group(1)) / 1000
    ranked = sorted(totals.items(), key=lambda kv: -kv[1])
    rest = sum(v for _, v in ranked[limit:])
    return [*ranked[:limit], (f"{len(ranked) - limit} other packages", rest)]


def breakdown(runs: int, warm_runs: int) -> dict[str, Any]:
    """Cold stages: bare processes and the in-process stage timers, rounds alternating."""
    bare = {
        "interpreter start (`python -c pass`)": [str(PY), "-c", "pass"],
        "`python -c 'import toolkit.cli'`": [str(PY), "-c", "import toolkit.cli"],
        "`python -c 'import weasyprint'`": [str(PY), "-c", "import weasyprint"],
    }
    timers = {name: process(cmd) for name, cmd in bare.items()}
    bare_times: dict[str, list[float]] = {name: [] for name in bare}
    stages: dict[str, list[float]] = {}
    plain: dict[str, list[float]] = {}
    warm: dict[str, list[float]] = {}
    wall: list[float] = []
    pages = 0
    shortcuts: dict[str, Any] = {}
    plain_env = {**os.environ, "TOOLKIT_NO_SHORTCUTS": "1"}
    for i in range(runs + 1):  # round 0 warms the file cache and is not counted
        for name, timer in timers.items():
            t = timer()
            if i:
                bare_times[name].append(t)
        # the same stages without the start-up shortcuts (the "before"), then with them
        for env, into in ((plain_env, plain), (None, stages)):
            start = time.perf_counter()
            done = subprocess.run(
                [str(PY), str(BENCH / "breakdown.py"), str(PROFILE), str(warm_runs)],
                capture_output=True,
                text=True,
                cwd=ROOT,
                env=env,
                check=True,
            )
            elapsed = time.perf_counter() - start
            if not i:
                continue
            result = json.loads(done.stdout)
            for stage, value in result["cold"].items():
                into.setdefault(stage, []).append(value / 1000)
            if env is None:
                wall.append(elapsed)
                pages = result["pages"]
                shortcuts = result.get("shortcuts", {})
                for stage, values in result["warm"].items():
                    warm.setdefault(stage, []).extend(v / 1000 for v in values)
    return {
        "bare": bare_times,
        "stages": stages,
        "plain_stages": plain,
        "warm": warm,
        "wall": wall,
        "pages": pages,
        "shortcuts": shortcuts,
    }


# ---------------------------------------------------------------------------------------
# the tables


def ratio_text(row: Row) -> str:
    if not row.b:
        return DASH
    r = row.ratios
    text = f"**{statistics.median(r):.2f}** ({min(r):.2f}{DASH}{max(r):.2f})"
    c = row.cpu_ratios
    if c:
        text += f"; CPU time {statistics.median(c):.2f} ({min(c):.2f}{DASH}{max(c):.2f})"
    return text


def main_table(rows: list[Row]) -> list[str]:
    lines = [
        "| benchmark | A: ours, median (min-max) | B: compared with | B median (min-max) "
        "| paired ratio A/B, median (min-max) | pairs/runs |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        a = fmt_ms(row.a)
        if row.count > 1 and row.a:
            a += f", {row.count / statistics.median(row.a):.1f} docs/s"
        b = fmt_ms(row.b) if row.b else DASH
        if row.count > 1 and row.b:
            b += f", {row.count / statistics.median(row.b):.1f} docs/s"
        name = f"{row.name}" + (f" — {row.note}" if row.note else "")
        lines.append(
            f"| {name} | {a} | {row.b_label or DASH} | {b} | {ratio_text(row)} | {len(row.a)} |"
        )
    return lines


def breakdown_tables(
    bd: dict[str, Any], cold_pdf: Row | None, top: list[tuple[str, float]]
) -> list[str]:
    lines = [
        "### Cold PDF: where the time goes",
        "",
        "One fresh process per round (`bench/breakdown.py`), stage timers inside it; the bare",
        "processes are timed whole, in the same rounds. Medians over "
        f"{len(bd['wall'])} rounds; the resume has {bd['pages']} pages.",
        "",
        "The *plain* column is the same process with `TOOLKIT_NO_SHORTCUTS=1`: no start-up",
        "shortcut (WeasyPrint's libraries found by `ctypes.util.find_library`, fontTools imported",
        "whole, cffi's C parser for WeasyPrint's declarations and type names, its user-agent",
        "stylesheets parsed, the pure-Python YAML parser, no compiled templates or validators",
        "kept between runs), in rounds alternating with the other. Both columns pause Python's",
        "cycle collector until WeasyPrint is imported, as the console script does",
        "(`toolkit.collector`: not a shortcut, it reaches into no dependency).",
        "",
        "| stage | plain (before) | with the shortcuts | share |",
        "|---|---|---|---|",
    ]
    interp = ms(bd["bare"]["interpreter start (`python -c pass`)"])
    first = "interpreter start (`python -c pass`, whole process)"
    stages = {first: interp}
    stages.update({stage: ms(values) for stage, values in bd["stages"].items()})
    before = {first: interp}
    before.update({stage: ms(values) for stage, values in bd.get("plain_stages", {}).items()})
    staged = sum(stages.values())
    for stage, value in stages.items():
        was = f"{before[stage]:.0f} ms" if stage in before else DASH
        lines.append(f"| {stage} | {was} | {value:.0f} ms | {100 * value / staged:.0f}% |")
    was_total = f"**{sum(before.values()):.0f} ms**" if len(before) > 1 else DASH
    lines.append(f"| **interpreter + stages** | {was_total} | **{staged:.0f} ms** | 100% |")
    if bd.get("shortcuts"):
        taken = "; ".join(f"{k}: {v}" for k, v in bd["shortcuts"].items())
        lines += ["", f"Shortcuts taken in those rounds: {taken}."]
    if cold_pdf and cold_pdf.a:
        whole = ms(cold_pdf.a)
        lines += [
            "",
            f"The whole `toolkit resume … -f pdf` process (cold row above, its own rounds) took "
            f"{whole:.0f} ms; the difference, {whole - staged:+.0f} ms, is the command line's own "
            "work (options, publishing the file) and exit, plus the machine's noise between the "
            "two sets of rounds (a negative difference is all noise: read the shares).",
        ]
    lines += ["", "Bare processes, whole (for scale; each includes the interpreter start):", ""]
    lines += ["| process | median (min-max) |", "|---|---|"]
    for name, values in bd["bare"].items():
        lines.append(f"| {name} | {fmt_ms(values)} |")
    lines += [
        "",
        "### Warm PDF: where the time goes",
        "",
        "The same document rendered again in the same process "
        f"({len(next(iter(bd['warm'].values()), []))} renders over all rounds).",
        "",
        "| stage | median (min-max) |",
        "|---|---|",
    ]
    total = 0.0
    for stage, values in bd["warm"].items():
        total += ms(values)
        lines.append(f"| {stage} | {fmt_ms(values)} |")
    lines.append(f"| **sum** | **{total:.0f} ms** |")
    if top:
        lines += [
            "",
            "### Imports of one cold PDF, by package (`python -X importtime`, one run)",
            "",
            "Each module's own (self) import time, summed by its top-level package: what the "
            "imports of `toolkit.cli`, the profile, the renderers and WeasyPrint cost. "
            "`-X importtime` adds overhead of its own; read these as proportions.",
            "",
            "| top-level package | ms (self, summed) |",
            "|---|---|",
        ]
        lines += [f"| {name} | {value:.0f} |" for name, value in top]
    return lines


def goals_table(rows: dict[str, Row]) -> list[str]:
    lines = ["| goal (from the issue) | measured | met |", "|---|---|---|"]

    def ratio_goal(key: str, label: str, limit: float) -> None:
        row = rows.get(key)
        if row is None or not row.b:
            lines.append(f"| {label} ≤ {limit} | not measured | {DASH} |")
            return
        value = statistics.median(row.ratios)
        measured = f"{value:.2f}"
        if row.cpu_ratios:
            measured += f" (CPU time: {statistics.median(row.cpu_ratios):.2f})"
        lines.append(
            f"| {label} ≤ {limit} | {measured} | {'yes' if value <= limit else '**no**'} |"
        )

    def time_goal(key: str, label: str, limit_s: float) -> None:
        row = rows.get(key)
        if row is None:
            return
        value = ms(row.a) / 1000
        lines.append(
            f"| {label} ≤ {limit_s} s | {value:.2f} s | {'yes' if value <= limit_s else '**no**'} |"
        )

    ratio_goal("cold_pdf", "cold PDF, ours/RenderCV (paired)", 1.0)
    ratio_goal("warm_pdf", "warm PDF, ours/RenderCV (paired)", 1.2)
    time_goal("help", "`toolkit --help` cold", 0.2)
    time_goal("validate", "`toolkit validate` cold", 0.3)
    for key, label in (
        ("posting", "read one posting, warm"),
        ("posting_html", "read a saved HTML page, warm"),
        ("posting_runon", "read a run-on paste, warm"),
        ("posting_pdf", "read a PDF posting, warm"),
    ):
        time_goal(key, label, 0.05)
    ratio_goal("all_formats", "all formats of one resume / PDF alone, warm (paired)", 1.5)
    for key, documents in (("batch", BATCH_SIZE), ("batch_large", LARGE_BATCH_SIZE)):
        row = rows.get(key)
        if row is None or not row.b:
            continue
        value = statistics.median(row.ratios)
        measured = f"{value:.2f} (pairs: {', '.join(f'{r:.2f}' for r in row.ratios)})"
        if len(row.ceilings) == len(row.ratios):
            shares = [r / c for r, c in zip(row.ratios, row.ceilings, strict=True)]
            measured += (
                f"; the machine's own ceiling beside them {statistics.median(row.ceilings):.2f}, "
                f"so {100 * statistics.median(shares):.0f}% of what it allowed"
            )
        lines.append(
            f"| `toolkit batch` of {documents} documents, -j 1 / -j 2 (paired) ≥ 1.8 | "
            f"{measured} | {'yes' if value >= 1.8 else '**no**'} |"
        )
    return lines


# ---------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cold", type=int, default=7, help="pairs of each cold comparison (7)")
    parser.add_argument("--warm", type=int, default=15, help="pairs of each warm comparison (15)")
    parser.add_argument("--quick", action="store_true", help="3 cold and 5 warm: to try it out")
    parser.add_argument("--no-rendercv", action="store_true", help="skip RenderCV's rows")
    parser.add_argument(
        "--batch-pairs", type=int, default=3, help="pairs of the 200-document batch (3)"
    )
    parser.add_argument(
        "--large-batch-pairs",
        type=int,
        default=2,
        help="pairs of the 1,000-document batch (2, about 5 minutes; 0 skips it)",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "output", help="where bench.md/json go")
    args = parser.parse_args()
    cold_n, warm_n = (3, 5) if args.quick else (args.cold, args.warm)
    if args.quick:
        args.batch_pairs, args.large_batch_pairs = 1, 0
    started = time.perf_counter()

    import toolkit
    from toolkit.pipeline import document_options, render_files

    os.environ.setdefault("NO_COLOR", "1")
    profile = toolkit.load_profile(PROFILE)
    rows: dict[str, Row] = {}
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="toolkit-bench-") as tmp:
        work = Path(tmp)
        rcv = RenderCV(work / "rendercv", profile.model_dump(mode="json", exclude_none=True))
        if args.no_rendercv:
            rcv.available, rcv.version = False, "skipped (--no-rendercv)"
        if rcv.available:
            try:
                pdf = rcv.check_cold()
                say(f"RenderCV: {rcv.version}; a test render made {pdf.name} offline")
            except RuntimeError as exc:
                rcv.available, rcv.version = False, f"RenderCV does not render here: {exc}"
        if not rcv.available:
            notes.append(f"RenderCV rows skipped: {rcv.version}.")
            say(f"note: {rcv.version}; RenderCV's rows are skipped")

        # -- cold: whole processes ----------------------------------------------------
        say(f"cold: --help and validate ({cold_n} runs each, alternating)")
        help_p = process([str(TOOLKIT), "--help"])
        validate_p = process([str(TOOLKIT), "validate", str(PROFILE)])
        help_t, validate_t = paired(help_p, validate_p, cold_n)
        rows["help"] = Row(
            "cold", "`toolkit --help` (cold process)", "toolkit", help_t, a_cpu=help_p.cpu[-cold_n:]
        )
        rows["validate"] = Row(
            "cold",
            "`toolkit validate examples/mid-rhit.yaml` (cold process)",
            "toolkit",
            validate_t,
            a_cpu=validate_p.cpu[-cold_n:],
        )
        ours_cold = process(
            [
                str(TOOLKIT),
                "resume",
                str(PROFILE),
                "-f",
                "pdf",
                "--out",
                str(work / "cold"),
                "--force",
            ]
        )
        theirs_cold = process(rcv.cold_cmd(), cwd=rcv.work, env=rcv.env) if rcv.available else None
        say(f"cold: resume to PDF, ours vs RenderCV's CLI ({cold_n} pairs)")
        a, b = paired(ours_cold, theirs_cold, cold_n)
        rows["cold_pdf"] = Row(
            "cold",
            "resume → PDF, whole process (`toolkit resume -f pdf`)",
            "toolkit",
            a,
            "RenderCV CLI `rendercv render` (PDF only)" if b else None,
            b,
            a_cpu=ours_cold.cpu[-cold_n:],
            b_cpu=theirs_cold.cpu[-cold_n:] if theirs_cold else [],
        )
        say(f"cold: resume to PDF, start-up shortcuts vs TOOLKIT_NO_SHORTCUTS=1 ({cold_n} pairs)")
        plain_cold = process(ours_cold.cmd, env={**os.environ, "TOOLKIT_NO_SHORTCUTS": "1"})
        a, b = paired(process(ours_cold.cmd), plain_cold, cold_n)
        rows["cold_pdf_plain"] = Row(
            "cold",
            "resume → PDF, whole process: with the start-up shortcuts vs without",
            "toolkit",
            a,
            "`TOOLKIT_NO_SHORTCUTS=1 toolkit resume -f pdf`",
            b,
        )
        say(f"cold: PDF breakdown ({cold_n} rounds)")
        bd = breakdown(cold_n, warm_runs=3)
        top = importtime_top()

        # -- warm: in this process -------------------------------------------------
        ours_pdf = in_process(lambda: toolkit.render(profile, "resume", "pdf"))
        say(f"warm: resume to PDF, ours vs RenderCV's API ({warm_n} pairs)")
        if rcv.available:
            with rcv.warm_driver() as theirs_warm:
                a, b = paired(ours_pdf, theirs_warm, warm_n, warmup=2)
        else:
            a, b = paired(ours_pdf, None, warm_n, warmup=2)
        rows["warm_pdf"] = Row(
            "warm",
            "resume → PDF, in process (`toolkit.render(profile, 'resume', 'pdf')`)",
            "toolkit",
            a,
            "RenderCV API `create_a_pdf_from_a_python_dictionary` (long-lived process)"
            if b
            else None,
            b,
        )
        say(f"warm: all formats vs PDF alone ({warm_n} pairs)")
        # as the command line makes them: one document, fitted once, in every format
        all_formats = in_process(
            lambda: render_files(profile, "resume", FORMATS, document_options(None, {}))
        )
        a, b = paired(all_formats, ours_pdf, warm_n)
        rows["all_formats"] = Row(
            "warm",
            "one resume in all 5 formats (pdf, docx, html, md, txt)",
            "toolkit",
            a,
            "our PDF alone",
            b,
        )
        for fmt in FORMATS[1:]:
            one = in_process(lambda f=fmt: toolkit.render(profile, "resume", f))
            rows[f"fmt_{fmt}"] = Row(
                "warm", f"resume → {fmt.upper()} alone", "toolkit", paired(one, None, warm_n)[0]
            )

        job = toolkit.load_job(POSTINGS[0])
        packet_n = 3
        say(f"warm: one packet in all formats ({packet_n} runs)")
        rows["packet"] = Row(
            "warm",
            "application packet in pdf, docx, html, md (`toolkit.build_packet`: resume fitted "
            "to 2 pages, letter, interview sheet, match report)",
            "toolkit",
            paired(
                in_process(
                    lambda: toolkit.build_packet(
                        profile,
                        job,
                        out=work / "packets",
                        profile_path=PROFILE,
                        posting_path=POSTINGS[0],
                        letter_path=LETTER,
                        formats=PACKET_FORMATS,
                        force=True,
                    )
                ),
                None,
                packet_n,
            )[0],
        )
        from toolkit.roles import load_pack

        pack = load_pack(job.role or "medical-records-specialist")
        say(f"warm: matching ({warm_n} runs)")
        rows["match"] = Row(
            "warm",
            "match one profile to one posting (`toolkit.match_profile`)",
            "toolkit",
            paired(
                in_process(lambda: toolkit.match_profile(profile, job, pack)),
                None,
                warm_n,
                warmup=2,
            )[0],
        )
        rows["posting"] = Row(
            "warm",
            "read and extract one posting (`toolkit.load_job`)",
            "toolkit",
            paired(in_process(lambda: toolkit.load_job(POSTINGS[0])), None, warm_n)[0],
        )
        for key, name, label in (
            ("posting_html", "30_him_manager_careers_page.html", "a saved careers page (HTML)"),
            ("posting_runon", "14_run_on_paste_records_clerk.txt", "a run-on paste (one line)"),
            ("posting_pdf", "33_federal_contractor_mrt.pdf", "a PDF posting"),
        ):
            path = ROOT / "tests" / "testdata" / "postings" / name
            if path.is_file():
                rows[key] = Row(
                    "warm",
                    f"read and extract {label} (`toolkit.load_job`)",
                    "toolkit",
                    paired(
                        in_process(lambda path=path: toolkit.load_job(path)),
                        None,
                        warm_n,
                        warmup=2,
                    )[0],
                )

        # -- the batch --------------------------------------------------------------
        if batch_available():
            for key, documents, pairs in (
                ("batch", BATCH_SIZE, args.batch_pairs),
                ("batch_large", LARGE_BATCH_SIZE, args.large_batch_pairs),
            ):
                if pairs < 1:
                    continue
                say(
                    f"batch: `toolkit batch` of {documents} documents, -j 1 vs -j 2 ({pairs} pairs)"
                )
                one = batch_cli(work / f"{key}-1", documents, jobs=1)
                two = batch_cli(work / f"{key}-2", documents, jobs=2)
                a, b, ceilings = [], [], []
                try:
                    for _ in range(pairs):  # each pair beside a measure of the machine's own
                        ceilings.append(calibrate(rows))
                        a.append(one())
                        b.append(two())
                except RuntimeError as exc:
                    notes.append(f"`toolkit batch` did not run the bench's manifest: {exc}")
                    break
                rows[key] = Row(
                    "batch",
                    f"batch of {documents} documents, `toolkit batch --force` (whole process): "
                    "`-j 1` (in the command's own process) vs `-j 2` (two worker processes)",
                    "-j 1",
                    a,
                    "-j 2",
                    b,
                    note=f"{documents // 20} profiles x 2 postings x (resume, letter) x 5 formats",
                    count=documents,
                    ceilings=ceilings,
                )
        else:
            say(f"batch: {BATCH_SIZE} documents rendered in process, one after another")
            notes.append(
                "`toolkit batch` is not in this build, so the batch row is 200 renders one after "
                "another in one process (no pool); the bench uses the command when it exists."
            )
            rows["batch"] = Row(
                "batch",
                f"batch of {BATCH_SIZE} documents, **in process, one after another** "
                "(not `toolkit batch`)",
                "toolkit",
                [run_batch_in_process(work / "inproc")],
                count=BATCH_SIZE,
            )

    # -- report ---------------------------------------------------------------------
    total = time.perf_counter() - started
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    header = [
        "## Benchmark",
        "",
        f"{now}; Python {platform.python_version()}, {os.cpu_count()} cores; toolkit "
        f"{toolkit.__version__}; {rcv.version}; cold: {cold_n} pairs/runs, warm: {warm_n}; "
        f"suite took {total:.0f} s.",
        "",
        "Medians with (min-max). A paired ratio is the median of A/B over pairs run back to back "
        "(A B A B …); on this noisy machine quote the ratios, not single times. Cold pairs also "
        "give the ratio of CPU time (user + system of the finished process), steadier than wall.",
        "",
    ]
    lines = header + main_table(list(rows.values())) + ["", "### Goals", ""] + goals_table(rows)
    lines += ["", *breakdown_tables(bd, rows.get("cold_pdf"), top)]
    if notes:
        lines += ["", "### Notes", ""] + [f"- {n}" for n in notes]
    lines += [
        "",
        "RenderCV renders the same content (generated from examples/mid-rhit.yaml by "
        "`bench/rendercv_side.py`) with its `classic` theme; its Font Awesome package is an "
        "offline stand-in that draws the same glyphs from the fonts RenderCV ships, and its PyPI "
        "version check is made to fail at once (a network round trip, not rendering).",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "bench.md").write_text(text, encoding="utf-8")
    raw = {
        "when": now,
        "python": platform.python_version(),
        "cores": os.cpu_count(),
        "toolkit": toolkit.__version__,
        "rendercv": rcv.version,
        "rows": {key: {**asdict(row), **row.summary()} for key, row in rows.items()},
        "breakdown": bd,
        "importtime_top_ms": dict(top),
        "notes": notes,
        "seconds": total,
    }
    (args.out / "bench.json").write_text(json.dumps(raw, indent=2) + "\n", encoding="utf-8")
    say(f"wrote {args.out / 'bench.md'} and {args.out / 'bench.json'} ({total:.0f} s)")


if __name__ == "__main__":
    main()
