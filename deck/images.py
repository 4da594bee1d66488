"""The pictures a Markdown slide shows: each one's path resolved once, at validation, and its file
read once, so that every output (the presenter deck, the single file, both PDFs, the handout, the
PowerPoint file) shows the same file and none meets one it cannot show.

The one path rule: an image's `src`, as the parsed element finally has it (deck/markup.py hands
it over), is percent-decoded, resolved against the slide's folder with symbolic links followed,
and must land on a file inside the talk's static/. Its address in the deck is `static/<that
file's path>`, percent-encoded; every export finds the file through that address (Slide.images),
never through the rendered HTML's attribute.

The file must be a picture a browser decodes, and what its suffix says: PNG, JPEG, GIF, WebP and
AVIF are decoded here with Pillow (damaged bytes, more than MAX_PIXELS pixels, or another format's
bytes are located errors, found before any browser starts); SVG is parsed as XML (no entity, DTD
or network is read) and its root must be an SVG element. A data: URI is decoded and judged alike.
What Pillow cannot read (SVG; AVIF where this Pillow lacks it) the browser session rasterises for
the PowerPoint file (deck/pptx/capture.py).
"""
from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote, unquote, unquote_to_bytes

from . import load
from .files import MAX_STATIC_BYTES, read_regular
from .problems import Problem

# Suffix -> the formats (as Pillow names them) its bytes may hold; a camera's JPEG may be an MPO.
FORMATS = {".png": ("PNG",), ".jpg": ("JPEG", "MPO"), ".jpeg": ("JPEG", "MPO"), ".gif": ("GIF",),
           ".webp": ("WEBP",), ".avif": ("AVIF",), ".svg": ("SVG",)}
MEDIA_FORMATS = {"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif", "image/webp": ".webp",
                 "image/avif": ".avif", "image/svg+xml": ".svg"}
SHOWN = "PNG, JPEG, GIF, WebP, AVIF or SVG"
# Pillow's own decompression-bomb line: a browser asked to decode more may run out of memory
# (a slide at twice its size is 8 million pixels).
MAX_PIXELS = 89_478_485
MAX_BYTES = MAX_STATIC_BYTES
SVG_ROOT = "{http://www.w3.org/2000/svg}svg"
# A file name holding '%41' cannot be written as an address: the browser would read an 'A'.
ENCODED = re.compile(r"%[0-9a-fA-F]{2}")


@dataclass(frozen=True)
class Image:
    """One picture as validation found it: its address in the deck, its file (symbolic links
    resolved; None for a data: URI, whose bytes it holds) and its format."""

    address: str
    format: str  # 'PNG', 'JPEG', 'GIF', 'WEBP', 'AVIF', 'SVG'
    path: Path | None = None
    inline: bytes = b""

    def data(self) -> bytes:
        return read_regular(self.path, MAX_BYTES) if self.path is not None else self.inline

    @property
    def raster(self) -> bool:
        """Pillow reads it; an SVG (or an AVIF this Pillow cannot read) the browser rasterises."""
        return self.format != "SVG" and (self.format != "AVIF" or _pillow_reads_avif())


class SlideImages:
    """The pictures of one Markdown slide, judged as its Markdown is converted: called with each
    <img>'s src and alt, it returns the address the element shows (or None), and keeps the
    problems, located in the slide's file."""

    def __init__(self, root: Path, slide: Path, file: str, body: str, body_line: int):
        self.root, self.slide, self.file, self.body, self.body_line = root, slide, file, body, body_line
        self.found: dict[str, Image] = {}
        self.problems: list[Problem] = []

    def __call__(self, src: str, alt: str) -> str | None:
        line = self.body_line + _line_of(self.body, src)

        def problem(message: str) -> None:
            joined = message if message.startswith(":") else " " + message
            self.problems.append(Problem(self.file, line, 1, "", f"image '{_shown(src)}'{joined}"))

        if not alt.strip():
            problem("has no alt text: write what it shows in ![...]")
        if src.lower().startswith(("http:", "https:")):
            problem("would load from the network; save it under static/")
            return None
        if src.lower().startswith("data:"):
            image, why = data_image(src)
        else:
            image, why = self._file_image(src)
        if why:
            problem(why)
            return None
        self.found[image.address] = image
        return image.address

    def _file_image(self, src: str) -> tuple[Image | None, str]:
        static = self.root / "static"
        decoded = unquote(src)
        target = load.resolve_inside(static, decoded, start=self.slide.parent)
        if target is not None and not load.is_file(target) and decoded != src:
            literal = load.resolve_inside(static, src, start=self.slide.parent)  # '50%.png' is a name too
            target = literal if literal is not None and load.is_file(literal) else target
        if not src or target is None:
            return None, "must be a file under static/"
        if not load.is_file(target):
            return None, "not found"
        name = target.relative_to(static.resolve()).as_posix()
        found = ENCODED.search(name)
        if found:
            return None, (f": the file name '{name}' holds '{found.group()}', which a browser reads as an encoded "
                          "character; rename the file")
        try:
            stat = target.stat()
        except OSError as error:
            return None, f"cannot be read: {error.strerror}"
        why, format = _judged(str(target), stat.st_mtime_ns, stat.st_size, target.suffix.lower())
        # The deck sits at dist/index.html with static/ beside it; '&', '#', '?', '%', quotes and
        # spaces are percent-encoded so that the address reaches the file.
        return (None, why) if why else (Image("static/" + quote(name, safe="/"), format, path=target), "")


