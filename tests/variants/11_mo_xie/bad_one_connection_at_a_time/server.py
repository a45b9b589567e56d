"""fails: test_server_serves_500_clients_at_once

Calls the handler instead of spawning it: one connection at a time.
"""
from gevent import monkey

monkey.patch_all()

import socket  # noqa: E402


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
        async_talk(conn, rounds)
