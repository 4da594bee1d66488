"""The browser session: one Chromium gathers what every browser output needs, on pages side by side.

The staging folder's deck is opened in reveal's print view (`?print-pdf`), from the same staging
folder the build swaps in, before the swap. Printing starts when reveal fires `pdf-ready`, never
after a guessed sleep. Each page of the session is its own renderer, and they work at once: one
print view is measured (what a page would cut off), its slides printed, then laid out as the
handout and printed (deck/handout.py's layout); a second gives the PowerPoint file's pictures
(deck/pptx/capture.py); the presenting view gives the contact sheet's photographs and the social
card's title. On two cores the second core works where one page did it all in turn.

What is gathered is plain data (Gathered.raw), kept by deck/print_cache.py: each output is then a
writer that takes it and writes its file (deck/pdf.py, handout.py, pptx/, contact.py, card.py),
and none of those imports another (tests/test_layers.py holds them independent).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import handout
from .card import NAME as CARD
from .chromium import PRINT_SCALE, BrowserError, confined_context, find_chromium, launched, run
from .contact import NAME as CONTACT
from .files import Failure, making
from .pdf import slides_name
from .progress import Progress, Silent
from .rules import ROOM_SCRIPT, room_rules
from .validate import Deck

# 1920x1080 CSS pixels: reveal's slide size with no margin around it, so a page is exactly a slide.
PAGE = {"width": 1920, "height": 1080}
PRINT_TIMEOUT_MS = 30_000  # a real deck is laid out in a second or two, even on a busy machine

# Runs before any script of the page (Playwright injects it, outside the page's CSP).
READY_SCRIPT = ("window.__deckPdfReady = new Promise(resolve => "
                "document.addEventListener('pdf-ready', () => resolve(true), { once: true }));")
# Waits for that event (a function, not a string: the deck's CSP forbids eval), with a time limit.
WAIT_SCRIPT = f"""() => Promise.race([window.__deckPdfReady, new Promise((_, reject) => setTimeout(
  () => reject(new Error("reveal.js never fired pdf-ready")), {PRINT_TIMEOUT_MS}))])"""

# After pdf-ready: fonts loaded; in-deck links made into in-document ones Chromium keeps as links.
PREPARE_SCRIPT = """
async () => {
  await document.fonts.ready;
  document.querySelectorAll('a[href^="#/"]').forEach(link => {
    link.setAttribute('href', '#' + decodeURIComponent(link.getAttribute('href').slice(2)));
  });
  return [...document.querySelectorAll('.reveal .slides > .pdf-page')].map(() => 'slide');
}
"""

# What a page would cut off: how far each slide's content (every box and every line of text,
# measured where Chromium laid it out for print) reaches below and beyond its 1920x1080 page.
# What an element clips itself (overflow, clip, clip-path: a visually hidden text alternative) is
# measured only as far as it shows.
MEASURE_SCRIPT = """
() => {
  const range = document.createRange();
  const cut = (a, b) => ({ left: Math.max(a.left, b.left), top: Math.max(a.top, b.top),
                           right: Math.min(a.right, b.right), bottom: Math.min(a.bottom, b.bottom) });
  function reach(node, clip, found) {
    for (const child of node.childNodes) {
      let rects = [];
      let inner = clip;
      if (child.nodeType === 3) {
        if (!child.textContent.trim()) continue;
        range.selectNodeContents(child);
        rects = [...range.getClientRects()];
      } else if (child.nodeType === 1) {
        if (child.classList.contains('notes')) continue;
        const style = getComputedStyle(child);
        if (style.display === 'none') continue;
        const box = child.getBoundingClientRect();
        rects = [box];
        if (style.overflowX !== 'visible' || style.overflowY !== 'visible' || style.clip !== 'auto'
            || style.clipPath !== 'none') inner = cut(clip, box);
        reach(child, inner, found);
      }
      for (const rect of rects) {
        if (!rect.width && !rect.height) continue;
        const shown = cut(clip, rect);
        if (shown.right <= shown.left || shown.bottom <= shown.top) continue;
        found.bottom = Math.max(found.bottom, shown.bottom);
        found.right = Math.max(found.right, shown.right);
      }
    }
    return found;
  }
  const everywhere = { left: -1e9, top: -1e9, right: 1e9, bottom: 1e9 };
  // The slide number (as wide as the presenting view's '35 / 35', from its right edge: it sits in
  // the bottom right corner) and the credit line: the slide's text drawn over either is projected
  // as a jumble.
  function marks(page, section) {
    const zones = [];
    const number = page.querySelector('.slide-number-pdf');
    if (number) {
      const b = number.getBoundingClientRect();
      zones.push({ name: 'slide number', left: b.right - 160, top: b.top - 4, right: b.right, bottom: b.bottom + 4 });
    }
    section.querySelectorAll('.credit').forEach(credit => {
      const b = credit.getBoundingClientRect();
      zones.push({ name: 'credit line', left: b.left, top: b.top, right: b.right, bottom: b.bottom, element: credit });
    });
    return zones;
  }
  function covers(section, zone) {
    const walker = document.createTreeWalker(section, NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      // A diagram's text alternative is clipped to a pixel: read aloud, never drawn over anything.
      if (!text.textContent.trim() || text.parentElement.closest('.notes, .credit, .reader-only, .diagram-text')) continue;
      if (getComputedStyle(text.parentElement).visibility === 'hidden') continue;
      range.selectNodeContents(text);
      for (const rect of range.getClientRects()) {
        const shared = cut(zone, rect);
        if (shared.right - shared.left > 2 && shared.bottom - shared.top > 2) return true;
      }
    }
    return false;
  }
  return [...document.querySelectorAll('.reveal .slides > .pdf-page')].map(page => {
    const box = page.getBoundingClientRect();
    const section = page.querySelector('section');
    const found = reach(section, everywhere, { bottom: box.top, right: box.left });
    const overlaps = marks(page, section).filter(zone => covers(section, zone)).map(zone => zone.name);
    return { id: section.id, below: Math.round(found.bottom - box.bottom), beyond: Math.round(found.right - box.right),
             overlaps };
  }).filter(found => found.below > 1 || found.beyond > 1 || found.overlaps.length);
}
"""


# reveal's print view with no margin: a page is exactly one 1920x1080 slide.
PRINT_QUERY = "?print-pdf&margin=0"
# The raw parts made in the print view (the others, pictures of the presenting view, are not).
PRINT_VIEW_PARTS = {"layout", "overflowing", "room", "slides", "pictures", "laid", "handout"}
# Both PDFs printed with their backgrounds, at the size the page asks for, tagged, edge to edge.
PRINT_OPTIONS = {"print_background": True, "prefer_css_page_size": True, "tagged": True, "outline": False,
                 "margin": {"top": "0", "right": "0", "bottom": "0", "left": "0"}}



@dataclass
class Gathered:
    """What one browser session gathered, as print_cache keeps it: the print view's layout and what
    it would cut off, the printed slides and handout, the handout's layout, the PowerPoint file's
    pictures, the contact sheet and the social card; and the outputs that could not be gathered."""

    raw: dict
    paper: handout.Paper
    failed: list[Failure] = field(default_factory=list)


def gather(deck: Deck, staging: Path, *, paper: str | None = None, slides: bool = True, laid: bool = False,
           printed_handout: bool = True, pictures: bool = False, contact: bool = False, card: bool = False,
           progress: Progress | None = None, ready=None) -> Gathered:
    """What the outputs asked for need from staging/index.html, from one browser session;
    BrowserError when the deck cannot be opened at all, and each part that fails after that is a
    Failure in Gathered.failed (named by the output it would have made) while the others are gathered.
    `ready(part, raw)` is called, on the session's thread, as each part is gathered: its writer can
    start while the browser goes on (the slides PDF finished while the handout is laid out).

    A staging folder gathered before, by the same browser and engine, is not opened again: its raw
    result comes from deck/print_cache.py."""
    chromium = find_chromium()
    from . import print_cache

    chosen = handout.PAPERS[paper or deck.talk.paper]
    progress = progress or Silent()
    wanted = {"layout", "overflowing"} | ({"slides"} if slides else set()) | ({"contact"} if contact else set()) | \
        ({"pictures"} if pictures else set()) | ({"laid", "handout"} if printed_handout else set()) | \
        ({"laid"} if laid else set()) | ({"card"} if card else set()) | ({"room"} if room_rules(deck.talk) else set())
    # What the session takes from the model rather than from staging: the handout's cover and labels,
    # and which slides PowerPoint takes as pictures (by kind)
    talk_parts = [handout.cover_html(deck), repr(handout.labels(deck)),
                  repr([(slide.anchor, slide.kind) for slide in deck.slides])]
    name = print_cache.key(staging, chromium, repr(chosen), talk_parts)
    failed: list[Failure] = []
    try:
        kept = print_cache.read(name) or {}
        missing = wanted - set(kept)
        if "handout" in missing:  # printed from the page its layout leaves
            missing.add("laid")
        if missing:  # only what is not kept: a `build.py pdf` after a build, or the site's card, prints little
            made = run(_session(deck, staging, chromium, chosen, missing, progress, failed, ready or _unheard))  # a thread and loop
            # of its own, whether or not the caller runs one; Ctrl+C stops it
            kept = {**kept, **made}
            if not failed:
                print_cache.write(name, kept)
        else:
            progress.step("printed before: the same deck, from the cache")
    finally:
        progress.close()
    return Gathered({part: kept[part] for part in wanted if part in kept}, chosen, failed)


def _unheard(part: str, raw: dict) -> None:
    return None


async def _session(deck: Deck, staging: Path, chromium: str, paper: handout.Paper, parts: set[str],
                   progress: Progress, failed: list[Failure], ready) -> dict:
    """Chromium's raw result for `parts`, as plain values (print_cache). Up to three pages of one
    browser, each its own renderer, work at once: the print view measured, the slides printed, the
    handout laid out and printed; a second print view, where the PowerPoint file's pictures are
    taken; the presenting view, where the slides are photographed for the contact sheet and the
    title for the card. On two cores the pictures and photographs are taken while the handout is
    laid out and printed, where one page did them one after the other."""
    import asyncio

    from playwright.async_api import Error as PlaywrightError

    raw: dict = {}
    try:
        progress.step("opening the deck in Chromium")
        async with launched(chromium) as browser:  # started ahead by the command, where it prints (chromium.py)
            # staging's files only (deck/chromium.py)
            context = await confined_context(browser, staging, viewport=PAGE, device_scale_factor=PRINT_SCALE)
            await context.add_init_script(READY_SCRIPT)
            work = [_printed(context, deck, staging, paper, parts, raw, progress, failed, ready)] \
                if parts & PRINT_VIEW_PARTS - {"pictures"} else []
            if "pictures" in parts:
                work.append(_pictures(context, deck, staging, raw, progress, failed, ready))
            if parts & {"contact", "card"}:
                work.append(_photographed(context, deck, staging, parts, raw, progress, failed, ready))
            # Each page to its end before the browser closes; the first that broke then speaks for the session.
            broken = [outcome for outcome in await asyncio.gather(*work, return_exceptions=True) if outcome]
            if broken:
                raise broken[0]
    except PlaywrightError as error:
        first_line = (error.message or str(error)).strip().splitlines()[0]
        raise BrowserError(f"Chromium ({chromium}) could not print the PDFs: {first_line}") from None
    return raw


async def _print_view(context, staging: Path):
    """A new page of the context with the deck in reveal's print view, laid out (`pdf-ready`), its
    fonts loaded and its in-deck links made in-document ones; and the pages' kinds ('slide')."""
    page = await context.new_page()
    await page.goto((staging / "index.html").as_uri() + PRINT_QUERY, wait_until="commit")
    await page.evaluate(WAIT_SCRIPT)
    return page, await page.evaluate(PREPARE_SCRIPT)


