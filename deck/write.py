"""Write: put the rendered outputs and the assets they need into dist/, in one step.

Everything is written into a temporary sibling folder first; that folder then replaces dist/ in
one atomic exchange (renameat2 RENAME_EXCHANGE on Linux), so a failed or killed build leaves the
previous dist/ whole. One build at a time writes beside dist/ (a lock on its parent folder); a
second one is told so and writes nothing.

Every build leaves a marker file (MARKER) in its folder, saying which command wrote it: only a
folder that carries it is ever replaced, so `--out docs` cannot delete a site that happens to
hold an index.html, and `serve` never writes into a folder `build.py` filled.
"""
from __future__ import annotations

import ctypes
import errno
import hashlib
import os
import shutil
import stat
import sys
from contextlib import contextmanager
from pathlib import Path

from .files import (BUILD, CODE_FONT, ENGINE_STATIC, FONT_FILES, FONTS, MARKER, MARKER_NOTE, REVEAL, REVEAL_FILES, is_active,
                    walk_files)


# Names beside dist/ (.dist.building-<pid>) stay well inside the file system's 255 bytes.
MAX_STAGING_STEM = 120


class MissingAssets(Exception):
    """reveal.js or the fonts are not installed: the set-up step was skipped."""


class OutputError(Exception):
    """The output folder cannot be written (read-only, a name too long, another build at work);
    nothing was written and the previous build is as it was. folder: where the trouble is."""

    def __init__(self, folder: Path, message: str):
        super().__init__(f"{folder}: {message}")
        self.folder, self.message = folder, message


def assets(talk_root: Path) -> dict[str, Path]:
    """Files copied into dist/ as they are, by their path there.

    The engine's static/ (deck.js, the theme, the reading view) comes first; a talk's own static/
    adds its images and may override the stylesheets by name, never a script.
    """
    files = {f"reveal/{name}": REVEAL / name for name in REVEAL_FILES}
    files.update({f"fonts/{name}": FONTS / name for name in FONT_FILES})
    files[f"fonts/{CODE_FONT.name}"] = CODE_FONT
    engine_static = ENGINE_STATIC
    for path in sorted(engine_static.rglob("*")):
        if path.is_file():
            files[f"static/{path.relative_to(engine_static).as_posix()}"] = path
    talk_static = talk_root.resolve() / "static"
    if talk_static.resolve() != engine_static.resolve():
        # Images, stylesheets and fonts only: the engine's scripts stay the engine's (trust.py).
        for path in walk_files(talk_static, inside=talk_root.resolve()):
            if not is_active(path):
                files[f"static/{path.relative_to(talk_static).as_posix()}"] = path
    missing = [str(path) for path in files.values() if not path.is_file()]
    if missing:
        raise MissingAssets("missing " + ", ".join(missing[:3]) + " - run 'npm ci' (or 'make deck') first")
    return files


def mark(folder: Path, kind: str = BUILD) -> None:
    """Make folder (if new) and mark it as kind's build, unless it is marked already."""
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / MARKER).is_file():
        (folder / MARKER).write_text(f"{kind}\n{MARKER_NOTE}", encoding="utf-8")


def _staging_stem(out: Path) -> str:
    """'.dist' for dist/; a very long folder name is shortened (and kept apart by a digest)."""
    name = out.name
    if len(name.encode("utf-8")) > MAX_STAGING_STEM:
        digest = hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:12]
        name = name.encode("utf-8")[:MAX_STAGING_STEM - 13].decode("utf-8", "ignore") + "-" + digest
    return f".{name}"


