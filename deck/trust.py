"""Trust: what a talk folder from someone else may bring into the deck, checked when it is validated.

A talk folder is data. Its static/ may add and override images, stylesheets and fonts; scripts
and web pages are the engine's (static/deck.js, static/reading.js, reveal.js) and a talk's own are
refused, so nothing from the folder runs with the engine's trust. static/ itself and every link in
it stay inside the talk's folder. Ids written in a slide's Markdown (`{: #name }`) never take an
engine's id or a slide's, and a slide file's name never takes another slide's id; in-deck links
(`#/name`) name a slide that exists. Web addresses whose host mixes scripts (a Cyrillic 'а' in
'exаmple.org') are shown as warnings: they look like another address.

The talk's own templates/ are code, not data: they write the page (rendered in the sandbox,
deck/sandbox.py, they reach no Python), they are named at build time, and a templates/ folder that
hides any of them is an error (template_problems); --engine-templates ignores them.
"""
from __future__ import annotations

import os
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .files import (ENGINE, ENGINE_STATIC, ENGINE_TEMPLATES, MAX_STATIC_BYTES, is_active, not_regular, real_path,
                    read_regular, same_bytes, walk_files)
from .problems import Problem, close_matches
from .source import BIDI, bidi_in, position

# A template is a page's layout: as large as a talk file may be (deck/source.py's limit).
MAX_TEMPLATE_BYTES = 1_000_000
# Ids the engine's scripts give elements at run time (serve's problem overlay); the templates'
# own ids are read from the templates themselves.
RUNTIME_IDS = frozenset({"build-problems"})
# deck/diagrams.py names each diagram's parts 'dg-<slide>-...' (title, desc, arrow marker).
ENGINE_ID_PREFIXES = ("dg-",)
TEMPLATE_ID = re.compile(r'\bid="([A-Za-z][\w:.-]*)"')
# reveal.js reads '#/name' as a slide's id, '#/3' as an index; the deck links by id only.
HASH_NAME = re.compile(r"^#/?")


def static_problems(root: Path) -> list[Problem]:
    """static/ is copied into the deck as it is: it and every link in it stay inside the talk's
    folder, and it holds no scripts or web pages (an unchanged copy of an engine file is ignored)."""
    from . import load

    static = root / "static"
    if is_engine_static(static):
        return []
    if static.is_symlink() and load.resolve_inside(root, "static") is None:
        return [Problem("static", 1, 1, "", "static/ is a symbolic link to outside the talk's folder; "
                                            "make it a folder of the talk's own")]
    if not static.is_dir():
        return []
    problems = []
    seen: set[Path] = set()
    for current, folders, files in os.walk(static, followlinks=True):
        real = real_path(Path(current))
        if real is None or real in seen:
            folders[:] = []
            continue
        seen.add(real)
        for name in sorted(folders + files):
            path = Path(current) / name
            relative = path.relative_to(root).as_posix()
            unreadable = _unreadable_name(name) or (_not_a_file(path) if name in files else None)
            if unreadable is not None:
                problems.append(Problem(relative, 1, 1, "", unreadable))
                if name in folders:
                    folders.remove(name)
            elif path.is_symlink() and load.resolve_inside(root, relative) is None:
                problems.append(Problem(relative, 1, 1, "", "a symbolic link to outside the talk's folder; "
                                                            "copy the file into static/ instead"))
                if name in folders:
                    folders.remove(name)  # never walked: it may lead anywhere on the disk
            elif name in files and is_active(path) and not _copy_of_engine_file(static, path):
                engine_file = ENGINE_STATIC / path.relative_to(static)
                why = (f"replaces the engine's {engine_file.relative_to(ENGINE).as_posix()}" if engine_file.is_file()
                       else "a script or web page")
                problems.append(Problem(relative, 1, 1, "", f"{why}: a talk's static/ holds images, stylesheets "
                                                            "and fonts, never code; delete it"))
        folders.sort()
    return problems


