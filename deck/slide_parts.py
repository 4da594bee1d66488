"""Each slide's part of the deck page: deck.html places them, and serve keeps them between saves.

A save of one Markdown slide (or of one slide's notes in talk.yaml) changes that slide alone; the
others are as they were, in a deck of the same shape, so serve renders only the changed one and
places the kept parts of the rest (deck/serve.py). A build keeps nothing: every slide is rendered.
"""
from __future__ import annotations

from functools import lru_cache

import jinja2
from markupsafe import Markup

# One slide's part of the deck page, as deck.html's loop places it (the talk's own slide template first).
ONE_SLIDE = '{% include "slides/" ~ slide.kind ~ ".html" %}'
# What a Markdown save changes in a slide that no other slide's template reads (they read the
# others' kind, anchor, subject, diagram, shown parts and title: links, the grid's key).
OWN_FIELDS = frozenset({"body", "body_html", "body_line", "images", "notes", "notes_html", "key", "credits",
                        "credit_note"})


@lru_cache(maxsize=8)
def _one_slide(environment: jinja2.Environment) -> jinja2.Template:
    return environment.from_string(ONE_SLIDE)


@jinja2.pass_context
def slide_part(context, slide) -> Markup:
    """A slide rendered as deck.html's include would, or as serve kept it when nothing it shows changed."""
    kept = context.get("kept_slides")
    part = kept.part(slide) if kept is not None else None
    if part is None:
        template = _one_slide(context.environment)
        part = Markup("".join(template.root_render_func(template.new_context(context.get_all(), True,
                                                                             {"slide": slide}))))
        if kept is not None:
            kept.keep(slide, part)
    return part


class KeptSlides:
    """serve's memory of each slide's part of the deck page: after a save of one Markdown slide, the
    slides whose data is as it was (in a deck of the same shape, from the same talk.yaml and the
    engine's templates) are not rendered again; only the saved one is.

    `since(deck, reusable)` is called before each render: it forgets everything unless the talk is
    as last rendered but for its outline (a slide's notes in talk.yaml) and every slide differs
    from its place in the last deck at most in OWN_FIELDS (or its section's slides)."""

    def __init__(self):
        self.talk = None  # the last render's Talk
        self.slides: list = []  # the last render's slides, in order
        self.parts: dict[int, Markup] = {}  # by place in the deck
        self._places: dict[int, int] = {}  # id(slide) -> place, for the deck being rendered
        self.rendered = 0  # slides rendered since `since`: what serve's terminal says a save cost
        self.same = False  # whether only OWN_FIELDS changed since the last render
        self.programme: str | None = None  # the last render's cfp.md (the engine's shows none of them)

    def since(self, deck, reusable: bool) -> None:
        same = reusable and len(deck.slides) == len(self.slides) and _same_but_outline(self.talk, deck.talk)
        changed = set()
        for place, (before, now) in enumerate(zip(self.slides, deck.slides) if same else ()):
            if before == now:
                continue
            differ = {name for name in before.__dataclass_fields__ if getattr(before, name) != getattr(now, name)}
            if "section" in differ and (before.section.id, before.section.title) == (now.section.id, now.section.title):
                differ.remove("section")  # a sibling's entry changed in talk.yaml: templates read the id and title
            if not differ <= OWN_FIELDS:
                same = False
                break
            if differ:
                changed.add(place)
        self.parts = {place: part for place, part in self.parts.items() if place not in changed} if same else {}
        self.same = same
        if not same:
            self.programme = None
        self.talk, self.slides, self.rendered = deck.talk, list(deck.slides), 0
        self._places = {id(slide): place for place, slide in enumerate(deck.slides)}

    def part(self, slide) -> Markup | None:
        place = self._places.get(id(slide))
        return self.parts.get(place) if place is not None else None

    def keep(self, slide, part: Markup) -> None:
        place = self._places.get(id(slide))
        self.rendered += 1
        if place is not None:
            self.parts[place] = part


def _same_but_outline(before, now) -> bool:
    """Two talks alike but for their outline (a Talk is a checked record or a pydantic model: both
    iterate as their fields)."""
    if before is now or type(before) is not type(now):
        return before is now
    fields = dict(before)
    return all(fields.get(name) == value for name, value in now if name != "outline")
