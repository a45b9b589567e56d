"""fails: test_each_thread_has_its_own_socket

The socket lives outside client(), so every thread talks over the one connection the first
thread opened: the lesson's warning, made real.
"""
import socket
import threading

_sock = None
_lock = threading.Lock()


def client(ip, port, count):
    global _sock
    with _lock:
        if _sock is None:
            _sock = socket.create_connection((ip, port))
    replies = []
    for i in range(count):
        _sock.send(f"{threading.current_thread().name} say hello {i}".encode())
        replies.append(_sock.recv(1024).decode())
    return replies


def run_clients(ip, port, n_threads=500, count=1):
    results = {}

    def work():
        results[threading.current_thread().name] = client(ip, port, count)

    threads = [threading.Thread(target=work) for _ in range(n_threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results
