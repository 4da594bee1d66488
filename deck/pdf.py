"""PDF: the deck printed by Chromium through reveal.js's print view, for organisers and reviewers.

Two editions, both printed in one browser session from the staging folder, before dist/ is
swapped: <slug>.pdf (one page per slide) and <slug>-notes.pdf (each slide followed by a page with
its speaker notes). Chromium is driven by Playwright over reveal's `?print-pdf` view; printing
starts when reveal fires `pdf-ready`, never after a guessed sleep. One load serves both: once
the slides are printed, the notes pages are added the way reveal's `showNotes: 'separate-page'`
adds them, and the page is printed again (a second load would cost more than it prints).

Chromium's PDF is then finished with pypdf, which keeps its tagging (structure tree, MarkInfo):
metadata from talk.yaml, an outline (a bookmark per section, with its slides under it), in-deck
links pointing at pages, and fixed dates and /ID so two builds of the same talk are byte-identical.
"""
from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .chromium import ARGS, BrowserError, find_chromium
from .export import slug
from .validate import Deck

# 1920x1080 CSS pixels: reveal's slide size with no margin around it, so a page is exactly a slide.
PAGE = {"width": 1920, "height": 1080}
# Without SOURCE_DATE_EPOCH the PDFs carry this fixed date, so rebuilding never changes a byte.
DEFAULT_EPOCH = 946_684_800  # 2000-01-01T00:00:00Z
PRINT_TIMEOUT_MS = 30_000  # a real deck is laid out in a second or two, even on a busy machine

# Runs before any script of the page (Playwright injects it, outside the page's CSP).
READY_SCRIPT = ("window.__deckPdfReady = new Promise(resolve => "
                "document.addEventListener('pdf-ready', () => resolve(true), { once: true }));")
# Waits for that event (a function, not a string: the deck's CSP forbids eval), with a time limit.
WAIT_SCRIPT = f"""() => Promise.race([window.__deckPdfReady, new Promise((_, reject) => setTimeout(
  () => reject(new Error("reveal.js never fired pdf-ready")), {PRINT_TIMEOUT_MS}))])"""

# After pdf-ready: fonts loaded; in-deck links made into in-document ones Chromium keeps as links;
# in the notes edition each notes page headed by its slide and shrunk until it fits its one page.
PREPARE_SCRIPT = """
async ({ titles }) => {
  await document.fonts.ready;
  document.querySelectorAll('a[href^="#/"]').forEach(link => {
    link.setAttribute('href', '#' + decodeURIComponent(link.getAttribute('href').slice(2)));
  });
  const pages = [...document.querySelectorAll('.reveal .slides > .pdf-page, .reveal .slides > .speaker-notes-pdf')];
  const pageHeight = document.querySelector('.pdf-page').offsetHeight;
  let slide = 0;
  for (const page of pages) {
    if (page.classList.contains('pdf-page')) { slide += 1; continue; }
    const section = page.previousElementSibling && page.previousElementSibling.querySelector('section');
    const title = (section && titles[section.id]) || '';
    const heading = document.createElement('h2');
    heading.className = 'notes-page-title';
    heading.textContent = `Notes, slide ${slide} of ${Object.keys(titles).length}: ${title}`;
    page.prepend(heading);
    page.style.height = pageHeight + 'px';
    page.style.boxSizing = 'border-box';
    page.style.overflow = 'hidden';
    let size = 32;
    page.style.fontSize = size + 'px';
    while (page.scrollHeight > page.clientHeight && size > 12) {
      size -= 1;
      page.style.fontSize = size + 'px';
    }
  }
  // reveal breaks the page after every notes page: after the last one that is a blank page.
  const last = pages[pages.length - 1];
  if (last.classList.contains('speaker-notes-pdf')) last.style.breakAfter = 'auto';
  return pages.map(page => page.classList.contains('pdf-page') ? 'slide' : 'notes');
}
"""


# reveal's print view with no margin: a page is exactly one 1920x1080 slide.
PRINT_QUERY = "?print-pdf&margin=0"

# The notes edition's pages, as reveal's print view makes them for showNotes: 'separate-page'
# (reveal's own getSlideNotes, reveal's own classes and CSS), after each slide's page.
ADD_NOTES_SCRIPT = """() => {
  document.querySelectorAll('.reveal .slides > .pdf-page').forEach(page => {
    const notes = Reveal.getSlideNotes(page.querySelector('section'));
    if (!notes) return;
    const element = document.createElement('div');
    element.className = 'speaker-notes speaker-notes-pdf';
    element.setAttribute('data-layout', 'separate-page');
    element.innerHTML = notes;
    page.after(element);
  });
}"""


@dataclass(frozen=True)
class Edition:
    name: str  # file name in dist/
    notes: bool


