"""A judge forked from the warm server (kata/judging/judge.py): imported once there, with pytest and what
the checks use, so that every forked judge starts with it all in place."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest

import kata.judging.plugin
from kata.course.manifest import Topic
from kata.judging import sandbox
from kata.judging.subject import Subject

# what the checks import on the judge's side
for _name in ("asyncio", "concurrent.futures", "http.server", "psutil", "statistics", "tracemalloc"):
    __import__(_name)


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
