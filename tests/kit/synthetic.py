"""A synthetic graded class, for measuring the class report at scale without grading anyone.

Each student gets, per topic, a record as --batch writes it (kata/course/record.py): outcomes drawn at
random around a few common mistakes, and an answer made of one of our variants (right or wrong)
plus a helper of the student's own, so that no two answers are the same.
"""

from __future__ import annotations

import random
from pathlib import Path

from kata.course import manifest
from kata.course.manifest import ROOT
from kata.course.record import CheckRecord, Mistake, State, StudentRecord, TopicRecord
from kata.judging.similar import Answer

VARIANTS = ROOT / "tests" / "variants"


def _own_helper(rng: random.Random) -> str:
    """About as much code again as the variant's own: what makes each student's answer theirs."""
    lines = "".join(f"    v = v {rng.choice('+-*')} {rng.randint(2, 999)} * w[{rng.randint(0, 9)}]\n"
                    for _ in range(rng.randint(15, 30)))
    return f"\n\ndef _helper(v, w):\n{lines}    return v\n"


def _answers(topic: manifest.Topic) -> list[Answer]:
    found = []
    for v in sorted((VARIANTS / topic.id).iterdir()):
        files = sorted(v.glob("*.py")) if v.is_dir() else [v]
        found.append(Answer.of({f.name: f.read_text(encoding="utf-8") for f in files}))
    return found


def _joined(a: Answer, b: Answer) -> Answer:
    """Two tokenised answers one after the other, as if tokenised together (tokenising is slow)."""
    return Answer.tokenised(a.text + b.text, a.tokens + b.tokens)


def make_class(out: Path, students: int, seed: int = 20) -> None:
    """Write `students` records into `out`, all of the course's topics each."""
    rng = random.Random(seed)
    topics = manifest.load().topics
    checks = {t.id: [f"test_check_{i}" for i in range(rng.randint(5, 10))] for t in topics}
    answers = {t.id: _answers(t) for t in topics}
    mistakes = [Mistake(f"错误 {i}：在循环里 join？", f"mistake {i}: join() inside the loop?") for i in range(6)]
    for s in range(students):
        topic_records = []
        for t in topics:
            if rng.random() < 0.05:
                topic_records.append(TopicRecord(t.id, State.NOT_SUBMITTED, 0.0, t.points))
                continue
            outcomes = []
            for name in checks[t.id]:
                failed = rng.random() < 0.2
                outcomes.append(CheckRecord(name, {"zh": f"{name} 检查", "en": f"{name} checks a thing"},
                                            "failed" if failed else "passed", "message" if failed else None,
                                            rng.choice(mistakes) if failed else None))
            passed = sum(c.outcome == "passed" for c in outcomes)
            answer = _joined(rng.choice(answers[t.id]), Answer.of({"helper.py": _own_helper(rng)}))
            state = State.PASSED if passed == len(outcomes) else State.PARTLY if passed else State.FAILED
            topic_records.append(TopicRecord(t.id, state, t.points * passed / len(outcomes), t.points,
                                             checks=outcomes, answer=answer))
        StudentRecord(f"student{s:04d}", topic_records).write(out / f"student{s:04d}")
