"""JSON Resume import and export: no loss either way, forgiving reading, located errors.

Fixtures live in ``tests/testdata/jsonresume/``: the official sample and schema (MIT, see
``SOURCE.txt``), and small files about fictional people written for these tests.
"""

from __future__ import annotations

import copy
import json
import logging
import random
import re
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

import toolkit
from toolkit.cli import main as cli_main
from toolkit.interop.jsonresume import profile_to_jsonresume
from toolkit.load.jsonresume import (
    date_readings,
    import_jsonresume,
    jsonresume_to_data,
    our_path,
    read_country_code,
    read_loose_date,
)
from toolkit.models.profile import Profile

DATA = Path(__file__).parent / "testdata" / "jsonresume"
SAMPLE = DATA / "sample.resume.json"
SCHEMA = json.loads((DATA / "schema.json").read_text(encoding="utf-8"))

JsonPath = tuple[str | int, ...]


def line_of(path: Path, needle: str) -> int:
    """The 1-based line of the only line of ``path`` that contains ``needle``."""
    lines = [i for i, text in enumerate(path.read_text("utf-8").splitlines(), 1) if needle in text]
    assert len(lines) == 1, f"{needle!r} is on lines {lines} of {path.name}"
    return lines[0]


def leaves(value: Any, path: JsonPath = ()) -> Iterator[tuple[JsonPath, Any]]:
    """Every scalar of a JSON tree with its path, leaving out empty strings.

    An empty string carries no information (JSON Resume files use ``""`` for "not given"),
    and the import treats it as absent, so the export has nothing at that path.
    """
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from leaves(item, (*path, i))
    elif not (isinstance(value, str) and not value.strip()):
        yield path, value


def reimport(document: dict[str, Any]) -> Profile:
    """Read an exported JSON Resume document back, through the public loader."""
    return toolkit.parse_profile(json.dumps(document), "jsonresume", source="export.json")


# --- (a) the official sample survives JSON Resume -> Profile -> JSON Resume -----------------


def test_sample_imports_without_warnings() -> None:
    loaded = toolkit.read_profile(SAMPLE)
    assert loaded.format == "jsonresume"
    assert loaded.warnings == []
    assert loaded.value.basics.name == "Richard Hendriks"


def test_sample_round_trips_every_schema_field() -> None:
    original = json.loads(SAMPLE.read_text("utf-8"))
    exported = profile_to_jsonresume(toolkit.read_profile(SAMPLE).value)
    before = dict(leaves(original))
    after = dict(leaves(exported))
    lost = [
        f"{path}: {value!r} -> {after.get(path)!r}"
        for path, value in before.items()
        if after.get(path) != value
    ]
    assert not lost, "lost or changed in the round trip:\n" + "\n".join(lost)
    # The sample keeps to the schema, so "no loss" covers schema fields only; the sections it
    # lacks (certificates) are covered by the profile round trip below.
    assert set(original) <= set(SCHEMA["properties"])
    added = sorted(set(after) - set(before))
    assert added == [], f"the export added fields the sample did not have: {added}"


# --- (b) Profile -> JSON Resume -> Profile keeps every field of ours ------------------------


def _select(n: int, *, private: bool = True) -> dict[str, Any]:
    """The selection fields every entry may carry."""
    return {"tags": [f"tag{n}", "coding"], "priority": n, "private": private}


def _highlights(n: int) -> list[Any]:
    return [f"Plain bullet {n}", {"text": f"Tagged bullet {n}", **_select(n)}]


