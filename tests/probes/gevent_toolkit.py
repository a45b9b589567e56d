"""Probes for 12_gevent_toolkit: how many calls ran at once, and which gevent tool held them.

The functions handed to the student's code are ours: they count how many of them are under way
at once and note the greenlet each runs in. While the student's code runs, our own code looks
at the gevent objects alive in the process (found with gc, read through their public state:
a Pool's greenlets and size, a Queue's waiting items, an Event's waiters, a BoundedSemaphore's
counter): that is how a probe tells that the named tool was really used. Nothing of the
student's module is replaced. The judge times every request and decides.
"""

from __future__ import annotations

import gc
import inspect
from typing import Any

import gevent
from gevent.event import Event
from gevent.lock import BoundedSemaphore
from gevent.pool import Group, Pool
from gevent.queue import SimpleQueue

from kata.inside.probe import Probe, clock


def warm_up(p: Probe) -> None:
    """Start gevent's hub and loop, so that no timed request pays for it."""
    gevent.get_hub()


def _alive(kind: type, old: set[int]) -> list[Any]:
    """Objects of `kind` alive now that were not in `old` (ids taken before the student's call)."""
    return [o for o in gc.get_objects() if isinstance(o, kind) and id(o) not in old]


def _ids(kind: type) -> set[int]:
    return {id(o) for o in gc.get_objects() if isinstance(o, kind)}


def _shown(value: Any) -> Any:
    """A value as JSON can carry it: a list as is, anything else as its repr."""
    return value if isinstance(value, list) else repr(value)[:200]


class Crowd:
    """Our function's calls: how many ran at once, in which greenlets, in which Group or Pool."""

    def __init__(self, homes: bool = True) -> None:
        self.look_home = homes
        self.running: set[int] = set()
        self.peak = self.calls = 0
        self.greenlets: list[Any] = []  # kept alive, so that ids stay distinct
        self.groups: list[Group] = []  # groups seen so far (found with gc when a call is in none)
        self.homes: list[dict[str, Any]] = []  # for each call, the group its greenlet was in

    def enter(self, i: int) -> None:
        self.calls += 1
        self.running.add(i)
        self.peak = max(self.peak, len(self.running))
        me = gevent.getcurrent()
        if all(g is not me for g in self.greenlets):
            self.greenlets.append(me)
        if self.look_home:
            self.homes.append(self._home(me))

    def leave(self, i: int) -> None:
        self.running.discard(i)

    def _home(self, me: Any) -> dict[str, Any]:
        found = [g for g in self.groups if me in g.greenlets]
        if not found:
            self.groups = [o for o in gc.get_objects() if isinstance(o, Group)]
            found = [g for g in self.groups if me in g.greenlets]
        if not found:
            return {"pool": False, "group": None, "size": None}
        group = found[0]
        return {"pool": isinstance(group, Pool), "group": type(group).__name__,
                "size": getattr(group, "size", None)}

    def report(self) -> dict[str, Any]:
        main = sum(1 for g in self.greenlets if getattr(g, "parent", None) is None)
        return {"in_flight": self.peak, "calls": self.calls, "greenlets": len(self.greenlets),
                "in_main": main, "homes": self.homes}


def bounded_map(p: Probe, naps: list[float], values: list[str], limit: int) -> dict[str, Any]:
    """bounded_map(job, [0, 1, ...], limit): job(i) sleeps naps[i] (gevent.sleep) and returns
    values[i]. What came back, the most calls under way at once, and each call's Pool."""
    crowd = Crowd()

    def job(i: int) -> str:
        crowd.enter(i)
        try:
            gevent.sleep(naps[i])
        finally:
            crowd.leave(i)
        return values[i]

    got = p.student.bounded_map(job, list(range(len(naps))), limit)
    return {"value": _shown(got), **crowd.report()}


def pipeline(p: Probe, naps: list[float], values: list[str], workers: int) -> dict[str, Any]:
    """pipeline([0, 1, ...], work, workers): work(i) sleeps naps[i] and returns values[i].
    What came back, how many calls ran at once and in how many greenlets, and the most items
    seen waiting in a gevent queue made by the call while work ran."""
    crowd = Crowd(homes=False)
    old = _ids(SimpleQueue)
    queues: list[Any] = []
    waiting = 0

    def work(i: int) -> str:
        nonlocal queues, waiting
        crowd.enter(i)
        try:
            if not queues:
                queues = _alive(SimpleQueue, old)
            waiting = max([waiting, *(q.qsize() for q in queues)])
            gevent.sleep(naps[i])
        finally:
            crowd.leave(i)
        return values[i]

    got = p.student.pipeline(list(range(len(naps))), work, workers)
    return {"value": _shown(got), "queues": [type(q).__name__ for q in queues], "waiting": waiting,
            **crowd.report()}


