"""A talk folder from a stranger, and a speaker's own folders: what a deliberate attack tried.

Each part below is one class of attack or accident, through the CLI (and serve, and real
Chromium) as a speaker runs them: a sent talk folder brings data, never code the engine trusts;
the browser that prints reads the staging folder and nothing else; a folder the build did not
write is never replaced; whatever goes wrong is one located line, never a traceback.
"""
from __future__ import annotations

import http.server
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import MINIMAL_SLIDE, MINIMAL_TALK, ROOT, as_a_user, run_build
from test_hostile import built, edit, good_dist, refused, snapshot  # noqa: F401  (fixtures)
from test_serve import Served, project, save, served  # noqa: F401  (project: a copy of the real talk)


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
        text = "".join(page.extract_text() for page in PdfReader(talk_dir / "dist" / name).pages)
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


# --- 7. read-only folders --------------------------------------------------------------------

@pytest.fixture
def own_talk():
    """The minimal talk in a folder of its own, whose permissions the tests change."""
    folder = Path(tempfile.mkdtemp(prefix="talk-")) / "talk"
    (folder / "slides").mkdir(parents=True)
    (folder / "slides" / "intro.md").write_text(MINIMAL_SLIDE)
    (folder / "talk.yaml").write_text(MINIMAL_TALK)
    yield folder
    for path in [folder.parent, *folder.parent.rglob("*")]:
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)
    shutil.rmtree(folder.parent)


