"""A right answer written differently: Greenlet objects, a Group, and join() on each after all started."""

import time

from gevent import Greenlet, sleep
from gevent.pool import Group


def add(a, b, c, x=0, y=0):
    return sum((a, b, c, x, y))


def spawn_with_args():
    g = Greenlet(add, 1, 2, 3, x=4, y=5)
    g.start()
    return g.get()


def run_all(func, arg_tuples):
    group = Group()
    greenlets = [group.spawn(func, *args) for args in arg_tuples]
    group.join()
    return [g.value for g in greenlets]


def _pair(nap, delay):
    def eat():
        print('eating1')
        nap(delay)
        print('eating2')

    def play():
        print('playing1')
        nap(delay)
        print('playing2')

    started = [Greenlet.spawn(eat), Greenlet.spawn(play)]
    for g in started:  # joined one by one, but only after both were spawned
        g.join()


def run_blocking(delay=1.0):
    _pair(time.sleep, delay)


def run_cooperative(delay=1.0):
    _pair(sleep, delay)
