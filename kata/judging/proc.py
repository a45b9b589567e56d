"""Start a child process that can always be stopped, with everything it started.

psutil walks the process tree on Linux, macOS and Windows alike; on POSIX the child also leads a
session of its own, so orphans it left behind (already re-parented) die with the group.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psutil

POSIX = os.name == "posix"
RUN_AS = "KATA_RUN_AS"  # a user name: student code runs as that user (POSIX, when the grader is root)


def start(cmd: list[str], group: bool = True, **kwargs: Any) -> subprocess.Popen:
    """Start `cmd`; with `group`, as the leader of a process group (a session, on POSIX) of its own."""
    if group and POSIX:
        kwargs["start_new_session"] = True
    elif group:  # pragma: no cover - Windows
        kwargs["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP
    return subprocess.Popen(cmd, **kwargs)


def run_as_prefix(user: str, folder: Path) -> list[str]:
    """Command prefix that runs a child as `user` (POSIX, as root), who gets `folder` to write in."""
    import pwd  # POSIX only, like the feature

    entry = pwd.getpwnam(user)
    os.chown(folder, entry.pw_uid, entry.pw_gid)
    if shutil.which("setpriv"):
        return ["setpriv", f"--reuid={entry.pw_uid}", f"--regid={entry.pw_gid}",
                "--clear-groups", "--"]
    return ["runuser", "-u", user, "--"]


def kill_tree(proc: subprocess.Popen) -> None:
    """Kill the child and all its descendants, alive or orphaned; reap the child.

    Orphans are found through the child's process group, when it leads one (see `start`).
    """
    kill_family(proc.pid, lambda: proc.poll() is None, proc.wait)


def kill_family(pid: int, alive: Callable[[], bool], reap: Callable[[], object]) -> None:
    """Kill our child `pid`, its descendants and its process group (if it leads one); `reap`
    collects its exit status; then wait (briefly) until every descendant is gone.

    A child already reaped is never looked up by its pid, which the system may have reused;
    its group id cannot be reused while anything of the group lives.
    """
    family = []
    if alive():
        try:
            family = psutil.Process(pid).children(recursive=True)
            for p in [*family, psutil.Process(pid)]:
                try:
                    p.kill()
                except psutil.NoSuchProcess:
                    pass
        except psutil.NoSuchProcess:
            pass
    if POSIX:
        try:
            os.killpg(pid, signal.SIGKILL)  # no group of that id: nothing happens
        except (ProcessLookupError, PermissionError):
            pass
    reap()
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

