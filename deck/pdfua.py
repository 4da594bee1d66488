"""PDF/UA-1 (ISO 14289-1) for the slides PDF and the handout: what Chromium's tagged PDF lacks, added.

Chromium tags what it prints (a structure tree, /MarkInfo, every page's content marked, links as
/Link with their annotations, fonts embedded with /ToUnicode), and deck/pdf.py sets /Lang and
/DisplayDocTitle. What the standard asks beyond that is added here, with pikepdf, on the printed
document: the identification (pdfuaid:part 1 in an XMP metadata stream, with dc:title, clause 5
and 7.1), every /Figure with alternate text (an HTML <figure> around a described picture is a
grouping, so it becomes a /Div: clause 7.3), and every link annotation with its /Contents, the
description a screen reader announces (clause 7.18.5). tests/pdfua.py checks the result clause by
clause; the README says which clauses need a person.
"""
from __future__ import annotations

import re
from datetime import datetime, timezone
from xml.sax.saxutils import escape

XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
<pdfuaid:part>1</pdfuaid:part>
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
<dc:language><rdf:Bag><rdf:li>{language}</rdf:li></rdf:Bag></dc:language>
<pdf:Keywords>{keywords}</pdf:Keywords>
<pdf:Producer>{producer}</pdf:Producer>
<xmp:CreatorTool>{creator}</xmp:CreatorTool>
<xmp:CreateDate>{date}</xmp:CreateDate>
<xmp:ModifyDate>{date}</xmp:ModifyDate>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


def make_accessible(pdf, info: dict[str, str], language: str, epoch: int, titles: dict[str, str],
                    page_titles: dict[int, str]) -> None:
    """The pikepdf document made PDF/UA-1: its identification and metadata (from `info`, the
    document information dictionary's entries, so the two agree), figures and links described
    (titles: each slide's by its anchor; page_titles: by the page it starts on)."""
    _metadata(pdf, info, language, epoch)
    _role_map(pdf)
    _figures(pdf)
    _headings(pdf)
    _links(pdf, titles, page_titles)
    for page in pdf.pages:
        _artifacts(pdf, page.obj)


def _metadata(pdf, info: dict[str, str], language: str, epoch: int) -> None:
    from pikepdf import Name, Stream

    date = datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    text = XMP.format(date=date, language=escape(language), **{
        key: escape(info.get(f"/{key.capitalize()}", "")) for key in
        ("title", "author", "subject", "keywords", "producer", "creator")})
    pdf.Root.Metadata = Stream(pdf, text.encode("utf-8"), Type=Name.Metadata, Subtype=Name.XML)


def structure_elements(root) -> list:
    """Every structure element under the catalog's (a pikepdf Dictionary's) /StructTreeRoot, in the
    tree's reading order."""
    from pikepdf import Array, Dictionary

    tree = root.get("/StructTreeRoot")
    found = []
    stack = [tree] if tree is not None else []
    while stack:
        node = stack.pop()
        if "/S" in node:
            found.append(node)
        kids = node.get("/K")
        kids = kids if isinstance(kids, Array) else [kids] if kids is not None else []
        stack.extend(reversed([kid for kid in kids if isinstance(kid, Dictionary) and "/S" in kid]))
    return found


def _role_map(pdf) -> None:
    """Chromium writes PDF 2.0's inline types (<strong>, <em>) that PDF/UA-1 (on PDF 1.7) knows
    only through the role map (clause 7.1)."""
    from pikepdf import Dictionary, Name

    tree = pdf.Root.get("/StructTreeRoot")
    if tree is None:
        return
    roles = tree.get("/RoleMap")
    if roles is None:
        tree.RoleMap = roles = pdf.make_indirect(Dictionary())
    for role, standard in PDF2_ROLES.items():
        if role not in roles:
            roles[role] = Name(standard)


# PDF 2.0's structure types Chromium writes, as PDF 1.7's standard ones.
PDF2_ROLES = {"/Strong": "/Span", "/Em": "/Span", "/Sub": "/Span", "/Aside": "/Div", "/FENote": "/Note",
              "/Title": "/P", "/DocumentFragment": "/Div"}


def _figures(pdf) -> None:
    """Chromium makes a /Figure of an HTML <figure> as well as of what it holds: a described picture
    (an SVG with role=img), or a diagram's own text and links. The outer one, described by nothing,
    is a grouping, so a /Div, and what it holds is read (clause 7.3)."""
    from pikepdf import Name

    for element in structure_elements(pdf.Root):
        if element.S != Name.Figure or "/Alt" in element or "/ActualText" in element:
            continue
        if structure_elements({"/StructTreeRoot": element})[1:]:
            element.S = Name.Div


