"""Hostile input, after the build: a YAML bomb is refused in bounded memory, a build killed part way
loses nothing, text from the talk's files never runs in the browser, and serve sends the built deck
only, to this machine only."""
from __future__ import annotations

import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import MINIMAL_TALK, ROOT, open_offline, refuse_requests, run_build
from test_hostile import built, edit, good_dist, snapshot  # noqa: F401 (built, good_dist: fixtures)


# --- bounded: exponential aliases cost neither the memory nor the evening -------------------

LAUGHS = "lol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"lol{i}: &lol{i} [{', '.join([f'*lol{i - 1}'] * 10)}]\n" for i in range(1, 10))
MERGES = "m0: &m0 {k0: 0}\n" + "".join(
    f"m{i}: &m{i} {{<<: [*m{i - 1}, *m{i - 1}], k{i}: {i}}}\n" for i in range(1, 60))


def limited_memory():
    """Run in the child: 1 GiB of address space; a billion laughs would need many times that."""
    limit = 1024 ** 3
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


@pytest.mark.parametrize("bomb, expected", [
    (LAUGHS, "talk.yaml:1:54: lol4[3][3][8][8][8]: more than 50,000 values (aliases expanding without bound?)"),
    (MERGES, "talk.yaml:3:30: m13.k2: more than 50,000 values (aliases expanding without bound?)"),
], ids=["billion laughs", "merge keys"])
def test_exponential_aliases_are_refused_with_bounded_memory(built, bomb, expected):
    (built / "talk.yaml").write_text(bomb)
    before = snapshot(built / "dist")
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--talk", str(built / "talk.yaml"), "--no-pdf"],
                            capture_output=True, text=True, timeout=60, preexec_fn=limited_memory)
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines() == [expected, "1 problem; nothing was written"]
    assert snapshot(built / "dist") == before


# --- nothing lost: a build killed part way -------------------------------------------------

def heavy_talk(folder: Path) -> None:
    """The minimal talk with the engine's theme and script, and 80 MB more in static/: copying it
    keeps the write stage busy for a while."""
    shutil.copytree(ROOT / "static", folder / "static")
    chunk = os.urandom(1 << 20)
    for number in range(80):
        (folder / "static" / f"photo-{number:02d}.bin").write_bytes(chunk[number:] + chunk[:number])


def assert_whole(dist: Path, complete: dict[str, str], speakers: list[str]) -> str:
    """dist/ is one complete build: every file of a complete build, copied files intact, and the
    deck, the programme text and the export all from the same build. Returns that build's speaker."""
    now = snapshot(dist)
    assert set(now) == set(complete)
    for name, digest in complete.items():
        if name.startswith(("static/", "reveal/", "fonts/")):
            assert now[name] == digest, name
    index = (dist / "index.html").read_text()
    assert index.rstrip().endswith("</html>")
    (speaker,) = [name for name in speakers if f'<meta name="author" content="{name}">' in index]
    assert f"Speaker: {speaker}" in (dist / "cfp.md").read_text() or speaker in (dist / "cfp.md").read_text()
    exports = [name for name in now if name.endswith(".html") and "/" not in name and name != "index.html"]
    for export in exports:
        assert speaker in (dist / export).read_text()
    return speaker


def test_build_killed_part_way_leaves_the_previous_deck_whole(built, page):

    heavy_talk(built)
    talk = built / "talk.yaml"
    assert run_build("--talk", str(talk), "--no-pdf").returncode == 0
    complete = snapshot(built / "dist")
    rng = random.Random(7)
    speakers = ["Sam Speaker"]
    kills = mid_write = 0
    last_shown = speakers[0]
    for attempt in range(10):
        speakers.append(f"Speaker Edition {attempt}")
        edit(talk, f"name: {speakers[-2]}", f"name: {speakers[-1]}")
        child = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--talk", str(talk), "--no-pdf"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if attempt % 2:  # at a random moment from the start
            time.sleep(rng.uniform(0.02, 0.8))
        else:  # once it has started writing, a little later
            deadline = time.monotonic() + 30
            while child.poll() is None and not list(built.glob(".dist.building-*")) and time.monotonic() < deadline:
                time.sleep(0.002)
            time.sleep(rng.uniform(0, 0.08))
        writing = bool(list(built.glob(".dist.building-*")))
        if child.poll() is None:
            child.send_signal(signal.SIGKILL)
            kills += 1
            mid_write += writing
        child.wait()
        shown = assert_whole(built / "dist", complete, speakers)
        assert shown in (last_shown, speakers[-1])  # the deck before this build, or this build's
        last_shown = shown
    assert mid_write >= 3, f"only {mid_write} of {kills} kills landed while dist/ was being written"
    # the deck left behind still opens, with reveal.js ready
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    assert open_offline(page, (built / "dist" / "index.html").as_uri()) == []
    assert page.evaluate("Reveal.getTotalSlides()") == 4 and errors == []
    # leftovers of the killed builds do not stop the next one, which clears them
    result = run_build("--talk", str(talk), "--no-pdf")
    assert result.returncode == 0, result.stderr
    assert assert_whole(built / "dist", complete, speakers) == speakers[-1]
    assert [p.name for p in built.iterdir() if p.name.startswith(".dist")] == []


