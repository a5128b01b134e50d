"""Themes: metadata, bundled fonts, the Word look and the stylesheet built from options.

A theme is a folder with a ``theme.yaml`` (description, fonts, default options, the limits
``--max-pages`` may tighten to, and the ``word:`` look of the Word documents) and a
``theme.css``. The built-in themes are folders under ``templates/``, which also holds the
shared structure (``templates/_base/``) and the bundled fonts (``templates/fonts/``). A
user's own theme is a folder of the same shape, read by :func:`load_theme` with ``folder=``:
the PDF and HTML follow its CSS, the Word documents its ``word:`` section, and no theme
needs any Python.
"""

from __future__ import annotations

import dataclasses
import functools
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, PrivateAttr, ValidationError

from toolkit.errors import InputError, Issue, NotFoundError, UserError
from toolkit.load.profile import validate_document
from toolkit.load.sources import decode, load_shipped, parse_yaml, read_bytes
from toolkit.models.common import Model, ShortText
from toolkit.models.options import FontName, ThemeOptions

_FILE = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,80}\.(?:ttf|otf|woff)$"

THEME_FILE = "theme.yaml"
"""The file that makes a folder a theme."""
MAX_THEME_BYTES = 64 * 1024
"""The largest ``theme.yaml`` read (the built-in ones are under 1 KiB)."""
MAX_FONT_BYTES = 8 * 1024 * 1024
"""The largest font file a theme may name (as much as the PDF's fetcher serves)."""
MAX_FONT_FILES = 32

WordColor = Annotated[str, Field(pattern=r"^[0-9A-Fa-f]{6}$"), AfterValidator(str.upper)]
"""A colour in Word's form: six hex digits, no ``#`` (e.g. ``1F5F8B``)."""
_COLOR_HINT = "write six hex digits without '#', e.g. 1F5F8B"


class FontFile(Model):
    """One bundled font face."""

    family: FontName
    weight: int = Field(ge=100, le=900)
    style: Literal["normal", "italic"] = "normal"
    file: str = Field(pattern=_FILE)


class WordLook(Model):
    """What a theme's CSS does, in Word terms: the ``word:`` section of ``theme.yaml``.

    The font, base size, accent colour, margins, line height and section gap are the theme's
    options (``defaults:``); this says what the stylesheet does with them. Sizes and gaps
    named ``*_em`` are multiples of the base size; rules named ``*_pt`` are in points (0: no
    rule). Every default is the plain look, so a theme without ``word:`` looks plain in Word.
    """

    text_color: WordColor = "111111"
    """Body text."""
    muted_color: WordColor = "333333"
    """Dates, places, details, keywords and the dots between contacts."""
    name_em: float = Field(default=2.1, ge=1.0, le=4.0)
    """The name at the top."""
    name_accent: bool = False
    """The name in the accent colour."""
    headline_muted: bool = False
    """The headline under the name in the muted colour."""
    header_centered: bool = False
    """The name, headline and contacts centred."""
    header_rule_pt: float = Field(default=0.0, ge=0, le=6)
    """A rule in the accent colour under the contacts."""
    heading_em: float = Field(default=1.15, ge=0.8, le=2.5)
    """Section headings."""
    heading_accent: bool = False
    """Section headings in the accent colour."""
    heading_caps: bool = True
    """Section headings in capitals."""
    heading_tracking_em: float = Field(default=0.04, ge=0, le=0.3)
    """Letter spacing of section headings (in em of the heading)."""
    heading_rule_pt: float = Field(default=0.75, ge=0, le=6)
    """A rule in the accent colour under each section heading."""
    heading_rule_gap_em: float = Field(default=0.1, ge=0, le=2)
    """Space between a section heading and its rule (in em of the heading)."""
    heading_after_em: float = Field(default=0.35, ge=0, le=3)
    """Space after a section heading (in em of the heading)."""
    entry_gap_em: float = Field(default=0.55, ge=0, le=3)
    """Space above each entry (a job, a school …) after the first of a section."""
    dates_beside_title: bool = False
    """Dates and place on the entry's title line, at the right margin (else on a line below)."""
    bullets_gap_em: float = Field(default=0.2, ge=0, le=3)
    """Space above an entry's first bullet."""
    bullet_gap_em: float = Field(default=0.12, ge=0, le=3)
    """Space above each bullet."""
    bullet_accent: bool = False
    """Bullet marks in the accent colour."""


class ThemeFile(Model):
    """What ``theme.yaml`` holds."""

    description: ShortText
    font_files: list[FontFile] = Field(default_factory=list, max_length=MAX_FONT_FILES)
    defaults: ThemeOptions
    limits: ThemeOptions = Field(default_factory=ThemeOptions)
    word: WordLook = Field(default_factory=WordLook)
    """The look of the Word documents (the plain look when left out)."""


