"""12_gevent_toolkit (bonus): Pool, Queue, Event, BoundedSemaphore and Timeout, each really used.

The student's module runs in a process of its own (the `subject`); probes.gevent_toolkit calls
each function once with functions of ours that count how many of their calls are under way at
once and note the greenlet each runs in, and looks, from outside the student's logic, at the
gevent objects the call made (a Pool's greenlets, a Queue's waiting items, an Event's waiters, a
BoundedSemaphore's counter). Every time is the judge's, gevent's hub started beforehand,
untimed. Sizes, delays and values are drawn afresh for every run; a part that fails fails only
the checks that read it.
"""

from __future__ import annotations

import heapq
import math

import pytest
from kit import hidden

from kata.checks import CheckFailed, expect, expect_time, fail


class Part:
    """One request, made once: the judge's reply, or the failure it met (every check reading it
    fails alike)."""

    def __init__(self, subject, probe: str, **params) -> None:
        self.params = params
        subject.call("warm_up")  # gevent's hub starts here, untimed
        try:
            self.reply, self.failure = subject.call(probe, timeout=4.0, **params), None
        except CheckFailed as failure:
            self.reply, self.failure = None, failure

    @property
    def seen(self) -> dict:
        if self.failure is not None:
            raise self.failure.with_traceback(None)  # re-raised by every check: keep it short
        return self.reply.value

    @property
    def seconds(self) -> float:
        self.seen  # noqa: B018 - raises the part's failure, if it met one
        return self.reply.seconds


def in_turn(naps: list[float], limit: int) -> float:
    """How long the naps take when started in input order, each as soon as one of `limit`
    slots is free (what a Pool does)."""
    slots = [0.0] * limit
    for nap in naps:
        heapq.heappush(slots, heapq.heappop(slots) + nap)
    return max(slots)


def drawn_naps(n: int, nap: float) -> list[float]:
    """n naps of `nap` seconds, but the first twice as long: it ends after later ones, so
    results in the order calls finished are not the input order."""
    return [round(2 * nap, 3)] + [nap] * (n - 1)


# -- with_deadline (first: its slow call may still run meanwhile; the checks of its fate are last)
@pytest.fixture(scope="module")
def deadline() -> dict:
    seconds = hidden.number(0.06, 0.08)
    return {"seconds": seconds, "late": round(seconds + 0.2, 3), "value": hidden.word(),
            "default": hidden.word()}


@pytest.fixture(scope="module")
def quick(subject, deadline) -> Part:
    return Part(subject, "deadline_fast", nap=0.01, seconds=deadline["seconds"],
                value=deadline["value"], default=deadline["default"])


@pytest.fixture(scope="module")
def slow(subject, deadline) -> Part:
    return Part(subject, "deadline_slow", nap=deadline["late"], seconds=deadline["seconds"],
                default=deadline["default"])


def test_with_deadline_returns_the_result_in_time(quick, deadline):
    """with_deadline：func 在期限内结束，就返回 func() 的结果
    with_deadline: when func ends in time, it returns what func returned"""
    seen, s = quick.seen, deadline["seconds"]
    expect(seen["is_value"],
           f"func 只用 0.01 秒就返回了 {deadline['value']!r}（期限 {s} 秒），with_deadline 应返回它，"
           f"实际返回 {seen['value']}。",
           f"func returned {deadline['value']!r} after 0.01 s (deadline {s} s); with_deadline "
           f"must return it, got {seen['value']}.")


def test_with_deadline_returns_default_when_too_slow(slow, deadline):
    """with_deadline：func 超过期限，就返回 default（default 默认为 None）
    with_deadline: when func takes too long, it returns default (which defaults to None)"""
    seen, s = slow.seen, deadline["seconds"]
    expect(seen["is_default"],
           f"func 要睡 {deadline['late']} 秒，超过了期限 {s} 秒：with_deadline 应返回 default = "
           f"{deadline['default']!r}，实际返回 {seen['value']}。",
           f"func sleeps {deadline['late']} s, past the {s} s deadline: with_deadline must return "
           f"default = {deadline['default']!r}; got {seen['value']}.")
    expect(seen["default_none"],
           "with_deadline 的参数 default 应默认为 None：def with_deadline(func, seconds, default=None)。",
           "with_deadline's default parameter must default to None: "
           "def with_deadline(func, seconds, default=None).")


