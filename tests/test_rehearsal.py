"""Rehearsing with `serve`: the run logged slide by slide, the speaker view's pause, `stats` and
`check` against the plan, and the plot. A real server process, real Chromium; what serve counts is
checked between bounds taken from when each report reached it, the speaker view on a clock the test moves."""
from __future__ import annotations

import json
import re
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import ROOT, run_build
from deck import plot, rehearsal
from deck.validate import load_deck
from test_serve import Served, replace_once

SHOWN = 1000  # ms a slide stays on screen, its time counting or not


def stats_rows(output: str) -> dict[str, list[str]]:
    """stats' rehearsal table by first cell (a slide's number, a section's title, 'Total')."""
    table = output.split("\nRehearsal: ", 1)[1]
    rows = {}
    for line in table.splitlines()[3:]:
        if line.startswith("--") or not line.strip() or line.startswith("The run took"):
            continue
        cells = re.split(r"\s{2,}", line.rstrip())  # a section's row has no number: its first cell is ''
        cells[0] = cells[0].strip()
        rows[cells[0] or cells[1]] = cells
    return rows


def seconds(clock: str) -> float:
    sign = -1 if clock.startswith("-") else 1
    parts = [int(part) for part in clock.lstrip("+-±").split(":")]
    value = 0
    for part in parts:
        value = value * 60 + part
    return sign * value


class Reports:
    """When serve took each report the deck sent: after the step that sent it began, and before its
    answer came back (serve answers once the report is counted). The time serve counts for a slide
    lies between two bounds made of those instants, however loaded the machine: nothing guessed."""

    def __init__(self, deck):
        self.deck = deck
        self.steps: list[tuple[str | None, float, float]] = []  # whose time counts from here; earliest; latest

    def after(self, step, anchor: str, index: int, counting: bool) -> None:
        said = {"slide": anchor, "index": index, "counting": counting}
        earliest = time.monotonic()
        with self.deck.expect_response(lambda response: response.url.endswith("/__live__/present/report")
                                       and json.loads(response.request.post_data or "null") == said, timeout=20000):
            step()
        self.steps.append((anchor if counting else None, earliest, time.monotonic()))

    def bounds(self) -> dict[str, tuple[float, float]]:
        """The least and the most time each slide can have counted, from one report to the next."""
        found: dict[str, tuple[float, float]] = {}
        for (anchor, earliest, latest), (_, next_earliest, next_latest) in zip(self.steps, self.steps[1:]):
            if anchor is not None:
                low, high = found.get(anchor, (0.0, 0.0))
                found[anchor] = (low + next_earliest - latest, high + next_latest - earliest)
        return found


