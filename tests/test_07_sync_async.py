"""07_sync_async: n sleeping tasks take n*delay one after another, about delay as greenlets.

The student's module may patch, so it runs once, in a fresh unpatched interpreter (`isolated`):
synchronous, then asynchronous, each timed and its output kept apart. A part that raises fails
only the checks that read it.
"""

from __future__ import annotations

import pytest

from kata.checks import CheckFailed, expect, expect_lines, expect_time

# Sleeps never end early, so a wrong answer's time has a floor; each upper bound sits just under it,
# leaving a right answer all the slack a busy machine needs.
N, DELAY = 5, 0.05

SNIPPET = f"""
import contextlib, io, time
from gevent import monkey
from kata.student import Module, describe_exception

student = Module(m, path)


def part(name):
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            start = time.perf_counter()
            getattr(student, name)({N}, {DELAY})
            seconds = time.perf_counter() - start
    except Exception as exc:
        return {{"failure": describe_exception(exc, path.parent).to_dict(),
                 "lines": out.getvalue().splitlines()}}
    return {{"seconds": seconds, "lines": out.getvalue().splitlines()}}


result = {{"sync": part("synchronous"), "async": part("asynchronous"),
           "time_patched": monkey.is_module_patched("time")}}
"""

TASKS = [f"Task {i} done" for i in range(N)]


@pytest.fixture(scope="module")
def run(isolated) -> dict:
    return isolated(SNIPPET, timeout=10).value


def part(run: dict, name: str) -> dict:
    """One part's outcome; the failure it met, if any, is this check's failure."""
    outcome = run[name]
    if "failure" in outcome:
        raise CheckFailed(**outcome["failure"], output=outcome["lines"][-40:])
    return outcome


def test_synchronous_prints_tasks_in_order(run):
    """synchronous 按顺序打印 Task 0 done … Task n-1 done
    synchronous prints Task 0 done ... Task n-1 done in order"""
    expect_lines(part(run, "sync")["lines"], TASKS,
                 f"synchronous({N}, {DELAY}) 应依次调用 task(0) … task({N - 1})，每个打印一行 Task i done。",
                 f"synchronous({N}, {DELAY}) must call task(0) ... task({N - 1}) in turn, each "
                 "printing one line, Task i done.")


def test_synchronous_takes_n_delays(run):
    """synchronous 一个接一个：用时至少 n*delay
    synchronous runs one task after another: at least n*delay"""
    seconds = part(run, "sync")["seconds"]
    expect_time(seconds, at_least=round(N * DELAY, 3),
                zh=f"synchronous({N}, {DELAY}) 只用了 {seconds:.3f} 秒，应至少 {N * DELAY:g} 秒："
                   "每个 task 都要睡满 delay 秒，做完一个再做下一个（同步版本不要 spawn）。",
                en=f"synchronous({N}, {DELAY}) took only {seconds:.3f} s, at least {N * DELAY:g} s "
                   "expected: each task sleeps its full delay, one after the other (no spawn in "
                   "the synchronous version).")


def test_asynchronous_prints_every_task_then_done(run):
    """asynchronous 打印全部 n 个 Task i done，最后打印 DONE
    asynchronous prints all n Task i done lines, then DONE last"""
    lines = part(run, "async")["lines"]
    if not (lines[-1:] == ["DONE"] and sorted(lines[:-1]) == sorted(TASKS)):
        expect_lines(lines, TASKS + ["DONE"],
                     f"asynchronous({N}, {DELAY}) 应打印 {N} 行 Task i done（先后不限），最后一行是 DONE："
                     "joinall 等全部协程结束之后才能打印 DONE。",
                     f"asynchronous({N}, {DELAY}) must print {N} lines Task i done (in any order) and "
                     "DONE last: print DONE only after joinall has waited for every greenlet.")


def _why_serial(run: dict) -> tuple[str, str]:
    if not run["time_patched"]:
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


def test_asynchronous_takes_about_one_delay(run):
    """asynchronous 的睡眠全部重叠：用时约 delay，而不是 n*delay
    asynchronous overlaps every sleep: about delay, not n*delay"""
    seconds = part(run, "async")["seconds"]
    zh, en = (_why_serial(run) if seconds >= N * DELAY * 0.8 else
              ("所有任务的睡眠应互相重叠，并且要等它们全部结束。",
               "The tasks' sleeps must overlap, and all of them must be waited for."))
    expect_time(seconds, at_least=DELAY, at_most=round(0.6 * N * DELAY, 3),
                zh=f"asynchronous({N}, {DELAY}) 用了 {seconds:.3f} 秒，应约为 {DELAY} 秒。" + zh,
                en=f"asynchronous({N}, {DELAY}) took {seconds:.3f} s, about {DELAY} s expected. " + en)


def test_asynchronous_is_about_n_times_faster(run):
    """同步与异步的用时之比约为 n
    the ratio synchronous / asynchronous is about n"""
    sync, asyn = part(run, "sync")["seconds"], part(run, "async")["seconds"]
    ratio = sync / asyn if asyn else float("inf")
    zh, en = _why_serial(run) if ratio < 1.5 else ("", "")
    expect(ratio >= N / 2.5,
           f"同步/异步 = {sync:.3f} / {asyn:.3f} 秒 = {ratio:.1f} 倍，{N} 个任务时应约为 {N} 倍"
           f"（至少 {N / 2.5:g}）。" + zh,
           f"sync/async = {sync:.3f} / {asyn:.3f} s = {ratio:.1f}x; with {N} tasks it should be "
           f"about {N}x (at least {N / 2.5:g}). " + en,
           measured=round(ratio, 2))
