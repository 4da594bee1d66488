"""Editions: one talk cut for several slots. A small talk with a shorter edition and a timed Ignite
edition of 20 slides, built, checked and timed as a speaker would; the Ignite deck watched in real
Chromium as it moves on by itself."""
from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from conftest import MINIMAL_TALK, pdf_texts, refuse_requests, run_build
from deck import rehearsal

SHORT = textwrap.indent(textwrap.dedent("""\
      - name: short
        slot_minutes: 5
        questions_minutes: 1
        leave_out: [product-trio]
        change:
          - slide: order-giver
            minutes: 1.5
            notes: The order-giver, told briefly for the short slot.
        add:
          - after: intro
            slide:
              kind: tool
              ref: tree
              minutes: 0.5
              notes: The tree, shown only in this edition.
    """), "  ")


def ignite(slides: int = 20, long_notes: bool = False) -> str:
    """An Ignite edition: the talk's four slides and section dividers up to `slides` in all."""
    parts = [f"""\
      - after: intro
        slide:
          kind: section
          title: Beat {number}
          notes: Beat {number} in a sentence the room hears in well under fifteen seconds.
""" for number in range(2, slides - 4 + 1)]
    parts.insert(0, """\
      - after: order-giver
        slide:
          kind: pattern
          ref: product-trio
          steps: true
          notes: The trio again, its three parts revealed at once, since a timed slide has no steps.
""")
    change = ("""\
    change:
      - slide: order-giver
        notes: >-
""" + "          " + " ".join(["word"] * 45) + "\n") if long_notes else ""
    return "  - name: ignite\n    slot_minutes: 5\n    timed: ignite\n" + change + "    add:\n" + \
        textwrap.indent("".join(parts), "  ")


def with_editions(talk_dir: Path, *editions: str) -> Path:
    talk = talk_dir / "talk.yaml"
    talk.write_text(MINIMAL_TALK + "editions:\n" + "".join(editions))
    return talk


def line_of(talk: Path, text: str) -> int:
    return next(number for number, line in enumerate(talk.read_text().splitlines(), 1) if text in line)


def slide_ids(page_html: str) -> list[str]:
    import re

    return re.findall(r'<section[^>]* id="([^"]+)"', page_html)


def test_an_edition_builds_its_own_deck_and_programme_beside_the_full_talk(talk_dir):
    talk = with_editions(talk_dir, SHORT)
    assert run_build("--talk", str(talk)).returncode == 0
    result = run_build("--talk", str(talk), "--edition", "short")
    assert result.returncode == 0, result.stderr
    assert f"built 4 slides into {talk_dir / 'dist-short'}" in result.stderr
    edition = (talk_dir / "dist-short" / "index.html").read_text()
    assert slide_ids(edition) == ["title", "order-giver", "intro", "tree"]
    assert "The tree, shown only in this edition." in edition
    assert "The order-giver, told briefly for the short slot." in edition
    assert (talk_dir / "dist-short" / "a-small-talk.html").is_file()
    cfp = (talk_dir / "dist-short" / "cfp.md").read_text()
    assert "5-minute slot: 4 minutes of talk, 1 for questions." in cfp
    assert "    - Order-giver (1.5 min)\n    - Intro (1 min)\n    - Opportunity tree (0.5 min)" in cfp
    assert "Product trio" not in cfp
    # the full talk's build is left as it was, and is still the default
    full = (talk_dir / "dist" / "index.html").read_text()
    assert slide_ids(full) == ["title", "order-giver", "product-trio", "intro"]
    assert "10-minute slot: 4 minutes of talk, 2 for questions." in (talk_dir / "dist" / "cfp.md").read_text()


def test_stats_plans_with_the_editions_minutes(talk_dir):
    talk = with_editions(talk_dir, SHORT)
    result = run_build("stats", "--talk", str(talk), "--edition", "short")
    assert result.returncode == 0, result.stderr
    assert "Slot: 5 min = 4 min talk + 1 min questions; planned 4 min (fits)" in result.stdout
    assert "Slot: 10 min = 8 min talk" in run_build("stats", "--talk", str(talk)).stdout


