"""Validate: the talk's data against the model, then the checks no schema can make.

Every problem is collected before anything is reported: pydantic's errors are mapped back to the
YAML's own line and column; cross-references, the timing budget against the slot and the
summary's word count are checked here. The result is the Deck: slides ready to render.
"""
from __future__ import annotations

import difflib
import re
from urllib.parse import unquote
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from pydantic import BaseModel, ValidationError

from . import load, markup, script, trust
from .language import Labels, language_problem, override_problems
from .model import DEFAULT_PARTS, PARTS, REF_KINDS, AntiPattern, Context, FrontMatter, Pattern, Section, Takeaway, Talk, Tool
from .problems import Problem, TalkError

SPOKEN_WORDS_PER_MINUTE = 130
# Notes are a script: outside this share of what the minutes need at 130 words a minute, the
# slide overruns or is rushed through.
NOTES_FIT = (0.8, 1.2)
# Links from talk.yaml become href attributes and QR codes: only web and mail addresses, whole.
# A 'javascript:' or 'data:' URL is refused here rather than rendered, so the speaker hears of it.
WEB_URL = re.compile(r"^https://[^\s\x00-\x1f\x7f/?#]+[^\s\x00-\x1f\x7f]*$", re.IGNORECASE)
MAIL_URL = re.compile(r"^mailto:[^\s\x00-\x1f\x7f@]+@[^\s\x00-\x1f\x7f@]+$", re.IGNORECASE)
# What a new talk (build.py new) marks as still to write; check lists each one left as a warning.
PLACEHOLDER = "TODO"
# The title names the exports (<slug>.html, PDFs): longer, and no file system takes the name.
MAX_TITLE_CHARS = 150


@dataclass
class Slide:
    """One slide as the templates see it: what it shows, how long it takes, what the speaker says."""

    kind: str
    anchor: str  # the slide's id: in-deck links and the URL hash use it
    title: str
    minutes: float
    notes: str
    section: Section
    number: int = 0
    subject: AntiPattern | Context | Pattern | Tool | None = None
    body_html: str = ""
    delivers: Takeaway | None = None
    layout: str = "default"
    source: tuple[str, int] = ("", 0)  # file and line the slide is defined at
    diagram: str = ""  # a diagram slide: which picture (deck/diagrams.py)
    show: tuple[str, ...] = ()  # the parts of the subject the room sees, in order
    steps: bool = False  # parts (or a Markdown slide's blocks) revealed one at a time
    locator: bool = False  # a small context map, 'you are here'
    body: str = ""  # a Markdown slide's text, and the line of its file it starts on (for locating)
    body_line: int = 0
    key: str = ""  # staging (deck/script.py): the phrase to land, the works credited, minutes a cut saves
    credits: tuple = ()
    cut: float = 0.0
    room: float = 0.0  # minutes the room works on its own (an exercise)
    on_request: bool = False  # shown only when asked for: not timed

    @property
    def seconds(self) -> int:
        return round(self.minutes * 60)

    @property
    def note_words(self) -> int:
        return markup.word_count(self.notes)


@dataclass
class Deck:
    """The validated talk: its model and its slides in order, plus any warnings to print."""

    talk: Talk
    root: Path
    slides: list[Slide]
    warnings: list[Problem] = field(default_factory=list)
    labels: Labels | None = None  # the words the engine adds, in the talk's language

    def __post_init__(self):
        if self.labels is None:
            self.labels = Labels(self.talk.language, self.talk.labels)

    def subject(self, ref: str):
        return self.index.get(ref)

    # Built once per Deck (a Deck is never changed after validation): render asks for every link.
    @cached_property
    def index(self) -> dict[str, object]:
        return {entry.id: entry for entry in (*self.talk.anti_patterns, *self.talk.contexts,
                                              *self.talk.patterns, *self.talk.tools)}

    @cached_property
    def _anchors(self) -> dict[str, str]:
        anchors: dict[str, str] = {}
        for slide in self.slides:
            if slide.subject is not None:
                anchors.setdefault(slide.subject.id, slide.anchor)
        return anchors

    @property
    def planned_minutes(self) -> float:
        return sum(slide.minutes for slide in self.slides if not slide.on_request)

    def anchor_of(self, ref: str) -> str | None:
        """The anchor of the slide that presents a model entry, if the outline shows it."""
        return self._anchors.get(ref)


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
                             difflib.get_close_matches(str(path[-1]), _fields_at(model, path[:-1]), n=1))
    for item in errors:
        path = tuple(item["loc"])
        if item["type"] == "extra_forbidden":
            known = _fields_at(model, path[:-1])
            near = difflib.get_close_matches(str(path[-1]), known, n=1)
            hint = f"; did you mean '{near[0]}'?" if near else (f" (known: {', '.join(known)})" if known else "")
            problems.append(source.problem(path, f"unknown field '{path[-1]}'{hint}", key=True))
        elif item["type"] == "missing":
            if path not in suggested:
                problems.append(source.problem(path[:-1], f"missing required field '{path[-1]}'"))
        else:
            problems.append(source.problem(_strip_union(path), _message(item)))
    return problems


