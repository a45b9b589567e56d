import gevent


def task(i):
    gevent.sleep(0.3)
    return i


for i in range(5):
    gevent.spawn(task, i).join()
print("all done")
