"""02_producer_consumer: hand items over one at a time with send; no speed is gained by it.

The student's module runs in a process of its own (the `subject`); probes.producer_consumer calls
it and reports what came back, how often the frames of consumer_coroutine were entered (so a
run_yield that prints the right lines from one loop, without ever sending, is caught), which of
the student's functions were on the stack when each line was printed, and run_yield's memory
peak. Times are taken by the judge. Sizes and values are drawn afresh for every run.
"""

import math
import statistics

import pytest
from kit import hidden

from kata.checks import expect, expect_lines


def triangle(n):
    return n * (n - 1) // 2


# run_yield / run_serial: about 2.5 for the solution on a quiet machine, up to 4.4 under stress-run
# (median of pairs, after a retry): the bounds only reject an impossible speed-up or an absurd cost
LOW, HIGH = 0.25, 8


def yield_serial_ratio(subject, n, pairs=7):
    """run_yield(n) / run_serial(n), timed by the judge: the median over `pairs` back-to-back
    pairs (which one runs first alternates), and each one's best time.

    On a busy machine the load changes from one moment to the next: both calls of a pair meet
    about the same load, so the pair's ratio holds, and the median leaves out the pairs a burst
    hit. Measured for the reference solution (about 2.5 on a quiet 2-core machine) under load:
    the ratio of the best times reached 6.9, the median of pair ratios 4.4 (once in 40)."""
    runs = []  # (run_yield's seconds, run_serial's seconds) of each pair
    for i in range(pairs):
        order = ["run_yield", "run_serial"][::-1 if i % 2 else 1]
        took = {f: subject.call("returns", function=f, args=[n], timeout=10.0).seconds for f in order}
        runs.append((took["run_yield"], took["run_serial"]))
    ratio = statistics.median(y / s for y, s in runs)
    return ratio, min(y for y, _ in runs), min(s for _, s in runs)


def test_producer_makes_the_range(subject):
    """producer(n) 返回 [0, 1, ..., n-1]
    producer(n) returns [0, 1, ..., n-1]"""
    n = hidden.integer(3, 12)
    got = subject.call("returns", function="producer", args=[n]).value
    want = list(range(n))
    expect(got["type"] == "list" and got["value"] == want,
           f"producer({n}) 应返回列表 {want}，实际是 {got['type']} {got['value']!r}。",
           f"producer({n}) must return the list {want}, got {got['type']} {got['value']!r}.")


def test_consumer_sums(subject):
    """consumer(items) 返回总和
    consumer(items) returns the sum"""
    items = hidden.integers(hidden.integer(3, 6), -50, 100)
    got = subject.call("returns", function="consumer", args=[items]).value["value"]
    expect(got == sum(items), f"consumer({items}) 应返回 {sum(items)}，实际是 {got!r}。",
           f"consumer({items}) must return {sum(items)}, got {got!r}.")


def test_run_serial_returns_the_total(subject):
    """run_serial(n) 返回 0 + 1 + ... + (n-1)
    run_serial(n) returns 0 + 1 + ... + (n-1)"""
    n = hidden.integer(50, 500)
    got = subject.call("returns", function="run_serial", args=[n]).value["value"]
    expect(got == triangle(n), f"run_serial({n}) 应返回 {triangle(n)}，实际是 {got!r}。",
           f"run_serial({n}) must return {triangle(n)}, got {got!r}.")


def test_consumer_coroutine_is_a_generator_primed_with_zero(subject):
    """consumer_coroutine() 是生成器，第一次 next() 产出 0
    consumer_coroutine() is a generator whose first next() yields 0"""
    seen = subject.call("coroutine_sums", values=[]).value
    expect(seen["generator"], "consumer_coroutine() 应返回生成器：函数体里要有 yield。",
           "consumer_coroutine() must return a generator: use yield in its body.")
    expect(seen["first"] == 0, f"启动时（第一次 next）应产出 0，实际是 {seen['first']!r}。",
           f"Priming it (the first next) must yield 0, got {seen['first']!r}.")


def test_consumer_coroutine_yields_running_sum(subject):
    """每次 send(item) 产出累加后的总和
    each send(item) yields the running sum"""
    values = hidden.integers(5, 1, 100)
    seen = subject.call("coroutine_sums", values=values).value
    want = [sum(values[:i + 1]) for i in range(len(values))]
    got = seen.get("sums")
    expect(got == want, f"依次 send {values} 应得到 {want}，实际是 {got}。",
           f"Sending {values} in turn must yield {want}, got {got}.")


@pytest.mark.parametrize("n", [0, 1, None], ids=["0", "1", "hidden"])
def test_run_yield_returns_the_same_total_as_serial(subject, n):
    """run_yield(n) 和串行版得到同样的总和
    run_yield(n) returns the same total as the serial version"""
    n = hidden.integer(50, 500) if n is None else n
    got = subject.call("returns", function="run_yield", args=[n]).value["value"]
    expect(got == triangle(n), f"run_yield({n}) 应返回 {triangle(n)}，实际是 {got!r}。",
           f"run_yield({n}) must return {triangle(n)}, got {got!r}.")


