"""The real talk's layouts as the back of the hall sees them at 1920x1080: the three roots of Part 2
in one layout (the root as the title, its anti-patterns side by side: the side's chip, the quote
and its cost), in the deck, the slides PDF and the PowerPoint file; the grid and its key in
one place on every grid slide; the cold open and the three questions set large down the slide."""
from __future__ import annotations

from conftest import pdf_texts
from test_pptx import deck_pages, face, face_runs, presentation, pptx_path, words  # noqa: F401  (fixtures)
from test_talk import deck  # noqa: F401  (fixture)
from test_talk_look import opened

# What the room sees of a root's slide: its title, and per column its chip (its colour: both sides
# are the words between the two colours), the quote's and the cost's type in screen pixels, their
# boxes and the cost's colour; the stage's box, to see the row fill it.
ROOT_JS = """anchors => anchors.map(id => {
    const s = document.getElementById(id), box = e => e.getBoundingClientRect().toJSON();
    Reveal.slide([...s.parentNode.children].indexOf(s), 0, 99);
    const px = e => parseFloat(getComputedStyle(e).fontSize) * Reveal.getScale();
    const probe = document.createElement('p');
    probe.style.color = 'var(--warn)'; s.appendChild(probe);
    const warn = getComputedStyle(probe).color; probe.remove();
    return {id, title: s.querySelector('h2').textContent, stage: box(s.querySelector('.frame > .stage')),
            header: box(s.querySelector('header')), frame: box(s.querySelector('.frame')),
            columns: [...s.querySelectorAll('.root-column')].map(c => {
                const chip = c.querySelector('.side-chip'), quote = c.querySelector('.symptom-quote'),
                      cost = c.querySelector('.cost-line'), style = chip && getComputedStyle(chip);
                return {anti: c.dataset.anti, box: box(c), chip: chip ? chip.textContent : '',
                        // both sides: the two colours in swatches before the words, none under them
                        swatches: chip ? (getComputedStyle(chip, '::before').backgroundImage.match(/rgba?\\([^)]*\\)/g) || [])
                            .filter(c => !/, 0\\)$/.test(c)) : [],
                        chipColour: chip ? style.backgroundColor : null, chipImage: chip ? style.backgroundImage : '',
                        chipPx: chip ? px(chip) : 0, quote: box(quote), quotePx: px(quote),
                        quoteText: quote.textContent, cost: box(cost), costPx: px(cost),
                        costColour: getComputedStyle(cost).color, warn};
            }),
            screen: [window.innerWidth, window.innerHeight]};
})"""


def sides_colours(page) -> dict:
    return page.evaluate("""() => { const probe = document.createElement('div');
        document.querySelector('.reveal').appendChild(probe);
        const read = v => { probe.style.background = `var(${v})`; return getComputedStyle(probe).backgroundColor; };
        const found = {accent: read('--side-accent'), deep: read('--side-deep')};
        found.shared = read('--chip');
        probe.remove(); return found; }""")


def test_each_root_sets_its_anti_patterns_side_by_side_tops_aligned_read_from_the_back(browser, built_talk, deck):  # noqa: F811
    """Part 2 is three slides, one per root, titled with the root as the question ("Root 1: who
    decides"): its anti-patterns in the talk's order, in columns side by side (3, 2, 1: one alone
    is full width), each with the chip of its side in the colour the pictures give that side, its
    quote set large (40 px and up, larger the fewer the columns) and its cost under it, in the cost
    colour, 28 px and up. The columns share one top, so the quotes line up, and the row fills the
    frame's width, starts close under the title, the two one block centred top to bottom: no band
    of paper between title and row, no third of the slide empty below it."""
    roots = [slide for slide in deck.slides if slide.kind == "root"]
    assert [slide.anchor for slide in roots] == [root.id for root in deck.talk.roots]
    context, page = opened(browser, built_talk, roots[0].anchor)
    seen = page.evaluate(ROOT_JS, [slide.anchor for slide in roots])
    colours = sides_colours(page)
    context.close()
    sides = {"accent": "Product’s side", "deep": "Engineering’s side", "shared": "Both sides"}
    sizes = []
    for number, (slide, shown) in enumerate(zip(roots, seen), start=1):
        assert shown["title"] == f"Root {number}: {slide.subject.name}", shown["title"]
        columns = shown["columns"]
        assert [c["anti"] for c in columns] == [a.id for a in deck.talk.anti_patterns if a.root == slide.subject.id]
        for column, anti in zip(columns, slide.grows):
            assert column["chip"] == sides[anti.tone] and column["chipColour"] == colours[anti.tone], column
            assert column["chipImage"] == "none", column  # the words on one colour
            if anti.tone == "shared":  # product's colour and engineering's beside the words
                assert sorted(set(column["swatches"])) == sorted({colours["accent"], colours["deep"]}), column
            assert column["chipPx"] >= 28 and column["quotePx"] >= 40 and column["costPx"] >= 28, column
            assert column["costColour"] == column["warn"], column
            assert column["quote"]["bottom"] <= column["cost"]["top"] + 1, column  # the cost under its quote
        for left, right in zip(columns, columns[1:]):  # side by side, level, not touching
            assert left["box"]["right"] + 32 <= right["box"]["left"], (left, right)
            assert abs(left["box"]["top"] - right["box"]["top"]) <= 1, (left, right)
            assert abs(left["quote"]["top"] - right["quote"]["top"]) <= 1, (left, right)
        assert len({round(c["quotePx"]) for c in columns}) == 1, columns  # one size across the row
        sizes.append(columns[0]["quotePx"])
        stage, row_left = shown["stage"], columns[0]["box"]["left"]
        assert abs(row_left - shown["header"]["left"]) <= 2 and columns[-1]["box"]["right"] >= stage["right"] - 40
        top = min(c["box"]["top"] for c in columns)
        bottom = max(c["cost"]["bottom"] for c in columns)
        # Close under the title (no band of paper between), the title and the row one block centred
        # top to bottom (no third of the slide empty under it), the row inside the frame.
        frame, high = shown["frame"], shown["screen"][1]
        above, below = shown["header"]["top"] - frame["top"], frame["bottom"] - bottom
        assert top - shown["header"]["bottom"] <= 0.1 * high and bottom <= frame["bottom"] + 1, (shown["header"], top, frame)
        assert abs(above - below) <= 0.08 * high, (above, below)
    assert sizes == sorted(sizes), sizes  # the fewer the columns, the larger the quote


