"""applykit's ``toolkit``: job-application documents from one profile file.

The public API is what ``__all__`` lists. Names are imported on first use, so
``import toolkit`` stays cheap for command-line start-up::

    import toolkit

    profile = toolkit.load_profile("profile.yaml")
    print(profile.summary_line())
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from toolkit._version import __version__

if TYPE_CHECKING:
    from toolkit.batch import BatchReport, run_batch
    from toolkit.batch.packet import Packet, build_packet, list_packets, set_status
    from toolkit.batch.pool import RenderPool
    from toolkit.errors import (
        ArgumentError,
        InputError,
        Issue,
        NotFoundError,
        OutputError,
        RenderError,
        TemplateError,
        ToolkitError,
        UserError,
    )
    from toolkit.interop.jsonresume import profile_to_jsonresume
    from toolkit.interop.linkedin import read_linkedin
    from toolkit.load.dump import profile_to_yaml
    from toolkit.load.profile import Loaded, load_profile, parse_profile, read_profile
    from toolkit.load.schema import profile_json_schema
    from toolkit.matching.match import Match, match_profile
    from toolkit.matching.tailor import Tailoring, tailor
    from toolkit.models.options import DocumentOptions, ThemeOptions
    from toolkit.models.posting import JobPosting, Requirement
    from toolkit.models.profile import (
        Award,
        Basics,
        Credential,
        CustomEntry,
        CustomSection,
        Education,
        Experience,
        Highlight,
        Interest,
        Language,
        Licence,
        Link,
        Location,
        Meta,
        Preferences,
        Profile,
        Project,
        Publication,
        Reference,
        SkillGroup,
        SocialProfile,
        Volunteer,
        profile_warnings,
    )
    from toolkit.output import publish, slugify
    from toolkit.pipeline import BuildResult, build, build_context, render
    from toolkit.pipeline.limits import LimitError, Limits
    from toolkit.postings.extract import load_job

_EXPORTS: dict[str, str] = {
    # loading
    "load_profile": "toolkit.load.profile",
    "read_profile": "toolkit.load.profile",
    "parse_profile": "toolkit.load.profile",
    "Loaded": "toolkit.load.profile",
    "profile_warnings": "toolkit.models.profile",
    "profile_json_schema": "toolkit.load.schema",
    "profile_to_yaml": "toolkit.load.dump",
    # interop
    "profile_to_jsonresume": "toolkit.interop.jsonresume",
    "read_linkedin": "toolkit.interop.linkedin",
    # postings
    "load_job": "toolkit.postings.extract",
    "match_profile": "toolkit.matching.match",
    "Match": "toolkit.matching.match",
    "tailor": "toolkit.matching.tailor",
    "Tailoring": "toolkit.matching.tailor",
    "JobPosting": "toolkit.models.posting",
    "Requirement": "toolkit.models.posting",
    # packets
    "build_packet": "toolkit.batch.packet",
    "list_packets": "toolkit.batch.packet",
    "set_status": "toolkit.batch.packet",
    "Packet": "toolkit.batch.packet",
    # documents
    "render": "toolkit.pipeline",
    "build": "toolkit.pipeline",
    "build_context": "toolkit.pipeline",
    "BuildResult": "toolkit.pipeline",
    "Limits": "toolkit.pipeline.limits",
    "RenderPool": "toolkit.batch.pool",
    # batches
    "run_batch": "toolkit.batch",
    "BatchReport": "toolkit.batch",
    "DocumentOptions": "toolkit.models.options",
    "ThemeOptions": "toolkit.models.options",
    # output
    "publish": "toolkit.output",
    "slugify": "toolkit.output",
    # errors
    "ToolkitError": "toolkit.errors",
    "UserError": "toolkit.errors",
    "InputError": "toolkit.errors",
    "TemplateError": "toolkit.errors",
    "NotFoundError": "toolkit.errors",
    "OutputError": "toolkit.errors",
    "RenderError": "toolkit.errors",
    "LimitError": "toolkit.pipeline.limits",
    "Issue": "toolkit.errors",
    "ArgumentError": "toolkit.errors",
    # models
    **{
        name: "toolkit.models.profile"
        for name in (
            "Award",
            "Basics",
            "Credential",
            "CustomEntry",
            "CustomSection",
            "Education",
            "Experience",
            "Highlight",
            "Interest",
            "Language",
            "Licence",
            "Link",
            "Location",
            "Meta",
            "Preferences",
            "Profile",
            "Project",
            "Publication",
            "Reference",
            "SkillGroup",
            "SocialProfile",
            "Volunteer",
        )
    },
}

__all__ = [
    "ArgumentError",
    "Award",
    "Basics",
    "BatchReport",
    "BuildResult",
    "Credential",
    "CustomEntry",
    "CustomSection",
    "DocumentOptions",
    "Education",
    "Experience",
    "Highlight",
    "InputError",
    "Interest",
    "Issue",
    "JobPosting",
    "Language",
    "Licence",
    "LimitError",
    "Limits",
    "Link",
    "Loaded",
    "Location",
    "Match",
    "Meta",
    "NotFoundError",
    "OutputError",
    "Packet",
    "Preferences",
    "Profile",
    "Project",
    "Publication",
    "Reference",
    "RenderError",
    "RenderPool",
    "Requirement",
    "SkillGroup",
    "SocialProfile",
    "Tailoring",
    "TemplateError",
    "ThemeOptions",
    "ToolkitError",
    "UserError",
    "Volunteer",
    "__version__",
    "build",
    "build_context",
    "build_packet",
    "list_packets",
    "load_job",
    "load_profile",
    "match_profile",
    "parse_profile",
    "profile_json_schema",
    "profile_to_jsonresume",
    "profile_to_yaml",
    "profile_warnings",
    "publish",
    "read_linkedin",
    "read_profile",
    "render",
    "run_batch",
    "set_status",
    "slugify",
    "tailor",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'toolkit' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