def editions(deck: Deck) -> list[Edition]:
    name = slug(deck.talk.title)
    return [Edition(f"{name}.pdf", notes=False), Edition(f"{name}-notes.pdf", notes=True)]


def print_pdfs(deck: Deck, staging: Path) -> list[Path]:
    """Print both editions of staging/index.html into staging/; BrowserError when that fails."""
    chromium = find_chromium()
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    # A thread of its own with its own event loop: this works whether or not the caller already
    # runs one (a test session's browser, serve, an embedding program).
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="print-pdf") as worker:
        return worker.submit(asyncio.run, _print(deck, staging, chromium)).result()


async def _print(deck: Deck, staging: Path, chromium: str) -> list[Path]:
    """Load the deck once, print the slides, add the notes pages, print again; each PDF is
    finished with pypdf on a worker thread while the browser goes on."""
    import asyncio

    from playwright.async_api import Error as PlaywrightError
    from playwright.async_api import async_playwright

    deck_url = (staging / "index.html").as_uri()
    titles = {slide.anchor: slide.title for slide in deck.slides}
    loop = asyncio.get_running_loop()
    options = {"width": f"{PAGE['width']}px", "height": f"{PAGE['height']}px", "print_background": True,
               "prefer_css_page_size": True, "tagged": True, "outline": False,
               "margin": {"top": "0", "right": "0", "bottom": "0", "left": "0"}}
    finishing = []
    try:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=chromium, args=ARGS)
            try:
                context = await browser.new_context(viewport=PAGE)
                await context.add_init_script(READY_SCRIPT)
                page = await context.new_page()
                await page.goto(deck_url + PRINT_QUERY, wait_until="commit")
                await page.evaluate(WAIT_SCRIPT)
                for edition in editions(deck):
                    if edition.notes:
                        await page.evaluate(ADD_NOTES_SCRIPT)
                    layout = await page.evaluate(PREPARE_SCRIPT, {"titles": titles})
                    data = await page.pdf(**options)
                    finishing.append((edition, loop.run_in_executor(None, finish, deck, data, layout, deck_url)))
                await page.close()
                from .contact import contact_sheet  # the same browser photographs the slides as projected

                sheet = await contact_sheet(context, staging, len(deck.slides))
            finally:
                await browser.close()
    except PlaywrightError as error:
        first_line = (error.message or str(error)).strip().splitlines()[0]
        raise BrowserError(f"Chromium ({chromium}) could not print the PDFs: {first_line}") from None
    written = [sheet]
    for edition, finished in finishing:
        target = staging / edition.name
        target.write_bytes(await finished)
        written.append(target)
    return written


def finish(deck: Deck, data: bytes, layout: list[str], deck_url: str) -> bytes:
    """Chromium's PDF with metadata, outline, in-deck links, fixed dates and a content-derived /ID."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, ByteStringObject, NameObject, TextStringObject

    reader = PdfReader(io.BytesIO(data))
    slide_pages = [index for index, kind in enumerate(layout) if kind == "slide"]
    if len(reader.pages) != len(layout) or len(slide_pages) != len(deck.slides):
        raise BrowserError(f"Chromium printed {len(reader.pages)} pages for {len(deck.slides)} slides "
                           f"({len(layout)} pages expected); a slide or its notes overflow their page")
    writer = PdfWriter(clone_from=reader)
    page_of = {slide.anchor: slide_pages[number] for number, slide in enumerate(deck.slides)}
    _link_in_deck(writer, page_of, deck_url)

    talk = deck.talk
    stamp = _pdf_date()
    writer.metadata = None  # Chromium's own dates would differ from build to build
    writer.add_metadata({
        "/Title": talk.title,
        "/Author": talk.speaker.name,
        "/Subject": " ".join(talk.summary.split()),
        "/Keywords": ", ".join(keywords(deck)),
        "/Creator": "build.py (reveal.js print view)",
        "/Producer": _producer(reader),
        "/CreationDate": stamp,
        "/ModDate": stamp,
    })
    root = writer._root_object
    root[NameObject("/Lang")] = TextStringObject(talk.language)
    writer.page_mode = "/UseOutlines"  # an organiser opens it with the bookmarks showing
    writer.create_viewer_preferences()
    writer.viewer_preferences.display_doctitle = True

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


def keywords(deck: Deck) -> list[str]:
    """The talk's vocabulary: the names of its anti-patterns, contexts, patterns and tools."""
    talk = deck.talk
    names = [entry.name for entry in (*talk.anti_patterns, *talk.contexts, *talk.patterns, *talk.tools)]
    return list(dict.fromkeys(names))


def _pdf_date() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    seconds = int(epoch) if epoch.isdigit() else DEFAULT_EPOCH
    return datetime.fromtimestamp(seconds, timezone.utc).strftime("D:%Y%m%d%H%M%SZ")


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