FULL_PROFILE: dict[str, Any] = {
    "schema_version": 1,
    "basics": {
        "name": "Ines Carvalho",
        "headline": "Registered Health Information Technician",
        "email": "ines.carvalho@example.org",
        "phone": "+1 (555) 010-0199",
        "website": "https://ines.example.org",
        "image": "https://ines.example.org/portrait.jpg",
        "location": {
            "address": "12 Harbor Street",
            "postal_code": "02110",
            "city": "Boston",
            "region": "MA",
            "country_code": "US",
        },
        "links": [{"label": "Portfolio", "url": "https://ines.example.org/work"}],
        "profiles": [
            {
                "network": "LinkedIn",
                "username": "ines-carvalho",
                "url": "https://www.linkedin.com/in/ines-carvalho",
            }
        ],
        "summary": "RHIT with six years of inpatient coding and audit work.",
        "summaries": {"coding": "Inpatient coder, 97% accuracy.", "roi": "Cut denials by 18%."},
        "photo": "portrait.jpg",
    },
    "experience": [
        {
            "employer": "Harbor General Hospital",
            "title": "Coding Auditor",
            "location": "Boston, MA",
            "url": "https://harbor.example.org",
            "description": "340-bed community hospital",
            "summary": "Audited inpatient coding.",
            "start": "2020-03",
            "end": "2023-06-30",
            "highlights": _highlights(1),
            **_select(1),
        },
    ],
    "education": [
        {
            "institution": "Bay State College",
            "area": "Health Information Technology",
            "degree": "Associate of Applied Science",
            "location": "Boston, MA",
            "url": "https://college.example.org",
            "score": "3.9",
            "courses": ["Medical Terminology", "ICD-10-CM"],
            "summary": "Graduated with honours.",
            "highlights": _highlights(2),
            "start": "2015",
            "end": "2017",
            **_select(2),
        }
    ],
    "credentials": [
        {
            "name": "RHIT",
            "issuer": "AHIMA",
            "credential_id": "RHIT-0042",
            "url": "https://ahima.example.org/verify/0042",
            "summary": "Registered Health Information Technician.",
            "earned": "2017-08",
            "expires": "2031-08",
            "status": "in progress",
            **_select(3),
        }
    ],
    "licences": [
        {
            "name": "Notary Public",
            "authority": "Commonwealth of Massachusetts",
            "number": "N-12345",
            "region": "MA",
            "url": "https://state.example.org/notary",
            "earned": "2019",
            "expires": "2026",
            "status": "expired",
            **_select(4),
        }
    ],
    "skills": [
        {"name": "Coding", "level": "Expert", "keywords": ["ICD-10-CM", "CPT"], **_select(5)}
    ],
    "projects": [
        {
            "name": "Denial dashboard",
            "description": "A dashboard of denials by reason.",
            "highlights": _highlights(6),
            "keywords": ["SQL", "Tableau"],
            "url": "https://ines.example.org/dashboard",
            "roles": ["Lead"],
            "entity": "Harbor General Hospital",
            "type": "application",
            "start": "2021-01",
            "end": "2021-06",
            **_select(6),
        }
    ],
    "volunteer": [
        {
            "organization": "Harbor Free Clinic",
            "position": "Records volunteer",
            "location": "Boston, MA",
            "url": "https://clinic.example.org",
            "summary": "Kept the paper records in order.",
            "highlights": _highlights(7),
            "start": "2014",
            "end": "2015",
            **_select(7),
        }
    ],
    "awards": [
        {
            "title": "Coder of the Year",
            "date": "2022-11",
            "awarder": "Massachusetts HIM Association",
            "summary": "For the audit programme.",
            "url": "https://award.example.org",
            **_select(8),
        }
    ],
    "publications": [
        {
            "name": "Query Templates That Physicians Answer",
            "publisher": "Journal of Coding Practice",
            "date": "2021-05-01",
            "url": "https://journal.example.org/query-templates",
            "summary": "Three templates and their answer rates.",
            **_select(9),
        }
    ],
    "languages": [{"language": "Portuguese", "fluency": "Native", **_select(10)}],
    "interests": [{"name": "Sailing", "keywords": ["dinghies"], **_select(11)}],
    "references": [
        {
            "name": "Dr. Ana Souza",
            "reference": "Ines ran our audit programme.",
            "relationship": "Former manager",
            "email": "ana.souza@example.org",
            "phone": "+1 (555) 010-0123",
            **_select(12),
        }
    ],
    "custom": [
        {
            "id": "memberships",
            "title": "Memberships",
            "entries": [
                {
                    "title": "AHIMA",
                    "subtitle": "Member",
                    "location": "Chicago, IL",
                    "date": "2017",
                    "url": "https://ahima.example.org",
                    "summary": "Member since 2017.",
                    "highlights": _highlights(13),
                    **_select(13),
                }
            ],
            **_select(14),
        }
    ],
    "preferences": {
        "locale": "en-US",
        "page_size": "letter",
        "theme": "classic",
        "section_order": ["experience", "credentials", "memberships"],
        "section_titles": {"credentials": "Certifications"},
        "hidden_sections": ["interests"],
    },
    "meta": {
        "canonical": "https://ines.example.org/resume.json",
        "version": "v1.0.0",
        "last_modified": "2024-05-01T10:00:00",
    },
}