def test_every_mistake_in_an_edition_is_located_and_nothing_is_written(talk_dir):
    talk = with_editions(talk_dir, SHORT)
    assert run_build("--talk", str(talk), "--edition", "short").returncode == 0
    before = (talk_dir / "dist-short" / "index.html").read_text()
    broken = textwrap.indent(textwrap.dedent("""\
      - name: broken
        slot_minutes: 3
        takeaways: [spot, nowhere]
        leave_out: [order-giver, no-such-slide]
        change:
          - slide: titel
            notes: Hello.
        add:
          - after: intro
            slide:
              kind: pattern
              ref: no-such-pattern
              minutes: 1
              notes: Never shown.
      - name: long
        slot_minutes: 2
    """), "  ")
    talk = with_editions(talk_dir, SHORT, broken)
    result = run_build("--talk", str(talk), "--edition", "short")
    assert result.returncode == 1
    lines = result.stderr.splitlines()

    def located(text: str, message: str) -> bool:
        line = line_of(talk, text)
        return any(entry.startswith(f"talk.yaml:{line}:") and message in entry for entry in lines)

    assert located("no-such-slide", "editions[1].leave_out[1]: unknown slide 'no-such-slide' (known: ")
    assert located("slide: titel", "editions[1].change[0].slide: unknown slide 'titel' (known: title")
    assert located("ref: no-such-pattern", "editions[1].add[0].slide.ref: unknown pattern 'no-such-pattern'")
    assert located("slot_minutes: 2", "editions[2].slot_minutes: edition 'long' plans 4 minutes of slides but its "
                                 "slot leaves 2 (2 minus 0 for questions)")
    assert "Traceback" not in result.stderr and "nothing was written" in result.stderr
    assert (talk_dir / "dist-short" / "index.html").read_text() == before
    # once the references resolve: the takeaways it promises must be delivered in it
    talk = with_editions(talk_dir, broken.replace(", no-such-slide", "").replace("titel", "title")
                         .replace("no-such-pattern", "product-trio").replace("slot_minutes: 2", "slot_minutes: 5"))
    result = run_build("check", "--talk", str(talk))
    assert result.returncode == 1
    line = line_of(talk, "takeaways: [spot, nowhere]")
    assert (f"talk.yaml:{line}:") in result.stderr
    assert "editions[0].takeaways[0]: edition 'broken' promises takeaway 'spot' but none of its slides delivers " \
           "it" in result.stderr
    assert "editions[0].takeaways[1]: unknown takeaway 'nowhere' (known: spot)" in result.stderr


def test_an_edition_the_talk_does_not_have_is_named(talk_dir):
    talk = with_editions(talk_dir, SHORT, ignite())
    result = run_build("--talk", str(talk), "--edition", "meetup")
    assert result.returncode == 1
    assert "talk.yaml:1:1: editions: unknown edition 'meetup' (known: short, ignite)" in result.stderr
    assert not (talk_dir / "dist-meetup").exists()
    talk.write_text(MINIMAL_TALK)
    plain = run_build("--talk", str(talk), "--edition", "short")
    assert plain.returncode == 1
    assert "talk.yaml:1:1: editions: the talk has no editions; add 'short' under 'editions:'" in plain.stderr
    refused = run_build("new", str(talk_dir / "another"), "--edition", "short")
    assert refused.returncode == 2 and "new takes no --edition" in refused.stderr
    assert not (talk_dir / "another").exists()


