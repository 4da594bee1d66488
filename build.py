#!/usr/bin/env python3
"""Build the talk: talk.yaml + slides/ -> dist/ (presenter deck, programme text, exports).

    python build.py            validate, render and write everything into dist/
    python build.py check      validate, and measure the layout: every problem, located, at once
    python build.py --help     every command (stats, schema, pdf, pptx, sheet, serve, new, site)

This repo's entry: the engine's own command line (deck/commands.py, installed as `deck`), with
this talk, the talk.yaml beside this file, built by default.
"""
from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    from deck.commands import main as run

    return run(argv, prog="build.py", default_talk=HERE / "talk.yaml")


if __name__ == "__main__":
    raise SystemExit(main())
