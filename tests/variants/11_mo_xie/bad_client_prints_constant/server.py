"""fails: test_client_prints_each_hello_decoded

The client prints the word it expects, 'hello', instead of what it got: right against the
lesson's server, wrong against any other text.
"""
from gevent import monkey

monkey.patch_all()

import socket  # noqa: E402

import gevent  # noqa: E402


def async_talk(conn, rounds):
    n = 0
    try:
        while rounds is None or n < rounds:
            conn.send(b"hello")
            ret = conn.recv(1024)
            if not ret:
                break
            print(ret)
            n += 1
    finally:
        conn.close()


def serve(ip, port, rounds=None):
    sk = socket.socket()
    sk.bind((ip, port))
    sk.listen()
    while True:
        conn, _ = sk.accept()
        gevent.spawn(async_talk, conn, rounds)
