"""The accessibility gate and the theme, in real Chromium: axe-core over every slide of the real talk
in both themes (every rule in the theme talk.yaml sets, the colour rules in the other), one heading
per slide, the page's language, text readable from the back of the room, motion only for those who
want it (slides and steps at once), a deck a screen reader's browse mode can read (no
role="application"), and `check` refusing an image without alt text."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT, run_build
from deck.validate import load_deck

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
THEMES = ["light", "dark"]
MIN_TEXT_PX = 28


def theme_line(text: str) -> tuple[int, int]:
    """Where talk.yaml's one `theme:` line starts and ends."""
    assert text.count("\ntheme: ") == 1
    start = text.index("\ntheme: ") + 1
    return start, text.index("\n", start)


def talk_theme() -> str:
    text = (ROOT / "talk.yaml").read_text(encoding="utf-8")
    start, end = theme_line(text)
    return text[start:end].removeprefix("theme: ")


OTHER_DIAGRAMS = """      - {kind: diagram, diagram: stance, ref: new-market, minutes: 0.5, notes: The stance.}
      - {kind: diagram, diagram: fit-grid, minutes: 0.5, notes: The fit grid.}
      - {kind: context, ref: established-market, title: The stance drawn on its context slide, show: [stance],
         locator: true, minutes: 0.5, notes: The stance and the locator.}
"""


@pytest.fixture(scope="module", params=THEMES)
def themed(request, tmp_path_factory) -> tuple[str, Path]:
    """The real talk built with `theme: light` or `theme: dark`: the session's build for the theme
    talk.yaml sets, a copy set to the other one. The copy also draws, on three slides at the end,
    the engine's diagrams the talk itself no longer uses (a stance, the fit grid, a context slide
    with its stance and locator), so every diagram is checked in one theme at least: a minute and
    a half more, taken from the questions."""
    theme = request.param
    if theme == talk_theme():
        return theme, request.getfixturevalue("built_talk")
    folder = tmp_path_factory.mktemp(f"theme-{theme}")
    text = (ROOT / "talk.yaml").read_text(encoding="utf-8")
    start, end = theme_line(text)
    text = text[:start] + f"theme: {theme}" + text[end:]
    closing = "      - kind: closing\n"
    assert closing in text
    text = text.replace(closing, OTHER_DIAGRAMS + closing, 1).replace("questions_minutes: 5", "questions_minutes: 3", 1)
    # The copy is the full talk alone: its editions, the talk's last key, would gain the added slides
    # too and no longer fit their slots.
    text = text.split("\neditions:\n", 1)[0] + "\n"
    (folder / "talk.yaml").write_text(text, encoding="utf-8")
    shutil.copytree(ROOT / "slides", folder / "slides")
    shutil.copytree(ROOT / "static", folder / "static")
    result = run_build("--talk", str(folder / "talk.yaml"))
    assert result.returncode == 0, result.stderr
    return theme, folder / "dist"


def open_slides(browser, dist: Path, *, width: int = 1920, height: int = 1080, motion: str = "reduce", axe: bool = False):
    # bypass_csp lets the test inject axe-core; the deck itself keeps its policy.
    context = browser.new_context(viewport={"width": width, "height": height}, reduced_motion=motion, bypass_csp=axe)
    page = context.new_page()
    page.goto((dist / "index.html").as_uri())
    page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=15000)
    page.evaluate("document.fonts.ready")
    if axe:
        page.add_script_tag(path=str(AXE))
    return context, page


def show(page, index: int) -> None:
    page.evaluate(f"Reveal.slide({index})")
    page.wait_for_function(f"() => Reveal.getIndices().h === {index} && "
                           "Reveal.getCurrentSlide().getBoundingClientRect().width > 0")


# Every rule in the theme talk.yaml sets; in the other theme the rules whose outcome the theme's
# colours decide (a theme changes colours only: the markup is the same in both).
EVERY_RULE = "{type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}"
COLOUR_RULES = "{type: 'rule', values: ['color-contrast', 'link-in-text-block']}"


