"""The PowerPoint file as an organiser gets it, read back with python-pptx: the presenting edition,
a slide per deck slide in order, 16:9, each showing what the deck projects (one symptom where the
deck shows one, no takeaway badges), nothing on a slide's face under 18 pt, diagrams at least half
the slide wide or 60% of it high, titles in title placeholders, the speaker's notes and then the
reader's detail in the notes pane, real bullets and tables, links that jump to slides or open the
web, the talk's font and colours in the theme and the font as TrueType in dist/fonts/. A slide the
model cannot map goes in as a picture, its title still text, and the build says which. How
LibreOffice renders it: tests/test_pptx_rendered.py."""
from __future__ import annotations

import html
import re
import shutil
import textwrap
import zipfile
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from conftest import ROOT, modules_loaded_by_a_build, run_build
from deck.pptx.ranked import FIRST_STATE
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


def deck_pages(presentation, deck) -> list:
    """The PowerPoint slide of each deck slide, in order: a list too long for its slide at 18 pt
    goes on to one more, titled '<title> (continued)', and a list that re-ranks on a click is two
    (the slide as it opens, then as it ends): those extra slides are skipped here."""
    pages = [made for made in presentation.slides
             if not made.shapes.title.text_frame.text.endswith(f" ({deck.labels('continued')})")
             and made.name != FIRST_STATE]
    assert len(pages) == len(deck.slides)
    return pages


def face(made) -> str:
    """Every word on a slide's face (the title aside), shapes and tables alike."""
    texts = [shape.text_frame.text for shape in made.shapes if shape.has_text_frame and not shape.is_placeholder]
    texts += [cell.text for shape in made.shapes if shape.has_table for row in shape.table.rows for cell in row.cells]
    return words(" ".join(texts))


def test_a_16_by_9_slide_per_deck_slide_titles_in_placeholders(presentation, deck):
    assert (presentation.slide_width, presentation.slide_height) == (12192000, 6858000)
    for made, slide in zip(deck_pages(presentation, deck), deck.slides):
        assert made.shapes.title is not None, slide.anchor
        # An anti-pattern said at work is titled with its name, as on the deck (its claim is in the notes).
        assert made.shapes.title.text_frame.text == (slide.subject.name if slide.quoted else slide.title)


def test_every_slide_has_its_cue_card_and_whole_script_then_what_readers_get(presentation, deck):
    every = list(presentation.slides)
    for made, slide in zip(deck_pages(presentation, deck), deck.slides):
        assert made.has_notes_slide, slide.anchor
        before = every[every.index(made) - 1]  # a slide made two: its script runs on over both, cut at the click
        notes = words((before.notes_slide.notes_text_frame.text if before.name == FIRST_STATE else "") + " "
                      + made.notes_slide.notes_text_frame.text)
        # The speaker presents from this file: the key phrase first, as the speaker view shows it,
        # then the whole script (the beats keep their bullets), the words the audience reads in it.
        if slide.key:
            assert notes.startswith(words(deck.labels("key_phrase", phrase=slide.key))), slide.anchor
        script = words(html.unescape(re.sub(r"<[^>]+>", " ", slide.notes_html)))
        assert script.replace(" .", ".").replace(" ,", ",") in notes.replace("• ", ""), slide.anchor
        if slide.kind == "anti-pattern":  # every symptom and cost, where the slide projects one of each
            assert deck.labels("notes_detail") in notes
            assert all(words(item) in notes for item in slide.subject.symptoms + slide.subject.consequences)


def test_each_slide_shows_what_the_deck_projects_and_no_badges(presentation, deck):
    """The same one-symptom choice as the projected deck; the takeaway a slide delivers and the
    recap's slide numbers are for readers: in the notes, not on the face."""
    pages = deck_pages(presentation, deck)
    entries = [(made, slide) for made, slide in zip(pages, deck.slides) if slide.kind == "anti-pattern"]
    roots = [(made, slide) for made, slide in zip(pages, deck.slides) if slide.kind == "root"]
    assert entries or roots
    for made, slide in roots:  # each anti-pattern of the root: its first symptom and cost, no more
        shown = face(made)
        for place, anti in enumerate(slide.grows):
            assert [words(item) in shown for item in anti.symptoms] == [True] + [False] * (len(anti.symptoms) - 1)
            # (a root's published figure stands in its first column's cost row: that cost, measured)
            cost = slide.datum if slide.datum and not place else anti.consequences[0]
            assert words(cost) in shown and words(anti.summary) not in shown
    for made, slide in entries:
        shown, anti = face(made), slide.subject
        for part, items in (("symptom", anti.symptoms), ("cost", anti.consequences)):
            every = part + "s" in slide.show
            for index, item in enumerate(items):
                assert (words(item) in shown) == (every or (index == 0 and part in slide.show)), (slide.anchor, item)
        assert words(anti.summary) in shown if "summary" in slide.show else words(anti.summary) not in shown
    delivering = [(made, slide) for made, slide in zip(pages, deck.slides) if slide.delivers]
    assert delivering
    takeaways = deck.talk.takeaways
    for made, slide in delivering:
        badge = deck.labels("takeaway_badge", n=takeaways.index(slide.delivers) + 1, total=len(takeaways),
                            short=slide.delivers.short)
        assert badge not in face(made) and all(shape.name != "Takeaway" for shape in made.shapes), slide.anchor
        assert badge in words(made.notes_slide.notes_text_frame.text), slide.anchor
    recap = pages[[s.anchor for s in deck.slides].index("recap")]
    assert not re.search(r"\bslides? \d", face(recap), re.I)
    assert re.search(r"slides? \d", recap.notes_slide.notes_text_frame.text)


