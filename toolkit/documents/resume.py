"""Build the resume's document context from a profile and the render options."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import Any

from toolkit.documents.context import Contact, DocumentContext, Item, Meta, Person, Section
from toolkit.documents.select import select
from toolkit.i18n import Localizer, get_localizer
from toolkit.models.common import link_href
from toolkit.models.options import DocumentOptions
from toolkit.models.profile import BUILTIN_SECTIONS, Profile

log = logging.getLogger("toolkit")

DEFAULT_ORDER = BUILTIN_SECTIONS


def _photo_url(profile: Profile) -> str | None:
    import base64

    if profile.photo_jpeg is None:
        return None
    return "data:image/jpeg;base64," + base64.b64encode(profile.photo_jpeg).decode("ascii")


def person_contacts(profile: Profile) -> tuple[Contact, ...]:
    """The header's contact details: email, phone, location, website, links, profiles."""
    b = profile.basics
    out: list[Contact] = []
    if b.email:
        out.append(Contact("email", b.email, f"mailto:{b.email}", "Email"))
    if b.phone:
        digits = "".join(ch for ch in b.phone if ch.isdigit() or ch == "+")
        out.append(Contact("phone", b.phone, f"tel:{digits}", "Phone"))
    if b.location and b.location.one_line():
        out.append(Contact("location", b.location.one_line(), None, "Location"))
    if b.website:
        out.append(Contact("website", _display_url(b.website), link_href(b.website), "Website"))
    for link in b.links:
        out.append(Contact("link", _display_url(link.url), link_href(link.url), link.label))
    for prof in b.profiles:
        if prof.url:
            out.append(
                Contact("profile", _display_url(prof.url), link_href(prof.url), prof.network)
            )
        elif prof.username:
            out.append(Contact("profile", f"{prof.network}: {prof.username}", None, prof.network))
    return tuple(out)


def _display_url(url: str) -> str:
    """``https://www.linkedin.com/in/ada/`` shown as ``linkedin.com/in/ada``."""
    text = url.split("://", 1)[-1]
    text = text.removeprefix("www.")
    return text.rstrip("/")


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


def build_resume(
    profile: Profile,
    options: DocumentOptions | None = None,
    *,
    summary_variant: str | None = None,
    today: Callable[[], date] = date.today,
) -> DocumentContext:
    """The resume's context: selected, ordered and localized content, no markup.

    Args:
        profile: the profile (the master; selection happens here).
        options: the render options; ``None`` for the profile's own preferences.
        summary_variant: a key of ``basics.summaries`` to use instead of ``summary``.
    """
    options = options or DocumentOptions()
    prefs = profile.preferences
    loc = get_localizer(options.locale or prefs.locale)
    page_size = options.page_size or prefs.page_size or loc.default_page_size()
    chosen = select(
        profile,
        tags=options.tags,
        exclude=options.exclude_tags,
        include_private=options.include_private,
    )
    when = options.document_date or today()

    sections: list[Section] = []
    custom = {c.id: c for c in chosen.custom}
    for sid in section_order(profile):
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

    keywords = tuple(k for g in chosen.skills for k in g.keywords)
    name = profile.basics.name
    meta = Meta(
        title=f"{name} — {loc.text('document.resume')}",
        author=name,
        lang=loc.tag,
        date=when.isoformat(),
        subject=profile.basics.headline,
        keywords=keywords,
    )
    labels = {k: loc.text(f"contact.{k}") for k in ("email", "phone", "website", "location")}
    return DocumentContext(
        kind="resume",
        person=Person(
            name,
            profile.basics.headline,
            person_contacts(profile),
            photo=_photo_url(profile) if options.photo else None,
        ),
        sections=tuple(sections),
        meta=meta,
        page_size=page_size,
        rtl=loc.rtl,
        labels=labels,
        theme=options.theme or prefs.theme or "plain",
        theme_options=options.theme_options.model_dump(exclude_none=True),
    )
