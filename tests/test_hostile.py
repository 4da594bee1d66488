"""Bad and hostile input, through the CLI as a speaker runs it (its main(), in this process, for the
refused builds: what it prints and returns is what a terminal shows; the rest in a process each).

Every mistake is one located line (`file:line:column: message`, a snippet and a caret where it
helps), exit status 1, no traceback, and the previous dist/ exactly as it was. What happens after
a build (a bomb, a kill, script in the talk, serve) is test_hostile_outputs.py's.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import time
from pathlib import Path

import pytest
from PIL import Image

from conftest import MINIMAL_SLIDE, MINIMAL_TALK, build_here, run_build


# --- helpers -------------------------------------------------------------------------------

def snapshot(folder: Path) -> dict[str, str]:
    """Every file under folder by relative path, with a hash of its bytes."""
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def good_dist(tmp_path_factory) -> Path:
    """A real build of the minimal talk, made once: each test starts from a copy of it."""
    folder = tmp_path_factory.mktemp("good")
    (folder / "slides").mkdir()
    (folder / "slides" / "intro.md").write_text(MINIMAL_SLIDE)
    (folder / "talk.yaml").write_text(MINIMAL_TALK)
    result = run_build("--talk", str(folder / "talk.yaml"), "--no-pdf")
    assert result.returncode == 0, result.stderr
    return folder / "dist"


@pytest.fixture
def built(talk_dir, good_dist) -> Path:
    """The minimal talk with a previous good build in its dist/."""
    shutil.copytree(good_dist, talk_dir / "dist")
    return talk_dir


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def refused(talk_dir: Path, *args: str) -> list[str]:
    """Build a broken talk: exit 1, no traceback, dist/ untouched; returns the lines printed."""
    dist = talk_dir / "dist"
    before = snapshot(dist)
    assert before, "the test needs a previous build"
    result = build_here(*args, "--talk", str(talk_dir / "talk.yaml"), "--no-pdf")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    lines = [line for line in result.stderr.splitlines() if ": warning: " not in line]
    count = sum(1 for line in lines if not line.startswith("    ")) - 1
    assert lines[-1] == f"{count} problem{'s' if count != 1 else ''}; nothing was written"
    assert snapshot(dist) == before
    assert [p.name for p in talk_dir.iterdir() if p.name.startswith(".dist")] == []
    return lines[:-1]


# --- every mistake located -----------------------------------------------------------------

TALK_CASES = {
    # YAML syntax: the line the speaker must look at, a snippet and a caret
    "indented too far": (
        "  name: Sam Speaker\n", "  name: Sam Speaker\n   role: Host\n",
        ["talk.yaml:4:8: unexpected ':' here: check this line's indentation, or quote a value that contains ': '",
         "       role: Host",
         "           ^"]),
    "indented too little": (
        "  name: Test Conf\n", "  name: Test Conf\n location: Berlin\n",
        ["talk.yaml:6:2: indentation does not line up with the mapping that starts on line 1, column 1",
         "     location: Berlin",
         "     ^"]),
    "tab": (
        "  name: Sam Speaker", "\tname: Sam Speaker",
        ["talk.yaml:3:1: a tab character: indent with spaces, not tabs",
         "     name: Sam Speaker",
         "    ^"]),
    "unclosed quote": (
        "title: A Small Talk", 'title: "A Small Talk',
        ['talk.yaml:1:8: this " is never closed: add the closing "',
         '    title: "A Small Talk',
         "           ^"]),
    "unclosed bracket": (
        "symptoms: [Tickets with solutions]", "symptoms: [Tickets with solutions",
        ["talk.yaml:27:15: this '[' is not closed: add ']' (found ':' on line 28)",
         "        symptoms: [Tickets with solutions",
         "                  ^"]),
    "missing comma in braces": (
        "{leads: Nobody alone, advises", "{leads: Nobody alone advises",
        ["talk.yaml:35:41: expected ',' or '}' in the '{...}', but found ':'",
         "        stance: {leads: Nobody alone advises: Customers, co_creates: Everyone}",
         "                                            ^"]),
    "missing colon": (
        "abstract: An abstract.", "abstract An abstract.",
        ["talk.yaml:8:1: expected 'key: value' here (no ':' found): check the indentation or add the ':'",
         "    abstract An abstract.",
         "    ^"]),
    "two documents": (
        "abstract: An abstract.\n", "abstract: An abstract.\n---\n",
        ["talk.yaml:9:1: expected a single document in the stream but found another document",
         "    ---",
         "    ^"]),
    # duplicate keys, at the top and nested
    "duplicate key": (
        "slot_minutes: 10\n", "slot_minutes: 10\nslot_minutes: 20\n",
        ["talk.yaml:7:1: slot_minutes: duplicate key 'slot_minutes' (first given on line 6)"]),
    "duplicate nested key": (
        "  name: Sam Speaker\n", "  name: Sam Speaker\n  name: Sam Again\n",
        ["talk.yaml:4:3: speaker.name: duplicate key 'name' (first given on line 3)"]),
    # wrong types, missing fields, unknown fields (nested ones too)
    "number expected": (
        "        minutes: 1\n        notes: The trio.", "        minutes: soon\n        notes: The trio.",
        ["talk.yaml:65:18: outline[0].slides[2].minutes: expected a number (got 'soon')"]),
    "list expected": (
        "symptoms: [Tickets with solutions]", "symptoms: Tickets with solutions",
        ["talk.yaml:27:15: anti_patterns[0].symptoms: expected a list (got 'Tickets with solutions')"]),
    "mapping expected": (
        "speaker:\n  name: Sam Speaker", "speaker: Sam Speaker",
        ["talk.yaml:2:10: speaker: expected a mapping of fields ('name: value' lines) (got 'Sam Speaker')"]),
    "choice expected": (
        "slot_minutes: 10\n", "slot_minutes: 10\ntheme: blue\n",
        ["talk.yaml:7:8: theme: expected 'light' or 'dark' (got 'blue')"]),
    "missing title": (
        "title: A Small Talk\n", "",
        ["talk.yaml:1:1: missing required field 'title'"]),
    "missing nested field": (
        "    short: Spot them\n", "",
        ["talk.yaml:17:5: takeaways[0]: missing required field 'short'"]),
    "unknown top-level field": (
        "questions_minutes: 2", "question_minutes: 2",
        ["talk.yaml:7:1: question_minutes: unknown field 'question_minutes'; did you mean 'questions_minutes'?"]),
    "unknown field in a slide": (
        "        minutes: 1\n        notes: The trio.", "        minuts: 1\n        notes: The trio.",
        ["talk.yaml:65:9: outline[0].slides[2].minuts: unknown field 'minuts'; did you mean 'minutes'?"]),
    "unknown field in a flow mapping": (
        "stance: {leads:", "stance: {lead:",
        ["talk.yaml:35:14: contexts[0].stance.lead: unknown field 'lead'; did you mean 'leads'?"]),
    "unknown field in a list of links": (
        "  feedback: https://example.org/feedback\n",
        "  feedback: https://example.org/feedback\n  more:\n    - lable: Reading\n      url: https://example.org/more\n",
        ["talk.yaml:24:7: links.more[0].lable: unknown field 'lable'; did you mean 'label'?"]),
    "unknown field, nothing near": (
        "  name: Test Conf\n", "  name: Test Conf\n  sponsor: Acme\n",
        ["talk.yaml:6:3: event.sponsor: unknown field 'sponsor' (known: name, date, location, slot_minutes, questions_minutes, summary_length, abstract_length, rules)"]),
    # ids and cross-references
    "malformed id": (
        "  - id: tree", "  - id: Opportunity Tree",
        ["talk.yaml:45:9: tools[0].id: ids are lower-case words joined by hyphens, e.g. 'first-steps' "
         "(got 'Opportunity Tree')"]),
    "duplicate id": (
        "  - id: tree", "  - id: order-giver",
        ["talk.yaml:45:9: tools[0].id: duplicate id 'order-giver' (already used by anti_patterns[0])"]),
    "unknown remedy": (
        "remedies: [product-trio]", "remedies: [product-trio, tree, trio]",
        ["talk.yaml:29:36: anti_patterns[0].remedies[2]: unknown pattern 'trio' (known: tree, product-trio)"]),
    "unknown context": (
        "contexts: [new-market]", "contexts: [old-market]",
        ["talk.yaml:41:16: patterns[0].contexts[0]: unknown context 'old-market' (known: new-market)"]),
    "unknown supported pattern": (
        "supports: [product-trio]", "supports: [product-duo]",
        ["talk.yaml:48:16: tools[0].supports[0]: unknown pattern 'product-duo' (known: product-trio)"]),
    "unknown slide ref": (
        "ref: order-giver", "ref: order-taker",
        ["talk.yaml:59:14: outline[0].slides[1].ref: unknown anti-pattern 'order-taker' (known: order-giver)"]),
    "unknown takeaway": (
        "delivers: spot", "delivers: spotting",
        ["talk.yaml:61:19: outline[0].slides[1].delivers: unknown takeaway 'spotting' (known: spot)"]),
    "questions fill the slot": (
        "questions_minutes: 2", "questions_minutes: 10",
        ["talk.yaml:7:20: questions_minutes: 10 minutes of questions leave no time for slides in a 10-minute slot"]),
    # YAML features that would build something other than plain data
    "python object tag": (
        "slot_minutes: 10", "slot_minutes: !!python/object/apply:os.system [echo hi]",
        ["talk.yaml:6:15: slot_minutes: tag 'tag:yaml.org,2002:python/object/apply:os.system' "
         "is not used in a talk file; remove it"]),
    "impossible date": (
        "  name: Test Conf\n", "  name: Test Conf\n  date: 2026-13-45\n  location: !!int Berlin\n",
        ["talk.yaml:7:13: event.location: 'Berlin' is not a valid int"]),
    "integer too long": (
        "slot_minutes: 10", "slot_minutes: " + "9" * 5000,
        ["talk.yaml:6:15: slot_minutes: '9999999999999999999999999999999999999...' is not a valid int"]),
    "alias containing itself": (
        "abstract: An abstract.", "abstract: &loop [*loop]",
        ["talk.yaml:8:11: abstract[0]: an alias refers to the value that contains it"]),
    "nested too deep": (
        "abstract: An abstract.", "abstract: " + "[" * 40 + "]" * 40,
        ["talk.yaml:8:42: nested more than 32 levels deep; no talk needs that",
         "    abstract: " + "[" * 40 + "]" * 40,
         "    " + " " * 41 + "^"]),
    "control character": (
        "title: A Small Talk", "title: A Small \x1b[2J Talk",
        ["talk.yaml:1:16: control character U+001B is not allowed; remove it"]),
    "terminal escapes in a key are printed escaped": (
        "slot_minutes: 10\n", 'slot_minutes: 10\n"\\e[31mred\\nline": 1\n',
        ["talk.yaml:7:1: \\x1b[31mred\\x0aline: control character U+001B (written as an escape) is not allowed; "
         "remove it"]),
    # links become href attributes and QR codes: script URLs are refused, located
    "javascript link": (
        "  feedback: https://example.org/feedback\n",
        "  feedback: https://example.org/feedback\n  more:\n    - label: Reading\n      url: JavaScript:alert(1)\n",
        ["talk.yaml:25:12: links.more[0].url: expected a web address (https://...) or mailto:, got 'JavaScript:alert(1)'"]),
    "javascript link split by a tab": (
        "slides: https://example.org/slides", 'slides: "java\\tscript:alert(document.domain)"',
        ["talk.yaml:21:11: links.slides: expected a web address starting with https:// (it becomes a QR code), "
         "got 'java\\tscript:alert(document.domain)'"]),
    "control character inside a link": (
        "feedback: https://example.org/feedback", 'feedback: "https://example.org/\\x01feedback"',
        ["talk.yaml:22:13: links.feedback: control character U+0001 (written as an escape) is not allowed; "
         "remove it"]),
    "data URL link": (
        "feedback: https://example.org/feedback", "feedback: data:text/html,<script>alert(1)</script>",
        ["talk.yaml:22:13: links.feedback: expected a web address starting with https:// (it becomes a QR code), "
         "got 'data:text/html,<script>alert(1)</script>'"]),
    # paths that leave the talk's folder
    "slide path escaping": (
        "- file: slides/intro.md", "- file: ../../etc/passwd",
        ["talk.yaml:67:15: outline[0].slides[3].file: '../../etc/passwd' is outside the talk's folder; "
         "name a file under slides/"]),
    "absolute slide path": (
        "- file: slides/intro.md", "- file: /etc/passwd",
        ["talk.yaml:67:15: outline[0].slides[3].file: '/etc/passwd' is outside the talk's folder; "
         "name a file under slides/"]),
    "missing slide file": (
        "- file: slides/intro.md", "- file: slides/outro.md",
        ["talk.yaml:67:15: outline[0].slides[3].file: slide file 'slides/outro.md' not found"]),
    "empty slide path": (
        "- file: slides/intro.md", '- file: ""',
        ["talk.yaml:67:15: outline[0].slides[3].file: slide file path is empty; name a file"]),
    "title too long": (
        "title: A Small Talk", "title: " + "A Very Small Talk " * 10,
        ["talk.yaml:1:8: title: the title is 179 characters; the limit is 150 (it names the exported files)"]),
    "slide path too long": (
        "- file: slides/intro.md", "- file: slides/" + "a" * 300 + ".md",
        ["talk.yaml:67:15: outline[0].slides[3].file: slide file path is 310 characters long; the limit is 255"]),
}


@pytest.mark.parametrize("old, new, expected", TALK_CASES.values(), ids=TALK_CASES.keys())
def test_mistake_in_talk_yaml_is_located(built, old, new, expected):
    edit(built / "talk.yaml", old, new)
    assert refused(built) == expected


SLIDE_CASES = {
    "no front matter": (
        "---\ntitle: Intro\n", "title: Intro\n",
        ["slides/intro.md:1:1: a slide file starts with front matter: a '---' line, then title, minutes and "
         "notes, then '---'"]),
    "front matter not closed": (
        "notes: A few words about the intro.\n---\n", "notes: A few words about the intro.\n",
        ["slides/intro.md:1:1: front matter is not closed: add a '---' line after it"]),
    "front matter empty": (
        "title: Intro\nminutes: 1\nnotes: A few words about the intro.\n", "",
        ["slides/intro.md:2:1: front matter is empty"]),
    "front matter a list": (
        "title: Intro\nminutes: 1\nnotes: A few words about the intro.\n", "- title\n- minutes\n",
        ["slides/intro.md:2:1: front matter must be a mapping of title, minutes, notes"]),
    "front matter tab": (
        "minutes: 1\n", "minutes: 1\n\tlayout: centered\n",
        ["slides/intro.md:4:1: a tab character: indent with spaces, not tabs",
         "     layout: centered",
         "    ^"]),
    "front matter unknown field": (
        "title: Intro", "titel: Intro",
        ["slides/intro.md:2:1: titel: unknown field 'titel'; did you mean 'title'?"]),
    "front matter wrong type": (
        "minutes: 1", "minutes: [1]",
        ["slides/intro.md:3:10: minutes: expected a number"]),
    "front matter unknown takeaway": (
        "minutes: 1\n", "minutes: 1\ndelivers: nothing-here\n",
        ["slides/intro.md:4:11: delivers: unknown takeaway 'nothing-here' (known: spot)"]),
    "image missing": (
        "- another point\n", "- another point\n\n![A map](../static/map.png)\n",
        ["slides/intro.md:9:1: image '../static/map.png' not found"]),
    "image outside static": (
        "- another point\n", "- another point\n\n![The password file](../../../../../../etc/passwd)\n",
        ["slides/intro.md:9:1: image '../../../../../../etc/passwd' must be a file under static/"]),
    "image escaping through percent-encoding": (
        "- another point\n", "- another point\n\n![The talk](../static/%2e%2e/talk.yaml)\n",
        ["slides/intro.md:9:1: image '../static/%2e%2e/talk.yaml' must be a file under static/"]),
    "image absolute": (
        "- another point\n", "- another point\n\n![A map](/etc/passwd)\n",
        ["slides/intro.md:9:1: image '/etc/passwd' must be a file under static/"]),
    "image from the network": (
        "- another point\n", "- another point\n\n![A map](https://example.org/map.png)\n",
        ["slides/intro.md:9:1: image 'https://example.org/map.png' would load from the network; save it under static/"]),
    "image protocol-relative": (
        "- another point\n", "- another point\n\n![A map](//example.org/map.png)\n",
        ["slides/intro.md:9:1: image '//example.org/map.png' must be a file under static/"]),
    "Markdown too long": (
        "- another point\n", "- another point\n\n" + "Words. " * 3000,
        ["slides/intro.md:6:1: the slide's Markdown is 21,029 characters; the limit is 20,000 (split it)"]),
    # Nesting is measured by the engine before converting (deck/source.py), whatever the Markdown
    # library's own recursion limit or speed: these are refused with any release of it.
    "Markdown lists nested too deep": (
        "- another point\n", "- another point\n\n" + "1. " * 3400,
        ["slides/intro.md:9:1: the slide's Markdown nests 3,400 levels deep; the limit is 24 "
         "(deeply nested lists or quotes, hundreds of '[')"]),
    "Markdown quotes nested too deep": (
        "- another point\n", "- another point\n\n" + "> " * 25 + "deep\n",
        ["slides/intro.md:9:1: the slide's Markdown nests 25 levels deep; the limit is 24 "
         "(deeply nested lists or quotes, hundreds of '[')"]),
    "Markdown brackets nested too deep": (  # Python-Markdown was quadratic in unclosed '!['
        "- another point\n", "- another point\n\n" + "![" * 9_900,
        ["slides/intro.md:9:1: the slide's Markdown nests 9,900 levels deep; the limit is 24 "
         "(deeply nested lists or quotes, hundreds of '[')"]),
    "control character in the body": (
        "- another point\n", "- another point \x00\n",
        ["slides/intro.md:7:17: control character U+0000 is not allowed; remove it"]),
}


@pytest.mark.parametrize("old, new, expected", SLIDE_CASES.values(), ids=SLIDE_CASES.keys())
def test_mistake_in_a_slide_file_is_located(built, old, new, expected):
    edit(built / "slides" / "intro.md", old, new)
    assert refused(built) == expected


def test_markdown_nested_within_the_limit_builds(built):
    """Under the engine's own limit a slide converts, however the library would fare deeper."""
    edit(built / "slides" / "intro.md", "- another point\n",
         "- another point\n\n" + "> " * 24 + "[deep [link](https://example.com)]\n")
    result = build_here("--talk", str(built / "talk.yaml"))
    assert result.returncode == 0, result.stderr
    assert '<a href="https://example.com">link</a>' in (built / "dist" / "index.html").read_text()


