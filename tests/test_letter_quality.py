"""Cover letters read as a careful applicant wrote them, over every example profile and every
posting we have: the employer and title named, no phrase said twice, every bullet offered
for something it shows, no filler, one page, nothing the profile or the posting does not
say; in French, German and Spanish with no English sentence; a weak match says less."""

from __future__ import annotations

import itertools
import logging
import re
from datetime import date
from pathlib import Path

import pytest

import toolkit
from toolkit.documents.letter import LetterContext
from toolkit.documents.letter_check import check_letter, repeated_phrases
from toolkit.matching.evidence import all_lines
from toolkit.models.letter import LetterOptions
from toolkit.models.options import DocumentOptions
from toolkit.pipeline import make

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
DATA = ROOT / "tests" / "testdata" / "test_letter"
PROFILES = [p for p in sorted(EXAMPLES.glob("*.yaml")) if not p.name.startswith("letter-")]
POSTINGS = sorted(EXAMPLES.glob("posting-*.txt")) + sorted(
    p
    for p in (ROOT / "tests" / "testdata" / "postings").glob("*")
    if p.suffix in (".txt", ".md") and p.name != "LABELS.md"
)
DAY = date(2026, 12, 1)
NUMBER = re.compile(r"\d[\d,.]*\d|\d")
ACRONYM = re.compile(r"\b[A-Z]{2,}(?:-[A-Z0-9]+)?\b")


def _made(profile: toolkit.Profile, job: object, **options: object) -> tuple[LetterContext, int]:
    made = make(
        profile,
        "letter",
        DocumentOptions(document_date=DAY, **options),  # type: ignore[arg-type]
        job=job,  # type: ignore[arg-type]
    )
    assert isinstance(made.doc, LetterContext)
    return made.doc, made.pages or 0


def _numbers(text: str) -> set[str]:
    return {n.rstrip(".,") for n in NUMBER.findall(text)}


@pytest.mark.parametrize("posting", POSTINGS, ids=lambda p: p.name)
@pytest.mark.parametrize("profile_path", PROFILES, ids=lambda p: p.stem)
def test_every_letter_reads_as_written_by_a_careful_applicant(
    profile_path: Path, posting: Path
) -> None:
    profile = toolkit.load_profile(profile_path)
    job = toolkit.load_job(posting)
    ctx, pages = _made(profile, job)
    body = "\n".join(ctx.paragraphs)

    if job.employer:
        assert job.employer in ctx.paragraphs[0]
    if job.title:
        assert job.title in ctx.paragraphs[0]
    names = (job.employer or "", job.title or "", *(e.employer for e in profile.experience))
    assert repeated_phrases(ctx.paragraphs, exclude=names) == []
    assert check_letter(ctx, job, pages) == []  # relevance, filler, length, names
    assert pages == 1
    for stitched in ("Your posting asks for", "You are also looking for", "In brief:"):
        assert stitched not in body
    # two sentences in a row never both go on with "also" ("I also process … I also train")
    sentences = re.split(r"(?<=[.!?])\s+", body)
    for one, two in itertools.pairwise(sentences):
        assert not (re.search(r"\balso\b", one) and re.search(r"\balso\b", two)), (one, two)

    # nothing the profile or the posting does not say
    said = "\n".join(line.text for line in all_lines(profile)) + "\n" + str(profile.model_dump())
    said += "\n" + job.text
    assert _numbers(body) <= _numbers(said)
    for acronym in ACRONYM.findall(body):  # credentials and systems: RHIT, CCA, EHR, ROI …
        assert acronym in said, acronym


def test_a_weak_match_says_less_and_claims_no_fit() -> None:
    profile = toolkit.load_profile(EXAMPLES / "entry-career-changer.yaml")
    job = toolkit.load_job(ROOT / "tests/testdata/postings/02_inpatient_coder_alternatives.txt")
    ctx, _ = _made(profile, job)
    assert len(ctx.quoted) <= 1
    body = " ".join(ctx.paragraphs)
    for claim in ("centres on", "calls for", "matches", "perfect", "ideal"):
        assert claim not in body
    strong = toolkit.load_profile(EXAMPLES / "mid-rhit.yaml")
    roi = toolkit.load_job(EXAMPLES / "posting-roi-specialist.txt")
    assert len(_made(strong, roi)[0].quoted) >= 2


