"""The studio in a real browser: Debian's Chromium driven by Playwright (sync API).

One studio server (uvicorn in a thread) and one browser per module; each test opens its
own page. Skipped, with the reason, only where Chromium or Playwright cannot be found
(``make sysdeps`` installs Chromium). ``STUDIO_SCREENSHOT=1`` also refreshes
``docs/studio.png`` (1280x800, the example profile with the example posting pasted).
"""

from __future__ import annotations

import http.client
import http.server
import io
import logging
import os
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from toolkit.studio.app import TOKEN_HEADER, StudioConfig
from toolkit.studio.server import bind, make_server

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "mid-rhit.yaml"
POSTING = ROOT / "examples" / "posting-roi-specialist.txt"
CHROMIUM = Path(os.environ.get("STUDIO_CHROMIUM", "/usr/bin/chromium"))
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT = 20_000  # ms; the first render of a run loads the engines

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (pip install -e '.[dev]')"
)
sync_api.expect.set_options(timeout=TIMEOUT)
if not CHROMIUM.is_file():
    pytest.skip(
        f"Chromium not found at {CHROMIUM}: run `make sysdeps` (apt-get install chromium)",
        allow_module_level=True,
    )


@dataclass
class Studio:
    url: str
    config: StudioConfig


def _serve_in_thread(config: StudioConfig, sock: Any) -> tuple[Any, threading.Thread]:
    server = make_server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the studio server did not start")
        time.sleep(0.02)
    return server, thread


@pytest.fixture(scope="module")
def studio(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Studio]:
    folder = tmp_path_factory.mktemp("studio")
    profile = folder / "mid-rhit.yaml"
    shutil.copyfile(EXAMPLE, profile)
    sock = bind("127.0.0.1", 0)
    port = sock.getsockname()[1]
    config = StudioConfig(profile=profile, out=folder / "output", port=port)
    server, thread = _serve_in_thread(config, sock)
    try:
        yield Studio(f"http://127.0.0.1:{port}/", config)
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield launched
        finally:
            launched.close()


@dataclass
class Opened:
    page: Any
    problems: list[str]


