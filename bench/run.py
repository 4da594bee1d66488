#!/usr/bin/env python3
"""Speed and size of the deck engine against its peers, measured side by side in one run.

    python bench/run.py              every job, 10 timed runs each after a warm-up (`make bench`)
    python bench/run.py --quick      3 runs each (5 for the PDFs): a look in about three minutes
    python bench/run.py --runs 20 --only html-40 pdf

Our talk is grown to 40 and 400 slides (bench/talks.py); the peers render the same slides from
Markdown generated out of it. Tools take turns, A B C A B C, so a busy moment on this shared
machine lands on all of them alike; read the ratios, which are measured in the same run, rather
than the seconds. Peers are installed into bench/peers/ (npm, pinned by bench/package-lock.json)
and pandoc from Debian; a peer that cannot be installed is skipped with a note.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
WORK = BENCH / "work"
PEERS = BENCH / "peers"
BIN = PEERS / "node_modules" / ".bin"
PYTHON = sys.executable
BUILD = ROOT / "build.py"
sys.path.insert(0, str(BENCH))

import talks  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]
JOBS = ("html-40", "html-400", "single", "pdf", "pdf-notes", "full", "floor", "serve", "size", "ready", "remote")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def chromium() -> str | None:
    for candidate in (os.environ.get("CHROME"), shutil.which("chromium"), shutil.which("chromium-browser"),
                      shutil.which("google-chrome")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def peer_env() -> dict[str, str]:
    """Node peers drive the system Chromium: their own browser downloads cannot work here."""
    env = dict(os.environ, PUPPETEER_SKIP_DOWNLOAD="1", PUPPETEER_SKIP_CHROMIUM_DOWNLOAD="1")
    browser = chromium()
    if browser:
        env.update(PUPPETEER_EXECUTABLE_PATH=browser, CHROME_PATH=browser)
    return env


# --- set-up: the peers, installed into the benchmark's own folder -------------------------------

def install_node_peers() -> str | None:
    """npm ci into bench/peers/ from the pinned lock; None when ready, else why not."""
    lock = BENCH / "package-lock.json"
    stamp = PEERS / ".installed"
    digest = hashlib.sha256(lock.read_bytes() + (BENCH / "package.json").read_bytes()).hexdigest()
    if stamp.is_file() and stamp.read_text() == digest and BIN.is_dir():
        return None
    if not shutil.which("npm"):
        return "npm not found"
    PEERS.mkdir(exist_ok=True)
    shutil.copyfile(BENCH / "package.json", PEERS / "package.json")
    shutil.copyfile(lock, PEERS / "package-lock.json")
    log("installing reveal-md, marp-cli, decktape into bench/peers/ (npm ci) ...")
    result = subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=PEERS,
                            env=peer_env(), capture_output=True, text=True)
    if result.returncode != 0:
        return "npm ci failed: " + (result.stderr.strip().splitlines() or ["?"])[-1]
    stamp.write_text(digest)
    return None


def install_pandoc() -> str | None:
    if shutil.which("pandoc"):
        return None
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return "pandoc not found (install it with: apt-get install -y pandoc)"
    log("installing pandoc (apt-get install -y pandoc) ...")
    quiet = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for attempt in range(2):
        if attempt:
            subprocess.run(["apt-get", "update"], env=quiet, capture_output=True)
        if subprocess.run(["apt-get", "install", "-y", "pandoc"], env=quiet, capture_output=True).returncode == 0:
            return None
    return "apt-get install -y pandoc failed"


def version(argv: list[str]) -> str:
    try:
        text = subprocess.run(argv, capture_output=True, text=True, timeout=60, env=peer_env()).stdout
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    found = re.search(r"\d+\.\d+(\.\d+)*", text)
    return found.group(0) if found else "?"


# --- the workloads ------------------------------------------------------------------------------

@dataclass
class Workload:
    """One talk and the same slides as Markdown for each peer, all under bench/work/talk-N/."""

    slides: int
    talk: Path
    folder: Path
    out: Path  # our dist/ for it

    def peer_file(self, name: str) -> Path:
        return self.folder / name


def workload(slides: int, name: str | None = None, talk: Path = ROOT / "talk.yaml") -> Workload:
    folder = WORK / (name or f"talk-{slides}")
    talk_yaml = talks.generate(talk, slides, folder)
    peer_slides = talks.peer_slides(talk_yaml)
    title = "Perfect Patterns For Product Partnerships And Engineering Excellence"
    (folder / "reveal-md.md").write_text(talks.reveal_md(peer_slides, title), encoding="utf-8")
    (folder / "reveal-md-notes.md").write_text(talks.reveal_md(peer_slides, title, notes_pages=True), encoding="utf-8")
    (folder / "marp.md").write_text(talks.marp(peer_slides, title), encoding="utf-8")
    (folder / "pandoc.md").write_text(talks.pandoc(peer_slides), encoding="utf-8")
    return Workload(len(peer_slides), talk_yaml, folder, WORK / "out" / folder.name)


# --- measuring ----------------------------------------------------------------------------------

@dataclass
class Contestant:
    """One tool doing one job: a command (timed from spawn to exit) or an in-process function."""

    tool: str
    argv: list[str] | None = None
    run: Callable[[], float | None] | None = None  # returns its own measured seconds, or None on failure
    cwd: Path = ROOT
    check: Callable[[], str | None] | None = None  # after each run: None if the output is right, else why
    before: Callable[[], None] | None = None
    ours: bool = False
    runs: int | None = None  # fewer or more runs than the job's (a slow peer; the 20-run PDF check)
    note: str = ""
    checks: str = "right page count"  # what check() verifies, as the table says it
    times: list[float] = field(default_factory=list)
    correct: int = 0
    checked: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times else None

    def once(self) -> float | None:
        if self.before:
            self.before()
        if self.run is not None:
            return self.run()
        started = time.perf_counter()
        try:
            result = subprocess.run(self.argv, cwd=self.cwd, env=peer_env(), stdout=subprocess.DEVNULL,
                                    stderr=subprocess.PIPE, timeout=300)
        except subprocess.TimeoutExpired:
            self.failures.append("timed out after 300 s")
            return None
        elapsed = time.perf_counter() - started
        if result.returncode != 0:
            tail = result.stderr.decode(errors="replace").strip().splitlines()[-3:]
            self.failures.append(f"exit {result.returncode}: " + " | ".join(tail))
            return None
        return elapsed


def measure(contestants: list[Contestant], runs: int, title: str) -> None:
    """A warm-up of each, then rounds in turn (A B C, A B C ...) so noise falls on all alike."""
    log(f"{title}: warm-up")
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
        log(f"{title}: round {number + 1}/{rounds} " + "  ".join(
            f"{c.tool}={c.times[-1]:.2f}" for c in contestants if c.times))


def pdf_pages(path: Path) -> int | None:
    from pypdf import PdfReader

    try:
        return len(PdfReader(str(path)).pages)
    except Exception:
        return None


def page_check(path: Path, expected: Callable[[int], bool], wanted: str) -> Callable[[], str | None]:
    def check() -> str | None:
        pages = pdf_pages(path) if path.is_file() else None
        if pages is not None and expected(pages):
            return None
        return f"{path.name}: {pages if pages is not None else 'no'} pages, wanted {wanted}"
    return check


def removing(*paths: Path) -> Callable[[], None]:
    def remove() -> None:
        for path in paths:
            path.unlink(missing_ok=True)
    return remove


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- the results --------------------------------------------------------------------------------

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
    return f"{count / 1e6:.1f} MB" if count >= 1e6 else f"{count / 1e3:.0f} KB"


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
            if contestant.failures and median is None:
                note = (note + "; " if note else "") + contestant.failures[0][:120]
            row = Row(job, contestant.tool, seconds(median) + (f" (n={len(contestant.times)})" if median else ""),
                      note=note)
            if ours is not None and contestant is not ours and ours.median and median:
                ratio = ours.median / median
                row.ratio = f"{ratio:.2f}x"
                if contestant.tool in goals:
                    row.goal = f"<= {goals[contestant.tool]:.2g}x"
                    row.met = verdict(ratio <= goals[contestant.tool])
            elif contestant is not ours and contestant.tool in goals:
                row.goal, row.met = f"<= {goals[contestant.tool]:.2g}x", "n/a"
            self.rows.append(row)
            self.facts[f"{job}/{contestant.tool}"] = {"times": contestant.times, "median": median,
                                                      "correct": contestant.correct, "checked": contestant.checked,
                                                      "failures": contestant.failures}

    def table(self) -> str:
        header = ("job", "tool", "median", "ours / tool", "goal", "met", "note")
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        for row in self.rows:
            cells = (row.job, row.tool, row.value, row.ratio, row.goal, row.met, row.note)
            lines.append("| " + " | ".join(cell.replace("|", "/") for cell in cells) + " |")
        return "\n".join(lines)


# --- the jobs -----------------------------------------------------------------------------------

class Bench:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.runs = args.runs
        self.report = Report()
        self.node_note = None if args.no_peers else install_node_peers()
        self.pandoc_note = None if args.no_peers else install_pandoc()
        if args.no_peers:
            self.node_note = self.pandoc_note = "peers skipped (--no-peers)"
        self.browser = chromium()
        for note in (self.node_note, self.pandoc_note):
            if note:
                self.report.notes.append(note)
        help_text = subprocess.run([PYTHON, str(BUILD), "--help"], capture_output=True, text=True).stdout
        self.has_no_pdf = "--no-pdf" in help_text
        self.has_pdf = re.search(r"\bpdf\b", help_text.split("options:")[0]) is not None
        self.has_serve = "serve" in help_text
        self.versions = self._versions()
        self.w40 = workload(40)
        self.w400 = workload(400)
        self.real = workload(1, "talk-as-written")  # our talk as it is (generate keeps it whole)
        self.ours_40: Contestant | None = None

    def _versions(self) -> dict[str, str]:
        found = {"python": sys.version.split()[0], "chromium": version([self.browser, "--version"]) if self.browser else "-"}
        if not self.node_note:
            for tool, command in (("reveal-md", "reveal-md"), ("marp-cli", "marp"), ("decktape", "decktape")):
                found[tool] = version([str(BIN / command), "version" if tool == "decktape" else "--version"])
        if not self.pandoc_note:
            found["pandoc"] = version(["pandoc", "--version"])
        return found

    # ours

    def ours_build(self, w: Workload, tool: str = "ours: build.py --no-pdf") -> Contestant:
        argv = [PYTHON, str(BUILD)] + (["--no-pdf"] if self.has_no_pdf else []) + \
               ["--talk", str(w.talk), "--out", str(w.out)]
        return Contestant(tool, argv, ours=True, check=self._ours_html_check(w), checks="right slide count",
                          note=f"{w.slides} slides" + ("" if self.has_no_pdf else "; build.py (no --no-pdf yet)"))

    def _ours_html_check(self, w: Workload) -> Callable[[], str | None]:
        def check() -> str | None:
            html = (w.out / "index.html").read_text(encoding="utf-8") if (w.out / "index.html").is_file() else ""
            count = html.count("<section ")
            return None if count == w.slides else f"index.html has {count} slides, wanted {w.slides}"
        return check

    # peers

    def node_peer(self, tool: str, argv: list[str], **options) -> Contestant | None:
        if self.node_note:
            return None
        return Contestant(tool, [str(BIN / argv[0])] + argv[1:], **options)

    def pandoc_peer(self, tool: str, argv: list[str], **options) -> Contestant | None:
        if self.pandoc_note:
            return None
        return Contestant(tool, ["pandoc"] + argv, **options)

    def pandoc_self_contained(self) -> list[str]:
        major, minor = (int(part) for part in (self.versions.get("pandoc", "0.0").split(".") + ["0"])[:2])
        return ["--embed-resources", "--standalone"] if (major, minor) >= (2, 19) else ["--self-contained"]

    def html_peers(self, w: Workload) -> list[Contestant | None]:
        out = WORK / "peer-out" / w.folder.name
        out.mkdir(parents=True, exist_ok=True)
        return [
            self.pandoc_peer("pandoc -t revealjs -s (CDN)", ["-t", "revealjs", "-s", "--slide-level=2",
                                                          "--metadata", "pagetitle=talk", "-V", "width=1920",
                                                          "-V", "height=1080", str(w.folder / "pandoc.md"),
                                                          "-o", str(out / "pandoc.html")]),
            self.node_peer("reveal-md --static", ["reveal-md", str(w.folder / "reveal-md.md"), "--static",
                                                  str(out / "reveal-md")]),
            self.node_peer("marp-cli (HTML)", ["marp", str(w.folder / "marp.md"), "-o", str(out / "marp.html")]),
        ]

    def job_html(self, w: Workload, job: str) -> None:
        ours = self.ours_build(w)
        contestants = [ours]
        if w is self.w40:
            self.ours_40 = ours
        contestants += [c for c in self.html_peers(w) if c]
        measure(contestants, self.runs, job)
        goals = {"reveal-md --static": 0.25, "marp-cli (HTML)": 0.25, "pandoc -t revealjs -s (CDN)": 1.5} \
            if w is self.w40 else {}
        self.report.job(job, contestants, goals)
        if w is self.w400 and self.ours_40 is not None and self.ours_40.median and ours.median:
            growth = ours.median / self.ours_40.median
            self.report.rows.append(Row(job, "ours 400 / ours 40", f"{growth:.2f}x", goal="<= 2x",
                                        met=verdict(growth <= 2)))

    def job_single(self) -> None:
        w = self.w40
        out = WORK / "peer-out" / w.folder.name
        out.mkdir(parents=True, exist_ok=True)
        ours = self.ours_build(w, "ours: build.py --no-pdf (deck + single file + cfp)")
        url = str(PEERS / "node_modules" / "reveal.js")
        peer = self.pandoc_peer("pandoc --embed-resources", ["-t", "revealjs", "-s", *self.pandoc_self_contained(),
                                                             "--slide-level=2", "--metadata", "pagetitle=talk",
                                                             "-V", f"revealjs-url={url}", "-V", "width=1920",
                                                             "-V", "height=1080", str(w.folder / "pandoc.md"),
                                                             "-o", str(out / "pandoc-embedded.html")])
        if peer and self.pandoc_self_contained() == ["--self-contained"]:
            peer.note = "pandoc 2.17's spelling: --self-contained"
        contestants = [ours] + ([peer] if peer else [])
        measure(contestants, self.runs, "single")
        self.report.job("single file, 40", contestants, {"pandoc --embed-resources": 0.2})

    def job_pdf(self, notes: bool) -> None:
        w = self.w40
        pdfs = WORK / "pdf"
        pdfs.mkdir(parents=True, exist_ok=True)
        job = "PDF with notes, 40" if notes else "PDF, 40"
        contestants: list[Contestant] = []
        n = w.slides
        if not self.browser:
            self.report.notes.append("no Chromium: PDF jobs skipped")
            return
        # Ours: the slides and the handout in one browser session, from a fresh render of the deck.
        ours_out = (WORK / "out" / "pdf-40").resolve()
        if self.has_pdf and not notes:
            (ours_out).mkdir(parents=True, exist_ok=True)
            slides_pdf = None

            ours_check = self.ours_check(ours_out, n)

            def clear() -> None:
                for path in ours_out.glob("*.pdf"):
                    path.unlink()

            contestants.append(Contestant("ours: build.py pdf (slides + handout)",
                                          [PYTHON, str(BUILD), "pdf", "--talk", str(w.talk.resolve()), "--out",
                                           str(ours_out)], ours=True, check=ours_check, before=clear,
                                          runs=self.args.pdf_runs))
        elif not notes:
            self.report.notes.append("build.py has no 'pdf' command yet: our PDF row is missing")
        # The plain browser print of our own deck: the floor any reveal.js PDF stands on.
        page = (w.out / "index.html").resolve()
        query = "?print-pdf&showNotes=separate-page" if notes else "?print-pdf"
        plain = pdfs / ("chromium-notes.pdf" if notes else "chromium.pdf")
        profile = Path(tempfile.mkdtemp(prefix="bench-chromium-"))
        contestants.append(Contestant(
            "chromium --print-to-pdf", [self.browser, "--headless", *CHROMIUM_ARGS, f"--user-data-dir={profile}",
                                        "--no-pdf-header-footer", f"--print-to-pdf={plain}", page.as_uri() + query],
            before=removing(plain), runs=None if notes else self.args.pdf_runs,
            check=page_check(plain, (lambda p: p == 2 * n) if notes else (lambda p: p == n), f"{2 * n if notes else n}"),
            note="our index.html" + (", showNotes=separate-page" if notes else "")))
        if not self.node_note:
            port = free_port()
            name = "reveal-md-notes.md" if notes else "reveal-md.md"
            target = pdfs / ("reveal-md-notes.pdf" if notes else "reveal-md.pdf")
            contestants.append(self.node_peer(
                "reveal-md --print", ["reveal-md", str(w.folder / name), "--print", str(target), "--port", str(port),
                                      "--puppeteer-chromium-executable", self.browser,
                                      "--puppeteer-launch-args=" + " ".join(CHROMIUM_ARGS)],
                before=removing(target),
                check=page_check(target, (lambda p: p == 2 * n) if notes else (lambda p: p == n), f"{2 * n if notes else n}"),
                note="showNotes=separate-page" if notes else ""))
            target = pdfs / ("marp-notes.pdf" if notes else "marp.pdf")
            contestants.append(self.node_peer(
                "marp-cli --pdf" + (" --pdf-notes" if notes else ""),
                ["marp", str(w.folder / "marp.md"), "--pdf", *(["--pdf-notes"] if notes else []), "-o", str(target)],
                before=removing(target), check=page_check(target, lambda p: p == n, f"{n}"),
                note="notes as PDF annotations" if notes else ""))
            target = pdfs / ("decktape-notes.pdf" if notes else "decktape.pdf")
            contestants.append(self.node_peer(
                "decktape --pause 0", ["decktape", "reveal", "--pause", "0", "--size", "1920x1080",
                                       "--chrome-path", self.browser, *[f"--chrome-arg={a}" for a in CHROMIUM_ARGS],
                                       page.as_uri() + ("?showNotes=true" if notes else ""), str(target)],
                before=removing(target), check=page_check(target, lambda p: p == n, f"{n}"),
                note="our index.html" + (", showNotes=true (notes on the slide)" if notes else "")))
        if not (w.out / "index.html").is_file():
            subprocess.run(self.ours_build(w).argv, capture_output=True)
        if notes and self.ours_pdf is not None:
            # Ours printed the slides and the handout in the PDF job: that one time stands here too.
            contestants.insert(0, self.ours_pdf)
            measure([c for c in contestants if not c.ours], self.runs, job)
        else:
            measure(contestants, self.runs, job)
        if not notes:
            self.ours_pdf = next((c for c in contestants if c.ours), None)
        goals = {"chromium --print-to-pdf": 1.6, "decktape --pause 0": 1 / 3}
        self.report.job(job, contestants, goals)
        shutil.rmtree(profile, ignore_errors=True)

    ours_pdf: Contestant | None = None

    @staticmethod
    def ours_check(out: Path, n: int, pptx: bool = False) -> Callable[[], str | None]:
        """The slides PDF has a page per slide, the handout a cover and at least a page per slide,
        the PowerPoint file (when asked) a slide per slide."""
        def check() -> str | None:
            found = {("handout" if p.stem.endswith("-handout") else "slides"): p for p in out.glob("*.pdf")}
            if set(found) != {"slides", "handout"}:
                return f"printed {sorted(p.name for p in found.values())}, wanted the slides and the handout"
            if pdf_pages(found["slides"]) != n:
                return f"slides PDF: {pdf_pages(found['slides'])} pages, wanted {n}"
            if (pdf_pages(found["handout"]) or 0) < n + 1:
                return f"handout: {pdf_pages(found['handout'])} pages, wanted at least {n + 1}"
            if pptx:
                from pptx import Presentation

                files = list(out.glob("*.pptx"))
                slides = len(Presentation(str(files[0])).slides) if files else None
                if slides != n:
                    return f"PowerPoint file: {slides} slides, wanted {n}"
            return None
        return check

    def job_full(self) -> None:
        """The whole build (every output: deck, single file, slides PDF, handout, PowerPoint file)
        against one plain Chromium print of the deck, and against marp's PDF and PPTX run one after
        the other (the nearest a peer gets to the same outputs)."""
        w = self.w40
        n = w.slides
        if not self.browser:
            self.report.notes.append("no Chromium: the full build is not measured")
            return
        out = (WORK / "out" / "full-40").resolve()
        ours = Contestant("ours: build.py (all outputs)", [PYTHON, str(BUILD), "--talk", str(w.talk.resolve()),
                                                           "--out", str(out)],
                          ours=True, check=self.ours_check(out, n, pptx=True), runs=self.args.pdf_runs,
                          checks="right page and slide counts")
        if not (w.out / "index.html").is_file():
            subprocess.run(self.ours_build(w).argv, capture_output=True)
        page = (w.out / "index.html").resolve()
        pdfs = WORK / "pdf"
        pdfs.mkdir(parents=True, exist_ok=True)
        plain = pdfs / "chromium-full.pdf"
        profile = Path(tempfile.mkdtemp(prefix="bench-chromium-"))
        contestants = [ours, Contestant(
            "chromium --print-to-pdf", [self.browser, "--headless", *CHROMIUM_ARGS, f"--user-data-dir={profile}",
                                        "--no-pdf-header-footer", f"--print-to-pdf={plain}", page.as_uri() + "?print-pdf"],
            before=removing(plain), check=page_check(plain, lambda p: p == n, f"{n}"), note="one plain print of our index.html")]
        if not self.node_note:
            marp = str(BIN / "marp")
            target_pdf, target_pptx = pdfs / "marp-full.pdf", pdfs / "marp-full.pptx"
            contestants.append(Contestant(
                "marp --pdf, then marp --pptx", ["sh", "-c", f'"{marp}" "$1" --pdf -o "$2" && "{marp}" "$1" --pptx -o "$3"',
                                                 "marp", str(w.folder / "marp.md"), str(target_pdf), str(target_pptx)],
                before=removing(target_pdf, target_pptx), check=page_check(target_pdf, lambda p: p == n, f"{n}"),
                note="no notes in either; the PPTX is a picture per slide"))
        measure(contestants, self.runs, "full build, 40")
        self.report.job("full build, 40", contestants, {"chromium --print-to-pdf": 1.8, "marp --pdf, then marp --pptx": 1.0})
        shutil.rmtree(profile, ignore_errors=True)

    def job_floor(self) -> None:
        contestants = [
            Contestant("ours: build.py check (load + validate)", [PYTHON, str(BUILD), "check", "--talk", str(self.w40.talk)],
                       ours=True),
            Contestant("python -c pass", [PYTHON, "-c", "pass"]),
            Contestant("python -c 'import jinja2, markdown, yaml'", [PYTHON, "-c", "import jinja2, markdown, yaml"]),
            Contestant("python -c 'import pydantic'", [PYTHON, "-c", "import pydantic"]),
        ]
        measure(contestants, self.runs, "floor")
        self.report.job("floor", contestants)

    def job_serve(self) -> None:
        """`build.py serve` on the 40-slide talk: one slide edited, event to reload message, from its log."""
        if not self.has_serve:
            self.report.notes.append("build.py has no 'serve' command yet: serve rebuild not measured")
            return
        w = self.w40
        out = (WORK / "out" / "serve-40").resolve()
        port = free_port()
        process = subprocess.Popen([PYTHON, str(BUILD), "serve", "--talk", str(w.talk), "--out", str(out),
                                    "--port", str(port)], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                   text=True, cwd=ROOT, start_new_session=True)
        lines: list[str] = []
        ready = threading.Event()
        seen = threading.Condition()

        def read() -> None:
            for line in process.stderr:
                with seen:
                    lines.append(line.rstrip())
                    seen.notify_all()
                if "serving http" in line:
                    ready.set()

        threading.Thread(target=read, daemon=True).start()
        events: dict[str, list[float]] = {"slides/*.md": [], "talk.yaml": []}
        rebuilds: dict[str, list[float]] = {"slides/*.md": [], "talk.yaml": []}
        pattern = re.compile(r"rebuilt in (\d+) ms \((\d+) ms from the file event")
        try:
            if not ready.wait(60):
                self.report.notes.append("serve did not start: " + " | ".join(lines[-3:]))
                return
            slide = sorted((w.folder / "slides").glob("*.md"))[0]
            original_slide = slide.read_text(encoding="utf-8")
            original_talk = w.talk.read_text(encoding="utf-8")
            edits = {"slides/*.md": (slide, original_slide, _edited_slide(original_slide)),
                     "talk.yaml": (w.talk, original_talk, _edited_notes(original_talk))}
            for number in range(self.runs + 1):
                for kind, (path, original, edited) in edits.items():
                    text = edited if number % 2 == 0 else original
                    with seen:
                        start = len(lines)
                    path.write_text(text, encoding="utf-8")
                    found = None
                    deadline = time.monotonic() + 10
                    with seen:
                        while found is None and time.monotonic() < deadline:
                            for line in lines[start:]:
                                match = pattern.search(line)
                                if match:
                                    found = match
                            if found is None:
                                seen.wait(0.2)
                    if found and number > 0:  # the first edit of each is the warm-up
                        rebuilds[kind].append(int(found.group(1)) / 1000)
                        events[kind].append(int(found.group(2)) / 1000)
                    time.sleep(0.3)  # let the watcher settle before the next save
            slide.write_text(original_slide, encoding="utf-8")
            w.talk.write_text(original_talk, encoding="utf-8")
        finally:
            os.killpg(process.pid, signal.SIGINT)
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        for kind in events:
            if not events[kind]:
                self.report.rows.append(Row("serve rebuild, 40", f"ours: edit {kind}", "not measured", goal="< 50 ms",
                                            met="n/a", note=" | ".join(lines[-2:])[:160]))
                continue
            median = statistics.median(events[kind])
            self.report.rows.append(Row("serve rebuild, 40", f"ours: edit one slide in {kind}",
                                        f"{seconds(median)} (n={len(events[kind])})", goal="< 50 ms",
                                        met=verdict(median < 0.05),
                                        note=f"file event to reload message; the rebuild alone "
                                             f"{seconds(statistics.median(rebuilds[kind]))}"))
            self.report.facts[f"serve/{kind}"] = {"event_to_reload": events[kind], "rebuild": rebuilds[kind]}

    def job_remote(self) -> None:
        """`serve --remote`: a press on the phone page to the deck moved and the speaker view's notes changed.

        Both ends stamp Date.now() in the same browser (one clock): the phone as the button is
        pressed, the deck at reveal's slidechanged, the speaker view when its notes change.
        """
        if not self.browser or "--remote" not in subprocess.run([PYTHON, str(BUILD), "--help"], capture_output=True,
                                                                 text=True).stdout:
            self.report.notes.append("no browser or no 'serve --remote': phone remote not measured")
            return
        from playwright.sync_api import sync_playwright

        w = self.real
        process = subprocess.Popen([PYTHON, str(BUILD), "serve", "--remote", "--talk", str(w.talk), "--port",
                                    str(free_port())], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                                   cwd=ROOT, start_new_session=True)
        found: dict[str, str] = {}
        ready = threading.Event()

        def read() -> None:
            for line in process.stderr:
                for name, pattern in (("phone", r"phone remote: (http://\S+/)"), ("deck", r"serving (http://\S+)")):
                    match = re.search(pattern, line)
                    if match:
                        found[name] = match.group(1)
                if len(found) == 2:
                    ready.set()

        threading.Thread(target=read, daemon=True).start()
        moved: dict[str, list[float]] = {"deck": [], "speaker view": []}
        try:
            if not ready.wait(60):
                self.report.notes.append("serve --remote did not start: phone remote not measured")
                return
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=self.browser, args=CHROMIUM_ARGS)
                try:
                    laptop = browser.new_context(viewport={"width": 1280, "height": 720})
                    deck = laptop.new_page()
                    deck.goto(found["deck"])
                    deck.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=20000)
                    deck.evaluate("() => Reveal.on('slidechanged', () => { window.movedAt = Date.now(); })")
                    with laptop.expect_page() as popup:
                        deck.keyboard.press("s")
                    speaker = popup.value
                    speaker.wait_for_selector("#deck-clock-pause", timeout=20000)
                    speaker.wait_for_timeout(1000)
                    speaker.evaluate("""() => new MutationObserver(() => { window.notesAt = Date.now(); })
                        .observe(document.querySelector('.speaker-controls-notes .value'), {childList: true})""")
                    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                                has_touch=True).new_page()
                    phone.goto(found["phone"])
                    phone.wait_for_function("() => document.getElementById('title').textContent !== ''", timeout=20000)
                    for number in range(2 * (self.runs + 1)):
                        to = "#next" if number % 2 == 0 else "#previous"
                        before = deck.evaluate("Reveal.getIndices().h")
                        pressed = phone.evaluate(f"() => {{ const at = Date.now(); "
                                                 f"document.querySelector('{to}').click(); return at; }}")
                        deck.wait_for_function("before => Reveal.getIndices().h !== before", arg=before, timeout=10000)
                        speaker.wait_for_function("at => window.notesAt >= at", arg=pressed, timeout=10000)
                        if number > 1:  # the first press each way is the warm-up
                            moved["deck"].append((deck.evaluate("window.movedAt") - pressed) / 1000)
                            moved["speaker view"].append((speaker.evaluate("window.notesAt") - pressed) / 1000)
                        deck.wait_for_timeout(400)  # a presenter's pace, not a burst
                finally:
                    browser.close()
        finally:
            os.killpg(process.pid, signal.SIGINT)
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        for where, times in moved.items():
            median = statistics.median(times) if times else None
            self.report.rows.append(Row("phone remote", f"ours: press to {where} moved",
                                        f"{seconds(median)} (n={len(times)}, max {seconds(max(times))})" if times
                                        else "not measured", goal="< 300 ms",
                                        met=verdict(median is not None and max(times) < 0.3)))
            self.report.facts[f"remote/{where}"] = times

    def single_file_of(self, w: Workload) -> Path | None:
        candidates = [p for p in w.out.glob("*.html") if p.name != "index.html"]
        return candidates[0] if candidates else None

    def job_size(self) -> None:
        for w in (self.real, self.w40):
            if not (w.out / "index.html").is_file():
                subprocess.run(self.ours_build(w).argv, capture_output=True)
        for w in (self.real, self.w40):
            single = self.single_file_of(w)
            value = single.stat().st_size if single else None
            row = Row("single-file size", f"ours: {single.name if single else 'no single file yet'} ({w.slides} slides)",
                      size(value), goal="<= 700 KB" if w is self.real else "", note="fonts, reveal.js, theme inlined")
            if w is self.real:
                row.met = verdict(value is not None and value <= 700_000)
            self.report.rows.append(row)
            self.report.facts[f"size/ours-{w.slides}"] = value
        out = WORK / "peer-out" / self.w40.folder.name
        for tool, path in (("pandoc --embed-resources (40)", out / "pandoc-embedded.html"),
                           ("reveal-md --static (40), whole folder", out / "reveal-md"),
                           ("marp-cli HTML (40)", out / "marp.html")):
            if path.is_dir():
                files = [p for p in path.rglob("*") if p.is_file()]
                self.report.rows.append(Row("single-file size", tool, size(sum(p.stat().st_size for p in files)),
                                            note=f"{len(files)} files, not one"))
            elif path.is_file():
                self.report.rows.append(Row("single-file size", tool, size(path.stat().st_size)))

    def job_ready(self) -> None:
        """Reveal ready, in ms from navigation start, for a page opened from file:// in Chromium."""
        if not self.browser:
            return
        from playwright.sync_api import sync_playwright

        pages: list[tuple[str, Path, bool]] = []
        single = self.single_file_of(self.real)
        if single:
            pages.append((f"ours: single file ({self.real.slides} slides)", single, True))
        pages.append((f"ours: dist/index.html ({self.real.slides} slides)", self.real.out / "index.html", True))
        single40 = self.single_file_of(self.w40)
        if single40:
            pages.append(("ours: single file (40 slides)", single40, True))
        out = WORK / "peer-out" / self.w40.folder.name
        for tool, path in (("pandoc --embed-resources (40)", out / "pandoc-embedded.html"),
                           ("reveal-md --static (40)", out / "reveal-md" / "reveal-md.html")):
            if path.is_file():
                pages.append((tool, path, False))
        script = "document.addEventListener('ready', () => { window.__readyAt = performance.now(); }, true);"
        results: dict[str, list[float]] = {tool: [] for tool, _, _ in pages}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=self.browser, args=CHROMIUM_ARGS)
            try:
                for number in range(self.runs + 1):
                    for tool, path, _ in pages:
                        context = browser.new_context(viewport={"width": 1280, "height": 720})
                        context.add_init_script(script)
                        page = context.new_page()
                        try:
                            page.goto(path.resolve().as_uri())
                            page.wait_for_function("window.__readyAt !== undefined", timeout=20000)
                            if number > 0:
                                results[tool].append(page.evaluate("window.__readyAt") / 1000)
                        except Exception as error:  # a peer page that never gets ready is a result too
                            self.report.notes.append(f"{tool}: Reveal not ready ({type(error).__name__})")
                        finally:
                            context.close()
            finally:
                browser.close()
        for tool, path, ours in pages:
            times = results[tool]
            median = statistics.median(times) if times else None
            self.report.rows.append(Row("Reveal ready from file://", tool,
                                        f"{seconds(median)} (n={len(times)})" if median else "failed",
                                        goal="< 500 ms" if ours else "",
                                        met=verdict(median is not None and median < 0.5) if ours else ""))
            self.report.facts[f"ready/{tool}"] = times


