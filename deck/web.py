"""The HTTP answers both of the engine's listeners give: serve's own (deck/server.py, deck/presenting.py)
and the phone's (deck/remote.py).

Owns send(), the one way a response leaves (the same safety headers on every answer), stream(),
Server-Sent Events with a heartbeat between, Channel, the events published to whoever listens
now, and Listener, the server both listeners are.
"""
from __future__ import annotations

import http.server
import queue
import sys
import threading
from contextlib import closing
from typing import Iterable, Iterator

HEARTBEAT_SECONDS = 15


def send(handler: http.server.BaseHTTPRequestHandler, status: int, kind: str, content: bytes, body: bool = True,
         headers: dict[str, str] | None = None) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", kind)
    handler.send_header("Content-Length", str(len(content)))
    handler.send_header("Cache-Control", "no-store")  # a reload must fetch the rebuilt files
    handler.send_header("X-Content-Type-Options", "nosniff")
    handler.send_header("Referrer-Policy", "no-referrer")  # the phone's token is in its page's address
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.end_headers()
    if body:
        handler.wfile.write(content)


def stream(handler: http.server.BaseHTTPRequestHandler, events: Iterable[tuple[str, str] | None]) -> None:
    """Server-Sent Events until the other end goes away: each (name, data) an event, None a heartbeat."""
    handler.close_connection = True
    with closing(events):  # a Channel's listener leaves as soon as its page does
        try:
            handler.send_response(200)
            handler.send_header("Content-Type", "text/event-stream")
            handler.send_header("Cache-Control", "no-store")
            handler.send_header("Connection", "close")
            handler.end_headers()
            handler.wfile.write(b": connected\n\n")
            handler.wfile.flush()
            for event in events:
                handler.wfile.write(b": heartbeat\n\n" if event is None else
                                    f"event: {event[0]}\ndata: {event[1]}\n\n".encode())
                handler.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, OSError):
            return


class Listener(http.server.ThreadingHTTPServer):
    """A server of the engine's: a thread per connection, and a browser or phone that goes away
    mid-request (a reset, a timeout) is no error worth a traceback in serve's terminal."""

    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


class Channel:
    """Events for whoever is listening now; with keep_last, a new listener first gets the latest."""

    def __init__(self, keep_last: bool = False):
        self._lock = threading.Lock()
        self._listeners: list[queue.Queue] = []
        self._keep_last = keep_last
        self._last: tuple[str, str] | None = None

    def publish(self, name: str, data: str) -> None:
        with self._lock:
            if self._keep_last:
                self._last = (name, data)
            for listener in self._listeners:
                listener.put((name, data))

    def listen(self) -> queue.Queue:
        listener: queue.Queue = queue.Queue()
        with self._lock:
            if self._keep_last and self._last is not None:
                listener.put(self._last)
            self._listeners.append(listener)
        return listener

    def leave(self, listener: queue.Queue) -> None:
        with self._lock:
            if listener in self._listeners:
                self._listeners.remove(listener)

    @property
    def listeners(self) -> int:
        with self._lock:
            return len(self._listeners)

    def events(self) -> _Listening:
        """For stream(): listening from now on (before the answer's headers, so nothing is missed)."""
        return _Listening(self)


class _Listening:
    """One listener of a Channel as stream() reads it: each event, None after a quiet heartbeat's time."""

    def __init__(self, channel: Channel):
        self._channel = channel
        self._queue = channel.listen()

    def __iter__(self) -> Iterator[tuple[str, str] | None]:
        while True:
            try:
                yield self._queue.get(timeout=HEARTBEAT_SECONDS)
            except queue.Empty:
                yield None

    def close(self) -> None:
        self._channel.leave(self._queue)
