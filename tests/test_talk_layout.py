"""The real talk's layouts as the back of the hall sees them at 1920x1080: the three roots of Part 2
in one layout (the root as the title, its anti-patterns side by side: the side's bar, the name,
the quote and its cost), in the deck, the slides PDF and the PowerPoint file; the grid and its key in
one place on every grid slide; the cold open and the three questions set large down the slide."""
from __future__ import annotations

from conftest import pdf_texts
from test_pptx import deck_pages, face, face_runs, presentation, pptx_path, words  # noqa: F401  (fixtures)
from test_talk import deck  # noqa: F401  (fixture)
from test_talk_look import opened

# What the room sees of a root's slide: its title, and per column its side's bar (its colour: both
# sides half each, the side said to a screen reader), its name, the quote's and the cost's type in
# screen pixels, their boxes and colours; the stage's box, to see the row fill it.
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
                const mark = c.querySelector('.side-mark'), name = c.querySelector('.anti-name'),
                      quote = c.querySelector('.symptom-quote'), cost = c.querySelector('.cost-line'),
                      style = getComputedStyle(mark);
                return {anti: c.dataset.anti, box: box(c), side: mark.getAttribute('aria-label'), mark: box(mark),
                        markColour: style.backgroundColor, markColours: (style.backgroundImage.match(/rgba?\\([^)]*\\)/g) || []),
                        name: box(name), nameText: name.textContent, namePx: px(name), nameColour: getComputedStyle(name).color,
                        quote: box(quote), quotePx: px(quote), quoteText: quote.textContent, cost: box(cost), costPx: px(cost),
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
    """Part 2 is three slides, one per root, titled with the root as a question ("Who decides?"):
    its anti-patterns in the talk's order, in columns side by side (3, 2, 1: one alone is full
    width), each under a bar in the colour the pictures give its side (both sides: half each), its
    name over its quote in the remedy map's red, 32 px and up (the room meets each name where it is
    shown, not first on the map), its quote set large (40 px and up, larger the fewer the columns)
    and its cost under it, in the cost colour, 28 px and up. The columns share one top, so the
    names and the quotes line up; the title at the top, where every content slide has it, and the
    row fills the stage under it, its bands of paper above and below about even."""
    roots = [slide for slide in deck.slides if slide.kind == "root"]
    assert [slide.anchor for slide in roots] == [root.id for root in deck.talk.roots]
    context, page = opened(browser, built_talk, roots[0].anchor)
    seen = page.evaluate(ROOT_JS, [slide.anchor for slide in roots])
    colours = sides_colours(page)
    context.close()
    sides = {"accent": "Product’s side", "deep": "Engineering’s side", "shared": "Both sides"}
    sizes = []
    for slide, shown in zip(roots, seen):
        assert shown["title"] == slide.subject.name.capitalize() + "?", shown["title"]
        columns = shown["columns"]
        assert [c["anti"] for c in columns] == [a.id for a in deck.talk.anti_patterns if a.root == slide.subject.id]
        for column, anti in zip(columns, slide.grows):
            assert column["side"] == sides[anti.tone], column
            if anti.tone == "shared":  # product's colour and engineering's, half each
                assert sorted(set(column["markColours"])) == sorted({colours["accent"], colours["deep"]}), column
            else:
                assert column["markColour"] == colours[anti.tone], column
            assert column["nameText"] == anti.name.replace("'", "’") and column["nameColour"] != column["warn"], column
            assert column["mark"]["bottom"] <= column["name"]["top"] and column["name"]["bottom"] <= column["quote"]["top"] + 1
            assert column["namePx"] >= 32 and column["quotePx"] >= 40 and column["costPx"] >= 28, column
            assert column["costColour"] == column["warn"], column
            assert column["quote"]["bottom"] <= column["cost"]["top"] + 1, column  # the cost under its quote
        for left, right in zip(columns, columns[1:]):  # side by side, level, not touching
            assert left["box"]["right"] + 32 <= right["box"]["left"], (left, right)
            assert abs(left["box"]["top"] - right["box"]["top"]) <= 1, (left, right)
            assert abs(left["name"]["top"] - right["name"]["top"]) <= 1, (left, right)
            assert abs(left["quote"]["top"] - right["quote"]["top"]) <= 1, (left, right)
        assert len({round(c["quotePx"]) for c in columns}) == 1, columns  # one size across the row
        sizes.append(columns[0]["quotePx"])
        stage, row_left = shown["stage"], columns[0]["box"]["left"]
        assert abs(row_left - shown["header"]["left"]) <= 2 and columns[-1]["box"]["right"] >= stage["right"] - 40
        top = min(c["box"]["top"] for c in columns)
        bottom = max(c["cost"]["bottom"] for c in columns)
        # The title at the frame's top; the row inside the stage, filling most of it, starting close
        # under the title (centred, it left a band of ~150 px under the title: review 24).
        high = shown["screen"][1]
        assert abs(shown["header"]["top"] - shown["frame"]["top"]) <= 1, shown["header"]
        above, below = top - stage["top"], stage["bottom"] - bottom
        assert above >= -1 and below >= -1 and above <= 0.04 * high, (above, below)
        assert bottom - top >= 0.55 * (stage["bottom"] - stage["top"]), (top, bottom, stage)
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
        for place, anti in enumerate(slide.grows):
            # (a published figure stands in the first column's cost row: that cost, measured)
            for text in (anti.symptoms[0], slide.datum if slide.datum and not place else anti.consequences[0]):
                assert straight(text) in printed and straight(text) in face_words, (text, face_words)
            assert anti.name in notes and straight(anti.summary) in notes
        boxes = [shape for shape in made[number].shapes if shape.name == "Symptom and cost"]
        assert len(boxes) == len(slide.grows) and len({shape.top for shape in boxes}) == 1
        for shape in boxes:
            assert shape.left >= 0 and shape.left + shape.width <= presentation.slide_width
            assert shape.top + shape.height <= BOTTOM * emu
        lefts = [shape.left for shape in boxes]
        assert lefts == sorted(lefts) and len(set(lefts)) == len(lefts)
        # The first root's side words on chips of their side's colour, as the deck draws them (review
        # 24: rendered, the PowerPoint file showed plain words), each chip the colour of its column's bar.
        shapes = list(made[number].shapes)
        chips = [shape for shape in shapes if shape.name == "Side word chip"]
        if slide.anchor == "who-decides":
            bars = [shape for shape in shapes if shape.name.startswith("Side: ")]
            assert [shape.text_frame.text for shape in shapes if shape.name == "Side word"] == ["Product", "Product",
                                                                                             "Engineering"]
            assert [c.fill.fore_color.rgb for c in chips] == [b.fill.fore_color.rgb for b in bars]
            named = [shape for shape in shapes if shape.name == "Anti-pattern named"]
            assert all(chip.left + chip.width <= name.left for chip, name in zip(chips, named))
        else:
            assert chips == [], slide.anchor


