"""Fixtures every topic's checks share: the graded folder, the student's module, their output."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kata.isolated import Outcome, run_isolated
from kata.plugin import target_dir
from kata.student import Module, load


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
def topic(source: Path, target: Path) -> Module:
    """The student's module, imported once per test file (import errors fail every check)."""
    return Module(load(source, target), source)


@pytest.fixture(scope="module")
def isolated(source: Path, target: Path) -> Callable[..., Outcome]:
    """Run a snippet against the student's module in a fresh, unpatched interpreter.

    `isolated("result = m.main(0.1)", timeout=10)` -> Outcome(value, lines, stderr, seconds).
    In the snippet, `m` is the student's module (None for a folder: use `load("server.py")`).
    """
    def run(code: str, timeout: float = 20.0) -> Outcome:
        return run_isolated(source, target, code, timeout)
    return run


class Capture:
    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self._capsys = capsys

    def lines(self) -> list[str]:
        """The lines printed since the last call."""
        return self._capsys.readouterr().out.splitlines()


@pytest.fixture
def capture(capsys: pytest.CaptureFixture[str]) -> Capture:
    return Capture(capsys)

