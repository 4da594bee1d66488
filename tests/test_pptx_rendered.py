"""The PowerPoint file as LibreOffice Impress renders it (converted to PDF, headless, read back
with pdftotext -bbox): in the talk's font (the whole file), in Liberation Sans and in its own
fallback (the densest slide of each kind) every word inside its box and none broken; the dividers
and the recap drawn as the deck draws them."""
from __future__ import annotations

import html
import re
import subprocess
import zipfile
from pathlib import Path

from pptx import Presentation

from conftest import pdf_texts
from test_pptx import deck_pages, face, pptx_path, words  # noqa: F401  (pptx_path: a fixture)


def in_typeface(pptx: Path, copy: Path, typeface: str) -> Path:
    """A copy of the file with every run set in another typeface."""
    copy.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(pptx) as source, zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.endswith(".xml"):
                data = data.replace(b'typeface="Atkinson Hyperlegible"', f'typeface="{typeface}"'.encode())
            target.writestr(item, data)
    return copy


def slide_features(made) -> set[str]:
    """What a slide asks of a typeface's room: a picture, a table, code (Consolas)."""
    features = {"picture"} if any(shape.shape_type == 13 for shape in made.shapes) else set()
    features |= {"table"} if any(shape.has_table for shape in made.shapes) else set()
    runs = [run for shape in made.shapes if shape.has_text_frame for paragraph in shape.text_frame.paragraphs
            for run in paragraph.runs]
    return features | ({"code"} if any(run.font.name == "Consolas" for run in runs) else set())


def face_words(made) -> int:
    return len(" ".join([made.shapes.title.text_frame.text, face(made)]).split())


def only(made, kept: list, copy: Path) -> Path:
    """Save a copy of the presentation with the kept slides alone, each shown (LibreOffice prints
    no hidden slide: the one shown on request would go unread)."""
    listed = made.slides._sldIdLst
    for entry, page in zip(list(listed), list(made.slides)):
        if page not in kept:
            made.part.drop_rel(entry.rId)
            listed.remove(entry)
        else:
            page._element.attrib.pop("show", None)
    copy.parent.mkdir(parents=True, exist_ok=True)
    made.save(str(copy))
    return copy


def representative(pptx: Path, deck, copy: Path) -> Path:
    """A copy of the file with the slides where a wider typeface runs out of room first: the one
    with the most words on its face of each kind of slide (each kind is drawn its own way: title,
    divider, anti-pattern, pattern and tool with their pictures, context, diagram, text, recap,
    closing), the densest 'continued' page, and the densest slide with a picture, a table or code
    where none of those has one."""
    made = Presentation(str(pptx))
    pages = deck_pages(made, deck)
    kind_of = {id(page): slide.kind for page, slide in zip(pages, deck.slides)}
    slides = list(made.slides)
    densest: dict[str, object] = {}
    for page in slides:
        kind = kind_of.get(id(page), "continued")
        if kind not in densest or face_words(page) > face_words(densest[kind]):
            densest[kind] = page
    kept = list(densest.values())
    for feature in set().union(*map(slide_features, slides)):
        if not any(feature in slide_features(page) for page in kept):
            kept.append(max((page for page in slides if feature in slide_features(page)), key=face_words))
    only(made, kept, copy)
    assert set().union(*map(slide_features, Presentation(str(copy)).slides)) == set().union(*map(slide_features, slides))
    return copy


