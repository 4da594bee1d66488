"""Pictures: tools that are pictures (a Wardley map, a story map, an opportunity solution tree),
drawn as inline SVG from the small example a tool carries in the talk's data (Tool.example).

A tool like these is understood by looking at one, not by hearing it described, so the tool's
slide shows a small worked example instead of a paragraph. Same contract as deck/diagrams.py:
one SVG unit is one CSS pixel of the 1920x1080 slide, every label is 32 px or more and none
overlaps another, colours are CSS classes of the theme (static/theme/deck.css), and each
picture is a <figure class="diagram"> with a titled, described <svg role="img"> and a text
alternative for screen readers and the reading view.
"""
from __future__ import annotations

from markupsafe import Markup

from .diagrams import WIDTH, Diagram, fit, label, listing, svg, text_width
from .language import Labels

# The few words a picture writes itself (axis ends, stage names, row names, its description) come
# from the talk's language table (deck/labels/*.yaml, the keys picture_*).
ENGLISH = Labels("en")

STAGES = ("genesis", "custom", "product", "commodity")
GAP = 16  # between neighbouring boxes
MARK_GAP = 1.4  # a story's cost mark: its baseline this many sizes under the name's last line, clear of it


def box(css: str, x: float, y: float, w: float, h: float, rx: float = 12) -> str:
    return f'<rect class="{css}" x="{x:g}" y="{y:g}" width="{w:g}" height="{h:g}" rx="{rx:g}"/>'


def boxed_text(text: str, width: float, lines: int, sizes=(36, 34, 32), pad: float = 24) -> tuple[float, list[str], float]:
    """Size, lines and the box height (padding included) for a bold label in a box `width` wide."""
    size, wrapped = fit(text, width - 32, lines, bold=True, sizes=sizes)
    return size, wrapped, len(wrapped) * size * 1.15 + pad


def centred(x: float, w: float, y: float, h: float, size: float, lines: list[str], css: str) -> str:
    """A label centred in a box: the first baseline placed so the block sits in the middle."""
    first = y + h / 2 - (len(lines) - 1) * size * 1.15 / 2 + size * 0.36
    return label(x + w / 2, first, lines, size, css, "middle", leading=1.15)


def _figure(name: str, uid: str, width: float, height: float, title: str, desc: str, body: list[str],
            items: list[tuple[str, str]]) -> Diagram:
    return Diagram(name, svg(uid, width, height, title, desc, body), listing(items))


# ---------------------------------------------------------------- story map

