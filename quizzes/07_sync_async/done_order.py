import gevent


def task(i):
    gevent.sleep(0.1)
    print("task", i, "done")


def asynchronous(n):
    gevent.joinall([gevent.spawn(task, i) for i in range(n)])
    print("DONE")


print("start")
asynchronous(3)
