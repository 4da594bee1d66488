"""Timing tools side by side, and the table the results go into.

A Contestant is one tool doing one job (a command timed from spawn to exit, or a function that
times itself); measure() runs a job's contestants in turns after a warm-up of each, so a busy
moment on the shared machine lands on all of them. The checks of a run's output (page counts),
a server run for the length of a job, and the Report that turns medians into rows of ratios
against ours live here too.
"""
from __future__ import annotations

import os
import re
import signal
import socket
import statistics
import subprocess
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import install


@dataclass
class Contestant:
    """One tool doing one job: a command (timed from spawn to exit) or an in-process function."""

    tool: str
    argv: list[str] | None = None
    run: Callable[[], float | None] | None = None  # returns its own measured seconds, or None on failure
    cwd: Path = install.ROOT
    check: Callable[[], str | None] | None = None  # after each run: None if the output is right, else why
    before: Callable[[], None] | None = None
    ours: bool = False
    runs: int | None = None  # fewer or more runs than the job's (a slow peer; the 20-run PDF check)
    note: str = ""
    checks: str = "right page count"  # what check() verifies, as the table says it
    skipped: str = ""  # why this tool is not run here (not installed): its row says so
    env: dict[str, str] = field(default_factory=dict)  # on top of the peers' environment
    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # each run's CPU seconds (user + system): steadier on a busy machine
    correct: int = 0
    checked: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times else None

    @property
    def cpu_median(self) -> float | None:
        return statistics.median(self.cpu) if self.cpu else None

    def once(self) -> float | None:
        if self.before:
            self.before()
        if self.run is not None:
            return self.run()
        started, used = time.perf_counter(), _children_cpu()
        try:
            result = subprocess.run(self.argv, cwd=self.cwd, env={**install.peer_env(), **self.env}, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.PIPE, timeout=300)
        except subprocess.TimeoutExpired:
            self.failures.append("timed out after 300 s")
            return None
        elapsed, used = time.perf_counter() - started, _children_cpu() - used
        if result.returncode != 0:
            tail = result.stderr.decode(errors="replace").strip().splitlines()[-3:]
            self.failures.append(f"exit {result.returncode}: " + " | ".join(tail))
            return None
        self.cpu.append(used)
        return elapsed


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(contestants: list[Contestant], runs: int, title: str) -> None:
    """A warm-up of each, then rounds in turn (A B C, A B C ...) so noise falls on all alike."""
    contestants = [contestant for contestant in contestants if not contestant.skipped]
    if not contestants:
        return
    install.log(f"{title}: warm-up")
    for contestant in contestants:
        contestant.once()
        contestant.failures.clear()  # a warm-up failure shows again in a timed run
    rounds = max(contestant.runs or runs for contestant in contestants)
    for number in range(rounds):
        for contestant in contestants:
            if number >= (contestant.runs or runs) or len(contestant.failures) >= 3:
                continue
            elapsed = contestant.once()
            if elapsed is not None:
                contestant.times.append(elapsed)
            if contestant.check is not None and elapsed is not None:
                contestant.checked += 1
                problem = contestant.check()
                if problem is None:
                    contestant.correct += 1
                elif problem not in contestant.failures:
                    contestant.failures.append(problem)
        install.log(f"{title}: round {number + 1}/{rounds} " + "  ".join(
            f"{c.tool}={c.times[-1]:.2f}" for c in contestants if c.times))


def pdf_pages(path: Path) -> int | None:
    from pypdf import PdfReader

    try:
        return len(PdfReader(str(path)).pages)
    except Exception:
        return None


def printing(pdf: Path, pages: int, *also: Path) -> dict[str, Callable]:
    """A contestant's before and check for a print: its files removed before each run (a stale PDF
    proves nothing), the PDF's page count checked after it."""
    def remove() -> None:
        for path in (pdf, *also):
            path.unlink(missing_ok=True)

    def check() -> str | None:
        found = pdf_pages(pdf) if pdf.is_file() else None
        if found == pages:
            return None
        return f"{pdf.name}: {found if found is not None else 'no'} pages, wanted {pages}"
    return {"before": remove, "check": check}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]

