"""Bad and hostile input, through the CLI as a speaker runs it.

Every mistake is one located line (`file:line:column: message`, a snippet and a caret where it
helps), exit status 1, no traceback, and the previous dist/ exactly as it was. Then: a build
killed part way loses nothing, and text from the talk's files never runs in the browser.
"""
from __future__ import annotations

import hashlib
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import MINIMAL_SLIDE, MINIMAL_TALK, ROOT, open_offline, refuse_requests, run_build


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
    result = run_build(*args, "--talk", str(talk_dir / "talk.yaml"), "--no-pdf")
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
        ["talk.yaml:65:18: outline[0].slides[2].minutes: Input should be a valid number, "
         "unable to parse string as a number (got 'soon')"]),
    "list expected": (
        "symptoms: [Tickets with solutions]", "symptoms: Tickets with solutions",
        ["talk.yaml:27:15: anti_patterns[0].symptoms: Input should be a valid list (got 'Tickets with solutions')"]),
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
        ["talk.yaml:6:3: event.sponsor: unknown field 'sponsor' (known: name, date, location, slot_minutes, questions_minutes, summary_length, abstract_length)"]),
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
        ["slides/intro.md:3:10: minutes: Input should be a valid number"]),
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
    "Markdown nested too deep": (
        "- another point\n", "- another point\n\n" + "1. " * 3400,
        ["slides/intro.md:6:1: the slide's Markdown nests too deeply to convert; "
         "simplify it (deeply nested lists, hundreds of '[')"]),
    "Markdown too slow to convert": (  # Python-Markdown is quadratic in unclosed '!['
        "- another point\n", "- another point\n\n" + "![" * 9_900,
        ["slides/intro.md:6:1: the slide's Markdown took over 5 s to convert; "
         "simplify it (deeply nested lists, hundreds of '[')"]),
    "control character in the body": (
        "- another point\n", "- another point \x00\n",
        ["slides/intro.md:7:17: control character U+0000 is not allowed; remove it"]),
}


@pytest.mark.parametrize("old, new, expected", SLIDE_CASES.values(), ids=SLIDE_CASES.keys())
def test_mistake_in_a_slide_file_is_located(built, old, new, expected):
    edit(built / "slides" / "intro.md", old, new)
    assert refused(built) == expected


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
    (built / "templates" / "slides").mkdir(parents=True)
    (built / "templates" / "slides" / "pattern.html").write_text(
        '{% extends "engine/slides/pattern.html" %}\n{% block content %}\n{% if %}\n{% endblock %}\n')
    assert refused(built) == ["templates/slides/pattern.html:3:1: template error: Expected an expression, got 'end of statement block'"]


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


# --- bounded: exponential aliases cost neither the memory nor the evening -------------------

LAUGHS = "lol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"lol{i}: &lol{i} [{', '.join([f'*lol{i - 1}'] * 10)}]\n" for i in range(1, 10))
MERGES = "m0: &m0 {k0: 0}\n" + "".join(
    f"m{i}: &m{i} {{<<: [*m{i - 1}, *m{i - 1}], k{i}: {i}}}\n" for i in range(1, 60))


def limited_memory():
    """Run in the child: 1 GiB of address space; a billion laughs would need many times that."""
    limit = 1024 ** 3
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


@pytest.mark.parametrize("bomb, expected", [
    (LAUGHS, "talk.yaml:1:54: lol4[3][3][8][8][8]: more than 50,000 values (aliases expanding without bound?)"),
    (MERGES, "talk.yaml:3:30: m13.k2: more than 50,000 values (aliases expanding without bound?)"),
], ids=["billion laughs", "merge keys"])
def test_exponential_aliases_are_refused_with_bounded_memory(built, bomb, expected):
    (built / "talk.yaml").write_text(bomb)
    before = snapshot(built / "dist")
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--talk", str(built / "talk.yaml"), "--no-pdf"],
                            capture_output=True, text=True, timeout=60, preexec_fn=limited_memory)
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines() == [expected, "1 problem; nothing was written"]
    assert snapshot(built / "dist") == before


# --- nothing lost: a build killed part way -------------------------------------------------

