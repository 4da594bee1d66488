"""Render: the validated Deck through Jinja templates into {relative path: text}; nothing touches disk.

One Environment factory: the talk's own templates/ first, then the engine's templates/ (also
reachable as 'engine/...' so an override can extend the original), all rendered in the sandbox
(deck/sandbox.py): a talk's templates lay out the page and reach no Python. StrictUndefined and HTML
autoescape are set explicitly: every text from talk.yaml is escaped; only Markdown we rendered
ourselves is passed in as Markup.
"""
from __future__ import annotations

import json
import re
import sys
import traceback
from contextlib import nullcontext
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from .files import ENGINE_TEMPLATES, REVEAL, cache_key, cached, package_stamp
from . import script
from .presenting import speaker_words
from .problems import Problem, TalkError, display_path
from .rules import caption_band_px
from .sandbox import Sandbox
from .slide_parts import KeptSlides, slide_part
from .validate import Deck, qr_code


# The presenter deck loads only files of its own folder; nothing leaves the machine.
PRESENTER_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                 "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-src 'self'; "
                 "object-src 'none'; base-uri 'none'; form-action 'none'")
# A QR code as segno draws it (qr_svg): a title of text, two paths, nothing else.
QR_SHAPE = re.compile(r'<svg role="img" viewBox="0 0 \d+ \d+" class="qr"><title>[^<>]*</title>'
                      r'<g transform="scale\(\d+\)"><path fill="#fff" d="[\d.hvmzMHVZ -]*"/>'
                      r'<path class="qrline" stroke="#000" d="[\d.hvmzMHVZ -]*"/></g></svg>\s*')
# reveal's notes plugin document.write()s its speaker view, inline scripts and all, into an
# about:blank popup, which inherits this policy: those scripts are allowed by their hashes only.
REVEAL_NOTES = REVEAL / "plugin" / "notes.js"


TEMPLATE_SECONDS = 30.0  # a render of a talk's own templates, at most


@lru_cache(maxsize=8)
def make_environment(talk_templates: Path | None = None, markdown: bool = False) -> jinja2.Environment:
    """The one Environment: compiled templates are cached in it across builds (serve reuses it).

    With markdown, the same templates for a Markdown output (cfp.md): every value is written
    through markdown_text instead of HTML's autoescape."""
    loaders: list[jinja2.BaseLoader] = []
    if talk_templates is not None and talk_templates.is_dir() and talk_templates.resolve() != ENGINE_TEMPLATES:
        loaders.append(jinja2.FileSystemLoader(talk_templates))
    loaders.append(jinja2.FileSystemLoader(ENGINE_TEMPLATES))
    loaders.append(jinja2.PrefixLoader({"engine": jinja2.FileSystemLoader(ENGINE_TEMPLATES)}))
    environment = Sandbox(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=False if markdown else jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        finalize=markdown_text if markdown else None,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Compiled templates kept between runs (checked against each template's source): a fresh
        # build.py process would otherwise spend more time compiling the templates than rendering.
        # Named for the sandbox: code compiled for a plain Environment calls without its checks.
        bytecode_cache=jinja2.FileSystemBytecodeCache(pattern="__deck_sandbox_markdown_%s.cache" if markdown
                                                      else "__deck_sandbox_%s.cache"),
    )
    environment.filters["paragraphs"] = paragraphs
    environment.filters["script"] = marked_notes
    environment.filters["minutes"] = lambda value: f"{value:g}"
    environment.filters["typo"] = typo
    environment.filters["whole_words"] = whole_words
    return environment


# What Markdown reads as syntax inside a line ('[x](javascript:...)', emphasis, code), and at the
# start of a line (a heading, a quote, a list, a rule): written as the characters themselves.
MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]])")
# Digits make an ordered list only when their '.' or ')' ends the word ('1. ', not '3.25 min').
MARKDOWN_LINE_START = re.compile(r"^([ \t]*)([#>+-]|\d+(?=[.)](?:[ \t]|$)))", flags=re.MULTILINE)
# Raw HTML, and what a renderer would read as an entity ('&lt;' stays the four characters).
HTML_START = re.compile(r"<(?=[A-Za-z/!?])|&(?=#?\w+;)")


