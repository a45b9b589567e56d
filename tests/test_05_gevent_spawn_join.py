"""05_gevent_spawn_join: spawn starts a call in a greenlet, join waits, value is its result.

This topic does not patch, so its checks import the student's module in the pytest process. Each
timed function runs once, in a module-scoped fixture, and several one-behaviour checks read it.
"""

from __future__ import annotations

import contextlib
import io
import time
from dataclasses import dataclass

import gevent
import greenlet
import pytest
from gevent import monkey

from kata.checks import expect, expect_lines, expect_time

# Sleeps never end early, so a wrong answer's time has a floor; each upper bound sits just under it,
# leaving a right answer all the slack a busy machine needs.
NAPS = (0.15, 0.1, 0.05)  # run_all's calls: the first given finishes last
BLOCKING_DELAY = 0.05
COOPERATIVE_DELAY = 0.1


@dataclass
class Run:
    value: object
    lines: list[str]
    seconds: float
    in_flight: int = 0  # the most calls running at one moment (run_all only)


def timed(fn, *args) -> Run:
    """Call fn once, keeping what it returned and printed and how long it took."""
    out = io.StringIO()
    gevent.get_hub()  # gevent's loop starts before the clock does
    with contextlib.redirect_stdout(out):
        start = time.perf_counter()
        value = fn(*args)
        seconds = time.perf_counter() - start
    return Run(value, out.getvalue().splitlines(), seconds)


@pytest.fixture(scope="module")
def run_all(topic) -> Run:
    """topic.run_all over calls that sleep cooperatively, counting how many overlap."""
    running = []
    peak = 0

    def nap(i: int, seconds: float) -> str:
        nonlocal peak
        running.append(i)
        peak = max(peak, len(running))
        gevent.sleep(seconds)
        running.remove(i)
        return f"call {i}"

    run = timed(topic.run_all, nap, [(i, s) for i, s in enumerate(NAPS)])
    run.in_flight = peak
    return run


@pytest.fixture(scope="module")
def blocking(topic) -> Run:
    return timed(topic.run_blocking, BLOCKING_DELAY)


@pytest.fixture(scope="module")
def cooperative(topic) -> Run:
    return timed(topic.run_cooperative, COOPERATIVE_DELAY)


def test_add_sums_positional_and_keyword_arguments(topic):
    """add 把三个位置参数和 x、y 加起来（x、y 默认为 0）
    add sums three positional arguments and x, y (which default to 0)"""
    got = [topic.add(1, 2, 3, x=4, y=5), topic.add(1, 2, 3), topic.add(1, 2, 3, y=10)]
    expect(got == [15, 6, 16],
           f"add(1, 2, 3, x=4, y=5)、add(1, 2, 3)、add(1, 2, 3, y=10) 应为 [15, 6, 16]，实际是 {got}。",
           f"add(1, 2, 3, x=4, y=5), add(1, 2, 3), add(1, 2, 3, y=10) must be [15, 6, 16]; got {got}.")


def test_spawn_with_args_returns_the_greenlet_value(topic):
    """spawn_with_args 返回协程的 value：add(1, 2, 3, x=4, y=5) 的结果 15
    spawn_with_args returns the greenlet's value: 15, the result of add(1, 2, 3, x=4, y=5)"""
    got = topic.spawn_with_args()
    expect(got == 15,
           f"spawn_with_args() 应返回 15，实际是 {got!r}。join() 之后，g.value 才是函数的返回值。",
           f"spawn_with_args() must return 15; got {got!r}. After join(), g.value holds the result.")


def test_spawn_with_args_runs_add_in_a_greenlet(topic):
    """spawn_with_args 真的在一个 gevent 协程里运行 add，而不是直接调用它
    spawn_with_args really runs add in a gevent greenlet, not by calling it directly"""
    entered = []

    def trace(event: str, args: tuple) -> None:
        if event in ("switch", "throw"):
            entered.append(args[1])

    previous = greenlet.settrace(trace)
    try:
        topic.spawn_with_args()
    finally:
        greenlet.settrace(previous)
    expect(any(isinstance(g, gevent.Greenlet) for g in entered),
           "spawn_with_args 运行期间没有切换进任何 gevent 协程：add 是被直接调用的。"
           "用 g = gevent.spawn(add, 1, 2, 3, x=4, y=5) 创建协程，g.join() 等它结束。",
           "No gevent greenlet ran while spawn_with_args ran: add was called directly. Use "
           "g = gevent.spawn(add, 1, 2, 3, x=4, y=5) to make the greenlet and g.join() to wait.")


def test_run_all_returns_values_in_input_order(run_all):
    """run_all 按输入顺序返回每个调用的返回值（即使后给的先结束）
    run_all returns each call's value in input order (even when later calls finish first)"""
    want = [f"call {i}" for i in range(len(NAPS))]
    expect(run_all.value == want,
           f"run_all 应返回 {want}，实际是 {run_all.value!r}。这几个调用睡眠 {NAPS} 秒，后给的先结束："
           "结果要按参数元组的顺序排列，而不是按结束的先后（按顺序取各个协程的 g.value）。",
           f"run_all must return {want}; got {run_all.value!r}. The calls sleep {NAPS} s, so the "
           "later ones finish first: order the values as the argument tuples were given, not as "
           "the calls finished (take each greenlet's g.value in order).")


