"""A root's slide (kind: root): every anti-pattern that grows from the root it names, side by side,
in a small talk built for the purpose: the columns in real Chromium (level, in order, each side's bar, each name,
the quotes above their costs, a published figure under the row), the links that land on it, the
reading view's detail, the PowerPoint slide's real text, and a mistaken root located in talk.yaml."""
from __future__ import annotations

import re

import pytest

from conftest import MINIMAL_SLIDE, MINIMAL_TALK, run_build

# Three anti-patterns from one root (two of product's habits, one of engineering's), one from
# another; each side is named by a picture, so its chip reads "<who>'s side".
ROOTS = """\
roots:
  - id: who-decides
    name: who decides
  - id: who-meets-users
    name: who meets users
anti_patterns:
  - id: order-giver
    name: Order-giver
    tone: accent
    root: who-decides
    summary: Product hands out orders.
    symptoms: ['"It''s all in the ticket."', Tickets with solutions]
    consequences: [Output up; outcome flat]
    remedies: [product-trio]
  - id: project-manager
    name: Project manager
    tone: accent
    root: who-decides
    summary: The product manager owns the dates.
    symptoms: ['"Are we on track?"']
    consequences: ['Busy, on time, nothing changes']
    remedies: [product-trio]
  - id: spec-writer
    name: Spec writer
    tone: deep
    root: who-decides
    summary: Engineering asks for a full spec.
    symptoms: ['"Just write the spec."']
    consequences: [Gaps found late]
    remedies: [product-trio]
  - id: knows-best
    name: Knows best
    tone: deep
    root: who-meets-users
    summary: Engineers never meet a user.
    symptoms: ['"Users just don''t get it."']
    consequences: [Product routes around engineering]
    remedies: [product-trio]
"""
PICTURE = """\
    picture:
      picture: decision-rights
      rows:
        - {decision: What to build, who: Product, tone: accent}
        - {decision: How to build it, who: Engineering, tone: deep}
"""
PLATFORM = """\
    why: Learning wins.
  - id: platform
    name: A platform
    question: Who uses it?
    summary: Colleagues.
    stance: {leads: Engineering, advises: Product, co_creates: Everyone}
"""
OUTLINE = """\
      - kind: root
        ref: who-decides
        minutes: 1
        delivers: spot
        credits: [kohavi]
        datum: "Microsoft: 1 in 3 tested ideas moved their metric"
        key: Three from one root
        notes: The first root.
      - kind: root
        ref: who-meets-users
        minutes: 1
        notes: The second root.
"""


def root_talk(folder, outline: str = OUTLINE):
    """The minimal talk with two roots, its anti-pattern slide replaced by `outline`."""
    (folder / "slides").mkdir(exist_ok=True)
    (folder / "slides" / "intro.md").write_text(MINIMAL_SLIDE)
    talk = MINIMAL_TALK.replace("slot_minutes: 10", "slot_minutes: 20")
    start = talk.index("anti_patterns:")
    talk = talk[:start] + ROOTS + talk[talk.index("contexts:"):]
    talk = talk.replace("  feedback: https://example.org/feedback\n",
                        "  feedback: https://example.org/feedback\n  more:\n    - id: kohavi\n"
                        "      label: Kohavi et al., Online Experimentation at Microsoft, 2009\n"
                        "      url: https://example.org/kohavi\n      credit: Kohavi et al., 2009\n")
    talk = talk.replace("    stop_when: Known problems.\n", "    stop_when: Known problems.\n" + PICTURE)
    # the sides the chips name are the grid's leads: product leads in one context, engineering in another
    talk = talk.replace("stance: {leads: Nobody alone, advises: Customers, co_creates: Everyone}\n",
                        "stance: {leads: Product, advises: Engineering, co_creates: Everyone}\n" + PLATFORM)
    anti = talk.index("      - kind: anti-pattern\n")
    talk = talk[:anti] + outline + talk[talk.index("      - kind: pattern\n"):]
    (folder / "talk.yaml").write_text(talk)
    return folder / "talk.yaml"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("roots")
    talk = root_talk(folder)
    for command in ((), ("pptx",)):
        result = run_build(*command, "--talk", str(talk))
        assert result.returncode == 0, result.stderr
    return folder / "dist"


