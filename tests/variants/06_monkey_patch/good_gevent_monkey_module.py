"""A right answer written differently: `import gevent.monkey` after a docstring and a __future__ import."""

# ruff: noqa: E402, E702, I001 - written as a student might, patch on one line
from __future__ import annotations

# The patch first: it only reaches what is imported after it.
import gevent.monkey; gevent.monkey.patch_all()

import threading
import time

import gevent


def _eat(delay, names):
    names.append(threading.current_thread().name)
    print('eat food 1')
    time.sleep(2 * delay)
    print('eat food 2')


def _play(delay, names):
    names.append(threading.current_thread().name)
    print('play 1')
    time.sleep(delay)
    print('play 2')


def main(delay=1.0):
    names = []
    g1 = gevent.spawn(_eat, delay, names)
    g2 = gevent.spawn(_play, delay, names)
    g1.join()
    g2.join()
    print('主')
    return names
