"""Read course.toml: the one list of topics, in course order, with their files."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]


class CourseError(Exception):
    """The course files themselves are broken (the grader exits 2)."""


@dataclass(frozen=True)
class Text:
    zh: str
    en: str

    def __call__(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class Topic:
    id: str  # "03_greenlet_pingpong"
    title: Text
    hint: Text
    points: float
    timeout: float
    timed: bool = False  # its checks measure time or load the machine: it must never be starved
    load: float = 0.5  # CPUs its grading run occupies (kata/judging/session.py keeps the sum within the machine)
    folder: bool = False  # a folder of files (默写), not one file
    api: bool = True  # the stub declares the solution's functions (the self-check compares them)
    bonus: bool = False  # beyond the lesson: its points are shown apart
    timeline: bool = False  # its probes can record a demonstration's schedule (--timeline)

    @property
    def number(self) -> str:
        return self.id[:2]

    @property
    def slug(self) -> str:
        return self.id[3:]

    def source(self, target: Path) -> Path:
        """The topic's file (or folder, for 默写) inside a target laid out like exercises/."""
        return target / self.id if self.folder else target / f"{self.id}.py"

    @property
    def test_file(self) -> Path:
        return ROOT / "tests" / f"test_{self.id}.py"

    @property
    def probes(self) -> str:
        """The module of our probes that run beside the student's code (tests/probes/<slug>.py)."""
        return f"probes.{self.slug}"


@dataclass(frozen=True)
class Course:
    title: Text
    lesson: str
    topics: tuple[Topic, ...]

    def select(self, names: list[str]) -> list[Topic]:
        """Topics named by number ("03"), slug ("greenlet_pingpong") or id, in course order."""
        if not names:
            return list(self.topics)
        wanted = []
        for name in names:
            found = [t for t in self.topics if name in (t.id, t.number, t.slug, t.number.lstrip("0"))]
            if not found:
                raise CourseError(f"no such topic: {name!r} / 没有这个题目")
            wanted += found
        return [t for t in self.topics if t in wanted]


def solutions() -> Path:
    """Our reference solutions: only the instructors' repository has them (the student edition
    and the Gradescope bundle do not)."""
    folder = ROOT / "solutions"
    if not folder.is_dir():
        raise CourseError("这需要教师的课程仓库（含 solutions/），学生版里没有参考答案。 / "
                          "This needs the instructors' repository (with solutions/): the student "
                          "edition has no reference solutions.")
    return folder


def target_path(name: str) -> Path:
    """`exercises` and `solutions` name the course's own folders; anything else is a path."""
    return (ROOT / name if name in ("exercises", "solutions") else Path(name)).resolve()


def _text(raw: dict, key: str, where: str) -> Text:
    try:
        return Text(zh=raw[key]["zh"], en=raw[key]["en"])
    except (KeyError, TypeError) as exc:
        raise CourseError(f"{where}: `{key}` needs both zh and en") from exc


def load(path: Path = ROOT / "course.toml") -> Course:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CourseError(f"cannot read {path}: {exc}") from exc
    course = raw.get("course", {})
    loads = course.get("load", {"timed": 1.0, "untimed": 0.5})
    topics = []
    for entry in raw.get("topic", []):
        where = f"course.toml topic {entry.get('id', '?')}"
        try:
            topic = Topic(
                id=entry["id"],
                title=_text(entry, "title", where),
                hint=_text(entry, "hint", where),
                points=float(entry["points"]),
                timeout=float(entry["timeout"]),
                timed=bool(entry.get("timed", False)),
                load=float(loads["timed" if entry.get("timed") else "untimed"]),
                folder=bool(entry.get("folder", False)),
                api=bool(entry.get("api", True)),
                bonus=bool(entry.get("bonus", False)),
                timeline=bool(entry.get("timeline", False)),
            )
        except KeyError as exc:
            raise CourseError(f"{where}: missing {exc}") from exc
        topics.append(topic)
    ids = [t.id for t in topics]
    if ids != sorted(ids) or len(set(ids)) != len(ids):
        raise CourseError("course.toml: topic ids must be unique and listed in course order")
    return Course(title=_text(course, "title", "course.toml [course]"),
                  lesson=course.get("lesson", ""), topics=tuple(topics))
