"""The documented fields of each result format, as assertions the grader's files must meet.

Gradescope: https://gradescope-autograders.readthedocs.io/en/latest/specs/
Exercism v3: https://exercism.org/docs/building/tooling/test-runners/interface
JUnit: the Ant/Surefire XML that CI services read.
GitHub Classroom: what classroom-resources/autograding-grading-reporter reads from a runner.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

GRADESCOPE_VISIBILITY = {"hidden", "after_due_date", "after_published", "visible"}


def check_gradescope(doc: dict[str, Any], max_output: int = 4000) -> None:
    assert isinstance(doc["score"], (int, float))
    assert isinstance(doc["execution_time"], (int, float)) and doc["execution_time"] >= 0
    assert isinstance(doc["output"], str)
    assert doc["visibility"] in GRADESCOPE_VISIBILITY
    assert doc["stdout_visibility"] in GRADESCOPE_VISIBILITY
    assert doc["tests"], "every graded topic shows up as tests"
    for test in doc["tests"]:
        assert isinstance(test["name"], str) and test["name"][:2].isdigit(), test["name"]
        assert isinstance(test["score"], (int, float)) and isinstance(test["max_score"], (int, float))
        assert 0 <= test["score"] <= test["max_score"]
        assert test["status"] in {"passed", "failed"}
        assert (test["status"] == "passed") == (test["score"] == test["max_score"] > 0)
        assert isinstance(test["output"], str) and len(test["output"]) <= max_output
        assert test["visibility"] in GRADESCOPE_VISIBILITY
    assert abs(doc["score"] - sum(t["score"] for t in doc["tests"])) < 0.01


def check_exercism(doc: dict[str, Any]) -> None:
    assert doc["version"] == 3
    assert doc["status"] in {"pass", "fail", "error"}
    if doc["status"] == "error":
        assert isinstance(doc["message"], str) and doc["message"]
    else:
        assert doc.get("message") is None
    statuses = {t["status"] for t in doc["tests"]}
    assert statuses <= {"pass", "fail", "error"}
    assert (doc["status"] == "pass") == (statuses == {"pass"})
    for test in doc["tests"]:
        assert isinstance(test["name"], str) and test["name"]
        assert isinstance(test["test_code"], str)
        assert isinstance(test["task_id"], int) and test["task_id"] >= 1
        assert test.get("message") is None or isinstance(test["message"], str)
        assert test.get("output") is None or len(test["output"]) <= 500
        if test["status"] != "pass":
            assert test["message"], "a failing test says why"


def check_junit(root: ET.Element) -> None:
    assert root.tag == "testsuites"
    for key in ("tests", "failures", "errors", "skipped"):
        assert int(root.get(key)) == sum(int(s.get(key)) for s in root.iter("testsuite"))
    for suite in root.iter("testsuite"):
        cases = suite.findall("testcase")
        assert int(suite.get("tests")) == len(cases)
        assert int(suite.get("failures")) == sum(len(c.findall("failure")) for c in cases)
        assert int(suite.get("errors")) == sum(len(c.findall("error")) for c in cases)
        float(suite.get("time"))
        for case in cases:
            assert case.get("classname") and case.get("name")
            float(case.get("time"))
            for bad in case.findall("failure") + case.findall("error"):
                assert bad.get("message") and bad.get("type") and bad.text


def check_classroom(doc: dict[str, Any]) -> None:
    assert doc["status"] in {"pass", "fail", "error"}
    assert isinstance(doc["max_score"], (int, float)) and doc["max_score"] > 0
    for test in doc["tests"]:
        assert isinstance(test["name"], str) and test["status"] in {"pass", "fail", "error"}
        assert isinstance(test["score"], (int, float)) and test["line_no"] == 0
        assert test["status"] == "pass" or test["message"]
    assert sum(t["score"] for t in doc["tests"]) <= doc["max_score"]


TRACE_PHASES = {"X", "B", "E", "i", "I", "C", "M"}  # the phases a schedule's trace may hold
NAME_METADATA = {"process_name", "thread_name"}


def _number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def check_trace(doc: dict[str, Any]) -> None:
    """Chrome's trace-event format (JSON object form), as Perfetto and chrome://tracing read it:
    every event has `ph`, an integer `pid` and `tid` (metadata included); X events a numeric
    `ts` and `dur` (µs, dur ≥ 0) and a `name`; i events a scope `s`; C events numeric args;
    M events `process_name`/`thread_name` with a string `args.name`, once per process or thread
    (a second one silently replaces the first in viewers)."""
    assert isinstance(doc["traceEvents"], list) and doc["traceEvents"]
    assert doc.get("displayTimeUnit", "ms") in {"ms", "ns"}
    named: dict[tuple[str, int, int | None], str] = {}
    for e in doc["traceEvents"]:
        assert e["ph"] in TRACE_PHASES, e
        assert isinstance(e["pid"], int) and isinstance(e["tid"], int), e
        assert isinstance(e["name"], str) and e["name"], e
        if e["ph"] != "M":
            assert _number(e["ts"]) and e["ts"] >= 0, e
        if e["ph"] == "X":
            assert _number(e["dur"]) and e["dur"] >= 0, e
        elif e["ph"] in {"i", "I"}:
            assert e.get("s", "t") in {"g", "p", "t"}, e
        elif e["ph"] == "C":
            assert e["args"] and all(_number(v) for v in e["args"].values()), e
        elif e["ph"] == "M" and e["name"] in NAME_METADATA:
            assert isinstance(e["args"]["name"], str) and e["args"]["name"], e
            key = (e["name"], e["pid"], e["tid"] if e["name"] == "thread_name" else None)
            assert key not in named, f"{key} named twice: {named[key]!r}, then {e['args']['name']!r}"
            named[key] = e["args"]["name"]
    for e in doc["traceEvents"]:
        if e["ph"] != "M":
            assert ("process_name", e["pid"], None) in named, f"process {e['pid']} has no name"