def _headings(pdf) -> None:
    """Numbered headings start at /H1 (clause 7.4.2): a deck that opens before its title slide
    (a cold open's /H2) has its headings before the first /H1 raised by as many levels."""
    from pikepdf import Name

    headings = [element for element in structure_elements(pdf.Root) if str(element.S) in HEADINGS]
    if not headings or headings[0].S == Name.H1:
        return
    lift = int(str(headings[0].S)[2:]) - 1
    for element in headings:
        if element.S == Name.H1:
            break
        element.S = Name(f"/H{max(1, int(str(element.S)[2:]) - lift)}")


HEADINGS = {f"/H{level}" for level in range(1, 7)}
# What starts a mark on the page outside any marked content: a path, a text object, a shading, a
# picture; and what ends one.
STARTS = frozenset({b"m", b"re", b"BT", b"sh", b"Do", b"INLINE IMAGE"})


def _artifacts(pdf, page) -> None:
    """What Chromium paints outside the structure (backgrounds, rules, boxes behind text) marked as
    /Artifact, so every mark is either tagged content or an artifact (clause 7.1).

    The page's content is read operator by operator from its bytes, each operation kept as
    Chromium wrote it: a parser that builds an object for every operand and writes them all back
    (pypdf's ContentStream) was most of the time a PDF took to finish."""
    from pikepdf import Array, Stream

    contents = page.get("/Contents")
    if contents is None:
        return
    parts = contents if isinstance(contents, Array) else [contents]
    pieces, depth, open_at, saved = [], 0, None, 0  # open_at: the q depth our /Artifact sequence began at
    for operation, operator in _operations(b"\n".join(part.read_bytes() for part in parts)):
        closes = operator in (b"BDC", b"BMC") or (operator == b"Q" and open_at is not None and saved <= open_at)
        if open_at is not None and depth == 0 and closes:
            pieces.append(b"EMC")
            open_at = None
        if operator in (b"BDC", b"BMC"):
            depth += 1
        elif operator == b"EMC":
            depth = max(0, depth - 1)
        elif operator in STARTS and depth == 0 and open_at is None:
            pieces.append(b"/Artifact BMC")
            open_at = saved
        pieces.append(operation)
        saved += operator == b"q"
        saved -= operator == b"Q"
    if open_at is not None:
        pieces.append(b"EMC")
    page.Contents = Stream(pdf, b"\n".join(pieces) + b"\n")


# A content stream's tokens (ISO 32000-1, 7.2 and 7.8.2): white space and comments between them;
# a literal string opens with '(' and is read by hand (nested, escaped parentheses).
_TOKEN = re.compile(rb"[\x00\t\n\x0c\r ]+|%[^\r\n]*|<<|>>|<[^>]*>|[\[\]{}]|\(|/[^\x00\t\n\x0c\r ()<>\[\]{}/%]*"
                    rb"|[^\x00\t\n\x0c\r ()<>\[\]{}/%]+")
_OPERAND = re.compile(rb"[+-]?(\d+\.?\d*|\.\d+)|true|false|null")
_SPACE = frozenset(b"\x00\t\n\x0c\r ")


# Operations (their operands, then the operator) as Chromium writes them: numbers, names, hex
# strings, literal strings without unescaped parentheses inside, one-level dictionaries and arrays.
# The regular expression engine reads the operands, and passes over the run of operations that
# matter nothing to the artifacts (a text object's 100,000 glyph runs and moves, colours, clips)
# as one piece: Python sees only the ones that mark the page or open, close or save a sequence.
_GAP = rb"(?:[\x00\t\n\x0c\r ]+|%[^\r\n]*)*"
_LITERAL = rb"\((?:[^()\\]|\\.)*\)"
_PLAIN_OPERAND = (rb"/[^\x00\t\n\x0c\r ()<>\[\]{}/%]*+|<(?!<)[^<>]*>|" + _LITERAL +
                  rb"|<<(?:[^<>()]|<[^<>]*>|" + _LITERAL + rb")*>>|\[(?:[^\[\]()]|" + _LITERAL + rb")*\]"
                  rb"|(?:[+-]?(?:\d+\.?\d*|\.\d+)|true|false|null)(?![^\x00\t\n\x0c\r ()<>\[\]{}/%])")
_NAME_END = rb"(?![^\x00\t\n\x0c\r ()<>\[\]{}/%])"
_OPERATOR = (rb"(?!(?:true|false|null)" + _NAME_END + rb")[A-Za-z'\"*][^\x00\t\n\x0c\r ()<>\[\]{}/%]*+")
_MARKING = rb"(?:BDC|BMC|EMC|q|Q|m|re|BT|sh|Do|BI)" + _NAME_END
_OPERANDS = rb"(?:(?:" + _PLAIN_OPERAND + rb")" + _GAP + rb")*"
# (the run of operations between, as written; the next operation that matters; its operator)
_MARKING_OPERATION = re.compile(_GAP + rb"((?:" + _OPERANDS + rb"(?!" + _MARKING + rb")" + _OPERATOR + _GAP + rb")*)"
                                rb"(?:(" + _OPERANDS + rb"(" + _MARKING + rb"))|\Z)", re.S)


