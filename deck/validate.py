"""Validate: the talk's data against the model, then the checks no schema can make; the result is the Deck.

Every problem is collected before anything is reported. The checks live by what they do, and
this module runs them in order:

    model_checks   pydantic's errors at the YAML's own line and column; fields that moved
    references     ids unique, every cross-reference naming an entry that exists
    outline        each outline entry resolved into a Slide; Slide and Deck themselves
    talk_checks    links and QR codes, timing against the slot, lengths, placeholders left in
    rules          the organiser's rules themselves (event.rules)
    projected      what a Markdown slide would project wrong: raw HTML, other tools' comments, glyphs

The names callers use (Deck, Slide, qr_code, pydantic_problems, the speaking rate) are importable
from here as before.
"""
from __future__ import annotations

from pathlib import Path

from . import load, projected, script, trust
from .checked import model_or_problems
from .model_checks import check_moved, pydantic_problems
from .outline import Deck, Slide, check_takeaways, outline_slides
from .problems import Problem, TalkError
from .references import check_examples, check_ids, check_references
from .rules import check_rules, located, rules_of
from .talk_checks import (EXAMPLE_HOST, NOTES_FIT, SPOKEN_WORDS_PER_MINUTE, bidi_warnings, check_domains,
                          check_example_placeholders, check_labels, check_lengths, check_links, check_placeholders,
                          check_timing, check_title, qr_code)

__all__ = ["Deck", "Slide", "EXAMPLE_HOST", "NOTES_FIT", "SPOKEN_WORDS_PER_MINUTE", "load_deck", "pydantic_problems",
           "qr_code", "validate"]


def validate(source: load.Source, root: Path, own_templates: bool = True) -> Deck:
    """Check the loaded talk completely; raise TalkError with every problem, or return the Deck.

    own_templates False (--engine-templates): the talk's templates/ is ignored, the engine's render it."""
    if not isinstance(source.data, dict):
        raise TalkError([source.problem((), "the talk file must be a mapping of fields (title, speaker, outline ...)")])
    problems: list[Problem] = []
    warnings: list[Problem] = []
    check_ids(source, problems)
    check_references(source, problems)
    check_moved(source, problems, warnings)
    talk, mistakes = model_or_problems(source, "Talk")
    if talk is None:
        raise TalkError(mistakes + problems)
    labels = check_labels(source, talk, problems, warnings)
    check_links(source, talk, problems)
    warnings += trust.link_warnings(source, talk) + bidi_warnings(source)
    if own_templates:
        found, named = trust.template_problems(root)  # templates are code: named before anything renders them
        problems += found
        warnings += named
    else:
        warnings += trust.ignored_templates(root)
    check_title(source, talk, problems)
    check_rules(source, talk, root, problems)
    problems.extend(trust.static_problems(root))  # static/ is copied into the deck as it is
    check_domains(source, talk, problems)
    check_examples(source, talk, problems)
    slides = outline_slides(source, talk, root, problems, labels)
    if not problems:  # ids and in-deck links are judged once every slide has its id
        found, cautions = trust.content_problems(slides, root)
        problems += found
        warnings += cautions
    if problems:
        raise TalkError(problems)
    deck = Deck(talk, root, slides, warnings, labels, own_templates=own_templates)
    check_placeholders(source, deck, warnings)
    warnings += [found for slide in slides for found in projected.problems(slide)]
    warnings += script.story_prompts(slides, root)
    check_timing(source, deck, problems, warnings)
    check_example_placeholders(source, talk, warnings)
    check_lengths(source, talk, problems)
    check_takeaways(source, deck, problems)
    if problems:
        raise TalkError(problems)
    if talk.editions:  # each edition is the talk cut for its slot: checked once the full talk holds
        from .editions import resolve_editions

        deck.editions = resolve_editions(source, deck, problems)
        if problems:
            raise TalkError(problems)
    rules = rules_of(talk)
    if rules is not None:  # check and pack say where the talk breaks a rule at the rule's own line
        deck.rule_places = {name: located(source, name) for name, value in rules if value is not None}
        for edition in deck.editions.values():  # an edition is given at the same event, by its rules
            edition.rule_places = deck.rule_places
    return deck


def load_deck(talk_path: Path, own_templates: bool = True) -> Deck:
    """load -> validate, for one talk file; paths in it resolve against its folder."""
    root = talk_path.resolve().parent
    source = load.load_yaml_file(talk_path, root)
    return validate(source, root, own_templates)
