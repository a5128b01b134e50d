"""Loading profiles: every input class of SECURITY.md's "Loading" gets a clear, located error."""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

import toolkit
from toolkit import InputError, Issue, NotFoundError
from toolkit.load.sources import MAX_BYTES, MAX_DEPTH


def errors_of(exc: pytest.ExceptionInfo[InputError]) -> list[Issue]:
    return exc.value.errors


def only_issue(exc: pytest.ExceptionInfo[InputError]) -> Issue:
    issues = errors_of(exc)
    assert len(issues) == 1, issues
    return issues[0]


# --- happy paths ----------------------------------------------------------------------------


def test_full_profile_loads_with_every_section(profile_file: Path) -> None:
    profile = toolkit.load_profile(profile_file)
    assert profile.basics.name == "Maria Lopez"
    assert profile.basics.phone == "+1 (555) 010-0142"  # kept as written
    assert profile.experience[0].current
    assert not profile.experience[1].current
    assert profile.experience[0].highlights[1].tags == ["deficiency"]
    assert profile.experience[0].highlights[1].priority == 2
    assert profile.credentials[0].credential_id == "1234567"
    assert profile.preferences.section_titles == {"credentials": "Certifications"}
    assert profile.summary_line() == "Maria Lopez — 2 jobs, 1 credential, 1 school, 3 skills"


def test_same_profile_from_yaml_json_text_and_dict(full_yaml: str, write) -> None:  # type: ignore[no-untyped-def]
    from_yaml = toolkit.parse_profile(full_yaml, format="yaml")
    as_json = json.dumps(from_yaml.model_dump(mode="json", by_alias=True, exclude_none=True))
    from_json_file = toolkit.load_profile(write("p.json", as_json))
    from_text = toolkit.parse_profile(as_json)  # auto: JSON because it starts with "{"
    from_dict = toolkit.Profile.model_validate(json.loads(as_json))
    assert from_yaml == from_json_file == from_text == from_dict


def test_extension_less_file_is_sniffed(write, full_yaml: str) -> None:  # type: ignore[no-untyped-def]
    assert toolkit.load_profile(write("profile", full_yaml)).basics.name == "Maria Lopez"


def test_profile_is_frozen(minimal_yaml: str) -> None:
    profile = toolkit.parse_profile(minimal_yaml)
    with pytest.raises(ValueError, match="frozen"):
        profile.basics.name = "Someone else"  # type: ignore[misc]


# --- encoding -------------------------------------------------------------------------------


def test_utf8_bom_is_accepted(write, minimal_yaml: str) -> None:  # type: ignore[no-untyped-def]
    path = write("bom.yaml", b"\xef\xbb\xbf" + minimal_yaml.encode())
    assert toolkit.load_profile(path).basics.name == "Ada Lovelace"


def test_latin1_file_gets_located_not_utf8_error(write) -> None:  # type: ignore[no-untyped-def]
    path = write("latin1.yaml", "basics:\n  name: Zoë Brontë\n".encode("latin-1"))
    with pytest.raises(InputError) as exc:
        toolkit.load_profile(path)
    issue = only_issue(exc)
    assert "not UTF-8" in issue.message
    assert (issue.line, issue.column) == (2, 11)
    assert issue.file == str(path)
    assert "UTF-8" in (issue.hint or "")


def test_utf16_file_is_refused(write) -> None:  # type: ignore[no-untyped-def]
    path = write("u16.yaml", "basics:\n  name: A\n".encode("utf-16"))
    with pytest.raises(InputError, match="UTF-16"):
        toolkit.load_profile(path)


def test_oversized_file_is_refused_before_parsing(write) -> None:  # type: ignore[no-untyped-def]
    path = write("big.yaml", b"# " + b"x" * MAX_BYTES + b"\n")
    with pytest.raises(InputError, match="larger than"):
        toolkit.load_profile(path)