def test_run_yield_sends_each_item_to_consumer_coroutine(subject):
    """run_yield(n) 真的把每个数据 send 给 consumer_coroutine（启动一次，再 send n 次）
    run_yield(n) really sends each item to consumer_coroutine (primed once, then n sends)"""
    n = hidden.integer(20, 80)
    seen = subject.call("handover", n=n, verbose=False).value
    entries = seen["entries"]
    # the priming next and n sends; closing it (or letting it be collected) resumes it once more,
    # and a consumer_coroutine that returns a generator made elsewhere is entered once itself
    expect(n + 1 <= entries <= n + 3,
           f"run_yield({n}) 运行时，consumer_coroutine 的生成器被恢复了 {entries} 次，应为 {n + 1} 次左右"
           "（一次 next 启动，再每个数据一次 send）：run_yield 要用 consumer_coroutine() 创建消费者，"
           "再把生产的每个数据 send 给它，而不是自己在一个循环里把活全干了。",
           f"While run_yield({n}) ran, consumer_coroutine's generator was resumed {entries} time(s); "
           f"expected about {n + 1} (one next to prime it, then one send per item): run_yield must "
           "make its consumer with consumer_coroutine() and send it every item it produces, not do "
           "all the work in one loop of its own.", measured=entries)


def verbose_lines(n):
    return [line for i in range(n) for line in (f"produce {i}", f"consume {i}")]


def test_run_yield_verbose_alternates(subject):
    """verbose=True 时 produce 和 consume 你一次我一次地交替打印
    with verbose=True, produce and consume lines take turns"""
    n = hidden.integer(3, 9)
    reply = subject.call("handover", n=n, verbose=True)
    expect_lines(reply.lines, verbose_lines(n),
                 "生产一个就立刻 send 一个：打印应该一行 produce、一行 consume 地交替。",
                 "Send each item as soon as it is made: the lines must alternate produce, consume.")


def test_consume_lines_come_from_consumer_coroutine(subject):
    """consume 行由 consumer_coroutine 打印，produce 行不是
    consume lines are printed by consumer_coroutine, produce lines are not"""
    n = hidden.integer(3, 9)
    seen = subject.call("handover", n=n, verbose=True).value
    consumer = set(seen["consumer"])
    expect(any(line.startswith("consume") for line, _ in seen["origins"]),
           f"run_yield({n}, verbose=True) 没有打印任何 consume 行。",
           f"run_yield({n}, verbose=True) printed no consume line.")
    for line, functions in seen["origins"]:
        inside = bool(consumer & set(functions))
        if line.startswith("consume"):
            expect(inside,
                   f"`{line}` 不是在 consumer_coroutine 里打印的（打印时在运行的函数：{functions}）："
                   "消费者收到 send 过来的数据后，由它自己打印 consume。",
                   f"`{line}` was not printed inside consumer_coroutine (functions running: "
                   f"{functions}): the consumer prints consume itself, when an item is sent to it.")
        elif line.startswith("produce"):
            expect(not inside,
                   f"`{line}` 是在 consumer_coroutine 里打印的：produce 应由生产者（run_yield）打印。",
                   f"`{line}` was printed inside consumer_coroutine: the producer (run_yield) prints "
                   "produce.")


def test_run_yield_is_quiet_by_default(subject):
    """verbose 默认为 False：run_yield 不打印
    verbose defaults to False: run_yield prints nothing"""
    n = hidden.integer(3, 9)
    reply = subject.call("returns", function="run_yield", args=[n])
    expect_lines(reply.lines, [], "默认（verbose=False）不应打印。",
                 "By default (verbose=False) nothing must be printed.")


def test_run_yield_keeps_no_list(subject):
    """run_yield 逐个交付数据，不会先攒一个大列表（内存峰值很小）
    run_yield hands items over one by one, never building a big list (small peak memory)"""
    n = hidden.integer(60_000, 80_000)  # tracemalloc slows every allocation: no bigger than needed
    peak = subject.call("peak_memory", n=n, timeout=20.0).value
    # a list of n ints costs 0.48 MB in pointers alone, 2 MB with the ints; streaming needs a few KB
    expect(peak < 400_000,
           f"run_yield({n}) 的内存峰值是 {peak / 1e6:.1f} MB：是不是先生产了整个列表再逐个 send？"
           "应该生产一个、send 一个。",
           f"run_yield({n}) peaked at {peak / 1e6:.1f} MB: did it build the whole list before "
           "sending? Make one item, send it, then make the next.", measured=peak)


def test_switching_buys_no_speed_for_pure_computation(subject):
    """纯计算时，yield 版不比串行版快（比值在 0.25 到 8 之间）
    for pure computation the yield version is no faster than the serial one (ratio 0.25-8)"""
    n = hidden.integer(150_000, 250_000)  # big enough to time (cache effects inflate small n)
    ratio, yield_s, serial_s = yield_serial_ratio(subject, n)
    if not LOW <= ratio <= HIGH:  # a burst of load can push one measurement out: measure again,
        again = yield_serial_ratio(subject, n)  # and keep the one nearer 1
        ratio, yield_s, serial_s = min((ratio, yield_s, serial_s), again, key=lambda m: abs(math.log(m[0])))
    expect(LOW <= ratio <= HIGH,
           f"run_yield({n}) / run_serial({n}) 的耗时比是 {ratio:.2f}（最快一次：{yield_s:.4f} s / "
           f"{serial_s:.4f} s），应在 {LOW} 到 {HIGH} 之间：两者做的是同样的计算，来回切换不会更快。",
           f"run_yield({n}) / run_serial({n}) took {ratio:.2f} times as long (fastest: "
           f"{yield_s:.4f} s / {serial_s:.4f} s); it must lie between {LOW} and {HIGH}: both do the "
           "same computation, and switching back and forth makes nothing faster.", measured=round(ratio, 2))


@pytest.mark.parametrize("function", ["run_serial", "run_yield"])
def test_benchmark(subject, benchmark, function):
    """不计分：评分进程测得的一次调用的耗时（含请求的往返）
    Not graded: the judge's time for one call (the request's round trip included)"""
    n = 200_000
    benchmark(lambda: subject.call("returns", function=function, args=[n]))