def test_check_without_an_edition_checks_the_talk_and_every_edition(talk_dir):
    talk = with_editions(talk_dir, SHORT, ignite(long_notes=True))
    result = run_build("check", "--talk", str(talk))
    assert result.returncode == 0, result.stderr
    assert "talk.yaml: 4 slides, 4 planned minutes" in result.stderr
    assert "talk.yaml (edition short): 4 slides, 4 planned minutes" in result.stderr
    assert "talk.yaml (edition ignite): 20 slides, 5 planned minutes" in result.stderr
    # the Ignite slide whose notes take longer than its 15 seconds, located at those notes
    notes = line_of(talk, "word word word")
    assert (f"talk.yaml:{notes - 1}:1: warning: edition ignite: slide 2 'Order-giver': notes run over the slide's "
            "15 seconds: 45 words, where 32 fit at 130 words a minute") in result.stderr
    # the short edition's own slides are held to their minutes; the full talk's are warned of once
    assert "edition short: slide 2 'Order-giver': notes are 8 words, 4% of the 195 that 1.5 minutes take" \
        in result.stderr
    assert result.stderr.count("slide 1 'A Small Talk': notes are") == 1
    one = run_build("check", "--talk", str(talk), "--edition", "short")
    assert "(edition ignite)" not in one.stderr and "(edition short)" in one.stderr


def test_a_timed_edition_has_its_formats_slides(talk_dir):
    talk = with_editions(talk_dir, ignite(slides=19))
    result = run_build("--talk", str(talk), "--edition", "ignite")
    assert result.returncode == 1
    assert (f"talk.yaml:{line_of(talk, 'timed: ignite')}:12: editions[0].timed: Ignite is 20 slides of 15 "
            "seconds; edition 'ignite' has 19 (add 1)") in result.stderr
    talk = with_editions(talk_dir, ignite().replace("    add:\n", "    change:\n      - slide: intro\n"
                                                                  "        minutes: 1\n    add:\n", 1))
    result = run_build("--talk", str(talk), "--edition", "ignite")
    assert result.returncode == 1
    assert "editions[0].change[0].minutes: Ignite gives every slide 15 seconds; remove 'minutes'" in result.stderr


def test_the_ignite_deck_advances_by_itself_every_fifteen_seconds(talk_dir, browser):
    talk = with_editions(talk_dir, ignite())
    assert run_build("--talk", str(talk), "--edition", "ignite").returncode == 0
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    # The pages' own timers on a clock that stands still but as the test moves it, 100 ms at a
    # time: reveal's auto-slide and the speaker view run as they are, a busy machine cannot hurry them.
    context.clock.install(time=0)
    context.clock.pause_at(1000)
    page = context.new_page()
    moved = 0

    def run_until(target, condition: str, step: int = 100) -> None:
        nonlocal moved
        for _ in range(400):
            if target.evaluate(condition):
                return
            context.clock.run_for(step)
            moved += step
        raise AssertionError(f"never true: {condition}")

    outside = refuse_requests(page, lambda target: target.startswith(("file://", "data:", "about:")))
    page.goto((talk_dir / "dist-ignite" / "index.html").as_uri())
    run_until(page, "() => window.Reveal && Reveal.isReady()")
    assert outside == []
    assert page.evaluate("Reveal.getTotalSlides()") == 20
    with context.expect_page() as popup:
        page.keyboard.press("s")
    speaker = popup.value
    run_until(speaker, "() => !!document.getElementById('deck-seconds-left')")

    def left() -> int:
        return int(speaker.locator("#deck-seconds-left").inner_text().removesuffix(" s left on this slide"))

    run_until(page, "() => Reveal.getIndices().h === 1")  # nobody pressed a key: the deck moved on
    moved = 0
    context.clock.run_for(200)
    assert left() == 15
    context.clock.run_for(5000)
    assert left() in (10, 11)  # the countdown is redrawn every 200 ms
    assert page.evaluate("Reveal.getIndices().h") == 1
    run_until(page, "() => Reveal.getIndices().h === 2")
    assert 9600 <= moved <= 10000  # 15 seconds on the slide in all
    for expected in range(3, 20):
        # A slide's first 14 seconds in one move of the clock, not 28 looks at a deck that stands
        # still: a deck that moved on in them is still caught (then it took 14 000 ms, too few).
        context.clock.run_for(14000)
        moved = 14000
        run_until(page, f"() => Reveal.getIndices().h === {expected}", step=500)
        assert 14500 <= moved <= 15000
    context.clock.run_for(30000)  # the last slide stays: the talk is over, nothing loops to the start
    assert page.evaluate("Reveal.getIndices().h") == 19
    context.close()


