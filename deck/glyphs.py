"""A face's glyphs transformed for WOFF2 once, when the engine ships, instead of on every first build.

WOFF2 packs a TrueType face's outlines transformed (the 'glyf' transform: each glyph's contours,
points and flags in streams of their own, its coordinates as triplets), which is what makes the
single file's fonts a third smaller than WOFF. fontTools does the transform in Python, point by
point: ~20 ms a face, the largest part of a first build's font work after brotli. Yet a glyph
transforms to the same bytes in every subset it is part of; only a composite glyph's references
to its components change, as the subset numbers its glyphs anew.

So each face the engine ships carries its glyphs' records (deck/subsets/*.glyphs, made by
`python -m deck.fonts`): every glyph of the face, unhinted as HarfBuzz's subsetter leaves it,
transformed by fontTools once, kept as the slices of each stream it adds. A subset's transformed
'glyf' is then those records joined in the subset's glyph order, the components renumbered: the
same bytes fontTools' transform makes of the subset (tests/test_fonts.py compares them face by
face), in a millisecond. Nothing of ours is imported here; fontTools and HarfBuzz only when used.
"""
from __future__ import annotations

import struct

# The streams of the transformed 'glyf' table, in the order the WOFF2 format lays them out.
STREAMS = ("nContourStream", "nPointsStream", "flagStream", "glyphStream", "compositeStream", "bboxStream",
           "instructionStream")
BBOX, OVERLAP = STREAMS.index("bboxStream"), len(STREAMS)  # a record: one slice a stream, then the overlap bit

# A composite glyph's component flags that say how long its record is (the TrueType 'glyf' format).
ARGS_ARE_WORDS, HAS_SCALE, MORE_COMPONENTS, HAS_XY_SCALE, HAS_TWO_BY_TWO = 0x0001, 0x0008, 0x0020, 0x0040, 0x0080


def records(opentype: bytes) -> bytes:
    """Every glyph of the face (plain OpenType), unhinted by HarfBuzz with its glyph ids kept,
    transformed by fontTools: for each glyph, the bytes it adds to each stream and whether it
    overlaps, as a marshal of tuples (zlib-packed: the engine ships it)."""
    import io
    import marshal
    import zlib

    import uharfbuzz
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.woff2 import WOFF2GlyfTable

    face = uharfbuzz.Face(uharfbuzz.Blob(opentype))
    everything = uharfbuzz.SubsetInput()
    everything.glyph_set.update(range(face.glyph_count))
    everything.flags = uharfbuzz.SubsetFlags.NO_HINTING | uharfbuzz.SubsetFlags.RETAIN_GIDS
    font = TTFont(io.BytesIO(uharfbuzz.subset(face, everything).blob.data), recalcBBoxes=False)
    table = WOFF2GlyfTable("glyf")
    table.decompile(font.getTableData("glyf"), font)
    for stream in STREAMS:
        setattr(table, stream, b"")
    count = len(table.glyphOrder)
    table.bboxBitmap = bytearray(((count + 31) >> 5) << 2)
    table.overlapSimpleBitmap = bytearray((count + 7) >> 3)
    made = []
    for glyph in range(count):
        before = [len(getattr(table, stream)) for stream in STREAMS]
        table._encodeGlyph(glyph)  # fontTools' own transform of one glyph (it is what WOFF2GlyfTable.transform loops over)
        made.append((*(getattr(table, stream)[start:] for stream, start in zip(STREAMS, before)),
                     bool(table.overlapSimpleBitmap[glyph >> 3] & (0x80 >> (glyph & 7)))))
    return zlib.compress(marshal.dumps(made), 9)


def transformed_glyf(kept: bytes, new_to_old: dict[int, int], index_format: int) -> bytes:
    """The subset's 'glyf' table as WOFF2 transforms it: its glyphs' records (kept: records()'
    bytes) in the subset's order (new_to_old: HarfBuzz's plan), the components renumbered."""
    import marshal
    import zlib

    glyphs = marshal.loads(zlib.decompress(kept))
    old_to_new = {old: new for new, old in new_to_old.items()}
    count = len(new_to_old)
    streams: list[list[bytes]] = [[] for _ in STREAMS]
    bbox_bitmap, overlaps = bytearray(((count + 31) >> 5) << 2), bytearray((count + 7) >> 3)
    for new in range(count):
        record = glyphs[new_to_old[new]]
        for position, piece in enumerate(record[:OVERLAP]):
            streams[position].append(piece)
        if record[STREAMS.index("compositeStream")]:
            streams[STREAMS.index("compositeStream")][-1] = _renumbered(record[STREAMS.index("compositeStream")], old_to_new)
        if record[BBOX]:
            bbox_bitmap[new >> 3] |= 0x80 >> (new & 7)
        if record[OVERLAP]:
            overlaps[new >> 3] |= 0x80 >> (new & 7)
    joined = [b"".join(pieces) for pieces in streams]
    joined[BBOX] = bytes(bbox_bitmap) + joined[BBOX]
    header = struct.pack(">HHHH7L", 0, 1 if any(overlaps) else 0, count, index_format, *map(len, joined))
    return header + b"".join(joined) + (bytes(overlaps) if any(overlaps) else b"")


