"""Export: the presenter deck as one self-contained HTML file, dist/<talk-slug>.html.

Reviewers get one file by mail and open it from disk. So the rendered deck page is taken as it is
and every file it refers to is put inside it: scripts and stylesheets as inline tags (minified
with rjsmin / rcssmin, reveal's own dist files are minified already), fonts and images as data:
URIs, each font subset to the characters the page shows (deck/fonts.py), reveal's files without
what the page provably never runs (deck/unused.py). Its Content-Security-Policy then forbids
every network load: scripts run only when their SHA-256 is listed, so nothing injected into the
file can run either.

Pure: text in, text out; the build writes the result with the other outputs.
"""
from __future__ import annotations

import base64
import hashlib
import html
import mimetypes
import posixpath
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote

from .files import CODE_FONT, EMOJI_FONT, ENGINE_STATIC, NODE_MODULES, cache_key, cached
from .fonts import characters_shown, subset
from .render import speaker_view_hashes
from .unused import notes_without_markdown, styles_without_transitions, transitions_used

NOTES_PLUGIN = "reveal/plugin/notes.js"
REVEAL_STYLES = "reveal/reveal.css"

MEDIA_TYPES = {".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf", ".otf": "font/otf",
               ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
               ".gif": "image/gif", ".webp": "image/webp", ".avif": "image/avif"}

STYLESHEET = re.compile(r'<link\b[^>]*\brel="stylesheet"[^>]*>')
SCRIPT = re.compile(r'<script\b([^>]*)\bsrc="([^"]+)"([^>]*)>\s*</script>')
# src after a space: never the tail of another attribute's name (data-src="...").
IMAGE_SRC = re.compile(r'(<img\b[^>]*?\ssrc=")([^"]+)(")')
CSS_URL = re.compile(r'url\(\s*(["\']?)([^"\')]+)\1\s*\)')
CSP_META = re.compile(r'(<meta http-equiv="Content-Security-Policy" content=")[^"]*(">)')
HREF = re.compile(r'\bhref="([^"]+)"')


# The deck itself is dist/index.html: no export is named after it.
RESERVED_NAMES = frozenset({"index"})


class ExportError(Exception):
    """The page refers to a file the build does not have (a template or theme mistake)."""


def slug(title: str) -> str:
    """The talk's title as a file name: 'Perfect Patterns For ...' -> 'perfect-patterns-for-...'."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", ascii_title.lower())
    name = "-".join(words) or "talk"
    # The single file is <slug>.html beside the deck's own index.html: a talk titled "Index" must
    # not write its export over the deck.
    return f"{name}-talk" if name in RESERVED_NAMES else name


def single_file(page: str, files: dict[str, Path]) -> str:
    """The deck page with every file it refers to inlined, and a CSP that allows no network load.

    page is the rendered dist/index.html; files maps paths relative to dist/ to their sources
    (what the build copies into dist/). The export of a page already exported with the same files
    (each by its size and modification time, as _minified_css keeps them) by the same engine code
    is read back from the user's cache: a build that changed nothing shown inlines nothing again.
    """
    stamps = []
    for relative, path in sorted(files.items()):
        try:
            found = path.stat()
        except OSError:  # missing: the export itself says which file
            return _inlined(page, files)
        stamps.append(f"{relative}\0{path}\0{found.st_size}\0{found.st_mtime_ns}")
    code = b"".join(Path(module.__file__).read_bytes() for module in _exporting_modules())
    key = cache_key(code, page, *stamps)
    return cached("single-file", f"{key}.html", lambda: _inlined(page, files).encode("utf-8"),
                  lambda kept: kept.startswith(b"<!doctype html>")).decode("utf-8")


def _exporting_modules() -> tuple:
    """The engine's code an export is made by: a change to it makes a new export."""
    import sys

    from . import fonts, unused

    return sys.modules[__name__], fonts, unused


