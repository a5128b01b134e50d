"""Writing files: safe names, atomic publishing, and never clobbering a file we did not write."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

from toolkit import OutputError, publish, slugify
from toolkit.output import MANIFEST, inside, write_file


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Maria Lopez", "maria-lopez"),
        ("Zoë O'Brien-Núñez", "zoe-obrien-nunez"),
        ("../../etc/passwd", "etc-passwd"),
        ("/etc/passwd", "etc-passwd"),
        ("CON", "con-document"),
        ("   ", "document"),
        ("Анна Петрова", "анна-петрова"),
        ("李小龍", "李小龍"),
        ("a" * 500, "a" * 120),
    ],
)
def test_slugify(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_slug_byte_length_is_capped_for_multibyte_names() -> None:
    assert len(slugify("语" * 200).encode()) <= 120


@pytest.mark.parametrize("name", ["../x.pdf", "/etc/passwd", "a/../../b", "", ".", "x\0y"])
def test_names_that_leave_the_folder_are_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(OutputError):
        inside(tmp_path, name)


def test_symlink_planted_in_output_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("precious")
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "resume.pdf").symlink_to(outside)
    with pytest.raises(OutputError):
        publish(folder, {"resume.pdf": b"%PDF"}, force=True)
    assert outside.read_text() == "precious"


def test_publish_writes_all_files_and_a_manifest(tmp_path: Path) -> None:
    paths = publish(tmp_path / "out", {"a.txt": b"A", "b.txt": b"B"})
    assert [p.read_bytes() for p in paths] == [b"A", b"B"]
    manifest = json.loads((tmp_path / "out" / MANIFEST).read_text())
    assert set(manifest["files"]) == {"a.txt", "b.txt"}
    leftovers = [p.name for p in (tmp_path / "out").iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_rerun_replaces_own_files_but_not_foreign_or_edited_ones(tmp_path: Path) -> None:
    publish(tmp_path, {"a.txt": b"1"})
    publish(tmp_path, {"a.txt": b"2"})  # ours and unchanged: replaced
    assert (tmp_path / "a.txt").read_bytes() == b"2"
    (tmp_path / "a.txt").write_bytes(b"edited by hand")
    with pytest.raises(OutputError, match="changed since"):
        publish(tmp_path, {"a.txt": b"3"})
    (tmp_path / "mine.txt").write_bytes(b"mine")
    with pytest.raises(OutputError, match="not written by the toolkit"):
        publish(tmp_path, {"new.txt": b"n", "mine.txt": b"x"})
    assert (tmp_path / "mine.txt").read_bytes() == b"mine"
    assert not (tmp_path / "new.txt").exists()  # all or nothing
    publish(tmp_path, {"mine.txt": b"x"}, force=True)
    assert (tmp_path / "mine.txt").read_bytes() == b"x"


def test_failure_mid_publish_leaves_no_partial_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fsync = os.fsync
    calls = {"n": 0}

    def flaky_fsync(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk full")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", flaky_fsync)
    with pytest.raises(OutputError, match="disk full"):  # a located error, not a raw OSError
        publish(tmp_path, {"a.pdf": b"A" * 1000, "b.docx": b"B" * 1000})
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_concurrent_publishers_never_interleave(tmp_path: Path) -> None:
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            for _ in range(20):
                publish(
                    tmp_path, {"a.txt": str(n).encode() * 1000, "b.txt": str(n).encode() * 1000}
                )
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    a, b = (tmp_path / "a.txt").read_bytes(), (tmp_path / "b.txt").read_bytes()
    assert a == b
    assert len(set(a)) == 1
    manifest = json.loads((tmp_path / MANIFEST).read_text())
    assert set(manifest["files"]) == {"a.txt", "b.txt"}


def test_write_file_in_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_file(Path("x.json"), b"{}")
    assert (tmp_path / "x.json").read_bytes() == b"{}"


@pytest.mark.parametrize(
    ("name", "folder"),
    [("Maria Lopez", "maria-lopez"), ("../../etc", "etc"), ("..", "profile"), ("/", "profile")],
)
def test_documents_go_to_a_person_folder_inside_out(tmp_path: Path, name: str, folder: str) -> None:
    from toolkit.output import person_folder

    assert person_folder(tmp_path / "output", name) == (tmp_path / "output" / folder).resolve()


def test_a_killed_runs_temporary_files_are_cleaned_up(tmp_path: Path) -> None:
    stale = tmp_path / ".resume.pdf.abc123.tmp"
    stale.write_bytes(b"half a pdf")
    other = tmp_path / ".notes.txt.zz.tmp"
    other.write_bytes(b"someone else's")
    publish(tmp_path, {"resume.pdf": b"%PDF-1.7"})
    assert not stale.exists()
    assert other.exists()  # only temporaries of the names being written are touched


# --- whose files, with whose permissions -------------------------------------------------------


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o027, 0o640)])
def test_files_take_the_users_umask(tmp_path: Path, umask: int, mode: int) -> None:
    """A health-care resume is personal data: a umask of 077 keeps every output private."""
    import subprocess
    import sys

    script = (
        "import os, sys; from pathlib import Path; os.umask(int(sys.argv[2], 8));"
        "from toolkit.output import publish, write_file;"
        "publish(Path(sys.argv[1]) / 'a', {'resume.pdf': b'x'});"
        "write_file(Path(sys.argv[1]) / 'b' / 'profile.yaml', b'y')"
    )
    subprocess.run([sys.executable, "-c", script, str(tmp_path), oct(umask)], check=True)
    for path in (
        tmp_path / "a" / "resume.pdf",
        tmp_path / "a" / MANIFEST,
        tmp_path / "b" / "profile.yaml",
    ):
        assert path.stat().st_mode & 0o777 == mode, path


def test_private_files_are_0600_whatever_the_umask(tmp_path: Path) -> None:
    (path,) = publish(tmp_path, {"profile.yaml": b"basics: {name: A}\n"}, private=True)
    assert path.stat().st_mode & 0o777 == 0o600


def test_a_linked_packets_folder_is_not_written_through(tmp_path: Path) -> None:
    import toolkit
    from toolkit.batch.packet import build_packet

    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    elsewhere.mkdir()
    (out / "ann-lee").mkdir(parents=True)
    (out / "ann-lee" / "packets").symlink_to(elsewhere)
    profile = toolkit.parse_profile("basics: {name: Ann Lee}\n", "yaml")
    job = toolkit.load_job("Records Clerk\nAcme Clinic\n\nRequirements:\n- HIPAA\n")
    with pytest.raises(OutputError, match="outside"):
        build_packet(profile, job, out=out, formats=("md",))
    assert not any(elsewhere.iterdir())


def test_a_linked_jobs_folder_is_not_written_through(tmp_path: Path) -> None:
    from toolkit.pipeline import destination

    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "jobs").symlink_to(elsewhere)
    from toolkit.models.jd import JobDescription

    jd = JobDescription.model_validate(
        {
            "title": "Clerk",
            "organization": {"name": "Acme"},
            "summary": "S.",
            "responsibilities": ["R."],
        }
    )
    with pytest.raises(OutputError, match="outside"):
        destination(out, jd)


def test_two_people_with_one_slug_get_folders_of_their_own(tmp_path: Path) -> None:
    import toolkit

    ann = toolkit.parse_profile("basics: {name: Ann Lee}\n", "yaml")
    other = toolkit.parse_profile("basics: {name: Ann. Lee}\n", "yaml")
    first = toolkit.build(ann, "resume", ["md"], out=tmp_path)
    second = toolkit.build(other, "resume", ["md"], out=tmp_path)
    again = toolkit.build(ann, "resume", ["md"], out=tmp_path)
    assert first.paths[0].parent.name == "ann-lee"
    assert second.paths[0].parent.name == "ann-lee-2"
    assert again.paths == first.paths
    assert "Ann Lee" in first.paths[0].read_text("utf-8")
    assert "Ann. Lee" in second.paths[0].read_text("utf-8")
