"""Result files: Gradescope, Exercism v3 and JUnit, checked against their documented fields.

One grader run writes all three for a submission whose topic 01 is half right (and prints a
flood before failing) and whose topic 03 has a syntax error.
"""

from __future__ import annotations

import ast
import json
import xml.etree.ElementTree as ET

import pytest
from format_specs import check_classroom, check_exercism, check_gradescope, check_junit
from kit.grader import run_grader

from kata.course import manifest
from kata.course.manifest import ROOT
from kata.course.model import TopicRun
from kata.show import formats
from kata.show.formats import exercism

HALF_RIGHT = """

def accumulator():  # a wrong total (ignores what is sent), and a flood of output meanwhile
    while True:
        for _ in range(100):
            print("x" * 300)
        yield 0
"""


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    target = tmp_path_factory.mktemp("submission")
    solution = (ROOT / "solutions" / "01_generators.py").read_text(encoding="utf-8")
    (target / "01_generators.py").write_text(solution + HALF_RIGHT, encoding="utf-8")
    (target / "03_greenlet_pingpong.py").write_text("def run(name='egon':\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    files = {"json": out / "gradescope.json", "exercism": out / "exercism.json",
             "junit": out / "junit.xml", "classroom": out / "classroom.json"}
    proc = run_grader("01", "03", "--target", str(target), "--lang", "en",
                      *(f"--{k}={v}" for k, v in files.items()))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    return files


def test_gradescope_results_have_every_documented_field(written):
    doc = json.loads(written["json"].read_text(encoding="utf-8"))
    check_gradescope(doc)
    assert 0 < doc["score"] < 10
    assert sum(t["max_score"] for t in doc["tests"]) == pytest.approx(20)


def test_gradescope_output_is_cut_to_a_readable_length(written):
    doc = json.loads(written["json"].read_text(encoding="utf-8"))
    flooded = [t for t in doc["tests"] if "accumulator" in t["name"] and t["status"] == "failed"]
    assert flooded and all("output cut short" in t["output"] for t in flooded)
    assert all("Hint:" in t["output"] for t in flooded), "the hint survives the cut"


def test_exercism_results_follow_version_3(written):
    doc = json.loads(written["exercism"].read_text(encoding="utf-8"))
    check_exercism(doc)
    assert doc["status"] == "fail"
    assert {t["task_id"] for t in doc["tests"]} == {1, 3}
    assert all(t["status"] == "error" for t in doc["tests"] if t["task_id"] == 3), "syntax error"


def test_exercism_tests_come_in_test_file_order_with_their_code(written):
    doc = json.loads(written["exercism"].read_text(encoding="utf-8"))
    tests01 = [t for t in doc["tests"] if t["task_id"] == 1]
    source = (ROOT / "tests" / "test_01_generators.py").read_text(encoding="utf-8")
    order = [n.name for n in ast.parse(source).body if isinstance(n, ast.FunctionDef)
             and n.name.startswith("test_")]
    code = exercism.test_code(ROOT / "tests" / "test_01_generators.py")
    seen = [next(name for name in order if code[name] == t["test_code"]) for t in tests01]
    assert seen == sorted(seen, key=order.index)
    assert "subject.call(\"func_steps\", steps=0)" in code["test_calling_func_prints_nothing"]
    assert '"""' not in code["test_calling_func_prints_nothing"], "the docstring is the name"


def test_exercism_output_keeps_to_500_characters(written):
    doc = json.loads(written["exercism"].read_text(encoding="utf-8"))
    outputs = [t["output"] for t in doc["tests"] if t["output"]]
    assert outputs and all(o.endswith("Please limit to 500 chars") for o in outputs)


def test_exercism_reports_error_when_nothing_ran_cleanly():
    topic = manifest.load().select(["03"])[0]
    silent = TopicRun(topic, timed_out=True, timeout=3, log="Traceback ...")
    doc = exercism.results([silent])
    check_exercism(doc)
    assert doc["status"] == "error" and "Did not finish in 3 s" in doc["message"]


def test_junit_xml_counts_failures_and_errors(written):
    root = ET.parse(written["junit"]).getroot()
    check_junit(root)
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert set(suites) == {"01_generators", "03_greenlet_pingpong"}
    assert int(suites["01_generators"].get("failures")) > 0
    assert int(suites["03_greenlet_pingpong"].get("errors")) == int(suites["03_greenlet_pingpong"].get("tests"))


def test_classroom_result_gives_the_same_points_as_gradescope(written):
    doc = json.loads(written["classroom"].read_text(encoding="utf-8"))
    check_classroom(doc)
    gradescope = json.loads(written["json"].read_text(encoding="utf-8"))
    assert sum(t["score"] for t in doc["tests"]) == pytest.approx(gradescope["score"], abs=0.01)
    assert doc["max_score"] == 20 and doc["status"] == "fail"


@pytest.mark.parametrize("writer", ["gradescope", "exercism", "junit", "classroom"])
def test_a_topic_that_never_listed_its_checks_still_gets_a_result(writer, tmp_path):
    topic = manifest.load().select(["01"])[0]
    silent = TopicRun(topic, timed_out=True, timeout=3, log="Traceback ...")
    path = tmp_path / "out"
    formats.WRITERS["json" if writer == "gradescope" else writer](path, [silent], 3.0)
    text = path.read_text(encoding="utf-8")
    assert "Did not finish in 3 s" in text
    if writer == "gradescope":
        doc = json.loads(text)
        check_gradescope(doc)
        assert doc["score"] == 0 and doc["tests"][0]["max_score"] == topic.points
