"""The real talk's look from the back of the hall, at 1920x1080: the recap's cards as tall as their
words and in the middle of the frame (and plain sentences where it is read), product and
engineering each drawn in one colour in every diagram, bars of one width where their length
means nothing, the source line in line with the content and the slide number readable on the
dark dividers."""
from __future__ import annotations

import io
import re

from PIL import Image

from conftest import open_offline, pdf_texts
from test_talk import deck  # noqa: F401  (fixture)


def opened(browser, built_talk, anchor: str):
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, reduced_motion="reduce")
    page = context.new_page()
    assert open_offline(page, (built_talk / "index.html").as_uri() + f"#/{anchor}") == []
    page.evaluate("() => document.fonts.ready.then(() => true)")
    return context, page


def test_the_recap_cards_are_as_tall_as_their_words_and_sit_mid_frame(browser, built_talk):
    context, page = opened(browser, built_talk, "recap")
    seen = page.evaluate("""() => {
        const slide = Reveal.getCurrentSlide(), box = e => e.getBoundingClientRect();
        // Under the title; the handout's code at the right, large enough to scan from the back.
        const row = box(slide.querySelector('h2')).bottom, code = box(slide.querySelector('.take-home svg.qr'));
        return {title: row, frame: box(slide.querySelector('.frame')).bottom, code: [code.left, code.width, code.height],
                cards: [...slide.querySelectorAll('ol.recap > li')].map(li => ({
                    top: box(li).top, bottom: box(li).bottom, right: box(li).right,
                    words: Math.max(...[...li.children].filter(e => e.checkVisibility()).map(e => box(e).bottom)),
                    px: parseFloat(getComputedStyle(li.querySelector('strong')).fontSize) * Reveal.getScale()}))};
    }""")
    context.close()
    cards, space = seen["cards"], seen["frame"] - seen["title"]
    assert len(cards) == 3
    # The tallest card ends under its last words (its padding), not a panel's height further down.
    assert min(card["bottom"] - card["words"] for card in cards) <= 80, cards
    top, bottom = min(card["top"] for card in cards), max(card["bottom"] for card in cards)
    assert abs((top - seen["title"]) - (seen["frame"] - bottom)) <= 48, seen  # in the middle, not at the top
    assert bottom - top >= 0.5 * space, seen  # a group the room reads, not a thin band
    assert min(card["px"] for card in cards) >= 60, cards
    left, width, height = seen["code"]
    assert min(width, height) >= 450 and all(card["right"] < left for card in cards), seen


def test_the_printed_recap_reads_as_large_as_the_projected_one(built_talk, deck):  # noqa: F811
    """The slides PDF is what the room saw: its recap's words are set as large as the deck's (the
    smaller type is for the handout and the reading view, which add each takeaway's sentence)."""
    from pypdf import PdfReader

    slides_pdf = next(p for p in built_talk.glob("*.pdf") if not p.stem.endswith("-handout"))
    number = next(i for i, slide in enumerate(deck.slides) if slide.kind == "recap")
    page = PdfReader(slides_pdf).pages[number]
    height, sizes = float(page.mediabox.height), {}

    def seen(text, cm, tm, font, size):  # the type's height in px of a 1920x1080 slide
        if text.strip():
            sizes[text.strip()] = size * abs(tm[3]) * abs(cm[3]) / height * 1080

    page.extract_text(visitor_text=seen)
    shorts = [px for text, px in sizes.items() for takeaway in deck.talk.takeaways
              if text and takeaway.short.startswith(text)]
    assert len(shorts) >= 3, sizes
    assert min(shorts) >= 60, sizes


def test_the_handout_prints_each_takeaway_as_a_sentence_of_its_own(built_talk, deck):  # noqa: F811
    handout = " ".join(" ".join(pdf_texts(next(built_talk.glob("*-handout.pdf")))).split()).replace("’", "'")
    for takeaway in deck.talk.takeaways:
        start = re.escape(" ".join(takeaway.text.replace("’", "'").split()[:4]))
        assert re.search(start, handout), takeaway.text
        assert not re.search(r":\s*" + start, handout), takeaway.text  # no colon stuck before it
        assert not re.search(r"\(\s*slides?\s+\d", handout, re.I)  # where it was told: a line, not an aside


