"""Run `python grader.py ...` the way a student or an instructor does: from the repo root."""

from __future__ import annotations

import os
import subprocess
import sys

from kata.course.manifest import ROOT


def run_grader(*args: str, stdin: str = "", timeout: float = 120,
               env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The grader's exit code and what it printed (stdout, stderr as text); `env` adds variables."""
    return subprocess.run([sys.executable, "grader.py", *args], cwd=ROOT, input=stdin,
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout,
                          env={**os.environ, **(env or {})})
