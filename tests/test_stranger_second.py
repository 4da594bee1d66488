"""A stranger's talk folder, second pass: what the newer surfaces let through, and what holds now.

Each part is one finding of that pass, tried as a stranger would send it (a folder built with the
default command, `check`, `stats`, `serve`): a talk's templates run only after the build has
named them, and never under `check` or `--engine-templates`; the single file holds its stylesheet
in; control characters stop at validation however they are written; the phone's listener cannot
be held open; rehearsal files are checked like talk.yaml; nothing is written outside the talk's
folder and its output folder; cfp.md shows the talk's text as text.
"""
from __future__ import annotations

import html as html_module
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import markdown
import pytest

from conftest import MINIMAL_SLIDE, MINIMAL_TALK, ROOT, as_a_user, run_build
from test_hostile import edit, snapshot
from test_serve import Served
from test_stranger import Recorder, no_traceback



def build(talk_dir: Path, *args: str) -> subprocess.CompletedProcess:
    return run_build("--talk", str(talk_dir / "talk.yaml"), *args)


def problems(result: subprocess.CompletedProcess) -> list[str]:
    """A refused run: exit status 1, no traceback; the located lines it printed (no warnings)."""
    assert result.returncode == 1, result.stderr
    no_traceback(result)
    return [line for line in result.stderr.splitlines() if ": warning: " not in line and not line.startswith(" ")
            and not re.fullmatch(r"\d+ problems?; nothing was written", line)]


# --- 2. a talk's templates run only when the build has said so ------------------------------

@pytest.fixture
def shared_talk():
    """The minimal talk in a folder another user can read: the permission tests run the build as
    'nobody' when the suite runs as root (to root, every folder can be listed)."""
    folder = Path(tempfile.mkdtemp(prefix="stranger-"))
    (folder / "slides").mkdir()
    (folder / "slides" / "intro.md").write_text(MINIMAL_SLIDE)
    (folder / "talk.yaml").write_text(MINIMAL_TALK)
    yield folder
    for current, folders, files in os.walk(folder):
        for name in folders:
            os.chmod(os.path.join(current, name), 0o755)
    shutil.rmtree(folder, ignore_errors=True)


def build_as_a_user(folder: Path, *args: str) -> subprocess.CompletedProcess:
    """build.py as a user without root's right to read every folder."""
    command = [sys.executable, str(ROOT / "build.py"), "--talk", str(folder / "talk.yaml"), "--no-pdf", *args]
    return subprocess.run(as_a_user(command), cwd=folder, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "HOME": str(folder)})


# A template that would run a program: it leaves a file where the test looks if it ever gets to run it.
def running_template(marker: Path) -> str:
    return ('{% extends "engine/slides/title.html" %}{% block content %}{{ super() }}'
            f"{{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}"
            "<p>OWN-TEMPLATE</p>{% endblock %}\n")


def test_a_template_folder_that_cannot_be_listed_is_an_error_not_silence(shared_talk):
    """Mode 0311 (a tar archive keeps it): the folder hides its names, but Jinja would still open
    templates/slides/title.html by name and run it. The build names it and stops, running nothing."""
    marker = shared_talk / "ran"
    slides = shared_talk / "templates" / "slides"
    slides.mkdir(parents=True)
    (slides / "title.html").write_text(running_template(marker))
    slides.chmod(0o311)
    result = build_as_a_user(shared_talk)
    assert problems(result) == [
        "templates/slides:1:1: cannot list this folder of templates (Permission denied): templates are code, and "
        "the build names them before they run; make it readable (chmod -R u+rX templates/slides) or build with "
        "--engine-templates"]
    assert not marker.exists() and not (shared_talk / "dist").exists()


def test_a_template_that_cannot_be_read_is_an_error(shared_talk):
    (shared_talk / "templates").mkdir()
    (shared_talk / "templates" / "deck.html").write_text("{{ 1 }}")
    (shared_talk / "templates" / "deck.html").chmod(0)
    assert problems(build_as_a_user(shared_talk)) == [
        "templates/deck.html:1:1: cannot read this template: templates are code, and the build names them before "
        "they run; make it readable or build with --engine-templates"]


