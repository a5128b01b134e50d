"""load -> match -> context -> fit -> render -> write: the library's entry points.

The only place that pairs a document kind (:mod:`toolkit.documents.kinds`) with an output
format (:mod:`toolkit.formats`). :func:`render` returns bytes and writes nothing;
:func:`build` renders every requested format and publishes them together into
``<out>/<person-slug>/``; :func:`render_files` is what both (and batches, packets and the
studio) call to get a document's files by name.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from toolkit.documents.context import Document, DocumentContext
from toolkit.documents.kinds import (
    KINDS,
    Kind,
    build_context,
    check_formats,
    get_kind,
    make_context,
    validated_options,
)
from toolkit.documents.resume import fit_tailored
from toolkit.errors import ArgumentError, UserError, expect
from toolkit.formats import Settings, renderer
from toolkit.formats.png import pdf_to_pngs
from toolkit.formats.themes import load_theme
from toolkit.models.jd import JobDescription
from toolkit.models.options import DocumentOptions
from toolkit.models.posting import JobPosting
from toolkit.models.profile import Profile
from toolkit.output import person_folder, publish, slugify, subfolder
from toolkit.pipeline.fit import FitResult, fit_to_pages, save_last_page

if TYPE_CHECKING:
    from toolkit.pipeline.limits import Limits

log = logging.getLogger("toolkit")

DEFAULT_FORMATS: tuple[str, ...] = KINDS["resume"].default_formats
FORMATS: tuple[str, ...] = KINDS["resume"].formats


@dataclass
class BuildResult:
    """What :func:`build` wrote, and what it noticed."""

    paths: list[Path]
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """What tailoring and fitting changed, e.g. ``base size 10.5pt -> 10pt``."""
    pages: int | None = None


@dataclass(frozen=True)
class Made:
    """One document made: its context (tailored and fitted), what changed, its pages."""

    doc: Document
    kind: Kind
    changes: list[str] = field(default_factory=list)
    pages: int | None = None


def as_path(value: Any) -> Any:
    """A ``str`` path as a :class:`Path`; anything else as it is (checked after)."""
    return Path(value) if isinstance(value, str) else value


def check_arguments(
    *,
    job: object = None,
    options: object = None,
    user_templates: object = None,
    formats: object = (),
    word_template: object = None,
) -> None:
    """Refuse arguments of the wrong type with an :class:`ArgumentError` naming them."""
    expect("job", job, JobPosting, optional=True)
    expect("options", options, DocumentOptions, optional=True)
    expect("user_templates", user_templates, Path, optional=True)
    expect("word_template", word_template, Path, optional=True)
    # (a str path is taken too: the entry points turn it into a Path first)
    if isinstance(formats, str) or not all(isinstance(f, str) for f in formats):  # type: ignore[attr-defined]
        raise ArgumentError("formats takes a list of format names, e.g. ['pdf', 'docx']")


def document_options(options: DocumentOptions | None, overrides: dict[str, Any]) -> DocumentOptions:
    """``options`` with keyword overrides; a bad value is an :class:`InputError` naming it."""
    base = options.model_dump(exclude_unset=True) if options else {}
    base.update({k: v for k, v in overrides.items() if v is not None})
    return validated_options(DocumentOptions, base, "options")


PAGED_FORMATS = frozenset({"pdf", "png", "docx"})
"""Formats read as pages: a resume made for one of them is kept off a nearly empty last page."""


def _paged(formats: Sequence[str], word_template: Path | None) -> bool:
    """Whether any of ``formats`` is laid out in pages by our own layout (a Word file filled
    from the user's own template has the template's layout, which ours cannot measure)."""
    ours = PAGED_FORMATS - {"docx"} if word_template is not None else PAGED_FORMATS
    return not ours.isdisjoint(formats)


ONE_PAGE_YEARS = 10
"""Careers shorter than this (in years worked) get a one-page resume when tightening the
layout within the theme is enough: what recruiters expect of an early career."""


def make(
    subject: Profile | JobDescription,
    kind: str,
    options: DocumentOptions,
    *,
    job: JobPosting | None = None,
    kind_options: BaseModel | Mapping[str, Any] | None = None,
    settings: Settings | None = None,
    packs: Sequence[Path] = (),
    paged: bool = True,
) -> Made:
    """Build ``kind``'s context for ``subject``, tailored to ``job`` and fitted to its pages.

    Fitting: a kind with a page budget (a letter: one page) is always fitted to it; a kind
    that may tighten (the resume) is fitted to ``options.max_pages`` when set. A tailored
    resume keeps the untailored one's page count. When ``paged`` (the document is made for
    PDF, PNG or Word), a resume is then kept off a nearly empty last page
    (:func:`~toolkit.pipeline.fit.save_last_page`).
    """
    spec = get_kind(kind)
    settings = settings or Settings()
    doc, changes = make_context(
        subject, kind, options, job=job, kind_options=kind_options, packs=tuple(packs)
    )
    budget = spec.page_budget
    allow = True
    if spec.tightens and options.max_pages is not None:
        budget = options.max_pages
        # tailoring works within the page budget: the least relevant bullets go first
        allow = options.allow_dropping or job is not None
    # without a budget, a tailored resume keeps the untailored one's page count
    keep_pages = budget is None and spec.tailors and job is not None
    economy = paged and spec.tightens and isinstance(subject, Profile)
    if budget is None and not keep_pages and not economy:
        return Made(doc, spec, changes)
    # lazy: the PDF format (jinja2, then WeasyPrint at its first layout) only when a page
    # count is needed; a Markdown render loads neither
    from toolkit.formats import pdf

    theme = load_theme(doc.theme, settings.user_templates)

    def pages(d: Document) -> int:
        return pdf.pages(d, settings)

    def lay_out(d: Document) -> pdf.Layout:
        return pdf.layout(d, settings)

    def economize(d: Document) -> FitResult:
        assert isinstance(subject, Profile)
        return save_last_page(
            d,
            lay_out,
            shorten=spec.shorten,
            allow_dropping=options.allow_dropping,
            one_page=budget is None and _early_career(subject, options),
            theme=theme,
        )

    count: int | None = None
    if keep_pages and isinstance(doc, DocumentContext):
        untailored = make_context(
            subject, kind, options, kind_options=kind_options, packs=tuple(packs)
        )[0]
        if economy:
            # the tailored resume starts from the untailored one's layout, tightened or not
            saved = economize(untailored)
            doc = doc.with_page(theme_options=saved.ctx.theme_options)
            before = saved.pages
        else:
            before = pages(untailored)
        doc, count, left_out = fit_tailored(doc, pages, before)
        changes = changes + left_out
    elif budget is not None:
        result = fit_to_pages(
            doc,
            budget,
            pages,
            allow_dropping=allow,
            tighten=spec.tightens,
            shorten=spec.shorten,
            overflow_hint=spec.overflow_hint,
            theme=theme,
        )
        for change in result.changes:
            log.debug("fit to %d page(s): %s", budget, change)
        doc, count, changes = result.ctx, result.pages, changes + result.changes
    if economy:
        saved = economize(doc)
        doc, count, changes = saved.ctx, saved.pages, changes + saved.changes
    return Made(doc, spec, changes, count)


def _early_career(profile: Profile, options: DocumentOptions) -> bool:
    """Whether the profile's years worked (to the document's date) make an early career."""
    from toolkit.matching.facts import years_of_experience  # lazy: only for a paged resume

    today = options.document_date or date.today()
    return years_of_experience(profile, today) < ONE_PAGE_YEARS


def render_made(
    made: Made, formats: Sequence[str], settings: Settings, *, stem: str | None = None
) -> dict[str, bytes]:
    """The files of a made document, by name (``<stem>.<format>``; PNG: one per page).

    ``stem`` replaces the kind's own file name (a packet names its files its own way).
    """
    stem = stem or made.kind.file_stem(made.doc)
    files: dict[str, bytes] = {}
    for fmt in formats:
        if fmt == "png":
            pdf = files.get(f"{stem}.pdf") or renderer("pdf")(made.doc, settings)
            for i, png in enumerate(pdf_to_pngs(pdf), start=1):
                files[f"{stem}-page{i}.png"] = png
        else:
            files[f"{stem}.{fmt}"] = renderer(fmt)(made.doc, settings)
    return files


def _check_word_template(word_template: Path | None, formats: Sequence[str]) -> None:
    """A letterhead asked for with a single format other than Word is a mistake; among
    several formats it applies to the Word file only."""
    if word_template is not None and any(fmt != "docx" for fmt in formats):
        raise UserError("a Word template (letterhead) is a Word file: use it with the docx format")


def render(
    profile: Profile | JobDescription,
    kind: str = "resume",
    fmt: str = "pdf",
    *,
    options: DocumentOptions | None = None,
    user_templates: Path | None = None,
    job: JobPosting | None = None,
    kind_options: BaseModel | Mapping[str, Any] | None = None,
    limits: Limits | None = None,
    packs: Sequence[Path] = (),
    word_template: Path | None = None,
    **overrides: Any,
) -> bytes:
    """Render one document to bytes; nothing is written.

    Args:
        profile: the profile (a :class:`~toolkit.models.jd.JobDescription` for ``jd``).
        kind: one of :data:`toolkit.documents.kinds.KINDS`: ``resume``, ``letter`` (a cover
            letter), ``interview`` (a practice sheet), ``gap`` and ``match`` (reports).
        fmt: one of the kind's formats (``pdf``, ``docx``, ``html``, ``md``, ``txt``,
            ``json``, ``png``: the first page).
        options: render options; keyword arguments override single fields of it
            (``theme="modern"``, ``page_size="a4"``, ``locale="fr-FR"``, ``tags=[...]`` …).
        user_templates: a folder of templates that override the built-in ones (sandboxed).
        job: a posting (from :func:`toolkit.load_job`) to tailor the document to.
        kind_options: the kind's own options, as its model or a mapping: a letter's
            ``LetterOptions``, an interview sheet's ``InterviewOptions`` (``role``,
            ``level``, ``count``, ``seed``, ``with_tips``), a gap report's ``role`` and
            ``level``.
        limits: run the render in a worker process within these :class:`~toolkit.Limits`
            (wall clock, CPU, memory); use it for profiles or templates from strangers.
        packs: folders of your own role packs.
        word_template: a ``.docx`` with placeholders (a letterhead) to fill instead of the
            built-in Word layout; ``docx`` only.

    Raises:
        UserError: for an unknown kind, format, theme or locale; TemplateError for templates.
        InputError: for options the kind refuses.
        RenderError: when an engine fails; LimitError when a limit stopped the render.
        ArgumentError: for arguments of the wrong type.
    """
    user_templates, word_template = as_path(user_templates), as_path(word_template)
    check_arguments(
        job=job, options=options, user_templates=user_templates, word_template=word_template
    )
    opts = document_options(options, overrides)
    if limits is not None:
        # lazy: the sandbox (signal, subprocess: ~3 ms) only for a render with limits
        from toolkit.pipeline.limits import run_limited

        return run_limited(
            render,
            profile,
            kind,
            fmt,
            options=opts,
            user_templates=user_templates,
            job=job,
            kind_options=kind_options,
            packs=packs,
            word_template=word_template,
            limits=limits,  # taken by run_limited: the worker renders without limits
        )
    _check_word_template(word_template, [fmt])
    made, settings = _make_for(
        profile, kind, [fmt], opts, user_templates, job, kind_options, packs, word_template
    )
    return renderer(fmt)(made.doc, settings)


def _make_for(
    profile: Profile | JobDescription,
    kind: str,
    formats: Sequence[str],
    opts: DocumentOptions,
    user_templates: Path | None,
    job: JobPosting | None,
    kind_options: BaseModel | Mapping[str, Any] | None,
    packs: Sequence[Path],
    word_template: Path | None,
) -> tuple[Made, Settings]:
    """The document made for ``formats`` (checked against its kind), with its settings."""
    check_formats(get_kind(kind), list(formats))
    settings = Settings(user_templates=user_templates, word_template=word_template)
    made = make(
        profile,
        kind,
        opts,
        job=job,
        kind_options=kind_options,
        settings=settings,
        packs=packs,
        paged=_paged(formats, word_template),
    )
    return made, settings


def render_files(
    profile: Profile | JobDescription,
    kind: str,
    formats: Sequence[str],
    opts: DocumentOptions,
    user_templates: Path | None = None,
    job: JobPosting | None = None,
    kind_options: BaseModel | Mapping[str, Any] | None = None,
    packs: Sequence[Path] = (),
    word_template: Path | None = None,
) -> tuple[dict[str, bytes], list[str], int | None]:
    """The files of one document, by name, with what tailoring and fitting changed."""
    files, made = make_files(
        profile, kind, formats, opts, user_templates, job, kind_options, packs, word_template
    )
    return files, made.changes, made.pages


def make_files(
    profile: Profile | JobDescription,
    kind: str,
    formats: Sequence[str],
    opts: DocumentOptions,
    user_templates: Path | None = None,
    job: JobPosting | None = None,
    kind_options: BaseModel | Mapping[str, Any] | None = None,
    packs: Sequence[Path] = (),
    word_template: Path | None = None,
) -> tuple[dict[str, bytes], Made]:
    """The files of one document, by name, and the document they were made from (for a
    caller that reviews what it made, as the command line reviews a letter)."""
    made, settings = _make_for(
        profile, kind, formats, opts, user_templates, job, kind_options, packs, word_template
    )
    return render_made(made, formats, settings), made


def destination(out: Path, subject: Profile | JobDescription) -> Path:
    """Where a document's files go: ``<out>/<person>/``, or ``<out>/jobs/<organization>/``."""
    if isinstance(subject, JobDescription):
        org = slugify(subject.organization.name, fallback="organization")
        return subfolder(out, "jobs", org)
    return person_folder(out, subject.basics.name)


