"""The grader's interface (COURSE.md): topic selection and exit codes 0, 1 and 2."""

from __future__ import annotations

import subprocess

import pytest
from kit.grader import run_grader

from kata.course import manifest
from kata.course.manifest import ROOT, CourseError


def grader(*args: str) -> subprocess.CompletedProcess:
    return run_grader("--lang", "en", *args)


def test_solutions_pass_with_exit_0():
    proc = grader("01", "--target", "solutions")
    assert proc.returncode == 0 and "10/10" in proc.stdout


def test_stubs_fail_with_exit_1():
    assert grader("greenlet_pingpong").returncode == 1


@pytest.mark.parametrize("args", [["99"], ["--target", "no/such/folder", "01"], ["--bogus"]])
def test_unusable_arguments_exit_2(args):
    assert grader(*args).returncode == 2


@pytest.mark.parametrize("name", ["03", "3", "greenlet_pingpong", "03_greenlet_pingpong"])
def test_a_topic_is_named_by_number_slug_or_id(name):
    assert [t.id for t in manifest.load().select([name])] == ["03_greenlet_pingpong"]


def test_selection_keeps_course_order():
    ids = [t.id for t in manifest.load().select(["03", "01"])]
    assert ids == ["01_generators", "03_greenlet_pingpong"]


def test_a_topic_without_both_languages_is_a_course_error(tmp_path):
    broken = tmp_path / "course.toml"
    broken.write_text('[course]\ntitle = { zh = "课", en = "course" }\n\n[[topic]]\n'
                      'id = "01_x"\ntitle = { zh = "标题" }\nhint = { zh = "提示", en = "hint" }\n'
                      "points = 10\ntimeout = 5\n", encoding="utf-8")
    with pytest.raises(CourseError, match="both zh and en"):
        manifest.load(broken)


def test_every_topic_is_in_the_readme_table():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for topic in manifest.load().topics:
        assert f"`{topic.id}`" in readme and topic.title.zh in readme, topic.id
