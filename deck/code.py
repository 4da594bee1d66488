"""Code as developers show it: a fenced block highlighted at build time, stepped line by line.

A fence's info names the language and, as reveal.js and Slidev write them, the lines each step
highlights (```rust [1-14|2|4,8]``` or ```rust {1|2-3}```) and whether lines are numbered
(reveal's brackets number them, as reveal does; Slidev's `{lines:true}` or the word `numbers`).
Pygments colours the code here, into classes the theme styles (static/theme/code.css), so the
browser runs no highlighter and every output (the PDFs, the single file, the PowerPoint file)
shows the same colours. Each step after the first is an empty reveal.js fragment beside the code:
the stylesheet dims the lines the latest shown step does not name. Pygments is imported only
when a slide has code.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

# The theme has a rule for each step up to this many (static/theme/code.css).
MAX_STEPS = 12

FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\n]*)\n(?P<code>.*?)(?<=\n)(?P=fence)[ \t]*$",
                   re.MULTILINE | re.DOTALL)
_LANGUAGE = r"\.?(?P<language>[\w#+.-]*)"
_STEPS = r"(?:\[(?P<reveal>[^\]\n]*)\]|\{(?P<slidev>[^}\n]*)\})"
_INFO = re.compile(rf"^{_LANGUAGE}(?:[ \t]*{_STEPS})?(?P<options>(?:[ \t]*(?:numbers|linenums|data-line-numbers|"
                   rf"\{{lines:[ \t]*true\}}))*)[ \t]*$")
_ATTRIBUTES = re.compile(r"^\{:?[ \t]*\.(?P<language>[\w#+-]+)(?P<options>(?:[ \t]+\.numbers)?)[ \t]*\}$")
_RANGE = re.compile(r"^(\d+)(?:-(\d+))?$")


@dataclass(frozen=True)
class Fence:
    """What a fence's info asks for: the language ('' none), the lines of each step (an empty
    set: every line), and numbered lines."""

    language: str = ""
    steps: tuple[frozenset[int], ...] = ()
    numbers: bool = False


class Unreadable(ValueError):
    """A fence's info this module cannot read: the block is shown as plain code, and check says why."""


def read_info(info: str) -> Fence:
    """The fence's info string read, or Unreadable naming what is wrong with it."""
    info = info.strip()
    attributes = _ATTRIBUTES.match(info)
    if attributes:
        return Fence(attributes["language"], (), bool(attributes["options"].strip()))
    found = _INFO.match(info)
    if not found:
        raise Unreadable(f"the fence's info '{info}' is not a language followed by [steps] or {{steps}} "
                         "(e.g. ```rust [1-3|5]```)")
    written = found["reveal"] if found["reveal"] is not None else found["slidev"]
    numbers = found["reveal"] is not None or bool(found["options"].strip())
    if written is not None and written.replace(" ", "") == "lines:true":  # Slidev's numbers alone
        written, numbers = None, True
    steps = _steps(written) if written is not None and written.strip() else ()
    if len(steps) > MAX_STEPS:
        raise Unreadable(f"{len(steps)} steps of highlighted lines; the theme shows at most {MAX_STEPS}: split the code")
    return Fence(found["language"], steps, numbers)


def _steps(written: str) -> tuple[frozenset[int], ...]:
    steps = []
    for step in written.split("|"):
        lines: set[int] = set()
        for part in step.replace(" ", "").split(","):
            if part in ("*", "all", ""):
                lines = set()
                break
            found = _RANGE.match(part)
            if not found or int(found[1]) < 1 or int(found[2] or found[1]) < int(found[1]):
                raise Unreadable(f"'{part}' in the steps '{written}' is not a line number or a range such as 2-5")
            lines.update(range(int(found[1]), int(found[2] or found[1]) + 1))
        steps.append(frozenset(lines))
    return tuple(steps)


# Pygments' token types to the few colours the theme gives code: what a reader tells apart at a glance.
CATEGORIES = (("Comment", "comment"), ("Keyword.Type", "type"), ("Keyword", "keyword"),
              ("Literal.String", "string"), ("Literal.Number", "number"), ("Name.Function", "name"),
              ("Name.Class", "type"), ("Name.Builtin", "type"), ("Name.Decorator", "name"),
              ("Name.Tag", "keyword"), ("Name.Attribute", "name"), ("Operator.Word", "keyword"),
              ("Generic.Deleted", "keyword"), ("Generic.Inserted", "string"), ("Generic.Heading", "name"))


def category(token_type) -> str:
    """The theme's colour for a Pygments token type ('' the text's own colour)."""
    name = ".".join(("Token", *token_type))
    for prefix, found in CATEGORIES:
        if name == f"Token.{prefix}" or name.startswith(f"Token.{prefix}."):
            return found
    return ""


def highlight(code: str, fence: Fence) -> str:
    """The block as HTML: a line per span, each token in its colour's class, the steps as fragments."""
    lines = _coloured_lines(code.rstrip("\n"), fence.language)
    classes = "code numbered" if fence.numbers else "code"
    out = [f'<div class="code-block"{f" data-steps={chr(34)}{len(fence.steps)}{chr(34)}" if fence.steps else ""}>'
           f'<pre class="{classes}"><code{_language_attributes(fence.language)}>']
    for number, tokens in enumerate(lines, 1):
        steps = " ".join(f"step-{index}" for index, lit in enumerate(fence.steps, 1) if not lit or number in lit)
        text = "".join(f'<span class="tok-{name}">{html.escape(part, quote=False)}</span>' if name
                       else html.escape(part, quote=False) for name, part in tokens)
        out.append(f'<span class="line{" " + steps if steps else ""}">{text}</span>' + ("\n" if number < len(lines) else ""))
    out.append("</code></pre>")
    out.extend(f'<span class="fragment code-step" data-step="{index}" aria-hidden="true"></span>'
               for index in range(2, len(fence.steps) + 1))
    out.append("</div>")
    return "".join(out)


def _language_attributes(language: str) -> str:
    return f' class="language-{html.escape(language)}" data-language="{html.escape(language)}"' if language else ""


def _coloured_lines(code: str, language: str) -> list[list[tuple[str, str]]]:
    """The code's lines, each a list of (colour, text); plain text where the language is unknown."""
    lexer = lexer_for(language)
    if lexer is None:
        return [[("", line)] for line in code.split("\n")]
    lines: list[list[tuple[str, str]]] = [[]]
    for token_type, text in lexer.get_tokens(code):
        name = category(token_type)
        for index, part in enumerate(text.split("\n")):
            if index:
                lines.append([])
            if part and lines[-1] and lines[-1][-1][0] == name:  # one span for a string's pieces
                lines[-1][-1] = (name, lines[-1][-1][1] + part)
            elif part:
                lines[-1].append((name, part))
    if lines and not lines[-1] and code.count("\n") < len(lines) - 1:
        lines.pop()  # Pygments ends the text with a newline of its own
    return lines


def lexer_for(language: str):
    """Pygments' lexer for a fence's language name (None: no language, or one Pygments does not know)."""
    if not language:
        return None
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        return get_lexer_by_name(language, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return None
