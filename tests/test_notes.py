"""Speaker notes written as Markdown: a list, code and emphasis shown as such in the speaker's
view of the slide, the reading view, the handout and the PowerPoint file's notes pane."""
from __future__ import annotations

import re
import textwrap

from conftest import pdf_texts, run_build

NOTES_SLIDE = textwrap.dedent("""\
    ---
    title: Cue notes
    minutes: 1
    notes: |
      Three cues, *slowly*:

      - show `parse()` first
      - then the **error** case
      - then ask the room

      ![A diagram only the speaker knows](../static/missing.png)
    ---
    - one point
    """)


def built(talk_dir, pdf: bool = False):
    (talk_dir / "slides" / "intro.md").write_text(NOTES_SLIDE)
    result = run_build("--talk", str(talk_dir / "talk.yaml"), pdf=pdf)
    assert result.returncode == 0, result.stderr
    return talk_dir / "dist"


def test_notes_are_markdown_in_the_deck_and_the_reading_view(browser, talk_dir):
    dist = built(talk_dir)
    for address in ((dist / "index.html").as_uri(), (dist / "a-small-talk.html").as_uri() + "?view=scroll"):
        page = browser.new_page(viewport={"width": 1920, "height": 1080})
        page.goto(address)
        page.wait_for_function("() => window.Reveal && Reveal.isReady()")
        # What reveal's speaker view shows for the slide, and (single file) the reading view's notes under it.
        shown = page.evaluate("""() => {
            const notes = Reveal.getSlideNotes(document.getElementById('intro'));
            const reading = document.querySelector('#intro') && [...document.querySelectorAll('.reading-notes')]
                .map(n => n.innerHTML).find(html => html.includes('Three cues'));
            return {notes, reading: reading || null};
        }""")
        page.close()
        for html in filter(None, (shown["notes"], shown["reading"])):
            assert re.findall(r"<li>(.*?)</li>", html) == ["show <code>parse()</code> first",
                                                           "then the <strong>error</strong> case", "then ask the room"]
            assert "<em>slowly</em>" in html and "`" not in html and "**" not in html
            assert "<img" not in html and "A diagram only the speaker knows" in html  # its words, nothing loaded
        assert shown["notes"] and (shown["reading"] or "index.html" in address)


def test_notes_are_markdown_in_the_handout_and_the_powerpoint_notes(talk_dir):
    from pptx import Presentation

    dist = built(talk_dir, pdf=True)
    handout = "\n".join(pdf_texts(dist / "a-small-talk-handout.pdf"))
    assert re.search(r"show parse\(\) first\s*\n.*then the error case\s*\n.*then ask the room", handout), handout
    assert "`" not in handout and "**" not in handout
    notes = Presentation(str(dist / "a-small-talk.pptx")).slides[3].notes_slide.notes_text_frame
    lines = [paragraph for paragraph in notes.paragraphs if paragraph.runs]
    texts = ["".join(run.text for run in paragraph.runs) for paragraph in lines]
    assert texts[:4] == ["Three cues, slowly:", "• show parse() first", "• then the error case", "• then ask the room"]
    runs = {run.text: run for paragraph in lines for run in paragraph.runs}
    assert runs["slowly"].font.italic and runs["error"].font.bold and runs["parse()"].font.name == "Consolas"


def test_a_control_character_written_as_a_reference_in_the_notes_is_located(talk_dir):
    talk = talk_dir / "talk.yaml"
    talk.write_text(talk.read_text().replace("notes: The trio.", "notes: The trio &#27;[2J."))
    result = run_build("--talk", str(talk))
    assert result.returncode == 1
    assert re.search(r"^talk\.yaml:\d+:\d+: '&#27;': control character U\+001B", result.stderr, re.MULTILINE), result.stderr


def test_notes_nested_too_deep_are_refused_not_converted(talk_dir):
    talk = talk_dir / "talk.yaml"
    talk.write_text(talk.read_text().replace("notes: The trio.", 'notes: "' + "[" * 400 + '"'))
    result = run_build("--talk", str(talk))
    assert result.returncode == 1
    assert re.search(r"^talk\.yaml:\d+:1: notes: the notes' Markdown nests 400 levels deep", result.stderr,
                     re.MULTILINE), result.stderr


BEATS = '<ul class="beats scaffold">\n<li>Open</li>\n<li>Ask</li>\n</ul>\n'


def test_the_beats_end_where_the_script_starts_however_the_script_opens():
    """The speaker view's notes: the beats a script opens with are one list, and the script under
    them reads as it would alone (converted with the beats where it cannot join their list)."""
    from deck import notes

    scripts = {
        "\nThe script, *said*.": "<p>The script, <em>said</em>.</p>",
        "\n    code()": "<pre><code>code()\n</code></pre>",  # alone: code, not the last beat's paragraph
        "lazy words": "<p>lazy words</p>",  # straight under the beats: script, not the last beat
        "\n- a third": "<ul>\n<li>a third</li>\n</ul>",  # a list of the script's own
        "\n1. first\n2. second": "<ol>\n<li>first</li>\n<li>second</li>\n</ol>",
    }
    for script, shown in scripts.items():
        assert notes.to_html(f"- Open\n- Ask\n{script}", ("talk.yaml", 1), []) == BEATS + shown, script
    # a reference defined in the script is the script's: the beats keep their brackets, as prompts
    assert notes.to_html("- Open [it][r]\n- Ask\n\nSee [it][r].\n\n[r]: https://example.org", ("talk.yaml", 1),
                         []) == BEATS.replace("Open", 'Open <em class="scaffold">[it]</em><em class="scaffold">'
                                              '[r]</em>') + '<p>See <a href="https://example.org">it</a>.</p>'
