"""The talk's typeface embedded in the PowerPoint file, as PowerPoint embeds one: each face an
Embedded OpenType part (ppt/fonts/*.fntdata), named in presentation.xml's embeddedFontLst. A venue
laptop without the typeface then lays the text out as the deck does, where a substitute face would
move every line break (the faces are also shipped as TrueType in dist/fonts/, to install).

EOT (W3C Member Submission, 2008), version 2.1: a header that repeats what the face's OS/2, head
and name tables say, then the TrueType file itself, neither compressed nor obscured. The faces are
SIL Open Font License with an installable fsType, which embedding requires.
"""
from __future__ import annotations

import io
import re
import struct
import time
import zipfile
from pathlib import Path

from .theme import epoch

FONT_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
# Which face fills which slot of an embedded font: the TrueType files' names (deck/pptx/theme.py).
SLOTS = (("regular", "400-normal"), ("bold", "700-normal"), ("italic", "400-italic"), ("boldItalic", "700-italic"))


def embedded(data: bytes, faces: list[Path], typeface: str) -> bytes:
    """The PowerPoint file `data` with `faces` (TrueType) embedded as `typeface`'s four slots; a
    file whose presentation already lists embedded fonts (an organiser's template) is left as it is."""
    chosen = [(slot, next(face for face in faces if style in face.name)) for slot, style in SLOTS
              if any(style in face.name for face in faces)]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        presentation = source.read("ppt/presentation.xml").decode("utf-8")
        if "<p:embeddedFontLst" in presentation or not chosen:
            return data
        relations = source.read("ppt/_rels/presentation.xml.rels").decode("utf-8")
        taken = {int(number) for number in re.findall(r'Id="rId(\d+)"', relations)}
        ids = [f"rId{number}" for number in range(max(taken, default=0) + 1, max(taken, default=0) + 1 + len(chosen))]
        changed = {
            "[Content_Types].xml": _with_font_type(source.read("[Content_Types].xml").decode("utf-8")),
            "ppt/_rels/presentation.xml.rels": relations.replace("</Relationships>", "".join(
                f'<Relationship Id="{rid}" Type="{FONT_RELATIONSHIP}" Target="fonts/font{n}.fntdata"/>'
                for n, rid in enumerate(ids, start=1)) + "</Relationships>"),
            "ppt/presentation.xml": _with_font_list(presentation, typeface, [(slot, rid) for (slot, _), rid in zip(chosen, ids)]),
        }
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for member in source.infolist():
                target.writestr(member, changed.get(member.filename, source.read(member.filename)))
            stamp = time.gmtime(epoch())[:6]  # dated as reproducible() dates every other part
            for n, (_, face) in enumerate(chosen, start=1):
                target.writestr(zipfile.ZipInfo(f"ppt/fonts/font{n}.fntdata", date_time=stamp),
                                eot(face.read_bytes()), zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _with_font_type(types: str) -> str:
    if 'Extension="fntdata"' in types:
        return types
    return re.sub(r"(<Types[^>]*>)", r'\1<Default Extension="fntdata" ContentType="application/x-fontdata"/>', types, 1)


def _with_font_list(presentation: str, typeface: str, slots: list[tuple[str, str]]) -> str:
    """presentation.xml with embedTrueTypeFonts set and the list where the schema puts it: after
    sldSz, notesSz and smartTags, before everything else."""
    from xml.sax.saxutils import quoteattr

    listed = (f"<p:embeddedFontLst><p:embeddedFont><p:font typeface={quoteattr(typeface)}/>"
              + "".join(f'<p:{slot} r:id="{rid}"/>' for slot, rid in slots) + "</p:embeddedFont></p:embeddedFontLst>")
    presentation = re.sub(r"<p:presentation\b", '<p:presentation embedTrueTypeFonts="1"', presentation, 1)
    after = max((match.end() for name in ("sldSz", "notesSz", "smartTags")
                 for match in re.finditer(rf"<p:{name}\b[^>]*/>|<p:{name}\b.*?</p:{name}>", presentation, re.S)))
    return presentation[:after] + listed + presentation[after:]


def eot(truetype: bytes) -> bytes:
    """The TrueType face wrapped as Embedded OpenType 2.1 (uncompressed, not obscured)."""
    from fontTools.ttLib import TTFont

    face = TTFont(io.BytesIO(truetype), lazy=True)
    os2, names = face["OS/2"], face["name"]
    panose = os2.panose
    header = struct.pack(
        "<LLB?LHH4L2LL4L",
        0x00020001, 0,  # version 2.1; flags: no compression, no XOR
        1, bool(os2.fsSelection & 1), os2.usWeightClass, os2.fsType, 0x504C,  # charset DEFAULT, italic, ..., magic
        os2.ulUnicodeRange1, os2.ulUnicodeRange2, os2.ulUnicodeRange3, os2.ulUnicodeRange4,
        os2.ulCodePageRange1, os2.ulCodePageRange2, face["head"].checkSumAdjustment, 0, 0, 0, 0)
    panose_bytes = bytes([panose.bFamilyType, panose.bSerifStyle, panose.bWeight, panose.bProportion,
                          panose.bContrast, panose.bStrokeVariation, panose.bArmStyle, panose.bLetterForm,
                          panose.bMidline, panose.bXHeight])
    strings = b""
    for name_id in (1, 2, 5, 4):  # family, style, version, full name
        text = (names.getDebugName(name_id) or "").encode("utf-16-le")
        strings += struct.pack("<HH", 0, len(text)) + text
    strings += struct.pack("<HH", 0, 0)  # padding, and an empty root string: no site is named
    # EOTSize, FontDataSize, then version and flags, the PANOSE bytes, and the rest of the fixed part.
    body = header[:8] + panose_bytes + header[8:] + strings
    size = 8 + len(body) + len(truetype)
    return struct.pack("<LL", size, len(truetype)) + body + truetype
