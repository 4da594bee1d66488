"""The one error type for a speaker's mistakes, and how each mistake is located.

Every other exception is a bug in the engine and keeps its traceback.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


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
        where = f"{self.file}:{self.line}:{self.column}" + (": warning" if self.warning else "")
        text = f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"
        if self.snippet:
            text += "\n" + self.snippet
        return text


class TalkError(Exception):
    """The talk's sources cannot be built: carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=lambda p: (p.file, p.line, p.column, p.path, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))


def display_path(path: Path, root: Path) -> str:
    """Paths in messages are relative to the talk's folder, as the speaker typed them."""
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def caret_snippet(text: str, line: int, column: int) -> str:
    """The offending line with a caret under the column, as compilers show it."""
    lines = text.splitlines()
    if not 1 <= line <= len(lines):
        return ""
    source = lines[line - 1].replace("\t", " ")
    return f"    {source}\n    {' ' * (column - 1)}^"
