"""Exercism's test-runner results.json, version 3.

Spec: https://exercism.org/docs/building/tooling/test-runners/interface. Top level `version` (3),
`status` ("pass" | "fail" | "error"), `message` (required for "error", else null), `tests` in the
order of the tests file; each test `name`, `status` ("pass" | "fail" | "error"), `message`,
`output` (what the student printed, at most 500 characters), `test_code`, and `task_id` (here the
topic's number, so every check links to exactly one topic).
"""

from __future__ import annotations

import ast
import textwrap
from functools import cache
from pathlib import Path
from typing import Any

from kata.course.model import Check, TopicRun, Verdict, overall
from kata.show import plaintext

OUTPUT_LIMIT = 500  # the spec's limit for `output`
CUT_NOTE = "Output was truncated. Please limit to 500 chars"
BONUS = " (bonus)"  # the spec has no field for extra credit: the name says it
@cache
def test_code(test_file: Path) -> dict[str, str]:
    """Each test function's body (docstring left out), by function name."""
    source = test_file.read_text(encoding="utf-8")
    lines = source.splitlines()
    code = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
            body = node.body[1:] if ast.get_docstring(node) is not None else node.body
            if body:
                code[node.name] = textwrap.dedent("\n".join(lines[body[0].lineno - 1:node.end_lineno]))
    return code


def _test(run: TopicRun, check: Check) -> dict[str, Any]:
    out = plaintext.printed(check)
    return {"name": f"{run.topic.id}{BONUS if run.topic.bonus else ''} · {check.doc['en']}",
            "status": check.verdict.value,
            "message": plaintext.message(run, check) or None,
            "output": plaintext.cut(out, OUTPUT_LIMIT, CUT_NOTE) if out else None,
            "test_code": test_code(run.topic.test_file).get(check.name.split("[")[0], ""),
            "task_id": int(run.topic.number)}


def _silent(run: TopicRun) -> dict[str, Any]:
    """A topic whose process never listed its checks (it crashed or hung while starting)."""
    return {"name": f"{run.topic.id} · grading", "status": "error",
            "message": plaintext.both(plaintext.stopped(run)) + "\n" + run.log[-2000:], "output": None,
            "test_code": "", "task_id": int(run.topic.number)}


def results(runs: list[TopicRun]) -> dict[str, Any]:
    tests = [t for run in runs
             for t in ([_test(run, c) for c in run.checks] if run.checks else [_silent(run)])]
    verdict = overall({c.verdict for run in runs for c in run.checks} or {Verdict.ERROR}).value
    message = tests[0]["message"] if verdict == Verdict.ERROR else None  # the spec's error needs a reason
    return {"version": 3, "status": verdict, "message": message, "tests": tests}


def write(path: Path, runs: list[TopicRun], seconds: float) -> None:
    plaintext.write_json(path, results(runs))
