"""Gradescope's results.json: one test per check, named after its topic (`NN_slug · check`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kata.runner import TopicRun

OUTPUT_LIMIT = 4000  # characters per test; Gradescope shows it verbatim


def check_output(run: TopicRun, feedback: dict[str, Any] | None, outcome: str) -> str:
    if outcome == "passed":
        return ""
    if feedback:
        lines = [feedback["zh"], feedback["en"]]
        if feedback.get("kind") == "mismatch":
            lines += ["expected / 期望:", *feedback["expected"], "actual / 实际:", *feedback["actual"]]
        if feedback.get("kind") == "timing":
            lines.append(f"measured {feedback['measured']} s; at least {feedback.get('at_least')}"
                         f" s, at most {feedback.get('at_most')} s")
        for frame in feedback.get("frames", []):
            lines.append(f"  {frame['file']}:{frame['line']}: {frame['code']}")
    elif run.timed_out:
        lines = [f"没有在 {run.topic.timeout:g} 秒内完成 / did not finish in {run.topic.timeout:g} s"]
    else:
        lines = [f"评分进程中途退出（退出码 {run.exit_code}）/ grading process ended early "
                 f"(exit code {run.exit_code}); this check never reported"]
    lines += ["", f"提示 / hint: {run.topic.hint.zh}", run.topic.hint.en]
    return "\n".join(lines)[:OUTPUT_LIMIT]


def results(runs: list[TopicRun], seconds: float) -> dict[str, Any]:
    tests = []
    for run in runs:
        graded = run.graded
        each = run.topic.points / len(graded) if graded else run.topic.points
        if not graded:  # nothing reported at all: one failed entry carries the topic's points
            tests.append({"name": f"{run.topic.id} · grading", "score": 0.0, "max_score": each,
                          "status": "failed", "visibility": "visible",
                          "output": check_output(run, None, "failed")})
        for check in graded:
            passed = check.outcome == "passed"
            tests.append({"name": f"{run.topic.id} · {check.name}",
                          "score": round(each if passed else 0.0, 4),
                          "max_score": round(each, 4),
                          "status": "passed" if passed else "failed",
                          "visibility": "visible",
                          "output": check_output(run, check.feedback, check.outcome)})
    return {"score": round(sum(t["score"] for t in tests), 4),
            "execution_time": round(seconds, 3),
            "output": f"{sum(r.passed for r in runs)}/{len(runs)} topics passed",
            "visibility": "visible", "tests": tests}


def write(path: Path, runs: list[TopicRun], seconds: float) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results(runs, seconds), ensure_ascii=False, indent=2),
                    encoding="utf-8")