def heavy_talk(folder: Path) -> None:
    """The minimal talk with the engine's theme and script, and 80 MB more in static/: copying it
    keeps the write stage busy for a while."""
    shutil.copytree(ROOT / "static", folder / "static")
    chunk = os.urandom(1 << 20)
    for number in range(80):
        (folder / "static" / f"photo-{number:02d}.bin").write_bytes(chunk[number:] + chunk[:number])


def assert_whole(dist: Path, complete: dict[str, str], speakers: list[str]) -> str:
    """dist/ is one complete build: every file of a complete build, copied files intact, and the
    deck, the programme text and the export all from the same build. Returns that build's speaker."""
    now = snapshot(dist)
    assert set(now) == set(complete)
    for name, digest in complete.items():
        if name.startswith(("static/", "reveal/", "fonts/")):
            assert now[name] == digest, name
    index = (dist / "index.html").read_text()
    assert index.rstrip().endswith("</html>")
    (speaker,) = [name for name in speakers if f'<meta name="author" content="{name}">' in index]
    assert f"Speaker: {speaker}" in (dist / "cfp.md").read_text() or speaker in (dist / "cfp.md").read_text()
    exports = [name for name in now if name.endswith(".html") and "/" not in name and name != "index.html"]
    for export in exports:
        assert speaker in (dist / export).read_text()
    return speaker


def test_build_killed_part_way_leaves_the_previous_deck_whole(built, page):

    heavy_talk(built)
    talk = built / "talk.yaml"
    assert run_build("--talk", str(talk), "--no-pdf").returncode == 0
    complete = snapshot(built / "dist")
    rng = random.Random(7)
    speakers = ["Sam Speaker"]
    kills = mid_write = 0
    last_shown = speakers[0]
    for attempt in range(10):
        speakers.append(f"Speaker Edition {attempt}")
        edit(talk, f"name: {speakers[-2]}", f"name: {speakers[-1]}")
        child = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--talk", str(talk), "--no-pdf"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if attempt % 2:  # at a random moment from the start
            time.sleep(rng.uniform(0.02, 0.8))
        else:  # once it has started writing, a little later
            deadline = time.monotonic() + 30
            while child.poll() is None and not list(built.glob(".dist.building-*")) and time.monotonic() < deadline:
                time.sleep(0.002)
            time.sleep(rng.uniform(0, 0.08))
        writing = bool(list(built.glob(".dist.building-*")))
        if child.poll() is None:
            child.send_signal(signal.SIGKILL)
            kills += 1
            mid_write += writing
        child.wait()
        shown = assert_whole(built / "dist", complete, speakers)
        assert shown in (last_shown, speakers[-1])  # the deck before this build, or this build's
        last_shown = shown
    assert mid_write >= 3, f"only {mid_write} of {kills} kills landed while dist/ was being written"
    # the deck left behind still opens, with reveal.js ready
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    assert open_offline(page, (built / "dist" / "index.html").as_uri()) == []
    assert page.evaluate("Reveal.getTotalSlides()") == 4 and errors == []
    # leftovers of the killed builds do not stop the next one, which clears them
    result = run_build("--talk", str(talk), "--no-pdf")
    assert result.returncode == 0, result.stderr
    assert assert_whole(built / "dist", complete, speakers) == speakers[-1]
    assert [p.name for p in built.iterdir() if p.name.startswith(".dist")] == []


def test_leftover_staging_folder_does_not_break_the_next_build(built):
    stale = built / ".dist.building-999999999"
    (stale / "reveal").mkdir(parents=True)
    (stale / "index.html").write_text("half")
    result = run_build("--talk", str(built / "talk.yaml"), "--no-pdf")
    assert result.returncode == 0, result.stderr
    assert not stale.exists()
    assert (built / "dist" / "index.html").read_text().rstrip().endswith("</html>")


# --- safe to open: text from the talk's files never runs ------------------------------------

def payload(tag: str) -> str:
    """Markup that would run script (and open a dialog) if it reached the page as HTML."""
    return (f"<script>window.pwned='{tag}';alert('{tag}')</script>"
            f"<img src=x onerror=\"window.pwned='{tag}';alert('{tag}')\">"
            f"\"'><svg onload=alert('{tag}')> javascript:alert('{tag}')")


