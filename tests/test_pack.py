"""build.py pack: the organiser's formats, named by their pattern, each within their size limit,
in one folder and one zip; a file over the limit is a located error and no pack is half written."""
from __future__ import annotations

import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from pypdf import PdfReader

from conftest import run_build
from test_rules import line_of, talk_with_rules

from deck.rules import file_stem

STEM = "Dev-Conf-2027-Sam-Speaker-A-Small-Talk"


def organiser_talk(folder: Path, rules: str) -> Path:
    talk = talk_with_rules(folder, rules)
    talk.write_text(talk.read_text().replace("  name: Test Conf\n", "  name: Dév Conf 2027\n"), encoding="utf-8")
    return talk


def test_pack_holds_the_formats_asked_for_named_their_way_in_a_folder_and_a_zip(tmp_path):
    talk = organiser_talk(tmp_path, "file_name: '{event}-{speaker}-{title}'\nmax_file_mb: 50\n"
                                    "formats: [pdf, handout, pptx, html]\nmin_font_pt: 18\n")
    result = run_build("pack", "--talk", str(talk), pdf=True)
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "pack" / STEM
    names = sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file())
    assert names == [f"{STEM}-cfp.md", f"{STEM}-handout.pdf", f"{STEM}.html", f"{STEM}.pdf", f"{STEM}.pptx",
                     *(f"fonts/atkinson-hyperlegible-{weight}-{style}.ttf" for weight in (400, 700)
                       for style in ("italic", "normal"))]
    with zipfile.ZipFile(tmp_path / "pack" / f"{STEM}.zip") as archive:
        assert sorted(archive.namelist()) == [f"{STEM}/{name}" for name in names]
        assert archive.read(f"{STEM}/{STEM}.pdf") == (folder / f"{STEM}.pdf").read_bytes()
    # What each file is: the slides a page each, the handout, the PowerPoint file, the single page.
    assert len(PdfReader(folder / f"{STEM}.pdf").pages) == 4
    assert PdfReader(folder / f"{STEM}-handout.pdf").metadata.title == "A Small Talk"
    assert (folder / f"{STEM}.html").read_text().startswith("<!doctype html>")
    assert "# A Small Talk" in (folder / f"{STEM}-cfp.md").read_text()
    lines = result.stderr.splitlines()
    assert f"packed into {tmp_path / 'pack'}:" in lines
    assert any(line.startswith(f"  {STEM}/{STEM}.pptx  0.") and line.endswith(" MB") for line in lines)
    # The rules the talk does not meet, located: the kind above an entry's name is 16 pt.
    assert any(line.startswith(f"talk.yaml:{line_of(talk, 'ref: order-giver') - 1}:1: warning: slide 2 "
                               "'Order-giver': type of 16 pt") for line in lines)
    assert "2 rules to look at" in lines


def test_pack_makes_only_the_formats_the_rules_list(tmp_path):
    talk = organiser_talk(tmp_path, "formats: [pdf]\n")
    result = run_build("pack", "--talk", str(talk), pdf=True)
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "pack" / "a-small-talk"  # no pattern: the title's slug
    assert sorted(path.name for path in folder.iterdir()) == ["a-small-talk-cfp.md", "a-small-talk.pdf"]


def test_a_file_over_the_limit_is_a_located_error_and_the_previous_pack_stays(tmp_path):
    talk = organiser_talk(tmp_path, "formats: [pdf]\n")
    assert run_build("pack", "--talk", str(talk), pdf=True).returncode == 0
    before = {path: path.read_bytes() for path in (tmp_path / "pack").rglob("*") if path.is_file()}
    talk = organiser_talk(tmp_path, "formats: [pdf, html]\nmax_file_mb: 0.1\n")
    result = run_build("pack", "--talk", str(talk), pdf=True)
    assert result.returncode == 1
    line = line_of(talk, "max_file_mb")
    assert any(problem.startswith(f"talk.yaml:{line}:18: event.rules.max_file_mb: a-small-talk/a-small-talk.html "
                                  "is 0.") and problem.endswith("MB; the organiser takes files of at most 0.1 MB")
               for problem in result.stderr.splitlines()), result.stderr
    assert "1 problem; nothing was written" in result.stderr
    assert {path: path.read_bytes() for path in (tmp_path / "pack").rglob("*") if path.is_file()} == before
    assert not [path for path in tmp_path.iterdir() if ".building-" in path.name]


