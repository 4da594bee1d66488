"""A stranger's talk folder, third pass: a talk's templates in a sandbox, and what hung, flooded or
locked out before.

Each part is one finding of that pass, tried as a stranger would send it (a folder built with the
default command, `check`, `serve`): a talk's templates lay out the page and reach no Python.
"""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import jinja2
import pytest

from conftest import run_build


def build(talk_dir: Path, *args: str) -> subprocess.CompletedProcess:
    return run_build("--talk", str(talk_dir / "talk.yaml"), *args)


def problems(result: subprocess.CompletedProcess) -> list[str]:
    """A refused run: exit status 1, no traceback; the located lines it printed (no warnings)."""
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    return [line for line in result.stderr.splitlines() if ": warning: " not in line and not line.startswith(" ")
            and not re.fullmatch(r"\d+ problems?; nothing was written", line)]


# --- 1. a talk's templates render in the sandbox ---------------------------------------------

def own_title(talk_dir: Path, expression: str, name: str = "slides/title.html") -> None:
    """The talk's own title slide: the engine's, with one more line that writes `expression`."""
    path = talk_dir / "templates" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{% extends "engine/slides/title.html" %}{% block content %}{{ super() }}\n'
                    f"<p>{{{{ {expression} }}}}</p>\n{{% endblock %}}\n")


WHY = "is not open to templates: a talk's templates lay out the page and cannot reach Python"
REACHING_PYTHON = {
    "a function's globals": ("cycler.__init__.__globals__.os.popen('touch ran').read()",
                             f"'__init__' of Cycler {WHY}"),
    "a class's subclasses": ("''.__class__.__mro__[1].__subclasses__()", f"'__class__' of str {WHY}"),
    "a path's methods": ("deck.root.joinpath('ran').write_text('x')", f"calling PurePath.joinpath {WHY}"),
    "a module behind a helper": ("draw.diagrams.cached", f"'diagrams' of Drawings {WHY}"),
    "the deck's lists changed": ("deck.slides.append(1)", f"'append' of list {WHY}"),
    "a generator's frame": ("(slides|map(attribute='title')).gi_frame", f"'gi_frame' of generator {WHY}"),
}


@pytest.mark.parametrize("expression, message", REACHING_PYTHON.values(), ids=REACHING_PYTHON.keys())
def test_a_talks_template_reaches_no_python(talk_dir, expression, message):
    own_title(talk_dir, expression)
    assert problems(build(talk_dir)) == [f"templates/slides/title.html:2:1: template error: {message}"]
    assert not (talk_dir / "ran").exists() and not (talk_dir / "dist").exists()


def test_the_programme_template_is_sandboxed_too(talk_dir):
    (talk_dir / "templates").mkdir()
    (talk_dir / "templates" / "cfp.md").write_text("# {{ talk.title }}\n\n{{ lipsum.__globals__ }}\n")
    assert problems(build(talk_dir)) == [f"templates/cfp.md:3:1: template error: '__globals__' of function {WHY}"]


def test_a_talks_template_lays_out_with_filters_labels_and_the_engines_helpers(talk_dir):
    own_title(talk_dir, 't("site_downloads") | upper }} {{ link_to("order-giver") }} {{ deck.subject("tree").name '
                        '}} {{ "a,b".split(",") | join("+") }} {{ "{} ({})".format(talk.title, slides | length) '
                        '}} {% for slide in slides %}{{ loop.cycle("x", "y") }}{% endfor %} {{ dict(a=1).a')
    result = build(talk_dir)
    assert result.returncode == 0, result.stderr
    assert ('<p>DOWNLOADS <a class="ref" href="#/order-giver">Order-giver</a> Opportunity tree a+b A Small Talk (4) '
            'xyxy 1</p>') in (talk_dir / "dist" / "index.html").read_text()


def test_the_engines_templates_render_the_same_in_the_sandbox(deck, monkeypatch):
    """The real talk through the sandbox and through plain Jinja: the same bytes."""
    from deck import render

    sandboxed = render.render(deck)
    made = render.make_environment

    def plain(templates=None, markdown=False):
        environment = made(templates, markdown)
        unsandboxed = jinja2.Environment(
            loader=environment.loader, undefined=environment.undefined, autoescape=environment.autoescape,
            finalize=environment.finalize, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
        unsandboxed.filters.update(environment.filters)
        return unsandboxed

    monkeypatch.setattr(render, "make_environment", plain)
    assert render.render(deck) == sandboxed
