"""The jobs that print: the PDFs with and without notes, and the whole build with every output.

Ours prints the slides and the handout in one browser session (`build.py pdf`), or writes every
output (`build.py`); against it stand one plain `chromium --print-to-pdf` of our deck (the floor
any reveal.js PDF stands on), reveal-md, marp-cli and decktape. Every run's page count is
checked, because a fast print of a deck that has not laid out yet is a wrong one.
"""
from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Callable

import install
import measure
import session

PLAIN = "chromium --print-to-pdf"


def plain_print(s: session.Session, url: str, target: Path, pages: int, profile: str,
                **options) -> measure.Contestant:
    """One plain headless Chromium print of a page, checked for `pages` pages."""
    return measure.Contestant(
        PLAIN, [s.browser, "--headless", *install.CHROMIUM_ARGS, f"--user-data-dir={profile}",
                "--no-pdf-header-footer", f"--print-to-pdf={target}", url],
        **measure.printing(target, pages),
        **options)


def ours_check(out: Path, n: int, pptx: bool = False) -> Callable[[], str | None]:
    """The slides PDF has a page per slide, the handout a cover and at least a page per slide,
    the PowerPoint file (when asked) a slide per slide, besides the continuations of a slide too
    long for one (the closing slide's reading list: 'Thank you (continued)') and the first state of
    a list that re-ranks on a click (a slide of its own, named so)."""
    def check() -> str | None:
        found = {("handout" if p.stem.endswith("-handout") else "slides"): p for p in out.glob("*.pdf")}
        if set(found) != {"slides", "handout"}:
            return f"printed {sorted(p.name for p in found.values())}, wanted the slides and the handout"
        if measure.pdf_pages(found["slides"]) != n:
            return f"slides PDF: {measure.pdf_pages(found['slides'])} pages, wanted {n}"
        if (measure.pdf_pages(found["handout"]) or 0) < n + 1:
            return f"handout: {measure.pdf_pages(found['handout'])} pages, wanted at least {n + 1}"
        if pptx:
            from pptx import Presentation

            from deck.pptx.ranked import FIRST_STATE

            files = list(out.glob("*.pptx"))
            titles = [slide.shapes.title.text if slide.shapes.title is not None else ""
                      for slide in Presentation(str(files[0])).slides if slide.name != FIRST_STATE] if files else None
            slides = None if titles is None else sum(not title.endswith(" (continued)") for title in titles)
            if slides != n:
                return f"PowerPoint file: {slides} slides, wanted {n}"
        return None
    return check


def forget_prints() -> None:
    """Before each run of ours: nothing printed kept, so the run prints (a rebuild of an unchanged
    deck takes its print from the cache; a peer has none)."""
    from deck import print_cache

    print_cache.forget()


def _ours_pdf(s: session.Session, w: session.Workload) -> measure.Contestant | None:
    """Ours: the slides and the handout in one browser session, from a fresh render of the deck."""
    if not s.has_pdf:
        s.report.notes.append("build.py has no 'pdf' command yet: our PDF row is missing")
        return None
    out = (install.WORK / "out" / "pdf-40").resolve()
    out.mkdir(parents=True, exist_ok=True)

    def clear() -> None:
        for path in out.glob("*.pdf"):
            path.unlink()
        forget_prints()

    return measure.Contestant("ours: build.py pdf (slides + handout)",
                              [install.PYTHON, str(install.BUILD), "pdf", "--talk", str(w.talk.resolve()),
                               "--out", str(out)], ours=True, check=ours_check(out, w.slides), before=clear,
                              runs=s.args.pdf_runs)


