from time import sleep

import gevent
from gevent import monkey

monkey.patch_all()


def nap(i):
    sleep(0.3)
    return i


gevent.joinall([gevent.spawn(nap, i) for i in range(5)])
print("woke up")
