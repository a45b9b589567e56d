"""A Gradescope autograder bundle built from this repo, and the program it runs per submission.

`python grader.py --bundle autograder.zip` writes a zip with `setup.sh` and `run_autograder` at
its root (Gradescope's layout: https://gradescope-autograders.readthedocs.io/en/latest/specs/),
plus the grader, the manifest and our tests, never solutions/. For each submission,
`run_autograder` calls `python -m kata.bundle ROOT` (ROOT is /autograder, or $AUTOGRADER_ROOT
for a local try-out), which:

1. copies from ROOT/submission only the topic files it knows (`NN_slug.py`, or the 默写 folder's
   `.py` files), wherever the student put them, into a fresh folder: tests, conftest.py or
   pytest settings in a submission are never copied, so they can never run;
2. grades that folder with our tests from ROOT/source and writes ROOT/results/results.json;
3. runs every process of student code in the sandbox (kata/sandbox.py) where it starts; where the
   container refuses it (Gradescope's refuses namespaces), as root, as the unprivileged user
   `nobody` (setpriv or runuser), while the grader and its judges stay root: student code can
   then neither write results.json nor change our tests, nor signal the grader, but can read
   what `nobody` may read. Either way it uses the CPU until the topic's deadline, and the
   output says which protection applied.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from kata import manifest, sandbox
from kata.formats import gradescope
from kata.proc import RUN_AS, run_as_prefix
from kata.session import Job, Session

UNPRIVILEGED = "nobody"

SETUP = """#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image (Ubuntu).
set -euo pipefail
apt-get update -q && apt-get install -y -q python3 python3-venv python3-pip bubblewrap
python3 -m venv /autograder/venv
/autograder/venv/bin/pip install -q -e /autograder/source
# the unprivileged user that runs student code must read the grader, never write it
chmod -R a+rX,go-w /autograder/source /autograder/venv
chmod a+x /autograder
"""

RUN = """#!/usr/bin/env bash
# Gradescope runs this for every submission, as root. AUTOGRADER_ROOT and KATA_PYTHON point it
# at other folders and another interpreter for a local try-out.
root="${AUTOGRADER_ROOT:-/autograder}"
python="${KATA_PYTHON:-$root/venv/bin/python}"
cd "$root/source" && exec "$python" -m kata.bundle "$root" TOPICS
"""

# what the bundle carries: the grader, its settings, and tests/ without the maintainers' own
KEEP = ["grader.py", "pyproject.toml", "course.toml", "README.md", "kata", "tests"]
SKIP_DIRS = {"grader", "variants", "__pycache__"}


def files(root: Path = manifest.ROOT) -> list[Path]:
    found = []
    for name in KEEP:
        path = root / name
        if path.is_file():
            found.append(path)
        elif path.is_dir():
            found += [p for p in sorted(path.rglob("*")) if p.is_file() and p.suffix != ".pyc"
                      and not SKIP_DIRS & set(p.relative_to(path).parts[:-1])]
    return found


def _add(zf: zipfile.ZipFile, name: str, data: bytes, executable: bool = False) -> None:
    info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))  # same bytes on every build
    info.external_attr = (0o755 if executable else 0o644) << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    zf.writestr(info, data)


def build(path: Path, topics: list[manifest.Topic] | None = None) -> Path:
    """The zip to upload to Gradescope; it grades `topics` (default: all of them)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    run_script = RUN.replace("TOPICS", " ".join(t.id for t in topics or [])).replace(" \n", "\n")
    with zipfile.ZipFile(path, "w") as zf:
        _add(zf, "setup.sh", SETUP.encode(), executable=True)
        _add(zf, "run_autograder", run_script.encode(), executable=True)
        for file in files():
            _add(zf, file.relative_to(manifest.ROOT).as_posix(), file.read_bytes())
    return path


