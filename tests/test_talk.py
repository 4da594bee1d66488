"""The real talk, as an audience and a programme committee see it: the built deck in Chromium and dist/cfp.md.

The talk promises an argument, not a catalogue: a cold open and one story (a composite, at an
invented company), six anti-patterns (two told in depth, four run through), Cynefin's map, "agree
the context" and two minutes for the room to do it, then one chapter per context (its stance and
the outcome it is after, the patterns that fit there, each drawn as what it does, a tool drawn
from a worked example), the fit grid, and a close that pays off the title and ends on one line.
Counts and kinds come from the rendered slides (their data-kind), links are followed to the
slides they name, and the seed abstract's promises (three takeaways, a 75-80 word summary, a
45-minute slot with questions) are checked against what was built. The notes are checked as an
honest script a speaker rehearses from: no experience put in the speaker's mouth, inside the
planned minutes, a key phrase per slide, moments with the room, cuts marked. The room's side,
measured in Chromium at 1920x1080, is test_talk_room.py's.
"""
from __future__ import annotations

import re
from itertools import groupby
import pytest

from conftest import ROOT, open_offline
from deck.validate import NOTES_FIT, SPOKEN_WORDS_PER_MINUTE, load_deck

SEED = ROOT.parent / "shared" / "seed" / "000_e6d9b3dde9df62e3.txt"
SEED_TAKEAWAYS = ROOT / "tests" / "talks" / "seed-takeaways.md"
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
  credit: (s.querySelector('.frame > .credit') || {}).textContent || '',
  onRequest: s.hasAttribute('data-on-request'),
  cut: Number(s.dataset.cut || 0),
  layout: s.className.match(/layout-\\S+/g) || [],
  blocks: [...new Set([...s.querySelectorAll('.stage.body > *')].map(e => e.tagName.toLowerCase()
    + (e.classList.contains('said') ? '.said' : '')))],
  keyPhrase: (s.querySelector('aside.notes > p.key-phrase') || {}).textContent || '',
  cuttable: (s.querySelector('aside.notes > p.cuttable') || {}).textContent || '',
}))"""


@pytest.fixture(scope="module")
def deck():
    return load_deck(ROOT / "talk.yaml")


@pytest.fixture(scope="module")
def deck_page(browser, built_talk):
    """The built deck opened once for the module, offline: the tests below only read it."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    assert open_offline(page, (built_talk / "index.html").as_uri()) == []
    yield page
    context.close()


@pytest.fixture(scope="module")
def slides(deck_page) -> list[dict]:
    return deck_page.evaluate(SLIDES_JS)


def of_kind(slides: list[dict], *kinds: str) -> list[dict]:
    return [slide for slide in slides if slide["kind"] in kinds]


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


def test_the_agenda_and_the_section_dividers_agree(deck_page, slides, deck):
    assert [section.title for section in deck.talk.outline] == PARTS
    agenda = deck_page.evaluate("""() => [...document.querySelectorAll('#the-road-ahead ol > li strong')]
        .map(e => e.textContent)""")
    assert agenda == PARTS
    dividers = deck_page.evaluate("""() => [...document.querySelectorAll('section[data-kind=section]')]
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


def test_two_anti_patterns_are_told_through_the_story_and_the_rest_draw_their_remedies(slides, deck):
    """In depth: the symptom and the cost, told through Sam and Priya. Run through: the claim and
    its remedies drawn, linked to their slides; in less than half the time."""
    kind_of = {slide["id"]: slide["kind"] for slide in slides}
    notes = {slide.anchor: slide for slide in deck.slides}
    in_depth = []
    for anti in of_kind(slides, "anti-pattern"):
        remedies = [target for target in anti["remedies"] if target != anti["id"]]  # its own box links home
        if remedies:
            assert all(kind_of.get(target) in ("pattern", "tool") for target in remedies), anti
            assert notes[anti["id"]].minutes <= 0.5, anti["id"]
        else:
            in_depth.append(anti["id"])
            assert re.search(r"\b(Sam|Priya)\b", notes[anti["id"]].notes), anti["id"]
    assert in_depth == ["product-as-order-giver", "product-as-business-analyst"]


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


def test_the_fit_grid_agrees_with_the_model_it_draws(deck_page, slides, deck):
    """What the grid says in words (its text alternative): each pattern and the contexts it fits."""
    name_of = {context.id: context.name for context in deck.talk.contexts}
    head_of = {context.id: context.short or context.name for context in deck.talk.contexts}
    said = deck_page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('#fit-grid .diagram-text dt')]
        .map(dt => [dt.textContent, dt.nextElementSibling.textContent]))""")
    columns = deck_page.evaluate("[...document.querySelectorAll('#fit-grid svg text.col-head')]"
                            ".map(t => [...t.children].map(line => line.textContent).join(' '))")
    assert sorted(columns) == sorted(head_of.values())
    for pattern in deck.talk.patterns:
        assert said[f"{pattern.name} (pattern)"] == ", ".join(name_of[c] for c in name_of if c in pattern.contexts)


