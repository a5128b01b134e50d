"""RenderCV for the side-by-side rows: its venv, its input (our content), and Typst's package.

RenderCV is never a dependency of the toolkit: ``make bench`` installs it into a throwaway venv
(``output/bench-venv-rendercv`` unless ``BENCH_RENDERCV_VENV`` says otherwise). Its themes
``#import "@preview/fontawesome:0.5.0": fa-icon``, a Typst package that Typst would download at
render time; this machine has no network for that, so :func:`install_fontawesome_standin`
writes an offline stand-in into a package cache of the bench's own and RenderCV's processes
are pointed at it (``XDG_CACHE_HOME``; Typst reads ``$XDG_CACHE_HOME/typst/packages``).
The stand-in draws each icon as one glyph of the Font Awesome 7 fonts that ``rendercv-fonts``
ships, so RenderCV still does the font work of its icons; nothing is downloaded.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_VENV = ROOT / "output" / "bench-venv-rendercv"
TYPST_CACHE = ROOT / "output" / "bench-typst-cache"
FONTAWESOME_DIR = TYPST_CACHE / "typst" / "packages" / "preview" / "fontawesome" / "0.5.0"

_TYPST_TOML = """\
# Offline stand-in written by applykit's bench/rendercv_side.py (not the real package).
[package]
name = "fontawesome"
version = "0.5.0"
entrypoint = "lib.typ"
authors = ["applykit benchmark"]
license = "MIT"
description = "Offline stand-in for @preview/fontawesome:0.5.0: fa-icon draws one glyph."
"""

# The icons RenderCV 2.x asks for (header connections, social networks, external links),
# by Font Awesome code point; an unknown name draws nothing, as a missing icon would.
_ICONS = {
    "location-dot": "f3c5",
    "envelope": "f0e0",
    "phone": "f095",
    "link": "f0c1",
    "external-link": "f35d",
    "graduation-cap": "f19d",
    "code": "f121",
    "linkedin": "f08c",
    "github": "f09b",
    "gitlab": "f296",
    "orcid": "f8d2",
    "stack-overflow": "f16c",
    "researchgate": "f4f8",
    "youtube": "f167",
    "telegram": "f2c6",
    "instagram": "f16d",
    "mastodon": "f4f6",
    "imdb": "f2d8",
    "x-twitter": "e61b",
}


def _lib_typ() -> str:
    codes = ",\n".join(f'  "{name}": "\\u{{{code}}}"' for name, code in sorted(_ICONS.items()))
    return f"""\
