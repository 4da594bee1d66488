"""The real talk, as an audience and a programme committee see it: the built deck in Chromium and dist/cfp.md.

The talk promises an argument, not a catalogue: a cold open and one story, six anti-patterns,
Cynefin's map and "agree the context first", then one chapter per context (its stance and the
outcome it is after, the patterns that fit there, a tool drawn as a picture), the fit grid, and
a close that pays off the title. Counts and kinds come from the rendered slides (their
data-kind), links are followed to the slides they name, and the seed abstract's promises (three
takeaways, a 75-80 word summary, a 45-minute slot with questions) are checked against what was
built. The speaker notes are checked as a script: inside the planned minutes, slide by slide.
"""
from __future__ import annotations

import re
from itertools import groupby

import pytest

from conftest import ROOT, open_offline
from deck.validate import NOTES_FIT, SPOKEN_WORDS_PER_MINUTE, load_deck

SEED = ROOT.parent / "shared" / "seed" / "000_e6d9b3dde9df62e3.txt"
TALK_MINUTES = 40  # a 45-minute slot with 5 kept for questions
PARTS = ["Opening", "How it goes wrong", "It depends", "Patterns for each context", "Close"]

# Every slide of the built deck: what the room sees of it and where its links go.
SLIDES_JS = """() => [...document.querySelectorAll('.reveal .slides > section')].map(s => ({
  id: s.id,
  kind: s.dataset.kind,
  timing: Number(s.dataset.timing),
  title: (s.querySelector('h1, h2') || {}).textContent || '',
  eyebrow: (s.querySelector('.eyebrow') || {}).textContent || '',
  badge: (s.querySelector('.takeaway-badge') || {}).textContent || '',
  links: [...s.querySelectorAll('a[href^="#/"]')].map(a => a.getAttribute('href').slice(2)),
  remedies: [...s.querySelectorAll('figure.diagram-remedy-map a[href^="#/"]')].map(a => a.getAttribute('href').slice(2)),
  details: [...s.querySelectorAll('.details a[href^="#/"]')].map(a => a.getAttribute('href').slice(2)),
  figures: [...s.querySelectorAll('.stage figure.diagram')].map(f => f.dataset.diagram),
  outcome: (s.querySelector('.stage .outcome') || {}).textContent || '',
  locator: !!s.querySelector('figure.diagram.locator'),
  unlinked: [...s.querySelectorAll('.ref:not(a)')].map(e => e.textContent),
}))"""


@pytest.fixture(scope="module")
def deck():
    return load_deck(ROOT / "talk.yaml")


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


# ---------------------------------------------------------------- shape: an argument, not a catalogue

def test_the_deck_has_six_anti_patterns_four_contexts_and_about_six_patterns(slides, deck):
    assert len(of_kind(slides, "anti-pattern")) == 6
    assert len(of_kind(slides, "context")) == 4
    assert 6 <= len(of_kind(slides, "pattern")) <= 8  # about six, not twelve
    assert sorted(tool["id"] for tool in of_kind(slides, "tool")) == sorted(t.id for t in deck.talk.tools)
    drawn = [slide["id"] for slide in of_kind(slides, "diagram")]
    assert sorted(drawn) == ["context-map", "fit-grid", "remedy-map"]
    assert not of_kind(slides, "matrix")  # the matrix became the fit grid


def test_no_more_than_four_slides_of_one_kind_in_a_row(slides):
    runs = [(kind, len(list(run))) for kind, run in groupby(slide["kind"] for slide in slides)]
    assert max(length for _, length in runs) <= 4, runs


