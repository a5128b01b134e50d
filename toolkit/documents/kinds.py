"""The document kinds: each declared once, with its formats, its options and its builder.

Everything that makes a document (``toolkit.render`` and ``toolkit.build``, the CLI
commands, batches, packets and the studio) looks its kind up here and builds its context
with :func:`build_context`, which prepares the page (selection, locale, theme, date) before
the kind's builder runs. Adding a kind means a module in ``toolkit/documents/`` with its
context and builder, an entry in :data:`KINDS`, its HTML template and its tests.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ValidationError

from toolkit.documents.context import Document, DocumentContext
from toolkit.documents.page import REPORT_THEME, prepare, prepare_job_description
from toolkit.documents.titles import untranslated_titles
from toolkit.errors import InputError, Issue, UserError
from toolkit.lazy import resolve
from toolkit.models.jd import JobDescription
from toolkit.models.options import DocumentOptions
from toolkit.models.posting import JobPosting
from toolkit.models.profile import Profile
from toolkit.models.select import select
from toolkit.output import slugify

Shorten = Callable[[Any], "tuple[Any, str] | None"]


@dataclass(frozen=True)
class Kind:
    """One kind of document."""

    name: str
    """What callers ask for, e.g. ``letter``."""
    title: str
    """What people call it, e.g. ``cover letter``."""
    stem: str
    """The file name without extension, e.g. ``cover-letter``."""
    formats: tuple[str, ...]
    """The formats it comes in, the usual ones first."""
    default_formats: tuple[str, ...]
    options_from: str
    """Where its own options model is (beyond the page's :class:`DocumentOptions`), as
    ``module:name``: see :attr:`options`."""
    build_from: str
    """Where its builder is, as ``module:name``: see :attr:`build`."""
    subject: Literal["profile", "job description"] = "profile"
    """What it is made from: a person's profile, or (for recruiters) a job description."""
    job: Literal["optional", "required", "none"] = "optional"
    """Whether it takes a posting."""
    tailors: bool = False
    """Whether a posting tailors the profile (choose and order) before building."""
    default_theme: str | None = None
    """Its theme when neither the options nor the profile name one."""
    photo: bool = False
    """Whether its page shows the profile's photo."""
    page_budget: int | None = None
    """Pages it must fit in without being asked (a letter: one)."""
    shorten_from: str | None = None
    """Where its shortener is, as ``module:name``: see :attr:`shorten`."""
    tightens: bool = False
    """Whether fitting may tighten the theme's spacing and type within its limits."""
    overflow_hint: str = ""
    """Said when the document still runs past its page budget."""

    stem_of: Callable[[Any], str] | None = None
    """The file name of one document, when it depends on the document (reports)."""

    @property
    def options(self) -> type[BaseModel]:
        """Its own options model (beyond the page's :class:`DocumentOptions`)."""
        model: type[BaseModel] = resolve(self.options_from)
        return model

    @property
    def build(self) -> Callable[[Any, Any], Document]:
        """Builds the context from a prepared request and validated options."""
        builder: Callable[[Any, Any], Document] = resolve(self.build_from)
        return builder

    @property
    def shorten(self) -> Shorten | None:
        """Leaves one thing out, lowest-ranked first, for fitting: ``(shorter, what)`` or
        None; ``None`` for a kind that is never shortened."""
        if self.shorten_from is None:
            return None
        shortener: Shorten = resolve(self.shorten_from)
        return shortener

    def file_stem(self, doc: Document) -> str:
        """The file name of ``doc`` without extension."""
        return self.stem_of(doc) if self.stem_of is not None else self.stem


_ALL_TEXT = ("pdf", "docx", "html", "md", "txt", "png")
_REPORT = ("html", "pdf", "md", "json", "png")

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            name="resume",
            title="resume",
            stem="resume",
            formats=_ALL_TEXT,
            default_formats=("pdf", "docx", "html"),
            options_from="toolkit.documents.resume:ResumeOptions",
            build_from="toolkit.documents.resume:resume_context",
            tailors=True,
            photo=True,
            shorten_from="toolkit.documents.resume:leave_out_one",
            tightens=True,
            overflow_hint="allow leaving out low-priority bullets to go further",
        ),
        Kind(
            name="letter",
            title="cover letter",
            stem="cover-letter",
            formats=_ALL_TEXT,
            default_formats=("pdf", "docx"),
            options_from="toolkit.models.letter:LetterOptions",
            build_from="toolkit.documents.letter:letter_context",
            page_budget=1,
            shorten_from="toolkit.documents.letter:shorten",
            overflow_hint="shorten the letter file's paragraphs",
        ),
        Kind(
            name="interview",
            title="interview practice sheet",
            stem="interview-practice",
            formats=("pdf", "docx", "html", "md", "png"),
            default_formats=("pdf", "docx"),
            options_from="toolkit.documents.interview:InterviewOptions",
            build_from="toolkit.documents.interview:interview_context",
            stem_of=lambda sheet: "interview-practice" + ("-with-tips" if sheet.with_tips else ""),
        ),
        Kind(
            name="gap",
            title="skills-gap report",
            stem="gap",
            formats=_REPORT,
            default_formats=("html", "pdf"),
            options_from="toolkit.documents.gap:GapOptions",
            build_from="toolkit.documents.gap:gap_context",
            default_theme=REPORT_THEME,
            stem_of=lambda report: f"gap-{slugify(report.role_id)}-{slugify(report.level_id)}",
        ),
        Kind(
            name="match",
            title="match report",
            stem="match",
            formats=_REPORT,
            default_formats=("html", "pdf"),
            options_from="toolkit.documents.match:MatchOptions",
            build_from="toolkit.documents.match:match_context",
            job="required",
            default_theme=REPORT_THEME,
            stem_of=lambda report: f"match-{slugify(report.result.job.title or 'posting')}",
        ),
        Kind(
            name="jd",
            title="job description",
            stem="job",
            formats=("html", "pdf", "docx", "md", "json", "png"),
            default_formats=("docx", "pdf", "html"),
            options_from="toolkit.documents.jd:JobDescriptionOptions",
            build_from="toolkit.documents.jd:jd_context",
            subject="job description",
            job="none",
            default_theme=REPORT_THEME,
            stem_of=lambda doc: slugify(doc.job.title, fallback="job"),
        ),
    )
}
"""Every kind, by name."""


