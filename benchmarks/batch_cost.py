"""What grading a class costs, sandboxed and not: `python benchmarks/batch_cost.py [ROUNDS]`.

Four copies of solutions/, every topic, graded by `grader.py --batch` with --jobs 1 and --jobs 2,
with the sandbox and with --no-sandbox, the four runs alternating in each round so that a busy
spell of the machine falls on all of them. Prints each run's wall time, then the best of each:
the efficiency of two CPUs (t1 / (2 * t2)) and what the sandbox adds (sandboxed t2 / plain t2).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STUDENTS = 4


def batch(subs: Path, jobs: int, sandboxed: bool) -> float:
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        subprocess.run([sys.executable, "grader.py", "--batch", str(subs), "--out", out, "--jobs", str(jobs),
                        *([] if sandboxed else ["--no-sandbox"])], cwd=ROOT, check=True, capture_output=True)
        return time.perf_counter() - start


def main(rounds: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subs = Path(tmp)
        for i in range(STUDENTS):
            shutil.copytree(ROOT / "solutions", subs / f"student{i}")
        best: dict[tuple[int, bool], float] = {}
        for r in range(rounds):
            for jobs in (1, 2):
                for sandboxed in (True, False):
                    seconds = batch(subs, jobs, sandboxed)
                    best[jobs, sandboxed] = min(seconds, best.get((jobs, sandboxed), seconds))
                    print(f"round {r + 1}: --jobs {jobs} {'sandbox' if sandboxed else 'no sandbox'}: {seconds:.2f} s")
    for sandboxed in (True, False):
        t1, t2 = best[1, sandboxed], best[2, sandboxed]
        print(f"{'sandbox   ' if sandboxed else 'no sandbox'}: --jobs 1 {t1:.2f} s, --jobs 2 {t2:.2f} s, "
              f"efficiency {t1 / (2 * t2):.2f}")
    print(f"the sandbox adds {100 * (best[2, True] / best[2, False] - 1):+.1f}% at --jobs 2, "
          f"{100 * (best[1, True] / best[1, False] - 1):+.1f}% at --jobs 1")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
