"""What a student reads for each kind of mistake, in both languages (topic 01 as the example)."""

from __future__ import annotations

from pathlib import Path

import pytest
from kit.grader import run_grader

from kata.course.manifest import ROOT

SOLUTION = (ROOT / "solutions" / "01_generators.py").read_text(encoding="utf-8")
STUB = (ROOT / "exercises" / "01_generators.py").read_text(encoding="utf-8")


def grade(tmp_path: Path, source: str, lang: str = "en", timeout: float | None = None) -> str:
    (tmp_path / "01_generators.py").write_text(source, encoding="utf-8")
    args = ["01", "--target", str(tmp_path), "--lang", lang]
    if timeout:
        args += ["--timeout", str(timeout)]
    proc = run_grader(*args, timeout=60)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    return proc.stdout


def test_untouched_stub_says_not_started_instead_of_a_wall_of_failures(tmp_path):
    out = grade(tmp_path, STUB)
    assert "Not started:" in out and "01_generators.py" in out
    assert "✘ func is a generator function" not in out


def test_untouched_stub_suggests_its_quiz_first(tmp_path):
    assert "try its quiz first (python grader.py --quiz 01)" in grade(tmp_path, STUB)


def test_not_started_in_chinese(tmp_path):
    assert "还没开始：" in grade(tmp_path, STUB, lang="zh")


def test_syntax_error_shows_the_students_line_with_a_caret(tmp_path):
    out = grade(tmp_path, SOLUTION.replace("def echo():", "def echo(:"))
    assert "Syntax error" in out and "01_generators.py" in out
    code_line = next(line for line in out.splitlines() if "def echo(:" in line)
    caret = out.splitlines()[out.splitlines().index(code_line) + 1]
    assert caret.strip() == "^" and caret.index("^") <= code_line.index("(:") + 1
    ours = out.replace(str(tmp_path), "")  # the submission's path may hold "kata/" (a user named kata)
    assert "kata/" not in ours and "_pytest" not in ours, "no grader internals in the feedback"


def test_missing_function_is_named(tmp_path):
    out = grade(tmp_path, SOLUTION.replace("def echo():", "def echo_typo():"))
    assert "defines no `echo` (use the exact name)" in out


def test_an_exception_points_at_the_students_line(tmp_path):
    out = grade(tmp_path, SOLUTION.replace("    total = 0\n", "    total = 0 / 0\n"))
    assert "Your code raised ZeroDivisionError" in out
    assert "total = 0 / 0" in out and "in accumulator" in out


def test_wrong_order_shows_expected_and_actual_side_by_side(tmp_path):
    out = grade(tmp_path, SOLUTION.replace("    print(2)\n", "    print('two')\n"))
    assert "expected" in out and "actual" in out
    assert any(line.split("|")[0].strip() == "2" and "two" in line and "←" in line
               for line in out.splitlines() if "|" in line)


def test_timeout_is_explained(tmp_path):
    out = grade(tmp_path, SOLUTION.replace("    print(1)\n", "    while True:\n        pass\n"),
                timeout=3)
    assert "Did not finish in 3 s" in out and "never ends, or never yields" in out


def test_timeout_in_chinese(tmp_path):
    out = grade(tmp_path, "while True:\n    pass\n", lang="zh", timeout=3)
    assert "没有在 3 秒内完成" in out


def test_long_output_is_cut_with_a_note(tmp_path):
    flood = SOLUTION.replace("    print(1)\n", "    print(1)\n    for i in range(5000):\n"
                                             "        print('noise', i)\n")
    out = grade(tmp_path, flood)
    assert "more lines not shown" in out
    assert len(out.splitlines()) < 200


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_failures_carry_the_topics_hint(tmp_path, lang):
    out = grade(tmp_path, SOLUTION.replace("yield 'bbb'", "yield 'BBB'"), lang=lang)
    assert ("提示：" if lang == "zh" else "Hint: ") in out
