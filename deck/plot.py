"""The rehearsal plot: `stats --plot`, planned against rehearsed time per slide, as SVG or PNG.

Drawn from rehearsal.compare's Comparison, by hand: a few rectangles and labels need no plotting
library. Its size is bounded whatever the runs say: one row a slide, at most PLOT_GRID_LINES
minute lines however long a run took.
"""
from __future__ import annotations

from pathlib import Path

from .files import replace_file
from .problems import Problem, TalkError
from .rehearsal import Comparison, clock, cut

PLOT_GRID_LINES = 20  # at most this many minute lines across the plot, however long the run
GRID_STEPS = (1, 2, 5, 10, 15, 30, 60, 120, 240, 480, 960)  # minutes between them: the first that fits

PLOT_COLOURS = {"planned": "#9aa5b1", "rehearsed": "#1f5fa8", "over": "#c0392b", "text": "#1b1f24", "grid": "#d5dbe1"}


def plot_svg(comparison: Comparison) -> str:
    """Per slide: the planned bar above the rehearsed one (red where it ran over by more than half).

    Written by hand: a few rectangles and labels need no plotting library.
    """
    from html import escape

    rows = comparison.slides
    row_height, bar, left, right, top = 40, 14, 420, 140, 70
    longest = max([row.planned for row in rows] + [row.last or 0.0 for row in rows] + [60.0])
    shown = int(longest // 60) + 1  # minutes across the plot, before rounding up to a grid line
    step = next((step for step in GRID_STEPS if shown <= step * PLOT_GRID_LINES), -(-shown // PLOT_GRID_LINES))
    minutes = -(-shown // step) * step
    scale = 720 / (minutes * 60)
    width, height = left + 720 + right, top + row_height * len(rows) + 40
    colours = PLOT_COLOURS
    title = "Planned and rehearsed time per slide"
    if comparison.chosen is not None:
        title += f" ({comparison.chosen[1].started:%Y-%m-%d %H:%M}, {comparison.chosen[1].status})"
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
           f'height="{height}" role="img" aria-labelledby="plot-title" '
           f'font-family="Atkinson Hyperlegible, DejaVu Sans, sans-serif" font-size="15">',
           f'<title id="plot-title">{escape(title)}</title>',
           f'<rect width="{width}" height="{height}" fill="#fff"/>',
           f'<text x="20" y="30" font-size="20" font-weight="bold" fill="{colours["text"]}">{escape(title)}</text>',
           f'<rect x="{left}" y="42" width="14" height="14" fill="{colours["planned"]}"/>'
           f'<text x="{left + 20}" y="54" fill="{colours["text"]}">planned</text>'
           f'<rect x="{left + 110}" y="42" width="14" height="14" fill="{colours["rehearsed"]}"/>'
           f'<text x="{left + 130}" y="54" fill="{colours["text"]}">rehearsed</text>'
           f'<rect x="{left + 240}" y="42" width="14" height="14" fill="{colours["over"]}"/>'
           f'<text x="{left + 260}" y="54" fill="{colours["text"]}">over by more than half</text>']
    for minute in range(0, minutes + 1, step):
        x = left + minute * 60 * scale
        out.append(f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{height - 34}" stroke="{colours["grid"]}"/>'
                   f'<text x="{x:.1f}" y="{height - 14}" text-anchor="middle" fill="{colours["text"]}">{minute} min</text>')
    for index, row in enumerate(rows):
        y = top + index * row_height
        label = escape(f"{row.number} {cut(row.label, 44)}")
        out.append(f'<g class="slide" data-slide="{escape(row.anchor)}" data-planned="{row.planned:g}" '
                   f'data-rehearsed="{(row.last or 0):.1f}">')
        out.append(f'<text x="{left - 10}" y="{y + bar + 5}" text-anchor="end" fill="{colours["text"]}">{label}</text>')
        out.append(f'<rect class="planned" x="{left}" y="{y + 2}" width="{row.planned * scale:.1f}" height="{bar}" '
                   f'fill="{colours["planned"]}"/>')
        if row.last is not None:
            colour = colours["over"] if row.over else colours["rehearsed"]
            out.append(f'<rect class="rehearsed" x="{left}" y="{y + 2 + bar}" width="{row.last * scale:.1f}" '
                       f'height="{bar}" fill="{colour}"/>')
            out.append(f'<text x="{left + max(row.last, row.planned) * scale + 8:.1f}" y="{y + bar + 7}" '
                       f'fill="{colours["text"]}">{clock(row.last)} / {clock(row.planned)}</text>')
        out.append("</g>")
    out.append("</svg>\n")
    return "\n".join(out)


def write_plot(comparison: Comparison, target: Path) -> Path:
    """The plot as SVG, or as PNG (the SVG photographed by Chromium) when the name ends in .png."""
    svg = plot_svg(comparison)
    suffix = target.suffix.lower()
    if suffix == ".svg":
        replace_file(target, svg)
        return target
    if suffix != ".png":
        raise TalkError([Problem(str(target), 1, 1, "", "--plot writes a .svg or a .png file")])
    from .chromium import in_browser

    async def photograph(context) -> bytes:
        page = await context.new_page()
        await page.set_content(f"<!doctype html><body style='margin:0'>{svg}</body>")
        return await page.locator("svg").screenshot(type="png")

    replace_file(target, in_browser(photograph, "draw the plot"))
    return target