# Fields no export carries: the editor's $schema link and the format version.
_NOT_CARRIED = {"schema_", "schema_version"}


def _model_classes(model: type[BaseModel]) -> set[type[BaseModel]]:
    """Every model class reachable from ``model`` through its field annotations."""
    found: set[type[BaseModel]] = set()

    def visit(tp: Any) -> None:
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            if tp in found:
                return
            found.add(tp)
            for info in tp.model_fields.values():
                visit(info.annotation)
        for arg in typing.get_args(tp):
            visit(arg)

    visit(model)
    return found


def _used_fields(value: Any, used: dict[type[BaseModel], set[str]]) -> None:
    """Record, per model class, the fields set to something other than their default."""
    if isinstance(value, BaseModel):
        cls = type(value)
        used.setdefault(cls, set())
        for name, info in cls.model_fields.items():
            item = getattr(value, name)
            if item != info.get_default(call_default_factory=True):
                used[cls].add(name)
            _used_fields(item, used)
    elif isinstance(value, list | tuple):
        for item in value:
            _used_fields(item, used)
    elif isinstance(value, dict):
        for item in value.values():
            _used_fields(item, used)


def test_full_profile_uses_every_field_of_the_format() -> None:
    """Guards the round-trip test below: a new model field must be added to FULL_PROFILE."""
    profile = Profile.model_validate(FULL_PROFILE)
    used: dict[type[BaseModel], set[str]] = {}
    _used_fields(profile, used)
    missing = {
        f"{cls.__name__}.{name}"
        for cls in _model_classes(Profile)
        for name in cls.model_fields
        if name not in _NOT_CARRIED and name not in used.get(cls, set())
    }
    assert not missing, f"FULL_PROFILE leaves these fields at their default: {sorted(missing)}"


def test_profile_round_trips_through_jsonresume() -> None:
    profile = Profile.model_validate(FULL_PROFILE)
    exported = profile_to_jsonresume(profile, include_private=True)
    again = reimport(exported)
    assert again == profile
    # The extensions are really in the file (not restored from somewhere else).
    assert exported["certificates"][0]["credentialId"] == "RHIT-0042"
    assert exported["work"][0]["highlightMeta"][1] == _select(1)
    assert exported["basics"]["summaries"]["roi"] == "Cut denials by 18%."
    assert exported["licences"][0]["number"] == "N-12345"


def test_round_trip_through_a_file_keeps_the_profile(tmp_path: Path) -> None:
    profile = Profile.model_validate(FULL_PROFILE)
    path = tmp_path / "resume.json"
    path.write_text(json.dumps(profile_to_jsonresume(profile, include_private=True)), "utf-8")
    loaded = toolkit.read_profile(path)
    assert loaded.value == profile
    # the photo path travels; the photo file itself stays with the original profile
    assert [w.field for w in loaded.warnings] == ["basics.photo"]


def test_present_end_is_written_as_no_end_date() -> None:
    data = copy.deepcopy(FULL_PROFILE)
    data["experience"][0]["end"] = "present"
    exported = profile_to_jsonresume(Profile.model_validate(data), include_private=True)
    assert "endDate" not in exported["work"][0]
    assert not schema_errors(exported, SCHEMA)
    again = reimport(exported)
    assert again.experience[0].end is None
    assert again.experience[0].current


# --- (c) the export validates against the JSON Resume schema --------------------------------

_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "object": (dict,),
    "array": (list,),
    "boolean": (bool,),
    "integer": (int,),
    "number": (int, float),
    "null": (type(None),),
}


def _resolve(ref: str, root: dict[str, Any]) -> dict[str, Any]:
    node: Any = root
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return typing.cast(dict[str, Any], node)