def test_the_outline_follows_the_seed_and_opens_cold(slides):
    kinds = [slide["kind"] for slide in slides]
    assert kinds[0] == "markdown" and kinds[1] == "title"  # a story first, then the title and the bio
    first = {kind: kinds.index(kind) for kind in ("anti-pattern", "diagram", "context", "recap", "closing")}
    assert any(slide["kind"] == "markdown" and "myth" in slide["id"] for slide in slides[:first["anti-pattern"]])
    last_anti = max(i for i, kind in enumerate(kinds) if kind == "anti-pattern")
    ids = [slide["id"] for slide in slides]
    # The anti-patterns are one part, ending on the remedy map; then Cynefin and, right after it,
    # "agree the context first"; then the contexts; the close last.
    assert last_anti < ids.index("remedy-map") < ids.index("context-map") < first["context"]
    assert ids[ids.index("context-map") + 1] == "agree-the-context"
    assert first["context"] < ids.index("fit-grid") < first["recap"] < first["closing"] == len(slides) - 1


def test_each_context_opens_a_chapter_of_the_patterns_and_tools_that_fit_it(slides, deck):
    """Between one context slide and the next: patterns that fit that context, and tools that
    support a pattern of the chapter; the context slide itself locates the room on the map."""
    ids = [slide["id"] for slide in slides]
    starts = [ids.index(slide["id"]) for slide in of_kind(slides, "context")]
    ends = starts[1:] + [ids.index("fit-grid")]
    patterns = {p.id: p for p in deck.talk.patterns}
    tools = {t.id: t for t in deck.talk.tools}
    for start, end in zip(starts, ends):
        context, chapter = slides[start], slides[start + 1:end]
        assert context["locator"], f"{context['id']}: no 'you are here' map opens the chapter"
        here = [s["id"] for s in chapter if s["kind"] == "pattern"]
        assert 1 <= len(here) <= 2, (context["id"], here)
        assert all(context["id"] in patterns[ref].contexts for ref in here), (context["id"], here)
        for tool in (s["id"] for s in chapter if s["kind"] == "tool"):
            assert set(tools[tool].supports) & set(here), (context["id"], tool)


def test_context_slides_show_the_outcome_and_draw_the_stance(slides, deck):
    outcomes = {c.id: c.outcome for c in deck.talk.contexts}
    for context in of_kind(slides, "context"):
        assert outcomes[context["id"]] and outcomes[context["id"]] in context["outcome"].replace("’", "'")
        assert context["figures"] == ["stance"], context["id"]


def test_tools_that_are_pictures_are_drawn_from_their_example(slides, deck):
    pictured = {t.id: t.example.picture for t in deck.talk.tools if t.example}
    assert set(pictured.values()) == {"wardley-map", "story-map", "opportunity-solution-tree"}
    for tool in of_kind(slides, "tool"):
        if tool["id"] in pictured:
            assert tool["figures"] == [pictured[tool["id"]]], tool["id"]
    wardley = next(t for t in deck.talk.tools if t.id == "wardley-map")
    assert wardley.family == "Strategy tool"  # labelled honestly: not an agile ritual
    assert all(t.gap for t in deck.talk.tools), "every tool says which gap it bridges"


def test_content_slides_carry_assertion_titles_and_name_their_entry(slides, deck):
    names = {entry.id: entry.name for entry in (*deck.talk.anti_patterns, *deck.talk.contexts,
                                                *deck.talk.patterns, *deck.talk.tools)}
    for slide in of_kind(slides, "anti-pattern", "context", "pattern", "tool"):
        name = names[slide["id"]].replace("'", "’")
        assert slide["title"] != name, f"{slide['id']}: a label, not an assertion"
        assert len(slide["title"].split()) >= 5, slide["title"]
        assert name.upper() in slide["eyebrow"].upper(), (slide["id"], slide["eyebrow"])


def test_the_agenda_and_the_section_dividers_agree(page, slides, deck):
    assert [section.title for section in deck.talk.outline] == PARTS
    agenda = page.evaluate("""() => [...document.querySelectorAll('#the-road-ahead ol > li strong')]
        .map(e => e.textContent)""")
    assert agenda == PARTS
    dividers = page.evaluate("""() => [...document.querySelectorAll('section[data-kind=section]')]
        .map(s => [s.querySelector('.eyebrow').textContent, s.querySelector('h2').textContent])""")
    assert dividers == [[f"Part {PARTS.index(title) + 1} of {len(PARTS)}", title] for title in PARTS[1:]]