def test_templates_run_only_after_the_build_names_them_and_never_under_check(talk_dir):
    marker = talk_dir / "ran"
    (talk_dir / "templates" / "slides").mkdir(parents=True)
    (talk_dir / "templates" / "slides" / "title.html").write_text(running_template(marker))
    warning = ("templates:1:1: warning: this talk brings its own templates (templates/slides/title.html): they are "
               "code, not data; read them before building a talk someone sent you (--engine-templates builds it "
               "without them)")

    # check lays the deck out in Chromium, with the engine's templates
    checked = run_build("--talk", str(talk_dir / "talk.yaml"), "check", pdf=True)
    assert checked.returncode == 0, checked.stderr
    lines = checked.stderr.splitlines()
    assert warning in lines
    assert lines.index(warning) < lines.index("layout measured with the engine's templates: check does not run "
                                              "this talk's own (build.py does, and prints the same warnings for them)")
    assert not marker.exists()

    ignored = build(talk_dir, "--engine-templates")
    assert ignored.returncode == 0, ignored.stderr
    assert ("templates:1:1: warning: --engine-templates: this talk's own templates are ignored; the deck is built "
            "with the engine's") in ignored.stderr.splitlines()
    assert warning not in ignored.stderr and not marker.exists()
    assert "OWN-TEMPLATE" not in (talk_dir / "dist" / "index.html").read_text()

    built = build(talk_dir)  # the default build renders them, named first, in the sandbox: refused there
    assert problems(built) == ["templates/slides/title.html:1:1: template error: '__init__' of Cycler is not open to "
                               "templates: a talk's templates lay out the page and cannot reach Python"]
    assert warning in built.stderr.splitlines() and not marker.exists()


def test_serve_with_engine_templates_serves_the_engines_slides(talk_dir):
    marker = talk_dir / "ran"
    (talk_dir / "templates" / "slides").mkdir(parents=True)
    (talk_dir / "templates" / "slides" / "title.html").write_text(running_template(marker))
    server = Served(talk_dir, "--engine-templates")
    try:
        status, page = server.get("/")
        assert status == 200 and b"OWN-TEMPLATE" not in page and b"A Small Talk" in page
        assert any("this talk's own templates are ignored" in line for line in server.lines)
    finally:
        server.stop()
    assert not marker.exists()


# --- 3. the single file holds its stylesheet in ---------------------------------------------

def test_a_stylesheet_cannot_close_its_element_in_the_single_file(talk_dir, browser):
    """'</STYLE>' in a CSS string, any case: the export keeps it inside the <style> element, so the
    <meta http-equiv=refresh> after it is text of the stylesheet, and nothing is requested."""
    recorder = Recorder()
    try:
        breakout = (f"</STYLE><meta http-equiv=\"refresh\" content=\"0;url=http://127.0.0.1:{recorder.port}/r\">"
                    "</sTyLe ><img src=x>")
        (talk_dir / "static" / "theme").mkdir(parents=True)
        (talk_dir / "static" / "theme" / "deck.css").write_text(
            (ROOT / "static" / "theme" / "deck.css").read_text() + f"\nh1::after {{ content: '{breakout}'; }}\n")
        result = build(talk_dir)
        assert result.returncode == 0, result.stderr
        single = talk_dir / "dist" / "a-small-talk.html"
        text = single.read_text()
        # Only the <style> elements' own end tags: the stylesheet's is '<\/STYLE>' now.
        assert len(re.findall(r"</style", text, flags=re.IGNORECASE)) == len(re.findall(r"<style>", text))
        context = browser.new_context()
        page = context.new_page()
        page.goto(single.as_uri())
        page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=15000)
        page.wait_for_timeout(1500)  # a refresh of 0 s would have left by now
        assert page.url.split("#")[0] == single.as_uri()
        assert page.evaluate("document.querySelectorAll('meta[http-equiv=refresh], img[src=x]').length") == 0
        after = page.evaluate("getComputedStyle(document.querySelector('.reveal h1'), '::after').content")
        assert "</STYLE><meta" in after  # the rule is whole: the string is the stylesheet's, as written
        context.close()
    finally:
        recorder.close()
    assert recorder.paths == []


# --- 4. control characters, however written -------------------------------------------------

