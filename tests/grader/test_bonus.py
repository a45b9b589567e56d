"""Bonus topics (course.toml `bonus = true`) count as extra credit, shown apart from the lesson's
points in the terminal and marked as bonus in every result format."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest

from kata.checks import Feedback, Kind
from kata.commands import batch
from kata.course import manifest
from kata.course.model import Check, Outcome, TopicRun
from kata.show import formats
from kata.show.terminal import Terminal

COURSE = manifest.load()
LESSON = COURSE.topics[0]
BONUS = replace(COURSE.topics[1], bonus=True)


def run(topic, passed: int, failed: int) -> TopicRun:
    checks = [Check(f"t{i}", f"test_{i}", {"zh": "检查", "en": "check"},
                    Outcome.PASSED if i < passed else Outcome.FAILED,
                    None if i < passed else Feedback(Kind.MESSAGE, "错", "wrong"))
              for i in range(passed + failed)]
    return TopicRun(topic, checks, exit_code=0 if not failed else 1)


RUNS = [run(LESSON, 2, 0), run(BONUS, 1, 1)]


def test_the_bonus_manifest_topics_are_marked():
    assert [t.id[:2] for t in COURSE.topics if t.bonus] == ["12", "13"]


@pytest.mark.parametrize(("lang", "total", "progress"), [
    ("en", "Total 10/10 + bonus 5/10", "1/1 topics done, bonus (optional) 0/1"),
    ("zh", "总分 10/10 + 进阶 5/10", "完成 1/1 个题目，进阶（选做）0/1")])
def test_the_terminal_shows_bonus_points_and_progress_apart(lang, total, progress):
    out = io.StringIO()
    Terminal(lang, manifest.ROOT / "solutions", out, color=False).summary(RUNS)
    assert total in out.getvalue() and progress in out.getvalue()


@pytest.mark.parametrize(("lang", "total", "progress"), [
    ("en", "Bonus 5/10", "Progress: bonus (optional) 0/1"),
    ("zh", "进阶 5/10", "进度：进阶（选做）0/1")])
def test_the_terminal_shows_bonus_alone_when_only_bonus_topics_are_graded(lang, total, progress):
    out = io.StringIO()
    Terminal(lang, manifest.ROOT / "solutions", out, color=False).summary(RUNS[1:])
    text = out.getvalue()
    assert total in text and progress in text
    assert "Total" not in text and "总分" not in text


def test_gradescope_counts_bonus_points_in_the_score_and_tags_them(tmp_path):
    formats.WRITERS["json"](tmp_path / "r.json", RUNS, 1.0)
    doc = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert doc["score"] == pytest.approx(15)
    assert all(("bonus" in t["tags"]) == t["name"].startswith(BONUS.id) for t in doc["tests"])


def test_classroom_gives_bonus_points_as_extra_credit(tmp_path):
    formats.WRITERS["classroom"](tmp_path / "c.json", RUNS, 1.0)
    doc = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))
    assert doc["max_score"] == LESSON.points
    assert sum(t["score"] for t in doc["tests"]) == pytest.approx(15)
    assert "bonus" in doc["tests"][1]["name"] and "bonus" not in doc["tests"][0]["name"]


def test_exercism_and_junit_say_which_tests_are_bonus(tmp_path):
    formats.WRITERS["exercism"](tmp_path / "e.json", RUNS, 1.0)
    names = [t["name"] for t in json.loads((tmp_path / "e.json").read_text(encoding="utf-8"))["tests"]]
    assert all(("(bonus)" in n) == n.startswith(BONUS.id) for n in names)
    formats.WRITERS["junit"](tmp_path / "j.xml", RUNS, 1.0)
    bonus = {s.get("name"): s.find("properties/property[@name='bonus']").get("value")
             for s in ET.parse(tmp_path / "j.xml").getroot().iter("testsuite")}
    assert bonus == {LESSON.id: "false", BONUS.id: "true"}


def test_the_gradebook_has_the_lesson_total_and_the_bonus_in_columns_of_their_own(tmp_path):
    student = batch.Student("alice", tmp_path, {r.topic.id: r for r in RUNS})
    batch.write_gradebook(tmp_path / "gradebook.csv", [student], [LESSON, BONUS])
    with (tmp_path / "gradebook.csv").open(encoding="utf-8", newline="") as fh:
        row = next(csv.DictReader(fh))
    assert (row["total"], row["bonus"]) == ("10", "5")


def test_the_batch_line_shows_the_bonus_apart_from_the_total(tmp_path):
    said: list[str] = []
    student = batch.Student("alice", tmp_path, {r.topic.id: r for r in RUNS})
    batch.report(student, [LESSON, BONUS], said.append)
    assert said[0].split()[:6] == ["alice", "Total", "10/10", "+", "bonus", "5/10"]


def test_gradescope_output_opens_with_the_total_and_the_bonus_apart(tmp_path):
    formats.WRITERS["json"](tmp_path / "r.json", RUNS, 1.0)
    doc = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert doc["output"].splitlines()[0] == "总分 10/10 + 进阶 5/10 / Total 10/10 + bonus 5/10"

