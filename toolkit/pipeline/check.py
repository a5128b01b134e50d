"""``toolkit check``: does the resume survive an applicant-tracking parser, and does it read well?

Two kinds of finding, each an :class:`~toolkit.errors.Issue` with a fix and, where the
profile has one, a line:

- **read-back** (errors): the resume is rendered to PDF and DOCX and read back as a parser
  would; the name, contact details, employers, titles and dates must come back intact;
- **content** (warnings): missing contact details, bullets without a result or number,
  overlong bullets, the same opening verb again and again, gaps and overlaps between jobs,
  and section headings a parser will not recognise.
"""

from __future__ import annotations

import io
import itertools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import date

from toolkit.documents.context import DocumentContext
from toolkit.errors import Issue, Severity
from toolkit.load.sources import PathT
from toolkit.matching.evidence import EXAMPLE_MARK as EXAMPLE
from toolkit.matching.evidence import all_lines
from toolkit.models.common import date_end, date_start
from toolkit.models.options import DocumentOptions
from toolkit.models.profile import Profile
from toolkit.pipeline import build_context, render_context

Locate = Callable[[PathT], Issue]

MAX_BULLET_CHARS = 220
GAP_MONTHS = 6
# Headings applicant-tracking systems map to their fields, in the languages we translate.
KNOWN_HEADINGS = {
    "summary",
    "profile",
    "professional summary",
    "objective",
    "experience",
    "work experience",
    "professional experience",
    "employment",
    "employment history",
    "work history",
    "education",
    "certifications",
    "certificates",
    "licenses",
    "licences",
    "licenses and certifications",
    "licences and certifications",
    "credentials",
    "skills",
    "technical skills",
    "core skills",
    "key skills",
    "projects",
    "volunteer work",
    "volunteering",
    "volunteer experience",
    "awards",
    "honors",
    "honours",
    "publications",
    "languages",
    "interests",
    "references",
    "training",
    "professional development",
    "memberships",
    "professional memberships",
    "affiliations",
    "professional affiliations",
    "expérience professionnelle",
    "formation",
    "compétences",
    "langues",
    "profil",
    "berufserfahrung",
    "ausbildung",
    "kenntnisse",
    "sprachen",
    "experiencia profesional",
    "formación",
    "competencias",
    "idiomas",
    "perfil",
}


def _squash(text: str) -> str:
    text = re.sub(r"-\s*\n\s*", "-", text)
    return re.sub(r"\s+", " ", text).strip().casefold()


def _no_locate(path: PathT) -> Issue:
    return Issue("", path=path)


def _at(
    where: Issue, message: str, hint: str, severity: Severity = "warning", value: str | None = None
) -> Issue:
    return replace(where, message=message, hint=hint, severity=severity, value=value)


# --- read-back ------------------------------------------------------------------------------


def _pdf_text(pdf: bytes) -> str:
    from pypdf import PdfReader  # lazy: pypdf (~55 ms) only for the read-back

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _docx_text(data: bytes) -> str:
    import docx  # lazy: python-docx and lxml (~30 ms) only for the read-back

    document = docx.Document(io.BytesIO(data))
    return "\n".join(p.text for p in document.paragraphs)


def _facts(profile: Profile, ctx: DocumentContext) -> list[tuple[str, str, PathT]]:
    """``(what, text, path)`` that a parser must find: name, contacts, employers, titles, dates."""
    b = profile.basics
    facts: list[tuple[str, str, PathT]] = [("name", b.name, ("basics", "name"))]
    if b.email:
        facts.append(("email", b.email, ("basics", "email")))
    if b.phone:
        facts.append(("phone", b.phone, ("basics", "phone")))
    experience = next((s for s in ctx.sections if s.id == "experience"), None)
    if experience is not None:
        shown = {(i.title, i.subtitle): i for i in experience.items}
        for n, job in enumerate(profile.experience):
            item = shown.get((job.title, job.employer))
            if item is None:
                continue  # left out of this variant on purpose
            facts.append(("employer", job.employer, ("experience", n, "employer")))
            facts.append(("title", job.title, ("experience", n, "title")))
            if item.dates:
                facts.append(("dates", item.dates, ("experience", n, "start")))
    return facts