def _message(item: dict) -> str:
    text = item["msg"]
    if item["type"] in ("model_type", "dict_type", "model_attributes_type"):
        text = "expected a mapping of fields ('name: value' lines)"
    elif item["type"] == "literal_error":
        text = text.replace("Input should be", "expected")
    elif item["type"] == "string_pattern_mismatch":
        text = "ids are lower-case words joined by hyphens, e.g. 'first-steps'"
    got = item.get("input")
    if isinstance(got, (str, int, float, bool)) and item["type"] not in ("string_pattern_mismatch",):
        shown = repr(got) if len(repr(got)) < 40 else repr(got)[:37] + "...'"
        text += f" (got {shown})"
    elif item["type"] == "string_pattern_mismatch":
        text += f" (got {got!r})"
    return text


def _strip_union(path: tuple) -> tuple:
    """pydantic adds union branch names ('literal[...]', 'str', a tool example's picture) to
    locations; the YAML has none."""
    return tuple(part for i, part in enumerate(path) if not (isinstance(part, str) and (
        "[" in part or part in ("str", "float", "int", "none") or (i and path[i - 1] == "example"))))


def _fields_at(model: type[BaseModel], path: tuple) -> list[str]:
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


def validate(source: load.Source, root: Path) -> Deck:
    """Check the loaded talk completely; raise TalkError with every problem, or return the Deck."""
    if not isinstance(source.data, dict):
        raise TalkError([source.problem((), "the talk file must be a mapping of fields (title, speaker, outline ...)")])
    problems: list[Problem] = []
    warnings: list[Problem] = []
    _check_ids(source, problems)
    _check_references(source, problems)
    _check_moved(source, problems, warnings)
    try:
        talk = Talk.model_validate(source.data)
    except ValidationError as error:
        raise TalkError(pydantic_problems(source, error, Talk) + problems) from None
    labels = _check_labels(source, talk, problems, warnings)
    _check_links(source, talk, problems)
    warnings += trust.link_warnings(source, talk) + trust.template_warnings(root)
    if len(talk.title) > MAX_TITLE_CHARS:
        problems.append(source.problem(("title",), f"the title is {len(talk.title)} characters; the limit is "
                                                   f"{MAX_TITLE_CHARS} (it names the exported files)"))
    _check_static(root, problems)
    _check_domains(source, talk, problems)
    _check_examples(source, talk, problems)
    slides = _outline_slides(source, talk, root, problems, labels)
    if not problems:  # ids and in-deck links are judged once every slide has its id
        found, cautions = trust.content_problems(slides, root)
        problems += found
        warnings += cautions
    if problems:
        raise TalkError(problems)
    deck = Deck(talk, root, slides, warnings, labels)
    _check_placeholders(source, deck, warnings)
    warnings += script.story_prompts(slides, root)
    _check_timing(source, deck, problems, warnings)
    _check_example_placeholders(source, talk, warnings)
    _check_lengths(source, talk, problems)
    _check_takeaways(source, deck, problems)
    if problems:
        raise TalkError(problems)
    return deck


