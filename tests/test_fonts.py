"""The single file's fonts: each engine face cut by HarfBuzz to the characters the page shows, the
layout kept and the hinting dropped, the same bytes every build; a face with no .woff beside it cut
by fontTools to the same characters."""
from __future__ import annotations

import io
import shutil

import pytest
from fontTools.ttLib import TTFont

from deck import fonts
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
