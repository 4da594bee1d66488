"""The remedy map as the room reads it: the few remedies that answer every anti-pattern, and
nothing else. The rest are in its text alternative and the handout's pages, each with when it helps.

Fifteen equal boxes and their crossing lines make a claim like "a handful of remedies answer all
six" impossible to see, and a faded "8 more" box is read from the back as lines to things the room
never sees. The heavy ones are found from the model: the smallest set, taken greedily,
that answers every anti-pattern (the remedy answering the most still unanswered first, the
patterns before tools and then the model's order breaking ties). Same drawing contract as deck/diagrams.py: SVG units are pixels of
the 1920x1080 slide, a text alternative with every link the model holds; its labels 36 px or more (the
room reads each anti-pattern's name here a second time, after its root's slide, from the back).
"""
from __future__ import annotations

from markupsafe import escape

from .diagrams import WIDTH, Diagram, fit, label, listing, svg
from .language import Labels

FLOOR = 36


def heavy_remedies(antis, patterns=frozenset()) -> list[str]:
    """The fewest remedies (greedy set cover) that answer every anti-pattern; on a tie a pattern
    (the remedy itself) before a tool (which supports one), then the model's order."""
    order = list(dict.fromkeys(ref for a in antis for ref in a.remedies))
    unanswered = {a.id for a in antis}
    chosen: list[str] = []
    while unanswered:
        best = max(order, key=lambda ref: (sum(1 for a in antis if a.id in unanswered and ref in a.remedies),
                                           ref in patterns, -order.index(ref)))
        answered = {a.id for a in antis if best in a.remedies}
        if not answered & unanswered:
            break
        chosen.append(best)
        unanswered -= answered
    return chosen


def rooted(talk) -> list[tuple[object, list]]:
    """The anti-patterns under the roots they grow from, in the roots' order (the talk's order within
    each); [] unless every anti-pattern names its root."""
    antis = talk.anti_patterns
    if not talk.roots or not antis or any(a.root is None for a in antis):
        return []
    return [(root, [a for a in antis if a.root == root.id]) for root in talk.roots
            if any(a.root == root.id for a in antis)]