def _entries(data: dict, collection: str) -> list[tuple[int, dict]]:
    """A model list as the speaker wrote it, skipping what is not a mapping (pydantic says so)."""
    items = data.get(collection)
    return [(index, entry) for index, entry in enumerate(items) if isinstance(entry, dict)] if isinstance(items, list) else []


def _ids(data: dict, collection: str) -> list[str]:
    return [entry["id"] for _, entry in _entries(data, collection) if isinstance(entry.get("id"), str)]


def _check_ids(source: load.Source, problems: list[Problem]) -> None:
    """Ids are unique across the whole model: an in-deck link must land on exactly one slide.

    Like the reference check below, this reads the data as written, so it also runs when the
    models reject something elsewhere: every problem is reported in one pass.
    """
    seen: dict[str, str] = {}
    for collection in ("anti_patterns", "contexts", "patterns", "tools", "takeaways", "outline"):
        for index, entry in _entries(source.data, collection):
            ident = entry.get("id")
            if not isinstance(ident, str):
                continue
            if ident in seen:
                problems.append(source.problem((collection, index, "id"), f"duplicate id '{ident}' (already used by {seen[ident]})"))
            else:
                seen[ident] = load.dotted((collection, index))


def _unknown(kind: str, ref: str, known: list[str]) -> str:
    near = difflib.get_close_matches(ref, known, n=3, cutoff=0.4)
    rest = [name for name in known if name not in near]
    listed = ", ".join(near + rest[: max(0, 4 - len(near))]) + (", ..." if len(known) > 4 else "")
    return f"unknown {kind} '{ref}' (known: {listed})" if known else f"unknown {kind} '{ref}' (none defined)"


# Which list of ids each cross-reference names: (collection, field) -> (kind in messages, targets).
REFERENCES = {
    ("anti_patterns", "remedies"): ("pattern", ("patterns", "tools")),
    ("patterns", "contexts"): ("context", ("contexts",)),
    ("tools", "supports"): ("pattern", ("patterns",)),
    ("anti_patterns", "hurts_most"): ("context", ("contexts",)),
}

# Cynefin's five domains; the names it used before 'clear' still mean it, and check says so.
DOMAINS = ("complex", "complicated", "chaotic", "clear", "confused")
RENAMED_DOMAINS = {"simple": "clear", "obvious": "clear", "disorder": "confused"}
# Which entry a diagram slide's 'ref' names: the context a stance is drawn for, or what is highlighted.
DIAGRAM_REFS = {"stance": ("context", True), "context-map": ("context", False),
                "remedy-map": ("anti-pattern", False), "fit-grid": (None, False)}


def _check_references(source: load.Source, problems: list[Problem]) -> None:
    """Every cross-reference names an entry that exists: remedies, contexts, supports."""
    for (collection, name), (kind, targets) in REFERENCES.items():
        known = list(dict.fromkeys(ident for target in targets for ident in _ids(source.data, target)))
        for index, entry in _entries(source.data, collection):
            refs = entry.get(name)
            for position, ref in enumerate(refs if isinstance(refs, list) else []):
                if isinstance(ref, str) and ref not in known:
                    problems.append(source.problem((collection, index, name, position), _unknown(kind, ref, known)))


def _check_links(source: load.Source, talk: Talk, problems: list[Problem]) -> None:
    """Links are shown as QR codes and links: web addresses (and mail for the reading list) only."""
    for name in ("slides", "feedback"):
        url = getattr(talk.links, name)
        if not WEB_URL.match(url):
            problems.append(source.problem(("links", name), f"expected a web address starting with https:// "
                                                            f"(it becomes a QR code), got {_shown(url)}"))
        elif not _fits_qr(url):
            problems.append(source.problem(("links", name), f"the address is {len(url)} characters, too long for a QR code"))
    for index, link in enumerate(talk.links.more):
        if not (WEB_URL.match(link.url) or MAIL_URL.match(link.url)):
            problems.append(source.problem(("links", "more", index, "url"),
                                           f"expected a web address (https://...) or mailto:, got {_shown(link.url)}"))


def _shown(text: str) -> str:
    return repr(text) if len(text) <= 60 else repr(text[:57]) + "..."


