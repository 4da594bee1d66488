"""Staging: the deck as the room sees it and as a reader reads it, in real Chromium.

Diagram slides drawn from a small talk's model, the parts of an entry a slide projects, steps
revealed one at a time (and printed in their final state), reader furniture hidden while
presenting and shown in the reading view, the options located when misplaced, and the contact
sheet of every slide.
"""
from __future__ import annotations

import struct
import textwrap

import pytest

from conftest import MINIMAL_SLIDE, MINIMAL_TALK, pdf_texts, run_build

# The minimal talk with a slide of every diagram, a context slide, and parts and steps chosen.
STAGED_SLIDES = textwrap.indent(textwrap.dedent("""\
          - kind: diagram
            diagram: context-map
            ref: new-market
            minutes: 1
            notes: Where we are.
          - kind: context
            ref: new-market
            minutes: 1
            notes: The new market.
          - kind: diagram
            diagram: stance
            ref: new-market
            minutes: 1
            notes: Who leads.
          - kind: diagram
            diagram: fit-grid
            title: Nobody leads alone here
            minutes: 1
            notes: What fits.
          - kind: diagram
            diagram: remedy-map
            minutes: 1
            notes: What answers what.
    """), "      ")


@pytest.fixture(scope="module")
def staged(tmp_path_factory):
    """The minimal talk, staged (diagrams, an anti-pattern slide with chosen parts revealed in steps),
    built once with every output, PDFs and contact sheet too; the tests only read it."""
    talk_dir = tmp_path_factory.mktemp("staged")
    (talk_dir / "slides").mkdir()
    (talk_dir / "slides" / "intro.md").write_text(MINIMAL_SLIDE)
    talk = MINIMAL_TALK.replace("slot_minutes: 10", "slot_minutes: 20")
    talk = talk.replace("""        ref: order-giver
        minutes: 1
        delivers: spot""", """        ref: order-giver
        show: [summary, symptoms, costs, remedies]
        steps: true
        minutes: 1
        delivers: spot""")
    talk = talk.replace("      - file: slides/intro.md\n", "      - file: slides/intro.md\n" + STAGED_SLIDES)
    talk = talk.replace("stance: {leads: Nobody alone, advises: Customers, co_creates: Everyone}",
                        "domain: complex\n    stance: {leads: Nobody alone, advises: Customers, co_creates: Everyone, "
                        "decided_together: What to try next, mode: collaboration}")
    (talk_dir / "talk.yaml").write_text(talk)
    intro = talk_dir / "slides" / "intro.md"
    intro.write_text(intro.read_text().replace("notes: A few words about the intro.\n",
                                               "notes: A few words about the intro.\nsteps: true\n"))
    result = run_build("--talk", str(talk_dir / "talk.yaml"), pdf=True)
    assert result.returncode == 0, result.stderr
    return talk_dir


def open_deck(browser, dist, query: str = "", file: str = "index.html"):
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, reduced_motion="reduce")
    page = context.new_page()
    page.goto((dist / file).as_uri() + query)
    page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=15000)
    return context, page


def visible(page, selector: str) -> list[str]:
    """The texts of elements matching selector that take up room on screen (not hidden, not clipped)."""
    return page.evaluate("""selector => [...document.querySelectorAll(selector)].filter(e => {
        const box = e.getBoundingClientRect(), style = getComputedStyle(e);
        return box.width > 2 && box.height > 2 && style.visibility !== 'hidden' && style.opacity !== '0';
    }).map(e => e.textContent.trim())""", selector)


def test_every_diagram_kind_is_drawn_as_titled_svg_from_the_model(staged, browser):
    context, page = open_deck(browser, staged / "dist")
    drawn = page.evaluate("""() => [...document.querySelectorAll('section[data-kind=diagram]')].map(s => {
        const svg = s.querySelector('figure.diagram svg');
        return [s.id, s.querySelector('figure.diagram').dataset.diagram, svg.querySelector('title').textContent,
                svg.querySelector('desc').textContent, [...svg.querySelectorAll('text')].map(t => t.textContent).join('|')];
    })""")
    context.close()
    by_name = {name: (anchor, title, desc, labels) for anchor, name, title, desc, labels in drawn}
    assert set(by_name) == {"context-map", "stance", "fit-grid", "remedy-map"}
    anchor, title, desc, labels = by_name["context-map"]
    assert "highlighting A new market" in title and "Complex: A new market" in desc
    # Only the domains that hold a decision are drawn: no empty Clear or Chaotic box to fill.
    assert {"Complex", "A new market"} <= set(labels.split("|"))
    assert not {"Complicated", "Chaotic", "Clear", "Confused"} & set(labels.split("|"))
    anchor, title, desc, labels = by_name["stance"]
    assert anchor == "stance-new-market" and "Nobody alone leads" in title
    assert "Decide together: What to try next" in labels and "Collaboration" in labels
    anchor, title, desc, labels = by_name["fit-grid"]
    assert "Product trio" in labels and "Opportunity tree" in labels and "Nobody alone" in labels
    anchor, title, desc, labels = by_name["remedy-map"]
    assert desc == "Order-giver is answered by Product trio."


