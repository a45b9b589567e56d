"""`--reset` puts a stub back from git history, and asks before it throws work away."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from kit.grader import run_grader

from kata.manifest import ROOT

STUB = ROOT / "exercises" / "01_generators.py"
BACKUPS = ROOT / "exercises" / ".backup"


@pytest.fixture
def worked_on():
    """exercises/01 replaced by a student's work for the test; put back afterwards."""
    original = STUB.read_bytes()
    assert not BACKUPS.exists(), f"{BACKUPS} is a student's: move it away before testing"
    STUB.write_text((ROOT / "solutions" / "01_generators.py").read_text(encoding="utf-8"),
                    encoding="utf-8")
    yield original
    STUB.write_bytes(original)
    shutil.rmtree(BACKUPS, ignore_errors=True)


def reset(answer: str | None) -> subprocess.CompletedProcess:
    args = ["--reset", "01", "--lang", "en"] + (["--yes"] if answer is None else [])
    return run_grader(*args, stdin=answer or "", timeout=60)


def test_reset_asks_and_keeps_the_work_on_no(worked_on):
    before = STUB.read_bytes()
    proc = reset("n\n")
    assert "Are you sure? [y/N]" in proc.stdout
    assert proc.returncode == 1 and STUB.read_bytes() == before


def test_reset_on_yes_restores_the_untouched_stub(worked_on):
    proc = reset("y\n")
    assert proc.returncode == 0, proc.stdout
    assert STUB.read_bytes() == worked_on


def test_reset_with_yes_does_not_ask(worked_on):
    proc = reset(None)
    assert "Are you sure" not in proc.stdout
    assert proc.returncode == 0 and STUB.read_bytes() == worked_on


@pytest.mark.parametrize(("lang", "said"), [("en", "Your code is kept in"), ("zh", "你的代码已备份到")])
def test_reset_keeps_the_students_code_as_a_backup_and_says_where(worked_on, lang, said):
    work = STUB.read_bytes()
    proc = run_grader("--reset", "01", "--yes", "--lang", lang, timeout=60)
    backup = BACKUPS / "01_generators.py.1"
    assert proc.returncode == 0 and backup.read_bytes() == work
    assert said in proc.stdout and str(backup.relative_to(ROOT)) in proc.stdout, proc.stdout


def test_a_second_reset_never_overwrites_the_first_backup(worked_on):
    first = STUB.read_bytes()
    run_grader("--reset", "01", "--yes", timeout=60)
    STUB.write_text(first.decode("utf-8") + "\n# tried again\n", encoding="utf-8")
    run_grader("--reset", "01", "--yes", timeout=60)
    assert (BACKUPS / "01_generators.py.1").read_bytes() == first
    assert (BACKUPS / "01_generators.py.2").read_text(encoding="utf-8").endswith("# tried again\n")


def test_the_readme_says_how_long_the_maintainers_tests_take():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    tests = readme[readme.index("## Tests"):readme.index("## The grader")]
    assert "about 5 minutes" in tests
