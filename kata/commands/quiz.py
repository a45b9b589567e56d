"""`python grader.py --quiz NN`: the questions asked one by one in the terminal, each program run
after its answer and what it did shown; or, scripted, `--key FILE` / `--answers FILE`
(kata/course/quizdata.py computes keys and grades)."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import TextIO

from rich.cells import cell_len

from kata.course import progress
from kata.course.manifest import Topic
from kata.course.model import Outcome, TopicRun
from kata.course.quizdata import (
    CASE_OR_SPACES,
    LETTERS,
    Answer,
    Question,
    Quiz,
    QuizError,
    Run,
    check,
    given_lines,
    graded,
    key,
    load,
    only_case_or_spaces,
    read_answers,
    right_answer,
    run,
)
from kata.schedule import Schedule
from kata.show import formats, timeline
from kata.show.terminal import Terminal


def _read(question: Question, term: Terminal, stdin: TextIO) -> Answer | None:
    """The student's answer from stdin; None at the end of input."""
    t = term.t
    if question.kind == "lines":
        term.say(t("逐行输入它打印的内容，输入空行结束：",
                   "Type the lines it prints, one per line; an empty line ends:"))
        lines: list[str] = []
        while (line := stdin.readline()).strip():
            lines.append(line.rstrip("\r\n"))
        return lines if lines or line else None
    letters = LETTERS[:len(question.choices)]
    for letter, choice in zip(letters, question.choices, strict=False):
        term.say(f"  {letter}) {choice.label(term.lang)}")
    while True:
        term.say(t(f"输入字母（{letters[0]}–{letters[-1]}）：", f"Type a letter ({letters[0]}-{letters[-1]}):"))
        line = stdin.readline()
        if not line or line.strip().lower() in letters:
            return line.strip().lower() or None


def _beside(predicted: list[str], printed: list[str], term: Terminal) -> None:
    """The student's lines beside the real ones, ← on each line that differs."""
    left, right = [term.t("你的预测", "you predicted"), *predicted], [term.t("实际打印", "it printed"), *printed]
    width = max(cell_len(line) for line in left) + 2
    for i in range(max(len(left), len(right))):
        a, b = (left[i] if i < len(left) else ""), (right[i] if i < len(right) else "")
        term.say(f"   {timeline.pad(a, width)}| {b}" + ("   ←" if i and a != b else ""))


def _reveal(question: Question, given: Answer, right: Answer, what: Run, passed: bool, term: Terminal) -> None:
    """Right or wrong, then what really happened: the lines, how it ended, who ran when, and why."""
    t, lang = term.t, term.lang
    if passed:
        term.say(term.paint(t("✔ 答对了！", "✔ Right!"), "32"))
    elif question.kind == "choice":
        label = question.choices[LETTERS.index(str(right))].label(lang)
        term.say(term.paint(t(f"✘ 不对：答案是 {right}) {label}", f"✘ Wrong: the answer is {right}) {label}"), "31"))
    else:
        term.say(term.paint(t("✘ 不对：← 标出和你预测不同的行",
                              "✘ Wrong: ← marks the lines that differ from yours"), "31"))
    term.say(t(f"实际运行（{what.seconds:.2f} 秒）：", f"What really happened ({what.seconds:.2f} s):"))
    if question.kind == "lines" and isinstance(given, list) and not passed:
        _beside(given_lines(given)[:40], what.lines[:40], term)
        if isinstance(right, list) and only_case_or_spaces(given, right):
            term.say("   " + term.paint(CASE_OR_SPACES(lang), "33"))
    else:
        for line in what.lines[:40]:
            term.say(f"   | {line}")
    if what.raised:
        term.say(t(f"   抛出异常：{what.stderr[-1]}", f"   It raised: {what.stderr[-1]}"))
    if what.timed_out:
        term.say(t(f"   {question.deadline:g} 秒内没有结束，被停下了。",
                   f"   Still running after {question.deadline:g} s: stopped."))
    if question.timeline and what.schedule:
        for line in timeline.render(Schedule.from_json(what.schedule), lang, width=77, max_rows=8):
            term.say("   " + term.picture(line))  # 80 columns with the indent
    term.say(term.paint(t("为什么：", "Why: ") + question.why(lang), "36"))


