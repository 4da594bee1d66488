"""A stranger's folder, continued: read-only folders, ids taken from content, two builds at once,
awkward image names, one line rather than a traceback, and serve following folders that arrive."""
from __future__ import annotations

import http.server
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from conftest import MINIMAL_SLIDE, MINIMAL_TALK, ROOT, as_a_user
from test_hostile import built, edit, good_dist, refused, snapshot  # noqa: F401  (fixtures)
from test_serve import Served, project, served  # noqa: F401  (project, served: fixtures)
from test_stranger import build, no_traceback, png, wait_for_line


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


def living(pids, seconds: float = 10) -> list[int]:
    """Which of pids still run after up to `seconds`: the browser's own processes end as their
    parent does, not all at once."""
    def alive() -> list[int]:
        found = []
        for pid in pids:
            try:
                if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z":
                    found.append(pid)
            except FileNotFoundError:  # gone, and reaped
                pass
        return found

    deadline = time.monotonic() + seconds
    while alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    return alive()


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

    assert living(helpers) == [], "the browser outlived the build"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table (Linux)")
def test_a_print_kept_from_before_leaves_no_browser_behind(built, tmp_path):
    """`build.py pdf` starts the browser while it loads the talk; when the print then comes from the
    cache, the build exits as fast as before and the browser it started goes with it. The browser's
    driver (Node) keeps the code it compiled in the user's cache, for the next start."""
    command = [sys.executable, str(ROOT / "build.py"), "pdf", "--talk", str(built / "talk.yaml")]
    env = {name: value for name, value in os.environ.items() if name != "NODE_COMPILE_CACHE"}
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    assert subprocess.run(command, capture_output=True, text=True, timeout=300, env=env).returncode == 0
    assert [path for path in (tmp_path / "cache" / "perfect-patterns-deck" / "node").rglob("*") if path.is_file()]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    seen: set[int] = set()
    while child.poll() is None:  # the driver and the browser it launched, as they come
        seen |= {pid for pid, _ in descendants(child.pid)}
        time.sleep(0.02)
    stderr = child.communicate()[1]
    assert child.returncode == 0 and "printed before: the same deck, from the cache" in stderr, stderr
    no_traceback(type("Result", (), {"stderr": stderr}))
    assert seen, "no browser was started ahead"
    assert living(seen) == [], "the browser started ahead outlived the build"


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
