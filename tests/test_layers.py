"""The import graph agrees with deck.LAYERS: no circle, no import up the layers, no module left out,
and no module past 500 lines. Parsed from the source, lazy imports inside functions included."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from deck import INDEPENDENT, LAYERS

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 500


def module_files() -> dict[str, Path]:
    """Every module of ours by its name in LAYERS: 'build', 'bench.run', 'pptx.text' (for deck/pptx/text.py)."""
    found = {"build": ROOT / "build.py"}
    for path in sorted((ROOT / "deck").rglob("*.py")):
        parts = path.relative_to(ROOT / "deck").with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if parts:
            found[".".join(parts)] = path
    for path in sorted((ROOT / "bench").glob("*.py")):
        found[f"bench.{path.stem}"] = path
    return found


def imports_of(name: str, path: Path, known: set[str]) -> list[tuple[str, int]]:
    """(module imported, line) for each import of one of ours in path."""
    package = name.split(".")[:-1] if path.name != "__init__.py" else name.split(".")
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.ImportFrom):
            if node.level:  # relative: inside deck/
                base = package[:len(package) - (node.level - 1)] if node.level > 1 else package
                stem = ".".join([*base, node.module] if node.module else base)
                targets = [f"{stem}.{alias.name}".lstrip(".") for alias in node.names] + [stem]
            elif node.module and (node.module == "deck" or node.module.startswith("deck.")):
                stem = node.module.removeprefix("deck").lstrip(".")
                targets = [f"{stem}.{alias.name}".lstrip(".") for alias in node.names] + [stem]
            elif node.module and name.startswith("bench.") and f"bench.{node.module}" in known:
                targets = [f"bench.{node.module}"]  # bench/ puts its own folder on the path
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("deck."):
                    targets.append(alias.name.removeprefix("deck."))
                elif name.startswith("bench.") and f"bench.{alias.name}" in known:
                    targets.append(f"bench.{alias.name}")  # bench/ puts its own folder on the path
        # 'from . import pdf' names a module; 'from .pdf import keywords' names one inside it.
        modules = {target for target in targets if target in known}
        found.extend((module, node.lineno) for module in sorted(modules) if module != name)
    return found


def layer_of() -> dict[str, int]:
    return {module: depth for depth, layer in enumerate(LAYERS) for module in layer.split()}


def module_layer(module: str, layers: dict[str, int]) -> int | None:
    """A module's layer: its own entry, else its package's ('pptx' places deck/pptx/*.py)."""
    parts = module.split(".")
    for end in range(len(parts), 0, -1):
        if ".".join(parts[:end]) in layers:
            return layers[".".join(parts[:end])]
    return None


def test_every_module_has_a_layer():
    layers = layer_of()
    assert [module for module in module_files() if module_layer(module, layers) is None] == []


def test_imports_point_down_the_layers():
    files, layers = module_files(), layer_of()
    known = set(files) | set(layers)
    upward = []
    for name, path in files.items():
        here = module_layer(name, layers)
        for module, line in imports_of(name, path, known):
            there = module_layer(module, layers)
            same_package = module.split(".")[0] == name.split(".")[0] and "." in name
            if here is not None and there is not None and there <= here and not same_package:
                upward.append(f"{path.relative_to(ROOT)}:{line}: {name} imports {module}, which is not below it")
    assert upward == []


def test_no_import_circle():
    files = module_files()
    known = set(files) | set(layer_of())
    graph = {name: {module for module, _ in imports_of(name, path, known)} for name, path in files.items()}
    circles = []

    def visit(node: str, trail: list[str], done: set[str]) -> None:
        for nxt in sorted(graph.get(node, ())):
            if nxt in trail:
                circles.append(" -> ".join(trail[trail.index(nxt):] + [nxt]))
            elif nxt not in done:
                visit(nxt, trail + [nxt], done)
        done.add(node)

    done: set[str] = set()
    for name in sorted(graph):
        if name not in done:
            visit(name, [name], done)
    assert circles == []


@pytest.mark.parametrize("name", sorted(module_files()))
def test_no_module_past_500_lines(name):
    path = module_files()[name]
    lines = len(path.read_text(encoding="utf-8").splitlines())
    if lines > MAX_LINES:
        pytest.fail(f"{path.relative_to(ROOT)} has {lines} lines (at most {MAX_LINES}): split it by what it does")


def test_the_check_sees_an_upward_import(tmp_path):
    # The parser is what makes the layer test able to fail: a lazy import inside a function counts.
    source = tmp_path / "load.py"
    source.write_text("def f():\n    from .pipeline import build\n    from . import serve\n", encoding="utf-8")
    found = imports_of("load", source, {"load", "pipeline", "serve"})
    assert found == [("pipeline", 2), ("serve", 3)]


def sibling_of(module: str, siblings: list[str]) -> str | None:
    """The sibling a module belongs to: itself, or the package it is in ('pptx.capture' -> 'pptx')."""
    return next((sibling for sibling in siblings if module == sibling or module.startswith(f"{sibling}.")), None)


def sibling_imports(files: dict[str, Path], siblings: list[str]) -> list[str]:
    """Each import from one sibling (or a module of its package) into another."""
    known = set(files) | set(layer_of())
    found = []
    for name, path in files.items():
        here = sibling_of(name, siblings)
        for module, line in imports_of(name, path, known) if here else ():
            there = sibling_of(module, siblings)
            if there is not None and there != here:
                found.append(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name}:{line}: "
                             f"{name} imports {module}: the outputs {here} and {there} are siblings")
    return found


@pytest.mark.parametrize("group", INDEPENDENT)
def test_the_browser_outputs_are_siblings(group):
    # Each output is a writer over what the browser session gathered: none reaches into another.
    siblings = group.split()
    layers = layer_of()
    assert len({layers[sibling] for sibling in siblings}) == 1, "siblings sit side by side in one layer"
    assert sibling_imports(module_files(), siblings) == []


def test_the_check_sees_one_sibling_importing_another(tmp_path):
    source = tmp_path / "handout.py"
    source.write_text("def f():\n    from .pdf_file import finish\n    from .pptx.capture import Pictures\n",
                      encoding="utf-8")
    found = sibling_imports({"handout": source}, ["pdf", "handout", "pptx"])
    assert found == ["handout.py:3: handout imports pptx.capture: the outputs handout and pptx are siblings"]
