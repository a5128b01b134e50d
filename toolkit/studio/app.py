"""The studio's ASGI application: one page, its two static files, and a small JSON API.

Safety, in the order a request meets it:

1. :class:`Guard` (pure ASGI, around everything): the ``Host`` header must name the address
   and port the studio serves (``127.0.0.1:PORT`` or ``localhost:PORT``), which defeats DNS
   rebinding; a declared body over the cap is refused with 413; every response gets a strict
   Content-Security-Policy, ``nosniff``, ``no-referrer`` and no CORS header at all.
2. Only the person who started the studio gets the page: the command prints (and opens) its
   address with the session's token, ``/?token=…``, as Jupyter does. That visit trades the
   token for an ``HttpOnly``, ``SameSite=Strict`` cookie and redirects to ``/``; the page
   and the previews are served only with that cookie, so another local user or process
   that can reach 127.0.0.1 but never saw the address gets a 403. Every ``/api/`` call
   also carries the token in the ``X-Studio-Token`` header; a ``POST`` from another origin
   (``Origin``, ``Sec-Fetch-Site``) is refused whatever it carries.
3. Bodies are read with the same cap as they stream in; the routes take no path parameters
   that reach the file system: the studio reads and writes only the profile it was started
   with (and its ``.bak``) and writes packets only into its output folder.

Previews are served from ``/frame/<random id>`` with a policy of their own (no script at
all, inline styles allowed, fonts only from the theme folder) and shown in an ``<iframe
sandbox>`` without ``allow-scripts``.
"""

from __future__ import annotations

import hmac
import json
import logging
import re
import secrets
import time
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from html import escape
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from toolkit.errors import InputError, UserError
from toolkit.load.sources import MAX_BYTES
from toolkit.recent import Recent
from toolkit.studio import work

log = logging.getLogger("toolkit")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

TOKEN_HEADER = "x-studio-token"
SESSION_COOKIE = "studio_session"
"""The cookie the first visit with the address's token sets; the page asks for it."""
MAX_BODY = MAX_BYTES
"""The largest request body, in bytes: the profile cap (2 MiB)."""
MAX_IN_FLIGHT = 32
"""Requests served at once; more get 503 until one finishes (one person needs a few)."""

PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
FRAME_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; font-src 'self'; img-src data:; "
    "script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'self'; sandbox allow-same-origin"
)
_FRAME_ID = re.compile(r"^[A-Za-z0-9_-]{22,64}$")
_FONT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,80}\.(?:ttf|otf|woff2?)$")
_STATIC = {
    "studio.js": "text/javascript; charset=utf-8",
    "studio.css": "text/css; charset=utf-8",
}


@dataclass
class StudioConfig:
    """What one studio session serves.

    Attributes:
        profile: the profile file (it may not exist yet: saving creates it).
        out: the output folder for application packets.
        port: the port the server listens on (the ``Host`` check needs it).
        hosts: the host names requests may use, besides ``127.0.0.1`` and ``localhost``.
        token: the per-session secret the page sends back with every API call.
    """

    profile: Path
    out: Path = Path("output")
    port: int = 8765
    hosts: tuple[str, ...] = ()
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))

    @property
    def allowed_hosts(self) -> frozenset[str]:
        """Every acceptable ``Host`` header value (name and port)."""
        names = ("127.0.0.1", "localhost", *self.hosts)
        return frozenset(f"{name}:{self.port}".lower() for name in names)

    def url(self, host: str = "127.0.0.1") -> str:
        """The address to open: the studio's page, with the session's token."""
        return f"http://{host}:{self.port}/?token={self.token}"

    @property
    def allowed_origins(self) -> frozenset[str]:
        """Every acceptable ``Origin`` header value."""
        return frozenset(f"http://{host}" for host in self.allowed_hosts)


def security_headers(policy: str) -> list[tuple[bytes, bytes]]:
    """The headers every response carries, with the given Content-Security-Policy."""
    return [
        (b"content-security-policy", policy.encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"no-referrer"),
        (b"cross-origin-opener-policy", b"same-origin"),
        (b"cross-origin-resource-policy", b"same-origin"),
        (b"cache-control", b"no-store"),
    ]


