"""Markdown for free-form slides, through Python-Markdown, with the raw-HTML policy applied.

Policy: slides are Markdown, not HTML. Raw HTML in a slide file is shown as text (escaped), never
run; links keep only http(s), mailto and in-deck '#' targets. So no script can come from content.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

import markdown
from markdown.treeprocessors import Treeprocessor
from markdown.extensions import Extension

SAFE_LINK = re.compile(r"^(https?:|mailto:|#)", re.IGNORECASE)


class _InertLinks(Treeprocessor):
    """Drop link targets that could run code (javascript:, data:, vbscript: ...)."""

    def run(self, root):
        for element in root.iter("a"):
            href = (element.get("href") or "").strip()
            if not SAFE_LINK.match(href):
                element.attrib.pop("href", None)
        for element in root.iter():
            for name in list(element.attrib):
                if name.lower().startswith("on"):  # attr_list could otherwise add onclick=
                    del element.attrib[name]
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


def to_html(text: str, steps: bool = False) -> str:
    """One converter for every slide, reset between them: building one costs more than converting."""
    global _converter
    if _converter is None:
        _converter = make_markdown()
    _converter.steps.enabled = steps
    return _converter.reset().convert(text)


# Straight quotes from talk.yaml set as the Markdown slides' (smarty) are: curly, and apostrophes.
_OPEN_DOUBLE = re.compile(r'(^|[\s(\[{\u2014\u2013-])"')
_OPEN_SINGLE = re.compile(r"(^|[\s(\[{\u2014\u2013-])'")


def typographic(text: str) -> str:
    """“Curly” quotes and ’ apostrophes for text from talk.yaml (the escaping happens after)."""
    text = _OPEN_DOUBLE.sub("\\1\u201c", text).replace('"', "\u201d")
    text = _OPEN_SINGLE.sub("\\1\u2018", text).replace("'", "\u2019")
    return text.replace(" -- ", " \u2013 ")


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))


def elements_in(html: str) -> list[tuple[str, dict[str, str]]]:
    """Every element of rendered Markdown as (tag, attributes), attribute values unescaped."""
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser.elements


def images_in(html: str) -> list[dict[str, str]]:
    """The <img> elements of rendered Markdown, with their attributes (for the alt-text check)."""
    return [attributes for tag, attributes in elements_in(html) if tag == "img"]


# A file name holding '%41' cannot be written as an address: the browser would read an 'A'.
ENCODED = re.compile(r"%[0-9a-fA-F]{2}")


def ship_image(src: str, name: str, shipped: dict[str, str]) -> str | None:
    """Record the address of an image found as static/<name>, percent-encoded so that '&', '#',
    '?', '%', quotes and spaces in its name reach the file; or say why the name cannot be shipped."""
    from urllib.parse import quote

    found = ENCODED.search(name)
    if found:
        return (f"image '{src}': the file name '{name}' holds '{found.group()}', which a browser reads as an "
                "encoded character; rename the file")
    shipped[src] = "static/" + quote(name, safe="/")
    return None


IMAGE_SOURCE = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]*)(")')


def replace_image_sources(html: str, shipped: dict[str, str]) -> str:
    """Each <img> whose src (as written) was shipped points at the file's address in the deck."""
    import html as html_module

    def replace(match: re.Match) -> str:
        address = shipped.get(html_module.unescape(match.group(2)))
        if address is None:
            return match.group(0)
        return match.group(1) + html_module.escape(address, quote=True) + match.group(3)

    return IMAGE_SOURCE.sub(replace, html) if shipped else html


def word_count(text: str) -> int:
    return len(re.findall(r"[\w’'-]+", text))
