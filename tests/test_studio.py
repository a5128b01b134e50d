"""The studio's ASGI app without a browser: safety checks, preview, downloads and saving."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from pypdf import PdfReader
from starlette.testclient import TestClient

import toolkit
from toolkit.studio import work
from toolkit.studio.app import MAX_BODY, TOKEN_HEADER, StudioConfig, create_app

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "mid-rhit.yaml"
POSTING = ROOT / "examples" / "posting-roi-specialist.txt"
PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"


@pytest.fixture
def profile_file(tmp_path: Path) -> Path:
    path = tmp_path / "mid-rhit.yaml"
    path.write_bytes(EXAMPLE.read_bytes())
    return path


@pytest.fixture
def config(profile_file: Path, tmp_path: Path) -> StudioConfig:
    return StudioConfig(profile=profile_file, out=tmp_path / "output", port=PORT)


@pytest.fixture
def client(config: StudioConfig) -> Iterator[TestClient]:
    """A browser that opened the address the command printed (so it holds the cookie)."""
    with TestClient(create_app(config), base_url=BASE) as c:
        assert c.get(f"/?token={config.token}").status_code == 200
        yield c


def api_headers(config: StudioConfig, **extra: str) -> dict[str, str]:
    return {TOKEN_HEADER: config.token, "Origin": BASE, "Sec-Fetch-Site": "same-origin", **extra}


def preview(client: TestClient, config: StudioConfig, **body: str) -> dict[str, Any]:
    response = client.post("/api/preview", json=body, headers=api_headers(config))
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    return data


# --- what every response carries -----------------------------------------------------------------


def test_page_embeds_the_token_and_a_strict_policy(client: TestClient, config: StudioConfig):
    response = client.get("/")
    assert response.status_code == 200
    assert f'<meta name="studio-token" content="{config.token}">' in response.text
    policy = response.headers["content-security-policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "frame-src 'self'",
    ):
        assert directive in policy
    assert "unsafe-inline" not in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert not [h for h in response.headers if h.lower().startswith("access-control-")]


def test_no_inline_script_and_nothing_from_the_network(client: TestClient):
    page = client.get("/").text
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), "inline script"
    assert not re.search(r"\son[a-z]+\s*=", page), "inline event handler"
    for text in (page, client.get("/static/studio.js").text, client.get("/static/studio.css").text):
        text = text.replace("http://www.w3.org/2000/svg", "")  # a namespace name, not a fetch
        assert not re.search(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}/", text, re.IGNORECASE)
        assert "@import" not in text
    assert client.get("/static/studio.js").headers["content-type"].startswith("text/javascript")


def test_the_preview_frame_runs_no_script(client: TestClient, config: StudioConfig):
    page = client.get("/").text
    frame = re.search(r"<iframe[^>]*>", page)
    assert frame is not None
    assert "sandbox=" in frame.group(0)
    assert "allow-scripts" not in frame.group(0)
    data = preview(client, config, text=EXAMPLE.read_text())
    response = client.get(str(data["preview"]))
    assert response.status_code == 200
    assert "Marcus T. Bell" in response.text
    policy = response.headers["content-security-policy"]
    assert "script-src 'none'" in policy
    assert "default-src 'none'" in policy
    assert "sandbox" in policy
    assert "allow-scripts" not in policy


# --- Host, token, origin and size ----------------------------------------------------------------


@pytest.mark.parametrize(
    "host", ["evil.example", f"evil.example:{PORT}", "127.0.0.1:1", "localhost", "[::1]:1"]
)
def test_a_foreign_host_is_refused(client: TestClient, config: StudioConfig, host: str):
    assert client.get("/", headers={"Host": host}).status_code == 421
    response = client.post(
        "/api/save", json={"text": "x"}, headers={**api_headers(config), "Host": host}
    )
    assert response.status_code == 421
    assert config.profile.read_bytes() == EXAMPLE.read_bytes()


@pytest.mark.parametrize("host", [f"127.0.0.1:{PORT}", f"localhost:{PORT}", f"LOCALHOST:{PORT}"])
def test_the_loopback_names_are_accepted(client: TestClient, host: str):
    assert client.get("/", headers={"Host": host}).status_code == 200


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/state"),
        ("POST", "/api/preview"),
        ("POST", "/api/save"),
        ("POST", "/api/download"),
    ],
)
@pytest.mark.parametrize("token", [None, "", "wrong-token"])
def test_the_api_needs_the_session_token(
    client: TestClient, config: StudioConfig, method: str, path: str, token: str | None
):
    headers = {"Origin": BASE} if method == "POST" else {}
    if token is not None:
        headers[TOKEN_HEADER] = token
    body = {"text": "basics: {name: Mallory}\n", "format": "pdf"}
    response = client.request(
        method, path, json=body if method == "POST" else None, headers=headers
    )
    assert response.status_code == 403
    assert "token" in response.json()["error"]
    assert config.profile.read_bytes() == EXAMPLE.read_bytes()


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://evil.example"},
        {"Origin": f"http://127.0.0.1:{PORT + 1}"},
        {"Origin": "null"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
    ],
)
def test_a_request_from_another_site_is_refused_even_with_the_token(
    client: TestClient, config: StudioConfig, headers: dict[str, str]
):
    response = client.post(
        "/api/save",
        json={"text": "basics: {name: Mallory}\n"},
        headers={TOKEN_HEADER: config.token, **headers},
    )
    assert response.status_code == 403
    assert config.profile.read_bytes() == EXAMPLE.read_bytes()


def test_no_cors_preflight_is_answered(client: TestClient):
    response = client.options(
        "/api/save",
        headers={"Origin": "http://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert response.status_code in (403, 405)
    assert not [h for h in response.headers if h.lower().startswith("access-control-")]


def test_a_large_body_is_refused_with_413(client: TestClient, config: StudioConfig):
    big = json.dumps({"text": "x" * (MAX_BODY + 10)})
    response = client.post(
        "/api/save",
        content=big,
        headers={**api_headers(config), "Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert config.profile.read_bytes() == EXAMPLE.read_bytes()


def test_a_large_streamed_body_is_refused_with_413(client: TestClient, config: StudioConfig):
    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(MAX_BODY // 65536 + 2):
            yield b"x" * 65536
        yield b'"}'

    response = client.post(
        "/api/save",
        content=chunks(),
        headers={**api_headers(config), "Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert config.profile.read_bytes() == EXAMPLE.read_bytes()


@pytest.mark.parametrize(
    "path",
    [
        "/static/../../pyproject.toml",
        "/static/%2e%2e%2f%2e%2e%2fpyproject.toml",
        "/static/page.html",
        "/static/app.py",
        "/frame/fonts/..%2F..%2Fthemes.py",
        "/frame/fonts/%2e%2e%2fmodern%2ftheme.yaml",
        "/frame/fonts/LiberationSans.LICENSE.txt",
        "/frame/not-a-preview-id-at-all-0000",
        "/frame/..%2F..%2Fetc%2Fpasswd",
        "/api/file?path=/etc/passwd",
        "/etc/passwd",
        "/mid-rhit.yaml",
    ],
)
def test_no_path_reads_other_files(client: TestClient, path: str):
    response = client.get(path)
    assert response.status_code in (404, 405)
    assert "root:" not in response.text
    assert "[project]" not in response.text


def test_theme_fonts_are_served_to_the_preview(client: TestClient):
    response = client.get("/frame/fonts/LiberationSans-Regular.ttf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "font/ttf"


# --- checking and previewing ---------------------------------------------------------------------


def test_state_returns_the_profile_and_the_pickers(client: TestClient, config: StudioConfig):
    data = client.get("/api/state", headers={TOKEN_HEADER: config.token}).json()
    assert data["text"] == EXAMPLE.read_text()
    assert data["file"] == "mid-rhit.yaml"
    assert data["sha256"] == work.sha256(EXAMPLE.read_bytes())
    assert "modern" in data["themes"]
    assert data["page_sizes"] == ["letter", "a4"]
    assert {"en-US", "en-GB", "fr-FR"} <= set(data["locales"])


def test_errors_carry_the_cli_messages_and_lines(client: TestClient, config: StudioConfig):
    text = EXAMPLE.read_text().replace("  email:", "  emial:", 1)
    data = preview(client, config, text=text)
    assert data["ok"] is False
    assert data["preview"] is None
    with pytest.raises(toolkit.InputError) as caught:
        toolkit.parse_profile(text, source="mid-rhit.yaml")
    expected = [(i.line, i.column, i.field, i.message, i.hint) for i in caught.value.issues]
    got = [(i["line"], i["column"], i["field"], i["message"], i["hint"]) for i in data["issues"]]
    assert got == expected
    assert got[0] == (8, 3, "basics.emial", "unknown field 'emial'", "did you mean 'email'?")


def test_a_yaml_syntax_error_is_located(client: TestClient, config: StudioConfig):
    text = EXAMPLE.read_text().replace("  phone: (614) 555-0128", "  phone: [unclosed", 1)
    data = preview(client, config, text=text)
    issues = data["issues"]
    assert isinstance(issues, list)
    assert issues
    assert issues[0]["line"] is not None


def test_the_pickers_change_the_preview(client: TestClient, config: StudioConfig):
    text = EXAMPLE.read_text()
    plain = client.get(str(preview(client, config, text=text, theme="plain")["preview"])).text
    modern = client.get(str(preview(client, config, text=text, theme="modern")["preview"])).text
    assert "theme-plain" in plain
    assert "theme-modern" in modern
    french = client.get(str(preview(client, config, text=text, locale="fr-FR")["preview"])).text
    assert 'lang="fr-FR"' in french


@pytest.mark.parametrize(
    "field", [{"theme": "../../etc"}, {"page_size": "a0"}, {"locale": "xx-evil"}]
)
def test_unknown_picker_values_are_refused(
    client: TestClient, config: StudioConfig, field: dict[str, str]
):
    response = client.post(
        "/api/preview", json={"text": EXAMPLE.read_text(), **field}, headers=api_headers(config)
    )
    assert response.status_code == 400
    assert "unknown" in response.json()["error"]


def test_a_posting_gives_the_match_and_a_tailored_preview(client: TestClient, config: StudioConfig):
    data = preview(client, config, text=EXAMPLE.read_text(), posting=POSTING.read_text())
    match = data["match"]
    assert isinstance(match, dict)
    assert match["job"]["title"] == "Release of Information Specialist"
    assert sum(match["counts"].values()) == len(match["items"]) > 5
    assert any(i["evidence"] for i in match["items"])
    report = client.get(str(data["report"])).text
    assert "<svg" in report
    assert "Required" in report


def test_a_pasted_path_is_never_read(client: TestClient, config: StudioConfig, tmp_path: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text("CANARY-7731 Release of Information Specialist\nRequired: RHIT\n")
    data = preview(client, config, text=EXAMPLE.read_text(), posting=str(secret))
    assert "CANARY-7731" not in json.dumps(data)


# --- downloads -----------------------------------------------------------------------------------


def download(client: TestClient, config: StudioConfig, **body: str) -> bytes:
    response = client.post("/api/download", json=body, headers=api_headers(config))
    assert response.status_code == 200, response.text
    assert response.headers["content-disposition"].startswith("attachment;")
    return response.content


def test_download_pdf_docx_and_markdown(client: TestClient, config: StudioConfig):
    text = EXAMPLE.read_text()
    pdf = download(client, config, text=text, format="pdf")
    assert "Marcus T. Bell" in "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    docx = download(client, config, text=text, format="docx")
    assert zipfile.ZipFile(io.BytesIO(docx)).testzip() is None
    markdown = download(client, config, text=text, format="md").decode()
    assert markdown.startswith("# Marcus T. Bell")
    assert not (config.out).exists(), "a resume download writes nothing"


def test_download_of_an_invalid_profile_says_why(client: TestClient, config: StudioConfig):
    text = EXAMPLE.read_text().replace("  email:", "  emial:", 1)
    response = client.post(
        "/api/download", json={"text": text, "format": "pdf"}, headers=api_headers(config)
    )
    assert response.status_code == 400
    assert response.json()["issues"][0]["line"] == 8


def test_the_packet_is_written_to_the_output_folder_and_downloaded(
    client: TestClient, config: StudioConfig
):
    body = {"text": EXAMPLE.read_text(), "posting": POSTING.read_text(), "format": "packet"}
    response = client.post("/api/download", json=body, headers=api_headers(config))
    assert response.status_code == 200, response.text
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert any(n.endswith("/resume.pdf") for n in names)
    assert any(n.endswith("/cover-letter.docx") for n in names)
    assert any(n.endswith("/manifest.json") for n in names)
    folder = Path(unquote(response.headers["x-studio-folder"]))
    assert folder.is_relative_to(config.out)
    assert (folder / "resume.pdf").is_file()


def test_a_packet_needs_a_posting(client: TestClient, config: StudioConfig):
    body = {"text": EXAMPLE.read_text(), "format": "packet"}
    response = client.post("/api/download", json=body, headers=api_headers(config))
    assert response.status_code == 400
    assert "posting" in response.json()["error"]


# --- saving --------------------------------------------------------------------------------------


def save(client: TestClient, config: StudioConfig, text: str, sha: str | None) -> Any:
    return client.post("/api/save", json={"text": text, "sha256": sha}, headers=api_headers(config))


def test_save_writes_the_file_and_keeps_a_backup(client: TestClient, config: StudioConfig):
    old = config.profile.read_bytes()
    new = EXAMPLE.read_text().replace("Marcus T. Bell", "Marcus T. Bellamy", 1)
    response = save(client, config, new, work.sha256(old))
    assert response.status_code == 200
    data = response.json()
    assert data == {
        "saved": "mid-rhit.yaml",
        "backup": "mid-rhit.yaml.bak",
        "sha256": work.sha256(new.encode()),
        "valid": True,
    }
    assert config.profile.read_text() == new
    assert (config.profile.parent / "mid-rhit.yaml.bak").read_bytes() == old
    assert sorted(p.name for p in config.profile.parent.iterdir()) == [
        "mid-rhit.yaml",
        "mid-rhit.yaml.bak",
    ]
    again = save(client, config, new + "\n", data["sha256"])
    assert again.status_code == 200
    assert (config.profile.parent / "mid-rhit.yaml.bak").read_text() == new


def test_save_refuses_when_the_file_changed_on_disk(client: TestClient, config: StudioConfig):
    loaded = work.sha256(config.profile.read_bytes())
    config.profile.write_text("basics: {name: Edited Elsewhere}\n")
    response = save(client, config, EXAMPLE.read_text(), loaded)
    assert response.status_code == 400
    assert "changed on disk" in response.json()["error"]
    assert config.profile.read_text() == "basics: {name: Edited Elsewhere}\n"


def test_save_is_atomic(client: TestClient, config: StudioConfig, monkeypatch: pytest.MonkeyPatch):
    old = config.profile.read_bytes()

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    response = save(client, config, "basics: {name: Half Written}\n", work.sha256(old))
    assert response.status_code == 500
    assert config.profile.read_bytes() == old
    assert [p.name for p in config.profile.parent.iterdir()] == ["mid-rhit.yaml"]


def test_save_never_writes_through_a_link(config: StudioConfig, tmp_path: Path):
    target = tmp_path / "elsewhere.yaml"
    target.write_text("basics: {name: Someone}\n")
    link = tmp_path / "link.yaml"
    link.symlink_to(target)
    linked = StudioConfig(profile=link, out=config.out, port=PORT)
    with TestClient(create_app(linked), base_url=BASE) as c:
        response = save(c, linked, "basics: {name: Mallory}\n", None)
    assert response.status_code == 400
    assert target.read_text() == "basics: {name: Someone}\n"


def test_a_new_profile_starts_from_the_starter_and_saving_creates_it(tmp_path: Path):
    config = StudioConfig(profile=tmp_path / "profile.yaml", out=tmp_path / "out", port=PORT)
    with TestClient(create_app(config), base_url=BASE) as c:
        state = c.get("/api/state", headers={TOKEN_HEADER: config.token}).json()
        assert state["exists"] is False
        assert state["sha256"] is None
        assert preview(c, config, text=state["text"])["ok"] is True
        response = save(c, config, state["text"], None)
        assert response.json()["backup"] is None
    assert config.profile.read_text() == state["text"]


def test_nothing_is_written_without_a_save(client: TestClient, config: StudioConfig):
    before = sorted(config.profile.parent.rglob("*"))
    text = EXAMPLE.read_text().replace("Marcus", "Mark")
    preview(client, config, text=text, posting=POSTING.read_text())
    download(client, config, text=text, format="md")
    assert sorted(config.profile.parent.rglob("*")) == before
    assert config.profile.read_bytes() == EXAMPLE.read_bytes()


# --- the command ---------------------------------------------------------------------------------


def test_toolkit_help_does_not_import_the_web_stack():
    code = (
        "import sys\n"
        "from toolkit.cli import app\n"
        "assert 'starlette' not in sys.modules and 'uvicorn' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_a_taken_port_is_a_clear_error():
    from toolkit.errors import UserError
    from toolkit.studio.server import bind

    first = bind("127.0.0.1", 0)
    try:
        with pytest.raises(UserError, match="choose another --port"):
            bind("127.0.0.1", first.getsockname()[1])
    finally:
        first.close()


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("127.0.0.2", True), ("::1", True), ("localhost", True),
     ("0.0.0.0", False), ("192.0.2.10", False), ("example.org", False)],
)  # fmt: skip
def test_loopback_detection(host: str, loopback: bool):
    from toolkit.studio.server import is_loopback

    assert is_loopback(host) is loopback


def test_toolkit_serve_listens_on_loopback_and_serves_the_page(profile_file: Path):
    import re as _re
    import urllib.error
    import urllib.request

    command = [sys.executable, "-m", "toolkit", "serve", str(profile_file), "--port", "0"]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    ) as process:
        try:
            assert process.stdout is not None
            line = process.stdout.readline()
            found = _re.search(r"http://127\.0\.0\.1:(\d+)/\?token=[\w-]+", line)
            assert found, line
            bare = found.group(0).split("?", 1)[0]
            with pytest.raises(urllib.error.HTTPError, match="403"):
                urllib.request.urlopen(bare, timeout=10)  # the address without its key
            cookies = urllib.request.HTTPCookieProcessor()
            opener = urllib.request.build_opener(cookies)
            with opener.open(found.group(0), timeout=10) as response:
                page = response.read().decode()
            assert 'name="studio-token"' in page
        finally:
            process.terminate()
            process.wait(10)


# --- only the person who started it --------------------------------------------------------------


def test_a_second_client_without_the_address_gets_nothing(config: StudioConfig):
    """Another user of the machine can reach 127.0.0.1, but never saw the printed address."""
    with TestClient(create_app(config), base_url=BASE, follow_redirects=False) as stranger:
        for path in ("/", "/?token=", "/?token=guessed", f"/?token={config.token[:-1]}x"):
            response = stranger.get(path)
            assert response.status_code == 403, path
            assert config.token not in response.text
        assert stranger.get("/api/state").status_code == 403
        assert stranger.post("/api/save", json={"text": "x"}).status_code == 403
        assert config.profile.read_bytes() == EXAMPLE.read_bytes()


def test_the_printed_address_trades_its_token_for_a_cookie(config: StudioConfig):
    with TestClient(create_app(config), base_url=BASE, follow_redirects=False) as owner:
        first = owner.get(f"/?token={config.token}")
        assert first.status_code == 303
        assert first.headers["location"] == "/"  # the token leaves the address bar
        cookie = first.headers["set-cookie"].lower()
        assert "httponly" in cookie
        assert "samesite=strict" in cookie
        page = owner.get("/")
        assert page.status_code == 200
        assert f'content="{config.token}"' in page.text


def test_previews_need_the_session_too(client: TestClient, config: StudioConfig):
    data = preview(client, config, text=EXAMPLE.read_text())
    with TestClient(create_app(config), base_url=BASE) as stranger:
        assert stranger.get(str(data["preview"])).status_code == 403


def test_the_browser_is_handed_a_private_file_not_the_address(config: StudioConfig):
    """A command line (the browser's) is visible to every user; a 0600 file is not."""
    from toolkit.cli.studio import _redirect_file

    path = _redirect_file(config.url())
    try:
        assert path.stat().st_mode & 0o777 == 0o600
        assert config.url() in path.read_text("utf-8")
    finally:
        path.unlink()


@pytest.mark.parametrize("name", ["Анна Ли", "李安娜", 'Zoë O\'Brien "Z"'])
def test_downloads_work_for_names_in_any_script(
    client: TestClient, config: StudioConfig, name: str
):
    text = EXAMPLE.read_text().replace(
        "name: Marcus T. Bell", f"name: '{name.replace(chr(39), chr(39) * 2)}'", 1
    )
    response = client.post(
        "/api/download", json={"text": text, "format": "md"}, headers=api_headers(config)
    )
    assert response.status_code == 200, response.text
    disposition = response.headers["content-disposition"]
    encoded = disposition.split("filename*=UTF-8''", 1)[1]
    assert unquote(encoded).endswith("-resume.md")
    assert toolkit.slugify(name) in unquote(encoded)
    body = {"text": text, "posting": POSTING.read_text(), "format": "packet"}
    packet = client.post("/api/download", json=body, headers=api_headers(config))
    assert packet.status_code == 200, packet.text
    assert Path(unquote(packet.headers["x-studio-folder"])).is_dir()


def test_a_profile_the_studio_creates_is_the_users_alone(tmp_path: Path):
    new = tmp_path / "new.yaml"
    work.save_profile(new, "basics: {name: Ann Lee}\n", None)
    assert new.stat().st_mode & 0o777 == 0o600
    shared = tmp_path / "shared.yaml"
    shared.write_text("basics: {name: Ann Lee}\n")
    shared.chmod(0o640)
    work.save_profile(shared, "basics: {name: Ann B. Lee}\n", None)
    assert shared.stat().st_mode & 0o777 == 0o640  # an existing file keeps its mode


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'{"text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "nested too deeply"),
        (b'{"text": ' + b"[" * 50 + b"]" * 50 + b"}", "nested too deeply"),
        (b'{"text": "basics: {name: \\ud800}"}', "not Unicode"),
        (b'{"text": "x", "posting": "\\udfff"}', "not Unicode"),
    ],
    ids=["deep", "nested", "surrogate-text", "surrogate-posting"],
)
def test_odd_json_is_a_400_not_a_500(
    client: TestClient, config: StudioConfig, body: bytes, message: str
):
    headers = {**api_headers(config), "Content-Type": "application/json"}
    for path in ("/api/preview", "/api/save", "/api/download"):
        response = client.post(path, content=body, headers=headers)
        assert response.status_code == 400, (path, response.text)
        assert message in response.json()["error"]
    assert config.profile.read_bytes() == EXAMPLE.read_bytes()


