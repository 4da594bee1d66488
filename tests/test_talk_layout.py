"""The real talk's layouts as the back of the hall sees them at 1920x1080: the six anti-patterns in
one layout, in depth or in brief (a kicker naming the root and the side whose colour the band is,
the name, the quote and its cost), in the deck, the slides PDF and the PowerPoint file; the grid and its key in
one place on every grid slide; the cold open and the three questions set large down the slide."""
from __future__ import annotations

from conftest import pdf_texts
from test_pptx import deck_pages, face, face_runs, presentation, pptx_path, words  # noqa: F401  (fixtures)
from test_talk import deck  # noqa: F401  (fixture)
from test_talk_look import opened

# What the room sees of an anti-pattern slide: its title, whether a label or a claim shows above
# it, the quote's type in screen pixels and where its lines start, and any band down the left edge.
ANTI_PATTERN_JS = """anchors => anchors.map(id => {
    const s = document.getElementById(id), box = e => e.getBoundingClientRect();
    Reveal.slide([...s.parentNode.children].indexOf(s), 0, 99);
    const shown = sel => [...s.querySelectorAll(sel)].filter(e => e.checkVisibility());
    const quote = s.querySelector('.symptom-quote'), band = shown('.side-band')[0];
    const range = document.createRange();
    range.selectNodeContents(quote);
    const kicker = shown('.kicker')[0], chip = kicker && kicker.querySelector('.side-chip');
    return {id, title: s.querySelector('h2').textContent, above: shown('.eyebrow, .claim').length,
            kicker: kicker ? kicker.textContent : '',
            chip: chip ? (getComputedStyle(chip).borderLeftColor !== getComputedStyle(chip).borderRightColor
                          && parseFloat(getComputedStyle(chip).borderLeftWidth) >= 12 ? 'both'
                          : getComputedStyle(chip).backgroundColor) : null,
            kickerPx: kicker ? parseFloat(getComputedStyle(kicker).fontSize) * Reveal.getScale() : 0,
            titleLines: Math.round(box(s.querySelector('h2')).height
                                   / parseFloat(getComputedStyle(s.querySelector('h2')).lineHeight)),
            quote: parseFloat(getComputedStyle(quote).fontSize) * Reveal.getScale(),
            starts: [...range.getClientRects()].map(r => Math.round(r.left)),
            content: box(s.querySelector('h2')).left,
            cost: shown('.cost-line').length,
            band: band ? {...box(band).toJSON(), colour: getComputedStyle(band).backgroundImage !== 'none'
                          ? 'both' : getComputedStyle(band).backgroundColor} : null,
            screen: [window.innerWidth, window.innerHeight]};
})"""


def sides_colours(page) -> dict:
    return page.evaluate("""() => { const probe = document.createElement('div');
        document.querySelector('.reveal').appendChild(probe);
        const read = v => { probe.style.background = `var(${v})`; return getComputedStyle(probe).backgroundColor; };
        const found = {accent: read('--side-accent'), deep: read('--side-deep'), shared: 'both'};
        probe.remove(); return found; }""")


