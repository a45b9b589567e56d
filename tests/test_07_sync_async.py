"""07_sync_async: n sleeping tasks take n*delay one after another, about delay as greenlets.

The student's module may patch, so it runs in a fresh interpreter of its own that nothing patched
before it (the `subject`, one per test module): synchronous, then asynchronous, each once, timed
by the judge (gevent's hub started beforehand, untimed). probes.sync_async records which greenlet
printed each line and when each greenlet started, so that printing the lines after one sleep is
not taken for n greenlets sleeping at once. n and delay are drawn afresh for every run. A part
that fails fails only the checks that read it.
"""

from __future__ import annotations

import re

import pytest
from kit import hidden
from kit.schedule import pictured

from kata.checks import CheckFailed, expect, expect_lines, expect_time, fail

TASK = r"Task \d+ done"


class Part:
    """One part, run once: the judge's reply, or the failure it met (every check reading it fails)."""

    def __init__(self, subject, name: str, n: int, delay: float) -> None:
        self.name, self.n, self.delay = name, n, delay
        subject.call("warm_up")  # gevent's hub starts here, untimed
        try:
            self.reply, self.failure = subject.call(name, timeout=4.0, n=n, delay=delay), None
        except CheckFailed as failure:
            self.reply, self.failure = None, failure

    def get(self) -> dict:
        if self.failure is not None:
            raise self.failure.with_traceback(None)  # re-raised by every check: keep it short
        return self.reply.value

    @property
    def seconds(self) -> float:
        self.get()
        return self.reply.seconds

    def pictured(self):
        """A failure inside shows the recorded schedule beside ours (kit/schedule.py)."""
        return pictured(self.get().get("schedule"), "07_sync_async", self.name, n=self.n, delay=self.delay)

    @property
    def tasks(self) -> list[str]:
        return [f"Task {i} done" for i in range(self.n)]


@pytest.fixture(scope="module")
def drawn() -> tuple[int, float]:
    """n tasks of delay seconds. Sleeps never end early, so a wrong answer's time has a floor
    (n*delay one after another); each upper bound below sits at least 2*delay (100 ms) above a
    right answer's time and under that floor."""
    return hidden.integer(4, 6), hidden.number(0.05, 0.055)


@pytest.fixture(scope="module")
def sync(subject, drawn) -> Part:
    return Part(subject, "synchronous", *drawn)


@pytest.fixture(scope="module")
def asyn(subject, drawn, sync) -> Part:
    return Part(subject, "asynchronous", *drawn)


def test_synchronous_prints_tasks_in_order(sync):
    """synchronous 按顺序打印 Task 0 done … Task n-1 done
    synchronous prints Task 0 done ... Task n-1 done in order"""
    n, d = sync.n, sync.delay
    expect_lines(sync.get()["lines"], sync.tasks,
                 f"synchronous({n}, {d}) 应依次调用 task(0) … task({n - 1})，每个打印一行 Task i done。",
                 f"synchronous({n}, {d}) must call task(0) ... task({n - 1}) in turn, each printing "
                 "one line, Task i done.")


def test_synchronous_takes_n_delays(sync):
    """synchronous 一个接一个：用时至少 n*delay
    synchronous runs one task after another: at least n*delay"""
    n, d, seconds = sync.n, sync.delay, sync.seconds
    expect_time(seconds, at_least=round(n * d, 3),
                zh=f"synchronous({n}, {d}) 只用了 {seconds:.3f} 秒，应至少 {n * d:g} 秒："
                   "每个 task 都要睡满 delay 秒，做完一个再做下一个（同步版本不要 spawn）。",
                en=f"synchronous({n}, {d}) took only {seconds:.3f} s, at least {n * d:g} s expected: "
                   "each task sleeps its full delay, one after the other (no spawn in the "
                   "synchronous version).")


