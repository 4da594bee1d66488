"""Python-Markdown set up for slides: the raw-HTML policy, inert links, steps, pictures, code, columns
and strikethrough.

Policy: slides are Markdown, not HTML. Raw HTML in a slide file is shown as text (escaped), never
run; links keep only http(s), mailto and in-deck '#' targets. So no script can come from content.
Imported only when a slide's Markdown has to be converted (deck/markup.py keeps what it made).
"""
from __future__ import annotations

import re

import markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import SimpleTagInlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from .code import FENCE, Fence, Unreadable, highlight, read_info
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


class _Code(Preprocessor):
    """Fenced code highlighted (deck/code.py) and kept aside as HTML the converter does not touch.
    A fence whose info cannot be read is still a block of code, plain: check names it."""

    def run(self, lines):
        def block(found: re.Match) -> str:
            try:
                fence = read_info(found["info"])
            except Unreadable:
                fence = Fence()
            return f"\n\n{self.md.htmlStash.store(highlight(found['code'], fence))}\n\n"

        return FENCE.sub(block, "\n".join(lines)).split("\n")


# A line of its own that starts the right-hand column, as Slidev's two-column layout writes it
# (`::left::` may open the left one); the columns then sit side by side, whatever the layout.
COLUMN_MARKER = re.compile(r"^::(left|right)::[ \t]*$", re.MULTILINE)
COLUMNS = ('<div class="split"><div class="half">', '</div><div class="half">', "</div></div>")


class _Columns(Preprocessor):
    """The body split at `::right::` into two columns, kept aside as HTML around the Markdown."""

    def run(self, lines):
        text = "\n".join(lines)
        right = [found for found in COLUMN_MARKER.finditer(text) if found[1] == "right"]
        if not right:
            return lines
        store = self.md.htmlStash.store
        text = COLUMN_MARKER.sub(lambda found: f"\n\n{store(COLUMNS[1])}\n\n" if found.start() == right[0].start()
                                 else "", text)
        return f"{store(COLUMNS[0])}\n\n{text}\n\n{store(COLUMNS[2])}".split("\n")


class _Steps(Treeprocessor):
    """A slide revealed step by step: each top-level block after the first, and each item of a
    top-level list, becomes a reveal.js fragment; a list that opens the slide shows its first item
    at once, as an opening paragraph is shown, so the slide never opens on an empty stage under its
    title. Off unless the slide asks for it."""

    enabled = False

    def run(self, root):
        if not self.enabled:
            return None
        shown = 0  # blocks the room sees so far (a column's edge is none)
        for block in root:
            held = self._held(block)
            if held is not None:
                if shown and held.startswith('<div class="code-block"'):
                    # Kept aside as HTML: the class goes on the HTML, or the placeholder would stay.
                    index = self.md.htmlStash.rawHtmlBlocks.index(held)
                    self.md.htmlStash.rawHtmlBlocks[index] = held.replace('class="code-block"',
                                                                          'class="code-block fragment"', 1)
                shown += held.startswith('<div class="code-block"')
                continue
            if block.tag in ("ul", "ol"):
                for item in block.findall("li")[0 if shown else 1:]:
                    _add_class(item, "fragment")
            elif shown:
                _add_class(block, "fragment")
            shown += 1
        return None

    def _held(self, block) -> str | None:
        """The HTML a paragraph stands in for (code, a column's edge), None for Markdown's own."""
        stash = self.md.htmlStash
        for index, held in enumerate(stash.rawHtmlBlocks):
            if block.tag == "p" and block.text == stash.get_placeholder(index):
                return held
        return None


def _add_class(element, name: str) -> None:
    element.set("class", " ".join(filter(None, [element.get("class"), name])))


class SlideMarkdown(Extension):
    """Escape raw HTML and make links inert; everything else is standard Python-Markdown."""

    def extendMarkdown(self, md):
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.inlinePatterns.deregister("entity")
        md.preprocessors.register(_Code(md), "code", 25)
        md.preprocessors.register(_Columns(md), "columns", 24)  # after code: a marker inside code is code
        md.inlinePatterns.register(SimpleTagInlineProcessor(r"(~~)(?=\S)(.+?)(?<=\S)~~", "del"), "strike", 45)
        md.treeprocessors.register(_InertLinks(md), "inert_links", 0)
        md.steps = _Steps(md)
        md.treeprocessors.register(md.steps, "steps", 1)
        md.pictures = _Pictures(md)  # last: after attr_list (8) and the unescaping (0) the src is final
        md.treeprocessors.register(md.pictures, "pictures", -1)


def make_markdown() -> markdown.Markdown:
    # Extension objects, not names: names are looked up through importlib.metadata's entry points,
    # which costs more than the whole conversion of a talk.
    from markdown.extensions.attr_list import AttrListExtension
    from markdown.extensions.sane_lists import SaneListExtension
    from markdown.extensions.smarty import SmartyExtension
    from markdown.extensions.tables import TableExtension

    return markdown.Markdown(
        extensions=[TableExtension(), AttrListExtension(), SaneListExtension(), SmartyExtension(),
                    SlideMarkdown()],
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
