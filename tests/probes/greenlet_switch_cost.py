"""Probes for 04_greenlet_switch_cost: what sequential and switching return, and which greenlets
switched to which while switching(n) ran."""

from __future__ import annotations

from collections import Counter
from typing import Any

from kata.inside.probe import Probe


def returns(p: Probe, function: str, n: int) -> dict[str, Any]:
    """What `function(n)` returned, and its type."""
    got = getattr(p.student, function)(n)
    return {"type": type(got).__name__, "value": got}


def switches(p: Probe, n: int) -> list[list[Any]]:
    """switching(n) with every greenlet switch recorded: [event, from, to, how many times]."""
    with p.record() as rec:
        p.student.switching(n)
    counts = Counter((event, origin, target) for event, origin, target, _ in rec.switches)
    return [[*key, count] for key, count in counts.items()]


def timeline(p: Probe, n: int = 8) -> list[dict[str, Any]]:
    """switching(n) for a small n: a switch for every step, for --timeline."""
    return [p.demo("switching：每一步都切换", "switching: a switch at every step", p.student.switching, n)]
