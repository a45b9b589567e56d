"""Grade a whole class: one sub-folder per student, each laid out like exercises/.

`python grader.py --batch SUBMISSIONS --out OUT [TOPIC ...]` grades every student with OUR tests
(never tests found in a submission), writes OUT/gradebook.csv (a row per student, a column per
topic, the total) and OUT/<student>/results.json (Gradescope's format). Every topic of every
student runs in its own process with its deadline, so a submission that crashes or hangs costs
only its own points. Runs go side by side within the machine's CPU budget (kata/judging/session.py,
`--jobs`): each topic's share comes from course.toml, so a busy machine does not fail a right
answer.

A class that outgrows one machine is split: `--shard K/N` grades the K-th of N slices (a stable
split by student name), and `--merge OUT1 OUT2 ... --out OUT` joins their gradebooks and results
into the one an unsharded run writes.

The grader's own files are fingerprinted around every run (kata/judging/integrity.py). A run during
which they changed is graded again alone, after the files are put back (and the console says
so): a submission that changes them again is not graded further, and its notes say why.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kata.course.manifest import CourseError, Topic
from kata.course.model import Outcome, Points, TopicRun
from kata.judging import integrity, sandbox
from kata.judging.session import Graded, Job, Session
from kata.show.formats import gradescope

GRADEBOOK = "gradebook.csv"


def shard(text: str) -> tuple[int, int]:
    """`K/N` (1 <= K <= N), as argparse reads --shard."""
    try:
        k, n = (int(x) for x in text.split("/"))
    except ValueError:
        raise argparse.ArgumentTypeError("--shard takes K/N, e.g. 2/4") from None
    if not 1 <= k <= n:
        raise argparse.ArgumentTypeError("--shard K/N needs 1 <= K <= N")
    return k, n


def in_shard(name: str, part: tuple[int, int]) -> bool:
    """Whether the student belongs to slice K of N: by a hash of the name, the same on any machine."""
    k, n = part
    return int(hashlib.sha256(name.encode("utf-8")).hexdigest(), 16) % n == k - 1


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


def notes(student: Student, topics: list[Topic]) -> str:
    said = [student.stopped] if student.stopped else []
    for run in student.ordered(topics):
        if student.stopped and not run.checks:
            continue  # not graded: the note above says why
        if not run.topic.source(student.target).exists():
            said.append(f"{run.topic.number}: file not found / 找不到文件")
        if run.timed_out:
            said.append(f"{run.topic.number}: timed out after {run.timeout:g} s")
        elif not run.checks:
            said.append(f"{run.topic.number}: grading process ended before listing checks")
        elif any(c.outcome == Outcome.NOT_RUN for c in run.checks):
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
        out.writerow(["student", *(t.id for t in topics), "total", "bonus", "sandbox", "notes"])
        for s in students:
            runs = s.ordered(topics)
            points = Points.of(runs)
            out.writerow([s.name, *(f"{r.score:.4g}" for r in runs),
                          f"{points.total:.4g}", f"{points.bonus:.4g}", protected(runs), notes(s, topics)])


def protected(runs: list[TopicRun]) -> str:
    """`yes` when every topic's student code ran in the sandbox."""
    return "yes" if runs and all(r.sandboxed for r in runs) else "no"


def report(student: Student, topics: list[Topic], say: Callable[[str], None]) -> None:
    """The student's line on the console: points, the bonus apart, then the notes."""
    say(f"{student.name:<24} {Points.of(student.ordered(topics)).text('en')}   {notes(student, topics)}")


