"""The organiser's rules (event.rules): optional, judged and located, and what check measures of
them in Chromium: type under the smallest size, content in the caption band the theme keeps free."""
from __future__ import annotations

import re
import textwrap
from datetime import date, timedelta
from pathlib import Path

import pytest

from conftest import MINIMAL_SLIDE, MINIMAL_TALK, run_build

# Ten bullets of a sentence each: they fill a slide down into any band of a quarter of its height.
LONG_SLIDE = textwrap.dedent("""\
    ---
    title: Long
    minutes: 1
    notes: A slide with more on it than a captioned room leaves room for.
    ---
    """) + "".join(f"- Point number {n} about partnerships\n" for n in range(1, 11))


def talk_with_rules(folder: Path, rules: str, slides: dict[str, str] | None = None) -> Path:
    """The minimal talk in folder with `rules` (YAML lines) under event.rules."""
    (folder / "slides").mkdir(parents=True, exist_ok=True)
    (folder / "slides" / "intro.md").write_text(MINIMAL_SLIDE, encoding="utf-8")
    text = MINIMAL_TALK
    for name, body in (slides or {}).items():
        (folder / "slides" / f"{name}.md").write_text(body, encoding="utf-8")
        text = text.replace("      - file: slides/intro.md\n", f"      - file: slides/intro.md\n      - file: slides/{name}.md\n")
    if rules:
        text = text.replace("  name: Test Conf\n", "  name: Test Conf\n  rules:\n" + textwrap.indent(rules, "    "))
    text = text.replace("slot_minutes: 10", "slot_minutes: 30")
    (folder / "talk.yaml").write_text(text, encoding="utf-8")
    return folder / "talk.yaml"


def line_of(talk: Path, text: str) -> int:
    return next(number for number, line in enumerate(talk.read_text().splitlines(), 1) if text in line)


def test_rules_that_ask_nothing_of_the_page_leave_every_output_as_it_was(tmp_path):
    plain = talk_with_rules(tmp_path / "plain", "")
    ruled = talk_with_rules(tmp_path / "ruled", "file_name: '{event}-{title}'\nmax_file_mb: 50\n"
                                                "formats: [pdf, pptx]\ndeadline: 2027-03-01\n")
    for talk in (plain, ruled):
        result = run_build("--talk", str(talk))
        assert result.returncode == 0, result.stderr
    files = sorted(path.relative_to(tmp_path / "plain" / "dist") for path in (tmp_path / "plain" / "dist").rglob("*")
                   if path.is_file())
    assert files == sorted(path.relative_to(tmp_path / "ruled" / "dist")
                           for path in (tmp_path / "ruled" / "dist").rglob("*") if path.is_file())
    for name in files:
        assert (tmp_path / "plain" / "dist" / name).read_bytes() == (tmp_path / "ruled" / "dist" / name).read_bytes()


def test_a_rule_that_cannot_be_met_as_written_is_located_and_nothing_is_written(tmp_path):
    talk = talk_with_rules(tmp_path, "file_name: '{event}-{speeker}'\nformats: [pdf, pptx, pdf]\n"
                                     "pptx_template: organiser/template.key\ndeadline: 2027-02-30\n")
    result = run_build("--talk", str(talk))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert f"talk.yaml:{line_of(talk, 'file_name')}:16: event.rules.file_name: unknown field '{{speeker}}' in the " \
           "file name pattern; did you mean '{speaker}'?" in lines
    assert f"talk.yaml:{line_of(talk, 'formats')}:14: event.rules.formats: pdf named more than once" in lines
    assert f"talk.yaml:{line_of(talk, 'pptx_template')}:20: event.rules.pptx_template: 'organiser/template.key' is " \
           "not a PowerPoint template: give a .potx or .pptx file" in lines
    assert f"talk.yaml:{line_of(talk, 'deadline')}:15: event.rules.deadline: '2027-02-30' is no date on the " \
           "calendar; write it as year-month-day, e.g. 2027-03-01" in lines
    assert "4 problems; nothing was written" in lines
    assert not (tmp_path / "dist").exists()
    talk = talk_with_rules(tmp_path, "caption_band: 0.7\n")  # the model's own bounds
    result = run_build("--talk", str(talk))
    assert result.returncode == 1
    assert f"talk.yaml:{line_of(talk, 'caption_band')}:19: event.rules.caption_band: expected less than 0.5 " \
           "(got 0.7)" in result.stderr.splitlines()


def test_a_template_outside_the_talk_or_missing_is_refused(tmp_path):
    outside = tmp_path / "organiser.potx"
    outside.write_bytes(b"PK")
    talk = talk_with_rules(tmp_path / "talk", f"pptx_template: ../organiser.potx\n")
    result = run_build("check", "--talk", str(talk))
    assert "event.rules.pptx_template: '../organiser.potx' is not a file inside the talk's folder" in result.stderr
    talk = talk_with_rules(tmp_path / "talk", "pptx_template: organiser/template.potx\n")
    result = run_build("check", "--talk", str(talk))
    assert "event.rules.pptx_template: 'organiser/template.potx' does not exist" in result.stderr
    assert result.returncode == 1


