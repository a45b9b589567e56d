import time

import gevent


def task(i):
    time.sleep(0.3)
    print("task", i, "done")


def asynchronous(n):
    gevent.joinall([gevent.spawn(task, i) for i in range(n)])


asynchronous(5)
