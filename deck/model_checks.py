"""Model checks: the talk's data against the pydantic models, with the YAML's own line and column.

Owns pydantic_problems (every model error mapped back to where the speaker wrote it, with a 'did
you mean' for a misspelt field), the fields that moved in the talk format (MOVED: still read where
they were, with a warning), and as_warning. Used by the talk file, the Markdown slides' front
matter and a rehearsal's log alike.
"""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from . import load
from .problems import Problem, close_matches

if TYPE_CHECKING:  # pydantic is imported only once a talk needs it (deck/checked.py)
    from pydantic import BaseModel, ValidationError


def pydantic_problems(source: load.Source, error: ValidationError, model: type[BaseModel]) -> list[Problem]:
    """Map pydantic's errors onto the YAML's positions, with a 'did you mean' for near misses."""
    problems = []
    errors = error.errors(include_url=False)
    # A misspelt required field is one mistake: 'did you mean' says it all, so the field it meant
    # is not also reported missing.
    suggested = set()
    for item in errors:
        if item["type"] == "extra_forbidden":
            path = tuple(item["loc"])
            suggested.update(path[:-1] + (near,) for near in
                             close_matches(str(path[-1]), _fields_at(model, path[:-1]), n=1))
    for item in errors:
        path = tuple(item["loc"])
        if item["type"] == "extra_forbidden":
            known = _fields_at(model, path[:-1])
            near = close_matches(str(path[-1]), known, n=1)
            hint = f"; did you mean '{near[0]}'?" if near else (f" (known: {', '.join(known)})" if known else "")
            problems.append(source.problem(path, f"unknown field '{path[-1]}'{hint}", key=True))
        elif item["type"] == "missing":
            if path not in suggested:
                problems.append(source.problem(path[:-1], f"missing required field '{path[-1]}'"))
        else:
            problems.append(source.problem(_strip_union(path), _message(item)))
    return problems


# What the speaker meets, in the engine's words: pydantic's error types and their context are its
# documented interface, the wording of its messages is not (a release may reword them). A type not
# named here keeps pydantic's message.
EXPECTED = {
    **dict.fromkeys(("model_type", "dict_type", "model_attributes_type"),
                    "expected a mapping of fields ('name: value' lines)"),
    **dict.fromkeys(("float_type", "float_parsing"), "expected a number"),
    **dict.fromkeys(("int_type", "int_parsing", "int_from_float"), "expected a whole number"),
    **dict.fromkeys(("bool_type", "bool_parsing"), "expected true or false"),
    "string_type": "expected text", "list_type": "expected a list", "finite_number": "expected a finite number",
    "string_pattern_mismatch": "ids are lower-case words joined by hyphens, e.g. 'first-steps'",
    "literal_error": "expected {expected}",
    "greater_than": "expected more than {gt}", "greater_than_equal": "expected at least {ge}",
    "less_than": "expected less than {lt}", "less_than_equal": "expected at most {le}",
    "too_short": "expected at least {min_length} entries", "too_long": "expected at most {max_length} entries",
    "string_too_short": "expected at least {min_length} character(s)",
    "string_too_long": "expected at most {max_length} characters",
    **dict.fromkeys(("value_error", "assertion_error"), "{error}"),  # a validator of ours: its own words
}


def _message(item: dict) -> str:
    wording = EXPECTED.get(item["type"])
    from .model import WORTH  # pydantic has already run: its model costs nothing more here

    if item["type"] == "string_pattern_mismatch" and item.get("ctx", {}).get("pattern") == WORTH:
        wording = "expected a number in it: a ranked item's bar is drawn as long as its value"
    # A bound given as 86400 is a float to pydantic: the speaker reads it as written.
    context = {name: int(value) if isinstance(value, float) and value.is_integer() else value
               for name, value in item.get("ctx", {}).items()}
    text = wording.format(**context) if wording else item["msg"]
    got = item.get("input")
    if isinstance(got, (str, int, float, bool)) and item["type"] not in ("string_pattern_mismatch",):
        shown = repr(got) if len(repr(got)) < 40 else repr(got)[:37] + "...'"
        text += f" (got {shown})"
    elif item["type"] == "string_pattern_mismatch":
        text += f" (got {got!r})"
    return text


def _strip_union(path: tuple) -> tuple:
    """pydantic adds union branch names ('literal[...]', 'str', the kind of a pattern's picture or
    of a tool example's) to locations; the YAML has none."""
    return tuple(part for i, part in enumerate(path) if not (isinstance(part, str) and (
        "[" in part or part in ("str", "float", "int", "none") or (i and path[i - 1] in ("example", "picture")))))


def _fields_at(model: type[BaseModel], path: tuple) -> list[str]:
    from pydantic import BaseModel

    """The field names a model accepts at a location, for suggestions."""
    current: object = model
    for part in path:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or part not in current.model_fields:
            return []
        annotation = current.model_fields[part].annotation
        args = getattr(annotation, "__args__", None)
        current = args[0] if args else annotation
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


# Fields that moved in the talk format: (where they were, where they are now). Still read where
# they were, with a warning saying where to move them.
MOVED = {("slot_minutes",): ("event", "slot_minutes"), ("questions_minutes",): ("event", "questions_minutes")}


def check_moved(source: load.Source, problems: list[Problem], warnings: list[Problem]) -> None:
    """An older talk file keeps building: a moved field is read where it was, and check says where
    it lives now; given in both places, it is a problem (which one counts would be a guess)."""
    data = source.data
    event = data.get("event") if isinstance(data.get("event"), dict) else None
    for old, new in MOVED.items():
        if old[0] not in data:
            continue
        if event is not None and new[1] in event:
            line = source.where(new, key=True)[0]
            problems.append(source.problem(old, f"given twice: here and as {load.dotted(new)} on line {line}; "
                                                f"keep {load.dotted(new)} and remove this one", key=True))
        else:
            warnings.append(as_warning(source.problem(old, f"'{old[0]}' has moved to '{load.dotted(new)}': move "
                                                            f"this line under 'event:' (read here for now)", key=True)))
    if event is not None and "slot_minutes" not in event and "slot_minutes" not in data:
        problems.append(source.problem(("event",), "missing required field 'slot_minutes' (the slot's length in "
                                                   "minutes, questions included)", key=True))


def as_warning(problem: Problem) -> Problem:
    return replace(problem, warning=True)
