"""Fonts for the single file: each face subset to the characters the page shows, kept between builds.

The single file carries its fonts inside it, so every glyph it will never draw is weight a
reviewer downloads. Atkinson Hyperlegible is under the SIL Open Font License, which allows
subsetting. The subset keeps the layout features (kerning, ligatures) and drops the hinting
instructions: the screens the file is opened on render outlines without them.

Emoji are drawn by Noto Color Emoji (SIL OFL too), the face the text and code fall back to: only a
talk that shows some ships it (emoji_shown), so a talk without them builds as it did before.

HarfBuzz's subsetter (uharfbuzz) cuts a face in a millisecond, where fontTools' took a first
build most of a second; it reads OpenType, not WOFF2, so it is handed the zlib-packed .woff of the
same face that @fontsource ships beside each .woff2, unpacked by fontTools. fontTools then packs
the subset as WOFF2 (brotli, the glyphs transformed), a third smaller than WOFF would be. A face
with no .woff beside it, or one HarfBuzz cannot read, is subset by fontTools alone. Each subset is
still kept on disk under a name made from the face's bytes and the characters: the next build of
the same talk reads it back.

Most talks show nothing but printable ASCII and the marks the engine itself writes (the templates'
middle dot, the curly quotes, dashes and ellipsis of its typography). For those characters the
engine ships each face's subset already made (deck/subsets/, by the face's bytes and that character
set; `python -m deck.fonts` makes them anew): a talk within them, on a first build with nothing
kept, runs no font tool at all. Every character it shows still has its glyph; any other character
is subset as above.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .files import CODE_FONT, EMOJI_FONT, FONT_FILES, FONTS, PACKAGE, TEXT_FONT, cache_key, cached, package_stamp

# Bump when the options below change: a subset kept by an older engine is not reused.
SUBSET_RULES = "woff2, unhinted, default layout features, text faces at brotli 10, 4"
CMAP_RULES = "cmap 2"  # bump when _code_points changes
GLYPH_RULES = "glyf records 1"  # bump when deck/glyphs.py's records change
CHARACTER_RULES = "text, attribute values, JSON scripts, 1"  # bump when _characters changes


# The characters every shipped subset draws: printable ASCII, the no-break space, and the marks the
# engine writes (the templates' middle dot; the curly quotes, dashes and ellipsis of typographic()
# and Markdown's smarty extension; the division sign of a ranked list's reading), and the few signs
# a talk's figures use most (times, euro, pound): a talk within them needs no subset made.
SHIPPED_CHARACTERS = ("".join(map(chr, range(0x20, 0x7F)))
                      + "\u00a0\u00b7\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u00f7\u00d7\u20ac\u00a3")
_SHIPPED_SET = frozenset(SHIPPED_CHARACTERS + "\t\n\r")  # and line breaks and tabs: never emoji
SHIPPED = PACKAGE / "subsets"
# The engine's faces that are subset: the text's four and code's.
SHIPPED_FACES = (*(FONTS / name for name in FONT_FILES), CODE_FONT)
# Brotli's quality for a subset packed from the shipped glyphs. The text's four faces pack as
# tightly at 10 as at fontTools' 11 (within ~60 bytes a face either way, over the character sets
# measured) in two thirds of the time (~35 ms of CPU against ~54 ms for the four); the code face
# is 300-850 bytes larger at 10, so it keeps 11.
PACKED_AT_10 = frozenset(FONTS / name for name in FONT_FILES)


def shipped_only(text: str) -> bool:
    """Whether text is within SHIPPED_CHARACTERS, which the text and code faces both draw (tests/test_fonts.py):
    such a text needs no face's characters read, nor any subset made."""
    return _SHIPPED_SET.issuperset(text)


def characters_shown(page: str) -> str:
    """Every character the page can show: its text and attribute values, entities decoded, and the
    words its JSON scripts hand the deck's scripts (labels). Sorted, so equal pages key equally.
    Kept by the page's text: finding them costs a rebuild more than reading them back."""
    found = cached("characters", cache_key(CHARACTER_RULES, page),
                   lambda: _characters(page).encode("utf-8", "surrogatepass"))
    return found.decode("utf-8", "surrogatepass")


