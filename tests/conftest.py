"""Shared fixtures: small example talks in tmp_path, the real talk built once, real Chromium."""
from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import build  # noqa: E402
from deck.files import MARKER  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# A complete, valid talk that fits on a screen; tests change one thing and look at the result.
MINIMAL_TALK = textwrap.dedent("""\
    title: A Small Talk
    speaker:
      name: Sam Speaker
    event:
      name: Test Conf
    slot_minutes: 10
    questions_minutes: 2
    abstract: An abstract.
    summary: >-
      one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
      sixteen seventeen eighteen nineteen twenty one two three four five six seven eight nine ten
      eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty one two
      three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen
      seventeen eighteen nineteen twenty one two three four five six seven eight nine ten eleven
      twelve thirteen fourteen fifteen sixteen
    takeaways:
      - id: spot
        short: Spot them
        text: You will spot them.
    links:
      slides: https://example.org/slides
      feedback: https://example.org/feedback
    anti_patterns:
      - id: order-giver
        name: Order-giver
        summary: Product hands out orders.
        symptoms: [Tickets with solutions]
        consequences: [A feature factory]
        remedies: [product-trio]
    contexts:
      - id: new-market
        name: A new market
        question: Who is the customer?
        summary: Nobody knows yet.
        stance: {leads: Nobody alone, advises: Customers, co_creates: Everyone}
        why: Learning wins.
    patterns:
      - id: product-trio
        name: Product trio
        summary: Discover together.
        contexts: [new-market]
        helps_when: Unknown problems.
        stop_when: Known problems.
    tools:
      - id: tree
        name: Opportunity tree
        summary: Outcome to experiments.
        supports: [product-trio]
        helps_when: Arguments about solutions.
        stop_when: The tree stops changing.
    outline:
      - id: only
        title: The only section
        slides:
          - kind: title
            minutes: 1
            notes: Hello and welcome.
          - kind: anti-pattern
            ref: order-giver
            minutes: 1
            delivers: spot
            notes: The order-giver.
          - kind: pattern
            ref: product-trio
            minutes: 1
            notes: The trio.
          - file: slides/intro.md
    """)

MINIMAL_SLIDE = textwrap.dedent("""\
    ---
    title: Intro
    minutes: 1
    notes: A few words about the intro.
    ---
    - one point
    - another point
    """)


@pytest.fixture
def talk_dir(tmp_path: Path) -> Path:
    """A folder holding the minimal talk and its one Markdown slide."""
    (tmp_path / "slides").mkdir()
    (tmp_path / "slides" / "intro.md").write_text(MINIMAL_SLIDE)
    (tmp_path / "talk.yaml").write_text(MINIMAL_TALK)
    return tmp_path


def run_build(*args: str, cwd: Path = ROOT, pdf: bool = False, env: dict | None = None,
              own_process: bool = False) -> subprocess.CompletedProcess:
    """`python build.py ARGS` as a speaker runs it, from cwd with env: its exit status and output.

    build.main runs in this worker (build_here), as serve runs it again and again in one process: an
    interpreter of its own would cost more to start (0.16 core-seconds) than most builds take.
    own_process=True starts one, for what a process keeps (the label tables it read, once).
    A browser run costs seconds, so the PDFs (and check's layout) are left out unless asked for
    (pdf=True or the 'pdf' command); the real talk's PDFs are printed once, by built_talk.
    """
    if not pdf and "pdf" not in args:
        args = (*args, "--no-pdf")
    if own_process:
        return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd,
                              capture_output=True, text=True, timeout=300, env=env)
    from unittest import mock

    # os.environ is env meanwhile, and as it was afterwards; so is the working folder.
    environment = contextlib.nullcontext() if env is None else mock.patch.dict(os.environ, env, clear=True)
    with environment, contextlib.chdir(cwd):
        return build_here(*args)


def build_here(*args: str) -> subprocess.CompletedProcess:
    """build.main(args) in this process, what it printed and its exit status, as a process of its
    own gives them: argparse's usage errors exit with status 2, and an exception that escapes
    (--debug re-raises the talk's mistakes) is a traceback on stderr and status 1."""
    import traceback

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = build.main(list(args))
        except SystemExit as exit:
            status = exit.code if isinstance(exit.code, int) else 0 if exit.code is None else 1
        except Exception:  # what the interpreter does with it: the traceback, and status 1
            traceback.print_exc()
            status = 1
    return subprocess.CompletedProcess(["build.py", *args], status, out.getvalue(), err.getvalue())


def pdf_texts(pdf: Path) -> list[str]:
    """Each page's text as a reader who copies it out of the PDF gets it, in the order it was
    written (poppler's pdftotext -raw, which keeps a hyphen that ends a line: 'non-' and
    'consumers' stay 'non-consumers'), in a twentieth of the time pypdf takes to extract it."""
    found = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                           check=True)
    return found.stdout.split("\f")[:-1]  # a form feed ends each page