def schema_errors(
    value: Any, schema: dict[str, Any], root: dict[str, Any] | None = None, path: str = "$"
) -> list[str]:
    """Check ``value`` against the parts of JSON Schema the JSON Resume schema uses.

    ``type``, ``properties``, ``additionalProperties``, ``items``, ``pattern``, ``$ref``
    and the ``uri``/``email`` formats (loosely: a scheme, an @). ``jsonschema`` is not a
    dependency of the project, and this schema needs no more.
    """
    root = root if root is not None else schema
    if "$ref" in schema:
        schema = _resolve(schema["$ref"], root)
    expected = schema.get("type")
    if expected is not None:
        kinds = [expected] if isinstance(expected, str) else expected
        ok = any(
            isinstance(value, _JSON_TYPES[k])
            and not (isinstance(value, bool) and k in ("integer", "number"))
            for k in kinds
        )
        if not ok:
            return [f"{path}: expected {expected}, got {type(value).__name__}"]
    errors: list[str] = []
    if isinstance(value, str):
        if "pattern" in schema and not re.search(schema["pattern"], value):
            errors.append(f"{path}: {value!r} does not match {schema['pattern']}")
        if schema.get("format") == "uri" and not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", value):
            errors.append(f"{path}: {value!r} is not a URI")
        if schema.get("format") == "email" and "@" not in value:
            errors.append(f"{path}: {value!r} is not an email address")
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        for key, item in value.items():
            if key in properties:
                errors += schema_errors(item, properties[key], root, f"{path}.{key}")
            elif extra is False:
                errors.append(f"{path}.{key}: not allowed")
            elif isinstance(extra, dict):
                errors += schema_errors(item, extra, root, f"{path}.{key}")
        errors += [
            f"{path}.{key}: required" for key in schema.get("required", []) if key not in value
        ]
    if isinstance(value, list) and isinstance(schema.get("items"), dict):
        for i, item in enumerate(value):
            errors += schema_errors(item, schema["items"], root, f"{path}[{i}]")
    return errors


def test_schema_checker_finds_violations() -> None:
    bad = {"basics": {"name": 5, "email": "nobody"}, "work": [{"startDate": "March 2020"}]}
    found = schema_errors(bad, SCHEMA)
    assert len(found) == 3, found


@pytest.mark.parametrize("include_private", [False, True])
def test_export_of_full_profile_validates(include_private: bool) -> None:
    exported = profile_to_jsonresume(
        Profile.model_validate(FULL_PROFILE), include_private=include_private
    )
    assert schema_errors(exported, SCHEMA) == []


def test_export_of_sample_validates() -> None:
    assert schema_errors(json.loads(SAMPLE.read_text("utf-8")), SCHEMA) == []
    exported = profile_to_jsonresume(toolkit.read_profile(SAMPLE).value)
    assert schema_errors(exported, SCHEMA) == []


# --- (d) legacy keys ------------------------------------------------------------------------


def test_legacy_keys_import_into_the_right_fields() -> None:
    loaded = toolkit.read_profile(DATA / "legacy.resume.json")
    assert loaded.format == "jsonresume"
    assert loaded.warnings == []
    profile = loaded.value
    assert profile.basics.image == "https://maren.example.org/photo.jpg"  # picture
    assert profile.basics.website == "https://maren.example.org"  # website
    job = profile.experience[0]
    assert job.employer == "Riverbend Community Hospital"  # company
    assert job.url == "https://riverbend.example.org"  # website
    assert profile.volunteer[0].url == "https://clinic.example.org"  # website
    assert profile.education[0].score == "3.8"  # gpa
    assert profile.publications[0].url == "https://journal.example.org/query-templates"


def test_legacy_keys_are_written_in_the_current_spelling() -> None:
    exported = profile_to_jsonresume(toolkit.read_profile(DATA / "legacy.resume.json").value)
    assert exported["basics"]["image"]
    assert "picture" not in exported["basics"]
    assert exported["basics"]["url"]
    assert "website" not in exported["basics"]
    assert exported["work"][0]["name"] == "Riverbend Community Hospital"
    assert exported["education"][0]["score"] == "3.8"
    assert schema_errors(exported, SCHEMA) == []


def test_legacy_and_current_spelling_together_keep_the_first() -> None:
    text = json.dumps(
        {"basics": {"name": "A"}, "work": [{"company": "First", "name": "Second", "position": "P"}]}
    )
    data, notes = jsonresume_to_data(json.loads(text))
    assert data["experience"][0]["employer"] == "First"
    assert [n.path for n in notes] == [("work", 0, "name")]
    assert notes[0].severity == "warning"


# --- (e) real errors are located on the original lines --------------------------------------


