"""Match a profile to a posting: for each requirement, the best proof the profile holds.

Each requirement gets a status, a score in [0, 1], the profile line that proves it, and a
reason in words:

- **credential**: every group of alternatives the posting asks for must be held ("RHIT and
  CCS" is two groups, "RHIT or RHIA or CCS" one); a group is met by an active credential of
  it, partial when it is in progress, exam-eligible or expired (met when the posting accepts
  eligibility); "or equivalent experience" makes a missing credential partial when the
  experience is there; a credential the role pack does not know is looked for, by its name,
  among the profile's credentials and licences only;
- **experience**: the years of the roles that are about the requirement's field (its pack
  terms or the field it names), met when they reach what is asked, partial from half;
- **education**: met when a school entry has the level asked and, when the posting names a
  field, that field (a related field is partial when the posting allows one);
- **language** and **licence**: the profile's languages, licences and credentials;
- **skill, quality, duty**: the share of the pack terms it names that the profile shows
  in a bullet, a listed skill, a title or a credential (a summary mention counts half); a
  statement naming no pack term is compared word by word with the profile's lines.

Conditions of employment (citizenship, a background check, lifting, where to live) are things
to confirm, not evidence: they are listed in :attr:`Match.conditions` and not scored.

Status: met at a score of 0.75 or more, partial from 0.35, else missing ("not in your
profile — add it only if true"). The overall score puts required items first: 100 times
``0.85 R + 0.15 P``, where R is the weighted mean over required qualifications (weight 3) and
duties (weight 1) and P the mean over preferred qualifications (100 R when none are
preferred), so a candidate who meets everything required scores 85 or more whatever the
preferred items say. When fewer than three requirements were read, :attr:`Match.warnings`
says the score says little.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from toolkit.errors import expect
from toolkit.matching.evidence import Line, find, mentions, normalise, profile_lines, shadows
from toolkit.matching.facts import credential_status, vocabulary, years_of_experience
from toolkit.models.common import date_end
from toolkit.models.posting import JobPosting, Requirement
from toolkit.models.profile import Profile
from toolkit.models.rolepack import RolePack, Skill, System
from toolkit.models.select import select

Status = Literal["met", "partial", "missing"]
WEIGHTS = {
    ("required", False): 3.0,
    ("preferred", False): 1.0,
    ("required", True): 1.0,
    ("preferred", True): 1.0,
}
MET, PARTIAL = 0.75, 0.35
_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "or",
        "the",
        "of",
        "to",
        "in",
        "for",
        "with",
        "on",
        "at",
        "by",
        "as",
        "is",
        "are",
        "be",
        "from",
        "your",
        "you",
        "our",
        "we",
        "will",
        "this",
        "that",
        "their",
        "its",
        "it",
        "any",
        "all",
        "other",
        "such",
        "into",
        "per",
        "within",
        "across",
        "using",
        "use",
        "able",
        "ability",
        "experience",
        "knowledge",
        "skills",
        "skill",
        "work",
        "working",
        "strong",
        "good",
        "excellent",
        "including",
        "include",
        "required",
        "preferred",
        "must",
        "plus",
        "years",
        "year",
        "least",
        "minimum",
    ]
)


@dataclass(frozen=True)
class MatchItem:
    """One requirement and how the profile meets it."""

    requirement: Requirement
    status: Status
    score: float
    evidence: Line | None
    reason: str


@dataclass(frozen=True)
class Match:
    """Every requirement with its evidence, and the overall score."""

    job: JobPosting
    items: list[MatchItem]
    score: int
    counts: dict[str, int] = field(default_factory=dict)
    profile: Profile | None = field(default=None, repr=False, compare=False)
    warnings: list[str] = field(default_factory=list)
    """Why the score may say little (too few requirements read)."""
    conditions: list[Requirement] = field(default_factory=list)
    """Conditions of employment to confirm, not scored (citizenship, checks, lifting …)."""
    """The profile matched (its evidence paths are shown as paths in its file)."""

    def for_requirement(self, req_id: str) -> MatchItem:
        """The item of one requirement."""
        return next(i for i in self.items if i.requirement.id == req_id)

    def _file_path(self, path: tuple[str | int, ...]) -> tuple[str | int, ...]:
        return self.profile.file_path(path) if self.profile is not None else path

    def to_data(self) -> dict[str, Any]:
        """Plain data (JSON); evidence paths point at the profile file's lines."""
        return {
            "score": self.score,
            "counts": self.counts,
            "warnings": list(self.warnings),
            "conditions": [c.text for c in self.conditions],
            "job": self.job.model_dump(mode="json", exclude={"text", "segments"}),
            "items": [
                {
                    "requirement": i.requirement.model_dump(mode="json"),
                    "status": i.status,
                    "score": round(i.score, 2),
                    "evidence": None
                    if i.evidence is None
                    else {
                        "text": i.evidence.text,
                        "where": i.evidence.where,
                        "path": list(self._file_path(i.evidence.path)),
                    },
                    "reason": i.reason,
                }
                for i in self.items
            ],
        }


def _words(text: str) -> set[str]:
    return {w for w in normalise(text).split() if w not in _STOP and len(w) > 2}


_SUFFIX = re.compile(r"(?:ations?|ing|ory|ors?|ers?|ed|es|s)$")
"""Endings taken off a word of five letters or more to compare it with its kin."""
_ABBREVIATED_FIELDS = {
    "him": "health information management",
    "hit": "health information technology",
    "hcm": "health care management",
    "cs": "computer science",
    "it": "information technology",
}


def _stems(text: str) -> set[str]:
    """Word stems, abbreviations of fields spelled out: "coding", "coder" and "coded" share
    one; "HIM" is "health information management"."""
    out: set[str] = set()
    for word in normalise(re.sub(r"['\u2019]s?\b", "", text)).split():
        words = _ABBREVIATED_FIELDS.get(word, word).split()
        for w in words:
            if w not in _STOP and len(w) > 2:
                stem = _stem(w)
                out.add(_KIN.get(stem, stem))
    return out


