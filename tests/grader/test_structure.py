"""The grader's shape, read from its source: no module imports its way back to itself, the result
formats read the model, never each other, what runs beside student code imports only the standard
library, and every module says its job first."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

from kata.checks import Kind
from kata.course.manifest import ROOT

KATA = ROOT / "kata"
INSIDE = KATA / "inside"
# beside the standard library and kata/inside/, what the student's process may import: the records
# both sides share, a check's failure and a schedule (themselves standard-library only), and the
# course's subject, there anyway for the student
INSIDE_MAY_IMPORT = {"kata.checks", "kata.schedule", "greenlet"}


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
    formats = {name for name in graph if name.startswith("kata.show.formats.")}
    assert formats, "the formats live in kata/show/formats/"
    for name in formats:
        assert not graph[name] & formats, f"{name} imports {graph[name] & formats}"
        assert "kata.course.model" in graph[name], f"{name} does not read kata.course.model"
        assert "kata.judging.runner" not in graph[name], f"{name} reaches into the runner"


def top_level_imports(path: Path) -> set[str]:
    """Every module a file imports, anywhere in its body, as written (absolute imports only)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def allowed_inside(module: str) -> bool:
    top = module.split(".")[0]
    return (top in sys.stdlib_module_names or module == "kata.inside" or module.startswith("kata.inside.")
            or module in INSIDE_MAY_IMPORT)


def test_code_inside_the_students_process_imports_only_the_standard_library_and_kata_inside():
    files = [*INSIDE.rglob("*.py"), *(ROOT / (m.replace(".", "/") + ".py") for m in INSIDE_MAY_IMPORT
                                      if m.startswith("kata."))]
    assert len(files) > 4, "kata/inside/ holds the host, the probes' base, the wire and the loader"
    for path in files:
        wrong = sorted(m for m in top_level_imports(path) if not allowed_inside(m))
        assert not wrong, f"{path.relative_to(ROOT)} runs beside student code yet imports {wrong}"


def test_the_inside_rule_tells_the_judge_and_pytest_from_the_standard_library():
    assert allowed_inside("json") and allowed_inside("kata.inside.wire") and allowed_inside("kata.checks")
    for module in ("pytest", "rich", "psutil", "kata.judging.judge", "kata.course.model", "kata"):
        assert not allowed_inside(module), module


def test_every_module_of_kata_opens_with_a_docstring_saying_its_job():
    missing = [str(p.relative_to(ROOT)) for p in sorted(KATA.rglob("*.py"))
               if not ast.get_docstring(ast.parse(p.read_text(encoding="utf-8")))]
    assert not missing, f"modules without a docstring: {missing}"


def bare_kinds(source: str) -> list[str]:
    """Failure kinds written as strings: `kind="error"`, `.kind == "timeout"`, `{"kind": "message"}`."""
    values = "|".join(k.value for k in Kind)
    return re.findall(rf'kind"?\s*(?:=|==|:)\s*"({values})"', source)


def test_no_failure_kind_is_a_bare_string():
    assert bare_kinds('fail(zh, en, kind="timeout")') == ["timeout"], "the search finds one"
    found = {str(p.relative_to(ROOT)): kinds for p in sorted([*KATA.rglob("*.py"), *(ROOT / "tests").rglob("*.py")])
             if p.name != "test_structure.py" and (kinds := bare_kinds(p.read_text(encoding="utf-8")))}
    assert not found, f"write Kind.<NAME> (kata/checks.py): {found}"