def test_with_deadline_gives_up_after_seconds(slow, deadline):
    """with_deadline 在 seconds 秒时放弃等待，不等慢调用结束
    with_deadline gives up at the deadline, without waiting for the slow call"""
    s, late, seconds = deadline["seconds"], deadline["late"], slow.seconds
    expect_time(seconds, at_least=round(s - 0.002, 3), at_most=round(s + 0.75 * (late - s), 3),
                zh=f"with_deadline(func, {s}) 用了 {seconds:.3f} 秒：func 要睡 {late} 秒，应在约 {s} 秒时放弃"
                   "并返回 default。用 gevent.Timeout(seconds) 给 func() 设期限。",
                en=f"with_deadline(func, {s}) took {seconds:.3f} s: func sleeps {late} s, so it should "
                   f"give up at about {s} s and return default. Put a gevent.Timeout(seconds) around "
                   "func().")


# -- bounded_map ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def mapped(subject) -> Part:
    """3*limit calls, so 3 rounds or so: the time of a Pool sits far from both one round (no
    bound) and one call after another."""
    limit = hidden.integer(2, 3)
    naps = drawn_naps(3 * limit, hidden.number(0.05, 0.06))
    return Part(subject, "bounded_map", naps=naps, values=[hidden.word() for _ in naps], limit=limit)


def test_bounded_map_returns_results_in_input_order(mapped):
    """bounded_map 按输入顺序返回每个 func(item) 的结果（即使后面的先结束）
    bounded_map returns each func(item) in input order (even when later ones finish first)"""
    want, got = mapped.params["values"], mapped.seen["value"]
    expect(got == want,
           f"bounded_map 应返回 {want}，实际是 {got}。第一个调用睡得最久、最后结束：结果要按 items 的顺序排列，"
           "而不是按结束的先后（例如按顺序取每个协程的 .value，或者用 pool.map）。",
           f"bounded_map must return {want}; got {got}. The first call sleeps longest and ends "
           "last: order the results as the items came, not as the calls finished (take each "
           "greenlet's .value in order, or use pool.map).")


def test_bounded_map_never_runs_more_than_limit_at_once(mapped):
    """bounded_map 同一时刻最多 limit 个 func 在运行
    bounded_map never has more than limit calls of func under way at once"""
    seen, limit, n = mapped.seen, mapped.params["limit"], len(mapped.params["naps"])
    expect(seen["in_flight"] <= limit,
           f"bounded_map(func, {n} 个 item, limit={limit}) 同一时刻有 {seen['in_flight']} 个 func 在运行，"
           f"最多只能有 {limit} 个。用 gevent.pool.Pool(limit) 来 spawn：池满时 pool.spawn 会等待空位。"
           "gevent.spawn、不带大小的 Pool() 或 Group() 都不限制数量。",
           f"bounded_map(func, {n} items, limit={limit}) had {seen['in_flight']} calls of func "
           f"under way at once; at most {limit} may be. Spawn through gevent.pool.Pool(limit): "
           "when it is full, pool.spawn waits for a free slot. gevent.spawn, a Pool() without "
           "a size, or a Group() bound nothing.")


