"""Grade one topic: our tests, in a fresh pytest process (the judge), against a target folder.

The judge runs with a deadline, in a temporary working folder, and never runs student code itself
(kata/judging/subject.py starts processes of their own for it). What it reports is trusted only when
signed with this run's key, only once per check, and only when it agrees with pytest's own exit
status; a check that never reported, was skipped or errored scores 0. The grader's own files are
fingerprinted before and after (kata/judging/integrity.py): a topic that changed them fails.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from kata.checks import Feedback, Kind
from kata.course.manifest import ROOT, Topic
from kata.course.model import Check, Outcome, TopicRun
from kata.judging import events, integrity, judge, proc, sandbox, signing

LOG_TAIL = 4000  # characters of the judge's own output kept when it crashes
TAMPERED = {"zh": "评分报告被篡改：报告的结果和 pytest 自己的结论对不上，这个题目记 0 分。",
            "en": "The report was tampered with: the results reported do not agree with pytest's "
                  "own verdict, so this topic scores 0."}


def pytest_args(topic: Topic, target: Path, report: Path) -> list[str]:
    """Our own test file and config only: tests or conftest files inside the target never run.

    Our reporter tells failures, so pytest's own tracebacks are off (they cost 30 ms each).
    """
    return [str(topic.test_file), "-c", str(ROOT / "pyproject.toml"), "--rootdir", str(ROOT),
            "--target", str(target), "--kata-report", str(report), "-q", "--tb=no", *UNUSED_PLUGINS]


# pytest's own plugins a graded run never needs (the last three act only on options we never give;
# each plugin loaded costs a judge a scan for fixtures); installed ones are not loaded at all
# (PYTEST_DISABLE_PLUGIN_AUTOLOAD: benchmarks are not graded, requests-mock's fixture is unused)
UNUSED_PLUGINS = [arg for name in ("cacheprovider", "doctest", "pastebin", "junitxml", "legacypath",
                                   "stepwise", "setuponly", "setupplan")
                  for arg in ("-p", f"no:{name}")]


def run_topic(topic: Topic, target: Path, timeout: float | None = None, sandboxed: bool = False) -> TopicRun:
    """Grade `topic` of the folder `target`; `sandboxed`: student code in the sandbox
    (kata/judging/sandbox.py), the judge grading a copy of the topic's files that follows no link."""
    timeout = timeout or topic.timeout
    run = TopicRun(topic, timeout=timeout, sandboxed=sandboxed)
    key = signing.new_key()
    first = integrity.baseline()
    before = integrity.fingerprint()
    with tempfile.TemporaryDirectory(prefix="kata-", ignore_cleanup_errors=True) as tmp:
        report, log = Path(tmp) / "report.jsonl", Path(tmp) / "log.txt"
        # every temporary file of the judge and of the student's processes goes here too, so a
        # killed run leaves none behind
        env = {**os.environ, "TMPDIR": tmp, "TEMP": tmp, "TMP": tmp,
               "PYTHONDONTWRITEBYTECODE": "1", "PYTHONIOENCODING": "utf-8",
               "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
               "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
        if sandboxed:
            env[sandbox.SWITCH] = "1"
            staged = Path(tmp) / "submission"
            staged.mkdir()
            sandbox.copy_topic(topic.source(target), staged)
            target = staged
        elif os.environ.get(proc.RUN_AS):
            os.chmod(tmp, 0o755)  # the unprivileged user works in folders made inside it
        log.touch()
        report.touch()  # there from the start, as the student's process may start before pytest (warmjudge)
        start = time.perf_counter()
        run.exit_code, run.timed_out = judge.run(pytest_args(topic, target, report), env=env,
                                                 cwd=Path(tmp), key=key, log=log, timeout=timeout,
                                                 topic=topic, target=target)
        run.seconds = time.perf_counter() - start
        if sandboxed:
            sandbox.Cgroup.sweep(Path(tmp).name)
        events, run.rejected = _read_events(report, key)
        run.log = _tail(log)
    _apply(run, events)
    changed = sorted(set(integrity.changes(first, before) + integrity.changes(before, integrity.fingerprint())))
    if changed:
        run.files_changed = changed
        files = ", ".join(changed[:5])
        _distrust(run, {"zh": f"评分器自己的文件在评分时被修改了（{files}）：这个题目记 0 分。"
                              "用 git checkout 恢复它们，再重新评分。",
                        "en": f"The grader's own files changed while grading ({files}): this topic "
                              "scores 0. Restore them (git checkout) and grade again."})
    return run


def _read_events(report: Path, key: str) -> tuple[list[dict[str, Any]], int]:
    """The events signed with this run's key, and how many lines were not."""
    found, rejected = [], 0
    if report.exists():
        for line in report.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                event = signing.verify(key, json.loads(line))
            except (json.JSONDecodeError, AttributeError):
                event = None
            if event is None:
                rejected += 1
            else:
                found.append(event)
    return found, rejected


def _tail(log: Path) -> str:
    with log.open("rb") as fh:
        fh.seek(max(0, log.stat().st_size - LOG_TAIL))
        return fh.read().decode("utf-8", errors="replace")


def _apply(run: TopicRun, reported: list[dict[str, Any]]) -> None:
    """Points come only from results the judge reported (kata/judging/events.py); anything
    unreported scores 0."""
    by_id: dict[str, Check] = {}
    running, finished, duplicates = None, None, 0
    for event in map(events.from_json, reported):
        if isinstance(event, events.Collected) and not by_id:
            run.checks = [Check(c["id"], c["name"], c["doc"]) for c in event.checks]
            by_id = {c.id: c for c in run.checks}
        elif isinstance(event, events.Started):
            running = event.id
        elif isinstance(event, events.Result) and event.id in by_id:
            check = by_id[event.id]
            if check.outcome == Outcome.NOT_RUN:
                passed = event.outcome == Outcome.PASSED
                check.outcome = Outcome.PASSED if passed else Outcome.FAILED
                check.feedback = event.feedback
                if event.outcome == "skipped":
                    check.feedback = Feedback(Kind.ERROR, "这一项被跳过了：跳过的检查记 0 分。",
                                              "This check was skipped: a skipped check scores 0.")
                check.seconds = event.seconds
            else:
                duplicates += 1
            running = None
        elif isinstance(event, events.Note):
            run.notes.append({"zh": event.zh, "en": event.en})
        elif isinstance(event, events.Finished):
            finished = event
    if running in by_id:
        run.interrupted = running
    if not run.timed_out and run.exit_code in (0, 1) and not _agrees(run, finished, duplicates):
        _distrust(run, TAMPERED)


def _agrees(run: TopicRun, finished: events.Finished | None, duplicates: int) -> bool:
    """Does the report agree with pytest's own exit status (0: all passed, 1: some failed)?"""
    if finished is None or duplicates or finished.exitstatus != run.exit_code:
        return False
    reported = [c for c in run.checks if c.outcome != Outcome.NOT_RUN]
    if len(reported) != len(run.checks) or finished.results != len(run.checks):
        return False
    return (run.exit_code == 0) == all(c.outcome == Outcome.PASSED for c in run.checks)


def _distrust(run: TopicRun, why: dict[str, str]) -> None:
    """Nothing of this run counts: every check fails, saying why."""
    run.tampered = why
    for check in run.checks:
        check.outcome, check.feedback = Outcome.FAILED, Feedback(Kind.TAMPERED, why["zh"], why["en"])
