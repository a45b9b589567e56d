"""fails: test_run_all_runs_every_call_at_once test_run_all_takes_about_the_longest_call

spawn(...).join() inside the loop: each call is waited for before the next starts, serial again.
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
    for args in arg_tuples:
        g = gevent.spawn(func, *args)
        g.join()
        values.append(g.value)
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
