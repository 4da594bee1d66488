"""The talk's vocabulary the build reads without the model's classes: which parts each kind of
slide can show, which it shows by default, where each kind's entry is listed, and the one rule
the model applies across fields (the slot is written in one place or the other).

deck/model.py builds pydantic's classes on these; the plain-data path (deck/checked.py) applies
the same rule, so a talk checked either way is the same talk.
"""
from __future__ import annotations

PARTS = {
    "anti-pattern": ("summary", "symptom", "symptoms", "cost", "costs", "remedies", "hurts-most"),
    "context": ("summary", "question", "outcome", "stance", "grid", "why", "win"),
    "pattern": ("summary", "picture", "helps-when", "stop-when", "fits", "remedy-for", "source"),
    "tool": ("summary", "gap", "picture", "helps-when", "stop-when", "supports", "remedy-for", "source"),
    "diagram": ("patterns", "tools"),  # the fit grid's rows: both by default
}
# Projected by default: one idea per slide, the detail kept for readers.
DEFAULT_PARTS = {
    "anti-pattern": ("symptom", "cost", "remedies"),
    "context": ("question", "stance"),
    "pattern": ("summary", "helps-when", "stop-when"),
    "tool": ("summary", "helps-when", "stop-when"),
}
# A timed edition's format (deck/editions.py): how many slides, and the seconds each is shown
# before the deck moves on by itself.
TIMED = {"ignite": (20, 15), "pechakucha": (20, 20)}
# Kinds whose slide shows one entry of the talk's model, and which list it is found in.
# A root slide names a root and shows every anti-pattern that grows from it, side by side.
REF_KINDS = {"anti-pattern": "anti_patterns", "root": "roots", "context": "contexts", "pattern": "patterns",
             "tool": "tools"}


def slot_in_one_place(talk) -> None:
    """talk.slot_minutes and talk.event.slot_minutes name the same slot, wherever it was written."""
    for name in ("slot_minutes", "questions_minutes"):
        value = getattr(talk.event, name)
        value = getattr(talk, name) if value is None else value
        if value is None and name == "questions_minutes":
            value = 0
        setattr(talk.event, name, value)
        setattr(talk, name, value)
