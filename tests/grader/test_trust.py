"""A submission cannot raise its own score: each trick below is tried, and each scores nothing.

Only signed lines of the child's report count (kata/signing.py); the results files are written by
the grader after the child is gone; the tests are always ours. What code running inside the
child could still do is said in kata/signing.py and in README.md (For instructors).
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from kit.grader import run_grader

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


SOLUTION = (ROOT / "solutions" / "01_generators.py").read_text(encoding="utf-8")
PARTIAL = SOLUTION + "\ndef echo():\n    raise NotImplementedError\n"
SHIPPED_CONFTEST = "raise SystemExit('a submission conftest ran')\n"

# each trick: the topic file it submits (plus, for "shipped", tests of its own)
TRICKS = {
    "forge": SOLUTION + "\n" + FORGE_REPORT,
    "print": PRINT_RESULTS + "\n" + STUB,
    "exit": SOLUTION + "\nimport os\nos._exit(0)\n",
    "results": WRITE_RESULTS + "\n" + STUB,
    "shipped": STUB,
    "again1": PARTIAL,
    "again2": PARTIAL,
}


def grade_via_cli(target):
    results = target.parent / f"{target.name}-results.json"
    proc = run_grader("01", "--target", str(target), "--json", str(results), "--lang", "en",
                      timeout=60)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    return json.loads(results.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Every trick graded once, two at a time (each is its own grader process)."""
    targets = {}
    for name, source in TRICKS.items():
        targets[name] = tmp_path_factory.mktemp(name)
        (targets[name] / "01_generators.py").write_text(source, encoding="utf-8")
    shipped = targets["shipped"]
    (shipped / "conftest.py").write_text(SHIPPED_CONFTEST, encoding="utf-8")
    (shipped / "tests").mkdir()
    (shipped / "tests" / "conftest.py").write_text(SHIPPED_CONFTEST, encoding="utf-8")
    (shipped / "tests" / "test_01_generators.py").write_text("def test_ok():\n    pass\n",
                                                             encoding="utf-8")
    with ThreadPoolExecutor(2) as pool:
        futures = {name: pool.submit(grade_via_cli if name == "results" else run_topic,
                                     *([target] if name == "results" else [TOPIC, target]))
                   for name, target in targets.items()}
        return {name: future.result() for name, future in futures.items()}, targets


def test_lines_appended_to_the_report_do_not_count(graded):
    run = graded[0]["forge"]
    assert run.rejected == len(run.graded) > 0, "the trick ran: every forged line was seen"
    assert run.score == 0


def test_printing_passed_results_does_not_count(graded):
    run = graded[0]["print"]
    printed = [line for c in run.graded for line in (c.feedback or {}).get("output", [])]
    assert "11 passed in 0.01s" in printed, "the trick ran"
    assert run.score == 0 and run.rejected == 0
    assert all(c.outcome == "failed" for c in run.graded)


def test_exiting_early_scores_nothing(graded):
    run = graded[0]["exit"]
    assert run.score == 0 and run.exit_code == 0
    assert all(c.outcome == "not_run" for c in run.graded)


def test_writing_the_results_file_is_overwritten_by_the_grader(graded):
    results, targets = graded
    assert (targets["results"] / "wrote-it").exists(), "the trick ran"
    assert results["results"]["score"] == 0


def test_tests_shipped_in_a_submission_never_run(graded):
    run = graded[0]["shipped"]
    assert run.score == 0 and len(run.graded) > 1
    assert "submission conftest ran" not in run.log


def test_the_same_submission_gets_the_same_score_twice(graded):
    first, second = graded[0]["again1"], graded[0]["again2"]
    assert 0 < first.score < TOPIC.points
    assert first.score == second.score
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
