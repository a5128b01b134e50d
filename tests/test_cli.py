"""The command line: exit codes, the error table, init -> validate, schema, start-up imports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_loading import BROKEN

ROOT = Path(__file__).resolve().parent.parent


def run(
    *args: str, cwd: Path | None = None, columns: int = 100
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m toolkit`` as a user would, with a fixed terminal width and no colour."""
    env = {**os.environ, "COLUMNS": str(columns), "NO_COLOR": "1", "TERM": "dumb"}
    env.pop("FORCE_COLOR", None)
    return subprocess.run(
        [sys.executable, "-m", "toolkit", *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        env=env,
        timeout=60,
        check=False,
    )


def test_version_and_help() -> None:
    from toolkit import __version__

    assert run("--version").stdout.strip() == f"toolkit {__version__}"
    result = run("--help")
    assert result.returncode == 0
    for command in ("validate", "init", "schema", "import", "export"):
        assert command in result.stdout


def test_usage_error_exits_2() -> None:
    result = run("validate", "--no-such-option")
    assert result.returncode == 2
    assert "No such option" in result.stderr


def test_validate_prints_one_line_per_valid_file(profile_file: Path, write) -> None:  # type: ignore[no-untyped-def]
    other = write("other.yaml", "basics: {name: Ada Lovelace}\n")
    result = run("validate", str(profile_file), str(other))
    assert result.returncode == 0, result.stderr
    lines = [line.split("  ")[0] for line in result.stdout.splitlines()]
    assert lines == [
        "valid: Maria Lopez — 2 jobs, 1 credential, 1 school, 3 skills",
        "valid: Ada Lovelace — 0 jobs",
    ]


def test_validate_error_table_golden(write, golden) -> None:  # type: ignore[no-untyped-def]
    path = write("broken.yaml", BROKEN)
    result = run("validate", "broken.yaml", cwd=path.parent, columns=110)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    golden("broken_table.txt", result.stderr)


def test_a_narrow_terminal_lists_errors_instead_of_folding_a_table(tmp_path: Path) -> None:
    pack = tmp_path / ("a-folder-with-a-long-name-" * 2) / "medical-coder"
    pack.parent.mkdir()
    source = ROOT / "toolkit" / "roles" / "packs" / "medical-coder"
    pack.mkdir()
    for file in source.glob("*.yaml"):
        (pack / file.name).write_text(file.read_text(encoding="utf-8"), encoding="utf-8")
    skills = pack / "skills.yaml"
    text = skills.read_text(encoding="utf-8")
    skills.write_text(text.replace("meticulous,", "meticulous, accuracy rate,"), encoding="utf-8")
    posting = str(ROOT / "examples" / "posting-roi-specialist.txt")
    profile = str(ROOT / "examples" / "mid-rhit.yaml")
    result = run("match", profile, posting, "--role", str(pack), columns=80)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert f"{skills}:" in result.stderr  # the file, line and column on one line
    assert "'accuracy rate' already names 'coding-accuracy'" in result.stderr
    assert any(line.strip().startswith("what to do: keep the spelling") for line in lines)
    assert "│" not in result.stderr  # no table folding each cell to a few letters a line
    assert all(len(line.strip()) > 8 for line in lines if line.strip())


def test_validate_reports_each_bad_file_and_exits_1(write, profile_file: Path) -> None:  # type: ignore[no-untyped-def]
    bad = write("bad.json", '{"basics": {"name": "A", "email": "nope"}}')
    result = run("validate", str(profile_file), str(bad), str(bad.parent / "missing.yaml"))
    assert result.returncode == 1
    assert "valid: Maria Lopez" in result.stdout
    assert "basics.email" in result.stderr
    assert "no such file" in result.stderr


def test_warnings_are_shown_but_file_is_valid(write) -> None:  # type: ignore[no-untyped-def]
    path = write("w.yaml", "basics: {name: A}\ncredentials: [{name: CCA, expires: 2001}]\n")
    result = run("validate", str(path), columns=200)
    assert result.returncode == 0
    assert "marked active but expired" in result.stderr


def test_init_then_validate(tmp_path: Path) -> None:
    result = run("init", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    profile = tmp_path / "profile.yaml"
    text = profile.read_text()
    assert text.startswith("# yaml-language-server: $schema=./profile.schema.json")
    schema = json.loads((tmp_path / "profile.schema.json").read_text())
    assert schema["title"] == "Profile"
    checked = run("validate", "profile.yaml", cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith("valid: Your Name — 1 job, 1 credential")
    assert checked.stderr == ""  # no warnings either


def test_init_never_overwrites_an_edited_profile(tmp_path: Path) -> None:
    assert run("init", cwd=tmp_path).returncode == 0
    assert run("init", cwd=tmp_path).returncode == 0  # unchanged since written: replaced
    profile = tmp_path / "profile.yaml"
    profile.write_text(profile.read_text().replace("Your Name", "Ada Lovelace"))
    again = run("init", cwd=tmp_path)
    assert again.returncode == 1
    assert "changed since" in again.stderr
    assert "--force" in again.stderr
    assert "Ada Lovelace" in profile.read_text()
    assert run("init", "--force", cwd=tmp_path).returncode == 0
    assert "Your Name" in profile.read_text()


def test_init_refuses_a_file_it_did_not_write(tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text("my notes\n")
    result = run("init", "mine.yaml", "--no-schema", cwd=tmp_path)
    assert result.returncode == 1
    assert "not written by the toolkit" in result.stderr
    assert (tmp_path / "mine.yaml").read_text() == "my notes\n"


def test_schema_command_matches_the_model(tmp_path: Path) -> None:
    from toolkit import Profile

    out = tmp_path / "profile.schema.json"
    assert run("schema", "-o", str(out)).returncode == 0
    schema = json.loads(out.read_text())
    assert set(schema["properties"]) == {f.alias or n for n, f in Profile.model_fields.items()}
    assert schema["required"] == ["basics"]
    printed = json.loads(run("schema").stdout)
    assert printed == schema


def test_starter_validates_against_its_json_schema(tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    assert run("init", cwd=tmp_path).returncode == 0
    schema = json.loads((tmp_path / "profile.schema.json").read_text())
    data = yaml.safe_load((tmp_path / "profile.yaml").read_text())
    data["experience"][0]["start"] = str(data["experience"][0]["start"])  # YAML 1.1 reads dates
    for section in ("education", "credentials"):
        for entry in data[section]:
            for key in ("end", "earned"):
                if key in entry:
                    entry[key] = str(entry[key])
    jsonschema.validate(data, schema)


HEAVY = ("weasyprint", "docx", "lxml", "pypdf", "jinja2", "babel")


@pytest.mark.parametrize("args", [["--help"], ["validate", "examples/"], ["--version"]])
def test_fast_commands_do_not_import_heavy_modules(args: list[str], profile_file: Path) -> None:
    if args[0] == "validate":
        args = ["validate", str(profile_file)]
    code = (
        "import sys\n"
        "from toolkit.cli import main\n"
        f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
        f"print('HEAVY=' + ','.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert result.stdout.strip().splitlines()[-1] == "HEAVY=", result.stdout + result.stderr


def test_help_does_not_even_import_pydantic() -> None:
    code = (
        "import sys\nfrom toolkit.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print('pydantic' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert result.stdout.strip().splitlines()[-1] == "False"


def test_match_explains_each_piece_of_evidence_and_lists_conditions(tmp_path: Path) -> None:
    posting = tmp_path / "posting.txt"
    posting.write_text(
        "Release of Information Specialist\nAcme Clinic\n\nRequirements\n"
        "- Two years of release of information experience\n"
        "- Must pass a background check\n"
        "- CRC and RHIT required\n",
        encoding="utf-8",
    )
    result = run("match", str(ROOT / "examples" / "mid-rhit.yaml"), str(posting), "--explain")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "why (" in out
    assert "release of information" in out.lower()
    assert "to confirm" in out  # the background check is not scored
    assert "Must pass a background check" in out.split("to confirm", 1)[1]
    assert "to earn CRC" in out  # a missing credential says what earning it takes


@pytest.mark.parametrize("own_templates", [False, True])
def test_a_render_leaves_no_temporary_font_folder(tmp_path: Path, own_templates: bool) -> None:
    # the command line ends without tearing the interpreter down: exit handlers remove
    # WeasyPrint's font folders, the built-in one and a user template's alike
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    args = ["resume", str(ROOT / "examples" / "mid-rhit.yaml"), "-f", "pdf", "-o", str(tmp_path)]
    if own_templates:
        (tmp_path / "mine").mkdir()
        (tmp_path / "mine" / "resume.html.j2").write_text(
            (ROOT / "templates" / "_base" / "resume.html.j2").read_text(encoding="utf-8"),
            encoding="utf-8",
        )
        args += ["--templates", str(tmp_path / "mine")]
    env = {**os.environ, "TMPDIR": str(scratch), "NO_COLOR": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "toolkit", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert list((tmp_path / "marcus-t-bell").glob("*.pdf"))
    assert list(scratch.iterdir()) == []


def _names() -> list[str]:
    from typer.main import get_command

    from toolkit.cli import app

    group = get_command(app)
    return sorted(group.commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", _names())
def test_a_run_builds_only_its_command_and_reads_the_same(name: str) -> None:
    """Each run builds the one command it names (typer makes every command's options at each
    run otherwise); the command's help, usage errors and sub-commands are the same as with
    the whole application."""
    from typer.main import get_command
    from typer.testing import CliRunner

    from toolkit.cli import _app_for, app

    one = _app_for([name, "--help"])
    assert one is not app
    assert sorted(get_command(one).commands) == [name]  # type: ignore[attr-defined]
    runner = CliRunner()
    env = {"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}
    for args in ([name, "--help"], [name, "--no-such-option"]):
        whole = runner.invoke(app, args, prog_name="toolkit", env=env)
        alone = runner.invoke(one, args, prog_name="toolkit", env=env)
        assert whole.output.strip()
        assert (alone.exit_code, alone.output) == (whole.exit_code, whole.output)


def test_no_command_or_a_misspelt_one_runs_the_whole_application() -> None:
    from toolkit.cli import _app_for, app

    assert _app_for([]) is app
    assert _app_for(["--help"]) is app
    assert _app_for(["--debug", "resme"]) is app
    assert _app_for(["--debug", "resume"]) is not app
    result = run("resme")
    assert result.returncode == 2
    assert "Did you mean 'resume'" in result.stderr


def test_the_letter_check_reviews_the_letter_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`toolkit letter` reviews the letter it wrote, not a second one built for the review
    (which cost a whole letter again, matching included)."""
    from typer.testing import CliRunner

    import toolkit.cli.documents as documents
    import toolkit.pipeline as pipeline
    from toolkit.cli import app

    built: list[str] = []
    real = pipeline.make_context

    def counting(profile: object, kind: str, *args: object, **kwargs: object) -> object:
        built.append(kind)
        return real(profile, kind, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "make_context", counting)
    monkeypatch.setattr("toolkit.documents.kinds.make_context", counting)
    reviewed: list[object] = []
    review = documents.review_letter

    def spy(*args: object) -> object:
        reviewed.append(args[-1])
        return review(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(documents, "review_letter", spy)
    args = ["letter", str(ROOT / "examples" / "mid-rhit.yaml"), "--job"]
    args += [str(ROOT / "examples" / "posting-roi-specialist.txt"), "-f", "txt"]
    result = CliRunner().invoke(app, [*args, "--out", str(tmp_path)], env={"NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    assert "letter check:" in result.output
    assert built.count("letter") == 1
    assert reviewed
    assert reviewed[0] is not None
