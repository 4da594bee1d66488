"""Commands: the command line of the engine, one for `build.py` in a talk's checkout and for
the installed `deck` (python -m deck); they differ only in their name and the talk they build by
default (build.py: the talk beside it; deck: talk.yaml in the current folder).

A build is load -> validate -> render -> write; only the last stage touches the disk, and it
replaces dist/ in one step, so a failed build leaves the previous dist/ as it was.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

COMMANDS = ("build", "check", "stats", "schema", "serve", "pdf", "pptx", "sheet", "new", "import", "site", "pack")
DESCRIPTION = """The engine that builds a conference talk kept as code (talk.yaml + slides/) into its
reveal.js deck (offline), single-file HTML, tagged PDFs, handout, PowerPoint file, site and
programme text. It builds {where}, or the one --talk names."""
USAGE = """commands:
  build          validate, render and write everything into dist/ (the default)
  check          validate, and measure the layout: every problem, located, at once
  stats          planned minutes and note words per section, against the slot; the rehearsals
                 beside them, per slide and per section
  schema         rewrite talk.schema.json beside the talk from the model
  pdf            print the slides PDF and the handout alone into dist/ (the rest is left as it is)
  pptx           make the PowerPoint file alone into dist/ (the rest is left as it is)
  sheet          photograph every slide as projected into dist/contact-sheet.png
  serve          serve the deck on 127.0.0.1:8000, rebuild and reload on every save, log each
                 rehearsal into rehearsals/; --remote: a phone drives the deck
  new PATH       write a new talk folder to fill in (refuses a folder with files in it); plain
                 Markdown slides, or --model patterns for the patterns model's kinds
  import DECK    a reveal-md, Marp or Slidev deck as a new talk folder (--out FOLDER), with a report
                 of what could not be kept
  site           the talk's page to share, its deck, downloads and social card, in dist/site/;
                 several --talk: one folder per talk and an index
  pack           what the organiser's rules (event.rules) ask for, named their way, each file
                 within their limit: pack/<name>/ and pack/<name>.zip

--edition NAME (any command but new, import and schema): one edition of the talk (its 'editions:'), into
dist-NAME/; check without it checks the talk and every edition."""



def slide_count(deck) -> str:
    """The slides as the deck counts them (one count everywhere), and apart any shown on request."""
    extra = sum(slide.on_request for slide in deck.slides)
    counted = f"{len(deck.slides) - extra} slides"
    return counted + (f" and {extra} shown on request" if extra else "")

def parse_args(argv: list[str] | None, prog: str = "deck", default_talk: Path | None = None) -> argparse.Namespace:
    where = "the talk in the current folder" if default_talk is None else f"the talk beside it ({default_talk})"
    parser = argparse.ArgumentParser(prog=prog, description=DESCRIPTION.format(where=where), epilog=USAGE,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", nargs="?", default="build", choices=COMMANDS)
    parser.add_argument("path", nargs="?", type=Path, default=None, help="new: the folder to write the talk into; import: the deck file")
    parser.add_argument("--language", default="en", help="new: the talk's language (en, fr, de, es)")
    parser.add_argument("--model", default="plain", choices=("plain", "patterns"),
                        help="new: a plain talk of Markdown slides (default), or one with the patterns model's kinds")
    parser.add_argument("--talk", type=Path, action="append", default=None,
                        help="the talk file, or its folder (default: talk.yaml here); site: once per talk")
    parser.add_argument("--out", type=Path, default=None,
                        help="output folder (default: dist/ beside the talk; an edition's: dist-NAME/)")
    parser.add_argument("--edition", default=None,
                        help="the edition of the talk (its 'editions:' in talk.yaml) to build, check, serve ...")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for the talk's mistakes too")
    parser.add_argument("--port", type=port_number, default=8000, help="serve: the port on 127.0.0.1 (default: 8000)")
    parser.add_argument("--slides", type=Path, default=None, help="sheet: also save each slide's picture here")
    parser.add_argument("--no-pdf", action="store_true",
                        help="build: everything but the PDFs and the PowerPoint file; check: no layout measured "
                             "(no browser needed either way)")
    parser.add_argument("--paper", choices=("a4", "letter"), default=None,
                        help="the handout's paper, A4 or US Letter (default: 'paper' in talk.yaml, else a4)")
    parser.add_argument("--remote", action="store_true",
                        help="serve: also listen on the local network for a phone as the remote (a new token each start)")
    parser.add_argument("--engine-templates", action="store_true",
                        help="ignore the talk's own templates/ (code that runs in the build): build with the engine's")
    parser.add_argument("--rehearsal", type=Path, default=None,
                        help="stats: compare this run (a file in rehearsals/) instead of the last complete one")
    parser.add_argument("--plot", type=Path, default=None,
                        help="stats: also draw planned against rehearsed time per slide into this .svg or .png")
    args = parser.parse_args(argv)
    # A folder names the talk.yaml in it: `deck --talk my-talk` as well as `--talk my-talk/talk.yaml`.
    args.talks = [talk / "talk.yaml" if talk.is_dir() else talk
                  for talk in args.talk or [default_talk or Path("talk.yaml")]]
    args.prog, args.by_default = prog, args.talk is None
    if len(args.talks) > 1 and args.command != "site":
        parser.error(f"{args.command} takes one --talk (only site takes several)")
    args.talk = args.talks[0]
    if args.edition is not None and args.command in ("schema", "new", "import"):
        parser.error(f"{args.command} takes no --edition")
    if args.command == "site" and args.no_pdf:
        parser.error("site puts the PDFs, the PowerPoint file and the social card on the talk's page: "
                     "leave out --no-pdf")
    if args.command == "pack" and args.no_pdf:
        parser.error("pack makes the PDFs and the PowerPoint file the organiser asked for: leave out --no-pdf")
    return args


def port_number(text: str) -> int:
    """A TCP port (0: any free one), or argparse's one-line usage error."""
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port: give a number from 1 to 65535 (0: any free port)")
    return port


