"""`python grader.py`: grade topics, show what is right and wrong, write results for CI."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from kata import batch, bundle, formats, i18n, manifest, progress, selfcheck, verbs
from kata.runner import run_topic
from kata.terminal import Terminal
from kata.watch import watch

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
    p.add_argument("--exercism", type=Path, metavar="FILE",
                   help="write Exercism's test-runner results.json (version 3)")
    p.add_argument("--junit", type=Path, metavar="FILE", help="write JUnit XML (for CI reports)")
    p.add_argument("--classroom", type=Path, metavar="FILE",
                   help="write GitHub Classroom's runner result (for its grading reporter)")
    p.add_argument("--batch", type=Path, metavar="DIR",
                   help="instructors: grade every sub-folder of DIR (one per student)")
    p.add_argument("--out", type=Path, metavar="DIR", default=Path("graded"),
                   help="with --batch: where gradebook.csv and each results.json go (default: graded)")
    p.add_argument("--jobs", type=int, default=None,
                   help="with --batch: topics graded at once (default: CPU count; timed topics: 1)")
    p.add_argument("--bundle", type=Path, metavar="ZIP",
                   help="instructors: build a Gradescope autograder zip for the selected topics")
    p.add_argument("--watch", action="store_true",
                   help="重新评分每次保存的题目 / regrade on every save, then move on to the next topic")
    p.add_argument("--list", action="store_true", help="列出题目和状态 / list topics and their state")
    p.add_argument("--hint", action="store_true", help="显示题目的提示 / show the topics' hints")
    p.add_argument("--reset", action="store_true",
                   help="把题目恢复成原始模板（会先询问）/ restore a topic's stub (asks first)")
    p.add_argument("--yes", action="store_true", help="with --reset: do not ask")
    p.add_argument("--lang", choices=("zh", "en"), default=None,
                   help="feedback language (default: from the locale)")
    p.add_argument("--timeout", type=float, default=None,
                   help="seconds per topic, overriding course.toml (maintainers' tests)")
    p.add_argument("--check", action="store_true",
                   help="maintainers' self-check: solutions pass, untouched stubs fail")
    return p.parse_args(argv)


def resolve_target(name: str) -> Path:
    path = manifest.target_path(name)
    if not path.is_dir():
        raise manifest.CourseError(f"target folder not found: {path} / 找不到要评分的文件夹")
    return path


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):  # a console that cannot show 中文 gets "?" instead
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
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
        if args.bundle:
            print(f"grader: wrote {bundle.build(args.bundle, topics if args.topics else None)}")
            return EXIT_PASS
        if args.batch:  # exit 0 once every submission is graded, whatever the scores
            batch.grade(args.batch, args.out, topics, args.timeout, args.jobs)
            return EXIT_PASS
    except manifest.CourseError as exc:
        print(f"grader: {exc}", file=sys.stderr)
        return EXIT_BROKEN
    lang = args.lang or i18n.detect()
    term = Terminal(lang, target)
    if args.list:
        return verbs.list_topics(course, target, term)
    if args.hint or args.reset:
        if not args.topics:
            print("grader: name a topic, e.g. `--hint 03` / 请指定题目，例如 --hint 03", file=sys.stderr)
            return EXIT_BROKEN
        if args.hint:
            return max(verbs.show_hint(topic, target, term) for topic in topics)
        return max(verbs.reset(topic, term, args.yes) for topic in topics)
    term.say(f"{course.title(lang)} · {target}")
    term.say(i18n.pick(lang, f"课程：{course.lesson}", f"Lesson (Chinese): {course.lesson}"))
    term.say()
    if args.watch:
        return watch(topics, target, term, args.timeout)
    start = time.perf_counter()
    runs = []
    for topic in topics:
        run = run_topic(topic, target, args.timeout)
        runs.append(run)
        term.topic(run)
    formats.write_all({name: getattr(args, name) for name in formats.WRITERS}, runs,
                      time.perf_counter() - start)
    progress.record(target, runs)
    upcoming = next((t for t in course.topics
                     if t not in topics and progress.state(target, t) != "done"), None)
    term.summary(runs, upcoming)
    if any(r.grader_error for r in runs):
        return EXIT_BROKEN
    return EXIT_PASS if all(r.passed for r in runs) else EXIT_FAIL
