"""requirements.lock agrees with pyproject.toml: every package pyproject.toml asks for (its extras
too) is locked at a version inside its range, every locked package is asked for by pyproject.toml
or by another locked package (uv's `# via` lines), and every entry carries its hashes.

The lock and pyproject.toml are read as text and parsed with `packaging`, so the test needs no
network and no resolver; each rule is also shown to fire on a lock changed to break it."""
from __future__ import annotations

import importlib.metadata
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"
LOCK = ROOT / "requirements.lock"


@dataclass
class Locked:
    """One entry of the lock: its pin, its line, its hashes and what asked for it."""

    requirement: Requirement
    line: int
    hashes: list[str] = field(default_factory=list)
    via: list[str] = field(default_factory=list)

    @property
    def version(self) -> Version:
        return Version(next(iter(self.requirement.specifier)).version)


def read_lock(text: str) -> dict[str, Locked]:
    """The lock's entries by canonical name: `name==version ; marker \\` with `--hash=` lines, then
    `# via NAME` or `# via` and one `#   NAME` a line."""
    entries: dict[str, Locked] = {}
    current: Locked | None = None
    in_via = False
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            comment = line.lstrip("#").strip()
            if current is not None and comment.startswith("via"):
                named = comment.removeprefix("via").strip()
                current.via += [named] if named else []
                in_via = not named
            elif current is not None and in_via and raw.startswith("    #   "):
                current.via.append(comment)
            continue
        in_via = False
        body = line.rstrip("\\").strip()
        if body.startswith("--hash="):
            assert current is not None, f"requirements.lock:{number}: a hash before any entry"
            current.hashes.append(body.removeprefix("--hash="))
            continue
        current = Locked(Requirement(body), number)
        entries[canonicalize_name(current.requirement.name)] = current
    return entries


def project_requirements(pyproject: dict) -> list[tuple[str, Requirement]]:
    """(where, requirement) for each dependency pyproject.toml names, every optional group too."""
    project = pyproject["project"]
    found = [("dependencies", Requirement(text)) for text in project.get("dependencies", [])]
    for group, texts in project.get("optional-dependencies", {}).items():
        found += [(f"optional-dependencies.{group}", Requirement(text)) for text in texts]
    return found


def extras_requirements(requirement: Requirement) -> list[Requirement]:
    """What the extras a dependency is asked with (fonttools[woff]) bring in, read from the
    installed package's metadata (installed from this lock, so the locked version's)."""
    found = []
    for text in importlib.metadata.requires(requirement.name) or []:
        needed = Requirement(text)
        if needed.marker is None:
            continue
        for extra in requirement.extras:
            # Any platform the universal lock serves: the marker with this extra, on CPython or not.
            if any(needed.marker.evaluate({**default_environment(), "extra": extra,
                                           "platform_python_implementation": implementation,
                                           "implementation_name": implementation.lower()})
                   for implementation in ("CPython", "PyPy")):
                found.append(needed)
                break
    return found


def disagreements(pyproject_text: str, lock_text: str) -> list[str]:
    """Every way the lock and pyproject.toml disagree, one line each (none: they agree)."""
    pyproject = tomllib.loads(pyproject_text)
    project = canonicalize_name(pyproject["project"]["name"])
    locked = read_lock(lock_text)
    found = []
    for where, requirement in project_requirements(pyproject):
        wanted = [(where, requirement)] + [(f"{requirement.name}[{','.join(sorted(requirement.extras))}]", extra)
                                          for extra in extras_requirements(requirement)]
        for asker, needed in wanted:
            entry = locked.get(canonicalize_name(needed.name))
            if entry is None:
                found.append(f"{asker}: {needed.name} is not in requirements.lock")
            elif not needed.specifier.contains(entry.version, prereleases=True):
                found.append(f"requirements.lock:{entry.line}: {needed.name}=={entry.version} is outside "
                             f"{needed.specifier}, the range {asker} asks for")
    named = {canonicalize_name(requirement.name) for _, requirement in project_requirements(pyproject)}
    askers = {name: {canonicalize_name(re.sub(r"\s*\(pyproject\.toml\)$", "", via)) for via in entry.via}
              for name, entry in locked.items()}
    # Asked for: named by pyproject.toml, or by an entry that is asked for, however far down.
    asked = {name for name in locked if project in askers[name] and name in named}
    while more := {name for name in locked if name not in asked and askers[name] & asked}:
        asked |= more
    for name, entry in locked.items():
        if not entry.hashes:
            found.append(f"requirements.lock:{entry.line}: {name} has no --hash")
        if name in asked:
            continue
        if not entry.via:
            found.append(f"requirements.lock:{entry.line}: {name} has no '# via' line: nothing asks for it")
        elif project in askers[name] and name not in named:  # the lock remembers a dependency pyproject.toml dropped
            found.append(f"requirements.lock:{entry.line}: {name} is locked for pyproject.toml, which no longer names it")
        else:
            found.append(f"requirements.lock:{entry.line}: {name} is asked for by {', '.join(sorted(entry.via))}, "
                         "none of them pyproject.toml or a package it needs")
    return found


