"""Files: where the engine's own files are, which folders a build owns, and how a file is written.

The lowest layer: every stage may import it and it imports nothing of the engine's. It holds the
few names that several stages share (the engine's folders, the build folder's marker and the
commands that write it, the build's date) and the file helpers they all need (a walk that ends on
link loops, a write no reader sees half of, an output whose failure is kept apart from the others'),
so no stage has to import a stage above it for them.
"""
from __future__ import annotations

import errno
import os
import stat
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
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
# Noto Color Emoji (SIL OFL), whole: the face the text and code fall back to for emoji, shipped only
# with a talk that shows some (deck/fonts.py finds them).
EMOJI_FONT = NODE_MODULES / "@fontsource" / "noto-color-emoji" / "files" / "noto-color-emoji-emoji-400-normal.woff2"
EMOJI_STYLESHEET = "static/theme/emoji.css"  # in dist/: the face declared, the text and code falling back to it

# What a browser runs as code when a page loads it or someone opens it: never from a talk's static/.
ACTIVE_SUFFIXES = frozenset({".js", ".mjs", ".cjs", ".wasm", ".html", ".htm", ".xhtml", ".xht", ".xml",
                             ".xsl", ".xslt", ".shtml", ".svgz"})
# Written into every build's folder; its first line names the command that wrote it.
MARKER = ".deck-build"
MARKER_LINE = 16  # bytes of the marker read: its first line names the command
MARKER_NOTE = ("This folder was written by the talk's build.py and is replaced whole by the next build:\n"
               "keep nothing else in it.\n")
BUILD, SERVE, SITE = "build", "serve", "site"  # SITE: build.py site's folder (deck/site.py)
PACK = "pack"  # build.py pack's folder: what the organiser asked for (deck/pack.py)
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


class NotARegularFile(OSError):
    """A path that is a named pipe, a device, a socket or a folder where a file is read: reading it
    would wait for a writer forever (a FIFO) or never end (/dev/zero). strerror says what it is."""


class FileTooLarge(OSError):
    """A file over the limit its reader sets, judged before a byte of it is read."""


# What a path is when it is not a regular file, in the words of a message.
KINDS = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"),
         (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))
MAX_STATIC_BYTES = 50 * 1024 * 1024  # a file in a talk's static/, pictures included (deck/images.py)
CHUNK = 1 << 20  # what is hashed or compared at a time: a big file never sits in memory whole


def not_regular(mode: int) -> str | None:
    """What a file of this mode is when it is not a regular file ('a named pipe'), else None."""
    if stat.S_ISREG(mode):
        return None
    return next((what for test, what in KINDS if test(mode)), "not a regular file")


def open_regular(path: Path, limit: int | None = None, follow: bool = True):
    """path opened for reading in binary, only as a regular file of at most limit bytes: a FIFO is
    opened without waiting for a writer and refused (NotARegularFile), as is a device; a file over
    the limit is refused before it is read (FileTooLarge); follow False refuses a symbolic link."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | (0 if follow else os.O_NOFOLLOW)
    descriptor = os.open(path, flags)
    try:
        status = os.fstat(descriptor)
        what = not_regular(status.st_mode)
        if what is not None:
            raise NotARegularFile(errno.EINVAL, f"{what}, not a regular file", str(path))
        if limit is not None and status.st_size > limit:
            raise FileTooLarge(errno.EFBIG, f"{status.st_size:,} bytes; the limit is {limit:,}", str(path))
        os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def read_regular(path: Path, limit: int) -> bytes:
    """A regular file's bytes, at most limit of them (open_regular); one that grew past the limit
    while it was read is refused too."""
    with open_regular(path, limit) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise FileTooLarge(errno.EFBIG, f"over {limit:,} bytes, the limit", str(path))
    return data


def file_digest(path: Path, algorithm: str = "sha256") -> bytes:
    """The digest of a regular file's bytes, read a chunk at a time."""
    import hashlib

    with open_regular(path) as handle:
        return hashlib.file_digest(handle, algorithm).digest()


def same_bytes(first: Path, second: Path) -> bool:
    """Whether two regular files hold the same bytes, compared a chunk at a time (sizes first)."""
    with open_regular(first) as one, open_regular(second) as other:
        if os.fstat(one.fileno()).st_size != os.fstat(other.fileno()).st_size:
            return False
        while True:
            chunk = one.read(CHUNK)
            if chunk != other.read(CHUNK):
                return False
            if not chunk:
                return True


