"""Probes for 03_greenlet_pingpong: the switches between greenlets, which greenlet printed each
line, and the state of the two greenlets unfinished() returns."""

from __future__ import annotations

from typing import Any

import greenlet

from kata.inside.probe import Probe, Recording


def _seen(rec: Recording) -> dict[str, Any]:
    return {"switches": [[origin, target] for event, origin, target, _ in rec.switches
                         if event in ("switch", "throw")],
            "printed_by": [[line, w.greenlet] for line, w in rec.line_origins()]}


def run(p: Probe, name: str | None = None) -> dict[str, Any]:
    """run(name) (run() when no name is given), its greenlet switches and who printed what."""
    with p.record() as rec:
        if name is None:
            p.student.run()
        else:
            p.student.run(name)
    return _seen(rec)


def unfinished(p: Probe) -> dict[str, Any]:
    """unfinished(): switches, who printed what, and plain facts about what it returned:
    for each of two returned greenlets, its recorded label, whether it is dead, and bool(g)
    (True only while started and not finished)."""
    with p.record() as rec:
        result = p.student.unfinished()
    seen = _seen(rec)
    seen["type"] = type(result).__name__
    seen["size"] = len(result) if isinstance(result, tuple) else None
    if seen["size"] == 2:
        labels = {id(g): label for label, g in rec.greenlets.items()}
        seen["greenlets"] = [{"greenlet": isinstance(g, greenlet.greenlet), "label": labels.get(id(g)),
                              "dead": bool(g.dead), "active": bool(g)}
                             if isinstance(g, greenlet.greenlet) else {"greenlet": False}
                             for g in result]
    return seen


def timeline(p: Probe) -> list[dict[str, Any]]:
    """run() and unfinished(): who has control at each switch, for --timeline."""
    return [p.demo("run：eat 与 play 手动切换", "run: eat and play switched by hand", p.student.run),
            p.demo("unfinished：没切回去的 greenlet", "unfinished: a greenlet never switched back to",
                   p.student.unfinished)]
