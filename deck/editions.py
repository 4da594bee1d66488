"""Editions resolved: each edition of the talk becomes a Deck of its own, checked like the talk.

The full talk is validated first; an edition is then its slides with the edition's changes: the
slides it leaves out gone, the slides it changes given their own minutes, notes, title, key or
parts shown, and its own slides resolved like any outline entry and placed after the slide they
follow. Its talk is the full talk with the edition's slot and promised takeaways, and its outline
the sections that still have slides. Every problem is located in talk.yaml's `editions:`.

A timed edition (Ignite, PechaKucha) has exactly its format's slides, each shown for the same
seconds: its notes are held to what those seconds take, and the deck advances by itself.
"""
from __future__ import annotations

import copy
from dataclasses import replace

from . import load, notes
from .kinds import PARTS, TIMED
from .outline import Deck, Slide, outline_slides
from .problems import Problem, TalkError
from .references import unknown
from .talk_checks import SPOKEN_WORDS_PER_MINUTE, notes_fit_warnings

FORMATS = {"ignite": "Ignite", "pechakucha": "PechaKucha"}  # the timed formats as their names are written


def resolve_editions(source: load.Source, deck: Deck, problems: list[Problem]) -> dict[str, Deck]:
    """Every edition of the talk by its name, each a Deck; what is wrong with one goes into problems."""
    shared = [warning for warning in deck.warnings if warning not in notes_fit_warnings(deck.slides)]
    found: dict[str, Deck] = {}
    before = len(problems)
    for index, edition in enumerate(deck.talk.editions):
        where = ("editions", index)
        if edition.name in found:
            problems.append(source.problem(where + ("name",), f"a second edition named '{edition.name}'"))
            continue
        resolved = _edition_deck(source, deck, edition, where, problems)
        if resolved is not None:
            resolved.warnings = shared + resolved.warnings
            found[edition.name] = resolved
    if len(problems) > before:  # the talk is not built: every problem of its editions is said now
        problems += [problem for resolved in found.values() for problem in notes_problems(resolved)]
    return found


def edition_named(deck: Deck, name: str, file: str) -> Deck:
    """The edition `build.py --edition NAME` chose, or TalkError naming the editions the talk file has."""
    if name not in deck.editions:
        known = list(deck.editions)
        raise TalkError([Problem(file, 1, 1, "editions", unknown("edition", name, known) if known
                                 else f"the talk has no editions; add '{name}' under 'editions:'")])
    found = notes_problems(deck.editions[name])
    if found:
        raise TalkError(found)
    return deck.editions[name]


def seconds_per_slide(deck: Deck) -> int:
    """A timed edition's seconds on each slide (the deck advances after them); 0 for any other deck."""
    timed = deck.edition.timed if deck.edition is not None else None
    return TIMED[timed][1] if timed else 0


