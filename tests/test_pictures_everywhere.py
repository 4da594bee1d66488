"""Any picture a browser shows, in every output; a picture's path judged once; one output's failure
is not everyone's.

A talk of its own holds a picture of each format (made here with Pillow; the SVG written by hand;
the GIF with two frames), each a colour of its own and named with a space, '&', '#', '?' or 'ü',
and is built whole once. Each picture must show in the presenter deck and the single file (in
Chromium, decoded), in both PDFs (their images, and the SVG's words) and in the PowerPoint file
(its media, decoded, with the alt text). A folder laid out to smuggle a file from outside into the
exports copies nothing; a picture no browser can decode is a located message from `check`; an
output that cannot be made is named while the others are written.
"""
from __future__ import annotations

import base64
import io
import re
import subprocess
import textwrap
from pathlib import Path

import pytest
from PIL import Image

from conftest import MINIMAL_SLIDE, MINIMAL_TALK, pdf_texts, run_build

SIZE = (160, 90)
# file name -> (format, colour, alt text): the colour tells the pictures apart in every output.
PICTURES = {
    "a photo.jpg": ("JPEG", (230, 20, 20), "A red photo"),
    "R&D #1?.png": ("PNG", (20, 160, 20), "A green plan"),
    "two frames.gif": ("GIF", (20, 20, 230), "A blue animation"),
    "über.webp": ("WEBP", (150, 20, 150), "A purple sketch"),
    "sunset.avif": ("AVIF", (250, 160, 20), "An orange sunset"),
    "shape.svg": ("SVG", (0, 128, 128), "A teal shape"),
}
GIF_SECOND_FRAME = (240, 240, 20)  # yellow: never in a still output
SVG = textwrap.dedent("""\
    <?xml version="1.0" encoding="UTF-8"?>
    <svg xmlns="http://www.w3.org/2000/svg" width="160" height="90" viewBox="0 0 160 90">
      <rect width="160" height="90" fill="rgb(0,128,128)"/>
      <text x="12" y="55" font-family="sans-serif" font-size="24" fill="white">Tealshape</text>
    </svg>
    """)
# Written as a speaker would: a space inside <...>, the others percent-encoded or as they are.
WRITTEN = {"a photo.jpg": "<../static/a photo.jpg>", "R&D #1?.png": "../static/R%26D%20%231%3F.png",
           "two frames.gif": "<../static/two frames.gif>", "über.webp": "../static/über.webp",
           "sunset.avif": "../static/sunset.avif", "shape.svg": "../static/shape.svg"}
SLIDES = {"rasters": ["a photo.jpg", "R&D #1?.png", "two frames.gif"],
          "others": ["über.webp", "sunset.avif", "shape.svg"]}


def picture_bytes(format: str, colour: tuple) -> bytes:
    if format == "SVG":
        return SVG.encode()
    out = io.BytesIO()
    if format == "GIF":
        frames = [Image.new("RGB", SIZE, colour), Image.new("RGB", SIZE, GIF_SECOND_FRAME)]
        frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=200, loop=0)
    else:
        Image.new("RGB", SIZE, colour).save(out, format)
    return out.getvalue()


def slide(title: str, body: str) -> str:
    return MINIMAL_SLIDE.replace("title: Intro", f"title: {title}").replace("- one point\n- another point\n", body)


def picture_talk(folder: Path) -> Path:
    """The minimal talk with two Markdown slides of pictures, every picture in static/."""
    (folder / "slides").mkdir(parents=True)
    (folder / "static").mkdir()
    for name, (format, colour, _) in PICTURES.items():
        (folder / "static" / name).write_bytes(picture_bytes(format, colour))
    for anchor, names in SLIDES.items():
        body = "\n\n".join(f"![{PICTURES[name][2]}]({WRITTEN[name]})" for name in names) + "\n"
        (folder / "slides" / f"{anchor}.md").write_text(slide(anchor.title(), body))
    (folder / "slides" / "intro.md").write_text(MINIMAL_SLIDE)
    talk = MINIMAL_TALK.replace("      - file: slides/intro.md\n",
                                "      - file: slides/rasters.md\n      - file: slides/others.md\n")
    assert talk != MINIMAL_TALK
    (folder / "talk.yaml").write_text(talk)
    return folder


def build(folder: Path, *args: str, pdf: bool = True) -> subprocess.CompletedProcess:
    return run_build("--talk", str(folder / "talk.yaml"), *args, pdf=pdf)


@pytest.fixture(scope="module")
def pictures_built(tmp_path_factory) -> Path:
    """The picture talk, built whole once: deck, single file, both PDFs, PowerPoint file."""
    folder = picture_talk(tmp_path_factory.mktemp("pictures"))
    result = build(folder)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return folder / "dist"


def colour_near(found: tuple, wanted: tuple, tolerance: int = 24) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(found[:3], wanted))


