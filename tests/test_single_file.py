"""The single-file export in real Chromium: copied alone into an empty folder, opened with the
network cut off, it is the whole deck, its reading view shows every slide's notes, and its speaker
view opens; its Content-Security-Policy lets nothing out, not even a script someone adds to it."""
from __future__ import annotations

import re
import shutil
from html import unescape

import pytest

from conftest import ROOT, refuse_requests
from deck.export import slug
from deck.notes import readers_text
from deck.validate import load_deck

SIZE_BUDGET = 450 * 1024  # the size goal for the whole talk, fonts included (issues: speed and size; 22)

# Runs before the page's own scripts (Playwright injects it outside the page's policy): it records
# what the Content-Security-Policy refused, so a blocked font or script fails the test visibly.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation',
  event => window.__violations.push(event.violatedDirective + ' ' + event.blockedURI));
"""


@pytest.fixture(scope="module")
def deck():
    return load_deck(ROOT / "talk.yaml")


@pytest.fixture
def alone(built_talk, deck, tmp_path):
    """The single file, copied alone into an empty folder: no sibling files to lean on."""
    folder = tmp_path / "mail-attachment"
    folder.mkdir()
    name = f"{slug(deck.talk.title)}.html"
    shutil.copyfile(built_talk / name, folder / name)
    assert [path.name for path in folder.iterdir()] == [name]
    return folder / name


def open_cut_off(page, url: str, refused: list[str] | None = None) -> list[str]:
    """Open the file with the network cut off; returns every request that got past the page's policy.

    Requests reach the route guard only once the Content-Security-Policy has let them through; any
    such request other than the file itself or a data: URI is recorded (and refused). What the
    policy itself blocked never goes out; it is listed in refused.
    """
    document = url.split("?", 1)[0].split("#", 1)[0]
    outside = refuse_requests(page, lambda target: target.startswith("data:")
                              or target.split("?", 1)[0].split("#", 1)[0] == document)
    if refused is not None:
        page.on("requestfailed", lambda request: refused.append(request.url) if request.failure == "csp" else None)
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(url)
    page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=15000)
    return outside


def notes_text(html_or_text: str) -> str:
    """Notes compared as a reader sees them: tags gone, entities decoded, white space collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html_or_text)).split())


def test_single_file_is_the_whole_deck_offline(page, alone, deck):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    requests = open_cut_off(page, alone.as_uri())
    assert page.evaluate("Reveal.getTotalSlides()") == len([s for s in deck.slides if not s.on_request])
    # Every slide is a page of the reading view, the one shown on request included (reveal counts it out).
    assert page.evaluate("[...document.querySelectorAll('.reveal .slides section[data-kind]')].map(s => s.id)") \
        == [slide.anchor for slide in deck.slides]
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('40px \"Atkinson Hyperlegible\"')")
    assert page.evaluate("[...document.fonts].some(f => f.family.includes('Atkinson') && f.status === 'loaded')")
    assert page.evaluate("window.__violations") == []
    assert requests == [] and errors == []
    assert page.evaluate("Reveal.isScrollView()") is True  # reviewers read: it opens in the reading view


def test_every_character_read_has_its_glyph_in_every_face(page, alone):
    """The fonts are subset to the talk's characters: every character a reader sees, in the reading
    view and the slides, is drawn by each of the four faces, none by a fallback font."""
    import base64
    import io

    from fontTools.ttLib import TTFont

    open_cut_off(page, alone.as_uri())
    shown = set(page.evaluate("document.body.innerText")) - set(" \n\t\u00a0")
    declared = re.findall(r'@font-face\{([^}]*)src:url\("data:font/woff2;base64,([^"]+)"\)', alone.read_text(encoding="utf-8"))
    faces = [face for rules, face in declared if "unicode-range" not in rules]
    assert len(faces) == 4
    for face in faces:
        mapped = TTFont(io.BytesIO(base64.b64decode(face))).getBestCmap()
        assert sorted(character for character in shown if ord(character) not in mapped) == []
    # and the theme's plain zero, one face for each of the four, for the digit alone
    zeros = [face for rules, face in declared if "unicode-range:U+0030" in rules.replace(" ", "")]
    assert len(zeros) == 4 and all(set(TTFont(io.BytesIO(base64.b64decode(face))).getBestCmap()) == {0x30}
                                   for face in zeros)


