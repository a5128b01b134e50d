"""LinkedIn's data export -> profile: mapping, dates, bullets, privacy, located errors, safety."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
import zipfile
from collections.abc import Mapping
from datetime import date
from pathlib import Path

import pytest

from toolkit.errors import InputError, Issue, NotFoundError
from toolkit.interop.linkedin import (
    MAX_CSV_BYTES,
    MAX_ENTRIES,
    parse_linkedin_date,
    read_linkedin,
    split_description,
)
from toolkit.load.profile import load_profile
from toolkit.models.profile import Profile

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "testdata" / "linkedin"
TODAY = date(2025, 6, 1)
MiB = 1024 * 1024


def make_zip(
    target: Path,
    edits: Mapping[str, str | bytes | None] | None = None,
    *,
    folder: str = "",
) -> Path:
    """Zip the fixture CSVs into ``target``; ``edits`` replaces (or, with None, drops) files."""
    files: dict[str, str | bytes | None] = {p.name: p.read_bytes() for p in FIXTURE.glob("*.csv")}
    files.update(edits or {})
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in sorted(files.items()):
            if content is not None:
                zf.writestr(folder + name, content)
    return target


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    return make_zip(tmp_path / "export.zip")


def errors_of(excinfo: pytest.ExceptionInfo[InputError]) -> list[Issue]:
    return excinfo.value.errors


# --- mapping ----------------------------------------------------------------------------------


def test_full_import_maps_every_field(archive: Path) -> None:
    loaded = read_linkedin(archive, today=TODAY)
    assert loaded.format == "linkedin"
    assert loaded.source == str(archive)
    p = loaded.value
    b = p.basics
    assert b.name == "Dana Whitfield"
    assert b.headline == "Registered Health Information Technician (RHIT)"
    assert b.summary is not None
    assert b.summary.startswith("Health information technician")
    assert b.email == "dana.whitfield@example.com"  # the Primary one, not the first
    assert b.phone == "+1 (555) 010-0187"
    assert b.location is not None
    assert (b.location.city, b.location.region, b.location.country_code) == (
        "Springfield",
        "Illinois",
        "US",
    )
    assert [(link.label, link.url) for link in b.links] == [
        ("Portfolio", "https://danawhitfield.example.com"),
        ("Company", "https://memorial-regional.example.org"),
    ]
    assert [(s.network, s.username) for s in b.profiles] == [("Twitter", "danawhitfield")]

    assert [(e.employer, e.title, e.location, e.start, e.end) for e in p.experience] == [
        (
            "Memorial Regional Health",
            "Health Information Technician II",
            "Springfield, Illinois",
            "2021-03",
            None,
        ),
        (
            "Lincoln Family Clinic",
            "Medical Records Specialist",
            "Decatur, Illinois",
            "2018-06",
            "2021-02",
        ),
        (
            "Sangamon County Health Department",
            "Records Clerk",
            "Springfield, Illinois",
            "2016",
            "2018-05",
        ),
    ]
    assert p.experience[0].current
    assert [h.text for h in p.experience[0].highlights] == [
        "Abstracted 60 inpatient charts a day for the cancer registry",
        "Cut the unsigned-record backlog from 1,100 to 180 charts in five months",
        "Trained six new release-of-information staff",
    ]
    assert p.experience[0].summary is None
    assert [h.text for h in p.experience[1].highlights] == [
        "Scanned and indexed 14,000 paper charts into Epic.",
        "Answered 40 release-of-information requests a week under HIPAA.",
    ]
    assert p.experience[2].summary == "Kept immunisation and vital records filed and audit-ready."
    assert p.experience[2].highlights == []

    (school,) = p.education
    assert (school.institution, school.degree, school.start, school.end) == (
        "Lincoln Land Community College",
        "Associate of Applied Science",
        "2014",
        "2016",
    )
    assert school.summary == (
        "Health Information Technology; graduated with honors\nActivities: AHIMA student chapter"
    )

    assert [(g.name, g.keywords) for g in p.skills] == [
        ("Skills", ["ICD-10-CM", "Release of Information", "HIPAA", "Epic HIM", "Chart Analysis"]),
    ]

    rhit, bls = p.credentials
    assert (
        rhit.name,
        rhit.issuer,
        rhit.earned,
        rhit.expires,
        rhit.credential_id,
        rhit.url,
        rhit.status,
    ) == (
        "Registered Health Information Technician (RHIT)",
        "AHIMA",
        "2016-06",
        None,
        "RHIT-0048213",
        "https://www.ahima.org/certification",
        "active",
    )
    assert (bls.name, bls.earned, bls.expires, bls.status) == (
        "Basic Life Support (BLS)",
        "2019-01",
        "2021-01",
        "expired",
    )

    assert [(lang.language, lang.fluency) for lang in p.languages] == [
        ("English", "Native or bilingual proficiency"),
        ("Spanish", "Limited working proficiency"),
    ]
    (project,) = p.projects
    assert (project.name, project.description, project.url, project.start, project.end) == (
        "Paper chart conversion",
        "Led the move of 14,000 paper charts into Epic.",
        "https://memorial-regional.example.org/him",
        "2019-01",
        "2019-12",
    )
    (award,) = p.awards
    assert (award.title, award.summary, award.date) == (
        "Employee of the Quarter",
        "For clearing the chart deficiency backlog.",
        "2022-10-14",
    )
    (vol,) = p.volunteer
    assert (vol.organization, vol.position, vol.start, vol.end) == (
        "Springfield Free Clinic",
        "Records volunteer",
        "2017-09",
        None,
    )
    assert vol.summary == "Keeps patient intake files in order on Saturdays.\nCause: Health"


def test_folder_form_gives_the_same_profile(archive: Path) -> None:
    from_folder = read_linkedin(FIXTURE, today=TODAY)
    assert from_folder.value == read_linkedin(archive, today=TODAY).value
    assert from_folder.source == str(FIXTURE)


def test_files_in_a_subfolder_of_the_archive_are_found(tmp_path: Path) -> None:
    nested = make_zip(tmp_path / "nested.zip", folder="Basic_LinkedInDataExport_06-01-2025/")
    assert read_linkedin(nested, today=TODAY).value.basics.name == "Dana Whitfield"


def test_an_archive_comment_does_not_hide_the_entries(archive: Path) -> None:
    with zipfile.ZipFile(archive, "a") as zf:
        zf.comment = b"Basic LinkedIn data export, made on request"
    assert read_linkedin(archive, today=TODAY).value.basics.name == "Dana Whitfield"


def test_only_profile_csv_is_needed(tmp_path: Path) -> None:
    only = {p.name: None for p in FIXTURE.glob("*.csv") if p.name != "Profile.csv"}
    profile = read_linkedin(make_zip(tmp_path / "x.zip", only), today=TODAY).value
    assert profile.basics.name == "Dana Whitfield"
    assert profile.experience == []
    assert profile.skills == []


def test_preamble_before_the_header_is_skipped_and_lines_stay_right(tmp_path: Path) -> None:
    positions = (FIXTURE / "Positions.csv").read_text(encoding="utf-8")
    preamble = 'Notes:\n"Exported by LinkedIn, with notes on two lines\nlike this"\n\n'
    bad = positions.replace("Jun 2018", "Summer 2018")
    with pytest.raises(InputError) as excinfo:
        read_linkedin(make_zip(tmp_path / "x.zip", {"Positions.csv": preamble + bad}))
    (issue,) = errors_of(excinfo)
    assert issue.line == 5 + 4  # four preamble lines push the second job from line 5 to 9


def test_unknown_csv_files_are_ignored_even_when_unreadable(tmp_path: Path) -> None:
    junk = {"messages.csv": "Zo\xeb".encode("latin-1"), "Ad_Targeting.csv": b"\x00\xff"}
    loaded = read_linkedin(make_zip(tmp_path / "x.zip", junk), today=TODAY)
    assert loaded.value.basics.name == "Dana Whitfield"


# --- dates and descriptions -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mar 2019", "2019-03"),
        ("March 2019", "2019-03"),
        ("Sept 2020", "2020-09"),
        ("2019", "2019"),
        ("Mar 12, 2019", "2019-03-12"),
        ("12 Mar 2019", "2019-03-12"),
        (" Dec  1,  2021 ", "2021-12-01"),
        ("2019-03", "2019-03"),
        ("2019-03-12", "2019-03-12"),
    ],
)
def test_parse_linkedin_date(text: str, expected: str) -> None:
    assert parse_linkedin_date(text) == expected


@pytest.mark.parametrize("text", ["Spring 2019", "03/2019", "Feb 30, 2020", "2019-13", "soon"])
def test_parse_linkedin_date_refuses(text: str) -> None:
    with pytest.raises(ValueError, match=r"\w"):
        parse_linkedin_date(text)


@pytest.mark.parametrize(
    ("text", "summary", "highlights"),
    [
        ("Managed chart completion.", "Managed chart completion.", []),
        (
            "• Coded ED visits\n• Audited 200 charts",
            None,
            ["Coded ED visits", "Audited 200 charts"],
        ),
        ("- One\n- Two\n* Three", None, ["One", "Two", "Three"]),
        ("First line.\nSecond line.", None, ["First line.", "Second line."]),
        (
            "Led the HIM team.\n• Cut backlog 40%\n• Ran audits",
            "Led the HIM team.",
            ["Cut backlog 40%", "Ran audits"],
        ),
        ("• Coded ED visits • Audited 200 charts", None, ["Coded ED visits", "Audited 200 charts"]),
        ("Cut denials by -5% year on year", "Cut denials by -5% year on year", []),
        ("Full-time · 3 yrs · Epic", "Full-time · 3 yrs · Epic", []),
        ("· Coded\n· Audited", None, ["Coded", "Audited"]),
        ("", None, []),
    ],
)
def test_split_description(text: str, summary: str | None, highlights: list[str]) -> None:
    assert split_description(text) == (summary, highlights)


# --- privacy and warnings ---------------------------------------------------------------------


def test_private_fields_are_not_imported_and_a_warning_says_so(archive: Path) -> None:
    loaded = read_linkedin(archive, today=TODAY)
    dumped = loaded.value.model_dump_json()
    assert "1988" not in dumped
    assert "Apr 2" not in dumped
    (warning,) = [w for w in loaded.warnings if "Birth Date" in w.message]
    assert warning.severity == "warning"
    assert warning.file == f"{archive}:Profile.csv"
    assert warning.line == 2
    assert "on purpose" in warning.message
    assert warning.value is None  # the private value itself is never echoed


def test_empty_private_fields_give_no_warning(tmp_path: Path) -> None:
    profile_csv = (FIXTURE / "Profile.csv").read_text(encoding="utf-8-sig")
    profile_csv = profile_csv.replace('"Apr 2, 1988"', "")
    loaded = read_linkedin(make_zip(tmp_path / "x.zip", {"Profile.csv": profile_csv}), today=TODAY)
    assert not [w for w in loaded.warnings if "on purpose" in w.message]


def test_future_start_warning_points_at_the_csv_row(tmp_path: Path) -> None:
    positions = (FIXTURE / "Positions.csv").read_text(encoding="utf-8")
    loaded = read_linkedin(
        make_zip(tmp_path / "x.zip", {"Positions.csv": positions.replace("Mar 2021", "Mar 2030")}),
        today=TODAY,
    )
    (warning,) = [w for w in loaded.warnings if "future" in w.message]
    assert warning.path == ("experience", 0, "start")
    assert (warning.file, warning.line) == (f"{tmp_path / 'x.zip'}:Positions.csv", 2)


# --- located errors ---------------------------------------------------------------------------


def test_bad_date_names_positions_csv_and_the_line(tmp_path: Path) -> None:
    positions = (FIXTURE / "Positions.csv").read_text(encoding="utf-8")
    target = make_zip(
        tmp_path / "export.zip", {"Positions.csv": positions.replace("Jun 2018", "Summer 2018")}
    )
    with pytest.raises(InputError) as excinfo:
        read_linkedin(target)
    (issue,) = errors_of(excinfo)
    assert issue.file == f"{target}:Positions.csv"
    assert "Positions.csv" in str(excinfo.value)
    assert issue.line == 5  # the first job's description spans lines 2-4
    assert issue.path == ("experience", 1, "start")
    assert "Started On" in issue.message
    assert issue.value == "'Summer 2018'"
    assert issue.hint is not None
    assert "Mar 2019" in issue.hint


def test_hide_values_keeps_input_out_of_errors(tmp_path: Path) -> None:
    positions = (FIXTURE / "Positions.csv").read_text(encoding="utf-8")
    target = make_zip(
        tmp_path / "x.zip", {"Positions.csv": positions.replace("Jun 2018", "Summer 2018")}
    )
    with pytest.raises(InputError) as excinfo:
        read_linkedin(target, hide_values=True)
    assert all(i.value is None for i in excinfo.value.issues)
    assert "Summer" not in str(excinfo.value)


def test_model_errors_point_back_at_each_csv_in_one_pass(tmp_path: Path) -> None:
    positions = (FIXTURE / "Positions.csv").read_text(encoding="utf-8")
    emails = (FIXTURE / "Email Addresses.csv").read_text(encoding="utf-8")
    target = make_zip(
        tmp_path / "x.zip",
        {
            "Positions.csv": positions.replace("Records Clerk", "").replace("Mar 2021", "Mar 20x1"),
            "Email Addresses.csv": emails.replace("dana.whitfield@example.com", "dana.at.example"),
            "Honors.csv": "Title,Description,Issued On\nBest coder,,Feb 30 2022\n",
        },
    )
    with pytest.raises(InputError) as excinfo:
        read_linkedin(target)
    found = {
        (i.file.rsplit(":", 1)[-1] if i.file else None, i.line, i.path) for i in errors_of(excinfo)
    }
    assert found == {
        ("Positions.csv", 2, ("experience", 0, "start")),
        ("Positions.csv", 7, ("experience", 2, "title")),
        ("Email Addresses.csv", 3, ("basics", "email")),
        ("Honors.csv", 2, ("awards", 0, "date")),
    }


def test_missing_name_points_at_profile_csv(tmp_path: Path) -> None:
    profile_csv = (FIXTURE / "Profile.csv").read_text(encoding="utf-8-sig")
    target = make_zip(
        tmp_path / "x.zip", {"Profile.csv": profile_csv.replace("Dana,Whitfield", ",")}
    )
    with pytest.raises(InputError) as excinfo:
        read_linkedin(target)
    (issue,) = errors_of(excinfo)
    assert (issue.path, issue.line) == (("basics", "name"), 2)
    assert issue.hint == "fill in First Name and Last Name on this row"
    assert issue.file is not None
    assert issue.file.endswith(":Profile.csv")


def test_latin1_csv_gives_a_located_not_utf8_error(tmp_path: Path) -> None:
    skills = "Name\nHIPAA\nCodage médical\n".encode("latin-1")
    target = make_zip(tmp_path / "x.zip", {"Skills.csv": skills})
    with pytest.raises(InputError) as excinfo:
        read_linkedin(target)
    (issue,) = errors_of(excinfo)
    assert "not UTF-8" in issue.message
    assert issue.file == f"{target}:Skills.csv"
    assert (issue.line, issue.column) == (3, 9)


def test_csv_without_its_header_row_is_reported(tmp_path: Path) -> None:
    target = make_zip(tmp_path / "x.zip", {"Skills.csv": "Skill\nHIPAA\n"})
    with pytest.raises(InputError) as excinfo:
        read_linkedin(target)
    (issue,) = errors_of(excinfo)
    assert issue.file is not None
    assert issue.file.endswith("Skills.csv")
    assert "header" in issue.message


def test_broken_quoting_is_located(tmp_path: Path) -> None:
    target = make_zip(tmp_path / "x.zip", {"Skills.csv": 'Name\nHIPAA\n"ICD-10 "CM"\n'})
    with pytest.raises(InputError) as excinfo:
        read_linkedin(target)
    (issue,) = errors_of(excinfo)
    assert (issue.file, issue.line) == (f"{target}:Skills.csv", 3)


def test_archive_without_profile_csv_explains_what_is_expected(tmp_path: Path) -> None:
    target = make_zip(tmp_path / "x.zip", {"Profile.csv": None})
    with pytest.raises(InputError) as excinfo:
        read_linkedin(target)
    (issue,) = errors_of(excinfo)
    assert "Profile.csv" in issue.message
    assert issue.hint is not None
    assert "Get a copy of your data" in issue.hint


# --- hostile or wrong input -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("export.zip", b"this is not a zip archive\n"),
        ("Positions.csv", b"Company Name,Title\nAcme,Clerk\n"),
        ("empty.zip", b""),
        ("cut.zip", b"PK\x03\x04" + b"\x00" * 40),
    ],
)
def test_not_a_zip_is_an_input_error(tmp_path: Path, name: str, content: bytes) -> None:
    target = tmp_path / name
    target.write_bytes(content)
    with pytest.raises(InputError) as excinfo:
        read_linkedin(target)
    (issue,) = errors_of(excinfo)
    assert "not a .zip" in issue.message
    assert issue.file == str(target)


def test_truncated_zip_is_an_input_error(archive: Path) -> None:
    data = archive.read_bytes()
    archive.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError, match=r"not a \.zip"):
        read_linkedin(archive)


def test_missing_path_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="no such file"):
        read_linkedin(tmp_path / "nowhere.zip")


def _zip_with_zeros(target: Path, size: int) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("Profile.csv", (FIXTURE / "Profile.csv").read_bytes())
        with zf.open("Positions.csv", "w") as fh:
            chunk = b"\0" * MiB
            for _ in range(size // MiB):
                fh.write(chunk)
    return target


@pytest.mark.parametrize(
    ("size", "message"),
    [(50 * MiB, "larger than 5 MiB"), (4 * MiB, "compressed")],
)
def test_zip_bomb_entries_are_refused(tmp_path: Path, size: int, message: str) -> None:
    target = _zip_with_zeros(tmp_path / "bomb.zip", size)
    assert target.stat().st_size < 200_000
    with pytest.raises(InputError) as excinfo:
        read_linkedin(target)
    (issue,) = errors_of(excinfo)
    assert message in issue.message
    assert issue.file == f"{target}:Positions.csv"


def test_a_size_header_that_lies_cannot_inflate_the_read(tmp_path: Path) -> None:
    target = tmp_path / "liar.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("Profile.csv", (FIXTURE / "Profile.csv").read_bytes())
        zf.writestr("Positions.csv", b"Company Name,Title\n" + b"a" * (MAX_CSV_BYTES + MiB))
    data = bytearray(target.read_bytes())
    entry = data.rindex(b"PK\x01\x02")  # the central directory record of Positions.csv
    struct.pack_into("<I", data, entry + 24, 1000)  # claim 1000 bytes unpacked
    target.write_bytes(bytes(data))
    with pytest.raises(InputError) as excinfo:
        read_linkedin(target)
    (issue,) = errors_of(excinfo)
    assert issue.file == f"{target}:Positions.csv"
    assert "damaged" in issue.message


def test_too_many_entries_are_refused(tmp_path: Path) -> None:
    target = tmp_path / "many.zip"
    with zipfile.ZipFile(target, "w") as zf:
        for i in range(MAX_ENTRIES + 1):
            zf.writestr(f"f{i}.txt", b"")
    with pytest.raises(InputError, match=f"at most {MAX_ENTRIES}"):
        read_linkedin(target)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_folder_refuses_a_linked_csv(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    shutil.copytree(FIXTURE, folder)
    secret = tmp_path / "secret.txt"
    secret.write_text("Name\nsecret\n", encoding="utf-8")
    (folder / "Skills.csv").unlink()
    (folder / "Skills.csv").symlink_to(secret)
    with pytest.raises(InputError) as excinfo:
        read_linkedin(folder)
    (issue,) = errors_of(excinfo)
    assert issue.file == f"{folder}:Skills.csv"
    assert "link" in issue.message


# --- command line -----------------------------------------------------------------------------


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"}
    env.pop("FORCE_COLOR", None)
    return subprocess.run(
        [sys.executable, "-m", "toolkit", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=False,
    )


def test_cli_import_writes_a_profile_that_loads_back(archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "profile.yaml"
    result = _run("import", "linkedin", str(archive), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "Dana Whitfield" in result.stdout
    assert "Birth Date" in result.stderr  # the privacy warning is shown
    loaded = load_profile(out)
    assert isinstance(loaded, Profile)
    assert loaded == read_linkedin(archive).value


def test_cli_reports_a_bad_archive_with_exit_code_1(tmp_path: Path) -> None:
    bad = tmp_path / "export.zip"
    bad.write_bytes(b"not a zip")
    result = _run("import", "linkedin", str(bad), "-o", str(tmp_path / "p.yaml"))
    assert result.returncode == 1
    assert "not a .zip" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "p.yaml").exists()