def read_back(
    profile: Profile, ctx: DocumentContext, files: dict[str, bytes], locate: Locate = _no_locate
) -> list[Issue]:
    """Check that each fact comes back from each rendered file (``{"pdf": …, "docx": …}``)."""
    readers = {"pdf": _pdf_text, "docx": _docx_text}
    found: list[Issue] = []
    for fmt, data in files.items():
        text = _squash(readers[fmt](data))
        for what, fact, path in _facts(profile, ctx):
            if _squash(fact) not in text:
                found.append(
                    _at(
                        locate(path),
                        f"the {fmt.upper()} does not give back the {what} intact",
                        "avoid unusual characters here; if it persists, try the plain theme",
                        "error",
                        fact,
                    )
                )
    return found


# --- content --------------------------------------------------------------------------------


def _example_findings(profile: Profile, locate: Locate) -> list[Issue]:
    """Example text from a role-aware starter that was never replaced."""
    texts = [(line.path, line.text) for line in all_lines(profile)]
    texts += [
        (("experience", n, "employer"), job.employer) for n, job in enumerate(profile.experience)
    ]
    texts += [
        (("education", n, "institution"), ed.institution) for n, ed in enumerate(profile.education)
    ]
    return [
        _at(
            locate(path),
            "example text from the starter profile is still here",
            "replace it with your own facts, or delete it",
            "error",
        )
        for path, text in texts
        if EXAMPLE in text
    ]


_PHI_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(
            r"\b(MRN|medical record (?:number|no\.?|#))\s*[:#]?\s*[A-Z]{0,3}\d{4,}", re.IGNORECASE
        ),
        "a medical record number",
    ),
    (
        re.compile(
            r"\b(DOB|date of birth|born on)\s*[:\-]?\s*\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}",
            re.IGNORECASE,
        ),
        "a date of birth",
    ),
    (re.compile(r"\b\d{3}-\d{2}-\d{4}\b"), "what looks like a Social Security number"),
    (
        re.compile(r"\b[A-Z][a-z]+ [A-Z][a-z]+,? \(?(?:\d{1,2}/\d{1,2}/(?:19|20)\d{2})\)?"),
        "a name next to a date of birth",
    ),
    (
        re.compile(
            # the name must be capitalised: no IGNORECASE here, "patient records" is no name
            r"\b(?:[Pp]atient|[Pp]t\.)\s+(?:Mr\.|Mrs\.|Ms\.)?\s*[A-Z][a-z]+"
            r"(?:\s+[A-Z][a-z]+)?\b[^.]{0,60}\b(?:diagnos\w*|with|had|has)\b"
        ),
        "a patient's name next to health information",
    ),
]


def phi_findings(profile: Profile, locate: Locate = _no_locate) -> list[Issue]:
    """Text that looks like patient data: record numbers, dates of birth, a name with a
    diagnosis. Putting real PHI on a resume is a privacy breach and can cost the job."""
    found = []
    for line in all_lines(profile):
        for pattern, what in _PHI_PATTERNS:
            match = pattern.search(line.text)
            if match and not (
                what.startswith("a patient")
                and match.group(0).split()[1:2]
                and match.group(0).split()[1].lower() in _NOT_NAMES
            ):
                found.append(
                    _at(
                        locate(line.path),
                        f"this looks like {what}",
                        "never put patient details in an application: describe the work "
                        "(volumes, results) without identifying anyone",
                        value=match.group(0)[:40],
                    )
                )
                break
    return found


_NOT_NAMES = {
    "records",
    "record",
    "portal",
    "access",
    "requests",
    "request",
    "identity",
    "registration",
    "charts",
    "chart",
    "care",
    "visits",
    "satisfaction",
    "safety",
    "information",
    "privacy",
    "intake",
    "accounts",
    "account",
    "data",
    "files",
}


def _contact_findings(profile: Profile, locate: Locate) -> list[Issue]:
    b = profile.basics
    out = []
    for field, why in (
        ("email", "recruiters reply by email"),
        ("phone", "many recruiters call first"),
        ("location", "parsers and recruiters filter by location; a city and region is enough"),
    ):
        if getattr(b, field) is None:
            out.append(_at(locate(("basics",)), f"no {field} in basics", f"add it: {why}"))
    return out


_NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twice|half|"
    r"double|triple|dozen|hundred|thousand)\b",
    re.IGNORECASE,
)


