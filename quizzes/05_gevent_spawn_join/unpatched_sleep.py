import time

import gevent


def read(name):
    print(name, "opens")
    time.sleep(0.1)
    print(name, "closes")


a = gevent.spawn(read, "A")
b = gevent.spawn(read, "B")
gevent.joinall([a, b])
