"""Probes for 07_sync_async: what each part printed, from which greenlet, and when.

Imported after the student's module, whose own monkey.patch_all(), or its absence, decides how
its sleeps behave. The recording notes, outside the student's logic, when each greenlet was first
switched into and which greenlet printed each line, with times on a clock taken before the
student's module was loaded, so that the judge can tell whether every task greenlet had started
(and so was sleeping) before any of them printed. The judge times each request itself.
"""

from __future__ import annotations

from typing import Any

import gevent
from gevent import monkey

from kata.inside.probe import Probe


def warm_up(p: Probe) -> None:
    """Start gevent's hub and loop, so that no timed request pays for it."""
    gevent.get_hub()


def _part(p: Probe, name: str, n: int, delay: float) -> dict[str, Any]:
    with p.record() as rec:
        getattr(p.student, name)(n, delay)
    kinds = {label: isinstance(g, gevent.Greenlet) for label, g in rec.greenlets.items()}
    started: dict[str, float] = {}
    for _, _, to, at in rec.switches:
        started.setdefault(to, at)
    return {"lines": p.lines(),
            "origins": [{"line": line, "greenlet": w.greenlet, "gevent": kinds.get(w.greenlet, False),
                         "at": w.at, "started": started.get(w.greenlet)}
                        for line, w in rec.line_origins()],
            "time_patched": monkey.is_module_patched("time"), "schedule": rec.schedule().to_json()}


def synchronous(p: Probe, n: int, delay: float) -> dict[str, Any]:
    """synchronous(n, delay), recorded: the lines and who printed each one."""
    return _part(p, "synchronous", n, delay)


def asynchronous(p: Probe, n: int, delay: float) -> dict[str, Any]:
    """asynchronous(n, delay), recorded: the lines, who printed each one and when, and when
    that greenlet was first switched into."""
    return _part(p, "asynchronous", n, delay)


def timeline(p: Probe, n: int = 6, delay: float = 0.05) -> list[dict[str, Any]]:
    """The lesson's ten tasks (fewer here), one after another then all at once, for --timeline."""
    return [p.demo("synchronous：一个接一个", "synchronous: one after another",
                   p.student.synchronous, n, delay),
            p.demo("asynchronous：同时进行", "asynchronous: all at once", p.student.asynchronous, n, delay)]