def pdf(s: session.Session, notes: bool = False) -> None:
    job = "PDF with notes, 40" if notes else "PDF, 40"
    if not s.browser:
        s.report.notes.append(f"no Chromium: '{job}' not measured")
        return
    w = s.built(s.w40)
    n = w.slides
    pdfs = install.WORK / "pdf"
    pdfs.mkdir(parents=True, exist_ok=True)
    page = (w.out / "index.html").resolve().as_uri()
    pages = 2 * n if notes else n  # with notes on pages of their own, each slide prints twice
    suffix = "-notes" if notes else ""
    with tempfile.TemporaryDirectory(prefix="bench-chromium-", ignore_cleanup_errors=True) as profile:
        contestants = [plain_print(s, page + ("?print-pdf&showNotes=separate-page" if notes else "?print-pdf"),
                                   pdfs / f"chromium{suffix}.pdf", pages, profile,
                                   runs=None if notes else s.args.pdf_runs,
                                   note="our index.html" + (", showNotes=separate-page" if notes else ""))]
        target = pdfs / f"reveal-md{suffix}.pdf"
        contestants.append(s.node_peer(
            "reveal-md --print", ["reveal-md", str(w.folder / f"reveal-md{suffix}.md"), "--print", str(target),
                                  "--port", str(measure.free_port()), "--puppeteer-chromium-executable", s.browser,
                                  "--puppeteer-launch-args=" + " ".join(install.CHROMIUM_ARGS)],
            **measure.printing(target, pages),
            note="showNotes=separate-page" if notes else ""))
        target = pdfs / f"marp{suffix}.pdf"
        contestants.append(s.node_peer(
            "marp-cli --pdf" + (" --pdf-notes" if notes else ""),
            ["marp", str(w.folder / "marp.md"), "--pdf", *(["--pdf-notes"] if notes else []), "-o", str(target)],
            **measure.printing(target, n),
            note="notes as PDF annotations" if notes else ""))
        target = pdfs / f"decktape{suffix}.pdf"
        contestants.append(s.node_peer(
            "decktape --pause 0", ["decktape", "reveal", "--pause", "0", "--size", "1920x1080",
                                   "--chrome-path", s.browser, *[f"--chrome-arg={a}" for a in install.CHROMIUM_ARGS],
                                   page + ("?showNotes=true" if notes else ""), str(target)],
            **measure.printing(target, n),
            note="our index.html" + (", showNotes=true (notes on the slide)" if notes else "")))
        if notes and s.ours_pdf is not None:
            # Ours printed the slides and the handout in the PDF job: that one time stands here too.
            measure.measure(contestants, s.runs, job)
            contestants.insert(0, s.ours_pdf)
        else:
            ours = None if notes else _ours_pdf(s, w)
            contestants = ([ours] if ours else []) + contestants
            measure.measure(contestants, s.runs, job)
            s.ours_pdf = ours
    s.report.job(job, contestants, {PLAIN: 1.6, "marp-cli --pdf": 1.5, "decktape --pause 0": 1 / 3})


def pdf_notes(s: session.Session) -> None:
    pdf(s, notes=True)


def full(s: session.Session) -> None:
    """The whole build (every output: deck, single file, slides PDF, handout, PowerPoint file)
    against one plain Chromium print of the deck, and against marp's PDF and PPTX run one after
    the other (the nearest a peer gets to the same outputs)."""
    if not s.browser:
        s.report.notes.append("no Chromium: the full build is not measured")
        return
    w = s.built(s.w40)
    n = w.slides
    out = (install.WORK / "out" / "full-40").resolve()
    ours = measure.Contestant("ours: build.py (all outputs)", [install.PYTHON, str(install.BUILD), "--talk",
                                                               str(w.talk.resolve()), "--out", str(out)],
                              ours=True, check=ours_check(out, n, pptx=True), runs=s.args.pdf_runs,
                              checks="right page and slide counts", before=forget_prints)
    pdfs = install.WORK / "pdf"
    pdfs.mkdir(parents=True, exist_ok=True)
    marp = str(install.BIN / "marp")
    target_pdf, target_pptx = pdfs / "marp-full.pdf", pdfs / "marp-full.pptx"
    with tempfile.TemporaryDirectory(prefix="bench-chromium-", ignore_cleanup_errors=True) as profile:
        contestants = [ours, plain_print(s, (w.out / "index.html").resolve().as_uri() + "?print-pdf",
                                         pdfs / "chromium-full.pdf", n, profile,
                                         note="one plain print of our index.html"),
                       measure.Contestant(
                           "marp --pdf, then marp --pptx",
                           ["sh", "-c", f'"{marp}" "$1" --pdf -o "$2" && "{marp}" "$1" --pptx -o "$3"',
                            "marp", str(w.folder / "marp.md"), str(target_pdf), str(target_pptx)],
                           **measure.printing(target_pdf, n, target_pptx), skipped=s.node_note or "",
                           note="no notes in either; the PPTX is a picture per slide")]
        measure.measure(contestants, s.runs, "full build, 40")
    s.report.job("full build, 40", contestants, {PLAIN: 1.8, "marp --pdf, then marp --pptx": 1.0})


def steps(s: session.Session) -> None:
    """Each long step of the full build of the talk as written, as its own command, so the next
    regression shows in the step it is in: the deck alone, both PDFs, the PowerPoint file, the
    contact sheet, and the full build (every output but the sheet) in one command."""
    if not s.browser:
        s.report.notes.append("no Chromium: the build's steps are not measured")
        return
    out = (install.WORK / "out" / "steps").resolve()
    talk = ["--talk", str(s.real.talk.resolve()), "--out", str(out)]

    def step(tool: str, *command: str) -> measure.Contestant:
        return measure.Contestant(tool, [install.PYTHON, str(install.BUILD), *command, *talk], runs=s.runs,
                                  before=forget_prints)

    contestants = [step("deck, single file, cfp.md: build.py --no-pdf", "--no-pdf"),
                   step("slides PDF + handout: build.py pdf", "pdf"),
                   step("PowerPoint file: build.py pptx", "pptx"),
                   step("contact sheet: build.py sheet", "sheet"),
                   step("full build (deck, PDFs, PowerPoint file): build.py", "build")]
    measure.measure(contestants, s.runs, "the build's steps")
    s.report.job("the full build's steps (talk as written)", contestants)
