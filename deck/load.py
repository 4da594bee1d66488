"""Load: read talk.yaml and slides/*.md into plain data, remembering where every value stands.

PyYAML's composer gives nodes with marks; we construct the Python values ourselves so that each
value keeps its line and column, duplicate keys are caught (PyYAML silently keeps the last one),
and aliases cannot expand without bound ("billion laughs"). Only plain scalars, lists and mappings
are built: a tag that would construct anything else is a located problem, never an object.

A file someone sent us is treated as hostile: its size, nesting and number of values are bounded,
and every path it names must stay inside the talk's folder.
"""
from __future__ import annotations

import posixpath
import re
import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem, TalkError, caret_snippet, display_path

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

# Scalars we build; anything else a tag asks for (python objects, sets, binary) is refused.
SCALAR_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null")}
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
COLLECTION_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
MERGE_TAG = "tag:yaml.org,2002:merge"
# C0/C1 controls and DEL, but not tab, newline or carriage return: nothing a slide needs.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# In a value, however it was written (a YAML escape "\e", a JSON "\u001b", a character reference in
# Markdown): the controls above and carriage return (a line break is '\n' once read), and what
# is no character at all (a lone surrogate, U+FFFE, U+FFFF), which no output can encode.
VALUE_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

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
    """The file's text, or a located problem when it is missing, unreadable, too big or not UTF-8."""
    try:
        if not path.is_file():
            raise TalkError([Problem(shown, 1, 1, "", "file not found")])
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:  # judged before reading: a huge file must not cost the memory
            raise TalkError([Problem(shown, 1, 1, "", f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}")])
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except (OSError, ValueError) as error:  # permissions, a name too long, a NUL in the name
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


class _TalkLoader(yaml.SafeLoader):
    """PyYAML's safe loader with the nesting bounded: its composer recurses once per level."""

    depth = 0

    def compose_node(self, parent, index):
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise _TooDeep(mark.line + 1, mark.column + 1)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


_LIBYAML = yaml.CSafeLoader if getattr(yaml, "__with_libyaml__", False) else None


def _compose_with_libyaml(text: str) -> tuple[yaml.SafeLoader, Any] | None:
    """The loader and root node from libyaml, PyYAML's C parser, or None to take the pure-Python way.

    libyaml composes a talk about ten times faster; the nodes, marks and constructors are the same.
    Its composer recurses in C, so the nesting is counted over the parse events first. A text with
    a control character, nesting near MAX_DEPTH or any error goes the pure-Python way, whose
    messages the problems above are worded from.
    """
    if _LIBYAML is None or CONTROL.search(text):
        return None
    try:
        probe = _LIBYAML(text)
        try:
            depth = deepest = 0
            while probe.check_event():
                event = probe.get_event()
                if isinstance(event, yaml.CollectionStartEvent):
                    depth += 1
                    deepest = max(deepest, depth)
                elif isinstance(event, yaml.CollectionEndEvent):
                    depth -= 1
        finally:
            probe.dispose()
        if deepest >= MAX_DEPTH - 1:
            return None
        loader = _LIBYAML(text)
        try:
            return loader, loader.get_single_node()
        except BaseException:
            loader.dispose()
            raise
    except Exception:
        return None


class _TooDeep(Exception):
    def __init__(self, line: int, column: int):
        super().__init__(line, column)
        self.line, self.column = line, column


def _syntax_problem(error: yaml.MarkedYAMLError, text: str, shown: str, line_offset: int) -> Problem:
    """PyYAML's message, reworded where it speaks parser, and placed where the speaker must look."""
    context, problem = error.context or "", error.problem or ""
    mark = error.problem_mark or error.context_mark
    opened = error.context_mark
    message = " ".join(part for part in (context, problem) if part) or "invalid YAML"
    if "'\\t'" in problem:
        message = "a tab character: indent with spaces, not tabs"
    elif "cannot start any token" in problem:
        char = problem.split("'")[1] if problem.count("'") >= 2 else "?"
        message = f"a value cannot start with '{char}': put the value in quotes"
    elif "quoted scalar" in context and "end of stream" in problem and opened is not None:
        quote = text[opened.index] if opened.index < len(text) else '"'
        mark, message = opened, f"this {quote} is never closed: add the closing {quote}"
    elif context.startswith("while parsing a flow") and opened is not None:
        bracket, closer = ("[", "]") if "sequence" in context or "flow node" in context else ("{", "}")
        got = problem.rsplit("but got ", 1)[-1] if "but got " in problem else "the end of the file"
        got = "the end of the file" if got == "'<stream end>'" else got
        if mark is not None and mark.line != opened.line:
            mark, message = opened, f"this '{bracket}' is not closed: add '{closer}' (found {got} on line {mark.line + 1 + line_offset})"
        else:
            message = f"expected ',' or '{closer}' in the '{bracket}...{closer}', but found {got}"
    elif context.startswith("while parsing a block") and opened is not None and "expected <block end>" in problem:
        what = "list" if "collection" in context or "sequence" in context else "mapping"
        message = (f"indentation does not line up with the {what} that starts on line "
                   f"{opened.line + 1 + line_offset}, column {opened.column + 1}")
    elif problem == "mapping values are not allowed here":
        message = "unexpected ':' here: check this line's indentation, or quote a value that contains ': '"
    elif "could not find expected ':'" in problem and opened is not None:
        mark, message = opened, "expected 'key: value' here (no ':' found): check the indentation or add the ':'"
    elif "duplicate anchor" in context and opened is not None:
        message = f"anchor {context.split()[3].rstrip(';')} is defined twice (first on line {opened.line + 1 + line_offset})"
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return Problem(shown, line + line_offset, column, "", message, caret_snippet(text, line, column))


def parse_yaml(text: str, shown: str, line_offset: int = 0, what: str = "file") -> Source:
    """Parse one YAML document into a Source; every syntax problem becomes a located Problem."""
    source = Source(shown, text, None, line_offset=line_offset)
    if not text.strip():
        raise TalkError([Problem(shown, 1 + line_offset, 1, "", f"{what} is empty")])
    loader = None
    try:
        composed = _compose_with_libyaml(text)
        if composed is not None:
            loader, root = composed
        else:
            loader = _TalkLoader(text)  # its reader refuses control characters right here
            root = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        raise TalkError([_syntax_problem(error, text, shown, line_offset)]) from None
    except yaml.reader.ReaderError as error:  # a character YAML does not allow (control characters)
        line, column = position(text, error.position)
        raise TalkError([Problem(shown, line + line_offset, column, "",
                                 f"control character U+{error.character:04X} is not allowed; remove it"
                                 if isinstance(error.character, int) else str(error).splitlines()[0])]) from None
    except yaml.YAMLError as error:
        raise TalkError([Problem(shown, 1 + line_offset, 1, "", str(error).splitlines()[0])]) from None
    except _TooDeep as error:
        raise TalkError([Problem(shown, error.line + line_offset, error.column, "",
                                 f"nested more than {MAX_DEPTH} levels deep; no talk needs that",
                                 caret_snippet(text, error.line, error.column))]) from None
    finally:
        if loader is not None:
            loader.dispose()
    if root is None:
        raise TalkError([Problem(shown, 1 + line_offset, 1, "", f"{what} is empty")])
    builder = _Builder(source, loader)
    source.data = builder.build(root, ())
    if builder.problems:
        raise TalkError(builder.problems)
    return source


class _Builder:
    """Turns composed nodes into plain values, recording marks, duplicates and the node budget.

    Aliases are nodes shared by reference, so counting every node we build (not every node in the
    file) is what bounds "billion laughs"; a node met again inside itself is a cycle, refused too.
    """

    def __init__(self, source: Source, loader: yaml.SafeLoader):
        self.source = source
        self.loader = loader
        self.nodes = 0
        self.problems: list[Problem] = []
        self.building: set[int] = set()  # ids of the nodes on the way down to the current one

    def mark(self, node: yaml.Node) -> tuple[int, int]:
        return node.start_mark.line + 1 + self.source.line_offset, node.start_mark.column + 1

    def refuse(self, node: yaml.Node, path: Path_, message: str) -> TalkError:
        line, column = self.mark(node)
        return TalkError([Problem(self.source.file, line, column, dotted(path), message)])

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self.refuse(node, path, f"more than {MAX_NODES:,} values (aliases expanding without bound?)")
        if len(self.building) >= MAX_DEPTH:  # aliases and merges can nest deeper than the text
            raise self.refuse(node, path, f"nested more than {MAX_DEPTH} levels deep (through aliases)")
        if id(node) in self.building:
            raise self.refuse(node, path, "an alias refers to the value that contains it")
        self.source.value_marks.setdefault(path, self.mark(node))
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, path)
        if node.tag not in COLLECTION_TAGS:
            self.problems.append(self.located(node, path, f"tag '{node.tag}' is not used in a talk file; remove it"))
        self.building.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self.mapping(node, path)
            return [self.build(item, path + (index,)) for index, item in enumerate(node.value)]
        finally:
            self.building.discard(id(node))

    def located(self, node: yaml.Node, path: Path_, message: str) -> Problem:
        line, column = self.mark(node)
        return Problem(self.source.file, line, column, dotted(path), message)

    def scalar(self, node: yaml.ScalarNode, path: Path_) -> Any:
        if node.tag == TIMESTAMP_TAG:
            return node.value  # dates stay as the speaker wrote them, even impossible ones
        if node.tag not in SCALAR_TAGS:
            self.problems.append(self.located(node, path, f"tag '{node.tag}' is not used in a talk file; remove it"))
            return node.value
        try:
            value = self.loader.construct_object(node)
        except (ValueError, IndexError, KeyError, TypeError, OverflowError, yaml.YAMLError):
            kind = node.tag.rsplit(":", 1)[-1]
            shown = node.value if len(node.value) <= 40 else node.value[:37] + "..."
            self.problems.append(self.located(node, path, f"'{shown}' is not a valid {kind}"))
            return node.value
        if isinstance(value, str):
            self.check_text(node, path, value)
        return value

    def check_text(self, node: yaml.Node, path: Path_, text: str) -> None:
        """The raw file has no control character (parse_yaml); an escape in a quoted value may write one."""
        why = control_in_value(text)
        if why is not None:
            self.problems.append(self.located(node, path, why))

    def mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        merges: list[yaml.Node] = []
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag == MERGE_TAG:
                merges.append(value_node)  # '<<: *defaults', applied below as YAML defines it
                continue
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in SCALAR_TAGS | {TIMESTAMP_TAG}:
                self.problems.append(self.located(key_node, path, "a key must be plain text"))
                continue
            key = key_node.value if key_node.tag in ("tag:yaml.org,2002:str", TIMESTAMP_TAG) else self.scalar(key_node, path)
            key = key if isinstance(key, str) else str(key)
            child = path + (key,)
            if key_node.tag == "tag:yaml.org,2002:str":
                self.check_text(key_node, child, key)
            if key in mapping:
                line, column = self.mark(key_node)
                first = self.source.key_marks[child][0]
                self.problems.append(Problem(self.source.file, line, column, dotted(child),
                                             f"duplicate key '{key}' (first given on line {first})"))
                continue
            self.source.key_marks[child] = self.mark(key_node)
            mapping[key] = self.build(value_node, child)
        # Merged keys never override the mapping's own; earlier merges win over later ones.
        for merge in merges:
            sources = merge.value if isinstance(merge, yaml.SequenceNode) else [merge]
            for merged_node in sources:
                merged = self.build(merged_node, path)
                if not isinstance(merged, dict):
                    self.problems.append(self.located(merged_node, path, "'<<' merges a mapping (or a list of them) only"))
                    continue
                for key, value in merged.items():
                    mapping.setdefault(key, value)
        return mapping


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
