"""A deck written for reveal-md, Marp or Slidev, read into this engine's slides (deck/importer.py
writes them as a talk folder).

Each tool keeps a talk in one Markdown file: `---` between slides (reveal-md: `----` for a
vertical one), front matter at the top, and speaker notes and instructions of its own (reveal's
`Note:` and `<!-- .slide: -->` comments, Marp's directives and `![bg]` pictures, Slidev's
per-slide front matter, layouts and `<!-- notes -->`; its `src:` slides kept in other files, followed
here). The format is told from the file itself.
What has a form here is mapped (titles, notes, steps, two columns, background and half pictures,
code with its line steps); everything else is named in the report at its line, never dropped
in silence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

MARP_DIRECTIVES = {"theme", "paginate", "header", "footer", "class", "backgroundColor", "backgroundImage",
                   "backgroundPosition", "backgroundRepeat", "backgroundSize", "color", "size", "style",
                   "headingDivider", "math", "title", "description", "author", "image", "keywords", "url", "lang"}
SLIDEV_KEYS = {"highlighter", "drawings", "mdc", "transition", "layout", "info", "canvasWidth", "colorSchema", "fonts",
               "addons", "lineNumbers", "routerMode", "aspectRatio", "themeConfig", "download", "exportFilename",
               "selectable", "record", "monaco", "background", "clicks", "hideInToc", "level"}
# Slidev's layouts that have a form here (the rest keep the default layout, and are reported).
SLIDEV_LAYOUTS = {"default": "default", "two-cols": "two-columns", "two-cols-header": "two-columns",
                  "center": "centered", "cover": "centered", "intro": "centered", "section": "centered",
                  "statement": "centered", "fact": "centered", "quote": "centered", "end": "centered",
                  "image-left": "default", "image-right": "default", "image": "default"}
FENCE_OPEN = re.compile(r"^(`{3,}|~{3,})")
HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$")
COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)
ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*("([^"]*)"|'([^']*)'|(\S+))""")
MARP_BG = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)\)")
MAX_DECK_BYTES = 5_000_000
# Slidev's front matter that has a form here; a slide that imports others (src:) passes these on.
SLIDEV_MAPPED = {"layout", "image", "background", "title"}
# Slidev's hide: true on a `src:` slide hides every slide it imports: each is told where it was hidden.
HIDDEN_AT = "hidden at"
SLIDEV_QUIET = SLIDEV_MAPPED | {"theme", "marp", "author", "highlighter", "drawings", "mdc", "info", "lineNumbers",
                                "fonts", "hide", "disabled", HIDDEN_AT}


class Unreadable(Exception):
    """A deck file that cannot be read, or a `src:` that cannot be followed: where, and why."""

    def __init__(self, file, line: int, column: int, message: str):
        super().__init__(f"{file}:{line}:{column}: {message}" if line else f"{file}: {message}")
        self.located = bool(line)


def read_file(path: Path, where: tuple = ()) -> str:
    """A deck file's text, its line ends made '\\n'. where (file, line, column): the `src:` that names
    it, where an error is told; none, the file itself is named."""
    where = where or (path, 0, 0)
    named = f"'{path}' " if where[1] else ""
    try:
        if not path.is_file():
            raise Unreadable(*where, f"{named}no such file" if not named else f"{named}is not found")
        if path.stat().st_size > MAX_DECK_BYTES:
            raise Unreadable(*where, f"{named}over {MAX_DECK_BYTES:,} bytes; no deck is that long")
        return path.read_text(encoding="utf-8").replace("\r\n", "\n")
    except UnicodeDecodeError:
        raise Unreadable(*where, f"{named}not UTF-8 text") from None
    except OSError as error:
        raise Unreadable(*where, f"{named}{error.strerror or error}") from None


@dataclass
class Foreign:
    """One slide as read: where it starts in the deck file, its Markdown and what goes in its front matter."""

    line: int
    body: str
    notes: str = ""
    title: str = ""
    hide_title: bool = False
    layout: str = "default"
    steps: bool = False
    below: bool = False  # reveal-md's vertical slide: under the slide before it, in its stack
    hidden: tuple = ()  # Slidev's hide: true, where it is written (file, line): left out of the talk
    file: Path | None = None  # the file it is written in: the deck, or one a Slidev `src:` names