def test_missing_file_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="no such file"):
        toolkit.load_profile(tmp_path / "nope.yaml")


# --- YAML never changes a value silently ----------------------------------------------------


@pytest.mark.parametrize(
    "written",
    ["NO", "yes", "off", "01234", "1:30", "3.10", "0x1F", "1e3", "2024-01-15", ".inf", "~a"],
)
def test_yaml_scalars_stay_as_written(written: str) -> None:
    text = f"basics:\n  name: Ada\n  headline: {written}\n"
    assert toolkit.parse_profile(text).basics.headline == written


def test_numbers_in_text_fields_of_json_stay_text() -> None:
    profile = toolkit.parse_profile('{"basics": {"name": "Ada", "headline": 3.10}}')
    assert profile.basics.headline == "3.1"  # JSON itself has no "3.10" number; text is text


def test_typed_fields_still_read_their_values() -> None:
    text = (
        "basics: {name: Ada}\nexperience:\n  - employer: E\n    title: T\n    private: yes\n"
        "    priority: '3'\n"
    )
    entry = toolkit.parse_profile(text).experience[0]
    assert entry.private is True
    assert entry.priority == 3


@pytest.mark.parametrize(
    ("text", "fragment", "line"),
    [
        ("basics:\n  name: &n Ada\n  headline: *n\n", "anchors (&n)", 2),
        ("basics:\n  name: Ada\n  name: Bob\n", "appears twice", 3),
        ("basics:\n  name: !!python/object/apply:os.system [ls]\n", "tags", 2),
        ("basics:\n  name: Ada\n  ? [a, b]\n  : c\n", "plain name", 3),
        ("basics:\n  name: Ada\n  ~: c\n", "key is empty", 3),
        ("basics:\n\tname: Ada\n", "YAML syntax error", 2),
        ("basics:\n  name: Ada\n---\nbasics: {name: Bob}\n", "more than one YAML document", 3),
    ],
)
def test_unsafe_or_ambiguous_yaml_is_refused_with_a_line(
    text: str, fragment: str, line: int
) -> None:
    with pytest.raises(InputError) as exc:
        toolkit.parse_profile(text, format="yaml", source="p.yaml")
    issue = errors_of(exc)[0]
    assert fragment in issue.message
    assert issue.line == line
    assert issue.file == "p.yaml"
    assert issue.hint


def test_alias_bomb_is_refused_instantly() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8)
    )
    started = time.process_time()
    with pytest.raises(InputError, match="aliases"):
        toolkit.parse_profile(bomb, format="yaml")
    assert time.process_time() - started < 2  # a naive loader spends minutes here


def test_deep_nesting_is_refused() -> None:
    deep = "basics: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n"
    with pytest.raises(InputError, match="nests deeper"):
        toolkit.parse_profile(deep, format="yaml")
    with pytest.raises(InputError, match="nests deeper"):
        toolkit.parse_profile('{"basics": ' + "[" * 100 + "]" * 100 + "}", format="json")


def test_node_count_is_capped() -> None:
    many = "basics: {name: Ada}\ninterests:\n" + "  - {name: x}\n" * 60_000
    with pytest.raises(InputError, match="more than"):
        toolkit.parse_profile(many, format="yaml")


# --- JSON -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fragment", "line", "column"),
    [
        ('{\n  "basics": {"name": "A"},\n  "basics": {}\n}', "appears twice", 3, 3),
        ('{"basics": {"name": "A", "priority": NaN}}', "NaN is not valid", 1, 38),
        ('{\n  "basics": {"name": "A",}\n}', "expected a quoted key", 2, 26),
        ("{'basics': 1}", "expected a quoted key", 1, 2),
        ('{"basics": {"name": "A"}} x', "extra text", 1, 27),
    ],
)
def test_bad_json_is_located(text: str, fragment: str, line: int, column: int) -> None:
    with pytest.raises(InputError) as exc:
        toolkit.parse_profile(text, format="json", source="p.json")
    issue = errors_of(exc)[0]
    assert fragment in issue.message
    assert (issue.line, issue.column) == (line, column)


