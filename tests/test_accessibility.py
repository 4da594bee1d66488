"""The accessibility gate and the theme, in real Chromium: axe-core over every slide of the real talk
in both themes, one heading per slide, the page's language, text readable from the back of the
room, motion only for those who want it, and `check` refusing an image without alt text."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT, run_build
from deck.validate import load_deck

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
THEMES = ["light", "dark"]
MIN_TEXT_PX = 28


@pytest.fixture(scope="module", params=THEMES)
def themed(request, tmp_path_factory) -> tuple[str, Path]:
    """The real talk built with `theme: light` or `theme: dark`."""
    theme = request.param
    folder = tmp_path_factory.mktemp(f"theme-{theme}")
    text = (ROOT / "talk.yaml").read_text(encoding="utf-8")
    assert text.count("\ntheme: ") == 1
    start = text.index("\ntheme: ") + 1
    end = text.index("\n", start)
    (folder / "talk.yaml").write_text(text[:start] + f"theme: {theme}" + text[end:], encoding="utf-8")
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


def test_axe_finds_no_serious_or_critical_violation_on_any_slide(browser, themed):
    theme, dist = themed
    context, page = open_slides(browser, dist, axe=True)
    total = page.evaluate("Reveal.getTotalSlides()")
    found, contrast_checked = [], 0
    for index in range(total):
        show(page, index)
        result = page.evaluate("""async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}});
            const pick = list => list.map(v => ({id: v.id, impact: v.impact,
                nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary)}));
            return {violations: pick(r.violations), incomplete: pick(r.incomplete.filter(v => v.id === 'color-contrast')),
                    contrast: (r.passes.find(p => p.id === 'color-contrast') || {nodes: []}).nodes.length};
        }""")
        anchor = page.evaluate("Reveal.getCurrentSlide().id")
        found += [f"slide {index + 1} #{anchor}: {v['id']} ({v['impact']}): {v['nodes'][:3]}"
                  for v in result["violations"] if v["impact"] in ("serious", "critical")]
        # Contrast axe could not decide is not a pass: every text's contrast must be measured.
        found += [f"slide {index + 1} #{anchor}: contrast undecided: {v['nodes'][:3]}" for v in result["incomplete"]]
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
            return [...slide.querySelectorAll('*')].filter(e => !e.closest('aside.notes') && e.getClientRects().length)
                .map(e => e.getBoundingClientRect()).filter(r => r.bottom > frame.bottom + 1 || r.right > frame.right + 1).length;
        }""")
        if spill:
            overflowing.append(index + 1)
    context.close()
    too_small = [entry for entry in smallest if entry[0] < MIN_TEXT_PX]
    assert too_small == [], f"{theme}: text under {MIN_TEXT_PX}px (size, text, slide): {too_small}"
    assert overflowing == [], f"{theme}: content runs off slides {overflowing}"


def test_body_text_is_40px_at_1920x1080_and_scales_with_the_screen(browser, themed):
    _, dist = themed
    for width, height, expected in ((1920, 1080, 40), (1280, 720, 40 * 1280 / 1920)):
        context, page = open_slides(browser, dist, width=width, height=height)
        index = page.evaluate("[...document.querySelectorAll('.slides > section')].findIndex(s => s.dataset.kind === 'anti-pattern')")
        show(page, index)
        rendered = page.evaluate("""() => {
            const item = Reveal.getCurrentSlide().querySelector('li');
            const slides = document.querySelector('.reveal .slides');
            const box = slides.getBoundingClientRect();
            return [parseFloat(getComputedStyle(item).fontSize) * box.width / slides.offsetWidth, box.width / box.height];
        }""")
        assert rendered[0] == pytest.approx(expected, abs=0.5)
        assert rendered[1] == pytest.approx(16 / 9, abs=0.01)
        context.close()


def luminance(css_color: str) -> float:
    red, green, blue = (int(part) / 255 for part in css_color[css_color.index("(") + 1:-1].split(",")[:3])
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


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
    context.close()


def test_check_refuses_an_image_without_alt_text(talk_dir):
    (talk_dir / "static").mkdir()
    (talk_dir / "static" / "map.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    slide = talk_dir / "slides" / "intro.md"
    slide.write_text(slide.read_text() + "\n![](../static/map.png)\n")
    result = run_build("check", "--talk", str(talk_dir / "talk.yaml"))
    assert result.returncode == 1
    assert "slides/intro.md:9:1: image '../static/map.png' has no alt text: write what it shows in ![...]" in result.stderr
    assert "Traceback" not in result.stderr