def as_a_user(command: list[str]) -> list[str]:
    """command run where file permissions apply, as they do to a speaker. Root ignores them, so
    under root the command keeps its user but loses every capability (setpriv): the engine's
    checkout stays readable wherever it was cloned (a 0700 mktemp folder too)."""
    if os.geteuid() != 0:
        return command
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.fail("running as root needs setpriv (util-linux) to test file permissions")
    return [setpriv, "--inh-caps=-all", "--bounding-set=-all", "--", *command]


def shared_folder(tmp_path_factory) -> Path:
    """A folder every worker of this run sees: the run's temporary folder, above each worker's own."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def modules_loaded_by_a_build(talk: Path, *args: str, env: dict | None = None) -> set[str]:
    """The modules a fresh process has loaded after `build.py --talk talk --no-pdf ARGS` ran
    (exit status 0): what stays off the start-up path is asserted against this."""
    code = ("import sys, build; status = build.main(['--talk', sys.argv[1], '--no-pdf', *sys.argv[2:]]); "
            "print(status, *sorted(sys.modules))")
    result = subprocess.run([sys.executable, "-c", code, str(talk), *args], cwd=ROOT,
                            capture_output=True, text=True, timeout=120, env=env)
    status, *modules = result.stdout.split()
    assert status == "0", result.stderr
    return set(modules)


# The real talk's full build, PDFs too: the dearest step of a run. One process builds it under a
# lock into the run's shared folder; whoever holds the lock and finds no build there builds it.
BUILD_THE_TALK = """
import fcntl, sys
sys.path.insert(0, sys.argv[1])
from pathlib import Path
import build
from deck.files import MARKER
out, lock = Path(sys.argv[2]), Path(sys.argv[3])
with open(lock, "w") as held:
    fcntl.flock(held, fcntl.LOCK_EX)
    if not (out / MARKER).is_file():
        sys.exit(build.main(["--out", str(out)]))
"""


def talk_build_paths(tmp_path_factory) -> tuple[Path, Path]:
    shared = shared_folder(tmp_path_factory)
    return shared / "built-talk" / "dist", shared / "built-talk.lock"


@pytest.fixture(scope="session", autouse=True)
def talk_built_ahead(request, tmp_path_factory):
    """Starts the real talk's build in the background as the run starts, when a test will read it:
    the fast tests run meanwhile, instead of a worker waiting on the lock when the slow ones begin."""
    if not any("built_talk" in getattr(item, "fixturenames", ()) for item in request.session.items):
        yield
        return
    out, lock = talk_build_paths(tmp_path_factory)
    out.parent.mkdir(parents=True, exist_ok=True)
    builder = subprocess.Popen([sys.executable, "-c", BUILD_THE_TALK, str(ROOT), str(out), str(lock)], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    yield
    builder.wait(timeout=300)  # another worker may be waiting on it


@pytest.fixture(scope="session")
def built_talk(tmp_path_factory, talk_built_ahead) -> Path:
    """The real talk, built once for the whole run into a folder of its own: every output, PDFs too.

    The suite runs in several worker processes: the build started ahead (talk_built_ahead) holds
    the lock until it is done; if it failed or has not started yet, the first worker to ask builds
    it here, where its problems show, and the others wait and read the same folder."""
    import fcntl

    out, lock_path = talk_build_paths(tmp_path_factory)
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (out / MARKER).is_file():
            assert build.main(["--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def deck():
    """The real talk's validated model, loaded once a module."""
    from deck.validate import load_deck

    return load_deck(ROOT / "talk.yaml")


@pytest.fixture(scope="module")
def built_file(built_talk, deck):
    """A file of the real talk's build by what follows its slug: built_file('.pptx'), built_file('-handout.pdf')."""
    from deck.export import slug

    return lambda ending: built_talk / f"{slug(deck.talk.title)}{ending}"


def chromium_path() -> str:
    """The browser the build prints with (deck.chromium.find_chromium): the tests see what it prints."""
    from deck.chromium import ChromiumNotFound, find_chromium

    try:
        return find_chromium()
    except ChromiumNotFound as missing:
        pytest.fail(f"{missing} ('make test' installs it)")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    yield page
    context.close()


# The PDF export without shrinking pictures to 300 dpi, which is most of a conversion's time (the real
# talk's file: 9 core-seconds, 5 without): the tests read the words' places, which it does not move.
KEEP_PICTURES_AS_THEY_ARE = 'pdf:impress_pdf_Export:{"ReduceImageResolution":{"type":"boolean","value":"false"}}'


