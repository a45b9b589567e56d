"""fails: test_threads_run_at_once

Joins each thread right after starting it: the clients run one after another.
"""
import socket
import threading


def client(ip, port, count):
    name = threading.current_thread().name
    replies = []
    with socket.create_connection((ip, port)) as c:
        for i in range(count):
            c.sendall(f"{name} say hello {i}".encode())
            replies.append(c.recv(1024).decode())
    return replies


def run_clients(ip, port, n_threads=500, count=1):
    results = {}

    def work():
        results[threading.current_thread().name] = client(ip, port, count)

    for _ in range(n_threads):
        t = threading.Thread(target=work)
        t.start()
        t.join()
    return results