@pytest.fixture
def opened(browser: Any, studio: Studio) -> Iterator[Opened]:
    """The studio page, loaded and checked once, with console errors collected."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    page.on(
        "console",
        lambda msg: (
            problems.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None
        ),
    )
    page.goto(studio.config.url())
    page.wait_for_selector("#status.ok")
    assert page.url == studio.url  # the token left the address bar
    try:
        yield Opened(page, problems)
    finally:
        context.close()


def resume_frame(page: Any) -> Any:
    return page.frame_locator("#preview")


def select_text(page: Any, needle: str) -> None:
    """Select the first occurrence of ``needle`` in the editor, as a person would."""
    page.eval_on_selector(
        "#source",
        """(ta, needle) => {
            const at = ta.value.indexOf(needle);
            ta.focus();
            ta.setSelectionRange(at, at + needle.length);
        }""",
        needle,
    )


def test_the_page_shows_the_profile_and_its_preview(opened: Opened):
    page = opened.page
    assert page.locator("#file-name").inner_text() == "mid-rhit.yaml"
    assert "Marcus T. Bell" in page.locator("#source").input_value()
    assert page.locator("#gutter div").count() == EXAMPLE.read_text().count("\n") + 1
    sync_api.expect(resume_frame(page).locator("h1.name")).to_have_text("Marcus T. Bell")
    assert page.locator("#preview").get_attribute("sandbox") == "allow-same-origin"
    assert opened.problems == []


def test_a_mistake_is_shown_next_to_its_line_and_the_fix_updates_the_preview(opened: Opened):
    page = opened.page
    select_text(page, "email:")
    page.keyboard.type("emial:")
    line = page.locator('#gutter div[data-line="8"]')
    sync_api.expect(line).to_have_class("error")
    lens = page.locator('#backdrop div[data-line="8"] .lens')
    sync_api.expect(lens).to_contain_text("unknown field 'emial'")
    sync_api.expect(lens).to_contain_text("did you mean 'email'?")
    sync_api.expect(page.locator("#problem-list li").first).to_contain_text("8:3")
    sync_api.expect(page.locator("#status")).to_have_text("1 error: preview paused")
    assert page.locator('[data-download="pdf"]').is_disabled()

    select_text(page, "emial:")
    page.keyboard.type("email:")
    sync_api.expect(page.locator("#status")).to_have_class("status ok")
    sync_api.expect(page.locator("#problems")).to_be_hidden()
    assert page.locator("#gutter div.error").count() == 0
    select_text(page, "Marcus T. Bell")
    page.keyboard.type("Marcus T. Bellweather")
    sync_api.expect(resume_frame(page).locator("h1.name")).to_have_text("Marcus T. Bellweather")
    assert "unsaved" in page.locator("#file-state").inner_text()
    assert opened.problems == []


def test_a_pasted_posting_shows_the_evidence_and_tailors_the_preview(opened: Opened):
    page = opened.page
    page.locator("#posting").fill(POSTING.read_text())
    sync_api.expect(page.locator("#match")).to_be_visible()
    sync_api.expect(page.locator("#match-title")).to_have_text(
        "Release of Information Specialist at Lakeshore Valley Medical Center"
    )
    rows = page.locator("#evidence tbody tr:not(.group)")
    assert rows.count() > 5
    assert page.locator("#evidence .pill.met").count() > 0
    sync_api.expect(page.locator("#evidence .proof").first).not_to_be_empty()
    assert page.locator("#coverage rect").count() == 3
    sync_api.expect(page.locator("#preview-note")).to_contain_text("tailored to the posting")
    assert page.locator('[data-download="packet"]').is_enabled()

    page.locator('.tab[data-view="report"]').click()
    sync_api.expect(resume_frame(page).locator("#required h2")).to_have_text("Required")
    page.locator('.tab[data-view="resume"]').click()
    sync_api.expect(resume_frame(page).locator("h1.name")).to_have_text("Marcus T. Bell")
    assert opened.problems == []


def test_download_the_pdf(opened: Opened, tmp_path: Path):
    page = opened.page
    with page.expect_download() as info:
        page.locator('[data-download="pdf"]').click()
    download = info.value
    assert download.suggested_filename == "marcus-t-bell-resume.pdf"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    reader = PdfReader(io.BytesIO(target.read_bytes()))
    assert "Marcus T. Bell" in "".join(p.extract_text() for p in reader.pages)
    assert opened.problems == []


def test_save_writes_the_file_and_keeps_a_backup(opened: Opened, studio: Studio):
    page = opened.page
    before = studio.config.profile.read_bytes()
    select_text(page, "Registered Health Information Technician (RHIT)")
    page.keyboard.type("RHIT, release of information")
    page.keyboard.press("Control+s")
    sync_api.expect(page.locator("#toast")).to_contain_text("Saved mid-rhit.yaml")
    sync_api.expect(page.locator("#file-state")).to_have_text("saved")
    assert "headline: RHIT, release of information" in studio.config.profile.read_text()
    assert studio.config.profile.with_name("mid-rhit.yaml.bak").read_bytes() == before
    studio.config.profile.write_bytes(before)  # the other tests start from the example


class _AttackerPage(http.server.BaseHTTPRequestHandler):
    """A page on another origin that tries to use the studio from the user's browser."""

    studio_url = ""

    def do_GET(self) -> None:
        script = f"""
        <script>
        window.results = {{}};
        const studio = {self.studio_url!r};
        async function attempt(name, init) {{
          try {{
            const r = await fetch(studio + "api/save", init);
            window.results[name] = "status " + r.status;
          }} catch (e) {{
            window.results[name] = "blocked";
          }}
        }}
        (async () => {{
          await attempt("json", {{method: "POST", headers: {{"Content-Type": "application/json",
            "X-Studio-Token": "guessed"}}, body: JSON.stringify({{text: "hacked: true"}})}});
          await attempt("simple", {{method: "POST", mode: "no-cors",
            headers: {{"Content-Type": "text/plain"}},
            body: JSON.stringify({{text: "hacked: true"}})}});
          try {{
            const r = await fetch(studio + "api/state");
            window.results.read = "read " + (await r.text()).length;
          }} catch (e) {{
            window.results.read = "blocked";
          }}
          window.results.done = true;
        }})();
        </script>"""
        body = f"<!DOCTYPE html><title>elsewhere</title>{script}".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Collect(logging.Handler):
    def __init__(self, into: list[str]) -> None:
        super().__init__()
        self.into = into

    def emit(self, record: logging.LogRecord) -> None:
        self.into.append(record.getMessage())