@pytest.fixture(scope="session")
def libreoffice(tmp_path_factory):
    """The organiser's LibreOffice Impress, headless: libreoffice(files, out, fonts) converts each
    file to out/<its name>.pdf in one start and returns the PDFs. `fonts`: a folder fontconfig adds,
    as when the organiser installed the deck's fonts folder. One user profile for this worker's
    conversions: making it is most of a start's cost (a profile takes one LibreOffice at a time)."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        pytest.fail("LibreOffice not found: run 'make test' (it installs Debian's libreoffice-impress)")
    profile = tmp_path_factory.mktemp("libreoffice-profile")

    def convert(files: list[Path], out: Path, fonts: Path | None = None) -> list[Path]:
        out.mkdir(parents=True, exist_ok=True)
        env = dict(os.environ)
        if fonts is not None:
            conf = out / "fonts.conf"
            conf.write_text(f'<?xml version="1.0"?><fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf'
                            f'</include><dir>{fonts}</dir><cachedir>{out / "font-cache"}</cachedir></fontconfig>')
            env["FONTCONFIG_FILE"] = str(conf)
        assert len({path.stem for path in files}) == len(files), "one name each: they share out/"
        result = subprocess.run([found, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                                 "--convert-to", KEEP_PICTURES_AS_THEY_ARE, "--outdir", str(out), *map(str, files)],
                                capture_output=True, text=True, timeout=300, env=env)
        converted = [out / (path.stem + ".pdf") for path in files]
        assert all(path.is_file() for path in converted), result.stderr
        return converted

    return convert


def refuse_requests(page, allowed) -> list[str]:
    """Let through the requests `allowed(url)` accepts; record and refuse every other one."""
    outside: list[str] = []

    def guard(route):
        if allowed(route.request.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    return outside


def open_offline(page, url: str) -> list[str]:
    """Open a deck; any request that is not a file of the deck itself is recorded and refused."""
    outside = refuse_requests(page, lambda target: target.startswith(("file://", "data:", "about:")))
    page.goto(url)
    page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=15000)
    return outside


# Tests that open Chromium or read the real talk's full build are end-to-end: marked 'slow' and run
# after the others, so a broken check shows in seconds; `pytest -m "not slow"` runs the fast ones alone.
END_TO_END_FIXTURES = {"browser", "page", "built_talk"}

# The files that take longest (measured with --durations=0, the whole suite in 3 workers), longest
# first. In several workers a file goes whole to one worker (--dist loadfile, in this order:
# pytest_configure keeps xdist from reordering the files by their number of tests): one of these
# started last would keep a worker busy at the end while the others stand idle.
LONGEST_FIRST = ("test_site.py", "test_fuzz.py", "test_pptx.py", "test_french.py", "test_accessibility.py",
                 "test_editions.py", "test_reproducible.py", "test_stranger_folders.py", "test_code.py",
                 "test_pdfua.py", "test_kept.py", "test_stranger_second.py", "test_engine_tool.py",
                 "test_stranger_third.py", "test_import_real.py", "test_import.py", "test_stranger.py",
                 "test_language.py", "test_serve.py", "test_pdf.py", "test_talk_editions.py", "test_rehearsal.py",
                 "test_pictures_everywhere.py", "test_hostile_outputs.py", "test_organiser_template.py",
                 "test_talk_room.py", "test_staging.py", "test_print_cache.py", "test_rules.py",
                 "test_pictures_sized.py", "test_remote.py", "test_notes.py", "test_pack.py", "test_build.py",
                 "test_handout.py", "test_single_file.py", "test_speaker_view.py", "test_layers.py",
                 "test_projected.py", "test_hostile.py", "test_many_slides.py", "test_layouts.py", "test_pictures.py",
                 "test_browser.py", "test_talk.py")


def pytest_configure(config):
    """The files in LONGEST_FIRST's order, and one cache folder for the whole run, empty at its start
    as on a fresh machine: what one test's build keeps (a parsed file, a subset font, a printed deck)
    the next reuses, and no earlier run decides what this one prints. Set before the workers start,
    so they and their builds inherit it."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return
    # xdist hands out the files with the most tests first unless told not to (`make test` tells it):
    # a bare `pytest -n 3 --dist loadfile` keeps LONGEST_FIRST's order too.
    if hasattr(config.option, "loadscopereorder"):
        config.option.loadscopereorder = False
    import atexit
    import tempfile

    folder = tempfile.mkdtemp(prefix="deck-tests-cache-")
    os.environ["XDG_CACHE_HOME"] = folder
    atexit.register(shutil.rmtree, folder, True)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if END_TO_END_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)

    def longest_first(item) -> int:
        name = item.path.name
        return LONGEST_FIRST.index(name) if name in LONGEST_FIRST else len(LONGEST_FIRST)

    in_workers = bool(os.environ.get("PYTEST_XDIST_WORKER"))
    # stable: file order kept among the others; in one process the fast tests of every file come first
    items.sort(key=lambda item: (longest_first(item) if in_workers else 0, item.get_closest_marker("slow") is not None))
