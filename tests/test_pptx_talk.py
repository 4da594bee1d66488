"""The real talk's PowerPoint file shows what the deck shows: an exercise's clock, who leads in a
table in that side's colour (the trio in its own), and, from the typeface it ships, a plain zero."""
from __future__ import annotations

import pytest
from pptx import Presentation


@pytest.fixture(scope="module")
def presentation(built_file):
    return Presentation(str(built_file(".pptx")))


def page_titled(presentation, start: str):
    return next(page for page in presentation.slides
                if page.shapes.title is not None and page.shapes.title.text_frame.text.startswith(start))


def test_an_exercise_shows_its_clock_top_right(presentation, deck):
    exercise = next(slide for slide in deck.slides if slide.room >= 1)
    page = page_titled(presentation, exercise.title)
    clock = [shape for shape in page.shapes if shape.has_text_frame and shape.text_frame.text == "2:00"]
    assert len(clock) == 1, [shape.text_frame.text for shape in page.shapes if shape.has_text_frame]
    title = page.shapes.title
    assert clock[0].left > title.left + title.width, "the clock sits right of the title, not over it"
    assert clock[0].top < title.top + title.height


def test_who_leads_in_a_table_takes_its_sides_colour_and_the_trio_its_own(presentation, deck):
    from deck.pptx.theme import DEFAULT_COLOURS

    page = page_titled(presentation, "Whoever holds the scarce knowledge")
    table = next(shape.table for shape in page.shapes if shape.has_table)
    fills = {cell.text_frame.text: str(cell.fill.fore_color.rgb) for row in table.rows for cell in row.cells}
    colours = DEFAULT_COLOURS[deck.talk.theme]
    assert fills["Product"] == colours["side-accent"] and fills["Engineering"] == colours["side-deep"], fills
    assert fills["The trio"] == colours["plain"], fills
    assert fills["The market"] not in (colours["side-accent"], colours["side-deep"], colours["plain"]), fills


def test_the_move_goes_in_whole_its_arrows_drawn_and_its_words_in_the_alt_text(presentation):
    """The move's arrows are the theme's, drawn where the table holds a '»': as a PowerPoint table
    they came out as glyphs (LibreOffice's rendering), so the slide goes in as the picture of itself,
    its title and notes text, and what it projects said in the picture's alt text, arrows as arrows."""
    page = page_titled(presentation, "The freelancer app moved")
    assert not [shape for shape in page.shapes if shape.has_table]
    pictures = [shape for shape in page.shapes if shape.shape_type == 13]
    assert len(pictures) == 1
    alt = pictures[0]._element.xpath(".//p:cNvPr/@descr")[0]
    assert "The trio → Product" in alt and "Throwaway probes → Technical health" in alt and "»" not in alt, alt
    assert "Larchmoor: a composite" in alt and page.has_notes_slide and "Wardley" in page.notes_slide.notes_text_frame.text


def test_the_typeface_it_ships_draws_a_plain_zero(built_talk):
    """The deck's zero, one ring and one oval counter: a slashed zero reads as a struck-out digit."""
    from fontTools.ttLib import TTFont

    faces = sorted((built_talk / "fonts").glob("atkinson-hyperlegible-*.ttf"))
    assert len(faces) == 4, faces
    for face in faces:
        font = TTFont(str(face))
        assert font["name"].getDebugName(1) == "Atkinson Hyperlegible", face  # the name the file asks for
        assert font["glyf"]["zero"].numberOfContours == 2, face  # slashed, it has three


def test_a_tables_head_reads_as_the_decks_not_a_navy_band(presentation, deck):
    """The deck heads a table with muted words on the paper: a filled accent row would shout over
    the rows that carry the content."""
    from deck.pptx.theme import DEFAULT_COLOURS

    colours = DEFAULT_COLOURS[deck.talk.theme]
    for title in ("Whoever holds the scarce knowledge",):
        table = next(shape.table for shape in page_titled(presentation, title).shapes if shape.has_table)
        for cell in table.rows[0].cells:
            assert str(cell.fill.fore_color.rgb) == colours["paper"], (title, cell.text_frame.text)
            runs = [run for paragraph in cell.text_frame.paragraphs for run in paragraph.runs if run.text.strip()]
            assert all(str(run.font.color.rgb) == colours["muted"] for run in runs), (title, cell.text_frame.text)


def test_a_list_that_is_the_whole_slide_reaches_down_it_as_on_the_deck(presentation, deck):
    """Three questions alone on a slide are spaced down the stage, as the deck spaces them, not packed
    in a small block in the middle of an empty slide; the grid's slides carry no kicker the deck
    does not show."""
    from pptx.util import Emu

    page = page_titled(presentation, "Monday\u2019s three questions")
    body = [shape for shape in page.shapes if shape.has_text_frame and shape != page.shapes.title
            and shape.text_frame.text.strip()]
    questions = max(body, key=lambda shape: len(shape.text_frame.paragraphs))
    assert len(questions.text_frame.paragraphs) == 3
    title_bottom = Emu(page.shapes.title.top + page.shapes.title.height).inches
    stage = presentation.slide_height.inches - title_bottom
    assert Emu(questions.height).inches >= 0.55 * stage, (Emu(questions.height).inches, stage)
    grids = [slide.title for slide in deck.slides if slide.kind == "context" and "grid" in slide.show]
    assert grids
    for title in grids:
        words = [shape.text_frame.text for shape in page_titled(presentation, title).shapes if shape.has_text_frame]
        assert not [text for text in words if text.upper().startswith(deck.labels("kind_context").upper())], words


def test_two_columns_keep_their_break_as_the_deck_has_it(presentation, deck):
    """A slide in two columns (the year on: what changed, what did not yet) breaks its columns
    before each heading after the first, as the deck does: a box per column, side by side, so a
    substituted font's line breaks cannot push "Not yet" to the foot of the left column."""
    slide = next(slide for slide in deck.slides if slide.anchor == "a-year-on")
    assert slide.layout == "two-columns"
    page = page_titled(presentation, slide.title)
    boxes = sorted((shape for shape in page.shapes if shape.has_text_frame and shape != page.shapes.title
                    and shape.text_frame.text.strip()), key=lambda shape: shape.left)
    assert len(boxes) == 2, [shape.text_frame.text for shape in boxes]
    left, right = boxes
    assert left.top == right.top and left.left + left.width < right.left
    assert left.text_frame.text.startswith("Changed") and right.text_frame.text.startswith("Not yet")