def test_a_tool_says_its_own_family_as_the_deck_does(presentation, deck):
    """A Wardley map is a strategy tool, not an agile one: its eyebrow says so, here as on the deck."""
    pages = deck_pages(presentation, deck)
    tools = [(made, slide) for made, slide in zip(pages, deck.slides) if slide.kind == "tool"]
    assert any(slide.subject.family for _, slide in tools)
    for made, slide in tools:
        eyebrow = (slide.subject.family or deck.labels("kind_tool")).upper()
        other = "" if not slide.subject.family else deck.labels("kind_tool").upper()
        assert eyebrow in face(made).upper(), slide.anchor
        assert not other or other not in face(made).upper(), slide.anchor


def face_runs(made):
    """(text, size in pt) of every run on a slide's face: text boxes, titles and tables."""
    for shape in made.shapes:
        if shape.top < 0:  # a title kept as text above a slide that is a picture: off the face
            continue
        frames = [shape.text_frame] if shape.has_text_frame else \
            [cell.text_frame for row in shape.table.rows for cell in row.cells] if shape.has_table else []
        for frame in frames:
            for paragraph in frame.paragraphs:
                for run in paragraph.runs:
                    if run.text.strip():
                        yield run.text, run.font.size.pt


def test_no_text_on_a_slides_face_is_under_18_pt(presentation):
    sizes = [(number, text, size) for number, made in enumerate(presentation.slides, start=1)
             for text, size in face_runs(made)]
    assert len(sizes) > 150  # every slide's words, not a handful: the check has something to check
    assert [entry for entry in sizes if entry[2] < 18] == []


def test_diagrams_fill_half_the_slides_width_or_60_percent_of_its_height(presentation):
    """Each diagram the deck draws is given the room its slide leaves (the 'you are here' locator
    aside: a corner mark at its deck size, as the projected slide has it); each keeps its alt text."""
    width, height = presentation.slide_width, presentation.slide_height
    diagrams = [(number, shape) for number, made in enumerate(presentation.slides, start=1) for shape in made.shapes
                if shape.shape_type == 13 and shape.name.startswith("Diagram ")]
    assert len(diagrams) > 10
    small = [(number, shape.name, round(shape.width / width, 2), round(shape.height / height, 2))
             for number, shape in diagrams if shape.name != "Diagram locator"
             and shape.width < width / 2 and shape.height < 0.6 * height]
    assert small == []
    for number, shape in diagrams:
        assert shape._element.nvPicPr.cNvPr.get("descr", "").strip(), (number, shape.name)
        assert 0 <= shape.left and shape.left + shape.width <= width and 0 <= shape.top and shape.top + shape.height <= height


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


def test_in_deck_links_jump_to_their_slides(talk_dir, tmp_path):
    """A pattern slide that shows what it is a remedy for: each name jumps to that slide."""
    from deck import pptx

    talk = talk_dir / "talk.yaml"
    talk.write_text(talk.read_text().replace("ref: product-trio\n", "ref: product-trio\n        show: [summary, remedy-for]\n"))
    made = Presentation(str(pptx.write(load_deck(talk), None, tmp_path).path))
    assert in_deck_targets(made, made.slides[2]) == [1]
    assert "Order-giver" in face(made.slides[2])


