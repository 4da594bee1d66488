"""Pictures sized for their use: the single file carries a photo at the size that covers a
1920x1080 slide, not at the camera's; the deck folder keeps the file whole. The PowerPoint file
takes a slide whose pictures it cannot lay out (many, or one inside a line) as projected, and says so."""
from __future__ import annotations

import re

from conftest import run_build


def test_a_photo_goes_into_the_single_file_at_the_size_a_slide_shows(browser, talk_dir):
    from PIL import Image

    (talk_dir / "static").mkdir()
    photo = talk_dir / "static" / "photo.jpg"
    Image.effect_noise((3024, 4032), 64).convert("RGB").save(photo, quality=92)  # a phone's portrait photo
    small = talk_dir / "static" / "small.png"
    Image.new("RGB", (40, 30), (200, 80, 60)).save(small)
    slide = talk_dir / "slides" / "intro.md"
    slide.write_text(slide.read_text() + "\n![A photo](../static/photo.jpg){: .right }\n\n![A swatch](../static/small.png)\n")
    result = run_build("--talk", str(talk_dir / "talk.yaml"))
    assert result.returncode == 0, result.stderr
    dist = talk_dir / "dist"
    assert (dist / "static" / "photo.jpg").read_bytes() == photo.read_bytes()  # whole in the deck folder
    single = dist / "a-small-talk.html"
    assert single.stat().st_size < photo.stat().st_size * 0.6
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.goto(single.as_uri() + "?view=present")
    page.wait_for_function("() => window.Reveal && Reveal.isReady()")
    sizes = page.evaluate("""async () => Promise.all([...document.querySelectorAll('#intro img')].map(async i => {
        await i.decode(); return [i.alt, i.naturalWidth, i.naturalHeight]; }))""")
    page.close()
    assert sizes == [["A photo", 1920, 2560], ["A swatch", 40, 30]]  # covers the slide; the small one as it was
    embedded = re.findall(r'src="data:image/png;base64,([^"]+)"', single.read_text())
    assert any(len(data) < 200 for data in embedded)  # the small picture went in untouched


def test_the_powerpoint_file_lays_out_rows_of_pictures_and_takes_an_inline_logo_as_projected(talk_dir):
    from PIL import Image
    from pptx import Presentation

    (talk_dir / "static").mkdir()
    for number in range(8):
        Image.new("RGB", (756, 1008), (30 * number, 90, 140)).save(talk_dir / "static" / f"p{number}.png")
    (talk_dir / "slides" / "many.md").write_text("---\ntitle: Eight photos\nminutes: 1\nnotes: Photos.\n---\n" + "".join(
        f"![Photo {number}](../static/p{number}.png)\n\n" for number in range(8)))
    (talk_dir / "slides" / "logo.md").write_text("---\ntitle: A logo\nminutes: 1\nnotes: Logo.\n---\n"
                                                 "Made with ![the logo](../static/p0.png) inside a line\n")
    talk = talk_dir / "talk.yaml"
    talk.write_text(talk.read_text().replace("slot_minutes: 10", "slot_minutes: 12").replace(
        "- file: slides/intro.md", "- file: slides/many.md\n      - file: slides/logo.md"))
    result = run_build("--talk", str(talk), pdf=True)
    assert result.returncode == 0, result.stderr
    assert re.findall(r"^(slides/\w+\.md:2:1): warning: slide \d '[^']*': is a picture in the PowerPoint file \(([^)]*)\)",
                      result.stderr, re.MULTILINE) == [
        ("slides/logo.md:2:1", "a picture inside a line of text has no place of its own there")]
    slides = Presentation(str(talk_dir / "dist" / "a-small-talk.pptx")).slides
    width, height = 12192000, 6858000
    photos = [shape for shape in slides[3].shapes if shape.shape_type == 13]
    assert sorted(photo.name for photo in photos) == ["Picture"] * 8
    assert sorted(photo._element.xpath("./p:nvPicPr/p:cNvPr/@descr")[0] for photo in photos) == [
        f"Photo {number}" for number in range(8)]
    assert all(0 <= p.left and p.left + p.width <= width and 0 <= p.top and p.top + p.height <= height for p in photos)
    assert len({photo.top for photo in photos}) == 2  # two rows of four
    (whole,) = [shape for shape in slides[4].shapes if shape.shape_type == 13]  # the slide as projected
    assert (whole.left, whole.top, whole.width, whole.height) == (0, 0, width, height)
