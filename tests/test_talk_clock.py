"""The exercise's clock (slide 17, "place one decision twice"): the room's two minutes counted down
on the slide: it waits at 2:00 through the instructions until the speaker presses T, T again starts
it over, it stays at 0:00 when time is up; printed, it reads
the whole two minutes. A show of hands (seconds of the room's time) gets no clock."""
from __future__ import annotations

from conftest import open_offline, pdf_texts
from test_talk import deck  # noqa: F401  (fixture)

EXERCISE = "place-your-product"


def clock(page) -> dict:
    return page.evaluate("""() => {
        const clock = Reveal.getCurrentSlide().querySelector('.countdown');
        if (!clock) return null;
        // the words of the title and the stage, as drawn (a block's box is wider than its words)
        const texts = () => [...Reveal.getCurrentSlide().querySelectorAll('h2, .stage')].flatMap(block => {
            const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT), rects = [];
            while (walker.nextNode()) { const range = document.createRange(); range.selectNodeContents(walker.currentNode);
                                        rects.push(...range.getClientRects()); }
            return rects; });
        const box = clock.getBoundingClientRect(), frame = document.querySelector('.reveal .slides').getBoundingClientRect();
        return {text: clock.textContent.trim(), visible: clock.checkVisibility(), over: clock.classList.contains('over'),
                px: parseFloat(getComputedStyle(clock).fontSize) * Reveal.getScale(),
                inside: box.left >= frame.left && box.right <= frame.right && box.top >= frame.top && box.bottom <= frame.bottom,
                covers: texts().some(r => r.width && r.left < box.right && box.left < r.right
                                          && r.top < box.bottom && box.top < r.bottom)};
    }""")


def go_to(page, anchor: str) -> None:
    page.evaluate(f"Reveal.slide([...document.querySelectorAll('.reveal .slides > section')]"
                  f".findIndex(s => s.id === '{anchor}'))")


def test_the_exercise_clock_waits_for_t_then_counts_its_two_minutes_down(browser, built_talk, deck):  # noqa: F811
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, reduced_motion="reduce")
    page = context.new_page()
    page.clock.install()
    assert open_offline(page, (built_talk / "index.html").as_uri() + f"#/{EXERCISE}") == []
    page.evaluate("() => document.fonts.ready.then(() => true)")
    shown = clock(page)
    assert shown["text"] == "2:00" and shown["visible"] and not shown["over"], shown
    assert shown["px"] >= 64 and shown["inside"] and not shown["covers"], shown  # read from the back, over nothing
    page.clock.run_for(40_000)  # the speaker gives the instructions: the pairs' time has not begun
    assert clock(page)["text"] == "2:00"
    page.keyboard.press("t")  # the pairs start
    page.clock.run_for(30_000)
    assert clock(page)["text"] == "1:30"
    go_to(page, "patterns")  # leaving stops it; coming back it waits at the full two minutes again
    page.clock.run_for(10_000)
    go_to(page, EXERCISE)
    page.clock.run_for(10_000)
    assert clock(page)["text"] == "2:00"
    page.keyboard.press("t")
    page.clock.run_for(45_000)
    assert clock(page)["text"] == "1:15"
    page.keyboard.press("t")  # T again starts it over from the full time
    page.clock.run_for(15_000)
    assert clock(page)["text"] == "1:45"
    page.clock.run_for(120_000)
    assert clock(page)["text"] == "0:00" and clock(page)["over"]  # time is up: it stays there, marked
    page.keyboard.press("t")  # T starts it again
    page.clock.run_for(5_000)
    assert clock(page)["text"] == "1:55" and not clock(page)["over"]
    # a show of hands (the first divider's quarter of a minute) is paced by the speaker: no clock
    shows = [slide.anchor for slide in deck.slides if slide.room and slide.room < 1]
    assert shows
    for anchor in shows:
        go_to(page, anchor)
        assert clock(page) is None, anchor
    context.close()


def test_printed_the_clock_reads_the_whole_two_minutes(built_talk, deck):  # noqa: F811
    pdf = next(built_talk.glob("*-handout.pdf")).with_name(next(built_talk.glob("*-handout.pdf")).name
                                                            .replace("-handout.pdf", ".pdf"))
    pages = pdf_texts(pdf)
    number = [slide.anchor for slide in deck.slides if not slide.on_request].index(EXERCISE)
    assert "2:00" in pages[number], pages[number]
    assert not [text for index, text in enumerate(pages) if index != number and "2:00" in text]