def _fits_qr(url: str) -> bool:
    return qr_code(url) is not None


@lru_cache(maxsize=64)  # serve revalidates on every save; encoding a QR code costs milliseconds
def qr_code(url: str):
    """The closing slide's QR code for a URL (segno), or None when it does not fit one.

    Made here, where a URL that does not fit fails located; render draws this same code.
    """
    import segno

    try:
        return segno.make(url, error="m")
    except segno.DataOverflowError:
        return None


def _check_domains(source: load.Source, talk: Talk, problems: list[Problem]) -> None:
    """A context's domain places it on the context map: one of Cynefin's five, or none."""
    for index, context in enumerate(talk.contexts):
        domain = context.domain.lower()
        if not domain or domain in DOMAINS:
            continue
        if domain in RENAMED_DOMAINS:
            hint = f"; Cynefin now calls it '{RENAMED_DOMAINS[domain]}'"
        else:
            near = difflib.get_close_matches(domain, DOMAINS, n=1)
            hint = f"; did you mean '{near[0]}'?" if near else f" (known: {', '.join(DOMAINS)})"
        problems.append(source.problem(("contexts", index, "domain"), f"unknown Cynefin domain '{context.domain}'{hint}"))


def _check_examples(source: load.Source, talk: Talk, problems: list[Problem]) -> None:
    """A tool's example must draw: a Wardley map's 'needs' name its components, without a loop;
    a story map's stories fit its slices, two to a cell."""
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
                                                       _unknown("component", need, names)))
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


def _check_static(root: Path, problems: list[Problem]) -> None:
    """static/ is copied into the deck as it is: see trust.static_problems for what it may hold."""
    problems.extend(trust.static_problems(root))


# A slide's title when the outline gives none: the label of its kind (or diagram) in the talk's language.
DEFAULT_TITLES = {"matrix": "title_matrix", "recap": "title_recap", "closing": "title_closing",
                  "context-map": "title_context_map", "stance": "title_stance", "fit-grid": "title_fit_grid",
                  "remedy-map": "title_remedy_map"}


def default_title(labels: Labels, talk: Talk, name: str) -> str:
    """The default title for a slide kind or diagram; the recap's counts the takeaways it lists."""
    return labels(DEFAULT_TITLES[name], count=len(talk.takeaways) if name == "recap" else None)


def _staging_ok(source, entry, where, talk, problems) -> bool:
    """diagram, show and locator belong to the kinds they make sense on; a misplaced one is located."""
    ok = True
    if entry.diagram is not None and entry.kind != "diagram":
        problems.append(source.problem(where + ("diagram",), f"a {entry.kind} slide draws no diagram; "
                                                             "use 'kind: diagram' for a diagram slide", key=True))
        ok = False
    if entry.kind == "diagram" and entry.diagram is None:
        problems.append(source.problem(where, "missing required field 'diagram' (context-map, stance, fit-grid "
                                              "or remedy-map)"))
        ok = False
    if entry.show is not None:
        allowed = PARTS.get(entry.kind)
        if allowed is None:
            problems.append(source.problem(where + ("show",), f"a {entry.kind} slide has no parts to choose; "
                                                              "remove 'show'", key=True))
            ok = False
        for position, part in enumerate(entry.show if allowed else ()):
            if part not in allowed:
                problems.append(source.problem(where + ("show", position), f"a {entry.kind} slide cannot show "
                                                                           f"'{part}' (it can: {', '.join(allowed)})"))
                ok = False
    if entry.locator and entry.kind not in ("context", "pattern", "tool"):
        problems.append(source.problem(where + ("locator",), f"a {entry.kind} slide has no context to locate; "
                                                             "remove 'locator'", key=True))
        ok = False
    return ok


