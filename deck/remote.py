"""The phone as a remote: `serve --remote` listens on the local network for one page and its presses.

    phone: GET /remote/<token>/           the page (deck/phone/: two huge buttons, titles, notes, clock)
           GET /remote/<token>/events     what the deck shows, as Server-Sent Events
           POST /remote/<token>/go?to=next|prev

Only holders of the token can read or drive anything: every other request, a wrong or missing
token included, gets 403 (the token is compared in constant time, and is new each start). This
listener answers nothing else: the deck itself stays on 127.0.0.1. The page loads only its own
script and stylesheet from here; no font, no script from anywhere else. Its answers leave
through deck/web.py, as serve's own do.
"""
from __future__ import annotations

import hmac
import http.server
import ipaddress
import secrets
import socket
import threading
import time
from html import escape
from pathlib import Path
from string import Template
from urllib.parse import parse_qs, urlsplit

from .web import Channel, Listener, send, stream

PHONE = Path(__file__).resolve().parent / "phone"
PAGE_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
               "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
WITHOUT_SLASH = "\x00"  # /remote/<token>: sent on to /remote/<token>/
FILES = {"phone.js": "text/javascript; charset=utf-8", "phone.css": "text/css; charset=utf-8"}


def network_address() -> str | None:
    """This machine's address on the local network: the one its default route leaves from.

    A UDP 'connect' sends nothing; it only asks the system which address it would send from.
    """
    for probe in ("192.0.2.1", "10.255.255.255", "8.8.8.8"):
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe_socket:
                probe_socket.connect((probe, 9))
                address = probe_socket.getsockname()[0]
        except OSError:
            continue
        if address and not ipaddress.ip_address(address).is_loopback and address != "0.0.0.0":
            return address
    return None


class Remote:
    """The phone's listener: a token, a URL with it, and what the deck shows now."""

    def __init__(self, host: str, port: int, words: dict[str, str]):
        self.token = secrets.token_urlsafe(18)  # 144 random bits, new each start
        self.words = words
        self.language = "en"  # the talk's, once serve has built it
        self.on_press = lambda to: None
        self.state = Channel(keep_last=True)
        self.server = RemoteServer((host, port), self)
        self.host, self.port = host, self.server.server_address[1]
        self.url = f"http://{self.host}:{self.port}/remote/{self.token}/"
        # Shown as an image (a data: URI) in the speaker view: a standalone SVG needs its namespace.
        self._qr_svg = self.qr().svg_inline(scale=6, border=4, dark="#000", light="#fff", title=self.url,
                                            omitsize=True).replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)

    def start(self) -> None:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def show(self, state_json: str) -> None:
        self.state.publish("state", state_json)

    def holds_token(self, given: str) -> bool:
        return hmac.compare_digest(given.encode("utf-8", "surrogateescape"), self.token.encode())

    def qr(self):
        import segno

        return segno.make(self.url, error="m")

    def qr_svg(self) -> str:
        return self._qr_svg

    def terminal_qr(self, out) -> None:
        self.qr().terminal(out=out, compact=True)

    def page(self) -> bytes:
        words = {key: escape(value) for key, value in self.words.items()} | {"lang": escape(self.language)}
        return Template((PHONE / "index.html").read_text(encoding="utf-8")).substitute(words).encode("utf-8")


# The network is not the laptop: whoever is on it may open connections and never finish them.
# Each connection gets a thread only within these caps (the phone needs a handful: its page, two
# files, its events, a press); one more is closed at once, unanswered. A request's head must
# arrive whole within HEAD_SECONDS (one byte every few seconds does not keep it open), and any
# socket that stalls for IDLE_SECONDS is closed.
MAX_CONNECTIONS = 32
MAX_PER_ADDRESS = 8
HEAD_SECONDS = 5.0
IDLE_SECONDS = 30.0