CONTROL_CASES = {
    "a YAML escape in a value": ('name: Sam Speaker', r'name: "Sam\e[2J\a"',
                                 "talk.yaml:3:9: speaker.name: control character U+001B (written as an escape) is "
                                 "not allowed; remove it"),
    "a JSON-style escape": ("title: A Small Talk", r'title: "A Small Talk\u009b2J"',
                            "talk.yaml:1:8: title: control character U+009B (written as an escape) is not allowed; "
                            "remove it"),
    "a carriage return": ("name: Test Conf", r'name: "Test\rConf"',
                          "talk.yaml:5:9: event.name: control character U+000D (written as an escape) is not "
                          "allowed; remove it"),
    "a NUL in a key": ("abstract: An abstract.", '"abs\\0tract": An abstract.',
                       "talk.yaml:8:1: abs\\x00tract: control character U+0000 (written as an escape) is not "
                       "allowed; remove it"),
    "a lone surrogate": ("abstract: An abstract.", r'abstract: "An \ud800 abstract."',
                         "talk.yaml:8:11: abstract: U+D800 (written as an escape) is not a character text can "
                         "hold; remove it"),
}


@pytest.mark.parametrize("old, new, expected", CONTROL_CASES.values(), ids=CONTROL_CASES.keys())
def test_control_characters_written_as_escapes_are_refused(talk_dir, old, new, expected):
    edit(talk_dir / "talk.yaml", old, new)
    assert problems(build(talk_dir)) == [expected]
    assert not (talk_dir / "dist").exists()


def test_control_characters_in_front_matter_and_markdown_references_are_refused(talk_dir):
    slide = talk_dir / "slides" / "intro.md"
    edit(slide, "title: Intro", r'title: "Intro\x1b]0;owned\x07"')
    assert problems(build(talk_dir)) == [
        "slides/intro.md:2:8: title: control character U+001B (written as an escape) is not allowed; remove it"]
    slide.write_text(MINIMAL_SLIDE + "\nA bell &#7; and a clear screen &#x1B;[2J\n\n`&#27;` is shown as code.\n")
    assert problems(build(talk_dir)) == [
        "slides/intro.md:9:8: '&#7;': control character U+0007 is not allowed; remove it"]
    slide.write_text(MINIMAL_SLIDE + "\n`&#27;` shown as code, and &#128; is a euro sign.\n")
    assert build(talk_dir).returncode == 0


def test_stats_prints_no_escape_sequence_from_the_talk_folder(talk_dir):
    """A run file's name is the talk's too: stats shows its control characters escaped."""
    folder = talk_dir / "rehearsals"
    folder.mkdir()
    name = "2026-03-01\x1b]0;owned\x07\x1b[2J.json"
    (folder / name).write_text(run_text({"title": 60, "order-giver": 60, "product-trio": 60, "intro": 60}))
    result = build(talk_dir, "stats")
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout + result.stderr and "\x07" not in result.stdout
    assert "rehearsals/2026-03-01\\x1b]0;owned\\x07\\x1b[2J.json (complete" in result.stdout


# --- 5. the phone's listener cannot be held open --------------------------------------------

def threads(process: subprocess.Popen) -> int:
    return int(re.search(r"Threads:\s+(\d+)", Path(f"/proc/{process.pid}/status").read_text()).group(1))


def threads_back_to(process: subprocess.Popen, before: int) -> bool:
    """Whether the threads that served closed connections end within 5 s, as their sockets close."""
    for _ in range(50):
        if threads(process) <= before:
            return True
        time.sleep(0.1)
    return False


