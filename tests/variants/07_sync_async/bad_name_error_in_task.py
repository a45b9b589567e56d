"""fails: test_synchronous_prints_tasks_in_order test_asynchronous_prints_every_task_then_done

A typo inside task (idx for i): every greenlet dies of a NameError after its sleep. gevent only
prints that to stderr, so the asynchronous checks must show the crash, not just the missing lines.
"""
# ruff: noqa: E402
from gevent import monkey

monkey.patch_all()

import time

import gevent


def task(i, delay=0.5):
    time.sleep(delay)
    print(f'Task {idx} done')


def synchronous(n=10, delay=0.5):
    for i in range(n):
        task(i, delay)


def asynchronous(n=10, delay=0.5):
    gevent.joinall([gevent.spawn(task, i, delay) for i in range(n)])
    print('DONE')
