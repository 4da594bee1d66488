"""The model's slides as blocks the PowerPoint file can hold: runs of text, paragraphs, tables and
pictures, and a Markdown slide's HTML read into them (Unmappable for what has no PowerPoint form).

Plain data and lxml only (imported inside markdown_blocks): nothing here knows python-pptx.
"""
from __future__ import annotations

import re
from dataclasses import dataclass


class Unmappable(Exception):
    """Something in a slide this package has no PowerPoint form for: the slide goes in as a picture."""


@dataclass
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    mono: bool = False
    href: str = ""
    colour: str = ""  # '' the paragraph's; a theme colour's name (code's 'code-keyword')
    strike: bool = False
    lead: str = ""  # who leads, named in a table ('**Name**{: .lead .by-accent }'): 'accent', 'deep', 'both', 'team'


@dataclass
class Para:
    runs: list[Run]
    level: int = 0
    bullet: str = ""  # '' none, '•' a bullet, '1.' numbered
    size: float = 40  # px
    bold: bool = False
    italic: bool = False
    colour: str = "ink"
    caps: bool = False
    align: str = ""  # '' as the shape has it, 'left', 'center', 'right'
    after: float = 0.45  # space after, in lines of its size
    said: bool = False  # a Markdown .said paragraph: words someone says (as_the_room_reads sets them larger)
    heading: bool = False  # a Markdown heading: in two columns, each after the first opens a column
    step: int = 0  # the click it arrives on where the deck reveals it (a reveal.js fragment), in order; 0: at once

    def chars(self) -> int:
        return sum(len(run.text) for run in self.runs)


def para(text: str, **options) -> Para:
    return Para([Run(text)], **options)


@dataclass
class Table:
    rows: list[list[list[Run]]]
    header: bool = True
    step: int = 0  # as Para.step


@dataclass
class Picture:
    alt: str
    source: str | bytes | None = None  # a Markdown picture's address in the deck (Slide.images), or PNG bytes
    diagram: int | None = None  # index among the slide's diagrams
    place: str = ""  # the class that places it on the slide (layouts.css): 'background', 'fill', 'left', 'right'
    step: int = 0  # as Para.step


# The colours code is shown in (static/theme/code.css): its paper, its text, each kind of token, a dimmed line.
CODE_COLOURS = ("code-paper", "code-ink", "code-keyword", "code-string", "code-comment", "code-number",
                "code-name", "code-type", "code-dim")

# The classes that place a picture on the slide (static/theme/layouts.css).
PLACES = ("background", "fill", "left", "right")

# Block elements of a Markdown slide's HTML that have a PowerPoint form.
TEXT_TAGS = {"p", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "hr"}


def markdown_blocks(body_html: str, steps=None) -> list[list[Para] | Table | Picture]:
    """A Markdown slide's body as text groups, tables and pictures; Unmappable for anything else.
    What the deck reveals a click at a time (a `fragment`: a block, a list item) carries its click's
    number (`step`), counted in the page's order as reveal.js counts them; `steps` is the count so
    far (a column's blocks go on counting where the slide's had got to)."""
    import itertools

    from lxml import html as lxml_html

    if not body_html.strip():
        return []
    steps = steps if steps is not None else itertools.count(1)
    root = lxml_html.fragment_fromstring(body_html, create_parent="div")
    blocks: list = []
    diagrams = 0

    def text_group() -> list[Para]:
        if not blocks or not isinstance(blocks[-1], list):
            blocks.append([])
        return blocks[-1]

    if (root.text or "").strip():
        text_group().append(Para([Run(" ".join(root.text.split()))]))
    for element in root:
        tag = element.tag if isinstance(element.tag, str) else ""
        classes = (element.get("class") or "").split()
        images = element.findall(".//img")
        step = next(steps) if "fragment" in classes else 0
        mark = _mark(blocks)
        if tag == "figure" and "diagram" in classes:
            blocks.append(Picture(element.get("data-diagram") or "diagram", diagram=diagrams))
            diagrams += 1
        elif tag == "img" or (tag == "p" and images and not _text(element).strip()):
            for image in ([element] if tag == "img" else images):
                place = next((c for c in (image.get("class") or "").split() if c in PLACES), "")
                blocks.append(Picture(image.get("alt", ""), source=image.get("src") or None, place=place))
        elif tag == "table":
            blocks.append(_table(element))
        elif tag == "div" and "code-block" in classes:
            text_group().extend(_code(element))
        elif tag == "div" and "split" in classes:  # two columns: the left one's blocks, then the right one's
            for half in element:
                inner = (half.text or "") + "".join(lxml_html.tostring(child, encoding="unicode") for child in half)
                for part in markdown_blocks(inner, steps):
                    (text_group().extend(part) if isinstance(part, list) else blocks.append(part))
        elif tag in ("ul", "ol"):
            text_group().extend(_list(element, 0, steps))
        elif tag in TEXT_TAGS:
            if tag == "hr":
                continue
            if tag == "pre":
                for line in _text(element).rstrip("\n").split("\n"):
                    text_group().append(Para([Run(line or " ", mono=True)], size=32, after=0))
            elif tag == "blockquote":
                for child in element:
                    text_group().append(Para(_runs(child), italic=True, level=1))
            elif tag[0] == "h":
                text_group().append(Para(_runs(element), bold=True, size=48 if tag in ("h1", "h2") else 40, heading=True))
            else:
                text_group().append(Para(_runs(element), **_styled(classes)))
        else:
            raise Unmappable(f"its Markdown makes <{tag or 'comment'}>, which has no PowerPoint form here")
        if step:
            _arrive(blocks, mark, step)
        if (element.tail or "").strip():
            text_group().append(Para([Run(" ".join(element.tail.split()))]))
    return blocks


