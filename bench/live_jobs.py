"""The jobs in front of an audience: serve's rebuild after an edit, Reveal ready, the phone remote.

Each runs ours live (`build.py serve`, a page opened in Chromium) rather than timing a command:
serve's own log says how long a rebuild took from the file event, the page stamps
`performance.now()` at reveal's ready event, and the phone page and the deck stamp `Date.now()`
in one browser, so both ends read one clock.
"""
from __future__ import annotations

import re
import statistics
import time
from pathlib import Path

import install
import measure
import session

SERVING = r"serving (http://\S+)"


def _edited_slide(text: str) -> str:
    """The slide file with a word added to the last line of its body: one slide changes."""
    lines = text.splitlines(keepends=True)
    last = max(index for index, line in enumerate(lines) if line.strip())
    lines[last] = lines[last].rstrip("\n") + " Edited.\n"
    return "".join(lines)


def _edited_notes(text: str) -> str:
    """talk.yaml with a word added to the first slide's notes in the outline."""
    lines = text.splitlines(keepends=True)
    start = next(index for index, line in enumerate(lines) if line.startswith("outline:"))
    notes = next(index for index in range(start, len(lines)) if re.match(r"^\s+notes: [|>]", lines[index]))
    lines[notes + 1] = lines[notes + 1].rstrip("\n") + " Edited.\n"
    return "".join(lines)


def serve(s: session.Session) -> None:
    """`build.py serve` on the 40-slide talk: one slide edited, event to reload message, from its log."""
    if not s.has_serve:
        s.report.notes.append("build.py has no 'serve' command yet: serve rebuild not measured")
        return
    w = s.w40
    out = (install.WORK / "out" / "serve-40").resolve()
    events: dict[str, list[float]] = {"slides/*.md": [], "talk.yaml": []}
    rebuilds: dict[str, list[float]] = {"slides/*.md": [], "talk.yaml": []}
    rebuilt = re.compile(r"rebuilt in (\d+) ms \((\d+) ms from the file event")
    argv = [install.PYTHON, str(install.BUILD), "serve", "--talk", str(w.talk), "--out", str(out),
            "--port", str(measure.free_port())]
    with measure.serving(argv, {"deck": SERVING}) as served:
        if not served.started:
            s.report.notes.append("serve did not start: " + " | ".join(served.lines[-3:]))
            return
        # A slide file the talk shows: the grown talk leaves some cloned files out when it trims to 40.
        shown = re.search(r"^\s*- file: (\S+\.md)\s*$", w.talk.read_text(encoding="utf-8"), re.MULTILINE)
        slide = w.folder / shown.group(1)
        original_slide = slide.read_text(encoding="utf-8")
        original_talk = w.talk.read_text(encoding="utf-8")
        edits = {"slides/*.md": (slide, original_slide, _edited_slide(original_slide)),
                 "talk.yaml": (w.talk, original_talk, _edited_notes(original_talk))}
        for number in range(s.runs + 1):
            for kind, (path, original, edited) in edits.items():
                with served.seen:
                    start = len(served.lines)
                path.write_text(edited if number % 2 == 0 else original, encoding="utf-8")
                found = served.next_match(rebuilt, start)
                if found and number > 0:  # the first edit of each is the warm-up
                    rebuilds[kind].append(int(found.group(1)) / 1000)
                    events[kind].append(int(found.group(2)) / 1000)
                time.sleep(0.3)  # let the watcher settle before the next save
        slide.write_text(original_slide, encoding="utf-8")
        w.talk.write_text(original_talk, encoding="utf-8")
    for kind in events:
        if not events[kind]:
            s.report.rows.append(measure.Row("serve rebuild, 40", f"ours: edit {kind}", "not measured",
                                             goal="< 50 ms", met="n/a", note=" | ".join(served.lines[-2:])[:160]))
            continue
        median = statistics.median(events[kind])
        s.report.rows.append(measure.Row("serve rebuild, 40", f"ours: edit one slide in {kind}",
                                         f"{measure.seconds(median)} (n={len(events[kind])})", goal="< 50 ms",
                                         met=measure.verdict(median < 0.05),
                                         note=f"file event to reload message; the rebuild alone "
                                              f"{measure.seconds(statistics.median(rebuilds[kind]))}"))
        s.report.facts[f"serve/{kind}"] = {"event_to_reload": events[kind], "rebuild": rebuilds[kind]}


