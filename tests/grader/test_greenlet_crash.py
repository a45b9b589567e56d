"""An exception inside a spawned greenlet is the first thing a failed check says.

gevent only prints such an exception (to stderr, "... failed with NameError") and goes on, so
the checks see only its consequence: lines never printed, a value of None. The student's process
captures that stderr; the judge reads the crash from it and puts it, pointed at the student's
line, before the check's own message, in the terminal and in every result file.
"""

from __future__ import annotations

import json

import pytest
from kit.grader import run_grader

from kata.checks import Frame
from kata.course.manifest import ROOT
from kata.judging.crashes import read

VARIANTS = ROOT / "tests" / "variants"
GEVENT_STDERR = [
    "Traceback (most recent call last):",
    '  File "src/gevent/greenlet.py", line 912, in gevent._gevent_cgreenlet.Greenlet.run',
    '  File "/home/s/07_sync_async.py", line 18, in task',
    "    print(f'Task {idx} done')",
    "                  ^^^",
    "NameError: name 'idx' is not defined",
    "2026-12-04T15:48:50Z <Greenlet at 0x7f55ae3a5c60: task(0, 0.05)> failed with NameError",
    "",
    "Traceback (most recent call last):",
    '  File "src/gevent/greenlet.py", line 912, in gevent._gevent_cgreenlet.Greenlet.run',
    '  File "/home/s/07_sync_async.py", line 18, in task',
    "    print(f'Task {idx} done')",
    "NameError: name 'idx' is not defined",
    "2026-12-04T15:48:50Z <Greenlet at 0x7f55ae3a5bc0: task(1, 0.05)> failed with NameError",
    "",
]


def test_gevents_report_of_a_dead_greenlet_is_read_with_the_students_frames_only():
    crash = read(GEVENT_STDERR, "07_sync_async.py")[0]
    assert crash.exception == "NameError" and crash.greenlets == 2
    assert crash.frames == (Frame("/home/s/07_sync_async.py", 18, "task", "print(f'Task {idx} done')"),)
    assert "task(0, 0.05)" in crash.en and "NameError: name 'idx' is not defined" in crash.en
    assert "NameError" in crash.zh and "协程" in crash.zh


def test_other_stderr_is_no_crash():
    assert read(["a warning", "Traceback (most recent call last):", "ValueError: x"], "07_sync_async.py") == []


def first_feedback(out: str, check: str) -> list[str]:
    """The lines the terminal prints under a failed check's title (other failed titles skipped)."""
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip() == f"✘ {check}")
    rest = lines[at + 1:]
    while rest and rest[0].lstrip().startswith("✘"):
        rest.pop(0)
    return rest


CASES = {
    "07": ("07_sync_async", (VARIANTS / "07_sync_async" / "bad_name_error_in_task.py").read_text(encoding="utf-8"),
           "test_asynchronous_prints_every_task_then_done",
           "asynchronous prints all n Task i done lines, then DONE last", "print(f'Task {idx} done')", 18),
    "05": ("05_gevent_spawn_join", (ROOT / "solutions" / "05_gevent_spawn_join.py").read_text(encoding="utf-8")
           .replace("return a + b + c + x + y", "return a + b + c + x + z"),
           "test_spawn_with_args_returns_the_greenlet_value",
           "spawn_with_args returns the greenlet's value: 15, the result of add(1, 2, 3, x=4, y=5)",
           "return a + b + c + x + z", None),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_crash_inside_a_greenlet_is_the_first_thing_the_failed_check_says(tmp_path, case):
    topic, source, function, check, code, line = CASES[case]
    (tmp_path / f"{topic}.py").write_text(source, encoding="utf-8")
    results = tmp_path / "results.json"
    proc = run_grader("--lang", "en", "--target", str(tmp_path), case, "--json", str(results))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    said = first_feedback(proc.stdout, check)
    assert said[0].strip().startswith("A greenlet of yours crashed") and "NameError" in said[0], said[:4]
    assert f"{topic}.py" in said[1] and code in said[2], said[:4]
    if line:
        assert f"line {line}," in said[1]
    doc = json.loads(results.read_text(encoding="utf-8"))
    output = next(t["output"] for t in doc["tests"] if t["name"] == f"{topic} · {function}").splitlines()
    assert output[0].startswith("你的一个协程崩溃了") and output[1].startswith("A greenlet of yours crashed"), output