def _bullet_findings(profile: Profile, locate: Locate) -> list[Issue]:
    out: list[Issue] = []
    openers: Counter[str] = Counter()
    first_at: dict[str, PathT] = {}
    for n, job in enumerate(profile.experience):
        for k, h in enumerate(job.highlights):
            path: PathT = ("experience", n, "highlights", k)
            if len(h.text) > MAX_BULLET_CHARS:
                out.append(
                    _at(
                        locate(path),
                        f"this bullet is long ({len(h.text)} characters)",
                        f"keep bullets under {MAX_BULLET_CHARS} characters: one action "
                        "and its result",
                    )
                )
            if not _NUMBER.search(h.text):
                out.append(
                    _at(
                        locate(path),
                        "this bullet has no number or measurable result",
                        "add how many, how fast, how much or how often, if you know it",
                        value=h.text[:60],
                    )
                )
            verb = h.text.split()[0].casefold().strip(",.;:") if h.text.split() else ""
            if verb:
                openers[verb] += 1
                first_at.setdefault(verb, path)
    for verb, count in openers.items():
        if count >= 3:
            out.append(
                _at(
                    locate(first_at[verb]),
                    f"{count} bullets start with '{verb}'",
                    "vary the opening verbs (processed, reduced, trained, audited …)",
                )
            )
    return out


def _timeline_findings(profile: Profile, today: date, locate: Locate) -> list[Issue]:
    spans = []
    for n, job in enumerate(profile.experience):
        if job.start is None:
            continue
        end = today if job.current else date_end(job.end or job.start)
        spans.append((date_start(job.start), end, n))
    spans.sort()
    out: list[Issue] = []
    for (_, e1, n1), (s2, e2, n2) in itertools.pairwise(spans):
        months = (s2.year - e1.year) * 12 + (s2.month - e1.month)
        if months > GAP_MONTHS:
            out.append(
                _at(
                    locate(("experience", n2, "start")),
                    f"a gap of {months} months before this job",
                    "if it was study, caring, volunteering or a career break, say so briefly "
                    "(a line in the summary or a custom section): explained gaps raise fewer "
                    "questions",
                )
            )
        elif s2 < e1 and min(e1, e2) > s2:
            overlap = (min(e1, e2).year - s2.year) * 12 + (min(e1, e2).month - s2.month)
            if overlap >= 2 and not (
                profile.experience[n1].current and profile.experience[n2].current
            ):
                out.append(
                    _at(
                        locate(("experience", n2, "start")),
                        f"this job overlaps the one before by {overlap} months",
                        "fine for part-time or concurrent roles; otherwise check the dates",
                    )
                )
    return out


def _heading_findings(profile: Profile, ctx: DocumentContext, locate: Locate) -> list[Issue]:
    out = []
    custom_ids = {c.id: i for i, c in enumerate(profile.custom)}
    for section in ctx.sections:
        if section.title.casefold() in KNOWN_HEADINGS:
            continue
        if section.id in profile.preferences.section_titles:
            path: PathT = ("preferences", "section_titles", section.id)
        elif section.id in custom_ids:
            path = ("custom", custom_ids[section.id], "title")
        else:
            continue
        out.append(
            _at(
                locate(path),
                f"parsers may not recognise the heading '{section.title}'",
                "use a common heading such as Experience, Education, Certifications, "
                "Skills or Professional Memberships",
            )
        )
    return out


def lint(
    profile: Profile,
    ctx: DocumentContext,
    *,
    today: date | None = None,
    locate: Locate = _no_locate,
) -> list[Issue]:
    """The content findings (warnings), each with a fix."""
    today = today or date.today()
    found = (
        _example_findings(profile, locate)
        + phi_findings(profile, locate)
        + _contact_findings(profile, locate)
    )
    if not profile.basics.summary and not profile.basics.summaries:
        found.append(
            _at(
                locate(("basics",)),
                "no summary",
                "two or three sentences on what you do best help a reader start",
            )
        )
    found += _bullet_findings(profile, locate)
    found += _timeline_findings(profile, today, locate)
    found += _heading_findings(profile, ctx, locate)
    return found


def audit(
    profile: Profile,
    options: DocumentOptions | None = None,
    *,
    locate: Locate = _no_locate,
    today: date | None = None,
) -> list[Issue]:
    """Render the resume, read it back, and lint its content.

    Returns:
        Errors (something a parser would lose) and warnings (content to improve), sorted by
        line.
    """
    ctx = build_context(profile, "resume", options)
    assert isinstance(ctx, DocumentContext)
    files = {fmt: render_context(ctx, fmt) for fmt in ("pdf", "docx")}
    found = read_back(profile, ctx, files, locate) + lint(profile, ctx, today=today, locate=locate)
    return sorted(found, key=lambda i: (i.severity != "error", i.line or 0, i.column or 0))
