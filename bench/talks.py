"""The benchmark's workloads: our talk grown to N slides, and the same slides as Markdown for the peers.

A talk of N slides is our talk.yaml with its content sections repeated (their anti-patterns,
contexts, patterns and tools cloned under new ids, so every in-deck link and anchor stays unique)
and inserted before the closing section, then trimmed to exactly N. The title, matrix, recap and
closing slides appear once, as in a real long talk. The peers get the same slides from the
validated deck: each slide's title, its bullets and its speaker notes.
"""
from __future__ import annotations

import copy
import math
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from deck import load as load_stage  # noqa: E402
from deck import pipeline  # noqa: E402

REPEATED_KINDS = {"section", "anti-pattern", "context", "pattern", "tool", None}  # None: a Markdown file
MODEL_LISTS = ("anti_patterns", "contexts", "patterns", "tools")


def _suffixed(value: str, copy_number: int) -> str:
    return f"{value}-v{copy_number}"


def _clone_model(data: dict, copy_number: int) -> dict[str, list]:
    """The talk's model entries again, under ids ending in -vN, their cross-references renamed alike."""
    clones: dict[str, list] = {}
    for name in MODEL_LISTS:
        clones[name] = []
        for entry in data.get(name) or []:
            entry = copy.deepcopy(entry)
            entry["id"] = _suffixed(entry["id"], copy_number)
            entry["name"] = f"{entry['name']} ({copy_number})"
            for field in ("remedies", "contexts", "supports"):
                if field in entry:
                    entry[field] = [_suffixed(ref, copy_number) for ref in entry[field]]
            clones[name].append(entry)
    return clones


def _clone_slide_file(folder: Path, file: str, copy_number: int) -> str:
    """A Markdown slide written again as <name>-vN.md: its file name is its slide id, which must be new.

    Its front matter loses `delivers` (the original delivers each takeaway); the body is kept as written.
    """
    source = folder / file
    page = load_stage.load_markdown_slide(source, folder)
    front = {key: value for key, value in page.front.data.items() if key != "delivers"}
    clone = source.with_name(f"{_suffixed(source.stem, copy_number)}{source.suffix}")
    clone.write_text("---\n" + yaml.dump(front, Dumper=_TalkDumper, sort_keys=False, allow_unicode=True, width=100)
                     + "---\n" + page.body, encoding="utf-8")
    return clone.relative_to(folder).as_posix()


def _clone_sections(data: dict, copy_number: int, folder: Path) -> list[dict]:
    sections = []
    for section in data["outline"][:-1]:
        slides = []
        for slide in section["slides"]:
            if slide.get("kind") not in REPEATED_KINDS:
                continue
            slide = copy.deepcopy(slide)
            slide.pop("delivers", None)  # the original copy delivers each takeaway
            if "ref" in slide:
                slide["ref"] = _suffixed(slide["ref"], copy_number)
            if "file" in slide:
                slide["file"] = _clone_slide_file(folder, slide["file"], copy_number)
            slides.append(slide)
        if slides:
            sections.append({"id": _suffixed(section["id"], copy_number),
                             "title": f"{section['title']} ({copy_number})", "slides": slides})
    return sections


def _count(outline: list[dict]) -> int:
    return sum(len(section["slides"]) for section in outline)


SLOT_LIMIT = 480  # deck/model.py's largest slot


def _minutes(data: dict, root: Path) -> float:
    total = 0.0
    for section in data["outline"]:
        for slide in section["slides"]:
            if "file" in slide:
                total += float(load_stage.load_markdown_slide(root / slide["file"], root).front.data["minutes"])
            else:
                total += float(slide["minutes"])
    return total


def generate(talk: Path, slides: int, folder: Path) -> Path:
    """Write a talk of exactly `slides` slides (or our talk as it is, if it already has as many)."""
    source_root = talk.resolve().parent
    data = yaml.safe_load(talk.read_text(encoding="utf-8"))
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for name in ("slides", "static", "templates"):
        if (source_root / name).is_dir():
            shutil.copytree(source_root / name, folder / name)
    have = _count(data["outline"])
    original = copy.deepcopy(data)
    if have < slides:
        extra_sections: list[dict] = []
        copy_number = 1
        while have + _count(extra_sections) < slides:
            copy_number += 1
            clones = _clone_model(original, copy_number)
            sections = _clone_sections(original, copy_number, folder)
            if not sections:
                raise SystemExit(f"{talk}: no content slides to repeat")
            for name in MODEL_LISTS:
                data.setdefault(name, []).extend(clones[name])
            extra_sections.extend(sections)
        surplus = have + _count(extra_sections) - slides
        while surplus:
            last = extra_sections[-1]["slides"]
            last.pop()
            surplus -= 1
            if not last:
                extra_sections.pop()
        data["outline"] = data["outline"][:-1] + extra_sections + data["outline"][-1:]
        # An edition (meetup, ignite) is planned against the talk as written: the clones would take
        # it past its own slot, and the peers' slides have no editions to stand against.
        data.pop("editions", None)
        # The slot lives with the event (older talk files keep it at the top level): widen it where it is.
        holder = data["event"] if "slot_minutes" in data.get("event", {}) else data
        # A slot is at most a working day (480 minutes): the clones are told faster until they fit in one.
        while _minutes(data, folder) + int(holder.get("questions_minutes") or 0) + 1 > SLOT_LIMIT:
            for slide in (slide for section in extra_sections for slide in section["slides"] if "file" not in slide):
                for name in ("minutes", "room", "cut"):
                    if name in slide:
                        slide[name] = slide[name] / 2
        holder["slot_minutes"] = math.ceil(_minutes(data, folder)) + int(holder.get("questions_minutes") or 0) + 1
    (folder / "talk.yaml").write_text(yaml.dump(data, Dumper=_TalkDumper, sort_keys=False, allow_unicode=True,
                                                width=100), encoding="utf-8")
    return folder / "talk.yaml"