def test_bounded_map_keeps_limit_calls_running(mapped):
    """bounded_map 真的同时运行 limit 个调用，而不是一个接一个
    bounded_map really keeps limit calls under way together, not one after another"""
    seen, limit = mapped.seen, mapped.params["limit"]
    expect(seen["in_flight"] >= limit,
           f"bounded_map 同一时刻最多只有 {seen['in_flight']} 个 func 在运行（一共调用了 {seen['calls']} 次），"
           f"应有 {limit} 个同时进行。先把所有 item 都交给 pool.spawn，最后再一起等待（joinall）；"
           "在循环里 spawn(...).join() 或直接调用 func 就又变回串行了。",
           f"bounded_map had at most {seen['in_flight']} call(s) of func under way at once "
           f"({seen['calls']} made in all); {limit} should run together. Hand every item to "
           "pool.spawn first, then wait for them all (joinall); spawn(...).join() in the loop, "
           "or calling func directly, is serial again.")


def test_bounded_map_uses_a_pool_of_size_limit(mapped):
    """bounded_map 的每个调用都运行在一个大小为 limit 的 gevent.pool.Pool 的协程里
    bounded_map runs every call in a greenlet of one gevent.pool.Pool of size limit"""
    seen, limit = mapped.seen, mapped.params["limit"]
    homes = seen["homes"]
    expect(homes, "bounded_map 一次都没有调用 func。", "bounded_map never called func.")
    outside = [h for h in homes if not h["pool"]]
    if outside:
        where = outside[0]["group"]
        zh = f"一个 {where}，不是 Pool" if where else "不属于任何 Pool"
        en = f"a {where}, not a Pool" if where else "in no Pool"
        fail(f"bounded_map 有 {len(outside)} 次调用所在的协程{zh}。用 pool = gevent.pool.Pool(limit)，"
             "再用 pool.spawn(func, item)（或 pool.map / pool.imap）运行每个调用。",
             f"{len(outside)} call(s) of bounded_map ran in a greenlet {en}. Make "
             "pool = gevent.pool.Pool(limit) and run each call with pool.spawn(func, item) (or "
             "pool.map / pool.imap).")
    sizes = sorted({h["size"] for h in homes}, key=str)
    if None in sizes:
        fail(f"bounded_map 的调用运行在一个没有大小的 Pool 里：Pool() 不限制同时运行的数量。应为 Pool({limit})。",
             f"bounded_map's calls ran in a Pool without a size: Pool() bounds nothing. "
             f"Pool({limit}) was expected.")
    expect(sizes == [limit],
           f"bounded_map 的调用运行在大小为 {sizes} 的 Pool 里，应为 Pool({limit})：池的大小就是同时运行的上限。",
           f"bounded_map's calls ran in a Pool of size {sizes}; Pool({limit}) was expected: the "
           "pool's size is the limit on calls at once.")


def test_bounded_map_takes_about_ceil_n_over_limit_rounds(mapped):
    """bounded_map 用时约 ceil(n/limit) 轮：比一轮长（有上限），比一个接一个短得多
    bounded_map takes about ceil(n/limit) rounds: longer than one round, far shorter than one by one"""
    naps, limit, seconds = mapped.params["naps"], mapped.params["limit"], mapped.seconds
    n, total = len(naps), round(sum(naps), 3)
    floor = round(max(max(naps), total / limit) - 0.002, 3)  # no schedule of limit at once is faster
    pooled = in_turn(naps, limit)
    bound = round(pooled + 0.8 * (total - pooled), 3)  # one after another takes `total` at least
    expect_time(seconds, at_least=floor, at_most=bound,
                zh=f"bounded_map 处理 {n} 个 item（各睡 {naps} 秒）、limit={limit}，用了 {seconds:.3f} 秒。"
                   f"Pool({limit}) 约需 {pooled:.3f} 秒（约 {math.ceil(n / limit)} 轮）；一个接一个至少 {total:g} 秒；"
                   f"少于 {floor:g} 秒说明同时运行的超过了 {limit} 个，或者没有等它们全部结束。",
                en=f"bounded_map took {seconds:.3f} s for {n} items (sleeping {naps} s) with "
                   f"limit={limit}. Pool({limit}) needs about {pooled:.3f} s (about "
                   f"{math.ceil(n / limit)} rounds); one after another, {total:g} s at least; under "
                   f"{floor:g} s means more than {limit} ran at once, or not all were waited for.")


