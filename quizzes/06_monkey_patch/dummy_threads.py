# ruff: noqa: E402 - the imports below must come after the patch
from gevent import monkey

monkey.patch_all()

import threading

import gevent


def who():
    print(threading.current_thread().name)


gevent.joinall([gevent.spawn(who), gevent.spawn(who)])
print(threading.current_thread().name)
