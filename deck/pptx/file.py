"""The PowerPoint file written: one Presentation (16:9, the talk's theme), a slide per deck slide
in order, each filled by its kind and given its notes, the core properties set, the bytes made
reproducible (on the organiser's template where the rules name one: deck/pptx/organiser.py);
write() puts it in the staging folder with its typeface embedded (deck/pptx/embed.py; and as
TrueType in its fonts/, to install) and names each slide that went in as a picture.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..problems import Problem
from ..validate import Deck
from .capture import Pictures
from .layout import EMU, HEIGHT, WIDTH
from .slides import SlideKinds
from .embed import embedded
from .theme import FONT, font_files, set_theme, widen_layouts


@dataclass
class Made:
    path: Path
    notices: list[Problem]
    fonts: list[Path]  # its typeface as TrueType, in the folder's fonts/


def file_name(deck: Deck) -> str:
    from ..export import slug

    return f"{slug(deck.talk.title)}.pptx"


def write(deck: Deck, pictures: Pictures | None, folder: Path, progress=None) -> Made:
    """staging/<slug>.pptx; notices name each slide that went in as a picture, and why."""
    pictures = pictures or Pictures()
    rules = deck.talk.event.rules
    notices = []
    if rules is not None and rules.pptx_template is not None:  # the organiser's masters and layouts
        from ..load import resolve_inside
        from .organiser import OnTemplate

        data, notices = OnTemplate(deck, pictures, progress).build_on(resolve_inside(deck.root, rules.pptx_template),
                                                                      deck.rule_places["pptx_template"])
    else:
        data = Builder(deck, pictures, progress).build()
    fonts = font_files(folder / "fonts")
    target = folder / file_name(deck)
    target.write_bytes(embedded(data, fonts, FONT))  # the venue laptop lays the text out as the deck does
    for slide in deck.slides:
        if slide.anchor in pictures.reasons:
            notices.append(Problem(slide.source[0], slide.source[1], 1, f"slide {slide.number} '{slide.title}'",
                                   f"is a picture in the PowerPoint file ({pictures.reasons[slide.anchor]}); "
                                   "its title and notes are text", warning=True))
    return Made(target, notices, fonts)


class Builder(SlideKinds):
    """One Presentation: the theme set once, a slide per deck slide in order, then each filled."""

    def build(self) -> bytes:
        from pptx import Presentation

        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = WIDTH * EMU, HEIGHT * EMU
        widen_layouts(self.prs)
        set_theme(self.prs, self.deck.talk.title, self.colours)
        layouts = self.prs.slide_layouts
        return self.write_slides(lambda slide: layouts[0] if slide.kind == "title" else layouts[5], self.fill)
