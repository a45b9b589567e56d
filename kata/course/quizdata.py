"""Predict first: `python grader.py --quiz NN`, questions on the order of events, asked before
the code runs (quizzes/NN_slug/quiz.toml, one program `<id>.py` per question).

No answer is typed by hand: each program runs in a fresh interpreter, in a temporary folder,
with nothing on stdin and a deadline, and what really happened decides its key: for a `lines`
question the lines it printed; for a `choice` the one choice whose `when` rules match the run
(its lines, its time measured here, how it ended). `--key FILE` writes the key computed now,
`--answers FILE` grades a file of the same shape; without them the questions are asked one by one,
and after each answer the program runs (recorded by kata/inside/quizprogram.py when it has a timeline) and
what it did is shown. Results are kata.course.model objects, one check per question and a point each,
so the result formats and the progress file take them as they are.
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kata.checks import Feedback, Kind
from kata.course.manifest import ROOT, CourseError, Text, Topic, tomllib
from kata.course.model import Check, Outcome, TopicRun
from kata.judging import proc
from kata.judging.subject import environment

FOLDER = ROOT / "quizzes"
DEADLINE = 10.0  # s a program may run unless its question says otherwise
WORKERS = 4  # programs run side by side when a whole key is computed
LETTERS = "abcdefgh"
Answer = str | list[str]  # a choice's letter, or the lines printed


class QuizError(CourseError):
    """A quiz that cannot be asked or graded: a broken quiz file, a key that does not compute,
    an answers file of the wrong shape (the grader exits 2)."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh, self.en = zh, en


@dataclass
class Run:
    """What a program did: measured from outside, by this process."""

    lines: list[str]
    stderr: list[str]
    seconds: float
    timed_out: bool
    exit_code: int | None
    schedule: dict[str, Any] | None = None  # who ran when, when recorded

    @property
    def raised(self) -> str | None:
        """The exception that ended the program (the last stderr line names it), if one did."""
        if self.timed_out or not self.exit_code or not self.stderr:
            return None
        named = re.match(r"([A-Za-z_][\w.]*)(:|$)", self.stderr[-1])
        return named.group(1).rsplit(".", 1)[-1] if named else None


# a choice's `when`: every rule must hold; a run that timed out matches only `timed_out = true`
RULES: dict[str, Callable[[Run, Any], bool]] = {
    "seconds_below": lambda run, v: run.seconds < v,
    "seconds_at_least": lambda run, v: run.seconds >= v,
    "timed_out": lambda run, v: run.timed_out == v,
    "raises": lambda run, v: run.raised == v,
    "printed": lambda run, v: v in run.lines,
    "not_printed": lambda run, v: v not in run.lines,
    "last_line": lambda run, v: run.lines[-1:] == [v],
    "lines": lambda run, v: run.lines == v,
}


@dataclass(frozen=True)
class Choice:
    label: Text
    when: dict[str, Any]

    def matches(self, run: Run) -> bool:
        if run.timed_out and not self.when.get("timed_out"):
            return False
        return all(RULES[rule](run, value) for rule, value in self.when.items())


@dataclass(frozen=True)
class Question:
    id: str
    kind: str  # "lines" | "choice"
    prompt: Text
    why: Text
    program: Path
    choices: tuple[Choice, ...] = ()
    timeline: bool = False  # concurrent: show who ran when
    deadline: float = DEADLINE


@dataclass(frozen=True)
class Quiz:
    topic: Topic  # with `points` = one per question
    questions: tuple[Question, ...]


def _pair(value: Any, where: str) -> Text:
    if not isinstance(value, dict) or not all(isinstance(value.get(k), str) and value[k] for k in ("zh", "en")):
        raise QuizError(f"{where}：需要 zh 和 en 两种语言", f"{where}: needs both zh and en")
    return Text(value["zh"], value["en"])


def _question(raw: dict[str, Any], folder: Path) -> Question:
    qid, kind = str(raw.get("id", "?")), raw.get("kind")
    where = f"{folder.name}/quiz.toml {qid}"
    if kind not in ("lines", "choice") or not (folder / f"{qid}.py").is_file():
        raise QuizError(f"{where}：kind 必须是 lines 或 choice，并且要有 {qid}.py",
                        f"{where}: kind must be lines or choice, with a program {qid}.py")
    choices = tuple(Choice(_pair(c, f"{where} choice"), dict(c.get("when", {}))) for c in raw.get("choice", []))
    if any(not c.when or set(c.when) - set(RULES) for c in choices) or len(choices) > len(LETTERS) or \
            (kind == "choice") != (len(choices) >= 2):
        raise QuizError(f"{where}：选择题要有 2–8 个带 when 规则的选项，填空题不要选项",
                        f"{where}: a choice needs 2-8 choices with known `when` rules; lines takes none")
    return Question(qid, kind, _pair(raw.get("prompt"), f"{where} prompt"), _pair(raw.get("why"), f"{where} why"),
                    folder / f"{qid}.py", choices, bool(raw.get("timeline", False)),
                    float(raw.get("deadline", DEADLINE)))