def markdown_text(value) -> str:
    """A value from the talk as text in a Markdown file (cfp.md): an organiser's renderer, even
    one that passes raw HTML through, shows its characters and makes nothing of them (no tag, no
    link, no heading); paragraphs stay paragraphs."""
    text = "" if value is None else str(value)
    text = MARKDOWN_INLINE.sub(r"\\\1", text)
    text = HTML_START.sub(lambda found: "&lt;" if found.group() == "<" else "&amp;", text)
    return MARKDOWN_LINE_START.sub(lambda found: found.group(1) + (
        found.group(2) + "\\" if found.group(2)[0].isdigit() else "\\" + found.group(2)), text)


def projectable(value: str) -> str:
    """A metadata value as the room may see it: a placeholder ('[Speaker name]', 'TBD') is not
    projected ('check' names it until it is filled in)."""
    from .talk_checks import PLACEHOLDER_TEXT

    return "" if PLACEHOLDER_TEXT.match(value or "") else value


def paragraphs(text: str) -> Markup:
    """Speaker notes as paragraphs: blank lines separate them; every character is escaped."""
    blocks = [block.strip() for block in text.split("\n\n") if block.strip()]
    return Markup("\n").join(Markup("<p>{}</p>").format(" ".join(block.split())) for block in blocks)


# Scaffolding in the notes: a story prompt or a stage direction, in square brackets. The speaker
# view shows it set apart (italic, as reveal's speaker view sets <em>); the handout, the reading
# edition and the PowerPoint notes, which an audience reads, leave it out (class "scaffold").
SCAFFOLD = re.compile(r"\[[^\]]*\]")


def marked_notes(text: str) -> Markup:
    """Speaker notes as paragraphs, each bracketed prompt or direction marked as scaffolding; a
    paragraph that is nothing else is marked whole, so readers' copies drop it without a gap."""
    out = []
    for block in (" ".join(block.split()) for block in text.split("\n\n") if block.strip()):
        marked = Markup("").join(
            Markup('<em class="scaffold">{}</em>').format(part) if SCAFFOLD.fullmatch(part) else escape(part)
            for part in re.split(r"(\[[^\]]*\])", block) if part)
        whole = not SCAFFOLD.sub("", block).strip()
        out.append(Markup('<p class="scaffold">{}</p>' if whole else "<p>{}</p>").format(marked))
    return Markup("\n").join(out)


def without_scaffold(text: str) -> str:
    """The notes as an audience may read them: prompts and stage directions taken out."""
    blocks = (" ".join(SCAFFOLD.sub("", block).split()) for block in text.split("\n\n"))
    return "\n\n".join(block for block in blocks if block)


def typo(text: str) -> Markup:
    """Text from talk.yaml with typographic quotes, escaped."""
    from .markup import typographic

    return escape(typographic(str(text)))


_HYPHENATED = re.compile(r"\w+(?:-\w+)+")


def whole_words(text: str) -> Markup:
    """Escaped text whose hyphenated words never break at their hyphen: "anti-/patterns" across two
    lines reads as two words (a narrow card's line breaks before the word instead)."""
    return Markup(_HYPHENATED.sub(lambda word: f'<span class="whole">{word.group(0)}</span>', str(escape(text))))


def reveal_config(deck: Deck) -> dict:
    """reveal.js options: totalTime drives the speaker view's pacing from each slide's data-timing."""
    talk = deck.talk
    return {
        "hash": True,
        "controls": False,  # arrows are furniture: the clicker and the keys move the deck
        "progress": True,
        "slideNumber": "c/t",
        "center": False,
        "width": 1920,
        "height": 1080,
        "margin": 0,  # the slide is the screen at 1920x1080; the theme pads inside it
        "transition": "slide",
        "totalTime": (talk.slot_minutes - talk.questions_minutes) * 60,
        "showNotes": False,
        "pdfSeparateFragments": False,
        "pdfMaxPagesPerSlide": 1,
        "presentingWords": speaker_words(deck.labels),  # static/speaker.js: the speaker view's pause button
    } | _timed_config(deck)


def _timed_config(deck: Deck) -> dict:
    """A timed edition (Ignite, PechaKucha) advances by itself: each slide's seconds, then the next;
    the speaker's keys do not stop it (static/speaker.js shows the seconds left on the slide)."""
    if deck.edition is None:  # the full talk: nothing of the editions loaded
        return {}
    from .editions import seconds_per_slide

    seconds = seconds_per_slide(deck)
    if not seconds:
        return {}
    # fragments off: a slide's steps would each take the slide's seconds again
    return {"autoSlide": seconds * 1000, "autoSlideStoppable": False, "loop": False, "fragments": False,
            "totalTime": seconds * len(deck.slides)}


