"""Fit any document to N pages: tighten the layout within the theme's limits (where the kind
allows), then (only if allowed) leave things out, lowest-ranked first; report every change.

This sits above the context builders and the formats: it lays a document out (through
``count_pages``) and asks its kind to shorten it, so no builder needs a renderer. The
resume's ``--max-pages`` and the cover letter's one page both come here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from toolkit.documents.context import Document
from toolkit.formats.themes import Theme, load_theme, resolved_options
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

    ctx: Document
    pages: int
    fits: bool
    changes: list[str] = field(default_factory=list)


def _with_options(ctx: Document, options: ThemeOptions) -> Document:
    return ctx.with_page(theme_options=options.model_dump(exclude_none=True))


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


def fit_to_pages(
    ctx: Document,
    max_pages: int,
    count_pages: Callable[[Document], int],
    *,
    allow_dropping: bool = False,
    tighten: bool = True,
    shorten: Callable[[Any], tuple[Any, str] | None] | None = None,
    overflow_hint: str = "allow leaving out low-priority bullets to go further",
    theme: Theme | None = None,
    warn: bool = True,
    pages: int | None = None,
) -> FitResult:
    """Make ``ctx`` fit in ``max_pages`` pages, changing as little as it can.

    Args:
        ctx: the document context.
        max_pages: the page budget.
        count_pages: lays out a context and returns its page count.
        allow_dropping: whether ``shorten`` may leave things out once the layout is as tight
            as the theme allows.
        tighten: whether the theme's spacing and type may be tightened first.
        shorten: the kind's way of leaving its lowest-ranked item out.
        overflow_hint: said (when nothing may be left out) if it still does not fit.
        theme: the theme whose limits bound the tightening (default: the built-in
            ``ctx.theme``; a user's theme folder has its own).
        warn: whether to warn when it does not fit (a caller with its own message says no).
        pages: ``ctx``'s page count, when the caller has it already.
    """
    pages = count_pages(ctx) if pages is None else pages
    if pages <= max_pages:
        return FitResult(ctx, pages, True)
    untouched, untouched_pages = ctx, pages
    changes: list[str] = []
    if tighten:
        theme = theme or load_theme(ctx.theme)
        start = resolved_options(theme, ThemeOptions.model_validate(ctx.theme_options))
        # Each option set is tighter than the one before; bisect for the first that fits,
        # since laying out is the costly part.
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
        # nothing reaches the budget: the loosest set that lays out as few pages as the
        # tightest does (or the theme's own when tightening saves no page), not the tightest
        chosen = start
        if ladder and pages < untouched_pages:
            low, high, loosest = 0, len(ladder) - 1, len(ladder) - 1
            while low <= high:
                mid = (low + high) // 2
                if count_pages(_with_options(ctx, ladder[mid])) <= pages:
                    loosest, high = mid, mid - 1
                else:
                    low = mid + 1
            chosen = ladder[loosest]
        else:
            pages = untouched_pages
        tightened = _with_options(ctx, chosen)
        tightened_pages, tightened_changes = pages, _describe(start, chosen)
        # leaving things out starts from the tightest layout, as few as possible going
        tightest = ladder[-1] if ladder else start
        ctx = _with_options(ctx, tightest)
        changes = _describe(start, tightest)
    if allow_dropping and shorten is not None:
        # Each step leaves out one more thing; find the fewest steps that fit by bisection,
        # since laying out is the costly part and less content never means more pages.
        steps: list[tuple[Document, str]] = []
        current = ctx
        while (dropped := shorten(current)) is not None:
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
        if not tighten:  # nothing was tightened: leaving things out alone did not fit
            tightened, tightened_pages, tightened_changes = untouched, untouched_pages, []
        # leaving things out that still does not fit only loses them: keep them
        ctx, pages, changes = tightened, tightened_pages, tightened_changes
        hint = "" if allow_dropping and shorten is not None else f"; {overflow_hint}"
        if warn:
            log.warning(
                "could not fit the document in %d page(s): it takes %d at the closest, so it "
                "was kept at its most readable layout for that%s",
                max_pages,
                pages,
                hint,
            )
    return FitResult(ctx, pages, fits, changes)


RUNT_FILL = 0.25
"""A last page filled less than this (a share of its text area) is nearly empty: a runt.
Making a resume avoids one; ``toolkit check`` reports one read back from a PDF."""


TIGHTEN_GAIN = 0.5
"""About the most a theme's limits gain over its own layout: a share of a page (margins,
line spacing, type size and section spacing together; plain's reach about 45%)."""


class Laid(Protocol):
    """A layout's page count and how full its last page is (what :func:`save_last_page`
    needs from a renderer)."""

    @property
    def pages(self) -> int: ...

    @property
    def last_fill(self) -> float: ...


def save_last_page(
    ctx: Document,
    lay_out: Callable[[Document], Laid],
    *,
    shorten: Callable[[Any], tuple[Any, str] | None] | None = None,
    allow_dropping: bool = False,
    one_page: bool = False,
    theme: Theme | None = None,
) -> FitResult:
    """Page economy: a document whose last page is nearly empty (under :data:`RUNT_FILL`)
    is fitted to a page fewer, by tightening within the theme's limits and then (only if
    allowed) leaving out the least important things. If that cannot be done it stays as it
    was, with a warning that says why and what would help.

    Args:
        ctx: the document, already fitted to any page budget.
        lay_out: lays a document out, returning its page count and last page's fill.
        shorten: the kind's way of leaving its least important item out.
        allow_dropping: whether ``shorten`` may be used (for a nearly empty page only).
        one_page: try one page for a two-page document however full its second page, by
            tightening alone (an early career: recruiters expect one page when it fits).
        theme: the theme whose limits bound the tightening.
    """
    laid = lay_out(ctx)
    runt = laid.pages > 1 and laid.last_fill < RUNT_FILL
    # a second page fuller than what tightening can gain is not worth laying out again for
    early = one_page and laid.pages == 2 and laid.last_fill <= TIGHTEN_GAIN
    if not (runt or early):
        return FitResult(ctx, laid.pages, True)
    target = laid.pages - 1
    drop = allow_dropping and runt and shorten is not None  # a fuller page is worth no bullet
    theme = theme or load_theme(ctx.theme)
    ladder = _tightenings(
        resolved_options(theme, ThemeOptions.model_validate(ctx.theme_options)), theme.limits
    )
    # usually it cannot be done: one layout at the theme's tightest says so
    reachable = bool(ladder) and lay_out(_with_options(ctx, ladder[-1])).pages <= target
    result = FitResult(ctx, laid.pages, False)
    if reachable or drop:
        result = fit_to_pages(
            ctx,
            target,
            lambda d: lay_out(d).pages,
            allow_dropping=drop,
            shorten=shorten,
            theme=theme,
            warn=False,
            pages=laid.pages,
        )
    if result.fits:
        why = (
            f"the last page was only {round(laid.last_fill * 100)}% full"
            if runt
            else "an early career reads best on one page"
        )
        how = "tightening the layout within the theme"
        if any(change.startswith("left out: ") for change in result.changes):
            how += " and leaving out the least important bullets"
        log.info(
            "%d page%s instead of %d, by %s: %s",
            target,
            "s" if target > 1 else "",
            laid.pages,
            how,
            why,
        )
        return FitResult(result.ctx, result.pages, True, result.changes)
    if runt:
        hint = "" if allow_dropping else " (add --drop-bullets to leave out the least important)"
        log.warning(
            "the last page is only %d%% full, and the layout cannot be tightened enough within "
            "the theme to save it: cut a few bullets, try the compact theme, or --max-pages %d%s",
            round(laid.last_fill * 100),
            target,
            hint,
        )
    return FitResult(ctx, laid.pages, True)
