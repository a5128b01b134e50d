"""Build the resume's document context from a profile and the render options."""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from toolkit.documents.context import DocumentContext, Item, Section
from toolkit.documents.page import Request, prepare
from toolkit.i18n import Localizer
from toolkit.models.common import Model, link_href
from toolkit.models.options import DocumentOptions
from toolkit.models.posting import JobPosting
from toolkit.models.profile import BUILTIN_SECTIONS, Profile

log = logging.getLogger("toolkit")

DEFAULT_ORDER = BUILTIN_SECTIONS


def _bullets(entry: Any) -> tuple[tuple[str, ...], tuple[int, ...]]:
    highlights = getattr(entry, "highlights", [])
    return tuple(h.text for h in highlights), tuple(h.priority for h in highlights)


def _join(*parts: str | None, sep: str = ", ") -> str | None:
    text = sep.join(p for p in parts if p)
    return text or None


def _items(profile: Profile, section: str, loc: Localizer) -> tuple[Item, ...]:
    def dates(entry: Any) -> str | None:
        return loc.date_range(entry.start, entry.end, open_ended=False)

    items: list[Item] = []
    if section == "experience":
        for e in profile.experience:
            bullets, prios = _bullets(e)
            items.append(
                Item(
                    title=e.title,
                    subtitle=e.employer,
                    location=e.location,
                    dates=loc.date_range(e.start, e.end, open_ended=e.start is not None),
                    url=link_href(e.url) if e.url else None,
                    summary=e.summary,
                    bullets=bullets,
                    details=(e.description,) if e.description else (),  # what the employer is
                    bullet_priorities=prios,
                    priority=e.priority,
                )
            )
    elif section == "education":
        for ed in profile.education:
            bullets, prios = _bullets(ed)
            details = []
            if ed.score:  # "GPA 3.7" speaks for itself; a bare "3.7" gets a label
                has_label = any(ch.isalpha() for ch in ed.score)
                details.append(
                    ed.score if has_label else loc.text("education.score", score=ed.score)
                )
            if ed.courses:
                details.append(loc.text("education.courses", courses=", ".join(ed.courses)))
            items.append(
                Item(
                    title=_join(ed.degree, ed.area) or ed.institution,
                    subtitle=ed.institution if (ed.degree or ed.area) else None,
                    location=ed.location,
                    dates=dates(ed),
                    url=link_href(ed.url) if ed.url else None,
                    summary=ed.summary,
                    bullets=bullets,
                    bullet_priorities=prios,
                    details=tuple(details),
                    spare_details=1 if ed.courses else 0,  # the course list goes first
                    priority=ed.priority,
                )
            )
    elif section in ("credentials", "licences"):
        for c in getattr(profile, section):
            details = []
            number = getattr(c, "credential_id", None) or getattr(c, "number", None)
            if number:
                key = "credential.id" if section == "credentials" else "licence.number"
                details.append(loc.text(key, id=number, number=number))
            if getattr(c, "region", None):
                details.append(c.region)
            if c.status != "active":
                details.append(loc.text(f"credential.status.{c.status}"))
            if c.expires and c.status != "expired":
                details.append(loc.text("credential.expires", date=loc.partial_date(c.expires)))
            items.append(
                Item(
                    title=c.name,
                    subtitle=getattr(c, "issuer", None) or getattr(c, "authority", None),
                    dates=loc.partial_date(c.earned) if c.earned else None,
                    url=link_href(c.url) if c.url else None,
                    summary=getattr(c, "summary", None),
                    details=tuple(details),
                    priority=c.priority,
                )
            )
    elif section == "skills":
        for g in profile.skills:
            items.append(
                Item(
                    title=g.name, subtitle=g.level, keywords=tuple(g.keywords), priority=g.priority
                )
            )
    elif section == "projects":
        for p in profile.projects:
            bullets, prios = _bullets(p)
            items.append(
                Item(
                    title=p.name,
                    subtitle=_join(p.entity, ", ".join(p.roles) or None),
                    dates=dates(p),
                    url=link_href(p.url) if p.url else None,
                    summary=p.description,
                    bullets=bullets,
                    bullet_priorities=prios,
                    keywords=tuple(p.keywords),
                    priority=p.priority,
                )
            )
    elif section == "volunteer":
        for v in profile.volunteer:
            bullets, prios = _bullets(v)
            items.append(
                Item(
                    title=v.position or v.organization,
                    subtitle=v.organization if v.position else None,
                    location=v.location,
                    dates=loc.date_range(v.start, v.end, open_ended=v.start is not None),
                    url=link_href(v.url) if v.url else None,
                    summary=v.summary,
                    bullets=bullets,
                    bullet_priorities=prios,
                    priority=v.priority,
                )
            )
    elif section == "awards":
        for a in profile.awards:
            items.append(
                Item(
                    title=a.title,
                    subtitle=a.awarder,
                    dates=loc.partial_date(a.date) if a.date else None,
                    url=link_href(a.url) if a.url else None,
                    summary=a.summary,
                    priority=a.priority,
                )
            )
    elif section == "publications":
        for pub in profile.publications:
            items.append(
                Item(
                    title=pub.name,
                    subtitle=pub.publisher,
                    dates=loc.partial_date(pub.date) if pub.date else None,
                    url=link_href(pub.url) if pub.url else None,
                    summary=pub.summary,
                    priority=pub.priority,
                )
            )
    elif section == "languages":
        for lang in profile.languages:
            items.append(Item(title=lang.language, subtitle=lang.fluency, priority=lang.priority))
    elif section == "interests":
        for i in profile.interests:
            items.append(Item(title=i.name, keywords=tuple(i.keywords), priority=i.priority))
    elif section == "references":
        for r in profile.references:
            items.append(
                Item(
                    title=r.name, subtitle=r.relationship, summary=r.reference, priority=r.priority
                )
            )
    return tuple(items)


