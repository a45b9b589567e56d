"""`python grader.py [TOPIC ...]`: grade the topics in the terminal, or regrade them on every save
(`--watch`), and write the result files asked for."""

from __future__ import annotations

import time

from kata.commands.call import EXIT_BROKEN, EXIT_FAIL, EXIT_PASS, Call
from kata.course import progress
from kata.judging import sandbox
from kata.judging.session import Job
from kata.show import formats, i18n


def run(c: Call) -> int:
    args, course, topics, target, term = c.args, c.course, c.topics, c.target, c.term
    assert term is not None
    session = c.session()
    term.say(f"{course.title(c.lang)} · {target}")
    term.say(i18n.pick(c.lang, f"课程：{course.lesson}", f"Lesson (Chinese): {course.lesson}"))
    if c.sandboxed:
        term.say(i18n.pick(c.lang, *sandbox.ON.split(" / ")))
    term.say()
    if args.watch:
        from kata.commands.watch import watch

        return watch(topics, target, term, session)
    start = time.perf_counter()
    graded = session.grade([Job(t, target) for t in topics], lambda g: term.topic(g.run), in_order=True)
    runs = [g.run for g in graded]
    formats.write_all({name: getattr(args, name) for name in formats.WRITERS}, runs,
                      time.perf_counter() - start)
    progress.record(target, runs)
    upcoming = next((t for t in course.topics
                     if t not in topics and progress.state(target, t) != "done"), None)
    term.summary(runs, upcoming)
    if any(r.grader_error for r in runs):
        return EXIT_BROKEN
    return EXIT_PASS if all(r.passed for r in runs) else EXIT_FAIL
