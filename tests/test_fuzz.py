"""Fuzzed input: whatever the talk's files hold, the build ends in a deck or in located problems.

Three sources of input: talks generated from the model's shape (ids that collide or dangle, wrong
types, odd numbers, odd text), mutated copies of the real talk.yaml (lines deleted or
duplicated, indentation changed, truncated, scalars replaced) and of one of its slide files. For each, build.main() runs in
this process and must return 0 or 1 - never raise - with every problem printed as
`file:line:column: ...`, within a deadline, and dist/ must be either the previous build
untouched or a whole new one. Derandomized, so CI sees the same examples every run
(FUZZ_EXAMPLES=N explores N fresh ones instead).
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import MINIMAL_SLIDE, ROOT, build_here

# CI runs the same 150 examples each time; FUZZ_EXAMPLES=5000 explores further with fresh ones.
EXPLORE = int(os.environ.get("FUZZ_EXAMPLES", "0"))
FUZZ = settings(max_examples=EXPLORE or 150, deadline=timedelta(seconds=10), derandomize=not EXPLORE,
                database=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
LOCATED = re.compile(r"^[^:\s][^:]*:\d+:\d+: ")
SUMMARY = re.compile(r"^\d+ problems?; nothing was written$")


def snapshot(folder: Path) -> dict[str, str]:
    if not folder.exists():
        return {}
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def run(talk: Path) -> tuple[int, list[str]]:
    """build.main in this process: its exit status and what it printed (all of it on stderr)."""
    result = build_here("--talk", str(talk), "--no-pdf")
    assert result.stdout == "", result.stdout
    return result.returncode, result.stderr.splitlines()


def check_outcome(folder: Path, before: dict[str, str]) -> int:
    """Build the talk in folder; assert it either built whole or failed located, leaving dist/ as it was."""
    status, lines = run(folder / "talk.yaml")
    dist = folder / "dist"
    assert status in (0, 1), lines
    event(f"exit {status}")
    if status == 1:
        assert lines and SUMMARY.match(lines[-1]), lines
        for previous, line in zip(["x"] + lines, lines[:-1]):
            if line.startswith("    "):  # a snippet and its caret, under the problem they show
                assert LOCATED.match(previous) or previous.startswith("    "), lines
            else:
                assert LOCATED.match(line), line
        assert snapshot(dist) == before, "a failed build changed dist/"
    else:
        assert lines[-1].startswith("built "), lines
        index = (dist / "index.html").read_text()
        assert index.rstrip().endswith("</html>") and (dist / "cfp.md").stat().st_size > 0
        assert (dist / "reveal" / "reveal.js").is_file()
    assert [p.name for p in folder.iterdir() if p.name.startswith(".dist")] == []
    return status


# --- mutated copies of the real talk.yaml ---------------------------------------------------

REAL_TALK = (ROOT / "talk.yaml").read_text()
REAL_LINES = REAL_TALK.splitlines(keepends=True)

ODD_SCALARS = ["", "~", "null", "[", "]", "{", "}", "'", '"', "*nothing", "&anchor", "!!python/object:os.system x",
               "!!binary aGk=", "-1", "0", "1e999", ".nan", ".inf", "2026-13-45", "yes", "9" * 5000, "x" * 2000,
               "javascript:alert(1)", "../../etc/passwd", "/etc/passwd", "<script>alert(1)</script>", "- a",
               "a: b: c", "\t", "|", ">", "%", "@", "`", "#", "&a [*a]", "{a: 1, a: 2}", "[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]"]


MARKDOWN_BITS = ["---", "[", "![", "](", "<script>alert(1)</script>", "{: onclick=alert(1) }", "1. 1. 1. ",
                 "    - ", "> > >", "`", "**", "![x](../static/none.png)", "![](../../etc/passwd)", "[x](javascript:1)",
                 "\t", "|a|b|\n|-|-|", "&#0;", "\x00"]


@st.composite
def mutated_talk(draw, original: list[str] = REAL_LINES, bits: list[str] = ODD_SCALARS) -> str:
    lines = list(original)
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["delete", "duplicate", "indent", "truncate", "scalar", "insert"]))
        at = draw(st.integers(0, len(lines) - 1)) if lines else 0
        if not lines:
            break
        if kind == "delete":
            del lines[at:at + draw(st.integers(1, 5))]
        elif kind == "duplicate":
            lines.insert(at, lines[at])
        elif kind == "indent":
            stripped = lines[at].lstrip(" ")
            lines[at] = draw(st.sampled_from(["", " ", "  ", "   ", "\t", "      ", "        "])) + stripped
        elif kind == "truncate":
            text = "".join(lines)
            lines = text[: draw(st.integers(0, len(text)))].splitlines(keepends=True)
        elif kind == "scalar" and ":" in lines[at]:
            key, _, _ = lines[at].partition(":")
            value = draw(st.one_of(st.sampled_from(ODD_SCALARS), st.text(max_size=30),
                                   st.integers(-10 ** 6, 10 ** 6).map(str), st.floats().map(repr)))
            lines[at] = f"{key}: {value}\n"
        elif kind == "insert":
            text = lines[at]
            cut = draw(st.integers(0, len(text)))
            lines[at] = text[:cut] + draw(st.one_of(st.text(min_size=1, max_size=5), st.sampled_from(bits))) + text[cut:]
    return "".join(lines)


@pytest.fixture(scope="module")
def real_copy(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A copy of the real talk with a good build in its dist/."""
    folder = tmp_path_factory.mktemp("real")
    for name in ("slides", "static"):
        shutil.copytree(ROOT / name, folder / name)
    (folder / "talk.yaml").write_text(REAL_TALK)
    assert run(folder / "talk.yaml")[0] == 0
    return folder, snapshot(folder / "dist")


