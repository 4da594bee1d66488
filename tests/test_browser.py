"""The built deck in real Chromium, opened from disk with the network cut off."""
from __future__ import annotations

from deck.validate import load_deck
from conftest import ROOT, open_offline


def test_deck_opens_offline_with_every_slide_and_its_notes(page, built_talk):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    outside = open_offline(page, (built_talk / "index.html").as_uri())
    deck = load_deck(ROOT / "talk.yaml")
    # Counted: every slide but one shown on request (the reading list, after the last line).
    assert page.evaluate("Reveal.getTotalSlides()") == len([s for s in deck.slides if not s.on_request])
    notes = page.evaluate("Reveal.getSlides().map(s => (s.querySelector('aside.notes') || {}).textContent || '')")
    assert all(text.strip() for text in notes)
    assert page.evaluate("Reveal.getConfig().totalTime") == (deck.talk.slot_minutes - deck.talk.questions_minutes) * 60
    assert outside == [] and errors == []


def test_fonts_ship_with_the_deck(page, built_talk):
    open_offline(page, (built_talk / "index.html").as_uri())
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('40px \"Atkinson Hyperlegible\"')")
    loaded = page.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
    assert any("Atkinson" in family for family in loaded)


def test_in_deck_link_moves_to_the_remedy_slide(page, built_talk):
    open_offline(page, (built_talk / "index.html").as_uri())
    first_map = page.evaluate("document.querySelector('figure.diagram-remedy-map').closest('section').id")
    # Every step shown: the remedies are the slide's last step.
    page.evaluate(f"Reveal.slide([...document.querySelectorAll('.slides > section')].findIndex(s => s.id === '{first_map}'), 0, 99)")
    # The boxes drawn on the remedy map are links to their slides (looking like the drawing, not like links).
    link = page.locator(f"section#{first_map} figure.diagram a.ref[href='#/one-portfolio']").first
    target = link.get_attribute("href").removeprefix("#/")
    link.click()
    page.wait_for_function(f"() => Reveal.getCurrentSlide().id === '{target}'")
