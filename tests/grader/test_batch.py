"""Batch grading: five submissions graded in one command into a gradebook and results files.

Topics 01 and 03 keep this quick. The submissions: full marks, empty, partial (which also ships
tests and a conftest.py that would pass everything, if they ever ran), one that hangs, one with a
syntax error. The hanging one meets a 6 s deadline instead of the manifest's.
"""

from __future__ import annotations

import csv
import json
import secrets
import shutil
import time

import pytest
from format_specs import check_gradescope
from kit import box
from kit.grader import run_grader

from kata import manifest
from kata.manifest import ROOT

TOPICS = ["01_generators", "03_greenlet_pingpong"]
TIMEOUT = 6  # the hanging submission costs this, in one worker while the other grades the rest
CHEAT_CONFTEST = """import pytest

@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    report.outcome = "passed"
    return report
"""


def make_submissions(folder):
    def put(student, topic, source):
        (folder / student).mkdir(exist_ok=True)
        shutil.copy(ROOT / source / f"{topic}.py", folder / student / f"{topic}.py")

    for topic in TOPICS:
        put("full", topic, "solutions")
    (folder / "empty").mkdir()
    put("partial", TOPICS[0], "solutions")
    put("partial", TOPICS[1], "exercises")
    (folder / "partial" / "conftest.py").write_text(CHEAT_CONFTEST, encoding="utf-8")
    (folder / "partial" / "tests").mkdir()
    (folder / "partial" / "tests" / "test_01_generators.py").write_text(
        "def test_everything():\n    pass\n", encoding="utf-8")
    (folder / "hangs").mkdir()
    (folder / "hangs" / f"{TOPICS[0]}.py").write_text("while True:\n    pass\n", encoding="utf-8")
    put("hangs", TOPICS[1], "solutions")
    (folder / "syntax").mkdir()
    (folder / "syntax" / f"{TOPICS[0]}.py").write_text("def func(:\n    yield 1\n", encoding="utf-8")


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    subs, out = tmp_path_factory.mktemp("submissions"), tmp_path_factory.mktemp("graded")
    make_submissions(subs)
    start = time.perf_counter()
    proc = run_grader("--batch", str(subs), "--out", str(out), "--timeout", str(TIMEOUT), *TOPICS,
                      *box.batch_flags())
    seconds = time.perf_counter() - start
    assert proc.returncode == 0, proc.stdout + proc.stderr
    with (out / "gradebook.csv").open(encoding="utf-8", newline="") as fh:
        rows = {row["student"]: row for row in csv.DictReader(fh)}
    print(f"five-submission batch: {seconds:.1f} s")
    return out, rows, proc


def test_gradebook_has_a_row_per_student_and_a_column_per_topic(graded):
    out, rows, _ = graded
    with (out / "gradebook.csv").open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert header == ["student", *TOPICS, "total", "bonus", "sandbox", "notes"]
    assert sorted(rows) == ["empty", "full", "hangs", "partial", "syntax"]


@pytest.mark.parametrize(("student", "scores"), [
    ("full", [10, 10]), ("empty", [0, 0]), ("partial", [10, 0]), ("hangs", [0, 10]),
    ("syntax", [0, 0])])
def test_each_submission_gets_its_own_score(graded, student, scores):
    _, rows, _ = graded
    row = rows[student]
    assert [float(row[t]) for t in TOPICS] == scores
    assert float(row["total"]) == sum(scores)


def test_the_hanging_submission_is_stopped_and_noted(graded):
    _, rows, _ = graded
    assert f"timed out after {TIMEOUT} s" in rows["hangs"]["notes"]


def test_every_student_gets_a_valid_gradescope_results_file(graded):
    out, rows, _ = graded
    for student, row in rows.items():
        doc = json.loads((out / student / "results.json").read_text(encoding="utf-8"))
        check_gradescope(doc)
        assert doc["score"] == pytest.approx(float(row["total"]) + float(row["bonus"]))
        assert {t["name"].split(" ")[0] for t in doc["tests"]} == set(TOPICS)


def test_the_manifest_says_which_topics_measure_time_and_what_they_cost():
    course = manifest.load()
    timed, light = course.select(["02"])[0], course.select(["01"])[0]
    assert timed.timed and not light.timed, "02 compares run_yield and run_serial times"
    assert timed.load > light.load


def test_shards_merged_give_the_unsharded_gradebook(graded, tmp_path):
    out, _, _ = graded
    subs = tmp_path / "submissions"
    subs.mkdir()
    make_submissions(subs)
    parts = []
    for k in (1, 2):
        parts.append(tmp_path / f"shard{k}")
        proc = run_grader("--batch", str(subs), "--out", str(parts[-1]), "--shard", f"{k}/2",
                          "--timeout", str(TIMEOUT), *TOPICS, *box.batch_flags())
        assert proc.returncode == 0, proc.stdout + proc.stderr
    sizes = [len((p / "gradebook.csv").read_text(encoding="utf-8").splitlines()) - 1 for p in parts]
    assert sum(sizes) == 5 and 0 not in sizes, "both slices have students"
    proc = run_grader("--merge", *map(str, parts), "--out", str(tmp_path / "merged"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    merged = (tmp_path / "merged" / "gradebook.csv").read_bytes()
    assert merged == (out / "gradebook.csv").read_bytes()
    assert sorted(p.name for p in (tmp_path / "merged").iterdir() if p.is_dir()) == sorted(
        p.name for p in out.iterdir() if p.is_dir())


@pytest.mark.parametrize("wrong", ["0/2", "3/2", "two"])
def test_a_shard_must_be_k_of_n(wrong, tmp_path):
    proc = run_grader("--batch", str(tmp_path), "--shard", wrong, "01", timeout=60)
    assert proc.returncode == 2 and "--shard" in proc.stderr


def test_a_missing_submissions_folder_is_an_error(tmp_path):
    proc = run_grader("--batch", str(tmp_path / "nope"), "01", timeout=60)
    assert proc.returncode == 2 and "not found" in proc.stderr


TAMPER = """import pathlib, kata
(pathlib.Path(kata.__file__).parent.parent / {path!r}).write_text("def test_ok():\\n    pass\\n")
"""


def test_unsandboxed_a_submission_that_changes_our_tests_is_stopped_and_the_files_put_back(tmp_path):
    """Without the sandbox (--no-sandbox), the grader's fingerprints still catch the change; in it,
    the files cannot be written at all (test_sandbox.py)."""
    path = f"tests/zz_batch_{secrets.token_hex(4)}.py"
    subs, out = tmp_path / "subs", tmp_path / "out"
    for student, prefix in (("honest", ""), ("tamperer", TAMPER.format(path=path))):
        (subs / student).mkdir(parents=True)
        solution = (ROOT / "solutions" / "01_generators.py").read_text(encoding="utf-8")
        (subs / student / "01_generators.py").write_text(prefix + solution, encoding="utf-8")
    try:
        proc = run_grader("--batch", str(subs), "--out", str(out), "--jobs", "2", "01", "--no-sandbox")
        assert not (ROOT / path).exists(), "the change was put back"
    finally:
        (ROOT / path).unlink(missing_ok=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "put back" in proc.stdout
    with (out / "gradebook.csv").open(encoding="utf-8", newline="") as fh:
        rows = {row["student"]: row for row in csv.DictReader(fh)}
    assert float(rows["honest"]["total"]) == 10 and rows["honest"]["notes"] == ""
    assert float(rows["tamperer"]["total"]) == 0
    assert "changed the grader's files" in rows["tamperer"]["notes"]
