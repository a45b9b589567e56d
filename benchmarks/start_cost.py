"""What starting the grader costs: `python benchmarks/start_cost.py [ROUNDS]`.

Three measures, each the best of ROUNDS (default 5) on solutions/, wall time:
- one-off: `python grader.py --target solutions 01`, from the command to its exit (the prompt's return);
- save to verdict: `--watch` on a copy whose topic 01 is the stub; once it watches, our solution is
  saved over the stub, and the clock runs until the line with topic 01's points appears;
- course: `python grader.py --target solutions`, every topic.
Python runs as on a student's machine, keeping compiled modules (__pycache__, even where the shell
sets PYTHONDONTWRITEBYTECODE), and one untimed run comes first to fill those caches. Run it on a
quiet machine: a busy spell shows as a slow round, and the best round is reported.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GRADER = [sys.executable, "grader.py", "--lang", "en"]
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
FILE = "01_generators.py"


def one_off(*topics: str) -> float:
    """Until the grader's process exits, as a shell prompt returns: output goes to a file, not a pipe,
    since the judges' server (kata/judging/judge.py) keeps a pipe open while it winds down after."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        subprocess.run([*GRADER, "--target", "solutions", *topics], cwd=ROOT, env=ENV, check=True,
                       stdout=out, stderr=out)
        return time.perf_counter() - start


def save_to_verdict() -> float:
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp)
        shutil.copy(ROOT / "exercises" / FILE, target / FILE)
        env = {**ENV, "NO_COLOR": "1", "COLUMNS": "120"}
        child = subprocess.Popen([*GRADER, "--watch", "--target", str(target), "01"], cwd=ROOT, env=env,
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert child.stdout is not None and child.stdin is not None
        for line in child.stdout:
            if line.startswith("Watching"):
                break
        time.sleep(0.1)  # the watcher's first look at the files' stat is taken: a save is a change now
        start = time.perf_counter()
        shutil.copy(ROOT / "solutions" / FILE, target / FILE)
        for line in child.stdout:
            if "01 " in line and "/10" in line:
                break
        seconds = time.perf_counter() - start
        child.stdin.close()
        child.wait(timeout=30)
        return seconds


def main(rounds: int) -> None:
    one_off()  # fills the bytecode caches
    measures = (("one-off topic 01", lambda: one_off("01")), ("save to verdict (--watch 01)", save_to_verdict),
                ("whole course", one_off))
    for name, measure in measures:
        times = [measure() for _ in range(rounds)]
        print(f"{name:30} best {min(times):.3f} s   all {' '.join(f'{t:.3f}' for t in times)}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
