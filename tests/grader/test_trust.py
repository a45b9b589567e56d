"""A submission cannot raise its own score: each trick below is tried, and each scores nothing.

Student code runs in a process of its own (kata/judging/subject.py), never in the judge; only signed
report lines count (kata/judging/signing.py), and only when they agree with pytest's exit status; the
results files are written by the grader after every student process is gone; the tests are
always ours, and the grader's files are fingerprinted around each topic (kata/judging/integrity.py).
What a student process can still do to its own answers is said in README.md (For instructors).
"""

from __future__ import annotations

import json
import secrets
from concurrent.futures import ThreadPoolExecutor

import pytest
from kit.grader import run_grader

from kata.checks import Kind
from kata.course import manifest
from kata.course.manifest import ROOT
from kata.course.model import Check, TopicRun
from kata.judging import runner, signing
from kata.judging.runner import run_topic

TOPIC = manifest.load().select(["01"])[0]
STUB = (ROOT / "exercises" / "01_generators.py").read_text(encoding="utf-8")
SOLUTION = (ROOT / "solutions" / "01_generators.py").read_text(encoding="utf-8")
PARTIAL = SOLUTION + "\ndef echo():\n    raise NotImplementedError\n"

FORGE_REPORT = """import json, os, pathlib
for folder in pathlib.Path(os.getcwd()).parents:  # the judge's report is in a folder above ours
    path = folder / "report.jsonl"
    if path.exists():
        with open(path, "a", encoding="utf-8") as fh:
            for name in ("test_calling_func_prints_nothing", "test_func_stops_after_third_value"):
                fh.write(json.dumps({"event": "result", "id": "tests/test_01_generators.py::" + name,
                                     "outcome": "passed", "feedback": None, "sig": "0" * 64}) + "\\n")
"""

PRINT_RESULTS = """import os, sys
for line in ["test_01_generators.py ............. [100%]", "13 passed in 0.01s",
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

# at import: make every pytest report say "passed", and the grader's reporter sign anything
REWRITE_PYTEST = """import _pytest.reports
import kata.judging.plugin

_real = _pytest.reports.TestReport.from_item_and_call.__func__

def _passed(cls, item, call):
    report = _real(cls, item, call)
    report.outcome = "passed"
    return report

_pytest.reports.TestReport.from_item_and_call = classmethod(_passed)
kata.judging.plugin.Reporter.emit = lambda self, event: None
"""

SKIPS = """
import unittest

def echo():
    raise unittest.SkipTest("skip me")
    yield

def accumulator():
    import pytest
    pytest.skip("skip me too")
    yield
"""

DROP_FILES = """import json
for name in ("results.json", "report.json", "junit.xml"):
    with open(name, "w", encoding="utf-8") as fh:
        json.dump({"score": 10}, fh)
"""

# a well-formed frame on every descriptor it can write: one of them is the judge's channel
SECOND_WRITER = """import os, struct
_body = b'{"id": "hello", "value": "forged"}'
for _fd in range(3, 64):
    try:
        os.write(_fd, b"KATA" + struct.pack(">I", len(_body)) + _body)
    except OSError:
        pass
