"""The phone as a remote: `serve --remote` driven from a second Chromium page acting as the phone,
the token that guards it, and nothing listening beyond 127.0.0.1 without it."""
from __future__ import annotations

import http.client
import re
import socket
import time
from urllib.parse import unquote, urlsplit

import pytest

from deck.remote import network_address
from deck.validate import load_deck
from test_serve import Served
from test_speaker_view import qr_modules

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


def request(url: str, method: str = "GET", host: str | None = None) -> tuple[int, bytes]:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    connection.putrequest(method, parts.path + (f"?{parts.query}" if parts.query else ""), skip_host=True)
    connection.putheader("Host", host or parts.netloc)
    connection.putheader("Content-Length", "0")
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


@pytest.fixture
def remote(talk_dir):
    server = Served(talk_dir, "--remote")
    server.phone = server.wait_for(r"phone remote: (http://\S+/remote/[\w-]+/)").group(1)
    yield server
    server.stop()


def phone_shows(phone, number: int, total: int, title: str):
    phone.wait_for_function("([number, title]) => document.getElementById('number').textContent === number && "
                            "document.getElementById('title').textContent === title",
                            arg=[f"{number} / {total}", title], timeout=10000)


def test_a_phone_drives_the_deck_and_the_speaker_view(remote, talk_dir, browser):
    slides = load_deck(talk_dir / "talk.yaml").slides
    total = len(slides)
    address = urlsplit(remote.phone)
    assert address.hostname == network_address() and address.port == remote.port  # the local network

    laptop = browser.new_context(viewport={"width": 1280, "height": 720})
    violations: list[str] = []

    def policed(page):  # nothing added here may break the pages' Content-Security-Policy
        page.on("console", lambda message: violations.append(message.text)
                if "Content Security Policy" in message.text else None)
        return page

    deck = policed(laptop.new_page())
    deck.goto(remote.url)
    deck.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=15000)
    with laptop.expect_page() as popup:
        deck.keyboard.press("s")
    speaker = policed(popup.value)
    # The speaker view shows the phone's address and its QR code.
    speaker.locator("#deck-remote .deck-remote-url").wait_for(timeout=20000)
    assert speaker.locator("#deck-remote .deck-remote-url").inner_text() == remote.phone
    image = speaker.locator("#deck-remote img").get_attribute("src")
    svg = unquote(image.split(",", 1)[1])
    import segno

    expected = segno.make(remote.phone, error="m")
    assert qr_modules(svg) == {(x + 4, y + 4) for y, row in enumerate(expected.matrix) for x, bit in enumerate(row) if bit}
    assert speaker.evaluate("() => document.querySelector('#deck-remote img').naturalWidth") > 0  # it is drawn

    handset = browser.new_context(**PHONE)
    phone = policed(handset.new_page())
    outside: list[str] = []
    origin = f"{address.scheme}://{address.netloc}/"

    def guard(route):
        if route.request.url.startswith(origin):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    phone.route("**/*", guard)
    phone.goto(remote.phone)
    phone_shows(phone, 1, total, slides[0].title)
    assert phone.locator("#next-title").inner_text() == slides[1].title
    assert " ".join(slides[0].notes.split()) in " ".join(phone.locator("#notes").inner_text().split())
    assert re.fullmatch(r"\d\d:\d\d", phone.locator("#time-of-day").inner_text())
    assert re.fullmatch(r"\d+:\d\d", phone.locator("#elapsed").inner_text())
    # Two huge buttons: together most of the width, each a good part of the screen's height.
    for name in ("next", "previous"):
        box = phone.locator(f"#{name}").bounding_box()
        assert box["height"] >= 0.3 * 844 and box["width"] >= 0.3 * 390, (name, box)

    started = time.monotonic()
    phone.locator("#next").tap()
    deck.wait_for_function("() => Reveal.getIndices().h === 1", timeout=5000)
    print(f"phone press to deck moved: {(time.monotonic() - started) * 1000:.0f} ms")
    speaker.wait_for_function("text => document.querySelector('.speaker-controls-notes .value').textContent"
                              ".includes(text)", arg=" ".join(slides[1].notes.split()[:3]), timeout=5000)
    phone_shows(phone, 2, total, slides[1].title)
    assert phone.locator("#next-title").inner_text() == slides[2].title

    phone.locator("#next").tap()
    deck.wait_for_function("() => Reveal.getIndices().h === 2", timeout=5000)
    phone.locator("#previous").tap()
    deck.wait_for_function("() => Reveal.getIndices().h === 1", timeout=5000)
    phone_shows(phone, 2, total, slides[1].title)
    assert outside == []  # the page loads nothing from outside
    assert violations == []

    # A wrong token drives nothing and reads nothing.
    wrong = remote.phone.replace(address.path, "/remote/" + "x" * 24 + "/")
    assert request(wrong + "go?to=next", "POST")[0] == 403
    assert request(wrong)[0] == 403 and request(wrong + "events")[0] == 403
    deck.wait_for_timeout(500)
    assert deck.evaluate("Reveal.getIndices().h") == 1
    handset.close()
    laptop.close()


def test_only_the_token_opens_the_remote_and_the_deck_stays_on_localhost(remote, talk_dir):
    phone = remote.phone
    address = urlsplit(phone)
    token = address.path.split("/")[2]
    lan = f"{address.scheme}://{address.netloc}"
    status, page = request(phone)
    assert status == 200 and b"<button" in page
    assert request(phone + "phone.js")[0] == 200
    near_miss = token[:-1] + ("A" if token[-1] != "A" else "B")
    for path in ("/", "/index.html", "/remote/", f"/remote/{near_miss}/", f"/remote/{token}x/", f"/remote/{token[:-1]}/",
                 f"/remote/{near_miss}/phone.js", "/__live__/present/report", "/reveal/reveal.js",
                 f"/../remote/{token}/x", "/talk.yaml"):
        status, body = request(lan + path)
        assert status == 403, path
        assert token.encode() not in body
    assert request(lan + f"/remote/{near_miss}/go?to=next", "POST")[0] == 403
    # A name that points here is refused even with the token (DNS rebinding).
    assert request(phone, host=f"attacker.example:{address.port}")[0] == 403
    # The deck and its reports are not on the local network, only on 127.0.0.1.
    assert request(f"{remote.url}")[0] == 200

    # A new token each start.
    again = Served(talk_dir, "--remote")
    try:
        other = again.wait_for(r"phone remote: (http://\S+/remote/[\w-]+/)").group(1)
        assert urlsplit(other).path.split("/")[2] != token and len(token) >= 22
        assert request(phone.replace(str(address.port), str(again.port)))[0] == 403  # the old token is no good
    finally:
        again.stop()


def test_without_remote_nothing_listens_beyond_localhost(talk_dir):
    host = network_address()
    assert host is not None, "this test needs an address on a local network"
    server = Served(talk_dir)
    try:
        assert not any("phone remote" in line for line in server.lines)
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection((host, server.port), timeout=5).close()
        socket.create_connection(("127.0.0.1", server.port), timeout=5).close()
    finally:
        server.stop()
