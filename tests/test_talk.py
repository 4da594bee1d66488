"""The real talk, as an audience and a programme committee see it: the built deck in Chromium and dist/cfp.md.

Counts come from the rendered slides (their data-kind), links are followed to the slides they name,
and the promises of the seed abstract (three takeaways, a 75-80 word summary, a 45-minute slot with
questions) are checked against what was actually built.
"""
from __future__ import annotations

import pytest

from conftest import ROOT, open_offline
from deck.validate import load_deck

SEED = ROOT.parent / "shared" / "seed" / "000_e6d9b3dde9df62e3.txt"
TALK_MINUTES = 40  # a 45-minute slot with 5 kept for questions

# Every slide of the built deck: its id, kind, planned seconds, badge and in-deck links.
SLIDES_JS = """() => [...document.querySelectorAll('.reveal .slides > section')].map(s => ({
  id: s.id,
  kind: s.dataset.kind,
  timing: Number(s.dataset.timing),
  badge: (s.querySelector('.takeaway-badge') || {}).textContent || '',
  links: [...s.querySelectorAll('a[href^="#/"]')].map(a => a.getAttribute('href').slice(2)),
  remedies: [...s.querySelectorAll('.remedies a[href^="#/"]')].map(a => a.getAttribute('href').slice(2)),
  fits: [...s.querySelectorAll('.fits a[href^="#/"]')].map(a => a.getAttribute('href').slice(2)),
  unlinked: [...s.querySelectorAll('.ref:not(a)')].map(e => e.textContent),
}))"""


@pytest.fixture
def slides(page, built_talk) -> list[dict]:
    assert open_offline(page, (built_talk / "index.html").as_uri()) == []
    return page.evaluate(SLIDES_JS)


def of_kind(slides: list[dict], *kinds: str) -> list[dict]:
    return [slide for slide in slides if slide["kind"] in kinds]


def seed_takeaways() -> list[str]:
    """The seed abstract's 'Actionable Takeaways' bullets, without their trailing punctuation."""
    if not SEED.is_file():
        pytest.skip(f"the seed abstract is not beside the repository ({SEED})")
    text = SEED.read_text(encoding="utf-8")
    block = text.split("## Actionable Takeaways", 1)[1].split("\n## ", 1)[0]
    return [line[2:].strip().rstrip(",.") for line in block.splitlines() if line.startswith("* ")]


def cfp_section(cfp: str, heading: str) -> str:
    return cfp.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0].strip()


def test_the_deck_has_the_anti_patterns_contexts_patterns_and_tools_the_talk_promises(slides):
    assert len(of_kind(slides, "anti-pattern")) >= 6
    assert len(of_kind(slides, "context")) >= 4
    assert len(of_kind(slides, "pattern", "tool")) >= 8
    assert len(of_kind(slides, "pattern")) >= 1 and len(of_kind(slides, "tool")) >= 1


def test_the_outline_follows_the_seed_myth_anti_patterns_contexts_patterns_close(slides):
    kinds = [slide["kind"] for slide in slides]
    first = {kind: kinds.index(kind) for kind in ("anti-pattern", "context", "pattern", "recap", "closing")}
    assert kinds[0] == "title"
    assert any(slide["kind"] == "markdown" and "myth" in slide["id"] for slide in slides[:first["anti-pattern"]])
    assert first["anti-pattern"] < first["context"] < first["pattern"] < first["recap"] < first["closing"]
    last_anti = max(i for i, kind in enumerate(kinds) if kind == "anti-pattern")
    assert last_anti < first["context"]  # the anti-patterns come as one part, before "it depends"


def test_every_in_deck_link_lands_on_a_slide_and_every_named_entry_is_linked(slides):
    ids = {slide["id"] for slide in slides}
    assert len(ids) == len(slides)
    broken = [(slide["id"], target) for slide in slides for target in slide["links"] if target not in ids]
    assert broken == []
    unlinked = [(slide["id"], name) for slide in slides for name in slide["unlinked"]]
    assert unlinked == []  # a name shown as plain text has no slide to jump to


def test_every_anti_pattern_slide_links_to_a_remedy_slide(slides):
    kind_of = {slide["id"]: slide["kind"] for slide in slides}
    for anti in of_kind(slides, "anti-pattern"):
        assert anti["remedies"], f"{anti['id']} names no remedy"
        assert all(kind_of.get(target) in ("pattern", "tool") for target in anti["remedies"]), anti


def test_every_pattern_fits_a_context_slide_and_every_tool_supports_a_pattern_slide(slides):
    kind_of = {slide["id"]: slide["kind"] for slide in slides}
    for pattern in of_kind(slides, "pattern"):
        assert pattern["fits"] and all(kind_of[target] == "context" for target in pattern["fits"]), pattern
    for tool in of_kind(slides, "tool"):
        assert tool["fits"] and all(kind_of[target] == "pattern" for target in tool["fits"]), tool