# --- validation: every problem at once, each located ----------------------------------------

BROKEN = """\
basics:
  name: Jane Doe
  emial: jane@example.com
  email: jane@example
  website: javascript:alert(1)
experience:
  - employer: Mercy General
    title: ROI Specialist
    start: 2021-03
    end: 2019-13
  - employeer: County Clinic
    title: Clerk
    start: 2020-02-30
credentials:
  - name: RHIT
    earned: 2022
    expires: 2020
"""


def test_every_problem_is_reported_in_one_pass() -> None:
    with pytest.raises(InputError) as exc:
        toolkit.parse_profile(BROKEN, source="broken.yaml")
    found = {(i.field, i.line, i.column) for i in exc.value.issues}
    assert found == {
        ("basics.emial", 3, 3),
        ("basics.email", 4, 10),
        ("basics.website", 5, 12),
        ("experience[0].end", 10, 10),
        ("experience[1].employer", 11, 5),
        ("experience[1].employeer", 11, 5),
        ("experience[1].start", 13, 12),
        ("credentials[0].expires", 17, 14),
    }
    by_field = {i.field: i for i in exc.value.issues}
    assert by_field["basics.emial"].hint == "did you mean 'email'?"
    assert by_field["experience[1].employeer"].hint == "did you mean 'employer'?"
    assert by_field["experience[1].start"].message == "2020-02 has no day 30"
    assert "javascript" in by_field["basics.website"].message
    assert by_field["credentials[0].expires"].message.startswith("it expires (2020)")
    assert all(i.file == "broken.yaml" and i.hint for i in exc.value.issues)


def test_issues_are_sorted_by_line() -> None:
    with pytest.raises(InputError) as exc:
        toolkit.parse_profile(BROKEN)
    lines = [i.line or 0 for i in exc.value.issues]
    assert lines == sorted(lines)


def test_hide_values_keeps_input_out_of_messages() -> None:
    text = "basics:\n  name: Jane\n  email: secret-person@nowhere\n  phone: 'my number'\n"
    with pytest.raises(InputError) as exc:
        toolkit.parse_profile(text, hide_values=True)
    assert all(i.value is None for i in exc.value.issues)
    assert "secret-person" not in str(exc.value)
    assert "my number" not in str(exc.value)
    with pytest.raises(InputError) as shown:
        toolkit.parse_profile(text)
    assert "secret-person" in str(shown.value)


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        ("website", "file:///etc/passwd", "file: links are refused"),
        ("website", "javascript:alert(1)", "javascript: links are refused"),
        ("website", "data:text/html,hi", "data: links are refused"),
        ("website", "https://exa mple.com", "spaces"),
        ("email", "not-an-email", "not a valid email"),
        ("phone", "call me maybe", "phone number"),
        ("photo", "https://example.com/me.jpg", "not a link"),
        ("photo", "me.exe", "not a link"),
    ],
)
def test_links_emails_phones_photos_are_checked(field: str, value: str, fragment: str) -> None:
    with pytest.raises(ValidationError):  # the model alone raises Pydantic's error
        toolkit.Profile.model_validate({"basics": {"name": "A", field: value}})
    with pytest.raises(InputError) as located:
        toolkit.parse_profile(json.dumps({"basics": {"name": "A", field: value}}))
    issue = only_issue(located)
    assert fragment in issue.message
    assert issue.field == f"basics.{field}"


