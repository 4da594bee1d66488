"""Pictures sized for their use: the single file carries a photo at the size that covers a
1920x1080 slide, not at the camera's; the deck folder keeps the file whole."""
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
