"""Every script we claim renders with real glyphs, in real bold where the text is bold.

The PDF is read back glyph by glyph: each glyph shown in a content stream is looked up in
the font program embedded for it, so a missing character (drawn as ``.notdef``, an empty
box, or a glyph id the font does not have) is caught whichever font the engine fell back
to. Korean, Chinese and Japanese need Noto Sans CJK (Debian's fonts-noto-cjk), which
``make sysdeps`` installs (``make test`` runs it); without it these tests skip and say how
to install it, except in CI, where they fail.

Also here: the CJK phrase tables, and the warning for a section title the person wrote
that stays in another language than the document.
"""

from __future__ import annotations

import functools
import io
import logging
import os
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from importlib.resources import files
from typing import Any

import pytest
import yaml
from docx import Document as WordDocument
from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont
from pypdf import PdfReader
from pypdf.generic import ContentStream, DictionaryObject, IndirectObject

import toolkit
from toolkit.documents.titles import title_language
from toolkit.i18n import get_localizer
from toolkit.models.options import DocumentOptions
from toolkit.pipeline import render

DAY = date(2026, 11, 27)
THEMES = ("plain", "modern", "compact")
CJK_FAMILY = "Noto Sans CJK"
BOLD = 600  # the least OS/2 weight class that reads as bold


# --- reading the glyphs back ----------------------------------------------------------------


@dataclass(eq=False)
class EmbeddedFont:
    """A font embedded in the PDF: its program (a subset) and its glyph-to-text map."""

    name: str
    """The font's name without the subset tag, e.g. ``Noto-Sans-CJK-KR-Bold``."""
    program: TTFont | None
    to_unicode: dict[int, str]
    _problems: dict[tuple[int, str], str | None] = field(default_factory=dict)

    @functools.cached_property
    def weight(self) -> int:
        """The OS/2 weight class (400 regular, 700 bold); 0 when the font has none."""
        if self.program is None or "OS/2" not in self.program:
            return 0
        return int(self.program["OS/2"].usWeightClass)

    @functools.cached_property
    def characters(self) -> set[str]:
        """The characters the font's cmap claims, with the letters of presentation forms
        (Arabic is shaped into U+FExx forms, which the subset's cmap may keep instead)."""
        if self.program is None:
            return set()
        chars = {chr(c) for c in self.program.getBestCmap() or {}}
        forms = {unicodedata.normalize("NFKC", c) for c in chars}
        return chars | {f for f in forms if len(f) == 1}

    def problem(self, gid: int, text: str) -> str | None:
        """Why glyph ``gid`` (drawn for ``text``) is not a real glyph of a font that has
        the character, or None."""
        if (gid, text) not in self._problems:
            self._problems[gid, text] = self._problem(gid, text)
        return self._problems[gid, text]

    def _problem(self, gid: int, text: str) -> str | None:
        if self.program is None:
            return "no font program is embedded"
        order = self.program.getGlyphOrder()
        # WeasyPrint draws a character no font has as a glyph id past the font's last
        if gid == 0 or gid >= len(order) or order[gid] == ".notdef":
            return ".notdef: no font in the stack has the character"
        if text.strip() and self._bounds(order[gid]) is None:
            return "an empty glyph"
        # a ligature or a shaped form stands for letters the font maps to other glyphs
        if (
            len(text) == 1
            and not text.isspace()
            and text not in self.characters
            and not unicodedata.category(text).startswith("M")
        ):
            return "the font's cmap lacks the character"
        return None

    @functools.cached_property
    def _glyphs(self) -> Any:
        assert self.program is not None
        return self.program.getGlyphSet()

    def _bounds(self, glyph: str) -> Any:
        pen = BoundsPen(self._glyphs)
        self._glyphs[glyph].draw(pen)
        return pen.bounds


@dataclass(frozen=True)
class Glyph:
    """One glyph drawn on a page."""

    font: EmbeddedFont
    gid: int
    text: str
    line: int
    """Which text object (BT ... ET) of the document drew it, from 0: WeasyPrint draws
    each line of a box in one."""

    @property
    def problem(self) -> str | None:
        return self.font.problem(self.gid, self.text)


def _to_unicode(font: DictionaryObject) -> dict[int, str]:
    if "/ToUnicode" not in font:
        return {}
    data = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    table: dict[int, str] = {}

    def utf16(hexa: str) -> str:
        return bytes.fromhex(hexa).decode("utf-16-be")

    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for code, text in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>", block):
            table[int(code, 16)] = utf16(text)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, start in re.findall(
            r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block
        ):
            first = utf16(start)
            for n in range(int(hi, 16) - int(lo, 16) + 1):
                table[int(lo, 16) + n] = first[:-1] + chr(ord(first[-1]) + n)
    return table