_LAYOUTS: dict[str, Any] = {
    "summary": "text",
    "experience": "entries",
    "education": "entries",
    "credentials": "compact",
    "licences": "compact",
    "skills": "skills",
    "projects": "entries",
    "volunteer": "entries",
    "awards": "compact",
    "publications": "compact",
    "languages": "inline",
    "interests": "skills",
    "references": "entries",
}


def section_order(profile: Profile) -> list[str]:
    """Section ids in the order the profile asks for, then the usual order, hidden ones out."""
    prefs = profile.preferences
    custom = [c.id for c in profile.custom]
    order = list(dict.fromkeys([*prefs.section_order, *DEFAULT_ORDER, *custom]))
    return [s for s in order if s not in prefs.hidden_sections]


class ResumeOptions(Model):
    """Options of the resume alone (the page's options are :class:`DocumentOptions`)."""

    summary_variant: str | None = None
    """A key of ``basics.summaries`` to use instead of ``summary``."""


def build_resume(
    profile: Profile,
    options: DocumentOptions | None = None,
    *,
    summary_variant: str | None = None,
    today: Callable[[], date] = date.today,
) -> DocumentContext:
    """The resume's context for ``profile`` (selected, ordered and localized; no markup).

    A shortcut for ``resume_context(prepare(profile, options), ...)``.
    """
    request = prepare(profile, options, photo=True, today=today)
    return resume_context(request, ResumeOptions(summary_variant=summary_variant))