def _characters(page: str) -> str:
    import html
    import re

    page = re.sub(r"<style\b.*?</style>|<script\b(?![^>]*application/json)[^>]*>.*?</script>", " ", page,
                  flags=re.S | re.I)
    text = re.sub(r"<[^>]*>", " ", page) + " ".join(re.findall(r'\s[\w:-]+="([^"]*)"', page))
    return "".join(sorted(set(html.unescape(text)) - {"\n", "\r", "\t"}))


def subset(font: Path, characters: str) -> bytes:
    """The face at font (a .woff2) with only the glyphs for characters, as .woff2: the same bytes
    for the same face and characters, read from the cache when an earlier build made it."""
    data = font.read_bytes()
    if shipped_only(characters):
        made = shipped(font, data)
        if made.is_file():  # no font tool: the engine made this subset before it shipped
            return made.read_bytes()
    packed = font.with_suffix(".woff")
    key = cache_key(SUBSET_RULES, data, characters, package_stamp("fontTools"), package_stamp("uharfbuzz"))
    return cached("fonts", f"{key}.woff2", lambda: _whole_if_unreadable(data, packed, characters, _glyphs(font, data)))


def _glyphs(font: Path, data: bytes) -> bytes | None:
    """The face's glyphs transformed once, as the engine ships them (deck/glyphs.py); None for a
    face it does not ship them for (another version of it): fontTools transforms its subset."""
    kept = shipped(font, data, "glyphs")
    return kept.read_bytes() if kept.is_file() else None


def shipped(font: Path, data: bytes, kind: str = "woff2") -> Path:
    """Where the engine ships the face's subset to SHIPPED_CHARACTERS (kind 'woff2'), the code
    points the whole face draws ('txt') or its glyphs transformed for WOFF2 ('glyphs'): named by the
    face and a digest of its bytes, the rules and the characters, so another version of the face
    finds none (and is read or subset as before)."""
    import hashlib

    rules = {"woff2": SUBSET_RULES, "txt": CMAP_RULES, "glyphs": GLYPH_RULES}[kind]
    digest = hashlib.sha256(b"\0".join([kind.encode(), rules.encode(), data, SHIPPED_CHARACTERS.encode()]))
    return SHIPPED / f"{font.stem}.{digest.hexdigest()[:20]}.{kind}"


def ship() -> list[Path]:
    """deck/subsets/ made anew from the faces installed now: each face cut to SHIPPED_CHARACTERS,
    the code points it draws, and its glyphs transformed for WOFF2."""
    from .glyphs import records

    for old in SHIPPED.glob("*.*"):
        old.unlink()
    SHIPPED.mkdir(exist_ok=True)
    made = []
    for font in SHIPPED_FACES:
        data = font.read_bytes()
        made += [shipped(font, data, "glyphs"), shipped(font, data, "txt"), shipped(font, data)]
        made[-3].write_bytes(records(_opentype(font.with_suffix(".woff").read_bytes())))
        made[-2].write_bytes(_code_points(font))
        made[-1].write_bytes(_by_harfbuzz(font.with_suffix(".woff"), SHIPPED_CHARACTERS, made[-3].read_bytes())
                             or _subset(data, SHIPPED_CHARACTERS))  # cut as a first build cuts a face
    return made


def _whole_if_unreadable(data: bytes, packed: Path, characters: str, glyphs: bytes | None = None) -> bytes:
    try:
        return _by_harfbuzz(packed, characters, glyphs) or _subset(data, characters)
    except Exception:  # a face fontTools cannot read (a newer format) goes in whole, as before subsetting
        return data


def _by_harfbuzz(packed: Path, characters: str, glyphs: bytes | None = None) -> bytes | None:
    """The subset made by HarfBuzz from the face's .woff, as .woff2; None where there is no .woff,
    no uharfbuzz, or HarfBuzz finds no glyphs in it. glyphs: the face's glyphs transformed once
    (deck/glyphs.py), joined for the subset and packed without fontTools: the same bytes."""
    try:
        import uharfbuzz
    except ImportError:  # an engine installed before uharfbuzz was one of its packages
        return None
    if not packed.is_file():
        return None
    from . import glyphs as shipped_glyphs

    unpacked = shipped_glyphs.opentype(packed.read_bytes()) if glyphs is not None else _opentype(packed.read_bytes())
    face = uharfbuzz.Face(uharfbuzz.Blob(unpacked))
    if not face.glyph_count:
        return None
    wanted = uharfbuzz.SubsetInput()
    wanted.unicode_set.update(ord(character) for character in characters)
    wanted.flags = uharfbuzz.SubsetFlags.NO_HINTING
    if glyphs is None:
        return _woff2(uharfbuzz.subset(face, wanted).blob.data)
    plan = uharfbuzz.SubsetPlan(face, wanted)
    new_to_old = dict(plan.new_to_old_glyph_mapping)
    quality = 10 if packed.with_suffix(".woff2") in PACKED_AT_10 else shipped_glyphs.FONTTOOLS_QUALITY
    return shipped_glyphs.woff2(plan.execute().blob.data,
                                lambda index_format: shipped_glyphs.transformed_glyf(glyphs, new_to_old, index_format),
                                quality)


