"""The pytest side of the grader (the judge): which folder to grade, and a report the parent can trust.

Loaded for every run (`-p kata.judging.plugin` in pyproject.toml). With `--kata-report FILE` each event is
appended to FILE as one JSON line the moment it happens, so when the run is killed at its
deadline, the grader still knows which checks passed, which one was running, and which never ran.
Each event is signed with a per-run secret the grader writes to stdin (kata/judging/signing.py), so lines
that anything else appends to the file do not count. The last event says how many results were
reported, for the grader to compare with pytest's own exit status.

Student code never runs in this process (kata/judging/subject.py): an exception here that is not a
check's failure is the grader's own fault, and is reported as such.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from kata.checks import CheckFailed, Crash, Feedback, Kind, cut
from kata.course.manifest import CourseError, solutions, target_path
from kata.judging import events, signing
from kata.judging.crashes import MAX_CRASHES
from kata.judging.subject import Seen, Subject

KEY_FLAG = "KATA_KEY_ON_STDIN"  # set by the grader: its secret waits on stdin


def _read_key() -> str | None:
    """Read the grader's secret at import: before pytest takes over stdin, before student code."""
    if os.environ.pop(KEY_FLAG, None) != "1" or sys.stdin is None:
        return None
    return sys.stdin.readline().strip() or None


_key = _read_key()


def target_dir(config: pytest.Config) -> Path:
    name = config.getoption("target")
    try:
        return solutions() if name == "solutions" else target_path(name)
    except CourseError as exc:  # a plain `pytest` in the student edition, which has no solutions/
        raise pytest.UsageError(str(exc)) from None


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("kata")
    group.addoption("--target", default="solutions",
                    help="folder to grade: exercises, solutions or any folder laid out like them")
    group.addoption("--kata-report", default=None, help="append JSON-lines results to this file")


def pytest_report_header(config: pytest.Config) -> str:
    return (f"kata: grading {target_dir(config)} "
            "(students: run `python grader.py` instead / 学生请运行 python grader.py)")


def _doc(item: pytest.Item) -> dict[str, str]:
    """A check's description: its docstring's first line is 中文, the second English."""
    doc = getattr(getattr(item, "function", None), "__doc__", None) or ""
    lines = [line.strip() for line in doc.strip().splitlines() if line.strip()]
    name = item.originalname.removeprefix("test_").replace("_", " ")
    zh, en = (lines + [name, name])[:2] if lines else (name, name)
    callspec = getattr(item, "callspec", None)
    if callspec:  # parametrized: say which case
        zh, en = f"{zh} [{callspec.id}]", f"{en} [{callspec.id}]"
    return {"zh": zh, "en": en}


def scores(item: pytest.Item) -> bool:
    """Whether a check counts for points: benchmarks only report numbers."""
    return "benchmark" not in getattr(item, "fixturenames", ())


def judged(exc: BaseException) -> CheckFailed:
    """A check's failure as the student reads it; anything else is a fault of the grader's."""
    if isinstance(exc, CheckFailed):
        return exc
    where = ""
    tb = exc.__traceback__
    while tb is not None:
        where = f" ({Path(tb.tb_frame.f_code.co_filename).name}:{tb.tb_lineno})"
        tb = tb.tb_next
    text = f"{type(exc).__name__}: {exc}{where}"
    return CheckFailed(f"评分器出错，不是你的代码的问题：{text}", f"The grader failed, not your code: {text}",
                       kind=Kind.GRADER)


