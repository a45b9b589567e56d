"""fails: test_talk_prints_each_message

Echoes correctly but never prints what it got.
"""
from gevent import monkey

monkey.patch_all()

import socket  # noqa: E402

import gevent  # noqa: E402


def talk(conn, addr):
    with conn:
        try:
            while data := conn.recv(1024):
                conn.sendall(data.upper())
        except OSError:
            pass


def server(ip, port):
    s = socket.socket()
    s.bind((ip, port))
    s.listen()
    while True:
        conn, addr = s.accept()
        gevent.spawn(talk, conn, addr)
