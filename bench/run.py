#!/usr/bin/env python3
"""Speed and size of the deck engine against its peers, measured side by side in one run.

    python bench/run.py              every job, 10 timed runs each after a warm-up (`make bench`)
    python bench/run.py --quick      3 runs each (5 for the PDFs): a look in about three minutes
    python bench/run.py --runs 20 --only html-40 pdf

Our talk is grown to 40 and 400 slides (bench/talks.py); the peers render the same slides from
Markdown generated out of it. Tools take turns, A B C A B C, so a busy moment on this shared
machine lands on all of them alike; read the ratios, which are measured in the same run, rather
than the seconds. Peers are installed into bench/peers/ (npm, pinned by bench/package-lock.json)
and pandoc from Debian; a peer that cannot be installed is skipped with a note on its row.

This module is the entry point: the options, the jobs in order, and the table written out. The
jobs live by kind in build_jobs.py, print_jobs.py and live_jobs.py; session.py holds what they
share, measure.py how they time and report, install.py where the peers come from.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import build_jobs  # noqa: E402
import install  # noqa: E402
import live_jobs  # noqa: E402
import print_jobs  # noqa: E402
import session  # noqa: E402

# In the order they run: the PDF with notes reuses the PDF job's time for ours, size and ready
# read what the builds before them wrote.
JOBS = {"startup": build_jobs.startup, "html-40": build_jobs.html_40, "html-400": build_jobs.html_400, "single": build_jobs.single,
        "pdf": print_jobs.pdf, "pdf-notes": print_jobs.pdf_notes, "full": print_jobs.full, "steps": print_jobs.steps,
        "floor": build_jobs.floor, "serve": live_jobs.serve, "size": build_jobs.sizes,
        "ready": live_jobs.ready, "remote": live_jobs.remote}


def run_jobs(s: session.Session, jobs: list[str]) -> None:
    """Each job asked for, in order; one that breaks is a note in the table, and the next one runs."""
    for name, job in JOBS.items():
        if name not in jobs:
            continue
        try:
            job(s)
        except Exception as error:  # a benchmark that stops at its first broken job measures nothing after it
            traceback.print_exc()
            why = (str(error).splitlines() or [""])[0][:160]
            s.report.notes.append(f"job {name} stopped: {type(error).__name__} {why}".rstrip())


def results(s: session.Session, args: argparse.Namespace, jobs: list[str], took: float) -> str:
    versions = ", ".join(f"{tool} {found}" for tool, found in s.versions.items())
    text = [f"# bench/run.py --runs {args.runs} --pdf-runs {args.pdf_runs}" + (" --only " + " ".join(jobs) if args.only else ""),
            f"{time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, {took:.0f} s in all; {versions}",
            f"workloads: our talk as written ({s.real.slides} slides), grown to {s.w40.slides} and "
            f"{s.w400.slides}; medians; ratio = our median / the tool's median (below 1: we are faster)",
            "", s.report.table()]
    if s.report.notes:
        text += [""] + [f"- {note}" for note in s.report.notes]
    return "\n".join(text) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/run.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=None, help="timed runs per tool after the warm-up (default 10)")
    parser.add_argument("--pdf-runs", type=int, default=None,
                        help="runs of our PDF and the plain Chromium print, for the page-count check (default 20)")
    parser.add_argument("--quick", action="store_true", help="3 runs (5 for the PDF check): a first look")
    parser.add_argument("--only", nargs="+", choices=list(JOBS), help="run only these jobs")
    parser.add_argument("--no-peers", action="store_true", help="measure ours only")
    args = parser.parse_args(argv)
    args.runs = args.runs or (3 if args.quick else 10)
    args.pdf_runs = args.pdf_runs or (5 if args.quick else max(20, args.runs))
    jobs = args.only or list(JOBS)
    started = time.perf_counter()
    install.WORK.mkdir(parents=True, exist_ok=True)
    s = session.Session(args)
    run_jobs(s, jobs)
    output = results(s, args, jobs, time.perf_counter() - started)
    print(output)
    (install.WORK / "results.md").write_text(output, encoding="utf-8")
    (install.WORK / "results.json").write_text(json.dumps({"versions": s.versions, "facts": s.report.facts},
                                                          indent=1, default=str), encoding="utf-8")
    install.log(f"written to {(install.WORK / 'results.md').relative_to(install.ROOT)} and results.json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
