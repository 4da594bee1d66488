"""Code as developers show it: highlighted at build time, numbered on request, stepped line by line,
in the same colours in the deck, the single file, both PDFs and the PowerPoint file; axe-clean."""
from __future__ import annotations

import os
import re
import subprocess
import textwrap
from pathlib import Path

import pytest
from conftest import MINIMAL_SLIDE, MINIMAL_TALK, ROOT, modules_loaded_by_a_build, run_build
from test_accessibility import AXE, COLOUR_RULES, open_slides, show

CODE_SLIDE = textwrap.dedent("""\
    ---
    title: Parsing a number
    minutes: 1
    notes: The parser, one step at a time.
    ---
    ```rust [1-3|5|7,8]
    use nom::IResult;
    // A number, then the rest
    fn number(input: &str) -> IResult<&str, u32> {
        let (rest, digits) = digit1(input)?;
        Ok((rest, digits.parse().unwrap()))
    }
    const LIMIT: u32 = 42;
    let s = "text";
    ```
    """)
CODE_INDEX = 3  # the slide's place in the deck (after the title, an anti-pattern and a pattern)


def code_colours(theme: str) -> dict[str, str]:
    """The stylesheet's colours as the browser reports them ('rgb(r, g, b)'), by name."""
    css = (ROOT / "static" / "theme" / "code.css").read_text(encoding="utf-8")
    block = re.search(r"\.theme-dark \{(.*?)\}" if theme == "dark" else r":root, \.theme-light \{(.*?)\}", css, re.S)[1]
    return {name: "rgb({}, {}, {})".format(*(int(value[i:i + 2], 16) for i in (0, 2, 4)))
            for name, value in re.findall(r"--code-([\w-]+): #([0-9a-fA-F]{6});", block)}


def code_talk(folder: Path, theme: str) -> Path:
    (folder / "slides").mkdir()
    (folder / "slides" / "intro.md").write_text(CODE_SLIDE)
    (folder / "talk.yaml").write_text(MINIMAL_TALK.replace("title: A Small Talk", f"title: A Small Talk\ntheme: {theme}"))
    return folder / "talk.yaml"


@pytest.fixture(scope="module", params=["light", "dark"])
def built(request, tmp_path_factory) -> tuple[str, Path]:
    """The small talk with a code slide, built in each theme (the PDFs and PowerPoint file in the light one)."""
    theme = request.param
    talk = code_talk(tmp_path_factory.mktemp(f"code-{theme}"), theme)
    result = run_build("--talk", str(talk), pdf=theme == "light")
    assert result.returncode == 0, result.stderr
    return theme, talk.parent / "dist"


def test_a_fence_reads_as_reveal_and_slidev_write_it():
    from deck.code import Fence, Unreadable, read_info

    assert read_info("rs [1-3|5|7,8]") == Fence("rs", (frozenset({1, 2, 3}), frozenset({5}), frozenset({7, 8})), True)
    assert read_info("ts {1|2-3}") == Fence("ts", (frozenset({1}), frozenset({2, 3})), False)
    assert read_info("ts {all|2}{lines:true}") == Fence("ts", (frozenset(), frozenset({2})), True)
    assert read_info("python numbers") == Fence("python", (), True)
    assert read_info("{.python}") == Fence("python")
    assert read_info("js []") == Fence("js", (), True)
    assert read_info("") == Fence()
    for unreadable in ("rs [1-x]", "rs [3-1]", "js title=app.js", "rs [" + "|".join("1" * 13) + "]"):
        with pytest.raises(Unreadable):
            read_info(unreadable)


def lines_lit(page, lit: str) -> list[int]:
    """The numbers of the lines standing on the step's band, as the room sees them."""
    return page.evaluate("""(lit) => [...Reveal.getCurrentSlide().querySelectorAll('pre.code .line')]
        .map((line, index) => getComputedStyle(line).backgroundColor === lit ? index + 1 : 0).filter(Boolean)""", lit)


def test_code_is_coloured_numbered_and_stepped_as_fragments(browser, built):
    theme, dist = built
    colours = code_colours(theme)
    context, page = open_slides(browser, dist)
    show(page, CODE_INDEX)
    seen = page.evaluate("""() => {
        const line = Reveal.getCurrentSlide().querySelector('pre.code .line');
        return {size: parseFloat(getComputedStyle(line).fontSize),
                face: document.fonts.check('32px "JetBrains Mono"') && getComputedStyle(line).fontFamily,
                numbers: getComputedStyle(line, '::before').content,
                scripts: [...document.scripts].map(s => s.getAttribute('src')).filter(Boolean)};
    }""")
    assert seen["size"] >= 32 and seen["face"].startswith('"JetBrains Mono"')
    assert seen["numbers"].startswith("counter(line)")  # reveal's [steps] number the lines, as reveal does
    assert not any("highlight" in src for src in seen["scripts"])  # coloured at build time: no highlighter runs
    steps, tokens = [], {}
    for step in range(3):
        if step:
            page.evaluate("Reveal.nextFragment()")
        steps.append(lines_lit(page, colours["lit"]))
        # Each token's colour where its line is lit (a dimmed line is all --code-dim).
        tokens.update(page.evaluate("""(lit) => Object.fromEntries(
            [...Reveal.getCurrentSlide().querySelectorAll('pre.code .line')]
            .filter(line => getComputedStyle(line).backgroundColor === lit)
            .flatMap(line => [...line.querySelectorAll('[class^="tok-"]')])
            .map(span => [span.textContent, getComputedStyle(span).color]))""", colours["lit"]))
    assert steps == [[1, 2, 3], [5], [7, 8]]
    assert {text: tokens[text] for text in ("fn", "number", "u32", "// A number, then the rest", "42", '"text"')} == {
        "fn": colours["keyword"], "number": colours["name"], "u32": colours["type"],
        "// A number, then the rest": colours["comment"], "42": colours["number"], '"text"': colours["string"]}
    page.evaluate("Reveal.prevFragment()")
    assert lines_lit(page, colours['lit']) == [5]
    context.close()


