"""Validation: every problem reported at once, located by the YAML's own line and column."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from deck.problems import TalkError
from deck.validate import load_deck

from conftest import ROOT


def problems_of(talk_dir: Path) -> list[str]:
    with pytest.raises(TalkError) as caught:
        load_deck(talk_dir / "talk.yaml")
    return [str(problem) for problem in caught.value.problems]


def edit(talk_dir: Path, old: str, new: str) -> None:
    path = talk_dir / "talk.yaml"
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def test_minimal_talk_is_valid(talk_dir):
    deck = load_deck(talk_dir / "talk.yaml")
    assert [slide.kind for slide in deck.slides] == ["title", "anti-pattern", "pattern", "markdown"]
    assert deck.planned_minutes == 4
    assert deck.slides[3].title == "Intro"
    assert "<li>one point</li>" in deck.slides[3].body_html


def test_unknown_remedy_is_located_with_known_ids(talk_dir):
    edit(talk_dir, "remedies: [product-trio]", "remedies: [trio]")
    assert problems_of(talk_dir) == [
        "talk.yaml:29:16: anti_patterns[0].remedies[0]: unknown pattern 'trio' (known: tree, product-trio)"]


def test_an_anti_patterns_root_is_one_of_the_talks_roots(talk_dir):
    """A root is named by id, like a remedy: a typo is located at the field, with the roots there are."""
    edit(talk_dir, "anti_patterns:\n", "roots:\n  - {id: who-decides, name: who decides}\nanti_patterns:\n")
    edit(talk_dir, "remedies: [product-trio]", "remedies: [product-trio]\n    root: who-decide")
    assert problems_of(talk_dir) == [
        "talk.yaml:32:11: anti_patterns[0].root: unknown root 'who-decide' (known: who-decides)"]


def test_every_problem_is_reported_at_once(talk_dir):
    edit(talk_dir, "contexts: [new-market]", "contexts: [old-market]")
    edit(talk_dir, "supports: [product-trio]", "supports: [product-duo]")
    edit(talk_dir, "ref: order-giver", "ref: order-taker")
    assert problems_of(talk_dir) == [
        "talk.yaml:41:16: patterns[0].contexts[0]: unknown context 'old-market' (known: new-market)",
        "talk.yaml:48:16: tools[0].supports[0]: unknown pattern 'product-duo' (known: product-trio)",
        "talk.yaml:59:14: outline[0].slides[1].ref: unknown anti-pattern 'order-taker' (known: order-giver)",
    ]


def test_unknown_field_suggests_the_near_miss(talk_dir):
    edit(talk_dir, "\nquestions_minutes: 2", "\nquestion_minutes: 2")
    assert problems_of(talk_dir) == [
        "talk.yaml:7:1: question_minutes: unknown field 'question_minutes'; did you mean 'questions_minutes'?"]


def test_missing_field_and_wrong_type(talk_dir):
    edit(talk_dir, "slot_minutes: 10", "slot_minutes: ten")
    edit(talk_dir, "  name: Sam Speaker\n", "  role: Speaker\n")
    found = problems_of(talk_dir)
    assert found[0] == "talk.yaml:3:3: speaker: missing required field 'name'"
    assert found[1] == "talk.yaml:6:15: slot_minutes: expected a whole number (got 'ten')"


def test_duplicate_key_is_an_error(talk_dir):
    edit(talk_dir, "slot_minutes: 10\n", "slot_minutes: 10\nslot_minutes: 20\n")
    assert problems_of(talk_dir) == ["talk.yaml:7:1: slot_minutes: duplicate key 'slot_minutes' (first given on line 6)"]


def test_yaml_syntax_error_is_located_with_a_caret(talk_dir):
    edit(talk_dir, "title: A Small Talk", "title: [A Small Talk")
    (problem,) = problems_of(talk_dir)
    assert problem.startswith("talk.yaml:1:8: this '[' is not closed")  # where the '[' opens
    assert "^" in problem


def test_duplicate_ids_across_the_model(talk_dir):
    edit(talk_dir, "  - id: tree", "  - id: product-trio")
    found = problems_of(talk_dir)
    assert "talk.yaml:45:9: tools[0].id: duplicate id 'product-trio' (already used by patterns[0])" in found


def test_slot_overrun_fails(talk_dir):
    edit(talk_dir, "slot_minutes: 10", "slot_minutes: 5")
    assert problems_of(talk_dir) == [
        "talk.yaml:51:1: outline: slides plan 4 minutes but the slot leaves 3 (5 minus 2 for questions)"]


def test_summary_word_count_against_the_events_rule(talk_dir):
    edit(talk_dir, "twelve thirteen fourteen fifteen sixteen\n", "twelve\n")
    load_deck(talk_dir / "talk.yaml")  # no rule: any length
    edit(talk_dir, "  name: Test Conf\n", "  name: Test Conf\n  summary_length: {unit: words, min: 75, max: 80}\n")
    assert problems_of(talk_dir) == [
        "talk.yaml:10:10: summary: the summary is 72 words; the programme (event.summary_length) needs 75 to 80"]


def test_missing_slide_file_and_escaping_path(talk_dir):
    edit(talk_dir, "- file: slides/intro.md", "- file: slides/outro.md\n      - file: ../../etc/passwd")
    assert problems_of(talk_dir) == [
        "talk.yaml:67:15: outline[0].slides[3].file: slide file 'slides/outro.md' not found",
        "talk.yaml:68:15: outline[0].slides[4].file: '../../etc/passwd' is outside the talk's folder; name a file under slides/",
    ]


def test_image_without_alt_text_is_refused(talk_dir):
    (talk_dir / "static").mkdir()
    from test_stranger import png

    (talk_dir / "static" / "map.png").write_bytes(png())
    slide = talk_dir / "slides" / "intro.md"
    slide.write_text(slide.read_text() + "\n![](../static/map.png)\n")
    assert problems_of(talk_dir) == ["slides/intro.md:9:1: image '../static/map.png' has no alt text: write what it shows in ![...]"]


def test_front_matter_problems_are_located_in_the_slide_file(talk_dir):
    slide = talk_dir / "slides" / "intro.md"
    slide.write_text(slide.read_text().replace("minutes: 1", "minuts: 1"))
    found = problems_of(talk_dir)
    # one typo, one line: the field it meant is not reported missing as well
    assert found == ["slides/intro.md:3:1: minuts: unknown field 'minuts'; did you mean 'minutes'?"]


def test_every_takeaway_is_delivered(talk_dir):
    edit(talk_dir, "        delivers: spot\n", "")
    assert problems_of(talk_dir) == [
        "talk.yaml:17:9: takeaways[0].id: takeaway 'spot' is delivered by no slide (add 'delivers: spot' to one)"]


def test_the_real_talk_is_valid():
    deck = load_deck(Path(__file__).resolve().parent.parent / "talk.yaml")
    assert deck.slides


def test_a_type_error_does_not_hide_dangling_references(talk_dir):
    """Both kinds of mistake come out of one run: the speaker fixes them all before building again."""
    edit(talk_dir, "slot_minutes: 10", "slot_minutes: ten")
    edit(talk_dir, "remedies: [product-trio]", "remedies: [trio]")
    edit(talk_dir, "  - id: tree", "  - id: product-trio")
    found = problems_of(talk_dir)
    assert found[0] == "talk.yaml:6:15: slot_minutes: expected a whole number (got 'ten')"
    assert found[1:] == [
        "talk.yaml:29:16: anti_patterns[0].remedies[0]: unknown pattern 'trio' (known: product-trio)",
        "talk.yaml:45:9: tools[0].id: duplicate id 'product-trio' (already used by patterns[0])",
    ]


def as_data(value):
    """A checked talk as nested data, each object with its class's name and each number with its
    type, so a record and pydantic's model compare field by field (2 and 2.0 differ)."""
    from pydantic import BaseModel

    from deck.checked import Entry

    if isinstance(value, BaseModel):
        return {"$": type(value).__name__, **{name: as_data(getattr(value, name)) for name in type(value).model_fields}}
    if isinstance(value, Entry):
        return {"$": type(value).__name__, **{name: as_data(field) for name, field in value}}
    if isinstance(value, list):
        return [as_data(item) for item in value]
    if isinstance(value, dict):
        return {key: as_data(item) for key, item in value.items()}
    return (type(value).__name__, value)


