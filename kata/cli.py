"""`python grader.py`: grade topics, show what is right and wrong, write results for CI."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from kata import gradescope, i18n, manifest, selfcheck
from kata.runner import run_topic
from kata.terminal import Terminal

EXIT_PASS, EXIT_FAIL, EXIT_BROKEN = 0, 1, 2


def parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="grader.py",
        description="协程练习的评分器 / grade the coroutine kata. Exit 0: all passed, "
                    "1: some failed, 2: the grader could not run.")
    p.add_argument("topics", nargs="*", metavar="TOPIC",
                   help="题号或名字，例如 03 或 greenlet_pingpong / number or name (default: all)")
    p.add_argument("--target", default="exercises",
                   help="exercises | solutions | DIR laid out like exercises/ (default: exercises)")
    p.add_argument("--json", type=Path, metavar="FILE", help="write Gradescope results.json")
    p.add_argument("--lang", choices=("zh", "en"), default=None,
                   help="feedback language (default: from the locale)")
    p.add_argument("--timeout", type=float, default=None,
                   help="seconds per topic, overriding course.toml (maintainers' tests)")
    p.add_argument("--check", action="store_true",
                   help="maintainers' self-check: solutions pass, untouched stubs fail")
    return p.parse_args(argv)


def resolve_target(name: str) -> Path:
    path = manifest.ROOT / name if name in ("exercises", "solutions") else Path(name)
    if not path.is_dir():
        raise manifest.CourseError(f"target folder not found: {path} / 找不到要评分的文件夹")
    return path.resolve()


def main(argv: list[str] | None = None) -> int:
    try:
        args = parse(argv)
    except SystemExit as exc:  # argparse: --help is 0, bad arguments 2
        return EXIT_PASS if exc.code == 0 else EXIT_BROKEN
    try:
        course = manifest.load()
        topics = course.select(args.topics)
        if args.check:
            return selfcheck.run(course, topics)
        target = resolve_target(args.target)
        missing = [t.id for t in topics if not t.test_file.exists()]
        if missing:
            raise manifest.CourseError(f"missing test files for {missing}")
    except manifest.CourseError as exc:
        print(f"grader: {exc}", file=sys.stderr)
        return EXIT_BROKEN
    lang = args.lang or i18n.detect()
    term = Terminal(lang, target)
    term.say(f"{course.title(lang)} · {target}")
    term.say(i18n.pick(lang, f"课程：{course.lesson}", f"Lesson (Chinese): {course.lesson}"))
    term.say()
    start = time.perf_counter()
    runs = []
    for topic in topics:
        run = run_topic(topic, target, args.timeout)
        runs.append(run)
        term.topic(run)
    if args.json:
        gradescope.write(args.json, runs, time.perf_counter() - start)
    term.summary(runs, len(course.topics))
    return EXIT_PASS if all(r.passed for r in runs) else EXIT_FAIL
