"""Pictures for a failed concurrency or order check: the student's recorded schedule beside ours.

A probe that records (kata/inside/probe.py `Recording.schedule`) sends the student's schedule back with
its observations. When a check about order or overlap fails inside `pictured`, that schedule is
added to the failure, with our solution's, recorded then by the same probe with the same
parameters in a process of its own; the terminal draws both under the message (kata/show/timeline.py).
In the student edition, which has no solutions/, ours is the recording of the same probe's
part of our demonstration, made when the edition was written (kata/course/recording.py: the lesson
example's parameters, not this run's); where neither is shipped (the Gradescope bundle), only the
student's picture is shown.
"""

from __future__ import annotations

import contextlib
import functools
import json
from collections.abc import Iterator
from typing import Any

from kata.checks import CheckFailed
from kata.course import manifest, recording
from kata.course.manifest import ROOT
from kata.judging.subject import Subject

OURS = ROOT / "solutions"


@functools.lru_cache(maxsize=8)
def _ours(topic: str, probe: str, params: str, part: int | None) -> dict[str, Any] | None:
    info = next(t for t in manifest.load().topics if t.id == topic)
    source = info.source(OURS)
    if not source.is_file():
        return recording.schedule(topic, probe, part)
    try:
        with Subject(source, OURS, info.probes) as subject:
            value = subject.call(probe, timeout=10.0, **json.loads(params)).value
    except CheckFailed:
        return None
    if part is not None:  # a demonstration's part (probe "timeline")
        value = value[part] if isinstance(value, list) and len(value) > part else None
    return value.get("schedule") if isinstance(value, dict) else None


@contextlib.contextmanager
def pictured(yours: dict[str, Any] | None, topic: str, probe: str, *, part: int | None = None,
             **params: Any) -> Iterator[None]:
    """A check failing inside this block shows both schedules under its message, ours recorded
    only then, by `probe` with the same `params` (or, where the check's own run cannot be
    repeated, by the `part`-th part of the topic's demonstration: probe "timeline")."""
    try:
        yield
    except CheckFailed as failure:
        if yours and "schedule" not in failure.details:
            expected = _ours(topic, probe, json.dumps(params, sort_keys=True), part)
            failure.details["schedule"] = {"yours": yours, "expected": expected}
        raise