def test_the_remedy_map_names_each_root_beside_the_anti_patterns_it_grows(browser, built_talk, deck):  # noqa: F811
    """The remedy map shows the roots the notes tell: each root's name, in the chrome's graphite, level
    with the middle of its group of anti-patterns and left of it, the groups in the roots' order."""
    context, page = opened(browser, built_talk, "remedy-map")
    seen = page.evaluate("""() => {
        const svg = Reveal.getCurrentSlide().querySelector('svg'), box = e => e.getBoundingClientRect();
        const probe = document.createElement('p'); probe.style.color = 'var(--accent)';
        Reveal.getCurrentSlide().appendChild(probe); const kicker = getComputedStyle(probe).color; probe.remove();
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
    # every column credits the work it builds on, as its siblings do (the trio's column included)
    assert len(seen) == 5 and all(grid["credit"] for grid in seen), seen
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
    assert words(steps.text_frame.text).startswith("Pick one decision") and "Tell a neighbour" in steps.text_frame.text
    assert "First yes wins" in path.text_frame.text and "Established" in path.text_frame.text
    assert steps.left + steps.width < path.left and path.fill.type is not None
    assert abs((steps.top + steps.height / 2) - (path.top + path.height / 2)) < 0.05 * made.part.package.presentation_part.presentation.slide_height
    size = lambda shape: {run.font.size.pt for p in shape.text_frame.paragraphs for run in p.runs if run.font.size}
    assert min(size(steps)) >= 1.15 * max(size(path)) and min(size(path)) >= 18, (size(steps), size(path))
    assert all(run.font.bold for p in steps.text_frame.paragraphs for run in p.runs if run.text.strip())


# Each slide's title and what kind of slide it is (its eyebrow), as the room sees them, every step shown.
TITLES_JS = """() => [...document.querySelectorAll('.reveal .slides > section')].map((s, index) => {
    Reveal.slide(index, 0, 99);
    const title = s.querySelector('.frame > header h2, .frame > h2'), eyebrow = s.querySelector('.frame > header > .eyebrow');
    const box = e => e && e.checkVisibility() ? e.getBoundingClientRect().toJSON() : null;
    return {id: s.id, kind: s.dataset.kind, statement: s.classList.contains('layout-statement'),
            title: box(title), eyebrow: box(eyebrow)};
})"""


def test_every_content_slide_holds_its_title_at_one_height(browser, built_talk):
    """A title centred with its slide's words moved between y 70 and 240 from slide to slide, and
    the title line read as a bounce: every content slide's title starts at one height (not the title
    slide, the dividers, the closing slide or a line said alone, which are set large in the middle),
    and a slide's eyebrow sits above its title, inside the slide, not pushing it down."""
    context, page = opened(browser, built_talk, "title")
    seen = page.evaluate(TITLES_JS)
    context.close()
    content = [s for s in seen if s["kind"] not in ("title", "section", "closing") and not s["statement"] and s["title"]]
    assert len(content) >= 25, [s["id"] for s in content]
    tops = {s["id"]: round(s["title"]["top"]) for s in content}
    assert max(tops.values()) - min(tops.values()) <= 1, tops
    assert min(tops.values()) <= 100, tops  # at the top of the frame, not lowered to the middle
    raised = [s for s in content if s["eyebrow"]]
    assert raised, "no eyebrow to check"
    for s in raised:
        assert 0 <= s["eyebrow"]["top"] and s["eyebrow"]["bottom"] <= s["title"]["top"], s