@FUZZ
@given(text=mutated_talk())
def test_mutated_real_talk_builds_or_fails_located(real_copy, text):
    folder, good = real_copy
    (folder / "talk.yaml").write_bytes(text.encode("utf-8", "surrogatepass"))
    try:
        check_outcome(folder, snapshot(folder / "dist"))
    finally:
        (folder / "talk.yaml").write_text(REAL_TALK)  # the real talk again for the next example


SLIDE_NAME = sorted((ROOT / "slides").glob("*.md"))[0].name
SLIDE_LINES = (ROOT / "slides" / SLIDE_NAME).read_text().splitlines(keepends=True)


@FUZZ
@given(text=mutated_talk(SLIDE_LINES, MARKDOWN_BITS + ODD_SCALARS))
def test_mutated_slide_file_builds_or_fails_located(real_copy, text):
    folder, good = real_copy
    slide = folder / "slides" / SLIDE_NAME
    slide.write_bytes(text.encode("utf-8", "surrogatepass"))
    try:
        check_outcome(folder, snapshot(folder / "dist"))
    finally:
        slide.write_text("".join(SLIDE_LINES))


# --- talks generated from the model's shape -------------------------------------------------

# Text of every kind: any Unicode, markup, YAML-looking and empty strings.
TEXT = st.one_of(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=30),
                 st.sampled_from(["<script>alert(1)</script>", "a: b", "- x", "*x", "&x", "'\"", "ü ß 会議", "\u202e"]))
ID = st.from_regex(r"\A[a-z]{1,6}(-[a-z0-9]{1,4}){0,2}\Z")
ODD = st.one_of(st.none(), st.integers(), st.floats(), st.booleans(), st.text(max_size=5),
                st.lists(st.integers(), max_size=2), st.dictionaries(st.sampled_from(["id", "name", "x"]), st.integers(), max_size=2))