def get_kind(name: str) -> Kind:
    """The kind called ``name``.

    Raises:
        UserError: for an unknown kind, listing the kinds.
    """
    try:
        return KINDS[name]
    except KeyError:
        raise UserError(f"unknown document kind '{name}'; kinds: {', '.join(KINDS)}") from None


def check_formats(kind: Kind, formats: tuple[str, ...] | list[str]) -> None:
    """Refuse a format the kind does not come in, naming the ones it does.

    Raises:
        UserError: for the first unknown format.
    """
    for fmt in formats:
        if fmt not in kind.formats:
            raise UserError(
                f"unknown format '{fmt}' for {kind.title}s; formats: {', '.join(kind.formats)}"
            )


def kind_options_for(kind: Kind, given: BaseModel | Mapping[str, Any] | None) -> BaseModel:
    """``given`` as the kind's options model, each problem located under ``options``.

    Raises:
        InputError: for a value the kind's options refuse.
    """
    if isinstance(given, kind.options):
        return given
    data = given.model_dump(exclude_unset=True) if isinstance(given, BaseModel) else given
    return validated_options(kind.options, dict(data or {}), f"{kind.name} options")


M = TypeVar("M", bound=BaseModel)


def validated_options(model: type[M], data: Mapping[str, Any], name: str) -> M:
    """``data`` as ``model``, each problem an :class:`Issue` located under ``name`` (the
    page's options and every kind's options are checked this one way).

    Raises:
        InputError: for a value ``model`` refuses.
    """
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        issues = [
            Issue(
                error["msg"],
                path=tuple(str(p) if not isinstance(p, int) else p for p in error["loc"]),
                file=name,
                hint=f"see {model.__name__} for the allowed values",
            )
            for error in exc.errors(include_url=False)
        ]
        raise InputError(issues, name) from None


def build_context(
    profile: Profile | JobDescription,
    kind: str = "resume",
    options: DocumentOptions | None = None,
    *,
    job: JobPosting | None = None,
    kind_options: BaseModel | Mapping[str, Any] | None = None,
    packs: tuple[Path, ...] = (),
    today: Callable[[], date] = date.today,
) -> Document:
    """The context of one document, tailored to ``job`` where the kind tailors (not fitted).

    The page is prepared first (selection, locale, theme, date); the kind's builder only
    ever sees the selected profile.

    Raises:
        UserError: for an unknown kind, or a kind that needs a posting without one.
        InputError: for options the kind refuses.
    """
    return make_context(
        profile, kind, options, job=job, kind_options=kind_options, packs=packs, today=today
    )[0]


def make_context(
    subject: Profile | JobDescription,
    kind: str,
    options: DocumentOptions | None = None,
    *,
    job: JobPosting | None = None,
    kind_options: BaseModel | Mapping[str, Any] | None = None,
    packs: tuple[Path, ...] = (),
    today: Callable[[], date] = date.today,
) -> tuple[Document, list[str]]:
    """:func:`build_context`, with what tailoring changed (for ``--explain``)."""
    spec = get_kind(kind)
    opts = kind_options_for(spec, kind_options)
    if spec.job == "required" and job is None:
        raise UserError(f"a {spec.title} needs a job posting")
    if spec.subject == "job description":
        if not isinstance(subject, JobDescription):
            raise UserError(f"a {spec.title} is made from a job description, not a profile")
        jd_request = prepare_job_description(
            subject, options, default_theme=spec.default_theme, today=today
        )
        return spec.build(jd_request, opts), []
    if not isinstance(subject, Profile):
        raise UserError(f"a {spec.title} is made from a profile")
    request = prepare(
        subject,
        options,
        job=job,
        packs=packs,
        default_theme=spec.default_theme,
        photo=spec.photo,
        today=today,
    )
    changes: list[str] = []
    if spec.tailors and job is not None:
        from toolkit.matching.tailor import tailor  # lazy: matching, only with a posting
        from toolkit.roles import pack_for  # lazy: the role packs, only with a posting

        result = tailor(request.subject, job, pack_for(None, job, packs))
        # the person's own priorities still come first; relevance orders bullets of equal
        # priority (selecting again keeps everything and only orders)
        tailored = select(result.profile, include_private=True)
        request = dataclasses.replace(request, subject=tailored)
        changes = result.changes
    doc = spec.build(request, opts)
    if isinstance(doc, DocumentContext):  # section titles the person wrote stay as written
        untranslated_titles(request.subject, doc.sections, request.localizer)
    return doc, changes