def test_presenting_hides_reader_furniture_and_the_reading_view_shows_it_all(staged, browser):
    dist = staged / "dist"
    context, page = open_deck(browser, dist, "#/order-giver")
    page.evaluate("Reveal.slide(Reveal.getIndices().h, 0, 99)")
    assert visible(page, "#order-giver .takeaway-badge") == []
    assert visible(page, "#order-giver .details") == []
    assert visible(page, ".view-switch") == []  # out of sight until Tab reaches it
    assert page.evaluate("Reveal.getConfig().controls") is False
    page.keyboard.press("Tab")
    assert visible(page, ".view-switch") == ["Reading view"]
    # The projected parts: every symptom (show: symptoms), drawn remedies, no summary line twice.
    assert visible(page, "#order-giver .stage li") == ["Tickets with solutions", "A feature factory"]
    assert len(visible(page, "#order-giver figure.diagram-remedy-map")) == 1
    context.close()

    context, page = open_deck(browser, dist, "?view=scroll")
    page.wait_for_selector(".reading-notes")
    badge = visible(page, "#order-giver .takeaway-badge")
    details = page.evaluate("[...document.querySelectorAll('.reading-details')].map(d => d.textContent)")
    assert badge == ["Takeaway 1 of 1: Spot them"]
    assert any("Tickets with solutions" in text and "Remedies: Product trio" in text for text in details)
    assert any("Complex (probe, sense, respond)" in text for text in details)  # the context map's words
    assert visible(page, ".view-switch") == ["Presenting view"]
    # Every step is shown in the reading view.
    assert page.evaluate("[...document.querySelectorAll('.fragment')].every(f => getComputedStyle(f).opacity === '1')")
    context.close()

    # The single file is for reviewers: it opens in the reading view.
    context, page = open_deck(browser, dist, file="a-small-talk.html")
    page.wait_for_selector(".reading-notes")
    assert page.evaluate("document.documentElement.classList.contains('reading-view')")
    context.close()


def test_steps_reveal_one_part_at_a_time_and_the_pdf_prints_the_final_state(staged, browser):
    dist = staged / "dist"
    context, page = open_deck(browser, dist, "#/order-giver")
    shown = []
    for _ in range(4):
        shown.append(len(visible(page, "#order-giver .stage .lede, #order-giver .stage .part, #order-giver .picture")))
        page.keyboard.press("ArrowRight")
    assert shown == [1, 2, 3, 4]  # one part, then one more at each press, on the same slide
    assert page.evaluate("Reveal.getCurrentSlide().id") == "product-trio"  # the fifth press moves on
    page.goto((dist / "index.html").as_uri() + "#/intro")
    page.wait_for_function("() => window.Reveal && Reveal.isReady()")
    # A Markdown slide with steps opening on a list: the first item is there on entry (never an
    # empty stage under the title), each other item waits for its press.
    assert visible(page, "#intro li") == ["one point"]
    page.keyboard.press("ArrowRight")
    assert visible(page, "#intro li") == ["one point", "another point"]
    context.close()
    pages = pdf_texts(dist / "a-small-talk.pdf")
    assert len(pages) == 9  # one page per slide, steps or not
    order_giver = pages[1]
    assert "Tickets with solutions" in order_giver and "A feature factory" in order_giver