def _mark(blocks: list) -> tuple[int, int]:
    """Where the next block or paragraph will go: the blocks so far, the paragraphs in the last group."""
    return len(blocks), len(blocks[-1]) if blocks and isinstance(blocks[-1], list) else 0


def _arrive(blocks: list, mark: tuple[int, int], step: int) -> None:
    """Everything made since `mark` arrives on click `step`."""
    count, paragraphs = mark
    start = count - 1 if count and paragraphs else count
    for index, block in enumerate(blocks[start:], start):
        made = block[paragraphs:] if index == count - 1 and isinstance(block, list) else \
            block if isinstance(block, list) else [block]
        for item in made:
            item.step = step


def halves(body_html: str) -> list[list] | None:
    """A Markdown slide split at `::right::`, each half's blocks apart; None for one unsplit."""
    from lxml import html as lxml_html

    root = lxml_html.fragment_fromstring(body_html, create_parent="div") if body_html.strip() else None
    split = root.find('div[@class="split"]') if root is not None else None
    if split is None:
        return None
    return [markdown_blocks((half.text or "") + "".join(lxml_html.tostring(child, encoding="unicode") for child in half))
            for half in split]


def plain(paragraph) -> bool:
    """A Markdown paragraph as it came: no bullet, heading, quote or class of its own."""
    return (not paragraph.bullet and not paragraph.bold and not paragraph.italic and paragraph.size == 40
            and paragraph.colour == "ink" and not any(run.mono for run in paragraph.runs))


def as_the_room_reads(blocks: list, density: str) -> None:
    """The larger type static/theme/deck.css gives two Markdown slides, in the normal density's px
    (the slide's density factor comes after): a sparse slide that is a line said aloud sets the
    line at 1.85em and who said it at the body's size; a short numbered list alone on a roomy slide (the
    questions to take home) is set at 1.3em and bold, three at 1.8em (its spacing is spaced_list's)."""
    paragraphs = [p for block in blocks if isinstance(block, list) for p in block]
    if density == "sparse" and paragraphs and paragraphs[0].said:
        for paragraph in paragraphs:
            paragraph.size = 40 * 1.85 if paragraph.said else max(paragraph.size, 40)
    elif (density == "roomy" and len(blocks) == 1 and paragraphs
          and all(p.bullet and p.bullet != "•" and not p.level for p in paragraphs)):
        for paragraph in paragraphs:  # three questions have the room of four: larger, as the deck sets them
            paragraph.size, paragraph.bold = 40 * (1.8 if len(paragraphs) <= 3 else 1.3), True


