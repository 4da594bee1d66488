"""`build.py import DECK.md --out FOLDER`: a reveal-md, Marp or Slidev deck as a talk folder that builds.

deck/import_read.py reads the deck; this writes it the engine's way: talk.yaml (the deck's title,
the slides in order, a section for each vertical stack, cue-style notes, TODOs where the deck
says nothing of the speaker or the event), a Markdown file per slide with its front matter, and the
pictures it names copied into static/. A slide Slidev hides (`hide: true`) is written to slides/ but
left out of the outline, as Slidev leaves it out of the deck. What could not be kept is reported,
located in the deck file (or the file a Slidev `src:` names). A folder with anything in it is
refused, as `new` refuses one: nothing of the speaker's is overwritten.
"""
from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path

from .files import ENGINE_SCHEMA

PICTURE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg"}
# A picture with the place the reader gave it ({: .background } and the like), which goes with it.
PICTURE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)(\{:[^}\n]*\})?")
HTML_PICTURE = re.compile(r"<img\b([^>]*)/?>", re.IGNORECASE)
# Anchors the deck page or the engine's own slides use: a slide file is never named one of them.
TAKEN = {"title", "section", "recap", "closing", "matrix", "deck-config", "deck-labels", "view-switch"}


class DeckImportError(Exception):
    """The deck cannot be imported (not found, not text, the folder not empty, a `src:` that cannot
    be followed: located, the message starts with its file, line and column)."""

    def __init__(self, message: str, located: bool = False):
        super().__init__(message)
        self.located = located


def import_deck(deck: Path, folder: Path) -> tuple[list[Path], list[str], str]:
    """Write the talk folder; (the files written, the report's lines, the format read)."""
    from .import_read import Unreadable, read, read_file

    try:
        text = read_file(deck)
        if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
            raise DeckImportError(f"{folder} is not an empty folder; name a new or empty one (nothing was written)")
        found = read(text, deck)  # before anything is written: a src: it cannot follow leaves no folder behind
    except Unreadable as error:
        raise DeckImportError(str(error), located=error.located) from None
    shown = [slide for slide in found.slides if not slide.hidden]
    if found.slides and not shown:
        file, line = found.slides[0].hidden
        raise DeckImportError(f"{file}:{_hide_line(found.texts[file], line)}:1: every slide of the deck is hidden "
                              "(Slidev's 'hide: true'): a talk needs one to show; remove 'hide: true' from those "
                              "to show (nothing was written)", located=True)
    report = list(found.report)
    written: list[Path] = []
    try:
        (folder / "slides").mkdir(parents=True, exist_ok=True)
        (folder / "static").mkdir(exist_ok=True)
        copied: dict[Path, str] = {}
        names: list[str] = []
        for number, slide in enumerate(found.slides, 1):
            slide.body = _pictures(slide.body, _finder(found.texts[slide.file], slide.line), slide.file,
                                   folder / "static", copied, report)
            name = _unique(_slug(slide.title) or f"slide-{number}", names)
            names.append(name)
            path = folder / "slides" / f"{name}.md"
            path.write_text(_slide_file(slide, delivers=slide is shown[0]), encoding="utf-8")
            written.append(path)
            if slide.hidden:  # kept, for the speaker to bring back; the deck shows what Slidev shows
                file, line = slide.hidden
                report.append((file, _hide_line(found.texts[file], line),
                               f"Slidev's 'hide: true': the slide '{slide.title}' is left out of the talk, as Slidev "
                               f"leaves it out; its text is in slides/{name}.md: name it in talk.yaml's outline to "
                               "show it"))
        talk = folder / "talk.yaml"
        talk.write_text(_talk_yaml(found, names), encoding="utf-8")
        shutil.copyfile(ENGINE_SCHEMA, folder / "talk.schema.json")
        written = [talk, folder / "talk.schema.json", *written, *sorted(folder.joinpath("static").iterdir())]
    except OSError as error:
        raise DeckImportError(f"{folder}: {error.strerror or error}") from None
    # The deck's own lines first, then each file its src: names, each in its lines' order.
    order = {file: index for index, file in enumerate(found.texts)}
    lines = [f"{file}:{line}:1: warning: {message}"
             for file, line, message in sorted(report, key=lambda item: (order[item[0]], item[1]))]
    return written, lines, found.format


def _hide_line(text: str, first: int) -> int:
    """The line of the `hide: true` in the slide's front matter: below first (a slide's own, up to
    its closing '---'), or above it (the deck's headmatter, which the first slide's body follows)."""
    lines = text.split("\n")

    def found(numbers) -> int | None:
        fences = 0
        for number in numbers:
            if re.match(r"^(hide|disabled)\s*:", lines[number - 1]):
                return number
            fences += lines[number - 1].strip() == "---"
            if fences == 2 or (fences and numbers.step > 0):
                return None
        return None

    return found(range(first, len(lines) + 1)) or found(range(first - 1, 0, -1)) or first