@pytest.mark.parametrize("days, said", [(10, "10 days left to upload"), (1, "1 day left to upload"),
                                        (0, "the upload is due today"),
                                        (-3, "the upload deadline passed 3 days ago")])
def test_check_counts_the_days_left_before_the_deadline(tmp_path, days, said):
    deadline = (date.today() + timedelta(days=days)).isoformat()
    talk = talk_with_rules(tmp_path, f"deadline: {deadline}\n")
    result = run_build("check", "--talk", str(talk))
    assert result.returncode == 0, result.stderr
    assert f"talk.yaml:{line_of(talk, 'deadline')}:15: warning: event.rules.deadline: {said}" in result.stderr


def test_the_build_without_a_deadline_rule_says_nothing_of_one(talk_dir):
    result = run_build("check", "--talk", str(talk_dir / "talk.yaml"))
    assert "deadline" not in result.stderr


def room_warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "event.rules." in line and "warning: slide" in line]


def test_check_names_each_slide_with_type_under_the_rule_and_content_in_the_caption_band(tmp_path):
    talk = talk_with_rules(tmp_path, "min_font_pt: 18\ncaption_band: 0.25\n", {"long": LONG_SLIDE})
    result = run_build("check", "--talk", str(talk), pdf=True)
    assert result.returncode == 0, result.stderr
    found = room_warnings(result.stderr)
    # The title slide's event line is 40 px (20 pt): it meets 18 pt; the kind above an entry's name is 32 px.
    assert [line for line in found if "min_font_pt" in line] == [
        f"talk.yaml:{line_of(talk, 'ref: order-giver') - 1}:1: warning: slide 2 'Order-giver': type of 16 pt "
        "('Anti-pattern') is smaller than the organiser's 18 pt (event.rules.min_font_pt)",
        f"talk.yaml:{line_of(talk, 'ref: product-trio') - 1}:1: warning: slide 3 'Product trio': type of 16 pt "
        "('Pattern') is smaller than the organiser's 18 pt (event.rules.min_font_pt)"]
    band = [line for line in found if "caption_band" in line]
    assert len(band) == 1 and band[0].startswith("slides/long.md:2:1: warning: slide 5 'Long': content reaches ")
    assert re.search(r"reaches \d+ px into the caption band \(the bottom 25% of the slide", band[0])
    # The build prints the same, measured while it prints.
    built = run_build("--talk", str(talk), pdf=True)
    assert room_warnings(built.stderr) == found


def test_without_the_rules_check_measures_nothing_of_them(talk_dir):
    result = run_build("check", "--talk", str(talk_dir / "talk.yaml"), pdf=True)
    assert result.returncode == 0, result.stderr
    assert room_warnings(result.stderr) == []


BOTTOMS = """() => [...document.querySelectorAll('.reveal .slides > section')].map(section => {
  Reveal.slide([...section.parentNode.children].indexOf(section));
  let bottom = 0;
  for (const element of section.querySelectorAll('*')) {
    const style = getComputedStyle(element);
    if (style.display === 'none' || style.visibility === 'hidden' || element.closest('.notes, .reader-only')) continue;
    const box = element.getBoundingClientRect();
    if (box.width && box.height && element.children.length === 0) bottom = Math.max(bottom, box.bottom);
  }
  const number = document.querySelector('.slide-number').getBoundingClientRect();
  return { bottom, number: number.bottom };
})"""


def test_the_theme_lays_every_slide_out_above_the_caption_band(tmp_path, browser):
    """Presenting at 1920x1080, as the room sees it: the words, pictures and the slide number of
    every slide end above the band, where without the rule the slide number and words sit in it."""
    measured = {}
    for name, rules in (("plain", ""), ("band", "caption_band: 0.2\n")):
        talk = talk_with_rules(tmp_path / name, rules)
        assert run_build("--talk", str(talk)).returncode == 0
        context = browser.new_context(viewport={"width": 1920, "height": 1080})
        page = context.new_page()
        page.goto((tmp_path / name / "dist" / "index.html").as_uri())
        page.wait_for_function("window.Reveal && Reveal.isReady()")
        measured[name] = page.evaluate(BOTTOMS)
        context.close()
    band_top = 1080 * 0.8
    assert all(slide["bottom"] <= band_top and slide["number"] <= band_top for slide in measured["band"])
    assert all(slide["number"] > band_top for slide in measured["plain"])


# axe-core's rules for WCAG 2.0, 2.1 and 2.2, levels A and AA (its best practices are not the standard's).
WCAG_22_AA = "{type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}"


def test_a_deck_with_the_caption_band_passes_axe_on_every_slide(tmp_path, browser):
    """The band moves the slide number and the source line: WCAG 2.2 AA's rules still find nothing."""
    from test_accessibility import open_slides, show

    talk = talk_with_rules(tmp_path, "caption_band: 0.2\n", {"long": LONG_SLIDE})
    assert run_build("--talk", str(talk)).returncode == 0
    context, page = open_slides(browser, tmp_path / "dist", axe=True)  # no motion: each slide wholly shown
    found = []
    for index in range(page.evaluate("Reveal.getTotalSlides()")):
        show(page, index)
        found += page.evaluate("""async () => (await axe.run(document, {runOnly: RULES})).violations
            .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))""".replace("RULES", WCAG_22_AA))
    context.close()
    assert found == []
