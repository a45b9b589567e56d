"""What grading produces, as every part of the grader reads it: checks, topics, verdicts.

The runner fills these in; the terminal, watch mode, batch grading and every result format
(kata/show/formats/) read them. Nothing here runs anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from kata.checks import Feedback, Kind
from kata.course.manifest import Topic


class Outcome(str, Enum):
    """What the judge reported for one check."""

    PASSED = "passed"
    FAILED = "failed"  # a skipped check is failed too
    NOT_RUN = "not_run"  # never reported: the run ended or was stopped first


NO_ANSWER = {Kind.SYNTAX, Kind.ERROR, Kind.TIMEOUT, Kind.GRADER, Kind.TAMPERED}


class Verdict(str, Enum):
    """A check's or a topic's verdict, as test-result formats say it."""

    PASS = "pass"
    FAIL = "fail"  # a wrong answer
    ERROR = "error"  # no answer to judge: it crashed, hung, never reported, or the grader failed


def shown(points: float) -> str:
    """Points as a student reads them: one decimal at most (6.7, 10)."""
    return f"{points:.1f}".rstrip("0").rstrip(".")


@dataclass
class Check:
    id: str
    name: str
    doc: dict[str, str]
    outcome: Outcome = Outcome.NOT_RUN
    feedback: Feedback | None = None
    seconds: float = 0.0  # setup, call and teardown, as pytest measured them

    @property
    def kind(self) -> Kind | None:
        return self.feedback.kind if self.feedback else None

    @property
    def verdict(self) -> Verdict:
        if self.outcome == Outcome.PASSED:
            return Verdict.PASS
        if self.outcome == Outcome.NOT_RUN or self.kind in NO_ANSWER:
            return Verdict.ERROR
        return Verdict.FAIL


def overall(verdicts: set[Verdict]) -> Verdict:
    """All passed: pass; nothing ran cleanly: error; anything else: fail."""
    if verdicts == {Verdict.PASS}:
        return Verdict.PASS
    return Verdict.ERROR if verdicts == {Verdict.ERROR} else Verdict.FAIL


@dataclass
class TopicRun:
    topic: Topic
    checks: list[Check] = field(default_factory=list)  # every one counts: skipped or unreported ones score 0
    seconds: float = 0.0
    timeout: float = 0.0  # the deadline this run had
    timed_out: bool = False
    exit_code: int | None = None
    interrupted: str | None = None  # nodeid of the check running when the process stopped
    log: str = ""
    rejected: int = 0  # report lines ignored for lacking the run's signature (forged, or cut short)
    notes: list[dict[str, str]] = field(default_factory=list)  # what the judge noticed, zh and en
    tampered: dict[str, str] | None = None  # why the report or the grader's files are not trusted
    files_changed: list[str] = field(default_factory=list)  # grader files changed during the run
    sandboxed: bool = False  # student code ran in the sandbox (kata/judging/sandbox.py)

    @property
    def passed(self) -> bool:
        return bool(self.checks) and all(c.outcome == Outcome.PASSED for c in self.checks)

    @property
    def score(self) -> float:
        if not self.checks:
            return 0.0
        return self.topic.points * sum(c.outcome == Outcome.PASSED for c in self.checks) / len(self.checks)

    @property
    def grader_error(self) -> bool:
        """The grader itself failed (it could not run the student's code): not the student's doing."""
        return any(c.kind == Kind.GRADER for c in self.checks)

    @property
    def verdict(self) -> Verdict:
        return overall({c.verdict for c in self.checks} or {Verdict.ERROR})


@dataclass(frozen=True)
class Points:
    """The lesson's points and the bonus topics' points, always apart: bonus is extra credit."""

    total: float
    total_max: float
    bonus: float
    bonus_max: float

    @classmethod
    def of(cls, runs: list[TopicRun]) -> Points:
        lesson = [r for r in runs if not r.topic.bonus]
        bonus = [r for r in runs if r.topic.bonus]
        return cls(sum(r.score for r in lesson), sum(r.topic.points for r in lesson),
                   sum(r.score for r in bonus), sum(r.topic.points for r in bonus))

    def text(self, lang: str) -> str:
        """`Total 110/110 + bonus 20/20` (总分 … + 进阶 …); only what was graded."""
        zh = lang == "zh"
        parts = []
        if self.total_max or not self.bonus_max:
            parts.append(f"{'总分' if zh else 'Total'} {shown(self.total)}/{shown(self.total_max)}")
        if self.bonus_max:
            label = "进阶" if zh else "bonus" if parts else "Bonus"
            parts.append(f"{label} {shown(self.bonus)}/{shown(self.bonus_max)}")
        return " + ".join(parts)
