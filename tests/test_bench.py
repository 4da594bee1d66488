"""The benchmark's workload builder makes talks the engine builds: a grown talk is one a speaker could have written."""
from __future__ import annotations

import shutil
from pathlib import Path

from conftest import ROOT, run_build

from bench import talks


def test_a_grown_talk_builds_with_the_engine(tmp_path: Path):
    """Growing a talk clones its Markdown slide files under new names: a slide file's name is its slide id."""
    source = tmp_path / "source"
    shutil.copytree(ROOT / "tests" / "talks" / "zweiter-vortrag", source)
    grown = talks.generate(source / "talk.yaml", 40, tmp_path / "grown")

    result = run_build("--talk", str(grown), "--out", str(tmp_path / "dist"))

    assert result.returncode == 0, result.stderr
    deck = (tmp_path / "dist" / "index.html").read_text(encoding="utf-8")
    assert deck.count("<section ") == 40
    for slide_id in ("warum", "warum-v2", "warum-v3", "warum-v4"):
        assert f'<section id="{slide_id}" data-kind="markdown"' in deck
    body = (source / "slides" / "warum.md").read_text(encoding="utf-8").split("---\n", 2)[2]
    assert (tmp_path / "grown" / "slides" / "warum-v2.md").read_text(encoding="utf-8").endswith(body)
    assert len(talks.peer_slides(grown)) == 40
