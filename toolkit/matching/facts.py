"""Facts about a profile or a role pack that matching, tailoring and the documents share."""

from __future__ import annotations

from datetime import date
from typing import Literal

from toolkit.matching.evidence import mentions, shadows
from toolkit.models.common import date_end, date_start
from toolkit.models.profile import Credential, Profile
from toolkit.models.rolepack import CredentialInfo, RolePack

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
