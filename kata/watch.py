"""`python grader.py --watch`: regrade a topic when its file is saved, or when Enter is pressed.

Saved files are noticed by polling: every 0.05 s the files' sizes and modification times are
read (a dozen stat calls cost nothing), and a file whose stat changed is hashed to tell a real
change from a touch. Polling works on every OS and file system, including those where change
events never arrive (network drives, some editors' atomic saves, WSL mounts). Regrades use the
session's warm judges (kata/judge.py). Enter regrades the current topic by hand; `q` and Enter,
or Ctrl-C, quits.
"""

from __future__ import annotations

import queue
import sys
import threading
from pathlib import Path

from kata import progress
from kata.manifest import Topic
from kata.model import TopicRun
from kata.session import Job, Session
from kata.terminal import Terminal

POLL = 0.05  # seconds between looks at the files' stat


def _stdin_lines() -> queue.Queue[str]:
    """Lines typed by the student, read in the background (nothing arrives after end of input)."""
    lines: queue.Queue[str] = queue.Queue()

    def read() -> None:
        for line in sys.stdin:
            lines.put(line.strip().lower())

    threading.Thread(target=read, daemon=True).start()
    return lines


class Watcher:
    def __init__(self, topics: list[Topic], target: Path, term: Terminal, session: Session) -> None:
        self.topics, self.target, self.term, self.session = topics, target, term, session
        self.seen = {t.id: progress.digest(t.source(target)) for t in topics}
        self.stats = {t.id: _stat(t.source(target)) for t in topics}
        self.passed: dict[str, bool] = {}

    def grade(self, topic: Topic) -> TopicRun:
        run = self.session.grade_one(Job(topic, self.target)).run
        self.passed[topic.id] = run.passed
        progress.record(self.target, [run])
        self.term.topic(run)
        return run

    def advance(self, start: int) -> int | None:
        """Grade topics in order from `start`; the index of the first that fails, or None."""
        for i in range(start, len(self.topics)):
            if not self.grade(self.topics[i]).passed:
                return i
        return None

    def progress(self) -> None:
        """The lesson's topics done, the bonus apart: as the plain run and --list say it."""
        lesson = [self.passed.get(x.id, False) for x in self.topics if not x.bonus]
        bonus = [self.passed.get(x.id, False) for x in self.topics if x.bonus]
        self.term.progress(sum(lesson), len(lesson), sum(bonus), len(bonus))

    def status(self, current: int) -> None:
        t, term = self.term.t, self.term
        if progress.state(self.target, self.topics[current]) == "new":
            term.hint(self.topics[current])
        self.progress()
        term.say(t(f"正在监视 {term.relative(self.topics[current].source(self.target))}："
                   "保存文件即重新评分，回车手动评分，输入 q 回车退出。",
                   f"Watching {term.relative(self.topics[current].source(self.target))}: save "
                   "to regrade, Enter to regrade by hand, q and Enter to quit."))

    def changed(self) -> list[Topic]:
        found = []
        for topic in self.topics:
            stat = _stat(topic.source(self.target))
            if stat == self.stats[topic.id]:
                continue
            self.stats[topic.id] = stat
            now = progress.digest(topic.source(self.target))
            if now != self.seen[topic.id]:
                self.seen[topic.id] = now
                found.append(topic)
        return found

    def wait(self, current: int, keys: queue.Queue[str]) -> list[Topic] | None:
        """Block until a file is saved or Enter is pressed: the topics to regrade; None to quit."""
        while True:
            try:
                key = keys.get(timeout=POLL)
            except queue.Empty:
                if changed := self.changed():
                    return changed
            else:
                return None if key == "q" else [self.topics[current]]

    def run(self) -> int:
        current = self.advance(0)
        keys = _stdin_lines()
        while current is not None:
            self.status(current)
            regrade = self.wait(current, keys)
            if regrade is None:
                return 1
            self.term.clear()
            for topic in regrade:
                self.grade(topic)
            if self.passed.get(self.topics[current].id):
                current = self.advance(current + 1)
        self.progress()
        self.term.say(self.term.t("全部通过，干得漂亮！", "All passed. Well done!"))
        return 0


def _stat(path: Path) -> tuple:
    files = sorted(path.glob("*.py")) if path.is_dir() else [path]
    found = []
    for file in files:
        try:
            info = file.stat()
            found.append((file.name, info.st_size, info.st_mtime_ns))
        except OSError:
            found.append((file.name, None, None))
    return tuple(found)


def watch(topics: list[Topic], target: Path, term: Terminal, session: Session) -> int:
    try:
        return Watcher(topics, target, term, session).run()
    except KeyboardInterrupt:
        term.say()
        return 1