def test_web_links_stay_links(presentation, deck):
    closing = deck_pages(presentation, deck)[[s.anchor for s in deck.slides].index("closing")]
    pages = [closing] + [made for made in presentation.slides if made not in deck_pages(presentation, deck)
                         and made.name != FIRST_STATE]
    links = [link for made in pages for link in web_links(made)]
    codes = [shape.click_action.hyperlink.address for shape in closing.shapes if shape.shape_type == 13]
    assert codes == [deck.talk.links.slides, deck.talk.links.feedback]  # the QR codes are the links, as on the deck
    # As the deck projects it: the two codes alone, large; the reading list is the handout's.
    from deck.script import credit_line

    assert deck.talk.links.more and len(pages) == 1, pages
    assert not any(link.url in links or credit_line(link) in face(closing) for link in deck.talk.links.more)
    sides = [shape.width for shape in closing.shapes if shape.shape_type == 13]
    assert len(set(sides)) == 1 and sides[0] >= 450 * closing.part.package.presentation_part.presentation.slide_width // 1920


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


def test_lists_are_bullets(presentation, deck, talk_dir, tmp_path):
    from deck import pptx

    pages = deck_pages(presentation, deck)
    markdown = next(slide for slide in deck.slides if slide.kind == "markdown" and "<li>" in slide.body_html)
    assert bullets(pages[deck.slides.index(markdown)])
    talk = talk_dir / "talk.yaml"
    talk.write_text(talk.read_text().replace("ref: order-giver\n", "ref: order-giver\n        show: [symptoms, costs]\n"))
    made = Presentation(str(pptx.write(load_deck(talk), None, tmp_path).path))
    assert bullets(made.slides[1]) == ["Tickets with solutions", "A feature factory"]


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
    with zipfile.ZipFile(pptx_path) as archive:
        theme = archive.read("ppt/theme/theme1.xml").decode()
    assert '<a:latin typeface="Atkinson Hyperlegible" panose="020B0604020202020204"' in theme
    assert "fallback: Arial" in theme
    assert 'val="33373C"' in theme  # the light theme's accent (the chrome: graphite, no side's blue)
    runs = [run for slide in presentation.slides for shape in slide.shapes if shape.has_text_frame
            for paragraph in shape.text_frame.paragraphs for run in paragraph.runs]
    assert {run.font.name for run in runs} <= {"Atkinson Hyperlegible", "Consolas"}
    assert "Arial" in presentation.core_properties.comments


def test_a_slide_shown_on_request_is_hidden_and_the_recap_says_where_the_slides_are(presentation, deck):
    """As in the deck: the closing slide and the backup slides after it do not play in turn
    (hidden, show="0"), and the takeaways' slide carries the address of the slides and the handout,
    written out and as its QR code."""
    pages = deck_pages(presentation, deck)
    hidden = [slide.anchor for made, slide in zip(pages, deck.slides) if made._element.get("show") == "0"]
    assert hidden == [slide.anchor for slide in deck.slides if slide.on_request] == [
        "closing", "context-map", "story-mapping", "shaping-and-appetite",
        "engineering-at-the-strategy-table"]
    recap = pages[[slide.anchor for slide in deck.slides].index("recap")]
    url = deck.talk.links.slides
    codes = [shape for shape in recap.shapes if shape.shape_type == 13]
    assert [code.click_action.hyperlink.address for code in codes] == [url]
    assert codes[0]._element.nvPicPr.cNvPr.get("descr", "") == deck.labels("qr_handout", url=url)
    assert codes[0].width == codes[0].height >= 450 * 6350  # px at 1920x1080, as the deck draws it
    assert deck.labels("handout_link") in face(recap) and url.removeprefix("https://") in face(recap).replace(" ", "")
    rows = [shape for shape in recap.shapes if shape.name.startswith("Row ") and shape.name.endswith(" words")]
    assert len(rows) == 3 and all(row.left + row.width <= codes[0].left for row in rows)  # at the code's left


# The words of a slide the room reads most of, as the deck sets them at 1920x1080: each text's size in
# CSS pixels and how many characters it carries (titles, eyebrows, source lines and readers' words aside).
MOST_READ_JS = """() => { const slide = Reveal.getCurrentSlide(), sizes = {};
  const walker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode, el = text.parentElement;
    if (!text.textContent.trim() || el.closest('aside.notes, .reader-only, h1, h2, .eyebrow, .credit, figure.diagram,'
                                               + ' .slide-number, .take-home')) continue;
    if (!el.checkVisibility()) continue;
    const size = Math.round(parseFloat(getComputedStyle(el).fontSize));
    sizes[size] = (sizes[size] || 0) + text.textContent.trim().length;
  }
  return sizes; }"""