# -- pipeline -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def piped(subject) -> Part:
    """workers + 2 items: every consumer gets one at once, two get a second; no time is judged."""
    workers = hidden.integer(2, 4)
    naps = drawn_naps(workers + 2, hidden.number(0.04, 0.05))
    return Part(subject, "pipeline", naps=naps, values=[hidden.word() for _ in naps], workers=workers)


def test_pipeline_returns_results_in_input_order(piped):
    """pipeline 按输入顺序返回 [work(item) ...]
    pipeline returns [work(item) ...] in input order"""
    want, got = piped.params["values"], piped.seen["value"]
    expect(got == want,
           f"pipeline 应返回 {want}，实际是 {got}。几个消费者同时干活，结束的先后和 items 的顺序不同："
           "按 item 的位置把结果放回去（例如队列里放 (下标, item)）。",
           f"pipeline must return {want}; got {got}. Several consumers work at once, so they "
           "finish out of order: put each result back at its item's position (e.g. queue "
           "(index, item) pairs).")


def test_pipeline_runs_work_in_workers_consumer_greenlets(piped):
    """work 只在 workers 个消费者协程里运行：不是一个，也不是每个 item 一个
    work runs in exactly workers consumer greenlets: not one, not one per item"""
    seen, workers, n = piped.seen, piped.params["workers"], len(piped.params["naps"])
    how = ("先 spawn 一个生产者协程往队列里放 item，再 spawn workers 个消费者协程，每个都循环 queue.get()、"
           "调用 work，直到取到结束标记。",
           "Spawn one producer greenlet that puts the items on the queue, and workers consumer "
           "greenlets that each loop on queue.get() and call work, until they take an end marker.")
    expect(seen["in_main"] == 0,
           "work 是在主协程里被调用的，不在任何消费者协程里。" + how[0],
           "work was called in the main greenlet, not in a consumer greenlet. " + how[1])
    expect(seen["greenlets"] == workers,
           f"pipeline(items, work, workers={workers}) 的 {n} 次 work 调用分布在 {seen['greenlets']} 个协程里，"
           f"应正好是 {workers} 个消费者协程（workers 是几就开几个，每个处理多个 item）。" + how[0],
           f"pipeline(items, work, workers={workers}) made its {n} calls of work in "
           f"{seen['greenlets']} greenlet(s); exactly {workers} consumer greenlets should (as "
           "many as workers says, each handling several items). " + how[1])


def test_pipeline_consumers_work_at_the_same_time(piped):
    """workers 个消费者同时在调用 work（work 睡觉时让出）
    the workers consumers call work at the same time (work yields while it sleeps)"""
    seen, workers = piped.seen, piped.params["workers"]
    expect(seen["in_flight"] <= workers,
           f"同一时刻有 {seen['in_flight']} 个 work 在运行，超过了 workers = {workers}：work 应只在 {workers} 个"
           "消费者协程里运行，每个消费者做完一个再从队列取下一个；不要为每个 item 开一个协程。",
           f"{seen['in_flight']} calls of work were under way at once, more than workers = {workers}: "
           f"work runs only in the {workers} consumer greenlets, each taking the next item from the "
           "queue when done with one; no greenlet per item.")
    expect(seen["in_flight"] == workers,
           f"同一时刻最多有 {seen['in_flight']} 个 work 在运行，应为 workers = {workers} 个："
           "消费者要同时从队列取活。是不是只开了一个消费者，或者消费者一个接一个地 join？",
           f"At most {seen['in_flight']} call(s) of work were under way at once; workers = "
           f"{workers} should be: the consumers take work from the queue at the same time. Was "
           "there only one consumer, or were the consumers joined one after another?")


