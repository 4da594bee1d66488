"""Presenting in real Chromium: the speaker view with notes, next slide, clock, timer and pacing;
slide numbers, progress bar, overview and search."""
from __future__ import annotations

import re
import threading

import pytest

from conftest import ROOT
from deck.serve import DeckServer, LiveState
from deck.validate import load_deck

NOTES = ".speaker-controls-notes .value"


@pytest.fixture(scope="module")
def deck():
    return load_deck(ROOT / "talk.yaml")


@pytest.fixture(scope="module")
def over_http(built_talk):
    """The built deck behind `serve`'s own server (no rebuilds: just the files)."""
    server = DeckServer(built_talk, 0, LiveState())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    server.shutdown()
    server.server_close()


@pytest.fixture(params=["file", "http"])
def deck_url(request, built_talk):
    return (built_talk / "index.html").as_uri() if request.param == "file" else request.getfixturevalue("over_http")


def open_deck(browser, url: str):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    blocked: list[str] = []
    context.on("console", lambda message: blocked.append(message.text)
               if "Content Security Policy" in message.text else None)
    page.goto(url)
    page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=15000)
    return context, page, blocked


def first_words(slide, count: int = 6) -> str:
    """The first words of the slide's notes as the speaker view shows them (Markdown's quotes and all)."""
    from html import unescape

    return " ".join(unescape(re.sub(r"<[^>]+>", " ", slide.notes_html)).split()[:count])


def wait_for_notes(speaker, text: str):
    # Whitespace as read: a list in the notes (the script's beats) puts line breaks between its items.
    speaker.wait_for_function(f"text => ((document.querySelector('{NOTES}') || {{}}).textContent || '')"
                              ".replace(/\\s+/g, ' ').includes(text)", arg=text, timeout=20000)


def hms(text: str) -> int:
    hours, minutes, seconds = (int(part) for part in re.findall(r"\d+", text))
    return hours * 3600 + minutes * 60 + seconds


def test_speaker_view_shows_notes_next_slide_clock_timer_and_pacing_and_follows(browser, deck, deck_url):
    # From a slide past the first whose next slide moves on with one key too (no steps in either).
    at = next(i for i in range(1, len(deck.slides) - 2) if not deck.slides[i].steps and not deck.slides[i + 1].steps)
    context, page, blocked = open_deck(browser, deck_url)
    page.evaluate(f"Reveal.slide({at})")
    with context.expect_page() as popup:
        page.keyboard.press("s")
    speaker = popup.value
    wait_for_notes(speaker, first_words(deck.slides[at]))

    # Clock, running timer and pacing: the time left for this slide comes from its data-timing.
    assert re.fullmatch(r"\d{1,2}:\d\d\s?[AP]M", speaker.locator(".clock-value").inner_text().strip())
    assert re.fullmatch(r"\d\d:\d\d:\d\d", speaker.locator(".timer").inner_text().strip())
    pacing = speaker.locator(".speaker-controls-time .pacing")
    assert pacing.is_visible() and speaker.locator(".pacing-title").is_visible()
    speaker.wait_for_function("() => /on-track|ahead|behind/.test(document.querySelector('.speaker-controls-time .pacing').className)")
    # This slide ends at the planned seconds of the slides up to it; the timer has just started.
    planned = sum(slide.seconds for slide in deck.slides[:at + 1])
    left = hms(pacing.inner_text())
    assert planned - 30 <= left <= planned, (left, planned)

    # The upcoming slide is the next one in the deck.
    upcoming = next(frame for frame in speaker.frames if "controls=false" in frame.url)
    upcoming.wait_for_function(f"() => window.Reveal && Reveal.isReady() && Reveal.getIndices().h === {at + 1}",
                               timeout=20000)

    # Move on in the main window: the notes follow.
    page.keyboard.press("ArrowRight")
    wait_for_notes(speaker, first_words(deck.slides[at + 1]))
    assert first_words(deck.slides[at]) not in speaker.locator(NOTES).inner_text()
    # The slide's key phrase, the one line to land, stands above its script.
    from deck.markup import typographic

    first = speaker.evaluate(f"() => document.querySelector('{NOTES}').firstElementChild.textContent")
    assert first == "Key: " + typographic(deck.slides[at + 1].key)
    upcoming.wait_for_function(f"() => Reveal.getIndices().h === {at + 2}", timeout=20000)
    assert blocked == []
    context.close()


def test_slide_numbers_progress_bar_and_overview(browser, built_talk, deck):
    context, page, _ = open_deck(browser, (built_talk / "index.html").as_uri())
    total = len([slide for slide in deck.slides if not slide.on_request])  # one shown on request is not counted
    number = page.locator(".slide-number")
    assert number.is_visible()
    assert re.sub(r"\s", "", number.inner_text()) == f"1/{total}"
    progress = page.locator(".progress span")
    assert progress.bounding_box()["width"] == 0
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_function(f"() => document.querySelector('.slide-number').innerText.replace(/\\s/g, '') === '3/{total}'")
    # Two slides of the way through: the bar (animated) settles at 2 / (total - 1) of the width.
    expected = page.viewport_size["width"] * 2 / (total - 1)
    page.wait_for_function("expected => Math.abs(document.querySelector('.progress span')"
                           ".getBoundingClientRect().width - expected) < 2", arg=expected, timeout=5000)

    page.keyboard.press("o")
    page.wait_for_function("() => Reveal.isOverview()")
    assert page.locator(".reveal.overview").count() == 1
    visible = page.evaluate("[...document.querySelectorAll('.slides > section')].filter(s => "
                            "getComputedStyle(s).display !== 'none' && s.getBoundingClientRect().width > 0).length")
    assert visible > 3  # the overview lays several slides out at once
    page.keyboard.press("Escape")
    page.wait_for_function("() => !Reveal.isOverview()")
    context.close()


