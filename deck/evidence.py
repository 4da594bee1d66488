"""Evidence: each pattern drawn as what it is or does, from the picture its entry carries
(Technique.picture in deck/model.py): a number before and after, two views that clash, who
decides what, who sits at the table, two tracks run by one team.

A pattern a room is told about and not shown reads as a form ("helps when / stop when"); one
picture of the pattern at work is what the back row remembers. Same contract as deck/diagrams.py:
one SVG unit is one CSS pixel of the 1920x1080 slide, and every label here is 32 px or more (the
room's floor), none overlapping another; colours are theme classes, one per tone (accent,
deep, shared, warm, plain); each picture is a <figure class="diagram"> with a
titled, described <svg role="img"> and a text alternative for screen readers and the reading view.
"""
from __future__ import annotations

import math
import re

from markupsafe import Markup

from .diagrams import WIDTH, Diagram, fit, label, listing, svg, text_width

FLOOR = 32  # px: nothing projected is smaller
SIZES = (40, 36, 34, FLOOR)
VALUE_SIZES = (144, 128, 120, 108, 96, 84, 72, 60, 48)  # a panel's value: its one line, large


def _box(tone: str, x: float, y: float, w: float, h: float, rx: float = 16, extra: str = "") -> str:
    return (f'<rect class="tone tone-{tone}{extra}" x="{x:g}" y="{y:g}" width="{w:g}" height="{h:g}" '
            f'rx="{rx:g}"/>')


def _centred(x: float, y: float, text: str, width: float, tone: str, sizes=SIZES, lines: int = 2,
             css: str = "") -> tuple[str, float]:
    """A bold label centred on (x, y) in at most `lines` lines of `width`: its SVG and its height."""
    size, wrapped = fit(text, width, lines, bold=True, sizes=sizes)
    height = len(wrapped) * size * 1.15
    first = y - height / 2 + size * 0.85
    words = label(x, first, wrapped, size, f"on-tone on-{tone} {css}".strip(), "middle", leading=1.15)
    return words, height


def _figure(name: str, uid: str, height: float, title: str, desc: str, body: list[str],
            items: list[tuple[str, str]]) -> Diagram:
    return Diagram(name, svg(uid, WIDTH, height, title, desc, _together(uid, body)), listing(items))


_SHARED = re.compile(r'<(rect|circle) class="tone tone-shared[^"]*" (?:cx|x)="([-\d.]+)" (?:cy|y)="([-\d.]+)" '
                     r'(?:r="([-\d.]+)"|width="([-\d.]+)" height="([-\d.]+)")')


def _together(uid: str, body: list[str]) -> list[str]:
    """Both sides together drawn as a root's "Both sides" chip is: the shape neutral, its words on
    the grey, and the two sides' colours in a swatch each inside it (at a bar's or a panel's left
    end, in a seat's middle). A shape half one colour, half the other cut its words in two, which
    read from the back of the room as a rendering fault."""
    marked = []
    for part in body:
        marked.append(part)
        shape = _SHARED.match(part)
        if not shape:
            continue
        kind, x, y, _, w, h = shape.groups()
        x, y = float(x), float(y)
        if kind == "circle":  # in the seat's middle
            marked.append(both_swatches(x - 30, y - 13, 26))
        elif float(h) < 200:  # a bar or a lane: at its left end, in the middle of its height
            side = min(32.0, float(h) * 0.4)
            marked.append(both_swatches(x + 32, y + (float(h) - side) / 2, side))
        else:  # a panel: in its top left corner
            marked.append(both_swatches(x + 24, y + 24, 32))
    return marked


def both_swatches(x: float, y: float, side: float) -> str:
    """The two sides' colours, a square each, side by side from (x, y): they hold no word."""
    gap = side / 4
    return "".join(f'<rect class="swatch side-{tone}" x="{x + index * (side + gap):g}" y="{y:g}" width="{side:g}" '
                   f'height="{side:g}" rx="{side / 5:g}"/>' for index, tone in enumerate(("accent", "deep")))