def test_asynchronous_prints_every_task_then_done(asyn):
    """asynchronous 打印全部 n 个 Task i done，最后打印 DONE
    asynchronous prints all n Task i done lines, then DONE last"""
    lines, n, d = asyn.get()["lines"], asyn.n, asyn.delay
    if not (lines[-1:] == ["DONE"] and sorted(lines[:-1]) == sorted(asyn.tasks)):
        expect_lines(lines, asyn.tasks + ["DONE"],
                     f"asynchronous({n}, {d}) 应打印 {n} 行 Task i done（先后不限），最后一行是 DONE："
                     "joinall 等全部协程结束之后才能打印 DONE。",
                     f"asynchronous({n}, {d}) must print {n} lines Task i done (in any order) and "
                     "DONE last: print DONE only after joinall has waited for every greenlet.")


def _task_origins(part: Part) -> list[dict]:
    return [o for o in part.get()["origins"] if re.fullmatch(TASK, o["line"])]


def test_asynchronous_runs_each_task_in_its_own_greenlet(asyn):
    """asynchronous：每行 Task i done 由它自己的 gevent 协程打印，DONE 由主协程打印
    asynchronous: each Task i done line comes from a gevent greenlet of its own, DONE from the main greenlet"""
    n, d = asyn.n, asyn.delay
    how = (f"为 0 … {n - 1} 各 spawn 一个协程：gevent.spawn(task, i, delay)，再 joinall，"
           "最后在 asynchronous 里打印 DONE。",
           f"Spawn one greenlet for each of 0 ... {n - 1}: gevent.spawn(task, i, delay), then "
           "joinall, then print DONE in asynchronous itself.")
    tasks = _task_origins(asyn)
    expect(tasks, f"asynchronous({n}, {d}) 没有打印任何 Task i done。" + how[0],
           f"asynchronous({n}, {d}) printed no Task i done line. " + how[1])
    for o in tasks:
        expect(o["greenlet"] != "main" and o["gevent"],
               f"`{o['line']}` 是主协程直接打印的，不是在 gevent 协程里：睡一次再把所有行打印出来，"
               "不是异步。" + how[0],
               f"`{o['line']}` was printed by the main greenlet, not in a gevent greenlet: sleeping "
               "once and then printing every line is not asynchronous. " + how[1])
    labels = [o["greenlet"] for o in tasks]
    expect(len(set(labels)) == len(labels),
           f"{len(labels)} 行 Task i done 只来自 {len(set(labels))} 个协程：每个任务要在自己的协程里运行。" + how[0],
           f"{len(labels)} Task i done lines came from only {len(set(labels))} greenlet(s): each "
           "task must run in a greenlet of its own. " + how[1])
    done = [o for o in asyn.get()["origins"] if o["line"] == "DONE"]
    expect(done and all(o["greenlet"] == "main" for o in done),
           "DONE 应由 asynchronous 自己（主协程）在 joinall 之后打印，而不是在某个协程里打印。",
           "DONE must be printed by asynchronous itself (the main greenlet) after joinall, not "
           "inside a greenlet.")


def test_asynchronous_tasks_sleep_at_the_same_time(asyn):
    """asynchronous：n 个任务协程都开始睡了，才有第一个打印；每个都睡满 delay
    asynchronous: all n task greenlets are asleep before the first one prints, each for its delay"""
    with asyn.pictured():
        n, d = asyn.n, asyn.delay
        tasks = [o for o in _task_origins(asyn) if o["greenlet"] != "main" and o["gevent"]]
        greenlets = {o["greenlet"]: o for o in tasks}
        if len(greenlets) < n:
            fail(f"asynchronous({n}, {d}) 只有 {len(greenlets)} 个 gevent 协程打印了 Task i done，应有 {n} 个，"
                 "每个任务一个：先把 n 个 task 全部 spawn 出来，再 joinall。",
                 f"Only {len(greenlets)} gevent greenlet(s) of asynchronous({n}, {d}) printed Task i "
                 f"done; {n} should, one per task: spawn all n tasks first, then joinall.")
        first = min(o["at"] for o in tasks)
        late = [o for o in greenlets.values() if o["started"] is None or o["started"] >= first]
        if late:
            total, ready = len(greenlets), len(greenlets) - len(late)
            fail(f"第一行 Task i done 打印出来时，{total} 个任务协程里只有 {ready} 个已经开始了：任务没有同时进行。"
                 "在循环里 spawn(...).join() 会等一个结束再开始下一个；没打补丁的 time.sleep 不会让出，"
                 "一个协程会一直运行到结束。先全部 spawn 再 joinall，并让 task 的睡眠能够让出"
                 "（文件开头 monkey.patch_all()，或者用 gevent.sleep）。",
                 f"When the first Task i done line was printed, only {ready} of the {total} task "
                 "greenlets had started: the tasks did not run at the same time. spawn(...).join() in "
                 "the loop waits for each before starting the next; an unpatched time.sleep never "
                 "yields, so one greenlet runs to its end. Spawn them all, then joinall, and let the "
                 "sleep in task yield (monkey.patch_all() at the top of the file, or gevent.sleep).")
        short = [o for o in tasks if o["at"] - o["started"] < 0.9 * d]
        if short:
            o = short[0]
            ms = (o["at"] - o["started"]) * 1000
            fail(f"`{o['line']}` 在它的协程开始后 {ms:.0f} 毫秒就打印了，应先睡 delay = {d} 秒："
                 "每个 task 都要先睡满 delay。",
                 f"`{o['line']}` was printed {ms:.0f} ms after its greenlet started; it should sleep "
                 f"delay = {d} s first: every task sleeps its full delay before printing.")