def _unreadable_name(name: str) -> str | None:
    """A name that is not UTF-8 (it reaches Python as surrogates): no page or browser can name it."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError as error:
        byte = os.fsencode(name[error.start])[0]
        return f"the file name is not UTF-8 (byte 0x{byte:02x}): rename it in UTF-8"
    return None


def _not_a_file(path: Path) -> str | None:
    """Why static/'s entry cannot be copied into the deck as a file: a link to nothing, a named
    pipe or a device (reading it would hang or never end), a file over the size limit."""
    try:
        status = path.stat()
    except OSError as error:
        if path.is_symlink():
            return (f"a symbolic link to nothing (it names '{os.readlink(path)}'): copy the file into static/ or "
                    "delete the link")
        return f"cannot be read ({error.strerror})"
    what = not_regular(status.st_mode)
    if what is not None and what != "a folder":
        return f"{what}, not a file: a talk's static/ holds images, stylesheets and fonts; delete it"
    if status.st_size > MAX_STATIC_BYTES:
        return (f"{status.st_size:,} bytes; a file in static/ may be {MAX_STATIC_BYTES:,} at most: make it "
                "smaller or delete it")
    return None


def is_engine_static(static: Path) -> bool:
    try:
        return static.resolve() == ENGINE_STATIC.resolve()
    except (OSError, RuntimeError):
        return False


def _copy_of_engine_file(static: Path, path: Path) -> bool:
    """A talk that copied the engine's static/ carries its scripts unchanged: those are harmless."""
    engine_file = ENGINE_STATIC / path.relative_to(static)
    try:
        return engine_file.is_file() and same_bytes(engine_file, path)
    except OSError:
        return False


def talk_templates(root: Path) -> Path | None:
    """The talk's own templates/ folder, or None when it has none (or it is the engine's own)."""
    folder = root / "templates"
    try:
        if not folder.is_dir() or folder.resolve() == ENGINE_TEMPLATES.resolve():
            return None
    except (OSError, RuntimeError):
        return None
    return folder


def template_problems(root: Path) -> tuple[list[Problem], list[Problem]]:
    """A talk's own templates are code: they write the page and run at build time. (problems, warnings).

    Every build says so, naming them, so a folder someone sent is not built without its reader
    knowing; the warning can name them only if it can see them: a folder that cannot be listed
    or a template that cannot be read (Jinja would still open a template by its name) is an error.
    """
    folder = talk_templates(root)
    if folder is None:
        return [], []
    names: list[str] = []
    problems: list[Problem] = []
    seen: set[Path] = set()
    pending = [folder]
    while pending:
        current = pending.pop()
        shown = current.relative_to(root).as_posix()
        real = real_path(current)
        if real is None or real in seen:
            continue
        seen.add(real)
        try:
            entries = sorted(os.scandir(current), key=lambda entry: entry.name)
        except OSError as error:
            problems.append(Problem(shown, 1, 1, "", f"cannot list this folder of templates ({error.strerror}): "
                                                     "templates are code, and the build names them before they "
                                                     f"run; make it readable (chmod -R u+rX {shown}) or build "
                                                     "with --engine-templates"))
            continue
        for entry in entries:
            path = Path(entry.path)
            unusable = _unreadable_name(entry.name) or _not_a_template(path)
            if unusable is not None:
                problems.append(Problem(path.relative_to(root).as_posix(), 1, 1, "", unusable))
            elif path.is_dir():
                pending.append(path)
            elif not os.access(path, os.R_OK):
                problems.append(Problem(path.relative_to(root).as_posix(), 1, 1, "", "cannot read this template: "
                                        "templates are code, and the build names them before they run; make it "
                                        "readable or build with --engine-templates"))
            else:
                names.append(path.relative_to(root).as_posix())
    names.sort()
    if problems or not names:
        return problems, []
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    return [], [Problem("templates", 1, 1, "", f"this talk brings its own templates ({shown}): they are code, "
                                               "not data; read them before building a talk someone sent you "
                                               "(--engine-templates builds it without them)", warning=True)]


def _not_a_template(path: Path) -> str | None:
    """Why Jinja could not read this entry of templates/ as a template, or None (a folder, a file)."""
    try:
        status = path.stat()
    except OSError:
        return None  # a link to nothing: the check for a readable template names it
    what = not_regular(status.st_mode)
    if what is not None and what != "a folder":
        return f"{what}, not a template file; delete it"
    if what is None and status.st_size > MAX_TEMPLATE_BYTES:
        return f"{status.st_size:,} bytes; a template may be {MAX_TEMPLATE_BYTES:,} at most"
    return None


def ignored_templates(root: Path) -> list[Problem]:
    """--engine-templates: the talk's own templates are not used, and the build says so."""
    if talk_templates(root) is None:
        return []
    return [Problem("templates", 1, 1, "", "--engine-templates: this talk's own templates are ignored; the deck "
                                           "is built with the engine's", warning=True)]


