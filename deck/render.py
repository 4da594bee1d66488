"""Render: the validated Deck through Jinja templates into {relative path: text}; nothing touches disk.

One Environment factory: the talk's own templates/ first, then the engine's templates/ (also
reachable as 'engine/...' so an override can extend the original). StrictUndefined and HTML
autoescape are set explicitly: every text from talk.yaml is escaped; only Markdown we rendered
ourselves is passed in as Markup.
"""
from __future__ import annotations

import json
import sys
import traceback
from functools import lru_cache
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from .problems import Problem, TalkError, display_path
from .validate import Deck

ENGINE = Path(__file__).resolve().parent.parent
ENGINE_TEMPLATES = ENGINE / "templates"

# The presenter deck loads only files of its own folder; nothing leaves the machine.
PRESENTER_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                 "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-src 'self'; "
                 "object-src 'none'; base-uri 'none'; form-action 'none'")


@lru_cache(maxsize=8)
def make_environment(talk_templates: Path | None = None) -> jinja2.Environment:
    """The one Environment: compiled templates are cached in it across builds (serve reuses it)."""
    loaders: list[jinja2.BaseLoader] = []
    if talk_templates is not None and talk_templates.is_dir() and talk_templates.resolve() != ENGINE_TEMPLATES:
        loaders.append(jinja2.FileSystemLoader(talk_templates))
    loaders.append(jinja2.FileSystemLoader(ENGINE_TEMPLATES))
    loaders.append(jinja2.PrefixLoader({"engine": jinja2.FileSystemLoader(ENGINE_TEMPLATES)}))
    environment = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["paragraphs"] = paragraphs
    environment.filters["minutes"] = lambda value: f"{value:g}"
    return environment


def paragraphs(text: str) -> Markup:
    """Speaker notes as paragraphs: blank lines separate them; every character is escaped."""
    blocks = [block.strip() for block in text.split("\n\n") if block.strip()]
    return Markup("\n").join(Markup("<p>{}</p>").format(" ".join(block.split())) for block in blocks)


def reveal_config(deck: Deck) -> dict:
    """reveal.js options: totalTime drives the speaker view's pacing from each slide's data-timing."""
    talk = deck.talk
    return {
        "hash": True,
        "controls": True,
        "progress": True,
        "slideNumber": "c/t",
        "center": False,
        "width": 1920,
        "height": 1080,
        "margin": 0.04,
        "transition": "slide",
        "totalTime": (talk.slot_minutes - talk.questions_minutes) * 60,
        "showNotes": False,
        "pdfSeparateFragments": False,
        "pdfMaxPagesPerSlide": 1,
    }


def template_problem(error: BaseException, root: Path) -> Problem:
    """A template error names the template file and line, not the engine's frames."""
    if isinstance(error, jinja2.TemplateSyntaxError):
        return Problem(display_path(Path(error.filename or error.name or "?"), root), error.lineno or 1, 1, "",
                       f"template error: {error.message}")
    for frame, line in reversed(list(traceback.walk_tb(error.__traceback__))):
        filename = frame.f_code.co_filename
        if filename.endswith(".html") or filename.endswith(".md") or filename.endswith(".j2"):
            return Problem(display_path(Path(filename), root), line, 1, "", f"template error: {error}")
    return Problem("templates", 1, 1, "", f"template error: {error}")


def render(deck: Deck) -> dict[str, str]:
    """Every text output of the build, by path relative to dist/."""
    environment = make_environment(deck.root / "templates")
    context = {"deck": deck, "talk": deck.talk, "slides": deck.slides,
               "config_json": Markup(json.dumps(reveal_config(deck), sort_keys=True)),
               "csp": PRESENTER_CSP, "link_to": lambda ref: link_to(deck, ref), "qr_svg": qr_svg}
    try:
        return {
            "index.html": environment.get_template("deck.html").render(context),
            "cfp.md": environment.get_template("cfp.md").render(context),
        }
    except jinja2.TemplateError as error:
        raise TalkError([template_problem(error, deck.root)]) from None
    except (TypeError, AttributeError, KeyError, ValueError) as error:
        problem = template_problem(error, deck.root)
        if problem.file == "templates" and sys.flags.dev_mode:
            raise
        raise TalkError([problem]) from None


def link_to(deck: Deck, ref: str) -> Markup:
    """An in-deck link to the slide that shows a model entry, or its plain name if none does."""
    entry = deck.subject(ref)
    name = entry.name if entry is not None else ref
    anchor = deck.anchor_of(ref)
    if anchor is None:
        return Markup('<span class="ref">{}</span>').format(name)
    return Markup('<a class="ref" href="#/{}">{}</a>').format(anchor, name)


def qr_svg(url: str, title: str) -> Markup:
    """A QR code as inline SVG (segno): no image file, no network, sharp on any projector."""
    import segno  # only the closing slide needs it

    code = segno.make(url, error="m")
    svg = code.svg_inline(scale=8, border=2, dark="#000", light="#fff", title=title, svgclass="qr", omitsize=False)
    return Markup(svg.replace("<svg ", '<svg role="img" ', 1))


__all__ = ["make_environment", "render", "reveal_config", "escape"]