def test_the_contact_sheet_shows_every_slide(staged):
    sheet = (staged / "dist" / "contact-sheet.png").read_bytes()
    assert sheet[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", sheet[16:24])
    # Five thumbnails of 384x216 a row, nine slides: two rows.
    assert width == 24 * 2 + 5 * 384 + 4 * 16
    assert 2 * 216 < height < 3 * 216 + 200
    # Each thumbnail is its slide drawn small, not an empty frame: the paper, and dark words on it.
    from io import BytesIO

    from PIL import Image

    picture = Image.open(BytesIO(sheet)).convert("L")
    for number in range(9):
        row, column = divmod(number, 5)
        left, top = 24 + column * (384 + 16), 24 + row * (216 + 28 + 28)  # thumbnail, caption, gap
        darkest, lightest = picture.crop((left + 8, top + 8, left + 376, top + 200)).getextrema()
        assert lightest > 230 and darkest < 80, (number + 1, darkest, lightest)


@pytest.mark.parametrize("change, message", [
    ("      - kind: diagram\n        minutes: 1\n        notes: x\n",
     "talk.yaml:{line}:9: outline[0].slides[4]: missing required field 'diagram' (context-map, stance, fit-grid, "
     "remedy-map, partnership-grid or excellence)"),
    ("      - kind: diagram\n        diagram: stance\n        minutes: 1\n        notes: x\n",
     "talk.yaml:{line}:9: outline[0].slides[4]: missing required field 'ref' (the id of the context whose stance is drawn)"),
    ("      - kind: diagram\n        diagram: remedy-map\n        ref: new-market\n        minutes: 1\n        notes: x\n",
     "talk.yaml:{show_line}:14: outline[0].slides[4].ref: unknown anti-pattern 'new-market' (known: order-giver)"),
    ("      - kind: pattern\n        ref: product-trio\n        show: [summary, symptom]\n        minutes: 1\n        notes: x\n",
     "talk.yaml:{show_line}:25: outline[0].slides[4].show[1]: a pattern slide cannot show 'symptom' "
     "(it can: summary, picture, helps-when, stop-when, fits, remedy-for, source)"),
    ("      - kind: title\n        locator: true\n        minutes: 1\n        notes: x\n",
     "talk.yaml:{ref_line}:9: outline[0].slides[4].locator: a title slide has no context to locate; remove 'locator'"),
    # A published figure is evidence for a cost, so it needs an anti-pattern's slide and a credit.
    ("      - kind: title\n        datum: 1 in 3 ideas worked\n        minutes: 1\n        notes: x\n",
     "talk.yaml:{ref_line}:9: outline[0].slides[4].datum: a published figure goes under an anti-pattern's cost, "
     "a pattern's picture or the myth's verdict (the floor), with its work in the slide's credits"),
    # The whole grid about no column is no verdict: it has no floor to carry.
    ("      - kind: diagram\n        diagram: partnership-grid\n        datum: Delivery metrics\n"
     "        minutes: 1\n        notes: x\n",
     "talk.yaml:{show_line}:9: outline[0].slides[4].datum: a published figure goes under an anti-pattern's cost, "
     "a pattern's picture or the myth's verdict (the floor), with its work in the slide's credits"),
    ("      - kind: anti-pattern\n        ref: order-giver\n        datum: 1 in 3 ideas worked\n        minutes: 1\n"
     "        notes: x\n",
     "talk.yaml:{show_line}:9: outline[0].slides[4].datum: a published figure goes under an anti-pattern's cost, "
     "a pattern's picture or the myth's verdict (the floor), with its work in the slide's credits"),
])
def test_staging_options_in_the_wrong_place_are_located(talk_dir, change, message):
    text = MINIMAL_TALK.replace("slot_minutes: 10", "slot_minutes: 20") + change
    (talk_dir / "talk.yaml").write_text(text)
    line = text.count("\n", 0, text.index(change)) + 1
    result = run_build("check", "--talk", str(talk_dir / "talk.yaml"))
    assert result.returncode == 1
    assert message.format(line=line, ref_line=line + 1, show_line=line + 2) in result.stderr
    assert "Traceback" not in result.stderr


def test_a_context_in_a_renamed_cynefin_domain_says_what_it_is_now_called(talk_dir):
    text = MINIMAL_TALK.replace("    summary: Nobody knows yet.", "    domain: Simple\n    summary: Nobody knows yet.")
    (talk_dir / "talk.yaml").write_text(text)
    result = run_build("check", "--talk", str(talk_dir / "talk.yaml"))
    line = text.count("\n", 0, text.index("domain: Simple")) + 1
    assert f"talk.yaml:{line}:13: contexts[0].domain: unknown Cynefin domain 'Simple'; Cynefin now calls it 'clear'" in result.stderr
