"""The file's look and its papers: the talk's colours and typeface in the theme (so a slide an
organiser adds matches the deck), the master stretched to 16:9, the core properties (title, author,
keywords, the fallback font named), and every date in the file set from SOURCE_DATE_EPOCH so two
builds of one talk are the same bytes.

python-pptx and lxml are imported inside the functions.
"""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from .layout import EMU, WIDTH

DRAWINGML = "http://schemas.openxmlformats.org/drawingml/2006/main"
FONT = "Atkinson Hyperlegible"
# Where the talk's font is not installed, PowerPoint substitutes by PANOSE class: this is Arial's,
# so the substitute is Arial (a sans-serif of similar width); the theme and the file's comments name it.
FALLBACK = "Arial"
FALLBACK_PANOSE = "020B0604020202020204"
# The theme's colours (static/theme/deck.css) when no browser said otherwise.
DEFAULT_COLOURS = {
    "light": {"ink": "1B1F24", "muted": "454E5B", "paper": "FBFAF7", "accent": "33373C", "accent-ink": "FFFFFF",
              "rule": "C3C8CF", "panel": "EEF1F5", "warn": "A4281B", "section-paper": "2B2F34",
              "section-ink": "FFFFFF", "section-muted": "DCDFE3", "side-accent": "5AA9E6", "side-deep": "F0A830",
              "side-ink": "1B1F24", "plain": "3D4450", "chip": "DFE3E8"},
    "dark": {"ink": "F3F4F6", "muted": "C3C9D2", "paper": "121519", "accent": "C8CCD2", "accent-ink": "0B0D10",
             "rule": "3D4550", "panel": "1E232B", "warn": "FF9C8F", "section-paper": "25292E",
             "section-ink": "FFFFFF", "section-muted": "D0D4D9", "side-accent": "5AA9E6", "side-deep": "F0A830",
             "side-ink": "1B1F24", "plain": "D0D5DC", "chip": "2F3640"},
}


# Code's colours (static/theme/code.css, the one place they are written): read from the stylesheet
# when no browser said otherwise, as the print view reads them when it does.


def code_colours(theme: str) -> dict[str, str]:
    """The code stylesheet's colours for the theme, by name ('code-keyword' -> 'RRGGBB')."""
    from ..files import ENGINE_STATIC
    from .blocks import CODE_COLOURS

    css = (ENGINE_STATIC / "theme" / "code.css").read_text(encoding="utf-8")
    block = re.search(r"\.theme-dark \{(.*?)\}" if theme == "dark" else r":root, \.theme-light \{(.*?)\}", css, re.S)
    written = dict(re.findall(r"--(code-[\w-]+): #([0-9a-fA-F]{6});", block[1]))
    return {name: written[name].upper() for name in CODE_COLOURS}


def widen_layouts(prs) -> None:
    """The default template is 4:3; its master and layouts are stretched to 16:9 once, so a slide
    an organiser adds later fits too."""
    factor = WIDTH * EMU / 9144000
    for owner in (prs.slide_master, *prs.slide_layouts):
        for shape in owner.placeholders:
            if shape.left is not None and shape.width is not None:
                shape.left, shape.width = round(shape.left * factor), round(shape.width * factor)