@dataclass
class Read:
    format: str  # 'reveal-md', 'marp' or 'slidev'
    title: str
    author: str
    slides: list[Foreign] = field(default_factory=list)
    report: list[tuple] = field(default_factory=list)  # (the file, its line, what was not kept)
    texts: dict = field(default_factory=dict)  # each file read, by its path: the deck and those src: names


def read(text: str, deck: Path | None = None) -> Read:
    """The deck file's slides, in order, with what could not be mapped; Slidev's `src:` slides
    followed from deck's folder (Unreadable: one that cannot be)."""
    front, body, first = _front_matter(text)
    headmatter = front if isinstance(front, dict) else {}
    form = ("marp" if headmatter.get("marp") is True else
            "slidev" if SLIDEV_KEYS & set(headmatter) or re.search(r"^::right::\s*$|<v-clicks?\b|^---\nsrc:", body, re.M)
            else "reveal-md")
    found = Read(form, str(headmatter.get("title") or ""), str(headmatter.get("author") or ""), texts={deck: text})
    report: list[tuple[int, str]] = []  # in the deck file, then given its name
    if front is not None and not isinstance(front, dict):
        report.append((1, "the front matter is not a mapping of fields; it was not read"))
    if form == "reveal-md" and ("separator" in headmatter or "verticalSeparator" in headmatter):
        report.append((1, "custom separators are not read: slides are split at '---' and '----' lines"))
    ignored = sorted(set(headmatter) - {"title", "author", "marp", "separator", "verticalSeparator"} - SLIDEV_KEYS)
    if ignored:
        report.append((1, f"the front matter's {', '.join(ignored)} {'is' if len(ignored) == 1 else 'are'} not "
                                "applied here: the engine's theme sets the look (static/theme/extra.css adds to it)"))
    chunks = [(*chunk, deck) for chunk in _split(body, first, vertical=form == "reveal-md")]
    if form == "slidev" and chunks:  # the headmatter is the first slide's front matter too
        chunks[0] = (*chunks[0][:3], headmatter, deck)
        if deck is not None:
            chunks = _followed(chunks, found, [deck.resolve()], deck.resolve().parent)
    found.report.extend((deck, line, message) for line, message in report)
    for line, chunk, is_vertical, own, file in chunks:
        if not chunk.strip() and not own:
            continue
        slide = Foreign(line, chunk, below=is_vertical and bool(found.slides), file=file)
        said: list[tuple[int, str]] = []
        {"reveal-md": _reveal, "marp": _marp, "slidev": _slidev}[form](slide, own, said)
        _title(slide, len(found.slides) + 1)
        found.slides.append(slide)
        found.report.extend((file, line, message) for line, message in said)
    found.report.extend((deck, line, message) for line, message in _stacks_told(found.slides))
    found.report.extend(_maths_told(found.slides, found.texts))
    found.title = found.title or (found.slides[0].title if found.slides else "") or "Imported talk"
    return found


def _stacks_told(slides: list[Foreign]) -> list[tuple[int, str]]:
    """Each vertical stack named at its first '----': it becomes a section of the talk's outline
    (the PDFs' bookmarks, the handout), but the deck cannot show it going down."""
    told = []
    for index, slide in enumerate(slides):
        if not slide.below and index + 1 < len(slides) and slides[index + 1].below:
            under = next((end for end in range(index + 1, len(slides)) if not slides[end].below), len(slides))
            told.append((slides[index + 1].line - 1,
                         f"a vertical stack ('----'): '{slide.title}' and the {under - index - 1} slide(s) under it "
                         "are a section of their own in the outline, shown one after another: this engine's decks "
                         "run in one line, nothing goes down"))
    return told


