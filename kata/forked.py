"""A judge forked from the warm server (kata/judge.py): imported once there, with pytest and what
the checks use, so that every forked judge starts with it all in place."""

from __future__ import annotations

import os
import sys
import tempfile

import pytest

import kata.plugin
import kata.subject  # noqa: F401 - imported once, in the server, for every judge
from kata import sandbox

# what the checks import on the judge's side
for _name in ("asyncio", "concurrent.futures", "http.server", "psutil", "statistics", "tracemalloc"):
    __import__(_name)


def judge(args: list[str], env: dict[str, str], cwd: str, key: str, log: str) -> None:
    """In the forked child: a session of its own, the run's folder, environment and key; pytest."""
    os.setsid()
    out = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(out, 1)
    os.dup2(out, 2)
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(env)
    tempfile.tempdir = None  # find TMPDIR again: this run's folder
    kata.plugin._key = key
    code = 1
    try:
        if sandbox.enabled():
            sandbox.isolate_network()
        code = int(pytest.main(args))
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
