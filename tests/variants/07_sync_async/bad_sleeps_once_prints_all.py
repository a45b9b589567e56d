"""fails: test_asynchronous_runs_each_task_in_its_own_greenlet test_asynchronous_tasks_sleep_at_the_same_time

Sleeps once, then prints every task's line and DONE: the right lines in about delay, but no
greenlet ever ran a task.
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
    for i in range(n):
        print(f'Task {i} done')
    print('DONE')
