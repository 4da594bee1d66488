"""The CLI end to end: build, check, stats, located failures, and dist/ that survives them."""
from __future__ import annotations

import json
import re

from conftest import ROOT, modules_loaded_by_a_build, run_build

from deck.model import json_schema


def test_build_writes_deck_and_programme_text(talk_dir):
    result = run_build("--talk", str(talk_dir / "talk.yaml"))
    assert result.returncode == 0, result.stderr
    index = (talk_dir / "dist" / "index.html").read_text()
    assert index.count("<section ") == 4
    assert (talk_dir / "dist" / "reveal" / "reveal.js").is_file()
    assert (talk_dir / "dist" / "reveal" / "plugin" / "notes.js").is_file()
    assert "## Summary" in (talk_dir / "dist" / "cfp.md").read_text()


def test_each_slide_has_kind_timing_and_notes(talk_dir):
    assert run_build("--talk", str(talk_dir / "talk.yaml")).returncode == 0
    index = (talk_dir / "dist" / "index.html").read_text()
    sections = re.findall(r'<section id="([^"]+)" data-kind="([^"]+)" data-timing="(\d+)"', index)
    assert sections == [("title", "title", "60"), ("order-giver", "anti-pattern", "60"),
                        ("product-trio", "pattern", "60"), ("intro", "markdown", "60")]
    assert index.count('<aside class="notes">') == 4
    config = json.loads(re.search(r'<script type="application/json" id="deck-config">(.*?)</script>', index).group(1))
    assert config["totalTime"] == 8 * 60 and config["hash"] is True


def test_anti_pattern_links_to_its_remedy_slide(talk_dir):
    assert run_build("--talk", str(talk_dir / "talk.yaml")).returncode == 0
    index = (talk_dir / "dist" / "index.html").read_text()
    assert '<a class="ref" href="#/product-trio">Product trio</a>' in index


def test_text_from_talk_yaml_is_escaped(talk_dir):
    talk = talk_dir / "talk.yaml"
    talk.write_text(talk.read_text().replace("name: Order-giver", 'name: "<script>alert(1)</script>"'))
    assert run_build("--talk", str(talk)).returncode == 0
    index = (talk_dir / "dist" / "index.html").read_text()
    assert "<script>alert(1)" not in index and "&lt;script&gt;alert(1)" in index


def test_project_template_overrides_the_engine_one(talk_dir):
    (talk_dir / "templates" / "slides").mkdir(parents=True)
    (talk_dir / "templates" / "slides" / "pattern.html").write_text(
        '{% extends "engine/slides/pattern.html" %}{% block content %}<h2>Custom {{ slide.title }}</h2>{% endblock %}')
    assert run_build("--talk", str(talk_dir / "talk.yaml")).returncode == 0
    assert "<h2>Custom Product trio</h2>" in (talk_dir / "dist" / "index.html").read_text()


def test_template_error_names_template_file_and_line(talk_dir):
    (talk_dir / "templates" / "slides").mkdir(parents=True)
    (talk_dir / "templates" / "slides" / "pattern.html").write_text(
        '{% extends "engine/slides/pattern.html" %}\n{% block content %}\n{{ slide.no_such_field }}\n{% endblock %}')
    result = run_build("--talk", str(talk_dir / "talk.yaml"))
    assert result.returncode == 1
    assert "templates/slides/pattern.html:3:1: template error:" in result.stderr
    assert "Traceback" not in result.stderr


def test_failed_build_leaves_previous_dist_untouched(talk_dir):
    assert run_build("--talk", str(talk_dir / "talk.yaml")).returncode == 0
    before = (talk_dir / "dist" / "index.html").read_bytes()
    talk = talk_dir / "talk.yaml"
    talk.write_text(talk.read_text().replace("remedies: [product-trio]", "remedies: [trio]"))
    result = run_build("--talk", str(talk))
    assert result.returncode == 1
    assert "talk.yaml:29:16: anti_patterns[0].remedies[0]: unknown pattern 'trio'" in result.stderr
    assert "Traceback" not in result.stderr
    assert (talk_dir / "dist" / "index.html").read_bytes() == before
    assert [p.name for p in talk_dir.iterdir() if p.name.startswith(".dist")] == []


def test_out_option_and_check_command(talk_dir, tmp_path):
    out = tmp_path / "elsewhere"
    assert run_build("--talk", str(talk_dir / "talk.yaml"), "--out", str(out)).returncode == 0
    assert (out / "index.html").is_file()
    result = run_build("check", "--talk", str(talk_dir / "talk.yaml"))
    assert result.returncode == 0
    assert "4 slides, 4 planned minutes" in result.stderr


