"""What one process keeps in memory between serve's rebuilds: the cache entries it made or checked
(trusted while their file is unchanged) and the sandbox's answers about attributes. A save
redoes only what it touched, and every guarantee holds as on a first build."""
from __future__ import annotations

import collections.abc
import json

import jinja2
import pytest

from deck import files, load, markup
from deck.sandbox import Sandbox
from deck.serve import Rebuilder


@pytest.fixture
def served(talk_dir, tmp_path_factory, monkeypatch):
    """serve's Rebuilder over the minimal talk, with a cache of its own, after its first build."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    rebuilder = Rebuilder(talk_dir / "talk.yaml", tmp_path_factory.mktemp("out") / "dist")
    rebuilder.build_all()
    return rebuilder


def counted(monkeypatch, module, name: str) -> list:
    """Each call of module.name recorded (it still runs)."""
    calls, real = [], getattr(module, name)

    def recording(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, recording)
    return calls


def test_a_save_checks_no_kept_entry_again(served, talk_dir, monkeypatch):
    html_read = counted(monkeypatch, markup, "_elements")  # a conversion's elements, for the rules and links
    yaml_checked = counted(monkeypatch, load, "_sound_entry")  # a kept parse's shape
    slide = talk_dir / "slides" / "intro.md"
    slide.write_text(slide.read_text() + "- a third point\n")
    result = served.rebuild({slide})
    assert "index.html" in result.written
    assert "<li>a third point</li>" in (served.out / "index.html").read_text()
    assert html_read == [("<ul>\n<li>one point</li>\n<li>another point</li>\n<li>a third point</li>\n</ul>",)]
    assert yaml_checked == []  # the front matter, as it was, is trusted


def test_a_kept_entry_changed_on_disk_is_checked_again(served, talk_dir):
    crafted = json.dumps({"html": "<ul><li>one point</li></ul><script>alert(1)</script>", "pictures": []}).encode()
    kept = sorted(files.cache_folder("markdown").iterdir())
    assert kept
    for path in kept:  # as only someone who can write the user's cache could: under a right digest
        path.write_bytes(files._digest(crafted) + crafted)
    slide = talk_dir / "slides" / "intro.md"
    slide.write_text(slide.read_text() + "\n")  # a save that changes nothing shown
    served.rebuild({slide})
    page = (served.out / "index.html").read_text()
    assert "alert(1)" not in page and "<li>another point</li>" in page


class Box:
    def add(self, item):
        return item


def test_the_sandbox_answers_once_per_class_and_forgets_when_a_class_is_registered():
    template = Sandbox(undefined=jinja2.StrictUndefined).from_string("{{ box.add is defined }} {{ items.append }}")
    with pytest.raises(jinja2.exceptions.SecurityError, match="'append' of list is not open to templates"):
        template.render(box=Box(), items=[])
    assert Sandbox().from_string("{{ box.add is defined }}").render(box=Box()) == "True"
    shown = Sandbox().from_string("{{ box.add is defined }}")
    assert shown.render(box=Box()) == "True"  # asked, and kept
    collections.abc.MutableSet.register(Box)  # now a mutable set: add() would change it
    assert shown.render(box=Box()) == "False"


def test_a_save_redraws_only_the_pictures_whose_records_changed(real_talk, monkeypatch):
    """The talk's pictures and grids are kept between saves by what they show: a Markdown slide's edit
    redraws none of them; a ranked list's value changed in talk.yaml redraws that list (the new value
    shown), a column's name redraws the grids, each showing the new words."""
    from deck import evidence, grid, verdict

    talk, served = real_talk
    lists, grids = counted(monkeypatch, evidence, "for_technique"), counted(monkeypatch, grid, "_partnership_grid")
    verdicts = counted(monkeypatch, verdict, "_claim_grid")  # the grid drawn whole, about its one column
    slide = talk / "slides" / "spot-them.md"
    slide.write_text(slide.read_text().replace("on Monday", "next Monday", 1))
    served.rebuild({slide})
    assert "next Monday" in (served.out / "index.html").read_text()
    assert lists == [] and grids == [] and verdicts == []
    yaml = (talk / "talk.yaml").read_text()
    assert '{item: Invoicing, value: "£40k"' in yaml and "    short: Internal\n" in yaml
    (talk / "talk.yaml").write_text(yaml.replace('{item: Invoicing, value: "£40k"', '{item: Bank feeds, value: "£41k"')
                                    .replace("    short: Internal\n", "    short: In-house\n"))
    served.rebuild({talk / "talk.yaml"})
    page = (served.out / "index.html").read_text()
    assert "£41k" in page and "£40k" not in page and ">In-house<" in page
    assert [args[0].id for args in lists] == ["one-portfolio"]
    assert len(grids) == len([s for s in served.deck.slides if s.kind == "context" and "grid" in s.show])
    assert len(verdicts) == 1


