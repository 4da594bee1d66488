"""PowerPoint: dist/<slug>.pptx for the venue laptop, built with python-pptx from the validated model.

Not screenshots: each slide is made from what the model says it shows (an anti-pattern's symptoms
and costs, a context's stance, a pattern's when-to-use ...; a Markdown slide's body), so the
organiser gets editable text: titles in title placeholders, lists as real bullet paragraphs,
tables as tables, speaker notes in the notes pane (PowerPoint's presenter view shows them), web
links as hyperlinks and in-deck links as jumps to their slide, the talk's colours in the theme
and its typeface named (Atkinson Hyperlegible, with Arial named as the fallback).

What the model cannot say comes from the browser session that printed the PDFs (capture(), in
deck/pdf.py's page, at twice the CSS pixels): each diagram (`figure.diagram` holding an
`svg role="img"` with `title` and `desc`) as a PNG whose alt text is its title and description,
and, for a slide this module cannot map, the whole slide as projected, its title still set as
text (off the slide's face, where PowerPoint's outline and screen readers find it); write() says
which slides those are.

python-pptx and lxml are imported inside functions: nothing here runs unless the file is made.
"""
from __future__ import annotations

import io
import math
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .problems import Problem
from .validate import Deck, Slide

# The deck's 1920x1080 CSS pixels onto a 13.333 x 7.5 in (16:9) slide: 6350 EMU a pixel, so a
# pixel is half a point and the theme's 40 px body text is 20 pt.
WIDTH, HEIGHT = 1920, 1080
EMU = 6350
FONT = "Atkinson Hyperlegible"
# Where the talk's font is not installed, PowerPoint substitutes by PANOSE class: this is Arial's,
# so the substitute is Arial (a sans-serif of similar width); the theme and the file's comments name it.
FALLBACK = "Arial"
FALLBACK_PANOSE = "020B0604020202020204"
# The theme's padding (static/theme/deck.css): the text's frame on every slide.
LEFT, TOP, BOTTOM = 112, 72, 984
CONTENT = WIDTH - 2 * LEFT
GAP = 72
MIN_TEXT = 24  # px: text is shrunk to fit its box, never below this (12 pt)
KINDS = {"title", "section", "anti-pattern", "context", "pattern", "tool", "matrix", "markdown", "recap", "closing"}
# Kinds made from a model entry: diagrams their templates draw go beside the entry's text.
BESIDE = {"anti-pattern", "context", "pattern", "tool"}
# The theme's custom properties, read from the printed page: a talk's own theme is followed.
COLOURS = ("ink", "muted", "paper", "accent", "accent-ink", "rule", "panel", "warn",
           "section-paper", "section-ink", "section-muted")


# --- what the browser session gives ------------------------------------------------------------

@dataclass
class Diagram:
    name: str
    title: str
    desc: str
    png: bytes

    @property
    def alt(self) -> str:
        return ". ".join(part.rstrip(".") for part in (self.title, self.desc) if part) + ("." if self.desc else "")


@dataclass
class Pictures:
    colours: dict[str, str] = field(default_factory=dict)  # name -> 'RRGGBB'
    diagrams: dict[str, list[Diagram]] = field(default_factory=dict)  # slide anchor -> in order
    slides: dict[str, bytes] = field(default_factory=dict)  # slide anchor -> the whole slide
    reasons: dict[str, str] = field(default_factory=dict)  # why that slide is a picture


class Unmappable(Exception):
    """Something in a slide this module has no PowerPoint form for: the slide goes in as a picture."""


def unmappable(slide: Slide, diagrams: int = 0, diagram_only: bool = False) -> str | None:
    """Why a slide cannot be made from the model (None: it can). `diagrams`: how many the rendered
    slide shows; each must have its place in what the model says, or the slide is a picture."""
    if slide.kind not in KINDS:
        if diagrams and diagram_only:
            return None  # a title and its diagrams: both have a PowerPoint form
        return f"kind '{slide.kind}' has no PowerPoint form yet"
    placed = diagrams if slide.kind in BESIDE else 0
    if slide.kind == "markdown":
        try:
            placed = sum(1 for block in markdown_blocks(slide.body_html)
                         if isinstance(block, Picture) and block.diagram is not None)
        except Unmappable as error:
            return str(error)
    if diagrams != placed:
        return "its template shows a diagram the model does not place"
    return None


SCAN_SCRIPT = """
() => {
  const probe = document.createElement('span');
  document.querySelector('.reveal').append(probe);
  const colours = {};
  for (const name of %s) {
    probe.style.color = `var(--${name})`;
    colours[name] = getComputedStyle(probe).color;
  }
  probe.remove();
  const slides = [...document.querySelectorAll('.reveal .slides > .pdf-page')].map(page => {
    const section = page.querySelector('section');
    const diagrams = [...section.querySelectorAll('figure.diagram')].map(figure => {
      const svg = figure.querySelector('svg');
      const text = tag => (svg && svg.querySelector(`:scope > ${tag}`)?.textContent || '').trim();
      return { name: figure.dataset.diagram || '', title: text('title'), desc: text('desc') };
    });
    // Only a heading besides its diagrams? Then title + pictures says all the slide says.
    const copy = section.cloneNode(true);
    copy.querySelectorAll('.notes, .reader-only, figure.diagram, h1, h2, .eyebrow, .takeaway-badge')
      .forEach(el => el.remove());
    return { id: section.id, diagrams, diagramOnly: copy.textContent.trim() === '' };
  });
  return { colours, slides };
}
""" % (list(COLOURS),)