def _edition_deck(source, deck: Deck, edition, where: tuple, problems: list[Problem]) -> Deck | None:
    """One edition's Deck, or None when a reference in it names no slide of the full talk."""
    before = len(problems)
    by_anchor = {slide.anchor: slide for slide in deck.slides}
    known = list(by_anchor)

    def slide_named(anchor: str, path: tuple) -> Slide | None:
        if anchor not in by_anchor:
            problems.append(source.problem(where + path, unknown("slide", anchor, known)))
            return None
        return by_anchor[anchor]

    left_out = {anchor for position, anchor in enumerate(edition.leave_out)
                if slide_named(anchor, ("leave_out", position))}
    changed: dict[str, Slide] = {}
    for position, change in enumerate(edition.change):
        slide = slide_named(change.slide, ("change", position, "slide"))
        if slide is None:
            continue
        if change.slide in left_out or change.slide in changed:
            why = "is left out" if change.slide in left_out else "is changed above already"
            problems.append(source.problem(where + ("change", position, "slide"),
                                           f"slide '{change.slide}' {why}: one change a slide"))
            continue
        changed[change.slide] = _changed(source, slide, change, where + ("change", position), edition, problems,
                                         deck.talk.notes_style == "script")
    added = _added_slides(source, deck, edition, where, slide_named, problems)
    if len(problems) > before:  # reported with the edition's other problems: its waiting notes' own
        problems += [problem for slide in changed.values() if isinstance(slide, NotesLater)
                     for problem in slide.converted()[1]]
        return None
    slides: list[Slide] = []
    for slide in deck.slides:
        if slide.anchor not in left_out:
            slides.append(changed.get(slide.anchor) or replace(slide))
        slides += added.get(slide.anchor, [])
    own_slides = [slide for own in added.values() for slide in own]
    _unique_anchors(slides, own_slides, problems)
    for number, slide in enumerate(slides, start=1):
        slide.number = number
    talk = _edition_talk(source, deck.talk, edition, where, slides, problems)
    if edition.timed:
        _timed(source, edition, where, slides, problems)
    resolved = Deck(talk, deck.root, slides, [], deck.labels, own_templates=deck.own_templates, edition=edition)
    _check_budget(source, resolved, where, problems)
    label = f"edition {edition.name}: "
    # the full talk's check warns of the slides it has as they are; the edition, of its own
    own = [slide for slide in slides if slide.anchor in changed or any(slide is mine for mine in own_slides)]
    resolved.warnings = (_over_seconds(resolved, label) if edition.timed else
                         notes_fit_warnings(own, label) if talk.notes_style == "script" else [])
    return resolved


def _changed(source, slide: Slide, change, where: tuple, edition, problems: list[Problem],
             script_beats: bool) -> Slide:
    """The slide as the edition gives it, located at its change (its notes' line when it has its own)."""
    fields = {name: getattr(change, name) for name in ("minutes", "notes", "title", "key")
              if getattr(change, name) is not None}
    if "notes" in fields:
        fields["notes"] = fields["notes"].strip()
    if change.show is not None:
        allowed = PARTS.get(slide.kind)
        wrong = [(position, part) for position, part in enumerate(change.show) if part not in (allowed or ())]
        for position, part in wrong:
            problems.append(source.problem(where + ("show", position), f"a {slide.kind} slide cannot show '{part}'"
                                           + (f" (it can: {', '.join(allowed)})" if allowed else "")))
        fields["show"] = tuple(change.show)
    if change.minutes is not None and edition.timed:
        problems.append(_own_minutes(source, edition, where))
    minutes = fields.get("minutes", slide.minutes)
    if slide.room and slide.room >= minutes:
        problems.append(source.problem(where + ("minutes",), f"the room's {slide.room:g} minutes leave the speaker "
                                                             f"none of the slide's {minutes:g}"))
    line = source.where(where + (("notes",) if "notes" in fields else ()))[0]
    changed = replace(slide, **fields, cut=min(slide.cut, minutes), source=(source.file, line))
    if "notes" not in fields:
        return changed
    # The edition's own notes, as Markdown too. A build of the full talk shows none of them: notes
    # whose text shows every problem they can have wait until their edition is built or checked.
    at = (source.file, line)
    nested = notes.nesting_problem(fields["notes"], at)
    if nested is not None or notes.problems_only_converting_finds(fields["notes"]):
        made, found = notes.converted(fields["notes"], at, script_beats)
        problems.extend(found)
        changed.notes_html = made
        return changed
    return NotesLater.of(changed, script_beats)


class NotesLater(Slide):
    """An edition's changed slide whose notes are converted when they are first read."""

    script_beats = True

    @classmethod
    def of(cls, slide: Slide, script_beats: bool) -> "NotesLater":
        later = cls(**{name: getattr(slide, name) for name in slide.__dataclass_fields__})
        later.script_beats = script_beats
        later._made = None
        return later

    @property
    def notes_html(self) -> str:
        return self.converted()[0]

    @notes_html.setter
    def notes_html(self, made: str) -> None:
        self._made = (made, ())

    def converted(self) -> tuple[str, tuple[Problem, ...]]:
        """The notes' HTML and what converting them found (only running out of time or stack)."""
        if self._made is None:
            self._made = notes.converted(self.notes, self.source, self.script_beats)
        return self._made