class Guard:
    """ASGI middleware: the Host check, the declared-size check and the security headers."""

    def __init__(self, app: ASGIApp, config: StudioConfig) -> None:
        self.app = app
        self.config = config
        self.in_flight = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse a foreign Host or an oversized body; add the headers to every answer."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if headers.get("host", "").lower() not in self.config.allowed_hosts:
            log.warning(
                "studio: refused %s %s for host %r (not this studio's address)",
                scope.get("method"),
                scope["path"],
                headers.get("host", "")[:100],
            )
            await _plain(send, 421, "this studio answers only on its own address")
            return
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
            await _plain(send, 413, f"the request is larger than {MAX_BODY // 1024} KiB")
            return
        if self.in_flight >= MAX_IN_FLIGHT:
            await _plain(send, 503, "the studio is busy; try again in a moment")
            return
        framed = scope["path"].startswith("/frame/")
        extra = security_headers(FRAME_POLICY if framed else PAGE_POLICY)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name for name, _ in extra}
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message["headers"] = kept + extra
            await send(message)

        self.in_flight += 1
        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            self.in_flight -= 1


async def _plain(send: Send, status: int, text: str) -> None:
    body = (text + "\n").encode()
    headers = [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
        *security_headers(PAGE_POLICY),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class Refused(Exception):
    """A request the studio will not serve: status and message for the JSON answer."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class Frames:
    """The last rendered previews, by random id (a small, thread-safe LRU)."""

    def __init__(self, keep: int = 16) -> None:
        self._items: Recent[str, bytes] = Recent(keep)

    def add(self, html: bytes) -> str:
        """Store ``html`` and return its URL path."""
        ident = secrets.token_urlsafe(18)
        self._items.put(ident, html)
        return f"/frame/{ident}"

    def get(self, ident: str) -> bytes | None:
        """The stored HTML, or ``None``."""
        return self._items.get(ident)


_SCREEN_STYLE = (
    b"<style>@media screen { html { background: #fff; } body { padding: 0.55in 0.6in; } }</style>"
)


def for_screen(html: bytes) -> bytes:
    """A document made for paper, with the page's margins added for the screen."""
    head, found, rest = html.partition(b"</head>")
    return head + _SCREEN_STYLE + found + rest if found else html


MAX_DEPTH = 32
"""How deeply a request's JSON may nest (the studio's own requests are two levels deep)."""


def _check_plain(value: Any, depth: int = 0) -> None:
    """Refuse JSON the studio never sends: deep nesting, or text with lone surrogates
    (``"\\ud800"``), which no file can hold."""
    if depth > MAX_DEPTH:
        raise Refused(400, "the request is nested too deeply")
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise Refused(400, "the request holds text that is not Unicode") from None
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_plain(key, depth + 1)
            _check_plain(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check_plain(item, depth + 1)


def attachment(name: str) -> str:
    """A ``Content-Disposition`` for a download called ``name``, in any script (RFC 6266):
    an ASCII ``filename`` for old clients and the real name as ``filename*``."""
    fallback = "".join(ch if 32 <= ord(ch) < 127 and ch not in '"\\' else "_" for ch in name)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def _asset(name: str) -> str:
    return files("toolkit.studio").joinpath(name).read_text("utf-8")


def create_app(config: StudioConfig) -> ASGIApp:
    """The studio for one profile: a Starlette app wrapped in :class:`Guard`."""
    frames = Frames()
    source = config.profile.name
    page_template = _asset("page.html")
    static = {name: _asset(f"static/{name}").encode() for name in _STATIC}

    def check_api(request: Request, *, changes: bool) -> None:
        given = request.headers.get(TOKEN_HEADER, "")
        if not hmac.compare_digest(given.encode(), config.token.encode()):
            raise Refused(403, "missing or wrong session token; reload the studio page")
        if not changes:
            return
        origin = request.headers.get("origin")
        if origin is not None and origin.lower() not in config.allowed_origins:
            raise Refused(403, "refused: the request came from another site")
        site = request.headers.get("sec-fetch-site")
        if site is not None and site != "same-origin":
            raise Refused(403, "refused: the request came from another site")

    async def read_json(request: Request) -> dict[str, Any]:
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_BODY:
                raise Refused(413, f"the request is larger than {MAX_BODY // 1024} KiB")
        try:
            data = json.loads(body)
        except RecursionError:
            raise Refused(400, "the request is nested too deeply") from None
        except ValueError:
            raise Refused(400, "the request is not JSON") from None
        if not isinstance(data, dict):
            raise Refused(400, "the request is not a JSON object")
        _check_plain(data)
        return data

    def text_of(data: dict[str, Any], key: str) -> str:
        value = data.get(key, "")
        if not isinstance(value, str):
            raise Refused(400, f"'{key}' must be text")
        return value

    def api(
        handler: Callable[[Request, dict[str, Any]], Awaitable[Response]], *, changes: bool
    ) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            try:
                check_api(request, changes=changes)
                data = await read_json(request) if request.method == "POST" else {}
                return await handler(request, data)
            except Refused as exc:
                origin = request.headers.get("origin") or "no origin"
                log.warning(
                    "studio: refused %s %s from %s: %s",
                    request.method,
                    request.url.path,
                    origin,
                    exc,
                )
                return JSONResponse({"error": str(exc)}, status_code=exc.status)
            except InputError as exc:
                issues = [work.issue_data(i) for i in exc.issues]
                return JSONResponse({"error": str(exc), "issues": issues}, status_code=400)
            except UserError as exc:
                return JSONResponse({"error": str(exc)}, status_code=400)
            except Exception as exc:  # the page shows it; the server keeps serving
                log.exception("studio: %s failed", request.url.path)
                return JSONResponse(
                    {"error": f"internal error: {type(exc).__name__}: {exc}"}, status_code=500
                )

        return endpoint

    def holds(given: str | None) -> bool:
        return given is not None and hmac.compare_digest(given.encode(), config.token.encode())

    def stranger(request: Request) -> Response:
        log.warning("studio: refused %s without the session's address", request.url.path)
        return Response(
            "open the address the toolkit command printed: it carries this session's key\n",
            status_code=403,
            media_type="text/plain; charset=utf-8",
        )

    async def page(request: Request) -> Response:
        if "token" in request.query_params:
            if not holds(request.query_params.get("token")):
                return stranger(request)
            # the token leaves the address bar (and the history) for a cookie
            response = Response(status_code=303, headers={"location": "/"})
            response.set_cookie(
                SESSION_COOKIE, config.token, httponly=True, samesite="strict", path="/"
            )
            return response
        if not holds(request.cookies.get(SESSION_COOKIE)):
            return stranger(request)
        html = page_template.replace("{{token}}", escape(config.token)).replace(
            "{{file}}", escape(source)
        )
        return Response(html, media_type="text/html; charset=utf-8")

    async def static_file(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in static:
            return Response("not found\n", status_code=404, media_type="text/plain")
        return Response(static[name], media_type=_STATIC[name])

    async def frame(request: Request) -> Response:
        if not holds(request.cookies.get(SESSION_COOKIE)):
            return stranger(request)
        ident = request.path_params["ident"]
        html = frames.get(ident) if _FRAME_ID.match(ident) else None
        if html is None:
            return Response("this preview has expired\n", status_code=404, media_type="text/plain")
        return Response(html, media_type="text/html; charset=utf-8")

    async def font(request: Request) -> Response:
        from toolkit.formats.themes import templates_root

        name = request.path_params["name"]
        folder = templates_root() / "fonts"
        if not _FONT_NAME.match(name) or name not in {p.name for p in folder.iterdir()}:
            return Response("not found\n", status_code=404, media_type="text/plain")
        media = "font/woff2" if name.endswith("woff2") else f"font/{name.rsplit('.', 1)[1]}"
        return Response((folder / name).read_bytes(), media_type=media)

    async def state(request: Request, data: dict[str, Any]) -> Response:
        current = work.read_current(config.profile)
        text = _starter() if current is None else current.decode("utf-8", errors="replace")
        return JSONResponse(
            {
                "file": source,
                "exists": current is not None,
                "text": text,
                "sha256": work.sha256(current) if current is not None else None,
                "themes": work.theme_choices(),
                "page_sizes": list(work.PAGE_SIZES),
                "locales": work.locale_choices(),
                "formats": [*work.DOWNLOADS, "packet"],
            }
        )

    def parse_request(
        data: dict[str, Any],
    ) -> tuple[work.Checked, work.Look, Any, list[dict[str, Any]]]:
        checked = work.check_text(text_of(data, "text"), source)
        look = work.Look.from_data(data)
        posting = text_of(data, "posting").strip()
        job = None
        posting_issues: list[dict[str, Any]] = []
        if posting:
            try:
                job = work.job_from_text(posting)
            except InputError as exc:
                posting_issues = [work.issue_data(i) for i in exc.issues]
        return checked, look, job, posting_issues

    def do_preview(data: dict[str, Any]) -> dict[str, Any]:
        checked, look, job, posting_issues = parse_request(data)
        answer: dict[str, Any] = {
            "ok": checked.profile is not None,
            "issues": [work.issue_data(i) for i in checked.issues],
            "posting_issues": posting_issues,
            "preview": None,
            "match": None,
            "report": None,
        }
        profile = checked.profile
        if profile is None:
            return answer
        answer["name"] = profile.basics.name
        started = time.perf_counter()
        page, kept = work.render_resume_kept(profile, "html", look, job)
        answer["preview"] = frames.add(for_screen(page))
        # how long the preview took, shown beside it: 'unchanged' when nothing it shows did
        answer["rendered"] = {"ms": round(1000 * (time.perf_counter() - started)), "kept": kept}
        if job is not None:
            match, report = work.match_report(profile, job)
            answer["match"] = match
            answer["report"] = frames.add(for_screen(report))
        return answer

    async def preview(request: Request, data: dict[str, Any]) -> Response:
        return JSONResponse(await run_in_threadpool(do_preview, data))

    def do_download(data: dict[str, Any]) -> Response:
        fmt = data.get("format")
        if fmt != "packet" and fmt not in work.DOWNLOADS:
            raise Refused(400, "unknown download format")
        checked, look, job, _ = parse_request(data)
        if checked.profile is None:
            raise InputError([i for i in checked.issues if i.severity == "error"], source)
        profile = checked.profile
        from toolkit.output import slugify

        stem = slugify(profile.basics.name, fallback="profile")
        headers: dict[str, str] = {}
        if fmt == "packet":
            if job is None:
                raise Refused(400, "paste a job posting first: a packet is for one job")
            on_disk = work.read_current(config.profile)
            same = on_disk is not None and on_disk == text_of(data, "text").encode()
            name, body, folder = work.packet_zip(
                profile, job, config.out, look, config.profile if same else None
            )
            media = "application/zip"
            headers["x-studio-folder"] = quote(str(folder), safe="/")  # any script, in ASCII
        else:
            media, ext = work.DOWNLOADS[str(fmt)]
            body = work.render_resume(profile, str(fmt), look, job)
            name = f"{stem}-resume.{ext}"
        headers["content-disposition"] = attachment(name)
        return Response(body, media_type=media, headers=headers)

    async def download(request: Request, data: dict[str, Any]) -> Response:
        return await run_in_threadpool(do_download, data)

    def do_save(data: dict[str, Any]) -> dict[str, Any]:
        text = text_of(data, "text")
        expected = data.get("sha256")
        if expected is not None and not isinstance(expected, str):
            raise Refused(400, "'sha256' must be text")
        saved = work.save_profile(config.profile, text, expected)
        checked = work.check_text(text, source)
        return {
            "saved": saved.path.name,
            "backup": saved.backup.name if saved.backup else None,
            "sha256": saved.sha256,
            "valid": checked.profile is not None,
        }

    async def save(request: Request, data: dict[str, Any]) -> Response:
        return JSONResponse(await run_in_threadpool(do_save, data))

    routes = [
        Route("/", page, methods=["GET"]),
        Route("/static/{name}", static_file, methods=["GET"]),
        Route("/frame/fonts/{name}", font, methods=["GET"]),
        Route("/frame/{ident}", frame, methods=["GET"]),
        Route("/api/state", api(state, changes=False), methods=["GET"]),
        Route("/api/preview", api(preview, changes=True), methods=["POST"]),
        Route("/api/download", api(download, changes=True), methods=["POST"]),
        Route("/api/save", api(save, changes=True), methods=["POST"]),
    ]
    return Guard(Starlette(routes=routes), config)


def _starter() -> str:
    """The commented starter profile, for a file that does not exist yet."""
    return files("toolkit").joinpath("starters/profile.yaml").read_text("utf-8")