MARK_SCRIPT = """
({ slides }) => {
  let count = 0;
  document.querySelectorAll('.reveal .slides > .pdf-page').forEach(page => {
    const section = page.querySelector('section');
    if (slides.includes(section.id)) page.dataset.shot = `slide-${section.id}`;
    section.querySelectorAll('figure.diagram').forEach((figure, index) => {
      figure.dataset.shot = `diagram-${count++}`;
    });
  });
  return count;
}
"""


async def capture(page, deck: Deck, progress) -> Pictures:
    """From the print view, before the handout rearranges it: colours, diagrams, whole slides."""
    scanned = await page.evaluate(SCAN_SCRIPT)
    pictures = Pictures(colours={name: _hex(value) for name, value in scanned["colours"].items()})
    found = {item["id"]: item for item in scanned["slides"]}
    for slide in deck.slides:
        item = found.get(slide.anchor, {"diagrams": [], "diagramOnly": False})
        reason = unmappable(slide, len(item["diagrams"]), item["diagramOnly"])
        if reason:
            pictures.reasons[slide.anchor] = reason
    count = await page.evaluate(MARK_SCRIPT, {"slides": list(pictures.reasons)})
    total = count + len(pictures.reasons)
    done = 0
    number = 0
    for slide in deck.slides:
        for item in found.get(slide.anchor, {"diagrams": []})["diagrams"]:
            png = await page.locator(f'[data-shot="diagram-{number}"]').screenshot(type="png", animations="disabled")
            pictures.diagrams.setdefault(slide.anchor, []).append(Diagram(item["name"], item["title"], item["desc"], png))
            number += 1
            done += 1
            progress.advance("pictures for the PowerPoint file", done, total)
        if slide.anchor in pictures.reasons:
            locator = page.locator(f'[data-shot="slide-{slide.anchor}"]')
            pictures.slides[slide.anchor] = await locator.screenshot(type="png", animations="disabled")
            done += 1
            progress.advance("pictures for the PowerPoint file", done, total)
    # The page goes on to the handout: leave it as `build.py pdf` (which takes no pictures) finds
    # it, so both print the same bytes.
    await page.evaluate("() => { document.querySelectorAll('[data-shot]').forEach(e => e.removeAttribute('data-shot'));"
                        " window.scrollTo(0, 0); }")
    return pictures


def _hex(css_colour: str) -> str:
    numbers = [int(float(n)) for n in re.findall(r"[\d.]+", css_colour)[:3]]
    return "".join(f"{n:02X}" for n in numbers) if len(numbers) == 3 else "000000"


# --- the model's slides as text, lists, tables and pictures ----------------------------------

@dataclass
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    mono: bool = False
    href: str = ""


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
    align: str = ""  # '' as the shape has it, 'left', 'center'
    after: float = 0.45  # space after, in lines of its size

    def chars(self) -> int:
        return sum(len(run.text) for run in self.runs)


def para(text: str, **options) -> Para:
    return Para([Run(text)], **options)


@dataclass
class Table:
    rows: list[list[list[Run]]]
    header: bool = True


@dataclass
class Picture:
    alt: str
    source: Path | bytes | None = None
    diagram: int | None = None  # index among the slide's diagrams


# Block elements of a Markdown slide's HTML that have a PowerPoint form.
TEXT_TAGS = {"p", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "hr"}


def markdown_blocks(body_html: str) -> list[list[Para] | Table | Picture]:
    """A Markdown slide's body as text groups, tables and pictures; Unmappable for anything else."""
    from lxml import html as lxml_html

    if not body_html.strip():
        return []
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
        if tag == "figure" and "diagram" in classes:
            blocks.append(Picture(element.get("data-diagram") or "diagram", diagram=diagrams))
            diagrams += 1
        elif tag == "img" or (tag == "p" and images and not _text(element).strip()):
            for image in ([element] if tag == "img" else images):
                blocks.append(Picture(image.get("alt", ""), source=_image_source(image.get("src", ""))))
        elif tag == "table":
            blocks.append(_table(element))
        elif tag in ("ul", "ol"):
            text_group().extend(_list(element, 0))
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
                text_group().append(Para(_runs(element), bold=True, size=48 if tag in ("h1", "h2") else 40))
            else:
                text_group().append(Para(_runs(element)))
        else:
            raise Unmappable(f"its Markdown makes <{tag or 'comment'}>, which has no PowerPoint form here")
        if (element.tail or "").strip():
            text_group().append(Para([Run(" ".join(element.tail.split()))]))
    return blocks


def _text(element) -> str:
    return "".join(element.itertext())