def notes_problems(edition: Deck) -> list[Problem]:
    """What converting an edition's waiting notes finds: `check`, `site` and a build of the edition
    report it as they would any problem of the talk."""
    return [problem for slide in edition.slides if isinstance(slide, NotesLater)
            for problem in slide.converted()[1]]


def _added_slides(source, deck: Deck, edition, where: tuple, slide_named, problems) -> dict[str, list[Slide]]:
    """The edition's own slides, resolved as outline entries, by the id of the slide each follows."""
    placed = [(added, slide_named(added.after, ("add", position, "after")))
              for position, added in enumerate(edition.add)]
    if not placed:
        return {}
    sections = []
    for position, (added, after) in enumerate(placed):  # one section per added slide: its neighbour's
        section = copy.copy(after.section if after is not None else deck.talk.outline[0])
        section.slides = [_timed_entry(source, edition, added.slide, where + ("add", position, "slide"), problems)]
        sections.append(section)
    talk = copy.copy(deck.talk)
    talk.outline = sections
    slides = outline_slides(_AtAdd(source, where), talk, deck.root, problems, deck.labels)
    found: dict[str, list[Slide]] = {}
    # outline_slides leaves out what it could not resolve (and said so): match the rest by section
    for slide in slides:
        position = next(number for number, section in enumerate(sections) if section is slide.section)
        added, after = placed[position]
        if after is not None:
            slide.section = after.section
            found.setdefault(after.anchor, []).append(slide)
    return found


def _timed_entry(source, edition, entry, where: tuple, problems: list[Problem]):
    """An added slide of a timed edition takes the format's seconds: it gives no minutes of its own."""
    if not edition.timed or entry.file is not None:  # a Markdown slide's minutes are its front matter's
        return entry
    if entry.minutes is not None:
        problems.append(_own_minutes(source, edition, where))
        return entry
    timed = copy.copy(entry)
    timed.minutes = TIMED[edition.timed][1] / 60
    return timed


def _own_minutes(source, edition, where: tuple) -> Problem:
    return source.problem(where + ("minutes",), f"{FORMATS[edition.timed]} gives every slide "
                                                f"{TIMED[edition.timed][1]} seconds; remove 'minutes'")


class _AtAdd(load.Source):
    """The talk's Source as outline_slides reads it for an edition's own slides: its paths
    ('outline', n, 'slides', 0, ...) are the edition's ('editions', i, 'add', n, 'slide', ...)."""

    def __init__(self, source: load.Source, where: tuple):
        super().__init__(source.file, source.text, source.data, source.value_marks, source.key_marks,
                         source.line_offset)
        self.edition_path = where

    def where(self, path, *, key: bool = False):
        return super().where(self._moved(path), key=key)

    def problem(self, path, message: str, *, key: bool = False, snippet: bool = False) -> Problem:
        return super().problem(self._moved(path), message, key=key, snippet=snippet)

    def _moved(self, path) -> tuple:
        path = tuple(path)
        if path[:1] == ("outline",) and len(path) >= 4:
            return self.edition_path + ("add", path[1], "slide") + path[4:]
        return path


def _unique_anchors(slides: list[Slide], added: list[Slide], problems: list[Problem]) -> None:
    """An added slide's id must not be one the edition's other slides have (links and the URL use
    it): the engine's names get '-2', a slide file's own name is the speaker's to change."""
    taken = {slide.anchor for slide in slides if not any(slide is own for own in added)}
    for slide in added:
        base, suffix = slide.anchor, 2
        if slide.kind == "markdown" and base in taken:
            problems.append(Problem(slide.source[0], 1, 1, "", f"this file's name gives its slide the id '{base}', "
                                                               "which a slide of the full talk has already; rename "
                                                               "the file"))
        while slide.anchor in taken and slide.kind != "markdown":
            slide.anchor, suffix = f"{base}-{suffix}", suffix + 1
        taken.add(slide.anchor)


