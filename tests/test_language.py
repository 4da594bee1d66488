"""Any talk, any event, any language: the engine's words come from the talk's language table.

A second talk (tests/talks/zweiter-vortrag: German, a 30-minute slot, two takeaways, dark theme,
its own Markdown slide with a picture and code) is built like a speaker builds it; its slides, its
programme text, its PDFs and its PowerPoint file are read back for any English word of the
engine's left in them. Each
shipped language renders; `labels:` overrides are applied and checked; the event's own rules
are what `check` reports against; `build.py new` starts a talk that builds.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import MINIMAL_TALK, ROOT, pdf_texts, run_build
from deck.language import PLACEHOLDER, SHIPPED, Labels, table
from deck.problems import TalkError
from deck.validate import load_deck

SECOND_TALK = ROOT / "tests" / "talks" / "zweiter-vortrag"
# The recap's title for the second talk's two takeaways, and its sections, in each language.
TWO_TO_TAKE_HOME = {"en": "Two things to take home", "fr": "Deux choses à retenir",
                    "de": "Zwei Dinge zum Mitnehmen", "es": "Dos ideas para llevarse"}


def english_left(text: str, language: str, ignore_case: bool = False) -> list[str]:
    """The English table's words found in text, for a deck in another language.

    An entry is looked for as a whole phrase, its placeholders standing for any text; entries the
    language writes the same way, and those with under three letters of their own (' in '), are
    not evidence of anything and are skipped. Text printed in capitals (a PDF's eyebrows) is
    searched ignoring case, words under four letters left out ('min' is German's 'Min.' too).
    """
    own = table(language)
    found = []
    for key, entry in table("en").items():
        if key in ("numbers", "decimal_mark"):
            continue
        theirs = set(own[key].values()) if isinstance(own[key], dict) else {own[key]}
        for form in entry.values() if isinstance(entry, dict) else [entry]:
            literal = PLACEHOLDER.sub("", form)
            if form in theirs or sum(char.isalpha() for char in literal) < (4 if ignore_case else 3):
                continue
            parts = PLACEHOLDER.split(form)[::2]  # the literal text between the placeholders
            pattern = ".+?".join(re.escape(part) for part in parts)
            if re.search(r"(?<![\w-])" + pattern + r"(?![\w-])", text, re.IGNORECASE if ignore_case else 0):
                found.append(f"{key}: {form!r}")
    return found


def second_talk(folder: Path, language: str = "de") -> Path:
    """A copy of the second talk in folder, in the given language; its talk.yaml."""
    shutil.copytree(SECOND_TALK, folder, dirs_exist_ok=True)
    talk = folder / "talk.yaml"
    talk.write_text(talk.read_text(encoding="utf-8").replace("\nlanguage: de\n", f"\nlanguage: {language}\n"),
                     encoding="utf-8")
    talk.write_text(talk.read_text(encoding="utf-8").replace("$schema=../../../talk.schema.json",
                                                             "$schema=talk.schema.json"), encoding="utf-8")
    return talk


@pytest.fixture(scope="module")
def german(tmp_path_factory) -> Path:
    """The German talk built as a speaker builds it, PDFs included: its dist/."""
    talk = second_talk(tmp_path_factory.mktemp("zweiter-vortrag"))
    result = run_build("--talk", str(talk), pdf=True)
    assert result.returncode == 0, result.stderr
    return talk.parent / "dist"


def page_text(browser, url: str, search: bool = False) -> str:
    """What a person meets on the page: its visible text, the SVG titles and descriptions, and
    every accessible name, alt text, tooltip and placeholder of what is shown (with search open,
    its box too; reveal's own arrows are switched off, hidden, and not counted)."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.goto(url)
    page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=15000)
    if search:
        page.keyboard.press("Control+Shift+F")
        page.wait_for_selector(".searchinput")
    # The words as written: the theme's upper-case eyebrows would hide 'Anti-pattern' from the check.
    page.add_style_tag(content="* { text-transform: none !important; }")
    text = page.evaluate("""() => [document.body.innerText,
        ...[...document.querySelectorAll('svg title, svg desc')].map(e => e.textContent),
        ...[...document.querySelectorAll('[aria-label], [alt], [title], [placeholder]')]
           .filter(e => e.checkVisibility()).flatMap(
            e => ['aria-label', 'alt', 'title', 'placeholder'].map(name => e.getAttribute(name) || ''))
    ].join('\\n')""")
    lang = page.evaluate("document.documentElement.lang")
    context.close()
    return lang, text


def test_every_shipped_table_has_every_entry_with_the_same_placeholders():
    english = table("en")
    for language in SHIPPED:
        words = table(language)
        assert set(words) == set(english), language
        for key, entry in english.items():
            theirs = words[key]
            assert isinstance(theirs, type(entry)), (language, key)
            if key in ("numbers", "decimal_mark"):
                continue
            if isinstance(entry, dict):
                assert set(theirs) == {"one", "other"}, (language, key)
            forms = theirs.values() if isinstance(theirs, dict) else [theirs]
            assert all(form.strip() for form in forms), (language, key)
            wanted = {name for form in (entry.values() if isinstance(entry, dict) else [entry])
                      for name in PLACEHOLDER.findall(form) if "ount" not in name}
            got = {name for form in forms for name in PLACEHOLDER.findall(form) if "ount" not in name}
            assert got == wanted, (language, key)
        assert len(words["numbers"]) >= 13, language


def test_counts_follow_each_languages_plural_rule():
    assert Labels("en")("title_recap", count=1) == "One thing to take home"
    assert Labels("en")("title_recap", count=3) == "Three things to take home"
    assert Labels("en")("title_recap", count=14) == "14 things to take home"
    assert Labels("fr")("title_recap", count=1) == "Une chose à retenir"
    assert Labels("fr")("title_recap", count=2) == "Deux choses à retenir"
    assert Labels("fr")("slide_word", count=0) == "diapositive"  # French counts 0 as one
    assert Labels("de-AT")("title_recap", count=2) == "Zwei Dinge zum Mitnehmen"  # a region: its language
    assert Labels("es")("slide_word", count=2) == "diapositivas"
    assert Labels("de").number(5.5) == "5,5" and Labels("en").number(5.5) == "5.5"


def test_a_german_deck_shows_no_english_word_of_the_engine(german, browser):
    lang, presenting = page_text(browser, (german / "index.html").as_uri() + "#/recap", search=True)
    assert lang == "de"
    reading_lang, reading = page_text(browser, (german / "gute-code-reviews-ohne-stau.html").as_uri())
    assert reading_lang == "de"
    text = presenting + "\n" + reading
    assert english_left(text, "de") == []
    # ... and the German words are there instead, counted right.
    for words in ("Zwei Dinge zum Mitnehmen", "Teil 1 von 2", "Kernaussage 1 von 2: Fehlformen erkennen",
                  "Woran man es erkennt", "Was es kostet", "Gegenmittel", "Hilft, wenn", "Aufhören, wenn",
                  "Leseansicht", "Präsentationsansicht", "Vortragsnotizen, Folie 1 von 18", "Suchen…",
                  "Sie sind hier: Ein kleines Team am selben Ort (Klar)", "FÜHRT", "BERÄT", "BAUT MIT IHNEN",
                  "Zusammenarbeit", "X als Service", "Wer führt", "Muster passt", "Danke", "Folien",
                  "Rückmeldung", "Zum Weiterlesen", "QR-Code: die Folien, https://example.org/vortraege/gute-reviews",
                  "Eine Warteschlange von Änderungen vor einer einzigen Tür", "Kompliziert",
                  "Gemeinsam entscheiden: Welche Regeln gelten"):
        assert words in text, words


def test_the_german_programme_text_pdfs_and_powerpoint_have_no_english_word_of_the_engine(german):
    cfp = (german / "cfp.md").read_text(encoding="utf-8")
    assert english_left(cfp, "de") == []
    for line in ("**Vortrag von:** Jana Beispiel, Leiterin Softwareentwicklung", "## Kurzfassung",
                 "Zeitfenster von 30 Minuten: 23 Minuten Vortrag, 5 für Fragen.",
                 "1. **Was schiefgeht** (5,5 Min.)", "## Bisher gehalten"):
        assert line in cfp, line
    pdfs = sorted(german.glob("*.pdf"))
    assert [pdf.name for pdf in pdfs] == ["gute-code-reviews-ohne-stau-handout.pdf", "gute-code-reviews-ohne-stau.pdf"]
    for pdf in pdfs:
        reader = PdfReader(pdf)
        assert reader.trailer["/Root"]["/Lang"] == "de"
        text = "\n".join(pdf_texts(pdf))
        assert english_left(text, "de", ignore_case=True) == [], pdf.name
    handout = "\n".join(pdf_texts(pdfs[0]))
    for words in ("Folie 3 von 18", "Kurzfassung", "Zeitfenster von 30 Minuten", "(5,5 Min.)", "Fortsetzung"):
        assert words.lower() in handout.lower(), words  # kickers are set in capitals
    from pptx import Presentation

    shown = []
    for made in Presentation(str(german / "gute-code-reviews-ohne-stau.pptx")).slides:
        for shape in made.shapes:
            shown.append(shape._element.xpath("string(.//p:cNvPr/@descr)"))  # alt text
            if shape.has_text_frame:
                shown.append(shape.text_frame.text)
            if shape.has_table:
                shown += [cell.text for row in shape.table.rows for cell in row.cells]
        shown.append(made.notes_slide.notes_text_frame.text)  # the reader's detail waits in the notes
    text = "\n".join(shown)
    assert english_left(text, "de", ignore_case=True) == []  # its labels are written in capitals
    for words in ("Kontext", "Woran man es erkennt", "Hilft gegen:", "Folien",
                  "Kernaussage 1 von 2: Fehlformen erkennen", "Für Lesende (nicht auf der Folie):"):
        assert words.lower() in text.lower(), words


@pytest.mark.parametrize("language", SHIPPED)
def test_each_shipped_language_renders(language, tmp_path, browser):
    talk = second_talk(tmp_path, language)
    result = run_build("--talk", str(talk))
    assert result.returncode == 0, result.stderr
    lang, text = page_text(browser, (tmp_path / "dist" / "gute-code-reviews-ohne-stau.html").as_uri())
    labels = Labels(language)
    assert lang == language
    for words in (TWO_TO_TAKE_HOME[language], labels("section_part", n=1, total=2), labels("kind_anti_pattern"),
                  labels("spot_it"), labels("title_closing"), labels("view_presenting"), labels("domain_clear")):
        assert words in text, words
    if language != "en":
        assert english_left(text, language) == []
        assert english_left((tmp_path / "dist" / "cfp.md").read_text(encoding="utf-8"), language) == []


def minimal(talk_dir: Path, *changes: tuple[str, str]) -> Path:
    path = talk_dir / "talk.yaml"
    text = path.read_text()
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text)
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(TalkError) as caught:
        load_deck(path)
    return [str(problem) for problem in caught.value.problems]


def test_a_talks_labels_override_the_table_and_a_typo_is_located(talk_dir):
    path = minimal(talk_dir, ("abstract: An abstract.\n", "abstract: An abstract.\nlanguage: de\nlabels:\n"
                    "  title_recap: Zum Mitnehmen\n  kind_pattern: Praxis\n"))
    text = path.read_text() + "      - kind: recap\n        minutes: 1\n        notes: Das war's.\n"
    path.write_text(text)
    deck = load_deck(path)
    assert deck.slides[-1].title == "Zum Mitnehmen"  # a wording without a number, for any count
    assert deck.labels("kind_pattern") == "Praxis" and deck.labels("kind_tool") == "Agiles Werkzeug"
    path.write_text(text.replace("  kind_pattern: Praxis\n", "  kind_patern: Praxis\n  section_part: Teil {n} von {alle}\n"))
    assert problems(path) == [
        "talk.yaml:12:3: labels.kind_patern: unknown label 'kind_patern'; did you mean 'kind_pattern'?",
        "talk.yaml:13:17: labels.section_part: unknown placeholder {alle} in label 'section_part' "
        "(it can use: {n}, {total})"]


def test_a_label_cannot_close_the_script_that_hands_it_to_the_page(talk_dir, browser):
    hostile = "</script><script>alert(1)</script> & Co"
    minimal(talk_dir, ("abstract: An abstract.\n", f"abstract: An abstract.\nlabels:\n  view_presenting: '{hostile}'\n"))
    assert run_build("--talk", str(talk_dir / "talk.yaml")).returncode == 0
    html = (talk_dir / "dist" / "index.html").read_text()
    assert "<script>alert(1)" not in html
    context = browser.new_context()
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto((talk_dir / "dist" / "index.html").as_uri() + "?view=scroll")
    page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=15000)
    shown = page.inner_text("#view-switch")  # the reading view's script wrote it from #deck-labels
    context.close()
    assert (shown, dialogs) == (hostile, [])


