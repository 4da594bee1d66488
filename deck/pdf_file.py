"""A printed PDF finished with pikepdf (qpdf): the step the slides PDF and the handout share.

Chromium's PDF keeps its tagging (structure tree, MarkInfo) through pikepdf, which edits the
printed file in place and adds what the browser cannot: metadata from talk.yaml, an outline (a
bookmark per section, with its slides under it), in-deck links pointing at pages, what PDF/UA-1
asks beyond it (deck/pdfua.py), and fixed dates and /ID so two builds of the same talk are
byte-identical. Both writers (deck/pdf.py, deck/handout.py) call finish(); neither imports the other.
qpdf parses and writes the printed file's thousands of objects in C++: pypdf, rebuilding each in
Python, took ten times as long, at the very end of every `build.py pdf`.
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
    import pikepdf
    from pikepdf import Dictionary, Name, OutlineItem, String

    pdf = pikepdf.open(io.BytesIO(data))
    slide_pages = [index for index, kind in enumerate(layout) if kind == "slide"]
    if len(pdf.pages) != len(layout) or len(slide_pages) != len(deck.slides):
        raise BrowserError(f"Chromium printed {len(pdf.pages)} pages for {len(deck.slides)} slides "
                           f"({len(layout)} pages laid out); a page's content ran onto another")
    page_of = {slide.anchor: slide_pages[number] for number, slide in enumerate(deck.slides)}
    _link_in_deck(pdf, page_of, deck_url)
    _numbered_in_order(pdf)

    talk = deck.talk
    stamp = _pdf_date()
    info = {
        "/Title": talk.title,
        "/Author": talk.speaker.name,
        "/Subject": " ".join(talk.summary.split()),
        "/Keywords": ", ".join(keywords(deck)),
        "/Creator": "build.py (reveal.js print view)",
        "/Producer": _producer(pdf),
    }
    # A new information dictionary: Chromium's own dates would differ from build to build.
    pdf.trailer.Info = pdf.make_indirect(Dictionary({key: String(value) for key, value in
                                                     {**info, "/CreationDate": stamp, "/ModDate": stamp}.items()}))
    make_accessible(pdf, info, talk.language, source_epoch(), {slide.anchor: slide.title for slide in deck.slides},
                    {page_of[slide.anchor]: slide.title for slide in deck.slides})
    root = pdf.Root
    root.Lang = String(talk.language)
    root.PageMode = Name.UseOutlines  # an organiser opens it with the bookmarks showing
    preferences = root.get("/ViewerPreferences")
    if preferences is None:
        root.ViewerPreferences = preferences = pdf.make_indirect(Dictionary())
    preferences.DisplayDocTitle = True

    with pdf.open_outline() as outline:
        if "cover" in layout:  # the handout's cover: what the talk is, before its sections
            outline.root.append(OutlineItem("About this talk", layout.index("cover"), "Fit"))
        sections = {}
        for slide in deck.slides:
            section = sections.get(slide.section.id)
            if section is None:
                section = sections[slide.section.id] = OutlineItem(slide.section.title, page_of[slide.anchor], "Fit")
                outline.root.append(section)
            section.children.append(OutlineItem(slide.title, page_of[slide.anchor], "Fit"))

    # The /ID is a digest of the document written with a placeholder /ID: same content, same bytes.
    # qpdf writes its fixed test /ID (static_id) in both halves; that becomes sixteen zero bytes,
    # the digest of the whole is taken, and it takes the placeholder's place, hex for hex, so no
    # offset moves. Nothing else qpdf writes depends on the time or the machine.
    if "/ID" in pdf.trailer:
        del pdf.trailer.ID
    written = io.BytesIO()
    pdf.save(written, static_id=True)
    blank = _with_id(written.getvalue(), _static_id(written.getvalue()), bytes(16))
    return _with_id(blank, bytes(16), hashlib.md5(blank, usedforsecurity=False).digest())


def _numbered_in_order(pdf) -> None:
    """The tags' IDs numbered 1, 2, 3... in their order. Chromium names each structure element after
    its page node's number ("node00000465"), and a busy machine can make one node more before the
    deck is drawn (a timer, a font's load), so two builds of the same talk differed by one in every
    ID. Renumbered in the same order, the ID tree stays sorted and its limits stay true."""
    from pikepdf import Array, Dictionary, String

    root = pdf.Root.get("/StructTreeRoot")
    tree = root.get("/IDTree") if root is not None else None
    if tree is None:
        return
    nodes, todo = [], [tree]
    while todo:  # the name tree's nodes: its leaves hold the names, its inner nodes their limits
        node = todo.pop()
        nodes.append(node)
        todo += list(node.get("/Kids", []))
    leaves = [node for node in nodes if "/Names" in node]
    new = {name: f"node{rank:08d}" for rank, name in
           enumerate(sorted(str(name) for leaf in leaves for name in list(leaf.Names)[::2]), start=1)}
    for node in nodes:
        if "/Limits" in node:
            node.Limits = Array([String(new[str(limit)]) for limit in node.Limits])
    for leaf in leaves:
        pairs = list(leaf.Names)
        for index in range(0, len(pairs), 2):
            element = pairs[index + 1]
            pairs[index] = String(new[str(pairs[index])])
            if "/ID" in element:
                element.ID = String(new[str(element.ID)])
        leaf.Names = Array(pairs)
    # A table's cells name their header cells by these IDs (/A << /Headers [...] >>).
    for element in pdf.objects:
        attributes = element.get("/A") if isinstance(element, Dictionary) else None
        for owner in ([attributes] if isinstance(attributes, Dictionary) else attributes or []):
            if isinstance(owner, Dictionary) and "/Headers" in owner:
                owner.Headers = Array([String(new.get(str(name), str(name))) for name in owner.Headers])


def _static_id(data: bytes) -> bytes:
    """The /ID qpdf wrote in the trailer (its fixed one: both halves the same)."""
    trailer = data.rindex(b"/ID")
    start = data.index(b"<", trailer) + 1
    return bytes.fromhex(data[start:data.index(b">", start)].decode("ascii"))


def _with_id(data: bytes, placeholder: bytes, digest: bytes) -> bytes:
    """data with its trailer's /ID (`placeholder`, twice) made `digest`."""
    blank, found = b"<" + placeholder.hex().encode("ascii") + b">", b"<" + digest.hex().encode("ascii") + b">"
    trailer = data.rindex(b"/ID")
    if len(placeholder) != 16 or data.count(blank, trailer) != 2:
        raise ValueError("qpdf wrote the PDF's /ID in a way the finishing does not know")
    return data[:trailer] + data[trailer:].replace(blank, found)


def _pdf_date() -> str:
    return datetime.fromtimestamp(source_epoch(), timezone.utc).strftime("D:%Y%m%d%H%M%SZ")


def _producer(pdf) -> str:
    producer = pdf.trailer.get("/Info", {}).get("/Producer")
    return str(producer) if producer else "Chromium"


def _link_in_deck(pdf, page_of: dict[str, int], deck_url: str) -> None:
    """Links into the deck point at their slide's page; no link keeps the staging folder's path.

    Chromium keeps '#anchor' links as named destinations; any that it wrote as a file: URI
    (the staging folder's path, which differs per build) become a jump to the slide's page.
    """
    from pikepdf import Array, Name

    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", []):
            action = annotation.get("/A")
            if action is None or action.get("/S") != Name.URI:
                continue
            uri = str(action.get("/URI", ""))
            if not uri.startswith("file:"):
                continue
            anchor = unquote(urlsplit(uri).fragment).removeprefix("/")
            del annotation.A
            # A jump to the slide's page; to the deck file itself, its first page.
            annotation.Dest = Array([pdf.pages[page_of.get(anchor, 0)].obj, Name.Fit])