def _edited_slide(text: str) -> str:
    """The slide file with a word added to the last line of its body: one slide changes."""
    lines = text.splitlines(keepends=True)
    last = max(index for index, line in enumerate(lines) if line.strip())
    lines[last] = lines[last].rstrip("\n") + " Edited.\n"
    return "".join(lines)


def _edited_notes(text: str) -> str:
    """talk.yaml with a word added to the first slide's notes in the outline."""
    lines = text.splitlines(keepends=True)
    start = next(index for index, line in enumerate(lines) if line.startswith("outline:"))
    notes = next(index for index in range(start, len(lines)) if re.match(r"^\s+notes: [|>]", lines[index]))
    lines[notes + 1] = lines[notes + 1].rstrip("\n") + " Edited.\n"
    return "".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/run.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=None, help="timed runs per tool after the warm-up (default 10)")
    parser.add_argument("--pdf-runs", type=int, default=None,
                        help="runs of our PDF and the plain Chromium print, for the page-count check (default 20)")
    parser.add_argument("--quick", action="store_true", help="3 runs (5 for the PDF check): a first look")
    parser.add_argument("--only", nargs="+", choices=JOBS, help="run only these jobs")
    parser.add_argument("--no-peers", action="store_true", help="measure ours only")
    args = parser.parse_args(argv)
    args.runs = args.runs or (3 if args.quick else 10)
    args.pdf_runs = args.pdf_runs or (5 if args.quick else max(20, args.runs))
    jobs = args.only or JOBS
    started = time.perf_counter()
    WORK.mkdir(parents=True, exist_ok=True)
    bench = Bench(args)
    steps = {"html-40": lambda: bench.job_html(bench.w40, "deck to HTML, 40"),
             "html-400": lambda: bench.job_html(bench.w400, "deck to HTML, 400"),
             "single": bench.job_single,
             "pdf": lambda: bench.job_pdf(notes=False),
             "pdf-notes": lambda: bench.job_pdf(notes=True),
             "full": bench.job_full,
             "floor": bench.job_floor,
             "serve": bench.job_serve,
             "size": bench.job_size,
             "ready": bench.job_ready,
             "remote": bench.job_remote}
    for job in JOBS:
        if job in jobs:
            steps[job]()
    took = time.perf_counter() - started
    versions = ", ".join(f"{tool} {found}" for tool, found in bench.versions.items())
    text = [f"# bench/run.py --runs {args.runs} --pdf-runs {args.pdf_runs}" + (" --only " + " ".join(jobs) if args.only else ""),
            f"{time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, {took:.0f} s in all; {versions}",
            f"workloads: our talk as written ({bench.real.slides} slides), grown to {bench.w40.slides} and "
            f"{bench.w400.slides}; medians; ratio = our median / the tool's median (below 1: we are faster)",
            "", bench.report.table()]
    if bench.report.notes:
        text += [""] + [f"- {note}" for note in bench.report.notes]
    output = "\n".join(text) + "\n"
    print(output)
    (WORK / "results.md").write_text(output, encoding="utf-8")
    (WORK / "results.json").write_text(json.dumps({"versions": bench.versions, "facts": bench.report.facts},
                                                  indent=1, default=str), encoding="utf-8")
    log(f"written to {(WORK / 'results.md').relative_to(ROOT)} and results.json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