def _note_interrupts() -> list[int]:
    """Ctrl+C goes to the whole process group: the browser may die of it, and fail the print, a
    moment before this process raises KeyboardInterrupt. The signals seen are kept to tell."""
    import signal

    seen: list[int] = []

    def note(signum, frame):
        seen.append(signum)
        signal.default_int_handler(signum, frame)

    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        try:
            signal.signal(signal.SIGINT, note)
        except ValueError:  # not the main thread (an embedding program): signals are not ours
            pass
    return seen


def main(argv: list[str] | None = None, prog: str = "deck", default_talk: Path | None = None) -> int:
    """Run one command; its exit status. prog names the command in messages; default_talk is the
    talk built without --talk (None: talk.yaml in the current folder)."""
    args = parse_args(argv, prog, default_talk)
    if args.command == "new":
        return new(args.path, args.language, prog, args.model)
    if args.command == "import":
        return import_deck(args.path, args.out, prog)
    if args.path is not None:
        print(f"{prog} {args.command} takes no folder (use --talk PATH/talk.yaml)", file=sys.stderr)
        return 2
    if args.by_default and not args.talk.exists():  # run in a folder that holds no talk
        print(f"no talk.yaml in {Path.cwd()}: '{prog} new FOLDER' starts a talk there, "
              f"'{prog} --talk FOLDER' builds one elsewhere", file=sys.stderr)
        return 1
    from deck.problems import TalkError
    from deck import pipeline
    from deck.chromium import BrowserError
    from deck.files import OutputsFailed

    if args.command == "schema":
        from deck.model import json_schema

        (args.talk.resolve().parent / "talk.schema.json").write_text(json_schema(), encoding="utf-8")
        return 0
    if args.command == "serve":  # handles the talk's mistakes itself: it keeps serving while they are fixed
        from deck import serve

        return serve.serve(args.talk, args.out, args.port, args.debug, remote=args.remote,  # without --out: a temporary folder
                           own_templates=not args.engine_templates, edition=args.edition)
    interrupted = _note_interrupts()
    if args.command in ("pdf", "pptx", "sheet", "pack") or (args.command == "build" and not args.no_pdf):
        from deck.chromium import start_ahead

        start_ahead()  # the browser starts while the talk is loaded and rendered
    try:
        if args.command == "site":
            return site(args)
        deck = pipeline.load(args.talk, own_templates=not args.engine_templates, edition=args.edition,
                             every_edition=args.command == "check")
        for warning in deck.warnings:
            print(warning, file=sys.stderr)
        if args.command == "check":
            return check(deck, args)
        if args.command == "stats":
            from deck.problems import printable_lines  # names from the talk's files: no terminal escapes

            print(printable_lines(pipeline.stats_table(deck)))
            print()
            print(printable_lines(pipeline.rehearsal_table(deck, args.rehearsal, args.plot)))
            return 0
        out = args.out or default_out(args.talk, args.edition)
        if args.command in ("pdf", "pptx"):
            for path in pipeline.build_pdfs(deck, out, paper=args.paper, pdfs=args.command == "pdf",
                                            pptx=args.command == "pptx"):
                print(f"wrote {path}", file=sys.stderr)
            return 0
        if args.command == "pack":
            return pack(deck, args)
        if args.command == "sheet":
            print(f"photographed {pipeline.build_contact_sheet(deck, out, args.slides)}", file=sys.stderr)
            return 0
        written = pipeline.build(deck, out, pdf=not args.no_pdf, paper=args.paper)
        print(f"built {slide_count(deck)} into {written}", file=sys.stderr)
        return 0
    except KeyboardInterrupt:  # Ctrl+C: the staging folder is gone, the browser closed
        print("interrupted; nothing was written, dist/ is left as it was", file=sys.stderr)
        return 130
    except OutputsFailed as error:  # one output's failure is not everyone's: the others are written
        for failure in error.failures:
            if args.debug:
                import traceback

                traceback.print_exception(failure.error, file=sys.stderr)
            print(f"error: {failure}", file=sys.stderr)
        count = len(error.failures)
        print(f"{count} output{'s' if count != 1 else ''} not made; the others were written to {error.folder}",
              file=sys.stderr)
        return 1
    except BrowserError as error:  # the environment, not the talk: say what to install
        try:
            import time

            time.sleep(0.5)  # a Ctrl+C that stopped the browser first reaches this process meanwhile
        except KeyboardInterrupt:
            interrupted.append(2)
        if interrupted:  # Ctrl+C reached the browser before this process: it was the stop, not a failure
            print("interrupted; nothing was written, dist/ is left as it was", file=sys.stderr)
            return 130
        if args.debug:
            raise
        print(f"error: {error}", file=sys.stderr)
        print("the PDFs were not printed; " + ("no pack was written" if args.command == "pack" else
                                               "dist/ is left as it was"), file=sys.stderr)
        return 1
    except TalkError as error:
        if args.debug:
            raise
        for problem in error.problems:
            print(problem, file=sys.stderr)
        count = len(error.problems)
        print(f"{count} problem{'s' if count != 1 else ''}; nothing was written", file=sys.stderr)
        return 1


