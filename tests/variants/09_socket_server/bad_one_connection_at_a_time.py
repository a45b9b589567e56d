"""fails: test_500_clients_are_served_at_once test_every_reply_is_the_message_upper_cased

Calls talk directly instead of spawning it: the next accept waits until this client leaves.
"""
from gevent import monkey

monkey.patch_all()

import socket  # noqa: E402


def talk(conn, addr):
    with conn:
        while True:
            data = conn.recv(1024)
            if not data:
                break
            conn.sendall(data.upper())


def server(ip, port):
    s = socket.socket()
    s.bind((ip, port))
    s.listen()
    while True:
        conn, addr = s.accept()
        talk(conn, addr)
