"""Fixtures every topic's checks share: the graded folder, and the student's code in a process of
its own. The checks (this pytest process, the judge) never import student code: they ask probes
(tests/probes/<slug>.py) running next to it, and judge what comes back."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kata.plugin import target_dir
from kata.subject import Subject


@pytest.fixture(scope="session")
def target(pytestconfig: pytest.Config) -> Path:
    """The folder being graded (--target; solutions/ by default)."""
    return target_dir(pytestconfig)


def topic_id(request: pytest.FixtureRequest) -> str:
    """tests/test_03_greenlet_pingpong.py grades topic 03_greenlet_pingpong."""
    return Path(request.module.__file__).stem.removeprefix("test_")


@pytest.fixture(scope="module")
def source(request: pytest.FixtureRequest, target: Path) -> Path:
    """The student's file (or folder, for 默写) for this test module's topic."""
    folder = target / topic_id(request)
    return folder if folder.is_dir() else target / f"{topic_id(request)}.py"


@pytest.fixture(scope="module")
def new_subject(request: pytest.FixtureRequest, source: Path,
                target: Path) -> Iterator[Callable[[], Subject]]:
    """Make another process for the student's code (each one a fresh interpreter).

    Every process made is stopped, with all it started, when the test module is done.
    """
    made: list[Subject] = []

    def make() -> Subject:
        made.append(Subject(source, target, f"probes.{topic_id(request)[3:]}"))
        return made[-1]

    yield make
    for subject in made:
        subject.close()


@pytest.fixture(scope="module")
def subject(new_subject: Callable[[], Subject]) -> Subject:
    """The student's module, loaded in a process of its own, shared by the module's checks."""
    return new_subject()


# --- legacy: the in-process fixtures of topics not yet moved to kata.subject (removed after) ---
from kata.isolated import Outcome, run_isolated  # noqa: E402
from kata.student import Module, load  # noqa: E402


@pytest.fixture(scope="module")
def topic(source: Path, target: Path) -> Module:
    return Module(load(source, target), source)


@pytest.fixture(scope="module")
def isolated(source: Path, target: Path) -> Callable[..., Outcome]:
    def run(code: str, timeout: float = 20.0) -> Outcome:
        return run_isolated(source, target, code, timeout)
    return run


class Capture:
    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self._capsys = capsys

    def lines(self) -> list[str]:
        return self._capsys.readouterr().out.splitlines()


@pytest.fixture
def capture(capsys: pytest.CaptureFixture[str]) -> Capture:
    return Capture(capsys)
