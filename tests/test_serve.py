"""`build.py serve` as a speaker uses it: a real server process, real file saves, real Chromium."""
from __future__ import annotations

import html
import http.client
import os
import queue
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import ROOT, run_build
from deck.validate import load_deck


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the real talk (talk.yaml, slides/, static/) the test may edit."""
    folder = tmp_path / "talk"
    folder.mkdir()
    shutil.copy(ROOT / "talk.yaml", folder / "talk.yaml")
    shutil.copytree(ROOT / "slides", folder / "slides")
    shutil.copytree(ROOT / "static", folder / "static")
    return folder


class Served:
    """`build.py serve --port 0` in its own process; its terminal output collected line by line."""

    def __init__(self, project: Path, *options: str):
        self.project = project
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "serve", "--talk", str(project / "talk.yaml"), "--port", "0", *options],
            cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
        self.lines: list[str] = []
        self._new: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.url = self.wait_for(r"serving (http://127\.0\.0\.1:\d+/)").group(1)
        self.port = urlsplit(self.url).port
        # The folder it serves: a temporary one of its own unless --out names one.
        self.dist = Path(self.wait_for(r"built \d+ slides into (\S+) in").group(1))

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))
            self._new.put(None)

    def wait_for(self, pattern: str, start: int = 0, timeout: float = 30) -> re.Match:
        """The first terminal line from `start` on that matches, waiting for it to be printed."""
        deadline = time.monotonic() + timeout
        seen = start
        while True:
            for line in self.lines[seen:]:
                match = re.search(pattern, line)
                if match:
                    return match
            seen = max(seen, len(self.lines))
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self.process.poll() is not None and self._new.empty():
                raise AssertionError(f"no line matching {pattern!r}; the terminal showed:\n" + "\n".join(self.lines))
            try:
                self._new.get(timeout=min(remaining, 0.5))
            except queue.Empty:
                pass

    def get(self, path: str, host: str | None = None) -> tuple[int, bytes]:
        """A request with the path sent exactly as given (no client-side normalising)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        connection.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
        connection.putheader("Host", host or f"127.0.0.1:{self.port}")
        connection.endheaders()
        response = connection.getresponse()
        body = response.read()
        connection.close()
        return response.status, body

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture
def served(project):
    server = Served(project)
    yield server
    server.stop()


def save(path: Path, text: str) -> None:
    """Save as editors do: write a new file beside the old one and rename it over."""
    temporary = path.with_name(path.name + ".saving")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should occur once in {path.name}"
    save(path, text.replace(old, new))


def open_deck(browser, url: str):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto(url)
    page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=15000)
    page.evaluate("window.loadedBeforeTheSave = true")  # gone once the page has reloaded
    return context, page


# -- what is served, and what is not -------------------------------------------------------------

LEAVING = ["/../talk.yaml", "/%2e%2e/talk.yaml", "/%2E%2E/%2E%2E/etc/passwd", "/static/..%2f..%2ftalk.yaml",
           "/static/%2e%2e/%2e%2e/talk.yaml", "/..%5ctalk.yaml", "/%252e%252e/talk.yaml", "/./../talk.yaml",
           "/static/../../talk.yaml", "//etc/passwd", "/talk.yaml", "/slides/the-myth.md", "/.%2e/.%2e/talk.yaml"]


def test_serve_binds_to_localhost_and_serves_only_the_built_deck(served):
    assert served.url.startswith("http://127.0.0.1:")
    status, page = served.get("/")
    assert status == 200 and b'<div class="reveal">' in page
    assert served.get("/reveal/reveal.js")[0] == 200
    for path in LEAVING:
        status, body = served.get(path)
        assert status in (403, 404), path
        assert b"slot_minutes" not in body and b"root:" not in body, path
    # A page elsewhere on the web cannot reach the deck through a name that points here.
    assert served.get("/", host="attacker.example:80")[0] == 403


def test_reload_script_is_added_when_served_not_written_into_dist(served, project):
    status, page = served.get("/")
    assert b'src="/__live__/live.js"' in page
    policy = html.unescape(re.search(rb'http-equiv="Content-Security-Policy" content="([^"]*)"', page).group(1).decode())
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    assert "'self'" in directives["connect-src"] and "'self'" in directives["script-src"]
    assert all(source.startswith(("'", "data:")) for sources in directives.values() for source in sources)
    built = served.dist
    on_disk = (built / "index.html").read_text(encoding="utf-8")
    assert "__live__" not in on_disk
    # Serving builds into a folder of its own: dist/ (the single file, the PDFs) is left alone.
    assert built.parent != project and not (project / "dist").exists()


