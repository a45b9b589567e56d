"""One grading loop for every mode: the terminal, --watch, --batch and the Gradescope bundle.

Each (folder, topic) pair is a `Job`, graded by a judge of its own (kata/judging/runner.py). A session
runs several at once within the machine's CPU budget, taken from the manifest: each topic's run
occupies `load` CPUs (course.toml: topics that measure time need more than those that do not),
and runs start while the loads of those running add up to no more than the CPUs there are. A job
that does not fit yet lets later, lighter ones start; one job always runs, whatever its load.
The judges are forked from a warm server (kata/judging/judge.py), started when the session is.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from kata.course.manifest import Topic
from kata.course.model import TopicRun
from kata.judging import judge
from kata.judging.runner import run_topic


@dataclass(frozen=True)
class Job:
    topic: Topic
    target: Path  # the submission: a folder laid out like exercises/
    owner: str = ""  # the student, in a batch


@dataclass
class Graded:
    job: Job
    run: TopicRun
    began: float  # perf_counter when its judge started
    ended: float


class Session:
    def __init__(self, timeout: float | None = None, cpus: float | None = None, warm: bool = True,
                 sandboxed: bool = False) -> None:
        self.timeout = timeout  # seconds per topic, instead of the manifest's
        self.cpus = cpus or float(os.cpu_count() or 1)
        self.sandboxed = sandboxed  # student code in the sandbox (kata/judging/sandbox.py)
        if warm:
            judge.warm_up()

    def grade_one(self, job: Job) -> Graded:
        began = time.perf_counter()
        run = run_topic(job.topic, job.target, self.timeout, self.sandboxed)
        return Graded(job, run, began, time.perf_counter())

    def grade(self, jobs: list[Job], done: Callable[[Graded], None] | None = None,
              in_order: bool = False) -> list[Graded]:
        """Grade every job; `done` hears of each as it ends (in the jobs' order if `in_order`).
        Returns them all in the jobs' order."""
        pending, results = list(range(len(jobs))), [None] * len(jobs)
        running: dict[Future[Graded], int] = {}
        told = 0
        with ThreadPoolExecutor(max(1, int(self.cpus * 2))) as pool:
            while pending or running:
                used = sum(jobs[i].topic.load for i in running.values())
                for i in list(pending):
                    if running and used + jobs[i].topic.load > self.cpus + 1e-9:
                        continue
                    pending.remove(i)
                    running[pool.submit(self.grade_one, jobs[i])] = i
                    used += jobs[i].topic.load
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    i = running.pop(future)
                    results[i] = future.result()
                    if done and not in_order:
                        done(results[i])
                while in_order and done and told < len(jobs) and results[told] is not None:
                    done(results[told])
                    told += 1
        return results
