"""The rehearsal log: where each run-through spent its time, slide by slide, against the plan.

    presenting window -> (serve) Recorder -> rehearsals/<date-time>.json -> stats, check, the plot

The Recorder is fed by `serve`: the presenting window reports each slide it shows and whether
the time counts (not in the overview, not blanked, not with the speaker view's clock paused).
A run starts with the deck's first move and is written after every slide change, so a run
abandoned half-way is on disk too, marked partial; going back to the first slide starts the
next run. A run that showed every slide is complete.

A run file is small JSON, one slide a line so that two runs diff line by line:

    {
      "format": 1,
      "talk": "A Small Talk",
      "started": "2026-03-02T10:15:00+01:00",
      "status": "complete",
      "talk_minutes": 8,
      "seconds": 301.4,
      "slides": [
        {"id": "title", "title": "A Small Talk", "planned": 60, "seconds": 72.3},
        ...
      ]
    }

`planned` and `seconds` are seconds; `talk_minutes` is the slot less the questions, as planned
when the run was made. In a timed edition the next key says "done with this slide" (the deck moves
by itself): each slide moved on from has `kept_up` (done before it moved on) and `by` (seconds early
or late; none: never done). A key pressed late finishes the oldest slide not yet done. `stats`
compares the current plan with the runs; `check` warns when the last complete run took longer than
the talk's minutes; deck/plot.py draws the comparison.
"""
from __future__ import annotations

import json
import os
import statistics
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .files import REHEARSALS, replace_file
from .problems import Problem, TalkError, display_path

FOLDER = REHEARSALS
FORMAT = 1
MEDIAN_OF = 3  # "the last few" runs: the median of the last three complete ones
OVER_BY = 0.5  # a slide that took more than half as long again as planned is marked
LOST_MOST = 3  # check names this many slides that lost the most time
# A run file may have been edited by hand or sent with the talk: its numbers are finite and no
# slide (nor run) lasts a day, its date is one a rehearsal can have.
MAX_SECONDS = 24 * 60 * 60
YEARS = (1970, 2999)


# -- the file -------------------------------------------------------------------------------------

