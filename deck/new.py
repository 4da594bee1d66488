"""New talk: `build.py new PATH` writes a small talk folder that builds and passes check.

The folder gets a starting talk from deck/scaffold/: plain (a title, one Markdown slide, the recap
and the closing slide) or, with the patterns model, this engine's kinds (anti-patterns, contexts,
patterns, tools: a slide of each kind); the schema its first line names, and an empty static/: the engine's theme and
scripts serve it until the folder's own static/ overrides them by name. The plain talk's words
show how a slide, its notes and the programme's texts are written, and check clean; what only
the speaker knows (the title, who they are, the event, where the slides and the feedback form
live) is a TODO, which `check` lists as warnings. A folder with anything in it is refused:
nothing of the speaker's is ever overwritten.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from .files import ENGINE_SCHEMA

SCAFFOLD = Path(__file__).resolve().parent / "scaffold"
MODELS = ("plain", "patterns")  # the starting talks, each a folder of SCAFFOLD


class NewTalkError(Exception):
    """The folder cannot take a new talk (not empty, not a folder, not writable)."""


def new_talk(folder: Path, language: str = "en", model: str = "plain") -> list[Path]:
    """Write the starting talk (plain, or the patterns model) into folder (created if missing); the
    files written, in order."""
    from .language import LANGUAGE_TAG

    if not LANGUAGE_TAG.match(language):
        raise NewTalkError(f"'{language}' is not a language tag (e.g. en, fr, de, es)")
    if model not in MODELS:
        raise NewTalkError(f"'{model}' is no starting talk: choose {' or '.join(MODELS)}")
    scaffold = SCAFFOLD / model
    try:
        if folder.exists() and not folder.is_dir():
            raise NewTalkError(f"{folder} is a file, not a folder")
        if folder.is_dir() and any(folder.iterdir()):
            raise NewTalkError(f"{folder} is not empty; name a new or empty folder (nothing was written)")
        folder.mkdir(parents=True, exist_ok=True)
        talk = (scaffold / "talk.yaml").read_text(encoding="utf-8")
        talk = re.sub(r"^language: en\b", f"language: {language}", talk, count=1, flags=re.M)
        written = [folder / "talk.yaml", folder / "talk.schema.json", folder / "slides" / "first.md"]
        written[0].write_text(talk, encoding="utf-8")
        shutil.copyfile(ENGINE_SCHEMA, written[1])
        (folder / "slides").mkdir()
        shutil.copyfile(scaffold / "slides" / "first.md", written[2])
        (folder / "static").mkdir()
    except OSError as error:
        raise NewTalkError(f"{folder}: {error.strerror or error}") from None
    return written + [folder / "static"]