def script_json(data: dict) -> Markup:
    """JSON for a <script type="application/json"> block: '<', '>' and '&' escaped, so text from
    talk.yaml (a label override) can never close the element."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False)
    return Markup(text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e"))


def presenter_csp(notes_js: Path = REVEAL_NOTES) -> str:
    """The presenter deck's policy: script-src 'self' plus the hashes of the speaker view's scripts."""
    try:
        stamp = notes_js.stat().st_mtime_ns
    except OSError:  # not installed: the write stage says so, with the command that fixes it
        return PRESENTER_CSP
    hashes = " ".join(speaker_view_hashes(notes_js, stamp))
    return PRESENTER_CSP.replace("script-src 'self'", f"script-src 'self' {hashes}" if hashes else "script-src 'self'", 1)


@lru_cache(maxsize=4)
def speaker_view_hashes(notes_js: Path, stamp: int = 0) -> tuple[str, ...]:
    """'sha256-...' of each inline <script> in the speaker view the notes plugin writes (stamp: mtime)."""
    import base64
    import hashlib

    code = notes_js.read_text(encoding="utf-8")
    marker = code.find("Speaker View</title>")
    start = code.rfind("`", 0, marker) if marker != -1 else -1
    end = code.find("`", marker) if start != -1 else -1
    while end != -1 and code[end - 1] == "\\":  # an escaped backtick inside the template literal
        end = code.find("`", end + 1)
    if end == -1 or "${" in code[start:end]:
        raise RuntimeError(f"{notes_js}: the speaker view's HTML was not found; update speaker_view_hashes "
                           "for this reveal.js version")
    html = _unescape_template_literal(code[start + 1:end])
    scripts = re.findall(r"<script>(.*?)</script>", html, flags=re.S)
    return tuple("'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"
                 for script in scripts)


def _unescape_template_literal(text: str) -> str:
    """The string a JavaScript template literal's raw text evaluates to (no substitutions)."""
    simple = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0", "\n": ""}

    def one(match: re.Match) -> str:
        escape_ = match.group(1)
        if escape_[0] in "xu" and len(escape_) > 1:
            return chr(int(escape_[1:].strip("{}"), 16))
        return simple.get(escape_, escape_)

    return re.sub(r"\\(x[0-9a-fA-F]{2}|u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|[\s\S])", one, text)


def template_problem(error: BaseException, root: Path) -> Problem:
    """A template error names the template file and line, not the engine's frames."""
    if isinstance(error, jinja2.TemplateSyntaxError):
        return Problem(display_path(Path(error.filename or error.name or "?"), root), error.lineno or 1, 1, "",
                       f"template error: {error.message}")
    frames = [(frame.f_code.co_filename, line) for frame, line in traceback.walk_tb(error.__traceback__)
              if frame.f_code.co_filename.endswith((".html", ".md", ".j2"))]
    # The talk's own template where one is on the way (its loop, not the engine's block it called).
    own = [(filename, line) for filename, line in frames if Path(filename).is_relative_to(root / "templates")]
    for filename, line in reversed(own or frames):
        return Problem(display_path(Path(filename), root), line, 1, "", f"template error: {error}")
    return Problem("templates", 1, 1, "", f"template error: {error}")


def render(deck: Deck, kept: KeptSlides | None = None) -> dict[str, str]:
    """Every text output of the build, by path relative to dist/ (serve passes what it kept of the last)."""
    context = {"deck": deck, "talk": deck.talk, "slides": deck.slides, "t": deck.labels,
               "slide_part": slide_part, "kept_slides": kept,
               "config_json": script_json(reveal_config(deck)),
               "labels_json": script_json(deck.labels.for_scripts()),
               "csp": presenter_csp(), "link_to": lambda ref: link_to(deck, ref), "qr_svg": qr_svg,
               "draw": Drawings(deck), "density": density, "credit_line": script.credit_line,
               "slide_credit": script.slide_credit, "anti_kicker": lambda anti: _kicker(deck, anti),
               "cut_total": script.cuttable_minutes(deck.slides),
               "part_starts": script.part_starts(deck.slides), "projectable": projectable,
               "caption_band": caption_band_px(deck.talk)}
    page = rendered(deck, "deck.html", context)
    # The programme's text shows no slide's own words: kept while only those changed.
    programme = kept.programme if kept is not None and kept.same else None
    if programme is None:
        programme = rendered(deck, "cfp.md", context, markdown=True)
    if kept is not None:
        kept.programme = programme
    return {"index.html": page, "cfp.md": programme}