class _TalkDumper(yaml.SafeDumper):
    """Notes and other multi-line texts as '|' blocks, the way a speaker writes talk.yaml."""


def _text(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value and not any(line != line.rstrip() for line in value.splitlines()) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_TalkDumper.add_representer(str, _text)


@dataclass
class PeerSlide:
    title: str
    body: list[str]  # Markdown lines: bullets, a table, or a free-form slide's own body
    notes: str


def _bullets(items) -> list[str]:
    return [f"- {item}" for item in items]


def peer_slides(talk_yaml: Path) -> list[PeerSlide]:
    """Every slide of the validated deck as title, Markdown body and notes: what each peer renders."""
    deck = pipeline.load(talk_yaml)
    talk = deck.talk
    slides = []
    for slide in deck.slides:
        subject = slide.subject
        if slide.kind == "title":
            body = [f"*{talk.subtitle}*", "", f"{talk.speaker.name} - {talk.event.name}"]
        elif slide.kind == "section":
            body = []
        elif slide.kind == "anti-pattern":
            body = [subject.summary, ""] + _bullets(subject.symptoms + subject.consequences) + \
                   ["", "Remedies: " + ", ".join(subject.remedies)]
        elif slide.kind == "context":
            stance = subject.stance
            body = [f"*{subject.question}*", "", subject.summary, ""] + \
                   _bullets([f"Leads: {stance.leads}", f"Advises: {stance.advises}",
                             f"Co-creates: {stance.co_creates}", f"Why: {subject.why}"])
        elif slide.kind in ("pattern", "tool"):
            body = [subject.summary, ""] + _bullets([f"Helps when: {subject.helps_when}",
                                                     f"Stop when: {subject.stop_when}"])
        elif slide.kind == "matrix":
            body = ["| Context | Leads | Advises | Co-creates | Patterns |", "|---|---|---|---|---|"]
            for context in talk.contexts:
                fits = ", ".join(p.name for p in talk.patterns if context.id in p.contexts)
                body.append(f"| {context.name} | {context.stance.leads} | {context.stance.advises} | "
                            f"{context.stance.co_creates} | {fits} |")
        elif slide.kind == "recap":
            body = _bullets(t.short for t in talk.takeaways)
        elif slide.kind == "closing":
            body = _bullets([f"Slides: {talk.links.slides}", f"Feedback: {talk.links.feedback}"]
                            + [f"[{link.label}]({link.url})" for link in talk.links.more])
        elif slide.kind == "root":  # a root's anti-patterns side by side: the peers get their names
            body = _bullets(anti.name for anti in slide.grows)
        elif slide.kind == "diagram":  # a picture drawn from the model: the peers get its title alone
            body = []
        else:  # a free-form Markdown slide: its own body, as the speaker wrote it
            page = load_stage.load_markdown_slide(deck.root / slide.source[0], deck.root)
            body = [line for line in page.body.strip().splitlines() if not line.startswith("{:")]
        slides.append(PeerSlide(slide.title, body, slide.notes))
    return slides


def reveal_md(slides: list[PeerSlide], title: str, *, notes_pages: bool = False) -> str:
    """reveal-md: front matter with reveal's options, slides split by '---', notes after 'Note:'."""
    options = {"title": title, "revealOptions": {"width": 1920, "height": 1080, "hash": True,
                                                  "pdfMaxPagesPerSlide": 1}}
    if notes_pages:
        options["revealOptions"]["showNotes"] = "separate-page"
    parts = [f"## {s.title}\n\n" + "\n".join(s.body) + f"\n\nNote:\n{s.notes}\n" for s in slides]
    return "---\n" + yaml.safe_dump(options, sort_keys=False) + "---\n\n" + "\n---\n\n".join(parts)


def marp(slides: list[PeerSlide], title: str) -> str:
    """Marp: 'marp: true' front matter, slides split by '---', notes as HTML comments."""
    parts = [f"## {s.title}\n\n" + "\n".join(s.body) + "\n\n<!--\n" + s.notes.replace("--", "- -") + "\n-->\n"
             for s in slides]
    return f"---\nmarp: true\ntitle: {yaml.safe_dump(title).strip()}\nsize: 16:9\n---\n\n" + "\n---\n\n".join(parts)


def pandoc(slides: list[PeerSlide]) -> str:
    """pandoc: one '##' heading per slide (slide level 2), notes in a '::: notes' div."""
    parts = [f"## {s.title}\n\n" + "\n".join(s.body) + f"\n\n::: notes\n{s.notes}\n:::\n" for s in slides]
    return "\n".join(parts)
