"""The myth's verdict: the partnership grid the room watched being built, completed, about one column.

The same rows and the same words as the grid built column by column (deck/grid.py): who leads, in
colour, the pattern, and the practice excellence means there; under them one row that answers
whether the myth holds, a cross where it is wrong and one word where it nearly holds (who decides
what there is said, and kept in the readers' listing); and under all four columns the floor no
column skips (the slide's `datum`, credited on the slide). Drawn as deck/grid.py draws its grids
(one SVG unit a CSS pixel of the 1920x1080 slide, nothing under 32 px), so a copy of it, the
PowerPoint file's picture, keeps the floor band with the columns it is under.
"""
from __future__ import annotations

from .diagrams import WIDTH, Diagram, drawn, fit, label, listing, svg
from .grid import GAP, LABEL_W, _grid, _legend, columns, excellence_row, sides

ROW_H = 136  # a row of the completed grid: two lines at 40 px, or a joint lead's two chips at the one lead size
LEAD_SIZES = (40,)  # one size for every lead, the joint one's two chips too: a shared lead never reads weaker
FLOOR_H = 80  # the band under all four: one line at 40 px, with room round it
RULE = 8  # the floor's top edge, in ink: the slab reads as what the columns stand on


def claim_grid(deck, uid: str, here: int, floor: str = "", key_seen: bool = False) -> Diagram:
    """The whole grid about column `here` (the one where the myth nearly holds); `floor`: what every
    column stands on, drawn as a band under the four (none where empty); `key_seen`: an earlier
    slide drew the grid's key."""
    told = columns(deck)
    key = ("verdict", repr(told), repr([(c.good, tuple(c.stance.shares)) for c in deck.talk.contexts]),
           repr(sorted(sides(deck).items())), deck.labels.fingerprint(), uid, here, floor, key_seen)
    return drawn(key, lambda: _claim_grid(deck, told, uid, here, floor, key_seen))


def _claim_grid(deck, told: list, uid: str, here: int, floor: str, key_seen: bool) -> Diagram:
    t = deck.labels
    contexts = [context for context, _ in told]
    last = "excellence" if excellence_row(deck) else "tool"
    # The build's rows, word for word: a row the edition left empty in every column stays out, as it did there.
    rows = [t("leads"), t("grid_pattern"), t(f"grid_{last}")]
    named = ["who_leads_in", "grid_pattern_in", f"grid_{last}_in"]
    full = [[cells[0], *cells[2:]] for _, cells in told]
    kept = [row for row in range(len(rows)) if row < 1 or any(cells[row] for cells in full)]
    rows, named = [rows[row] for row in kept], [named[row] for row in kept]
    cells = [[column[row] for row in kept] for column in full]
    every = [*rows, t("grid_claim"), *([t("grid_floor")] if floor else [])]
    # Its rows' names at 36 px: a copy scaled to fit a smaller frame (the PowerPoint file's) keeps them over 28.
    name = min(fit(row.upper(), LABEL_W - 36, 1, bold=True, sizes=(36, 34, 32))[0] for row in every)
    body, top = _grid(deck, uid, rows, cells, len(told), None, None, row_h=ROW_H, sizes=LEAD_SIZES, name_size=name)
    col_w = (WIDTH - LABEL_W) // max(len(told), 1)
    verdicts = []
    for index in range(len(told)):
        holds = index == here
        x, css = LABEL_W + index * col_w, "claim-holds" if holds else "claim-fails"
        verdicts.append(t("grid_claim_holds" if holds else "grid_claim_fails"))
        body.append(f'<rect class="grid-cell {css}" x="{x + 14:g}" y="{top:g}" width="{col_w - 28:g}" '
                    f'height="{ROW_H:g}" rx="14"/>')
        if holds:  # one word: who decides what there is the speaker's, and the listing's
            size, lines = fit(verdicts[-1], col_w - 60, 2, bold=True, sizes=(48, 44, 40))
            first = round(top + ROW_H / 2 - (len(lines) - 1) * size * 1.15 / 2 + size * 0.36)
            body.append(label(x + col_w // 2, first, lines, size, f"grid-text claim {css}", "middle", leading=1.15))
        else:  # wrong: a cross, no words (the row's name asks; the listing says "wrong here")
            cx, cy, arm = x + col_w // 2, top + ROW_H / 2, 36
            body.append(f'<path class="claim-cross" d="M{cx - arm:g} {cy - arm:g}L{cx + arm:g} {cy + arm:g}'
                        f'M{cx + arm:g} {cy - arm:g}L{cx - arm:g} {cy + arm:g}"/>')
    body.append(label(20, top + ROW_H / 2 + name * 0.36, [t("grid_claim").upper()], name, "grid-row-name"))
    height = top + ROW_H + GAP
    if floor:  # one slab under the four columns, edge to edge with them: what no column skips
        y, left, right = height, LABEL_W + 14, LABEL_W + len(told) * col_w - 14
        body += [f'<rect class="grid-floor" x="{left}" y="{y:g}" width="{right - left}" height="{FLOOR_H}" rx="6"/>',
                 f'<rect class="grid-floor-rule" x="{left}" y="{y:g}" width="{right - left}" height="{RULE}"/>']
        size, lines = fit(floor, right - left - 48, 1, bold=True, sizes=(40, 36))
        body.append(label((left + right) // 2, round(y + RULE / 2 + FLOOR_H / 2 + size * 0.36), lines[:1], size,
                          "grid-text floor", "middle"))
        body.append(label(20, y + RULE / 2 + FLOOR_H / 2 + name * 0.36, [t("grid_floor").upper()], name, "grid-row-name"))
        height = y + FLOOR_H + GAP
    if not key_seen:
        legend = _legend(deck, told, height + 24)
        body += legend
        height += 72 if legend else 0
    # Readers get what the picture leaves to the speaker: who decides what where the myth nearly
    # holds, and what excellence looks like done well in each column.
    items = [(t(what, context=context.name), cell) for context, column in zip(contexts, cells)
             for what, cell in zip(named, column) if cell]
    items += [(t("grid_good_in", context=context.name), context.good) for context in contexts if context.good]
    items += [(t("grid_claim_in", context=context.name),
               f"{verdict}: " + "; ".join(context.stance.shares) if index == here and context.stance.shares else verdict)
              for index, (context, verdict) in enumerate(zip(contexts, verdicts))]
    if floor:
        items.append((t("grid_floor_under"), floor))
    desc = "; ".join(f"{name}: {value}" for name, value in items) + "."
    return Diagram("partnership-grid", svg(uid, WIDTH, height + 4, t("grid_title_claim"), desc, body), listing(items))
