"""05_gevent_spawn_join: spawn starts a call in a greenlet, join waits, value is its result.

The student's module runs in a process of its own (the `subject`); probes.gevent_spawn_join
calls it, records which greenlet printed each line and what each greenlet was set to run, and
counts how many of run_all's calls are under way at once. Every time is the judge's: the time of
the request, gevent's hub started beforehand by a request of its own. Each timed function runs
once per module, with delays, values and sizes drawn afresh for every run.
"""

from __future__ import annotations

import pytest
from kit import hidden
from kit.schedule import pictured

from kata.checks import CheckFailed, expect, expect_lines, expect_time, fail

# Sleeps never end early, so a wrong answer's time has a floor; each upper bound sits well under
# it, leaving a right answer all the slack a busy machine needs (about 0.1 s or more in every draw).
TOPIC = "05_gevent_spawn_join"
NAP_GRID = [0.05, 0.07, 0.09, 0.11, 0.13, 0.15]  # run_all's naps: 20 ms apart, so they end in order


def draw_naps() -> list[float]:
    """3 or 4 naps from NAP_GRID, the longest given first (it finishes last), the rest shuffled."""
    pool, naps = list(NAP_GRID), []
    for _ in range(hidden.integer(3, 4)):
        naps.append(pool.pop(hidden.integer(0, len(pool) - 1)))
    longest = max(naps)
    return [longest] + [n for n in naps if n != longest]


class Outcome:
    """One request's reply, or the failure it met: every check that reads it fails alike."""

    def __init__(self, subject, function: str, **params) -> None:
        self.function, self.params = function, params
        subject.call("warm_up")  # gevent's hub starts here, untimed
        try:
            self.reply, self.failure = subject.call(function, timeout=3.0, **params), None
        except CheckFailed as failure:
            self.reply, self.failure = None, failure

    def get(self):
        if self.failure is not None:
            raise self.failure.with_traceback(None)  # re-raised by every check: keep it short
        return self.reply

    def pictured(self):
        """A failure inside shows the recorded schedule beside ours (kit/schedule.py)."""
        return pictured(self.get().value.get("schedule"), TOPIC, self.function, **self.params)


@pytest.fixture(scope="module")
def spawned(subject) -> Outcome:
    return Outcome(subject, "spawn_with_args")


@pytest.fixture(scope="module")
def run_all(subject) -> Outcome:
    naps = draw_naps()
    return Outcome(subject, "run_all", naps=naps, values=[hidden.word() for _ in naps])


@pytest.fixture(scope="module")
def blocking(subject) -> Outcome:
    return Outcome(subject, "run_blocking", delay=hidden.number(0.04, 0.05))


@pytest.fixture(scope="module")
def cooperative(subject) -> Outcome:
    return Outcome(subject, "run_cooperative", delay=hidden.number(0.1, 0.11))


def test_add_sums_positional_and_keyword_arguments(subject):
    """add 把三个位置参数和 x、y 加起来（x、y 默认为 0）
    add sums three positional arguments and x, y (which default to 0)"""
    a, b, c, x, y = hidden.integers(5, -50, 100)
    calls = [[[a, b, c], {"x": x, "y": y}], [[a, b, c], {}], [[a, b, c], {"y": y}]]
    want = [a + b + c + x + y, a + b + c, a + b + c + y]
    got = subject.call("add", timeout=3.0, calls=calls).value
    shown = f"add({a}, {b}, {c}, x={x}, y={y})、add({a}, {b}, {c})、add({a}, {b}, {c}, y={y})"
    expect(got == want, f"{shown} 应为 {want}，实际是 {got}。",
           f"{shown.replace('、', ', ')} must be {want}; got {got}.")