def _diagram_subject(source, entry, where, collections, problems):
    """The entry a diagram slide draws or highlights: (subject or None, ok)."""
    kind, required = DIAGRAM_REFS[entry.diagram]
    if entry.ref is None:
        if required:
            problems.append(source.problem(where, f"missing required field 'ref' (the id of the {kind} "
                                                  f"whose {entry.diagram} is drawn)"))
        return None, not required
    if kind is None:
        problems.append(source.problem(where + ("ref",), f"a {entry.diagram} diagram highlights nothing; remove 'ref'"))
        return None, False
    known = collections[kind]
    if entry.ref not in known:
        problems.append(source.problem(where + ("ref",), _unknown(kind, entry.ref, list(known))))
        return None, False
    return known[entry.ref], True


def _outline_slides(source: load.Source, talk: Talk, root: Path, problems: list[Problem],
                    labels: Labels | None = None) -> list[Slide]:
    """Resolve every outline entry into a Slide: its subject, its Markdown file, its anchor."""
    collections = {kind: {entry.id: entry for entry in getattr(talk, name)} for kind, name in REF_KINDS.items()}
    takeaways = {t.id: t for t in talk.takeaways}
    labels = labels or Labels(talk.language)
    slides: list[Slide] = []
    for s_index, section in enumerate(talk.outline):
        for e_index, entry in enumerate(section.slides):
            where = ("outline", s_index, "slides", e_index)
            line = source.where(where)[0]
            slide = None
            if entry.file is not None:
                slide = _markdown_slide(source, entry, where, section, root, takeaways, problems, talk)
            elif entry.kind is None:
                problems.append(source.problem(where, "a slide needs a 'kind' (title, section, anti-pattern, context, "
                                                      "pattern, tool, matrix, recap, closing) or a 'file' (slides/NAME.md)"))
            else:
                missing = [name for name in ("minutes", "notes") if getattr(entry, name) is None]
                for name in missing:
                    problems.append(source.problem(where, f"missing required field '{name}' (a {entry.kind} slide plans its minutes and notes)"))
                if entry.kind == "markdown":
                    problems.append(source.problem(where + ("kind",), "a markdown slide names its 'file' (slides/NAME.md)"))
                    continue
                subject = None
                if not _staging_ok(source, entry, where, talk, problems):
                    continue
                if entry.kind == "diagram":
                    subject, ok = _diagram_subject(source, entry, where, collections, problems)
                    if not ok:
                        continue
                elif entry.kind in REF_KINDS:
                    known = collections[entry.kind]
                    if entry.ref is None:
                        problems.append(source.problem(where, f"missing required field 'ref' (the id of the {entry.kind} this slide shows)"))
                        continue
                    if entry.ref not in known:
                        problems.append(source.problem(where + ("ref",), _unknown(entry.kind, entry.ref, list(known))))
                        continue
                    subject = known[entry.ref]
                elif entry.ref is not None and entry.kind != "diagram":
                    problems.append(source.problem(where + ("ref",), f"a {entry.kind} slide shows no model entry; remove 'ref'"))
                if missing:
                    continue
                if entry.kind == "diagram":
                    title = entry.title or default_title(labels, talk, entry.diagram)
                    anchor = entry.diagram if entry.diagram != "stance" else f"stance-{subject.id}"
                else:
                    title = entry.title or (subject.name if subject else
                                            talk.title if entry.kind == "title" else
                                            section.title if entry.kind == "section" else
                                            default_title(labels, talk, entry.kind) if entry.kind in DEFAULT_TITLES
                                            else section.title)
                    anchor = subject.id if subject else (section.id if entry.kind == "section" else entry.kind)
                slide = Slide(entry.kind, anchor, title, entry.minutes, entry.notes.strip(), section,
                              subject=subject, source=(source.file, line), diagram=entry.diagram or "",
                              show=tuple(entry.show) if entry.show is not None else DEFAULT_PARTS.get(entry.kind, ()),
                              steps=entry.steps if entry.steps is not None else entry.kind in talk.steps,
                              locator=entry.locator if entry.locator is not None else
                              entry.kind == "context" and any(c.domain for c in talk.contexts))
                script.stage(slide, entry, talk, source, where, problems)
                if entry.delivers:
                    slide.delivers = takeaways.get(entry.delivers)
                    if slide.delivers is None:
                        problems.append(source.problem(where + ("delivers",), _unknown("takeaway", entry.delivers, list(takeaways))))
            if slide is None:
                continue
            slide.number = len(slides) + 1
            slides.append(slide)
    trust.assign_anchors(slides, problems, root)
    return slides