def test_the_wardley_maps_labels_read_from_the_back_and_automated_names_its_ghost(browser, built_talk):
    """Every word on the map at 28 px and more (it was about 26), and "Automated" over its ghost's
    ring, not level with "Compliance checks" beside it, where the two read as one phrase."""
    context, page = opened(browser, built_talk, "wardley-map")
    seen = page.evaluate("""() => {
        const svg = Reveal.getCurrentSlide().querySelector('figure.diagram svg'), box = e => e.getBoundingClientRect().toJSON();
        const labels = [...svg.querySelectorAll('text')].map(t => ({text: t.textContent, box: box(t),
            px: parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a}));
        return {labels, ghost: box(svg.querySelector('circle.ghost')),
                moving: box([...svg.querySelectorAll('text.component-label')].find(t => t.textContent === 'Compliance checks'))};
    }""")
    context.close()
    assert seen["labels"] and min(label["px"] for label in seen["labels"]) >= 28, seen["labels"]
    ghost = next(label["box"] for label in seen["labels"] if label["text"] == "Automated")
    ring = seen["ghost"]
    assert ghost["bottom"] <= ring["top"] and ghost["left"] <= ring["right"] and ghost["right"] >= ring["left"], (ghost, ring)
    assert ghost["bottom"] <= seen["moving"]["top"], (ghost, seen["moving"])  # above, not level with, the part's name


def test_the_wardley_map_shows_who_reads_what_in_the_sides_colours(browser, built_talk, deck):
    """The title claims product reads the market and engineering the technology: the market-facing
    parts are tagged in product's blue, the technology in engineering's amber; every name at 32 px or
    more, and no tag sits over a line of the chain (a line under a name reads as crossing it)."""
    context, page = opened(browser, built_talk, "wardley-map")
    seen = page.evaluate("""() => {
        const svg = Reveal.getCurrentSlide().querySelector('figure.diagram svg');
        const probe = tone => { const e = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
            e.setAttribute('class', 'tone-' + tone); svg.appendChild(e); const c = getComputedStyle(e).fill; e.remove(); return c; };
        const tags = [...svg.querySelectorAll('rect.component-tag:not(.ghost)')];
        const names = [...svg.querySelectorAll('text.component-label')];
        const legend = [...svg.querySelectorAll('text.legend-label')];
        return {blue: probe('accent'), amber: probe('deep'),
                legend: legend.map(t => [t.textContent.trim(), getComputedStyle(t.previousElementSibling).fill,
                                         parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a]),
                tags: names.map(t => [[...t.querySelectorAll('tspan')].map(s => s.textContent.trim()).join(' ') || t.textContent.trim(), getComputedStyle(t.previousElementSibling).fill,
                                           parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a]),
                boxes: tags.map(t => t.getBBox()).map(b => [b.x, b.y, b.x + b.width, b.y + b.height]),
                lines: [...svg.querySelectorAll('line.chain')].map(l => ['x1', 'y1', 'x2', 'y2'].map(a => l[a].baseVal.value))};
    }""")
    context.close()
    example = next(tool for tool in deck.talk.tools if tool.id == "wardley-map").example
    reads = {c.name: c.tone for c in example.components}
    assert "Compliance checks" in reads and "Payroll checks" not in reads
    # The colours are this talk's reading, not Wardley's: a two-item legend says so on the map.
    legend = {name: fill for name, fill, px in seen["legend"] if px >= 28}
    assert legend == {"Product reads": seen["blue"], "Engineering reads": seen["amber"]}, seen["legend"]
    for name, fill, px in seen["tags"]:
        if name == "Automated":
            continue
        assert fill == {"accent": seen["blue"], "deep": seen["amber"]}[reads[name]], (name, fill, seen)
        assert px >= 32, (name, px)
    assert (reads["Staff paid on time"], reads["Compliance checks"]) == ("accent", "deep")  # market, technology

    def crosses(line, box) -> bool:  # sampled along the line: any point strictly inside the tag
        x1, y1, x2, y2 = line
        return any(box[0] + 2 < x1 + (x2 - x1) * t / 50 < box[2] - 2 and box[1] + 2 < y1 + (y2 - y1) * t / 50 < box[3] - 2
                   for t in range(51))
    assert not [(line, box) for line in seen["lines"] for box in seen["boxes"] if crosses(line, box)], seen
