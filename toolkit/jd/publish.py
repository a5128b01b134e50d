"""What a built job description may show, and what keeps a draft from being published.

A job-description file is a draft until the recruiter finishes it: the scaffold's pay is the
role pack's estimate, the organization may still be "Your Organization", and "[…]", "TBD" or
"XX" may stand where a value is to come. This module says what of it is published:

* :func:`published_pay` is the pay a built job description shows: none while the range is
  still the estimate (``pay.estimate: true``; the YAML says so, the published files never
  do), and never a drafting note such as "adjust to your local market";
* :func:`placeholder_issues` finds every placeholder, in any field (the patterns are in
  ``data/placeholders.yaml``);
* :func:`location_issues` and :func:`apply_issues` find a job that does not say where it is
  or how to apply;
* :func:`publishing_issues` is all of these: ``jd lint`` reports them with their lines, and
  building a job description logs each as a warning, so none is published silently.

Library code: nothing here prints; :func:`warn_unpublishable` logs to the ``toolkit`` logger.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

from toolkit.errors import Issue
from toolkit.load.sources import PathT, load_shipped
from toolkit.models.jd import JobDescription, PayRange

log = logging.getLogger("toolkit")

__all__ = [
    "apply_issues",
    "drafting_note",
    "location_issues",
    "pay_note_issues",
    "placeholder_issues",
    "published_pay",
    "publishing_issues",
    "warn_unpublishable",
]


@dataclass(frozen=True, slots=True)
class Placeholder:
    """A kind of placeholder, as written in ``placeholders.yaml``."""

    pattern: re.Pattern[str]
    label: str
    hint: str


@functools.cache
def _data() -> dict[str, Any]:
    text = files("toolkit").joinpath("jd/data/placeholders.yaml").read_text("utf-8")
    data = load_shipped(text)
    if not isinstance(data, dict):  # pragma: no cover - packaging error
        raise TypeError("toolkit/jd/data/placeholders.yaml is not a mapping")
    return data


@functools.cache
def placeholders() -> tuple[Placeholder, ...]:
    """The kinds of placeholder in ``placeholders.yaml``."""
    return tuple(
        Placeholder(
            re.compile(str(p["pattern"])), str(p["label"]), " ".join(str(p["hint"]).split())
        )
        for p in _data()["placeholders"]
    )


@functools.cache
def _drafting_notes() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(str(p)) for p in _data()["drafting_notes"])


def drafting_note(text: str | None) -> bool:
    """Whether ``text`` is a note for the recruiter ("adjust to your local market")."""
    return bool(text) and any(p.search(text or "") for p in _drafting_notes())


def published_pay(jd: JobDescription) -> PayRange | None:
    """The pay a built job description shows, or ``None``.

    ``None`` while the range is still the role pack's estimate, or when it has no figure; a
    drafting note is left out of what is shown.
    """
    pay = jd.pay
    if pay is None or pay.estimate or (pay.min is None and pay.max is None):
        return None
    if drafting_note(pay.note):
        return pay.model_copy(update={"note": None})
    return pay


def _texts(value: Any, path: PathT = ()) -> Iterator[tuple[PathT, str]]:
    """Every string in plain data, with its path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*path, str(key)))
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from _texts(item, (*path, n))


def placeholder_issues(jd: JobDescription) -> list[Issue]:
    """An error for each placeholder left in any field, with the fix."""
    out: list[Issue] = []
    data = jd.model_dump(mode="json", exclude_none=True)
    for path, text in _texts(data):
        taken: list[tuple[int, int]] = []
        for kind in placeholders():
            for m in kind.pattern.finditer(text):
                if any(m.start() < end and start < m.end() for start, end in taken):
                    continue
                taken.append((m.start(), m.end()))
                found = m.group(0)
                out.append(
                    Issue(
                        f"placeholder left in: '{found}' ({kind.label})",
                        path=path,
                        value=found,
                        hint=kind.hint.format(found=found),
                        severity="error",
                    )
                )
    return out


def _has_place(jd: JobDescription) -> bool:
    place = jd.location or jd.organization.location
    return place is not None and any((place.address, place.city, place.region))


def location_issues(jd: JobDescription) -> list[Issue]:
    """A job that does not say where it is: an error on site (applicants and job search
    need a place), a warning for a remote job that does not say where hires may live."""
    if jd.work_mode != "remote":
        if _has_place(jd):
            return []
        return [
            Issue(
                "no location: applicants, job boards and Google's job search need to know "
                "where the job is",
                path=("location",),
                hint="add 'location:' with 'city:', 'region:' and 'country_code:' (e.g. city: "
                "Cleveland, region: OH, country_code: US), or start from an organization "
                "file with a location (jd new --org ORG.yaml); for a remote job set "
                "'work_mode: remote' and list 'remote_regions:'",
                severity="error",
            )
        ]
    place = jd.location or jd.organization.location
    if jd.remote_regions or (place is not None and (place.country_code or _has_place(jd))):
        return []
    return [
        Issue(
            "a remote job that does not say where hires may live",
            path=("remote_regions",),
            hint="list the states or countries you hire in, e.g. 'remote_regions: [Ohio, "
            "Michigan]', or give the job's 'location:'",
            severity="warning",
        )
    ]


def apply_issues(jd: JobDescription) -> list[Issue]:
    """A warning when the job does not say how to apply."""
    if jd.how_to_apply and jd.how_to_apply.strip():
        return []
    return [
        Issue(
            "no instructions on how to apply",
            path=("how_to_apply",),
            hint="add 'how_to_apply:' with the link or address and what to send, e.g. 'Apply "
            "at careers.example.org/jobs/1234 with your resume; we reply within two weeks.'",
            severity="warning",
        )
    ]


def pay_note_issues(jd: JobDescription) -> list[Issue]:
    """A warning when the pay note is a drafting note (a build leaves it out)."""
    if jd.pay is None or not drafting_note(jd.pay.note):
        return []
    return [
        Issue(
            "the pay note is a drafting note for you, not for applicants: a build leaves it out",
            path=("pay", "note"),
            value=jd.pay.note,
            hint="delete 'note:' under 'pay:', or write what applicants should know",
            severity="warning",
        )
    ]


def _estimate_issues(jd: JobDescription) -> list[Issue]:
    pay = jd.pay
    if pay is None or not pay.estimate or (pay.min is None and pay.max is None):
        return []
    return [
        Issue(
            "the pay range is still the role pack's estimate, so it is left out",
            path=("pay", "estimate"),
            value="true",
            hint="set 'min:' and 'max:' to what you will offer, then 'estimate: false'",
            severity="warning",
        )
    ]


def publishing_issues(jd: JobDescription) -> list[Issue]:
    """Everything that keeps ``jd`` from being ready to publish: placeholders, a missing
    location or how to apply, and the pay or pay note a build leaves out."""
    return [
        *placeholder_issues(jd),
        *location_issues(jd),
        *apply_issues(jd),
        *_estimate_issues(jd),
        *pay_note_issues(jd),
    ]


def warn_unpublishable(jd: JobDescription) -> list[Issue]:
    """Log a warning for each of :func:`publishing_issues` and return them."""
    found = publishing_issues(jd)
    for issue in found:
        where = f" ({issue.field})" if issue.path else ""
        log.warning(
            "job description not ready to publish%s: %s — %s", where, issue.message, issue.hint
        )
    return found
