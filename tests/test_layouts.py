"""Layouts that work, measured in Chromium at 1920x1080: two columns split at `::right::` (or set
by `layout: two-columns` alone), a picture that fills the stage or one half, a background picture,
strikethrough, and the talk's own extra stylesheet loaded after the engine's."""
from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from conftest import MINIMAL_TALK, run_build
from test_accessibility import open_slides, show

SLIDES = {
    "split": """\
        ---
        title: Two columns
        minutes: 1
        layout: two-columns
        notes: Columns.
        ---
        - Parsers are functions
        - They ~~fail~~ return errors

        ::right::

        Combinators join them into bigger parsers, one piece at a time.
        """,
    "flowing": """\
        ---
        title: Two columns without a marker
        minutes: 1
        layout: two-columns
        notes: Columns.
        ---
        """ + "".join(f"        - Point number {n} of the list\n" for n in range(1, 11)),
    "half": """\
        ---
        title: A photo beside the words
        minutes: 1
        notes: Half.
        ---
        ![A yellow disc on blue](../static/photo.png){: .right }

        - The words take the left half
        """,
    "fill": """\
        ---
        title: A picture that fills the stage
        minutes: 1
        notes: Fill.
        ---
        ![A white box on red](../static/wide.png){: .fill }
        """,
    "background": """\
        ---
        title: Words over a background
        minutes: 1
        notes: Background.
        ---
        ![A white box on red](../static/wide.png){: .background }

        Words stay readable over the picture
        """,
}
FIRST = 3  # the first of these slides in the deck (after the title, an anti-pattern and a pattern)


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    from PIL import Image

    folder = tmp_path_factory.mktemp("layouts")
    (folder / "slides").mkdir()
    (folder / "static" / "theme").mkdir(parents=True)
    Image.new("RGB", (756, 1008), (40, 90, 140)).save(folder / "static" / "photo.png")
    Image.new("RGB", (1600, 900), (200, 80, 60)).save(folder / "static" / "wide.png")
    # The talk's own touch: a title colour, after the engine's theme (same selector, so order decides).
    (folder / "static" / "theme" / "extra.css").write_text(".reveal h2 { color: rgb(120, 20, 60); }\n")
    for name, text in SLIDES.items():
        (folder / "slides" / f"{name}.md").write_text(textwrap.dedent(text))
    entries = "".join(f"      - file: slides/{name}.md\n" for name in SLIDES)
    (folder / "talk.yaml").write_text(re.sub(r" *- file: slides/intro.md\n", entries, MINIMAL_TALK))
    result = run_build("--talk", str(folder / "talk.yaml"))
    assert result.returncode == 0, result.stderr
    return folder / "dist"


def boxes(page, selector: str) -> list[dict]:
    return page.evaluate("""(selector) => [...Reveal.getCurrentSlide().querySelectorAll(selector)].map(e => {
        const box = e.getBoundingClientRect();
        return {left: box.left, right: box.right, top: box.top, bottom: box.bottom, width: box.width, height: box.height};
    })""", selector)


def test_two_columns_sit_side_by_side_inside_the_slide(browser, dist):
    context, page = open_slides(browser, dist)
    show(page, FIRST)
    left, right = boxes(page, ".split > .half")
    assert left["right"] < right["left"] and abs(left["top"] - right["top"]) < 2
    assert left["left"] >= 100 and right["right"] <= 1920 - 100 and max(left["bottom"], right["bottom"]) <= 1080
    struck = page.evaluate("getComputedStyle(Reveal.getCurrentSlide().querySelector('del')).textDecorationLine")
    assert struck == "line-through"
    show(page, FIRST + 1)  # no marker: the list flows into two columns, and stays on the slide
    items = boxes(page, "li")
    assert len({round(item["left"]) for item in items}) == 2
    assert all(item["right"] <= 1920 - 100 and item["bottom"] <= 1080 - 96 for item in items)
    context.close()


def test_a_picture_fills_one_half_the_stage_or_the_background(browser, dist):
    context, page = open_slides(browser, dist)
    show(page, FIRST + 2)
    picture, = boxes(page, "img.right")
    words, = boxes(page, "li")
    assert picture["left"] == pytest.approx(960, abs=2) and picture["height"] == pytest.approx(1080, abs=2)
    assert words["right"] <= 960
    show(page, FIRST + 3)
    picture, = boxes(page, "img.fill")
    title, = boxes(page, "h2")
    rendered = page.evaluate("(() => { const i = Reveal.getCurrentSlide().querySelector('img.fill');"
                             " return i.naturalWidth > 0 && getComputedStyle(i).objectFit; })()")
    assert rendered == "contain"  # the whole picture: nothing the author framed is cut off
    assert picture["top"] >= title["bottom"] and picture["width"] >= 1920 - 2 * 112 - 2 and picture["bottom"] <= 1080
    show(page, FIRST + 4)
    picture, = boxes(page, "img.background")
    assert (picture["left"], picture["top"], picture["width"], picture["height"]) == (0, 0, 1920, 1080)
    on_top = page.evaluate("""(() => { const p = [...Reveal.getCurrentSlide().querySelectorAll('.stage p')].at(-1);
        const box = p.getBoundingClientRect();
        const found = document.elementFromPoint(box.left + 5, box.top + box.height / 2);
        return found === p || found.outerHTML.slice(0, 120); })()""")
    assert on_top is True  # the words are in front of the picture
    context.close()


def test_the_talks_extra_stylesheet_comes_after_the_engines_in_the_deck_and_the_single_file(browser, dist):
    for address in ((dist / "index.html").as_uri(), (dist / "a-small-talk.html").as_uri() + "?view=present"):
        context = browser.new_context(viewport={"width": 1920, "height": 1080})
        page = context.new_page()
        page.goto(address)
        page.wait_for_function("() => window.Reveal && Reveal.isReady()")
        assert page.evaluate("getComputedStyle(document.querySelector('.reveal h2')).color") == "rgb(120, 20, 60)"
        context.close()


def test_the_powerpoint_file_keeps_both_columns_and_struck_text(dist):
    from pptx import Presentation

    from deck import pptx
    from deck.validate import load_deck

    deck = load_deck(dist.parent / "talk.yaml")
    (dist.parent / "pptx").mkdir(exist_ok=True)
    made = Presentation(str(pptx.write(deck, None, dist.parent / "pptx").path))
    slide = made.slides[FIRST]
    texts = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
    assert any("Parsers are functions" in text and "Combinators join them" in text for text in texts)
    struck = [run.text for shape in slide.shapes if shape.has_text_frame for paragraph in shape.text_frame.paragraphs
              for run in paragraph.runs if run._r.get_or_add_rPr().get("strike") == "sngStrike"]
    assert struck == ["fail"]
