"""The grading files' fingerprint (kata/judging/integrity.py): what it covers and what it leaves out."""

from __future__ import annotations

from pathlib import Path

from kata.judging import integrity


def _house(root: Path) -> Path:
    for name in integrity.FILES:
        (root / name).write_text(name)
    for name in ("kata/checks.py", "kata/judging/judge.py", "tests/test_01_generators.py",
                 "tests/kit/net.py", "tests/grader/test_cli.py", "tests/variants/01/bad.py",
                 "kata/__pycache__/checks.cpython-311.pyc", "kata/judging/stray.pyc"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(name)
    return root


def test_the_fingerprint_covers_the_grading_files_at_every_depth(tmp_path: Path) -> None:
    assert sorted(integrity.fingerprint(_house(tmp_path))) == [
        "course.toml", "grader.py", "kata/checks.py", "kata/judging/judge.py", "pyproject.toml",
        "tests/kit/net.py", "tests/test_01_generators.py"]


def test_the_maintainers_tests_and_compiled_files_are_left_out(tmp_path: Path) -> None:
    names = integrity.fingerprint(_house(tmp_path))
    assert not [name for name in names if name.startswith(("tests/grader", "tests/variants")) or ".pyc" in name]


def test_a_link_to_a_folder_is_not_walked_so_a_loop_ends(tmp_path: Path) -> None:
    root = _house(tmp_path)
    (root / "tests/kit/loop").symlink_to(root / "tests")
    assert "tests/kit/loop/kit/net.py" not in integrity.fingerprint(root)


def test_a_link_to_itself_is_no_grading_file(tmp_path: Path) -> None:
    root = _house(tmp_path)
    (root / "kata/self").symlink_to(root / "kata/self")
    assert "kata/self" not in integrity.fingerprint(root)


def test_a_changed_added_or_removed_file_is_a_change(tmp_path: Path) -> None:
    root = _house(tmp_path)
    before = integrity.fingerprint(root)
    (root / "tests/kit/net.py").write_text("changed")
    (root / "kata/judging/new.py").write_text("new")
    (root / "kata/checks.py").unlink()
    assert integrity.changes(before, integrity.fingerprint(root)) == [
        "kata/checks.py", "kata/judging/new.py", "tests/kit/net.py"]


def test_an_unreadable_file_is_fingerprinted_as_unreadable(tmp_path: Path) -> None:
    root = _house(tmp_path)
    (root / "course.toml").unlink()
    assert integrity.fingerprint(root)["course.toml"] == "unreadable"


def test_restore_puts_back_what_a_submission_changed(tmp_path: Path) -> None:
    root = _house(tmp_path)
    saved = integrity.snapshot(root)
    (root / "kata/checks.py").write_text("changed")
    (root / "kata/judging/new.py").write_text("new")
    assert integrity.restore(saved, root) == ["kata/checks.py", "kata/judging/new.py"]
    assert sorted(integrity.fingerprint(root)) == sorted(saved)
    assert (root / "kata/checks.py").read_text() == "kata/checks.py"
