"""A starter profile shaped for one level of a role pack.

Example bullets carry the marker :data:`EXAMPLE`, so they cannot be mistaken for facts:
``toolkit check`` reports any left in a profile. Skills and credentials are written as
comments to uncomment, so nothing is claimed until the person says so.
"""

from __future__ import annotations

import json
from datetime import date

from toolkit.matching.evidence import EXAMPLE_MARK
from toolkit.models.rolepack import Level, RolePack

EXAMPLE = EXAMPLE_MARK


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _months_ago(today: date, months: int) -> str:
    total = today.year * 12 + today.month - 1 - months
    return f"{total // 12:04d}-{total % 12 + 1:02d}"


def _jobs(pack: RolePack, level: Level, today: date) -> list[tuple[str, str, str, str | None]]:
    """(title, employer, start, end) for the example jobs, spanning the level's typical years:
    the current job at this level, and before it one at the level below."""
    index = pack.levels.index(level)
    span = max(12, 12 * (level.years.min + 1))  # months of experience shown
    if index == 0:
        return [(level.title, "Example Health System", _months_ago(today, span), None)]
    current = max(12, span // 3)
    below = pack.levels[index - 1]
    return [
        (level.title, "Example Health System", _months_ago(today, current), None),
        (
            below.title,
            "Example Community Hospital",
            _months_ago(today, span),
            _months_ago(today, current + 1),
        ),
    ]


def role_starter(
    pack: RolePack, level_id: str, *, schema_line: bool = True, today: date | None = None
) -> str:
    """YAML text of a starter profile for ``level_id`` of ``pack`` that validates as written."""
    level = pack.level(level_id)
    today = today or date.today()
    jobs = _jobs(pack, level, today)
    first_start = jobs[-1][2]
    summary = (
        f"{EXAMPLE} Two or three sentences on your strongest work as a "
        f"{level.title.lower()}, and what you want next."
    )
    lines: list[str] = []
    if schema_line:
        lines += ["# yaml-language-server: $schema=./profile.schema.json", "#"]
    lines += [
        f"# A starter profile for {level.title} ({level.years.text()}), from the",
        f"# '{pack.id}' role pack. Every line marked {EXAMPLE} is an example to replace with",
        "# your own facts (or delete): `toolkit check` reports any example left behind.",
        "# Skills and credentials are commented out: uncomment only what you have.",
        "schema_version: 1",
        "",
        "basics:",
        "  name: Your Name",
        f"  headline: {_q(level.title)}",
        "  email: your.name@example.com",
        "  phone: +1 (555) 010-0199",
        "  location:",
        "    city: Springfield",
        "    region: IL",
        "    country_code: US",
        f"  summary: {_q(summary)}",
        "",
        "experience:",
    ]
    duties = list(level.duties)
    for n, (title, employer, start, end) in enumerate(jobs):
        lines += [
            f"  - employer: {_q(employer + ' ' + EXAMPLE)}",
            f"    title: {_q(title)}",
            f"    start: {start}",
        ]
        if end:
            lines.append(f"    end: {end}")
        lines.append("    highlights:")
        source = duties if n == 0 else (pack.levels[pack.levels.index(level) - 1].duties)
        for duty in source[:4]:
            lines.append(
                f"      - {_q(f'{EXAMPLE} {duty} (say how many, how fast or what improved)')}"
            )
    lines += [
        "",
        "education:",
        f"  - institution: {_q('Example Community College ' + EXAMPLE)}",
        "    degree: Associate of Applied Science",
        "    area: Health Information Technology",
        f"    end: {int(first_start[:4]) - 1}-05",
        "",
        "# credentials:   # uncomment the ones you hold, with your dates",
    ]
    wanted = [
        *level.credentials.required,
        *(c for g in level.credentials.any_of for c in g),
        *level.credentials.preferred,
        *(c for g in level.credentials.preferred_any_of for c in g),
    ]
    for cred_id in dict.fromkeys(wanted):
        info = pack.credential(cred_id)
        lines += [
            f"#   - name: {_q(f'{info.name} ({info.abbreviation})')}",
            f"#     issuer: {_q(info.issuer)}",
            "#     earned: 2020-01",
            "#     status: active        # active, eligible, in progress or expired",
        ]
    lines += ["", "# skills:   # uncomment the skills you can show, and add your own"]
    by_category: dict[str, list[str]] = {}
    for item_id in level.skills:
        item = pack.skill_or_system(item_id)
        by_category.setdefault(item.category, []).append(item.name)
    names = {c.id: c.name for c in pack.categories}
    for category, items in by_category.items():
        lines += [
            f"#   - name: {_q(names.get(category, category))}",
            f"#     keywords: {json.dumps(items, ensure_ascii=False)}",
        ]
    lines += ["", "preferences:", "  locale: en-US", ""]
    return "\n".join(lines)
