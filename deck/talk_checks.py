"""The checks of what the room and the programme will see, once the talk fits its models.

Owns the links (web and mail addresses only, each fitting the QR code qr_code makes), the
title's length, the Cynefin domains, the language and its label overrides, the timing budget
against the slot and the notes against each slide's minutes, the summary and abstract against
the event's rules, and the placeholders (TODO, example addresses, '[Speaker name]') left in.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from . import load, markup, script
from .files import cache_key, cached, package_stamp
from .language import Labels, language_problem, override_problems
from .model_checks import as_warning
from .outline import Deck
from .problems import Problem, close_matches
from .source import bidi_in

if TYPE_CHECKING:  # annotations only: a validated talk need not be a pydantic model
    from .model import Talk

SPOKEN_WORDS_PER_MINUTE = 130
# Notes are a script: outside this share of what the minutes need at 130 words a minute, the
# slide overruns (no slack left for pauses, laughs and stories) or is rushed through.
NOTES_FIT = (0.7, 1.0)
# Links from talk.yaml become href attributes and QR codes: only web and mail addresses, whole.
# A 'javascript:' or 'data:' URL is refused here rather than rendered, so the speaker hears of it.
WEB_URL = re.compile(r"^https://[^\s\x00-\x1f\x7f/?#]+[^\s\x00-\x1f\x7f]*$", re.IGNORECASE)
MAIL_URL = re.compile(r"^mailto:[^\s\x00-\x1f\x7f@]+@[^\s\x00-\x1f\x7f@]+$", re.IGNORECASE)
LINK_KEYS = ("slides", "feedback", "url")  # the addresses under links: (check_links)
# What a new talk (build.py new) marks as still to write; check lists each one left as a warning.
PLACEHOLDER = "TODO"
# The title names the exports (<slug>.html, PDFs): longer, and no file system takes the name.
MAX_TITLE_CHARS = 150
# The speaker's name is the PowerPoint file's author, a core property of 255 characters at most.
MAX_NAME_CHARS = 255


# Cynefin's five domains; the names it used before 'clear' still mean it, and check says so.
DOMAINS = ("complex", "complicated", "chaotic", "clear", "confused")
RENAMED_DOMAINS = {"simple": "clear", "obvious": "clear", "disorder": "confused"}


def check_links(source: load.Source, talk: Talk, problems: list[Problem]) -> None:
    """Links are shown as QR codes and links: web addresses (and mail for the reading list) only."""
    for name in ("slides", "feedback"):
        url = getattr(talk.links, name)
        if bidi_in(url):
            problems.append(source.problem(("links", name), bidi_link(url)))
        elif not WEB_URL.match(url):
            problems.append(source.problem(("links", name), f"expected a web address starting with https:// "
                                                            f"(it becomes a QR code), got {_shown(url)}"))
        elif not _fits_qr(url):
            problems.append(source.problem(("links", name), f"the address is {len(url)} characters, too long for a QR code"))
    for index, link in enumerate(talk.links.more):
        if bidi_in(link.url):
            problems.append(source.problem(("links", "more", index, "url"), bidi_link(link.url)))
        elif not (WEB_URL.match(link.url) or MAIL_URL.match(link.url)):
            problems.append(source.problem(("links", "more", index, "url"),
                                           f"expected a web address (https://...) or mailto:, got {_shown(link.url)}"))


def bidi_link(url: str) -> str:
    return (f"the address holds {bidi_in(url)}, an invisible control that turns the text around it: the "
            "address would read as another one; remove it")


def bidi_warnings(source: load.Source) -> list[Problem]:
    """Text of talk.yaml that holds a direction control: a warning where it stands (links are refused)."""
    found: list[Problem] = []

    def walk(value, path: tuple) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(inner, (*path, key))
        elif isinstance(value, list):
            for index, inner in enumerate(value):
                walk(inner, (*path, index))
        elif isinstance(value, str) and bidi_in(value) and not (path[:1] == ("links",) and path[-1] in LINK_KEYS):
            problem = source.problem(path, f"holds {bidi_in(value)}, an invisible control that turns the text "
                                           "around it; remove it unless the text needs it")
            found.append(as_warning(problem))

    walk(source.data, ())
    return found


def _shown(text: str) -> str:
    return repr(text) if len(text) <= 60 else repr(text[:57]) + "..."


def _fits_qr(url: str) -> bool:
    """Kept between builds: importing segno costs more than the rest of validation."""
    made = cached("qr", cache_key(package_stamp("segno"), "fits", url), lambda: b"1" if qr_code(url) else b"0")
    return made == b"1"


@lru_cache(maxsize=64)  # serve revalidates on every save; encoding a QR code costs milliseconds
def qr_code(url: str):
    """The closing slide's QR code for a URL (segno), or None when it does not fit one.

    Made here, where a URL that does not fit fails located; render draws this same code.
    """
    import segno

    try:
        return segno.make(url, error="m")
    except segno.DataOverflowError:
        return None


def check_title(source: load.Source, talk: Talk, problems: list[Problem]) -> None:
    """The title names the exported files: past MAX_TITLE_CHARS, no file system takes the name; the
    speaker's name is the PowerPoint file's author, past MAX_NAME_CHARS no such file holds it."""
    if len(talk.title) > MAX_TITLE_CHARS:
        problems.append(source.problem(("title",), f"the title is {len(talk.title)} characters; the limit is "
                                                   f"{MAX_TITLE_CHARS} (it names the exported files)"))
    if len(talk.speaker.name) > MAX_NAME_CHARS:
        problems.append(source.problem(("speaker", "name"), f"the name is {len(talk.speaker.name)} characters; the "
                                                            f"limit is {MAX_NAME_CHARS} (the PowerPoint file's author)"))


def check_domains(source: load.Source, talk: Talk, problems: list[Problem]) -> None:
    """A context's domain places it on the context map: one of Cynefin's five, or none."""
    for index, context in enumerate(talk.contexts):
        domain = context.domain.lower()
        if not domain or domain in DOMAINS:
            continue
        if domain in RENAMED_DOMAINS:
            hint = f"; Cynefin now calls it '{RENAMED_DOMAINS[domain]}'"
        else:
            near = close_matches(domain, DOMAINS, n=1)
            hint = f"; did you mean '{near[0]}'?" if near else f" (known: {', '.join(DOMAINS)})"
        problems.append(source.problem(("contexts", index, "domain"), f"unknown Cynefin domain '{context.domain}'{hint}"))


def check_timing(source: load.Source, deck: Deck, problems: list[Problem], warnings: list[Problem]) -> None:
    """Planned minutes plus questions must fit the slot; each slide's notes should fit its minutes."""
    talk = deck.talk
    budget = talk.slot_minutes - talk.questions_minutes
    planned = deck.planned_minutes
    if budget <= 0:
        problems.append(source.problem(("questions_minutes",), f"{talk.questions_minutes} minutes of questions leave "
                                                               f"no time for slides in a {talk.slot_minutes}-minute slot"))
    elif planned > budget + 1e-9:
        problems.append(source.problem(("outline",), f"slides plan {planned:g} minutes but the slot leaves {budget:g} "
                                                     f"({talk.slot_minutes} minus {talk.questions_minutes} for questions)", key=True))
    if talk.notes_style == "script":  # cues are prompts, not a script: not weighed
        warnings += notes_fit_warnings(deck.slides)