# --- ids and in-deck links -------------------------------------------------------------------

@lru_cache(maxsize=8)
def _template_ids(folder: Path, stamp: tuple) -> frozenset[str]:
    ids: set[str] = set()
    for path in walk_files(folder):
        if path.suffix == ".html":
            try:
                ids.update(TEMPLATE_ID.findall(read_regular(path, MAX_TEMPLATE_BYTES).decode("utf-8", "replace")))
            except OSError:
                continue
    return frozenset(ids)


def engine_ids(root: Path) -> frozenset[str]:
    """Ids the page has whatever the slides say: its templates' (the engine's and the talk's) and
    the ones the engine's scripts add."""
    ids = set(RUNTIME_IDS)
    for folder in (ENGINE_TEMPLATES, root / "templates"):
        if folder.is_dir():
            stamp = tuple((path.name, path.lstat().st_mtime_ns) for path in walk_files(folder))
            ids |= _template_ids(folder, stamp)
    return frozenset(ids)


def is_engine_id(ident: str, reserved: frozenset[str]) -> bool:
    """An id the page uses whatever the slides say: reserved (engine_ids) or of a diagram's parts."""
    return ident in reserved or ident.startswith(ENGINE_ID_PREFIXES)


def assign_anchors(slides: list, problems: list[Problem], root: Path) -> None:
    """Each slide's id, unique in the deck. A slide file's name is its id as the speaker chose it:
    when another slide has that id too, that is a mistake (it would push the other slide to
    'name-2' and break links to it). Slides the engine names alike ('title' twice, one pattern
    shown twice) get '-2', '-3'. No slide takes an id the page's templates use."""
    reserved = engine_ids(root)
    bases = [slide.anchor for slide in slides]
    taken: set[str] = set()
    for index, slide in enumerate(slides):
        if slide.kind != "markdown":
            continue
        others = [other for number, other in enumerate(slides) if number != index and bases[number] == slide.anchor]
        if others:
            other = others[0]
            what = f"{other.kind} slide '{other.title}'" if other.kind != "markdown" else f"slide file {other.source[0]}"
            problems.append(Problem(slide.source[0], 1, 1, "", f"this file's name gives its slide the id "
                                                               f"'{slide.anchor}', which the {what} has already; "
                                                               "rename the file"))
        taken.add(slide.anchor)
    for slide in slides:
        if slide.kind == "markdown":
            continue
        base, suffix = slide.anchor, 2
        while slide.anchor in taken:
            slide.anchor, suffix = f"{base}-{suffix}", suffix + 1
        taken.add(slide.anchor)
    for slide in slides:
        if is_engine_id(slide.anchor, reserved):
            whose = "this file's name gives its slide" if slide.kind == "markdown" else "this slide has"
            problems.append(Problem(slide.source[0], slide.source[1] if slide.kind != "markdown" else 1, 1, "",
                                    f"{whose} the id '{slide.anchor}', which the page itself uses; "
                                    "choose another"))


