"""The page every document shares, and the one place a profile is prepared for a document.

:func:`prepare` is how every kind of document gets its profile: it applies the variant's
selection (``tags``, ``exclude_tags`` and ``private``, through :func:`select`), the locale,
the theme, the page size and the document date, and returns a :class:`Request` whose
``subject`` is the *selected* profile. A kind's builder never sees the master profile, so no
kind can leave the privacy and tag filter out.
"""

from __future__ import annotations

import base64
import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Generic, Literal, TypeVar

from toolkit.documents.context import Contact, Meta, Person
from toolkit.i18n import Localizer, get_localizer
from toolkit.models.common import link_href
from toolkit.models.jd import JobDescription
from toolkit.models.options import DocumentOptions
from toolkit.models.posting import JobPosting
from toolkit.models.profile import Profile
from toolkit.models.select import select

PageSize = Literal["a4", "letter"]
S = TypeVar("S", Profile, JobDescription)

REPORT_THEME = "modern"
"""The theme of reports (gap, match) and job descriptions unless the options name another."""

CONTACT_SEPARATOR = " · "
"""Between the items of the contact line in text formats."""


@dataclass(frozen=True)
class Page:
    """What every document shares: who it is about, its look, language and date."""

    person: Person
    meta: Meta
    page_size: PageSize
    theme: str
    theme_options: dict[str, Any] = field(default_factory=dict)
    lang: str = "en-US"
    rtl: bool = False
    labels: dict[str, str] = field(default_factory=dict)
    """Localized labels of the contact details (``email``, ``phone`` …)."""
    comma: str = ", "
    """The language's comma between a title and its employer or school (U+060C in Arabic,
    the fullwidth comma in Chinese, the ideographic comma in Japanese)."""
    date_text: str = ""
    """The document date in the locale's long form, e.g. ``March 3, 2026``."""

    @property
    def contact_line(self) -> str:
        """The contact details on one line, as the text formats print them."""
        return CONTACT_SEPARATOR.join(c.text for c in self.person.contacts)

    def titled(
        self, title: str, *, subject: str | None = None, keywords: tuple[str, ...] = ()
    ) -> Page:
        """This page with the document's own title, subject and keywords in its metadata."""
        meta = dataclasses.replace(self.meta, title=title, subject=subject, keywords=keywords)
        return dataclasses.replace(self, meta=meta)

    def in_english(self) -> Page:
        """This page for a document whose words are English whatever the profile's locale
        (interview sheets and reports, until they are translated)."""
        meta = dataclasses.replace(self.meta, lang="en-US")
        english = get_localizer("en-US")
        when = date.fromisoformat(self.meta.date) if self.meta.date else None
        return dataclasses.replace(
            self,
            lang="en-US",
            rtl=False,
            meta=meta,
            date_text=english.long_date(when) if when else self.date_text,
        )

    def to_data(self) -> dict[str, Any]:
        """Plain data for templates (the fields, and ``contact_line``)."""
        data = dataclasses.asdict(self)
        data["contact_line"] = self.contact_line
        return data


@dataclass(frozen=True)
class Request(Generic[S]):
    """What a kind's builder receives: the prepared page and the selected subject."""

    page: Page
    subject: S
    """The profile as this variant shows it (selected), or a job description."""
    options: DocumentOptions
    localizer: Localizer
    when: date
    job: JobPosting | None = None
    packs: tuple[Path, ...] = ()
    """Folders of the user's own role packs."""


def _display_url(url: str) -> str:
    """``https://www.linkedin.com/in/ada/`` shown as ``linkedin.com/in/ada``."""
    text = url.split("://", 1)[-1]
    text = text.removeprefix("www.")
    return text.rstrip("/")


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


def _photo_url(profile: Profile) -> str | None:
    if profile.photo_jpeg is None:
        return None
    return "data:image/jpeg;base64," + base64.b64encode(profile.photo_jpeg).decode("ascii")


def prepare(
    profile: Profile,
    options: DocumentOptions | None = None,
    *,
    job: JobPosting | None = None,
    packs: tuple[Path, ...] = (),
    default_theme: str | None = None,
    photo: bool = False,
    today: Callable[[], date] = date.today,
) -> Request[Profile]:
    """Select the variant of ``profile`` that ``options`` asks for, and lay out its page.

    Args:
        profile: the master profile.
        options: theme, page size, locale, tags, private content and the date.
        job: the posting the document answers, if any.
        packs: folders of the user's own role packs.
        default_theme: the kind's theme when neither the options nor the profile name one.
        photo: whether the page shows the profile's photo (and ``options.photo`` allows it).
        today: the clock, when the options give no document date.
    """
    options = options or DocumentOptions()
    prefs = profile.preferences
    loc = get_localizer(options.locale or prefs.locale)
    when = options.document_date or today()
    chosen = select(
        profile,
        tags=options.tags,
        exclude=options.exclude_tags,
        include_private=options.include_private,
    )
    name = profile.basics.name
    person = Person(
        name,
        chosen.basics.headline,
        person_contacts(chosen),
        photo=_photo_url(profile) if photo and options.photo else None,
    )
    page = Page(
        person=person,
        meta=Meta(title=name, author=name, lang=loc.tag, date=when.isoformat()),
        page_size=options.page_size or prefs.page_size or loc.default_page_size(),
        theme=options.theme or default_theme or prefs.theme or "plain",
        theme_options=options.theme_options.model_dump(exclude_none=True),
        lang=loc.tag,
        rtl=loc.rtl,
        labels={k: loc.text(f"contact.{k}") for k in ("email", "phone", "website", "location")},
        comma=loc.text("punctuation.comma"),
        date_text=loc.long_date(when),
    )
    return Request(page, chosen, options, loc, when, job, packs)


def prepare_job_description(
    jd: JobDescription,
    options: DocumentOptions | None = None,
    *,
    default_theme: str | None = None,
    today: Callable[[], date] = date.today,
) -> Request[JobDescription]:
    """The page of a job description: the organization is its author; US English, letter."""
    options = options or DocumentOptions()
    loc = get_localizer(options.locale or "en-US")
    when = options.document_date or today()
    org = jd.organization.name
    page = Page(
        person=Person(org),
        meta=Meta(title=jd.title, author=org, lang=loc.tag, date=when.isoformat()),
        page_size=options.page_size or "letter",
        theme=options.theme or default_theme or "plain",
        theme_options=options.theme_options.model_dump(exclude_none=True),
        lang=loc.tag,
        rtl=loc.rtl,
        date_text=loc.long_date(when),
    )
    return Request(page, jd, options, loc, when)
