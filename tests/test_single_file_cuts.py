"""What the single file leaves out of reveal (deck/unused.py), checked in real Chromium: the slides
move exactly as reveal's whole styles move them, the speaker view opens and shows the notes, and a
talk that does ask for what is cut (Markdown notes, a zoom transition) keeps it and gets it."""
from __future__ import annotations

import shutil

import pytest

from conftest import ROOT, run_build
from deck.export import slug
from deck.unused import OPTIONAL_TRANSITIONS
from test_single_file import open_cut_off

REVEAL_CSS = ROOT / "node_modules" / "reveal.js" / "dist" / "reveal.css"
NOTES_JS = ROOT / "node_modules" / "reveal.js" / "dist" / "plugin" / "notes.js"

# Every slide's place and look as reveal's transition leaves it: what the cut styles could change.
SLIDES_AS_DRAWN = """() => [...document.querySelectorAll('.reveal .slides > section')].map(section => {
    const style = getComputedStyle(section);
    return [section.id, section.className, style.transform, style.visibility, style.opacity, style.display,
            style.transformStyle, style.transitionTimingFunction];
})"""


@pytest.fixture
def alone(built_talk, deck, tmp_path):
    name = f"{slug(deck.talk.title)}.html"
    shutil.copyfile(built_talk / name, tmp_path / name)
    return tmp_path / name


def settled(page, where: int) -> list:
    """The deck moved to slide where, its transition over: every slide as drawn."""
    page.evaluate("(where) => Reveal.slide(where)", where)
    page.wait_for_function("(where) => Reveal.getIndices().h === where", arg=where)
    page.wait_for_timeout(900)  # reveal's slide transition takes 0.8 s
    return page.evaluate(SLIDES_AS_DRAWN)


def test_the_cut_styles_draw_the_deck_as_reveals_whole_styles_do(page, alone):
    text = alone.read_text(encoding="utf-8")
    # What went: the transitions the talk never names, and the speaker view's Markdown parser.
    for name in OPTIONAL_TRANSITIONS:
        assert f"data-transition={name}]" not in text and f".reveal.{name} " not in text
    assert "marked(): input parameter" in NOTES_JS.read_text(encoding="utf-8")
    assert "marked(): input parameter" not in text
    assert len(text.encode("utf-8")) < 450 * 1024 - 24_000  # room left under the budget for the talk to grow

    open_cut_off(page, alone.as_uri() + "?view=present")
    cut = [settled(page, where) for where in (3, 1)]  # slides past and future, moving forward and back
    # The same page with reveal's stylesheet whole, at the same place in the cascade.
    page.evaluate("""(whole) => {
        const reveal = [...document.querySelectorAll('style')]
            .find(style => style.textContent.includes('.reveal .slides'));
        reveal.textContent = whole;
    }""", REVEAL_CSS.read_text(encoding="utf-8"))
    page.evaluate("Reveal.slide(0)")
    whole = [settled(page, where) for where in (3, 1)]
    assert cut == whole
    slid = {"matrix(1, 0, 0, 1, -2880, 0)", "none", "matrix(1, 0, 0, 1, 2880, 0)"}  # past, present, future
    assert {entry[2] for entry in cut[0]} == slid


def test_a_talk_that_asks_for_them_keeps_markdown_notes_and_its_zoom(page, talk_dir):
    """A talk's own slide template writes Markdown notes and a zoom transition: the single file keeps
    the parser and the zoom styles, and the speaker view shows the notes as Markdown makes them."""
    engine_slide = (ROOT / "templates" / "slides" / "_slide.html").read_text(encoding="utf-8")
    own = engine_slide.replace('<aside class="notes">', '<aside class="notes" data-markdown>\n**Marked up** notes')
    own = own.replace('data-kind="{{ slide.kind }}"', 'data-kind="{{ slide.kind }}" data-transition="zoom"')
    assert own.count("data-markdown") == 1 and own.count('data-transition="zoom"') == 1
    (talk_dir / "templates" / "slides").mkdir(parents=True)
    (talk_dir / "templates" / "slides" / "_slide.html").write_text(own, encoding="utf-8")
    assert run_build("--talk", str(talk_dir / "talk.yaml")).returncode == 0
    single = talk_dir / "dist" / "a-small-talk.html"
    assert "marked(): input parameter" in single.read_text(encoding="utf-8")

    open_cut_off(page, single.as_uri() + "?view=present")
    # A slide to come is drawn zoomed out and hidden, as reveal's zoom transition draws it.
    assert page.evaluate("""() => { const next = document.querySelectorAll('.reveal .slides > section')[1];
        const style = getComputedStyle(next); return [style.transform, style.visibility]; }""") \
        == ["matrix(0.2, 0, 0, 0.2, 0, 0)", "hidden"]
    with page.context.expect_page() as opened:
        page.keyboard.press("s")
    speaker = opened.value
    speaker.wait_for_function("() => document.querySelector('#connection-status').style.display === 'none'",
                              timeout=15000)
    strong = speaker.locator(".speaker-controls-notes .value strong", has_text="Marked up")
    strong.wait_for(state="visible")
    assert "**" not in speaker.locator(".speaker-controls-notes .value").inner_text()


def test_reveal_text_of_a_shape_not_known_goes_in_whole():
    """A newer reveal whose files read otherwise costs bytes, never a feature: nothing is cut."""
    from deck.unused import notes_without_markdown, styles_without_transitions

    plugin = NOTES_JS.read_text(encoding="utf-8")
    for other in (plugin.replace(".marked=", ".parser="), plugin.replace("(this,function(){", "(this,()=>{", 1),
                  plugin + "window.marked=$,"):  # no parser handed over; the factory opens otherwise; twice
        assert notes_without_markdown(other, "<p>no Markdown notes</p>") == other
    assert len(notes_without_markdown(plugin, "<p>no Markdown notes</p>")) < len(plugin) - 30_000
    assert notes_without_markdown(plugin, '<aside class="notes" data-markdown>') == plugin
    styles = REVEAL_CSS.read_text(encoding="utf-8")
    for other in (styles + '.reveal.zoom .x{content:"}', styles + "}", "@media print{.reveal.zoom .slides{top:0}}"):
        assert styles_without_transitions(other, set()) == other
    assert styles_without_transitions(styles, set(OPTIONAL_TRANSITIONS)) == styles