def _maths_told(slides: list[Foreign], texts: dict) -> list[tuple]:
    """Maths the deck's tool typeset in the browser, named once a line: here it is projected as written."""
    from . import maths

    told = {}
    for slide in slides:
        lines = texts[slide.file].split("\n")
        for _, written in maths.found(slide.title) + maths.found(maths.without_code(slide.body)):
            start = written.split()[0][:20]
            line = next((number for number in range(slide.line, len(lines) + 1) if start in lines[number - 1]),
                        slide.line)
            told.setdefault((slide.file, line), f"'{written}' {maths.MESSAGE}")
    return [(file, line, message) for (file, line), message in told.items()]


def _followed(chunks: list[tuple], found: Read, importing: list[Path], root: Path) -> list[tuple]:
    """Slidev's `src: ./pages/x.md` slides in place of the slide that names them: the file's slides,
    or those its `#2,5-7` picks, read relative to the file that names it; the naming slide's layout,
    picture and title go to the first. A file outside the deck's folder, one already being imported
    (a cycle) or one that is missing is an error at the `src:`."""
    followed: list[tuple] = []
    for line, chunk, is_vertical, own, file in chunks:
        if "src" not in own:
            followed.append((line, chunk, is_vertical, own, file))
            continue
        text = found.texts[file].split("\n")
        at = next((number for number in range(line, len(text) + 1) if re.match(r"^src\s*:", text[number - 1])), line)
        written = str(own["src"]).strip()
        where = (file, at, text[at - 1].find(written) + 1 if written in text[at - 1] else 1)
        address, _, picks = written.partition("#")
        path = file.parent / address if not address.startswith("/") else root / address.lstrip("/")
        resolved = path.resolve()
        if not resolved.is_relative_to(root):
            raise Unreadable(*where, f"'src: {written}' is outside the deck's folder ({root}): "
                                     "only slides beside the deck or under it are imported")
        if resolved in importing:
            raise Unreadable(*where, f"'src: {written}' imports a file that is importing it already "
                                     f"({' -> '.join(p.name for p in importing)} -> {resolved.name}): a cycle")
        sub = read_file(resolved, where)
        found.texts[path] = sub
        front, body, first = _front_matter(sub)
        inner = [(*chunk, path) for chunk in _split(body, first, vertical=False)]
        if inner:  # the file's headmatter is its first slide's front matter, as in the deck
            inner[0] = (*inner[0][:3], front if isinstance(front, dict) else {}, path)
        inner = [piece for piece in inner if piece[1].strip() or piece[3]]
        if picks:
            inner = [inner[number - 1] for number in _picked(picks, len(inner), where)]
        if inner:
            passed = {name: value for name, value in own.items() if name in SLIDEV_MAPPED}
            inner[0] = (*inner[0][:3], {**inner[0][3], **passed}, path)
        if _hides(own):
            inner = [(*piece[:3], {**piece[3], "hide": True, HIDDEN_AT: own.get(HIDDEN_AT, (file, line))}, path)
                     for piece in inner]
        for name in sorted(set(own) - {"src"} - SLIDEV_QUIET):
            found.report.append((file, line, f"Slidev's '{name}: {_written(own[name])}' is not applied here"))
        if chunk.strip():
            found.report.append((file, line, f"the text under 'src: {written}' is not shown: Slidev shows the "
                                             "slides it imports in its place, and so does this import"))
        followed += _followed(inner, found, importing + [resolved], root)
    return followed


def _picked(picks: str, count: int, where: tuple) -> list[int]:
    """Slidev's `#2,5-7` after a src: the slides of the file it keeps, in order."""
    numbers: list[int] = []
    for part in picks.split(","):
        bounds = re.match(r"^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$", part)
        first, last = (int(bounds[1]), int(bounds[2] or bounds[1])) if bounds else (0, 0)
        if not bounds or not 1 <= first <= last <= count:
            raise Unreadable(*where, f"'#{picks}' does not name slides of a file of {count}: write e.g. '#2,5-7'")
        numbers += range(first, last + 1)
    return numbers


def _front_matter(text: str):
    """(the front matter's data or None, the rest, the rest's first line number)."""
    import yaml

    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None, text, 1
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            try:
                data = yaml.safe_load("\n".join(lines[1:index])) or {}
            except yaml.YAMLError:
                data = "unreadable"
            return data, "\n".join(lines[index + 1:]), index + 2
    return None, text, 1


