"""The one ranked list as PowerPoint's own shapes, not a picture of them: a venue's PowerPoint reads
every item, value and week as text a speaker can edit, and a substituted font reflows nothing.

Laid out as the deck draws it (deck/evidence.py: the same columns on the same width), and in the
state the deck's picture ends in: a second state (a deadline's jump) re-ranked, its marker on
the bar, as every print shows it. Sizes never under MIN_TEXT, the file's floor for the room.
"""
from __future__ import annotations

from ..evidence import ranked, worth
from .blocks import para
from .layout import LINE, MIN_TEXT, text_width

ROW, ROW_GAP = 84, 16  # a row's height and the gap under it, as the deck's picture
NAME_W, VALUE_R, WEEKS_R, TRACK_X = 520, 720, 880, 944  # the columns (from the content's left edge)


def height_of(picture) -> float:
    """The room the list takes: its measure, its heads, then a row per item."""
    return MIN_TEXT * LINE * 2 + 56 + len(picture.items) * (ROW + ROW_GAP) - ROW_GAP


def draw(shapes, page, x: float, y: float, width: float, picture) -> float:
    """The list at (x, y) across `width`, top first as it ends; returns the height it took."""
    rows = ranked(picture)
    per_week = all(row.weeks for row, _ in rows)
    rate = (lambda row, value: worth(value) / row.weeks) if per_week else (lambda row, value: worth(value))
    largest = max(rate(row, value) for row, value in rows)
    track_x = TRACK_X if per_week else NAME_W + 24
    track_w = width - track_x - 24

    def words(text, left, top, w, colour="muted", align="left", size=MIN_TEXT, name="Ranked list"):
        shapes.text(page, (x + left, top, w, size * LINE), [para(text, size=size, bold=True, colour=colour,
                                                                  align=align, after=0)], shrink=False, name=name)

    words(picture.measure, 0, y, width, align="center", name="Ranked list measure")
    top = y + MIN_TEXT * LINE + 32
    if per_week:
        words(picture.heads[0], VALUE_R - 320, top, 320, align="right", name="Ranked list head")
        words(picture.heads[1], WEEKS_R - 160, top, 160, align="right", name="Ranked list head")
        words(picture.heads[2], track_x, top, track_w, name="Ranked list head")
    top += MIN_TEXT * LINE + 24
    jump = getattr(picture, "then", None)
    for index, (row, value) in enumerate(rows):
        row_y = top + index * (ROW + ROW_GAP)
        middle = row_y + ROW / 2
        kind, _, name = row.item.partition(":") if ":" in row.item else ("", "", row.item)
        left = 0
        if kind:  # the kind as a tag before the name, as the deck's chip
            tag_w = text_width(kind.strip(), MIN_TEXT, bold=True) * 1.1 + 32
            shapes.panel(page, (x, middle - 28, tag_w, 56), "chip", name="Ranked list tag")
            words(kind.strip(), 0, middle - MIN_TEXT * LINE / 2, tag_w, colour="ink", align="center",
                  name="Ranked list tag named")
            left = tag_w + 16
        size = 40 if text_width(name.strip(), 40, bold=True) <= NAME_W - left else MIN_TEXT
        words(name.strip(), left, middle - size * LINE / 2, NAME_W - left, colour="ink", size=size,
              name="Ranked list item")
        bar_w = max(12.0, track_w * rate(row, value) / largest)
        shapes.panel(page, (x + track_x, row_y + 12, bar_w, ROW - 24), "muted", name="Ranked list bar")
        if per_week:
            words(value, VALUE_R - 200, middle - 40 * LINE / 2, 200, align="right", size=40, name="Ranked list value")
            words(str(row.weeks), WEEKS_R - 120, middle - 40 * LINE / 2, 120, align="right", size=40,
                  name="Ranked list weeks")
        else:
            words(value, track_x + bar_w + 20, middle - 40 * LINE / 2, 240, size=40, name="Ranked list value")
        if jump and row.item == jump.item and value != row.value:  # the marker on the bar that jumped
            marker_w = text_width(jump.marker, MIN_TEXT, bold=True) * 1.1 + 48
            at = track_x + bar_w - marker_w if marker_w <= bar_w else track_x + bar_w + 16
            words(jump.marker, at, middle - MIN_TEXT * LINE / 2, marker_w - 24, align="right",
                  colour="paper" if marker_w <= bar_w else "ink", name="Ranked list marker")
    return top + len(rows) * (ROW + ROW_GAP) - ROW_GAP - y
