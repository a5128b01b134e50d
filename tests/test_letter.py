"""Cover letters: content drawn only from the profile, one page, every format, the letter file."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from pathlib import Path

import pytest

import toolkit
from toolkit.documents.letter import LetterContext, build_letter, salutation
from toolkit.errors import InputError, UserError
from toolkit.formats import render as render_format
from toolkit.formats.md import letter_markdown
from toolkit.formats.txt import letter_text
from toolkit.load.letter import load_letter_options
from toolkit.matching.evidence import all_lines
from toolkit.models.letter import LetterOptions
from toolkit.models.options import DocumentOptions
from toolkit.models.posting import JobPosting
from toolkit.models.profile import Profile
from toolkit.pipeline import make
from toolkit.roles import load_pack

EXAMPLES = Path(__file__).parent.parent / "examples"
DATA = Path(__file__).parent / "testdata" / "test_letter"
PROFILES = sorted(EXAMPLES.glob("*.yaml"))
PROFILES = [p for p in PROFILES if not p.name.startswith("letter-")]
POSTINGS = sorted(EXAMPLES.glob("posting-*.txt"))
DAY = date(2026, 3, 3)
NUMBER = re.compile(r"\d[\d,.]*\d|\d")


def _today() -> date:
    return DAY


def _profile_text(profile: Profile) -> str:
    return "\n".join(line.text for line in all_lines(profile)) + "\n" + str(profile.model_dump())


def _numbers(text: str) -> set[str]:
    return {n.rstrip(".,") for n in NUMBER.findall(text)}


def _letter(
    profile_path: Path, posting_path: Path, options: LetterOptions | None = None
) -> tuple[Profile, JobPosting, LetterContext]:
    profile = toolkit.load_profile(profile_path)
    job = toolkit.load_job(posting_path)
    ctx = fitted_letter(profile, job, options)
    return profile, job, ctx


def fitted_letter(
    profile: Profile, job: JobPosting, options: LetterOptions | None = None
) -> LetterContext:
    """The letter as every entry point makes it: built, then fitted to one page."""
    made = make(
        profile, "letter", DocumentOptions(document_date=DAY), job=job, kind_options=options
    )
    assert isinstance(made.doc, LetterContext)
    return made.doc


@pytest.mark.parametrize("posting_path", POSTINGS, ids=lambda p: p.stem)
@pytest.mark.parametrize("profile_path", PROFILES, ids=lambda p: p.stem)
def test_letter_for_every_example(profile_path: Path, posting_path: Path) -> None:
    from pypdf import PdfReader

    profile, job, ctx = _letter(profile_path, posting_path)
    body = "\n".join(ctx.paragraphs)

    assert job.title
    assert job.title in ctx.paragraphs[0]
    assert job.employer
    assert job.employer in ctx.paragraphs[0]

    # at least one bullet quoted verbatim (the first letter's case aside)
    bullets = [h.text for e in profile.experience for h in e.highlights]
    assert ctx.quoted
    assert 1 <= len(ctx.quoted) <= 4
    for quoted in ctx.quoted:
        assert quoted in bullets
        assert quoted[1:] in body

    # nothing the profile does not say: every number, every past employer
    profile_text = _profile_text(profile)
    assert _numbers(body) <= _numbers(profile_text)
    employers = {e.employer for e in profile.experience} | {job.employer}
    for named in re.findall(r"\b[Aa]t ([A-Z][^,.;:]*?)(?:, where|,| I |\.|:)", body):
        assert named in employers, named

    pdf = render_format(ctx, "pdf")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert profile.basics.name in text
    assert ctx.salutation in text


def test_tones_change_only_our_sentences() -> None:
    profile = toolkit.load_profile(EXAMPLES / "mid-rhit.yaml")
    job = toolkit.load_job(EXAMPLES / "posting-roi-specialist.txt")
    pack = load_pack(job.role or "")
    letters = {
        tone: build_letter(profile, job, LetterOptions(tone=tone), pack=pack, today=_today)
        for tone in ("formal", "warm", "concise")
    }
    assert len({ctx.paragraphs for ctx in letters.values()}) == 3
    assert len({ctx.closing for ctx in letters.values()}) == 3
    assert letters["formal"].closing == "Sincerely,"
    assert letters["warm"].closing == "Warm regards,"
    assert letters["concise"].closing == "Best regards,"
    # the same evidence whatever the tone
    assert len({ctx.quoted for ctx in letters.values()}) == 1


def test_salutation_rules() -> None:
    assert salutation("Dana Rivera", "Acme") == "Dear Dana Rivera,"
    assert salutation("Ms. Rivera", None) == "Dear Ms. Rivera,"
    assert salutation(None, "Acme Health") == "Dear Acme Health hiring team,"
    assert salutation(None, None) == "Dear hiring manager,"
    assert salutation("Frau Weber", None, "de") == "Sehr geehrte Frau Weber,"
    assert salutation("Herr Braun", None, "de") == "Sehr geehrter Herr Braun,"
    assert salutation(None, "Klinikum", "de") == "Sehr geehrte Damen und Herren,"
    assert salutation("Madame Leroy", None, "fr") == "Madame,"
    assert salutation(None, None, "fr") == "Madame, Monsieur,"
    assert salutation("Sra. Ruiz", None, "es") == "Estimada Sra. Ruiz:"


def test_general_letter_without_posting() -> None:
    profile = toolkit.load_profile(EXAMPLES / "senior-supervisor.yaml")
    ctx = build_letter(profile, today=_today)
    assert ctx.salutation == "Dear hiring manager,"
    body = "\n".join(ctx.paragraphs)
    assert profile.basics.summary
    assert profile.basics.summary not in body  # introduced in our words, not pasted
    top = max((h for e in profile.experience for h in e.highlights), key=lambda h: h.priority)
    assert top.text[1:] in body
    assert _numbers(body) <= _numbers(_profile_text(profile))


def test_example_letter_file() -> None:
    options = load_letter_options(EXAMPLES / "letters/roi-specialist.yaml")
    _, _, ctx = _letter(
        EXAMPLES / "mid-rhit.yaml", EXAMPLES / "posting-roi-specialist.txt", options=options
    )
    assert ctx.salutation == f"Dear {options.hiring_manager},"
    assert ctx.recipient_lines == (
        "Dana Rivera",
        "Manager, Health Information Management",
        "Lakeshore Valley Medical Center",
        *options.company_address,
    )
    assert "on your careers site" in ctx.paragraphs[0]
    assert ctx.closing == "Warm regards,"
    custom = [p for p in ctx.paragraphs if "welcome a conversation with you" in p]
    assert custom == [
        "I would be glad to bring this work to the Release of Information Specialist team at "
        "Lakeshore Valley Medical Center, and I would welcome a conversation with you, "
        "Dana Rivera, about where I could help first."
    ]
    assert ctx.date_text == "March 3, 2026"


def test_unknown_placeholder_names_its_line() -> None:
    with pytest.raises(InputError) as info:
        load_letter_options(DATA / "unknown-placeholder.yaml")
    (issue,) = info.value.issues
    assert "{boss}" in issue.message
    assert issue.line == 5
    assert issue.path == ("paragraphs", 1)
    assert issue.file
    assert issue.file.endswith("unknown-placeholder.yaml")


def test_placeholder_without_value_names_its_line() -> None:
    options = load_letter_options(DATA / "needs-company.yaml")
    profile = toolkit.load_profile(EXAMPLES / "mid-rhit.yaml")
    with pytest.raises(InputError) as info:
        build_letter(profile, None, options, today=_today)
    messages = [i.message for i in info.value.issues]
    assert any("{company}" in m for m in messages)
    assert any("{role}" in m for m in messages)
    assert all(i.line == 3 for i in info.value.issues)
    # with a posting both have values
    job = toolkit.load_job(EXAMPLES / "posting-roi-specialist.txt")
    ctx = build_letter(profile, job, options, today=_today)
    assert (
        "I would like to join Lakeshore Valley Medical Center as Release of Information "
        "Specialist." in ctx.paragraphs
    )


def test_unknown_field_is_located() -> None:
    path = DATA / "bad-field.yaml"
    path.write_text("tone: warm\nsalutation: Hi\n", "utf-8")
    try:
        with pytest.raises(InputError) as info:
            load_letter_options(path)
    finally:
        path.unlink()
    assert info.value.issues[0].line == 2


@pytest.fixture(scope="module")
def roi_letter() -> LetterContext:
    options = load_letter_options(EXAMPLES / "letters/roi-specialist.yaml")
    return _letter(
        EXAMPLES / "mid-rhit.yaml", EXAMPLES / "posting-roi-specialist.txt", options=options
    )[2]


def test_docx_properties_and_text(roi_letter: LetterContext) -> None:
    import docx

    data = render_format(roi_letter, "docx")
    document = docx.Document(io.BytesIO(data))
    props = document.core_properties
    assert props.author == "Marcus T. Bell"
    assert props.last_modified_by == "Marcus T. Bell"
    assert "python-docx" not in (props.comments or "")
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Marcus T. Bell"
    style = document.paragraphs[0].style
    assert style is not None
    assert style.name == "Title"
    for paragraph in roi_letter.paragraphs:
        assert paragraph in texts
    assert texts[-1] == "Marcus T. Bell"
    names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    assert not any("thumbnail" in n for n in names)
    assert render_format(roi_letter, "docx") == data


def test_markdown_and_text_have_the_same_paragraphs(roi_letter: LetterContext) -> None:
    md = letter_markdown(roi_letter)
    txt = letter_text(roi_letter)
    assert all(len(line) <= 78 for line in txt.splitlines())
    flat_txt = " ".join(txt.split())
    flat_md = " ".join(md.replace("\\", "").split())
    for paragraph in roi_letter.paragraphs:
        assert paragraph in flat_txt
        assert paragraph in flat_md
    assert render_format(roi_letter, "txt").decode() == txt
    html = render_format(roi_letter, "html").decode()
    assert 'class="name">Marcus T. Bell</h1>' in html
    assert "2400 Lakeshore Drive NE" in html


def test_unknown_format(roi_letter: LetterContext) -> None:
    with pytest.raises(UserError, match="unknown format 'rtf' for cover letters"):
        render_format(roi_letter, "rtf")


def test_long_letter_is_fitted_to_one_page() -> None:
    profile = toolkit.load_profile(EXAMPLES / "mid-rhit.yaml")
    job = toolkit.load_job(EXAMPLES / "posting-roi-specialist.txt")
    filler = "I would welcome the chance to talk about {role} at {company}. " * 5
    options = LetterOptions(paragraphs=[filler, filler])
    ctx = fitted_letter(profile, job, options)
    unfitted = build_letter(profile, job, options, pack=load_pack(job.role or ""), today=_today)
    assert len(unfitted.quoted) >= 2
    assert 0 < len(ctx.quoted) < len(unfitted.quoted)
    assert ctx.quoted == unfitted.quoted[: len(ctx.quoted)]  # the lowest-ranked went first
    from pypdf import PdfReader

    assert len(PdfReader(io.BytesIO(render_format(ctx, "pdf"))).pages) == 1
