"""Serve: the built deck on 127.0.0.1, rebuilt in process on every save, the browser reloaded on its slide.

    watchfiles event -> rebuild (in this process) -> Server-Sent Event -> live.js reloads the page

This module owns the rebuilding and the command: the watch, the Rebuilder, what the terminal
says. The rebuild reuses what has not changed: talk.yaml is parsed again only when its bytes changed,
Jinja recompiles only the templates whose files changed (the Environment is cached), the QR
codes are cached, and only outputs whose text changed are written (each by an atomic rename).
A save in static/ copies just that file. A failed rebuild prints the located problems in the
terminal, shows them over the deck in the browser, and leaves the last good deck in place.

The HTTP side (which files are answered for, to which hosts, the reload script added to the
deck page at response time) is deck/server.py.
"""
from __future__ import annotations

import os
import queue
import shutil
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from . import load, pipeline, trust, validate
from . import render as render_stage
from .problems import Problem, TalkError, printable
from .files import ENGINE_STATIC, ENGINE_TEMPLATES, SERVE, is_active, output_problem, read_regular, walk_files
from .files import replace_file as _replace  # a reader never sees half a deck
from .server import HOST, DeckServer, LiveState
from .slide_parts import KeptSlides

WATCHED_FOLDERS = ("slides", "templates", "static")
# Editors write a file in a few quick events (temp file, rename); 5 ms of quiet ends a batch.
WATCH_STEP_MS = 5


@dataclass
class Rebuild:
    """What one rebuild did: the files it wrote, how long it took, or the problems that stopped it."""

    written: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    slides: int = 0
    rendered: int = 0  # slides rendered again (the others' parts of the page were kept)


class Rebuilder:
    """Keeps the last good build's outputs and parsed talk.yaml, so a save redoes only what changed."""

    def __init__(self, talk_path: Path, out: Path, own_templates: bool = True, edition: str | None = None):
        self.talk_path = talk_path.resolve()
        self.edition = edition  # serve --edition NAME: that edition's deck, and its rehearsals
        self.own_templates = own_templates  # False: --engine-templates
        self.root = self.talk_path.parent
        self.out = out.resolve()
        self.outputs: dict[str, str | bytes] = {}  # as last written into out/
        self._talk_bytes: bytes | None = None
        self._talk_source: load.Source | None = None
        self._template_files = self._list_templates()
        self._engine_templates = self._as_engine_templates()
        self.kept = KeptSlides()  # each slide's part of the page, as last rendered
        self.deck: validate.Deck | None = None  # the last good build's

    def load(self) -> validate.Deck:
        """load + validate, reusing the parsed talk.yaml when its bytes are unchanged."""
        try:
            current = read_regular(self.talk_path, load.MAX_FILE_BYTES)  # a FIFO or a huge file: load says so
        except OSError:
            current = None
        if current is None or current != self._talk_bytes or self._talk_source is None:
            self._talk_source = None
            source = load.load_yaml_file(self.talk_path, self.root)
            self._talk_bytes, self._talk_source = current, source
        deck = validate.validate(self._talk_source, self.root, self.own_templates)
        if self.edition is None:
            return deck
        from .editions import edition_named

        return edition_named(deck, self.edition, self.talk_path.name)

    def build_all(self) -> Rebuild:
        """The first build: every output and asset, swapped in as one folder like `build.py` does."""
        started = time.perf_counter()
        deck = self.load()
        self.kept.since(deck, self._engine_templates)
        outputs, files = pipeline.render_with_assets(deck, self.out, SERVE, self.kept)
        pipeline.write_all(outputs, files, self.out, kind=SERVE)
        self.outputs = dict(outputs)
        self.deck = deck
        return Rebuild(sorted(outputs), [], time.perf_counter() - started, len(deck.slides))

    def rebuild(self, changed: set[Path]) -> Rebuild:
        """After a save: copy changed static files, re-render, write only the outputs that differ."""
        started = time.perf_counter()
        if any(path.is_relative_to(self.root / "templates") for path in changed):
            self._forget_moved_templates()
        deck = self.load()  # validated first: a static/ link that leads outside is refused, not copied
        written = self._copy_static([path for path in changed if self._in_static(path)])
        self.kept.since(deck, self._engine_templates)
        outputs = render_stage.render(deck, self.kept)
        for relative, content in outputs.items():
            if self.outputs.get(relative) != content:
                _replace(self.out / relative, content)
                written.append(relative)
        self.outputs = dict(outputs)
        self.deck = deck
        return Rebuild(written, [], time.perf_counter() - started, len(deck.slides), self.kept.rendered)

    def _list_templates(self) -> set[Path]:
        folder = self.root / "templates"
        return {path for path in folder.rglob("*") if path.is_file()} if folder.is_dir() else set()

    def _forget_moved_templates(self) -> None:
        """Jinja notices an edited template by itself, but not a new override of an engine template
        (nor a deleted one, nor templates/ created after serve started): then the Environment is
        made again, with the talk's templates/ as it now is."""
        listed = self._list_templates()
        if listed != self._template_files:
            render_stage.make_environment.cache_clear()
            self._template_files = listed
        self._engine_templates = self._as_engine_templates()

    def _as_engine_templates(self) -> bool:
        """Whether the talk renders with the engine's templates (none of its own, or byte for byte
        copies): only then is it known what a slide's template reads of the other slides, and
        the slides a save did not change are kept as rendered."""
        folder = self.root / "templates"
        if not self.own_templates or folder.resolve() == ENGINE_TEMPLATES:
            return True
        try:
            return all((ENGINE_TEMPLATES / path.relative_to(folder)).read_bytes() == path.read_bytes()
                       for path in self._template_files)
        except OSError:
            return False

    def _in_static(self, path: Path) -> bool:
        return path.is_relative_to(self.root / "static")

    def _copy_static(self, paths: list[Path]) -> list[str]:
        """Saved files copied, deleted ones removed (or the engine's file of that name put back); a
        folder moved in (or static/ itself, created after serve started) is copied whole, and one
        moved out is removed with what it held."""
        static = self.root / "static"
        written = []
        for path in sorted(paths):
            relative = "static/" + path.relative_to(static).as_posix() if path != static else "static"
            target = self.out / relative
            engine_file = ENGINE_STATIC / path.relative_to(static)
            if path.is_dir():
                for inner in walk_files(path, inside=self.root):
                    written += self._copy_static([inner])
            elif path.is_file() and not is_active(path):  # scripts stay the engine's (trust.py)
                _replace(target, path)
                written.append(relative)
            elif path.exists() or path == static:
                continue
            elif engine_file.is_file():
                _replace(target, engine_file)
                written.append(relative)
            elif target.is_dir():
                shutil.rmtree(target, ignore_errors=True)
                written.append(relative + "/")
            elif target.is_file():
                target.unlink()
                written.append(relative)
        return written


