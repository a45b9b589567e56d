"""Fixtures every topic's checks share: the submission (the folder graded), and the student's code in a process of
its own. The checks (this pytest process, the judge) never import student code: they ask probes
(tests/probes/<slug>.py) running next to it, and judge what comes back."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kata.course import manifest
from kata.judging.plugin import early_subjects, seen_by, target_dir
from kata.judging.subject import Subject

_early: dict[str, Subject] = {}  # topic id -> its first process, started before collection


def pytest_sessionstart(session: pytest.Session) -> None:
    """A graded run names one topic's test file: start its student process now, so that its
    start-up and the student's import overlap with pytest's collection."""
    target = target_dir(session.config)
    started = early_subjects(session.config)  # by a forked judge, before pytest
    for arg in session.config.args:
        name = Path(arg.split("::")[0]).stem
        if name.startswith("test_") and name[5:7].isdigit():
            topic = name.removeprefix("test_")
            _early[topic] = started.get(topic) or Subject(topic_source(target, topic), target, _topic(topic).probes,
                                                          seen=seen_by(session.config))
            _early[topic].prepare()


def pytest_sessionfinish(session: pytest.Session) -> None:
    for subject in _early.values():
        subject.close()


@pytest.fixture(scope="session")
def target(pytestconfig: pytest.Config) -> Path:
    """The folder being graded (--target; solutions/ by default)."""
    return target_dir(pytestconfig)


def _topic(topic: str) -> manifest.Topic:
    return next(t for t in manifest.load().topics if t.id == topic)


def topic_source(target: Path, topic: str) -> Path:
    """Where the topic's file (or 默写 folder) is, or must be created (course.toml says which)."""
    return _topic(topic).source(target)


def topic_id(request: pytest.FixtureRequest) -> str:
    """tests/test_03_greenlet_pingpong.py grades topic 03_greenlet_pingpong."""
    return Path(request.module.__file__).stem.removeprefix("test_")


@pytest.fixture(scope="module")
def source(request: pytest.FixtureRequest, target: Path) -> Path:
    """The student's file (or folder, for 默写) for this test module's topic."""
    return topic_source(target, topic_id(request))


@pytest.fixture(scope="module")
def new_subject(request: pytest.FixtureRequest, source: Path,
                target: Path) -> Iterator[Callable[[], Subject]]:
    """Make another process for the student's code (each one a fresh interpreter).

    Every process made is stopped, with all it started, when the test module is done.
    """
    made: list[Subject] = []

    def make() -> Subject:
        early = _early.pop(topic_id(request), None)
        made.append(early or Subject(source, target, _topic(topic_id(request)).probes, seen=seen_by(request.config)))
        return made[-1]

    yield make
    for subject in made:
        subject.close()


@pytest.fixture(scope="module")
def subject(new_subject: Callable[[], Subject]) -> Subject:
    """The student's module, loaded in a process of its own, shared by the module's checks."""
    return new_subject()

