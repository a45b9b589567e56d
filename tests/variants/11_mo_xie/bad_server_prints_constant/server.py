"""fails: test_server_prints_each_reply

The server prints the reply it expects, b'bye', instead of what it got: right against the
lesson's client, wrong against any other reply.
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
            if not conn.recv(1024):
                break
            print(b"bye")
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
