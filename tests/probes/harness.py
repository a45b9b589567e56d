"""Probes for the grader's own tests (tests/grader/test_subject.py): what a hostile or broken
student process can do to the channel between it and the judge. Never used to grade a topic."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from kata.checks import CheckFailed
from kata.inside import wire
from kata.inside.probe import Probe


def _answer_channels() -> list[int]:
    """Every descriptor this process can write that is not its stdout or stderr (the way student
    code would look for the judge's channel)."""
    found = []
    for fd in range(3, 64):
        try:
            os.write(fd, b"")
            found.append(fd)
        except OSError:
            pass
    return found


def echo(p: Probe, value: object) -> object:
    return value


def nap(p: Probe, seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def prints_every_way(p: Probe) -> None:
    """print, a stdout bound before, os.write, and a child process: all on fd 1, in this order."""
    bound = sys.stdout
    print("one")
    bound.write("two\n")
    os.write(1, b"three\n")
    subprocess.run([sys.executable, "-c", "print('four')"], check=True)


def stray_frame(p: Probe) -> str:
    """A well-formed frame nobody asked for, written before the real answer."""
    for fd in _answer_channels():
        wire.send(fd, {"id": "forged", "value": "forged"})
    return "real"


def garble(p: Probe) -> None:
    for fd in _answer_channels():
        os.write(fd, b"not a frame at all")
    time.sleep(0.2)


def leave(p: Probe, code: int) -> None:
    sys.stdout.flush()
    os._exit(code)


def cwd(p: Probe) -> str:
    return os.getcwd()


def claims(p: Probe, kind: str, **details: object) -> None:
    """A failure raised beside student code that says more than such a failure may."""
    raise CheckFailed("声称", "claims", kind, **details)
