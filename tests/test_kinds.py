"""Every registered kind in every format it declares, through toolkit.render and toolkit.build.

The profile below hides a unique marker in a private entry or a private highlight of every
section, at every level (a custom section's entry, that entry's highlight, a whole private
custom section). No document of any kind, in any format, may show one of them; asked for
private content, they appear. The registry itself is checked too: one list of kinds, each
format served by one module.
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
import textwrap
import zipfile
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

import docx
import pytest
import yaml
from docx.shared import RGBColor
from pypdf import PdfReader

import toolkit
from toolkit.documents.context import Document
from toolkit.documents.kinds import KINDS, Kind
from toolkit.documents.page import Request
from toolkit.errors import UserError
from toolkit.formats import FORMATS
from toolkit.models.common import Model
from toolkit.models.jd import JobDescription

DAY = date(2026, 3, 3)
MARK = "ZQX"
"""Every private text carries ZQX and a number; nothing public does."""

PROFILE_YAML = textwrap.dedent(
    """\
    basics:
      name: Rosa Quintero
      headline: Release of Information Specialist
      email: rosa.quintero@example.com
      summary: Release-of-information specialist with HIPAA and Epic experience.
    experience:
      - employer: Lakeside General Hospital
        title: Release of Information Specialist
        start: 2020-01
        highlights:
          - Processed release-of-information requests in Epic under HIPAA, 40 a day.
          - text: Processed release-of-information requests in Epic under HIPAA ZQX1 rules.
            private: true
            priority: 9
          - Audited disclosures against the HIPAA minimum necessary standard.
      - employer: ZQX2 Private Clinic
        title: Records Clerk ZQX2
        start: 2018-01
        end: 2019-12
        private: true
        highlights:
          - Scanned and indexed records in Epic for release of information ZQX2.
    education:
      - institution: Sinclair Community College
        degree: AAS
        area: Health Information Technology
        highlights:
          - text: Capstone on release of information ZQX3.
            private: true
      - institution: ZQX4 Academy
        private: true
    credentials:
      - name: RHIT
        issuer: AHIMA
        earned: 2020-05
      - name: CRIS ZQX5
        private: true
    skills:
      - name: Systems
        keywords: [Epic, HIPAA, release of information]
      - name: Private ZQX6
        keywords: [ZQX6]
        private: true
    projects:
      - name: Request tracker
        highlights:
          - text: Built a release-of-information request tracker ZQX7.
            private: true
    volunteer:
      - organization: ZQX8 Food Bank
        private: true
    awards:
      - title: ZQX9 Award
        private: true
    languages:
      - language: ZQX10ish
        private: true
    references:
      - name: ZQX11 Referee
        private: true
    custom:
      - id: memberships
        title: Memberships
        entries:
          - title: AHIMA member
            highlights:
              - Attends the regional ROI forum.
              - text: Chairs the release-of-information forum ZQX12.
                private: true
          - title: ZQX13 Society
            private: true
      - id: secret
        title: Secret ZQX14
        private: true
        entries:
          - title: ZQX14 entry
    """
)

POSTING = textwrap.dedent(
    """\
    Release of Information Specialist
    Lakeside General Hospital

    Requirements:
    - Experience processing release of information requests
    - Knowledge of HIPAA
    - Epic experience
    - RHIT preferred
    """
)

JD_YAML = textwrap.dedent(
    """\
    title: Release of Information Specialist
    organization:
      name: Lakeside General Hospital
    summary: Process requests for health records.
    responsibilities:
      - Process release-of-information requests.
    """
)

PROFILE_KINDS = [k.name for k in KINDS.values() if k.subject == "profile"]
CASES = [(k.name, fmt) for k in KINDS.values() if k.subject == "profile" for fmt in k.formats]
KIND_OPTIONS = {"gap": {"role": "medical-records-specialist", "level": "specialist"}}


@pytest.fixture(scope="module")
def profile(tmp_path_factory: pytest.TempPathFactory) -> toolkit.Profile:
    return toolkit.parse_profile(PROFILE_YAML, "yaml")


@pytest.fixture(scope="module")
def job() -> toolkit.JobPosting:
    return toolkit.load_job(POSTING)


def text_of(fmt: str, data: bytes) -> str:
    """What a person (or a parser) reads in a file of ``fmt``."""
    if fmt == "pdf":
        reader = PdfReader(io.BytesIO(data))
        meta = reader.metadata or {}
        return "\n".join(page.extract_text() for page in reader.pages) + str(dict(meta))
    if fmt == "docx":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "\n".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    if fmt == "png":
        return ""  # pixels: the PDF it is made from is checked
    if fmt == "json":
        return json.dumps(json.loads(data), ensure_ascii=False)
    return data.decode()


def test_every_kind_of_a_profile_is_in_the_privacy_matrix() -> None:
    assert set(PROFILE_KINDS) == {"resume", "letter", "interview", "gap", "match"}
    assert {k.name for k in KINDS.values()} - set(PROFILE_KINDS) == {"jd"}


def test_every_format_of_every_kind_has_a_renderer() -> None:
    for kind in KINDS.values():
        assert set(kind.formats) <= set(FORMATS), kind.name
        assert set(kind.default_formats) <= set(kind.formats), kind.name


@pytest.mark.parametrize(("kind", "fmt"), CASES, ids=[f"{k}-{f}" for k, f in CASES])
def test_private_lines_stay_out_of_every_kind_and_format(
    profile: toolkit.Profile, job: toolkit.JobPosting, kind: str, fmt: str
) -> None:
    data = toolkit.render(
        profile, kind, fmt, job=job, document_date=DAY, kind_options=KIND_OPTIONS.get(kind)
    )
    assert data
    text = text_of(fmt, data)
    assert MARK not in text


@pytest.mark.parametrize("kind", PROFILE_KINDS)
def test_build_writes_no_private_line(
    profile: toolkit.Profile, job: toolkit.JobPosting, kind: str, tmp_path: Path
) -> None:
    spec = KINDS[kind]
    result = toolkit.build(
        profile,
        kind,
        [f for f in spec.formats if f != "png"],
        out=tmp_path,
        job=job,
        document_date=DAY,
        kind_options=KIND_OPTIONS.get(kind),
    )
    assert result.paths
    for path in result.paths:
        assert MARK not in text_of(path.suffix[1:], path.read_bytes()), path.name
    assert not any(MARK in note for note in result.notes)


@pytest.mark.parametrize("kind", PROFILE_KINDS)
def test_private_lines_appear_when_asked_for(
    profile: toolkit.Profile, job: toolkit.JobPosting, kind: str
) -> None:
    fmt = "md"
    shown = toolkit.render(
        profile,
        kind,
        fmt,
        job=job,
        document_date=DAY,
        include_private=True,
        kind_options=KIND_OPTIONS.get(kind),
    ).decode()
    assert MARK in shown


def test_every_private_marker_of_the_resume_appears_when_asked_for(
    profile: toolkit.Profile,
) -> None:
    shown = toolkit.render(profile, "resume", "txt", document_date=DAY, include_private=True)
    found = {n for n in range(1, 15) if f"{MARK}{n}" in shown.decode()}
    assert found == set(range(1, 15))


def test_tags_and_locale_reach_the_interview_sheet(profile: toolkit.Profile) -> None:
    tagged = toolkit.parse_profile(
        PROFILE_YAML.replace(
            "      - Audited disclosures against the HIPAA minimum necessary standard.",
            "      - text: Audited disclosures against the HIPAA minimum necessary standard.\n"
            "        tags: [audit]",
        ),
        "yaml",
    )
    both = toolkit.render(tagged, "interview", "md", document_date=DAY).decode()
    without = toolkit.render(
        tagged, "interview", "md", document_date=DAY, exclude_tags=["audit"]
    ).decode()
    assert "minimum necessary standard" in both
    assert "minimum necessary standard" not in without
    a4 = toolkit.render(tagged, "interview", "pdf", document_date=DAY, locale="fr-FR")
    width = float(PdfReader(io.BytesIO(a4)).pages[0].mediabox.width)
    assert round(width) == 595  # A4, the French default


def job_description() -> JobDescription:
    return JobDescription.model_validate(yaml.safe_load(JD_YAML))


def test_the_job_description_kind_renders_every_format() -> None:
    jd = job_description()
    for fmt in KINDS["jd"].formats:
        assert toolkit.render(jd, "jd", fmt, document_date=DAY)


def test_kinds_refuse_what_they_do_not_take(profile: toolkit.Profile) -> None:
    with pytest.raises(UserError, match="needs a job posting"):
        toolkit.render(profile, "match", "md")
    with pytest.raises(UserError, match="unknown document kind 'poem'; kinds: resume"):
        toolkit.render(profile, "poem", "md")
    with pytest.raises(UserError, match="unknown format 'txt' for interview practice sheets"):
        toolkit.render(profile, "interview", "txt")
    with pytest.raises(toolkit.InputError, match="count"):
        toolkit.render(profile, "interview", "md", kind_options={"count": "many"})


def test_build_makes_a_letter(profile: toolkit.Profile, tmp_path: Path) -> None:
    result = toolkit.build(profile, "letter", ["md", "txt"], out=tmp_path, document_date=DAY)
    assert sorted(p.name for p in result.paths) == ["cover-letter.md", "cover-letter.txt"]
    assert "Rosa Quintero" in result.paths[0].read_text("utf-8")


# --- a theme folder of the user's own, for every kind ----------------------------------------

USER_THEME = textwrap.dedent(
    """\
    description: Claret, a theme of my own (no Python).
    font_files:
      - {family: My Face, weight: 400, style: normal, file: MyFace-Regular.ttf}
      - {family: My Face, weight: 700, style: normal, file: MyFace-Bold.ttf}
    defaults:
      accent_color: "#7B1E3A"
      font_family: My Face
    word:
      heading_accent: true
      heading_caps: false
      text_color: "202020"
    """
)
ALL_KINDS = [k.name for k in KINDS.values()]


@pytest.fixture(scope="module")
def user_theme(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from toolkit.formats.themes import templates_root

    folder = tmp_path_factory.mktemp("themes") / "claret"
    folder.mkdir()
    fonts = templates_root() / "fonts"
    # Carlito's faces, under a family name that only this folder declares
    (folder / "MyFace-Regular.ttf").write_bytes((fonts / "Carlito-Regular.ttf").read_bytes())
    (folder / "MyFace-Bold.ttf").write_bytes((fonts / "Carlito-Bold.ttf").read_bytes())
    (folder / "theme.yaml").write_text(USER_THEME, "utf-8")
    (folder / "theme.css").write_text("h1, h2 { color: var(--accent); }\n", "utf-8")
    return folder


def _subject(kind: str, profile: toolkit.Profile) -> toolkit.Profile | JobDescription:
    return job_description() if kind == "jd" else profile


def _pdf_fonts(data: bytes) -> set[str]:
    reader = PdfReader(io.BytesIO(data))
    names = set()
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            names.add(str(ref.get_object()["/BaseFont"]).split("+")[-1])
    return names


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_a_user_theme_folder_drives_the_pdf_of_every_kind(
    profile: toolkit.Profile, job: toolkit.JobPosting, user_theme: Path, kind: str
) -> None:
    subject = _subject(kind, profile)
    options = KIND_OPTIONS.get(kind)
    plain = toolkit.render(subject, kind, "pdf", job=job, document_date=DAY, kind_options=options)
    themed = toolkit.render(
        subject,
        kind,
        "pdf",
        job=job,
        document_date=DAY,
        kind_options=options,
        user_templates=user_theme,
    )
    # the family only the folder's theme.yaml declares, from the font files in the folder
    assert "My-Face" in _pdf_fonts(themed)
    assert "My-Face" not in _pdf_fonts(plain)
    html = toolkit.render(
        subject,
        kind,
        "html",
        job=job,
        document_date=DAY,
        kind_options=options,
        user_templates=user_theme,
    ).decode()
    assert "--accent: #7B1E3A" in html
    assert "h1, h2 { color: var(--accent); }" in html


@pytest.mark.parametrize("kind", [k for k in ALL_KINDS if "docx" in KINDS[k].formats])
def test_a_user_theme_folder_drives_the_docx_of_every_kind(
    profile: toolkit.Profile, job: toolkit.JobPosting, user_theme: Path, kind: str
) -> None:
    data = toolkit.render(
        _subject(kind, profile),
        kind,
        "docx",
        job=job,
        document_date=DAY,
        kind_options=KIND_OPTIONS.get(kind),
        user_templates=user_theme,
    )
    document = docx.Document(io.BytesIO(data))
    fonts = document.styles.element.xpath("//w:docDefaults//w:rFonts/@w:ascii")
    assert fonts == ["My Face"]
    heading = document.styles["Heading 1"]
    assert heading.font.color.rgb == RGBColor(0x7B, 0x1E, 0x3A)


def test_templates_reach_every_command(
    user_theme: Path, tmp_path: Path, profile: toolkit.Profile
) -> None:
    from tests.test_cli import run

    profile_file = tmp_path / "rosa.yaml"
    profile_file.write_text(PROFILE_YAML, "utf-8")
    posting = tmp_path / "posting.txt"
    posting.write_text(POSTING, "utf-8")
    jd_file = tmp_path / "jd.yaml"
    jd_file.write_text(JD_YAML, "utf-8")
    out = tmp_path / "out"
    common = ["--templates", str(user_theme), "-o", str(out), "--date", "2026-03-03"]
    commands = {
        "cover-letter.html": ["letter", str(profile_file), "--job", str(posting), "-f", "html"],
        "interview-practice.html": ["interview", str(profile_file), "-f", "html"],
        "gap-medical-records-specialist-specialist.html": [
            "gap",
            str(profile_file),
            "--role",
            "medical-records-specialist",
            "--level",
            "specialist",
            "-f",
            "html",
        ],
        "match-release-of-information-specialist.html": [
            "match",
            str(profile_file),
            str(posting),
            "-f",
            "html",
        ],
    }
    for name, args in commands.items():
        result = run(*args, *common)
        assert result.returncode == 0, result.stderr
        html = (out / "rosa-quintero" / name).read_text("utf-8")
        assert "--accent: #7B1E3A" in html, name
    result = run(
        "jd", "build", str(jd_file), "-f", "html", "--templates", str(user_theme), "-o", str(out)
    )
    assert result.returncode == 0, result.stderr
    (built,) = (out / "jobs").glob("*/*.html")
    assert "--accent: #7B1E3A" in built.read_text("utf-8")


# --- a new kind needs no change anywhere else -------------------------------------------------


@dataclasses.dataclass(frozen=True)
class ReferenceList(Document):
    """A throwaway kind: the profile's references on a page of their own."""

    names: tuple[str, ...] = ()
    kind: ClassVar[str] = "references"

    def to_json(self) -> dict[str, Any]:
        return {"person": self.person.name, "references": list(self.names)}


