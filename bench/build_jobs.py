"""The jobs that build a deck to HTML: the 40- and 400-slide decks, the single file, the floor, the sizes.

Ours is `build.py --no-pdf` (validation, presenter deck, single file, cfp.md in one step); the
peers are pandoc, reveal-md and marp-cli on the same slides as Markdown. The floor is what
Python and our libraries cost before any slide is read; the sizes compare what each tool ships.
"""
from __future__ import annotations

import shutil

import install
import measure
import session

PANDOC_CDN = "pandoc -t revealjs -s (CDN)"


def html_peers(s: session.Session, w: session.Workload) -> list[measure.Contestant]:
    out = w.peer_out
    return [
        pandoc_html(s, w),
        s.node_peer("reveal-md --static", ["reveal-md", str(w.folder / "reveal-md.md"), "--static",
                                           str(out / "reveal-md")]),
        s.node_peer("marp-cli (HTML)", ["marp", str(w.folder / "marp.md"), "-o", str(out / "marp.html")]),
    ]


def pandoc_html(s: session.Session, w: session.Workload) -> measure.Contestant:
    return s.pandoc_peer(PANDOC_CDN, ["-t", "revealjs", "-s", "--slide-level=2", "--metadata", "pagetitle=talk",
                                      "-V", "width=1920", "-V", "height=1080", str(w.folder / "pandoc.md"),
                                      "-o", str(w.peer_out / "pandoc.html")])


def html(s: session.Session, w: session.Workload) -> None:
    job = f"deck to HTML, {w.slides}"
    ours = s.ours_build(w)
    if w is s.w40:
        s.ours_40 = ours
    contestants = [ours] + html_peers(s, w)
    measure.measure(contestants, s.runs, job)
    goals = {"reveal-md --static": 0.25, "marp-cli (HTML)": 0.25, PANDOC_CDN: 1.2} if w is s.w40 else {}
    s.report.job(job, contestants, goals)
    if w is s.w400 and s.ours_40 is not None and s.ours_40.median and ours.median:
        growth = ours.median / s.ours_40.median
        s.report.rows.append(measure.Row(job, "ours 400 / ours 40", f"{growth:.2f}x", goal="<= 2x",
                                         met=measure.verdict(growth <= 2)))


def html_40(s: session.Session) -> None:
    html(s, s.w40)


def html_400(s: session.Session) -> None:
    html(s, s.w400)


def single(s: session.Session) -> None:
    w = s.w40
    ours = s.ours_build(w, "ours: build.py --no-pdf (deck + single file + cfp)")
    url = str(install.PEERS / "node_modules" / "reveal.js")
    peer = s.pandoc_peer("pandoc --embed-resources", ["-t", "revealjs", "-s", *s.pandoc_self_contained(),
                                                      "--slide-level=2", "--metadata", "pagetitle=talk",
                                                      "-V", f"revealjs-url={url}", "-V", "width=1920",
                                                      "-V", "height=1080", str(w.folder / "pandoc.md"),
                                                      "-o", str(w.peer_out / "pandoc-embedded.html")])
    if not peer.skipped and s.pandoc_self_contained() == ["--self-contained"]:
        peer.note = "pandoc 2.17's spelling: --self-contained"
    contestants = [ours, peer]
    measure.measure(contestants, s.runs, "single")
    s.report.job("single file, 40", contestants, {"pandoc --embed-resources": 0.2})


def startup(s: session.Session) -> None:
    """The talk as written, built cold (a new process), against pandoc's whole run on the same 40
    slides; and what Python and the engine's imports alone cost of it."""
    python = install.PYTHON
    # A rebuild reads back what the last build of the same text parsed and converted (the user's
    # cache); a first build, or one after every file changed, makes it all: both are measured.
    first = s.ours_build(s.real, "ours: the talk as written, nothing kept (empty cache)")
    empty = install.WORK / "empty-cache"
    first.env, first.before = {"XDG_CACHE_HOME": str(empty)}, lambda: shutil.rmtree(empty, ignore_errors=True)
    pandoc = pandoc_html(s, s.w40)
    contestants = [
        s.ours_build(s.real, "ours: build.py --no-pdf, the talk as written"),
        measure.Contestant("python -c pass", [python, "-c", "pass"]),
        measure.Contestant("ours: imports alone (build, deck.pipeline)", [python, "-c", "import build, deck.pipeline"]),
        pandoc,
    ]
    measure.measure(contestants + [first], s.runs, "start-up")
    s.report.job("start-up", contestants, {PANDOC_CDN: 1.2})
    s.report.job("start-up, first build", [first, pandoc], {PANDOC_CDN: 2})


def floor(s: session.Session) -> None:
    python = install.PYTHON
    contestants = [
        measure.Contestant("ours: build.py check (load + validate)",
                           [python, str(install.BUILD), "check", "--talk", str(s.w40.talk)], ours=True),
        measure.Contestant("python -c pass", [python, "-c", "pass"]),
        measure.Contestant("python -c 'import jinja2, markdown, yaml'", [python, "-c", "import jinja2, markdown, yaml"]),
        measure.Contestant("python -c 'import pydantic'", [python, "-c", "import pydantic"]),
    ]
    measure.measure(contestants, s.runs, "floor")
    s.report.job("floor", contestants)


def sizes(s: session.Session) -> None:
    for w in (s.real, s.w40):
        single_file = s.single_file_of(s.built(w))
        value = single_file.stat().st_size if single_file else None
        row = measure.Row("single-file size",
                          f"ours: {single_file.name if single_file else 'no single file yet'} ({w.label})",
                          measure.size(value), goal="<= 450 KB" if w is s.real else "",
                          note="fonts (subset to the talk's characters), reveal.js, theme inlined")
        if w is s.real:
            row.met = measure.verdict(value is not None and value <= 450 * 1024)
        s.report.rows.append(row)
        s.report.facts[f"size/ours-{w.slides}"] = value
    out = s.w40.peer_out
    for tool, path in (("pandoc --embed-resources (40)", out / "pandoc-embedded.html"),
                       ("reveal-md --static (40), whole folder", out / "reveal-md"),
                       ("marp-cli HTML (40)", out / "marp.html")):
        if path.is_dir():
            files = [p for p in path.rglob("*") if p.is_file()]
            s.report.rows.append(measure.Row("single-file size", tool,
                                             measure.size(sum(p.stat().st_size for p in files)),
                                             note=f"{len(files)} files, not one"))
        elif path.is_file():
            s.report.rows.append(measure.Row("single-file size", tool, measure.size(path.stat().st_size)))
