"""Layout maths: the deck's pixels on the PowerPoint slide, the theme's frame, and how much room text
takes: estimated line counts and heights that size the boxes, and the shrinking that makes a box's
paragraphs fit together, never below MIN_TEXT.
"""
from __future__ import annotations

import math

from .blocks import Para, Table

# The deck's 1920x1080 CSS pixels onto a 13.333 x 7.5 in (16:9) slide: 6350 EMU a pixel, so a
# pixel is half a point and the theme's 40 px body text is 20 pt.
WIDTH, HEIGHT = 1920, 1080
EMU = 6350
# The theme's padding (static/theme/deck.css): the text's frame on every slide.
LEFT, TOP, BOTTOM = 112, 72, 984
CONTENT = WIDTH - 2 * LEFT
GAP = 72
MIN_TEXT = 24  # px: text is shrunk to fit its box, never below this (12 pt)


# How much room text takes.
# Atkinson Hyperlegible's average advance is about 0.55 em for running text; the estimate takes
# 0.58 em (0.62 bold) so a wider substitute (Arial, DejaVu Sans in LibreOffice) fits too: a line
# holds width / (size * that) characters. An estimate is enough here: boxes are sized from it and
# text shrunk together when it runs over, and the text stays editable either way.

def line_count(text: str, size: float, width: float, bold: bool = False) -> int:
    per_line = max(1, int(width / (size * (0.62 if bold else 0.58))))
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


def text_height(paragraphs: list[Para], width: float, scale: float = 1.0) -> float:
    total = 0.0
    for paragraph in paragraphs:
        size = max(MIN_TEXT, paragraph.size * scale)
        indent = size * 1.1 * (paragraph.level + (1 if paragraph.bullet else 0))
        text = "".join(run.text for run in paragraph.runs)
        total += line_count(text, size, width - indent, paragraph.bold) * size * 1.2 + size * paragraph.after
    return total


def shrink_to_fit(paragraphs: list[Para], width: float, height: float) -> None:
    scale = 1.0
    while scale > 0.3 and text_height(paragraphs, width, scale) > height:
        scale -= 0.05
    if scale < 1.0:
        for paragraph in paragraphs:
            paragraph.size = max(MIN_TEXT, paragraph.size * scale)


def table_height(table: Table, width: float, scale: float) -> float:
    size = max(MIN_TEXT, 34 * scale)
    columns = max(len(row) for row in table.rows)
    return sum(max(line_count("".join(r.text for r in cell), size, width / columns - 24) for cell in row) * size * 1.25 + 20
               for row in table.rows)