// Offline stand-in for @preview/fontawesome:0.5.0, written by applykit's benchmark.
// fa-icon(name, ..args) draws the icon's glyph from the Font Awesome fonts RenderCV ships.
#let fa-codes = (
{codes},
)
#let fa-icon(name, solid: false, fa-set: "Free", ..args) = {{
  let code = fa-codes.at(name, default: none)
  if code == none {{ box() }} else {{
    text(
      font: ("Font Awesome 7 Brands", "Font Awesome 7 Free"),
      weight: 900,
      ..args.named(),
      code,
    )
  }}
}}
"""


def install_fontawesome_standin() -> Path:
    """Write the stand-in package (idempotent); return the cache root to use as XDG_CACHE_HOME."""
    FONTAWESOME_DIR.mkdir(parents=True, exist_ok=True)
    for name, text in (("typst.toml", _TYPST_TOML), ("lib.typ", _lib_typ())):
        path = FONTAWESOME_DIR / name
        if not path.is_file() or path.read_text() != text:
            path.write_text(text)
    return TYPST_CACHE


def venv_dir() -> Path:
    return Path(os.environ.get("BENCH_RENDERCV_VENV") or DEFAULT_VENV).resolve()


def find_rendercv() -> tuple[Path, Path, str] | tuple[None, None, str]:
    """``(python, rendercv_cli, version)`` of the bench venv, or ``(None, None, why_not)``."""
    venv = venv_dir()
    python, cli = venv / "bin" / "python", venv / "bin" / "rendercv"
    if not python.is_file() or not cli.is_file():
        return None, None, f"RenderCV is not installed in {venv} (run `make bench`)"
    probe = subprocess.run(
        [
            str(python),
            "-c",
            "import importlib.metadata as m, rendercv.cli.commands, rendercv.api, typst;"
            "print(m.version('rendercv'), m.version('typst'))",
        ],
        capture_output=True,
        text=True,
    )
    if probe.returncode != 0:
        tail = (probe.stderr.strip().splitlines() or ["?"])[-1]
        return None, None, f"RenderCV in {venv} does not import: {tail}"
    rendercv_version, typst_version = probe.stdout.split()
    return python, cli, f"RenderCV {rendercv_version} (typst-py {typst_version})"


def rendercv_env() -> dict[str, str]:
    """The environment of every RenderCV process: the offline package cache, no colours."""
    env = dict(os.environ)
    env["XDG_CACHE_HOME"] = str(install_fontawesome_standin())
    env["NO_COLOR"] = "1"
    env["TERM"] = "dumb"
    return env


# ---------------------------------------------------------------------------------------
# Our profile -> RenderCV input, so both tools typeset the same content.

_MONTHS = re.compile(r"^\d{4}(-\d{2})?$")
_SECTION_TITLES = {
    "summary": "Summary",
    "experience": "Experience",
    "credentials": "Certifications",
    "skills": "Skills",
    "projects": "Selected project",
    "education": "Education",
    "volunteer": "Community service",
    "awards": "Awards",
}


def _date(value: str | None) -> str | None:
    return value if value and _MONTHS.match(value) else None


def _visible(items: list[Any]) -> list[Any]:
    """Public items, highest priority first (stable), as the toolkit's resume orders them."""
    kept = [i for i in items if not (isinstance(i, dict) and i.get("private"))]
    return sorted(kept, key=lambda i: -(i.get("priority", 0) if isinstance(i, dict) else 0))


def _bullets(items: list[Any]) -> list[str]:
    return [i["text"] if isinstance(i, dict) else str(i) for i in _visible(items)]


def _phone(raw: str, country: str | None) -> str | None:
    digits = re.sub(r"\D", "", raw)
    if country in (None, "US", "CA") and len(digits) == 10:
        return f"+1-{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    return ("+" + digits) if raw.strip().startswith("+") else None


def _dated(entry: dict[str, Any], item: dict[str, Any]) -> dict[str, Any]:
    start, end = _date(item.get("start")), _date(item.get("end"))
    if start:
        entry["start_date"] = start
        entry["end_date"] = end or "present"
    elif end or _date(item.get("earned")):
        entry["date"] = end or item.get("earned")
    return entry


