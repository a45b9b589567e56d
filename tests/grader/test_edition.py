"""`--edition student DIR`: the repository students get, checked as a student would meet it.

The edition is written to a temporary folder, copied as a fresh clone would be (no git history,
nothing else of this checkout), installed by pip from its own pyproject.toml into a new virtual
environment, and used there with its README's two commands. To keep CI fast the new environment
takes the course's dependencies (gevent, pytest, ...) from the environment running this test, by
a .pth line naming its site-packages; that line adds the folder only, so the .pth files in it
(this checkout's own editable install of `kata`) never run: the edition's `kata` is the only one
importable there, which a test checks. pip still builds and installs the edition itself, from
its pyproject.toml, in an isolated build.

Solution code is searched for by this file alone, not by the edition writer: every significant
line of solutions/ that the course does not show students on purpose (in the stubs, our tests,
the hints of course.toml or the quiz programs) must appear nowhere in the edition.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

import pytest
from kit.grader import run_grader

from kata.manifest import ROOT

ONLY_IN_EDITIONS = "kata/recorded/"  # our schedules, measured afresh each time


def written(folder: Path, *topics: str) -> Path:
    proc = run_grader("--edition", "student", str(folder), *topics, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return folder


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    start = time.perf_counter()
    folder = written(tmp_path_factory.mktemp("edition") / "course")
    print(f"edition written in {time.perf_counter() - start:.2f} s: {len(tree(folder))} files, "
          f"{sum(map(len, tree(folder).values())):,} bytes")
    return folder


# ---- no solution code ---------------------------------------------------------------------------

def significant(line: str) -> str | None:
    """A line worth searching for: code, not a comment, an import or a short line like `return x`."""
    code = line.split("  #")[0].strip()
    if not code or code.startswith("#") or re.match(r"(import|from)\s", code):
        return None
    return code if len(re.sub(r"\s", "", code)) >= 15 else None


def secret_lines() -> set[str]:
    found = {s for p in (ROOT / "solutions").rglob("*.py")
             for s in map(significant, p.read_text(encoding="utf-8").splitlines()) if s}
    shown = [*(ROOT / "exercises").rglob("*.py"), ROOT / "course.toml", *(ROOT / "quizzes").rglob("*"),
             *(p for p in (ROOT / "tests").rglob("*.py")
               if not {"variants", "grader"} & set(p.relative_to(ROOT / "tests").parts))]
    text = "\n".join(p.read_text(encoding="utf-8") for p in shown if p.is_file())
    return {line for line in found if line not in text}


def leaks(folder: Path) -> list[str]:
    secrets = secret_lines()
    return [f"{rel}: {line}" for rel, data in tree(folder).items()
            for line in sorted(secrets) if line in data.decode("utf-8", errors="replace")]


def test_the_search_finds_a_solution_hidden_in_any_file(tmp_path):
    hidden = tmp_path / "kata" / "recorded" / "07_sync_async.json"
    hidden.parent.mkdir(parents=True)
    hidden.write_text(json.dumps({"code": (ROOT / "solutions" / "07_sync_async.py").read_text(encoding="utf-8")}))
    assert len(secret_lines()) > 50  # the search has something to look for
    assert leaks(tmp_path) and all(found.startswith("kata/recorded/") for found in leaks(tmp_path))


def test_no_line_of_a_reference_solution_is_in_the_edition(edition):
    assert leaks(edition) == []


def test_the_edition_has_no_solutions_variants_or_maintainers_tests(edition):
    names = tree(edition)
    assert not [n for n in names if n.startswith(("solutions/", "tests/variants/", "tests/grader/"))]
    assert {n.split("/")[0] for n in names} == {".github", ".gitignore", "README.md", "course.toml", "exercises",
                                                "grader.py", "kata", "pyproject.toml", "quizzes", "tests"}


# ---- reproducible -------------------------------------------------------------------------------

def test_two_editions_of_one_checkout_differ_only_in_the_recordings(edition, tmp_path):
    first, second = tree(edition), tree(written(tmp_path / "again"))
    assert first.keys() == second.keys()
    differ = [name for name in first if first[name] != second[name]]
    assert all(name.startswith(ONLY_IN_EDITIONS) for name in differ), differ
    assert str(ROOT) not in "".join(d.decode("utf-8", errors="replace") for d in first.values())


def test_selected_topics_trim_the_manifest_the_readme_and_the_files(tmp_path):
    folder = written(tmp_path / "three", "01", "02", "07")
    course = (folder / "course.toml").read_text(encoding="utf-8")
    assert re.findall(r'^id = "(\w+)"', course, re.M) == ["01_generators", "02_producer_consumer", "07_sync_async"]
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert re.findall(r"^\| (\d\d) \|", readme, re.M) == ["01", "02", "07"]
    assert "课程共 30 分" in readme and "worth 30 points" in readme and "bonus" not in readme.lower()
    assert sorted(p.name for p in (folder / "exercises").iterdir()) == [
        "01_generators.py", "02_producer_consumer.py", "07_sync_async.py"]
    assert sorted(p.name for p in (folder / "quizzes").iterdir()) == [
        "01_generators", "02_producer_consumer", "07_sync_async"]
    assert sorted(p.name for p in (folder / "kata" / "recorded").iterdir()) == [
        "02_producer_consumer.json", "07_sync_async.json"]


def test_a_folder_that_is_neither_empty_nor_an_edition_is_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    proc = run_grader("--edition", "student", str(tmp_path), "01")
    assert proc.returncode == 2 and "not empty" in proc.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_a_previous_edition_is_replaced_and_its_git_folder_kept(tmp_path):
    folder = written(tmp_path / "term", "01", "02")
    (folder / ".git").mkdir()
    (folder / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    proc = run_grader("--edition", "student", str(folder), "01")
    assert proc.returncode == 0 and "replaced the previous edition" in proc.stdout
    assert not (folder / "exercises" / "02_producer_consumer.py").exists()
    assert (folder / ".git" / "HEAD").read_text() == "ref: refs/heads/main\n"


# ---- the student's path, installed from a fresh clone -------------------------------------------

def venv_python(clone: Path) -> Path:
    return clone.parent / "venv" / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


@pytest.fixture(scope="module")
def clone(edition: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the edition, installed with `pip install -e .` in a new virtual environment."""
    base = tmp_path_factory.mktemp("student")
    folder, venv = base / "course", base / "venv"
    shutil.copytree(edition, folder)
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv_python(folder)
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    Path(site, "_course_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
                    "-e", "."], cwd=folder, check=True)
    print(f"edition installed in {time.perf_counter() - start:.2f} s")
    return folder


