"""A French talk, built as its speaker builds it: no English word of the engine's in any output (the
programme text, the deck and the single file as a person sees them, both PDFs, the PowerPoint file's
slides, notes and alt text), nor in what the engine adds around the deck: reveal's speaker view,
its keyboard help, the pictures drawn from a tool's example, the phone remote's page and serve's
overlay over a failed build. Its PowerPoint file renders whole in LibreOffice in any typeface.

The talk is the second talk (tests/talks/zweiter-vortrag) set to French, its tool given a worked
example drawn as a Wardley map, so the pictures' words are in it too.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from pptx import Presentation

from conftest import pdf_texts, run_build
from test_language import english_left, page_text, second_talk

SLUG = "gute-code-reviews-ohne-stau"
EXAMPLE = """\
    example:
      picture: wardley-map
      user: Équipe produit
      components:
        - {name: Relecture rapide, stage: product, needs: [Intégration continue]}
        - {name: Intégration continue, stage: commodity}
"""


@pytest.fixture(scope="module")
def french(tmp_path_factory) -> Path:
    """The French talk's dist/, PDFs and PowerPoint file included."""
    folder = tmp_path_factory.mktemp("deuxieme-expose")
    talk = second_talk(folder, "fr")
    text = talk.read_text(encoding="utf-8")
    text = text.replace("    stop_when: Die Fragen werden abgehakt, ohne nachzudenken.\n",
                        "    stop_when: Die Fragen werden abgehakt, ohne nachzudenken.\n" + EXAMPLE)
    text = text.replace("show: [summary, gap, helps-when, stop-when, supports, remedy-for]",
                        "show: [summary, picture, helps-when, stop-when]")
    assert "picture: wardley-map" in text and "show: [summary, picture," in text
    talk.write_text(text, encoding="utf-8")
    result = run_build("--talk", str(talk), pdf=True)
    assert result.returncode == 0, result.stderr
    return folder / "dist"


def test_no_english_word_of_the_engine_in_any_output(french, browser):
    assert english_left((french / "cfp.md").read_text(encoding="utf-8"), "fr") == []
    for name in (f"{SLUG}.pdf", f"{SLUG}-handout.pdf"):
        text = "\n".join(pdf_texts(french / name))
        assert english_left(text, "fr", ignore_case=True) == [], name
    shown = []
    for made in Presentation(str(french / f"{SLUG}.pptx")).slides:
        for shape in made.shapes:
            shown.append(shape._element.xpath("string(.//p:cNvPr/@descr)"))
            if shape.has_text_frame:
                shown.append(shape.text_frame.text)
            if shape.has_table:
                shown += [cell.text for row in shape.table.rows for cell in row.cells]
        shown.append(made.notes_slide.notes_text_frame.text)
    pptx_text = "\n".join(shown)
    assert english_left(pptx_text, "fr", ignore_case=True) == []
    assert "Pour les lecteurs (hors de la diapositive) :" in pptx_text
    for url in ((french / "index.html").as_uri(), (french / f"{SLUG}.html").as_uri()):
        lang, text = page_text(browser, url)
        assert lang == "fr" and english_left(text, "fr") == [], url
    deck = (french / "index.html").read_text(encoding="utf-8")
    # The Wardley map's words: its stages, its axis and its description.
    for words in ("Produit", "Commodité", "Visible", "Invisible", "Kurze Prüfliste : un exemple"):
        assert words in deck, words


def open_french_deck(browser, french: Path):
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.goto((french / "index.html").as_uri())
    page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=15000)
    page.add_style_tag(content="* { text-transform: none !important; }")
    return context, page


def test_the_speaker_view_and_the_keyboard_help_are_french(french, browser):
    context, page = open_french_deck(browser, french)
    page.keyboard.press("Shift+Slash")  # the question mark: reveal opens its keyboard help
    page.wait_for_selector(".r-overlay-help-content")
    help_text = page.locator(".r-overlay-help-content").inner_text()
    assert english_left(help_text, "fr", ignore_case=True) == [], help_text
    for words in ("Raccourcis clavier", "Touche", "Diapositive suivante", "Vue d’ensemble", "Vue de l’orateur"):
        assert words in help_text, words
    page.keyboard.press("Escape")
    with context.expect_page() as popup:
        page.keyboard.press("s")
    speaker = popup.value
    speaker.wait_for_selector("#deck-clock-pause", timeout=20000)
    speaker.add_style_tag(content="* { text-transform: none !important; }")
    speaker.evaluate("() => { const p = document.querySelector('.pacing-title'); if (p) p.style.display = 'block'; }")
    text = speaker.evaluate("() => document.body.innerText + '\\n' + [...document.querySelectorAll('option')]"
                            ".map(o => o.textContent).join('\\n')")
    assert english_left(text, "fr", ignore_case=True) == []
    for words in ("À suivre", "Heure", "Cliquer pour remettre à zéro", "Rythme", "Notes", "Disposition : Par défaut",
                  "Notes seules", "Mettre l’horloge en pause"):
        assert words in text, words
    for english in ("Upcoming", "Click to Reset", "Pacing", "Layout", "Wide", "Pause clock"):
        assert english not in text, english
    speaker.select_option(".speaker-layout-dropdown", "wide")
    assert speaker.locator(".speaker-layout-label").inner_text() == "Disposition : Large"
    context.close()


def test_the_phone_page_and_serves_overlay_are_french(french, browser):
    from deck.presenting import words
    from deck.remote import Remote
    from deck.validate import load_deck

    deck = load_deck(french.parent / "talk.yaml")
    remote = Remote("127.0.0.1", 0, words(deck.labels))
    remote.language = deck.talk.language
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    page.set_content(remote.page().decode("utf-8"))
    assert page.evaluate("() => document.documentElement.lang") == "fr"
    text = page.evaluate("() => document.title + '\\n' + document.body.innerText")
    assert english_left(text, "fr") == []
    for words_shown in ("Télécommande", "Précédente", "Suivante", "Ensuite", "Écoulé", "Notes",
                        "En attente de la présentation"):
        assert words_shown in text, words_shown
    context.close()
    # serve's overlay over a failed build reads its heading from the last good deck's page.
    labels = (french / "index.html").read_text(encoding="utf-8")
    assert "La construction a échoué. Problèmes : {n}." in labels


def test_the_powerpoint_file_renders_whole_in_libreoffice(french, tmp_path, libreoffice):
    """The French file (its table of stances with long German words, code, a picture) in LibreOffice
    with the talk's font from dist/fonts/, with Liberation Sans and with the fallback: every word
    inside its box, on the slide, none broken."""
    from test_pptx_rendered import in_typeface, render_problems

    pptx = french / f"{SLUG}.pptx"
    (talk_font,) = libreoffice([pptx], tmp_path / "talk-font", french / "fonts")
    liberation = in_typeface(pptx, tmp_path / "liberation" / "liberation-sans.pptx", "Liberation Sans")
    fallback, liberation_pdf = libreoffice([pptx, liberation], tmp_path / "without-the-talks-font")
    for name, made, pdf in (("talk-font", pptx, talk_font), ("liberation", liberation, liberation_pdf),
                            ("fallback", pptx, fallback)):
        assert render_problems(made, pdf) == [], name