def _stem(word: str) -> str:
    """A word of five letters or more without its ending: "procedures" and "procedure" are
    "procedur", "coding", "coder" and "coded" are "cod"."""
    if len(word) <= 4:
        return word
    stem = _SUFFIX.sub("", word)
    return stem[:-1] if stem.endswith("e") and len(stem) > 4 else stem


_KIN = {
    "lead": "supervis",
    "led": "supervis",
    "manag": "supervis",
    "oversaw": "supervis",
    "healthcar": "health",
    "healthcare": "health",
}
"""Stems that name the same work: leading or managing a team is supervising it."""


def _field_of(text: str | None) -> set[str]:
    """The stems of a requirement's field, without "or a related field" and the like."""
    text = re.sub(
        r"\b(?:or )?(?:an? )?(?:related|similar|equivalent|relevant) "
        r"(?:field|area|discipline|subject)s?\b",
        " ",
        text or "",
        flags=re.I,
    )
    return _stems(text) - _GENERIC_FIELD


def _degree_level(text: str) -> int | None:
    low = text.lower()
    for level, pattern in (
        (4, r"\b(master|mba|msc|msn|m\.s\.)"),
        (
            3,
            r"\bbachelor|\bb\.?s\.?\b|"
            r"\bbsc\b|\bba\b|\bbsn\b",
        ),
        (2, r"\bassociate|\baas\b|\ba\.a\.s|\badn\b"),
        (1, r"\bdiploma|\bged\b|high school|certificate|\bgcses?\b|\ba[- ]levels?\b|leaving cert"),
        (3, r"\bdegree\b"),  # "a degree in a health-related subject": a bachelor's
    ):
        if re.search(pattern, low):
            return level
    return None


def _status(score: float) -> Status:
    return "met" if score >= MET else "partial" if score >= PARTIAL else "missing"


def _credential_item(
    req: Requirement, profile: Profile, pack: RolePack, words: list[str], years: float
) -> tuple[float, Line | None, str]:
    """Every group must be held; within a group, any alternative."""
    lines = {line.path: line for line in profile_lines(profile)}
    results: list[tuple[float, Line | None, str]] = []
    for group in req.credentials:
        names = " or ".join(pack.credential(c).abbreviation for c in group)
        first = pack.credential(group[0])
        to_earn = " ".join(first.requirements.split())
        best: tuple[float, Line | None, str] = (
            0.0,
            None,
            f"{names} is not in your profile; to earn {first.abbreviation}: {to_earn}",
        )
        for cred_id in group:
            info = pack.credential(cred_id)
            status, note, cred = credential_status(info, list(profile.credentials), words)
            if cred is None:
                continue
            line = lines.get(("credentials", profile.credentials.index(cred), "name"))
            if status == "met":
                found = (1.0, line, f"you hold {info.abbreviation}")
            elif req.eligible and cred.status == "eligible":
                found = (1.0, line, f"you are eligible for {info.abbreviation}, which is accepted")
            else:
                reason = f"{info.abbreviation} is {note}"
                value = 0.5
                if req.within_months and cred.status in ("in progress", "eligible"):
                    reason += f", which the posting accepts ({req.within_months} months after hire)"
                    value = 1.0
                found = (value, line, reason)
            if found[0] > best[0]:
                best = found
        results.append(best)
    value = min(r[0] for r in results)
    if value == 0 and len(results) > 1:
        value = 0.5 * max(r[0] for r in results)  # "RHIT and CCS" with RHIT: half, never met
    weakest = min(results, key=lambda r: r[0])
    line = weakest[1] or next((r[1] for r in results if r[1] is not None), None)
    reason = "; ".join(r[2] for r in results)
    if value < 1 and req.or_equivalent and req.years and years >= req.years:
        value = max(value, 0.5)
        reason += "; equivalent experience is accepted and you have it"
    return value, line, reason


def _earned_status(profile: Profile, line: Line) -> str | None:
    """The status of the credential or licence a line names."""
    kind, n = line.path[0], line.path[1]
    entries = profile.credentials if kind == "credentials" else profile.licences
    if isinstance(n, int) and kind in ("credentials", "licences") and n < len(entries):
        return entries[n].status
    return None


def _named_credential_item(
    req: Requirement, profile: Profile, lines: list[Line]
) -> tuple[float, Line | None, str]:
    """A credential the role pack does not know ("CHIM", "NVQ Level 3"): only the profile's
    credentials, licences and qualifications (an NVQ is a school entry) can prove it, by its
    name."""
    held = [line for line in lines if line.kind in ("credential", "education")]
    for name in req.named:
        bracket = re.fullmatch(r"(.+?) \((\w[\w-]*)\)", name)  # "… Specialist (CRIS)"
        spellings = [bracket.group(1), bracket.group(2)] if bracket else [name]
        pattern = re.compile(
            r"(?<![\w])(?:" + "|".join(re.escape(w.casefold()) for w in spellings) + r")(?![\w])"
        )
        for line in held:
            if pattern.search(line.text.casefold()):
                status = _earned_status(profile, line)
                if status not in (None, "active"):
                    return 0.5, line, f"{name} is {status}"
                return 1.0, line, f"you hold {name}"
    names = " or ".join(req.named) or "the credential"
    return 0.0, None, f"{names} is not among your credentials"


_LANGUAGES = [
    *(  # noqa: SIM905
        "english french spanish welsh irish gaelic german italian portuguese polish arabic urdu "
        "punjabi hindi bengali mandarin cantonese chinese vietnamese tagalog korean japanese "
        "russian somali farsi turkish greek romanian ukrainian creole haitian"
    ).split(),
    *("american sign language", "british sign language", "sign language", "asl", "bsl"),
]