def test_debug_shows_the_traceback(talk_dir):
    talk = talk_dir / "talk.yaml"
    talk.write_text(talk.read_text().replace("remedies: [product-trio]", "remedies: [trio]"))
    result = run_build("check", "--talk", str(talk), "--debug")
    assert result.returncode == 1 and "Traceback" in result.stderr


def test_stats_table_sums_sections_against_the_slot(talk_dir):
    result = run_build("stats", "--talk", str(talk_dir / "talk.yaml"))
    assert result.returncode == 0
    assert re.search(r"The only section\s+4\s+4\s+\d+", result.stdout)
    assert "Slot: 10 min = 8 min talk + 2 min questions; planned 4 min (fits)" in result.stdout


def test_a_story_prompt_is_timed_by_the_seconds_it_names(talk_dir):
    """A minute of notes that is mostly the speaker's own story: the prompt that names its budget
    counts as those seconds, in check and in stats; one without a budget counts as its words."""
    talk = talk_dir / "talk.yaml"
    text = talk.read_text()
    story = "[Your story: 50 seconds. A real case you saw, with one number you can defend.]"
    talk.write_text(text.replace("notes: The trio.", f'notes: "The trio, in a few words. {story}"'))
    timed = run_build("check", "--talk", str(talk))
    assert timed.returncode == 0, timed.stderr
    assert "slide 3 'Product trio': notes are" not in timed.stderr
    stats = run_build("stats", "--talk", str(talk)).stdout
    # five words and 50 seconds on the trio's slide: the section's spoken minutes hold the story
    section = re.search(r"The only section\s+4\s+4\s+\d+\s+([\d.]+)", stats)
    assert section and float(section.group(1)) >= 50 / 60, stats
    talk.write_text(text.replace("notes: The trio.", f'notes: "The trio, in a few words. {story.replace("50 seconds. ", "")}"'))
    unbudgeted = run_build("check", "--talk", str(talk))
    assert re.search(r"slide 3 'Product trio': notes are 19 words, 15% of the 130 that 1 minutes take",
                     unbudgeted.stderr), unbudgeted.stderr


def test_schema_file_is_current():
    assert (ROOT / "talk.schema.json").read_text() == json_schema(), "run 'python build.py schema'"
    assert (ROOT / "talk.yaml").read_text().startswith("# yaml-language-server: $schema=talk.schema.json")


def test_talk_without_static_folder_gets_the_engine_theme_and_scripts(talk_dir, page):
    """A talk folder of its own (no static/) still builds a deck that starts and is themed."""
    assert not (talk_dir / "static").exists()
    assert run_build("--talk", str(talk_dir / "talk.yaml")).returncode == 0
    assert (talk_dir / "dist" / "static" / "deck.js").is_file()
    page.goto((talk_dir / "dist" / "index.html").as_uri())
    page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=15000)
    assert page.evaluate("Reveal.getTotalSlides()") == 4
    assert "Atkinson" in page.evaluate("getComputedStyle(document.querySelector('.reveal')).fontFamily")


def test_a_build_starts_with_only_what_it_needs(talk_dir):
    """The first build keeps the model's schema, the fonts' subsets and the QR codes; from then on
    a --no-pdf build of a talk that fits its model starts no validation library, no font tool, no
    QR encoder, no browser, PowerPoint, serve or rehearsal code: the same outputs, byte for byte."""
    modules_loaded_by_a_build(talk_dir / "talk.yaml")
    first = dist_files(talk_dir)
    (talk_dir / "talk.yaml").write_text((talk_dir / "talk.yaml").read_text() + "\n")  # edited: validated anew
    loaded = modules_loaded_by_a_build(talk_dir / "talk.yaml")
    heavy = {"pydantic", "segno", "fontTools", "uharfbuzz", "playwright", "pptx", "pypdf", "pikepdf", "watchfiles"}
    assert {name.split(".")[0] for name in loaded} & heavy == set()
    assert {"deck.serve", "deck.server", "deck.remote", "deck.rehearsal", "deck.pdf", "deck.browser", "deck.pdf_file", "deck.pptx"} & loaded == set()
    assert dist_files(talk_dir) == first


def test_check_reads_rehearsals_only_where_there_are_some(talk_dir):
    """Most talks have no rehearsals/: check then loads neither the run files' checker nor pydantic."""
    modules_loaded_by_a_build(talk_dir / "talk.yaml")  # the first build keeps the model's schema
    loaded = modules_loaded_by_a_build(talk_dir / "talk.yaml", "check")
    assert {"pydantic", "deck.rehearsal"} & loaded == set()
    (talk_dir / "rehearsals").mkdir()
    assert "deck.rehearsal" in modules_loaded_by_a_build(talk_dir / "talk.yaml", "check")


def dist_files(talk_dir) -> dict[str, bytes]:
    return {str(path.relative_to(talk_dir)): path.read_bytes() for path in (talk_dir / "dist").rglob("*") if path.is_file()}
