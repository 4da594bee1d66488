"""check names what a slide would project wrong, located at the source line: escaped raw HTML,
another tool's comments, an attribute list left as text, a fence it cannot read or colour,
characters no shipped font draws, and text lying over the slide number or the credit line."""
from __future__ import annotations

import re
import textwrap

from conftest import MINIMAL_SLIDE, run_build

WRONG = textwrap.dedent("""\
    ---
    title: Parsers
    minutes: 1
    notes: Everything a reveal-md deck brings.
    ---
    - A point <small>aside</small>
    - Another <!-- .element: class="fragment" -->
    - A crab 🦀✓, and `<code>` as code is fine

    {: .fragment }

    ```rs title="main.rs"
    fn main() {}
    ```

    ```klingon
    qapla
    ```

    <!-- _class: lead -->
    """)


def warnings(output: str) -> list[tuple[str, str]]:
    """(place, the message's start) of each warning about what the slide file projects."""
    return [(found[1], found[2]) for found in re.finditer(r"^(slides/intro\.md:\d+:\d+): warning: slide 4 "
                                                                r"'[^']*': (.*)$", output, re.MULTILINE)
            if not found[2].startswith("notes are")]


def test_check_names_each_thing_projected_wrong_at_its_line(talk_dir):
    (talk_dir / "slides" / "intro.md").write_text(WRONG)
    result = run_build("check", "--talk", str(talk_dir / "talk.yaml"))
    assert result.returncode == 0, result.stderr
    found = sorted(warnings(result.stdout + result.stderr))
    expected = sorted([
        ("slides/intro.md:6:11", "raw HTML '<small>' is projected as text "),
        ("slides/intro.md:7:11", "'<!-- .element: class=\"fragment\" -->' is"),
        ("slides/intro.md:8:10", "'🦀' (crab, U+1F980) is drawn in colour b"),
        ("slides/intro.md:8:11", "'✓' (check mark, U+2713) is in no font t"),
        ("slides/intro.md:10:1", "an attribute list '{: ...}' is projected"),
        ("slides/intro.md:12:1", "the fence's info 'rs title=\"main.rs\"' is"),
        ("slides/intro.md:16:1", "the fence's language 'klingon' is not one"),
        ("slides/intro.md:20:1", "'<!-- _class: lead -->' is an instruction"),
    ])
    assert [place for place, _ in found] == [place for place, _ in expected], found
    assert all(message.startswith(start) for (_, message), (_, start) in zip(found, expected)), found


def test_what_check_names_is_what_the_room_would_see(browser, talk_dir):
    """The warnings are true: the comment and the tag are on the slide as text, the list is plain."""
    (talk_dir / "slides" / "intro.md").write_text(WRONG)
    assert run_build("--talk", str(talk_dir / "talk.yaml")).returncode == 0
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.goto((talk_dir / "dist" / "index.html").as_uri())
    page.wait_for_function("() => window.Reveal && Reveal.isReady()")
    text = page.evaluate("document.querySelector('#intro .stage').innerText")
    page.close()
    assert "<small>aside</small>" in text and ".element: class=" in text and "{: .fragment }" in text


def test_a_clean_slide_with_code_gets_no_such_warning(talk_dir):
    (talk_dir / "slides" / "intro.md").write_text(MINIMAL_SLIDE + "\n“Quoted” – and ~~struck~~ café\n\n"
                                                  "```python [1|2]\nprint('ü')\nx = 1  # é\n```\n")
    result = run_build("check", "--talk", str(talk_dir / "talk.yaml"))
    assert result.returncode == 0 and warnings(result.stdout + result.stderr) == []


def test_check_names_text_lying_over_the_slide_number_but_not_a_slide_that_fits(talk_dir):
    # The last one reaches the slide number in the bottom right corner: a line across the frame.
    points = "".join(f"- Point {n}\n" for n in range(13)) + "- Point 13: " + "x " * 54 + "\n"
    (talk_dir / "slides" / "intro.md").write_text("---\ntitle: Many points\nminutes: 1\nnotes: Points.\n---\n" + points)
    (talk_dir / "slides" / "short.md").write_text(MINIMAL_SLIDE)
    talk = talk_dir / "talk.yaml"
    talk.write_text(talk.read_text().replace("slot_minutes: 10", "slot_minutes: 12")
                    .replace("- file: slides/intro.md", "- file: slides/intro.md\n      - file: slides/short.md"))
    result = run_build("check", "--talk", str(talk), pdf=True)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert re.findall(r"^(slides/\w+\.md:\d+:\d+): warning: slide \d+ '[^']*': (its text runs over the \w+ \w+)",
                      output, re.MULTILINE) == [("slides/intro.md:2:1", "its text runs over the slide number")]
    assert "px below the bottom" not in output  # on the slide, yet over its number


def test_check_names_maths_that_would_be_projected_as_written_but_not_prices_or_code(talk_dir):
    (talk_dir / "slides" / "intro.md").write_text(textwrap.dedent("""\
        ---
        title: Sums of $x^2$
        minutes: 1
        notes: Maths as Slidev writes it.
        ---
        Inline $\\sqrt{3x-1}$ and a price: $5 or $10

        $$
        \\nabla \\cdot \\vec{B} = 0
        $$

        `$HOME` and ```$x$``` are code
        """))
    result = run_build("check", "--talk", str(talk_dir / "talk.yaml"))
    assert result.returncode == 0, result.stderr
    assert sorted(warnings(result.stdout + result.stderr)) == [
        ("slides/intro.md:2:1", "the title's '$x^2$' is maths: it is not typeset here, the room sees it as written, "
                                "dollars and backslashes; write it in words or Unicode (x², √, ∇), or show it as a "
                                "picture with alt text"),
        ("slides/intro.md:6:8", "'$\\sqrt{3x-1}$' is maths: it is not typeset here, the room sees it as written, "
                                "dollars and backslashes; write it in words or Unicode (x², √, ∇), or show it as a "
                                "picture with alt text"),
        ("slides/intro.md:8:1", "'$$ \\nabla \\cdot \\vec{B} = 0 $$' is maths: it is not typeset here, the room sees "
                                "it as written, dollars and backslashes; write it in words or Unicode (x², √, ∇), or "
                                "show it as a picture with alt text")]