def _markdown_slide(source, entry, where, section, root, takeaways, problems, talk) -> Slide | None:
    """A free-form slide: the outline names the file; title, minutes and notes live in its front matter."""
    for name in ("kind", "ref", "title", "minutes", "notes", "delivers"):
        value = getattr(entry, name)
        if value is not None and not (name == "kind" and value == "markdown"):
            problems.append(source.problem(where + (name,), f"'{name}' of a Markdown slide belongs in the front matter of {entry.file}", key=True))
    malformed = load.path_problem(entry.file)
    if malformed:
        problems.append(source.problem(where + ("file",), f"slide file path {malformed}"))
        return None
    path = load.resolve_inside(root, entry.file)
    if path is None:
        through_link = load.resolve_inside(root, entry.file.split("/")[0]) is not None and ".." not in entry.file.split("/")
        how = "leads outside the talk's folder through a symbolic link" if through_link else "is outside the talk's folder"
        problems.append(source.problem(where + ("file",), f"'{entry.file}' {how}; name a file under slides/"))
        return None
    try:
        page = load.load_markdown_slide(path, root)
    except TalkError as error:
        if error.problems and error.problems[0].message == "file not found":
            problems.append(source.problem(where + ("file",), f"slide file '{entry.file}' not found"))
        else:
            problems.extend(error.problems)
        return None
    try:
        front = FrontMatter.model_validate(page.front.data)
    except ValidationError as error:
        problems.extend(pydantic_problems(page.front, error, FrontMatter))
        return None
    try:  # a hostile slide must not hang the build: Markdown gets bounded depth and time
        with load.time_limit(load.MARKDOWN_SECONDS):
            body_html = markup.to_html(page.body, steps=front.steps)
    except (RecursionError, load.TooSlow) as error:
        why = "nests too deeply" if isinstance(error, RecursionError) else f"took over {load.MARKDOWN_SECONDS:g} s"
        problems.append(Problem(page.front.file, page.body_line, 1, "", f"the slide's Markdown {why} to convert; "
                                                                        "simplify it (deeply nested lists, hundreds of '[')"))
        return None
    shipped: dict[str, str] = {}  # each image's src as written -> its address in the deck
    for image in markup.images_in(body_html):
        src = image.get("src", "")
        line = page.body_line + _line_of(page.body, src)
        if not image.get("alt", "").strip():
            problems.append(Problem(page.front.file, line, 1, "", f"image '{src}' has no alt text: write what it shows in ![...]"))
        if src.startswith(("http:", "https:")):
            problems.append(Problem(page.front.file, line, 1, "", f"image '{src}' would load from the network; save it under static/"))
        elif src and not src.startswith("data:"):
            # Resolved against the slide's folder and held inside static/, symbolic links included.
            # The browser decodes %20 and the like, so the file to look for is the decoded name.
            target = load.resolve_inside(root / "static", unquote(src), start=path.parent)
            if target is not None and not load.is_file(target) and unquote(src) != src:
                literal = load.resolve_inside(root / "static", src, start=path.parent)  # '50%.png' is a name too
                target = literal if literal is not None and load.is_file(literal) else target
            static = (root / "static").resolve()
            if target is None:
                problems.append(Problem(page.front.file, line, 1, "", f"image '{src}' must be a file under static/"))
            elif not load.is_file(target):
                problems.append(Problem(page.front.file, line, 1, "", f"image '{src}' not found"))
            else:  # the deck sits at dist/index.html and static/ is copied beside it
                problem = markup.ship_image(src, target.relative_to(static).as_posix(), shipped)
                if problem:
                    problems.append(Problem(page.front.file, line, 1, "", problem))
    body_html = markup.replace_image_sources(body_html, shipped)
    takeaway = None
    if front.delivers:
        takeaway = takeaways.get(front.delivers)
        if takeaway is None:
            problems.append(page.front.problem(("delivers",), _unknown("takeaway", front.delivers, list(takeaways))))
    slide = Slide("markdown", path.stem, front.title, front.minutes, front.notes.strip(), section,
                  body_html=body_html, delivers=takeaway, layout=front.layout, source=(page.front.file, 2),
                  steps=front.steps, body=page.body, body_line=page.body_line)
    script.stage(slide, front, talk, page.front, (), problems)
    return slide


