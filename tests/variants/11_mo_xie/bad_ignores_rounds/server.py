"""fails: test_server_stops_after_rounds test_client_returns_after_rounds

The lesson's loops, word for word: rounds is accepted and ignored, so neither side ever stops.
"""
from gevent import monkey

monkey.patch_all()

import socket  # noqa: E402

import gevent  # noqa: E402


def async_talk(conn):
    try:
        while True:
            conn.send(b'hello')
            ret = conn.recv(1024)
            print(ret)
    finally:
        conn.close()


def serve(ip, port, rounds=None):
    sk = socket.socket()
    sk.bind((ip, port))
    sk.listen()
    while True:
        con, adr = sk.accept()
        gevent.spawn(async_talk, con)
