"""Reproducible: the same sources give the same bytes, so a reviewer can tell whether anything changed.

Two builds of the real talk - the session's own, and one from a copy in another folder, with newer
file times, in another process with another hash seed, time zone and locale - write
byte-identical dist/ trees: the deck, the programme text, the single-file export, both PDFs and
the PowerPoint file. Dates in the PDFs come from SOURCE_DATE_EPOCH.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT

EPOCH = 1_700_000_000  # 2023-11-14 22:13:20 UTC


def copy_of_the_talk(folder: Path) -> Path:
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "talk.yaml", folder / "talk.yaml")
    for name in ("slides", "static"):
        shutil.copytree(ROOT / name, folder / name)
    return folder / "talk.yaml"


def build(talk: Path, *options: str, **environment: str) -> Path:
    env = {**os.environ, **environment}
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--talk", str(talk), *options],
                            capture_output=True, text=True, timeout=300, env=env)
    assert result.returncode == 0, result.stderr
    return talk.parent / "dist"


def tree(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def two_builds(built_talk, tmp_path_factory) -> tuple[Path, Path]:
    """The real talk as the session built it (from the project's folder), and
    built again as differently as a second machine would: a copy in another folder, a day newer,
    in another process with another hash seed, time zone and locale, and nothing kept from the first."""
    second = copy_of_the_talk(tmp_path_factory.mktemp("reproducible") / "elsewhere" / "second copy")
    later = time.time() + 86_400
    for path in second.parent.rglob("*"):  # a day newer: file times must not leak into the output
        os.utime(path, (later, later))
    # a cache of its own: the second build prints for itself, not from what the first one kept
    cache = tmp_path_factory.mktemp("second-machine-cache")
    return built_talk, build(second, PYTHONHASHSEED="2", TZ="Asia/Tokyo", LC_ALL="C", XDG_CACHE_HOME=str(cache))


def test_two_builds_are_byte_identical(two_builds):
    one, two = two_builds
    first, second = tree(one), tree(two)
    names = set(first)
    assert {"index.html", "cfp.md"} <= names
    exports = [name for name in names if "/" not in name and name.endswith((".html", ".pdf", ".pptx"))
               and name != "index.html"]
    assert len([name for name in exports if name.endswith(".pdf")]) == 2, exports  # the slides and the handout
    assert len([name for name in exports if name.endswith(".pptx")]) == 1, exports  # the PowerPoint file
    assert len([name for name in exports if name.endswith(".html")]) == 1, exports  # the single-file export
    differing = sorted(name for name in names | set(second) if first.get(name) != second.get(name))
    if "contact-sheet.png" in differing:  # a picture for the eye: the same picture is enough
        differing.remove("contact-sheet.png")
        assert the_same_picture(one / "contact-sheet.png", two / "contact-sheet.png")
    assert differing == []


def the_same_picture(one: Path, two: Path) -> bool:
    """Whether two PNGs show the same picture to the eye. The contact sheet's thumbnails are painted
    at a fifth of a slide's size, where a glyph's or a long bar's edge can come out a few levels
    lighter in one build than in another (Chromium's rasteriser; the ranked list's bars, ~150 pixels
    along their edges): at most a few hundred pixels of its five million, each by at most a sixth of
    the range. A changed word or slide changes whole glyphs, by far more than a sixth."""
    from PIL import Image, ImageChops

    first, second = Image.open(one).convert("RGB"), Image.open(two).convert("RGB")
    if first.size != second.size:
        return False
    difference = ImageChops.difference(first, second).convert("L")
    histogram = difference.histogram()
    return sum(histogram[1:]) <= 300 and sum(histogram[43:]) == 0


def test_the_pdfs_tags_are_numbered_in_order_not_by_the_browsers_page_nodes(built_talk):
    """Chromium names each tag after its page node's number, which a busy machine can shift by one
    between two builds; the finished PDFs number their tags 1, 2, 3... in order, and a table cell's
    header reference still names a tag that exists."""
    import pikepdf

    for pdf_path in sorted(built_talk.glob("*.pdf")):
        pdf = pikepdf.open(pdf_path)
        ids = sorted(str(element.ID) for element in pdf.objects
                     if isinstance(element, pikepdf.Dictionary) and element.get("/Type") == "/StructElem" and "/ID" in element)
        assert ids and ids == [f"node{rank:08d}" for rank in range(1, len(ids) + 1)], (pdf_path.name, ids[:3])
        headers = {str(name) for element in pdf.objects if isinstance(element, pikepdf.Dictionary)
                   for owner in ([element.get("/A")] if isinstance(element.get("/A"), pikepdf.Dictionary)
                                 else list(element.get("/A") or []) if isinstance(element.get("/A"), pikepdf.Array) else [])
                   if isinstance(owner, pikepdf.Dictionary) and "/Headers" in owner for name in owner.Headers}
        assert headers <= set(ids), (pdf_path.name, sorted(headers - set(ids))[:3])


def test_pdf_dates_come_from_source_date_epoch(talk_dir):
    from pypdf import PdfReader

    dist = build(talk_dir / "talk.yaml", SOURCE_DATE_EPOCH=str(EPOCH))
    pdfs = sorted(dist.glob("*.pdf"))
    assert len(pdfs) == 2, pdfs  # the slides and the handout
    for pdf in pdfs:
        meta = PdfReader(pdf).metadata
        assert meta["/CreationDate"] == meta["/ModDate"] == "D:20231114221320Z", pdf.name


def test_a_changed_source_changes_the_output(tmp_path, two_builds):
    talk = copy_of_the_talk(tmp_path / "changed")
    text = talk.read_text()
    talk.write_text(text.replace("\nsubtitle: ", "\nsubtitle: Revised, ", 1))
    changed = tree(build(talk, "--no-pdf"))
    before = tree(two_builds[0])
    assert changed["cfp.md"] != before["cfp.md"] and changed["index.html"] != before["index.html"]
    assert changed["reveal/reveal.js"] == before["reveal/reveal.js"]
