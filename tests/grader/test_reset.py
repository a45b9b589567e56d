"""`--reset` puts a stub back from git history, and asks before it throws work away."""

from __future__ import annotations

import subprocess

import pytest
from kit.grader import run_grader

from kata.manifest import ROOT

STUB = ROOT / "exercises" / "01_generators.py"


@pytest.fixture
def worked_on():
    """exercises/01 replaced by a student's work for the test; put back afterwards."""
    original = STUB.read_bytes()
    STUB.write_text((ROOT / "solutions" / "01_generators.py").read_text(encoding="utf-8"),
                    encoding="utf-8")
    yield original
    STUB.write_bytes(original)


def reset(answer: str | None) -> subprocess.CompletedProcess:
    args = ["--reset", "01", "--lang", "en"] + (["--yes"] if answer is None else [])
    return run_grader(*args, stdin=answer or "", timeout=60)


def test_reset_asks_and_keeps_the_work_on_no(worked_on):
    before = STUB.read_bytes()
    proc = reset("n\n")
    assert "Are you sure? [y/N]" in proc.stdout
    assert proc.returncode == 1 and STUB.read_bytes() == before


def test_reset_on_yes_restores_the_untouched_stub(worked_on):
    proc = reset("y\n")
    assert proc.returncode == 0, proc.stdout
    assert STUB.read_bytes() == worked_on


def test_reset_with_yes_does_not_ask(worked_on):
    proc = reset(None)
    assert "Are you sure" not in proc.stdout
    assert proc.returncode == 0 and STUB.read_bytes() == worked_on
