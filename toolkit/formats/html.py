"""HTML through Jinja: autoescaped, strict, and sandboxed when a user brings templates.

Templates are found in this order: the user's ``--templates`` folder, the theme's folder,
then ``templates/_base/``. A same-named file earlier in the list wins, so a user can
replace one macro file or stylesheet and keep the rest. Templates are read by content
through :class:`SafeLoader` (no symlinks, nothing outside the folders, a size cap), and
they only ever receive plain data.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
from jinja2.sandbox import ImmutableSandboxedEnvironment

from toolkit.documents.context import Document
from toolkit.errors import NotFoundError, TemplateError
from toolkit.formats.settings import Settings
from toolkit.formats.themes import load_theme, resolved_options, stylesheet_prelude, templates_root
from toolkit.i18n import get_localizer
from toolkit.models.options import ThemeOptions

MAX_TEMPLATE_BYTES = 256 * 1024


class SafeLoader(jinja2.BaseLoader):
    """Load templates from folders by name, refusing links, ``..`` and oversized files."""

    def __init__(self, folders: list[Path]) -> None:
        self.folders = [f.resolve() for f in folders]

    def find(self, name: str) -> Path | None:
        """The first file called ``name`` in the search folders."""
        parts = Path(name).parts
        if not name or Path(name).is_absolute() or ".." in parts:
            return None
        for folder in self.folders:
            candidate = folder / name
            if candidate.is_symlink() or not candidate.is_file():
                continue
            if not candidate.resolve().is_relative_to(folder):
                continue
            return candidate
        return None

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        path = self.find(template)
        if path is None:
            raise jinja2.TemplateNotFound(template)
        if path.stat().st_size > MAX_TEMPLATE_BYTES:
            raise TemplateError("the template is larger than 256 KiB", template=template)
        try:
            source = path.read_text("utf-8")
        except UnicodeDecodeError:
            raise TemplateError("the template is not UTF-8 text", template=template) from None
        mtime = path.stat().st_mtime
        return source, str(path), lambda: path.stat().st_mtime == mtime


def search_folders(theme: str, user_templates: Path | None) -> list[Path]:
    """The folders templates are looked up in, most specific first."""
    folders = [templates_root() / theme, templates_root() / "_base"]
    if user_templates is not None:
        if not user_templates.is_dir():
            raise NotFoundError(f"{user_templates}: no such templates folder")
        folders.insert(0, user_templates)
    return folders


def emphasize(text: str, terms: Any) -> markupsafe.Markup:
    """Escape ``text`` and set each of ``terms`` in ``<strong>`` where it occurs as words."""
    escaped = str(markupsafe.escape(text))
    words = sorted({str(t) for t in terms or () if str(t).strip()}, key=len, reverse=True)
    if words:
        pattern = re.compile(
            r"(?<![\w&])("
            + "|".join(re.escape(str(markupsafe.escape(w))) for w in words)
            + r")(?![\w])",
            re.IGNORECASE,
        )
        escaped = pattern.sub(r'<strong class="match">\1</strong>', escaped)
    return markupsafe.Markup(escaped)


def jsonld_script(data: Any) -> markupsafe.Markup:
    """JSON for a ``<script>`` element: ``</`` written ``<\\/`` and ``<!--`` broken up."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    text = text.replace("</", "<\\/").replace("<!--", "<\\u0021--")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return markupsafe.Markup(text)


@functools.cache
def _environment(folders: tuple[Path, ...], sandboxed: bool) -> jinja2.Environment:
    cls = ImmutableSandboxedEnvironment if sandboxed else jinja2.Environment
    env = cls(
        loader=SafeLoader(list(folders)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
        keep_trailing_newline=True,
        auto_reload=sandboxed,
    )
    env.filters["emphasize"] = emphasize
    env.filters["jsonld_script"] = jsonld_script
    return env


def environment(theme: str, user_templates: Path | None = None) -> jinja2.Environment:
    """The Jinja environment for a theme (sandboxed whenever user templates are in play)."""
    folders = tuple(search_folders(theme, user_templates))
    return _environment(folders, user_templates is not None)


def stylesheet(
    env: jinja2.Environment,
    theme_name: str,
    options: ThemeOptions,
    *,
    lang: str,
    page_size: str,
    user_templates: Path | None = None,
) -> str:
    """The whole stylesheet: generated prelude, then ``base.css``, then ``theme.css``.

    A ``user_templates`` folder with a ``theme.yaml`` is the theme (fonts, defaults)."""
    theme = load_theme(theme_name, user_templates)
    resolved = resolved_options(theme, options)
    page_label = get_localizer(lang).raw("document.page")
    parts = [stylesheet_prelude(theme, resolved, page_size, page_label)]
    loader = env.loader
    assert isinstance(loader, SafeLoader)
    for name in ("base.css", "theme.css"):
        path = loader.find(name)
        if path is not None:
            parts.append(path.read_text("utf-8"))
    return "\n".join(parts)


def render_template(
    name: str,
    data: dict[str, Any],
    *,
    theme: str,
    options: ThemeOptions,
    lang: str,
    page_size: str,
    user_templates: Path | None = None,
) -> str:
    """Render template ``name`` with plain ``data`` and the theme's stylesheet as ``css``.

    Raises:
        TemplateError: when a template is missing, broken, or uses a missing value.
    """
    env = environment(theme, user_templates)
    css = stylesheet(
        env, theme, options, lang=lang, page_size=page_size, user_templates=user_templates
    )
    data = {
        **data,
        "css": markupsafe.Markup(css),
        "accent": resolved_options(load_theme(theme, user_templates), options).accent_color,
    }
    try:
        return env.get_template(name).render(data)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(
            exc.message or "syntax error", template=exc.name or name, line=exc.lineno
        ) from exc
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"template not found: {exc.name}", template=name) from exc
    except jinja2.UndefinedError as exc:
        raise TemplateError(
            f"{exc.message} (the template uses a value that does not exist)", template=name
        ) from exc
    except jinja2.exceptions.SecurityError as exc:
        raise TemplateError(f"refused by the sandbox: {exc}", template=name) from exc


def html_of(doc: Document, settings: Settings | None = None) -> str:
    """``doc`` as a standalone HTML page: its kind's template, the theme's stylesheet inlined.

    Raises:
        TemplateError: when a template is missing, broken, or uses a missing value.
    """
    settings = settings or Settings()
    return render_template(
        f"{doc.kind}.html.j2",
        doc.to_data(),
        theme=doc.theme,
        options=ThemeOptions.model_validate(doc.theme_options),
        lang=doc.meta.lang,
        page_size=doc.page_size,
        user_templates=settings.user_templates,
    )


def render_html(ctx: Document, *, user_templates: Path | None = None) -> str:
    """``ctx`` as a standalone HTML page (see :func:`html_of`)."""
    return html_of(ctx, Settings(user_templates=user_templates))


def render(doc: Document, settings: Settings) -> bytes:
    """``doc`` as HTML, in UTF-8."""
    return html_of(doc, settings).encode()