def test_bad_email_and_dates_are_located_in_the_original_file() -> None:
    path = DATA / "errors.resume.json"
    with pytest.raises(toolkit.InputError) as caught:
        toolkit.read_profile(path)
    errors = caught.value.errors
    expected = {
        line_of(path, needle): needle
        for needle in (
            "tomasz.wrobel@@example.org",
            '"2021-13"',
            "sometime in spring",
            "08-12-2015",  # two readings: left for the person to say which
            "2019-02-30",
        )
    }
    assert sorted(i.line or 0 for i in errors) == sorted(expected)
    for issue in errors:
        assert issue.file == str(path)
        assert issue.column is not None
        assert issue.value is not None
        assert expected[issue.line or 0].strip('"') in issue.value
    assert "email" in next(i for i in errors if "@@" in str(i.value)).message


def test_errors_in_renamed_fields_point_at_the_legacy_key_line() -> None:
    text = (
        '{\n  "work": [\n    {\n      "company": "C",\n      "position": "P",\n'
        '      "website": "ftp://files.example.org"\n    }\n  ]\n}\n'
    )
    with pytest.raises(toolkit.InputError) as caught:
        toolkit.parse_profile(text, "jsonresume", source="old.json")
    by_line = {i.line: i for i in caught.value.errors}
    assert set(by_line) == {1, 6}  # no basics at all: the top of the file; the bad link
    assert "ftp" in by_line[6].message
    assert by_line[6].path[-1] in ("website", "url")


def test_a_date_with_two_readings_says_which_two() -> None:
    path = DATA / "errors.resume.json"
    data = json.loads(path.read_text("utf-8"))
    _, notes = jsonresume_to_data(data)
    [note] = [n for n in notes if n.path == ("education", 0, "startDate")]
    assert "2015-08-12 or 2015-12-08" in note.message
    assert note.severity == "warning"
    assert date_readings("08-12-2015") == ["2015-08-12", "2015-12-08"]
    assert date_readings("2015-12-08") is None


def test_error_after_a_blank_entry_is_located_on_its_own_line() -> None:
    text = (
        '{\n  "basics": {"name": "A"},\n  "work": [\n    {"name": "", "position": ""},\n'
        '    {"name": "B", "position": "P", "startDate": "2019-13"}\n  ]\n}\n'
    )
    with pytest.raises(toolkit.InputError) as caught:
        toolkit.parse_profile(text, "jsonresume")
    [error] = caught.value.errors
    assert error.line == 5


def test_not_a_mapping_is_an_input_error() -> None:
    for text in ("[]", '"resume"', "null"):
        with pytest.raises(toolkit.InputError):
            toolkit.parse_profile(text, "jsonresume")
    with pytest.raises(toolkit.InputError) as caught:
        toolkit.parse_profile('{"basics": "Jane", "meta": [1]}', "jsonresume")
    assert {i.path for i in caught.value.errors} == {("basics",), ("meta",)}


# --- (f) unknown fields are warnings --------------------------------------------------------


def test_unknown_fields_are_warnings_with_lines() -> None:
    path = DATA / "unknown.resume.json"
    loaded = toolkit.read_profile(path)
    assert loaded.value.basics.name == "Lena Hoffmann"
    assert all(w.severity == "warning" for w in loaded.warnings)
    lines = {w.field: w.line for w in loaded.warnings}
    assert lines == {
        "basics.pronouns": line_of(path, '"pronouns"'),
        "basics.location.phone": line_of(path, '"phone"'),
        "work[0].jobLocation": line_of(path, '"jobLocation"'),
        "languages[0].value": line_of(path, '"value"'),
        "hobbies": line_of(path, '"hobbies"'),
    }


def test_blank_unknown_fields_are_dropped_quietly() -> None:
    data, notes = jsonresume_to_data(
        {
            "basics": {"name": "A", "pronouns": ""},
            "work": [{"name": "W", "position": "P", "extra": ""}],
        }
    )
    assert notes == []
    assert data["experience"] == [{"employer": "W", "title": "P"}]


# --- (g) private entries --------------------------------------------------------------------


def test_private_entries_are_left_out_of_the_export_by_default() -> None:
    data = copy.deepcopy(FULL_PROFILE)
    data["experience"].append(
        {
            "employer": "Public Clinic",
            "title": "Clerk",
            "highlights": ["Shown", {"text": "Hidden", "private": True}],
        }
    )
    profile = Profile.model_validate(data)
    exported = profile_to_jsonresume(profile)
    assert [w["name"] for w in exported["work"]] == ["Public Clinic"]
    assert exported["work"][0]["highlights"] == ["Shown"]
    for section in ("education", "certificates", "licences", "references", "custom"):
        assert exported.get(section, []) == [], section
    text = json.dumps(exported)
    assert "Hidden" not in text
    assert "Harbor General" not in text
    assert "ana.souza" not in text
    assert len(profile_to_jsonresume(profile, include_private=True)["work"]) == 2


