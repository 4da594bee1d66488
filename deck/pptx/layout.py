"""Layout maths: the deck's pixels on the PowerPoint slide, the theme's frame, and how much room text
takes: lines wrapped as PowerPoint and LibreOffice wrap them, in every typeface the file may be shown
in, heights that size the boxes, and the shrinking that makes a box's paragraphs fit together, never
below MIN_TEXT.
"""
from __future__ import annotations

import functools
import json
import math
from pathlib import Path

from .blocks import Para, Table

# The deck's 1920x1080 CSS pixels onto a 13.333 x 7.5 in (16:9) slide: 6350 EMU a pixel, so a
# pixel is half a point and the theme's 40 px body text is 20 pt.
WIDTH, HEIGHT = 1920, 1080
EMU = 6350
# The theme's padding (static/theme/deck.css): the text's frame on every slide.
LEFT, TOP, BOTTOM = 112, 72, 984
CONTENT = WIDTH - 2 * LEFT
GAP = 72
MIN_TEXT = 36  # px: 18 pt, the least a room reads on a projected slide; nothing on a slide's face is smaller
LINE = 1.25  # every paragraph's line spacing, set exactly (in em): the same height in any typeface
DESCENT = 0.25  # em below the last line's pitch that a typeface's descenders may reach: room left for them

# How much room text takes. advances.json holds each character's advance (thousandths of an em)
# in the talk's typeface (Atkinson Hyperlegible, from the deck's fonts), in Liberation Sans (metric
# twin of Arial, PowerPoint's substitute) and in DejaVu Sans (what LibreOffice falls back to on
# Linux), regular and bold, read from the font files with Pillow. A line is wrapped at spaces in
# each typeface and the most lines counts, so a box sized here holds its text whichever is shown.
FACES = ("Atkinson Hyperlegible", "Liberation Sans", "DejaVu Sans")
UNKNOWN = 1000  # a character outside the table: a full em, more than any the table holds
# Applications lay text out at their own resolution and hinting: a line is filled to 96% of its width.
SLACK = 0.96


@functools.cache
def _advances() -> tuple[dict[str, dict[str, int]], ...]:
    table = json.loads((Path(__file__).with_name("advances.json")).read_text(encoding="utf-8"))
    chars = table["chars"]
    return tuple({face: dict(zip(chars, table["advances"][face + (" Bold" if bold else "")])) for face in FACES}
                 for bold in (False, True))


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The widest of the typefaces' widths of one run of text, in px."""
    faces = _advances()[bold]
    return max(sum(widths.get(char, UNKNOWN) for char in text) for widths in faces.values()) * size / 1000


def _lines_in(widths: dict[str, int], text: str, room: float) -> int:
    """Greedy wrapping at spaces, as text boxes wrap (room in thousandths of an em)."""
    lines, used = 1, 0.0
    space = widths.get(" ", UNKNOWN)
    for word in text.split(" "):
        width = sum(widths.get(char, UNKNOWN) for char in word)
        if used and used + space + width > room:
            lines += 1
            used = width
        else:
            used += (space if used else 0) + width
        # A word wider than the line is broken mid-word: longest_word_fits() keeps that from happening.
        if width > room:
            lines += math.ceil(width / room) - 1
    return lines


MONO = 610  # code's advance (Consolas 550, Liberation Mono and DejaVu Sans Mono 600-602 thousandths)


def line_count(text: str, size: float, width: float, bold: bool = False, mono: bool = False) -> int:
    room = width * SLACK * 1000 / size
    if mono:  # every character as wide as the widest monospace face's
        return sum(_lines_in({char: MONO for char in set(part) | {" "}}, part, room) for part in text.split("\n"))
    faces = _advances()[bold]
    return sum(max(_lines_in(widths, part, room) for widths in faces.values()) for part in text.split("\n"))


def longest_word_fits(text: str, size: float, width: float, bold: bool = False) -> bool:
    return all(text_width(word, size, bold) <= width * SLACK for word in text.split())


def address_lines(address: str, size: float, width: float) -> list[str]:
    """A web address cut into lines after its slashes (or dots and hyphens, where a part is still
    too wide), as wide as fits in every typeface: the breaks are made here, not left to applications
    that may not break an address at all."""
    import re

    parts = re.findall(r"[^/]*/|[^/]+$", address)
    pieces = [piece for part in parts for piece in
              ([part] if text_width(part, size) <= width * SLACK else re.findall(r"[^.\-]*[.\-]|[^.\-]+$", part))]
    lines = [""]
    for piece in pieces:
        if lines[-1] and text_width(lines[-1] + piece, size) > width * SLACK:
            lines.append("")
        lines[-1] += piece
    return lines


