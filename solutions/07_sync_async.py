"""07 Gevent 之同步与异步 / gevent: synchronous vs asynchronous

同步：一个任务做完才开始下一个，n 个各睡 delay 秒的任务要 n*delay 秒。异步：把 n 个任务都
spawn 成协程，再 joinall 一起等；每个任务睡觉时让出，睡眠全部重叠，总共只要约 delay 秒。
任务里的睡眠必须能让出：要么在文件最开头 monkey.patch_all()，让 time.sleep 变成协作式的；
要么直接用 gevent.sleep。忘了这一点，“异步”版本照样一个接一个地跑。

Synchronous: each task starts when the previous one is done, so n tasks sleeping delay seconds
take n*delay. Asynchronous: spawn all n tasks as greenlets, then joinall; each task yields while
it sleeps, the sleeps all overlap, and the whole takes about delay. The sleep must be one that
yields: either monkey.patch_all() at the very top, which makes time.sleep cooperative, or
gevent.sleep. Forget that and the "asynchronous" version still runs one task after another.

任务：按各自的文档字符串写出 task、synchronous 和 asynchronous。
Task: write task, synchronous and asynchronous as their docstrings say.
"""

# ruff: noqa: E402 - every import below must come after the patch
from gevent import monkey

monkey.patch_all()

import time

import gevent


def task(i: int, delay: float = 0.5) -> None:
    """睡 delay 秒（time.sleep），然后打印 `Task i done`。

    Sleep delay seconds (time.sleep), then print `Task i done`.
    """
    time.sleep(delay)  # patched above: yields to the other greenlets
    print(f'Task {i} done')


def synchronous(n: int = 10, delay: float = 0.5) -> None:
    """同步：依次调用 task(0, delay) … task(n-1, delay)，一个做完再做下一个。

    Synchronous: call task(0, delay) ... task(n-1, delay) in turn, each after the previous ends.
    """
    for i in range(n):
        task(i, delay)


def asynchronous(n: int = 10, delay: float = 0.5) -> None:
    """异步：为 0 … n-1 各 spawn 一个 task 协程（它们同时睡），joinall 等它们全部结束，
    最后由 asynchronous 自己打印 DONE。

    Asynchronous: spawn a task greenlet for each of 0 ... n-1 (they sleep at the same time),
    joinall, then print DONE from asynchronous itself.
    """
    gevent.joinall([gevent.spawn(task, i, delay) for i in range(n)])
    print('DONE')
