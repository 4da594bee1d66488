"""Handout: each slide as projected with its speaker notes on the same page, on A4 or US Letter.

This module owns the handout's paper sizes, its cover (templates/handout/cover.html, what cfp.md
says, set for print), the rule for notes that run long, and the located warnings about it. The
layout itself runs in the browser (handout.js, handout.css beside this file), in the print view
the slides PDF was printed from: the browser session (deck/browser.py) calls lay_out() after that
print, so both come from one load of the deck. write() is the handout's writer: it takes what the
session gathered and writes the PDF, importing no other output's writer.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .problems import Problem
from .validate import Deck

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Paper:
    name: str
    width: str  # CSS lengths: the page box and Chromium's paper
    height: str


PAPERS = {"a4": Paper("A4", "210mm", "297mm"), "letter": Paper("US Letter", "8.5in", "11in")}
# The continuation rule: a slide's notes may go on over at most this many pages after the slide's
# own. They are printed in full even then; beyond it, a reader loses the slide, so check says so.
MAX_CONTINUED_PAGES = 2
# Slides laid out per call into the page: big decks report progress between calls.
BATCH = 100


def file_name(deck: Deck) -> str:
    from .export import slug

    return f"{slug(deck.talk.title)}-handout.pdf"


def cover_html(deck: Deck) -> str:
    """The cover's blocks, rendered with the deck's templates (a talk may override the file)."""
    from .render import rendered

    return rendered(deck, "handout/cover.html", {"deck": deck, "talk": deck.talk, "slides": deck.slides,
                                                  "t": deck.labels})


def labels(deck: Deck) -> dict:
    counted = sum(not slide.on_request for slide in deck.slides)
    kickers = [deck.labels("slide_on_request") if slide.on_request else deck.labels("slide_of", n=slide.number, total=counted)
               for slide in deck.slides]
    from .markup import typographic

    # Titled as the slides set them (curly quotes): the page's heading and the slide under it agree.
    return {"titles": {slide.anchor: typographic(slide.title) for slide in deck.slides},
            # A section the kicker already names (the slides shown on request) is not named twice.
            "sections": {slide.anchor: "" if slide.section.title.casefold() == kicker.casefold() else slide.section.title
                         for slide, kicker in zip(deck.slides, kickers)},
            # One slide count everywhere: the deck's, which leaves out the slides shown on request.
            "kickers": dict(zip((slide.anchor for slide in deck.slides), kickers)),
            "continued": deck.labels("continued"), "talk": deck.talk.title}


@dataclass
class Layout:
    """What the handout's pages are ('cover', 'slide', 'continued'), and how many each slide's notes took."""

    kinds: list[str]
    notes_pages: dict[str, int]
    overfull: list[str]


async def lay_out(page, deck: Deck, paper: Paper, progress=None) -> Layout:
    """Turn the print view in `page` into the handout's pages; the caller prints it afterwards."""
    script = (HERE / "handout.js").read_text(encoding="utf-8")
    css = (HERE / "handout.css").read_text(encoding="utf-8")
    await page.evaluate(script)
    total = await page.evaluate(
        "args => DeckHandout.begin(args)",
        {"css": css, "width": paper.width, "height": paper.height, "cover": cover_html(deck),
         "coverTitle": deck.talk.title, "total": len(deck.slides), "labels": labels(deck)})
    done = 0
    while done < total:
        done = await page.evaluate("count => DeckHandout.next(count)", BATCH)
        if progress is not None:
            progress.advance("laying out the handout", done, total)
    result = await page.evaluate("() => DeckHandout.end()")
    return Layout(result["kinds"], result["notesPages"], result["overfull"])


def write(deck: Deck, raw: dict, staging: Path) -> Path:
    """staging/<slug>-handout.pdf from the gathered print (raw['handout'], laid out as raw['laid'])."""
    from .pdf_file import finish

    target = staging / file_name(deck)
    target.write_bytes(finish(deck, raw["handout"], raw["laid"]["kinds"], (staging / "index.html").as_uri()))
    return target


def warnings(deck: Deck, layout: Layout, paper: Paper) -> list[Problem]:
    """Notes too long for the continuation rule, or a block no page can hold: located, per slide."""
    found = []
    for slide in deck.slides:
        pages = layout.notes_pages.get(slide.anchor, 1)
        where = f"slide {slide.number} '{slide.title}'"
        if slide.anchor in layout.overfull:
            found.append(Problem(slide.source[0], slide.source[1], 1, where,
                                 f"the handout cannot fit a block of these notes on a whole {paper.name} page; "
                                 "it is cut off there: split it into paragraphs", warning=True))
        elif pages - 1 > MAX_CONTINUED_PAGES:
            found.append(Problem(slide.source[0], slide.source[1], 1, where,
                                 f"notes are {slide.note_words} words and fill {pages} {paper.name} handout pages; "
                                 f"they are printed in full, but the rule is the slide's page and at most "
                                 f"{MAX_CONTINUED_PAGES} more: shorten them or split the slide", warning=True))
    return found