# -- rebuild and reload ---------------------------------------------------------------------------

def test_an_edit_rebuilds_and_reloads_the_browser_on_the_same_slide(served, project, browser):
    deck = load_deck(project / "talk.yaml")
    slide = next(s for s in deck.slides if s.kind == "root")
    index = deck.slides.index(slide)
    context, page = open_deck(browser, f"{served.url}#/{slide.anchor}")
    assert page.evaluate("Reveal.getIndices().h") == index
    mark = len(served.lines)

    # A root's slide is titled with the root as a question ("Who decides?"), written in talk.yaml.
    replace_once(project / "talk.yaml", f"title: {slide.title}\n", "title: Who picks the work?\n")

    page.wait_for_function("() => !window.loadedBeforeTheSave && window.Reveal && Reveal.isReady() && "
                           "Reveal.getCurrentSlide().querySelector('h2').textContent"
                           ".includes('Who picks the work?')", timeout=20000)
    assert page.evaluate("Reveal.getIndices().h") == index
    line = served.wait_for(r"talk\.yaml: rebuilt in (\d+) ms", start=mark)
    print(line.string)
    context.close()


def test_a_saved_slide_is_rendered_alone_and_the_browser_shows_the_page_a_build_makes(served, project, browser):
    """One slide's words saved: the terminal says that slide alone was rendered, the browser reloads
    on it showing the new words, and the page written is byte for byte a fresh build's."""
    from deck.render import render

    deck = load_deck(project / "talk.yaml")
    index = next(number for number, slide in enumerate(deck.slides) if slide.source[0] == "slides/spot-them.md")
    context, page = open_deck(browser, f"{served.url}#/{deck.slides[index].anchor}")
    mark = len(served.lines)

    replace_once(project / "slides" / "spot-them.md", "technical work on one list?", "technical work on one list today?")

    page.wait_for_function("() => !window.loadedBeforeTheSave && window.Reveal && Reveal.isReady() && "
                           "Reveal.getCurrentSlide().textContent.includes('one list today?')", timeout=20000)
    assert page.evaluate("Reveal.getIndices().h") == index
    served.wait_for(rf"slides/spot-them\.md: rebuilt in \d+ ms \(.*, 1 of {len(deck.slides)} slides rendered\); "
                    r"wrote index\.html$", start=mark)
    written = (served.dist / "index.html").read_text(encoding="utf-8")
    assert written == render(load_deck(project / "talk.yaml"))["index.html"]
    context.close()


def test_a_build_error_shows_located_in_the_terminal_and_over_the_last_good_deck(served, project, browser):
    talk = project / "talk.yaml"
    good = talk.read_text(encoding="utf-8")
    context, page = open_deck(browser, served.url)
    title = page.evaluate("document.title")
    mark = len(served.lines)

    broken = good.replace("slot_minutes: 45\n", "slot_minutes: forty-five\n", 1)
    assert broken != good
    save(talk, broken)
    check = run_build("check", "--talk", str(talk))
    assert check.returncode == 1
    located = [line for line in check.stderr.splitlines() if re.match(r"talk\.yaml:\d+:\d+: ", line)]
    assert located, check.stderr

    overlay = page.locator("#build-problems")
    overlay.wait_for(state="visible", timeout=20000)
    # Over the deck, fixed to the window, red-bordered: the styles live.js gives it through the CSSOM.
    assert overlay.evaluate("e => [getComputedStyle(e).position, getComputedStyle(e).borderTopColor]") == [
        "fixed", "rgb(255, 107, 87)"]
    # Its heading in the talk's words, from the page's own labels (deck/live.js reads them there).
    assert overlay.inner_text().startswith(f"The build failed. Problems: {len(located)}. The deck below is the last good build")
    for line in located:
        assert line in overlay.inner_text()
        served.wait_for(re.escape(line), start=mark)
    served.wait_for(r"still serving the last good deck", start=mark)
    assert page.evaluate("window.loadedBeforeTheSave && Reveal.isReady()")  # the deck stays up underneath
    status, body = served.get("/")
    assert status == 200 and f"<title>{title}</title>".encode() in body

    save(talk, good)
    page.wait_for_function("() => !window.loadedBeforeTheSave && window.Reveal && Reveal.isReady()", timeout=20000)
    assert page.locator("#build-problems").count() == 0
    context.close()


