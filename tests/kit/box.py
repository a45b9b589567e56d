"""Whether the sandbox (kata/sandbox.py) starts on this machine, asked once per test session.

Tests that need it call `required()`: without it they skip and say how to get it, except in CI
(`CI` set), where .ci/run installs bubblewrap, so a sandbox that cannot start fails the suite.
Tests of the grader's other mechanics grade with it where it starts (`batch_flags`).
"""

from __future__ import annotations

import functools
import os

import pytest

from kata import sandbox


@functools.cache
def problem() -> sandbox.Problem | None:
    return sandbox.problem()


def available() -> bool:
    return problem() is None


def required() -> None:
    found = problem()
    if found is None:
        return
    why = f"the sandbox cannot start here: {found.en}"
    if os.environ.get("CI"):
        pytest.fail(why)
    pytest.skip(why)


def batch_flags() -> list[str]:
    """--batch's flag for this machine: the sandbox where it starts, else said off."""
    return [] if available() else ["--no-sandbox"]
