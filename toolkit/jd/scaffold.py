"""A job description started from a role pack's preset, and the files recruiters edit.

:func:`scaffold_jd` fills a :class:`~toolkit.models.jd.JobDescription` from the JD preset of
one level of a pack (duties, qualifications, credentials, systems, physical demands, a pay
estimate); :func:`jd_to_yaml` writes it as a commented YAML file to edit, and
:func:`load_jd` / :func:`load_org` read such files back with every problem located.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml

from toolkit.errors import NotFoundError
from toolkit.load.profile import validate_document
from toolkit.load.sources import decode, parse_text, read_bytes
from toolkit.models.common import dump_plain
from toolkit.models.jd import JobDescription, Organization, PayRange
from toolkit.models.rolepack import CredentialNeeds, RolePack, YearsRange
from toolkit.roles import pay_estimate

DEFAULT_ORGANIZATION = "Your Organization"
"""The organization's name when no organization file is given."""

DEFAULT_EEO = (
    "We are an equal opportunity employer. We consider all qualified applicants without "
    "regard to race, color, religion, sex, sexual orientation, gender identity, national "
    "origin, age, disability, veteran status or any other characteristic protected by law."
)
"""The equal-opportunity sentence used when the organization has none of its own."""

DEFAULT_ACCOMMODATION = (
    "If you need an accommodation at any stage of hiring, tell us and we will work with you."
)
"""The accommodation sentence used when the organization has none of its own."""


YAML_HEADER = """\
Job description: edit everything below, then render it (HTML, PDF, Word, Markdown, JSON).
Started from the {pack} role pack, level '{level}'.
Replace the organization's details (or pass --org ORG.yaml), the location, the schedule and
how to apply; keep, reword or delete any duty or qualification.
{pay_line}
Lists are one '- item' per line; a field left empty is simply not shown."""

_PAY_LINE_ESTIMATE = (
    "PAY IS AN ESTIMATE: the career guide's US median for the level, plus or minus about {band}%.\n"
    "Set min and max to what you will really offer, then 'estimate: false'. Until then\n"
    "'jd build' leaves the pay out of what it publishes; this note stays in this file."
)
_PAY_LINE_NONE = "No pay is set: add 'pay:' with min, max and period (many US states require it)."

_FIELD_COMMENTS = {
    "organization": "Who is hiring (an --org file replaces this block).",
    "pay": "Pay offered; 'estimate: true' marks it as still to adjust (and keeps it unpublished).",
    "responsibilities": "What the job does, one duty per line.",
    "eeo_statement": "Equal-opportunity and accommodation statements.",
}


def _credential_text(pack: RolePack, credential_id: str) -> str:
    cred = pack.credential(credential_id)
    if cred.name.casefold() == cred.abbreviation.casefold():
        return cred.abbreviation
    return f"{cred.abbreviation} ({cred.name})"


def _credential_lists(pack: RolePack, needs: CredentialNeeds) -> tuple[list[str], list[str]]:
    """Required and preferred credentials as text: ``RHIT (Registered …)``, ``RHIT or RHIA``."""

    def group(ids: list[str]) -> str:
        if len(ids) == 1:
            return _credential_text(pack, ids[0])
        return " or ".join(pack.credential(i).abbreviation for i in ids)

    required = [_credential_text(pack, i) for i in needs.required]
    required += [group(g) for g in needs.any_of if g]
    preferred = [_credential_text(pack, i) for i in needs.preferred]
    preferred += [group(g) for g in needs.preferred_any_of if g]
    return list(dict.fromkeys(required)), list(dict.fromkeys(preferred))


def _pay(pack: RolePack, level_id: str) -> PayRange | None:
    estimate = pay_estimate(pack, level_id)
    level_pay = pack.level(level_id).pay
    if estimate is None or level_pay is None:
        return None
    low, high, currency = estimate
    return PayRange(
        min=low,
        max=high,
        currency=currency,
        period=level_pay.period,
        estimate=True,  # the YAML's comments say what it is; no note is ever published
    )