def test_axe_finds_no_serious_or_critical_violation_on_any_slide(browser, themed):
    theme, dist = themed
    context, page = open_slides(browser, dist, axe=True)
    total = page.evaluate("Reveal.getTotalSlides()")
    found, contrast_checked = [], 0
    for index in range(total):
        show(page, index)
        # The whole page once; then each slide with what is drawn over it (controls, number,
        # progress bar): the rest of the page is the same on every slide. axe measures the whole
        # document on every run (its tree, its grid of boxes), so the other slides are set aside
        # meanwhile (an empty section in each one's place): a slide's run then costs a sixth.
        result = page.evaluate("""async (whole) => {
            const current = Reveal.getCurrentSlide();
            const context = whole ? document : {include: [current, '.reveal > .controls',
                                                          '.reveal > .slide-number', '.reveal > .progress']};
            const aside = whole ? [] : [...document.querySelectorAll('.reveal .slides > section')]
                .filter(slide => !slide.contains(current))
                .map(slide => { const empty = document.createElement('section'); slide.replaceWith(empty); return [empty, slide]; });
            let r;
            try {
                r = await axe.run(context, {runOnly: RULES, resultTypes: ['violations', 'incomplete']});
            } finally {
                aside.forEach(([empty, slide]) => empty.replaceWith(slide));
            }
            const pick = list => list.map(v => ({id: v.id, impact: v.impact,
                nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary)}));
            return {violations: pick(r.violations), incomplete: pick(r.incomplete.filter(v => v.id === 'color-contrast')),
                    contrast: (r.passes.find(p => p.id === 'color-contrast') || {nodes: []}).nodes.length};
        }""".replace("RULES", EVERY_RULE if theme == talk_theme() else COLOUR_RULES), index == 0)
        anchor = page.evaluate("Reveal.getCurrentSlide().id")
        found += [f"slide {index + 1} #{anchor}: {v['id']} ({v['impact']}): {v['nodes'][:3]}"
                  for v in result["violations"] if v["impact"] in ("serious", "critical")]
        # Contrast axe could not decide is not a pass: every text's contrast must be measured. axe
        # cannot see behind SVG text; test_diagram_labels_contrast_with_what_is_behind_them does.
        # Both sides' chips set every word on one colour, so axe measures those too.
        undecided = [node for v in result["incomplete"] for node in v["nodes"] if " > tspan" not in node
                     and not node.startswith(("text[", "tspan["))]
        found += [f"slide {index + 1} #{anchor}: contrast undecided: {undecided[:3]}"] if undecided else []
        contrast_checked += result["contrast"] > 0
    context.close()
    assert found == [], f"{theme} theme:\n" + "\n".join(found)
    assert contrast_checked == total  # colour contrast (WCAG AA) was measured on every slide


def test_page_language_and_one_heading_per_slide(browser, themed):
    _, dist = themed
    context, page = open_slides(browser, dist)
    talk = load_deck(ROOT / "talk.yaml").talk
    assert page.evaluate("document.documentElement.lang") == talk.language
    headings = page.evaluate("[...document.querySelectorAll('.slides > section')].map(s => "
                             "[s.id, s.querySelectorAll('h1, h2').length])")
    assert headings and all(count == 1 for _, count in headings), [h for h in headings if h[1] != 1]
    context.close()


def test_slides_are_16_by_9_and_no_text_is_smaller_than_28px_at_1920x1080(browser, themed):
    theme, dist = themed
    context, page = open_slides(browser, dist)
    box = page.evaluate("(() => { const r = document.querySelector('.reveal .slides').getBoundingClientRect(); "
                        "return [r.width, r.height]; })()")
    assert box == [1920, 1080]
    smallest, overflowing = [], []
    for index in range(page.evaluate("Reveal.getTotalSlides()")):
        show(page, index)
        # The size the audience sees: the computed size times reveal's scale, for every visible text.
        sizes = page.evaluate("""() => {
            const slides = document.querySelector('.reveal .slides');
            const scale = slides.getBoundingClientRect().width / slides.offsetWidth;
            const slide = Reveal.getCurrentSlide();
            const walker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT);
            const found = [];
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const element = node.parentElement;
                if (!node.textContent.trim() || element.closest('aside.notes')) continue;
                if (!element.getClientRects().length) continue;
                found.push([parseFloat(getComputedStyle(element).fontSize) * scale, node.textContent.trim().slice(0, 40)]);
            }
            return found;
        }""")
        smallest.append(min(sizes) + [index + 1])
        # Nothing may run off the slide: what does not fit cannot be read from anywhere.
        spill = page.evaluate("""() => {
            const slide = Reveal.getCurrentSlide(), frame = document.querySelector('.reveal .slides').getBoundingClientRect();
            return [...slide.querySelectorAll('*')].filter(e => !e.closest('aside.notes, .diagram-text') && e.getClientRects().length)
                .map(e => e.getBoundingClientRect()).filter(r => r.bottom > frame.bottom + 1 || r.right > frame.right + 1).length;
        }""")
        if spill:
            overflowing.append(index + 1)
    context.close()
    too_small = [entry for entry in smallest if entry[0] < MIN_TEXT_PX]
    assert too_small == [], f"{theme}: text under {MIN_TEXT_PX}px (size, text, slide): {too_small}"
    assert overflowing == [], f"{theme}: content runs off slides {overflowing}"