def _runs(element, bold=False, italic=False, mono=False, href="") -> list[Run]:
    """Inline Markdown as runs: emphasis, code and links kept, everything else as its text."""
    runs: list[Run] = []
    tag = element.tag if isinstance(element.tag, str) else ""
    bold = bold or tag in ("strong", "b")
    italic = italic or tag in ("em", "i")
    mono = mono or tag == "code"
    href = element.get("href", href) if tag == "a" else href
    if tag == "br":
        runs.append(Run("\n"))
    elif tag == "img":
        runs.append(Run(element.get("alt", ""), italic=True))
    if element.text and tag != "img":
        runs.append(Run(re.sub(r"\s+", " ", element.text), bold, italic, mono, href))
    for child in element:
        if tag in ("ul", "ol"):
            break
        if isinstance(child.tag, str) and child.tag in ("ul", "ol"):
            continue
        runs += _runs(child, bold, italic, mono, href)
        if child.tail:
            runs.append(Run(re.sub(r"\s+", " ", child.tail), bold, italic, mono, href))
    if runs and tag in ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th"):
        runs[0].text = runs[0].text.lstrip()
        runs[-1].text = runs[-1].text.rstrip()
    return [run for run in runs if run.text]


def _list(element, level: int) -> list[Para]:
    numbered = element.tag == "ol"
    found = []
    for item in element:
        if item.tag != "li":
            continue
        paragraphs = [child for child in item if child.tag == "p"]
        runs = _runs(paragraphs[0]) if paragraphs else _runs(item)
        found.append(Para(runs, level=level, bullet="1." if numbered else "•", after=0.15))
        for child in item:
            if child.tag in ("ul", "ol"):
                found += _list(child, level + 1)
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


def _image_source(src: str) -> Path | bytes | None:
    if src.startswith("data:"):
        import base64

        return base64.b64decode(src.split(",", 1)[1]) if ";base64," in src else None
    return Path(src)  # 'static/...', resolved against the talk's folder when placed


# --- the file ---------------------------------------------------------------------------------

@dataclass
class Made:
    path: Path
    notices: list[Problem]


def file_name(deck: Deck) -> str:
    from .export import slug

    return f"{slug(deck.talk.title)}.pptx"


def write(deck: Deck, pictures: Pictures | None, folder: Path, progress=None) -> Made:
    """staging/<slug>.pptx; notices name each slide that went in as a picture, and why."""
    pictures = pictures or Pictures()
    builder = Builder(deck, pictures, progress)
    data = builder.build()
    target = folder / file_name(deck)
    target.write_bytes(data)
    notices = []
    for slide in deck.slides:
        if slide.anchor in pictures.reasons:
            notices.append(Problem(slide.source[0], slide.source[1], 1, f"slide {slide.number} '{slide.title}'",
                                   f"is a picture in the PowerPoint file ({pictures.reasons[slide.anchor]}); "
                                   "its title and notes are text", warning=True))
    return Made(target, notices)