def _opentype(woff: bytes) -> bytes:
    """A .woff's tables unpacked into the plain OpenType file they came from."""
    from fontTools.ttLib.sfnt import SFNTWriter

    return _repacked(woff, SFNTWriter)


def _woff2(opentype: bytes) -> bytes:
    """The face packed as WOFF2 (brotli, glyf and loca transformed). Its tables are handed to
    fontTools' WOFF2 writer as they are: TTFont.save would import every table's class to learn
    what it depends on (the name table's pulls in all of OpenType layout, ~50 ms)."""
    from fontTools.ttLib.woff2 import WOFF2Writer

    return _repacked(opentype, WOFF2Writer)


def _repacked(face: bytes, writer_kind, only: set[str] | None = None) -> bytes:
    """The face's tables (or only those named) written again by writer_kind; a table left out is never unpacked."""
    import io

    from fontTools.ttLib.sfnt import SFNTReader

    reader = SFNTReader(io.BytesIO(face))
    tags = sorted(tag for tag in reader.keys() if only is None or tag in only)
    out = io.BytesIO()
    writer = writer_kind(out, len(tags), reader.sfntVersion)
    for tag in tags:
        writer[tag] = reader[tag]
    writer.close()
    return out.getvalue()


def _subset(data: bytes, characters: str) -> bytes:
    import io

    from fontTools import subset as fonttools_subset
    from fontTools.ttLib import TTFont

    face = TTFont(io.BytesIO(data), recalcTimestamp=False)  # the face's own date: the same bytes every build
    options = fonttools_subset.Options()
    options.flavor = "woff2"
    options.hinting = False
    subsetter = fonttools_subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(character) for character in characters])
    subsetter.subset(face)
    face.flavor = "woff2"
    out = io.BytesIO()
    face.save(out)
    return out.getvalue()


def emoji_shown(text: str) -> str:
    """The characters of text that the text face lacks and the emoji face draws, in order of first
    use: '' for a talk without emoji, found without opening the emoji face. The shipped characters
    are never emoji: the text face draws them, or they are line breaks and tabs, which the emoji face
    lacks (tests/test_fonts.py)."""
    rest = [character for character in dict.fromkeys(text) if character not in _SHIPPED_SET]
    if not rest:
        return ""
    text_face = drawable(TEXT_FONT)
    missing = [character for character in rest if ord(character) not in text_face]
    if not missing:
        return ""
    emoji_face = drawable(EMOJI_FONT)
    return "".join(character for character in missing if ord(character) in emoji_face)


@lru_cache(maxsize=4)
def drawable(font: Path) -> frozenset[int]:
    """The code points a shipped face has glyphs for: the text and code faces' as the engine ships
    them; any other read once (HarfBuzz, else fontTools) and kept in the cache by the file's place,
    size and time: hashing the emoji face's 5.7 MB cost each build more than the rest of finding the
    emoji it shows."""
    if font in SHIPPED_FACES:
        known = shipped(font, font.read_bytes(), "txt")
        if known.is_file():
            return _points(known.read_bytes())
    status = font.stat()
    key = cache_key(CMAP_RULES, str(font.resolve()), str(status.st_size), str(status.st_mtime_ns))
    return _points(cached("fonts", f"{key}.txt", lambda: _code_points(font)))


def _code_points(font: Path) -> bytes:
    import io

    points = _points_by_harfbuzz(font.with_suffix(".woff"))
    if points is None:
        from fontTools.ttLib import TTFont

        points = set(TTFont(io.BytesIO(font.read_bytes()), lazy=True).getBestCmap())
    return " ".join(map(str, sorted(points))).encode("ascii")