def test_a_rehearsal_is_logged_per_slide_and_stats_reports_it(talk_dir, browser):
    """Each slide shown a while; the overview, a blank screen and the paused clock do not count,
    and the speaker view's previews (one slide ahead) do not report."""
    served = Served(talk_dir)
    try:
        context = browser.new_context(viewport={"width": 1280, "height": 720})
        deck = context.new_page()
        reports = Reports(deck)

        def press(key: str, anchor: str, index: int, counting: bool):
            reports.after(lambda: deck.keyboard.press(key), anchor, index, counting)

        reports.after(lambda: deck.goto(served.url), "title", 0, True)
        deck.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=15000)
        with context.expect_page() as popup:
            deck.keyboard.press("s")
        speaker = popup.value
        pause = speaker.locator("#deck-clock-pause")
        pause.wait_for(timeout=20000)
        deck.bring_to_front()
        deck.wait_for_timeout(SHOWN)

        press("ArrowRight", "order-giver", 1, True)
        deck.wait_for_timeout(SHOWN)
        press("o", "order-giver", 1, False)  # the overview: not counted
        assert deck.evaluate("Reveal.isOverview()")
        deck.wait_for_timeout(SHOWN)
        press("Escape", "order-giver", 1, True)
        deck.wait_for_timeout(SHOWN)

        press("ArrowRight", "product-trio", 2, True)
        deck.wait_for_timeout(SHOWN)
        timer = speaker.locator(".speaker-controls-time .timer")
        pacing = speaker.locator(".speaker-controls-time .pacing")
        reports.after(pause.click, "product-trio", 2, False)  # a question mid-talk: the clock stops
        assert pause.inner_text() == "Resume clock" and speaker.locator("#deck-clock-badge").is_visible()
        speaker.wait_for_timeout(1100)  # the timer's last tick before the pause has been shown
        frozen = (timer.inner_text(), pacing.inner_text())
        # A save while paused: the deck reloads, and the speaker view stays paused.
        deck.evaluate("window.loadedBeforeTheSave = true")
        replace_once(talk_dir / "talk.yaml", "notes: Hello and welcome.", "notes: Hello, and welcome.")
        deck.wait_for_function("() => !window.loadedBeforeTheSave && window.Reveal && Reveal.isReady()", timeout=20000)
        speaker.wait_for_timeout(1100)  # a tick of the speaker view's timer, had it gone on
        assert (timer.inner_text(), pacing.inner_text()) == frozen  # elapsed time and pacing both stand still
        assert pause.inner_text() == "Resume clock"
        assert deck.evaluate("document.documentElement.hasAttribute('data-clock-paused')")
        reports.after(pause.click, "product-trio", 2, True)
        assert pause.inner_text() == "Pause clock"
        deck.wait_for_timeout(SHOWN)

        press("ArrowRight", "intro", 3, True)
        deck.wait_for_timeout(SHOWN)
        press("b", "intro", 3, False)  # blanked: not counted
        assert deck.evaluate("Reveal.isPaused()")
        deck.wait_for_timeout(SHOWN)
        press("b", "intro", 3, True)
        deck.wait_for_timeout(SHOWN)
        press("b", "intro", 3, False)  # the end of the run: the screen goes dark
        context.close()
    finally:
        served.stop()
    saved = served.wait_for(r"rehearsal saved: (rehearsals/\S+\.json) \(complete, 4 slides")
    path = talk_dir / saved.group(1)

    # The file: small, one slide a line, every slide with its time (to a tenth of a second).
    text = path.read_text(encoding="utf-8")
    run = json.loads(text)
    assert run["format"] == 1 and run["status"] == "complete" and run["talk_minutes"] == 8
    assert [slide["id"] for slide in run["slides"]] == [s.anchor for s in load_deck(talk_dir / "talk.yaml").slides]
    assert sum(1 for line in text.splitlines() if line.strip().startswith('{"id": ')) == 4
    bounds = reports.bounds()
    logged = {slide["id"]: slide["seconds"] for slide in run["slides"]}
    assert [(anchor, low - 0.05 <= logged[anchor] <= high + 0.05) for anchor, (low, high) in bounds.items()] == \
        [(anchor, True) for anchor in ANCHORS], (logged, bounds)

    # stats: the same times in whole seconds, each slide's and the total.
    result = run_build("stats", "--talk", str(talk_dir / "talk.yaml"))
    assert result.returncode == 0, result.stderr
    print(result.stdout)
    rows = stats_rows(result.stdout)
    for number, (low, high) in enumerate(bounds.values(), start=1):
        assert low - 0.55 <= seconds(rows[str(number)][3]) <= high + 0.55, (number, rows[str(number)], low, high)
    low, high = (sum(bound[n] for bound in bounds.values()) for n in (0, 1))
    assert low - 0.55 <= seconds(rows["Total"][3]) <= high + 0.55, (rows["Total"], low, high)
    assert seconds(rows["The only section"][2]) == 4 * 60  # the section's planned minutes
    assert "took 0:" in result.stdout and "to spare" in result.stdout


# -- stats, check and the plot from run files written as serve writes them ------------------------

def write_run(talk_dir: Path, started: str, times: dict[str, float], status: str = "complete") -> Path:
    deck = load_deck(talk_dir / "talk.yaml")
    slides = [rehearsal.RehearsedSlide(id=s.anchor, title=s.title, planned=s.seconds, seconds=times.get(s.anchor, 0))
              for s in deck.slides]
    run = rehearsal.Run(format=1, talk=deck.talk.title, started=started, status=status, talk_minutes=8,
                        seconds=sum(times.values()), slides=slides)
    path = talk_dir / "rehearsals" / f"{started[:19].replace(':', '-')}.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text(rehearsal.run_text(run), encoding="utf-8")
    return path