def _styled(classes: list[str]) -> dict:
    """A paragraph's class as the theme sets it (static/theme/deck.css), at the normal density's
    40 px: .said, the words someone says, at 1.2em and bold (red where it is a cost); .source, who
    said them, at 0.8em, italic and muted; a .datum under the words centred at 1em, and the one
    .figure a slide turns on at 3.2em."""
    if "said" in classes and "datum" in classes:
        return {"size": 128 if "figure" in classes else 40, "bold": True, "colour": "ink", "said": True, "align": "center"}
    if "said" in classes:
        return {"size": 48, "bold": True, "colour": "warn" if "cost" in classes else "ink", "said": True}
    if "source" in classes:
        return {"size": 32, "italic": True, "colour": "muted"}
    return {}


def _text(element) -> str:
    return "".join(element.itertext())


def _runs(element, bold=False, italic=False, mono=False, href="", strike=False) -> list[Run]:
    """Inline Markdown as runs: emphasis, code, struck text and links kept, everything else as its text."""
    runs: list[Run] = []
    tag = element.tag if isinstance(element.tag, str) else ""
    strike = strike or tag in ("del", "s")
    bold = bold or tag in ("strong", "b")
    italic = italic or tag in ("em", "i")
    mono = mono or tag == "code"
    href = element.get("href", href) if tag == "a" else href
    if tag == "br":
        runs.append(Run("\n"))
    elif tag == "img":  # a logo in a line: PowerPoint has no picture in a run, and its words would stand in silently
        raise Unmappable("a picture inside a line of text has no place of its own there")
    if element.text and tag != "img":
        runs.append(Run(re.sub(r"\s+", " ", element.text), bold, italic, mono, href, strike=strike))
    classes = (element.get("class") or "").split() if tag else []  # '.lead .by-deep': who leads
    if "arrow" in classes:  # the theme draws an arrow in the place of its '»': as a glyph it reads as a typo
        raise Unmappable("an arrow the theme draws in place of its '»' has no PowerPoint form here")
    for child in element:
        if tag in ("ul", "ol"):
            break
        if isinstance(child.tag, str) and child.tag in ("ul", "ol"):
            continue
        runs += _runs(child, bold, italic, mono, href, strike)
        if child.tail:
            runs.append(Run(re.sub(r"\s+", " ", child.tail), bold, italic, mono, href, strike=strike))
    if "lead" in classes:
        for run in runs:
            run.lead = next((c[3:] for c in classes if c.startswith("by-")), "")
    if runs and tag in ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th"):
        runs[0].text = runs[0].text.lstrip()
        runs[-1].text = runs[-1].text.rstrip()
    return [run for run in runs if run.text]


def _list(element, level: int, steps=None) -> list[Para]:
    """A list's items a paragraph each; an item the deck reveals on a click (a fragment) takes the
    next click's number, its own sub-list with it."""
    numbered = element.tag == "ol"
    found = []
    for item in element:
        if item.tag != "li":
            continue
        paragraphs = [child for child in item if child.tag == "p"]
        runs = _runs(paragraphs[0]) if paragraphs else _runs(item)
        start = len(found)
        step = next(steps) if steps is not None and "fragment" in (item.get("class") or "").split() else 0
        found.append(Para(runs, level=level, bullet="1." if numbered else "•", after=0.15))
        for child in item:
            if child.tag in ("ul", "ol"):
                found += _list(child, level + 1, steps)
        for paragraph in found[start:] if step else []:
            paragraph.step = paragraph.step or step
    return found


def _table(element) -> Table:
    rows = []
    header = False
    for row in element.iter("tr"):
        cells = [cell for cell in row if cell.tag in ("td", "th")]
        header = header or (not rows and all(cell.tag == "th" for cell in cells))
        rows.append([_runs(cell) for cell in cells])
    width = max((len(row) for row in rows), default=0)
    return Table([row + [[]] * (width - len(row)) for row in rows], header)


# What PowerPoint and LibreOffice show as they are; other pictures go in as PNG.
AS_THEY_ARE = {"PNG", "JPEG"}