def notes_fit_warnings(slides, where: str = "") -> list[Problem]:
    """Each slide whose notes take more or less than its minutes at the speaking rate (where: whose
    slides, e.g. an edition's, before the slide's number)."""
    found = []
    for slide in slides:
        if PLACEHOLDER in slide.notes or slide.on_request:  # still to write, or not timed
            continue
        needed = script.spoken_minutes(slide) * SPOKEN_WORDS_PER_MINUTE
        # a story prompt with its budget counts as its seconds, in words at the same rate
        said = script.said_minutes(slide.notes, SPOKEN_WORDS_PER_MINUTE) * SPOKEN_WORDS_PER_MINUTE
        ratio = said / needed if needed else 0
        budgeted = " (a story's seconds counted as words)" if script.STORY_BUDGET.search(slide.notes) else ""
        if not NOTES_FIT[0] <= ratio <= NOTES_FIT[1]:
            found.append(Problem(slide.source[0], slide.source[1], 1, f"{where}slide {slide.number} '{slide.title}'",
                                 f"notes are {said:.0f} words{budgeted}, {ratio:.0%} of the {needed:.0f} that "
                                 f"{slide.minutes:g} minutes take at {SPOKEN_WORDS_PER_MINUTE} words a minute",
                                 warning=True))
    return found