def quiz_file(topic: Topic) -> Path:
    """Where the topic's quiz is written: it has one when this file exists."""
    return FOLDER / topic.id / "quiz.toml"


def load(topic: Topic) -> Quiz | None:
    """The topic's quiz, None when it has none; QuizError when its file is broken."""
    path = quiz_file(topic)
    if not path.is_file():
        return None
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise QuizError(f"无法读取 {path}：{exc}", f"cannot read {path}: {exc}") from exc
    questions = tuple(_question(q, path.parent) for q in raw.get("question", []))
    if not questions or len({q.id for q in questions}) != len(questions):
        raise QuizError(f"{path}：至少一道题，题目 id 不能重复", f"{path}: at least one question, ids unique")
    return Quiz(dataclasses.replace(topic, points=float(len(questions))), questions)


def sizes(topics: list[Topic] | tuple[Topic, ...]) -> dict[str, int]:
    """Topic id -> questions in its quiz, for the topics with a quiz that loads."""
    found = {}
    for topic in topics:
        try:
            quiz = load(topic)
        except QuizError:
            continue
        if quiz is not None:
            found[topic.id] = len(quiz.questions)
    return found


def run(question: Question, record: bool = False) -> Run:
    """Run the question's program in a fresh interpreter and folder, stdin empty, under its
    deadline; with `record`, under kata/inside/quizprogram.py, which also writes who ran when."""
    folder = Path(tempfile.mkdtemp(prefix="kata-quiz-"))
    schedule = folder / "schedule.json"
    cmd = [sys.executable, *(["-m", "kata.inside.quizprogram"] if record else []), str(question.program),
           *([str(schedule)] if record else [])]
    env = {**environment(folder), "PYTHONUNBUFFERED": "1", "NO_PROXY": "127.0.0.1,localhost",
           "no_proxy": "127.0.0.1,localhost"}  # lines printed before a kill are kept; no proxy
    try:
        with (folder / "out.txt").open("wb") as out, (folder / "err.txt").open("wb") as err:
            start = time.perf_counter()
            code, timed_out = proc.run(cmd, question.deadline, cwd=folder, env=env,
                                       stdin=subprocess.DEVNULL, stdout=out, stderr=err)
            seconds = time.perf_counter() - start
        read = [(folder / name).read_text("utf-8", "replace").splitlines() for name in ("out.txt", "err.txt")]
        try:
            recorded = json.loads(schedule.read_text(encoding="utf-8")) if record else None
        except (OSError, ValueError):
            recorded = None  # it never ended: nothing was written
        return Run([line.rstrip() for line in read[0]], read[1], seconds, timed_out, code, recorded)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def right_answer(question: Question, what: Run) -> Answer:
    """The answer that `what` proves right; QuizError when it proves none, or more than one."""
    if question.kind == "lines":
        if what.timed_out or what.exit_code:
            raise QuizError(f"{question.id}：程序没有正常结束（退出码 {what.exit_code}）",
                            f"{question.id}: the program did not end cleanly (exit code {what.exit_code})")
        return what.lines
    found = [LETTERS[i] for i, choice in enumerate(question.choices) if choice.matches(what)]
    if len(found) != 1:
        raise QuizError(f"{question.id}：应当恰好一个选项符合运行结果，实际是 {found or '没有'}"
                        f"（{what.seconds:.2f} 秒，最后几行 {what.lines[-3:]}）",
                        f"{question.id}: exactly one choice must match the run, not {found or 'none'} "
                        f"({what.seconds:.2f} s, last lines {what.lines[-3:]}, stderr {what.stderr[-1:]})")
    return found[0]


def key(quiz: Quiz) -> dict[str, Answer]:
    """Every question's right answer, computed now by running the programs side by side."""
    with ThreadPoolExecutor(WORKERS) as pool:
        runs = list(pool.map(run, quiz.questions))
    return {q.id: right_answer(q, r) for q, r in zip(quiz.questions, runs, strict=True)}


