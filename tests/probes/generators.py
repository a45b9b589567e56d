"""Probes for 01_generators: what each next() and send() printed and produced."""

from __future__ import annotations

import inspect
from typing import Any

from kata.inside.probe import Probe


def kinds(p: Probe) -> dict[str, bool]:
    """Which of the three are generator functions."""
    return {name: inspect.isgeneratorfunction(getattr(p.student, name))
            for name in ("func", "echo", "accumulator")}


def func_steps(p: Probe, steps: int) -> dict[str, Any]:
    """Call func(), then next() `steps` times: what each step printed and yielded."""
    gen = p.student.func()
    printed, values = [p.lines()], []
    for _ in range(steps):
        values.append(next(gen))
        printed.append(p.lines())
    return {"printed": printed, "values": values}


def func_end(p: Probe) -> dict[str, Any]:
    """After three next(), what a fourth one does: raise StopIteration, and print nothing."""
    gen = p.student.func()
    for _ in range(3):
        next(gen)
    p.lines()
    try:
        value = next(gen)
    except StopIteration:
        return {"stopped": True, "printed": p.lines()}
    return {"stopped": False, "value": value, "printed": p.lines()}


def echo_first(p: Probe) -> dict[str, Any]:
    first = next(p.student.echo())
    return {"value": first, "printed": p.lines()}


def echo_send(p: Probe, word: str) -> dict[str, Any]:
    gen = p.student.echo()
    next(gen)
    p.lines()
    second = gen.send(word)
    return {"value": second, "printed": p.lines()}


def accumulate(p: Probe, values: list[int]) -> list[Any]:
    """The first next(), then send(v) for each value: everything the accumulator yielded."""
    acc = p.student.accumulator()
    return [next(acc), *(acc.send(v) for v in values)]


def two_accumulators(p: Probe, first: int, second: int) -> Any:
    """send(first) to one accumulator, then send(second) to another: what the second yields."""
    a, b = p.student.accumulator(), p.student.accumulator()
    next(a), next(b)
    a.send(first)
    return b.send(second)
