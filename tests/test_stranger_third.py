"""A stranger's talk folder, third pass: a talk's templates in a sandbox, and what hung, flooded or
locked out before.

Each part is one finding of that pass, tried as a stranger would send it (a folder built with the
default command, `check`, `serve`): a talk's templates lay out the page and reach no Python.
"""
from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
import pytest

from conftest import MINIMAL_SLIDE, ROOT, run_build
from test_hostile import edit
from test_serve import Served
from test_stranger_second import present_three_slides, threads, threads_back_to


def build(talk_dir: Path, *args: str) -> subprocess.CompletedProcess:
    return run_build("--talk", str(talk_dir / "talk.yaml"), *args)


def problems(result: subprocess.CompletedProcess) -> list[str]:
    """A refused run: exit status 1, no traceback; the located lines it printed (no warnings)."""
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    return [line for line in result.stderr.splitlines() if ": warning: " not in line and not line.startswith(" ")
            and not re.fullmatch(r"\d+ problems?; nothing was written", line)]


# --- 1. a talk's templates render in the sandbox ---------------------------------------------

def own_title(talk_dir: Path, expression: str, name: str = "slides/title.html") -> None:
    """The talk's own title slide: the engine's, with one more line that writes `expression`."""
    path = talk_dir / "templates" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{% extends "engine/slides/title.html" %}{% block content %}{{ super() }}\n'
                    f"<p>{{{{ {expression} }}}}</p>\n{{% endblock %}}\n")


WHY = "is not open to templates: a talk's templates lay out the page and cannot reach Python"
REACHING_PYTHON = {
    "a function's globals": ("cycler.__init__.__globals__.os.popen('touch ran').read()",
                             f"'__init__' of Cycler {WHY}"),
    "a class's subclasses": ("''.__class__.__mro__[1].__subclasses__()", f"'__class__' of str {WHY}"),
    "a path's methods": ("deck.root.joinpath('ran').write_text('x')", f"calling PurePath.joinpath {WHY}"),
    "a module behind a helper": ("draw.diagrams.cached", f"'diagrams' of Drawings {WHY}"),
    "the deck's lists changed": ("deck.slides.append(1)", f"'append' of list {WHY}"),
    "a generator's frame": ("(slides|map(attribute='title')).gi_frame", f"'gi_frame' of generator {WHY}"),
}


@pytest.mark.parametrize("expression, message", REACHING_PYTHON.values(), ids=REACHING_PYTHON.keys())
def test_a_talks_template_reaches_no_python(talk_dir, expression, message):
    own_title(talk_dir, expression)
    assert problems(build(talk_dir)) == [f"templates/slides/title.html:2:1: template error: {message}"]
    assert not (talk_dir / "ran").exists() and not (talk_dir / "dist").exists()


@pytest.mark.parametrize("expression, message", [
    ("10 ** 100000", f"a power of 100000 {WHY}"),
    ("((99 ** 1000) ** 1000) ** 1000", f"a power of 1000 {WHY}"),
    ('"words " * 10000000', f"a repetition into 60,000,000 items {WHY}"),
    ("[slides] * 1000 * 1000 * 1000", f"a repetition into 1,000,000,000 items {WHY}"),
], ids=["a power too large", "a power of a power", "a text too long", "a list too long"])
def test_a_talks_template_cannot_compute_for_ever(talk_dir, expression, message):
    own_title(talk_dir, expression)
    assert problems(build(talk_dir)) == [f"templates/slides/title.html:2:1: template error: {message}"]


def test_a_talks_template_that_loops_for_ever_is_stopped(talk_dir, monkeypatch):
    import threading

    from deck import render

    assert threading.current_thread() is threading.main_thread()  # where the deadline's signal arrives
    monkeypatch.setattr(render, "TEMPLATE_SECONDS", 1.0)
    own_title(talk_dir, '"" }}{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}{{ ""')
    assert problems(build(talk_dir)) == [
        "templates/slides/title.html:2:1: template error: rendering took over 1 s; simplify it"]


