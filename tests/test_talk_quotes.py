"""Every line said aloud on a slide (each anti-pattern's quote on its root's slide, the cold open's question, the myth,
Box's line), as the room reads it at 1920x1080: no word left alone on a line of its own."""

from __future__ import annotations

from test_talk_look import opened

# Each line of every projected quote, as Chromium breaks it: the words, grouped by their line's top.
LINES = """(() => {
  const out = [];
  const sections = [...document.querySelectorAll('.reveal .slides > section')];
  for (const e of document.querySelectorAll('.reveal .slides .said')) {
    const sec = e.closest('.slides > section');
    if (getComputedStyle(e).display === 'none' || e.closest('.reader-only')) continue;
    Reveal.slide(sections.indexOf(sec), 0, 99);
    const words = [], walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
    let n; while ((n = walker.nextNode())) { const re = /\\S+/g; let m;
      while ((m = re.exec(n.data))) { const r = document.createRange(); r.setStart(n, m.index); r.setEnd(n, m.index + m[0].length);
        const b = r.getClientRects()[0]; if (b) words.push([m[0], Math.round(b.top)]); } }
    const lines = []; for (const [w, t] of words) { const l = lines.find(x => Math.abs(x.t - t) < 10); l ? l.w.push(w) : lines.push({t, w: [w]}); }
    out.push([sec.id, e.className, lines.map(l => l.w)]);
  }
  return out;
})()"""


def test_no_quote_leaves_a_word_alone_on_a_line(browser, built_talk):
    context, page = opened(browser, built_talk, "cold-open")
    seen = page.evaluate(LINES)
    context.close()
    quotes = [(anchor, lines) for anchor, css, lines in seen if "cost" not in css and "datum" not in css]
    # The six anti-patterns' quotes (three roots' columns), the cold open, the myth and Box's line are all measured.
    assert len([css for _, css, _ in seen if "symptom-quote" in css]) == 6 and len(quotes) >= 9, seen
    lonely = [(anchor, lines) for anchor, lines in quotes if len(lines) > 1 and min(map(len, lines)) < 2]
    assert not lonely, lonely
    # The one that broke before: "understand" alone between its two halves.
    alone = [lines for anchor, lines in quotes if anchor == "who-meets-users"]
    assert len(alone) == 1 and ["understand"] not in alone[0], alone
