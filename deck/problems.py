"""The one error type for a speaker's mistakes, and how each mistake is located.

Every other exception is a bug in the engine and keeps its traceback.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

# Control characters and bidirectional overrides from a file must not reach the terminal as they
# are: they could recolour it, hide text, or break the one-line-per-problem format. A file name
# that is not UTF-8 reaches Python as surrogates (U+DC80-U+DCFF for its bytes): shown as '\xe9'.
UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
SNIPPET_WIDTH = 100  # characters of the offending line shown around the column


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in the talk's sources, with where it is: file, 1-based line and column."""

    file: str
    line: int
    column: int
    path: str
    message: str
    snippet: str = ""
    warning: bool = False  # a warning is printed but does not stop the build

    def __str__(self) -> str:
        where = f"{printable(self.file)}:{self.line}:{self.column}" + (": warning" if self.warning else "")
        message = printable(self.message)
        text = f"{where}: {printable(self.path)}: {message}" if self.path else f"{where}: {message}"
        if self.snippet:
            text += "\n" + "\n".join(printable(line) for line in self.snippet.split("\n"))
        return text


def printable(text: str) -> str:
    """Text from the talk's files as it can safely be printed on one line: controls shown escaped."""
    return UNPRINTABLE.sub(_escaped, text)


def _escaped(found: re.Match) -> str:
    code = ord(found.group())
    if 0xdc80 <= code <= 0xdcff:  # a byte of a file name that is not UTF-8
        return f"\\x{code - 0xdc00:02x}"
    return f"\\u{code:04x}" if code > 0xff else f"\\x{code:02x}"


def printable_lines(text: str) -> str:
    """Text of several lines (a table) with each line made printable: line breaks are its own."""
    return "\n".join(printable(line) for line in text.split("\n"))


class TalkError(Exception):
    """The talk's sources cannot be built: carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=lambda p: (p.file, p.line, p.column, p.path, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))


def display_path(path: Path, root: Path) -> str:
    """Paths in messages are relative to the talk's folder, as the speaker typed them."""
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except (ValueError, OSError, RuntimeError):  # outside the folder, or a symbolic link loop
        try:
            return str(path.absolute().relative_to(root.absolute()))
        except ValueError:
            return str(path)


def caret_snippet(text: str, line: int, column: int) -> str:
    """The offending line with a caret under the column, as compilers show it."""
    lines = text.splitlines()
    if not 1 <= line <= len(lines):
        return ""
    source = lines[line - 1].replace("\t", " ")
    column = max(1, min(column, len(source) + 1))
    if len(source) > SNIPPET_WIDTH:  # a minified or hostile one-line file: show the part that matters
        start = max(0, min(column - 1 - SNIPPET_WIDTH // 2, len(source) - SNIPPET_WIDTH))
        source = ("..." if start else "") + source[start:start + SNIPPET_WIDTH] + (
            "..." if start + SNIPPET_WIDTH < len(source) else "")
        column = column - start + (3 if start else 0)
    return f"    {source}\n    {' ' * (column - 1)}^"


def close_matches(word: str, known, n: int = 3, cutoff: float = 0.6) -> list[str]:
    """The known names nearest a mistyped one, for "did you mean": difflib, imported only when a
    talk has a mistake to suggest for."""
    import difflib

    return difflib.get_close_matches(word, known, n=n, cutoff=cutoff)
