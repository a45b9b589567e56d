"""`--quiz NN`: predict-first questions whose answers are computed by running their programs."""

from __future__ import annotations

import io
import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from kit.grader import run_grader

from kata.commands import topic_tools
from kata.course import manifest, progress, quizdata
from kata.course.model import Outcome, TopicRun
from kata.show.terminal import Terminal

COURSE = manifest.load()
QUIZ_TOPICS = [t for t in COURSE.topics if "01" <= t.number <= "10"]


def _quiz(number: str) -> quizdata.Quiz:
    found = quizdata.load(COURSE.select([number])[0])
    assert found is not None
    return found


@pytest.fixture(scope="module")
def keys() -> dict[str, dict[str, quizdata.Answer]]:
    """Every quiz's key, computed live once for this module's tests."""
    return {t.number: quizdata.key(_quiz(t.number)) for t in QUIZ_TOPICS}


@pytest.mark.parametrize("topic", QUIZ_TOPICS, ids=lambda t: t.number)
def test_every_quiz_loads_with_enough_bilingual_questions(topic):
    found = quizdata.load(topic)  # raises on a missing zh or en, a duplicate id, an unknown rule
    assert found is not None and len(found.questions) >= (3 if topic.number <= "07" else 2)
    for question in found.questions:  # short enough to read before answering: at most 20 lines of code
        assert sum(bool(line.strip()) for line in question.program.read_text(encoding="utf-8").splitlines()) <= 20


@pytest.mark.parametrize("topic", QUIZ_TOPICS, ids=lambda t: t.number)
def test_every_key_is_computed_live_and_a_second_run_recorded_as_the_student_sees_it_agrees(topic, keys):
    """Exactly one choice matches each run; the recorded runs shown after an answer (with their
    schedules) prove the same key, so neither recording nor a rerun changes an answer."""
    found = _quiz(topic.number)
    with ThreadPoolExecutor(quizdata.WORKERS) as pool:
        runs = list(pool.map(lambda q: quizdata.run(q, record=q.timeline), found.questions))
    again = {q.id: quizdata.right_answer(q, r) for q, r in zip(found.questions, runs, strict=True)}
    assert again == keys[topic.number]
    assert all(r.schedule for q, r in zip(found.questions, runs, strict=True) if q.timeline and not r.timed_out)


def test_topics_without_a_quiz_have_none():
    assert [t.number for t in COURSE.topics if quizdata.load(t) is None] == ["11", "12", "13"]


def test_lines_in_the_wrong_order_fail_that_question_only(keys):
    found = _quiz("05")
    answers = {**keys["05"], "values_order": list(reversed(keys["05"]["values_order"]))}
    result = quizdata.graded(found, answers, keys["05"], 0.0)
    failed = [c.id for c in result.checks if c.outcome != Outcome.PASSED]
    assert failed == ["quiz::values_order"]
    assert result.score == len(found.questions) - 1


def test_a_choice_answer_ignores_case_and_spaces(keys):
    found = _quiz("05")
    answers = {**keys["05"], "join_in_loop": f" {keys['05']['join_in_loop'].upper()} "}
    assert quizdata.graded(found, answers, keys["05"], 0.0).passed


def test_a_run_past_its_deadline_matches_only_a_timed_out_choice():
    question = next(q for q in _quiz("09").questions if q.id == "spin_on_close")
    hung = quizdata.Run(["HI"], [], question.deadline, timed_out=True, exit_code=None)
    assert quizdata.right_answer(question, hung) == "b"
    raised = quizdata.Run(["HI"], ["Traceback ...", "ConnectionResetError: [Errno 104] reset"], 0.2, False, 1)
    assert quizdata.right_answer(question, raised) == "c"


def test_key_then_answers_of_that_key_scores_full_with_exit_0_and_writes_json(tmp_path):
    key_file, results = tmp_path / "key.json", tmp_path / "results.json"
    made = run_grader("--quiz", "05", "--key", str(key_file), "--target", str(tmp_path))
    assert made.returncode == 0, made.stderr
    graded = run_grader("--quiz", "05", "--answers", str(key_file), "--json", str(results),
                        "--target", str(tmp_path), "--lang", "en")
    assert graded.returncode == 0, graded.stdout + graded.stderr
    assert "4/4 right" in graded.stdout
    doc = json.loads(results.read_text(encoding="utf-8"))
    assert doc["score"] == 4 and all(t["status"] == "passed" for t in doc["tests"])


def test_an_empty_answers_file_scores_0_with_exit_1(tmp_path):
    empty = tmp_path / "answers.json"
    empty.write_text("", encoding="utf-8")
    graded = run_grader("--quiz", "01", "--answers", str(empty), "--target", str(tmp_path), "--lang", "en")
    assert graded.returncode == 1 and "0/3 right" in graded.stdout


