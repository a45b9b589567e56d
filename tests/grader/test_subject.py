"""The channel between the judge and the student's process (kata/judging/subject.py, kata/inside/host.py).

Each test drives a real student process through probes.harness, with topic 01's solution as the
student's module: what crosses back is one answer per request, timed by the judge; whatever
else arrives is never an answer.
"""

from __future__ import annotations

import sys
import time

import pytest

from kata.checks import CheckFailed, Kind
from kata.course.manifest import ROOT
from kata.judging.subject import GraderError, Subject

SOURCE = ROOT / "solutions" / "01_generators.py"


@pytest.fixture
def subject():
    with Subject(SOURCE, SOURCE.parent, "probes.harness") as s:
        yield s


def test_an_answer_carries_the_probes_value(subject):
    assert subject.call("echo", value={"a": [1, 2]}).value == {"a": [1, 2]}


def test_the_judge_times_the_answer(subject):
    subject.call("echo", value=None)  # the process is up before the clock starts
    reply = subject.call("nap", seconds=0.2)
    assert reply.seconds >= 0.2


def test_a_started_probe_is_timed_from_before_its_request_was_sent(subject, monkeypatch):
    subject.call("echo", value=None)
    send = subject._send

    def send_then_lose_the_cpu(request):  # as a busy machine may do to the judge right after sending
        sent = send(request)
        time.sleep(0.3)
        return sent

    monkeypatch.setattr(subject, "_send", send_then_lose_the_cpu)
    subject.start("nap", seconds=0.1)
    while not subject.ended():
        time.sleep(0.01)
    assert subject.outcome().seconds >= 0.1


def test_output_is_captured_however_it_was_written(subject):
    assert subject.call("prints_every_way").lines == ["one", "two", "three", "four"]


def test_a_frame_nobody_asked_for_is_never_the_answer(subject):
    assert subject.call("stray_frame").value == "real"
    assert subject.stray and "nobody asked for" in subject.stray[0]


def test_bytes_that_are_not_frames_fail_the_check_as_tampering(subject):
    with pytest.raises(CheckFailed) as caught:
        subject.call("garble")
    assert caught.value.kind == Kind.TAMPERED and "tampered" in caught.value.en


def test_a_failure_from_the_students_process_never_says_the_grader_failed_nor_brings_pictures(subject):
    with pytest.raises(CheckFailed) as caught:
        subject.call("claims", kind=Kind.GRADER.value, schedule={"yours": {"end": 1.0, "tracks": []}},
                     crashes=[{"zh": "崩", "en": "crashed", "exception": "E", "error": "E: x"}])
    told = caught.value.feedback()
    assert told.kind == Kind.ERROR and told.pictures is None and told.crashes == ()


def test_a_process_that_exits_fails_the_check_with_its_exit_code(subject):
    with pytest.raises(CheckFailed) as caught:
        subject.call("leave", code=3)
    assert caught.value.kind == Kind.ERROR and "ended early (exit code 3)" in caught.value.en


def test_the_next_request_after_an_exit_gets_a_fresh_process(subject):
    with pytest.raises(CheckFailed):
        subject.call("leave", code=0)
    assert subject.call("echo", value=1).value == 1


def test_a_request_that_hangs_times_out_and_is_not_waited_for_again(subject):
    with pytest.raises(CheckFailed) as caught:
        subject.call("nap", seconds=30, timeout=0.5)
    assert caught.value.kind == Kind.TIMEOUT
    start = time.perf_counter()
    with pytest.raises(CheckFailed):
        subject.call("nap", seconds=30, timeout=0.5)
    assert time.perf_counter() - start < 0.5, "the same probe fails at once"
    assert subject.call("echo", value=2).value == 2


def test_an_import_that_fails_fails_every_request_alike(tmp_path):
    broken = tmp_path / "01_generators.py"
    broken.write_text("raise ValueError('at import')\n", encoding="utf-8")
    with Subject(broken, tmp_path, "probes.harness") as s:
        for _ in range(2):
            with pytest.raises(CheckFailed) as caught:
                s.call("echo", value=1)
            assert "ValueError: at import" in caught.value.en and caught.value.kind == Kind.ERROR


def test_a_process_that_cannot_start_is_the_graders_failure(tmp_path):
    with Subject(SOURCE, SOURCE.parent, "probes.harness", python=str(tmp_path / "no-python")) as s:
        with pytest.raises(GraderError) as caught:
            s.call("echo", value=1)
    assert caught.value.kind == Kind.GRADER and "not your code" in caught.value.en


def test_student_code_runs_in_a_fresh_folder_of_its_own(subject, tmp_path):
    assert subject.call("echo", value=0).value == 0
    here = subject.call("cwd").value
    assert str(ROOT) not in here and sys.prefix not in here