def test_one_fit_grid_covers_every_context_and_agrees_with_the_pattern_slides(page, slides):
    assert len([slide for slide in slides if slide["id"] == "fit-grid"]) == 1
    talk = load_deck(ROOT / "talk.yaml").talk
    name_of = {context.id: context.name for context in talk.contexts}
    # What the grid says, in words (its text alternative): each pattern and the contexts it fits.
    said = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('#fit-grid .diagram-text dt')]
        .map(dt => [dt.textContent, dt.nextElementSibling.textContent]))""")
    columns = page.evaluate("[...document.querySelectorAll('#fit-grid svg text.col-head')]"
                            ".map(t => [...t.children].map(line => line.textContent).join(' '))")
    assert sorted(columns) == sorted(name_of.values())
    for pattern in of_kind(slides, "pattern"):
        title = page.evaluate(f"document.querySelector('section#{pattern['id']} h2').textContent")
        fits = [name_of[target] for target in pattern["fits"]]
        entry = next(value for key, value in said.items() if key.startswith(title))
        assert fits and entry == ", ".join(name for name in name_of.values() if name in fits), pattern["id"]


def test_each_takeaway_is_delivered_by_a_slide_and_named_by_the_recap(page, slides):
    talk = load_deck(ROOT / "talk.yaml").talk
    assert len(talk.takeaways) == 3
    recap = page.evaluate("""() => [...document.querySelectorAll('section[data-kind=recap] ol.recap > li')]
        .map(li => ({text: li.textContent,
                     links: [...li.querySelectorAll('a[href^="#/"]')].map(a => a.getAttribute('href').slice(2))}))""")
    assert len(of_kind(slides, "recap")) == 1 and len(recap) == len(talk.takeaways)
    for takeaway, item in zip(talk.takeaways, recap):
        delivering = [slide["id"] for slide in slides if takeaway.short in slide["badge"]]
        assert delivering, f"no slide delivers '{takeaway.short}'"
        assert takeaway.short in item["text"] and takeaway.text in item["text"]
        assert sorted(item["links"]) == sorted(delivering)


def test_planned_minutes_fill_the_slot_less_questions(page, slides):
    total = sum(slide["timing"] for slide in slides)
    assert total == TALK_MINUTES * 60
    assert page.evaluate("Reveal.getConfig().totalTime") == total
    assert all(slide["timing"] > 0 for slide in slides)


def test_the_real_talk_checks_without_warnings():
    deck = load_deck(ROOT / "talk.yaml")
    assert [str(warning) for warning in deck.warnings] == []
    assert deck.talk.history == []  # the talk has not been given yet; nothing invented


def test_programme_text_has_the_summary_and_the_seed_takeaways(built_talk):
    cfp = (built_talk / "cfp.md").read_text(encoding="utf-8")
    summary = cfp_section(cfp, "Summary")
    assert 75 <= len(summary.split()) <= 80, summary
    assert "..." not in summary
    takeaways = cfp_section(cfp, "Actionable takeaways")
    promised = seed_takeaways()
    assert len(promised) == 3
    for text in promised:
        assert text in takeaways


def test_no_slide_spills_out_of_the_16_by_9_frame(page, built_talk):
    """What the audience would see cut off: any element of a slide outside the slide's own box."""
    open_offline(page, (built_talk / "index.html").as_uri())
    page.evaluate("Reveal.configure({transition: 'none', backgroundTransition: 'none'})")
    page.evaluate("document.fonts.ready")
    spilled = []
    for index in range(page.evaluate("Reveal.getTotalSlides()")):
        page.evaluate(f"Reveal.slide({index})")
        page.wait_for_function(f"() => Reveal.getIndices().h === {index}")
        outside = page.evaluate("""() => {
            const slide = Reveal.getCurrentSlide();
            const frame = document.querySelector('.reveal .slides').getBoundingClientRect();
            return [...slide.querySelectorAll('*')].filter(el => !el.closest('aside.notes, .diagram-text')).filter(el => {
                const box = el.getBoundingClientRect();
                return (box.width || box.height) && (box.bottom > frame.bottom + 1 || box.right > frame.right + 1
                    || box.top < frame.top - 1 || box.left < frame.left - 1);
            }).map(el => el.tagName + ': ' + el.textContent.trim().slice(0, 40));
        }""")
        if outside:
            spilled.append((page.evaluate("Reveal.getCurrentSlide().id"), outside[:3]))
    assert spilled == []