class RemoteServer(Listener):
    request_queue_size = 64

    def __init__(self, address: tuple[str, int], remote: Remote):
        self.remote = remote
        self._guard = threading.Lock()
        self._open: dict[str, int] = {}  # connections being served, by the address they come from
        self._heads: dict[socket.socket, float] = {}  # connections whose request head is due, and by when
        self._closed = threading.Event()
        super().__init__(address, RemoteHandler)
        threading.Thread(target=self._close_late_heads, daemon=True).start()

    def verify_request(self, request, client_address) -> bool:
        """Within the caps, or closed unanswered (socketserver closes it; no thread is started)."""
        address = client_address[0]
        with self._guard:
            if sum(self._open.values()) >= MAX_CONNECTIONS or self._open.get(address, 0) >= MAX_PER_ADDRESS:
                return False
            self._open[address] = self._open.get(address, 0) + 1
        return True

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self._guard:
                self._heads.pop(request, None)
                left = self._open.get(client_address[0], 1) - 1
                if left:
                    self._open[client_address[0]] = left
                else:
                    self._open.pop(client_address[0], None)

    def head_due(self, connection: socket.socket) -> None:
        with self._guard:
            self._heads[connection] = time.monotonic() + HEAD_SECONDS

    def head_read(self, connection: socket.socket) -> None:
        with self._guard:
            self._heads.pop(connection, None)

    def _close_late_heads(self) -> None:
        """One thread for all connections: a head not read in time has its socket shut, which ends
        the read its thread is blocked in."""
        while not self._closed.wait(0.5):
            now = time.monotonic()
            with self._guard:
                late = [connection for connection, due in self._heads.items() if due < now]
                for connection in late:
                    del self._heads[connection]
            for connection in late:
                try:
                    connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def server_close(self) -> None:
        self._closed.set()
        super().server_close()


class RemoteHandler(http.server.BaseHTTPRequestHandler):
    """Everything needs the token; nothing of the deck or the talk's folder is served here."""

    server: RemoteServer
    protocol_version = "HTTP/1.1"
    timeout = IDLE_SECONDS  # every read and write on the socket

    def log_message(self, format, *args):
        pass

    def handle_one_request(self):
        self.server.head_due(self.connection)  # each request on a kept-alive connection too
        super().handle_one_request()

    def parse_request(self) -> bool:
        parsed = super().parse_request()  # reads the headers: still under the head's deadline
        self.server.head_read(self.connection)
        return parsed

    def do_HEAD(self):
        self.do_GET(body=False)

    def do_GET(self, body: bool = True):
        name = self._authorised()
        if name is None:
            return self._refuse(body)
        remote = self.server.remote
        if name == WITHOUT_SLASH:
            return send(self, 302, "text/plain; charset=utf-8", b"", body,
                        {"Location": urlsplit(self.path).path + "/"})
        if name == "":
            return send(self, 200, "text/html; charset=utf-8", remote.page(), body,
                        {"Content-Security-Policy": PAGE_POLICY})
        if name in FILES:
            return send(self, 200, FILES[name], (PHONE / name).read_bytes(), body)
        if name == "events" and body:
            return stream(self, remote.state.events())
        return send(self, 404, "text/plain; charset=utf-8", b"Not found.\n", body)

    def do_POST(self):
        name = self._authorised()
        if name is None or name.split("?")[0] != "go":
            self.close_connection = True
            return self._refuse()
        to = parse_qs(urlsplit(self.path).query).get("to", [""])[0]
        if to not in ("next", "prev"):
            return send(self, 400, "text/plain; charset=utf-8", b"go?to=next or go?to=prev\n")
        self.server.remote.on_press(to)
        send(self, 204, "text/plain", b"")

    def _authorised(self) -> str | None:
        """What is asked for under /remote/<token>/, or None without the right token (or host)."""
        if not self._host_is_an_address():
            return None
        path = urlsplit(self.path).path
        parts = path.split("/")
        if len(parts) < 4 or parts[0] != "" or parts[1] != "remote":
            # /remote/<token> without its slash: the page's relative addresses need it
            if len(parts) == 3 and parts[1] == "remote" and self.server.remote.holds_token(parts[2]):
                return WITHOUT_SLASH
            return None
        if not self.server.remote.holds_token(parts[2]):
            return None
        return "/".join(parts[3:])

    def _host_is_an_address(self) -> bool:
        """The phone uses the printed address: a host name here would be DNS rebinding."""
        host = (self.headers.get("Host") or "").strip()
        host = host[1:host.find("]")] if host.startswith("[") else host.rsplit(":", 1)[0]
        try:
            ipaddress.ip_address(host)
            return True
        except ValueError:
            return host == "localhost"

    def _refuse(self, body: bool = True):
        send(self, 403, "text/plain; charset=utf-8", b"Forbidden: this address needs the remote's token.\n", body)