# ---------------------------------------------------------------- links and the model behind them

def test_every_in_deck_link_lands_on_a_slide_and_every_named_entry_is_linked(slides):
    ids = {slide["id"] for slide in slides}
    assert len(ids) == len(slides)
    broken = [(slide["id"], target) for slide in slides for target in slide["links"] if target not in ids]
    assert broken == []
    unlinked = [(slide["id"], name) for slide in slides for name in slide["unlinked"]]
    assert unlinked == []  # a name shown as plain text has no slide to jump to


def test_every_anti_pattern_slide_draws_its_remedies_linked_to_their_slides(slides):
    kind_of = {slide["id"]: slide["kind"] for slide in slides}
    for anti in of_kind(slides, "anti-pattern"):
        remedies = [target for target in anti["remedies"] if target != anti["id"]]  # its own box links home
        assert remedies, f"{anti['id']} names no remedy"
        assert all(kind_of.get(target) in ("pattern", "tool") for target in remedies), anti


def test_readers_follow_each_pattern_to_its_contexts_and_each_tool_to_its_patterns(slides, deck):
    kind_of = {slide["id"]: slide["kind"] for slide in slides}
    for pattern in deck.talk.patterns:
        slide = next(s for s in slides if s["id"] == pattern.id)
        assert [t for t in slide["details"] if kind_of[t] == "context"] == pattern.contexts
    for tool in deck.talk.tools:
        slide = next(s for s in slides if s["id"] == tool.id)
        assert [t for t in slide["details"] if kind_of[t] == "pattern"] == tool.supports


def test_no_pattern_is_an_orphan_unless_it_frames_them_all(deck):
    remedies = {ref for anti in deck.talk.anti_patterns for ref in anti.remedies}
    orphans = [p.id for p in deck.talk.patterns if p.id not in remedies]
    assert orphans == [p.id for p in deck.talk.patterns if p.framing] == ["agree-the-context"]
    assert all(anti.hurts_most for anti in deck.talk.anti_patterns)


def test_each_stance_says_who_and_what_is_decided_together(deck):
    for context in deck.talk.contexts:
        stance = context.stance
        assert stance.co_creates and stance.decided_together, context.id
        assert context.outcome and context.domain, context.id
    # Team Topologies' modes describe teams: used only where a platform meets its user teams.
    assert [c.id for c in deck.talk.contexts if c.stance.mode] == ["internal-customers"]


