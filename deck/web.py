"""The HTTP answers both of the engine's listeners give: serve's own (deck/server.py, deck/presenting.py)
and the phone's (deck/remote.py).

Owns send(), the one way a response leaves (the same safety headers on every answer), stream(),
Server-Sent Events with a heartbeat between, Channel, the events published to whoever listens
now, and Listener, the server both listeners are, with its caps and deadlines (GuardedHandler).
"""
from __future__ import annotations

import http.server
import queue
import socket
import sys
import threading
import time
from contextlib import closing
from typing import Iterable, Iterator

HEARTBEAT_SECONDS = 15
HEAD_SECONDS = 5.0  # a request's head arrives whole within this, or its connection is closed
IDLE_SECONDS = 30.0  # a socket that stalls this long is closed


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
    """A server of the engine's: a thread per connection, within caps, and a browser or phone that
    goes away mid-request (a reset, a timeout) is no error worth a traceback in serve's terminal.

    Whoever can reach a listener may open connections and never finish them. Each connection gets
    a thread only within max_connections (and max_per_address from one address); one more is
    closed at once, unanswered. A request's head must arrive whole within HEAD_SECONDS (one byte
    every few seconds does not keep it open), and a socket that stalls for IDLE_SECONDS is closed
    (GuardedHandler)."""

    daemon_threads = True
    request_queue_size = 64
    max_connections = 64
    max_per_address = 64

    def __init__(self, address: tuple[str, int], handler):
        self._guard = threading.Lock()
        self._open: dict[str, int] = {}  # connections being served, by the address they come from
        self._heads: dict[socket.socket, float] = {}  # connections whose request head is due, and by when
        self._closed = threading.Event()
        super().__init__(address, handler)
        threading.Thread(target=self._close_late_heads, daemon=True).start()

    def handle_error(self, request, client_address) -> None:
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)

    def verify_request(self, request, client_address) -> bool:
        """Within the caps, or closed unanswered (socketserver closes it; no thread is started)."""
        address = client_address[0]
        with self._guard:
            if not self.admits(address) or self._open.get(address, 0) >= self.max_per_address:
                return False
            self._open[address] = self._open.get(address, 0) + 1
        return True

    def admits(self, address: str) -> bool:
        """Whether a connection from address may have a thread now (called holding the guard)."""
        return sum(self._open.values()) < self.max_connections

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


class GuardedHandler(http.server.BaseHTTPRequestHandler):
    """A request handler under its Listener's deadlines: the head's, and the idle socket's."""

    server: Listener
    protocol_version = "HTTP/1.1"
    timeout = IDLE_SECONDS  # every read and write on the socket

    def log_message(self, format, *args):  # the terminal is for rebuilds and problems
        pass

    def handle_one_request(self):
        self.server.head_due(self.connection)  # each request on a kept-alive connection too
        super().handle_one_request()

    def parse_request(self) -> bool:
        parsed = super().parse_request()  # reads the headers: still under the head's deadline
        self.server.head_read(self.connection)
        return parsed


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