def ask(quiz: Quiz, term: Terminal, stdin: TextIO) -> TopicRun:
    """Ask each question, run its program, say right or wrong and show what happened."""
    t, start, checks = term.t, time.perf_counter(), []
    number, total = quiz.topic.number, len(quiz.questions)
    term.say(t(f"先预测，再运行：测验 {number}，共 {total} 题。",
               f"Predict first, then run: quiz {number}, {total} questions."))
    ended = False  # at the end of input, the questions left are unanswered
    for n, question in enumerate(quiz.questions, 1):
        if not ended:
            term.say()
            heading = t(f"第 {n}/{total} 题 · {question.id}", f"Question {n} of {total} · {question.id}")
            term.say(term.paint(heading, "1"))
            for i, line in enumerate(question.program.read_text(encoding="utf-8").splitlines(), 1):
                term.say(f"{i:>4} │ {line}".rstrip())
            term.say(question.prompt(term.lang))
        given = None if ended else _read(question, term, stdin)
        if given is None and not ended:
            ended = True
            term.say(t("（输入结束：余下的题目记为未答）", "(end of input: the questions left count as unanswered)"))
        if given is None:
            checks.append(check(question, None, None))
            continue
        what = run(question, record=question.timeline)
        right = right_answer(question, what)
        checks.append(check(question, given, right))
        _reveal(question, given, right, what, checks[-1].outcome == Outcome.PASSED, term)
    term.say()
    return TopicRun(quiz.topic, checks, seconds=time.perf_counter() - start)


def command(topics: list[Topic], term: Terminal, key_file: Path | None, answers_file: Path | None,
            files: dict[str, Path | None], stdin: TextIO = sys.stdin) -> int:
    """`--quiz NN [--key FILE] [--answers FILE]`: 0 all right (or the key written), 1 some wrong,
    2 no such quiz, or a quiz or answers file that cannot be used."""
    t = term.t
    try:
        if len(topics) != 1:
            raise QuizError("请指定一个题目，例如 --quiz 05", "name one topic, e.g. --quiz 05")
        quiz = load(topics[0])
        if quiz is None:
            raise QuizError(f"{topics[0].number} 没有测验：测验覆盖 01–10。",
                            f"{topics[0].number} has no quiz: quizzes cover 01-10.")
        start = time.perf_counter()
        if answers_file is None and key_file is None:
            result = ask(quiz, term, stdin)
        else:
            answers = read_answers(answers_file, quiz) if answers_file is not None else None
            right = key(quiz)
            if key_file is not None:
                key_file.write_text(json.dumps(right, ensure_ascii=False, indent=1), encoding="utf-8")
                term.say(t(f"已写入答案 {key_file}", f"Wrote the key to {key_file}"))
            if answers is None:
                return 0
            result = graded(quiz, answers, right, time.perf_counter() - start)
            for c in result.checks:
                term.say(f"{'✔' if c.outcome == Outcome.PASSED else '✘'} {c.name}")
    except QuizError as exc:
        print(f"grader: {exc.zh} / {exc.en}", file=sys.stderr)
        return 2
    formats.write_all(files, [result], result.seconds)
    progress.record_quiz(term.target, result)
    right_count = sum(c.outcome == Outcome.PASSED for c in result.checks)
    term.say(t(f"测验 {quiz.topic.number}：{right_count}/{len(result.checks)} 题答对（测验分另计，不在课程总分内）",
               f"Quiz {quiz.topic.number}: {right_count}/{len(result.checks)} right (quiz points count apart "
               "from the course total)"))
    return 0 if result.passed else 1
