"""fails: test_run_cooperative_interleaves_the_greenlets test_run_cooperative_takes_about_one_delay

run_cooperative sleeps with the unpatched time.sleep, which never yields: still blocking.
"""

import time

import gevent


def add(a, b, c, x=0, y=0):
    return a + b + c + x + y


def spawn_with_args():
    g = gevent.spawn(add, 1, 2, 3, x=4, y=5)
    g.join()
    return g.value


def run_all(func, arg_tuples):
    greenlets = [gevent.spawn(func, *args) for args in arg_tuples]
    gevent.joinall(greenlets)
    return [g.value for g in greenlets]


def run_blocking(delay=1.0):
    def eat():
        print('eating1')
        time.sleep(delay)
        print('eating2')

    def play():
        print('playing1')
        time.sleep(delay)
        print('playing2')

    gevent.joinall([gevent.spawn(eat), gevent.spawn(play)])


def run_cooperative(delay=1.0):
    def eat():
        print('eating1')
        time.sleep(delay)
        print('eating2')

    def play():
        print('playing1')
        time.sleep(delay)
        print('playing2')

    gevent.joinall([gevent.spawn(eat), gevent.spawn(play)])
