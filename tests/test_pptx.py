"""The PowerPoint file as an organiser gets it, read back with python-pptx: a slide per deck slide
in order, 16:9, titles in title placeholders, every slide's notes in the notes pane, real bullets
and tables, links that jump to slides or open the web, the talk's font and colours in the theme;
LibreOffice Impress opens it (converted to PDF, headless) with a page per slide. A slide the model
cannot map goes in as a picture, its title still text, and the build says which."""
from __future__ import annotations

import re
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pypdf import PdfReader

from conftest import ROOT, modules_loaded_by_a_build, run_build
from deck.validate import load_deck

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


@pytest.fixture(scope="module")
def pptx_path(built_file) -> Path:
    return built_file(".pptx")


@pytest.fixture(scope="module")
def presentation(pptx_path):
    return Presentation(str(pptx_path))


def words(text: str) -> str:
    return " ".join(text.split())


def test_a_16_by_9_slide_per_deck_slide_titles_in_placeholders(presentation, deck):
    assert (presentation.slide_width, presentation.slide_height) == (12192000, 6858000)
    assert len(presentation.slides) == len(deck.slides)
    for made, slide in zip(presentation.slides, deck.slides):
        assert made.shapes.title is not None, slide.anchor
        assert made.shapes.title.text_frame.text == slide.title


def test_every_slide_has_its_notes(presentation, deck):
    for made, slide in zip(presentation.slides, deck.slides):
        assert made.has_notes_slide, slide.anchor
        assert words(made.notes_slide.notes_text_frame.text) == words(slide.notes), slide.anchor