def _embedded(font: DictionaryObject) -> EmbeddedFont:
    assert font["/Subtype"] == "/Type0", f"unexpected font type {font['/Subtype']}"
    cid_font = font["/DescendantFonts"][0].get_object()
    assert cid_font.get("/CIDToGIDMap", "/Identity") == "/Identity"
    descriptor = cid_font["/FontDescriptor"].get_object()
    stream = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
    program = TTFont(io.BytesIO(stream.get_object().get_data()), fontNumber=0) if stream else None
    name = str(font["/BaseFont"]).lstrip("/")
    return EmbeddedFont(name.split("+", 1)[-1], program, _to_unicode(font))


def _shown_strings(operands: list[Any], operator: bytes) -> Iterator[bytes]:
    if operator == b"TJ":
        for part in operands[0]:
            if not isinstance(part, int | float):
                yield part.original_bytes
    elif operator in (b"Tj", b"'"):
        yield operands[0].original_bytes
    elif operator == b'"':
        yield operands[2].original_bytes


def _walk(
    content: Any,
    resources: DictionaryObject,
    reader: PdfReader,
    fonts: dict[int, EmbeddedFont],
    lines: list[int],
) -> Iterator[Glyph]:
    font_refs = resources.get("/Font", DictionaryObject()).get_object()
    xobjects = resources.get("/XObject", DictionaryObject()).get_object()
    current: list[EmbeddedFont | None] = [None]
    for operands, operator in ContentStream(content, reader).operations:
        if operator == b"BT":
            lines[0] += 1
        elif operator == b"q":
            current.append(current[-1])
        elif operator == b"Q":
            current.pop()
        elif operator == b"Tf":
            ref = font_refs[operands[0]]
            key = ref.idnum if isinstance(ref, IndirectObject) else id(ref)
            if key not in fonts:
                fonts[key] = _embedded(ref.get_object())
            current[-1] = fonts[key]
        elif operator in (b"TJ", b"Tj", b"'", b'"'):
            font = current[-1]
            assert font is not None, "text shown before a font was set"
            for raw in _shown_strings(operands, operator):
                for i in range(0, len(raw) - 1, 2):
                    gid = int.from_bytes(raw[i : i + 2], "big")
                    yield Glyph(font, gid, font.to_unicode.get(gid, ""), lines[0] - 1)
        elif operator == b"Do":
            xobject = xobjects[operands[0]].get_object()
            if xobject.get("/Subtype") == "/Form":
                inner = xobject.get("/Resources", resources).get_object()
                yield from _walk(xobject, inner, reader, fonts, lines)


def drawn_glyphs(pdf: bytes) -> list[Glyph]:
    """Every glyph drawn on every page, in content-stream order, with the font that drew it."""
    reader = PdfReader(io.BytesIO(pdf))
    fonts: dict[int, EmbeddedFont] = {}
    lines = [0]  # text objects begun so far
    glyphs: list[Glyph] = []
    for page in reader.pages:
        contents = page.get_contents()
        if contents is not None:
            glyphs += _walk(contents, page["/Resources"].get_object(), reader, fonts, lines)
    return glyphs


def unreal_glyphs(pdf: bytes) -> list[str]:
    """The glyphs that are not a real glyph of a font that has the character, as
    ``'김' (U+AE40) in Liberation-Sans: .notdef: no font in the stack has the character``."""
    out = []
    for g in drawn_glyphs(pdf):
        if (problem := g.problem) is not None:
            codes = " ".join(f"U+{ord(c):04X}" for c in g.text)
            out.append(f"{g.text!r} ({codes}) in {g.font.name}: {problem}")
    return sorted(set(out))


# --- which fonts are installed --------------------------------------------------------------