def test_the_full_deck_does_not_advance_by_itself(talk_dir):
    talk = with_editions(talk_dir, SHORT, ignite())
    assert run_build("--talk", str(talk)).returncode == 0
    config = (talk_dir / "dist" / "index.html").read_text()
    assert '"autoSlide"' not in config
    assert run_build("--talk", str(talk), "--edition", "ignite").returncode == 0
    assert '"autoSlide": 15000' in (talk_dir / "dist-ignite" / "index.html").read_text()


@pytest.mark.parametrize("edition", ["", "ignite"])
def test_a_rehearsal_belongs_to_the_edition_it_was_served_as(talk_dir, edition):
    """serve --edition NAME plans with that edition's slides; its runs say so, and stats --edition
    compares that edition's runs alone."""
    from datetime import datetime, timezone

    from deck.pipeline import load

    talk = with_editions(talk_dir, ignite())
    deck = load(talk, edition=edition or None)
    recorder = rehearsal.Recorder(talk_dir, now=lambda: datetime(2026, 3, 1, 10, tzinfo=timezone.utc))
    recorder.plan(deck.talk.title, 5, [rehearsal.PlannedSlide(s.anchor, s.title, s.seconds) for s in deck.slides],
                  rehearsal.edition_of(deck))
    for index, slide in enumerate(deck.slides):
        recorder.report(slide.anchor, index, True)
    path = recorder.finish()
    written = json.loads(path.read_text())
    assert written.get("edition", "") == edition
    args = ("stats", "--talk", str(talk)) + (("--edition", edition) if edition else ())
    own = run_build(*args)
    other = run_build("stats", "--talk", str(talk), *(() if edition else ("--edition", "ignite")))
    assert f"Rehearsal: rehearsals/{path.name} (complete" in own.stdout
    assert "Rehearsals: none complete" in other.stdout
    if edition:
        assert "Beat 16" in own.stdout and "0:15" in own.stdout


def test_the_site_lists_the_editions_each_with_its_deck_and_downloads(talk_dir):
    talk = with_editions(talk_dir, SHORT)
    result = run_build("site", "--talk", str(talk), pdf=True)
    assert result.returncode == 0, result.stderr
    site = talk_dir / "dist" / "site"
    page = (site / "index.html").read_text()
    editions = page.split('<h2 id="editions">Other editions</h2>', 1)[1].split("</section>", 1)[0]
    assert "<h3>short: for a 5-minute slot</h3>" in editions
    assert '<a class="button" href="deck-short/index.html">Open the slides</a>' in editions
    for name in ("a-small-talk.pdf", "a-small-talk-handout.pdf", "a-small-talk.pptx", "a-small-talk.html"):
        size = (site / "deck-short" / name).stat().st_size
        assert f'href="deck-short/{name}"' in editions and size > 0
    assert slide_ids((site / "deck-short" / "index.html").read_text()) == ["title", "order-giver", "intro", "tree"]
    assert slide_ids((site / "deck" / "index.html").read_text()) == ["title", "order-giver", "product-trio", "intro"]


def test_the_printed_outputs_of_an_edition_are_that_editions(talk_dir):
    """pptx (and pdf) --edition with no build of the edition yet: everything, into dist-short/."""
    from pptx import Presentation

    talk = with_editions(talk_dir, SHORT)
    result = run_build("pptx", "--talk", str(talk), "--edition", "short")
    assert result.returncode == 0, result.stderr
    out = talk_dir / "dist-short"
    slides = pdf_texts(out / "a-small-talk.pdf")
    assert len(slides) == 4 and "Opportunity tree" in slides[3]
    assert "Order-giver" in slides[1] and "one point" in slides[2]  # the product trio's slide is left out
    assert "The tree, shown only in this edition." in "".join(pdf_texts(out / "a-small-talk-handout.pdf"))
    shown = Presentation(str(out / "a-small-talk.pptx")).slides
    assert len(shown) == 4
    assert shown[3].notes_slide.notes_text_frame.text.startswith("The tree, shown only in this edition.")
    assert not (talk_dir / "dist").exists()


