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
    """(anchor, PNG) for each of the deck's `count` slides, at 1920x1080, as the room sees them."""
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
            # 1920x1080 whatever the context's scale (the print session takes 2x pictures)
            shots.append((anchor, await page.screenshot(type="png", animations="disabled", scale="css")))
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
        return await page.locator("body").screenshot(type="png", scale="css")
    finally:
        await page.close()


async def contact_sheet(context, staging: Path, count: int, slides_folder: Path | None = None) -> Path:
    """Write staging/contact-sheet.png (and each slide's picture into slides_folder, if given)."""
    shots = await photograph(context, (staging / "index.html").as_uri(), count)
    if slides_folder is not None:
        slides_folder.mkdir(parents=True, exist_ok=True)
        for number, (anchor, png) in enumerate(shots, start=1):
            (slides_folder / f"{number:02d}-{anchor}.png").write_bytes(png)
    target = staging / NAME
    target.write_bytes(await compose(context, shots))
    return target


def write_contact_sheet(staging: Path, count: int, slides_folder: Path | None = None) -> Path:
    """The contact sheet alone, in a browser of its own (build.py sheet); BrowserError on failure."""
    from .chromium import in_browser

    # staging's files only, as for the PDFs (deck/chromium.py)
    return in_browser(lambda context: contact_sheet(context, staging, count, slides_folder),
                      "photograph the slides", viewport={"width": 1920, "height": 1080}, folder=staging)
