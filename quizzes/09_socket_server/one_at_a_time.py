# ruff: noqa: E402 - the imports below must come after the patch
from gevent import monkey

monkey.patch_all()

import socket

import gevent


def serve(server, clients):
    for _ in range(clients):
        conn, _ = server.accept()
        print("serving", conn.recv(1024).decode())
        while conn.recv(1024):
            pass
        print("done")
        conn.close()


def client(name, after):
    gevent.sleep(after)
    with socket.create_connection(server.getsockname()) as c:
        c.send(name.encode())
        gevent.sleep(0.1)


server = socket.create_server(("127.0.0.1", 0))
gevent.joinall([gevent.spawn(serve, server, 2), gevent.spawn(client, "A", 0), gevent.spawn(client, "B", 0.02)])
