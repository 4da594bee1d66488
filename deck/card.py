"""The social card: the title slide photographed at 1200x630, the picture a link shows when shared.

Chat apps and social networks show `og:image` beside a shared link at 1.91:1; 1200x630 is the size
they all take. The title slide (1920x1080, 16:9) is shown in the presenting view at that size, so
reveal.js scales it to fit and the theme's own background fills the bands either side. It is taken
in the browser session that prints the PDFs (deck/browser.py), confined to the same staging folder;
write() puts what that session took into staging.
"""
from __future__ import annotations

from pathlib import Path

NAME = "social-card.png"
SIZE = {"width": 1200, "height": 630}

# The title slide (the first slide when the outline has none) in its final state, nothing moving.
SHOW_TITLE = """() => {
  Reveal.configure({ transition: 'none', backgroundTransition: 'none', progress: false, slideNumber: false });
  const slides = [...document.querySelectorAll('.reveal .slides > section')];
  const title = Math.max(0, slides.findIndex(slide => slide.dataset.kind === 'title'));
  Reveal.slide(title, 0, Number.MAX_SAFE_INTEGER);
  return title;
}"""


async def social_card(page, staging: Path) -> Path:
    """Write staging/social-card.png: the title slide at 1200x630 CSS pixels, as the room sees it,
    from `page` (the print session's, confined to staging)."""
    from .chromium import present

    await present(page, (staging / "index.html").as_uri(), SIZE)
    await page.evaluate(SHOW_TITLE)
    target = staging / NAME
    # 1200x630 whatever the context's scale (the print session takes 2x pictures)
    target.write_bytes(await page.screenshot(type="png", animations="disabled", scale="css"))
    return target


def write(raw: dict, staging: Path) -> Path:
    """staging/social-card.png from the gathered picture (raw['card'])."""
    target = staging / NAME
    target.write_bytes(raw["card"])
    return target
