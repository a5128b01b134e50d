"""Markdown and plain text, for pasting into application forms.

Both follow the document context in the same order as the PDF. Plain text carries no
markup at all: headings in capitals with a rule, ``-`` bullets with a hanging indent, lines
wrapped at 78 columns (``wrap=0`` leaves paragraphs on one line, for forms that reflow).
"""

from __future__ import annotations

import re
import textwrap

from toolkit.documents.context import DocumentContext, Item, Section

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|])")


def md_escape(text: str) -> str:
    """Escape what Markdown would read as markup; a leading ``-``/``+``/``1.`` too."""
    out = _MD_SPECIAL.sub(r"\\\1", text)
    return re.sub(r"^(\s*)([-+]|\d+\.)(\s)", r"\1\\\2\3", out)


def _md_url(url: str) -> str:
    """A link target that cannot end the link early: brackets, spaces and the like encoded."""
    from urllib.parse import quote

    return quote(url, safe=":/?#@!$&'*+,;=%~-._")


def _title_line(item: Item, sep: str = ", ") -> str:
    return item.title + (f"{sep}{item.subtitle}" if item.subtitle else "")


def _when_where(item: Item) -> str | None:
    parts = [p for p in (item.dates, item.location) if p]
    return " · ".join(parts) or None


def _compact_line(item: Item) -> str:
    parts = [_title_line(item)]
    if item.dates:
        parts.append(item.dates)
    parts.extend(item.details)
    line = " · ".join(parts)
    return line + (f" — {item.summary}" if item.summary else "")


def _skills_line(item: Item) -> str:
    head = item.title + (f" ({item.subtitle})" if item.subtitle else "")
    return head + (f": {', '.join(item.keywords)}" if item.keywords else "")


def _inline(section: Section) -> str:
    return " · ".join(i.title + (f" ({i.subtitle})" if i.subtitle else "") for i in section.items)


# --- Markdown -------------------------------------------------------------------------------


def _md_emph(text: str, terms: tuple[str, ...]) -> str:
    """Escaped Markdown with each of ``terms`` in bold where it occurs as words."""
    out = md_escape(text)
    for term in sorted(terms, key=len, reverse=True):
        out = re.sub(
            r"(?<![\w*])(" + re.escape(md_escape(term)) + r")(?![\w*])",
            r"**\1**",
            out,
            flags=re.IGNORECASE,
        )
    return out


def render_markdown(ctx: DocumentContext) -> str:
    """The document as Markdown (CommonMark), with links kept."""
    out: list[str] = [f"# {md_escape(ctx.person.name)}", ""]
    if ctx.person.headline:
        out += [md_escape(ctx.person.headline), ""]
    if ctx.person.contacts:
        contacts = [
            f"[{md_escape(c.text)}]({_md_url(c.href)})"
            if c.href and c.kind not in ("phone",)
            else md_escape(c.text)
            for c in ctx.person.contacts
        ]
        out += [" · ".join(contacts), ""]
    for section in ctx.sections:
        out += [f"## {md_escape(section.title)}", ""]
        if section.layout == "text" and section.text:
            out += [_md_emph(section.text, ctx.emphasis), ""]
        elif section.layout == "entries":
            for item in section.items:
                title = (
                    f"[{md_escape(item.title)}]({_md_url(item.url)})"
                    if item.url
                    else md_escape(item.title)
                )
                head = title + (f", {md_escape(item.subtitle)}" if item.subtitle else "")
                out += [f"### {head}", ""]
                when = _when_where(item)
                if when:
                    out += [f"*{md_escape(when)}*", ""]
                if item.details:
                    out += [md_escape(" · ".join(item.details)), ""]
                if item.summary:
                    out += [md_escape(item.summary), ""]
                if item.bullets:
                    out += [f"- {_md_emph(b, ctx.emphasis)}" for b in item.bullets] + [""]
                if item.keywords:
                    out += [md_escape(", ".join(item.keywords)), ""]
        elif section.layout == "compact":
            out += [f"- {md_escape(_compact_line(i))}" for i in section.items] + [""]
        elif section.layout == "skills":
            for item in section.items:
                head = md_escape(item.title) + (
                    f" ({md_escape(item.subtitle)})" if item.subtitle else ""
                )
                tail = f": {md_escape(', '.join(item.keywords))}" if item.keywords else ""
                out.append(f"- **{head}**{tail}")
            out.append("")
        elif section.layout == "inline":
            out += [md_escape(_inline(section)), ""]
    return "\n".join(out).rstrip("\n") + "\n"


# --- plain text -----------------------------------------------------------------------------


def _para(text: str, width: int, indent: str = "", hanging: str = "") -> list[str]:
    if width <= 0:
        return [indent + text]
    return textwrap.wrap(
        text,
        width=width,
        initial_indent=indent,
        subsequent_indent=hanging or indent,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [indent]


def render_text(ctx: DocumentContext, *, wrap: int = 78) -> str:
    """The document as plain text: no markup, wrapped at ``wrap`` columns (0: no wrapping)."""
    out: list[str] = [ctx.person.name.upper()]
    if ctx.person.headline:
        out += _para(ctx.person.headline, wrap)
    if ctx.person.contacts:
        out += _para(" · ".join(c.text for c in ctx.person.contacts), wrap)
    for section in ctx.sections:
        title = section.title.upper()
        out += ["", title, "-" * len(title)]
        if section.layout == "text" and section.text:
            out += _para(section.text, wrap)
        elif section.layout == "entries":
            for n, item in enumerate(section.items):
                if n:
                    out.append("")
                out += _para(_title_line(item), wrap)
                when = _when_where(item)
                if when:
                    out += _para(when, wrap)
                if item.details:
                    out += _para(" · ".join(item.details), wrap)
                if item.url:
                    out += _para(item.url, wrap)
                if item.summary:
                    out += _para(item.summary, wrap)
                for bullet in item.bullets:
                    out += _para(bullet, wrap, indent="  - ", hanging="    ")
                if item.keywords:
                    out += _para(", ".join(item.keywords), wrap)
        elif section.layout == "compact":
            for item in section.items:
                out += _para(_compact_line(item), wrap, indent="- ", hanging="  ")
        elif section.layout == "skills":
            for item in section.items:
                out += _para(_skills_line(item), wrap, indent="- ", hanging="  ")
        elif section.layout == "inline":
            out += _para(_inline(section), wrap)
    return "\n".join(out).rstrip("\n") + "\n"
