"""Fit a document to N pages: tighten the layout within the theme's limits, then (only if
allowed) leave out the lowest-priority bullets; report every change.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from toolkit.documents.context import DocumentContext, Item, Section
from toolkit.formats.themes import load_theme, resolved_options
from toolkit.models.options import ThemeOptions

log = logging.getLogger("toolkit")

# Tightened in this order: white space first, type size last.
_KNOBS = ("section_gap", "margin", "line_height", "base_size")
_STEPS = 4
_UNITS = {"section_gap": " lines", "margin": " mm", "line_height": "", "base_size": " pt"}
_NAMES = {
    "section_gap": "space above sections",
    "margin": "margins",
    "line_height": "line spacing",
    "base_size": "font size",
}


@dataclass
class FitResult:
    """The fitted context, its page count, and what was changed to get there."""

    ctx: DocumentContext
    pages: int
    fits: bool
    changes: list[str] = field(default_factory=list)


def _with_options(ctx: DocumentContext, options: ThemeOptions) -> DocumentContext:
    return dataclasses.replace(ctx, theme_options=options.model_dump(exclude_none=True))


def _tightenings(start: ThemeOptions, limits: ThemeOptions) -> list[ThemeOptions]:
    """Option sets from the start towards the limits, one knob at a time, in small steps."""
    out: list[ThemeOptions] = []
    current = start.model_dump()
    for knob in _KNOBS:
        low = getattr(limits, knob)
        high = current.get(knob)
        if low is None or high is None or low >= high:
            continue
        for step in range(1, _STEPS + 1):
            current[knob] = round(high - (high - low) * step / _STEPS, 2)
            out.append(ThemeOptions.model_validate(current))
    return out


def _describe(before: ThemeOptions, after: ThemeOptions) -> list[str]:
    changes = []
    for knob in _KNOBS:
        a, b = getattr(before, knob), getattr(after, knob)
        if a != b:
            changes.append(f"{_NAMES[knob]} {a}{_UNITS[knob]} -> {b}{_UNITS[knob]}")
    return changes


def _drop_one_bullet(ctx: DocumentContext) -> tuple[DocumentContext, str] | None:
    """Leave out the single lowest-priority bullet, preferring older entries on ties.

    An entry keeps at least one bullet.
    """
    best: tuple[int, int, int, int] | None = None  # (priority, -section, -item, -bullet)
    where: tuple[int, int, int] | None = None
    for s_i, section in enumerate(ctx.sections):
        for i_i, item in enumerate(section.items):
            if len(item.bullets) <= 1:
                continue
            prios = item.bullet_priorities or (0,) * len(item.bullets)
            for b_i, prio in enumerate(prios):
                key = (prio, -s_i, -i_i, -b_i)
                if best is None or key < best:
                    best, where = key, (s_i, i_i, b_i)
    if where is None:
        return None
    s_i, i_i, b_i = where
    section = ctx.sections[s_i]
    item = section.items[i_i]
    prios = item.bullet_priorities or (0,) * len(item.bullets)
    new_item: Item = dataclasses.replace(
        item,
        bullets=item.bullets[:b_i] + item.bullets[b_i + 1 :],
        bullet_priorities=prios[:b_i] + prios[b_i + 1 :],
    )
    items = (*section.items[:i_i], new_item, *section.items[i_i + 1 :])
    new_section: Section = dataclasses.replace(section, items=items)
    sections = (*ctx.sections[:s_i], new_section, *ctx.sections[s_i + 1 :])
    text = item.bullets[b_i]
    short = text if len(text) <= 60 else text[:57] + "..."
    return dataclasses.replace(
        ctx, sections=sections
    ), f"left out: '{short}' ({item.subtitle or item.title})"


def fit_to_pages(
    ctx: DocumentContext,
    max_pages: int,
    count_pages: Callable[[DocumentContext], int],
    *,
    allow_dropping: bool = False,
) -> FitResult:
    """Make ``ctx`` fit in ``max_pages`` pages, changing as little as it can.

    Args:
        ctx: the document context.
        max_pages: the page budget.
        count_pages: lays out a context and returns its page count.
        allow_dropping: whether bullets may be left out once the layout is as tight as the
            theme allows.
    """
    theme = load_theme(ctx.theme)
    start = resolved_options(theme, ThemeOptions.model_validate(ctx.theme_options))
    pages = count_pages(ctx)
    if pages <= max_pages:
        return FitResult(ctx, pages, True)
    # Each option set is tighter than the one before; bisect for the first that fits, since
    # laying out is the costly part.
    ladder = _tightenings(start, theme.limits)
    low, high, found = 0, len(ladder) - 1, None
    while low <= high:
        mid = (low + high) // 2
        mid_pages = count_pages(_with_options(ctx, ladder[mid]))
        if mid_pages <= max_pages:
            found, high = (mid, mid_pages), mid - 1
        else:
            low = mid + 1
            pages = mid_pages  # when nothing fits, the last probe is the tightest set
    if found is not None:
        chosen = ladder[found[0]]
        return FitResult(_with_options(ctx, chosen), found[1], True, _describe(start, chosen))
    chosen = ladder[-1] if ladder else start
    ctx = _with_options(ctx, chosen)
    changes = _describe(start, chosen)
    if allow_dropping:
        # Each step leaves out one more bullet; find the fewest steps that fit by bisection,
        # since laying out is the costly part and fewer bullets never mean more pages.
        steps: list[tuple[DocumentContext, str]] = []
        current = ctx
        while (dropped := _drop_one_bullet(current)) is not None:
            steps.append(dropped)
            current = dropped[0]
        low, high, best = 1, len(steps), None
        while low <= high:
            mid = (low + high) // 2
            mid_pages = count_pages(steps[mid - 1][0])
            if mid_pages <= max_pages:
                best, high = (mid, mid_pages), mid - 1
            else:
                low = mid + 1
        if best is not None:
            k, pages = best
        elif steps:
            k, pages = len(steps), count_pages(steps[-1][0])
        else:
            k = 0
        if k:
            ctx = steps[k - 1][0]
            changes.extend(note for _, note in steps[:k])
    fits = pages <= max_pages
    if not fits:
        hint = "" if allow_dropping else "; allow leaving out low-priority bullets to go further"
        log.warning(
            "could not fit the document in %d page(s): it takes %d%s", max_pages, pages, hint
        )
    return FitResult(ctx, pages, fits, changes)
