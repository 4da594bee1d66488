"""One benchmark run: its options, the peers it found, the three workloads and the report they fill.

Every job takes the Session: it says how many runs, which peers are there (a missing one is a
Contestant that is skipped, with the reason on its row), how ours is invoked on a workload, and
where the results go. The workloads are our talk as written, and grown to 40 and 400 slides
(bench/talks.py), each with the same slides as Markdown for every peer, under bench/work/.
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import install
import measure
import talks

AS_WRITTEN = "talk-as-written"
TITLE = "Perfect Patterns For Product Partnerships And Engineering Excellence"


@dataclass
class Workload:
    """One talk and the same slides as Markdown for each peer, all under bench/work/talk-N/."""

    slides: int
    talk: Path
    folder: Path
    out: Path  # our dist/ for it

    @property
    def label(self) -> str:
        """How a row names it: our talk may itself have 40 slides, so the talk as written says so."""
        return f"as written, {self.slides} slides" if self.folder.name == AS_WRITTEN else f"{self.slides} slides"

    @property
    def peer_out(self) -> Path:
        """Where the peers write what they make of this workload."""
        out = install.WORK / "peer-out" / self.folder.name
        out.mkdir(parents=True, exist_ok=True)
        return out


def workload(slides: int, name: str | None = None, talk: Path = install.ROOT / "talk.yaml") -> Workload:
    folder = install.WORK / (name or f"talk-{slides}")
    talk_yaml = talks.generate(talk, slides, folder)
    peer_slides = talks.peer_slides(talk_yaml)
    (folder / "reveal-md.md").write_text(talks.reveal_md(peer_slides, TITLE), encoding="utf-8")
    (folder / "reveal-md-notes.md").write_text(talks.reveal_md(peer_slides, TITLE, notes_pages=True), encoding="utf-8")
    (folder / "marp.md").write_text(talks.marp(peer_slides, TITLE), encoding="utf-8")
    (folder / "pandoc.md").write_text(talks.pandoc(peer_slides), encoding="utf-8")
    return Workload(len(peer_slides), talk_yaml, folder, install.WORK / "out" / folder.name)


class Session:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.runs = args.runs
        self.report = measure.Report()
        if args.no_peers:
            self.node_note = self.pandoc_note = "peers skipped (--no-peers)"
        else:
            self.node_note = install.install_node_peers()
            self.pandoc_note = install.install_pandoc()
        self.browser = install.chromium()
        for note in dict.fromkeys((self.node_note, self.pandoc_note)):
            if note:
                self.report.notes.append(note)
        self.help_text = subprocess.run([install.PYTHON, str(install.BUILD), "--help"], capture_output=True,
                                        text=True).stdout
        self.has_no_pdf = "--no-pdf" in self.help_text
        self.has_pdf = re.search(r"\bpdf\b", self.help_text.split("options:")[0]) is not None
        self.has_serve = "serve" in self.help_text
        self.versions = self._versions()
        self.w40 = workload(40)
        self.w400 = workload(400)
        self.real = workload(1, AS_WRITTEN)  # our talk as it is (generate keeps it whole)
        self.ours_40: measure.Contestant | None = None  # the 400-slide job compares its growth with it
        self.ours_pdf: measure.Contestant | None = None  # printed once, shown in both PDF jobs
        self.fresh: set[Path] = set()  # the decks built by this run (built())

    def _versions(self) -> dict[str, str]:
        found = {"python": sys.version.split()[0],
                 "chromium": install.version([self.browser, "--version"]) if self.browser else "-"}
        if not self.node_note:
            for tool, command in (("reveal-md", "reveal-md"), ("marp-cli", "marp"), ("decktape", "decktape")):
                found[tool] = install.version([str(install.BIN / command),
                                               "version" if tool == "decktape" else "--version"])
        if not self.pandoc_note:
            found["pandoc"] = install.version(["pandoc", "--version"])
        return found

    # ours

    def ours_build(self, w: Workload, tool: str = "ours: build.py --no-pdf") -> measure.Contestant:
        return measure.Contestant(tool, self._build_argv(w), ours=True, check=self._ours_html_check(w),
                                  checks="right slide count",
                                  note=f"{w.slides} slides" + ("" if self.has_no_pdf else "; build.py (no --no-pdf yet)"))

    def _build_argv(self, w: Workload) -> list[str]:
        return [install.PYTHON, str(install.BUILD)] + (["--no-pdf"] if self.has_no_pdf else []) + \
               ["--talk", str(w.talk), "--out", str(w.out)]

    def built(self, w: Workload) -> Workload:
        """The workload with our deck in w.out, built now if no job has built it yet."""
        if w.out not in self.fresh:  # a deck left by an earlier run may be an older engine's
            subprocess.run(self._build_argv(w), capture_output=True)
            self.fresh.add(w.out)
        return w

    @staticmethod
    def _ours_html_check(w: Workload) -> Callable[[], str | None]:
        def check() -> str | None:
            html = (w.out / "index.html").read_text(encoding="utf-8") if (w.out / "index.html").is_file() else ""
            count = html.count("<section ")
            return None if count == w.slides else f"index.html has {count} slides, wanted {w.slides}"
        return check

    @staticmethod
    def single_file_of(w: Workload) -> Path | None:
        candidates = [p for p in w.out.glob("*.html") if p.name != "index.html"]
        return candidates[0] if candidates else None

    # peers: one that is not installed still has its row, saying why it was not run

    def node_peer(self, tool: str, argv: list[str], **options) -> measure.Contestant:
        return measure.Contestant(tool, [str(install.BIN / argv[0])] + argv[1:], skipped=self.node_note or "",
                                  **options)

    def pandoc_peer(self, tool: str, argv: list[str], **options) -> measure.Contestant:
        return measure.Contestant(tool, ["pandoc"] + argv, skipped=self.pandoc_note or "", **options)

    def pandoc_self_contained(self) -> list[str]:
        major, minor = (int(part) for part in (self.versions.get("pandoc", "0.0").split(".") + ["0"])[:2])
        return ["--embed-resources", "--standalone"] if (major, minor) >= (2, 19) else ["--self-contained"]