# --- forgiving reading of real-world files --------------------------------------------------


def test_loose_values_are_normalised_with_located_warnings() -> None:
    path = DATA / "loose.resume.json"
    loaded = toolkit.read_profile(path)
    profile = loaded.value
    basics = profile.basics
    assert basics.email == "priya.raman@example.org"
    assert basics.phone is None  # "Upon request"
    assert basics.website is None  # ""
    assert basics.location is not None
    assert basics.location.country_code == "IN"
    assert basics.location.address == "Upon request"  # free text is kept as written
    assert [p.url for p in basics.profiles] == ["https://github.com/priya-raman", None]
    assert basics.profiles[1].username == "priya.raman"
    first, second = profile.experience  # the blank third entry is gone
    assert (first.start, first.end, first.current) == ("2021-03", None, True)
    assert [h.text for h in first.highlights] == ["Raised query response rates from 60% to 85%"]
    assert (second.start, second.end) == ("2019-03", "2021-02-28")
    assert (profile.education[0].start, profile.education[0].end) == ("2015-06-01", "2018-06-24")
    assert profile.awards == []
    assert profile.skills[0].keywords == ["ICD-10-CM", "CPT"]
    assert profile.skills[0].level is None
    assert profile.meta is None  # only an unknown 'theme'
    warned = {w.field: w for w in loaded.warnings}
    assert all(w.severity == "warning" for w in loaded.warnings)
    for field, needle in {
        "basics.phone": '"phone": "Upon request"',
        "basics.location.countryCode": "India",
        "basics.profiles[0].url": "github: https",
        "basics.profiles[1].url": "skype:",
        "work[0].startDate": "March 2021",
        "work[0].endDate": "Current",
        "work[1].startDate": "2019-3",
        "work[1].endDate": "2021-02-28T",
        "education[0].endDate": "24-06-2018",
        "meta.theme": '"theme"',
    }.items():
        assert field in warned, f"no warning for {field}"
        assert warned[field].line == line_of(path, needle), field
    assert warned["work[2]"].line == line_of(path, '"company": ""') - 1
    assert warned["work[1].startDate"].value == "'2019-3'"
    assert "2019-03" in warned["work[1].startDate"].message


def test_loose_file_round_trips_after_import() -> None:
    profile = toolkit.read_profile(DATA / "loose.resume.json").value
    assert reimport(profile_to_jsonresume(profile, include_private=True)) == profile


def test_hidden_values_stay_out_of_notes() -> None:
    data = json.loads((DATA / "loose.resume.json").read_text("utf-8"))
    _, shown = jsonresume_to_data(data)
    _, hidden = jsonresume_to_data(data, hide_values=True)
    assert any(n.value for n in shown)
    assert [n.value for n in hidden] == [None] * len(hidden)
    assert not any("priya" in str(n).lower() for n in hidden)
    assert not any(re.search(r"\d{4}-\d{2}|\bIN\b", n.message) for n in hidden)
    assert any(re.search(r"\d{4}-\d{2}", n.message) for n in shown)


