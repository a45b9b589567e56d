"""fails: test_eat_and_play_run_in_two_greenlets

No greenlet at all: the lines are printed in the expected order around plain sleeps, with the
expected timing, but nothing was spawned.
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
    print('eating1')
    time.sleep(delay)
    print('eating2')
    print('playing1')
    time.sleep(delay)
    print('playing2')


def run_cooperative(delay=1.0):
    print('eating1')
    print('playing1')
    time.sleep(delay)
    print('eating2')
    print('playing2')