def test_spawn_with_args_returns_the_greenlet_value(spawned):
    """spawn_with_args 返回协程的 value：add(1, 2, 3, x=4, y=5) 的结果 15
    spawn_with_args returns the greenlet's value: 15, the result of add(1, 2, 3, x=4, y=5)"""
    got = spawned.get().value["value"]
    expect(got == 15,
           f"spawn_with_args() 应返回 15，实际是 {got!r}。join() 之后，g.value 才是函数的返回值。",
           f"spawn_with_args() must return 15; got {got!r}. After join(), g.value holds the result.")


def test_spawn_with_args_runs_add_in_a_greenlet(spawned):
    """spawn_with_args 把 add 和参数 (1, 2, 3, x=4, y=5) 交给 spawn，在一个 gevent 协程里运行
    spawn_with_args hands add and (1, 2, 3, x=4, y=5) to spawn: add runs in a gevent greenlet"""
    ran = [g for g in spawned.get().value["greenlets"] if g["gevent"]]
    if not ran:
        fail("spawn_with_args 运行期间没有切换进任何 gevent 协程：add 是被直接调用的。"
             "用 g = gevent.spawn(add, 1, 2, 3, x=4, y=5) 创建协程，g.join() 等它结束。",
             "No gevent greenlet ran while spawn_with_args ran: add was called directly. Use "
             "g = gevent.spawn(add, 1, 2, 3, x=4, y=5) to make the greenlet and g.join() to wait.")
    adds = [g for g in ran if g["is_add"]]
    if not adds:
        names = ", ".join(sorted({g["run"] for g in ran}))
        fail(f"有 gevent 协程运行了，但它运行的不是 add 本身（而是 {names}）。把 add 和它的参数直接交给 spawn："
             "gevent.spawn(add, 1, 2, 3, x=4, y=5)，不要再包一层 lambda 或别的函数。",
             f"A gevent greenlet ran, but not add itself ({names}). Hand add and its arguments to "
             "spawn directly: gevent.spawn(add, 1, 2, 3, x=4, y=5), with no lambda or other "
             "function around it.")
    if not any(g["args"] == [1, 2, 3] and g["kwargs"] == {"x": 4, "y": 5} for g in adds):
        got = adds[0]
        call = ", ".join([*map(repr, got["args"]), *(f"{k}={v!r}" for k, v in got["kwargs"].items())])
        fail(f"协程运行的是 add({call})，应是 add(1, 2, 3, x=4, y=5)：位置参数照原样交给 spawn，"
             "x=4、y=5 也要作为关键字参数交给 spawn（spawn 会把它们原样转交给 add）。",
             f"The greenlet ran add({call}); add(1, 2, 3, x=4, y=5) was expected: hand the "
             "positional arguments to spawn as they are, and x=4, y=5 as keyword arguments too "
             "(spawn passes them on to add unchanged).")


def test_run_all_returns_values_in_input_order(run_all):
    """run_all 按输入顺序返回每个调用的返回值（即使后给的先结束）
    run_all returns each call's value in input order (even when later calls finish first)"""
    seen, naps = run_all.get().value, run_all.params["naps"]
    want = run_all.params["values"]
    expect(seen["value"] == want,
           f"run_all 应返回 {want}，实际是 {seen['value']!r}。这几个调用分别睡 {naps} 秒，第一个最后结束："
           "结果要按参数元组的顺序排列，而不是按结束的先后（按顺序取各个协程的 g.value）。",
           f"run_all must return {want}; got {seen['value']!r}. The calls sleep {naps} s, so the "
           "first one finishes last: order the values as the argument tuples were given, not as "
           "the calls finished (take each greenlet's g.value in order).")


def test_run_all_runs_every_call_at_once(run_all):
    """run_all 先 spawn 全部调用再等待：所有调用同时在进行
    run_all spawns every call before waiting: all of them are under way at once"""
    seen, n = run_all.get().value, len(run_all.params["naps"])
    expect(seen["in_flight"] == n,
           f"run_all 同一时刻最多只有 {seen['in_flight']} 个调用在进行，应为 {n} 个（一共调用了 "
           f"{seen['calls']} 次）。在循环里写 spawn(...).join() 会等上一个结束才开始下一个，又变回串行；"
           "直接调用 func 也一样。先把所有协程都 spawn 出来，再一次性 gevent.joinall(...)。",
           f"At most {seen['in_flight']} call(s) of run_all were under way at once; all {n} "
           f"should be ({seen['calls']} call(s) made in all). spawn(...).join() inside the loop "
           "waits for each call before starting the next: serial again, like calling func "
           "directly. Spawn every greenlet first, then gevent.joinall(...) once.")


