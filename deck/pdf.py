"""The slides PDF: the deck as reveal's print view printed it, one 16:9 page per slide.

A writer: it takes what the browser session gathered (deck/browser.py: the printed pages, their
layout and what a page would cut off) and writes <slug>.pdf into staging, finished with pikepdf
(deck/pdf_file.py: metadata, outline, in-deck links, fixed dates). Content a page would cut off
is a located warning. It imports no other output's writer.
"""
from __future__ import annotations

from pathlib import Path

from .export import slug
from .pdf_file import finish
from .problems import Problem
from .validate import Deck


def slides_name(deck: Deck) -> str:
    return f"{slug(deck.talk.title)}.pdf"


def write(deck: Deck, raw: dict, staging: Path) -> Path:
    """staging/<slug>.pdf from the gathered print (raw['slides'], laid out as raw['layout'])."""
    target = staging / slides_name(deck)
    target.write_bytes(finish(deck, raw["slides"], raw["layout"], (staging / "index.html").as_uri()))
    return target


def overflow_warnings(deck: Deck, overflowing: list[dict]) -> list[Problem]:
    """A slide whose content runs off its page is cut off in the PDFs, or whose text lies over the
    slide number or the credit line: located, with how far."""
    found = []
    for slide, item in deck.measured(overflowing):
        where = f"slide {slide.number} '{slide.title}'"
        how = [f"{item['below']} px below the bottom" if item["below"] > 1 else "",
               f"{item['beyond']} px beyond the right edge" if item["beyond"] > 1 else ""]
        if any(how):
            found.append(Problem(slide.source[0], slide.source[1], 1, where,
                                 f"content runs {' and '.join(filter(None, how))} of the 1920x1080 slide; the PDFs "
                                 "cut it off there: shorten it or split the slide", warning=True))
        for mark in item.get("overlaps", ()):
            found.append(Problem(slide.source[0], slide.source[1], 1, where,
                                 f"its text runs over the {mark}: the room reads both as one jumble; shorten the "
                                 "slide or split it", warning=True))
    return found