def _split(body: str, first: int, vertical: bool) -> list[tuple[int, str, bool, dict]]:
    """The body cut at separator lines outside code: (first line, text, vertical, its own front matter)."""
    import yaml

    chunks: list[tuple[int, str, bool, dict]] = []
    lines = body.split("\n")
    start, is_vertical, fence, own = 0, False, "", {}
    at = first  # where the slide starts in the file: its own front matter, or its first line
    index = 0
    while index <= len(lines):
        line = lines[index] if index < len(lines) else None
        if line is not None and fence:
            fence = "" if line.strip().startswith(fence) and not line.strip()[len(fence):].strip() else fence
        elif line is not None and FENCE_OPEN.match(line.strip()):
            fence = FENCE_OPEN.match(line.strip())[1]
        elif line is None or line.rstrip() in ("---", "----"):
            chunks.append((at, "\n".join(lines[start:index]), is_vertical, own))
            if line is None:
                break
            is_vertical = vertical and line.rstrip() == "----"
            own, start, at = {}, index + 1, first + index + 1
            # Slidev: a block of 'key: value' lines closed by '---' right after a separator is the slide's front matter.
            end = next((i for i in range(index + 1, min(len(lines), index + 40)) if lines[i].rstrip() == "---"), None)
            block = lines[index + 1:end] if end is not None else []
            if block and all(re.match(r"^([A-Za-z_][\w-]*:|\s+\S|\s*$|#)", item) for item in block) \
                    and any(re.match(r"^[A-Za-z_][\w-]*:", item) for item in block):
                try:
                    data = yaml.safe_load("\n".join(block))
                except yaml.YAMLError:
                    data = None
                if isinstance(data, dict):
                    own, start, index = data, end + 1, end
        index += 1
    return chunks


def _reveal(slide: Foreign, own: dict, report: list) -> None:
    """reveal-md: `Note:` starts the notes; `<!-- .slide: -->` and `<!-- .element: -->` comments."""
    parts = re.split(r"^notes?:[ \t]*", slide.body, maxsplit=1, flags=re.M | re.I)
    slide.body, slide.notes = parts[0], (parts[1].strip() if len(parts) > 1 else "")

    def comment(found: re.Match) -> str:
        inner = found[1].strip()
        where = slide.line + slide.body.count("\n", 0, found.start())
        if inner.startswith(".slide:"):
            attributes = {name: a or b or c for name, _, a, b, c in ATTRIBUTE.findall(inner)}
            picture = attributes.pop("data-background-image", "") or attributes.pop("data-background", "")
            if picture and not picture.startswith("#"):
                return f"![]({picture}){{: .background }}"
            if attributes or picture:
                report.append((where, f"'{_short(found[0])}' (slide settings) is not applied here: "
                                      "the engine's theme and transitions set the slide"))
            return ""
        if inner.startswith(".element:"):
            if "fragment" in inner:
                slide.steps = True
                report.append((where, "a fragment: the slide is revealed a block and a list item at a time (steps)"))
            else:
                report.append((where, f"'{_short(found[0])}' (element settings) is not applied here"))
            return ""
        report.append((where, f"the comment '{_short(found[0])}' is not projected"))
        return ""

    slide.body = COMMENT.sub(comment, slide.body)