def _language_item(req: Requirement, profile: Profile) -> tuple[float, Line | None, str]:
    asked = [lang for lang in _LANGUAGES if re.search(rf"\b{lang}\b", req.text, re.I)]
    asked = [a for a in asked if not any(a != b and a in b for b in asked)]  # ASL, not "sign"
    if len(asked) > 1 and "english" in asked:
        asked.remove("english")  # "Bilingual English/Spanish": the Spanish is what is asked
    spoken = {lang.language.casefold(): lang.fluency or "" for lang in profile.languages}
    have = [(lang, f) for lang in asked for s, f in spoken.items() if lang in s]
    if have:
        lang, fluency = have[0]
        if re.search(r"basic|elementary|beginner|limited|some", fluency, re.I):
            return 0.5, None, f"you list {lang.title()} ({fluency})"
        return 1.0, None, f"you list {lang.title()}"
    locale = profile.preferences.locale if profile.preferences else None
    if asked == ["english"] and (locale or "en").startswith("en"):
        return 1.0, None, "your profile is written in English"
    if not asked:
        return 0.0, None, "no language named"
    for line in profile_lines(profile):  # "interpreted for Haitian Creole-speaking patients"
        if line.kind == "highlight" and any(
            re.search(rf"\b{lang}\b", line.text, re.I) for lang in asked
        ):
            return 1.0, line, "your work shows it"
    return 0.0, None, " or ".join(lang.title() for lang in asked) + " is not in your languages"


def _licence_item(
    req: Requirement, profile: Profile, lines: list[Line]
) -> tuple[float, Line | None, str]:
    """A driving licence, or another licence the requirement names ("Notary Public")."""
    key = "driv" if re.search(r"driv|car\b|vehicle", req.text, re.I) else None
    words = _stems(req.text) - _VAGUE - {"licence", "license", "current", "valid", "full"}
    for line in lines:
        if line.kind != "credential":
            continue
        named = re.search(key, line.text, re.I) if key else (words & _stems(line.text))
        if named:
            status = _earned_status(profile, line)
            if status not in (None, "active"):
                return 0.5, line, f"{line.text} is {status}"
            return 1.0, line, f"you list {line.text}"
    return 0.0, None, "no such licence in your profile"


def _role_line(
    profile: Profile, req: Requirement, pack: RolePack, words: list[str], lines: list[Line]
) -> Line | None:
    """A bullet (else the title) of the longest-held role about what is asked."""
    jobs = _relevant_jobs(profile, req, pack, words)
    if not jobs or (len(jobs) == len(profile.experience) and not req.field):
        return None
    wanted = _field_of(req.field) or _field_of(req.text) - _VAGUE
    for n in jobs:
        for line in lines:
            if (
                line.path[:2] == ("experience", n)
                and line.kind == "highlight"
                and wanted & _stems(line.text)
            ):
                return line
    # a role is about it by its title: its first bullet shows the work better than the title
    first = next(
        (ln for ln in lines if ln.path[:2] == ("experience", jobs[0]) and ln.kind == "highlight"),
        None,
    )
    return first or next((ln for ln in lines if ln.path == ("experience", jobs[0], "title")), None)


