"""A talk folder from a stranger, and a speaker's own folders: what a deliberate attack tried.

Each part below is one class of attack or accident, through the CLI (and serve, and real
Chromium) as a speaker runs them: a sent talk folder brings data, never code the engine trusts;
the browser that prints reads the staging folder and nothing else; a folder the build did not
write is never replaced. Parts 7 to 12 (read-only folders to serve following new folders) are
test_stranger_folders.py's.
"""
from __future__ import annotations

import http.server
import re
import shutil
import struct
import subprocess
import sys
import threading
import time
import zlib
from pathlib import Path

import pytest

from conftest import ROOT, pdf_texts, run_build
from test_hostile import built, edit, good_dist, refused, snapshot  # noqa: F401  (fixtures)
from test_serve import Served, project, served  # noqa: F401  (project, served: fixtures)


def png() -> bytes:
    """A real one-pixel PNG (green): a browser draws it, so a test can see that it loaded."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\x00\xff\x00"))
            + chunk(b"IEND", b""))


def build(talk_dir: Path, *args: str, pdf: bool = False) -> subprocess.CompletedProcess:
    return run_build("--talk", str(talk_dir / "talk.yaml"), *args, pdf=pdf)


def no_traceback(result) -> None:
    assert "Traceback" not in result.stderr and "never retrieved" not in result.stderr, result.stderr


class Recorder:
    """A web server on 127.0.0.1 that answers every request and writes down its path: anything a
    page asks of the network, WebSockets included, shows up here."""

    def __init__(self):
        self.paths: list[str] = []
        recorder = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                recorder.paths.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(b"reached")

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


# --- 1. a talk's scripts are not the engine's -------------------------------------------------

HOSTILE_SCRIPT = """\
document.querySelector('.reveal .slides section').insertAdjacentHTML('afterbegin',
  '<iframe src="file:///etc/passwd" style="width:1600px;height:600px"></iframe>');
"""


def test_a_talk_script_or_page_in_static_is_refused_located(built):
    (built / "static").mkdir()
    (built / "static" / "deck.js").write_text((ROOT / "static" / "deck.js").read_text() + HOSTILE_SCRIPT)
    (built / "static" / "extra.js").write_text("window.pwned = true;\n")
    (built / "static" / "pages").mkdir()
    (built / "static" / "pages" / "about.html").write_text("<script>alert(1)</script>")
    assert refused(built) == [
        "static/deck.js:1:1: replaces the engine's static/deck.js: a talk's static/ holds images, stylesheets "
        "and fonts, never code; delete it",
        "static/extra.js:1:1: a script or web page: a talk's static/ holds images, stylesheets and fonts, "
        "never code; delete it",
        "static/pages/about.html:1:1: a script or web page: a talk's static/ holds images, stylesheets and "
        "fonts, never code; delete it",
    ]


def test_a_copy_of_the_engines_static_folder_builds_with_the_engines_scripts(talk_dir):
    shutil.copytree(ROOT / "static", talk_dir / "static")
    (talk_dir / "static" / "theme" / "deck.css").write_text(
        (ROOT / "static" / "theme" / "deck.css").read_text() + "\nh1 { letter-spacing: 1px; }\n")
    result = build(talk_dir, "--no-pdf")
    assert result.returncode == 0, result.stderr
    dist = talk_dir / "dist"
    assert (dist / "static" / "deck.js").read_bytes() == (ROOT / "static" / "deck.js").read_bytes()
    assert "letter-spacing: 1px" in (dist / "static" / "theme" / "deck.css").read_text()  # styles: the talk's


def test_the_single_file_runs_only_the_engines_scripts(talk_dir):
    """A talk's template is code, but even so what it loads as a script gets no hash in the export."""
    (talk_dir / "static").mkdir()
    (talk_dir / "static" / "notes.css").write_text("window.pwned = true;\n")  # a 'stylesheet' that is a script
    (talk_dir / "templates").mkdir()
    page = (ROOT / "templates" / "deck.html").read_text()
    (talk_dir / "templates" / "deck.html").write_text(
        page.replace('<script src="static/reading.js"></script>',
                     '<script src="static/reading.js"></script>\n<script src="static/notes.css"></script>'))
    result = build(talk_dir, "--no-pdf")
    assert result.returncode == 1
    no_traceback(result)
    assert ("templates/deck.html:1:1: the deck page loads 'static/notes.css' as a script, but only the engine's "
            "scripts run in the single file") in result.stderr
    assert not (talk_dir / "dist").exists()