def test_pipeline_passes_items_through_a_queue(piped):
    """item 经过一个 gevent.queue.Queue 从生产者交给消费者
    items go from the producer to the consumers through a gevent.queue.Queue"""
    seen = piped.seen
    expect(seen["queues"],
           "pipeline 运行时没有建立任何 gevent.queue.Queue：生产者要把 item 放进 Queue（queue.put），"
           "消费者从 Queue 里取（queue.get）。",
           "pipeline made no gevent.queue.Queue while it ran: the producer puts the items on a "
           "Queue (queue.put) and the consumers take them from it (queue.get).")
    expect(seen["waiting"] > 0,
           f"pipeline 建立了 {seen['queues']}，但 work 运行期间队列里从来没有等着的 item："
           "生产者要把 item 放进这个队列，消费者从里面取。",
           f"pipeline made {seen['queues']}, yet no item ever waited in it while work ran: the "
           "producer puts the items on that queue and the consumers take them from it.")


# -- starting_gun ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def gun(subject) -> Part:
    return Part(subject, "starting_gun", n=hidden.integer(3, 6), delay=hidden.number(0.06, 0.08))


SPREAD = 0.03  # s: greenlets woken by one set() wake within microseconds; this is slack


def test_starting_gun_wakes_all_n_together_after_delay(gun):
    """starting_gun 返回 n 个醒来时刻，都在 delay 之后，彼此相差不过几毫秒
    starting_gun returns n wake times, all after delay, within a few ms of each other"""
    seen, n, d = gun.seen, gun.params["n"], gun.params["delay"]
    offsets = seen["offsets"]
    expect(offsets is not None and len(offsets) == n,
           f"starting_gun({n}, {d}) 应返回 {n} 个 time.perf_counter() 时刻组成的列表，实际是 {seen['value']}。",
           f"starting_gun({n}, {d}) must return a list of {n} time.perf_counter() times; got "
           f"{seen['value']}.")
    early = [t for t in offsets if t < d - 0.002]
    expect(not early,
           f"有 {len(early)} 个协程在调用开始后 {min(offsets) * 1000:.0f} 毫秒就醒了，应至少等 delay = {d} 秒："
           "先 spawn 所有协程让它们 event.wait()，gevent.sleep(delay) 之后再 event.set()。",
           f"{len(early)} greenlet(s) woke {min(offsets) * 1000:.0f} ms after the call began; they "
           f"must wait delay = {d} s: spawn them all to event.wait(), then gevent.sleep(delay), "
           "then event.set().")
    spread = max(offsets) - min(offsets)
    expect(spread <= SPREAD,
           f"{n} 个协程醒来的时刻相差 {spread * 1000:.0f} 毫秒，应只差几毫秒："
           "一次 event.set() 同时放行所有等待的协程。",
           f"The {n} greenlets woke {spread * 1000:.0f} ms apart; they should wake within a few "
           "ms: one event.set() lets every waiter go at once.")


def test_starting_gun_takes_delay(gun):
    """starting_gun 至少等 delay 秒才放行，并等所有协程醒来后返回
    starting_gun waits delay seconds before letting go, and returns once all woke"""
    n, d, seconds = gun.params["n"], gun.params["delay"], gun.seconds
    expect_time(seconds, at_least=round(d - 0.002, 3), at_most=round(d + 0.3, 3),
                zh=f"starting_gun({n}, {d}) 用了 {seconds:.3f} 秒，应约为 {d} 秒：gevent.sleep(delay) 之后 set()，"
                   "再 joinall 等所有协程醒来。",
                en=f"starting_gun({n}, {d}) took {seconds:.3f} s, about {d} s expected: set() after "
                   "gevent.sleep(delay), then joinall to wait until every greenlet woke.")