def starting_gun(p: Probe, n: int, delay: float) -> dict[str, Any]:
    """starting_gun(n, delay), with a look, halfway through the delay, at the gevent Events made
    by the call: their waiters and whether they were set. What came back, on our clock."""
    old = _ids(Event)
    looked: list[dict[str, Any]] = []

    def look() -> None:
        looked.extend({"waiters": e.linkcount(), "set": e.is_set()} for e in _alive(Event, old))
        looked.append({"at": clock() - start})

    start = clock()
    watcher = gevent.spawn_later(delay / 2, look)
    try:
        got = p.student.starting_gun(n, delay)
    finally:
        watcher.kill()
    end = clock()
    times = got if isinstance(got, list) and all(isinstance(t, (int, float)) for t in got) else None
    return {"value": _shown(got),
            "offsets": None if times is None else [t - start for t in times], "took": end - start,
            "events": [e for e in looked if "waiters" in e],
            "looked_at": next((e["at"] for e in looked if "at" in e), None)}


# with_deadline: the slow call's fate, kept from the request that starts it to the one that
# comes back later to see whether it ever finished
_slow: dict[str, Any] = {}


def deadline_fast(p: Probe, nap: float, seconds: float, value: str, default: str) -> dict[str, Any]:
    """with_deadline(quick, seconds, default): quick sleeps nap (well under seconds), returns value."""
    def quick() -> str:
        gevent.sleep(nap)
        return value

    got = p.student.with_deadline(quick, seconds, default)
    return {"value": repr(got)[:200], "is_value": got == value}


def deadline_slow(p: Probe, nap: float, seconds: float, default: str) -> dict[str, Any]:
    """with_deadline(slow, seconds, default): slow sleeps nap (well over seconds). What came
    back, and what interrupted slow, if anything did, by the time with_deadline returned."""
    _slow.clear()
    _slow.update(started=clock(), nap=nap, finished=False, interrupted=None, timeout=False)

    def slow() -> str:
        try:
            gevent.sleep(nap)
        except BaseException as exc:  # noqa: B036 - we only note what ended it, then let it go on
            _slow.update(interrupted=type(exc).__name__, timeout=isinstance(exc, gevent.Timeout))
            raise
        _slow["finished"] = True
        return "too late"

    got = p.student.with_deadline(slow, seconds, default)
    parameter = inspect.signature(p.student.with_deadline).parameters.get("default")
    return {"value": repr(got)[:200], "is_default": got == default,
            "default_none": parameter is not None and parameter.default is None,
            "interrupted": _slow["interrupted"], "timeout": _slow["timeout"]}


def deadline_after(p: Probe) -> dict[str, Any]:
    """Later: wait (yielding) until the slow call would have ended, plus a margin; did it?"""
    if not _slow:
        return {"asked": False}
    left = _slow["started"] + _slow["nap"] + 0.05 - clock()
    if left > 0:
        gevent.sleep(left)
    return {"asked": True, "finished": _slow["finished"], "interrupted": _slow["interrupted"],
            "timeout": _slow["timeout"]}


def guarded(p: Probe, n: int, k: int, hold: float) -> dict[str, Any]:
    """guarded(n, k, hold), watched by a greenlet of ours every hold/4: for each gevent
    BoundedSemaphore the call made, its initial value, the most greenlets inside it at once
    (initial value minus counter) and the most waiting for it."""
    old = _ids(BoundedSemaphore)
    seen: dict[int, dict[str, Any]] = {}
    found: list[Any] = []

    def watch() -> None:
        nonlocal found
        while True:
            if not found:
                found = _alive(BoundedSemaphore, old)
            for s in found:
                mark = seen.setdefault(id(s), {"initial": s._initial_value, "inside": 0, "waiting": 0})
                mark["inside"] = max(mark["inside"], s._initial_value - s.counter)
                mark["waiting"] = max(mark["waiting"], s.linkcount())
            gevent.sleep(hold / 4)

    watcher = gevent.spawn(watch)
    try:
        got = p.student.guarded(n, k, hold)
    finally:
        watcher.kill()
    return {"value": repr(got)[:200], "is_k": got == k and isinstance(got, int),
            "semaphores": list(seen.values())}
