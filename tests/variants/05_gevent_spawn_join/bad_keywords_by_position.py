"""fails: test_spawn_with_args_runs_add_in_a_greenlet

gevent.spawn(add, 1, 2, 3, 4, 5): the value is 15 too, but x and y were not handed to spawn as
keyword arguments.
"""

import time

import gevent


def add(a, b, c, x=0, y=0):
    return a + b + c + x + y


def spawn_with_args():
    g = gevent.spawn(add, 1, 2, 3, 4, 5)
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
        gevent.sleep(delay)
        print('eating2')

    def play():
        print('playing1')
        gevent.sleep(delay)
        print('playing2')

    gevent.joinall([gevent.spawn(eat), gevent.spawn(play)])
