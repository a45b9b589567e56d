"""Probes for 05_gevent_spawn_join: values, and which greenlets really ran what.

Each probe reports what it saw: the values returned, the lines printed with the greenlet that
printed each one (recorded with greenlet.settrace and the process's stdout, outside the student's
logic), what the greenlets switched into were set to run, and how many calls of run_all were in
flight at once. The judge times every request and decides.
"""

from __future__ import annotations

from typing import Any

import gevent
from gevent import monkey

from kata.inside.probe import Probe


def warm_up(p: Probe) -> None:
    """Start gevent's hub and loop, so that no timed request pays for it."""
    gevent.get_hub()


def add(p: Probe, calls: list[list[Any]]) -> list[Any]:
    """add(*args, **kwargs) for each [args, kwargs]: what each call returned."""
    return [p.student.add(*args, **kwargs) for args, kwargs in calls]


def _same(run: Any, fn: Any) -> bool:
    """run is fn, or runs fn's code (a bound or re-wrapped copy of the same function)."""
    code = getattr(fn, "__code__", None)
    return run is fn or (code is not None and getattr(run, "__code__", None) is code)


def spawn_with_args(p: Probe) -> dict[str, Any]:
    """spawn_with_args(), recorded: its value, and each greenlet switched into meanwhile: is it
    a gevent.Greenlet, and the function, positional and keyword arguments it was set to run."""
    student_add = p.student.add
    with p.record() as rec:
        value = p.student.spawn_with_args()
    ran = {to for _, _, to, _ in rec.switches}
    seen = []
    for label, glet in rec.greenlets.items():
        run, args, kwargs = rec.runs.get(label, (None, (), {}))
        if label in ran:
            seen.append({"label": label, "gevent": isinstance(glet, gevent.Greenlet),
                         "is_add": _same(run, student_add),
                         "run": getattr(run, "__qualname__", None) or repr(run)[:80],
                         "args": list(args), "kwargs": kwargs})
    return {"value": value, "greenlets": seen}


def run_all(p: Probe, naps: list[float], values: list[str]) -> dict[str, Any]:
    """run_all(nap, [(0, naps[0]), (1, naps[1]), ...]): call i sleeps naps[i] (gevent.sleep)
    and returns values[i]. What came back, and the most calls under way at one moment."""
    running: set[int] = set()
    peak = calls = 0

    def nap(i: int, seconds: float) -> str:
        nonlocal peak, calls
        calls += 1
        running.add(i)
        peak = max(peak, len(running))
        try:
            gevent.sleep(seconds)
        finally:
            running.discard(i)
        return values[i]

    got = p.student.run_all(nap, [(i, s) for i, s in enumerate(naps)])
    if not isinstance(got, (list, tuple)):
        got = repr(got)[:200]
    return {"value": got, "in_flight": peak, "calls": calls}


def _pair(p: Probe, name: str, delay: float) -> dict[str, Any]:
    with p.record() as rec:
        getattr(p.student, name)(delay)
    kinds = {label: isinstance(g, gevent.Greenlet) for label, g in rec.greenlets.items()}
    return {"lines": p.lines(),
            "origins": [{"line": line, "greenlet": w.greenlet, "gevent": kinds.get(w.greenlet, False)}
                        for line, w in rec.line_origins()],
            "time_patched": monkey.is_module_patched("time"), "schedule": rec.schedule().to_json()}


def run_blocking(p: Probe, delay: float) -> dict[str, Any]:
    """run_blocking(delay), recorded: the lines, and the greenlet that printed each one."""
    return _pair(p, "run_blocking", delay)


def run_cooperative(p: Probe, delay: float) -> dict[str, Any]:
    """run_cooperative(delay), recorded: the lines, and the greenlet that printed each one."""
    return _pair(p, "run_cooperative", delay)


def timeline(p: Probe, delay: float = 0.05) -> list[dict[str, Any]]:
    """The lesson's eat/play pair, with time.sleep then with gevent.sleep, recorded for --timeline."""
    return [p.demo("run_blocking：没打补丁的 time.sleep", "run_blocking: the unpatched time.sleep",
                   p.student.run_blocking, delay),
            p.demo("run_cooperative：gevent.sleep", "run_cooperative: gevent.sleep",
                   p.student.run_cooperative, delay)]
