"""What a batch keeps of each student (kata/course/record.py): read back as written; one mistake, one wording."""

from __future__ import annotations

from kata.checks import Feedback, Kind, Pictures
from kata.course.record import CheckRecord, Mistake, State, StudentRecord, TopicRecord
from kata.judging.similar import Answer


def test_the_same_mistake_with_other_values_reads_the_same():
    one = Mistake.named(Feedback(Kind.MESSAGE, "run_all 同一时刻最多只有 1 个调用在进行，应为 3 个。",
                                 "At most 1 call(s) of run_all were under way at once; all 3 should be; got ['ab']."))
    two = Mistake.named(Feedback(Kind.MESSAGE, "run_all 同一时刻最多只有 2 个调用在进行，应为 4 个。",
                                 "At most 2 call(s) of run_all were under way at once; all 4 should be; got ['x']."))
    assert one == two and one.en == "At most … call(s) of run_all were under way at once; all … should be; got …."


def test_a_check_that_passed_names_no_mistake():
    assert Mistake.named(None) is None


def test_a_student_record_reads_back_as_written():
    schedule = {"yours": {"end": 0.1, "tracks": []}, "expected": {"end": 0.1, "tracks": []}}
    written = StudentRecord("ana", [
        TopicRecord("05_gevent_spawn_join", State.PARTLY, 5.0, 10.0, checks=[
            CheckRecord("test_a", {"zh": "甲", "en": "a"}, "passed"),
            CheckRecord("test_b", {"zh": "乙", "en": "b"}, "failed", Kind.MESSAGE, Mistake("错", "wrong"),
                        Pictures.from_json(schedule))],
            answer=Answer.of({"05_gevent_spawn_join.py": "def add(a, b):\n    return a + b\n"})),
        TopicRecord("07_sync_async", State.NOT_SUBMITTED, 0.0, 10.0)])
    assert StudentRecord.from_json(written.to_json()).to_json() == written.to_json()
