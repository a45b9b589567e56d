"""Start a child process that can always be stopped, with everything it started.

psutil walks the process tree on Linux, macOS and Windows alike; on POSIX the child also leads a
session of its own, so orphans it left behind (already re-parented) die with the group.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

import psutil

POSIX = os.name == "posix"


def start(cmd: list[str], **kwargs: Any) -> subprocess.Popen:
    if POSIX:
        kwargs["start_new_session"] = True
    else:  # pragma: no cover - Windows
        kwargs["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP
    return subprocess.Popen(cmd, **kwargs)


def kill_tree(proc: subprocess.Popen) -> None:
    """Kill the child and all its descendants, alive or orphaned; reap the child."""
    try:
        family = psutil.Process(proc.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        family = []
    for p in family:
        try:
            p.kill()
        except psutil.NoSuchProcess:
            pass
    if POSIX:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    elif proc.poll() is None:  # pragma: no cover - Windows
        proc.kill()
    proc.wait()
    deadline = time.monotonic() + 5
    while not all(_dead(p) for p in family) and time.monotonic() < deadline:
        time.sleep(0.01)


def _dead(p: psutil.Process) -> bool:
    """Gone, or a zombie: killed, waiting only for whoever adopted it to reap it."""
    try:
        return p.status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def run(cmd: list[str], timeout: float, input: bytes | None = None,
        **kwargs: Any) -> tuple[int | None, bool]:
    """Run to completion or deadline; return (exit code or None, timed out?). Nothing survives.

    `input`, if given, is written to the child's stdin, which is then closed.
    """
    if input is not None:
        kwargs["stdin"] = subprocess.PIPE
    proc = start(cmd, **kwargs)
    try:
        if input is not None:
            try:
                proc.stdin.write(input)
                proc.stdin.close()
            except OSError:  # the child died before reading: its exit code says the rest
                pass
        proc.wait(timeout=timeout)
        timed_out = False
    except subprocess.TimeoutExpired:
        timed_out = True
    finally:
        kill_tree(proc)
    return (None if timed_out else proc.returncode), timed_out


PYTHON = sys.executable