@functools.cache
def installed_families() -> frozenset[str]:
    """The font families fontconfig (and so WeasyPrint) can find, with their styles."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return frozenset()
    out = subprocess.run(
        [fc_list, ":", "family", "style"], capture_output=True, text=True, check=False
    ).stdout
    return frozenset(line.strip() for line in out.splitlines())


def has_cjk_font() -> bool:
    """Noto Sans CJK in Regular and Bold (Debian's fonts-noto-cjk)."""
    lines = [line for line in installed_families() if f"{CJK_FAMILY} KR" in line]
    return any("Regular" in line for line in lines) and any("Bold" in line for line in lines)


def need_cjk_font() -> None:
    """Skip (fail in CI, whose `make test` installs it) without Noto Sans CJK."""
    if has_cjk_font():
        return
    reason = (
        f"{CJK_FAMILY} (Regular and Bold) is not installed, so Chinese, Japanese and Korean "
        "cannot be checked: run `make sysdeps` as root, or `apt-get install fonts-noto-cjk`"
    )
    if os.environ.get("CI"):
        pytest.fail(reason + " (`make test` installs it in CI)")
    pytest.skip(reason)


# --- resumes in every script ----------------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    """A person's resume in one script: name (bold), headline, summary, one job."""

    locale: str
    name: str
    headline: str
    summary: str
    employer: str
    title: str
    bullet: str
    cut: str | None = None
    """The Noto Sans CJK cut the locale should be drawn with (KR, SC, TC, JP)."""

    @property
    def cjk(self) -> bool:
        return self.cut is not None

    def profile(self, *, sections: bool = True) -> toolkit.Profile:
        data: dict[str, Any] = {"basics": {"name": self.name, "headline": self.headline}}
        if sections:
            data["basics"]["summary"] = self.summary
            data["experience"] = [
                {
                    "employer": self.employer,
                    "title": self.title,
                    "start": "2021-03",
                    "highlights": [self.bullet],
                }
            ]
        return toolkit.parse_profile(yaml.safe_dump(data, allow_unicode=True))

    def words(self) -> str:
        return self.name + self.headline + self.summary + self.employer + self.title + self.bullet


SAMPLES = [
    Sample(
        "ko-KR",
        "김민준",
        "의무기록 전문가",
        "환자 기록의 정확성과 개인정보 보호를 책임지는 5년 경력의 보건의료정보관리사입니다.",
        "서울대학교병원",
        "의무기록 관리자",
        "하루 45건의 기록 열람 요청을 처리했습니다.",
        cut="KR",
    ),
    Sample(
        "zh-CN",
        "李小龙",
        "病案信息技术员",
        "拥有五年病案管理和信息发布经验的注册卫生信息技术员。",
        "北京协和医院",
        "病案管理员",
        "每天处理45份病历复印申请，两天内完成。",  # noqa: RUF001
        cut="SC",
    ),
    Sample(
        "zh-TW",
        "陳美玲",
        "病歷資訊管理師",
        "具備五年病歷管理與資訊釋出經驗的醫療資訊管理師。",
        "臺大醫院",
        "病歷管理員",
        "每天處理45件病歷複製申請，兩天內完成。",  # noqa: RUF001
        cut="TC",
    ),
    Sample(
        "ja-JP",
        "山田 花子",
        "診療情報管理士",
        "診療記録の品質管理とコーディングに5年間従事しています。",
        "東京大学医学部附属病院",
        "医療事務スタッフ",
        "毎日45件の開示請求を処理しました。",
        cut="JP",
    ),
    Sample(
        "ar-EG",
        "ليلى حداد",
        "أخصائية السجلات الطبية",
        "خمس سنوات من الخبرة في إدارة السجلات الصحية وحماية خصوصية المرضى.",
        "مستشفى القاهرة الجامعي",
        "أخصائية الإفصاح عن المعلومات",
        "عالجت 45 طلبًا يوميًا للإفصاح عن المعلومات.",
    ),
    Sample(
        "he-IL",
        "דנה כהן",
        "מומחית רשומות רפואיות",
        "חמש שנות ניסיון בניהול רשומות רפואיות ובשמירה על פרטיות המטופלים.",
        "המרכז הרפואי תל אביב",
        "רכזת מסירת מידע",
        "טיפלתי ב־45 בקשות למסירת מידע ביום.",
    ),
]
BY_LOCALE = {s.locale: s for s in SAMPLES}
CJK = [s.locale for s in SAMPLES if s.cjk]


@functools.cache
def resume_pdf(locale: str, theme: str = "plain", *, sections: bool = True) -> bytes:
    sample = BY_LOCALE[locale]
    if sample.cjk:
        need_cjk_font()
    p = sample.profile(sections=sections)
    return render(p, "resume", "pdf", locale=locale, theme=theme, document_date=DAY)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("locale", list(BY_LOCALE))
def test_every_script_draws_real_glyphs(locale: str, theme: str) -> None:
    glyphs = drawn_glyphs(resume_pdf(locale, theme))
    bad = unreal_glyphs(resume_pdf(locale, theme))
    assert not bad, f"{len(bad)} characters without a real glyph:\n" + "\n".join(bad[:20])
    # nothing the person wrote went missing on the way
    drawn = {ch for g in glyphs for ch in g.text}
    lost = {ch for ch in BY_LOCALE[locale].words() if not ch.isspace()} - drawn
    assert not lost, f"never drawn: {sorted(lost)}"


@pytest.mark.parametrize("locale", CJK)
def test_cjk_is_drawn_with_the_cut_of_its_language(locale: str) -> None:
    sample = BY_LOCALE[locale]
    han = {
        g.font.name
        for g in drawn_glyphs(resume_pdf(locale))
        if g.text and all(unicodedata.name(c, "").startswith(("CJK", "HANGUL")) for c in g.text)
    }
    assert han, "no CJK glyph drawn"
    cuts = {n.rsplit("-Bold", 1)[0] for n in han}
    assert cuts == {f"Noto-Sans-CJK-{sample.cut}"}, f"drawn with {sorted(han)}"


@pytest.mark.parametrize("locale", [*CJK, "ar-EG", "he-IL"])
def test_bold_text_is_drawn_in_a_bold_face(locale: str) -> None:
    """The name (bold) in a bold font program, the headline (regular) in a regular one:
    a font without a bold face would draw both alike, and bold would not show."""
    sample = BY_LOCALE[locale]
    glyphs = [g for g in drawn_glyphs(resume_pdf(locale, sections=False)) if g.text.strip()]
    lines = ["".join(g.text for g in glyphs if g.line == n) for n in range(2)]
    assert sorted(lines[0]) == sorted(sample.name.replace(" ", "")), "the name is line 0"
    assert sorted(lines[1]) == sorted(sample.headline.replace(" ", "")), "the headline is 1"
    name = {(g.font.name, g.font.weight) for g in glyphs if g.line == 0}
    headline = {(g.font.name, g.font.weight) for g in glyphs if g.line == 1}
    assert name
    assert headline
    assert all(weight >= BOLD for _, weight in name), f"the name is not bold: {name}"
    assert all(weight < BOLD for _, weight in headline), f"the headline is bold: {headline}"


def test_a_character_no_font_has_is_caught() -> None:
    """The check can fail: an Egyptian hieroglyph is in no installed font."""
    p = toolkit.parse_profile('basics:\n  name: "A \U00013000 B"\n')
    bad = unreal_glyphs(render(p, "resume", "pdf", document_date=DAY))
    assert len(bad) == 1
    assert "U+13000" in bad[0]
    assert ".notdef" in bad[0]


# --- headings in the document's language ----------------------------------------------------


def _phrase_tables() -> dict[str, dict[str, str]]:
    text = files("toolkit").joinpath("locales/messages.yaml").read_text("utf-8")
    tables: dict[str, dict[str, str]] = yaml.safe_load(text)
    return tables


@pytest.mark.parametrize("language", ["zh", "ja", "ko"])
def test_cjk_phrase_tables_translate_every_phrase(language: str) -> None:
    tables = _phrase_tables()
    english, table = tables["en"], tables[language]
    assert set(table) == set(english)
    for key, phrase in table.items():
        assert re.findall(r"\{\w+\}", phrase) == re.findall(r"\{\w+\}", english[key]), key
        # (Korean writes the Latin comma)
        if key != "date.range" and (key, language) != ("punctuation.comma", "ko"):
            assert phrase != english[key], f"{key} is still English"
    # the page footer is built around {page} and then {pages} (PDF and Word alike)
    assert table["document.page"].index("{page}") < table["document.page"].index("{pages}")


@pytest.mark.parametrize("variant", ["zh-TW", "zh-HK"])
def test_traditional_chinese_variants_list_only_known_phrases(variant: str) -> None:
    tables = _phrase_tables()
    assert set(tables[variant]) <= set(tables["en"])
    assert "section.experience" in tables[variant]


@pytest.mark.parametrize(
    ("locale", "experience", "present", "resume"),
    [
        ("zh-CN", "工作经历", "至今", "简历"),
        ("zh-TW", "工作經歷", "至今", "履歷"),
        ("ja-JP", "職務経歴", "現在", "職務経歴書"),
        ("ko-KR", "경력", "현재", "이력서"),
    ],
)
def test_cjk_resumes_have_translated_headings_and_present(
    locale: str, experience: str, present: str, resume: str
) -> None:
    ctx = toolkit.build_context(
        BY_LOCALE[locale].profile(), "resume", DocumentOptions(locale=locale, document_date=DAY)
    )
    titles = [s.title for s in ctx.sections]
    assert experience in titles
    assert not any(t.isascii() for t in titles), titles
    job = next(s for s in ctx.sections if s.id == "experience").items[0]
    assert job.dates is not None
    assert job.dates.endswith(present)
    assert ctx.meta.title.endswith(resume)


# --- a title the person wrote, left in another language -------------------------------------


CUSTOM = {
    "basics": {"name": "Maria Lopez"},
    "credentials": [{"name": "RHIT", "issuer": "AHIMA"}],
    "custom": [{"id": "memberships", "title": "Memberships", "entries": [{"title": "AHIMA"}]}],
}


def _warnings(caplog: pytest.LogCaptureFixture, data: dict[str, Any], locale: str) -> list[str]:
    p = toolkit.parse_profile(yaml.safe_dump(data, allow_unicode=True))
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="toolkit"):
        toolkit.build_context(p, "resume", DocumentOptions(locale=locale, document_date=DAY))
    return [r.getMessage() for r in caplog.records if "section title" in r.getMessage()]