def test_a_language_without_a_table_warns_and_builds_in_english(talk_dir):
    path = minimal(talk_dir, ("abstract: An abstract.\n", "abstract: An abstract.\nlanguage: it\n"))
    deck = load_deck(path)
    assert [str(w) for w in deck.warnings if "language" in str(w)] == [
        "talk.yaml:9:11: warning: language: no built-in words for 'it' (built in: en, fr, de, es); "
        "the words not given under 'labels:' are English"]
    assert deck.labels("kind_context") == "Context"


def test_the_summary_rule_is_the_events_own(talk_dir):
    rule = "  name: Test Conf\n  summary_length: {unit: characters, max: 300}\n"
    path = minimal(talk_dir, ("  name: Test Conf\n", rule))
    assert problems(path) == ["talk.yaml:10:10: summary: the summary is 492 characters; the programme "
                              "(event.summary_length) needs at most 300"]
    path.write_text(path.read_text().replace("{unit: characters, max: 300}", "{min: 70}"))
    load_deck(path)  # counted in words when the unit is not given
    path.write_text(path.read_text().replace("{min: 70}", "{min: 100}"))
    assert problems(path) == ["talk.yaml:10:10: summary: the summary is 76 words; the programme "
                              "(event.summary_length) needs at least 100"]
    path.write_text(path.read_text().replace("summary_length: {min: 100}", "summary_length:"))
    load_deck(path)  # none: not checked