def test_leftover_staging_folder_does_not_break_the_next_build(built):
    stale = built / ".dist.building-999999999"
    (stale / "reveal").mkdir(parents=True)
    (stale / "index.html").write_text("half")
    result = run_build("--talk", str(built / "talk.yaml"), "--no-pdf")
    assert result.returncode == 0, result.stderr
    assert not stale.exists()
    assert (built / "dist" / "index.html").read_text().rstrip().endswith("</html>")


# --- safe to open: text from the talk's files never runs ------------------------------------

def payload(tag: str) -> str:
    """Markup that would run script (and open a dialog) if it reached the page as HTML."""
    return (f"<script>window.pwned='{tag}';alert('{tag}')</script>"
            f"<img src=x onerror=\"window.pwned='{tag}';alert('{tag}')\">"
            f"\"'><svg onload=alert('{tag}')> javascript:alert('{tag}')")


HOSTILE_SLIDE = """\
---
title: "<img src=x onerror=alert('slide-title')>"
minutes: 1
notes: "<script>alert('slide-notes')</script>"
---
<script>window.pwned = 'raw'; alert('raw')</script>

<img src="x" onerror="alert('raw-img')"> <iframe srcdoc="<script>alert('frame')</script>"></iframe>

<a href="javascript:alert('raw-link')">raw link</a>

- [a script link](javascript:alert('md-link'))
- [a mixed-case one](JaVaScRiPt:alert('md-case'))
- [an encoded one](&#106;avascript:alert('md-entity'))
- [a data one](data:text/html,<script>alert('md-data')</script>)
- [a fine one](https://example.org/){: onmouseover="alert('attr-list')" }

A paragraph with an attribute list.
{: onclick="alert('attr-click')" style="color: red" }
"""


def hostile_talk(folder: Path) -> None:
    """The minimal talk with script in every text field and a slide full of raw HTML."""
    import yaml

    talk = yaml.safe_load(MINIMAL_TALK)
    talk["title"] = "<script>alert('title')</script>Talk"
    talk["subtitle"] = payload("subtitle")
    talk["language"] = 'en" onfocus="alert(1)" autofocus x="'
    talk["speaker"].update(name=payload("speaker"), role=payload("role"), bio=payload("bio"))
    talk["event"].update(name=payload("event"), location=payload("location"), date=payload("date"))
    talk["abstract"] = payload("abstract")
    from deck.markup import word_count

    words = talk["summary"].split()
    while word_count(" ".join([payload("summary")] + words)) > 78:  # the programme's 75 to 80 words
        words.pop()
    talk["summary"] = " ".join([payload("summary")] + words)
    talk["takeaways"][0].update(short=payload("short"), text=payload("takeaway"))
    # links must be web addresses (script URLs are refused); the rest of an address is still text
    tricky = "https://example.org/\"><script>alert('link')</script>"
    talk["links"] = {"slides": tricky, "feedback": "https://example.org/'onmouseover='alert(1)",
                     "more": [{"label": payload("label"), "url": tricky + "?q=<img/src=x/onerror=alert(2)>"}]}
    talk["history"] = [{"event": payload("history"), "date": payload("when"), "location": payload("where")}]
    for entry in (*talk["anti_patterns"], *talk["contexts"], *talk["patterns"], *talk["tools"]):
        for field, value in entry.items():
            if field != "id" and isinstance(value, str):
                entry[field] = payload(f"{entry['id']}-{field}")
            elif isinstance(value, list) and field in ("symptoms", "consequences"):
                entry[field] = [payload(f"{entry['id']}-{field}")]
    talk["contexts"][0]["stance"] = {name: payload(name) for name in ("leads", "advises", "co_creates", "mode")}
    talk["outline"][0]["title"] = payload("section")
    for slide in talk["outline"][0]["slides"]:
        if "notes" in slide:
            slide["notes"] = payload("notes") + "\n\n" + payload("notes-2")
    talk["outline"][0]["slides"].append({"kind": "closing", "minutes": 1, "notes": payload("closing"),
                                         "title": payload("closing-title")})
    (folder / "talk.yaml").write_text(yaml.safe_dump(talk, sort_keys=False, allow_unicode=True))
    (folder / "slides" / "intro.md").write_text(HOSTILE_SLIDE)
    shutil.copytree(ROOT / "static", folder / "static")


