"""Python-Markdown set up for slides: the raw-HTML policy, inert links, steps and pictures.

Policy: slides are Markdown, not HTML. Raw HTML in a slide file is shown as text (escaped), never
run; links keep only http(s), mailto and in-deck '#' targets. So no script can come from content.
Imported only when a slide's Markdown has to be converted (deck/markup.py keeps what it made).
"""
from __future__ import annotations


import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .html_rules import SAFE_LINK, runs_or_loads



class _InertLinks(Treeprocessor):
    """Drop link targets that could run code (javascript:, data:, vbscript: ...)."""

    def run(self, root):
        for element in root.iter("a"):
            href = (element.get("href") or "").strip()
            if not SAFE_LINK.match(href):
                element.attrib.pop("href", None)
        for element in root.iter():
            for name in list(element.attrib):
                if runs_or_loads(name.lower()):
                    del element.attrib[name]  # attr_list could otherwise add onclick= or data-src=
        return None


class _Pictures(Treeprocessor):
    """Each <img>'s src, as the parsed element finally has it (after attr_list), is handed to
    `judge(src, alt)`, which returns the address the deck loads it from (None: no src at all).
    On the element, not on the HTML text: `{: data-src="x" }` written before src cannot fool it."""

    judge = None

    def run(self, root):
        if self.judge is None:
            return None
        for element in root.iter("img"):
            address = self.judge(element.get("src", ""), element.get("alt", ""))
            if address is None:
                element.attrib.pop("src", None)
            else:
                element.set("src", address)
        return None


class _Steps(Treeprocessor):
    """A slide revealed step by step: each top-level block after the first, and each item of a
    top-level list, becomes a reveal.js fragment. Off unless the slide asks for it."""

    enabled = False

    def run(self, root):
        if not self.enabled:
            return None
        for position, block in enumerate(root):
            if block.tag in ("ul", "ol"):
                for item in block.findall("li"):
                    _add_class(item, "fragment")
            elif position > 0:
                _add_class(block, "fragment")
        return None


def _add_class(element, name: str) -> None:
    element.set("class", " ".join(filter(None, [element.get("class"), name])))


class SlideMarkdown(Extension):
    """Escape raw HTML and make links inert; everything else is standard Python-Markdown."""

    def extendMarkdown(self, md):
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.inlinePatterns.deregister("entity")
        md.treeprocessors.register(_InertLinks(md), "inert_links", 0)
        md.steps = _Steps(md)
        md.treeprocessors.register(md.steps, "steps", 1)
        md.pictures = _Pictures(md)  # last: after attr_list (8) and the unescaping (0) the src is final
        md.treeprocessors.register(md.pictures, "pictures", -1)


def make_markdown() -> markdown.Markdown:
    # Extension objects, not names: names are looked up through importlib.metadata's entry points,
    # which costs more than the whole conversion of a talk.
    from markdown.extensions.attr_list import AttrListExtension
    from markdown.extensions.fenced_code import FencedCodeExtension
    from markdown.extensions.sane_lists import SaneListExtension
    from markdown.extensions.smarty import SmartyExtension
    from markdown.extensions.tables import TableExtension

    return markdown.Markdown(
        extensions=[TableExtension(), AttrListExtension(), SaneListExtension(), SmartyExtension(),
                    FencedCodeExtension(), SlideMarkdown()],
        output_format="html",
    )


_converter: markdown.Markdown | None = None


def convert(text: str, steps: bool = False, pictures=None) -> str:
    """One converter for every slide, reset between them: building one costs more than converting.
    pictures: called with each image's src and alt, returns the address it is shown from."""
    global _converter
    if _converter is None:
        _converter = make_markdown()
    _converter.steps.enabled = steps
    _converter.pictures.judge = pictures
    try:
        return _converter.reset().convert(text)
    except BaseException:
        # Stopped part-way (a deadline, nesting too deep): its processors may hold half a slide, and
        # reset() does not undo that; serve's next build, and any other, gets a new converter.
        _converter = None
        raise
    finally:
        if _converter is not None:
            _converter.pictures.judge = None