# Placeholders the programme must not see: addresses on the domains reserved for examples
# (RFC 2606), and metadata written as '[Speaker name]', 'TBD' or 'TODO'.
EXAMPLE_HOST = re.compile(r"^(?:[a-z0-9-]+\.)*(?:example\.(?:org|com|net)|[a-z0-9-]+\.(?:example|test|invalid))$")
PLACEHOLDER_TEXT = re.compile(r"^\s*(?:\[[^\]]*\]|tbd|tbc|todo|xxx|\.\.\.|…)\s*$", re.IGNORECASE)


def check_example_placeholders(source: load.Source, talk: Talk, warnings: list[Problem]) -> None:
    """Warn, located, about every placeholder still in the talk, so none reaches a committee or a room."""
    from dataclasses import replace
    from urllib.parse import urlsplit

    found: list[Problem] = []

    def warn(path, message):
        found.append(replace(source.problem(path, "placeholder: " + message), warning=True))

    links = [(("links", "slides"), talk.links.slides), (("links", "feedback"), talk.links.feedback)]
    links += [(("links", "more", index, "url"), link.url) for index, link in enumerate(talk.links.more)]
    for path, url in links:
        if PLACEHOLDER in url:  # a TODO is named by check_placeholders already
            continue
        host = (urlsplit(url).hostname or "") if not url.lower().startswith("mailto:") else url.rpartition("@")[2]
        if EXAMPLE_HOST.match(host.lower()):
            warn(path, f"'{url}' is an example address; put the real one here")
    for path, value in ((("speaker", "name"), talk.speaker.name), (("speaker", "role"), talk.speaker.role),
                        (("event", "name"), talk.event.name), (("event", "date"), talk.event.date),
                        (("event", "location"), talk.event.location)):
        if PLACEHOLDER_TEXT.match(value):
            warn(path, f"{_shown(value)} still stands in for the real {path[0]} {path[1]}")
    if not talk.speaker.bio.strip():
        warn(("speaker", "bio"), "the speaker's bio is empty; the programme (cfp.md) prints it")
    warnings.extend(sorted(found, key=lambda problem: (problem.line, problem.column)))


def check_lengths(source: load.Source, talk: Talk, problems: list[Problem]) -> None:
    """The summary and abstract against the event's own rules (event.summary_length, abstract_length)."""
    for name in ("summary", "abstract"):
        rule = getattr(talk.event, f"{name}_length")
        if rule is None:
            continue
        where = ("event", f"{name}_length")
        if rule.min is not None and rule.max is not None and rule.min > rule.max:
            problems.append(source.problem(where, f"min ({rule.min}) is more than max ({rule.max})"))
            continue
        text = getattr(talk, name)
        if PLACEHOLDER in text:  # still to write: the placeholder warning says so
            continue
        size = markup.word_count(text) if rule.unit == "words" else len(" ".join(text.split()))
        low, high = rule.min or 0, rule.max
        if size < low or (high is not None and size > high):
            needs = (f"{low} to {high}" if rule.min is not None and high is not None else
                     f"at most {high}" if high is not None else f"at least {low}")
            problems.append(source.problem((name,), f"the {name} is {size} {rule.unit}; the programme "
                                                    f"(event.{name}_length) needs {needs}"))


def check_placeholders(source: load.Source, deck: Deck, warnings: list[Problem]) -> None:
    """Each TODO still in the talk (talk.yaml's values, the Markdown slides) is a warning at its line."""
    def walk(value, path):
        if isinstance(value, str) and PLACEHOLDER in value:
            warnings.append(as_warning(source.problem(path, "still a placeholder: replace the TODO")))
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, path + (key,))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, path + (index,))

    walk(source.data, ())
    for slide in deck.slides:
        if slide.kind == "markdown" and any(PLACEHOLDER in text for text in (slide.title, slide.notes, slide.body_html)):
            warnings.append(Problem(slide.source[0], slide.source[1], 1, f"slide {slide.number}",
                                    "still a placeholder: replace the TODOs in this slide", warning=True))


def check_labels(source: load.Source, talk: Talk, problems: list[Problem], warnings: list[Problem]) -> Labels:
    """The talk's language and its `labels:` overrides; the Labels the slides are titled with."""
    why = language_problem(talk.language)
    if why:
        warnings.append(as_warning(source.problem(("language",), why)))
    refused = set()
    for path, message, at_key in override_problems(talk.labels):
        problems.append(source.problem(("labels",) + path, message, key=at_key))
        refused.add(path[0])
    return Labels(talk.language, {key: value for key, value in talk.labels.items() if key not in refused})
