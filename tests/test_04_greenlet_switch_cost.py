"""04_greenlet_switch_cost: the same results, a switch per step, and the price of switching."""

import greenlet
import pytest

from kata.checks import best_ratio, expect

N = 100_000


def expected(n):
    return 1 + n * (n - 1) // 2, (0 if n else 1)


@pytest.mark.parametrize("n", [0, 1, 10, 1000])
def test_sequential_returns_f1_and_f2_results(topic, n):
    """sequential(n) 返回 (f1 的结果, f2 的结果)
    sequential(n) returns (f1's result, f2's result)"""
    got = topic.sequential(n)
    expect(tuple(got) == expected(n) if isinstance(got, (tuple, list)) else False,
           f"sequential({n}) 应返回 {expected(n)}，实际是 {got!r}。"
           "f1: res 从 1 开始 res += i；f2: res 从 1 开始 res *= i。",
           f"sequential({n}) must return {expected(n)}, got {got!r}. "
           "f1: res starts at 1, res += i; f2: res starts at 1, res *= i.")


@pytest.mark.parametrize("n", [0, 1, 10, 1000])
def test_switching_returns_the_same_results(topic, n):
    """switching(n) 的结果和顺序执行完全相同
    switching(n) returns exactly the sequential results"""
    got = topic.switching(n)
    expect(tuple(got) == expected(n) if isinstance(got, (tuple, list)) else False,
           f"switching({n}) 应返回 {expected(n)}，实际是 {got!r}。切换不应改变计算结果；"
           "别忘了最后让 f2 也运行完。",
           f"switching({n}) must return {expected(n)}, got {got!r}. Switching must not change "
           "the results; make sure f2 also runs to its end.")


def test_switching_switches_after_every_step(topic):
    """switching(n) 每一步都切换：大约 2n 次 greenlet 切换
    switching(n) switches after every step: about 2n greenlet switches"""
    n, seen = 1000, []
    previous = greenlet.settrace(lambda event, args: seen.append(event))
    try:
        topic.switching(n)
    finally:
        greenlet.settrace(previous)
    count = seen.count("switch")
    expect(2 * n <= count <= 2 * n + 10,
           f"switching({n}) 做了 {count} 次切换，应为 {2 * n} 次左右（f1 和 f2 每一步各切换一次）。",
           f"switching({n}) made {count} switches; expected about {2 * n} "
           "(f1 and f2 each switch after every step).", measured=count)


def test_switching_is_clearly_slower(topic):
    """没有 IO 时，每步切换比顺序执行慢得多（至少 2 倍）
    without IO, switching every step is much slower than running in turn (at least 2x)"""
    switch_s, seq_s = best_ratio(lambda: topic.switching(N), lambda: topic.sequential(N))
    ratio = switch_s / seq_s
    expect(ratio >= 2,
           f"switching / sequential = {switch_s:.4f} s / {seq_s:.4f} s = {ratio:.1f}，应至少为 2："
           "真的每一步都用 greenlet 切换了吗？",
           f"switching / sequential = {switch_s:.4f} s / {seq_s:.4f} s = {ratio:.1f}; it must be at "
           "least 2: does it really switch greenlets after every step?", measured=round(ratio, 1))


def test_benchmark_sequential(topic, benchmark):
    benchmark(topic.sequential, N)


def test_benchmark_switching(topic, benchmark):
    benchmark(topic.switching, N)
