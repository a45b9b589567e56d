"""A right answer written differently: no patch, the task sleeps with gevent.sleep; a Pool runs them."""

import gevent
from gevent.pool import Pool


def task(i, delay=0.5):
    gevent.sleep(delay)
    print(f'Task {i} done')


def synchronous(n=10, delay=0.5):
    for i in range(n):
        task(i, delay)


def asynchronous(n=10, delay=0.5):
    pool = Pool()
    for i in range(n):
        pool.spawn(task, i, delay)
    pool.join()
    print('DONE')