ROW_JS = """id => {
    const s = document.getElementById(id), box = e => e.getBoundingClientRect().toJSON();
    Reveal.slide([...s.parentNode.children].indexOf(s), 0, 99);
    const px = e => parseFloat(getComputedStyle(e).fontSize) * Reveal.getScale();
    return {title: s.querySelector('h2').textContent, frame: box(s.querySelector('.frame')),
            datum: s.querySelector('.stage .datum') ? box(s.querySelector('.stage .datum')) : null,
            credit: (s.querySelector('.credit') || {}).textContent || '',
            columns: [...s.querySelectorAll('.root-column')].map(c => ({
                anti: c.dataset.anti, box: box(c), side: c.querySelector('.side-mark').getAttribute('aria-label'),
                mark: box(c.querySelector('.side-mark')), name: box(c.querySelector('.anti-name')),
                nameText: c.querySelector('.anti-name').textContent, namePx: px(c.querySelector('.anti-name')),
                nameColour: getComputedStyle(c.querySelector('.anti-name')).color,
                warn: getComputedStyle(c.querySelector('.cost-line')).color,
                quote: box(c.querySelector('.symptom-quote')), quoteText: c.querySelector('.symptom-quote').textContent,
                quotePx: px(c.querySelector('.symptom-quote')), cost: box(c.querySelector('.cost-line')),
                costText: c.querySelector('.cost-line').textContent, costPx: px(c.querySelector('.cost-line'))}))};
}"""


def test_a_root_slide_sets_its_anti_patterns_side_by_side_level_under_the_root(built, browser):
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, reduced_motion="reduce")
    page = context.new_page()
    page.goto((built / "index.html").as_uri() + "#/who-decides")
    page.wait_for_function("() => window.Reveal && Reveal.isReady()")
    page.evaluate("() => document.fonts.ready.then(() => true)")
    first, second = page.evaluate(ROW_JS, "who-decides"), page.evaluate(ROW_JS, "who-meets-users")
    context.close()
    assert first["title"] == "Root 1: who decides" and second["title"] == "Root 2: who meets users"
    columns = first["columns"]
    assert [c["anti"] for c in columns] == ["order-giver", "project-manager", "spec-writer"]
    assert [c["side"] for c in columns] == ["Product’s side", "Product’s side", "Engineering’s side"]
    # Each anti-pattern named over its quote, in the cost's red (the remedy map's), large enough for
    # the back row, the names level and the quotes level under the tallest of them.
    assert [c["nameText"] for c in columns] == ["Order-giver", "Project manager", "Spec writer"]
    for column in columns:
        assert column["mark"]["bottom"] <= column["name"]["top"] and column["name"]["bottom"] <= column["quote"]["top"]
        assert column["namePx"] >= 32 and column["nameColour"] != column["warn"], column  # red: the cost's alone
    assert [c["quoteText"] for c in columns] == ["“It’s all in the ticket.”", "“Are we on track?”", "“Just write the spec.”"]
    assert columns[1]["costText"] == "Busy, on time, nothing changes"
    for left, right in zip(columns, columns[1:]):  # side by side, one top, the quotes level
        assert left["box"]["right"] < right["box"]["left"] and left["box"]["top"] == right["box"]["top"]
        assert left["quote"]["top"] == right["quote"]["top"] and left["cost"]["top"] == right["cost"]["top"]
        assert left["name"]["top"] == right["name"]["top"]
    for column in columns:
        assert column["quote"]["bottom"] <= column["cost"]["top"] + 1
        assert column["quotePx"] >= 40 and column["costPx"] >= 28 and column["quotePx"] > column["costPx"]
    # the published figure stands in the first column's cost row, the cost measured, at the cost's
    # place and size (not under the row in smaller type), its work in the source line
    assert first["datum"] == columns[0]["cost"] and columns[0]["costText"] == "Microsoft: 1 in 3 tested ideas moved their metric"
    assert columns[0]["costPx"] == columns[1]["costPx"] and columns[0]["warn"] == columns[1]["warn"]
    assert "Kohavi et al., 2009" in first["credit"]
    # one anti-pattern alone: one column across the frame, its quote larger
    alone = second["columns"]
    assert len(alone) == 1 and alone[0]["quotePx"] > columns[0]["quotePx"]
    assert alone[0]["box"]["width"] >= 0.8 * second["frame"]["width"]


