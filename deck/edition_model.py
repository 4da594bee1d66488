"""Model: an edition of the talk, as pydantic models: the same talk cut for another slot.

An edition names its slot (and the minutes kept for questions) and what it changes from the full
talk: slides left out, slides with their own minutes, notes, title or parts shown, and slides only
it has. A timed edition (Ignite, PechaKucha) gives every slide the same seconds and advances by
itself. deck/editions.py resolves an edition into its own Deck and checks it like the talk.

deck/model.py imports this module (the talk lists its editions); an added slide is one of the
model's outline entries, so `AddedSlide.slide` names SlideEntry ahead and model.py completes it.
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


class _Strict(BaseModel):
    # The same rule as model.Strict (which this module cannot import): an unknown field is a typo.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class SlideChange(_Strict):
    """One slide of the full talk as this edition gives it: its own minutes, notes or shorter text."""

    slide: str = Field(pattern=ID_PATTERN, description="The slide's id in the full talk: the one in its address "
                                                        "(#/id), a Markdown slide's file name.")
    minutes: float | None = Field(None, gt=0, le=60)
    notes: str | None = Field(None, min_length=1)
    title: str | None = Field(None, min_length=1)
    key: str | None = Field(None, max_length=80)
    show: list[str] | None = Field(None, description="The parts the room sees in this edition (fewer: a "
                                                     "shorter text).")


class AddedSlide(_Strict):
    """A slide only this edition has, placed after a slide of the full talk (in that slide's section)."""

    after: str = Field(pattern=ID_PATTERN, description="The id of the slide it follows.")
    slide: "SlideEntry"  # noqa: F821 (model.py's, named there when it completes this class)


class Edition(_Strict):
    """The talk cut for another slot; the full talk stays the default edition."""

    name: str = Field(pattern=ID_PATTERN, description="Chosen with build.py --edition NAME.")
    slot_minutes: int = Field(gt=0, le=480, description="The slot, questions included.")
    questions_minutes: int = Field(0, ge=0)
    timed: Literal["ignite", "pechakucha"] | None = Field(
        None, description="Ignite (20 slides, 15 seconds each) or PechaKucha (20 x 20 s): the deck advances "
                          "by itself.")
    takeaways: list[str] | None = Field(None, description="Ids of the takeaways this edition promises "
                                                          "(default: all of them).")
    leave_out: list[str] = Field(default_factory=list, description="Ids of the full talk's slides left out.")
    change: list[SlideChange] = Field(default_factory=list)
    add: list[AddedSlide] = Field(default_factory=list)
