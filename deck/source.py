"""A YAML document as the talk's checks read it: its plain data and where each value stands; the
limits a file someone sent us is held to; the characters no value may hold.

Below deck/load.py (which reads the files) and deck/yaml_nodes.py (which builds a Source from
PyYAML's nodes), so that a Source can be used without importing PyYAML.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .problems import Problem, caret_snippet

# No real talk comes near these (the real talk.yaml is ~10 kB, ~1,500 values, 6 levels deep);
# they keep a hostile or broken file from costing the deck, the memory or the evening.
MAX_FILE_BYTES = 1_000_000
MAX_NODES = 50_000
MAX_DEPTH = 32
MAX_PATH_CHARS = 255
# A slide is one screen: its Markdown is a few hundred characters. Python-Markdown slows down far
# worse than linearly on some inputs (hundreds of '[' or nested list markers), so the body is
# bounded, and its conversion gets a time limit too (see time_limit).
MAX_SLIDE_BODY_CHARS = 20_000
MARKDOWN_SECONDS = 5.0
# Measured by the engine before any conversion (markdown_nesting), so that the guard holds whatever
# a Markdown library's own recursion or speed: a slide nests lists or quotes a few levels and
# brackets one or two; nothing shown on a screen comes near this.
MAX_MARKDOWN_NESTING = 24

# C0/C1 controls and DEL, but not tab, newline or carriage return: nothing a slide needs.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# In a value, however it was written (a YAML escape "\e", a JSON "\u001b", a character reference in
# Markdown): the controls above and carriage return (a line break is '\n' once read), and what
# is no character at all (a lone surrogate, U+FFFE, U+FFFF), which no output can encode.
VALUE_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

# Invisible controls that set the direction text runs in (U+202E shows 'gpj.sedils' as
# 'slides.jpg'): refused in a link, a warning in text (Arabic or Hebrew text may need one).
BIDI = re.compile(r"[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def bidi_in(text: str) -> str | None:
    """The first direction control in text, as 'U+202E', or None."""
    found = BIDI.search(text)
    return None if found is None else f"U+{ord(found.group()):04X}"


# What opens one more level at the start of a line: a quote, a bullet, a numbered item.
_BLOCK_MARKER = re.compile(r"[ \t]*(?:>|[-*+](?=[ \t]|$)|[0-9]{1,9}[.)](?=[ \t]|$))")
_FENCE = re.compile(r"[ \t]*(```|~~~)")


def markdown_nesting(body: str) -> tuple[int, int]:
    """The deepest nesting a slide's Markdown asks for, and the body line (0-based) it is on: the
    quote and list markers and indented levels that open a line, or the '[' still open at a point
    of its paragraph (links and pictures nest their brackets, across the paragraph's lines).
    Fenced code is text, not nesting."""
    deepest, deepest_line, fenced, open_brackets = 0, 0, False, 0
    for number, line in enumerate(body.splitlines()):
        if _FENCE.match(line):
            fenced, open_brackets = not fenced, 0
            continue
        if fenced:
            continue
        if not line.strip():
            open_brackets = 0
        indent = len(line) - len(line.lstrip(" \t"))
        depth, at = line[:indent].expandtabs(4).count(" ") // 4, indent
        while (marker := _BLOCK_MARKER.match(line, at)) and marker.end() > at:
            depth, at = depth + 1, marker.end()
        rest, escaped = line[at:], False
        # Only brackets count here: a line without one to open or close is passed whole.
        for character in rest if "[" in rest or open_brackets and "]" in rest else ():
            if escaped:
                escaped = False
            elif character == "\\":
                escaped = True
            elif character == "[":
                open_brackets += 1
                depth = max(depth, open_brackets)
            elif character == "]" and open_brackets:
                open_brackets -= 1
        if depth > deepest:
            deepest, deepest_line = depth, number
    return deepest, deepest_line


Path_ = tuple  # a location inside the document: ('anti_patterns', 3, 'remedies')


@dataclass
class Source:
    """One loaded YAML document: its plain data and the position of every key and value in it."""

    file: str  # as shown in messages, relative to the talk's folder
    text: str
    data: Any
    value_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    line_offset: int = 0  # front matter starts below the opening '---'

    def where(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of the value at path, or of its nearest ancestor we know."""
        marks = self.key_marks if key else self.value_marks
        probe = tuple(path)
        while probe:
            if probe in marks:
                return marks[probe]
            if not key and probe in self.key_marks:
                return self.key_marks[probe]
            probe = probe[:-1]
        return self.value_marks.get((), (1 + self.line_offset, 1))

    def problem(self, path: Path_, message: str, *, key: bool = False, snippet: bool = False) -> Problem:
        line, column = self.where(path, key=key)
        shown = caret_snippet(self.text, line - self.line_offset, column) if snippet else ""
        return Problem(self.file, line, column, dotted(path), message, shown)


def dotted(path: Path_) -> str:
    """('anti_patterns', 3, 'remedies') -> 'anti_patterns[3].remedies', as the speaker reads it."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character index in text."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def control_in_value(text: str, written: str = " (written as an escape)") -> str | None:
    """Why a value read from the talk cannot be text (a control character, however written), or None."""
    found = VALUE_CONTROL.search(text)
    if found is None:
        return None
    code = ord(found.group())
    if code <= 0x9f:
        return f"control character U+{code:04X}{written} is not allowed; remove it"
    return f"U+{code:04X}{written} is not a character text can hold; remove it"


def control_character_problem(text: str, shown: str, line_offset: int = 0) -> Problem | None:
    """A control character (NUL, ESC ...) has no place in a talk and can hide text on a terminal."""
    found = CONTROL.search(text)
    if found is None:
        return None
    line, column = position(text, found.start())
    return Problem(shown, line + line_offset, column, "",
                   f"control character U+{ord(found.group()):04X} is not allowed; remove it")
