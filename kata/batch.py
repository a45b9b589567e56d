"""Grade a whole class: one sub-folder per student, each laid out like exercises/.

`python grader.py --batch SUBMISSIONS --out OUT [TOPIC ...]` grades every student with OUR tests
(never tests found in a submission), writes OUT/gradebook.csv (a row per student, a column per
topic, the total) and OUT/<student>/results.json (Gradescope's format). Every topic of every
student runs in its own process with its deadline, so a submission that crashes or hangs costs
only its own points. Topics whose checks measure time or load the machine (the 500-client
servers) run one at a time, after the others have run in parallel: a busy machine must not fail
a right answer.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
import time
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from kata import gradescope
from kata.manifest import ROOT, CourseError, Topic
from kata.runner import TopicRun, run_topic

GRADEBOOK = "gradebook.csv"
# a check that times something, or uses tests/kit (servers, client swarms, CPU shares)
TIMED = re.compile(r"\b(expect_time|best_ratio|perf_counter|monotonic|cpu_times|kit)\b|\.seconds\b")


def is_timed(topic: Topic) -> bool:
    """Does this topic measure time or load the machine? (Then it never shares the CPU.)"""
    return bool(TIMED.search(topic.test_file.read_text(encoding="utf-8")))


@dataclass
class Student:
    name: str
    target: Path  # the folder laid out like exercises/
    runs: dict[str, TopicRun] = field(default_factory=dict)

    def ordered(self, topics: list[Topic]) -> list[TopicRun]:
        return [self.runs[t.id] for t in topics]


def find_students(folder: Path) -> list[Student]:
    """Each sub-folder is a student; a whole clone of the course repo is graded by its exercises/."""
    if not folder.is_dir():
        raise CourseError(f"submissions folder not found: {folder} / 找不到提交文件夹")
    students = []
    for sub in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")):
        inner = sub / "exercises"
        students.append(Student(sub.name, (inner if inner.is_dir() else sub).resolve()))
    return students


def fingerprint(topics: list[Topic]) -> str:
    """A hash of the checks themselves: the files a submission would rewrite to pass them.

    Student code runs as the grading user here, so it could; the Gradescope bundle runs it as a
    user that cannot (kata/bundle.py). Here the batch at least stops and says so.
    """
    files = [ROOT / "tests" / "conftest.py", *(t.test_file for t in topics)]
    digest = hashlib.sha256()
    for file in files:
        digest.update(file.read_bytes())
    return digest.hexdigest()


def _grade(topic: Topic, student: Student, timeout: float | None) -> TopicRun:
    try:
        return run_topic(topic, student.target, timeout)
    except Exception:  # one broken submission must never stop the batch
        return TopicRun(topic, log=traceback.format_exc(), timeout=timeout or topic.timeout)


def notes(student: Student, topics: list[Topic]) -> str:
    said = []
    for run in student.ordered(topics):
        if run.timed_out:
            said.append(f"{run.topic.number}: timed out after {run.timeout:g} s")
        elif not run.graded:
            said.append(f"{run.topic.number}: grading process ended before listing checks")
        elif any(c.outcome == "not_run" for c in run.graded):
            said.append(f"{run.topic.number}: ended early (exit {run.exit_code})")
        if run.rejected:
            said.append(f"{run.topic.number}: ignored {run.rejected} unsigned report line(s)")
    return "; ".join(said)


def write_gradebook(path: Path, students: list[Student], topics: list[Topic]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["student", *(t.id for t in topics), "total", "notes"])
        for s in students:
            runs = s.ordered(topics)
            out.writerow([s.name, *(f"{r.score:.4g}" for r in runs),
                          f"{sum(r.score for r in runs):.4g}", notes(s, topics)])


def grade(folder: Path, out: Path, topics: list[Topic], timeout: float | None = None,
          jobs: int | None = None,
          say: Callable[[str], None] = print) -> list[Student]:
    students = find_students(folder)
    jobs = jobs or max(1, os.cpu_count() or 1)
    before = fingerprint(topics)
    timed_ids = {t.id for t in topics if is_timed(t)}
    pairs = [(s, t) for s in students for t in topics]
    free = [p for p in pairs if p[1].id not in timed_ids]
    timed = [p for p in pairs if p[1].id in timed_ids]
    start = time.perf_counter()
    say(f"grading {len(students)} submission(s) × {len(topics)} topic(s): {len(free)} run(s) "
        f"{jobs} at a time, then {len(timed)} timed run(s) one at a time")

    def record(student: Student, topic: Topic, run: TopicRun) -> None:
        student.runs[topic.id] = run
        if fingerprint(topics) != before:
            raise CourseError(f"grader files changed while grading {student.name} ({topic.id}): "
                              "restore tests/ (git checkout tests) and grade again / "
                              "评分文件在评分时被修改")

    with ThreadPoolExecutor(jobs) as pool:
        futures = {pool.submit(_grade, t, s, timeout): (s, t) for s, t in free}
        for future in as_completed(futures):
            record(*futures[future], future.result())
    for s, t in timed:
        record(s, t, _grade(t, s, timeout))

    out.mkdir(parents=True, exist_ok=True)
    for s in students:
        runs = s.ordered(topics)
        gradescope.write(out / s.name / "results.json", runs, sum(r.seconds for r in runs))
        total = sum(r.score for r in runs)
        say(f"{s.name:<24} {total:>7.4g}/{sum(t.points for t in topics):g}   {notes(s, topics)}")
    write_gradebook(out / GRADEBOOK, students, topics)
    say(f"{len(students)} submission(s), {len(topics)} topic(s) in "
        f"{time.perf_counter() - start:.1f} s → {out / GRADEBOOK}")
    return students
