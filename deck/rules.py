"""The organiser's rules (event.rules in talk.yaml): judged, located, and the names they give files.

An organiser sends every speaker the same list: the smallest type, a band at the bottom kept for
live captions, how files are named, how large they may be, which formats, their template, the
upload deadline. Validation judges the rules themselves (a pattern naming what the talk does not
hold, a template that is not there, a date that is no date); `check` then says where the talk
breaks them: the days left, and, from what Chromium measured on each slide (ROOM_SCRIPT), type
smaller than the rule and anything inside the caption band. `build.py pack` (deck/pack.py) names
its files with file_stem.
"""
from __future__ import annotations

import re
import string
import unicodedata
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from . import load
from .problems import Problem, close_matches

if TYPE_CHECKING:  # annotations only
    from .outline import Deck
    from .model import Talk

# What a file name pattern may name, and where each value comes from.
NAME_FIELDS = ("event", "speaker", "title", "date")
# The deck's slide is 1920x1080 CSS px; the organiser's slide is 960 x 540 pt: a point is 2 px.
PX_PER_PT = 1920 / 960
SLIDE_HEIGHT_PX = 1080
TEMPLATE_SUFFIXES = (".potx", ".pptx")
# What no file system takes in a name (Windows is the strictest), nor a share's zip tool.
RESERVED_NAMES = frozenset({"con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)),
                            *(f"lpt{n}" for n in range(1, 10))})
UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
MAX_STEM_CHARS = 120  # leaves room for '-handout.pdf' under the 255 bytes every file system takes


def rules_of(talk: Talk):
    """The event's rules, or None when the organiser gave none."""
    return talk.event.rules


def check_rules(source: load.Source, talk: Talk, root: Path, problems: list[Problem]) -> None:
    """The rules themselves: a name pattern over known fields, the template beside talk.yaml, a real date."""
    rules = rules_of(talk)
    if rules is None:
        return
    at = ("event", "rules")
    if rules.file_name is not None:
        for message in _pattern_problems(rules.file_name):
            problems.append(source.problem(at + ("file_name",), message))
    if rules.formats is not None and len(set(rules.formats)) != len(rules.formats):
        twice = sorted({name for name in rules.formats if rules.formats.count(name) > 1})
        problems.append(source.problem(at + ("formats",), f"{', '.join(twice)} named more than once"))
    if rules.pptx_template is not None:
        why = template_problem(root, rules.pptx_template)
        if why:
            problems.append(source.problem(at + ("pptx_template",), why))
    if rules.deadline is not None and _day(rules.deadline) is None:
        problems.append(source.problem(at + ("deadline",), f"'{rules.deadline}' is no date on the calendar; "
                                                           "write it as year-month-day, e.g. 2027-03-01"))


def _pattern_problems(pattern: str) -> list[str]:
    try:
        parts = list(string.Formatter().parse(pattern))
    except ValueError as error:  # a lone '{' or '}'
        return [f"the pattern {pattern!r} cannot be read ({error}); name fields as {{event}}, {{title}}"]
    found = []
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in NAME_FIELDS:
            near = close_matches(name, NAME_FIELDS, n=1)
            hint = f"did you mean '{{{near[0]}}}'?" if near else f"known: {', '.join('{' + f + '}' for f in NAME_FIELDS)}"
            found.append(f"unknown field '{{{name}}}' in the file name pattern; {hint}")
        elif spec or conversion:
            found.append(f"'{{{name}}}' takes no format or conversion in a file name pattern")
    if not any(name for _, name, _, _ in parts) and not _safe(pattern):
        found.append("the pattern names no field and leaves no name once made safe for a file system")
    return found


def template_problem(root: Path, written: str) -> str | None:
    """Why the template named cannot be the pack's PowerPoint template, or None."""
    path = load.resolve_inside(root, written)
    if path is None:
        return f"'{written}' is not a file inside the talk's folder; put the template beside talk.yaml"
    if path.suffix.lower() not in TEMPLATE_SUFFIXES:
        return f"'{written}' is not a PowerPoint template: give a .potx or .pptx file"
    if not load.is_file(path):
        return f"'{written}' does not exist (looked for {path})"
    return None


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


# ---------------------------------------------------------------- the names of the pack's files