@pytest.mark.parametrize(
    "value", ["https://example.com", "http://a.example.org/x?y=1#z", "linkedin.com/in/ada"]
)
def test_web_links_are_kept_as_written(value: str) -> None:
    profile = toolkit.Profile.model_validate({"basics": {"name": "A", "website": value}})
    assert profile.basics.website == value


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("Ada\x00", "U+0000"),
        ("A\x0bda", "U+000B"),
        ("Ada\ud800", "lone UTF-16 surrogate"),
        ("A\u202edA", "U+202E"),
    ],
)
def test_text_rejects_invisible_and_disguising_characters(text: str, fragment: str) -> None:
    with pytest.raises(InputError) as exc:
        toolkit.parse_profile(json.dumps({"basics": {"name": text}}))
    issue = only_issue(exc)
    assert fragment in issue.message
    assert issue.field == "basics.name"


def test_rtl_text_keeps_marks_and_isolates() -> None:
    name = "\u05d3\u05e0\u05d4 \u05db\u05d4\u05df\u200f"  # Hebrew with a right-to-left mark
    summary = "\u2067\u0645\u0631\u062d\u0628\u0627\u2069 ICD-10-CM"  # Arabic in an isolate
    profile = toolkit.Profile.model_validate({"basics": {"name": name, "summary": summary}})
    assert profile.basics.name == name
    assert profile.basics.summary == summary


def test_dates_accept_three_precisions_and_present() -> None:
    profile = toolkit.Profile.model_validate(
        {
            "basics": {"name": "A"},
            "experience": [
                {"employer": "E", "title": "T", "start": "2019", "end": "2020-03"},
                {"employer": "E", "title": "T", "start": "2020-03-15", "end": "Present"},
            ],
        }
    )
    assert profile.experience[1].end == "present"
    assert profile.experience[1].current


@pytest.mark.parametrize("bad", ["2021/03", "March 2021", "21-03", "2021-3", "2021-02-29"])
def test_bad_dates_get_a_hint(bad: str) -> None:
    text = f"basics: {{name: A}}\nexperience:\n  - {{employer: E, title: T, start: '{bad}'}}\n"
    with pytest.raises(InputError) as exc:
        toolkit.parse_profile(text)
    issue = only_issue(exc)
    assert issue.field == "experience[0].start"
    assert issue.line == 3


def test_end_before_start_and_expiry_before_earned_point_at_the_later_field() -> None:
    text = (
        "basics: {name: A}\n"
        "education:\n  - institution: S\n    start: 2020\n    end: 2019\n"
        "licences:\n  - name: L\n    earned: 2021-05\n    expires: 2021-04\n"
    )
    with pytest.raises(InputError) as exc:
        toolkit.parse_profile(text)
    assert {(i.field, i.line) for i in exc.value.issues} == {
        ("education[0].end", 5),
        ("licences[0].expires", 9),
    }


def test_future_expiry_and_expected_graduation_are_fine() -> None:
    text = (
        "basics: {name: A}\n"
        "education: [{institution: S, start: 2025-09, end: 2028-05}]\n"
        "credentials: [{name: RHIT, earned: 2024, expires: 2030}]\n"
    )
    profile = toolkit.parse_profile(text, today=date(2026, 1, 1))
    assert profile.education[0].end == "2028-05"


def test_warnings_future_start_and_expired_but_active(write) -> None:  # type: ignore[no-untyped-def]
    path = write(
        "w.yaml",
        "basics: {name: A}\n"
        "experience:\n  - employer: E\n    title: T\n    start: 2030-01\n"
        "credentials:\n  - name: CCA\n    earned: 2018\n    expires: 2020-06\n",
    )
    loaded = toolkit.read_profile(path, today=date(2026, 11, 27))
    warnings = {(w.field, w.line, w.severity) for w in loaded.warnings}
    assert warnings == {
        ("experience[0].start", 5, "warning"),
        ("credentials[0].status", 7, "warning"),
    }


def test_unknown_section_in_preferences_is_located() -> None:
    text = "basics: {name: A}\npreferences:\n  section_order: [experience, hobbies]\n"
    with pytest.raises(InputError) as exc:
        toolkit.parse_profile(text)
    issue = only_issue(exc)
    assert issue.field == "preferences.section_order[1]"
    assert issue.line == 3
    assert "experience" in (issue.hint or "")