# Body text by how much a slide carries: a sparse slide is set large, a dense one smaller.
BODY_PX = {"sparse": 56, "roomy": 48, "normal": 40, "dense": 38}
BODY_TEXT = ".stage li, .stage p:not(.lede):not(.question):not(.said):not(.source):not(.outcome)"
# A numbered list alone on a roomy Markdown slide (the questions to take home) is display type:
# 1.3 times the density's body size (static/theme/deck.css), 1.6 times for three questions or
# fewer; so are an exercise's steps beside the path they follow (static/theme/layouts.css), 1.3.
ALONE = (".kind-markdown.density-roomy .stage.body > ol:only-child > li, "
         ".layout-two-columns:has(.countdown) .half:first-child li")
FEW = ".kind-markdown.density-roomy .stage.body > ol:only-child:not(:has(> li:nth-child(4))) > li"


def body_text_sizes(page) -> dict[str, float]:
    """The first body text's size on the first slide of each density, as the audience sees it (a
    list set as display type, in its body size)."""
    sizes = {}
    for density in BODY_PX:
        index = page.evaluate(f"[...document.querySelectorAll('.slides > section')].findIndex(s => "
                              f"s.classList.contains('density-{density}') && s.querySelector('{BODY_TEXT}'))")
        if index < 0:
            continue
        show(page, index)
        sizes[density] = page.evaluate(f"""() => {{
            const item = Reveal.getCurrentSlide().querySelector('{BODY_TEXT}');
            const slides = document.querySelector('.reveal .slides');
            return parseFloat(getComputedStyle(item).fontSize) * slides.getBoundingClientRect().width / slides.offsetWidth
                / (item.matches('{FEW}') ? 1.8 : item.matches('{ALONE}') ? 1.3 : 1);
        }}""")
    return sizes


def test_body_text_is_sized_to_the_slide_and_scales_with_the_screen(browser, built_talk):
    for width, height in ((1920, 1080), (1280, 720)):
        context, page = open_slides(browser, built_talk, width=width, height=height)
        sizes = body_text_sizes(page)
        ratio = page.evaluate("(() => { const b = document.querySelector('.reveal .slides').getBoundingClientRect(); "
                              "return b.width / b.height; })()")
        context.close()
        assert len(sizes) >= 2, sizes  # the talk sets slides at more than one density
        for density, size in sizes.items():
            assert size == pytest.approx(BODY_PX[density] * width / 1920, abs=0.5), (density, sizes)
        assert ratio == pytest.approx(16 / 9, abs=0.01)


