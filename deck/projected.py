"""What a Markdown slide would project wrong, found in its source and located there, as warnings.

A deck written for reveal.js, Marp or Slidev brings what this engine shows differently: raw HTML
(shown as text, by the raw-HTML policy), their HTML comments (reveal's `<!-- .element: -->`,
Marp's `<!-- _class: -->`: text here too), an attribute list Python-Markdown did not attach (its
`{: ...}` projected as written), a fence whose info cannot be read (plain code, not highlighted),
a language Pygments does not know, maths the other tools typeset (`$\\LaTeX$`: as written here),
characters no font the deck ships can draw (an empty box on a laptop without one), and emoji,
which the deck's emoji face draws everywhere but in the PowerPoint file. Each is named at its
line, before the room sees it.
"""
from __future__ import annotations

import html
import re
import unicodedata

from . import code, maths
from .files import CODE_FONT, EMOJI_FONT, TEXT_FONT
from .fonts import drawable, shipped_only
from .problems import Problem
from .source import position

# A tag or comment as an author means it: shown as text under the raw-HTML policy.
RAW_HTML = re.compile(r"<!--.*?-->|<[A-Za-z][\w-]*(?:\s[^<>]*)?/?>", re.DOTALL)
# Comments the other tools read as instructions.
DIRECTIVE = re.compile(r"<!--\s*(\.(?:element|slide)\b|_?(?:class|paginate|header|footer|backgroundColor|color|"
                       r"backgroundImage|theme|style)\s*:|fit\b)", re.IGNORECASE)


def problems(slide) -> list[Problem]:
    """Every warning for one Markdown slide, located in its file."""
    if slide.kind != "markdown":
        return []
    file, body, first = slide.source[0], slide.body, slide.body_line
    found: list[Problem] = []

    def warn(index: int, message: str) -> None:
        line, column = position(body, index)
        found.append(Problem(file, first + line - 1, column, f"slide {slide.number} '{slide.title}'", message,
                             warning=True))

    prose = _prose(body, warn)
    for tag in RAW_HTML.finditer(prose):
        text = tag.group(0)
        shown = text if len(text) <= 40 else text[:37] + "..."
        if DIRECTIVE.match(text):
            warn(tag.start(), f"'{shown}' is an instruction to another slide tool; this engine does not apply it "
                              "and projects it as text: remove it (see the README's 'Bring a deck from reveal-md, "
                              "Marp or Slidev')")
        else:
            warn(tag.start(), f"raw HTML '{shown}' is projected as text (slides are Markdown): write it in Markdown")
    shown_html = re.sub(r"<pre\b.*?</pre>|<code>.*?</code>", " ", slide.body_html, flags=re.DOTALL)
    if "{:" in html.unescape(re.sub(r"<[^>]+>", " ", shown_html)):
        index = prose.find("{:")
        warn(max(index, 0), "an attribute list '{: ...}' is projected as written: it attaches only at the end of "
                            "a paragraph, heading, list item or picture, on the same line")
    for index, written in maths.found(prose):
        warn(index, f"'{written}' {maths.MESSAGE}")
    found += [Problem(file, slide.source[1], 1, f"slide {slide.number} '{slide.title}'",
                      f"the title's '{written}' {maths.MESSAGE}", warning=True)
              for _, written in maths.found(slide.title)]
    found += _characters(slide, body, prose, warn)
    return found


def _prose(body: str, warn) -> str:
    """The body with its code blanked out (same length, lines kept), each fence's info judged."""
    def fence(found: re.Match) -> None:
        try:
            read = code.read_info(found["info"])
            if read.language and code.lexer_for(read.language) is None:
                warn(found.start(), f"the fence's language '{read.language}' is not one Pygments knows: the code "
                                    "is shown without colours (e.g. python, rust, js, ts, bash, yaml, json, html)")
        except code.Unreadable as why:
            warn(found.start(), f"{why}; the block is shown as plain code")

    return maths.without_code(body, fence)


def _characters(slide, body: str, prose: str, warn) -> list[Problem]:
    """Characters the deck's fonts lack: the room's laptop draws them with whatever it has. In the
    body, warned at their place through warn; the title's are returned, at the front matter."""
    if shipped_only(body) and shipped_only(slide.title):  # both faces draw these: no face read
        return []
    text_font, code_font = drawable(TEXT_FONT), drawable(CODE_FONT)
    named = set()
    for index, character in enumerate(body):
        if character in named or _unseen(character):
            continue
        in_code = prose[index] == " "
        if ord(character) in text_font or (in_code and ord(character) in code_font):
            continue
        named.add(character)
        warn(index, _undrawn(character))
    return [Problem(slide.source[0], slide.source[1], 1, f"slide {slide.number} '{slide.title}'",
                    f"the title's {_undrawn(character)}", warning=True)
            for character in dict.fromkeys(slide.title)
            if character not in named and not _unseen(character) and ord(character) not in text_font]


def _unseen(character: str) -> bool:
    """Spaces, controls, joiners and the variation selectors that ask for an emoji's colour form."""
    return unicodedata.category(character)[0] in "ZC" or "\ufe00" <= character <= "\ufe0f"


def _undrawn(character: str) -> str:
    """What the room sees of a character the text and code faces lack: an emoji the deck's emoji
    face draws everywhere but in the PowerPoint file, which carries no font; anything else, a box."""
    if ord(character) in drawable(EMOJI_FONT):
        return (f"{_described(character)} is drawn in colour by the deck's emoji face in the deck, the single "
                "file and the PDFs, but the PowerPoint file carries no font: it shows the emoji font of the "
                "computer that opens it, an empty box where there is none")
    return (f"{_described(character)} is in no font the deck ships: a laptop without one shows an empty box; "
            "write it in words, or add a font that has it in static/theme/extra.css")


def _described(character: str) -> str:
    return f"'{character}' ({unicodedata.name(character, 'unnamed').lower()}, U+{ord(character):04X})"