# ---------------------------------------------------------------- before and after, two views

def before_after(technique, uid: str) -> Diagram:
    """Two panels: before and after the pattern (an arrow between), or two views of one thing
    (an unequal sign between); what is measured or disputed above them."""
    picture = technique.picture
    clash = picture.picture == "two-views"
    # A panel as tall as its words: a line under the value where a reading has a note, else none
    # (an empty lower half reads as something missing). The pair is the slide: panels as wide as the
    # stage leaves beside the sign between them, values large (a before and after's one-line value
    # at 120 px and more), so the stage holds one picture, not a small pair between empty bands.
    noted = any(reading.note for reading in (picture.before, picture.after))
    # Panels as tall as the stage leaves under the title, so the pair fills it and starts under the title.
    panel_w, panel_h, top = 720 if clash else 784, 540 if noted else 480, 84
    # The words as a box of their own height would set them, centred in the taller panel: padding
    # above and below alike, not an empty lower half.
    inset = (panel_h - (440 if noted else 340)) / 2
    inner = panel_w - 48
    gap = WIDTH - 2 * panel_w
    body = [label(WIDTH / 2, 48, [picture.measure], 40, "measure", "middle")]
    items = []
    readings = (picture.before, picture.after)
    # Two views are phrases ("An established market"): two lines, set to the space under the name.
    lines, sizes = (2, VALUE_SIZES[4:]) if clash else (1, VALUE_SIZES)
    # One size for both values, the longer's: a value set larger reads as the one that matters.
    value_size = min(fit(reading.value, inner, lines, bold=True, sizes=sizes)[0] for reading in readings)
    for index, reading in enumerate(readings):
        tone = reading.tone or ("accent" if index == 0 else "shared")
        if index == 0 and not clash:  # what the pattern leaves behind: drawn in the past's grey
            tone = "past"
        x = index * (panel_w + gap)
        # A panel whose reading has no note beside one that has: its words centred in the panel too.
        inset = (panel_h - (440 if reading.note else 340)) / 2
        body.append(_box(tone, x, top, panel_w, panel_h))
        body.append(label(x + panel_w / 2, top + inset + 84, [reading.who], 44, f"on-tone on-{tone} who", "middle"))
        value_lines = fit(reading.value, inner, lines, bold=True, sizes=(value_size,))[1]
        # The value in the middle of the space under the name (and over the note, where there is one).
        below = top + inset + 108, top + panel_h - inset - (96 if reading.note else 24)
        block = len(value_lines) * value_size * 1.1
        first = (below[0] + below[1]) / 2 - block / 2 + value_size * 0.8
        body.append(label(x + panel_w / 2, first, value_lines, value_size, f"on-tone on-{tone} value", "middle",
                          leading=1.1))
        if reading.note:
            note_size, note_lines = fit(reading.note, inner, 1, sizes=(40, 36, FLOOR))
            body.append(label(x + panel_w / 2, top + panel_h - inset - 52, note_lines, note_size,
                              f"on-tone on-{tone} note", "middle"))
        items.append((reading.who, reading.value + (f", {reading.note}" if reading.note else "")))
    # The sign between the panels: an arrow as wide as their gap leaves, an unequal sign with room
    # either side (touching the panels, it would read as joining them).
    middle, y, half = WIDTH / 2, top + panel_h / 2, 56 if clash else gap / 2 - 16
    if clash:  # an unequal sign: two views of one thing that cannot both hold
        body.append(f'<path class="versus" d="M{middle - half:g} {y - 20:g} H{middle + half:g} M{middle - half:g} {y + 20:g} '
                    f'H{middle + half:g} M{middle + 24:g} {y - 56:g} L{middle - 24:g} {y + 56:g}"/>')
    else:
        body.append(f'<path class="change" d="M{middle - half:g} {y:g} H{middle + half - 30:g}"/>')
        body.append(f'<path class="change-head" d="M{middle + half - 40:g} {y - 32:g} L{middle + half:g} {y:g} '
                    f'L{middle + half - 40:g} {y + 32:g} Z"/>')
    height = top + panel_h + 4
    title = f"{technique.name}: {picture.measure}"
    link = " differs from " if clash else " becomes "
    desc = (f"{picture.measure}. {picture.before.who}: {picture.before.value}{link}"
            f"{picture.after.who}: {picture.after.value}.")
    return _figure(picture.picture, uid, height, title, desc, body, items)