def run_unprivileged(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(as_a_user([sys.executable, str(ROOT / "build.py"), *args]),
                          capture_output=True, text=True, timeout=timeout, cwd="/")


def make_read_only(folder: Path) -> None:
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir():
            path.chmod(0o555)


def test_a_read_only_dist_is_refused_and_left_whole(own_talk):
    talk = str(own_talk / "talk.yaml")
    assert run_unprivileged("--talk", talk, "--no-pdf").returncode == 0
    dist = own_talk / "dist"
    make_read_only(dist)
    before = snapshot(dist)
    result = run_unprivileged("--talk", talk, "--no-pdf")
    assert result.returncode == 1
    no_traceback(result)
    assert result.stderr.splitlines()[-2:] == [
        f"{dist}:1:1: read-only, and the build replaces the output folder whole: make it writable "
        f"(chmod -R u+w {dist}) or choose another --out", "1 problem; nothing was written"]
    assert snapshot(dist) == before
    assert [path.name for path in own_talk.iterdir() if path.name.startswith(".dist")] == []


def test_a_read_only_talk_folder_is_a_clear_message_in_build_and_serve(own_talk):
    talk = str(own_talk / "talk.yaml")
    own_talk.chmod(0o555)
    result = run_unprivileged("--talk", talk, "--no-pdf")
    assert result.returncode == 1
    no_traceback(result)
    assert result.stderr.splitlines()[-2:] == [
        f"{own_talk}:1:1: cannot write here (Permission denied): choose a writable folder with --out",
        "1 problem; nothing was written"]
    server = subprocess.Popen(as_a_user([sys.executable, str(ROOT / "build.py"), "serve", "--talk", talk,
                                         "--port", "0", "--out", str(own_talk / "dist")]),
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd="/")
    try:
        lines = wait_for_line(server, r"serving http://")
    finally:
        server.terminate()
        lines += server.communicate(timeout=10)[0].splitlines()
    assert f"{own_talk}:1:1: cannot write here (Permission denied): choose a writable folder with --out" in lines
    assert not any("Traceback" in line for line in lines), lines
    assert sorted(path.name for path in own_talk.iterdir()) == ["slides", "talk.yaml"]


# --- 8. ids from content -----------------------------------------------------------------------

ID_CASES = {
    "an engine id": ("- another point\n", "- another point\n{: #deck-config }\n",
                     ["slides/intro.md:8:4: the id 'deck-config' is the page's own; a slide cannot take it "
                      "(choose another)"]),
    "a slide's id": ("- another point\n", "- another point\n\nA paragraph.\n{: #product-trio }\n",
                     ["slides/intro.md:10:4: the id 'product-trio' is the id of slide 3 'Product trio'; links to "
                      "that slide would land here (choose another)"]),
    "twice": ("- another point\n", "- another point\n\nOne.\n{: #mine }\n\nTwo.\n{: id=\"mine\" }\n",
              ["slides/intro.md:13:4: the id 'mine' is used already (slides/intro.md:10); ids in a deck are unique"]),
}


@pytest.mark.parametrize("old, new, expected", ID_CASES.values(), ids=ID_CASES.keys())
def test_an_id_from_a_slide_never_takes_another(built, old, new, expected):
    edit(built / "slides" / "intro.md", old, new)
    assert refused(built) == expected


def test_a_slide_file_named_like_another_slide_is_located(built):
    (built / "slides" / "product-trio.md").write_text(MINIMAL_SLIDE)
    (built / "slides" / "deck-config.md").write_text(MINIMAL_SLIDE)
    edit(built / "talk.yaml", "- file: slides/intro.md",
         "- file: slides/product-trio.md\n      - file: slides/intro.md\n      - file: slides/deck-config.md")
    assert refused(built) == [
        "slides/deck-config.md:1:1: this file's name gives its slide the id 'deck-config', which the page itself "
        "uses; choose another",
        "slides/product-trio.md:1:1: this file's name gives its slide the id 'product-trio', which the pattern "
        "slide 'Product trio' has already; rename the file",
    ]


def test_every_id_in_the_running_deck_is_a_slides_or_known_to_the_engine(built_talk, page):
    """The engine's list of its own ids (read from its templates) covers the page as it runs."""
    from conftest import open_offline
    from deck.trust import engine_ids, is_engine_id

    assert open_offline(page, (built_talk / "index.html").as_uri()) == []
    anchors = page.evaluate("[...document.querySelectorAll('.slides section')].map(s => s.id)")
    ids = page.evaluate("[...document.querySelectorAll('[id]')].map(e => e.id)")
    unknown = [ident for ident in ids if ident not in anchors and not is_engine_id(ident, engine_ids(ROOT))]
    assert unknown == []
    assert len(ids) == len(set(ids))


# --- 9. two builds at once ---------------------------------------------------------------------

BUSY = "another build is writing this folder (or one beside it) right now: run this one again when it has finished"


def test_a_build_started_while_another_writes_says_so_and_writes_nothing(talk_dir):
    """The first build of a folder (no dist/ yet) is printing its PDFs when a second one starts."""
    dist = talk_dir / "dist"
    first = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--talk", str(talk_dir / "talk.yaml")],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not [path for path in talk_dir.iterdir() if path.name.startswith(".dist.building-")]:
        assert first.poll() is None and time.monotonic() < deadline, first.communicate()
        time.sleep(0.01)
    second = build(talk_dir, "--no-pdf")
    _, first_stderr = first.communicate(timeout=120)
    assert first.returncode == 0, first_stderr
    assert second.returncode == 1
    no_traceback(second)
    assert second.stderr.splitlines()[-2:] == [f"{dist}:1:1: {BUSY}", "1 problem; nothing was written"]
    assert sorted(path.name for path in dist.iterdir()) == [
        ".deck-build", "a-small-talk-handout.pdf", "a-small-talk.html", "a-small-talk.pdf", "a-small-talk.pptx",
        "cfp.md", "contact-sheet.png", "fonts", "index.html", "reveal", "static"]
    assert [path.name for path in talk_dir.iterdir() if path.name.startswith(".dist")] == []


def test_first_builds_started_together_leave_one_complete_deck(talk_dir):
    """Builds of a folder with no dist/ yet, started at the same moment: never a traceback."""
    dist = talk_dir / "dist"
    for _ in range(5):
        shutil.rmtree(dist, ignore_errors=True)
        children = [subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--talk", str(talk_dir / "talk.yaml"),
                                      "--no-pdf"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                    for _ in range(3)]
        results = [(child.communicate(timeout=120)[1], child.returncode) for child in children]
        for stderr, status in results:
            assert "Traceback" not in stderr, stderr
            assert status == 0 or stderr.splitlines()[-2:] == [f"{dist}:1:1: {BUSY}",
                                                               "1 problem; nothing was written"], stderr
        assert any(status == 0 for _, status in results)
        assert (dist / "index.html").read_text().rstrip().endswith("</html>")
        assert (dist / "a-small-talk.html").is_file() and (dist / "reveal" / "reveal.js").is_file()
        assert [path.name for path in talk_dir.iterdir() if path.name.startswith(".dist")] == []


# --- 10. image names -------------------------------------------------------------------------

IMAGE_NAMES = ["R&D.png", "a#b.png", "why?.png", "50%.png", "it's.png", 'say "hi".png', "my map.png", "a(1).png"]


def test_image_names_with_awkward_characters_show_in_every_output(talk_dir, browser):
    (talk_dir / "static").mkdir()
    lines = []
    for number, name in enumerate(IMAGE_NAMES):
        (talk_dir / "static" / name).write_bytes(png())
        written = f"<../static/{name}>" if " " in name else f"../static/{name}"
        lines.append(f"![Picture {number}]({written})")
    edit(talk_dir / "slides" / "intro.md", "- another point\n", "- another point\n\n" + " ".join(lines) + "\n")
    result = build(talk_dir, "--no-pdf")
    assert result.returncode == 0, result.stderr
    context = browser.new_context()
    try:
        for output in ("index.html", "a-small-talk.html"):
            page = context.new_page()
            page.goto((talk_dir / "dist" / output).as_uri() + "#/intro")
            page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=15000)
            sizes = page.evaluate("Promise.all([...document.querySelectorAll('#intro img')].map(image => "
                                  "image.decode().then(() => image.naturalWidth, () => 0)))")
            assert sizes == [1] * len(IMAGE_NAMES), output
    finally:
        context.close()