def both_ways(source, model: str):
    """(the plain path's result, pydantic's) for one loaded source."""
    from deck import model as models
    from deck.checked import model_or_problems

    made, problems = model_or_problems(source, model)
    assert problems == []
    return as_data(made), as_data(getattr(models, model).model_validate(source.data))


@pytest.mark.parametrize("talk", ["talk.yaml", "tests/talks/zweiter-vortrag/talk.yaml", "deck/scaffold/patterns/talk.yaml",
                                  "deck/scaffold/plain/talk.yaml"])
def test_plain_records_are_what_pydantic_makes(talk):
    """Without pydantic, each talk and each slide's front matter becomes what pydantic makes of it."""
    from deck import load

    path = Path(__file__).resolve().parent.parent / talk
    plain, by_pydantic = both_ways(load.load_yaml_file(path, path.parent), "Talk")
    assert plain == by_pydantic and plain["$"] == "Talk"
    for slide in sorted((path.parent / "slides").glob("*.md")):
        plain, by_pydantic = both_ways(load.load_markdown_slide(slide, path.parent).front, "FrontMatter")
        assert plain == by_pydantic


@pytest.mark.parametrize("change", [
    {"title": "  Padded on both sides \n"},           # stripped
    {"slot_minutes": 40},                             # moved: both places agree afterwards
    {"level": "advanced", "theme": "dark"},
    {"labels": {"agenda": " Plan "}},
    {"event": {"name": "Conf", "slot_minutes": "45"}},  # a string for a number: pydantic converts it
    {"history": [{"event": "Meetup", "date": "2025-01-01"}]},
])
def test_values_pydantic_converts_are_left_to_pydantic(talk_dir, change):
    """A value pydantic would convert or strip gives the same talk by either path."""
    from deck import load

    source = load.load_yaml_file(talk_dir / "talk.yaml", talk_dir)
    source.data.update(change)
    plain, by_pydantic = both_ways(source, "Talk")
    assert plain == by_pydantic


