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

    page = page_titled(presentation, "The freelancer app moved")
    table = next(shape.table for shape in page.shapes if shape.has_table)
    fills = {cell.text_frame.text: str(cell.fill.fore_color.rgb) for row in table.rows for cell in row.cells}
    colours = DEFAULT_COLOURS[deck.talk.theme]
    assert fills["Product"] == colours["side-accent"], fills
    assert fills["The trio"] == colours["plain"], fills
    assert fills["Finance"] not in (colours["side-accent"], colours["side-deep"], colours["plain"]), fills


def test_the_typeface_it_ships_draws_a_plain_zero(built_talk):
    """The deck's zero, one ring and one oval counter: a slashed zero reads as a struck-out digit."""
    from fontTools.ttLib import TTFont

    faces = sorted((built_talk / "fonts").glob("atkinson-hyperlegible-*.ttf"))
    assert len(faces) == 4, faces
    for face in faces:
        font = TTFont(str(face))
        assert font["name"].getDebugName(1) == "Atkinson Hyperlegible", face  # the name the file asks for
        assert font["glyf"]["zero"].numberOfContours == 2, face  # slashed, it has three
