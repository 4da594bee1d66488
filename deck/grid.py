"""The partnership grid: one column per context, built as the talk goes.

Each context slide adds its column (who leads there, who advises, the one pattern its chapter tells
in depth, and what excellence means there: its practice, where the talk names one, with its
measure under it in the column being told, else the one tool the chapter tells); the columns still to come stand as outlines under their names,
so the room sees the grid grow. Drawn whole, it is the reveal (`diagram: partnership-grid`), its
row of who leads lit. The excellence grid (`diagram: excellence`) puts what excellence means in
each context under the same heads.

The pattern and the tool of a column are the ones its chapter shows: the first pattern and the
first tool slide after the context slide, before the next context or diagram. So the grid says
what the room heard, and a talk that reorders its chapters redraws it. Drawn like deck/diagrams.py:
one SVG unit is one CSS pixel of the 1920x1080 slide, nothing under the room's 32 px.
"""
from __future__ import annotations

from .diagrams import MIN_LABEL, WIDTH, Diagram, drawn, fit, label, listing, short_lead, svg, text_width, wrap

LABEL_W = 250  # the rows' names
HEAD_H = 92
GAP = 12
GRID_ROW = 160  # a context slide's row: two lines at 40 px with room round them (three rows fill the stage)
MEASURE_H = 64  # the excellence row's extra line for the measure under its practice
MEASURE_GAP = 8  # between the practice's last line and its measure


def chapters(deck) -> dict[str, dict[str, object]]:
    """Per context id: the pattern and the tool its chapter tells, in the outline's order."""
    found: dict[str, dict[str, object]] = {}
    current = None
    for slide in deck.slides:
        if slide.kind == "context":
            current = found.setdefault(slide.subject.id, {})
        elif slide.kind in ("diagram", "section"):
            current = None
        elif current is not None and slide.kind in ("pattern", "tool"):
            current.setdefault(slide.kind, slide.subject)
    return found


def _name(entry) -> str:
    return (entry.short or entry.name) if entry is not None else ""


def excellence_row(deck) -> bool:
    """Whether the grid's last row is excellence: the title's other half runs through the grid, one
    practice a column, so the excellence slide pays off a row the room has watched fill (and a tool
    skipped for time leaves no name on the grid the room never heard)."""
    return any(context.practice for context in deck.talk.contexts)


def _pattern(deck, context, chapter: dict[str, object]):
    """The pattern a chapter tells: its pattern slide's; else, where it tells a tool in the pattern's
    place (a map the bet is placed on), the pattern that tool serves in this context, so the
    Pattern row names patterns in every column, never a tool."""
    if chapter.get("pattern") is not None or chapter.get("tool") is None:
        return chapter.get("pattern")
    patterns = {pattern.id: pattern for pattern in deck.talk.patterns}
    served = [patterns[ref] for ref in chapter["tool"].supports if ref in patterns]
    return next((pattern for pattern in served if context.id in pattern.contexts), chapter["tool"])


def columns(deck) -> list[tuple[object, list[str]]]:
    """Each context and its cells, top to bottom: who leads, who advises, the pattern, and the
    practice excellence means there (else the tool)."""
    told, practice = chapters(deck), excellence_row(deck)
    return [(context, [short_lead(context.stance.leads), short_lead(context.stance.advises),
                       _name(_pattern(deck, context, told.get(context.id, {})) if practice
                             else told.get(context.id, {}).get("pattern")),
                       (context.practice or "") if practice else _name(told.get(context.id, {}).get("tool"))])
            for context in deck.talk.contexts]


# The pictures' tones that stand for one side of the partnership each: a name the talk draws in the
# accent tone is one side's, in the deep tone the other's. The grid's lead cells borrow them, so a
# side keeps one colour across every diagram; a lead no picture colours (two or more people leading
# together) is drawn as both. A talk whose pictures name no side keeps one lead colour.
SIDES = ("accent", "deep")


