"""`build.py new` starts a plain talk of Markdown slides; the patterns model is an option."""
from __future__ import annotations

import yaml
from conftest import run_build


def test_new_is_plain_by_default_and_the_patterns_model_on_request(tmp_path):
    plain, patterns = tmp_path / "plain", tmp_path / "patterns"
    assert run_build("new", str(plain)).returncode == 0
    assert run_build("new", str(patterns), "--model", "patterns").returncode == 0
    first, second = (yaml.safe_load((folder / "talk.yaml").read_text()) for folder in (plain, patterns))
    assert not any(first.get(name) for name in ("anti_patterns", "contexts", "patterns", "tools"))
    assert all(second[name] for name in ("anti_patterns", "contexts", "patterns", "tools"))
    kinds = [slide.get("kind", "markdown") for section in first["outline"] for slide in section["slides"]]
    assert kinds == ["title", "markdown", "recap", "closing"]
    built = run_build("--talk", str(plain / "talk.yaml"))
    assert built.returncode == 0, built.stderr
    refused = run_build("new", str(tmp_path / "third"), "--model", "cynefin")
    assert refused.returncode == 2 and "invalid choice: 'cynefin'" in refused.stderr


def test_a_new_talk_checks_clean_but_for_what_only_the_speaker_knows(tmp_path):
    """Its starter's words show how to write a slide and its notes; check lists only the title, the
    speaker, the event and the two addresses the closing slide's QR codes need."""
    folder = tmp_path / "talk"
    assert run_build("new", str(folder)).returncode == 0
    checked = run_build("check", "--talk", str(folder / "talk.yaml"))
    assert checked.returncode == 0, checked.stderr
    warned = [line.split(": warning: ")[1].split(":")[0] for line in checked.stderr.splitlines() if ": warning: " in line]
    assert warned == ["title", "speaker.name", "speaker.role", "speaker.bio", "event.name", "event.date",
                      "event.location", "links.slides", "links.feedback"], checked.stderr
    slide = (folder / "slides" / "first.md").read_text()
    assert "TODO" not in slide and "title: A slide makes one point" in slide
    outline = yaml.safe_load((folder / "talk.yaml").read_text())["outline"]
    assert all("TODO" not in str(entry) for section in outline for entry in [section["title"], *section["slides"]])