def _converter_that_never_ends(text, steps=False, pictures=None):
    while True:  # a conversion stuck in a loop, as a pathological input makes one; the deadline ends it
        time.sleep(0.01)


def test_markdown_too_slow_to_convert_is_stopped_and_located(built, monkeypatch):
    """The time limit is the engine's (SIGALRM), exercised with a converter made slow on purpose:
    whatever input a future library is slow on, the build stops it and says where."""
    import deck.load
    import deck.slide_markdown

    monkeypatch.setattr(deck.load, "MARKDOWN_SECONDS", 0.3)
    monkeypatch.setattr(deck.slide_markdown, "convert", _converter_that_never_ends)
    edit(built / "slides" / "intro.md", "- another point\n", "- another point, slowly\n")
    assert refused(built) == ["slides/intro.md:6:1: the slide's Markdown took over 0.3 s to convert; "
                              "simplify it (deeply nested lists, hundreds of '[')"]


def test_after_a_conversion_stopped_part_way_the_next_build_converts_whole(built):
    """serve builds again and again in one process: a conversion stopped part-way must leave
    nothing behind. It used to: the next slide's picture came out as its Markdown text. Stopped
    here by the engine's own deadline inside the library's conversion, in its last tree step."""
    import deck.load
    import deck.slide_markdown

    def stuck(self, root):
        _converter_that_never_ends("")

    edit(built / "slides" / "intro.md", "- another point\n", "- another point, stopped half-way\n")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(deck.load, "MARKDOWN_SECONDS", 0.3)
        patch.setattr(deck.slide_markdown._Pictures, "run", stuck)
        assert refused(built)[0].startswith("slides/intro.md:6:1: the slide's Markdown took over 0.3 s")
    (built / "static").mkdir(exist_ok=True)
    Image.new("RGB", (16, 9), (20, 160, 20)).save(built / "static" / "map.png")
    (built / "slides" / "intro.md").write_text(MINIMAL_SLIDE.replace("- one point\n- another point\n",
                                                                     "![A map](../static/map.png)\n"))
    result = build_here("--talk", str(built / "talk.yaml"), "--no-pdf")
    assert result.returncode == 0, result.stderr
    assert '<img alt="A map" src="static/map.png"' in (built / "dist" / "index.html").read_text()