def test_run_all_takes_about_the_longest_call(run_all):
    """run_all 用时接近最长的那个调用，而不是所有调用之和
    run_all takes about as long as its longest call, not the sum of all"""
    seconds, naps = run_all.get().seconds, run_all.params["naps"]
    longest, total = max(naps), round(sum(naps), 3)
    bound = round(longest + 0.8 * (total - longest), 3)  # one after another takes `total` at least
    expect_time(seconds, at_least=longest, at_most=bound,
                zh=f"run_all 用了 {seconds:.3f} 秒。调用分别睡 {naps} 秒：并发时约 {longest} 秒，"
                   f"一个接一个则至少 {total:g} 秒。先全部 spawn，再 joinall；不到 {longest} 秒说明没有等它们结束。",
                en=f"run_all took {seconds:.3f} s. The calls sleep {naps} s: about {longest} s when "
                   f"they overlap, at least {total:g} s one after another. Spawn them all, then "
                   f"joinall; under {longest} s means it did not wait for them.")


def _patched_note(seen: dict) -> tuple[str, str]:
    if seen["time_patched"]:
        return ("time.sleep 已经被打了补丁：本题不要调用 monkey.patch_all()，run_blocking 要演示的正是"
                "没打补丁的 time.sleep 会阻塞整个线程。",
                "time.sleep is patched here: do not call monkey.patch_all() in this topic; "
                "run_blocking is meant to show how the unpatched time.sleep blocks the thread.")
    return "", ""


@pytest.mark.parametrize("name", ["run_blocking", "run_cooperative"])
def test_eat_and_play_run_in_two_greenlets(name, request):
    """eat 和 play 真的在两个不同的 gevent 协程里运行：eating 行来自一个，playing 行来自另一个
    eat and play really run in two gevent greenlets: the eating lines from one, the playing lines from another"""
    seen = request.getfixturevalue({"run_blocking": "blocking", "run_cooperative": "cooperative"}[name]).get().value
    by = {}
    for origin in seen["origins"]:
        for who in ("eating", "playing"):
            if origin["line"].startswith(who):
                by.setdefault(who, set()).add((origin["greenlet"], origin["gevent"]))
    how = (f"在 {name} 里定义 eat 和 play 两个函数，用 gevent.spawn(eat)、gevent.spawn(play) "
           "各开一个协程，再一起等待。",
           f"Define two functions, eat and play, in {name}, start each in a greenlet of its own "
           "with gevent.spawn(eat) and gevent.spawn(play), then wait for both.")
    for who in ("eating", "playing"):
        expect(who in by, f"{name} 没有打印 {who}1、{who}2。" + how[0],
               f"{name} printed no {who}1, {who}2 lines. " + how[1])
    for who in ("eating", "playing"):
        labels = by[who]
        expect(len(labels) == 1,
               f"{name} 的 {who} 行来自 {len(labels)} 个不同的协程，应全部来自同一个协程。" + how[0],
               f"{name}'s {who} lines came from {len(labels)} different greenlets; all should come "
               "from one. " + how[1])
        (label, is_gevent), = labels
        expect(label != "main" and is_gevent,
               f"{name} 的 {who} 行是主协程直接打印的，没有任何 gevent 协程：只是按顺序打印、睡觉，"
               "演示不了协程。" + how[0],
               f"{name}'s {who} lines were printed by the main greenlet, not by a gevent greenlet: "
               "printing and sleeping in order shows nothing about greenlets. " + how[1])
    expect(by["eating"] != by["playing"],
           f"{name} 的 eating 行和 playing 行来自同一个协程：eat 和 play 要各在自己的协程里运行。" + how[0],
           f"{name}'s eating and playing lines came from the same greenlet: eat and play must "
           "each run in a greenlet of their own. " + how[1])


