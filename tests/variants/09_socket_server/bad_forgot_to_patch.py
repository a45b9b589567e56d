"""fails: test_500_clients_are_served_at_once

Spawns a greenlet per connection but never patches: accept is the real, blocking one, so the
spawned greenlets never get a turn.
"""
import socket

import gevent


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
        gevent.spawn(talk, conn, addr)
