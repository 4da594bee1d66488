"""PDF/UA-1 (ISO 14289-1:2014): the machine-checkable requirements, each check named by its clause.

Written on pypdf, independent of how deck/pdfua.py makes the file: it reads what a validator reads
(the catalog, the XMP packet, the structure tree, every page's content stream, the fonts, the
annotations). What needs a person (the alternate texts say what the picture shows, the reading
order is the intended one, colour is not the only carrier of meaning) is listed in the README.
"""
from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import ContentStream

# ISO 32000-1 14.8.4's standard structure types (PDF/UA 7.1: others must be role-mapped to them).
STANDARD_TYPES = frozenset("""Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private
    H H1 H2 H3 H4 H5 H6 P L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry
    Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form""".split())
# What puts marks on a page: text, paths, shadings, pictures (XObjects and inline images).
PAINTING = frozenset({b"Tj", b"TJ", b"'", b'"', b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*",
                      b"sh", b"Do", b"INLINE IMAGE"})


def problems(path: Path) -> list[str]:
    """Every requirement the file breaks, as 'clause: what'; none for a conforming file."""
    reader = PdfReader(path)
    root = reader.trailer["/Root"]
    found: list[str] = []
    found += _identification(reader, root)
    found += _catalog(root)
    elements = _elements(root)
    found += _structure(root, elements)
    found += _content(reader, root)
    found += _annotations(reader, elements)
    found += _fonts(reader)
    return found


def _identification(reader: PdfReader, root) -> list[str]:
    metadata = root.get("/Metadata")
    if metadata is None:
        return ["5, 7.1: no XMP metadata stream in the catalog"]
    xmp = metadata.get_object().get_data().decode("utf-8")
    found = []
    if not re.search(r"<pdfuaid:part>\s*1\s*</pdfuaid:part>|pdfuaid:part=\"1\"", xmp):
        found.append("5: the XMP metadata does not identify the file as PDF/UA-1 (pdfuaid:part 1)")
    title = re.search(r"<dc:title>.*?<rdf:li[^>]*>([^<]+)</rdf:li>", xmp, re.S)
    if title is None or not title.group(1).strip():
        found.append("7.1: the XMP metadata holds no dc:title")
    return found


def _catalog(root) -> list[str]:
    found = []
    preferences = root.get("/ViewerPreferences")
    if preferences is None or not _true(preferences.get_object().get("/DisplayDocTitle")):
        found.append("7.1: ViewerPreferences /DisplayDocTitle is not true: the window would show the file name")
    mark_info = root.get("/MarkInfo")
    if mark_info is None or not _true(mark_info.get_object().get("/Marked")):
        found.append("7.1: /MarkInfo /Marked is not true")
    elif _true(mark_info.get_object().get("/Suspects")):
        found.append("7.1: /MarkInfo /Suspects is true")
    if not str(root.get("/Lang", "")).strip():
        found.append("7.2: the catalog has no /Lang: the document's language is unknown")
    return found


def _true(value) -> bool:
    """A PDF boolean (pypdf's BooleanObject) that is true; an absent one is not."""
    return getattr(value, "value", value) is True


def _elements(root) -> list:
    """Every structure element, in the tree's order (depth first: the reading order)."""
    tree = root.get("/StructTreeRoot")
    if tree is None:
        return []
    found, stack = [], [tree.get_object()]
    while stack:
        node = stack.pop()
        if "/S" in node:
            found.append(node)
        kids = node.get("/K")
        kids = kids if isinstance(kids, list) else [kids] if kids is not None else []
        objects = [kid.get_object() for kid in kids if hasattr(kid, "get_object")]
        stack.extend(reversed([kid for kid in objects if isinstance(kid, dict) and "/S" in kid]))
    return found


def _structure(root, elements: list) -> list[str]:
    if root.get("/StructTreeRoot") is None:
        return ["7.1: no structure tree: the content is not tagged"]
    role_map = root["/StructTreeRoot"].get_object().get("/RoleMap") or {}
    found = []
    for element in elements:
        role = str(element["/S"]).removeprefix("/")
        mapped = str(role_map.get(f"/{role}", "")).removeprefix("/")
        if role not in STANDARD_TYPES and mapped not in STANDARD_TYPES:
            found.append(f"7.1: structure type /{role} is neither standard nor role-mapped to one")
        if (mapped or role) == "Figure" and not (str(element.get("/Alt", "")).strip() or element.get("/ActualText")):
            found.append("7.3: a /Figure without alternate text (/Alt)")
    levels = [int(str(element["/S"])[2:]) for element in elements if re.fullmatch(r"/H[1-6]", str(element["/S"]))]
    if levels and levels[0] != 1:
        found.append(f"7.4.2: the first heading is /H{levels[0]}, not /H1")
    for before, after in zip(levels, levels[1:]):
        if after > before + 1:
            found.append(f"7.4.2: heading levels skip from /H{before} to /H{after}")
            break
    return found