def watch(root: Path, talk_name: str, changes: queue.Queue, stop: threading.Event) -> list[threading.Event]:
    """A watcher for the talk file and each of the talk's folders (recursively).

    The talk file is watched through its folder (without recursing into node_modules or .venv):
    an editor that saves by renaming a new file over the old one would end a watch on the file.
    The same watch sees a folder (static/, say) created, moved in or replaced after serve started:
    it then gets a watcher of its own, and is reported changed as a whole. Each watcher sets its
    event once it is watching, so no save after that can be missed.
    """
    import watchfiles

    default = watchfiles.DefaultFilter()
    watching: dict[str, int] = {}  # folder name -> the inode its watcher follows

    def run(paths, recursive, keep, ready):
        # yield_on_timeout: the first (empty) batch tells that the watch is in place.
        for batch in watchfiles.watch(*paths, recursive=recursive, watch_filter=keep, step=WATCH_STEP_MS,
                                      stop_event=stop, rust_timeout=200, yield_on_timeout=True,
                                      raise_interrupt=False):
            ready.set()
            if batch:
                changed = {Path(path) for _, path in batch}
                if not recursive:  # the talk's folder itself: a watched folder may have come
                    changed |= follow_new_folders()
                changes.put((time.perf_counter(), changed))

    def start(paths, recursive, keep) -> threading.Event:
        ready = threading.Event()
        threading.Thread(target=run, args=(paths, recursive, keep, ready), daemon=True).start()
        return ready

    def follow_new_folders() -> set[Path]:
        appeared = set()
        for name in WATCHED_FOLDERS:
            folder = root / name
            try:
                inode = folder.stat().st_ino if folder.is_dir() else None
            except OSError:
                inode = None
            if inode is not None and watching.get(name) != inode:
                watching[name] = inode
                start([folder], True, default).wait(timeout=5)
                appeared.add(folder)
        return appeared

    folders = [root / name for name in WATCHED_FOLDERS if (root / name).is_dir()]
    watching.update((folder.name, folder.stat().st_ino) for folder in folders)
    top_level = {talk_name, *WATCHED_FOLDERS}
    readiness = [start([root], False, lambda change, path: Path(path).name in top_level)]
    readiness += [start([folder], True, default) for folder in folders]
    return readiness


def sources_stamp(root: Path, talk_name: str) -> dict[Path, tuple[int, int]]:
    """Modification time and size of every watched file: what changed while the watch was starting."""
    paths = [root / talk_name, *(path for name in WATCHED_FOLDERS for path in sorted((root / name).rglob("*")))]
    stamp = {}
    for path in paths:
        try:
            info = path.stat()
        except OSError:
            continue
        stamp[path] = (info.st_mtime_ns, info.st_size)
    return stamp


