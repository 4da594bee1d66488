"""What a slide's Markdown may become in HTML: the elements Python-Markdown makes, links that run
nothing, no attribute that loads a file or runs a script.

deck/slide_markdown.py applies these while it converts; deck/markup.py checks HTML read back from
the user's cache against them, so a kept conversion is held to the rules a fresh one follows.
"""
from __future__ import annotations

import re

SAFE_LINK = re.compile(r"^(https?:|mailto:|#)", re.IGNORECASE)
# Every element the slide converter (Markdown, tables, fenced code, attribute lists) writes.
ELEMENTS = frozenset({"p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre",
                      "code", "em", "strong", "a", "img", "table", "thead", "tbody", "tr", "th", "td"})


def names_a_resource(name: str) -> bool:
    """An attribute a browser or reveal.js loads a file from besides an image's src (reveal loads
    `data-src` lazily, `data-background-*` and `data-preview-*` on demand): src is the one address
    the path rule judges (deck/images.py), so these go."""
    return name in ("srcset", "data-src", "data-srcset", "poster") or name.startswith(("data-background",
                                                                                         "data-preview"))


def runs_or_loads(name: str) -> bool:
    """An attribute no slide keeps: an event handler (onclick=), or one that loads a file."""
    return name.startswith("on") or names_a_resource(name)