def _kicker(deck: Deck, anti) -> tuple[str, str]:
    from . import grid  # off the start-up path: only a talk with anti-pattern slides asks

    return grid.kicker(deck, anti)


def rendered(deck: Deck, name: str, context: dict, markdown: bool = False) -> str:
    """One template of the deck's (the talk's own first) rendered: its mistakes, and what the
    sandbox refuses, are located in the template file."""
    from .load import TooSlow, time_limit

    try:
        # A talk's own templates may loop: the render has a deadline (the engine's take milliseconds).
        with time_limit(TEMPLATE_SECONDS) if deck.templates is not None else nullcontext():
            return make_environment(deck.templates, markdown=markdown).get_template(name).render(context)
    except (TooSlow, MemoryError) as error:
        problem = template_problem(error, deck.root)
        why = f"took over {TEMPLATE_SECONDS:g} s" if isinstance(error, TooSlow) else "ran out of memory"
        raise TalkError([replace(problem, message=f"template error: rendering {why}; simplify it")]) from None
    except jinja2.TemplateError as error:
        raise TalkError([template_problem(error, deck.root)]) from None
    except (TypeError, AttributeError, KeyError, ValueError) as error:
        problem = template_problem(error, deck.root)
        if problem.file == "templates" and sys.flags.dev_mode:
            raise
        raise TalkError([problem]) from None


class Drawings:
    """The diagrams a template asks for, drawn from this deck's model (deck/diagrams.py)."""

    def __init__(self, deck: Deck):
        from . import diagrams

        self.deck, self.diagrams = deck, diagrams

    def slide(self, slide) -> Markup:
        if slide.diagram == "remedy-map" and slide.subject is None:  # the room's reading: heavy and faded
            from . import remedies

            return remedies.overview(self.deck.talk, f"dg-{slide.anchor}", anchor_of=self.deck.anchor_of,
                                     t=self.deck.labels).figure()
        if slide.diagram in ("partnership-grid", "excellence"):  # the grid the contexts built
            from . import grid

            if slide.diagram == "excellence":
                return grid.excellence_grid(self.deck, f"dg-{slide.anchor}").figure()
            # A 'ref' names the column the slide is about, the myth's verdict; without one, who leads is the row it is about.
            if slide.subject is not None:
                from . import verdict

                here = [context.id for context in self.deck.talk.contexts].index(slide.subject.id)
                return verdict.claim_grid(self.deck, f"dg-{slide.anchor}", here, slide.datum,
                                          key_seen=self._grid_before(slide)).figure()
            return grid.partnership_grid(self.deck, f"dg-{slide.anchor}", lit_row=0,
                                         key_seen=self._grid_before(slide)).figure()
        return self.diagrams.for_slide(self.deck, slide).figure()

    def grid(self, slide) -> Markup:
        """A context's slide: the grid with its column added to the ones told before it."""
        from . import grid

        upto = [context.id for context in self.deck.talk.contexts].index(slide.subject.id)
        return grid.partnership_grid(self.deck, f"dg-{slide.anchor}-grid", upto=upto,
                                     key_seen=self._grid_before(slide)).figure()

    def _grid_before(self, slide) -> bool:
        """Whether a slide before this one drew the partnership grid (and so its key)."""
        for earlier in self.deck.slides[:self.deck.slides.index(slide)]:
            if earlier.diagram == "partnership-grid" or (earlier.kind == "context" and "grid" in earlier.show):
                return True
        return False

    def locator(self, slide) -> Markup:
        subject = slide.subject
        here = {subject.id} if slide.kind == "context" else set(getattr(subject, "contexts", ()))
        if slide.kind == "tool":
            fits = {p.id: set(p.contexts) for p in self.deck.talk.patterns}
            here = set().union(*(fits.get(ref, set()) for ref in subject.supports))
        return self.diagrams.locator(self.deck.talk, f"dg-{slide.anchor}-locator", here,
                                     t=self.deck.labels).figure("locator")

    def stance(self, slide) -> Markup:
        return self.diagrams.stance(slide.subject, f"dg-{slide.anchor}-stance", t=self.deck.labels).figure()

    def picture(self, slide) -> Markup:
        """A tool's worked example (deck/pictures.py), or what a pattern is or does (deck/evidence.py)."""
        from . import evidence, pictures

        uid, t = f"dg-{slide.anchor}-picture", self.deck.labels
        if getattr(slide.subject, "example", None) is not None:
            return self.diagrams.drawn(("tool", repr(slide.subject), uid, t.fingerprint()),
                                       lambda: pictures.for_tool(slide.subject, uid, t=t))
        return self.diagrams.drawn(("technique", repr(slide.subject), uid),
                                   lambda: evidence.for_technique(slide.subject, uid))

    def remedies(self, slide) -> Markup:
        alone = tuple(slide.show) == ("remedies",)  # an anti-pattern run through in brief: drawn large
        return self.diagrams.remedy_map(self.deck.talk, f"dg-{slide.anchor}-remedies", only=slide.subject.id,
                                        width=1300 if alone else 760, anchor_of=self.deck.anchor_of,
                                        t=self.deck.labels).figure()


