"""What a build keeps between runs (parsed YAML, converted Markdown, the label tables): a rebuild
of an unchanged talk parses nothing again, yet gives the same deck, finds what changed since, and
shrugs off a damaged cache."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from PIL import Image

from conftest import ROOT, modules_loaded_by_a_build, run_build
from deck.files import CACHE_BYTES, ENGINE_STATIC

PARSERS = {"yaml", "markdown"}


def dist_files(talk_dir) -> dict[str, bytes]:
    return {str(path.relative_to(talk_dir)): path.read_bytes()
            for path in (talk_dir / "dist").rglob("*") if path.is_file()}


def cached_build(talk_dir, cache) -> None:
    """A build in a process of its own: what one process read once it keeps, and the cache would not fill."""
    result = run_build("--talk", str(talk_dir / "talk.yaml"), env=in_cache(cache), own_process=True)
    assert result.returncode == 0, result.stderr


def single_file(talk_dir) -> bytes:
    (export,) = [path for path in (talk_dir / "dist").glob("*.html") if path.name != "index.html"]
    return export.read_bytes()


def in_cache(cache) -> dict:
    return {**os.environ, "XDG_CACHE_HOME": str(cache)}


def test_an_unchanged_rebuild_imports_no_parser(talk_dir, tmp_path_factory):
    cache = in_cache(tmp_path_factory.mktemp("cache"))
    assert modules_loaded_by_a_build(talk_dir / "talk.yaml", env=cache) >= PARSERS  # the first build: both
    assert modules_loaded_by_a_build(talk_dir / "talk.yaml", env=cache) & PARSERS == set()
    (talk_dir / "talk.yaml").write_text((talk_dir / "talk.yaml").read_text() + "\n")
    assert modules_loaded_by_a_build(talk_dir / "talk.yaml", env=cache) & PARSERS == {"yaml"}  # the slide is as it was
    slide = talk_dir / "slides" / "intro.md"
    slide.write_text(slide.read_text() + "- a third point\n")
    assert "markdown" in modules_loaded_by_a_build(talk_dir / "talk.yaml", env=cache)
    assert "<li>a third point</li>" in (talk_dir / "dist" / "index.html").read_text()


def test_kept_work_gives_the_deck_a_first_build_gives(talk_dir, tmp_path_factory):
    cache = tmp_path_factory.mktemp("cache")
    cached_build(talk_dir, cache)  # an empty cache: everything parsed and converted
    first = dist_files(talk_dir)
    kept = [path for path in cache.rglob("*") if path.is_file()]
    assert {path.parent.name for path in kept} >= {"yaml", "markdown", "labels"}
    cached_build(talk_dir, cache)
    assert dist_files(talk_dir) == first
    for path in kept:  # damaged entries are parsed and converted anew
        path.write_bytes(b"\x00not what was kept")
    cached_build(talk_dir, cache)
    assert dist_files(talk_dir) == first


def test_a_picture_removed_after_its_slide_was_kept_is_reported(talk_dir, tmp_path_factory):
    cache = tmp_path_factory.mktemp("cache")
    (talk_dir / "static").mkdir()
    Image.new("RGB", (320, 180), "#0b5cad").save(talk_dir / "static" / "map.png")
    slide = talk_dir / "slides" / "intro.md"
    slide.write_text(slide.read_text() + "\n![A map of the market](../static/map.png)\n")
    cached_build(talk_dir, cache)
    assert '<img alt="A map of the market" src="static/map.png"' in (talk_dir / "dist" / "index.html").read_text()
    (talk_dir / "static" / "map.png").unlink()
    result = run_build("--talk", str(talk_dir / "talk.yaml"), env=in_cache(cache))
    assert result.returncode == 1
    assert "slides/intro.md:9:1: image '../static/map.png' not found" in result.stderr.splitlines()


def test_the_cache_is_the_users_not_the_talks(talk_dir, tmp_path_factory):
    """Nothing is kept in the talk's folder: it stays what the speaker wrote, plus dist/."""
    cache = tmp_path_factory.mktemp("cache")
    cached_build(talk_dir, cache)
    assert {path.name for path in talk_dir.iterdir()} == {"talk.yaml", "slides", "dist"}
    assert any((cache / "perfect-patterns-deck").iterdir())


def test_a_first_build_starts_no_pydantic(talk_dir, tmp_path_factory):
    """The model's schema ships with the engine: a new machine's first build of a talk that fits
    the model (nothing kept in its cache) validates it without starting pydantic."""
    cache = in_cache(tmp_path_factory.mktemp("cache"))
    loaded = modules_loaded_by_a_build(talk_dir / "talk.yaml", env=cache)
    assert "pydantic" not in {name.split(".")[0] for name in loaded}


def test_the_talks_own_build_starts_no_pydantic(tmp_path_factory):
    """Every field the real talk uses (a map's legend by tone, a list's second jump) is one the
    shipped schema reads plainly: a new field that sends each build to pydantic costs 0.2 s."""
    cache = in_cache(tmp_path_factory.mktemp("cache"))
    out = tmp_path_factory.mktemp("out") / "dist"
    loaded = modules_loaded_by_a_build(ROOT / "talk.yaml", "--out", str(out), env=cache)
    assert "pydantic" not in {name.split(".")[0] for name in loaded}


def test_an_unchanged_rebuild_reads_its_single_file_back_and_a_changed_theme_makes_it_anew(talk_dir, tmp_path_factory):
    """The single file of a page already exported with the same files is the kept one (nothing is
    minified again); a stylesheet saved since makes a new export with it inside, the same bytes a
    build with nothing kept makes; and the exports kept stay within their size."""
    cache = in_cache(tmp_path_factory.mktemp("cache"))
    minifiers = {"rcssmin", "rjsmin"}
    assert modules_loaded_by_a_build(talk_dir / "talk.yaml", env=cache) >= minifiers
    first = dist_files(talk_dir)
    assert modules_loaded_by_a_build(talk_dir / "talk.yaml", env=cache) & minifiers == set()
    assert dist_files(talk_dir) == first
    first_export = single_file(talk_dir)
    shutil.copytree(ENGINE_STATIC, talk_dir / "static")
    stylesheet = talk_dir / "static" / "theme" / "deck.css"
    stylesheet.write_text(stylesheet.read_text() + "\n.reveal h1 { letter-spacing: 0.0123em; }\n")
    assert modules_loaded_by_a_build(talk_dir / "talk.yaml", env=cache) >= minifiers
    exported = single_file(talk_dir)
    assert b"letter-spacing:0.0123em" in exported and b"letter-spacing:0.0123em" not in first_export
    modules_loaded_by_a_build(talk_dir / "talk.yaml", env=in_cache(tmp_path_factory.mktemp("empty")))
    assert single_file(talk_dir) == exported
    slide = talk_dir / "slides" / "intro.md"
    kept = Path(cache["XDG_CACHE_HOME"]) / "perfect-patterns-deck" / "single-file"
    for number in range(CACHE_BYTES["single-file"] // len(exported) + 2):  # each build another export kept
        slide.write_text(slide.read_text() + f"- point {number}\n")
        modules_loaded_by_a_build(talk_dir / "talk.yaml", env=cache)
        assert sum(path.stat().st_size for path in kept.iterdir()) <= CACHE_BYTES["single-file"]
    assert f"point {number}" in single_file(talk_dir).decode()