def _numbers(tree) -> dict[int, object]:
    """A number tree (the ParentTree) flattened."""
    tree = tree.get_object()
    found = {}
    numbers = tree.get("/Nums") or []
    for index in range(0, len(numbers), 2):
        found[int(numbers[index])] = numbers[index + 1]
    for kid in tree.get("/Kids") or []:
        found.update(_numbers(kid))
    return found


# Each page's content as _marks reads it, by its bytes: a copy of a file with one thing broken
# (test_pdfua) shares every other page with the file, and pypdf's parse is most of a check's time.
_READ: dict[bytes, tuple] = {}


def _marks(contents, reader: PdfReader) -> tuple:
    """A page's content stream as the marked-content check needs it, in order: ('open', kind, MCID)
    for each BDC/BMC (kind 'artifact', 'tagged' or '' for one that inherits), ('close',) for
    each EMC, ('paint',) for each operator that puts a mark on the page."""
    data = contents.get_data()
    if data not in _READ:
        events = []
        for operands, operator in ContentStream(contents, reader).operations:
            if operator in (b"BDC", b"BMC"):
                tag = str(operands[0])
                properties = operands[1] if operator == b"BDC" and len(operands) > 1 else {}
                properties = properties.get_object() if hasattr(properties, "get_object") else properties
                if tag == "/Artifact":
                    events.append(("open", "artifact", None))
                elif isinstance(properties, dict) and "/MCID" in properties:
                    events.append(("open", "tagged", int(properties["/MCID"])))
                else:
                    events.append(("open", "", None))
            elif operator == b"EMC":
                events.append(("close",))
            elif operator in PAINTING:
                events.append(("paint",))
        _READ[data] = tuple(events)
    return _READ[data]


def _content(reader: PdfReader, root) -> list[str]:
    """7.1: every mark on every page is either real content, tagged (marked with an MCID the
    structure tree refers to), or an artifact."""
    tree = root.get("/StructTreeRoot")
    parents = _numbers(tree.get_object()["/ParentTree"]) if tree is not None and "/ParentTree" in tree.get_object() else {}
    found = []
    for number, page in enumerate(reader.pages, 1):
        contents = page.get_contents()
        if contents is None:
            continue
        referred = parents.get(page.get("/StructParents"))
        referred = referred.get_object() if referred is not None else []
        stack: list[str] = []  # per open marked-content sequence: 'tagged', 'artifact' or what it inherits
        untagged = unreferred = 0
        for event, *what in _marks(contents, reader):
            if event == "open":
                kind, mcid = what
                if kind == "tagged" and not (0 <= mcid < len(referred) and referred[mcid] is not None):
                    unreferred += 1
                stack.append(kind or (stack[-1] if stack else ""))
            elif event == "close":
                if stack:
                    stack.pop()
            elif not stack or stack[-1] == "":
                untagged += 1
        if untagged:
            found.append(f"7.1: page {number}: {untagged} mark{'s' if untagged != 1 else ''} neither tagged nor an artifact")
        if unreferred:
            found.append(f"7.1: page {number}: {unreferred} marked sequence{'s' if unreferred != 1 else ''} the structure tree does not refer to")
    return found


def _annotations(reader: PdfReader, elements: list) -> list[str]:
    """7.18.1: annotations in the structure; 7.18.3: tab order by the structure; 7.18.5: links
    in /Link elements, each described by its /Contents."""
    in_links = set()
    for element in elements:
        kids = element.get("/K")
        for kid in kids if isinstance(kids, list) else [kids]:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, dict) and kid.get("/Type") == "/OBJR" and str(element["/S"]) == "/Link":
                in_links.add(kid.raw_get("/Obj").idnum)
    found = []
    for number, page in enumerate(reader.pages, 1):
        annotations = [reference for reference in page.get("/Annots") or []]
        if annotations and page.get("/Tabs") != "/S":
            found.append(f"7.18.3: page {number} has annotations but no /Tabs /S (tab order by the structure)")
        for reference in annotations:
            annotation = reference.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            if reference.idnum not in in_links:
                found.append(f"7.18.5: page {number}: a link annotation in no /Link structure element")
            if not str(annotation.get("/Contents", "")).strip():
                found.append(f"7.18.5: page {number}: a link annotation without /Contents (its description)")
    return found


def _fonts(reader: PdfReader) -> list[str]:
    """7.21.4.1: every font embedded; 7.21.7: every font maps its glyphs to Unicode."""
    found, seen = [], set()
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for name, reference in (resources.get_object().get("/Font") or {}).items():
            font = reference.get_object()
            key = getattr(reference, "idnum", id(font))
            if key in seen:
                continue
            seen.add(key)
            shown = str(font.get("/BaseFont", name))
            described = font
            if font.get("/Subtype") == "/Type0":
                described = font["/DescendantFonts"][0].get_object()
            descriptor = described.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            if font.get("/Subtype") != "/Type3" and not any(key in descriptor for key in
                                                            ("/FontFile", "/FontFile2", "/FontFile3")):
                found.append(f"7.21.4.1: font {shown} is not embedded")
            if "/ToUnicode" not in font:
                found.append(f"7.21.7: font {shown} has no /ToUnicode map")
    return found
