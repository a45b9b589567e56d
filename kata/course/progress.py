"""A student's progress: the last grade of each topic, kept only while its file is unchanged."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from kata.course.manifest import ROOT, Topic
from kata.course.model import TopicRun
from kata.inside.student import unstarted

FILE = ROOT / ".kata-progress.json"  # in .gitignore: a student's own state


def digest(path: Path) -> str:
    files = sorted(path.glob("*.py")) if path.is_dir() else [path]
    h = hashlib.sha256()
    for file in files:
        if file.is_file():
            h.update(file.name.encode() + b"\0" + file.read_bytes())
    return h.hexdigest()


def _load() -> dict:
    try:
        return json.loads(FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _save(data: dict) -> None:
    try:
        FILE.write_text(json.dumps(data, indent=1), encoding="utf-8")
    except OSError:
        pass  # a read-only checkout still grades; it just forgets


def record(target: Path, runs: list[TopicRun]) -> None:
    data = _load()
    mine = data.setdefault(str(target), {})
    for run in runs:
        mine[run.topic.id] = {"passed": run.passed, "score": run.score,
                              "digest": digest(run.topic.source(target))}
    _save(data)


def record_quiz(target: Path, run: TopicRun) -> None:
    """A topic's quiz score (its best so far), kept apart from the topics' grades."""
    data = _load()
    quizzes = data.setdefault("quiz", {}).setdefault(str(target), {})
    best = max(run.score, quizzes.get(run.topic.id, {}).get("score", 0.0))
    quizzes[run.topic.id] = {"score": best, "points": run.topic.points}
    _save(data)


def quiz_scores(target: Path) -> dict[str, tuple[float, float]]:
    """Topic id -> (best quiz score, quiz points), for the quizzes taken."""
    taken = _load().get("quiz", {}).get(str(target), {})
    return {tid: (entry["score"], entry["points"]) for tid, entry in taken.items()}


def state(target: Path, topic: Topic) -> str:
    """'done' (passed, unchanged since), 'new' (untouched stub) or 'started'."""
    source = topic.source(target)
    last = _load().get(str(target), {}).get(topic.id)
    if last and last["passed"] and last["digest"] == digest(source):
        return "done"
    stubs = unstarted(source)
    return "new" if not source.exists() or (stubs and stubs[1]) else "started"