# What fills the shape each label of one side sits in, on every slide: the grid's cells, the
# pictures' bars and panels. Neutral cells (who advises, on the panel or the paper) carry no side.
SIDE_FILLS = """(names) => {
  const seen = {product: [], engineering: []};
  const fill = e => getComputedStyle(e).fill;
  const neutral = ['--panel', '--paper'].map(name => {
      const probe = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
      probe.style.fill = `var(${name})`; document.querySelector('.reveal svg').appendChild(probe);
      const colour = fill(probe); probe.remove(); return colour; });
  const sections = [...document.querySelectorAll('.reveal .slides > section')];
  for (const svg of document.querySelectorAll('.reveal .slides figure.diagram svg')) {
    Reveal.slide(sections.indexOf(svg.closest('.slides > section')), 0, 99);  // drawn, so measured
    // Each box in the drawing's own units, whatever group it sits in.
    const place = e => { const b = e.getBBox(), m = e.getCTM(), svgM = svg.getCTM().inverse().multiply(m);
      const a = new DOMPoint(b.x, b.y).matrixTransform(svgM), c = new DOMPoint(b.x + b.width, b.y + b.height).matrixTransform(svgM);
      return {x: a.x, y: a.y, width: c.x - a.x, height: c.y - a.y}; };
    const shapes = [...svg.querySelectorAll('rect, circle')].filter(s => fill(s) !== 'none').map(s => [s, place(s)]);
    for (const text of svg.querySelectorAll('text')) {
      const side = Object.keys(names).find(key => names[key].includes(text.textContent.trim()));
      if (!side) continue;
      const t = place(text), x = t.x + t.width / 2, y = t.y + t.height / 2;
      const under = shapes.filter(([, b]) => b.x <= x && x <= b.x + b.width
          && b.y <= y && y <= b.y + b.height).sort((a, b) => a[1].width * a[1].height - b[1].width * b[1].height);
      if (under.length && !neutral.includes(fill(under[0][0])))
        seen[side].push([svg.closest('section').id, text.textContent.trim(), fill(under[0][0])]);
    }
  }
  return seen;
}"""


def test_product_and_engineering_each_keep_one_colour_in_every_diagram(browser, built_talk):
    context, page = opened(browser, built_talk, "agree-the-context")
    seen = page.evaluate(SIDE_FILLS, {"product": ["Product", "Product leads", "Product manager"],
                                      "engineering": ["Engineering", "Tech lead"]})
    context.close()
    product, engineering = ({fill for _, _, fill in seen[side]} for side in ("product", "engineering"))
    # Both sides are drawn on the grid and the decision rights.
    assert {anchor for anchor, _, _ in seen["engineering"]} >= {"internal-customers",
                                                                 "engineering-at-the-strategy-table",
                                                                 "partnership-grid"}, seen
    assert len(product) == 1 and len(engineering) == 1 and product != engineering, seen


# Every colour a picture paints (fills and lines), read from the page as drawn.
PAINTED = """(anchors) => Object.fromEntries(anchors.map(id => {
    const s = document.getElementById(id), colours = new Set();
    Reveal.slide([...s.parentNode.children].indexOf(s), 0, 99);
    for (const e of s.querySelectorAll('figure.diagram svg *')) {
        const style = getComputedStyle(e);
        if (!e.checkVisibility() || e.matches('text, g, svg, defs, title, desc')) continue;
        for (const paint of [style.fill, style.stroke]) if (paint !== 'none' && !paint.endsWith(', 0)')) colours.add(paint);
    }
    return [id, [...colours]];
}))"""


