"""The batch manifest: which profiles, postings, document kinds and formats to render.

A manifest is a YAML (or JSON) file read with the toolkit's safe loader, so every problem
is reported at once with its line and column::

    profiles: [people/*.yaml]            # paths or globs, relative to this file
    postings: [postings/roi.txt]         # optional; none renders untailored documents
    kinds: [resume, letter, interview]
    formats: [pdf, docx]
    formats_by_kind: {interview: [pdf]}  # optional: other formats for some kinds
    options: {theme: modern, document_date: 2026-03-02, max_pages: 2}
    out: output                          # relative to this file

:func:`load_manifest` checks the file and resolves its paths; :func:`expand` turns it into
the batch's items, one per profile x posting x kind (each item renders every format).
"""

from __future__ import annotations

import glob
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field

from toolkit.documents.kinds import KINDS
from toolkit.errors import InputError, Issue
from toolkit.load.profile import validate_document
from toolkit.load.sources import decode, parse_text, read_bytes
from toolkit.models.common import Model
from toolkit.models.options import DocumentOptions
from toolkit.output import slugify

Kind = Literal["resume", "letter", "interview"]
Format = Annotated[str, Field(pattern=r"^[a-z]{2,5}$")]
"""A format's name; each kind checks it against its own formats (from the registry)."""

KIND_FORMATS: dict[str, tuple[str, ...]] = {
    kind: KINDS[kind].formats for kind in ("resume", "letter", "interview")
}
"""The formats each kind a batch makes comes in (from the kinds' registry)."""

PathText = Annotated[str, Field(min_length=1, max_length=1000)]


class InterviewSettings(Model):
    """How the interview practice sheets are made (as ``toolkit interview`` takes them)."""

    level: Annotated[str, Field(max_length=40)] | None = None
    """A level of the role pack; by default from the profile's years."""
    count: Annotated[int, Field(ge=1, le=60)] = 10
    """How many questions."""
    seed: int | None = None
    """The same seed gives the same set of questions."""
    tips: bool = False
    """Include answer tips."""


def _default_kinds() -> list[Kind]:
    return ["resume"]


def _default_formats() -> list[Format]:
    return ["pdf", "docx"]


class BatchManifest(Model):
    """What a batch renders: profiles x postings x kinds, each in every format."""

    profiles: Annotated[list[PathText], Field(min_length=1)]
    """Profile files or glob patterns (``people/*.yaml``), relative to the manifest."""
    postings: list[PathText] = Field(default_factory=list)
    """Job postings to tailor to; none renders each profile's documents untailored."""
    untailored: bool = False
    """With postings, also render each profile's documents without a posting."""
    kinds: Annotated[list[Kind], Field(min_length=1)] = Field(default_factory=_default_kinds)
    formats: Annotated[list[Format], Field(min_length=1)] = Field(default_factory=_default_formats)
    """The formats of every kind, unless ``formats_by_kind`` names the kind."""
    formats_by_kind: dict[Kind, Annotated[list[Format], Field(min_length=1)]] = Field(
        default_factory=dict
    )
    """Other formats for some kinds, e.g. ``{interview: [pdf]}``."""
    options: DocumentOptions = Field(default_factory=DocumentOptions)
    """Render options (``theme``, ``page_size``, ``locale``, ``document_date``, ``max_pages`` …)."""
    letter: PathText | None = None
    """A letter file (recipient, tone, own paragraphs) used for every cover letter."""
    interview: InterviewSettings = Field(default_factory=InterviewSettings)
    out: PathText = "output"
    """The output folder, relative to the manifest."""

    def formats_of(self, kind: str) -> tuple[str, ...]:
        """The formats ``kind`` is rendered in, each once, in the manifest's order."""
        own = {str(k): v for k, v in self.formats_by_kind.items()}
        return tuple(dict.fromkeys(own.get(kind, self.formats)))


@dataclass(frozen=True)
class Manifest:
    """A checked manifest with its paths resolved."""

    path: Path
    spec: BatchManifest
    profiles: tuple[Path, ...]
    """Every profile, globs expanded (never matching the manifest), in order, without duplicates."""
    postings: tuple[Path | None, ...]
    """Every posting; ``None`` stands for untailored documents."""
    letter: Path | None
    out: Path

    def label(self, path: Path) -> str:
        """``path`` as the report shows it: relative to the manifest's folder when inside it."""
        folder = self.path.parent.resolve()
        resolved = path.resolve()
        return (
            resolved.relative_to(folder).as_posix()
            if resolved.is_relative_to(folder)
            else str(path)
        )


@dataclass(frozen=True)
class Item:
    """One document of the batch: a profile, an optional posting, a kind, in every format."""

    profile: Path
    posting: Path | None
    kind: str
    id: str
    """``<profile>::<posting or ->::<kind>``, with paths as :meth:`Manifest.label` gives them."""
    profile_label: str
    posting_label: str | None
    posting_slug: str | None
    """The folder the posting's documents go to under the person's folder."""