@contextmanager
def building(out: Path, kind: str = BUILD):
    """A fresh staging folder beside out/ for one build, marked as kind's; this build alone writes
    beside out/ until the block ends, and the staging folder is gone afterwards (it holds the
    previous build after a swap, or a half-written one after a failure).

    Raises OutputError when out/ (or the folder it sits in) cannot be written.
    """
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _cannot_write(out.parent, error) from None
    with _exclusive(out):
        _refuse_read_only(out)
        stem = _staging_stem(out)
        for stale in [path for path in out.parent.iterdir() if path.name.startswith(f"{stem}.building-")]:
            pid = stale.name.rsplit("-", 1)[-1]
            if not (pid.isdigit() and _alive(int(pid))):
                remove_tree(stale)
        staging = out.parent / f"{stem}.building-{os.getpid()}"
        try:
            remove_tree(staging)
            staging.mkdir()
            mark(staging, kind)
        except OSError as error:
            remove_tree(staging)
            raise _cannot_write(out.parent, error) from None
        try:
            yield staging
        except OSError as error:
            if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOSPC, errno.EDQUOT,
                               errno.ENAMETOOLONG):
                raise _cannot_write(out, error) from None
            raise
        finally:
            remove_tree(staging)


def _cannot_write(folder: Path, error: OSError) -> OutputError:
    reason = error.strerror or str(error)
    return OutputError(folder, f"cannot write here ({reason}): choose a writable folder with --out")


@contextmanager
def _exclusive(out: Path):
    """Hold a lock on out/'s parent folder: a second build at the same time writes nothing."""
    import fcntl

    try:
        descriptor = os.open(out.parent, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        yield
        return
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputError(out, "another build is writing this folder (or one beside it) right now: "
                                   "run this one again when it has finished") from None
        except OSError:
            pass  # a file system without locks: the atomic swap still keeps out/ whole
        yield
    finally:
        os.close(descriptor)  # releases the lock


def _refuse_read_only(out: Path) -> None:
    """A read-only out/ was made so on purpose: it is not replaced (and could not be removed after)."""
    if not out.is_dir():
        return
    for current, folders, _ in os.walk(out):
        if not os.access(current, os.W_OK | os.X_OK):
            raise OutputError(Path(current), f"read-only, and the build replaces the output folder whole: "
                                             f"make it writable (chmod -R u+w {out}) or choose another --out")


def remove_tree(path: Path) -> None:
    """Remove a folder this engine wrote, even one whose folders were made read-only since."""
    def allow_and_retry(function, name, _error):
        try:
            parent = os.path.dirname(name)
            os.chmod(parent, os.stat(parent).st_mode | stat.S_IWUSR | stat.S_IXUSR)
            if os.path.isdir(name) and not os.path.islink(name):
                os.chmod(name, os.stat(name).st_mode | stat.S_IWUSR | stat.S_IXUSR | stat.S_IRUSR)
            function(name)
        except OSError:
            pass

    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    elif path.exists() and sys.version_info >= (3, 12):
        shutil.rmtree(path, onexc=allow_and_retry)
    elif path.exists():
        shutil.rmtree(path, onerror=allow_and_retry)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


def write_files(staging: Path, outputs: dict[str, str | bytes], files: dict[str, Path]) -> None:
    for relative, source in files.items():
        target = staging / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    for relative, content in outputs.items():
        target = staging / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            target.write_text(content, encoding="utf-8", newline="\n")
        else:
            target.write_bytes(content)


def swap_in(staging: Path, out: Path) -> None:
    """Replace out/ by staging/ in one step; staging/ then holds the previous build (removed by
    `building`)."""
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(f"{out} exists and is not a folder")
    if out.is_dir() and _exchange(staging, out):
        return
    if out.is_dir():  # no atomic exchange here: two renames, the old tree kept until the new is in
        old = out.parent / f"{_staging_stem(out)}.old-{os.getpid()}"
        os.rename(out, old)
        os.rename(staging, out)
        remove_tree(old)
    else:
        os.rename(staging, out)


def _exchange(first: Path, second: Path) -> bool:
    """Atomically swap two paths (Linux renameat2 with RENAME_EXCHANGE); False where unsupported."""
    try:
        # The running interpreter already links libc: no find_library (it starts a subprocess).
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange)
    return result == 0