def test_the_six_anti_patterns_share_one_layout_that_names_their_root_and_explains_their_colour(browser, built_talk, deck):  # noqa: F811
    """In depth or in brief, an anti-pattern said at work is one layout: a kicker naming the root it
    grows from ("Root 1 · who decides") and the side whose habit it is, on a chip of the same colour
    as the band down the whole left edge (both sides: the words between the two colours, as on the
    grid), so the band is explained on the first slide that shows it;
    the name as the one-line title; the quote set large and flush left; its cost under it."""
    antis = [slide for slide in deck.slides if slide.kind == "anti-pattern"]
    assert len(antis) == 6 and all(slide.quoted for slide in antis)
    context, page = opened(browser, built_talk, antis[0].anchor)
    seen = {slide["id"]: slide for slide in page.evaluate(ANTI_PATTERN_JS, [slide.anchor for slide in antis])}
    colours = sides_colours(page)
    context.close()
    roots = [root.id for root in deck.talk.roots]
    sides = {"accent": "Product’s side", "deep": "Engineering’s side", "shared": "Both sides"}
    assert [roots.index(slide.subject.root) + 1 for slide in antis] == [1, 1, 1, 2, 2, 3]
    quotes = set()
    for slide in antis:
        shown, root = seen[slide.anchor], deck.talk.roots[roots.index(slide.subject.root)]
        assert shown["cost"] == 1 and shown["above"] == 1, shown  # the kicker; the claim waits for readers
        assert shown["kicker"] == f"Root {roots.index(root.id) + 1} · {root.name} {sides[slide.subject.tone]}", shown
        assert shown["kickerPx"] >= 32, shown
        assert shown["title"] == slide.subject.name.replace("'", "’") and shown["titleLines"] == 1, shown
        assert shown["quote"] >= 130, shown
        quotes.add(round(shown["quote"]))
        assert abs(min(shown["starts"]) - shown["content"]) <= 24, shown  # flush left, under the name
        band, (width, height) = shown["band"], shown["screen"]
        assert band and band["left"] <= 1 and band["width"] >= 40 and band["height"] >= height - 1, shown
        assert band["colour"] == shown["chip"] == colours[slide.subject.tone], (shown, colours)
    assert len(quotes) == 1, quotes  # one size for all six: the same slide, six times


def test_the_printed_and_powerpoint_anti_patterns_name_the_anti_pattern_and_keep_the_claim_off_the_face(
        built_talk, built_file, presentation, deck):  # noqa: F811
    """The slides PDF prints what the room saw, the kicker included; the PowerPoint slide says the
    same, its claim in the notes, where the speaker finds it."""
    pages = pdf_texts(built_file(".pdf"))
    made = deck_pages(presentation, deck)
    for number, slide in enumerate(deck.slides):
        if not slide.quoted:
            continue
        printed = words(pages[number]).replace("’", "'")
        assert slide.subject.name in printed and slide.title not in printed, printed
        assert "ROOT" in printed.upper() and "SIDE" in printed.upper(), printed
        face_words = words(made[number].shapes.title.text_frame.text + " " + face(made[number])).replace("’", "'")
        assert slide.subject.name in face_words and slide.title not in face_words, face_words
        assert "ROOT" in face_words.upper() and "SIDE" in face_words.upper(), face_words
        assert slide.title in words(made[number].notes_slide.notes_text_frame.text).replace("’", "'")


def test_the_remedy_map_names_each_root_beside_the_anti_patterns_it_grows(browser, built_talk, deck):  # noqa: F811
    """Slide 11 shows the roots the notes tell: each root's name, in the kickers' navy, level with
    the middle of its group of anti-patterns and left of it, the groups in the roots' order."""
    context, page = opened(browser, built_talk, "remedy-map")
    seen = page.evaluate("""() => {
        const svg = Reveal.getCurrentSlide().querySelector('svg'), box = e => e.getBoundingClientRect();
        const kicker = getComputedStyle(document.querySelector('#product-as-order-giver .kicker')).color;
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


def test_the_grid_keeps_one_box_and_shows_its_key_once(browser, built_talk, deck):  # noqa: F811
    """The grid grows a column a slide and does not move, credit line or not: the four context grids
    keep one box. Its key (which colour is which side) is read once, under the first grid; the grids
    after it, the reveal too, show none (each lead cell's words name its colour), and every word in
    a grid is at least 32 px at 1920x1080."""
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
    assert first["shown"], first
    assert first["words"] == ["Product", "Engineering", "Both together", "The trio"], first
    assert first["key"][1] >= first["grid"][1] + 0.8 * (first["grid"][3] - first["grid"][1]), first  # under it
    assert all(grid["key"] is None for grid in seen[1:]), seen
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
