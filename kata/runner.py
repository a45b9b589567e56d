"""Grade one topic: our tests, in a fresh pytest process, against a target folder, with a deadline."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kata import proc, signing
from kata.manifest import ROOT, Topic

LOG_TAIL = 4000  # characters of the child's own output kept when it crashes
RUN_AS = "KATA_RUN_AS"  # a user name: run the child (and so student code) as that user (POSIX root)


@dataclass
class Check:
    id: str
    name: str
    doc: dict[str, str]
    outcome: str = "not_run"  # passed | failed | skipped | not_run
    feedback: dict[str, Any] | None = None
    seconds: float = 0.0  # setup, call and teardown, as pytest measured them


@dataclass
class TopicRun:
    topic: Topic
    checks: list[Check] = field(default_factory=list)
    seconds: float = 0.0
    timeout: float = 0.0  # the deadline this run had
    timed_out: bool = False
    exit_code: int | None = None
    interrupted: str | None = None  # nodeid of the check running when the process stopped
    log: str = ""
    rejected: int = 0  # report lines ignored for lacking the run's signature (forged, or cut short)

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
            "-q", *UNUSED_PLUGINS]


# Plugins a graded run never needs (benchmarks are not graded; requests-mock's fixture is unused):
# leaving them out saves about 0.3 s of start-up per topic.
UNUSED_PLUGINS = [arg for name in ("cacheprovider", "benchmark", "requests_mock", "doctest",
                                   "pastebin", "junitxml", "legacypath") for arg in ("-p", f"no:{name}")]


def run_as_prefix(user: str, folder: Path) -> list[str]:
    """Command prefix that runs the child as `user` (who gets `folder` for its report)."""
    import pwd  # POSIX only, like the feature

    entry = pwd.getpwnam(user)
    os.chown(folder, entry.pw_uid, entry.pw_gid)
    if shutil.which("setpriv"):
        return ["setpriv", f"--reuid={entry.pw_uid}", f"--regid={entry.pw_gid}",
                "--clear-groups", "--"]
    return ["runuser", "-u", user, "--"]


def run_topic(topic: Topic, target: Path, timeout: float | None = None) -> TopicRun:
    timeout = timeout or topic.timeout
    run = TopicRun(topic, timeout=timeout)
    key = signing.new_key()
    with tempfile.TemporaryDirectory(prefix="kata-", ignore_cleanup_errors=True) as tmp:
        report, log = Path(tmp) / "report.jsonl", Path(tmp) / "log.txt"
        # the child's temporary files go here too, so a killed child leaves none behind
        env = {**os.environ, "TMPDIR": tmp, "TEMP": tmp, "TMP": tmp,
               "PYTHONDONTWRITEBYTECODE": "1", "PYTHONIOENCODING": "utf-8",
               "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
               "KATA_KEY_ON_STDIN": "1"}  # kata.plugin reads the key from stdin
        user = env.pop(RUN_AS, None)
        prefix = run_as_prefix(user, Path(tmp)) if user else []
        start = time.perf_counter()
        with log.open("wb") as out:
            run.exit_code, run.timed_out = proc.run(
                prefix + pytest_command(topic, target, report), timeout, cwd=ROOT, env=env,
                input=(key + "\n").encode(), stdout=out, stderr=out)
        run.seconds = time.perf_counter() - start
        events, run.rejected = _read_events(report, key)
        run.log = _tail(log)
    _apply(run, events)
    return run


def _read_events(report: Path, key: str) -> tuple[list[dict[str, Any]], int]:
    """The events signed with this run's key, and how many lines were not."""
    events, rejected = [], 0
    if report.exists():
        for line in report.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                event = signing.verify(key, json.loads(line))
            except (json.JSONDecodeError, AttributeError):
                event = None
            if event is None:
                rejected += 1
            else:
                events.append(event)
    return events, rejected


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
                check.seconds = event.get("seconds", 0.0)
            running = None
    if running in by_id:
        run.interrupted = running
