"""fails: test_asynchronous_tasks_sleep_at_the_same_time

Sleeps once in the main greenlet, then spawns n greenlets that only print: each line comes from
a greenlet of its own, in about delay, but the tasks never slept, let alone at the same time.
"""

import gevent


def task(i, delay=0.5):
    gevent.sleep(delay)
    print(f'Task {i} done')


def synchronous(n=10, delay=0.5):
    for i in range(n):
        task(i, delay)


def asynchronous(n=10, delay=0.5):
    gevent.sleep(delay)
    gevent.joinall([gevent.spawn(print, f'Task {i} done') for i in range(n)])
    print('DONE')
