"""The PowerPoint file on the organiser's template: a template made here (a master with a logo, a
background and other theme fonts), the talk's slides on its layouts, checked in the file and as
LibreOffice renders it."""
from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from conftest import run_build
from test_rules import LONG_SLIDE, talk_with_rules

DRAWINGML = "http://schemas.openxmlformats.org/drawingml/2006/main"
LOGO = (230, 90, 0)  # the organiser's orange
PAPER = "EAF4EA"  # their pale green background
SLIDE = (12192000, 6858000)  # 16:9, 13.33 x 7.5 inches


def make_template(target: Path, size: tuple[int, int] = SLIDE, font: str = "DejaVu Serif") -> Path:
    """An organiser's template: python-pptx's default, at `size`, its master given a logo (an orange
    picture top right), a pale green background, `font` as the theme's fonts, and a sample slide.
    A .potx is the same package with its main part called a template."""
    from lxml import etree
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    from pptx.oxml.shapes.picture import CT_Picture

    prs = Presentation()
    factor = size[0] / prs.slide_width
    prs.slide_width, prs.slide_height = size
    boxes = [(shape, shape.left, shape.top, shape.width, shape.height)
             for owner in (prs.slide_master, *prs.slide_layouts) for shape in owner.placeholders]
    for shape, left, top, width, height in boxes:  # read before any is set: layouts inherit the master's
        shape.left, shape.top, shape.width, shape.height = round(left * factor), top, round(width * factor), height
    master = prs.slide_master
    png = io.BytesIO()
    Image.new("RGB", (200, 100), LOGO).save(png, "PNG")
    _, relation = master.part.get_or_add_image_part(io.BytesIO(png.getvalue()))
    master.shapes._spTree.append(CT_Picture.new_pic(900, "Organiser logo", "The organiser's logo", relation,
                                                    size[0] - 1600000, 150000, 1400000, 700000))
    master.background.fill.solid()
    master.background.fill.fore_color.rgb = RGBColor.from_string(PAPER)
    theme_part = master.part.part_related_by(RT.THEME)
    theme = etree.fromstring(theme_part.blob)
    for kind in ("majorFont", "minorFont"):
        theme.find(f".//{{{DRAWINGML}}}fontScheme/{{{DRAWINGML}}}{kind}/{{{DRAWINGML}}}latin").set("typeface", font)
    theme_part._blob = etree.tostring(theme, xml_declaration=True, encoding="UTF-8", standalone=True)
    prs.slides.add_slide(prs.slide_layouts[0]).shapes.title.text = "Their sample slide"
    out = io.BytesIO()
    prs.save(out)
    data = out.getvalue()
    if target.suffix == ".potx":
        source, renamed = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
        with zipfile.ZipFile(renamed, "w", zipfile.ZIP_DEFLATED) as package:
            for member in source.infolist():
                content = source.read(member.filename)
                if member.filename == "[Content_Types].xml":
                    content = content.replace(b"presentationml.presentation.main+xml", b"presentationml.template.main+xml")
                package.writestr(member, content)
        data = renamed.getvalue()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target


def on_template(folder: Path, suffix: str = ".potx", size=SLIDE, slides: dict | None = None):
    make_template(folder / "organiser" / f"template{suffix}", size)
    talk = talk_with_rules(folder, f"pptx_template: organiser/template{suffix}\n", slides)
    result = run_build("pptx", "--talk", str(talk), pdf=True)
    assert result.returncode == 0, result.stderr
    return folder / "dist" / "a-small-talk.pptx", result


