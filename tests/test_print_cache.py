"""A deck printed before is not printed again: the same staging folder, browser and engine give the
same raw print (deck/print_cache.py), so a rebuild of an unchanged deck skips Chromium and writes
the same bytes, a changed slide is printed anew, and what depends on the talk file (located
warnings) is made again from the kept print."""
from __future__ import annotations

import re
from pathlib import Path

from conftest import pdf_texts, run_build
from test_handout import LONG_NOTES
from test_kept import in_cache  # a cache of the test's own: its first build finds nothing kept

FROM_CACHE = "printed before: the same deck, from the cache"
PRINTING = "opening the deck in Chromium"


def browser_outputs(dist: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in dist.iterdir() if path.suffix in (".pdf", ".pptx", ".png")}


def test_an_unchanged_deck_comes_out_the_same_without_a_browser_and_a_changed_one_is_printed(talk_dir, tmp_path):
    talk, cache = str(talk_dir / "talk.yaml"), in_cache(tmp_path / "cache")
    first = run_build("--talk", talk, pdf=True, env=cache)
    assert first.returncode == 0, first.stderr
    assert PRINTING in first.stderr and FROM_CACHE not in first.stderr
    made = browser_outputs(talk_dir / "dist")
    assert sorted(made) == ["a-small-talk-handout.pdf", "a-small-talk.pdf", "a-small-talk.pptx", "contact-sheet.png"]

    again = run_build("--talk", talk, pdf=True, env=cache)
    assert again.returncode == 0, again.stderr
    assert FROM_CACHE in again.stderr and PRINTING not in again.stderr
    assert browser_outputs(talk_dir / "dist") == made

    slide = talk_dir / "slides" / "intro.md"
    slide.write_text(slide.read_text().replace("- another point", "- a point added since"))
    changed = run_build("--talk", talk, pdf=True, env=cache)
    assert changed.returncode == 0, changed.stderr
    assert PRINTING in changed.stderr and FROM_CACHE not in changed.stderr
    assert "a point added since" in pdf_texts(talk_dir / "dist" / "a-small-talk.pdf")[3]


def test_warnings_from_a_kept_print_point_where_the_talk_says_it_now(talk_dir, tmp_path):
    talk, cache = talk_dir / "talk.yaml", in_cache(tmp_path / "cache")
    talk.write_text(talk.read_text().replace("notes: The trio.", f"notes: {LONG_NOTES}"))
    first = run_build("check", "--talk", str(talk), env=cache, pdf=True)
    where = re.search(r"talk\.yaml:(\d+):(\d+): warning: slide 3 'Product trio': notes are 1800 words and fill "
                      r"\d+ A4 handout pages", first.stderr)
    assert where, first.stderr

    # Two comments move the slide down two lines; the deck, and so what Chromium sees, stays the same.
    talk.write_text("# kept with the talk\n# shown to nobody\n" + talk.read_text())
    second = run_build("check", "--talk", str(talk), env=cache, pdf=True)
    line, column = int(where.group(1)) + 2, where.group(2)
    assert f"talk.yaml:{line}:{column}: warning: slide 3 'Product trio': notes are 1800 words" in second.stderr, \
        second.stderr
    kept = list((tmp_path / "cache" / "perfect-patterns-deck" / "print").iterdir())
    assert len(kept) == 1, kept  # one print, measured once: the second check used it
