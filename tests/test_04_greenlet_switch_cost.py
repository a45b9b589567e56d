"""04_greenlet_switch_cost: the same results, a switch per step, and the price of switching.

The student's module runs in a process of its own (the `subject`); probes.greenlet_switch_cost
reports what each function returned and every greenlet switch switching(n) made
(greenlet.settrace). Times are taken by the judge. Sizes are drawn afresh for every run.
"""

import math
from collections import Counter

import pytest
from kit import hidden

from kata.checks import expect

SIZES = {"0": lambda: 0, "1": lambda: 1, "few": lambda: hidden.integer(5, 50),
         "many": lambda: hidden.integer(500, 2000)}


def expected(n):
    return 1 + n * (n - 1) // 2, (0 if n else 1)


def is_main(label):
    return label.startswith("main")


def best_seconds(subject, calls, repeats=5):
    """Best of `repeats` judge-measured times of each probe call, the calls run alternately:
    noise only ever adds time, so the minimum is each one's cleanest measurement."""
    best = [math.inf] * len(calls)
    for _ in range(repeats):
        for i, (function, params) in enumerate(calls):
            best[i] = min(best[i], subject.call(function, timeout=10.0, **params).seconds)
    return best


@pytest.mark.parametrize("size", SIZES)
def test_sequential_returns_f1_and_f2_results(subject, size):
    """sequential(n) 返回 (f1 的结果, f2 的结果)
    sequential(n) returns (f1's result, f2's result)"""
    n = SIZES[size]()
    got = subject.call("returns", function="sequential", n=n).value
    want = expected(n)
    expect(got["type"] in ("tuple", "list") and got["value"] == list(want),
           f"sequential({n}) 应返回 {want}，实际是 {got['value']!r}。"
           "f1: res 从 1 开始 res += i；f2: res 从 1 开始 res *= i。",
           f"sequential({n}) must return {want}, got {got['value']!r}. "
           "f1: res starts at 1, res += i; f2: res starts at 1, res *= i.")


@pytest.mark.parametrize("size", SIZES)
def test_switching_returns_the_same_results(subject, size):
    """switching(n) 的结果和顺序执行完全相同
    switching(n) returns exactly the sequential results"""
    n = SIZES[size]()
    got = subject.call("returns", function="switching", n=n).value
    want = expected(n)
    expect(got["type"] in ("tuple", "list") and got["value"] == list(want),
           f"switching({n}) 应返回 {want}，实际是 {got['value']!r}。切换不应改变计算结果；"
           "别忘了最后让 f2 也运行完。",
           f"switching({n}) must return {want}, got {got['value']!r}. Switching must not change "
           "the results; make sure f2 also runs to its end.")


def test_switching_switches_after_every_step(subject):
    """switching(n) 每一步都切换：大约 2n 次 greenlet 切换
    switching(n) switches after every step: about 2n greenlet switches"""
    n = hidden.integer(300, 1500)
    seen = subject.call("switches", n=n).value
    count = sum(times for event, _, _, times in seen if event == "switch")
    expect(2 * n <= count <= 2 * n + 10,
           f"switching({n}) 做了 {count} 次切换，应为 {2 * n} 次左右（f1 和 f2 每一步各切换一次）。",
           f"switching({n}) made {count} switches; expected about {2 * n} "
           "(f1 and f2 each switch after every step).", measured=count)


def test_switching_switches_between_f1_and_f2(subject):
    """切换发生在 f1 和 f2 两个 greenlet 之间，而不是在主程序和一个 greenlet 之间
    the switches go between the two greenlets f1 and f2, not between the caller and one greenlet"""
    n = hidden.integer(300, 1500)
    seen = subject.call("switches", n=n).value
    pairs = Counter()  # switches between two greenlets, either way, neither of them main
    for event, origin, target, times in seen:
        if event == "switch" and not is_main(origin) and not is_main(target):
            pairs[frozenset((origin, target))] += times
    between = max(pairs.values(), default=0)
    expect(between >= 2 * n - 2,
           f"switching({n}) 在两个 greenlet 之间只切换了 {between} 次，应为 {2 * n} 次左右："
           "f1 和 f2 各是一个 greenlet，f1 每做一步就直接 switch 到 f2，f2 每做一步再直接 switch 回 f1，"
           "不经过主程序。",
           f"switching({n}) switched {between} time(s) between two greenlets; expected about "
           f"{2 * n}: f1 and f2 are greenlets of their own, f1 switches straight to f2 after each "
           "step and f2 straight back to f1, not through the caller.", measured=between)


def test_switching_is_clearly_slower(subject):
    """没有 IO 时，每步切换比顺序执行慢得多（至少 2 倍）
    without IO, switching every step is much slower than running in turn (at least 2x)"""
    n = hidden.integer(20_000, 30_000)  # switching(n) takes about 10 ms, sequential(n) about 1 ms
    switch_s, seq_s = best_seconds(subject, [("returns", {"function": "switching", "n": n}),
                                             ("returns", {"function": "sequential", "n": n})])
    ratio = switch_s / seq_s
    expect(ratio >= 2,
           f"switching / sequential = {switch_s:.4f} s / {seq_s:.4f} s = {ratio:.1f}，应至少为 2："
           "真的每一步都用 greenlet 切换了吗？",
           f"switching / sequential = {switch_s:.4f} s / {seq_s:.4f} s = {ratio:.1f}; it must be at "
           "least 2: does it really switch greenlets after every step?", measured=round(ratio, 1))


@pytest.mark.parametrize("function", ["sequential", "switching"])
def test_benchmark(subject, benchmark, function):
    """不计分：评分进程测得的一次调用的耗时（含请求的往返）
    Not graded: the judge's time for one call (the request's round trip included)"""
    n = 100_000
    benchmark(lambda: subject.call("returns", function=function, n=n))
