"""What the studio does with the editor's text, free of any web framework.

Every function here takes plain values and returns plain values or bytes, so the server
in :mod:`toolkit.studio.app` stays a thin layer of checks and JSON. Rendering goes through
:func:`toolkit.render` (the CLI's hardened pipeline and its safe URL fetcher); the profile
is parsed with :func:`toolkit.parse_profile`, so the studio shows the CLI's own messages.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import json
import logging
import os
import stat
import tempfile
import threading
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from toolkit.errors import InputError, Issue, UserError
from toolkit.models.options import DocumentOptions
from toolkit.models.posting import JobPosting
from toolkit.models.profile import Profile
from toolkit.recent import Recent

log = logging.getLogger("toolkit")

PAGE_SIZES: tuple[str, ...] = ("letter", "a4")
DOWNLOADS: dict[str, tuple[str, str]] = {
    "pdf": ("application/pdf", "pdf"),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
    ),
    "md": ("text/markdown; charset=utf-8", "md"),
}
"""Download formats of the resume: media type and file extension."""

_REGION_OF = {"en": "en-US", "fr": "fr-FR", "de": "de-DE", "es": "es-ES"}


def locale_choices() -> list[str]:
    """The locales the pickers offer: every language with phrases of its own."""
    from toolkit.i18n import translated_languages

    tags: dict[str, None] = {"en-US": None}
    for lang in translated_languages():
        tags[_REGION_OF.get(lang, lang)] = None
    return list(tags)


def theme_choices() -> list[str]:
    """The built-in theme names, the default first."""
    from toolkit.formats.themes import theme_names

    return theme_names()


@dataclass(frozen=True)
class Look:
    """The picker values: ``None`` keeps what the profile's preferences say."""

    theme: str | None = None
    page_size: str | None = None
    locale: str | None = None

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Look:
        """Read the pickers from request data, refusing values no picker offers.

        Raises:
            UserError: for an unknown theme, page size or locale.
        """
        theme = _pick(data.get("theme"), theme_choices(), "theme")
        page_size = _pick(data.get("page_size"), list(PAGE_SIZES), "page size")
        locale = _pick(data.get("locale"), locale_choices(), "locale")
        return cls(theme=theme, page_size=page_size, locale=locale)

    def overrides(self) -> dict[str, Any]:
        """Keyword overrides for :func:`toolkit.render` (unset pickers left out)."""
        values = {"theme": self.theme, "page_size": self.page_size, "locale": self.locale}
        return {k: v for k, v in values.items() if v is not None}


def _pick(value: Any, allowed: list[str], what: str) -> str | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str) or value not in allowed:
        raise UserError(f"unknown {what}; choose one of: {', '.join(allowed)}")
    return value


@dataclass
class Checked:
    """The editor's text, parsed: the profile when it is valid, and every issue found."""

    profile: Profile | None
    issues: list[Issue] = field(default_factory=list)


def check_text(text: str, source: str) -> Checked:
    """Parse and validate the editor's text as the CLI would, keeping every issue.

    Args:
        text: the profile as YAML, JSON or JSON Resume.
        source: the file name shown in messages.
    """
    from toolkit.load.profile import is_jsonresume, locate, parse_profile
    from toolkit.load.sources import parse_text
    from toolkit.models.profile import profile_warnings
    from toolkit.privacy import phi_findings

    with _quiet():
        try:
            profile = parse_profile(text, source=source)
        except InputError as exc:
            return Checked(None, list(exc.issues))
    # what looks like patient data is shown wherever documents are made (the CLI's warning)
    warnings = phi_findings(profile)
    doc = parse_text(text.removeprefix("\ufeff"), "auto", source)
    if not is_jsonresume(doc.data):
        warnings = locate(profile_warnings(profile) + warnings, doc)
    return Checked(profile, warnings)


_local = threading.local()


class _QuietFilter(logging.Filter):
    """Drops the toolkit's records logged by this thread inside :func:`_quiet`."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not getattr(_local, "quiet", False)


logging.getLogger("toolkit").addFilter(_QuietFilter())


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Keep :func:`parse_profile`'s logged warnings out of the server's log (we return them).

    Only this thread's records are dropped: a refusal logged meanwhile by another request
    still reaches the terminal.
    """
    _local.quiet = True
    try:
        yield
    finally:
        _local.quiet = False


def issue_data(issue: Issue) -> dict[str, Any]:
    """One issue as JSON, with the fields the CLI's table shows."""
    return {
        "line": issue.line,
        "column": issue.column,
        "field": issue.field,
        "message": issue.message,
        "value": issue.value,
        "hint": issue.hint,
        "severity": issue.severity,
    }


@functools.lru_cache(maxsize=8)
def job_from_text(text: str) -> JobPosting:
    """Read a pasted posting (never a path: pasted text is only ever text).

    Cached by text: the posting stays the same while the profile is being edited.

    Raises:
        InputError: when the text cannot be read as a posting.
    """
    from toolkit.postings.extract import job_from_raw
    from toolkit.postings.readers import read_posting_text

    return job_from_raw(read_posting_text(text, source="posting"))