def test_the_talks_own_templates_are_named_as_code_at_build_time(talk_dir):
    (talk_dir / "templates" / "slides").mkdir(parents=True)
    (talk_dir / "templates" / "slides" / "pattern.html").write_text('{% extends "engine/slides/pattern.html" %}')
    result = build(talk_dir, "check")
    assert result.returncode == 0, result.stderr
    warning = ("templates:1:1: warning: this talk brings its own templates (templates/slides/pattern.html): they "
               "are code, not data; read them before building a talk someone sent you (--engine-templates builds it "
               "without them)")
    assert warning in result.stderr.splitlines()
    server = serve_process(talk_dir)
    try:
        assert warning in wait_for_line(server, r"serving http://")
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_print_browser_reads_the_staging_folder_and_nothing_else(talk_dir, tmp_path):
    """A hostile page (a talk's template may write one: templates are code) frames a file from
    outside the talk, loads images, a stylesheet, fetches and a WebSocket from a server on this
    machine, under a policy that allows it all. The browser that prints refuses every one."""
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.txt"
    secret.write_text("SECRET-FROM-OUTSIDE-7f3a")
    recorder = Recorder()
    origin = f"http://127.0.0.1:{recorder.port}"
    try:
        (talk_dir / "templates" / "slides").mkdir(parents=True)
        page = (ROOT / "templates" / "deck.html").read_text().replace(
            '{{ csp }}', "default-src * file: data: 'unsafe-inline'")
        (talk_dir / "templates" / "deck.html").write_text(page)
        (talk_dir / "templates" / "slides" / "title.html").write_text(
            '{% extends "engine/slides/title.html" %}{% block content %}{{ super() }}\n'
            f'<iframe src="{secret.as_uri()}" style="width:1600px;height:150px"></iframe>\n'
            f'<div style="width:10px;height:10px;background-image:url({origin}/background.png)"></div>\n'
            '<script>\n'
            f'  const origin = "{origin}";\n'
            "  const frame = document.createElement('iframe'); frame.src = 'file:///etc/passwd';\n"
            "  frame.style.cssText = 'width:1600px;height:150px';\n"
            "  document.currentScript.parentElement.append(frame);\n"
            "  const image = new Image(); image.src = origin + '/image.png';\n"
            "  document.currentScript.parentElement.append(image);\n"
            "  const sheet = document.createElement('link'); sheet.rel = 'stylesheet';\n"
            "  sheet.href = origin + '/style.css'; document.head.append(sheet);\n"
            "  fetch(origin + '/fetch').catch(() => {});\n"
            "  try { new WebSocket(origin.replace('http', 'ws') + '/socket'); } catch (error) {}\n"
            "</script>\n{% endblock %}\n")
        result = build(talk_dir, pdf=True)
        time.sleep(0.5)  # anything in flight reaches the server
    finally:
        recorder.close()
    assert result.returncode == 0, result.stderr
    assert recorder.paths == []
    for name in ("a-small-talk.pdf", "a-small-talk-handout.pdf"):
        text = "".join(pdf_texts(talk_dir / "dist" / name))
        assert "SECRET-FROM-OUTSIDE" not in text and "root:x:0" not in text, name
        assert "A Small Talk" in text


def test_a_browser_session_without_a_folder_loads_nothing():
    """The engine's other sessions (a plot drawn from a string) go through the same helper: with no
    folder to read, a page may load nothing at all."""
    from deck.chromium import in_browser

    recorder = Recorder()
    origin = f"http://127.0.0.1:{recorder.port}"

    async def hostile(context):
        page = await context.new_page()
        await page.set_content(f'<img src="{origin}/image.png"><link rel="stylesheet" href="{origin}/style.css">'
                               f'<script>fetch("{origin}/fetch").catch(() => {{}});</script>')
        await page.wait_for_timeout(500)
        return await page.title()

    try:
        in_browser(hostile, "draw the page")
        time.sleep(0.3)
    finally:
        recorder.close()
    assert recorder.paths == []