FILE_CASES = {
    "empty": (b"", ["talk.yaml:1:1: file is empty"]),
    "only comments": (b"# nothing yet\n\n", ["talk.yaml:1:1: file is empty"]),
    "not UTF-8": (MINIMAL_TALK.encode().replace(b"A Small Talk", b"A Sm\xe4ll Talk"),
                  ["talk.yaml:1:12: not UTF-8: byte 0xe4 (save it as UTF-8)"]),
    "UTF-16": (MINIMAL_TALK.encode("utf-16"), ["talk.yaml:1:1: not UTF-8: byte 0xff (saved as UTF-16?)"]),
    "a list at the top": (b"- title: A Small Talk\n",
                          ["talk.yaml:1:1: the talk file must be a mapping of fields (title, speaker, outline ...)"]),
    "a scalar at the top": (b"A Small Talk\n",
                            ["talk.yaml:1:1: the talk file must be a mapping of fields (title, speaker, outline ...)"]),
    "over the size limit": (MINIMAL_TALK.encode() + b"#" * 1_000_000 + b"\n",
                            [f"talk.yaml:1:1: file is {len(MINIMAL_TALK) + 1_000_001:,} bytes; the limit is 1,000,000"]),
}


@pytest.mark.parametrize("content, expected", FILE_CASES.values(), ids=FILE_CASES.keys())
def test_unreadable_talk_file_is_located(built, content, expected):
    (built / "talk.yaml").write_bytes(content)
    assert refused(built) == expected