def _line_of(body: str, needle: str) -> int:
    for number, text in enumerate(body.splitlines()):
        if needle and needle in text:
            return number
    return 0


def _check_timing(source: load.Source, deck: Deck, problems: list[Problem], warnings: list[Problem]) -> None:
    """Planned minutes plus questions must fit the slot; each slide's notes should fit its minutes."""
    talk = deck.talk
    budget = talk.slot_minutes - talk.questions_minutes
    planned = deck.planned_minutes
    if budget <= 0:
        problems.append(source.problem(("questions_minutes",), f"{talk.questions_minutes} minutes of questions leave "
                                                               f"no time for slides in a {talk.slot_minutes}-minute slot"))
    elif planned > budget + 1e-9:
        problems.append(source.problem(("outline",), f"slides plan {planned:g} minutes but the slot leaves {budget:g} "
                                                     f"({talk.slot_minutes} minus {talk.questions_minutes} for questions)", key=True))
    for slide in deck.slides:
        if PLACEHOLDER in slide.notes or slide.on_request:  # still to write, or not timed
            continue
        needed = script.spoken_minutes(slide) * SPOKEN_WORDS_PER_MINUTE
        ratio = slide.note_words / needed if needed else 0
        if not NOTES_FIT[0] <= ratio <= NOTES_FIT[1]:
            warnings.append(Problem(slide.source[0], slide.source[1], 1, f"slide {slide.number} '{slide.title}'",
                                    f"notes are {slide.note_words} words, {ratio:.0%} of the {needed:.0f} that "
                                    f"{slide.minutes:g} minutes take at {SPOKEN_WORDS_PER_MINUTE} words a minute",
                                    warning=True))


# Placeholders the programme must not see: addresses on the domains reserved for examples
# (RFC 2606), and metadata written as '[Speaker name]', 'TBD' or 'TODO'.
EXAMPLE_HOST = re.compile(r"^(?:[a-z0-9-]+\.)*(?:example\.(?:org|com|net)|[a-z0-9-]+\.(?:example|test|invalid))$")
PLACEHOLDER_TEXT = re.compile(r"^\s*(?:\[[^\]]*\]|tbd|tbc|todo|xxx|\.\.\.|…)\s*$", re.IGNORECASE)


def _check_example_placeholders(source: load.Source, talk: Talk, warnings: list[Problem]) -> None:
    """Warn, located, about every placeholder still in the talk, so none reaches a committee or a room."""
    from dataclasses import replace
    from urllib.parse import urlsplit

    found: list[Problem] = []

    def warn(path, message):
        found.append(replace(source.problem(path, "placeholder: " + message), warning=True))

    links = [(("links", "slides"), talk.links.slides), (("links", "feedback"), talk.links.feedback)]
    links += [(("links", "more", index, "url"), link.url) for index, link in enumerate(talk.links.more)]
    for path, url in links:
        if PLACEHOLDER in url:  # a TODO is named by _check_placeholders already
            continue
        host = (urlsplit(url).hostname or "") if not url.lower().startswith("mailto:") else url.rpartition("@")[2]
        if EXAMPLE_HOST.match(host.lower()):
            warn(path, f"'{url}' is an example address; put the real one here")
    for path, value in ((("speaker", "name"), talk.speaker.name), (("speaker", "role"), talk.speaker.role),
                        (("event", "name"), talk.event.name), (("event", "date"), talk.event.date),
                        (("event", "location"), talk.event.location)):
        if PLACEHOLDER_TEXT.match(value):
            warn(path, f"{_shown(value)} still stands in for the real {path[0]} {path[1]}")
    if not talk.speaker.bio.strip():
        warn(("speaker", "bio"), "the speaker's bio is empty; the programme (cfp.md) prints it")
    warnings.extend(sorted(found, key=lambda problem: (problem.line, problem.column)))