def default_out(talk: Path, edition: str | None) -> Path:
    """dist/ beside the talk; an edition's outputs go beside it into dist-NAME/, so building one
    never replaces another's."""
    return talk.resolve().parent / ("dist" if edition is None else f"dist-{edition}")


def check(deck, args) -> int:
    """Validation's warnings are printed already; then the last rehearsal against the talk's minutes,
    the organiser's deadline, and the layout, measured in Chromium where one is found: what the PDFs
    would cut off, notes too long for the handout, type under the organiser's smallest size and
    content in their caption band. A talk's own templates are never run here: a stranger's folder is checked
    before anything of it runs. --no-pdf leaves the layout out: no browser starts. Without
    --edition, every edition of the talk is checked after it, each with its own warnings."""
    status = check_one(deck, args, len(deck.warnings))
    for edition in (deck.editions.values() if args.edition is None else ()):
        own = [warning for warning in edition.warnings if warning not in deck.warnings]
        for warning in own:
            print(warning, file=sys.stderr)
        status = max(status, check_one(edition, args, len(own)))
    return status


def check_one(deck, args, warnings: int) -> int:
    """One edition's check (the full talk's too), after its validation warnings were printed."""
    from deck.files import REHEARSALS
    from deck.rules import deadline_warning
    from deck.site import published_warning

    overrun = None
    # No rehearsals/ (most talks): no run to compare, and the run files' checker (pydantic) not loaded.
    if os.path.lexists(deck.root / REHEARSALS):  # a folder, or a link the rehearsal code refuses
        from deck import rehearsal

        overrun = rehearsal.overrun_warning(deck)  # the last complete rehearsal ran past the talk's minutes
    # the QR code may not open the site's page (said once, for the full talk: the editions share it)
    published = published_warning(args.talk, deck) if deck.edition is None else None
    deadline = deadline_warning(deck) if deck.edition is None else None  # the days left to upload
    for warning in filter(None, (overrun, published, deadline)):
        print(warning, file=sys.stderr)
        warnings += 1
    if args.no_pdf:  # the layout is measured in a browser, which --no-pdf does not start
        print("layout not measured (--no-pdf): check without it measures what the PDFs would cut off",
              file=sys.stderr)
    else:
        warnings += layout_warnings(deck, args.paper, args.prog)
    edition = f" (edition {deck.edition.name})" if deck.edition is not None else ""
    print(f"{args.talk.name}{edition}: {slide_count(deck)}, {deck.planned_minutes:g} planned minutes, "
          f"{warnings} warnings", file=sys.stderr)
    return 0


