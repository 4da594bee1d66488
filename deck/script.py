"""The script's staging: what each slide owes the speaker and the room beyond its words.

A slide may carry a key phrase (the one line to land, shown above the script in the speaker
view), credits (the works from the reading list whose ideas it uses: a small source line on the
slide), a cut (the minutes saved when it is skipped because time runs short) and on_request (a
slide shown only when asked for, such as the reading list during questions: not timed). The
notes may open with a few beats (a list of the slide's moves, not counted as spoken words) and
may hold a prompt for the speaker's own story, which `check` lists as a placeholder until
the speaker replaces it with theirs: a script must not put experiences in a speaker's mouth. A
prompt that opens with its budget ("[Your story: 30 seconds. ...]") is timed as those seconds,
not as its words: the story told takes the budget, whatever the prompt's length.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from . import markup
from .problems import Problem

# "[Your story: ...]" in the notes: where the speaker tells something of their own.
STORY_PROMPT = re.compile(r"\[Your story:[^\]]*\]", re.IGNORECASE)
# A prompt that names its budget: the seconds the story takes in the room.
STORY_BUDGET = re.compile(r"\[Your story:\s*(\d+) seconds\b[^\]]*\]", re.IGNORECASE)
YEAR = re.compile(r"\((\d{4})[^)]*\)\s*$")
# The beats a script may open with: a Markdown list of the slide's moves, a few words each, that the
# speaker glances at; the script under them is what is said, and what the clock counts.
BEATS = re.compile(r"\A\s*(?:[-*] [^\n]*\n)+")


def spoken(notes: str) -> str:
    """The notes without their opening beats: the words the speaker says."""
    return BEATS.sub("", notes, count=1)


@lru_cache(maxsize=4096)
def said_minutes(notes: str, words_per_minute: int) -> float:
    """The minutes the notes take to say: their words at the rate, and each story prompt that names
    its budget as those seconds instead of its words. Kept by the notes: the checks of the talk and
    of each edition ask for a slide's minutes again and again (~340 times for one build)."""
    said = spoken(notes)
    seconds = sum(int(budget.group(1)) for budget in STORY_BUDGET.finditer(said))
    return markup.word_count(STORY_BUDGET.sub("", said)) / words_per_minute + seconds / 60


def credit_line(link) -> str:
    """The few words a slide projects for a work: its own credit, or the label's authors and year."""
    if link.credit:
        return link.credit
    authors = link.label.split(",")[0].strip()
    year = YEAR.search(link.label)
    return f"{authors}, {year.group(1)}" if year else authors


def slide_credit(slide, labels) -> str:
    """The source line a slide projects: its own note, or 'Source: ' and its works' short credits."""
    return slide.credit_note or labels("credit", works=" · ".join(map(credit_line, slide.credits)))


def stage(slide, entry, talk, source, where: tuple, problems: list[Problem]) -> None:
    """Copy an outline entry's (or a front matter's) staging onto its slide, each field checked."""
    works = {link.id: link for link in talk.links.more if link.id}
    credits = []
    for index, ref in enumerate(entry.credits):
        if ref in works:
            credits.append(works[ref])
        else:
            known = ", ".join(sorted(works)) or "none: give links.more entries an id"
            problems.append(source.problem(where + ("credits", index),
                                           f"unknown work '{ref}' (known: {known})"))
    slide.credits = tuple(credits)
    # A note replaces "Source: ..." so the room reads where the works end and the talk's reading begins;
    # it must still name every work, or the caveat would hide the credit it qualifies.
    slide.credit_note = entry.credit_note
    if entry.credit_note:
        missing = [credit_line(work) for work in credits if credit_line(work) not in entry.credit_note]
        if not entry.credits or missing:
            problems.append(source.problem(where + ("credit_note",), "the credit note must name each credited "
                                           f"work: {', '.join(missing) or 'give the slide credits'}"))
    slide.key = entry.key
    slide.on_request = entry.on_request
    if entry.cut is not None and entry.cut > slide.minutes + 1e-9:
        problems.append(source.problem(where + ("cut",), f"cutting the slide saves at most its own "
                                                         f"{slide.minutes:g} minutes, not {entry.cut:g}"))
    slide.cut = entry.cut or 0.0
    if entry.room is not None and entry.room >= slide.minutes:
        problems.append(source.problem(where + ("room",), f"the room's {entry.room:g} minutes leave the speaker "
                                                          f"none of the slide's {slide.minutes:g}"))
    slide.room = entry.room or 0.0


def spoken_minutes(slide) -> float:
    """The minutes the speaker talks on a slide: its plan less what the room does on its own."""
    return slide.minutes - slide.room


def cuttable_minutes(slides) -> float:
    """What the speaker wins back by skipping every slide marked as cuttable."""
    return sum(slide.cut for slide in slides)


def part_starts(slides) -> dict[str, tuple[str, str]]:
    """Where the clock should read as each part opens, by section slide: "14:30" of "40", the minutes
    of the timed slides before it. A speaker rehearsing from the notes, or presenting from the
    PowerPoint file without reveal's pacing, checks the pace against it at each part."""
    timed = [slide for slide in slides if not slide.on_request]
    total, elapsed, starts = sum(slide.minutes for slide in timed), 0.0, {}
    for slide in timed:
        if slide.kind == "section":
            seconds = round(elapsed * 60)
            starts[slide.anchor] = (f"{seconds // 60}:{seconds % 60:02d}", f"{total:g}")
        elapsed += slide.minutes
    return starts


def story_prompts(slides, root: Path) -> list[Problem]:
    """Each prompt for the speaker's own story still in the notes, located at its line, as a warning."""
    found = []
    for slide in slides:
        if not STORY_PROMPT.search(slide.notes):
            continue
        file, start = slide.source
        try:
            lines = (root / file).read_text(encoding="utf-8").splitlines()
        except OSError:
            lines = []
        line, column = start, 1
        for number in range(max(start, 1), len(lines) + 1):
            match = STORY_PROMPT.search(lines[number - 1]) or re.search(r"\[Your story:", lines[number - 1], re.I)
            if match:
                line, column = number, match.start() + 1
                break
        found.append(Problem(file, line, column, f"slide {slide.number}",
                             "placeholder: a prompt for the speaker's own story; tell yours in its place",
                             warning=True))
    return found