class RehearsedSlide(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    id: str = Field(min_length=1)
    title: str = ""
    planned: int | float = Field(0, ge=0, le=MAX_SECONDS)
    seconds: float = Field(ge=0, le=MAX_SECONDS)
    kept_up: bool | None = Field(None, description="Timed editions: done before the deck moved on.")
    by: float | None = Field(None, ge=0, le=MAX_SECONDS, description="Seconds early (kept up) or late.")


class Run(BaseModel):
    """One run-through, as written into rehearsals/<date-time>.json."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    format: Literal[1]
    talk: str = ""
    started: datetime
    status: Literal["complete", "partial"]
    talk_minutes: int | float = Field(ge=0, le=MAX_SECONDS / 60)
    seconds: float = Field(ge=0, le=MAX_SECONDS)
    slides: list[RehearsedSlide]
    edition: str = Field("", description="The edition rehearsed (serve --edition); empty: the full talk.")

    @field_validator("format", mode="before")
    @classmethod
    def _format_is_a_number(cls, value):
        if isinstance(value, bool) or not isinstance(value, int):  # true == 1 in Python, not in the file
            raise ValueError(f"the format is the whole number {FORMAT}")
        return value

    @field_validator("started")
    @classmethod
    def _started_in_our_time(cls, value: datetime) -> datetime:
        if not YEARS[0] <= value.year <= YEARS[1]:
            raise ValueError(f"a rehearsal starts between the years {YEARS[0]} and {YEARS[1]}")
        return value

    @property
    def complete(self) -> bool:
        return self.status == "complete"

    def seconds_of(self) -> dict[str, float]:
        times: dict[str, float] = {}
        for slide in self.slides:
            times[slide.id] = times.get(slide.id, 0.0) + slide.seconds
        return times


def run_text(run: Run) -> str:
    """The file's text: fields in a fixed order, one slide a line, UTF-8 as it reads."""
    # a run of the full talk is written as before editions existed
    head = run.model_dump(mode="json", exclude={"slides"} | ({"edition"} if not run.edition else set()))
    lines = ["{"] + [f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}," for key, value in head.items()]
    lines.append('  "slides": [')
    rows = [json.dumps(slide.model_dump(mode="json", exclude_none=True), ensure_ascii=False) for slide in run.slides]
    lines += [f"    {row}," for row in rows[:-1]] + [f"    {row}" for row in rows[-1:]]
    lines += ["  ]", "}", ""]
    return "\n".join(lines)


def read_run(path: Path, root: Path) -> Run:
    """A run file, checked: any mistake in it is a located problem (file, line, column)."""
    from . import load
    from .validate import pydantic_problems

    shown = display_path(path, root)
    source = load.parse_yaml(load.read_text(path, shown), shown)  # JSON is YAML: the same positions
    if not isinstance(source.data, dict):
        raise TalkError([Problem(shown, 1, 1, "", "a rehearsal file holds one JSON object")])
    try:
        return Run.model_validate(source.data)
    except ValidationError as error:
        raise TalkError(pydantic_problems(source, error, Run)) from None


def folder_problem(root: Path) -> Problem | None:
    """rehearsals/ is the talk's own: a symbolic link out of the talk's folder is neither read nor written."""
    from .load import resolve_inside

    folder = root / FOLDER
    if folder.is_symlink() and resolve_inside(root, FOLDER) is None:
        return Problem(FOLDER, 1, 1, "", f"{FOLDER}/ is a symbolic link to outside the talk's folder: runs are "
                                         "neither read nor written there; make it a folder of the talk's own")
    if os.path.lexists(folder) and not folder.is_dir():
        return Problem(FOLDER, 1, 1, "", f"{FOLDER} is a file, not a folder: runs are neither read nor written "
                                         f"there; rename it (serve writes each run into a {FOLDER}/ folder)")
    return None


def load_runs(root: Path, edition: str | None = None) -> list[tuple[Path, Run]]:
    """Every run in the talk's rehearsals/ folder, oldest first (with edition: that edition's only,
    '' the full talk's); every bad file is reported at once."""
    from .files import real_path

    folder = root / FOLDER
    refused = folder_problem(root)
    if refused is not None:
        raise TalkError([refused])
    runs, problems = [], []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        real = real_path(path)
        if real is None or not real.is_relative_to(root.resolve()):
            problems.append(Problem(display_path(path, root), 1, 1, "", "a symbolic link to outside the talk's "
                                                                        "folder; copy the run file in instead"))
            continue
        try:
            runs.append((path, read_run(path, root)))
        except TalkError as error:
            problems += error.problems
    if problems:
        raise TalkError(problems)
    runs = [item for item in runs if edition is None or item[1].edition == edition]
    return sorted(runs, key=lambda item: (item[1].started.timestamp(), item[0].name))


def edition_of(deck) -> str:
    """The name a run of this deck is logged under: its edition's, '' for the full talk."""
    return deck.edition.name if deck.edition is not None else ""


# -- recording (in serve) -------------------------------------------------------------------------

@dataclass
class PlannedSlide:
    id: str
    title: str
    seconds: float


@dataclass
class _Recording:
    started: datetime
    path: Path | None = None
    seconds: dict[str, float] = field(default_factory=dict)  # every slide shown, by id, in the order first shown
    moved: bool = False
    early: dict[str, float] = field(default_factory=dict)  # timed: seconds to spare when done (negative: late)


class Recorder:
    """serve's side of the log: the presenting window's reports in, one file per run out.

    Times are taken on arrival, from one monotonic clock, so a reload of the deck (a save while
    rehearsing) does not restart anything: the reloaded page reports the same slide again.
    """

    def __init__(self, root: Path, clock=time.monotonic, now=lambda: datetime.now().astimezone()):
        self.folder = root / FOLDER
        self.root = root
        self.refused: Problem | None = None  # rehearsals/ leads out of the talk's folder: nothing is written
        self._clock, self._now = clock, now
        self._lock = threading.Lock()
        self._plan: list[PlannedSlide] = []
        self._talk, self._talk_minutes, self._edition, self._timed = "", 0.0, "", False
        self._run: _Recording | None = None
        self._shown: str | None = None
        self._since: float | None = None  # when the time on the shown slide started to count
        self.saved: list[Path] = []

    def plan(self, talk: str, talk_minutes: float, slides: list[PlannedSlide], edition: str = "",
             timed: bool = False) -> None:
        """The deck as last built: a run compares with the plan that holds when it is written."""
        with self._lock:
            self._talk, self._talk_minutes, self._plan = talk, talk_minutes, list(slides)
            self._edition, self._timed = edition, timed

    def done(self, slide: str, early: float) -> None:
        """Timed: the speaker said done with `slide`, `early` seconds before the deck moved on (or after)."""
        with self._lock:
            if self._run is not None and slide in self._run.seconds and slide not in self._run.early:
                self._run.early[slide] = early
                if self._run.moved:
                    self._write()

    def report(self, slide: str, index: int, counting: bool) -> None:
        """The presenting window shows `slide` (its position `index`); its time counts or not."""
        now = self._clock()
        with self._lock:
            self._count(now)
            changed = self._shown is not None and slide != self._shown
            if changed and index == 0 and self._run is not None and self._run.moved:
                self._write()  # back to the start: that run is over, the next begins
                self._run = None
            if self._run is None:
                self._run = _Recording(self._now())
            if changed:
                self._run.moved = True
            self._run.seconds.setdefault(slide, 0.0)
            self._shown, self._since = slide, (now if counting else None)
            if self._run.moved:
                self._write()

    def current(self) -> tuple[float, bool]:
        """Seconds counted in the current run so far, and whether the time is counting now."""
        now = self._clock()
        with self._lock:
            counted = sum(self._run.seconds.values()) if self._run else 0.0
            running = self._since is not None
            return counted + (now - self._since if running else 0.0), running

    def finish(self) -> Path | None:
        """serve stops: the current run is written as it stands."""
        with self._lock:
            self._count(self._clock())
            self._since = None
            path = self._write() if self._run is not None and self._run.moved else None
            self._run = None
            return path

    def _count(self, now: float) -> None:
        if self._run is not None and self._shown is not None and self._since is not None:
            self._run.seconds[self._shown] = self._run.seconds.get(self._shown, 0.0) + now - self._since
            self._since = now

    def _write(self) -> Path | None:
        """The run as counted up to now (callers count first), over its file (None: not written, see refused)."""
        recording = self._run
        seconds = recording.seconds
        planned = {slide.id for slide in self._plan}
        complete = bool(self._plan) and planned <= seconds.keys()  # every slide was shown
        slides = [RehearsedSlide(id=s.id, title=s.title, planned=s.seconds, seconds=round(seconds.get(s.id, 0.0), 1),
                                 **self._kept_up(s.id)) for s in self._plan]
        slides += [RehearsedSlide(id=ref, seconds=round(value, 1)) for ref, value in seconds.items() if ref not in planned]
        run = Run(format=FORMAT, talk=self._talk, started=recording.started.replace(microsecond=0),
                  status="complete" if complete else "partial", talk_minutes=self._talk_minutes,
                  seconds=round(sum(seconds.values()), 1), slides=slides, edition=self._edition)
        if recording.path is None:
            recording.path = self._free_name(recording.started)
        self.refused = folder_problem(self.root)  # judged at each write: the link may come while serving
        if self.refused is not None:
            return None
        try:
            replace_file(recording.path, run_text(run))
        except OSError as error:  # a full disk, a folder made read-only: said, and tried again at the next slide
            self.refused = Problem(f"{FOLDER}/{recording.path.name}", 1, 1, "",
                                   f"the run cannot be written ({error.strerror}); it is kept while serve runs")
            return None
        if recording.path not in self.saved:
            self.saved.append(recording.path)
        return recording.path

    def _kept_up(self, slide: str) -> dict:
        """Timed: whether the speaker finished `slide` before the deck moved on, and by how much; a
        slide moved on from without a word from the speaker is one they did not keep up with."""
        early = self._run.early.get(slide)
        if not self._timed or slide not in self._run.seconds or (early is None and slide == self._shown):
            return {}
        return {"kept_up": False} if early is None else {"kept_up": early >= 0,
                                                         "by": round(min(abs(early), MAX_SECONDS), 1)}

    def _free_name(self, started: datetime) -> Path:
        stem = started.strftime("%Y-%m-%dT%H-%M-%S")
        path, number = self.folder / f"{stem}.json", 1
        while path.exists() or path in self.saved:
            number += 1
            path = self.folder / f"{stem}-{number}.json"
        return path


# -- comparing runs with the plan (stats, check, the plot) ----------------------------------------

@dataclass
class Row:
    """One slide or section: planned, the chosen run, the median of the last complete runs."""

    label: str
    planned: float
    last: float | None
    median: float | None
    number: int = 0
    anchor: str = ""

    @property
    def difference(self) -> float | None:
        return None if self.last is None else self.last - self.planned

    @property
    def over(self) -> bool:
        return self.last is not None and self.planned > 0 and self.last > self.planned * (1 + OVER_BY)


@dataclass
class Comparison:
    """The plan beside the runs: per slide, per section, and the total against the talk's minutes."""

    slides: list[Row]
    sections: list[Row]
    total: Row
    talk_seconds: float
    chosen: tuple[Path, Run] | None
    runs: list[tuple[Path, Run]]
    median_of: int
    gone: dict[str, float]  # time the chosen run spent on slides the deck no longer has
    # timed editions: where the speaker was done before the deck moved on (True) or not, per slide
    kept_up: list[tuple[Row, RehearsedSlide, tuple[str, int]]] = field(default_factory=list)

    @property
    def lost_most(self) -> list[Row]:
        """The slides that ran furthest past their plan, most first."""
        late = [row for row in self.slides if row.difference and row.difference > 0]
        return sorted(late, key=lambda row: -row.difference)[:LOST_MOST]


def compare(deck, runs: list[tuple[Path, Run]], chosen: tuple[Path, Run] | None = None) -> Comparison:
    """The deck's plan against `chosen` (default: the last complete run) and the recent complete runs."""
    complete = [item for item in runs if item[1].complete]
    if chosen is None and complete:
        chosen = complete[-1]
    recent = [run.seconds_of() for _, run in complete[-MEDIAN_OF:]]
    last = chosen[1].seconds_of() if chosen else {}

    def median(anchors: list[str]) -> float | None:
        totals = [sum(times.get(anchor, 0.0) for anchor in anchors) for times in recent]
        return statistics.median(totals) if totals else None

    def row(label: str, slides, number: int = 0, anchor: str = "") -> Row:
        anchors = [slide.anchor for slide in slides]
        return Row(label, sum(slide.seconds for slide in slides),
                   sum(last.get(a, 0.0) for a in anchors) if chosen else None, median(anchors), number, anchor)

    rows = [row(slide.title, [slide], number, slide.anchor) for number, slide in enumerate(deck.slides, start=1)]
    sections = [row(section.title, [s for s in deck.slides if s.section is section]) for section in deck.talk.outline]
    total = row("Total", deck.slides)
    known = {slide.anchor for slide in deck.slides}
    gone = {anchor: seconds for anchor, seconds in last.items() if anchor not in known and seconds > 0}
    if chosen and total.last is not None:
        total.last += sum(gone.values())
    talk = deck.talk
    judged = {slide.id: slide for slide in (chosen[1].slides if chosen else []) if slide.kept_up is not None}
    kept_up = [(row, judged[s.anchor], s.source) for row, s in zip(rows, deck.slides) if s.anchor in judged]
    return Comparison(rows, sections, total, (talk.slot_minutes - talk.questions_minutes) * 60, chosen, runs,
                      len(recent), gone, kept_up)


def clock(seconds: float | None, signed: bool = False) -> str:
    """m:ss (h:mm:ss past an hour); '-' for no value."""
    if seconds is None:
        return "-"
    sign = ("+" if seconds >= 0.5 else "-" if seconds <= -0.5 else "±") if signed else ("-" if seconds < 0 else "")
    whole = round(abs(seconds))
    hours, rest = divmod(whole, 3600)
    text = f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"
    return sign + text


def table(comparison: Comparison, root: Path) -> str:
    """The stats command's rehearsal part: per slide, per section, the total against the slot."""
    chosen, runs = comparison.chosen, comparison.runs
    if chosen is None:
        partial = len(runs)
        return (f"Rehearsals: none complete in {FOLDER}/" + (f" ({partial} partial; pick one with --rehearsal FILE)"
                                                              if partial else "") +
                "; rehearse with 'build.py serve' and every run is logged there")
    path, run = chosen
    complete = sum(1 for _, item in runs if item.complete)
    header = (f"Rehearsal: {display_path(path, root)} ({run.status}, started {run.started:%Y-%m-%d %H:%M}); "
              f"{complete} complete and {len(runs) - complete} partial runs logged; "
              f"median of the last {comparison.median_of} complete")
    median_label = f"Median of {comparison.median_of}"
    heads = ("#", "Slide", "Planned", "Last", median_label, "Diff", "")

    def cells(row: Row, number: str) -> tuple[str, ...]:
        mark = f"OVER by {row.difference / row.planned:.0%}" if row.over else ""
        return (number, cut(row.label), clock(row.planned), clock(row.last), clock(row.median),
                clock(row.difference, signed=True), mark)

    body = [cells(row, str(row.number)) for row in comparison.slides]
    sections = [cells(row, "") for row in comparison.sections]
    total = cells(comparison.total, "")
    widths = [max(len(line[column]) for line in [heads, *body, *sections, total]) for column in range(len(heads))]

    def line(cellrow) -> str:
        aligned = [cell.rjust(widths[i]) if i in (0, 2, 3, 4, 5) else cell.ljust(widths[i])
                   for i, cell in enumerate(cellrow)]
        return "  ".join(aligned).rstrip()

    rule = "  ".join("-" * width for width in widths[:-1])
    text = [header, "", line(heads), rule, *map(line, body), rule, *map(line, sections), rule, line(total)]
    if comparison.gone:
        text.append("Also rehearsed, no longer in the deck: " +
                    ", ".join(f"{anchor} {clock(seconds)}" for anchor, seconds in comparison.gone.items()))
    over = [row for row in comparison.slides if row.over]
    budget, took = comparison.talk_seconds, comparison.total.last or 0.0
    verdict = (f"{clock(took - budget)} over" if took > budget + 0.5 else f"{clock(budget - took)} to spare")
    text.append(f"\nThe run took {clock(took)} of the talk's {clock(budget)} ({verdict}); "
                + (f"{len(over)} slide{'s' if len(over) != 1 else ''} ran over by more than half "
                   f"{'their' if len(over) != 1 else 'its'} time: "
                   + ", ".join(f"{row.number} '{cut(row.label, 30)}'" for row in over) if over
                   else "no slide ran over by more than half its time") + ".")
    if comparison.kept_up:
        text.append(kept_up_text(comparison))
    return "\n".join(text)


def kept_up_text(comparison: Comparison) -> str:
    """A timed edition's run: the slides the deck moved on from before the speaker was done, at their lines."""
    behind, judged = [item for item in comparison.kept_up if not item[1].kept_up], len(comparison.kept_up)
    if not behind:
        return f"The speaker kept up with all {judged} timed slides."
    lines = [f"The speaker could not keep up with {len(behind)} of {judged} timed slides (the deck moved on first):"]
    for row, slide, (file, line) in behind:
        late = f"done {slide.by:g} s late" if slide.by is not None else "never said done"
        lines.append(f"  {file}:{line}:1: slide {row.number} '{cut(row.label, 30)}': {late}")
    return "\n".join(lines)


def cut(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def overrun_warning(deck) -> Problem | None:
    """check: the last complete run took longer than the talk's minutes, and where the time went."""
    runs = load_runs(deck.root, edition_of(deck))
    comparison = compare(deck, runs)
    if comparison.chosen is None or (comparison.total.last or 0.0) <= comparison.talk_seconds + 0.5:
        return None
    path, run = comparison.chosen
    took = comparison.total.last
    lost = "; ".join(f"slide {row.number} '{row.label}' {clock(row.difference, signed=True)}"
                     for row in comparison.lost_most)
    return Problem(display_path(path, deck.root), 1, 1, "",
                   f"the last complete rehearsal took {clock(took)}, {clock(took - comparison.talk_seconds)} past "
                   f"the talk's {comparison.talk_seconds / 60:g} minutes; the slides that lost the most time: {lost}",
                   warning=True)


def choose(root: Path, runs: list[tuple[Path, Run]], name: Path) -> tuple[Path, Run]:
    """--rehearsal FILE: a run file by its path (as given, or in rehearsals/)."""
    for candidate in (name, root / FOLDER / name, root / FOLDER / f"{name}.json"):
        if candidate.is_file():
            path = candidate.resolve()
            for known, run in runs:
                if known.resolve() == path:
                    return known, run
            return candidate, read_run(candidate, root)
    raise TalkError([Problem(str(name), 1, 1, "", f"no such rehearsal file (the runs are in {FOLDER}/)")])