def _why_serial(part: Part) -> tuple[str, str]:
    if not part.get()["time_patched"]:
        return ("time.sleep 没有打补丁：它会阻塞整个线程，协程之间无法切换。在文件最开头（其他 import 之前）"
                "调用 monkey.patch_all()，或者在 task 里改用 gevent.sleep。",
                "time.sleep is not patched: it blocks the whole thread, so no greenlet can run "
                "meanwhile. Call monkey.patch_all() at the very top of the file (before any other "
                "import), or sleep with gevent.sleep in task.")
    return ("time 已经打了补丁，任务却还是一个接一个：是不是在循环里 spawn(...).join()？应该先全部 spawn，"
            "再 joinall。另外，在打补丁之前 from time import sleep 拿到的仍是会阻塞的原函数。",
            "time is patched, yet the tasks ran one after another: spawn(...).join() inside the "
            "loop? Spawn them all first, then joinall. Also, a `from time import sleep` above the "
            "patch keeps the original, blocking function.")


def test_asynchronous_takes_about_one_delay(asyn):
    """asynchronous 的睡眠全部重叠：用时约 delay，而不是 n*delay
    asynchronous overlaps every sleep: about delay, not n*delay"""
    with asyn.pictured():
        n, d, seconds = asyn.n, asyn.delay, asyn.seconds
        zh, en = (_why_serial(asyn) if seconds >= n * d * 0.8 else
                  ("所有任务的睡眠应互相重叠，并且要等它们全部结束。",
                   "The tasks' sleeps must overlap, and all of them must be waited for."))
        expect_time(seconds, at_least=d, at_most=round(max(0.6 * n, 3) * d, 3),
                    zh=f"asynchronous({n}, {d}) 用了 {seconds:.3f} 秒，应约为 {d} 秒。" + zh,
                    en=f"asynchronous({n}, {d}) took {seconds:.3f} s, about {d} s expected. " + en)


def test_asynchronous_is_about_n_times_faster(sync, asyn):
    """同步与异步的用时之比约为 n
    the ratio synchronous / asynchronous is about n"""
    with asyn.pictured():
        n, slow, fast = asyn.n, sync.seconds, asyn.seconds
        ratio = slow / fast if fast else float("inf")
        zh, en = _why_serial(asyn) if ratio < 1.5 else ("", "")
        expect(ratio >= n / 2.5,
               f"同步/异步 = {slow:.3f} / {fast:.3f} 秒 = {ratio:.1f} 倍，{n} 个任务时应约为 {n} 倍"
               f"（至少 {n / 2.5:g}）。" + zh,
               f"sync/async = {slow:.3f} / {fast:.3f} s = {ratio:.1f}x; with {n} tasks it should be "
               f"about {n}x (at least {n / 2.5:g}). " + en,
               measured=round(ratio, 2))
