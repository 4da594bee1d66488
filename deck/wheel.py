"""Wheel: the engine installed by itself carries everything a build needs (a setuptools build step).

pyproject.toml names BuildWithEngineFiles as the wheel's build_py. After deck/'s modules and data,
it copies what the engine reads from the checkout's top level (templates/, static/, the talk
schema) and the reveal.js and font files a deck ships, with their licences, from node_modules/
into deck/engine/ of the wheel, in the same tree: deck/files.py finds them there once installed.
npm is needed to build the wheel, never to use it. An editable install copies nothing: there the
checkout's own folders are the engine's. Run by setuptools alone, never by a build.
"""
from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

from setuptools.command.build_py import build_py


def _checkout_files():
    """deck/files.py of this checkout, loaded by its path: setuptools loads this module by its
    file, outside the deck package, and files.py needs nothing but the standard library."""
    spec = importlib.util.spec_from_file_location("_deck_files", Path(__file__).with_name("files.py"))
    module = sys.modules[spec.name] = importlib.util.module_from_spec(spec)  # its dataclasses look it up
    spec.loader.exec_module(module)
    return module


def engine_files() -> list[Path]:
    """Every file of the checkout that the installed engine reads, under files.ENGINE."""
    files = _checkout_files()
    found = [path for folder in (files.ENGINE_TEMPLATES, files.ENGINE_STATIC)
             for path in sorted(folder.rglob("*")) if path.is_file() and "__pycache__" not in path.parts]
    found.append(files.ENGINE_SCHEMA)
    found += [files.REVEAL / name for name in files.REVEAL_FILES] + [files.FONTS / name for name in files.FONT_FILES]
    found += [files.CODE_FONT, files.CODE_FONT.parent.parent / "LICENSE"]
    found += [files.EMOJI_FONT, files.EMOJI_FONT.parent.parent / "LICENSE"]
    found += [files.REVEAL.parent / "LICENSE", files.FONTS.parent / "LICENSE"]
    missing = [str(path) for path in found if not path.is_file()]
    if missing:
        raise SystemExit(f"the wheel needs {', '.join(missing[:3])}: run 'npm ci' (or 'make deck') first")
    return found


class BuildWithEngineFiles(build_py):
    """build_py, then the engine's files into deck/engine/ of the build (replacing an older copy)."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        engine = _checkout_files().ENGINE
        target = Path(self.build_lib) / "deck" / "engine"
        shutil.rmtree(target, ignore_errors=True)
        for path in engine_files():
            copy = target / path.relative_to(engine)
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, copy)