def test_an_older_talk_file_builds_and_check_says_where_its_fields_moved(talk_dir):
    """MINIMAL_TALK is written as talks were before the event held the slot."""
    assert "\nslot_minutes: 10\nquestions_minutes: 2\n" in MINIMAL_TALK
    result = run_build("check", "--talk", str(talk_dir / "talk.yaml"))
    assert result.returncode == 0, result.stderr
    assert "talk.yaml:6:1: warning: slot_minutes: 'slot_minutes' has moved to 'event.slot_minutes': move this " \
           "line under 'event:' (read here for now)" in result.stderr
    assert "talk.yaml:7:1: warning: questions_minutes: 'questions_minutes' has moved to " \
           "'event.questions_minutes'" in result.stderr
    deck = load_deck(talk_dir / "talk.yaml")
    assert (deck.talk.event.slot_minutes, deck.talk.event.questions_minutes) == (10, 2)
    # Moved, the warning goes; given in both places, which one counts would be a guess.
    path = minimal(talk_dir, ("  name: Test Conf\n", "  name: Test Conf\n  slot_minutes: 12\n"))
    assert problems(path) == ["talk.yaml:7:1: slot_minutes: given twice: here and as event.slot_minutes on "
                              "line 6; keep event.slot_minutes and remove this one"]
    path.write_text(path.read_text().replace("\nslot_minutes: 10\nquestions_minutes: 2\n", "\n"))
    deck = load_deck(path)
    assert (deck.talk.slot_minutes, deck.talk.questions_minutes) == (12, 0)
    assert [str(warning) for warning in deck.warnings if "moved" in str(warning)] == []
    path.write_text(path.read_text().replace("  slot_minutes: 12\n", ""))
    assert problems(path) == ["talk.yaml:4:1: event: missing required field 'slot_minutes' (the slot's length "
                              "in minutes, questions included)"]


