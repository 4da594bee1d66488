"""The real talk as a programme committee reads it: dist/cfp.md's summary, takeaways, audience, bio and
outline, against the seed abstract's promises (three takeaways, a 75-80 word summary) and the slot:
the planned minutes fill the 45-minute slot less its questions. (Split from test_talk.py by what it
checks.)"""
from __future__ import annotations

import re

from conftest import ROOT
from test_talk import TALK_MINUTES, deck, deck_page, slides  # noqa: F401  (fixtures)

SEED = ROOT.parent / "shared" / "seed" / "000_e6d9b3dde9df62e3.txt"
SEED_TAKEAWAYS = ROOT / "tests" / "talks" / "seed-takeaways.md"


def seed_takeaways() -> list[str]:
    """The seed abstract's 'Actionable Takeaways' bullets, without their trailing punctuation: from
    the copy kept with the tests (CI's clone has no seed beside it), checked against the seed
    itself where it is there."""
    text = SEED_TAKEAWAYS.read_text(encoding="utf-8")
    if SEED.is_file():
        assert _takeaways_block(SEED.read_text(encoding="utf-8")) == _takeaways_block(text), \
            f"the seed's takeaways changed: copy them into {SEED_TAKEAWAYS}"
    return [line[2:].strip().rstrip(",.") for line in _takeaways_block(text).splitlines() if line.startswith("* ")]


def _takeaways_block(text: str) -> str:
    return text.split("## Actionable Takeaways", 1)[1].split("\n## ", 1)[0].strip()


def cfp_section(cfp: str, heading: str) -> str:
    return cfp.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0].strip()


def test_programme_text_has_summary_takeaways_audience_level_and_bio(built_talk, deck):
    cfp = (built_talk / "cfp.md").read_text(encoding="utf-8")
    summary = cfp_section(cfp, "Summary")
    assert 75 <= len(summary.split()) <= 80, summary
    assert "..." not in summary
    takeaways = cfp_section(cfp, "Actionable takeaways")
    promised = seed_takeaways()
    assert len(promised) == 3
    for text in promised:
        assert text in takeaways
    assert deck.talk.audience and deck.talk.audience in cfp_section(cfp, "Audience").replace("\n", " ")
    assert f"**Level:** {deck.talk.level}" in cfp_section(cfp, "Audience")
    assert cfp_section(cfp, "Speaker bio")  # a bio, or a visible note that it is to come


def test_programme_outline_adds_up_as_written(built_talk, deck):
    """The outline shows a committee and the room what they will see: each part's slides by title,
    not the speaker's scaffolding (no "The part opens" line for a divider, no slide shown only on
    request, no part of only those). A part's minutes are its slides' plus its divider's, the parts'
    sum is the talk's minutes, and the numbers are written plainly ('3.25 min', not '3\\.25 min')."""
    cfp = (built_talk / "cfp.md").read_text(encoding="utf-8")
    outline = cfp_section(cfp, "Outline")
    assert "\\." not in outline, outline
    assert "The part opens" not in outline and "Shown on request" not in outline, outline
    # Numbered as the dividers number them: the cold opening, with no divider, is a plain item.
    found = re.findall(r"^(?:(\d+)\\?\. |- )\*\*(.+?)\*\* \(([\d.]+) min\)\n((?:    - .*\n?)+)", outline, flags=re.M)
    parts = [(title, total, items) for _, title, total, items in found]
    assert [title for title, _, _ in parts] == [section.title for section in deck.talk.outline][:5]
    numbers = {section.title: str(deck.part_numbers[section.id]) for section in deck.talk.outline
               if section.id in deck.part_numbers}
    assert [number for number, *_ in found] == ["", "1", "2", "3", "4"] == [numbers.get(t, "") for t, _, _ in parts]
    dividers = {slide.section.title: slide.minutes for slide in deck.slides if slide.kind == "section"}
    for title, total, items in parts:
        minutes = [float(m) for m in re.findall(r"\(([\d.]+) min\)$", items, flags=re.M)]
        assert abs(sum(minutes) + dividers.get(title, 0) - float(total)) < 1e-9, (total, items)
    assert abs(sum(float(total) for _, total, _ in parts) - TALK_MINUTES) < 1e-9
    listed = re.findall(r"^    - (.+) \([\d.]+ min\)$", outline, flags=re.M)
    assert listed == [slide.title for slide in deck.slides if not slide.on_request and slide.kind != "section"]


def test_planned_minutes_fill_the_slot_less_questions(deck_page, slides):
    total = sum(slide["timing"] for slide in slides if not slide["onRequest"])  # the reading list: on request
    assert total == TALK_MINUTES * 60
    assert deck_page.evaluate("Reveal.getConfig().totalTime") == total
    assert all(slide["timing"] > 0 for slide in slides)
