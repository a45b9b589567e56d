"""fails: test_asynchronous_tasks_sleep_at_the_same_time test_asynchronous_takes_about_one_delay test_asynchronous_is_about_n_times_faster

Forgot to patch while calling time.sleep: each sleep blocks the thread, "asynchronous" is serial.
"""

import time

import gevent


def task(i, delay=0.5):
    time.sleep(delay)
    print(f'Task {i} done')


def synchronous(n=10, delay=0.5):
    for i in range(n):
        task(i, delay)


def asynchronous(n=10, delay=0.5):
    gevent.joinall([gevent.spawn(task, i, delay) for i in range(n)])
    print('DONE')