def test_the_tone_changes_the_wording_not_only_the_greeting() -> None:
    profile = toolkit.load_profile(EXAMPLES / "mid-rhit.yaml")
    job = toolkit.load_job(EXAMPLES / "posting-roi-specialist.txt")
    bodies = {}
    for tone in ("formal", "warm", "concise"):
        made = make(
            profile,
            "letter",
            DocumentOptions(document_date=DAY),
            job=job,
            kind_options=LetterOptions(tone=tone),
        )
        assert isinstance(made.doc, LetterContext)
        bodies[tone] = made.doc.paragraphs[1:-1]  # neither the opening nor the closing
    assert len(set(bodies.values())) == 3


def test_the_opening_says_who_the_applicant_is_in_our_words() -> None:
    profile = toolkit.load_profile(EXAMPLES / "mid-rhit.yaml")
    ctx, _ = _made(profile, toolkit.load_job(EXAMPLES / "posting-roi-specialist.txt"))
    opening = ctx.paragraphs[0]
    assert "I am a Registered Health Information Technician (RHIT)" in opening
    assert "Riverbend Regional Medical Center" in opening  # the current job
    assert "I also hold the CCA." in opening  # the strongest credential the headline lacks
    assert profile.basics.summary is not None
    assert profile.basics.summary[:40] not in " ".join(ctx.paragraphs)
    # the employer the opening named is not named again by the next sentence
    assert ctx.paragraphs[1].count("Riverbend Regional Medical Center") == 0


ENGLISH = re.compile(
    r"\b(?:the|and|with|your|position|apply|applying|experience|sincerely|dear|regards|"
    r"I am|I would|currently|role)\b",
    re.I,
)


@pytest.mark.parametrize(
    ("language", "salutation", "closing"),
    [
        ("de", "Sehr geehrte Damen und Herren,", "Mit freundlichen Grüßen"),
        ("fr", "Madame, Monsieur,", "Je vous prie d'agréer"),
        ("es", "Estimado equipo de selección", "Atentamente,"),
    ],
)
def test_letters_in_the_profiles_language(language: str, salutation: str, closing: str) -> None:
    profile = toolkit.load_profile(DATA / f"profile-{language}.yaml")
    job = toolkit.load_job(EXAMPLES / "posting-roi-specialist.txt")
    ctx, pages = _made(profile, job)
    assert ctx.page.lang.startswith(language)
    assert ctx.salutation.startswith(salutation)
    assert ctx.closing.startswith(closing)
    assert pages == 1
    ours = " ".join(ctx.paragraphs)
    for kept in (*ctx.quoted, job.title or "", job.employer or ""):  # theirs, not ours
        ours = ours.replace(kept, " ").replace(kept[:1].lower() + kept[1:], " ")
    assert ENGLISH.findall(ours) == [], ours
    general, _ = _made(profile, None)
    assert ENGLISH.findall(" ".join(general.paragraphs).replace(general.quoted[0], "")) == []


def test_a_language_without_phrases_gets_an_english_letter_left_to_right(
    caplog: pytest.LogCaptureFixture,
) -> None:
    profile = toolkit.load_profile(DATA / "profile-de.yaml")
    job = toolkit.load_job(EXAMPLES / "posting-roi-specialist.txt")
    with caplog.at_level(logging.WARNING, logger="toolkit"):
        ctx, _ = _made(profile, job, locale="ar-EG")
    assert ctx.page.lang == "en-US"
    assert not ctx.page.rtl
    assert ctx.date_text == "December 1, 2026"  # the date in the letter's language too
    assert ctx.paragraphs[0].startswith("I am writing to apply")
    assert any("the letter is in English" in r.message for r in caplog.records)


def test_the_letter_check_finds_what_a_reader_would(tmp_path: Path) -> None:
    profile = toolkit.load_profile(EXAMPLES / "mid-rhit.yaml")
    job = toolkit.load_job(EXAMPLES / "posting-roi-specialist.txt")
    ctx, _ = _made(profile, job)
    repeated = "I am a team player and I am a team player at heart."
    stitched = (*ctx.paragraphs[:1], "Your posting asks for Epic.", repeated, *ctx.paragraphs[1:])
    flawed = ctx.__class__(**{**ctx.__dict__, "paragraphs": stitched})
    other = job.model_copy(update={"employer": "Somewhere Else Hospital"})
    found = {i.message: i.hint for i in check_letter(flawed, other, pages=2)}
    messages = " | ".join(found)
    assert "more than once" in messages
    assert "'team player' is filler" in messages
    assert "'your posting asks for' is filler" in messages
    assert "does not name the employer (Somewhere Else Hospital)" in messages
    assert "runs to 2 pages" in messages
    assert all(found.values())  # every finding says what to do
