"""Files: where the engine's own files are, which folders a build owns, and how a file is written.

The lowest layer: every stage may import it and it imports nothing of the engine's. It holds the
few names that several stages share (the engine's folders, the build folder's marker and the
commands that write it, the build's date) and the file helpers they all need (a walk that ends on
link loops, a write no reader sees half of, an output whose failure is kept apart from the others'),
so no stage has to import a stage above it for them.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import dataclass
import posixpath
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
# The engine's templates, theme, schema and the reveal.js and font files a build ships: in a
# checkout, the repo's own folders beside deck/; installed from the wheel, the same tree inside the
# package (BUNDLED, which deck/wheel.py fills when the wheel is built, and a checkout never has).
BUNDLED = PACKAGE / "engine"
ENGINE = BUNDLED if BUNDLED.is_dir() else PACKAGE.parent
ENGINE_STATIC = ENGINE / "static"
ENGINE_TEMPLATES = ENGINE / "templates"
ENGINE_SCHEMA = ENGINE / "talk.schema.json"
NODE_MODULES = ENGINE / "node_modules"
REVEAL = NODE_MODULES / "reveal.js" / "dist"
FONTS = NODE_MODULES / "@fontsource" / "atkinson-hyperlegible" / "files"
# Only what the deck uses ships with it: reveal's core, the three plugins it starts, four faces
# (and CODE_FONT, the monospaced one code is shown in).
REVEAL_FILES = ["reveal.js", "reveal.css", "plugin/notes.js", "plugin/search.js", "plugin/zoom.js"]
FONT_FILES = [f"atkinson-hyperlegible-latin-{weight}-{style}.woff2"
              for weight in (400, 700) for style in ("normal", "italic")]
# The faces the deck ships: its text's (every weight and style covers the same characters) and code's.
TEXT_FONT = FONTS / FONT_FILES[0]
CODE_FONT = NODE_MODULES / "@fontsource" / "jetbrains-mono" / "files" / "jetbrains-mono-latin-400-normal.woff2"

# What a browser runs as code when a page loads it or someone opens it: never from a talk's static/.
ACTIVE_SUFFIXES = frozenset({".js", ".mjs", ".cjs", ".wasm", ".html", ".htm", ".xhtml", ".xht", ".xml",
                             ".xsl", ".xslt", ".shtml", ".svgz"})
# Written into every build's folder; its first line names the command that wrote it.
MARKER = ".deck-build"
MARKER_NOTE = ("This folder was written by the talk's build.py and is replaced whole by the next build:\n"
               "keep nothing else in it.\n")
BUILD, SERVE, SITE = "build", "serve", "site"  # SITE: build.py site's folder (deck/site.py)
# The talk's run-throughs, beside talk.yaml (deck/rehearsal.py): check reads it only where it exists.
REHEARSALS = "rehearsals"
# Folders an older engine wrote, before the marker: nothing but these, and the exports (*.html,
# *.pdf, *.pptx, the contact sheet).
LEGACY_NAMES = {"index.html", "cfp.md", "reveal", "fonts", "static"}
# Without SOURCE_DATE_EPOCH the PDFs carry this fixed date, so rebuilding never changes a byte.
DEFAULT_EPOCH = 946_684_800  # 2000-01-01T00:00:00Z


def is_active(path: Path | str) -> bool:
    """A script or a web page: code a browser runs, which only the engine ships."""
    return Path(path).suffix.lower() in ACTIVE_SUFFIXES


def walk_files(folder: Path, inside: Path | None = None) -> list[Path]:
    """Every file under folder, through symbolic links to folders (each real folder once, so a
    link loop ends), in a stable order; with inside, a link to a folder outside it is not entered."""
    found: list[Path] = []
    seen: set[Path] = set()
    boundary = real_path(inside) if inside is not None else None
    for current, folders, files in os.walk(folder, followlinks=True):
        real = real_path(Path(current))
        if real is None or real in seen or (boundary is not None and not real.is_relative_to(boundary)):
            folders[:] = []
            continue
        seen.add(real)
        folders.sort()
        found.extend(Path(current) / name for name in sorted(files))
    return found


def real_path(path: Path) -> Path | None:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return None


def previous_build(folder: Path) -> str | None:
    """Which command filled folder (BUILD, SERVE or SITE), or None when it is not a build's folder.

    A folder an older engine wrote carries no marker: it counts as a build when it holds nothing
    but what such a build wrote (the deck, the programme text, reveal/, fonts/, static/, exports);
    a site's folder (docs/ with its own pages in folders) never does.
    """
    try:
        with (folder / MARKER).open(encoding="utf-8") as marker:
            first = marker.readline().strip()
        return first if first in (BUILD, SERVE, SITE) else None
    except (OSError, UnicodeDecodeError):
        pass
    try:
        names = {entry.name: entry.is_dir() for entry in os.scandir(folder)}
    except OSError:
        return None
    required = {"index.html": False, "cfp.md": False, "reveal": True}
    if any(names.get(name) is not is_dir for name, is_dir in required.items()):
        return None
    extra = [name for name, is_dir in names.items() if name not in LEGACY_NAMES
             and (is_dir or not name.endswith((".html", ".pdf", ".pptx", ".png")))]
    return BUILD if not extra else None


def replace_file(target: Path, content: str | bytes) -> None:
    """Write a file by renaming a finished temporary one over it: a reader never sees half of it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    if isinstance(content, str):
        temporary.write_text(content, encoding="utf-8", newline="\n")
    else:
        temporary.write_bytes(content)
    os.replace(temporary, target)