def test_the_fit_grid_agrees_with_the_model_it_draws(page, slides, deck):
    """What the grid says in words (its text alternative): each pattern and the contexts it fits."""
    name_of = {context.id: context.name for context in deck.talk.contexts}
    said = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('#fit-grid .diagram-text dt')]
        .map(dt => [dt.textContent, dt.nextElementSibling.textContent]))""")
    columns = page.evaluate("[...document.querySelectorAll('#fit-grid svg text.col-head')]"
                            ".map(t => [...t.children].map(line => line.textContent).join(' '))")
    assert sorted(columns) == sorted(name_of.values())
    for pattern in deck.talk.patterns:
        assert said[f"{pattern.name} (pattern)"] == ", ".join(name_of[c] for c in name_of if c in pattern.contexts)


def test_the_fit_grid_makes_the_claim_its_title_makes(page, slides, deck):
    title = next(s["title"] for s in slides if s["id"] == "fit-grid")
    leads = page.evaluate("""() => [...document.querySelectorAll('#fit-grid .diagram-text dt')]
        .map(dt => [dt.textContent, dt.nextElementSibling.textContent])
        .filter(([term]) => term.startsWith('Who leads in'))""")
    assert len(leads) == len(deck.talk.contexts) == 4
    led_by_product = [term for term, who in leads if who.split(",")[0].strip() == "Product management"
                      or who.split(",")[0].strip() == "Product"]
    assert len(led_by_product) == 1 and "one of four" in title, (title, leads)


# ---------------------------------------------------------------- takeaways, sources, programme

def test_each_takeaway_is_delivered_where_the_talk_says_and_named_by_the_recap(page, slides):
    talk = load_deck(ROOT / "talk.yaml").talk
    assert len(talk.takeaways) == 3
    spot, stance, shift = talk.takeaways
    badge = {slide["id"]: slide["badge"] for slide in slides}
    for slide in of_kind(slides, "anti-pattern"):
        assert spot.short in badge[slide["id"]]
    for slide in of_kind(slides, "context"):  # takeaway 2: the stance each context calls for
        assert stance.short in badge[slide["id"]]
    for slide in of_kind(slides, "pattern", "tool"):  # takeaway 3: the chapters' patterns and tools
        assert slide["id"] == "agree-the-context" or shift.short in badge[slide["id"]], slide["id"]
    recap = page.evaluate("""() => [...document.querySelectorAll('section[data-kind=recap] ol.recap > li')]
        .map(li => ({text: li.textContent,
                     links: [...li.querySelectorAll('a[href^="#/"]')].map(a => a.getAttribute('href').slice(2))}))""")
    assert len(of_kind(slides, "recap")) == 1 and len(recap) == len(talk.takeaways)
    for takeaway, item in zip(talk.takeaways, recap):
        delivering = [slide["id"] for slide in slides if takeaway.short in slide["badge"]]
        assert takeaway.short in item["text"] and takeaway.text in item["text"]
        assert sorted(item["links"]) == sorted(delivering)


def cited_authors(source: str) -> list[str]:
    """Surnames of the authors of each work a source names ('A and B, Title (year); C, Title')."""
    names = []
    for work in source.split(";"):
        authors = work.split(",")[0]
        names += [name.split()[-1] for name in re.split(r"\band\b|\bwith\b|&", authors) if name.strip()]
    return names


def test_every_source_cited_on_a_slide_is_in_the_reading_list(page, slides, deck):
    reading = page.evaluate("""() => [...document.querySelectorAll('section[data-kind=closing] .more li a')]
        .map(a => [a.textContent, a.getAttribute('href')])""")
    labels = " ".join(label for label, _ in reading)
    shown = {slide["id"] for slide in slides}
    cited = {name for entry in (*deck.talk.patterns, *deck.talk.tools) if entry.id in shown and entry.source
             for name in cited_authors(entry.source)}
    cited |= {"Box", "Snowden", "Christensen", "Cutler"}  # quoted or named on the close, the map, the contexts
    missing = sorted(name for name in cited if name not in labels)
    assert missing == [], f"cited on a slide but not in the reading list: {missing}"
    assert all(url.startswith("https://") for _, url in reading)
    # Links to the works, not to home pages: each has a path beyond the site's root.
    assert [url for _, url in reading if re.fullmatch(r"https://[^/]+/?", url)] == []


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


# ---------------------------------------------------------------- the script and the clock

def test_planned_minutes_fill_the_slot_less_questions(page, slides):
    total = sum(slide["timing"] for slide in slides)
    assert total == TALK_MINUTES * 60
    assert page.evaluate("Reveal.getConfig().totalTime") == total
    assert all(slide["timing"] > 0 for slide in slides)


def test_the_notes_are_a_script_inside_the_planned_minutes(deck):
    words = sum(slide.note_words for slide in deck.slides)
    assert words <= TALK_MINUTES * SPOKEN_WORDS_PER_MINUTE, f"{words} words: {words / 130:.1f} minutes"
    assert NOTES_FIT == (0.8, 1.2)
    off = [(slide.number, slide.title, round(slide.note_words / (slide.minutes * SPOKEN_WORDS_PER_MINUTE), 2))
           for slide in deck.slides
           if not 0.8 <= slide.note_words / (slide.minutes * SPOKEN_WORDS_PER_MINUTE) <= 1.2]
    assert off == []


def test_the_notes_are_said_to_a_room_not_read_off_the_slide(deck):
    """No reader furniture in the script, no 'It helps when... Stop when...' read aloud; two shows
    of hands; the title's "perfect" paid off at the end; the story comes back at the close."""
    notes = [slide.notes for slide in deck.slides]
    script = "\n".join(notes).lower()
    for reader_words in ("slide number", "generated from", "the links on", "links back", "click on", "jump to"):
        assert reader_words not in script, reader_words
    assert not [n for n in notes if re.search(r"\bit helps when\b", n, re.I) and re.search(r"\bstop when\b", n, re.I)]
    assert script.count("show of hands") == 2
    assert "no perfect patterns" in deck.slides[-2].notes.lower()
    assert "sam" in deck.slides[0].notes.lower() and "sam" in deck.slides[-2].notes.lower()
    assert "the code on the left" in deck.slides[-1].notes.lower()