def _relevant_jobs(
    profile: Profile, req: Requirement, pack: RolePack, words: list[str]
) -> list[int]:
    """The roles that are about what an experience requirement asks (its pack terms, or the
    field it names); all of them when it names neither."""
    spellings: list[str] = []
    for term in req.terms:
        spellings += pack.skill_or_system(term).spellings()
    hide = shadows(spellings, words)
    # "in a GP surgery or another healthcare administration role": either will do
    fields = [(f, max(1, len(f) // 2)) for f in map(_field_of, _alternatives(req.field)) if f]
    if not spellings and not fields:
        field_words = {  # "1 year operating a forklift"
            w for w in _field_of(req.text) - _VAGUE if len(w) > 3
        }
        fields = [(field_words, min(2, len(field_words)))] if field_words else []
    if not spellings and not fields:
        return list(range(len(profile.experience)))
    out = []
    for n, job in enumerate(profile.experience):
        parts = [job.title, job.employer, job.description, job.summary]
        text = " ".join(filter(None, [*parts, *(h.text for h in job.highlights)]))
        about_terms = bool(spellings) and mentions(text, spellings, hide) is not None
        stems = _stems(text)
        if spellings:  # the pack knows the work: the field's words together in one line
            pieces = [p for p in [job.title, job.summary, *(h.text for h in job.highlights)] if p]
            about_field = any(
                f <= _stems(p) and _close_together(p, f) for f, _ in fields for p in pieces
            )
        else:
            about_field = any(len(f & stems) >= enough for f, enough in fields)
        if about_terms or about_field:
            out.append(n)
    return out


def _alternatives(field: str | None) -> list[str]:
    """A field's alternatives when it offers another ("a GP surgery or another healthcare
    administration role"); "a sit-down or stand-up forklift" stays one field."""
    if not field:
        return []
    return re.split(r",?\s+or\s+(?:an)?other\s+|,?\s+or\s+(?:any\s+)?other\s+", field)


_GENERIC_FIELD = frozenset(
    "setting role environment office position field area related similar relevant science "  # noqa: SIM905
    "scienc sciences applied arts studies study general associate bachelor master degree "
    "center centre cent".split()
)


_SETTINGS = {
    "an acute care hospital": re.compile(
        r"\b(?:acute[\s-]care|hospitals?|medical cent(?:er|re)|inpatient|trauma cent(?:er|re)|"
        r"\d+-bed|acute (?:NHS )?trust|NHS (?:foundation )?trust)\b",
        re.I,
    ),
    "long-term care": re.compile(
        r"\b(?:long[\s-]term care|nursing (?:home|facility)|skilled nursing|care home|"
        r"assisted living|post-acute)\b",
        re.I,
    ),
    "a physician practice": re.compile(
        r"\b(?:physician(?:'s)? (?:practice|office)|medical (?:practice|office|group)|"
        r"(?:family|group|private|specialty) practice|clinics?|surgery|ambulatory|outpatient)\b",
        re.I,
    ),
}
"""Care settings a posting may ask the experience to be in, and the words that place a role."""
_SETTING_ASKED = {
    "an acute care hospital": re.compile(
        r"\b(?:acute[\s-]care|(?:in|at) an? (?:\w+ )?hospital|hospital (?:setting|environment)|"
        r"inpatient setting|acute (?:NHS )?trust|acute hospital)\b",
        re.I,
    ),
    "long-term care": _SETTINGS["long-term care"],
    "a physician practice": re.compile(
        r"\b(?:physician(?:'s)? (?:practice|office)|medical (?:practice|office)|"
        r"ambulatory (?:care )?setting|clinic setting|outpatient setting)\b",
        re.I,
    ),
}
"""How a requirement names a setting ("in an acute care hospital", "hospital setting")."""


def _setting_asked(req: Requirement) -> str | None:
    return next((name for name, asked in _SETTING_ASKED.items() if asked.search(req.text)), None)


def _in_setting(job: Any, setting: str) -> bool:
    text = " ".join(filter(None, [job.employer, job.title, job.description, job.summary]))
    return _SETTINGS[setting].search(text) is not None


_KINDS = ("inpatient", "outpatient")
"""Kinds of work a requirement may ask its experience to be ("3 years of inpatient coding")."""
_SETTING_WORDS = frozenset({"acute", "care", "hospital", "setting", "environment", "facility"})


def _kind_asked(req: Requirement) -> str | None:
    field = (req.field or "").casefold()
    return next((k for k in _KINDS if re.search(rf"\b{k}\b", field)), None)


def _does_kind(job: Any, kind: str, core: set[str]) -> bool:
    """Whether a role shows the kind of work next to the work itself ("coded inpatient
    stays", "Inpatient Coder"), not only somewhere in it."""
    for text in [job.title, job.summary or "", *(h.text for h in job.highlights)]:
        if re.search(rf"\b{kind}\b", text, re.I) and (
            not core or (core & _stems(text) and _close_together(text, {kind, *core}))
        ):
            return True
    return False


def _experience_item(
    req: Requirement, profile: Profile, pack: RolePack, words: list[str], today: date
) -> tuple[float, str]:
    wanted = req.years or 0
    jobs = _relevant_jobs(profile, req, pack, words)
    setting = _setting_asked(req)
    if setting and req.field:  # the roles about the work itself, then those in the setting
        field = _SETTING_ASKED[setting].sub(" ", req.field)
        field = re.sub(r"\b(?:in|at)\s+(?:an?\s+)?(?:NHS\s+)?$", " ", field.strip())
        req = req.model_copy(update={"field": field.strip() or None})
        jobs = _relevant_jobs(profile, req, pack, words)
    if setting and jobs:
        placed = [n for n in jobs if _in_setting(profile.experience[n], setting)]
        if not placed:
            score, reason = _experience_item(
                req.model_copy(update={"text": _SETTING_ASKED[setting].sub(" ", req.text)}),
                profile,
                pack,
                words,
                today,
            )
            return min(score, 0.5), reason + f", but none of it in {setting}"
        jobs = placed
    kind = _kind_asked(req)
    if kind:  # "3 years of inpatient coding": the coding roles, then those doing it inpatient
        core = _field_of(req.field) - {kind} - _SETTING_WORDS
        without = re.sub(rf"\b{kind}\b", " ", req.field or "", flags=re.I).strip()
        core_req = req.model_copy(  # its pack terms name the kind too ("inpatient coding")
            update={"field": without or None, "terms": [], "text": without or req.text}
        )
        about = sorted({*jobs, *_relevant_jobs(profile, core_req, pack, words)})
        doing = [n for n in about if _does_kind(profile.experience[n], kind, core)]
        if not doing:
            score, reason = _experience_item(core_req, profile, pack, words, today)
            return min(score, 0.5), reason + f", but none of it {kind}"
        jobs = doing
    subset = profile.model_copy(update={"experience": [profile.experience[n] for n in jobs]})
    years = years_of_experience(subset, today)
    where = "in roles about this" if len(jobs) < len(profile.experience) else "in your profile"
    if wanted <= 0:
        return (1.0 if jobs else 0.0), (
            "no length of experience stated" if jobs else "no role of yours is about this"
        )
    ratio = min(years / wanted, 1.0)
    score = 1.0 if ratio >= 1 else 0.5 if ratio >= 0.5 else ratio
    return score, f"{years:g} years {where} against {wanted:g} asked"


_DEGREE_WORDS = frozenset(
    {
        "adn", "bsn", "msn", "aas", "bsc", "msc", "mba", "required", "prefer", "preferred",
        "equivalent", "relat", "related", "field", "higher", "level", "year", "years", "four",
        "two", "from", "completion", "completed", "current", "recognis", "recogniz",
    }
)  # fmt: skip
_SCHOOLING = frozenset(
    {"accredit", "accredited", "program", "programme", "graduate", "school", "college", "course"}
)
"""Words every school entry may share with a requirement without being in its field."""


def _education_item(
    req: Requirement, profile: Profile, pack: RolePack, today: date
) -> tuple[float, Line | None, str]:
    """The best school entry for an education requirement: the level and field asked; a
    programme not finished yet, or a lower one in the role's own field, is partial."""
    score, line, reason = _schooling(req, profile, pack.fields_of_study)
    if score > 0.5 and line is not None:
        school = profile.education[int(line.path[1])]
        if school.end and date_end(school.end) > today:
            return 0.5, line, f"{reason}, once you graduate (expected {school.end})"
        said = " ".join(filter(None, [school.degree, school.area, school.summary]))
        if _UNFINISHED.search(said):
            return 0.5, line, f"{reason}, but it is not finished"
        below = _below_grade(req.text, school)
        if below:
            return 0.5, line, below
    return score, line, reason


_SUBJECTS = {"english": r"english", "maths": r"math", "science": r"science"}


def _below_grade(text: str, school: Any) -> str | None:
    """A subject the posting asks at a minimum numeric grade ("GCSE English and Maths at grade
    4/C or above") that the school entry lists lower ("Mathematics (grade 3)")."""
    asked = re.search(r"\bgrades?\s+(\d)\b", text, re.I)
    if asked is None:
        return None
    floor = int(asked.group(1))
    listed = [*school.courses, school.summary or ""]
    for subject, pattern in _SUBJECTS.items():
        if not re.search(rf"\b{pattern}", text, re.I):
            continue
        for entry in listed:
            for found in re.finditer(rf"\b{pattern}\w*[^,;.]*?\bgrade\s+(\d)", entry, re.I):
                if int(found.group(1)) < floor:
                    return f"{subject.title()} at grade {found.group(1)}, below the {floor} asked"
    return None


_UNFINISHED = re.compile(
    r"\b(?:not (?:yet )?(?:completed|finished|awarded)|incomplete|unfinished|in progress|"
    r"currently enrolled|ongoing|coursework towards|\d+ of \d+ credits)\b",
    re.I,
)
"""A school entry saying the programme was not finished."""


def _schooling(
    req: Requirement, profile: Profile, fields: list[str]
) -> tuple[float, Line | None, str]:
    wanted = _degree_level(req.text)
    field_words = _field_of(req.field)
    if not field_words and wanted is not None and wanted >= 2:  # "an accredited nursing program"
        field_words = _stems(req.text) - _GENERIC_FIELD - _SCHOOLING - _DEGREE_WORDS - _VAGUE
    related_ok = re.search(r"\b(?:related|equivalent|similar)\b", req.text, re.I) is not None
    lines = [line for line in profile_lines(profile) if line.path[0] == "education"]
    best: tuple[float, Line | None, str] = (0.0, None, "no matching education in your profile")
    for n, school in enumerate(profile.education):
        studied = " ".join(filter(None, [school.degree, school.area]))
        level = _degree_level(" ".join(filter(None, [studied, school.institution])))
        line = next((ln for ln in lines if ln.path[:2] == ("education", n)), None)
        same_field = not field_words or bool(field_words & _stems(studied))
        if wanted is None or level is None:
            overlap = (_stems(req.text) - _GENERIC_FIELD - _SCHOOLING) & _stems(studied)
            if overlap and same_field:
                best = max(best, (0.75, line, "related study"), key=lambda b: b[0])
            continue
        if not same_field:
            # a programme in the role's own field ("Medical Coding" for "HIT") is related
            kin = mentions(studied, fields) is not None and (
                mentions(req.field or req.text, fields) is not None
            )
            value = 0.5 if (related_ok and level >= wanted) or kin else 0.0
            reason = (
                f"your {studied} is a related programme"
                + (", at a lower level than asked" if level < wanted else "")
                if kin
                else f"your {studied} is not in {req.field}"
            )
            best = max(best, (value, line, reason), key=lambda b: b[0])
            continue
        if level >= wanted:
            return 1.0, line, "your education meets the level asked"
        best = max(best, (0.5, line, "a lower level of study than asked"), key=lambda b: b[0])
    if wanted == 1 and profile.experience and best[0] == 0:
        # a diploma is implied by any post-secondary entry; otherwise say it is not shown
        return 0.0, None, "not shown in your profile (add your diploma if you have one)"
    return best


_NOT_DOING_BEFORE = re.compile(
    r"\b(?:no|without|passed|underwent|survived|received|during|trained by|reported to|"
    r"redirected|referred|forwarded|"
    r"supported by|subject of|aiming|hoping|looking|seeking|want|wanting|interested in)\b"
    r"(?:\W+\w+){0,3}\W*$",
    re.IGNORECASE,
)
_NOT_DOING_AFTER = re.compile(
    r"^\W*(?:findings|results|scores?|passed)\b"  # "no audit findings"
    r"|^\s+(?:office|department|desk|window)\b",  # "notes to the clinical coding office"
    re.IGNORECASE,
)


_RECEIVED = re.compile(
    r"^\W*(?:was\s+|been\s+)?(?:mentored|coached|trained|taught|precepted|supervised|onboarded|"
    r"shadowed)\s+by\b|\bcompleted (?:my |the |a )?(?:\w+ )?onboarding\b",
    re.I,
)
"""A line about what someone gave the person: training, mentoring, supervision received."""
TRAINING_RECEIVED = re.compile(
    r"\b(?:completed|attended|received|passed)\b[^.;]*\btraining\b", re.I
)
"""A line about training the person received ("Completed annual HIPAA training"): fine on a
resume, but no example of doing the work (the letter and the interview sheet skip it)."""
_GIVING = re.compile(
    r"\b(?:train|mentor|coach|teach|taught|precept|supervis|onboard|educat|lead|led)", re.I
)


def _doing(text: str, matched: str, *, proper: bool) -> bool:
    """Whether a line that names a term shows the person doing it: not "no audit findings",
    "passed external audits", "trained by", "looking for my first coding role"; a system
    named as a proper noun keeps its capital ("an epic conversion" is not Epic)."""
    parts = matched.casefold().split()
    parts[-1] = parts[-1].removesuffix("s") if len(parts[-1]) > 4 else parts[-1]
    spaced = (
        r"[\s-]+".join(re.escape(part) for part in parts) + "s?"
    )  # "abstracts" names "abstract"
    found = re.search(spaced, text.casefold())
    if found is None:
        return True
    at = found.start()
    written = text[at : found.end()]
    if proper and written[:1].islower():
        return False
    if " " not in matched.strip() and re.search(r"\b(?:the|an?)\s*+$", text[:at], re.I):
        return False  # "co-wrote the abstract for a poster" is not abstracting
    before, after = text[:at], text[found.end() :]
    if _RECEIVED.search(text) and _GIVING.search(written):
        return False  # "Mentored by the coding educator through onboarding" is not training

    if re.search(r"\b(?:redirected|referred|forwarded)\b", before, re.I):
        return False  # "Redirected walk-in requests to the ROI desk" is not doing ROI
    return not (_NOT_DOING_BEFORE.search(before) or _NOT_DOING_AFTER.search(after))


def shows_doing(text: str, matched: str, *, proper: bool = False) -> bool:
    """Whether a line naming a term shows the person doing it (see :func:`_doing`): the
    letter and the interview sheet quote only such lines."""
    return _doing(text, matched, proper=proper)


def _first_named(text: str, spellings: list[str]) -> int:
    """Where a statement first names a term (far past its end when it does not)."""
    folded = text.casefold()
    spots = [folded.find(w.casefold()) for w in spellings]
    return min((i for i in spots if i >= 0), default=9_999)


_SHOWS = {"highlight": 0, "skill": 1, "credential": 1, "title": 2}
"""Which lines show a term best, when two are as strong."""


def _by_stems(lines: list[Line], spellings: list[str]) -> Line | None:
    """A bullet, title or skill holding every word of a term of two words or more, in any
    form and order ("Audited 40 inpatient charts" for "chart audits"), doing it."""
    for spelling in spellings:
        stems = _stems(spelling)
        if len(stems) < 2:
            continue
        for line in lines:
            if (
                line.kind in ("highlight", "title", "skill")
                and stems <= _stems(line.text)
                and _close_together(line.text, stems)
                and not _NOT_DOING_ANYWHERE.search(line.text)
            ):
                return line
    return None


_NOT_DOING_ANYWHERE = re.compile(
    r"\b(?:no|without|passed|underwent|survived|received|trained by|reported to|supported by|"
    r"looking for|seeking|hoping|redirected|referred|forwarded)\b|\bfindings\b",
    re.IGNORECASE,
)


def _close_together(text: str, stems: set[str]) -> bool:
    """Whether a term's words stand near each other in a line (within three words)."""
    tokens = [_stems(w) for w in normalise(text).split()]
    places = [i for i, t in enumerate(tokens) if t & stems]
    return bool(places) and places[-1] - places[0] <= len(stems) + 2


_PLACE = re.compile(r"\b(?:[\w-]+\s+){1,2}(?:office|department|desk|window)\b", re.I)
"""Words naming where work is done, not what the person did."""
_HANDED_ON = re.compile(
    r"\b(?:flagged|routed|escalated|referred|forwarded|handed)\b(?:\W+\w+){0,12}?\W+to\b", re.I
)
"""A line showing work passed to someone else to do."""
_QUALIFIER = re.compile(
    r"\b(?:in (?:compliance|accordance|line) with|according to|consistent with|"
    r"as required by|following)\b",
    re.I,
)
"""Where a statement turns from the work to the rules it follows."""


def _bullet_of(title: Line, lines: list[Line], wanted: set[str]) -> Line | None:
    """The bullet of a title's role that shares most words with what is asked (its first
    bullet when none does): the title says the role is about it, the bullet shows the work."""
    bullets = [
        ln
        for ln in lines
        if ln.path[:2] == title.path[:2]
        and ln.kind == "highlight"
        and not _NOT_DOING_ANYWHERE.search(ln.text)
    ]
    return max(bullets, key=lambda ln: len(wanted & _stems(ln.text)), default=None)


_SUBSTITUTE = re.compile(
    r"\b(?:may|can) be (?:substituted|used|accepted) (?:for|in (?:place|lieu) of|instead of)|"
    r"\bsubstitut\w* for (?:the |some |all )?(?:specialized |required )?experience|\bin lieu of\b",
    re.I,
)
"""A statement offering study in place of experience."""
_KNOWING = re.compile(
    r"\b(?:knowledge|understanding|familiar(?:ity)?|grasp|aware(?:ness)?)\b", re.I
)
"""A statement asking for knowledge, which a credential's exam shows, not for doing the work."""
CREDENTIAL_SHOWS = 1.0
"""What a held credential whose exam covers a skill counts for a statement asking to know it:
as much as listing the skill."""


def _covered_by_credentials(
    profile: Profile, pack: RolePack, words: list[str]
) -> dict[str, tuple[Line, str]]:
    """The skills the profile's active credentials cover, in the pack's words (CCA covers
    medical terminology): each with the credential's line and abbreviation."""
    lines = {line.path: line for line in profile_lines(profile)}
    out: dict[str, tuple[Line, str]] = {}
    for info in pack.credentials:
        status, _, cred = credential_status(info, list(profile.credentials), words)
        line = lines.get(("credentials", profile.credentials.index(cred), "name")) if cred else None
        if status != "met" or line is None:
            continue
        for skill in info.skills:
            out.setdefault(skill, (line, info.abbreviation))
    return out


def _terms_item(
    req: Requirement,
    pack: RolePack,
    lines: list[Line],
    words: list[str],
    covered: dict[str, tuple[Line, str]] | None = None,
) -> tuple[float, Line | None, str]:
    """How a statement's pack terms are shown: each by a line naming it and doing it, or,
    for a statement asking to know it, by a credential whose exam covers it (``covered``)."""
    if req.terms:
        found: list[tuple[str, Line, float]] = []
        named_at: dict[str, int] = {}
        missed_at: dict[str, int] = {}
        missing: list[str] = []
        via: dict[str, str] = {}
        for term in req.terms:
            item = pack.skill_or_system(term)
            spellings = item.spellings()
            narrower: list[Skill | System] = [*pack.skills, *pack.systems]
            for other in narrower:
                if term in other.satisfies:
                    spellings += other.spellings()
            proper = isinstance(item, System) and item.name[:1].isupper()
            evidence = sorted(
                (
                    e
                    for e in find(lines, spellings, shadows(spellings, words))
                    if _doing(e.line.text, e.matched, proper=proper)
                ),
                key=lambda e: (-e.line.strength, _SHOWS.get(e.line.kind, 3)),
            )  # a bullet that shows it before a title that names it
            line = evidence[0].line if evidence else None
            if line is None:  # a description ("inpatient procedure coding"), not a proper name
                line = _by_stems(lines, [w for w in spellings if not proper or w[:1].islower()])
            strength = line.strength if line is not None else 0.0
            if line is None and covered and term in covered:
                line, abbreviation = covered[term]
                strength = CREDENTIAL_SHOWS
                via[item.name] = abbreviation
            if line is not None:
                found.append((item.name, line, strength))
                named_at[item.name] = _first_named(req.text, spellings)
            else:
                missing.append(item.name)
                missed_at[item.name] = _first_named(req.text, spellings)
        if not found:
            return 0.0, None, f"{', '.join(missing)} not in your profile"
        rule = _QUALIFIER.search(req.text)
        if rule and missing and all(named_at[n] > rule.start() for n, _, _ in found):
            # "Process ROI requests in compliance with HIPAA": knowing HIPAA is not ROI work
            shown = ", ".join(n for n, _, _ in found)
            return 0.0, None, f"{', '.join(missing)} not in your profile (only {shown})"
        # the best-shown term carries a short statement; a list of three or more needs more
        share = sum(s for _, _, s in found) / len(req.terms)
        base = 0.75 if len(req.terms) <= 2 else 0.5
        score = max(s for _, _, s in found) * (base + (1 - base) * share)
        if missed_at and min(missed_at.values()) < min(named_at.values(), default=9_999):
            score = min(score, 0.5)  # what the statement is about (named first) is not shown
        # the line that shows most of the terms, the stronger first
        best_line = max(
            found,
            key=lambda f: (
                sum(1 for g in found if g[1] is f[1]),
                f[2],
                -named_at.get(f[0], 9_999),  # the term the statement names first leads
            ),
        )[1]
        if best_line.kind == "title":  # the role's bullet about it shows the work itself
            best_line = _bullet_of(best_line, lines, _stems(req.text) - _VAGUE) or best_line
        reason = "shows " + ", ".join(
            f"{n} (your {via[n]} covers it)" if n in via else n for n, _, _ in found
        )
        if _HANDED_ON.search(best_line.text):
            score = min(score, 0.5)  # "flagged and routed duplicates to HIM" is not resolving
            reason += " (passed on to others, not done)"
        if missing:
            reason += "; not shown: " + ", ".join(missing)
        return score, best_line, reason
    if re.search(r"\b(certified|certification|credential|licen[cs]ed?)\b", req.text, re.I):
        # a credential the pack does not know: only the profile's credentials can prove it
        lines = [line for line in lines if line.kind == "credential"]
    wanted = _stems(req.text) - _VAGUE
    if not wanted:
        return 0.0, None, "nothing to compare"
    best: tuple[float, Line | None] = (0.0, None)
    for line in lines:
        if line.kind == "title":  # a trainee coder shares every word of "mentor trainee coders"
            continue
        # "notes to the clinical coding office" names a place, not the work
        shared = wanted & _stems(_PLACE.sub(" ", line.text))
        if len(shared) < 2:
            continue  # one shared word ("report", "every") is not the same thing
        share = len(shared) / min(len(wanted), 6)  # a long statement is not all to be shown
        # words in common are a hint, not proof: partial, met only when most words are shared
        score = (0.8 if share >= 0.6 else 0.5 if share >= 0.2 else 0.0) * line.strength
        if score > best[0]:
            best = (score, line)
    if best[1] is None or best[0] < 0.25:
        return 0.0, None, "no line of your profile says this"
    shared_words = [w for w in re.findall(r"[A-Za-z][\w-]+", best[1].text) if _stems(w) & wanted]
    by_stem: dict[frozenset[str], str] = {}
    for w in shared_words:  # "charts" and "Chart" are one word
        by_stem.setdefault(frozenset(_stems(w)), w)
    unique = list(by_stem.values())
    return best[0], best[1], "shares the words " + ", ".join(unique[:6])


_VAGUE = frozenset(
    {
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "complete",
        "completed",
        "findings",
        "patient",
        "patients",
        "every",
        "each",
        "daily",
        "weekly",
        "monthly",
        "new",
        "all",
        "some",
        "more",
        "most",
        "well",
        "high",
        "first",
        "before",
        "after",
        "under",
        "over",
        "within",
        "across",
        "into",
        "keeping",
        "keep",
        "able",
        "good",
        "strong",
        "level",
        "levels",
        "time",
        "times",
        "work",
        "team",
        "help",
        "make",
        "need",
        "needs",
        "people",
        "ensure",
        "maintain",
        "provide",
        "support",
    }
)
"""Words too common in postings and profiles to tell two statements are about one thing."""


def match_profile(
    profile: Profile,
    job: JobPosting,
    pack: RolePack,
    today: date | None = None,
    *,
    include_private: bool = False,
) -> Match:
    """Match every requirement of ``job`` with the profile's best evidence.

    Args:
        profile: the profile; what it marks ``private`` is no evidence unless
            ``include_private`` (the documents pass a profile already selected for them).
        job: the posting (from :func:`toolkit.load_job`).
        pack: the role pack to read it with (:func:`toolkit.roles.pack_for`).
        today: the date years of experience are counted to.

    Raises:
        ArgumentError: for arguments of the wrong type.
    """
    expect("profile", profile, Profile)
    expect("job", job, JobPosting)
    expect("pack", pack, RolePack)
    if not include_private:
        profile = select(profile)
    today = today or date.today()
    lines = profile_lines(profile)
    words = vocabulary(pack)
    years = years_of_experience(profile, today)
    items: list[MatchItem] = []
    conditions: list[Requirement] = []
    generic = job.role_fit == "none"
    for req in job.requirements:
        evidence: Line | None = None
        if generic and req.terms:  # no pack fits: its terms are coincidences, compare words
            req = req.model_copy(update={"terms": []})
        if req.kind == "condition":
            conditions.append(req)
            continue
        if req.kind == "credential" and req.credentials:
            score, evidence, reason = _credential_item(req, profile, pack, words, years)
        elif req.kind == "credential" and req.named:
            score, evidence, reason = _named_credential_item(req, profile, lines)
        elif req.kind == "experience" and not req.years:
            score, evidence, reason = _terms_item(req, pack, lines, words)
        elif req.kind == "experience":
            score, reason = _experience_item(req, profile, pack, words, today)
            terms_score, evidence, terms_reason = _terms_item(req, pack, lines, words)
            if not req.terms:  # words in common are no evidence: a bullet of a role about it
                evidence = None
            if evidence is None and score > 0:
                evidence = _role_line(profile, req, pack, words, lines)
            if req.terms:
                score = min(score, max(terms_score, 0.5 if score >= 0.5 else terms_score))
                reason += "; " + terms_reason
        elif req.kind == "education":
            score, evidence, reason = _education_item(req, profile, pack, today)
            if req.terms:  # coursework in a subject: the courses that name it
                schooling = [line for line in lines if line.path[0] == "education"]
                by_terms = _terms_item(req, pack, schooling, words)
                coursework = re.search(r"\bcourse", req.text, re.I) and by_terms[1] is not None
                if by_terms[0] >= score or coursework:
                    score = max(score, by_terms[0])
                    evidence, reason = by_terms[1], by_terms[2]
        elif req.kind == "language":
            score, evidence, reason = _language_item(req, profile)
        elif req.kind == "licence":
            score, evidence, reason = _licence_item(req, profile, lines)
        else:
            knowing = _KNOWING.search(req.text) is not None
            covered = _covered_by_credentials(profile, pack, words) if knowing else {}
            score, evidence, reason = _terms_item(req, pack, lines, words, covered)
        if req.kind == "education" and _SUBSTITUTE.search(req.text):
            # "a bachelor's degree may be substituted for the experience": another way in
            req = req.model_copy(update={"importance": "preferred"})
            reason += "; another way to qualify than the experience asked, so not required"
        if req.kind == "experience" and evidence is not None and evidence.path[0] == "education":
            score = min(score, 0.5)  # an externship or a course is exposure, not a job
            reason += "; shown in your studies, not in a job"
        items.append(MatchItem(req, _status(score), score, evidence, reason))
    score, warnings = overall_score(items)
    if score > 0 and len(job.keywords) >= 2:  # scaled by how much of what is required is met
        bonus = depth_bonus(profile, job, pack, words, today) * score / 100
        score = min(100, round(score + bonus))
    if generic or (len(job.keywords) < 2 and not job.credentials and job.requirements):
        warnings.append(
            "no role pack fits this posting (neither its title nor its terms are those of a "
            "role the toolkit knows): it may be another kind of job, and its requirements "
            "were compared word by word"
        )
    elif job.role_fit == "tie":
        warnings.append(
            f"the posting fits more than one role pack equally; it was read with {pack.title} "
            "(choose another with --role)"
        )
    counts = {s: sum(1 for i in items if i.status == s) for s in ("met", "partial", "missing")}
    return Match(job, items, score, counts, profile, warnings, conditions)


DEPTH_POINTS = 5
"""At most this many points for years in the posting's own work beyond what it asks."""


def depth_bonus(
    profile: Profile, job: JobPosting, pack: RolePack, words: list[str], today: date
) -> int:
    """Up to :data:`DEPTH_POINTS` for the years of the roles about the posting's own terms
    (its five most named), full at twice the years it asks (four when it asks none): of two
    candidates who both meet a requirement, the one who has done the work longer ranks first.
    The match adds it in proportion to its score, so it cannot lift an unrelated job."""
    terms = job.keywords[:5]
    probe = Requirement(id="depth", text="", kind="experience", importance="required", terms=terms)
    jobs = _relevant_jobs(profile, probe, pack, words)
    subset = profile.model_copy(update={"experience": [profile.experience[n] for n in jobs]})
    years = years_of_experience(subset, today)
    asked = max((r.years or 0 for r in job.qualifications if r.importance == "required"), default=0)
    full = 2 * asked if asked else 4.0
    return round(DEPTH_POINTS * min(years / full, 1.0)) if full else 0


PREFERRED_SHARE = 0.15
"""How much the preferred items count in the score (the required ones count the rest)."""
FEW = 3
"""Fewer requirements than this read from a posting make the score say little."""


def overall_score(items: list[MatchItem]) -> tuple[int, list[str]]:
    """``100 (0.85 R + 0.15 P)``: R the weighted mean of the required items (years of
    experience 5, other qualifications 3, duties 1), P the mean of the preferred ones (R
    alone when there are none); with the warnings that go with it."""
    required = [i for i in items if i.requirement.importance == "required" or _duty(i)]
    preferred = [i for i in items if i.requirement.importance == "preferred" and not _duty(i)]
    warnings: list[str] = []
    if len(items) < FEW:
        read = {0: "no requirement", 1: "only 1 requirement"}.get(
            len(items), f"only {len(items)} requirements"
        )
        warnings.append(
            f"{read} could be read from the posting: the score says little (paste the whole "
            "posting, or check it is a job posting)"
        )
    if not required and not preferred:
        return 0, warnings
    r = _mean(required, _weight) if required else None
    p_mean = _mean(preferred, lambda i: 1.0) if preferred else None
    if r is None:
        value = p_mean or 0.0
    elif p_mean is None:
        value = r
    else:
        value = (1 - PREFERRED_SHARE) * r + PREFERRED_SHARE * p_mean
    return round(100 * value), warnings


def _weight(item: MatchItem) -> float:
    """Years of experience asked weigh 5 (the first thing a recruiter screens on), other
    required qualifications 3, duties and what anyone may have (a diploma, a personal
    quality) 1."""
    req = item.requirement
    if _duty(item) or req.kind == "quality":
        return 1.0
    if req.kind == "education" and _degree_level(req.text) == 1:
        return 1.0
    if req.kind == "experience" and req.years:
        return 5.0
    return 3.0


def _duty(item: MatchItem) -> bool:
    return item.requirement.kind == "responsibility"


def _mean(items: list[MatchItem], weight: Any) -> float:
    total = sum(weight(i) for i in items)
    return sum(weight(i) * i.score for i in items) / total if total else 0.0


# the word lists above are compared with stems: keep them in the same form
_GENERIC_FIELD = frozenset(_stem(w) for w in _GENERIC_FIELD)
_SCHOOLING = frozenset(_stem(w) for w in _SCHOOLING)
_DEGREE_WORDS = frozenset(_stem(w) for w in _DEGREE_WORDS)
_VAGUE = frozenset(_stem(w) for w in _VAGUE)