def test_code_in_every_step_passes_axe_contrast(browser, built):
    theme, dist = built
    context, page = open_slides(browser, dist, axe=True)
    show(page, CODE_INDEX)
    found = []
    for step in range(3):
        result = page.evaluate("""async () => {
            const r = await axe.run(Reveal.getCurrentSlide(), {runOnly: RULES});  // every node of every result
            return {bad: r.violations.concat(r.incomplete).flatMap(v => v.nodes.map(n => v.id + ' ' + n.target.join(' '))),
                    measured: (r.passes.find(p => p.id === 'color-contrast') || {nodes: []}).nodes.length};
        }""".replace("RULES", COLOUR_RULES))
        found += [f"step {step + 1}: {node}" for node in result["bad"]]
        assert result["measured"] >= 8  # every line's text was measured
        page.evaluate("Reveal.nextFragment()")
    context.close()
    assert found == [], f"{theme}: {found}"


def test_the_single_file_and_its_reading_view_show_the_same_colours_and_the_code_whole(browser, built):
    theme, dist = built
    colours = code_colours(theme)
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.goto((dist / "a-small-talk.html").as_uri())  # opens in the reading view
    page.wait_for_function("() => window.Reveal && Reveal.isReady()")
    seen = page.evaluate("""() => {
        const code = document.querySelector('pre.code');
        return {keyword: getComputedStyle(code.querySelector('.tok-keyword')).color,
                lines: [...code.querySelectorAll('.line')].map(line => getComputedStyle(line).color),
                face: document.fonts.check('32px "JetBrains Mono"')};
    }""")
    context.close()
    assert seen["keyword"] == colours["keyword"] and seen["face"]
    assert colours["dim"] not in seen["lines"] and set(seen["lines"]) == {colours["ink"]}  # nothing dimmed


def colours_shown(png: bytes) -> list[tuple[int, tuple[int, int, int]]]:
    """Each colour a page shows, with how many pixels show it: a page has some thousands of colours
    and millions of pixels, so the colours near a token's are counted from this list."""
    import io

    from PIL import Image

    picture = Image.open(io.BytesIO(png)).convert("RGB")
    return picture.getcolors(picture.width * picture.height)


def pixels_near(shown: list[tuple[int, tuple[int, int, int]]], colour: str, tolerance: int = 12) -> int:
    want = [int(n) for n in re.findall(r"\d+", colour)]
    return sum(count for count, pixel in shown if all(abs(a - b) <= tolerance for a, b in zip(pixel, want)))


def test_the_pdfs_print_the_code_in_its_colours(built):
    theme, dist = built
    if theme != "light":
        return  # printed once, in the light theme
    colours = code_colours(theme)
    for name, page in (("a-small-talk.pdf", 4), ("a-small-talk-handout.pdf", 5)):
        png = subprocess.run(["pdftoppm", "-png", "-r", "200", "-f", str(page), "-l", str(page), str(dist / name)],
                             capture_output=True, check=True).stdout
        text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(dist / name), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert "fn number(input: &str)" in text, name  # the code as text, copied out whole
        shown = colours_shown(png)
        for token in ("keyword", "string", "type", "number"):
            assert pixels_near(shown, colours[token]) > 20, (name, token)


def test_the_powerpoint_file_has_coloured_monospaced_runs(built):
    theme, dist = built
    if theme != "light":
        return
    from pptx import Presentation

    colours = {name: value[4:-1] for name, value in code_colours(theme).items()}
    slide = Presentation(str(dist / "a-small-talk.pptx")).slides[CODE_INDEX]
    runs = [run for shape in slide.shapes if shape.has_text_frame for paragraph in shape.text_frame.paragraphs
            for run in paragraph.runs]
    paragraphs = ["".join(run.text for run in paragraph.runs) for shape in slide.shapes if shape.has_text_frame
                  for paragraph in shape.text_frame.paragraphs]

    def rgb(text: str) -> str:
        run = next(run for run in runs if run.text == text)
        assert run.font.name == "Consolas"
        return ", ".join(str(int(str(run.font.color.rgb)[i:i + 2], 16)) for i in (0, 2, 4))

    assert rgb("fn") == colours["keyword"] and rgb('"text"') == colours["string"] and rgb("42") == colours["number"]
    assert "1  use nom::IResult;" in paragraphs and "8  let s = \"text\";" in paragraphs  # numbered, as projected


def test_pygments_is_loaded_only_for_a_talk_that_shows_code(talk_dir, tmp_path):
    assert "pygments" not in modules_loaded_by_a_build(talk_dir / "talk.yaml")
    (talk_dir / "slides" / "intro.md").write_text(MINIMAL_SLIDE + "\n```python\nprint('a fresh text')\n```\n")
    fresh_cache = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}  # the slide is converted, not read back
    assert "pygments" in modules_loaded_by_a_build(talk_dir / "talk.yaml", env=fresh_cache)


def test_a_stepped_slide_reveals_its_code_block_in_turn(tmp_path):
    from deck.slide_markdown import convert

    made = convert("Before\n\n```python {1|2}\na = 1\nb = 2\n```\n\nAfter\n", steps=True)
    assert re.findall(r'<(p|div) class="([^"]*)"', made) == [("div", "code-block fragment"), ("p", "fragment")]
    assert made.count('class="fragment code-step"') == 1 and "&lt;" not in made
