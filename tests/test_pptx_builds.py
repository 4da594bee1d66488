"""The PowerPoint file clicks as the deck clicks: each part the deck reveals a click at a time (a
reveal.js fragment) arrives on a click there too, as PowerPoint's Appear effect in the slide's
<p:timing>, in the deck's order, on the paragraphs (or the shape) whose words are the fragment's;
a slide without steps has none; LibreOffice reads the effects as on-click steps on those same
paragraphs, and still renders every part (the final state) when it prints the file."""
from __future__ import annotations

import re
import shutil
import subprocess
import textwrap
import zipfile
from pathlib import Path

import pytest
from lxml import etree, html as lxml_html
from pptx import Presentation

from conftest import pdf_texts
from test_pptx import deck_pages, words
from test_pptx_rendered import only

P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"


@pytest.fixture(scope="module")
def presentation(built_file):
    return Presentation(str(built_file(".pptx")))


@pytest.fixture(scope="module")
def projected(built_file):
    """The reveal.js deck the browser shows, as HTML."""
    return lxml_html.fromstring(built_file(".html").read_bytes())


def fragments(projected, slide) -> list[str]:
    """The words of each part the deck reveals on a click, in the browser's order (reveal.js
    counts a data-fragment-index first, then the page's order)."""
    section = projected.get_element_by_id(slide.anchor)
    found = [element for element in section.xpath('.//*[contains(concat(" ", @class, " "), " fragment ")]')
             if not element.xpath('ancestor::aside[contains(@class, "notes")]')]
    ordered = sorted(enumerate(found), key=lambda item: (int(item[1].get("data-fragment-index", 0)), item[0]))
    return [words(element.text_content()) for _, element in ordered]


def clicks(made) -> list[list[str]]:
    """What arrives on each click of a PowerPoint slide: for each click effect (and those with it),
    the words of the paragraphs (or the shape) each Appear effect makes visible."""
    timing = made._element.find(f"{P}timing")
    if timing is None:
        return []
    shapes = {shape.shape_id: shape for shape in made.shapes}
    found: list[list[str]] = []
    for effect in timing.iter(f"{P}cTn"):
        kind = effect.get("nodeType")
        if kind not in ("clickEffect", "withEffect"):
            continue
        assert (effect.get("presetClass"), effect.get("presetID")) == ("entr", "1"), "an Appear entrance"
        target = effect.find(f".//{P}spTgt")
        assert effect.find(f".//{P}attrName").text == "style.visibility"
        assert effect.find(f".//{P}strVal").get("val") == "visible"
        shape = shapes[int(target.get("spid"))]
        span = target.find(f"{P}txEl/{P}pRg")
        if span is None:
            text = shape.text_frame.text if shape.has_text_frame else \
                " ".join(cell.text for row in shape.table.rows for cell in row.cells) if shape.has_table else shape.name
        else:
            paragraphs = shape.text_frame.paragraphs[int(span.get("st")):int(span.get("end")) + 1]
            text = " ".join(paragraph.text for paragraph in paragraphs)
        if kind == "clickEffect":
            found.append([])
        found[-1].append(words(text))
    return found


def test_the_myths_slide_reveals_its_verdict_a_click_at_a_time(presentation, deck, projected):
    myth = next(slide for slide in deck.slides if slide.anchor == "the-myth")
    made = deck_pages(presentation, deck)[deck.slides.index(myth)]
    assert fragments(projected, myth) == ["Wrong in three contexts of four.", "Incomplete in the fourth."]
    assert clicks(made) == [["Wrong in three contexts of four."], ["Incomplete in the fourth."]]
    # the sentence the slide opens on is there before any click, in the same box as the steps
    first = next(shape for shape in made.shapes if shape.has_text_frame and "Right?" in shape.text_frame.text)
    assert words(first.text_frame.paragraphs[0].text).endswith("Right?")
    built = made._element.find(f"{P}timing/{P}bldLst/{P}bldP")
    assert (built.get("spid"), built.get("build")) == (str(first.shape_id), "p"), "built a paragraph at a time"


def test_every_slide_with_steps_clicks_its_fragments_in_order_and_no_other_slide_has_timing(presentation, deck, projected):
    stepped = 0
    for slide, made in zip(deck.slides, deck_pages(presentation, deck)):
        expected = fragments(projected, slide) if slide.steps else []
        assert [" ".join(click) for click in clicks(made)] == expected, slide.anchor
        if not expected:
            assert made._element.find(f"{P}timing") is None, slide.anchor
        stepped += bool(expected)
    assert stepped >= 3  # the myth, Monday's questions, no perfect patterns
    assert not any(made._element.find(f"{P}timing") is not None for made in presentation.slides
                   if made not in deck_pages(presentation, deck))


