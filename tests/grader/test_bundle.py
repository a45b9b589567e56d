"""The Gradescope bundle: built with one command, and its run_autograder grades a sample
submission when pointed at temporary folders instead of /autograder."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest
from format_specs import check_gradescope
from kit import box
from kit.grader import run_grader

from kata import bundle, sandbox
from kata.manifest import ROOT
from kata.proc import RUN_AS

TOPICS = ["01_generators"]

# runs at import, before the checks: tries to rewrite our tests and the results file
TAMPER = """import pathlib
root = pathlib.Path(__import__("os").environ.get("AUTOGRADER_ROOT", "/autograder"))
for path in (root / "source/tests/test_01_generators.py", root / "results/results.json"):
    try:
        path.write_text("def test_ok():\\n    pass\\n")
        print("TAMPERED", path)
    except OSError:
        pass
"""


def build(zip_path: Path) -> subprocess.CompletedProcess:
    return run_grader("--bundle", str(zip_path), *TOPICS, timeout=60)


@pytest.fixture(scope="module")
def zip_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("bundle") / "autograder.zip"
    proc = build(path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return path


@pytest.fixture
def autograder(zip_path):
    """A stand-in for /autograder (readable by the unprivileged user, like Gradescope's)."""
    root = Path(tempfile.mkdtemp(prefix="kata-autograder-"))
    root.chmod(0o755)
    with zipfile.ZipFile(zip_path) as zf:
        zf.extractall(root / "source")
    for path in (root / "source", *(root / "source").rglob("*")):
        path.chmod(0o755 if path.is_dir() else 0o644)
    shutil.copy(root / "source" / "run_autograder", root / "run_autograder")
    (root / "run_autograder").chmod(0o755)
    (root / "submission" / "exercises").mkdir(parents=True)
    (root / "results").mkdir()
    yield root
    shutil.rmtree(root, ignore_errors=True)


posix_only = pytest.mark.skipif(os.name != "posix", reason="run_autograder is a bash script for "
                                                            "Gradescope's Linux images")


def run_autograder(root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "KATA_PYTHON": sys.executable}
    env.pop("PYTHONPATH", None)
    return subprocess.run([str(root / "run_autograder")], env=env, capture_output=True,
                          text=True, timeout=120)


def test_bundle_has_gradescope_layout_and_no_answers(zip_path):
    with zipfile.ZipFile(zip_path) as zf:
        names = zf.namelist()
        modes = {i.filename: i.external_attr >> 16 for i in zf.infolist()}
    assert modes["setup.sh"] & stat.S_IXUSR and modes["run_autograder"] & stat.S_IXUSR
    assert {"grader.py", "course.toml", "pyproject.toml", "tests/conftest.py",
            "tests/test_01_generators.py", "kata/plugin.py"} <= set(names)
    assert not [n for n in names if n.startswith(("solutions/", "tests/grader/", "tests/variants/"))]


def test_building_twice_gives_the_same_bytes(zip_path, tmp_path):
    again = tmp_path / "again.zip"
    assert build(again).returncode == 0
    assert again.read_bytes() == zip_path.read_bytes()


@posix_only
def test_run_autograder_grades_a_sample_submission(autograder):
    shutil.copy(ROOT / "solutions" / "01_generators.py", autograder / "submission" / "exercises")
    shipped = autograder / "submission" / "tests"  # a student's own tests: never copied, never run
    shipped.mkdir()
    (shipped / "test_01_generators.py").write_text("def test_ok():\n    pass\n", encoding="utf-8")
    (autograder / "submission" / "conftest.py").write_text("raise SystemExit(3)\n", encoding="utf-8")
    proc = run_autograder(autograder)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    doc = json.loads((autograder / "results" / "results.json").read_text(encoding="utf-8"))
    check_gradescope(doc)
    assert doc["score"] == pytest.approx(10)
    assert {t["name"].split(" ")[0] for t in doc["tests"]} == set(TOPICS)


@posix_only
def test_run_autograder_grades_in_the_sandbox_where_it_starts(autograder):
    box.required()
    ours = (autograder / "source" / "tests" / "test_01_generators.py").read_bytes()
    solution = (ROOT / "solutions" / "01_generators.py").read_text(encoding="utf-8")
    tamper = TAMPER.replace('__import__("os").environ.get("AUTOGRADER_ROOT", "/autograder")', repr(str(autograder)))
    (autograder / "submission" / "01_generators.py").write_text(tamper + solution, encoding="utf-8")
    proc = run_autograder(autograder)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert sandbox.ON in proc.stdout
    assert (autograder / "source" / "tests" / "test_01_generators.py").read_bytes() == ours
    doc = json.loads((autograder / "results" / "results.json").read_text(encoding="utf-8"))
    assert doc["output"].startswith(sandbox.ON)
    assert doc["score"] == pytest.approx(10), "01 right: nothing more, nothing less"


def test_where_the_sandbox_is_refused_the_bundle_says_student_code_runs_unprivileged(monkeypatch, tmp_path):
    monkeypatch.setattr(bundle, "can_drop_privileges", lambda: True)
    monkeypatch.setattr(bundle, "unprivileged_can_grade", lambda: True)
    monkeypatch.setenv(RUN_AS, "")  # what the bundle sets is undone after the test
    monkeypatch.delenv(RUN_AS)
    refused = sandbox.diagnose("bwrap: Creating new namespace failed: Operation not permitted", restricted=False)
    said = bundle.protection_without_sandbox(refused, tmp_path, tmp_path / "results.json")
    assert os.environ[RUN_AS] == bundle.UNPRIVILEGED
    assert f"student code runs as {bundle.UNPRIVILEGED}" in said and "namespaces" in said


@pytest.mark.skipif(not (bundle.can_drop_privileges() and bundle.unprivileged_can_grade())
                    or box.available(),
                    reason="needs root, setpriv/runuser, a repo and Python that nobody can read, "
                           "and no sandbox, as on Gradescope")
def test_student_code_runs_unprivileged_and_cannot_edit_tests_or_results(autograder):
    ours = (autograder / "source" / "tests" / "test_01_generators.py").read_bytes()
    solution = (ROOT / "solutions" / "01_generators.py").read_text(encoding="utf-8")
    (autograder / "submission" / "01_generators.py").write_text(TAMPER + solution, encoding="utf-8")
    proc = run_autograder(autograder)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"runs as {bundle.UNPRIVILEGED}" in proc.stdout
    assert (autograder / "source" / "tests" / "test_01_generators.py").read_bytes() == ours
    doc = json.loads((autograder / "results" / "results.json").read_text(encoding="utf-8"))
    assert doc["score"] == pytest.approx(10), "01 right: nothing more, nothing less"
