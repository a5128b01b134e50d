"""The match report: each requirement of a posting, its status and the profile's evidence.

Every format shows an item's evidence cell from the same two strings (see :meth:`MatchReport.
groups`): ``shown``, the profile line with its place said once, and ``note``, the reason,
with "add it only if true" for a missing item, never said twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from toolkit.documents.context import Document
from toolkit.documents.gap import (
    DEFAULT_THEME,
    credential_names,
    evidence_label,
    missing_note,
    spell_out,
)
from toolkit.documents.page import Request
from toolkit.errors import UserError
from toolkit.matching.match import Match, match_profile
from toolkit.models.common import Model
from toolkit.models.profile import Profile
from toolkit.roles import pack_for


@dataclass(frozen=True)
class MatchReport(Document):
    """A profile's match with one posting, as every format renders it."""

    match: Match | None = None
    names: dict[str, str] = field(default_factory=dict)
    """The role pack's credentials in full, by their short forms (see
    :func:`~toolkit.documents.gap.credential_names`)."""
    kind: ClassVar[str] = "match"

    @property
    def result(self) -> Match:
        assert self.match is not None, "a match report is built with its match"
        return self.match

    @property
    def job_title(self) -> str:
        """The posting's title, or ``the posting``."""
        return self.result.job.title or "the posting"

    def cell(self, item: dict[str, Any]) -> tuple[str | None, str]:
        """An item's evidence cell: the profile line with its place (or None), and the note."""
        evidence = item["evidence"]
        shown = None
        if evidence:
            where = spell_out(evidence["where"], self.names)
            shown = evidence_label(where, spell_out(evidence["text"], self.names))
        reason = item["reason"]
        return shown, missing_note(reason) if item["status"] == "missing" else reason

    def groups(self) -> dict[str, list[dict[str, Any]]]:
        """The items as data, split into required, preferred and duties; each has its
        evidence cell as ``shown`` and ``note`` (see :meth:`cell`)."""
        items = self.result.to_data()["items"]
        for item in items:
            item["shown"], item["note"] = self.cell(item)

        def of(importance: str) -> list[dict[str, Any]]:
            return [
                i
                for i in items
                if i["requirement"]["kind"] != "responsibility"
                and i["requirement"]["importance"] == importance
            ]

        return {
            "required": of("required"),
            "preferred": of("preferred"),
            "duties": [i for i in items if i["requirement"]["kind"] == "responsibility"],
        }

    def to_json(self) -> dict[str, Any]:
        """The match as JSON data (score, counts, every item with its evidence)."""
        return self.result.to_data()

    def to_data(self) -> dict[str, Any]:
        """What the HTML template receives."""
        data = self.result.to_data()
        return {
            **data,
            **self.groups(),
            "person": self.person.name,
            "job_title": self.job_title,
            "employer": data["job"].get("employer"),
            "title": self.meta.title,
            "date": self.meta.date,
            "theme": self.theme,
        }


class MatchOptions(Model):
    """Options of the match report."""

    role: str | None = None
    """The role pack to read the posting with; by default the posting's own."""


def match_context(request: Request[Profile], options: MatchOptions) -> MatchReport:
    """The match report from a prepared request (its profile already selected).

    Raises:
        UserError: when the request has no posting.
    """
    if request.job is None:
        raise UserError("a match report needs a job posting")
    pack = pack_for(options.role, request.job, request.packs)
    result = match_profile(  # the subject was selected by prepare(), as the options asked
        request.subject, request.job, pack, today=request.when, include_private=True
    )
    person = request.subject.basics.name
    title = f"{person} — match with {request.job.title or 'the posting'}"
    page = request.page.titled(title).in_english()
    return MatchReport(page, match=result, names=credential_names(pack))


__all__ = ["DEFAULT_THEME", "MatchOptions", "MatchReport", "match_context"]