def _safe(text: str) -> str:
    """Text as part of a file name any file system and zip tool takes: letters folded to ASCII,
    everything else a hyphen, no leading dot."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return UNSAFE.sub("-", folded).strip("-._")


def file_stem(talk: Talk, default: str) -> str:
    """The stem every file of the pack shares: the organiser's pattern filled in and made safe
    (default when there is no pattern)."""
    rules = rules_of(talk)
    if rules is None or rules.file_name is None:
        return default
    values = {"event": talk.event.name, "speaker": talk.speaker.name, "title": talk.title, "date": talk.event.date}
    filled = "".join(literal + (_safe(values[name]) if name else "")
                     for literal, name, _, _ in string.Formatter().parse(rules.file_name))
    stem = re.sub(r"-{2,}", "-", _safe(filled))[:MAX_STEM_CHARS].strip("-._") or default
    return f"{stem}-talk" if stem.lower() in RESERVED_NAMES else stem


# ---------------------------------------------------------------- what check says about the rules

def located(source: load.Source, name: str) -> Problem:
    """Where rule `name` is written in talk.yaml, as a warning with no message yet."""
    return replace(source.problem(("event", "rules", name), ""), warning=True)


def deadline_warning(deck: Deck, today: date | None = None) -> Problem | None:
    """The days left before the upload deadline (or how long ago it passed), at the rule's line."""
    rules = rules_of(deck.talk)
    if rules is None or rules.deadline is None or deck.rule_places.get("deadline") is None:
        return None
    left = (_day(rules.deadline) - (today or date.today())).days
    when = (f"{left} day{'s' if left != 1 else ''} left to upload (by {rules.deadline})" if left > 0 else
            f"the upload is due today ({rules.deadline})" if left == 0 else
            f"the upload deadline passed {-left} day{'s' if left != -1 else ''} ago ({rules.deadline}): "
            "ask the organiser before sending anything")
    return replace(deck.rule_places["deadline"], message=when)


# In reveal's print view, each slide as the room sees it: the smallest type on it (with the words
# set in it) and how far its content reaches down, text and pictures alike; what an element clips
# (a visually hidden text alternative), what is hidden and what only readers get (reader-only: the
# print view shows it, the room never does) are not seen, so not measured.
ROOM_SCRIPT = """
() => {
  const range = document.createRange();
  function seen(element) {
    const style = getComputedStyle(element);
    return style.display !== 'none' && style.visibility !== 'hidden' && style.clipPath === 'none'
      && !element.classList.contains('notes') && !element.classList.contains('reader-only');
  }
  function size(element) {  // SVG text is set in the drawing's units: scaled to the slide's pixels
    const px = parseFloat(getComputedStyle(element).fontSize);
    const matrix = element instanceof SVGElement && element.getScreenCTM ? element.getScreenCTM() : null;
    return matrix ? px * Math.hypot(matrix.a, matrix.b) : px;
  }
  function walk(node, top, found) {
    for (const child of node.childNodes) {
      if (child.nodeType === 3) {
        if (!child.textContent.trim()) continue;
        range.selectNodeContents(child);
        const rects = [...range.getClientRects()].filter(rect => rect.width && rect.height);
        if (!rects.length) continue;
        const px = size(child.parentElement);
        if (px < found.smallest) { found.smallest = px; found.words = child.textContent.trim().slice(0, 40); }
        for (const rect of rects) found.bottom = Math.max(found.bottom, rect.bottom - top);
      } else if (child.nodeType === 1 && seen(child)) {
        if (child.matches('img, svg, video, canvas, iframe, table')) {
          const box = child.getBoundingClientRect();
          if (box.width && box.height) found.bottom = Math.max(found.bottom, box.bottom - top);
        }
        walk(child, top, found);
      }
    }
    return found;
  }
  return [...document.querySelectorAll('.reveal .slides > .pdf-page')].map(page => {
    const section = page.querySelector('section');
    const found = walk(section, page.getBoundingClientRect().top, { smallest: 1e9, words: '', bottom: 0 });
    return { id: section.id, smallest: Math.round(found.smallest * 10) / 10, words: found.words,
             bottom: Math.round(found.bottom) };
  });
}
"""


def room_warnings(deck: Deck, measured: list[dict]) -> list[Problem]:
    """Each slide that breaks min_font_pt or reaches into the caption band, at the slide's definition."""
    rules = rules_of(deck.talk)
    if rules is None:
        return []
    found = []
    for slide, item in deck.measured(measured):
        where = Problem(slide.source[0], slide.source[1], 1, f"slide {slide.number} '{slide.title}'", "", warning=True)
        smallest_pt = item["smallest"] / PX_PER_PT
        if rules.min_font_pt is not None and smallest_pt < rules.min_font_pt - 0.05:
            found.append(replace(where, message=f"type of {smallest_pt:g} pt ('{item['words']}') is smaller than "
                                                f"the organiser's {rules.min_font_pt:g} pt (event.rules.min_font_pt)"))
        if rules.caption_band is not None:
            band_top = SLIDE_HEIGHT_PX * (1 - rules.caption_band)
            if item["bottom"] > band_top + 1:
                found.append(replace(where, message=f"content reaches {item['bottom'] - band_top:.0f} px into the "
                                                    f"caption band (the bottom {rules.caption_band:.0%} of the "
                                                    "slide, event.rules.caption_band): shorten it or split the slide"))
    return found


def caption_band_px(talk: Talk) -> int | None:
    """The band the theme keeps free at the bottom of every slide, in the deck's pixels."""
    rules = rules_of(talk)
    if rules is None or rules.caption_band is None:
        return None
    return round(SLIDE_HEIGHT_PX * rules.caption_band)


def room_rules(talk: Talk) -> bool:
    """Whether the organiser asks for what only the browser can measure: type size, the caption band."""
    rules = rules_of(talk)
    return rules is not None and (rules.min_font_pt is not None or rules.caption_band is not None)