def _para_text(paragraph: Para) -> str:
    return "".join(run.text.upper() if paragraph.caps else run.text for run in paragraph.runs)


def _indent(paragraph: Para, size: float) -> float:
    return size * 1.1 * (paragraph.level + (1 if paragraph.bullet else 0))


def text_height(paragraphs: list[Para], width: float, scale: float = 1.0) -> float:
    """The height the paragraphs take at their sizes (times scale), lines at LINE em, spaces after."""
    total = 0.0
    for paragraph in paragraphs:
        size = max(MIN_TEXT, paragraph.size * scale)
        lines = line_count(_para_text(paragraph), size, width - _indent(paragraph, size), paragraph.bold,
                           mono=any(run.mono for run in paragraph.runs))
        total += lines * size * LINE + size * paragraph.after
    return total + (max(MIN_TEXT, paragraphs[-1].size * scale) * DESCENT if paragraphs else 0)


def words_fit(paragraphs: list[Para], width: float, scale: float = 1.0) -> bool:
    return all(longest_word_fits(_para_text(p), max(MIN_TEXT, p.size * scale), width - _indent(p, p.size * scale), p.bold)
               for p in paragraphs)


def columns_height(paragraphs: list[Para], width: float, columns: int, scale: float = 1.0) -> float:
    """The height a box of `columns` text columns needs: its paragraphs split where the tallest
    column is least (a paragraph kept whole, so the flow of lines can only need less)."""
    if columns < 2 or len(paragraphs) < 2:
        return text_height(paragraphs, width, scale)
    # Room for descenders once a column, under its last line (as text_height leaves it), not under
    # every paragraph: counted each time, a box sized by text_height() seemed too small, and its
    # words were shrunk a size or two below the deck's.
    descent = [max(MIN_TEXT, paragraph.size * scale) * DESCENT for paragraph in paragraphs]
    heights = [text_height([paragraph], width, scale) - below for paragraph, below in zip(paragraphs, descent)]
    return min(max(sum(heights[:cut]) + descent[cut - 1], sum(heights[cut:]) + descent[-1]) for cut in range(1, len(heights)))


def shrink_to_fit(paragraphs: list[Para], width: float, height: float, columns: int = 1) -> float:
    """Shrink the paragraphs together until they fit the box (every word whole on its line), never
    below MIN_TEXT; returns the height they then take, which may be more than the box."""
    scale = 1.0
    while scale > 0.3 and (columns_height(paragraphs, width, columns, scale) > height or not words_fit(paragraphs, width, scale)):
        if all(paragraph.size * (scale - 0.05) < MIN_TEXT for paragraph in paragraphs):
            break
        scale -= 0.05
    if scale < 1.0:
        for paragraph in paragraphs:
            paragraph.size = max(MIN_TEXT, paragraph.size * scale)
    return columns_height(paragraphs, width, columns)


CELL_MARGIN = 24  # px: a table cell's left and right margins together


def row_heights(table: Table, width: float, size: float, shares: tuple = ()) -> list[float]:
    """Each row's height: its tallest cell's lines, the cell's margins (16) and the rules (4)."""
    columns = max(len(row) for row in table.rows)
    shares = shares or tuple(1 / columns for _ in range(columns))
    return [max(line_count("".join(r.text for r in cell), size, width * share - CELL_MARGIN, bold=table.header and index == 0)
                for cell, share in zip(row, shares)) * size * LINE + 16 + 4
            for index, row in enumerate(table.rows)]


def table_height(table: Table, width: float, size: float, shares: tuple = ()) -> float:
    return sum(row_heights(table, width, size, shares))


def column_shares(table: Table, width: float, size: float, shares: tuple) -> tuple:
    """Column widths as shares of the table, each column at least as wide as its longest word (bold
    in the header row) so no word is broken; the room that takes comes from the columns with some
    to spare, in proportion to it."""
    columns = len(shares)
    least = [0.0] * columns
    for index, row in enumerate(table.rows):
        header = table.header and index == 0
        for column, cell in enumerate(row[:columns]):
            for word in "".join(run.text for run in cell).split():
                least[column] = max(least[column], text_width(word, size, header) / SLACK + CELL_MARGIN + 2)
    widths = [max(width * share, need) for share, need in zip(shares, least)]
    excess = sum(widths) - width
    spare = [given - need for given, need in zip(widths, least)]
    if excess > 0 and sum(spare) > 0:
        widths = [given - excess * room / sum(spare) for given, room in zip(widths, spare)]
    return tuple(given / sum(widths) for given in widths)
