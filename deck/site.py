"""Site: the page to share after the talk, at the address the closing slide's QR code opens.

`build.py site` writes one static folder that any static host serves as it is (GitHub Pages, an
S3 bucket, the event's web server): relative links only, nothing from a CDN, no script on the
talk's page, no tracking. For one talk:

    index.html        the talk's page, in its language: title, speaker, event and date, abstract,
                      takeaways, the deck one click away, the downloads with their sizes, the
                      feedback link, the reading list; its social card in og:/twitter: tags
    social-card.png   og:image: the title slide at 1200x630, taken by the session that prints the
                      PDFs (deck/card.py)
    deck/             the build as `build.py` writes it: the presenter deck (deck/index.html), the
                      single file, both PDFs, the PowerPoint file

With several talks (`--talk a/talk.yaml --talk b/talk.yaml`), one such folder per talk, named by
its slug, and an index.html listing them newest first. The whole site is written into a staging
folder and swapped in in one step, like dist/ (deck/write.py); its marker says SITE, and only an
empty folder or a site is replaced by one.

`check` calls published_warning(): links.slides is the QR code's address, and a file's address
or a slide-sharing service there means the QR code does not open the page this module writes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from .files import SITE, previous_build
from .problems import Problem, TalkError

CARD = "social-card.png"
DECK = "deck"  # the talk's build, in a folder of the site
# The talk's page runs nothing and loads only its own folder's files (the card, the deck's fonts).
PAGE_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; font-src 'self'; "
            "base-uri 'none'; form-action 'none'")
FONT_FILES = ("atkinson-hyperlegible-latin-400-normal.woff2", "atkinson-hyperlegible-latin-700-normal.woff2")

# Where a speaker often puts slides: these open the service's page, not the site's.
SLIDE_SERVICES = ("speakerdeck.com", "slideshare.net", "docs.google.com", "drive.google.com", "dropbox.com",
                  "onedrive.live.com", "1drv.ms", "sharepoint.com", "youtube.com", "youtu.be", "github.com",
                  "gitlab.com", "figma.com", "canva.com", "prezi.com", "notion.so")
FILE_ADDRESS = re.compile(r"\.(pdf|pptx?|key|odp|zip|html?|png|jpe?g)$", re.IGNORECASE)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


@dataclass
class SiteTalk:
    """One talk of the site: its validated Deck and the folder it gets ('' for a site of one talk)."""

    deck: object  # deck.validate.Deck
    folder: str

    @property
    def prefix(self) -> str:
        return f"{self.folder}/" if self.folder else ""


def default_out(talk_path: Path, edition: str | None = None) -> Path:
    """dist/site/ beside the (first) talk; the site of one edition alone: dist-NAME/site/."""
    return talk_path.resolve().parent / ("dist" if edition is None else f"dist-{edition}") / "site"


def build_site(talk_files: list[Path], decks: list, out: Path, *, paper: str | None = None,
               in_new_dist: bool = False, on_warning=None, progress=None) -> Path:
    """Every talk's build, page and card, and (for several talks) the index, into out/ in one swap.

    A folder per talk, named by its slug, when there are several; out/ itself for one. Each talk
    is printed in its own browser session, which also takes its social card. in_new_dist: out/ is
    the default dist/site/, and a dist/ made for it is marked as the build's, so `build.py`
    replaces it later (the site with it) instead of refusing a folder it did not write.
    """
    from . import write as write_stage
    from .export import slug
    from .pipeline import output_errors

    talks = _site_talks(talk_files, decks, slug)
    _refuse_output(out, decks)
    new_dist = in_new_dist and not out.parent.exists()
    with output_errors(), write_stage.building(out, SITE) as staging:
        for talk in talks:
            _write_talk(talk, staging / talk.folder if talk.folder else staging, out, paper=paper,
                        on_warning=on_warning, progress=progress, several=len(talks) > 1)
        if len(talks) > 1:
            (staging / "index.html").write_text(index_page(talks, decks[0]), encoding="utf-8", newline="\n")
        write_stage.swap_in(staging, out)
        if new_dist:
            write_stage.mark(out.parent)
    return out


def _site_talks(talk_files: list[Path], decks: list, slug) -> list[SiteTalk]:
    """One SiteTalk per deck; two talks that would share a folder are the speaker's mistake, located."""
    if len(decks) == 1:
        return [SiteTalk(decks[0], "")]
    from .load import load_yaml_file

    talks, seen, problems = [], {}, []
    for talk_file, deck in zip(talk_files, decks):
        name, talk_file = slug(deck.talk.title), talk_file.resolve()
        if name in seen:
            where = load_yaml_file(talk_file, deck.root).problem(("title",), "")
            twice = seen[name] == talk_file
            given = ("this talk is given twice: name it once" if twice else
                     f"this talk's folder in the site would be '{name}/', as is {seen[name]}'s: give one of them "
                     "another title, or build them into two sites")
            problems.append(Problem(str(talk_file), where.line, where.column, "title", given))
        seen[name] = talk_file
        talks.append(SiteTalk(deck, name))
    if problems:
        raise TalkError(problems)
    return newest_first(talks)