def test_the_printed_and_powerpoint_roots_show_every_quote_and_cost_as_text(built_talk, built_file, presentation, deck):  # noqa: F811
    """The slides PDF prints what the room saw of each root; the PowerPoint slide says the same in
    real text, each column one box inside the slide, the columns level, and the anti-patterns'
    names and full detail in the notes, where the speaker finds them."""
    from deck.pptx.layout import BOTTOM, WIDTH

    pages = pdf_texts(built_file(".pdf"))
    made = deck_pages(presentation, deck)
    emu = presentation.slide_width / WIDTH
    straight = lambda text: words(text).replace("’", "'").replace("“", '"').replace("”", '"')
    for number, slide in enumerate(deck.slides):
        if slide.kind != "root":
            continue
        printed, face_words = straight(pages[number]), straight(face(made[number]))
        assert straight(made[number].shapes.title.text_frame.text) == slide.title.replace("’", "'")
        notes = straight(made[number].notes_slide.notes_text_frame.text)
        for anti in slide.grows:
            for text in (anti.symptoms[0], anti.consequences[0]):
                assert straight(text) in printed and straight(text) in face_words, (text, face_words)
            assert anti.name in notes and straight(anti.summary) in notes
        boxes = [shape for shape in made[number].shapes if shape.name == "Symptom and cost"]
        assert len(boxes) == len(slide.grows) and len({shape.top for shape in boxes}) == 1
        for shape in boxes:
            assert shape.left >= 0 and shape.left + shape.width <= presentation.slide_width
            assert shape.top + shape.height <= BOTTOM * emu
        lefts = [shape.left for shape in boxes]
        assert lefts == sorted(lefts) and len(set(lefts)) == len(lefts)


def test_the_remedy_map_names_each_root_beside_the_anti_patterns_it_grows(browser, built_talk, deck):  # noqa: F811
    """The remedy map shows the roots the notes tell: each root's name, in the kickers' navy, level with
    the middle of its group of anti-patterns and left of it, the groups in the roots' order."""
    context, page = opened(browser, built_talk, "remedy-map")
    seen = page.evaluate("""() => {
        const svg = Reveal.getCurrentSlide().querySelector('svg'), box = e => e.getBoundingClientRect();
        const kicker = getComputedStyle(document.querySelector('#who-decides .kicker')).color;
        return {kicker, roots: [...svg.querySelectorAll('text.root-name')].map(t => ({
                    name: [...t.children].map(line => line.textContent).join(' '), box: box(t).toJSON(),
                    colour: getComputedStyle(t).fill, px: parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a})),
                antis: [...svg.querySelectorAll('rect.anti')].map(r => box(r).toJSON()),
                names: [...svg.querySelectorAll('text.anti-label')].map(t => [...t.children].map(l => l.textContent).join(' '))};
    }""")
    context.close()
    groups = [[a.name for a in deck.talk.anti_patterns if a.root == root.id] for root in deck.talk.roots]
    assert [root["name"] for root in seen["roots"]] == [root.name.upper() for root in deck.talk.roots], seen
    assert seen["names"] == [name for group in groups for name in group], seen
    start = 0
    for root, group in zip(seen["roots"], groups):
        boxes = seen["antis"][start:start + len(group)]
        start += len(group)
        middle = (root["box"]["top"] + root["box"]["bottom"]) / 2
        assert abs(middle - (boxes[0]["top"] + boxes[-1]["bottom"]) / 2) <= 8, (root, boxes)
        assert root["box"]["right"] < boxes[0]["left"] and root["px"] >= 32, root
        assert root["colour"] == seen["kicker"], (root, seen["kicker"])


