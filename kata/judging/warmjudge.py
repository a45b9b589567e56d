"""A judge forked from the warm server (kata/judging/judge.py): imported once there, with pytest and the
plugins every session loads, so that every forked judge starts with it all in place.

The server's start is on the path to the first verdict (`python grader.py 01`), so it loads only what
every judge needs; a check's own imports (asyncio for the network topics, say) are the judge's. What it
loaded is then frozen out of the garbage collector's reach: each judge's collections (pytest runs two
full ones as it ends) look only at what that judge made, and never touch the server's pages."""

from __future__ import annotations

import gc

gc.disable()  # nothing loaded here is garbage: collecting while loading only costs time

import importlib
import os
import sys
import tempfile
from pathlib import Path

import pytest
from _pytest.config import default_plugins

import kata.judging.plugin
from kata.course.manifest import Topic
from kata.judging import sandbox
from kata.judging.subject import Subject

# pytest's own plugins, and the debugger and unittest that two of them import as a session starts
for _name in [f"_pytest.{name}" for name in default_plugins] + ["pdb", "unittest"]:
    importlib.import_module(_name)
gc.freeze()
gc.enable()


def judge(args: list[str], env: dict[str, str], cwd: str, key: str, log: str, topic: Topic | None = None,
          target: Path | None = None) -> None:
    """In the forked child: a session of its own, the run's folder, environment and key; the
    student's process for `topic` started at once; pytest."""
    os.setsid()
    out = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(out, 1)
    os.dup2(out, 2)
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(env)
    tempfile.tempdir = None  # find TMPDIR again: this run's folder
    code = 1
    try:
        if sandbox.enabled():
            sandbox.isolate_network()
        plugins: list[object] = [kata.judging.plugin.GivenKey(key)]
        if topic is not None and target is not None:
            early = Subject(topic.source(target), target, topic.probes)
            early.prepare()
            plugins.append(kata.judging.plugin.EarlySubject(topic.id, early))
        code = int(pytest.main(args, plugins=plugins))
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