def test_a_link_in_the_print_folder_to_a_file_outside_is_refused(tmp_path):
    """The folder's plain files load without a word from the guard; a symbolic link in it to a file
    outside does not, however plain its name: the page shows the folder's own file and not the
    outside one, which the guard names as refused."""
    from deck.chromium import in_browser

    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("SECRET-FROM-OUTSIDE-9c1e")
    folder = tmp_path / "staging"
    folder.mkdir()
    (folder / "own.txt").write_text("THE-FOLDERS-OWN-FILE")
    (folder / "leak.txt").symlink_to(outside / "secret.txt")
    (folder / "index.html").write_text('<iframe src="own.txt"></iframe><iframe src="leak.txt"></iframe>')

    async def framed(context):
        page = await context.new_page()
        await page.goto((folder / "index.html").as_uri(), wait_until="load")
        texts = [await frame.evaluate("() => document.body ? document.body.innerText : ''")
                 for frame in page.frames[1:]]
        return texts, context.refused

    texts, refused_addresses = in_browser(framed, "open the page", folder=folder)
    assert "THE-FOLDERS-OWN-FILE" in texts
    assert not any("SECRET-FROM-OUTSIDE" in text for text in texts)
    assert refused_addresses == [(folder / "leak.txt").as_uri()]


# --- 2. static/ itself ------------------------------------------------------------------------

@pytest.mark.parametrize("target", ["outside", "root"])
def test_static_as_a_link_out_of_the_talk_is_refused(built, tmp_path_factory, target):
    outside = tmp_path_factory.mktemp("outside")
    (outside / "secret.png").write_bytes(png())
    (built / "static").symlink_to(outside if target == "outside" else Path("/"))
    started = time.monotonic()
    assert refused(built) == ["static:1:1: static/ is a symbolic link to outside the talk's folder; "
                              "make it a folder of the talk's own"]
    assert time.monotonic() - started < 20  # 'static -> /' is not walked


def test_static_as_a_link_inside_the_talk_is_fine(talk_dir):
    (talk_dir / "assets").mkdir()
    (talk_dir / "assets" / "map.png").write_bytes(png())
    (talk_dir / "static").symlink_to("assets")
    edit(talk_dir / "slides" / "intro.md", "- another point\n", "- another point\n\n![A map](../static/map.png)\n")
    result = build(talk_dir, "--no-pdf")
    assert result.returncode == 0, result.stderr
    assert (talk_dir / "dist" / "static" / "map.png").read_bytes() == png()


# --- 3. links -----------------------------------------------------------------------------------

LINK_CASES = {
    "http slides": ("slides: https://example.org/slides", "slides: http://example.org/slides",
                    ["talk.yaml:21:11: links.slides: expected a web address starting with https:// (it becomes a "
                     "QR code), got 'http://example.org/slides'"]),
    "http feedback": ("feedback: https://example.org/feedback", "feedback: HTTP://example.org/feedback",
                      ["talk.yaml:22:13: links.feedback: expected a web address starting with https:// (it becomes "
                       "a QR code), got 'HTTP://example.org/feedback'"]),
    "http reading list": ("  feedback: https://example.org/feedback\n",
                          "  feedback: https://example.org/feedback\n  more:\n    - label: Reading\n"
                          "      url: http://example.org/more\n",
                          ["talk.yaml:25:12: links.more[0].url: expected a web address (https://...) or mailto:, "
                           "got 'http://example.org/more'"]),
}


@pytest.mark.parametrize("old, new, expected", LINK_CASES.values(), ids=LINK_CASES.keys())
def test_links_must_be_https(built, old, new, expected):
    edit(built / "talk.yaml", old, new)
    assert refused(built) == expected


def test_in_deck_link_to_no_slide_is_located(built):
    edit(built / "slides" / "intro.md", "- another point\n",
         "- another point, see [the trio](#/product-trio)\n- and [nothing](#/no-such-slide) or [this](#intro-2)\n")
    assert refused(built) == [
        "slides/intro.md:8:17: in-deck link '#/no-such-slide' names no slide (slide ids: title, order-giver, "
        "product-trio, intro)",
        "slides/intro.md:8:44: in-deck link '#intro-2' names no slide (slide ids: intro, ...)",
    ]


def test_a_look_alike_host_is_a_warning(talk_dir):
    edit(talk_dir / "talk.yaml", "slides: https://example.org/slides", "slides: https://ex\u0430mple.org/slides")
    edit(talk_dir / "slides" / "intro.md", "- another point\n", "- another [point](https://p\u0430ypal.com/)\n")
    result = build(talk_dir, "--no-pdf")
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert ("talk.yaml:21:11: warning: links.slides: the host 'ex\u0430mple.org' (it is xn--exmple-4nf.org) mixes "
            "Cyrillic and Latin letters in 'ex\u0430mple': it may imitate another address; check it") in lines
    assert any(line.startswith("slides/intro.md:7:19: warning: link 'https://p\u0430ypal.com/': the host") for line in lines)


