"""`python grader.py`: parse the flags, then hand off to the verb they name (VERBS), one module each.

A verb's module is imported only when it runs: a plain grade need not load the bundle, the edition
writer, the quiz or the timeline.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from kata.commands import batch, grade
from kata.commands.call import EXIT_BROKEN, EXIT_PASS, Call
from kata.course import manifest
from kata.judging import sandbox
from kata.judging.session import Session
from kata.show import formats
from kata.show.terminal import Terminal


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
                          help="rebuild report.html, checks.csv and similar.csv in a batch's output folder (--out), "
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


def _edition(c: Call) -> int:
    from kata.commands import edition

    print(f"grader: {edition.write(c.args.edition[0], Path(c.args.edition[1]), c.course, c.topics)}")
    return EXIT_PASS


def _check(c: Call) -> int:
    from kata.commands import selfcheck

    return selfcheck.run(c.course, c.topics, Session(c.args.timeout, c.args.jobs))


def _report(c: Call) -> int:
    from kata.show import report  # copydetect brings matplotlib, too slow for every start

    report.build(c.args.report, c.lang)
    return EXIT_PASS


def _merge(c: Call) -> int:
    batch.merge(c.args.merge, c.args.out, lang=c.lang)
    return EXIT_PASS


def _bundle(c: Call) -> int:
    from kata.commands import bundle

    print(f"grader: wrote {bundle.build(c.args.bundle, c.topics if c.args.topics else None)}")
    return EXIT_PASS


def _batch(c: Call) -> int:
    """Exit 0 once every submission is graded, whatever the scores."""
    batch.grade(c.args.batch, c.args.out, c.topics, c.session(), c.args.shard, lang=c.lang)
    return EXIT_PASS


def _list(c: Call) -> int:
    from kata.commands import topic_tools

    return topic_tools.list_topics(c.course, c.target, c.term)


def _quiz(c: Call) -> int:
    from kata.commands import quiz

    return quiz.command(c.topics, c.term, c.args.key, c.args.answers,
                        {name: getattr(c.args, name) for name in formats.WRITERS})


def _each_topic(verb: Callable[[manifest.Topic, Call], int]) -> Callable[[Call], int]:
    """A verb about named topics, run for each: the worst exit code wins."""
    def run(c: Call) -> int:
        if not c.args.topics:
            print("grader: name a topic, e.g. `--hint 03` / 请指定题目，例如 --hint 03", file=sys.stderr)
            return EXIT_BROKEN
        return max(verb(topic, c) for topic in c.topics)
    return run


def _timeline(topic: manifest.Topic, c: Call) -> int:
    from kata.commands import timeline

    return timeline.show(topic, c.target, c.term, trace_file=c.args.trace, html_file=c.args.html)


def _hint(topic: manifest.Topic, c: Call) -> int:
    from kata.commands import topic_tools

    return topic_tools.show_hint(topic, c.target, c.term)


def _reset(topic: manifest.Topic, c: Call) -> int:
    from kata.commands import topic_tools

    return topic_tools.reset(topic, c.term, c.args.yes)


# flag -> verb, looked at in this order; the first flag given wins. Verbs of the first table need
# no folder to grade; those of the last talk to a student in the terminal; with none, grade.run.
BEFORE_TARGET: dict[str, Callable[[Call], int]] = {
    "edition": _edition, "check": _check, "report": _report, "merge": _merge}
IN_TERMINAL: dict[str, Callable[[Call], int]] = {
    "list": _list, "quiz": _quiz, "timeline": _each_topic(_timeline), "hint": _each_topic(_hint),
    "reset": _each_topic(_reset)}


def _verb(table: dict[str, Callable[[Call], int]], args: argparse.Namespace) -> Callable[[Call], int] | None:
    return next((verb for flag, verb in table.items() if getattr(args, flag)), None)


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
        call = Call(args, course, course.select(args.topics))
        if verb := _verb(BEFORE_TARGET, args):
            return verb(call)
        call.target = resolve_target(args.target)
        missing = [t.id for t in call.topics if not t.test_file.exists()]
        if missing:
            raise manifest.CourseError(f"missing test files for {missing}")
        if args.bundle:
            return _bundle(call)
        if args.batch:
            batch.find_students(args.batch)  # a folder that is not there is said before anything else
        call.sandboxed = bool(args.batch) if args.sandbox is None else args.sandbox
        if call.sandboxed and (problem := sandbox.problem()):
            print(f"grader: 学生代码的沙箱无法启动 / the sandbox for student code cannot start\n"
                  f"{problem.zh}\n\n{problem.en}", file=sys.stderr)
            return EXIT_BROKEN
        if args.batch:
            return _batch(call)
    except manifest.CourseError as exc:
        print(f"grader: {exc}", file=sys.stderr)
        return EXIT_BROKEN
    call.term = Terminal(call.lang, call.target)
    if verb := _verb(IN_TERMINAL, args):
        return verb(call)
    return grade.run(call)