def small_talk(talk_dir: Path, slide_entry: str, markdown: str = "") -> Path:
    talk = talk_dir / "talk.yaml"
    talk.write_text(talk.read_text().replace("ref: order-giver\n", f"ref: order-giver\n{slide_entry}"))
    if markdown:
        (talk_dir / "slides" / "intro.md").write_text(markdown)
    return talk


def test_an_anti_patterns_parts_after_the_first_arrive_a_click_each(talk_dir, tmp_path):
    """talk.yaml's steps (or a slide's): an entry's parts after its first, as the template's fragments."""
    from deck import pptx
    from deck.validate import load_deck

    talk = small_talk(talk_dir, "        show: [summary, symptom, cost]\n")
    talk.write_text(talk.read_text().replace("outline:\n", "steps: [anti-pattern]\noutline:\n", 1))
    made = Presentation(str(pptx.write(load_deck(talk), None, tmp_path).path)).slides
    assert clicks(made[1]) == [["YOU CAN SPOT IT Tickets with solutions"], ["WHAT IT COSTS A feature factory"]]
    assert [shape.text_frame.text for shape in made[1].shapes if shape.has_text_frame][2] == "Product hands out orders."
    assert clicks(made[2]) == [], "a pattern: not a kind with steps"


def test_a_table_and_a_picture_revealed_on_a_click_arrive_whole_and_two_builds_are_byte_identical(talk_dir, tmp_path):
    from PIL import Image

    from deck import pptx
    from deck.validate import load_deck

    (talk_dir / "static").mkdir()
    Image.new("RGB", (800, 450), (40, 90, 140)).save(talk_dir / "static" / "chart.png")
    talk = small_talk(talk_dir, "", textwrap.dedent("""\
        ---
        title: Intro
        minutes: 1
        steps: true
        notes: "A few words. [Click: the list.] [Click: the table.] [Click: the chart.]"
        ---
        Who leads?

        - Product
        - Engineering

        | Who | Leads |
        |---|---|
        | Product | the why |

        ![A blue chart](../static/chart.png)
        """))
    files = [pptx.write(load_deck(talk), None, tmp_path / name).path for name in ("one", "two")
             if (tmp_path / name).mkdir() is None]
    assert files[0].read_bytes() == files[1].read_bytes()
    made = Presentation(str(files[0])).slides[-1]
    picture = next(shape for shape in made.shapes if shape.shape_type == 13)
    assert clicks(made) == [["Product"], ["Engineering"], ["Who Leads Product the why"], [picture.name]]
    table = next(shape for shape in made.shapes if shape.has_table)
    xml = etree.tostring(made._element).decode()
    for whole in (table, picture):  # by shape: no paragraphs named
        assert f'spid="{whole.shape_id}"/>' in xml, whole.name


def test_libreoffice_plays_the_clicks_on_the_same_words_and_prints_every_part(presentation, deck, projected, libreoffice,
                                                                                 tmp_path):
    """LibreOffice's own reading of the file: opened and saved as its own presentation, each slide's
    on-click steps name the paragraphs they show, in order; printed, every part is on the page."""
    stepped = [slide for slide in deck.slides if slide.steps]
    pages = deck_pages(presentation, deck)
    copy = only(presentation, [pages[deck.slides.index(slide)] for slide in stepped], tmp_path / "stepped.pptx")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    profile = (tmp_path / "profile").as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "odp", "--outdir",
                    str(tmp_path / "odp"), str(copy)], capture_output=True, timeout=300, check=True)
    with zipfile.ZipFile(tmp_path / "odp" / "stepped.odp") as odp:
        content = etree.fromstring(odp.read("content.xml"))
    ns = {"draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
          "anim": "urn:oasis:names:tc:opendocument:xmlns:animation:1.0",
          "presentation": "urn:oasis:names:tc:opendocument:xmlns:presentation:1.0",
          "smil": "urn:oasis:names:tc:opendocument:xmlns:smil-compatible:1.0"}
    played = []
    for page in content.iterfind(".//draw:page", ns):
        steps = []
        for click in page.xpath('.//anim:par[@presentation:node-type="on-click"]', namespaces=ns):
            shown = click.xpath(".//anim:set/@smil:targetElement", namespaces=ns)
            steps.append(" ".join(words("".join(page.xpath(f'.//*[@xml:id="{target}"]//text()'))) for target in shown))
        played.append(steps)
    assert played == [fragments(projected, slide) for slide in stepped]
    printed = pdf_texts(libreoffice([copy], tmp_path / "pdf")[0])
    for slide, text in zip(stepped, printed, strict=True):
        for part in fragments(projected, slide):
            assert re.sub(r"\W", "", part) in re.sub(r"\W", "", text), (slide.anchor, part)