def test_an_english_custom_title_in_a_german_resume_is_warned(
    caplog: pytest.LogCaptureFixture,
) -> None:
    (warning,) = _warnings(caplog, CUSTOM, "de-DE")
    assert "'Memberships' (custom[0].title) seems to be in English" in warning
    assert "the document is in German (de-DE)" in warning
    assert "section_titles: {memberships: <the title in German>}" in warning


def test_a_section_title_of_the_preferences_is_checked_too(
    caplog: pytest.LogCaptureFixture,
) -> None:
    data = {**CUSTOM, "preferences": {"section_titles": {"credentials": "Licenses & Certificates"}}}
    found = _warnings(caplog, data, "ko-KR")
    assert len(found) == 2
    assert "preferences.section_titles.credentials" in found[0]
    assert "Korean (ko-KR)" in found[0]


@pytest.mark.parametrize(
    ("title", "locale"),
    [
        ("Memberships", "en-US"),
        ("Memberships", "en-GB"),
        ("Mitgliedschaften", "de-DE"),
        ("Certifications", "fr-FR"),  # French as well as English
        ("회원 활동", "ko-KR"),
        ("所属学会", "ja-JP"),
        ("ICD-10", "zh-CN"),  # an acronym reads the same in any language
    ],
)
def test_a_title_in_the_documents_language_passes(
    caplog: pytest.LogCaptureFixture, title: str, locale: str
) -> None:
    data = {**CUSTOM, "custom": [{**CUSTOM["custom"][0], "title": title}]}
    assert _warnings(caplog, data, locale) == []