def test_the_programme_template_is_sandboxed_too(talk_dir):
    (talk_dir / "templates").mkdir()
    (talk_dir / "templates" / "cfp.md").write_text("# {{ talk.title }}\n\n{{ lipsum.__globals__ }}\n")
    assert problems(build(talk_dir)) == [f"templates/cfp.md:3:1: template error: '__globals__' of function {WHY}"]


def test_a_talks_template_lays_out_with_filters_labels_and_the_engines_helpers(talk_dir):
    own_title(talk_dir, 't("site_downloads") | upper }} {{ link_to("order-giver") }} {{ deck.subject("tree").name '
                        '}} {{ "a,b".split(",") | join("+") }} {{ "{} ({})".format(talk.title, slides | length) '
                        '}} {% for slide in slides %}{{ loop.cycle("x", "y") }}{% endfor %} {{ dict(a=1).a')
    result = build(talk_dir)
    assert result.returncode == 0, result.stderr
    assert ('<p>DOWNLOADS <a class="ref" href="#/order-giver">Order-giver</a> Opportunity tree a+b A Small Talk (4) '
            'xyxy 1</p>') in (talk_dir / "dist" / "index.html").read_text()


def test_the_engines_templates_render_the_same_in_the_sandbox(deck, monkeypatch):
    """The real talk through the sandbox and through plain Jinja: the same bytes."""
    from deck import render

    sandboxed = render.render(deck)
    made = render.make_environment

    def plain(templates=None, markdown=False):
        environment = made(templates, markdown)
        unsandboxed = jinja2.Environment(
            loader=environment.loader, undefined=environment.undefined, autoescape=environment.autoescape,
            finalize=environment.finalize, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
        unsandboxed.filters.update(environment.filters)
        return unsandboxed

    monkeypatch.setattr(render, "make_environment", plain)
    assert render.render(deck) == sandboxed


# --- 2. every file of the folder is read bounded: no FIFO, no device, no file read whole ------

def build_guarded(talk_dir: Path, *args: str) -> subprocess.CompletedProcess:
    """The build in a process of its own, stopped after 60 s: a read that hangs fails the test."""
    command = [sys.executable, str(ROOT / "build.py"), "--talk", str(talk_dir / "talk.yaml"), "--no-pdf", *args]
    return subprocess.run(command, cwd=talk_dir, capture_output=True, text=True, timeout=60)


def named_pipe(path: Path) -> None:
    os.mkfifo(path)


def sparse(size: int):
    def make(path: Path) -> None:
        with open(path, "wb") as handle:
            handle.truncate(size)
    return make


def link_to(target: str):
    return lambda path: path.symlink_to(target)


STATIC_ENTRIES = {
    "a named pipe as a script": ("deck.js", named_pipe, "a named pipe, not a file: a talk's static/ holds images, "
                                                        "stylesheets and fonts; delete it"),
    "a link to a device": ("theme.css", link_to("/dev/zero"), "a device, not a file: a talk's static/ holds "
                                                              "images, stylesheets and fonts; delete it"),
    "a link to nothing": ("theme.css", link_to("nowhere.css"), "a symbolic link to nothing (it names "
                                                               "'nowhere.css'): copy the file into static/ or "
                                                               "delete the link"),
    "a 3 GB sparse file": ("huge.png", sparse(3 << 30), "3,221,225,472 bytes; a file in static/ may be 52,428,800 "
                                                        "at most: make it smaller or delete it"),
    "a name that is not UTF-8": (os.fsdecode(b"caf\xe9.png"), sparse(10), "the file name is not UTF-8 (byte "
                                                                           "0xe9): rename it in UTF-8"),
}


@pytest.mark.parametrize("name, make, message", STATIC_ENTRIES.values(), ids=STATIC_ENTRIES.keys())
@pytest.mark.parametrize("command", [["check"], []], ids=["check", "build"])
def test_static_entries_that_are_no_file_are_located_not_read(talk_dir, name, make, message, command):
    (talk_dir / "static").mkdir()
    make(talk_dir / "static" / name)
    shown = "static/" + name.encode("utf-8", "surrogateescape").decode("ascii", "backslashreplace")
    assert problems(build_guarded(talk_dir, *command)) == [f"{shown}:1:1: {message}"]
    assert not (talk_dir / "dist").exists()


@pytest.mark.parametrize("make, what", [(link_to("/dev/zero"), "a link to a device"), (named_pipe, "a FIFO"),
                                        (link_to("../talk.yaml"), "a link to a file")])
def test_a_build_marker_that_is_no_file_is_not_read(talk_dir, make, what):
    """A shipped dist/.deck-build (git keeps links): read as a few bytes of a regular file, or not at all."""
    assert build(talk_dir).returncode == 0
    marker = talk_dir / "dist" / ".deck-build"
    marker.unlink()
    make(marker)
    assert problems(build_guarded(talk_dir)) == [
        f"{talk_dir / 'dist'}:1:1: output folder holds a .deck-build that is not a build's marker (a symbolic link, "
        "or not a regular file); the build replaces its output folder whole, so it is left alone: choose an empty "
        "or new folder"]
    assert os.path.lexists(marker) and (talk_dir / "dist" / "index.html").is_file()


def test_a_marker_is_read_as_its_first_bytes(talk_dir):
    assert build(talk_dir).returncode == 0
    marker = talk_dir / "dist" / ".deck-build"
    with open(marker, "r+b") as handle:  # a build's marker, then a 2 GB line: only its first bytes count
        handle.seek(0, os.SEEK_END)
        handle.truncate(2 << 30)
    result = build_guarded(talk_dir)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("where", ["talk.yaml", "slides/intro.md", "templates/deck.html"])
def test_a_named_pipe_where_a_source_is_read_is_located(talk_dir, where):
    path = talk_dir / where
    path.parent.mkdir(exist_ok=True)
    path.unlink(missing_ok=True)
    os.mkfifo(path)
    expected = {"talk.yaml": "talk.yaml:1:1: cannot read the file (a named pipe, not a regular file)",
                "slides/intro.md": "slides/intro.md:1:1: cannot read the file (a named pipe, not a regular file)",
                "templates/deck.html": "templates/deck.html:1:1: a named pipe, not a template file; delete it"}
    assert problems(build_guarded(talk_dir, "check")) == [expected[where]]


# --- 3. tracebacks and wrong words --------------------------------------------------------------

def test_a_character_reference_of_endless_digits_is_located(talk_dir):
    slide = talk_dir / "slides" / "intro.md"
    slide.write_text(MINIMAL_SLIDE + "\nA reference &#" + "9" * 5000 + "; and its hex twin.\n")
    expected = ("slides/intro.md:9:13: '&#999999999...': a character reference of 5,000 digits stands for no "
                "character; remove it")
    assert problems(build(talk_dir, "check")) == [expected]
    assert problems(build(talk_dir)) == [expected]
    slide.write_text(MINIMAL_SLIDE + "\n[x](https://example.org/&#x" + "f" * 300 + ";)\n")
    assert problems(build(talk_dir)) == [
        "slides/intro.md:9:25: '&#xffffffff...': a character reference of 300 digits stands for no character; "
        "remove it"]


def test_serve_copies_a_static_file_whose_name_leaves_no_room_for_a_suffix(talk_dir):
    (talk_dir / "static").mkdir()
    name = "a" * 242 + ".css"  # 246 bytes: '.<name>.<pid>.tmp' would be over the 255 a name may have
    server = Served(talk_dir)
    try:
        mark = len(server.lines)
        (talk_dir / "static" / name).write_text("h1 { color: red; }\n")
        server.wait_for(rf"rebuilt in \d+ ms.*wrote static/{name}", start=mark)
        assert server.get(f"/static/{name}") == (200, b"h1 { color: red; }\n")
        mark = len(server.lines)
        (talk_dir / "static" / name).write_text("h1 { color: blue; }\n")
        server.wait_for(rf"rebuilt in \d+ ms.*wrote static/{name}", start=mark)
        assert server.get(f"/static/{name}") == (200, b"h1 { color: blue; }\n")
    finally:
        server.stop()
    assert not any("Traceback" in line or "too long" in line for line in server.lines), server.lines


def test_rehearsals_as_a_file_under_serve_is_said_once_and_nothing_breaks(talk_dir):
    (talk_dir / "rehearsals").write_text("my notes on the rehearsals\n")
    server = Served(talk_dir)
    try:
        present_three_slides(server)
        server.wait_for(r"^rehearsals:1:1: rehearsals is a file, not a folder: runs are neither read nor written "
                        r"there; rename it \(serve writes each run into a rehearsals/ folder\)$")
    finally:
        server.stop()
    assert server.process.returncode == 0 or server.process.returncode == -15
    assert not any("Traceback" in line for line in server.lines), server.lines
    assert sum("rehearsals is a file" in line for line in server.lines) == 1
    assert not server.dist.exists()  # serve's temporary folder went with it
    assert (talk_dir / "rehearsals").read_text() == "my notes on the rehearsals\n"
    assert problems(build(talk_dir, "stats")) == [
        "rehearsals:1:1: rehearsals is a file, not a folder: runs are neither read nor written there; rename it "
        "(serve writes each run into a rehearsals/ folder)"]


def test_out_inside_rehearsals_is_refused(talk_dir):
    (talk_dir / "rehearsals").mkdir()
    (talk_dir / "rehearsals" / "run.json").write_text("{}")
    for out in ("rehearsals", "rehearsals/deck"):
        assert problems(build(talk_dir, "--out", str(talk_dir / out))) == [
            f"{talk_dir / out}:1:1: output folder is inside the talk's rehearsals/ folder; write the deck elsewhere "
            "(default: dist/)"]
    assert sorted(path.name for path in (talk_dir / "rehearsals").iterdir()) == ["run.json"]


def test_direction_controls_are_refused_in_links_and_named_in_text(talk_dir):
    talk = talk_dir / "talk.yaml"
    edit(talk, "slides: https://example.org/slides", 'slides: "https://talks.dev/\\u202egpj.sedils\\u202c"')
    edit(talk, "abstract: An abstract.", 'abstract: "An \\u202eabstract."')
    assert problems(build(talk_dir)) == [
        "talk.yaml:21:11: links.slides: the address holds U+202E, an invisible control that turns the text around "
        "it: the address would read as another one; remove it"]
    edit(talk, 'slides: "https://talks.dev/\\u202egpj.sedils\\u202c"', "slides: https://example.org/slides")
    slide = talk_dir / "slides" / "intro.md"
    slide.write_text(MINIMAL_SLIDE + "\nSee [the photo](https://example.org/\u202egpj.sedils).\n")
    assert problems(build(talk_dir)) == [
        "slides/intro.md:9:17: link 'https://example.org/\\u202egpj.sedils' holds U+202E, an invisible control "
        "that turns the text around it: the address would read as another one; remove it"]
    slide.write_text(MINIMAL_SLIDE + "\nA name: \u2067\u05e9\u05dc\u05d5\u05dd\u2069.\n")
    built = build(talk_dir)
    assert built.returncode == 0, built.stderr
    lines = built.stderr.splitlines()
    assert ("talk.yaml:8:11: warning: abstract: holds U+202E, an invisible control that turns the text around it; "
            "remove it unless the text needs it") in lines
    assert ("slides/intro.md:9:9: warning: the text holds U+2067, an invisible control that turns the text around "
            "it; remove it unless the text needs it") in lines


def test_pptx_after_a_build_without_pdfs_writes_its_fonts_into_dist_fonts(talk_dir):
    assert build(talk_dir).returncode == 0
    assert not list((talk_dir / "dist" / "fonts").glob("*.ttf"))
    result = build(talk_dir, "pptx")
    assert result.returncode == 0, result.stderr
    assert sorted(path.name for path in (talk_dir / "dist" / "fonts").glob("*.ttf")) == [
        "atkinson-hyperlegible-400-italic.ttf", "atkinson-hyperlegible-400-normal.ttf",
        "atkinson-hyperlegible-700-italic.ttf", "atkinson-hyperlegible-700-normal.ttf"]
    assert (talk_dir / "dist" / "a-small-talk.pptx").is_file()


# --- 4. the user's cache: bounded, no partial file left, an entry's shape checked ---------------

def entries(kind: str) -> list[Path]:
    from deck.files import cache_folder

    folder = cache_folder(kind)
    return sorted(folder.iterdir()) if folder.is_dir() else []


def rewrite_entries(kind: str, content: bytes, which=lambda kept: True) -> int:
    """Each entry of kind replaced by content under a right digest, as only someone who can write
    the user's cache could: the digest no longer tells it from what the engine wrote."""
    from deck.files import _digest, read_cache

    count = 0
    for path in entries(kind):
        kept = read_cache(kind, path.name)
        if kept is not None and which(kept):
            path.write_bytes(_digest(content) + content)
            count += 1
    return count


@pytest.fixture
def own_cache(tmp_path, monkeypatch):
    """A cache folder of this test's own, empty at its start."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_the_cache_keeps_the_most_recently_used_entries_within_its_size(talk_dir, own_cache, monkeypatch):
    from deck import files

    monkeypatch.setitem(files.CACHE_BYTES, "markdown", 1500)
    slide = talk_dir / "slides" / "intro.md"
    for number in range(8):  # eight versions of the slide, each converted and kept
        slide.write_text(MINIMAL_SLIDE + f"\nVersion {number}: " + "words " * 40 + "\n")
        assert build(talk_dir).returncode == 0
        assert sum(path.stat().st_size for path in entries("markdown")) <= 1500
    newest = max(entries("markdown"), key=lambda path: path.stat().st_mtime_ns)
    assert b"Version 7" in newest.read_bytes()
    assert len(entries("markdown")) < 8


def test_a_cache_entry_that_cannot_be_written_leaves_no_partial_file(own_cache):
    import time

    from deck.files import cache_folder, read_cache, write_cache

    folder = cache_folder("qr")
    folder.mkdir(parents=True)
    (folder / "taken").mkdir()  # the rename over it fails, as a full disk fails the write
    (folder / "taken" / "inside").write_text("x")
    stale = folder / "left.4242.part"  # what a build stopped while writing left, two hours ago
    stale.write_bytes(b"half")
    os.utime(stale, (time.time() - 7200, time.time() - 7200))
    write_cache("qr", "taken", b"made")
    write_cache("qr", "fine", b"made")
    assert sorted(path.name for path in folder.iterdir()) == ["fine", "taken"]
    assert read_cache("qr", "fine") == b"made"


def test_a_crafted_markdown_entry_is_converted_anew_and_its_html_never_shipped(talk_dir, own_cache):
    assert build(talk_dir).returncode == 0
    crafted = json.dumps({"html": "<ul><li>one point</li></ul><script>alert(1)</script>", "pictures": []})
    assert rewrite_entries("markdown", crafted.encode()) == 1
    assert build(talk_dir).returncode == 0
    page = (talk_dir / "dist" / "index.html").read_text()
    assert "alert(1)" not in page and "<li>another point</li>" in page
    for malformed in (b"[1, 2]", b'{"html": 3, "pictures": []}', b'{"html": "", "pictures": [[1]]}', b"\xff"):
        rewrite_entries("markdown", malformed)
        result = build(talk_dir)
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
        assert "<li>another point</li>" in (talk_dir / "dist" / "index.html").read_text()


def test_a_crafted_yaml_or_qr_entry_is_a_miss_not_a_traceback(talk_dir, own_cache):
    import marshal

    from deck import render

    edit(talk_dir / "talk.yaml", "      - file: slides/intro.md", "      - file: slides/intro.md\n"
                                                                  "      - kind: closing\n        minutes: 1\n        notes: Thank you.")
    assert build(talk_dir).returncode == 0
    render.qr_svg.cache_clear()  # kept in this process too: the next build reads the user's cache
    before = (talk_dir / "dist" / "index.html").read_text()
    assert rewrite_entries("yaml", marshal.dumps(({"title": 3}, {("title",): "here"}, {}))) >= 2
    assert rewrite_entries("qr", b'<svg role="img"><script>alert(1)</script></svg>',
                           which=lambda kept: kept.startswith(b"<svg")) == 2  # links.slides, links.feedback
    result = build(talk_dir)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert (talk_dir / "dist" / "index.html").read_text() == before


def test_a_crafted_print_entry_is_printed_anew(own_cache):
    from deck import print_cache

    for raw in ({"slides": "not a PDF"}, {"layout": [], "laid": {"kinds": []}}, {"overflowing": [3]},
                {"slides": b"%PDF", "what": 1}):
        print_cache.write("entry", raw)
        assert print_cache.read("entry") is None
    print_cache.write("entry", {"slides": b"%PDF", "layout": [{"id": "title"}], "overflowing": []})
    assert print_cache.read("entry") == {"slides": b"%PDF", "layout": [{"id": "title"}], "overflowing": []}


# --- 5. the phone keeps its room; serve's own listener has the same limits ---------------------

def answer(connection: socket.socket) -> bytes:
    """Everything the listener sends until it closes the connection (or 10 s pass)."""
    connection.settimeout(10)
    received = b""
    while True:
        try:
            chunk = connection.recv(4096)
        except (ConnectionResetError, TimeoutError):
            return received
        if not chunk:
            return received
        received += chunk


def test_wrong_guesses_cannot_lock_the_phone_out(talk_dir):
    server = Served(talk_dir, "--remote")
    try:
        phone = server.wait_for(r"phone remote: (http://\S+/remote/[\w-]+/)").group(1)
        host, port = re.match(r"http://([\d.]+):(\d+)/", phone).groups()

        def connect(source: str) -> socket.socket:
            return socket.create_connection((host, int(port)), timeout=10, source_address=(source, 0))

        def page_request(path: str) -> bytes:
            return f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode()

        handset = connect("127.0.0.2")  # the phone opens its page: its address has shown the token
        handset.sendall(page_request(urlsplit(phone).path))
        assert handset.recv(15) == b"HTTP/1.1 200 OK"
        handset.close()
        guess = connect("127.0.0.3")  # a wrong guess on a kept-alive connection: answered, then closed
        guess.sendall(page_request("/remote/guess/"))
        refused = answer(guess)
        assert refused.startswith(b"HTTP/1.1 403") and b"Connection: close" in refused
        guess.close()
        held = []
        for source in range(3, 9):  # six addresses, eight unfinished heads each: more than all the slots
            for _ in range(8):
                stranger = connect(f"127.0.0.{source}")
                stranger.sendall(b"GET /remote/guess/ HTTP/1.1\r\n")
                held.append(stranger)
        time.sleep(1)
        kept = 0
        for stranger in held:  # the ones over the strangers' share were closed unanswered
            stranger.settimeout(0.05)
            try:
                kept += stranger.recv(1) != b""
            except TimeoutError:
                kept += 1
            except ConnectionResetError:
                pass
        assert kept == 24  # 32 slots, 8 of them kept for an address that has shown the token
        handset = connect("127.0.0.2")
        handset.sendall(page_request(urlsplit(phone).path))
        assert handset.recv(15) == b"HTTP/1.1 200 OK"
        handset.close()
        for stranger in held:
            stranger.close()
    finally:
        server.stop()


def test_serves_own_listener_caps_unfinished_requests(talk_dir):
    server = Served(talk_dir)
    try:
        before = threads(server.process)
        held = []
        for _ in range(300):  # unfinished requests on 127.0.0.1
            stranger = socket.create_connection(("127.0.0.1", server.port), timeout=10)
            stranger.sendall(b"GET / HTTP/1.1\r\n")
            held.append(stranger)
        time.sleep(0.5)
        assert threads(server.process) <= before + 64
        for stranger in held:  # every head not finished in time is closed by the listener
            assert answer(stranger) == b""
            stranger.close()
        assert server.get("/")[0] == 200
        assert threads_back_to(server.process, before)
    finally:
        server.stop()