def previous_build(folder: Path) -> str | None:
    """Which command filled folder (BUILD, SERVE, SITE or PACK), or None when it is not a build's folder.

    A folder an older engine wrote carries no marker: it counts as a build when it holds nothing
    but what such a build wrote (the deck, the programme text, reveal/, fonts/, static/, exports);
    a site's folder (docs/ with its own pages in folders) never does.
    """
    try:  # its first line, of a few bytes: a marker that is a link, a FIFO or a device is no marker
        with open_regular(folder / MARKER, follow=False) as marker:
            first = marker.read(MARKER_LINE).split(b"\n", 1)[0].strip()
        word = first.decode("ascii", "replace")
        return word if word in (BUILD, SERVE, SITE, PACK) else None
    except OSError:
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


def replace_file(target: Path, content: str | bytes | Path) -> None:
    """Write a file (a copy of a file, for a Path) by renaming a finished temporary one over it: a
    reader never sees half of it. The temporary name is short whatever the target's (a 246-byte
    name has no room for a suffix), and it is removed when the write fails."""
    import hashlib
    import shutil

    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(os.fsencode(target.name)).hexdigest()[:16]
    temporary = target.with_name(f".{digest}.{os.getpid()}.tmp")
    try:
        if isinstance(content, Path):
            shutil.copyfile(content, temporary)
        elif isinstance(content, str):
            temporary.write_text(content, encoding="utf-8", newline="\n")
        else:
            temporary.write_bytes(content)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


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
        for kept in ("slides", "static", "templates", REHEARSALS):
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
    if previous is None and os.path.lexists(target / MARKER):
        return (f"holds a {MARKER} that is not a build's marker (a symbolic link, or not a regular file); the "
                "build replaces its output folder whole, so it is left alone: choose an empty or new folder")
    if previous is None:
        return (f"holds files no build wrote (no {MARKER} file in it); the build replaces its output folder "
                "whole, so it is left alone: choose an empty or new folder")
    if kind == SERVE and previous == BUILD:
        return ("holds a full build from build.py (the single file, the PDFs); serve writes the deck alone and "
                "would leave it half old: serve into another folder, or leave out --out")
    return None


def cached(kind: str, name: str, make, sound=None) -> bytes:
    """make()'s bytes, kept as name under the user's cache folder (kind: 'fonts', 'model'...) and
    read back by the next process that asks for the same name: name must say everything the
    bytes depend on (a hash of the inputs). Where the cache cannot be written, make() runs each time.
    sound(bytes) says whether a kept entry has the shape make() gives: one that has not is made anew.
    What was made or found sound once is trusted while its file is unchanged (Trusted)."""
    path = cache_path(kind, name)
    trusted = TRUSTED.get(path)
    if trusted is not None:
        return trusted
    kept = read_cache(kind, name)
    if kept is not None and (sound is None or _sound(sound, kept)):
        return TRUSTED.keep(path, kept, len(kept))
    made = make()
    write_cache(kind, name, made)
    return TRUSTED.keep(path, made, len(made))


class Trusted:
    """Cache entries this process made, or read back and checked, by their path: trusted again
    while the file on disk is the one it was (its inode, size and modification time), so serve's
    next rebuild neither reads nor checks an entry it already holds. A file changed since is read
    and checked again; another cache folder is another path. At most limit bytes, the oldest first out."""

    def __init__(self, limit: int):
        self.limit, self.size = limit, 0
        self.held: dict[Path, tuple[tuple | None, object, int]] = {}

    def get(self, path: Path):
        held = self.held.get(path)
        return held[1] if held is not None and held[0] == _stamp(path) else None

    def keep(self, path: Path, value, size: int):
        self.size += size - self.held.pop(path, (None, None, 0))[2]
        self.held[path] = (_stamp(path), value, size)  # after the read: read_cache touches the file
        while self.size > self.limit and len(self.held) > 1:
            self.size -= self.held.pop(next(iter(self.held)))[2]
        return value


def _stamp(path: Path) -> tuple | None:
    try:
        status = path.stat()
    except OSError:  # a cache that cannot be written: what was made is all there is
        return None
    return status.st_ino, status.st_size, status.st_mtime_ns


TRUSTED = Trusted(32 << 20)


def _sound(sound, kept: bytes) -> bool:
    try:
        return bool(sound(kept))
    except Exception:  # noqa: BLE001 - whatever a malformed entry makes its reader raise: a miss
        return False