def luminance(css_color: str) -> float:
    red, green, blue = (int(part) / 255 for part in css_color[css_color.index("(") + 1:-1].split(",")[:3])
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_both_sides_chips_set_every_word_on_one_colour_that_reads(browser, themed):
    """Where product and engineering share a lead or a side, no word crosses from one colour to the
    other (a split through a word read from the back as a rendering fault): the rule's joint lead
    is a chip per side, each one colour under its words, a "Both sides" chip a neutral one, its words
    on the grey, the two sides' colours in a swatch before them that holds no text, and a root's
    bar for both sides the two colours half each, with no words on it. Each
    chip's ink reads at 4.5:1 or better on the one colour under it, in either theme."""
    import re

    theme, dist = themed
    context, page = open_slides(browser, dist)
    seen = page.evaluate("""() => {
        const read = e => { const s = getComputedStyle(e), before = getComputedStyle(e, '::before');
            return {text: e.textContent, ink: s.color, paper: s.backgroundColor, image: s.backgroundImage,
                    swatch: before.content === 'none' ? null : {content: before.content, image: before.backgroundImage}}; };
        return {joint: [...document.querySelectorAll('.reveal .slides td')].filter(td => td.querySelectorAll('strong.lead').length > 1)
                    .map(td => [...td.querySelectorAll('strong.lead')].map(read)),
                shared: [...document.querySelectorAll('.reveal .slides .side-chip.side-shared')].map(read),
                marks: [...document.querySelectorAll('.reveal .slides .side-mark.side-shared')].map(read)};
    }""")
    sides = page.evaluate("""() => { const probe = document.createElement('div');
        document.querySelector('.reveal').appendChild(probe);
        const read = v => { probe.style.background = `var(${v})`; return getComputedStyle(probe).backgroundColor; };
        const found = [read('--side-accent'), read('--side-deep')]; probe.remove(); return found; }""")
    context.close()
    ratio = lambda a, b: (max(luminance(a), luminance(b)) + 0.05) / (min(luminance(a), luminance(b)) + 0.05)
    # the rule's joint lead; a root's "Both sides": its bar, the two colours half each, no words on them
    assert len(seen["joint"]) == 1 and len(seen["shared"]) + len(seen["marks"]) >= 1, seen
    for mark in seen["marks"]:
        colours = {c for c in re.findall(r"rgba?\([^)]*\)", mark["image"]) if not c.endswith(", 0)")}
        assert colours == set(sides) and mark["text"].strip() == "", mark
    for chips in seen["joint"]:  # a chip per side, each on its side's one colour
        assert [chip["paper"] for chip in chips] == sides and all(chip["image"] == "none" for chip in chips), chips
        for chip in chips:
            assert ratio(chip["ink"], chip["paper"]) >= 4.5, (theme, chip)
    for chip in seen["shared"]:  # its words on the neutral grey; the two colours in a swatch holding no text
        assert chip["image"] == "none" and chip["paper"] not in sides, chip
        assert ratio(chip["ink"], chip["paper"]) >= 4.5, (theme, chip)
        colours = {c for c in re.findall(r"rgba?\([^)]*\)", chip["swatch"]["image"]) if not c.endswith(", 0)")}
        assert colours == set(sides) and chip["swatch"]["content"] == '""', chip


def test_the_theme_in_talk_yaml_selects_light_or_dark(browser, themed):
    theme, dist = themed
    context, page = open_slides(browser, dist)
    classes = page.evaluate("document.body.className").split()
    other = "theme-dark" if theme == "light" else "theme-light"
    assert f"theme-{theme}" in classes and other not in classes
    paper, ink = page.evaluate("[getComputedStyle(document.querySelector('.reveal-viewport') || document.body).backgroundColor, "
                               "getComputedStyle(Reveal.getCurrentSlide().querySelector('h1, h2')).color]")
    if theme == "light":
        assert luminance(paper) > 0.85 and luminance(ink) < 0.05
    else:
        assert luminance(paper) < 0.02 and luminance(ink) > 0.85
    ratio = (max(luminance(paper), luminance(ink)) + 0.05) / (min(luminance(paper), luminance(ink)) + 0.05)
    assert ratio >= 7  # headings: WCAG AAA
    context.close()


@pytest.mark.parametrize("motion", ["reduce", "no-preference"])
def test_motion_respects_prefers_reduced_motion(browser, built_talk, motion):
    context, page = open_slides(browser, built_talk, width=1280, height=720, motion=motion)
    assert page.evaluate("matchMedia('(prefers-reduced-motion: reduce)').matches") == (motion == "reduce")
    transition = page.evaluate("Reveal.getConfig().transition")
    durations = page.evaluate("[...document.querySelectorAll('.slides > section')].slice(0, 3)"
                              ".map(s => getComputedStyle(s).transitionDuration)")
    progress = page.evaluate("getComputedStyle(document.querySelector('.progress span')).transitionDuration")
    if motion == "reduce":
        assert transition == "none"
        assert all(duration == "0s" for duration in durations) and progress == "0s"
    else:
        assert transition == "slide"
        assert any(duration != "0s" for duration in durations)
    # A slide revealed step by step: the next step is there at once, fully, with no fade.
    index = page.evaluate("[...document.querySelectorAll('.slides > section')].findIndex(s => s.querySelector('.fragment'))")
    assert index > 0
    show(page, index)
    page.evaluate("Reveal.next()")
    step = "document.querySelector('.slides > section.present .fragment.visible')"
    shown = page.evaluate(f"[getComputedStyle({step}).transitionDuration, getComputedStyle({step}).opacity]")
    if motion == "reduce":
        assert shown == ["0s", "1"]
    else:
        assert shown[0] != "0s"
    context.close()