def scaffold_jd(
    pack: RolePack,
    level_id: str,
    org: Organization | None = None,
    *,
    today: date | None = None,
) -> JobDescription:
    """A job description for one level of a pack, from its JD preset.

    Args:
        pack: the role pack.
        level_id: one of the pack's level ids.
        org: the organization hiring; a placeholder named "Your Organization" when None.
        today: the posting date (default: today).

    Raises:
        NotFoundError: if the pack has no such level.
    """
    level_ids = [lv.id for lv in pack.levels]
    if level_id not in level_ids:
        raise NotFoundError(f"no level '{level_id}' in {pack.id}; levels: {', '.join(level_ids)}")
    level = pack.level(level_id)
    org = org or Organization(name=DEFAULT_ORGANIZATION)
    preset = next((p for p in pack.jd_presets if p.level == level_id), None)
    if preset is not None:
        title, summary, duties = preset.title, preset.summary, preset.duties
        required, preferred = preset.required, preset.preferred
        education: str | None = preset.education
        years: YearsRange = preset.years
        needs = preset.credentials
        systems = [_system_name(pack, s) for s in preset.systems]
        physical = preset.physical_demands
    else:
        title, summary, duties = level.title, level.summary, level.duties
        required, preferred = [], []
        education, years, needs = level.education, level.years, level.credentials
        systems = [s.name for s in pack.systems if s.id in level.skills]
        physical = []
    creds_required, creds_preferred = _credential_lists(pack, needs)
    return JobDescription(
        title=title,
        role=pack.id,
        level=level_id,
        organization=org,
        location=org.location,
        pay=_pay(pack, level_id),
        summary=summary,
        responsibilities=list(duties),
        required_qualifications=list(required),
        preferred_qualifications=list(preferred),
        education=education,
        years_experience=years.min,
        credentials_required=creds_required,
        credentials_preferred=creds_preferred,
        systems=systems,
        physical_demands=list(physical),
        eeo_statement=org.eeo_statement or DEFAULT_EEO,
        accommodation_statement=org.accommodation_statement or DEFAULT_ACCOMMODATION,
        date_posted=(today or date.today()).isoformat(),
        occupational_category=pack.onet_code,
    )


def _system_name(pack: RolePack, system_id: str) -> str:
    return next(s.name for s in pack.systems if s.id == system_id)


# --- YAML ----------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Block style; each value on one line (easy to edit, delete or replace whole)."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str)


def _whole_numbers(value: Any) -> Any:
    """``38500.0`` written as ``38500``."""
    if isinstance(value, dict):
        return {k: _whole_numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_whole_numbers(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def jd_to_yaml(jd: JobDescription) -> str:
    """The job description as commented YAML that :func:`load_jd` reads back unchanged."""
    data = _whole_numbers(dump_plain(jd))
    data.pop("$schema", None)
    ordered: dict[str, Any] = {"schema_version": jd.schema_version}
    for name in JobDescription.model_fields:
        if name in data:
            ordered[name] = data[name]
        elif name in ("work_mode", "employment_type"):
            ordered[name] = getattr(jd, name)  # shown so the choice is visible
    body = yaml.dump(
        ordered,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=1_000_000,  # never wrap: one line per value
        default_flow_style=False,
    )
    lines: list[str] = []
    for line in body.splitlines():
        key = line.split(":", 1)[0]
        if not line.startswith(" ") and key in _FIELD_COMMENTS:
            lines += ["", f"# {_FIELD_COMMENTS[key]}"]
        lines.append(line)
    pay_line = _PAY_LINE_NONE
    if jd.pay and jd.pay.estimate:
        pay_line = _PAY_LINE_ESTIMATE.format(band=_band(jd.pay))
    elif jd.pay:
        pay_line = "Pay is set: check it matches what you will offer."
    header = YAML_HEADER.format(pack=jd.role or "no", level=jd.level or "none", pay_line=pay_line)
    lead = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines())
    return lead + "\n".join(lines) + "\n"


def _band(pay: PayRange) -> int:
    """The estimate's band in percent around its middle, to the nearest 5 (the figures are
    rounded to 500): 15 for 39,000-53,000 and for 32,500-43,500."""
    if pay.min is None or pay.max is None or pay.min + pay.max == 0:
        return 0
    band = 100 * (pay.max - pay.min) / (pay.max + pay.min)
    return 5 * round(band / 5) or round(band)


def _read_located(path: str | Path) -> Any:
    source = str(path)
    text = decode(read_bytes(Path(path), source), source)
    return parse_text(text, "auto", source)


def load_jd(path: str | Path) -> JobDescription:
    """Load and validate a job-description file (YAML or JSON).

    Raises:
        InputError: with every problem found, each with file, line, column and a hint.
        NotFoundError: if the file does not exist.
    """
    return validate_document(_read_located(path), JobDescription)


def load_org(path: str | Path) -> Organization:
    """Load and validate an organization file (YAML or JSON).

    Raises:
        InputError: with every problem found, each with file, line, column and a hint.
        NotFoundError: if the file does not exist.
    """
    return validate_document(_read_located(path), Organization)
