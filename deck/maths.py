"""Maths as reveal.js, Marp and Slidev write it (`$\\LaTeX$`, `$$ ... $$`), found where the deck would
project it as written.

Those tools typeset it in the browser (KaTeX, MathJax); this engine loads no script for it and
typesets none at build time, so the room would see the dollars and the backslashes. check and
the import name each such place. A price is not maths: as pandoc reads dollars, the opening one
has a character right after it, the closing one a character right before it and no digit after
it ("$5 and $10" is money). Code, in a fence or in backticks, is left out: its dollars are code.
"""
from __future__ import annotations

import re

from .code import FENCE

INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1", re.DOTALL)
MATHS = re.compile(r"\$\$.+?\$\$|(?<![\\$\w])\$(?=[^\s$])[^$\n]*?(?<=[^\s\\])\$(?![\d$])", re.DOTALL)
MESSAGE = ("is maths: it is not typeset here, the room sees it as written, dollars and backslashes; "
           "write it in words or Unicode (x², √, ∇), or show it as a picture with alt text")


def blank(text: str) -> str:
    """The text with every character but line breaks a space: positions and lines kept."""
    return re.sub(r"[^\n]", " ", text)


def without_code(body: str, fence=None) -> str:
    """The body with its fences and inline code blanked out, the same length; each fence is first
    shown to `fence`, which judges its info."""
    def blanked(found: re.Match) -> str:
        if fence:
            fence(found)
        return blank(found.group(0))

    return INLINE_CODE.sub(lambda found: blank(found.group(0)), FENCE.sub(blanked, body))


def found(prose: str) -> list[tuple[int, str]]:
    """(where it starts, as written, shortened) for each piece of maths in a text whose code is blanked."""
    return [(match.start(), shortened(match.group(0))) for match in MATHS.finditer(prose)]


def shortened(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:37] + "..."