@pytest.fixture
def refusals() -> Iterator[list[str]]:
    """What the studio logged as refused during the test."""
    messages: list[str] = []
    handler = _Collect(messages)
    logger = logging.getLogger("toolkit")
    logger.addHandler(handler)
    try:
        yield messages
    finally:
        logger.removeHandler(handler)


def test_another_origin_cannot_use_the_studio(browser: Any, studio: Studio, refusals: list[str]):
    before = studio.config.profile.read_bytes()
    handler = type("Attacker", (_AttackerPage,), {"studio_url": studio.url})
    attacker = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=attacker.serve_forever, daemon=True)
    thread.start()
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{attacker.server_address[1]}/")
        page.wait_for_function("window.results && window.results.done", timeout=TIMEOUT)
        results = page.evaluate("window.results")
    finally:
        context.close()
        attacker.shutdown()
        attacker.server_close()
    assert results["json"] == "blocked"  # preflight refused: no CORS headers
    # a "simple" request needs no preflight: it reaches the studio, which refuses it, and the
    # browser hides the answer (opaque, and blocked by Cross-Origin-Resource-Policy)
    assert results["simple"] in ("status 0", "blocked")
    refused = [m for m in refusals if "refused POST /api/save from http://127.0.0.1:" in m]
    assert len(refused) == 1, refusals
    assert results["read"] == "blocked"
    assert studio.config.profile.read_bytes() == before


def _raw_request(studio: Studio, method: str, path: str, headers: dict[str, str]) -> int:
    port = studio.config.port
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        body = b'{"text": "hacked: true"}' if method == "POST" else None
        connection.putrequest(method, path, skip_host=True)
        for name, value in headers.items():
            connection.putheader(name, value)
        if body is not None:
            connection.putheader("Content-Type", "application/json")
            connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        return connection.getresponse().status
    finally:
        connection.close()


def test_the_live_server_refuses_foreign_hosts_and_missing_tokens(studio: Studio):
    before = studio.config.profile.read_bytes()
    port = studio.config.port
    token = studio.config.token
    own = f"127.0.0.1:{port}"
    # DNS rebinding: the browser would send the attacker's name as Host
    assert _raw_request(studio, "GET", "/", {"Host": "evil.example"}) == 421
    rebinding = {"Host": f"evil.example:{port}", TOKEN_HEADER: token}
    assert _raw_request(studio, "POST", "/api/save", rebinding) == 421
    assert _raw_request(studio, "POST", "/api/save", {"Host": own}) == 403
    assert _raw_request(studio, "GET", "/api/state", {"Host": own}) == 403
    cross = {"Host": own, TOKEN_HEADER: token, "Origin": "http://evil.example"}
    assert _raw_request(studio, "POST", "/api/save", cross) == 403
    # another local user or process that can reach the port but never saw the address
    assert _raw_request(studio, "GET", "/", {"Host": own}) == 403
    assert _raw_request(studio, "GET", "/?token=guessed", {"Host": own}) == 403
    assert _raw_request(studio, "GET", f"/?token={token}", {"Host": own}) == 303
    assert studio.config.profile.read_bytes() == before


@pytest.mark.skipif(
    not os.environ.get("STUDIO_SCREENSHOT"), reason="refreshes docs/studio.png: STUDIO_SCREENSHOT=1"
)
def test_screenshot(opened: Opened):
    page = opened.page
    page.locator("#posting").fill(POSTING.read_text())
    sync_api.expect(page.locator("#match")).to_be_visible()
    page.locator("#posting").evaluate("el => el.scrollTop = 0")
    page.wait_for_timeout(600)  # the preview's fonts and scaling settle
    page.screenshot(path=str(ROOT / "docs" / "studio.png"))
    assert opened.problems == []
