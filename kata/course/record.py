"""What a batch keeps of one student, for the class report: graded/<student>/checks.json.

results.json (Gradescope's format) is made for people; this record is made for `--report` and
`--merge` to read back: each check's outcome, why it failed (its kind and the mistake its
feedback named, with the values of that run taken out so that the same mistake reads the same
for every student), the recorded schedules when a check carries them, and the submitted source
of each topic (for the similarity of answers). It serialises next to its definition.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from kata.checks import Feedback, Pictures
from kata.course import quizdata
from kata.course.manifest import Topic
from kata.course.model import Check, Kind, Outcome, TopicRun
from kata.inside.student import unstarted
from kata.judging.similar import Answer

FILE = "checks.json"
QUIZ_ANSWERS = "quiz-answers"  # in a submission: <topic id>.json, the student's predictions for that quiz
VERSION = 1

# The values of one run (numbers, quoted words, lists, measured times) differ between students
# who made the same mistake: each is replaced by "…" so that the message names the mistake alone.
_VALUES = re.compile(r"\[[^\[\]]*\]|\{[^{}]*\}|(?<!\w)'[^'\n]*'(?!\w)|\"[^\"\n]*\"|(?<![\w.])-?\d+(?:\.\d+)?")


class State(str, Enum):
    """A topic's cell in the class grid."""

    PASSED = "passed"
    PARTLY = "partly"
    FAILED = "failed"
    TIMED_OUT = "timed_out"
    NOT_SUBMITTED = "not_submitted"


def _general(text: str) -> str:
    return " ".join(_VALUES.sub("…", text).split())


@dataclass(frozen=True)
class Mistake:
    """What a failed check's feedback said, the same words for every student who made it."""

    zh: str
    en: str

    @property
    def key(self) -> str:
        return self.en

    @classmethod
    def named(cls, feedback: Feedback | None) -> Mistake | None:
        return cls(_general(feedback.zh), _general(feedback.en)) if feedback else None


@dataclass
class CheckRecord:
    name: str  # the check's function name, with its parameters: the same for every student
    doc: dict[str, str]  # the check's title, zh and en
    outcome: str  # Outcome's value
    kind: Kind | None = None  # when it failed
    mistake: Mistake | None = None
    pictures: Pictures | None = None  # the failing run's schedule beside ours

    def to_json(self) -> dict[str, Any]:
        doc = {"name": self.name, "doc": self.doc, "outcome": self.outcome, "kind": self.kind and self.kind.value,
               "mistake": self.mistake and asdict(self.mistake), "schedule": self.pictures and self.pictures.to_json()}
        return {k: v for k, v in doc.items() if v is not None}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> CheckRecord:
        mistake = raw.get("mistake")
        kind = Kind(raw["kind"]) if raw.get("kind") else None
        return cls(raw["name"], dict(raw.get("doc") or {}), raw["outcome"], kind,
                   Mistake(mistake["zh"], mistake["en"]) if mistake else None, Pictures.from_json(raw.get("schedule")))


@dataclass
class TopicRecord:
    topic: str  # the topic's id
    state: State
    score: float
    points: float
    timed_out: bool = False
    checks: list[CheckRecord] = field(default_factory=list)
    answer: Answer | None = None  # the submitted source, tokenised for kata/judging/similar.py
    quiz: list[CheckRecord] = field(default_factory=list)  # a check per quiz question, when answers came

    def to_json(self) -> dict[str, Any]:
        return {"topic": self.topic, "state": self.state.value, "score": self.score, "points": self.points,
                "timed_out": self.timed_out, "checks": [c.to_json() for c in self.checks],
                "answer": self.answer.to_json() if self.answer else None, "quiz": [c.to_json() for c in self.quiz]}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> TopicRecord:
        return cls(raw["topic"], State(raw["state"]), float(raw["score"]), float(raw["points"]),
                   bool(raw.get("timed_out")), [CheckRecord.from_json(c) for c in raw.get("checks", [])],
                   Answer.from_json(raw["answer"]) if raw.get("answer") else None,
                   [CheckRecord.from_json(c) for c in raw.get("quiz", [])])


@dataclass
class StudentRecord:
    student: str
    topics: list[TopicRecord]

    def to_json(self) -> dict[str, Any]:
        return {"version": VERSION, "student": self.student, "topics": [t.to_json() for t in self.topics]}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> StudentRecord:
        return cls(raw["student"], [TopicRecord.from_json(t) for t in raw["topics"]])

    def write(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / FILE).write_text(json.dumps(self.to_json(), ensure_ascii=False), encoding="utf-8")

    @classmethod
    def read(cls, path: Path) -> StudentRecord:
        return cls.from_json(json.loads(path.read_text(encoding="utf-8")))


def sources(topic: Topic, target: Path) -> dict[str, str]:
    """The topic's submitted file(s), by name; empty when there is none."""
    path = topic.source(target)
    files = sorted(path.glob("*.py")) if path.is_dir() else [path]
    found = {}
    for file in files:
        try:
            found[file.name] = file.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
    return found


def _state(run: TopicRun, submitted: bool) -> State:
    if not submitted:
        return State.NOT_SUBMITTED
    if run.passed:
        return State.PASSED
    if run.timed_out:
        return State.TIMED_OUT
    return State.PARTLY if run.score > 0 else State.FAILED


def check_record(c: Check, timed_out: bool = False) -> CheckRecord:
    if c.outcome == Outcome.PASSED:
        return CheckRecord(c.name, dict(c.doc), c.outcome.value)
    kind = c.kind or (Kind.TIMEOUT if timed_out else Kind.ERROR)
    return CheckRecord(c.name, dict(c.doc), c.outcome.value, kind, Mistake.named(c.feedback),
                       c.feedback.pictures if c.feedback else None)


def topic_record(run: TopicRun, target: Path) -> TopicRecord:
    files = sources(run.topic, target)
    stubs = unstarted(run.topic.source(target))
    submitted = bool(files) and not (stubs and stubs[1])
    return TopicRecord(run.topic.id, _state(run, submitted), run.score, run.topic.points, run.timed_out,
                       [check_record(c, run.timed_out) for c in run.checks], Answer.of(files) if submitted else None)


Keys = dict[str, tuple["quizdata.Quiz | None", dict[str, "quizdata.Answer"]]]


def quiz_answers(topic: Topic, target: Path, keys: Keys) -> list[CheckRecord]:
    """The student's predictions for the topic's quiz (QUIZ_ANSWERS/<topic id>.json beside their topic
    files, shaped like the file `--quiz NN --key` writes), graded against the key computed once per topic."""
    path = target / QUIZ_ANSWERS / f"{topic.id}.json"
    if not path.is_file():
        return []
    if topic.id not in keys:
        found = quizdata.load(topic)
        keys[topic.id] = (found, quizdata.key(found) if found else {})
    questions, right = keys[topic.id]
    if questions is None:
        return []
    try:
        given = quizdata.read_answers(path, questions)
    except quizdata.QuizError:
        return []
    graded = quizdata.graded(questions, given, right, 0.0).checks
    return [check_record(c) for q, c in zip(questions.questions, graded, strict=True) if q.id in given]


def student_record(name: str, target: Path, runs: list[TopicRun], keys: Keys) -> StudentRecord:
    """What the batch keeps of one student; `keys` holds each quiz's key, computed once for the class."""
    kept = StudentRecord(name, [topic_record(run, target) for run in runs])
    for topic, run in zip(kept.topics, runs, strict=True):
        topic.quiz = quiz_answers(run.topic, target, keys)
    return kept