@pytest.mark.parametrize("content", ["[1, 2]", '{"no_such_question": "a"}', '{"send_first": ["c"]}', "{"])
def test_a_malformed_answers_file_exits_2_and_says_why_in_both_languages(tmp_path, content):
    bad = tmp_path / "answers.json"
    bad.write_text(content, encoding="utf-8")
    graded = run_grader("--quiz", "01", "--answers", str(bad), "--target", str(tmp_path))
    assert graded.returncode == 2 and " / " in graded.stderr


def test_a_topic_without_a_quiz_exits_2():
    graded = run_grader("--quiz", "12", "--lang", "en")
    assert graded.returncode == 2 and "has no quiz" in graded.stderr


def test_the_interactive_quiz_says_right_or_wrong_then_shows_what_really_happened(tmp_path):
    # first_switch answered in the wrong order, never_back right (b), then the input ends
    answers = "ann ping 1\nann ping 2\nbob pong 1\nbob pong 2\nmain\n\nb\n"
    shown = run_grader("--quiz", "03", "--lang", "en", "--target", str(tmp_path), stdin=answers)
    out = shown.stdout
    assert shown.returncode == 1
    assert out.index("✘ Wrong") < out.index("What really happened") < out.index("✔ Right!")
    assert "running" in out and "Why: " in out  # the timeline's legend, then one sentence of why
    assert "1/3 right" in out


def test_the_interactive_quiz_speaks_chinese_too(tmp_path):
    shown = run_grader("--quiz", "01", "--lang", "zh", "--target", str(tmp_path), stdin="c\n")
    assert "实际运行" in shown.stdout and "为什么：" in shown.stdout


def test_list_shows_quiz_points_apart_and_suggests_the_quiz_for_an_untouched_topic(tmp_path, monkeypatch):
    monkeypatch.setattr(progress, "FILE", tmp_path / "progress.json")
    found = _quiz("05")
    checks = [quizdata.check(q, None, None) for q in found.questions]
    checks[0].outcome = Outcome.PASSED
    progress.record_quiz(tmp_path, TopicRun(found.topic, checks))
    progress.record_quiz(tmp_path, TopicRun(found.topic, [quizdata.check(q, None, None) for q in found.questions]))
    out = io.StringIO()
    topic_tools.list_topics(COURSE, tmp_path, Terminal("en", tmp_path, out, color=False))
    text = out.getvalue()
    assert "quiz 1/4" in text and "start with its quiz: --quiz 01" in text
    assert "Quiz points 1/" in text and "apart from the course's 110" in text


def test_a_wrong_lines_answer_shows_the_students_lines_beside_what_really_happened(tmp_path):
    answers = "ann ping 1\nann ping 2\nbob pong 1\nbob pong 2\nmain\n\n"
    out = run_grader("--quiz", "03", "--lang", "en", "--target", str(tmp_path), stdin=answers).stdout
    table = out[out.index("What really happened"):]
    row = next(line for line in table.splitlines() if line.strip().startswith("ann ping 2"))
    assert row.split("|")[0].strip() == "ann ping 2" and row.split("|")[1].strip().startswith("bob pong 1"), row
    assert "you predicted" in table and "only in capitals or spaces" not in table


@pytest.mark.parametrize(("lang", "note"), [("en", "only in capitals or spaces"), ("zh", "只差大小写或空格")])
def test_a_lines_answer_wrong_only_in_capitals_or_spaces_says_so(tmp_path, lang, note):
    answers = "Ann ping 1\nbob  pong 1\nann ping 2\nbob pong 2\nmain\n\n"
    out = run_grader("--quiz", "03", "--lang", lang, "--target", str(tmp_path), stdin=answers).stdout
    assert note in out, out


def test_a_graded_lines_answer_wrong_only_in_capitals_says_so_in_the_result_files(keys):
    found = _quiz("03")
    question = next(q for q in found.questions if q.id == "first_switch")
    result = quizdata.check(question, [line.upper() for line in keys["03"]["first_switch"]], keys["03"]["first_switch"])
    assert "只差大小写或空格" in result.feedback.zh and "only in capitals or spaces" in result.feedback.en


@pytest.mark.parametrize(("content", "said"), [
    ('{"async_time": "z"}', "'z' is not one of a, b"),
    ('{"async_time": ["a"]}', "takes one letter"),
    ('{"done_order": "start"}', "takes a list of lines"),
    ('{"done_order": ["start", 1]}', "takes a list of lines"),
    ('{"no_such": "a"}', "no question 'no_such'")])
def test_an_answer_of_the_wrong_type_exits_2_saying_what_is_wrong_in_both_languages(tmp_path, content, said):
    bad = tmp_path / "answers.json"
    bad.write_text(content, encoding="utf-8")
    graded = run_grader("--quiz", "07", "--answers", str(bad), "--target", str(tmp_path))
    assert graded.returncode == 2, graded.stdout + graded.stderr
    assert said in graded.stderr and " / " in graded.stderr, graded.stderr
