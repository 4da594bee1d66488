"""What the single file leaves out of reveal's own files: code and styles this deck provably never runs.

Every byte of the single file is mailed to every reviewer, and reveal ships for every deck there
is. Two parts of it this engine's decks do without, each cut only when the page proves it:

- the Markdown parser (marked, ~40 KB) bundled into the notes plugin. The plugin hands it to the
  speaker view, which parses notes with it only when an `<aside class="notes">` says
  `data-markdown`; the engine writes its notes as HTML, so a page without that attribute never
  calls it.
- the styles of slide transitions nobody asks for (convex, concave, zoom and the older cube,
  page, linear and default: ~11 KB). reveal draws a transition named by its `transition`
  option, a slide's `data-transition` or a `data-background-transition`: a name the page never
  gives is never drawn.

Each cut is made on the text as reveal ships it, and only where that text has the shape it is
known to have: otherwise the file goes in whole, as before (a newer reveal costs bytes, never a
feature). Pure text in, text out: the same input gives the same bytes.
"""
from __future__ import annotations

import re

# The transitions reveal.css styles beyond the ones every deck may use: 'none' (reduced motion,
# the printing path), 'fade' (reveal's default for backgrounds) and 'slide' (the engine's own).
OPTIONAL_TRANSITIONS = ("convex", "concave", "zoom", "cube", "page", "linear", "default")

# The notes plugin's factory, as reveal's build writes it: the UMD wrapper, then a function whose
# `return` is a comma list ending in the plugin's own arrow function; marked comes before it.
_FACTORY_OPENS = "(this,function(){"
_HANDED_OVER = re.compile(r"(\w+)\.marked=[\w$]+,")
_ARROW = "()=>{"


def notes_without_markdown(plugin: str, page: str) -> str:
    """The notes plugin without its Markdown parser, where page has no Markdown notes.

    The speaker view it opens keeps every script it runs (its HTML is a string inside the plugin,
    untouched): only the parser it would call for `data-markdown` notes is left out.
    """
    if "data-markdown" in page:  # a talk's own template may write Markdown notes: they need it
        return plugin
    at = plugin.find(".marked=")
    handed = _HANDED_OVER.match(plugin, plugin.rfind(",", 0, at) + 1) if at != -1 else None
    opens = plugin.find(_FACTORY_OPENS)
    closes = plugin.rstrip().rfind("}});")
    if handed is None or plugin.count(".marked=") != 1 or opens == -1 or closes == -1:
        return plugin
    arrow = plugin.rfind(_ARROW, opens, handed.start())
    if arrow == -1 or "return" not in plugin[opens:arrow]:
        return plugin
    header = plugin[:opens + len(_FACTORY_OPENS)]
    body = plugin[arrow:handed.start()] + plugin[handed.end():closes + 1]
    return f"{header}return {body}}});" + plugin.rstrip()[closes + 4:]


def transitions_used(page: str) -> set[str]:
    """The optional transitions the page can draw: those its reveal options (the #deck-config JSON)
    and its slides' attributes name, as 'zoom', 'zoom-in' or 'slide-in zoom-out'."""
    named = re.findall(r'[tT]ransition"?\s*[:=]\s*"([^"]*)"', page)
    words = {word.removesuffix("-in").removesuffix("-out") for value in named for word in value.split()}
    return {name for name in OPTIONAL_TRANSITIONS if name in words}


def styles_without_transitions(css: str, used: set[str]) -> str:
    """reveal.css (minified) without the selectors of the optional transitions not in used; a rule
    left with no selector goes. Only top-level rules are read: @media and @keyframes stay whole."""
    unused = [name for name in OPTIONAL_TRANSITIONS if name not in used]
    if not unused:
        return css
    names = "|".join(unused)
    # '.reveal.zoom ...', '.reveal.center.cube ...', '[data-transition=zoom]', '[data-transition~=zoom-in]'
    # and the same for backgrounds: never '.fragment.zoom-in' nor 'cursor:zoom-in' (not a selector).
    transition = re.compile(rf"\.reveal(\.[\w-]+)*\.({names})(?![\w-])"
                            rf"|\[data-(background-)?transition~?=({names})(-in|-out)?\]")
    rules = _top_level_rules(css)
    if rules is None:  # a shape not understood: the styles go in whole
        return css
    kept: list[str] = []
    for rule in rules:
        selectors, brace, declarations = rule.partition("{")
        if selectors.lstrip().startswith("@") or not brace:
            kept.append(rule)
            continue
        wanted = [selector for selector in _split_selectors(selectors) if not transition.search(selector)]
        if wanted:
            kept.append(",".join(wanted) + "{" + declarations)
    return "".join(kept)


# What moves a stylesheet's brace depth: a brace; a quoted string (content:"{") is passed over whole.
_BRACE_OR_STRING = re.compile(r'"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'|[{}"\']')


def _top_level_rules(css: str) -> list[str] | None:
    """css cut after each top-level '}' (an @media block is one rule); None where the braces do not
    balance or a string is left open."""
    rules, depth, start = [], 0, 0
    for token in _BRACE_OR_STRING.finditer(css):
        mark = token.group()
        if mark == "{":
            depth += 1
        elif mark == "}":
            depth -= 1
            if depth == 0:
                rules.append(css[start:token.end()])
                start = token.end()
        elif len(mark) == 1:  # a quote that no closing quote matches
            return None
        if depth < 0:
            return None
    if depth != 0:
        return None
    if css[start:].strip():
        rules.append(css[start:])
    return rules


def _split_selectors(selectors: str) -> list[str]:
    """A selector list split at its own commas, not those inside :not(...) or [...]."""
    parts, depth, start = [], 0, 0
    for index, character in enumerate(selectors):
        if character in "([":
            depth += 1
        elif character in ")]":
            depth -= 1
        elif character == "," and depth == 0:
            parts.append(selectors[start:index])
            start = index + 1
    parts.append(selectors[start:])
    return parts