def rendercv_input(data: dict[str, Any], theme: str = "classic") -> dict[str, Any]:
    """RenderCV's input (a dict, written as YAML/JSON) from ``Profile.model_dump(mode='json')``.

    Name, headline, contacts, summary, every public experience bullet, credentials, skills,
    the project and education, in the profile's section order: the same text our resume sets.
    """
    basics = data["basics"]
    loc = basics.get("location") or {}
    cv: dict[str, Any] = {"name": basics["name"]}
    where = ", ".join(x for x in (loc.get("city"), loc.get("region")) if x)
    if where:
        cv["location"] = where
    if basics.get("email"):
        cv["email"] = basics["email"]
    phone = _phone(basics.get("phone") or "", loc.get("country_code"))
    if phone:
        cv["phone"] = phone
    links = basics.get("links") or []
    if links:
        cv["website"] = links[0]["url"]
    networks = []
    for prof in basics.get("profiles") or []:
        if prof.get("network") == "LinkedIn" and prof.get("url"):
            networks.append(
                {"network": "LinkedIn", "username": prof["url"].rstrip("/").rsplit("/", 1)[-1]}
            )
    if networks:
        cv["social_networks"] = networks

    sections: dict[str, list[Any]] = {}
    summary = [f"**{basics['headline']}**"] if basics.get("headline") else []
    if basics.get("summary"):
        summary.append(basics["summary"])
    sections["summary"] = summary
    sections["experience"] = [
        _dated(
            {
                "company": job["employer"],
                "position": job["title"],
                "location": job.get("location"),
                "summary": job.get("description"),
                "highlights": _bullets(job.get("highlights") or []),
            },
            job,
        )
        for job in _visible(data.get("experience") or [])
    ]
    creds = []
    for cred in _visible(data.get("credentials") or []):
        bits = [cred.get("issuer"), cred.get("earned") or cred.get("status")]
        if cred.get("credential_id"):
            bits.append(f"ID {cred['credential_id']}")
        line = f"**{cred['name']}**, " + " · ".join(b for b in bits if b)
        if cred.get("summary"):
            line += f" — {cred['summary']}"
        creds.append({"bullet": line})
    sections["credentials"] = creds
    sections["skills"] = [
        {"label": s["name"], "details": ", ".join(s.get("keywords") or [])}
        for s in _visible(data.get("skills") or [])
    ]
    sections["projects"] = [
        _dated(
            {
                "name": ", ".join(
                    x for x in (p["name"], p.get("entity"), *(p.get("roles") or [])) if x
                ),
                "summary": p.get("description"),
                "highlights": [
                    *_bullets(p.get("highlights") or []),
                    ", ".join(p.get("keywords") or []),
                ],
            },
            p,
        )
        for p in _visible(data.get("projects") or [])
    ]
    education = []
    for school in _visible(data.get("education") or []):
        extra = [school["score"]] if school.get("score") else []
        if school.get("courses"):
            extra.append("Courses: " + ", ".join(school["courses"]))
        education.append(
            _dated(
                {
                    "institution": school["institution"],
                    # RenderCV requires an area: a school without one shows its degree there
                    "area": school.get("area") or school.get("degree") or "",
                    "degree": school.get("degree") if school.get("area") else None,
                    "location": school.get("location"),
                    "highlights": [" · ".join(extra), *_bullets(school.get("highlights") or [])]
                    if extra
                    else _bullets(school.get("highlights") or []),
                },
                school,
            )
        )
    sections["education"] = education
    # the rest, so both pages carry the same content: volunteer roles as jobs, awards and the
    # profile's own sections (memberships …) as plain entries
    sections["volunteer"] = [
        _dated(
            {
                "company": v["organization"],
                "position": v.get("position") or "Volunteer",
                "location": v.get("location"),
                "summary": v.get("summary"),
                "highlights": _bullets(v.get("highlights") or []),
            },
            v,
        )
        for v in _visible(data.get("volunteer") or [])
    ]
    sections["awards"] = [
        _clean(
            {
                "name": a["title"],
                "date": _date(a.get("date")),
                "summary": " · ".join(x for x in (a.get("awarder"), a.get("summary")) if x),
            }
        )
        for a in _visible(data.get("awards") or [])
    ]
    own_titles: dict[str, str] = {}
    for custom in data.get("custom") or []:
        sections[custom["id"]] = [
            _clean(
                {
                    "name": e["title"],
                    "date": str(e["date"]) if e.get("date") else None,
                    "summary": " · ".join(x for x in (e.get("subtitle"), e.get("summary")) if x),
                }
            )
            for e in _visible(custom.get("entries") or [])
        ]
        own_titles[custom["id"]] = custom.get("title") or custom["id"]

    prefs = data.get("preferences") or {}
    order = list(dict.fromkeys([*(prefs.get("section_order") or []), *sections]))
    titles = {**_SECTION_TITLES, **own_titles, **(prefs.get("section_titles") or {})}
    cv["sections"] = {
        titles.get(key, key): [_clean(e) for e in sections[key]]
        for key in order
        if sections.get(key)
    }
    page = "us-letter" if prefs.get("page_size", "letter") == "letter" else "a4"
    return {"cv": cv, "design": {"theme": theme, "page": {"size": page}}}


def _clean(entry: Any) -> Any:
    if isinstance(entry, dict):
        return {k: v for k, v in entry.items() if v not in (None, "", [])}
    return entry


def write_rendercv_input(data: dict[str, Any], path: Path) -> Path:
    """Write the input as JSON (valid YAML, which RenderCV reads) under a ``.yaml`` name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(rendercv_input(data), indent=2, ensure_ascii=False) + "\n")
    return path