WATCH_FOR_SCRIPT = """
window.violations = [];
document.addEventListener('securitypolicyviolation',
  e => window.violations.push(e.violatedDirective + ' ' + e.blockedURI));
"""


@pytest.fixture(scope="module")
def hostile_dist(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "slides").mkdir()
    hostile_talk(folder)
    result = run_build("--talk", str(folder / "talk.yaml"), "--no-pdf")
    assert result.returncode == 0, result.stderr
    return folder / "dist"


def html_outputs(dist: Path) -> list[Path]:
    """The presenter deck and the single-file export: both HTML outputs the build writes."""
    pages = sorted(dist.glob("*.html"))
    assert [page.name for page in pages if page.name != "index.html"], "the single-file export is missing"
    return pages


def test_every_html_output_carries_a_content_security_policy(hostile_dist):
    import html
    import re

    for page in html_outputs(hostile_dist):
        policies = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page.read_text())
        assert len(policies) == 1, page.name
        directives = dict((part.split() + [""])[:2] if len(part.split()) < 2 else part.split(None, 1)
                          for part in html.unescape(policies[0]).split(";") if part.strip())
        assert "'unsafe-inline'" not in directives["script-src"] and "'unsafe-eval'" not in directives["script-src"]
        assert directives["object-src"] == "'none'" and directives["base-uri"] == "'none'"
        assert not any(re.search(r"https?:|wss?:|\*", value) for value in directives.values()), directives
        if page.name != "index.html":  # the export forbids every network load, fetches included
            assert directives["default-src"] == "'none'", directives
            assert directives.get("connect-src", "'none'") == "'none'", directives


# Every element on the slide shown that has a box and is not hidden (as Playwright's is_visible()).
SHOWN_ELEMENTS = ("[...document.querySelectorAll('.present *')].filter(e => !e.closest('.diagram-text') && "
                  "e.getBoundingClientRect().width > 0 && e.getBoundingClientRect().height > 0 && "
                  "getComputedStyle(e).visibility !== 'hidden')")


@pytest.mark.parametrize("which", ["index.html", "export"])
def test_script_from_the_talk_never_runs(browser, hostile_dist, which):

    (url,) = [page.as_uri() for page in html_outputs(hostile_dist)
              if (page.name == "index.html") == (which == "index.html")]
    url += "?view=present"  # the export opens in the reading view; each slide is shown in turn here
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    dialogs: list[str] = []
    context.on("page", lambda popup: popup.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss())))
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.add_init_script(WATCH_FOR_SCRIPT)
    try:
        assert open_offline(page, url) == []
        total = page.evaluate("Reveal.getTotalSlides()")
        for index in range(total):  # show every slide, hover and click everything on it
            page.evaluate(f"Reveal.slide({index})")
            page.wait_for_function(f"() => Reveal.getIndices().h === {index}")
            # The mouse goes over the middle of each element shown, as a hand would, and each is
            # clicked (a diagram's text alternative is clipped out of sight: only screen readers
            # reach it; links are checked below, not followed).
            for x, y in page.evaluate(SHOWN_ELEMENTS + ".map(e => e.getBoundingClientRect())"
                                      ".map(box => [box.x + box.width / 2, box.y + box.height / 2])"):
                page.mouse.move(x, y)
            page.evaluate(SHOWN_ELEMENTS + ".filter(e => !e.closest('a')).forEach(e => e.dispatchEvent("
                          "new MouseEvent('click', {bubbles: true, cancelable: true, composed: true})))")
        for link in page.locator("a[href]").all():
            href = link.get_attribute("href")
            assert not href.replace("\t", "").strip().lower().startswith(("javascript:", "data:", "vbscript:")), href
        # the speaker view gets the notes too: open it and let it render them
        with context.expect_page(timeout=10000) as opened:
            page.keyboard.press("s")
        speaker_view = opened.value
        speaker_view.wait_for_load_state()
        # the notes shown, and every picture in the view loaded or failed (an onerror had its turn)
        # (notes are Markdown: their quotes are set typographically, as the slides' are)
        speaker_view.wait_for_function("() => (document.querySelector('.speaker-controls-notes') || {}).innerText"
                                       "?.includes(\"window.pwned=\u2019closing\u2019\") && [...document.images].every(i => i.complete)")
        notes = speaker_view.locator(".speaker-controls-notes").inner_text()
        assert "<script>window.pwned=\u2019closing\u2019;alert(\u2018closing\u2019)</script>" in notes  # shown as text
        assert dialogs == []
        assert page.evaluate("window.pwned") is None
        assert page.evaluate("[...document.querySelectorAll('script')].filter(s => !s.src && s.type !== "
                             "'application/json').map(s => s.textContent.slice(0, 60))") == [] or which == "export"
        assert page.evaluate("[...document.querySelectorAll('*')].flatMap(e => [...e.attributes].map(a => a.name))"
                             ".filter(n => n.startsWith('on'))") == []
        assert page.evaluate("window.violations") == []  # escaped, so the policy had nothing to block
        # what was written as HTML in the slide file is on the slide as text
        visible = page.locator("section#intro").inner_text()  # (smarty curls the quotes)
        assert "<script>window.pwned = \u2018raw\u2019; alert(\u2018raw\u2019)</script>" in visible
        assert "<iframe srcdoc=" in visible and "<a href=" in visible
    finally:
        context.close()