def test_serve_serves_the_edition_and_logs_its_rehearsal_as_that_editions(talk_dir):
    """serve --edition: that edition's deck, advancing by itself, and a run-through of it (the
    presenting window's reports, sent as the deck sends them) logged as that edition's."""
    import urllib.request

    from deck.pipeline import load
    from test_serve import Served

    talk = with_editions(talk_dir, ignite())
    served = Served(talk_dir, "--edition", "ignite")
    try:
        assert served.wait_for(r"built (\d+) slides").group(1) == "20"
        status, page = served.get("/")
        assert status == 200 and b'"autoSlide": 15000' in page
        for index, slide in enumerate(load(talk, edition="ignite").slides):
            report = json.dumps({"slide": slide.anchor, "index": index, "counting": True}).encode()
            request = urllib.request.Request(served.url + "__live__/present/report", data=report,
                                             headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=10) as answer:
                assert answer.status in (200, 204)
    finally:
        served.stop()
    (run_file,) = (talk_dir / "rehearsals").glob("*.json")
    run = json.loads(run_file.read_text())
    assert (run["edition"], run["status"], run["talk_minutes"], len(run["slides"])) == ("ignite", "complete", 5, 20)
    assert all(slide["planned"] == 15 for slide in run["slides"])


def test_the_readme_example_builds(talk_dir):
    from conftest import ROOT

    section = (ROOT / "README.md").read_text().split("\n## Editions\n", 1)[1]
    example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    talk = talk_dir / "talk.yaml"
    talk.write_text(MINIMAL_TALK + example)
    result = run_build("--talk", str(talk), "--edition", "lightning")
    assert result.returncode == 0, result.stderr
    assert slide_ids((talk_dir / "dist-lightning" / "index.html").read_text()) == ["title", "order-giver", "intro",
                                                                                  "tree"]


def test_a_pechakucha_edition_shows_each_slide_twenty_seconds_in_its_slot(talk_dir):
    pechakucha = ignite().replace("name: ignite", "name: pecha").replace("timed: ignite", "timed: pechakucha")
    talk = with_editions(talk_dir, pechakucha.replace("slot_minutes: 5", "slot_minutes: 6"))
    result = run_build("--talk", str(talk), "--edition", "pecha")
    assert result.returncode == 1
    assert (f"talk.yaml:{line_of(talk, 'slot_minutes: 6')}:19: editions[0].slot_minutes: edition 'pecha' plans "
            "6.67 minutes of slides but its slot leaves 6 (6 minus 0 for questions)") in result.stderr
    talk = with_editions(talk_dir, pechakucha.replace("slot_minutes: 5", "slot_minutes: 7"))
    result = run_build("--talk", str(talk), "--edition", "pecha")
    assert result.returncode == 0, result.stderr
    page = (talk_dir / "dist-pecha" / "index.html").read_text()
    assert '"autoSlide": 20000' in page and '"totalTime": 400' in page and page.count('data-timing="20"') == 20


def test_check_measures_each_editions_layout_in_chromium(talk_dir):
    talk = with_editions(talk_dir, SHORT)
    result = run_build("check", "--talk", str(talk), pdf=True)
    assert result.returncode == 0, result.stderr
    assert "layout not measured" not in result.stderr
    assert "talk.yaml (edition short): 4 slides, 4 planned minutes, 2 warnings" in result.stderr


