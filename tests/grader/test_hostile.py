"""Hostile student code is graded, not obeyed: each trick costs only the topic it is in.

One submission holds four bad topics and the grader runs once over all of them (plus a good
topic 01 copy, patched, to show patching stays inside its own process).
"""

from __future__ import annotations

import json
import shutil

import psutil
import pytest
from kit.grader import run_grader

from kata.course.manifest import ROOT

MARKER = "kata-hostile-orphan-marker"
TIMEOUT = 5  # seconds per topic for this run; the endless loop costs exactly this

HOSTILE = {
    # patches the whole process at import, and floods stdout: must not leak into other topics
    "01_generators": "from gevent import monkey; monkey.patch_all()\n"
                     "for _ in range(100_000):\n    print('x' * 100)\n",
    # an endless loop at import, after starting a long-lived grandchild process
    "02_producer_consumer": "import subprocess, sys\n"
                            f"subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(300)', '{MARKER}'])\n"
                            "while True:\n    pass\n",
    # leaves the interpreter at import
    "03_greenlet_pingpong": "import sys\nsys.exit(0)\n",
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    target = tmp_path_factory.mktemp("hostile")
    for topic, prefix in HOSTILE.items():
        solution = (ROOT / "solutions" / f"{topic}.py").read_text(encoding="utf-8")
        (target / f"{topic}.py").write_text(prefix + solution, encoding="utf-8")
    # 04: os._exit(0) inside a graded function, after the first checks already reported
    shutil.copy(ROOT / "solutions" / "04_greenlet_switch_cost.py", target)
    with (target / "04_greenlet_switch_cost.py").open("a", encoding="utf-8") as fh:
        fh.write("\n\ndef switching(n):\n    import os\n    os._exit(0)\n")
    results = target / "results.json"
    proc = run_grader("01", "02", "03", "04", "--target", str(target), "--timeout", str(TIMEOUT),
                      "--json", str(results), "--lang", "en")
    scores: dict[str, float] = {}
    for test in json.loads(results.read_text(encoding="utf-8"))["tests"]:
        topic = test["name"].split(" ")[0]
        scores[topic] = scores.get(topic, 0) + test["score"]
    return proc, scores


def test_patching_and_flooding_stay_inside_their_topic(graded):
    proc, scores = graded
    assert scores["01_generators"] == pytest.approx(10, abs=1e-6)
    assert len(proc.stdout) < 20_000, "a flood of student output must be cut, not relayed"


def test_endless_loop_at_import_times_out_that_topic_only(graded):
    proc, scores = graded
    assert scores["02_producer_consumer"] == 0
    assert f"Did not finish in {TIMEOUT} s" in proc.stdout


def test_processes_started_by_student_code_do_not_survive(graded):
    leftovers = [p for p in psutil.process_iter(["cmdline"]) if MARKER in (p.info["cmdline"] or [])]
    assert leftovers == []


def test_sys_exit_at_import_is_reported(graded):
    proc, scores = graded
    assert scores["03_greenlet_pingpong"] == 0
    assert "sys.exit(0)" in proc.stdout


def test_os_exit_in_a_function_scores_only_what_reported(graded):
    proc, scores = graded
    assert 0 < scores["04_greenlet_switch_cost"] < 10, "checks that passed before the exit count"
    assert "ended early (exit code 0)" in proc.stdout


def test_grader_exits_1_and_still_writes_results(graded):
    proc, _ = graded
    assert proc.returncode == 1, proc.stdout + proc.stderr
