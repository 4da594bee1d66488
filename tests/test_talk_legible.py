"""The real talk read by a first-time viewer at the back of the hall, at 1920x1080: what each colour
means is said where it is first used (the first root's side words on their sides' colours, under the
bars), red is the cost's alone on the roots' slides, design has a colour of its own at the trio's
table, the Wardley map's stage cannot be read as the role, and no slide leaves a band between its
title and its content (the rule's table, the patterns' pictures, the shaping pair), nor sets three
questions in the left of the frame."""
from __future__ import annotations

from test_talk_look import opened

# Each side word of a root slide's names, the bars above the columns, and the names' and costs' colours.
ROOTS_JS = """() => {
    const slide = Reveal.getCurrentSlide(), css = e => getComputedStyle(e);
    const probe = name => { const e = document.createElement('i'); e.style.color = `var(--${name})`;
        slide.appendChild(e); const c = css(e).color; e.remove(); return c; };
    return {words: [...slide.querySelectorAll('.anti-name > .side-word')].map(w => ({
                text: w.textContent.trim(), background: css(w).backgroundColor,
                px: parseFloat(css(w).fontSize) * Reveal.getScale(),
                bar: css(w.closest('.root-column').querySelector('.side-mark')).backgroundColor})),
            names: [...slide.querySelectorAll('.anti-name')].map(n => css(n).color),
            costs: [...slide.querySelectorAll('.cost-line')].map(c => css(c).color),
            ink: probe('ink'), warn: probe('warn'), accent: probe('side-accent'), deep: probe('side-deep')};
}"""


def test_the_first_root_says_whose_colour_each_bar_is_and_red_is_the_costs_alone(browser, built_talk):
    """On the first root, each name that begins with its side has that word on its side's colour,
    the colour of the bar over its column (product sky blue, engineering amber), at 28 px and more;
    on all three roots the names are in the ink and the cost lines, alone, in red."""
    context, page = opened(browser, built_talk, "who-decides")
    first = page.evaluate(ROOTS_JS)
    later = []
    for anchor in ("what-gets-priority", "who-meets-users"):
        page.evaluate(f"Reveal.slide([...document.querySelectorAll('.slides > section')].findIndex(s => s.id === '{anchor}'))")
        page.wait_for_timeout(300)
        later.append(page.evaluate(ROOTS_JS))
    context.close()
    words = first["words"]
    assert [word["text"] for word in words] == ["Product", "Product", "Engineering"], words
    assert [word["background"] for word in words] == [first["accent"], first["accent"], first["deep"]], words
    assert all(word["background"] == word["bar"] and word["px"] >= 28 for word in words), words
    for seen in (first, *later):
        assert seen["names"] and set(seen["names"]) == {seen["ink"]} != {seen["warn"]}, seen
        assert seen["costs"] and set(seen["costs"]) == {seen["warn"]}, seen
    assert not any(seen["words"] for seen in later), later  # said once, where the colours are first met


def test_the_wardley_stage_is_not_the_role(browser, built_talk):
    """Under the title "Product reads the market", the evolution stage reads as Wardley labels it."""
    context, page = opened(browser, built_talk, "wardley-map")
    stages = page.evaluate("""() => [...Reveal.getCurrentSlide().querySelectorAll('figure.diagram svg text')]
        .map(t => t.textContent.trim())""")
    context.close()
    assert "Product (+rental)" in stages and "Product" not in stages, stages


# The gap between a slide's title and the top of what it shows, and from the bottom of that to the
# source line (or the frame's padding where there is none), in slide pixels; and the widest line.
BAND_JS = """() => {
    const slide = Reveal.getCurrentSlide(), scale = Reveal.getScale();
    const title = slide.querySelector('.frame > header, .frame > h2').getBoundingClientRect();
    const stage = slide.querySelector('.frame > .stage');
    const shown = [...stage.querySelectorAll('svg text, svg rect, p, li, th, td')]
        .filter(e => e.checkVisibility() && e.getBoundingClientRect().height > 0).map(e => {
            if (!/^(P|LI|TH|TD)$/.test(e.tagName)) return e.getBoundingClientRect();
            const range = document.createRange(); range.selectNodeContents(e); return range.getBoundingClientRect(); })
        .filter(r => r.width > 0 && r.height > 0);  // an empty cell holds nothing the room sees
    const credit = slide.querySelector('.credit'), frame = slide.getBoundingClientRect();
    const floor = credit ? credit.getBoundingClientRect().top : frame.bottom - 96 * scale;
    return {band: (Math.min(...shown.map(r => r.top)) - title.bottom) / scale,
            under: (floor - Math.max(...shown.map(r => r.bottom))) / scale,
            width: (Math.max(...shown.map(r => r.right)) - Math.min(...shown.map(r => r.left))) / scale};
}"""


def test_no_band_between_a_title_and_its_content(browser, built_talk):
    """The rule's table, the two views, the platform's before and after, the ranked list and the
    shaping pair (on request) start under their titles, not below a band of ~150 px, and reach down
    the stage; Monday's three questions are set across the frame's width, not its left 60%."""
    measured = {}
    for anchor in ("the-rule", "agree-the-context", "platform-as-product", "one-portfolio", "shaping-and-appetite",
                   "spot-them"):
        context, page = opened(browser, built_talk, anchor)
        page.evaluate("Reveal.slide(Reveal.getIndices().h, 0, 99)")  # each in its final state
        page.wait_for_timeout(300)
        measured[anchor] = page.evaluate(BAND_JS)
        context.close()
    for anchor, seen in measured.items():
        assert 0 < seen["band"] <= 64, (anchor, seen)
        assert seen["under"] <= 170, (anchor, seen)
    assert measured["spot-them"]["width"] >= 0.75 * 1696, measured["spot-them"]