def test_pack_refuses_a_folder_no_build_wrote(tmp_path):
    talk = organiser_talk(tmp_path, "")
    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / "mine.txt").write_text("keep me")
    result = run_build("pack", "--talk", str(talk), pdf=True)
    assert result.returncode == 1
    assert "output folder holds files no build wrote" in result.stderr
    assert (tmp_path / "pack" / "mine.txt").read_text() == "keep me"


def named(pattern: str, event="Dév Conf", speaker="Zoë O'Brien", title="Perfect: Patterns? <And> Co", date=""):
    talk = SimpleNamespace(title=title, speaker=SimpleNamespace(name=speaker),
                           event=SimpleNamespace(name=event, date=date, rules=SimpleNamespace(file_name=pattern)))
    return file_stem(talk, "default-slug")


@pytest.mark.parametrize("pattern, stem", [
    ("{event}-{speaker}-{title}", "Dev-Conf-Zoe-O-Brien-Perfect-Patterns-And-Co"),
    ("{date}_{title}", "Perfect-Patterns-And-Co"),            # an empty field leaves no stray separator
    ("../{event}/{title}", "Dev-Conf-Perfect-Patterns-And-Co"),  # no folder, no way out
    ("{speaker}", "Zoe-O-Brien"),
])
def test_file_names_are_safe_on_any_file_system(pattern, stem):
    assert named(pattern) == stem


def test_a_name_no_file_system_takes_is_changed():
    assert named("{event}", event="CON") == "CON-talk"
    assert named("{event}", event="???") == "default-slug"
    assert len(named("{title}", title="word " * 100)) <= 120


def test_pack_without_the_pdfs_is_refused_at_once(tmp_path):
    talk = organiser_talk(tmp_path, "")
    result = run_build("pack", "--talk", str(talk))  # run_build adds --no-pdf
    assert result.returncode == 2
    assert "pack makes the PDFs and the PowerPoint file the organiser asked for: leave out --no-pdf" in result.stderr
    assert not (tmp_path / "pack").exists()


def test_an_editions_pack_keeps_the_talks_rules_in_a_folder_of_its_own(tmp_path):
    from test_editions import SHORT

    talk = organiser_talk(tmp_path, "formats: [pdf]\nmax_file_mb: 0.01\n")
    talk.write_text(talk.read_text() + "editions:\n" + SHORT)
    result = run_build("pack", "--talk", str(talk), "--edition", "short", pdf=True)
    assert result.returncode == 1  # the edition's slides PDF is over the talk's limit too, said at the rule
    assert any(line.startswith(f"talk.yaml:{line_of(talk, 'max_file_mb')}:18: event.rules.max_file_mb: "
                               "a-small-talk/a-small-talk.pdf is ") for line in result.stderr.splitlines())
    talk.write_text(talk.read_text().replace("max_file_mb: 0.01", "max_file_mb: 5"))
    result = run_build("pack", "--talk", str(talk), "--edition", "short", pdf=True)
    assert result.returncode == 0, result.stderr
    slides = PdfReader(tmp_path / "pack-short" / "a-small-talk" / "a-small-talk.pdf").outline
    titles = [item.title for item in slides[1]] if isinstance(slides[1], list) else []
    assert "Opportunity tree" in titles and "Product trio" not in titles  # the edition's slides, not the talk's
    assert not (tmp_path / "pack").exists()
