"""The one ranked list as PowerPoint's own shapes, not a picture of them: a venue's PowerPoint reads
every item, value and week as text a speaker can edit, and a substituted font reflows nothing.

Laid out as the deck draws it (deck/evidence.py: the same columns on the same width, each row's
ratio at its bar's end). A list with a second state (a deadline's jump) is two slides, as the
deck's click is (deck/pptx/slides.py): `then` False draws it as it opens, True as it ends,
re-ranked, the jump said where the value is (the first value struck, an arrow, the new value;
without weeks, its marker on the bar). Sizes never under MIN_TEXT, the file's floor for the room.
"""
from __future__ import annotations

from ..evidence import jumps, rate_label, rate_unit, ranked, ranks_on
from .blocks import Para, Run, para
from .layout import LINE, MIN_TEXT, text_width

ROW, ROW_GAP = 84, 16  # a row's height and the gap under it
NAME_W, VALUE_R, WEEKS_R, TRACK_X = 520, 760, 920, 984  # the columns (from the content's left edge), as the deck's
RATE_W = 176  # the ratio's room at the bar's end (its four characters never wrap, in any typeface)


def height_of(picture) -> float:
    """The room the list takes: its measure, its heads, then a row per item."""
    return MIN_TEXT * LINE * 2 + 56 + len(picture.items) * (ROW + ROW_GAP) - ROW_GAP


def draw(shapes, page, x: float, y: float, width: float, picture, then: bool = True) -> float:
    """The list at (x, y) across `width`, top first, as it ends (`then`) or as it opens; returns the
    height it took."""
    rows = ranked(picture, then=then)
    unit = rate_unit(picture)
    per_week = all(row.weeks for row, _ in rows)
    rate = ranks_on(picture)
    largest = max(rate(row, value) for row, value in rows)
    track_x = TRACK_X if per_week else NAME_W + 24
    track_w = width - track_x - (RATE_W if per_week else 24)

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
    moved = jumps(picture) if then else {}
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
        jumped = value != row.value
        name_w = NAME_W - (160 if jumped and per_week else 0)  # the jump takes the value column's left
        size = 40 if text_width(name.strip(), 40, bold=True) <= name_w - left else MIN_TEXT
        why = getattr(moved.get(row.item), "marker", None) if jumped else None
        lift = (MIN_TEXT * LINE) / 2 if why and per_week else 0  # why it jumped, under the name, as the deck's
        words(name.strip(), left, middle - size * LINE / 2 - lift, name_w - left, colour="ink", size=size,
              name="Ranked list item")
        if lift:
            words(why, left, middle + size * LINE / 2 - lift, NAME_W - left, name="Ranked list why")
        bar_w = max(12.0, track_w * rate(row, value) / largest)
        shapes.panel(page, (x + track_x, row_y + 12, bar_w, ROW - 24), "muted", name="Ranked list bar")
        if per_week and jumped:  # "$18k -> $90k": the first value struck and small, a drawn arrow, the new one
            shapes.text(page, (x + VALUE_R - 360, middle - 36 * LINE / 2, 120, 36 * LINE),
                        [Para([Run(row.value, bold=True, strike=True)], size=36, colour="muted", align="right", after=0)],
                        shrink=False, name="Ranked list first value")
            arrow(shapes, page, (x + VALUE_R - 232, middle - 14, 48, 28))
            words(value, VALUE_R - 176, middle - 44 * LINE / 2, 176, colour="ink", align="right", size=44,
                  name="Ranked list value")
        if per_week:
            if not jumped:
                words(value, VALUE_R - 200, middle - 40 * LINE / 2, 200, align="right", size=40, name="Ranked list value")
            words(rate_label(row, value, unit), track_x + bar_w + 16, middle - 40 * LINE / 2, RATE_W - 16,
                  colour="ink", size=40, name="Ranked list ratio")
            words(str(row.weeks), WEEKS_R - 120, middle - 40 * LINE / 2, 120, align="right", size=40,
                  name="Ranked list weeks")
        else:
            words(value, track_x + bar_w + 20, middle - 40 * LINE / 2, 240, size=40, name="Ranked list value")
        if why and not per_week:  # the marker on the bar that jumped (with weeks, it is said under the name)
            marker_w = text_width(why, MIN_TEXT, bold=True) * 1.1 + 48
            at = track_x + bar_w - marker_w if marker_w <= bar_w else track_x + bar_w + 16
            words(why, at, middle - MIN_TEXT * LINE / 2, marker_w - 24, align="right",
                  colour="paper" if marker_w <= bar_w else "ink", name="Ranked list marker")
    return top + len(rows) * (ROW + ROW_GAP) - ROW_GAP - y


def arrow(shapes, page, box: tuple) -> None:
    """A right arrow drawn as a shape, in the muted ink: the text faces ship no arrow glyph."""
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.util import Emu

    from .layout import EMU

    shape = page.shapes.add_shape(MSO_SHAPE.RIGHT_ARROW, *(Emu(round(v * EMU)) for v in box))
    shape.fill.solid()
    shape.fill.fore_color.rgb = shapes.rgb("muted")
    shape.line.fill.background()
    shape.shadow.inherit = False
    shape.name = "Ranked list jump"


FIRST_STATE = "As the slide opens"  # the name of the slide before the click (a PowerPoint slide's cSld name)


def two_states(slide) -> bool:
    """Whether a deck slide's picture is a list with a second state: the PowerPoint file makes it
    two slides, the click between them (PowerPoint's next slide is the deck's click)."""
    picture = getattr(getattr(slide, "subject", None), "picture", None)
    return (getattr(picture, "picture", "") == "ranked-list" and getattr(picture, "then", None) is not None
            and "picture" in (slide.show or []))


def split_notes(lines: list, part: int | None) -> list:
    """A slide made two: its notes before the click cue (`part` 0), or from it on (1), the cue's
    paragraph cut where the cue starts, so what is said before the click stays on the first slide
    and the cue opens the second's notes; a slide made one (None): all of them."""
    from dataclasses import replace

    if part is None:
        return lines
    for index, line in enumerate(lines):
        for at, run in enumerate(line.runs):
            cut = run.text.find("[Click")
            if index and cut >= 0:
                said = line.runs[:at] + ([replace(run, text=run.text[:cut].rstrip())] if run.text[:cut].strip() else [])
                rest = [replace(run, text=run.text[cut:])] + line.runs[at + 1:]
                first = lines[:index] + ([replace(line, runs=said)] if said else [])
                return first if part == 0 else [replace(line, runs=rest)] + lines[index + 1:]
    return lines if part == 0 else []


def page_number(slides: list, slide) -> int:
    """A deck slide's number in the PowerPoint file: one on for each slide made two before it (the
    notes name the file's slides, which the venue's laptop counts)."""
    return slide.number + sum(1 for other in slides if other.number < slide.number and two_states(other))