def in_deck_targets(presentation, made) -> list[int]:
    """The slide numbers (0-based) a slide's text jumps to."""
    order = {slide.part.partname: number for number, slide in enumerate(presentation.slides)}
    targets = []
    for link in made._element.iter(f"{A}hlinkClick"):
        if link.get("action") == "ppaction://hlinksldjump":
            rel = made.part.rels[link.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")]
            assert rel.reltype == RT.SLIDE
            targets.append(order[rel.target_part.partname])
    return targets


def web_links(made) -> list[str]:
    return [run.hyperlink.address for shape in made.shapes if shape.has_text_frame
            for paragraph in shape.text_frame.paragraphs for run in paragraph.runs if run.hyperlink.address]


def test_in_deck_links_jump_to_their_slides_and_web_links_stay_links(presentation, deck):
    number_of = {slide.anchor: number for number, slide in enumerate(deck.slides)}
    first = next(slide for slide in deck.slides if slide.kind == "anti-pattern")
    made = presentation.slides[number_of[first.anchor]]
    remedies = sorted(number_of[deck.anchor_of(ref)] for ref in first.subject.remedies if deck.anchor_of(ref))
    assert remedies and sorted(in_deck_targets(presentation, made)) == remedies
    closing = presentation.slides[number_of["closing"]]
    links = web_links(closing)
    assert deck.talk.links.slides in links and deck.talk.links.feedback in links
    assert all(link.url in links for link in deck.talk.links.more)
    recap = presentation.slides[number_of["recap"]]
    delivering = sorted(number_of[slide.anchor] for slide in deck.slides if slide.delivers and slide.kind != "recap")
    assert sorted(set(in_deck_targets(presentation, recap))) == sorted(set(delivering))


def bullets(made) -> list[str]:
    """The text of every paragraph PowerPoint draws with a bullet or a number."""
    found = []
    for shape in made.shapes:
        if not shape.has_text_frame:
            continue
        for paragraph in shape.text_frame.paragraphs:
            properties = paragraph._p.pPr
            if properties is not None and (properties.find(f"{A}buChar") is not None
                                           or properties.find(f"{A}buAutoNum") is not None):
                found.append(paragraph.text)
    return found


def test_lists_are_bullets_and_the_matrix_is_a_table(presentation, deck):
    number_of = {slide.anchor: number for number, slide in enumerate(deck.slides)}
    first = next(slide for slide in deck.slides if slide.kind == "anti-pattern")
    shown = bullets(presentation.slides[number_of[first.anchor]])
    assert shown == first.subject.symptoms + first.subject.consequences
    markdown = next(slide for slide in deck.slides if slide.kind == "markdown" and "<li>" in slide.body_html)
    assert bullets(presentation.slides[number_of[markdown.anchor]])


def test_a_markdown_table_and_the_matrix_are_tables(talk_dir, tmp_path):
    from deck import pptx

    (talk_dir / "slides" / "intro.md").write_text(textwrap.dedent("""\
        ---
        title: Intro
        minutes: 1
        notes: A few words.
        ---
        | Who | Leads |
        |---|---|
        | Product | the why |
        | Engineering | the how |
        """))
    talk = talk_dir / "talk.yaml"
    talk.write_text(re.sub(r"( *)- file: slides/intro.md",
                           r"\1- kind: matrix\n\1  minutes: 1\n\1  notes: All of it.\n\1- file: slides/intro.md",
                           talk.read_text()))
    deck = load_deck(talk)
    made = Presentation(str(pptx.write(deck, None, tmp_path).path))
    tables = [[shape.table for shape in slide.shapes if shape.has_table] for slide in made.slides]
    matrix, table = tables[3], tables[4]
    assert len(matrix) == 1 and len(matrix[0].rows) == len(deck.talk.contexts) + 1
    assert [matrix[0].cell(0, c).text for c in range(5)] == ["Context", "Leads", "Advises", "Co-creates", "Patterns"]
    assert len(table) == 1 and [[table[0].cell(r, c).text for c in range(2)] for r in range(3)] == [
        ["Who", "Leads"], ["Product", "the why"], ["Engineering", "the how"]]


def test_theme_names_the_font_its_fallback_and_the_talks_colours(pptx_path, presentation):
    import zipfile

    with zipfile.ZipFile(pptx_path) as archive:
        theme = archive.read("ppt/theme/theme1.xml").decode()
    assert '<a:latin typeface="Atkinson Hyperlegible" panose="020B0604020202020204"' in theme
    assert "fallback: Arial" in theme
    assert 'val="0B5CAD"' in theme  # the light theme's accent
    runs = [run for slide in presentation.slides for shape in slide.shapes if shape.has_text_frame
            for paragraph in shape.text_frame.paragraphs for run in paragraph.runs]
    assert {run.font.name for run in runs} <= {"Atkinson Hyperlegible", "Consolas"}
    assert "Arial" in presentation.core_properties.comments


def test_pictures_have_alt_text(presentation, deck):
    closing = presentation.slides[[s.anchor for s in deck.slides].index("closing")]
    pictures = [shape for shape in closing.shapes if shape.shape_type == 13]
    assert len(pictures) == 2
    for picture in pictures:
        assert picture._element.nvPicPr.cNvPr.get("descr", "").startswith("QR code: ")


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        pytest.fail("LibreOffice not found: run 'make test' (it installs Debian's libreoffice-impress)")
    return found


def test_libreoffice_opens_it_with_a_page_per_slide(pptx_path, deck, tmp_path):
    result = subprocess.run([soffice(), f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                             "--convert-to", "pdf", "--outdir", str(tmp_path), str(pptx_path)],
                            capture_output=True, text=True, timeout=240)
    converted = tmp_path / (pptx_path.stem + ".pdf")
    assert converted.is_file(), result.stderr
    reader = PdfReader(converted)
    assert len(reader.pages) == len(deck.slides)
    assert deck.slides[1].title.split(":")[0] in " ".join(reader.pages[1].extract_text().split())


DIAGRAM_TEMPLATE = textwrap.dedent("""\
    {% extends "engine/slides/title.html" %}
    {% block content %}{{ super() }}
    <figure class="diagram" data-diagram="trio"><svg role="img" viewBox="0 0 300 100" width="600" height="200">
    <title>The product trio</title><desc>Three overlapping circles: product, design, engineering.</desc>
    <circle cx="100" cy="50" r="45" fill="#0b5cad"/><circle cx="150" cy="50" r="45" fill="#a4281b"/>
    <circle cx="200" cy="50" r="45" fill="#1b1f24"/></svg></figure>
    {% endblock %}
    """)


def test_a_slide_the_model_cannot_map_is_a_picture_with_its_title_as_text(talk_dir):
    """A talk's template adds a diagram to its title slide: the model does not know where it goes,
    so that slide is the slide as projected, with the diagram's text alternative, its title still
    text; the build names it. `build.py pptx` makes the file alone."""
    (talk_dir / "templates" / "slides").mkdir(parents=True)
    (talk_dir / "templates" / "slides" / "title.html").write_text(DIAGRAM_TEMPLATE)
    shutil.copytree(ROOT / "static", talk_dir / "static")
    assert run_build("--talk", str(talk_dir / "talk.yaml")).returncode == 0
    result = run_build("--talk", str(talk_dir / "talk.yaml"), "pptx")
    assert result.returncode == 0, result.stderr
    assert re.search(r"talk\.yaml:\d+:1: warning: slide 1 'A Small Talk': is a picture in the PowerPoint file "
                     r"\(its template shows a diagram the model does not place\)", result.stderr), result.stderr
    assert sorted(p.name for p in (talk_dir / "dist").glob("*.p*")) == ["a-small-talk.pptx"]  # no PDFs
    made = Presentation(str(talk_dir / "dist" / "a-small-talk.pptx"))
    assert len(made.slides) == 4
    trio = made.slides[0]
    assert trio.shapes.title.text == "A Small Talk" and trio.shapes.title.top < 0  # text, off the slide's face
    pictures = [shape for shape in trio.shapes if shape.shape_type == 13]
    assert len(pictures) == 1 and (pictures[0].width, pictures[0].height) == (12192000, 6858000)
    alt = pictures[0]._element.nvPicPr.cNvPr.get("descr")
    assert "A Small Talk" in alt and "The product trio. Three overlapping circles" in alt
    from PIL import Image
    import io

    with Image.open(io.BytesIO(pictures[0].image.blob)) as image:
        assert image.width == 3840 and image.height >= 2156  # the projected slide at twice its CSS pixels
    assert words(trio.notes_slide.notes_text_frame.text) == "Hello and welcome."
    assert [s.shapes.title.text for s in made.slides] == ["A Small Talk", "Order-giver", "Product trio", "Intro"]


def test_diagrams_in_a_markdown_slide_go_in_as_pictures_with_their_alt_text(talk_dir, tmp_path):
    """Where a Markdown slide's body holds a diagram, it is placed among the text as a picture."""
    from deck import pptx
    from PIL import Image
    import io

    deck = load_deck(talk_dir / "talk.yaml")
    slide = deck.slides[3]
    slide.body_html = ('<p>Before</p><figure class="diagram" data-diagram="flow"><svg role="img"><title>Flow</title>'
                       '<desc>Left to right.</desc></svg></figure><ul><li>after</li></ul>')
    png = io.BytesIO()
    Image.new("RGB", (800, 400), "#0b5cad").save(png, format="PNG")
    pictures = pptx.Pictures(diagrams={slide.anchor: [pptx.Diagram("flow", "Flow", "Left to right.", png.getvalue())]})
    made = pptx.write(deck, pictures, tmp_path)
    assert made.notices == []
    page = Presentation(str(made.path)).slides[3]
    shown = [shape for shape in page.shapes if shape.shape_type == 13]
    assert len(shown) == 1 and shown[0]._element.nvPicPr.cNvPr.get("descr") == "Flow. Left to right."
    texts = [shape.text_frame.text for shape in page.shapes if shape.has_text_frame and not shape.is_placeholder]
    assert texts == ["Before", "after"]
    tops = {shape.text_frame.text if shape.has_text_frame else "picture": shape.top for shape in page.shapes
            if not shape.is_placeholder}
    assert tops["Before"] < tops["picture"] < tops["after"]


def test_two_builds_of_the_file_are_byte_identical(talk_dir, tmp_path):
    from deck import pptx

    deck = load_deck(talk_dir / "talk.yaml")
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    first = pptx.write(deck, None, tmp_path / "one").path.read_bytes()
    second = pptx.write(load_deck(talk_dir / "talk.yaml"), None, tmp_path / "two").path.read_bytes()
    assert first == second


def test_python_pptx_is_not_imported_for_a_no_pdf_build(talk_dir):
    assert {"pptx", "lxml"} & modules_loaded_by_a_build(talk_dir / "talk.yaml") == set()