def story_map(tool, uid: str, width: float = WIDTH, t: Labels = ENGLISH) -> Diagram:
    """The journey's steps left to right (the backbone); under each, its stories, one band per
    release slice from the first (the thinnest journey end to end) down."""
    example = tool.example
    side = 250  # the slices' names, left of the bands
    count = len(example.steps)
    col_w = (width - side - GAP * (count - 1)) / count
    # A map of a few stories a step is set large, its boxes roomy: small, it floats in the frame with
    # empty bands above and below it; a fuller map keeps the compact size so it still fits.
    deepest = sum(max((len(step.stories[s]) if s < len(step.stories) else 0) for step in example.steps)
                  for s in range(len(example.slices)))
    roomy = deepest <= 3
    head_sizes, story_sizes, pad = ((48, 44, 40, 36, 32), (40, 36, 34, 32), 56) if roomy else ((36, 34, 32), (32,), 24)
    heads = [boxed_text(step.step, col_w, 2, sizes=head_sizes, pad=pad) for step in example.steps]
    head_h = max(h for _, _, h in heads)
    body = []
    for index, (size, lines, _) in enumerate(heads):
        x = side + index * (col_w + GAP)
        body.append(box("journey-step", x, 0, col_w, head_h))
        body.append(centred(x, col_w, 0, head_h, size, lines, "journey-step-label"))
    y = head_h + 20
    items = [(t("picture_step", n=i + 1), step.step) for i, step in enumerate(example.steps)]
    # A story the builders priced as costly carries its mark, a line of its own in the cost colour.
    costly = [set(step.costly) for step in example.steps]
    for s_index, slice_name in enumerate(example.slices):
        cells = [step.stories[s_index] if s_index < len(step.stories) else [] for step in example.steps]
        laid = [[_story_box(story, story in costly[index], col_w, story_sizes, pad, t) for story in cell]
                for index, cell in enumerate(cells)]
        # The n-th story of every step shares a height, so the slice reads as rows.
        rows = [max(cell[r][2] for cell in laid if len(cell) > r) for r in range(max(map(len, laid), default=0))]
        band_h = max(sum(rows) + 12 * (len(rows) - 1), 60) + 32
        if s_index:
            body.append(f'<line class="slice-line" x1="0" x2="{width:g}" y1="{y - 10:g}" y2="{y - 10:g}"/>')
        name_size, name_lines = fit(slice_name, side - 28, 3, bold=True, sizes=(34, 32))
        body.append(label(0, y + 16 + name_size, name_lines, name_size, "slice-name", leading=1.15))
        for index, cell in enumerate(laid):
            x, cy = side + index * (col_w + GAP), y + 16
            for (size, lines, _, mark), h in zip(cell, rows):
                body.append(box("story" + (" first" if s_index == 0 else "") + (" costly" if mark else ""),
                                x, cy, col_w, h))
                if mark:  # the name, then the mark a little apart under it, the baselines centred in the box
                    span = (len(lines) - 1) * size * 1.15 + size * MARK_GAP
                    first = cy + h / 2 - span / 2 + size * 0.36
                    body.append(label(x + col_w / 2, first, lines, size, "story-label", "middle", leading=1.15))
                    body.append(label(x + col_w / 2, first + span, [mark], size, "story-cost", "middle"))
                else:
                    body.append(centred(x, col_w, cy, h, size, lines, "story-label"))
                cy += h + 12
        items.append((slice_name, "; ".join(f"{step.step}: {', '.join(_marked(story, step, t) for story in cell)}"
                                            for step, cell in zip(example.steps, cells) if cell)))
        y += band_h + 20
    height = y - 20
    title = t("picture_title", tool=tool.name)
    desc = t("picture_story_desc", n=count, steps=", ".join(s.step for s in example.steps),
             slices_n=len(example.slices), slices=", ".join(example.slices))
    return _figure("story-map", uid, width, height, title, desc, body, items)


def _story_box(story: str, costly: bool, width: float, sizes, pad: float, t: Labels):
    """Size, lines, box height and cost mark ('' if none) of one story; a mark is one more line."""
    size, lines, height = boxed_text(story, width, 3, sizes=sizes, pad=pad)
    mark = t("picture_costly") if costly else ""
    return size, lines, height + (size * MARK_GAP if mark else 0), mark


def _marked(story: str, step, t: Labels) -> str:
    return t("picture_costly_story", story=story) if story in step.costly else story


# ---------------------------------------------------------------- opportunity solution tree

