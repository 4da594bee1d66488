"""`build.py import`: a reveal-md, a Marp and a Slidev deck (tests/decks/, written for these tests)
imported with one command into talk folders that build every output; checked in Chromium:
the slides in order, their notes, code highlighted and stepped, columns and pictures placed, and
nothing projected that the source hid. What could not be kept is reported at its line."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, pdf_texts, run_build

DECKS = ROOT / "tests" / "decks"
# (line in the deck file, the start of what the report says there), per format.
REPORTS = {
    "reveal-md": [(1, "the front matter's revealOptions, theme are not applied"),
                  (18, "a fragment: the slide is revealed"), (19, "a fragment: the slide is revealed"),
                  (25, "a vertical stack ('----'): 'Why parsers?' and the 1 slide(s) under it are a section"),
                  (33, "the picture 'img/photo.jpg' has no alt text"), (48, "the picture 'img/photo.jpg' has no alt")],
    "marp": [(1, "the front matter's paginate, theme are not applied"),
             (18, "the picture 'img/photo.jpg' has no alt text"),
             (34, "Marp's directive '<!-- paginate: false -->' is not applied"),
             (38, "the picture 'img/diagram.png' has no alt text")],
    "slidev": [(1, "the front matter's theme is not applied"), (33, "the picture 'img/photo.jpg' has no alt text"),
               (41, "v-click: the slide is revealed"), (58, "Slidev's layout 'fancy-unknown' has no form here"),
               (58, "Slidev's 'transition: slide-up' is not applied here")],
}
TITLES = {
    "reveal-md": ["Parser combinators in Rust", "Why parsers?", "A vertical detail", "Code", "Slide 5"],
    "marp": ["Parsing with Marp", "A photo on the left", "Code", "Slide 4"],
    "slidev": ["Parsing with Slidev", "Left and right", "With a photo", "Stepped code", "Just a statement 🚀"],
}
# What the source hid from the room (its tools' instructions and notes): never projected here.
HIDDEN = ("<!--", "-->", "Note:", "::right::", "v-click", "data-background", "_class", "paginate", "layout:")


@pytest.fixture(scope="module", params=["reveal-md", "marp", "slidev"])
def imported(request, tmp_path_factory):
    """The deck and its pictures in a folder of their own, imported, then built with every output."""
    from PIL import Image

    form = request.param
    source = tmp_path_factory.mktemp(f"deck-{form}")
    (source / "img").mkdir()
    Image.new("RGB", (1512, 2016), (90, 30, 120)).save(source / "img" / "photo.jpg")
    Image.new("RGB", (800, 600), (30, 120, 90)).save(source / "img" / "diagram.png")
    shutil.copyfile(DECKS / f"{form}.md", source / "deck.md")
    folder = source / "talk"
    result = run_build("import", str(source / "deck.md"), "--out", str(folder))
    assert result.returncode == 0, result.stderr
    built = run_build("--talk", str(folder / "talk.yaml"), pdf=True)
    assert built.returncode == 0, built.stderr
    return form, source, folder, result.stderr, built.stderr


def test_the_format_is_told_and_what_was_not_kept_is_reported_at_its_line(imported):
    form, source, folder, report, build_output = imported
    found = re.findall(rf"^{re.escape(str(source / 'deck.md'))}:(\d+):1: warning: (.*)$", report, re.MULTILINE)
    assert [int(line) for line, _ in found] == [line for line, _ in REPORTS[form]], report
    assert all(message.startswith(start) for (_, message), (_, start) in zip(found, REPORTS[form])), report
    assert f"imported {len(TITLES[form])} slides from a {form} deck" in report
    assert sorted(path.name for path in (folder / "static").iterdir()) == (
        ["photo.jpg"] if form == "slidev" else ["diagram.png", "photo.jpg"])
    assert "notes are" not in build_output  # cue-style notes: no script-length warnings


def visible(page) -> list[dict]:
    return page.evaluate("""() => Reveal.getSlides().map(slide => {
        Reveal.slide(Reveal.getIndices(slide).h);
        const stage = slide.querySelector('.stage');
        return {title: slide.querySelector('h2').textContent, titleShown: slide.querySelector('h2').offsetHeight > 1,
                text: stage ? stage.innerText : '', notes: Reveal.getSlideNotes(slide) || '',
                keywords: slide.querySelectorAll('pre.code .tok-keyword').length,
                steps: slide.querySelectorAll('.code-step, .fragment').length,
                halves: [...slide.querySelectorAll('.split > .half')].map(h => Math.round(h.getBoundingClientRect().left)),
                pictures: [...slide.querySelectorAll('img')].map(i => [i.className, i.naturalWidth > 0])};
    })""")


def test_the_imported_deck_shows_what_the_source_showed_and_nothing_it_hid(browser, imported):
    form, _, folder, _, _ = imported
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.goto((folder / "dist" / "index.html").as_uri())
    page.wait_for_function("() => window.Reveal && Reveal.isReady()")
    slides = visible(page)
    page.close()
    assert [slide["title"] for slide in slides] == TITLES[form]
    for slide in slides:
        assert not any(hidden in slide["text"] for hidden in HIDDEN), (slide["title"], slide["text"])
        assert all(loaded for _, loaded in slide["pictures"]), slide["title"]
    code = next(slide for slide in slides if "code" in slide["title"].lower())
    assert code["keywords"] >= 1  # highlighted
    if form == "reveal-md":
        assert slides[0]["notes"].strip().startswith("<p>Welcome everyone. <em>Slowly.</em></p>")
        assert re.findall(r"<li>(.*?)</li>", slides[1]["notes"]) == ["ask the room", "who wrote a regex today?"]
        # Two fragments in the source, a list that opens the slide: the first item is shown at once (a
        # stepped slide never opens empty under its title), the second on a click; one step after the
        # first of the code.
        assert slides[1]["steps"] == 1 and code["steps"] == 1
        assert slides[3]["pictures"] == [["background", True]] and not slides[4]["titleShown"]
    if form == "marp":
        assert "<em>welcome</em>" in slides[0]["notes"] and "Talk about the photo" in slides[1]["notes"]
        assert slides[1]["pictures"] == [["left", True]] and slides[3]["pictures"] == [["fill", True]]
        assert not slides[3]["titleShown"] and slides[0]["titleShown"]
    if form == "slidev":
        assert "<code>parse()</code>" in slides[0]["notes"] and "Columns, then move on." in slides[1]["notes"]
        left, right = slides[1]["halves"]
        assert left < right  # ::right:: starts the second column, beside the first
        assert slides[2]["pictures"] == [["right", True]] and code["steps"] >= 2
        assert not slides[4]["titleShown"] and "Just a statement" in slides[4]["text"]


def test_every_output_holds_every_slide(imported):
    from pptx import Presentation

    form, _, folder, _, _ = imported
    dist = folder / "dist"
    slug = re.sub(r"[^a-z0-9]+", "-", TITLES[form][0].lower()).strip("-")
    assert len(pdf_texts(dist / f"{slug}.pdf")) == len(TITLES[form])
    assert len(Presentation(str(dist / f"{slug}.pptx")).slides) == len(TITLES[form])
    assert (dist / f"{slug}.html").is_file() and (dist / f"{slug}-handout.pdf").is_file()
    presentation = Presentation(str(dist / f"{slug}.pptx"))
    slides = presentation.slides
    if form == "reveal-md":  # data-background: the whole slide, faint, behind the title and the words
        backdrop, *above = slides[3].shapes
        assert (backdrop.name, backdrop.left, backdrop.top) == ("Background picture", 0, 0)
        assert (backdrop.width, backdrop.height) == (presentation.slide_width, presentation.slide_height)
        # The 3:4 photo covers the 16:9 slide as the deck's does: cropped above and below, not squeezed.
        assert backdrop.crop_left == 0 and round(backdrop.crop_top, 3) == round(backdrop.crop_bottom, 3) == 0.289
        assert backdrop._element.xpath(".//a:alphaModFix/@amt") == ["20000"]
        assert [shape.name for shape in above][:1] == ["Title 1"] and any(shape.has_text_frame for shape in above[1:])
    if form == "marp":  # ![bg contain]: the stage, down to its foot
        shown = [shape for shape in slides[3].shapes if shape.shape_type == 13]
        assert [shape.name for shape in shown] == ["Picture filling the stage"]
        assert shown[0].top + shown[0].height > 0.85 * presentation.slide_height


def test_import_refuses_a_folder_with_something_in_it_and_a_missing_deck(tmp_path):
    (tmp_path / "talk").mkdir()
    (tmp_path / "talk" / "mine.txt").write_text("mine")
    refused = run_build("import", str(DECKS / "marp.md"), "--out", str(tmp_path / "talk"))
    assert refused.returncode == 1 and "is not an empty folder" in refused.stderr and "Traceback" not in refused.stderr
    assert [path.name for path in (tmp_path / "talk").iterdir()] == ["mine.txt"]
    missing = run_build("import", str(tmp_path / "nowhere.md"), "--out", str(tmp_path / "new"))
    assert missing.returncode == 1 and "no such file" in missing.stderr and not (tmp_path / "new").exists()
    asked = run_build("import", str(DECKS / "marp.md"))
    assert asked.returncode == 2 and "needs a deck and a folder" in asked.stderr


def test_a_network_picture_is_reported_and_not_loaded(tmp_path):
    deck = tmp_path / "deck.md"
    deck.write_text("# One\n\n![A logo](https://example.com/logo.png)\n")
    result = run_build("import", str(deck), "--out", str(tmp_path / "talk"))
    assert result.returncode == 0
    assert f"{deck}:3:1: warning: the picture 'https://example.com/logo.png' is on the network" in result.stderr
    assert "https://" not in (tmp_path / "talk" / "slides" / "one.md").read_text()
    assert Path(tmp_path / "talk" / "talk.yaml").read_text().startswith("# yaml-language-server: $schema=talk.schema.json")


def test_each_vertical_stack_is_a_section_of_the_outline_and_told_at_its_line(tmp_path):
    from pypdf import PdfReader

    deck = tmp_path / "deck.md"
    deck.write_text("# Stacks\n\n---\n\n## Parsers\n\n----\n\n## Down one\n\n----\n\n## Down two\n\n---\n\n"
                    "## Across\n\n---\n\n## Lexers\n\n----\n\n## Tokens\n")
    result = run_build("import", str(deck), "--out", str(tmp_path / "talk"))
    assert result.returncode == 0, result.stderr
    told = re.findall(rf"^{re.escape(str(deck))}:(\d+):1: warning: (a vertical stack .*)$", result.stderr, re.MULTILINE)
    assert [(int(line), message.split(" are ")[0]) for line, message in told] == [
        (7, "a vertical stack ('----'): 'Parsers' and the 2 slide(s) under it"),
        (23, "a vertical stack ('----'): 'Lexers' and the 1 slide(s) under it")]
    built = run_build("--talk", str(tmp_path / "talk" / "talk.yaml"), pdf=True)
    assert built.returncode == 0, built.stderr

    def bookmarks(items) -> list:  # the PDF's outline as a reader opens it: a section, its slides under it
        return [bookmarks(item) if isinstance(item, list) else item.title for item in items]

    assert bookmarks(PdfReader(tmp_path / "talk" / "dist" / "stacks.pdf").outline) == [
        "Stacks", ["Stacks"], "Parsers", ["Parsers", "Down one", "Down two"], "Across", ["Across"],
        "Lexers", ["Lexers", "Tokens"]]


def test_maths_the_deck_typeset_is_reported_once_a_line(tmp_path):
    deck = tmp_path / "deck.md"
    deck.write_text("---\ntheme: default\n---\n\n# $\\LaTeX$\n\nPowered by [$\\KaTeX$](https://katex.org/), "
                    "for $5\n\n$$ {1|3}\n\\nabla \\cdot \\vec{E} = 0\n$$\n\n---\n\n# Code\n\n```sh\necho $HOME $x$\n```\n")
    result = run_build("import", str(deck), "--out", str(tmp_path / "talk"))
    assert result.returncode == 0, result.stderr
    told = re.findall(rf"^{re.escape(str(deck))}:(\d+):1: warning: '([^']*)' is maths: it is not typeset here",
                      result.stderr, re.MULTILINE)
    assert told == [("5", "$\\LaTeX$"), ("7", "$\\KaTeX$"), ("9", "$$ {1|3} \\nabla \\cdot \\vec{E} = 0 $$")]


def slidev_with_pages(folder: Path, src: str) -> Path:
    """A Slidev deck whose third slide imports others (src:), and those files beside it."""
    from PIL import Image

    (folder / "pages" / "img").mkdir(parents=True)
    Image.new("RGB", (800, 600), (30, 120, 90)).save(folder / "pages" / "img" / "lexer.png")
    (folder / "pages" / "more.md").write_text(
        "# Lexers\n\n![A lexer's states](./img/lexer.png)\n\n---\nlayout: center\n---\n\n# Tokens\n\n"
        "![A logo](https://example.com/logo.png)\n\n---\nsrc: ./deepest.md\n---\n")
    (folder / "pages" / "deepest.md").write_text("# Deepest\n\nThree files down.\n")
    deck = folder / "deck.md"
    deck.write_text(f"---\ntheme: default\n---\n\n# Parsing\n\n---\n\n# Before\n\n---\nsrc: {src}\n"
                    "layout: two-cols\ndragPos:\n  square: 691,32,167,_,-16\n---\n\n---\n\n# After\n")
    return deck


def test_slidev_src_slides_come_in_at_their_place_from_the_file_that_names_them(tmp_path):
    deck = slidev_with_pages(tmp_path, "./pages/more.md")
    result = run_build("import", str(deck), "--out", str(tmp_path / "talk"))
    assert result.returncode == 0, result.stderr
    import yaml

    talk = yaml.safe_load((tmp_path / "talk" / "talk.yaml").read_text())
    files = [slide["file"] for section in talk["outline"] for slide in section["slides"]]
    assert files == ["slides/parsing.md", "slides/before.md", "slides/lexers.md", "slides/tokens.md",
                     "slides/deepest.md", "slides/after.md"]
    lexers = (tmp_path / "talk" / "slides" / "lexers.md").read_text()
    assert "layout: two-columns" in lexers and "![A lexer's states](../static/lexer.png)" in lexers
    assert (tmp_path / "talk" / "static" / "lexer.png").is_file()  # found beside the file that names it
    assert "layout: centered" in (tmp_path / "talk" / "slides" / "tokens.md").read_text()
    # What could not be kept is named in the file it is written in: the importing slide's own settings
    # in the deck, the network picture in pages/more.md.
    # Told as the deck wrote it, in YAML, not as Python reads it ({'square': ...}).
    assert f"{deck}:12:1: warning: Slidev's 'dragPos: {{square: '691,32,167,_,-16'}}' is not applied here" in result.stderr
    assert f"{tmp_path / 'pages' / 'more.md'}:11:1: warning: the picture 'https://example.com/logo.png'" in result.stderr
    assert run_build("--talk", str(tmp_path / "talk" / "talk.yaml")).returncode == 0


def test_slidev_src_picks_slides_and_refuses_a_file_outside_the_deck_a_cycle_or_a_missing_one(tmp_path):
    picked = slidev_with_pages(tmp_path / "picked", "./pages/more.md#2")
    result = run_build("import", str(picked), "--out", str(tmp_path / "picked" / "talk"))
    assert result.returncode == 0, result.stderr
    assert sorted(path.name for path in (tmp_path / "picked" / "talk" / "slides").iterdir()) == [
        "after.md", "before.md", "parsing.md", "tokens.md"]  # the second of more.md's three
    (tmp_path / "outside.md").write_text("# Outside\n")
    for src, said in (("../outside.md", "'src: ../outside.md' is outside the deck's folder"),
                      ("./deck.md", "'src: ./deck.md' imports a file that is importing it already (deck.md -> deck.md)"),
                      ("./pages/gone.md", f"'{tmp_path / 'refused' / 'pages' / 'gone.md'}' is not found"),
                      ("./pages/more.md#3-9", "'#3-9' does not name slides of a file of 3")):
        deck = slidev_with_pages(tmp_path / "refused", src)
        refused = run_build("import", str(deck), "--out", str(tmp_path / "refused" / "talk"))
        assert refused.returncode == 1 and "Traceback" not in refused.stderr
        assert refused.stderr.startswith(f"{deck}:12:6: {said}"), refused.stderr
        assert not (tmp_path / "refused" / "talk").exists()  # nothing written
        shutil.rmtree(tmp_path / "refused")


HIDING = ("---\nhighlighter: shiki\n---\n\n# Shown first\n\n"
          "---\nhide: true\n---\n\n# Hidden draft\n\nNot for the room.\n\n"
          "---\nsrc: ./pages/more.md\nhide: true\n---\n\n"
          "---\nhide: false\nclicks: 3\n---\n\n# Shown last\n")


def test_a_slide_slidev_hides_is_kept_in_slides_but_not_shown(browser, tmp_path):
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "more.md").write_text("# Imported one\n\n---\n\n# Imported two\n")
    deck = tmp_path / "deck.md"
    deck.write_text(HIDING)
    result = run_build("import", str(deck), "--out", str(tmp_path / "talk"))
    assert result.returncode == 0, result.stderr
    told = re.findall(rf"^{re.escape(str(deck))}:(\d+):1: warning: (.*)$", result.stderr, re.MULTILINE)
    assert [(int(line), message) for line, message in told] == [
        (8, "Slidev's 'hide: true': the slide 'Hidden draft' is left out of the talk, as Slidev leaves it out; "
            "its text is in slides/hidden-draft.md: name it in talk.yaml's outline to show it"),
        (17, "Slidev's 'hide: true': the slide 'Imported one' is left out of the talk, as Slidev leaves it out; "
             "its text is in slides/imported-one.md: name it in talk.yaml's outline to show it"),
        (17, "Slidev's 'hide: true': the slide 'Imported two' is left out of the talk, as Slidev leaves it out; "
             "its text is in slides/imported-two.md: name it in talk.yaml's outline to show it"),
        (21, "Slidev's 'clicks: 3' is not applied here")]  # 'hide: false' shows the slide, as here
    assert "Not for the room." in (tmp_path / "talk" / "slides" / "hidden-draft.md").read_text()
    assert run_build("--talk", str(tmp_path / "talk" / "talk.yaml")).returncode == 0
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.goto((tmp_path / "talk" / "dist" / "index.html").as_uri())
    page.wait_for_function("() => window.Reveal && Reveal.isReady()")
    shown = [slide["title"] for slide in visible(page)]
    text = page.evaluate("document.querySelector('.reveal .slides').innerText")
    page.close()
    assert shown == ["Shown first", "Shown last"] and "Not for the room." not in text

    (tmp_path / "all.md").write_text("---\nhighlighter: shiki\nhide: true\n---\n\n# Only\n")
    refused = run_build("import", str(tmp_path / "all.md"), "--out", str(tmp_path / "nothing"))
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert refused.stderr.startswith(f"{tmp_path / 'all.md'}:3:1: every slide of the deck is hidden"), refused.stderr
    assert not (tmp_path / "nothing").exists()