@pytest.fixture
def real_talk(tmp_path_factory, monkeypatch):
    """A copy of the real talk (its 40 slides) served by a Rebuilder after its first build."""
    import shutil

    from conftest import ROOT

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    talk = tmp_path_factory.mktemp("talk")
    shutil.copy(ROOT / "talk.yaml", talk)
    for folder in ("slides", "static"):
        shutil.copytree(ROOT / folder, talk / folder)
    served = Rebuilder(talk / "talk.yaml", tmp_path_factory.mktemp("out") / "dist")
    served.build_all()
    return talk, served


def built_afresh(talk, served) -> bool:
    """Whether the deck page and the programme (cfp.md) serve wrote are those a build of the talk as
    it now is makes, every slide rendered."""
    from deck import render, validate

    made = render.render(validate.load_deck(talk / "talk.yaml"))
    return all((served.out / name).read_text() == made[name] for name in ("index.html", "cfp.md"))


def test_a_save_of_one_slides_words_renders_that_slide_alone_into_the_page_a_build_makes(real_talk):
    talk, served = real_talk
    slide = talk / "slides" / "spot-them.md"
    slide.write_text(slide.read_text().replace("technical work on one list?", "technical work on one list today?"))
    result = served.rebuild({slide})
    page = (served.out / "index.html").read_text()
    assert result.rendered == 1 and result.slides == len(served.deck.slides) > 30
    assert "one list today?" in page and built_afresh(talk, served)
    slide.write_text(slide.read_text().replace("not you.\n", "not you. Then listen.\n"))  # its notes
    result = served.rebuild({slide})
    page = (served.out / "index.html").read_text()
    assert result.rendered == 1 and "Then listen." in page and built_afresh(talk, served)
    # A slide's notes in talk.yaml: that slide alone again, the page as a build makes it.
    yaml = (talk / "talk.yaml").read_text()
    first_notes = yaml.index("notes: |", yaml.index("\noutline:"))
    line_end = yaml.index("\n", yaml.index("\n", first_notes) + 1)
    (talk / "talk.yaml").write_text(yaml[:line_end] + " Said once more." + yaml[line_end:])
    result = served.rebuild({talk / "talk.yaml"})
    page = (served.out / "index.html").read_text()
    assert result.rendered == 1 and "Said once more." in page and built_afresh(talk, served)


def test_a_change_other_slides_show_renders_every_slide(real_talk):
    """A Markdown slide's title is listed elsewhere (the agenda, the reading view's contents);
    an entry's name is linked from other slides: every slide is rendered, as a build does."""
    talk, served = real_talk
    slide = talk / "slides" / "spot-them.md"
    slide.write_text(slide.read_text().replace("Monday's three", "Monday's four", 1))  # its title
    result = served.rebuild({slide})
    assert result.rendered == result.slides and built_afresh(talk, served)
    yaml = (talk / "talk.yaml").read_text()
    name = served.deck.slides[[s.kind for s in served.deck.slides].index("root")].grows[0].name
    (talk / "talk.yaml").write_text(yaml.replace(f"name: {name}\n", f"name: {name} again\n", 1))
    result = served.rebuild({talk / "talk.yaml"})
    page = (served.out / "index.html").read_text()
    assert result.rendered == result.slides and f"{name} again" in page and built_afresh(talk, served)


def test_a_talk_with_templates_of_its_own_renders_every_slide_on_each_save(real_talk):
    """A talk's own template may show another slide's words: nothing is kept for it."""
    import shutil

    from conftest import ROOT

    talk, served = real_talk
    shutil.copytree(ROOT / "templates", talk / "templates")
    own = talk / "templates" / "slides" / "section.html"
    own.write_text(own.read_text() + "{{ slides | map(attribute='body_html') | join | length }}\n")
    served.rebuild({own})
    slide = talk / "slides" / "spot-them.md"
    slide.write_text(slide.read_text().replace("technical work on one list?", "technical work on one list today?"))
    result = served.rebuild({slide})
    page = (served.out / "index.html").read_text()
    assert result.rendered == result.slides and "one list today?" in page and built_afresh(talk, served)