def remote(s: session.Session) -> None:
    """`serve --remote`: a press on the phone page to the deck moved and the speaker view's notes changed.

    Both ends stamp Date.now() in the same browser (one clock): the phone as the button is
    pressed, the deck at reveal's slidechanged, the speaker view when its notes change.
    """
    if not s.browser or "--remote" not in s.help_text:
        s.report.notes.append("no browser or no 'serve --remote': phone remote not measured")
        return
    from playwright.sync_api import sync_playwright

    argv = [install.PYTHON, str(install.BUILD), "serve", "--remote", "--talk", str(s.real.talk),
            "--port", str(measure.free_port())]
    moved: dict[str, list[float]] = {"deck": [], "speaker view": []}
    with measure.serving(argv, {"phone": r"phone remote: (http://\S+/)", "deck": SERVING}) as served:
        if not served.started:
            s.report.notes.append("serve --remote did not start: phone remote not measured")
            return
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=s.browser, args=install.CHROMIUM_ARGS)
            try:
                laptop = browser.new_context(viewport={"width": 1280, "height": 720})
                deck = laptop.new_page()
                deck.goto(served.found["deck"])
                deck.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=20000)
                deck.evaluate("() => Reveal.on('slidechanged', () => { window.movedAt = Date.now(); })")
                with laptop.expect_page() as popup:
                    deck.keyboard.press("s")
                speaker = popup.value
                speaker.wait_for_selector("#deck-clock-pause", timeout=20000)
                speaker.wait_for_timeout(1000)
                speaker.evaluate("""() => new MutationObserver(() => { window.notesAt = Date.now(); })
                    .observe(document.querySelector('.speaker-controls-notes .value'), {childList: true})""")
                phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                            has_touch=True).new_page()
                phone.goto(served.found["phone"])
                phone.wait_for_function("() => document.getElementById('title').textContent !== ''", timeout=20000)
                for number in range(2 * (s.runs + 1)):
                    to = "#next" if number % 2 == 0 else "#previous"
                    before = deck.evaluate("Reveal.getIndices().h")
                    pressed = phone.evaluate(f"() => {{ const at = Date.now(); "
                                             f"document.querySelector('{to}').click(); return at; }}")
                    deck.wait_for_function("before => Reveal.getIndices().h !== before", arg=before, timeout=10000)
                    speaker.wait_for_function("at => window.notesAt >= at", arg=pressed, timeout=10000)
                    if number > 1:  # the first press each way is the warm-up
                        moved["deck"].append((deck.evaluate("window.movedAt") - pressed) / 1000)
                        moved["speaker view"].append((speaker.evaluate("window.notesAt") - pressed) / 1000)
                    deck.wait_for_timeout(400)  # a presenter's pace, not a burst
            finally:
                browser.close()
    for where, times in moved.items():
        median = statistics.median(times) if times else None
        s.report.rows.append(measure.Row("phone remote", f"ours: press to {where} moved",
                                         f"{measure.seconds(median)} (n={len(times)}, max {measure.seconds(max(times))})"
                                         if times else "not measured", goal="< 300 ms",
                                         met=measure.verdict(median is not None and max(times) < 0.3)))
        s.report.facts[f"remote/{where}"] = times


def ready(s: session.Session) -> None:
    """Reveal ready, in ms from navigation start, for a page opened from file:// in Chromium."""
    if not s.browser:
        s.report.notes.append("no Chromium: Reveal ready not measured")
        return
    from playwright.sync_api import sync_playwright

    pages: list[tuple[str, Path, bool]] = []
    single = s.single_file_of(s.built(s.real))
    if single:
        pages.append((f"ours: single file ({s.real.label})", single, True))
    pages.append((f"ours: dist/index.html ({s.real.label})", s.real.out / "index.html", True))
    single40 = s.single_file_of(s.built(s.w40))
    if single40:
        pages.append((f"ours: single file ({s.w40.label})", single40, True))
    out = s.w40.peer_out
    for tool, path in (("pandoc --embed-resources (40)", out / "pandoc-embedded.html"),
                       ("reveal-md --static (40)", out / "reveal-md" / "reveal-md.html")):
        if path.is_file():
            pages.append((tool, path, False))
    script = "document.addEventListener('ready', () => { window.__readyAt = performance.now(); }, true);"
    results: dict[str, list[float]] = {tool: [] for tool, _, _ in pages}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=s.browser, args=install.CHROMIUM_ARGS)
        try:
            for number in range(s.runs + 1):
                for tool, path, _ in pages:
                    context = browser.new_context(viewport={"width": 1280, "height": 720})
                    context.add_init_script(script)
                    page = context.new_page()
                    try:
                        page.goto(path.resolve().as_uri())
                        page.wait_for_function("window.__readyAt !== undefined", timeout=20000)
                        if number > 0:
                            results[tool].append(page.evaluate("window.__readyAt") / 1000)
                    except Exception as error:  # a peer page that never gets ready is a result too
                        s.report.notes.append(f"{tool}: Reveal not ready ({type(error).__name__})")
                    finally:
                        context.close()
        finally:
            browser.close()
    for tool, path, ours in pages:
        times = results[tool]
        median = statistics.median(times) if times else None
        s.report.rows.append(measure.Row("Reveal ready from file://", tool,
                                         f"{measure.seconds(median)} (n={len(times)})" if median else "failed",
                                         goal="< 500 ms" if ours else "",
                                         met=measure.verdict(median is not None and median < 0.5) if ours else ""))
        s.report.facts[f"ready/{tool}"] = times