def test_the_speaker_view_follows_the_rebuilt_deck(served, project, browser):
    """reveal.js issue #1251: the speaker window used to lose the deck when the deck reloaded."""
    deck = load_deck(project / "talk.yaml")
    context, page = open_deck(browser, served.url)
    with context.expect_page() as popup:
        page.keyboard.press("s")
    speaker = popup.value
    notes = speaker.locator(".speaker-controls-notes .value")
    from deck.script import spoken

    first_words = " ".join(spoken(deck.slides[0].notes).split()[:4])  # the script, past its beats' list
    speaker.wait_for_function("text => document.querySelector('.speaker-controls-notes .value')"
                              ".textContent.includes(text)", arg=first_words, timeout=20000)

    replace_once(project / deck.slides[0].source[0], first_words, "Good evening, everyone.")

    page.wait_for_function("() => !window.loadedBeforeTheSave && window.Reveal && Reveal.isReady()", timeout=20000)
    speaker.wait_for_function("() => document.querySelector('.speaker-controls-notes .value')"
                              ".textContent.includes('Good evening, everyone.')", timeout=20000)
    # The slide previews in the speaker window show the rebuilt deck too.
    current = next(frame for frame in speaker.frames if "postMessageEvents" in frame.url)
    current.wait_for_function("() => window.Reveal && Reveal.isReady() && "
                              "Reveal.getCurrentSlide().querySelector('aside.notes').textContent"
                              ".includes('Good evening, everyone.')", timeout=20000)
    # And the connection is whole again: moving on in the deck moves the speaker view on.
    page.keyboard.press("ArrowRight")
    second_words = " ".join(spoken(deck.slides[1].notes).split()[:4])
    speaker.wait_for_function("text => document.querySelector('.speaker-controls-notes .value')"
                              ".textContent.includes(text)", arg=second_words, timeout=20000)
    assert "Good evening" not in notes.inner_text()
    context.close()


def test_a_saved_stylesheet_is_copied_alone_and_the_page_reloads_with_it(served, project, browser):
    context, page = open_deck(browser, served.url)
    mark = len(served.lines)
    stylesheet = project / "static" / "theme" / "deck.css"
    save(stylesheet, stylesheet.read_text(encoding="utf-8") + "\n.reveal .slides section h1 { color: rgb(1, 2, 3); }\n")
    page.wait_for_function("() => !window.loadedBeforeTheSave && window.Reveal && Reveal.isReady() && "
                           "getComputedStyle(document.querySelector('h1')).color === 'rgb(1, 2, 3)'", timeout=20000)
    line = served.wait_for(r"static/theme/deck\.css: rebuilt in \d+ ms.*; wrote (.*)$", start=mark)
    assert line.group(1) == "static/theme/deck.css"  # the deck's HTML is unchanged, so not rewritten
    context.close()


def test_a_template_mistake_is_located_in_the_overlay(project, browser):
    overrides = project / "templates" / "slides"
    overrides.mkdir(parents=True)
    server = Served(project)  # templates/ exists before serve starts, so it is watched
    try:
        context, page = open_deck(browser, server.url)
        save(overrides / "closing.html", '{% extends "engine/slides/closing.html" %}\n'
                                         '{% block content %}\n{{ talk.no_such_field }}\n{% endblock %}\n')
        overlay = page.locator("#build-problems")
        overlay.wait_for(state="visible", timeout=20000)
        assert "templates/slides/closing.html:3:" in overlay.inner_text()
        server.wait_for(r"^templates/slides/closing\.html:3:\d+: template error")
        context.close()
    finally:
        server.stop()


def test_a_link_to_outside_saved_in_static_is_refused_not_served(served, project, tmp_path):
    """A symbolic link saved into static/ while serving is validated before anything is copied."""
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the audience")
    mark = len(served.lines)
    (project / "static" / "leak.txt").symlink_to(secret)
    served.wait_for(r"static/leak\.txt:1:1: a symbolic link to outside the talk's folder", start=mark)
    served.wait_for(r"still serving the last good deck", start=mark)
    assert not (served.dist / "static" / "leak.txt").exists()
    status, body = served.get("/static/leak.txt")
    assert status == 404 and b"not for the audience" not in body
