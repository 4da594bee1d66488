"""One colour, one meaning, measured in the built deck: the trio's slate on nothing but the trio,
and a picture of people or views painted in no side's colour and not the goal's green."""

from __future__ import annotations

from test_talk_look import opened


# Every shape a diagram fills with the trio's slate (read from the grid's trio cell), with the words
# drawn over it; a legend's swatch has none.
SLATE = """() => {
    const sections = [...document.querySelectorAll('.reveal .slides > section')];
    const probe = document.querySelector('.reveal .diagram .grid-cell.lead.by-team');
    const slate = getComputedStyle(probe).fill, found = [];
    for (const svg of document.querySelectorAll('.reveal .slides figure.diagram svg')) {
        Reveal.slide(sections.indexOf(svg.closest('.slides > section')), 0, 99);
        const texts = [...svg.querySelectorAll('text')].map(t => [t.textContent.trim(), t.getBoundingClientRect()]);
        for (const shape of svg.querySelectorAll('rect, circle, path')) {
            if (getComputedStyle(shape).fill !== slate || !shape.checkVisibility()) continue;
            const b = shape.getBoundingClientRect();
            const on = texts.filter(([, t]) => { const x = t.left + t.width / 2, y = t.top + t.height / 2;
                return b.left <= x && x <= b.right && b.top <= y && y <= b.bottom; }).map(([words]) => words);
            found.push([svg.closest('section').id, on.join(' ')]);
        }
    }
    return {slate, found};
}"""


def test_slate_is_the_trios_colour_alone(browser, built_talk):
    """The grid draws the trio in slate; a remedy, a decision, a journey step, a need or a tag drawn
    in slate would read as the trio. Generic chips are a neutral grey with the ink on them."""
    context, page = opened(browser, built_talk, "remedy-map")
    seen = page.evaluate(SLATE)
    chips = page.evaluate("""() => ['#remedy-map .remedy.lit', '#context-map .pill', '#story-mapping .journey-step',
            '#opportunity-solution-tree .opportunity', '#one-portfolio .pill']
        .map(css => getComputedStyle(document.querySelector(css)).fill)""")
    context.close()
    worded = [(anchor, words) for anchor, words in seen["found"] if words]
    assert len(worded) >= 3, seen  # the trio's cells, from its column on
    assert all("trio" in words.lower() for _, words in worded), worded
    assert seen["slate"] not in chips, (seen["slate"], chips)


def test_a_picture_of_views_paints_neither_the_goal_nor_a_side_it_does_not_mean(browser, built_talk):
    """The two people who place the product in different contexts are a product manager and a tech
    lead, drawn in their roles' colours as the grid's lead cells are (review 24: grey boxes hid who
    was speaking), and neither in the goal's green."""
    context, page = opened(browser, built_talk, "agree-the-context")
    seen = page.evaluate("""() => {
        const fill = e => getComputedStyle(e).fill;
        const goal = getComputedStyle(document.querySelector('#platform-as-product .tone-warm')).fill;
        const sides = ['#established-market .grid-cell.lead.by-accent', '#internal-customers .grid-cell.lead.by-deep']
            .map(css => fill(document.querySelector(css)));
        const views = [...document.querySelectorAll('#agree-the-context figure svg rect.tone')].map(fill);
        return {goal, sides, views};
    }""")
    context.close()
    assert len(set(seen["sides"])) == 2, seen
    assert seen["views"] == seen["sides"], seen  # product manager in product's blue, tech lead in engineering's amber
    assert seen["goal"] not in seen["views"], seen


def test_the_rule_names_who_leads_in_the_grids_colours(browser, built_talk):
    """The rule (14) is the grid's source: each holder who leads sits on a chip in the colour the
    grid's lead cell for that context is filled with (the joint lead a chip per side, side by side,
    each in one colour), on one line, and no column head wraps."""
    context, page = opened(browser, built_talk, "the-rule")
    seen = page.evaluate("""() => {
        const grid = {};
        for (const cell of document.querySelectorAll('#partnership-grid .grid-cell.lead')) {
            const tone = [...cell.classList].find(c => c.startsWith('by-')); grid[tone] = getComputedStyle(cell).fill; }
        const chips = [...document.querySelectorAll('#the-rule table strong.lead')].map(e => {
            const s = getComputedStyle(e), tone = [...e.classList].find(c => c.startsWith('by-'));
            return {tone, text: e.textContent, lines: Math.round(e.getBoundingClientRect().height / parseFloat(s.lineHeight)),
                    colour: s.backgroundColor, image: s.backgroundImage, size: parseFloat(s.fontSize),
                    top: Math.round(e.getBoundingClientRect().top)}; });
        const heads = [...document.querySelectorAll('#the-rule thead th')].filter(th => th.textContent.trim())
            .map(th => th.getBoundingClientRect().height / parseFloat(getComputedStyle(th).lineHeight));
        return {grid, chips, heads};
    }""")
    context.close()
    assert [c["tone"] for c in seen["chips"]] == ["by-deep", "by-accent", "by-team", "by-accent", "by-deep"], seen
    assert [c["text"] for c in seen["chips"][-2:]] == ["Product", "Engineering"], seen  # the joint lead
    for chip in seen["chips"]:  # one colour under all of a chip's words: none cut by a second colour
        assert chip["lines"] == 1 and chip["size"] >= 28 and chip["image"] == "none", chip
        assert chip["colour"] == seen["grid"][chip["tone"]], (chip, seen["grid"])
    assert seen["chips"][-2]["top"] == seen["chips"][-1]["top"], seen  # the joint lead's two side by side
    assert seen["heads"] and all(lines < 1.6 for lines in seen["heads"]), seen
