"""Probes for 06_monkey_patch: what main printed, from which greenlet, seeing which thread.

This module is imported after the student's, so `threading` and `time` here are whatever the
student's own monkey.patch_all(), or its absence, made of them. The recording notes, for every
write, the greenlet that made it and the name of `threading.current_thread()` there, outside the
student's logic, so the names main returns can be compared with the names really seen.
"""

from __future__ import annotations

import threading
from typing import Any

import gevent
from gevent import monkey

from kata.inside.probe import Probe


def warm_up(p: Probe) -> None:
    """Start gevent's hub and loop, so that no timed request pays for it."""
    gevent.get_hub()


def main(p: Probe, delay: float, spare: int) -> dict[str, Any]:
    """main(delay), recorded, after making `spare` threading.Thread objects that never start.

    Each one takes a number from threading's name counter, so the dummy threads main's greenlets
    see are not called Dummy-1 and Dummy-2: names written down in advance cannot match.
    """
    for _ in range(spare):
        threading.Thread()
    with p.record(names=True) as rec:
        names = p.student.main(delay)
    kinds = {label: isinstance(g, gevent.Greenlet) for label, g in rec.greenlets.items()}
    if not (isinstance(names, (list, tuple)) and all(isinstance(n, str) for n in names)):
        names = repr(names)[:200]
    return {"names": names, "lines": p.lines(),
            "origins": [{"line": line, "greenlet": w.greenlet, "gevent": kinds.get(w.greenlet, False),
                         "thread_name": w.thread_name} for line, w in rec.line_origins()],
            "time_patched": monkey.is_module_patched("time"),
            "threading_patched": monkey.is_module_patched("threading"), "schedule": rec.schedule().to_json()}


def timeline(p: Probe, delay: float = 0.05) -> list[dict[str, Any]]:
    """main(delay): eat and play sleeping with the (patched) time.sleep, for --timeline."""
    return [p.demo("main：打补丁之后的 time.sleep", "main: time.sleep once patched", p.student.main, delay)]