def _edition_talk(source, talk, edition, where: tuple, slides: list[Slide], problems: list[Problem]):
    """The talk as the edition's outputs show it: its slot, the takeaways it promises (each delivered
    by one of its slides), the sections that still have slides."""
    made = copy.copy(talk)
    made.event = copy.copy(talk.event)
    for name in ("slot_minutes", "questions_minutes"):
        setattr(made, name, getattr(edition, name))
        setattr(made.event, name, getattr(edition, name))
    takeaways = {takeaway.id: takeaway for takeaway in talk.takeaways}
    promised = edition.takeaways if edition.takeaways is not None else list(takeaways)
    delivered = {slide.delivers.id for slide in slides if slide.delivers}
    for position, ref in enumerate(promised):
        path = where + (("takeaways", position) if edition.takeaways is not None else ("name",))
        if ref not in takeaways:
            problems.append(source.problem(path, unknown("takeaway", ref, list(takeaways))))
        elif ref not in delivered:
            problems.append(source.problem(path, f"edition '{edition.name}' promises takeaway '{ref}' but none of "
                                                 "its slides delivers it (keep or add a slide with "
                                                 f"'delivers: {ref}')"))
    made.takeaways = [takeaways[ref] for ref in promised if ref in takeaways]
    shown = {id(slide.section) for slide in slides}
    made.outline = [section for section in talk.outline if id(section) in shown]
    return made


def _timed(source, edition, where: tuple, slides: list[Slide], problems: list[Problem]) -> None:
    """A timed edition's slides: exactly its format's count, each its seconds, none shown on request."""
    count, seconds = TIMED[edition.timed]
    if len(slides) != count:
        more = "leave out" if len(slides) > count else "add"
        problems.append(source.problem(where + ("timed",), f"{FORMATS[edition.timed]} is {count} slides of "
                                                           f"{seconds} seconds; edition '{edition.name}' has "
                                                           f"{len(slides)} ({more} {abs(len(slides) - count)})"))
    for slide in slides:
        if slide.on_request:
            problems.append(Problem(slide.source[0], slide.source[1], 1, f"edition {edition.name}: slide "
                                    f"{slide.number} '{slide.title}'", f"{FORMATS[edition.timed]} shows every "
                                    "slide in turn; leave out this slide shown on request"))
        slide.minutes, slide.room, slide.cut = seconds / 60, 0.0, 0.0


def _check_budget(source, deck: Deck, where: tuple, problems: list[Problem]) -> None:
    """The edition's minutes add up to its slot less its questions, as the talk's do."""
    talk = deck.talk
    budget = talk.slot_minutes - talk.questions_minutes
    if budget <= 0:
        problems.append(source.problem(where + ("questions_minutes",), f"{talk.questions_minutes} minutes of "
                                       f"questions leave no time for slides in a {talk.slot_minutes}-minute slot"))
    elif deck.planned_minutes > budget + 1e-9:
        planned = round(deck.planned_minutes, 2)  # PechaKucha's 20 x 20 s: 6.67 minutes
        problems.append(source.problem(where + ("slot_minutes",), f"edition '{deck.edition.name}' plans "
                                       f"{planned:g} minutes of slides but its slot leaves {budget:g} "
                                       f"({talk.slot_minutes} minus {talk.questions_minutes} for questions)"))


def _over_seconds(deck: Deck, label: str) -> list[Problem]:
    """A timed edition's slides whose notes take longer to say than the seconds the slide is shown."""
    seconds = seconds_per_slide(deck)
    fits = seconds * SPOKEN_WORDS_PER_MINUTE / 60
    return [Problem(slide.source[0], slide.source[1], 1, f"{label}slide {slide.number} '{slide.title}'",
                    f"notes run over the slide's {seconds} seconds: {slide.note_words} words, where {fits:.0f} fit "
                    f"at {SPOKEN_WORDS_PER_MINUTE} words a minute", warning=True)
            for slide in deck.slides if slide.note_words > fits]
