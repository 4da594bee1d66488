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
import ipaddress
import secrets
import socket
import threading
from html import escape
from pathlib import Path
from string import Template
from urllib.parse import parse_qs, urlsplit

from .web import Channel, GuardedHandler, Listener, send, stream

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


# The network is not the laptop: whoever is on it may open connections and never finish them
# (deck/web.py's Listener caps them and sets their deadlines). The phone needs a handful (its
# page, two files, its events, a press). A request without the token is answered 403 and its
# connection closed; and addresses that never showed the token share all slots but the ones kept
# for an address that has: once the phone is in, a flood of wrong guesses cannot lock it out.
MAX_CONNECTIONS = 32
MAX_PER_ADDRESS = 8
KEPT_FOR_THE_PHONE = 8


class RemoteServer(Listener):
    max_connections = MAX_CONNECTIONS
    max_per_address = MAX_PER_ADDRESS

    def __init__(self, address: tuple[str, int], remote: Remote):
        self.remote = remote
        self._holders: set[str] = set()  # addresses a request with the token came from
        super().__init__(address, RemoteHandler)

    def admits(self, address: str) -> bool:
        if address in self._holders:
            return super().admits(address)
        strangers = sum(count for source, count in self._open.items() if source not in self._holders)
        return strangers < MAX_CONNECTIONS - KEPT_FOR_THE_PHONE and super().admits(address)

    def holder(self, address: str) -> None:
        with self._guard:
            self._holders.add(address)


class RemoteHandler(GuardedHandler):
    """Everything needs the token; nothing of the deck or the talk's folder is served here."""

    server: RemoteServer

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
                self.server.holder(self.client_address[0])
                return WITHOUT_SLASH
            return None
        if not self.server.remote.holds_token(parts[2]):
            return None
        self.server.holder(self.client_address[0])
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
        self.close_connection = True  # a wrong guess keeps no slot: the next one connects anew
        send(self, 403, "text/plain; charset=utf-8", b"Forbidden: this address needs the remote's token.\n", body,
             {"Connection": "close"})