def build(
    profile: Profile | JobDescription,
    kind: str = "resume",
    formats: Sequence[str] | None = None,
    *,
    out: Path = Path("output"),
    options: DocumentOptions | None = None,
    user_templates: Path | None = None,
    force: bool = False,
    job: JobPosting | None = None,
    kind_options: BaseModel | Mapping[str, Any] | None = None,
    limits: Limits | None = None,
    packs: Sequence[Path] = (),
    word_template: Path | None = None,
    **overrides: Any,
) -> BuildResult:
    """Render each format and publish them together into ``<out>/<person-slug>/``.

    With ``limits``, the rendering runs in a worker process (see :func:`render`); writing
    the files stays in the calling process.

    Returns:
        The paths written (all formats appear at once, or none), with warnings.

    Raises:
        UserError: as :func:`render`; OutputError when a file cannot be written there.
        ArgumentError: for arguments of the wrong type.
    """
    user_templates, word_template = as_path(user_templates), as_path(word_template)
    out = as_path(out) or Path("output")
    check_arguments(
        job=job,
        options=options,
        user_templates=user_templates,
        formats=formats or (),
        word_template=word_template,
    )
    expect("out", out, Path)
    spec = get_kind(kind)
    formats = tuple(formats or spec.default_formats)
    check_formats(spec, formats)
    opts = document_options(options, overrides)
    args = (profile, kind, formats, opts, user_templates, job, kind_options, tuple(packs))
    args += (word_template,)  # type: ignore[assignment]
    if limits is not None:
        from toolkit.pipeline.limits import run_limited  # lazy: the sandbox, only with limits

        files, changes, pages = run_limited(render_files, *args, limits=limits)
    else:
        files, changes, pages = render_files(*args)
    paths = publish(destination(out, profile), files, force=force)
    warnings = []
    if opts.max_pages is not None and pages is not None and pages > opts.max_pages:
        warnings.append(f"the document takes {pages} pages, more than the {opts.max_pages} asked")
    return BuildResult(paths, warnings=warnings, notes=changes, pages=pages)


__all__ = [
    "BuildResult",
    "Made",
    "build",
    "build_context",
    "make",
    "make_files",
    "render",
    "render_files",
]


def render_context(ctx: Document, fmt: str, *, user_templates: Path | None = None) -> bytes:
    """Render a built context to one format."""
    return renderer(fmt)(ctx, Settings(user_templates=user_templates))
