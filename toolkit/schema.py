"""The JSON Schema of the profile, for editors (autocompletion) and other validators."""

from __future__ import annotations

from typing import Any

from toolkit._version import __version__
from toolkit.models.profile import Profile


def profile_json_schema() -> dict[str, Any]:
    """The profile's JSON Schema (draft 2020-12), with a title and the toolkit version."""
    schema = Profile.model_json_schema(mode="validation", by_alias=True)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:applykit:profile:{__version__}",
        **schema,
        "title": "Profile",
        "description": "A job-application profile for the toolkit "
        "(applykit). One file from which every document is made.",
    }