def layout_warnings(deck, paper: str | None, prog: str) -> int:
    """check's layout, measured in Chromium where one is found, its warnings printed: how many."""
    from deck import pipeline
    from deck.chromium import ChromiumNotFound

    if deck.templates is not None:  # check runs nothing of the talk's: its templates are code
        import dataclasses

        print(f"layout measured with the engine's templates: check does not run this talk's own ({prog} "
              "does, and prints the same warnings for them)", file=sys.stderr)
        deck = dataclasses.replace(deck, own_templates=False)
    try:
        layout = pipeline.measure_layout(deck, paper)
    except ChromiumNotFound as error:
        print(f"layout not measured: {error}", file=sys.stderr)
        return 0
    for warning in layout:
        print(warning, file=sys.stderr)
    return len(layout)


def pack(deck, args) -> int:
    """pack: the organiser's files in one folder and one zip (deck/pack.py); what is in it, then
    each rule the talk does not meet, located."""
    from deck.pack import MB, default_out, pack as write_pack
    from deck.rules import deadline_warning

    packed = write_pack(deck, args.out or default_out(args.talk, args.edition), paper=args.paper)
    print(f"packed into {packed.folder.parent}:", file=sys.stderr)
    for name, size in [*packed.files, (packed.zip.name, packed.zip.stat().st_size)]:
        print(f"  {name}  {size / MB:.2f} MB", file=sys.stderr)
    unmet = [*packed.unmet, *filter(None, [deadline_warning(deck)])]
    for problem in unmet:
        print(problem, file=sys.stderr)
    print(f"{len(unmet)} rule{'s' if len(unmet) != 1 else ''} to look at", file=sys.stderr)
    return 0


def site(args) -> int:
    """site: every --talk's build, page and social card in one static folder (deck/site.py)."""
    from deck import pipeline
    from deck.problems import TalkError
    from deck.site import build_site, default_out as site_out, published_warning, shown_from_here

    decks, problems = [], []
    for talk in args.talks:  # every talk's mistakes at once; with several, each names its folder
        def shown(problem, root=talk.resolve().parent):
            return shown_from_here(problem, root) if len(args.talks) > 1 else problem

        try:
            deck = pipeline.load(talk, own_templates=not args.engine_templates, edition=args.edition,
                                 every_edition=True)
        except TalkError as error:
            problems += [shown(problem) for problem in error.problems]
            continue
        for warning in filter(None, (*deck.warnings, published_warning(talk, deck))):
            print(shown(warning), file=sys.stderr)
        decks.append(deck)
    if problems:
        raise TalkError(problems)
    out = args.out or site_out(args.talks[0], args.edition)
    written = build_site(args.talks, decks, out, paper=args.paper, in_new_dist=args.out is None)
    print(f"built the site of {len(decks)} talk{'s' if len(decks) != 1 else ''} into {written}: "
          f"copy it to the address in links.slides", file=sys.stderr)
    return 0


def new(folder: Path | None, language: str, prog: str, model: str = "plain") -> int:
    """new PATH: a talk folder that builds as it is, with TODOs to fill in."""
    from deck.new import NewTalkError, new_talk

    if folder is None:
        print(f"{prog} new needs a folder: {prog} new ../my-next-talk", file=sys.stderr)
        return 2
    try:
        new_talk(folder, language, model)
    except NewTalkError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    talk = folder / "talk.yaml"
    print(f"wrote {folder}: talk.yaml, slides/first.md, an empty static/ and the schema for your editor\n"
          f"next: fill in the TODOs ({prog} check --talk {talk} lists them), then "
          f"{prog} --talk {talk}", file=sys.stderr)
    return 0


def import_deck(deck: Path | None, folder: Path | None, prog: str) -> int:
    """import DECK --out FOLDER: the deck as a talk folder; what could not be kept, located in the deck."""
    from deck.importer import DeckImportError, import_deck as write_folder
    from deck.problems import printable  # the deck's words: no terminal escapes

    if deck is None or folder is None:
        print(f"{prog} import needs a deck and a folder: {prog} import talk.md --out ../my-talk", file=sys.stderr)
        return 2
    try:
        written, report, form = write_folder(deck, folder)
    except DeckImportError as error:  # located: file:line:column first, as check's problems are
        print(printable(str(error) if error.located else f"error: {error}"), file=sys.stderr)
        return 1
    for line in report:
        print(printable(line), file=sys.stderr)
    slides = sum(1 for path in written if path.parent.name == "slides")
    print(f"imported {slides} slides from a {form} deck into {folder} ({len(report)} things not kept as they were)\n"
          f"next: {prog} check --talk {folder / 'talk.yaml'}, then {prog} --talk {folder / 'talk.yaml'}",
          file=sys.stderr)
    return 0


def run() -> None:
    """The installed `deck` command (a console script), and `python -m deck`."""
    raise SystemExit(main())
