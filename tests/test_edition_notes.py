"""An edition's own notes: the full talk's build does not show them, so notes whose text shows every
problem they can have are converted when their edition is built or checked. Whatever is wrong with
them is still said, at their line, by `check`, by the edition's build, and (where the text shows it)
by the full talk's build too."""
from __future__ import annotations

import textwrap

import pytest

from conftest import run_build
from deck import load
from test_editions import line_of, with_editions


def edition(notes: str) -> str:
    return textwrap.indent(textwrap.dedent(f"""\
      - name: short
        slot_minutes: 5
        questions_minutes: 1
        change:
          - slide: order-giver
            minutes: 1
            notes: {notes}
    """), "  ")


@pytest.mark.parametrize("reference", ["&#27;", "&\\\\#27;"])  # the second made by the conversion, from '&\\#27;'
def test_a_character_reference_in_an_editions_notes_stops_every_build(talk_dir, reference):
    talk = with_editions(talk_dir, edition(f'"Press {reference} to leave the edition\'s slide."'))
    line = line_of(talk, "to leave the edition")
    for command in ((), ("check",), ("--edition", "short")):
        result = run_build(*command, "--talk", str(talk))
        assert result.returncode == 1, command
        assert f"talk.yaml:{line}:" in result.stderr and "'&#27;': control character U+001B" in result.stderr
        assert "Traceback" not in result.stderr and "nothing was written" in result.stderr
    assert not (talk_dir / "dist").exists() and not (talk_dir / "dist-short").exists()


def test_notes_too_deep_for_an_edition_stop_every_build(talk_dir):
    talk = with_editions(talk_dir, edition('"' + "> " * 60 + 'deep, for the short slot only"'))
    line = line_of(talk, "deep, for the short slot only")
    for command in ((), ("check",), ("--edition", "short")):
        result = run_build(*command, "--talk", str(talk))
        assert result.returncode == 1, command
        assert f"talk.yaml:{line}:1: notes: the notes' Markdown nests 60 levels deep" in result.stderr


def test_an_editions_notes_that_cannot_be_converted_are_said_by_check_and_its_build(talk_dir, monkeypatch):
    talk = with_editions(talk_dir, edition("The order-giver once more, told only where the slot is short."))
    # the Markdown slide as an outline entry: a slide file's body is converted (or read back) on every build
    indent = " " * line_indent(talk, "- file: slides/intro.md")
    talk.write_text(talk.read_text().replace(f"{indent}- file: slides/intro.md\n", f"{indent}- kind: tool\n"
                                             f"{indent}  ref: tree\n{indent}  minutes: 1\n{indent}  notes: The tree.\n"))
    assert run_build("--talk", str(talk)).returncode == 0  # the full talk's notes converted: kept in memory
    line = line_of(talk, "told only where the slot is short")
    # Any conversion now runs out of time: the full talk builds (it shows none of the edition's notes) ...
    monkeypatch.setattr(load, "MARKDOWN_SECONDS", 1e-6)
    built = run_build("--talk", str(talk))
    assert built.returncode == 0, built.stderr
    assert (talk_dir / "dist" / "index.html").is_file()
    # ... and the edition's notes that could not be made are said, at their line, by check and the edition's build
    for command in (("check",), ("--edition", "short")):
        result = run_build(*command, "--talk", str(talk))
        assert result.returncode == 1, (command, result.stderr)
        assert (f"talk.yaml:{line}:1: notes: the notes' Markdown took over 1e-06 s to convert; simplify them"
                in result.stderr), result.stderr
        assert "Traceback" not in result.stderr
    assert not (talk_dir / "dist-short").exists()


def line_indent(talk, text: str) -> int:
    line = talk.read_text().splitlines()[line_of(talk, text) - 1]
    return len(line) - len(line.lstrip())
