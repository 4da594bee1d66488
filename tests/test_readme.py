"""The README's "When the build says no" shows real messages: replay its three runs and compare."""
from __future__ import annotations

import re
import shutil

import pytest

from conftest import ROOT, run_build

# What each run in the README did to the real talk: (file, text before, text after).
MISTAKES = {
    "a ']' forgotten on line 177": [
        ("talk.yaml", "remedies: [product-trio, problems-not-features, shaping-and-appetite]\n",
         "remedies: [product-trio, problems-not-features, shaping-and-appetite\n")],
    "an id mistyped in talk.yaml, a number in a slide's front matter": [
        ("talk.yaml", "remedies: [product-trio, problems-not-features, shaping-and-appetite]\n",
         "remedies: [product-trio, problems-not-features, shaping-and-appetit]\n"),
        ("slides/the-myth.md", "minutes: 1.25\n", "minutes: soon\n")],
    "a reading-list link that would run script": [
        ("talk.yaml", "url: https://www.producttalk.org/continuous-discovery-habits/\n",
         "url: javascript:alert(document.cookie)\n")],
}


def readme_runs() -> dict[str, str]:
    """Each `$ python build.py  # why` in the README's section, with the output shown under it."""
    section = (ROOT / "README.md").read_text().split("## When the build says no", 1)[1].split("\n## ", 1)[0]
    block = section.split("```text\n", 1)[1].split("```", 1)[0]
    runs = re.split(r"^\$ python build\.py +# (.+)\n", block, flags=re.MULTILINE)[1:]
    return {why: output.strip("\n") for why, output in zip(runs[::2], runs[1::2])}


def test_the_readme_shows_three_runs():
    assert list(readme_runs()) == list(MISTAKES)


@pytest.mark.parametrize("why", list(MISTAKES))
def test_readme_error_messages_are_what_the_build_prints(why, tmp_path):
    for folder in ("slides", "static"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copy(ROOT / "talk.yaml", tmp_path / "talk.yaml")
    for name, before, after in MISTAKES[why]:
        path = tmp_path / name
        text = path.read_text()
        assert text.count(before) >= 1, f"{before!r} is no longer in {name}: update the README's example"
        path.write_text(text.replace(before, after, 1))
    result = run_build("--talk", str(tmp_path / "talk.yaml"))
    assert result.returncode == 1
    assert result.stderr.strip("\n") == readme_runs()[why]
