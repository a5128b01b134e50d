"""Batches: the manifest and its located errors, resuming by hash, failures collected in the
report, and the same bytes from every executor (this process, a process pool, Dask)."""

from __future__ import annotations

import io
import json
import shutil
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.test_cli import run
from toolkit.batch import (
    DaskExecutor,
    ProcessExecutor,
    SerialExecutor,
    load_manifest,
    run_batch,
)
from toolkit.errors import InputError, UserError

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

MANIFEST = textwrap.dedent(
    """\
    profiles: [people/*.yaml]
    postings: [postings/posting-roi-specialist.txt, postings/posting-him-coding-tech.txt]
    kinds: [resume, letter]
    formats: [pdf, md]
    options:
      document_date: 2026-03-02
      theme: plain
    out: out
    """
)


@pytest.fixture
def batch_dir(tmp_path: Path) -> Path:
    """A folder with two profiles, two postings and a manifest: 2 x 2 x 2 = 8 items."""
    (tmp_path / "people").mkdir()
    (tmp_path / "postings").mkdir()
    for name in ("mid-rhit.yaml", "entry-career-changer.yaml"):
        shutil.copy(EXAMPLES / name, tmp_path / "people" / name)
    for name in ("posting-roi-specialist.txt", "posting-him-coding-tech.txt"):
        shutil.copy(EXAMPLES / name, tmp_path / "postings" / name)
    (tmp_path / "batch.yaml").write_text(MANIFEST)
    return tmp_path


