"""Other students' answers: right ones written differently must pass, wrong ones must fail.

Each file in tests/variants/<topic id>/ is graded by the real grader as that topic's answer
(a folder, for 默写). `good_*` must pass every check. `bad_*` must fail, and its docstring's
first line, `fails: <check> [<check> ...]`, names checks that must be among the failures, so each
common mistake stays pinned to the check that explains it. Where the sandbox starts, they are
graded in it, as a class is: its verdicts must be the same.
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest
from kit import box

from kata.course import manifest
from kata.judging.runner import run_topic

VARIANTS = Path(__file__).resolve().parent.parent / "variants"
COURSE = manifest.load()


def variants() -> list[pytest.param]:
    found = []
    for topic in COURSE.topics:
        folder = VARIANTS / topic.id
        for variant in sorted(folder.iterdir()) if folder.is_dir() else []:
            if variant.name.startswith(("good_", "bad_")):
                found.append(pytest.param(topic, variant, id=f"{topic.id}/{variant.name}"))
    return found


def expected_failures(variant: Path) -> set[str]:
    file = variant / "server.py" if variant.is_dir() else variant
    doc = ast.get_docstring(ast.parse(file.read_text(encoding="utf-8"))) or ""
    first = doc.splitlines()[0] if doc else ""
    assert first.startswith("fails:"), f"{variant.name}: docstring must start with 'fails: <check>'"
    return set(first.removeprefix("fails:").split())


@pytest.mark.parametrize(("topic", "variant"), variants())
def test_variant_is_graded_as_labelled(topic, variant, tmp_path):
    if variant.is_dir():
        shutil.copytree(variant, tmp_path / topic.id)
    else:
        shutil.copy(variant, tmp_path / f"{topic.id}.py")
    run = run_topic(topic, tmp_path, sandboxed=box.available())
    failed = {c.name.split("[")[0] for c in run.checks if c.outcome != "passed"}
    if variant.name.startswith("good_"):
        assert run.passed, f"a right answer failed: {failed}\n{run.log}"
    else:
        missing = expected_failures(variant) - failed
        assert not missing, f"should fail {missing}; failed only {failed or 'nothing'}"