def test_search_finds_a_slide_by_its_words(browser, built_talk, deck):
    context, page, _ = open_deck(browser, (built_talk / "index.html").as_uri())
    target = next(slide for slide in deck.slides if slide.kind == "tool")
    word = max(target.title.split(), key=len)
    page.keyboard.press("Control+Shift+F")
    box = page.locator(".searchbox .searchinput")
    box.wait_for(state="visible")
    box.fill(word)
    box.press("Enter")
    page.wait_for_function("word => Reveal.getCurrentSlide().textContent.toLowerCase().includes(word.toLowerCase())",
                           arg=word, timeout=10000)
    assert page.evaluate("Reveal.getIndices().h") > 0
    context.close()


def qr_modules(svg: str) -> set[tuple[int, int]]:
    """The dark modules an inline segno SVG draws: its path is runs of 'h' along rows, moved by 'm'."""
    path = re.search(r'<path class="qrline"[^>]* d="([^"]+)"', svg).group(1)
    dark, x, y = set(), 0.0, 0.0
    for command, numbers in re.findall(r"([MmHh])([-\d.\s]+)", path):
        values = [float(n) for n in numbers.split()]
        if command == "M":
            x, y = values
        elif command == "m":
            x, y = x + values[0], y + values[1]
        else:
            length = values[0] if command == "h" else values[0] - x
            dark |= {(int(x) + i, int(y)) for i in range(int(length))}
            x += length
    return dark


def qr_codes_on(browser, built_talk, anchor: str) -> tuple[list[dict], dict]:
    """Each QR code on a slide at 1920x1080 as the room sees it (what it draws, where it leads, its
    caption and box), and the boxes of the slide's title and of what else it shows."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, reduced_motion="reduce")
    page = context.new_page()
    page.goto((built_talk / "index.html").as_uri() + f"#/{anchor}")
    page.wait_for_function(f"() => window.Reveal && Reveal.isReady() && Reveal.getCurrentSlide().id === '{anchor}'")
    page.evaluate("() => document.fonts.ready.then(() => true)")
    codes = page.evaluate("""() => [...Reveal.getCurrentSlide().querySelectorAll('svg.qr')].map(svg => {
        const r = svg.getBoundingClientRect(), caption = svg.closest('figure').querySelector('figcaption');
        return {svg: svg.outerHTML, href: svg.closest('a').href, title: svg.querySelector('title').textContent,
                caption: caption.innerText, captionBox: [caption.getBoundingClientRect().left,
                caption.getBoundingClientRect().top, caption.getBoundingClientRect().width, caption.getBoundingClientRect().height],
                smallest: Math.min(...[...caption.querySelectorAll('*')].map(e => parseFloat(getComputedStyle(e).fontSize))),
                box: [r.left, r.top, r.width, r.height]};
    })""")
    # The title's words (its block spans the frame), each card whole.
    others = page.evaluate("""() => Object.fromEntries([...Reveal.getCurrentSlide().querySelectorAll('h2, ol.recap > li')]
        .map((e, i) => { const range = document.createRange(); range.selectNodeContents(e);
                         const r = e.tagName === 'H2' ? range.getBoundingClientRect() : e.getBoundingClientRect();
                         return [e.tagName + i, [r.left, r.top, r.width, r.height]]; }))""")
    context.close()
    return codes, others


def reads_as(code: dict, url: str) -> None:
    """What a phone reads: the drawn modules are the URL's QR code (4-module quiet zone around it),
    the code leads there, and its address is written beside it."""
    import segno

    expected = segno.make(url, error="m")
    drawn = qr_modules(code["svg"])
    assert drawn == {(x + 4, y + 4) for y, row in enumerate(expected.matrix) for x, bit in enumerate(row) if bit}
    assert code["href"].rstrip("/") == url.rstrip("/")
    assert url in code["title"] and url.removeprefix("https://") in code["caption"].replace("\n", "")
    left, top, width, height = code["box"]
    assert left >= 0 and top >= 0 and left + width <= 1920 and top + height <= 1080


def test_closing_slide_has_qr_codes_for_the_slides_and_feedback_links(browser, built_talk, deck):
    codes, _ = qr_codes_on(browser, built_talk, "closing")
    links = deck.talk.links
    assert len(codes) == 2
    for code, url in zip(codes, (links.slides, links.feedback)):
        reads_as(code, url)
        assert code["box"][2] == code["box"][3] >= 360  # large enough to scan from the middle of a room


def test_the_recap_says_where_the_slides_and_the_handout_are(browser, built_talk, deck):
    """The closing slide is shown only on request: the takeaways' slide carries the address and its
    code, large enough for a phone at the back of a hall, legible, clear of the three cards."""
    codes, others = qr_codes_on(browser, built_talk, "recap")
    assert len(codes) == 1
    code = codes[0]
    reads_as(code, deck.talk.links.slides)
    assert code["caption"].startswith(deck.labels("handout_link"))
    width, height = code["box"][2:]
    assert abs(width - height) < 1 and width >= 440 and code["smallest"] >= 32
    # A version 3 code (29 modules and its quiet zone) at 440 px and more: 12 px a module, what a
    # phone reads from the back of a large hall; a longer address draws more modules, each smaller.
    assert code["box"][2] / (len(__import__("segno").make(deck.talk.links.slides, error="m").matrix) + 8) >= 5

    def apart(a, b):
        return a[0] + a[2] <= b[0] or b[0] + b[2] <= a[0] or a[1] + a[3] <= b[1] or b[1] + b[3] <= a[1]

    assert len(others) == 1 + len(deck.talk.takeaways)
    assert all(apart(code["box"], box) and apart(code["captionBox"], box) for box in others.values()), others