def test_the_real_talk_checks_with_placeholder_warnings_only(deck):
    assert all(": placeholder: " in str(warning) for warning in deck.warnings), [str(w) for w in deck.warnings]
    assert sorted(warning.path for warning in deck.warnings) == [
        "event.name", "links.feedback", "links.slides", "speaker.bio", "speaker.name"]
    assert deck.talk.history == []  # the talk has not been given yet; nothing invented


# ---------------------------------------------------------------- what the room sees

def test_no_slide_spills_out_of_the_16_by_9_frame(page, built_talk):
    """What the audience would see cut off: any element of a slide outside the slide's own box
    (screen-reader text alternatives, kept in a 1-pixel box, are not seen)."""
    open_offline(page, (built_talk / "index.html").as_uri())
    page.evaluate("Reveal.configure({transition: 'none', backgroundTransition: 'none'})")
    page.evaluate("document.fonts.ready")
    spilled = []
    for index in range(page.evaluate("Reveal.getTotalSlides()")):
        page.evaluate(f"Reveal.slide({index}, 0, 99)")
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


def test_placeholders_are_warned_about_where_they_are_written(talk_dir):
    """check names each placeholder, located, as a warning: the build still succeeds."""
    from conftest import run_build

    talk = (talk_dir / "talk.yaml").read_text()
    talk = talk.replace("  name: Sam Speaker\n", "  name: '[Your name]'\n  bio: ''\n")
    talk = talk.replace("  name: Test Conf\n", "  name: Test Conf\n  date: TBD\n")
    talk = talk.replace("feedback: https://example.org/feedback", "feedback: https://forms.test/feedback")
    (talk_dir / "talk.yaml").write_text(talk)
    result = run_build("check", "--talk", str(talk_dir / "talk.yaml"))
    assert result.returncode == 0, result.stderr
    found = [line for line in result.stderr.splitlines() if ": placeholder: " in line]
    assert found == [
        "talk.yaml:3:9: warning: speaker.name: placeholder: '[Your name]' still stands in for the real speaker name",
        "talk.yaml:4:8: warning: speaker.bio: placeholder: the speaker's bio is empty; the programme (cfp.md) prints it",
        "talk.yaml:7:9: warning: event.date: placeholder: 'TBD' still stands in for the real event date",
        "talk.yaml:23:11: warning: links.slides: placeholder: 'https://example.org/slides' is an example address; "
        "put the real one here",
        "talk.yaml:24:13: warning: links.feedback: placeholder: 'https://forms.test/feedback' is an example address; "
        "put the real one here",
    ]
    filled = talk.replace("'[Your name]'", "Sam Speaker").replace("bio: ''", "bio: Builds things.")
    filled = filled.replace("date: TBD", "date: 2027-03-18").replace("https://example.org/slides", "https://talks.io/s")
    filled = filled.replace("https://forms.test/feedback", "https://talks.io/f")
    (talk_dir / "talk.yaml").write_text(filled)
    result = run_build("check", "--talk", str(talk_dir / "talk.yaml"))
    assert result.returncode == 0 and ": placeholder: " not in result.stderr, result.stderr