HOSTILE_SLIDE = """\
---
title: "<img src=x onerror=alert('slide-title')>"
minutes: 1
notes: "<script>alert('slide-notes')</script>"
---
<script>window.pwned = 'raw'; alert('raw')</script>

<img src="x" onerror="alert('raw-img')"> <iframe srcdoc="<script>alert('frame')</script>"></iframe>

<a href="javascript:alert('raw-link')">raw link</a>

- [a script link](javascript:alert('md-link'))
- [a mixed-case one](JaVaScRiPt:alert('md-case'))
- [an encoded one](&#106;avascript:alert('md-entity'))
- [a data one](data:text/html,<script>alert('md-data')</script>)
- [a fine one](https://example.org/){: onmouseover="alert('attr-list')" }

A paragraph with an attribute list.
{: onclick="alert('attr-click')" style="color: red" }
"""


def hostile_talk(folder: Path) -> None:
    """The minimal talk with script in every text field and a slide full of raw HTML."""
    import yaml

    talk = yaml.safe_load(MINIMAL_TALK)
    talk["title"] = "<script>alert('title')</script>Talk"
    talk["subtitle"] = payload("subtitle")
    talk["language"] = 'en" onfocus="alert(1)" autofocus x="'
    talk["speaker"].update(name=payload("speaker"), role=payload("role"), bio=payload("bio"))
    talk["event"].update(name=payload("event"), location=payload("location"), date=payload("date"))
    talk["abstract"] = payload("abstract")
    from deck.markup import word_count

    words = talk["summary"].split()
    while word_count(" ".join([payload("summary")] + words)) > 78:  # the programme's 75 to 80 words
        words.pop()
    talk["summary"] = " ".join([payload("summary")] + words)
    talk["takeaways"][0].update(short=payload("short"), text=payload("takeaway"))
    # links must be web addresses (script URLs are refused); the rest of an address is still text
    tricky = "https://example.org/\"><script>alert('link')</script>"
    talk["links"] = {"slides": tricky, "feedback": "https://example.org/'onmouseover='alert(1)",
                     "more": [{"label": payload("label"), "url": tricky + "?q=<img/src=x/onerror=alert(2)>"}]}
    talk["history"] = [{"event": payload("history"), "date": payload("when"), "location": payload("where")}]
    for entry in (*talk["anti_patterns"], *talk["contexts"], *talk["patterns"], *talk["tools"]):
        for field, value in entry.items():
            if field != "id" and isinstance(value, str):
                entry[field] = payload(f"{entry['id']}-{field}")
            elif isinstance(value, list) and field in ("symptoms", "consequences"):
                entry[field] = [payload(f"{entry['id']}-{field}")]
    talk["contexts"][0]["stance"] = {name: payload(name) for name in ("leads", "advises", "co_creates", "mode")}
    talk["outline"][0]["title"] = payload("section")
    for slide in talk["outline"][0]["slides"]:
        if "notes" in slide:
            slide["notes"] = payload("notes") + "\n\n" + payload("notes-2")
    talk["outline"][0]["slides"].append({"kind": "closing", "minutes": 1, "notes": payload("closing"),
                                         "title": payload("closing-title")})
    (folder / "talk.yaml").write_text(yaml.safe_dump(talk, sort_keys=False, allow_unicode=True))
    (folder / "slides" / "intro.md").write_text(HOSTILE_SLIDE)
    shutil.copytree(ROOT / "static", folder / "static")


WATCH_FOR_SCRIPT = """
window.violations = [];
document.addEventListener('securitypolicyviolation',
  e => window.violations.push(e.violatedDirective + ' ' + e.blockedURI));
"""


@pytest.fixture(scope="module")
def hostile_dist(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "slides").mkdir()
    hostile_talk(folder)
    result = run_build("--talk", str(folder / "talk.yaml"), "--no-pdf")
    assert result.returncode == 0, result.stderr
    return folder / "dist"


def html_outputs(dist: Path) -> list[Path]:
    """The presenter deck and the single-file export: both HTML outputs the build writes."""
    pages = sorted(dist.glob("*.html"))
    assert [page.name for page in pages if page.name != "index.html"], "the single-file export is missing"
    return pages


