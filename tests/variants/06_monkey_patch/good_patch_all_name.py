"""A right answer written differently: `from gevent.monkey import patch_all`, the lesson's one-liner style."""
# comments before the patch are fine
from gevent.monkey import patch_all

patch_all()

import threading  # noqa: E402
from time import sleep  # noqa: E402 - taken after the patch: the cooperative sleep

from gevent import joinall, spawn  # noqa: E402


def main(delay=1.0):
    names = []

    def worker(first, nap, last):
        names.append(threading.current_thread().name)
        print(first)
        sleep(nap)
        print(last)

    joinall((spawn(worker, 'eat food 1', 2 * delay, 'eat food 2'),
             spawn(worker, 'play 1', delay, 'play 2')))
    print('主')
    return names