def student(clone: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    python = venv_python(clone)
    return subprocess.run([str(python), "grader.py", "--lang", "en", *args], cwd=clone, input=stdin,
                          capture_output=True, text=True, encoding="utf-8", timeout=180,
                          env={**os.environ, "NO_COLOR": "1"})


@pytest.fixture
def answered(clone: Path):
    """Our solutions copied into the clone's exercises/, the stubs put back afterwards."""
    shutil.copytree(ROOT / "solutions", clone / "exercises", dirs_exist_ok=True)
    yield clone
    shutil.copytree(clone / "kata" / "stubs", clone / "exercises", dirs_exist_ok=True)


def test_the_installed_grader_is_the_editions_own(clone):
    python = venv_python(clone)
    where = subprocess.run([str(python), "-c", "import kata; print(kata.__file__)"], cwd=clone.parent,
                           capture_output=True, text=True, check=True).stdout
    assert Path(where.strip()).parent == clone / "kata"


def test_untouched_stubs_score_zero_and_name_the_first_file(clone):
    proc = student(clone)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Total 0/110 + bonus 0/20" in proc.stdout
    assert "Next: 01" in proc.stdout and "exercises/01_generators.py" in proc.stdout


def test_a_correct_answer_copied_in_gets_full_points_on_every_topic(answered):
    proc = student(answered)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Total 110/110 + bonus 20/20" in proc.stdout


def test_timeline_draws_yours_above_ours_from_the_recording(answered):
    proc = student(answered, "--timeline", "07")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    text = proc.stdout
    assert text.count("your run") == 2 and text.count("expected (our solution)") == 2
    assert text.index("your run") < text.index("expected (our solution)")


def test_a_failed_overlap_check_draws_ours_from_the_recording(clone):
    stub = clone / "exercises" / "07_sync_async.py"
    shutil.copyfile(ROOT / "tests" / "variants" / "07_sync_async" / "bad_join_inside_loop.py", stub)
    try:
        proc = student(clone, "07")
    finally:
        shutil.copyfile(clone / "kata" / "stubs" / "07_sync_async.py", stub)
    assert proc.returncode == 1 and "expected (our solution)" in proc.stdout, proc.stdout


def test_a_quiz_answered_from_its_key_is_all_right(clone, tmp_path):
    key = tmp_path / "key.json"
    assert student(clone, "--quiz", "05", "--key", str(key)).returncode == 0
    proc = student(clone, "--quiz", "05", "--answers", str(key))
    assert proc.returncode == 0 and "4/4 right" in proc.stdout, proc.stdout


def test_hint_shows_the_topics_hint(clone):
    assert "Hint:" in student(clone, "--hint", "03").stdout


def test_list_shows_every_topic_and_the_quiz_points(clone):
    listed = student(clone, "--list").stdout
    assert "13 The same ideas in asyncio" in listed and "Quiz points" in listed


def test_watch_grades_then_waits_for_a_save(clone):
    watch = student(clone, "--watch", "01", stdin="q\n")  # quits before the stub is done: exit 1
    assert watch.returncode == 1 and "Watching exercises/01_generators.py" in watch.stdout


def test_reset_restores_the_stub_without_git_history(answered):
    proc = student(answered, "--reset", "01", "--yes")
    assert proc.returncode == 0, proc.stdout
    assert (answered / "exercises" / "01_generators.py").read_bytes() == \
        (ROOT / "exercises" / "01_generators.py").read_bytes()


def test_what_needs_our_solutions_says_so_in_both_languages(clone):
    for args in (["--check"], ["--target", "solutions"], ["--edition", "student", "again"]):
        proc = student(clone, *args)
        assert proc.returncode == 2 and "教师的课程仓库" in proc.stderr and "instructors' repository" in proc.stderr


def test_the_maintainers_pytest_says_it_needs_the_instructors_repository(clone):
    python = venv_python(clone)
    proc = subprocess.run([str(python), "-m", "pytest", "-q"], cwd=clone, capture_output=True, text=True,
                          encoding="utf-8", timeout=120)
    assert proc.returncode == pytest.ExitCode.USAGE_ERROR and "instructors' repository" in proc.stdout + proc.stderr
