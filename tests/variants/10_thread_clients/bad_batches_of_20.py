"""fails: test_threads_run_at_once

Starts the threads 20 at a time and joins each batch before starting the next: every thread is
joined and at least 20 connections are open together, yet the crowd never runs at once.
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

    threads = [threading.Thread(target=work) for _ in range(n_threads)]
    for start in range(0, n_threads, 20):
        batch = threads[start:start + 20]
        for t in batch:
            t.start()
        for t in batch:
            t.join()
    return results