def test_the_fit_grid_makes_the_claim_its_title_makes(deck_page, slides, deck):
    title = next(s["title"] for s in slides if s["id"] == "fit-grid")
    leads = deck_page.evaluate("""() => [...document.querySelectorAll('#fit-grid .diagram-text dt')]
        .map(dt => [dt.textContent, dt.nextElementSibling.textContent])
        .filter(([term]) => term.startsWith('Who leads in'))""")
    assert len(leads) == len(deck.talk.contexts) == 4
    led_by_product = [term for term, who in leads if who.split(",")[0].strip() == "Product management"
                      or who.split(",")[0].strip() == "Product"]
    assert len(led_by_product) == 1 and "one of four" in title, (title, leads)


# ---------------------------------------------------------------- takeaways, sources, programme

def test_each_takeaway_is_delivered_where_the_talk_says_and_named_by_the_recap(deck_page, slides):
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
    recap = deck_page.evaluate("""() => [...document.querySelectorAll('section[data-kind=recap] ol.recap > li')]
        .map(li => ({text: li.textContent,
                     links: [...li.querySelectorAll('a[href^="#/"]')].map(a => a.getAttribute('href').slice(2))}))""")
    assert len(of_kind(slides, "recap")) == 1 and len(recap) == len(talk.takeaways)
    for takeaway, item in zip(talk.takeaways, recap):
        delivering = [slide["id"] for slide in slides if takeaway.short in slide["badge"]]
        assert takeaway.short in item["text"] and takeaway.text in item["text"]  # the full text for readers
        assert sorted(item["links"]) == sorted(delivering)
    # The room sees callbacks: the short words and the moment that delivered each, not the text.
    projected = deck_page.evaluate("""() => [...document.querySelectorAll('section[data-kind=recap] ol.recap > li')]
        .map(li => [...li.querySelectorAll('strong, .callback')].map(e => e.textContent).join(' | '))""")
    from deck.markup import typographic

    assert projected == [f"{t.short} | {typographic(t.callback)}" for t in talk.takeaways]


def cited_authors(source: str) -> list[str]:
    """Surnames of the authors of each work a source names ('A and B, Title (year); C, Title')."""
    names = []
    for work in source.split(";"):
        authors = work.split(",")[0]
        names += [name.split()[-1] for name in re.split(r"\band\b|\bwith\b|&", authors) if name.strip()]
    return names


