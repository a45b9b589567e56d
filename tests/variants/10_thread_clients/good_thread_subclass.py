"""A Thread subclass keeps its replies; the lesson's socket.socket() + connect, getName kept."""
import socket
from threading import Thread, current_thread


def client(ip, port, count):
    c = socket.socket()
    c.connect((ip, port))
    replies = []
    try:
        for i in range(count):
            c.send(f"{current_thread().name} say hello {i}".encode())
            replies.append(c.recv(1024).decode('utf-8'))
    finally:
        c.close()
    return replies


class Client(Thread):
    def __init__(self, ip, port, count):
        super().__init__()
        self.args, self.replies = (ip, port, count), None

    def run(self):
        self.replies = client(*self.args)


def run_clients(ip, port, n_threads=500, count=1):
    threads = [Client(ip, port, count) for _ in range(n_threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {t.name: t.replies for t in threads}
