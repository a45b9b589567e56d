# ruff: noqa: E402 - the imports below must come after the patch
from gevent import monkey

monkey.patch_all()

import time

import gevent


def read(name):
    print(name, "opens")
    time.sleep(0.1)
    print(name, "closes")


gevent.joinall([gevent.spawn(read, "A"), gevent.spawn(read, "B")])