def test_an_image_name_that_reads_as_encoded_is_refused_at_its_line(built):
    (built / "static").mkdir()
    (built / "static" / "a%41.png").write_bytes(png())
    edit(built / "slides" / "intro.md", "- another point\n", "- another point\n\n![A](../static/a%41.png)\n")
    assert refused(built) == ["slides/intro.md:9:1: image '../static/a%41.png': the file name 'a%41.png' holds "
                              "'%41', which a browser reads as an encoded character; rename the file"]


# --- 11. one line, not a traceback --------------------------------------------------------------

def test_a_long_output_folder_name(talk_dir, tmp_path):
    long_name = tmp_path / ("d" * 245)
    result = build(talk_dir, "--no-pdf", "--out", str(long_name))
    assert result.returncode == 0, result.stderr
    assert (long_name / "index.html").is_file()
    too_long = tmp_path / ("d" * 300)
    result = build(talk_dir, "--no-pdf", "--out", str(too_long))
    assert result.returncode == 1
    no_traceback(result)
    assert result.stderr.splitlines()[-2:] == [
        f"{too_long}:1:1: output folder cannot be used as the output folder (File name too long)",
        "1 problem; nothing was written"]


@pytest.mark.parametrize("port", ["70000", "-1", "eighty"])
def test_serve_on_a_port_that_cannot_be(talk_dir, port):
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "serve", "--talk", str(talk_dir / "talk.yaml"),
                             "--port", port], capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    no_traceback(result)
    assert result.stderr.splitlines()[-1] == (f"build.py: error: argument --port: '{port}' is not a port: give a "
                                              "number from 1 to 65535 (0: any free port)")