ANCHORS = ("title", "order-giver", "product-trio", "intro")


def times(*values: float) -> dict[str, float]:
    return dict(zip(ANCHORS, values))


def test_stats_shows_last_run_median_difference_and_marks_slides_far_over(talk_dir):
    assert [s.anchor for s in load_deck(talk_dir / "talk.yaml").slides] == list(ANCHORS)
    write_run(talk_dir, "2026-03-01T10:00:00+01:00", times(50, 60, 60, 60))
    write_run(talk_dir, "2026-03-02T10:00:00+01:00", times(70, 80, 60, 60))
    write_run(talk_dir, "2026-03-03T10:00:00+01:00", times(60, 100, 61, 60))
    partial = write_run(talk_dir, "2026-03-04T10:00:00+01:00", times(40, 0, 0, 0), status="partial")
    result = run_build("stats", "--talk", str(talk_dir / "talk.yaml"))
    assert result.returncode == 0, result.stderr
    rows = stats_rows(result.stdout)
    # The last complete run (not the later partial one), the median of the last three complete.
    assert rows["1"][2:6] == ["1:00", "1:00", "1:00", "±0:00"]
    assert rows["2"][2:7] == ["1:00", "1:40", "1:20", "+0:40", "OVER by 67%"]
    assert len(rows["3"]) == 6 and rows["3"][4:6] == ["1:00", "+0:01"]  # 61 s: late, not far over
    assert rows["The only section"][2:6] == ["4:00", "4:41", "4:30", "+0:41"]
    assert rows["Total"][2:6] == ["4:00", "4:41", "4:30", "+0:41"]
    assert "The run took 4:41 of the talk's 8:00 (3:19 to spare); 1 slide ran over by more than half " \
           "its time: 2 'Order-giver'." in result.stdout
    assert "2026-03-03T10-00-00.json (complete" in result.stdout
    assert "3 complete and 1 partial runs logged" in result.stdout

    # --rehearsal picks one run, partial ones too.
    chosen = run_build("stats", "--talk", str(talk_dir / "talk.yaml"), "--rehearsal", str(partial))
    assert chosen.returncode == 0, chosen.stderr
    rows = stats_rows(chosen.stdout)
    assert rows["1"][3] == "0:40" and rows["2"][3] == "0:00" and "(partial" in chosen.stdout
    by_name = run_build("stats", "--talk", str(talk_dir / "talk.yaml"), "--rehearsal", partial.stem)
    assert by_name.stdout == chosen.stdout
    missing = run_build("stats", "--talk", str(talk_dir / "talk.yaml"), "--rehearsal", "no-such-run")
    assert missing.returncode == 1 and "no-such-run:1:1: no such rehearsal file" in missing.stderr


def test_check_warns_when_the_last_complete_run_ran_past_the_talk(talk_dir):
    talk = str(talk_dir / "talk.yaml")
    before = int(re.search(r"(\d+) warnings", run_build("check", "--talk", talk).stderr).group(1))
    write_run(talk_dir, "2026-03-01T10:00:00+01:00", times(100, 200, 300, 10))  # 10:10 of 8:00
    result = run_build("check", "--talk", talk)
    assert result.returncode == 0
    warning = next(line for line in result.stderr.splitlines() if "rehearsal" in line)
    assert warning == ("rehearsals/2026-03-01T10-00-00.json:1:1: warning: the last complete rehearsal took 10:10, "
                       "2:10 past the talk's 8 minutes; the slides that lost the most time: slide 3 'Product trio' "
                       "+4:00; slide 2 'Order-giver' +2:20; slide 1 'A Small Talk' +0:40")
    assert f"{before + 1} warnings" in result.stderr
    # A later run within the time, or only partial runs after it: judged on the last complete run.
    write_run(talk_dir, "2026-03-02T10:00:00+01:00", times(60, 60, 60, 60))
    write_run(talk_dir, "2026-03-03T10:00:00+01:00", times(900, 0, 0, 0), status="partial")
    assert "rehearsal" not in run_build("check", "--talk", talk).stderr


