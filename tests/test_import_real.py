"""A real public deck, not written for these tests: Slidev's starter (tests/decks/slidev-starter/,
MIT, its licence and source beside it) imported with `build.py import`, built with every output and
checked in Chromium: every slide in order, the notes kept, the code highlighted, nothing projected
that the source hid, and what could not be kept named at its line by the import and by check."""
from __future__ import annotations

import re
import shutil

import pytest
from conftest import ROOT, pdf_texts, run_build
from test_import import visible

STARTER = ROOT / "tests" / "decks" / "slidev-starter"


@pytest.fixture(scope="module")
def starter(tmp_path_factory):
    source = tmp_path_factory.mktemp("slidev-starter") / "deck"
    shutil.copytree(STARTER, source)
    folder = source.parent / "talk"
    imported = run_build("import", str(source / "slides.md"), "--out", str(folder))
    assert imported.returncode == 0, imported.stderr
    built = run_build("--talk", str(folder / "talk.yaml"), pdf=True)
    assert built.returncode == 0, built.stderr
    return source, folder, imported.stderr, built.stderr


# The starter's slides in its order; slide 14 is `src: ./pages/imported-slides.md` (line 623), followed.
TITLES = ["Welcome to Slidev", "What is Slidev?", "Navigation", "Table of contents", "Code", "Shiki Magic Move",
          "Components", "Themes", "Clicks Animations", "Motions", "$\\LaTeX$", "Diagrams", "Draggable Elements",
          "Imported Slides", "Monaco Editor", "Learn More"]
# What the starter hid from the room: its notes, its front matter and its layout markers.
HIDDEN = ("<!--", "transition: slide", "transition: fade", "layout:", "layoutClass", "::right::", "dragPos", "{:", "hideInToc")


def test_the_import_names_at_its_line_what_slidev_did_that_it_could_not_keep(starter):
    source, _, report, _ = starter
    found = set(re.findall(rf"^{re.escape(str(source / 'slides.md'))}:(\d+):1: warning: (.*)$", report, re.MULTILINE))
    said = {(int(line), message.split(";")[0]) for line, message in found}
    assert {(26, "Slidev's 'transition: slide-left' is not applied here"),
            (111, "the picture 'https://sli.dev/assets/arrow-bottom-left.svg' is on the network"),
            (137, "the picture 'https://cover.sli.dev' is on the network"),
            (336, "v-click: the slide is revealed a block and a list item at a time (steps)"),
            (578, "Slidev's 'dragPos: {square: '691,32,167,_,-16'}' is not applied here"),  # as written, in YAML
            (479, "'$\\LaTeX$' is maths: it is not typeset here, the room sees it as written, dollars and backslashes"),
            (488, "'$$ {1|3|all} \\begin{aligned} \\nabla \\...' is maths: it is not typeset here, the room sees it "
                  "as written, dollars and backslashes")} <= said, report
    assert "src:" not in report and "hide" not in report  # followed: its slides are the file's, shown ('hide: false')
    assert f"imported {len(TITLES)} slides from a slidev deck into {source.parent / 'talk'} (29 things not kept" in report


def test_check_names_at_the_slides_line_what_would_be_projected_wrong(starter):
    _, folder, _, _ = starter
    checked = run_build("check", "--talk", str(folder / "talk.yaml"))
    assert checked.returncode == 0 and "Traceback" not in checked.stderr
    for said in ("slides/code.md:25:1: warning: slide 5 'Code': the fence's info 'ts [filename-example.ts]",
                 "slides/code.md:37:1: warning: slide 5 'Code': raw HTML '<arrow v-click=",
                 "slides/draggable-elements.md:27:1: warning: slide 13 'Draggable Elements': raw HTML '<v-drag ",
                 "slides/what-is-slidev.md:12:3: warning: slide 2 'What is Slidev?': '\U0001F4DD' (memo, U+1F4DD) is "
                 "drawn in colour by the deck's emoji face in the deck, the single file and the PDFs, but the "
                 "PowerPoint file"):
        assert said in checked.stderr, checked.stderr


def test_the_starter_shows_its_slides_notes_and_code_and_nothing_it_hid(browser, starter):
    _, folder, _, _ = starter
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.goto((folder / "dist" / "index.html").as_uri())
    page.wait_for_function("() => window.Reveal && Reveal.isReady()")
    slides = visible(page)
    page.close()
    assert [slide["title"] for slide in slides] == TITLES
    for slide in slides:
        assert not any(hidden in slide["text"] for hidden in HIDDEN), (slide["title"], slide["text"])
    by_title = {slide["title"]: slide for slide in slides}
    # The last comment of a slide is its notes in Slidev; kept as the speaker's notes, Markdown rendered.
    assert by_title["Welcome to Slidev"]["notes"].strip().startswith(
        "<p>The last comment block of each slide will be treated as slide notes.")
    assert "<strong>bold</strong>" in by_title["Components"]["notes"]
    assert "Presentation slides for developers" in by_title["Welcome to Slidev"]["text"]
    # Code highlighted at build time wherever the fence is one the engine reads; stepped where Slidev clicks.
    assert [title for title, slide in by_title.items() if slide["keywords"]] == [
        "Table of contents", "Components", "Themes", "Clicks Animations", "Motions"]
    assert by_title["Clicks Animations"]["steps"] >= 2
    left, right = by_title["Table of contents"]["halves"]
    assert left < right  # two-cols with ::right::, side by side


def test_every_output_holds_every_slide_of_the_starter(starter):
    from pptx import Presentation

    _, folder, _, _ = starter
    dist = folder / "dist"
    assert len(pdf_texts(dist / "welcome-to-slidev.pdf")) == len(TITLES)
    assert len(Presentation(str(dist / "welcome-to-slidev.pptx")).slides) == len(TITLES)
    assert (dist / "welcome-to-slidev.html").is_file() and (dist / "welcome-to-slidev-handout.pdf").is_file()