def set_theme(prs, title: str, colours: dict[str, str]) -> None:
    """The talk's colours and typeface in the theme: what an organiser adds matches the deck."""
    from lxml import etree
    from pptx.dml.color import RGBColor
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    a = DRAWINGML
    master = prs.slide_master
    part = master.part.part_related_by(RT.THEME)
    theme = etree.fromstring(part.blob)
    theme.set("name", f"{title[:60]}")
    c = colours
    scheme = {"dk1": c["ink"], "lt1": c["paper"], "dk2": c["section-paper"], "lt2": c["panel"],
              "accent1": c["accent"], "accent2": c["section-paper"], "accent3": c["muted"],
              "accent4": c["warn"], "accent5": c["rule"], "accent6": c["section-muted"],
              "hlink": c["accent"], "folHlink": c["accent"]}
    clr = theme.find(f".//{{{a}}}clrScheme")
    clr.set("name", "Talk")
    for name, value in scheme.items():
        slot = clr.find(f"{{{a}}}{name}")
        for child in list(slot):
            slot.remove(child)
        etree.SubElement(slot, f"{{{a}}}srgbClr", val=value)
    fonts = theme.find(f".//{{{a}}}fontScheme")
    fonts.set("name", f"{FONT} (fallback: {FALLBACK})")
    for kind in ("majorFont", "minorFont"):
        latin = fonts.find(f"{{{a}}}{kind}/{{{a}}}latin")
        latin.set("typeface", FONT)
        latin.set("panose", FALLBACK_PANOSE)
    part._blob = etree.tostring(theme, xml_declaration=True, encoding="UTF-8", standalone=True)
    background = master.background.fill
    background.solid()
    background.fore_color.rgb = RGBColor.from_string(colours["paper"])


def set_properties(prs, deck) -> None:
    """File > Properties as the talk says it: title, author, summary, keywords, and the typeface."""
    from datetime import datetime, timezone

    from ..export import keywords

    talk = deck.talk
    properties = prs.core_properties
    properties.title = talk.title
    properties.author = talk.speaker.name
    properties.subject = " ".join(talk.summary.split())[:255]
    properties.keywords = ", ".join(keywords(deck))[:255]
    properties.comments = (f"Set in {FONT} (SIL Open Font License); where it is not installed, "
                           f"the theme names {FALLBACK} as the fallback.")
    properties.last_modified_by = "build.py"
    properties.revision = 1
    properties.language = talk.language
    stamp = datetime.fromtimestamp(epoch(), timezone.utc).replace(tzinfo=None)
    properties.created = properties.modified = stamp
    properties.last_printed = stamp


def srgb(value: str):
    """An <a:srgbClr> element: a colour where python-pptx has no property for it (a bullet's)."""
    from lxml import etree

    element = etree.Element(f"{{{DRAWINGML}}}srgbClr")
    element.set("val", value)
    return element


def epoch() -> int:
    from ..files import source_epoch

    return max(source_epoch(), 315_532_800)  # zip dates start in 1980


def reproducible(data: bytes) -> bytes:
    """The same file, every member dated SOURCE_DATE_EPOCH: two builds of one talk, the same bytes."""
    import time

    stamp = time.gmtime(epoch())[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(member.filename))
    return out.getvalue()


def font_files(folder: Path) -> list[Path]:
    """The talk's typeface as TrueType in the deck's fonts folder, beside the web fonts: what
    PowerPoint, Keynote and LibreOffice can install, and what the file embeds (deck/pptx/embed.py).
    Made from the same WOFF2 files, their dates kept, so two builds write the same bytes; their
    zero is the deck's plain one (the face has no feature that switches to it, so PowerPoint could
    not ask for it); kept in the user's cache by the face's bytes (unpacking the WOFF2 glyphs took a
    fifth of the file)."""
    from ..files import cache_key, cached, package_stamp
    from ..write import FONT_FILES, FONTS

    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for name in FONT_FILES:
        target = folder / name.replace("-latin-", "-").replace(".woff2", ".ttf")
        face = (FONTS / name).read_bytes()
        key = cache_key(TRUETYPE_RULES, face, package_stamp("fontTools"))
        target.write_bytes(cached("fonts", f"{key}.ttf", lambda face=face: _truetype(face)))
        made.append(target)
    return made


TRUETYPE_RULES = "truetype, plain zero, tables reordered, dates kept, 2"  # bump when _truetype changes


def _truetype(woff2: bytes) -> bytes:
    import io

    from fontTools.ttLib import TTFont

    from ..fonts import unslash

    font = TTFont(io.BytesIO(woff2), recalcTimestamp=False)
    unslash(font)  # the deck's plain zero: a slashed one reads as a struck-out digit
    font.flavor = None
    out = io.BytesIO()
    font.save(out, reorderTables=True)
    return out.getvalue()