def resume_context(request: Request[Profile], options: ResumeOptions) -> DocumentContext:
    """The resume's context from a prepared request (its profile is already selected).

    With a posting in the request and ``emphasize`` set, the posting's terms the profile
    shows are set in bold.
    """
    chosen = request.subject
    prefs = chosen.preferences
    loc = request.localizer
    summary_variant = options.summary_variant

    sections: list[Section] = []
    custom = {c.id: c for c in chosen.custom}
    for sid in section_order(chosen):
        title = prefs.section_titles.get(sid)
        if sid == "summary":
            text = chosen.basics.summary
            if summary_variant and summary_variant in chosen.basics.summaries:
                text = chosen.basics.summaries[summary_variant]
            if text:
                sections.append(
                    Section("summary", title or loc.text("section.summary"), "text", text=text)
                )
            continue
        if sid in custom:
            cs = custom[sid]
            items = tuple(
                Item(
                    title=e.title,
                    subtitle=e.subtitle,
                    location=e.location,
                    dates=loc.partial_date(e.date) if e.date else None,
                    url=link_href(e.url) if e.url else None,
                    summary=e.summary,
                    bullets=tuple(h.text for h in e.highlights),
                    bullet_priorities=tuple(h.priority for h in e.highlights),
                    priority=e.priority,
                )
                for e in cs.entries
            )
            if items:
                sections.append(Section(sid, title or cs.title, "entries", items))
            continue
        if sid not in _LAYOUTS:
            continue  # a custom section removed by selection
        items = _items(chosen, sid, loc)
        if not items:
            if sid in prefs.section_order:
                log.info("section '%s' is empty for this variant and was left out", sid)
            continue
        sections.append(Section(sid, title or loc.text(f"section.{sid}"), _LAYOUTS[sid], items))

    name = chosen.basics.name
    page = request.page.titled(
        f"{name} — {loc.text('document.resume')}",
        subject=chosen.basics.headline,
        keywords=tuple(k for g in chosen.skills for k in g.keywords),
    )
    emphasis: tuple[str, ...] = ()
    if request.job is not None and request.options.emphasize:
        emphasis = emphasis_terms(chosen, request.job)
    return DocumentContext(page, sections=tuple(sections), emphasis=emphasis)


def emphasis_terms(profile: Profile, job: JobPosting) -> tuple[str, ...]:
    """The posting's terms as the profile writes them (what ``--emphasize`` sets in bold)."""
    from toolkit.matching.evidence import all_lines  # lazy: matching, only with a posting
    from toolkit.roles import pack_for  # lazy: the role packs, only with a posting

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


SUPPLEMENTARY = frozenset({"volunteer", "awards", "publications", "interests", "references"})
"""Sections whose entries may go whole when space runs out (with the profile's own custom
sections, e.g. memberships): what the job asks about (experience, education, credentials,
skills, projects, languages) keeps its entries and loses only bullets."""


_Where = tuple[int, int, int]
"""A section, an entry in it, and a bullet of the entry (-1: the whole entry; -2: its spare
details, a course list)."""


def _drop_key(ctx: DocumentContext) -> tuple[tuple[int, ...], _Where] | None:
    """What :func:`leave_out_one` takes next, and where: the lowest priority; on a tie, a
    supplementary entry before a bullet, then the later section, entry and bullet."""
    best: tuple[tuple[int, ...], _Where] | None = None
    builtin = set(_LAYOUTS)
    for s_i, section in enumerate(ctx.sections):
        whole = section.id in SUPPLEMENTARY or section.id not in builtin
        for i_i, item in enumerate(section.items):
            candidates: list[tuple[tuple[int, ...], _Where]]
            if whole:  # as important as its most important part (tailoring ranks bullets)
                worth = max((item.priority, *item.bullet_priorities))
                candidates = [((worth, 0, -s_i, -i_i, 0), (s_i, i_i, -1))]
            else:
                candidates = []
                if item.spare_details:  # a course list: before a bullet of the same priority
                    candidates.append(((item.priority, 0, -s_i, -i_i, 0), (s_i, i_i, -2)))
                if len(item.bullets) > (1 if section.id == "experience" else 0):
                    prios = item.bullet_priorities or (0,) * len(item.bullets)
                    candidates += [
                        ((prio, 1, -s_i, -i_i, -b_i), (s_i, i_i, b_i))
                        for b_i, prio in enumerate(prios)
                    ]
            for candidate in candidates:
                if best is None or candidate[0] < best[0]:
                    best = candidate
    return best


