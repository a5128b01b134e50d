"""Writing a profile back as YAML: readable, and read back to the same profile."""

from __future__ import annotations

from pathlib import Path

import pytest

import toolkit

EXAMPLES = sorted((Path(__file__).parent.parent / "examples").glob("*.yaml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_round_trip_through_yaml(path: Path) -> None:
    profile = toolkit.load_profile(path)
    assert toolkit.parse_profile(toolkit.profile_to_yaml(profile), format="yaml") == profile


def test_full_fixture_round_trips_and_reads_well(full_yaml: str) -> None:
    profile = toolkit.parse_profile(full_yaml)
    text = toolkit.profile_to_yaml(profile, header="Written by a test.")
    assert text.startswith(
        "# Written by a test.\nschema_version: 1\nbasics:\n  name: Maria Lopez\n"
    )
    assert toolkit.parse_profile(text) == profile
    # a highlight with nothing but text is a plain string; one with tags stays a mapping
    assert "  - Scanned and indexed 1,200 paper charts into Epic.\n" in text
    assert "  - text: Cut the chart deficiency backlog" in text
    # what an entry is comes before when, and selection fields come last
    job = text[text.index("- employer: Miami Valley") :]
    assert job.index("title:") < job.index("start:") < job.index("highlights:")


def test_values_yaml_would_misread_are_quoted() -> None:
    profile = toolkit.parse_profile(
        "basics:\n  name: 'NO'\n  headline: '3.10'\n  summary: 'yes: really'\n"
    )
    assert toolkit.parse_profile(toolkit.profile_to_yaml(profile)) == profile
