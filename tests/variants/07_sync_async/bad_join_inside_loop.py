"""fails: test_asynchronous_tasks_sleep_at_the_same_time test_asynchronous_takes_about_one_delay test_asynchronous_is_about_n_times_faster

Patched, but spawn(...).join() inside the loop waits for each task before starting the next.
"""
# ruff: noqa: E402
from gevent import monkey

monkey.patch_all()

import time

import gevent


def task(i, delay=0.5):
    time.sleep(delay)
    print(f'Task {i} done')


def synchronous(n=10, delay=0.5):
    for i in range(n):
        task(i, delay)


def asynchronous(n=10, delay=0.5):
    for i in range(n):
        gevent.spawn(task, i, delay).join()
    print('DONE')