def _finder(text: str, first: int):
    """The line of the deck file, from the slide's first on, where a picture's address is written."""
    lines = text.split("\n")

    def line_of(address: str) -> int:
        return next((number for number in range(first, len(lines) + 1) if address in lines[number - 1]), first)

    return line_of


def _pictures(body: str, line_of, file: Path, static: Path, copied: dict, report: list) -> str:
    """Each picture the slide names (relative to the file it is written in) copied into static/
    (once), its address rewritten there."""
    body = HTML_PICTURE.sub(_html_picture, body)

    def picture(found: re.Match) -> str:
        alt, address, place = found[1], found[2], found[3] or ""
        where = line_of(address)
        if re.match(r"^[a-z][a-z0-9+.-]*:", address, re.IGNORECASE):
            report.append((file, where, f"the picture '{address}' is on the network; the deck loads nothing from there: "
                                  "download it into static/ and name it here"))
            return alt  # without its place: a lone '{: .background }' would be projected as text
        path = (file.parent / address.split("#")[0].split("?")[0]).resolve()
        if not path.is_file() or path.suffix.lower() not in PICTURE_SUFFIXES:
            why = "is not found" if not path.is_file() else "is not a picture every output can show"
            report.append((file, where, f"the picture '{address}' {why}; its alt text stands in its place"))
            return alt
        if path not in copied:
            name = _unique(re.sub(r"[^\w.-]+", "-", path.stem).strip("-") or "picture",
                           [p.stem for p in static.iterdir()]) + path.suffix.lower()
            shutil.copyfile(path, static / name)
            copied[path] = name
        if not alt.strip():
            alt = path.stem.replace("-", " ").replace("_", " ")
            report.append((file, where, f"the picture '{address}' has no alt text; it is named after its file "
                                  f"('{alt}'): write what it shows"))
        return f"![{alt}](../static/{copied[path]}){place}"

    return PICTURE.sub(picture, body)


def _html_picture(found: re.Match) -> str:
    """<img src alt> as Markdown's picture (raw HTML is shown as text here)."""
    attributes = dict(re.findall(r"""([\w-]+)\s*=\s*["']([^"']*)["']""", found[1]))
    return f"![{attributes.get('alt', '')}]({attributes['src']})" if attributes.get("src") else found[0]


def _dump(data) -> str:
    """YAML as a speaker writes it: a text of several lines (notes) as a block."""
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    def text(dumper, value: str):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)

    Dumper.add_representer(str, text)
    return yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=100)


def _slide_file(slide, delivers: bool) -> str:
    front = {"title": slide.title, "minutes": 1, "notes": slide.notes or "TODO: a cue for this slide"}
    if slide.hide_title:
        front["hide_title"] = True
    if slide.layout != "default":
        front["layout"] = slide.layout
    if slide.steps:
        front["steps"] = True
    if delivers:
        front["delivers"] = "first-takeaway"
    return f"---\n{_dump(front)}---\n{slide.body}"


def _talk_yaml(found, names: list[str]) -> str:
    talk = {
        "title": found.title,
        "speaker": {"name": found.author or "TODO: your name", "bio": ""},
        "event": {"name": "TODO: the event", "slot_minutes": max(1, len(names)), "questions_minutes": 0},
        "notes_style": "cues",
        "abstract": "TODO: the abstract, as submitted.",
        "summary": "TODO: the short summary the programme prints.",
        "takeaways": [{"id": "first-takeaway", "short": "TODO: a few words",
                       "text": "TODO: what the audience will be able to do"}],
        "links": {"slides": "https://example.org/TODO-slides", "feedback": "https://example.org/TODO-feedback"},
        "outline": _sections(found, names),
    }
    text = _dump(talk)
    return (f"# yaml-language-server: $schema=talk.schema.json\n# Imported from a {found.format} deck: every slide "
            f"is in slides/, a minute each; replace the TODOs.\n\n{text}")


def _sections(found, names: list[str]) -> list[dict]:
    """The outline: a vertical stack (a slide and those under it) is a section of its own, titled
    after its first slide; the slides between stacks share one (the first is the deck's). A hidden
    slide (Slidev's hide: true) is in none."""
    sections: list[dict] = []
    kept = [(slide, name) for slide, name in zip(found.slides, names) if not slide.hidden]
    slides = [slide for slide, _ in kept]
    for index, (slide, name) in enumerate(kept):
        heads = not slide.below and index + 1 < len(slides) and slides[index + 1].below
        after_stack = index > 0 and not slide.below and slides[index - 1].below
        if not sections or heads or after_stack:
            number = len(sections) + 1
            sections.append({"id": "talk" if not sections else f"{'stack' if heads else 'part'}-{number}",
                             "title": slide.title if heads or sections else found.title, "slides": []})
        sections[-1]["slides"].append({"file": f"slides/{name}.md"})
    return sections


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())[:6]
    slug = "-".join(words)
    return f"slide-{slug}" if slug and (slug[0].isdigit() or slug in TAKEN) else slug


def _unique(name: str, taken: list[str]) -> str:
    candidate, number = name, 2
    while candidate in taken:
        candidate, number = f"{name}-{number}", number + 1
    return candidate