def _renumbered(components: bytes, old_to_new: dict[int, int]) -> bytes:
    """A composite glyph's component records with each component's glyph id as the subset numbers it."""
    out, at = bytearray(components), 0
    while True:
        flags, old = struct.unpack_from(">HH", out, at)
        struct.pack_into(">H", out, at + 2, old_to_new[old])
        at += 4 + (4 if flags & ARGS_ARE_WORDS else 2)
        at += 2 if flags & HAS_SCALE else 4 if flags & HAS_XY_SCALE else 8 if flags & HAS_TWO_BY_TWO else 0
        if not flags & MORE_COMPONENTS:
            return bytes(out)


# ---------------------------------------------------------------- the WOFF and WOFF2 containers
# With the glyphs transformed already, what is left of packing a subset is the container: a few
# tables' bytes moved about, checksums and brotli. Done here as fontTools' WOFF2 writer does it
# (its 'glyf' and 'loca' padded to 4 bytes, head's flag for a transformed font, the master checksum,
# the tables in tag order), so that a first build imports no fontTools at all (~30 ms): at the
# writer's brotli quality the bytes are the writer's own (tests/test_fonts.py).

# The tags WOFF2 knows by an index (the WOFF2 format's table of known tags); any other is written out.
KNOWN_TAGS = (
    b"cmap", b"head", b"hhea", b"hmtx", b"maxp", b"name", b"OS/2", b"post", b"cvt ", b"fpgm", b"glyf", b"loca",
    b"prep", b"CFF ", b"VORG", b"EBDT", b"EBLC", b"gasp", b"hdmx", b"kern", b"LTSH", b"PCLT", b"VDMX", b"vhea",
    b"vmtx", b"BASE", b"GDEF", b"GPOS", b"GSUB", b"EBSC", b"JSTF", b"MATH", b"CBDT", b"CBLC", b"COLR", b"CPAL",
    b"SVG ", b"sbix", b"acnt", b"avar", b"bdat", b"bloc", b"bsln", b"cvar", b"fdsc", b"feat", b"fmtx", b"fvar",
    b"gvar", b"hsty", b"just", b"lcar", b"mort", b"morx", b"opbd", b"prop", b"trak", b"Zapf", b"Silf", b"Glat",
    b"Gloc", b"Feat", b"Sill")
UNKNOWN_TAG = 0x3F
FONTTOOLS_QUALITY = 11  # brotli's quality as fontTools' writer packs a face


def opentype(woff: bytes) -> bytes:
    """A WOFF 1.0 face's tables unpacked (zlib) into the plain OpenType file they came from, in tag
    order, each padded to 4 bytes: what HarfBuzz reads."""
    import zlib

    flavor, count = woff[4:8], struct.unpack_from(">H", woff, 12)[0]
    tables = {}
    for number in range(count):
        tag, offset, packed, length, checksum = struct.unpack_from(">4sLLLL", woff, 44 + 20 * number)
        data = woff[offset:offset + packed]
        tables[tag] = (zlib.decompress(data) if packed < length else data, checksum)
    return _sfnt(flavor, {tag: data for tag, (data, _) in tables.items()},
                 {tag: checksum for tag, (_, checksum) in tables.items()})


def _sfnt(flavor: bytes, tables: dict[bytes, bytes], checksums: dict[bytes, int]) -> bytes:
    tags = sorted(tables)
    directory = struct.pack(">4sHHHH", flavor, len(tags), *_search_range(len(tags)))
    offset, body = 12 + 16 * len(tags), []
    for tag in tags:
        directory += struct.pack(">4sLLL", tag, checksums[tag], offset, len(tables[tag]))
        body.append(_padded(tables[tag]))
        offset += len(body[-1])
    return directory + b"".join(body)