def density(slide) -> str:
    """How much the room reads on a slide, so type is sized to it: sparse, normal or dense.

    Counted from what is projected (the shown parts, a Markdown slide's text); diagrams are
    sized by their own drawing.
    """
    from .markup import word_count

    if slide.kind == "root":  # its columns set their own sizes (static/theme/deck.css), at no density's
        return "own"
    if slide.kind == "markdown":
        words = word_count(re.sub(r"<[^>]+>", " ", slide.body_html))
        items = slide.body_html.count("<li")
    elif slide.subject is not None:
        subject, words, items = slide.subject, 0, 0
        for part in slide.show:
            field = {"symptom": "symptoms", "cost": "consequences", "costs": "consequences",
                     "helps-when": "helps_when", "stop-when": "stop_when"}.get(part, part)
            value = getattr(subject, field.replace("-", "_"), "")
            if part in ("symptom", "cost"):
                value = value[:1]
            if isinstance(value, list):
                items += len(value)
                value = " ".join(map(str, value))
            words += word_count(str(value)) if part not in ("stance", "remedies") else 0
    else:
        return "normal"
    if words <= 25 and items <= 4:
        return "sparse"
    if words <= 55 and items <= 5:
        return "roomy"
    return "dense" if words > 90 or items > 8 else "normal"


def link_to(deck: Deck, ref: str) -> Markup:
    """An in-deck link to the slide that shows a model entry, or its plain name if none does: an
    entry of the model no slide shows is off the deck (the handout's pages have it)."""
    entry = deck.subject(ref)
    name = entry.name if entry is not None else ref
    anchor = deck.anchor_of(ref)
    # escape() as Markup.format escapes its fields, without its string.Formatter (a render links ~600 times)
    if anchor is None:
        return Markup(f'<span class="ref{" off-deck" if entry is not None else ""}">{escape(name)}</span>')
    return Markup(f'<a class="ref" href="#/{escape(anchor)}">{escape(name)}</a>')


@lru_cache(maxsize=64)  # serve re-renders on every save; the codes change only with their URL
def qr_svg(url: str, title: str) -> Markup:
    """A QR code as inline SVG (segno): no image file, no network, sharp on any projector.

    A viewBox instead of a fixed size lets the theme size every code alike; the border is the
    four-module quiet zone the QR standard asks for, so a phone reads it on a dark slide too.
    """
    def drawn() -> bytes:
        code = qr_code(url)  # encoded once: validate made it when it checked that the URL fits
        if code is None:
            import segno

            code = segno.make(url, error="m")  # too long for a QR code: segno says so, as before
        svg = code.svg_inline(scale=8, border=4, dark="#000", light="#fff", title=title, svgclass="qr", omitsize=True)
        return svg.replace("<svg ", '<svg role="img" ', 1).encode("utf-8")

    # Kept between builds like the fit (talk_checks): a build whose links did not change needs no segno.
    # A kept drawing goes into the page as it is: only one of the shape segno draws is taken.
    return Markup(cached("qr", cache_key(package_stamp("segno"), "svg", url, title), drawn,
                         lambda kept: QR_SHAPE.fullmatch(kept.decode("utf-8"))).decode("utf-8"))


__all__ = ["make_environment", "render", "reveal_config", "escape"]