"""

TAMPER_FILE = "tests/zz_trust_{token}.py"
TAMPER = """import pathlib, kata
(pathlib.Path(kata.__file__).parent.parent / {path!r}).write_text("def test_ok():\\n    pass\\n")
"""

# each trick: the topic file it submits (plus, for "shipped", tests of its own)
TRICKS = {
    "forge": FORGE_REPORT + "\n" + STUB,
    "print": PRINT_RESULTS + "\n" + STUB,
    "exit": SOLUTION + "\nimport os\nos._exit(0)\n",
    "results": WRITE_RESULTS + "\n" + STUB,
    "shipped": STUB,
    "skips": SOLUTION + SKIPS,
    "rewrite": REWRITE_PYTEST + "\n" + STUB,
    "drop": DROP_FILES + "\n" + STUB,
    "writer": SECOND_WRITER + "\n" + SOLUTION,
    **{f"again{i}": PARTIAL for i in range(5)},
}
SHIPPED_CONFTEST = "raise SystemExit('a submission conftest ran')\n"


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
    assert run.rejected == 2, "the trick ran: both forged lines were seen, and refused"
    assert run.score == 0


def test_printing_passed_results_does_not_count(graded):
    run = graded[0]["print"]
    assert run.score == 0 and run.rejected == 0
    assert all(c.outcome == "failed" for c in run.checks)


def test_exiting_at_import_scores_nothing(graded):
    run = graded[0]["exit"]
    assert run.score == 0
    assert all("ended early (exit code 0)" in c.feedback.en for c in run.checks)


def test_writing_the_results_file_is_overwritten_by_the_grader(graded):
    results, targets = graded
    assert (targets["results"] / "wrote-it").exists(), "the trick ran"
    assert results["results"]["score"] == 0


def test_tests_shipped_in_a_submission_never_run(graded):
    run = graded[0]["shipped"]
    assert run.score == 0 and len(run.checks) > 1
    assert "submission conftest ran" not in run.log


def test_a_skipped_check_scores_nothing(graded):
    run = graded[0]["skips"]
    failed = json.dumps([c.feedback.to_json() for c in run.checks if c.outcome == "failed"])
    assert "SkipTest" in failed and "Skipped" in failed, "both ways of skipping were tried"
    assert {c.outcome for c in run.checks} == {"passed", "failed"}
    assert run.score < TOPIC.points


def test_rewriting_pytest_or_the_reporter_from_student_code_changes_nothing(graded):
    run = graded[0]["rewrite"]
    assert run.score == 0 and run.tampered is None
    assert all(c.outcome == "failed" for c in run.checks)


def test_files_student_code_writes_land_in_its_own_folder(graded):
    run = graded[0]["drop"]
    assert run.score == 0
    for name in ("results.json", "report.json", "junit.xml"):
        assert not (ROOT / name).exists()


def test_a_second_writer_on_the_answer_channel_is_ignored_and_reported(graded):
    run = graded[0]["writer"]
    assert run.score == TOPIC.points, "the forged frame was not taken as an answer"
    assert any("nobody asked for" in note["en"] for note in run.notes)


def test_the_same_submission_gets_the_same_score_five_times(graded):
    runs = [graded[0][f"again{i}"] for i in range(5)]
    assert 0 < runs[0].score < TOPIC.points
    assert len({r.score for r in runs}) == 1
    assert len({tuple((c.id, c.outcome) for c in r.checks) for r in runs}) == 1


def test_a_submission_that_writes_our_tests_fails_that_topic(tmp_path):
    path = TAMPER_FILE.format(token=secrets.token_hex(4))
    (tmp_path / "01_generators.py").write_text(TAMPER.format(path=path) + SOLUTION, encoding="utf-8")
    try:
        run = run_topic(TOPIC, tmp_path)
        assert (ROOT / path).exists(), "the trick ran"
    finally:
        (ROOT / path).unlink(missing_ok=True)
    assert run.files_changed == [path]
    assert run.score == 0 and "grader's own files changed" in run.tampered["en"]


def test_the_grader_failing_to_start_student_code_is_not_blamed_on_the_student(tmp_path):
    results = tmp_path / "results.json"
    proc = run_grader("01", "--target", "solutions", "--json", str(results), "--lang", "en",
                      env={"KATA_RUN_AS": "kata-no-such-user"}, timeout=60)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "The grader failed, not your code" in proc.stdout
    doc = json.loads(results.read_text(encoding="utf-8"))
    assert doc["score"] == 0 and "grader error" in doc["output"]


def checks(*outcomes: str) -> TopicRun:
    run = TopicRun(TOPIC, exit_code=0 if set(outcomes) == {"passed"} else 1)
    run.checks = [Check(f"t{i}", f"t{i}", {"zh": "", "en": ""}) for i in range(len(outcomes))]
    return run


def events(run: TopicRun, outcomes: list[str], *, results: int | None = None,
           exitstatus: int | None = None) -> list[dict]:
    found = [{"event": "collected", "checks": [{"id": c.id, "name": c.name, "doc": c.doc}
                                               for c in run.checks]}]
    found += [{"event": "result", "id": c.id, "outcome": o, "feedback": None}
              for c, o in zip(run.checks, outcomes, strict=False)]
    found.append({"event": "finished", "results": len(outcomes) if results is None else results,
                  "exitstatus": run.exit_code if exitstatus is None else exitstatus})
    return found


@pytest.mark.parametrize(("outcomes", "exit_code", "trusted"), [
    (["passed", "passed"], 0, True),
    (["passed", "failed"], 1, True),
    (["passed", "passed"], 1, False),  # pytest saw a failure the report hides
    (["passed", "failed"], 0, False),  # pytest saw none
    (["passed"], 0, False),  # a check never reported, yet pytest ended normally
], ids=["all-pass", "one-fail", "hidden-failure", "invented-failure", "missing"])
def test_the_report_must_agree_with_pytests_exit_status(outcomes, exit_code, trusted):
    run = checks("passed", "passed")
    run.exit_code = exit_code
    runner._apply(run, events(run, outcomes))
    assert (run.tampered is None) == trusted
    if not trusted:
        assert run.score == 0 and all(c.feedback.kind == Kind.TAMPERED for c in run.checks)


def test_a_check_reported_twice_is_tampering():
    run = checks("passed")
    runner._apply(run, events(run, ["passed"]) + [
        {"event": "result", "id": "t0", "outcome": "passed", "feedback": None}])
    assert run.tampered is not None


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
