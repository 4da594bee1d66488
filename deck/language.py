"""Language: every word the engine adds to a talk, from one table per language.

Slide labels, default slide titles, the view switch and reading view, the programme's headings,
the notes pages' headings, diagram labels and accessible names all come from here; templates ask
with `t(key, ...)`, scripts read the entries they need from the page (#deck-labels), Python code
calls `deck.labels(key, ...)`. The tables are deck/labels/<language>.yaml (English, French, German,
Spanish), read the first time a talk in that language is built; a talk's `labels:` overrides any
entry, checked here so a typo is a located problem.

An entry is text with {name} placeholders the engine fills in, or `one:` and `other:` forms chosen
by a count with the language's plural rule; {count_word} and {Count_word} write the count as a
word from the table's `numbers` ("Two things to take home").
"""
from __future__ import annotations

import marshal
import re
import sys
from functools import lru_cache
from pathlib import Path

from .files import cache_key, cached, package_stamp, plain

TABLES = Path(__file__).resolve().parent / "labels"
SHIPPED = ("en", "fr", "de", "es")
FORMS = ("one", "other")
PLACEHOLDER = re.compile(r"\{(\w+)\}")
COUNT_PLACEHOLDERS = ("count", "count_word", "Count_word")
# A BCP 47 language tag as a page's lang and a PDF's /Lang take it: 'de', 'fr-CA', 'es-419'.
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
# The entries static/*.js show, handed to them in the page so scripts hold no words of their own.
SCRIPT_KEYS = ("view_reading", "view_reading_aria", "view_presenting", "view_presenting_aria",
               "reading_details_aria", "reading_notes_aria", "reading_notes_heading", "slide_on_request", "search_placeholder",
               "serve_failed", "help_title", "help_key", "help_action", "help_next", "help_previous", "help_left",
               "help_right", "help_up", "help_down", "help_no_fragments", "help_first_last", "help_pause", "help_fullscreen",
               "help_jump", "help_overview", "help_speaker", "help_search", "help_resume",
               "help_countdown")


def base_language(language: str) -> str:
    """'de-CH' -> 'de': the table a regional variant starts from."""
    return language.split("-", 1)[0].lower()


@lru_cache(maxsize=len(SHIPPED))
def table(language: str) -> dict:
    """One shipped table, read once per process and kept parsed in the user's cache (a rebuild
    then imports no YAML parser)."""
    text = (TABLES / f"{language}.yaml").read_bytes()
    key = cache_key(text, package_stamp("yaml"), sys.version)
    return marshal.loads(cached("labels", f"{key}.marshal", lambda: marshal.dumps(_parsed(text)),
                                lambda kept: isinstance(marshal.loads(kept), dict) and plain(marshal.loads(kept))))