# ---------------------------------------------------------------- decision rights

def decision_rights(technique, uid: str) -> Diagram:
    """One row per decision: its name on the left, who holds it in a bar of its tone (one side accent,
    the other deep; both together, the outside, plain)."""
    rows = technique.picture.rows
    # Rows tall enough to fill the stage under a two-line title: three thin bars in its middle left
    # bands of paper above and below them that read as a gap.
    left, row_h, gap = 600, 150, 52
    area = WIDTH - left - 24
    # One width for every bar, across the area: a bar's length would read as a share of the
    # decision, and it means nothing here.
    w = area
    body, items = [], []
    for index, row in enumerate(rows):
        y = index * (row_h + gap)
        body.append(label(left - 36, y + row_h / 2 + 16, [row.decision], 44, "decision", "end"))
        # Every bar starts at the one left edge: a bar further right would read as later, a
        # timeline (one holder after the other), where the picture means only who holds it.
        x = left
        body.append(_box(row.tone, x, y, w, row_h, rx=row_h / 2))
        text, _ = _centred(x + w / 2, y + row_h / 2, row.who, w - 48, row.tone, sizes=(48, *SIZES), lines=1)
        body.append(text)
        items.append((row.decision, row.who))
    height = len(rows) * (row_h + gap) - gap + 4
    title = f"{technique.name}: who decides what"
    desc = "; ".join(f"{row.decision}: {row.who}" for row in rows) + "."
    return _figure("decision-rights", uid, height, title, desc, body, items)


# ---------------------------------------------------------------- one ranked list

def worth(value: str) -> float:
    """The number a value starts with, thousands and millions read ("$25k risk" -> 25000): what a
    ranked item's bar is drawn to."""
    number = re.search(r"(\d+(?:[.,]\d+)?)\s*([kKmM]?)", value)
    scale = {"k": 1e3, "m": 1e6}.get(number.group(2).lower(), 1) if number else 0
    return float(number.group(1).replace(",", ".")) * scale if number else 0.0


def ranks_on(picture):
    """What a row (and a value of it) is ranked and its bar drawn on: its value per week when every
    item gives its weeks, else its value."""
    if all(row.weeks for row in picture.items):
        return lambda row, value: worth(value) / row.weeks
    return lambda row, value: worth(value)


def jumps(picture) -> dict:
    """The items whose value moves at the click, by name: the deadline's own, then any it drags up
    with it (`also`: a failure during filing would cost more too)."""
    then = getattr(picture, "then", None)
    return {jump.item: jump for jump in ([then, *then.also] if then else [])}


def ranked(picture, then: bool = True) -> list[tuple]:
    """(item, its value) top first, as the list ranks them: on value per week when every item gives
    its weeks, else in the order written; `then`: in the second state, where the jumps have happened."""
    moved = jumps(picture) if then else {}
    rows = [(row, moved[row.item].value if row.item in moved else row.value) for row in picture.items]
    if all(row.weeks for row in picture.items):  # computed, so the picture cannot rank on anything else
        rate = ranks_on(picture)
        rows.sort(key=lambda pair: rate(*pair), reverse=True)
    return rows


def rate_unit(picture) -> float:
    """The unit a ratio is printed in: the values' own ($14k, $90k: thousands), so "15.0" is read
    in the money the value column shows, not as 15,000."""
    smallest = min([worth(row.value) for row in picture.items] + [math.inf])
    return 1e6 if smallest >= 1e6 else 1e3 if smallest >= 1e3 else 1.0