def newest_first(talks: list[SiteTalk]) -> list[SiteTalk]:
    """By the event's date (ISO dates sort as text), newest first; undated talks last, in --talk order."""
    dated = [talk for talk in talks if ISO_DATE.match(talk.deck.talk.event.date)]
    undated = [talk for talk in talks if talk not in dated]
    return sorted(dated, key=lambda talk: talk.deck.talk.event.date, reverse=True) + undated


def _refuse_output(out: Path, decks: list) -> None:
    """The site replaces out/ whole: never a talk's own folder or sources, a folder no build wrote,
    or a build of build.py's or serve's (it would lose its PDFs to a site that holds them elsewhere)."""
    from .files import output_problem

    for deck in decks:
        refused = output_problem(out, deck.root, SITE)
        if refused:
            raise TalkError([Problem(str(out), 1, 1, "", f"output folder {refused}")])
    if out.is_dir() and any(out.iterdir()) and previous_build(out) != SITE:
        raise TalkError([Problem(str(out), 1, 1, "", "output folder holds a build of the deck, not a site; the site "
                                                     "replaces its folder whole: choose another --out (default: "
                                                     "dist/site/)")])


def _write_talk(talk: SiteTalk, folder: Path, out: Path, *, paper, on_warning, progress, several: bool) -> None:
    """folder/deck/ (the build, printed), folder/social-card.png, each edition's build into
    folder/deck-NAME/, then folder/index.html, which names every file's size."""
    from .card import NAME as CARD_TAKEN

    deck = talk.deck
    if several:  # the browser's warnings (a slide cut off) name the talk's folder too
        on_warning = _naming_folder(on_warning, deck.root)
    printing = {"paper": paper, "on_warning": on_warning, "progress": progress}
    built = folder / DECK
    downloads = _built(deck, built, out, card=True, **printing)
    (built / CARD_TAKEN).replace(folder / CARD)
    editions = [(edition, _built(edition, folder / f"{DECK}-{name}", out, **printing))
                for name, edition in deck.editions.items()]
    page = talk_page(deck, downloads, all_talks="../index.html" if several else None, editions=editions)
    (folder / "index.html").write_text(page, encoding="utf-8", newline="\n")


def _built(deck, built: Path, out: Path, card: bool = False, **printing) -> list[tuple[str, str, int]]:
    """A deck's build (the talk's or an edition's) written into built/ and printed: its downloads."""
    from . import pipeline
    from . import write as write_stage
    from .export import slug

    outputs, files = pipeline.render_with_assets(deck, out)
    outputs[f"{slug(deck.talk.title)}.html"] = pipeline.single_file(outputs["index.html"], files)
    write_stage.write_files(built, outputs, files)
    failed: list = []
    pipeline.print_in_browser(deck, built, failed, pptx=True, card=card, **printing)
    if failed:  # a page whose downloads are missing is not one to publish: nothing is swapped in
        from .files import OutputsFailed

        raise OutputsFailed(failed, built.parent)
    return _downloads(deck, built)


def _downloads(deck, built: Path) -> list[tuple[str, str, int]]:
    """(label key, href from the talk's page, size) of each file of a build the page offers."""
    from .export import slug
    from .handout import file_name as handout_name
    from .pdf import slides_name

    names = (("site_slides_pdf", slides_name(deck)), ("site_handout_pdf", handout_name(deck)),
             ("site_pptx", f"{slug(deck.talk.title)}.pptx"), ("site_single_file", f"{slug(deck.talk.title)}.html"))
    return [(key, f"{built.name}/{name}", (built / name).stat().st_size) for key, name in names]


def _naming_folder(on_warning, root: Path):
    import sys

    def told(problem: Problem) -> None:
        problem = shown_from_here(problem, root)
        if on_warning is None:
            print(problem, file=sys.stderr)
        else:
            on_warning(problem)

    return told


def shown_from_here(problem: Problem, root: Path) -> Problem:
    """A talk's problem with its file shown from the working folder: with several talks, each one's
    'talk.yaml:12:3' is told apart."""
    import os
    from dataclasses import replace

    if Path(problem.file).is_absolute():
        return problem
    relative = os.path.relpath(root / problem.file)
    return replace(problem, file=relative if not relative.startswith("..") else str(root / problem.file))