def test_idle_connections_cannot_keep_the_person_out(config: StudioConfig):
    """Anything that reaches the port could open connections and send nothing."""
    import socket
    import time
    import urllib.request

    from toolkit.studio.server import IDLE_SECONDS, bind, make_server

    sock = bind("127.0.0.1", 0)
    config = StudioConfig(profile=config.profile, out=config.out, port=sock.getsockname()[1])
    server = make_server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        while not server.started:
            time.sleep(0.02)
        idle = [socket.create_connection(("127.0.0.1", config.port)) for _ in range(200)]
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        with opener.open(config.url(), timeout=10) as response:
            assert response.status == 200
        time.sleep(IDLE_SECONDS + 1)
        idle[0].settimeout(5)
        assert idle[0].recv(1) == b""  # closed by the server
        for connection in idle:
            connection.close()
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def test_typing_that_changes_nothing_shown_renders_nothing(
    client: TestClient, config: StudioConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    from toolkit.recent import Recent
    from toolkit.studio import work

    monkeypatch.setattr(work, "_MADE", Recent(keep=16))  # nothing kept from other tests
    text = EXAMPLE.read_text()
    first = preview(client, config, text=text)
    assert first["rendered"]["kept"] is False
    assert first["rendered"]["ms"] > 0
    # a comment changes nothing the resume shows: the same preview, not made again
    again = preview(client, config, text=text + "\n# a note to self\n")
    assert again["rendered"]["kept"] is True
    # a changed line does
    changed = preview(client, config, text=text.replace("Marcus T. Bell", "Marcus Bell", 1))
    assert changed["rendered"]["kept"] is False
    frame = client.get(changed["preview"]).text
    assert "Marcus Bell" in frame