def serve(talk_path: Path, out: Path | None, port: int, debug: bool = False, remote: bool = False,
          own_templates: bool = True, edition: str | None = None) -> int:
    """`build.py serve`: build, serve on 127.0.0.1, rebuild on every save until Ctrl+C.

    Without --out the deck is built into a temporary folder (removed on exit), so serving never
    replaces what `build.py` wrote into dist/ (the single file, the PDFs).
    """
    import signal
    import tempfile

    temporary = None
    if out is None:
        temporary = Path(tempfile.mkdtemp(prefix="talk-serve-"))
        out = temporary / "dist"
    else:
        refused = output_problem(out, talk_path.resolve().parent, SERVE)
        if refused:  # the first build replaces out/ whole: never the talk's own folder or sources
            print(Problem(str(out), 1, 1, "", f"output folder {refused}"), file=sys.stderr)
            return 1

    def interrupt(signum, frame):  # `kill` stops serve as Ctrl+C does, cleaning up
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)
    rebuilder = Rebuilder(talk_path, out, own_templates, edition)
    live = LiveState()
    server = None
    presenting = None
    stop = threading.Event()
    try:
        before = sources_stamp(rebuilder.root, rebuilder.talk_path.name)
        # A talk's own templates are code: said once, before the first build runs them.
        for warning in (trust.template_problems(rebuilder.root)[1] if own_templates
                        else trust.ignored_templates(rebuilder.root)):
            print(warning, file=sys.stderr)
        try:
            first = rebuilder.build_all()
            live.built()
            log(f"built {first.slides} slides into {rebuilder.out} in {first.seconds * 1000:.0f} ms")
        except TalkError as error:
            report(error.problems, live, kept="serving the previous build in " + str(rebuilder.out)
                   if (rebuilder.out / "index.html").is_file() else "nothing to serve until it builds")
        try:
            server = DeckServer(rebuilder.out, port, live)
        except OSError as error:
            print(f"cannot listen on {HOST}:{port}: {error.strerror}; choose another port with --port", file=sys.stderr)
            return 1
        threading.Thread(target=server.serve_forever, daemon=True).start()
        from . import presenting as presenting_module

        presenting = presenting_module.start(rebuilder, server, remote, log)
        if presenting is None:
            return 1
        changes: queue.Queue = queue.Queue()
        for ready in watch(rebuilder.root, rebuilder.talk_path.name, changes, stop):
            ready.wait(timeout=5)
        # A save between the first build and the watch taking hold is rebuilt now, not lost.
        after = sources_stamp(rebuilder.root, rebuilder.talk_path.name)
        if after != before:
            changes.put((time.perf_counter(), {path for path in before.keys() | after.keys()
                                               if before.get(path) != after.get(path)}))
        url = f"http://{HOST}:{server.server_address[1]}/"
        watched = ", ".join([talk_path.name] + [f"{name}/" for name in WATCHED_FOLDERS
                                                if (rebuilder.root / name).is_dir()])
        log(f"serving {url} - watching {watched}; press Ctrl+C to stop")
        while True:
            try:
                noticed, changed = changes.get(timeout=0.5)
            except queue.Empty:
                continue
            while not changes.empty():  # both watchers may report one save
                changed |= changes.get_nowait()[1]
            rebuild_once(rebuilder, live, changed, noticed, debug)
            if presenting is not None and rebuilder.deck is not None:
                presenting.planned(rebuilder.deck)
    except KeyboardInterrupt:
        log("stopped")
    finally:
        stop.set()
        if server is not None:
            server.shutdown()
            server.server_close()
        if presenting is not None:
            presenting.stop(log)
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
    return 0


def rebuild_once(rebuilder: Rebuilder, live: LiveState, changed: set[Path], noticed: float, debug: bool) -> None:
    # An editor's temporary file, gone by now, is not worth naming.
    names = ", ".join(sorted(_shown(path, rebuilder.root) for path in changed if path.exists())
                      or sorted(_shown(path, rebuilder.root) for path in changed))
    try:
        result = rebuilder.rebuild(changed)
    except TalkError as error:
        if debug:
            traceback.print_exc()
        report(error.problems, live)
        return
    except Exception as error:  # a bug in the engine: show it, keep serving the last good deck
        traceback.print_exc()
        live.failed([f"engine error ({type(error).__name__}): {error}", "the traceback is in the terminal"])
        return
    if not result.written and not live.problems:
        log(f"{names}: rebuilt in {result.seconds * 1000:.0f} ms, the deck is unchanged")
        return
    live.built()
    reload_ms = (time.perf_counter() - noticed) * 1000
    log(f"{names}: rebuilt in {result.seconds * 1000:.0f} ms ({reload_ms:.0f} ms from the file event to the "
        f"reload message, {result.rendered} of {result.slides} slides rendered); "
        f"wrote {', '.join(result.written) or 'nothing new'}")


def report(problems: list[Problem], live: LiveState, kept: str = "still serving the last good deck") -> None:
    """Located problems in the terminal, and to the browser as an overlay over the last good deck."""
    for problem in problems:
        print(problem, file=sys.stderr)
    count = len(problems)
    log(f"{count} problem{'s' if count != 1 else ''}; {kept}")
    live.failed([str(problem) for problem in problems])


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def log(message: str) -> None:
    """One line in serve's terminal; names from the talk's folder in it (a saved file's) are made printable."""
    print(f"[{time.strftime('%H:%M:%S')}] {printable(message)}", file=sys.stderr, flush=True)
