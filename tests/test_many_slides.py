"""Many slides in one Markdown file, each opened by its own front matter, beside one file per slide."""
from __future__ import annotations

import re

from conftest import run_build

MANY = '''---
title: First of many
minutes: 1
notes: One.
---
- a point

---
title: Second of many
minutes: 1
notes: Two.
hide_title: true
---
```python
x = """
---
title: not a slide
---
"""
```

---

A rule above, not a slide.
---
title: Third
minutes: 0.5
notes: Three.
---
The end.
'''


def test_one_file_holds_several_slides_in_order_located_at_their_own_front_matter(browser, talk_dir):
    (talk_dir / "slides" / "many.md").write_text(MANY)
    talk = talk_dir / "talk.yaml"
    talk.write_text(talk.read_text().replace("- file: slides/intro.md", "- file: slides/many.md"))
    result = run_build("check", "--talk", str(talk))
    assert result.returncode == 0, result.stderr
    assert re.findall(r"^(slides/many\.md:\d+):1: warning: slide (\d) '([^']*)': notes are", result.stderr, re.M) == [
        ("slides/many.md:2", "4", "First of many"), ("slides/many.md:9", "5", "Second of many"),
        ("slides/many.md:26", "6", "Third")]
    assert run_build("--talk", str(talk)).returncode == 0
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.goto((talk_dir / "dist" / "index.html").as_uri())
    page.wait_for_function("() => window.Reveal && Reveal.isReady()")
    shown = page.evaluate("""() => ['many', 'many-2', 'many-3'].map(id => {
        const slide = document.getElementById(id);
        return [slide.querySelector('h2').textContent, slide.querySelector('.stage').innerText.trim()];
    })""")
    page.close()
    assert shown[0] == ["First of many", "a point"]
    assert shown[1][0] == "Second of many" and 'title: not a slide' in shown[1][1] and "A rule above" in shown[1][1]
    assert shown[2] == ["Third", "The end."]
    (talk_dir / "slides" / "many.md").write_text(MANY.replace("minutes: 0.5", "minutes: soon"))
    wrong = run_build("--talk", str(talk))
    assert wrong.returncode == 1 and "slides/many.md:27:10: minutes:" in wrong.stderr, wrong.stderr