def test_starting_gun_greenlets_wait_on_one_event(gun):
    """n 个协程都在等同一个 gevent.event.Event（delay 过半时它还没 set）
    the n greenlets all wait on one gevent.event.Event (not yet set halfway through delay)"""
    seen, n, d = gun.seen, gun.params["n"], gun.params["delay"]
    waiting = [e for e in seen["events"] if not e["set"] and e["waiters"] >= 1]
    counts = [e["waiters"] for e in waiting]
    how = ("建一个 gevent.event.Event()，每个协程里调用 event.wait()；主协程 gevent.sleep(delay) 之后 "
           "event.set() 一次。",
           "Make one gevent.event.Event(), call event.wait() in every greenlet; the main greenlet "
           "sleeps delay with gevent.sleep, then calls event.set() once.")
    if not seen["events"]:
        fail(f"starting_gun({n}, {d}) 运行到一半时，没有任何 gevent.event.Event：协程要等一个事件，"
             "而不是各睡各的。" + how[0],
             f"Halfway through starting_gun({n}, {d}) there was no gevent.event.Event: the "
             "greenlets must wait on an event, not each sleep on its own. " + how[1])
    expect(n in counts,
           f"starting_gun({n}, {d}) 运行到一半时，没有一个还没 set 的 Event 上有 {n} 个协程在等"
           f"（看到的等待者数：{counts or [0]}）。{n} 个协程要等同一个 Event，并且在 delay 之后才 set。" + how[0],
           f"Halfway through starting_gun({n}, {d}) no Event that was not yet set had {n} "
           f"greenlets waiting (waiters seen: {counts or [0]}). All {n} must wait on one Event, "
           "set only after delay. " + how[1])


# -- guarded --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def guard(subject) -> Part:
    """n = 3k greenlets: 3 rounds of k when the semaphore lets k in at once, one round without it."""
    k = hidden.integer(2, 3)
    return Part(subject, "guarded", n=3 * k, k=k, hold=hidden.number(0.04, 0.05))


def test_guarded_returns_k(guard):
    """guarded 返回同一时刻在里面的最大人数：n > k 时正好是 k
    guarded returns the most greenlets ever inside at once: exactly k when n > k"""
    seen, n, k = guard.seen, guard.params["n"], guard.params["k"]
    expect(seen["is_k"],
           f"guarded({n}, {k}, hold) 应返回 {k}（信号量最多放 {k} 个进去，而有 {n} 个在排队），实际返回 "
           f"{seen['value']}。在 with sem: 里面进门时加一、出门前减一，记下最大值。",
           f"guarded({n}, {k}, hold) must return {k} (the semaphore lets {k} in, and {n} queue "
           f"up); got {seen['value']}. Inside `with sem:`, count up on the way in and down on the "
           "way out, and keep the largest count.")


def test_guarded_lets_k_in_through_a_bounded_semaphore(guard):
    """协程们真的在排队进同一个 gevent.lock.BoundedSemaphore(k)：里面 k 个，外面有人等
    the greenlets really queue for one gevent.lock.BoundedSemaphore(k): k inside, others waiting"""
    seen, n, k = guard.seen, guard.params["n"], guard.params["k"]
    how = (f"建一个 sem = gevent.lock.BoundedSemaphore({k})，{n} 个协程各自 with sem: gevent.sleep(hold)。",
           f"Make sem = gevent.lock.BoundedSemaphore({k}); each of the {n} greenlets does "
           "`with sem: gevent.sleep(hold)`.")
    sems = seen["semaphores"]
    expect(sems, f"guarded({n}, {k}, hold) 运行时没有任何 gevent.lock.BoundedSemaphore。" + how[0],
           f"guarded({n}, {k}, hold) made no gevent.lock.BoundedSemaphore while it ran. " + how[1])
    right = [s for s in sems if s["initial"] == k]
    expect(right, f"guarded 建的 BoundedSemaphore 初始值是 {[s['initial'] for s in sems]}，应为 k = {k}。",
           f"guarded's BoundedSemaphore started at {[s['initial'] for s in sems]}; k = {k} was "
           "expected.")
    used = max(right, key=lambda s: (s["inside"], s["waiting"]))
    expect(used["inside"] > 0,
           f"guarded 建了 BoundedSemaphore({k})，但从来没有协程进去过：每个协程都要 with sem: 之后再睡。",
           f"guarded made a BoundedSemaphore({k}), but no greenlet ever went in: each greenlet "
           "must sleep inside `with sem:`.")
    expect(used["inside"] == k and used["waiting"] >= 1,
           f"BoundedSemaphore({k}) 里同一时刻最多只有 {used['inside']} 个协程，门外最多 {used['waiting']} 个在等："
           f"应有 {k} 个在里面 gevent.sleep(hold)，其余的在门外等。协程要先全部 spawn，再在 with sem: 里睡。",
           f"At most {used['inside']} greenlet(s) were inside BoundedSemaphore({k}) at once, and "
           f"at most {used['waiting']} waited at the door: {k} should be inside, sleeping with "
           "gevent.sleep(hold), and the rest waiting. Spawn them all first, and sleep inside "
           "`with sem:`.")


