"""The application packet: everything for one job in one folder, with a manifest.

``build_packet`` writes the tailored resume, the cover letter, the interview practice sheet
and the match report for one posting into ``<out>/<person-slug>/packets/<packet-id>/``, plus
``manifest.json``: the inputs (with SHA-256 hashes), the options, the files, the toolkit
version, and the application's status (draft, applied, interview, offer, rejected) with its
history. ``list_packets`` reads the manifests back; ``set_status`` records progress.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from toolkit._version import __version__
from toolkit.errors import Issue, NotFoundError, UserError
from toolkit.formats import Settings
from toolkit.load.letter import load_letter_options
from toolkit.models.options import DocumentOptions
from toolkit.models.posting import JobPosting
from toolkit.models.profile import Profile
from toolkit.output import person_folder, publish, slugify, subfolder
from toolkit.pipeline import make, render_made
from toolkit.privacy import phi_error, phi_report
from toolkit.roles import pack_for

Status = Literal["draft", "applied", "interview", "offer", "rejected", "withdrawn"]
STATUSES: tuple[str, ...] = ("draft", "applied", "interview", "offer", "rejected", "withdrawn")
MANIFEST = "manifest.json"

_NAMES = {"resume": "resume", "letter": "cover-letter", "interview": "interview", "match": "match"}
"""The file name of each document in a packet."""


@dataclass
class Packet:
    """A packet as its manifest describes it."""

    id: str
    folder: Path
    company: str | None
    role: str | None
    created: str
    status: str
    files: list[str] = field(default_factory=list)
    score: int | None = None
    history: list[dict[str, str]] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    """What looks like patient data in the profile or the letter file (when just built)."""


def _sha256(path: Path | None) -> str | None:
    if path is None:
        return None
    return hashlib.sha256(path.read_bytes()).hexdigest()


def packet_id(job: JobPosting, when: date) -> str:
    """``2026-11-27-lakeshore-valley-medical-center-release-of-information-specialist``."""
    parts = [
        when.isoformat(),
        slugify(job.employer or "employer", fallback="employer"),
        slugify(job.title or "role", fallback="role"),
    ]
    return "-".join(parts)[:150].rstrip("-")


def build_packet(
    profile: Profile,
    job: JobPosting,
    *,
    out: Path = Path("output"),
    profile_path: Path | None = None,
    posting_path: Path | None = None,
    letter_path: Path | None = None,
    formats: tuple[str, ...] = ("pdf", "docx"),
    document_date: date | None = None,
    max_pages: int | None = 2,
    theme: str | None = None,
    force: bool = False,
    strict: bool = False,
    locate: Callable[[tuple[str | int, ...]], Issue] | None = None,
) -> Packet:
    """Render every document for ``job`` and publish them, with a manifest, in one folder.

    Args:
        strict: refuse to build anything while the profile or the letter file holds what
            looks like patient data (see :mod:`toolkit.privacy.phi`).
        locate: gives the profile's fields their lines, for those warnings.

    Returns:
        The packet written, with its patient-data warnings.

    Raises:
        InputError: with ``strict``, for text that looks like patient data.
    """
    when = document_date or date.today()
    options = DocumentOptions(document_date=when, max_pages=max_pages, theme=theme)
    letter_options = load_letter_options(letter_path) if letter_path is not None else None
    warnings = phi_report(profile, letter=letter_options, locate=locate)
    if warnings and strict:
        raise phi_error(warnings, str(profile_path) if profile_path else None)
    files: dict[str, bytes] = {}
    made = {
        kind: make(profile, kind, options, job=job, kind_options=opts)
        for kind, opts in (
            ("resume", None),
            ("letter", letter_options),
            ("interview", None),
            ("match", None),
        )
    }
    for kind, fmts in (
        ("resume", formats),
        ("letter", formats),
        ("interview", formats),
        ("match", ("html", "md")),
    ):
        files.update(render_made(made[kind], fmts, Settings(), stem=_NAMES[kind]))
    changes = made["resume"].changes
    match = made["match"].doc.result  # type: ignore[attr-defined]
    ident = packet_id(job, when)
    folder = subfolder(person_folder(out, profile.basics.name), "packets", ident)
    manifest: dict[str, Any] = {
        "id": ident,
        "toolkit_version": __version__,
        "created": when.isoformat(),
        "company": job.employer,
        "role": job.title,
        "role_pack": pack_for(None, job).id,
        "score": match.score,
        "status": "draft",
        "history": [{"status": "draft", "date": when.isoformat()}],
        "inputs": {
            "profile": {
                "name": profile_path.name if profile_path else None,
                "sha256": _sha256(profile_path),
            },
            "posting": {
                "name": posting_path.name if posting_path else None,
                "sha256": _sha256(posting_path),
            },
            "letter": {
                "name": letter_path.name if letter_path else None,
                "sha256": _sha256(letter_path),
            },
        },
        "options": {
            "formats": list(formats),
            "max_pages": max_pages,
            "theme": theme,
            "document_date": when.isoformat(),
        },
        "tailoring": changes,
        "outputs": sorted(files),
    }
    files[MANIFEST] = (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode()
    publish(folder, files, force=force)
    packet = _packet_from(folder, manifest)
    packet.warnings = warnings
    return packet


def _packet_from(folder: Path, manifest: dict[str, Any]) -> Packet:
    return Packet(
        id=str(manifest.get("id", folder.name)),
        folder=folder,
        company=manifest.get("company"),
        role=manifest.get("role"),
        created=str(manifest.get("created", "")),
        status=str(manifest.get("status", "draft")),
        files=list(manifest.get("outputs", [])),
        score=manifest.get("score"),
        history=list(manifest.get("history", [])),
    )


def list_packets(out: Path = Path("output")) -> list[Packet]:
    """Every packet under ``out`` (any person), newest first."""
    packets = []
    for manifest_path in sorted(out.glob("*/packets/*/" + MANIFEST)):
        try:
            data = json.loads(manifest_path.read_text("utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict):
            packets.append(_packet_from(manifest_path.parent, data))
    return sorted(packets, key=lambda p: (p.created, p.id), reverse=True)


def set_status(
    packet: str, status: str, *, out: Path = Path("output"), when: date | None = None
) -> Packet:
    """Record a new status for a packet (by id, or a unique start of one).

    Raises:
        UserError: for an unknown status, or an id that matches no packet or several.
    """
    if status not in STATUSES:
        raise UserError(f"unknown status '{status}'; statuses: {', '.join(STATUSES)}")
    matches = [p for p in list_packets(out) if p.id == packet or p.id.startswith(packet)]
    exact = [p for p in matches if p.id == packet]
    if exact:
        matches = exact
    if not matches:
        raise NotFoundError(f"no packet '{packet}' in {out}")
    if len(matches) > 1:
        raise UserError(f"'{packet}' matches {len(matches)} packets; give more of the id")
    found = matches[0]
    path = found.folder / MANIFEST
    data = json.loads(path.read_text("utf-8"))
    day = (when or date.today()).isoformat()
    data["status"] = status
    data.setdefault("history", []).append({"status": status, "date": day})
    publish(
        found.folder, {MANIFEST: (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()}
    )
    return _packet_from(found.folder, data)