def overview(talk, uid: str, height: float = 740, anchor_of=lambda ref: None, t: Labels | None = None) -> Diagram:
    """Anti-patterns on the left, gathered by the heavy remedy that answers them (the talk's order
    within each group); each heavy remedy on the right, lit and linked to its slide, level with the
    middle of its group, so every line runs short and none crosses another, a box or a label. Only
    the heavy remedies are drawn: a line to a box the room cannot read explains nothing (the text
    alternative and the handout keep every link the model holds). Where every anti-pattern names
    its root, they are gathered under their roots instead, each root named in a column of its own
    beside its group with a rule the group's height: the room reads the roots the notes tell."""
    t = t or Labels(talk.language, talk.labels)
    names = {entry.id: entry.name for entry in (*talk.patterns, *talk.tools)}
    heavy = heavy_remedies(talk.anti_patterns, {p.id for p in talk.patterns})
    group = {a.id: next((ref for ref in heavy if ref in a.remedies), None) for a in talk.anti_patterns}
    roots = rooted(talk)
    if roots:
        antis = [a for _, members in roots for a in members]
        heavy.sort(key=lambda ref: min((i for i, a in enumerate(antis) if group[a.id] == ref), default=len(antis)))
    else:
        antis = sorted(talk.anti_patterns, key=lambda a: heavy.index(group[a.id]) if group[a.id] else len(heavy))
    root_w = 300 if roots else 0  # the roots' names, two lines at most, and their rule
    left_x, left_w, right_w, gap, between = root_w + (40 if roots else 0), 560 if roots else 600, 560 if roots else 600, 16, 20
    left_end = left_x + left_w
    right_x = WIDTH - right_w
    breaks = max(len(roots) - 1, 0)
    anti_h = (height - gap * (len(antis) - 1) - between * breaks) / max(len(antis), 1)
    if roots:  # whole pixels: a fraction of a pixel is invisible, and its digits weigh on the single file
        anti_h = float(int(anti_h))
    left_y, y = {}, 0.0
    for index, a in enumerate(antis):
        if index and roots and a.root != antis[index - 1].root:
            y += between
        left_y[a.id] = y + anti_h / 2
        y += anti_h + gap
    right_y, right_h = {}, {}
    for ref in heavy:
        members = [left_y[a.id] for a in antis if group[a.id] == ref]
        right_y[ref] = (min(members) + max(members)) / 2 if members else 0.0
        # No taller than the group it answers: a lone anti-pattern's remedy stays inside the drawing
        # (the PowerPoint's picture of it is cut at its edge).
        right_h[ref] = min(128.0, (max(members) - min(members) if members else 0.0) + anti_h)
    body = []
    mid = (left_end + right_x) / 2
    for a in antis:  # lines first, under the boxes
        for ref in (ref for ref in a.remedies if ref in heavy):
            y1, y2 = left_y[a.id], right_y[ref]
            body.append(f'<path class="link lit" d="M{left_end:g} {y1:g} C{mid:g} {y1:g} {mid:g} {y2:g} '
                        f'{right_x:g} {y2:g}"/>')
    for root, members in roots:  # each root's name beside its group, a rule down the group's height
        top = left_y[members[0].id] - anti_h / 2
        bottom = left_y[members[-1].id] + anti_h / 2
        body.append(f'<rect class="root-rule" x="{root_w + 12:g}" y="{top:g}" width="6" height="{bottom - top:g}" rx="3"/>')
        size, lines = fit(root.name.upper(), root_w - 12, 2, bold=True, sizes=(FLOOR,))
        first = round((top + bottom) / 2 - (len(lines) - 1) * size * 1.15 / 2 + size * 0.36)
        body.append(label(root_w - 4, first, lines, size, "root-name", "end", leading=1.15))
    for a in antis:
        size, lines = fit(a.name, left_w - 48, 2, bold=True, sizes=(40, 38, FLOOR))
        y = left_y[a.id]
        body.append(f'<rect class="anti" x="{left_x:g}" y="{y - anti_h / 2:g}" width="{left_w}" height="{anti_h:g}" rx="12"/>')
        first = y - (len(lines) - 1) * size * 1.1 / 2 + size * 0.36
        body.append(label(left_x + 24, first, lines, size, "anti-label", leading=1.1))
    for ref in heavy:
        y = right_y[ref]
        # A box one anti-pattern tall holds one line: two lines of 44 px fill it edge to edge, so a
        # name that fits one line at a smaller size is set that way (two lines only if it must).
        rows = 2 if right_h[ref] >= 2 * 44 * 1.1 + 24 else 1
        size, lines = fit(names.get(ref, ref), right_w - 48, rows, bold=True, sizes=(44, 40, FLOOR))
        if len(lines) > rows:
            size, lines = fit(names.get(ref, ref), right_w - 48, 2, bold=True, sizes=(44, 40, FLOOR))
        anchor = anchor_of(ref)
        if anchor:
            body.append(f'<a class="ref" href="#/{escape(anchor)}">')
        body.append(f'<rect class="remedy lit" x="{right_x:g}" y="{y - right_h[ref] / 2:g}" width="{right_w}" '
                    f'height="{right_h[ref]:g}" rx="12"/>')
        first = y - (len(lines) - 1) * size * 1.1 / 2 + size * 0.36
        body.append(label(right_x + 24, first, lines, size, "remedy-label lit", leading=1.1))
        if anchor:
            body.append("</a>")
    items = [(a.name, ", ".join(names.get(ref, ref) for ref in a.remedies)) for a in talk.anti_patterns]
    desc = "; ".join(t("answered_by", name=name, remedies=value) for name, value in items) + "."
    return Diagram("remedy-map", svg(uid, WIDTH, height, t("remedy_map_title"), desc, body), listing(items))