def leave_out_one(ctx: DocumentContext) -> tuple[DocumentContext, str] | None:
    """Leave out the one least important thing: the lowest-priority bullet, supplementary
    entry (a membership, an award, a volunteer role) or course list, an entry or a course
    list before a bullet of the same priority, older before newer.

    A job keeps at least one bullet; a section whose last entry goes goes with it. Returns
    the shorter resume and what was left out, or ``None`` when nothing more can go.
    """
    found = _drop_key(ctx)
    if found is None:
        return None
    s_i, i_i, b_i = found[1]
    section = ctx.sections[s_i]
    item = section.items[i_i]
    if b_i == -2:  # the entry's spare details (a course list)
        kept = item.details[: len(item.details) - item.spare_details]
        gone = item.details[len(kept) :]
        trimmed = dataclasses.replace(item, details=kept, spare_details=0)
        items = (*section.items[:i_i], trimmed, *section.items[i_i + 1 :])
        note = f"left out: '{_short(' · '.join(gone))}' ({item.title})"
    elif b_i < 0:
        items = (*section.items[:i_i], *section.items[i_i + 1 :])
        what = ", ".join(part for part in (item.title, item.subtitle) if part)
        note = f"left out: '{_short(what)}' ({section.title})"
    else:
        prios = item.bullet_priorities or (0,) * len(item.bullets)
        new_item: Item = dataclasses.replace(
            item,
            bullets=item.bullets[:b_i] + item.bullets[b_i + 1 :],
            bullet_priorities=prios[:b_i] + prios[b_i + 1 :],
        )
        items = (*section.items[:i_i], new_item, *section.items[i_i + 1 :])
        note = f"left out: '{_short(item.bullets[b_i])}' ({item.subtitle or item.title})"
    rest = (dataclasses.replace(section, items=items),) if items else ()
    sections = (*ctx.sections[:s_i], *rest, *ctx.sections[s_i + 1 :])
    return dataclasses.replace(ctx, sections=sections), note


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


STRAY_BULLETS = 2
"""A last page that leaving out this many more of the least relevant bullets would save is
nearly empty (a bullet or two spilled over): a tailored resume leaves them out."""


def fit_tailored(
    ctx: DocumentContext,
    count_pages: Callable[[DocumentContext], int],
    budget: int,
    *,
    stray: int = STRAY_BULLETS,
) -> tuple[DocumentContext, int, list[str]]:
    """Keep a tailored resume within ``budget`` pages (the untailored resume's count, or
    ``--max-pages``) and without a nearly empty last page, by leaving out the least relevant
    bullets (:func:`leave_out_one`: lowest priority first, and tailoring ranks bullets by
    relevance). The layout is not tightened: it looks like the untailored resume.

    Args:
        ctx: the tailored resume.
        count_pages: lays a resume out and returns its page count (the caller's renderer).
        budget: the most pages it may take.
        stray: how many more bullets may go to save a nearly empty last page.

    Returns:
        The resume, its page count, and one ``left out: …`` note per bullet left out.
    """
    contexts = [ctx]
    notes: list[str] = []
    while (shorter := leave_out_one(contexts[-1])) is not None:
        contexts.append(shorter[0])
        notes.append(shorter[1])
    counted: dict[int, int] = {}

    def pages(k: int) -> int:
        if k not in counted:
            counted[k] = count_pages(contexts[k])
        return counted[k]

    def fewest(limit: int, low: int, high: int) -> int | None:
        """The fewest bullets left out, from ``low`` to ``high``, for ``limit`` pages: less
        content never takes more pages, so gallop up from ``low`` and then bisect (laying
        out is the costly part, and usually a bullet or two is enough)."""
        step, below = 1, low - 1
        probe = low
        while pages(probe) > limit:
            if probe == high:
                return None
            below, step = probe, step * 2
            probe = min(high, low + step - 1)
        while below + 1 < probe:
            mid = (below + probe) // 2
            below, probe = (below, mid) if pages(mid) <= limit else (mid, probe)
        return probe

    last = len(contexts) - 1
    k = 0
    if pages(0) > budget and last:
        found = fewest(budget, 1, last)
        k = last if found is None else found  # when nothing fits: as close as it gets
    if pages(k) > 1 and stray > 0 and k < last:
        top = min(k + stray, last)
        if pages(top) < pages(k):  # a nearly empty last page: a bullet or two more save it
            k = fewest(pages(k) - 1, k + 1, top) or top
    return contexts[k], pages(k), notes[:k]
