"""Markdown for free-form slides, and the text helpers the templates share.

A slide's Markdown is converted by Python-Markdown (deck/slide_markdown.py, with the raw-HTML
policy), and what it made is kept in the user's cache by the slide's text: a rebuild whose slides
did not change imports no Markdown at all. The pictures a slide shows are judged again on every
build, so a picture removed or broken since is found as it would be by a new conversion.
A conversion made or checked once is kept in memory too (files.Trusted): serve's next rebuild
parses no HTML again for the slides and notes that did not change.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

from .files import TRUSTED, cache_key, cache_path, package_stamp, read_cache, write_cache

HERE = Path(__file__).resolve().parent


def to_html(text: str, steps: bool = False, pictures=None, kind: str = "markdown") -> str:
    """The slide's Markdown as HTML. pictures: called with each image's src and alt, returns the
    address it is shown from (deck/images.py's SlideImages judges the file and keeps problems).
    kind: the cache's shelf ('notes' keeps the speaker's notes apart from the slides)."""
    answers: dict[tuple[str, str], str | None] = {}

    def judged(src: str, alt: str) -> str | None:  # each picture judged once, however often it is asked
        if (src, alt) not in answers:
            answers[src, alt] = pictures(src, alt)
        return answers[src, alt]

    key = f"{cache_key(_converter_stamp(), text, str(steps), str(pictures is not None))}.json"
    path = cache_path(kind, key)
    made = TRUSTED.get(path) or kept_conversion(read_cache(kind, key))
    # The same pictures at the same addresses: the same HTML (the conversion depends on nothing else).
    if made is not None and all(judged(src, alt) == address for src, alt, address in made["pictures"]):
        TRUSTED.keep(path, made, len(made["html"]))
        return made["html"]
    asked: list[tuple[str, str, str | None]] = []

    def recorded(src: str, alt: str) -> str | None:
        asked.append((src, alt, judged(src, alt)))
        return asked[-1][2]

    from .slide_markdown import convert

    html = convert(text, steps, recorded if pictures is not None else None)
    write_cache(kind, key, json.dumps({"html": html, "pictures": asked}).encode("utf-8"))
    TRUSTED.keep(path, {"html": html, "pictures": asked}, len(html))
    return html


def kept_conversion(kept: bytes | None) -> dict | None:
    """A conversion read back from the cache, or None (a miss) when it has not the shape to_html
    writes or its HTML breaks a rule a fresh conversion follows (deck/html_rules.py): an element
    Markdown does not make (<script>), an event handler, a link that runs code, a picture no
    judged address names."""
    if kept is None:
        return None
    try:
        made = json.loads(kept)
        html, pictures = made["html"], made["pictures"]
        addresses = {address for src, alt, address in pictures if isinstance(src, str) and isinstance(alt, str)}
        if not isinstance(html, str) or not all(address is None or isinstance(address, str) for address in addresses):
            return None
        elements = elements_in(html)
    except (ValueError, TypeError, KeyError):  # not JSON, not the mapping, a picture not a triple
        return None
    return made if all(_follows_the_rules(tag, attributes, addresses) for tag, attributes in elements) else None


def _follows_the_rules(tag: str, attributes: dict[str, str], addresses: set) -> bool:
    from .html_rules import ELEMENTS, SAFE_LINK, runs_or_loads

    if tag not in ELEMENTS or any(runs_or_loads(name.lower()) for name in attributes):
        return False
    if tag == "a" and "href" in attributes and not SAFE_LINK.match(attributes["href"].strip()):
        return False
    return tag != "img" or attributes.get("src") in addresses | {None}


@lru_cache(maxsize=1)
def _converter_stamp() -> bytes:
    return ((HERE / "slide_markdown.py").read_bytes() + (HERE / "code.py").read_bytes()
            + package_stamp("markdown", "__meta__.py") + package_stamp("pygments"))


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


@lru_cache(maxsize=1024)
def elements_in(html: str) -> tuple[tuple[str, dict[str, str]], ...]:
    """Every element of rendered Markdown as (tag, attributes), attribute values unescaped: kept by
    the HTML, as the rules and the slides' links are judged on every rebuild (read them, change none)."""
    return tuple(_elements(html))


def _elements(html: str) -> list[tuple[str, dict[str, str]]]:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser.elements


def word_count(text: str) -> int:
    return len(re.findall(r"[\w’'-]+", text))