def test_every_html_output_carries_a_content_security_policy(hostile_dist):
    import html
    import re

    for page in html_outputs(hostile_dist):
        policies = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page.read_text())
        assert len(policies) == 1, page.name
        directives = dict((part.split() + [""])[:2] if len(part.split()) < 2 else part.split(None, 1)
                          for part in html.unescape(policies[0]).split(";") if part.strip())
        assert "'unsafe-inline'" not in directives["script-src"] and "'unsafe-eval'" not in directives["script-src"]
        assert directives["object-src"] == "'none'" and directives["base-uri"] == "'none'"
        assert not any(re.search(r"https?:|wss?:|\*", value) for value in directives.values()), directives
        if page.name != "index.html":  # the export forbids every network load, fetches included
            assert directives["default-src"] == "'none'", directives
            assert directives.get("connect-src", "'none'") == "'none'", directives


# Every element on the slide shown that has a box and is not hidden (as Playwright's is_visible()).
SHOWN_ELEMENTS = ("[...document.querySelectorAll('.present *')].filter(e => !e.closest('.diagram-text') && "
                  "e.getBoundingClientRect().width > 0 && e.getBoundingClientRect().height > 0 && "
                  "getComputedStyle(e).visibility !== 'hidden')")


@pytest.mark.parametrize("which", ["index.html", "export"])
def test_script_from_the_talk_never_runs(browser, hostile_dist, which):

    (url,) = [page.as_uri() for page in html_outputs(hostile_dist)
              if (page.name == "index.html") == (which == "index.html")]
    url += "?view=present"  # the export opens in the reading view; each slide is shown in turn here
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    dialogs: list[str] = []
    context.on("page", lambda popup: popup.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss())))
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.add_init_script(WATCH_FOR_SCRIPT)
    try:
        assert open_offline(page, url) == []
        total = page.evaluate("Reveal.getTotalSlides()")
        for index in range(total):  # show every slide, hover and click everything on it
            page.evaluate(f"Reveal.slide({index})")
            page.wait_for_function(f"() => Reveal.getIndices().h === {index}")
            # The mouse goes over the middle of each element shown, as a hand would, and each is
            # clicked (a diagram's text alternative is clipped out of sight: only screen readers
            # reach it; links are checked below, not followed).
            for x, y in page.evaluate(SHOWN_ELEMENTS + ".map(e => e.getBoundingClientRect())"
                                      ".map(box => [box.x + box.width / 2, box.y + box.height / 2])"):
                page.mouse.move(x, y)
            page.evaluate(SHOWN_ELEMENTS + ".filter(e => !e.closest('a')).forEach(e => e.dispatchEvent("
                          "new MouseEvent('click', {bubbles: true, cancelable: true, composed: true})))")
        for link in page.locator("a[href]").all():
            href = link.get_attribute("href")
            assert not href.replace("\t", "").strip().lower().startswith(("javascript:", "data:", "vbscript:")), href
        # the speaker view gets the notes too: open it and let it render them
        with context.expect_page(timeout=10000) as opened:
            page.keyboard.press("s")
        speaker_view = opened.value
        speaker_view.wait_for_load_state()
        # the notes shown, and every picture in the view loaded or failed (an onerror had its turn)
        speaker_view.wait_for_function("() => (document.querySelector('.speaker-controls-notes') || {}).innerText"
                                       "?.includes(\"window.pwned='closing'\") && [...document.images].every(i => i.complete)")
        notes = speaker_view.locator(".speaker-controls-notes").inner_text()
        assert "<script>window.pwned='closing';alert('closing')</script>" in notes  # shown as text
        assert dialogs == []
        assert page.evaluate("window.pwned") is None
        assert page.evaluate("[...document.querySelectorAll('script')].filter(s => !s.src && s.type !== "
                             "'application/json').map(s => s.textContent.slice(0, 60))") == [] or which == "export"
        assert page.evaluate("[...document.querySelectorAll('*')].flatMap(e => [...e.attributes].map(a => a.name))"
                             ".filter(n => n.startsWith('on'))") == []
        assert page.evaluate("window.violations") == []  # escaped, so the policy had nothing to block
        # what was written as HTML in the slide file is on the slide as text
        visible = page.locator("section#intro").inner_text()  # (smarty curls the quotes)
        assert "<script>window.pwned = \u2018raw\u2019; alert(\u2018raw\u2019)</script>" in visible
        assert "<iframe srcdoc=" in visible and "<a href=" in visible
    finally:
        context.close()