def outputs(folder: Path) -> dict[str, bytes]:
    """Every document under ``folder`` (not the toolkit's bookkeeping), by relative path."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


# --- the manifest -----------------------------------------------------------------------------


def test_manifest_problems_are_all_located(batch_dir: Path) -> None:
    (batch_dir / "bad.yaml").write_text(
        textwrap.dedent(
            """\
            profiles:
              - people/mid-rhit.yaml
              - people/nobody.yaml
              - nowhere/*.yaml
            postings: [postings/missing.txt]
            kinds: [resume, interview, poster]
            formats: [pdf, txt]
            optoins: {}
            """
        )
    )
    with pytest.raises(InputError) as caught:
        load_manifest(batch_dir / "bad.yaml")
    found = {(i.field, i.line, i.column) for i in caught.value.issues}
    assert ("kinds[2]", 6, 28) in found  # an unknown kind: checked before the files
    assert ("optoins", 8, 1) in found
    assert all(str(batch_dir / "bad.yaml") == i.file for i in caught.value.issues)
    hints = [i.hint for i in caught.value.issues if i.field == "optoins"]
    assert hints == ["did you mean 'options'?"]

    (batch_dir / "bad.yaml").write_text(
        textwrap.dedent(
            """\
            profiles:
              - people/mid-rhit.yaml
              - people/nobody.yaml
              - nowhere/*.yaml
            postings: [postings/missing.txt]
            kinds: [resume, interview]
            formats: [pdf, txt]
            """
        )
    )
    with pytest.raises(InputError) as caught:
        load_manifest(batch_dir / "bad.yaml")
    by_field = {i.field: i for i in caught.value.issues}
    assert (by_field["profiles[1]"].line, by_field["profiles[1]"].column) == (3, 5)
    assert by_field["profiles[1]"].message == "no such profile file"
    assert by_field["profiles[2]"].message == "the pattern matches no file"
    assert by_field["postings[0]"].line == 5
    assert "interview practice sheets have no txt format" in by_field["formats[1]"].message
    assert (by_field["formats[1]"].line, by_field["formats[1]"].column) == (7, 16)


def test_some_kinds_may_have_formats_of_their_own(batch_dir: Path) -> None:
    (batch_dir / "kinds.yaml").write_text(
        textwrap.dedent(
            """\
            profiles: [people/mid-rhit.yaml]
            kinds: [resume, letter, interview]
            formats: [pdf, md]
            formats_by_kind:
              interview: [html]
              letter: [txt, txt]
            options: {document_date: 2026-03-02}
            out: out
            """
        )
    )
    report = run_batch(batch_dir / "kinds.yaml", executor=SerialExecutor())
    assert report.totals == {"ok": 3, "skipped": 0, "failed": 0, "total": 3}
    assert sorted(outputs(batch_dir / "out")) == [
        "marcus-t-bell/cover-letter.txt",
        "marcus-t-bell/interview-practice.html",
        "marcus-t-bell/resume.md",
        "marcus-t-bell/resume.pdf",
    ]

    (batch_dir / "kinds.yaml").write_text(
        textwrap.dedent(
            """\
            profiles: [people/mid-rhit.yaml]
            kinds: [resume, interview]
            formats: [pdf, txt]
            formats_by_kind:
              interview: [pdf, txt]
              letter: [pdf]
            """
        )
    )
    with pytest.raises(InputError) as caught:
        load_manifest(batch_dir / "kinds.yaml")
    by_field = {i.field: i for i in caught.value.issues}
    assert (
        "interview practice sheets have no txt format"
        in by_field["formats_by_kind.interview[1]"].message
    )
    assert by_field["formats_by_kind.interview[1]"].line == 5
    assert by_field["formats_by_kind.letter"].message == (
        "letter is not one of the kinds this batch renders"
    )
    assert by_field["formats_by_kind.letter"].line == 6
    assert "formats[1]" not in by_field  # the resume's txt is fine; interviews have their own


def test_manifest_expands_globs_relative_to_itself(batch_dir: Path) -> None:
    manifest = load_manifest(batch_dir / "batch.yaml")
    assert [p.name for p in manifest.profiles] == ["entry-career-changer.yaml", "mid-rhit.yaml"]
    assert manifest.out == batch_dir / "out"
    assert manifest.spec.options.document_date is not None


def test_the_command_reports_a_bad_manifest_with_its_line(batch_dir: Path) -> None:
    (batch_dir / "bad.yaml").write_text("profiles: [people/mid-rhit.yaml]\nformat: [pdf]\n")
    result = run("batch", str(batch_dir / "bad.yaml"), "-j", "1")
    assert result.returncode == 1
    assert "2:1" in result.stderr
    assert "did you mean 'formats'?" in result.stderr


# --- running, resuming, failing ---------------------------------------------------------------


def test_a_batch_renders_every_item_then_skips_what_did_not_change(batch_dir: Path) -> None:
    manifest = batch_dir / "batch.yaml"
    seen: list[tuple[int, int]] = []
    report = run_batch(
        manifest, executor=SerialExecutor(), progress=lambda d, t, _i: seen.append((d, t))
    )
    assert report.totals == {"ok": 8, "skipped": 0, "failed": 0, "total": 8}
    assert seen[0] == (0, 8)
    assert seen[-1] == (8, 8)
    files = outputs(batch_dir / "out")
    people = {"marcus-t-bell", "daniela-ortiz-reyes"}
    postings = {"posting-roi-specialist", "posting-him-coding-tech"}
    expected = {
        f"{person}/{posting}/{stem}.{fmt}"
        for person in people
        for posting in postings
        for stem in ("resume", "cover-letter")
        for fmt in ("pdf", "md")
    }
    assert set(files) == expected
    resume = pdf_text(files["marcus-t-bell/posting-roi-specialist/resume.pdf"])
    assert "Marcus" in resume
    letter = pdf_text(files["daniela-ortiz-reyes/posting-him-coding-tech/cover-letter.pdf"])
    assert "Daniela" in letter

    again = run_batch(manifest, executor=SerialExecutor())
    assert again.totals["skipped"] == 8
    assert outputs(batch_dir / "out") == files

    # a changed profile re-renders its own items only
    profile = batch_dir / "people" / "mid-rhit.yaml"
    profile.write_text(profile.read_text().replace("Marcus T. Bell", "Marcus Bell"))
    changed = run_batch(manifest, executor=SerialExecutor())
    status = {i.id: i.status for i in changed.items}
    assert changed.totals == {"ok": 4, "skipped": 4, "failed": 0, "total": 8}
    assert all((s == "ok") == ("mid-rhit" in ident) for ident, s in status.items())

    # a deleted or edited output renders again
    (batch_dir / "out" / "daniela-ortiz-reyes" / "posting-roi-specialist" / "resume.md").unlink()
    edited = batch_dir / "out" / "marcus-bell" / "posting-him-coding-tech" / "cover-letter.md"
    edited.write_text("edited")
    report = run_batch(manifest, executor=SerialExecutor())
    assert report.totals["ok"] == 1
    assert report.totals["failed"] == 1
    assert "was changed since the toolkit wrote it" in (report.failed[0].error or "")


def test_a_broken_profile_fails_its_items_and_the_others_go_on(batch_dir: Path) -> None:
    (batch_dir / "people" / "broken.yaml").write_text(
        "basics:\n  name: Broken Profile\n  emial: broken@example.com\n"
    )
    one_posting = MANIFEST.replace("kinds: [resume, letter]", "kinds: [resume]").replace(
        ", postings/posting-him-coding-tech.txt", ""
    )
    (batch_dir / "batch.yaml").write_text(one_posting)
    result = run(
        "batch", str(batch_dir / "batch.yaml"), "-j", "1", "--report", str(batch_dir / "r.json")
    )
    assert result.returncode == 1, result.stderr
    assert "2 rendered" in result.stdout
    assert "1 failed" in result.stdout
    assert "failed items" in result.stderr
    assert "emial" in result.stderr
    report = json.loads((batch_dir / "r.json").read_text())
    assert report["totals"] == {"ok": 2, "skipped": 0, "failed": 1, "total": 3}
    assert report["workers"] == 1
    assert report["executor"] == "serial"
    failed = [i for i in report["items"] if i["status"] == "failed"]
    assert {i["profile"] for i in failed} == {"people/broken.yaml"}
    issue = failed[0]["issues"][0]
    assert (issue["file"], issue["line"], issue["column"]) == ("people/broken.yaml", 3, 3)
    assert "unknown field 'emial'" in failed[0]["error"]
    assert "toolkit-batch-" not in json.dumps(report)  # no worker temp paths leak
    ok = [i for i in report["items"] if i["status"] == "ok"]
    assert all(Path(p).is_file() for i in ok for p in i["outputs"])


def test_a_profile_photo_travels_with_the_item(batch_dir: Path) -> None:
    from PIL import Image

    Image.new("RGB", (60, 80), "navy").save(batch_dir / "people" / "me.jpg")
    profile = batch_dir / "people" / "mid-rhit.yaml"
    profile.write_text(profile.read_text().replace("basics:\n", "basics:\n  photo: me.jpg\n", 1))
    (batch_dir / "one.yaml").write_text(
        "profiles: [people/mid-rhit.yaml]\nformats: [html]\n"
        "options: {document_date: 2026-03-02}\nout: out\n"
    )
    report = run_batch(batch_dir / "one.yaml", executor=SerialExecutor())
    assert report.totals["ok"] == 1, report.items[0].error
    html = batch_dir / "out" / "marcus-t-bell" / "resume.html"
    assert "data:image/jpeg;base64," in html.read_text()

    # --force renders unchanged items again, and replaces an edited output
    html.write_text("edited")
    assert run_batch(batch_dir / "one.yaml", executor=SerialExecutor()).totals["failed"] == 1
    forced = run_batch(batch_dir / "one.yaml", executor=SerialExecutor(), force=True)
    assert forced.totals["ok"] == 1
    assert "data:image/jpeg;base64," in html.read_text()


# --- executors --------------------------------------------------------------------------------


def test_an_executor_yields_an_exception_instead_of_stopping() -> None:
    def fails_on_two(n: int) -> int:
        if n == 2:
            raise RuntimeError("two")
        return n * 10

    got = dict(SerialExecutor().map_unordered(fails_on_two, [1, 2, 3]))
    assert got[1] == 10
    assert got[3] == 30
    assert isinstance(got[2], RuntimeError)


def test_dask_missing_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(UserError, match=r"pip install 'applykit\[distributed\]'"):
        DaskExecutor("tcp://127.0.0.1:1")


@pytest.fixture(scope="module")
def serial_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The reference bytes of a small batch rendered in this process."""
    folder = tmp_path_factory.mktemp("serial")
    small = _small_batch(folder)
    report = run_batch(small, executor=SerialExecutor())
    assert report.totals["ok"] == 4
    return outputs(folder / "out")


def _small_batch(folder: Path) -> Path:
    """2 profiles x 1 posting x 2 kinds, in PDF and DOCX (a date for byte-identical files)."""
    (folder / "people").mkdir()
    for name in ("mid-rhit.yaml", "entry-career-changer.yaml"):
        shutil.copy(EXAMPLES / name, folder / "people" / name)
    shutil.copy(EXAMPLES / "posting-roi-specialist.txt", folder / "posting.txt")
    (folder / "batch.yaml").write_text(
        "profiles: [people/*.yaml]\npostings: [posting.txt]\nkinds: [resume, letter]\n"
        "formats: [pdf, docx]\noptions: {document_date: 2026-03-02}\nout: out\n"
    )
    return folder / "batch.yaml"


@pytest.mark.slow
def test_a_process_pool_gives_the_same_files(
    tmp_path: Path, serial_files: dict[str, bytes]
) -> None:
    with ProcessExecutor(jobs=2) as executor:
        report = run_batch(_small_batch(tmp_path), executor=executor)
    assert report.totals["ok"] == 4
    assert report.workers == 2
    assert outputs(tmp_path / "out") == serial_files


@pytest.fixture
def local_cluster() -> Iterator[str]:
    """A Dask cluster of two worker processes on loopback."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        scheduler_port=0,
        dashboard_address="127.0.0.1:0",  # None would still take port 8787
    ) as cluster:
        yield str(cluster.scheduler_address)


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::ResourceWarning")
def test_dask_renders_the_same_files_on_a_local_cluster(
    tmp_path: Path, serial_files: dict[str, bytes], local_cluster: str
) -> None:
    with DaskExecutor(local_cluster) as executor:
        assert executor.workers == 2
        report = run_batch(_small_batch(tmp_path), executor=executor)
    assert report.executor == "dask"
    assert report.totals["ok"] == 4, [i.error for i in report.items]
    assert outputs(tmp_path / "out") == serial_files

    # the command line: the same batch is unchanged, so every item is skipped
    result = run(
        "batch",
        "batch.yaml",
        "--scheduler",
        local_cluster,
        "-q",
        "--report",
        "r.json",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "4 unchanged" in result.stdout
    assert "dask, 2 workers" in result.stdout
    report_data = json.loads((tmp_path / "r.json").read_text())
    assert report_data["executor"] == "dask"
    assert report_data["totals"]["skipped"] == 4


def test_an_unreachable_scheduler_is_a_user_error() -> None:
    pytest.importorskip("distributed")
    with pytest.raises(UserError, match=r"cannot reach the Dask scheduler at tcp://127\.0\.0\.1:1"):
        DaskExecutor("tcp://127.0.0.1:1", timeout=1)


def test_two_profiles_of_one_person_do_not_overwrite_each_other(tmp_path: Path) -> None:
    text = (EXAMPLES / "mid-rhit.yaml").read_text()
    (tmp_path / "a.yaml").write_text(text)
    (tmp_path / "b.yaml").write_text(text.replace("Columbus", "Dayton"))
    (tmp_path / "batch.yaml").write_text("profiles: ['*.yaml']\nformats: [md]\nout: out\n")
    for _ in range(2):  # the second time, the first profile's files are skipped, still its own
        report = run_batch(tmp_path / "batch.yaml", executor=SerialExecutor())
        assert report.totals["failed"] == 1
        assert "is also an output of a.yaml::-::resume" in (report.failed[0].error or "")
        assert report.failed[0].profile == "b.yaml"
    assert "Columbus" in (tmp_path / "out" / "marcus-t-bell" / "resume.md").read_text()
