"""PyYAML's nodes built into a Source: every value with its line and column.

PyYAML's composer gives nodes with marks; we construct the Python values ourselves so that each
value keeps its line and column, duplicate keys are caught (PyYAML silently keeps the last one),
and aliases cannot expand without bound ("billion laughs"). Only plain scalars, lists and mappings
are built: a tag that would construct anything else is a located problem, never an object.
Imported only when a text is parsed anew (deck/load.py keeps what it made).
"""
from __future__ import annotations

from typing import Any

import yaml

from .problems import Problem, TalkError, caret_snippet
from .source import CONTROL, MAX_DEPTH, MAX_NODES, Path_, Source, control_in_value, dotted, position

# Scalars we build; anything else a tag asks for (python objects, sets, binary) is refused.
SCALAR_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null")}
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
COLLECTION_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
MERGE_TAG = "tag:yaml.org,2002:merge"
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


def parse(text: str, shown: str, line_offset: int = 0, what: str = "file") -> Source:
    """One YAML document as a Source; every syntax problem becomes a located Problem."""
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
