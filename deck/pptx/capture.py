"""What the browser session gives the PowerPoint file: capture(), run in deck/browser.py's print view
(at twice the CSS pixels), reads the theme's colours, takes each diagram (`figure.diagram` holding
an `svg role="img"` with `title` and `desc`) as a PNG with its alt text, each picture of a
Markdown slide that Pillow cannot read (an SVG) as shown, and the whole slide as projected for a
slide unmappable() finds the model cannot say.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..chromium import element_screenshot
from ..validate import Deck, Slide
from .blocks import CODE_COLOURS, Picture, Unmappable, markdown_blocks

KINDS = {"title", "section", "anti-pattern", "root", "context", "pattern", "tool", "matrix", "markdown", "recap", "closing"}
# Kinds made from a model entry: diagrams their templates draw go beside the entry's text.
BESIDE = {"anti-pattern", "context", "pattern", "tool"}
# The theme's custom properties, read from the printed page: a talk's own theme is followed.
COLOURS = ("ink", "muted", "paper", "accent", "accent-ink", "rule", "panel", "warn",
           "section-paper", "section-ink", "section-muted", "side-accent", "side-deep", "side-ink", "plain",
           "chip", *CODE_COLOURS)


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
    images: dict[str, bytes] = field(default_factory=dict)  # a picture Pillow cannot read, by address -> PNG

    @classmethod
    def from_raw(cls, raw: dict) -> Pictures:
        """Back from the plain values the browser session gathered (and print_cache kept)."""
        diagrams = {anchor: [Diagram(**each) for each in found] for anchor, found in raw["diagrams"].items()}
        return cls(**{**raw, "diagrams": diagrams})


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
            blocks = markdown_blocks(slide.body_html)
        except Unmappable as error:
            return str(error)
        placed = sum(1 for block in blocks if isinstance(block, Picture) and block.diagram is not None)
    if diagrams != placed:
        return "its template shows a diagram the model does not place"
    return None


SCAN_SCRIPT = """
() => {
  const probe = document.createElement('span');
  document.querySelector('.reveal').append(probe);
  const colours = {};
  for (const name of %s) {
    // Only what the page defines: code's colours exist where its stylesheet is loaded.
    if (!getComputedStyle(probe).getPropertyValue(`--${name}`).trim()) continue;
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
    copy.querySelectorAll('.notes, .reader-only, figure.diagram, h1, h2, .eyebrow, .takeaway-badge, .credit')
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


# Each picture of a Markdown slide that Pillow cannot read (an SVG), the first place it is shown
# with a size: marked so that it is photographed as the slide shows it.
IMAGES_SCRIPT = """
({ addresses }) => {
  const marked = [];
  document.querySelectorAll('.reveal .slides > .pdf-page section img').forEach(image => {
    const address = image.getAttribute('src');
    const box = image.getBoundingClientRect();
    if (addresses.includes(address) && !marked.includes(address) && box.width >= 1 && box.height >= 1
        && image.naturalWidth > 0) {
      image.dataset.shot = `image-${marked.length}`;
      marked.push(address);
    }
  });
  return marked;
}
"""


async def capture(page, deck: Deck, progress) -> Pictures:
    """From a print view of their own: colours, diagrams, whole slides, each taken by Chromium's own
    screenshot (deck/chromium.py)."""
    devtools = await page.context.new_cdp_session(page)
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
            png = await element_screenshot(page, devtools, f'[data-shot="diagram-{number}"]')
            pictures.diagrams.setdefault(slide.anchor, []).append(Diagram(item["name"], item["title"], item["desc"], png))
            number += 1
            done += 1
            progress.advance("pictures for the PowerPoint file", done, total)
        if slide.anchor in pictures.reasons:
            pictures.slides[slide.anchor] = await element_screenshot(page, devtools, f'[data-shot="slide-{slide.anchor}"]')
            done += 1
            progress.advance("pictures for the PowerPoint file", done, total)
    await _rasterise(page, devtools, deck, pictures)
    await devtools.detach()
    return pictures


async def _rasterise(page, devtools, deck: Deck, pictures: Pictures) -> None:
    """What Pillow cannot read, as the print view shows it (twice the CSS pixels), by address."""
    addresses = [address for address, image in deck.images.items() if not image.raster]
    if not addresses:
        return
    marked = await page.evaluate(IMAGES_SCRIPT, {"addresses": addresses})
    for number, address in enumerate(marked):
        pictures.images[address] = await element_screenshot(page, devtools, f'[data-shot="image-{number}"]')


def _hex(css_colour: str) -> str:
    numbers = [int(float(n)) for n in re.findall(r"[\d.]+", css_colour)[:3]]
    return "".join(f"{n:02X}" for n in numbers) if len(numbers) == 3 else "000000"