_MADE: Recent[str, bytes] = Recent(keep=16)
"""The last few documents made, by a digest of everything they were made from: typing that
changes nothing a document shows (a comment, a key's order, a space) renders nothing."""


def _made_key(kind: str, profile: Profile, fmt: str, look: Look, job: JobPosting | None) -> str:
    parts = [
        kind,
        fmt,
        date.today().isoformat(),  # the document's date
        profile.model_dump_json(),
        json.dumps(look.overrides(), sort_keys=True),
        job.model_dump_json() if job is not None else "",
    ]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _remembered(key: str, make: Callable[[], bytes]) -> tuple[bytes, bool]:
    """``make()``'s bytes, or the ones kept for ``key``; and whether they were kept."""
    kept = _MADE.get(key)
    if kept is not None:
        return kept, True
    return _MADE.put(key, make()), False


def render_resume(profile: Profile, fmt: str, look: Look, job: JobPosting | None = None) -> bytes:
    """The resume in one format, tailored to ``job`` when given."""
    return render_resume_kept(profile, fmt, look, job)[0]


def render_resume_kept(
    profile: Profile, fmt: str, look: Look, job: JobPosting | None = None
) -> tuple[bytes, bool]:
    """:func:`render_resume`, and whether the same document was made already (it is then
    not made again: only a change to what the document shows renders anew)."""
    from toolkit.pipeline import render

    key = _made_key("resume", profile, fmt, look, job)
    return _remembered(key, lambda: render(profile, "resume", fmt, job=job, **look.overrides()))


def match_report(profile: Profile, job: JobPosting) -> tuple[dict[str, Any], bytes]:
    """The match as data (for the evidence table) and as the report's HTML."""
    from toolkit.formats import render as render_format
    from toolkit.pipeline import make
    from toolkit.roles import pack_for

    pack = pack_for(None, job)
    made = make(profile, "match", DocumentOptions(document_date=date.today()), job=job)
    result = made.doc.result  # type: ignore[attr-defined]
    html = render_format(made.doc, "html")
    data = result.to_data()
    data["pack"] = pack.id
    return data, html


def packet_zip(
    profile: Profile, job: JobPosting, out: Path, look: Look, profile_path: Path | None
) -> tuple[str, bytes, Path]:
    """Build the application packet into ``out`` and return it as a zip too.

    Returns:
        ``(file name, zip bytes, folder written)``.
    """
    from toolkit.batch.packet import build_packet

    packet = build_packet(
        profile, job, out=out, profile_path=profile_path, theme=look.theme, force=False
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in [*packet.files, "manifest.json"]:
            path = packet.folder / name
            if path.is_file() and not path.is_symlink():
                archive.writestr(f"{packet.id}/{name}", path.read_bytes())
    return f"{packet.id}.zip", buffer.getvalue(), packet.folder


def sha256(data: bytes) -> str:
    """The hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def read_current(path: Path) -> bytes | None:
    """The profile file's bytes, or ``None`` when it does not exist yet."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


@dataclass(frozen=True)
class Saved:
    """What :func:`save_profile` did."""

    path: Path
    backup: Path | None
    sha256: str


def save_profile(path: Path, text: str, expected: str | None) -> Saved:
    """Write the editor's text to ``path`` atomically, keeping the previous file as ``.bak``.

    Args:
        path: the profile file the studio was started with.
        text: the new content.
        expected: the SHA-256 of the file as the editor loaded it; when the file on disk
            differs (changed elsewhere since), nothing is written.

    Raises:
        UserError: the file changed on disk, or it is a symbolic link.
    """
    if path.is_symlink():
        raise UserError(f"{path.name} is a symbolic link; the studio does not write through links")
    current = read_current(path)
    if current is not None and expected is not None and sha256(current) != expected:
        raise UserError(
            f"{path.name} was changed on disk since the studio loaded it; reload the page "
            "to see the new version (your edits stay in the editor until you do)"
        )
    data = text.encode()
    backup = None
    mode = 0o600  # a profile the studio creates holds personal data: the user's alone
    if current is not None:
        mode = stat.S_IMODE(path.stat().st_mode)
        backup = path.with_name(path.name + ".bak")
        if backup.is_symlink():
            raise UserError(f"{backup.name} is a symbolic link; remove it to save")
        _write_atomic(backup, current, mode)
    _write_atomic(path, data, mode)
    return Saved(path, backup, sha256(data))


def _write_atomic(path: Path, data: bytes, mode: int) -> None:
    """A temporary file in the same folder, flushed to disk, then renamed over ``path``."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp_path = Path(tmp)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        tmp_path.chmod(mode)
        tmp_path.replace(path)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable where the OS allows
        dir_fd = os.open(path.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
