"""``toolkit serve``: the studio, a local page to edit a profile with a live preview."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from toolkit import collector
from toolkit.cli import console


def serve(
    profile: Annotated[
        Path,
        typer.Argument(help="The profile to edit (created on the first save if missing)."),
    ] = Path("profile.yaml"),
    port: Annotated[
        int, typer.Option("--port", min=0, max=65535, help="The port; 0 picks a free one.")
    ] = 8765,
    open_browser: Annotated[
        bool, typer.Option("--open", help="Open the page in the default web browser.")
    ] = False,
    host: Annotated[
        str | None,
        typer.Option(
            "--host",
            help="Listen on this address instead of 127.0.0.1. Anyone who can reach it can "
            "read your profile: use it only on a network you trust.",
        ),
    ] = None,
    out: Annotated[
        Path, typer.Option("-o", "--out", help="Where application packets are written.")
    ] = Path("output"),
) -> None:
    """Edit a profile in your browser: live preview, located errors, job match, downloads.

    The page is served on 127.0.0.1 only and reads and writes nothing but PROFILE (with a
    .bak of the previous version when you save) and packets in OUT. Stop it with Ctrl+C.
    """
    from toolkit.errors import UserError
    from toolkit.studio.app import StudioConfig

    collector.resume()  # the studio runs until stopped: collect cycles
    from toolkit.studio.server import LOOPBACK, bind, host_names, is_loopback, serve_socket

    if profile.is_dir():
        raise UserError(f"{profile} is a folder; give the profile file")
    address = host or LOOPBACK
    if host is not None and not is_loopback(host):
        console.err.print(
            console.styled(
                "[yellow]warning:[/] listening on {}: other machines that reach this address "
                "can read and change your profile. Use --host only on a network you trust.",
                host,
            )
        )
    sock = bind(address, port)
    actual = sock.getsockname()[1]
    names = host_names(address)
    shown = LOOPBACK if is_loopback(address) or not names else names[0]
    config = StudioConfig(profile=profile.absolute(), out=out.absolute(), port=actual, hosts=names)
    url = config.url(shown)
    if not profile.exists():
        console.err.print(f"note: {profile} does not exist yet; saving in the studio creates it")
    console.out.print(
        console.styled("studio for [bold]{}[/] at {}  (Ctrl+C to stop)", profile, url)
    )
    if open_browser:
        import threading
        import webbrowser

        # The browser is handed a private file that redirects to the address, not the address
        # itself: a command line is visible to every user of the machine, the file is not.
        threading.Timer(0.5, webbrowser.open, args=(_redirect_file(url).as_uri(),)).start()
    serve_socket(config, sock)


def _redirect_file(url: str) -> Path:
    """A page only this user can read that sends the browser on to ``url``."""
    import os
    import tempfile
    from html import escape

    fd, name = tempfile.mkstemp(prefix="toolkit-studio-", suffix=".html")  # mode 0600
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(
            '<!doctype html><meta charset="utf-8">'
            f'<meta http-equiv="refresh" content="0; url={escape(url)}">'
            f'<a href="{escape(url)}">open the studio</a>\n'
        )
    return Path(name)
