"""fails: test_asynchronous_prints_every_task_then_done

Prints DONE before waiting: the tasks finish after it.
"""

import gevent


def task(i, delay=0.5):
    gevent.sleep(delay)
    print(f'Task {i} done')


def synchronous(n=10, delay=0.5):
    for i in range(n):
        task(i, delay)


def asynchronous(n=10, delay=0.5):
    greenlets = [gevent.spawn(task, i, delay) for i in range(n)]
    print('DONE')
    gevent.joinall(greenlets)
