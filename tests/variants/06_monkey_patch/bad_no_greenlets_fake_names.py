"""fails: test_names_are_those_seen_in_the_greenlets

No greenlet at all: the lines come out in the expected order around two sleeps, in 2*delay, and
the names are written down in advance.
"""

# ruff: noqa: E402
from gevent import monkey

monkey.patch_all()

import time


def main(delay=1.0):
    print('eat food 1')
    print('play 1')
    time.sleep(delay)
    print('play 2')
    time.sleep(delay)
    print('eat food 2')
    print('主')
    return ['Dummy-1', 'Dummy-2']