def test_the_lock_agrees_with_pyproject():
    assert disagreements(PYPROJECT.read_text(encoding="utf-8"), LOCK.read_text(encoding="utf-8")) == []


def test_the_lock_pins_every_package_exactly():
    for name, entry in read_lock(LOCK.read_text(encoding="utf-8")).items():
        (pin,) = entry.requirement.specifier
        assert pin.operator == "==", f"{name}: {pin}"


def entry_text(lock: str, name: str) -> str:
    """One entry of the lock as it stands, from its pin to the line before the next entry."""
    match = re.search(rf"(?ms)^{re.escape(name)}==.*?(?=^\S|\Z)", lock)
    assert match, name
    return match.group(0)


LOCK_TEXT = LOCK.read_text(encoding="utf-8") if LOCK.is_file() else ""
PYPROJECT_TEXT = PYPROJECT.read_text(encoding="utf-8")
MARKDOWN_PIN = re.search(r"(?m)^markdown==(\S+)", LOCK_TEXT).group(1)


@pytest.mark.parametrize("pyproject, lock, expected", [
    pytest.param(PYPROJECT_TEXT, LOCK_TEXT.replace(entry_text(LOCK_TEXT, "markdown"), ""),
                 "dependencies: markdown is not in requirements.lock",
                 id="a dependency not locked"),
    pytest.param(PYPROJECT_TEXT, LOCK_TEXT.replace(entry_text(LOCK_TEXT, "pytest-xdist"), ""),
                 "optional-dependencies.test: pytest-xdist is not in requirements.lock", id="an extra's package not locked"),
    pytest.param(PYPROJECT_TEXT, LOCK_TEXT.replace(entry_text(LOCK_TEXT, "zopfli"), ""),
                 "fonttools[woff]: zopfli is not in requirements.lock", id="what a dependency's extra needs, not locked"),
    pytest.param(PYPROJECT_TEXT.replace('"markdown>=3.5,<4"', f'"markdown>=3.5,<{MARKDOWN_PIN}"'), LOCK_TEXT,
                 f"markdown=={MARKDOWN_PIN} is outside <{MARKDOWN_PIN},>=3.5, the range dependencies asks for",
                 id="a pin outside its range"),
    pytest.param(PYPROJECT_TEXT.replace('    "pyinstrument>=4.6,<6",\n', ""), LOCK_TEXT,
                 "pyinstrument is locked for pyproject.toml, which no longer names it",
                 id="a package pyproject.toml no longer asks for"),
    pytest.param(PYPROJECT_TEXT.replace('    "pytest-xdist>=3.5,<4",\n', ""), LOCK_TEXT,
                 "execnet is asked for by pytest-xdist, none of them pyproject.toml or a package it needs",
                 id="what only a dropped package needed"),
    pytest.param(PYPROJECT_TEXT, LOCK_TEXT + "left-behind==1.0 \\\n    --hash=sha256:00\n",
                 "left-behind has no '# via' line", id="an entry nothing asks for"),
    pytest.param(PYPROJECT_TEXT, LOCK_TEXT.replace(entry_text(LOCK_TEXT, "segno"), "segno==1.6.6\n    # via pillow\n"),
                 "segno has no --hash", id="an entry without hashes"),
])
def test_a_disagreement_is_named(pyproject, lock, expected):
    found = disagreements(pyproject, lock)
    assert any(expected in line for line in found), found
