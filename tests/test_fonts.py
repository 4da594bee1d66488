"""The single file's fonts: each engine face cut by HarfBuzz to the characters the page shows, the
layout kept and the hinting dropped, the same bytes every build; a face with no .woff beside it cut
by fontTools to the same characters."""
from __future__ import annotations

import base64
import io
import os
import re
import shutil

import pytest
from fontTools.ttLib import TTFont

from conftest import modules_loaded_by_a_build
from deck import fonts, glyphs
from deck.files import CODE_FONT, NODE_MODULES

ATKINSON = NODE_MODULES / "@fontsource" / "atkinson-hyperlegible" / "files"
FACES = [*(ATKINSON / f"atkinson-hyperlegible-latin-{style}.woff2"
           for style in ("400-normal", "400-italic", "700-normal", "700-italic")), CODE_FONT]
SHOWN = "Perfect Patterns — “trio” é 0123456789/·…’"


def face(data: bytes) -> TTFont:
    return TTFont(io.BytesIO(data))


@pytest.mark.parametrize("font", FACES, ids=lambda font: font.stem)
def test_harfbuzz_cuts_each_face_to_the_characters_shown(font):
    made = fonts._by_harfbuzz(font.with_suffix(".woff"), SHOWN)
    assert made is not None and made[:4] == b"wOF2"
    whole, cut = face(font.read_bytes()), face(made)
    assert set(cut.getBestCmap()) == {ord(character) for character in SHOWN} & set(whole.getBestCmap())
    assert {"GPOS", "GSUB"} & set(whole.keys()) <= set(cut.keys())  # kerning and ligatures kept
    assert {"fpgm", "prep", "cvt "} & set(cut.keys()) == set()  # unhinted
    assert len(made) < len(font.read_bytes()) / 2
    assert fonts._by_harfbuzz(font.with_suffix(".woff"), SHOWN) == made  # reproducible


def test_a_face_without_a_woff_beside_it_is_cut_by_fonttools(tmp_path, monkeypatch):
    alone = tmp_path / FACES[0].name
    shutil.copyfile(FACES[0], alone)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert fonts._by_harfbuzz(alone.with_suffix(".woff"), SHOWN) is None
    made = fonts.subset(alone, SHOWN)
    assert set(face(made).getBestCmap()) == set(face(fonts.subset(FACES[0], SHOWN)).getBestCmap())


def test_a_face_neither_can_read_goes_in_whole(tmp_path, monkeypatch):
    unreadable = tmp_path / "broken.woff2"
    unreadable.write_bytes(b"wOF2 not a font")
    unreadable.with_suffix(".woff").write_bytes(b"wOFF not a font either")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert fonts.subset(unreadable, SHOWN) == b"wOF2 not a font"


@pytest.mark.parametrize("font", [fonts.TEXT_FONT, fonts.EMOJI_FONT], ids=lambda font: font.stem)
def test_the_characters_a_face_draws_are_read_from_its_cmap_alone(font, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # nothing kept: read now
    assert fonts.drawable.__wrapped__(font) == set(TTFont(font, lazy=True).getBestCmap())
    alone = tmp_path / font.name  # no .woff beside it: fontTools reads the .woff2
    shutil.copyfile(font, alone)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "other-cache"))
    assert fonts.drawable.__wrapped__(alone) == fonts.drawable.__wrapped__(font)


@pytest.mark.parametrize("font", fonts.SHIPPED_FACES, ids=lambda font: font.stem)
def test_the_shipped_subsets_are_the_ones_the_engine_makes_of_the_faces_installed(font):
    """deck/subsets/ holds, for each face installed now, its cut to the shipped characters and the
    code points it draws, as the engine makes them (`python -m deck.fonts` when this fails)."""
    data = font.read_bytes()
    cut = fonts.shipped(font, data)
    assert cut.read_bytes() == fonts._by_harfbuzz(font.with_suffix(".woff"), fonts.SHIPPED_CHARACTERS,
                                                  fonts._glyphs(font, data))
    assert set(face(cut.read_bytes()).getBestCmap()) == {ord(character) for character in fonts.SHIPPED_CHARACTERS}
    assert fonts._points(fonts.shipped(font, data, "txt").read_bytes()) == set(face(data).getBestCmap())
    opentype = fonts._opentype(font.with_suffix(".woff").read_bytes())
    assert fonts.shipped(font, data, "glyphs").read_bytes() == glyphs.records(opentype)
    assert sorted(path.name for path in fonts.SHIPPED.iterdir()) == sorted(
        fonts.shipped(each, each.read_bytes(), kind).name for each in fonts.SHIPPED_FACES
        for kind in ("woff2", "txt", "glyphs"))


@pytest.mark.parametrize("font", fonts.SHIPPED_FACES, ids=lambda font: font.stem)
@pytest.mark.parametrize("shown", [SHOWN, "Zürich ÷ × Ångström", fonts.SHIPPED_CHARACTERS + "éüÅçñ÷×"],
                         ids=["shown", "accents", "shipped-and-more"])