def test_run_blocking_prints_each_greenlet_to_the_end(blocking):
    """run_blocking：time.sleep 不让出，输出 eating1 eating2 playing1 playing2
    run_blocking: time.sleep never yields, so it prints eating1 eating2 playing1 playing2"""
    seen = blocking.get().value
    zh, en = _patched_note(seen)
    with blocking.pictured():
        expect_lines(seen["lines"], ["eating1", "eating2", "playing1", "playing2"],
                     "run_blocking 的输出顺序不对：eat 和 play 都用没打补丁的 time.sleep，eat 睡觉时整个线程"
                     "都停着，play 要等 eat 结束才开始。" + zh,
                     "run_blocking printed the wrong order: eat and play both use the unpatched "
                     "time.sleep, so while eat sleeps the whole thread stops, and play starts only "
                     "after eat ends. " + en)


def test_run_blocking_takes_two_delays(blocking):
    """run_blocking 两次睡眠一个接一个，用时至少 2*delay
    run_blocking sleeps twice, one after the other: at least 2*delay"""
    reply, d = blocking.get(), blocking.params["delay"]
    zh, en = _patched_note(reply.value)
    expect_time(reply.seconds, at_least=round(2 * d, 3),
                zh=f"run_blocking({d}) 只用了 {reply.seconds:.3f} 秒，应至少 {2 * d:g} 秒："
                   "两个协程都要用 time.sleep(delay)，并且都要等它们结束。" + zh,
                en=f"run_blocking({d}) took only {reply.seconds:.3f} s, at least {2 * d:g} s "
                   "expected: both greenlets must sleep with time.sleep(delay), and both must be "
                   "waited for. " + en)


def test_run_cooperative_interleaves_the_greenlets(cooperative):
    """run_cooperative：gevent.sleep 让出，输出 eating1 playing1 eating2 playing2
    run_cooperative: gevent.sleep yields, so it prints eating1 playing1 eating2 playing2"""
    with cooperative.pictured():
        expect_lines(cooperative.get().value["lines"], ["eating1", "playing1", "eating2", "playing2"],
                     "run_cooperative 的输出顺序不对：eat 在 gevent.sleep 处让出，play 趁机开始；"
                     "两个协程都要 spawn 出来，再一起等待。",
                     "run_cooperative printed the wrong order: eat yields at gevent.sleep and play "
                     "starts meanwhile; spawn both greenlets, then wait for both.")


def test_run_cooperative_takes_about_one_delay(cooperative):
    """run_cooperative 的两次睡眠重叠：用时约 delay，远小于 2*delay
    run_cooperative's two sleeps overlap: about delay, well under 2*delay"""
    seconds, d = cooperative.get().seconds, cooperative.params["delay"]
    if seconds >= 2 * d:
        zh = "这和一个接一个睡两次一样久：要用 gevent.sleep(delay)，它会让出给另一个协程；没打补丁的 time.sleep 不会。"
        en = ("That is as long as two sleeps in a row: sleep with gevent.sleep(delay), which yields to "
              "the other greenlet; the unpatched time.sleep does not.")
    else:
        zh = "两个协程各睡 delay 秒，睡眠互相重叠，并且要等它们都结束。"
        en = "Each greenlet sleeps delay seconds, the sleeps overlap, and both are waited for."
    with cooperative.pictured():
        expect_time(seconds, at_least=d, at_most=round(1.8 * d, 3),
                    zh=f"run_cooperative({d}) 用了 {seconds:.3f} 秒，应约为 {d} 秒。" + zh,
                    en=f"run_cooperative({d}) took {seconds:.3f} s, about {d} s expected. " + en)
