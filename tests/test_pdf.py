"""The PDFs as an organiser gets them, read back with pypdf: a page per slide, every title in the
text, fonts embedded, tagged, bookmarks per section, links kept; the handout holds each slide with
its whole script on A4 or Letter; two builds are byte-identical; a missing browser is a clear
message and costs nothing."""
from __future__ import annotations

import functools
import hashlib
import html
import io
import os
import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import ROOT, modules_loaded_by_a_build, pdf_texts, run_build
from deck.notes import readers_text
from deck.pdf_file import finish


@pytest.fixture(scope="module")
def slides_pdf(built_file) -> Path:
    return built_file(".pdf")


@pytest.fixture(scope="module")
def handout_pdf(built_file) -> Path:
    return built_file("-handout.pdf")


def flat(text: str) -> str:
    """Text compared without white space: PDF extraction breaks lines where the layout did."""
    return re.sub(r"\s+", "", text.replace("\u2019", "'").replace("\u2018", "'"))


def test_one_page_per_slide_with_every_title(slides_pdf, deck):
    texts = flat_texts(slides_pdf)
    assert len(texts) == len(deck.slides)
    for text, slide in zip(texts, deck.slides):
        # An anti-pattern said at work is titled with its name (its claim goes to readers, not the room).
        assert flat(slide.subject.name if slide.quoted else slide.title) in text, slide.anchor


def test_slides_are_16_by_9_and_the_handout_a4_portrait(slides_pdf, handout_pdf):
    for page in PdfReader(slides_pdf).pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width / height - 16 / 9) < 1e-3 and width >= 1000
    for page in PdfReader(handout_pdf).pages:  # 210 x 297 mm in points
        assert abs(float(page.mediabox.width) - 595.3) < 1 and abs(float(page.mediabox.height) - 841.9) < 1


def fonts_of(reader: PdfReader) -> dict[str, object]:
    """Every font used on any page, by name, with its descriptor (CID fonts through their descendant)."""
    found = {}
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get_object().get("/Font") or {}).values():
            font = font.get_object()
            described = font
            if font.get("/Subtype") == "/Type0":
                described = font["/DescendantFonts"][0].get_object()
            found[str(font.get("/BaseFont"))] = described.get("/FontDescriptor")
    return found


def test_every_font_is_embedded(slides_pdf, handout_pdf):
    for path in (slides_pdf, handout_pdf):
        fonts = fonts_of(PdfReader(path))
        assert any("Atkinson" in name for name in fonts)
        for name, descriptor in fonts.items():
            assert descriptor is not None, name  # Type 3 fonts (drawn glyphs) would have none: none expected
            descriptor = descriptor.get_object()
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), name


def test_tagged_with_language_and_title_shown(slides_pdf, handout_pdf, deck):
    for path in (slides_pdf, handout_pdf):
        root = PdfReader(path).trailer["/Root"]
        assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 - a pypdf BooleanObject
        structure = root["/StructTreeRoot"].get_object()
        assert structure.get("/K") is not None and "/ParentTree" in structure
        assert root["/Lang"] == deck.talk.language
        assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712


def test_metadata_from_talk_yaml(slides_pdf, handout_pdf, deck):
    talk = deck.talk
    for path in (slides_pdf, handout_pdf):
        meta = PdfReader(path).metadata
        assert meta.title == talk.title
        assert meta.author == talk.speaker.name
        assert meta.subject == " ".join(talk.summary.split())
        assert talk.patterns[0].name in meta["/Keywords"] and talk.anti_patterns[0].name in meta["/Keywords"]
        assert meta["/CreationDate"] == meta["/ModDate"] == "D:20000101000000Z"  # no SOURCE_DATE_EPOCH set