def test_screen_readers_browse_mode_is_not_blocked(browser, built_talk):
    """reveal marks the deck role="application" (NVDA's and JAWS's browse mode then hands every key
    to the page): the deck is a named region instead, each slide still announced by reveal's
    live region."""
    context, page = open_slides(browser, built_talk, width=1280, height=720)
    title = page.title()
    assert page.evaluate("[...document.querySelectorAll('[role=application]')].length") == 0
    wrapper = page.evaluate("(e => [e.getAttribute('role'), e.getAttribute('aria-label')])(Reveal.getRevealElement())")
    assert wrapper == ["region", title]
    page.evaluate("Reveal.next()")
    page.wait_for_function("() => document.querySelector('.aria-status').textContent.trim().length > 0")
    context.close()


def test_check_refuses_an_image_without_alt_text(talk_dir):
    (talk_dir / "static").mkdir()
    from test_stranger import png

    (talk_dir / "static" / "map.png").write_bytes(png())
    slide = talk_dir / "slides" / "intro.md"
    slide.write_text(slide.read_text() + "\n![](../static/map.png)\n")
    result = run_build("check", "--talk", str(talk_dir / "talk.yaml"))
    assert result.returncode == 1
    assert "slides/intro.md:9:1: image '../static/map.png' has no alt text: write what it shows in ![...]" in result.stderr
    assert "Traceback" not in result.stderr


# Every label of every diagram, as the room sees it: its box, its size, its colour and the colour
# of what is drawn behind it (the topmost filled shape under its middle, else the slide's paper).
DIAGRAM_LABELS = """() => {
  const slides = document.querySelector('.reveal .slides');
  const scale = slides.getBoundingClientRect().width / slides.offsetWidth;
  const frame = slides.getBoundingClientRect();
  const paper = getComputedStyle(Reveal.getCurrentSlide()).backgroundColor;
  const behind = (text, x, y) => {
    for (const element of document.elementsFromPoint(x, y)) {
      if (element.closest('text') || !element.closest('svg')) continue;
      const style = getComputedStyle(element);
      if (element.tagName === 'svg' || style.fill === 'none' || style.fill === 'transparent' || style.fill === 'rgba(0, 0, 0, 0)') continue;
      // A fill split between colours (a gradient of hard stops): the label must read on each of them.
      const gradient = /^url\\("?#([^")]+)"?\\)/.exec(style.fill);
      if (gradient) return [[...document.getElementById(gradient[1]).querySelectorAll('stop')]
          .map(stop => getComputedStyle(stop).stopColor), parseFloat(style.opacity)];
      return [style.fill, parseFloat(style.opacity)];
    }
    return [paper === 'rgba(0, 0, 0, 0)' ? getComputedStyle(document.body).backgroundColor : paper, 1];
  };
  const figures = [...Reveal.getCurrentSlide().querySelectorAll('figure.diagram')];
  return figures.map(figure => {
    const svg = figure.querySelector('svg');
    const ids = (svg.getAttribute('aria-labelledby') || '').split(' ');
    const labels = [...svg.querySelectorAll('text')].map(text => {
      const box = text.getBoundingClientRect();
      return {text: text.textContent, size: parseFloat(getComputedStyle(text).fontSize) * scale,
              box: [box.left, box.top, box.right, box.bottom], fill: getComputedStyle(text).fill,
              behind: behind(text, box.left + box.width / 2, box.top + box.height / 2)};
    });
    return {name: figure.dataset.diagram, role: svg.getAttribute('role'),
            named: ids.map(id => (document.getElementById(id) || {}).textContent || ''),
            title: (svg.querySelector('title') || {}).textContent || '', desc: (svg.querySelector('desc') || {}).textContent || '',
            alternative: figure.querySelector('.diagram-text').textContent.trim(), labels,
            frame: [frame.left, frame.top, frame.right, frame.bottom]};
  });
}"""