def test_every_source_cited_on_a_slide_is_in_the_reading_list(deck_page, slides, deck):
    reading = deck_page.evaluate("""() => [...document.querySelectorAll('section[data-kind=closing] .more li a')]
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

def test_planned_minutes_fill_the_slot_less_questions(deck_page, slides):
    total = sum(slide["timing"] for slide in slides if not slide["onRequest"])  # the reading list: on request
    assert total == TALK_MINUTES * 60
    assert deck_page.evaluate("Reveal.getConfig().totalTime") == total
    assert all(slide["timing"] > 0 for slide in slides)


def test_the_notes_are_a_script_inside_the_planned_minutes(deck):
    """Each slide's notes take 85-100% of the minutes the speaker talks on it (an exercise's room
    minutes are the room's); the slide shown on request is not timed."""
    from deck.script import spoken_minutes

    timed = [slide for slide in deck.slides if not slide.on_request]
    words = sum(slide.note_words for slide in timed)
    assert words <= TALK_MINUTES * SPOKEN_WORDS_PER_MINUTE, f"{words} words: {words / 130:.1f} minutes"
    assert NOTES_FIT == (0.8, 1.2)  # what check warns outside of; the talk holds itself tighter
    off = [(slide.number, slide.title, round(ratio, 2)) for slide in timed
           if not 0.85 <= (ratio := slide.note_words / (spoken_minutes(slide) * SPOKEN_WORDS_PER_MINUTE)) <= 1.0]
    assert off == []
    assert [slide.anchor for slide in deck.slides if slide.room] == ["place-your-product"]
    assert [slide.anchor for slide in deck.slides if slide.on_request] == ["closing"]


AUDIENCE_MOMENT = re.compile(r"show of hands|person next to you|turn to your neighbour|with your neighbour", re.I)


def test_the_notes_are_said_to_a_room_not_read_off_the_slide(deck):
    """No reader furniture in the script, no 'It helps when... Stop when...' read aloud; moments
    with the room spread over the talk (one in the patterns part); the title's "perfect" paid off
    at the end; the story comes back at the close, with its outcome."""
    notes = [slide.notes for slide in deck.slides]
    script = "\n".join(notes).lower()
    for reader_words in ("slide number", "generated from", "the links on", "links back", "click on", "jump to"):
        assert reader_words not in script, reader_words
    assert not [n for n in notes if re.search(r"\bit helps when\b", n, re.I) and re.search(r"\bstop when\b", n, re.I)]
    moments = [slide.section.id for slide in deck.slides if AUDIENCE_MOMENT.search(slide.notes)]
    assert len(moments) >= 4 and {"anti-patterns", "it-depends", "patterns"} <= set(moments), moments
    by_anchor = {slide.anchor: slide for slide in deck.slides}
    close = by_anchor["keep-asking"].notes
    assert "no perfect patterns" in close.lower()
    assert "Sam" in deck.slides[0].notes and "Sam" in close and "a year after" in close.lower()
    assert "paying customers" in " ".join(close.split()) and "export" in close  # the story's outcome, told
    assert deck.slides[-2].anchor == "last-line" and "thank you" in deck.slides[-2].notes.lower()
    assert "the code on the left" in " ".join(deck.slides[-1].notes.lower().split())


# A claim of the speaker's own experience: the speaker is not known yet, and a script must not put
# experiences in their mouth. Quoted speech ("I'll check with the stakeholders") is a character's.
FIRST_PERSON = re.compile(r"\b(I|I'm|I've|I'd|I'll|me|my|mine|myself)\b")


def test_the_script_claims_no_experience_of_the_speaker_and_prompts_for_their_own_story(deck):
    unquoted = {slide.anchor: re.sub(r'"[^"]*"|“[^”]*”|\[Your story:[^\]]*\]', "", slide.notes) for slide in deck.slides}
    claims = {anchor: FIRST_PERSON.findall(text) for anchor, text in unquoted.items() if FIRST_PERSON.search(text)}
    assert claims == {}
    prompts = [slide.anchor for slide in deck.slides if "[Your story:" in slide.notes]
    assert prompts == ["title", "engineering-knows-best"]
    script = "\n".join(slide.notes for slide in deck.slides)
    assert "Tally" not in script and "Larchmoor" in script  # an invented company, not a real product
    assert len(re.findall(r"\bcomposite\b", script)) == 1 and "composite" in deck.slides[0].notes


def test_check_lists_each_story_prompt_where_it_is_written(deck):
    stories = [w for w in deck.warnings if "prompt for the speaker's own story" in w.message]
    assert len(stories) == 2
    for warning in stories:
        line = (ROOT / warning.file).read_text(encoding="utf-8").splitlines()[warning.line - 1]
        assert line[warning.column - 1:].startswith("[Your story:"), (warning, line)


def test_every_slide_has_a_key_phrase_in_the_speaker_view_and_cuts_are_marked(slides, deck, built_talk):
    from deck.script import cuttable_minutes

    assert all(slide["keyPhrase"].startswith("Key: ") for slide in slides), [s["id"] for s in slides if not s["keyPhrase"]]
    total = cuttable_minutes(deck.slides)
    cut = {slide["id"]: slide["cut"] for slide in slides if slide["cut"]}
    assert cut == {"the-road-ahead": 0.5, "the-mirror": 0.5, "rituals": 0.75, "dual-track-agile": 1} and total == 2.75
    for slide in slides:
        if slide["cut"]:
            assert slide["cuttable"] == f"Cuttable: saves {slide['cut']:g} min ({total:g} min in all)"
    from conftest import run_build

    stats = run_build("stats").stdout
    assert "Cuttable: 2.75 min in 4 slides (4 the-road-ahead 0.5, 9 the-mirror 0.5, 28 rituals 0.75, " \
           "31 dual-track-agile 1)" in stats


def test_the_real_talk_checks_with_placeholder_warnings_only(deck):
    assert all(": placeholder: " in str(warning) for warning in deck.warnings), [str(w) for w in deck.warnings]
    assert sorted(warning.path for warning in deck.warnings) == [
        "event.name", "links.feedback", "links.slides", "slide 11", "slide 2", "speaker.bio", "speaker.name"]
    assert deck.talk.history == []  # the talk has not been given yet; nothing invented
