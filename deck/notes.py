"""Speaker notes as Markdown: lists, code and emphasis, as the speaker view, the handout, the reading
view and the PowerPoint file's notes pane show them. The notes go through the slides' converter
(deck/slide_markdown.py: raw HTML shown as text, links inert) with no pictures: a picture in the
notes shows its alt text, and loads nothing.

Scaffolding stays with the speaker: a story prompt or a stage direction in square brackets is
marked (`<em class="scaffold">`, a paragraph of nothing else `<p class="scaffold">`), set apart in
the speaker view and left out of the handout, the reading view and the PowerPoint notes. So are the
beats a script opens with (deck/script.py: "Your story, thirty seconds", "Hands up; pause"), a cue
card for the speaker's glance, not prose for a reader: their list is `<ul class="beats scaffold">`.
"""
from __future__ import annotations

import html
import re
from functools import lru_cache

from . import load, markup, script
from .problems import Problem
from .source import MAX_MARKDOWN_NESTING, markdown_nesting, position


def to_html(text: str, where: tuple[str, int], problems: list[Problem], script_beats: bool = True) -> str:
    """The notes as HTML; a problem (located at the slide's definition) where they cannot be.
    script_beats: the notes are a script (talk.yaml's notes_style), so a list they open with is its
    beats; notes written as cues are the speaker's prompts whole, and readers get them as written."""
    if not text.strip():
        return ""
    made, found = _converted(text, tuple(where), script_beats)
    problems.extend(found)
    return made


def problems_only_converting_finds(text: str) -> bool:
    """Whether converting the notes could find a problem that their text does not show: True for
    notes with a '&' (a character reference, '&\\#27;' too, may stand for a control character) or an
    '@' (an address written as references); without either, only a conversion that runs out of
    time or of stack. The nesting is read from the text (nesting_problem)."""
    return "&" in text or "@" in text


def nesting_problem(text: str, where: tuple[str, int]) -> Problem | None:
    """Notes nested deeper than a slide's body may be, read from the text without converting it."""
    depth, _ = markdown_nesting(text)
    if depth <= MAX_MARKDOWN_NESTING:  # as a slide's body is guarded (deck/outline.py)
        return None
    return Problem(where[0], where[1], 1, "notes", f"the notes' Markdown nests {depth:,} levels deep; the limit "
                                                   f"is {MAX_MARKDOWN_NESTING} (deeply nested lists or quotes, "
                                                   "hundreds of '[')")


def converted(text: str, where: tuple[str, int], script_beats: bool = True) -> tuple[str, tuple[Problem, ...]]:
    """The notes as HTML and the problems converting them found (kept: converted once)."""
    return _converted(text, tuple(where), script_beats) if text.strip() else ("", ())


@lru_cache(maxsize=2048)
def _converted(text: str, where: tuple[str, int], script_beats: bool) -> tuple[str, tuple[Problem, ...]]:
    """Kept by the text and its place: serve's rebuild converts only the notes that changed."""
    problems: list[Problem] = []
    return _notes_html(text, where, problems, script_beats), tuple(problems)


def _notes_html(text: str, where: tuple[str, int], problems: list[Problem], script_beats: bool) -> str:
    file, line = where
    nested = nesting_problem(text, where)
    if nested is not None:
        problems.append(nested)
        return ""
    # The beats are converted apart from the script, so they end where the clock says they end
    # (a line of script straight under them is script, not the last beat's continuation).
    said = script.spoken(text) if script_beats else text
    beats = text[:len(text) - len(said)]
    try:  # hostile notes must not hang the build, as a slide's Markdown must not
        with load.time_limit(load.MARKDOWN_SECONDS):
            cues, made = _beats_and_script(text, beats, said)
    except (RecursionError, load.TooSlow) as error:
        why = "nest too deeply" if isinstance(error, RecursionError) else f"took over {load.MARKDOWN_SECONDS:g} s"
        problems.append(Problem(file, line, 1, "notes", f"the notes' Markdown {why} to convert; simplify them"))
        return ""
    if cues:
        made = re.sub(r"\A\s*<ul>", '<ul class="beats scaffold">', cues, count=1) + "\n" + made
    control = reference_problem(text, made, file, line)
    if control is not None:
        problems.append(control)
        return ""
    made = re.sub(r"<img\b[^>]*?\balt=\"([^\"]*)\"[^>]*>", r"\1", made)  # a picture's words, not the picture
    return _scaffold_marked(made)