def test_a_broken_run_file_is_a_located_problem(talk_dir):
    path = write_run(talk_dir, "2026-03-01T10:00:00+01:00", times(60, 60, 60, 60))
    text = path.read_text()
    path.write_text(text.replace('"seconds": 60.0}', '"seconds": "a while"}', 1))
    result = run_build("stats", "--talk", str(talk_dir / "talk.yaml"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    line = next(number for number, text in enumerate(path.read_text().splitlines(), 1) if "a while" in text)
    assert re.search(rf"^rehearsals/2026-03-01T10-00-00\.json:{line}:\d+: slides\[0\]\.seconds: ", result.stderr, re.M)
    path.write_text(text[:-10])
    result = run_build("check", "--talk", str(talk_dir / "talk.yaml"))
    assert result.returncode == 1 and re.search(r"^rehearsals/2026-03-01T10-00-00\.json:\d+:\d+: ", result.stderr, re.M)


def test_the_plot_draws_planned_and_rehearsed_bars_per_slide(talk_dir, tmp_path):
    write_run(talk_dir, "2026-03-01T10:00:00+01:00", times(30, 120, 60, 45))
    svg_path = tmp_path / "plot.svg"
    result = run_build("stats", "--talk", str(talk_dir / "talk.yaml"), "--plot", str(svg_path))
    assert result.returncode == 0, result.stderr
    namespace = {"svg": "http://www.w3.org/2000/svg"}
    root = ET.parse(svg_path).getroot()
    groups = root.findall("svg:g[@class='slide']", namespace)
    assert [group.get("data-slide") for group in groups] == list(ANCHORS)
    widths = {group.get("data-slide"): (float(group.find("svg:rect[@class='planned']", namespace).get("width")),
                                        group.find("svg:rect[@class='rehearsed']", namespace))
              for group in groups}
    unit = widths["title"][0] / 60  # every slide is planned at a minute: the same planned bar
    for anchor, seconds_ in times(30, 120, 60, 45).items():
        planned, bar = widths[anchor]
        assert planned == pytest.approx(60 * unit)
        assert float(bar.get("width")) == pytest.approx(seconds_ * unit, abs=0.1)
    # Twice the plan is far over: drawn in the warning colour, the others in the usual one.
    colours = {anchor: bar.get("fill") for anchor, (_, bar) in widths.items()}
    assert colours["order-giver"] == plot.PLOT_COLOURS["over"]
    assert {colours[a] for a in ("title", "product-trio", "intro")} == {plot.PLOT_COLOURS["rehearsed"]}

    png_path = tmp_path / "plot.png"
    result = run_build("stats", "--talk", str(talk_dir / "talk.yaml"), "--plot", str(png_path))
    assert result.returncode == 0, result.stderr
    png = png_path.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (int(root.get("width")), int(root.get("height")))
    wrong = run_build("stats", "--talk", str(talk_dir / "talk.yaml"), "--plot", str(tmp_path / "plot.pdf"))
    assert wrong.returncode == 1 and "plot.pdf:1:1: --plot writes a .svg or a .png file" in wrong.stderr


# -- the recorder's rules, on a clock the test moves ---------------------------------------------

class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_runs_start_with_the_first_move_restart_at_the_first_slide_and_count_only_shown_time(tmp_path):
    from datetime import datetime, timedelta, timezone

    clock = Clock()
    started = iter(datetime(2026, 3, 1, 10, 0, tzinfo=timezone.utc) + timedelta(hours=h) for h in range(10))
    recorder = rehearsal.Recorder(tmp_path, clock=clock, now=lambda: next(started))
    recorder.plan("Talk", 8, [rehearsal.PlannedSlide(a, a.title(), 60) for a in ("a", "b", "c")])

    recorder.report("a", 0, True)  # the deck opens: nothing written until it moves
    clock.now = 10
    recorder.report("a", 0, True)  # a reload of the deck on the same slide changes nothing
    assert not (tmp_path / "rehearsals").exists()
    clock.now = 20
    recorder.report("b", 1, True)
    clock.now = 25
    recorder.report("b", 1, False)  # overview, blank screen or paused clock
    clock.now = 100
    recorder.report("b", 1, True)
    clock.now = 130
    recorder.report("a", 0, True)  # back to the first slide: that run ends, partial (c never shown)
    first = rehearsal.read_run(recorder.saved[0], tmp_path)
    assert first.status == "partial" and first.seconds_of() == {"a": 20, "b": 35, "c": 0}
    clock.now = 140
    recorder.report("b", 1, True)
    clock.now = 150
    recorder.report("c", 2, True)
    clock.now = 155
    assert recorder.current() == (pytest.approx(25), True)
    path = recorder.finish()
    second = rehearsal.read_run(path, tmp_path)
    assert second.status == "complete" and second.seconds_of() == {"a": 10, "b": 10, "c": 5}
    assert [p.name for p in recorder.saved] == ["2026-03-01T10-00-00.json", "2026-03-01T11-00-00.json"]


# -- the pause on stage, without serve -------------------------------------------------------------

@pytest.mark.parametrize("edition", ["index.html", "single file"])
def test_the_speaker_view_pauses_the_clock_from_the_built_files(browser, built_talk, edition):
    """On stage the deck may be opened from the disk, the presenter deck or the single file."""
    from deck.export import slug

    name = "index.html" if edition == "index.html" else f"{slug(load_deck(ROOT / 'talk.yaml').talk.title)}.html"
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    violations: list[str] = []
    context.on("console", lambda message: violations.append(message.text)
               if "Content Security Policy" in message.text else None)
    # The pages' clock is the test's: time moves only when run_for() moves it, timers and all.
    context.clock.install()
    deck = context.new_page()
    deck.goto((built_talk / name).as_uri() + "?view=present")
    deck.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=15000)
    with context.expect_page() as popup:
        deck.keyboard.press("s")
    speaker = popup.value
    speaker.on("console", lambda message: violations.append(message.text)
               if "Content Security Policy" in message.text else None)
    pause = speaker.locator("#deck-clock-pause")
    pause.wait_for(timeout=20000)
    timer = speaker.locator(".speaker-controls-time .timer")
    context.clock.pause_at(time.time() + 60)  # from here on, no tick but the ones run_for() gives
    context.clock.run_for(3000)
    started = timer.inner_text()
    assert seconds(started.strip()) > 0
    pause.click()
    assert deck.evaluate("document.documentElement.hasAttribute('data-clock-paused')")  # the deck knows
    context.clock.run_for(5000)
    frozen = timer.inner_text()
    assert frozen == started  # five seconds paused: the clock stood still
    pause.click()
    context.clock.run_for(2000)
    # Resumed where it stopped: two seconds on, not the time the pause lasted.
    assert seconds(timer.inner_text().strip()) - seconds(frozen.strip()) == 2
    assert violations == []
    context.close()


def test_only_a_timed_run_says_who_kept_up_and_a_done_report_is_checked(tmp_path):
    from deck.presenting import _report

    plan = [rehearsal.PlannedSlide(a, a.title(), 15) for a in ("a", "b", "c")]
    for timed in (True, False):
        clock = Clock()
        recorder = rehearsal.Recorder(tmp_path / str(timed), clock=clock)
        recorder.plan("Talk", 1, plan, "ignite" if timed else "", timed=timed)
        recorder.report("a", 0, True)
        recorder.done("a", 4.0)
        recorder.done("a", -9.0)  # a second key on a slide already done changes nothing
        clock.now = 15
        recorder.report("b", 1, True)
        clock.now = 30
        recorder.report("c", 2, True)
        recorder.done("b", -2.5)
        slides = rehearsal.read_run(recorder.finish(), tmp_path / str(timed)).slides
        kept = [(slide.kept_up, slide.by) for slide in slides]
        assert kept == ([(True, 4.0), (False, 2.5), (None, None)] if timed else [(None, None)] * 3)
    assert _report(b'{"slide": "a", "index": 0, "counting": true, "done": {"slide": "a", "early": -2.5}}') == \
        ("a", 0, True, ("a", -2.5))
    for early in ("true", "NaN", "1e400", '"3"'):
        assert _report(b'{"slide": "a", "index": 0, "counting": true, "done": {"slide": "a", "early": %s}}'
                       % early.encode()) is None
    assert _report(b'{"slide": "a", "index": 0, "counting": true, "done": 3}') is None