# --- 4. serve: files from static/ run nothing -------------------------------------------------

EVIL_SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100" onload="document.title='pwned-onload'">
<script>document.title = 'pwned'; fetch('/__live__/pwned'); alert('pwned');</script>
<rect width="100" height="100" fill="green"/></svg>
"""


def test_serve_sends_files_from_static_with_a_policy_that_runs_nothing(project, browser):
    (project / "static" / "evil.svg").write_text(EVIL_SVG)
    server = Served(project)
    context = browser.new_context()
    try:
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        response = page.goto(server.url + "static/evil.svg")
        assert response.status == 200
        assert "sandbox" in response.headers["content-security-policy"]
        page.wait_for_timeout(500)
        assert dialogs == [] and not page.title().startswith("pwned")
        # the deck's own page keeps its own policy and runs its scripts
        page.goto(server.url)
        page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=15000)
    finally:
        context.close()
        server.stop()


# --- 5 and 6. only a folder a build wrote is replaced; serve never half-updates a full build -----

def test_out_on_a_folder_no_build_wrote_is_refused_untouched(talk_dir, tmp_path):
    docs = tmp_path / "docs"
    (docs / "guide").mkdir(parents=True)
    (docs / "index.html").write_text("<h1>The project's site</h1>")
    (docs / "guide" / "setup.html").write_text("<h1>Setup</h1>")
    before = snapshot(docs)
    for command in (["--no-pdf"], ["serve", "--port", "0"], ["pdf"]):
        result = subprocess.run([sys.executable, str(ROOT / "build.py"), *command, "--talk",
                                 str(talk_dir / "talk.yaml"), "--out", str(docs)],
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 1, (command, result.stderr)
        no_traceback(result)
        assert (f"{docs}:1:1: output folder holds files no build wrote (no .deck-build file in it); the build "
                "replaces its output folder whole, so it is left alone: choose an empty or new folder"
                ) in result.stderr.splitlines(), command
        assert snapshot(docs) == before


def test_out_on_a_previous_build_is_replaced_and_an_older_engines_build_too(talk_dir, tmp_path):
    out = tmp_path / "slides-site"
    assert build(talk_dir, "--no-pdf", "--out", str(out)).returncode == 0
    assert (out / ".deck-build").read_text().startswith("build\n")
    assert build(talk_dir, "--no-pdf", "--out", str(out)).returncode == 0
    (out / ".deck-build").unlink()  # as an engine before the marker left it, exports and all
    for name in ("a-small-talk.pdf", "a-small-talk-handout.pdf", "a-small-talk.pptx", "contact-sheet.png"):
        (out / name).write_bytes(b"an export")
    result = build(talk_dir, "--no-pdf", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert (out / ".deck-build").is_file()


def serve_process(talk_dir: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--talk", str(talk_dir / "talk.yaml"),
                             "--port", "0", *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def wait_for_line(process: subprocess.Popen, pattern: str, timeout: float = 30) -> list[str]:
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line.rstrip("\n"))
        if re.search(pattern, line):
            return lines
    raise AssertionError(f"no line matching {pattern!r}:\n" + "\n".join(lines))


def test_serve_never_writes_into_a_full_build(talk_dir, tmp_path):
    full = tmp_path / "full"
    assert build(talk_dir, "--no-pdf", "--out", str(full)).returncode == 0
    before = snapshot(full)
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "serve", "--talk", str(talk_dir / "talk.yaml"),
                             "--port", "0", "--out", str(full)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{full}:1:1: output folder holds a full build from build.py (the single file, the PDFs); serve writes the "
        "deck alone and would leave it half old: serve into another folder, or leave out --out"]
    assert snapshot(full) == before
    # serve's own folder: served, then replaced whole by a full build
    rehearsal = tmp_path / "rehearsal"
    server = serve_process(talk_dir, "--out", str(rehearsal))
    try:
        wait_for_line(server, r"serving http://")
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert (rehearsal / ".deck-build").read_text().startswith("serve\n")
    assert not (rehearsal / "a-small-talk.html").exists()
    assert build(talk_dir, "--no-pdf", "--out", str(rehearsal)).returncode == 0
    assert (rehearsal / "a-small-talk.html").is_file() and (rehearsal / ".deck-build").read_text().startswith("build\n")
