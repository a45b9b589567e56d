"""The grader's own files, fingerprinted: a topic whose run changed them is not graded by them.

Student code runs in processes of its own, with a fresh working folder, but on a grader's machine
it usually runs as the same user, who may write our tests. So the grader takes the fingerprint
of every file that decides a grade (tests/ but for the maintainers' grader tests and variants,
kata/, course.toml, pyproject.toml, grader.py) when it starts, and compares before and after
every topic. A change fails that topic and is reported; it
is never silently undone. Where the grader runs as root, student code runs as another user, who
cannot write these files at all (kata/commands/bundle.py).
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

from kata.course.manifest import ROOT

FILES = ["grader.py", "course.toml", "pyproject.toml"]
FOLDERS = ["kata", "tests"]
NOT_GRADING = ["tests/grader", "tests/variants"]  # the maintainers' own tests: they decide no grade


def fingerprint(root: Path = ROOT) -> dict[str, str]:
    """SHA-256 of each grading file, by its path relative to the repository."""
    names = FILES + [name for folder in FOLDERS for name in _files(root, folder)]
    found = {}
    for name in sorted(names):
        try:
            found[name] = hashlib.sha256((root / name).read_bytes()).hexdigest()
        except OSError:
            found[name] = "unreadable"
    return found


def _files(root: Path, folder: str) -> Iterator[str]:
    """The files under `folder` that decide a grade, as paths relative to `root`: one scandir per
    folder (the grader takes a fingerprint before and after every topic)."""
    try:
        entries = list(os.scandir(root / folder))
    except OSError:
        return
    for entry in entries:
        name = f"{folder}/{entry.name}"
        try:  # a link to a folder is not walked (it may loop); a link to itself is no file
            folder_here, file_here = entry.is_dir(follow_symlinks=False), entry.is_file()
        except OSError:
            continue
        if folder_here:
            if entry.name != "__pycache__" and name not in NOT_GRADING:
                yield from _files(root, name)
        elif file_here and not entry.name.endswith(".pyc"):
            yield name


def changes(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """Files added, removed or changed between two fingerprints."""
    return sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))


@functools.cache
def baseline() -> dict[str, str]:
    """The fingerprint taken the first time this grader process asked: what every topic must see."""
    return fingerprint()


def snapshot(root: Path = ROOT) -> dict[str, bytes]:
    """Every grading file's bytes, to put back what a submission changed (batch grading)."""
    return {name: (root / name).read_bytes() for name in fingerprint(root)}


def restore(saved: dict[str, bytes], root: Path = ROOT) -> list[str]:
    """Make the grading files what `saved` holds again; return the files that had to change."""
    changed = changes({k: hashlib.sha256(v).hexdigest() for k, v in saved.items()}, fingerprint(root))
    for name in changed:
        path = root / name
        if name in saved:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(saved[name])
        else:
            path.unlink(missing_ok=True)
    return changed