class Builder:
    """One Presentation: the theme set once, a slide per deck slide in order, then each filled."""

    def __init__(self, deck: Deck, pictures: Pictures, progress=None):
        self.deck = deck
        self.pictures = pictures
        self.progress = progress
        self.colours = {**DEFAULT_COLOURS.get(deck.talk.theme, DEFAULT_COLOURS["light"]), **pictures.colours}
        self.left, self.content = LEFT, CONTENT  # the text's column: narrower beside a diagram

    # -- the whole file

    def build(self) -> bytes:
        from pptx import Presentation

        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = WIDTH * EMU, HEIGHT * EMU
        self._widen_layouts()
        self._theme()
        layouts = self.prs.slide_layouts
        self.slides = {}
        made = []
        for slide in self.deck.slides:  # every slide first: in-deck links need their targets
            layout = layouts[0] if slide.kind == "title" else layouts[5]
            made.append(self.prs.slides.add_slide(layout))
            self.slides[slide.anchor] = made[-1]
        for number, (slide, page) in enumerate(zip(self.deck.slides, made), start=1):
            self.fill(slide, page)
            self.notes(slide, page)
            if self.progress is not None:
                self.progress.advance("writing the PowerPoint file", number, len(made))
        self._properties()
        out = io.BytesIO()
        self.prs.save(out)
        return _reproducible(out.getvalue())

    def _widen_layouts(self) -> None:
        """The default template is 4:3; its master and layouts are stretched to 16:9 once, so a slide
        an organiser adds later fits too."""
        factor = WIDTH * EMU / 9144000
        for owner in (self.prs.slide_master, *self.prs.slide_layouts):
            for shape in owner.placeholders:
                if shape.left is not None and shape.width is not None:
                    shape.left, shape.width = round(shape.left * factor), round(shape.width * factor)

    def _theme(self) -> None:
        """The talk's colours and typeface in the theme: what an organiser adds matches the deck."""
        from lxml import etree
        from pptx.opc.constants import RELATIONSHIP_TYPE as RT

        a = "http://schemas.openxmlformats.org/drawingml/2006/main"
        master = self.prs.slide_master
        part = master.part.part_related_by(RT.THEME)
        theme = etree.fromstring(part.blob)
        theme.set("name", f"{self.deck.talk.title[:60]}")
        c = self.colours
        scheme = {"dk1": c["ink"], "lt1": c["paper"], "dk2": c["section-paper"], "lt2": c["panel"],
                  "accent1": c["accent"], "accent2": c["section-paper"], "accent3": c["muted"],
                  "accent4": c["warn"], "accent5": c["rule"], "accent6": c["section-muted"],
                  "hlink": c["accent"], "folHlink": c["accent"]}
        clr = theme.find(f".//{{{a}}}clrScheme")
        clr.set("name", "Talk")
        for name, value in scheme.items():
            slot = clr.find(f"{{{a}}}{name}")
            for child in list(slot):
                slot.remove(child)
            etree.SubElement(slot, f"{{{a}}}srgbClr", val=value)
        fonts = theme.find(f".//{{{a}}}fontScheme")
        fonts.set("name", f"{FONT} (fallback: {FALLBACK})")
        for kind in ("majorFont", "minorFont"):
            latin = fonts.find(f"{{{a}}}{kind}/{{{a}}}latin")
            latin.set("typeface", FONT)
            latin.set("panose", FALLBACK_PANOSE)
        part._blob = etree.tostring(theme, xml_declaration=True, encoding="UTF-8", standalone=True)
        background = master.background.fill
        background.solid()
        background.fore_color.rgb = self.rgb("paper")

    def _properties(self) -> None:
        from datetime import datetime, timezone

        from .export import keywords

        talk = self.deck.talk
        properties = self.prs.core_properties
        properties.title = talk.title
        properties.author = talk.speaker.name
        properties.subject = " ".join(talk.summary.split())[:255]
        properties.keywords = ", ".join(keywords(self.deck))[:255]
        properties.comments = (f"Set in {FONT} (SIL Open Font License); where it is not installed, "
                               f"the theme names {FALLBACK} as the fallback.")
        properties.last_modified_by = "build.py"
        properties.revision = 1
        properties.language = talk.language
        stamp = datetime.fromtimestamp(_epoch(), timezone.utc).replace(tzinfo=None)
        properties.created = properties.modified = stamp
        properties.last_printed = stamp

    # -- helpers on one slide

    def rgb(self, name: str):
        from pptx.dml.color import RGBColor

        return RGBColor.from_string(self.colours.get(name, name))

    def title(self, page, text: str, box: tuple, size: float, colour: str = "ink", hidden: bool = False) -> None:
        """The slide's title in its title placeholder (hidden: placed just above the slide's face)."""
        shape = page.shapes.title
        x, y, w, h = box
        if hidden:
            y = -h - 8
        shape.left, shape.top, shape.width, shape.height = (round(v * EMU) for v in (x, y, w, h))
        frame = shape.text_frame
        self._frame(frame)
        self._paragraph(page, frame.paragraphs[0], Para([Run(text)], size=size, bold=True, colour=colour, after=0,
                                                         align="left"))

    def _frame(self, frame, anchor_top: bool = True, columns: int = 1) -> None:
        from pptx.enum.text import MSO_ANCHOR

        frame.word_wrap = True
        frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
        frame.vertical_anchor = MSO_ANCHOR.TOP if anchor_top else MSO_ANCHOR.MIDDLE
        body = frame._txBody.bodyPr
        if columns > 1:
            body.set("numCol", str(columns))
            body.set("spcCol", str(GAP * EMU))

    def text(self, page, box: tuple, paragraphs: list[Para], *, fill: str = "", columns: int = 1,
             shrink: bool = True, name: str = "") -> None:
        """A text box: the paragraphs shrunk together until they fit the box, never below MIN_TEXT."""
        from pptx.util import Emu

        if not paragraphs:
            return
        x, y, w, h = box
        if shrink:
            _fit(paragraphs, w / columns - (GAP if columns > 1 else 0), h)
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

    def _paragraph(self, page, target, paragraph: Para) -> None:
        from lxml import etree
        from pptx.enum.text import PP_ALIGN
        from pptx.util import Pt

        a = "http://schemas.openxmlformats.org/drawingml/2006/main"
        target.space_after = Pt(paragraph.size * paragraph.after * 0.5)
        if paragraph.align:  # the layouts centre titles; the deck sets them flush left
            target.alignment = PP_ALIGN.CENTER if paragraph.align == "center" else PP_ALIGN.LEFT
        properties = target._p.get_or_add_pPr()
        if paragraph.bullet:
            indent = round(paragraph.size * 1.1 * EMU)
            properties.set("marL", str(indent * (paragraph.level + 1)))
            properties.set("indent", str(-indent))
            etree.SubElement(properties, f"{{{a}}}buClr").append(_srgb(self.colours["accent"]))
            if paragraph.bullet == "1.":
                etree.SubElement(properties, f"{{{a}}}buFont", typeface=FONT, panose=FALLBACK_PANOSE)
                etree.SubElement(properties, f"{{{a}}}buAutoNum", type="arabicPeriod")
            else:
                etree.SubElement(properties, f"{{{a}}}buFont", typeface=FALLBACK)
                etree.SubElement(properties, f"{{{a}}}buChar", char=paragraph.bullet)
        elif paragraph.level:
            properties.set("marL", str(round(paragraph.size * 1.1 * EMU * paragraph.level)))
        for run in paragraph.runs:
            if run.text == "\n":
                target.add_line_break()
                continue
            made = target.add_run()
            made.text = run.text.upper() if paragraph.caps else run.text
            font = made.font
            font.size = Pt(paragraph.size * 0.5)
            font.bold = paragraph.bold or run.bold or None
            font.italic = paragraph.italic or run.italic or None
            font.name = "Consolas" if run.mono else FONT
            latin = made._r.get_or_add_rPr().find(f"{{{a}}}latin")
            if not run.mono:
                latin.set("panose", FALLBACK_PANOSE)
                latin.set("pitchFamily", "34")
            colour = "accent" if run.href else paragraph.colour
            font.color.rgb = self.rgb(colour)
            if run.href:
                self._link(page, made, run.href)

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

    def picture(self, page, box: tuple, source, alt: str, name: str = "", fill: bool = False) -> None:
        """A picture fitted into the box, centred, aspect kept (fill: the box exactly, for a whole
        slide: reveal's print pages are a pixel short of 1080); its alt text is what it shows."""
        from PIL import Image
        from pptx.util import Emu

        data = source if isinstance(source, bytes) else Path(source).read_bytes()
        with Image.open(io.BytesIO(data)) as image:
            natural_w, natural_h = image.size
        x, y, w, h = box
        scale = min(w / natural_w, h / natural_h)
        pw, ph = (w, h) if fill else (natural_w * scale, natural_h * scale)
        shape = page.shapes.add_picture(io.BytesIO(data), Emu(round((x + (w - pw) / 2) * EMU)), Emu(round(y * EMU)),
                                        Emu(round(pw * EMU)), Emu(round(ph * EMU)))
        properties = shape._element.nvPicPr.cNvPr
        properties.set("descr", alt)
        if name:
            shape.name = name

    def links(self, label: str, refs: list[str]) -> Para:
        """'Label: A, B, C', each name a jump to the slide that shows it (plain where none does).
        The label comes with its colon, as the talk's language writes it ('Fits:', 'Convient à :')."""
        runs = [Run(f"{label} ", bold=True)]
        for index, ref in enumerate(refs):
            entry = self.deck.subject(ref)
            anchor = self.deck.anchor_of(ref)
            runs.append(Run(entry.name if entry else ref, href=f"#{anchor}" if anchor else ""))
            if index < len(refs) - 1:
                runs.append(Run(", "))
        return Para(runs, size=36, after=0.3)

    def heading_top(self, page, slide: Slide, eyebrow: str = "", size: float = 68) -> float:
        """Eyebrow and title at the top; returns where the content starts."""
        y = TOP
        if eyebrow:
            self.text(page, (self.left, y, self.content, 40), [para(eyebrow, size=30, bold=True, colour="accent", caps=True, after=0)],
                      shrink=False, name="Eyebrow")
            y += 56
        lines = _lines(slide.title, size, self.content, bold=True)
        height = lines * size * 1.15
        self.title(page, slide.title, (self.left, y, self.content, height), size)
        return y + height + 28

    # -- each kind

    def fill(self, slide: Slide, page) -> None:
        background = page.background.fill
        background.solid()
        background.fore_color.rgb = self.rgb("section-paper" if slide.kind == "section" else "paper")
        if slide.anchor in self.pictures.slides:
            self.picture(page, (0, 0, WIDTH, HEIGHT), self.pictures.slides[slide.anchor],
                         self._slide_alt(slide), name="Slide as projected", fill=True)
            self.title(page, slide.title, (self.left, TOP, self.content, 80), 68, hidden=True)
        elif slide.kind in BESIDE and self.pictures.diagrams.get(slide.anchor):
            # The template draws diagrams on this entry's slide: the model's text on the left,
            # the diagrams stacked on the right, each as the room sees it.
            self.content = round((CONTENT - GAP) * 0.56)
            getattr(self, "kind_" + slide.kind.replace("-", "_"))(slide, page)
            self.content = CONTENT
            diagrams = self.pictures.diagrams[slide.anchor]
            x = LEFT + round((CONTENT - GAP) * 0.56) + GAP
            height = (BOTTOM - TOP - 24 * (len(diagrams) - 1)) / len(diagrams)
            for index, diagram in enumerate(diagrams):
                self.picture(page, (x, TOP + index * (height + 24), WIDTH - LEFT - x, height), diagram.png,
                             diagram.alt, name=f"Diagram {diagram.name}")
        else:
            getattr(self, "kind_" + slide.kind.replace("-", "_"), self.kind_diagrams)(slide, page)
        if slide.delivers:
            takeaways = self.deck.talk.takeaways
            badge = self.deck.labels("takeaway_badge", n=takeaways.index(slide.delivers) + 1, total=len(takeaways),
                                     short=slide.delivers.short)
            width = min(self.content, 30 * 0.55 * len(badge) + 60)
            self.text(page, (WIDTH - self.left - width, 1080 - 40 - 60, width, 56),
                      [para(badge, size=30, bold=True, colour="accent-ink", after=0)], fill="accent", shrink=False,
                      name="Takeaway")

    def _slide_alt(self, slide: Slide) -> str:
        diagrams = self.pictures.diagrams.get(slide.anchor, [])
        return " ".join([self.deck.labels("slide_alt", n=slide.number, title=slide.title)] +
                        [diagram.alt for diagram in diagrams])

    def notes(self, slide: Slide, page) -> None:
        frame = page.notes_slide.notes_text_frame
        blocks = [" ".join(block.split()) for block in slide.notes.split("\n\n") if block.strip()]
        frame.text = blocks[0] if blocks else ""
        for block in blocks[1:]:
            frame.add_paragraph().text = block

    def kind_title(self, slide: Slide, page) -> None:
        talk = self.deck.talk
        lines = _lines(slide.title, 104, 1560, bold=True)
        self.title(page, slide.title, (self.left, 200, 1560, lines * 104 * 1.12), 104)
        y = 200 + lines * 104 * 1.12 + 40
        below = []
        if talk.subtitle:
            below.append(para(talk.subtitle, size=48, colour="muted", after=1.2))
        byline = [Run(talk.speaker.name, bold=True)] + ([Run(f", {talk.speaker.role}")] if talk.speaker.role else [])
        below.append(Para(byline, size=44, after=0.2))
        event = " · ".join(part for part in (talk.event.name, talk.event.date, talk.event.location) if part)
        below.append(para(event, size=44, colour="muted"))
        self.text(page, (self.left, y, self.content, BOTTOM - y), below)
        for shape in list(page.placeholders):  # the layout's empty subtitle would show its prompt
            if shape.placeholder_format.idx != 0:
                shape._element.getparent().remove(shape._element)

    def kind_section(self, slide: Slide, page) -> None:
        outline = self.deck.talk.outline
        self.text(page, (self.left, 260, self.content, 50), [para(self.deck.labels("section_part", n=outline.index(slide.section) + 1, total=len(outline)),
                                                        size=36, bold=True, colour="section-muted", caps=True)],
                  shrink=False)
        self.title(page, slide.title, (self.left, 330, 1700, 2 * 120 * 1.1), 120, colour="section-ink")

    def kind_anti_pattern(self, slide: Slide, page) -> None:
        anti = slide.subject
        t = self.deck.labels
        y = self.heading_top(page, slide, t("kind_anti_pattern"))
        y = self._lede(page, anti.summary, y)
        column = (self.content - GAP) / 2
        bottom = BOTTOM - 80
        for index, (label, items) in enumerate(((t("spot_it"), anti.symptoms), (t("what_it_costs"), anti.consequences))):
            x = self.left + index * (column + GAP)
            self.text(page, (x, y, column, bottom - y),
                      [para(label, size=32, bold=True, colour="muted", caps=True, after=0.3)] +
                      [para(item, bullet="•", after=0.15) for item in items])
        self.text(page, (self.left, bottom, self.content, 64), [self.links(t("remedies_list"), anti.remedies)])

    def _lede(self, page, text: str, y: float, size: float = 46) -> float:
        height = _lines(text, size, min(self.content, 34 * size)) * size * 1.3
        self.text(page, (self.left, y, min(self.content, 34 * size), height), [para(text, size=size, after=0)], name="Lede")
        return y + height + 32

    def kind_context(self, slide: Slide, page) -> None:
        context = slide.subject
        t = self.deck.labels
        eyebrow = t("kind_context") + (f" · {t.domain(context.domain)}" if context.domain else "")
        y = self.heading_top(page, slide, eyebrow)
        y = self._lede(page, context.question, y)
        width = (self.content - 2 * 32) / 3
        stance = context.stance
        heights = max(_lines(value, 40, width - 32) for value in (stance.leads, stance.advises, stance.co_creates))
        box_height = 40 + 32 + heights * 40 * 1.25
        for index, (label, value) in enumerate(((t("leads"), stance.leads), (t("advises"), stance.advises),
                                                (t("co_creates"), stance.co_creates))):
            self.text(page, (self.left + index * (width + 32), y, width, box_height),
                      [para(label, size=30, bold=True, colour="muted", caps=True, after=0.1), para(value, after=0)],
                      fill="panel")
        y += box_height + 32
        below = []
        if stance.mode:
            below.append(Para([Run(t("term_colon", term=t("interaction_mode")) + " "), Run(t.mode(stance.mode), bold=True)],
                              colour="muted"))
        below.append(para(context.why))
        self.text(page, (self.left, y, self.content, BOTTOM - y), below)

    def _technique(self, slide: Slide, page, eyebrow: str, label: str, refs: list[str]) -> None:
        technique = slide.subject
        y = self.heading_top(page, slide, eyebrow)
        y = self._lede(page, technique.summary, y)
        column = (self.content - GAP) / 2
        remedy_for = [anti.id for anti in self.deck.talk.anti_patterns if technique.id in anti.remedies]
        footer = [self.links(label, refs)] + ([self.links(self.deck.labels("remedy_for"), remedy_for)] if remedy_for else [])
        if technique.source:
            footer.append(para(technique.source, size=32, italic=True, colour="muted"))
        footer_height = sum(_lines("".join(r.text for r in p.runs), p.size, self.content) * p.size * 1.4 for p in footer)
        bottom = BOTTOM - footer_height
        for index, (head, text) in enumerate(((self.deck.labels("helps_when"), technique.helps_when),
                                                 (self.deck.labels("stop_when"), technique.stop_when))):
            self.text(page, (self.left + index * (column + GAP), y, column, bottom - y - 16),
                      [para(head, size=32, bold=True, colour="muted", caps=True, after=0.3), para(text)])
        self.text(page, (self.left, bottom, self.content, footer_height), footer)

    def kind_pattern(self, slide: Slide, page) -> None:
        self._technique(slide, page, self.deck.labels("kind_pattern"), self.deck.labels("fits"), slide.subject.contexts)

    def kind_tool(self, slide: Slide, page) -> None:
        self._technique(slide, page, self.deck.labels("kind_tool"), self.deck.labels("supports"), slide.subject.supports)

    def kind_matrix(self, slide: Slide, page) -> None:
        talk = self.deck.talk
        y = self.heading_top(page, slide)
        rows = [[[Run(self.deck.labels(key))] for key in ("kind_context", "leads", "advises", "co_creates", "patterns")]]
        for context in talk.contexts:
            anchor = self.deck.anchor_of(context.id)
            patterns: list[Run] = []
            for pattern in [p for p in talk.patterns if context.id in p.contexts]:
                if patterns:
                    patterns.append(Run(", "))
                target = self.deck.anchor_of(pattern.id)
                patterns.append(Run(pattern.name, href=f"#{target}" if target else ""))
            rows.append([[Run(context.name, bold=True, href=f"#{anchor}" if anchor else "")],
                         [Run(context.stance.leads)], [Run(context.stance.advises)], [Run(context.stance.co_creates)],
                         patterns])
        self.table(page, (self.left, y, self.content, BOTTOM - y), Table(rows), size=28, widths=(0.17, 0.15, 0.16, 0.16, 0.36))

    def table(self, page, box: tuple, table: Table, size: float = 34, widths: tuple = ()) -> None:
        """A PowerPoint table: a header row when the Markdown had one, text shrunk to fit the box."""
        from pptx.util import Emu

        x, y, w, h = box
        columns = max(len(row) for row in table.rows)
        shares = widths or tuple(1 / columns for _ in range(columns))
        cell_lines = lambda s: sum(max(_lines("".join(r.text for r in cell), s, w * share - 24)
                                       for cell, share in zip(row, shares)) for row in table.rows)
        while size > MIN_TEXT and cell_lines(size) * size * 1.25 + len(table.rows) * 20 > h:
            size -= 2
        height = min(h, cell_lines(size) * size * 1.25 + len(table.rows) * 20)
        shape = page.shapes.add_table(len(table.rows), columns, Emu(round(x * EMU)), Emu(round(y * EMU)),
                                      Emu(round(w * EMU)), Emu(round(height * EMU)))
        made = shape.table
        made.first_row = table.header
        for index, share in enumerate(shares):
            made.columns[index].width = Emu(round(w * share * EMU))
        for r, row in enumerate(table.rows):
            for c, runs in enumerate(row):
                cell = made.cell(r, c)
                cell.margin_left = cell.margin_right = 12 * EMU
                cell.margin_top = cell.margin_bottom = 8 * EMU
                header = table.header and r == 0
                cell.fill.solid()
                cell.fill.fore_color.rgb = self.rgb("accent" if header else ("panel" if r % 2 else "paper"))
                self._paragraph(page, cell.text_frame.paragraphs[0],
                                Para(runs or [Run("")], size=size, bold=header, colour="accent-ink" if header else "ink",
                                     after=0))

    def kind_recap(self, slide: Slide, page) -> None:
        y = self.heading_top(page, slide)
        items = []
        for takeaway in self.deck.talk.takeaways:
            runs = [Run(takeaway.short, bold=True), Run(f": {takeaway.text}")]
            where = [other for other in self.deck.slides if other.delivers == takeaway and other is not slide]
            if where:
                runs.append(Run(f" ({self.deck.labels('slide_word', count=len(where))} "))
                for index, other in enumerate(where):
                    runs.append(Run(str(other.number), href=f"#{other.anchor}"))
                    runs.append(Run(", " if index < len(where) - 1 else ")"))
            items.append(Para(runs, bullet="1.", after=0.8))
        self.text(page, (self.left, y, self.content, BOTTOM - y), items)

    def kind_closing(self, slide: Slide, page) -> None:
        from .validate import qr_code

        links = self.deck.talk.links
        y = self.heading_top(page, slide)
        t = self.deck.labels
        for index, (label, url, qr) in enumerate(((t("slides_link"), links.slides, t("qr_slides", url=links.slides)),
                                                  (t("feedback_link"), links.feedback,
                                                   t("qr_feedback", url=links.feedback)))):
            x = self.left + index * (400 + GAP)
            code = qr_code(url)
            if code is not None:
                png = io.BytesIO()
                code.save(png, kind="png", scale=10, border=4, dark="#000", light="#fff")
                self.picture(page, (x, y, 400, 400), png.getvalue(), qr, name=f"QR {label}")
            self.text(page, (x, y + 416, 400, 150),
                      [para(label, size=40, bold=True, after=0.1),
                       Para([Run(url.replace("https://", ""), href=url)], size=28, colour="muted")])
        if links.more:
            x = self.left + 2 * (400 + GAP) + 24
            self.text(page, (x, y, WIDTH - self.left - x, BOTTOM - y),
                      [para(t("read_more"), size=32, bold=True, colour="muted", caps=True, after=0.3)] +
                      [Para([Run(link.label, href=link.url)], bullet="•", after=0.15) for link in links.more])

    def kind_markdown(self, slide: Slide, page) -> None:
        y = self.heading_top(page, slide)
        blocks = markdown_blocks(slide.body_html)
        diagrams = self.pictures.diagrams.get(slide.anchor, [])
        centred = slide.layout == "centered"
        columns = 2 if slide.layout == "two-columns" else 1
        self._stack(page, slide, blocks, diagrams, y, centred, columns)

    def kind_diagrams(self, slide: Slide, page) -> None:
        """A kind this module does not know, that shows only a title and diagrams: those, as they are."""
        y = self.heading_top(page, slide)
        diagrams = self.pictures.diagrams.get(slide.anchor, [])
        self._stack(page, slide, [Picture(d.alt, diagram=i) for i, d in enumerate(diagrams)], diagrams, y, False, 1)

    def _stack(self, page, slide: Slide, blocks: list, diagrams: list[Diagram], y: float, centred: bool,
               columns: int) -> None:
        """Blocks top to bottom: text at the height it needs (shrunk together if they do not all fit),
        tables likewise, pictures sharing what is left."""
        available = BOTTOM - y
        pictures = [block for block in blocks if isinstance(block, Picture)]
        for block in blocks:
            if isinstance(block, list) and centred:
                for paragraph in block:
                    paragraph.align = "center"
        needed = lambda block, scale: (_height(block, self.content / columns, scale) if isinstance(block, list)
                                       else _table_height(block, self.content, scale) if isinstance(block, Table) else 0)
        scale = 1.0
        reserve = 300 * len(pictures)
        while scale > MIN_TEXT / 40 and sum(needed(b, scale) for b in blocks) + reserve + 24 * len(blocks) > available:
            scale -= 0.05
        picture_height = (available - sum(needed(b, scale) for b in blocks) - 24 * len(blocks)) / max(1, len(pictures))
        for block in blocks:
            if isinstance(block, list):
                for paragraph in block:
                    paragraph.size = max(MIN_TEXT, paragraph.size * scale)
                height = needed(block, 1.0)
                self.text(page, (self.left, y, self.content, min(height, BOTTOM - y)), block, columns=columns)
            elif isinstance(block, Table):
                height = needed(block, scale)
                self.table(page, (self.left, y, self.content, height), block, size=max(MIN_TEXT, 34 * scale))
            else:
                height = max(120, picture_height)
                if block.diagram is not None and block.diagram < len(diagrams):
                    diagram = diagrams[block.diagram]
                    self.picture(page, (self.left, y, self.content, height), diagram.png, diagram.alt, name=f"Diagram {diagram.name}")
                elif block.source is not None:
                    source = block.source if isinstance(block.source, bytes) else self.deck.root / block.source
                    self.picture(page, (self.left, y, self.content, height), source, block.alt, name="Picture")
            y += height + 24


