"""Gradescope's results.json: one test per check, named after its topic (`NN_slug · check`).

Fields as in Gradescope's autograder specification
(https://gradescope-autograders.readthedocs.io/en/latest/specs/): top level `score`,
`execution_time` (seconds), `output`, `visibility`, `stdout_visibility`, `tests`; each test
`name`, `number`, `score`, `max_score`, `status` ("passed" | "failed"), `output`, `tags`,
`visibility` ("visible" | "hidden" | "after_due_date" | "after_published").

Bonus topics are extra credit: `score` adds their points to the lesson's (set the assignment's
points to the lesson's 110, and Gradescope shows the rest above it), `output` states the two
apart near its top, and their tests are tagged `bonus`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kata.course.model import Check, Outcome, Points, TopicRun
from kata.judging import sandbox
from kata.show import plaintext

OUTPUT_LIMIT = 4000  # characters per test: enough for a side-by-side diff and a hint
CUT_NOTE = "…（输出过长，已截断 / output cut short）"


def check_output(run: TopicRun, check: Check | None) -> str:
    text = plaintext.message(run, check)
    if not text:
        return ""
    out = plaintext.printed(check) if check else ""
    if out:
        text += "\n你的程序打印了 / your code printed:\n" + out
    return plaintext.cut(text, OUTPUT_LIMIT - 400, CUT_NOTE) + "\n\n" + plaintext.hint(run)[:400]


def shares(points: float, n: int) -> list[float]:
    """`points` split over `n` checks, rounded so that they still add up to `points`."""
    if n == 0:
        return []
    each = round(points / n, 4)
    return [each] * (n - 1) + [round(points - each * (n - 1), 4)]


def _test(run: TopicRun, check: Check | None, number: str, each: float) -> dict[str, Any]:
    passed = check is not None and check.outcome == Outcome.PASSED
    name = check.name if check else "grading"
    return {"name": f"{run.topic.id} · {name}", "number": number,
            "score": round(each if passed else 0.0, 4), "max_score": round(each, 4),
            "status": "passed" if passed else "failed", "output": check_output(run, check),
            "tags": [run.topic.id, *(["bonus"] if run.topic.bonus else [])], "visibility": "visible"}


def results(runs: list[TopicRun], seconds: float, protection: str = "") -> dict[str, Any]:
    """`protection`: how student code was kept apart (the unprivileged user, or nothing), said first
    in the output; runs that were all sandboxed say so themselves."""
    tests = []
    for run in runs:
        checks = run.checks
        n = run.topic.number.lstrip("0") or "0"
        if not checks:  # nothing reported at all: one failed entry carries the topic's points
            tests.append(_test(run, None, f"{n}.1", run.topic.points))
        for i, (check, each) in enumerate(zip(checks, shares(run.topic.points, len(checks)), strict=True), 1):
            tests.append(_test(run, check, f"{n}.{i}", each))
    if not protection and runs and all(r.sandboxed for r in runs):
        protection = sandbox.ON
    points = Points.of(runs)
    lines = [*([protection] if protection else []), f"{points.text('zh')} / {points.text('en')}"]
    for r in runs:
        lines.append(f"{r.topic.id}: {r.score:.4g}/{r.topic.points:g}" + (" (进阶 / bonus)" if r.topic.bonus else "")
                     + (" (timed out)" if r.timed_out else ""))
        if r.grader_error:
            lines.append(f"  评分器出错，不是学生的问题 / grader error, not the student's: {r.topic.id}")
        if r.tampered:
            lines.append(f"  {r.tampered['zh']} / {r.tampered['en']}")
        lines += [f"  {note['zh']} / {note['en']}" for note in r.notes]
    done = f"{sum(r.passed for r in runs)}/{len(runs)}"
    lines.append(f"全部通过的题目 {done} / topics fully passed {done}")
    return {"score": round(sum(r.score for r in runs), 4),
            "execution_time": round(seconds, 3),
            "output": "\n".join(lines),
            "visibility": "visible", "stdout_visibility": "hidden",
            "tests": tests}


def write(path: Path, runs: list[TopicRun], seconds: float, protection: str = "") -> None:
    plaintext.write_json(path, results(runs, seconds, protection))
