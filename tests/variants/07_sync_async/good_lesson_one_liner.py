"""A right answer written as in the lesson: `from gevent import spawn, joinall, monkey;monkey.patch_all()`."""
# ruff: noqa: E402, E702, I001, UP031 - the lesson's own spelling
from gevent import spawn, joinall, monkey;monkey.patch_all()
import time


def task(i, delay=0.5):
    """
    Some non-deterministic task
    """
    time.sleep(delay)
    print('Task %s done' % i)


def synchronous(n=10, delay=0.5):  # 同步
    for i in range(n):
        task(i, delay)


def asynchronous(n=10, delay=0.5):  # 异步
    g_l = [spawn(task, i, delay) for i in range(n)]
    joinall(g_l)
    print('DONE')
