"""Load: read talk.yaml and slides/*.md into plain data, remembering where every value stands.

PyYAML's composer gives nodes with marks; we construct the Python values ourselves so that each
value keeps its line and column, duplicate keys are caught (PyYAML silently keeps the last one),
and aliases cannot expand without bound ("billion laughs").
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem, TalkError, caret_snippet, display_path

# No real talk comes near these; they keep a hostile or broken file from costing the deck.
MAX_FILE_BYTES = 1_000_000
MAX_NODES = 50_000

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


def read_text(path: Path, shown: str) -> str:
    """The file's text, or a located problem when it is missing, too big or not UTF-8."""
    if not path.is_file():
        raise TalkError([Problem(shown, 1, 1, "", "file not found")])
    raw = path.read_bytes()
    if len(raw) > MAX_FILE_BYTES:
        raise TalkError([Problem(shown, 1, 1, "", f"file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,}")])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        raise TalkError([Problem(shown, line, column, "", f"not UTF-8 (byte 0x{raw[error.start]:02x})")]) from None


def parse_yaml(text: str, shown: str, line_offset: int = 0) -> Source:
    """Parse one YAML document into a Source; every syntax problem becomes a located Problem."""
    source = Source(shown, text, None, line_offset=line_offset)
    if not text.strip():
        raise TalkError([Problem(shown, 1 + line_offset, 1, "", "file is empty")])
    try:
        loader = yaml.SafeLoader(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(part for part in (error.context, error.problem) if part) or "invalid YAML"
        message = message.replace("\t", "\\t")
        if "'\\t'" in message:
            message += " (indent with spaces, not tabs)"
        raise TalkError([Problem(shown, line + line_offset, column, "", message,
                                 caret_snippet(text, line, column))]) from None
    except yaml.YAMLError as error:  # e.g. a reader error on control characters
        raise TalkError([Problem(shown, 1 + line_offset, 1, "", str(error).splitlines()[0])]) from None
    if root is None:
        raise TalkError([Problem(shown, 1 + line_offset, 1, "", "file is empty")])
    builder = _Builder(source, loader)
    source.data = builder.build(root, ())
    if builder.problems:
        raise TalkError(builder.problems)
    return source


class _Builder:
    """Turns composed nodes into plain values, recording marks, duplicates and the node budget."""

    def __init__(self, source: Source, loader: yaml.SafeLoader):
        self.source = source
        self.loader = loader
        self.nodes = 0
        self.problems: list[Problem] = []

    def mark(self, node: yaml.Node) -> tuple[int, int]:
        return node.start_mark.line + 1 + self.source.line_offset, node.start_mark.column + 1

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            line, column = self.mark(node)
            raise TalkError([Problem(self.source.file, line, column, dotted(path),
                                     f"more than {MAX_NODES:,} values (aliases expanding without bound?)")])
        self.source.value_marks.setdefault(path, self.mark(node))
        if isinstance(node, yaml.MappingNode):
            self.loader.flatten_mapping(node)  # '<<' merge keys, as YAML defines them
            mapping: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    line, column = self.mark(key_node)
                    self.problems.append(Problem(self.source.file, line, column, dotted(path), "a key must be plain text"))
                    continue
                key = self.loader.construct_object(key_node)
                key = key if isinstance(key, str) else str(key)
                child = path + (key,)
                if key in mapping:
                    line, column = self.mark(key_node)
                    first = self.source.key_marks[child][0]
                    self.problems.append(Problem(self.source.file, line, column, dotted(child),
                                                 f"duplicate key '{key}' (first given on line {first})"))
                    continue
                self.source.key_marks[child] = self.mark(key_node)
                mapping[key] = self.build(value_node, child)
            return mapping
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (index,)) for index, item in enumerate(node.value)]
        value = self.loader.construct_object(node)
        if not isinstance(value, (str, int, float, bool, type(None))):
            value = node.value  # dates and timestamps stay as the speaker wrote them
        return value


def load_yaml_file(path: Path, root: Path) -> Source:
    shown = display_path(path, root)
    return parse_yaml(read_text(path, shown), shown)


@dataclass
class MarkdownSlide:
    """A free-form slide file: its front matter (as a Source) and its Markdown body."""

    front: Source
    body: str
    body_line: int  # 1-based line where the body starts, for locating problems in it


def load_markdown_slide(path: Path, root: Path) -> MarkdownSlide:
    """Split a slides/*.md file into front matter (between '---' lines) and Markdown body."""
    shown = display_path(path, root)
    text = read_text(path, shown)
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise TalkError([Problem(shown, 1, 1, "", "a slide file starts with front matter: a '---' line, "
                                                  "then title, minutes and notes, then '---'")])
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            front_text = "".join(lines[1:index])
            front = parse_yaml(front_text, shown, line_offset=1)
            if not isinstance(front.data, dict):
                raise TalkError([Problem(shown, 2, 1, "", "front matter must be a mapping of title, minutes, notes")])
            return MarkdownSlide(front, "".join(lines[index + 1:]), index + 2)
    raise TalkError([Problem(shown, 1, 1, "", "front matter is not closed: add a '---' line after it")])


def resolve_inside(root: Path, relative: str) -> Path | None:
    """The path a talk file names, or None when it is absolute or escapes the talk's folder."""
    if not relative or Path(relative).is_absolute() or relative.startswith(("/", "\\")) or "\\" in relative:
        return None
    candidate = (root / relative).resolve()
    try:
        candidate.relative_to(root.resolve())
    except ValueError:
        return None
    return candidate