def test_import_does_not_change_its_input() -> None:
    data = json.loads((DATA / "loose.resume.json").read_text("utf-8"))
    before = copy.deepcopy(data)
    import_jsonresume(data)
    assert data == before


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019-3", "2019-03"),
        ("2019-3-7", "2019-03-07"),
        ("2019/03/01", "2019-03-01"),
        ("2019.03", "2019-03"),
        ("2019-03-01T00:00:00", "2019-03-01"),
        ("2019-03-01T23:30:00+05:30", "2019-03-01"),
        ("2019-03-01 10:00Z", "2019-03-01"),
        ("March 2019", "2019-03"),
        ("march, 2019", "2019-03"),
        ("Mar-2022", "2022-03"),
        ("Sept. 2020", "2020-09"),
        ("2020 May", "2020-05"),
        ("March 3, 2019", "2019-03-03"),
        ("3rd March 2019", "2019-03-03"),
        ("03-Mar-2019", "2019-03-03"),
        ("03/2019", "2019-03"),
        ("3-2019", "2019-03"),
        ("24-06-2022", "2022-06-24"),  # day first: 24 is no month
        ("06/24/2022", "2022-06-24"),  # month first: 24 is no month
        ("05.05.2020", "2020-05-05"),  # both readings agree
    ],
)
def test_loose_dates_with_one_reading(text: str, expected: str) -> None:
    assert read_loose_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "08-12-2020",
        "2-12-2022",
        "Summer 2019",
        "Mar 19",
        "2019-02-30",
        "13/2019",
        "Smarch 2019",
        "1850",
        "2019-2020",
        "2019-03-01T25",
        "",
        "present",
    ],
)
def test_loose_dates_that_stay_for_validation(text: str) -> None:
    assert read_loose_date(text) is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("India", "IN"),
        (" india ", "IN"),
        ("Venezuela", "VE"),
        ("USA", "US"),
        ("United States of America", "US"),
        ("UK", "GB"),
        ("gb", "GB"),
        ("IND", "IN"),
        ("Deutschland", "DE"),
        ("España", "ES"),
        ("Espagne", "ES"),
        ("Türkiye", "TR"),
        ("Hong Kong", "HK"),
        ("The Netherlands", "NL"),
    ],
)
def test_country_names_and_codes(text: str, code: str) -> None:
    assert read_country_code(text) == code


@pytest.mark.parametrize("text", ["Atlantis", "Europe", "Congo", "Earth", ""])
def test_unknown_or_ambiguous_countries_stay_for_validation(text: str) -> None:
    assert read_country_code(text) is None


def test_unknown_country_is_a_located_error() -> None:
    text = '{\n  "basics": {\n    "name": "A",\n    "location": {"countryCode": "Atlantis"}\n  }\n}'
    with pytest.raises(toolkit.InputError) as caught:
        toolkit.parse_profile(text, "jsonresume")
    [issue] = caught.value.errors
    assert issue.line == 4
    assert issue.path[:2] == ("basics", "location")


def test_a_non_web_link_outside_profiles_is_still_an_error() -> None:
    with pytest.raises(toolkit.InputError) as caught:
        toolkit.parse_profile(
            '{"basics": {"name": "A", "url": "javascript:alert(1)"}}', "jsonresume"
        )
    [issue] = caught.value.errors
    assert issue.path in (("basics", "url"), ("basics", "website"))
    assert "javascript" in issue.message


# --- path mapping -----------------------------------------------------------------------------


def test_our_path_maps_renamed_fields() -> None:
    assert our_path(("work", 2, "company")) == ("experience", 2, "employer")
    assert our_path(("basics", "location", "countryCode")) == ("basics", "location", "country_code")
    assert our_path(("basics", "profiles", 1, "url")) == ("basics", "profiles", 1, "url")
    assert our_path(("certificates", 0, "date")) == ("credentials", 0, "earned")
    assert our_path(("work", 0, "highlightMeta", 1, "tags", 0)) == (
        "experience",
        0,
        "highlights",
        1,
        "tags",
        0,
    )
    assert our_path(("work", 0, "highlightMeta", 1)) is None
    assert our_path(("work", 0, "jobLocation")) is None
    assert our_path(("hobbies",)) is None
    assert our_path(("licences", 0, "number")) == ("licences", 0, "number")


def test_exact_path_map_follows_items_left_out() -> None:
    result = import_jsonresume(
        {
            "basics": {"name": "A"},
            "work": [
                {"company": "", "position": ""},
                {
                    "company": "",
                    "name": "B",
                    "position": "P",
                    "highlights": ["", "kept"],
                    "highlightMeta": [{"tags": ["x"]}, {"tags": ["y"]}],
                },
            ],
        }
    )
    assert result.data["experience"] == [
        {"employer": "B", "title": "P", "highlights": [{"tags": ["y"], "text": "kept"}]}
    ]
    assert result.our_path(("work", 1, "startDate")) == ("experience", 0, "start")
    assert result.our_path(("work", 1, "highlights", 1)) == ("experience", 0, "highlights", 0)
    assert result.our_path(("work", 1, "highlightMeta", 1, "tags", 0)) == (
        "experience",
        0,
        "highlights",
        0,
        "tags",
        0,
    )
    assert result.our_path(("work", 0)) is None
    assert result.our_path(("work", 1, "company")) is None  # blank: 'name' supplied it
    assert result.our_path(("work", 1, "name")) == ("experience", 0, "employer")