def data_image(src: str) -> tuple[Image | None, str]:
    """A data: URI's picture, judged as a file of its media type would be."""
    head, comma, payload = src[5:].partition(",")
    media, *parameters = head.split(";")
    suffix = MEDIA_FORMATS.get(media.strip().lower())
    if not comma or suffix is None:
        return None, f"is a data: URI that holds no picture every output shows ({SHOWN})"
    try:
        data = (base64.b64decode(payload, validate=True) if "base64" in parameters
                else unquote_to_bytes(payload))
    except (binascii.Error, ValueError):
        return None, "is a data: URI whose base64 cannot be decoded"
    why, format = _judge(data, suffix)
    return (None, why) if why else (Image(src, format, inline=data), "")


@lru_cache(maxsize=256)  # serve revalidates on every save: a picture is decoded again only when it changes
def _judged(path: str, mtime: int, size: int, suffix: str) -> tuple[str, str]:
    if size > MAX_BYTES:  # judged before it is read
        return _too_large(size), ""
    try:
        data = read_regular(Path(path), MAX_BYTES)
    except OSError as error:
        return f"cannot be read: {error.strerror}", ""
    return _judge(data, suffix)


def _judge(data: bytes, suffix: str) -> tuple[str, str]:
    """(why no browser would show these bytes as a picture named *suffix, '') or ('', format)."""
    if suffix not in FORMATS:
        return f"is a {suffix or 'suffix-less'} file, not a picture every output shows: use {SHOWN}", ""
    if len(data) > MAX_BYTES:
        return _too_large(len(data)), ""
    expected = FORMATS[suffix]
    if expected == ("SVG",):
        return _judge_svg(data), "SVG"
    if expected == ("AVIF",) and not _pillow_reads_avif():
        is_avif = data[4:8] == b"ftyp" and data[8:12] in (b"avif", b"avis", b"mif1")
        return ("", "AVIF") if is_avif else ("holds no AVIF picture (its bytes are of another kind)", "")
    format, why = _decode(data)
    if why:
        return why, ""
    if format not in expected:
        right = next((name for name, formats in FORMATS.items() if format in formats), "")
        return (f"holds a {format} picture, not the {expected[0]} its name says; rename it to "
                f"'{right}'" if right else f"holds a {format} picture, which not every browser shows: use {SHOWN}"), ""
    return "", format


def _decode(data: bytes) -> tuple[str, str]:
    """(Pillow's format, '') once the picture (a GIF's first frame) decodes whole, or ('', why not)."""
    import io
    import warnings

    from PIL import Image as PillowImage
    from PIL import UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PillowImage.DecompressionBombWarning)
            # Pillow refuses a picture of more than twice this many pixels before handing over its
            # size: set to ours, so that refusal means twice our limit, whatever Pillow's default.
            PillowImage.MAX_IMAGE_PIXELS = MAX_PIXELS
            with PillowImage.open(io.BytesIO(data)) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    return "", _too_big(f"{width * height:,} pixels ({width}x{height})")
                # A JPEG is decoded at an eighth of its size: every byte is still read (a cut file
                # still fails), in a tenth of the time a camera's 24 megapixels take in full.
                image.draft(image.mode, (width // 8, height // 8))
                image.load()
                return image.format or "", ""
    except PillowImage.DecompressionBombError:  # refused unread, by the line set above
        return "", _too_big(f"more than {2 * MAX_PIXELS:,} pixels")
    except UnidentifiedImageError:
        return "", f"is not a picture a browser can decode (its bytes are no {SHOWN})"
    except Exception as error:  # noqa: BLE001 - Pillow's decoders raise many kinds for damaged bytes
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        return "", f"is damaged and cannot be decoded ({reason}); export it again"


def _too_large(size: int) -> str:
    return f"is {size / 1024 / 1024:.0f} MB; the limit is {MAX_BYTES // 1024 // 1024} MB: make it smaller"


def _too_big(pixels: str) -> str:
    return (f"has {pixels}; the limit is {MAX_PIXELS:,} (a browser decoding more may run out of "
            "memory): scale it down")


def _judge_svg(data: bytes) -> str:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        return f"is not an SVG picture a browser can decode: {(error.msg or str(error)).splitlines()[0]}"
    if root is None or root.tag != SVG_ROOT:
        name = etree.QName(root).localname if root is not None else ""
        return (f"is not an SVG picture: its root element is <{name}> outside the SVG namespace "
                "(xmlns=\"http://www.w3.org/2000/svg\")")
    return ""


@lru_cache(maxsize=1)
def _pillow_reads_avif() -> bool:
    from PIL import features

    try:
        return bool(features.check("avif"))
    except ValueError:  # a Pillow from before AVIF was a feature
        return False


def _shown(src: str) -> str:
    return src if len(src) <= 80 else src[:77] + "..."


def _line_of(body: str, needle: str) -> int:
    for number, text in enumerate(body.splitlines()):
        if needle and needle in text:
            return number
    return 0