def test_the_export_refuses_every_network_load(browser, hostile_dist):
    (export,) = [page for page in html_outputs(hostile_dist) if page.name != "index.html"]
    context = browser.new_context()
    page = context.new_page()
    # requests the policy let through to the network layer
    reached = refuse_requests(page, lambda target: target.startswith("file:"))
    page.add_init_script(WATCH_FOR_SCRIPT)
    try:
        page.goto(export.as_uri())
        page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=15000)
        outcome = page.evaluate("""async () => {
            const img = document.createElement('img'); img.src = 'https://example.org/tracker.png';
            document.body.append(img);
            let fetched = 'loaded';
            try { await fetch('https://example.org/'); } catch (error) { fetched = 'refused'; }
            await new Promise(done => setTimeout(done, 300));
            return fetched;
        }""")
        assert outcome == "refused"
        assert reached == []
        assert any("img-src" in violation for violation in page.evaluate("window.violations"))
    finally:
        context.close()


# --- serve: the built deck only, to this machine only ---------------------------------------

from test_serve import Served, project, save  # noqa: E402,F401  (project: a copy of the real talk)


def listening_on(port: int) -> list[str]:
    """The addresses a socket listens on for port, as the kernel reports them (not as printed)."""
    import ipaddress

    found = []
    for table, size in (("/proc/net/tcp", 4), ("/proc/net/tcp6", 16)):
        for row in Path(table).read_text().splitlines()[1:]:
            local, state = row.split()[1], row.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                raw = bytes.fromhex(address)
                words = b"".join(raw[i:i + 4][::-1] for i in range(0, size, 4))  # little-endian words
                found.append(str(ipaddress.ip_address(words)))
    return found


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads the kernel's socket table (Linux)")
def test_serve_listens_on_the_loopback_address_only(project):
    server = Served(project)
    try:
        assert listening_on(server.port) == ["127.0.0.1"]
    finally:
        server.stop()


HOSTILE_REQUESTS = ["/%00", "/index.html%00.txt", "/..;/talk.yaml", "/%c0%ae%c0%ae/talk.yaml",
                    "/static/%5c..%5c..%5ctalk.yaml", "/%2e%2e%2ftalk.yaml", "/reveal/..%252f..%252ftalk.yaml",
                    "/static/theme/../../../talk.yaml", "http://127.0.0.1/../talk.yaml", "/planted",
                    "/planted-folder/talk.yaml", "/" + "a/" * 3000, "/.dist.building-1/index.html"]


def test_serve_refuses_requests_that_leave_the_deck(project):
    server = Served(project)
    try:
        dist = server.dist
        (dist / "planted").symlink_to(project / "talk.yaml")  # links planted in dist/ lead nowhere
        (dist / "planted-folder").symlink_to(project)
        for path in HOSTILE_REQUESTS:
            status, body = server.get(path)
            assert status in (400, 403, 404), (path, status)
            assert b"slot_minutes" not in body, path
        status, page = server.get("/")
        assert status == 200 and b'<div class="reveal">' in page  # and it is still serving
    finally:
        server.stop()


def test_serve_keeps_the_last_good_deck_when_a_hostile_talk_is_saved(project):
    server = Served(project)
    try:
        status, good = server.get("/")
        assert status == 200
        start = len(server.lines)
        for _ in range(10):  # the watcher starts just after the server: save again until it notices
            save(project / "talk.yaml", LAUGHS)
            time.sleep(0.5)
            if len(server.lines) > start:
                break
        server.wait_for(r"^talk\.yaml:1:54: lol4\[3\]\[3\]\[8\]\[8\]\[8\]: more than 50,000 values", start)
        server.wait_for(r"1 problem; still serving the last good deck", start)
        assert server.process.poll() is None
        status, page = server.get("/")
        assert status == 200 and b'<div class="reveal">' in page
        assert "Traceback" not in "\n".join(server.lines)
    finally:
        server.stop()


def test_serve_refuses_to_replace_the_talk_folder(project):
    before = snapshot(project)
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "serve", "--talk", str(project / "talk.yaml"),
                             "--out", str(project), "--port", "0"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{project}:1:1: output folder is the talk's folder or holds it; the build replaces its output folder whole"]
    assert snapshot(project) == before