def size_text(labels, size: int) -> str:
    """A file's size as a reader weighs a download: '740 KB', '2.3 MB' (in the page's language)."""
    if size < 999_500:
        return labels("site_size_kb", size=max(1, round(size / 1000)))
    return labels("site_size_mb", size=labels.number(round(size / 1_000_000, 1)))


def card_address(slides_url: str) -> str:
    """og:image must be absolute: the card beside the page links.slides names."""
    parts = urlsplit(slides_url)
    base = parts._replace(query="", fragment="").geturl()
    last = base.rsplit("/", 1)[-1]
    if "." not in last and not base.endswith("/"):
        base += "/"  # the folder's own address, written without its closing slash
    return urljoin(base, CARD)


def _rendered(deck, name: str, **context) -> str:
    from .render import rendered

    return rendered(deck, name, context)


def talk_page(deck, downloads: list[tuple[str, str, int]], all_talks: str | None = None,
              editions: list | None = None) -> str:
    """The talk's page: downloads are (label key, relative href, size in bytes), the deck first;
    editions are (its Deck, its downloads), each listed under the talk's own."""
    talk, labels = deck.talk, deck.labels

    def files(found):
        return [{"label": labels(key), "href": href, "size": size_text(labels, size),
                 "type": href.rsplit(".", 1)[-1].upper()} for key, href, size in found]

    return _rendered(
        deck, "site/talk.html", talk=talk, t=labels, csp=PAGE_CSP, card=CARD, card_url=card_address(talk.links.slides),
        editions=[{"name": _edition_name(edition), "deck_href": f"{found[0][1].split('/')[0]}/index.html",
                   "downloads": files(found)} for edition, found in editions or ()],
        deck_href=f"{DECK}/index.html", fonts=f"{DECK}/fonts/", font_files=FONT_FILES, all_talks=all_talks,
        description=" ".join(talk.summary.split()),
        downloads=files(downloads))


def _edition_name(deck) -> str:
    """How the talk's page names an edition: its name and its slot, or its timed format."""
    from .editions import seconds_per_slide

    edition, labels = deck.edition, deck.labels
    seconds = seconds_per_slide(deck)
    if seconds:
        return labels("site_edition_timed", name=edition.name, count=len(deck.slides), seconds=seconds)
    return labels("site_edition_slot", name=edition.name, minutes=edition.slot_minutes)


def index_page(talks: list[SiteTalk], deck) -> str:
    """Several talks' index, newest first, in the words (and theme) of `deck`, the first talk given."""
    first = next(talk for talk in talks if talk.deck is deck)
    speakers = sorted({talk.deck.talk.speaker.name for talk in talks})
    return _rendered(
        deck, "site/index.html", talk=deck.talk, t=deck.labels, csp=PAGE_CSP, speakers=speakers,
        fonts=f"{first.prefix}{DECK}/fonts/", font_files=FONT_FILES,
        talks=[{"href": f"{talk.prefix}index.html", "talk": talk.deck.talk,
                "language": talk.deck.labels("language_name")} for talk in talks])


def published_warning(talk_path: Path, deck) -> Problem | None:
    """check: links.slides is where the QR code sends the room; a file's address or a slide-sharing
    service there is not the page `build.py site` writes. Which host serves the site cannot be
    known from here, so the warning says what to set."""
    from dataclasses import replace

    from .export import slug
    from .load import load_yaml_file
    from .talk_checks import EXAMPLE_HOST

    url = deck.talk.links.slides
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if EXAMPLE_HOST.match(host):  # a placeholder: check names it already
        return None
    suggestion = (f"copy the folder `build.py site` writes (dist/site/) to a static host and set links.slides "
                  f"to that folder's address, e.g. https://<you>.github.io/talks/{slug(deck.talk.title)}/")
    service = next((name for name in SLIDE_SERVICES if host == name or host.endswith("." + name)), None)
    found = FILE_ADDRESS.search(parts.path)
    if service is not None:
        message = f"'{url}' opens {service}, not the talk's page the site puts beside the slides; {suggestion}"
    elif found is not None and not parts.path.endswith("/index.html"):
        message = (f"'{url}' is a file's address (.{found.group(1)}), not the talk's page with the slides, "
                   f"the handout and the PowerPoint file on it; {suggestion}")
    else:
        return None
    source = load_yaml_file(talk_path, deck.root)
    return replace(source.problem(("links", "slides"), message), warning=True)