def _inlined(page: str, files: dict[str, Path]) -> str:
    scripts: list[str] = []
    # Slide numbers are drawn by reveal's script, from digits and a slash.
    characters = "".join(sorted(set(characters_shown(page)) | set("0123456789/")))

    # Read before anything is inlined: reveal's own code names every transition and data-markdown.
    transitions = transitions_used(page)
    plain_page = page

    def inline_stylesheet(match: re.Match) -> str:
        href = HREF.search(match.group(0))
        if href is None:
            return match.group(0)
        css = _stylesheet(href.group(1), files, characters)
        if href.group(1) == REVEAL_STYLES:
            # Cut on every build (~3 ms), never read back from the user's cache: whoever can write
            # there could craft an entry, and what the single file runs or shows is the engine's alone.
            css = styles_without_transitions(css, transitions)
        return "<style>" + css + "</style>"

    def inline_script(match: re.Match) -> str:
        source = _script(match.group(2), files)
        if match.group(2) == NOTES_PLUGIN:
            source = notes_without_markdown(source, plain_page)
        scripts.append(source)
        return "<script>" + source + "</script>"

    # Images first: once scripts are inlined, their own '<img src=' strings must stay as they are.
    # Reviewers read: the single file opens in the reading view (slides with their notes).
    page = page.replace('data-default-view="present"', 'data-default-view="read"', 1)
    page = IMAGE_SRC.sub(lambda m: m.group(1) + _data_uri(m.group(2), files) + m.group(3), page)
    page = STYLESHEET.sub(inline_stylesheet, page)
    page = SCRIPT.sub(inline_script, page)
    hashes = [_hash(script) for script in scripts]
    if NOTES_PLUGIN in files:  # its speaker view popup inherits this policy (see render.presenter_csp)
        notes_plugin = files[NOTES_PLUGIN]
        hashes += speaker_view_hashes(notes_plugin, notes_plugin.stat().st_mtime_ns)
    policy = html.escape(offline_policy(hashes), quote=True)
    page, count = CSP_META.subn(lambda m: m.group(1) + policy + m.group(2), page, count=1)
    if count == 0:  # a talk's own deck.html without the meta still gets the policy
        page = page.replace("<head>", f'<head>\n<meta http-equiv="Content-Security-Policy" content="{policy}">', 1)
    return page


def offline_policy(hashes: list[str]) -> str:
    """default-src 'none': no request of any kind; only the scripts with these hashes run.

    frame-src 'self' is for the speaker view: it shows the current and next slide by loading this
    same file in two frames (never a network address when opened from disk).
    """
    scripts = " ".join(sorted(set(hashes)))
    return (f"default-src 'none'; script-src {scripts}; style-src 'unsafe-inline'; font-src data:; "
            "img-src data:; frame-src 'self'; base-uri 'none'; form-action 'none'; object-src 'none'")


def _hash(script: str) -> str:
    return f"'sha256-{base64.b64encode(hashlib.sha256(script.encode('utf-8')).digest()).decode()}'"


def _source(relative: str, files: dict[str, Path]) -> Path:
    """A file the page refers to, among those the build ships (its address decoded: 'R%26D.png')."""
    relative = posixpath.normpath(unquote(relative.split("?", 1)[0].split("#", 1)[0]))
    if relative in files:
        return files[relative]
    raise ExportError(f"the deck page refers to '{relative}', which the build does not ship")


@lru_cache(maxsize=32)
def _minified_css(path: Path, mtime: float) -> str:
    import rcssmin

    return rcssmin.cssmin(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=32)
def _minified_js(path: Path, mtime: float, minify: bool) -> str:
    import rjsmin

    text = path.read_text(encoding="utf-8")
    return rjsmin.jsmin(text) if minify else text


def _stylesheet(href: str, files: dict[str, Path], characters: str) -> str:
    path = _source(href, files)
    css = _minified_css(path, path.stat().st_mtime)
    base = posixpath.dirname(posixpath.normpath(href))

    def inline_url(match: re.Match) -> str:
        target = match.group(2)
        if target.startswith(("data:", "#")):
            return match.group(0)
        return f'url("{_data_uri(posixpath.join(base, target), files, characters)}")'

    return _raw_text(CSS_URL.sub(inline_url, css), "style")


