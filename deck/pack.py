"""build.py pack: what the organiser asked for, named their way, in one folder and one zip.

The formats the rules list (event.rules.formats; all four without the rule), each file named by
event.rules.file_name and made safe for any file system (deck/rules.py), each within
event.rules.max_file_mb, with cfp.md and, beside the PowerPoint file, its typeface as TrueType.
Everything is made in a staging folder and swapped in whole, as dist/ is: a file over the limit or a
format that cannot be made is a located error, and no pack is half written.
"""
from __future__ import annotations

import shutil
import zipfile
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

from . import export
from .files import PACK, Failure, OutputsFailed, source_epoch
from .problems import Problem, TalkError
from .rules import file_stem, rules_of
from .validate import Deck

FORMATS = ("pdf", "handout", "pptx", "html")
MB = 1_000_000  # the organiser's megabyte, as upload forms count it
WORK = ".work"  # the build the pack's files are taken from, inside the staging folder


@dataclass
class Packed:
    """What `pack` wrote: the folder, the zip, each file of the pack and its size, the rules not met."""

    folder: Path
    zip: Path
    files: list[tuple[str, int]]
    unmet: list[Problem]


def default_out(talk_path: Path, edition: str | None = None) -> Path:
    """pack/ beside talk.yaml (an edition's: pack-NAME/): not in dist/, which the next build replaces whole."""
    return talk_path.resolve().parent / ("pack" if edition is None else f"pack-{edition}")


def formats(deck: Deck) -> tuple[str, ...]:
    rules = rules_of(deck.talk)
    return tuple(rules.formats) if rules is not None and rules.formats else FORMATS


def pack(deck: Deck, out: Path, *, paper: str | None = None, progress=None) -> Packed:
    """Build what the rules ask for and write it into out/<stem>/ and out/<stem>.zip in one swap."""
    from . import pipeline
    from . import write as write_stage
    from .handout import file_name as handout_name
    from .pdf import slides_name
    from .pptx import file_name as pptx_name

    wanted = formats(deck)
    stem = file_stem(deck.talk, export.slug(deck.talk.title))
    unmet: list[Problem] = []
    outputs, files = pipeline.render_with_assets(deck, out, kind=PACK)  # refuses an out/ the pack must not replace
    with pipeline.output_errors(), write_stage.building(out, PACK) as staging:
        work = staging / WORK
        single = f"{export.slug(deck.talk.title)}.html"
        if "html" in wanted:
            outputs[single] = pipeline.single_file(outputs["index.html"], files)
        write_stage.write_files(work, outputs, files)
        failed: list[Failure] = []
        if {"pdf", "handout", "pptx"} & set(wanted):
            pipeline.print_in_browser(deck, work, failed, paper=paper, pdfs=bool({"pdf", "handout"} & set(wanted)),
                                      pptx="pptx" in wanted, on_warning=unmet.append, progress=progress)
        if failed:  # a format it cannot make: nothing is swapped in
            raise OutputsFailed(failed, out)
        made = {"pdf": (slides_name(deck), f"{stem}.pdf"), "handout": (handout_name(deck), f"{stem}-handout.pdf"),
                "pptx": (pptx_name(deck), f"{stem}.pptx"), "html": (single, f"{stem}.html")}
        folder = staging / stem
        folder.mkdir()
        for name in wanted:
            built, named = made[name]
            shutil.move(work / built, folder / named)
        shutil.move(work / "cfp.md", folder / f"{stem}-cfp.md")
        if "pptx" in wanted:  # the PowerPoint file names its typeface: the venue laptop installs these
            fonts = folder / "fonts"
            fonts.mkdir()
            for font in sorted((work / "fonts").glob("*.ttf")):
                shutil.move(font, fonts / font.name)
        shutil.rmtree(work)
        listed = [(path.relative_to(staging).as_posix(), path.stat().st_size)
                  for path in sorted(folder.rglob("*")) if path.is_file()]
        too_large = _over_limit(deck, listed)
        if too_large:
            raise TalkError(too_large)
        archive = staging / f"{stem}.zip"
        _zip(folder, archive)
        write_stage.swap_in(staging, out)
    return Packed(out / stem, out / f"{stem}.zip", listed, unmet)


def _over_limit(deck: Deck, listed: list[tuple[str, int]]) -> list[Problem]:
    """Each file larger than the organiser takes, at the rule's line."""
    rules = rules_of(deck.talk)
    if rules is None or rules.max_file_mb is None:
        return []
    at = deck.rule_places["max_file_mb"]
    return [replace(at, warning=False, message=f"{name} is {size / MB:.2f} MB; the organiser takes files of at "
                                               f"most {rules.max_file_mb:g} MB")
            for name, size in listed if size > rules.max_file_mb * MB]


def _zip(folder: Path, archive: Path) -> None:
    """The folder as one zip, its members in order and dated by the build's date: the same talk
    makes the same bytes."""
    stamp = datetime.fromtimestamp(max(source_epoch(), 315_532_800), tz=timezone.utc).timetuple()[:6]  # zip: 1980+
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as target:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                info = zipfile.ZipInfo(path.relative_to(folder.parent).as_posix(), date_time=stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                target.writestr(info, path.read_bytes())
