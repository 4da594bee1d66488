"""What never gets clipped: notes too long for one handout page go on to 'continued' pages, word
for word; `check` measures the layout in Chromium and warns, located, about a slide whose content
runs off its page and about notes beyond the continuation rule; the paper is A4 or US Letter, from
talk.yaml or --paper, and anything else is a located error."""
from __future__ import annotations

import os
import re
import shutil

from pypdf import PdfReader

from conftest import ROOT, pdf_texts, run_build

LONG_NOTES = " ".join(f"word{number}" for number in range(1, 1801))  # about five A4 pages of notes
MANY_BULLETS = "\n".join(f"- point {number}" for number in range(1, 301))


def long_talk(talk_dir, notes: str = LONG_NOTES, body: str = "- one point\n"):
    """The small talk with its Markdown slide's notes and body replaced (and minutes to match)."""
    (talk_dir / "slides" / "intro.md").write_text(
        f"---\ntitle: Intro\nminutes: 1\nnotes: |\n  {notes}\n---\n{body}")
    shutil.copytree(ROOT / "static", talk_dir / "static")
    return talk_dir / "talk.yaml"


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_long_notes_continue_on_further_pages_word_for_word(talk_dir):
    talk = long_talk(talk_dir)
    result = run_build("--talk", str(talk), "pdf")
    assert result.returncode == 0, result.stderr
    texts = pdf_texts(talk_dir / "dist" / "a-small-talk-handout.pdf")
    first = next(n for n, text in enumerate(texts) if "SLIDE 4 OF 4" in text.upper())
    continued = [n for n, text in enumerate(texts) if "Intro (continued)" in text]
    assert len(continued) >= 3 and continued == list(range(first + 1, len(texts)))
    numbers = [int(found) for n in [first, *continued] for found in re.findall(r"word(\d+)", texts[n])]
    assert numbers == list(range(1, 1801))  # every word, once, in order: nothing cut off
    # The rule (the slide's page and two more) is broken: the build says so, located, and still prints all.
    assert re.search(r"slides/intro\.md:2:1: warning: slide 4 'Intro': notes are 1800 words and fill \d+ A4 "
                     r"handout pages; they are printed in full", result.stderr), result.stderr


def test_check_warns_about_what_the_pdfs_would_cut_off(talk_dir):
    talk = long_talk(talk_dir, body=MANY_BULLETS)
    result = run_build("--talk", str(talk), "check", pdf=True)
    assert result.returncode == 0, result.stderr
    assert re.search(r"slides/intro\.md:2:1: warning: slide 4 'Intro': content runs \d+ px below the bottom of "
                     r"the 1920x1080 slide; the PDFs cut it off there", result.stderr), result.stderr
    assert "notes are 1800 words and fill" in result.stderr
    assert re.search(r"talk\.yaml: 4 slides, 4 planned minutes, \d+ warnings", result.stderr)
    # --no-pdf: the talk's own checks at once, without a browser (none could start here) or its layout
    quick = run_build("--talk", str(talk), "check", env={**os.environ, "CHROME": "/nonexistent"})
    assert quick.returncode == 0, quick.stderr
    assert "layout not measured (--no-pdf): check without it measures what the PDFs would cut off" in quick.stderr
    assert "cut it off" not in quick.stderr and "CHROME" not in quick.stderr


def test_check_of_a_talk_that_fits_has_no_layout_warnings(talk_dir):
    result = run_build("--talk", str(talk_dir / "talk.yaml"), "check", pdf=True)
    assert result.returncode == 0 and "layout not measured" not in result.stderr, result.stderr
    assert "cut it off" not in result.stderr and "handout pages" not in result.stderr


def test_us_letter_from_talk_yaml_or_the_command_line(talk_dir):
    talk = talk_dir / "talk.yaml"
    shutil.copytree(ROOT / "static", talk_dir / "static")
    assert run_build("--talk", str(talk), "pdf", "--paper", "letter").returncode == 0
    page = PdfReader(talk_dir / "dist" / "a-small-talk-handout.pdf").pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (612, 792)
    talk.write_text(talk.read_text().replace("theme: light\n", "") + "paper: letter\n")
    assert run_build("--talk", str(talk), "pdf").returncode == 0
    page = PdfReader(talk_dir / "dist" / "a-small-talk-handout.pdf").pages[-1]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (612, 792)


def test_an_unknown_paper_is_a_located_error(talk_dir):
    talk = talk_dir / "talk.yaml"
    talk.write_text(talk.read_text() + "paper: a3\n")
    result = run_build("--talk", str(talk), "check")
    assert result.returncode == 1
    line = talk.read_text().splitlines().index("paper: a3") + 1
    assert f"talk.yaml:{line}:8: paper: expected 'a4' or 'letter' (got 'a3')" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
