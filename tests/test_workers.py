"""Render workers start warm: forked from a server that loaded the engines once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import forkserver
from pathlib import Path

import pytest

import toolkit
from toolkit.batch import ProcessExecutor, SerialExecutor, choose_executor, workers
from toolkit.roles import pack_ids

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "mid-rhit.yaml"

needs_forkserver = pytest.mark.skipif(
    not workers.warm_start_available(), reason="no fork server on this platform"
)


def _state(_: object = None) -> dict[str, object]:
    """What a worker holds before it has been given any document."""
    from toolkit.roles import _cached

    return {
        "pid": os.getpid(),
        "weasyprint": "weasyprint" in sys.modules,
        "preloaded": workers.PRELOAD in sys.modules,
        "packs read": _cached.cache_info().currsize,
    }


@pytest.mark.slow
@needs_forkserver
def test_workers_start_with_the_engines_loaded_and_the_packs_read() -> None:
    with ProcessPoolExecutor(2, mp_context=workers.context()) as pool:
        states = list(pool.map(_state, range(4)))
    for state in states:
        assert state["pid"] != os.getpid()
        assert state["weasyprint"]
        assert state["preloaded"]
        assert state["packs read"] == len(pack_ids())


@pytest.mark.slow
def test_a_batch_on_processes_never_loads_the_engines_in_the_calling_process(
    tmp_path: Path,
) -> None:
    import subprocess

    manifest = tmp_path / "batch.yaml"
    manifest.write_text(
        f"profiles: [{EXAMPLE}]\nkinds: [resume, letter]\nformats: [pdf, docx]\nout: out\n"
        "options: {document_date: 2026-03-02}\n",
        encoding="utf-8",
    )
    code = (
        "import sys\n"
        "from toolkit.batch import ProcessExecutor, run_batch\n"
        "if __name__ == '__main__':\n"
        f"    report = run_batch({str(manifest)!r}, executor=ProcessExecutor(2))\n"
        "    assert report.totals['ok'] == 2, report.to_json()\n"
        "    print('weasyprint' in sys.modules)\n"
    )
    script = tmp_path / "app.py"
    script.write_text(code, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
    assert sorted(p.name for p in (tmp_path / "out").glob("*/*") if p.suffix != ".json") == [
        "cover-letter.docx",
        "cover-letter.pdf",
        "resume.docx",
        "resume.pdf",
    ]


@needs_forkserver
def test_the_apps_own_preload_modules_are_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    server = forkserver._forkserver
    monkeypatch.setattr(server, "_preload_modules", ["__main__", "json"])
    assert workers.context().get_start_method() == "forkserver"
    assert server._preload_modules == ["__main__", "json", workers.PRELOAD]
    workers.context()  # asking twice adds nothing
    assert server._preload_modules == ["__main__", "json", workers.PRELOAD]


@pytest.mark.slow
def test_without_a_fork_server_workers_are_spawned_and_render_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(workers.sys, "platform", "darwin")  # fork-unsafe system libraries
    assert workers.context().get_start_method() == "spawn"
    monkeypatch.setattr(workers.sys, "platform", "linux")
    monkeypatch.setattr(workers.multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    assert workers.context().get_start_method() == "spawn"
    workers.start()  # nothing to start
    profile = toolkit.load_profile(EXAMPLE)
    want = toolkit.render(profile, "resume", "docx", document_date="2026-01-15")
    with toolkit.RenderPool(workers=1) as pool:
        assert pool.render(profile, "resume", "docx", document_date="2026-01-15") == want


def test_warming_up_never_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> None:
        raise OSError("no fonts here")

    monkeypatch.setattr(workers, "_warm_up", broken)
    workers.warm_up()  # a worker that cannot warm up still starts, and renders cold


def test_warming_up_renders_without_problems() -> None:
    workers._warm_up()  # the sample profile is valid and every engine takes it


def test_one_worker_per_core_this_process_may_use(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert workers.available_cpus() == 1
    assert isinstance(choose_executor(), SerialExecutor)  # `taskset -c 0 toolkit batch ...`
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 3, 5}, raising=False)
    assert ProcessExecutor().workers == 3
    assert toolkit.RenderPool().workers == 3


def _descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (from /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found: set[int] = set()
    todo = [pid]
    while todo:
        parent = todo.pop()
        for child, its_parent in parents.items():
            if its_parent == parent and child not in found:
                found.add(child)
                todo.append(child)
    return found


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads processes from /proc")
def test_killing_a_batch_leaves_no_process_behind(tmp_path: Path) -> None:
    """kill -9 gives the batch no chance to stop its fork server, workers or tracker."""
    for sub in ("people", "postings"):
        (tmp_path / sub).mkdir()
    examples = Path(__file__).resolve().parents[1] / "examples"
    for name in ("mid-rhit.yaml", "senior-supervisor.yaml", "entry-career-changer.yaml"):
        (tmp_path / "people" / name).write_bytes((examples / name).read_bytes())
    for name in ("posting-roi-specialist.txt", "posting-him-coding-tech.txt"):
        (tmp_path / "postings" / name).write_bytes((examples / name).read_bytes())
    (tmp_path / "batch.yaml").write_text(
        "profiles: [people/*.yaml]\n"
        "postings: [postings/posting-roi-specialist.txt, postings/posting-him-coding-tech.txt]\n"
        "kinds: [resume, letter, interview]\nformats: [pdf, docx]\nout: out\n"
    )
    batch = subprocess.Popen(
        [sys.executable, "-m", "toolkit", "batch", "batch.yaml", "-j", "2"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        below: set[int] = set()
        while time.monotonic() < deadline and len(below) < 3:
            time.sleep(0.2)
            below = _descendants(batch.pid)
        assert len(below) >= 3, "the batch did not start its workers"
        time.sleep(1)  # let the workers take their first documents
        below |= _descendants(batch.pid)
    finally:
        batch.send_signal(signal.SIGKILL)
        batch.wait()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(_running(p) for p in below):
        time.sleep(0.2)
    left = [p for p in below if _running(p)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, f"{len(left)} of {len(below)} processes outlived the killed batch"