def descendants(pid: int) -> list[tuple[int, str]]:
    """The ids and names of a process's living descendants (Playwright's driver, and Chromium it starts
    in a session of its own), from the kernel's process table."""
    children: dict[int, list[tuple[int, str]]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name, fields = text[text.index("(") + 1:text.rindex(")")], text[text.rindex(")") + 2:].split()
        if fields[0] != "Z":
            children.setdefault(int(fields[1]), []).append((int(stat.parent.name), name))
    found, waiting = [], [pid]
    while waiting:
        for child, name in children.get(waiting.pop(), []):
            found.append((child, name))
            waiting.append(child)
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table (Linux)")
def test_ctrl_c_while_printing_stops_at_once(built):
    """A deck whose reveal never starts keeps the printer waiting (30 s at most); Ctrl+C ends it now."""
    (built / "templates").mkdir()
    page = (ROOT / "templates" / "deck.html").read_text()
    (built / "templates" / "deck.html").write_text(page.replace('<script src="static/deck.js"></script>', ""))
    before = snapshot(built / "dist")
    # As from a terminal: Ctrl+C is not ignored (a shell ignores it for jobs it runs in the background).
    child = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--talk", str(built / "talk.yaml")],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                             preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60
    while not any("chrom" in name for _, name in descendants(child.pid)):
        assert child.poll() is None and time.monotonic() < deadline, child.communicate()
        time.sleep(0.1)
    helpers = [pid for pid, _ in descendants(child.pid)]  # the driver and the browser
    time.sleep(1)
    pressed = time.monotonic()
    os.killpg(child.pid, signal.SIGINT)  # as a terminal sends Ctrl+C: to the whole process group
    _, stderr = child.communicate(timeout=60)
    assert time.monotonic() - pressed < 10
    assert child.returncode == 130, stderr
    no_traceback(type("Result", (), {"stderr": stderr}))
    assert stderr.splitlines()[-1] == "interrupted; nothing was written, dist/ is left as it was"
    assert snapshot(built / "dist") == before
    assert [path.name for path in built.iterdir() if path.name.startswith(".dist")] == []

    def alive() -> list[int]:
        found = []
        for pid in helpers:
            try:
                if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z":
                    found.append(pid)
            except FileNotFoundError:  # gone, and reaped
                pass
        return found

    deadline = time.monotonic() + 10  # the browser's own processes end as their parent does, not all at once
    while alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert alive() == [], "the browser outlived the build"


def test_a_page_count_mismatch_is_one_message(built):
    """Both PDFs run over: each is named, once, and the outputs that could be made are written."""
    (built / "static").mkdir()
    (built / "static" / "exports.css").write_text((ROOT / "static" / "exports.css").read_text()
                                                  + "\n.reveal .slides .pdf-page { height: 2400px !important; }\n"
                                                  ".reveal .slides > .handout-page { height: 2000mm !important; }\n")
    result = build(built, pdf=True)
    assert result.returncode == 1
    no_traceback(result)
    assert result.stderr.splitlines()[-3:] == [
        "error: a-small-talk.pdf was not made: Chromium printed 12 pages for 4 slides (4 pages laid out); a page's "
        "content ran onto another",
        "error: a-small-talk-handout.pdf was not made: Chromium printed 35 pages for 4 slides (5 pages laid out); "
        "a page's content ran onto another",
        f"2 outputs not made; the others were written to {built / 'dist'}"]
    assert not (built / "dist" / "a-small-talk.pdf").exists()
    assert (built / "dist" / "a-small-talk.pptx").is_file()


def test_a_talk_titled_index_keeps_its_deck(talk_dir):
    edit(talk_dir / "talk.yaml", "title: A Small Talk", "title: Index")
    result = build(talk_dir, "--no-pdf")
    assert result.returncode == 0, result.stderr
    dist = talk_dir / "dist"
    assert '<script src="reveal/reveal.js"></script>' in (dist / "index.html").read_text()  # the deck, not the export
    assert "<script>" in (dist / "index-talk.html").read_text()  # the export, scripts inside


# --- 12. serve follows folders that arrive ------------------------------------------------------

def test_serve_picks_up_a_folder_moved_into_static(served, project, tmp_path):
    pictures = tmp_path / "pictures"
    pictures.mkdir()
    (pictures / "stage.png").write_bytes(png())
    mark = len(served.lines)
    os.rename(pictures, project / "static" / "pictures")
    served.wait_for(r"static/pictures: rebuilt in \d+ ms.*wrote static/pictures/stage\.png", start=mark)
    assert served.get("/static/pictures/stage.png") == (200, png())
    mark = len(served.lines)
    shutil.move(project / "static" / "pictures", tmp_path / "gone")
    served.wait_for(r"static/pictures: rebuilt in \d+ ms.*wrote static/pictures/", start=mark)
    assert served.get("/static/pictures/stage.png")[0] == 404


def test_serve_picks_up_static_and_templates_created_after_it_started(project, tmp_path):
    shutil.rmtree(project / "static")
    server = Served(project)
    try:
        incoming = tmp_path / "static"
        incoming.mkdir()
        (incoming / "logo.png").write_bytes(png())
        mark = len(server.lines)
        os.rename(incoming, project / "static")
        server.wait_for(r"static: rebuilt in \d+ ms.*wrote static/logo\.png", start=mark)
        assert server.get("/static/logo.png") == (200, png())
        mark = len(server.lines)
        (project / "static" / "second.png").write_bytes(png())  # and it is watched from now on
        server.wait_for(r"static/second\.png: rebuilt in \d+ ms.*wrote static/second\.png", start=mark)
        templates = tmp_path / "templates"
        (templates / "slides").mkdir(parents=True)
        (templates / "slides" / "closing.html").write_text(
            '{% extends "engine/slides/closing.html" %}{% block content %}<h2>Goodbye for now</h2>{% endblock %}')
        mark = len(server.lines)
        os.rename(templates, project / "templates")
        server.wait_for(r"templates: rebuilt in \d+ ms.*wrote index\.html", start=mark)
        assert b"<h2>Goodbye for now</h2>" in server.get("/")[1]
    finally:
        server.stop()