@pytest.mark.parametrize("suffix", [".potx", ".pptx"])
def test_the_slides_take_the_organisers_masters_and_layouts(tmp_path, suffix):
    from pptx import Presentation

    from deck.validate import load_deck

    made, _ = on_template(tmp_path, suffix)
    deck = load_deck(tmp_path / "talk.yaml")
    prs = Presentation(made)
    assert [slide.shapes.title.text for slide in prs.slides] == [slide.title for slide in deck.slides]
    assert (prs.slide_width, prs.slide_height) == SLIDE
    for slide, ours in zip(prs.slides, deck.slides):
        master = slide.slide_layout.slide_master
        assert "Organiser logo" in [shape.name for shape in master.shapes]
        assert slide.notes_slide.notes_text_frame.text.startswith(" ".join(ours.notes.split()))
        # Their type: no run of ours names a font, a size or a colour.
        for shape in slide.shapes:
            if shape.has_text_frame:
                for run in (run for paragraph in shape.text_frame.paragraphs for run in paragraph.runs):
                    assert run.font.name is None and run.font.size is None and run.font.color.type is None
    layouts = [slide.slide_layout.name for slide in prs.slides]
    assert layouts == ["Title Slide", "Title and Content", "Title and Content", "Title and Content"]
    body = [shape for shape in prs.slides[3].placeholders if shape.placeholder_format.idx == 1][0]
    assert [paragraph.text for paragraph in body.text_frame.paragraphs] == ["one point", "another point"]
    # The anti-pattern's remedies picture sits in their body area, right of the words, on the slide.
    slide = prs.slides[1]
    title, words = slide.shapes.title, [s for s in slide.placeholders if s.placeholder_format.idx == 1][0]
    (picture,) = [shape for shape in slide.shapes if shape.shape_type == 13]
    assert picture.left >= words.left + words.width and picture.top >= title.top + title.height
    assert picture.left + picture.width <= SLIDE[0] and picture.top + picture.height <= SLIDE[1]
    assert picture._element.nvPicPr.cNvPr.get("descr")
    assert "Their sample slide" not in [slide.shapes.title.text for slide in prs.slides]


def test_libreoffice_shows_their_logo_background_and_fonts_with_our_words(tmp_path, libreoffice):
    made, _ = on_template(tmp_path)
    (pdf,) = libreoffice([made], tmp_path / "rendered")
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "DejaVuSerif" in fonts and "AtkinsonHyperlegible" not in fonts
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    assert ["A Small Talk" in pages[0], "Order-giver" in pages[1], "Product trio" in pages[2],
            "another point" in pages[3]] == [True] * 4
    subprocess.run(["pdftoppm", "-r", "20", "-png", str(pdf), str(tmp_path / "page")], check=True)
    shots = sorted(tmp_path.glob("page-*.png"))
    assert len(shots) == 4
    paper = tuple(int(PAPER[i:i + 2], 16) for i in (0, 2, 4))
    for shot in shots:
        with Image.open(shot) as image:
            image = image.convert("RGB")
            width, height = image.size
            logo = image.getpixel((round(width * 0.94), round(height * 0.06)))
            corner = image.getpixel((round(width * 0.02), round(height * 0.97)))
        assert all(abs(a - b) < 24 for a, b in zip(logo, LOGO)), (shot.name, logo)
        assert all(abs(a - b) < 12 for a, b in zip(corner, paper)), (shot.name, corner)


def test_a_slide_too_full_for_their_layout_shrinks_and_is_named(tmp_path):
    # One slide with twice the points (a second front matter would open a second slide).
    points = "".join(f"- Point number {n} about partnerships\n" for n in range(11, 21))
    made, result = on_template(tmp_path, slides={"long": LONG_SLIDE + points})
    assert ("slides/long.md:2:1: warning: slide 5 'Long': does not fit the organiser's layout: its text needs more "
            "than their body area at 18 pt, so it is shrunk to fit; shorten it") in result.stderr.splitlines()
    from pptx import Presentation

    body = [shape for shape in Presentation(made).slides[4].placeholders if shape.placeholder_format.idx == 1][0]
    assert body.text_frame._txBody.bodyPr.find(f"{{{DRAWINGML}}}normAutofit") is not None


def test_a_template_not_16_9_is_named_at_the_rule(tmp_path):
    _, result = on_template(tmp_path, size=(9144000, 6858000))
    assert any(line.endswith("warning: event.rules.pptx_template: the template's slides are 1.33:1, not 16:9: the "
                             "talk's pictures are fitted into its body area") for line in result.stderr.splitlines())


def test_a_title_the_deck_does_not_project_stays_the_slides_name_off_its_face(tmp_path):
    from pptx import Presentation

    unseen = ("---\ntitle: The whole point\nhide_title: true\nminutes: 1\nnotes: A statement.\n---\n"
              "Parsers are functions.\n")
    made, _ = on_template(tmp_path, slides={"statement": unseen})
    page = Presentation(made).slides[4]
    assert page.shapes.title.text == "The whole point" and page.shapes.title.top + page.shapes.title.height <= 0
    body = [shape for shape in page.placeholders if shape.placeholder_format.idx == 1][0]
    assert body.text_frame.text == "Parsers are functions." and body.top >= 0
