"""02_producer_consumer: hand items over one at a time with send; no speed is gained by it."""

import inspect
import tracemalloc

import pytest

from kata.checks import best_ratio, expect, expect_lines

N = 200_000  # big enough to time, small enough to grade in a blink


def test_producer_makes_the_range(topic):
    """producer(n) 返回 [0, 1, ..., n-1]
    producer(n) returns [0, 1, ..., n-1]"""
    got = topic.producer(5)
    expect(got == [0, 1, 2, 3, 4], f"producer(5) 应返回 [0, 1, 2, 3, 4]，实际是 {got!r}。",
           f"producer(5) must return [0, 1, 2, 3, 4], got {got!r}.")


def test_consumer_sums(topic):
    """consumer(items) 返回总和
    consumer(items) returns the sum"""
    got = topic.consumer([3, 4, 5])
    expect(got == 12, f"consumer([3, 4, 5]) 应返回 12，实际是 {got!r}。",
           f"consumer([3, 4, 5]) must return 12, got {got!r}.")


def test_run_serial_returns_the_total(topic):
    """run_serial(n) 返回 0 + 1 + ... + (n-1)
    run_serial(n) returns 0 + 1 + ... + (n-1)"""
    got = topic.run_serial(100)
    expect(got == 4950, f"run_serial(100) 应返回 4950，实际是 {got!r}。",
           f"run_serial(100) must return 4950, got {got!r}.")


def test_consumer_coroutine_is_a_generator_primed_with_zero(topic):
    """consumer_coroutine() 是生成器，第一次 next() 产出 0
    consumer_coroutine() is a generator whose first next() yields 0"""
    gen = topic.consumer_coroutine()
    expect(inspect.isgenerator(gen), "consumer_coroutine() 应返回生成器：函数体里要有 yield。",
           "consumer_coroutine() must return a generator: use yield in its body.")
    first = next(gen)
    expect(first == 0, f"启动时（第一次 next）应产出 0，实际是 {first!r}。",
           f"Priming it (the first next) must yield 0, got {first!r}.")


def test_consumer_coroutine_yields_running_sum(topic):
    """每次 send(item) 产出累加后的总和
    each send(item) yields the running sum"""
    gen = topic.consumer_coroutine()
    next(gen)
    sums = [gen.send(i) for i in (1, 2, 3, 10)]
    expect(sums == [1, 3, 6, 16], f"依次 send 1、2、3、10 应得到 [1, 3, 6, 16]，实际是 {sums}。",
           f"Sending 1, 2, 3, 10 must yield [1, 3, 6, 16], got {sums}.")


@pytest.mark.parametrize("n", [0, 1, 100])
def test_run_yield_returns_the_same_total_as_serial(topic, n):
    """run_yield(n) 和串行版得到同样的总和
    run_yield(n) returns the same total as the serial version"""
    got, want = topic.run_yield(n), n * (n - 1) // 2
    expect(got == want, f"run_yield({n}) 应返回 {want}，实际是 {got!r}。",
           f"run_yield({n}) must return {want}, got {got!r}.")


def test_run_yield_verbose_alternates(topic, capture):
    """verbose=True 时 produce 和 consume 你一次我一次地交替打印
    with verbose=True, produce and consume lines take turns"""
    topic.run_yield(3, verbose=True)
    expect_lines(capture.lines(),
                 ["produce 0", "consume 0", "produce 1", "consume 1", "produce 2", "consume 2"],
                 "生产一个就立刻 send 一个：打印应该一行 produce、一行 consume 地交替。",
                 "Send each item as soon as it is made: the lines must alternate produce, consume.")


def test_run_yield_is_quiet_by_default(topic, capture):
    """verbose 默认为 False：run_yield 不打印
    verbose defaults to False: run_yield prints nothing"""
    topic.run_yield(3)
    expect_lines(capture.lines(), [], "默认（verbose=False）不应打印。",
                 "By default (verbose=False) nothing must be printed.")


def test_run_yield_keeps_no_list(topic):
    """run_yield 逐个交付数据，不会先攒一个大列表（内存峰值很小）
    run_yield hands items over one by one, never building a big list (small peak memory)"""
    tracemalloc.start()
    try:
        topic.run_yield(N)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # a list of N ints costs over 1.6 MB in pointers alone; streaming needs a few KB
    expect(peak < 400_000,
           f"run_yield({N}) 的内存峰值是 {peak / 1e6:.1f} MB：是不是先生产了整个列表再逐个 send？"
           "应该生产一个、send 一个。",
           f"run_yield({N}) peaked at {peak / 1e6:.1f} MB: did it build the whole list before "
           "sending? Make one item, send it, then make the next.")


def test_switching_buys_no_speed_for_pure_computation(topic):
    """纯计算时，yield 版和串行版耗时相近（比值在 0.25 到 4 之间）
    for pure computation the yield version takes about as long as the serial one (ratio 0.25-4)"""
    yield_s, serial_s = best_ratio(lambda: topic.run_yield(N), lambda: topic.run_serial(N))
    ratio = yield_s / serial_s
    expect(0.25 <= ratio <= 4,
           f"run_yield / run_serial = {yield_s:.4f} s / {serial_s:.4f} s = {ratio:.2f}，"
           "应在 0.25 到 4 之间：两者做的是同样的计算。",
           f"run_yield / run_serial = {yield_s:.4f} s / {serial_s:.4f} s = {ratio:.2f}; it must "
           "lie between 0.25 and 4: both do the same computation.",
           measured=round(ratio, 2))


def test_benchmark_run_serial(topic, benchmark):
    benchmark(topic.run_serial, N)


def test_benchmark_run_yield(topic, benchmark):
    benchmark(topic.run_yield, N)