def opportunity_tree(tool, uid: str, width: float = WIDTH, t: Labels = ENGLISH) -> Diagram:
    """The outcome at the top; the customer opportunities under it; under each, its solutions,
    and under each solution the experiment that would test it (dashed: not built yet)."""
    example = tool.example
    leaves = [(o_index, solution) for o_index, o in enumerate(example.opportunities)
              for solution in (o.solutions or [None])]
    count = len(leaves)
    # A gutter on the left names each row: without it the bottom row reads as more solutions,
    # not as the cheapest test of the one above.
    gutter = max(text_width(t("picture_row_" + row), 32, bold=True)
                 for row in ("outcome", "opportunities", "solutions", "tests")) + 32
    inner = width - gutter
    leaf_w = (inner - GAP * (count - 1)) / count
    leaf_x = [gutter + index * (leaf_w + GAP) for index in range(count)]
    spans = {}
    for index, (o_index, _) in enumerate(leaves):
        left, right = spans.get(o_index, (leaf_x[index], leaf_x[index] + leaf_w))
        spans[o_index] = (min(left, leaf_x[index]), max(right, leaf_x[index] + leaf_w))
    body, links = [], []
    # Without a row of tests the tree has the stage's height to itself: larger words, taller boxes
    # and longer branches, so it fills the slide instead of floating in a band of empty space.
    tested = any(s and s.experiment for _, s in leaves)
    big, pad, drop = ((48, 44, 40, 36, 32), 40, 64) if tested else ((48, 44, 40, 36, 32), 64, 96)
    out_w = min(inner, 1000)
    size, lines, out_h = boxed_text(example.outcome, out_w, 2, sizes=big, pad=pad)
    out_x = gutter + (inner - out_w) / 2
    body.append(box("tree-outcome", out_x, 0, out_w, out_h))
    body.append(centred(out_x, out_w, 0, out_h, size, lines, "tree-outcome-label"))
    opp_y = out_h + drop  # `drop`: room for the branches between two rows
    opp = {i: boxed_text(o.name, spans[i][1] - spans[i][0], 2, sizes=big, pad=pad)
           for i, o in enumerate(example.opportunities)}
    # One need expanded, the others not yet: the need the team picked to work on, outlined as the
    # team's decision (outlined in ink), so the picture shows the choice, not a catalogue.
    expanded = [i for i, o in enumerate(example.opportunities) if o.solutions]
    picked = expanded[0] if len(expanded) == 1 and len(example.opportunities) > 1 else None
    opp_h = max(h for _, _, h in opp.values())
    sol_y = opp_y + opp_h + drop
    sols = [boxed_text(s.name, leaf_w, 3, sizes=(44, 40, 36, 32) if tested else big, pad=pad) if s else None
            for _, s in leaves]
    sol_h = max([s[2] for s in sols if s] + [0])
    exp_y = sol_y + sol_h + 40
    exps = [boxed_text(s.experiment, leaf_w, 3, sizes=(40, 36, 32), pad=pad) if s and s.experiment else None
            for _, s in leaves]
    exp_h = max([e[2] for e in exps if e] + [0])

    def branch(x1, y1, x2, y2):
        mid = (y1 + y2) / 2
        links.append(f'<path class="branch" d="M{x1:g} {y1:g} V{mid:g} H{x2:g} V{y2:g}"/>')

    items = [(t("picture_outcome"), example.outcome)]
    for o_index, opportunity in enumerate(example.opportunities):
        left, right = spans[o_index]
        size, lines, _ = opp[o_index]
        body.append(box("opportunity picked" if o_index == picked else "opportunity", left, opp_y, right - left, opp_h))
        body.append(centred(left, right - left, opp_y, opp_h, size, lines, "opportunity-label"))
        branch(gutter + inner / 2, out_h, (left + right) / 2, opp_y)
        said = [s.name + (f" ({t('picture_experiment', experiment=s.experiment)})" if s.experiment else "")
                for s in opportunity.solutions]
        items.append((t("picture_opportunity", name=opportunity.name), "; ".join(said) or "-"))
    for index, (o_index, solution) in enumerate(leaves):
        if solution is None:
            continue
        x = leaf_x[index]
        size, lines, _ = sols[index]
        body.append(box("solution", x, sol_y, leaf_w, sol_h))
        body.append(centred(x, leaf_w, sol_y, sol_h, size, lines, "solution-label"))
        left, right = spans[o_index]
        branch((left + right) / 2, opp_y + opp_h, x + leaf_w / 2, sol_y)
        if exps[index]:
            size, lines, _ = exps[index]
            body.append(box("experiment", x, exp_y, leaf_w, exp_h))
            body.append(centred(x, leaf_w, exp_y, exp_h, size, lines, "experiment-label"))
            links.append(f'<path class="branch" d="M{x + leaf_w / 2:g} {sol_y + sol_h:g} V{exp_y:g}"/>')
    height = (exp_y + exp_h) if exp_h else (sol_y + sol_h if sol_h else opp_y + opp_h)
    rows = [("outcome", 0, out_h), ("opportunities", opp_y, opp_h), ("solutions", sol_y, sol_h), ("tests", exp_y, exp_h)]
    for row, y, h in rows:
        if h:
            body.append(label(gutter - 24, y + h / 2 + 11, [t("picture_row_" + row)], 32, "axis-label", "end"))
    title = t("picture_title", tool=tool.name)
    desc = t("picture_tree_desc", outcome=example.outcome, n=len(example.opportunities))
    return _figure("opportunity-solution-tree", uid, width, height + 4, title, desc, links + body, items)