class Reporter:
    def __init__(self, path: Path, target: Path, key: str | None, seen: Seen) -> None:
        self.path, self.target, self._key = path, target, key
        self.seen = seen  # what the student's processes showed this judge (kata/judging/subject.py)
        self.failures: dict[str, Feedback] = {}
        self.outcomes: dict[str, str] = {}
        self.seconds: dict[str, float] = {}
        self.results = 0
        self.crashes: dict[str, list[Crash]] = {}  # test module -> crashed greenlets its requests met

    def notes(self) -> None:
        """What the grader noticed about the student's processes (say, data nobody asked for)."""
        for zh, en in self.seen.take_notes():
            self.emit(events.Note(zh, en))

    def emit(self, record: events.Event) -> None:
        event = events.to_json(record)
        if self._key:
            event = signing.sign(self._key, event)
        with self.path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(event, ensure_ascii=False) + "\n")

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        checks = [{"id": item.nodeid, "name": item.name, "doc": _doc(item)}
                  for item in session.items if scores(item)]
        self.emit(events.Collected(checks))

    def pytest_runtest_logstart(self, nodeid: str) -> None:
        self.seen.take_printed()  # what earlier checks' requests printed is theirs
        self.emit(events.Started(nodeid))

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]):
        report = yield
        met = self.crashes.setdefault(item.nodeid.split("::")[0], [])
        for crash in self.seen.take_crashed():
            if not any((c.error, c.frames) == (crash.error, crash.frames) for c in met):
                met.append(crash)
        if report.failed and call.excinfo is not None and item.nodeid not in self.failures:
            feedback = judged(call.excinfo.value).feedback()
            if met:  # said first: the check below saw only its consequence
                feedback = replace(feedback, crashes=tuple(met[:MAX_CRASHES]))
            printed = self.seen.take_printed()
            if printed and not feedback.output:
                feedback = replace(feedback, output=tuple(cut(printed)))
            self.failures[item.nodeid] = feedback
        return report

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self.seconds[report.nodeid] = self.seconds.get(report.nodeid, 0.0) + report.duration
        if report.when == "teardown":
            self.notes()  # a module's processes close in its last check's teardown
            failed = report.nodeid in self.failures
            self.results += 1
            self.emit(events.Result(report.nodeid, "failed" if failed else self.outcomes.get(report.nodeid),
                                    self.failures.get(report.nodeid), round(self.seconds[report.nodeid], 4)))
        elif report.when == "call" or report.skipped:
            self.outcomes[report.nodeid] = report.outcome

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        self.notes()
        self.emit(events.Finished(self.results, int(exitstatus)))


@dataclass(frozen=True)
class GivenKey:
    """The grader's secret handed to a judge forked from the warm server (kata/judging/warmjudge.py),
    as a pytest plugin: a fresh judge reads it from stdin instead."""

    key: str


@dataclass(frozen=True)
class EarlySubject:
    """The student's process for the topic a forked judge grades, started before pytest itself
    (kata/judging/warmjudge.py), so that its start-up overlaps pytest's: tests/conftest.py takes it
    as the topic's first process."""

    topic: str
    subject: Subject


def early_subjects(config: pytest.Config) -> dict[str, Subject]:
    return {p.topic: p.subject for p in config.pluginmanager.get_plugins() if isinstance(p, EarlySubject)}


_SEEN = pytest.StashKey[Seen]()


def seen_by(config: pytest.Config) -> Seen:
    """What this judge's student processes show it and no probe took: one for all of them, which
    the reporter reads (tests/conftest.py gives it to every Subject it makes)."""
    return config.stash[_SEEN]


def pytest_configure(config: pytest.Config) -> None:
    global _key
    key, _key = _key, None  # only the reporter keeps it
    given = [p.key for p in config.pluginmanager.get_plugins() if isinstance(p, GivenKey)]
    key = given[0] if given else key
    early = list(early_subjects(config).values())
    config.stash[_SEEN] = seen = early[0].seen if early else Seen()
    path = config.getoption("kata_report")
    if path:
        config.pluginmanager.register(Reporter(Path(path), target_dir(config), key, seen), "kata-reporter")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Benchmarks run only when asked for (`pytest --benchmark-only` or `--benchmark-enable`);
    the grader's run leaves them out altogether, so that pytest counts exactly the checks that score."""
    if config.getoption("kata_report"):
        dropped = [item for item in items if not scores(item)]
        if dropped:
            config.hook.pytest_deselected(items=dropped)
            items[:] = [item for item in items if scores(item)]
        return
    if config.getoption("benchmark_only", False) or config.getoption("benchmark_enable", False):
        return
    skip = pytest.mark.skip(reason="benchmark: run with --benchmark-only")
    for item in items:
        if not scores(item):
            item.add_marker(skip)
