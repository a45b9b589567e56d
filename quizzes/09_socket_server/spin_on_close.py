# ruff: noqa: E402 - the imports below must come after the patch
from gevent import monkey

monkey.patch_all()

import socket

import gevent


def talk(conn):
    while True:
        data = conn.recv(1024)
        conn.send(data.upper())


def client(port):
    with socket.create_connection(("127.0.0.1", port)) as c:
        c.send(b"hi")
        print(c.recv(1024).decode())


server = socket.create_server(("127.0.0.1", 0))
g = gevent.spawn(client, server.getsockname()[1])
conn, _ = server.accept()
gevent.joinall([g, gevent.spawn(talk, conn)])
print("all done")