def test_source_date_epoch_sets_the_dates_and_keeps_the_tagging(slides_pdf, deck, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    data = finish(deck, slides_pdf.read_bytes(), ["slide"] * len(deck.slides), "file:///elsewhere/index.html")
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata["/CreationDate"] == reader.metadata["/ModDate"] == "D:20231114221320Z"
    assert reader.trailer["/ID"][0] != PdfReader(slides_pdf).trailer["/ID"][0]  # other bytes, other /ID
    assert "/StructTreeRoot" in reader.trailer["/Root"] and len(reader.pages) == len(deck.slides)



def test_the_id_is_the_digest_of_the_document_itself(slides_pdf, handout_pdf):
    # Written once by pikepdf: the /ID is the MD5 of the very bytes shipped, with sixteen zero bytes
    # where the /ID stands, both halves equal, and the file still reads (its offsets unmoved).
    for pdf in (slides_pdf, handout_pdf):
        data = pdf.read_bytes()
        reader = PdfReader(io.BytesIO(data), strict=True)
        first, second = (getattr(half, "original_bytes", half) for half in reader.trailer["/ID"])
        assert first == second and len(first) == 16, pdf.name
        blank = data.replace(b"<" + first.hex().encode() + b">", b"<" + b"00" * 16 + b">")
        assert hashlib.md5(blank).digest() == first, pdf.name
        assert len(reader.pages) > 1 and reader.pages[-1].extract_text(), pdf.name

@functools.cache
def flat_texts(pdf: Path) -> tuple[str, ...]:
    """Each page's text, flattened: read once a run for each PDF (extracting a hundred pages' text
    takes seconds), however many tests read it."""
    return tuple(flat(text) for text in pdf_texts(pdf))


def handout_pages(handout: Path, deck) -> dict[str, list[int]]:
    """Each slide's handout pages, found by the words printed on them: its own page says 'Slide N
    of M' and the title; any that follow say the title again, '(continued)'."""
    found: dict[str, list[int]] = {}
    texts = flat_texts(handout)
    total = sum(not slide.on_request for slide in deck.slides)  # the deck's count, everywhere
    for slide in deck.slides:
        kicker = flat("Shown on request" if slide.on_request else f"Slide {slide.number} of {total} ·").lower()
        first = [n for n, text in enumerate(texts) if kicker in text.lower() and flat(slide.title) in text
                 and flat(f"{slide.title} (continued)") not in text]
        assert len(first) == 1, (slide.anchor, first)
        pages = first
        while pages[-1] + 1 < len(texts) and flat(f"{slide.title} (continued)") in texts[pages[-1] + 1]:
            pages = pages + [pages[-1] + 1]
        found[slide.anchor] = pages
    return found


def test_outline_has_each_section_with_its_slides(slides_pdf, handout_pdf, deck):
    for path in (slides_pdf, handout_pdf):
        reader = PdfReader(path)
        outline = reader.outline
        sections = [item for item in outline if not isinstance(item, list)]
        children = [item for item in outline if isinstance(item, list)]
        titles = [section.title for section in deck.talk.outline]
        if path == handout_pdf:  # the cover first, then the sections
            assert sections[0].title == "About this talk" and reader.get_destination_page_number(sections[0]) == 0
            sections = sections[1:]
        assert [item.title for item in sections] == titles
        first_page = ({slide.anchor: number for number, slide in enumerate(deck.slides)} if path == slides_pdf
                      else {anchor: pages[0] for anchor, pages in handout_pages(path, deck).items()})
        for section, section_slides in zip(deck.talk.outline, children):
            shown = [slide for slide in deck.slides if slide.section.id == section.id]
            assert [item.title for item in section_slides] == [slide.title for slide in shown]
            for item, slide in zip(section_slides, shown):
                assert reader.get_destination_page_number(item) == first_page[slide.anchor]


def links_of(reader: PdfReader) -> tuple[list[tuple[int, int]], list[str]]:
    """(page, target page) of every in-document link, and every web link's address."""
    internal, external = [], []
    for number, page in enumerate(reader.pages):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            assert annotation["/Subtype"] == "/Link"
            action = annotation.get("/A")
            if action is not None:
                uri = str(action.get_object()["/URI"])
                assert not uri.startswith("file:"), uri  # never the build folder's path
                external.append(uri)
            else:
                target = annotation["/Dest"]
                if isinstance(target, str) or hasattr(target, "startswith"):  # a named destination
                    target = reader.named_destinations[str(target)]
                    internal.append((number, reader.get_destination_page_number(target)))
                else:
                    internal.append((number, reader.get_page_number(target[0].get_object())))
    return internal, external


def test_links_kept_in_deck_and_out(slides_pdf, handout_pdf, deck):
    """The remedy map links each box that has a slide to it: each link lands on that slide's page,
    in the slides PDF and on the handout (where the slide is drawn small, its links still work)."""
    first = next(slide for slide in deck.slides if slide.kind == "diagram" and slide.diagram == "remedy-map")
    for path in (slides_pdf, handout_pdf):
        reader = PdfReader(path)
        page_of = ({slide.anchor: number for number, slide in enumerate(deck.slides)} if path == slides_pdf
                   else {anchor: pages[0] for anchor, pages in handout_pages(path, deck).items()})
        internal, external = links_of(reader)
        assert deck.talk.links.slides in external and deck.talk.links.feedback in external
        from deck.remedies import heavy_remedies

        heavy = heavy_remedies(deck.talk.anti_patterns, {p.id for p in deck.talk.patterns})
        remedies = [page_of[deck.anchor_of(ref)] for ref in heavy if deck.anchor_of(ref)]
        antis = {page_of[deck.anchor_of(a.id)] for a in deck.talk.anti_patterns}
        landed = sorted({target for source, target in internal if source == page_of[first.anchor]})
        assert remedies and set(remedies) <= set(landed) <= set(remedies) | antis, path.name


def test_handout_cover_says_what_the_programme_says(handout_pdf, deck):
    talk = deck.talk
    cover = flat_texts(handout_pdf)[0]
    for text in (talk.title, talk.speaker.name, talk.event.name, talk.abstract.split("\n")[0], "Takeaways",
                 "Outline", talk.takeaways[0].text, talk.outline[0].title, f"{talk.slot_minutes}-minute slot"):
        assert flat(text).lower() in cover.lower(), text


def test_handout_gives_each_slide_its_page_and_all_its_notes(handout_pdf, deck):
    """Each slide on a page of its own, with its number and title; all of its notes, word for word,
    on that page and any 'continued' pages after it; the pages in the deck's order after the cover."""
    pages = handout_pages(handout_pdf, deck)
    texts = flat_texts(handout_pdf)
    total = len(texts)
    cover_pages = min(found[0] for found in pages.values())
    assert [n for slide in deck.slides for n in pages[slide.anchor]] == list(range(cover_pages, total))
    for slide in deck.slides:
        text = ""
        for n in pages[slide.anchor]:
            # Up to the folio: the slide drawn small may be extracted after it, between two pages of notes.
            page = texts[n].split(flat(f"{deck.talk.title}{n + 1}/{total}"))[0]
            counted = sum(not other.on_request for other in deck.slides)
            kicker = "Shown on request" if slide.on_request else f"Slide {slide.number} of {counted}"
            label = kicker if slide.section.title.lower() == kicker.lower() else f"{kicker} · {slide.section.title}"
            page = re.sub(re.escape(flat(label)), "", page, count=1, flags=re.IGNORECASE)
            page = page.replace(flat(f"{slide.title} (continued)"), "", 1)
            text += page
        assert flat(readers_text(slide)) in text, slide.anchor  # the reader's copy


def test_no_handout_page_names_a_thing_twice_in_its_label(handout_pdf, deck):
    """A page's label says each thing once: a slide shown on request in the part of that name is
    labelled "Shown on request", not "Shown on request · Shown on request" (which reads as a glitch)."""
    labels = [line for text in pdf_texts(handout_pdf) for line in text.splitlines() if " · " in line]
    assert any("shown on request" in line.lower() for line in labels), labels  # the pages are there
    for line in labels:
        parts = [part.strip().lower() for part in line.split(" · ")]
        assert all(a != b for a, b in zip(parts, parts[1:])), line


def test_pdf_command_reprints_only_the_pdfs_byte_identical(slides_pdf, handout_pdf, tmp_path):
    """Another folder, another staging path, another run: the same bytes; the rest of dist/ untouched."""
    out = tmp_path / "dist"
    assert run_build("--out", str(out)).returncode == 0
    assert list(out.glob("*.pdf")) == []  # --no-pdf
    index = out / "index.html"
    before = (index.read_bytes(), index.stat().st_mtime_ns)
    result = run_build("pdf", "--out", str(out))
    assert result.returncode == 0, result.stderr
    for built in (slides_pdf, handout_pdf):
        assert (out / built.name).read_bytes() == built.read_bytes(), built.name
    # The PDFs alone: no contact sheet photographed on the way (that is `build` and `sheet`)
    assert sorted(p.name for p in out.iterdir() if p.suffix in (".pdf", ".png", ".pptx")) == \
        sorted([slides_pdf.name, handout_pdf.name])
    assert (index.read_bytes(), index.stat().st_mtime_ns) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".dist")] == []