def centre(data: bytes) -> tuple:
    with Image.open(io.BytesIO(data)) as image:
        rgb = image.convert("RGB")
        return rgb.getpixel((rgb.width // 2, rgb.height // 4))  # above the SVG's word


def shown_sizes(browser, url: str, anchors) -> dict[str, list[int]]:
    """Each slide's pictures as Chromium decodes them: their natural widths (0: not shown)."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(url)
        page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=15000)
        return {anchor: page.evaluate(
            f"Promise.all([...document.querySelectorAll('#{anchor} img')].map(image => "
            "image.decode().then(() => image.naturalWidth, () => 0)))") for anchor in anchors}
    finally:
        context.close()


# --- any picture, in every output ----------------------------------------------------------------

@pytest.mark.parametrize("output", ["index.html", "a-small-talk.html"])
def test_every_picture_shows_in_the_deck_and_the_single_file(pictures_built, browser, output):
    sizes = shown_sizes(browser, (pictures_built / output).as_uri(), SLIDES)
    assert sizes == {anchor: [SIZE[0]] * len(names) for anchor, names in SLIDES.items()}


def test_the_single_file_holds_every_picture_as_data(pictures_built):
    page = (pictures_built / "a-small-talk.html").read_text()
    sources = re.findall(r'<img alt="([^"]*)" src="([^"]*)"', page)
    assert {alt for alt, _ in sources} == {alt for _, _, alt in PICTURES.values()}
    media = {alt: src.split(";", 1)[0] for alt, src in sources}
    assert media == {"A red photo": "data:image/jpeg", "A green plan": "data:image/png",
                     "A blue animation": "data:image/gif", "A purple sketch": "data:image/webp",
                     "An orange sunset": "data:image/avif", "A teal shape": "data:image/svg+xml"}
    for name, (format, colour, alt) in PICTURES.items():
        src = dict(sources)[alt]
        assert base64.b64decode(src.split(",", 1)[1]) == picture_bytes(format, colour), name


@pytest.mark.parametrize("pdf", ["a-small-talk.pdf", "a-small-talk-handout.pdf"])
def test_every_picture_is_printed_in_both_pdfs(pictures_built, pdf):
    from pypdf import PdfReader

    reader = PdfReader(pictures_built / pdf)
    colours = [centre(_png(image.image)) for page in reader.pages for image in page.images]
    for name, (format, colour, _) in PICTURES.items():
        if format != "SVG":  # the SVG is printed as drawing, its words as text
            assert sum(colour_near(found, colour) for found in colours) == 1, (name, colours)
    assert not any(colour_near(found, GIF_SECOND_FRAME) for found in colours)  # the GIF's first frame
    assert sum("Tealshape" in text for text in pdf_texts(pictures_built / pdf)) == 1


def test_every_picture_is_in_the_powerpoint_file_with_its_alt_text(pictures_built):
    from pptx import Presentation

    presentation = Presentation(pictures_built / "a-small-talk.pptx")
    shown = {}
    for page in presentation.slides:
        for shape in page.shapes:
            if shape.shape_type == 13 and shape.name == "Picture":  # a Markdown slide's picture
                alt = shape._element.nvPicPr.cNvPr.get("descr")
                shown[alt] = (shape.image.content_type, shape.image.blob)
    pictures = {alt: (format, colour) for format, colour, alt in PICTURES.values()}
    assert set(shown) == set(pictures)
    for alt, (format, colour) in pictures.items():
        kind, data = shown[alt]
        assert kind == ("image/jpeg" if format == "JPEG" else "image/png"), alt  # what PowerPoint shows
        assert colour_near(centre(data), colour), (alt, centre(data))
    with Image.open(io.BytesIO(shown["A teal shape"][1])) as svg:  # rasterised by the browser, twice its size
        assert svg.size[0] == 2 * SIZE[0] and abs(svg.size[1] - 2 * SIZE[1]) <= 2


def _png(image) -> bytes:
    out = io.BytesIO()
    image.convert("RGB").save(out, "PNG")
    return out.getvalue()


# --- one path rule: nothing from outside the talk ------------------------------------------------

def test_a_link_named_like_an_address_and_an_attribute_list_copy_nothing_from_outside(tmp_path, browser):
    """Issue 24's attack: `{: data-src }` before src, and a top-level link whose name, percent-decoded,
    reads as a path into static/, pointing at a picture outside the talk."""
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = picture_bytes("PNG", (250, 0, 250))
    (outside / "secret.png").write_bytes(secret)
    folder = tmp_path / "talk"
    picture_talk(folder)
    decoy = picture_bytes("PNG", (0, 0, 0))
    (folder / "static" / "decoy.png").write_bytes(decoy)
    (folder / "L%2F..%2Fstatic%2Fdecoy.png").symlink_to(outside / "secret.png")
    # A slide beside talk.yaml: its picture's src, read literally from there, is that link.
    (folder / "decoy.md").write_text(slide("Decoy", '![A decoy](L%2F..%2Fstatic%2Fdecoy.png)'
                                                    '{: data-src="x" srcset="../outside/secret.png" }\n'))
    (folder / "talk.yaml").write_text((folder / "talk.yaml").read_text().replace(
        "      - file: slides/others.md\n", "      - file: slides/others.md\n      - file: decoy.md\n"))
    result = build(folder)
    assert result.returncode == 0, result.stderr
    dist = folder / "dist"
    deck = (dist / "index.html").read_text()
    assert '<img alt="A decoy" src="static/decoy.png">' in deck
    assert "data-src" not in deck and "srcset" not in deck
    everything = b"".join(path.read_bytes() for path in dist.rglob("*") if path.is_file())
    assert secret not in everything
    assert base64.b64encode(secret) not in everything
    from pptx import Presentation

    media = [shape.image.blob for page in Presentation(dist / "a-small-talk.pptx").slides
             for shape in page.shapes if shape.shape_type == 13]
    assert decoy in media and secret not in media
    assert shown_sizes(browser, (dist / "index.html").as_uri(), ["decoy"]) == {"decoy": [SIZE[0]]}


def test_a_picture_reached_through_a_folder_link_inside_static_ships_as_resolved(tmp_path):
    """static/aliases -> static/pictures: the address is the file's resolved path, and that file ships."""
    folder = picture_talk(tmp_path / "talk")
    (folder / "static" / "pictures").mkdir()
    (folder / "static" / "pictures" / "plan.png").write_bytes(picture_bytes("PNG", (1, 2, 3)))
    (folder / "static" / "aliases").symlink_to(folder / "static" / "pictures")
    (folder / "slides" / "rasters.md").write_text(slide("Rasters", "![A plan](../static/aliases/plan.png)\n"))
    result = build(folder, pdf=False)
    assert result.returncode == 0, result.stderr
    dist = folder / "dist"
    assert '<img alt="A plan" src="static/pictures/plan.png">' in (dist / "index.html").read_text()
    assert (dist / "static" / "pictures" / "plan.png").read_bytes() == picture_bytes("PNG", (1, 2, 3))
    single = (dist / "a-small-talk.html").read_text()
    assert base64.b64encode(picture_bytes("PNG", (1, 2, 3))).decode() in single


# --- no browser could show it: located, from check -------------------------------------------------

def _bomb(side: int = 30000) -> bytes:
    """A side x side PNG of a few hundred bytes: its header says so, its data is a few rows."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * (side + 1) * 4))
            + chunk(b"IEND", b""))


def _svg_without_namespace() -> bytes:
    return b'<svg width="10" height="10"><rect width="10" height="10"/></svg>'


def decoder_says(data: bytes) -> str:
    """The first line of what the decoder (Pillow; lxml for SVG) says of bytes it cannot read: the
    engine passes it on, and a new release of either may word it otherwise."""
    from lxml import etree

    try:
        if data.lstrip().startswith(b"<"):
            etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
        else:
            Image.open(io.BytesIO(data)).load()
    except etree.XMLSyntaxError as error:
        return error.msg.splitlines()[0]
    except OSError as error:
        return str(error).splitlines()[0]
    raise AssertionError("the decoder read it")


CUT_PNG = picture_bytes("PNG", (1, 1, 1))[:60]
OPEN_SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><rect'
TOO_BIG = "; the limit is 89,478,485 (a browser decoding more may run out of memory): scale it down"
BROKEN = {
    "cut.png": (lambda: CUT_PNG, f"is damaged and cannot be decoded ({decoder_says(CUT_PNG)}); export it again"),
    # Over the engine's line: measured from the header, nothing decoded.
    "large.png": (lambda: _bomb(10000), "has 100,000,000 pixels (10000x10000)" + TOO_BIG),
    # Over twice the line, where Pillow refuses to open it at all: still the engine's words and numbers.
    "huge.png": (_bomb, "has more than 178,956,970 pixels" + TOO_BIG),
    "photo.png": (lambda: picture_bytes("JPEG", (1, 1, 1)),
                  "holds a JPEG picture, not the PNG its name says; rename it to '.jpg'"),
    "notes.png": (lambda: b"just some words\n",
                  "is not a picture a browser can decode (its bytes are no PNG, JPEG, GIF, WebP, AVIF or SVG)"),
    "open.svg": (lambda: OPEN_SVG, f"is not an SVG picture a browser can decode: {decoder_says(OPEN_SVG)}"),
    "plain.svg": (_svg_without_namespace, "is not an SVG picture: its root element is <svg> outside the SVG "
                                          "namespace (xmlns=\"http://www.w3.org/2000/svg\")"),
    "scan.tiff": (lambda: picture_bytes("TIFF", (1, 1, 1)),
                  "is a .tiff file, not a picture every output shows: use PNG, JPEG, GIF, WebP, AVIF or SVG"),
}


@pytest.mark.parametrize("name", BROKEN)
def test_a_picture_no_browser_can_show_is_located_by_check(talk_dir, name):
    make, message = BROKEN[name]
    (talk_dir / "static").mkdir()
    (talk_dir / "static" / name).write_bytes(make())
    slide_file = talk_dir / "slides" / "intro.md"
    slide_file.write_text(slide_file.read_text() + f"\n![What it shows](../static/{name})\n")
    result = run_build("check", "--talk", str(talk_dir / "talk.yaml"), env={"CHROME": "/nonexistent", "PATH": ""})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if ": warning: " not in line]
    assert errors == [f"slides/intro.md:9:1: image '../static/{name}' {message}", "1 problem; nothing was written"]


def test_an_attribute_list_cannot_point_a_picture_outside_static(talk_dir):
    (talk_dir / "static").mkdir()
    (talk_dir / "static" / "map.png").write_bytes(picture_bytes("PNG", (1, 1, 1)))
    slide_file = talk_dir / "slides" / "intro.md"
    slide_file.write_text(slide_file.read_text() + '\n![A map](../static/map.png){: src="../talk.yaml" }\n')
    result = run_build("check", "--talk", str(talk_dir / "talk.yaml"))
    errors = [line for line in result.stderr.splitlines() if ": warning: " not in line]
    assert errors == ["slides/intro.md:9:1: image '../talk.yaml' must be a file under static/",
                      "1 problem; nothing was written"]


def test_a_speaker_name_too_long_for_the_powerpoint_file_is_located(talk_dir):
    talk = talk_dir / "talk.yaml"
    talk.write_text(talk.read_text().replace("name: Sam Speaker", "name: " + "S" * 300))
    result = run_build("check", "--talk", str(talk))
    errors = [line for line in result.stderr.splitlines() if ": warning: " not in line]
    assert errors == ["talk.yaml:3:9: speaker.name: the name is 300 characters; the limit is 255 (the PowerPoint "
                      "file's author)", "1 problem; nothing was written"]


# --- one output's failure is not everyone's ----------------------------------------------------------

HANDOUT_RUNS_OVER = ".reveal .slides > .handout-page { height: 2000mm !important; }\n"


@pytest.mark.parametrize("debug", [False, True])
def test_a_handout_that_cannot_be_printed_leaves_the_other_outputs_written(talk_dir, debug):
    from conftest import ROOT

    (talk_dir / "static").mkdir()
    (talk_dir / "static" / "exports.css").write_text((ROOT / "static" / "exports.css").read_text() + HANDOUT_RUNS_OVER)
    result = build(talk_dir, *(["--debug"] if debug else []))
    assert result.returncode == 1
    dist = talk_dir / "dist"
    lines = result.stderr.splitlines()
    assert lines[-2:] == [
        "error: a-small-talk-handout.pdf was not made: Chromium printed 35 pages for 4 slides (5 pages laid out); "
        "a page's content ran onto another",
        f"1 output not made; the others were written to {dist}"]
    assert ("Traceback (most recent call last):" in result.stderr) is debug
    assert sorted(path.name for path in dist.iterdir() if path.suffix in (".pdf", ".pptx", ".png", ".html")) == [
        "a-small-talk.html", "a-small-talk.pdf", "a-small-talk.pptx", "contact-sheet.png", "index.html"]
    assert [path.name for path in talk_dir.iterdir() if path.name.startswith(".dist")] == []


def test_the_pdf_command_moves_in_the_pdf_it_could_make_and_names_the_other(talk_dir):
    from conftest import ROOT

    assert build(talk_dir, pdf=False).returncode == 0  # a previous build: 'pdf' replaces its PDFs alone
    (talk_dir / "static").mkdir()
    (talk_dir / "static" / "exports.css").write_text((ROOT / "static" / "exports.css").read_text() + HANDOUT_RUNS_OVER)
    result = run_build("pdf", "--talk", str(talk_dir / "talk.yaml"))
    assert result.returncode == 1
    dist = talk_dir / "dist"
    assert result.stderr.splitlines()[-2:] == [
        "error: a-small-talk-handout.pdf was not made: Chromium printed 35 pages for 4 slides (5 pages laid out); "
        "a page's content ran onto another",
        f"1 output not made; the others were written to {dist}"]
    assert (dist / "a-small-talk.pdf").read_bytes().startswith(b"%PDF")
    assert not (dist / "a-small-talk-handout.pdf").exists()
    assert [path.name for path in talk_dir.iterdir() if path.name.startswith(".dist")] == []