def test_byte_order_mark_is_accepted(talk_dir):
    (talk_dir / "talk.yaml").write_bytes(b"\xef\xbb\xbf" + MINIMAL_TALK.encode())
    (talk_dir / "slides" / "intro.md").write_bytes(b"\xef\xbb\xbf" + MINIMAL_SLIDE.encode())
    result = run_build("check", "--talk", str(talk_dir / "talk.yaml"))
    assert result.returncode == 0, result.stderr


def test_slide_file_over_the_size_limit(built):
    (built / "slides" / "intro.md").write_text(MINIMAL_SLIDE + "word " * 250_000)
    size = len(MINIMAL_SLIDE) + 1_250_000
    assert refused(built) == [f"slides/intro.md:1:1: file is {size:,} bytes; the limit is 1,000,000"]


def test_missing_talk_file(built):
    (built / "talk.yaml").unlink()
    assert refused(built) == ["talk.yaml:1:1: file not found"]


def test_symbolic_links_out_of_the_talk_are_refused(built, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    (outside / "secret.md").write_text(MINIMAL_SLIDE)
    (outside / "secret.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (built / "slides" / "intro.md").unlink()
    (built / "slides" / "intro.md").symlink_to(outside / "secret.md")
    (built / "static").mkdir()
    (built / "static" / "copied.png").symlink_to(outside / "secret.png")
    (built / "slides" / "loop.md").symlink_to(built / "slides" / "loop.md")
    edit(built / "talk.yaml", "- file: slides/intro.md", "- file: slides/intro.md\n      - file: slides/loop.md")
    assert refused(built) == [
        "static/copied.png:1:1: a symbolic link to outside the talk's folder; copy the file into static/ instead",
        "talk.yaml:67:15: outline[0].slides[3].file: 'slides/intro.md' leads outside the talk's folder through a "
        "symbolic link; name a file under slides/",
        "talk.yaml:68:15: outline[0].slides[4].file: slide file 'slides/loop.md' not found",
    ]


def test_image_through_a_symbolic_link_out_of_static_is_refused(built, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    (outside / "secret.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (built / "static").mkdir()
    (built / "static" / "maps").symlink_to(outside)
    edit(built / "slides" / "intro.md", "- another point\n", "- another point\n\n![A map](../static/maps/secret.png)\n")
    assert refused(built) == [
        "slides/intro.md:9:1: image '../static/maps/secret.png' must be a file under static/",
        "static/maps:1:1: a symbolic link to outside the talk's folder; copy the file into static/ instead",
    ]


def test_image_name_written_percent_encoded_is_found(talk_dir):
    (talk_dir / "static").mkdir()
    from test_stranger import png

    (talk_dir / "static" / "my map.png").write_bytes(png())
    edit(talk_dir / "slides" / "intro.md", "- another point\n", "- another point\n\n![A map](../static/my%20map.png)\n")
    result = run_build("--talk", str(talk_dir / "talk.yaml"), "--no-pdf")
    assert result.returncode == 0, result.stderr
    assert '<img alt="A map" src="static/my%20map.png">' in (talk_dir / "dist" / "index.html").read_text()


def test_template_syntax_error_names_the_template_file_and_line(built):
    """The file and line are the engine's; the words after 'template error:' are Jinja's own, as this
    Jinja release says them."""
    import jinja2

    template = '{% extends "engine/slides/pattern.html" %}\n{% block content %}\n{% if %}\n{% endblock %}\n'
    (built / "templates" / "slides").mkdir(parents=True)
    (built / "templates" / "slides" / "pattern.html").write_text(template)
    with pytest.raises(jinja2.TemplateSyntaxError) as jinja_says:
        jinja2.Environment().parse(template)
    assert refused(built) == [f"templates/slides/pattern.html:3:1: template error: {jinja_says.value.message}"]


@pytest.mark.parametrize("out", [".", "slides", "static", "templates/x", "notes", "talk.yaml"])
def test_output_folder_that_would_replace_the_talk_is_refused(built, out):
    (built / "static").mkdir()
    (built / "notes").mkdir()
    (built / "notes" / "keep.txt").write_text("mine")
    before = snapshot(built)
    result = run_build("--talk", str(built / "talk.yaml"), "--out", str(built / out), "--no-pdf")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    (problem,) = [line for line in result.stderr.splitlines() if "output folder" in line]
    assert problem.startswith(f"{built / out}:1:1: output folder ")
    assert snapshot(built) == before


def test_debug_shows_a_traceback_for_hostile_input(talk_dir):
    edit(talk_dir / "talk.yaml", "abstract: An abstract.", "abstract: &loop [*loop]")
    result = run_build("check", "--talk", str(talk_dir / "talk.yaml"), "--debug")
    assert result.returncode == 1
    assert "Traceback" in result.stderr and "an alias refers to the value that contains it" in result.stderr