class Served:
    """A `build.py serve` running for the length of a job: its log as it comes, and the addresses it announced."""

    def __init__(self):
        self.lines: list[str] = []
        self.found: dict[str, str] = {}
        self.started = False
        self.seen = threading.Condition()

    def next_match(self, pattern: re.Pattern, after: int, timeout: float = 10) -> re.Match | None:
        """The last line after line `after` that matches, waiting up to `timeout` seconds for one."""
        deadline = time.monotonic() + timeout
        with self.seen:
            while time.monotonic() < deadline:
                matches = [match for match in map(pattern.search, self.lines[after:]) if match]
                if matches:
                    return matches[-1]
                self.seen.wait(0.2)
        return None


@contextmanager
def serving(argv: list[str], announces: dict[str, str]) -> Iterator[Served]:
    """argv started in a session of its own, its log read on a thread; yields once each of `announces`
    (name -> a pattern whose group 1 is kept) has been logged, or after 60 s with `started` False.
    Stopped with Ctrl+C's signal as a terminal would, killed if it lingers."""
    process = subprocess.Popen(argv, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                               cwd=install.ROOT, start_new_session=True)
    served = Served()
    ready = threading.Event()

    def read() -> None:
        for line in process.stderr:
            with served.seen:
                served.lines.append(line.rstrip())
                for name, pattern in announces.items():
                    match = re.search(pattern, line)
                    if match:
                        served.found[name] = match.group(1)
                served.seen.notify_all()
            if len(served.found) == len(announces):
                ready.set()

    threading.Thread(target=read, daemon=True).start()
    try:
        served.started = ready.wait(60)
        yield served
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


@dataclass
class Row:
    job: str
    tool: str
    value: str  # median seconds or a size, as shown
    ratio: str = ""  # ours / this tool
    goal: str = ""
    met: str = ""
    note: str = ""


def seconds(value: float | None) -> str:
    if value is None:
        return "failed"
    return f"{value * 1000:.0f} ms" if value < 0.1 else f"{value:.2f} s"


def size(count: int | None) -> str:
    if count is None:
        return "-"
    return f"{count / 2**20:.1f} MB" if count >= 2**20 else f"{count / 2**10:.0f} KB"  # KB: 1024 bytes


def verdict(ok: bool | None) -> str:
    return "" if ok is None else ("yes" if ok else "NO")


class Report:
    def __init__(self):
        self.rows: list[Row] = []
        self.notes: list[str] = []
        self.facts: dict[str, object] = {}

    def job(self, job: str, contestants: list[Contestant], goals: dict[str, float] | None = None) -> None:
        """Our row first, then each peer with ours/peer; goals: tool -> the highest ratio allowed."""
        goals = goals or {}
        ours = next((c for c in contestants if c.ours), None)
        for contestant in contestants:
            median = contestant.median
            note = contestant.note
            if contestant.checked:
                note = (note + "; " if note else "") + f"{contestant.checks} {contestant.correct}/{contestant.checked}"
            if contestant.cpu_median and ours is not None and ours.cpu_median and contestant is not ours:
                note = (note + "; " if note else "") + f"CPU {seconds(ours.cpu_median)} / {seconds(contestant.cpu_median)}" \
                    f" = {ours.cpu_median / contestant.cpu_median:.2f}x"
            elif contestant.cpu_median:
                note = (note + "; " if note else "") + f"CPU {seconds(contestant.cpu_median)}"
            if contestant.failures and median is None:
                note = (note + "; " if note else "") + contestant.failures[0][:120]
            shown = "skipped" if contestant.skipped else seconds(median)
            row = Row(job, contestant.tool, shown + (f" (n={len(contestant.times)})" if median else ""),
                      note=contestant.skipped or note)
            if ours is not None and contestant is not ours and ours.median and median:
                ratio = ours.median / median
                row.ratio = f"{ratio:.2f}x"
                if contestant.tool in goals:
                    row.goal = f"<= {goals[contestant.tool]:.2g}x"
                    row.met = verdict(ratio <= goals[contestant.tool])
            elif contestant is not ours and contestant.tool in goals:
                row.goal, row.met = f"<= {goals[contestant.tool]:.2g}x", "n/a"
            self.rows.append(row)
            self.facts[f"{job}/{contestant.tool}"] = {"times": contestant.times, "median": median, "cpu": contestant.cpu,
                                                      "correct": contestant.correct, "checked": contestant.checked,
                                                      "failures": contestant.failures}

    def table(self) -> str:
        header = ("job", "tool", "median", "ours / tool", "goal", "met", "note")
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        for row in self.rows:
            cells = (row.job, row.tool, row.value, row.ratio, row.goal, row.met, row.note)
            lines.append("| " + " | ".join(cell.replace("|", "/") for cell in cells) + " |")
        return "\n".join(lines)