def _points_by_harfbuzz(packed: Path) -> set[int] | None:
    """The code points HarfBuzz finds in the cmap of the face's .woff, its cmap and maxp alone
    unpacked: the emoji face is 5.7 MB, which fontTools read whole from the .woff2 (~150 ms, ~7 ms
    so). None where there is no .woff or no uharfbuzz: fontTools reads it."""
    try:
        import uharfbuzz
    except ImportError:
        return None
    if not packed.is_file():
        return None
    from fontTools.ttLib.sfnt import SFNTWriter

    tables = _repacked(packed.read_bytes(), SFNTWriter, only={"cmap", "maxp"})  # maxp: the glyphs' count
    return set(uharfbuzz.Face(uharfbuzz.Blob(tables)).unicodes)


def _points(kept: bytes) -> frozenset[int]:
    return frozenset(int(point) for point in kept.split())


# ---------------------------------------------------------------- a zero without its slash
# Atkinson Hyperlegible draws its zero slashed, and has no plain zero to switch to: on a slide a
# slashed zero reads as a struck-out digit ("2Ø16"). The theme draws the digit from a face of its
# own (static/theme/fonts/, made by `python -m deck.fonts`): each face's zero with its slash taken
# out, one oval counter in place of the two the slash cut, under the family the theme names for
# U+0030 alone.
PLAIN_ZERO = Path(__file__).resolve().parent.parent / "static" / "theme" / "fonts"


def plain_zero(face: bytes) -> bytes:
    """The face's zero alone, its counter one oval (its outline scaled into the slashed counters'
    box, drawn the other way round), as .woff2 named 'Atkinson Plain Zero'."""
    import io

    from fontTools import subset as fonttools_subset
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(face), recalcTimestamp=False)
    unslash(font)
    options = fonttools_subset.Options()
    options.flavor, options.hinting, options.layout_features = "woff2", False, []
    subsetter = fonttools_subset.Subsetter(options)
    subsetter.populate(unicodes=[0x30])
    subsetter.subset(font)
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):
            record.string = "Atkinson Plain Zero"
    font.flavor = "woff2"
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def unslash(font) -> None:
    """The zero of a face (a fontTools TTFont) without its slash: its counter one oval, its outline
    scaled into the slashed counters' box and drawn the other way round. The TrueType faces the
    PowerPoint file's readers install (deck/pptx/theme.py) get the same zero as the deck."""
    glyph = font["glyf"]["zero"]
    points, ends, flags = glyph.getCoordinates(font["glyf"])
    starts = [0] + [end + 1 for end in ends[:-1]]
    contours = [(list(points[start:end + 1]), list(flags[start:end + 1])) for start, end in zip(starts, ends)]
    outer = max(contours, key=lambda contour: _area(contour[0]))
    inner = [point for contour in contours if contour is not outer for point in contour[0]]
    (ox0, oy0, ox1, oy1), (ix0, iy0, ix1, iy1) = _bounds(outer[0]), _bounds(inner)
    counter = [(round(ix0 + (x - ox0) * (ix1 - ix0) / (ox1 - ox0)), round(iy0 + (y - oy0) * (iy1 - iy0) / (oy1 - oy0)))
               for x, y in reversed(outer[0])]
    from fontTools.pens.ttGlyphPen import TTGlyphPointPen

    pen = TTGlyphPointPen(None)
    for contour, contour_flags in ((outer[0], outer[1]), (counter, list(reversed(outer[1])))):
        pen.beginPath()
        for (x, y), flag in zip(contour, contour_flags):
            pen.addPoint((x, y), segmentType="qcurve" if flag & 1 else None)
        pen.endPath()
    font["glyf"]["zero"] = pen.glyph()


def _area(points) -> float:
    (x0, y0, x1, y1) = _bounds(points)
    return (x1 - x0) * (y1 - y0)


def _bounds(points) -> tuple[float, float, float, float]:
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return min(xs), min(ys), max(xs), max(ys)


if __name__ == "__main__":  # python -m deck.fonts: the shipped subsets and the theme's plain zeros made again
    from .files import FONT_FILES, FONTS

    for path in ship():
        print(path.relative_to(PACKAGE.parent))
    PLAIN_ZERO.mkdir(parents=True, exist_ok=True)
    for name in FONT_FILES:
        (PLAIN_ZERO / name.replace("atkinson-hyperlegible-latin", "atkinson-plain-zero")).write_bytes(
            plain_zero((FONTS / name).read_bytes()))