class Theme(ThemeFile):
    """A theme: its ``theme.yaml`` and its name (the folder's)."""

    name: str
    _folder: Path | None = PrivateAttr(default=None)

    @property
    def folder(self) -> Path:
        """Where the theme's files are."""
        return self._folder if self._folder is not None else templates_root() / self.name

    @property
    def builtin(self) -> bool:
        """Whether the theme is one of the toolkit's own."""
        return self._folder is None

    def font_path(self, font: FontFile) -> Path:
        """The file of a font face: in a user's theme folder (or its ``fonts/``) when there,
        else among the bundled fonts."""
        if self._folder is not None:
            found = _font_in(self._folder, font.file)
            if found is not None:
                return found
        return templates_root() / "fonts" / font.file


@functools.cache
def templates_root() -> Path:
    """The built-in templates: inside the installed package, or the repository's folder."""
    packaged = Path(__file__).parents[1] / "templates"
    if (packaged / "_base").is_dir():
        return packaged
    return Path(__file__).parents[2] / "templates"


def theme_names() -> list[str]:
    """The built-in themes, the default (``plain``) first."""
    names = sorted(
        p.name
        for p in templates_root().iterdir()
        if (p / THEME_FILE).is_file() and not p.name.startswith("_")
    )
    return sorted(names, key=lambda n: n != "plain")


def load_theme(name: str, folder: Path | None = None) -> Theme:
    """A theme's metadata: the user's theme in ``folder`` when it holds a ``theme.yaml``,
    else the built-in theme ``name``.

    Args:
        name: a built-in theme (ignored when ``folder`` is a theme).
        folder: a user's templates folder (``--templates``); it is a theme when it has a
            ``theme.yaml``, whose theme is then named after the folder.

    Raises:
        NotFoundError: for an unknown theme name (listing the known ones) or a missing folder.
        InputError: for a user's ``theme.yaml`` with problems, each located in the file.
    """
    if folder is not None:
        if not folder.is_dir():
            raise NotFoundError(f"{folder}: no such templates folder")
        path = folder / THEME_FILE
        if path.is_symlink() or path.exists():
            return read_theme_folder(folder)
    return _builtin_theme(name)


@functools.cache
def _builtin_theme(name: str) -> Theme:
    if name not in theme_names():
        raise NotFoundError(f"no theme called '{name}'; themes: {', '.join(theme_names())}")
    path = templates_root() / name / THEME_FILE
    data = load_shipped(path.read_text("utf-8"))
    try:
        return Theme.model_validate({"name": name, **data})
    except ValidationError as exc:  # a broken built-in theme is our bug, said plainly
        raise UserError(f"theme '{name}' has a broken theme.yaml: {exc}") from None


def _font_in(folder: Path, file: str) -> Path | None:
    """``file`` in ``folder`` or its ``fonts/``: a regular file inside the folder, else None.

    ``file`` is a plain name (:class:`FontFile` allows no ``/`` or ``..``); a link, or a
    path that resolves out of the folder, does not count.
    """
    root = folder.resolve()
    for candidate in (folder / file, folder / "fonts" / file):
        if candidate.is_symlink() or not candidate.is_file():
            continue
        if candidate.resolve().is_relative_to(root):
            return candidate
    return None


def read_theme_folder(folder: Path) -> Theme:
    """Read and check the theme in a user's ``folder`` (its ``theme.yaml``).

    The file is read like every input a person writes (size cap, strict UTF-8, safe YAML)
    and checked like the built-in themes; a font file it names must be a regular file in
    the folder (or its ``fonts/``) or a bundled font, at most :data:`MAX_FONT_BYTES`. The
    ``defaults`` it leaves out are plain's, and a ``word:`` it leaves out is plain's look.

    Raises:
        InputError: every problem found, each with the file, line, column and field.
    """
    path = folder / THEME_FILE
    source = str(path)
    if path.is_symlink() or not path.is_file():
        what = "a link" if path.is_symlink() else "not a file"
        raise InputError(
            [Issue(f"{THEME_FILE} is {what}", file=source, hint="put the theme's own file here")],
            source,
        )
    if path.stat().st_size > MAX_THEME_BYTES:
        raise InputError(
            [
                Issue(
                    f"the file is larger than {MAX_THEME_BYTES // 1024} KiB",
                    file=source,
                    hint="a theme.yaml is a few lines; check you picked the right file",
                )
            ],
            source,
        )
    doc = parse_yaml(decode(read_bytes(path, source, MAX_THEME_BYTES), source), source)
    if not isinstance(doc.data, dict):
        raise InputError(
            [
                Issue(
                    "the file is not a mapping of fields",
                    file=source,
                    line=1,
                    column=1,
                    hint="start with 'description:' and 'defaults:' (see templates/plain)",
                )
            ],
            source,
        )
    try:
        spec = validate_document(doc, ThemeFile)
    except InputError as exc:
        raise InputError([_with_hint(i) for i in exc.issues], source) from None
    problems: list[Issue] = []
    for n, font in enumerate(spec.font_files):
        found = _font_in(folder, font.file) or templates_root() / "fonts" / font.file
        if not found.is_file():
            message = f"no font file '{font.file}' beside theme.yaml, in fonts/ or bundled"
        elif found.stat().st_size > MAX_FONT_BYTES:
            message = f"the font file is larger than {MAX_FONT_BYTES // (1024 * 1024)} MiB"
        else:
            continue
        at = ("font_files", n, "file")
        pos = doc.position(at)
        problems.append(
            Issue(
                message,
                path=at,
                file=source,
                line=pos.line if pos else None,
                column=pos.column if pos else None,
                hint="put the font beside theme.yaml (links are not followed)",
            )
        )
    if problems:
        raise InputError(problems, source)
    # an option the file leaves out is plain's, so the stylesheet and Word get every one
    defaults = resolved_options(_builtin_theme("plain"), spec.defaults)
    name = folder.resolve().name or "theme"
    theme = Theme.model_validate({**dict(spec), "defaults": defaults, "name": name})
    theme._folder = folder.resolve()
    return theme