@st.composite
def talk_model(draw) -> dict:
    """A talk shaped like the model: consistent by default, so the build gets past the schema to
    the cross-references, the timing and the rendering; then a few values broken at random."""
    ids = draw(st.lists(ID, min_size=6, max_size=14, unique=True))
    takeaways, contexts, patterns, tools, antis = ids[0:1], ids[1:3], ids[3:5], ids[5:6], ids[6:]
    pick = lambda pool: draw(st.lists(st.sampled_from(pool), min_size=1, max_size=2, unique=True))  # noqa: E731
    slot = draw(st.integers(10, 60))
    talk = {
        "title": draw(TEXT), "subtitle": draw(TEXT),
        "speaker": {"name": draw(TEXT), "role": draw(TEXT), "bio": draw(TEXT)},
        "event": {"name": draw(TEXT), "date": draw(st.dates()).isoformat(), "location": draw(TEXT)},
        "theme": draw(st.sampled_from(["light", "dark"])),
        "slot_minutes": slot, "questions_minutes": draw(st.integers(0, 5)),
        "abstract": draw(TEXT), "summary": " ".join(["word"] * draw(st.integers(75, 80))),
        "takeaways": [{"id": t, "short": draw(TEXT), "text": draw(TEXT)} for t in takeaways],
        "links": {"slides": "https://example.org/" + draw(st.from_regex(r"\A[a-z0-9/._~-]{0,40}\Z")),
                  "feedback": "https://example.org/feedback",
                  "more": [{"label": draw(TEXT), "url": draw(st.sampled_from(["https://example.org/r", "mailto:a@b.org"]))}]},
        "history": [{"event": draw(TEXT), "date": draw(TEXT)}],
        "contexts": [{"id": c, "name": draw(TEXT), "question": draw(TEXT), "summary": draw(TEXT), "why": draw(TEXT),
                      "stance": {"leads": draw(TEXT), "advises": draw(TEXT), "co_creates": draw(TEXT)}} for c in contexts],
        "patterns": [{"id": p, "name": draw(TEXT), "summary": draw(TEXT), "contexts": pick(contexts),
                      "helps_when": draw(TEXT), "stop_when": draw(TEXT), "source": draw(TEXT)} for p in patterns],
        "tools": [{"id": t, "name": draw(TEXT), "summary": draw(TEXT), "supports": pick(patterns),
                   "helps_when": draw(TEXT), "stop_when": draw(TEXT)} for t in tools],
        "anti_patterns": [{"id": a, "name": draw(TEXT), "summary": draw(TEXT), "symptoms": [draw(TEXT)],
                           "consequences": [draw(TEXT)], "remedies": pick(patterns + tools)} for a in antis],
    }
    slides = [{"kind": "title", "minutes": 1, "notes": draw(TEXT)}]
    for kind, pool in (("context", contexts), ("pattern", patterns), ("tool", tools), ("anti-pattern", antis)):
        for ref in draw(st.lists(st.sampled_from(pool), max_size=2)) if pool else []:
            slides.append({"kind": kind, "ref": ref, "minutes": draw(st.sampled_from([0.5, 1, 2])), "notes": draw(TEXT)})
    slides += [{"kind": kind, "minutes": 1, "notes": draw(TEXT)} for kind in
               draw(st.lists(st.sampled_from(["section", "matrix", "recap", "closing"]), max_size=3))]
    if draw(st.booleans()):
        slides.append({"file": "slides/intro.md"})
    slides[0]["delivers"] = takeaways[0]
    talk["outline"] = [{"id": "part-" + ids[0], "title": draw(TEXT), "slides": slides}]
    # then break a few things, anywhere: a value of the wrong kind, a dangling id, a missing field
    for _ in range(draw(st.integers(0, 3))):
        parent = talk
        while isinstance(parent, (dict, list)) and parent and draw(st.booleans()):
            key = draw(st.sampled_from(list(parent) if isinstance(parent, dict) else range(len(parent))))
            if not isinstance(parent[key], (dict, list)) or not parent[key]:
                break
            parent = parent[key]
        if isinstance(parent, dict) and parent:
            key = draw(st.sampled_from(list(parent)))
            action = draw(st.sampled_from(["odd", "delete", "dangle", "rename"]))
            if action == "odd":
                parent[key] = draw(ODD)
            elif action == "delete":
                del parent[key]
            elif action == "dangle":
                parent[key] = draw(ID)
            else:
                parent[key + draw(st.sampled_from(["s", "_", "x"]))] = parent.pop(key)
        elif isinstance(parent, list) and parent:
            parent[draw(st.integers(0, len(parent) - 1))] = draw(ODD)
    return talk


@pytest.fixture(scope="module")
def generated_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("generated")
    (folder / "slides").mkdir()
    (folder / "slides" / "intro.md").write_text(MINIMAL_SLIDE)
    shutil.copytree(ROOT / "static", folder / "static")
    return folder


@FUZZ
@given(talk=talk_model())
def test_generated_talk_builds_or_fails_located(generated_folder, talk):
    (generated_folder / "talk.yaml").write_text(yaml.safe_dump(talk, allow_unicode=True, sort_keys=False))
    check_outcome(generated_folder, snapshot(generated_folder / "dist"))
