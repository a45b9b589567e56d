"""The handler is bound when server is defined (handler=talk): a check that swapped m.talk after
import would never see it called, yet one thread serves everyone."""
from gevent import monkey

monkey.patch_all()

import socket  # noqa: E402

import gevent  # noqa: E402


def talk(conn, addr):
    try:
        while True:
            data = conn.recv(1024)
            if not data:
                break
            print(addr, data.decode('utf-8', 'replace'))
            conn.sendall(data.upper())
    except OSError as exc:
        print(addr, exc)
    finally:
        conn.close()


def server(ip, port, handler=talk):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((ip, port))
    s.listen(500)
    while True:
        conn, addr = s.accept()
        gevent.spawn(handler, conn, addr)
