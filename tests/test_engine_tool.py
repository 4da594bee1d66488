"""The engine as a speaker installs it: the wheel built from this checkout, installed into a fresh
venv outside it (as pipx does), gives a `deck` command that starts a talk and builds every output
of it in a folder of its own, with the templates, theme and reveal.js the wheel carries.

The venv takes the engine's dependencies from the test run's own site-packages through a .pth file
(no network), and the wheel itself with --no-deps; a .pth file's folder is not scanned for further
.pth files, so this checkout's editable install stays out of it."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, open_offline, pdf_texts


def checkout_copy(target: Path) -> Path:
    """The checkout's files as git sees them (committed or not, ignored ones left out), and its
    node_modules: a wheel built from here carries nothing an old build/ folder kept."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode("utf-8").split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file() and not source.is_symlink():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target / name)
    (target / "node_modules").symlink_to((ROOT / "node_modules").resolve())
    return target


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> dict:
    """A venv outside the checkout with the engine's wheel installed: its folder, the wheel, and
    the environment a speaker's shell gives the command (nothing of the checkout on the path)."""
    work = tmp_path_factory.mktemp("engine-tool")
    source = checkout_copy(work / "checkout")
    wheels = work / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--disable-pip-version-check", "-w", str(wheels), str(source)], check=True, timeout=300)
    (wheel,) = wheels.glob("*.whl")
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                               capture_output=True, text=True, check=True).stdout.strip())
    (site / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
                    "--no-index", "--disable-pip-version-check", str(wheel)], check=True, timeout=300)
    shutil.rmtree(source)  # the checkout copy the wheel was built from is gone: only the venv is left
    env = {name: value for name, value in os.environ.items() if name not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return {"venv": venv, "wheel": wheel, "env": env, "talks": work / "talks"}


def run(installed: dict, *command: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(installed["venv"] / "bin" / command[0]), *command[1:]], cwd=cwd, env=installed["env"],
                          capture_output=True, text=True, timeout=300)


def test_the_wheel_and_the_command_say_what_they_are(installed, tmp_path):
    assert installed["wheel"].name.startswith("talk_deck_engine-")
    names = zipfile.ZipFile(installed["wheel"]).namelist()
    assert {name.split("/")[0] for name in names if not name.startswith("talk_deck_engine-")} == {"deck"}
    emoji = "deck/engine/node_modules/@fontsource/noto-color-emoji/"  # the emoji face, its OFL beside it
    assert {f"{emoji}files/noto-color-emoji-emoji-400-normal.woff2", f"{emoji}LICENSE"} <= set(names)
    shipped = {f"deck/subsets/{path.name}" for path in (ROOT / "deck" / "subsets").iterdir()}
    assert shipped and shipped <= set(names)  # the fonts' shipped subsets: a first build runs no font tool
    for command in (["deck", "--help"], ["python", "-m", "deck", "--help"]):
        result = run(installed, *command, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("usage: deck ")
        assert "builds a conference talk kept as code" in " ".join(result.stdout.split())
        assert re.search(r"^  serve +serve the deck", result.stdout, re.M)


def test_a_new_talk_builds_every_output_from_the_installed_engine(installed, page):
    talks = installed["talks"]
    talks.mkdir()
    engine = run(installed, "python", "-c", "import deck.files as f; print(f.ENGINE)", cwd=talks).stdout.strip()
    assert Path(engine).is_relative_to(installed["venv"]) and not Path(engine).is_relative_to(ROOT)

    made = run(installed, "deck", "new", "my-talk", cwd=talks)
    assert made.returncode == 0, made.stderr
    assert "deck check --talk my-talk/talk.yaml" in made.stderr
    talk = talks / "my-talk"
    assert (talk / "talk.schema.json").read_bytes() == (ROOT / "talk.schema.json").read_bytes()

    built = run(installed, "deck", cwd=talk)  # the talk in the current folder, every output
    assert built.returncode == 0, built.stderr
    dist = talk / "dist"
    slides = int(re.search(r"built (\d+) slides into", built.stderr).group(1))
    slug = next(dist.glob("*-handout.pdf")).name.removesuffix("-handout.pdf")
    for name in ("index.html", "cfp.md", f"{slug}.html", f"{slug}.pdf", f"{slug}-handout.pdf", f"{slug}.pptx",
                 "contact-sheet.png", "reveal/reveal.js", "static/deck.js", "static/theme/deck.css"):
        assert (dist / name).is_file() and (dist / name).stat().st_size > 0, name
    assert len(pdf_texts(dist / f"{slug}.pdf")) == slides
    from pptx import Presentation

    assert len(Presentation(str(dist / f"{slug}.pptx")).slides) == slides

    # The deck runs offline from its own files: reveal.js is dist/reveal/reveal.js, and nothing else loads.
    loaded: list[str] = []
    page.on("request", lambda request: loaded.append(request.url))
    assert open_offline(page, (dist / "index.html").as_uri()) == []
    assert (dist / "reveal" / "reveal.js").as_uri() in loaded
    assert [url for url in loaded if not url.startswith((dist.as_uri() + "/", "data:"))] == []
    assert page.evaluate("Reveal.getTotalSlides()") == slides


def test_deck_with_no_talk_here_says_how_to_start_one(installed, tmp_path):
    result = run(installed, "deck", "--no-pdf", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == (f"no talk.yaml in {tmp_path}: 'deck new FOLDER' starts a talk there, "
                             "'deck --talk FOLDER' builds one elsewhere\n")