# The theme's colours (static/theme/deck.css) when no browser said otherwise.
DEFAULT_COLOURS = {
    "light": {"ink": "1B1F24", "muted": "454E5B", "paper": "FBFAF7", "accent": "0B5CAD", "accent-ink": "FFFFFF",
              "rule": "C3C8CF", "panel": "EEF1F5", "warn": "A4281B", "section-paper": "0B3F78",
              "section-ink": "FFFFFF", "section-muted": "CFE2F7"},
    "dark": {"ink": "F3F4F6", "muted": "C3C9D2", "paper": "121519", "accent": "7CC0FF", "accent-ink": "0B0D10",
             "rule": "3D4550", "panel": "1E232B", "warn": "FF9C8F", "section-paper": "0F2540",
             "section-ink": "FFFFFF", "section-muted": "B9D6F5"},
}


# --- estimates: how much room text takes -------------------------------------------------------
# Atkinson Hyperlegible's average advance is about 0.55 em for running text; the estimate takes
# 0.58 em (0.62 bold) so a wider substitute (Arial, DejaVu Sans in LibreOffice) fits too: a line
# holds width / (size * that) characters. An estimate is enough here: boxes are sized from it and
# text shrunk together when it runs over, and the text stays editable either way.

def _lines(text: str, size: float, width: float, bold: bool = False) -> int:
    per_line = max(1, int(width / (size * (0.62 if bold else 0.58))))
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


