"""fails: test_run_all_returns_values_in_input_order

Collects each value when its greenlet finishes: the fastest call comes first, not the first given.
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
    values = []
    greenlets = [gevent.spawn(func, *args) for args in arg_tuples]
    for g in greenlets:
        g.link_value(lambda done: values.append(done.value))
    gevent.joinall(greenlets)
    gevent.sleep(0)  # let the links run
    return values


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
