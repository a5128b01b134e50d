"""load -> select -> context -> render -> write: the library's entry points.

:func:`render` returns bytes and writes nothing; :func:`build` renders every requested
format and publishes them together into ``<out>/<person-slug>/``.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from toolkit.documents.context import DocumentContext
from toolkit.errors import UserError
from toolkit.models.options import DocumentOptions
from toolkit.models.posting import JobPosting
from toolkit.models.profile import Profile

if TYPE_CHECKING:
    from toolkit.pipeline.limits import Limits

log = logging.getLogger("toolkit")

Kind = Literal["resume", "letter", "interview"]
Format = Literal["pdf", "docx", "html", "md", "txt", "png"]
FORMATS: tuple[str, ...] = ("pdf", "docx", "html", "md", "txt", "png")
DEFAULT_FORMATS: tuple[str, ...] = ("pdf", "docx", "html")
KINDS: tuple[str, ...] = ("resume", "letter", "interview")


@dataclass
class BuildResult:
    """What :func:`build` wrote, and what it noticed."""

    paths: list[Path]
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """What fitting changed, e.g. ``base size 10.5pt -> 10pt``."""
    pages: int | None = None


def _options(options: DocumentOptions | None, overrides: dict[str, Any]) -> DocumentOptions:
    """``options`` with keyword overrides; a bad value is an :class:`InputError` naming it."""
    from pydantic import ValidationError

    from toolkit.errors import InputError, Issue

    base = options.model_dump(exclude_unset=True) if options else {}
    base.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return DocumentOptions.model_validate(base)
    except ValidationError as exc:
        issues = [
            Issue(
                error["msg"],
                path=tuple(str(p) if not isinstance(p, int) else p for p in error["loc"]),
                file="options",
                hint="see DocumentOptions for the allowed values",
            )
            for error in exc.errors(include_url=False)
        ]
        raise InputError(issues, "options") from None


def build_context(
    profile: Profile, kind: str = "resume", options: DocumentOptions | None = None
) -> DocumentContext:
    """The document context of one kind of document (no rendering)."""
    if kind == "resume":
        from toolkit.documents.resume import build_resume

        return build_resume(profile, options)
    raise UserError(f"unknown document kind '{kind}'; kinds: {', '.join(KINDS)}")


def tailored(
    profile: Profile, job: JobPosting | None, packs: Sequence[Path] = ()
) -> tuple[Profile, list[str]]:
    """The profile tailored to ``job`` (choose and order only), with what changed."""
    if job is None:
        return profile, []
    from toolkit.matching.tailor import tailor
    from toolkit.roles import pack_for

    pack = pack_for(None, job, packs)
    result = tailor(profile, job, pack)
    return result.profile, result.changes


def emphasis_terms(profile: Profile, job: JobPosting) -> tuple[str, ...]:
    """The posting's terms as the profile writes them (what ``--emphasize`` sets in bold)."""
    import re

    from toolkit.matching.evidence import all_lines
    from toolkit.roles import pack_for

    pack = pack_for(None, job)
    text = "\n".join(line.text for line in all_lines(profile))
    found: dict[str, None] = {}
    for term in job.keywords:
        try:
            item = pack.skill_or_system(term)
        except KeyError:
            continue
        for spelling in item.spellings():
            if len(spelling) > 2 and re.search(
                r"(?<!\w)" + re.escape(spelling) + r"(?!\w)", text, re.IGNORECASE
            ):
                found[spelling] = None
    return tuple(found)


def fitted_context(
    profile: Profile,
    kind: str,
    options: DocumentOptions,
    *,
    user_templates: Path | None = None,
    job: JobPosting | None = None,
) -> tuple[DocumentContext, list[str], int | None]:
    """The context, tailored to ``job`` and fitted to ``options.max_pages`` when set.

    Returns:
        ``(ctx, changes, pages)``: the changes list what tailoring and fitting did.
    """
    profile, changes = tailored(profile, job)
    if job is not None and options.max_pages is not None and not options.allow_dropping:
        # tailoring works within the page budget: the least relevant bullets go first
        options = options.model_copy(update={"allow_dropping": True})
    ctx = build_context(profile, kind, options)
    if job is not None and options.emphasize:
        ctx = dataclasses.replace(ctx, emphasis=emphasis_terms(profile, job))
    if options.max_pages is None:
        return ctx, changes, None
    from toolkit.formats.html import render_html
    from toolkit.formats.pdf import count_pages
    from toolkit.pipeline.fit import fit_to_pages

    extra = [user_templates] if user_templates else None

    def pages(c: DocumentContext) -> int:
        return count_pages(render_html(c, user_templates=user_templates), extra_roots=extra)

    result = fit_to_pages(ctx, options.max_pages, pages, allow_dropping=options.allow_dropping)
    for change in result.changes:
        log.debug("fit to %d page(s): %s", options.max_pages, change)
    return result.ctx, changes + result.changes, result.pages


def render_context(ctx: DocumentContext, fmt: str, *, user_templates: Path | None = None) -> bytes:
    """Render a built context to one format."""
    if fmt == "html":
        from toolkit.formats.html import render_html

        return render_html(ctx, user_templates=user_templates).encode()
    if fmt == "pdf":
        from toolkit.formats.html import render_html
        from toolkit.formats.pdf import render_pdf

        html = render_html(ctx, user_templates=user_templates)
        extra = [user_templates] if user_templates else None
        return render_pdf(html, ctx.meta, extra_roots=extra)
    if fmt == "docx":
        word_template = user_templates / f"{ctx.kind}.docx" if user_templates else None
        if word_template is not None and word_template.is_file():
            from toolkit.formats.docx_template import render_docx_template

            return render_docx_template(word_template, ctx)
        from toolkit.formats.docx import render_docx

        return render_docx(ctx)
    if fmt in ("md", "txt"):
        from toolkit.formats.text import render_markdown, render_text

        return (render_markdown(ctx) if fmt == "md" else render_text(ctx)).encode()
    raise UserError(f"unknown format '{fmt}'; formats: {', '.join(FORMATS)}")