def _script(src: str, files: dict[str, Path]) -> str:
    path = _source(src, files)
    if not _engine_script(path):  # its hash goes into the policy: only the engine's own code earns that
        raise ExportError(f"the deck page loads '{src}' as a script, but only the engine's scripts run in the "
                          "single file")
    minify = not src.startswith("reveal/")  # reveal's dist files are minified already
    return _raw_text(_minified_js(path, path.stat().st_mtime, minify), "script")


def _raw_text(text: str, element: str) -> str:
    """A stylesheet or script as the text of its element: an HTML parser ends <style> and <script>
    at the first '</style' or '</script' in any case ('</STYLE>' in a CSS string too), so those
    become '<\\/...', which means the same inside a CSS or JavaScript string, comment or regexp."""
    return re.sub(rf"</({element})", r"<\\/\1", text, flags=re.IGNORECASE)


def _engine_script(path: Path) -> bool:
    real = path.resolve()
    return real.suffix == ".js" and (real.is_relative_to(ENGINE_STATIC.resolve())
                                     or real.is_relative_to(NODE_MODULES.resolve()))


def _engine_font(path: Path) -> bool:
    """The engine's own fonts (Atkinson Hyperlegible, JetBrains Mono and Noto Color Emoji, whose
    license, the OFL, allows subsetting); a talk's own font goes in whole: its license may not allow it."""
    return path.resolve().is_relative_to((NODE_MODULES / "@fontsource" / "atkinson-hyperlegible").resolve()) \
        or path.resolve() in (CODE_FONT.resolve(), EMOJI_FONT.resolve())


def _data_uri(src: str, files: dict[str, Path], characters: str | None = None) -> str:
    """src inlined; one of the engine's .woff2 fonts with characters: only their glyphs."""
    if src.startswith("data:"):
        return src
    path = _source(html.unescape(src), files)
    media = MEDIA_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    subsettable = characters is not None and media == "font/woff2" and _engine_font(path)
    data = subset(path, characters) if subsettable else path.read_bytes()
    if media in SIZED and len(data) > SIZED_FROM_BYTES:
        data = sized(data, SIZED[media])
    return f"data:{media};base64,{base64.b64encode(data).decode('ascii')}"


# Photos in the single file at what a slide shows: no larger than covers the whole 1920x1080 slide
# (a background's size, the most a picture is drawn at); the deck folder keeps them whole. Small
# pictures go in as they are, without opening them.
SIZED = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
SIZED_FROM_BYTES = 300_000
SIZING_RULES = "cover 1920x1080, Lanczos, JPEG 85 / PNG optimised / WebP 85, 1"


def sized(data: bytes, form: str) -> bytes:
    """The picture scaled down to the smallest size that still covers the slide (kept in the cache)."""
    from .files import cache_key, cached

    def make() -> bytes:
        import io

        from PIL import Image

        with Image.open(io.BytesIO(data)) as picture:
            scale = max(1920 / picture.width, 1080 / picture.height)
            if scale >= 1 or getattr(picture, "n_frames", 1) > 1:
                return data
            smaller = picture.resize((round(picture.width * scale), round(picture.height * scale)), Image.LANCZOS)
            out = io.BytesIO()
            options = {"optimize": True} if form == "PNG" else {"quality": 85}
            smaller.save(out, form, **options)
        return out.getvalue() if out.tell() < len(data) else data

    return cached("pictures", f"{cache_key(SIZING_RULES, data)}.{form.lower()}", make)


def keywords(deck) -> list[str]:
    """The talk's vocabulary, for every exported document's keywords: the names of its
    anti-patterns, contexts, patterns and tools."""
    talk = deck.talk
    names = [entry.name for entry in (*talk.anti_patterns, *talk.contexts, *talk.patterns, *talk.tools)]
    return list(dict.fromkeys(names))