def _parsed(text: bytes) -> dict:
    import yaml

    return yaml.load(text.decode("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def plural_form(language: str, count: int) -> str:
    """CLDR's rule for the shipped languages: French counts 0 and 1 as 'one', the others 1 only."""
    if base_language(language) == "fr":
        return "one" if count in (0, 1) else "other"
    return "one" if count == 1 else "other"


class Labels:
    """The words of one talk: its language's table (English where it has none) under its overrides."""

    def __init__(self, language: str = "en", overrides: dict | None = None):
        base = base_language(language)
        self.language = language
        self.entries = dict(table("en"))
        if base != "en" and base in SHIPPED:
            self.entries.update(table(base))
        self.entries.update(overrides or {})

    def fingerprint(self) -> str:
        """The words in one string, made once: a drawn picture kept for an equal talk is kept for these
        words only (an override changes the picture's labels)."""
        if getattr(self, "_fingerprint", None) is None:
            self._fingerprint = self.language + repr(sorted(self.entries.items()))
        return self._fingerprint

    def __call__(self, key: str, count: int | None = None, **values) -> str:
        entry = self.entries[key]
        if count is not None:
            numbers = self.entries["numbers"]
            word = numbers[count] if 0 <= count < len(numbers) else str(count)
            values.update(count=count, count_word=word, Count_word=word[:1].upper() + word[1:])
        if isinstance(entry, dict):
            entry = entry.get(plural_form(self.language, count if count is not None else 0), entry["other"])
        return fill(entry, values)

    def number(self, value: float) -> str:
        """A number as the language writes it: 5.5 minutes is '5,5' in German, French and Spanish."""
        return f"{value:g}".replace(".", self.entries["decimal_mark"])

    def domain(self, domain: str) -> str:
        """A Cynefin domain's name ('complex' -> 'Komplex'), or the domain as written if unknown."""
        return self.entries.get(f"domain_{domain.lower()}", domain)

    def mode(self, mode: str) -> str:
        """A Team Topologies interaction mode in the talk's words, or the mode as written if unknown."""
        return self.entries.get("mode_" + mode.strip().lower().replace("-", "_").replace(" ", "_"), mode)

    def for_scripts(self) -> dict[str, str]:
        """The entries the page's scripts show, raw: they fill in {n} and {total} themselves."""
        return {key: self.entries[key] for key in SCRIPT_KEYS}


def fill(text: str, values: dict) -> str:
    """Placeholders replaced by name, nothing else: a label from talk.yaml cannot reach attributes
    or format specs the way str.format would let it."""
    return PLACEHOLDER.sub(lambda match: str(values[match.group(1)]), text)


def placeholders(entry) -> set[str]:
    texts = entry.values() if isinstance(entry, dict) else [entry]
    return {name for text in texts if isinstance(text, str) for name in PLACEHOLDER.findall(text)}


def language_problem(language: str) -> str | None:
    """Why a talk's language gets English words (a warning: the deck still builds), or None."""
    if not LANGUAGE_TAG.match(language):
        return (f"'{language}' is not a language tag (e.g. en, fr, de-CH); the page's words are English "
                f"and its lang is taken as written")
    if base_language(language) not in SHIPPED:
        return (f"no built-in words for '{language}' (built in: {', '.join(SHIPPED)}); "
                f"the words not given under 'labels:' are English")
    return None


def override_problems(overrides: dict) -> list[tuple[tuple, str, bool]]:
    """What is wrong with a talk's `labels:`: (path under labels, message, at the key) each."""
    english = table("en")
    problems: list[tuple[tuple, str, bool]] = []
    for key, value in overrides.items():
        if key not in english:
            import difflib  # only when a label is mistyped

            near = difflib.get_close_matches(key, list(english), n=3, cutoff=0.5)
            hint = f"; did you mean '{near[0]}'?" if near else " (the keys are listed in deck/labels/en.yaml)"
            problems.append(((key,), f"unknown label '{key}'{hint}", True))
            continue
        if key == "decimal_mark":
            if value not in (".", ","):
                problems.append(((key,), "expected '.' or ','", False))
            continue
        if key == "numbers":
            if not (isinstance(value, list) and all(isinstance(word, str) for word in value)):
                problems.append(((key,), "expected a list of number words, from zero up", False))
            continue
        counted = isinstance(english[key], dict)
        if isinstance(value, dict):
            if not counted:
                problems.append(((key,), f"'{key}' has no count to choose by: give one text", False))
                continue
            for form in value:
                if form not in FORMS:
                    problems.append(((key, form), f"unknown form '{form}' (forms: {', '.join(FORMS)})", True))
            if "other" not in value:
                problems.append(((key,), "missing required form 'other' (the text for any count but one)", False))
        elif not isinstance(value, str):
            problems.append(((key,), "expected text" + (", or one: and other: forms" if counted else ""), False))
            continue
        allowed = placeholders(english[key]) | (set(COUNT_PLACEHOLDERS) if counted else set())
        texts = value.items() if isinstance(value, dict) else [(None, value)]
        for form, text in texts:
            if not isinstance(text, str):
                continue
            for name in PLACEHOLDER.findall(text):
                if name not in allowed:
                    where = (key, form) if form else (key,)
                    can = ", ".join("{" + known + "}" for known in sorted(allowed)) or "none"
                    problems.append((where, f"unknown placeholder {{{name}}} in label '{key}' (it can use: {can})", False))
    return problems