def test_run_all_runs_every_call_at_once(run_all):
    """run_all 先 spawn 全部调用再等待：所有调用同时在进行
    run_all spawns every call before waiting: all of them are under way at once"""
    expect(run_all.in_flight == len(NAPS),
           f"run_all 同一时刻最多只有 {run_all.in_flight} 个调用在进行，应为 {len(NAPS)} 个。"
           "在循环里写 spawn(...).join() 会等上一个结束才开始下一个，又变回串行；直接调用 func 也一样。"
           "先把所有协程都 spawn 出来，再一次性 gevent.joinall(...)。",
           f"At most {run_all.in_flight} call(s) of run_all were under way at once; all "
           f"{len(NAPS)} should be. spawn(...).join() inside the loop waits for each call before "
           "starting the next: serial again, like calling func directly. Spawn every greenlet "
           "first, then gevent.joinall(...) once.")


def test_run_all_takes_about_the_longest_call(run_all):
    """run_all 用时接近最长的那个调用，而不是所有调用之和
    run_all takes about as long as its longest call, not the sum of all"""
    longest, total = max(NAPS), sum(NAPS)
    expect_time(run_all.seconds, at_least=longest, at_most=round(0.85 * total, 3),
                zh=f"run_all 用了 {run_all.seconds:.3f} 秒。调用分别睡 {NAPS} 秒：并发时约 {longest} 秒，"
                   f"一个接一个则至少 {total:g} 秒。先全部 spawn，再 joinall；不到 {longest} 秒说明没有等它们结束。",
                en=f"run_all took {run_all.seconds:.3f} s. The calls sleep {NAPS} s: about {longest} s "
                   f"when they overlap, at least {total:g} s one after another. Spawn them all, then "
                   f"joinall; under {longest} s means it did not wait for them.")


def _patched_note() -> tuple[str, str]:
    if monkey.is_module_patched("time"):
        return ("time.sleep 已经被打了补丁：本题不要调用 monkey.patch_all()，run_blocking 要演示的正是"
                "没打补丁的 time.sleep 会阻塞整个线程。",
                "time.sleep is patched here: do not call monkey.patch_all() in this topic; "
                "run_blocking is meant to show how the unpatched time.sleep blocks the thread.")
    return "", ""


def test_run_blocking_prints_each_greenlet_to_the_end(blocking):
    """run_blocking：time.sleep 不让出，输出 eating1 eating2 playing1 playing2
    run_blocking: time.sleep never yields, so it prints eating1 eating2 playing1 playing2"""
    zh, en = _patched_note()
    expect_lines(blocking.lines, ["eating1", "eating2", "playing1", "playing2"],
                 "run_blocking 的输出顺序不对：eat 和 play 都用没打补丁的 time.sleep，eat 睡觉时整个线程"
                 "都停着，play 要等 eat 结束才开始。" + zh,
                 "run_blocking printed the wrong order: eat and play both use the unpatched "
                 "time.sleep, so while eat sleeps the whole thread stops, and play starts only "
                 "after eat ends. " + en)


def test_run_blocking_takes_two_delays(blocking):
    """run_blocking 两次睡眠一个接一个，用时至少 2*delay
    run_blocking sleeps twice, one after the other: at least 2*delay"""
    zh, en = _patched_note()
    expect_time(blocking.seconds, at_least=2 * BLOCKING_DELAY,
                zh=f"run_blocking({BLOCKING_DELAY}) 只用了 {blocking.seconds:.3f} 秒，应至少 "
                   f"{2 * BLOCKING_DELAY:g} 秒：两个协程都要用 time.sleep(delay)，并且都要等它们结束。" + zh,
                en=f"run_blocking({BLOCKING_DELAY}) took only {blocking.seconds:.3f} s, at least "
                   f"{2 * BLOCKING_DELAY:g} s expected: both greenlets must sleep with "
                   "time.sleep(delay), and both must be waited for. " + en)


def test_run_cooperative_interleaves_the_greenlets(cooperative):
    """run_cooperative：gevent.sleep 让出，输出 eating1 playing1 eating2 playing2
    run_cooperative: gevent.sleep yields, so it prints eating1 playing1 eating2 playing2"""
    expect_lines(cooperative.lines, ["eating1", "playing1", "eating2", "playing2"],
                 "run_cooperative 的输出顺序不对：eat 在 gevent.sleep 处让出，play 趁机开始；"
                 "两个协程都要 spawn 出来，再一起等待。",
                 "run_cooperative printed the wrong order: eat yields at gevent.sleep and play "
                 "starts meanwhile; spawn both greenlets, then wait for both.")


def test_run_cooperative_takes_about_one_delay(cooperative):
    """run_cooperative 的两次睡眠重叠：用时约 delay，远小于 2*delay
    run_cooperative's two sleeps overlap: about delay, well under 2*delay"""
    d = COOPERATIVE_DELAY
    if cooperative.seconds >= 2 * d:
        zh = "这和一个接一个睡两次一样久：要用 gevent.sleep(delay)，它会让出给另一个协程；没打补丁的 time.sleep 不会。"
        en = ("That is as long as two sleeps in a row: sleep with gevent.sleep(delay), which yields to "
              "the other greenlet; the unpatched time.sleep does not.")
    else:
        zh = "两个协程各睡 delay 秒，睡眠互相重叠，并且要等它们都结束。"
        en = "Each greenlet sleeps delay seconds, the sleeps overlap, and both are waited for."
    expect_time(cooperative.seconds, at_least=d, at_most=round(1.8 * d, 3),
                zh=f"run_cooperative({d}) 用了 {cooperative.seconds:.3f} 秒，应约为 {d} 秒。" + zh,
                en=f"run_cooperative({d}) took {cooperative.seconds:.3f} s, about {d} s expected. " + en)