def placed_words(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Each page's words with their boxes in points, as pdftotext -bbox reads them."""
    found = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
    return [[(float(a), float(b), float(c), float(d), html.unescape(word)) for a, b, c, d, word in re.findall(pattern, page)]
            for page in re.findall(r"<page.*?</page>", found, re.S)]


def render_problems(pptx: Path, pdf: Path) -> list[str]:
    """Words outside every text box of their slide, or not whole (broken mid-word); a word may end
    a line after a hyphen, and a list's bullet or number is read with its first word."""
    problems = []
    made = Presentation(str(pptx))
    pages = placed_words(pdf)
    assert len(pages) == len(made.slides)
    for number, (slide, page) in enumerate(zip(made.slides, pages), start=1):
        boxes, pieces = [], set()
        for shape in slide.shapes:
            if shape.has_text_frame or shape.has_table:
                boxes.append([value / 12700 for value in (shape.left, shape.top, shape.left + shape.width,
                                                          shape.top + shape.height)])
                texts = [shape.text_frame.text] if shape.has_text_frame else \
                    [cell.text for row in shape.table.rows for cell in row.cells]
                pieces.update(piece for text in texts for token in text.split() for piece in re.split(r"(?<=-)", token))
        for left, top, right, bottom, word in page:
            if not any(left >= x0 - 1.5 and top >= y0 - 1.5 and right <= x1 + 1.5 and bottom <= y1 + 1.5
                       for x0, y0, x1, y1 in boxes):
                problems.append(f"slide {number}: '{word}' is outside its box")
            if not (0 <= left and right <= 960 and 0 <= top and bottom <= 540):
                problems.append(f"slide {number}: '{word}' is off the slide")
            word = re.sub(r"^(\d+\.(?!\d)|•)", "", word)  # a list's number, not a decimal's ("14.0")
            if word and not all(piece in pieces for piece in re.split(r"(?<=-)", word) if piece):
                problems.append(f"slide {number}: '{word}' is not a whole word")
    return problems


def test_libreoffice_renders_every_word_inside_its_box_in_any_typeface(pptx_path, built_talk, deck, tmp_path,
                                                                      libreoffice):
    """The organiser's LibreOffice, three ways: with the talk's font installed from the deck's fonts
    folder (TrueType, written beside the web fonts), the whole file; with Liberation Sans (Arial's
    metrics, what PowerPoint substitutes) and with neither (LibreOffice's own fallback, DejaVu Sans
    here), the slides where a wider typeface runs out of room first (representative()). Each time
    a page per slide, every word inside its text box and on the slide, no word broken."""
    from fontTools.ttLib import TTFont

    fonts = sorted(path.name for path in (built_talk / "fonts").glob("*.ttf"))
    assert fonts == [f"atkinson-hyperlegible-{w}-{s}.ttf" for w in (400, 700) for s in ("italic", "normal")]
    assert TTFont(str(built_talk / "fonts" / fonts[1]))["name"].getDebugName(1) == "Atkinson Hyperlegible"
    every = Presentation(str(pptx_path))
    shown = only(every, list(every.slides), tmp_path / "shown" / "every-slide.pptx")
    (whole,) = libreoffice([shown], tmp_path / "talks-font", built_talk / "fonts")
    sample = representative(pptx_path, deck, tmp_path / "sample" / "fallback.pptx")
    liberation = in_typeface(sample, tmp_path / "sample" / "liberation-sans.pptx", "Liberation Sans")
    fallback_pdf, liberation_pdf = libreoffice([sample, liberation], tmp_path / "without-the-talks-font")
    for name, pptx, pdf in (("talk's font", shown, whole), ("Liberation Sans", liberation, liberation_pdf),
                            ("fallback", sample, fallback_pdf)):
        used = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        if name == "talk's font":
            assert "AtkinsonHyperlegible-Bold" in used and "AtkinsonHyperlegible-Regular" in used
        else:
            assert "Atkinson" not in used and (name != "Liberation Sans" or "LiberationSans-Bold" in used)
        assert render_problems(pptx, pdf) == [], name
    assert deck.slides[1].title.split(":")[0] in " ".join(pdf_texts(whole)[1].split())




def test_dividers_and_the_recap_are_drawn_as_the_deck_draws_them(pptx_path, built_talk, deck, tmp_path, libreoffice):
    """A divider is its part, its title and its question (where it asks one) in one block centred top
    to bottom, as on the projector; the recap is a row per takeaway at the left of the handout's code,
    each whole, as tall as the tallest one's words, the group mid-way under the title. Read from the file (python-pptx),
    then as LibreOffice renders it (pdftotext -bbox): the words where the shapes say they are, none
    outside its card, "anti-patterns" never broken at its hyphen."""
    made = Presentation(str(pptx_path))
    pages = deck_pages(made, deck)
    px = 1 / 6350  # EMU to the slide's px
    dividers = [(page, slide) for page, slide in zip(pages, deck.slides) if slide.kind == "section"]
    assert len(dividers) == 4 and any(slide.asks for _, slide in dividers)
    for page, slide in dividers:
        shapes = {shape.name: shape for shape in page.shapes if shape.has_text_frame and shape.text_frame.text}
        block = [shape for shape in page.shapes if shape.has_text_frame and shape.text_frame.text]
        top, bottom = min(s.top for s in block) * px, max(s.top + s.height for s in block) * px
        assert abs((top + bottom) / 2 - 540) <= 40, (slide.title, top, bottom)
        assert (shapes["Question"].text_frame.text if slide.asks else "") == (slide.asks or ""), slide.title
    recap_index = [slide.kind for slide in deck.slides].index("recap")
    recap = pages[recap_index]
    named = {shape.name: shape for shape in recap.shapes}
    rows = [named[f"Row {n} words"] for n in (1, 2, 3) if f"Row {n} words" in named]
    assert len(rows) == len(deck.talk.takeaways) == 3
    assert len({row.left for row in rows}) == 1 and len({row.height for row in rows}) == 1, "one column, one height"
    assert all(a.top + a.height < b.top for a, b in zip(rows, rows[1:])), "one under the other, apart"
    # At the left of the handout's code, the group mid-way between the title and the frame's foot.
    code = next(shape for shape in recap.shapes if shape.shape_type == 13)
    assert all(row.left + row.width <= code.left for row in rows)
    title_bottom = (recap.shapes.title.top + recap.shapes.title.height) * px
    above, below = rows[0].top * px - title_bottom, 984 - (rows[-1].top + rows[-1].height) * px
    assert abs(above - below) <= 80, (above, below)
    for number, (row, takeaway) in enumerate(zip(rows, deck.talk.takeaways), start=1):
        assert named[f"Row {number} number"].text_frame.text == str(number)
        assert " ".join(row.text_frame.text.split()).startswith(takeaway.short), row.text_frame.text
    sample = only(made, [page for page, _ in dividers] + [recap], tmp_path / "sample" / "dividers-and-recap.pptx")
    (pdf,) = libreoffice([sample], tmp_path / "rendered", built_talk / "fonts")
    assert render_problems(sample, pdf) == []
    rendered = placed_words(pdf)
    for (page, slide), words_seen in zip(dividers, rendered):
        middle = (min(w[1] for w in words_seen) + max(w[3] for w in words_seen)) / 2
        assert abs(middle - 270) <= 30, (slide.title, middle)  # points: the page is 540 pt tall
    recap_words = [w[4] for w in rendered[-1]]
    assert "anti-patterns" in recap_words and "anti-" not in recap_words, recap_words


def test_the_typeface_travels_inside_the_file_as_powerpoint_embeds_it(pptx_path, built_talk):
    """The venue laptop needs no install: presentation.xml lists the talk's typeface with its four
    faces, each an Embedded OpenType part whose header names the face and wraps the same TrueType
    bytes shipped in dist/fonts/, installable (fsType 0), the right weight and slope in each slot."""
    import io
    import struct

    from fontTools.ttLib import TTFont

    with zipfile.ZipFile(pptx_path) as archive:
        presentation = archive.read("ppt/presentation.xml").decode()
        relations = dict(re.findall(r'Id="(rId\d+)"[^>]*Target="(fonts/[^"]+)"',
                                    archive.read("ppt/_rels/presentation.xml.rels").decode()))
        listed = re.search(r'<p:embeddedFontLst><p:embeddedFont><p:font typeface="([^"]+)"/>(.*?)</p:embeddedFont>',
                           presentation)
        assert listed and listed.group(1) == "Atkinson Hyperlegible" and 'embedTrueTypeFonts="1"' in presentation
        slots = dict(re.findall(r'<p:(\w+) r:id="(rId\d+)"/>', listed.group(2)))
        assert set(slots) == {"regular", "bold", "italic", "boldItalic"}
        shipped = {path.read_bytes() for path in (built_talk / "fonts").glob("*.ttf")}
        for slot, rid in slots.items():
            data = archive.read("ppt/" + relations[rid])
            size, font_size, version, flags = struct.unpack("<LLLL", data[:16])
            assert (size, version, flags, struct.unpack("<H", data[34:36])[0]) == (len(data), 0x00020001, 0, 0x504C)
            family_size = struct.unpack("<H", data[82:84])[0]
            assert data[84:84 + family_size].decode("utf-16-le") == "Atkinson Hyperlegible"
            truetype = data[-font_size:]
            assert truetype in shipped
            face = TTFont(io.BytesIO(truetype))
            assert face["OS/2"].fsType == 0
            assert (face["OS/2"].usWeightClass == 700) == ("bold" in slot.lower()), slot
            assert bool(face["OS/2"].fsSelection & 1) == ("italic" in slot.lower()), slot


def test_the_width_table_is_the_fonts_own():
    """deck/pptx/advances.json, which sizes every text box, holds the talk's typeface's real advances."""
    from PIL import ImageFont

    from deck.pptx.layout import _advances
    from deck.write import FONTS

    for bold, weight in ((False, 400), (True, 700)):
        font = ImageFont.truetype(str(FONTS / f"atkinson-hyperlegible-latin-{weight}-normal.woff2"), 1000,
                                  layout_engine=ImageFont.Layout.BASIC)
        table = _advances()[bold]["Atkinson Hyperlegible"]
        for char in "aemW ,éß’—":
            assert table[char] == round(font.getlength(char)), char
