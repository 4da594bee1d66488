"""The build's stages joined up: load -> validate -> render -> write, and the stats tables."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from . import export, script
from . import render as render_stage
from . import write as write_stage
from .files import BUILD, EMOJI_FONT, EMOJI_STYLESHEET, Failure, OutputsFailed, making, output_problem, previous_build
from .problems import Problem, TalkError
from .slide_parts import KeptSlides
from .editions import edition_named, notes_problems
from .validate import SPOKEN_WORDS_PER_MINUTE, Deck, load_deck


def load(talk_path: Path, own_templates: bool = True, edition: str | None = None,
         every_edition: bool = False) -> Deck:
    """load + validate: a Deck (with edition: that edition's), or TalkError with every located
    problem (own_templates: see validate). every_edition (check, site): the editions' notes that
    wait for their edition's build (deck/editions.py) are converted now, and what that finds raised."""
    deck = load_deck(talk_path, own_templates)
    if every_edition:
        found = [problem for resolved in deck.editions.values() for problem in notes_problems(resolved)]
        if found:
            raise TalkError(found)
    return deck if edition is None else edition_named(deck, edition, talk_path.name)


def build(deck: Deck, out: Path, *, pdf: bool = False, paper: str | None = None,
          on_warning=None, progress=None) -> Path:
    """render + write: every output into a staging folder that then replaces out/ in one step.

    With pdf, the browser's outputs (the slides PDF, the handout, the PowerPoint file, the contact
    sheet) are made from the staging folder before the swap, so a browser that cannot open the
    deck leaves the previous out/ as it was. One of them that fails is left out while the others
    are written: OutputsFailed then names it, after the swap.
    """
    outputs, files = render_with_assets(deck, out)
    outputs[f"{export.slug(deck.talk.title)}.html"] = single_file(outputs["index.html"], files)
    failed: list[Failure] = []

    def browser_outputs(staging: Path) -> None:
        print_in_browser(deck, staging, failed, paper=paper, pptx=True, on_warning=on_warning, progress=progress)

    write_all(outputs, files, out, before_swap=browser_outputs if pdf else None)
    if failed:
        raise OutputsFailed(failed, out)
    return out


def print_in_browser(deck: Deck, staging: Path, failed: list[Failure], *, paper: str | None = None,
                     pdfs: bool = True, pptx: bool = False, card: bool = False, contact: bool | None = None,
                     on_warning=None, progress=None) -> list[Path]:
    """One browser session over staging/index.html (deck/browser.py) gathers what the outputs need;
    each output's writer writes its file from that as soon as its part is gathered, on a thread of
    its own while the browser goes on: the PDFs and the contact sheet, the PowerPoint file from
    the model with the pictures gathered (with card: the site's social card; contact, as pdfs unless
    said: the contact sheet, which `build.py pdf` does not photograph). Each output that
    cannot be made goes into `failed`, and the files made are returned. Playwright and
    python-pptx are imported only here."""
    from concurrent.futures import ThreadPoolExecutor

    from . import browser
    from .progress import Progress

    progress = progress or Progress()
    writing: dict = {}
    # One writer at a time: the writers are Python (pikepdf, python-pptx, Pillow) and share the
    # interpreter; the browser's own work runs in Chromium's processes meanwhile.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="writer") as writer:
        def ready(part: str, raw: dict) -> None:
            if part in WRITERS and part not in writing:
                writing[part] = writer.submit(_written, deck, staging, part, raw, failed)

        gathered = browser.gather(deck, staging, paper=paper, slides=pdfs, printed_handout=pdfs,
                                  contact=pdfs if contact is None else contact,
                                  pictures=pptx, card=card, progress=progress, ready=ready)
        for part in gathered.raw:  # what the print cache held: no session told of it
            ready(part, gathered.raw)
        failed += gathered.failed
        files: list[Path] = []
        warnings = _warnings(deck, gathered)
        for part in WRITERS:  # in one order, whichever finished first
            if part in writing:
                made, notices = writing[part].result()
                files += made
                warnings += notices
    for warning in warnings:
        (on_warning or _print_warning)(warning)
    return files


# The browser outputs' parts, each with its writer (below): siblings, none importing another.
WRITERS = ("slides", "pictures", "handout", "contact", "card")


def _written(deck: Deck, staging: Path, part: str, raw: dict, failed: list[Failure]) -> tuple[list[Path], list[Problem]]:
    """The file(s) of the output whose part of what the session gathered is `part`, and its notices;
    a writer that fails is a Failure, its output left out."""
    from . import card, contact, handout, pdf

    if part == "pictures":
        from . import pptx

        name = pptx.file_name(deck)
        with making(name, failed, staging / name):
            made = pptx.write(deck, pptx.Pictures.from_raw(raw["pictures"]), staging)
            return [made.path, *made.fonts], made.notices
        return [], []
    name, write = {"slides": (pdf.slides_name(deck), lambda: pdf.write(deck, raw, staging)),
                   "handout": (handout.file_name(deck), lambda: handout.write(deck, raw, staging)),
                   "contact": (contact.NAME, lambda: contact.write(raw, staging)),
                   "card": (card.NAME, lambda: card.write(raw, staging))}[part]
    with making(name, failed, staging / name):
        return [write()], []
    return [], []


def _warnings(deck: Deck, gathered) -> list[Problem]:
    """What the print view measured: content a page cuts off, type the organiser's room rules find too
    small or in the caption band, notes too long for the handout."""
    from . import handout, pdf

    from .rules import room_warnings

    warnings = pdf.overflow_warnings(deck, gathered.raw["overflowing"]) + room_warnings(deck, gathered.raw.get("room", []))
    if "laid" in gathered.raw:
        warnings += handout.warnings(deck, handout.Layout(**gathered.raw["laid"]), gathered.paper)
    return warnings


def _print_warning(problem: Problem) -> None:
    import sys

    print(problem, file=sys.stderr)


def measure_layout(deck: Deck, paper: str | None = None) -> list[Problem]:
    """check's layout warnings: the deck rendered into a temporary folder, laid out in Chromium as
    the PDFs would be (slides that run off their page, notes too long for the handout), nothing printed."""
    import shutil
    import tempfile

    from . import browser

    outputs, files = render_stage.render(deck), assets(deck)
    staging = Path(tempfile.mkdtemp(prefix="deck-check-"))
    try:
        write_stage.write_files(staging, outputs, files)
        gathered = browser.gather(deck, staging, paper=paper, slides=False, printed_handout=False, laid=True)
        return _warnings(deck, gathered)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def write_all(outputs: dict[str, str], files: dict[str, Path], out: Path, before_swap=None,
              kind: str = BUILD) -> None:
    """Outputs and assets into a staging folder, `before_swap(staging)` (the PDFs), then the
    staging folder replaces out/ in one step; on any failure out/ is left as it was."""
    with output_errors(), write_stage.building(out, kind) as staging:
        write_stage.write_files(staging, outputs, files)
        if before_swap is not None:
            before_swap(staging.absolute())  # the browser and the PDFs name its files by file: address
        write_stage.swap_in(staging, out)


@contextmanager
def output_errors():
    """An output folder that cannot be written is reported like the talk's mistakes: located, one line."""
    try:
        yield
    except write_stage.OutputError as error:
        raise TalkError([Problem(str(error.folder), 1, 1, "", error.message)]) from None


def render_with_assets(deck: Deck, out: Path, kind: str = BUILD,
                       kept: KeptSlides | None = None) -> tuple[dict[str, str], dict[str, Path]]:
    """The rendered text outputs and the asset files they need, once out/ is known to be safe."""
    refused = output_problem(out, deck.root, kind)
    if refused:  # the swap replaces out/ whole: never the talk's own folder or sources
        raise TalkError([Problem(str(out), 1, 1, "", f"output folder {refused}")])
    outputs = render_stage.render(deck, kept)
    try:
        files = assets(deck)
    except write_stage.MissingAssets as error:
        raise TalkError([Problem("package.json", 1, 1, "", str(error))]) from None
    return outputs, files


def assets(deck: Deck) -> dict[str, Path]:
    """The files copied into dist/, each picture of a slide among them as validation resolved it;
    the emoji face and its stylesheet only for a deck that shows emoji (5 MB a talk need not carry)."""
    files = write_stage.assets(deck.root)
    emoji_css = files.pop(EMOJI_STYLESHEET, None)
    if deck.shows_emoji and emoji_css is not None:
        files[EMOJI_STYLESHEET] = emoji_css
        files[f"fonts/{EMOJI_FONT.name}"] = EMOJI_FONT
    return {**files, **deck.picture_files}


def build_pdfs(deck: Deck, out: Path, *, paper: str | None = None, pdfs: bool = True, pptx: bool = False,
               on_warning=None, progress=None) -> list[Path]:
    """The browser's outputs alone ('pdf': both PDFs; 'pptx': the PowerPoint file): made from a
    staging render, then each moved into out/ in one rename; OutputsFailed names any not made.

    The rest of out/ is left as it is (it may be older: 'build' refreshes it). With no previous
    build in out/, everything is built: these files alone there would be a folder the next 'build'
    refuses to replace.
    """
    from . import handout, pdf

    if previous_build(out) != BUILD:  # none, or serve's deck alone
        build(deck, out, pdf=True, paper=paper, on_warning=on_warning, progress=progress)
        names = ([pdf.slides_name(deck), handout.file_name(deck)] if pdfs else []) + \
                ([f"{export.slug(deck.talk.title)}.pptx"] if pptx else [])
        return [out / name for name in names]
    return _made_from_staging(deck, out, lambda staging, failed: print_in_browser(
        deck, staging, failed, paper=paper, pdfs=pdfs, pptx=pptx, contact=False, on_warning=on_warning,
        progress=progress))


def build_contact_sheet(deck: Deck, out: Path, slides_folder: Path | None = None) -> Path:
    """dist/contact-sheet.png alone, photographed from a staging render; the rest of out/ is left as it is."""
    from .contact import write_contact_sheet

    (sheet,) = _made_from_staging(deck, out, lambda staging, failed: [write_contact_sheet(staging, len(deck.slides),
                                                                                           slides_folder)])
    return sheet


def _made_from_staging(deck: Deck, out: Path, make) -> list[Path]:
    """Files `make(staging, failed)` makes from a staging render, each then moved into out/ by one
    rename (out/ is made, and marked as a build's, when it is new); OutputsFailed after that names
    each output `make` could not make."""
    outputs, files = render_with_assets(deck, out)
    failed: list[Failure] = []
    with output_errors(), write_stage.building(out) as staging:
        staging = staging.absolute()  # the browser and the PDFs name its files by file: address
        write_stage.write_files(staging, outputs, files)
        made = make(staging, failed)
        write_stage.mark(out)
        for path in made:  # the PowerPoint file's fonts into fonts/, as the full build writes them
            (out / path.relative_to(staging)).parent.mkdir(parents=True, exist_ok=True)
            path.replace(out / path.relative_to(staging))
    if failed:
        raise OutputsFailed(failed, out)
    return [out / path.relative_to(staging) for path in made]


def single_file(page: str, files: dict[str, Path]) -> str:
    """The self-contained export (deck/export.py); a page referring to a missing file is located."""
    try:
        return export.single_file(page, files)
    except export.ExportError as error:
        raise TalkError([Problem("templates/deck.html", 1, 1, "", str(error))]) from None


def stats_table(deck: Deck) -> str:
    """Per section: slides, planned minutes, note words, spoken minutes at 130 words a minute (a story
    prompt that names its seconds counted as those seconds)."""
    talk = deck.talk

    def said(slides) -> float:  # as the planned minutes: a slide shown only on request is not timed
        return sum(script.said_minutes(slide.notes, SPOKEN_WORDS_PER_MINUTE) for slide in slides if not slide.on_request)

    rows = [("Section", "Slides", "Planned min", "Note words", f"Spoken min @{SPOKEN_WORDS_PER_MINUTE}")]
    for section in talk.outline:
        slides = [slide for slide in deck.slides if slide.section is section]
        words = sum(slide.note_words for slide in slides)
        rows.append((section.title, str(len(slides)), f"{sum(s.minutes for s in slides if not s.on_request):g}", str(words),
                     f"{said(slides):.1f}"))
    words = sum(slide.note_words for slide in deck.slides)
    rows.append(("Total", str(len(deck.slides)), f"{deck.planned_minutes:g}", str(words), f"{said(deck.slides):.1f}"))
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]

    def line(row):
        return "  ".join(cell.ljust(widths[0]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(row))

    table = [line(rows[0]), "  ".join("-" * width for width in widths)]
    table += [line(row) for row in rows[1:-1]]
    table += ["  ".join("-" * width for width in widths), line(rows[-1])]
    budget = talk.slot_minutes - talk.questions_minutes
    verdict = "fits" if deck.planned_minutes <= budget else "OVER"
    table.append(f"\nSlot: {talk.slot_minutes} min = {budget} min talk + {talk.questions_minutes} min questions; "
                 f"planned {deck.planned_minutes:g} min ({verdict})")
    cuttable = [slide for slide in deck.slides if slide.cut]
    if cuttable:  # what the speaker wins back when the clock runs short, slide by slide
        table.append(f"Cuttable: {script.cuttable_minutes(deck.slides):g} min in {len(cuttable)} slides ("
                     + ", ".join(f"{slide.number} {slide.anchor} {slide.cut:g}" for slide in cuttable) + ")")
    return "\n".join(table)


def rehearsal_table(deck: Deck, chosen: Path | None = None, plot: Path | None = None) -> str:
    """stats' second part: the rehearsals against the plan (deck/rehearsal.py), and the plot if asked."""
    from . import rehearsal

    runs = rehearsal.load_runs(deck.root, rehearsal.edition_of(deck))
    run = rehearsal.choose(deck.root, runs, chosen) if chosen is not None else None
    comparison = rehearsal.compare(deck, runs, run)
    text = rehearsal.table(comparison, deck.root)
    if plot is not None:
        if comparison.chosen is None:
            raise TalkError([Problem(str(plot), 1, 1, "", "nothing to plot: no complete rehearsal yet "
                                                          "(pick a partial one with --rehearsal FILE)")])
        from .plot import write_plot

        text += f"\nplotted {write_plot(comparison, plot)}"
    return text
