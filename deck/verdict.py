"""The myth's verdict: the partnership grid drawn whole about one column, unlike every grid before it.

Who leads, in colour; what excellence looks like done well in each column (the title's other half,
and what the partner can expect of those who build there); under them the claim the talk tests (the
myth), a cross where it is wrong and, where it nearly holds, who decides what; and under all four
columns the floor no column skips (the slide's `datum`, credited on the slide). Drawn as
deck/grid.py draws its grids (one SVG unit a CSS pixel of the 1920x1080 slide, nothing under 32 px),
so a copy of it, the PowerPoint file's picture, keeps the floor band with the columns it is under.
"""
from __future__ import annotations

from .diagrams import WIDTH, Diagram, drawn, fit, label, listing, svg, wrap
from .grid import BAND, GAP, LABEL_W, SIDES, _grid, _legend, columns, lead_tone, sides

ROW_H = 136  # who leads and what good looks like: a joint lead's two chips at the one lead size
LEAD_SIZES = (40,)  # one size for every lead, the joint one's two chips too: a shared lead never reads weaker
CHIP_H = 88  # a chip of the myth row: who over what, two lines at 36 px
FLOOR_H = 80  # the band under all four: one line at 40 px, with room round it
RULE = 8  # the floor's top edge, in ink: the slab reads as what the columns stand on


def claim_grid(deck, uid: str, here: int, floor: str = "", key_seen: bool = False) -> Diagram:
    """The whole grid about column `here` (the one where the myth nearly holds); `floor`: what every
    column stands on, drawn as a band under the four (none where empty); `key_seen`: an earlier
    slide drew the grid's key."""
    told = columns(deck)
    key = ("verdict", repr(told), repr([(c.good, c.practice, c.measure, tuple(c.stance.shares)) for c in deck.talk.contexts]),
           repr(sorted(sides(deck).items())), deck.labels.fingerprint(), uid, here, floor, key_seen)
    return drawn(key, lambda: _claim_grid(deck, told, uid, here, floor, key_seen))


def excellence(context) -> str:
    """What excellence looks like in a column: done well, where the talk says (what the partner can
    expect); else its practice and measure, as the grids before drew them."""
    return context.good or "; ".join(part for part in (context.practice, context.measure) if part)


def _claim_grid(deck, told: list, uid: str, here: int, floor: str, key_seen: bool) -> Diagram:
    t = deck.labels
    contexts = [context for context, _ in told]
    good = [excellence(context) for context in contexts]
    rows, cells = [t("leads")], [[cells[0]] for _, cells in told]
    if any(good):
        rows, cells = [*rows, t("grid_excellence")], [[lead, what] for [lead], what in zip(cells, good)]
    named = [*rows, t("grid_claim"), *([t("grid_floor")] if floor else [])]
    # Its rows' names at 36 px: a copy scaled to fit a smaller frame (the PowerPoint file's) keeps them over 28.
    name = min(fit(row.upper(), LABEL_W - 36, 1, bold=True, sizes=(36, 34, 32))[0] for row in named)
    body, top = _grid(deck, uid, rows, cells, len(told), None, None, row_h=ROW_H, sizes=LEAD_SIZES, name_size=name)
    col_w = (WIDTH - LABEL_W) // max(len(told), 1)
    shares = contexts[here].stance.shares
    tall = max(ROW_H, len(shares) * (CHIP_H + GAP) - GAP + 2 * 12)
    side, verdicts = sides(deck), []
    for index in range(len(told)):
        holds = index == here
        x, css = LABEL_W + index * col_w, "claim-holds" if holds else "claim-fails"
        verdicts.append("; ".join(shares) if holds and shares else t("grid_claim_holds" if holds else "grid_claim_fails"))
        body.append(f'<rect class="grid-cell {css}" x="{x + 14:g}" y="{top:g}" width="{col_w - 28:g}" '
                    f'height="{tall:g}" rx="14"/>')
        if holds and shares:
            body += _shares(deck, side, shares, x + 26, top + 12, col_w - 52, CHIP_H)
        elif holds:
            size, lines = fit(verdicts[-1], col_w - 60, 3, bold=True, sizes=(54, 48, 44, 40))
            first = round(top + tall / 2 - (len(lines) - 1) * size * 1.15 / 2 + size * 0.36)
            body.append(label(x + col_w // 2, first, lines, size, f"grid-text claim {css}", "middle", leading=1.15))
        else:  # wrong: a cross, no words (the row's name says whose claim; the listing says "wrong here")
            cx, cy, arm = x + col_w // 2, top + tall / 2, 40
            body.append(f'<path class="claim-cross" d="M{cx - arm:g} {cy - arm:g}L{cx + arm:g} {cy + arm:g}'
                        f'M{cx + arm:g} {cy - arm:g}L{cx - arm:g} {cy + arm:g}"/>')
    body.append(label(20, top + tall / 2 + name * 0.36, [t("grid_claim").upper()], name, "grid-row-name"))
    height = top + tall + GAP
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
    items = [(t("who_leads_in", context=context.name), cells[0]) for context, cells in told]
    items += [(t("grid_excellence_in", context=context.name), what) for context, what in zip(contexts, good) if what]
    items += [(t("grid_claim_in", context=context.name), verdict) for context, verdict in zip(contexts, verdicts)]
    if floor:
        items.append((t("grid_floor_under"), floor))
    desc = "; ".join(f"{name}: {value}" for name, value in items) + "."
    return Diagram("partnership-grid", svg(uid, WIDTH, height + 4, t("grid_title_claim"), desc, body), listing(items))


def _shares(deck, side: dict[str, str], shares: list[str], x: float, y: float, w: float, h: float) -> list[str]:
    """Who decides what where one side leads, a chip each, coloured as the grid colours who: a side's
    tone, or both sides (who is "Together", or names both): a neutral chip, its words on the grey,
    with the two sides' colours in a band down its left edge, one above the other, as a shared side's
    slide has it; else neutral. Who on one line, what on the next: larger type than the two on one line."""
    together = {word.lower() for word in deck.labels("grid_legend_both").split()}
    tones = [(share, "both" if who.lower() in together else lead_tone(side, who))
             for share, who in ((share, share.split(":", 1)[0].strip()) for share in shares)]
    split = {share: [part.strip() + ":" * (not end) for end, part in enumerate(share.split(":", 1))]
             for share, _ in tones}
    # One size for every chip, the largest at which each of its lines fits.
    room = {share: w - 24 - (2 * BAND if tone == "both" else 0) for share, tone in tones}  # clear of the band
    size = min(fit(line, room[share], 1, bold=True, sizes=(36, 34, 32))[0]
               for share, lines in split.items() for line in lines)
    body = []
    for share, tone in tones:
        body.append(f'<rect class="grid-cell lead by-{tone}" x="{x:g}" y="{y:g}" width="{w:g}" height="{h:g}" rx="12"/>')
        lines = split[share] if len(split[share]) == 2 else wrap(share, size, room[share], bold=True)
        if tone == "both":  # no word on a side's colour: the two colours in a band of their own
            body += [f'<rect class="grid-cell-band by-{half}" x="{x + 8:g}" y="{y + 8 + index * (h - 16) / 2:g}" '
                     f'width="{BAND - 8:g}" height="{(h - 16) / 2:g}"/>' for index, half in enumerate(SIDES)]
        first = round(y + h / 2 - (len(lines) - 1) * size * 1.15 / 2 + size * 0.36)
        body.append(label(round(x + w / 2), first, lines, size, f"grid-text lead by-{tone} share", "middle", leading=1.15))
        y += h + GAP
    return body
