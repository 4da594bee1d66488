"""Write: put the rendered outputs and the assets they need into dist/, in one step.

Everything is written into a temporary sibling folder first; that folder then replaces dist/ in
one atomic exchange (renameat2 RENAME_EXCHANGE on Linux), so a failed or killed build leaves the
previous dist/ whole.
"""
from __future__ import annotations

import ctypes
import os
import shutil
from pathlib import Path

from .render import ENGINE

NODE_MODULES = ENGINE / "node_modules"
REVEAL = NODE_MODULES / "reveal.js" / "dist"
FONTS = NODE_MODULES / "@fontsource" / "atkinson-hyperlegible" / "files"

# Only what the deck uses ships with it: reveal's core, the three plugins it starts, four faces.
REVEAL_FILES = ["reveal.js", "reveal.css", "plugin/notes.js", "plugin/search.js", "plugin/zoom.js"]
FONT_FILES = [f"atkinson-hyperlegible-latin-{weight}-{style}.woff2"
              for weight in (400, 700) for style in ("normal", "italic")]


class MissingAssets(Exception):
    """reveal.js or the fonts are not installed: the set-up step was skipped."""


def assets(talk_root: Path) -> dict[str, Path]:
    """Files copied into dist/ as they are, by their path there.

    The engine's static/ (deck.js, the theme, the reading view) comes first; a talk's own static/
    adds its images and may override any of those files by name.
    """
    files = {f"reveal/{name}": REVEAL / name for name in REVEAL_FILES}
    files.update({f"fonts/{name}": FONTS / name for name in FONT_FILES})
    for static_dir in dict.fromkeys([ENGINE / "static", talk_root.resolve() / "static"]):
        for path in sorted(static_dir.rglob("*")):
            if path.is_file():
                files[f"static/{path.relative_to(static_dir).as_posix()}"] = path
    missing = [str(path) for path in files.values() if not path.is_file()]
    if missing:
        raise MissingAssets("missing " + ", ".join(missing[:3]) + " - run 'npm ci' (or 'make deck') first")
    return files


def staging_folder(out: Path) -> Path:
    """A fresh temporary folder beside dist/ (same file system, so the swap is a rename)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    for stale in out.parent.glob(f".{out.name}.building-*"):
        pid = stale.name.rsplit("-", 1)[-1]
        if not (pid.isdigit() and _alive(int(pid))):
            shutil.rmtree(stale, ignore_errors=True)
    staging = out.parent / f".{out.name}.building-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    return staging


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


def replace_file(target: Path, content: str | bytes) -> None:
    """Write a file by renaming a finished temporary one over it: a reader never sees half of it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    if isinstance(content, str):
        temporary.write_text(content, encoding="utf-8", newline="\n")
    else:
        temporary.write_bytes(content)
    os.replace(temporary, target)


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
    """Replace out/ by staging/ in one step; the old tree is removed afterwards."""
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(f"{out} exists and is not a folder")
    if out.is_dir() and _exchange(staging, out):
        shutil.rmtree(staging, ignore_errors=True)  # staging now holds the previous build
        return
    if out.is_dir():  # no atomic exchange here: two renames, the old tree kept until the new is in
        old = out.parent / f".{out.name}.old-{os.getpid()}"
        os.rename(out, old)
        os.rename(staging, out)
        shutil.rmtree(old, ignore_errors=True)
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