def _operations(data: bytes):
    """(the operation's bytes, its operator) for each operation of a content stream, in order; an
    inline image (BI ... ID data EI) is one operation, its operator b'INLINE IMAGE' (as pypdf names it).

    Read by the regular expression where the stream is as plain as Chromium writes it (a run of
    operations that matter nothing to the artifacts then comes as one piece, its operator b'');
    a stream with anything else (an inline image, a nested string or dictionary) token by token."""
    whole = _plain_operations(data)
    return iter(whole) if whole is not None else _operations_by_token(data)


# A text object (BT ... ET) with no marked content and no literal string inside: nothing in it can
# start or end an artifact (a path, a picture or a q/Q may not stand in one), so it is passed over
# whole. Most of a page's bytes are its glyph runs, which the operation-by-operation reading below
# otherwise matched one by one.
_QUIET_TEXT = re.compile(rb"(?<![^\x00\t\n\x0c\r ])BT(?=[\x00\t\n\x0c\r ])(.*?)(?<=[\x00\t\n\x0c\r ])ET" + _NAME_END,
                         re.S)
_LOUD = (b"BDC", b"BMC", b"EMC", b"BI")


def _plain_operations(data: bytes) -> list[tuple[bytes, bytes]] | None:
    """The quick reading: a run of operations that matter nothing to the artifacts is one piece,
    its operator b''; None where the stream is not as plain as that."""
    if b"(" in data:  # a literal string could hold what reads as 'BT' or 'ET': operation by operation
        return _plain_run(data)
    found, at = [], 0
    for text in _QUIET_TEXT.finditer(data):
        if any(mark in text.group(1) for mark in _LOUD):  # read with what is around it
            continue
        run = _plain_run(data[at:text.start()])
        if run is None:
            return None
        found += run
        found.append((b"BT", b"BT"))
        found.append((text.group(1).strip(bytes(_SPACE)) + b"\nET", b""))
        at = text.end()
    run = _plain_run(data[at:])
    return None if run is None else found + run


def _plain_run(data: bytes) -> list[tuple[bytes, bytes]] | None:
    found, at = [], 0
    for operation in _MARKING_OPERATION.finditer(data):
        between, marking, operator = operation.groups()
        if operation.start() != at or operator == b"BI":
            return None
        if between:
            found.append((between.rstrip(bytes(_SPACE)), b""))
        if marking:
            found.append((marking, operator))
        at = operation.end()
    return found if at == len(data) else None


def _operations_by_token(data: bytes):
    at, begun, length = 0, None, len(data)
    while at < length:
        token = _TOKEN.match(data, at)
        if token is None:
            raise ValueError(f"a content stream this finishing cannot read, at byte {at}")
        text, end = token.group(), token.end()
        if text[0] in _SPACE or text[:1] == b"%":
            at = end
            continue
        if begun is None:
            begun = at
        if text == b"(":
            end = _string_end(data, at)
        elif text == b"BI":
            end = data.index(b"EI", data.index(b"ID", end) + 3) + 2
            while end < length and data[end] not in _SPACE:  # 'EI' inside the image's bytes
                end = data.index(b"EI", end) + 2
            yield data[begun:end], b"INLINE IMAGE"
            at, begun = end, None
            continue
        elif text[:1] not in b"/<>[]{}" and not _OPERAND.fullmatch(text):
            yield data[begun:end], text
            begun = None
        at = end


def _string_end(data: bytes, at: int) -> int:
    """Where the literal string opening at data[at] ('(') ends: after its balancing ')'."""
    depth, at = 0, at
    while True:
        char = data[at]
        if char == 0x5C:  # a backslash escapes the next byte
            at += 2
            continue
        depth += (char == 0x28) - (char == 0x29)
        at += 1
        if depth == 0:
            return at


def _links(pdf, titles: dict[str, str], page_titles: dict[int, str]) -> None:
    """Each link annotation says where it goes, for a screen reader (clause 7.18.5): a web address
    as written, a jump in the deck by its slide's title (no words of the engine's: any language)."""
    from pikepdf import Array, Dictionary, Name, String

    pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages)}
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", []):
            if annotation.get("/Subtype") != Name.Link or str(annotation.get("/Contents", "")):
                continue
            action = annotation.get("/A", {})
            target = annotation.get("/Dest")
            if action.get("/S") == Name.URI:
                said = str(action["/URI"]).removeprefix("mailto:")
            elif isinstance(target, Array) and len(target) and isinstance(target[0], Dictionary):
                said = page_titles.get(pages.get(target[0].objgen, 0), "")
            else:
                said = titles.get(str(target).removeprefix("/"), "")
            if said:
                annotation.Contents = String(said)
