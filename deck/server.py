"""serve's HTTP side: the server on 127.0.0.1 that answers for the built deck and nothing else.

Owns DeckServer and its request handler (which files it answers for, and which hosts it answers
to), safe_target (a request's path kept inside the output folder however it is encoded), the
reload script added to the deck page at response time (add_live_script; dist/ on disk stays
exactly what `build.py` writes), and LiveState, what every open page hears over Server-Sent
Events: the current build's id or the problems of the last try. Paths under /__live__/present/
go to deck/presenting.py.
"""
from __future__ import annotations

import html as html_module
import json
import mimetypes
import re
import threading
import time
from pathlib import Path
from typing import Iterator
from urllib.parse import unquote, urlsplit

from .web import HEARTBEAT_SECONDS, GuardedHandler, Listener, send, stream

HOST = "127.0.0.1"
LIVE_PREFIX = "/__live__/"
LIVE_SCRIPT = Path(__file__).resolve().parent / "live.js"
PRESENT_PREFIX = LIVE_PREFIX + "present/"  # deck/presenting.py answers under it
# Every served file but the deck's page: opened on its own, it runs nothing and loads nothing.
FILE_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; sandbox"
mimetypes.add_type("font/woff2", ".woff2")
mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("text/markdown", ".md")


class LiveState:
    """What every open browser should know: the current build's id, or the problems of the last try."""

    def __init__(self):
        self._changed = threading.Condition()
        # Unique across restarts of serve, so a page from an earlier session reloads too.
        self._stamp = f"{time.time_ns():x}"
        self._count = 0
        self.problems: list[str] = []

    @property
    def build_id(self) -> str:
        return f"{self._stamp}-{self._count}"

    def built(self) -> None:
        with self._changed:
            self._count += 1
            self.problems = []
            self._changed.notify_all()

    def failed(self, problems: list[str]) -> None:
        with self._changed:
            self.problems = problems
            self._changed.notify_all()

    def event(self) -> tuple[str, str]:
        """The Server-Sent Event that describes the current state."""
        if self.problems:
            return "problems", json.dumps({"id": self.build_id, "problems": self.problems})
        return "build", json.dumps({"id": self.build_id})

    def wait(self, last: tuple[str, str], timeout: float) -> tuple[str, str]:
        with self._changed:
            self._changed.wait_for(lambda: self.event() != last, timeout=timeout)
            return self.event()

    def events(self) -> Iterator[tuple[str, str] | None]:
        """For stream(): the current state now, then each change, None after a quiet heartbeat's time."""
        event = self.event()
        yield event
        while True:
            following = self.wait(event, HEARTBEAT_SECONDS)
            yield None if following == event else following
            event = following


def add_live_script(html: str, build_id: str) -> str:
    """The served page: the reload script added, and the page's policy allowing it and its connection."""
    tag = f'<script src="{LIVE_PREFIX}live.js" data-build="{build_id}"></script>\n'
    html = html.replace("</body>", tag + "</body>", 1) if "</body>" in html else html + tag

    def allow(match: re.Match) -> str:
        policy = html_module.unescape(match.group(2))  # the attribute as written: quotes are &#39;
        directives = [part.strip() for part in policy.split(";") if part.strip()]
        names = [part.split()[0].lower() for part in directives]
        for name in ("script-src", "connect-src"):
            if name in names:
                index = names.index(name)
                sources = [s for s in directives[index].split()[1:] if s != "'none'"]
                if "'self'" not in sources:
                    directives[index] = " ".join([name, "'self'", *sources])
            else:
                directives.append(f"{name} 'self'")
        return match.group(1) + html_module.escape("; ".join(directives), quote=True) + match.group(3)

    return re.sub(r'(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(")', allow, html, count=1)


def safe_target(out: Path, request_path: str) -> Path | None:
    """The file inside out/ a request names, or None for anything that would leave it (however encoded)."""
    path = urlsplit(request_path).path
    if "\\" in path or "\x00" in path:
        return None
    decoded = unquote(path)
    if "\\" in decoded or "\x00" in decoded or "%" in decoded and re.search(r"%[0-9a-fA-F]{2}", decoded):
        return None  # a second layer of encoding has no business in a deck's URLs
    parts = [part for part in decoded.split("/") if part]
    if any(part in (".", "..") or part.startswith(".") for part in parts):
        return None
    target = out.joinpath(*parts)
    try:
        resolved = target.resolve()
    except (OSError, RuntimeError):
        return None
    if not resolved.is_relative_to(out.resolve()):
        return None
    try:
        if resolved.is_dir():
            resolved = resolved / "index.html"
        resolved.is_file()  # a name too long for the file system raises here, not in the handler
    except (OSError, ValueError):
        return None
    return resolved


class DeckServer(Listener):

    def __init__(self, out: Path, port: int, live: LiveState):
        self.out = out.resolve()
        self.live = live
        self.presenting = None  # deck/presenting.py, once serve starts it: the rehearsal log, the phone remote
        super().__init__((HOST, port), DeckHandler)


class DeckHandler(GuardedHandler):
    """The built deck's files, under the Listener's caps and deadlines (deck/web.py), as the phone's."""

    server: DeckServer

    def do_HEAD(self):
        self.do_GET(body=False)

    def do_GET(self, body: bool = True):
        if not self._host_is_local():
            return self._plain(403, "Forbidden: this server answers only to 127.0.0.1 and localhost.\n", body)
        path = urlsplit(self.path).path
        if path.startswith(PRESENT_PREFIX) and self.server.presenting is not None:
            return self.server.presenting.get(self, path, body)
        if path == LIVE_PREFIX + "events":
            return stream(self, self.server.live.events())
        if path == LIVE_PREFIX + "live.js":
            return send(self, 200, "text/javascript; charset=utf-8", LIVE_SCRIPT.read_bytes(), body)
        target = safe_target(self.server.out, self.path)
        if target is None:
            return self._plain(403, "Forbidden: only the built deck is served.\n", body)
        if not target.is_file():
            if target.name == "index.html" and target.parent == self.server.out:
                page = ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>No deck yet</title>"
                        "</head><body><h1>No deck built yet</h1><p>Fix the problems shown in the terminal.</p>"
                        "</body></html>")
                html = add_live_script(page, self.server.live.build_id)
                return send(self, 200, "text/html; charset=utf-8", html.encode(), body)
            return self._plain(404, "Not found.\n", body)
        content = target.read_bytes()
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        deck_page = target == self.server.out / "index.html"
        if deck_page:
            content = add_live_script(content.decode("utf-8"), self.server.live.build_id).encode("utf-8")
        if kind.startswith("text/") or kind in ("application/json", "image/svg+xml"):
            kind += "; charset=utf-8"
        # Any other file opened by itself (an SVG from static/, say) is a document with no script.
        send(self, 200, kind, content, body, None if deck_page else {"Content-Security-Policy": FILE_POLICY})

    def do_POST(self):
        path = urlsplit(self.path).path
        if self._host_is_local() and path.startswith(PRESENT_PREFIX) and self.server.presenting is not None:
            return self.server.presenting.post(self, path)
        self.close_connection = True
        self._plain(403, "Forbidden.\n", True)

    def _host_is_local(self) -> bool:
        """Refuse other host names, so a web page cannot reach this server by DNS rebinding."""
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0].strip("[]").lower()
        return host in ("127.0.0.1", "localhost", "")

    def _plain(self, status: int, text: str, body: bool):
        send(self, status, "text/plain; charset=utf-8", text.encode(), body)