async def _printed(context, deck: Deck, staging: Path, paper: handout.Paper, parts: set[str], raw: dict,
                   progress: Progress, failed: list[Failure], ready) -> None:
    """The print view's layout and what it would cut off (and the room's measures), the slides
    printed, then the same page laid out as the handout and printed: a print view of its own for
    the handout would cost another load of the deck, which a loaded machine pays in full."""
    page, raw["layout"] = await _print_view(context, staging)
    raw["overflowing"] = await page.evaluate(MEASURE_SCRIPT)
    if "room" in parts:  # the organiser's smallest type and caption band (deck/rules.py)
        raw["room"] = await page.evaluate(ROOM_SCRIPT)
    if "slides" in parts:
        with making(slides_name(deck), failed):
            progress.step(f"printing the slides PDF ({len(raw['layout'])} pages)")
            raw["slides"] = await page.pdf(width=f"{PAGE['width']}px", height=f"{PAGE['height']}px", **PRINT_OPTIONS)
            ready("slides", raw)
    if "laid" in parts:
        printing = "handout" in parts
        with making(handout.file_name(deck) if printing else None, failed):
            raw["laid"] = asdict(await handout.lay_out(page, deck, paper, progress))
            if printing:
                progress.step(f"printing the handout ({len(raw['laid']['kinds'])} {paper.name} pages)")
                raw["handout"] = await page.pdf(width=paper.width, height=paper.height, **PRINT_OPTIONS)
                ready("handout", raw)


async def _pictures(context, deck: Deck, staging: Path, raw: dict, progress: Progress, failed: list[Failure],
                    ready) -> None:
    """The PowerPoint file's pictures, from a print view of their own (no PowerPoint file without them)."""
    from . import pptx

    with making(pptx.file_name(deck), failed):
        page, _ = await _print_view(context, staging)
        raw["pictures"] = asdict(await pptx.capture(page, deck, progress))
        ready("pictures", raw)


async def _photographed(context, deck: Deck, staging: Path, parts: set[str], raw: dict, progress: Progress,
                        failed: list[Failure], ready) -> None:
    """The slides photographed for the contact sheet, and the title for the social card, in the
    presenting view of a page of their own."""
    page = await context.new_page()
    if "contact" in parts:
        from .contact import contact_sheet

        with making(CONTACT, failed, staging / CONTACT):
            progress.step("photographing the slides for the contact sheet")
            raw["contact"] = (await contact_sheet(page, staging, len(deck.slides))).read_bytes()
            ready("contact", raw)
    if "card" in parts:
        from .card import social_card

        with making(CARD, failed, staging / CARD):
            progress.step("photographing the title slide for the social card")
            raw["card"] = (await social_card(page, staging)).read_bytes()
            ready("card", raw)
