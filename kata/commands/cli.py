"""`python grader.py`: grade topics, show what is right and wrong, write results for CI."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from kata.commands import batch, bundle, edition, quiz, selfcheck, timeline, topic_tools
from kata.commands.watch import watch
from kata.course import manifest, progress
from kata.judging import sandbox
from kata.judging.session import Job, Session
from kata.show import formats, i18n
from kata.show.terminal import Terminal

EXIT_PASS, EXIT_FAIL, EXIT_BROKEN = 0, 1, 2


def parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="grader.py",
        description="协程练习的评分器 / grade the coroutine kata. Exit 0: all passed, "
                    "1: some failed, 2: the grader could not run.")
    p.add_argument("topics", nargs="*", metavar="TOPIC",
                   help="题号或名字，例如 03 或 greenlet_pingpong / number or name (default: all)")
    students = p.add_argument_group("学生 / students")
    students.add_argument("--watch", action="store_true",
                          help="每次保存就重新评分 / regrade on every save, then move on to the next topic")
    students.add_argument("--list", action="store_true", help="列出题目和状态 / list topics and their state")
    students.add_argument("--hint", action="store_true", help="显示题目的提示 / show the topics' hints")
    students.add_argument("--reset", action="store_true",
                          help="把题目恢复成原始模板（会先询问）/ restore a topic's stub (asks first)")
    students.add_argument("--yes", action="store_true", help="with --reset: do not ask")
    students.add_argument("--timeline", action="store_true",
                          help="画出谁在什么时候运行（你的与参考答案的）/ draw who ran when, yours and ours "
                               "(e.g. --timeline 07)")
    students.add_argument("--trace", type=Path, metavar="FILE",
                          help="with --timeline: write your run as Chrome trace JSON (Perfetto)")
    students.add_argument("--html", type=Path, metavar="FILE",
                          help="with --timeline: write both pictures as one HTML page")
    students.add_argument("--quiz", action="store_true",
                          help="先预测再运行：关于事件顺序的测验 / predict, then run: a quiz on the order "
                               "of events (e.g. --quiz 05)")
    students.add_argument("--lang", choices=("zh", "en"), default=None,
                          help="反馈语言 / feedback language (default: from the locale)")
    students.add_argument("--target", default="exercises",
                          help="exercises | solutions | DIR laid out like exercises/ (default: exercises)")
    teachers = p.add_argument_group("教师 / instructors")
    teachers.add_argument("--json", type=Path, metavar="FILE", help="write Gradescope results.json")
    teachers.add_argument("--exercism", type=Path, metavar="FILE",
                          help="write Exercism's test-runner results.json (version 3)")
    teachers.add_argument("--junit", type=Path, metavar="FILE", help="write JUnit XML (for CI reports)")
    teachers.add_argument("--classroom", type=Path, metavar="FILE",
                          help="write GitHub Classroom's runner result (for its grading reporter)")
    teachers.add_argument("--key", type=Path, metavar="FILE",
                          help="with --quiz: write the answer key, computed by running each program (JSON)")
    teachers.add_argument("--answers", type=Path, metavar="FILE",
                          help="with --quiz: grade these answers (JSON like --key's) without asking")
    teachers.add_argument("--batch", type=Path, metavar="DIR",
                          help="grade every sub-folder of DIR (one per student)")
    teachers.add_argument("--shard", type=batch.shard, metavar="K/N",
                          help="with --batch: grade only the K-th of N slices of the students")
    teachers.add_argument("--merge", type=Path, nargs="+", metavar="DIR",
                          help="join the --out folders of sharded batches into --out")
    teachers.add_argument("--out", type=Path, metavar="DIR", default=Path("graded"),
                          help="with --batch/--merge: where gradebook.csv and each results.json go "
                               "(default: graded)")
    teachers.add_argument("--report", type=Path, metavar="DIR",
                          help="rebuild report.html, checks.csv and similar.csv in a graded folder, "
                               "without grading again")
    teachers.add_argument("--jobs", type=float, default=None,
                          help="CPUs to grade with (default: all); course.toml says what each topic needs")
    teachers.add_argument("--sandbox", action="store_true", default=None,
                          help="学生代码在沙箱（bubblewrap）里运行 / run student code in the sandbox "
                               "(bubblewrap; on by default with --batch)")
    teachers.add_argument("--no-sandbox", dest="sandbox", action="store_false",
                          help="不用沙箱（风险自负）/ run student code with your own rights (at your own risk)")
    teachers.add_argument("--bundle", type=Path, metavar="ZIP",
                          help="build a Gradescope autograder zip for the selected topics")
    teachers.add_argument("--edition", nargs=2, metavar=("KIND", "DIR"),
                          help="write the repository students get into DIR (KIND: student), "
                               "for the selected topics: stubs, tests and grader, no solutions")
    keepers = p.add_argument_group("维护者 / maintainers")
    keepers.add_argument("--timeout", type=float, default=None,
                         help="seconds per topic, overriding course.toml (the grader's own tests)")
    keepers.add_argument("--check", action="store_true",
                         help="self-check: solutions pass, untouched stubs fail")
    return p.parse_args(argv)


def resolve_target(name: str) -> Path:
    path = manifest.solutions() if name == "solutions" else manifest.target_path(name)
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
        if args.edition:
            print(f"grader: {edition.write(args.edition[0], Path(args.edition[1]), course, topics)}")
            return EXIT_PASS
        if args.check:
            return selfcheck.run(course, topics, Session(args.timeout, args.jobs))
        if args.report:
            from kata.show import report  # imported here: copydetect brings matplotlib, too slow for every start

            report.build(args.report, args.lang or i18n.detect())
            return EXIT_PASS
        if args.merge:
            batch.merge(args.merge, args.out, lang=args.lang or i18n.detect())
            return EXIT_PASS
        target = resolve_target(args.target)
        missing = [t.id for t in topics if not t.test_file.exists()]
        if missing:
            raise manifest.CourseError(f"missing test files for {missing}")
        if args.bundle:
            print(f"grader: wrote {bundle.build(args.bundle, topics if args.topics else None)}")
            return EXIT_PASS
        if args.batch:
            batch.find_students(args.batch)  # a folder that is not there is said before anything else
        sandboxed = bool(args.batch) if args.sandbox is None else args.sandbox
        if sandboxed and (problem := sandbox.problem()):
            print(f"grader: 学生代码的沙箱无法启动 / the sandbox for student code cannot start\n"
                  f"{problem.zh}\n\n{problem.en}", file=sys.stderr)
            return EXIT_BROKEN
        if args.batch:  # exit 0 once every submission is graded, whatever the scores
            batch.grade(args.batch, args.out, topics, Session(args.timeout, args.jobs, sandboxed=sandboxed),
                        args.shard, lang=args.lang or i18n.detect())
            return EXIT_PASS
    except manifest.CourseError as exc:
        print(f"grader: {exc}", file=sys.stderr)
        return EXIT_BROKEN
    lang = args.lang or i18n.detect()
    term = Terminal(lang, target)
    if args.list:
        return topic_tools.list_topics(course, target, term)
    if args.quiz:
        return quiz.command(topics, term, args.key, args.answers,
                               {name: getattr(args, name) for name in formats.WRITERS})
    if args.hint or args.reset or args.timeline:
        if not args.topics:
            print("grader: name a topic, e.g. `--hint 03` / 请指定题目，例如 --hint 03", file=sys.stderr)
            return EXIT_BROKEN
        if args.timeline:
            return max(timeline.show(topic, target, term, trace_file=args.trace, html_file=args.html)
                       for topic in topics)
        if args.hint:
            return max(topic_tools.show_hint(topic, target, term) for topic in topics)
        return max(topic_tools.reset(topic, term, args.yes) for topic in topics)
    session = Session(args.timeout, args.jobs, sandboxed=sandboxed)
    term.say(f"{course.title(lang)} · {target}")
    term.say(i18n.pick(lang, f"课程：{course.lesson}", f"Lesson (Chinese): {course.lesson}"))
    if sandboxed:
        term.say(i18n.pick(lang, *sandbox.ON.split(" / ")))
    term.say()
    if args.watch:
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