# --- robustness -----------------------------------------------------------------------------

_ODD_VALUES: list[Any] = [
    None,
    "",
    " ",
    "x",
    0,
    -1,
    2.5,
    True,
    [],
    {},
    [""],
    [None],
    [{}],
    {"": ""},
    "2019-3",
    "Mar-2022",
    "Current",
    "N/A",
    "skype:x",
    "github: https://example.org",
    "India",
    "08-12-2020",
    "a" * 400,
    "\u202e",
    "\x07",
]
_ODD_KEYS = [
    "highlightMeta",
    "company",
    "website",
    "picture",
    "gpa",
    "tags",
    "private",
    "priority",
    "endDate",
    "unknown",
]


def _mutate(value: Any, rng: random.Random) -> Any:
    if isinstance(value, dict) and value and rng.random() < 0.7:
        key = rng.choice(list(value))
        value[key] = _mutate(value[key], rng)
        if rng.random() < 0.2:
            value[rng.choice(_ODD_KEYS)] = copy.deepcopy(rng.choice(_ODD_VALUES))
        return value
    if isinstance(value, list) and value and rng.random() < 0.7:
        i = rng.randrange(len(value))
        value[i] = _mutate(value[i], rng)
        if rng.random() < 0.2:
            value.insert(rng.randrange(len(value) + 1), copy.deepcopy(rng.choice(_ODD_VALUES)))
        return value
    return copy.deepcopy(rng.choice(_ODD_VALUES))


def test_damaged_files_give_located_errors_never_a_crash() -> None:
    sample = json.loads(SAMPLE.read_text("utf-8"))
    rng = random.Random(20240501)
    imported = refused = 0
    for _ in range(300):
        document = copy.deepcopy(sample)
        for _ in range(rng.randint(1, 5)):
            document = _mutate(document, rng)
        text = json.dumps(document, indent=2)
        try:
            toolkit.parse_profile(text, "jsonresume", source="damaged.json")
        except toolkit.InputError as exc:
            refused += 1
            unlocated = [str(i) for i in exc.errors if i.line is None]
            assert not unlocated, f"{unlocated}\n{text}"
        else:
            imported += 1
    assert imported
    assert refused


# --- command line ---------------------------------------------------------------------------


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Any]:
    """Run ``toolkit`` in ``tmp_path`` and return its exit code; logging restored after."""
    logger = logging.getLogger("toolkit")
    saved = (list(logger.handlers), logger.level, logger.propagate)
    monkeypatch.chdir(tmp_path)

    def run(*args: str) -> int:
        try:
            cli_main(list(args))
        except SystemExit as exc:
            return int(exc.code or 0)
        return 0

    yield run
    logger.handlers[:], logger.level, logger.propagate = saved


def test_cli_import_then_validate(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "profile.yaml"
    assert cli("import", "jsonresume", str(DATA / "legacy.resume.json"), "-o", str(out)) == 0
    assert out.read_text("utf-8").startswith("# Imported from legacy.resume.json")
    assert cli("validate", str(out)) == 0
    assert toolkit.load_profile(out) == toolkit.read_profile(DATA / "legacy.resume.json").value


def test_cli_import_of_a_bad_file_fails_and_writes_nothing(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "profile.yaml"
    assert cli("import", "jsonresume", str(DATA / "errors.resume.json"), "-o", str(out)) == 1
    assert not out.exists()


def test_cli_export_writes_jsonresume(cli: Any, tmp_path: Path) -> None:
    source = tmp_path / "profile.json"
    source.write_text(json.dumps(FULL_PROFILE), "utf-8")
    out = tmp_path / "resume.json"
    assert cli("export", "jsonresume", str(source), "-o", str(out)) == 0
    exported = json.loads(out.read_text("utf-8"))
    assert exported == profile_to_jsonresume(Profile.model_validate(FULL_PROFILE))
    assert schema_errors(exported, SCHEMA) == []
    assert (
        cli("export", "jsonresume", str(source), "-o", str(out), "--include-private", "--force")
        == 0
    )
    assert reimport(json.loads(out.read_text("utf-8"))) == Profile.model_validate(FULL_PROFILE)