def render(
    profile: Profile,
    kind: str = "resume",
    fmt: str = "pdf",
    *,
    options: DocumentOptions | None = None,
    user_templates: Path | None = None,
    job: JobPosting | None = None,
    extra: dict[str, Any] | None = None,
    limits: Limits | None = None,
    **overrides: Any,
) -> bytes:
    """Render one document to bytes; nothing is written.

    Args:
        profile: the profile.
        kind: ``resume``, ``letter`` (a cover letter) or ``interview`` (a practice sheet).
        fmt: ``pdf``, ``docx``, ``html``, ``md`` or ``txt`` (an interview sheet has no
            ``txt``).
        options: render options; keyword arguments override single fields of it
            (``theme="modern"``, ``page_size="a4"``, ``locale="fr-FR"``, ``tags=[...]`` …).
        user_templates: a folder of templates that override the built-in ones (sandboxed).
        job: a posting (from :func:`toolkit.load_job`) to tailor the document to.
        extra: options of the letter (``letter``: a ``LetterOptions``) or the interview sheet
            (``level``, ``count``, ``seed``, ``with_tips``, ``role``).
        limits: run the render in a worker process within these :class:`~toolkit.Limits`
            (wall clock, CPU, memory); use it for profiles or templates from strangers.

    Raises:
        UserError: for an unknown kind, format, theme or locale; TemplateError for templates.
        RenderError: when an engine fails; LimitError when a limit stopped the render.
    """
    opts = _options(options, overrides)
    if limits is not None:
        from toolkit.pipeline.limits import run_limited

        return run_limited(
            render,
            profile,
            kind,
            fmt,
            options=opts,
            user_templates=user_templates,
            job=job,
            extra=extra,
            limits=limits,  # taken by run_limited: the worker renders without limits
        )
    extra = extra or {}
    if kind == "letter":
        from toolkit.documents.letter import build_letter
        from toolkit.formats.letter_formats import render_letter
        from toolkit.roles import pack_for

        pack = pack_for(extra.get("role"), job)
        letter = build_letter(profile, job, extra.get("letter"), document_options=opts, pack=pack)
        return render_letter(letter, fmt)
    if kind == "interview":
        from toolkit.documents.interview import interview_sheet
        from toolkit.formats.interview_formats import render_interview

        sheet = interview_sheet(
            profile,
            job=job,
            role=extra.get("role"),
            level=extra.get("level"),
            count=extra.get("count", 10),
            seed=extra.get("seed"),
            with_tips=bool(extra.get("with_tips")),
            options=opts,
        )
        return render_interview(sheet, fmt)
    ctx, _, _ = fitted_context(profile, kind, opts, user_templates=user_templates, job=job)
    return render_context(ctx, fmt, user_templates=user_templates)


def build(
    profile: Profile,
    kind: str = "resume",
    formats: Sequence[str] = DEFAULT_FORMATS,
    *,
    out: Path = Path("output"),
    options: DocumentOptions | None = None,
    user_templates: Path | None = None,
    force: bool = False,
    job: JobPosting | None = None,
    limits: Limits | None = None,
    **overrides: Any,
) -> BuildResult:
    """Render each format and publish them together into ``<out>/<person-slug>/``.

    With ``limits``, the rendering runs in a worker process (see :func:`render`); writing
    the files stays in the calling process.

    Returns:
        The paths written (all formats appear at once, or none), with warnings.
    """
    from toolkit.output import person_folder, publish

    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise UserError(f"unknown format '{unknown[0]}'; formats: {', '.join(FORMATS)}")
    opts = _options(options, overrides)
    args = (profile, kind, tuple(formats), opts, user_templates, job)
    if limits is not None:
        from toolkit.pipeline.limits import run_limited

        files, changes, pages = run_limited(render_files, *args, limits=limits)
    else:
        files, changes, pages = render_files(*args)
    folder = person_folder(out, profile.basics.name)
    paths = publish(folder, files, force=force)
    warnings = []
    if opts.max_pages is not None and pages is not None and pages > opts.max_pages:
        warnings.append(f"the document takes {pages} pages, more than the {opts.max_pages} asked")
    return BuildResult(paths, warnings=warnings, notes=changes, pages=pages)


def render_files(
    profile: Profile,
    kind: str,
    formats: Sequence[str],
    opts: DocumentOptions,
    user_templates: Path | None = None,
    job: JobPosting | None = None,
) -> tuple[dict[str, bytes], list[str], int | None]:
    """The files of one :func:`build`, by name, with what tailoring and fitting changed."""
    ctx, changes, pages = fitted_context(
        profile, kind, opts, user_templates=user_templates, job=job
    )
    stem = kind
    files: dict[str, bytes] = {}
    for fmt in formats:
        if fmt == "png":
            continue
        files[f"{stem}.{fmt}"] = render_context(ctx, fmt, user_templates=user_templates)
    if "png" in formats:
        from toolkit.formats.png import pdf_to_pngs

        pdf = files.get(f"{stem}.pdf") or render_context(ctx, "pdf", user_templates=user_templates)
        for i, png in enumerate(pdf_to_pngs(pdf), start=1):
            files[f"{stem}-page{i}.png"] = png
    return files, changes, pages