def collect(submission: Path, work: Path, course: manifest.Course) -> list[str]:
    """Copy the student's topic files (only those) into `work`; return the topic ids found."""
    def rank(path: Path) -> tuple[bool, int, str]:  # exercises/ first, then the shallowest
        parts = path.relative_to(submission).parts
        return "exercises" not in parts, len(parts), str(path)

    found = []
    for topic in course.topics:
        for name in (topic.id, f"{topic.id}.py"):
            hits = sorted((h for h in submission.rglob(name)  # a cloned repo's answers: never
                           if "solutions" not in h.relative_to(submission).parts), key=rank)
            hit = next((h for h in hits if h.is_dir() == (name == topic.id)), None)
            if hit is None:
                continue
            if hit.is_dir():
                (work / topic.id).mkdir()
                for py in hit.glob("*.py"):
                    if not py.name.startswith(("test", "conftest")):
                        shutil.copyfile(py, work / topic.id / py.name)
            else:
                shutil.copyfile(hit, work / hit.name)
            found.append(topic.id)
            break
    return found


def can_drop_privileges() -> bool:
    if os.name != "posix" or os.geteuid() != 0:
        return False
    try:
        import pwd

        pwd.getpwnam(UNPRIVILEGED)
    except KeyError:
        return False
    return bool(shutil.which("setpriv") or shutil.which("runuser"))


def unprivileged_can_grade() -> bool:
    """Can the unprivileged user run the grader from here (read the source and the venv)?"""
    with tempfile.TemporaryDirectory() as tmp:
        probe = [*run_as_prefix(UNPRIVILEGED, Path(tmp)), sys.executable,
                 str(manifest.ROOT / "grader.py"), "--help"]  # absolute paths, as the grader uses
        return subprocess.run(probe, cwd="/", capture_output=True).returncode == 0


def protection_without_sandbox(refused: sandbox.Problem, work: Path, results: Path) -> str:
    """Where bwrap is refused (Gradescope's container refuses namespaces), student code runs as
    the unprivileged user, when the grader is root and that user can run it: what applied, said."""
    why = refused.en.splitlines()[0]
    if can_drop_privileges() and unprivileged_can_grade():
        os.environ[RUN_AS] = UNPRIVILEGED
        for path in (work, *work.rglob("*")):  # readable, never writable, by student code
            path.chmod(0o755 if path.is_dir() else 0o644)
        results.parent.chmod(0o755)
        return (f"沙箱无法启动，学生代码以 {UNPRIVILEGED} 用户运行 / no sandbox here ({why}): "
                f"student code runs as {UNPRIVILEGED}")
    if can_drop_privileges():
        return (f"WARNING: no sandbox here ({why}), and {UNPRIVILEGED} cannot read {manifest.ROOT} or "
                f"{sys.executable}: student code runs as root (run setup.sh's chmod lines)")
    return f"WARNING: no sandbox here ({why}): student code runs as this user"


def run(root: Path, topics: list[str]) -> int:
    results = root / "results" / "results.json"
    results.parent.mkdir(parents=True, exist_ok=True)
    try:
        course = manifest.load()
    except manifest.CourseError as exc:
        results.write_text(json.dumps({"score": 0, "output": f"autograder broken: {exc}",
                                       "tests": []}), encoding="utf-8")
        return 0
    work = Path(tempfile.mkdtemp(prefix="kata-submission-"))
    try:
        found = collect(root / "submission", work, course)
        print(f"topic files found: {', '.join(found) or 'none'}", flush=True)
        refused = sandbox.problem()
        protection = "" if refused is None else protection_without_sandbox(refused, work, results)
        print(protection or sandbox.ON, flush=True)
        start = time.perf_counter()
        graded = Session(sandboxed=refused is None).grade(
            [Job(t, work) for t in course.select(topics)],
            lambda g: print(f"{g.run.topic.id}: {g.run.score:.4g}/{g.run.topic.points:g}", flush=True),
            in_order=True)
        gradescope.write(results, [g.run for g in graded], time.perf_counter() - start, protection)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0  # Gradescope reads results.json; a non-zero exit only hides it behind an error


if __name__ == "__main__":
    sys.exit(run(Path(sys.argv[1]), sys.argv[2:]))
