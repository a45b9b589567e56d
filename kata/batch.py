"""Grade a whole class: one sub-folder per student, each laid out like exercises/.

`python grader.py --batch SUBMISSIONS --out OUT [TOPIC ...]` grades every student with OUR tests
(never tests found in a submission), writes OUT/gradebook.csv (a row per student, a column per
topic, the total) and OUT/<student>/results.json (Gradescope's format). Every topic of every
student runs in its own process with its deadline, so a submission that crashes or hangs costs
only its own points. Topics whose checks measure time or load the machine (the 500-client
servers) run one at a time, after the others have run in parallel: a busy machine must not fail
a right answer.

The grader's own files are fingerprinted around every run (kata/integrity.py). A run during
which they changed is graded again alone, after the files are put back (and the console says
so): a submission that changes them again is not graded further, and its notes say why.
"""

from __future__ import annotations

import csv
import os
import re
import time
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from kata import gradescope, integrity
from kata.manifest import CourseError, Topic
from kata.runner import TopicRun, run_topic

GRADEBOOK = "gradebook.csv"
# a check that times something, or uses tests/kit (servers, client swarms, CPU shares)
TIMED = re.compile(r"\b(expect_time|seconds|perf_counter|monotonic|cpu_times|kit\.(?:net|http))\b|\.seconds\b")


def is_timed(topic: Topic) -> bool:
    """Does this topic measure time or load the machine? (Then it never shares the CPU.)"""
    return bool(TIMED.search(topic.test_file.read_text(encoding="utf-8")))


@dataclass
class Student:
    name: str
    target: Path  # the folder laid out like exercises/
    runs: dict[str, TopicRun] = field(default_factory=dict)
    stopped: str = ""  # why grading stopped for this student, if it did

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


def _grade(topic: Topic, student: Student, timeout: float | None) -> tuple[TopicRun, float, float]:
    """The run, and when it started and ended (to tell which runs overlapped)."""
    start = time.perf_counter()
    try:
        run = run_topic(topic, student.target, timeout)
    except Exception:  # one broken submission must never stop the batch
        run = TopicRun(topic, log=traceback.format_exc(), timeout=timeout or topic.timeout)
    return run, start, time.perf_counter()


def notes(student: Student, topics: list[Topic]) -> str:
    said = [student.stopped] if student.stopped else []
    for run in student.ordered(topics):
        if student.stopped and not run.checks:
            continue  # not graded: the note above says why
        if run.timed_out:
            said.append(f"{run.topic.number}: timed out after {run.timeout:g} s")
        elif not run.graded:
            said.append(f"{run.topic.number}: grading process ended before listing checks")
        elif any(c.outcome == "not_run" for c in run.graded):
            said.append(f"{run.topic.number}: ended early (exit {run.exit_code})")
        if run.rejected:
            said.append(f"{run.topic.number}: ignored {run.rejected} unsigned report line(s)")
        if run.tampered and not run.files_changed:
            said.append(f"{run.topic.number}: report did not agree with pytest (tampered)")
        if run.grader_error:
            said.append(f"{run.topic.number}: grader error (not the student's)")
        said += [f"{run.topic.number}: {note['en']}" for note in run.notes]
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
    saved = integrity.snapshot()
    integrity.baseline()
    timed_ids = {t.id for t in topics if is_timed(t)}
    pairs = [(s, t) for s in students for t in topics]
    free = [p for p in pairs if p[1].id not in timed_ids]
    timed = [p for p in pairs if p[1].id in timed_ids]
    windows: dict[tuple[str, str], tuple[float, float]] = {}
    changed_during: list[tuple[float, float]] = []  # runs that saw the grader's files change
    start = time.perf_counter()
    say(f"grading {len(students)} submission(s) × {len(topics)} topic(s): {len(free)} run(s) "
        f"{jobs} at a time, then {len(timed)} timed run(s) one at a time")

    def put_back(student: Student, topic: Topic) -> None:
        restored = integrity.restore(saved)
        if restored:
            say(f"grader files changed while grading {student.name} ({topic.id}), put back: "
                f"{', '.join(restored[:5])} / 评分文件在评分时被修改，已恢复")

    def record(student: Student, topic: Topic, graded: tuple[TopicRun, float, float]) -> None:
        run, began, ended = graded
        student.runs[topic.id] = run
        windows[student.name, topic.id] = (began, ended)
        if run.files_changed:  # this run or one beside it changed them: which, is found out alone
            changed_during.append((began, ended))
            put_back(student, topic)

    with ThreadPoolExecutor(jobs) as pool:
        futures = {pool.submit(_grade, t, s, timeout): (s, t) for s, t in free}
        for future in as_completed(futures):
            record(*futures[future], future.result())
    for s, t in timed:
        record(s, t, _grade(t, s, timeout))
    suspects = [(s, t) for s, t in pairs
                if any(windows[s.name, t.id][0] < end and begin < windows[s.name, t.id][1]
                       for begin, end in changed_during)]
    for s, t in suspects:  # graded again, alone, on the grader's own files
        run = _grade(t, s, timeout)[0]
        s.runs[t.id] = run
        if run.files_changed:
            put_back(s, t)
            s.stopped = (f"{t.number}: changed the grader's files ({', '.join(run.files_changed[:3])}); "
                         "not graded further / 修改了评分文件，停止评分")
    for s in students:
        if s.stopped:
            for t in topics:
                if not s.runs[t.id].files_changed:
                    s.runs[t.id] = TopicRun(t, timeout=timeout or t.timeout)
    if integrity.changes(integrity.baseline(), integrity.fingerprint()):
        raise CourseError("the grader's files changed and could not be put back / 评分文件被修改且无法恢复")

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