def rate_label(row, value: str, unit: float) -> str:
    """A row's value per week of appetite, one decimal, in the values' unit: the number it ranks on."""
    return f"{worth(value) / row.weeks / unit:.1f}"


def ranked_list(technique, uid: str) -> Diagram:
    """The list itself, top first: a rank, the item, a bar as long as its value and the value at the
    bar's end in the one unit, so a debt item sits between features on what it is worth. Every bar
    one colour: it is one list, not one side's items and the other's. An item's kind said before a
    colon ("Debt: flaky sync") is drawn as a small tag before its name.

    Given each item's appetite (weeks), the list is a trade-off, not a sort on value: each row shows
    what it is worth and its weeks, then a bar as long as its value per week of appetite, that ratio
    printed at the bar's end (near-equal bars are read, not guessed), the rows ranked on it, highest
    first (the order is the rank).

    With a second state (`then`: a deadline nears, one item's value jumps), the picture is drawn as
    it ends, which every print shows: the jump said where the value is, the first value struck and
    small, an arrow drawn (no font is asked for one), the new value large (a list without the appetite
    marks the jumped bar with the deadline's marker instead; with it, the room's words go to the
    numbers and the deadline is said aloud). The deck starts one click
    earlier: each row moved back to its first place (--was), the jumping bar shrunk to its first
    length (--bar) and its first value and ratio shown, the jump, marker and new ratio a reveal.js
    fragment (static/theme/deck.css)."""
    picture = technique.picture
    rows, first = ranked(picture), [row for row, _ in ranked(picture, then=False)]
    jumped_to = jumps(picture)

    def why_of(row) -> str:  # what the text alternative says moved an item: its own reason, or the deadline's
        return getattr(jumped_to[row.item], "marker", None) or f"as {picture.then.item} jumps"
    appetite = all(row.weeks for row in picture.items)
    unit = rate_unit(picture)
    # Rows as tall as the stage under the title leaves (four rows fill it), so the list starts
    # under the title, not below an empty band.
    row_h, gap = (120, 28) if appetite else (84, 16)
    big = 44 if appetite else 40  # the rows' words, as large as their columns allow
    number_w, name_w = (0, 520) if appetite else (64, 600)
    # With the appetite: the value and the weeks in columns of their own, right-aligned under their
    # heads, then the bar of value per week across the rest of the width, its ratio at its end.
    value_x, weeks_x = name_w + 240, name_w + 400
    track_x = weeks_x + 64 if appetite else number_w + 16 + name_w + 24
    track_w = WIDTH - track_x - (150 if appetite else 280)
    bar_value = ranks_on(picture)
    largest = max(bar_value(row, value) for row, value in rows)
    body = [label(WIDTH / 2, 40, [picture.measure], 36, "measure", "middle")]
    top = 70
    if appetite:
        heads = 118
        body.append(label(value_x, heads, [picture.heads[0]], FLOOR, "measure column-head", "end"))
        body.append(label(weeks_x, heads, [picture.heads[1]], FLOOR, "measure column-head", "end"))
        body.append(label(track_x, heads, [picture.heads[2]], FLOOR, "measure column-head"))
        top = heads + 28
    items = []
    for index, (row, value) in enumerate(rows):
        y, middle = top + index * (row_h + gap), top + index * (row_h + gap) + row_h / 2
        jumped = value != row.value
        moved = (first.index(row) - index) * (row_h + gap)
        body.append(f'<g class="ranked-row" style="--was:{moved:g}px">' if moved else "<g>")
        if not appetite:
            body.append(label(number_w, middle + 14, [str(index + 1)], 40, "decision", "end"))
        kind, _, name = row.item.partition(":") if ":" in row.item else ("", "", row.item)
        x = number_w + 16 if number_w else 0
        if kind:
            tag_w = text_width(kind.strip(), FLOOR, bold=True) + 32
            body.append(f'<rect class="pill" x="{x:g}" y="{middle - 26:g}" width="{tag_w:.0f}" height="52" rx="26"/>')
            body.append(label(x + tag_w / 2, middle + 11, [kind.strip()], FLOOR, "pill-label", "middle"))
            x += tag_w + 16
        name_right = (number_w + 16 if number_w else 0) + name_w
        if jumped and appetite:  # the jump takes the value column's left: the name keeps clear of it
            jump_w = text_width(row.value, 40, bold=True) + 84 + text_width(value, 52, bold=True)
            name_right = min(name_right, value_x - jump_w - 24)
        size, wrapped = fit(name.strip(), name_right - x, 2, bold=True, sizes=(big, *SIZES) if appetite else SIZES)
        # With the appetite, why the value jumped is said under the name (a few words, one line): the
        # name sits higher to leave it room, in both states, so nothing moves but the rows.
        why = getattr(jumped_to.get(row.item), "marker", None) if appetite else None
        lift = 22 if why and len(wrapped) == 1 else 0
        body.append(label(x, middle - (len(wrapped) - 1) * size * 0.575 + size * 0.35 - lift, wrapped, size,
                          "ranked-item", leading=1.15))
        bar_w = max(12.0, track_w * bar_value(row, value) / largest)
        shrink = bar_value(row, row.value) / bar_value(row, value)
        was = f' style="--bar:{shrink:.3f}"' if jumped else ""
        body.append(f'<rect class="ranked-bar" x="{track_x:g}" y="{y + 12:g}" width="{bar_w:.0f}" '
                    f'height="{row_h - 24:g}" rx="8"{was}/>')
        value_at = (value_x, middle + 15, "end") if appetite else (track_x + bar_w + 20, middle + 14, "start")
        if jumped:  # the first value (and ratio), shown only before the click: not drawn (nor printed) wherever no deck shows it
            hidden = '<text display="none" '
            body.append(label(*value_at[:2], [row.value], big, "decision ranked-was", value_at[2])
                        .replace("<text ", hidden, 1))
            if appetite:
                body.append(label(track_x + bar_w * shrink + 20, middle + 15, [rate_label(row, row.value, unit)], big,
                                  "ranked-rate ranked-rate-was").replace("<text ", hidden, 1))
            # every jump one click: one fragment index for all of them
            body.append('<g class="fragment rerank" data-fragment-index="0">')
            marker = getattr(jumped_to[row.item], "marker", None)
            if marker and appetite:  # why it jumped, under the name; the jump itself said in numbers
                body.append(label(x, middle + 40, [marker], FLOOR, "decision ranked-why"))
            elif marker:
                marker_w = text_width(marker, FLOOR, bold=True)
                body.append(label(track_x + bar_w - 24, middle + 11, [marker], FLOOR, "ranked-marker", "end")
                            if marker_w + 48 <= bar_w else
                            label(track_x + bar_w + 20, middle + 11, [marker], FLOOR, "ranked-item"))
        if jumped and appetite:  # "$18k -> $90k": the first value struck and small, the new one large
            new_w, old_w = text_width(value, 52, bold=True), text_width(row.value, 40, bold=True)
            old_right, base = value_x - new_w - 84, middle + 14
            body.append(label(old_right, base - 1, [row.value], 40, "ranked-old", "end"))
            body.append(f'<path class="ranked-strike" d="M{old_right - old_w - 4:g} {base - 14:g} H{old_right + 4:g}"/>')
            tip = value_x - new_w - 16
            body.append(f'<path class="ranked-jump" d="M{old_right + 18:g} {base - 14:g} H{tip - 12:g}"/>')
            body.append(f'<path class="ranked-jump-head" d="M{tip - 16:g} {base - 26:g} L{tip:g} {base - 14:g} '
                        f'L{tip - 16:g} {base - 2:g} Z"/>')
            body.append(label(value_x, base + 3, [value], 52, "ranked-value ranked-new", "end"))
        else:
            body.append(label(*value_at[:2], [value], big, "decision ranked-value", value_at[2]))
        if appetite:  # the number the list ranks on, at the bar's end
            body.append(label(track_x + bar_w + 20, middle + 15, [rate_label(row, value, unit)], big, "ranked-rate"))
        if jumped:
            body.append("</g>")
        if appetite:
            body.append(label(weeks_x, middle + 15, [str(row.weeks)], big, "decision ranked-weeks", "end"))
            # the rank is a month's value over the weeks (cost of delay over duration), not a value a week
            items.append((f"{index + 1}. {row.item}", f"{value} a month, {row.weeks} week{'s' * (row.weeks > 1)}, "
                                                      f"ranked on {rate_label(row, value, unit)}: a month's value ÷ weeks"
                                                      + (f" ({why_of(row)}: was {row.value}, ranked "
                                                         f"{first.index(row) + 1})" if jumped else "")))
        else:
            items.append((f"{index + 1}. {row.item}", value + (f" ({why_of(row)}: was {row.value})"
                                                                if jumped else "")))
        body.append("</g>")
    height = top + len(rows) * (row_h + gap) - gap + 4
    title = f"{technique.name}: {picture.measure}"
    desc = "; ".join(f"{item}, {value}" for item, value in items) + "."
    return _figure("ranked-list", uid, height, title, desc, body, items)