def content_problems(slides: list, root: Path) -> tuple[list[Problem], list[Problem]]:
    """Ids and links written in the slides' Markdown: (problems, warnings).

    An id from an attribute list must not be an engine's id (`#deck-config` would stop the deck),
    a slide's (`#some-slide` would take that slide's links) or another one's; an in-deck link
    names a slide that exists (else it lands on the first slide, in the PDF too).
    """
    from .markup import elements_in

    reserved = engine_ids(root)
    anchors = {slide.anchor: slide for slide in slides}
    problems: list[Problem] = []
    warnings: list[Problem] = []
    first_use: dict[str, str] = {}
    for slide in slides:
        if slide.kind != "markdown":
            continue
        control = BIDI.search(slide.body)
        if control is not None:  # a link that holds one is refused below
            line, column = position(slide.body, control.start())
            control = bidi_in(control.group())
            warnings.append(Problem(slide.source[0], slide.body_line + line - 1, column, "", f"the text holds "
                                    f"{control}, an invisible control that turns the text around it; remove it "
                                    "unless the text needs it", warning=True))
        claimed: set[tuple[int, int]] = set()  # places in the Markdown already named by a problem
        for tag, attributes in elements_in(slide.body_html):
            ident = attributes.get("id")
            if ident is not None:
                line, column = _locate(slide, [f"#{ident}", f'id="{ident}"', f"id='{ident}'", f"id={ident}"], claimed)
                where = (slide.source[0], line, column, "")
                if is_engine_id(ident, reserved):
                    problems.append(Problem(*where, f"the id '{ident}' is the page's own; a slide cannot take it "
                                                    "(choose another)"))
                elif ident in anchors:
                    problems.append(Problem(*where, f"the id '{ident}' is the id of slide {anchors[ident].number} "
                                                    f"'{anchors[ident].title}'; links to that slide would land "
                                                    "here (choose another)"))
                elif ident in first_use:
                    problems.append(Problem(*where, f"the id '{ident}' is used already ({first_use[ident]}); "
                                                    "ids in a deck are unique"))
                else:
                    first_use[ident] = f"{slide.source[0]}:{line}"
            href = attributes.get("href") if tag == "a" else None
            if href is None:
                continue
            line, column = _locate(slide, [href], claimed)
            if href.startswith("#"):
                name = unquote(HASH_NAME.sub("", href, count=1))
                if name not in anchors:
                    problems.append(Problem(slide.source[0], line, column, "",
                                            f"in-deck link '{href}' names no slide{_near(name, list(anchors))}"))
            elif bidi_in(href):
                problems.append(Problem(slide.source[0], line, column, "", f"link '{href}' holds {bidi_in(href)}, an "
                                                                           "invisible control that turns the text "
                                                                           "around it: the address would read as "
                                                                           "another one; remove it"))
            else:
                looks = look_alike(href)
                if looks:
                    warnings.append(Problem(slide.source[0], line, column, "", f"link '{href}': {looks}", warning=True))
    return problems, warnings


def _near(name: str, known: list[str]) -> str:
    near = close_matches(name, known, n=3, cutoff=0.5)
    shown = near or known[:4]
    return f" (slide ids: {', '.join(shown)}{', ...' if len(known) > len(shown) else ''})" if shown else ""


def _locate(slide, needles: list[str], claimed: set[tuple[int, int]]) -> tuple[int, int]:
    """Line and column of the first place in the slide's Markdown where a needle stands and no
    earlier element was found (so the second '#mine' is located at the second); else its first line."""
    places = []
    for number, text in enumerate(slide.body.splitlines()):
        for needle in needles:
            column = text.find(needle) if needle else -1
            while column != -1:
                places.append((slide.body_line + number, column + 1))
                column = text.find(needle, column + 1)
    for place in sorted(places):
        if place not in claimed:
            claimed.add(place)
            return place
    return slide.body_line, 1


# --- look-alike hosts ------------------------------------------------------------------------

# Scripts that are written together in one word (Japanese mixes these) count as one.
_SCRIPT_FAMILY = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "HANGUL": "CJK", "KATAKANA-HIRAGANA": "CJK",
                  "IDEOGRAPHIC": "CJK", "FULLWIDTH": "LATIN", "HALFWIDTH": "CJK"}


def _script(character: str) -> str:
    word = unicodedata.name(character, "UNKNOWN").split(" ")[0]
    return _SCRIPT_FAMILY.get(word, word)


def look_alike(url: str) -> str | None:
    """Why a web address's host may imitate another one (letters of two scripts in one label),
    or None. Hosts written in punycode (xn--) are judged by the letters they stand for."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return None
    for label in host.split("."):
        shown = label
        if label.startswith("xn--"):
            try:
                shown = label[4:].encode("ascii").decode("punycode")
            except (UnicodeError, ValueError):
                continue
        scripts = sorted({_script(character) for character in shown if character.isalpha()})
        if len(scripts) > 1:
            try:
                encoded = host.encode("idna").decode("ascii")
            except UnicodeError:
                encoded = host
            also = f" (it is {encoded})" if encoded != host else ""
            names = " and ".join(script.title() for script in scripts)
            return (f"the host '{host}'{also} mixes {names} letters in '{shown}': it may imitate another "
                    "address; check it")
    return None


def link_warnings(source, talk) -> list[Problem]:
    """talk.yaml's links that may imitate another address: warnings, at the link."""
    found = []
    for path, url in [(("links", "slides"), talk.links.slides), (("links", "feedback"), talk.links.feedback),
                      *((("links", "more", index, "url"), link.url) for index, link in enumerate(talk.links.more))]:
        looks = look_alike(url)
        if looks:
            problem = source.problem(path, looks)
            found.append(Problem(problem.file, problem.line, problem.column, problem.path, problem.message,
                                 warning=True))
    return found
