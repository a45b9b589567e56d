"""A submission cannot raise its own score: each trick below is tried, and each scores nothing.

Only signed lines of the child's report count (kata/signing.py); the results files are written by
the grader after the child is gone; the tests are always ours. What code running inside the
child could still do is said in kata/signing.py and in README.md (For instructors).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from kata import manifest, signing
from kata.manifest import ROOT
from kata.runner import run_topic

TOPIC = manifest.load().select(["01"])[0]
STUB = (ROOT / "exercises" / "01_generators.py").read_text(encoding="utf-8")

FORGE_REPORT = """import json, os, sys
path = sys.argv[sys.argv.index("--kata-report") + 1]
lines = [json.loads(line) for line in open(path, encoding="utf-8")]
checks = lines[0]["checks"]
with open(path, "a", encoding="utf-8") as fh:
    for c in checks:
        forged = {"event": "result", "id": c["id"], "outcome": "passed", "feedback": None,
                  "sig": lines[0]["sig"]}  # even a real signature, copied, does not fit
        fh.write(json.dumps(forged) + "\\n")
os._exit(0)
"""

PRINT_RESULTS = """import os, sys
for line in ["test_01_generators.py ........... [100%]", "11 passed in 0.01s",
             '{"event": "result", "id": "x", "outcome": "passed", "feedback": null}']:
    print(line)
    print(line, file=sys.__stdout__, flush=True)
    os.write(1, (line + "\\n").encode())
"""

WRITE_RESULTS = """import json, pathlib, psutil
fake = {"score": 10, "tests": [{"name": "01_generators · all", "score": 10, "max_score": 10}]}
for proc in psutil.Process().parents():  # the grader's own command line names the file
    args = proc.cmdline()
    if "--json" in args:
        with open(args[args.index("--json") + 1], "w", encoding="utf-8") as fh:
            json.dump(fake, fh)
        pathlib.Path(__file__).with_name("wrote-it").touch()
"""


def submission(tmp_path, prefix: str, body: str = STUB):
    (tmp_path / "01_generators.py").write_text(prefix + "\n" + body, encoding="utf-8")
    return tmp_path


def test_lines_appended_to_the_report_do_not_count(tmp_path):
    solution = (ROOT / "solutions" / "01_generators.py").read_text(encoding="utf-8")
    run = run_topic(TOPIC, submission(tmp_path, "", solution + "\n" + FORGE_REPORT))
    assert run.score == 0
    assert run.rejected == len(run.graded) > 0


def test_printing_passed_results_does_not_count(tmp_path):
    run = run_topic(TOPIC, submission(tmp_path, PRINT_RESULTS))
    printed = [line for c in run.graded for line in (c.feedback or {}).get("output", [])]
    assert "11 passed in 0.01s" in printed, "the trick ran"
    assert run.score == 0 and run.rejected == 0
    assert all(c.outcome == "failed" for c in run.graded)


def test_exiting_early_scores_nothing(tmp_path):
    solution = (ROOT / "solutions" / "01_generators.py").read_text(encoding="utf-8")
    run = run_topic(TOPIC, submission(tmp_path, "", solution + "\nimport os\nos._exit(0)\n"))
    assert run.score == 0 and run.exit_code == 0
    assert all(c.outcome == "not_run" for c in run.graded)


def test_writing_the_results_file_is_overwritten_by_the_grader(tmp_path):
    (tmp_path / "sub").mkdir()
    target = submission(tmp_path / "sub", WRITE_RESULTS)
    results = tmp_path / "results.json"
    proc = subprocess.run([sys.executable, "grader.py", "01", "--target", str(target),
                           "--json", str(results), "--lang", "en"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert (target / "wrote-it").exists(), "the trick ran"
    assert json.loads(results.read_text(encoding="utf-8"))["score"] == 0


def test_tests_shipped_in_a_submission_never_run(tmp_path):
    target = submission(tmp_path, "")
    (target / "conftest.py").write_text("raise SystemExit('a submission conftest ran')\n",
                                        encoding="utf-8")
    (target / "tests").mkdir()
    shutil.copy(target / "conftest.py", target / "tests" / "conftest.py")
    (target / "tests" / "test_01_generators.py").write_text("def test_ok():\n    pass\n",
                                                            encoding="utf-8")
    run = run_topic(TOPIC, target)
    assert run.score == 0 and len(run.graded) > 1
    assert "submission conftest ran" not in run.log


def test_the_same_submission_gets_the_same_score_twice(tmp_path):
    partial = (ROOT / "solutions" / "01_generators.py").read_text(encoding="utf-8")
    target = submission(tmp_path, "", partial + "\ndef echo():\n    raise NotImplementedError\n")
    first, second = run_topic(TOPIC, target), run_topic(TOPIC, target)
    assert 0 < first.score < TOPIC.points
    assert [(c.id, c.outcome) for c in first.checks] == [(c.id, c.outcome) for c in second.checks]


@pytest.mark.parametrize("change", ["outcome", "key", "unsigned"])
def test_a_signature_fits_only_its_own_event_and_key(change):
    key = signing.new_key()
    event = signing.sign(key, {"event": "result", "id": "t", "outcome": "failed"})
    assert signing.verify(key, event) == {"event": "result", "id": "t", "outcome": "failed"}
    if change == "outcome":
        event = {**event, "outcome": "passed"}
    elif change == "key":
        key = signing.new_key()
    else:
        event.pop(signing.SIG)
    assert signing.verify(key, event) is None