def test_guarded_takes_n_over_k_holds(guard):
    """guarded 用时约 (n/k)*hold：每次只放 k 个进去
    guarded takes about (n/k)*hold: k at a time"""
    n, k, hold, seconds = guard.params["n"], guard.params["k"], guard.params["hold"], guard.seconds
    rounds = math.ceil(n / k)
    least, serial = round(rounds * hold, 3), round(n * hold, 3)
    expect_time(seconds, at_least=round(least - 0.002, 3), at_most=round(least + 0.8 * (serial - least), 3),
                zh=f"guarded({n}, {k}, {hold}) 用了 {seconds:.3f} 秒。每次 {k} 个、每个睡 {hold} 秒，共 {rounds} 轮，"
                   f"约 {least:g} 秒；少于这个说明同时进去的超过 {k} 个（没有信号量把门），"
                   f"接近 {serial:g} 秒说明一个接一个地进。",
                en=f"guarded({n}, {k}, {hold}) took {seconds:.3f} s. {k} at a time, each sleeping "
                   f"{hold} s, is {rounds} rounds, about {least:g} s; less means more than {k} were "
                   f"inside at once (no semaphore at the door); near {serial:g} s means one at a time.")


# -- with_deadline, later: did the slow call run on after the deadline? --------------------------
@pytest.fixture(scope="module")
def aftermath(subject, slow) -> Part:
    if slow.failure is not None:  # nothing to come back to: its checks fail with slow's failure
        return slow
    return Part(subject, "deadline_after")


def test_with_deadline_cancels_the_slow_call(aftermath, deadline):
    """超时之后慢调用被取消：它不会在后台继续运行到结束
    after the deadline the slow call is cancelled: it does not run on to its end in the background"""
    seen = aftermath.seen
    expect(not seen["finished"],
           f"with_deadline 返回之后，那个慢调用仍在后台运行，{deadline['late']} 秒后照样跑完了："
           "只是不再等它，并没有取消它。g.join(timeout) 只是停止等待；用 gevent.Timeout 在 func 里"
           "抛出异常，才能把它真正打断。",
           f"After with_deadline returned, the slow call ran on in the background and finished "
           f"after {deadline['late']} s: it was no longer waited for, but never cancelled. "
           "g.join(timeout) only stops waiting; a gevent.Timeout raised inside func is what "
           "really interrupts it.")


def test_with_deadline_uses_gevent_timeout(aftermath, deadline):
    """慢调用是被 gevent.Timeout 打断的
    the slow call is interrupted by a gevent.Timeout"""
    seen = aftermath.seen
    got = seen["interrupted"]
    expect(seen["timeout"],
           f"慢调用{'被 ' + got + ' 打断' if got else '没有被打断'}，应被 gevent.Timeout 打断："
           "with gevent.Timeout(seconds, False): return func()，然后 return default"
           "（或 gevent.with_timeout(seconds, func, timeout_value=default)）。",
           f"The slow call was {'interrupted by ' + got if got else 'never interrupted'}; a "
           "gevent.Timeout should interrupt it: with gevent.Timeout(seconds, False): return "
           "func(), then return default (or gevent.with_timeout(seconds, func, "
           "timeout_value=default)).")