def grade(folder: Path, out: Path, topics: list[Topic], session: Session,
          part: tuple[int, int] | None = None, say: Callable[[str], None] = print,
          lang: str = "en") -> list[Student]:
    students = [s for s in find_students(folder) if part is None or in_shard(s.name, part)]
    saved = integrity.snapshot()
    integrity.baseline()
    jobs = [Job(t, s.target, s.name) for s in students for t in topics]
    by_name = {s.name: s for s in students}
    windows: dict[tuple[str, str], tuple[float, float]] = {}
    changed_during: list[tuple[float, float]] = []  # runs that saw the grader's files change
    start = time.perf_counter()
    say(f"grading {len(students)} submission(s) × {len(topics)} topic(s)"
        + (f" (slice {part[0]} of {part[1]})" if part else "")
        + f", within {session.cpus:g} CPU(s)")
    say(sandbox.ON if session.sandboxed else sandbox.OFF)

    def put_back(student: Student, topic: Topic) -> None:
        restored = integrity.restore(saved)
        if restored:
            say(f"grader files changed while grading {student.name} ({topic.id}), put back: "
                f"{', '.join(restored[:5])} / 评分文件在评分时被修改，已恢复")

    def record(graded: Graded) -> None:
        student, topic = by_name[graded.job.owner], graded.job.topic
        student.runs[topic.id] = graded.run
        windows[student.name, topic.id] = (graded.began, graded.ended)
        if graded.run.files_changed:  # this run or one beside it changed them: which, is found alone
            changed_during.append((graded.began, graded.ended))
            put_back(student, topic)

    session.grade(jobs, record)
    suspects = [j for j in jobs if any(windows[j.owner, j.topic.id][0] < end
                                       and begin < windows[j.owner, j.topic.id][1]
                                       for begin, end in changed_during)]
    for job in suspects:  # graded again, alone, on the grader's own files
        run = session.grade_one(job).run
        student = by_name[job.owner]
        student.runs[job.topic.id] = run
        if run.files_changed:
            put_back(student, job.topic)
            student.stopped = (f"{job.topic.number}: changed the grader's files "
                               f"({', '.join(run.files_changed[:3])}); not graded further / "
                               "修改了评分文件，停止评分")
    for s in students:
        if s.stopped:
            for t in topics:
                if not s.runs[t.id].files_changed:
                    s.runs[t.id] = TopicRun(t, timeout=session.timeout or t.timeout, sandboxed=session.sandboxed)
    if integrity.changes(integrity.baseline(), integrity.fingerprint()):
        raise CourseError("the grader's files changed and could not be put back / 评分文件被修改且无法恢复")

    out.mkdir(parents=True, exist_ok=True)
    for s in students:
        runs = s.ordered(topics)
        gradescope.write(out / s.name / "results.json", runs, sum(r.seconds for r in runs),
                         "" if protected(runs) == "yes" else sandbox.OFF)
        report(s, topics, say)
    write_gradebook(out / GRADEBOOK, students, topics)
    say(f"{len(students)} submission(s), {len(topics)} topic(s) in "
        f"{time.perf_counter() - start:.1f} s → {out / GRADEBOOK}")
    from kata.show import report as class_report  # here: copydetect imports matplotlib, too slow for every start

    class_report.after_batch(out, {s.name: (s.target, s.ordered(topics)) for s in students}, lang, say)
    return students


def merge(folders: list[Path], out: Path, say: Callable[[str], None] = print, lang: str = "en") -> None:
    """Join sharded batches' gradebooks and results into `out`, as one run over all would write."""
    header, rows = None, {}
    for folder in folders:
        try:
            with (folder / GRADEBOOK).open(encoding="utf-8", newline="") as fh:
                found = list(csv.reader(fh))
        except OSError as exc:
            raise CourseError(f"no gradebook in {folder}: {exc} / 找不到成绩表") from None
        if header is not None and found[0] != header:
            raise CourseError(f"{folder}: graded other topics than the others / 题目不一致")
        header = found[0]
        for row in found[1:]:
            if row[0] in rows:
                raise CourseError(f"student {row[0]} graded twice / 重复的学生")
            rows[row[0]] = row
            shutil.copytree(folder / row[0], out / row[0], dirs_exist_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    with (out / GRADEBOOK).open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header or [])
        writer.writerows(rows[name] for name in sorted(rows))
    say(f"merged {len(folders)} batch(es), {len(rows)} submission(s) → {out / GRADEBOOK}")
    from kata.show import report as class_report  # as in grade()

    class_report.build(out, lang, say)