def test_the_words_are_set_at_the_decks_sizes(presentation, deck, browser, built_talk):
    """On each slide, the type the room reads most of is in the PowerPoint file at no less than 80%
    of the deck's size (a CSS pixel is half a point: the deck's 73 px quote is 36.5 pt): a box
    shrinks its words a little where a wider typeface would need it, never to a size of its own."""
    from test_talk_room import every_slide

    context = browser.new_context(viewport={"width": 1920, "height": 1080}, reduced_motion="reduce")
    projected = every_slide(context.new_page(), built_talk, MOST_READ_JS)
    context.close()
    checked = 0
    for made, slide, sizes in zip(deck_pages(presentation, deck), deck.slides, projected):
        shown: dict[float, int] = {}
        for shape in made.shapes:
            if shape.is_placeholder or shape.name in ("Eyebrow", "Credit") or shape.name.startswith("QR "):
                continue
            frames = [shape.text_frame] if shape.has_text_frame else \
                [cell.text_frame for row in shape.table.rows for cell in row.cells] if shape.has_table else []
            for run in (run for frame in frames for paragraph in frame.paragraphs for run in paragraph.runs):
                if run.text.strip() and run.font.size is not None:
                    px = round(run.font.size.pt * 2)
                    shown[px] = shown.get(px, 0) + len(run.text.strip())
        if not sizes or not shown:
            continue  # a slide of diagrams: they are pictures of the deck's own drawing
        deck_px = max(sizes, key=lambda size: sizes[size])
        file_px = max(shown, key=lambda size: shown[size])
        assert file_px >= 0.8 * float(deck_px), (slide.anchor, sizes, shown)
        checked += 1
    assert checked >= 15


def test_pictures_have_alt_text(presentation, deck):
    closing = deck_pages(presentation, deck)[[s.anchor for s in deck.slides].index("closing")]
    pictures = [shape for shape in closing.shapes if shape.shape_type == 13]
    assert len(pictures) == 2
    for picture in pictures:
        assert picture._element.nvPicPr.cNvPr.get("descr", "").startswith("QR code: ")


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


def test_a_slide_without_a_projected_title_keeps_it_off_the_slides_face(talk_dir, tmp_path):
    """A picture or statement slide whose title is unseen in the deck (hide_title): the title stays
    the slide's name in the title placeholder (the outline, a screen reader), above the face, and
    what the slide shows starts at the top as the deck's stage does."""
    from deck import pptx

    (talk_dir / "slides" / "intro.md").write_text(textwrap.dedent("""\
        ---
        title: The whole point
        hide_title: true
        minutes: 1
        notes: A statement.
        ---
        Parsers are functions.
        """))
    deck = load_deck(talk_dir / "talk.yaml")
    made = Presentation(str(pptx.write(deck, None, tmp_path).path)).slides[3]
    title = made.shapes.title
    assert title.text_frame.text == "The whole point" and title.top + title.height <= 0
    words, = [shape for shape in made.shapes if shape.has_text_frame and not shape.is_placeholder]
    assert words.text_frame.text == "Parsers are functions." and words.top >= 0


@pytest.mark.parametrize("side", ["left", "right"])
def test_a_half_picture_fills_its_half_and_the_words_take_the_other(talk_dir, tmp_path, side):
    """`{: .left }` / `{: .right }`: as the deck shows it (tests/test_layouts.py), the picture fills
    its half top to bottom, contained, and the title and the words keep to the other half."""
    from deck import pptx
    from PIL import Image

    (talk_dir / "static").mkdir()
    Image.new("RGB", (756, 1008), (40, 90, 140)).save(talk_dir / "static" / "photo.png")
    (talk_dir / "slides" / "intro.md").write_text(textwrap.dedent(f"""\
        ---
        title: A photo beside the words
        minutes: 1
        notes: Half.
        ---
        ![A yellow disc on blue](../static/photo.png){{: .{side} }}

        - The words take the other half
        """))
    made = pptx.write(load_deck(talk_dir / "talk.yaml"), None, tmp_path)
    assert made.notices == []
    presentation = Presentation(str(made.path))
    half = presentation.slide_width // 2
    page = presentation.slides[3]
    picture, = [shape for shape in page.shapes if shape.shape_type == 13]
    assert picture._element.nvPicPr.cNvPr.get("descr") == "A yellow disc on blue"
    assert picture.height == pytest.approx(presentation.slide_height, abs=2)  # a 3:4 photo: as tall as the slide
    assert picture.left + picture.width / 2 == pytest.approx(half / 2 + (half if side == "right" else 0), abs=2)
    words = [shape for shape in page.shapes if shape.has_text_frame and shape.text_frame.text.strip()]
    assert {shape.text_frame.text for shape in words} == {"A photo beside the words", "The words take the other half"}
    for shape in words:  # the title and the words, all on the other half
        assert (shape.left >= half) if side == "left" else (shape.left + shape.width <= half), shape.text_frame.text