def _marp(slide: Foreign, own: dict, report: list) -> None:
    """Marp: comments are notes unless they are directives; `![bg ...]` places a picture."""
    notes = []

    def comment(found: re.Match) -> str:
        inner = found[1].strip()
        where = slide.line + slide.body.count("\n", 0, found.start())
        directive = re.match(r"^_?([A-Za-z]+)\s*:\s*(.*)$", inner, re.S)
        if directive and directive[1] in MARP_DIRECTIVES and "\n" not in inner:
            if directive[1] == "class" and "lead" in directive[2].split():
                slide.layout = "centered"
            else:
                report.append((where, f"Marp's directive '{_short(found[0])}' is not applied here"))
            return ""
        if inner:
            notes.append(inner)
        return ""

    slide.body = COMMENT.sub(comment, slide.body)
    slide.notes = "\n\n".join(notes)

    def background(found: re.Match) -> str:
        words = found[1].split()
        if not words or words[0] != "bg":
            return found[0]
        keywords = [word for word in words[1:] if re.match(r"^(left|right|contain|cover|fit|auto|\d+%|"
                                                         r"(left|right):\d+%|[a-z-]+:\S+)$", word)]
        alt = " ".join(word for word in words[1:] if word not in keywords)
        side = next((word.split(":")[0] for word in keywords if word.split(":")[0] in ("left", "right")), "")
        place = side or ("fill" if {"contain", "fit"} & set(keywords) else "background")
        return f"![{alt}]({found[2]}){{: .{place} }}"

    slide.body = MARP_BG.sub(background, slide.body)


def _slidev(slide: Foreign, own: dict, report: list) -> None:
    """Slidev: the slide's front matter (layout, image, background), comments as notes, v-click as steps."""
    layout = str(own.get("layout", "default"))
    slide.layout = SLIDEV_LAYOUTS.get(layout, "default")
    if layout not in SLIDEV_LAYOUTS:
        report.append((slide.line, f"Slidev's layout '{layout}' has no form here: the slide keeps the default layout"))
    picture = own.get("image") if layout in ("image-left", "image-right", "image") else None
    if picture:
        place = "left" if layout == "image-left" else "right" if layout == "image-right" else "fill"
        slide.body = f"![]({picture}){{: .{place} }}\n\n" + slide.body
    if own.get("background"):
        slide.body = f"![]({own['background']}){{: .background }}\n\n" + slide.body
    for name in sorted(set(own) - SLIDEV_QUIET):
        report.append((slide.line, f"Slidev's '{name}: {_written(own[name])}' is not applied here"))
    slide.title = str(own.get("title") or "")
    if _hides(own):
        slide.hidden = own.get(HIDDEN_AT, (slide.file, slide.line))
    notes = []

    def comment(found: re.Match) -> str:
        notes.append(found[1].strip())
        return ""

    slide.body = COMMENT.sub(comment, slide.body)
    slide.notes = "\n\n".join(note for note in notes if note)
    if re.search(r"</?v-clicks?\b[^>]*>", slide.body):
        slide.body = re.sub(r"</?v-clicks?\b[^>]*>\n?", "", slide.body)
        slide.steps = True
        report.append((slide.line, "v-click: the slide is revealed a block and a list item at a time (steps)"))
    slide.body = re.sub(r"^::left::[ \t]*\n", "", slide.body, flags=re.M)


def _title(slide: Foreign, number: int) -> None:
    """The slide's first heading is its title (the template projects it); none: the title its front
    matter gave, or one made of its first words, that names the slide unseen."""
    lines, fence = slide.body.split("\n"), ""
    for index, line in enumerate(lines):
        opening = FENCE_OPEN.match(line.strip())
        if fence or opening:
            fence = "" if fence and line.strip() == fence else (fence or opening[1])
            continue
        heading = HEADING.match(line)
        if heading:
            slide.title = heading[2].strip()
            del lines[index]
            slide.body = "\n".join(lines).strip("\n") + "\n"
            return
    slide.body = slide.body.strip("\n") + "\n"
    slide.hide_title = True
    if not slide.title:
        words = re.sub(r"[!\[\]()*_`#>{}:.|-]+", " ", re.sub(r"\(([^)]*)\)|\{[^}]*\}", " ", slide.body)).split()
        slide.title = " ".join(words[:6]) if words else f"Slide {number}"


def _hides(own: dict) -> bool:
    """Slidev's hide: true (or its older name, disabled: true): the slide is not shown."""
    return own.get("hide") is True or own.get("disabled") is True


def _written(value) -> str:
    """A front-matter value as YAML writes it, on one line ('true', '{square: 10,20,30}'), not as Python."""
    import yaml

    if isinstance(value, str):
        return _short(value)
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10**6, sort_keys=False)
    return _short(text.removesuffix("\n...\n").strip())


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "..."