def test_a_picture_that_is_not_about_the_two_sides_paints_in_neither_sides_colour(browser, built_talk):
    """Mid-blue means product and navy engineering; a remedy map, a Cynefin map, a story map, a tree,
    or a before-and-after drawn in them would claim a side they are not about (the Wardley map is about
    the sides: who reads which part, tested with it)."""
    context, page = opened(browser, built_talk, "agree-the-context")
    sides = page.evaluate(SIDE_FILLS, {"product": ["Product"], "engineering": ["Engineering"]})
    plain = ["remedy-map", "context-map", "story-mapping", "opportunity-solution-tree",
             "platform-as-product"]
    painted = page.evaluate(PAINTED, plain)
    context.close()
    product, engineering = ({fill for _, _, fill in sides[side]} for side in ("product", "engineering"))
    assert len(product) == 1 and len(engineering) == 1, sides
    for anchor in plain:
        assert len(painted[anchor]) >= 3, (anchor, painted[anchor])  # drawn, in more than one colour
        assert not (product | engineering) & set(painted[anchor]), (anchor, painted[anchor], product, engineering)


def test_the_bars_of_who_decides_are_one_width(browser, built_talk):
    """A longer bar would read as a larger share of the decision: the words say who decides."""
    context, page = opened(browser, built_talk, "engineering-at-the-strategy-table")
    widths = page.evaluate("""() => [...document.querySelectorAll('section[id] figure[data-diagram="decision-rights"]')]
        .filter(f => f.checkVisibility())
        .map(f => [...f.querySelectorAll('svg rect.tone')].map(r => Math.round(r.getBoundingClientRect().width)))""")
    context.close()
    assert len(widths) == 1 and len(set(widths[0])) == 1 and len(widths[0]) >= 3 and widths[0][0] > 0, widths


def test_the_source_line_starts_at_the_content_edge_clear_of_the_slide_number(browser, built_talk):
    context, page = opened(browser, built_talk, "engineering-at-the-strategy-table")
    boxes = page.evaluate("""() => [...document.querySelectorAll('.reveal .slides > section')]
        .filter(s => s.querySelector('.credit')).map(s => {
            Reveal.slide([...s.parentNode.children].indexOf(s));
            const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
            return {id: s.id, credit: box(s.querySelector('.credit')), title: box(s.querySelector('h2')),
                    number: box(document.querySelector('.slide-number')),
                    px: parseFloat(getComputedStyle(s.querySelector('.credit')).fontSize) * Reveal.getScale()};
        })""")
    context.close()
    assert len(boxes) >= 5
    for slide in boxes:
        credit, number = slide["credit"], slide["number"]
        assert abs(credit[0] - slide["title"][0]) <= 1, slide  # in line with the title and the content
        assert slide["px"] >= 32, slide
        assert credit[2] <= number[0] or number[3] <= credit[1], slide  # beside the number, never under it


