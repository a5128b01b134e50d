"""Facts about a profile or a role pack that matching, tailoring and the documents share."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Literal

from toolkit.matching.evidence import mentions, shadows
from toolkit.models.common import date_end, date_start
from toolkit.models.profile import Credential, Profile

if TYPE_CHECKING:  # names in annotations only: a resume's page economy needs no role pack
    from toolkit.models.posting import JobPosting
    from toolkit.models.rolepack import CredentialInfo, Level, RolePack

Status = Literal["met", "partial", "missing"]
"""How a profile stands on one thing asked of it."""


def years_of_experience(profile: Profile, today: date) -> float:
    """Years worked, counting overlapping jobs once (entries without a start are skipped)."""
    spans = sorted(
        (date_start(job.start), today if job.current else date_end(job.end or job.start))
        for job in profile.experience
        if job.start
    )
    total = 0
    current_start: date | None = None
    current_end: date | None = None
    for start, end in spans:
        end = min(end, today)
        if current_end is None or start > current_end:
            if current_start is not None and current_end is not None:
                total += (current_end - current_start).days
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    if current_start is not None and current_end is not None:
        total += (current_end - current_start).days
    return round(max(total, 0) / 365.25, 1)


_VOCABULARIES: dict[int, tuple[RolePack, list[str]]] = {}


def vocabulary(pack: RolePack) -> list[str]:
    """Every spelling a pack knows: skills, systems and credentials (cached per pack)."""
    cached = _VOCABULARIES.get(id(pack))
    if cached is not None and cached[0] is pack:
        return cached[1]
    words: list[str] = []
    for skill in pack.skills:
        words += skill.spellings()
    for system in pack.systems:
        words += system.spellings()
    for cred in pack.credentials:
        words += cred.spellings()
    _VOCABULARIES[id(pack)] = (pack, words)
    return words


def credential_status(
    info: CredentialInfo, held: list[Credential], words: list[str]
) -> tuple[Status, str | None, Credential | None]:
    """How a profile holds one credential: (status, note, the credential entry or None).

    ``words`` is the pack's :func:`vocabulary`, so a longer credential (CCS-P) never counts
    for a shorter one (CCS).
    """
    spellings = info.spellings()
    hide = shadows(spellings, words)
    for cred in held:
        if mentions(cred.name, spellings, hide):
            if cred.status == "active":
                return "met", None, cred
            note = {
                "in progress": "in progress",
                "eligible": "exam-eligible",
                "expired": "expired: renew it",
            }[cred.status]
            return "partial", note, cred
    return "missing", None, None


_RANKS: list[tuple[str, str]] = [
    (r"\b(?:director|head of|manager|supervisor|supervisory|team lead(?:er)?|lead)\b", "top"),
    (r"\b(?:auditor|audit)\b", "auditor"),
    (r"\b(?:senior|sr\.?|iii|ii|level (?:2|3|ii|iii)|experienced|accredited)\b", "senior"),
    (r"\b(?:apprentice|trainee|junior|entry[- ]level|assistant|aide|level (?:1|i))\b", "first"),
]


def level_for_posting(pack: RolePack, job: JobPosting) -> Level | None:
    """The career level a posting hires at: from its title's rank words ("Senior", "Trainee",
    "Supervisor"), else its pay grade ("Band 5", "GS 6"), else the years it asks for; None
    when it says none of them."""
    title = (job.title or "").lower()
    levels = pack.levels
    for pattern, rank in _RANKS:
        if not re.search(pattern, title):
            continue
        if rank == "first":
            return levels[0]
        said = re.search(pattern, title)
        word = said.group(0).split()[0] if said else ""
        for level in levels:  # the level named with the posting's own word ("Supervisor")
            if word and re.search(rf"\b{re.escape(word)}", level.title.lower()):
                return level
        for level in reversed(levels):
            words = level.title.lower()
            if (
                (rank == "top" and re.search(r"supervisor|manager|director|lead", words))
                or (rank == "auditor" and "audit" in words)
                or (rank == "senior" and "senior" in words)
            ):
                return level
        if rank == "top":
            return levels[-1]
    graded = _grade_years(job.grade)
    asked = [r.years for r in job.qualifications if r.importance == "required" and r.years]
    years = graded if graded is not None else max(asked, default=None)
    if years is not None:
        chosen = levels[0]
        for level in levels:
            if level.years.min <= years:
                chosen = level
        return chosen
    return None


_BANDS = {"2": 0, "3": 0, "4": 2, "5": 4, "6": 5, "7": 7, "8a": 10, "8b": 15, "8c": 15, "8d": 15}
"""NHS Agenda for Change bands, as the years of experience a level usually asks."""
_GS = {4: 0, 5: 0, 6: 2, 7: 3, 8: 4, 9: 5, 10: 7, 11: 7, 12: 10}
"""US federal GS grades the same way (13 and up: 15)."""


def _grade_years(grade: str | None) -> float | None:
    """The years of experience a pay grade stands for ("Band 4", "GS 5-7": its lowest
    grade, where the post is filled first); None for a grade the toolkit does not know."""
    if not grade:
        return None
    band = re.search(r"\bband\s*(\d[a-d]?)", grade, re.I)
    if band:
        return _BANDS.get(band.group(1).lower())
    gs = re.search(r"\bGS[\s-]*(\d{1,2})", grade, re.I)
    if gs:
        number = int(gs.group(1))
        return _GS.get(number, 15 if number > 12 else 0)
    return None
