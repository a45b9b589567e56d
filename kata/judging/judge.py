"""Start one topic's judge (pytest, with our tests and kata.judging.plugin) with a deadline.

Where the system can fork (Linux, macOS), judges are forked from a server process that has
already imported pytest, the grader's plugin and what the checks use (multiprocessing's
forkserver): every judge still starts from that same clean state, since nothing of one judge
reaches the server or another judge, but without paying pytest's start-up again (measured here:
0.28 s against 0.77 s for topic 01). Student code never runs in the server or in a judge
(kata/judging/subject.py). Elsewhere (Windows), each judge is a new interpreter.

Either way the judge leads a process group of its own, and when it ends or its deadline comes,
it is killed with everything it started. The run's key reaches a forked judge in memory (it never
touches argv, the environment or a file); a new interpreter reads it from its stdin.
"""

from __future__ import annotations

import multiprocessing
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only multiprocessing before the server starts: its start is on the first verdict's path
    from pathlib import Path

    from kata.course.manifest import Topic

FORKS = "forkserver" in multiprocessing.get_all_start_methods()


def _context() -> multiprocessing.context.BaseContext:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["kata.judging.warmjudge"])
    return context


def warm_up() -> None:
    """Start the server now (it takes as long as one cold judge), so the first judge need not."""
    if FORKS:
        from multiprocessing import forkserver

        _context()
        forkserver.ensure_running()


def _forked(args: list[str], env: dict[str, str], cwd: str, key: str, log: str, topic: Topic | None,
            target: Path | None) -> None:
    from kata.judging import warmjudge  # already imported in the server: this costs nothing

    warmjudge.judge(args, env, cwd, key, log, topic, target)


def run(args: list[str], *, env: dict[str, str], cwd: Path, key: str, log: Path, timeout: float,
        topic: Topic | None = None, target: Path | None = None) -> tuple[int | None, bool]:
    """Run pytest with `args` to completion or deadline: (exit code or None, timed out?). A forked
    judge starts the student's process for `topic` in `target` before pytest (kata/judging/warmjudge.py)."""
    from kata.judging import proc

    if not FORKS:
        with log.open("ab") as out:
            return proc.run([sys.executable, "-m", "pytest", *args], timeout, cwd=cwd,
                            env={**env, "KATA_KEY_ON_STDIN": "1"}, input=(key + "\n").encode(),
                            stdout=out, stderr=out)
    judge = _context().Process(target=_forked, args=(args, env, str(cwd), key, str(log), topic, target))
    judge.start()
    judge.join(timeout)
    timed_out = judge.exitcode is None
    proc.kill_family(judge.pid, lambda: judge.exitcode is None, judge.join)
    return (None if timed_out else judge.exitcode), timed_out