def test_an_ignite_rehearsal_shows_the_slides_the_speaker_could_not_keep_up_with(talk_dir, browser):
    """serve --edition ignite in real Chromium on a clock the test moves: the next key says "done
    with this slide" and never moves the deck ahead of its 15 seconds; a slide the deck moved on
    from first is marked in the speaker view, logged late, and named by stats at its line."""
    from test_serve import Served

    talk = with_editions(talk_dir, ignite())
    served = Served(talk_dir, "--edition", "ignite")
    try:
        context = browser.new_context(viewport={"width": 1280, "height": 720})
        context.clock.install(time=0)
        context.clock.pause_at(1000)
        deck = context.new_page()

        def run_until(condition: str) -> int:
            """Moves the clock 100 ms at a time until `condition`; the milliseconds it took."""
            for step in range(400):
                if deck.evaluate(condition):
                    return step * 100
                context.clock.run_for(100)
            raise AssertionError(f"never true: {condition}")

        def done_with(key: str = "ArrowRight", window=None) -> None:
            """The speaker's key (in the deck, or the speaker view), once serve has taken the report it sends."""
            with deck.expect_response(lambda response: response.url.endswith("/__live__/present/report")
                                      and '"done"' in (response.request.post_data or ""), timeout=20000):
                (window or deck).keyboard.press(key)

        deck.goto(served.url)
        run_until("() => window.Reveal && Reveal.isReady()")
        with context.expect_page() as popup:
            deck.keyboard.press("s")
        speaker = popup.value
        run_until("() => !!window.deckSpeakerView && !!deckSpeakerView.document.getElementById('deck-seconds-left')")
        deck.bring_to_front()
        behind = speaker.locator("#deck-fell-behind")

        context.clock.run_for(5000)
        done_with()  # slide 1 said in 5 of its 15 seconds: the deck stays on it
        context.clock.run_for(1000)
        assert deck.evaluate("Reveal.getIndices().h") == 0
        to_spare = 1 + run_until("() => Reveal.getIndices().h === 1") / 1000  # when the deck itself moved on
        run_until("() => Reveal.getIndices().h === 2")  # slide 2: the deck moved on before the speaker was done
        assert behind.inner_text() == "Behind: slide 2 moved on before you were done with it"
        context.clock.run_for(3000)
        done_with("PageDown")  # the clicker: done with slide 2, 3 seconds late
        assert behind.count() == 0
        context.clock.run_for(3000)
        done_with(" ", speaker)  # and slide 3, with 9 seconds to spare, from the speaker view
        assert deck.evaluate("Reveal.getIndices().h") == 2
        run_until("() => Reveal.getIndices().h === 3")
        # slide 4 never finished; serve has taken the deck's report of moving on from it before the
        # page closes (on a busy machine the report was still in flight, and slide 4 went unmarked)
        with deck.expect_response(lambda response: response.url.endswith("/__live__/present/report")
                                  and '"index":4' in (response.request.post_data or ""), timeout=20000):
            run_until("() => Reveal.getIndices().h === 4")
        assert behind.inner_text() == "Behind: slide 4 moved on before you were done with it"
        context.close()
    finally:
        served.stop()
    saved = served.wait_for(r"rehearsal saved: (rehearsals/\S+\.json) \(partial, 20 slides")
    run = json.loads((talk_dir / saved.group(1)).read_text())
    assert abs(run["slides"][0]["by"] - to_spare) <= 0.11
    assert [(slide.get("kept_up"), slide.get("by")) for slide in run["slides"][1:6]] == \
        [(False, 3.0), (True, 9.0), (False, None), (None, None), (None, None)]
    assert run["slides"][0]["kept_up"] is True

    # the run stopped after slide 5: a partial run, chosen by its file
    result = run_build("stats", "--talk", str(talk), "--edition", "ignite", "--rehearsal",
                       str(talk_dir / saved.group(1)))
    assert result.returncode == 0, result.stderr
    said = result.stdout.split("The speaker could not keep up with ", 1)[1].splitlines()
    assert said == ["2 of 4 timed slides (the deck moved on first):",
                    f"  talk.yaml:{line_of(talk, 'ref: order-giver') - 1}:1: slide 2 'Order-giver': done 3 s late",
                    f"  talk.yaml:{line_of(talk, '- kind: pattern')}:1: slide 4 'Product trio': never said done"]
