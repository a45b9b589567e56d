"""Grade one topic: our tests, in a fresh pytest process, against a target folder, with a deadline."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kata import proc
from kata.manifest import ROOT, Topic

LOG_TAIL = 4000  # characters of the child's own output kept when it crashes


@dataclass
class Check:
    id: str
    name: str
    doc: dict[str, str]
    outcome: str = "not_run"  # passed | failed | skipped | not_run
    feedback: dict[str, Any] | None = None


@dataclass
class TopicRun:
    topic: Topic
    checks: list[Check] = field(default_factory=list)
    seconds: float = 0.0
    timed_out: bool = False
    exit_code: int | None = None
    interrupted: str | None = None  # nodeid of the check running when the process stopped
    log: str = ""

    @property
    def graded(self) -> list[Check]:
        return [c for c in self.checks if c.outcome != "skipped"]

    @property
    def passed(self) -> bool:
        return bool(self.graded) and all(c.outcome == "passed" for c in self.graded)

    @property
    def score(self) -> float:
        graded = self.graded
        if not graded:
            return 0.0
        return self.topic.points * sum(c.outcome == "passed" for c in graded) / len(graded)


def pytest_command(topic: Topic, target: Path, report: Path) -> list[str]:
    """Our own test file and config only: tests or conftest files inside the target never run."""
    return [proc.PYTHON, "-m", "pytest", str(topic.test_file), "-c", str(ROOT / "pyproject.toml"),
            "--rootdir", str(ROOT), "--target", str(target), "--kata-report", str(report),
            "-q", "-p", "no:cacheprovider"]


def run_topic(topic: Topic, target: Path, timeout: float | None = None) -> TopicRun:
    timeout = timeout or topic.timeout
    run = TopicRun(topic)
    with tempfile.TemporaryDirectory(prefix="kata-") as tmp:
        report, log = Path(tmp) / "report.jsonl", Path(tmp) / "log.txt"
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONIOENCODING": "utf-8",
               "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
        start = time.perf_counter()
        with log.open("wb") as out:
            run.exit_code, run.timed_out = proc.run(
                pytest_command(topic, target, report), timeout, cwd=ROOT, env=env,
                stdin=subprocess.DEVNULL, stdout=out, stderr=out)
        run.seconds = time.perf_counter() - start
        events = _read_events(report)
        run.log = _tail(log)
    _apply(run, events)
    return run


def _read_events(report: Path) -> list[dict[str, Any]]:
    events = []
    if report.exists():
        for line in report.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                events.append(json.loads(line))
            except json.JSONDecodeError:
                break  # a line cut short by a dying process: nothing after it counts
    return events


def _tail(log: Path) -> str:
    with log.open("rb") as fh:
        fh.seek(max(0, log.stat().st_size - LOG_TAIL))
        return fh.read().decode("utf-8", errors="replace")


def _apply(run: TopicRun, events: list[dict[str, Any]]) -> None:
    """Points come only from results the child reported; anything unreported scores 0."""
    by_id: dict[str, Check] = {}
    running = None
    for event in events:
        kind = event.get("event")
        if kind == "collected" and not by_id:
            run.checks = [Check(c["id"], c["name"], c["doc"]) for c in event["checks"]]
            by_id = {c.id: c for c in run.checks}
        elif kind == "start":
            running = event["id"]
        elif kind == "result" and event["id"] in by_id:
            check = by_id[event["id"]]
            if check.outcome == "not_run":
                check.outcome, check.feedback = event["outcome"] or "failed", event["feedback"]
            running = None
    if running in by_id:
        run.interrupted = running