# ---------------------------------------------------------------- who is in the room

def room(technique, uid: str) -> Diagram:
    """The people at the table as the corners of one shape (three make a triangle), what the table is
    for written inside it; a seat marked `outside` sits apart, on the right, joined to the table."""
    picture = technique.picture
    inside = [seat for seat in picture.seats if not seat.outside]
    outside = [seat for seat in picture.seats if seat.outside]
    height, cy, radius = 620, 330, 240
    cx = WIDTH * 0.4 if outside else WIDTH / 2
    count = len(inside)
    # The first seat at the top, then clockwise: a triangle for three, a square for four.
    corners = [(cx + radius * math.cos(-math.pi / 2 + 2 * math.pi * i / count),
                cy + radius * math.sin(-math.pi / 2 + 2 * math.pi * i / count)) for i in range(count)]
    body = []
    for index, seat in enumerate(outside):
        x, y = WIDTH - 260, cy - (len(outside) - 1) * 80 + index * 160
        body.append(f'<line class="join" x1="{cx + radius * 0.6:g}" y1="{cy:g}" x2="{x - 56:g}" y2="{y:g}" '
                    f'stroke-dasharray="14 10"/>')
        body.append(f'<circle class="tone tone-{seat.tone} seat" cx="{x:g}" cy="{y:g}" r="48"/>')
        size, lines = fit(seat.name, 380, 1, bold=True, sizes=(44, 40, 36, FLOOR))
        body.append(label(x, y + 68 + size * 0.8, lines, size, "seat-name", "middle"))
    if count >= 3:
        points = " ".join(f"{x:g},{y:g}" for x, y in corners)
        body.append(f'<polygon class="table" points="{points}"/>')
    middle = cy + (radius * 0.25 if count == 3 else 0)  # a triangle's room is below its centre
    text, _ = _centred(cx, middle, picture.table, radius * 1.1, "table", lines=2, sizes=(44, 40, 36, FLOOR))
    body.append(text)
    for (x, y), seat in zip(corners, inside):
        # At the table, a seat of neither side (design, in a trio) has a colour of its own: drawn
        # uncoloured, as the outside seat is, it read as an outsider at its own table.
        tone = "own" if seat.tone == "plain" else seat.tone
        body.append(f'<circle class="tone tone-{tone} seat" cx="{x:g}" cy="{y:g}" r="48"/>')
        size, lines = fit(seat.name, 380, 1, bold=True, sizes=(44, 40, 36, FLOOR))
        if y < cy - radius * 0.6:  # the top corner: its name to its right, clear of the shape
            body.append(label(x + 72, y + size * 0.35, lines, size, "seat-name", "start"))
        elif x < cx:
            body.append(label(x - 72, y + size * 0.35, lines, size, "seat-name", "end"))
        else:
            body.append(label(x + 72, y + size * 0.35, lines, size, "seat-name", "start"))
    items = [(picture.table, ", ".join(seat.name for seat in inside))]
    items += [(seat.name, "outside, worked with") for seat in outside]
    title = f"{technique.name}: who is in the room"
    desc = f"At the table, {picture.table}: " + ", ".join(seat.name for seat in inside) + "."
    if outside:
        desc += " Outside it: " + ", ".join(seat.name for seat in outside) + "."
    return _figure("who-is-in-the-room", uid, height, title, desc, body, items)