def test_a_new_talk_builds_checks_with_only_placeholder_warnings_and_refuses_a_full_folder(tmp_path):
    folder = tmp_path / "my-next-talk"
    made = run_build("new", str(folder), "--language", "de")
    assert made.returncode == 0, made.stderr
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")) == [
        "slides", "slides/first.md", "static", "talk.schema.json", "talk.yaml"]
    assert (folder / "talk.yaml").read_text().startswith("# yaml-language-server: $schema=talk.schema.json")
    checked = run_build("check", "--talk", str(folder / "talk.yaml"), pdf=True)  # its layout too
    assert checked.returncode == 0, checked.stderr
    warnings = [line for line in checked.stderr.splitlines() if ": warning: " in line]
    assert warnings and all("still a placeholder" in line for line in warnings), checked.stderr
    assert any(line.startswith("talk.yaml:7:8: warning: title: ") for line in warnings)
    built = run_build("--talk", str(folder / "talk.yaml"))
    assert built.returncode == 0, built.stderr
    html = (folder / "dist" / "index.html").read_text()
    assert 'lang="de"' in html and "Eine Sache zum Mitnehmen" in html and 'href="static/theme/deck.css"' in html
    assert (folder / "dist" / "static" / "theme" / "deck.css").is_file()  # the engine's theme serves it
    # A folder with anything in it is refused, and nothing in it changes.
    (folder / "talk.yaml").write_text("mine")
    again = run_build("new", str(folder))
    assert again.returncode == 1 and "is not empty" in again.stderr and "Traceback" not in again.stderr
    assert (folder / "talk.yaml").read_text() == "mine"


