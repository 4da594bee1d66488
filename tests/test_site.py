"""`build.py site`: the page the closing slide's QR code opens, as the audience sees it.

Three talks are built into one site as a speaker builds it (the real talk, the German second talk,
the small test talk with a date), and the small talk alone into its default folder. The pages are
read in real Chromium: what they say and in which language, every link resolving inside the
folder, the social card as a 1200x630 PNG of the title slide, axe-core over every page at a phone's
and a desktop's width, no script needed, nothing requested from outside the folder from file://
or from a static server, and the deck one click away.
"""
from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from PIL import Image

from conftest import MINIMAL_SLIDE, MINIMAL_TALK, ROOT, modules_loaded_by_a_build, refuse_requests, run_build
from deck.export import slug
from deck.validate import load_deck
from test_accessibility import AXE
from test_language import SECOND_TALK, english_left

REAL = ROOT / "talk.yaml"
SMALL_DATE = "2026-05-04"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
AXE_TAGS = "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']"


def small_talk(folder: Path, slides_url: str = "https://example.org/slides") -> Path:
    """The small test talk, given on a date, in folder; its talk.yaml."""
    (folder / "slides").mkdir(parents=True)
    (folder / "slides" / "intro.md").write_text(MINIMAL_SLIDE, encoding="utf-8")
    text = MINIMAL_TALK.replace("  name: Test Conf\n", f"  name: Test Conf\n  date: \"{SMALL_DATE}\"\n")
    (folder / "talk.yaml").write_text(text.replace("https://example.org/slides", slides_url), encoding="utf-8")
    return folder / "talk.yaml"


@pytest.fixture(scope="module")
def three(tmp_path_factory, built_talk) -> Path:
    """The real talk, the German talk and the small one in one site. After the session's build of
    the real talk (built_talk), whose print the site then takes from the cache, as a speaker's
    site after their build does: two workers printing the same talk at once would print it twice."""
    work = tmp_path_factory.mktemp("site-of-three")
    german = work / "zweiter-vortrag"
    shutil.copytree(SECOND_TALK, german)
    small = small_talk(work / "small")
    result = run_build("site", "--talk", str(REAL), "--talk", str(german / "talk.yaml"), "--talk", str(small),
                       "--out", str(work / "site"), pdf=True)
    assert result.returncode == 0, result.stderr
    assert "built the site of 3 talks into" in result.stderr
    return work / "site"


@pytest.fixture(scope="module")
def one(tmp_path_factory) -> Path:
    """The small talk alone, built with no --out: its site is dist/site/ beside it."""
    talk = small_talk(tmp_path_factory.mktemp("site-of-one") / "talk")
    result = run_build("site", "--talk", str(talk), pdf=True)
    assert result.returncode == 0, result.stderr
    return talk.parent / "dist" / "site"