def sides(deck) -> dict[str, str]:
    """Each name the talk's pictures colour as one side, lower-cased, to that side's tone."""
    named = {}
    for technique in [*deck.talk.patterns, *deck.talk.tools]:
        picture = technique.picture
        if picture is None or picture.picture == "ranked-list":  # a list's rows are work, not people
            continue
        parts = (getattr(picture, "rows", None) or getattr(picture, "seats", None)
                 or getattr(picture, "tracks", None) or [picture.before, picture.after])
        for part in parts:
            name = getattr(part, "who", None) or getattr(part, "name", "")
            if part.tone in SIDES:
                named.setdefault(name.lower(), part.tone)
    return named


def _grid(deck, uid: str, rows: list[str], cells: list[list[str]], shown: int, here: int | None,
          lit_row: int | None, row_h: float, sizes=(36, 34, 32), most: int = 3,
          name_size: float = MIN_LABEL, measures: list[str] = ()) -> tuple[list[str], float]:
    """The heads, the rows' names (at `name_size`) and the cells of the first `shown` columns; the rest outlined.
    `measures`, a column's each: the number that tells whether that column meets its last row's
    practice, set under that practice in its cell (a column told keeps it: excellence is half the title)."""
    contexts = deck.talk.contexts
    # Whole pixels: a fraction of a pixel is invisible, and its digits weigh on the single file.
    col_w = (WIDTH - LABEL_W) // max(len(contexts), 1)
    body, side = [], sides(deck)
    # The last row grows by a line where it carries the measure too, into the band under the grid.
    tall = MEASURE_H if any(measures) else 0
    heights = [row_h] * (len(rows) - 1) + [row_h + tall]
    height = HEAD_H + len(rows) * (row_h + GAP) + tall
    if lit_row is not None:  # the row the reveal is about, lit across every column
        y = HEAD_H + lit_row * (row_h + GAP)
        body.append(f'<rect class="grid-row-lit" x="0" y="{y - GAP / 2:g}" width="{WIDTH}" '
                    f'height="{row_h + GAP:g}" rx="16"/>')
    for index, context in enumerate(contexts):
        x = LABEL_W + index * col_w
        state = "here" if index == here else ("told" if index < shown else "to-come")
        if state == "here":
            body.append(f'<rect class="grid-column-here" x="{x + 4:g}" y="0" width="{col_w - 8:g}" '
                        f'height="{height:g}" rx="20"/>')
        size, lines = fit(context.short or context.name, col_w - 32, 1, bold=True, sizes=(40, 36, 34, 32))
        body.append(label(x + col_w // 2, round(HEAD_H / 2 + size * 0.36), lines[:1], size, f"grid-head {state}", "middle"))
        for row in range(len(rows)):
            y = HEAD_H + row * (row_h + GAP)
            if index >= shown:
                body.append(f'<rect class="grid-cell to-come" x="{x + 14:g}" y="{y:g}" width="{col_w - 28:g}" '
                            f'height="{heights[row]:g}" rx="14"/>')
                continue
            lead = ""
            if row == 0 and most <= 3:  # who leads: the row the grid is about, in that side's colour
                lead = " lead" + (f" by-{lead_tone(side, cells[index][0])}" if side else "")
            if lead.endswith("by-both"):  # led jointly: each side on a half of its own, its name on it
                body += joint_cell(side, cells[index][0], x + 14, y, col_w - 28, heights[row], 14, state, sizes)
                continue
            body.append(f'<rect class="grid-cell {state}{lead}" x="{x + 14:g}" y="{y:g}" '
                        f'width="{col_w - 28:g}" height="{heights[row]:g}" rx="14"/>')
            if index < len(measures) and measures[index] and row == len(rows) - 1:
                body += _practice_and_measure(x + col_w // 2, y, col_w - 60, heights[row], cells[index][row],
                                              measures[index], state)
                continue
            size, lines = fit(cells[index][row], col_w - 60, most, bold=row == 0 and most <= 3, sizes=sizes)
            first = round(y + heights[row] / 2 - (len(lines) - 1) * size * 1.15 / 2 + size * 0.36)
            body.append(label(x + col_w // 2, first, lines, size,
                              f"grid-text{lead} {state}", "middle", leading=1.15))
    for row, name in enumerate(rows):
        y = HEAD_H + row * (row_h + GAP)
        body.append(label(20, y + heights[row] / 2 + name_size * 0.36, [name.upper()], name_size, "grid-row-name"))
    return body, height


def _practice_and_measure(cx: float, y: float, width: float, row_h: float, practice: str, measure: str,
                          state: str = "here") -> list[str]:
    """Excellence in a column: the practice, and under it, in the measures' muted grey,
    the one number that tells whether it works (the title's other half seen, not only heard); both
    at the room's floor or above, the pair centred in the cell."""
    size, lines = fit(practice, width, 2, sizes=(40, 36, 34, 32))  # as large as the row's other cells
    small, under = fit(measure, width, 2, sizes=(36, 34, 32))
    # Each line's box, as the browser measures it, runs about 0.95 of its size above the baseline and
    # 0.25 below: the two labels are stacked box on box with a gap, never baseline on baseline.
    block = ((len(lines) - 1) * size * 1.15 + 1.2 * size) + MEASURE_GAP + ((len(under) - 1) * small * 1.15 + 1.2 * small)
    first = y + (row_h - block) / 2 + 0.95 * size
    last = first + (len(lines) - 1) * size * 1.15
    return [label(cx, round(first), lines, size, f"grid-text {state}", "middle", leading=1.15),
            label(cx, round(last + 0.25 * size + MEASURE_GAP + 0.95 * small), under, small, "measure", "middle",
                  leading=1.15)]


def lead_tone(side: dict[str, str], lead: str) -> str:
    """How a lead is drawn: a side's tone where the pictures colour that name; both sides where it
    names both sides' names (the two together, one bet); else a team of more than the two sides (a
    trio with a third role), drawn neutral, so it never reads as the two sides alone."""
    if lead.lower() in side:
        return side[lead.lower()]
    named = {tone for name, tone in side.items() if name and name in lead.lower()}
    return "both" if named >= set(SIDES) else "team"


# A band of both sides' colours down a neutral chip's left edge ("Both: the order").
BAND = 24
# Between a joint lead's two halves: a strip of paper, so each reads as a chip of its own.
SPLIT = 6


def joint_names(side: dict[str, str], lead: str) -> list[tuple[str, str]]:
    """A joint lead's sides in the order its words name them, each as (tone, name), the name
    capitalised: 'Sales + ops', where the pictures colour sales in the accent tone and ops in the
    deep one, is [('accent', 'Sales'), ('deep', 'Ops')]."""
    found = []
    for tone in SIDES:
        names = sorted((name for name, named in side.items() if named == tone and name in lead.lower()), key=len)
        if names:
            at = lead.lower().index(names[-1])
            word = lead[at:at + len(names[-1])]
            found.append((at, tone, word[:1].upper() + word[1:]))
    return [(tone, name) for _, tone, name in sorted(found)]


def joint_cell(side: dict[str, str], lead: str, x: float, y: float, w: float, h: float, r: float,
               state: str = "", sizes=(40, 36, 34, 32)) -> list[str]:
    """A cell led jointly as two chips, one above the other (as a shared side's band runs down a
    slide's edge), each in its side's colour with that side's name on it alone: a colour boundary
    through a word read, from the back of the room, as a rendering fault."""
    names = joint_names(side, lead)
    half = (h - SPLIT) / 2
    size = min(fit(name, w - 32, 1, bold=True, sizes=sizes)[0] for _, name in names)
    size = min(size, half * 0.62)  # the name inside its half, with room above and below it
    body = []
    for index, (tone, name) in enumerate(names):
        top = y + index * (half + SPLIT)
        body.append(f'<rect class="grid-cell {state} lead by-{tone} joint" x="{x:g}" y="{top:g}" '
                    f'width="{w:g}" height="{half:g}" rx="{r:g}"/>')
        body.append(label(round(x + w / 2), round(top + half / 2 + size * 0.36), [name], size,
                          f"grid-text lead by-{tone} {state}", "middle"))
    return body


def _legend(deck, told: list, y: float) -> list[str]:
    """Under the first grid: which colour is which side, the two together, and a team of more than
    the two, named by the grid's own lead cells (the talk's words for each). Shown once: on every
    grid after it, the lead cells' words name their colours, and a repeated key is clutter."""
    side, entries = sides(deck), []
    for tone in SIDES:
        name = next((cells[0] for _, cells in told if side.get(cells[0].lower()) == tone), None)
        if name:
            entries.append((f"by-{tone}", name))
    if not entries:
        return []
    leads = [lead_tone(side, cells[0]) for _, cells in told]
    if "both" in leads or "team" not in leads:
        entries.append(("by-both", deck.labels("grid_legend_both")))
    # A team of more than the two sides, named as the grid names it.
    entries += [("by-team", cells[0]) for (_, cells), tone in zip(told, leads) if tone == "team"][:1]
    body, x = ['<g class="grid-key">'], LABEL_W + 14
    for tone, name in entries:
        if tone == "by-both":  # the joint lead's two chips, one above the other, as the cells draw it
            body += [f'<rect class="grid-cell lead by-{half}" x="{x:g}" y="{y + index * 26:g}" width="48" height="22" rx="6"/>'
                     for index, half in enumerate(SIDES)]
        else:
            body.append(f'<rect class="grid-cell lead {tone}" x="{x:g}" y="{y:g}" width="48" height="48" rx="8"/>')
        body.append(label(x + 64, y + 24 + MIN_LABEL * 0.36, [name], MIN_LABEL, "legend"))
        x += 64 + text_width(name, MIN_LABEL) + 56
    return body + ["</g>"]


def partnership_grid(deck, uid: str, upto: int | None = None, lit_row: int | None = None,
                     key_seen: bool = False) -> Diagram:
    """The grid with the columns up to `upto` (a context's index) drawn, that one lit; all when None,
    row `lit_row` lit. The whole grid about one column, the myth's verdict, is deck/verdict.py's."""
    told = columns(deck)
    # Drawn from the columns, the sides' colours and the words alone: kept while those are unchanged.
    key = ("grid", repr(told), repr(sorted(sides(deck).items())), deck.labels.fingerprint(),
           uid, upto, lit_row, key_seen)
    return drawn(key, lambda: _partnership_grid(deck, told, uid, upto, lit_row, key_seen))


def _partnership_grid(deck, told: list, uid: str, upto: int | None, lit_row: int | None,
                      key_seen: bool) -> Diagram:
    t = deck.labels
    shown = len(told) if upto is None else upto + 1
    last = "excellence" if excellence_row(deck) else "tool"
    # Who advises is said, not drawn: its row's room (and words) go to each column's measure, the
    # title's other half, kept in every column told (the cells' order: columns()).
    rows = [t("leads"), t("grid_pattern"), t(f"grid_{last}")]
    named = ["who_leads_in", "grid_pattern_in", f"grid_{last}_in"]
    told = [(context, [cells[0], *cells[2:]]) for context, cells in told]
    # A shorter edition may tell no tool (or no pattern) in any chapter: a row empty in every
    # column would look unfinished to the room, so it is left out, as the edition left those out.
    kept = [row for row in range(len(rows)) if row < 1 or any(cells[row] for _, cells in told)]
    told = [(context, [cells[row] for row in kept]) for context, cells in told]
    measured = last == "excellence" and kept[-1] == len(rows) - 1
    measures = [(context.measure or "") if measured else "" for context, _ in told]
    # As the columns are built, only the column being told draws its measure: the columns before it
    # keep their practice, and the reveal draws every measure again (so a column's source line fits
    # the room's words a slide). The readers' listing keeps them all.
    drawn_measures = [measure if upto is None or index == upto else "" for index, measure in enumerate(measures)]
    body, height = _grid(deck, uid, [rows[row] for row in kept], [cells for _, cells in told], shown,
                         upto, lit_row, row_h=GRID_ROW,
                         sizes=(40, 36, 34, 32), name_size=36, measures=drawn_measures)
    # the rows' names at 36 px, not the floor: they are what the back row reads the grid by
    # No key under the grids the columns are built on: each lead cell's words name its colour (who
    # leads, in words), and a key's swatches for leads not yet told, under the first column, only
    # spent the room's reading on colours it had not met.
    items = []
    for (context, cells), measure in zip(told[:shown], measures):
        if measure:  # the measure read with its practice, as the cell shows it
            cells = [*cells[:-1], f"{cells[-1]}; {measure}"]
        items += [(t(named[row], context=context.name), cell) for row, cell in zip(kept, cells)]
    title = t("grid_title" if last == "tool" else "grid_title_excellence", count=shown, total=len(told))
    desc = "; ".join(t("who_leads_where", lead=cells[0], context=context.name) for context, cells in told[:shown]) + "."
    return Diagram("partnership-grid", svg(uid, WIDTH, height + 4, title, desc, body), listing(items))


def excellence_grid(deck, uid: str) -> Diagram:
    """What excellence means in each context, under the grid's heads: one practice and one measure a
    column where the talk names them (what to do, and how to tell it works, beat a slogan from the
    back of the hall), else the one line."""
    t = deck.labels
    contexts = deck.talk.contexts
    rows = [field for field in ("practice", "measure") if any(getattr(c, field) for c in contexts)] or ["excellence"]
    cells = [[getattr(context, field) or "—" for field in rows] for context in contexts]
    one = len(rows) == 1
    body, height = _grid(deck, uid, [t(f"{field}_row") for field in rows], cells, len(contexts), None, None,
                         row_h=400 if one else 250, sizes=(44, 40, 36), most=6 if one else 4)
    # Readers get the line as well as the rows: the picture leaves it to the speaker.
    items = [(context.name, "; ".join(part for part in (context.excellence, *(getattr(context, f) for f in rows
                                                                               if f != "excellence")) if part))
             for context in contexts]
    items = [(name, what) for name, what in items if what]
    return Diagram("excellence", svg(uid, WIDTH, height + 4, t("excellence_title"),
                                     "; ".join(f"{name}: {what}" for name, what in items) + ".", body), listing(items))


def side_name(deck, tone: str | None) -> str:
    """A side named as the grid's key names it ("X's side"), both sides together, or '' for a
    tone that is no side: an anti-pattern's kicker says whose habit it is in the grid's words, so
    the colour of its band is explained on the first slide that shows it."""
    t = deck.labels
    if tone == "shared":
        return t("both_sides")
    if tone not in SIDES:
        return ""
    side = sides(deck)
    name = next((cells[0] for _, cells in columns(deck) if side.get(cells[0].lower()) == tone), None)
    return t("side_of", side=name) if name else ""


def kicker(deck, anti) -> tuple[str, str]:
    """An anti-pattern's kicker: the root it grows from, numbered in the talk's order, and its side."""
    numbered = {root.id: (number, root.name) for number, root in enumerate(deck.talk.roots, 1)}
    root = ""
    if anti.root in numbered:
        number, name = numbered[anti.root]
        root = deck.labels("root_kicker", number=number, root=name)
    return root, side_name(deck, anti.tone)
