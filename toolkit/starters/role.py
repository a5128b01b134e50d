"""A starter profile shaped for one level of a role pack.

Example bullets carry the marker :data:`EXAMPLE`, so they cannot be mistaken for facts:
``toolkit check`` reports any left in a profile. Skills and credentials are written as
comments to uncomment, so nothing is claimed until the person says so.
"""

from __future__ import annotations

import json

from toolkit.models.rolepack import Level, RolePack

EXAMPLE = "[EXAMPLE - replace]"


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _jobs(pack: RolePack, level: Level) -> list[tuple[str, str, str, str | None]]:
    """(title, employer, start, end) for the example jobs: this level, then the one below."""
    index = pack.levels.index(level)
    jobs: list[tuple[str, str, str, str | None]] = [
        (level.title, "Example Health System", "2023-01", None)
    ]
    if index > 0:
        below = pack.levels[index - 1]
        jobs.append((below.title, "Example Community Hospital", "2019-06", "2022-12"))
    return jobs


def role_starter(pack: RolePack, level_id: str, *, schema_line: bool = True) -> str:
    """YAML text of a starter profile for ``level_id`` of ``pack`` that validates as written."""
    level = pack.level(level_id)
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
    for n, (title, employer, start, end) in enumerate(_jobs(pack, level)):
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
        "    end: 2019-05",
        "",
        "# credentials:   # uncomment the ones you hold, with your dates",
    ]
    wanted = [
        *level.credentials.required,
        *(c for g in level.credentials.any_of for c in g),
        *level.credentials.preferred,
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
