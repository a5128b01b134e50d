"""Themes: metadata, bundled fonts and the stylesheet built from validated options.

A theme is a folder under ``templates/`` with a ``theme.yaml`` (description, fonts,
default options and the limits ``--max-pages`` may tighten to) and a ``theme.css``. The
shared structure is in ``templates/_base/``. A theme may also override any template.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError

from toolkit.errors import NotFoundError, UserError
from toolkit.load.sources import load_shipped
from toolkit.models.common import Model
from toolkit.models.options import FontName, ThemeOptions

_FILE = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,80}\.(?:ttf|otf|woff)$"


class FontFile(Model):
    """One bundled font face."""

    family: FontName
    weight: int = Field(ge=100, le=900)
    style: Literal["normal", "italic"] = "normal"
    file: str = Field(pattern=_FILE)


class Theme(Model):
    """A theme's metadata (``theme.yaml``)."""

    name: str
    description: str
    font_files: list[FontFile] = Field(default_factory=list)
    defaults: ThemeOptions
    limits: ThemeOptions = Field(default_factory=ThemeOptions)

    @property
    def folder(self) -> Path:
        """Where the theme's files are."""
        return templates_root() / self.name


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
        if (p / "theme.yaml").is_file() and not p.name.startswith("_")
    )
    return sorted(names, key=lambda n: n != "plain")


@functools.cache
def load_theme(name: str) -> Theme:
    """Read a built-in theme's metadata.

    Raises:
        NotFoundError: for an unknown theme name, listing the known ones.
    """
    if name not in theme_names():
        raise NotFoundError(f"no theme called '{name}'; themes: {', '.join(theme_names())}")
    path = templates_root() / name / "theme.yaml"
    data = load_shipped(path.read_text("utf-8"))
    try:
        return Theme.model_validate({"name": name, **data})
    except ValidationError as exc:  # a broken built-in theme is our bug, said plainly
        raise UserError(f"theme '{name}' has a broken theme.yaml: {exc}") from None


def resolved_options(theme: Theme, options: ThemeOptions | None = None) -> ThemeOptions:
    """The theme's defaults with the given options laid over them."""
    merged = theme.defaults.model_dump()
    if options is not None:
        merged.update(options.model_dump(exclude_none=True))
    return ThemeOptions.model_validate(merged)


def _css_string(text: str) -> str:
    """A CSS string literal; the options were validated, this is defence in depth."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def stylesheet_prelude(
    theme: Theme, options: ThemeOptions, page_size: str, page_label: str | None = None
) -> str:
    """The generated part of the stylesheet: fonts, page box and custom properties."""
    faces = "".join(
        f"@font-face {{ font-family: {_css_string(f.family)}; font-weight: {f.weight}; "
        f"font-style: {f.style}; src: url(fonts/{f.file}); }}\n"
        for f in theme.font_files
    )
    size = {"a4": "A4", "letter": "letter"}[page_size]
    footer = ""
    if page_label:
        head, _, tail = page_label.partition("{page}")
        middle, _, end = tail.partition("{pages}")
        footer = (
            "@page :first { @bottom-right { content: none; } }\n"
            f"@page {{ @bottom-right {{ content: {_css_string(head)} counter(page) "
            f"{_css_string(middle)} counter(pages) {_css_string(end)}; "
            "font-size: 8pt; color: #555; } }\n"
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
    )
