"""Load: read talk.yaml and slides/*.md into plain data, remembering where every value stands.

A file someone sent us is treated as hostile: its size, nesting and number of values are bounded,
and every path it names must stay inside the talk's folder. A YAML text is parsed by
deck/yaml_nodes.py, and what it made is kept in the user's cache by the text: a rebuild whose
files did not change imports no YAML parser.
"""
from __future__ import annotations

import marshal
import os
import posixpath
import re
import signal
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .files import cache_key, cached, open_regular, package_stamp, plain
from .problems import Problem, TalkError, display_path
from .source import (CONTROL, MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES, MAX_PATH_CHARS, MAX_SLIDE_BODY_CHARS,  # noqa: F401
                     MARKDOWN_SECONDS, VALUE_CONTROL, Path_, Source, control_character_problem, control_in_value,
                     dotted, position)

HERE = Path(__file__).resolve().parent


def read_text(path: Path, shown: str) -> str:
    """The file's text, or a located problem when it is missing, unreadable, too big or not UTF-8."""
    try:
        if not path.exists():
            raise TalkError([Problem(shown, 1, 1, "", "file not found")])
        # judged before reading: a huge file must not cost the memory, a FIFO must not hang the build
        with open_regular(path) as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_FILE_BYTES:
                raise TalkError([Problem(shown, 1, 1, "", f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}")])
            raw = handle.read(MAX_FILE_BYTES + 1)
    except (OSError, ValueError) as error:  # permissions, a name too long, a NUL in the name, a FIFO
        reason = getattr(error, "strerror", None) or str(error)
        raise TalkError([Problem(shown, 1, 1, "", f"cannot read the file ({reason})")]) from None
    if len(raw) > MAX_FILE_BYTES:  # it grew while we looked
        raise TalkError([Problem(shown, 1, 1, "", f"file is over {MAX_FILE_BYTES:,} bytes, the limit")])
    if raw.startswith(b"\xef\xbb\xbf"):  # a byte-order mark some editors write: not part of the text
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
        hint = " (saved as UTF-16?)" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else " (save it as UTF-8)"
        raise TalkError([Problem(shown, line, column, "", f"not UTF-8: byte 0x{raw[error.start]:02x}{hint}")]) from None


def parse_yaml(text: str, shown: str, line_offset: int = 0, what: str = "file") -> Source:
    """Parse one YAML document into a Source; every syntax problem becomes a located Problem."""

    def parsed() -> bytes:  # a text with problems raises here: only good ones are kept
        from .yaml_nodes import parse

        source = parse(text, shown, line_offset, what)
        return marshal.dumps((source.data, source.value_marks, source.key_marks))

    data, value_marks, key_marks = marshal.loads(
        cached("yaml", f"{cache_key(_parser_stamp(), text, str(line_offset))}.marshal", parsed, _sound_entry))
    return Source(shown, text, data, value_marks, key_marks, line_offset)


def _sound_entry(kept: bytes) -> bool:
    """A kept parse as parse() makes it: the data as plain values, each mark a (line, column) by a path."""
    data, value_marks, key_marks = marshal.loads(kept)
    places = [*value_marks.items(), *key_marks.items()]
    return plain(data) and all(
        isinstance(path, tuple) and isinstance(place, tuple) and len(place) == 2
        and all(type(number) is int for number in place) for path, place in places)


@lru_cache(maxsize=1)
def _parser_stamp() -> bytes:
    """What a parsed text depends on besides the text: the parser's code and PyYAML's version."""
    return b"".join([(HERE / "yaml_nodes.py").read_bytes(), (HERE / "source.py").read_bytes(),
                     package_stamp("yaml"), sys.version.encode()])


def load_yaml_file(path: Path, root: Path) -> Source:
    shown = display_path(path, root)
    return parse_yaml(read_text(path, shown), shown)


@dataclass
class MarkdownSlide:
    """A free-form slide file: its front matter (as a Source) and its Markdown body."""

    front: Source
    body: str
    body_line: int  # 1-based line where the body starts, for locating problems in it
    front_line: int = 2  # 1-based line where its front matter starts


# A further slide in the same file: a '---' line, front matter naming a title, a '---' line.
NEXT_SLIDE = re.compile(r"^---[ \t]*\n((?:(?!---[ \t]*\n).*\n)*?title:.*\n(?:(?!---[ \t]*\n).*\n)*?)---[ \t]*\n",
                        re.MULTILINE)


def load_markdown_slides(path: Path, root: Path) -> list[MarkdownSlide]:
    """A slides/*.md file: one slide, or several, each opened by its own front matter (as Slidev
    writes a deck). A '---' rule in a body starts a slide only when front matter naming a title and
    a closing '---' follow it; code fences are never split."""
    first = load_markdown_slide(path, root)
    pages: list[MarkdownSlide] = []
    front, front_line, body, line = first.front, first.front_line, first.body, first.body_line
    while (found := _next_slide(body)) is not None:
        pages.append(MarkdownSlide(front, body[:found.start()], line, front_line))
        front_line = line + body.count("\n", 0, found.start()) + 1
        front = parse_yaml(found[1], first.front.file, line_offset=front_line - 1, what="front matter")
        if not isinstance(front.data, dict):
            raise TalkError([Problem(first.front.file, front_line, 1, "", "front matter must be a mapping of title, "
                                                                          "minutes, notes")])
        line, body = front_line + found[1].count("\n") + 1, body[found.end():]
    pages.append(MarkdownSlide(front, body, line, front_line))
    return pages


def _next_slide(body: str):
    fence = False
    for found in re.finditer(r"^(```|~~~)|^---[ \t]*$", body, re.MULTILINE):
        if found[1]:
            fence = not fence
        elif not fence:
            match = NEXT_SLIDE.match(body, found.start())
            if match is not None:
                return match
    return None


def load_markdown_slide(path: Path, root: Path) -> MarkdownSlide:
    """Split a slides/*.md file into front matter (between '---' lines) and Markdown body."""
    shown = display_path(path, root)
    text = read_text(path, shown)
    control = control_character_problem(text, shown)
    if control is not None:
        raise TalkError([control])
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise TalkError([Problem(shown, 1, 1, "", "a slide file starts with front matter: a '---' line, "
                                                  "then title, minutes and notes, then '---'")])
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            front_text = "".join(lines[1:index])
            front = parse_yaml(front_text, shown, line_offset=1, what="front matter")
            if not isinstance(front.data, dict):
                raise TalkError([Problem(shown, 2, 1, "", "front matter must be a mapping of title, minutes, notes")])
            body = "".join(lines[index + 1:])
            if len(body) > MAX_SLIDE_BODY_CHARS:
                raise TalkError([Problem(shown, index + 2, 1, "", f"the slide's Markdown is {len(body):,} characters; "
                                                                  f"the limit is {MAX_SLIDE_BODY_CHARS:,} (split it)")])
            return MarkdownSlide(front, body, index + 2)
    raise TalkError([Problem(shown, 1, 1, "", "front matter is not closed: add a '---' line after it")])


class TooSlow(Exception):
    """A piece of work ran past its time limit."""


@contextmanager
def time_limit(seconds: float):
    """Raise TooSlow in the block after seconds of wall time (SIGALRM: the main thread only, where
    the CLI and serve convert slides; elsewhere the size bounds alone apply). Even a long regular
    expression match is interrupted."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum, frame):
        raise TooSlow()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def path_problem(relative: str) -> str | None:
    """Why a path written in the talk cannot name a file at all (before asking where it points)."""
    if not relative.strip():
        return "is empty; name a file"
    if CONTROL.search(relative):
        return "contains a control character"
    if len(relative) > MAX_PATH_CHARS:
        return f"is {len(relative)} characters long; the limit is {MAX_PATH_CHARS}"
    return None


def resolve_inside(root: Path, relative: str, start: Path | None = None) -> Path | None:
    """The path a talk file names (relative to start, by default root), or None when it is absolute
    or escapes root - also through '..' or a symbolic link that points outside."""
    if (not relative or path_problem(relative) or Path(relative).is_absolute()
            or relative.startswith(("/", "\\")) or "\\" in relative or ":" in relative.split("/")[0]):
        return None
    base = (start or root)
    candidate = base / relative
    try:
        real_root = root.resolve()
        resolved = candidate.resolve()
    except (OSError, RuntimeError, ValueError):  # a symbolic link loop: judge the path as written
        real_root = root.absolute()
        resolved = Path(posixpath.normpath(candidate.absolute().as_posix()))
    try:
        resolved.relative_to(real_root)
    except ValueError:
        return None
    return resolved


def is_file(path: Path) -> bool:
    """Path.is_file without the exceptions a hostile name can raise (too long, NUL, loops)."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False
