"""GitHub Classroom's runner result, as its grading reporter reads it (base64 in `<RUNNER>_RESULTS`).

classroom-resources/autograding-grading-reporter adds up `tests[].score` against `max_score`,
prints each test's `name`, `status` ("pass" | "fail" | "error") and `message`, and fails the run
when `status` is not "pass". One test per topic (a topic's points, shared by its checks): the
reporter sums scores as JavaScript floats, and whole topics keep that sum exact. Bonus topics
(course.toml) are extra credit: their points count, but not towards `max_score`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kata.course.model import Outcome, TopicRun, Verdict, overall
from kata.show import plaintext


def _topic(run: TopicRun) -> dict[str, Any]:
    checks = run.checks
    status = run.verdict.value
    wrong = [c for c in checks if c.outcome != Outcome.PASSED]
    message = None
    if status != "pass":
        lines = [f"✘ {c.doc['zh']} / {c.doc['en']}" for c in wrong]
        first = plaintext.message(run, wrong[0] if wrong else None)
        message = "\n".join([*lines, "", first, "", plaintext.hint(run)])
    score = run.topic.points if status == "pass" else round(run.score, 2)
    bonus = " (bonus, extra credit)" if run.topic.bonus else ""
    return {"name": f"{run.topic.id} {run.topic.title.en}{bonus} ({len(checks) - len(wrong)}/{len(checks)})",
            "status": status, "score": score, "message": message, "line_no": 0}


def results(runs: list[TopicRun]) -> dict[str, Any]:
    tests = [_topic(run) for run in runs]
    return {"version": 1, "status": overall({Verdict(t["status"]) for t in tests}).value,
            "max_score": sum(r.topic.points for r in runs if not r.topic.bonus), "tests": tests}


def write(path: Path, runs: list[TopicRun], seconds: float) -> None:
    plaintext.write_json(path, results(runs), indent=None)
