"""The grader's shape, read from its source: no module imports its way back to itself, and the
result formats read the model, never each other."""

from __future__ import annotations

import ast
from pathlib import Path

from kata.manifest import ROOT

KATA = ROOT / "kata"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports() -> dict[str, set[str]]:
    """Each kata module and the kata modules it imports, anywhere in its body."""
    modules = {module_name(p): p for p in KATA.rglob("*.py")}
    found: dict[str, set[str]] = {}
    for name, path in modules.items():
        found[name] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            else:
                continue
            found[name] |= {t for t in targets if t in modules and t != name}
    return found


def test_no_import_circles_inside_kata():
    graph = imports()
    circles = []

    def visit(name: str, path: list[str]) -> None:
        for nxt in graph[name]:
            if nxt in path:
                circles.append(path[path.index(nxt):] + [nxt])
            elif nxt not in done:
                visit(nxt, path + [nxt])
        done.add(name)

    done: set[str] = set()
    for start in graph:
        visit(start, [start])
    assert not circles, circles[0]


def test_formats_import_the_model_never_each_other():
    graph = imports()
    formats = {name for name in graph if name.startswith("kata.formats.")}
    assert formats, "the formats live in kata/formats/"
    for name in formats:
        assert not graph[name] & formats, f"{name} imports {graph[name] & formats}"
        assert "kata.model" in graph[name], f"{name} does not read kata.model"
        assert "kata.runner" not in graph[name], f"{name} reaches into the runner"