def test_the_shipped_glyphs_make_the_bytes_fonttools_transform_makes(font, shown, monkeypatch):
    """A subset packed from the face's glyphs transformed once (deck/glyphs.py: the composites'
    components renumbered, é and Å among them) and written without fontTools holds, table for
    table, what fontTools transforms and writes, packed no larger than a few dozen bytes more; at
    fontTools' own brotli quality it is byte for byte the same file."""
    packed = font.with_suffix(".woff")
    kept = fonts._glyphs(font, font.read_bytes())
    assert kept is not None
    by_fonttools = fonts._by_harfbuzz(packed, shown)
    made = fonts._by_harfbuzz(packed, shown, kept)
    assert unpacked(made) == unpacked(by_fonttools)
    assert len(made) <= len(by_fonttools) + 64
    assert {ord(character) for character in shown} & set(face(font.read_bytes()).getBestCmap()) <= set(
        face(made).getBestCmap())
    monkeypatch.setattr(fonts, "PACKED_AT_10", frozenset())
    assert fonts._by_harfbuzz(packed, shown, kept) == by_fonttools


def unpacked(woff2: bytes) -> tuple:
    """A WOFF2 face's table directory and its tables' bytes as brotli unpacks them."""
    reader = face(woff2).reader
    return ([(tag, entry.origLength, entry.length) for tag, entry in reader.tables.items()],
            reader.transformBuffer.getvalue())


def test_a_face_the_engine_ships_no_glyphs_for_is_transformed_by_fonttools(tmp_path, monkeypatch):
    """Another version of a face (other bytes) finds no shipped glyphs, and its subset is still made."""
    other = tmp_path / FACES[0].name
    other.write_bytes(FACES[0].read_bytes() + b"\0")  # another file: another digest
    shutil.copyfile(FACES[0].with_suffix(".woff"), other.with_suffix(".woff"))
    assert fonts._glyphs(other, other.read_bytes()) is None
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert fonts.subset(other, "Zürich") == fonts._by_harfbuzz(FACES[0].with_suffix(".woff"), "Zürich")


def test_the_shipped_characters_are_never_emoji():
    """Every shipped character is drawn by the text and code faces, or is a line break or tab that
    the emoji face lacks: a text within them shows no emoji, found without any face being read."""
    text, code, emoji = (set(face(font.read_bytes()).getBestCmap()) for font in (fonts.TEXT_FONT, CODE_FONT, fonts.EMOJI_FONT))
    assert {ord(character) for character in fonts.SHIPPED_CHARACTERS} <= text & code
    assert {9, 10, 13} & emoji == set()


def test_a_first_build_of_a_talk_in_the_shipped_characters_runs_no_font_tool(talk_dir, tmp_path):
    """With nothing kept, a talk in printable ASCII, the engine's marks and a figure's signs (a ranked
    list's division sign, times, euro, pound) takes the shipped subsets
    (no fontTools, no HarfBuzz, nothing cut and kept); a talk with another character is cut for it
    by HarfBuzz and packed from the shipped glyphs, still without fontTools."""
    (talk_dir / "slides" / "intro.md").write_text((talk_dir / "slides" / "intro.md").read_text()
                                                  + '\nThe "trio" -- shipped... ok: €40k ÷ 3 weeks, £2 × 3.\n')
    empty = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "first")}
    loaded = modules_loaded_by_a_build(talk_dir / "talk.yaml", env=empty)
    assert {name.split(".")[0] for name in loaded} & {"fontTools", "uharfbuzz"} == set()
    assert not (tmp_path / "first" / "perfect-patterns-deck" / "fonts").exists()
    ascii_faces = single_file_faces(talk_dir)
    assert ascii_faces == [fonts.shipped(font, font.read_bytes()).read_bytes() for font in fonts.SHIPPED_FACES[:4]]

    (talk_dir / "slides" / "intro.md").write_text((talk_dir / "slides" / "intro.md").read_text() + "\nZürich\n")
    empty = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "other")}
    loaded = modules_loaded_by_a_build(talk_dir / "talk.yaml", env=empty)
    assert "uharfbuzz" in loaded and {name.split(".")[0] for name in loaded} & {"fontTools"} == set()
    assert len(list((tmp_path / "other" / "perfect-patterns-deck" / "fonts").glob("*.woff2"))) == 4
    for made in single_file_faces(talk_dir):
        assert ord("ü") in face(made).getBestCmap() and ord("ü") not in face(ascii_faces[0]).getBestCmap()


def single_file_faces(talk_dir) -> list[bytes]:
    """The four text faces inlined in the single file, in the theme's order (400, 400 italic, 700, 700 italic);
    not the plain zeros, which the theme lays over U+0030 alone."""
    alone = next(path for path in (talk_dir / "dist").glob("*.html") if path.name != "index.html")
    found = re.findall(r'@font-face\{(?:(?!unicode-range)[^}])*?src:url\("data:font/woff2;base64,([^"]+)"\)',
                       alone.read_text(encoding="utf-8"))
    return [base64.b64decode(each) for each in found]