def load_manifest(path: str | Path, *, out: Path | None = None) -> Manifest:
    """Read and check a batch manifest; every problem is reported at once, located.

    Args:
        path: the manifest (YAML or JSON).
        out: an output folder that replaces the manifest's ``out``.

    Raises:
        InputError: for unknown fields, bad values, missing files, globs that match
            nothing, formats a kind does not have, or two postings with the same name.
        NotFoundError: if the manifest does not exist.
    """
    manifest_path = Path(path)
    source = str(path)
    doc = parse_text(decode(read_bytes(manifest_path, source), source), "auto", source)
    spec = validate_document(doc, BatchManifest)
    base = manifest_path.parent
    issues: list[Issue] = []

    def issue(
        message: str, at: tuple[str | int, ...], hint: str, value: str | None, *, key: bool = False
    ) -> None:
        pos = doc.keys.get(at) if key else doc.position(at)
        issues.append(
            Issue(
                message,
                path=at,
                file=source,
                line=pos.line if pos else None,
                column=pos.column if pos else None,
                value=value,
                hint=hint,
            )
        )

    profiles: dict[Path, None] = {}
    for n, pattern in enumerate(spec.profiles):
        if glob.has_magic(pattern):
            # glob.glob, not Path.glob: patterns may be absolute
            matches = glob.glob(str(base / pattern), recursive=True)  # noqa: PTH207
            itself = manifest_path.resolve()
            found = sorted(
                Path(p) for p in matches if Path(p).is_file() and Path(p).resolve() != itself
            )
            if not found:
                issue(
                    "the pattern matches no file",
                    ("profiles", n),
                    "check the pattern; paths are relative to the manifest",
                    repr(pattern),
                )
            profiles.update(dict.fromkeys(found))
        elif not (base / pattern).is_file():
            issue(
                "no such profile file",
                ("profiles", n),
                "paths are relative to the manifest's folder",
                repr(pattern),
            )
        else:
            profiles[base / pattern] = None
    postings: list[Path | None] = []
    slugs: dict[str, int] = {}
    for n, name in enumerate(spec.postings):
        if not (base / name).is_file():
            issue(
                "no such posting file",
                ("postings", n),
                "paths are relative to the manifest's folder",
                repr(name),
            )
            continue
        slug = posting_slug(base / name)
        if slug in slugs:
            issue(
                f"this posting's output folder '{slug}' is also that of postings[{slugs[slug]}]",
                ("postings", n),
                "give the posting files different names",
                repr(name),
            )
        slugs[slug] = n
        postings.append(base / name)
    if not spec.postings or spec.untailored:
        postings.insert(0, None)
    letter = None
    if spec.letter is not None:
        letter = base / spec.letter
        if not letter.is_file():
            issue(
                "no such letter file",
                ("letter",),
                "paths are relative to the manifest's folder",
                repr(spec.letter),
            )
    for kind in spec.formats_by_kind:
        if kind not in spec.kinds:
            issue(
                f"{kind} is not one of the kinds this batch renders",
                ("formats_by_kind", kind),
                f"add {kind} to kinds, or remove it here",
                repr(kind),
                key=True,
            )
    for kind in dict.fromkeys(spec.kinds):
        by_kind = kind in spec.formats_by_kind
        chosen = spec.formats_by_kind[kind] if by_kind else spec.formats
        for n, fmt in enumerate(chosen):
            if fmt not in KIND_FORMATS[kind]:
                hint = f"{kind}: {', '.join(KIND_FORMATS[kind])}"
                if not by_kind:
                    hint += f"; or give {kind}s formats of their own under formats_by_kind"
                issue(
                    f"{KINDS[kind].title}s have no {fmt} format",
                    ("formats_by_kind", kind, n) if by_kind else ("formats", n),
                    hint,
                    repr(fmt),
                )
    if issues:
        raise InputError(sorted(issues, key=lambda i: (i.line or 0, i.column or 0)), source)
    return Manifest(
        path=manifest_path,
        spec=spec,
        profiles=tuple(profiles),
        postings=tuple(postings),
        letter=letter,
        out=out if out is not None else base / spec.out,
    )


def posting_slug(path: Path) -> str:
    """The folder name of a posting's documents: its file name without extension, slugified."""
    return slugify(path.stem, fallback="posting")


def expand(manifest: Manifest) -> list[Item]:
    """The items of a batch: every profile x posting x kind, in the manifest's order."""
    items = []
    for profile in manifest.profiles:
        for posting in manifest.postings:
            for kind in dict.fromkeys(manifest.spec.kinds):
                label = manifest.label(profile)
                posting_label = manifest.label(posting) if posting else None
                ident = f"{label}::{posting_label or '-'}::{kind}"
                slug = posting_slug(posting) if posting else None
                items.append(Item(profile, posting, kind, ident, label, posting_label, slug))
    return items