def _check_lengths(source: load.Source, talk: Talk, problems: list[Problem]) -> None:
    """The summary and abstract against the event's own rules (event.summary_length, abstract_length)."""
    for name in ("summary", "abstract"):
        rule = getattr(talk.event, f"{name}_length")
        if rule is None:
            continue
        where = ("event", f"{name}_length")
        if rule.min is not None and rule.max is not None and rule.min > rule.max:
            problems.append(source.problem(where, f"min ({rule.min}) is more than max ({rule.max})"))
            continue
        text = getattr(talk, name)
        if PLACEHOLDER in text:  # still to write: the placeholder warning says so
            continue
        size = markup.word_count(text) if rule.unit == "words" else len(" ".join(text.split()))
        low, high = rule.min or 0, rule.max
        if size < low or (high is not None and size > high):
            needs = (f"{low} to {high}" if rule.min is not None and high is not None else
                     f"at most {high}" if high is not None else f"at least {low}")
            problems.append(source.problem((name,), f"the {name} is {size} {rule.unit}; the programme "
                                                    f"(event.{name}_length) needs {needs}"))


def _check_placeholders(source: load.Source, deck: Deck, warnings: list[Problem]) -> None:
    """Each TODO still in the talk (talk.yaml's values, the Markdown slides) is a warning at its line."""
    def walk(value, path):
        if isinstance(value, str) and PLACEHOLDER in value:
            warnings.append(_as_warning(source.problem(path, "still a placeholder: replace the TODO")))
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, path + (key,))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, path + (index,))

    walk(source.data, ())
    for slide in deck.slides:
        if slide.kind == "markdown" and any(PLACEHOLDER in text for text in (slide.title, slide.notes, slide.body_html)):
            warnings.append(Problem(slide.source[0], slide.source[1], 1, f"slide {slide.number}",
                                    "still a placeholder: replace the TODOs in this slide", warning=True))


# Fields that moved in the talk format: (where they were, where they are now). Still read where
# they were, with a warning saying where to move them.
MOVED = {("slot_minutes",): ("event", "slot_minutes"), ("questions_minutes",): ("event", "questions_minutes")}


def _check_moved(source: load.Source, problems: list[Problem], warnings: list[Problem]) -> None:
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
            warnings.append(_as_warning(source.problem(old, f"'{old[0]}' has moved to '{load.dotted(new)}': move "
                                                            f"this line under 'event:' (read here for now)", key=True)))
    if event is not None and "slot_minutes" not in event and "slot_minutes" not in data:
        problems.append(source.problem(("event",), "missing required field 'slot_minutes' (the slot's length in "
                                                   "minutes, questions included)", key=True))


def _check_labels(source: load.Source, talk: Talk, problems: list[Problem], warnings: list[Problem]) -> Labels:
    """The talk's language and its `labels:` overrides; the Labels the slides are titled with."""
    why = language_problem(talk.language)
    if why:
        warnings.append(_as_warning(source.problem(("language",), why)))
    refused = set()
    for path, message, at_key in override_problems(talk.labels):
        problems.append(source.problem(("labels",) + path, message, key=at_key))
        refused.add(path[0])
    return Labels(talk.language, {key: value for key, value in talk.labels.items() if key not in refused})


def _as_warning(problem: Problem) -> Problem:
    from dataclasses import replace

    return replace(problem, warning=True)


def _check_takeaways(source: load.Source, deck: Deck, problems: list[Problem]) -> None:
    """Each takeaway the abstract promises is delivered by at least one slide."""
    delivered = {slide.delivers.id for slide in deck.slides if slide.delivers}
    for index, takeaway in enumerate(deck.talk.takeaways):
        if takeaway.id not in delivered:
            problems.append(source.problem(("takeaways", index, "id"),
                                           f"takeaway '{takeaway.id}' is delivered by no slide (add 'delivers: {takeaway.id}' to one)"))


def load_deck(talk_path: Path) -> Deck:
    """load -> validate, for one talk file; paths in it resolve against its folder."""
    root = talk_path.resolve().parent
    source = load.load_yaml_file(talk_path, root)
    return validate(source, root)