def source_epoch() -> int:
    """The build's date: SOURCE_DATE_EPOCH, else a fixed one (the PowerPoint file uses it too)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(epoch) if epoch.isdigit() else DEFAULT_EPOCH


@dataclass
class Failure:
    """An output the build could not make, and why: the others are still written (exit status 1)."""

    name: str  # the file as dist/ would hold it
    reason: str
    error: BaseException

    def __str__(self) -> str:
        return f"{self.name} was not made: {self.reason}"


class OutputsFailed(Exception):
    """Some outputs could not be made; the others were written into `folder`."""

    def __init__(self, failures: list[Failure], folder: Path):
        super().__init__("; ".join(str(failure) for failure in failures))
        self.failures, self.folder = failures, folder


@contextmanager
def making(name: str | None, failures: list[Failure], *paths: Path):
    """One output made: what fails inside is its Failure, kept in `failures` while the other
    outputs go on, and whatever it half wrote (paths) is removed. Ctrl+C and a cancelled session
    are not an output's failure: they still stop everything. name None: no output of its own."""
    if name is None:
        yield
        return
    try:
        yield
    except Exception as error:  # noqa: BLE001 - any output's failure, reported with its traceback under --debug
        for path in paths:
            path.unlink(missing_ok=True)
        message = (getattr(error, "message", None) or str(error)).strip()  # Playwright's errors: their message
        reason = message.splitlines()[0] if message else ""
        if not type(error).__module__.startswith(("deck.", "playwright.")):  # not ours to word: say what it is
            reason = f"{type(error).__name__}: {reason}" if reason else type(error).__name__
        failures.append(Failure(name, reason, error))


def output_problem(out: Path, root: Path, kind: str = BUILD) -> str | None:
    """Why the build (or serve, kind "serve") must not replace out/: it would swap away the talk's
    own sources, or a folder that no build wrote, or (for serve) a full build it would leave half old.

    The build replaces its output folder whole, so `--out .` or `--out slides` would otherwise
    delete the talk; a folder is a previous build only when it carries the build's marker.
    """
    try:
        target, real_root = out.resolve(), root.resolve()
        if target == real_root or real_root.is_relative_to(target):
            return "is the talk's folder or holds it; the build replaces its output folder whole"
        written = Path(posixpath.normpath(out.absolute().as_posix()))
        if written.is_relative_to(real_root) and not target.is_relative_to(real_root):
            # dist/ as the talk's folder brings it: a symbolic link there must not send the build elsewhere
            return ("is a symbolic link to outside the talk's folder; the build writes only into the talk's "
                    "folder and its own output folder: remove the link, or name the folder with --out")
        for kept in ("slides", "static", "templates"):
            if target.is_relative_to(real_root / kept):
                return f"is inside the talk's {kept}/ folder; write the deck elsewhere (default: dist/)"
        if target.exists() and not target.is_dir():
            return "exists and is not a folder"
        if not target.is_dir() or not any(target.iterdir()):
            return None
    except (OSError, RuntimeError, ValueError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        return f"cannot be used as the output folder ({reason})"
    previous = previous_build(target)
    if previous is None:
        return (f"holds files no build wrote (no {MARKER} file in it); the build replaces its output folder "
                "whole, so it is left alone: choose an empty or new folder")
    if kind == SERVE and previous == BUILD:
        return ("holds a full build from build.py (the single file, the PDFs); serve writes the deck alone and "
                "would leave it half old: serve into another folder, or leave out --out")
    return None


def cached(kind: str, name: str, make) -> bytes:
    """make()'s bytes, kept as name under the user's cache folder (kind: 'fonts', 'model'...) and
    read back by the next process that asks for the same name: name must say everything the
    bytes depend on (a hash of the inputs). Where the cache cannot be written, make() runs each time."""
    kept = read_cache(kind, name)
    if kept is not None:
        return kept
    made = make()
    write_cache(kind, name, made)
    return made


def cache_folder(kind: str) -> Path:
    """Where the entries of one kind are kept, under the user's cache folder."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "perfect-patterns-deck" / kind


def _cache_path(kind: str, name: str) -> Path:
    return cache_folder(kind) / name


DIGEST_BYTES = 16  # each entry starts with its BLAKE2 digest


def read_cache(kind: str, name: str) -> bytes | None:
    """What write_cache kept under this name, or None: also where the entry is damaged (cut short
    by a full disk, or changed since), so that it is made anew rather than shipped."""
    try:
        kept = _cache_path(kind, name).read_bytes()
    except OSError:
        return None
    digest, made = kept[:DIGEST_BYTES], kept[DIGEST_BYTES:]
    return made if _digest(made) == digest else None


def write_cache(kind: str, name: str, made: bytes) -> None:
    path = _cache_path(kind, name)
    try:  # written beside, then renamed: a build running alongside never reads half of it
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        partial = path.with_name(f"{name}.{os.getpid()}.part")
        partial.write_bytes(_digest(made) + made)
        partial.replace(path)
    except OSError:  # a cache that cannot be written only costs the next build the time
        pass


def _digest(made: bytes) -> bytes:
    import hashlib

    return hashlib.blake2b(made, digest_size=DIGEST_BYTES).digest()


def package_stamp(package: str, file: str = "__init__.py") -> bytes:
    """The bytes of a file of an installed package (its version is in it), found without importing
    the package: part of a cache key, so an upgrade makes new entries. b"" where it is not found."""
    import importlib.util

    spec = importlib.util.find_spec(package)
    try:
        return Path(spec.origin).with_name(file).read_bytes() if spec and spec.origin else b""
    except OSError:
        return b""


def cache_key(*parts: bytes | str) -> str:
    """One hex name for everything a cached result depends on."""
    import hashlib

    return hashlib.sha256(b"\0".join(part.encode("utf-8") if isinstance(part, str) else part
                                     for part in parts)).hexdigest()