def test_the_grid_keeps_one_box_and_shows_no_key(browser, built_talk, deck):  # noqa: F811
    """The grid grows a column a slide and does not move, credit line or not: the four context grids
    keep one box. No grid, the reveal included, shows a key (which colour is which side): each lead
    cell's words name its colour, and a key under the first column named leads the room had not
    met. Every word in a grid is at least 32 px at 1920x1080."""
    grids = [slide.anchor for slide in deck.slides if slide.diagram == "partnership-grid"
             or (slide.kind == "context" and "grid" in slide.show)]
    context, page = opened(browser, built_talk, grids[0])
    seen = page.evaluate("""anchors => anchors.map(id => {
        const s = document.getElementById(id), box = e => { const r = e.getBoundingClientRect();
            return [r.left, r.top, r.right, r.bottom].map(Math.round); };
        Reveal.slide([...s.parentNode.children].indexOf(s));
        const svg = s.querySelector('figure[data-diagram="partnership-grid"] svg'), key = svg.querySelector('.grid-key');
        return {id, grid: box(svg), key: key && box(key), credit: !!s.querySelector('.frame > .credit'),
                words: key && [...key.querySelectorAll('text')].map(t => t.textContent),
                shown: key && key.checkVisibility(),
                least: Math.min(...[...svg.querySelectorAll('text')].map(t =>
                    parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a))};
    })""", grids)
    context.close()
    assert len(seen) == 5 and {grid["credit"] for grid in seen} == {True, False}, seen
    first = seen[0]
    assert all(grid["key"] is None for grid in seen), seen
    assert all(grid["grid"] == first["grid"] for grid in seen[1:4]), seen
    assert all(grid["least"] >= 32 for grid in seen), seen


def test_the_cold_open_and_the_four_questions_are_set_large_down_the_slide(browser, built_talk, presentation, deck):  # noqa: F811
    """The cold open's question (1) and the three questions the room is told to take home (12): type
    the back row reads, filling the slide top to bottom rather than a line mid-slide over an empty
    lower third; the PowerPoint file sets them about as large."""
    context, page = opened(browser, built_talk, "cold-open")
    seen = page.evaluate("""anchors => anchors.map(id => {
        const s = document.getElementById(id), box = e => e.getBoundingClientRect();
        Reveal.slide([...s.parentNode.children].indexOf(s), 0, 99);
        const parts = [...s.querySelectorAll('.stage.body > *')].filter(e => e.checkVisibility());
        const main = s.querySelector('.stage.body > .said, .stage.body > ol > li');
        return {id, px: parseFloat(getComputedStyle(main).fontSize) * Reveal.getScale(),
                top: Math.min(...parts.map(e => box(e).top)), bottom: Math.max(...parts.map(e => box(e).bottom)),
                screen: window.innerHeight};
    })""", ["cold-open", "spot-them"])
    context.close()
    least = {"cold-open": 96, "spot-them": 60}
    for slide in seen:
        assert slide["px"] >= least[slide["id"]], slide
        assert slide["top"] <= 0.35 * slide["screen"] and slide["bottom"] >= 0.7 * slide["screen"], slide
    made = deck_pages(presentation, deck)
    for number, slide in enumerate(deck.slides):
        if slide.anchor in least:  # PowerPoint's points: 1920 px are 960 pt wide
            sizes = [2 * pt for text, pt in face_runs(made[number]) if text.strip() not in slide.title]
            # (the file fits its own text boxes, a step smaller at most: the body size is 40 px)
            assert max(sizes) >= 0.9 * least[slide.anchor], (slide.anchor, sizes)


def test_the_exercise_in_the_powerpoint_file_is_its_steps_beside_the_path(presentation, deck):  # noqa: F811
    """The file the speaker may present from shows the exercise as the deck does: the four steps
    large and bold on the left, the path (first yes wins, its four questions) in a panel on the
    right, level with each other, not one list flowed into two columns."""
    number = next(index for index, slide in enumerate(deck.slides) if slide.anchor == "place-your-product")
    made = deck_pages(presentation, deck)[number]
    shapes = {shape.name: shape for shape in made.shapes if shape.name in ("Steps", "Path")}
    assert set(shapes) == {"Steps", "Path"}, [shape.name for shape in made.shapes]
    steps, path = shapes["Steps"], shapes["Path"]
    assert words(steps.text_frame.text).startswith("Pick one product") and "Tell a neighbour" in steps.text_frame.text
    assert "First yes wins" in path.text_frame.text and "Established" in path.text_frame.text
    assert steps.left + steps.width < path.left and path.fill.type is not None
    assert abs((steps.top + steps.height / 2) - (path.top + path.height / 2)) < 0.05 * made.part.package.presentation_part.presentation.slide_height
    size = lambda shape: {run.font.size.pt for p in shape.text_frame.paragraphs for run in p.runs if run.font.size}
    assert min(size(steps)) >= 1.15 * max(size(path)) and min(size(path)) >= 18, (size(steps), size(path))
    assert all(run.font.bold for p in steps.text_frame.paragraphs for run in p.runs if run.text.strip())
