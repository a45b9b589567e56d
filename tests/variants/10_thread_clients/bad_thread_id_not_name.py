"""fails: test_messages_carry_thread_names test_client_sends_messages_named_after_its_thread

Puts the thread's numeric id in the message instead of its name.
"""
import socket
import threading


def client(ip, port, count):
    replies = []
    with socket.create_connection((ip, port)) as c:
        for i in range(count):
            c.sendall(f"{threading.get_ident()} say hello {i}".encode())
            replies.append(c.recv(1024).decode())
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