# ---------------------------------------------------------------- Wardley map

def _depths(components) -> dict[str, int]:
    """How far down the value chain each component sits: 1 for what the user needs directly,
    one more than the deepest component that needs it otherwise (validate refuses loops)."""
    needed_by: dict[str, list[str]] = {c.name: [] for c in components}
    for c in components:
        for need in c.needs:
            needed_by.setdefault(need, []).append(c.name)
    depth: dict[str, int] = {}

    def of(name, seen=()):
        if name not in depth:
            parents = [p for p in needed_by.get(name, []) if p not in seen]
            depth[name] = 1 + max((of(p, seen + (name,)) for p in parents), default=0)
        return depth[name]

    for c in components:
        of(c.name)
    return depth


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _crosses(segment, rect) -> bool:
    """Whether a line segment passes through a rectangle (sampled: labels are small, lines long)."""
    x1, y1, x2, y2 = segment
    return any(rect[0] <= x1 + (x2 - x1) * t / 40 <= rect[2] and rect[1] <= y1 + (y2 - y1) * t / 40 <= rect[3]
               for t in range(41))


def wardley_map(tool, uid: str, width: float = WIDTH, height: float = 680, t: Labels = ENGLISH) -> Diagram:
    """The user at the top, the value chain below (visible to invisible), each component placed
    left to right by its evolution: genesis, custom-built, product, commodity."""
    example = tool.example
    components = example.components
    depth = _depths(components)
    deepest = max(depth.values())
    side, axis_h, top = 230, 60, 80  # the value-chain arrow's words (wide enough for "Invisible" whole); the stage names; the user's row
    plot_w = width - side
    col_w = plot_w / len(STAGES)
    row_h = (height - axis_h - top - 36) / max(deepest, 1)
    # Components sharing a stage and a depth share the column's width.
    # A part that is evolving gets a ghost where it is going, sharing that stage's row with the
    # parts already there: an arrow that ended on a neighbour would read as becoming it.
    moving = [c for c in components if c.moves_to and c.moves_to != c.stage]
    cells: dict[tuple[str, int], list] = {}
    for c in moving:
        cells.setdefault((c.moves_to, depth[c.name]), []).append(("ghost", c.name))
    for c in components:
        cells.setdefault((c.stage, depth[c.name]), []).append(c.name)
    at = {}
    for (stage, row), members in cells.items():
        column = STAGES.index(stage)
        for index, name in enumerate(members):
            x = side + column * col_w + col_w * (index + 1) / (len(members) + 1)
            at[name] = (x, top + 36 + (row - 0.5) * row_h)
        # A ghost keeps its row (the evolution arrow runs level, along the stages); a part beside it
        # sits higher in the row, so a line to that part runs over the ring and the name above it
        # (where the part is going), not through either.
        if any(isinstance(name, tuple) for name in members):
            for name in members:
                if not isinstance(name, tuple):
                    at[name] = (at[name][0], at[name][1] - row_h * 0.62)
    # The user, over what they need directly.
    roots = [c for c in components if depth[c.name] == 1]
    user_x = sum(at[c.name][0] for c in roots) / len(roots)
    user_size, user_lines = fit(example.user, 460 - 48, 1, bold=True, sizes=(38, 36))
    user_w = text_width(user_lines[0], user_size, bold=True) + 48
    user_h = user_size * 1.15 + 24
    user_x = min(max(user_x, side + user_w / 2), width - user_w / 2)
    body = []
    for column in range(1, len(STAGES)):  # stage boundaries, faint
        x = side + column * col_w
        # Every boundary starts below the user's row: the user stands over the whole map, and a line
        # beside or through the pill reads as part of the chain, or as the pill cut in two.
        body.append(f'<line class="stage-line" x1="{x:g}" x2="{x:g}" y1="{user_h + 12:g}" '
                    f'y2="{height - axis_h:g}"/>')
    axis_y = height - axis_h
    body.append(f'<path class="axis" d="M{side:g} {axis_y:g} H{width - 4:g} M{width - 18:g} {axis_y - 10:g} '
                f'L{width - 4:g} {axis_y:g} L{width - 18:g} {axis_y + 10:g}"/>')
    for column, stage in enumerate(STAGES):
        body.append(label(side + (column + 0.5) * col_w, axis_y + 40, [t("picture_" + stage)], 36, "axis-label", "middle"))
    body.append(f'<path class="axis" d="M{side - 24:g} {axis_y:g} V4 M{side - 34:g} 18 L{side - 24:g} 4 '
                f'L{side - 14:g} 18"/>')
    body.append(label(side - 44, 40, [t("picture_visible")], 36, "axis-label", "end"))
    body.append(label(side - 44, axis_y - 12, [t("picture_invisible")], 36, "axis-label", "end"))
    segments = [(user_x, user_h, *at[c.name]) for c in roots]
    segments += [(*at[c.name], *at[need]) for c in components for need in c.needs]
    lines_svg = [f'<line class="chain" x1="{x1:g}" y1="{y1:g}" x2="{x2:g}" y2="{y2:g}"/>'
                 for x1, y1, x2, y2 in segments]
    # Evolution: a part moving toward another stage (the movement a disruption rides on), as a
    # dashed arrow along its row; labels keep clear of it as of the chain's lines.
    for c in moving:
        x, y = at[c.name]
        gx = at[("ghost", c.name)][0]
        step = 1 if gx > x else -1
        to = gx - step * 22  # the arrow stops at the ghost's ring, not inside it
        lines_svg.append(f'<path class="evolution" d="M{x + step * 22:g} {y:g} H{to - step * 6:g}"/>')
        lines_svg.append(f'<path class="evolution-head" d="M{to - step * 22:g} {y - 14:g} L{to:g} {y:g} '
                         f'L{to - step * 22:g} {y + 14:g} Z"/>')
        segments.append((x, y, to, y))
    dots, labels = [], []
    taken = [(user_x - user_w / 2, 0, user_x + user_w / 2, user_h)]
    # The legend, top left where the chain starts no part: the map's colours name who reads which
    # part, which the rest of the talk does not say, so the room is told rather than left to guess.
    for index, (tone, meaning) in enumerate(example.legend.items()):
        w, y = text_width(meaning, 34, bold=True) + 16, index * 60
        labels.append(box(f"component-tag tone-{tone}", side + 24, y, w, 48, rx=6))
        labels.append(label(side + 32, y + 4 + 34 * 0.9, [meaning], 34, "legend-label"))
        taken.append((side + 24, y, side + 24 + w, y + 48))
    taken += [(x - 16, y - 16, x + 16, y + 16) for x, y in at.values()]
    # A part's tone, where given, tints its dot and its name: the colour of the side that reads it,
    # so the map can show who reads which part, not only the chain.
    placed_parts = [(c.name, c.name, "component" + (" need" if c is components[0] else "") + (f" tone-{c.tone}" if c.tone else ""))
                    for c in components]
    placed_parts += [(("ghost", c.name), t("picture_ghost", name=c.name), "component ghost") for c in moving]
    for key, name, css in placed_parts:
        x, y = at[key]
        dots.append(f'<circle class="{css}" cx="{x:g}" cy="{y:g}" r="14"/>')
        # One line where a slightly smaller size allows it: a two-line tag crowds its neighbours'
        # places, and pushes their names onto the lines they label.
        size, lines = fit(name, col_w - 40, 1, bold=True, sizes=(38, 36, 34))
        if len(lines) > 1 or text_width(lines[0], size, bold=True) > col_w - 40:
            size, lines = fit(name, col_w - 40, 2, bold=True, sizes=(38, 36))
        w = max(text_width(line, size, bold=True) for line in lines) + 16
        h = len(lines) * size * 1.15 + 8
        candidates = [(x + 24, y - h / 2), (x - 24 - w, y - h / 2), (x - w / 2, y + 22), (x - w / 2, y - 22 - h),
                      # hung from the dot to one side: room under an arrow's head, clear of a line beside it
                      (x + 16 - w, y + 22), (x - 16, y + 22), (x + 16 - w, y - 22 - h), (x - 16, y - 22 - h)]
        if "ghost" in css:  # where a part is going, over its ring: level with the part's own name, the
            # two read as one phrase ("Payroll checks Automated")
            candidates = [(x - w / 2, y - 22 - h), (x + 16 - w, y - 22 - h), (x - 16, y - 22 - h)] + candidates
        scored = []
        for order, (lx, ly) in enumerate(candidates):
            rect = (lx, ly, lx + w, ly + h)
            inside = lx >= side and lx + w <= width and ly >= 0 and ly + h <= axis_y - 4
            if inside and not any(_overlaps(rect, other) for other in taken):
                scored.append((sum(_crosses(segment, rect) for segment in segments), order, rect))
        if scored:  # the free place that hides the fewest lines, the right-hand one when tied
            placed = min(scored)[2]
        else:  # crowded: to the right, kept on the map (the data keeps maps small)
            lx = min(x + 24, width - w)
            placed = (lx, y - h / 2, lx + w, y + h / 2)
        taken.append(placed)
        lx, ly = placed[0], placed[1]
        labels.append(box("component-tag" + (" ghost" if "ghost" in css else "")
                          + "".join(f" {c}" for c in css.split() if c.startswith("tone-")), lx, ly, w, h, rx=6))
        labels.append(label(lx + 8, ly + 4 + size * 0.9, lines, size, "component-label", leading=1.15))
    body += lines_svg
    body.append(box("user", user_x - user_w / 2, 0, user_w, user_h, rx=user_h / 2))
    body.append(label(user_x, user_h / 2 + user_size * 0.36, user_lines[:1], user_size, "user-label", "middle"))
    body += dots + labels
    items = [(t("picture_user"), example.user)]
    items += [(c.name, t("picture_" + c.stage)
               + (f" {t('picture_moving')} {t('picture_' + c.moves_to)}" if c.moves_to else "")
               + (f"; {t('picture_needs', names=', '.join(c.needs))}" if c.needs else ""))
              for c in components]
    title = t("picture_title", tool=tool.name)
    desc = " ".join([t("picture_wardley_desc", user=example.user, component=components[0].name)] +
                    [f"{c.name}: {t('picture_' + c.stage).lower()}"
                     + (f" {t('picture_moving')} {t('picture_' + c.moves_to).lower()}" if c.moves_to else "") + "."
                     for c in components])
    return _figure("wardley-map", uid, width, height, title, desc, body, items)


PICTURES = {"wardley-map": wardley_map, "story-map": story_map, "opportunity-solution-tree": opportunity_tree}


def for_tool(tool, uid: str, t: Labels = ENGLISH) -> Markup:
    """The figure for a tool's example (its picture part), in the talk's words, or nothing when it has none."""
    if tool.example is None:
        return Markup("")
    return PICTURES[tool.example.picture](tool, uid, t=t).figure("picture")


