"""What Chromium made of a staging folder, kept: a deck printed before is not printed again.

Printing is most of a build's time (a browser, the print view, two PDFs, a picture of each slide).
Chromium sees only the staging folder, so what it gives back (the raw PDFs, the measurements, the
pictures) is a function of that folder's files, the paper, the browser and the engine's code that
drives it; all of these are the entry's name (files.cache_key), so any change to one is a new
print. An entry holds each part printed so far; a session makes only the parts it lacks. What
depends on the talk file itself (located warnings, the PDFs' metadata and outline) is made again
from the raw result on every build.

The entries are marshal data (plain values only) in the user's cache folder, as the parsed YAML
is; an entry that is damaged is printed anew (files.read_cache).
"""
from __future__ import annotations

import marshal
import os
from pathlib import Path

from .files import PACKAGE, cache_folder, cache_key, file_digest, package_stamp, plain, read_cache, write_cache

KIND = "print"
# Of the files at the top of staging, Chromium reads the deck alone: the others are outputs (the
# single file, the programme text, the PDFs and pictures a `build.py pdf` finds from the previous
# build) or the build's marker, and differ between a build, `build.py pdf` and the site.
READ_AT_THE_TOP = "index.html"


def key(staging: Path, chromium: str, paper: str, talk_parts: list[str]) -> str:
    """The entry's name: every file Chromium may read, the paper, the browser, the engine. An entry
    holds the parts printed so far (the slides PDF, the pictures...): a later session adds those it
    lacks (deck/browser.py)."""
    return cache_key("print 4", _folder_stamp(staging), paper, _browser_stamp(chromium),
                     _engine_stamp(), package_stamp("playwright", "_repo_version.py"), *talk_parts)


# Each part an entry may hold, and what it is (deck/browser.py gathers them): a kept entry of another
# shape is printed anew rather than handed to the code that reads a print.
PARTS = {"slides": bytes, "handout": bytes, "contact": bytes, "card": bytes, "layout": list, "overflowing": list,
         "room": list, "pictures": dict, "laid": dict}
PICTURES = {"colours", "diagrams", "slides", "reasons", "images"}  # deck/pptx/capture.py's Pictures
LAID = {"kinds", "notes_pages", "overfull"}  # deck/handout.py's Layout


def read(name: str) -> dict | None:
    kept = read_cache(KIND, name)
    if kept is None:
        return None
    try:
        raw = marshal.loads(kept)
    except (EOFError, ValueError, TypeError):
        return None
    return raw if _sound(raw) else None


def _sound(raw) -> bool:
    if not isinstance(raw, dict) or not plain(raw):
        return False
    if any(part not in PARTS or not isinstance(value, PARTS[part]) for part, value in raw.items()):
        return False
    if any(not isinstance(item, dict) or not isinstance(item.get("id"), str) for item in raw.get("overflowing", [])):
        return False
    return set(raw.get("pictures", PICTURES)) == PICTURES and set(raw.get("laid", LAID)) == LAID


def write(name: str, raw: dict) -> None:
    write_cache(KIND, name, marshal.dumps(raw))


def forget() -> None:
    """Every kept print removed: the next session prints for real (the benchmark times printing)."""
    import shutil

    shutil.rmtree(cache_folder(KIND), ignore_errors=True)


def _folder_stamp(staging: Path) -> bytes:
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(path for path in staging.rglob("*") if path.is_file()):
        relative = path.relative_to(staging).as_posix()
        if "/" not in relative and relative != READ_AT_THE_TOP:
            continue
        digest.update(relative.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(file_digest(path))  # a chunk at a time: a big picture never sits in memory whole
    return digest.digest()


def _browser_stamp(chromium: str) -> str:
    """The browser by its file: a package upgrade writes it anew (another size or time)."""
    real = os.path.realpath(chromium)
    status = os.stat(real)
    return f"{real}\0{status.st_size}\0{status.st_mtime_ns}"


def _engine_stamp() -> bytes:
    """The code that drives the session and lays out the handout: deck/'s Python, scripts and styles
    (installed, the engine's own files inside the package too)."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in (".py", ".js", ".css", ".json") and "__pycache__" not in path.parts and path.is_file():
            digest.update(path.relative_to(PACKAGE.parent).as_posix().encode("utf-8") + b"\0" + path.read_bytes())
    return digest.digest()
