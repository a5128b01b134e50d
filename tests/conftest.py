"""Shared fixtures: a minimal and a full profile, as text and as files."""

from __future__ import annotations

import contextlib
import http.server
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--stress"):
        return
    skip = pytest.mark.skip(reason="a stress test: run with --stress (make stress)")
    for item in items:
        if "stress" in item.keywords:
            item.add_marker(skip)


MINIMAL_YAML = textwrap.dedent(
    """\
    basics:
      name: Ada Lovelace
    """
)

FULL_YAML = textwrap.dedent(
    """\
    schema_version: 1
    basics:
      name: Maria Lopez
      headline: Registered Health Information Technician
      email: maria.lopez@example.com
      phone: +1 (555) 010-0142
      website: https://marialopez.example.org
      location:
        city: Dayton
        region: OH
        country_code: US
      links:
        - label: Portfolio
          url: marialopez.example.org/work
      profiles:
        - network: LinkedIn
          username: maria-lopez
          url: https://www.linkedin.com/in/maria-lopez
      summary: RHIT with five years of release-of-information and chart analysis work.
      summaries:
        coding: RHIT who supports outpatient ICD-10-CM coding and documentation quality.
    experience:
      - employer: Miami Valley Community Hospital
        title: Release of Information Specialist
        location: Dayton, OH
        start: 2021-03
        highlights:
          - Processed 45 release-of-information requests a day with a 2-day turnaround.
          - text: Cut the chart deficiency backlog from 900 to 150 charts in six months.
            tags: [deficiency]
            priority: 2
      - employer: Fairborn Family Practice
        title: Medical Records Clerk
        start: 2018-06
        end: 2021-02
        highlights:
          - Scanned and indexed 1,200 paper charts into Epic.
    education:
      - institution: Sinclair Community College
        degree: Associate of Applied Science
        area: Health Information Management
        start: 2016-08
        end: 2018-05
    credentials:
      - name: RHIT
        issuer: AHIMA
        credential_id: "1234567"
        earned: 2019-04
        expires: 2027-04
        status: active
    skills:
      - name: Health information
        keywords: [Release of information, ICD-10-CM, HIPAA]
    languages:
      - language: Spanish
        fluency: Professional working
    preferences:
      locale: en-US
      section_order: [summary, experience, credentials, education, skills]
      section_titles: {credentials: Certifications}
    """
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the golden files in tests/testdata/ from the current output",
    )
    parser.addoption(
        "--stress", action="store_true", help="also run the tests marked stress (make stress)"
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """Compare text with tests/testdata/<test module>/<name>; --update-golden rewrites it."""
    module = Path(request.node.fspath).stem
    update = request.config.getoption("--update-golden")

    def _check(name: str, actual: str) -> None:
        path = Path(__file__).parent / "testdata" / module / name
        if update or not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            if not update:
                pytest.fail(f"golden file {path} did not exist; written, check it and re-run")
        assert actual == path.read_text(encoding="utf-8"), f"differs from {path}"

    return _check


@pytest.fixture
def minimal_yaml() -> str:
    return MINIMAL_YAML


@pytest.fixture
def full_yaml() -> str:
    return FULL_YAML


@pytest.fixture
def write(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write text (or bytes) to a file in tmp_path and return its path."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return _write


@pytest.fixture
def profile_file(write):  # type: ignore[no-untyped-def]
    return write("profile.yaml", FULL_YAML)


@contextlib.contextmanager
def canary_server() -> Iterator[tuple[str, list[str]]]:
    """An HTTP server on 127.0.0.1 that records every request it gets: ``(url, hits)``."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"body { color: red }")

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", hits
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def canary() -> Iterator[tuple[str, list[str]]]:
    """A fresh :func:`canary_server` for one test."""
    with canary_server() as served:
        yield served