@pytest.mark.parametrize(
    ("title", "locale", "found"),
    [
        ("Professional Memberships", "de-DE", "English"),
        ("Publications", "es-ES", "English"),
        ("Berufserfahrung", "en-US", "German"),
        ("Compétences", "de-DE", "French"),
        ("Memberships", "he-IL", "English"),
        ("회원 활동", "en-US", "Korean"),
        ("スキル", "zh-CN", "Japanese"),
        ("Членство", "en-US", "Cyrillic script"),
    ],
)
def test_title_language(title: str, locale: str, found: str) -> None:
    assert title_language(title, get_localizer(locale)) == found


@pytest.mark.parametrize(
    ("locale", "comma"),
    [("ar-AE", "\u060c "), ("zh-CN", "\uff0c"), ("ja-JP", "\u3001"), ("ko-KR", ", ")],
)
def test_a_title_and_its_employer_are_joined_by_the_languages_comma(
    locale: str, comma: str
) -> None:
    profile = toolkit.parse_profile(
        "basics: {name: Ann Lee}\nexperience:\n"
        "  - {title: Coder, employer: Riverbend, start: 2020-01, highlights: [Coded charts.]}\n"
    )
    for fmt in ("html", "md", "txt"):
        text = render(profile, "resume", fmt, locale=locale, document_date=DAY).decode()
        text = re.sub(r"<[^>]+>", "", text)  # the HTML's spans out
        assert f"Coder{comma}Riverbend" in text, (fmt, locale)
    word = WordDocument(io.BytesIO(render(profile, "resume", "docx", locale=locale)))
    assert any(p.text.startswith(f"Coder{comma}Riverbend") for p in word.paragraphs)
