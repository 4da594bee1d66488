"""The outline resolved into slides: each entry's subject, Markdown file, title and anchor, and the Deck.

Owns Slide and Deck (what render, the exports and serve receive), the default titles of slide
kinds, the staging fields (diagram, show, locator) checked against the kinds they belong to, a
Markdown slide's front matter and pictures (judged by deck/images.py), and the check that every
takeaway is delivered.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

from . import load, markup, notes, script, trust
from .images import Image, SlideImages
from .language import Labels
from .checked import model_or_problems
from .kinds import DEFAULT_PARTS, PARTS, REF_KINDS
from .problems import Problem, TalkError
from .source import MAX_MARKDOWN_NESTING, markdown_nesting
from .references import unknown

if TYPE_CHECKING:  # the talk's entries: pydantic's models, or deck/checked.py's records of the same fields
    from .model import AntiPattern, Context, Pattern, Root, Section, Takeaway, Talk, Tool


# Which entry a diagram slide's 'ref' names: the context a stance is drawn for, or what is highlighted.
DIAGRAM_REFS = {"stance": ("context", True), "context-map": ("context", False),
                "remedy-map": ("anti-pattern", False), "fit-grid": (None, False),
                "partnership-grid": ("context", False), "excellence": (None, False)}


@dataclass
class Slide:
    """One slide as the templates see it: what it shows, how long it takes, what the speaker says."""

    kind: str
    anchor: str  # the slide's id: in-deck links and the URL hash use it
    title: str
    minutes: float
    notes: str  # what the speaker says, as written (Markdown)
    section: Section
    number: int = 0
    subject: AntiPattern | Root | Context | Pattern | Tool | None = None
    grows: tuple = ()  # a root slide: the anti-patterns that grow from its root, in the talk's order
    body_html: str = ""
    delivers: Takeaway | None = None
    layout: str = "default"
    source: tuple[str, int] = ("", 0)  # file and line the slide is defined at
    diagram: str = ""  # a diagram slide: which picture (deck/diagrams.py)
    show: tuple[str, ...] = ()  # the parts of the subject the room sees, in order
    steps: bool = False  # parts (or a Markdown slide's blocks) revealed one at a time
    locator: bool = False  # a small context map, 'you are here'
    asks: str = ""  # a section slide: the question put to the room, on screen under the title
    datum: str = ""  # an anti-pattern slide: a published figure under its cost, its work credited
    body: str = ""  # a Markdown slide's text, and the line of its file it starts on (for locating)
    body_line: int = 0
    images: dict[str, Image] = field(default_factory=dict)  # a Markdown slide's pictures by their address
    key: str = ""  # staging (deck/script.py): the phrase to land, the works credited, minutes a cut saves
    credits: tuple = ()
    credit_note: str = ""  # the source line in its own words, naming the works and what is the talk's own
    cut: float = 0.0
    room: float = 0.0  # minutes the room works on its own (an exercise)
    on_request: bool = False  # shown only when asked for: not timed
    hide_title: bool = False  # a Markdown slide's title names it but is not projected
    notes_html: str = ""  # the notes as HTML (deck/notes.py): the speaker view, handout and reading view show it

    @property
    def seconds(self) -> int:
        return round(self.minutes * 60)

    @property
    def quoted(self) -> bool:
        """An anti-pattern as it is said at work (its symptom, and at most its cost): one layout
        for all of them, told in depth or in brief. Its name is the title, under a kicker naming the
        root it grows from and its side, the quote fills the frame, and its claim (the slide's
        title) waits in the notes and for readers."""
        return self.kind == "anti-pattern" and list(self.show) in (["symptom"], ["symptom", "cost"])

    @property
    def note_words(self) -> int:
        """The words the speaker says: the beats a script may open with are its outline, not said."""
        return markup.word_count(script.spoken(self.notes))


@dataclass
class Deck:
    """The validated talk: its model and its slides in order, plus any warnings to print."""

    talk: Talk
    root: Path
    slides: list[Slide]
    warnings: list[Problem] = field(default_factory=list)
    labels: Labels | None = None  # the words the engine adds, in the talk's language
    own_templates: bool = True  # False: --engine-templates, the talk's templates/ is not used
    rule_places: dict[str, Problem] = field(default_factory=dict)  # each organiser's rule, where written
    edition: object = None  # an edition's Deck: its Edition (deck/editions.py); None: the full talk
    editions: dict = field(default_factory=dict)  # the full talk's Deck: each edition's Deck by its name

    def __post_init__(self):
        if self.labels is None:
            self.labels = Labels(self.talk.language, self.talk.labels)

    @property
    def templates(self) -> Path | None:
        """The folder of the talk's own templates the render uses before the engine's, if any."""
        return trust.talk_templates(self.root) if self.own_templates else None

    def subject(self, ref: str):
        return self.index.get(ref)

    def measured(self, items: list[dict]):
        """Each measure the browser took of a slide (a dict with the slide's 'id'), with its Slide;
        a measure of a section that is no slide of this deck is passed over."""
        by_anchor = {slide.anchor: slide for slide in self.slides}
        return [(by_anchor[item["id"]], item) for item in items if item["id"] in by_anchor]

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
            for anti in slide.grows:  # shown side by side on its root's slide: a link to one lands there
                anchors.setdefault(anti.id, slide.anchor)
        return anchors

    @cached_property
    def shows_code(self) -> bool:
        """A slide shows highlighted code (deck/code.py): the page loads the code's stylesheet and face."""
        return any('<div class="code-block' in slide.body_html for slide in self.slides)

    @cached_property
    def shows_emoji(self) -> bool:
        """A slide or its notes shows emoji: the page loads the emoji face's stylesheet and face
        (deck/fonts.py); a talk without them is built byte for byte as before. Read from every word
        the talk holds (its model, its outline) and every Markdown slide's: a talk whose abstract
        alone has one ships the face it did not need, never the other way round."""
        from .fonts import emoji_shown

        words = [repr(self.talk), *(f"{slide.title}{slide.body_html}{slide.notes}" for slide in self.slides)]
        return bool(emoji_shown("".join(words)))

    @property
    def extra_stylesheet(self) -> bool:
        """The talk's own additions to the theme (static/theme/extra.css), loaded after the engine's."""
        return (self.root / "static" / "theme" / "extra.css").is_file()

    @property
    def planned_minutes(self) -> float:
        return sum(slide.minutes for slide in self.slides if not slide.on_request)

    @cached_property
    def part_numbers(self) -> dict[str, int]:
        """Each part's number as the room meets it, by section id: only a part that opens on a
        divider is counted, so a talk that starts cold calls its first divider Part 1 (a "Part 2"
        with no Part 1 seen reads as a slide gone missing). The dividers, the programme and the
        handout's outline number the parts alike; a part with no divider has no number."""
        first = {}
        for slide in self.slides:
            first.setdefault(slide.section.id, slide)
        opened = [section for section, slide in first.items() if slide.kind == "section" and not slide.on_request]
        return {section: number for number, section in enumerate(opened, 1)}

    @property
    def timed_parts(self) -> list[tuple]:
        """Each part the audience sees, with its timed slides (its divider among them): the outline
        the programme and the handout's cover print; a part shown only on request is left out."""
        parts = [(section, [slide for slide in self.slides if slide.section is section and not slide.on_request])
                 for section in self.talk.outline]
        return [(section, timed) for section, timed in parts if timed]

    @cached_property
    def images(self) -> dict[str, Image]:
        """Every picture of the Markdown slides by its address in the deck (deck/images.py)."""
        return {address: image for slide in self.slides for address, image in slide.images.items()}

    @property
    def picture_files(self) -> dict[str, Path]:
        """The pictures' files by their path in dist/: the presenter deck and the single file ship
        these, the files validation resolved."""
        return {unquote(address): image.path for address, image in self.images.items() if image.path is not None}

    def anchor_of(self, ref: str) -> str | None:
        """The anchor of the slide that presents a model entry, if the outline shows it."""
        return self._anchors.get(ref)


# A slide's title when the outline gives none: the label of its kind (or diagram) in the talk's language.
DEFAULT_TITLES = {"matrix": "title_matrix", "recap": "title_recap", "closing": "title_closing",
                  "context-map": "title_context_map", "stance": "title_stance", "fit-grid": "title_fit_grid",
                  "remedy-map": "title_remedy_map", "partnership-grid": "title_partnership_grid",
                  "excellence": "title_excellence"}


def default_title(labels: Labels, talk: Talk, name: str) -> str:
    """The default title for a slide kind or diagram; the recap's counts the takeaways it lists."""
    return labels(DEFAULT_TITLES[name], count=len(talk.takeaways) if name == "recap" else None)


def root_title(labels: Labels, talk: Talk, root) -> str:
    """A root slide's default title: the root as the question, numbered in the talk's order."""
    return labels("root_title", number=[r.id for r in talk.roots].index(root.id) + 1, root=root.name)


def _staging_ok(source, entry, where, talk, problems) -> bool:
    """diagram, show and locator belong to the kinds they make sense on; a misplaced one is located."""
    ok = True
    if entry.diagram is not None and entry.kind != "diagram":
        problems.append(source.problem(where + ("diagram",), f"a {entry.kind} slide draws no diagram; "
                                                             "use 'kind: diagram' for a diagram slide", key=True))
        ok = False
    if entry.kind == "diagram" and entry.diagram is None:
        problems.append(source.problem(where, "missing required field 'diagram' (context-map, stance, fit-grid, "
                                              "remedy-map, partnership-grid or excellence)"))
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
    if entry.asks is not None and entry.kind != "section":
        problems.append(source.problem(where + ("asks",), f"a {entry.kind} slide puts no question under a "
                                                          "divider's title; remove 'asks'", key=True))
        ok = False
    verdict = entry.kind == "diagram" and entry.diagram == "partnership-grid" and entry.ref is not None
    if entry.datum is not None and (entry.kind not in ("anti-pattern", "root", "pattern") and not verdict
                                    or not entry.credits):
        problems.append(source.problem(where + ("datum",), "a published figure goes under an anti-pattern's cost, "
                                                           "a pattern's picture or the myth's verdict (the floor), "
                                                           "with its work in the slide's credits", key=True))
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
        problems.append(source.problem(where + ("ref",), unknown(kind, entry.ref, list(known))))
        return None, False
    return known[entry.ref], True


def outline_slides(source: load.Source, talk: Talk, root: Path, problems: list[Problem],
                    labels: Labels | None = None) -> list[Slide]:
    """Resolve every outline entry into a Slide: its subject, its Markdown file, its anchor."""
    collections = {kind: {entry.id: entry for entry in getattr(talk, name)} for kind, name in REF_KINDS.items()}
    takeaways = {t.id: t for t in talk.takeaways}
    labels = labels or Labels(talk.language)
    slides: list[Slide] = []

    def add(slide: Slide) -> None:
        slide.number = len(slides) + 1
        slide.notes_html = notes.to_html(slide.notes, slide.source, problems, talk.notes_style == "script")
        slides.append(slide)

    for s_index, section in enumerate(talk.outline):
        for e_index, entry in enumerate(section.slides):
            where = ("outline", s_index, "slides", e_index)
            line = source.where(where)[0]
            slide, grows = None, ()
            if entry.file is not None:
                for slide in _markdown_slides(source, entry, where, section, root, takeaways, problems, talk):
                    add(slide)
                continue
            elif entry.kind is None:
                problems.append(source.problem(where, "a slide needs a 'kind' (title, section, anti-pattern, root, context, "
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
                        problems.append(source.problem(where + ("ref",), unknown(entry.kind, entry.ref, list(known))))
                        continue
                    subject = known[entry.ref]
                    grows = tuple(anti for anti in talk.anti_patterns if anti.root == subject.id)
                    if entry.kind == "root" and not grows:
                        problems.append(source.problem(where + ("ref",), f"no anti-pattern grows from root "
                                                                         f"'{subject.id}' (give one 'root: {subject.id}')"))
                        continue
                elif entry.ref is not None and entry.kind != "diagram":
                    problems.append(source.problem(where + ("ref",), f"a {entry.kind} slide shows no model entry; remove 'ref'"))
                if missing:
                    continue
                if entry.kind == "diagram":
                    title = entry.title or default_title(labels, talk, entry.diagram)
                    anchor = entry.diagram if entry.diagram != "stance" else f"stance-{subject.id}"
                else:
                    title = entry.title or (subject.name if subject and entry.kind != "root" else
                                            talk.title if entry.kind == "title" else
                                            section.title if entry.kind == "section" else
                                            root_title(labels, talk, subject) if entry.kind == "root" else
                                            default_title(labels, talk, entry.kind) if entry.kind in DEFAULT_TITLES
                                            else section.title)
                    anchor = subject.id if subject else (section.id if entry.kind == "section" else entry.kind)
                slide = Slide(entry.kind, anchor, title, entry.minutes, entry.notes.strip(), section,
                              subject=subject, source=(source.file, line), diagram=entry.diagram or "",
                              show=tuple(entry.show) if entry.show is not None else DEFAULT_PARTS.get(entry.kind, ()),
                              steps=entry.steps if entry.steps is not None else entry.kind in talk.steps,
                              locator=entry.locator if entry.locator is not None else
                              entry.kind == "context" and any(c.domain for c in talk.contexts),
                              asks=entry.asks or "", datum=entry.datum or "",
                              grows=grows if entry.kind == "root" else ())
                script.stage(slide, entry, talk, source, where, problems)
                if entry.delivers:
                    slide.delivers = takeaways.get(entry.delivers)
                    if slide.delivers is None:
                        problems.append(source.problem(where + ("delivers",), unknown("takeaway", entry.delivers, list(takeaways))))
            if slide is not None:
                add(slide)
    trust.assign_anchors(slides, problems, root)
    return slides


def _markdown_slides(source, entry, where, section, root, takeaways, problems, talk) -> list[Slide]:
    """Free-form slides: the outline names the file; title, minutes and notes live in each slide's
    front matter. A file of several slides gives each the file's name, numbered from the second on."""
    for name in ("kind", "ref", "title", "minutes", "notes", "delivers"):
        value = getattr(entry, name)
        if value is not None and not (name == "kind" and value == "markdown"):
            problems.append(source.problem(where + (name,), f"'{name}' of a Markdown slide belongs in the front matter of {entry.file}", key=True))
    malformed = load.path_problem(entry.file)
    if malformed:
        problems.append(source.problem(where + ("file",), f"slide file path {malformed}"))
        return []
    path = load.resolve_inside(root, entry.file)
    if path is None:
        through_link = load.resolve_inside(root, entry.file.split("/")[0]) is not None and ".." not in entry.file.split("/")
        how = "leads outside the talk's folder through a symbolic link" if through_link else "is outside the talk's folder"
        problems.append(source.problem(where + ("file",), f"'{entry.file}' {how}; name a file under slides/"))
        return []
    try:
        pages = load.load_markdown_slides(path, root)
    except TalkError as error:
        if error.problems and error.problems[0].message == "file not found":
            problems.append(source.problem(where + ("file",), f"slide file '{entry.file}' not found"))
        else:
            problems.extend(error.problems)
        return []
    made = (_page_slide(page, path, path.stem if index == 0 else f"{path.stem}-{index + 1}", section, root,
                        takeaways, problems, talk) for index, page in enumerate(pages))
    return [slide for slide in made if slide is not None]


def _page_slide(page, path, anchor, section, root, takeaways, problems, talk) -> Slide | None:
    """One slide of a Markdown file: its front matter checked, its body converted, its pictures judged."""
    front, mistakes = model_or_problems(page.front, "FrontMatter")
    if front is None:
        problems.extend(mistakes)
        return None
    # Each picture's path is resolved and its file judged here, once, as the Markdown is converted.
    pictures = SlideImages(root, path, page.front.file, page.body, page.body_line)
    depth, line = markdown_nesting(page.body)
    if depth > MAX_MARKDOWN_NESTING:  # judged by us before converting: a library's own limits vary by release
        problems.append(Problem(page.front.file, page.body_line + line, 1, "",
                                f"the slide's Markdown nests {depth:,} levels deep; the limit is {MAX_MARKDOWN_NESTING} "
                                "(deeply nested lists or quotes, hundreds of '[')"))
        return None
    try:  # a hostile slide must not hang the build: its conversion gets a time limit too
        with load.time_limit(load.MARKDOWN_SECONDS):
            body_html = markup.to_html(page.body, steps=front.steps, pictures=pictures)
    except (RecursionError, load.TooSlow) as error:
        why = "nests too deeply" if isinstance(error, RecursionError) else f"took over {load.MARKDOWN_SECONDS:g} s"
        problems.append(Problem(page.front.file, page.body_line, 1, "", f"the slide's Markdown {why} to convert; "
                                                                        "simplify it (deeply nested lists, hundreds of '[')"))
        return None
    problems.extend(pictures.problems)
    control = notes.reference_problem(page.body, body_html, page.front.file, page.body_line)
    if control is not None:  # '&#27;' is a control character too, in the deck and the PowerPoint file
        problems.append(control)
        return None
    takeaway = None
    if front.delivers:
        takeaway = takeaways.get(front.delivers)
        if takeaway is None:
            problems.append(page.front.problem(("delivers",), unknown("takeaway", front.delivers, list(takeaways))))
    # Its title set as every other slide's is (the templates' typo filter): curly quotes, apostrophes.
    slide = Slide("markdown", anchor, markup.typographic(front.title), front.minutes, front.notes.strip(), section,
                  body_html=body_html, delivers=takeaway, layout=front.layout, source=(page.front.file, page.front_line),
                  steps=front.steps, hide_title=front.hide_title, body=page.body, body_line=page.body_line, images=pictures.found)
    script.stage(slide, front, talk, page.front, (), problems)
    return slide


def check_takeaways(source: load.Source, deck: Deck, problems: list[Problem]) -> None:
    """Each takeaway the abstract promises is delivered by at least one slide."""
    delivered = {slide.delivers.id for slide in deck.slides if slide.delivers}
    for index, takeaway in enumerate(deck.talk.takeaways):
        if takeaway.id not in delivered:
            problems.append(source.problem(("takeaways", index, "id"),
                                           f"takeaway '{takeaway.id}' is delivered by no slide (add 'delivers: {takeaway.id}' to one)"))
