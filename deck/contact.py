"""Contact sheet: every slide as projected (1920x1080, presenting view, final state) in one picture.

For reviewers, and for whoever changes how the deck looks: one glance shows whether a slide is a
wall of text, leaves half its frame empty, or repeats its neighbour's layout. The slides are
photographed in the presenting view (not the print view), in the same browser session as the PDFs.
"""
from __future__ import annotations

import base64
from pathlib import Path

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

SHEET_CSS = (
    "body{margin:0;padding:24px;background:#5b6470;font:700 20px system-ui,sans-serif;color:#fff;"
    f"display:grid;grid-template-columns:repeat({COLUMNS},{THUMB[0]}px);gap:28px 16px;width:max-content}}"
    "figure{margin:0}img{display:block;width:%dpx;height:%dpx;box-shadow:0 2px 6px #0008}"
    "figcaption{margin-top:4px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}" % THUMB)


async def photograph(context, deck_url: str, count: int) -> list[tuple[str, bytes]]:
    """(anchor, PNG) for each of the deck's `count` slides at 1920x1080 CSS pixels, as the room sees
    them, at the context's scale (a thumbnail's fifth, or whole)."""
    page = await context.new_page()
    try:
        # No motion: a transition caught half-way would differ from build to build.
        await page.emulate_media(reduced_motion="reduce")
        await page.goto(deck_url, wait_until="load")
        await page.wait_for_function("() => window.Reveal && Reveal.isReady()")
        await page.evaluate("() => document.fonts.ready.then(() => true)")
        shots = []
        for index in range(count):
            anchor = await page.evaluate(SHOW_SLIDE, index)
            shots.append((anchor, await page.screenshot(type="png", animations="disabled")))
        return shots
    finally:
        await page.close()


async def compose(context, shots: list[tuple[str, bytes]]) -> bytes:
    """The thumbnails on one grid, numbered and named, as one PNG."""
    from html import escape

    figures = "".join(
        f'<figure><img alt="" src="data:image/png;base64,{base64.b64encode(png).decode()}">'
        f"<figcaption>{number} · {escape(anchor)}</figcaption></figure>"
        for number, (anchor, png) in enumerate(shots, start=1))
    page = await context.new_page()
    try:
        await page.set_content(f"<!doctype html><style>{SHEET_CSS}</style>{figures}", wait_until="load")
        return await page.locator("body").screenshot(type="png")
    finally:
        await page.close()


async def contact_sheet(browser, staging: Path, count: int, slides_folder: Path | None = None) -> Path:
    """Write staging/contact-sheet.png (and each slide's picture into slides_folder, if given).

    The slides are laid out at 1920x1080 CSS pixels and drawn at the thumbnail's size: Chromium
    paints a fifth of the pixels in each direction, where a 1920x1080 shot shrunk afterwards costs
    it twenty-five times the painting (a hundred at the print session's 2x). Whole slides only
    when their pictures are asked for."""
    from .chromium import confined_context

    whole = slides_folder is not None
    # staging's files only, as for the PDFs (deck/chromium.py)
    slides = await confined_context(browser, staging, viewport=SLIDE, device_scale_factor=1 if whole else THUMB[0] / SLIDE["width"])
    sheet = await confined_context(browser, None, viewport=SLIDE)  # the sheet's page is one string
    try:
        shots = await photograph(slides, (staging / "index.html").as_uri(), count)
        if whole:
            slides_folder.mkdir(parents=True, exist_ok=True)
            for number, (anchor, png) in enumerate(shots, start=1):
                (slides_folder / f"{number:02d}-{anchor}.png").write_bytes(png)
        target = staging / NAME
        target.write_bytes(await compose(sheet, shots))
        return target
    finally:
        await slides.close()
        await sheet.close()


def write_contact_sheet(staging: Path, count: int, slides_folder: Path | None = None) -> Path:
    """The contact sheet alone, in a browser of its own (build.py sheet); BrowserError on failure."""
    from .chromium import in_browser

    return in_browser(lambda context: contact_sheet(context.browser, staging, count, slides_folder),
                      "photograph the slides")