def _with_hint(issue: Issue) -> Issue:
    """A colour of ``word:`` that is not six hex digits gets a hint saying how to write it."""
    last = issue.path[-1] if issue.path else ""
    if issue.path[:1] == ("word",) and str(last).endswith("_color") and not issue.hint:
        return dataclasses.replace(issue, hint=_COLOR_HINT)
    return issue


def resolved_options(theme: Theme, options: ThemeOptions | None = None) -> ThemeOptions:
    """The theme's defaults with the given options laid over them."""
    merged = theme.defaults.model_dump()
    if options is not None:
        merged.update(options.model_dump(exclude_none=True))
    return ThemeOptions.model_validate(merged)


def _css_string(text: str) -> str:
    """A CSS string literal; the options were validated, this is defence in depth."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _font_url(theme: Theme, font: FontFile) -> str:
    """Where the PDF engine finds a font: beside the built-in templates, or (for a user's
    theme) a ``file:`` URL inside the user's folder, which the fetcher is allowed to read."""
    if theme.builtin:
        return f"fonts/{font.file}"
    return _css_string(theme.font_path(font).resolve().as_uri())


def stylesheet_prelude(
    theme: Theme, options: ThemeOptions, page_size: str, page_label: str | None = None
) -> str:
    """The generated part of the stylesheet: fonts, page box and custom properties."""
    faces = "".join(
        f"@font-face {{ font-family: {_css_string(f.family)}; font-weight: {f.weight}; "
        f"font-style: {f.style}; src: url({_font_url(theme, f)}); }}\n"
        for f in theme.font_files
    )
    size = {"a4": "A4", "letter": "letter"}[page_size]
    footer = ""
    if page_label:
        head, _, tail = page_label.partition("{page}")
        middle, _, end = tail.partition("{pages}")
        footer = (  # continuation pages: the person's name and "Page 2 of 2"
            "h1.name { string-set: person content(text); }\n"
            "@page :first { @bottom-right { content: none; } @bottom-left { content: none; } }\n"
            f"@page {{ @bottom-right {{ content: {_css_string(head)} counter(page) "
            f"{_css_string(middle)} counter(pages) {_css_string(end)}; "
            "font-size: 8pt; color: #555; } "
            "@bottom-left { content: string(person); font-size: 8pt; color: #555; } }\n"
        )
    o = options
    return (
        faces
        + f"@page {{ size: {size}; margin: {o.margin}mm; }}\n"
        + footer
        + ":root {"
        + f" --accent: {o.accent_color};"
        + f" --font: {_css_string(o.font_family or 'sans-serif')};"
        + f" --base-size: {o.base_size}pt;"
        + f" --line-height: {o.line_height};"
        + f" --section-gap: {o.section_gap};"
        + " }\n"
        + (_DATE_COLUMN if o.date_column else "")
    )


_DATE_COLUMN = (
    # the title in one cell, the dates and the place in a second at the end of the line: a
    # table of fixed layout, its column as wide as the entry's dates need (``--when``, set
    # per entry), which lays out in a fraction of the time a grid or a flex box takes (they
    # measure the title), and paints in reading order (title, dates, place; a positioned
    # column would come last in the text layer)
    ".entry-head { display: table; table-layout: fixed; width: 100%;"
    " border-collapse: collapse; }\n"
    ".entry-head .entry-title { display: table-cell; vertical-align: top; }\n"
    ".entry-head .when-where { display: table-cell; vertical-align: top; width: var(--when);"
    " padding-left: 1em; text-align: right; white-space: nowrap; }\n"
    '[dir="rtl"] .entry-head .when-where { padding-left: 0; padding-right: 1em;'
    " text-align: left; }\n"
    # the place goes under the dates, so the column stays narrow
    ".entry-head .when-where .sep { display: none; }\n"
    ".entry-head .when-where .location { display: block; }\n"
)
"""The date and place column (the ``date_column`` theme option)."""