PLAIN_SCALARS = (str, int, float, bool, type(None), bytes)


def plain(value, depth: int = 64) -> bool:
    """Whether a value read back from the cache is plain data (text, numbers, bytes, lists, tuples
    and mappings of them, nested at most depth deep), as every kind's make() writes it."""
    pending = [(value, 0)]
    while pending:
        current, level = pending.pop()
        if isinstance(current, PLAIN_SCALARS):
            continue
        if level >= depth:
            return False
        if isinstance(current, (list, tuple)):
            pending.extend((inner, level + 1) for inner in current)
        elif isinstance(current, dict):
            pending.extend((inner, level + 1) for pair in current.items() for inner in pair)
        else:
            return False
    return True


def cache_folder(kind: str) -> Path:
    """Where the entries of one kind are kept, under the user's cache folder."""
    return _cache_folder(kind, os.environ.get("XDG_CACHE_HOME"), os.environ.get("HOME"))


@lru_cache(maxsize=64)
def _cache_folder(kind: str, xdg_cache_home: str | None, home: str | None) -> Path:
    # Made once per kind and environment: a build asks for ~200 entries' places.
    base = xdg_cache_home or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "perfect-patterns-deck" / kind


def cache_path(kind: str, name: str) -> Path:
    return cache_folder(kind) / name


DIGEST_BYTES = 16  # each entry starts with its BLAKE2 digest
# What each kind of entry may take on disk, the least recently used going first past it: a print
# holds both PDFs and a picture of each slide (megabytes); a single file ~0.4 MB: the last few kept.
CACHE_BYTES = {"print": 256 << 20, "single-file": 2 << 20}
DEFAULT_CACHE_BYTES = 64 << 20
PARTIAL_SECONDS = 3600  # a .part file this old was left by a process that stopped while writing it
_FOLDER_BYTES: dict[Path, int] = {}  # each cache folder's bytes, as this process counted and wrote them


def read_cache(kind: str, name: str) -> bytes | None:
    """What write_cache kept under this name, or None: also where the entry is damaged (cut short
    by a full disk, or changed since), so that it is made anew rather than shipped. An entry read
    is the most recently used: the last to go when the kind is over its size."""
    path = cache_path(kind, name)
    try:
        kept = read_regular(path, CACHE_BYTES.get(kind, DEFAULT_CACHE_BYTES))
    except OSError:
        return None
    try:
        os.utime(path)
    except OSError:  # a cache that can be read but not written still serves
        pass
    digest, made = kept[:DIGEST_BYTES], kept[DIGEST_BYTES:]
    return made if _digest(made) == digest else None


def write_cache(kind: str, name: str, made: bytes) -> None:
    path = cache_path(kind, name)
    partial = path.with_name(f"{name}.{os.getpid()}.part")
    try:  # written beside, then renamed: a build running alongside never reads half of it
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        partial.write_bytes(_digest(made) + made)
        partial.replace(path)
        # The folder is counted on a process's first write, then its writes are added up (high, never
        # low) until they may pass the limit: counting it after each of a first build's ~200 entries cost more.
        folder, limit = path.parent, CACHE_BYTES.get(kind, DEFAULT_CACHE_BYTES)
        counted = _FOLDER_BYTES.get(folder, limit) + DIGEST_BYTES + len(made)
        _FOLDER_BYTES[folder] = _bound(folder, limit, path.name) if counted > limit else counted
    except OSError:  # a cache that cannot be written only costs the next build the time
        try:
            partial.unlink(missing_ok=True)  # a full disk: what was written of it goes
        except OSError:
            pass


def _bound(folder: Path, limit: int, keep: str) -> int:
    """The least recently used entries removed until the folder holds at most limit bytes (the
    entry just written stays), and partial files that a stopped process left; the bytes it holds then."""
    import time

    entries, total, now = [], 0, time.time()
    for entry in os.scandir(folder):
        try:
            status = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if entry.name.endswith(".part"):
            if now - status.st_mtime > PARTIAL_SECONDS:
                _remove(entry.path)
            continue
        total += status.st_size
        entries.append((status.st_mtime_ns, entry.name, status.st_size))
    for _, name, size in sorted(entries):
        if total <= limit:
            break
        if name != keep:
            _remove(os.path.join(folder, name))
            total -= size
    return total


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:  # another build removed it first
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
