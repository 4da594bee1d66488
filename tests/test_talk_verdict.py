"""The myth's verdict, and the title's other half with it, on one slide: who leads in every column
(a joint lead's two chips at the other leads' size), what excellence looks like done well in each,
the myth's verdict, and DORA's delivery metrics as a floor band under all four columns, credited to
DORA's 2024 report; seen in the browser as the room sees it and, whole, in the PowerPoint file; its
notes a spoken script that names excellence as a partnership behaviour and reads the hands one way."""
from __future__ import annotations

from test_pptx import presentation, pptx_path  # noqa: F401  (fixtures)
from test_talk import deck  # noqa: F401  (fixture)
from test_talk_look import opened

GOOD = ["Day one, self-serve", "Few changes fail", "Probes: days, then deleted", "Zero-touch runs"]


def test_the_verdict_shows_excellence_and_the_myth_in_every_column_over_one_floor(browser, built_talk, deck):  # noqa: F811
    """Rows the room reads across: who leads, what good looks like, the myth, the floor; each of the
    four columns filled in each row; the floor one band as wide as the four columns, under them, the
    slide's last row, over its source line; the leads' words one size, the joint lead's two chips too;
    nothing under 32 px."""
    assert [context.good for context in deck.talk.contexts] == GOOD
    context, page = opened(browser, built_talk, "partnership-grid")
    seen = page.evaluate("""() => {
        const slide = Reveal.getCurrentSlide(), svg = slide.querySelector('figure.diagram svg');
        const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
        const words = t => [...t.children].map(line => line.textContent).join(' ');
        const px = t => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a;
        const cells = [...svg.querySelectorAll('rect.grid-cell:not(.share)')].filter(r => !r.closest('.grid-key'));
        return {rows: [...svg.querySelectorAll('.grid-row-name')].map(t => [words(t), box(t)]),
                leads: [...svg.querySelectorAll('text.grid-text.lead:not(.share)')].map(t => [words(t), px(t), box(t)]),
                texts: [...svg.querySelectorAll('text.grid-text:not(.lead):not(.floor)')].map(t => [words(t), box(t)]),
                floor: [...svg.querySelectorAll('rect.grid-floor')].map(box), words: [...svg.querySelectorAll('text.floor')].map(words),
                crosses: [...svg.querySelectorAll('path.claim-cross')].map(box), holds: box(svg.querySelector('rect.claim-holds')),
                columns: [...svg.querySelectorAll('rect.grid-cell.lead:not(.joint), rect.grid-cell.lead.joint')]
                    .filter(r => !r.closest('.grid-key') && !r.classList.contains('by-both')).map(box),
                credit: [slide.querySelector('.credit').textContent, box(slide.querySelector('.credit'))],
                smallest: Math.min(...[...svg.querySelectorAll('text')].map(px))};
    }""")
    context.close()
    rows = [name for name, _ in seen["rows"]]
    assert rows == ["LEADS", "EXCELLENCE", "THE MYTH", "FLOOR"], rows
    # what good looks like, one cell a column, in the column's order, on the excellence row
    excellence = next(b for name, b in seen["rows"] if name == "EXCELLENCE")
    shown = [text for text, b in seen["texts"] if b[1] < excellence[3] + 40 and b[3] > excellence[1] - 40]
    assert shown == GOOD, seen["texts"]
    # one size for every lead: the disruption's two chips as large as a lone lead's words
    sizes = {round(size) for _, size, _ in seen["leads"]}
    assert [text for text, _, _ in seen["leads"]][-2:] == ["Product", "Engineering"] and len(sizes) == 1, seen["leads"]
    # the myth: wrong in three columns, who decides what in the fourth
    assert len(seen["crosses"]) == 3 and seen["holds"], seen
    # the floor: one band under all four columns, as wide as they are together, below the myth
    assert len(seen["floor"]) == 1 and seen["words"] == ["DORA’s delivery metrics"], seen
    left, top, right, bottom = seen["floor"][0]
    lefts = [b[0] for b in seen["columns"]]
    rights = [b[2] for b in seen["columns"]]
    assert abs(left - min(lefts)) <= 2 and abs(right - max(rights)) <= 2, (seen["floor"], seen["columns"])
    assert top >= max(b[3] for b in seen["crosses"]) and top >= seen["holds"][3], seen
    credit, credit_box = seen["credit"]
    assert credit == "Source: DORA, 2024" and bottom <= credit_box[1], seen
    assert seen["smallest"] >= 32, seen


def test_the_verdict_is_whole_in_the_powerpoint_file(presentation):  # noqa: F811
    """The verdict goes in as the grid's picture, the floor band in it, what it says in its alt text,
    and its source line as text."""
    made = next(slide for slide in presentation.slides if slide.shapes.title is not None
                and slide.shapes.title.text == "Product never decides alone")
    pictures = [shape for shape in made.shapes if shape.shape_type == 13]
    assert len(pictures) == 1
    alt = pictures[0]._element.xpath(".//p:cNvPr/@descr")[0].replace("’", "'")
    assert "Under all four: DORA's delivery metrics" in alt and "Excellence in Unknown needs: Probes: days, then deleted" in alt, alt
    words = " ".join(shape.text_frame.text for shape in made.shapes if shape.has_text_frame)
    assert "Source: DORA, 2024" in words, words


def test_its_script_says_what_good_looks_like_and_reads_the_hands_one_way(deck):  # noqa: F811
    """Timed before the product that moves, no excellence slide after it; excellence in each column
    said as what the partner can expect, DORA's delivery metrics named as the 2024 report has them
    (rework rate among them, not Accelerate's four keys), engineers bringing options and costs; the
    show of hands read in a way a speaker can read a hall (not by column)."""
    anchors = [slide.anchor for slide in deck.slides if not slide.on_request]
    at = anchors.index("partnership-grid")
    assert anchors[at - 1: at + 2] == ["wardley-map", "partnership-grid", "contexts-move"], anchors
    slide = deck.slides[at]
    assert [work.id for work in slide.credits] == ["dora-2024"] and slide.datum == "DORA's delivery metrics"
    notes = " ".join(slide.notes.split())
    for said in ("ships on day one without raising a ticket", "few changes fail", "answers its question in days",
                 "deleted", "nobody touches a payroll run", "DORA's delivery metrics", "2024", "rework",
                 "in every column, excellent engineers bring options and costs to the decision"):
        assert said.lower() in notes.lower(), said
    assert "four keys" not in notes and "not in this column" not in notes
    assert "Many hands? Then most of you are past the myth only on paper." in notes
