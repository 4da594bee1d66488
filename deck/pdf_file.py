"""A printed PDF finished with pypdf: the step the slides PDF and the handout share.

Chromium's PDF keeps its tagging (structure tree, MarkInfo) through pypdf, which adds what the
browser cannot: metadata from talk.yaml, an outline (a bookmark per section, with its slides under
it), in-deck links pointing at pages, what PDF/UA-1 asks beyond it (deck/pdfua.py), and fixed dates and /ID so two builds of the same talk are
byte-identical. Both writers (deck/pdf.py, deck/handout.py) call finish(); neither imports the other.
"""
from __future__ import annotations

import hashlib
import io
from datetime import datetime, timezone
from urllib.parse import unquote, urlsplit

from .chromium import BrowserError
from .export import keywords
from .files import source_epoch
from .pdfua import make_accessible
from .validate import Deck


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
    # Written once: the digest then takes the placeholder's place in the trailer, hex for hex, so
    # no offset moves (pypdf writing the whole document twice was a third of the finishing).
    placeholder = ByteStringObject(b"\0" * 16)
    writer._ID = ArrayObject([placeholder, placeholder])
    written = io.BytesIO()
    writer.write(written)
    return _with_id(written.getvalue(), hashlib.md5(written.getvalue(), usedforsecurity=False).digest())


def _with_id(data: bytes, digest: bytes) -> bytes:
    """data with its trailer's placeholder /ID (sixteen zero bytes, twice) made `digest`."""
    blank, found = b"<" + b"00" * 16 + b">", b"<" + digest.hex().encode("ascii") + b">"
    trailer = data.rindex(b"/ID")
    if data.count(blank, trailer) != 2:
        raise ValueError("pypdf wrote the PDF's /ID in a way the finishing does not know")
    return data[:trailer] + data[trailer:].replace(blank, found)


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
