"""Probes for 02_producer_consumer: what each function returned, whether send reached the
student's consumer_coroutine, who printed each verbose line, and run_yield's memory peak."""

from __future__ import annotations

import inspect
import tracemalloc
from typing import Any

from kata.inside.probe import Probe, clock, part
from kata.schedule import Schedule, Track, turns


def returns(p: Probe, function: str, args: list[Any]) -> dict[str, Any]:
    """What `function(*args)` returned, and its type (a range or a tuple is not a list)."""
    got = getattr(p.student, function)(*args)
    return {"type": type(got).__name__, "value": got}


def coroutine_sums(p: Probe, values: list[int]) -> dict[str, Any]:
    """consumer_coroutine(): is it a generator; what the priming next() and each send(v) yield."""
    gen = p.student.consumer_coroutine()
    if not inspect.isgenerator(gen):
        return {"generator": False, "type": type(gen).__name__}
    return {"generator": True, "first": next(gen), "sums": [gen.send(v) for v in values]}


def handover(p: Probe, n: int, verbose: bool) -> dict[str, Any]:
    """run_yield(n, verbose): its total, how often consumer_coroutine's frames were entered
    (the priming next, each send, a close), and the student's functions on the stack when each
    printed line was written."""
    with p.entries(p.student.consumer_coroutine) as entries, p.record() as rec:
        total = p.student.run_yield(n, verbose=verbose)
    consumer = sorted({code.co_name for code in entries.codes})  # with generators it returned
    return {"total": total, "entries": entries.count, "consumer": consumer,
            "origins": [[line, list(w.functions)] for line, w in rec.line_origins()]}


def peak_memory(p: Probe, n: int) -> int:
    """The most memory (bytes, tracemalloc) allocated at once while run_yield(n) ran."""
    tracemalloc.start()
    try:
        p.student.run_yield(n)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()




def timeline(p: Probe, n: int = 6) -> list[dict[str, Any]]:
    """run_yield(n, verbose=True): when the consumer's frames ran (each next/send into it) and
    when the producer had control, for --timeline."""
    with p.entries(p.student.consumer_coroutine) as entries:
        got = p.attempt(p.student.run_yield, n, verbose=True)
    end = clock() - entries.start
    consumer = entries.spans
    gaps = zip([[0.0, 0.0], *consumer], [*consumer, [end, end]], strict=True)  # between hand-overs
    producer = [(stop, start) for (_, stop), (start, _) in gaps]
    tracks = [Track("main", "producer", "main", turns(producer, 0.0, end))]
    if consumer:
        spans = [(start, stop) for start, stop in consumer]
        tracks.append(Track("consumer", "consumer", "generator", turns(spans, spans[0][0], spans[-1][1])))
    return [part("run_yield：生产者与消费者轮流运行", "run_yield: producer and consumer take turns",
                 Schedule(end, tuple(tracks)), got)]
