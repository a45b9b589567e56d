"""fails: test_prints_as_the_sleeps_end test_takes_two_delays_not_three test_patch_comes_before_any_other_import

`from time import sleep` before the patch keeps the original, blocking sleep.
"""

# ruff: noqa: E402
from time import sleep

from gevent import monkey

monkey.patch_all()

import threading

import gevent


def main(delay=1.0):
    names = []

    def eat():
        names.append(threading.current_thread().name)
        print('eat food 1')
        sleep(2 * delay)
        print('eat food 2')

    def play():
        names.append(threading.current_thread().name)
        print('play 1')
        sleep(delay)
        print('play 2')

    gevent.joinall([gevent.spawn(eat), gevent.spawn(play)])
    print('主')
    return names
