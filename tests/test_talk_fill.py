"""The real talk's pictures fill what they are given, at 1920x1080: a before-and-after's boxes as
tall as their words, the story map across the stage rather than a band in its middle, the year-on
columns each in the colour of what it says, and the deck's chrome in a colour neither side owns."""
from __future__ import annotations

from test_talk_look import opened


def test_a_before_and_after_box_is_as_tall_as_its_words(browser, built_talk):
    """Boxes twice the height of their words read as something missing from their lower half."""
    for anchor in ("platform-as-product", "shaping-and-appetite"):
        context, page = opened(browser, built_talk, anchor)
        seen = page.evaluate("""() => {
            const svg = Reveal.getCurrentSlide().querySelector('figure.diagram svg'), box = e => e.getBoundingClientRect();
            return [...svg.querySelectorAll('rect.tone')].map(panel => {
                const p = box(panel), words = [...svg.querySelectorAll('text.on-tone')].map(box)
                    .filter(w => w.left >= p.left && w.right <= p.right && w.top >= p.top && w.bottom <= p.bottom);
                return {top: Math.min(...words.map(w => w.top)) - p.top, bottom: p.bottom - Math.max(...words.map(w => w.bottom)),
                        height: p.height};
            });
        }""")
        context.close()
        assert len(seen) == 2, (anchor, seen)
        for panel in seen:  # padding, not an empty half: the space under the words about the space above them
            assert panel["bottom"] <= 2 * panel["top"] + 8, (anchor, seen)


def test_the_story_map_fills_the_stage_under_its_title(browser, built_talk):
    """A map a third of the stage high floats in bands of paper above and below it."""
    context, page = opened(browser, built_talk, "story-mapping")
    seen = page.evaluate("""() => {
        const slide = Reveal.getCurrentSlide(), box = e => e.getBoundingClientRect();
        const stage = box(slide.querySelector('.stage')), map = box(slide.querySelector('figure.diagram svg'));
        const labels = [...slide.querySelectorAll('figure.diagram text.story-label')].map(t => parseFloat(getComputedStyle(t).fontSize));
        return {stage: stage.height, map: map.height, smallest: Math.min(...labels)};
    }""")
    context.close()
    assert seen["map"] >= 0.6 * seen["stage"], seen
    assert seen["smallest"] >= 36, seen  # its stories set near body text, not at the room's 32 px floor


def rgb(value: str) -> tuple[int, ...]:
    import re

    return tuple(int(v) for v in re.findall(r"\d+", value)[:3])


def test_a_year_on_says_changed_in_the_goals_colour_and_not_yet_in_another(browser, built_talk):
    context, page = opened(browser, built_talk, "a-year-on")
    seen = page.evaluate("""() => {
        const probe = name => { const s = document.createElement('span'); s.style.color = `var(--${name})`;
            Reveal.getCurrentSlide().append(s); const c = getComputedStyle(s).color; s.remove(); return c; };
        return {heads: [...Reveal.getCurrentSlide().querySelectorAll('.stage h3')].map(h => [h.textContent.trim(),
                    getComputedStyle(h).color, getComputedStyle(h).borderTopColor]),
                goal: probe('goal'), warn: probe('warn'), muted: probe('muted')};
    }""")
    context.close()
    assert [h[0] for h in seen["heads"]] == ["Changed", "Not yet"], seen
    assert seen["heads"][0][1:] == [seen["goal"], seen["goal"]], seen
    assert seen["heads"][1][1] in (seen["muted"], seen["warn"]) and seen["heads"][1][1] != seen["goal"], seen


def test_the_chrome_claims_neither_side(browser, built_talk):
    """Eyebrows and the progress bar are the deck's, not product's: navy, far darker than product's
    sky blue (the old mid-blue was close enough to it to read as product's from the back)."""
    import colorsys

    context, page = opened(browser, built_talk, "platform-as-product")
    seen = page.evaluate("""() => ({
        eyebrow: getComputedStyle(Reveal.getCurrentSlide().querySelector('.eyebrow')).color,
        progress: getComputedStyle(document.querySelector('.reveal .progress span')).backgroundColor,
        product: (() => { const s = document.createElement('span'); s.style.color = 'var(--side-accent)';
            document.querySelector('.reveal').append(s); const c = getComputedStyle(s).color; s.remove(); return c; })()})""")
    context.close()
    lightness = {name: colorsys.rgb_to_hls(*(v / 255 for v in rgb(value)))[1] for name, value in seen.items()}
    for part in ("eyebrow", "progress"):
        assert lightness["product"] - lightness[part] >= 0.3, seen