class ReferenceOptions(Model):
    pass


def reference_list(request: Request[toolkit.Profile], options: ReferenceOptions) -> ReferenceList:
    page = request.page.titled(f"{request.subject.basics.name} — references")
    return ReferenceList(page, names=tuple(r.name for r in request.subject.references))


def test_a_kind_declared_in_one_place_renders_in_every_generic_format(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(
        KINDS,
        "references",
        Kind(
            name="references",
            title="reference list",
            stem="references",
            formats=("html", "pdf", "json", "png"),
            default_formats=("pdf",),
            options_from=f"{__name__}:ReferenceOptions",
            build_from=f"{__name__}:reference_list",
        ),
    )
    (tmp_path / "references.html.j2").write_text(
        "<!doctype html><html lang='{{ meta.lang }}'><head><style>{{ css }}</style></head>"
        "<body><h1>{{ person.name }}</h1>{% for n in names %}<p>{{ n }}</p>{% endfor %}"
        "</body></html>",
        "utf-8",
    )
    profile = toolkit.parse_profile(
        "basics: {name: Ann Lee}\nreferences:\n  - name: Dana Rivera\n"
        "  - {name: ZQX Secret, private: true}\n",
        "yaml",
    )
    for fmt in ("html", "pdf", "json", "png"):
        data = toolkit.render(profile, "references", fmt, user_templates=tmp_path)
        text = text_of(fmt, data)
        if fmt != "png":
            assert "Dana Rivera" in text
            assert MARK not in text  # the new kind gets the privacy filter for free
    result = toolkit.build(profile, "references", out=tmp_path / "out", user_templates=tmp_path)
    assert [p.name for p in result.paths] == ["references.pdf"]


@pytest.mark.parametrize(
    ("command", "kind"),
    [
        (["resume"], "resume"),
        (["jd", "build"], "jd"),
        (["gap"], "gap"),
        (["match"], "match"),
    ],
)
def test_the_format_help_lists_the_kinds_formats(command: list[str], kind: str) -> None:
    """The help is written out (importing the registry would slow every --help down), so
    this keeps it true to the registry."""
    from tests.test_cli import run

    shown = " ".join(run(*command, "--help", columns=300).stdout.split())
    line = re.search(r"(?:Comma-separated:|comma-separated) ([a-z, ]+)", shown)
    assert line is not None, shown
    listed = {f.strip() for f in line.group(1).split(",")}
    assert listed == set(KINDS[kind].formats)


def test_the_public_match_leaves_private_lines_out(profile: toolkit.Profile) -> None:
    from toolkit.roles import pack_for

    # only the private credential (CRIS ZQX5) answers this requirement
    job = toolkit.load_job(POSTING.replace("- RHIT preferred", "- CRIS certification required"))
    pack = pack_for(None, job)
    shown = toolkit.match_profile(profile, job, pack)
    assert MARK not in json.dumps(shown.to_data())
    asked = toolkit.match_profile(profile, job, pack, include_private=True)
    assert MARK in json.dumps(asked.to_data())
    assert asked.score > shown.score


def test_letter_and_interview_commands_take_the_page_options(tmp_path: Path) -> None:
    from tests.test_cli import run

    profile_file = tmp_path / "rosa.yaml"
    profile_file.write_text(PROFILE_YAML, "utf-8")
    out = tmp_path / "out"
    common = ["-o", str(out), "-f", "md", "--date", "2026-03-03"]
    assert run("interview", str(profile_file), "--include-private", *common).returncode == 0
    sheet = (out / "rosa-quintero" / "interview-practice.md").read_text("utf-8")
    assert MARK in sheet
    assert run("letter", str(profile_file), "--locale", "xx-nope", *common).returncode == 1
    result = run("letter", str(profile_file), "--page", "a4", "--force", *common)
    assert result.returncode == 0, result.stderr
    assert MARK not in (out / "rosa-quintero" / "cover-letter.md").read_text("utf-8")
