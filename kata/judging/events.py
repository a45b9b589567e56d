"""What the judge tells the grader, one signed JSON line each: written by the pytest plugin
(kata/judging/plugin.py), read back by the runner (kata/judging/runner.py). Each record says how
it is written and read, here, next to its definition."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar

from kata.checks import Feedback


@dataclass(frozen=True)
class Collected:
    """The graded checks, in the order pytest runs them: each `id`, `name` and `doc` (zh, en)."""

    NAME: ClassVar[str] = "collected"
    checks: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class Started:
    """A check began: if no result follows, the run was stopped in it."""

    NAME: ClassVar[str] = "start"
    id: str


@dataclass(frozen=True)
class Result:
    """A check's end: pytest's outcome, the feedback of a failure (kata/checks.py), its time."""

    NAME: ClassVar[str] = "result"
    id: str
    outcome: str | None
    feedback: Feedback | None = None
    seconds: float = 0.0


@dataclass(frozen=True)
class Note:
    """Something the judge noticed about the student's processes, in 中文 and English."""

    NAME: ClassVar[str] = "note"
    zh: str
    en: str


@dataclass(frozen=True)
class Finished:
    """pytest's session ended: how many results were written, and its exit status."""

    NAME: ClassVar[str] = "finished"
    results: int | None = None
    exitstatus: int | None = None


Event = Collected | Started | Result | Note | Finished
_BY_NAME: dict[str, type[Event]] = {e.NAME: e for e in (Collected, Started, Result, Note, Finished)}


def to_json(event: Event) -> dict[str, Any]:
    if isinstance(event, Result):
        return {"event": event.NAME, "id": event.id, "outcome": event.outcome,
                "feedback": event.feedback.to_json() if event.feedback else None, "seconds": event.seconds}
    return {"event": event.NAME, **asdict(event)}


def from_json(data: dict[str, Any]) -> Event | None:
    """The record a line holds, or None for one of no known kind."""
    kind = _BY_NAME.get(data.get("event"))  # type: ignore[arg-type]
    if kind is None:
        return None
    if kind is Note:
        return Note(str(data.get("zh")), str(data.get("en")))
    if kind is Result:
        feedback = Feedback.from_json(data["feedback"]) if data.get("feedback") else None
        return Result(data["id"], data.get("outcome"), feedback, data.get("seconds", 0.0))
    if kind is Finished:
        return Finished(data.get("results"), data.get("exitstatus"))
    return kind(**{k: v for k, v in data.items() if k != "event"})