def test_pdf_and_sheet_commands_take_an_out_folder_relative_to_the_working_folder(talk_dir):
    """`--out printed` from the talk's folder: the PDFs and the contact sheet are made there, as
    with an absolute path (the browser is handed file: addresses, which need one)."""
    shutil.copytree(ROOT / "static", talk_dir / "static")
    for command in ("pdf", "pdf", "sheet"):  # everything first, then the PDFs alone, then the sheet alone
        result = run_build("--talk", "talk.yaml", command, "--out", "printed", cwd=talk_dir)
        assert result.returncode == 0, result.stderr
    assert len(PdfReader(talk_dir / "printed" / "a-small-talk.pdf").pages) == 4
    assert len(PdfReader(talk_dir / "printed" / "a-small-talk-handout.pdf").pages) == 5
    assert (talk_dir / "printed" / "contact-sheet.png").stat().st_size > 0


def test_pdf_command_with_no_previous_build_builds_everything(talk_dir):
    shutil.copytree(ROOT / "static", talk_dir / "static")  # the talk's theme and deck scripts
    result = run_build("--talk", str(talk_dir / "talk.yaml"), "pdf")
    assert result.returncode == 0, result.stderr
    dist = talk_dir / "dist"
    assert (dist / "index.html").is_file() and (dist / "a-small-talk.html").is_file()
    assert len(PdfReader(dist / "a-small-talk.pdf").pages) == 4
    assert len(PdfReader(dist / "a-small-talk-handout.pdf").pages) == 5  # the cover and a page per slide
    assert (dist / "a-small-talk.pptx").is_file()
    assert run_build("--talk", str(talk_dir / "talk.yaml")).returncode == 0  # a folder the next build replaces