def contrast(a: tuple, b: tuple) -> float:
    def lum(colour):
        linear = [c / 255 / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in colour[:3]]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    light, dark = sorted((lum(a), lum(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_slide_number_reads_light_on_the_dark_dividers(browser, built_talk, deck):  # noqa: F811
    """Photographed: the number's lightest pixels against the divider's navy around them."""
    dividers = [slide.anchor for slide in deck.slides if slide.kind == "section"]
    assert len(dividers) == 4
    context, page = opened(browser, built_talk, dividers[0])
    for anchor in dividers:
        page.evaluate(f"Reveal.slide([...document.querySelectorAll('.reveal .slides > section')]"
                      f".findIndex(s => s.id === '{anchor}'))")
        page.wait_for_function(f"() => Reveal.getCurrentSlide().id === '{anchor}'")
        page.wait_for_timeout(100)
        box = page.locator(".slide-number").bounding_box()
        assert box and box["width"] > 20, anchor
        shot = Image.open(io.BytesIO(page.screenshot(clip=box))).convert("RGB")
        pixels = [shot.getpixel((x, y)) for x in range(shot.width) for y in range(shot.height)]
        ground = max(set(pixels), key=pixels.count)  # the navy around the figures
        ink = max(pixels, key=lambda p: contrast(p, ground))
        assert sum(ground) < 3 * 100, (anchor, ground)  # dark: the divider's navy, not the paper
        assert contrast(ink, ground) >= 4.5, (anchor, ink, ground)
    context.close()


def test_a_slide_shown_on_request_carries_no_number_and_the_talk_after_it_does(browser, built_talk, deck):  # noqa: F811
    """The slides after the last line are not the talk's: no "33 / 31" while one is up, and the
    number comes back on the counted slide the speaker returns to."""
    extra = next(slide.anchor for slide in deck.slides if slide.on_request)
    counted = next(slide.anchor for slide in deck.slides if slide.kind == "recap")
    context, page = opened(browser, built_talk, extra)
    shown = "() => getComputedStyle(document.querySelector('.slide-number')).visibility === 'visible'"
    assert not page.evaluate(shown)
    page.evaluate(f"Reveal.slide([...document.querySelectorAll('.reveal .slides > section')]"
                  f".findIndex(s => s.id === '{counted}'))")
    page.wait_for_function(shown)
    assert page.locator(".slide-number").is_visible()
    context.close()


def test_the_printed_slide_number_is_as_large_and_as_light_as_the_projected_one(built_talk, deck):  # noqa: F811
    """The slides PDF, photographed at 1920x1080: each divider's number (bottom right) is light on
    its navy and as tall as the deck's, not reveal's own 14 px print default in the page's grey."""
    import subprocess

    slides_pdf = next(p for p in built_talk.glob("*.pdf") if not p.stem.endswith("-handout"))
    for number, slide in enumerate(deck.slides, start=1):
        if slide.kind != "section":
            continue
        png = subprocess.run(["pdftoppm", "-png", "-scale-to-x", "1920", "-scale-to-y", "1080", "-f", str(number),
                              "-l", str(number), str(slides_pdf)], capture_output=True, check=True).stdout
        corner = Image.open(io.BytesIO(png)).convert("RGB").crop((1920 - 140, 1080 - 80, 1920, 1080 - 8))
        pixels = [corner.getpixel((x, y)) for y in range(corner.height) for x in range(corner.width)]  # row by row
        ground = max(set(pixels), key=pixels.count)
        figures = [p for p in pixels if contrast(p, ground) >= 4.5]
        assert sum(ground) < 3 * 100, (slide.anchor, ground)
        rows = {i // corner.width for i, p in enumerate(pixels) if contrast(p, ground) >= 4.5}
        assert figures and max(rows) - min(rows) >= 16, (slide.anchor, len(figures))  # figures ~20 px tall


def test_few_words_fill_the_frame_not_its_left_two_thirds_or_its_top_half(browser, built_talk):
    """The myth, the roots with several anti-patterns side by side: their words reach across the
    frame; the title slide reaches down it."""
    context, page = opened(browser, built_talk, "title")
    seen = page.evaluate("""() => Object.fromEntries(['title', 'the-myth', 'who-decides',
            'what-gets-priority'].map(id => {
        const s = document.getElementById(id);
        Reveal.slide([...s.parentNode.children].indexOf(s), 0, 99);
        const frame = s.querySelector('.frame').getBoundingClientRect(), range = document.createRange();
        const lines = [...s.querySelectorAll('.frame p, .frame h1')].filter(e => e.checkVisibility()
            && !e.closest('.reader-only, .credit')).flatMap(e => { range.selectNodeContents(e); return [...range.getClientRects()]; });
        return [id, {right: (Math.max(...lines.map(r => r.right)) - frame.left) / frame.width,
                     bottom: (Math.max(...lines.map(r => r.bottom)) - frame.top) / frame.height}];
    }))""")
    context.close()
    assert seen["title"]["bottom"] >= 0.6, seen
    for anchor in ("the-myth", "who-decides", "what-gets-priority"):
        assert seen[anchor]["right"] >= 0.8, (anchor, seen)


def test_two_views_that_clash_set_their_values_at_one_size(browser, built_talk):
    """"Unknown needs" set larger than "An established market" would read as the view that wins (the
    longer may take two lines: the type is one size)."""
    context, page = opened(browser, built_talk, "agree-the-context")
    sizes = page.evaluate("""() => [...document.querySelectorAll('#agree-the-context figure svg text.value')]
        .map(t => [t.textContent.trim(), parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a])""")
    context.close()
    assert len(sizes) == 2 and sizes[0][0] != sizes[1][0], sizes
    assert abs(sizes[0][1] - sizes[1][1]) <= 1, sizes


def test_the_printed_recap_keeps_each_hyphenated_takeaway_whole(built_talk, deck):  # noqa: F811
    """"Spot the anti-/patterns" broken at its hyphen reads as two words; the card's line breaks
    before the word instead (the slides PDF, whose cards are narrower than the projected ones)."""
    from pypdf import PdfReader

    slides_pdf = next(p for p in built_talk.glob("*.pdf") if not p.stem.endswith("-handout"))
    number = next(i for i, slide in enumerate(deck.slides) if slide.kind == "recap")
    lines = PdfReader(slides_pdf).pages[number].extract_text().splitlines()
    assert [line for line in lines if "anti-patterns" in line.split()], lines
    assert not [line for line in lines if line.endswith("-")], lines


def test_each_divider_is_one_large_block_in_the_middle_of_the_slide(browser, built_talk, deck):  # noqa: F811
    """A divider is a pause: its part, title and question one block centred top to bottom, the title
    large; two words in the top-left corner of a navy slide read as an empty slide."""
    dividers = [slide.anchor for slide in deck.slides if slide.kind == "section"]
    context, page = opened(browser, built_talk, dividers[0])
    seen = page.evaluate("""anchors => anchors.map(id => {
        const s = document.getElementById(id);
        Reveal.slide([...s.parentNode.children].indexOf(s));
        const parts = [...s.querySelectorAll('.frame > *')].filter(e => e.checkVisibility()).map(e => e.getBoundingClientRect());
        return {id, top: Math.min(...parts.map(r => r.top)),  // the eyebrow's bar included
                bottom: Math.max(...parts.map(r => r.bottom)), screen: window.innerHeight,
                title: parseFloat(getComputedStyle(s.querySelector('h2')).fontSize) * Reveal.getScale()};
    })""", dividers)
    context.close()
    assert len(seen) == 4
    for divider in seen:
        middle = (divider["top"] + divider["bottom"]) / 2
        assert abs(middle - divider["screen"] / 2) <= 60, divider
        assert divider["title"] >= 140, divider


def test_the_handouts_reading_list_gives_each_work_its_title_once(built_talk, deck):  # noqa: F811
    """The room sees author and year; the reader of the handout gets each work's full title, once,
    not the credit with the title repeated in brackets after it."""
    handout = " ".join(" ".join(pdf_texts(next(built_talk.glob("*-handout.pdf")))).split()).replace("’", "'")
    for link in deck.talk.links.more:
        title = " ".join(link.label.split()).replace("’", "'")
        assert title in handout, title
        assert f"({title})" not in handout, title


def test_the_handouts_outline_adds_up_as_the_programmes_does(built_talk, deck):  # noqa: F811
    """The handout's cover and cfp.md give a reader the same outline, without the speaker's
    scaffolding: no divider listed as an item (a part's minutes are its items' plus its divider's),
    no slide shown only on request, no part of only those."""
    import re
    import subprocess

    handout = subprocess.run(["pdftotext", "-layout", "-l", "3", str(next(built_talk.glob("*-handout.pdf"))), "-"],
                             capture_output=True, text=True, check=True).stdout
    cover = " ".join(handout.split("SLIDE 1 OF")[0].split())
    assert "The part opens" not in cover and "Shown on request" not in cover, cover
    assert not [slide.title for slide in deck.slides if slide.on_request and slide.title in cover]
    outline = cover.split("OUTLINE", 1)[1]
    # Each part heading, then its items (page breaks may fall between them: only minutes are read).
    # Numbered as the dividers number them (Part 1 is the first divider); the cold opening is not.
    heads = [(f"{deck.part_numbers[s.id]}. " if s.id in deck.part_numbers else "") + s.title for s in deck.talk.outline[:5]]
    assert heads[:2] == ["Opening", "1. How it goes wrong"], heads
    pieces = re.split("(" + "|".join(map(re.escape, heads)) + r") \(([\d.]+) min\)", outline)[1:]
    parts = [(head.split(". ", 1)[-1], total, items) for head, total, items in zip(pieces[0::3], pieces[1::3], pieces[2::3])]
    assert [title for title, _, _ in parts] == [section.title for section in deck.talk.outline][:5], outline
    dividers = {slide.section.title: slide.minutes for slide in deck.slides if slide.kind == "section"}
    for title, total, items in parts:
        listed = sum(float(m) for m in re.findall(r"\(([\d.]+) min\)", items))
        assert abs(listed + dividers.get(title, 0) - float(total)) < 1e-9, (title, total, items)


def test_a_short_list_on_its_own_reaches_down_the_stage_not_a_band_under_the_title(browser, built_talk):
    """The three questions (12) and the exercise (17): a short list at body size, centred in the stage,
    leaves an empty band under the title; set larger, it fills most of the stage, each of the three
    questions on two lines at most. The exercise's four steps are the larger half, each on two lines
    at most, beside the path it follows (four questions, first yes wins) in a panel, read from the back."""
    context, page = opened(browser, built_talk, "spot-them")
    seen = page.evaluate("""anchors => anchors.map(id => {
        const s = document.getElementById(id), box = e => e.getBoundingClientRect();
        Reveal.slide([...s.parentNode.children].indexOf(s), 0, 99);
        const stage = box(s.querySelector('.stage')), parts = [...s.querySelector('.stage').children].map(box);
        return {id, title: box(s.querySelector('h2')).bottom, stage: [stage.top, stage.bottom],
                top: Math.min(...parts.map(r => r.top)), bottom: Math.max(...parts.map(r => r.bottom)),
                lists: [...s.querySelectorAll('.stage ol, .stage ul')].map(list => ({
                    size: parseFloat(getComputedStyle(list).fontSize),
                    lines: [...list.children].map(li => box(li).height / parseFloat(getComputedStyle(li).lineHeight))}))};
    })""", ["spot-them", "place-your-product"])
    context.close()
    for slide in seen:
        (stage_top, stage_bottom), height = slide["stage"], slide["stage"][1] - slide["stage"][0]
        assert slide["bottom"] - slide["top"] >= 0.6 * height, slide
        assert abs((slide["top"] - stage_top) - (stage_bottom - slide["bottom"])) <= 48, slide
        assert all(len(shown["lines"]) == {"spot-them": 3}.get(slide["id"], 4) and max(shown["lines"]) < 2.5
                   for shown in slide["lists"]), slide
    steps, path = seen[1]["lists"]
    assert steps["size"] >= 1.15 * path["size"] >= 1.15 * 40, seen[1]


def test_a_zero_is_drawn_plain_not_slashed_in_every_face(browser, built_talk):
    """A slashed zero reads as a struck-out digit ("2Ø16"): drawn large in each of the deck's four
    faces, the middle of the zero is the paper, where a slash would cross it, and its ring is ink."""
    context, page = opened(browser, built_talk, "product-as-order-giver")
    seen = page.evaluate("""() => Promise.all(['400 normal', '700 normal', '400 italic', '700 italic'].map(async face => {
        const [weight, style] = face.split(' ');
        const font = `${style} ${weight} 400px "Atkinson Hyperlegible"`;
        await document.fonts.load(font, '0');
        const canvas = document.createElement('canvas'); canvas.width = 400; canvas.height = 500;
        const pen = canvas.getContext('2d');
        pen.fillStyle = '#fff'; pen.fillRect(0, 0, 400, 500);
        pen.fillStyle = '#000'; pen.font = font; pen.textBaseline = 'alphabetic';
        const m = pen.measureText('0');
        pen.fillText('0', 200 - (m.actualBoundingBoxRight - m.actualBoundingBoxLeft) / 2 + m.actualBoundingBoxLeft, 420);
        const top = 420 - m.actualBoundingBoxAscent, bottom = 420 + m.actualBoundingBoxDescent;
        const dark = (x, y) => pen.getImageData(x, y, 1, 1).data[0] < 128;
        let ring = 0;  // ink crossed along the middle row: a plain zero's two sides
        for (let x = 1, was = false; x < 400; x++) { const d = dark(x, (top + bottom) / 2); if (d && !was) ring++; was = d; }
        return {face, middle: dark(200, (top + bottom) / 2), ring};
    }))""")
    context.close()
    assert [(s["face"], s["middle"], s["ring"]) for s in seen] == [
        (face, False, 2) for face in ("400 normal", "700 normal", "400 italic", "700 italic")], seen


def test_the_rule_says_on_screen_what_leading_is(browser, built_talk):
    """"Lead" is the talk's key word (review 25): the rule's slide (11) defines it on screen, in one
    line under its table, there as the slide opens, read from the back (32 px and more at 1080p),
    in line with the row names and inside the frame, so the trio's column and "product leads" do
    not read as who decides alone."""
    context, page = opened(browser, built_talk, "the-rule")
    seen = page.evaluate("""() => {
        const slide = document.getElementById('the-rule'), box = e => e.getBoundingClientRect();
        const line = slide.querySelector('.stage.body > table + p'), name = slide.querySelector('tbody td');
        const range = document.createRange(); range.selectNodeContents(name.firstElementChild);
        return {text: line.textContent.trim(), shown: line.checkVisibility({opacityProperty: true}),
                px: parseFloat(getComputedStyle(line).fontSize) * Reveal.getScale(),
                top: box(line).top, table: box(slide.querySelector('table')).bottom, bottom: box(line).bottom,
                frame: box(document.querySelector('.reveal .slides')).bottom,
                left: line.getClientRects()[0].left + parseFloat(getComputedStyle(line).paddingLeft),
                names: range.getBoundingClientRect().left};
    }""")
    context.close()
    assert seen["text"] == "Lead = holds the pen, after hearing others. Accountability stays.", seen
    assert seen["shown"] and seen["px"] >= 32, seen
    assert seen["table"] <= seen["top"] and seen["bottom"] <= seen["frame"], seen
    assert abs(seen["left"] - seen["names"]) <= 12, seen  # under the row names, not the table's edge


def test_mondays_questions_open_on_the_first_and_the_notes_click_for_the_rest(browser, built_talk, deck):  # noqa: F811
    """The speaker says "take this slide" as it opens (9): the first question is on screen then, not
    an empty stage; the other two come a press each, and the notes cue a click for each of those
    two, after the first question is said."""
    context, page = opened(browser, built_talk, "spot-them")
    shown = []
    for _ in range(3):
        shown.append(page.evaluate("""() => [...document.querySelectorAll('#spot-them .stage li')]
            .filter(li => li.checkVisibility({opacityProperty: true, visibilityProperty: true}))
            .map(li => li.textContent.trim().split(' ').slice(0, 3).join(' '))"""))
        page.keyboard.press("ArrowRight")
    context.close()
    assert shown == [["Who was in"], ["Who was in", "Who ranks features"],
                     ["Who was in", "Who ranks features", "When did an"]], shown
    notes = " ".join(next(slide.notes for slide in deck.slides if slide.anchor == "spot-them").split())
    cues = [found.start() for found in re.finditer(r"\[Click:", notes)]
    assert len(cues) == 2 and notes.index("The first") < cues[0] < notes.index("The second") < cues[1] \
        < notes.index("The third"), notes