def given_lines(given: list[str]) -> list[str]:
    """Predicted lines as compared: trailing spaces and trailing empty lines do not count."""
    lines = [line.rstrip() for line in given]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def only_case_or_spaces(given: list[str], right: list[str]) -> bool:
    """Whether predicted lines differ from the real ones only in capitals or spaces."""
    def folded(lines: list[str]) -> list[str]:
        return ["".join(line.split()).casefold() for line in lines]
    return given_lines(given) != right and folded(given_lines(given)) == folded(right)


CASE_OR_SPACES = Text("只差大小写或空格：程序打印的每个字符都算数。",
                      "They differ only in capitals or spaces: every character printed counts.")


def check(question: Question, given: Answer | None, right: Answer | None) -> Check:
    """One question graded: passed, or failed with what was expected and why."""
    doc = {"zh": question.prompt.zh, "en": question.prompt.en}
    result = Check(f"quiz::{question.id}", f"quiz · {question.id}", doc, Outcome.FAILED)
    why = question.why
    if question.kind == "lines" and isinstance(given, list) and given_lines(given) == right:
        result.outcome = Outcome.PASSED
    elif question.kind == "choice" and isinstance(given, str) and given.strip().lower() == right:
        result.outcome = Outcome.PASSED
    elif given is None:
        result.feedback = Feedback(Kind.MESSAGE, f"没有回答。{why.zh}", f"No answer. {why.en}")
    elif question.kind == "lines":
        near = only_case_or_spaces(given, right) if isinstance(given, list) and isinstance(right, list) else False
        case_zh, case_en = (CASE_OR_SPACES.zh, CASE_OR_SPACES.en + " ") if near else ("", "")
        result.feedback = Feedback(Kind.MISMATCH, f"打印的行和你预测的不同。{case_zh}{why.zh}",
                                   f"It printed other lines than you predicted. {case_en}{why.en}",
                                   expected=tuple(right), actual=tuple(given_lines(given)))  # type: ignore[arg-type]
    else:
        label = question.choices[LETTERS.index(str(right))].label
        result.feedback = Feedback(Kind.MESSAGE, f"你选了 {given}，答案是 {right}（{label.zh}）。{why.zh}",
                                   f"You chose {given}; the answer is {right} ({label.en}). {why.en}")
    return result


def _wrong_shape(question: Question | None, qid: str, given: Any) -> QuizError | None:
    """What is wrong with one answer of an answers file, if anything."""
    if question is None:
        return QuizError(f"没有题目 {qid!r}", f"there is no question {qid!r} in this quiz")
    if question.kind == "lines":
        if isinstance(given, list) and all(isinstance(x, str) for x in given):
            return None
        return QuizError(f"答案 {qid!r}：填空题要一个字符串列表（打印的行），不是 {given!r}",
                         f"answer {qid!r}: this question takes a list of lines (strings), not {given!r}")
    letters = ", ".join(LETTERS[:len(question.choices)])
    if not isinstance(given, str):
        return QuizError(f"答案 {qid!r}：选择题要一个字母（{letters}），不是 {given!r}",
                         f"answer {qid!r}: this question takes one letter ({letters}), not {given!r}")
    if given.strip().lower() not in LETTERS[:len(question.choices)]:
        return QuizError(f"答案 {qid!r}：{given!r} 不是选项 {letters} 之一",
                         f"answer {qid!r}: {given!r} is not one of {letters}")
    return None


def read_answers(path: Path, quiz: Quiz) -> dict[str, Answer]:
    """Answers shaped like a key; an empty file is no answers; QuizError saying what is wrong otherwise."""
    try:
        text = path.read_text(encoding="utf-8")
        answers = json.loads(text) if text.strip() else {}
    except (OSError, ValueError) as exc:
        raise QuizError(f"无法读取答案文件 {path}：{exc}", f"cannot read the answers file {path}: {exc}") from exc
    if not isinstance(answers, dict):
        raise QuizError("答案文件必须是一个 JSON 对象：题目 id → 答案",
                        "the answers file must be a JSON object: id -> answer")
    questions = {q.id: q for q in quiz.questions}
    for qid, given in answers.items():
        wrong = _wrong_shape(questions.get(qid), qid, given)
        if wrong is not None:
            raise wrong
    return answers


def graded(quiz: Quiz, answers: dict[str, Answer], right: dict[str, Answer], seconds: float) -> TopicRun:
    checks = [check(q, answers.get(q.id), right[q.id]) for q in quiz.questions]
    return TopicRun(quiz.topic, checks, seconds=seconds)