def test_single_file_refers_to_nothing_outside_itself(alone):
    text = alone.read_text(encoding="utf-8")
    assert alone.stat().st_size <= SIZE_BUDGET, f"{alone.stat().st_size:,} bytes"
    markup = re.sub(r"<script\b([^>]*)>.*?</script>", r"<script\1></script>", text, flags=re.S)  # tags, not code
    assert not re.search(r"<(script|img|iframe|source|video|audio)\b[^>]*\ssrc=\"(?!data:)", markup)
    assert not re.search(r"<link\b[^>]*rel=\"stylesheet\"", markup)
    assert re.findall(r"url\((?!\"?data:)", "".join(re.findall(r"<style>(.*?)</style>", text, flags=re.S))) == []
    policy = unescape(re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', text).group(1))
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    assert directives["default-src"] == ["'none'"]
    assert directives["script-src"] and all(source.startswith("'sha256-") for source in directives["script-src"])
    assert directives["font-src"] == ["data:"] and directives["img-src"] == ["data:"]
    assert "connect-src" not in directives  # falls back to default-src 'none'
    assert not re.search(r"https?:|\*", policy)


def test_policy_stops_what_someone_adds_to_the_file(page, alone, tmp_path):
    """An injected script does not run and an injected image or font request never leaves."""
    text = alone.read_text(encoding="utf-8")
    tampered = tmp_path / "tampered.html"
    head, tail = text.rsplit("</body>", 1)  # the page's own end, not a '</body>' inside a script's string
    tampered.write_text(head + '<img src="https://example.org/pixel.png" alt=""><script>window.__injected = true'
                        '</script><style>@font-face{font-family:x;src:url(https://example.org/x.woff2)}'
                        'body{font-family:x}</style></body>' + tail, encoding="utf-8")
    refused: list[str] = []
    requests = open_cut_off(page, tampered.as_uri(), refused)
    assert page.evaluate("window.__injected") is None
    assert requests == []
    page.wait_for_function("() => window.__violations.length >= 3")
    assert sorted(refused) == ["https://example.org/pixel.png", "https://example.org/x.woff2"]
    violations = page.evaluate("window.__violations")
    assert any(v.startswith("script-src") for v in violations)
    assert any(v.startswith("img-src") and "example.org" in v for v in violations)


def reading_notes(page) -> list[str]:
    page.wait_for_function("() => document.querySelectorAll('.reading-notes').length > 0")
    return page.evaluate("""[...document.querySelectorAll('.reading-notes')].map(block => {
        const copy = block.cloneNode(true);
        copy.querySelector('.reading-notes-label').remove();
        return copy.textContent;
    })""")


def test_reading_view_by_url_shows_every_slides_notes(page, alone, deck):
    requests = open_cut_off(page, alone.as_uri() + "?view=scroll")
    assert page.evaluate("Reveal.isScrollView()") is True
    shown = reading_notes(page)
    # Each slide's script, after its staging lines (the key phrase, a cut).
    assert len(shown) == len(deck.slides)
    # (the reader's copy: the speaker's prompts and stage directions left out)
    assert all(notes_text(text).endswith(notes_text(readers_text(slide))) for text, slide in zip(shown, deck.slides))
    # Each slide's notes come right after that slide, and a reader can actually see them.
    # (a model entry's detail may come between a slide and its notes: the order of those two is what counts)
    order = page.evaluate("""[...document.querySelectorAll('.reveal .slides > *:not(.reading-details)')]
        .map(el => el.classList.contains('reading-notes') ? 'notes' : el.querySelector('section').id)""")
    assert order == [item for slide in deck.slides for item in (slide.anchor, "notes")]
    last = page.locator(".reading-notes").last
    last.scroll_into_view_if_needed()
    assert last.is_visible() and last.bounding_box()["height"] > 40
    assert page.evaluate("window.__violations") == [] and requests == []


def test_reading_view_from_the_control_and_back_by_keyboard(page, alone, deck):
    open_cut_off(page, alone.as_uri() + "?view=present")
    control = page.locator("#view-switch")
    # While presenting the switch is out of sight (nothing for readers on the projector) ...
    assert control.bounding_box()["width"] <= 1
    page.keyboard.press("Tab")  # ... until a keyboard reaches it: the first thing on the page
    assert page.evaluate("document.activeElement.id") == "view-switch"
    assert control.bounding_box()["width"] > 50 and control.inner_text() == "Reading view"
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "view=scroll" in url)
    page.wait_for_function("() => window.Reveal && Reveal.isReady() && Reveal.isScrollView()")
    assert len(reading_notes(page)) == len(deck.slides)
    assert control.inner_text() == "Presenting view"
    control.click()
    page.wait_for_function("() => window.Reveal && Reveal.isReady() && !Reveal.isScrollView()")
    assert "view=present" in page.url and page.locator(".reading-notes").count() == 0


def test_control_is_not_printed(page, alone):
    open_cut_off(page, alone.as_uri())
    page.emulate_media(media="print")
    assert not page.locator("#view-switch").is_visible()


def test_speaker_view_opens_from_the_single_file(page, alone, deck):
    open_cut_off(page, alone.as_uri() + "?view=present")
    popup_violations: list[str] = []
    with page.context.expect_page() as opened:
        page.keyboard.press("s")
    speaker = opened.value
    speaker.on("console", lambda message: popup_violations.append(message.text)
               if "Content Security Policy" in message.text else None)
    # Connected: the plugin's "connecting" overlay is hidden and the first slide's notes are shown.
    speaker.wait_for_function("() => document.querySelector('#connection-status').style.display === 'none'",
                              timeout=15000)
    notes = speaker.locator(".speaker-controls-notes .value")
    notes.wait_for(state="visible")
    assert notes_text(notes.inner_html()).endswith(notes_text(deck.slides[0].notes_html))
    # Its preview of the current slide is this same file, running in a frame.
    current = speaker.frame_locator("#current-slide iframe")
    assert current.locator(f"section#{deck.slides[0].anchor}").count() == 1
    # Moving on in the main window moves the speaker view on too.
    page.keyboard.press("ArrowRight")
    speaker.wait_for_function("(text) => document.querySelector('.speaker-controls-notes .value').textContent"
                              ".replace(/\\s+/g, ' ').includes(text)", arg=notes_text(deck.slides[1].notes_html)[:60])
    assert popup_violations == []
