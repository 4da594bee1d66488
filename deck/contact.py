"""Contact sheet: every slide as projected (1920x1080, presenting view, final state) in one picture.

For reviewers, and for whoever changes how the deck looks: one glance shows whether a slide is a
wall of text, leaves half its frame empty, or repeats its neighbour's layout. The slides are
photographed in the presenting view (not the print view), in the same browser session as the PDFs.
"""
from __future__ import annotations

from pathlib import Path

from .files import FONTS

NAME = "contact-sheet.png"
COLUMNS = 5
SLIDE = {"width": 1920, "height": 1080}
THUMB = (384, 216)  # a fifth of a 1920x1080 slide: about what the back row of a room sees

# Every slide in its final state: all fragments shown, no transition caught half-way.
SHOW_SLIDE = """(index) => {
  Reveal.configure({ transition: 'none', backgroundTransition: 'none' });
  Reveal.slide(index, 0, Number.MAX_SAFE_INTEGER);
  return Reveal.getCurrentSlide().id;
}"""

MARGIN, GAP = 24, (16, 28)  # around the grid; between thumbnails across and between rows
CAPTION = 28  # a caption's line under its thumbnail
BACKGROUND, SHADOW, INK = (0x5b, 0x64, 0x70), (0x3a, 0x40, 0x48), (0xff, 0xff, 0xff)
# The deck's own typeface, bold, for "12 · the-slide-id" under each thumbnail
CAPTION_FONT = FONTS / "atkinson-hyperlegible-latin-700-normal.woff2"


async def photograph(page, deck_url: str, count: int, scale: float) -> list[tuple[str, bytes]]:
    """(anchor, PNG) for each of the deck's `count` slides, laid out at 1920x1080 CSS pixels as the
    room sees them and painted at `scale` (a thumbnail's fifth, or 1 for whole slides).

    On the page the PDFs were printed from: its renderer is running and warm, where a context of
    the thumbnail's scale would start another and load the deck into it anew. Chromium's own
    screenshot paints the clip at the scale asked for (Playwright's paints at the context's 2x)."""
    from base64 import b64decode

    from .chromium import present

    await present(page, deck_url, SLIDE)
    devtools = await page.context.new_cdp_session(page)
    clip = {"x": 0, "y": 0, **SLIDE, "scale": scale}
    shots = []
    for index in range(count):
        anchor = await page.evaluate(SHOW_SLIDE, index)
        taken = await devtools.send("Page.captureScreenshot", {"format": "png", "clip": clip})
        shots.append((anchor, b64decode(taken["data"])))
    await devtools.detach()
    return shots


def compose(shots: list[tuple[str, bytes]]) -> bytes:
    """The thumbnails on one grid, numbered and named, as one PNG. Drawn with Pillow: a page of
    data URIs laid out and photographed again cost the browser more than the grid is worth."""
    from io import BytesIO

    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(CAPTION_FONT), 20)
    rows = -(-len(shots) // COLUMNS)
    pitch = THUMB[1] + CAPTION + GAP[1]
    sheet = Image.new("RGB", (2 * MARGIN + COLUMNS * THUMB[0] + (COLUMNS - 1) * GAP[0],
                              2 * MARGIN + rows * pitch - GAP[1]), BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    for number, (anchor, png) in enumerate(shots, start=1):
        row, column = divmod(number - 1, COLUMNS)
        left, top = MARGIN + column * (THUMB[0] + GAP[0]), MARGIN + row * pitch
        thumbnail = Image.open(BytesIO(png)).convert("RGB")
        if thumbnail.size != THUMB:  # a whole slide (sheet --slides), shrunk
            thumbnail = thumbnail.resize(THUMB, Image.Resampling.LANCZOS)
        draw.rectangle((left + 1, top + 2, left + THUMB[0] + 1, top + THUMB[1] + 2), fill=SHADOW)
        sheet.paste(thumbnail, (left, top))
        draw.text((left, top + THUMB[1] + 4), _fitted(f"{number} · {anchor}", font), font=font, fill=INK)
    out = BytesIO()
    sheet.save(out, "PNG")
    return out.getvalue()


def _fitted(caption: str, font) -> str:
    """The caption, cut with an ellipsis where it would run past its thumbnail."""
    if font.getlength(caption) <= THUMB[0]:
        return caption
    while caption and font.getlength(caption + "…") > THUMB[0]:
        caption = caption[:-1]
    return caption + "…"


async def contact_sheet(page, staging: Path, count: int, slides_folder: Path | None = None) -> Path:
    """Write staging/contact-sheet.png (and each slide's picture into slides_folder, if given), from
    `page` (in a context confined to staging, deck/chromium.py).

    The slides are laid out at 1920x1080 CSS pixels and drawn at the thumbnail's size: Chromium
    paints a fifth of the pixels in each direction, where a 1920x1080 shot shrunk afterwards costs
    it twenty-five times the painting (a hundred at the print session's 2x). Whole slides only
    when their pictures are asked for."""
    whole = slides_folder is not None
    shots = await photograph(page, (staging / "index.html").as_uri(), count,
                             1 if whole else THUMB[0] / SLIDE["width"])
    if whole:
        slides_folder.mkdir(parents=True, exist_ok=True)
        for number, (anchor, png) in enumerate(shots, start=1):
            (slides_folder / f"{number:02d}-{anchor}.png").write_bytes(png)
    target = staging / NAME
    target.write_bytes(compose(shots))
    return target


def write_contact_sheet(staging: Path, count: int, slides_folder: Path | None = None) -> Path:
    """The contact sheet alone, in a browser of its own (build.py sheet); BrowserError on failure."""
    from .chromium import PRINT_SCALE, in_browser

    async def on_a_page(context):
        return await contact_sheet(await context.new_page(), staging, count, slides_folder)

    return in_browser(on_a_page, "photograph the slides", folder=staging, scale=PRINT_SCALE)