def test_the_engine_holds_nothing_of_this_talk():
    """Words of the talk belong in talk.yaml or the language tables, not in code or templates."""
    import yaml

    talk = yaml.safe_load((ROOT / "talk.yaml").read_text(encoding="utf-8"))
    words = {talk["title"], "product", "engineering"}
    for collection in ("anti_patterns", "contexts", "patterns", "tools", "takeaways"):
        for entry in talk[collection]:
            words.update(value for key, value in entry.items() if key in ("id", "name"))
    numbers = [word for word in table("en")["numbers"][2:]]  # fixed counts in templates come from the data
    # The engine draws some tools as pictures (deck/pictures.py): those kinds of picture, and a
    # Wardley map's evolution axis (genesis, custom, product, commodity), are its own vocabulary.
    from deck.pictures import PICTURES

    engine_terms = {kind for kind in PICTURES} | {kind.replace("-", " ") for kind in PICTURES}
    words = {word for word in words if word.lower() not in engine_terms}
    found = []
    for folder in ("deck", "templates", "static"):
        for path in (ROOT / folder).rglob("*"):
            if not path.is_file() or path.suffix not in (".py", ".html", ".md", ".js", ".css", ".yaml"):
                continue
            text = path.read_text(encoding="utf-8").lower()
            for word in words | (set(numbers) if folder == "templates" else set()):
                for match in re.finditer(r"(?<![\w-])" + re.escape(word.lower()) + r"(?![\w-])", text):
                    line = text[text.rfind("\n", 0, match.start()) + 1:text.find("\n", match.end())]
                    if word == "product" and ("commodity" in line or line.startswith("picture_product:")):
                        # a Wardley map's evolution stage
                        continue
                    found.append(f"{path.relative_to(ROOT)}: {word}")
                    break
    assert found == []
