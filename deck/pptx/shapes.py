"""What goes on one slide, in the talk's colours and typeface: the title in its placeholder, text
boxes whose paragraphs shrink together to fit, real bullets, tables, pictures with alt text, and
links (web links as hyperlinks, in-deck links as jumps to their slide). Shapes holds one file's
state; the slide kinds (deck/pptx/slides.py) are drawn with these.

python-pptx, lxml and Pillow are imported inside the methods.
"""
from __future__ import annotations

import io

from ..validate import Deck, Slide
from .blocks import Para, Run, Table, para, picture_data
from .capture import Pictures
from .layout import (CELL_MARGIN, CONTENT, DESCENT, EMU, GAP, HEIGHT, LEFT, LINE, MIN_TEXT, TOP, WIDTH, line_count,
                     longest_word_fits, column_shares, row_heights, shrink_to_fit, table_height)
from .theme import DEFAULT_COLOURS, DRAWINGML, code_colours, FALLBACK, FALLBACK_PANOSE, FONT, srgb

# How strongly a background picture shows (layouts.css: opacity 0.2), in DrawingML's thousandths of a percent.
BACKDROP_ALPHA = 20_000


class Shapes:
    """One file's drawing state: the deck, its pictures and colours, the slides by anchor (for
    in-deck links), and the text's column (narrower beside a diagram)."""

    def __init__(self, deck: Deck, pictures: Pictures, progress=None):
        self.deck = deck
        self.pictures = pictures
        self.progress = progress
        self.colours = {**DEFAULT_COLOURS.get(deck.talk.theme, DEFAULT_COLOURS["light"]), **code_colours(deck.talk.theme),
                        **pictures.colours}
        self.left, self.content = LEFT, CONTENT  # the text's column: narrower beside a diagram
        self.slides = {}  # slide anchor -> its PowerPoint slide, every one made before any is filled
        self.clicks = {}  # slide id -> where its steps went: (step, shape id, paragraph index or None)
        self.stepped = []  # (a diagram's PNG, its step): drawn by the picture's bytes, it arrives on that click

    def click_builds(self) -> None:
        """Each step recorded as the slides were drawn, a click build on its slide (deck/pptx/builds.py);
        a Markdown slide's pictures revealed on a click found on its slide by what they show (the slide
        kinds draw a picture from its address, not its block)."""
        from .blocks import markdown_blocks
        from .builds import stepped_pictures, write_builds

        for slide in self.deck.slides:
            if slide.steps and slide.kind == "markdown" and slide.anchor not in self.pictures.slides:
                page = self.slides[slide.anchor]
                blocks = markdown_blocks(slide.body_html)
                for step, shape in stepped_pictures(page, blocks, self.pictures.diagrams.get(slide.anchor, [])):
                    self.arrives(page, step, shape)
        write_builds(self.prs, self.clicks)

    def arrives(self, page, step: int, shape, paragraph: int | None = None) -> None:
        """Records that a shape (or one paragraph of its text) is revealed on click `step`."""
        if step:
            self.clicks.setdefault(page.slide_id, []).append((step, shape.shape_id, paragraph))

    def rgb(self, name: str):
        from pptx.dml.color import RGBColor

        return RGBColor.from_string(self.colours.get(name, name))

    def title(self, page, text: str, box: tuple, size: float, colour: str = "ink", hidden: bool = False,
              align: str = "left") -> None:
        """The slide's title in its title placeholder (hidden: placed just above the slide's face)."""
        shape = page.shapes.title
        x, y, w, h = box
        if hidden:
            y = -h - 8
        shape.left, shape.top, shape.width, shape.height = (round(v * EMU) for v in (x, y, w, h))
        frame = shape.text_frame
        self._frame(frame)
        self._paragraph(page, frame.paragraphs[0], Para([Run(text)], size=size, bold=True, colour=colour, after=0,
                                                         align=align))

    def _frame(self, frame, anchor_top: bool = True, columns: int = 1) -> None:
        from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE

        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE  # the box is sized here; no application resizes it
        frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
        frame.vertical_anchor = MSO_ANCHOR.TOP if anchor_top else MSO_ANCHOR.MIDDLE
        body = frame._txBody.bodyPr
        if columns > 1:
            body.set("numCol", str(columns))
            body.set("spcCol", str(GAP * EMU))
        return body

    def text(self, page, box: tuple, paragraphs: list[Para], *, fill: str = "", columns: int = 1,
             shrink: bool = True, name: str = "") -> float:
        """A text box: the paragraphs shrunk together until they fit the box, never below MIN_TEXT;
        a box they still overflow is made as tall as they need. Returns the box's height."""
        from pptx.util import Emu

        if not paragraphs:
            return 0
        x, y, w, h = box
        starts = [index for index, paragraph in enumerate(paragraphs) if paragraph.heading and index > 0]
        if columns > 1 and not fill and len(starts) == columns - 1:
            # The deck breaks a column before each heading after the first: a box per column keeps
            # that break, where one box's text flowing on would move it with the font's line breaks.
            width = (w - GAP * (columns - 1)) / columns
            cuts = [0, *starts, len(paragraphs)]
            return max(self.text(page, (x + index * (width + GAP), y, width, h), paragraphs[start:end],
                                 shrink=shrink, name=name)
                       for index, (start, end) in enumerate(zip(cuts, cuts[1:])))
        inset = 32 if fill else 0
        needed = shrink_to_fit(paragraphs, (w - inset - GAP * (columns - 1)) / columns, h - inset, columns)
        h = max(h, needed + inset)
        shape = page.shapes.add_textbox(Emu(round(x * EMU)), Emu(round(y * EMU)), Emu(round(w * EMU)), Emu(round(h * EMU)))
        if name:
            shape.name = name
        if fill:
            shape.fill.solid()
            shape.fill.fore_color.rgb = self.rgb(fill)
        frame = shape.text_frame
        self._frame(frame, columns=columns)
        if fill:
            frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 16 * EMU
        for index, paragraph in enumerate(paragraphs):
            target = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            self._paragraph(page, target, paragraph)
            self.arrives(page, paragraph.step, shape, index)
        return h

    def _paragraph(self, page, target, paragraph: Para) -> None:
        from lxml import etree
        from pptx.enum.text import PP_ALIGN
        from pptx.util import Pt

        a = DRAWINGML
        target.space_after = Pt(paragraph.size * paragraph.after * 0.5)
        target.line_spacing = Pt(paragraph.size * LINE * 0.5)
        if paragraph.align:  # the layouts centre titles; the deck sets them flush left
            target.alignment = {"center": PP_ALIGN.CENTER, "right": PP_ALIGN.RIGHT}.get(paragraph.align, PP_ALIGN.LEFT)
        properties = target._p.get_or_add_pPr()
        if paragraph.bullet:
            indent = round(paragraph.size * 1.1 * EMU)
            properties.set("marL", str(indent * (paragraph.level + 1)))
            properties.set("indent", str(-indent))
            etree.SubElement(properties, f"{{{a}}}buClr").append(srgb(self.colours["accent"]))
            if paragraph.bullet == "1.":
                etree.SubElement(properties, f"{{{a}}}buFont", typeface=FONT, panose=FALLBACK_PANOSE)
                etree.SubElement(properties, f"{{{a}}}buAutoNum", type="arabicPeriod")
            else:
                etree.SubElement(properties, f"{{{a}}}buFont", typeface=FALLBACK)
                etree.SubElement(properties, f"{{{a}}}buChar", char=paragraph.bullet)
        elif paragraph.level:
            properties.set("marL", str(round(paragraph.size * 1.1 * EMU * paragraph.level)))
        for run, text in ((run, text) for run in paragraph.runs for text in self._pieces(run)):
            if text == "\n":
                target.add_line_break()
                continue
            made = target.add_run()
            made.text = text.upper() if paragraph.caps else text
            font = made.font
            font.size = Pt(paragraph.size * 0.5)
            font.bold = paragraph.bold or run.bold or None
            font.italic = paragraph.italic or run.italic or None
            font.name = "Consolas" if run.mono else FONT
            if run.strike:
                made._r.get_or_add_rPr().set("strike", "sngStrike")
            latin = made._r.get_or_add_rPr().find(f"{{{a}}}latin")
            if not run.mono:
                latin.set("panose", FALLBACK_PANOSE)
                latin.set("pitchFamily", "34")
            colour = "accent" if run.href else run.colour or paragraph.colour
            font.color.rgb = self.rgb(colour)
            if run.href:
                self._link(page, made, run.href)

    @staticmethod
    def _pieces(run: Run) -> list[str]:
        """A link's text a word to a run: LibreOffice holds a link as one field that it wraps
        anywhere, mid-word too, so each word is its own link, and lines break between them."""
        if not run.href or run.text == "\n":
            return [run.text]
        import re

        return re.findall(r"\S+\s*|\s+", run.text)

    def _link(self, page, run, href: str) -> None:
        """A web or mail link as a hyperlink; an in-deck '#' link as a jump to its slide."""
        from pptx.opc.constants import RELATIONSHIP_TYPE as RT

        if href.startswith("#"):
            anchor = href.lstrip("#").lstrip("/")
            target = self.slides.get(anchor) or self.slides.get(self.deck.anchor_of(anchor) or "")
            if target is None:
                return
            rel = page.part.relate_to(target.part, RT.SLIDE)
            link = run._r.get_or_add_rPr().add_hlinkClick(rel)
            link.set("action", "ppaction://hlinksldjump")
        else:
            run.hyperlink.address = href

    def picture(self, page, box: tuple, source: bytes | str, alt: str, name: str = "", fill: bool = False,
                href: str = "", middle: bool = False) -> float:
        """A picture fitted into the box, centred, aspect kept, at the box's top (middle: halfway down)
        (fill: the box exactly, for a whole slide: reveal's print pages are a pixel short of 1080);
        its alt text is what it shows.
        source: PNG bytes, or a Markdown picture's address in the deck (its file as validation
        resolved it, or the browser's rasterisation of what Pillow cannot read)."""
        from PIL import Image
        from pptx.util import Emu

        data = source if isinstance(source, bytes) else self._picture_data(source)
        if data is None:  # no picture to place (the browser could not see it): what it shows, as text
            self.text(page, box, [Para([Run(alt, italic=True)], align="center")], name=name)
            return box[3]
        with Image.open(io.BytesIO(data)) as image:
            natural_w, natural_h = image.size
        x, y, w, h = box
        scale = min(w / natural_w, h / natural_h)
        pw, ph = (w, h) if fill else (natural_w * scale, natural_h * scale)
        y += (h - ph) / 2 if middle else 0
        shape = page.shapes.add_picture(io.BytesIO(data), Emu(round((x + (w - pw) / 2) * EMU)), Emu(round(y * EMU)),
                                        Emu(round(pw * EMU)), Emu(round(ph * EMU)))
        self.arrives(page, next((step for png, step in self.stepped if png is source), 0), shape)
        properties = shape._element.nvPicPr.cNvPr
        properties.set("descr", alt)
        if name:
            shape.name = name
        if href:
            shape.click_action.hyperlink.address = href
        return ph

    def backdrop(self, page, source: str, alt: str) -> None:
        """A background picture as the deck shows it: the whole slide covered (cropped, never
        stretched), faint, and behind every other shape, so the words stay on top and readable."""
        from lxml import etree
        from PIL import Image
        from pptx.util import Emu

        data = self._picture_data(source)
        if data is None:  # nothing a browser could show: the slide stays on its paper
            return
        with Image.open(io.BytesIO(data)) as image:
            natural_w, natural_h = image.size
        shape = page.shapes.add_picture(io.BytesIO(data), 0, 0, Emu(round(WIDTH * EMU)), Emu(round(HEIGHT * EMU)))
        excess_w = max(0.0, 1 - (WIDTH / HEIGHT) / (natural_w / natural_h))  # the share cropped off, as cover does
        excess_h = max(0.0, 1 - (natural_w / natural_h) / (WIDTH / HEIGHT))
        shape.crop_left = shape.crop_right = excess_w / 2
        shape.crop_top = shape.crop_bottom = excess_h / 2
        etree.SubElement(shape._element.blipFill.blip, f"{{{DRAWINGML}}}alphaModFix", amt=str(BACKDROP_ALPHA))
        shape._element.nvPicPr.cNvPr.set("descr", alt)
        shape.name = "Background picture"
        tree = page.shapes._spTree
        tree.remove(shape._element)
        tree.insert(2, shape._element)  # after the group's own properties: below the title and the words

    def panel(self, page, box: tuple, colour: str, name: str) -> None:
        """A plain rectangle in a theme colour: no outline, no shadow (the deck draws none)."""
        from pptx.enum.shapes import MSO_SHAPE
        from pptx.util import Emu

        x, y, w, h = box
        shape = page.shapes.add_shape(MSO_SHAPE.RECTANGLE, *(Emu(round(v * EMU)) for v in (x, y, w, h)))
        shape.fill.solid()
        shape.fill.fore_color.rgb = self.rgb(colour)
        shape.line.fill.background()
        shape.shadow.inherit = False
        shape.name = name

    def half(self, page, source: str, alt: str, side: str) -> tuple[float, float]:
        """A picture filling one half of the slide, top to bottom, as the deck shows it: contained
        (never cropped) on the theme's panel colour. Returns the column (left, width) the title and
        the words keep on the other half, as the deck's frame does beside it (static/theme/layouts.css)."""
        x = 0 if side == "left" else WIDTH / 2
        self.panel(page, (x, 0, WIDTH / 2, HEIGHT), "panel", f"Panel, {side} half")
        self.picture(page, (x, 0, WIDTH / 2, HEIGHT), source, alt, name=f"Picture, {side} half", middle=True)
        width = CONTENT / 2 - GAP
        return (LEFT + CONTENT / 2 + GAP if side == "left" else LEFT), width

    def _picture_data(self, address: str) -> bytes | None:
        image = self.deck.images.get(address)
        if image is not None and image.raster:
            return picture_data(image)
        return self.pictures.images.get(address)

    def links(self, label: str, refs: list[str], size: float = 40) -> Para:
        """'Label: A, B, C', each name a jump to the slide that shows it (plain where none does).
        The label comes with its colon, as the talk's language writes it ('Fits:', 'Convient à :')."""
        runs = [Run(f"{label} ", bold=True)]
        for index, ref in enumerate(refs):
            entry = self.deck.subject(ref)
            anchor = self.deck.anchor_of(ref)
            runs.append(Run(entry.name if entry else ref, href=f"#{anchor}" if anchor else ""))
            if index < len(refs) - 1:
                runs.append(Run(", "))
        return Para(runs, size=max(MIN_TEXT, size), after=0.3)

    def heading_top(self, page, slide: Slide, eyebrow: str = "", size: float = 68, width: float = 0) -> float:
        """Eyebrow and title at the top (width: narrower beside a locator); returns where the content starts."""
        y = TOP
        width = width or self.content
        if slide.room >= 1:  # an exercise's clock, top right, the title beside it (as the deck's .countdown)
            width = min(width, self.content - 420)
            seconds = round(slide.room * 60)
            self.text(page, (self.left + self.content - 300, TOP - 16, 300, 140),
                      [para(f"{seconds // 60}:{seconds % 60:02d}", size=96, bold=True, align="center", after=0)],
                      fill="panel", shrink=False, name="Clock")
        if eyebrow:
            y += self.text(page, (self.left, y, width, MIN_TEXT * LINE), [para(eyebrow, size=MIN_TEXT, bold=True, colour="accent",
                                                                             caps=True, after=0)], name="Eyebrow") + 16
        return y + self.heading(page, slide.title, self.left, y, width, size) + 28

    def heading(self, page, text: str, x: float, y: float, width: float, size: float, colour: str = "ink") -> float:
        """The title placeholder as tall as its lines, its size lowered while a word is wider than
        the line; returns its height."""
        size, height = heading_size(text, width, size)
        self.title(page, text, (x, y, width, height), size, colour=colour)
        return height

    def table(self, page, box: tuple, table: Table, size: float = 34, widths: tuple = ()) -> None:
        """A PowerPoint table: a header row when the Markdown had one, text shrunk to fit the box."""
        from pptx.util import Emu

        x, y, w, h = box
        columns = max(len(row) for row in table.rows)
        # A column of marks, not words (an arrow between two columns), takes a third of a column's room.
        marks = [all(len("".join(run.text for run in row[c]).strip()) <= 1 for row in table.rows if c < len(row))
                 for c in range(columns)]
        weights = [1 / 3 if mark else 1 for mark in marks]
        shares = widths or tuple(weight / sum(weights) for weight in weights)
        size = max(MIN_TEXT, size)
        while size > MIN_TEXT and table_height(table, w, size, column_shares(table, w, size, shares)) > h:
            size -= 2
        shares = column_shares(table, w, size, shares)
        height = table_height(table, w, size, shares)
        shape = page.shapes.add_table(len(table.rows), columns, Emu(round(x * EMU)), Emu(round(y * EMU)),
                                      Emu(round(w * EMU)), Emu(round(height * EMU)))
        self.arrives(page, table.step, shape)
        made = shape.table
        made.first_row = table.header
        for index, share in enumerate(shares):
            made.columns[index].width = Emu(round(w * share * EMU))
        for row, row_height in zip(made.rows, row_heights(table, w, size, shares)):  # not shared out evenly
            row.height = Emu(round(row_height * EMU))
        for r, row in enumerate(table.rows):
            for c, runs in enumerate(row):
                cell = made.cell(r, c)
                cell.margin_left = cell.margin_right = CELL_MARGIN // 2 * EMU
                cell.margin_top = cell.margin_bottom = 8 * EMU
                header = table.header and r == 0
                # Who leads, named in the cell: the cell in that side's colour, as the deck's chip
                # (a team of more than the two sides in slate). Both sides, a chip each: the cell on
                # the panel, each side's name marked in its colour (no word across two colours).
                leads = [run.lead for run in runs if run.lead]
                lead = "both" if set(SIDE_LEADS) <= set(leads) else next(iter(leads), None)
                # The header as the deck sets it: muted words on the paper (its rule under them is
                # the deck's), not a heavy band of the accent.
                plain = ("paper", "muted") if header else ("panel" if r % 2 else "paper", "ink")
                fill, ink = LEAD_CELLS.get(lead, plain)
                cell.fill.solid()
                cell.fill.fore_color.rgb = self.rgb(fill)
                self._paragraph(page, cell.text_frame.paragraphs[0],
                                Para(runs or [Run("")], size=size * (0.85 if header else 1), bold=header, colour=ink,
                                     after=0))
                if lead == "both":
                    self._mark_sides(cell.text_frame.paragraphs[0], runs)

    def _mark_sides(self, made, runs: list) -> None:
        """Each side's name in a cell both lead, marked in its side's colour (a highlight, as the
        deck's chip: the side's ink on it), the words between them on the cell's panel."""
        from lxml import etree

        a = DRAWINGML
        for run in made.runs:
            source = next((r for r in runs if r.lead in SIDE_LEADS and run.text.strip() and run.text in r.text), None)
            if source is None:
                continue
            run.font.color.rgb = self.rgb("side-ink")
            properties = run._r.get_or_add_rPr()
            highlight = etree.Element(f"{{{a}}}highlight")
            highlight.append(srgb(self.colours[f"side-{source.lead}"]))
            properties.find(f"{{{a}}}latin").addprevious(highlight)  # the schema's order: before the faces


# The two sides' tones, as a table's leads name them ('.lead .by-accent').
SIDE_LEADS = ("accent", "deep")
# A lead's tone to its table cell's fill and ink (static/theme/deck.css, strong.lead).
LEAD_CELLS = {"accent": ("side-accent", "side-ink"), "deep": ("side-deep", "side-ink"),
              "team": ("plain", "paper"), "both": ("panel", "ink")}


def heading_size(text: str, width: float, size: float) -> tuple[float, float]:
    """A title's size (lowered while a word is wider than the line) and the height of its lines."""
    while size > MIN_TEXT and not longest_word_fits(text, size, width, bold=True):
        size -= 4
    return size, (line_count(text, size, width, bold=True) * LINE + DESCENT) * size
