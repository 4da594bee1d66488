"""Progress of the long steps (printing, the handout's layout, the PowerPoint file) on stderr.

On a terminal: one line redrawn in place, a bar and the step, shown only once the work has run a
moment (a 40-slide deck prints in a second or two and says nothing). Elsewhere (CI, a log file):
a plain line as each step starts, so a log shows where the time went without a line per slide.
"""
from __future__ import annotations

import sys
import time

BAR = 24  # characters of the bar
DELAY = 1.5  # seconds of work before a terminal shows the bar


class Progress:
    def __init__(self, stream=None, delay: float = DELAY):
        self.stream = stream if stream is not None else sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.started = time.monotonic()
        self.delay = delay
        self.label = ""
        self.drawn = False

    def step(self, label: str) -> None:
        """A step without a count: opening the browser, printing one PDF."""
        self.advance(label, 0, 0)

    def advance(self, label: str, done: int, total: int) -> None:
        """`done` of `total` items of a step (slides laid out, pictures taken)."""
        new = label != self.label
        self.label = label
        if not self.tty:
            if new:
                print(f"{label} ...", file=self.stream, flush=True)
            return
        if time.monotonic() - self.started < self.delay:
            return
        share = done / total if total else 0.0
        filled = round(BAR * share)
        count = f" {done}/{total}" if total else ""
        line = f"[{'#' * filled}{'.' * (BAR - filled)}] {label}{count}"
        self.stream.write("\r\x1b[2K" + line)
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        """Clears the bar, so what is printed next starts on a clean line."""
        if self.drawn:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
            self.drawn = False


class Silent(Progress):
    """For callers that print nothing: `check` measuring the layout, tests."""

    def advance(self, label: str, done: int, total: int) -> None:
        return None