def picture_data(image) -> bytes:
    """A Markdown slide's picture (deck/images.py's Image, one Pillow reads) as PowerPoint shows
    it: PNG and JPEG as they are; a GIF's first frame, a WebP or an AVIF as PNG."""
    import io

    from PIL import Image as PillowImage

    data = image.data()
    if image.format in AS_THEY_ARE:
        return data
    with PillowImage.open(io.BytesIO(data)) as picture:
        picture.seek(0)  # an animated GIF's first frame, as the PDFs print it
        frame = picture.convert("RGBA" if "A" in picture.getbands() or "transparency" in picture.info else "RGB")
    out = io.BytesIO()
    frame.save(out, "PNG")
    return out.getvalue()


def _code(block) -> list[Para]:
    """Highlighted code (deck/code.py) as coloured monospaced runs, a paragraph a line, numbered
    where the deck numbers it; every line in its colours, as the PDFs print it (no step dimmed)."""
    pre = block.find("pre")
    numbered = "numbered" in (pre.get("class") or "").split()
    lines = [span for span in pre.iter("span") if "line" in (span.get("class") or "").split()]
    width = len(str(len(lines)))
    found = []
    for number, line in enumerate(lines, 1):
        runs = [Run(f"{number:>{width}}  ", mono=True, colour="code-dim")] if numbered else []
        if line.text:
            runs.append(Run(line.text, mono=True, colour="code-ink"))
        for token in line:
            name = next((c[4:] for c in (token.get("class") or "").split() if c.startswith("tok-")), "")
            runs.append(Run(token.text or "", mono=True, colour=f"code-{name}" if name else "code-ink"))
            if token.tail:
                runs.append(Run(token.tail, mono=True, colour="code-ink"))
        found.append(Para([run for run in runs if run.text] or [Run(" ", mono=True)], size=32, after=0))
    return found


def spaced_list(blocks: list, slide) -> None:
    """A few numbered items on a sparse or roomy slide, spaced as the deck spaces them
    (static/theme/deck.css): 0.9em between items, 1.9em where the list is the whole slide, and a
    sparse slide's list and the line under it 1.2 times its type. Packed at a paragraph's own
    spacing, three questions sit in a small block in the middle of an empty slide."""
    from ..render import density

    spread = density(slide)
    if spread not in ("sparse", "roomy"):
        return
    for block in blocks:
        numbered = [index for index, paragraph in enumerate(block) if paragraph.bullet[-1:] == "."] \
            if isinstance(block, list) else []
        if not numbered:
            continue
        alone = len(blocks) == 1 and len(numbered) == len(block)
        for index in numbered:
            # (a list alone on a roomy slide is already set larger by as_the_room_reads: spaced
            # wider, its text box would shrink the type to fit)
            block[index].after = 1.2 if spread == "roomy" and alone else 0.9
        if alone:
            block[numbered[-1]].after = 0
        if spread == "sparse":  # the list and the one line under it
            for paragraph in block[numbered[0]:numbered[-1] + 2]:
                paragraph.size *= 1.2


# Pictures one after another share a row, up to this many; more start another row.
ROW = 4


def picture_rows(blocks: list) -> list:
    """Consecutive pictures (not diagrams) grouped into rows (tuples): a slide of eight photos lays
    them out in two rows inside the slide, not stacked off it."""
    found: list = []
    for block in blocks:
        lone = isinstance(block, Picture) and block.diagram is None and block.source is not None and block.place != "fill"
        if lone and found and isinstance(found[-1], (Picture, tuple)) and not _is_diagram(found[-1]) \
                and getattr(found[-1], "place", "") != "fill":
            row = found[-1] if isinstance(found[-1], tuple) else (found[-1],)
            found[-1:] = [row + (block,)] if len(row) < ROW else [row, block]
        else:
            found.append(block)
    return [block[0] if isinstance(block, tuple) and len(block) == 1 else block for block in found]


def _is_diagram(block) -> bool:
    return isinstance(block, Picture) and (block.diagram is not None or block.source is None)


def projected_words(slide) -> list[str]:
    """What a Markdown slide projects, in words: the alt text of the picture it goes in as."""
    from lxml import html as lxml_html

    if slide.kind != "markdown" or not slide.body_html.strip():
        return []
    root = lxml_html.fragment_fromstring(slide.body_html, create_parent="div")
    for arrow in root.find_class("arrow"):  # said as what the theme draws, not as the glyph it hides
        arrow.text = "→"
    return [" ".join(root.text_content().split())]
