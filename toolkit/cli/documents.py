"""``toolkit resume`` and ``toolkit themes``: documents from a profile."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from toolkit import collector
from toolkit.cli import console


def limits(timeout: float | None) -> Any:
    """The :class:`~toolkit.Limits` of ``--timeout`` (``None`` renders in-process)."""
    if timeout is None:
        return None
    from toolkit.pipeline.limits import Limits

    return Limits(timeout=timeout)


def write_document(
    subject: Any,
    kind: str,
    formats: str | None,
    options: Any,
    *,
    out: Path,
    force: bool,
    job: Any = None,
    kind_options: Any = None,
    timeout: float | None = None,
    user_templates: Path | None = None,
    word_template: Path | None = None,
    folder: Path | None = None,
    strict: bool = False,
    locate: Any = None,
    source: str | None = None,
) -> list[Path]:
    """Render one document in the formats of ``-f`` (default: its kind's) and publish them.

    The files go to ``folder``, by default the person's folder under ``out``; with
    ``--timeout`` they are rendered in a limited worker process. What looks like patient
    data in the profile (or the letter file) is shown first; with ``strict`` it is an error
    and nothing is written.
    """
    from toolkit.documents.kinds import check_formats, get_kind
    from toolkit.models.profile import Profile
    from toolkit.output import person_folder, publish
    from toolkit.pipeline import make_files, render_files

    spec = get_kind(kind)
    wanted = _split(formats) or list(spec.default_formats)
    check_formats(spec, wanted)
    if isinstance(subject, Profile):
        letter = kind_options if kind == "letter" else None
        check_privacy(subject, strict=strict, locate=locate, source=source, letter=letter)
    args = (subject, kind, wanted, options, user_templates, job, kind_options, (), word_template)
    limited = limits(timeout)
    made = None
    if limited is not None:
        from toolkit.pipeline.limits import run_limited

        # the worker sends back the files only: the letter's review builds it again here
        files, _, pages = run_limited(render_files, *args, limits=limited)
    else:
        files, made = make_files(*args)
        pages = made.pages
    if folder is None:
        folder = person_folder(out, subject.basics.name)
    paths = publish(folder, files, force=force)
    for path in paths:
        console.out.print(f"wrote {path}")
    if kind == "letter":
        review_letter(subject, options, job, kind_options, pages, made.doc if made else None)
    return paths


def check_privacy(
    profile: Any,
    *,
    strict: bool,
    locate: Any = None,
    source: str | None = None,
    letter: Any = None,
) -> list[Any]:
    """Show what looks like patient data (PHI) in the profile or the letter file.

    Raises:
        InputError: with ``strict``, when there is any (before anything is written).
    """
    from pydantic import BaseModel

    from toolkit.privacy import phi_error, phi_report

    found = phi_report(
        profile, letter=letter if isinstance(letter, BaseModel) else None, locate=locate
    )
    if found and strict:
        raise phi_error(found, source)
    if found:
        console.print_issues(found, source)
    return found


def review_letter(
    profile: Any,
    options: Any,
    job: Any,
    kind_options: Any,
    pages: int | None,
    ctx: Any = None,
) -> list[Any]:
    """Print what a careful reader would flag in the letter (see :mod:`letter_check`);
    ``ctx`` is the letter when the caller made it already, else it is built here."""
    from toolkit.documents.kinds import make_context
    from toolkit.documents.letter import LetterContext
    from toolkit.documents.letter_check import check_letter

    if ctx is None:
        ctx, _ = make_context(profile, "letter", options, job=job, kind_options=kind_options)
    assert isinstance(ctx, LetterContext)
    found = check_letter(ctx, job, pages)
    if found:
        console.print_issues(found, "letter check")
    else:
        console.out.print("letter check: nothing to fix")
    return found


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter("write the date as YYYY-MM-DD", param_hint="--date") from None


Formats = Annotated[
    str | None,
    typer.Option(
        "-f",
        "--format",
        help="Comma-separated: pdf, docx, html, md, txt, png [default: pdf,docx,html].",
        show_default=False,
    ),
]
Theme = Annotated[str | None, typer.Option("--theme", help="A theme (see `toolkit themes`).")]
Page = Annotated[
    str | None,
    typer.Option(
        "--page", help="a4 or letter [default: from the locale's country].", show_default=False
    ),
]
MaxPages = Annotated[
    int | None,
    typer.Option(
        "--max-pages",
        min=1,
        max=10,
        help="Fit to this many pages by tightening the layout within the theme's limits.",
    ),
]
AllowDropping = Annotated[
    bool,
    typer.Option(
        "--drop-bullets", help="With --max-pages, also leave out the lowest-priority bullets."
    ),
]
Locale = Annotated[
    str | None,
    typer.Option("--locale", help="Language and region, e.g. en-US, en-GB, fr-FR, de-DE, es-ES."),
]
Tags = Annotated[
    str | None,
    typer.Option(
        "--tags", help="Keep tagged entries and bullets only when they carry one of these."
    ),
]
ExcludeTags = Annotated[
    str | None,
    typer.Option("--exclude-tags", help="Leave out entries and bullets carrying any of these."),
]
Private = Annotated[
    bool, typer.Option("--include-private", help="Keep what the profile marks private: true.")
]
Templates = Annotated[
    Path | None,
    typer.Option(
        "--templates",
        help="A folder of templates overriding the theme's (same file names); with a "
        "theme.yaml it is your own theme.",
    ),
]
Out = Annotated[
    Path, typer.Option("-o", "--out", help="Output folder; files go to OUT/<your-name>/.")
]
DocDate = Annotated[
    str | None,
    typer.Option(
        "--date", help="The document date, YYYY-MM-DD [default: today].", show_default=False
    ),
]
Force = Annotated[
    bool,
    typer.Option(
        "--force", help="Replace files the toolkit did not write, or that were edited since."
    ),
]
Timeout = Annotated[
    float | None,
    typer.Option(
        "--timeout",
        min=1,
        help="Render in a separate worker process, stopped after this many seconds (and at "
        "1 GiB of memory): for profiles and templates you did not write.",
    ),
]
Watch = Annotated[
    bool, typer.Option("--watch", help="Render again whenever the profile or a template changes.")
]
Strict = Annotated[
    bool,
    typer.Option(
        "--strict",
        help="Refuse to write anything while the profile (or letter file) holds what looks like "
        "patient data: a record number, a date of birth, a patient's name with a condition.",
    ),
]


def resume(
    profile: Annotated[Path, typer.Argument(help="A profile (YAML, JSON or JSON Resume).")],
    formats: Formats = None,
    theme: Theme = None,
    page: Page = None,
    max_pages: MaxPages = None,
    drop_bullets: AllowDropping = False,
    locale: Locale = None,
    tags: Tags = None,
    exclude_tags: ExcludeTags = None,
    include_private: Private = False,
    templates: Templates = None,
    out: Out = Path("output"),
    doc_date: DocDate = None,
    force: Force = False,
    watch: Watch = False,
    timeout: Timeout = None,
    job: Annotated[
        Path | None,
        typer.Option(
            "--job", help="A job posting (txt, md, html, docx, pdf, json) to tailor the resume to."
        ),
    ] = None,
    role: Annotated[
        str | None,
        typer.Option("--role", help="With --job: the role pack to read the posting with."),
    ] = None,
    explain: Annotated[
        bool, typer.Option("--explain", help="Show what tailoring and fitting changed.")
    ] = False,
    emphasize: Annotated[
        bool,
        typer.Option(
            "--emphasize",
            help="With --job: set the posting's terms in bold (PDF, HTML, Markdown).",
        ),
    ] = False,
    strict: Strict = False,
) -> None:
    """Make a resume in PDF, DOCX, HTML, Markdown, plain text (and PNG previews).

    With --job, the resume is tailored to the posting: the summary variant, bullets and skills
    that prove most of it come first; nothing is added that the profile does not say.
    """
    from toolkit.pipeline import DEFAULT_FORMATS

    wanted = _split(formats) or list(DEFAULT_FORMATS)
    options: dict[str, Any] = {
        "theme": theme,
        "page_size": page.lower() if page else None,
        "max_pages": max_pages,
        "allow_dropping": drop_bullets,
        "locale": locale,
        "tags": _split(tags) or None,
        "exclude_tags": _split(exclude_tags) or None,
        "include_private": include_private or None,
        "document_date": _parse_date(doc_date),
        "emphasize": emphasize or None,
    }

    def once() -> None:
        posting = None
        if job is not None:
            from toolkit.postings.extract import load_job

            posting = load_job(job, role=role)
        _build_once(
            profile,
            wanted,
            options,
            templates,
            out,
            force,
            posting,
            explain,
            limits(timeout),
            strict=strict,
        )

    if not watch:
        once()
        return
    _watch(profile, templates, once)


_FIT_NOTES = ("left out: ", "space above sections ", "margins ", "line spacing ", "font size ")
"""How fitting's notes begin (a tailoring note begins with a section or a role, which may be
called "Line cook" or "Font designer")."""


def _build_once(
    profile: Path,
    formats: list[str],
    options: dict[str, Any],
    templates: Path | None,
    out: Path,
    force: bool,
    posting: Any = None,
    explain: bool = False,
    limits: Any = None,
    *,
    strict: bool = False,
) -> None:
    from pydantic import ValidationError

    from toolkit.errors import UserError
    from toolkit.load.profile import read_profile
    from toolkit.pipeline import build

    started = time.perf_counter()
    loaded = read_profile(profile)
    for warning in loaded.warnings:
        console.err.print(console.styled("[yellow]warning:[/] {}", warning), soft_wrap=True)
    check_privacy(loaded.value, strict=strict, locate=loaded.position, source=loaded.source)
    try:
        result = build(
            loaded.value,
            "resume",
            formats,
            out=out,
            user_templates=templates,
            force=force,
            job=posting,
            limits=limits,
            **options,
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        raise UserError(f"{'.'.join(map(str, first['loc']))}: {first['msg']}") from None
    if posting is not None:
        what = " at ".join(filter(None, [posting.title, posting.employer])) or "the posting"
        console.out.print(f"tailored to {what}")
    if explain or posting is None:
        # what tailoring changed, then what fitting changed; nothing when nothing did
        for note in result.notes:
            label = "fit" if note.startswith(_FIT_NOTES) else "tailor"
            console.out.print(console.styled("[dim]{}:[/] {}", label, note))
    for text in result.warnings:
        console.err.print(console.styled("[yellow]warning:[/] {}", text))
    for path in result.paths:
        console.out.print(f"wrote {path}")
    pages = f", {result.pages} page{'s' if result.pages != 1 else ''}" if result.pages else ""
    seconds = f"{time.perf_counter() - started:.1f}"
    console.out.print(console.styled("[dim]done in {} s{}[/]", seconds, pages))


def _watch(profile: Path, templates: Path | None, once: Any) -> None:
    from watchfiles import watch

    from toolkit.errors import UserError

    collector.resume()  # watching runs until stopped: collect cycles

    def attempt() -> None:
        try:
            once()
        except UserError as exc:
            console.print_error(exc)

    # The digest is taken before the first render reads the files: a save made while it
    # renders (or before the watcher starts) then differs from it and is rendered.
    rendered = _fingerprint(profile, templates)
    attempt()
    paths = [profile.resolve().parent] + ([templates.resolve()] if templates else [])
    console.out.print(f"watching {', '.join(str(p) for p in paths)} — Ctrl-C to stop")
    watched = {profile.resolve()}
    for changes in watch(*paths, debounce=300, raise_interrupt=False):
        changed = {Path(p).resolve() for _, p in changes}
        relevant = [
            p
            for p in changed
            if p in watched or (templates and p.is_relative_to(templates.resolve()))
        ]
        if not relevant:
            continue
        names = ", ".join(p.name for p in relevant)
        now = _fingerprint(profile, templates)
        if now == rendered:  # saved again as it was (or touched): nothing to render
            console.out.print(console.styled("[dim]unchanged: {} (not rendered again)[/]", names))
            continue
        rendered = now
        console.out.print(f"changed: {names}")
        attempt()


def _fingerprint(profile: Path, templates: Path | None) -> str:
    """A digest of what a render reads from disk: the profile and the templates folder."""
    import hashlib  # lazy: only --watch compares what it rendered

    digest = hashlib.sha256()
    files = [profile]
    if templates is not None and templates.is_dir():
        files += sorted(p for p in templates.rglob("*") if p.is_file())
    for path in files:
        digest.update(str(path).encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"(unreadable)")
    return digest.hexdigest()


def themes() -> None:
    """List the built-in themes."""
    from rich.table import Table

    from toolkit.formats.themes import load_theme, theme_names

    table = Table(show_header=True, header_style="bold", box=None)
    table.add_column("theme")
    table.add_column("description")
    for name in theme_names():
        table.add_row(name, load_theme(name).description)
    console.out.print(table)


def check(
    profile: Annotated[
        Path,
        typer.Argument(
            help="A profile (YAML, JSON or JSON Resume), or a resume as PDF or Word (.docx) "
            "to read as an applicant-tracking parser would."
        ),
    ],
    theme: Theme = None,
    page: Page = None,
    locale: Locale = None,
    tags: Tags = None,
    exclude_tags: ExcludeTags = None,
    job: Annotated[
        Path | None,
        typer.Option(
            "--job",
            help="A job posting: also check the cover letter written for it (repeated "
            "phrases, evidence that does not fit, the employer and title, length, filler).",
        ),
    ] = None,
    letter_file: Annotated[
        Path | None, typer.Option("--letter", help="The letter file to check the letter with.")
    ] = None,
) -> None:
    """Audit the resume: can a parser read it back, how do its pages look, and how could its
    content be stronger?

    Given a profile, the resume is made and read back; the pages are checked for a runt
    last page, characters the fonts cannot show and lone-word lines. Given a PDF or a Word
    file, it is read as an applicant-tracking parser would: what it finds (name, contacts,
    headings, jobs) and what gets in its way (no text layer, pictures, columns, text boxes).
    With --job, the cover letter for that posting is checked too. Exits 1 when a parser
    would lose something (an error); suggestions alone exit 0.
    """
    from toolkit.load.sources import read_bytes
    from toolkit.pipeline.check import MAX_RESUME_BYTES, resume_file_kind

    data = read_bytes(profile, str(profile), max_bytes=MAX_RESUME_BYTES)
    kind = resume_file_kind(profile.suffix, data[:512])
    if kind is not None:
        given = {
            "--theme": theme,
            "--page": page,
            "--locale": locale,
            "--tags": tags,
            "--exclude-tags": exclude_tags,
            "--job": job,
            "--letter": letter_file,
        }
        for name, value in given.items():
            if value is not None:
                raise typer.BadParameter(
                    f"{name} applies when checking a profile; a {kind.upper()} is read as it is",
                    param_hint=name,
                )
        _check_file(data, kind, str(profile))
        return
    _check_profile(profile, theme, page, locale, tags, exclude_tags, job, letter_file)


def _check_file(data: bytes, kind: Any, source: str) -> None:
    """Read a finished resume as a parser would; print what it finds and what gets in its way."""
    from rich.table import Table

    from toolkit.pipeline.check import read_resume

    reading = read_resume(data, kind, source)
    pages = f", {reading.pages} page{'s' if reading.pages != 1 else ''}" if reading.pages else ""
    console.out.print(
        console.styled("[bold]what a parser reads from {}[/] ({}{})", source, kind.upper(), pages)
    )
    table = Table(show_header=False, box=None, padding=(0, 2, 0, 2))
    table.add_column(style="dim", no_wrap=True)
    table.add_column(overflow="fold")
    none = "— not found"
    table.add_row("name", reading.name or none)
    table.add_row("email", ", ".join(reading.emails) or none)
    table.add_row("phone", ", ".join(reading.phones) or none)
    if reading.links:
        table.add_row("links", ", ".join(reading.links))
    table.add_row("headings", ", ".join(reading.headings) or none)
    jobs = [" · ".join(filter(None, (j.title, j.employer, j.dates))) for j in reading.jobs]
    table.add_row("jobs", "\n".join(jobs) or none)
    console.out.print(table)
    if reading.issues:
        console.print_issues(reading.issues, source)
    errors = len(reading.errors)
    found = [
        f"{len(reading.headings)} heading{'s' if len(reading.headings) != 1 else ''}",
        f"{len(reading.jobs)} dated job{'s' if len(reading.jobs) != 1 else ''}",
    ]
    verdict = (
        "[green]a parser reads the text: " + ", ".join(found) + "[/]"
        if not errors
        else f"[red]{errors} thing(s) a parser would lose[/]"
    )
    console.out.print(
        console.styled("check: " + verdict + "; {} suggestion(s)", len(reading.issues) - errors)
    )
    if errors:
        raise typer.Exit(1)


def _check_profile(
    profile: Path,
    theme: str | None,
    page: str | None,
    locale: str | None,
    tags: str | None,
    exclude_tags: str | None,
    job: Path | None,
    letter_file: Path | None,
) -> None:
    """Make the resume from the profile, read it back and audit it."""
    from toolkit.load.profile import read_profile
    from toolkit.models.options import DocumentOptions
    from toolkit.pipeline.check import audit

    loaded = read_profile(profile)
    options = DocumentOptions(
        theme=theme,
        page_size=page.lower() if page else None,
        locale=locale,
        tags=_split(tags),
        exclude_tags=_split(exclude_tags),
    )
    audited = audit(loaded.value, options, locate=loaded.position)
    # "marked active but expired" says the same as "the resume shows an expired credential"
    shown = {i.path[:2] for i in audited if "expired" in i.message}
    warnings = [w for w in loaded.warnings if not ("expired" in w.message and w.path[:2] in shown)]
    found = warnings + audited
    errors = sum(1 for i in found if i.severity == "error")
    if found:
        console.print_issues(found, loaded.source)
    verdict = (
        "[green]a parser reads back every name, contact, employer, title and date[/]"
        if not errors
        else f"[red]{errors} thing(s) a parser would lose[/]"
    )
    console.out.print(
        console.styled("check: " + verdict + "; {} suggestion(s)", len(found) - errors)
    )
    if job is not None:
        from toolkit.pipeline import make
        from toolkit.postings.extract import load_job

        posting = load_job(job)
        kind_options = None
        if letter_file is not None:
            from toolkit.load.letter import load_letter_options

            kind_options = load_letter_options(letter_file)
        made = make(loaded.value, "letter", options, job=posting, kind_options=kind_options)
        review_letter(loaded.value, options, posting, kind_options, made.pages, made.doc)
    if errors:
        raise typer.Exit(1)