def test_links_to_an_anti_pattern_land_on_its_roots_slide_and_readers_get_its_detail(built, browser):
    """An anti-pattern shown on a root's slide is on the deck: the pattern that answers it links
    there (not the plain name of an entry no slide shows), and the reading view has its detail."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.goto((built / "index.html").as_uri() + "?view=scroll")
    page.wait_for_selector(".reading-notes")
    links = page.evaluate("""() => [...document.querySelectorAll('#product-trio a.ref')]
        .map(a => [a.textContent, a.getAttribute('href')])""")
    details = page.evaluate("document.querySelector('#who-decides .details').textContent")
    context.close()
    assert ["Order-giver", "#/who-decides"] in links and ["Knows best", "#/who-meets-users"] in links
    for text in ("Order-giver", "Product hands out orders.", "Tickets with solutions", "Spec writer"):
        assert text in details


def test_the_powerpoint_root_slide_has_every_quote_and_cost_as_text(built):
    from pptx import Presentation

    made = Presentation(str(next(built.glob("*.pptx"))))
    page = next(p for p in made.slides if p.shapes.title.text_frame.text == "Root 1: who decides")
    boxes = [shape for shape in page.shapes if shape.name == "Symptom and cost"]
    texts = [shape.text_frame.text for shape in boxes]
    # the published figure in the first column's cost row, as the deck draws it
    assert texts == ['"It\'s all in the ticket."\nMicrosoft: 1 in 3 tested ideas moved their metric', '"Are we on track?"\nBusy, on time, nothing changes',
                     '"Just write the spec."\nGaps found late']
    assert len({shape.top for shape in boxes}) == 1 and [s.left for s in boxes] == sorted(s.left for s in boxes)
    sides = [shape.name for shape in page.shapes if shape.name.startswith("Side: ")]
    assert sides == ["Side: Product's side", "Side: Product's side", "Side: Engineering's side"]
    names = [shape for shape in page.shapes if shape.name == "Anti-pattern named"]
    assert [shape.text_frame.text for shape in names] == ["Order-giver", "Project manager", "Spec writer"]
    assert all(name.top + name.height <= box.top + 1 for name, box in zip(names, boxes))
    notes = page.notes_slide.notes_text_frame.text
    assert "Order-giver" in notes and "Spec writer" in notes and "Tickets with solutions" in notes


@pytest.mark.parametrize("change, message", [
    (("ref: who-decides\n", "ref: who-decide\n"),
     r"talk\.yaml:(\d+):14: outline\[0\]\.slides\[1\]\.ref: unknown root 'who-decide' \(known: who-decides, "
     r"who-meets-users\)"),
    (("    root: who-meets-users\n", "    root: who-decides\n"),
     r"talk\.yaml:(\d+):14: outline\[0\]\.slides\[2\]\.ref: no anti-pattern grows from root 'who-meets-users' "
     r"\(give one 'root: who-meets-users'\)"),
    (("        notes: The second root.\n", "        show: [symptom]\n        notes: The second root.\n"),
     r"talk\.yaml:(\d+):\d+: outline\[0\]\.slides\[2\]\.show: a root slide has no parts to choose; remove 'show'"),
])
def test_a_mistaken_root_slide_is_located_in_talk_yaml(tmp_path, change, message):
    talk = root_talk(tmp_path)
    talk.write_text(talk.read_text().replace(*change, 1))
    result = run_build("check", "--talk", str(talk))
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    found = re.search(message, result.stderr)
    assert found, result.stderr
    line = talk.read_text().splitlines()[int(found.group(1)) - 1]
    assert "ref:" in line or "show:" in line, line
