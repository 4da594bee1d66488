"""Cross-reference checks: every id the talk names exists, once.

Owns the checks that read the data as the speaker wrote it, before the models (so they report
alongside the models' own problems, in one pass): ids unique across the model, remedies,
contexts and supports that name real entries. Also a tool example's internal references (a
Wardley map's needs, a story map's slices), and unknown(), the one message for a name that
matches nothing, with the nearest names first.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from . import load
from .problems import Problem, close_matches

if TYPE_CHECKING:  # annotations only: a validated talk need not be a pydantic model
    from .model import Talk


def _entries(data: dict, collection: str) -> list[tuple[int, dict]]:
    """A model list as the speaker wrote it, skipping what is not a mapping (pydantic says so)."""
    items = data.get(collection)
    return [(index, entry) for index, entry in enumerate(items) if isinstance(entry, dict)] if isinstance(items, list) else []


def _ids(data: dict, collection: str) -> list[str]:
    return [entry["id"] for _, entry in _entries(data, collection) if isinstance(entry.get("id"), str)]


def check_ids(source: load.Source, problems: list[Problem]) -> None:
    """Ids are unique across the whole model: an in-deck link must land on exactly one slide.

    Like the reference check below, this reads the data as written, so it also runs when the
    models reject something elsewhere: every problem is reported in one pass.
    """
    seen: dict[str, str] = {}
    for collection in ("roots", "anti_patterns", "contexts", "patterns", "tools", "takeaways", "outline"):
        for index, entry in _entries(source.data, collection):
            ident = entry.get("id")
            if not isinstance(ident, str):
                continue
            if ident in seen:
                problems.append(source.problem((collection, index, "id"), f"duplicate id '{ident}' (already used by {seen[ident]})"))
            else:
                seen[ident] = load.dotted((collection, index))


def unknown(kind: str, ref: str, known: list[str]) -> str:
    near = close_matches(ref, known, n=3, cutoff=0.4)
    rest = [name for name in known if name not in near]
    listed = ", ".join(near + rest[: max(0, 4 - len(near))]) + (", ..." if len(known) > 4 else "")
    return f"unknown {kind} '{ref}' (known: {listed})" if known else f"unknown {kind} '{ref}' (none defined)"


# Which list of ids each cross-reference names: (collection, field) -> (kind in messages, targets).
REFERENCES = {
    ("anti_patterns", "remedies"): ("pattern", ("patterns", "tools")),
    ("patterns", "contexts"): ("context", ("contexts",)),
    ("tools", "supports"): ("pattern", ("patterns",)),
    ("anti_patterns", "hurts_most"): ("context", ("contexts",)),
    ("anti_patterns", "root"): ("root", ("roots",)),
}


def check_references(source: load.Source, problems: list[Problem]) -> None:
    """Every cross-reference names an entry that exists: remedies, contexts, supports."""
    for (collection, name), (kind, targets) in REFERENCES.items():
        known = list(dict.fromkeys(ident for target in targets for ident in _ids(source.data, target)))
        for index, entry in _entries(source.data, collection):
            refs = entry.get(name)
            if isinstance(refs, str):  # one reference, not a list: located at the field itself
                if refs not in known:
                    problems.append(source.problem((collection, index, name), unknown(kind, refs, known)))
                continue
            for position, ref in enumerate(refs if isinstance(refs, list) else []):
                if isinstance(ref, str) and ref not in known:
                    problems.append(source.problem((collection, index, name, position), unknown(kind, ref, known)))


def check_examples(source: load.Source, talk: Talk, problems: list[Problem]) -> None:
    """A tool's example must draw: a Wardley map's 'needs' name its components, without a loop;
    a story map's stories fit its slices, two to a cell; a ranked list's second state names one of its items."""
    for collection in ("patterns", "tools"):
        for index, entry in enumerate(getattr(talk, collection)):
            then, items = getattr(entry.picture, "then", None), [row.item for row in getattr(entry.picture, "items", [])]
            if then is None:
                continue
            for path, jump in [(("then", "item"), then)] + [(("then", "also", at, "item"), other)
                                                           for at, other in enumerate(then.also)]:
                if jump.item not in items:  # a value jumping on no row would re-rank nothing
                    problems.append(source.problem((collection, index, "picture", *path),
                                                   unknown("item", jump.item, items)))
    for index, tool in enumerate(talk.tools):
        example, where = tool.example, ("tools", index, "example")
        if example is None:
            continue
        if example.picture == "wardley-map":
            names = [component.name for component in example.components]
            for c_index, component in enumerate(example.components):
                if component.name in names[:c_index]:
                    problems.append(source.problem(where + ("components", c_index, "name"),
                                                   f"duplicate component '{component.name}'"))
                for n_index, need in enumerate(component.needs):
                    if need not in names:
                        problems.append(source.problem(where + ("components", c_index, "needs", n_index),
                                                       unknown("component", need, names)))
            loop = _needs_loop(example.components)
            if loop:
                problems.append(source.problem(where + ("components",), "the components' needs go round in a "
                                                                        "loop: " + " -> ".join(loop)))
        elif example.picture == "story-map":
            for s_index, step in enumerate(example.steps):
                if len(step.stories) > len(example.slices):
                    problems.append(source.problem(where + ("steps", s_index, "stories"),
                                                   f"{len(step.stories)} slices of stories, but the map has "
                                                   f"{len(example.slices)} slices"))
                for cell, stories in enumerate(step.stories):
                    if len(stories) > 2:
                        problems.append(source.problem(where + ("steps", s_index, "stories", cell),
                                                       f"{len(stories)} stories in one slice; at most 2 stay legible"))
                    for position, story in enumerate(stories):
                        if not story.strip() or len(story) > 40:
                            problems.append(source.problem(where + ("steps", s_index, "stories", cell, position),
                                                           "a story is 1 to 40 characters"))
                # A cost mark names a story of its own step: a mark on nothing would draw no mark at all.
                named = [story for stories in step.stories for story in stories]
                for c_index, name in enumerate(step.costly):
                    if name not in named:
                        problems.append(source.problem(where + ("steps", s_index, "costly", c_index),
                                                       f"'{name}' is no story of step '{step.step}' "
                                                       f"(its stories: {', '.join(named)})"))


def _needs_loop(components) -> list[str]:
    """A loop in a Wardley map's 'needs', as the names round it, or [] (the map is a tree of needs)."""
    needs = {component.name: component.needs for component in components}
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(name, path):
        if state.get(name) == 1:
            return path[path.index(name):] + [name]
        if state.get(name) == 2 or name not in needs:
            return []
        state[name] = 1
        for need in needs[name]:
            found = visit(need, path + [name])
            if found:
                return found
        state[name] = 2
        return []

    for name in needs:
        found = visit(name, [])
        if found:
            return found
    return []
