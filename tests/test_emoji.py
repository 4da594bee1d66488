"""Emoji on a slide are drawn in colour by the emoji face the deck ships (Noto Color Emoji), in the
deck, the single file opened from disk and both PDFs; a talk without emoji ships no such face."""
from __future__ import annotations

import io
import subprocess

import pytest

from conftest import MINIMAL_SLIDE, MINIMAL_TALK, run_build

ROCKET = "\U0001F680"
FACE = "noto-color-emoji-emoji-400-normal.woff2"

# Where the first visible occurrence of a text is drawn, from the text itself (a Range over it).
WHERE = """(wanted) => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node; (node = walker.nextNode());) {
    const at = node.data.indexOf(wanted);
    if (at < 0) continue;
    node.parentElement.scrollIntoView({block: 'center'});
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + wanted.length);
    const box = range.getBoundingClientRect();
    if (box.width > 0 && box.height > 0) return {x: box.x, y: box.y, width: box.width, height: box.height};
  }
  return null;
}"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    talk = tmp_path_factory.mktemp("emoji")
    (talk / "slides").mkdir()
    (talk / "talk.yaml").write_text(MINIMAL_TALK)
    (talk / "slides" / "intro.md").write_text(MINIMAL_SLIDE + f"- ship it {ROCKET}\n")
    result = run_build("--talk", str(talk / "talk.yaml"), pdf=True)
    assert result.returncode == 0, result.stderr
    return talk / "dist"


def coloured(png: bytes) -> int:
    """Pixels of a strong colour: an emoji drawn in colour has many; an empty box, grey, none."""
    from PIL import Image

    picture = Image.open(io.BytesIO(png)).convert("RGB")
    return sum(1 for pixel in picture.get_flattened_data() if max(pixel) - min(pixel) > 80)


def emoji_seen(page) -> int:
    page.evaluate("document.fonts.ready.then(() => true)")
    box = page.evaluate(WHERE, ROCKET)
    assert box is not None, "the emoji is not on the page"
    return coloured(page.screenshot(clip=box))


def test_the_deck_draws_an_emoji_in_colour(browser, built):
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.goto((built / "index.html").as_uri())
    page.wait_for_function("() => window.Reveal && Reveal.isReady()")
    page.evaluate("(() => { const at = Reveal.getIndices(document.getElementById('intro')); Reveal.slide(at.h, at.v); })()")
    page.wait_for_timeout(900)  # reveal's slide transition
    seen = emoji_seen(page)
    page.close()
    assert seen > 100
    assert (built / "fonts" / FACE).is_file() and (built / "static" / "theme" / "emoji.css").is_file()


def test_the_single_file_opened_from_disk_draws_it_from_a_subset_of_the_face(browser, built):
    single = built / "a-small-talk.html"
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.goto(single.as_uri())
    page.wait_for_function("() => window.Reveal && Reveal.isReady()")
    seen = emoji_seen(page)
    page.close()
    assert seen > 100
    # The face is 5.7 MB whole; the file carries the rocket's glyph and not the other 1,400 emoji.
    assert (built / "fonts" / FACE).stat().st_size > 5_000_000 and single.stat().st_size < 1_000_000


@pytest.mark.parametrize("name,number", [("a-small-talk.pdf", 4), ("a-small-talk-handout.pdf", 5)])
def test_the_pdfs_carry_the_glyph_and_print_it_in_colour(built, name, number):
    from pypdf import PdfReader

    page = PdfReader(built / name).pages[number - 1]
    assert ROCKET in page.extract_text()  # copied out as the emoji it is
    png = subprocess.run(["pdftoppm", "-png", "-r", "100", "-f", str(number), "-l", str(number), str(built / name)],
                         capture_output=True, check=True).stdout
    assert coloured(png) > 100
    if name == "a-small-talk.pdf":  # the slide as text: Chromium prints the colour glyph as a Type 3 font of its own
        fonts = [font.get_object() for font in page["/Resources"]["/Font"].values()]
        drawn = [font for font in fonts if font["/Subtype"] == "/Type3" and len(font["/CharProcs"]) > 0]
        assert drawn, [font.get("/BaseFont") for font in fonts]


def test_a_talk_without_emoji_ships_no_emoji_face(talk_dir):
    assert run_build("--talk", str(talk_dir / "talk.yaml")).returncode == 0
    dist = talk_dir / "dist"
    assert "emoji" not in (dist / "index.html").read_text()
    assert not (dist / "fonts" / FACE).exists() and not (dist / "static" / "theme" / "emoji.css").exists()
    assert "Noto Color Emoji" not in (dist / "a-small-talk.html").read_text()


def test_check_narrows_its_warning_for_an_emoji_to_the_powerpoint_file(talk_dir):
    (talk_dir / "slides" / "intro.md").write_text(MINIMAL_SLIDE + f"- ship it {ROCKET}\u2713\n")
    said = run_build("check", "--talk", str(talk_dir / "talk.yaml")).stderr
    assert (f"slides/intro.md:8:11: warning: slide 4 'Intro': '{ROCKET}' (rocket, U+1F680) is drawn in colour by "
            "the deck's emoji face in the deck, the single file and the PDFs, but the PowerPoint file carries no "
            "font") in said
    assert "'\u2713' (check mark, U+2713) is in no font the deck ships" in said  # no face draws it: still a box