def test_the_phone_listener_caps_connections_and_the_deck_keeps_answering(talk_dir):
    server = Served(talk_dir, "--remote")
    try:
        phone = server.wait_for(r"phone remote: (http://\S+/remote/[\w-]+/)").group(1)
        host, port = re.match(r"http://([\d.]+):(\d+)/", phone).groups()
        before = threads(server.process)
        held = []
        for _ in range(400):  # unfinished requests from a host without the token
            attacker = socket.create_connection((host, int(port)), timeout=10)
            attacker.sendall(b"GET /remote/guess/ HTTP/1.1\r\n")
            held.append(attacker)
        assert threads(server.process) <= before + 8  # 8 from one address at most: no thread for the rest
        assert server.get("/")[0] == 200  # the deck on 127.0.0.1 answers meanwhile
        # The phone, from an address of its own, is answered too.
        handset = socket.create_connection((host, int(port)), timeout=10, source_address=("127.0.0.2", 0))
        handset.sendall(f"GET {urlsplit(phone).path} HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode())
        assert handset.recv(15) == b"HTTP/1.1 200 OK"
        handset.close()
        # Every unfinished request is closed by the listener: its head did not come in time.
        for attacker in held:
            attacker.settimeout(15)
            try:
                assert attacker.recv(100) == b""
            except ConnectionResetError:
                pass
            attacker.close()
        assert threads_back_to(server.process, before)
    finally:
        server.stop()


# --- 7. rehearsal files are checked like talk.yaml ------------------------------------------

class Raw(str):
    """A number written into a run file as it is (JSON's own 1e999), not as a string."""


def run_text(slides: dict[str, float], **fields) -> str:
    """A run file as serve writes it, with fields replaced as a stranger might have edited them."""
    head = {"format": 1, "talk": "A Small Talk", "started": "2026-03-01T10:00:00+01:00", "status": "complete",
            "talk_minutes": 8, "seconds": sum(slides.values()), **fields}
    lines = ["{"] + [f"  {json.dumps(key)}: {value if isinstance(value, Raw) else json.dumps(value)},"
                     for key, value in head.items()]
    rows = [json.dumps({"id": slide, "planned": 60, "seconds": value}) for slide, value in slides.items()]
    return "\n".join(lines + ['  "slides": [', "    " + ",\n    ".join(rows), "  ]", "}", ""])


REHEARSAL_CASES = {
    "an infinite number": (dict(seconds=Raw("1e999")), "rehearsals/run.json:7:14: seconds: expected a finite number "
                                                  "(got '1e999')"),
    "a number past a day": (dict(seconds=Raw("1e308")), "rehearsals/run.json:7:14: seconds: expected at most 86400 "
                                                   "(got '1e308')"),
    "a date no clock gives": (dict(started="0001-01-01T00:00:00"),
                              "rehearsals/run.json:4:14: started: a rehearsal starts between the years "
                              "1970 and 2999 (got '0001-01-01T00:00:00')"),
    "a format that is not a number": (dict(format=True), "rehearsals/run.json:2:13: format: the format "
                                                         "is the whole number 1 (got True)"),
}


@pytest.mark.parametrize("fields, expected", REHEARSAL_CASES.values(), ids=REHEARSAL_CASES.keys())
def test_a_tampered_rehearsal_file_is_located_in_stats_and_check(talk_dir, fields, expected):
    (talk_dir / "rehearsals").mkdir()
    (talk_dir / "rehearsals" / "run.json").write_text(
        run_text({"title": 60, "order-giver": 60, "product-trio": 60, "intro": 60}, **fields))
    assert problems(build(talk_dir, "stats")) == [expected]
    assert problems(build(talk_dir, "check")) == [expected]


def test_the_plot_of_the_longest_run_a_file_may_hold_stays_small(talk_dir, tmp_path):
    (talk_dir / "rehearsals").mkdir()
    (talk_dir / "rehearsals" / "run.json").write_text(
        run_text({"title": 86000, "order-giver": 60, "product-trio": 60, "intro": 180}))  # a day in all
    plot = tmp_path / "plot.svg"
    result = build(talk_dir, "stats", "--plot", str(plot))
    assert result.returncode == 0, result.stderr
    svg = ET.parse(plot).getroot()
    labels = [text.text for text in svg.iter("{http://www.w3.org/2000/svg}text") if text.text.endswith(" min")]
    assert labels[0] == "0 min" and int(labels[-1].split()[0]) >= 86000 / 60 and len(labels) <= 21
    assert plot.stat().st_size < 20_000


# --- 8. serve's report endpoint answers a bad request with 400 ------------------------------

def post_report(server: Served, body: bytes, length: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.putrequest("POST", "/__live__/present/report", skip_host=True)
    connection.putheader("Host", f"127.0.0.1:{server.port}")
    connection.putheader("Content-Type", "application/json")
    connection.putheader("Content-Length", length)
    connection.endheaders(body)
    status = connection.getresponse().status
    connection.close()
    return status


def test_a_bad_report_is_answered_400_without_a_traceback(talk_dir):
    server = Served(talk_dir)
    try:
        assert post_report(server, b"", "abc") == 400
        assert post_report(server, b"", "-5") == 400
        for report in ('{"slide": "title", "index": 1e400, "counting": true}',
                       '{"slide": "title", "index": true, "counting": true}',
                       '{"slide": "title", "index": 99999999999999999999, "counting": true}',
                       '{"slide": ["title"], "index": 0, "counting": true}', "[1, 2]"):
            assert post_report(server, report.encode(), str(len(report))) == 400, report
        report = b'{"slide": "title", "index": 0, "counting": true}'
        assert post_report(server, report, str(len(report))) == 204
        assert post_report(server, b"{}", "5000") == 413
    finally:
        server.stop()
    assert not any("Traceback" in line for line in server.lines), server.lines


def present_three_slides(server: Served) -> None:
    """The presenting window's reports as the speaker moves through the first three slides."""
    for slide, index in (("title", 0), ("order-giver", 1), ("product-trio", 2)):
        report = json.dumps({"slide": slide, "index": index, "counting": True}).encode()
        assert post_report(server, report, str(len(report))) == 204


# --- 9. nothing is written outside the talk's folder and its output folder ------------------

def test_rehearsals_as_a_link_out_of_the_talk_is_neither_written_nor_read(talk_dir, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    (talk_dir / "rehearsals").symlink_to(outside)
    server = Served(talk_dir)
    try:
        present_three_slides(server)
        server.wait_for(r"^rehearsals:1:1: rehearsals/ is a symbolic link to outside the talk's folder: runs are "
                        r"neither read nor written there; make it a folder of the talk's own$")
    finally:
        server.stop()
    assert list(outside.iterdir()) == []
    assert sum("symbolic link to outside" in line for line in server.lines) == 1  # said once
    refusal = ("rehearsals:1:1: rehearsals/ is a symbolic link to outside the talk's folder: runs are neither read "
               "nor written there; make it a folder of the talk's own")
    (outside / "run.json").write_text(run_text({"title": 60}))
    assert problems(build(talk_dir, "stats")) == [refusal]


@pytest.mark.parametrize("command", ["build", "pdf", "pptx", "sheet"])
def test_dist_as_a_link_out_of_the_talk_is_refused(talk_dir, tmp_path_factory, command):
    """Even to a folder that holds a build's marker: every command that writes refuses it."""
    outside = tmp_path_factory.mktemp("outside")
    (outside / ".deck-build").write_text("build\n")
    (outside / "keep.txt").write_text("theirs")
    (talk_dir / "dist").symlink_to(outside)
    before = snapshot(outside)
    assert problems(build(talk_dir, command)) == [
        f"{talk_dir / 'dist'}:1:1: output folder is a symbolic link to outside the talk's folder; the build writes "
        "only into the talk's folder and its own output folder: remove the link, or name the folder with --out"]
    assert snapshot(outside) == before and sorted(path.name for path in outside.iterdir()) == [".deck-build", "keep.txt"]


# --- 10. cfp.md shows the talk's text as text ------------------------------------------------

def test_cfp_md_escapes_the_talks_text_for_markdown_and_html(talk_dir):
    edit(talk_dir / "talk.yaml", "title: A Small Talk", 'title: "Small <script>alert(1)</script> Talk"')
    edit(talk_dir / "talk.yaml", "  name: Sam Speaker",
         '  name: "Sam <img src=x onerror=alert(1)>"\n  role: "[click](javascript:alert(1)) & *boss*"\n'
         '  bio: |\n    Builds things.\n    # Not a heading\n    <iframe src="https://example.org"></iframe>\n'
         "    [x]: javascript:alert(2)\n    R&D, &amp; a_b_c")
    result = build(talk_dir)
    assert result.returncode == 0, result.stderr
    cfp = (talk_dir / "dist" / "cfp.md").read_text()
    assert cfp.startswith("# Small &lt;script>alert(1)&lt;/script> Talk\n")
    # As an organiser's renderer shows it, one that passes raw HTML through: text, no element, no link.
    html = markdown.markdown(cfp)
    for made in ("<script", "<img", "<iframe", "href=", "<h1>Not a heading"):
        assert made not in html, made
    assert len(re.findall(r"<h1>", html)) == 1 and "<a " not in html
    shown = re.sub(r"<[^>]+>", "", html)
    shown = html_module.unescape(shown)
    for text in ("Small <script>alert(1)</script> Talk", "Sam <img src=x onerror=alert(1)>",
                 "[click](javascript:alert(1)) & *boss*", "# Not a heading",
                 '<iframe src="https://example.org"></iframe>', "[x]: javascript:alert(2)", "R&D, &amp; a_b_c"):
        assert text in shown, text