def test_custom_sections_can_be_ordered() -> None:
    text = (
        "basics: {name: A}\ncustom:\n  - id: memberships\n    title: Memberships\n"
        "    entries: [{title: AHIMA}]\npreferences:\n  section_order: [memberships, experience]\n"
    )
    assert toolkit.parse_profile(text).custom[0].entries[0].title == "AHIMA"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [("", "empty"), ("- a\n- b\n", "a list"), ("just text\n", "a str")],
)
def test_document_that_is_not_a_mapping(text: str, fragment: str) -> None:
    with pytest.raises(InputError) as exc:
        toolkit.parse_profile(text, format="yaml")
    assert fragment in only_issue(exc).message


def test_missing_basics_is_reported_at_the_top() -> None:
    with pytest.raises(InputError) as exc:
        toolkit.parse_profile("experience: []\n", format="yaml")
    issue = only_issue(exc)
    assert issue.field == "basics"
    assert issue.message == "this field is required"
    assert issue.line == 1


def test_hide_values_covers_warnings_too(write) -> None:  # type: ignore[no-untyped-def]
    path = write(
        "w.yaml", "basics: {name: A}\nexperience: [{employer: E, title: T, start: 2030}]\n"
    )
    loaded = toolkit.read_profile(path, hide_values=True, today=date(2026, 1, 1))
    assert [w.value for w in loaded.warnings] == [None]


def test_own_profile_with_website_is_not_taken_for_json_resume() -> None:
    text = '{"basics": {"name": "A", "website": "https://a.example.org", "image": "https://a.example.org/me.png"}}'
    profile = toolkit.parse_profile(text)
    assert profile.basics.website == "https://a.example.org"


def test_json_resume_errors_use_json_resume_names_and_lines() -> None:
    text = (
        '{\n "basics": {"name": "A", "label": "Clerk"},\n'
        ' "work": [{"name": "E", "position": "P", "startDate": "2020-13", "extra": 1}]\n}'
    )
    with pytest.raises(InputError) as exc:
        toolkit.parse_profile(text)
    by_field = {i.field: i for i in exc.value.issues}
    assert by_field["work[0].startDate"].line == 3
    assert by_field["work[0].startDate"].severity == "error"
    assert by_field["work[0].extra"].severity == "warning"  # the note comes along


def test_key_with_no_value_counts_as_absent() -> None:
    text = (
        "basics:\n  name: A\n  headline:\n"
        "experience:\n  - employer: E\n    title: T\n    highlights:\n"
    )
    profile = toolkit.parse_profile(text)
    assert profile.basics.headline is None
    assert profile.experience[0].highlights == []


@pytest.mark.parametrize("number", ["1" * 5000, "1e999", "-1e999"])
def test_huge_json_numbers_are_refused_with_a_location(number: str) -> None:
    with pytest.raises(InputError) as exc:
        toolkit.parse_profile('{"basics": {"name": "A", "headline": ' + number + "}}")
    issue = only_issue(exc)
    assert "number is too" in issue.message
    assert issue.column == 38


def test_control_characters_in_yaml_are_located() -> None:
    with pytest.raises(InputError) as exc:
        toolkit.parse_profile("basics:\n  name: A\x1fda\n", format="yaml", source="p.yaml")
    issue = only_issue(exc)
    assert "U+001F" in issue.message
    assert (issue.line, issue.column) == (2, 10)


def test_a_key_written_as_pydantics_key_marker_is_an_unknown_field() -> None:
    # Pydantic ends a dict key's error path with "[key]"; a field someone named "[key]" is
    # still an unknown field, located on its key (the fuzzer found it crashing the loader)
    with pytest.raises(InputError) as caught:
        toolkit.parse_profile('{"basics": {"name": "Ann"}, "[key]": false}', "json")
    (issue,) = caught.value.issues
    assert issue.message == "unknown field '[key]'"
    assert issue.column == 29