def test_the_shipped_schemas_are_what_pydantic_makes_of_the_model():
    """deck/model_schemas.json, which a first build validates with, is pydantic's schema of the
    model as it is now: after model.py changes, `python -m deck.checked` writes it anew."""
    from deck.checked import SHIPPED, _made_schemas, _schemas_key

    shipped = json.loads(SHIPPED.read_text(encoding="utf-8"))
    assert shipped["key"] == _schemas_key(), "run 'python -m deck.checked'"
    assert shipped["schemas"] == json.loads(_made_schemas())


@pytest.mark.parametrize("shipped", ["", "{not json", '{"key": "made from another model", "schemas": {}}'])
def test_a_shipped_schema_from_another_model_is_made_anew(shipped, tmp_path, monkeypatch):
    """A shipped schema that is missing, damaged or made from another model is not used: pydantic
    makes the schema, and the talk is checked as before."""
    from deck import checked, load

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    (tmp_path / "model_schemas.json").write_text(shipped, encoding="utf-8")
    monkeypatch.setattr(checked, "SHIPPED", tmp_path / "model_schemas.json")
    checked._schemas.cache_clear()
    try:
        assert checked._schemas() == json.loads(checked._made_schemas())
        talk = Path(__file__).resolve().parent.parent / "talk.yaml"
        plain, by_pydantic = both_ways(load.load_yaml_file(talk, talk.parent), "Talk")
        assert plain == by_pydantic
    finally:
        checked._schemas.cache_clear()


def test_a_ranked_value_without_a_number_is_located_where_it_is_written(tmp_path):
    """A ranked item's bar is as long as its value: a value with no number is refused at its own
    line and column, not at the picture that holds it."""
    shutil.copytree(ROOT / "slides", tmp_path / "slides")
    lines = (ROOT / "talk.yaml").read_text().splitlines()
    ranked = [number for number, line in enumerate(lines) if re.search(r'- \{item: .*value: "[^"]*\d', line)]
    last = lines[ranked[-1]]
    written = re.search(r'value: ("[^"]*")', last)
    lines[ranked[-1]] = last.replace(written.group(1), '"a little"')
    (tmp_path / "talk.yaml").write_text("\n".join(lines) + "\n")
    [problem] = problems_of(tmp_path)
    assert problem.startswith(f"talk.yaml:{ranked[-1] + 1}:{written.start(1) + 1}: patterns["), problem
    assert problem.endswith(f"].picture.items[{len(ranked) - 1}].value: expected a number in it: a ranked item's "
                            "bar is drawn as long as its value (got 'a little')"), problem