def _height(paragraphs: list[Para], width: float, scale: float = 1.0) -> float:
    total = 0.0
    for paragraph in paragraphs:
        size = max(MIN_TEXT, paragraph.size * scale)
        indent = size * 1.1 * (paragraph.level + (1 if paragraph.bullet else 0))
        text = "".join(run.text for run in paragraph.runs)
        total += _lines(text, size, width - indent, paragraph.bold) * size * 1.2 + size * paragraph.after
    return total


def _fit(paragraphs: list[Para], width: float, height: float) -> None:
    scale = 1.0
    while scale > 0.3 and _height(paragraphs, width, scale) > height:
        scale -= 0.05
    if scale < 1.0:
        for paragraph in paragraphs:
            paragraph.size = max(MIN_TEXT, paragraph.size * scale)


def _table_height(table: Table, width: float, scale: float) -> float:
    size = max(MIN_TEXT, 34 * scale)
    columns = max(len(row) for row in table.rows)
    return sum(max(_lines("".join(r.text for r in cell), size, width / columns - 24) for cell in row) * size * 1.25 + 20
               for row in table.rows)


def _srgb(value: str):
    from lxml import etree

    element = etree.Element("{http://schemas.openxmlformats.org/drawingml/2006/main}srgbClr")
    element.set("val", value)
    return element


def _epoch() -> int:
    from .files import source_epoch

    return max(source_epoch(), 315_532_800)  # zip dates start in 1980


def _reproducible(data: bytes) -> bytes:
    """The same file, every member dated SOURCE_DATE_EPOCH: two builds of one talk, the same bytes."""
    import time

    stamp = time.gmtime(_epoch())[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(member.filename))
    return out.getvalue()