def rgb(css_color: str) -> tuple[float, float, float]:
    return tuple(int(float(part)) for part in css_color[css_color.index("(") + 1:-1].split(",")[:3])


def contrast(ink: str, shape: str, opacity: float, paper: tuple) -> float:
    """WCAG contrast of a label on a shape drawn at `opacity` over the paper."""
    over = tuple(opacity * c + (1 - opacity) * p for c, p in zip(rgb(shape), paper))
    def lum(color):
        linear = [c / 255 / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in color]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    a, b = lum(rgb(ink)), lum(over)
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def test_diagrams_are_named_svg_with_labels_of_28px_apart_inside_the_slide_and_in_contrast(browser, themed):
    theme, dist = themed
    context, page = open_slides(browser, dist)
    paper = rgb(page.evaluate("getComputedStyle(document.body).backgroundColor"))
    problems, drawn = [], set()
    for index in range(page.evaluate("Reveal.getTotalSlides()")):
        show(page, index)
        page.evaluate("Reveal.slide(Reveal.getIndices().h, 0, 99)")  # every step shown
        for figure in page.evaluate(DIAGRAM_LABELS):
            where = f"slide {index + 1} {figure['name']}"
            drawn.add(figure["name"])
            if figure["role"] not in ("img", "group") or not figure["title"] or not figure["desc"] or figure["named"] != [figure["title"], figure["desc"]]:
                problems.append(f"{where}: not named by its title and desc")
            if len(figure["alternative"]) < 20:
                problems.append(f"{where}: no text alternative")
            left, top, right, bottom = figure["frame"]
            boxes = []
            for label in figure["labels"]:
                x1, y1, x2, y2 = label["box"]
                if label["size"] < MIN_TEXT_PX - 0.01:
                    problems.append(f"{where}: '{label['text']}' is {label['size']:.1f}px")
                if x1 < left - 1 or y1 < top - 1 or x2 > right + 1 or y2 > bottom + 1:
                    problems.append(f"{where}: '{label['text']}' leaves the slide")
                shapes, opacity = label["behind"]
                ratio, shape = min((contrast(label["fill"], shape, opacity, paper), shape)
                                   for shape in (shapes if isinstance(shapes, list) else [shapes]))
                if ratio < 4.5:
                    problems.append(f"{where}: '{label['text']}' contrast {ratio:.2f} on {shape}")
                for other, (ox1, oy1, ox2, oy2) in boxes:
                    if x1 < ox2 - 1 and ox1 < x2 - 1 and y1 < oy2 - 1 and oy1 < y2 - 1:
                        problems.append(f"{where}: '{label['text']}' overlaps '{other}'")
                boxes.append((label["text"], (x1, y1, x2, y2)))
    context.close()
    assert problems == [], f"{theme}:\n" + "\n".join(problems)
    # (Cynefin's map is shown on request, outside the deck's turn that this walks.)
    assert {"partnership-grid", "remedy-map"} <= drawn
    if theme != talk_theme():
        assert {"stance", "fit-grid", "locator"} <= drawn


def pdf_figure_alts(pdf: Path) -> list[str]:
    """The alternative text of every /Figure in a PDF's tags (its structure tree)."""
    from pypdf import PdfReader

    found = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif isinstance(node, dict):
            if node.get("/S") == "/Figure" and "/Alt" in node:
                found.append(" ".join(str(node["/Alt"]).split()))
            if "/K" in node:
                walk(node["/K"])

    walk(PdfReader(pdf).trailer["/Root"]["/StructTreeRoot"])
    return found


def test_every_picture_keeps_its_alt_text_in_the_pdfs_tags(built_file, built_talk):
    """Each titled picture of the deck (an svg role="img" with its <title>) is a tagged /Figure with
    that text as its /Alt in both PDFs: every slide is in the tags, not only the first one."""
    import re
    from html import unescape

    page = (built_talk / "index.html").read_text(encoding="utf-8")
    titles = {" ".join(unescape(title).split()) for title in
              re.findall(r'<svg[^>]*role="img"[^>]*>\s*<title[^>]*>(.*?)</title>', page, re.S)}
    assert len(titles) > 10
    for ending in (".pdf", "-handout.pdf"):
        alts = pdf_figure_alts(built_file(ending))
        missing = [title for title in titles if not any(alt.startswith(title) for alt in alts)]
        assert missing == [], ending