class Links(HTMLParser):
    """Every href and src in a page, and its meta properties."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.links += [attributes[name] for name in ("href", "src") if name in attributes]
        key = attributes.get("property") or attributes.get("name")
        if tag == "meta" and key:
            self.meta[key] = attributes.get("content", "")
        if tag == "link" and attributes.get("rel") == "canonical":
            self.meta["canonical"] = attributes["href"]


def read_page(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def site_pages(site: Path) -> list[Path]:
    """The site's own pages: its index, and each talk's page (not the decks inside)."""
    return sorted(path for path in site.rglob("index.html")
                  if not any(part == "deck" or part.startswith("deck-") for part in path.relative_to(site).parts[:-1]))


def test_one_talk_is_its_page_beside_its_deck_downloads_and_card(one):
    name = slug("A Small Talk")
    for path in ("index.html", "social-card.png", "deck/index.html", f"deck/{name}.html", f"deck/{name}.pdf",
                 f"deck/{name}-handout.pdf", f"deck/{name}.pptx"):
        assert (one / path).is_file(), path
    assert (one / ".deck-build").read_text(encoding="utf-8").startswith("site\n")
    # the dist/ made for it is the build's: `build.py` replaces it later, site and all
    assert (one.parent / ".deck-build").read_text(encoding="utf-8").startswith("build\n")


def test_the_page_says_what_the_room_and_the_organisers_asked_for(browser, three):
    deck = load_deck(REAL)
    talk, folder = deck.talk, three / slug(deck.talk.title)
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    page = context.new_page()
    page.goto((folder / "index.html").as_uri())
    text = page.inner_text("body")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.inner_text("h1") == talk.title and page.title() == talk.title
    for shown in (talk.subtitle, talk.speaker.name, talk.event.name, "Abstract", "Actionable takeaways",
                  "Downloads", "Feedback", "Read more", *(t.text.replace("'", "’") for t in talk.takeaways)):
        assert shown in text, shown
    assert " ".join(talk.abstract.split()[:6]) in text
    downloads = page.eval_on_selector_all("#downloads + .downloads li", "items => items.map(item => "
                                          "[item.querySelector('a').getAttribute('href'), item.innerText])")
    name = slug(talk.title)
    assert [href for href, _ in downloads] == [f"deck/{name}.pdf", f"deck/{name}-handout.pdf", f"deck/{name}.pptx",
                                               f"deck/{name}.html"]
    for href, line in downloads:
        size = (folder / href).stat().st_size
        written = f"{round(size / 1000)} KB" if size < 999_500 else f"{round(size / 1_000_000, 1):g} MB"
        assert line.endswith(written), (line, size)
    assert [line.rsplit(" ", 2)[0] for _, line in downloads] == [
        "Slides (PDF)", "Handout with speaker notes (PDF)", "PowerPoint file (PPTX)",
        "The slides with speaker notes, in one file"]
    assert page.get_attribute(".button", "href") == "deck/index.html"
    # The talk's other editions, each its deck and its own files under deck-NAME/
    editions = page.eval_on_selector_all("#editions ~ h3", "heads => heads.map(h => h.textContent)")
    assert [head.split(":")[0] for head in editions] == [edition.name for edition in talk.editions] == ["meetup", "ignite"]
    assert "30-minute slot" in editions[0]
    for edition in ("meetup", "ignite"):
        files = page.eval_on_selector_all(f"#editions ~ ul.downloads a[href^='deck-{edition}/']",
                                          "links => links.map(a => a.getAttribute('href'))")
        assert files == [f"deck-{edition}/{name}.pdf", f"deck-{edition}/{name}-handout.pdf",
                         f"deck-{edition}/{name}.pptx", f"deck-{edition}/{name}.html"]
    assert page.inner_text(".button") == "Open the slides"
    reading = page.eval_on_selector_all(".reading a", "links => links.map(link => link.href)")
    assert reading == [link.url for link in talk.links.more]
    assert page.get_attribute("#feedback + p a", "href") == talk.links.feedback
    context.close()


def test_a_german_talk_gets_a_german_page(browser, three):
    folder = three / "gute-code-reviews-ohne-stau"
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    page = context.new_page()
    page.goto((folder / "index.html").as_uri())
    text = page.inner_text("body")
    context.close()
    for word in ("Beschreibung", "Das nehmen Sie mit", "Herunterladen", "Folien (PDF)", "Rückmeldung",
                 "Zum Weiterlesen", "Folien öffnen", "Alle Vorträge", "Jana Beispiel, Leiterin Softwareentwicklung",
                 "Entwicklertag Süd · 2027-10-07 · Stuttgart"):
        assert word in text, word
    assert english_left(text, "de") == []
    html = (folder / "index.html").read_text(encoding="utf-8")
    assert '<html lang="de">' in html and '<body class="theme-dark">' in html


def test_several_talks_are_listed_newest_first_with_event_date_and_language(browser, three):
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    page = context.new_page()
    page.goto((three / "index.html").as_uri())
    listed = page.eval_on_selector_all(".talks li", "items => items.map(item => [item.lang, "
                                                    "item.querySelector('a').getAttribute('href'), item.innerText])")
    context.close()
    assert [(lang, href) for lang, href, _ in listed] == [
        ("de", "gute-code-reviews-ohne-stau/index.html"),
        ("en", "a-small-talk/index.html"),
        ("en", "perfect-patterns-for-product-partnerships-and-engineering-excellence/index.html")]
    assert listed[0][2] == "Gute Code-Reviews ohne Stau\nEntwicklertag Süd · 2027-10-07 · Deutsch"
    assert listed[1][2] == f"A Small Talk\nTest Conf · {SMALL_DATE} · English"
    for _, href, _ in listed:
        assert 'href="../index.html"' in (three / href).read_text(encoding="utf-8")  # and leads back


def test_every_link_resolves_inside_the_folder_or_is_the_talks_own(three):
    own = set()
    for talk_page in site_pages(three):
        parsed = read_page(talk_page)
        for link in parsed.links:
            parts = urlsplit(link)
            if parts.scheme:
                own.add(link)
                continue
            target = (talk_page.parent / unquote(parts.path)).resolve()
            assert target.is_file() and target.is_relative_to(three.resolve()), (talk_page, link)
    real = load_deck(REAL).talk
    outside = {link for link in own if not link.startswith("https://example.org/")}
    assert outside == {link.url for link in real.links.more}  # the reading list; the rest is example.org


def test_social_card_is_a_1200x630_png_of_the_title_slide(three):
    for name, ink in (("perfect-patterns-for-product-partnerships-and-engineering-excellence", "light"),
                      ("gute-code-reviews-ohne-stau", "dark")):
        folder = three / name
        meta = read_page(folder / "index.html").meta
        talk = load_deck(REAL if ink == "light" else SECOND_TALK / "talk.yaml").talk
        assert meta["canonical"] == meta["og:url"] == talk.links.slides
        assert meta["og:image"] == talk.links.slides.rstrip("/") + "/social-card.png"
        assert meta["og:title"] == talk.title and meta["og:description"] == " ".join(talk.summary.split())
        assert meta["twitter:card"] == "summary_large_image"
        assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
        with Image.open(folder / "social-card.png") as card:
            assert card.format == "PNG" and card.size == (1200, 630)
            corner = sum(card.convert("RGB").getpixel((4, 4))) / 3
            colours = len(card.convert("RGB").getcolors(maxcolors=1 << 16) or range(1 << 16))
        assert (corner > 200) if ink == "light" else (corner < 40)  # the theme's own paper
        assert colours > 50  # the title set in anti-aliased type, not an empty frame


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_axe_finds_nothing_on_any_page(browser, three, viewport):
    found = []
    for talk_page in site_pages(three):
        context = browser.new_context(viewport=viewport, bypass_csp=True)
        page = context.new_page()
        page.goto(talk_page.as_uri())
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(f"""async () => {{
            const r = await axe.run(document, {{runOnly: {{type: 'tag', values: {AXE_TAGS}}}}});
            const contrast = (r.passes.find(p => p.id === 'color-contrast') || {{nodes: []}}).nodes.length;
            return r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ')).join(', '))
                .concat(r.incomplete.filter(v => v.id === 'color-contrast').map(v => 'contrast undecided: ' + v.nodes.length))
                .concat(contrast ? [] : ['contrast not measured']);
        }}""")
        found += [f"{talk_page.relative_to(three)}: {violation}" for violation in result]
        context.close()
    assert found == []


def test_readable_on_a_phone_without_script(browser, three):
    for talk_page in site_pages(three):
        context = browser.new_context(viewport=PHONE, java_script_enabled=False, is_mobile=True, has_touch=True)
        page = context.new_page()
        page.goto(talk_page.as_uri())
        page.wait_for_load_state("load")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], talk_page
        sizes = page.eval_on_selector_all("p, li", "items => items.map(item => parseFloat(getComputedStyle(item).fontSize))")
        assert min(sizes) >= 16, talk_page
        assert page.evaluate("document.fonts.check('16px \"Atkinson Hyperlegible\"')")  # the deck's typeface
        assert page.evaluate("document.querySelectorAll('script').length") == 0
        context.close()


class Server:
    """The site as a static host serves it: files as they are, from one folder."""

    def __init__(self, folder: Path):
        handler = functools.partial(Quiet, directory=str(folder))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.mark.parametrize("served", ["file", "server"])
def test_pages_open_and_lead_to_the_deck_loading_nothing_from_outside(browser, three, served):
    server = Server(three) if served == "server" else None
    base = server.url if server else three.resolve().as_uri() + "/"
    try:
        for talk_page in site_pages(three):
            context = browser.new_context(viewport=DESKTOP)
            page = context.new_page()
            outside = refuse_requests(page, lambda url: url.startswith(base))
            failed = []
            page.on("response", lambda response: response.status >= 400 and failed.append(response.url))
            page.goto(base + talk_page.relative_to(three).as_posix())
            page.wait_for_load_state("load")
            assert page.evaluate("document.fonts.ready.then(() => document.fonts.check('16px \"Atkinson Hyperlegible\"'))")
            if talk_page.parent != three:
                assert page.evaluate("document.querySelector('.card img').naturalWidth") == 1200
                page.click(".button")
                page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=15000)
                assert urlsplit(page.url).path.endswith("/deck/index.html")
            assert outside == [] and failed == [], talk_page
            context.close()
    finally:
        if server:
            server.close()


def test_check_says_what_to_set_when_links_slides_is_not_the_site(tmp_path):
    folder_address = small_talk(tmp_path / "folder", "https://talks.sam.dev/a-small-talk/")
    result = run_build("check", "--talk", str(folder_address))
    assert "links.slides" not in result.stderr
    shared = small_talk(tmp_path / "shared", "https://speakerdeck.com/sam/a-small-talk")
    result = run_build("check", "--talk", str(shared))
    assert result.returncode == 0
    assert ("talk.yaml:22:11: warning: links.slides: 'https://speakerdeck.com/sam/a-small-talk' opens speakerdeck.com, "
            "not the talk's page the site puts beside the slides; copy the folder `build.py site` writes (dist/site/) "
            "to a static host and set links.slides to that folder's address, e.g. "
            "https://<you>.github.io/talks/a-small-talk/") in result.stderr.splitlines()
    pdf = small_talk(tmp_path / "pdf", "https://talks.sam.dev/a-small-talk.pdf")
    result = run_build("check", "--talk", str(pdf))
    assert ("talk.yaml:22:11: warning: links.slides: 'https://talks.sam.dev/a-small-talk.pdf' is a file's address "
            "(.pdf), not the talk's page with the slides, the handout and the PowerPoint file on it; copy the folder "
            "`build.py site` writes (dist/site/) to a static host and set links.slides to that folder's address, "
            "e.g. https://<you>.github.io/talks/a-small-talk/") in result.stderr.splitlines()


def test_site_replaces_only_a_site(tmp_path):
    talk = small_talk(tmp_path / "talk")
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me", encoding="utf-8")
    result = run_build("site", "--talk", str(talk), "--out", str(mine), pdf=True)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-2:] == [
        f"{mine}:1:1: output folder holds files no build wrote (no .deck-build file in it); the build replaces its "
        "output folder whole, so it is left alone: choose an empty or new folder",
        "1 problem; nothing was written"]
    built = tmp_path / "built"
    assert run_build("--talk", str(talk), "--out", str(built)).returncode == 0
    result = run_build("site", "--talk", str(talk), "--out", str(built), pdf=True)
    assert result.returncode == 1
    assert (f"{built}:1:1: output folder holds a build of the deck, not a site; the site replaces its folder whole: "
            "choose another --out (default: dist/site/)") in result.stderr
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "keep me" and (built / "cfp.md").is_file()


def test_two_talks_in_one_folder_are_refused_and_warnings_name_their_talk(tmp_path):
    first = small_talk(tmp_path / "first")
    second = small_talk(tmp_path / "second")
    result = run_build("site", "--talk", str(first), "--talk", str(second), "--out", str(tmp_path / "site"),
                       pdf=True)
    assert result.returncode == 1
    assert (f"{second}:1:8: title: this talk's folder in the site would be 'a-small-talk/', as is "
            f"{first}'s: give one of them another title, or build them into two sites") in result.stderr
    assert re.search(r"^\S*first/talk\.yaml:\d+:\d+: warning: ", result.stderr, re.MULTILINE)
    assert not (tmp_path / "site").exists()
    result = run_build("site", "--talk", str(first), "--talk", str(first), "--out", str(tmp_path / "site"), pdf=True)
    assert f"{first}:1:8: title: this talk is given twice: name it once" in result.stderr.splitlines()
    assert run_build("--talk", str(first), "--talk", str(second)).stderr.strip().endswith(
        "build.py: error: build takes one --talk (only site takes several)")
    assert run_build("site", "--talk", str(first)).stderr.strip().endswith(
        "build.py: error: site puts the PDFs, the PowerPoint file and the social card on the talk's page: "
        "leave out --no-pdf")


def test_a_deck_build_loads_nothing_of_the_site(tmp_path):
    talk = small_talk(tmp_path / "talk")
    assert {"deck.site", "deck.card"} & modules_loaded_by_a_build(talk) == set()