def woff2(face: bytes, glyf, quality: int = FONTTOOLS_QUALITY) -> bytes:
    """The subset face (plain OpenType, as HarfBuzz wrote it) packed as WOFF2, its 'glyf' table
    the one glyf(index_format) joins from the glyphs' records, as fontTools' WOFF2 writer packs it:
    at its brotli quality, the very bytes its writer makes."""
    import brotli

    flavor, count = face[:4], struct.unpack_from(">H", face, 4)[0]
    tables = {}
    for number in range(count):
        tag, _, offset, length = struct.unpack_from(">4sLLL", face, 12 + 16 * number)
        if tag != b"DSIG":  # a signature the packing would break: fontTools drops it too
            tables[tag] = face[offset:offset + length]
    tables, index_format = _padded_glyf(tables)
    tags = sorted(tables)
    checksums = {tag: _checksum(tables[tag][:8] + b"\0\0\0\0" + tables[tag][12:] if tag == b"head" else tables[tag])
                 for tag in tags}
    offsets, at = {}, 12 + 16 * len(tags)
    for tag in tags:
        offsets[tag], at = at, at + len(_padded(tables[tag]))
    total = at
    packed = {tag: tables[tag] for tag in tags}
    packed[b"glyf"], packed[b"loca"] = glyf(index_format), b""
    directory = struct.pack(">4sHHHH", flavor, len(tags), *_search_range(len(tags))) + b"".join(
        struct.pack(">4sLLL", tag, checksums[tag], offsets[tag], len(tables[tag])) for tag in tags)
    adjustment = (0xB1B0AFBA - sum(checksums.values()) - _checksum(directory)) & 0xFFFFFFFF
    head = packed[b"head"]
    packed[b"head"] = head[:8] + struct.pack(">L", adjustment) + head[12:]
    compressed = brotli.compress(b"".join(packed[tag] for tag in tags), mode=brotli.MODE_FONT, quality=quality)
    entries = b""
    for tag in tags:
        known = KNOWN_TAGS.index(tag) if tag in KNOWN_TAGS else UNKNOWN_TAG
        entries += bytes([known]) + (tag if known == UNKNOWN_TAG else b"") + _base128(len(tables[tag]))
        if tag in (b"glyf", b"loca"):  # transformed: the length of what was packed follows
            entries += _base128(len(packed[tag]))
    size = (48 + len(entries) + len(compressed) + 3) & ~3
    major, minor = struct.unpack_from(">HH", tables[b"head"], 4)  # the face's revision
    header = struct.pack(">4s4sLHHLLHHLLLLL", b"wOF2", flavor, size, len(tags), 0, total, len(compressed),
                         major, minor, 0, 0, 0, 0, 0)
    return _padded(header + entries + compressed)


def _padded_glyf(tables: dict[bytes, bytes]) -> tuple[dict[bytes, bytes], int]:
    """glyf with each glyph padded to 4 bytes, loca to match (short where it can be), and head with
    that loca format and the flag of a font transformed losslessly, as fontTools' writer makes them."""
    head, loca, glyf = tables[b"head"], tables[b"loca"], tables[b"glyf"]
    short = struct.unpack_from(">h", head, 50)[0] == 0
    count = len(loca) // (2 if short else 4)
    places = [place * 2 for place in struct.unpack(f">{count}H", loca)] if short else list(struct.unpack(f">{count}L", loca))
    glyphs = [_padded(glyf[start:end]) for start, end in zip(places, places[1:])]
    places = [0]
    for glyph in glyphs:
        places.append(places[-1] + len(glyph))
    index_format = 0 if places[-1] < 0x20000 else 1  # every place is even: padded to 4
    loca = struct.pack(f">{len(places)}H", *(place // 2 for place in places)) if index_format == 0 else \
        struct.pack(f">{len(places)}L", *places)
    flags = struct.unpack_from(">H", head, 16)[0] | 1 << 11
    head = head[:16] + struct.pack(">H", flags) + head[18:50] + struct.pack(">h", index_format) + head[52:]
    return {**tables, b"head": head, b"loca": loca, b"glyf": b"".join(glyphs) or b"\0"}, index_format


def _padded(data: bytes) -> bytes:
    return data + b"\0" * (-len(data) % 4)


def _checksum(data: bytes) -> int:
    data = _padded(data)
    return sum(struct.unpack(f">{len(data) // 4}L", data)) & 0xFFFFFFFF


def _search_range(count: int) -> tuple[int, int, int]:
    """The sfnt directory's binary search fields for count tables."""
    exponent = max(count.bit_length() - 1, 0)
    return 16 << exponent, exponent, max(0, count * 16 - (16 << exponent))


def _base128(number: int) -> bytes:
    """WOFF2's UIntBase128: seven bits a byte, the high bit set on all but the last."""
    out = [number & 0x7F]
    number >>= 7
    while number:
        out.append(0x80 | (number & 0x7F))
        number >>= 7
    return bytes(reversed(out))