def _beats_and_script(text: str, beats: str, said: str) -> tuple[str, str]:
    """The beats' HTML and the script's. Converted together when the script under the beats is
    one that cannot join their list (it opens after a blank line, unindented, with no list item),
    shares nothing with it (no reference definition, no column marker) and so converts as it would
    alone: one conversion, the list's end read from its HTML. Otherwise each is converted apart."""
    def html(part: str) -> str:
        return markup.to_html(part, pictures=lambda src, alt: None, kind="notes")

    if not beats.strip():
        return "", html(said)
    opening = said.lstrip("\n")
    if ("]:" not in text and not COLUMN_MARKER.search(text) and not LIST_ITEM.match(opening)
            and (not opening.strip() or (said.startswith("\n") and not opening[:1].isspace()))):
        whole = html(text)
        end = _list_close(whole) if whole.startswith("<ul>") else None
        if end is not None and whole[end:end + 1] in ("", "\n"):
            return whole[:end], whole[end + 1:]
    return html(beats), html(said)


# A line that starts a list item (Python-Markdown's, sane_lists' ordered ones) or a column (slides'
# `::right::`): either would carry the script into the beats' list, or the beats into a column.
LIST_ITEM = re.compile(r"[ ]{0,3}(?:[*+-]|\d+\.)[ \t]")
COLUMN_MARKER = re.compile(r"^::(?:left|right)::", re.MULTILINE)


def _list_close(made: str) -> int | None:
    """Where the list the HTML opens with closes, a list nested in it counted (None: it never does)."""
    depth = 0
    for tag in re.finditer(r"<(/?)ul\b[^>]*>", made):
        depth += -1 if tag[1] else 1
        if depth == 0:
            return tag.end()
    return None


SCAFFOLD = re.compile(r"\[[^\]<>]*\]")
SHOWN_AS_CODE = re.compile(r"(<pre\b.*?</pre>|<code>.*?</code>|<[^>]+>)", re.DOTALL)


def _scaffold_marked(made: str) -> str:
    """Each bracketed prompt or direction in the notes' text (not in code) marked as scaffolding."""
    parts = SHOWN_AS_CODE.split(made)
    parts[::2] = [SCAFFOLD.sub(lambda found: f'<em class="scaffold">{found[0]}</em>', text) for text in parts[::2]]
    return re.sub(r'<p>((?:\s*<em class="scaffold">[^<]*</em>)+\s*)</p>', r'<p class="scaffold">\1</p>', "".join(parts))


def readers_html(notes_html: str) -> str:
    """The notes as an audience reads them (the handout, the PowerPoint notes): no beats, no
    prompts, no stage directions."""
    notes_html = notes_html[_beats_end(notes_html):]
    return re.sub(r'<p class="scaffold">.*?</p>|<em class="scaffold">[^<]*</em>', "", notes_html, flags=re.DOTALL)


def _beats_end(notes_html: str) -> int:
    """Where the opening beats' list closes (0: the notes open with none); a list nested in it counted."""
    if not notes_html.startswith('<ul class="beats scaffold">'):
        return 0
    end = _list_close(notes_html)
    return len(notes_html) if end is None else end


def readers_text(slide) -> str:
    """The reader's copy of a slide's notes as plain text."""
    return html.unescape(re.sub(r"<[^>]+>", "", readers_html(slide.notes_html)))


def reference_problem(body: str, body_html: str, shown: str, body_line: int) -> Problem | None:
    """A Markdown body whose character references ('&#27;', '&#x1b;') stand for a control character.

    Read from the converted HTML, where a reference shown as code is '&amp;#27;' and no longer one.
    A reference of more digits than any character has ('&#' and 5,000 nines) is refused too: it
    stands for no character, and Python's own reading of it fails."""
    endless = re.search(r"&#(?:[xX][0-9a-fA-F]{9,}|[0-9]{9,})", body_html)
    if endless is not None:
        digits = len(endless.group(0)) - 2 - (endless.group(0)[2] in "xX")
        line, column = _place(body, endless.group(0)[:11])
        return Problem(shown, body_line + line - 1, column, "", f"'{endless.group(0)[:11]}...': a character "
                                                                f"reference of {digits:,} digits stands for no "
                                                                "character; remove it")
    for found in re.finditer(r"&#([0-9]{1,8}|[xX][0-9a-fA-F]{1,8});?", body_html):
        number = found.group(1)
        code = int(number[1:], 16) if number[0] in "xX" else int(number)
        # As a browser reads it: 0x80-0x9F are mostly Windows-1252's letters, NUL and what is out
        # of range become U+FFFD; every other control stays a control.
        browser_maps = 0x80 <= code <= 0x9f or code == 0 or 0xd800 <= code <= 0xdfff or code > 0x10FFFF
        mapped = html.unescape(found.group(0)) if browser_maps else ""
        why = load.control_in_value(mapped or chr(code), "")
        if why is not None:
            reference = found.group(0)
            line, column = _place(body, reference)
            return Problem(shown, body_line + line - 1, column, "", f"'{reference}': {why}")
    return None


def _place(body: str, text: str) -> tuple[int, int]:
    index = body.find(text)
    return position(body, index) if index != -1 else (1, 1)
