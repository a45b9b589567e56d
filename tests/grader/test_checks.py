"""The feedback record (kata/checks.py): one typed record from the student's process and the judge to
every medium, read back from another process keeping only what is well formed."""

from __future__ import annotations

import io

from kata.checks import CheckFailed, Crash, Feedback, Frame, Kind, Pictures
from kata.course import manifest
from kata.course.model import Check, Outcome, TopicRun
from kata.schedule import Schedule, Span, Track
from kata.show import plaintext
from kata.show.terminal import Terminal

TOPIC = manifest.load().topics[0]


def full() -> Feedback:
    schedule = Schedule(1.0, (Track("main", "main", "main", (Span(0.0, 1.0, "run"),)),), ((0.5, "main", "main"),))
    return Feedback(Kind.MISMATCH, "错", "wrong", ("a",), ("b",), 0.2, 0.1, 0.3, Frame("f.py", 3, "", "x = (", 5),
                    (Frame("f.py", 4, "task", "x()"),), (Crash("崩", "crashed", "NameError", "NameError: x"),),
                    ("printed",), Pictures(schedule, None), {"exit_code": 3})


def test_feedback_reads_back_as_written():
    assert Feedback.from_json(full().to_json()) == full()


def test_a_failure_raised_in_a_check_becomes_feedback_with_its_details_typed():
    failure = CheckFailed("慢", "slow", Kind.TIMING, measured=0.5, at_least=None, at_most=0.3, blocked=["x"])
    told = failure.feedback()
    assert (told.kind, told.measured, told.at_most, told.facts) == (Kind.TIMING, 0.5, 0.3, {"blocked": ["x"]})


def test_feedback_from_another_process_keeps_only_what_is_well_formed():
    frames = [{"file": "f.py"}, "junk", {"file": "g.py", "line": 2}]
    told = Feedback.from_json({"kind": "no such kind", "zh": 1, "en": "wrong", "expected": "not a list",
                               "measured": float("nan"), "frames": frames,
                               "output": [f"line {i}" for i in range(5000)], "schedule": {"yours": None}})
    assert (told.kind, told.zh, told.en, told.expected, told.measured) == (Kind.MESSAGE, "?", "wrong", (), None)
    assert told.frames == (Frame("g.py", 2),) and len(told.output) == 1000 and told.pictures is None


def test_a_run_stopped_is_told_in_the_same_words_on_the_terminal_and_in_result_files():
    checks = [Check("t0", "test_0", {"zh": "甲", "en": "first"}, Outcome.PASSED),
              Check("t1", "test_1", {"zh": "乙", "en": "second"})]
    run = TopicRun(TOPIC, checks, timeout=3.0, timed_out=True, interrupted="t1")
    said = plaintext.stopped(run)
    out = io.StringIO()
    Terminal("en", manifest.ROOT / "solutions", out, color=False).topic(run)
    assert "Did not finish in 3 s (in “second”)" in said.en
    assert said.en in " ".join(out.getvalue().split()) and said.en in plaintext.message(run, checks[1])
