"""A schedule (kata/schedule.py) as Chrome trace events, for ui.perfetto.dev or chrome://tracing."""

from __future__ import annotations

from typing import Any

from kata.schedule import Schedule
from kata.show.i18n import pick


def _us(seconds: float) -> float:
    return round(seconds * 1e6, 3)


def to_trace(schedule: Schedule, lang: str = "en", *, pid: int = 1, process: str = "coroutine kata") -> dict[str, Any]:
    """Trace-event JSON: process `pid` named `process` once, a thread per track, an X event per span,
    instants for switches, counter events. Every event, metadata too, has its pid and tid."""
    tids = {t.id: k for k, t in enumerate(schedule.tracks, 1)}
    names = {t.id: t.name for t in schedule.tracks}
    events: list[dict[str, Any]] = [{"ph": "M", "name": "process_name", "pid": pid, "tid": 0,
                                     "args": {"name": process}}]
    for track in schedule.tracks:
        tid = tids[track.id]
        events.append({"ph": "M", "name": "thread_name", "pid": pid, "tid": tid, "args": {"name": track.name}})
        events += [{"ph": "X", "name": s.kind, "cat": track.kind, "pid": pid, "tid": tid, "ts": _us(s.start),
                    "dur": _us(s.end - s.start)} for s in track.spans]
    events += [{"ph": "i", "name": "switch", "s": "t", "pid": pid, "tid": tids[dst], "ts": _us(t),
                "args": {"from": names.get(src, src)}} for t, src, dst in schedule.switches if dst in tids]
    if schedule.counts:
        label = pick(lang, schedule.counts.zh, schedule.counts.en)
        events += [{"ph": "C", "name": label, "pid": pid, "tid": 0, "ts": _us(t), "args": {label: v}}
                   for t, v in schedule.counts.points]
    return {"traceEvents": events, "displayTimeUnit": "ms"}
