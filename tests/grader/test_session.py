"""The grading loop's schedule (kata/judging/session.py): topics side by side while their loads fit the
CPUs, results told in order. Jobs here are stand-ins that only note when they ran."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from pathlib import Path

from kata.course import manifest
from kata.course.model import TopicRun
from kata.judging.session import Graded, Job, Session

TOPIC = manifest.load().topics[0]


class Recorder(Session):
    """A session whose jobs take a moment and record how much load ran at once."""

    def __init__(self, cpus: float) -> None:
        super().__init__(cpus=cpus, warm=False)
        self.lock = threading.Lock()
        self.load = self.most = 0.0
        self.started: list[str] = []

    def grade_one(self, job: Job) -> Graded:
        with self.lock:
            self.load += job.topic.load
            self.most = max(self.most, self.load)
            self.started.append(job.owner)
        time.sleep(0.05)  # the work a judge would do
        with self.lock:
            self.load -= job.topic.load
        return Graded(job, TopicRun(job.topic), 0.0, 0.0)


def jobs(*loads: float) -> list[Job]:
    return [Job(replace(TOPIC, load=load), Path("."), f"job{i}") for i, load in enumerate(loads)]


def test_runs_go_side_by_side_while_their_loads_fit():
    session = Recorder(cpus=2)
    session.grade(jobs(1, 1, 1, 0.5, 0.5, 1))
    assert session.most == 2


def test_a_job_heavier_than_the_machine_still_runs_alone():
    session = Recorder(cpus=1)
    session.grade(jobs(1.5, 0.5))
    assert session.most == 1.5 and session.started == ["job0", "job1"]


def test_a_job_that_does_not_fit_lets_a_lighter_one_start():
    session = Recorder(cpus=2)
    session.grade(jobs(1.5, 1, 0.5))
    assert session.started[:2] == ["job0", "job2"]


def test_results_are_told_in_the_jobs_order_when_asked():
    heard = []
    results = Recorder(cpus=2).grade(jobs(1, 0.5, 0.5, 1), lambda g: heard.append(g.job.owner),
                                     in_order=True)
    assert heard == ["job0", "job1", "job2", "job3"] == [g.job.owner for g in results]
