"""The maintainers' self-check: every graded check passes on solutions/ and fails on the stubs.

A check that passes on an untouched stub cannot tell a right answer from no answer; a check that
fails on our solution would fail a right one. Both are bugs, and this finds them.
"""

from __future__ import annotations

import ast
from pathlib import Path

from kata.course.manifest import ROOT, Course, Topic, solutions
from kata.course.model import Outcome, TopicRun
from kata.judging.session import Job, Session


def public_api(path: Path) -> dict[str, list[str | None]]:
    """Top-level public functions: parameter names and docstring, from the source (nothing runs)."""
    files = sorted(path.glob("*.py")) if path.is_dir() else [path]
    api = {}
    for file in files:
        for node in ast.parse(file.read_text(encoding="utf-8")).body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not node.name.startswith("_"):
                a = node.args
                params = [x.arg for x in a.posonlyargs + a.args + a.kwonlyargs]
                key = f"{file.stem}.{node.name}" if path.is_dir() else node.name
                api[key] = [*params, ast.get_docstring(node)]
    return api


def course_files(course: Course, topics: list[Topic]) -> list[str]:
    problems = []
    for topic in topics:
        for where in (topic.source(ROOT / "exercises"), topic.source(ROOT / "solutions"),
                      topic.test_file):
            if not where.exists():
                problems.append(f"{topic.id}: missing {where.relative_to(ROOT)}")
    known = {t.test_file.name for t in course.topics}
    for test in sorted((ROOT / "tests").glob("test_[0-9][0-9]_*.py")):
        if test.name not in known:
            problems.append(f"{test.name}: no topic in course.toml")
    return problems


def check_topic(topic: Topic, solved: TopicRun, stub: TopicRun) -> list[str]:
    problems = []
    if not solved.checks:
        problems.append(f"{topic.id}: no graded check reported on solutions/\n{solved.log}")
    for c in solved.checks:
        if c.outcome != Outcome.PASSED:
            why = c.feedback.en if c.feedback else "did not report (crash or timeout)"
            problems.append(f"{topic.id}: solution fails {c.name}: {why}")
    for c in stub.checks:
        if c.outcome == Outcome.PASSED:
            problems.append(f"{topic.id}: {c.name} passes on the untouched stub (it cannot fail)")
    if topic.api:
        mine = public_api(topic.source(ROOT / "exercises"))
        ours = public_api(topic.source(ROOT / "solutions"))
        if mine != ours:
            differ = sorted(k for k in mine.keys() | ours.keys() if mine.get(k) != ours.get(k))
            problems.append(f"{topic.id}: stub and solution differ in the signature or docstring "
                            f"of {', '.join(differ)}")
    print(f"  {topic.id}: solutions {solved.score:g}/{topic.points:g} "
          f"({solved.seconds:.2f} s), stubs {stub.score:g} ({stub.seconds:.2f} s)", flush=True)
    return problems


def run(course: Course, topics: list[Topic], session: Session) -> int:
    solutions()  # a CourseError (exit 2) in the student edition, before anything is printed
    print("self-check: solutions pass every check, untouched stubs fail every check", flush=True)
    problems = course_files(course, topics)
    if not problems:
        jobs = [Job(t, ROOT / folder) for t in topics for folder in ("solutions", "exercises")]
        graded = [g.run for g in session.grade(jobs)]
        for i, topic in enumerate(topics):
            problems += check_topic(topic, graded[2 * i], graded[2 * i + 1])
    for problem in problems:
        print("  ✘ " + problem)
    print("self-check: " + ("OK" if not problems else f"{len(problems)} problem(s)"))
    return 0 if not problems else 1
