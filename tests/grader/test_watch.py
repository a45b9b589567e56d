"""Watch mode: a saved file is regraded, a pass moves on, Enter regrades, q quits."""

from __future__ import annotations

import queue
import shutil
import subprocess
import sys
import threading

import pytest

from kata.manifest import ROOT

DEADLINE = 60  # seconds to wait for any one expected line (grading takes about one)


class Session:
    """A `grader.py --watch` process whose output lines are read as they come."""

    def __init__(self, target, topics: tuple[str, ...] = ("01", "02")) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "grader.py", "--watch", *topics, "--target", str(target),
             "--lang", "en"], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, encoding="utf-8", bufsize=1)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.put(line)

    def expect(self, text: str) -> None:
        """Wait until a line containing `text` is printed."""
        while True:
            try:
                line = self.lines.get(timeout=DEADLINE)
            except queue.Empty:
                pytest.fail(f"watch mode never printed {text!r}")
            if text in line:
                return

    def type(self, keys: str) -> None:
        self.proc.stdin.write(keys)
        self.proc.stdin.flush()


@pytest.fixture
def session(tmp_path):
    for name in ("01_generators.py", "02_producer_consumer.py"):
        shutil.copy(ROOT / "exercises" / name, tmp_path)
    s = Session(tmp_path)
    yield s, tmp_path
    s.proc.kill()
    s.proc.wait()


def test_saving_a_solution_regrades_it_and_moves_on(session):
    s, target = session
    s.expect("Watching")
    shutil.copy(ROOT / "solutions" / "01_generators.py", target)
    s.expect("✔ 01")
    s.expect("✘ 02")  # the next topic is graded at once
    s.expect("Watching")


def test_enter_regrades_and_q_quits(session):
    s, _ = session
    s.expect("Watching")
    s.type("\n")
    s.expect("✘ 01")
    s.expect("Watching")
    s.type("q\n")
    assert s.proc.wait(timeout=DEADLINE) == 1


def test_progress_counts_the_lesson_and_the_bonus_apart_as_list_does(tmp_path):
    shutil.copytree(ROOT / "exercises", tmp_path, dirs_exist_ok=True)
    s = Session(tmp_path, topics=())
    try:
        s.expect("0/11 topics done, bonus (optional) 0/2")
        s.expect("Watching")
    finally:
        s.proc.kill()
        s.proc.wait()
