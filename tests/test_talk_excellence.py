"""The title's other half, told once whole after the verdict: the four columns' excellence side by side,
one practice each over what doing it well looks like, DORA's four keys drawn as the floor under all
four and credited to Accelerate; in the deck as the room sees it and, as real text, in the PowerPoint
file; its notes a spoken script that says what makes a probe excellent."""
from __future__ import annotations

from test_pptx import face, presentation, pptx_path  # noqa: F401  (fixtures)
from test_talk import deck  # noqa: F401  (fixture)
from test_talk_look import opened

PRACTICES = ["Golden path", "Technical health", "Throwaway probes", "Automation first"]


def test_four_practices_stand_on_one_floor_in_engineerings_colour(browser, built_talk, deck):  # noqa: F811
    """Four even columns under the contexts' names, each practice a chip in the grid's engineering
    colour, as wide as its column; the floor a slab as wide as the four, under them; nothing under
    32 px, no empty band between the title, the table, the floor and the source line."""
    assert [context.practice for context in deck.talk.contexts] == PRACTICES
    context, page = opened(browser, built_talk, "excellence-floor")
    seen = page.evaluate("""() => {
        const slide = Reveal.getCurrentSlide(), box = e => e.getBoundingClientRect();
        const probe = document.createElement('i'); probe.style.color = 'var(--tone-deep)'; slide.appendChild(probe);
        const deep = getComputedStyle(probe).color; probe.remove();
        const table = slide.querySelector('.stage table'), floor = slide.querySelector('.stage .floor');
        const texts = [...slide.querySelectorAll('.stage th, .stage td, .stage .floor')];
        return {deep, heads: [...table.querySelectorAll('th')].map(th => [th.textContent, Math.round(box(th).width)]),
                chips: [...table.querySelectorAll('strong.lead')].map(e => [e.textContent,
                    getComputedStyle(e).backgroundColor, Math.round(box(e).width), Math.round(box(e).height),
                    Math.round(box(e.closest('td')).width)]),
                floor: [floor.textContent, box(floor).left, box(floor).right, box(floor).top],
                table: [box(table).left, box(table).right, box(table).bottom],
                title: box(slide.querySelector('h2')).bottom, credit: [slide.querySelector('.credit').textContent,
                                                                      box(slide.querySelector('.credit')).top],
                smallest: Math.min(...texts.map(e => parseFloat(getComputedStyle(e).fontSize)))};
    }""")
    context.close()
    assert [head for head, _ in seen["heads"]] == [c.short for c in deck.talk.contexts], seen
    widths = [width for _, width in seen["heads"]]
    assert max(widths) - min(widths) <= 2, seen  # four even columns
    assert [text for text, *_ in seen["chips"]] == PRACTICES, seen
    assert all(colour == seen["deep"] for _, colour, *_ in seen["chips"]), seen
    assert all(cell - width <= 40 for _, _, width, _, cell in seen["chips"]), seen  # each chip fills its column
    assert len({height for *_, height, _ in seen["chips"]}) == 1, seen  # one row of equal chips
    text, left, right, top = seen["floor"]
    assert text == "Under all four: DORA’s four keys", seen
    t_left, t_right, t_bottom = seen["table"]
    assert abs(left - t_left) <= 2 and abs(right - t_right) <= 2 and top >= t_bottom, seen  # under all four
    assert seen["credit"][0] == "Source: Forsgren et al., 2018", seen
    assert seen["table"][0] >= 0 and seen["smallest"] >= 32, seen
    assert top - t_bottom <= 140 and seen["credit"][1] - top <= 260, seen


def test_the_excellence_beat_is_real_text_in_the_powerpoint_file(presentation):  # noqa: F811
    made = next(slide for slide in presentation.slides if slide.shapes.title is not None
                and slide.shapes.title.text == "Excellence: four ways, one floor")
    assert not [shape for shape in made.shapes if shape.shape_type == 13], "a picture on the slide"
    rows = [[cell.text for cell in row.cells] for shape in made.shapes if shape.has_table for row in shape.table.rows]
    assert rows[1] == PRACTICES and "Fast, instrumented, deleted" in rows[2], rows
    words = face(made).replace("’", "'")
    assert "Under all four: DORA's four keys" in words and "Source: Forsgren et al., 2018" in words, words


def test_its_script_says_what_doing_each_well_looks_like(deck):  # noqa: F811
    """Timed after the verdict, before the product that moves; a probe's excellence argued (fast,
    instrumented, deleted after); the four keys named, with their source."""
    anchors = [slide.anchor for slide in deck.slides if not slide.on_request]
    at = anchors.index("excellence-floor")
    assert anchors[at - 1: at + 2] == ["partnership-grid", "excellence-floor", "contexts-move"], anchors
    slide = deck.slides[at]
    notes = " ".join(slide.notes.split())
    assert slide.minutes == 1.5 and [work.id for work in slide.credits] == ["accelerate"]
    for said in ("golden path", "technical health", "throwaway probes", "automation first", "fast",
                 "instrumented", "deleted afterwards", "DORA's four keys", "Forsgren", "floor"):
        assert said.lower() in notes.lower(), said