# ---------------------------------------------------------------- two tracks

def two_tracks(technique, uid: str) -> Diagram:
    """Two lanes, step by step, the upper one feeding the lower one a step later (no handover
    between teams), and a bracket naming the one team that runs both."""
    picture = technique.picture
    name_w, lane_h, lane_gap, bracket_w = 250, 120, 90, 330
    steps = max(len(track.items) for track in picture.tracks)
    area = WIDTH - name_w - bracket_w - 40
    step_w = area / (steps + 0.5)  # the lower lane starts half a step later
    body, items, centres = [], [], []
    for t_index, track in enumerate(picture.tracks):
        y = t_index * (lane_h + lane_gap)
        body.append(label(0, y + lane_h / 2 + 14, [track.name], 40, "track-name"))
        row = []
        for s_index, item in enumerate(track.items):
            x = name_w + s_index * step_w + (step_w / 2 if t_index else 0)
            w = step_w - 24
            body.append(_box(track.tone, x, y, w, lane_h, rx=lane_h / 2))
            text, _ = _centred(x + w / 2, y + lane_h / 2, item, w - 40, track.tone, lines=1)
            body.append(text)
            row.append((x + w / 2, y, y + lane_h))
        centres.append(row)
        items.append((track.name, ", ".join(track.items)))
    for (x1, _, bottom), (x2, top, _) in zip(centres[0], centres[1]):  # each discovery feeds delivery
        body.append(f'<path class="feed" d="M{x1:g} {bottom + 8:g} L{x2:g} {top - 14:g}"/>')
        body.append(f'<path class="feed-head" d="M{x2 - 12:g} {top - 26:g} L{x2:g} {top - 4:g} L{x2 + 12:g} {top - 26:g}"/>')
    height = 2 * lane_h + lane_gap
    bx = WIDTH - bracket_w + 10
    body.append(f'<path class="bracket" d="M{bx:g} 0 h24 V{height:g} h-24"/>')
    size, lines = fit(picture.people, bracket_w - 60, 2, bold=True, sizes=(40, 36, FLOOR))
    body.append(label(bx + 48, height / 2 - (len(lines) - 1) * size * 0.6 + size * 0.35, lines, size,
                      "people", leading=1.2))
    items.append(("", picture.people))
    title = f"{technique.name}: two tracks, one team"
    desc = (" and ".join(f"{track.name}: {', '.join(track.items)}" for track in picture.tracks)
            + f"; both run by {picture.people}.")
    return _figure("two-tracks", uid, height + 4, title, desc, body, [i for i in items if i[0]])


DRAW = {"before-after": before_after, "two-views": before_after, "decision-rights": decision_rights, "ranked-list": ranked_list,
        "who-is-in-the-room": room, "two-tracks": two_tracks}


def for_technique(technique, uid: str) -> Markup:
    """The figure of what a pattern (or a tool) is or does, or nothing when it carries no picture."""
    picture = getattr(technique, "picture", None)
    if picture is None:
        return Markup("")
    return DRAW[picture.picture](technique, uid).figure("evidence")

