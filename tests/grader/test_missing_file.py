"""A topic whose file is missing is the student's to fix, never the grader's failure.

A new student submits only some files: every missing topic scores 0, says "file not found" in
both languages and exits 1, in the terminal, in results.json and in --batch's notes.
"""

from __future__ import annotations

import csv
import json
import shutil

import pytest
from kit.grader import run_grader

from kata import manifest
from kata.manifest import ROOT

TOPICS = manifest.load().topics


def only_another_topic(folder, topic):
    """A submission holding one file, of a topic other than `topic` (01's, or 02's for 01)."""
    other = TOPICS[1] if topic == TOPICS[0] else TOPICS[0]
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "solutions" / f"{other.id}.py", folder / f"{other.id}.py")
    return folder


@pytest.mark.parametrize("topic", TOPICS, ids=[t.id for t in TOPICS])
def test_a_missing_topic_file_scores_0_and_says_file_not_found(tmp_path, topic):
    folder = only_another_topic(tmp_path / "submission", topic)
    results = tmp_path / "results.json"
    proc = run_grader("--lang", "en", "--target", str(folder), topic.number, "--json", str(results))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "File not found" in proc.stdout, proc.stdout
    assert "grader failed" not in proc.stdout.lower(), proc.stdout
    document = json.loads(results.read_text(encoding="utf-8"))
    assert document["score"] == 0
    for test in document["tests"]:
        assert "找不到文件" in test["output"] and "File not found" in test["output"], test
    assert "grader error" not in document["output"], document["output"]


def test_the_missing_file_is_named_as_the_student_must_create_it(tmp_path):
    folder_topic = next(t for t in TOPICS if t.folder)
    folder = only_another_topic(tmp_path / "submission", folder_topic)
    proc = run_grader("--lang", "en", "--target", str(folder), folder_topic.number)
    missing = folder / folder_topic.id
    assert f"File not found: {missing}." in proc.stdout, proc.stdout
    assert f"{missing}.py" not in proc.stdout, "a folder topic is a folder, not a .py file"


def test_the_terminal_says_file_not_found_in_chinese_too(tmp_path):
    folder = only_another_topic(tmp_path / "submission", TOPICS[5])
    proc = run_grader("--lang", "zh", "--target", str(folder), TOPICS[5].number)
    assert proc.returncode == 1 and "找不到文件" in proc.stdout, proc.stdout


def test_batch_notes_say_which_files_were_not_found(tmp_path):
    subs, out = tmp_path / "submissions", tmp_path / "graded"
    only_another_topic(subs / "new_student", TOPICS[5])
    proc = run_grader("--batch", str(subs), "--out", str(out), TOPICS[0].number, TOPICS[5].number)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    with (out / "gradebook.csv").open(encoding="utf-8", newline="") as fh:
        row = next(csv.DictReader(fh))
    assert row[TOPICS[5].id] == "0"
    assert "06: file not found / 找不到文件" in row["notes"], row["notes"]
    assert "grader error" not in row["notes"] and "grader error" not in proc.stdout, row["notes"]