def test_no_chromium_is_a_clear_error_and_dist_survives(talk_dir):
    assert run_build("--talk", str(talk_dir / "talk.yaml")).returncode == 0
    before = {path.name: path.read_bytes() for path in (talk_dir / "dist").iterdir() if path.is_file()}
    environment = {key: value for key, value in os.environ.items() if key != "CHROME"}
    environment["PATH"] = str(talk_dir / "no-browsers-here")
    result = run_build("--talk", str(talk_dir / "talk.yaml"), pdf=True, env=environment)
    assert result.returncode == 1
    assert "no Chromium found to print the PDFs" in result.stderr
    assert "apt-get install chromium" in result.stderr and "--no-pdf" in result.stderr
    assert "Traceback" not in result.stderr
    after = {path.name: path.read_bytes() for path in (talk_dir / "dist").iterdir() if path.is_file()}
    assert after == before
    assert [p.name for p in talk_dir.iterdir() if p.name.startswith(".dist")] == []


def test_chrome_variable_naming_nothing_is_an_error(talk_dir):
    environment = dict(os.environ, CHROME=str(talk_dir / "no-such-chrome"))
    result = run_build("--talk", str(talk_dir / "talk.yaml"), "pdf", env=environment)
    assert result.returncode == 1
    assert f"CHROME is set to '{talk_dir / 'no-such-chrome'}', which is not an executable file" in result.stderr


def test_no_pdf_build_does_not_import_playwright(talk_dir):
    loaded = modules_loaded_by_a_build(talk_dir / "talk.yaml")
    assert {"playwright", "pypdf", "pikepdf"} & loaded == set()
    assert (talk_dir / "dist" / "index.html").is_file() and list((talk_dir / "dist").glob("*.pdf")) == []


def test_the_slides_pdf_is_the_deck_as_projected(slides_pdf, deck):
    """What only a reader needs (takeaway badges, the recap's slide numbers, each work's full title
    after its credit) stays in the reading view: the slides PDF prints what the room saw."""
    pages = pdf_texts(slides_pdf)
    takeaways = deck.talk.takeaways
    for slide, text in zip(deck.slides, pages):
        if slide.delivers:
            badge = deck.labels("takeaway_badge", n=takeaways.index(slide.delivers) + 1, total=len(takeaways),
                                short=slide.delivers.short)
            assert flat(badge) not in flat(text), slide.anchor
    recap = pages[[slide.anchor for slide in deck.slides].index("recap")]
    assert not re.search(r"\bslides? \d", recap, re.I)  # "Slides 5, 6": for readers
    closing = pages[[slide.anchor for slide in deck.slides].index("closing")]
    for link in deck.talk.links.more:
        assert flat(link.label) not in flat(closing), link.label


def test_the_recaps_handout_address_prints_whole_under_its_label(built_talk):
    """The printed recap gives the handout's address under its label and code, every part of it on
    the page: an organiser reading the slides PDF can type it (Chromium once printed it a quarter of
    a page lower than the deck showed it, cut off at the page's foot)."""
    from deck.validate import load_deck
    from test_pptx_rendered import placed_words

    deck = load_deck(ROOT / "talk.yaml")
    pdf = next(path for path in built_talk.glob("*.pdf") if not path.name.endswith("-handout.pdf"))
    number = next(slide.number for slide in deck.slides if slide.kind == "recap")
    page = placed_words(pdf)[number - 1]
    label = next(word for word in page if word[4] == "Handout")
    address = deck.talk.links.slides.replace("https://", "")
    lines = [word for word in page if word[4] in address and word[0] >= label[0] - 1 and word[1] > label[1]]
    assert "".join(word[4] for word in sorted(lines, key=lambda word: word[1])) == address, lines
    assert all(word[3] <= 810 - 20 for word in lines), lines  # the page is 810 pt tall
    assert lines[0][1] - label[3] < 20, (label, lines[0])  # right under the label