def test_the_export_refuses_every_network_load(browser, hostile_dist):
    (export,) = [page for page in html_outputs(hostile_dist) if page.name != "index.html"]
    context = browser.new_context()
    page = context.new_page()
    # requests the policy let through to the network layer
    reached = refuse_requests(page, lambda target: target.startswith("file:"))
    page.add_init_script(WATCH_FOR_SCRIPT)
    try:
        page.goto(export.as_uri())
        page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=15000)
        outcome = page.evaluate("""async () => {
            const img = document.createElement('img'); img.src = 'https://example.org/tracker.png';
            document.body.append(img);
            let fetched = 'loaded';
            try { await fetch('https://example.org/'); } catch (error) { fetched = 'refused'; }
            await new Promise(done => setTimeout(done, 300));
            return fetched;
        }""")
        assert outcome == "refused"
        assert reached == []
        assert any("img-src" in violation for violation in page.evaluate("window.violations"))
    finally:
        context.close()


# --- serve: the built deck only, to this machine only ---------------------------------------

from test_serve import Served, project, save  # noqa: E402,F401  (project: a copy of the real talk)


def listening_on(port: int) -> list[str]:
    """The addresses a socket listens on for port, as the kernel reports them (not as printed)."""
    import ipaddress

    found = []
    for table, size in (("/proc/net/tcp", 4), ("/proc/net/tcp6", 16)):
        for row in Path(table).read_text().splitlines()[1:]:
            local, state = row.split()[1], row.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                raw = bytes.fromhex(address)
                words = b"".join(raw[i:i + 4][::-1] for i in range(0, size, 4))  # little-endian words
                found.append(str(ipaddress.ip_address(words)))
    return found


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads the kernel's socket table (Linux)")
def test_serve_listens_on_the_loopback_address_only(project):
    server = Served(project)
    try:
        assert listening_on(server.port) == ["127.0.0.1"]
    finally:
        server.stop()


HOSTILE_REQUESTS = ["/%00", "/index.html%00.txt", "/..;/talk.yaml", "/%c0%ae%c0%ae/talk.yaml",
                    "/static/%5c..%5c..%5ctalk.yaml", "/%2e%2e%2ftalk.yaml", "/reveal/..%252f..%252ftalk.yaml",
                    "/static/theme/../../../talk.yaml", "http://127.0.0.1/../talk.yaml", "/planted",
                    "/planted-folder/talk.yaml", "/" + "a/" * 3000, "/.dist.building-1/index.html"]


def test_serve_refuses_requests_that_leave_the_deck(project):
    server = Served(project)
    try:
        dist = server.dist
        (dist / "planted").symlink_to(project / "talk.yaml")  # links planted in dist/ lead nowhere
        (dist / "planted-folder").symlink_to(project)
        for path in HOSTILE_REQUESTS:
            status, body = server.get(path)
            assert status in (400, 403, 404), (path, status)
            assert b"slot_minutes" not in body, path
        status, page = server.get("/")
        assert status == 200 and b'<div class="reveal">' in page  # and it is still serving
    finally:
        server.stop()


def test_serve_keeps_the_last_good_deck_when_a_hostile_talk_is_saved(project):
    server = Served(project)
    try:
        status, good = server.get("/")
        assert status == 200
        start = len(server.lines)
        for _ in range(10):  # the watcher starts just after the server: save again until it notices
            save(project / "talk.yaml", LAUGHS)
            time.sleep(0.5)
            if len(server.lines) > start:
                break
        server.wait_for(r"^talk\.yaml:1:54: lol4\[3\]\[3\]\[8\]\[8\]\[8\]: more than 50,000 values", start)
        server.wait_for(r"1 problem; still serving the last good deck", start)
        assert server.process.poll() is None
        status, page = server.get("/")
        assert status == 200 and b'<div class="reveal">' in page
        assert "Traceback" not in "\n".join(server.lines)
    finally:
        server.stop()


def test_serve_refuses_to_replace_the_talk_folder(project):
    before = snapshot(project)
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "serve", "--talk", str(project / "talk.yaml"),
                             "--out", str(project), "--port", "0"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{project}:1:1: output folder is the talk's folder or holds it; the build replaces its output folder whole"]
    assert snapshot(project) == before
