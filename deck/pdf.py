"""PDF: the deck printed by Chromium through reveal.js's print view, for organisers and reviewers.

Two PDFs, both printed in one browser session from the staging folder, before dist/ is swapped:
<slug>.pdf (one 16:9 page per slide) and <slug>-handout.pdf (a cover, then each slide as
projected with its notes on A4 or US Letter; its layout is deck/handout.py's). Chromium is
driven by Playwright over reveal's `?print-pdf` view; printing starts when reveal fires
`pdf-ready`, never after a guessed sleep. One load serves all: the slides are measured (content a
page would cut off is a located warning) and printed, the PowerPoint file's pictures are taken
(deck/pptx/capture.py), then the same slides are laid out into the handout's pages and printed again.

Chromium's PDF is then finished with pypdf, which keeps its tagging (structure tree, MarkInfo):
metadata from talk.yaml, an outline (a bookmark per section, with its slides under it), in-deck
links pointing at pages, and fixed dates and /ID so two builds of the same talk are byte-identical.
"""
from __future__ import annotations

import hashlib
import io
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .chromium import ARGS, PRINT_SCALE, BrowserError, confined_context, find_chromium, run
from .export import keywords, slug
from .files import Failure, making, source_epoch
from .pdfua import make_accessible
from .problems import Problem
from .progress import Progress, Silent
from .rules import ROOM_SCRIPT, room_rules, room_warnings
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
  // The slide number (as wide as the presenting view's '35 / 35') and the credit line: the slide's
  // text drawn over either is projected as a jumble.
  function marks(page, section) {
    const zones = [];
    const number = page.querySelector('.slide-number-pdf');
    if (number) {
      const b = number.getBoundingClientRect();
      zones.push({ name: 'slide number', left: b.left, top: b.top - 4, right: b.left + 160, bottom: b.bottom + 4 });
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
      if (!text.textContent.trim() || text.parentElement.closest('.notes, .credit, .reader-only')) continue;
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


@dataclass
class Printed:
    """What one browser session made: the files, what would be cut off, the pictures PowerPoint needs."""

    files: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    pictures: object | None = None  # deck.pptx.Pictures
    failed: list[Failure] = field(default_factory=list)  # outputs not made; the others are still written


def slides_name(deck: Deck) -> str:
    return f"{slug(deck.talk.title)}.pdf"


def print_pdfs(deck: Deck, staging: Path, *, paper: str | None = None, slides: bool = True,
               handout: bool = True, pictures: bool = False, measure: bool = False, card: bool = False,
               progress: Progress | None = None) -> Printed:
    """Print the slides PDF and the handout of staging/index.html into staging/; BrowserError when
    the deck cannot be opened at all, and each output that fails after that (a PDF, the pictures,
    the contact sheet, the social card) is a Failure in Printed.failed while the others are made.
    `pictures`: also take what the PowerPoint file needs; `measure`: lay the handout out without
    printing it (check), for its warnings; `card`: also photograph the title slide as the site's
    social card (deck/card.py).

    A staging folder printed before, by the same browser and engine, is not printed again: its raw
    result comes from deck/print_cache.py, and only what depends on talk.yaml is made anew."""
    chromium = find_chromium()
    from . import print_cache
    from .handout import PAPERS, cover_html, labels

    chosen = PAPERS[paper or deck.talk.paper]
    progress = progress or Silent()
    wanted = {"layout", "overflowing"} | ({"slides", "contact"} if slides else set()) | \
        ({"pictures"} if pictures else set()) | ({"laid", "handout"} if handout else set()) | \
        ({"laid"} if measure else set()) | ({"card"} if card else set()) | \
        ({"room"} if room_rules(deck.talk) else set())
    # What the session takes from the model rather than from staging: the handout's cover and labels,
    # and which slides PowerPoint takes as pictures (by kind)
    talk_parts = [cover_html(deck), repr(labels(deck)), repr([(slide.anchor, slide.kind) for slide in deck.slides])]
    name = print_cache.key(staging, chromium, repr(chosen), talk_parts)
    failed: list[Failure] = []
    try:
        kept = print_cache.read(name) or {}
        missing = wanted - set(kept)
        if "handout" in missing:  # printed from the page its layout leaves
            missing.add("laid")
        if missing:  # only what is not kept: a `build.py pdf` after a build, or the site's card, prints little
            made = run(_print(deck, staging, chromium, chosen, missing, progress, failed))  # a thread and loop
            # of its own, whether or not the caller runs one; Ctrl+C stops it
            kept = {**kept, **made}
            if not failed:
                print_cache.write(name, kept)
        else:
            progress.step("printed before: the same deck, from the cache")
    finally:
        progress.close()
    return _finished(deck, staging, chosen, {part: kept[part] for part in wanted if part in kept}, failed)


async def _print(deck: Deck, staging: Path, chromium: str, paper, parts: set[str], progress: Progress,
                 failed: list[Failure]) -> dict:
    """Chromium's raw result for `parts`, as plain values (print_cache): the print view loaded once
    and measured; the slides printed; the PowerPoint file's pictures taken; the handout laid out
    and printed; then the slides photographed for the contact sheet and the title for the card."""
    from playwright.async_api import Error as PlaywrightError
    from playwright.async_api import async_playwright

    from . import handout as handout_stage

    deck_url = (staging / "index.html").as_uri()
    options = {"print_background": True, "prefer_css_page_size": True, "tagged": True, "outline": False,
               "margin": {"top": "0", "right": "0", "bottom": "0", "left": "0"}}
    raw: dict = {}
    try:
        async with async_playwright() as playwright:
            progress.step("opening the deck in Chromium")
            browser = await playwright.chromium.launch(executable_path=chromium, args=ARGS)
            try:
                # staging's files only (deck/chromium.py)
                context = await confined_context(browser, staging, viewport=PAGE, device_scale_factor=PRINT_SCALE)
                await context.add_init_script(READY_SCRIPT)
                # One page for the session: the presenting view's pictures are taken where the
                # print view was, its renderer warm.
                page = await context.new_page()
                if parts & PRINT_VIEW_PARTS:
                    await page.goto(deck_url + PRINT_QUERY, wait_until="commit")
                    await page.evaluate(WAIT_SCRIPT)
                    raw["layout"] = await page.evaluate(PREPARE_SCRIPT)
                    raw["overflowing"] = await page.evaluate(MEASURE_SCRIPT)
                    if "room" in parts:  # the organiser's smallest type and caption band (deck/rules.py)
                        raw["room"] = await page.evaluate(ROOM_SCRIPT)
                    if "slides" in parts:
                        with making(slides_name(deck), failed):
                            progress.step(f"printing the slides PDF ({len(raw['layout'])} pages)")
                            raw["slides"] = await page.pdf(width=f"{PAGE['width']}px", height=f"{PAGE['height']}px",
                                                           **options)
                    if "pictures" in parts:
                        from . import pptx as pptx_stage

                        with making(pptx_stage.file_name(deck), failed):  # no pictures, no PowerPoint file
                            raw["pictures"] = asdict(await pptx_stage.capture(page, deck, progress))
                    if "laid" in parts:
                        printing = "handout" in parts
                        with making(handout_stage.file_name(deck) if printing else None, failed):
                            raw["laid"] = asdict(await handout_stage.lay_out(page, deck, paper, progress))
                            if printing:
                                progress.step(f"printing the handout ({len(raw['laid']['kinds'])} {paper.name} pages)")
                                raw["handout"] = await page.pdf(width=paper.width, height=paper.height, **options)
                if "contact" in parts:
                    from .contact import NAME, contact_sheet  # the same browser photographs the slides as projected

                    with making(NAME, failed, staging / NAME):
                        progress.step("photographing the slides for the contact sheet")
                        raw["contact"] = (await contact_sheet(page, staging, len(deck.slides))).read_bytes()
                if "card" in parts:
                    from .card import NAME as CARD, social_card

                    with making(CARD, failed, staging / CARD):
                        progress.step("photographing the title slide for the social card")
                        raw["card"] = (await social_card(page, staging)).read_bytes()
            finally:
                await browser.close()
    except PlaywrightError as error:
        first_line = (error.message or str(error)).strip().splitlines()[0]
        raise BrowserError(f"Chromium ({chromium}) could not print the PDFs: {first_line}") from None
    return raw


def _finished(deck: Deck, staging: Path, paper, raw: dict, failed: list[Failure]) -> Printed:
    """The raw result made this talk's: located warnings, the PDFs finished (metadata, outline,
    links), the pictures, the contact sheet and social card written into staging."""
    from . import handout as handout_stage
    from .contact import NAME
    from .card import NAME as CARD

    printed = Printed(failed=failed)
    printed.warnings += overflow_warnings(deck, raw["overflowing"])
    printed.warnings += room_warnings(deck, raw.get("room", []))
    if "pictures" in raw:
        from .pptx.capture import Diagram, Pictures

        found = dict(raw["pictures"])
        found["diagrams"] = {anchor: [Diagram(**each) for each in diagrams]
                             for anchor, diagrams in found["diagrams"].items()}
        printed.pictures = Pictures(**found)
    if "laid" in raw:
        printed.warnings += handout_stage.warnings(deck, handout_stage.Layout(**raw["laid"]), paper)
    deck_url = (staging / "index.html").as_uri()
    pdfs = [(slides_name(deck), "slides", raw.get("layout")),
            (handout_stage.file_name(deck), "handout", raw.get("laid", {}).get("kinds"))]
    for name, part, layout in pdfs:
        if part in raw:
            target = staging / name
            with making(name, printed.failed, target):
                target.write_bytes(finish(deck, raw[part], layout, deck_url))
                printed.files.append(target)
    for name, part in ((NAME, "contact"), (CARD, "card")):
        if part in raw:
            (staging / name).write_bytes(raw[part])
            printed.files.append(staging / name)
    return printed


def overflow_warnings(deck: Deck, overflowing: list[dict]) -> list[Problem]:
    """A slide whose content runs off its page is cut off in the PDFs, or whose text lies over the
    slide number or the credit line: located, with how far."""
    by_anchor = {slide.anchor: slide for slide in deck.slides}
    found = []
    for item in overflowing:
        slide = by_anchor.get(item["id"])
        if slide is None:
            continue
        where = f"slide {slide.number} '{slide.title}'"
        how = [f"{item['below']} px below the bottom" if item["below"] > 1 else "",
               f"{item['beyond']} px beyond the right edge" if item["beyond"] > 1 else ""]
        if any(how):
            found.append(Problem(slide.source[0], slide.source[1], 1, where,
                                 f"content runs {' and '.join(filter(None, how))} of the 1920x1080 slide; the PDFs "
                                 "cut it off there: shorten it or split the slide", warning=True))
        for mark in item.get("overlaps", ()):
            found.append(Problem(slide.source[0], slide.source[1], 1, where,
                                 f"its text runs over the {mark}: the room reads both as one jumble; shorten the "
                                 "slide or split it", warning=True))
    return found


def finish(deck: Deck, data: bytes, layout: list[str], deck_url: str) -> bytes:
    """Chromium's PDF with metadata, outline, in-deck links, fixed dates and a content-derived /ID."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, ByteStringObject, NameObject, TextStringObject

    reader = PdfReader(io.BytesIO(data))
    slide_pages = [index for index, kind in enumerate(layout) if kind == "slide"]
    if len(reader.pages) != len(layout) or len(slide_pages) != len(deck.slides):
        raise BrowserError(f"Chromium printed {len(reader.pages)} pages for {len(deck.slides)} slides "
                           f"({len(layout)} pages laid out); a page's content ran onto another")
    writer = PdfWriter(clone_from=reader)
    page_of = {slide.anchor: slide_pages[number] for number, slide in enumerate(deck.slides)}
    _link_in_deck(writer, page_of, deck_url)

    talk = deck.talk
    stamp = _pdf_date()
    writer.metadata = None  # Chromium's own dates would differ from build to build
    info = {
        "/Title": talk.title,
        "/Author": talk.speaker.name,
        "/Subject": " ".join(talk.summary.split()),
        "/Keywords": ", ".join(keywords(deck)),
        "/Creator": "build.py (reveal.js print view)",
        "/Producer": _producer(reader),
    }
    writer.add_metadata({**info, "/CreationDate": stamp, "/ModDate": stamp})
    make_accessible(writer, info, talk.language, source_epoch(), {slide.anchor: slide.title for slide in deck.slides},
                    {page_of[slide.anchor]: slide.title for slide in deck.slides})
    root = writer._root_object
    root[NameObject("/Lang")] = TextStringObject(talk.language)
    writer.page_mode = "/UseOutlines"  # an organiser opens it with the bookmarks showing
    writer.create_viewer_preferences()
    writer.viewer_preferences.display_doctitle = True

    if "cover" in layout:  # the handout's cover: what the talk is, before its sections
        writer.add_outline_item("About this talk", layout.index("cover"))
    first_of_section = {}
    for slide in deck.slides:
        section = first_of_section.get(slide.section.id)
        if section is None:
            section = writer.add_outline_item(slide.section.title, page_of[slide.anchor])
            first_of_section[slide.section.id] = section
        writer.add_outline_item(slide.title, page_of[slide.anchor], parent=section)

    # The /ID is a digest of the document written with a placeholder /ID: same content, same bytes.
    placeholder = ByteStringObject(b"\0" * 16)
    writer._ID = ArrayObject([placeholder, placeholder])
    first = io.BytesIO()
    writer.write(first)
    digest = ByteStringObject(hashlib.md5(first.getvalue(), usedforsecurity=False).digest())
    writer._ID = ArrayObject([digest, digest])
    final = io.BytesIO()
    writer.write(final)
    return final.getvalue()


def _pdf_date() -> str:
    return datetime.fromtimestamp(source_epoch(), timezone.utc).strftime("D:%Y%m%d%H%M%SZ")


def _producer(reader) -> str:
    producer = (reader.metadata or {}).get("/Producer")
    return str(producer) if producer else "Chromium"


def _link_in_deck(writer, page_of: dict[str, int], deck_url: str) -> None:
    """Links into the deck point at their slide's page; no link keeps the staging folder's path.

    Chromium keeps '#anchor' links as named destinations; any that it wrote as a file: URI
    (the staging folder's path, which differs per build) become a jump to the slide's page.
    """
    from pypdf.generic import ArrayObject, NameObject

    for page in writer.pages:
        for annotation_ref in page.get("/Annots", []) or []:
            annotation = annotation_ref.get_object()
            action = annotation.get("/A")
            action = action.get_object() if action is not None else None
            if action is None or action.get("/S") != "/URI":
                continue
            uri = str(action.get("/URI", ""))
            if not uri.startswith("file:"):
                continue
            anchor = unquote(urlsplit(uri).fragment).removeprefix("/")
            del annotation[NameObject("/A")]
            if anchor in page_of:
                target = writer.pages[page_of[anchor]].indirect_reference
                annotation[NameObject("/Dest")] = ArrayObject([target, NameObject("/Fit")])
            else:  # the deck file itself: its first page
                annotation[NameObject("/Dest")] = ArrayObject([writer.pages[0].indirect_reference,
                                                              NameObject("/Fit")])
